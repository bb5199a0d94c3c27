/*
 * pool.h: pools of fixed-size objects.
 *
 * A pool keeps freed objects on a free list for quick reuse; under
 * memory pressure its reclaimer gives them back.  Objects come out
 * uninitialised.
 */
#ifndef KERN_POOL_H
#define KERN_POOL_H

#include <kern/types.h>
#include <kern/mutex.h>
#include <kern/queue.h>

struct pool_item;

struct pool {
	const char *pr_name;
	size_t pr_size;
	kmutex_t pr_lock;		/* covers the fields below */
	struct pool_item *pr_free;	/* free list */
	unsigned pr_nfree;
	unsigned pr_nout;		/* objects handed out */
	struct list_node pr_entry;	/* on the list of all pools */
};

void pool_init(struct pool *, size_t size, const char *name);
void pool_destroy(struct pool *);
/* An object, or NULL when memory cannot be found (see kmem.h). */
void *pool_get(struct pool *, int flags);
void pool_put(struct pool *, void *);
/* Give every cached free object back; returns the bytes freed. */
size_t pool_drain(struct pool *);

#endif /* KERN_POOL_H */
