/*
 * ktest_sched.c: kernel-side helpers for the scheduler's tests
 * (t_sched.c): what is biased to whom, a check that a virtual CPU has
 * one holder at a time, quiescent states, and a kernel thread whose CPU
 * is biased to it when it exits.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/cpu.h>
#include <kern/kthread.h>
#include <kern/lwp.h>
#include <kern/sched.h>

#define VISIT_MAXCPU	8

bool
ktest_sched_stats(uint64_t *nbiased, uint64_t *nrevoked)
{
	return sched_bias_stats(nbiased, nrevoked);
}

/* Whether the caller's CPU is biased to its LWP. */
bool
ktest_sched_biased_to_me(void)
{
	struct lwp *l = curlwp;

	return l->l_cpu != NULL &&
	    atomic_load_relaxed(&l->l_biascpu) == l->l_cpu &&
	    l->l_cpu->ci_bias == l;
}

/* How many CPUs are biased to some LWP (the caller's own included). */
unsigned
ktest_sched_nbiased_cpus(void)
{
	struct cpu_info *ci;
	unsigned i, n = 0;

	CPU_FOREACH(i, ci)
		if (atomic_load_relaxed(&ci->ci_bias) != NULL)
			n++;
	return n;
}

/*
 * One holder per CPU.  Each visit reads its CPU's count, marks the CPU
 * as its own, waits a little, checks the mark, and stores the count plus
 * one: two holders of one CPU at once would see each other's mark or
 * lose a count.
 */
static struct visit {
	struct lwp *v_holder;		/* relaxed: checked, not relied on */
	uint64_t v_count;		/* plain: only the CPU's holder */
} __aligned(CACHE_LINE_SIZE) visits[VISIT_MAXCPU];

void
ktest_sched_visit_reset(void)
{
	memset(visits, 0, sizeof(visits));
}

/* 0, or 1 if another thread was on the caller's CPU meanwhile. */
int
ktest_sched_visit(int spins)
{
	struct lwp *l = curlwp;
	struct visit *v = &visits[cpu_index(curcpu()) % VISIT_MAXCPU];
	uint64_t count = v->v_count;
	int bad = 0;

	if (atomic_load_relaxed(&v->v_holder) != NULL)
		bad = 1;
	atomic_store_relaxed(&v->v_holder, l);
	for (int i = 0; i < spins; i++)
		spin_pause();
	if (atomic_load_relaxed(&v->v_holder) != l)
		bad = 1;
	atomic_store_relaxed(&v->v_holder, NULL);
	v->v_count = count + 1;
	return bad;
}

uint64_t
ktest_sched_visit_total(void)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < VISIT_MAXCPU; i++)
		total += visits[i].v_count;
	return total;
}

/*
 * Quiescent states: take a snapshot of the other CPUs, then report
 * whether each has passed one since.  The snapshot is kept here.
 */
static unsigned qs_gens[VISIT_MAXCPU];

void
ktest_sched_qs_snapshot(void)
{
	KASSERT(ncpu <= VISIT_MAXCPU);
	sched_qs_snapshot(qs_gens);
}

bool
ktest_sched_qs_passed(void)
{
	return sched_qs_passed(qs_gens);
}

/*
 * A kernel thread that takes its CPU again and again (a blocking
 * hypercall gives it back each time) until it is biased to it, then
 * exits; it is joined, which frees its LWP.  Its exit ends the bias, so
 * the joiner takes the CPU back without asking.  Returns 0, or 1 if the
 * thread could not be made, 2 if its CPU never became biased (with
 * biasing on), 3 if the joiner had to ask for it.
 */
static int kt_biased;
static uint64_t kt_nrevoked;

static void
kt_bias_main(void *arg __unused)
{
	uint64_t nbiased;

	for (int i = 0; i < 100 * SCHED_BIAS_RUN; i++) {
		rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 0);
		if (i >= 2 * SCHED_BIAS_RUN && ktest_sched_biased_to_me()) {
			atomic_store_relaxed(&kt_biased, 1);
			break;
		}
	}
	sched_bias_stats(&nbiased, &kt_nrevoked);
}

int
ktest_sched_kthread_bias(void)
{
	uint64_t nbiased, nrevoked;
	struct lwp *l;

	if (kthread_create(KTHREAD_MUSTJOIN, kt_bias_main, NULL, &l,
	    "ktbias") != 0)
		return 1;
	kthread_join(l);
	sched_bias_stats(&nbiased, &nrevoked);
	if (sched_biasing && !atomic_load_relaxed(&kt_biased))
		return 2;
	if (nrevoked != kt_nrevoked)
		return 3;
	return 0;
}
