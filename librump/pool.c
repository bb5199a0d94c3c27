/*
 * pool.c: pools of fixed-size objects with a free list.
 *
 * Freed objects are kept for reuse; the pools' reclaimer hands them
 * back to the host when memory runs short.  The free list threads
 * through the freed objects themselves.
 */
#include <kern/systm.h>
#include <kern/pool.h>
#include <kern/kmem.h>
#include "core.h"

struct pool_item {
	struct pool_item *pi_next;
};

static struct list_node pools = LIST_HEAD_INIT(pools);
static kmutex_t pools_lock;	/* covers pools */
static struct mem_reclaimer pool_reclaimer;

void
pool_init(struct pool *pp, size_t size, const char *name)
{
	pp->pr_name = name;
	pp->pr_size = size < sizeof(struct pool_item) ?
	    sizeof(struct pool_item) : size;
	pp->pr_free = NULL;
	pp->pr_nfree = pp->pr_nout = 0;
	mutex_init(&pp->pr_lock, MUTEX_DEFAULT, IPL_NONE);
	mutex_enter(&pools_lock);
	list_insert_tail(&pools, &pp->pr_entry);
	mutex_exit(&pools_lock);
}

void
pool_destroy(struct pool *pp)
{
	KASSERTMSG(pp->pr_nout == 0, "pool %s destroyed with %u objects out",
	    pp->pr_name, pp->pr_nout);
	mutex_enter(&pools_lock);
	list_remove(&pp->pr_entry);
	mutex_exit(&pools_lock);
	pool_drain(pp);
	mutex_destroy(&pp->pr_lock);
}

void *
pool_get(struct pool *pp, int flags)
{
	struct pool_item *pi;
	void *obj;

	mutex_enter(&pp->pr_lock);
	if ((pi = pp->pr_free) != NULL) {
		pp->pr_free = pi->pi_next;
		pp->pr_nfree--;
		pp->pr_nout++;
		mutex_exit(&pp->pr_lock);
		return pi;
	}
	mutex_exit(&pp->pr_lock);

	if ((obj = kmem_alloc(pp->pr_size, flags)) == NULL)
		return NULL;
	mutex_enter(&pp->pr_lock);
	pp->pr_nout++;
	mutex_exit(&pp->pr_lock);
	return obj;
}

void
pool_put(struct pool *pp, void *obj)
{
	struct pool_item *pi = obj;

	mutex_enter(&pp->pr_lock);
	KASSERT(pp->pr_nout > 0);
	pp->pr_nout--;
	pi->pi_next = pp->pr_free;
	pp->pr_free = pi;
	pp->pr_nfree++;
	mutex_exit(&pp->pr_lock);
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

static size_t
pool_reclaim(size_t want)
{
	struct pool *pp;
	size_t freed = 0;

	mutex_enter(&pools_lock);
	list_foreach(pp, &pools, struct pool, pr_entry) {
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
