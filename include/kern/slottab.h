/*
 * slottab.h: open-addressed hash tables of pointers.
 *
 * A table is an array of slots, a power of two of them, each holding a
 * pointer and that pointer's 32-bit hash, followed by one tag byte per
 * slot: 0 for an empty slot, else 0x80 and the hash's top seven bits.
 * A key lives in the first free slot from its home slot (hash & (n - 1))
 * on.  A lookup reads the tags of the probe run and only the slots (and
 * objects) whose tag matches: the tags, a seventeenth of the table, are
 * far more often in the cache than the slots, so a lookup of an absent
 * key (every create) mostly costs no miss in a big table, and adding or
 * removing an object writes no other object.  The owner keeps the
 * table, its size and its lock, never lets it fill (a probe ends at an
 * empty slot; half full is a good limit), and grows it by allocating a
 * bigger one without the lock held and moving the entries over under
 * the lock.
 */
#ifndef KERN_SLOTTAB_H
#define KERN_SLOTTAB_H

#include <kern/types.h>

struct slot {
	uint32_t sl_hash;
	void *sl_ptr;
};

static inline uint8_t *
slottab_tags(const struct slot *tab, unsigned n)
{
	return (uint8_t *)(uintptr_t)(tab + n);
}

static inline uint8_t
slottab_tag(uint32_t h)
{
	return (uint8_t)(0x80 | h >> 25);
}

/*
 * Start fetching hash h's home slot before its tag is read: in a big
 * table both are cold, and the slot need not wait for the tag.
 */
static inline void
slottab_prefetch(const struct slot *tab, unsigned n, uint32_t h)
{
	__builtin_prefetch(&tab[h & (n - 1)], 0);
}

/*
 * Visit the slots of hash h's probe run in tab (n slots) whose hash is
 * h, s pointing at each; the loop ends at the empty slot that ends the
 * run.  The caller compares the object with its key.
 */
#define SLOTTAB_FOREACH(s, tab, n, h)					\
	for (unsigned slottab_i_ = (h) & ((n) - 1);			\
	    slottab_tags(tab, n)[slottab_i_] != 0;			\
	    slottab_i_ = (slottab_i_ + 1) & ((n) - 1))		\
		if (slottab_tags(tab, n)[slottab_i_] == slottab_tag(h) && \
		    ((s) = &(tab)[slottab_i_])->sl_hash == (h))

/* n empty slots; NULL if memory is short. */
struct slot *slottab_alloc(unsigned n);
void slottab_free(struct slot *tab, unsigned n);
/* Add p, whose hash is h; the table must have an empty slot. */
void slottab_insert(struct slot *tab, unsigned n, uint32_t h, void *p);
/* Prefetch, for writing, the slot an insert of hash h would take now:
 * a lookup that finds nothing before a create hides that miss. */
void slottab_prefetch_insert(const struct slot *tab, unsigned n, uint32_t h);
/* Remove p (hash h), moving later entries of its probe run back into
 * the hole so that each stays reachable from its home slot. */
void slottab_remove(struct slot *tab, unsigned n, uint32_t h, const void *p);
/* Add every entry of old (oldn slots) to new (newn slots). */
void slottab_move(const struct slot *old, unsigned oldn, struct slot *new,
    unsigned newn);

#endif /* KERN_SLOTTAB_H */
