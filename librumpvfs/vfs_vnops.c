/*
 * vfs_vnops.c: open files on vnodes: opening, and the file operations
 * (read, write, seek, stat, poll, ioctl, advisory locks, close) that
 * the generic descriptor calls reach them through.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/filedesc.h>
#include <kern/lwp.h>
#include <kern/mount.h>
#include <kern/pipe.h>
#include <kern/pserialize.h>
#include <kern/uio.h>
#include <kern/vnode.h>
#include "vfs_private.h"

int
fd_getvnodefile(struct lwp *l, int fd, int notvnode, struct file **fpp)
{
	struct file *fp = fd_getfile(l->l_proc->p_fd, fd);

	if (fp == NULL)
		return EBADF;
	if (fp->f_type != DTYPE_VNODE) {
		file_release(fp);
		return notvnode;
	}
	*fpp = fp;
	return 0;
}

int
fd_getvnode(struct lwp *l, int fd, int notvnode, struct vnode **vpp)
{
	struct file *fp = fd_getfile(l->l_proc->p_fd, fd);
	struct vnode *vp;

	if (fp == NULL)
		return EBADF;
	/* An open FIFO's file belongs to the pipe code; its node is the
	 * cookie it was opened with. */
	vp = fp->f_type == DTYPE_VNODE ? fp->f_data : fifo_file_cookie(fp);
	if (vp != NULL)
		vref(vp);
	file_release(fp);
	if (vp == NULL)
		return notvnode;
	*vpp = vp;
	return 0;
}

int
vn_stat(struct vnode *vp, struct rump_stat *st)
{
	struct vattr va;
	uint64_t fsid;
	int error;

	/* The mount too under the lock: a forced unmount changes it. */
	vn_lock(vp, RW_READER);
	error = vp->v_op->vop_getattr(vp, &va);
	fsid = vp->v_mount != NULL ? vp->v_mount->mnt_fsid : 0;
	vn_unlock(vp);
	if (error == 0)
		vattr_to_stat(&va, fsid, st);
	return error;
}

void
vattr_to_stat(const struct vattr *va, uint64_t fsid, struct rump_stat *st)
{
	/* Every field named (no memset: stores, not a string operation). */
	*st = (struct rump_stat){
		.st_dev = fsid,
		.st_ino = va->va_fileid,
		.st_mode = vtype_to_mode(va->va_type) | va->va_mode,
		.st_nlink = va->va_nlink,
		.st_uid = va->va_uid,
		.st_gid = va->va_gid,
		.st_rdev = va->va_rdev,
		.st_atim = va->va_atime,
		.st_mtim = va->va_mtime,
		.st_ctim = va->va_ctime,
		.st_birthtim = va->va_birthtime,
		.st_size = va->va_size,
		.st_blocks = (va->va_bytes + 511) / 512,
		.st_blksize = va->va_blocksize,
		.st_gen = va->va_gen,
	};
}

/* A write or truncate of a regular file by a caller without the
 * privilege to keep set-id bits takes them away (vfs_setid_cleared), as
 * Linux does.  vp locked as writer. */
static int
vn_kill_setid(struct vnode *vp, kauth_cred_t cred)
{
	struct vattr va, set = { .va_mask = AT_MODE };
	int error;

	if (atomic_load_relaxed(&vp->v_nosetid) || vp->v_type != VREG ||
	    kauth_authorize(cred, KAUTH_FILE_SETID) == 0)
		return 0;
	if ((error = vp->v_op->vop_getattr(vp, &va)) != 0)
		return error;
	set.va_mode = vfs_setid_cleared(va.va_mode, va.va_gid, cred);
	return set.va_mode == va.va_mode ? 0 : vp->v_op->vop_setattr(vp, &set);
}

int
vn_truncate(struct vnode *vp, off_t length, kauth_cred_t cred)
{
	struct vattr va = { .va_mask = AT_SIZE, .va_size = length };
	int error;

	if (length < 0)
		return EINVAL;
	if (vp->v_type == VDIR)
		return EISDIR;
	if (vp->v_type != VREG)
		return EINVAL;
	vn_lock(vp, RW_WRITER);
	if (vn_rdonly(vp))
		error = EROFS;
	else if ((error = vn_kill_setid(vp, cred)) == 0)
		error = vp->v_op->vop_setattr(vp, &va);
	vn_unlock(vp);
	return error;
}

/* A read or write at the file's offset (FOF_UPDATE_OFFSET, under
 * f_lock so threads sharing the file do not interleave) or at
 * uio_offset. */
static int
vn_rdwr(struct file *fp, struct uio *uio, int flags)
{
	struct vnode *vp = fp->f_data;
	bool reading = uio->uio_rw == UIO_READ;
	int error;

	if (reading && vp->v_type == VDIR)
		return EISDIR;
	if (flags & FOF_UPDATE_OFFSET) {
		mutex_enter(&fp->f_lock);
		uio->uio_offset = fp->f_offset;
	}
	vn_lock(vp, reading ? RW_READER : RW_WRITER);
	if (uio->uio_resid > (uint64_t)(INT64_MAX - uio->uio_offset)) {
		error = EINVAL;		/* the end passes any offset, as Linux says */
	} else if (reading) {
		error = vp->v_op->vop_read(vp, uio, 0);
	} else if (uio->uio_resid == 0 ||
	    (error = vn_kill_setid(vp, curlwp->l_cred)) == 0) {
		error = vp->v_op->vop_write(vp, uio,
		    (fp->f_flag & RUMP_O_APPEND) ? IO_APPEND : 0);
		if (error == 0 && (fp->f_flag & (RUMP_O_SYNC | RUMP_O_DSYNC)))
			error = vp->v_op->vop_fsync(vp,
			    !(fp->f_flag & RUMP_O_SYNC));
	}
	vn_unlock(vp);
	if (flags & FOF_UPDATE_OFFSET) {
		fp->f_offset = uio->uio_offset;
		mutex_exit(&fp->f_lock);
	}
	return error;
}

static int
vn_seek(struct file *fp, off_t offset, int whence, off_t *newoff)
{
	struct vnode *vp = fp->f_data;
	struct vattr va;
	off_t base = 0, res;
	int error = 0;

	mutex_enter(&fp->f_lock);
	switch (whence) {
	case RUMP_SEEK_SET:
		break;
	case RUMP_SEEK_CUR:
		base = fp->f_offset;
		break;
	case RUMP_SEEK_DATA:
	case RUMP_SEEK_HOLE:
		if (vp->v_type != VREG) {
			error = EINVAL;
			break;
		}
		/* FALLTHROUGH */
	case RUMP_SEEK_END:
		if (whence == RUMP_SEEK_END && vp->v_type == VDIR) {
			error = EINVAL;		/* offsets are cookies */
			break;
		}
		vn_lock(vp, RW_READER);
		error = vp->v_op->vop_getattr(vp, &va);
		if (error == 0 && whence == RUMP_SEEK_END) {
			base = va.va_size;
		} else if (error == 0 && vp->v_op->vop_seekdata != NULL) {
			error = vp->v_op->vop_seekdata(vp, offset,
			    whence == RUMP_SEEK_HOLE, &res);
		} else if (error == 0) {	/* all data, hole at the end */
			if (offset < 0 || offset >= va.va_size)
				error = ENXIO;
			else
				res = whence == RUMP_SEEK_HOLE ? va.va_size : offset;
		}
		vn_unlock(vp);
		if (error == 0 && whence != RUMP_SEEK_END) {
			fp->f_offset = *newoff = res;
			mutex_exit(&fp->f_lock);
			return 0;
		}
		break;
	default:
		error = EINVAL;
	}
	if (error == 0 && ((offset > 0 && base > INT64_MAX - offset) ||
	    base + offset < 0))
		error = EINVAL;
	if (error == 0)
		fp->f_offset = *newoff = base + offset;
	mutex_exit(&fp->f_lock);
	return error;
}

static int
vn_fo_stat(struct file *fp, struct rump_stat *st)
{
	return vn_stat(fp->f_data, st);
}

static int
vn_poll(struct file *fp __unused, int events, struct pollwaiter *pw __unused)
{
	/* Files on disk are always ready. */
	return events & (RUMP_POLLIN | RUMP_POLLRDNORM | RUMP_POLLOUT |
	    RUMP_POLLWRNORM);
}

static int
vn_ioctl(struct file *fp, unsigned long cmd, void *data)
{
	struct vnode *vp = fp->f_data;
	struct vattr va;
	int error;

	switch (cmd) {
	case RUMP_FIONBIO:
		return 0;
	case RUMP_FIONREAD:
		if (vp->v_type != VREG)
			return ENOTTY;
		vn_lock(vp, RW_READER);
		error = vp->v_op->vop_getattr(vp, &va);
		vn_unlock(vp);
		if (error)
			return error;
		mutex_enter(&fp->f_lock);
		*(int *)data = (int)MIN(MAX(va.va_size - fp->f_offset, 0), INT_MAX);
		mutex_exit(&fp->f_lock);
		return 0;
	default:
		return ENOTTY;
	}
}

static int
vn_advlock(struct file *fp, void *owner, int op, struct rump_flock *fl,
    int flags)
{
	off_t offset = 0;

	if (fl->l_whence == RUMP_SEEK_CUR) {
		mutex_enter(&fp->f_lock);
		offset = fp->f_offset;
		mutex_exit(&fp->f_lock);
	}
	return vfs_advlock(fp->f_data, owner, op, fl, flags, offset);
}

/*
 * Count writers of regular files per mount, for remounting read-only:
 * a new writer counts itself, then fails with EROFS if the mount has
 * turned read-only meanwhile (see mount_update).
 */
static int
vn_count_writer(struct file *fp, int delta)
{
	struct vnode *vp = fp->f_data;
	struct mount *mp;
	int error = 0;

	if (fp->f_type != DTYPE_VNODE || !(fp->f_flag & FWRITE) ||
	    vp->v_type != VREG)
		return 0;
	/* A mount is freed only after a grace period: the read section
	 * keeps it, as a forced unmount may take it from vp meanwhile. */
	pserialize_read_enter();
	if ((mp = atomic_load_relaxed(&vp->v_mount)) != NULL) {
		__atomic_add_fetch(&mp->mnt_writers, (unsigned)delta,
		    __ATOMIC_SEQ_CST);
		if (delta > 0 && (__atomic_load_n(&mp->mnt_flag,
		    __ATOMIC_SEQ_CST) & RUMP_MNT_RDONLY)) {
			atomic_dec_uint(&mp->mnt_writers);
			error = EROFS;
		}
	}
	pserialize_read_exit();
	return error;
}

static void
vn_close(struct file *fp)
{
	struct vnode *vp = fp->f_data;
	struct rump_flock unlock = { .l_type = RUMP_F_UNLCK,
	    .l_whence = RUMP_SEEK_SET };

	if (fp->f_haslocks)
		vfs_advlock(vp, fp, RUMP_F_SETLK, &unlock, FL_FLOCK, 0);
	(void)vn_count_writer(fp, -1);
	vrele(vp);
}

const struct fileops vnode_fileops = {
	.fo_read = vn_rdwr,
	.fo_write = vn_rdwr,
	.fo_ioctl = vn_ioctl,
	.fo_poll = vn_poll,
	.fo_stat = vn_fo_stat,
	.fo_seek = vn_seek,
	.fo_advlock = vn_advlock,
	.fo_close = vn_close,
};

/* A FIFO's open files ask its vnode for fstat and let go of it. */
static int
fifo_vn_stat(void *cookie, struct rump_stat *st)
{
	return vn_stat(cookie, st);
}

static void
fifo_vn_release(void *cookie)
{
	vrele(cookie);
}

/* Data read marks the access time, written the modification and
 * change times, unless the mount is read-only (or, for reads, keeps no
 * access times). */
static void
fifo_vn_transferred(void *cookie, bool wrote)
{
	struct vnode *vp = cookie;
	struct vattr va;
	timespec_t now;

	getnanotime(&now);
	vn_lock(vp, RW_WRITER);
	if (vn_isdead(vp) || vn_rdonly(vp)) {
		/* nothing to mark */
	} else if (wrote) {
		va = (struct vattr){ .va_mask = AT_MTIME | AT_CTIME,
		    .va_mtime = now, .va_ctime = now };
		vp->v_op->vop_setattr(vp, &va);
	} else if (!vn_mountflag(vp, RUMP_MNT_NOATIME) &&
	    vp->v_op->vop_getattr(vp, &va) == 0) {
		va.va_mask = AT_ATIME | AT_CTIME;	/* ctime as it was */
		va.va_atime = now;
		vp->v_op->vop_setattr(vp, &va);
	}
	vn_unlock(vp);
}

static const struct fifo_owner_ops fifo_vnode_owner = {
	.fo_stat = fifo_vn_stat,
	.fo_release = fifo_vn_release,
	.fo_transferred = fifo_vn_transferred,
};

int
vn_open(struct vnode *vp, int fflag, kauth_cred_t cred __unused,
    struct file **fpp)
{
	struct file *fp;
	int error;

	switch (vp->v_type) {
	case VDIR:
		if (fflag & FWRITE)
			return EISDIR;
		break;
	case VCHR:
	case VBLK:
		/* A mount without devices refuses them, as Linux does. */
		if (vn_mountflag(vp, RUMP_MNT_NODEV))
			return EACCES;
		return ENXIO;
	case VSOCK:
	case VBAD:
	case VNON:
		return ENXIO;
	default:
		break;
	}
	if ((fp = file_alloc(DTYPE_VNODE, &vnode_fileops, vp, fflag)) == NULL)
		return ENOMEM;
	if (vp->v_type == VFIFO) {
		fp->f_type = DTYPE_PIPE;
		if ((error = fifo_open(&vp->v_fifo, &vp->v_interlock, fp,
		    &fifo_vnode_owner, vp)) != 0) {
			/* Never opened: its close releases a reference
			 * of its own, the caller keeps theirs. */
			fp->f_ops = &vnode_fileops;
			vref(vp);
			file_release(fp);
			return error;
		}
	}
	if ((error = vn_count_writer(fp, 1)) != 0) {
		/* Never counted: close it as a reader; its close drops a
		 * reference of its own, the caller keeps theirs. */
		fp->f_flag &= ~FWRITE;
		vref(vp);
		file_release(fp);
		return error;
	}
	*fpp = fp;
	return 0;
}
