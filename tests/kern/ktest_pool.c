/*
 * ktest_pool.c: kernel-side test of object pools and kmem's size
 * classes (t_kern.c): objects come back from the CPU's cache first,
 * are counted while out, live in slabs that a drain gives back once
 * none of their objects is in use (pool_destroy then finds nothing
 * out), and kmem_alloc's sizes each get memory of their own.
 */
#include <kern/systm.h>
#include <kern/kmem.h>
#include <kern/pool.h>
#include <kern/cpu.h>
#include <kern/lwp.h>

#define NOBJ (4 * POOL_CPU_OBJS)

/* 0, or the number of the check that failed. */
int
ktest_pool(void)
{
	static struct pool pp;
	void *obj[NOBJ], *again;
	size_t drained;
	unsigned cached;
	int result = 0;

	if (pool_init(&pp, 200, "ktest") != 0)
		return 1;
	for (int i = 0; i < NOBJ; i++) {
		if ((obj[i] = pool_get(&pp, KM_SLEEP)) == NULL)
			return 2;
		if ((uintptr_t)obj[i] % 16 != 0)
			result = 7;
		memset(obj[i], i, 200);		/* each its own memory */
	}
	for (int i = 0; i < NOBJ; i++)
		for (int j = 0; j < 200; j++)
			if (((unsigned char *)obj[i])[j] != (unsigned char)i)
				result = 8;
	if (pool_nout(&pp) != NOBJ)
		result = 3;
	pool_put(&pp, obj[0]);
	if ((again = pool_get(&pp, KM_SLEEP)) != obj[0])
		result = 4;		/* the CPU's cache, last in first out */
	for (int i = 0; i < NOBJ; i++)
		pool_put(&pp, obj[i]);
	if (pool_nout(&pp) != 0)
		result = 5;
	/* What the CPU's cache could not hold went back to its slabs; a
	 * drain gives back every slab none of whose objects is cached,
	 * and keeps the others. */
	cached = pp.pr_cpu[cpu_index(curlwp->l_cpu)].pc_n;
	drained = pool_drain(&pp);
	if (drained == 0 || drained % pp.pr_slabsize != 0 ||
	    pp.pr_nslabs == 0 || pp.pr_nslabs > cached ||
	    drained / pp.pr_slabsize * pp.pr_perslab <
	    (size_t)NOBJ - POOL_CPU_OBJS - 2 * pp.pr_perslab)
		result = 6;
	pool_destroy(&pp);
	return result;
}

/*
 * kmem_alloc of every size from 1 to 1100 bytes (the size classes and
 * past them), all held at once: each block is writable for its size
 * and overlaps no other; freeing them with their sizes puts every
 * class back.  0, or the number of the check that failed.
 */
int
ktest_kmem_sizes(void)
{
	enum { MAXSIZE = 1100 };
	static unsigned char *blk[MAXSIZE + 1];
	int result = 0;

	for (size_t n = 1; n <= MAXSIZE; n++) {
		if ((blk[n] = kmem_alloc(n, KM_SLEEP)) == NULL)
			return 1;
		if (n >= 16 && (uintptr_t)blk[n] % 16 != 0)
			result = 2;
		memset(blk[n], (int)(n & 0xff), n);
	}
	for (size_t n = 1; n <= MAXSIZE; n++)
		for (size_t i = 0; i < n; i++)
			if (blk[n][i] != (unsigned char)(n & 0xff))
				result = 3;
	for (size_t n = 1; n <= MAXSIZE; n++)
		kmem_free(blk[n], n);
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

/* One byte written past a 20-byte kmem block, inside its 32-byte size
 * class: AddressSanitizer builds report it (t_kern). */
void
ktest_kmem_overflow(void)
{
	volatile char *p = kmem_alloc(20, KM_SLEEP);

	if (p != NULL) {
		p[20] = 1;
		kmem_free((void *)(uintptr_t)p, 20);
	}
}

/* A kmem block read after it was freed (it waits in the CPU's cache):
 * AddressSanitizer builds report it. */
void
ktest_kmem_use_after_free(void)
{
	volatile char *p = kmem_alloc(64, KM_SLEEP);

	if (p != NULL) {
		kmem_free((void *)(uintptr_t)p, 64);
		(void)p[0];
	}
}
