/*
 * ktest_vcache.c: the vnode cache's table, as a file system whose files
 * are found by key (a disk file system's inode numbers) uses it: a
 * mount of a file system made up here, whose file "key" is loaded on
 * demand, is asked for thousands of keys (so the table grows and
 * entries move in it), each twice; then unmount (vflush) must find
 * and reclaim every vnode, with the table taking others out meanwhile.
 * (tmpfs keeps its vnodes in its nodes, not in the table.)
 */
#include <kern/systm.h>
#include <kern/mount.h>
#include <kern/vnode.h>

/* t_lockdebug links these helpers with a kernel core that has no VFS;
 * it never calls them. */
#pragma weak vcache_get
#pragma weak vcache_count
#pragma weak vflush
#pragma weak vrele

#define KT_NKEYS	3000

static unsigned kt_loads, kt_reclaims;

static bool
kt_inactive(struct vnode *vp __unused)
{
	return false;			/* keep it cached */
}

static void
kt_reclaim(struct vnode *vp)
{
	kt_reclaims++;
	vp->v_data = NULL;
}

static const struct vnodeops kt_vnodeops = {
	.vop_inactive = kt_inactive,
	.vop_reclaim = kt_reclaim,
};

static int
kt_loadvnode(struct mount *mp __unused, struct vnode *vp, uint64_t key)
{
	kt_loads++;
	vp->v_type = VREG;
	vp->v_op = &kt_vnodeops;
	vp->v_data = (void *)(uintptr_t)key;
	return 0;
}

static struct vfsops kt_vfsops = {
	.vfs_name = "ktest-keyed",
	.vfs_loadvnode = kt_loadvnode,
};

/* Key i: small numbers and numbers far apart, as inode numbers of two
 * inode tables. */
static uint64_t
kt_key(unsigned i)
{
	return i % 2 ? i : ((uint64_t)(i + 1) << 32) + i;
}

/* 0, or the number of the check that failed. */
int
ktest_vcache_table(void)
{
	static struct mount mp;
	static struct vnode *vps[KT_NKEYS];
	struct vnode *vp;
	unsigned before = vcache_count();
	int result = 0;

	mp.mnt_op = &kt_vfsops;
	list_init(&mp.mnt_vnodes);
	for (unsigned i = 0; i < KT_NKEYS; i++) {
		uint64_t key = kt_key(i);

		if (vcache_get(&mp, key, &vps[i]) != 0)
			return 1;
		if (vps[i]->v_key != key || vps[i]->v_data != (void *)(uintptr_t)key)
			result = 2;
	}
	if (kt_loads != KT_NKEYS || vcache_count() != before + KT_NKEYS)
		result = 3;
	for (unsigned i = 0; i < KT_NKEYS; i++) {
		uint64_t key = kt_key(i);

		if (vcache_get(&mp, key, &vp) != 0)
			return 4;
		if (vp != vps[i])
			result = 5;		/* found again, not loaded */
		vrele(vp);
		vrele(vps[i]);
	}
	if (kt_loads != KT_NKEYS)
		result = 6;
	if (vflush(&mp, NULL, false) != 0)
		return 7;
	if (kt_reclaims != KT_NKEYS || vcache_count() != before ||
	    !list_empty(&mp.mnt_vnodes))
		result = 8;
	return result;
}
