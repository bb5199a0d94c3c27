/*
 * slottab.h: open-addressed hash tables of pointers.
 *
 * A table is an array of slots, a power of two of them, each holding a
 * pointer (NULL: empty) and that pointer's 32-bit hash.  A key lives
 * in the first free slot from its home slot (hash & (n - 1)) on, so a
 * lookup reads consecutive slots and only the objects whose hash
 * matches; adding and removing an object writes no other object.  The
 * owner keeps the table, its size and its lock, never lets it fill
 * (a probe ends at an empty slot; half full is a good limit), and
 * grows it by allocating a bigger one without the lock held and moving
 * the entries over under the lock.
 */
#ifndef KERN_SLOTTAB_H
#define KERN_SLOTTAB_H

#include <kern/types.h>

struct slot {
	uint32_t sl_hash;
	void *sl_ptr;
};

/*
 * Visit the slots of hash h's probe run in tab (n slots), s pointing at
 * each; the loop ends at the empty slot that ends the run.  Compare
 * s->sl_hash with h before looking at the object.
 */
#define SLOTTAB_FOREACH(s, tab, n, h)					\
	for (unsigned slottab_i_ = (h) & ((n) - 1);			\
	    ((s) = &(tab)[slottab_i_])->sl_ptr != NULL;			\
	    slottab_i_ = (slottab_i_ + 1) & ((n) - 1))

/* n empty slots; NULL if memory is short. */
struct slot *slottab_alloc(unsigned n);
void slottab_free(struct slot *tab, unsigned n);
/* Add p, whose hash is h; the table must have an empty slot. */
void slottab_insert(struct slot *tab, unsigned n, uint32_t h, void *p);
/* Remove p (hash h), moving later entries of its probe run back into
 * the hole so that each stays reachable from its home slot. */
void slottab_remove(struct slot *tab, unsigned n, uint32_t h, const void *p);
/* Add every entry of old (oldn slots) to new (newn slots). */
void slottab_move(const struct slot *old, unsigned oldn, struct slot *new,
    unsigned newn);

#endif /* KERN_SLOTTAB_H */
