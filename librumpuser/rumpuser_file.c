/*
 * rumpuser_file.c: synchronous access to host files: open, close, stat,
 * positional vector reads and writes, sync.
 */
#include "rumpuser_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

/* Kernel headers may be missing (musl toolchains): then lseek sizes
 * the device, which Linux supports too. */
#if defined(__linux__) && defined(__has_include)
#if __has_include(<linux/fs.h>)
#include <linux/fs.h>
#include <sys/ioctl.h>
#define RU_BLKGETSIZE64
#endif
#endif

#define RU_OPEN_KNOWN	(RUMPUSER_OPEN_ACCMODE | RUMPUSER_OPEN_CREATE | \
			 RUMPUSER_OPEN_EXCL)

int
rumpuser_open(const char *path, int ruflags, int *fdp)
{
	int flags = O_CLOEXEC, fd, error, unscheduled;

	switch (ruflags & RUMPUSER_OPEN_ACCMODE) {
	case RUMPUSER_OPEN_RDONLY:	flags |= O_RDONLY; break;
	case RUMPUSER_OPEN_WRONLY:	flags |= O_WRONLY; break;
	case RUMPUSER_OPEN_RDWR:	flags |= O_RDWR; break;
	default:			return RUMP_EINVAL;
	}
	if (ruflags & ~RU_OPEN_KNOWN)
		return RUMP_EINVAL;
	if (ruflags & RUMPUSER_OPEN_CREATE)
		flags |= O_CREAT;
	if (ruflags & RUMPUSER_OPEN_EXCL)
		flags |= O_EXCL;

	unscheduled = ru_unsched();
	while ((fd = open(path, flags, 0644)) < 0 && errno == EINTR)
		continue;
	error = fd < 0 ? errno : 0;
	ru_resched(unscheduled);
	if (error != 0)
		return ru_errno_to_kernel(error);
	*fdp = fd;
	return 0;
}

int
rumpuser_close(int fd)
{
	int error = 0;

	/* No retry on EINTR: the descriptor is gone whatever it says. */
	RU_BLOCKING(error = close(fd) == 0 || errno == EINTR ? 0 : errno);
	return error == 0 ? 0 : ru_errno_to_kernel(error);
}

/* Capacity of block device path, which stat sizes as 0. */
static int
ru_blksize(const char *path, rumpuser_uint64_t *sizep)
{
	int fd, error = 0;
#ifdef RU_BLKGETSIZE64
	uint64_t size;
#else
	off_t size;
#endif

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return errno;
#ifdef RU_BLKGETSIZE64
	if (ioctl(fd, BLKGETSIZE64, &size) != 0)
		error = errno;
#else
	if ((size = lseek(fd, 0, SEEK_END)) < 0)
		error = errno;
#endif
	close(fd);
	if (error == 0)
		*sizep = (rumpuser_uint64_t)size;
	return error;
}

int
rumpuser_getfileinfo(const char *path, rumpuser_uint64_t *sizep, int *typep)
{
	struct stat st;
	rumpuser_uint64_t size = 0;
	int type, error = 0, unscheduled;

	unscheduled = ru_unsched();
	if (stat(path, &st) != 0)
		error = errno;
	else if (S_ISBLK(st.st_mode) && sizep != NULL)
		error = ru_blksize(path, &size);
	else
		size = (rumpuser_uint64_t)st.st_size;
	ru_resched(unscheduled);
	if (error != 0)
		return ru_errno_to_kernel(error);

	if (S_ISDIR(st.st_mode))
		type = RUMPUSER_FT_DIR;
	else if (S_ISREG(st.st_mode))
		type = RUMPUSER_FT_REG;
	else if (S_ISBLK(st.st_mode))
		type = RUMPUSER_FT_BLK;
	else if (S_ISCHR(st.st_mode))
		type = RUMPUSER_FT_CHR;
	else
		type = RUMPUSER_FT_OTHER;
	if (sizep != NULL)
		*sizep = size;
	if (typep != NULL)
		*typep = type;
	return 0;
}

/* Host iovecs per system call: small enough for the stack, and far
 * below any host's IOV_MAX. */
#define RU_IOVWIN	64

/*
 * preadv/pwritev until all of iov has moved, end of file, or an error.
 * The host error, or 0; *donep gets the bytes moved either way.
 */
static int
ru_iovio(int fd, const struct rumpuser_iovec *iov, size_t iovlen,
    rumpuser_int64_t off, int wr, size_t *donep)
{
	struct iovec hv[RU_IOVWIN];
	size_t i = 0, skip = 0, done = 0, j, s, left;
	ssize_t n;
	int nhv, error = 0;

	/* (i, skip): the element and the byte in it where we are. */
	while (i < iovlen) {
		for (nhv = 0, j = i, s = skip; j < iovlen && nhv < RU_IOVWIN;
		    j++, s = 0) {
			if (iov[j].iov_len == s)
				continue;
			hv[nhv].iov_base = (char *)iov[j].iov_base + s;
			hv[nhv].iov_len = iov[j].iov_len - s;
			nhv++;
		}
		if (nhv == 0)
			break;
		n = wr ? pwritev(fd, hv, nhv, (off_t)(off + done)) :
		    preadv(fd, hv, nhv, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error = errno;
			break;
		}
		if (n == 0) {
			/* End of file; a write that moves nothing would
			 * loop forever. */
			if (wr)
				error = EIO;
			break;
		}
		done += (size_t)n;
		for (; n > 0; i++, skip = 0) {
			left = iov[i].iov_len - skip;
			if ((size_t)n < left) {
				skip += (size_t)n;
				break;
			}
			n -= (ssize_t)left;
		}
	}
	*donep = done;
	return error;
}

int
rumpuser_iovread(int fd, struct rumpuser_iovec *iov, rumpuser_size_t iovlen,
    rumpuser_int64_t off, rumpuser_size_t *retp)
{
	size_t done;
	int error;

	RU_BLOCKING(error = ru_iovio(fd, iov, iovlen, off, 0, &done));
	*retp = done;
	return error == 0 ? 0 : ru_errno_to_kernel(error);
}

int
rumpuser_iovwrite(int fd, const struct rumpuser_iovec *iov,
    rumpuser_size_t iovlen, rumpuser_int64_t off, rumpuser_size_t *retp)
{
	size_t done;
	int error;

	RU_BLOCKING(error = ru_iovio(fd, iov, iovlen, off, 1, &done));
	*retp = done;
	return error == 0 ? 0 : ru_errno_to_kernel(error);
}

int
rumpuser_syncfd(int fd)
{
	int error, unscheduled;

	unscheduled = ru_unsched();
	while ((error = fsync(fd) == 0 ? 0 : errno) == EINTR)
		continue;
	ru_resched(unscheduled);
	return error == 0 ? 0 : ru_errno_to_kernel(error);
}
