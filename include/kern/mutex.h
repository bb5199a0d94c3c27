/*
 * mutex.h: kernel mutexes.
 *
 * Adaptive mutexes (MUTEX_DEFAULT) give the virtual CPU back while they
 * wait; spin mutexes (MUTEX_SPIN, or any IPL above IPL_NONE) keep it and
 * may be taken where sleeping is not allowed.  Every mutex has a name,
 * by default the file, line and expression of its mutex_init, that
 * debug builds use for ownership and lock-order checks.
 */
#ifndef KERN_MUTEX_H
#define KERN_MUTEX_H

#include <kern/types.h>

#define IPL_NONE	0
#define IPL_SOFTCLOCK	1
#define IPL_SOFTBIO	2
#define IPL_SOFTNET	3
#define IPL_VM		4
#define IPL_SCHED	5
#define IPL_HIGH	6

typedef enum { MUTEX_DEFAULT, MUTEX_SPIN } kmutex_type_t;

struct rumpuser_mtx;

typedef struct kmutex {
	uintptr_t mtx_owner;		/* adaptive: atomic owner word */
	struct rumpuser_mtx *mtx_hyp;	/* spin: the host mutex; else NULL */
	const char *mtx_name;
} kmutex_t;

#define LOCK_STR2(x) #x
#define LOCK_STR(x) LOCK_STR2(x)
#define LOCK_SITE(e) __FILE__ ":" LOCK_STR(__LINE__) " " #e

#define mutex_init(m, t, ipl) mutex_init_named(m, t, ipl, LOCK_SITE(m))
void mutex_init_named(kmutex_t *, kmutex_type_t, int ipl, const char *name);
void mutex_destroy(kmutex_t *);
void mutex_enter(kmutex_t *);
void mutex_exit(kmutex_t *);
/* 1 if taken, 0 if busy. */
int mutex_tryenter(kmutex_t *);
/* Whether the calling LWP holds the mutex. */
bool mutex_owned(const kmutex_t *);

/* Allocated mutexes with a reference count, shared by several objects. */
kmutex_t *mutex_obj_alloc(kmutex_type_t, int ipl);
void mutex_obj_hold(kmutex_t *);
bool mutex_obj_free(kmutex_t *);

#endif /* KERN_MUTEX_H */
