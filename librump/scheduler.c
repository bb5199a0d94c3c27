/*
 * scheduler.c: virtual CPUs.
 *
 * A host thread runs kernel code only while it holds a virtual CPU.
 * Taking one is a compare-and-swap on the CPU the LWP held last, so a
 * thread that keeps calling in finds its CPU still warm; only when every
 * CPU is busy does it wait, on a host condition variable, until a CPU is
 * released.  Releasing is a store and a look at the waiter count.  The
 * fast paths are inline in sched.h; this file has the rest.
 *
 * Ordering: sched_leave stores NULL to ci_curlwp and then reads
 * sched_waiters; a waiter increments sched_waiters and then scans.  That
 * is a store followed by a load on each side, which only sequential
 * consistency keeps in order (x86 lets a load pass an earlier store, and
 * aarch64 lets even a release store pass a later plain or relaxed load):
 * all four accesses, the scan's loads of ci_curlwp included, are
 * sequentially consistent, and the leaver's store is an exchange
 * (atomic_store_fenced), which emulators order too.  So either the waiter sees the free CPU or
 * the leaver sees the waiter and signals it (under sched_mtx, which the
 * waiter holds until it sleeps: no lost wakeup).  Taking a CPU is a
 * compare-and-swap with acquire semantics and giving it back a store
 * with release semantics, so what one holder did in the kernel is
 * visible to the next holder of the same CPU.
 */
#include <kern/systm.h>
#include <kern/sched.h>
#include <kern/atomic.h>
#include <rump/rumpuser.h>
#include "core.h"

struct cpu_info *cpu_infos;
unsigned ncpu;

static struct rumpuser_mtx *sched_mtx;	/* covers the wait, not the CPUs */
static struct rumpuser_cv *sched_cv;
unsigned sched_waiters;			/* atomic: threads waiting for a CPU */
static uint64_t sched_waits;		/* atomic: total waits */

int
sched_init(unsigned n)
{
	void *mem;
	int error;

	if ((error = rumpuser_malloc(n * sizeof(struct cpu_info),
	    CACHE_LINE_SIZE, &mem)) != 0)
		return error;
	memset(mem, 0, n * sizeof(struct cpu_info));
	cpu_infos = mem;
	for (unsigned i = 0; i < n; i++)
		cpu_infos[i].ci_index = i;
	if ((error = rumpuser_mutex_init(&sched_mtx, 0)) != 0 ||
	    (error = rumpuser_cv_init(&sched_cv)) != 0)
		return error;
	ncpu = n;
	return 0;
}

static struct cpu_info *
cpu_scan(struct lwp *l)
{
	for (unsigned i = 0; i < ncpu; i++)
		if (__atomic_load_n(&cpu_infos[i].ci_curlwp,
		    __ATOMIC_SEQ_CST) == NULL &&
		    cpu_try(&cpu_infos[i], l))
			return &cpu_infos[i];
	return NULL;
}

static struct cpu_info *
sched_wait(struct lwp *l)
{
	struct cpu_info *ci;

	rumpuser_mutex_enter_nowrap(sched_mtx);
	__atomic_add_fetch(&sched_waiters, 1, __ATOMIC_SEQ_CST);
	while ((ci = cpu_scan(l)) == NULL) {
		atomic_add_64(&sched_waits, 1);
		rumpuser_cv_wait_nowrap(sched_cv, sched_mtx);
	}
	__atomic_sub_fetch(&sched_waiters, 1, __ATOMIC_SEQ_CST);
	rumpuser_mutex_exit(sched_mtx);
	return ci;
}

/* The CPU held last is taken, or there was none: scan, then wait. */
void
sched_enter_slow(struct lwp *l)
{
	struct cpu_info *ci;

	if ((ci = cpu_scan(l)) == NULL)
		ci = sched_wait(l);
	l->l_lastcpu = l->l_cpu = ci;
}

/* A CPU was given back while threads wait: wake one. */
void
sched_wakeup(void)
{
	rumpuser_mutex_enter_nowrap(sched_mtx);
	rumpuser_cv_signal(sched_cv);
	rumpuser_mutex_exit(sched_mtx);
}

uint64_t
sched_nwaits(void)
{
	return atomic_load_relaxed(&sched_waits);
}

/*
 * Quiescent states.  A CPU is looked at with a compare-and-swap of its
 * ci_curlwp from NULL to NULL: if that finds it free, the swap is
 * ordered before the next taker's (same location), and being a release
 * it carries the caller's unlinking to that taker, which then cannot
 * find what was unlinked.  (A fence and a load would do as well but
 * ThreadSanitizer does not model fences.)  A CPU found busy has passed
 * a quiescent state once its count has moved or it is seen free (both
 * read with acquire, pairing with the releases in sched_leave_cpu).
 */
void
sched_qs_snapshot(unsigned *gens)
{
	struct lwp *self = curlwp;

	for (unsigned i = 0; i < ncpu; i++) {
		struct cpu_info *ci = &cpu_infos[i];
		struct lwp *expect = NULL;

		if ((self != NULL && self->l_cpu == ci) ||
		    __atomic_compare_exchange_n(&ci->ci_curlwp, &expect, NULL,
		    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			gens[i] = QS_PASSED;
		else
			gens[i] = atomic_load_acquire(&ci->ci_qsgen);
	}
}

bool
sched_qs_passed(unsigned *gens)
{
	bool all = true;

	for (unsigned i = 0; i < ncpu; i++) {
		if (gens[i] == QS_PASSED)
			continue;
		/* Given back since: counted, or free now (the holder may
		 * have counted before the snapshot read the count). */
		if (atomic_load_acquire(&cpu_infos[i].ci_qsgen) != gens[i] ||
		    atomic_load_acquire(&cpu_infos[i].ci_curlwp) == NULL)
			gens[i] = QS_PASSED;
		else
			all = false;
	}
	return all;
}

/* Upcalls from the hypercall layer around a blocking host call. */
void
sched_hyp_unschedule(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l != NULL && l->l_cpu != NULL) {
		l->l_flag |= LW_HYPBLOCK;
		sched_leave(l);
	}
}

void
sched_hyp_schedule(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l != NULL && (l->l_flag & LW_HYPBLOCK)) {
		l->l_flag &= ~LW_HYPBLOCK;
		sched_enter(l);
	}
}
