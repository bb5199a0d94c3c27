/*
 * sys_file.c: rump_sys_* for the core's descriptor calls: read, write
 * and their vector and positional forms, lseek, close, dup, dup2,
 * dup3, fcntl, flock, fstat, ioctl (FIONREAD, FIONBIO, FIOCLEX,
 * FIONCLEX).
 */
#include <fcntl.h>
#include <stdarg.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>		/* SEEK_*: musl's fcntl.h lacks SEEK_DATA */
#include <rump/rump_syscalls.h>
#include <rump/rump_syscallnum.h>
#include <rump/rumpuser.h>
#include "hostabi.h"

ssize_t
rump_sys_read(int fd, void *buf, size_t n)
{
	return (ssize_t)SYSCALL3(RUMP_SYS_read, INT(fd), PTR(buf), n);
}

ssize_t
rump_sys_write(int fd, const void *buf, size_t n)
{
	return (ssize_t)SYSCALL3(RUMP_SYS_write, INT(fd), PTR(buf), n);
}

ssize_t
rump_sys_pread(int fd, void *buf, size_t n, off_t off)
{
	return (ssize_t)SYSCALL4(RUMP_SYS_pread, INT(fd), PTR(buf), n, INT(off));
}

ssize_t
rump_sys_pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return (ssize_t)SYSCALL4(RUMP_SYS_pwrite, INT(fd), PTR(buf), n, INT(off));
}

static ssize_t
vector_call(int num, int fd, const struct iovec *iov, int n, off_t off)
{
	struct rump_iovec kiov[n > 0 && n <= RUMP_IOV_MAX ? n : 1];
	int error;

	if ((error = hostabi_iov_in(iov, n, kiov)) != 0)
		return FAIL(error);
	return (ssize_t)SYSCALL4(num, INT(fd), PTR(kiov), INT(n), INT(off));
}

ssize_t
rump_sys_readv(int fd, const struct iovec *iov, int n)
{
	return vector_call(RUMP_SYS_readv, fd, iov, n, 0);
}

ssize_t
rump_sys_writev(int fd, const struct iovec *iov, int n)
{
	return vector_call(RUMP_SYS_writev, fd, iov, n, 0);
}

ssize_t
rump_sys_preadv(int fd, const struct iovec *iov, int n, off_t off)
{
	return vector_call(RUMP_SYS_preadv, fd, iov, n, off);
}

ssize_t
rump_sys_pwritev(int fd, const struct iovec *iov, int n, off_t off)
{
	return vector_call(RUMP_SYS_pwritev, fd, iov, n, off);
}

off_t
rump_sys_lseek(int fd, off_t off, int whence)
{
	int kw;

	switch (whence) {
	case SEEK_SET: kw = RUMP_SEEK_SET; break;
	case SEEK_CUR: kw = RUMP_SEEK_CUR; break;
	case SEEK_END: kw = RUMP_SEEK_END; break;
#ifdef SEEK_DATA
	case SEEK_DATA: kw = RUMP_SEEK_DATA; break;
	case SEEK_HOLE: kw = RUMP_SEEK_HOLE; break;
#endif
	default: return FAIL(RUMP_EINVAL);
	}
	return (off_t)SYSCALL3(RUMP_SYS_lseek, INT(fd), INT(off), INT(kw));
}

int
rump_sys_close(int fd)
{
	return (int)SYSCALL1(RUMP_SYS_close, INT(fd));
}

int
rump_sys_dup(int fd)
{
	return (int)SYSCALL1(RUMP_SYS_dup, INT(fd));
}

int
rump_sys_dup2(int fd, int newfd)
{
	return (int)SYSCALL2(RUMP_SYS_dup2, INT(fd), INT(newfd));
}

int
rump_sys_dup3(int fd, int newfd, int flags)
{
	if (flags & ~O_CLOEXEC)
		return FAIL(RUMP_EINVAL);
	return (int)SYSCALL3(RUMP_SYS_dup3, INT(fd), INT(newfd),
	    INT(hostabi_oflags_in(flags)));
}

static int
lock_in(const struct flock *fl, struct rump_flock *kfl)
{
	kfl->l_start = fl->l_start;
	kfl->l_len = fl->l_len;
	kfl->l_pid = fl->l_pid;
	switch (fl->l_type) {
	case F_RDLCK: kfl->l_type = RUMP_F_RDLCK; break;
	case F_WRLCK: kfl->l_type = RUMP_F_WRLCK; break;
	case F_UNLCK: kfl->l_type = RUMP_F_UNLCK; break;
	default: return RUMP_EINVAL;
	}
	switch (fl->l_whence) {
	case SEEK_SET: kfl->l_whence = RUMP_SEEK_SET; break;
	case SEEK_CUR: kfl->l_whence = RUMP_SEEK_CUR; break;
	case SEEK_END: kfl->l_whence = RUMP_SEEK_END; break;
	default: return RUMP_EINVAL;
	}
	return 0;
}

static void
lock_out(const struct rump_flock *kfl, struct flock *fl)
{
	/* No lock in the way: the caller's structure stays as it was but
	 * for l_type (POSIX), l_whence included. */
	if (kfl->l_type == RUMP_F_UNLCK) {
		fl->l_type = F_UNLCK;
		return;
	}
	fl->l_start = (off_t)kfl->l_start;
	fl->l_len = (off_t)kfl->l_len;
	fl->l_pid = kfl->l_pid;
	fl->l_whence = SEEK_SET;
	fl->l_type = kfl->l_type == RUMP_F_RDLCK ? F_RDLCK : F_WRLCK;
}

static int
fcntl_lock(int fd, int kcmd, struct flock *fl)
{
	struct rump_flock kfl;
	int error;

	if (fl == NULL)
		return FAIL(RUMP_EFAULT);
	if ((error = lock_in(fl, &kfl)) != 0)
		return FAIL(error);
	if (SYSCALL3(RUMP_SYS_fcntl, INT(fd), INT(kcmd), PTR(&kfl)) == -1)
		return -1;
	if (kcmd == RUMP_F_GETLK)
		lock_out(&kfl, fl);
	return 0;
}

int
rump_sys_fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;
	int r;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	switch (cmd) {
	case F_DUPFD:
		return (int)SYSCALL3(RUMP_SYS_fcntl, INT(fd), RUMP_F_DUPFD, INT(arg));
	case F_DUPFD_CLOEXEC:
		return (int)SYSCALL3(RUMP_SYS_fcntl, INT(fd),
		    RUMP_F_DUPFD_CLOEXEC, INT(arg));
	case F_GETFD:
		r = (int)SYSCALL2(RUMP_SYS_fcntl, INT(fd), RUMP_F_GETFD);
		return r == -1 ? -1 : (r & RUMP_FD_CLOEXEC) ? FD_CLOEXEC : 0;
	case F_SETFD:
		return (int)SYSCALL3(RUMP_SYS_fcntl, INT(fd), RUMP_F_SETFD,
		    (arg & FD_CLOEXEC) ? RUMP_FD_CLOEXEC : 0);
	case F_GETFL:
		r = (int)SYSCALL2(RUMP_SYS_fcntl, INT(fd), RUMP_F_GETFL);
		return r == -1 ? -1 : hostabi_oflags_out(r);
	case F_SETFL:
		return (int)SYSCALL3(RUMP_SYS_fcntl, INT(fd), RUMP_F_SETFL,
		    INT(hostabi_oflags_in((int)arg)));
	case F_GETLK:
		return fcntl_lock(fd, RUMP_F_GETLK, (struct flock *)arg);
	case F_SETLK:
		return fcntl_lock(fd, RUMP_F_SETLK, (struct flock *)arg);
	case F_SETLKW:
		return fcntl_lock(fd, RUMP_F_SETLKW, (struct flock *)arg);
	default:
		return FAIL(RUMP_EINVAL);
	}
}

int
rump_sys_flock(int fd, int how)
{
	int kh = 0;

	if (how & LOCK_SH)
		kh |= RUMP_LOCK_SH;
	if (how & LOCK_EX)
		kh |= RUMP_LOCK_EX;
	if (how & LOCK_UN)
		kh |= RUMP_LOCK_UN;
	if (how & LOCK_NB)
		kh |= RUMP_LOCK_NB;
	if (how & ~(LOCK_SH | LOCK_EX | LOCK_UN | LOCK_NB))
		return FAIL(RUMP_EINVAL);
	return (int)SYSCALL2(RUMP_SYS_flock, INT(fd), INT(kh));
}

int
rump_sys_fstat(int fd, struct stat *st)
{
	struct rump_stat ks;

	if (st == NULL)
		return FAIL(RUMP_EFAULT);
	if (SYSCALL2(RUMP_SYS_fstat, INT(fd), PTR(&ks)) == -1)
		return -1;
	hostabi_stat_out(&ks, st);
	return 0;
}

int
rump_sys_ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	int *argp;

	va_start(ap, request);
	argp = va_arg(ap, int *);
	va_end(ap);
	switch (request) {
	case FIONREAD:
		return (int)SYSCALL3(RUMP_SYS_ioctl, INT(fd), RUMP_FIONREAD,
		    PTR(argp));
	case FIONBIO:
		return (int)SYSCALL3(RUMP_SYS_ioctl, INT(fd), RUMP_FIONBIO,
		    PTR(argp));
	case FIOCLEX:
	case FIONCLEX:
		/* The descriptor's flag, not the file's: F_SETFD does it. */
		return (int)SYSCALL3(RUMP_SYS_fcntl, INT(fd), RUMP_F_SETFD,
		    request == FIOCLEX ? RUMP_FD_CLOEXEC : 0);
	default:
		/* The kernel does not know the host's request; a descriptor
		 * that is not open is still EBADF, as for every request. */
		if (SYSCALL2(RUMP_SYS_fcntl, INT(fd), RUMP_F_GETFD) == -1)
			return -1;
		return FAIL(RUMP_ENOTTY);
	}
}
