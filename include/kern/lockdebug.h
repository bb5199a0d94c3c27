/*
 * lockdebug.h: lock checking in debug builds (make DEBUG=1).
 *
 * Lock classes are named by where the lock was initialised.  The
 * checker keeps each LWP's held locks with the call chain that took
 * them, learns the order classes are taken in, and reports a reversal
 * with both call chains, a release by a non-owner, recursion, and
 * destroying a held lock.  Without LOCKDEBUG the hooks compile away.
 */
#ifndef KERN_LOCKDEBUG_H
#define KERN_LOCKDEBUG_H

#include <kern/types.h>

#ifdef LOCKDEBUG
void lockdebug_want(const void *lock, const char *name, bool owned);
void lockdebug_locked(const void *lock, const char *name);
void lockdebug_unlocked(const void *lock, const char *name, bool owned);
void lockdebug_free(const void *lock, const char *name, bool held);
#define LOCKDEBUG_WANT(l, n, o) lockdebug_want(l, n, o)
#define LOCKDEBUG_LOCKED(l, n) lockdebug_locked(l, n)
#define LOCKDEBUG_UNLOCKED(l, n, o) lockdebug_unlocked(l, n, o)
#define LOCKDEBUG_FREE(l, n, h) lockdebug_free(l, n, h)
#else
#define LOCKDEBUG_WANT(l, n, o) ((void)0)
#define LOCKDEBUG_LOCKED(l, n) ((void)0)
#define LOCKDEBUG_UNLOCKED(l, n, o) ((void)0)
#define LOCKDEBUG_FREE(l, n, h) ((void)0)
#endif

#endif /* KERN_LOCKDEBUG_H */
