/*
 * vfs_syscalls_attr.c: calls that read or change a file's attributes:
 * fstatat, faccessat, fchmodat, fchmod, fchownat, fchown, utimensat,
 * futimens.
 */
#include <kern/systm.h>
#include <kern/kauth.h>
#include <kern/lwp.h>
#include <kern/mount.h>
#include <kern/namei.h>
#include <kern/syscall.h>
#include <kern/time.h>
#include <kern/vnode.h>
#include "vfs_private.h"

/* Set nd up for (dirfd, path), following a final symbolic link unless
 * AT_SYMLINK_NOFOLLOW; EINVAL for flags outside allowed. */
static int
at_init(struct nameidata *nd, struct lwp *l, int dirfd, const void *path,
    int atflags, int allowed)
{
	if (atflags & ~allowed)
		return EINVAL;
	namei_init(nd, dirfd, path,
	    ((atflags & RUMP_AT_SYMLINK_NOFOLLOW) ? 0 : NAMEI_FOLLOW) |
	    ((atflags & RUMP_AT_EMPTY_PATH) ? NAMEI_EMPTYPATH : 0), l->l_cred);
	return 0;
}

/* The vnode (dirfd, path) names; referenced. */
static int
at_vnode(struct lwp *l, int dirfd, const void *path, int atflags,
    int allowed, struct vnode **vpp)
{
	struct nameidata nd;
	int error;

	if ((error = at_init(&nd, l, dirfd, path, atflags, allowed)) != 0 ||
	    (error = namei(&nd)) != 0)
		return error;
	*vpp = nd.ni_vp;
	nd.ni_vp = NULL;
	namei_done(&nd);
	return 0;
}

/* fstatat(dirfd, path, st, flags) */
static int
sys_fstatat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct nameidata nd;
	struct rump_stat st;
	struct vattr va;
	int error;

	if ((error = at_init(&nd, l, SCARG_INT(args, 0), SCARG_PTR(args, 1),
	    SCARG_INT(args, 3), RUMP_AT_SYMLINK_NOFOLLOW |
	    RUMP_AT_EMPTY_PATH)) != 0)
		return error;
	nd.ni_va = &va;		/* a cached path: no reference, no lock */
	if ((error = namei(&nd)) != 0)
		return error;
	if (nd.ni_vp == NULL)
		vattr_to_stat(&va, nd.ni_fsid, &st);
	else
		error = vn_stat(nd.ni_vp, &st);
	namei_done(&nd);
	if (error == 0)
		error = copyout(&st, SCARG_PTR(args, 2), sizeof(st));
	return error;
}

/* faccessat(dirfd, path, mode, flags): with the real ids unless
 * AT_EACCESS, for the directories searched on the way too.
 * AT_EMPTY_PATH checks dirfd's own file, as Linux's faccessat2. */
static int
sys_faccessat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	int mode = SCARG_INT(args, 2), flags = SCARG_INT(args, 3), acc = 0;
	kauth_cred_t cred = l->l_cred;
	struct nameidata nd;
	int error;

	if ((mode & ~(RUMP_R_OK | RUMP_W_OK | RUMP_X_OK)) ||
	    (flags & ~(RUMP_AT_SYMLINK_NOFOLLOW | RUMP_AT_EACCESS |
	    RUMP_AT_EMPTY_PATH)))
		return EINVAL;
	if (!(flags & RUMP_AT_EACCESS)) {
		if ((cred = kauth_cred_dup(l->l_cred)) == NULL)
			return ENOMEM;
		cred->cr_euid = cred->cr_uid;
		cred->cr_egid = cred->cr_gid;
	}
	namei_init(&nd, SCARG_INT(args, 0), SCARG_PTR(args, 1),
	    ((flags & RUMP_AT_SYMLINK_NOFOLLOW) ? 0 : NAMEI_FOLLOW) |
	    ((flags & RUMP_AT_EMPTY_PATH) ? NAMEI_EMPTYPATH : 0), cred);
	if ((error = namei(&nd)) == 0 && mode != RUMP_F_OK) {
		acc |= (mode & RUMP_R_OK) ? VREAD : 0;
		acc |= (mode & RUMP_W_OK) ? VWRITE : 0;
		acc |= (mode & RUMP_X_OK) ? VEXEC : 0;
		error = vn_access(nd.ni_vp, acc, cred);
	}
	namei_done(&nd);
	if (cred != l->l_cred)
		kauth_cred_free(cred);
	return error;
}

static bool
is_owner_or_root(const struct vattr *va, kauth_cred_t cred)
{
	return cred->cr_euid == va->va_uid ||
	    kauth_authorize(cred, KAUTH_SYSTEM_FS_OVERRIDE) == 0;
}

/* Check and apply an attribute change; consumes the reference on vp.
 * decide() fills in new values from the current ones or refuses. */
static int
setattr_checked(struct lwp *l, struct vnode *vp,
    int (*decide)(struct vnode *, const struct vattr *, struct vattr *,
    kauth_cred_t, const void *), const void *arg)
{
	struct vattr cur, va = { .va_mask = 0 };
	int error;

	vn_lock(vp, RW_WRITER);
	if (vn_rdonly(vp))
		error = EROFS;
	else if ((error = vp->v_op->vop_getattr(vp, &cur)) == 0 &&
	    (error = decide(vp, &cur, &va, l->l_cred, arg)) == 0 &&
	    va.va_mask != 0)
		error = vp->v_op->vop_setattr(vp, &va);
	vn_unlock(vp);
	vrele(vp);
	return error;
}

static int
decide_mode(struct vnode *vp __unused, const struct vattr *cur, struct vattr *va,
    kauth_cred_t cred, const void *arg)
{
	uint32_t mode = *(const uint32_t *)arg & RUMP_ALLPERMS;

	if (!is_owner_or_root(cur, cred))
		return EPERM;
	/* Set-group-id for a group one is not of goes silently, on a
	 * directory too, as on Linux. */
	if ((mode & RUMP_S_ISGID) && !vfs_may_keep_setgid(cur->va_gid, cred))
		mode &= ~RUMP_S_ISGID;
	va->va_mode = mode;
	va->va_mask = AT_MODE;
	return 0;
}

struct owner_arg {
	uint32_t uid, gid;		/* (uint32_t)-1: unchanged */
};

/*
 * As on Linux: an owner may name its own uid and any group it is of,
 * root anything; a file's set-user-id goes, and its set-group-id where
 * it means that (group execute) or the caller may not keep it, which
 * only the owner (or root) may do, even for chown(-1, -1); and the
 * change time is set even when no id changes.
 */
static int
decide_owner(struct vnode *vp, const struct vattr *cur, struct vattr *va,
    kauth_cred_t cred, const void *arg)
{
	const struct owner_arg *o = arg;
	bool root = kauth_authorize(cred, KAUTH_FILE_CHOWN) == 0;
	bool owner = cred->cr_euid == cur->va_uid;
	uint32_t mode = cur->va_mode;

	if (o->uid != (uint32_t)-1 && !root &&
	    !(owner && o->uid == cur->va_uid))
		return EPERM;
	if (o->gid != (uint32_t)-1 && !root && !(owner &&
	    (o->gid == cur->va_gid || kauth_cred_groupmember(cred, o->gid))))
		return EPERM;
	if (vp->v_type != VDIR)
		mode = vfs_setid_cleared(mode, cur->va_gid, cred);
	if (mode != cur->va_mode && !is_owner_or_root(cur, cred))
		return EPERM;
	va->va_uid = o->uid == (uint32_t)-1 ? cur->va_uid : o->uid;
	va->va_gid = o->gid == (uint32_t)-1 ? cur->va_gid : o->gid;
	va->va_mask = AT_UID | AT_GID;
	if (mode != cur->va_mode) {
		va->va_mode = mode;
		va->va_mask |= AT_MODE;
	}
	return 0;
}

struct times_arg {
	timespec_t ts[2];		/* atime, mtime */
	bool omit[2];
	bool now;			/* both are "now" */
};

static int
decide_times(struct vnode *vp, const struct vattr *cur, struct vattr *va,
    kauth_cred_t cred, const void *arg)
{
	const struct times_arg *t = arg;

	if (t->omit[0] && t->omit[1])
		return 0;
	if (!is_owner_or_root(cur, cred)) {
		if (!t->now)
			return EPERM;
		if (vn_access_locked(vp, VWRITE, cred) != 0)
			return EACCES;
	}
	if (!t->omit[0]) {
		va->va_atime = t->ts[0];
		va->va_mask |= AT_ATIME;
	}
	if (!t->omit[1]) {
		va->va_mtime = t->ts[1];
		va->va_mask |= AT_MTIME;
	}
	return 0;
}

/* Read utimensat's times argument (NULL: both now). */
static int
times_copyin(const void *utimes, struct times_arg *t)
{
	struct rump_timespec ts[2];
	timespec_t now;
	int error, nnow = 0;

	getnanotime(&now);
	memset(t, 0, sizeof(*t));
	if (utimes == NULL) {
		t->ts[0] = t->ts[1] = now;
		t->now = true;
		return 0;
	}
	if ((error = copyin(utimes, ts, sizeof(ts))) != 0)
		return error;
	for (int i = 0; i < 2; i++) {
		if (ts[i].tv_nsec == RUMP_UTIME_NOW) {
			t->ts[i] = now;
			nnow++;
		} else if (ts[i].tv_nsec == RUMP_UTIME_OMIT) {
			t->omit[i] = true;
		} else if (ts[i].tv_nsec < 0 || ts[i].tv_nsec >= NSEC_PER_SEC) {
			return EINVAL;
		} else {
			t->ts[i] = ts[i];
		}
	}
	t->now = nnow == 2;
	return 0;
}

static int
sys_fchmodat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	uint32_t mode = (uint32_t)args[2];
	struct vnode *vp;
	int error;

	if ((error = at_vnode(l, SCARG_INT(args, 0), SCARG_PTR(args, 1),
	    SCARG_INT(args, 3), RUMP_AT_SYMLINK_NOFOLLOW, &vp)) != 0)
		return error;
	if (vp->v_type == VLNK) {	/* AT_SYMLINK_NOFOLLOW: as on Linux */
		vrele(vp);
		return EOPNOTSUPP;
	}
	return setattr_checked(l, vp, decide_mode, &mode);
}

static int
sys_fchmod(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	uint32_t mode = (uint32_t)args[1];
	struct vnode *vp;
	int error;

	if ((error = fd_getvnode(l, SCARG_INT(args, 0), EINVAL, &vp)) != 0)
		return error;
	return setattr_checked(l, vp, decide_mode, &mode);
}

static int
sys_fchownat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct owner_arg o = { (uint32_t)args[2], (uint32_t)args[3] };
	struct vnode *vp;
	int error;

	if ((error = at_vnode(l, SCARG_INT(args, 0), SCARG_PTR(args, 1),
	    SCARG_INT(args, 4), RUMP_AT_SYMLINK_NOFOLLOW | RUMP_AT_EMPTY_PATH,
	    &vp)) != 0)
		return error;
	return setattr_checked(l, vp, decide_owner, &o);
}

static int
sys_fchown(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct owner_arg o = { (uint32_t)args[1], (uint32_t)args[2] };
	struct vnode *vp;
	int error;

	if ((error = fd_getvnode(l, SCARG_INT(args, 0), EINVAL, &vp)) != 0)
		return error;
	return setattr_checked(l, vp, decide_owner, &o);
}

static int
sys_utimensat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct times_arg t;
	struct vnode *vp;
	int error;

	if ((error = times_copyin(SCARG_PTR(args, 2), &t)) != 0)
		return error;
	if ((error = at_vnode(l, SCARG_INT(args, 0), SCARG_PTR(args, 1),
	    SCARG_INT(args, 3), RUMP_AT_SYMLINK_NOFOLLOW | RUMP_AT_EMPTY_PATH,
	    &vp)) != 0)
		return error;
	return setattr_checked(l, vp, decide_times, &t);
}

static int
sys_futimens(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct times_arg t;
	struct vnode *vp;
	int error;

	if ((error = times_copyin(SCARG_PTR(args, 1), &t)) != 0)
		return error;
	if ((error = fd_getvnode(l, SCARG_INT(args, 0), EINVAL, &vp)) != 0)
		return error;
	return setattr_checked(l, vp, decide_times, &t);
}

static const struct sysent attr_syscalls[] = {
	{ RUMP_SYS_fstatat, sys_fstatat, "fstatat", "dspx" },
	{ RUMP_SYS_faccessat, sys_faccessat, "faccessat", "dsxx" },
	{ RUMP_SYS_fchmodat, sys_fchmodat, "fchmodat", "dsxx" },
	{ RUMP_SYS_fchmod, sys_fchmod, "fchmod", "dx" },
	{ RUMP_SYS_fchownat, sys_fchownat, "fchownat", "dsuux" },
	{ RUMP_SYS_fchown, sys_fchown, "fchown", "duu" },
	{ RUMP_SYS_utimensat, sys_utimensat, "utimensat", "dspx" },
	{ RUMP_SYS_futimens, sys_futimens, "futimens", "dp" },
	{ 0, NULL, NULL, NULL },
};

int
vfs_syscalls_attr_init(void)
{
	return syscall_establish(attr_syscalls);
}
