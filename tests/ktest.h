/*
 * ktest.h: the kernel-side test helpers (tests/kern/), as host code
 * sees them: renamed into the kernel's rumpns_ namespace.  Call them
 * between rump_schedule() and rump_unschedule().
 */
#ifndef TESTS_KTEST_H
#define TESTS_KTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int rumpns_ktest_mutex_counter(int n, int iters);
void rumpns_ktest_host_counter_init(void);
void rumpns_ktest_host_counter_inc(void);
uint64_t rumpns_ktest_host_counter_get(void);
int rumpns_ktest_rwlock_invariant(int nreaders, int nwriters, int iters);
int rumpns_ktest_cv_producer_consumer(int n);
int rumpns_ktest_cv_timedwait(int ticks, uint64_t *elapsed_ns);
int rumpns_ktest_callout_order(char *out, size_t outlen);
int rumpns_ktest_callout_halt(void);
int rumpns_ktest_kthread(void);
int rumpns_ktest_pserialize(void);
int rumpns_ktest_pool(void);
int rumpns_ktest_kmem_sizes(void);
void rumpns_ktest_kmem_overflow(void);
void rumpns_ktest_kmem_use_after_free(void);
/* ktest_slottab.c */
int rumpns_ktest_slottab(void);
int rumpns_ktest_vcache_table(void);
int rumpns_ktest_pool_reclaim(void);
int rumpns_ktest_pool_migrate(void);
int rumpns_ktest_softint(int *runs);
int rumpns_ktest_workqueue(char *out, size_t outlen);
void rumpns_ktest_counts(unsigned *procs, unsigned *lwps, unsigned *kthreads,
    uint64_t *mem);
int rumpns_ktest_kmem_until_full(size_t chunk, int max, int *got);
int rumpns_ktest_kmem_reclaim(size_t chunk, int *calls);
int rumpns_ktest_fd_open(void);
bool rumpns_ktest_fd_isopen(int fd);
int rumpns_ktest_fd_close(int fd);
const char *rumpns_ktest_component_order(void);
bool rumpns_ktest_shutdown_ran(void);
void rumpns_ktest_panic(void);
void rumpns_ktest_lock_order_reversal(void);
void rumpns_ktest_release_unowned(void);
void rumpns_ktest_sleep_in_read_section(void);
/* 0, or the line of the failed check in ktest_port.c */
int rumpns_ktest_endian(void);
int rumpns_ktest_div64(void);
void rumpns_ktest_store_load_reset(void);
int rumpns_ktest_store_load_order(int side, int rounds, bool fenced);
/* ktest_sched.c; the first may be called without a CPU. */
bool rumpns_ktest_sched_stats(uint64_t *nbiased, uint64_t *nrevoked);
bool rumpns_ktest_sched_biased_to_me(void);
unsigned rumpns_ktest_sched_nbiased_cpus(void);
void rumpns_ktest_sched_visit_reset(void);
int rumpns_ktest_sched_visit(int spins);
uint64_t rumpns_ktest_sched_visit_total(void);
void rumpns_ktest_sched_qs_snapshot(void);
bool rumpns_ktest_sched_qs_passed(void);
int rumpns_ktest_sched_kthread_bias(void);

/* Run a kernel-side expression with a virtual CPU held. */
#define KTEST(expr) ({ __typeof__(expr) ktest_rv_; rump_schedule(); \
	ktest_rv_ = (expr); rump_unschedule(); ktest_rv_; })
#define KTEST_VOID(expr) do { rump_schedule(); expr; rump_unschedule(); } while (0)

/* ktest_vfs.c: the VFS's counts, for leak checks. */
void rumpns_ktest_vfs_counts(unsigned *vnodes, unsigned *vfree,
    unsigned *names, uint64_t *mem);
unsigned rumpns_ktest_vfs_drop_caches(void);
int rumpns_ktest_tmpfs_nodes(void);

struct ktest_vfs_counts {
	unsigned vnodes, vfree, names;
	uint64_t mem;
};

/* The counts with the name cache dropped and, if the kernel has a
 * memory limit, the unused vnodes too (ktest_vfs_drop_caches). */
static inline struct ktest_vfs_counts
ktest_settled_vfs_counts(void)
{
	struct ktest_vfs_counts c;

	KTEST(rumpns_ktest_vfs_drop_caches());
	KTEST_VOID(rumpns_ktest_vfs_counts(&c.vnodes, &c.vfree, &c.names,
	    &c.mem));
	return c;
}

#endif /* TESTS_KTEST_H */
