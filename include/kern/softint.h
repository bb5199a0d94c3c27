/*
 * softint.h: soft interrupts.
 *
 * A soft interrupt is a handler run soon, on a kernel thread of its
 * level, after softint_schedule() asks for it.  Asking again before it
 * runs runs it once.  Handlers of one level run one at a time, in the
 * order they were scheduled.
 */
#ifndef KERN_SOFTINT_H
#define KERN_SOFTINT_H

#define SOFTINT_CLOCK	0
#define SOFTINT_BIO	1
#define SOFTINT_NET	2
#define SOFTINT_SERIAL	3
#define SOFTINT_COUNT	4
#define SOFTINT_LVLMASK	0x0f
#define SOFTINT_MPSAFE	0x100

void *softint_establish(unsigned flags, void (*func)(void *), void *arg);
void softint_schedule(void *cookie);
/* Remove a handler, waiting for a run in progress to end. */
void softint_disestablish(void *cookie);

#endif /* KERN_SOFTINT_H */
