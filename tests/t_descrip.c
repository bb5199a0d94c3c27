/*
 * t_descrip.c: the generic descriptor calls, exercised on pipes: dup,
 * dup2, dup3, fcntl's descriptor and status flags, close, EBADF on
 * descriptors that are not open, EMFILE when the table is full, locks
 * on objects that take none, and tables copied by rfork.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"

#define FD_MAX 4096		/* the kernel's table size */

static void
boot_pipe(int fds[2])
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_pipe(fds));
}

T_CASE(dup_lowest, "dup gives the lowest free descriptor, onto the same file")
{
	int fds[2];
	char c;

	boot_pipe(fds);
	T_ASSERT_EQ(rump_sys_dup(fds[0]), 2);
	T_ASSERT_OK(rump_sys_close(fds[0]));
	T_ASSERT_EQ(rump_sys_dup(fds[1]), 0);	/* a write end now */
	T_ASSERT_EQ(rump_sys_write(0, "d", 1), 1);
	T_ASSERT_EQ(rump_sys_read(2, &c, 1), 1);
	T_ASSERT_EQ(c, 'd');
	T_ASSERT_ERRNO(rump_sys_dup(fds[0] + 100), EBADF);
	T_ASSERT_ERRNO(rump_sys_dup(-1), EBADF);
	T_ASSERT_ERRNO(rump_sys_read(0, &c, 1), EBADF);
}

T_CASE(dup_shares_file, "duplicates share status flags but not FD_CLOEXEC")
{
	int fds[2], d;

	boot_pipe(fds);
	T_ASSERT_GE(d = rump_sys_dup(fds[0]), 0);
	T_ASSERT_OK(rump_sys_fcntl(d, F_SETFL, O_NONBLOCK));
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	T_ASSERT_OK(rump_sys_fcntl(d, F_SETFD, FD_CLOEXEC));
	T_ASSERT_EQ(rump_sys_fcntl(d, F_GETFD), FD_CLOEXEC);
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFD), 0);
}

T_CASE(dup2_semantics, "dup2 closes what the target held; same descriptor is a no-op; bad ones EBADF")
{
	int a[2], b[2];
	char c;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_pipe(a));
	T_ASSERT_OK(rump_sys_pipe(b));
	T_ASSERT_EQ(rump_sys_dup2(a[0], 10), 10);
	T_ASSERT_EQ(rump_sys_write(a[1], "x", 1), 1);
	T_ASSERT_EQ(rump_sys_read(10, &c, 1), 1);
	T_ASSERT_EQ(c, 'x');
	T_ASSERT_EQ(rump_sys_dup2(10, 10), 10);
	T_ASSERT_ERRNO(rump_sys_dup2(20, 20), EBADF);
	/* a's only writer is replaced by b's: a's readers see EOF. */
	T_ASSERT_EQ(rump_sys_dup2(b[1], a[1]), a[1]);
	T_ASSERT_EQ(rump_sys_read(a[0], &c, 1), 0);
	T_ASSERT_EQ(rump_sys_write(a[1], "y", 1), 1);
	T_ASSERT_EQ(rump_sys_read(b[0], &c, 1), 1);
	T_ASSERT_EQ(c, 'y');
	T_ASSERT_ERRNO(rump_sys_dup2(30, 5), EBADF);
	T_ASSERT_ERRNO(rump_sys_dup2(a[0], -1), EBADF);
	T_ASSERT_ERRNO(rump_sys_dup2(a[0], FD_MAX), EBADF);
	T_ASSERT_EQ(rump_sys_dup2(a[0], FD_MAX - 1), FD_MAX - 1);
	T_ASSERT_EQ(rump_sys_fcntl(FD_MAX - 1, F_GETFD), 0);
}

T_CASE(dup3_semantics, "dup3: EINVAL for equal descriptors or bad flags, O_CLOEXEC honoured")
{
	int fds[2];

	boot_pipe(fds);
	T_ASSERT_ERRNO(rump_sys_dup3(fds[0], fds[0], 0), EINVAL);
	T_ASSERT_ERRNO(rump_sys_dup3(fds[0], 7, O_NONBLOCK), EINVAL);
	T_ASSERT_ERRNO(rump_sys_dup3(9, 7, 0), EBADF);
	T_ASSERT_ERRNO(rump_sys_dup3(fds[0], -2, 0), EBADF);
	T_ASSERT_EQ(rump_sys_dup3(fds[0], 7, O_CLOEXEC), 7);
	T_ASSERT_EQ(rump_sys_fcntl(7, F_GETFD), FD_CLOEXEC);
	T_ASSERT_EQ(rump_sys_dup3(fds[1], 7, 0), 7);
	T_ASSERT_EQ(rump_sys_fcntl(7, F_GETFD), 0);
	T_ASSERT_EQ(rump_sys_fcntl(7, F_GETFL), O_WRONLY);
}

T_CASE(fcntl_dupfd, "F_DUPFD and F_DUPFD_CLOEXEC: lowest free at or above the minimum")
{
	int fds[2];

	boot_pipe(fds);
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_DUPFD, 20), 20);
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_DUPFD, 20), 21);
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_DUPFD, 0), 2);
	T_ASSERT_EQ(rump_sys_fcntl(20, F_GETFD), 0);
	T_ASSERT_EQ(rump_sys_fcntl(fds[1], F_DUPFD_CLOEXEC, 20), 22);
	T_ASSERT_EQ(rump_sys_fcntl(22, F_GETFD), FD_CLOEXEC);
	T_ASSERT_ERRNO(rump_sys_fcntl(fds[0], F_DUPFD, -1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_fcntl(fds[0], F_DUPFD, FD_MAX), EINVAL);
	T_ASSERT_ERRNO(rump_sys_fcntl(50, F_DUPFD, 0), EBADF);
}

T_CASE(dup_error_order, "dup3 of a descriptor onto itself is EINVAL even when not open; F_DUPFD checks the descriptor before the minimum")
{
	int fds[2];

	boot_pipe(fds);
	T_ASSERT_ERRNO(rump_sys_dup3(50, 50, 0), EINVAL);
	T_ASSERT_ERRNO(rump_sys_dup3(50, 50, O_CLOEXEC), EINVAL);
	T_ASSERT_ERRNO(rump_sys_dup2(50, 50), EBADF);
	T_ASSERT_EQ(rump_sys_dup2(fds[0], fds[0]), fds[0]);
	T_ASSERT_ERRNO(rump_sys_fcntl(50, F_DUPFD, -1), EBADF);
	T_ASSERT_ERRNO(rump_sys_fcntl(50, F_DUPFD_CLOEXEC, FD_MAX), EBADF);
	T_ASSERT_ERRNO(rump_sys_fcntl(fds[0], F_DUPFD_CLOEXEC, FD_MAX), EINVAL);
}

T_CASE(fcntl_flags, "F_GETFD/F_SETFD and F_GETFL/F_SETFL; the access mode cannot change")
{
	int fds[2];

	boot_pipe(fds);
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFD), 0);
	T_ASSERT_OK(rump_sys_fcntl(fds[0], F_SETFD, FD_CLOEXEC));
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFD), FD_CLOEXEC);
	T_ASSERT_OK(rump_sys_fcntl(fds[0], F_SETFD, 0));
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFD), 0);
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFL), O_RDONLY);
	T_ASSERT_EQ(rump_sys_fcntl(fds[1], F_GETFL), O_WRONLY);
	T_ASSERT_OK(rump_sys_fcntl(fds[1], F_SETFL, O_RDWR | O_NONBLOCK | O_APPEND));
	T_ASSERT_EQ(rump_sys_fcntl(fds[1], F_GETFL), O_WRONLY | O_NONBLOCK | O_APPEND);
	T_ASSERT_OK(rump_sys_fcntl(fds[1], F_SETFL, 0));
	T_ASSERT_EQ(rump_sys_fcntl(fds[1], F_GETFL), O_WRONLY);
	T_ASSERT_ERRNO(rump_sys_fcntl(fds[1], 9999, 0), EINVAL);
}

T_CASE(closed_fd_ebadf, "every call on a descriptor that is not open fails with EBADF")
{
	struct stat st;
	int fds[2], n;
	char c = 0;

	boot_pipe(fds);
	T_ASSERT_OK(rump_sys_close(fds[0]));
	T_ASSERT_ERRNO(rump_sys_close(fds[0]), EBADF);
	T_ASSERT_ERRNO(rump_sys_close(-1), EBADF);
	T_ASSERT_ERRNO(rump_sys_close(FD_MAX), EBADF);
	T_ASSERT_ERRNO(rump_sys_read(fds[0], &c, 1), EBADF);
	T_ASSERT_ERRNO(rump_sys_write(fds[0], &c, 1), EBADF);
	T_ASSERT_ERRNO(rump_sys_fstat(fds[0], &st), EBADF);
	T_ASSERT_ERRNO(rump_sys_ioctl(fds[0], FIONREAD, &n), EBADF);
	T_ASSERT_ERRNO(rump_sys_lseek(fds[0], 0, SEEK_SET), EBADF);
	T_ASSERT_ERRNO(rump_sys_fcntl(fds[0], F_GETFD), EBADF);
	T_ASSERT_ERRNO(rump_sys_fcntl(fds[0], F_SETFD, 0), EBADF);
	T_ASSERT_ERRNO(rump_sys_fcntl(fds[0], F_GETFL), EBADF);
	T_ASSERT_ERRNO(rump_sys_fcntl(fds[0], F_SETFL, 0), EBADF);
	T_ASSERT_ERRNO(rump_sys_flock(fds[0], LOCK_SH), EBADF);
	T_ASSERT_ERRNO(rump_sys_dup(123456), EBADF);
}

T_CASE(ioctl_unknown, "an ioctl request the kernel does not know: ENOTTY, or EBADF on a descriptor that is not open")
{
	int fds[2];
	char buf[64];

	boot_pipe(fds);
	T_ASSERT_ERRNO(rump_sys_ioctl(fds[0], TCGETS, buf), ENOTTY);
	T_ASSERT_ERRNO(rump_sys_ioctl(fds[1], 0x12345678, buf), ENOTTY);
	T_ASSERT_OK(rump_sys_close(fds[0]));
	T_ASSERT_ERRNO(rump_sys_ioctl(fds[0], TCGETS, buf), EBADF);
	T_ASSERT_ERRNO(rump_sys_ioctl(-1, 0x12345678, buf), EBADF);
}

T_CASE(ioctl_fioclex, "ioctl FIOCLEX and FIONCLEX set and clear FD_CLOEXEC of that descriptor only")
{
	int fds[2], d;

	boot_pipe(fds);
	T_ASSERT_GE(d = rump_sys_dup(fds[0]), 0);
	T_ASSERT_OK(rump_sys_ioctl(fds[0], FIOCLEX));
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFD), FD_CLOEXEC);
	T_ASSERT_EQ(rump_sys_fcntl(d, F_GETFD), 0);
	T_ASSERT_OK(rump_sys_ioctl(fds[0], FIONCLEX));
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFD), 0);
	T_ASSERT_OK(rump_sys_close(d));
	T_ASSERT_ERRNO(rump_sys_ioctl(d, FIOCLEX), EBADF);
}

T_CASE(negative_offset_first, "pread and friends: a negative offset is EINVAL before ESPIPE or EBADF, as on Linux")
{
	struct iovec iov;
	int fds[2];
	char c = 0;

	boot_pipe(fds);
	iov = (struct iovec){ &c, 1 };
	T_ASSERT_ERRNO(rump_sys_pread(fds[0], &c, 1, -1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_pwrite(fds[1], &c, 1, -1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_preadv(fds[0], &iov, 1, -1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_pwritev(fds[1], &iov, 1, -1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_pread(fds[0], &c, 1, 0), ESPIPE);
	T_ASSERT_ERRNO(rump_sys_pread(fds[1], &c, 1, -1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_pread(50, &c, 1, -1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_pwritev(50, &iov, 1, -1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_pread(50, &c, 1, 0), EBADF);
}

T_CASE(emfile, "the table holds FD_MAX descriptors, then EMFILE; a freed one is reused")
{
	int fds[2], fd, n = 2;

	boot_pipe(fds);
	while ((fd = rump_sys_dup(fds[0])) >= 0) {
		T_ASSERT_EQ(fd, n);
		n++;
	}
	T_ASSERT_EQ(errno, EMFILE);
	T_ASSERT_EQ(n, FD_MAX);
	T_ASSERT_ERRNO(rump_sys_pipe(fds), EMFILE);
	T_ASSERT_ERRNO(rump_sys_fcntl(0, F_DUPFD, 100), EMFILE);
	T_ASSERT_OK(rump_sys_close(1000));
	/* pipe needs two: it fails and leaves the free one free. */
	T_ASSERT_ERRNO(rump_sys_pipe(fds), EMFILE);
	T_ASSERT_EQ(rump_sys_dup(0), 1000);
	T_ASSERT_OK(rump_sys_close(3000));
	T_ASSERT_OK(rump_sys_close(1000));
	T_ASSERT_OK(rump_sys_pipe(fds));
	T_ASSERT_EQ(fds[0], 1000);
	T_ASSERT_EQ(fds[1], 3000);
}

T_CASE(no_locks_on_pipes, "record locks and flock on a pipe: EINVAL and EOPNOTSUPP")
{
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	int fds[2];

	boot_pipe(fds);
	T_ASSERT_ERRNO(rump_sys_fcntl(fds[0], F_SETLK, &fl), EINVAL);
	T_ASSERT_ERRNO(rump_sys_fcntl(fds[0], F_GETLK, &fl), EINVAL);
	T_ASSERT_ERRNO(rump_sys_flock(fds[0], LOCK_EX), EOPNOTSUPP);
}

T_CASE(rfork_copies_table, "a copied table holds the same pipe; closes in one do not affect the other")
{
	struct lwp *parent, *child;
	int fds[2];
	char c;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	parent = rump_pub_lwproc_curlwp();
	T_ASSERT_OK(rump_sys_pipe(fds));
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFFDG), 0);
	child = rump_pub_lwproc_curlwp();
	T_ASSERT_OK(rump_sys_close(fds[0]));		/* the child's copy */
	T_ASSERT_EQ(rump_sys_write(fds[1], "c", 1), 1);	/* parent still reads */
	rump_pub_lwproc_switch(parent);
	T_ASSERT_EQ(rump_sys_read(fds[0], &c, 1), 1);
	T_ASSERT_EQ(c, 'c');
	T_ASSERT_OK(rump_sys_close(fds[1]));
	/* The child's write end keeps the pipe from EOF until it exits. */
	T_ASSERT_OK(rump_sys_fcntl(fds[0], F_SETFL, O_NONBLOCK));
	T_ASSERT_ERRNO(rump_sys_read(fds[0], &c, 1), EAGAIN);
	rump_pub_lwproc_switch(child);
	rump_pub_lwproc_releaselwp();
	rump_pub_lwproc_switch(parent);
	T_ASSERT_EQ(rump_sys_read(fds[0], &c, 1), 0);
}
