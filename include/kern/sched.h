/*
 * sched.h: entering and leaving the kernel, the fast paths inline.
 *
 * These run on every system call, so the common case (the thread's
 * LWP takes back the CPU it held last, nobody waits) is inline here and
 * costs one compare-and-swap in and one exchange out; everything else is
 * in scheduler.c and lwproc.c.  See scheduler.c for the ordering rules.
 */
#ifndef KERN_SCHED_H
#define KERN_SCHED_H

#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/cpu.h>
#include <kern/lwp.h>
#include <rump/rumpuser.h>

extern unsigned sched_waiters;		/* atomic: threads waiting for a CPU */
void sched_enter_slow(struct lwp *l);
void sched_wakeup(void);
struct lwp *lwp_enter_slow(void);
void lwp_leave_nested(struct lwp *l);

static inline bool
cpu_try(struct cpu_info *ci, struct lwp *l)
{
	struct lwp *expect = NULL;

	return __atomic_compare_exchange_n(&ci->ci_curlwp, &expect, l, false,
	    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

/* Take a virtual CPU for the calling thread, bound to l. */
static inline void
sched_enter(struct lwp *l)
{
	struct cpu_info *ci = l->l_lastcpu;

	if (__predict_true(ci != NULL && cpu_try(ci, l)))
		l->l_cpu = ci;
	else
		sched_enter_slow(l);
}

/* Give back ci, held by the calling thread (whose LWP may be gone). */
static inline void
sched_leave_cpu(struct cpu_info *ci)
{
	/* A quiescent state: what the holder read came before it. */
	atomic_store_release(&ci->ci_qsgen,
	    atomic_load_relaxed(&ci->ci_qsgen) + 2);
	atomic_store_fenced(&ci->ci_curlwp, NULL);	/* then the count */
	if (__predict_false(__atomic_load_n(&sched_waiters, __ATOMIC_SEQ_CST)))
		sched_wakeup();
}

static inline void
sched_leave(struct lwp *l)
{
	struct cpu_info *ci = l->l_cpu;

#ifdef LOCKDEBUG
	if (l->l_pszdepth != 0)
		panic("lwp %d gives back its CPU inside a read section",
		    l->l_lid);
#endif
	l->l_cpu = NULL;
	sched_leave_cpu(ci);
}

/*
 * Enter the kernel from outside, as the thread's LWP (an implicit one
 * if it has none), and leave it.  NULL if memory for an implicit LWP is
 * short.  A thread already in the kernel (between rump_schedule and
 * rump_unschedule) keeps its CPU and only counts the nesting.
 */
static inline struct lwp *
lwp_enter(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (__predict_false(l == NULL || l->l_cpu != NULL))
		return lwp_enter_slow();
	sched_enter(l);
	if (__predict_false(l->l_cred != l->l_proc->p_cred))
		lwp_cred_refresh(l);
	return l;
}

static inline void
lwp_leave(struct lwp *l)
{
	if (__predict_false(l->l_schedcnt > 0))
		lwp_leave_nested(l);
	else
		sched_leave(l);
}

#endif /* KERN_SCHED_H */
