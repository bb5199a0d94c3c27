/*
 * sys_pipe_poll.c: rump_sys_* for pipes and for waiting on
 * descriptors: pipe, pipe2, poll, ppoll, select.  Host pollfd arrays
 * and fd_sets become the kernel's own on the stack (no allocation: the
 * edge calls no libc), so their size is bounded: FD_MAX descriptors for
 * poll, FD_SETSIZE for select, else EINVAL.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/time.h>
#include <rump/rump_syscalls.h>
#include <rump/rump_syscallnum.h>
#include <rump/rumpuser.h>
#include "hostabi.h"

/* The kernel's FD_MAX (kern/filedesc.h): no more pollfds than that. */
#define POLL_MAXFDS	4096

int
rump_sys_pipe(int fds[2])
{
	return (int)SYSCALL1(RUMP_SYS_pipe, PTR(fds));
}

int
rump_sys_pipe2(int fds[2], int flags)
{
	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return FAIL(RUMP_EINVAL);
	return (int)SYSCALL2(RUMP_SYS_pipe2, PTR(fds),
	    INT(hostabi_oflags_in(flags)));
}

/* poll or pollts: timeout is the call's third argument, as it takes it. */
static int
poll_common(struct pollfd *fds, nfds_t nfds, int num, uint64_t timeout,
    const void *sigmask)
{
	struct rump_pollfd kfds[nfds > 0 && nfds <= POLL_MAXFDS ? nfds : 1];
	long long n;

	if (nfds > POLL_MAXFDS)
		return FAIL(RUMP_EINVAL);
	if (nfds > 0 && fds == NULL)
		return FAIL(RUMP_EFAULT);
	for (nfds_t i = 0; i < nfds; i++) {
		kfds[i].fd = fds[i].fd;
		kfds[i].events = (short)hostabi_pollev_in(fds[i].events);
		kfds[i].revents = 0;
	}
	n = SYSCALL4(num, PTR(nfds > 0 ? kfds : NULL), nfds, timeout,
	    PTR(sigmask));
	if (n == -1)
		return -1;
	/* The kernel has one bit for POLLOUT and POLLWRNORM: report the
	 * ones asked for, as the host does. */
	for (nfds_t i = 0; i < nfds; i++)
		fds[i].revents = (short)(hostabi_pollev_out(kfds[i].revents) &
		    (fds[i].events | POLLERR | POLLHUP | POLLNVAL));
	return (int)n;
}

int
rump_sys_poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	return poll_common(fds, nfds, RUMP_SYS_poll, INT(timeout), NULL);
}

int
rump_sys_ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *ts,
    const sigset_t *sigmask)
{
	struct rump_timespec kts;

	if (ts != NULL) {
		kts.tv_sec = ts->tv_sec;
		kts.tv_nsec = ts->tv_nsec;
	}
	return poll_common(fds, nfds, RUMP_SYS_pollts,
	    PTR(ts != NULL ? &kts : NULL), sigmask);
}

#define KSET_WORDS	((FD_SETSIZE + 31) / 32)

static void
fdset_in(const fd_set *set, int nd, uint32_t *kset)
{
	for (int w = 0; w < (nd + 31) / 32; w++)
		kset[w] = 0;
	for (int fd = 0; fd < nd; fd++)
		if (FD_ISSET(fd, set))
			kset[fd / 32] |= 1U << (fd % 32);
}

static void
fdset_out(const uint32_t *kset, int nd, fd_set *set)
{
	for (int fd = 0; fd < nd; fd++) {
		if (kset[fd / 32] & (1U << (fd % 32)))
			FD_SET(fd, set);
		else
			FD_CLR(fd, set);
	}
}

int
rump_sys_select(int nd, fd_set *rd, fd_set *wr, fd_set *ex,
    struct timeval *tv)
{
	fd_set *const sets[3] = { rd, wr, ex };
	uint32_t ksets[3][KSET_WORDS];
	struct rump_timeval ktv;
	long long n;

	if (nd < 0 || nd > FD_SETSIZE)
		return FAIL(RUMP_EINVAL);
	for (int s = 0; s < 3; s++)
		if (sets[s] != NULL)
			fdset_in(sets[s], nd, ksets[s]);
	if (tv != NULL) {
		ktv.tv_sec = tv->tv_sec;
		ktv.tv_usec = tv->tv_usec;
	}
	n = SYSCALL5(RUMP_SYS_select, INT(nd), PTR(rd ? ksets[0] : NULL),
	    PTR(wr ? ksets[1] : NULL), PTR(ex ? ksets[2] : NULL),
	    PTR(tv ? &ktv : NULL));
	if (n == -1)
		return -1;
	for (int s = 0; s < 3; s++)
		if (sets[s] != NULL)
			fdset_out(ksets[s], nd, sets[s]);
	return (int)n;
}
