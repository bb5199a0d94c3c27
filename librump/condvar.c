/*
 * condvar.c: condition variables.
 *
 * A waiter takes its condition variable's sleep queue (sleepq.c)
 * before it releases the interlock, and sleeps on the variable's own
 * host condition variable with the queue's host mutex, so a signal
 * given after the waiter saw its condition false (signals take the
 * queue too) cannot be missed.  Spin mutexes are host mutexes and are
 * waited on directly.  Waiting gives the virtual CPU back.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/condvar.h>
#include <kern/lockdebug.h>
#include <kern/time.h>
#include <rump/rumpuser.h>
#include "core.h"

void
cv_init(kcondvar_t *cv, const char *wmesg)
{
	cv->cv_wmesg = wmesg;
	cv->cv_waiters = 0;
	if (rumpuser_cv_init(&cv->cv_hyp) != 0)
		panic("cv_init %s: host out of memory", wmesg);
}

void
cv_destroy(kcondvar_t *cv)
{
	KASSERTMSG(cv->cv_waiters == 0, "cv_destroy %s: waiters", cv->cv_wmesg);
	rumpuser_cv_destroy(cv->cv_hyp);
}

/* Wait, for at most sec+nsec if timed; 0 or ETIMEDOUT from the host. */
static int
cv_sleep(kcondvar_t *cv, kmutex_t *mtx, bool timed, int64_t sec, long nsec)
{
	struct sleepq *sq;
	int error = 0;

	LOCKDEBUG_UNLOCKED(mtx, mtx->mtx_name, mutex_owned(mtx));
	atomic_inc_uint(&cv->cv_waiters);
	if (mtx->mtx_hyp != NULL) {
		if (timed)
			error = rumpuser_cv_timedwait(cv->cv_hyp, mtx->mtx_hyp,
			    sec, nsec);
		else
			rumpuser_cv_wait(cv->cv_hyp, mtx->mtx_hyp);
		atomic_dec_uint(&cv->cv_waiters);
		LOCKDEBUG_LOCKED(mtx, mtx->mtx_name);
		return error;
	}
	sq = sleepq_of(SLEEPQ_CV, cv);
	rumpuser_mutex_enter(sq->sq_mtx);
	mutex_exit_nodebug(mtx);
	if (timed)
		error = rumpuser_cv_timedwait(cv->cv_hyp, sq->sq_mtx, sec, nsec);
	else
		rumpuser_cv_wait(cv->cv_hyp, sq->sq_mtx);
	rumpuser_mutex_exit(sq->sq_mtx);
	atomic_dec_uint(&cv->cv_waiters);
	mutex_enter_nodebug(mtx);
	LOCKDEBUG_LOCKED(mtx, mtx->mtx_name);
	return error;
}

void
cv_wait(kcondvar_t *cv, kmutex_t *mtx)
{
	(void)cv_sleep(cv, mtx, false, 0, 0);
}

int
cv_timedwait_ns(kcondvar_t *cv, kmutex_t *mtx, int64_t sec, long nsec)
{
	return cv_sleep(cv, mtx, true, sec, nsec) == ETIMEDOUT ?
	    EWOULDBLOCK : 0;
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

/* Wake one or all; waiters on a spin mutex's variable hold no queue. */
static void
cv_wake(kcondvar_t *cv, bool all)
{
	struct sleepq *sq;

	if (atomic_load_relaxed(&cv->cv_waiters) == 0)
		return;
	sq = sleepq_of(SLEEPQ_CV, cv);
	rumpuser_mutex_enter(sq->sq_mtx);
	if (all)
		rumpuser_cv_broadcast(cv->cv_hyp);
	else
		rumpuser_cv_signal(cv->cv_hyp);
	rumpuser_mutex_exit(sq->sq_mtx);
}

void
cv_signal(kcondvar_t *cv)
{
	cv_wake(cv, false);
}

void
cv_broadcast(kcondvar_t *cv)
{
	cv_wake(cv, true);
}

bool
cv_has_waiters(kcondvar_t *cv)
{
	return atomic_load_relaxed(&cv->cv_waiters) > 0;
}
