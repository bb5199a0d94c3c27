/*
 * pool.c: pools of fixed-size objects (see pool.h).
 *
 * pool_get and pool_put work on the calling CPU's cache while they can
 * (found again after anything that may sleep, which may give the CPU
 * away): a get that finds it empty refills half of it from the shared free
 * list (or allocates one object), a put that finds it full moves half of
 * it to the shared list, so a thread that allocates and frees in turn
 * touches the lock once per POOL_CPU_OBJS / 2 objects at most.  The
 * shared free list threads through the freed objects themselves.
 */
#include <kern/systm.h>
#include <kern/pool.h>
#include <kern/atomic.h>
#include <kern/cpu.h>
#include <kern/kmem.h>
#include <kern/lwp.h>
#include "core.h"

struct pool_item {
	struct pool_item *pi_next;
};

static struct list_node pools = LIST_HEAD_INIT(pools);
static kmutex_t pools_lock;	/* covers pools */
static struct mem_reclaimer pool_reclaimer;

int
pool_init(struct pool *pp, size_t size, const char *name)
{
	pp->pr_name = name;
	pp->pr_size = size < sizeof(struct pool_item) ?
	    sizeof(struct pool_item) : size;
	pp->pr_free = NULL;
	pp->pr_nfree = 0;
	pp->pr_nout = 0;
	if ((pp->pr_cpu = kmem_zalloc(ncpu * sizeof(*pp->pr_cpu),
	    KM_SLEEP)) == NULL)
		return ENOMEM;
	mutex_init(&pp->pr_lock, MUTEX_DEFAULT, IPL_NONE);
	mutex_enter(&pools_lock);
	list_insert_tail(&pools, &pp->pr_entry);
	mutex_exit(&pools_lock);
	return 0;
}

/* The caller's CPU's cache, or NULL if it holds none. */
static struct pool_cpu *
pool_mycpu(struct pool *pp)
{
	struct lwp *l = curlwp;

	return l != NULL && l->l_cpu != NULL ?
	    &pp->pr_cpu[cpu_index(l->l_cpu)] : NULL;
}

/* The holder's count, read by pool_nout from anywhere. */
static void
pool_cpu_count(struct pool_cpu *pc, int delta)
{
	atomic_store_relaxed(&pc->pc_nout, pc->pc_nout + delta);
}

static void
pool_push(struct pool *pp, void *obj)
{
	struct pool_item *pi = obj;

	pi->pi_next = pp->pr_free;
	pp->pr_free = pi;
	pp->pr_nfree++;
}

static void *
pool_pop(struct pool *pp)
{
	struct pool_item *pi = pp->pr_free;

	if (pi != NULL) {
		pp->pr_free = pi->pi_next;
		pp->pr_nfree--;
	}
	return pi;
}

void *
pool_get(struct pool *pp, int flags)
{
	struct pool_cpu *pc = pool_mycpu(pp);
	void *obj;

	if (pc != NULL && pc->pc_n > 0) {
		pool_cpu_count(pc, 1);
		return pc->pc_obj[--pc->pc_n];
	}
	mutex_enter(&pp->pr_lock);
	/* Taking the lock may have slept and given the CPU away: the
	 * cache is that of the CPU held now. */
	pc = pool_mycpu(pp);
	if ((obj = pool_pop(pp)) != NULL) {
		/* Half a cache more for the next gets. */
		while (pc != NULL && pc->pc_n < POOL_CPU_OBJS / 2 &&
		    pp->pr_free != NULL)
			pc->pc_obj[pc->pc_n++] = pool_pop(pp);
		pp->pr_nout++;
		mutex_exit(&pp->pr_lock);
		return obj;
	}
	mutex_exit(&pp->pr_lock);
	if ((obj = kmem_alloc(pp->pr_size, flags)) == NULL)
		return NULL;
	if ((pc = pool_mycpu(pp)) != NULL) {	/* kmem_alloc may sleep */
		pool_cpu_count(pc, 1);
	} else {
		mutex_enter(&pp->pr_lock);
		pp->pr_nout++;
		mutex_exit(&pp->pr_lock);
	}
	return obj;
}

void
pool_put(struct pool *pp, void *obj)
{
	struct pool_cpu *pc = pool_mycpu(pp);

	if (pc != NULL && pc->pc_n < POOL_CPU_OBJS) {
		pc->pc_obj[pc->pc_n++] = obj;
		pool_cpu_count(pc, -1);
		return;
	}
	mutex_enter(&pp->pr_lock);
	pc = pool_mycpu(pp);		/* as in pool_get */
	/* A full cache: half of it to the shared list. */
	while (pc != NULL && pc->pc_n > POOL_CPU_OBJS / 2)
		pool_push(pp, pc->pc_obj[--pc->pc_n]);
	pool_push(pp, obj);
	pp->pr_nout--;
	mutex_exit(&pp->pr_lock);
}

int
pool_nout(struct pool *pp)
{
	int n;

	mutex_enter(&pp->pr_lock);
	n = pp->pr_nout;
	mutex_exit(&pp->pr_lock);
	for (unsigned i = 0; i < ncpu; i++)
		n += atomic_load_relaxed(&pp->pr_cpu[i].pc_nout);
	return n;
}

void
pool_destroy(struct pool *pp)
{
	KASSERTMSG(pool_nout(pp) == 0, "pool %s destroyed with %d objects out",
	    pp->pr_name, pool_nout(pp));
	mutex_enter(&pools_lock);
	list_remove(&pp->pr_entry);
	mutex_exit(&pools_lock);
	for (unsigned i = 0; i < ncpu; i++)	/* nobody uses them now */
		while (pp->pr_cpu[i].pc_n > 0)
			pool_push(pp, pp->pr_cpu[i].pc_obj[--pp->pr_cpu[i].pc_n]);
	pool_drain(pp);
	kmem_free(pp->pr_cpu, ncpu * sizeof(*pp->pr_cpu));
	mutex_destroy(&pp->pr_lock);
}

size_t
pool_drain(struct pool *pp)
{
	struct pool_item *list, *next;
	size_t freed = 0;

	mutex_enter(&pp->pr_lock);
	list = pp->pr_free;
	pp->pr_free = NULL;
	pp->pr_nfree = 0;
	mutex_exit(&pp->pr_lock);
	for (; list != NULL; list = next) {
		next = list->pi_next;
		kmem_free(list, pp->pr_size);
		freed += pp->pr_size;
	}
	return freed;
}

/* The caller's CPU's cache onto the shared list (other CPUs' caches
 * are their holders'). */
static void
pool_flush_mycpu(struct pool *pp)
{
	struct pool_cpu *pc;

	mutex_enter(&pp->pr_lock);
	if ((pc = pool_mycpu(pp)) != NULL)
		while (pc->pc_n > 0)
			pool_push(pp, pc->pc_obj[--pc->pc_n]);
	mutex_exit(&pp->pr_lock);
}

static size_t
pool_reclaim(size_t want)
{
	struct pool *pp;
	size_t freed = 0;

	mutex_enter(&pools_lock);
	list_foreach(pp, &pools, struct pool, pr_entry) {
		pool_flush_mycpu(pp);
		freed += pool_drain(pp);
		if (freed >= want)
			break;
	}
	mutex_exit(&pools_lock);
	return freed;
}

void
pool_subsystem_init(void)
{
	mutex_init(&pools_lock, MUTEX_DEFAULT, IPL_NONE);
	pool_reclaimer.mr_name = "pools";
	pool_reclaimer.mr_reclaim = pool_reclaim;
	mem_reclaimer_register(&pool_reclaimer);
}
