/*
 * vfs_syscalls_open.c: opening files and the calls on open files that
 * only files in a file system have: openat, getdents, fsync,
 * fdatasync, truncate, ftruncate, readlinkat.
 */
#include <kern/systm.h>
#include <kern/filedesc.h>
#include <kern/lwp.h>
#include <kern/mount.h>
#include <kern/namei.h>
#include <kern/syscall.h>
#include <kern/uio.h>
#include <kern/vnode.h>
#include "vfs_private.h"

int
vfs_newattr(struct lwp *l, struct vnode *dvp, enum vtype type, uint32_t mode,
    struct vattr *va)
{
	struct cwdinfo *ci = cwdi_get(l);
	struct vattr dva;
	int error;

	if (ci == NULL)
		return ENOMEM;
	if ((error = dvp->v_op->vop_getattr(dvp, &dva)) != 0)
		return error;
	memset(va, 0, sizeof(*va));
	va->va_type = type;
	va->va_mode = mode & RUMP_ALLPERMS & ~atomic_load_relaxed(&ci->cwdi_cmask);
	va->va_uid = l->l_cred->cr_euid;
	/* A set-group-id directory gives its group, and to directories
	 * its set-group-id bit. */
	if (dva.va_mode & RUMP_S_ISGID) {
		va->va_gid = dva.va_gid;
		if (type == VDIR)
			va->va_mode |= RUMP_S_ISGID;
	} else {
		va->va_gid = l->l_cred->cr_egid;
	}
	/* A file that would be set-group-id (with group execute) for a
	 * group the caller is not of is not, as on Linux. */
	if ((va->va_mode & (RUMP_S_ISGID | 0010)) == (RUMP_S_ISGID | 0010) &&
	    type != VDIR && !vfs_may_keep_setgid(va->va_gid, l->l_cred))
		va->va_mode &= ~RUMP_S_ISGID;
	return 0;
}

int
vfs_dir_writable(struct vnode *dvp, kauth_cred_t cred)
{
	if (vn_rdonly(dvp))
		return EROFS;
	return vn_access_locked(dvp, VWRITE | VEXEC, cred);
}

/* O_CREAT: find or make the file; *vpp referenced, *created says. */
static int
open_create(struct lwp *l, struct nameidata *nd, int oflags, uint32_t mode,
    struct vnode **vpp, bool *created)
{
	struct vnode *dvp;
	struct vattr va;
	int error;

	*created = false;
	if (nd->ni_dvp == NULL) {		/* "/", "." or ".." */
		*vpp = nd->ni_vp;
		nd->ni_vp = NULL;
		return (oflags & RUMP_O_EXCL) ? EEXIST : EISDIR;
	}
	dvp = nd->ni_dvp;
	if (nd->ni_trailingslash)
		return EISDIR;		/* "name/": never a file to create or open */
	if (nd->ni_vp != NULL) {
		if (oflags & RUMP_O_EXCL)
			return EEXIST;
		if (nd->ni_vp->v_type == VLNK)
			return ELOOP;		/* O_NOFOLLOW */
		if (nd->ni_vp->v_type == VDIR && !(oflags & RUMP_O_DIRECTORY))
			return EISDIR;		/* POSIX: O_CREAT on a directory */
		*vpp = nd->ni_vp;
		nd->ni_vp = NULL;
		vfs_cross_down(vpp);
		return 0;
	}
	if ((error = vfs_dir_writable(dvp, l->l_cred)) != 0 ||
	    (error = vfs_newattr(l, dvp, VREG, mode, &va)) != 0)
		return error;
	/* No name-cache entry yet (a negative one goes): the first
	 * lookup makes one, and files made and removed unseen never cost
	 * one. */
	if ((error = dvp->v_op->vop_create(dvp, vpp, &nd->ni_cn, &va)) != 0)
		return error;
	cache_purge_negative(dvp, nd->ni_cn.cn_nameptr, nd->ni_cn.cn_namelen);
	*created = true;
	return 0;
}

/* openat(dirfd, path, flags, mode) */
static int
sys_openat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	int oflags = SCARG_INT(args, 2), fflag = OFLAGS_TO_FFLAGS(oflags);
	int nflags = 0, acc = 0, fd, error;
	struct nameidata nd;
	struct vnode *vp = NULL;
	struct file *fp;
	bool created = false;

	/* O_CREAT with O_DIRECTORY is refused, as Linux does. */
	if (fflag == -1 || (oflags & (RUMP_O_CREAT | RUMP_O_DIRECTORY)) ==
	    (RUMP_O_CREAT | RUMP_O_DIRECTORY))
		return EINVAL;
	/* O_EXCL means "do not follow" only with O_CREAT. */
	if (!(oflags & RUMP_O_NOFOLLOW) && (oflags & (RUMP_O_CREAT |
	    RUMP_O_EXCL)) != (RUMP_O_CREAT | RUMP_O_EXCL))
		nflags |= NAMEI_FOLLOW;
	if (oflags & RUMP_O_CREAT)
		nflags |= NAMEI_PARENT;
	namei_init(&nd, SCARG_INT(args, 0), SCARG_PTR(args, 1), nflags,
	    l->l_cred);
	if ((error = namei(&nd)) != 0)
		return error;
	if (oflags & RUMP_O_CREAT) {
		error = open_create(l, &nd, oflags, (uint32_t)args[3], &vp,
		    &created);
	} else {
		vp = nd.ni_vp;
		nd.ni_vp = NULL;
		if (vp->v_type == VLNK)		/* O_NOFOLLOW */
			error = (oflags & RUMP_O_DIRECTORY) ? ENOTDIR : ELOOP;
	}
	namei_done(&nd);
	if (error)
		goto fail;
	if ((oflags & RUMP_O_DIRECTORY) && vp->v_type != VDIR) {
		error = ENOTDIR;
		goto fail;
	}
	if (vp->v_type == VDIR && ((fflag & FWRITE) || (oflags & RUMP_O_TRUNC))) {
		error = EISDIR;
		goto fail;
	}
	if (!created) {
		if (fflag & FREAD)
			acc |= VREAD;
		if (fflag & FWRITE || (oflags & RUMP_O_TRUNC))
			acc |= VWRITE;
		if ((error = vn_access(vp, acc, l->l_cred)) != 0)
			goto fail;
		if ((oflags & RUMP_O_TRUNC) && vp->v_type == VREG &&
		    (error = vn_truncate(vp, 0, l->l_cred)) != 0)
			goto fail;
	}
	if ((error = vn_open(vp, fflag, l->l_cred, &fp)) != 0)
		goto fail;
	error = fd_install(l->l_proc->p_fd, fp, 0,
	    (oflags & RUMP_O_CLOEXEC) ? FD_CLOEXEC_FLAG : 0, &fd);
	file_release(fp);
	if (error == 0)
		rv[0] = (syscallarg_t)fd;
	return error;
fail:
	if (vp != NULL)
		vrele(vp);
	return error;
}

/* getdents(fd, buf, count) */
static int
sys_getdents(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	size_t count = (size_t)MIN(args[2], (uint64_t)(64 * 1024 * 1024));
	struct kiovec iov;
	struct uio uio;
	struct file *fp;
	struct vnode *vp;
	bool eof;
	int error;

	if ((error = fd_getvnodefile(l, SCARG_INT(args, 0), ENOTDIR, &fp)) != 0)
		return error;
	vp = fp->f_data;
	if (vp->v_type != VDIR || !(fp->f_flag & FREAD)) {
		file_release(fp);
		return vp->v_type != VDIR ? ENOTDIR : EBADF;
	}
	uio_setup1(&uio, &iov, SCARG_PTR(args, 1), count, 0, UIO_READ,
	    UIO_USERSPACE);
	mutex_enter(&fp->f_lock);
	uio.uio_offset = fp->f_offset;
	vn_lock(vp, RW_READER);
	error = vp->v_op->vop_readdir(vp, &uio, &eof);
	vn_unlock(vp);
	fp->f_offset = uio.uio_offset;
	mutex_exit(&fp->f_lock);
	file_release(fp);
	if (error == 0 && uio.uio_resid == count && !eof)
		error = EINVAL;		/* not even one entry fits */
	rv[0] = count - uio.uio_resid;
	return error;
}

static int
dofsync(struct lwp *l, int fd, bool dataonly)
{
	struct vnode *vp;
	int error;

	if ((error = fd_getvnode(l, fd, EINVAL, &vp)) != 0)
		return error;
	vn_lock(vp, RW_WRITER);
	error = vp->v_op->vop_fsync(vp, dataonly);
	vn_unlock(vp);
	vrele(vp);
	return error;
}

static int
sys_fsync(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	return dofsync(l, SCARG_INT(args, 0), false);
}

static int
sys_fdatasync(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	return dofsync(l, SCARG_INT(args, 0), true);
}

/* truncate(path, length) */
static int
sys_truncate(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct nameidata nd;
	int error;

	if ((off_t)args[1] < 0)
		return EINVAL;
	namei_init(&nd, RUMP_AT_FDCWD, SCARG_PTR(args, 0), NAMEI_FOLLOW,
	    l->l_cred);
	if ((error = namei(&nd)) != 0)
		return error;
	if (nd.ni_vp->v_type == VDIR)
		error = EISDIR;
	else if ((error = vn_access(nd.ni_vp, VWRITE, l->l_cred)) == 0)
		error = vn_truncate(nd.ni_vp, (off_t)args[1], l->l_cred);
	namei_done(&nd);
	return error;
}

/* ftruncate(fd, length) */
static int
sys_ftruncate(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct file *fp;
	int error;

	if ((off_t)args[1] < 0)
		return EINVAL;
	if ((fp = fd_getfile(l->l_proc->p_fd, SCARG_INT(args, 0))) == NULL)
		return EBADF;
	if (fp->f_type != DTYPE_VNODE || !(fp->f_flag & FWRITE))
		error = EINVAL;		/* a pipe, or not open to write */
	else
		error = vn_truncate(fp->f_data, (off_t)args[1], l->l_cred);
	file_release(fp);
	return error;
}

/* readlinkat(dirfd, path, buf, size) */
static int
sys_readlinkat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	size_t size = (size_t)MIN(args[3], (uint64_t)RUMP_PATH_MAX);
	struct nameidata nd;
	struct kiovec iov;
	struct uio uio;
	struct vnode *vp;
	int error;

	if ((int64_t)args[3] <= 0)
		return EINVAL;
	namei_init(&nd, SCARG_INT(args, 0), SCARG_PTR(args, 1), 0, l->l_cred);
	if ((error = namei(&nd)) != 0)
		return error;
	vp = nd.ni_vp;
	if (vp->v_type != VLNK) {
		namei_done(&nd);
		return EINVAL;
	}
	uio_setup1(&uio, &iov, SCARG_PTR(args, 2), size, 0, UIO_READ,
	    UIO_USERSPACE);
	vn_lock(vp, RW_READER);
	error = vp->v_op->vop_readlink(vp, &uio);
	vn_unlock(vp);
	namei_done(&nd);
	rv[0] = size - uio.uio_resid;
	return error;
}

static const struct sysent open_syscalls[] = {
	{ RUMP_SYS_openat, sys_openat, "openat", "dsxx" },
	{ RUMP_SYS_getdents, sys_getdents, "getdents", "dpu" },
	{ RUMP_SYS_fsync, sys_fsync, "fsync", "d" },
	{ RUMP_SYS_fdatasync, sys_fdatasync, "fdatasync", "d" },
	{ RUMP_SYS_truncate, sys_truncate, "truncate", "sd" },
	{ RUMP_SYS_ftruncate, sys_ftruncate, "ftruncate", "dd" },
	{ RUMP_SYS_readlinkat, sys_readlinkat, "readlinkat", "dspu" },
	{ 0, NULL, NULL, NULL },
};

int
vfs_syscalls_open_init(void)
{
	return syscall_establish(open_syscalls);
}
