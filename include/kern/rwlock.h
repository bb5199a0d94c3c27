/*
 * rwlock.h: reader/writer locks.  Waiting gives the virtual CPU back;
 * a waiting writer keeps new readers out.  rw_init allocates nothing.
 */
#ifndef KERN_RWLOCK_H
#define KERN_RWLOCK_H

#include <kern/mutex.h>

typedef enum { RW_READER, RW_WRITER } krw_t;

typedef struct krwlock {
	uintptr_t rw_owner;		/* atomic: readers or writer, flags */
	const char *rw_name;
} krwlock_t;

#define rw_init(rw) rw_init_named(rw, LOCK_SITE(rw))
void rw_init_named(krwlock_t *, const char *name);
void rw_destroy(krwlock_t *);
void rw_enter(krwlock_t *, krw_t);
/* 1 if taken, 0 if busy. */
int rw_tryenter(krwlock_t *, krw_t);
void rw_exit(krwlock_t *);
void rw_downgrade(krwlock_t *);
/* 1 if upgraded to writer, 0 if other readers hold it (still read-held). */
int rw_tryupgrade(krwlock_t *);
bool rw_write_held(krwlock_t *);
bool rw_read_held(krwlock_t *);
bool rw_lock_held(krwlock_t *);

#endif /* KERN_RWLOCK_H */
