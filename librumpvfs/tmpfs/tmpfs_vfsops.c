/*
 * tmpfs_vfsops.c: tmpfs as a file-system type: mounting with its
 * arguments (struct tmpfs_args), unmounting, the root, statvfs and
 * loading vnodes.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/component.h>
#include <kern/kmem.h>
#include <kern/mount.h>
#include <rump/tmpfs.h>
#include "tmpfs.h"

static int
tmpfs_mount(struct mount *mp, const void *data, size_t datalen)
{
	struct tmpfs_args args = { TMPFS_ARGS_VERSION, 0, 0, 0, 0, 01777 };
	struct vattr va = { .va_type = VDIR };
	struct tmpfs_mount *tm;
	int error;

	if (mp->mnt_flag & RUMP_MNT_UPDATE)
		return 0;	/* only the flags change */
	if (datalen != 0) {
		if (datalen < sizeof(args) || data == NULL)
			return EINVAL;
		memcpy(&args, data, sizeof(args));
		if (args.ta_version != TMPFS_ARGS_VERSION || args.ta_size_max < 0)
			return EINVAL;
	}
	if ((tm = kmem_zalloc(sizeof(*tm), KM_SLEEP)) == NULL)
		return ENOMEM;
	tm->tm_nodes_max = args.ta_nodes_max;
	tm->tm_pages_max = ((uint64_t)args.ta_size_max + PAGE_SIZE - 1) / PAGE_SIZE;
	tm->tm_nextid = 2;
	va.va_mode = args.ta_root_mode & RUMP_ALLPERMS;
	va.va_uid = args.ta_root_uid;
	va.va_gid = args.ta_root_gid;
	if ((error = tmpfs_node_alloc(tm, &va, NULL, NULL, 0, &tm->tm_root)) != 0) {
		kmem_free(tm, sizeof(*tm));
		return error;
	}
	mp->mnt_data = tm;
	return 0;
}

/*
 * Free the tree under root, without recursion: take a directory's
 * entries one by one, stepping down into each subdirectory and back up
 * (td_parent) once it is empty; a file goes with its last entry.
 */
static void
tmpfs_free_tree(struct tmpfs_mount *tm, struct tmpfs_node *root)
{
	struct tmpfs_node *dir = root, *child;
	struct tmpfs_dirent *de;

	for (;;) {
		de = list_first(&dir->tn_dir.td_list, struct tmpfs_dirent,
		    td_entries);
		if (de == NULL) {
			struct tmpfs_node *up = dir->tn_dir.td_parent;

			tmpfs_node_free(tm, dir);
			if (dir == root)
				return;
			dir = up;
			continue;
		}
		child = de->td_node;
		tmpfs_dir_detach(dir, de);
		if (child->tn_type == VDIR)
			dir = child;
		else if (--child->tn_links == 0)
			tmpfs_node_free(tm, child);
	}
}

static int
tmpfs_unmount(struct mount *mp, bool force __unused)
{
	struct tmpfs_mount *tm = VFS_TO_TMPFS(mp);

	/* Every vnode is gone, and with them every file no directory
	 * holds: what is left is the tree. */
	tmpfs_free_tree(tm, tm->tm_root);
	KASSERTMSG(atomic_load_relaxed(&tm->tm_nodes_inuse) == 0,
	    "tmpfs: %llu nodes outside the tree at unmount",
	    (unsigned long long)tm->tm_nodes_inuse);
	kmem_free(tm, sizeof(*tm));
	mp->mnt_data = NULL;
	return 0;
}

static int
tmpfs_root(struct mount *mp, struct vnode **vpp)
{
	return vcache_get(mp, TMPFS_NODE_KEY(VFS_TO_TMPFS(mp)->tm_root), vpp);
}

static int
tmpfs_statvfs(struct mount *mp, struct rump_statvfs *sv)
{
	struct tmpfs_mount *tm = VFS_TO_TMPFS(mp);
	uint64_t used = atomic_load_relaxed(&tm->tm_pages_used);
	uint64_t total = tm->tm_pages_max, inuse;

	if (total == 0) {
		uint64_t limit = mem_limit();

		total = limit != 0 ? limit / PAGE_SIZE : used + (1ULL << 30);
		if (total < used)
			total = used;
	}
	sv->f_bsize = sv->f_frsize = PAGE_SIZE;
	sv->f_blocks = total;
	sv->f_bfree = sv->f_bavail = total > used ? total - used : 0;
	inuse = atomic_load_relaxed(&tm->tm_nodes_inuse);
	sv->f_files = tm->tm_nodes_max != 0 ? MAX(tm->tm_nodes_max, inuse) :
	    inuse + (1ULL << 31);
	sv->f_ffree = sv->f_favail = sv->f_files - inuse;
	sv->f_namemax = RUMP_MAXNAMLEN;
	return 0;
}

static int
tmpfs_sync(struct mount *mp __unused)
{
	return 0;
}

static int
tmpfs_loadvnode(struct mount *mp, struct vnode *vp, uint64_t key)
{
	struct tmpfs_node *node = (struct tmpfs_node *)(uintptr_t)key;

	vp->v_type = node->tn_type;
	vp->v_op = &tmpfs_vnodeops;
	vp->v_data = node;
	vn_set_mode(vp, node->tn_mode);
	if (node == VFS_TO_TMPFS(mp)->tm_root)
		vp->v_vflag |= VV_ROOT;
	return 0;
}

static struct vnode **
tmpfs_vnodeslot(struct mount *mp __unused, uint64_t key)
{
	return &((struct tmpfs_node *)(uintptr_t)key)->tn_vnode;
}

static struct vfsops tmpfs_vfsops = {
	.vfs_name = "tmpfs",
	.vfs_mount = tmpfs_mount,
	.vfs_unmount = tmpfs_unmount,
	.vfs_root = tmpfs_root,
	.vfs_statvfs = tmpfs_statvfs,
	.vfs_sync = tmpfs_sync,
	.vfs_loadvnode = tmpfs_loadvnode,
	.vfs_vnodeslot = tmpfs_vnodeslot,
};

COMPONENT(COMPONENT_VFS, tmpfs)
{
	if (pool_init(&tmpfs_node_pool, sizeof(struct tmpfs_node),
	    "tmpfs nodes") != 0)
		return ENOMEM;
	return vfs_register(&tmpfs_vfsops);
}
