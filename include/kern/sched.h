/*
 * sched.h: entering and leaving the kernel, the fast paths inline.
 *
 * These run on every system call, so the common cases are inline here:
 * the thread's LWP has a CPU biased to it, and enters and leaves it with
 * plain loads and stores; or it takes back the CPU it held last with one
 * compare-and-swap and gives it back with one exchange.  Everything else
 * is in scheduler.c and lwproc.c.  See scheduler.c for the ordering
 * rules.
 */
#ifndef KERN_SCHED_H
#define KERN_SCHED_H

#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/cpu.h>
#include <kern/lwp.h>
#include <rump/rumpuser.h>

/*
 * Biasing a CPU needs the ordering of the host's asymmetric barrier,
 * which ThreadSanitizer cannot see: it would report an owner's plain
 * entry as a race with the thread that took the CPU from it.  Its builds
 * never bias, so what it checks is the compare-and-swap path.
 */
#if defined(__SANITIZE_THREAD__)
#define SCHED_BIAS	0
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SCHED_BIAS	0
#endif
#endif
#ifndef SCHED_BIAS
#define SCHED_BIAS	1
#endif
/* Visits in a row by one LWP, nobody waiting, that bias a CPU to it. */
#define SCHED_BIAS_RUN	256

extern unsigned sched_waiters;		/* atomic: threads waiting for a CPU */
extern bool sched_biasing;		/* set at boot: CPUs may be biased */
void sched_enter_slow(struct lwp *l);
void sched_enter_revoked(struct lwp *l);
void sched_leave_revoked(struct lwp *l);
bool sched_bias(struct lwp *l, struct cpu_info *ci);
void sched_unbias(struct lwp *l);
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

/*
 * Take a virtual CPU for the calling thread, bound to l.  A biased CPU:
 * store "in" (odd: the CPU's give-back count, which "out" holds while
 * the bias lasts, plus one), then look for a request to give it back; a
 * revoker's barrier orders the two, and the signal fence keeps the
 * compiler from swapping them.
 */
static inline void
sched_enter(struct lwp *l)
{
	struct cpu_info *ci = atomic_load_relaxed(&l->l_biascpu);

	if (ci != NULL) {
		atomic_store_relaxed(&l->l_biasstate,
		    atomic_load_relaxed(&l->l_biasstate) | 1);
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		if (__predict_true(!atomic_load_relaxed(&l->l_biasrevoke)))
			l->l_cpu = ci;
		else
			sched_enter_revoked(l);
		return;
	}
	ci = l->l_lastcpu;
	if (__predict_true(ci != NULL && cpu_try(ci, l)))
		l->l_cpu = ci;
	else
		sched_enter_slow(l);
}

/* Give back ci, held by the calling thread (whose LWP may be gone),
 * not biased. */
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

/*
 * Leaving a CPU taken with a compare-and-swap: count l's visits in a
 * row; the SCHED_BIAS_RUNth keeps the CPU, biased to l, unless someone
 * waits (sched_bias).  True if kept.
 */
static inline bool
sched_bias_count(struct lwp *l, struct cpu_info *ci)
{
	if (ci->ci_lastlwp != l) {
		ci->ci_lastlwp = l;
		ci->ci_biasrun = 0;
	}
	return ++ci->ci_biasrun >= SCHED_BIAS_RUN && sched_bias(l, ci);
}

/*
 * Give back the calling thread's CPU.  A biased one stays l's: a
 * quiescent state (ci_qsgen, which only l changes while the bias lasts,
 * so "in" + 1 is its next value), "out" (even: the new count), both
 * release so that whoever sees l out sees what it did, then a look for
 * a request to give the CPU back (ordered after "out" as in sched_enter).
 */
static inline void
sched_leave(struct lwp *l)
{
	struct cpu_info *ci = l->l_cpu;
	unsigned gen;

#ifdef LOCKDEBUG
	if (l->l_pszdepth != 0)
		panic("lwp %d gives back its CPU inside a read section",
		    l->l_lid);
#endif
	l->l_cpu = NULL;
	if (ci == atomic_load_relaxed(&l->l_biascpu)) {
		gen = atomic_load_relaxed(&l->l_biasstate) + 1;
		atomic_store_release(&ci->ci_qsgen, gen);
		atomic_store_release(&l->l_biasstate, gen);
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		if (__predict_false(atomic_load_relaxed(&l->l_biasrevoke)))
			sched_leave_revoked(l);
		return;
	}
	if (SCHED_BIAS && sched_biasing && sched_bias_count(l, ci))
		return;
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
	struct lwp *l = curlwp;

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
