/*
 * kthread.c: kernel threads: LWPs of process 0, each on a host thread.
 */
#include <kern/systm.h>
#include <kern/kthread.h>
#include <kern/lwp.h>
#include <kern/sched.h>
#include <kern/kmem.h>
#include <kern/atomic.h>
#include <kern/component.h>
#include "core.h"

struct kthread_start {
	struct lwp *ks_lwp;
	void (*ks_func)(void *);
	void *ks_arg;
};

static unsigned kthread_nalive;		/* atomic */

static void *
kthread_trampoline(void *arg)
{
	struct kthread_start ks = *(struct kthread_start *)arg;

	curlwp_set(ks.ks_lwp);
	sched_enter(ks.ks_lwp);
	kmem_free(arg, sizeof(ks));	/* kernel memory: in the kernel */
	ks.ks_func(ks.ks_arg);
	kthread_exit(0);
}

int
kthread_create(int flags, void (*func)(void *), void *arg, struct lwp **lp,
    const char *fmt, ...)
{
	struct kthread_start *ks;
	struct lwp *l;
	va_list ap;
	int error;

	if ((ks = kmem_alloc(sizeof(*ks), KM_SLEEP)) == NULL)
		return ENOMEM;
	if ((error = lwp_create(&proc0, LW_SYSTEM, &l)) != 0) {
		kmem_free(ks, sizeof(*ks));
		return error;
	}
	va_start(ap, fmt);
	vsnprintf(l->l_name, sizeof(l->l_name), fmt, ap);
	va_end(ap);
	l->l_bound = 1;
	if (flags & KTHREAD_MUSTJOIN)
		l->l_flag |= LW_MUSTJOIN;
	ks->ks_lwp = l;
	ks->ks_func = func;
	ks->ks_arg = arg;
	atomic_inc_uint(&kthread_nalive);
	error = rumpuser_thread_create(kthread_trampoline, ks, l->l_name,
	    (flags & KTHREAD_MUSTJOIN) != 0, &l->l_hostthread);
	if (error != 0) {
		atomic_dec_uint(&kthread_nalive);
		l->l_bound = 0;
		lwp_destroy(l);
		kmem_free(ks, sizeof(*ks));
		return error;
	}
	if (lp != NULL)
		*lp = l;
	return 0;
}

void
kthread_exit(int ecode __unused)
{
	struct lwp *l = curlwp;

	KASSERT(l->l_flag & LW_SYSTEM);
	atomic_dec_uint(&kthread_nalive);
	if (l->l_flag & LW_MUSTJOIN) {
		/* kthread_join frees the LWP; its CPU is free for others. */
		sched_unbias(l);
		sched_leave(l);
		curlwp_set(NULL);
	} else {
		lwp_exit();
	}
	rumpuser_thread_exit();
}

int
kthread_join(struct lwp *l)
{
	int error = rumpuser_thread_join(l->l_hostthread);

	l->l_bound = 0;
	lwp_destroy(l);
	return error;
}

bool
kthread_should_stop(void)
{
	return kernel_state >= KSTATE_HALTING;
}

unsigned
kthread_count(void)
{
	return atomic_load_relaxed(&kthread_nalive);
}
