/*
 * bench_lock.c: the kernel's cheapest internal operations, in ns:
 *   - an uncontended kernel mutex enter/exit pair (adaptive and spin),
 *     called from inside the kernel (between rump_schedule() and
 *     rump_unschedule()); reference: a host pthread_mutex lock/unlock
 *     pair;
 *   - a rump_schedule()/rump_unschedule() pair, i.e. taking and giving
 *     back a virtual CPU from outside the kernel, here a CPU biased to
 *     the calling thread; references: an empty call through a volatile
 *     function pointer, a host pthread_mutex lock/unlock pair, and the
 *     two atomic operations that an unbiased virtual CPU costs at least;
 *   - the asymmetric barrier (rumpuser_membarrier) that taking a biased
 *     CPU back from its owner costs, with another thread of the process
 *     running; reference: the host's getpid system call.
 * Each figure is the median over many batches of the time per operation
 * in a batch; kernel and reference batches are interleaved on the same
 * thread in the same run.
 *
 * The kernel's own symbols carry the rumpns_ prefix (scripts/
 * namespace.sh), so they are declared here by hand.  kmutex_t is a
 * pointer, a name and a flag; a 64-byte aligned buffer holds it.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rumpuser.h>

#include "bench.h"

/* Kernel-internal (include/kern/mutex.h), under their rumpns_ names. */
#define KMUTEX_DEFAULT	0	/* MUTEX_DEFAULT: adaptive */
#define KMUTEX_SPIN	1	/* MUTEX_SPIN */
#define KIPL_NONE	0
void rumpns_mutex_init_named(void *mtx, int type, int ipl, const char *name);
void rumpns_mutex_destroy(void *mtx);
void rumpns_mutex_enter(void *mtx);
void rumpns_mutex_exit(void *mtx);
/* include/kern/cpu.h: whether CPUs are biased, and the counts. */
bool rumpns_sched_bias_stats(uint64_t *nbiased, uint64_t *nrevoked);

#define OPS_PER_BATCH	10000
#define NBATCH		200
#define NWARMUP		10
#define BARRIERS_PER_BATCH 100
#define NBATCH_BARRIER	50

static _Alignas(64) unsigned char adaptive_mtx[64];
static _Alignas(64) unsigned char spin_mtx[64];
static pthread_mutex_t host_mtx = PTHREAD_MUTEX_INITIALIZER;

static void *volatile atomic_slot;

static void empty_function(void) { }
static void (*volatile empty_fp)(void) = empty_function;

/* Each returns ns per operation over one batch. */
static double
batch_kmutex(void *mtx)
{
	int64_t t0 = bench_now_ns();

	for (int i = 0; i < OPS_PER_BATCH; i++) {
		rumpns_mutex_enter(mtx);
		rumpns_mutex_exit(mtx);
	}
	return (double)(bench_now_ns() - t0) / OPS_PER_BATCH;
}

static double
batch_pthread(void)
{
	int64_t t0 = bench_now_ns();

	for (int i = 0; i < OPS_PER_BATCH; i++) {
		pthread_mutex_lock(&host_mtx);
		pthread_mutex_unlock(&host_mtx);
	}
	return (double)(bench_now_ns() - t0) / OPS_PER_BATCH;
}

static double
batch_schedule(void)
{
	int64_t t0 = bench_now_ns();

	for (int i = 0; i < OPS_PER_BATCH; i++) {
		rump_schedule();
		rump_unschedule();
	}
	return (double)(bench_now_ns() - t0) / OPS_PER_BATCH;
}

static double
batch_empty(void)
{
	int64_t t0 = bench_now_ns();

	for (int i = 0; i < OPS_PER_BATCH; i++)
		empty_fp();
	return (double)(bench_now_ns() - t0) / OPS_PER_BATCH;
}

/* What taking and giving back a virtual CPU costs at least: a
 * compare-and-swap of a free slot to ours, and a sequentially
 * consistent store of NULL (librump/scheduler.c). */
static double
batch_atomics(void)
{
	int64_t t0 = bench_now_ns();
	int me;

	for (int i = 0; i < OPS_PER_BATCH; i++) {
		void *expect = NULL;

		__atomic_compare_exchange_n(&atomic_slot, &expect, &me, false,
		    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
		__atomic_store_n(&atomic_slot, NULL, __ATOMIC_SEQ_CST);
	}
	return (double)(bench_now_ns() - t0) / OPS_PER_BATCH;
}

/* The asymmetric barrier, while another thread of the process runs
 * (the barrier interrupts it: the case of a revocation). */
static volatile int spin_stop;

static void *
spin_main(void *arg)
{
	(void)arg;
	while (!spin_stop)
		continue;
	return NULL;
}

static double
batch_membarrier(void)
{
	int64_t t0 = bench_now_ns();

	for (int i = 0; i < BARRIERS_PER_BATCH; i++)
		if (rumpuser_membarrier() != 0)
			return NAN;
	return (double)(bench_now_ns() - t0) / BARRIERS_PER_BATCH;
}

static double
batch_getpid(void)
{
	int64_t t0 = bench_now_ns();

	for (int i = 0; i < BARRIERS_PER_BATCH; i++)
		syscall(SYS_getpid);
	return (double)(bench_now_ns() - t0) / BARRIERS_PER_BATCH;
}

static void
row(const char *figure, double any, double ref, const char *refname)
{
	char a[32], r[48], v[32];

	snprintf(r, sizeof(r), "%s %s", bench_fmt(v, sizeof(v), ref, "ns"),
	    refname);
	bench_row(figure, bench_fmt(a, sizeof(a), any, "ns"), r, any / ref,
	    "", -1);
}

int
main(void)
{
	double ka[NBATCH], ks[NBATCH], hp[NBATCH];
	double sc[NBATCH], em[NBATCH], hp2[NBATCH], at[NBATCH];
	double mb[NBATCH_BARRIER], gp[NBATCH_BARRIER];
	double mka, mks, mhp, msc, mem, mhp2, mat, mmb, mgp;
	uint64_t nbiased, nrevoked;
	pthread_t spinner;
	bool biased;
	int error;

	if ((error = rump_init()) != 0) {
		fprintf(stderr, "bench_lock: rump_init: %s\n", strerror(error));
		return 1;
	}

	/* Mutexes, from inside the kernel. */
	rump_schedule();
	rumpns_mutex_init_named(adaptive_mtx, KMUTEX_DEFAULT, KIPL_NONE,
	    "bench adaptive");
	rumpns_mutex_init_named(spin_mtx, KMUTEX_SPIN, KIPL_NONE, "bench spin");
	for (int b = 0; b < NWARMUP; b++) {
		batch_kmutex(adaptive_mtx);
		batch_kmutex(spin_mtx);
		batch_pthread();
	}
	for (int b = 0; b < NBATCH; b++) {
		ka[b] = batch_kmutex(adaptive_mtx);
		ks[b] = batch_kmutex(spin_mtx);
		hp[b] = batch_pthread();
	}
	rumpns_mutex_destroy(adaptive_mtx);
	rumpns_mutex_destroy(spin_mtx);
	rump_unschedule();

	/* Entering and leaving the kernel, from outside it.  The first
	 * rump_schedule() of this thread made its implicit LWP, above. */
	for (int b = 0; b < NWARMUP; b++) {
		batch_schedule();
		batch_empty();
		batch_pthread();
		batch_atomics();
	}
	for (int b = 0; b < NBATCH; b++) {
		sc[b] = batch_schedule();
		em[b] = batch_empty();
		hp2[b] = batch_pthread();
		at[b] = batch_atomics();
	}

	biased = rumpns_sched_bias_stats(&nbiased, &nrevoked);

	/* The barrier that takes a biased CPU back. */
	if ((error = pthread_create(&spinner, NULL, spin_main, NULL)) != 0) {
		fprintf(stderr, "bench_lock: pthread_create: %s\n",
		    strerror(error));
		return 1;
	}
	for (int b = 0; b < NBATCH_BARRIER; b++) {
		mb[b] = batch_membarrier();
		gp[b] = batch_getpid();
	}
	spin_stop = 1;
	pthread_join(spinner, NULL);

	mka = bench_median(ka, NBATCH);
	mks = bench_median(ks, NBATCH);
	mhp = bench_median(hp, NBATCH);
	msc = bench_median(sc, NBATCH);
	mem = bench_median(em, NBATCH);
	mhp2 = bench_median(hp2, NBATCH);
	mat = bench_median(at, NBATCH);
	mmb = bench_median(mb, NBATCH_BARRIER);
	mgp = bench_median(gp, NBATCH_BARRIER);

	bench_table_begin("Locks and scheduling: uncontended, one thread");
	row("mutex enter/exit, adaptive (MUTEX_DEFAULT)", mka, mhp,
	    "pthread");
	row("mutex enter/exit, spin (MUTEX_SPIN)", mks, mhp, "pthread");
	row("rump_schedule/unschedule pair", msc, mem, "empty call");
	row("rump_schedule/unschedule pair", msc, mhp2, "pthread");
	row("rump_schedule/unschedule pair", msc, mat, "CAS+store");
	row("taking a biased CPU back: rumpuser_membarrier", mmb, mgp,
	    "host getpid");
	bench_table_end();
	bench_note("pthread = host pthread_mutex_lock/unlock pair; empty call = "
	    "call through a volatile function pointer; CAS+store = a "
	    "compare-and-swap and a seq_cst store, the least that taking and "
	    "giving back an unbiased virtual CPU costs; same thread, same run.");
	bench_note("Virtual CPUs %s (%llu biases made, %llu taken back before "
	    "the barrier row).", biased ? "are biased: the pair enters and "
	    "leaves this thread's own CPU with no atomic operation" :
	    "are not biased (no asymmetric barrier): the pair is a "
	    "compare-and-swap and an exchange", (unsigned long long)nbiased,
	    (unsigned long long)nrevoked);
	bench_note("rumpuser_membarrier: with another thread of this process "
	    "spinning on another CPU, as when a thread takes a CPU back from "
	    "its owner; median over %d batches of %d, beside the host's "
	    "syscall(SYS_getpid).", NBATCH_BARRIER, BARRIERS_PER_BATCH);
	bench_note("Median over %d batches of %d operations; no target set.",
	    NBATCH, OPS_PER_BATCH);
	fflush(stdout);
	return 0;
}
