/*
 * pool.h: pools of fixed-size objects.
 *
 * A pool carves its objects out of slabs (a page each, more for big
 * objects) and keeps freed objects for quick reuse: first in a small
 * cache of the virtual CPU the caller holds (no lock, no atomic
 * operation: only the CPU's holder touches it), then back in their
 * slabs under the pool's lock.  Slabs whose objects are all free are
 * given back under memory pressure, with the cache of the CPU that
 * reclaims; each CPU's cache holds at most POOL_CPU_OBJS objects.
 * Objects come out uninitialised, aligned to 16 bytes.  Pools are made
 * after the scheduler starts (they size their caches by the number of
 * CPUs).  kmem_alloc serves small sizes from pools of size classes.
 */
#ifndef KERN_POOL_H
#define KERN_POOL_H

#include <kern/types.h>
#include <kern/mutex.h>
#include <kern/queue.h>

#define POOL_CPU_OBJS	32

struct pool_cpu {
	unsigned pc_n;			/* objects in pc_obj */
	int pc_nout;			/* handed out here, less put back */
	void *pc_obj[POOL_CPU_OBJS];
} __aligned(CACHE_LINE_SIZE);

struct pool {
	const char *pr_name;
	size_t pr_size;			/* what the caller asked for */
	size_t pr_stride;		/* object to object in a slab */
	size_t pr_slabsize;		/* a power of two, >= PAGE_SIZE */
	size_t pr_objoff;		/* the first object's offset */
	unsigned pr_perslab;
	struct pool_cpu *pr_cpu;	/* one per virtual CPU */
	kmutex_t pr_lock;		/* covers the fields below */
	struct list_node pr_partial;	/* slabs with free and used objects */
	struct list_node pr_empty;	/* slabs with no object in use */
	unsigned pr_nslabs;
	int pr_nout;			/* handed out from the slabs */
	struct list_node pr_entry;	/* on the list of all pools */
};

/* 0, or ENOMEM for the per-CPU caches. */
int pool_init(struct pool *, size_t size, const char *name);
/* Every object must be back; nobody may use the pool meanwhile. */
void pool_destroy(struct pool *);
/* An object, or NULL when memory cannot be found (see kmem.h). */
void *pool_get(struct pool *, int flags);
void pool_put(struct pool *, void *);
/* Give back the slabs with no object in use (the CPU caches' objects
 * are in use here); returns the bytes freed. */
size_t pool_drain(struct pool *);
/* Objects handed out and not put back (for leak checks). */
int pool_nout(struct pool *);

#endif /* KERN_POOL_H */
