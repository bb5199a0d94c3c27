/*
 * rump_syscalls.h: the kernel's system calls, with the host's types,
 * flags and errno values (the wrappers translate).  Each returns what
 * the host's call of the same name returns, and sets errno on failure.
 */
#ifndef RUMP_RUMP_SYSCALLS_H
#define RUMP_RUMP_SYSCALLS_H

#include <sys/types.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
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

/* Descriptors (any faction's objects). */
ssize_t rump_sys_read(int, void *, size_t);
ssize_t rump_sys_write(int, const void *, size_t);
ssize_t rump_sys_pread(int, void *, size_t, off_t);
ssize_t rump_sys_pwrite(int, const void *, size_t, off_t);
ssize_t rump_sys_readv(int, const struct iovec *, int);
ssize_t rump_sys_writev(int, const struct iovec *, int);
ssize_t rump_sys_preadv(int, const struct iovec *, int, off_t);
ssize_t rump_sys_pwritev(int, const struct iovec *, int, off_t);
off_t rump_sys_lseek(int, off_t, int);
int rump_sys_close(int);
int rump_sys_dup(int);
int rump_sys_dup2(int, int);
int rump_sys_dup3(int, int, int);
int rump_sys_fcntl(int, int, ...);
int rump_sys_flock(int, int);
int rump_sys_fstat(int, struct stat *);
int rump_sys_ioctl(int, unsigned long, ...);

/* Halt the kernel (howto: RUMP_RB_* flags) and return 0. */
int rump_sys_reboot(int howto, char *bootstr);

#ifdef __cplusplus
}
#endif

#endif /* RUMP_RUMP_SYSCALLS_H */
