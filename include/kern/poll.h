/*
 * poll.h: waiting for open objects to become ready.
 *
 * An object (a pipe, a vnode, later a socket) keeps a pollhead.  Its
 * fo_poll returns the events ready now; when none is and it was given a
 * pollwaiter, it records the waiter on its pollhead, under the same
 * lock that its readiness is checked under, so that a change after the
 * check is never missed.  Whoever changes the object's readiness calls
 * pollhead_notify(), which wakes every waiter recorded on it.
 */
#ifndef KERN_POLL_H
#define KERN_POLL_H

#include <kern/types.h>
#include <kern/queue.h>

struct pollwaiter;

struct pollhead {
	struct list_node ph_entries;	/* under the poll lock */
};

void pollhead_init(struct pollhead *);
/* The object is going away; no waiter may still be recorded. */
void pollhead_destroy(struct pollhead *);
void pollhead_record(struct pollhead *, struct pollwaiter *);
void pollhead_notify(struct pollhead *);

#endif /* KERN_POLL_H */
