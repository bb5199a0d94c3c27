/*
 * workqueue.h: queues of work run by a kernel thread.
 *
 * Each work item is a struct work embedded in the caller's object;
 * the queue's function receives it and may sleep.  Items run in the
 * order they were enqueued.  An item may be enqueued again only after
 * it started running.
 */
#ifndef KERN_WORKQUEUE_H
#define KERN_WORKQUEUE_H

#include <kern/types.h>

struct work {
	struct work *wk_next;
};
struct workqueue;
struct cpu_info;

#define WQ_MPSAFE 0x01

int workqueue_create(struct workqueue **wqp, const char *name,
    void (*func)(struct work *, void *), void *arg, int prio, int ipl,
    int flags);
void workqueue_enqueue(struct workqueue *, struct work *, struct cpu_info *);
/* Wait until wk is neither queued nor running. */
void workqueue_wait(struct workqueue *, struct work *);
/* Run what is queued, stop the thread and free the queue. */
void workqueue_destroy(struct workqueue *);

#endif /* KERN_WORKQUEUE_H */
