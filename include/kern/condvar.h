/*
 * condvar.h: condition variables, used with a kmutex as interlock.
 * Waiting gives the virtual CPU back.  Timeouts are in clock ticks
 * (hz per second); 0 means no timeout.
 */
#ifndef KERN_CONDVAR_H
#define KERN_CONDVAR_H

#include <kern/mutex.h>

struct rumpuser_cv;

typedef struct kcondvar {
	struct rumpuser_cv *cv_hyp;
	const char *cv_wmesg;
	unsigned cv_waiters;		/* atomic */
} kcondvar_t;

void cv_init(kcondvar_t *, const char *wmesg);
void cv_destroy(kcondvar_t *);
void cv_wait(kcondvar_t *, kmutex_t *);
/* 0 when woken, EWOULDBLOCK when ticks passed first. */
int cv_timedwait(kcondvar_t *, kmutex_t *, int ticks);
/* As cv_timedwait with a timeout of sec seconds and nsec nanoseconds. */
int cv_timedwait_ns(kcondvar_t *, kmutex_t *, int64_t sec, long nsec);
void cv_signal(kcondvar_t *);
void cv_broadcast(kcondvar_t *);
bool cv_has_waiters(kcondvar_t *);

#endif /* KERN_CONDVAR_H */
