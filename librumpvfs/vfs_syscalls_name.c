/*
 * vfs_syscalls_name.c: calls that add, remove and move names:
 * mkdirat, mknodat, mkfifoat, symlinkat, linkat, unlinkat, renameat.
 */
#include <kern/systm.h>
#include <kern/kmem.h>
#include <kern/lwp.h>
#include <kern/mount.h>
#include <kern/namei.h>
#include <kern/syscall.h>
#include <kern/vnode.h>
#include "vfs_private.h"

int
vfs_sticky_check(struct vnode *dvp, struct vnode *vp, kauth_cred_t cred)
{
	struct vattr dva, va;
	int error;

	if ((error = dvp->v_op->vop_getattr(dvp, &dva)) != 0)
		return error;
	if (!(dva.va_mode & RUMP_S_ISVTX) || cred->cr_euid == dva.va_uid ||
	    kauth_authorize(cred, KAUTH_SYSTEM_FS_OVERRIDE) == 0)
		return 0;
	if ((error = vp->v_op->vop_getattr(vp, &va)) != 0)
		return error;
	return cred->cr_euid == va.va_uid ? 0 : EPERM;
}

/* Resolve path for a new name: the parent locked in nd->ni_dvp;
 * EEXIST if the name exists. */
static int
newname(struct lwp *l, struct nameidata *nd, int dirfd, const void *path)
{
	int error;

	namei_init(nd, dirfd, path, NAMEI_PARENT, l->l_cred);
	if ((error = namei(nd)) != 0)
		return error;
	if (nd->ni_dvp == NULL || nd->ni_vp != NULL)
		error = EEXIST;
	else
		error = vfs_dir_writable(nd->ni_dvp, l->l_cred);
	if (error)
		namei_done(nd);
	return error;
}

/* Make a file of va's type (and target, for a link) at path.  As on
 * Linux, a device node needs privilege only once the name is found
 * free and the directory writable. */
static int
makefile(struct lwp *l, int dirfd, const void *path, enum vtype type,
    uint32_t mode, uint64_t rdev, const char *target)
{
	struct nameidata nd;
	struct vnode *dvp, *vp;
	struct vattr va;
	int error;

	if ((error = newname(l, &nd, dirfd, path)) != 0)
		return error;
	dvp = nd.ni_dvp;
	if (nd.ni_trailingslash && type != VDIR)
		error = ENOENT;
	else if (type == VCHR || type == VBLK)
		error = kauth_authorize(l->l_cred, KAUTH_SYSTEM_MKNOD);
	if (error == 0)
		error = vfs_newattr(l, dvp, type, mode, &va);
	if (error == 0) {
		va.va_rdev = rdev;
		if (type == VLNK)
			va.va_mode = 0777;	/* links carry no permissions */
		if (type == VDIR)
			error = dvp->v_op->vop_mkdir(dvp, &vp, &nd.ni_cn, &va);
		else if (type == VLNK)
			error = dvp->v_op->vop_symlink(dvp, &vp, &nd.ni_cn, &va,
			    target, strlen(target));
		else
			error = dvp->v_op->vop_create(dvp, &vp, &nd.ni_cn, &va);
	}
	if (error == 0) {
		cache_enter(dvp, vp, nd.ni_cn.cn_nameptr, nd.ni_cn.cn_namelen);
		vrele(vp);
	}
	namei_done(&nd);
	return error;
}

/* mkdirat(dirfd, path, mode): the permissions and the sticky bit of
 * mode; set-group-id only from a set-group-id parent, as on Linux. */
static int
sys_mkdirat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	return makefile(l, SCARG_INT(args, 0), SCARG_PTR(args, 1), VDIR,
	    (uint32_t)args[2] & (0777 | RUMP_S_ISVTX), 0, NULL);
}

/* mknodat(dirfd, path, mode, dev) */
static int
sys_mknodat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	uint32_t mode = (uint32_t)args[2];
	enum vtype type = (mode & RUMP_S_IFMT) == 0 ? VREG : mode_to_vtype(mode);

	switch (type) {
	case VCHR:
	case VBLK:
	case VREG:
	case VFIFO:
	case VSOCK:
		break;
	case VDIR:
		return EPERM;		/* mkdir's job, as Linux says */
	default:
		return EINVAL;
	}
	return makefile(l, SCARG_INT(args, 0), SCARG_PTR(args, 1), type,
	    mode & RUMP_ALLPERMS, args[3], NULL);
}

/* mkfifoat(dirfd, path, mode) */
static int
sys_mkfifoat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	return makefile(l, SCARG_INT(args, 0), SCARG_PTR(args, 1), VFIFO,
	    (uint32_t)args[2] & RUMP_ALLPERMS, 0, NULL);
}

/* symlinkat(target, dirfd, path) */
static int
sys_symlinkat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	char *target;
	int error;

	if ((target = kmem_alloc(RUMP_PATH_MAX, KM_SLEEP)) == NULL)
		return ENOMEM;
	error = copyinstr(SCARG_PTR(args, 0), target, RUMP_PATH_MAX, NULL);
	if (error == 0 && target[0] == '\0')
		error = ENOENT;
	if (error == 0)
		error = makefile(l, SCARG_INT(args, 1), SCARG_PTR(args, 2), VLNK,
		    0777, 0, target);
	kmem_free(target, RUMP_PATH_MAX);
	return error;
}

/* linkat(fd1, path1, fd2, path2, flags) */
static int
sys_linkat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	int flags = SCARG_INT(args, 4), error;
	struct nameidata from, to;
	struct vnode *vp;

	if (flags & ~(RUMP_AT_SYMLINK_FOLLOW | RUMP_AT_EMPTY_PATH))
		return EINVAL;
	namei_init(&from, SCARG_INT(args, 0), SCARG_PTR(args, 1),
	    ((flags & RUMP_AT_SYMLINK_FOLLOW) ? NAMEI_FOLLOW : 0) |
	    ((flags & RUMP_AT_EMPTY_PATH) ? NAMEI_EMPTYPATH : 0), l->l_cred);
	if ((error = namei(&from)) != 0)
		return error;
	vp = from.ni_vp;
	if (vp->v_type == VDIR) {
		namei_done(&from);
		return EPERM;
	}
	if ((error = newname(l, &to, SCARG_INT(args, 2), SCARG_PTR(args, 3))) != 0) {
		namei_done(&from);
		return error;
	}
	/* (Unlocked: a forced unmount may clear either meanwhile.) */
	if (atomic_load_relaxed(&to.ni_dvp->v_mount) !=
	    atomic_load_relaxed(&vp->v_mount)) {
		error = EXDEV;
	} else if (to.ni_trailingslash) {
		error = ENOENT;
	} else {
		vn_lock(vp, RW_WRITER);
		error = vn_isdead(vp) ? EIO :
		    to.ni_dvp->v_op->vop_link(to.ni_dvp, vp, &to.ni_cn);
		vn_unlock(vp);
	}
	if (error == 0)
		cache_enter(to.ni_dvp, vp, to.ni_cn.cn_nameptr, to.ni_cn.cn_namelen);
	namei_done(&to);
	namei_done(&from);
	return error;
}

/* unlinkat(dirfd, path, flags) */
static int
sys_unlinkat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	bool rmdir = (SCARG_INT(args, 2) & RUMP_AT_REMOVEDIR) != 0;
	struct vnode *dvp, *vp;
	struct nameidata nd;
	int error;

	if (SCARG_INT(args, 2) & ~RUMP_AT_REMOVEDIR)
		return EINVAL;
	namei_init(&nd, SCARG_INT(args, 0), SCARG_PTR(args, 1), NAMEI_PARENT,
	    l->l_cred);
	if ((error = namei(&nd)) != 0)
		return error;
	dvp = nd.ni_dvp;
	vp = nd.ni_vp;
	if (dvp == NULL) {			/* "/", ".", ".." */
		if (!rmdir)
			error = EISDIR;
		else if (nd.ni_cn.cn_namelen == 1)
			error = EINVAL;
		else
			error = nd.ni_cn.cn_namelen == 2 ? ENOTEMPTY : EBUSY;
	} else if (vn_rdonly(dvp)) {
		error = EROFS;		/* before the name, as Linux */
	} else if (vp == NULL) {
		error = ENOENT;
	} else if (rmdir && vp->v_type != VDIR) {
		error = ENOTDIR;
	} else if (!rmdir && vp->v_type == VDIR) {
		error = EISDIR;
	} else if (!rmdir && nd.ni_trailingslash) {
		error = ENOTDIR;
	} else if (rmdir && (vp->v_mountedhere != NULL ||
	    (vp->v_vflag & VV_ROOT))) {
		error = EBUSY;
	} else if ((error = vfs_dir_writable(dvp, l->l_cred)) == 0) {
		vn_lock(vp, RW_WRITER);
		error = vn_isdead(vp) ? EIO : vfs_sticky_check(dvp, vp, l->l_cred);
		if (error == 0 && rmdir)
			error = dvp->v_op->vop_rmdir(dvp, vp, &nd.ni_cn);
		else if (error == 0)
			error = dvp->v_op->vop_remove(dvp, vp, &nd.ni_cn);
		vn_unlock(vp);
		if (error == 0) {
			cache_purge_link(dvp, vp, nd.ni_cn.cn_nameptr,
			    nd.ni_cn.cn_namelen);
			if (rmdir)
				cache_purge_children(vp);
		}
	}
	namei_done(&nd);
	return error;
}

/* Is a an ancestor of (or the same as) b, within one mount?  The
 * caller holds the mount's rename lock, so the tree holds still.  A
 * ".." chain longer than any real tree (a damaged disk image) counts
 * as "yes", which refuses the rename. */
#define VFS_MAXDEPTH	65536

static bool
vn_isancestor(struct vnode *a, struct vnode *b, kauth_cred_t cred)
{
	struct componentname cn = { "..", 2, cred };
	struct vnode *vp = b, *up;
	bool found = false;

	vref(vp);
	for (int depth = 0;; depth++) {
		if (depth == VFS_MAXDEPTH) {
			found = true;
			break;
		}
		if (vp == a) {
			found = true;
			break;
		}
		if ((vp->v_vflag & VV_ROOT) || vp->v_type != VDIR)
			break;
		vn_lock(vp, RW_READER);
		int error = vp->v_op->vop_lookup(vp, &up, &cn);
		vn_unlock(vp);
		if (error || up == vp) {
			if (error == 0)
				vrele(up);
			break;
		}
		vrele(vp);
		vp = up;
	}
	vrele(vp);
	return found;
}

/* Look name cnp up in locked dvp, bypassing the cache; NULL if absent. */
static int
lookup_locked(struct vnode *dvp, const struct componentname *cnp,
    struct vnode **vpp)
{
	int error = dvp->v_op->vop_lookup(dvp, vpp, cnp);

	if (error == ENOENT) {
		*vpp = NULL;
		error = 0;
	}
	return error;
}

/* The checks and the move, with the rename lock and both directories
 * locked; fvp0 and tvp0 are what the names named before they were
 * locked (tvp0 NULL: nothing). */
static int
rename_locked(struct lwp *l, struct nameidata *from, struct nameidata *to,
    struct vnode *fvp0, struct vnode *tvp0)
{
	struct vnode *fdvp = from->ni_dvp, *tdvp = to->ni_dvp, *fvp, *tvp;
	int error;

	if ((error = vfs_dir_writable(fdvp, l->l_cred)) != 0 ||
	    (error = vfs_dir_writable(tdvp, l->l_cred)) != 0 ||
	    (error = lookup_locked(fdvp, &from->ni_cn, &fvp)) != 0)
		return error;
	if (fvp == NULL)
		return ENOENT;
	if (fvp != fvp0) {
		vrele(fvp);
		return ERESTART;	/* changed meanwhile: start over */
	}
	if ((error = lookup_locked(tdvp, &to->ni_cn, &tvp)) != 0) {
		vrele(fvp);
		return error;
	}
	if (tvp != tvp0) {
		if (tvp != NULL)
			vrele(tvp);
		vrele(fvp);
		return ERESTART;
	}
	/* "name/" for a non-directory fails resolution, before all else. */
	if (fvp->v_type != VDIR && (from->ni_trailingslash ||
	    to->ni_trailingslash))
		error = ENOTDIR;
	else if (fvp == tvp)
		error = 0;		/* two names of one file: nothing to do */
	else if (tvp == fdvp)
		error = ENOTEMPTY;	/* the target contains the source */
	else if (fvp->v_type == VDIR && tvp != NULL && tvp->v_type != VDIR)
		error = ENOTDIR;
	else if (fvp->v_type != VDIR && tvp != NULL && tvp->v_type == VDIR)
		error = EISDIR;
	else if (fvp->v_mountedhere != NULL || (fvp->v_vflag & VV_ROOT) ||
	    (tvp != NULL && (tvp->v_mountedhere != NULL ||
	    (tvp->v_vflag & VV_ROOT))))
		error = EBUSY;		/* a mount point moves with its mount */
	else {
		struct vnode *first = fvp, *second = tvp;

		if (second != NULL && (uintptr_t)second < (uintptr_t)first) {
			first = tvp;
			second = fvp;
		}
		vn_lock(first, RW_WRITER);
		if (second != NULL)
			vn_lock(second, RW_WRITER);
		if (vn_isdead(fvp) || (tvp != NULL && vn_isdead(tvp)))
			error = EIO;
		else if ((error = vfs_sticky_check(fdvp, fvp, l->l_cred)) == 0 &&
		    (tvp == NULL || (error = vfs_sticky_check(tdvp, tvp,
		    l->l_cred)) == 0))
			error = fdvp->v_op->vop_rename(fdvp, fvp, &from->ni_cn,
			    tdvp, tvp, &to->ni_cn);
		if (second != NULL)
			vn_unlock(second);
		vn_unlock(first);
		if (error == 0) {
			cache_purge_link(fdvp, fvp, from->ni_cn.cn_nameptr,
			    from->ni_cn.cn_namelen);
			cache_purge_name(tdvp, to->ni_cn.cn_nameptr,
			    to->ni_cn.cn_namelen);
			if (tvp != NULL && tvp->v_type == VDIR)
				cache_purge_children(tvp);
		}
	}
	if (tvp != NULL)
		vrele(tvp);
	vrele(fvp);
	return error;
}

/*
 * Checks that need the tree walked upwards, so run before any
 * directory is locked (the rename lock keeps the tree still): a
 * directory cannot move below itself, and a target directory that
 * contains the source directory is not empty; the latter also keeps
 * the locking order, since the target would otherwise be locked after
 * its descendant.
 */
static int
rename_prepare(struct lwp *l, struct nameidata *from, struct nameidata *to,
    struct vnode *fvp0, struct vnode *tvp0)
{
	struct vnode *fdvp = from->ni_dvp, *tdvp = to->ni_dvp;

	/* In Linux's order: "file/" first, then the ancestry checks,
	 * then (rename_locked) the types. */
	if (fvp0->v_type != VDIR && (from->ni_trailingslash ||
	    to->ni_trailingslash))
		return ENOTDIR;
	if (fvp0->v_type == VDIR && vn_isancestor(fvp0, tdvp, l->l_cred))
		return EINVAL;
	if (tvp0 != NULL && tvp0 != fvp0 && tvp0->v_type == VDIR &&
	    vn_isancestor(tvp0, fdvp, l->l_cred))
		return ENOTEMPTY;
	if (fvp0->v_type == VDIR && fdvp != tdvp)
		return vn_access(fvp0, VWRITE, l->l_cred);
	return 0;
}

static int
dorename(struct lwp *l, struct nameidata *from, struct nameidata *to)
{
	struct vnode *fdvp = from->ni_dvp, *tdvp = to->ni_dvp, *fvp0, *tvp0;
	struct mount *mp = vfs_vnode_mount(fdvp);
	int error;

	if (mp == NULL || atomic_load_relaxed(&tdvp->v_mount) != mp) {
		if (mp != NULL)
			vfs_mount_rele(mp);
		return EXDEV;
	}
	mutex_enter(&mp->mnt_renamelock);
	do {
		error = vfs_lookup_name(fdvp, from->ni_cn.cn_nameptr,
		    from->ni_cn.cn_namelen, l->l_cred, &fvp0);
		if (error)
			break;
		tvp0 = NULL;
		error = vfs_lookup_name(tdvp, to->ni_cn.cn_nameptr,
		    to->ni_cn.cn_namelen, l->l_cred, &tvp0);
		if (error == ENOENT)
			error = 0;
		if (error == 0)
			error = rename_prepare(l, from, to, fvp0, tvp0);
		if (error == 0) {
			/* Directories: ancestor first, else by address. */
			struct vnode *first = fdvp, *second = tdvp;

			if (fdvp != tdvp && (vn_isancestor(tdvp, fdvp, l->l_cred) ||
			    (!vn_isancestor(fdvp, tdvp, l->l_cred) &&
			    (uintptr_t)tdvp < (uintptr_t)fdvp))) {
				first = tdvp;
				second = fdvp;
			}
			vn_lock(first, RW_WRITER);
			if (second != first)
				vn_lock(second, RW_WRITER);
			error = rename_locked(l, from, to, fvp0, tvp0);
			if (second != first)
				vn_unlock(second);
			vn_unlock(first);
		}
		if (tvp0 != NULL)
			vrele(tvp0);
		vrele(fvp0);
	} while (error == ERESTART);
	mutex_exit(&mp->mnt_renamelock);
	vfs_mount_rele(mp);
	return error;
}

/* renameat(fromfd, from, tofd, to) */
static int
sys_renameat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct nameidata from, to;
	int error;

	namei_init(&from, SCARG_INT(args, 0), SCARG_PTR(args, 1),
	    NAMEI_PARENT | NAMEI_NOLOCK, l->l_cred);
	if ((error = namei(&from)) != 0)
		return error;
	namei_init(&to, SCARG_INT(args, 2), SCARG_PTR(args, 3),
	    NAMEI_PARENT | NAMEI_NOLOCK, l->l_cred);
	if ((error = namei(&to)) != 0) {
		namei_done(&from);
		return error;
	}
	/* As Linux: a move between mounts, or on a read-only one, fails
	 * as such before its names are looked at. */
	if (from.ni_dvp == NULL || to.ni_dvp == NULL)
		error = EBUSY;		/* "/", "." or "..": as Linux */
	else if (atomic_load_relaxed(&from.ni_dvp->v_mount) !=
	    atomic_load_relaxed(&to.ni_dvp->v_mount))
		error = EXDEV;
	else if (vn_rdonly(from.ni_dvp))
		error = EROFS;
	else if (from.ni_vp == NULL)
		error = ENOENT;
	else
		error = dorename(l, &from, &to);
	namei_done(&to);
	namei_done(&from);
	return error;
}

static const struct sysent name_syscalls[] = {
	{ RUMP_SYS_mkdirat, sys_mkdirat, "mkdirat", "dsx" },
	{ RUMP_SYS_mknodat, sys_mknodat, "mknodat", "dsxx" },
	{ RUMP_SYS_mkfifoat, sys_mkfifoat, "mkfifoat", "dsx" },
	{ RUMP_SYS_symlinkat, sys_symlinkat, "symlinkat", "sds" },
	{ RUMP_SYS_linkat, sys_linkat, "linkat", "dsdsx" },
	{ RUMP_SYS_unlinkat, sys_unlinkat, "unlinkat", "dsx" },
	{ RUMP_SYS_renameat, sys_renameat, "renameat", "dsds" },
	{ 0, NULL, NULL, NULL },
};

int
vfs_syscalls_name_init(void)
{
	return syscall_establish(name_syscalls);
}
