/*
 * rwlock.c: reader/writer locks, kept in one word of the lock itself.
 *
 * The word holds either the number of readers or the owning writer
 * LWP, plus three flags: write-locked, has waiters, write wanted (a
 * writer waits, so new readers wait too and writers are not starved).
 * Taking and releasing an uncontended lock is one compare-and-swap.
 * A thread that must wait sleeps on a sleep queue (sleepq.c), giving
 * its virtual CPU back; it sets "has waiters" first, with a
 * compare-and-swap against the value it saw, so a release cannot slip
 * past unseen, and a release that finds the flag wakes the queue.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/lockdebug.h>
#include <kern/lwp.h>
#include <kern/rwlock.h>
#include <rump/rumpuser.h>
#include "core.h"

#define RW_WRITE_LOCKED	0x01UL
#define RW_HAS_WAITERS	0x02UL
#define RW_WRITE_WANTED	0x04UL
#define RW_FLAGS	0x07UL
#define RW_READ_INCR	0x08UL
#define RW_READERS(o)	((o) >> 3)
#define RW_OWNER(o)	((o) & ~RW_FLAGS)

static struct sleepq *
rw_sleepq_of(krwlock_t *rw)
{
	return sleepq_of(SLEEPQ_RW, rw);
}

static bool
rw_cas(krwlock_t *rw, uintptr_t *o, uintptr_t n, int mo)
{
	return __atomic_compare_exchange_n(&rw->rw_owner, o, n, false, mo,
	    __ATOMIC_RELAXED);
}

void
rw_init_named(krwlock_t *rw, const char *name)
{
	rw->rw_owner = 0;
	rw->rw_name = name;
}

void
rw_destroy(krwlock_t *rw)
{
	LOCKDEBUG_FREE(rw, rw->rw_name, rw_lock_held(rw));
	KASSERTMSG(rw->rw_owner == 0, "rw_destroy %s: held", rw->rw_name);
}

/* The word after taking the lock as op, or 0 if it cannot be taken. */
static uintptr_t
rw_taken(uintptr_t o, krw_t op)
{
	if (op == RW_READER)
		return (o & (RW_WRITE_LOCKED | RW_WRITE_WANTED)) ? 0 :
		    o + RW_READ_INCR;
	if ((o & ~(RW_HAS_WAITERS | RW_WRITE_WANTED)) != 0)
		return 0;
	return (uintptr_t)curlwp | RW_WRITE_LOCKED | (o & RW_HAS_WAITERS);
}

static bool
rw_try(krwlock_t *rw, krw_t op)
{
	uintptr_t o = atomic_load_relaxed(&rw->rw_owner), n;

	while ((n = rw_taken(o, op)) != 0)
		if (rw_cas(rw, &o, n, __ATOMIC_ACQUIRE))
			return true;
	return false;
}

static void __attribute__((noinline))
rw_enter_slow(krwlock_t *rw, krw_t op)
{
	struct sleepq *sq = rw_sleepq_of(rw);
	uintptr_t o, n, want;

	rumpuser_mutex_enter(sq->sq_mtx);
	o = atomic_load_relaxed(&rw->rw_owner);
	for (;;) {
		if ((n = rw_taken(o, op)) != 0) {
			if (rw_cas(rw, &o, n, __ATOMIC_ACQUIRE))
				break;
			continue;
		}
		want = o | RW_HAS_WAITERS |
		    (op == RW_WRITER ? RW_WRITE_WANTED : 0);
		if (want != o && !rw_cas(rw, &o, want, __ATOMIC_RELAXED))
			continue;
		rumpuser_cv_wait(sq->sq_cv, sq->sq_mtx);
		o = atomic_load_relaxed(&rw->rw_owner);
	}
	rumpuser_mutex_exit(sq->sq_mtx);
}

void
rw_enter(krwlock_t *rw, krw_t op)
{
	LOCKDEBUG_WANT(rw, rw->rw_name, rw_write_held(rw));
	if (__predict_false(!rw_try(rw, op)))
		rw_enter_slow(rw, op);
	LOCKDEBUG_LOCKED(rw, rw->rw_name);
}

int
rw_tryenter(krwlock_t *rw, krw_t op)
{
	if (!rw_try(rw, op))
		return 0;
	LOCKDEBUG_LOCKED(rw, rw->rw_name);
	return 1;
}

/* The word after one release: the last holder also clears the flags,
 * as it wakes every waiter, who set them again if they must wait on. */
static uintptr_t
rw_released(uintptr_t o)
{
	if (o & RW_WRITE_LOCKED)
		return 0;
	if (RW_READERS(o) == 1)
		return 0;
	return o - RW_READ_INCR;
}

static void __attribute__((noinline))
rw_exit_slow(krwlock_t *rw)
{
	struct sleepq *sq = rw_sleepq_of(rw);
	uintptr_t o;

	rumpuser_mutex_enter(sq->sq_mtx);
	o = atomic_load_relaxed(&rw->rw_owner);
	while (!rw_cas(rw, &o, rw_released(o), __ATOMIC_RELEASE))
		continue;
	rumpuser_cv_broadcast(sq->sq_cv);
	rumpuser_mutex_exit(sq->sq_mtx);
}

void
rw_exit(krwlock_t *rw)
{
	uintptr_t o = atomic_load_relaxed(&rw->rw_owner), n;

	LOCKDEBUG_UNLOCKED(rw, rw->rw_name, rw_lock_held(rw));
	KASSERTMSG(o & RW_WRITE_LOCKED ? RW_OWNER(o) == (uintptr_t)curlwp :
	    RW_READERS(o) > 0, "rw_exit %s: not held", rw->rw_name);
	for (;;) {
		n = rw_released(o);
		if (n == 0 && (o & RW_HAS_WAITERS)) {
			rw_exit_slow(rw);
			return;
		}
		if (rw_cas(rw, &o, n, __ATOMIC_RELEASE))
			return;
	}
}

void
rw_downgrade(krwlock_t *rw)
{
	struct sleepq *sq = rw_sleepq_of(rw);
	uintptr_t o = atomic_load_relaxed(&rw->rw_owner);

	KASSERT(rw_write_held(rw));
	if (!(o & RW_HAS_WAITERS) && rw_cas(rw, &o, RW_READ_INCR,
	    __ATOMIC_RELEASE))
		return;
	/* Waiting readers may come in with us. */
	rumpuser_mutex_enter(sq->sq_mtx);
	o = atomic_load_relaxed(&rw->rw_owner);
	while (!rw_cas(rw, &o, RW_READ_INCR, __ATOMIC_RELEASE))
		continue;
	rumpuser_cv_broadcast(sq->sq_cv);
	rumpuser_mutex_exit(sq->sq_mtx);
}

int
rw_tryupgrade(krwlock_t *rw)
{
	uintptr_t o = atomic_load_relaxed(&rw->rw_owner);

	KASSERT(rw_read_held(rw));
	while (RW_READERS(o) == 1 && !(o & RW_WRITE_LOCKED))
		if (rw_cas(rw, &o, (uintptr_t)curlwp | RW_WRITE_LOCKED |
		    (o & RW_HAS_WAITERS), __ATOMIC_ACQUIRE))
			return 1;
	return 0;
}

bool
rw_write_held(krwlock_t *rw)
{
	uintptr_t o = atomic_load_relaxed(&rw->rw_owner);

	return (o & RW_WRITE_LOCKED) && RW_OWNER(o) == (uintptr_t)curlwp;
}

bool
rw_read_held(krwlock_t *rw)
{
	uintptr_t o = atomic_load_relaxed(&rw->rw_owner);

	return !(o & RW_WRITE_LOCKED) && RW_READERS(o) > 0;
}

bool
rw_lock_held(krwlock_t *rw)
{
	return rw_write_held(rw) || rw_read_held(rw);
}
