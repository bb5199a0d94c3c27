/*
 * hashtab.h: tables of list heads for hash tables that grow.
 *
 * The owner keeps the table, its size (a power of two) and the lock;
 * it allocates the bigger table without the lock held (allocation may
 * ask reclaimers, which may take it), then moves the entries over under
 * the lock if nobody grew the table meanwhile.
 */
#ifndef KERN_HASHTAB_H
#define KERN_HASHTAB_H

#include <kern/types.h>
#include <kern/queue.h>

/* n empty buckets; NULL if memory is short. */
struct list_node *hashtab_alloc(unsigned n);
void hashtab_free(struct list_node *tab, unsigned n);
/* Move every entry of old (oldn buckets) to new (newn buckets);
 * hashof(entry) is the entry's full hash value. */
void hashtab_move(struct list_node *old, unsigned oldn, struct list_node *new,
    unsigned newn, uint32_t (*hashof)(struct list_node *));

#endif /* KERN_HASHTAB_H */
