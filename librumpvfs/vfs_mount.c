/*
 * vfs_mount.c: file-system types, mounting and unmounting, and the
 * calls on whole file systems: mount, unmount, statvfs, fstatvfs, sync.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/component.h>
#include <kern/kmem.h>
#include <kern/lwp.h>
#include <kern/mount.h>
#include <kern/namei.h>
#include <kern/pserialize.h>
#include <kern/syscall.h>
#include <kern/vnode.h>
#include "vfs_private.h"

#define MOUNT_DATA_MAX	65536
#define MNT_SETTABLE	(RUMP_MNT_RDONLY | RUMP_MNT_SYNCHRONOUS | \
	RUMP_MNT_NOEXEC | RUMP_MNT_NOSUID | RUMP_MNT_NODEV | RUMP_MNT_NOATIME)

krwlock_t mountlist_lock;
struct mount *rootmount;
struct vnode *rootvnode;
static struct list_node vfs_types = LIST_HEAD_INIT(vfs_types);
static struct list_node mountlist = LIST_HEAD_INIT(mountlist);
static uint64_t nextfsid = 1;

int
vfs_register(struct vfsops *vfs)
{
	struct vfsops *v;

	list_foreach(v, &vfs_types, struct vfsops, vfs_entry)
		if (strcmp(v->vfs_name, vfs->vfs_name) == 0)
			return EEXIST;
	list_insert_tail(&vfs_types, &vfs->vfs_entry);
	return 0;
}

static const struct vfsops *
vfs_find(const char *name)
{
	struct vfsops *v;

	list_foreach(v, &vfs_types, struct vfsops, vfs_entry)
		if (strcmp(v->vfs_name, name) == 0)
			return v;
	return NULL;
}

static size_t
mount_free_memory(struct pserialize_entry *pe)
{
	kmem_free(container_of(pe, struct mount, mnt_psz),
	    sizeof(struct mount));
	return sizeof(struct mount);
}

/* After a grace period: the cached stat reads a vnode's mount. */
static void
mount_free(struct mount *mp)
{
	mutex_destroy(&mp->mnt_renamelock);
	pserialize_defer(&mp->mnt_psz, mount_free_memory);
}

void
vfs_mount_rele(struct mount *mp)
{
	if (atomic_dec_uint_nv(&mp->mnt_refcnt) == 0)
		mount_free(mp);
}

struct mount *
vfs_vnode_mount(struct vnode *vp)
{
	struct mount *mp;

	vn_lock(vp, RW_READER);
	if ((mp = vp->v_mount) != NULL)
		atomic_inc_uint(&mp->mnt_refcnt);
	vn_unlock(vp);
	return mp;
}

struct vnode *
vfs_covered(struct vnode *vp)
{
	struct vnode *up = NULL;

	if (!(vp->v_vflag & VV_ROOT))
		return NULL;
	vn_lock(vp, RW_READER);
	if (vp->v_mount != NULL && (up = vp->v_mount->mnt_vnodecovered) != NULL)
		vref(up);
	vn_unlock(vp);
	return up;
}

/* 0 if directory vp (locked) is still in the tree, else ENOENT. */
static int
mount_dir_alive(struct vnode *vp)
{
	struct vattr va;
	int error = vp->v_op->vop_getattr(vp, &va);

	return error ? error : va.va_nlink == 0 ? ENOENT : 0;
}

int
vfs_domount(const char *fstype, struct vnode *covered, const char *onname,
    int flags, const void *data, size_t datalen)
{
	const struct vfsops *op = vfs_find(fstype);
	struct mount *mp;
	struct vnode *root;
	int error;

	if (op == NULL)
		return ENODEV;
	if ((mp = kmem_zalloc(sizeof(*mp), KM_SLEEP)) == NULL)
		return ENOMEM;
	mp->mnt_op = op;
	mp->mnt_flag = flags & MNT_SETTABLE;
	mp->mnt_fsid = atomic_add_64_nv(&nextfsid, 1);
	mp->mnt_refcnt = 1;			/* the mount list's */
	list_init(&mp->mnt_vnodes);
	mutex_init(&mp->mnt_renamelock, MUTEX_DEFAULT, IPL_NONE);
	strlcpy(mp->mnt_onname, onname, sizeof(mp->mnt_onname));
	if ((error = op->vfs_mount(mp, data, datalen)) != 0) {
		mount_free(mp);
		return error;
	}
	if ((error = op->vfs_root(mp, &root)) != 0) {
		op->vfs_unmount(mp, true);
		mount_free(mp);
		return error;
	}
	rw_enter(&mountlist_lock, RW_WRITER);
	/* The covered directory is locked while it is checked and covered:
	 * an rmdir either went first (no links: ENOENT) or sees the mount
	 * (EBUSY). */
	if (covered != NULL) {
		vn_lock(covered, RW_READER);
		error = covered->v_mountedhere != NULL ? EBUSY : mount_dir_alive(covered);
		if (error) {
			vn_unlock(covered);
			rw_exit(&mountlist_lock);
			vrele(root);
			vflush(mp, NULL, true);
			op->vfs_unmount(mp, true);
			mount_free(mp);
			return error;
		}
	}
	mp->mnt_root = root;
	mp->mnt_vnodecovered = covered;
	if (covered != NULL) {
		vref(covered);
		atomic_store_release(&covered->v_mountedhere, mp);
		vn_unlock(covered);
	} else {
		rootmount = mp;
		vref(root);
		atomic_store_release(&rootvnode, root);
	}
	list_insert_tail(&mountlist, &mp->mnt_entry);
	rw_exit(&mountlist_lock);
	/* Cached walks that read v_mountedhere before it was set (and so
	 * went on into the covered directory) end before mount returns. */
	pserialize_perform();
	return 0;
}

/* Unmount mp; mountlist_lock held as writer, and released. */
static int
dounmount(struct mount *mp, bool force)
{
	struct vnode *root = mp->mnt_root, *covered = mp->mnt_vnodecovered;
	struct mount *m;
	int error;

	list_foreach(m, &mountlist, struct mount, mnt_entry)
		if (m->mnt_vnodecovered != NULL &&
		    m->mnt_vnodecovered->v_mount == mp) {
			rw_exit(&mountlist_lock);
			return EBUSY;	/* something is mounted inside */
		}
	mp->mnt_op->vfs_sync(mp);
	/* No new vnodes while a forced unmount kills the old ones (each
	 * waits for a grace period: lookups would make them faster). */
	if (force)
		atomic_store_relaxed(&mp->mnt_gone, true);
	error = vflush(mp, root, force);
	if (error == 0 && atomic_load_relaxed(&root->v_usecount) > 1 +
	    (mp == rootmount)) {
		if (force)
			vflush(mp, NULL, true);
		else
			error = EBUSY;
	}
	if (error) {
		rw_exit(&mountlist_lock);
		return error;
	}
	if (covered != NULL)
		atomic_store_release(&covered->v_mountedhere, NULL);
	list_remove(&mp->mnt_entry);
	if (mp == rootmount) {
		rootmount = NULL;
		atomic_store_release(&rootvnode, NULL);
		vrele(root);
	}
	rw_exit(&mountlist_lock);
	vrele(root);
	vflush(mp, NULL, true);		/* the root, now unreferenced */
	mp->mnt_op->vfs_unmount(mp, force);
	if (covered != NULL)
		vrele(covered);
	vfs_mount_rele(mp);
	return 0;
}

void
vfs_unmountall(void)
{
	struct mount *mp;

	for (;;) {
		rw_enter(&mountlist_lock, RW_WRITER);
		if (list_empty(&mountlist)) {
			rw_exit(&mountlist_lock);
			return;
		}
		mp = container_of(mountlist.prev, struct mount, mnt_entry);
		if (dounmount(mp, true) != 0) {
			log(LOG_ERR, "vfs: cannot unmount %s\n", mp->mnt_onname);
			return;
		}
	}
}

void
vfs_syncall(void)
{
	struct mount *mp;

	rw_enter(&mountlist_lock, RW_READER);
	list_foreach(mp, &mountlist, struct mount, mnt_entry)
		mp->mnt_op->vfs_sync(mp);
	rw_exit(&mountlist_lock);
}

/* Change a live mount's flags; mountlist_lock held as writer.  Making
 * it read-only fails while files on it are open for writing. */
static int
mount_update(struct mount *mp, int flags)
{
	int old = mp->mnt_flag, error;

	/* Read-only first, then look for writers; an open for writing
	 * counts itself first, then looks at the flag (vn_open): with both
	 * sequentially consistent, one of the two sees the other. */
	__atomic_store_n(&mp->mnt_flag, flags | RUMP_MNT_UPDATE,
	    __ATOMIC_SEQ_CST);
	if ((flags & RUMP_MNT_RDONLY) && !(old & RUMP_MNT_RDONLY) &&
	    __atomic_load_n(&mp->mnt_writers, __ATOMIC_SEQ_CST) > 0) {
		atomic_store_relaxed(&mp->mnt_flag, old);
		return EBUSY;
	}
	error = mp->mnt_op->vfs_mount(mp, NULL, 0);
	atomic_store_relaxed(&mp->mnt_flag, error ? old : flags);
	return error;
}

/* mount(type, dir, flags, data, datalen) */
static int
sys_mount(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	char fstype[32], *path = NULL;
	int flags = SCARG_INT(args, 2), error;
	size_t datalen = (size_t)args[4];
	struct nameidata nd;
	struct vnode *vp;
	void *data = NULL;

	if ((error = kauth_authorize(l->l_cred, KAUTH_SYSTEM_MOUNT)) != 0)
		return error;
	if ((error = copyinstr(SCARG_PTR(args, 0), fstype, sizeof(fstype),
	    NULL)) != 0)
		return error == ENAMETOOLONG ? ENODEV : error;
	if (args[4] > MOUNT_DATA_MAX)
		return EINVAL;
	namei_init(&nd, RUMP_AT_FDCWD, SCARG_PTR(args, 1), NAMEI_FOLLOW,
	    l->l_cred);
	if ((error = namei(&nd)) != 0)
		return error;
	vp = nd.ni_vp;
	if (flags & RUMP_MNT_UPDATE) {
		struct mount *mp = vp->v_mount;

		if (!(vp->v_vflag & VV_ROOT) || mp == NULL) {
			error = EINVAL;
		} else {
			rw_enter(&mountlist_lock, RW_WRITER);
			error = mount_update(mp, flags & MNT_SETTABLE);
			rw_exit(&mountlist_lock);
		}
		namei_done(&nd);
		return error;
	}
	if (vp->v_type != VDIR)
		error = ENOTDIR;
	else if (datalen > 0 && (data = kmem_alloc(datalen, KM_SLEEP)) == NULL)
		error = ENOMEM;
	else if ((path = kmem_alloc(RUMP_PATH_MAX, KM_SLEEP)) == NULL)
		error = ENOMEM;
	if (error == 0 && datalen > 0)
		error = copyin(SCARG_PTR(args, 3), data, datalen);
	if (error == 0)
		error = copyinstr(SCARG_PTR(args, 1), path, RUMP_PATH_MAX, NULL);
	if (error == 0)
		error = vfs_domount(fstype, vp, path, flags, data, datalen);
	if (data != NULL)
		kmem_free(data, datalen);
	if (path != NULL)
		kmem_free(path, RUMP_PATH_MAX);
	namei_done(&nd);
	return error;
}

/* unmount(dir, flags) */
static int
sys_unmount(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct nameidata nd;
	struct mount *mp;
	int error;

	if ((error = kauth_authorize(l->l_cred, KAUTH_SYSTEM_MOUNT)) != 0)
		return error;
	if (SCARG_INT(args, 1) & ~RUMP_MNT_FORCE)
		return EINVAL;
	namei_init(&nd, RUMP_AT_FDCWD, SCARG_PTR(args, 0), NAMEI_FOLLOW,
	    l->l_cred);
	if ((error = namei(&nd)) != 0)
		return error;
	/* A reference keeps mp from being freed and its address reused
	 * for another mount until it is looked for in the list. */
	mp = (nd.ni_vp->v_vflag & VV_ROOT) ? vfs_vnode_mount(nd.ni_vp) : NULL;
	namei_done(&nd);
	if (mp == NULL)
		return EINVAL;
	rw_enter(&mountlist_lock, RW_WRITER);
	/* Still mounted, and not the root? */
	struct mount *m;
	bool found = false;
	list_foreach(m, &mountlist, struct mount, mnt_entry)
		found |= m == mp;
	if (!found || mp == rootmount) {
		rw_exit(&mountlist_lock);
		error = found ? EBUSY : EINVAL;
	} else {
		error = dounmount(mp, (SCARG_INT(args, 1) & RUMP_MNT_FORCE) != 0);
	}
	vfs_mount_rele(mp);
	return error;
}

static int
statvfs_vnode(struct vnode *vp, void *ubuf)
{
	struct rump_statvfs *sv;
	struct mount *mp;
	int error;

	if ((sv = kmem_zalloc(sizeof(*sv), KM_SLEEP)) == NULL)
		return ENOMEM;
	if ((mp = vfs_vnode_mount(vp)) == NULL) {
		kmem_free(sv, sizeof(*sv));
		return EIO;
	}
	if ((error = mp->mnt_op->vfs_statvfs(mp, sv)) == 0) {
		sv->f_flag = (uint64_t)mp->mnt_flag;
		sv->f_fsid = mp->mnt_fsid;
		strlcpy(sv->f_fstypename, mp->mnt_op->vfs_name,
		    sizeof(sv->f_fstypename));
		strlcpy(sv->f_mntonname, mp->mnt_onname, sizeof(sv->f_mntonname));
		error = copyout(sv, ubuf, sizeof(*sv));
	}
	vfs_mount_rele(mp);
	kmem_free(sv, sizeof(*sv));
	return error;
}

/* statvfs1(path, buf, flags) */
static int
sys_statvfs1(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct nameidata nd;
	int error;

	namei_init(&nd, RUMP_AT_FDCWD, SCARG_PTR(args, 0), NAMEI_FOLLOW,
	    l->l_cred);
	if ((error = namei(&nd)) != 0)
		return error;
	error = statvfs_vnode(nd.ni_vp, SCARG_PTR(args, 1));
	namei_done(&nd);
	return error;
}

/* fstatvfs1(fd, buf, flags) */
static int
sys_fstatvfs1(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct vnode *vp;
	int error;

	if ((error = fd_getvnode(l, SCARG_INT(args, 0), EINVAL, &vp)) != 0)
		return error;
	error = statvfs_vnode(vp, SCARG_PTR(args, 1));
	vrele(vp);
	return error;
}

static int
sys_sync(struct lwp *l __unused, const syscallarg_t *args __unused,
    syscallarg_t *rv __unused)
{
	vfs_syncall();
	return 0;
}

static const struct sysent mount_syscalls[] = {
	{ RUMP_SYS_mount, sys_mount, "mount", "ssxpu" },
	{ RUMP_SYS_unmount, sys_unmount, "unmount", "sx" },
	{ RUMP_SYS_statvfs1, sys_statvfs1, "statvfs1", "spx" },
	{ RUMP_SYS_fstatvfs1, sys_fstatvfs1, "fstatvfs1", "dpx" },
	{ RUMP_SYS_sync, sys_sync, "sync", "" },
	{ 0, NULL, NULL, NULL },
};

int
vfs_mount_init(void)
{
	rw_init(&mountlist_lock);
	return syscall_establish(mount_syscalls);
}
