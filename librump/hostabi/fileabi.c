/*
 * fileabi.c: the host's file flags, modes and structures to the
 * kernel's and back, for every faction's file calls (open flags,
 * fcntl locks, struct stat, device numbers, poll events, iovecs).
 */
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <rump/rumpdefs.h>
#include <rump/rumpuser.h>
#include "hostabi.h"

/* Mode bits are the traditional values on both sides. */
_Static_assert(S_IFMT == RUMP_S_IFMT && S_IFDIR == RUMP_S_IFDIR &&
    S_IFREG == RUMP_S_IFREG && S_IFLNK == RUMP_S_IFLNK &&
    S_IFIFO == RUMP_S_IFIFO && S_IFCHR == RUMP_S_IFCHR &&
    S_IFBLK == RUMP_S_IFBLK && S_IFSOCK == RUMP_S_IFSOCK &&
    S_ISUID == RUMP_S_ISUID && S_ISGID == RUMP_S_ISGID &&
    S_ISVTX == RUMP_S_ISVTX, "mode bits differ");

static const struct { int host, kern; } oflag_map[] = {
	{ O_NONBLOCK, RUMP_O_NONBLOCK }, { O_APPEND, RUMP_O_APPEND },
	{ O_SYNC, RUMP_O_SYNC }, { O_NOFOLLOW, RUMP_O_NOFOLLOW },
	{ O_CREAT, RUMP_O_CREAT }, { O_TRUNC, RUMP_O_TRUNC },
	{ O_EXCL, RUMP_O_EXCL }, { O_NOCTTY, RUMP_O_NOCTTY },
	{ O_DSYNC, RUMP_O_DSYNC }, { O_DIRECTORY, RUMP_O_DIRECTORY },
	{ O_CLOEXEC, RUMP_O_CLOEXEC },
};

int
hostabi_oflags_in(int host)
{
	int kern = host & O_ACCMODE;	/* 0, 1, 2 on both sides */

	/* O_SYNC includes O_DSYNC's bit on Linux: test whole masks. */
	for (unsigned i = 0; i < sizeof(oflag_map) / sizeof(oflag_map[0]); i++)
		if ((host & oflag_map[i].host) == oflag_map[i].host)
			kern |= oflag_map[i].kern;
	return kern;
}

int
hostabi_oflags_out(int kern)
{
	int host = kern & RUMP_O_ACCMODE;

	for (unsigned i = 0; i < sizeof(oflag_map) / sizeof(oflag_map[0]); i++)
		if (kern & oflag_map[i].kern)
			host |= oflag_map[i].host;
	return host;
}

/*
 * Device numbers: the kernel keeps major and minor apart; the host
 * packs them its own way (glibc's and musl's encoding on Linux).
 */
uint64_t
hostabi_dev_in(uint64_t d)
{
	uint32_t ma = (uint32_t)(((d >> 32) & 0xfffff000) | ((d >> 8) & 0xfff));
	uint32_t mi = (uint32_t)(((d >> 12) & 0xffffff00) | (d & 0xff));

	return RUMP_MAKEDEV(ma, mi);
}

uint64_t
hostabi_dev_out(uint64_t kd)
{
	uint64_t ma = RUMP_MAJOR(kd), mi = RUMP_MINOR(kd);

	return (((ma & 0xfffff000) << 32) | ((ma & 0xfff) << 8) |
	    ((mi & 0xffffff00) << 12) | (mi & 0xff));
}

void
hostabi_stat_out(const struct rump_stat *ks, struct stat *st)
{
	static const struct stat zero;

	*st = zero;	/* reserved fields too; a copy, not a string store */
	st->st_dev = hostabi_dev_out(ks->st_dev);
	st->st_ino = (ino_t)ks->st_ino;
	st->st_mode = (mode_t)ks->st_mode;
	st->st_nlink = (nlink_t)ks->st_nlink;
	st->st_uid = (uid_t)ks->st_uid;
	st->st_gid = (gid_t)ks->st_gid;
	st->st_rdev = hostabi_dev_out(ks->st_rdev);
	st->st_size = (off_t)ks->st_size;
	st->st_blksize = (blksize_t)ks->st_blksize;
	st->st_blocks = (blkcnt_t)ks->st_blocks;
	st->st_atim.tv_sec = (time_t)ks->st_atim.tv_sec;
	st->st_atim.tv_nsec = (long)ks->st_atim.tv_nsec;
	st->st_mtim.tv_sec = (time_t)ks->st_mtim.tv_sec;
	st->st_mtim.tv_nsec = (long)ks->st_mtim.tv_nsec;
	st->st_ctim.tv_sec = (time_t)ks->st_ctim.tv_sec;
	st->st_ctim.tv_nsec = (long)ks->st_ctim.tv_nsec;
}

static const struct { short host, kern; } poll_map[] = {
	{ POLLIN, RUMP_POLLIN }, { POLLPRI, RUMP_POLLPRI },
	{ POLLOUT, RUMP_POLLOUT }, { POLLERR, RUMP_POLLERR },
	{ POLLHUP, RUMP_POLLHUP }, { POLLNVAL, RUMP_POLLNVAL },
	{ POLLRDNORM, RUMP_POLLRDNORM }, { POLLRDBAND, RUMP_POLLRDBAND },
	{ POLLWRNORM, RUMP_POLLWRNORM }, { POLLWRBAND, RUMP_POLLWRBAND },
};

int
hostabi_pollev_in(int host)
{
	int kern = 0;

	for (unsigned i = 0; i < sizeof(poll_map) / sizeof(poll_map[0]); i++)
		if (host & poll_map[i].host)
			kern |= poll_map[i].kern;
	return kern;
}

int
hostabi_pollev_out(int kern)
{
	int host = 0;

	for (unsigned i = 0; i < sizeof(poll_map) / sizeof(poll_map[0]); i++)
		if (kern & poll_map[i].kern)
			host |= poll_map[i].host;
	return host;
}

int
hostabi_iov_in(const struct iovec *iov, int n, struct rump_iovec *kiov)
{
	if (n < 0 || n > RUMP_IOV_MAX)
		return RUMP_EINVAL;
	if (n > 0 && iov == NULL)
		return RUMP_EFAULT;
	for (int i = 0; i < n; i++) {
		kiov[i].iov_base = (uint64_t)(uintptr_t)iov[i].iov_base;
		kiov[i].iov_len = iov[i].iov_len;
	}
	return 0;
}
