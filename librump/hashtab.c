/*
 * hashtab.c: bucket tables for growing hash tables (see hashtab.h).
 */
#include <kern/systm.h>
#include <kern/hashtab.h>
#include <kern/kmem.h>

struct list_node *
hashtab_alloc(unsigned n)
{
	struct list_node *tab = kmem_alloc(n * sizeof(*tab), KM_SLEEP);

	if (tab != NULL)
		for (unsigned i = 0; i < n; i++)
			list_init(&tab[i]);
	return tab;
}

void
hashtab_free(struct list_node *tab, unsigned n)
{
	kmem_free(tab, n * sizeof(*tab));
}

void
hashtab_move(struct list_node *old, unsigned oldn, struct list_node *new,
    unsigned newn, uint32_t (*hashof)(struct list_node *))
{
	for (unsigned i = 0; i < oldn; i++) {
		while (!list_empty(&old[i])) {
			struct list_node *e = old[i].next;

			list_remove(e);
			list_insert_tail(&new[hashof(e) & (newn - 1)], e);
		}
	}
}
