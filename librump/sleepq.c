/*
 * sleepq.c: sleep queues for the kernel's own locks.
 *
 * A thread that must wait for a mutex, a reader/writer lock or a
 * condition variable sleeps on a host mutex and condition variable
 * chosen by hashing the object's address, giving its virtual CPU back.
 * Each kind of object has its own table, so a thread holding the queue
 * of a condition variable may release a mutex (and take that mutex's
 * queue) without ever finding its own queue again.
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
			if (rumpuser_mutex_init(&sleepqs[c][i].sq_mtx, 0) != 0 ||
			    rumpuser_cv_init(&sleepqs[c][i].sq_cv) != 0)
				panic("sleepq_init: host out of memory");
}

struct sleepq *
sleepq_of(enum sleepq_class c, const void *obj)
{
	return &sleepqs[c][((uintptr_t)obj >> 6) % SLEEPQ_N];
}
