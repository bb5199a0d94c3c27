/*
 * callout.c: the clock thread and callouts.
 *
 * Pending callouts sit on one list sorted by (deadline tick, sequence),
 * so equal deadlines run in scheduling order.  The clock thread sleeps
 * until the earliest deadline (not every tick: an idle kernel costs no
 * CPU) and runs what is due.  callout_lock, a spin mutex, covers every
 * callout's c_flags and list linkage; functions run without it held.
 */
#include <kern/systm.h>
#include <kern/callout.h>
#include <kern/condvar.h>
#include <kern/kthread.h>
#include <kern/lwp.h>
#include <kern/time.h>
#include "core.h"


static kmutex_t callout_lock;
static kcondvar_t callout_cv;		/* clock thread sleeps here */
static kcondvar_t callout_done_cv;	/* callout_halt waits here */
static struct list_node callout_pending_list = LIST_HEAD_INIT(callout_pending_list);
static uint64_t callout_seq;
static callout_t *callout_running;	/* the one whose function runs */
static struct lwp *callout_lwp;
static bool callout_stop_thread;

void
callout_init(callout_t *c, unsigned flags __unused)
{
	memset(c, 0, sizeof(*c));
	list_init(&c->c_entry);
}

void
callout_destroy(callout_t *c)
{
	KASSERTMSG(!(c->c_flags & (CALLOUT_PENDING | CALLOUT_RUNNING)),
	    "callout_destroy: callout %p still pending or running", c);
}

void
callout_setfunc(callout_t *c, void (*func)(void *), void *arg)
{
	mutex_enter(&callout_lock);
	c->c_func = func;
	c->c_arg = arg;
	mutex_exit(&callout_lock);
}

/* Put c on the pending list in order; callout_lock held. */
static void
callout_insert(callout_t *c)
{
	callout_t *o;
	struct list_node *pos = &callout_pending_list;

	list_foreach(o, &callout_pending_list, callout_t, c_entry) {
		if (o->c_time > c->c_time)
			break;
		pos = &o->c_entry;
	}
	list_insert_after(pos, &c->c_entry);
}

void
callout_reset(callout_t *c, int ticks, void (*func)(void *), void *arg)
{
	if (ticks <= 0)
		ticks = 1;
	mutex_enter(&callout_lock);
	c->c_func = func;
	c->c_arg = arg;
	if (c->c_flags & CALLOUT_PENDING)
		list_remove(&c->c_entry);
	c->c_time = getticks() + (uint64_t)ticks;
	c->c_seq = callout_seq++;
	c->c_flags = (c->c_flags | CALLOUT_PENDING) & ~CALLOUT_FIRED;
	callout_insert(c);
	if (list_first(&callout_pending_list, callout_t, c_entry) == c)
		cv_signal(&callout_cv);
	mutex_exit(&callout_lock);
}

void
callout_schedule(callout_t *c, int ticks)
{
	callout_reset(c, ticks, c->c_func, c->c_arg);
}

bool
callout_stop(callout_t *c)
{
	bool was;

	mutex_enter(&callout_lock);
	was = (c->c_flags & CALLOUT_PENDING) != 0;
	if (was)
		list_remove(&c->c_entry);
	c->c_flags &= ~CALLOUT_PENDING;
	mutex_exit(&callout_lock);
	return was;
}

bool
callout_halt(callout_t *c, kmutex_t *interlock)
{
	bool was = callout_stop(c);

	mutex_enter(&callout_lock);
	/* The clock thread itself must not wait for its own callout. */
	while (callout_running == c && curlwp != callout_lwp) {
		if (interlock != NULL) {
			mutex_exit(&callout_lock);
			mutex_exit(interlock);
			mutex_enter(&callout_lock);
			if (callout_running == c)
				cv_wait(&callout_done_cv, &callout_lock);
			mutex_exit(&callout_lock);
			mutex_enter(interlock);
			mutex_enter(&callout_lock);
		} else {
			cv_wait(&callout_done_cv, &callout_lock);
		}
	}
	mutex_exit(&callout_lock);
	return was;
}

static bool
callout_flag(callout_t *c, unsigned flag)
{
	bool set;

	mutex_enter(&callout_lock);
	set = (c->c_flags & flag) != 0;
	mutex_exit(&callout_lock);
	return set;
}

bool
callout_pending(callout_t *c)
{
	return callout_flag(c, CALLOUT_PENDING);
}

bool
callout_invoking(callout_t *c)
{
	return callout_flag(c, CALLOUT_RUNNING);
}

bool
callout_expired(callout_t *c)
{
	return callout_flag(c, CALLOUT_FIRED);
}

/* Run every due callout; callout_lock held, dropped around functions. */
static void
callout_run_due(void)
{
	callout_t *c;

	while ((c = list_first(&callout_pending_list, callout_t, c_entry)) != NULL &&
	    c->c_time <= getticks()) {
		void (*func)(void *) = c->c_func;
		void *arg = c->c_arg;

		list_remove(&c->c_entry);
		c->c_flags = (c->c_flags & ~CALLOUT_PENDING) |
		    CALLOUT_RUNNING | CALLOUT_FIRED;
		callout_running = c;
		mutex_exit(&callout_lock);
		func(arg);
		mutex_enter(&callout_lock);
		callout_running = NULL;
		c->c_flags &= ~CALLOUT_RUNNING;
		cv_broadcast(&callout_done_cv);
	}
}

static void
callout_thread(void *arg __unused)
{
	callout_t *c;

	mutex_enter(&callout_lock);
	while (!callout_stop_thread) {
		callout_run_due();
		if ((c = list_first(&callout_pending_list, callout_t, c_entry)) == NULL) {
			cv_wait(&callout_cv, &callout_lock);
		} else {
			uint64_t now = getticks();
			int wait = c->c_time > now ? (int)(c->c_time - now) : 1;
			cv_timedwait(&callout_cv, &callout_lock, wait);
		}
	}
	mutex_exit(&callout_lock);
	kthread_exit(0);
}

int
callout_startup(void)
{
	mutex_init(&callout_lock, MUTEX_SPIN, IPL_SCHED);
	cv_init(&callout_cv, "callout");
	cv_init(&callout_done_cv, "calldone");
	return kthread_create(KTHREAD_MUSTJOIN, callout_thread, NULL,
	    &callout_lwp, "clock");
}

void
callout_shutdown(void)
{
	mutex_enter(&callout_lock);
	callout_stop_thread = true;
	cv_signal(&callout_cv);
	mutex_exit(&callout_lock);
	kthread_join(callout_lwp);
}
