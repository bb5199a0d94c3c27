/*
 * mem.c: memory accounting and the memory limit (RUMP_MEMLIMIT).
 *
 * Every byte the kernel takes from the host is reserved here first.
 * Past the limit, the registered reclaimers are asked to give memory
 * back, most recently registered first, before the reservation fails.
 */
#include <kern/systm.h>
#include <kern/kmem.h>
#include <kern/atomic.h>
#include <kern/mutex.h>
#include <kern/lwp.h>
#include "core.h"

static uint64_t mem_used;		/* atomic */
static uint64_t mem_max;		/* 0: unlimited; set at boot */
static struct list_node reclaimers = LIST_HEAD_INIT(reclaimers);
static kmutex_t reclaim_lock;		/* covers reclaimers, serialises reclaim */
static bool reclaim_ready;

void
mem_init(uint64_t limit)
{
	mem_max = limit;
	mutex_init(&reclaim_lock, MUTEX_DEFAULT, IPL_NONE);
	reclaim_ready = true;
}

uint64_t
mem_inuse(void)
{
	return atomic_load_relaxed(&mem_used);
}

uint64_t
mem_limit(void)
{
	return mem_max;
}

static bool
mem_take(size_t size)
{
	uint64_t n = atomic_add_64_nv(&mem_used, (int64_t)size);

	if (mem_max == 0 || n <= mem_max)
		return true;
	atomic_add_64(&mem_used, -(int64_t)size);
	return false;
}

/* Ask reclaimers for memory until size fits or none can give more. */
static bool
mem_reclaim(size_t size)
{
	struct mem_reclaimer *mr;
	bool ok = false;

	/* Reclaiming needs a thread in the kernel that may sleep. */
	if (!reclaim_ready || curlwp == NULL || curlwp->l_cpu == NULL)
		return false;
	mutex_enter(&reclaim_lock);
	for (int pass = 0; pass < 2 && !ok; pass++) {
		list_foreach(mr, &reclaimers, struct mem_reclaimer, mr_entry) {
			mr->mr_reclaim(size);
			if ((ok = mem_take(size)))
				break;
		}
	}
	mutex_exit(&reclaim_lock);
	return ok;
}

bool
mem_reserve_flags(size_t size, int flags)
{
	if (mem_take(size))
		return true;
	if (flags & KM_NOSLEEP)
		return false;
	if (mem_reclaim(size))
		return true;
	log(LOG_WARNING, "memory limit %llu reached: %zu bytes refused\n",
	    (unsigned long long)mem_max, size);
	return false;
}

bool
mem_reserve(size_t size)
{
	return mem_reserve_flags(size, KM_SLEEP);
}

void
mem_unreserve(size_t size)
{
	atomic_add_64(&mem_used, -(int64_t)size);
}

void
mem_reclaimer_register(struct mem_reclaimer *mr)
{
	mutex_enter(&reclaim_lock);
	list_insert_head(&reclaimers, &mr->mr_entry);
	mutex_exit(&reclaim_lock);
}

void
mem_reclaimer_unregister(struct mem_reclaimer *mr)
{
	mutex_enter(&reclaim_lock);
	list_remove(&mr->mr_entry);
	mutex_exit(&reclaim_lock);
}
