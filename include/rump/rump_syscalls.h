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
#include <poll.h>
#include <signal.h>
#include <sys/select.h>

struct timespec;	/* not declared by <time.h> under a strict -std=c99 */
struct timeval;

/*
 * The wrappers take the program's off_t, time_t, struct timespec and
 * struct timeval, and the libraries are built with 64-bit ones.  On a
 * 32-bit host, compile with -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64
 * (pkg-config --cflags rump has them): a program built with narrower
 * types stops here instead of passing the wrong layouts.
 */
#ifdef __cplusplus
static_assert(sizeof(off_t) == 8 && sizeof(time_t) == 8,
    "rump: compile with -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64");
#else
_Static_assert(sizeof(off_t) == 8 && sizeof(time_t) == 8,
    "rump: compile with -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64");
#endif

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

/* Pipes, and waiting on descriptors.  select takes nd <= FD_SETSIZE;
 * poll and ppoll at most 4096 descriptors (else EINVAL).  ppoll's
 * signal mask is ignored: the kernel only records signals. */
int rump_sys_pipe(int[2]);
int rump_sys_pipe2(int[2], int);
int rump_sys_poll(struct pollfd *, nfds_t, int);
int rump_sys_ppoll(struct pollfd *, nfds_t, const struct timespec *,
    const sigset_t *);
int rump_sys_select(int, fd_set *, fd_set *, fd_set *, struct timeval *);

/* Files and directories (librumpvfs).  Mount flags are RUMP_MNT_*
 * (rumpdefs.h); each file system's arguments are in its own header
 * (rump/tmpfs.h).  rump_sys___getcwd returns the length with the NUL. */
int rump_sys_open(const char *, int, ...);
int rump_sys_openat(int, const char *, int, ...);
int rump_sys_creat(const char *, mode_t);
int rump_sys_stat(const char *, struct stat *);
int rump_sys_lstat(const char *, struct stat *);
int rump_sys_fstatat(int, const char *, struct stat *, int);
int rump_sys_access(const char *, int);
int rump_sys_faccessat(int, const char *, int, int);
int rump_sys_mkdir(const char *, mode_t);
int rump_sys_mkdirat(int, const char *, mode_t);
int rump_sys_mknod(const char *, mode_t, dev_t);
int rump_sys_mknodat(int, const char *, mode_t, dev_t);
int rump_sys_mkfifo(const char *, mode_t);
int rump_sys_mkfifoat(int, const char *, mode_t);
int rump_sys_rmdir(const char *);
int rump_sys_unlink(const char *);
int rump_sys_unlinkat(int, const char *, int);
int rump_sys_rename(const char *, const char *);
int rump_sys_renameat(int, const char *, int, const char *);
int rump_sys_link(const char *, const char *);
int rump_sys_linkat(int, const char *, int, const char *, int);
int rump_sys_symlink(const char *, const char *);
int rump_sys_symlinkat(const char *, int, const char *);
ssize_t rump_sys_readlink(const char *, char *, size_t);
ssize_t rump_sys_readlinkat(int, const char *, char *, size_t);
int rump_sys_chmod(const char *, mode_t);
int rump_sys_lchmod(const char *, mode_t);
int rump_sys_fchmod(int, mode_t);
int rump_sys_fchmodat(int, const char *, mode_t, int);
int rump_sys_chown(const char *, uid_t, gid_t);
int rump_sys_lchown(const char *, uid_t, gid_t);
int rump_sys_fchown(int, uid_t, gid_t);
int rump_sys_fchownat(int, const char *, uid_t, gid_t, int);
/* (Two-element arrays, passed as pointers: the structures may be
 * incomplete here under a strict -std=c99.) */
int rump_sys_utimes(const char *, const struct timeval *);
int rump_sys_utimensat(int, const char *, const struct timespec *, int);
int rump_sys_futimens(int, const struct timespec *);
int rump_sys_truncate(const char *, off_t);
int rump_sys_ftruncate(int, off_t);
int rump_sys_fsync(int);
int rump_sys_fdatasync(int);
void rump_sys_sync(void);
ssize_t rump_sys_getdents(int, void *, size_t);
int rump_sys_chdir(const char *);
int rump_sys_fchdir(int);
int rump_sys_chroot(const char *);
mode_t rump_sys_umask(mode_t);
int rump_sys___getcwd(char *, size_t);
int rump_sys_mount(const char *type, const char *dir, int flags, void *data,
    size_t datalen);
int rump_sys_unmount(const char *dir, int flags);
int rump_sys_statvfs(const char *, struct statvfs *);
int rump_sys_fstatvfs(int, struct statvfs *);

/* Halt the kernel (howto: RUMP_RB_* flags) and return 0. */
int rump_sys_reboot(int howto, char *bootstr);

#ifdef __cplusplus
}
#endif

#endif /* RUMP_RUMP_SYSCALLS_H */
