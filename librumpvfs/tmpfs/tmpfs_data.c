/*
 * tmpfs_data.c: a regular file's data, as a radix tree of pages.
 *
 * Level 1 nodes hold pages, higher levels hold nodes; the tree grows a
 * level at a time as the file does, so a small file costs one node and
 * a sparse file only the pages written.  Pages count against the
 * mount's size limit.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/kmem.h>
#include "tmpfs.h"

#define NODE_BYTES	(TMPFS_RADIX_FANOUT * sizeof(void *))
#define NONE		UINT64_MAX

/* The largest file's tree never needs a level whose span passes 2^63:
 * span() does not saturate, and a slot's first page and end (base +
 * s * each + each) never wrap. */
CTASSERT((uint64_t)TMPFS_MAXFILESIZE / PAGE_SIZE <
    (uint64_t)1 << (63 / TMPFS_RADIX_BITS * TMPFS_RADIX_BITS));

/* Pages a tree of this many levels covers. */
static uint64_t
span(unsigned levels)
{
	return levels * TMPFS_RADIX_BITS >= 64 ? NONE :
	    (uint64_t)1 << (levels * TMPFS_RADIX_BITS);
}

static unsigned
slot_at(uint64_t index, unsigned level)
{
	return (unsigned)(index >> ((level - 1) * TMPFS_RADIX_BITS)) &
	    (TMPFS_RADIX_FANOUT - 1);
}

void *
tmpfs_reg_page(struct tmpfs_reg *reg, uint64_t index)
{
	void **node = reg->tr_root;

	if (reg->tr_levels == 0 || index >= span(reg->tr_levels))
		return NULL;
	for (unsigned l = reg->tr_levels; l > 1; l--)
		if ((node = node[slot_at(index, l)]) == NULL)
			return NULL;
	return node[slot_at(index, 1)];
}

int
tmpfs_reg_page_alloc(struct tmpfs_mount *tm, struct tmpfs_reg *reg,
    uint64_t index, void **pagep)
{
	void **node, **child, *page;

	while (reg->tr_levels == 0 || index >= span(reg->tr_levels)) {
		if ((node = kmem_zalloc(NODE_BYTES, KM_SLEEP)) == NULL)
			return ENOMEM;
		node[0] = reg->tr_root;
		reg->tr_root = node;
		reg->tr_levels++;
	}
	node = reg->tr_root;
	for (unsigned l = reg->tr_levels; l > 1; l--) {
		unsigned s = slot_at(index, l);

		if ((child = node[s]) == NULL) {
			if ((child = kmem_zalloc(NODE_BYTES, KM_SLEEP)) == NULL)
				return ENOMEM;
			node[s] = child;
		}
		node = child;
	}
	if ((page = node[slot_at(index, 1)]) == NULL) {
		if (tm->tm_pages_max != 0 &&
		    atomic_add_64_nv(&tm->tm_pages_used, 1) > tm->tm_pages_max) {
			atomic_add_64(&tm->tm_pages_used, -1);
			return ENOSPC;
		} else if (tm->tm_pages_max == 0) {
			atomic_add_64(&tm->tm_pages_used, 1);
		}
		if ((page = page_alloc(1, KM_SLEEP)) == NULL) {
			atomic_add_64(&tm->tm_pages_used, -1);
			return ENOSPC;
		}
		memset(page, 0, PAGE_SIZE);
		node[slot_at(index, 1)] = page;
		atomic_store_relaxed(&reg->tr_npages, reg->tr_npages + 1);
	}
	*pagep = page;
	return 0;
}

size_t
tmpfs_reg_run(struct tmpfs_mount *tm, struct tmpfs_reg *reg, uint64_t off,
    size_t len, char **startp, int *errorp)
{
	size_t pgoff = off & (PAGE_SIZE - 1), n = MIN(PAGE_SIZE - pgoff, len);
	void *page, *next;

	*errorp = 0;
	if (tm == NULL)
		page = tmpfs_reg_page(reg, off / PAGE_SIZE);
	else if ((*errorp = tmpfs_reg_page_alloc(tm, reg, off / PAGE_SIZE,
	    &page)) != 0)
		return 0;
	*startp = page != NULL ? (char *)page + pgoff : NULL;
	while (page != NULL && n < len) {
		uint64_t index = (off + n) / PAGE_SIZE;

		if (tm == NULL)
			next = tmpfs_reg_page(reg, index);
		else if (tmpfs_reg_page_alloc(tm, reg, index, &next) != 0)
			break;		/* the caller's next run says why */
		if (next != *startp + n)
			break;
		n += MIN(PAGE_SIZE, len - n);
	}
	return n;
}

/* Free pages at or above cut under node (covering pages from base);
 * true if node is left empty (and was freed). */
static bool
free_from(struct tmpfs_mount *tm, struct tmpfs_reg *reg, void **node,
    unsigned level, uint64_t base, uint64_t cut)
{
	uint64_t each = span(level - 1);
	bool empty = true;

	for (unsigned s = 0; s < TMPFS_RADIX_FANOUT; s++) {
		uint64_t first = base + s * each;

		if (node[s] == NULL)
			continue;
		if (first + each <= cut) {
			empty = false;
			continue;
		}
		if (level == 1) {
			page_free(node[s], 1);
			atomic_store_relaxed(&reg->tr_npages,
			    reg->tr_npages - 1);
			atomic_add_64(&tm->tm_pages_used, -1);
			node[s] = NULL;
		} else if (free_from(tm, reg, node[s], level - 1, first, cut)) {
			node[s] = NULL;
		} else {
			empty = false;
		}
	}
	if (empty)
		kmem_free(node, NODE_BYTES);
	return empty;
}

void
tmpfs_reg_truncate(struct tmpfs_mount *tm, struct tmpfs_reg *reg,
    uint64_t npages)
{
	if (reg->tr_levels == 0 || npages >= span(reg->tr_levels))
		return;
	if (free_from(tm, reg, reg->tr_root, reg->tr_levels, 0, npages)) {
		reg->tr_root = NULL;
		reg->tr_levels = 0;
	}
}

static uint64_t
find_from(void **node, unsigned level, uint64_t base, uint64_t index,
    bool want, uint64_t limit)
{
	uint64_t each = span(level - 1);

	for (unsigned s = slot_at(index, level); s < TMPFS_RADIX_FANOUT; s++) {
		uint64_t first = base + s * each, r;

		if (first >= limit)
			return NONE;
		if (node[s] == NULL) {
			if (!want)
				return MAX(first, index);
			continue;
		}
		if (level == 1) {
			if (want)
				return first;
			continue;
		}
		r = find_from(node[s], level - 1, first, MAX(first, index), want,
		    limit);
		if (r != NONE)
			return r;
	}
	return NONE;
}

uint64_t
tmpfs_reg_next(const struct tmpfs_reg *reg, uint64_t index, bool want,
    uint64_t limit)
{
	uint64_t r;

	if (index >= limit)
		return NONE;
	if (reg->tr_levels == 0 || index >= span(reg->tr_levels))
		return want ? NONE : index;
	r = find_from(reg->tr_root, reg->tr_levels, 0, index, want, limit);
	if (r == NONE && !want && span(reg->tr_levels) < limit)
		r = MAX(span(reg->tr_levels), index);
	return r;
}
