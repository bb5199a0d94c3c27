/*
 * sys_poll.c: the system calls that wait on descriptors: poll, pollts
 * and select.  Each copies its arguments in, turns them into a list of
 * rump_pollfd for pollscan() (poll.c) and copies the results out.
 */
#include <kern/systm.h>
#include <kern/component.h>
#include <kern/filedesc.h>
#include <kern/kmem.h>
#include <kern/lwp.h>
#include <kern/syscall.h>
#include <kern/time.h>
#include <rump/rumpdefs.h>
#include "pollvar.h"

/* Up to this many pollfds are kept on the stack. */
#define POLLFD_STACK	64

static struct rump_pollfd *
pollfds_alloc(struct rump_pollfd *stack, size_t n)
{
	if (n <= POLLFD_STACK)
		return stack;
	return kmem_alloc(n * sizeof(*stack), KM_SLEEP);
}

static void
pollfds_free(struct rump_pollfd *fds, struct rump_pollfd *stack, size_t n)
{
	if (fds != stack)
		kmem_free(fds, n * sizeof(*fds));
}

static int
dopoll(struct lwp *l, void *ufds, uint64_t nfds,
    const struct rump_timespec *ts, syscallarg_t *rv)
{
	struct rump_pollfd stack[POLLFD_STACK], *fds;
	size_t size = (size_t)nfds * sizeof(*fds);
	int error, nready;

	if (nfds > FD_MAX)
		return EINVAL;
	if ((fds = pollfds_alloc(stack, (size_t)nfds)) == NULL)
		return ENOMEM;
	error = copyin(ufds, fds, size);
	if (error == 0)
		error = pollscan(l, fds, (int)nfds, ts, &nready);
	if (error == 0)
		error = copyout(fds, ufds, size);
	if (error == 0)
		rv[0] = (syscallarg_t)nready;
	pollfds_free(fds, stack, (size_t)nfds);
	return error;
}

/* poll(fds, nfds, timeout): timeout in milliseconds, negative: none. */
static int
sys_poll(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	int ms = SCARG_INT(args, 2);
	struct rump_timespec ts = { ms / 1000, (int64_t)(ms % 1000) * 1000000 };

	return dopoll(l, SCARG_PTR(args, 0), args[1], ms < 0 ? NULL : &ts, rv);
}

/* pollts(fds, nfds, ts, sigmask): the signal mask has no use here. */
static int
sys_pollts(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	void *uts = SCARG_PTR(args, 2);
	struct rump_timespec ts;
	int error;

	if (uts != NULL) {
		if ((error = copyin(uts, &ts, sizeof(ts))) != 0)
			return error;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
			return EINVAL;
	}
	return dopoll(l, SCARG_PTR(args, 0), args[1], uts ? &ts : NULL, rv);
}

/* select's descriptor sets: bit fd % 32 of word fd / 32. */
#define NFDWORDS	(FD_MAX / 32)
#define SEL_IN		(RUMP_POLLIN | RUMP_POLLRDNORM)
#define SEL_OUT		(RUMP_POLLOUT | RUMP_POLLWRNORM)
#define SEL_EX		RUMP_POLLPRI
/* What counts as readable, writable, exceptional. */
static const int sel_ready[3] = {
	RUMP_POLLIN | RUMP_POLLRDNORM | RUMP_POLLRDBAND | RUMP_POLLHUP |
	    RUMP_POLLERR,
	RUMP_POLLOUT | RUMP_POLLWRNORM | RUMP_POLLWRBAND | RUMP_POLLERR,
	RUMP_POLLPRI,
};
static const int sel_events[3] = { SEL_IN, SEL_OUT, SEL_EX };

/* Copy in the sets; count the descriptors in any of them. */
static int
select_in(void *const usets[3], int nd, uint32_t sets[3][NFDWORDS], int *np)
{
	int nwords = (nd + 31) / 32, error, n = 0;

	for (int s = 0; s < 3; s++) {
		memset(sets[s], 0, sizeof(sets[s]));
		if (usets[s] != NULL && (error = copyin(usets[s], sets[s],
		    (size_t)nwords * sizeof(uint32_t))) != 0)
			return error;
		if (nd % 32 != 0)
			sets[s][nwords - 1] &= (1U << (nd % 32)) - 1;
	}
	for (int w = 0; w < nwords; w++)
		for (uint32_t b = sets[0][w] | sets[1][w] | sets[2][w]; b != 0;
		    b &= b - 1)
			n++;
	*np = n;
	return 0;
}

/* The results of the scan as sets; the number of bits set, or -1 if a
 * descriptor was not open. */
static int
select_out(const struct rump_pollfd *fds, int n, uint32_t sets[3][NFDWORDS])
{
	int nbits = 0;

	memset(sets, 0, 3 * sizeof(sets[0]));
	for (int i = 0; i < n; i++) {
		int fd = fds[i].fd, rev = fds[i].revents;

		if (rev & RUMP_POLLNVAL)
			return -1;
		for (int s = 0; s < 3; s++) {
			if ((fds[i].events & sel_events[s]) &&
			    (rev & sel_ready[s])) {
				sets[s][fd / 32] |= 1U << (fd % 32);
				nbits++;
			}
		}
	}
	return nbits;
}

static int
doselect(struct lwp *l, int nd, void *const usets[3],
    const struct rump_timespec *ts, syscallarg_t *rv)
{
	uint32_t sets[3][NFDWORDS];
	struct rump_pollfd stack[POLLFD_STACK], *fds;
	int n, error, nready, nbits = 0;

	if ((error = select_in(usets, nd, sets, &n)) != 0)
		return error;
	if ((fds = pollfds_alloc(stack, (size_t)n)) == NULL)
		return ENOMEM;
	for (int fd = 0, i = 0; fd < nd; fd++) {
		uint32_t bit = 1U << (fd % 32);
		int ev = 0;

		for (int s = 0; s < 3; s++)
			if (sets[s][fd / 32] & bit)
				ev |= sel_events[s];
		if (ev != 0) {
			KASSERT(i < n);
			fds[i].fd = fd;
			fds[i].events = (int16_t)ev;
			fds[i++].revents = 0;
		}
	}
	error = pollscan(l, fds, n, ts, &nready);
	if (error == 0 && (nbits = select_out(fds, n, sets)) < 0)
		error = EBADF;
	pollfds_free(fds, stack, (size_t)n);
	for (int s = 0; s < 3 && error == 0; s++)
		if (usets[s] != NULL)
			error = copyout(sets[s], usets[s],
			    (size_t)(nd + 31) / 32 * sizeof(uint32_t));
	if (error == 0)
		rv[0] = (syscallarg_t)nbits;
	return error;
}

/* select(nd, in, out, ex, tv): tv NULL waits for ever. */
static int
sys_select(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	int nd = SCARG_INT(args, 0), error;
	void *const usets[3] = { SCARG_PTR(args, 1), SCARG_PTR(args, 2),
	    SCARG_PTR(args, 3) };
	void *utv = SCARG_PTR(args, 4);
	struct rump_timespec ts;
	struct rump_timeval tv;

	if (nd < 0)
		return EINVAL;
	if (nd > FD_MAX)
		nd = FD_MAX;	/* no descriptor is that high */
	if (utv != NULL) {
		if ((error = copyin(utv, &tv, sizeof(tv))) != 0)
			return error;
		if (tv.tv_sec < 0 || tv.tv_usec < 0)
			return EINVAL;
		if (tv.tv_sec > INT64_MAX - tv.tv_usec / 1000000)
			utv = NULL;	/* beyond any clock: never */
		ts.tv_sec = utv ? tv.tv_sec + tv.tv_usec / 1000000 : 0;
		ts.tv_nsec = tv.tv_usec % 1000000 * 1000;
	}
	return doselect(l, nd, usets, utv != NULL ? &ts : NULL, rv);
}

static const struct sysent poll_syscalls[] = {
	{ RUMP_SYS_poll, sys_poll, "poll", "pud" },
	{ RUMP_SYS_pollts, sys_pollts, "pollts", "pupp" },
	{ RUMP_SYS_select, sys_select, "select", "dpppp" },
	{ 0, NULL, NULL, NULL },
};

COMPONENT(COMPONENT_KERN, sys_poll)
{
	poll_init();
	return syscall_establish(poll_syscalls);
}
