/*
 * kmem.c: general kernel memory from the host's allocator, each byte
 * reserved against the memory limit (mem.c).  Pages: page.c.
 */
#include <kern/systm.h>
#include <kern/kmem.h>
#include "core.h"
#include <rump/rumpuser.h>

void *
mem_host_alloc(size_t size, size_t align, int flags)
{
	void *p;

	if (!mem_reserve_flags(size, flags))
		return NULL;
	if (rumpuser_malloc(size, align, &p) != 0) {
		mem_unreserve(size);
		return NULL;
	}
	return p;
}

void *
kmem_alloc(size_t size, int flags)
{
	KASSERT(size > 0);
	return mem_host_alloc(size, 0, flags);
}

void *
kmem_zalloc(size_t size, int flags)
{
	void *p = kmem_alloc(size, flags);

	if (p != NULL)
		memset(p, 0, size);
	return p;
}

void
kmem_free(void *p, size_t size)
{
	rumpuser_free(p, size);
	mem_unreserve(size);
}

char *
kmem_strdup(const char *s, int flags)
{
	size_t n = strlen(s) + 1;
	char *d = kmem_alloc(n, flags);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

void
kmem_strfree(char *s)
{
	kmem_free(s, strlen(s) + 1);
}
