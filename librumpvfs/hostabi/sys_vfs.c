/*
 * sys_vfs.c: rump_sys_* for the VFS's calls, with the host's flags,
 * constants and structures (open flags, AT_* flags, struct stat,
 * struct statvfs, directory entries) translated to the kernel's.
 * Calls without an "at" form use the "at" form with AT_FDCWD.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <rump/rump_syscalls.h>
#include <rump/rump_syscallnum.h>
#include <rump/rumpuser.h>
#include "../../librump/hostabi/hostabi.h"

_Static_assert(offsetof(struct dirent, d_name) <=
    offsetof(struct rump_dirent, d_name), "host dirent header is larger");

/* The host's dirfd to the kernel's. */
static uint64_t
dirfd_in(int fd)
{
	return INT(fd == AT_FDCWD ? RUMP_AT_FDCWD : fd);
}

/* AT_* flags, each call naming those it takes (on Linux AT_EACCESS and
 * AT_REMOVEDIR share a value); -1 for anything else. */
#define AF_NOFOLLOW	0x01
#define AF_FOLLOW	0x02
#define AF_REMOVEDIR	0x04
#define AF_EACCESS	0x08
#define AF_EMPTY	0x10
#define AF_NOAUTOMOUNT	0x20	/* nothing here automounts: accepted, dropped */

static int
atflags_in(int host, int takes)
{
	int kern = 0;

	if ((takes & AF_NOFOLLOW) && (host & AT_SYMLINK_NOFOLLOW)) {
		kern |= RUMP_AT_SYMLINK_NOFOLLOW;
		host &= ~AT_SYMLINK_NOFOLLOW;
	}
	if ((takes & AF_FOLLOW) && (host & AT_SYMLINK_FOLLOW)) {
		kern |= RUMP_AT_SYMLINK_FOLLOW;
		host &= ~AT_SYMLINK_FOLLOW;
	}
	if ((takes & AF_REMOVEDIR) && (host & AT_REMOVEDIR)) {
		kern |= RUMP_AT_REMOVEDIR;
		host &= ~AT_REMOVEDIR;
	}
	if ((takes & AF_EACCESS) && (host & AT_EACCESS)) {
		kern |= RUMP_AT_EACCESS;
		host &= ~AT_EACCESS;
	}
	if ((takes & AF_EMPTY) && (host & AT_EMPTY_PATH)) {
		kern |= RUMP_AT_EMPTY_PATH;
		host &= ~AT_EMPTY_PATH;
	}
#ifdef AT_NO_AUTOMOUNT
	if (takes & AF_NOAUTOMOUNT)
		host &= ~AT_NO_AUTOMOUNT;
#endif
	return host == 0 ? kern : -1;
}

int
rump_sys_openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	/* Host flags the kernel has no counterpart for fail rather than
	 * being dropped: unnamed files, and descriptors that only name. */
#ifdef O_TMPFILE
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return FAIL(RUMP_EOPNOTSUPP);
#endif
#ifdef O_PATH
	if (flags & O_PATH)
		return FAIL(RUMP_EINVAL);
#endif
	return (int)SYSCALL4(RUMP_SYS_openat, dirfd_in(dirfd), PTR(path),
	    INT(hostabi_oflags_in(flags)), mode);
}

int
rump_sys_open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return rump_sys_openat(AT_FDCWD, path, flags, mode);
}

int
rump_sys_creat(const char *path, mode_t mode)
{
	return rump_sys_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

int
rump_sys_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	int kf = atflags_in(flags, AF_NOFOLLOW | AF_EMPTY | AF_NOAUTOMOUNT);
	struct rump_stat ks;

	if (kf < 0)
		return FAIL(RUMP_EINVAL);
	if (st == NULL)
		return FAIL(RUMP_EFAULT);
	if (SYSCALL4(RUMP_SYS_fstatat, dirfd_in(dirfd), PTR(path), PTR(&ks),
	    INT(kf)) == -1)
		return -1;
	hostabi_stat_out(&ks, st);
	return 0;
}

int
rump_sys_stat(const char *path, struct stat *st)
{
	return rump_sys_fstatat(AT_FDCWD, path, st, 0);
}

int
rump_sys_lstat(const char *path, struct stat *st)
{
	return rump_sys_fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

int
rump_sys_faccessat(int dirfd, const char *path, int mode, int flags)
{
	int kf = atflags_in(flags, AF_NOFOLLOW | AF_EACCESS | AF_EMPTY);
	int km = 0;

	if (kf < 0 || (mode & ~(R_OK | W_OK | X_OK)))
		return FAIL(RUMP_EINVAL);
	km |= (mode & R_OK) ? RUMP_R_OK : 0;
	km |= (mode & W_OK) ? RUMP_W_OK : 0;
	km |= (mode & X_OK) ? RUMP_X_OK : 0;
	return (int)SYSCALL4(RUMP_SYS_faccessat, dirfd_in(dirfd), PTR(path),
	    INT(km), INT(kf));
}

int
rump_sys_access(const char *path, int mode)
{
	return rump_sys_faccessat(AT_FDCWD, path, mode, 0);
}

int
rump_sys_mkdirat(int dirfd, const char *path, mode_t mode)
{
	return (int)SYSCALL3(RUMP_SYS_mkdirat, dirfd_in(dirfd), PTR(path), mode);
}

int
rump_sys_mkdir(const char *path, mode_t mode)
{
	return rump_sys_mkdirat(AT_FDCWD, path, mode);
}

int
rump_sys_mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	return (int)SYSCALL4(RUMP_SYS_mknodat, dirfd_in(dirfd), PTR(path), mode,
	    hostabi_dev_in((uint64_t)dev));
}

int
rump_sys_mknod(const char *path, mode_t mode, dev_t dev)
{
	return rump_sys_mknodat(AT_FDCWD, path, mode, dev);
}

int
rump_sys_mkfifoat(int dirfd, const char *path, mode_t mode)
{
	return (int)SYSCALL3(RUMP_SYS_mkfifoat, dirfd_in(dirfd), PTR(path), mode);
}

int
rump_sys_mkfifo(const char *path, mode_t mode)
{
	return rump_sys_mkfifoat(AT_FDCWD, path, mode);
}

int
rump_sys_unlinkat(int dirfd, const char *path, int flags)
{
	int kf = atflags_in(flags, AF_REMOVEDIR);

	if (kf < 0)
		return FAIL(RUMP_EINVAL);
	return (int)SYSCALL3(RUMP_SYS_unlinkat, dirfd_in(dirfd), PTR(path),
	    INT(kf));
}

int
rump_sys_unlink(const char *path)
{
	return rump_sys_unlinkat(AT_FDCWD, path, 0);
}

int
rump_sys_rmdir(const char *path)
{
	return rump_sys_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

int
rump_sys_renameat(int fromfd, const char *from, int tofd, const char *to)
{
	return (int)SYSCALL4(RUMP_SYS_renameat, dirfd_in(fromfd), PTR(from),
	    dirfd_in(tofd), PTR(to));
}

int
rump_sys_rename(const char *from, const char *to)
{
	return rump_sys_renameat(AT_FDCWD, from, AT_FDCWD, to);
}

int
rump_sys_linkat(int fd1, const char *path1, int fd2, const char *path2,
    int flags)
{
	int kf = atflags_in(flags, AF_FOLLOW | AF_EMPTY);

	if (kf < 0)
		return FAIL(RUMP_EINVAL);
	return (int)SYSCALL5(RUMP_SYS_linkat, dirfd_in(fd1), PTR(path1),
	    dirfd_in(fd2), PTR(path2), INT(kf));
}

int
rump_sys_link(const char *path1, const char *path2)
{
	return rump_sys_linkat(AT_FDCWD, path1, AT_FDCWD, path2, 0);
}

int
rump_sys_symlinkat(const char *target, int dirfd, const char *path)
{
	return (int)SYSCALL3(RUMP_SYS_symlinkat, PTR(target), dirfd_in(dirfd),
	    PTR(path));
}

int
rump_sys_symlink(const char *target, const char *path)
{
	return rump_sys_symlinkat(target, AT_FDCWD, path);
}

ssize_t
rump_sys_readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	return (ssize_t)SYSCALL4(RUMP_SYS_readlinkat, dirfd_in(dirfd), PTR(path),
	    PTR(buf), size);
}

ssize_t
rump_sys_readlink(const char *path, char *buf, size_t size)
{
	return rump_sys_readlinkat(AT_FDCWD, path, buf, size);
}

int
rump_sys_fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	int kf = atflags_in(flags, AF_NOFOLLOW);

	if (kf < 0)
		return FAIL(RUMP_EINVAL);
	return (int)SYSCALL4(RUMP_SYS_fchmodat, dirfd_in(dirfd), PTR(path), mode,
	    INT(kf));
}

int
rump_sys_chmod(const char *path, mode_t mode)
{
	return rump_sys_fchmodat(AT_FDCWD, path, mode, 0);
}

int
rump_sys_lchmod(const char *path, mode_t mode)
{
	return rump_sys_fchmodat(AT_FDCWD, path, mode, AT_SYMLINK_NOFOLLOW);
}

int
rump_sys_fchmod(int fd, mode_t mode)
{
	return (int)SYSCALL2(RUMP_SYS_fchmod, INT(fd), mode);
}

int
rump_sys_fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
	int kf = atflags_in(flags, AF_NOFOLLOW | AF_EMPTY);

	if (kf < 0)
		return FAIL(RUMP_EINVAL);
	return (int)SYSCALL5(RUMP_SYS_fchownat, dirfd_in(dirfd), PTR(path),
	    (uint32_t)uid, (uint32_t)gid, INT(kf));
}

int
rump_sys_chown(const char *path, uid_t uid, gid_t gid)
{
	return rump_sys_fchownat(AT_FDCWD, path, uid, gid, 0);
}

int
rump_sys_lchown(const char *path, uid_t uid, gid_t gid)
{
	return rump_sys_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

int
rump_sys_fchown(int fd, uid_t uid, gid_t gid)
{
	return (int)SYSCALL3(RUMP_SYS_fchown, INT(fd), (uint32_t)uid,
	    (uint32_t)gid);
}

/* Host timespecs to the kernel's; UTIME_NOW and UTIME_OMIT pass. */
static void
times_in(const struct timespec ts[2], struct rump_timespec kts[2])
{
	for (int i = 0; i < 2; i++) {
		kts[i].tv_sec = ts[i].tv_sec;
		kts[i].tv_nsec = ts[i].tv_nsec == UTIME_NOW ? RUMP_UTIME_NOW :
		    ts[i].tv_nsec == UTIME_OMIT ? RUMP_UTIME_OMIT : ts[i].tv_nsec;
	}
}

int
rump_sys_utimensat(int dirfd, const char *path, const struct timespec *ts,
    int flags)
{
	int kf = atflags_in(flags, AF_NOFOLLOW | AF_EMPTY);
	struct rump_timespec kts[2];

	if (kf < 0)
		return FAIL(RUMP_EINVAL);
	if (ts != NULL)
		times_in(ts, kts);
	return (int)SYSCALL4(RUMP_SYS_utimensat, dirfd_in(dirfd), PTR(path),
	    ts != NULL ? PTR(kts) : 0, INT(kf));
}

int
rump_sys_futimens(int fd, const struct timespec *ts)
{
	struct rump_timespec kts[2];

	if (ts != NULL)
		times_in(ts, kts);
	return (int)SYSCALL2(RUMP_SYS_futimens, INT(fd), ts != NULL ? PTR(kts) : 0);
}

int
rump_sys_utimes(const char *path, const struct timeval *tv)
{
	struct rump_timespec kts[2];

	if (tv != NULL) {
		for (int i = 0; i < 2; i++) {
			if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
				return FAIL(RUMP_EINVAL);
			kts[i].tv_sec = tv[i].tv_sec;
			kts[i].tv_nsec = (int64_t)tv[i].tv_usec * 1000;
		}
	}
	return (int)SYSCALL4(RUMP_SYS_utimensat, INT(RUMP_AT_FDCWD), PTR(path),
	    tv != NULL ? PTR(kts) : 0, 0);
}

int
rump_sys_truncate(const char *path, off_t length)
{
	return (int)SYSCALL2(RUMP_SYS_truncate, PTR(path), INT(length));
}

int
rump_sys_ftruncate(int fd, off_t length)
{
	return (int)SYSCALL2(RUMP_SYS_ftruncate, INT(fd), INT(length));
}

int
rump_sys_fsync(int fd)
{
	return (int)SYSCALL1(RUMP_SYS_fsync, INT(fd));
}

int
rump_sys_fdatasync(int fd)
{
	return (int)SYSCALL1(RUMP_SYS_fdatasync, INT(fd));
}

void
rump_sys_sync(void)
{
	(void)SYSCALL0(RUMP_SYS_sync);
}

int
rump_sys_chdir(const char *path)
{
	return (int)SYSCALL1(RUMP_SYS_chdir, PTR(path));
}

int
rump_sys_fchdir(int fd)
{
	return (int)SYSCALL1(RUMP_SYS_fchdir, INT(fd));
}

int
rump_sys_chroot(const char *path)
{
	return (int)SYSCALL1(RUMP_SYS_chroot, PTR(path));
}

mode_t
rump_sys_umask(mode_t mask)
{
	return (mode_t)SYSCALL1(RUMP_SYS_umask, mask & 0777);
}

int
rump_sys___getcwd(char *buf, size_t size)
{
	return (int)SYSCALL2(RUMP_SYS___getcwd, PTR(buf), size);
}

/*
 * Directory entries: the kernel's records become the host's struct
 * dirent in place (the host's header is not larger, record lengths
 * stay), so the caller's buffer holds host records only.
 */
ssize_t
rump_sys_getdents(int fd, void *buf, size_t size)
{
	long long n = SYSCALL3(RUMP_SYS_getdents, INT(fd), PTR(buf), size);
	char *cp = buf;

	if (n < 0)
		return -1;
	for (long long off = 0; off < n;) {
		struct rump_dirent kd;
		struct dirent *hd = (struct dirent *)(void *)(cp + off);
		char *kname = cp + off + offsetof(struct rump_dirent, d_name);

		__builtin_memcpy(&kd, cp + off, offsetof(struct rump_dirent, d_name));
		__builtin_memmove(hd->d_name, kname, __builtin_strlen(kname) + 1u);
		hd->d_ino = (ino_t)kd.d_fileno;
		hd->d_off = (off_t)kd.d_off;
		hd->d_reclen = kd.d_reclen;
		hd->d_type = kd.d_type;
		off += kd.d_reclen;
	}
	return (ssize_t)n;
}

int
rump_sys_mount(const char *type, const char *dir, int flags, void *data,
    size_t datalen)
{
	return (int)SYSCALL5(RUMP_SYS_mount, PTR(type), PTR(dir), INT(flags),
	    PTR(data), datalen);
}

int
rump_sys_unmount(const char *dir, int flags)
{
	return (int)SYSCALL2(RUMP_SYS_unmount, PTR(dir), INT(flags));
}

static const struct { int kern; unsigned long host; } stflag_map[] = {
	{ RUMP_MNT_RDONLY, ST_RDONLY }, { RUMP_MNT_NOSUID, ST_NOSUID },
#ifdef ST_NODEV
	{ RUMP_MNT_NODEV, ST_NODEV }, { RUMP_MNT_NOEXEC, ST_NOEXEC },
	{ RUMP_MNT_SYNCHRONOUS, ST_SYNCHRONOUS },
	{ RUMP_MNT_NOATIME, ST_NOATIME },
#endif
};

static void
statvfs_out(const struct rump_statvfs *ks, struct statvfs *sv)
{
	*sv = (struct statvfs){ 0 };
	sv->f_bsize = ks->f_bsize;
	sv->f_frsize = ks->f_frsize;
	sv->f_blocks = (fsblkcnt_t)ks->f_blocks;
	sv->f_bfree = (fsblkcnt_t)ks->f_bfree;
	sv->f_bavail = (fsblkcnt_t)ks->f_bavail;
	sv->f_files = (fsfilcnt_t)ks->f_files;
	sv->f_ffree = (fsfilcnt_t)ks->f_ffree;
	sv->f_favail = (fsfilcnt_t)ks->f_favail;
	sv->f_fsid = (unsigned long)ks->f_fsid;
	sv->f_namemax = ks->f_namemax;
	for (unsigned i = 0; i < sizeof(stflag_map) / sizeof(stflag_map[0]); i++)
		if (ks->f_flag & (uint64_t)stflag_map[i].kern)
			sv->f_flag |= stflag_map[i].host;
}

int
rump_sys_statvfs(const char *path, struct statvfs *sv)
{
	struct rump_statvfs statvfs_buf;

	if (sv == NULL)
		return FAIL(RUMP_EFAULT);
	if (SYSCALL3(RUMP_SYS_statvfs1, PTR(path), PTR(&statvfs_buf), 0) == -1)
		return -1;
	statvfs_out(&statvfs_buf, sv);
	return 0;
}

int
rump_sys_fstatvfs(int fd, struct statvfs *sv)
{
	struct rump_statvfs statvfs_buf;

	if (sv == NULL)
		return FAIL(RUMP_EFAULT);
	if (SYSCALL3(RUMP_SYS_fstatvfs1, INT(fd), PTR(&statvfs_buf), 0) == -1)
		return -1;
	statvfs_out(&statvfs_buf, sv);
	return 0;
}
