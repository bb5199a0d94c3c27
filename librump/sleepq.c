/*
 * sleepq.c: sleep queues for the kernel's own locks.
 *
 * A thread that must wait for a mutex, a reader/writer lock or a
 * condition variable sleeps on a host mutex and condition variable
 * chosen by hashing the object's address, giving its virtual CPU back.
 * Each kind of object has its own table, so a thread holding the queue
 * of a condition variable may release a mutex (and take that mutex's
 * queue) without ever finding its own queue again.  The host mutexes
 * are of the spin kind: a thread never waits for a virtual CPU while
 * it holds one (only rumpuser_cv_wait gives the CPU up, and takes the
 * mutex back after it has a CPU again), so one waiting for a queue's
 * mutex may keep its CPU, even where it holds a spin mutex of its own.
 */
#include <kern/systm.h>
#include <rump/rumpuser.h>
#include "core.h"

#define SLEEPQ_N	64

static struct sleepq sleepqs[SLEEPQ_NCLASS][SLEEPQ_N];

void
sleepq_init(void)
{
	for (unsigned c = 0; c < SLEEPQ_NCLASS; c++)
		for (unsigned i = 0; i < SLEEPQ_N; i++)
			if (rumpuser_mutex_init(&sleepqs[c][i].sq_mtx,
			    RUMPUSER_MTX_SPIN) != 0 ||
			    rumpuser_cv_init(&sleepqs[c][i].sq_cv) != 0)
				panic("sleepq_init: host out of memory");
}

struct sleepq *
sleepq_of(enum sleepq_class c, const void *obj)
{
	return &sleepqs[c][((uintptr_t)obj >> 6) % SLEEPQ_N];
}
