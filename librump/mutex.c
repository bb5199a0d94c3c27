/*
 * mutex.c: kernel mutexes.
 *
 * An adaptive mutex is one word: 0 when free, else the owner LWP, with
 * a flag for "has waiters".  Taking and releasing it uncontended is one
 * compare-and-swap each.  A thread that finds it taken spins a little
 * (when there is another virtual CPU to run the owner), then sleeps on the mutex's
 * sleep queue (sleepq.c), giving its own virtual CPU back; it sets the
 * flag first, with a compare-and-swap against the value it saw, so a
 * release cannot slip past unseen, and a release that finds the flag
 * wakes the queue.
 *
 * A spin mutex wraps a host mutex taken without giving the virtual CPU
 * back (the scheduler and interrupt-level code need that).
 */
#include <kern/systm.h>
#include <kern/mutex.h>
#include <kern/kmem.h>
#include <kern/atomic.h>
#include <kern/lockdebug.h>
#include <kern/lwp.h>
#include <kern/cpu.h>
#include <rump/rumpuser.h>
#include "core.h"

#define MTX_WAITERS	0x01UL
#define MTX_ANON	0x02UL	/* held by a thread without an LWP */
#define MTX_OWNER(o)	((o) & ~MTX_WAITERS)
#define MTX_SPINS	32

static uintptr_t
mtx_self(void)
{
	struct lwp *l = curlwp;

	return l != NULL ? (uintptr_t)l : MTX_ANON;
}

static bool
mtx_cas(kmutex_t *mtx, uintptr_t *o, uintptr_t n, int mo)
{
	return __atomic_compare_exchange_n(&mtx->mtx_owner, o, n, false, mo,
	    __ATOMIC_RELAXED);
}

void
mutex_init_named(kmutex_t *mtx, kmutex_type_t type, int ipl, const char *name)
{
	mtx->mtx_owner = 0;
	mtx->mtx_name = name;
	mtx->mtx_hyp = NULL;
	if ((type == MUTEX_SPIN || ipl != IPL_NONE) &&
	    rumpuser_mutex_init(&mtx->mtx_hyp,
	    RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX) != 0)
		panic("mutex_init %s: host out of memory", name);
}

void
mutex_destroy(kmutex_t *mtx)
{
	LOCKDEBUG_FREE(mtx, mtx->mtx_name, mutex_owned(mtx));
	if (mtx->mtx_hyp != NULL)
		rumpuser_mutex_destroy(mtx->mtx_hyp);
	else
		KASSERTMSG(mtx->mtx_owner == 0, "mutex_destroy %s: held",
		    mtx->mtx_name);
}

static void __attribute__((noinline))
mutex_enter_slow(kmutex_t *mtx, uintptr_t self)
{
	struct sleepq *sq = sleepq_of(SLEEPQ_MUTEX, mtx);
	uintptr_t o = atomic_load_relaxed(&mtx->mtx_owner);

	/* Owners hold mutexes briefly: with another CPU to run them,
	 * a short spin often beats going to sleep. */
	for (int i = 0; ncpu > 1 && i < MTX_SPINS; i++) {
		spin_pause();
		o = atomic_load_relaxed(&mtx->mtx_owner);
		if (o == 0 && mtx_cas(mtx, &o, self, __ATOMIC_ACQUIRE))
			return;
	}
	rumpuser_mutex_enter(sq->sq_mtx);
	o = atomic_load_relaxed(&mtx->mtx_owner);
	for (;;) {
		if (MTX_OWNER(o) == 0) {
			if (mtx_cas(mtx, &o, self | (o & MTX_WAITERS),
			    __ATOMIC_ACQUIRE))
				break;
			continue;
		}
		if (!(o & MTX_WAITERS) &&
		    !mtx_cas(mtx, &o, o | MTX_WAITERS, __ATOMIC_RELAXED))
			continue;
		rumpuser_cv_wait(sq->sq_cv, sq->sq_mtx);
		o = atomic_load_relaxed(&mtx->mtx_owner);
	}
	rumpuser_mutex_exit(sq->sq_mtx);
}

void
mutex_enter_nodebug(kmutex_t *mtx)
{
	uintptr_t self, o = 0;

	if (mtx->mtx_hyp != NULL) {
		rumpuser_mutex_enter_nowrap(mtx->mtx_hyp);
		return;
	}
	self = mtx_self();
	if (__predict_false(!mtx_cas(mtx, &o, self, __ATOMIC_ACQUIRE)))
		mutex_enter_slow(mtx, self);
}

void
mutex_enter(kmutex_t *mtx)
{
	LOCKDEBUG_WANT(mtx, mtx->mtx_name, mutex_owned(mtx));
	mutex_enter_nodebug(mtx);
	LOCKDEBUG_LOCKED(mtx, mtx->mtx_name);
}

int
mutex_tryenter(kmutex_t *mtx)
{
	uintptr_t o = 0;

	if (mtx->mtx_hyp != NULL ? rumpuser_mutex_tryenter(mtx->mtx_hyp) != 0 :
	    !mtx_cas(mtx, &o, mtx_self(), __ATOMIC_ACQUIRE))
		return 0;
	LOCKDEBUG_LOCKED(mtx, mtx->mtx_name);
	return 1;
}

static void __attribute__((noinline))
mutex_exit_slow(kmutex_t *mtx)
{
	struct sleepq *sq = sleepq_of(SLEEPQ_MUTEX, mtx);

	rumpuser_mutex_enter(sq->sq_mtx);
	atomic_store_release(&mtx->mtx_owner, 0);
	rumpuser_cv_broadcast(sq->sq_cv);
	rumpuser_mutex_exit(sq->sq_mtx);
}

#ifdef LOCKDEBUG
/* Whether the caller may release mtx: it holds it, or neither has an
 * LWP (a host thread outside the kernel, as when an implicit LWP is
 * made; such holders cannot be told apart). */
static bool
mutex_releasable(const kmutex_t *mtx)
{
	if (curlwp != NULL || mtx->mtx_hyp != NULL)
		return mutex_owned(mtx);
	return MTX_OWNER(atomic_load_relaxed(&mtx->mtx_owner)) == MTX_ANON;
}
#endif

void
mutex_exit(kmutex_t *mtx)
{
	LOCKDEBUG_UNLOCKED(mtx, mtx->mtx_name, mutex_releasable(mtx));
	mutex_exit_nodebug(mtx);
}

void
mutex_exit_nodebug(kmutex_t *mtx)
{
	uintptr_t o;

	if (mtx->mtx_hyp != NULL) {
		rumpuser_mutex_exit(mtx->mtx_hyp);
		return;
	}
	/* Ownership is the lock checker's to verify (LOCKDEBUG). */
	o = atomic_load_relaxed(&mtx->mtx_owner);
	if (__predict_false((o & MTX_WAITERS) ||
	    !mtx_cas(mtx, &o, 0, __ATOMIC_RELEASE)))
		mutex_exit_slow(mtx);
}

bool
mutex_owned(const kmutex_t *mtx)
{
	struct lwp *l = curlwp;

	if (l == NULL)
		return false;
	if (mtx->mtx_hyp != NULL)
		return rumpuser_mutex_owner(mtx->mtx_hyp) == l;
	return MTX_OWNER(atomic_load_relaxed(&mtx->mtx_owner)) == (uintptr_t)l;
}

struct kmutex_obj {
	kmutex_t mo_lock;
	unsigned mo_refcnt;
};

kmutex_t *
mutex_obj_alloc(kmutex_type_t type, int ipl)
{
	struct kmutex_obj *mo = kmem_alloc(sizeof(*mo), KM_SLEEP);

	if (mo == NULL)
		return NULL;
	mutex_init(&mo->mo_lock, type, ipl);
	mo->mo_refcnt = 1;
	return &mo->mo_lock;
}

void
mutex_obj_hold(kmutex_t *mtx)
{
	atomic_inc_uint(&container_of(mtx, struct kmutex_obj, mo_lock)->mo_refcnt);
}

bool
mutex_obj_free(kmutex_t *mtx)
{
	struct kmutex_obj *mo = container_of(mtx, struct kmutex_obj, mo_lock);

	if (atomic_dec_uint_nv(&mo->mo_refcnt) > 0)
		return false;
	mutex_destroy(&mo->mo_lock);
	kmem_free(mo, sizeof(*mo));
	return true;
}
