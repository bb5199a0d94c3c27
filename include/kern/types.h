/*
 * types.h: the basic types of kernel code, from the compiler alone.
 *
 * Kernel code is compiled freestanding with -nostdinc, so nothing here
 * comes from the host's C library: fixed-width types come from the
 * compiler's predefined macros, varargs from its builtins.
 */
#ifndef KERN_TYPES_H
#define KERN_TYPES_H

typedef __INT8_TYPE__ int8_t;
typedef __INT16_TYPE__ int16_t;
typedef __INT32_TYPE__ int32_t;
typedef __INT64_TYPE__ int64_t;
typedef __UINT8_TYPE__ uint8_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __INTPTR_TYPE__ intptr_t;
typedef __UINTPTR_TYPE__ uintptr_t;
typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
typedef __PTRDIFF_TYPE__ ssize_t;

typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;

typedef int32_t pid_t;
typedef int32_t lwpid_t;
typedef uint32_t uid_t;
typedef uint32_t gid_t;
typedef int64_t off_t;
typedef int64_t time_t;

#ifndef __cplusplus
typedef _Bool bool;
#define true 1
#define false 0
#endif

#define NULL ((void *)0)

typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)
#define va_copy(d, s) __builtin_va_copy(d, s)

#define offsetof(t, m) __builtin_offsetof(t, m)
#define container_of(p, t, m) ((t *)(void *)((char *)(p) - offsetof(t, m)))

#define __dead __attribute__((__noreturn__))
#define __unused __attribute__((__unused__))
#define __packed __attribute__((__packed__))
#define __aligned(x) __attribute__((__aligned__(x)))
#define __printflike(f, a) __attribute__((__format__(__printf__, f, a)))
#define __constructor __attribute__((__constructor__))
#define __predict_true(e) __builtin_expect(!!(e), 1)
#define __predict_false(e) __builtin_expect(!!(e), 0)

#define __arraycount(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define roundup2(x, m) (((x) + ((m) - 1)) & ~((__typeof__(x))(m) - 1))

#define CACHE_LINE_SIZE 64
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)

/*
 * Start fetching the cache lines of [p, p + len), to read them or (write)
 * to write them: for objects that a big working set has made cold and
 * that are about to be used, so that their misses overlap with other
 * work (and a lock's locked instruction does not wait for cold stores).
 */
#define PREFETCH_RANGE(p, len, write) do {				\
	uintptr_t prefetch_end_ = (uintptr_t)(p) + (len);		\
									\
	for (uintptr_t prefetch_line_ = (uintptr_t)(p) &		\
	    ~(uintptr_t)(CACHE_LINE_SIZE - 1); prefetch_line_ < prefetch_end_; \
	    prefetch_line_ += CACHE_LINE_SIZE)				\
		__builtin_prefetch((const void *)prefetch_line_, (write)); \
} while (0)

#define INT_MAX __INT_MAX__
#define INT64_MAX __INT64_MAX__
#define SIZE_MAX __SIZE_MAX__
#define UINT32_MAX __UINT32_MAX__
#define UINT64_MAX __UINT64_MAX__

#endif /* KERN_TYPES_H */
