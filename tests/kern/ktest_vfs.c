/*
 * ktest_vfs.c: kernel-side helpers for the VFS leak checks of
 * t_vfs_concurrency: the vnode cache's and the name cache's counts,
 * memory in use, and dropping what those caches keep.
 */
#include <kern/systm.h>
#include <kern/kmem.h>
#include <kern/namei.h>
#include <kern/pool.h>
#include <kern/pserialize.h>
#include <kern/vnode.h>

extern struct pool tmpfs_node_pool;	/* tmpfs/tmpfs.h */

/* t_lockdebug links these helpers with a kernel core that has no VFS;
 * it never calls them, and the references must not keep it from
 * linking. */
#pragma weak vcache_count
#pragma weak vcache_nfree
#pragma weak cache_count
#pragma weak cache_reclaim
#pragma weak tmpfs_node_pool
#pragma weak pool_nout
#pragma weak pserialize_drain

void
ktest_vfs_counts(unsigned *vnodes, unsigned *vfree, unsigned *names,
    uint64_t *mem)
{
	*vnodes = vcache_count();
	*vfree = vcache_nfree();
	*names = cache_count();
	*mem = mem_inuse();
}

/* tmpfs nodes in use, in every mount (those freed after a grace
 * period freed first). */
int
ktest_tmpfs_nodes(void)
{
	pserialize_drain();
	return pool_nout(&tmpfs_node_pool);
}

/*
 * Drop every name-cache entry (each holds a reference on its vnode);
 * the names dropped.  Then, with a memory limit, the unused vnodes: the
 * vnode cache trims them only past its own limit or when asked by the
 * memory reclaimers (vcache_trim is static), so ask every reclaimer by
 * reserving more than the limit can give; that fails, after the
 * vnode cache, the name cache and the pools have given back all they
 * keep.
 */
unsigned
ktest_vfs_drop_caches(void)
{
	unsigned n = cache_reclaim(~0u);

	pserialize_drain();

	if (mem_limit() != 0 && mem_reserve((size_t)mem_limit()))
		mem_unreserve((size_t)mem_limit());
	return n;
}
