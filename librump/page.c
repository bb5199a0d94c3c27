/*
 * page.c: whole pages of kernel memory (file data, page tables).
 *
 * Single pages come from 1 MiB chunks taken from the host aligned to
 * their size, so a page finds its chunk by masking its address.  The
 * chunk's first page holds its header: a free list threaded through
 * the free pages and a count; pages never handed out are carved off
 * lazily, so the host only makes resident what is used.  A page costs
 * PAGE_SIZE against the memory limit; a chunk whose pages are all free
 * goes back to the host, except one kept for reuse.  Runs of several
 * pages come from the host directly.
 */
#include <kern/systm.h>
#include <kern/kmem.h>
#include <kern/mutex.h>
#include <kern/queue.h>
#include <rump/rumpuser.h>
#include "core.h"

#define PG_CHUNK	((size_t)1 << 20)
#define PG_PERCHUNK	((unsigned)(PG_CHUNK / PAGE_SIZE) - 1)	/* less the header */

struct pg_chunk {
	struct list_node pc_entry;	/* pg_partial, while it has free pages */
	void *pc_free;			/* freed pages, linked through word 0 */
	unsigned pc_nfree;		/* free pages, freed or never used */
	unsigned pc_next;		/* next never-used page (1-based) */
};

/* pg_lock covers the chunk list, the spare and every chunk header. */
static kmutex_t pg_lock = { .mtx_name = "page.c pg_lock" };
static struct list_node pg_partial = LIST_HEAD_INIT(pg_partial);
static struct pg_chunk *pg_spare;	/* an empty chunk kept for reuse */

/* A page from a chunk with room; NULL if none has.  pg_lock held. */
static void *
pg_take(void)
{
	struct pg_chunk *pc = list_first(&pg_partial, struct pg_chunk, pc_entry);
	void *p;

	if (pc == NULL)
		return NULL;
	if ((p = pc->pc_free) != NULL)
		pc->pc_free = *(void **)p;
	else
		p = (char *)pc + (size_t)pc->pc_next++ * PAGE_SIZE;
	if (--pc->pc_nfree == 0)
		list_remove(&pc->pc_entry);
	return p;
}

static struct pg_chunk *
pg_chunk_new(void)
{
	struct pg_chunk *pc;
	void *mem;

	if (rumpuser_malloc(PG_CHUNK, PG_CHUNK, &mem) != 0)
		return NULL;
	pc = mem;
	pc->pc_free = NULL;
	pc->pc_nfree = PG_PERCHUNK;
	pc->pc_next = 1;
	return pc;
}

void *
page_alloc(size_t npages, int flags)
{
	if (npages == 1) {
		struct pg_chunk *pc;
		void *p;

		if (!mem_reserve_flags(PAGE_SIZE, flags))
			return NULL;
		mutex_enter(&pg_lock);
		if ((p = pg_take()) == NULL) {
			if ((pc = pg_spare) != NULL)
				pg_spare = NULL;
			else if ((pc = pg_chunk_new()) == NULL) {
				mutex_exit(&pg_lock);
				mem_unreserve(PAGE_SIZE);
				return NULL;
			}
			list_insert_head(&pg_partial, &pc->pc_entry);
			p = pg_take();
		}
		mutex_exit(&pg_lock);
		return p;
	}
	return mem_host_alloc(npages * PAGE_SIZE, PAGE_SIZE, flags);
}

void
page_free(void *p, size_t npages)
{
	if (npages == 1) {
		struct pg_chunk *release = NULL, *pc =
		    (struct pg_chunk *)((uintptr_t)p & ~(PG_CHUNK - 1));

		mutex_enter(&pg_lock);
		*(void **)p = pc->pc_free;
		pc->pc_free = p;
		if (pc->pc_nfree++ == 0)
			list_insert_head(&pg_partial, &pc->pc_entry);
		if (pc->pc_nfree == PG_PERCHUNK) {
			list_remove(&pc->pc_entry);
			release = pg_spare;
			pg_spare = pc;
		}
		mutex_exit(&pg_lock);
		if (release != NULL)
			rumpuser_free(release, PG_CHUNK);
		mem_unreserve(PAGE_SIZE);
		return;
	}
	kmem_free(p, npages * PAGE_SIZE);
}
