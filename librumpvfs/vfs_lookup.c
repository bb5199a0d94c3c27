/*
 * vfs_lookup.c: namei(), path name resolution (see namei.h).
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/filedesc.h>
#include <kern/kmem.h>
#include <kern/lwp.h>
#include <kern/mount.h>
#include <kern/namei.h>
#include <kern/uio.h>
#include <kern/vnode.h>
#include "vfs_private.h"

void
namei_init(struct nameidata *ndp, int dirfd, const void *path, int flags,
    kauth_cred_t cred)
{
	/* Every field but the path buffer, as stores: on every path
	 * lookup, where a string store would cost more than the rest. */
	ndp->ni_dirfd = dirfd;
	ndp->ni_path = path;
	ndp->ni_flags = flags;
	ndp->ni_cred = cred;
	ndp->ni_va = NULL;
	ndp->ni_fsid = 0;
	ndp->ni_vp = NULL;
	ndp->ni_dvp = NULL;
	ndp->ni_dvplocked = false;
	ndp->ni_trailingslash = false;
	ndp->ni_cn.cn_nameptr = NULL;
	ndp->ni_cn.cn_namelen = 0;
	ndp->ni_cn.cn_cred = NULL;
	ndp->ni_buf = NULL;
	ndp->ni_buflen = 0;
}

/* Copy the path in; ENOENT for an empty one unless allowed. */
static int
namei_copyin(struct nameidata *ndp)
{
	size_t done;
	int error;

	ndp->ni_buf = ndp->ni_pathbuf;
	if (ndp->ni_flags & NAMEI_KERNEL) {
		if ((done = strlcpy(ndp->ni_buf, ndp->ni_path,
		    RUMP_PATH_MAX) + 1) > RUMP_PATH_MAX)
			return ENAMETOOLONG;
	} else if ((error = copyinstr(ndp->ni_path, ndp->ni_buf,
	    RUMP_PATH_MAX, &done)) != 0) {
		return error;
	}
	ndp->ni_buflen = done - 1;	/* done counts the NUL */
	if (ndp->ni_buf[0] == '\0' && !(ndp->ni_flags & NAMEI_EMPTYPATH))
		return ENOENT;
	return 0;
}

/* The directory a relative path starts from: cwd or dirfd's vnode. */
static int
namei_startdir(struct nameidata *ndp, struct vnode *cdir, struct vnode **dvpp)
{
	struct vnode *vp;
	int error;

	if (ndp->ni_dirfd == RUMP_AT_FDCWD) {
		vref(cdir);
		*dvpp = cdir;
		return 0;
	}
	if ((error = fd_getvnode(curlwp, ndp->ni_dirfd, ENOTDIR, &vp)) != 0)
		return error;
	if (vp->v_type != VDIR && ndp->ni_buf[0] != '\0') {
		vrele(vp);
		return ENOTDIR;
	}
	*dvpp = vp;
	return 0;
}

/* Step from a covered directory onto the root of what is mounted on
 * it, as often as there are mounts stacked. */
void
vfs_cross_down(struct vnode **vpp)
{
	struct vnode *vp = *vpp, *root;
	struct mount *mp;

	while (vp->v_type == VDIR &&
	    atomic_load_acquire(&vp->v_mountedhere) != NULL) {
		rw_enter(&mountlist_lock, RW_READER);
		if ((mp = vp->v_mountedhere) == NULL) {
			rw_exit(&mountlist_lock);
			break;
		}
		root = mp->mnt_root;
		vref(root);
		rw_exit(&mountlist_lock);
		vrele(vp);
		vp = root;
	}
	*vpp = vp;
}

/* Look name up in dvp, through the name cache. */
int
vfs_lookup_name(struct vnode *dvp, const char *name, size_t len,
    kauth_cred_t cred, struct vnode **vpp)
{
	struct componentname cn = { name, len, cred };
	int error;

	if ((error = cache_lookup(dvp, name, len, vpp)) != CACHE_MISS)
		return error;
	vn_lock(dvp, RW_READER);
	error = dvp->v_op->vop_lookup(dvp, vpp, &cn);
	if (error == 0)
		cache_enter(dvp, *vpp, name, len);
	else if (error == ENOENT)
		cache_enter(dvp, NULL, name, len);
	vn_unlock(dvp);
	return error;
}

/* The parent of dvp, not above rdir, crossing mounts upwards. */
static int
lookup_dotdot(struct vnode **dvpp, struct vnode *rdir, kauth_cred_t cred,
    struct vnode **vpp)
{
	struct vnode *dvp = *dvpp, *up;
	struct componentname cn = { "..", 2, cred };
	int error;

	for (;;) {
		if (dvp == rdir || dvp == rootvnode) {
			vref(dvp);
			*vpp = dvp;
			return 0;
		}
		if ((up = vfs_covered(dvp)) == NULL)
			break;
		vrele(dvp);
		*dvpp = dvp = up;
	}
	vn_lock(dvp, RW_READER);
	error = dvp->v_op->vop_lookup(dvp, vpp, &cn);
	vn_unlock(dvp);
	return error;
}

/*
 * Splice the target of symbolic link vp in front of the rest of the
 * path (rest points into ndp->ni_buf).
 */
static int
namei_splice_link(struct nameidata *ndp, struct vnode *vp, const char *rest)
{
	char *link;
	struct kiovec iov;
	struct uio uio;
	size_t linklen, restlen = strlen(rest);
	int error;

	if ((link = kmem_alloc(RUMP_PATH_MAX, KM_SLEEP)) == NULL)
		return ENOMEM;
	uio_setup1(&uio, &iov, link, RUMP_PATH_MAX, 0, UIO_READ, UIO_SYSSPACE);
	vn_lock(vp, RW_READER);
	error = vp->v_op->vop_readlink(vp, &uio);
	vn_unlock(vp);
	linklen = RUMP_PATH_MAX - uio.uio_resid;
	if (error == 0 && linklen == 0)
		error = ENOENT;
	/* An empty rest adds no '/': a 1023-byte link fits alone. */
	if (error == 0 && linklen + (restlen > 0 ? 1 + restlen : 0) + 1 >
	    RUMP_PATH_MAX)
		error = ENAMETOOLONG;
	if (error == 0) {
		if (restlen > 0)
			memmove(ndp->ni_buf + linklen + 1, rest, restlen + 1);
		memcpy(ndp->ni_buf, link, linklen);
		/* "link/rest"; an empty rest leaves "link/" only if the
		 * path had a trailing slash, which rest then keeps. */
		if (restlen > 0)
			ndp->ni_buf[linklen] = '/';
		else
			ndp->ni_buf[linklen] = '\0';
	}
	kmem_free(link, RUMP_PATH_MAX);
	return error;
}

static void
namei_done_dvp(struct nameidata *ndp)
{
	if (ndp->ni_dvp == NULL)
		return;
	if (ndp->ni_dvplocked)
		vn_unlock(ndp->ni_dvp);
	vrele(ndp->ni_dvp);
	ndp->ni_dvp = NULL;
	ndp->ni_dvplocked = false;
}

/* A lookup that the name cache answers alone (see cache_walk); for a
 * caller that wants only the attributes, without even a reference
 * (cache_walk_getattr). */
static int
namei_fast(struct nameidata *ndp)
{
	struct cwdinfo *ci = cwdi_get(curlwp);
	struct vnode **startp;
	bool follow = (ndp->ni_flags & NAMEI_FOLLOW) != 0;

	if (ci == NULL || ndp->ni_buf[0] == '\0')
		return CACHE_MISS;
	startp = ndp->ni_buf[0] == '/' ? &ci->cwdi_rdir : &ci->cwdi_cdir;
	if (ndp->ni_va != NULL)
		return cache_walk_getattr(startp, ndp->ni_buf, follow,
		    ndp->ni_cred, ndp->ni_va, &ndp->ni_fsid);
	return cache_walk(startp, ndp->ni_buf, follow, ndp->ni_cred,
	    &ndp->ni_vp);
}

/*
 * The directory that holds the path's last name, found in the name
 * cache without locks (see cache_walk) and referenced; *lastp points
 * at the last name.  Called on the path as copied in (ni_buflen).  CACHE_MISS if the path has no directory part to
 * walk, ends in "." or "..", or the cache cannot answer: the caller
 * then walks from the start.
 */
static int
namei_prefix_fast(struct nameidata *ndp, struct vnode **dvpp, char **lastp)
{
	struct cwdinfo *ci = cwdi_get(curlwp);
	char *buf = ndp->ni_buf, *end = buf + ndp->ni_buflen, *last, *sep;
	size_t len;
	int error;

	if (ci == NULL)
		return CACHE_MISS;
	while (end > buf && end[-1] == '/')
		end--;
	for (last = end; last > buf && last[-1] != '/'; last--)
		continue;
	for (sep = last; sep > buf && sep[-1] == '/'; sep--)
		continue;
	len = (size_t)(end - last);
	if (len == 0 || sep == buf || (last[0] == '.' &&
	    (len == 1 || (len == 2 && last[1] == '.'))))
		return CACHE_MISS;
	*sep = '\0';		/* the directory part alone, for a moment */
	error = cache_walk(buf[0] == '/' ? &ci->cwdi_rdir : &ci->cwdi_cdir,
	    buf, true, ndp->ni_cred, dvpp);
	*sep = '/';
	*lastp = last;
	return error;
}

/* The process's current and root directories, referenced, when the walk
 * first needs them (one that starts from the name cache may not). */
static int
namei_dirs(struct vnode **cdirp, struct vnode **rdirp)
{
	return *rdirp != NULL ? 0 : cwdi_dirs(curlwp, cdirp, rdirp);
}

int
namei(struct nameidata *ndp)
{
	struct vnode *cdir = NULL, *rdir = NULL, *dvp = NULL, *vp = NULL;
	const char *name;
	char *cp = NULL;
	size_t len;
	int error, nlinks = 0;
	bool last, slash;

	if ((error = namei_copyin(ndp)) != 0)
		return error;
	if (ndp->ni_dirfd == RUMP_AT_FDCWD) {
		if (!(ndp->ni_flags & NAMEI_PARENT) && namei_fast(ndp) == 0)
			return 0;
		if (namei_prefix_fast(ndp, &dvp, &cp) != 0)
			dvp = NULL;
	}
	if (dvp == NULL) {
		if ((error = namei_dirs(&cdir, &rdir)) != 0)
			return error;
		if (ndp->ni_buf[0] == '/') {
			vref(rdir);
			dvp = rdir;
		} else if ((error = namei_startdir(ndp, cdir, &dvp)) != 0) {
			goto out;
		}
		cp = ndp->ni_buf;
	}
	for (;;) {
		if (*cp == '/') {
			while (*cp == '/')
				cp++;
		}
		name = cp;
		while (*cp != '\0' && *cp != '/')
			cp++;
		len = (size_t)(cp - name);
		slash = *cp == '/';
		while (*cp == '/')
			cp++;
		last = *cp == '\0';
		if (len == 0) {
			/* "/", "" (EMPTYPATH) or "dir/": the directory. */
			vp = dvp;
			dvp = NULL;
			if (ndp->ni_flags & NAMEI_PARENT) {
				ndp->ni_cn.cn_namelen = 0;
				ndp->ni_trailingslash = slash;
			}
			break;
		}
		if (len > RUMP_MAXNAMLEN) {
			error = ENAMETOOLONG;
			break;
		}
		if (dvp->v_type != VDIR) {
			error = ENOTDIR;
			break;
		}
		if ((error = vn_access(dvp, VEXEC, ndp->ni_cred)) != 0)
			break;
		ndp->ni_trailingslash = slash;
		bool dot = len == 1 && name[0] == '.';
		bool dotdot = len == 2 && name[0] == '.' && name[1] == '.';
		if (last && (ndp->ni_flags & NAMEI_PARENT) && (dot || dotdot)) {
			ndp->ni_cn.cn_nameptr = name;
			ndp->ni_cn.cn_namelen = len;
			if (dot) {
				vp = dvp;
				dvp = NULL;
			} else if ((error = namei_dirs(&cdir, &rdir)) == 0 &&
			    (error = lookup_dotdot(&dvp, rdir,
			    ndp->ni_cred, &vp)) == 0) {
				vrele(dvp);
				dvp = NULL;
			}
			break;
		}
		if (last && (ndp->ni_flags & NAMEI_PARENT)) {
			struct componentname cn = { name, len, ndp->ni_cred };

			vn_lock(dvp, RW_WRITER);
			error = dvp->v_op->vop_lookup(dvp, &vp, &cn);
			if (error == ENOENT) {
				vp = NULL;
				error = 0;
			}
			if (error) {
				vn_unlock(dvp);
				break;
			}
			if (vp != NULL && vp->v_type == VLNK &&
			    (ndp->ni_flags & NAMEI_FOLLOW)) {
				vn_unlock(dvp);
				goto follow;
			}
			ndp->ni_cn = cn;
			ndp->ni_dvp = dvp;
			ndp->ni_dvplocked = !(ndp->ni_flags & NAMEI_NOLOCK);
			if (!ndp->ni_dvplocked)
				vn_unlock(dvp);
			dvp = NULL;
			break;
		}
		if (dot) {
			vref(dvp);
			vp = dvp;
		} else if (dotdot) {
			if ((error = namei_dirs(&cdir, &rdir)) == 0)
				error = lookup_dotdot(&dvp, rdir, ndp->ni_cred,
				    &vp);
		} else {
			error = vfs_lookup_name(dvp, name, len, ndp->ni_cred, &vp);
		}
		if (error)
			break;
		vfs_cross_down(&vp);
		if (vp->v_type == VLNK && (!last || slash ||
		    (ndp->ni_flags & NAMEI_FOLLOW))) {
follow:
			if (++nlinks > NAMEI_MAXSYMLINKS) {
				error = ELOOP;
				break;
			}
			/* rest: what follows the link, keeping a trailing
			 * slash so the target must be a directory. */
			error = namei_splice_link(ndp, vp, slash && last ? "/" :
			    last ? "" : cp);
			vrele(vp);
			vp = NULL;
			if (error)
				break;
			cp = ndp->ni_buf;
			if (*cp == '/') {
				if ((error = namei_dirs(&cdir, &rdir)) != 0)
					break;
				vrele(dvp);
				vref(rdir);
				dvp = rdir;
			}
			continue;
		}
		if (last) {
			if (slash && vp->v_type != VDIR)
				error = ENOTDIR;
			break;
		}
		vrele(dvp);
		dvp = vp;
		vp = NULL;
	}
	if (dvp != NULL)
		vrele(dvp);
	if (error == 0) {
		ndp->ni_vp = vp;
	} else {
		if (vp != NULL)
			vrele(vp);
		namei_done_dvp(ndp);
	}
out:
	if (rdir != NULL) {
		vrele(cdir);
		vrele(rdir);
	}
	return error;
}

void
namei_done(struct nameidata *ndp)
{
	namei_done_dvp(ndp);
	if (ndp->ni_vp != NULL) {
		vrele(ndp->ni_vp);
		ndp->ni_vp = NULL;
	}
}
