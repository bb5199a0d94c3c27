/*
 * ktest_pool.c: kernel-side test of object pools (t_kern.c): objects
 * come back from the CPU's cache first, overflow to the shared list,
 * are counted while out, and the shared list is given back on drain
 * (pool_destroy then finds nothing out).
 */
#include <kern/systm.h>
#include <kern/kmem.h>
#include <kern/pool.h>

#define NOBJ (4 * POOL_CPU_OBJS)

/* 0, or the number of the check that failed. */
int
ktest_pool(void)
{
	static struct pool pp;
	void *obj[NOBJ], *again;
	size_t drained;
	int result = 0;

	if (pool_init(&pp, 200, "ktest") != 0)
		return 1;
	for (int i = 0; i < NOBJ; i++)
		if ((obj[i] = pool_get(&pp, KM_SLEEP)) == NULL)
			return 2;
	if (pool_nout(&pp) != NOBJ)
		result = 3;
	pool_put(&pp, obj[0]);
	if ((again = pool_get(&pp, KM_SLEEP)) != obj[0])
		result = 4;		/* the CPU's cache, last in first out */
	for (int i = 0; i < NOBJ; i++)
		pool_put(&pp, obj[i]);
	if (pool_nout(&pp) != 0)
		result = 5;
	/* What the CPU's cache could not hold went to the shared list,
	 * which a drain gives back; the cache keeps the rest. */
	drained = pool_drain(&pp);
	if (drained < (size_t)(NOBJ - POOL_CPU_OBJS) * 200 ||
	    drained >= (size_t)NOBJ * 200)
		result = 6;
	pool_destroy(&pp);
	return result;
}

/*
 * Under a memory limit, an allocation that needs memory gets back what
 * the pool keeps, the reclaiming CPU's cache included: 0, or the number
 * of the check that failed.
 */
int
ktest_pool_reclaim(void)
{
	static struct pool pp;
	void *obj[POOL_CPU_OBJS], *p;
	size_t want;
	int result = 0;

	if (mem_limit() == 0 || pool_init(&pp, 4096, "ktest reclaim") != 0)
		return 1;
	for (int i = 0; i < POOL_CPU_OBJS; i++)
		if ((obj[i] = pool_get(&pp, KM_SLEEP)) == NULL)
			return 2;
	for (int i = 0; i < POOL_CPU_OBJS; i++)
		pool_put(&pp, obj[i]);		/* all in this CPU's cache */
	/* More than what is free: most of the cached objects' memory. */
	want = (size_t)(mem_limit() - mem_inuse()) + (POOL_CPU_OBJS - 8) * 4096;
	if ((p = kmem_alloc(want, KM_SLEEP)) == NULL)
		result = 3;
	else
		kmem_free(p, want);
	pool_destroy(&pp);
	return result;
}
