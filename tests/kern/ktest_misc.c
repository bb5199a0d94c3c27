/*
 * ktest_misc.c: kernel-side helpers for tests of memory, descriptor
 * tables and bookkeeping, and deliberate lock misuse for the debug
 * build's checker.
 */
#include <kern/systm.h>
#include <kern/kmem.h>
#include <kern/lwp.h>
#include <kern/kthread.h>
#include <kern/filedesc.h>
#include <kern/mutex.h>

void
ktest_counts(unsigned *procs, unsigned *lwps, unsigned *kthreads,
    uint64_t *mem)
{
	*procs = proc_count();
	*lwps = lwp_count();
	*kthreads = kthread_count();
	*mem = mem_inuse();
}

/* Allocate chunks until the memory limit refuses; free them all. */
int
ktest_kmem_until_full(size_t chunk, int max, int *got)
{
	void **v = kmem_alloc((size_t)max * sizeof(void *), KM_SLEEP);
	int n;

	if (v == NULL)
		return 1;
	for (n = 0; n < max; n++)
		if ((v[n] = kmem_alloc(chunk, KM_SLEEP)) == NULL)
			break;
	*got = n;
	if (mem_limit() != 0 && mem_inuse() > mem_limit())
		return 2;
	while (n > 0)
		kmem_free(v[--n], chunk);
	kmem_free(v, (size_t)max * sizeof(void *));
	return 0;
}

/* A cache that gives its memory back when the reclaimer asks. */
static void *cache[64];
static size_t cache_chunk;
static int reclaim_calls;

static size_t
cache_reclaim(size_t want __unused)
{
	size_t freed = 0;

	reclaim_calls++;
	for (int i = 0; i < 64; i++) {
		if (cache[i] != NULL) {
			kmem_free(cache[i], cache_chunk);
			cache[i] = NULL;
			freed += cache_chunk;
		}
	}
	return freed;
}

/* Fill the limit with a reclaimable cache, then allocate: the cache
 * must be reclaimed so the allocation succeeds. */
int
ktest_kmem_reclaim(size_t chunk, int *calls)
{
	static struct mem_reclaimer mr = { .mr_name = "ktest",
	    .mr_reclaim = cache_reclaim };
	void *p;

	cache_chunk = chunk;
	mem_reclaimer_register(&mr);
	for (int i = 0; i < 64; i++)
		cache[i] = kmem_alloc(chunk, KM_NOSLEEP);
	p = kmem_alloc(mem_limit() - mem_inuse() + chunk, KM_SLEEP);
	*calls = reclaim_calls;
	mem_reclaimer_unregister(&mr);
	if (p == NULL)
		return 1;
	kmem_free(p, mem_limit() - mem_inuse() + chunk);
	cache_reclaim(0);
	return 0;
}

static void
dummy_close(struct file *fp __unused)
{
}

static const struct fileops dummy_ops = { .fo_close = dummy_close };

/* Open a dummy file in the calling process; its descriptor, or -1. */
int
ktest_fd_open(void)
{
	struct file *fp = file_alloc(DTYPE_PIPE, &dummy_ops, NULL, FREAD);
	int fd;

	if (fp == NULL)
		return -1;
	if (fd_install(curproc->p_fd, fp, 0, 0, &fd) != 0)
		fd = -1;
	file_release(fp);
	return fd;
}

bool
ktest_fd_isopen(int fd)
{
	struct file *fp = fd_getfile(curproc->p_fd, fd);

	if (fp == NULL)
		return false;
	file_release(fp);
	return true;
}

int
ktest_fd_close(int fd)
{
	return fd_close(curproc->p_fd, fd);
}

void
ktest_panic(void)
{
	panic("ktest panic %d", 42);
}

/* Lock misuse for the debug build's checker. */
static kmutex_t lock_a, lock_b;

void
ktest_lock_order_reversal(void)
{
	mutex_init(&lock_a, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&lock_b, MUTEX_DEFAULT, IPL_NONE);
	mutex_enter(&lock_a);
	mutex_enter(&lock_b);
	mutex_exit(&lock_b);
	mutex_exit(&lock_a);
	mutex_enter(&lock_b);
	mutex_enter(&lock_a);
	mutex_exit(&lock_a);
	mutex_exit(&lock_b);
}

void
ktest_release_unowned(void)
{
	mutex_init(&lock_a, MUTEX_DEFAULT, IPL_NONE);
	mutex_exit(&lock_a);
}
