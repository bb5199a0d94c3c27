/*
 * scheduler.c: virtual CPUs.
 *
 * A host thread runs kernel code only while it holds a virtual CPU.
 * Taking one is a compare-and-swap on the CPU the LWP held last, so a
 * thread that keeps calling in finds its CPU still warm; only when every
 * CPU is busy does it wait, on a host condition variable, until a CPU is
 * released.  Releasing is a store and a look at the waiter count.  A CPU
 * that one LWP takes SCHED_BIAS_RUN times in a row while nobody waits
 * becomes biased to it: it stays the LWP's between visits, and the LWP
 * enters and leaves it with plain loads and stores; a thread that finds
 * no free CPU takes a biased one back.  The fast paths are inline in
 * sched.h; this file has the rest.
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
 *
 * Biased CPUs.  A biased CPU's ci_curlwp stays its owner's, in or out,
 * so the compare-and-swap path finds it busy.  The owner's own words say
 * where it is: l_biasstate, odd while in, and l_biasrevoke, set by a
 * thread that wants the CPU.  Entering stores "in" and then loads
 * l_biasrevoke; leaving stores "out" (release) and then loads it.  A
 * revoker (sched_revoke, under sched_mtx) stores l_biasrevoke, calls
 * rumpuser_membarrier() and then loads l_biasstate (acquire): Dekker's
 * store-then-load on both sides, with the fence on one side only.  The
 * barrier makes the owner execute a full fence at some point of its
 * program: its stores before that point are visible to the revoker
 * after the barrier, its loads after it see the request.  No fence is
 * needed between the owner's store and load, even on a CPU that would
 * perform the load first: the barrier interrupts the owner between two
 * instructions, so each access falls wholly before or after that point,
 * and if the store falls after it so does the later load.  Only the
 * compiler must be kept from swapping them (__atomic_signal_fence).  So
 * either the revoker sees the owner in, or the owner sees the request
 * (or both):
 *  - the revoker sees it out: it will not get in (its next entry sees
 *    the request and backs off, sched_enter_revoked), and the revoker
 *    ends the bias and takes the CPU.  Its acquire pairs with the
 *    owner's release of "out": what the owner did is visible to it.
 *  - the revoker sees it in: it waits on sched_cv, a waiter like any
 *    other; the owner sees the request on its way out (or at once, if it
 *    was only entering), ends the bias, gives the CPU back and signals.
 * Ending a bias (bias_end) takes sched_mtx and happens only if l_biascpu
 * still says so, so exactly one of them does it; it gives the CPU back,
 * advancing ci_qsgen.  The owner alone clears its l_biasrevoke and
 * l_biasstate, under sched_mtx, once it has seen the request: an owner
 * that read a stale l_biascpu still finds the request and backs off.
 * On weakly ordered CPUs nothing more is needed.  The owner's accesses
 * to its own words and to ci_qsgen are relaxed or release, never
 * acquire: while the bias lasts nobody else writes them (l_biasstate
 * carries ci_qsgen, so the owner need not even read the CPU's), and
 * what others write (the request, the end of the bias) the owner reads
 * again under sched_mtx before it relies on it.  The release of "out"
 * orders the owner's kernel work before it for whoever acquires "out";
 * the release of ci_qsgen does the same for grace periods.
 *
 * A bias is made (sched_bias) and ended only under sched_mtx, and made
 * only when nobody waits, so a waiter never sleeps while every CPU is
 * biased to an owner that is out and will not give it back: before it
 * sleeps, it asks for a biased CPU whose owner looks out, and it sleeps
 * only while some CPU is held with a compare-and-swap (given back with
 * a signal, since someone waits) or asked for (given back with a
 * signal).  An LWP is freed only after its bias has ended
 * (sched_unbias), so under sched_mtx the owner that ci_bias points to is
 * alive.  Biasing needs rumpuser_membarrier (sched_init tries it once);
 * without it, and in ThreadSanitizer builds (sched.h), no CPU is ever
 * biased and only the compare-and-swap path runs.
 */
#include <kern/systm.h>
#include <kern/sched.h>
#include <kern/atomic.h>
#include <rump/rumpuser.h>
#include "core.h"

struct cpu_info *cpu_infos;
unsigned ncpu;

static struct rumpuser_mtx *sched_mtx;	/* the wait, and making and ending biases */
static struct rumpuser_cv *sched_cv;
unsigned sched_waiters;			/* atomic: threads waiting for a CPU */
static uint64_t sched_waits;		/* atomic: total waits */
bool sched_biasing;			/* set at boot */
static uint64_t sched_nbiased;		/* atomic: biases made */
static uint64_t sched_nrevoked;		/* atomic: biased CPUs asked back */

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
	sched_biasing = SCHED_BIAS && rumpuser_membarrier() == 0;
	return 0;
}

/* The asymmetric barrier: the host said at boot that it has one. */
static void
sched_membarrier(void)
{
	int error;

	if ((error = rumpuser_membarrier()) != 0)
		panic("rumpuser_membarrier failed after booting: %d", error);
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

/*
 * End owner's bias of ci; sched_mtx held, owner out of ci.  The CPU is
 * given back (a quiescent state) and goes to `to`, or if NULL becomes
 * free, with a signal for a waiter.  Its visit count starts again.
 */
static void
bias_end(struct lwp *owner, struct cpu_info *ci, struct lwp *to)
{
	ci->ci_bias = NULL;
	ci->ci_lastlwp = NULL;
	ci->ci_biasrun = 0;
	atomic_store_relaxed(&owner->l_biascpu, NULL);
	atomic_store_release(&ci->ci_qsgen,
	    atomic_load_relaxed(&ci->ci_qsgen) + 2);
	/* Release: for the next holder.  Waiters scan under sched_mtx, so
	 * no fence is needed to be seen by them. */
	atomic_store_release(&ci->ci_curlwp, to);
	if (to == NULL && atomic_load_relaxed(&sched_waiters) != 0)
		rumpuser_cv_signal(sched_cv);
}

/* Ask for ci, biased, back for l; sched_mtx held.  True if its owner was
 * out: ci is l's.  Otherwise the owner gives it back when it leaves. */
static bool
bias_revoke(struct cpu_info *ci, struct lwp *l)
{
	struct lwp *owner = ci->ci_bias;

	atomic_add_64(&sched_nrevoked, 1);
	atomic_store_relaxed(&owner->l_biasrevoke, 1);
	sched_membarrier();
	if (atomic_load_acquire(&owner->l_biasstate) & 1)
		return false;
	bias_end(owner, ci, l);
	return true;
}

/*
 * l found no free CPU: take a biased one whose owner is out, asking for
 * it back.  NULL if there was none: then l may sleep, since some CPU is
 * held with a compare-and-swap or has been asked for, and will be given
 * back with a signal.  sched_mtx held.
 */
static struct cpu_info *
sched_revoke(struct lwp *l)
{
	struct cpu_info *ci, *busy = NULL;
	struct lwp *owner;
	bool signalled = false;

	for (unsigned i = 0; i < ncpu; i++) {
		ci = &cpu_infos[i];
		if ((owner = ci->ci_bias) == NULL ||
		    atomic_load_relaxed(&owner->l_biasrevoke)) {
			signalled = true;
			continue;
		}
		/* An owner that looks in would keep us waiting anyway. */
		if (atomic_load_relaxed(&owner->l_biasstate) & 1) {
			if (busy == NULL)
				busy = ci;
			continue;
		}
		if (bias_revoke(ci, l))
			return ci;
		signalled = true;
	}
	if (!signalled && busy != NULL && bias_revoke(busy, l))
		return busy;
	return NULL;
}

static struct cpu_info *
sched_wait(struct lwp *l)
{
	struct cpu_info *ci;

	rumpuser_mutex_enter_nowrap(sched_mtx);
	__atomic_add_fetch(&sched_waiters, 1, __ATOMIC_SEQ_CST);
	while ((ci = cpu_scan(l)) == NULL &&
	    (!sched_biasing || (ci = sched_revoke(l)) == NULL)) {
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

bool
sched_bias_stats(uint64_t *nbiased, uint64_t *nrevoked)
{
	*nbiased = atomic_load_relaxed(&sched_nbiased);
	*nrevoked = atomic_load_relaxed(&sched_nrevoked);
	return sched_biasing;
}

/*
 * l leaves ci, taken with a compare-and-swap, for the SCHED_BIAS_RUNth
 * time in a row (sched_bias_count): keep it, biased to l, if nobody
 * waits.  Returns whether it was kept.
 */
bool
sched_bias(struct lwp *l, struct cpu_info *ci)
{
	unsigned gen;
	bool kept = false;

	rumpuser_mutex_enter_nowrap(sched_mtx);
	if (atomic_load_relaxed(&sched_waiters) == 0) {
		/* Given back to its owner: a quiescent state. */
		gen = atomic_load_relaxed(&ci->ci_qsgen) + 2;
		atomic_store_release(&ci->ci_qsgen, gen);
		atomic_store_relaxed(&l->l_biasstate, gen);
		atomic_store_relaxed(&l->l_biasrevoke, 0);
		ci->ci_bias = l;
		atomic_store_relaxed(&l->l_biascpu, ci);
		atomic_add_64(&sched_nbiased, 1);
		kept = true;
	}
	rumpuser_mutex_exit(sched_mtx);
	if (!kept)
		ci->ci_biasrun = 0;
	return kept;
}

/* l, out of its biased CPU or entering it, found it asked for: end the
 * bias unless the revoker did, and forget the request. */
static void
bias_seen(struct lwp *l)
{
	struct cpu_info *ci;

	rumpuser_mutex_enter_nowrap(sched_mtx);
	if ((ci = atomic_load_relaxed(&l->l_biascpu)) != NULL)
		bias_end(l, ci, NULL);
	atomic_store_relaxed(&l->l_biasstate, 0);
	atomic_store_relaxed(&l->l_biasrevoke, 0);
	rumpuser_mutex_exit(sched_mtx);
}

void
sched_enter_revoked(struct lwp *l)
{
	bias_seen(l);
	sched_enter_slow(l);
}

void
sched_leave_revoked(struct lwp *l)
{
	bias_seen(l);
}

/*
 * l is about to be freed: end its bias, so that no CPU points to it.  l
 * is out of the kernel, or in it on its biased CPU (lwp_exit), which it
 * then keeps, unbiased, until it gives it back.
 */
void
sched_unbias(struct lwp *l)
{
	struct cpu_info *ci;

	if (atomic_load_relaxed(&l->l_biascpu) == NULL)
		return;
	rumpuser_mutex_enter_nowrap(sched_mtx);
	if ((ci = atomic_load_relaxed(&l->l_biascpu)) == NULL) {
		/* A revoker ended it meanwhile. */
	} else if (l->l_cpu == ci) {
		ci->ci_bias = NULL;
		ci->ci_lastlwp = NULL;
		ci->ci_biasrun = 0;
		atomic_store_relaxed(&l->l_biascpu, NULL);
	} else {
		bias_end(l, ci, NULL);
	}
	rumpuser_mutex_exit(sched_mtx);
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
 *
 * A biased CPU's owner enters without any atomic operation, so with
 * biasing the snapshot first calls the asymmetric barrier, as a revoker
 * does, and reads each owner's l_biasstate under sched_mtx (which keeps
 * the owner alive): an owner seen out gets in again only after the
 * barrier, and then sees what the caller unlinked; an owner seen in
 * gives the CPU back, advancing ci_qsgen past the count its "in" holds,
 * on its way out or when the bias ends.  (The count comes from the owner's
 * own word, not from ci_qsgen: read apart, the two could pair a count
 * already advanced with a stale "in", and the wait would last until the
 * owner's next visit.)
 */
void
sched_qs_snapshot(unsigned *gens)
{
	struct lwp *self = curlwp, *owner;
	unsigned state;

	if (sched_biasing) {
		sched_membarrier();
		rumpuser_mutex_enter_nowrap(sched_mtx);
	}
	for (unsigned i = 0; i < ncpu; i++) {
		struct cpu_info *ci = &cpu_infos[i];
		struct lwp *expect = NULL;

		if (self != NULL && self->l_cpu == ci)
			gens[i] = QS_PASSED;
		else if ((owner = ci->ci_bias) != NULL) {
			state = atomic_load_acquire(&owner->l_biasstate);
			gens[i] = state & 1 ? state & ~1u : QS_PASSED;
		} else if (__atomic_compare_exchange_n(&ci->ci_curlwp, &expect,
		    NULL, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			gens[i] = QS_PASSED;
		else
			gens[i] = atomic_load_acquire(&ci->ci_qsgen);
	}
	if (sched_biasing)
		rumpuser_mutex_exit(sched_mtx);
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
	struct lwp *l = curlwp;

	if (l != NULL && l->l_cpu != NULL) {
		l->l_flag |= LW_HYPBLOCK;
		sched_leave(l);
	}
}

void
sched_hyp_schedule(void)
{
	struct lwp *l = curlwp;

	if (l != NULL && (l->l_flag & LW_HYPBLOCK)) {
		l->l_flag &= ~LW_HYPBLOCK;
		sched_enter(l);
	}
}
