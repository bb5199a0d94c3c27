/*
 * callout.h: functions run once at a later clock tick.
 *
 * The clock thread runs due callouts in the order of their deadlines,
 * and in the order they were scheduled for the same tick.  A callout's
 * function runs with a virtual CPU held and must not sleep for long.
 */
#ifndef KERN_CALLOUT_H
#define KERN_CALLOUT_H

#include <kern/types.h>
#include <kern/queue.h>

struct kmutex;

typedef struct callout {
	struct list_node c_entry;	/* on the pending list */
	uint64_t c_time;		/* tick it is due */
	uint64_t c_seq;			/* order among equal deadlines */
	void (*c_func)(void *);
	void *c_arg;
	unsigned c_flags;		/* CALLOUT_*; under callout_lock */
} callout_t;

#define CALLOUT_PENDING		0x01	/* scheduled, not yet run */
#define CALLOUT_RUNNING		0x02	/* function running now */
#define CALLOUT_FIRED		0x04	/* function has run since last reset */

void callout_init(callout_t *, unsigned flags);
void callout_destroy(callout_t *);
void callout_setfunc(callout_t *, void (*)(void *), void *);
/* Run func(arg) in ticks ticks (at least one), replacing any pending run. */
void callout_reset(callout_t *, int ticks, void (*)(void *), void *);
void callout_schedule(callout_t *, int ticks);
/* Cancel a pending run; true if one was pending.  Does not wait. */
bool callout_stop(callout_t *);
/* Cancel, and wait for a running function to finish.  interlock, if
 * not NULL, is held by the caller and released while waiting. */
bool callout_halt(callout_t *, struct kmutex *interlock);
bool callout_pending(callout_t *);
bool callout_invoking(callout_t *);
/* Whether the function has run since the callout was last scheduled. */
bool callout_expired(callout_t *);

#endif /* KERN_CALLOUT_H */
