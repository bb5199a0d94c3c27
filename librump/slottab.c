/*
 * slottab.c: open-addressed hash tables of pointers (see slottab.h).
 */
#include <kern/systm.h>
#include <kern/kmem.h>
#include <kern/slottab.h>

struct slot *
slottab_alloc(unsigned n)
{
	return kmem_zalloc(n * sizeof(struct slot), KM_SLEEP);
}

void
slottab_free(struct slot *tab, unsigned n)
{
	kmem_free(tab, n * sizeof(struct slot));
}

void
slottab_insert(struct slot *tab, unsigned n, uint32_t h, void *p)
{
	unsigned i;

	for (i = h & (n - 1); tab[i].sl_ptr != NULL; i = (i + 1) & (n - 1))
		continue;
	tab[i].sl_hash = h;
	tab[i].sl_ptr = p;
}

void
slottab_remove(struct slot *tab, unsigned n, uint32_t h, const void *p)
{
	unsigned mask = n - 1, i, j;

	for (i = h & mask; tab[i].sl_ptr != p; i = (i + 1) & mask)
		continue;
	for (j = (i + 1) & mask; tab[j].sl_ptr != NULL; j = (j + 1) & mask) {
		/* The entry at j may fill the hole at i unless its home
		 * slot lies in (i, j]: it would be unreachable from there. */
		if (((j - tab[j].sl_hash) & mask) >= ((j - i) & mask)) {
			tab[i] = tab[j];
			i = j;
		}
	}
	tab[i].sl_ptr = NULL;
}

void
slottab_move(const struct slot *old, unsigned oldn, struct slot *new,
    unsigned newn)
{
	for (unsigned i = 0; i < oldn; i++)
		if (old[i].sl_ptr != NULL)
			slottab_insert(new, newn, old[i].sl_hash, old[i].sl_ptr);
}
