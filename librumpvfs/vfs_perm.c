/*
 * vfs_perm.c: file permission checks (owner, group, other, root's
 * override) and file-type conversions.  Privilege itself is decided by
 * kauth; this file only applies the permission bits.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/kauth.h>
#include <kern/mount.h>
#include <kern/vnode.h>
#include <rump/rumpdefs.h>
#include "vfs_private.h"

int
vaccess_creds(enum vtype type, uint32_t mode, uid_t uid, gid_t gid, int acc,
    kauth_cred_t cred)
{
	uint32_t bits;

	if (kauth_authorize(cred, KAUTH_SYSTEM_FS_OVERRIDE) == 0) {
		/* Root may do anything but execute a file that nobody
		 * may execute. */
		if ((acc & VEXEC) && type != VDIR && (mode & 0111) == 0)
			return EACCES;
		return 0;
	}
	if (cred->cr_euid == uid)
		bits = mode >> 6;
	else if (cred->cr_egid == gid || kauth_cred_groupmember(cred, gid))
		bits = mode >> 3;
	else
		bits = mode;
	/* VREAD, VWRITE, VEXEC are the "other" bits' positions. */
	return ((unsigned)acc & ~bits & 07) == 0 ? 0 : EACCES;
}

bool
vn_mountflag(struct vnode *vp, int flag)
{
	struct mount *mp = atomic_load_relaxed(&vp->v_mount);

	return mp != NULL && (atomic_load_relaxed(&mp->mnt_flag) & flag);
}

bool
vn_rdonly(struct vnode *vp)
{
	return vn_mountflag(vp, RUMP_MNT_RDONLY);
}

bool
vfs_may_keep_setgid(gid_t gid, kauth_cred_t cred)
{
	return kauth_cred_groupmember(cred, gid) ||
	    kauth_authorize(cred, KAUTH_FILE_SETID) == 0;
}

uint32_t
vfs_setid_cleared(uint32_t mode, gid_t gid, kauth_cred_t cred)
{
	mode &= ~RUMP_S_ISUID;
	if ((mode & 0010) || !vfs_may_keep_setgid(gid, cred))
		mode &= ~RUMP_S_ISGID;
	return mode;
}

int
vn_access_locked(struct vnode *vp, int acc, kauth_cred_t cred)
{
	struct vattr va;
	int error;

	if ((acc & VWRITE) && vn_rdonly(vp) &&
	    (vp->v_type == VREG || vp->v_type == VDIR || vp->v_type == VLNK))
		return EROFS;
	/* Nothing runs from a noexec mount, not even root's. */
	if ((acc & VEXEC) && vp->v_type == VREG &&
	    vn_mountflag(vp, RUMP_MNT_NOEXEC))
		return EACCES;
	if (vp->v_op->vop_access != NULL)
		return vp->v_op->vop_access(vp, acc, cred);
	if ((error = vp->v_op->vop_getattr(vp, &va)) != 0)
		return error;
	return vaccess(vp->v_type, va.va_mode, va.va_uid, va.va_gid, acc, cred);
}

int
vn_access(struct vnode *vp, int acc, kauth_cred_t cred)
{
	int error;

	/* A directory every class may search says so itself (as the
	 * cached walk finds it): no lock, no call. */
	if (acc == VEXEC && atomic_load_relaxed(&vp->v_searchall))
		return 0;
	/* The lock also keeps a forced unmount from taking the file
	 * system's data away meanwhile. */
	vn_lock(vp, RW_READER);
	error = vn_access_locked(vp, acc, cred);
	vn_unlock(vp);
	return error;
}

static const struct {
	enum vtype type;
	uint32_t mode;
	uint8_t dt;
} vtypes[] = {
	{ VREG, RUMP_S_IFREG, RUMP_DT_REG },
	{ VDIR, RUMP_S_IFDIR, RUMP_DT_DIR },
	{ VLNK, RUMP_S_IFLNK, RUMP_DT_LNK },
	{ VFIFO, RUMP_S_IFIFO, RUMP_DT_FIFO },
	{ VCHR, RUMP_S_IFCHR, RUMP_DT_CHR },
	{ VBLK, RUMP_S_IFBLK, RUMP_DT_BLK },
	{ VSOCK, RUMP_S_IFSOCK, RUMP_DT_SOCK },
};

uint32_t
vtype_to_mode(enum vtype t)
{
	for (unsigned i = 0; i < __arraycount(vtypes); i++)
		if (vtypes[i].type == t)
			return vtypes[i].mode;
	return 0;
}

uint8_t
vtype_to_dt(enum vtype t)
{
	for (unsigned i = 0; i < __arraycount(vtypes); i++)
		if (vtypes[i].type == t)
			return vtypes[i].dt;
	return RUMP_DT_UNKNOWN;
}

enum vtype
mode_to_vtype(uint32_t mode)
{
	for (unsigned i = 0; i < __arraycount(vtypes); i++)
		if (vtypes[i].mode == (mode & RUMP_S_IFMT))
			return vtypes[i].type;
	return VNON;
}
