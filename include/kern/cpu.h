/*
 * cpu.h: virtual CPUs.
 *
 * A host thread runs kernel code only while it holds one of ncpu
 * virtual CPUs (scheduler.c).  Each has its own cpu_info, aligned to a
 * cache line so that CPUs taken by different threads share no line.
 */
#ifndef KERN_CPU_H
#define KERN_CPU_H

#include <kern/types.h>

struct lwp;

/*
 * A CPU may be biased to an LWP (scheduler.c): it stays that LWP's
 * between its visits, and the LWP enters and leaves without atomic
 * operations.  Each time the owner leaves, the CPU counts as given back
 * (ci_qsgen advances).  ci_bias and l_biascpu change only under the
 * scheduler's mutex; a CPU's holder (or, while biased, its owner) alone
 * writes the fields marked "holder".
 */
struct cpu_info {
	/* Fast path: every kernel entry and exit. */
	struct lwp *ci_curlwp;		/* holder, NULL when free (atomic);
					 * while biased, the owner, in or out */
	unsigned ci_qsgen;		/* atomic: 2 x times given back */
	unsigned ci_index;		/* 0 .. ncpu-1 */
	/* Bias: counted on the holder's way out. */
	struct lwp *ci_lastlwp;		/* holder: who held it last (compared only) */
	unsigned ci_biasrun;		/* holder: visits in a row by ci_lastlwp */
	struct lwp *ci_bias;		/* owner while biased, else NULL */
} __aligned(CACHE_LINE_SIZE);

extern struct cpu_info *cpu_infos;
extern unsigned ncpu;

#define curcpu() (curlwp->l_cpu)
#define cpu_index(ci) ((ci)->ci_index)
#define CPU_FOREACH(i, ci) \
	for ((i) = 0, (ci) = &cpu_infos[0]; (i) < ncpu; (ci) = &cpu_infos[++(i)])

/* Taking and giving back a CPU: sched.h.  Total number of times a
 * thread had to wait for a virtual CPU: */
uint64_t sched_nwaits(void);
/* Whether CPUs are ever biased (the host has an asymmetric barrier and
 * this is no ThreadSanitizer build), how many times one became biased,
 * and how many times another thread took one back from its owner. */
bool sched_bias_stats(uint64_t *nbiased, uint64_t *nrevoked);

/*
 * Quiescent states, for pserialize: a CPU passes one each time it is
 * given back.  sched_qs_snapshot records, ordered after the caller's
 * earlier stores, which CPUs other than the caller's may be inside a
 * read section (their give-back count, always even; QS_PASSED: none);
 * sched_qs_passed tells whether each of them has since been given
 * back, updating the record.
 */
#define QS_PASSED 1u
void sched_qs_snapshot(unsigned *gens);
bool sched_qs_passed(unsigned *gens);

#endif /* KERN_CPU_H */
