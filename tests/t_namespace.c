/*
 * t_namespace.c: the kernel's symbols stay out of the program's way.
 *
 * This program defines its own printf, malloc (with free, calloc and
 * realloc, as a malloc replacement must), memcpy, panic, mutex_enter
 * and kmem_alloc.  Linked with the kernel statically and shared (the
 * t_namespace_shared binary), it boots and both sides keep their own.
 * Sanitizer builds keep the sanitizer's malloc (TEST_SANITIZED).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"

static int my_printf_calls, my_panic_calls, my_mutex_calls, my_kmem_calls;
static int my_memcpy_calls;

#ifndef TEST_SANITIZED
static size_t my_malloc_calls;

/* A small bump allocator: the whole process, libc included, uses it. */
static _Alignas(16) char arena[64 << 20];
static size_t arena_used;

void *
malloc(size_t n)
{
	size_t *p;

	__atomic_fetch_add(&my_malloc_calls, 1, __ATOMIC_RELAXED);
	n = (n + sizeof(size_t) + 15) & ~(size_t)15;
	size_t off = __atomic_fetch_add(&arena_used, n, __ATOMIC_RELAXED);
	if (off + n > sizeof(arena)) {
		errno = ENOMEM;
		return NULL;
	}
	p = (size_t *)(void *)(arena + off);
	*p = n - sizeof(size_t);
	return p + 1;
}

void free(void *p) { (void)p; }

/* Loops through volatile pointers: the compiler must not turn them back
 * into calls of calloc or memcpy, the very functions they implement. */
void *
calloc(size_t a, size_t b)
{
	volatile char *p = malloc(a * b);

	for (size_t i = 0; p != NULL && i < a * b; i++)
		p[i] = 0;
	return (void *)(uintptr_t)p;
}

void *
realloc(void *old, size_t n)
{
	void *p = malloc(n);

	if (p != NULL && old != NULL) {
		size_t oldn = ((size_t *)old)[-1];
		memmove(p, old, oldn < n ? oldn : n);
	}
	return p;
}

void *
aligned_alloc(size_t align, size_t n)
{
	char *p = malloc(n + align);

	return p == NULL ? NULL :
	    (void *)(((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1));
}

int
posix_memalign(void **out, size_t align, size_t n)
{
	if ((*out = aligned_alloc(align, n)) == NULL)
		return ENOMEM;
	return 0;
}
#endif

/* The kernel has functions by these names; ours must be the ones used here. */
int
printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	my_printf_calls++;
	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void *
memcpy(void *d, const void *s, size_t n)
{
	volatile char *dd = d;
	const volatile char *ss = s;

	my_memcpy_calls++;
	while (n--)
		*dd++ = *ss++;
	return d;
}

void panic(const char *msg) { (void)msg; my_panic_calls++; }
void mutex_enter(void *m) { (void)m; my_mutex_calls++; }
void *kmem_alloc(size_t n, int flags) { (void)n; (void)flags; my_kmem_calls++; return NULL; }

T_CASE(both_sides_keep_their_own, "program and kernel each use their own same-named functions")
{
	char host[64];
	size_t len = sizeof(host);
	struct lwp *l;
	int printfs = my_printf_calls;	/* the harness may have printed */

	setenv("RUMP_VERBOSE", "1", 1);	/* the kernel prints: not through our printf */
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(my_printf_calls, printfs);
	T_ASSERT_EQ(my_panic_calls, 0);
	T_ASSERT_EQ(my_mutex_calls, 0);
	T_ASSERT_EQ(my_kmem_calls, 0);

	/* Kernel work that uses its kmem_alloc, mutex_enter, memcpy. */
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFFDG), 0);
	l = rump_pub_lwproc_curlwp();
	T_ASSERT(l != NULL);
	T_ASSERT_OK(rump_sys_sysctlbyname("kern.hostname", host, &len, NULL, 0));
	T_ASSERT_OK(rump_sys_setuid(12));
	T_ASSERT_EQ(my_mutex_calls, 0);
	T_ASSERT_EQ(my_kmem_calls, 0);
	T_ASSERT_EQ(my_panic_calls, 0);

	/* Ours are called when we call them. */
	mutex_enter(NULL);
	panic("x");
	T_ASSERT(kmem_alloc(1, 0) == NULL);
	printf("%d\n", 1);
	T_ASSERT_EQ(my_mutex_calls, 1);
	T_ASSERT_EQ(my_panic_calls, 1);
	T_ASSERT_EQ(my_kmem_calls, 1);
	T_ASSERT_EQ(my_printf_calls, printfs + 1);
#ifndef TEST_SANITIZED
	/* The host side (libc, rumpuser) allocated through our malloc. */
	T_ASSERT_GT(my_malloc_calls, 0);
#endif
}
