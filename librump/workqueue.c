/*
 * workqueue.c: work queues, each served by a kernel thread of its own.
 * wq_lock covers the queue, wq_running and wq_stop.
 */
#include <kern/systm.h>
#include <kern/workqueue.h>
#include <kern/condvar.h>
#include <kern/kthread.h>
#include <kern/kmem.h>

struct workqueue {
	void (*wq_func)(struct work *, void *);
	void *wq_arg;
	kmutex_t wq_lock;
	kcondvar_t wq_cv;		/* thread waits for work */
	kcondvar_t wq_done_cv;		/* workqueue_wait waits here */
	struct work *wq_head, *wq_tail;
	struct work *wq_running;
	struct lwp *wq_thread;
	bool wq_stop;
};

static bool
wq_queued(struct workqueue *wq, struct work *wk)
{
	for (struct work *w = wq->wq_head; w != NULL; w = w->wk_next)
		if (w == wk)
			return true;
	return false;
}

static void
workqueue_thread(void *arg)
{
	struct workqueue *wq = arg;
	struct work *wk;

	mutex_enter(&wq->wq_lock);
	for (;;) {
		if ((wk = wq->wq_head) == NULL) {
			if (wq->wq_stop)
				break;
			cv_wait(&wq->wq_cv, &wq->wq_lock);
			continue;
		}
		if ((wq->wq_head = wk->wk_next) == NULL)
			wq->wq_tail = NULL;
		wq->wq_running = wk;
		mutex_exit(&wq->wq_lock);
		wq->wq_func(wk, wq->wq_arg);
		mutex_enter(&wq->wq_lock);
		wq->wq_running = NULL;
		cv_broadcast(&wq->wq_done_cv);
	}
	mutex_exit(&wq->wq_lock);
}

int
workqueue_create(struct workqueue **wqp, const char *name,
    void (*func)(struct work *, void *), void *arg, int prio __unused,
    int ipl __unused, int flags __unused)
{
	struct workqueue *wq = kmem_zalloc(sizeof(*wq), KM_SLEEP);
	int error;

	if (wq == NULL)
		return ENOMEM;
	wq->wq_func = func;
	wq->wq_arg = arg;
	mutex_init(&wq->wq_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&wq->wq_cv, name);
	cv_init(&wq->wq_done_cv, "wqdone");
	if ((error = kthread_create(KTHREAD_MUSTJOIN, workqueue_thread, wq,
	    &wq->wq_thread, "%s", name)) != 0) {
		cv_destroy(&wq->wq_done_cv);
		cv_destroy(&wq->wq_cv);
		mutex_destroy(&wq->wq_lock);
		kmem_free(wq, sizeof(*wq));
		return error;
	}
	*wqp = wq;
	return 0;
}

void
workqueue_enqueue(struct workqueue *wq, struct work *wk,
    struct cpu_info *ci __unused)
{
	mutex_enter(&wq->wq_lock);
	wk->wk_next = NULL;
	if (wq->wq_tail != NULL)
		wq->wq_tail->wk_next = wk;
	else
		wq->wq_head = wk;
	wq->wq_tail = wk;
	cv_signal(&wq->wq_cv);
	mutex_exit(&wq->wq_lock);
}

void
workqueue_wait(struct workqueue *wq, struct work *wk)
{
	mutex_enter(&wq->wq_lock);
	while (wq->wq_running == wk || wq_queued(wq, wk))
		cv_wait(&wq->wq_done_cv, &wq->wq_lock);
	mutex_exit(&wq->wq_lock);
}

void
workqueue_destroy(struct workqueue *wq)
{
	mutex_enter(&wq->wq_lock);
	wq->wq_stop = true;
	cv_signal(&wq->wq_cv);
	mutex_exit(&wq->wq_lock);
	kthread_join(wq->wq_thread);
	cv_destroy(&wq->wq_done_cv);
	cv_destroy(&wq->wq_cv);
	mutex_destroy(&wq->wq_lock);
	kmem_free(wq, sizeof(*wq));
}
