/*
 * pool.c: pools of fixed-size objects (see pool.h).
 *
 * Objects live in slabs: blocks of memory aligned to their own size (a
 * page, or a power of two of pages for big objects) whose first bytes
 * are a header, so an object finds its slab by masking its address.
 * The header keeps the slab's free objects as a stack of indexes plus a
 * count of objects never handed out, carved off in order so the host
 * only makes resident what is used.  Moving objects between a slab and
 * a CPU's cache reads and writes only the header, never the objects
 * (which in a big working set are cold).
 *
 * pool_get and pool_put work on the calling CPU's cache while they can
 * (found again after anything that may sleep, which may give the CPU
 * away): a get that finds it empty refills half of it from the slabs
 * (slabs in use before empty ones, which may then go back), a put that
 * finds it full gives half of it back to their slabs.  Slabs whose objects are
 * all free are kept for reuse until memory is short or the pool is
 * destroyed.  Under AddressSanitizer free objects are poisoned and each
 * object is followed by a poisoned red zone.
 */
#include <kern/systm.h>
#include <kern/pool.h>
#include <kern/atomic.h>
#include <kern/cpu.h>
#include <kern/kmem.h>
#include <kern/lwp.h>
#include "core.h"

#ifdef KASAN
#define POOL_REDZONE	16
#else
#define POOL_REDZONE	0
#endif
/* Checked builds check that each object goes back to its own pool. */
#if defined(KASAN) || defined(LOCKDEBUG)
#define POOL_CHECKS	1
#endif

#define POOL_ALIGN	16	/* as the host's malloc */
#define POOL_MINPERSLAB	8	/* objects; bigger ones get bigger slabs */
/* What pool_get fetches ahead of the next object: its first lines, where
 * its user's first stores go. */
#define POOL_PREFETCH_MAX	(5 * CACHE_LINE_SIZE)

struct pool_slab {
	struct list_node ps_entry;	/* pr_partial or pr_empty; none if full */
	struct pool *ps_pool;		/* its pool, for checked builds */
	unsigned ps_nfree;		/* stacked + never handed out */
	unsigned ps_nstack;		/* indexes in ps_stack */
	unsigned ps_next;		/* first never handed out */
	uint16_t ps_stack[];		/* free objects' indexes */
};

static struct list_node pools = LIST_HEAD_INIT(pools);
static kmutex_t pools_lock;	/* covers pools */
static struct mem_reclaimer pool_reclaimer;

/* How many objects of stride bytes a slab of slabsize bytes holds, its
 * header (with room for every index) before them. */
static unsigned
slab_capacity(size_t slabsize, size_t stride)
{
	size_t n = (slabsize - sizeof(struct pool_slab)) /
	    (stride + sizeof(uint16_t));

	while (n > 0 && roundup2(sizeof(struct pool_slab) +
	    n * sizeof(uint16_t), POOL_ALIGN) + n * stride > slabsize)
		n--;
	return (unsigned)n;
}

int
pool_init(struct pool *pp, size_t size, const char *name)
{
	size_t stride = roundup2(size, POOL_ALIGN) + POOL_REDZONE;
	size_t slabsize = PAGE_SIZE;

	KASSERT(size > 0);
	while (slab_capacity(slabsize, stride) < POOL_MINPERSLAB)
		slabsize <<= 1;
	pp->pr_name = name;
	pp->pr_size = size;
	pp->pr_stride = stride;
	pp->pr_slabsize = slabsize;
	pp->pr_perslab = slab_capacity(slabsize, stride);
	KASSERT(pp->pr_perslab <= 65536);
	pp->pr_objoff = roundup2(sizeof(struct pool_slab) +
	    pp->pr_perslab * sizeof(uint16_t), POOL_ALIGN);
	list_init(&pp->pr_partial);
	list_init(&pp->pr_empty);
	pp->pr_nslabs = 0;
	pp->pr_nout = 0;
	pp->pr_cpu = mem_host_alloc(ncpu * sizeof(*pp->pr_cpu),
	    CACHE_LINE_SIZE, KM_SLEEP);
	if (pp->pr_cpu == NULL)
		return ENOMEM;
	memset(pp->pr_cpu, 0, ncpu * sizeof(*pp->pr_cpu));
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

static struct pool_slab *
slab_of(const struct pool *pp, const void *obj)
{
	return (struct pool_slab *)((uintptr_t)obj & ~(pp->pr_slabsize - 1));
}

/* A free object of a slab with one; NULL if none has.  pr_lock held. */
static void *
slab_take(struct pool *pp)
{
	struct pool_slab *ps;
	unsigned i;

	if ((ps = list_first(&pp->pr_partial, struct pool_slab,
	    ps_entry)) == NULL) {
		if ((ps = list_first(&pp->pr_empty, struct pool_slab,
		    ps_entry)) == NULL)
			return NULL;
		list_remove(&ps->ps_entry);
		list_insert_head(&pp->pr_partial, &ps->ps_entry);
	}
	i = ps->ps_nstack > 0 ? ps->ps_stack[--ps->ps_nstack] : ps->ps_next++;
	if (--ps->ps_nfree == 0)
		list_remove(&ps->ps_entry);	/* full: on no list */
	return (char *)ps + pp->pr_objoff + (size_t)i * pp->pr_stride;
}

/* obj back to its slab; pr_lock held. */
static void
slab_give(struct pool *pp, void *obj)
{
	struct pool_slab *ps = slab_of(pp, obj);
	size_t off = (size_t)((char *)obj - (char *)ps) - pp->pr_objoff;

	KASSERT(off % pp->pr_stride == 0 && ps->ps_nfree < pp->pr_perslab);
	ps->ps_stack[ps->ps_nstack++] = (uint16_t)(off / pp->pr_stride);
	if (ps->ps_nfree++ == 0)
		list_insert_head(&pp->pr_partial, &ps->ps_entry);
	if (ps->ps_nfree == pp->pr_perslab) {
		list_remove(&ps->ps_entry);
		list_insert_head(&pp->pr_empty, &ps->ps_entry);
	}
}

/* A new slab on the empty list; false if memory is short.  Called
 * without pr_lock: getting memory may reclaim, which drains pools. */
static bool
slab_add(struct pool *pp, int flags)
{
	struct pool_slab *ps;

	ps = pp->pr_slabsize == PAGE_SIZE ? page_alloc(1, flags) :
	    mem_host_alloc(pp->pr_slabsize, pp->pr_slabsize, flags);
	if (ps == NULL)
		return false;
	ps->ps_pool = pp;
	ps->ps_nfree = pp->pr_perslab;
	ps->ps_nstack = 0;
	ps->ps_next = 0;
	KASAN_POISON((char *)ps + pp->pr_objoff,
	    pp->pr_slabsize - pp->pr_objoff);
	mutex_enter(&pp->pr_lock);
	list_insert_head(&pp->pr_empty, &ps->ps_entry);
	pp->pr_nslabs++;
	mutex_exit(&pp->pr_lock);
	return true;
}

static void
slab_free(struct pool *pp, struct pool_slab *ps)
{
	KASAN_UNPOISON(ps, pp->pr_slabsize);
	if (pp->pr_slabsize == PAGE_SIZE)
		page_free(ps, 1);
	else
		mem_host_free(ps, pp->pr_slabsize);
}

static void *
pool_handout(struct pool *pp, void *obj)
{
	KASAN_UNPOISON(obj, pp->pr_size);
	return obj;
}

void *
pool_get(struct pool *pp, int flags)
{
	struct pool_cpu *pc = pool_mycpu(pp);
	void *obj;

	if (pc != NULL && pc->pc_n > 0) {
		pool_cpu_count(pc, 1);
		obj = pc->pc_obj[--pc->pc_n];
		/* The object the next get here hands out: in a big working
		 * set it is cold, and its user's first stores would stall
		 * the next lock (a locked instruction waits for them). */
		if (pc->pc_n > 0)
			PREFETCH_RANGE(pc->pc_obj[pc->pc_n - 1],
			    MIN(pp->pr_size, POOL_PREFETCH_MAX), 1);
		return pool_handout(pp, obj);
	}
	for (;;) {
		mutex_enter(&pp->pr_lock);
		/* Taking the lock may have slept and given the CPU away:
		 * the cache is that of the CPU held now. */
		pc = pool_mycpu(pp);
		if ((obj = slab_take(pp)) != NULL) {
			/* Half a cache more for the next gets. */
			while (pc != NULL && pc->pc_n < POOL_CPU_OBJS / 2 &&
			    (pc->pc_obj[pc->pc_n] = slab_take(pp)) != NULL)
				pc->pc_n++;
			pp->pr_nout++;
			mutex_exit(&pp->pr_lock);
			return pool_handout(pp, obj);
		}
		mutex_exit(&pp->pr_lock);
		if (!slab_add(pp, flags))
			return NULL;
	}
}

void
pool_put(struct pool *pp, void *obj)
{
	struct pool_cpu *pc = pool_mycpu(pp);

#ifdef POOL_CHECKS
	KASSERTMSG(slab_of(pp, obj)->ps_pool == pp,
	    "pool %s: %p put back into the wrong pool", pp->pr_name, obj);
#endif
	KASAN_POISON(obj, pp->pr_size);
	if (pc != NULL && pc->pc_n < POOL_CPU_OBJS) {
		pc->pc_obj[pc->pc_n++] = obj;
		pool_cpu_count(pc, -1);
		return;
	}
	mutex_enter(&pp->pr_lock);
	pc = pool_mycpu(pp);		/* as in pool_get */
	/* A full cache: half of it back to the slabs. */
	while (pc != NULL && pc->pc_n > POOL_CPU_OBJS / 2)
		slab_give(pp, pc->pc_obj[--pc->pc_n]);
	slab_give(pp, obj);
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
			slab_give(pp, pp->pr_cpu[i].pc_obj[--pp->pr_cpu[i].pc_n]);
	pool_drain(pp);
	KASSERT(pp->pr_nslabs == 0);
	mem_host_free(pp->pr_cpu, ncpu * sizeof(*pp->pr_cpu));
	mutex_destroy(&pp->pr_lock);
}

size_t
pool_drain(struct pool *pp)
{
	struct list_node empty;
	struct pool_slab *ps;
	size_t freed = 0;

	list_init(&empty);
	mutex_enter(&pp->pr_lock);
	while ((ps = list_first(&pp->pr_empty, struct pool_slab,
	    ps_entry)) != NULL) {
		list_remove(&ps->ps_entry);
		list_insert_head(&empty, &ps->ps_entry);
		pp->pr_nslabs--;
	}
	mutex_exit(&pp->pr_lock);
	while ((ps = list_first(&empty, struct pool_slab, ps_entry)) != NULL) {
		list_remove(&ps->ps_entry);
		slab_free(pp, ps);
		freed += pp->pr_slabsize;
	}
	return freed;
}

/* The caller's CPU's cache back to the slabs (other CPUs' caches are
 * their holders'). */
static void
pool_flush_mycpu(struct pool *pp)
{
	struct pool_cpu *pc;

	mutex_enter(&pp->pr_lock);
	if ((pc = pool_mycpu(pp)) != NULL)
		while (pc->pc_n > 0)
			slab_give(pp, pc->pc_obj[--pc->pc_n]);
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
