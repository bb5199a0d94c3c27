/*
 * rump_syscalls.h: the kernel's system calls, with the host's types,
 * flags and errno values (the wrappers translate).  Each returns what
 * the host's call of the same name returns, and sets errno on failure.
 */
#ifndef RUMP_RUMP_SYSCALLS_H
#define RUMP_RUMP_SYSCALLS_H

#include <sys/types.h>
#include <sys/time.h>
#include <stddef.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

pid_t rump_sys_getpid(void);
pid_t rump_sys_getppid(void);
uid_t rump_sys_getuid(void);
uid_t rump_sys_geteuid(void);
gid_t rump_sys_getgid(void);
gid_t rump_sys_getegid(void);
int rump_sys_setuid(uid_t);
int rump_sys_seteuid(uid_t);
int rump_sys_setgid(gid_t);
int rump_sys_setegid(gid_t);
int rump_sys_setreuid(uid_t, uid_t);
int rump_sys_setregid(gid_t, gid_t);
int rump_sys_getgroups(int, gid_t *);
int rump_sys_setgroups(int, const gid_t *);

int rump_sys_clock_gettime(clockid_t, struct timespec *);
int rump_sys_clock_getres(clockid_t, struct timespec *);
int rump_sys_gettimeofday(struct timeval *, void *);
int rump_sys_nanosleep(const struct timespec *, struct timespec *);

/* sysctl by number path; values are in the kernel ABI (rumpdefs.h). */
int rump_sys___sysctl(const int *name, unsigned namelen, void *oldp,
    size_t *oldlenp, const void *newp, size_t newlen);
/* sysctl by dotted name ("kern.hostname"). */
int rump_sys_sysctlbyname(const char *name, void *oldp, size_t *oldlenp,
    const void *newp, size_t newlen);

/* Halt the kernel (howto: RUMP_RB_* flags) and return 0. */
int rump_sys_reboot(int howto, char *bootstr);

#ifdef __cplusplus
}
#endif

#endif /* RUMP_RUMP_SYSCALLS_H */
