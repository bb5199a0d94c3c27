/*
 * ktest_pool_migrate.c: a pool_get that sleeps on the pool's lock
 * resumes, perhaps on another virtual CPU, and must not then touch the
 * cache of the CPU it held before (now another thread's).
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/cpu.h>
#include <kern/kmem.h>
#include <kern/kthread.h>
#include <kern/lwp.h>
#include <kern/pool.h>
#include <kern/time.h>

static struct pool mig_pool;
static int mig_b_cpu_before = -1, mig_b_cpu_after = -1, mig_b_done;
static int mig_c_cpu = -1, mig_c_in, mig_c_release;

static void
mig_b(void *arg __unused)
{
	void *obj;

	atomic_store_release(&mig_b_cpu_before,
	    (int)cpu_index(curlwp->l_cpu));
	obj = pool_get(&mig_pool, KM_SLEEP);	/* sleeps on pr_lock */
	atomic_store_release(&mig_b_cpu_after, (int)cpu_index(curlwp->l_cpu));
	if (obj != NULL)
		pool_put(&mig_pool, obj);
	atomic_store_release(&mig_b_done, 1);
}

/* Holds whatever CPU it gets, without using the pool. */
static void
mig_c(void *arg __unused)
{
	atomic_store_release(&mig_c_cpu, (int)cpu_index(curlwp->l_cpu));
	atomic_store_release(&mig_c_in, 1);
	while (!atomic_load_acquire(&mig_c_release))
		spin_pause();
}

/* 0: no foreign cache touched; 100+: the cache of the CPU C holds was
 * changed by B; other: setup failed. */
int
ktest_pool_migrate(void)
{
	void *objs[128];
	struct lwp *b, *c;
	unsigned before_n, after_n;
	int result = 0, cpu;

	if (pool_init(&mig_pool, 200, "migrate") != 0)
		return 1;
	/* Some free objects back in their slabs, for B's refill. */
	for (int i = 0; i < 128; i++)
		if ((objs[i] = pool_get(&mig_pool, KM_SLEEP)) == NULL)
			return 2;
	for (int i = 0; i < 128; i++)
		pool_put(&mig_pool, objs[i]);
	mutex_enter(&mig_pool.pr_lock);
	if (kthread_create(KTHREAD_MUSTJOIN, mig_b, NULL, &b, "migb") != 0)
		return 3;
	/* Hold this CPU until B waits on the lock (and gave its CPU). */
	while (!(atomic_load_relaxed(&mig_pool.pr_lock.mtx_owner) & 1))
		spin_pause();
	if (kthread_create(KTHREAD_MUSTJOIN, mig_c, NULL, &c, "migc") != 0)
		return 4;
	while (!atomic_load_acquire(&mig_c_in))
		spin_pause();
	cpu = atomic_load_acquire(&mig_c_cpu);
	before_n = atomic_load_relaxed(&mig_pool.pr_cpu[cpu].pc_n);
	mutex_exit(&mig_pool.pr_lock);
	kthread_join(b);		/* gives this CPU to B */
	after_n = atomic_load_relaxed(&mig_pool.pr_cpu[cpu].pc_n);
	atomic_store_release(&mig_c_release, 1);
	kthread_join(c);
	if (atomic_load_relaxed(&mig_b_cpu_before) == cpu &&
	    atomic_load_relaxed(&mig_b_cpu_after) != cpu &&
	    after_n != before_n)
		result = 100 + (int)after_n;
	else if (atomic_load_relaxed(&mig_b_cpu_before) != cpu)
		result = 5;	/* setup did not arrange the migration */
	return result;
}
