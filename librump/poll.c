/*
 * poll.c: waiting for descriptors to become ready: pollheads, the
 * waiters recorded on them, and the scan loop that poll, pollts and
 * select share (pollscan).
 *
 * A poller scans its descriptors, calling each file's fo_poll with its
 * waiter.  An object with nothing ready records the waiter on its
 * pollhead, under the lock that guards its readiness, through an entry
 * the waiter owns (one per descriptor scanned).  A change of readiness
 * ends in pollhead_notify(), which marks every recorded waiter woken.
 * The poller sleeps only while its waiter is not woken, so a change
 * between its scan and its sleep is never lost.  After a wakeup it
 * unlinks every entry and scans again.  The poller holds a reference to
 * each file it scanned until its entries are unlinked, so an object
 * cannot go away while a waiter is recorded on it.
 *
 * Locks: a pollhead's entry list is covered by one of POLL_NLOCKS
 * mutexes chosen by the pollhead's address; a waiter's pw_woken by its
 * pw_lock.  Order: the object's own lock, then the poll lock, then
 * pw_lock.
 */
#include <kern/systm.h>
#include <kern/condvar.h>
#include <kern/filedesc.h>
#include <kern/kmem.h>
#include <kern/lwp.h>
#include <kern/mutex.h>
#include <kern/poll.h>
#include <kern/time.h>
#include <rump/rumpdefs.h>
#include "pollvar.h"

#define POLL_NLOCKS	16

struct pollentry {
	struct list_node pe_link;	/* on pe_head's list, its poll lock */
	struct pollhead *pe_head;
	struct pollwaiter *pe_waiter;
};

struct pollwaiter {
	kmutex_t pw_lock;		/* covers pw_woken while linked */
	kcondvar_t pw_cv;		/* pw_woken became true */
	bool pw_woken;
	/* Touched only by the polling thread (record runs in its fo_poll). */
	struct pollentry *pw_ent;
	int pw_nent, pw_maxent;
	bool pw_overflow;		/* an entry could not be recorded */
};

static kmutex_t poll_locks[POLL_NLOCKS];

static kmutex_t *
poll_lock(const struct pollhead *ph)
{
	uintptr_t a = (uintptr_t)ph;

	return &poll_locks[((a >> 4) ^ (a >> 10)) % POLL_NLOCKS];
}

void
pollhead_init(struct pollhead *ph)
{
	list_init(&ph->ph_entries);
}

void
pollhead_destroy(struct pollhead *ph)
{
	/* Nobody may poll an object being destroyed, so no lock. */
	KASSERT(list_empty(&ph->ph_entries));
}

/*
 * Called from fo_poll, in the polling thread, with the object's lock
 * held.  Without a free entry the waiter is marked overflowed and
 * polls on a short timer instead (see pollscan).
 */
void
pollhead_record(struct pollhead *ph, struct pollwaiter *pw)
{
	kmutex_t *lk = poll_lock(ph);
	struct pollentry *pe;

	if (pw->pw_nent == pw->pw_maxent) {
		pw->pw_overflow = true;
		return;
	}
	pe = &pw->pw_ent[pw->pw_nent++];
	pe->pe_head = ph;
	pe->pe_waiter = pw;
	mutex_enter(lk);
	list_insert_tail(&ph->ph_entries, &pe->pe_link);
	mutex_exit(lk);
}

void
pollhead_notify(struct pollhead *ph)
{
	kmutex_t *lk = poll_lock(ph);
	struct pollentry *pe;

	mutex_enter(lk);
	list_foreach(pe, &ph->ph_entries, struct pollentry, pe_link) {
		struct pollwaiter *pw = pe->pe_waiter;

		mutex_enter(&pw->pw_lock);
		pw->pw_woken = true;
		cv_signal(&pw->pw_cv);
		mutex_exit(&pw->pw_lock);
	}
	mutex_exit(lk);
}

/*
 * Unlink every entry the waiter recorded.  After that no notifier can
 * reach it, so a wakeup that came late is forgotten without a lock.
 */
static void
pollwaiter_clear(struct pollwaiter *pw)
{
	for (int i = 0; i < pw->pw_nent; i++) {
		struct pollentry *pe = &pw->pw_ent[i];
		kmutex_t *lk = poll_lock(pe->pe_head);

		mutex_enter(lk);
		list_remove(&pe->pe_link);
		mutex_exit(lk);
	}
	pw->pw_nent = 0;
	pw->pw_overflow = false;
	pw->pw_woken = false;
}

/*
 * Sleep until woken or until deadline (uptime in ns; 0: none).  With
 * an overflowed waiter, sleep one tick at most.  Returns false if the
 * deadline passed.
 */
static bool
pollwaiter_sleep(struct pollwaiter *pw, uint64_t deadline)
{
	const uint64_t tick = NSEC_PER_SEC / hz;
	bool intime = true;

	mutex_enter(&pw->pw_lock);
	while (!pw->pw_woken) {
		uint64_t now = uptime_ns(), wait = __UINT64_MAX__;

		if (deadline != 0) {
			if (now >= deadline) {
				intime = false;
				break;
			}
			wait = deadline - now;
		}
		if (pw->pw_overflow)
			wait = MIN(wait, tick);
		if (wait == __UINT64_MAX__) {
			cv_wait(&pw->pw_cv, &pw->pw_lock);
		} else if (cv_timedwait_ns(&pw->pw_cv, &pw->pw_lock,
		    (int64_t)(wait / NSEC_PER_SEC),
		    (long)(wait % NSEC_PER_SEC)) != 0 && pw->pw_overflow) {
			break;		/* rescan */
		}
	}
	mutex_exit(&pw->pw_lock);
	return intime;
}

/* Events always reported, whether asked for or not. */
#define POLL_ALWAYS	(RUMP_POLLHUP | RUMP_POLLERR | RUMP_POLLNVAL)
/* An object without fo_poll is always ready to read and write. */
#define POLL_RW		(RUMP_POLLIN | RUMP_POLLRDNORM | RUMP_POLLOUT | \
			 RUMP_POLLWRNORM)

/*
 * One pass over fds: fill in revents and count the ready ones.  The
 * files of a scan that may have recorded pw are left held in held[];
 * otherwise each is released at once.  Recording stops at the first
 * ready descriptor: the call will not sleep.
 */
static int
pollscan_once(struct filedesc *fdp, struct rump_pollfd *fds, int nfds,
    struct file **held, struct pollwaiter *pw)
{
	int nready = 0;

	for (int i = 0; i < nfds; i++) {
		int events = (uint16_t)fds[i].events, rev;
		struct pollwaiter *rec = nready == 0 ? pw : NULL;
		struct file *fp;

		fds[i].revents = 0;
		held[i] = NULL;
		if (fds[i].fd < 0)
			continue;
		if ((fp = fd_getfile(fdp, fds[i].fd)) == NULL) {
			fds[i].revents = RUMP_POLLNVAL;
			nready++;
			continue;
		}
		if (fp->f_ops->fo_poll != NULL)
			rev = fp->f_ops->fo_poll(fp, events, rec);
		else
			rev = POLL_RW;
		rev &= events | POLL_ALWAYS;
		fds[i].revents = (int16_t)rev;
		if (rev != 0)
			nready++;
		if (rec != NULL)
			held[i] = fp;
		else
			file_release(fp);
	}
	return nready;
}

static void
pollscan_release(struct file **held, int nfds)
{
	for (int i = 0; i < nfds; i++)
		if (held[i] != NULL)
			file_release(held[i]);
}

/* Up to this many descriptors, the scan's bookkeeping is on the stack. */
#define POLL_STACK_FDS	16

int
pollscan(struct lwp *l, struct rump_pollfd *fds, int nfds,
    const struct rump_timespec *timeout, int *nreadyp)
{
	struct file *held_stack[POLL_STACK_FDS], **held = held_stack;
	struct pollentry ent_stack[POLL_STACK_FDS], *ent = ent_stack;
	struct filedesc *fdp = l->l_proc->p_fd;
	struct pollwaiter pw;
	uint64_t deadline = 0;
	int nready;

	KASSERT(nfds >= 0 && nfds <= FD_MAX);
	if (timeout != NULL && timeout->tv_sec == 0 && timeout->tv_nsec == 0) {
		struct file *one[1];

		/* Nothing is recorded, so nothing is held: one at a time. */
		nready = 0;
		for (int i = 0; i < nfds; i++)
			nready += pollscan_once(fdp, &fds[i], 1, one, NULL);
		*nreadyp = nready;
		return 0;
	}
	if (timeout != NULL) {
		uint64_t ns = (uint64_t)timeout->tv_nsec, now = uptime_ns();
		uint64_t lim = (__UINT64_MAX__ - ns - now) / NSEC_PER_SEC;

		/* Beyond the range of uptime is as good as never. */
		if ((uint64_t)timeout->tv_sec < lim)
			deadline = now + (uint64_t)timeout->tv_sec * NSEC_PER_SEC + ns;
	}
	if (nfds > POLL_STACK_FDS) {
		held = kmem_alloc((size_t)nfds * sizeof(*held), KM_SLEEP);
		ent = kmem_alloc((size_t)nfds * sizeof(*ent), KM_SLEEP);
		if (held == NULL || ent == NULL) {
			if (held != NULL)
				kmem_free(held, (size_t)nfds * sizeof(*held));
			if (ent != NULL)
				kmem_free(ent, (size_t)nfds * sizeof(*ent));
			return ENOMEM;
		}
	}
	mutex_init(&pw.pw_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&pw.pw_cv, "poll");
	pw.pw_woken = false;
	pw.pw_ent = ent;
	pw.pw_nent = 0;
	pw.pw_maxent = nfds;
	pw.pw_overflow = false;
	for (;;) {
		bool intime = true;

		nready = pollscan_once(fdp, fds, nfds, held, &pw);
		if (nready == 0)
			intime = pollwaiter_sleep(&pw, deadline);
		pollwaiter_clear(&pw);
		pollscan_release(held, nfds);
		if (nready != 0)
			break;
		if (!intime) {		/* a last look, recording nothing */
			nready = pollscan_once(fdp, fds, nfds, held, NULL);
			break;
		}
	}
	cv_destroy(&pw.pw_cv);
	mutex_destroy(&pw.pw_lock);
	if (nfds > POLL_STACK_FDS) {
		kmem_free(held, (size_t)nfds * sizeof(*held));
		kmem_free(ent, (size_t)nfds * sizeof(*ent));
	}
	*nreadyp = nready;
	return 0;
}

void
poll_init(void)
{
	for (int i = 0; i < POLL_NLOCKS; i++)
		mutex_init(&poll_locks[i], MUTEX_DEFAULT, IPL_NONE);
}
