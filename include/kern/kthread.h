/*
 * kthread.h: kernel threads.
 *
 * A kernel thread is an LWP of process 0 on a host thread of its own.
 * It runs func(arg) holding a virtual CPU and ends by returning or by
 * kthread_exit().  Threads that the halt must wait for poll
 * kthread_should_stop() or are stopped by the subsystem that owns them.
 */
#ifndef KERN_KTHREAD_H
#define KERN_KTHREAD_H

#include <kern/types.h>

struct lwp;

#define KTHREAD_MUSTJOIN	0x01	/* kthread_join() will be called */

int kthread_create(int flags, void (*func)(void *), void *arg,
    struct lwp **lp, const char *fmt, ...) __printflike(5, 6);
void kthread_exit(int ecode) __dead;
/* Wait for a KTHREAD_MUSTJOIN thread to end. */
int kthread_join(struct lwp *l);
/* True once the kernel is halting. */
bool kthread_should_stop(void);
/* Number of kernel threads alive. */
unsigned kthread_count(void);

#endif /* KERN_KTHREAD_H */
