/*
 * kmem.c: general kernel memory.  Sizes up to KMEM_MAXCLASS come from
 * pools of size classes (pool.c: per-CPU caches, slabs of pages), the
 * rest from the host's allocator, each byte reserved against the memory
 * limit (mem.c) first.  The caller gives the size back with the memory,
 * which names the class.  Pages: page.c.
 */
#include <kern/systm.h>
#include <kern/kmem.h>
#include <kern/pool.h>
#include "core.h"
#include <rump/rumpuser.h>

#define KMEM_MAXCLASS	512
#define KMEM_QUANTUM	16

/* Sizes with little waste between them, multiples of the quantum. */
static const unsigned kmem_class_sizes[] = {
	16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448,
	512,
};
static struct pool kmem_pools[__arraycount(kmem_class_sizes)];
/* The class of a size, by its number of quanta (rounded up). */
static uint8_t kmem_class_of[KMEM_MAXCLASS / KMEM_QUANTUM + 1];
static char kmem_pool_names[__arraycount(kmem_class_sizes)][16];

int
kmem_init(void)
{
	unsigned c = 0;
	int error;

	for (unsigned q = 1; q < __arraycount(kmem_class_of); q++) {
		if (q * KMEM_QUANTUM > kmem_class_sizes[c])
			c++;
		kmem_class_of[q] = (uint8_t)c;
	}
	for (c = 0; c < __arraycount(kmem_pools); c++) {
		snprintf(kmem_pool_names[c], sizeof(kmem_pool_names[c]),
		    "kmem-%u", kmem_class_sizes[c]);
		if ((error = pool_init(&kmem_pools[c], kmem_class_sizes[c],
		    kmem_pool_names[c])) != 0)
			return error;
	}
	return 0;
}

static struct pool *
kmem_pool(size_t size)
{
	return &kmem_pools[kmem_class_of[(size + KMEM_QUANTUM - 1) /
	    KMEM_QUANTUM]];
}

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

void
mem_host_free(void *p, size_t size)
{
	rumpuser_free(p, size);
	mem_unreserve(size);
}

void *
kmem_alloc(size_t size, int flags)
{
	struct pool *pp;
	void *p;

	KASSERT(size > 0);
	if (size > KMEM_MAXCLASS)
		return mem_host_alloc(size, 0, flags);
	pp = kmem_pool(size);
	/* Under AddressSanitizer the class's bytes past size stay
	 * poisoned, as past the end of a host allocation. */
	if ((p = pool_get(pp, flags)) != NULL)
		KASAN_POISON((char *)p + size, pp->pr_size - size);
	return p;
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
	KASSERT(size > 0);
	if (size <= KMEM_MAXCLASS)
		pool_put(kmem_pool(size), p);
	else
		mem_host_free(p, size);
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
