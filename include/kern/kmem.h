/*
 * kmem.h: kernel memory allocation and the memory limit.
 *
 * All kernel memory is counted against RUMP_MEMLIMIT.  When an
 * allocation would cross the limit, the registered reclaimers are asked
 * to free memory (caches drain); if that is not enough the allocation
 * fails.  So KM_SLEEP means "may wait for reclaim", not "cannot fail":
 * every caller handles NULL, and a system call turns it into ENOMEM.
 */
#ifndef KERN_KMEM_H
#define KERN_KMEM_H

#include <kern/types.h>
#include <kern/queue.h>

#define KM_SLEEP	0x01
#define KM_NOSLEEP	0x02

void *kmem_alloc(size_t size, int flags);
void *kmem_zalloc(size_t size, int flags);
void kmem_free(void *p, size_t size);
char *kmem_strdup(const char *s, int flags);
void kmem_strfree(char *s);

/* Whole pages, PAGE_SIZE aligned. */
void *page_alloc(size_t npages, int flags);
void page_free(void *p, size_t npages);

/*
 * Accounting.  mem_reserve takes size bytes from the limit (reclaiming
 * if needed) and returns false if they cannot be found; mem_unreserve
 * gives them back.  Allocators that get memory from the host by other
 * means account for it with these.
 */
bool mem_reserve(size_t size);
void mem_unreserve(size_t size);
uint64_t mem_inuse(void);
uint64_t mem_limit(void);	/* 0: no limit */
/* The memory the kernel may use: the limit, or the host's (hw.physmem);
 * 0 if unknown. */
uint64_t mem_physical(void);

/* A subsystem that can give memory back under pressure. */
struct mem_reclaimer {
	const char *mr_name;
	/* Free about want bytes if possible; return what was freed. */
	size_t (*mr_reclaim)(size_t want);
	struct list_node mr_entry;
};
void mem_reclaimer_register(struct mem_reclaimer *);
void mem_reclaimer_unregister(struct mem_reclaimer *);

#endif /* KERN_KMEM_H */
