/*
 * vfs_dead.c: operations of dead vnodes, whose file system was
 * unmounted by force while they were in use.  Everything fails with
 * EIO (lookups: ENOENT) until the last reference goes.
 */
#include <kern/systm.h>
#include <kern/vnode.h>
#include "vfs_private.h"

static int
dead_lookup(struct vnode *dvp __unused, struct vnode **vpp __unused,
    const struct componentname *cnp __unused)
{
	return ENOENT;
}

static int
dead_create(struct vnode *dvp __unused, struct vnode **vpp __unused,
    const struct componentname *cnp __unused, const struct vattr *va __unused)
{
	return EIO;
}

static int
dead_symlink(struct vnode *dvp __unused, struct vnode **vpp __unused,
    const struct componentname *cnp __unused, const struct vattr *va __unused,
    const char *target __unused, size_t len __unused)
{
	return EIO;
}

static int
dead_link(struct vnode *dvp __unused, struct vnode *vp __unused,
    const struct componentname *cnp __unused)
{
	return EIO;
}

static int
dead_rename(struct vnode *fdvp __unused, struct vnode *fvp __unused,
    const struct componentname *fcnp __unused, struct vnode *tdvp __unused,
    struct vnode *tvp __unused, const struct componentname *tcnp __unused)
{
	return EIO;
}

static int
dead_getattr(struct vnode *vp __unused, struct vattr *va __unused)
{
	return EIO;
}

static int
dead_setattr(struct vnode *vp __unused, const struct vattr *va __unused)
{
	return EIO;
}

static int
dead_rw(struct vnode *vp __unused, struct uio *uio __unused,
    int ioflag __unused)
{
	return EIO;
}

static int
dead_fsync(struct vnode *vp __unused, bool dataonly __unused)
{
	return 0;
}

static int
dead_readdir(struct vnode *vp __unused, struct uio *uio __unused,
    bool *eofp __unused)
{
	return EIO;
}

static int
dead_readlink(struct vnode *vp __unused, struct uio *uio __unused)
{
	return EIO;
}

static bool
dead_inactive(struct vnode *vp __unused)
{
	return true;
}

static void
dead_reclaim(struct vnode *vp __unused)
{
}

const struct vnodeops dead_vnodeops = {
	.vop_lookup = dead_lookup,
	.vop_create = dead_create,
	.vop_mkdir = dead_create,
	.vop_symlink = dead_symlink,
	.vop_link = dead_link,
	.vop_remove = dead_link,
	.vop_rmdir = dead_link,
	.vop_rename = dead_rename,
	.vop_getattr = dead_getattr,
	.vop_setattr = dead_setattr,
	.vop_read = dead_rw,
	.vop_write = dead_rw,
	.vop_fsync = dead_fsync,
	.vop_readdir = dead_readdir,
	.vop_readlink = dead_readlink,
	.vop_inactive = dead_inactive,
	.vop_reclaim = dead_reclaim,
};
