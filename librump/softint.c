/*
 * softint.c: soft interrupts.
 *
 * Each level has a queue of handlers asked to run and a kernel thread
 * that runs them in order.  A level's thread starts the first time a
 * handler of that level is established, so a kernel that uses none
 * starts none.  A level's lock covers its queue and its handlers'
 * si_pending flags.
 */
#include <kern/systm.h>
#include <kern/softint.h>
#include <kern/condvar.h>
#include <kern/kthread.h>
#include <kern/kmem.h>
#include "core.h"

struct softint {
	void (*si_func)(void *);
	void *si_arg;
	struct softint_level *si_level;
	bool si_pending;
	struct list_node si_entry;	/* on sl_queue while pending */
};

struct softint_level {
	kmutex_t sl_lock;
	kcondvar_t sl_cv;		/* thread waits for work */
	kcondvar_t sl_done_cv;		/* disestablish waits for a run */
	struct list_node sl_queue;
	struct softint *sl_running;
	struct lwp *sl_thread;
	bool sl_stop;
};

static struct softint_level softint_levels[SOFTINT_COUNT];
static kmutex_t softint_start_lock;	/* serialises thread creation */
static const char *const softint_names[SOFTINT_COUNT] = {
	"softclk", "softbio", "softnet", "softser"
};

static void
softint_thread(void *arg)
{
	struct softint_level *sl = arg;
	struct softint *si;

	mutex_enter(&sl->sl_lock);
	for (;;) {
		si = list_first(&sl->sl_queue, struct softint, si_entry);
		if (si == NULL) {
			if (sl->sl_stop)
				break;
			cv_wait(&sl->sl_cv, &sl->sl_lock);
			continue;
		}
		list_remove(&si->si_entry);
		si->si_pending = false;
		sl->sl_running = si;
		mutex_exit(&sl->sl_lock);
		si->si_func(si->si_arg);
		mutex_enter(&sl->sl_lock);
		sl->sl_running = NULL;
		cv_broadcast(&sl->sl_done_cv);
	}
	mutex_exit(&sl->sl_lock);
}

void
softint_startup(void)
{
	mutex_init(&softint_start_lock, MUTEX_DEFAULT, IPL_NONE);
	for (int i = 0; i < SOFTINT_COUNT; i++) {
		struct softint_level *sl = &softint_levels[i];
		mutex_init(&sl->sl_lock, MUTEX_DEFAULT, IPL_NONE);
		cv_init(&sl->sl_cv, softint_names[i]);
		cv_init(&sl->sl_done_cv, "softdone");
		list_init(&sl->sl_queue);
	}
}

void *
softint_establish(unsigned flags, void (*func)(void *), void *arg)
{
	unsigned level = flags & SOFTINT_LVLMASK;
	struct softint_level *sl;
	struct softint *si;

	if (level >= SOFTINT_COUNT)
		return NULL;
	sl = &softint_levels[level];
	mutex_enter(&softint_start_lock);
	if (sl->sl_thread == NULL &&
	    kthread_create(KTHREAD_MUSTJOIN, softint_thread, sl,
	    &sl->sl_thread, "%s", softint_names[level]) != 0) {
		mutex_exit(&softint_start_lock);
		return NULL;
	}
	mutex_exit(&softint_start_lock);
	if ((si = kmem_zalloc(sizeof(*si), KM_SLEEP)) == NULL)
		return NULL;
	si->si_func = func;
	si->si_arg = arg;
	si->si_level = sl;
	list_init(&si->si_entry);
	return si;
}

void
softint_schedule(void *cookie)
{
	struct softint *si = cookie;
	struct softint_level *sl = si->si_level;

	mutex_enter(&sl->sl_lock);
	if (!si->si_pending) {
		si->si_pending = true;
		list_insert_tail(&sl->sl_queue, &si->si_entry);
		cv_signal(&sl->sl_cv);
	}
	mutex_exit(&sl->sl_lock);
}

void
softint_disestablish(void *cookie)
{
	struct softint *si = cookie;
	struct softint_level *sl = si->si_level;

	mutex_enter(&sl->sl_lock);
	if (si->si_pending) {
		list_remove(&si->si_entry);
		si->si_pending = false;
	}
	while (sl->sl_running == si)
		cv_wait(&sl->sl_done_cv, &sl->sl_lock);
	mutex_exit(&sl->sl_lock);
	kmem_free(si, sizeof(*si));
}

/* Run what is queued, then stop and join every level's thread. */
void
softint_shutdown(void)
{
	for (int i = 0; i < SOFTINT_COUNT; i++) {
		struct softint_level *sl = &softint_levels[i];

		if (sl->sl_thread == NULL)
			continue;
		mutex_enter(&sl->sl_lock);
		sl->sl_stop = true;
		cv_signal(&sl->sl_cv);
		mutex_exit(&sl->sl_lock);
		kthread_join(sl->sl_thread);
		sl->sl_thread = NULL;
	}
}
