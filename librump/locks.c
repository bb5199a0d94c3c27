/*
 * locks.c: mutexes and condition variables (reader/writer locks:
 * rwlock.c).
 *
 * Each wraps a host lock from the hypercall layer, which gives the
 * virtual CPU back while it waits (spin mutexes keep it).
 * Debug builds (LOCKDEBUG) also record who holds what and in which
 * order (lockdebug.c).
 */
#include <kern/systm.h>
#include <kern/mutex.h>
#include <kern/condvar.h>
#include <kern/kmem.h>
#include <kern/atomic.h>
#include <kern/time.h>
#include <kern/lockdebug.h>
#include <rump/rumpuser.h>

void
mutex_init_named(kmutex_t *mtx, kmutex_type_t type, int ipl, const char *name)
{
	int flags = RUMPUSER_MTX_KMUTEX;

	mtx->mtx_spin = type == MUTEX_SPIN || ipl != IPL_NONE;
	if (mtx->mtx_spin)
		flags |= RUMPUSER_MTX_SPIN;
	mtx->mtx_name = name;
	if (rumpuser_mutex_init(&mtx->mtx_hyp, flags) != 0)
		panic("mutex_init %s: host out of memory", name);
}

void
mutex_destroy(kmutex_t *mtx)
{
	LOCKDEBUG_FREE(mtx, mtx->mtx_name, mutex_owned(mtx));
	rumpuser_mutex_destroy(mtx->mtx_hyp);
}

void
mutex_enter(kmutex_t *mtx)
{
	LOCKDEBUG_WANT(mtx, mtx->mtx_name, mutex_owned(mtx));
	if (mtx->mtx_spin)
		rumpuser_mutex_enter_nowrap(mtx->mtx_hyp);
	else
		rumpuser_mutex_enter(mtx->mtx_hyp);
	LOCKDEBUG_LOCKED(mtx, mtx->mtx_name);
}

int
mutex_tryenter(kmutex_t *mtx)
{
	if (rumpuser_mutex_tryenter(mtx->mtx_hyp) != 0)
		return 0;
	LOCKDEBUG_LOCKED(mtx, mtx->mtx_name);
	return 1;
}

void
mutex_exit(kmutex_t *mtx)
{
	LOCKDEBUG_UNLOCKED(mtx, mtx->mtx_name, mutex_owned(mtx));
	rumpuser_mutex_exit(mtx->mtx_hyp);
}

bool
mutex_owned(const kmutex_t *mtx)
{
	struct lwp *l = rumpuser_curlwp();

	return l != NULL && rumpuser_mutex_owner(mtx->mtx_hyp) == l;
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

void
cv_init(kcondvar_t *cv, const char *wmesg)
{
	cv->cv_wmesg = wmesg;
	if (rumpuser_cv_init(&cv->cv_hyp) != 0)
		panic("cv_init %s: host out of memory", wmesg);
}

void
cv_destroy(kcondvar_t *cv)
{
	rumpuser_cv_destroy(cv->cv_hyp);
}

void
cv_wait(kcondvar_t *cv, kmutex_t *mtx)
{
	LOCKDEBUG_UNLOCKED(mtx, mtx->mtx_name, mutex_owned(mtx));
	rumpuser_cv_wait(cv->cv_hyp, mtx->mtx_hyp);
	LOCKDEBUG_LOCKED(mtx, mtx->mtx_name);
}

int
cv_timedwait_ns(kcondvar_t *cv, kmutex_t *mtx, int64_t sec, long nsec)
{
	int error;

	LOCKDEBUG_UNLOCKED(mtx, mtx->mtx_name, mutex_owned(mtx));
	error = rumpuser_cv_timedwait(cv->cv_hyp, mtx->mtx_hyp, sec, nsec);
	LOCKDEBUG_LOCKED(mtx, mtx->mtx_name);
	return error == ETIMEDOUT ? EWOULDBLOCK : error;
}

int
cv_timedwait(kcondvar_t *cv, kmutex_t *mtx, int ticks)
{
	int64_t ns;

	if (ticks <= 0) {
		cv_wait(cv, mtx);
		return 0;
	}
	ns = (int64_t)ticks * (NSEC_PER_SEC / hz);
	return cv_timedwait_ns(cv, mtx, ns / NSEC_PER_SEC, ns % NSEC_PER_SEC);
}

void
cv_signal(kcondvar_t *cv)
{
	rumpuser_cv_signal(cv->cv_hyp);
}

void
cv_broadcast(kcondvar_t *cv)
{
	rumpuser_cv_broadcast(cv->cv_hyp);
}

bool
cv_has_waiters(kcondvar_t *cv)
{
	return rumpuser_cv_has_waiters(cv->cv_hyp) != 0;
}
