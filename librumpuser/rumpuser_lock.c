/*
 * rumpuser_lock.c: the kernel's locks on host threads: mutexes,
 * reader/writer locks and condition variables.
 *
 * The rule behind every wait here: give the virtual CPU back before
 * waiting in the host, and never wait for a virtual CPU while holding a
 * spin mutex or an internal pthread mutex, because a thread holding a
 * CPU may be spinning on that very mutex.  Holding a sleep lock while
 * waiting for a CPU is fine.
 */
#include "rumpuser_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/*
 * Mutexes.
 */
struct rumpuser_mtx {
	pthread_mutex_t pm;
	int flags;
	struct lwp *owner;	/* RUMPUSER_MTX_KMUTEX only; atomic access */
};

static inline void
ru_setowner(struct rumpuser_mtx *mtx)
{
	if (mtx->flags & RUMPUSER_MTX_KMUTEX)
		__atomic_store_n(&mtx->owner, rumpuser_curlwp(), __ATOMIC_RELAXED);
}

static inline void
ru_clrowner(struct rumpuser_mtx *mtx)
{
	if (mtx->flags & RUMPUSER_MTX_KMUTEX)
		__atomic_store_n(&mtx->owner, NULL, __ATOMIC_RELAXED);
}

int
rumpuser_mutex_init(struct rumpuser_mtx **mtxp, int flags)
{
	struct rumpuser_mtx *mtx;
	int error;

	if ((mtx = malloc(sizeof(*mtx))) == NULL)
		return RUMP_ENOMEM;
	if ((error = pthread_mutex_init(&mtx->pm, NULL)) != 0) {
		free(mtx);
		return ru_errno_to_kernel(error);
	}
	mtx->flags = flags;
	mtx->owner = NULL;
	*mtxp = mtx;
	return 0;
}

void
rumpuser_mutex_enter_nowrap(struct rumpuser_mtx *mtx)
{
	RU_MUST(pthread_mutex_lock(&mtx->pm));
	ru_setowner(mtx);
}

void
rumpuser_mutex_enter(struct rumpuser_mtx *mtx)
{
	/* Spin mutex holders never wait for a CPU, so keep ours. */
	if (mtx->flags & RUMPUSER_MTX_SPIN) {
		rumpuser_mutex_enter_nowrap(mtx);
		return;
	}
	if (pthread_mutex_trylock(&mtx->pm) != 0)
		RU_BLOCKING(RU_MUST(pthread_mutex_lock(&mtx->pm)));
	ru_setowner(mtx);
}

int
rumpuser_mutex_tryenter(struct rumpuser_mtx *mtx)
{
	if (pthread_mutex_trylock(&mtx->pm) != 0)
		return RUMP_EBUSY;
	ru_setowner(mtx);
	return 0;
}

void
rumpuser_mutex_exit(struct rumpuser_mtx *mtx)
{
	ru_clrowner(mtx);
	RU_MUST(pthread_mutex_unlock(&mtx->pm));
}

void
rumpuser_mutex_destroy(struct rumpuser_mtx *mtx)
{
	RU_MUST(pthread_mutex_destroy(&mtx->pm));
	free(mtx);
}

struct lwp *
rumpuser_mutex_owner(struct rumpuser_mtx *mtx)
{
	return __atomic_load_n(&mtx->owner, __ATOMIC_RELAXED);
}

/*
 * Reader/writer locks.  pthread rwlocks can neither downgrade nor
 * upgrade, so this is one of our own: state under a pthread mutex that
 * is only ever held briefly, waiters on two condvars.  Writers go first
 * (readers wait while a writer waits) so they don't starve.
 */
struct rumpuser_rw {
	pthread_mutex_t pm;
	pthread_cond_t rcv;		/* readers wait here */
	pthread_cond_t wcv;		/* writers wait here */
	int readers;			/* read holds */
	int wheld;			/* write held (owner may be NULL) */
	struct lwp *writer;		/* write owner's LWP */
	int rwait, wwait;		/* waiting readers, writers */
};

int
rumpuser_rw_init(struct rumpuser_rw **rwp)
{
	struct rumpuser_rw *rw;

	if ((rw = calloc(1, sizeof(*rw))) == NULL)
		return RUMP_ENOMEM;
	if (pthread_mutex_init(&rw->pm, NULL) != 0 ||
	    pthread_cond_init(&rw->rcv, NULL) != 0 ||
	    pthread_cond_init(&rw->wcv, NULL) != 0) {
		free(rw);	/* only resource shortage can get here */
		return RUMP_ENOMEM;
	}
	*rwp = rw;
	return 0;
}

/* Take the lock if it is free for how; called with rw->pm held. */
static int
ru_rw_take(struct rumpuser_rw *rw, enum rumpuser_rwlock how)
{
	if (how == RUMPUSER_RW_WRITER) {
		if (rw->wheld || rw->readers > 0)
			return 0;
		rw->wheld = 1;
		rw->writer = rumpuser_curlwp();
	} else {
		if (rw->wheld || rw->wwait > 0)
			return 0;
		rw->readers++;
	}
	return 1;
}

void
rumpuser_rw_enter(struct rumpuser_rw *rw, enum rumpuser_rwlock how)
{
	int unscheduled;

	RU_MUST(pthread_mutex_lock(&rw->pm));
	if (ru_rw_take(rw, how)) {
		RU_MUST(pthread_mutex_unlock(&rw->pm));
		return;
	}
	/* No upcall while holding pm: drop it around unscheduling. */
	RU_MUST(pthread_mutex_unlock(&rw->pm));
	unscheduled = ru_unsched();
	RU_MUST(pthread_mutex_lock(&rw->pm));
	if (how == RUMPUSER_RW_WRITER) {
		rw->wwait++;
		while (!ru_rw_take(rw, how))
			RU_MUST(pthread_cond_wait(&rw->wcv, &rw->pm));
		rw->wwait--;
	} else {
		rw->rwait++;
		while (!ru_rw_take(rw, how))
			RU_MUST(pthread_cond_wait(&rw->rcv, &rw->pm));
		rw->rwait--;
	}
	RU_MUST(pthread_mutex_unlock(&rw->pm));
	ru_resched(unscheduled);
}

int
rumpuser_rw_tryenter(struct rumpuser_rw *rw, enum rumpuser_rwlock how)
{
	int taken;

	RU_MUST(pthread_mutex_lock(&rw->pm));
	taken = ru_rw_take(rw, how);
	RU_MUST(pthread_mutex_unlock(&rw->pm));
	return taken ? 0 : RUMP_EBUSY;
}

/* Wake whoever may now get in; called with rw->pm held. */
static void
ru_rw_wake(struct rumpuser_rw *rw)
{
	if (rw->wheld)
		return;
	if (rw->wwait > 0) {
		if (rw->readers == 0)
			RU_MUST(pthread_cond_signal(&rw->wcv));
	} else if (rw->rwait > 0) {
		RU_MUST(pthread_cond_broadcast(&rw->rcv));
	}
}

void
rumpuser_rw_exit(struct rumpuser_rw *rw)
{
	RU_MUST(pthread_mutex_lock(&rw->pm));
	if (rw->wheld) {
		rw->wheld = 0;
		rw->writer = NULL;
	} else {
		rw->readers--;
	}
	ru_rw_wake(rw);
	RU_MUST(pthread_mutex_unlock(&rw->pm));
}

void
rumpuser_rw_downgrade(struct rumpuser_rw *rw)
{
	RU_MUST(pthread_mutex_lock(&rw->pm));
	rw->wheld = 0;
	rw->writer = NULL;
	rw->readers = 1;
	ru_rw_wake(rw);
	RU_MUST(pthread_mutex_unlock(&rw->pm));
}

int
rumpuser_rw_tryupgrade(struct rumpuser_rw *rw)
{
	int upgraded = 0;

	RU_MUST(pthread_mutex_lock(&rw->pm));
	if (rw->readers == 1 && !rw->wheld) {
		rw->readers = 0;
		rw->wheld = 1;
		rw->writer = rumpuser_curlwp();
		upgraded = 1;
	}
	RU_MUST(pthread_mutex_unlock(&rw->pm));
	return upgraded ? 0 : RUMP_EBUSY;
}

int
rumpuser_rw_held(struct rumpuser_rw *rw, enum rumpuser_rwlock how)
{
	int held;

	RU_MUST(pthread_mutex_lock(&rw->pm));
	if (how == RUMPUSER_RW_WRITER)
		held = rw->wheld && rw->writer == rumpuser_curlwp();
	else
		held = rw->readers > 0;
	RU_MUST(pthread_mutex_unlock(&rw->pm));
	return held;
}

void
rumpuser_rw_destroy(struct rumpuser_rw *rw)
{
	RU_MUST(pthread_cond_destroy(&rw->wcv));
	RU_MUST(pthread_cond_destroy(&rw->rcv));
	RU_MUST(pthread_mutex_destroy(&rw->pm));
	free(rw);
}

/*
 * Condition variables, on CLOCK_MONOTONIC so timed waits ignore changes
 * of the wall clock.
 */
struct rumpuser_cv {
	pthread_cond_t pc;
	int nwaiters;			/* under the waiters' mutex */
};

int
rumpuser_cv_init(struct rumpuser_cv **cvp)
{
	struct rumpuser_cv *cv;
	pthread_condattr_t attr;
	int error;

	if ((cv = malloc(sizeof(*cv))) == NULL)
		return RUMP_ENOMEM;
	if ((error = pthread_condattr_init(&attr)) == 0) {
		error = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
		if (error == 0)
			error = pthread_cond_init(&cv->pc, &attr);
		pthread_condattr_destroy(&attr);
	}
	if (error != 0) {
		free(cv);
		return ru_errno_to_kernel(error);
	}
	cv->nwaiters = 0;
	*cvp = cv;
	return 0;
}

void
rumpuser_cv_destroy(struct rumpuser_cv *cv)
{
	RU_MUST(pthread_cond_destroy(&cv->pc));
	free(cv);
}

/*
 * Wait on cv with mtx held, until deadline if not NULL; wrap: give the
 * CPU back meanwhile.  The host error: 0 or ETIMEDOUT.
 */
static int
ru_cv_wait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx,
    const struct timespec *deadline, int wrap)
{
	int error = 0, unscheduled = 0;

	cv->nwaiters++;
	ru_clrowner(mtx);
	if (wrap)
		unscheduled = ru_unsched();
	if (deadline == NULL)
		RU_MUST(pthread_cond_wait(&cv->pc, &mtx->pm));
	else if ((error = pthread_cond_timedwait(&cv->pc, &mtx->pm,
	    deadline)) != 0 && error != ETIMEDOUT)
		rumpuser__fatal("pthread_cond_timedwait", error);
	cv->nwaiters--;
	if (unscheduled) {
		/* CPU holders may spin on mtx: wait for the CPU without
		 * it, then take mtx again as its kind wants (a spin mutex
		 * keeping the CPU, a sleep mutex releasing it if busy). */
		RU_MUST(pthread_mutex_unlock(&mtx->pm));
		ru_resched(unscheduled);
		rumpuser_mutex_enter(mtx);
	} else {
		ru_setowner(mtx);
	}
	return error;
}

void
rumpuser_cv_wait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx)
{
	(void)ru_cv_wait(cv, mtx, NULL, 1);
}

void
rumpuser_cv_wait_nowrap(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx)
{
	(void)ru_cv_wait(cv, mtx, NULL, 0);
}

int
rumpuser_cv_timedwait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx,
    rumpuser_int64_t sec, long nsec)
{
	const int64_t tmax = sizeof(time_t) >= 8 ? INT64_MAX : INT32_MAX;
	struct timespec now, deadline;
	int64_t s;
	long ns;

	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	ru_normalize(&sec, &nsec);
	if (sec < 0)
		sec = nsec = 0;		/* already past: time out at once */
	ns = now.tv_nsec + nsec;
	s = (int64_t)now.tv_sec + (ns >= 1000000000L);
	ns %= 1000000000L;
	/* A deadline past the range of time_t is as good as never. */
	s = sec > tmax - s ? tmax : s + sec;
	deadline.tv_sec = (time_t)s;
	deadline.tv_nsec = ns;
	return ru_cv_wait(cv, mtx, &deadline, 1) == ETIMEDOUT ?
	    RUMP_ETIMEDOUT : 0;
}

void
rumpuser_cv_signal(struct rumpuser_cv *cv)
{
	RU_MUST(pthread_cond_signal(&cv->pc));
}

void
rumpuser_cv_broadcast(struct rumpuser_cv *cv)
{
	RU_MUST(pthread_cond_broadcast(&cv->pc));
}

int
rumpuser_cv_has_waiters(struct rumpuser_cv *cv)
{
	return cv->nwaiters;
}
