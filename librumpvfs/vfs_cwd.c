/*
 * vfs_cwd.c: each process's current and root directories and its
 * file-creation mask: inheritance at fork, and the calls chdir,
 * fchdir, chroot, __getcwd and umask.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/kmem.h>
#include <kern/lwp.h>
#include <kern/mount.h>
#include <kern/namei.h>
#include <kern/syscall.h>
#include <kern/uio.h>
#include <kern/vnode.h>
#include "vfs_private.h"

static struct cwdinfo *
cwdi_alloc(struct vnode *cdir, struct vnode *rdir, uint32_t cmask)
{
	struct cwdinfo *ci = kmem_alloc(sizeof(*ci), KM_SLEEP);

	if (ci == NULL)
		return NULL;
	rw_init(&ci->cwdi_lock);
	vref(cdir);
	ci->cwdi_cdir = cdir;
	if (rdir != NULL)
		vref(rdir);
	ci->cwdi_rdir = rdir;
	ci->cwdi_cmask = cmask;
	return ci;
}

struct cwdinfo *
cwdi_get(struct lwp *l)
{
	struct proc *p = l->l_proc;
	struct cwdinfo *ci = atomic_load_acquire(&p->p_cwdi), *expect = NULL;

	if (ci != NULL)
		return ci;
	if (rootvnode == NULL || (ci = cwdi_alloc(rootvnode, NULL, 022)) == NULL)
		return NULL;
	if (!__atomic_compare_exchange_n(&p->p_cwdi, &expect, ci, false,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		vrele(ci->cwdi_cdir);
		rw_destroy(&ci->cwdi_lock);
		kmem_free(ci, sizeof(*ci));
		ci = expect;
	}
	return ci;
}

int
cwdi_dirs(struct lwp *l, struct vnode **cdirp, struct vnode **rdirp)
{
	struct cwdinfo *ci = cwdi_get(l);

	if (ci == NULL)
		return rootvnode == NULL ? ENOENT : ENOMEM;
	rw_enter(&ci->cwdi_lock, RW_READER);
	*cdirp = ci->cwdi_cdir;
	*rdirp = ci->cwdi_rdir != NULL ? ci->cwdi_rdir : rootvnode;
	vref(*cdirp);
	vref(*rdirp);
	rw_exit(&ci->cwdi_lock);
	return 0;
}

static int
cwdi_fork(struct proc *parent, struct proc *child)
{
	struct cwdinfo *pci = atomic_load_acquire(&parent->p_cwdi);

	if (pci == NULL)
		return 0;	/* both start at the root when first used */
	rw_enter(&pci->cwdi_lock, RW_READER);
	child->p_cwdi = cwdi_alloc(pci->cwdi_cdir, pci->cwdi_rdir,
	    pci->cwdi_cmask);
	rw_exit(&pci->cwdi_lock);
	return child->p_cwdi != NULL ? 0 : ENOMEM;
}

static void
cwdi_exit(struct proc *p)
{
	struct cwdinfo *ci = p->p_cwdi;

	if (ci == NULL)
		return;
	p->p_cwdi = NULL;
	vrele(ci->cwdi_cdir);
	if (ci->cwdi_rdir != NULL)
		vrele(ci->cwdi_rdir);
	rw_destroy(&ci->cwdi_lock);
	kmem_free(ci, sizeof(*ci));
}

static struct proc_hook cwdi_hook = {
	.ph_fork = cwdi_fork, .ph_exit = cwdi_exit,
};

/* Make vp (referenced; the reference passes) the current or root
 * directory, after checking it is a searchable directory and, for the
 * root, the privilege (last, as on Linux). */
static int
cwdi_set(struct lwp *l, struct vnode *vp, bool root)
{
	struct cwdinfo *ci = cwdi_get(l);
	struct vnode *old;
	int error;

	if (ci == NULL)
		error = ENOMEM;
	else if (vp->v_type != VDIR)
		error = ENOTDIR;
	else if ((error = vn_access(vp, VEXEC, l->l_cred)) == 0 && root)
		error = kauth_authorize(l->l_cred, KAUTH_SYSTEM_CHROOT);
	if (error) {
		vrele(vp);
		return error;
	}
	rw_enter(&ci->cwdi_lock, RW_WRITER);
	/* Stored with release: the cached walk reads them unlocked. */
	if (root) {
		old = ci->cwdi_rdir;
		atomic_store_release(&ci->cwdi_rdir, vp);
	} else {
		old = ci->cwdi_cdir;
		atomic_store_release(&ci->cwdi_cdir, vp);
	}
	rw_exit(&ci->cwdi_lock);
	if (old != NULL)
		vrele(old);
	return 0;
}

static int
sys_chdir(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct nameidata nd;
	int error;

	namei_init(&nd, RUMP_AT_FDCWD, SCARG_PTR(args, 0), NAMEI_FOLLOW,
	    l->l_cred);
	if ((error = namei(&nd)) != 0)
		return error;
	error = cwdi_set(l, nd.ni_vp, false);
	nd.ni_vp = NULL;
	namei_done(&nd);
	return error;
}

static int
sys_fchdir(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct vnode *vp;
	int error;

	if ((error = fd_getvnode(l, SCARG_INT(args, 0), ENOTDIR, &vp)) != 0)
		return error;
	return cwdi_set(l, vp, false);
}

static int
sys_chroot(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct nameidata nd;
	int error;

	namei_init(&nd, RUMP_AT_FDCWD, SCARG_PTR(args, 0), NAMEI_FOLLOW,
	    l->l_cred);
	if ((error = namei(&nd)) != 0)
		return error;
	error = cwdi_set(l, nd.ni_vp, true);
	nd.ni_vp = NULL;
	namei_done(&nd);
	return error;
}

static int
sys_umask(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	struct cwdinfo *ci = cwdi_get(l);

	if (ci == NULL)
		return ENOMEM;
	rw_enter(&ci->cwdi_lock, RW_WRITER);
	rv[0] = ci->cwdi_cmask;
	atomic_store_relaxed(&ci->cwdi_cmask, (uint32_t)args[0] & 0777);
	rw_exit(&ci->cwdi_lock);
	return 0;
}

/* The name of the entry for file fileid in directory dvp. */
static int
getcwd_name(struct vnode *dvp, uint64_t fileid, char *name, size_t *lenp)
{
	char *buf = kmem_alloc(4096, KM_SLEEP);
	struct kiovec iov;
	struct uio uio;
	off_t cookie = 0;
	bool eof = false;
	int error = 0;

	if (buf == NULL)
		return ENOMEM;
	while (!eof && error == 0) {
		uio_setup1(&uio, &iov, buf, 4096, cookie, UIO_READ, UIO_SYSSPACE);
		vn_lock(dvp, RW_READER);
		error = dvp->v_op->vop_readdir(dvp, &uio, &eof);
		vn_unlock(dvp);
		if (error || uio.uio_resid == 4096)
			break;
		cookie = uio.uio_offset;
		for (size_t off = 0; off < 4096 - uio.uio_resid;) {
			struct rump_dirent *d = (void *)(buf + off);
			size_t len = strlen(d->d_name);

			off += d->d_reclen;
			if (d->d_fileno != fileid || (len <= 2 &&
			    d->d_name[0] == '.' && (len == 1 ||
			    d->d_name[1] == '.')))
				continue;
			memcpy(name, d->d_name, len);
			*lenp = len;
			kmem_free(buf, 4096);
			return 0;
		}
	}
	kmem_free(buf, 4096);
	return error ? error : ENOENT;
}

/* __getcwd(buf, len): the path of the current directory, as seen from
 * the root directory; the length with its NUL goes to rv[0]. */
static int
sys___getcwd(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	size_t len = (size_t)args[1], namelen, used = 1;
	struct vnode *vp, *rdir, *up;
	char *path, *name;
	struct vattr va;
	int error = 0;

	if (len == 0)
		return EINVAL;
	if ((path = kmem_alloc(RUMP_PATH_MAX + RUMP_MAXNAMLEN + 1,
	    KM_SLEEP)) == NULL)
		return ENOMEM;
	if ((error = cwdi_dirs(l, &vp, &rdir)) != 0) {
		kmem_free(path, RUMP_PATH_MAX + RUMP_MAXNAMLEN + 1);
		return error;
	}
	name = path + RUMP_PATH_MAX;
	char *cp = path + RUMP_PATH_MAX - 1;
	*cp = '\0';
	while (error == 0 && vp != rdir && vp != rootvnode) {
		if ((up = vfs_covered(vp)) != NULL) {
			vrele(vp);
			vp = up;
			continue;
		}
		struct componentname cn = { "..", 2, l->l_cred };
		vn_lock(vp, RW_READER);
		if ((error = vp->v_op->vop_getattr(vp, &va)) == 0)
			error = vp->v_op->vop_lookup(vp, &up, &cn);
		vn_unlock(vp);
		if (error == 0 && (error = getcwd_name(up, va.va_fileid, name,
		    &namelen)) != 0)
			vrele(up);
		if (error)
			break;
		if (used + namelen + 1 > RUMP_PATH_MAX) {
			vrele(up);
			error = ENAMETOOLONG;
			break;
		}
		cp -= namelen;
		memcpy(cp, name, namelen);
		*--cp = '/';
		used += namelen + 1;
		vrele(vp);
		vp = up;
	}
	if (error == 0 && vp != rdir)
		error = ENOENT;		/* outside the root directory */
	if (error == 0 && used == 1) {
		*--cp = '/';
		used++;
	}
	if (error == 0 && used > len)
		error = ERANGE;
	if (error == 0)
		error = copyout(cp, SCARG_PTR(args, 0), used);
	if (error == 0)
		rv[0] = used;
	vrele(vp);
	vrele(rdir);
	kmem_free(path, RUMP_PATH_MAX + RUMP_MAXNAMLEN + 1);
	return error;
}

static const struct sysent cwd_syscalls[] = {
	{ RUMP_SYS_chdir, sys_chdir, "chdir", "s" },
	{ RUMP_SYS_fchdir, sys_fchdir, "fchdir", "d" },
	{ RUMP_SYS_chroot, sys_chroot, "chroot", "s" },
	{ RUMP_SYS_umask, sys_umask, "umask", "x" },
	{ RUMP_SYS___getcwd, sys___getcwd, "__getcwd", "pu" },
	{ 0, NULL, NULL, NULL },
};

int
cwdi_init(void)
{
	proc_hook_register(&cwdi_hook);
	return syscall_establish(cwd_syscalls);
}
