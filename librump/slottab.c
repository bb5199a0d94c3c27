/*
 * slottab.c: open-addressed hash tables of pointers (see slottab.h).
 */
#include <kern/systm.h>
#include <kern/kmem.h>
#include <kern/slottab.h>

/* Slots and tags in one allocation. */
static size_t
table_bytes(unsigned n)
{
	return n * (sizeof(struct slot) + 1);
}

struct slot *
slottab_alloc(unsigned n)
{
	return kmem_zalloc(table_bytes(n), KM_SLEEP);
}

void
slottab_free(struct slot *tab, unsigned n)
{
	kmem_free(tab, table_bytes(n));
}

/* The first empty slot of hash h's probe run. */
static unsigned
first_empty(const struct slot *tab, unsigned n, uint32_t h)
{
	const uint8_t *tags = slottab_tags(tab, n);
	unsigned i;

	for (i = h & (n - 1); tags[i] != 0; i = (i + 1) & (n - 1))
		continue;
	return i;
}

void
slottab_insert(struct slot *tab, unsigned n, uint32_t h, void *p)
{
	unsigned i = first_empty(tab, n, h);

	slottab_tags(tab, n)[i] = slottab_tag(h);
	tab[i].sl_hash = h;
	tab[i].sl_ptr = p;
}

void
slottab_prefetch_insert(const struct slot *tab, unsigned n, uint32_t h)
{
	__builtin_prefetch(&tab[first_empty(tab, n, h)], 1);
}

void
slottab_remove(struct slot *tab, unsigned n, uint32_t h, const void *p)
{
	uint8_t *tags = slottab_tags(tab, n), tag = slottab_tag(h);
	unsigned mask = n - 1, i, j;

	for (i = h & mask; tags[i] != tag || tab[i].sl_ptr != p;
	    i = (i + 1) & mask)
		KASSERT(tags[i] != 0);
	for (j = (i + 1) & mask; tags[j] != 0; j = (j + 1) & mask) {
		/* The entry at j may fill the hole at i unless its home
		 * slot lies in (i, j]: it would be unreachable from there. */
		if (((j - tab[j].sl_hash) & mask) >= ((j - i) & mask)) {
			tab[i] = tab[j];
			tags[i] = tags[j];
			i = j;
		}
	}
	tags[i] = 0;
}

void
slottab_move(const struct slot *old, unsigned oldn, struct slot *new,
    unsigned newn)
{
	const uint8_t *tags = slottab_tags(old, oldn);

	for (unsigned i = 0; i < oldn; i++)
		if (tags[i] != 0)
			slottab_insert(new, newn, old[i].sl_hash, old[i].sl_ptr);
}
