/*
 * pserialize.h: passive serialization: readers that take no lock and
 * write nothing, and writers that wait (or defer work) until every
 * reader that could have seen what they unlinked is done.
 *
 * A read section is any stretch of kernel code that holds a virtual CPU
 * and does not block: a thread gives its CPU back only between read
 * sections, so once every other CPU has been given back (or was free)
 * after an object was unlinked, no reader can still see it.  That
 * moment is a grace period.  Readers mark their sections with
 * pserialize_read_enter/exit, which cost nothing but document (and, in
 * a DEBUG build, check) that the section does not block.
 *
 * Writers unlink an object under their own lock, then either wait for a
 * grace period (pserialize_perform: may sleep, so no spin lock held) or
 * hand the object to pserialize_defer, whose function runs after one:
 * soon, from a later pserialize_defer, a callout, or memory reclaim.
 */
#ifndef KERN_PSERIALIZE_H
#define KERN_PSERIALIZE_H

#include <kern/types.h>

/* Embedded in an object whose freeing waits for a grace period. */
struct pserialize_entry {
	struct pserialize_entry *pe_next;
	/* Frees the object; returns the bytes given back to the allocator. */
	size_t (*pe_free)(struct pserialize_entry *);
};

#ifdef LOCKDEBUG
void pserialize_read_enter(void);
void pserialize_read_exit(void);
#else
static inline void pserialize_read_enter(void) { }
static inline void pserialize_read_exit(void) { }
#endif

/* Wait until every reader that was in a read section has left it. */
void pserialize_perform(void);

/* Call pe_free for pe after a grace period. */
void pserialize_defer(struct pserialize_entry *pe,
    size_t (*pe_free)(struct pserialize_entry *));

/* Wait for a grace period and run every deferred function; returns the
 * bytes they gave back. */
size_t pserialize_drain(void);

int pserialize_init(void);

#endif /* KERN_PSERIALIZE_H */
