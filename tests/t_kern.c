/*
 * t_kern.c: the kernel's own machinery, tested from inside with the
 * kernel-side helpers of tests/kern: locks under contention with more
 * threads than virtual CPUs, condition variables, timed waits,
 * callouts, kernel threads, grace periods, object pools, soft
 * interrupts, work queues, and the string routines.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"
#include "ktest.h"
#include "capture.h"

#if defined(__SANITIZE_ADDRESS__)
#define T_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define T_ASAN 1
#endif
#endif

static void
boot_ncpu(const char *n)
{
	setenv("RUMP_NCPU", n, 1);
	T_ASSERT_EQ(rump_init(), 0);
}

T_CASE(mutex_kthreads_1cpu, "16 kernel threads share a counter on 1 virtual CPU")
{
	boot_ncpu("1");
	T_ASSERT_EQ(KTEST(rumpns_ktest_mutex_counter(16, 2000)), 0);
}

T_CASE(mutex_kthreads_2cpu, "16 kernel threads share a counter on 2 virtual CPUs")
{
	boot_ncpu("2");
	T_ASSERT_EQ(KTEST(rumpns_ktest_mutex_counter(16, 5000)), 0);
}

#define HOST_THREADS 12
#define HOST_ITERS 20000

static void *
host_incr(void *arg)
{
	(void)arg;
	for (int i = 0; i < HOST_ITERS; i++) {
		rump_schedule();
		rumpns_ktest_host_counter_inc();
		rump_unschedule();
	}
	return NULL;
}

T_CASE(mutex_host_threads, "12 host threads entering the kernel on 2 CPUs lose no update")
{
	pthread_t t[HOST_THREADS];

	boot_ncpu("2");
	KTEST_VOID(rumpns_ktest_host_counter_init());
	for (int i = 0; i < HOST_THREADS; i++)
		T_ASSERT_EQ(pthread_create(&t[i], NULL, host_incr, NULL), 0);
	for (int i = 0; i < HOST_THREADS; i++)
		pthread_join(t[i], NULL);
	T_ASSERT_EQ(KTEST(rumpns_ktest_host_counter_get()),
	    (uint64_t)HOST_THREADS * HOST_ITERS);
}

static void *
host_getpid(void *arg)
{
	for (int i = 0; i < 20000; i++)
		if (rump_sys_getpid() != 1)
			*(int *)arg = 1;
	return NULL;
}

T_CASE(syscalls_more_threads_than_cpus, "8 threads calling in on 1 CPU all get through")
{
	pthread_t t[8];
	int bad = 0;

	boot_ncpu("1");
	for (int i = 0; i < 8; i++)
		T_ASSERT_EQ(pthread_create(&t[i], NULL, host_getpid, &bad), 0);
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	T_ASSERT_EQ(bad, 0);
}

T_CASE(rwlock_invariant, "readers never see a writer's half-done update")
{
	boot_ncpu("2");
	T_ASSERT_EQ(KTEST(rumpns_ktest_rwlock_invariant(6, 3, 2000)), 0);
}

T_CASE(cv_no_lost_wakeups, "producer and consumer hand over 20000 items on 1 CPU")
{
	boot_ncpu("1");
	T_ASSERT_EQ(KTEST(rumpns_ktest_cv_producer_consumer(20000)), 0);
}

T_CASE(cv_no_lost_wakeups_2cpu, "producer and consumer hand over 50000 items on 2 CPUs")
{
	boot_ncpu("2");
	T_ASSERT_EQ(KTEST(rumpns_ktest_cv_producer_consumer(50000)), 0);
}

T_CASE(cv_timedwait, "cv_timedwait times out with EWOULDBLOCK after the timeout")
{
	uint64_t ns;

	boot_ncpu("1");
	T_ASSERT_EQ(KTEST(rumpns_ktest_cv_timedwait(5, &ns)), RUMP_EAGAIN);
	T_ASSERT_GE(ns, 50 * 1000 * 1000ULL);
	T_ASSERT_LT(ns, 2000 * 1000 * 1000ULL);
}

T_CASE(callout_order, "callouts run by deadline then in scheduling order; stopped ones never")
{
	char order[16];

	boot_ncpu("2");
	T_ASSERT_EQ(KTEST(rumpns_ktest_callout_order(order, sizeof(order))), 0);
	T_ASSERT_STREQ(order, "BEACF");
}

T_CASE(callout_halt, "callout_halt waits for a running callout to finish")
{
	boot_ncpu("1");
	T_ASSERT_EQ(KTEST(rumpns_ktest_callout_halt()), 0);
}

T_CASE(kthread_run_join, "a kernel thread runs in process 0 and is joined")
{
	boot_ncpu("1");
	T_ASSERT_EQ(KTEST(rumpns_ktest_kthread()), 0);
}

T_CASE(pserialize_grace, "a grace period and a deferred free wait for a reader on another CPU, and end after it")
{
	boot_ncpu("2");
	T_ASSERT_EQ(KTEST(rumpns_ktest_pserialize()), 0);
}

T_CASE(pool_cpu_cache, "pool objects come back from the CPU's cache first, are counted while out, and a drain gives back the slabs none of whose objects is in use")
{
	boot_ncpu("2");
	T_ASSERT_EQ(KTEST(rumpns_ktest_pool()), 0);
}

T_CASE(slottab_probe_runs, "hash tables keep every object findable through shared home slots, runs that wrap, equal tags and equal hashes, removals in any order and a move to a bigger table")
{
	boot_ncpu("1");
	T_ASSERT_EQ(KTEST(rumpns_ktest_slottab()), 0);
}

T_CASE(kmem_sizes, "kmem_alloc of every size up to 1100 bytes, all held at once: each block is its own, aligned, and goes back with its size")
{
	boot_ncpu("2");
	T_ASSERT_EQ(KTEST(rumpns_ktest_kmem_sizes()), 0);
}

#ifdef T_ASAN	/* (what it checks exists only there) */
T_CASE(kmem_misuse_reported, "under AddressSanitizer, writing past a kmem block (inside its size class) and reading a freed one are reported")
{
	static char out[65536];
	int status;

	status = run_captured(rumpns_ktest_kmem_overflow, out, sizeof(out));
	T_ASSERT(!WIFEXITED(status) || WEXITSTATUS(status) != 0);
	T_ASSERT(strstr(out, "AddressSanitizer") != NULL);
	status = run_captured(rumpns_ktest_kmem_use_after_free, out,
	    sizeof(out));
	T_ASSERT(!WIFEXITED(status) || WEXITSTATUS(status) != 0);
	T_ASSERT(strstr(out, "AddressSanitizer") != NULL);
}
#endif

T_CASE(pool_reclaim_cpu_cache, "under a memory limit, an allocation gets back the memory a pool keeps, the reclaiming CPU's cache included")
{
	setenv("RUMP_MEMLIMIT", "16m", 1);
	boot_ncpu("2");
	T_ASSERT_EQ(KTEST(rumpns_ktest_pool_reclaim()), 0);
}

T_CASE(pool_get_sleeps_and_migrates, "a pool_get that sleeps on the pool's lock and resumes on another CPU leaves the old CPU's cache (now another thread's) alone")
{
	boot_ncpu("2");
	T_ASSERT_EQ(KTEST(rumpns_ktest_pool_migrate()), 0);
}

T_CASE(softint_coalesce, "a soft interrupt runs once per batch of requests")
{
	int runs = 0;

	/* One CPU, held by the caller between its requests: the soft
	 * interrupt thread cannot run in between. */
	boot_ncpu("1");
	T_ASSERT_EQ(KTEST(rumpns_ktest_softint(&runs)), 0);
	T_ASSERT_EQ(runs, 2);
}

T_CASE(workqueue_order, "work runs in the order queued, and workqueue_wait waits")
{
	char order[16];

	boot_ncpu("2");
	T_ASSERT_EQ(KTEST(rumpns_ktest_workqueue(order, sizeof(order))), 0);
	T_ASSERT_STREQ(order, "abcde");
}

T_CASE(halt_stops_threads, "halting stops the kernel's threads")
{
	unsigned procs, lwps, kt;
	uint64_t mem;
	int runs;

	boot_ncpu("2");
	T_ASSERT_EQ(KTEST(rumpns_ktest_softint(&runs)), 0);	/* starts one */
	KTEST_VOID(rumpns_ktest_counts(&procs, &lwps, &kt, &mem));
	T_ASSERT_GE(kt, 2);
	T_ASSERT_OK(rump_sys_reboot(RUMP_RB_HALT, NULL));
	rump_schedule();
	rumpns_ktest_counts(&procs, &lwps, &kt, &mem);
	rump_unschedule();
	T_ASSERT_EQ(kt, 0);
}

/* The kernel's memcpy (librump/libkern), called directly. */
void *rumpns_memcpy(void *dst, const void *src, size_t n);

T_CASE(memcpy_sizes, "the kernel's memcpy copies exactly n bytes at every alignment, below and above its large-copy path")
{
	static const size_t sizes[] = { 0, 1, 7, 8, 63, 64, 65, 1023, 1024,
	    1025, 4096, 65536 + 3 };
	unsigned char *src = malloc(65536 + 64), *dst = malloc(65536 + 64);

	T_ASSERT(src != NULL && dst != NULL);
	for (size_t i = 0; i < 65536 + 64; i++)
		src[i] = (unsigned char)(i * 7 + 3);
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		for (size_t so = 0; so < 8; so++) {
			for (size_t d_o = 0; d_o < 8; d_o++) {
				size_t n = sizes[k];

				memset(dst, 0xee, 65536 + 64);
				T_ASSERT(rumpns_memcpy(dst + d_o, src + so, n) ==
				    dst + d_o);
				T_ASSERT(memcmp(dst + d_o, src + so, n) == 0);
				for (size_t i = 0; i < d_o; i++)
					T_ASSERT_EQ(dst[i], 0xee);
				for (size_t i = d_o + n; i < n + 16 + d_o; i++)
					T_ASSERT_EQ(dst[i], 0xee);
			}
		}
	}
	free(src);
	free(dst);
}
