/*
 * atomic.h: atomic operations and memory barriers.
 *
 * Built on the compiler's __atomic builtins, so they are correct on
 * weakly ordered CPUs as well as on x86.  The plain operations are
 * relaxed (no ordering); the membar_* calls order around them, as in
 * the usual kernel interface.  *_nv variants return the new value.
 */
#ifndef KERN_ATOMIC_H
#define KERN_ATOMIC_H

#include <kern/types.h>

#define atomic_load_relaxed(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define atomic_store_relaxed(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define atomic_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define atomic_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

static inline void atomic_inc_uint(volatile unsigned *p)
{ __atomic_fetch_add(p, 1, __ATOMIC_RELAXED); }
static inline void atomic_dec_uint(volatile unsigned *p)
{ __atomic_fetch_sub(p, 1, __ATOMIC_RELAXED); }
static inline unsigned atomic_inc_uint_nv(volatile unsigned *p)
{ return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST); }
static inline unsigned atomic_dec_uint_nv(volatile unsigned *p)
{ return __atomic_sub_fetch(p, 1, __ATOMIC_SEQ_CST); }
static inline void atomic_add_int(volatile int *p, int v)
{ __atomic_fetch_add(p, v, __ATOMIC_RELAXED); }
static inline int atomic_add_int_nv(volatile int *p, int v)
{ return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST); }
static inline void atomic_add_64(volatile uint64_t *p, int64_t v)
{ __atomic_fetch_add(p, (uint64_t)v, __ATOMIC_RELAXED); }
static inline uint64_t atomic_add_64_nv(volatile uint64_t *p, int64_t v)
{ return __atomic_add_fetch(p, (uint64_t)v, __ATOMIC_SEQ_CST); }
static inline void atomic_or_uint(volatile unsigned *p, unsigned v)
{ __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST); }
static inline void atomic_and_uint(volatile unsigned *p, unsigned v)
{ __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST); }

/* Compare and swap: returns the old value; swapped if it equals expect. */
static inline unsigned
atomic_cas_uint(volatile unsigned *p, unsigned expect, unsigned new)
{
	__atomic_compare_exchange_n(p, &expect, new, false,
	    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return expect;
}

static inline void *
atomic_cas_ptr(volatile void *p, void *expect, void *new)
{
	__atomic_compare_exchange_n((void *volatile *)p, &expect, new, false,
	    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return expect;
}

static inline void *
atomic_swap_ptr(volatile void *p, void *new)
{
	return __atomic_exchange_n((void *volatile *)p, new, __ATOMIC_SEQ_CST);
}

/*
 * Store v in *p, ordered before every later load: for a handshake where
 * each side stores and then loads what the other stored (sched.h).  A
 * sequentially consistent exchange: a sequentially consistent store
 * would do in C11 and on the CPUs themselves, but qemu-user's aarch64 (on
 * x86 hosts) lets a later load pass it.  On x86 both are one xchg.
 */
#define atomic_store_fenced(p, v) \
	((void)__atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST))

/* Loads after this see at least what was visible before the barrier. */
static inline void membar_acquire(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }
/* Stores before this are visible before stores after it. */
static inline void membar_release(void) { __atomic_thread_fence(__ATOMIC_RELEASE); }
/* In a spin loop: let a sibling hardware thread run. */
static inline void
spin_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
#endif
}

/* Full barrier: orders all loads and stores, including store-load. */
static inline void membar_sync(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

#endif /* KERN_ATOMIC_H */
