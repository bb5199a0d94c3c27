/*
 * tmpfs_vnops.c: tmpfs's vnode operations.  Locking is done by the
 * VFS as vnode.h documents; nothing here takes a vnode lock.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/mount.h>
#include <kern/uio.h>
#include <rump/rumpdefs.h>
#include "tmpfs.h"

#define TMPFS_LINK_MAX	32767

static struct tmpfs_mount *
vp_tm(struct vnode *vp)
{
	return VFS_TO_TMPFS(vp->v_mount);
}

/* vp's data was read: its access time, unless the mount keeps none
 * or is read-only. */
static void
tmpfs_accessed(struct vnode *vp)
{
	if (!(atomic_load_relaxed(&vp->v_mount->mnt_flag) &
	    (RUMP_MNT_NOATIME | RUMP_MNT_RDONLY)))
		tmpfs_update(VP_TO_TMPFS_NODE(vp), TMPFS_ATIME);
}

static int
tmpfs_lookup(struct vnode *dvp, struct vnode **vpp,
    const struct componentname *cnp)
{
	struct tmpfs_node *dir = VP_TO_TMPFS_NODE(dvp);
	struct tmpfs_dirent *de;

	if (dir->tn_dir.td_parent == NULL)
		return ENOENT;		/* removed */
	if (cnp->cn_namelen == 2 && cnp->cn_nameptr[0] == '.' &&
	    cnp->cn_nameptr[1] == '.')
		return vcache_get(dvp->v_mount,
		    TMPFS_NODE_KEY(dir->tn_dir.td_parent), vpp);
	if ((de = tmpfs_dir_lookup(dir, cnp->cn_nameptr, cnp->cn_namelen)) == NULL)
		return ENOENT;
	/* The node's misses (in a big directory) overlap with the vnode
	 * cache's, instead of following them when the caller uses it. */
	PREFETCH_RANGE(de->td_node, sizeof(struct tmpfs_node), 0);
	return vcache_get(dvp->v_mount, TMPFS_NODE_KEY(de->td_node), vpp);
}

/* Make a node of va's type named cnp in dvp. */
static int
tmpfs_alloc_file(struct vnode *dvp, struct vnode **vpp,
    const struct componentname *cnp, const struct vattr *va,
    const char *link, size_t linklen)
{
	struct tmpfs_node *dir = VP_TO_TMPFS_NODE(dvp), *node;
	struct tmpfs_mount *tm = vp_tm(dvp);
	struct tmpfs_dirent *de;
	int error;
	timespec_t now;

	if (dir->tn_dir.td_parent == NULL)
		return ENOENT;
	if (va->va_type == VDIR && dir->tn_links >= TMPFS_LINK_MAX)
		return EMLINK;
	tmpfs_dir_prefetch_attach(dir, cnp->cn_nameptr, cnp->cn_namelen);
	if ((error = tmpfs_node_alloc(tm, va, dir, link, linklen, &node)) != 0)
		return error;
	if ((de = tmpfs_dir_attach(dir, node, cnp->cn_nameptr,
	    cnp->cn_namelen)) == NULL) {
		tmpfs_node_free(tm, node);
		return ENOSPC;
	}
	if ((error = vcache_new(dvp->v_mount, TMPFS_NODE_KEY(node), vpp)) != 0) {
		/* This entry, not one found by its name: while a forced
		 * unmount is under way a name's lookup fails (ENOENT) even
		 * when it exists, so the directory may hold it twice. */
		tmpfs_dir_detach(dir, de);
		tmpfs_node_free(tm, node);
		return error;
	}
	if (va->va_type == VDIR)
		atomic_store_relaxed(&dir->tn_links, dir->tn_links + 1);
	tmpfs_gettime(node->tn_btime, &now);	/* born as the entry */
	tmpfs_update_at(dir, TMPFS_MTIME | TMPFS_CTIME, &now);
	return 0;
}

static int
tmpfs_create(struct vnode *dvp, struct vnode **vpp,
    const struct componentname *cnp, const struct vattr *va)
{
	return tmpfs_alloc_file(dvp, vpp, cnp, va, NULL, 0);
}

static int
tmpfs_symlink(struct vnode *dvp, struct vnode **vpp,
    const struct componentname *cnp, const struct vattr *va,
    const char *target, size_t len)
{
	return tmpfs_alloc_file(dvp, vpp, cnp, va, target, len);
}

static int
tmpfs_link(struct vnode *dvp, struct vnode *vp, const struct componentname *cnp)
{
	struct tmpfs_node *dir = VP_TO_TMPFS_NODE(dvp);
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	timespec_t now;

	if (dir->tn_dir.td_parent == NULL || node->tn_links == 0)
		return ENOENT;
	if (node->tn_links >= TMPFS_LINK_MAX)
		return EMLINK;
	if (tmpfs_dir_attach(dir, node, cnp->cn_nameptr, cnp->cn_namelen) == NULL)
		return ENOSPC;
	atomic_store_relaxed(&node->tn_links, node->tn_links + 1);
	tmpfs_now(&now);
	tmpfs_update_at(node, TMPFS_CTIME, &now);
	tmpfs_update_at(dir, TMPFS_MTIME | TMPFS_CTIME, &now);
	return 0;
}

/* The entry cnp of dir, which the VFS found to be node. */
static struct tmpfs_dirent *
tmpfs_entry(struct tmpfs_node *dir, struct tmpfs_node *node,
    const struct componentname *cnp)
{
	struct tmpfs_dirent *de;

	de = tmpfs_dir_lookup(dir, cnp->cn_nameptr, cnp->cn_namelen);
	KASSERT(de != NULL && de->td_node == node);
	return de;
}

/* Take entry de out of dir: one link less for its node. */
static void
tmpfs_unlink_entry(struct tmpfs_node *dir, struct tmpfs_dirent *de)
{
	struct tmpfs_node *node = de->td_node;
	timespec_t now;

	tmpfs_dir_detach(dir, de);
	if (node->tn_type == VDIR) {
		atomic_store_relaxed(&node->tn_links, 0);
		node->tn_dir.td_parent = NULL;
		atomic_store_relaxed(&dir->tn_links, dir->tn_links - 1);
	} else {
		atomic_store_relaxed(&node->tn_links, node->tn_links - 1);
	}
	tmpfs_now(&now);
	tmpfs_update_at(node, TMPFS_CTIME, &now);
	tmpfs_update_at(dir, TMPFS_MTIME | TMPFS_CTIME, &now);
}

static int
tmpfs_remove(struct vnode *dvp, struct vnode *vp,
    const struct componentname *cnp)
{
	struct tmpfs_node *dir = VP_TO_TMPFS_NODE(dvp);

	tmpfs_unlink_entry(dir, tmpfs_entry(dir, VP_TO_TMPFS_NODE(vp), cnp));
	return 0;
}

static int
tmpfs_rmdir(struct vnode *dvp, struct vnode *vp,
    const struct componentname *cnp)
{
	struct tmpfs_node *dir = VP_TO_TMPFS_NODE(dvp);
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);

	if (node->tn_dir.td_count > 0)
		return ENOTEMPTY;
	tmpfs_unlink_entry(dir, tmpfs_entry(dir, node, cnp));
	return 0;
}

static int
tmpfs_rename(struct vnode *fdvp, struct vnode *fvp,
    const struct componentname *fcnp, struct vnode *tdvp, struct vnode *tvp,
    const struct componentname *tcnp)
{
	struct tmpfs_node *fdir = VP_TO_TMPFS_NODE(fdvp);
	struct tmpfs_node *tdir = VP_TO_TMPFS_NODE(tdvp);
	struct tmpfs_node *fnode = VP_TO_TMPFS_NODE(fvp);
	struct tmpfs_dirent *fde, *tde = NULL;
	timespec_t now;

	if (tdir->tn_dir.td_parent == NULL)
		return ENOENT;
	if (tvp != NULL) {
		struct tmpfs_node *tnode = VP_TO_TMPFS_NODE(tvp);

		if (tnode->tn_type == VDIR && tnode->tn_dir.td_count > 0)
			return ENOTEMPTY;
		tde = tmpfs_entry(tdir, tnode, tcnp);
	}
	if (fnode->tn_type == VDIR && fdir != tdir && tvp == NULL &&
	    tdir->tn_links >= TMPFS_LINK_MAX)
		return EMLINK;
	fde = tmpfs_entry(fdir, fnode, fcnp);
	/* The new entry first: failing there changes nothing. */
	if (tmpfs_dir_attach(tdir, fnode, tcnp->cn_nameptr,
	    tcnp->cn_namelen) == NULL)
		return ENOSPC;
	if (tde != NULL)
		tmpfs_unlink_entry(tdir, tde);
	tmpfs_dir_detach(fdir, fde);
	if (fnode->tn_type == VDIR && fdir != tdir) {
		fnode->tn_dir.td_parent = tdir;
		atomic_store_relaxed(&fdir->tn_links, fdir->tn_links - 1);
		atomic_store_relaxed(&tdir->tn_links, tdir->tn_links + 1);
	}
	tmpfs_now(&now);
	tmpfs_update_at(fnode, TMPFS_CTIME, &now);
	tmpfs_update_at(fdir, TMPFS_MTIME | TMPFS_CTIME, &now);
	tmpfs_update_at(tdir, TMPFS_MTIME | TMPFS_CTIME, &now);
	return 0;
}

static int
tmpfs_getattr(struct vnode *vp, struct vattr *va)
{
	/* Also unlocked (vop_getattr_unlocked): fields that change are
	 * read atomically, and nodes are freed after a grace period. */
	struct tmpfs_node *node = atomic_load_relaxed(&vp->v_data);

	if (node == NULL)
		return EBADF;
	va->va_type = node->tn_type;
	va->va_mode = atomic_load_relaxed(&node->tn_mode);
	va->va_nlink = atomic_load_relaxed(&node->tn_links);
	va->va_uid = atomic_load_relaxed(&node->tn_uid);
	va->va_gid = atomic_load_relaxed(&node->tn_gid);
	va->va_fileid = node->tn_id;
	va->va_size = atomic_load_relaxed(&node->tn_size);
	va->va_blocksize = PAGE_SIZE;
	va->va_gen = node->tn_gen;
	va->va_rdev = (node->tn_type == VCHR || node->tn_type == VBLK) ?
	    node->tn_rdev : 0;
	va->va_bytes = node->tn_type == VREG ?
	    (int64_t)(atomic_load_relaxed(&node->tn_reg.tr_npages) * PAGE_SIZE) :
	    (int64_t)roundup2((uint64_t)va->va_size, 512);
	tmpfs_gettime(node->tn_atime, &va->va_atime);
	tmpfs_gettime(node->tn_mtime, &va->va_mtime);
	tmpfs_gettime(node->tn_ctime, &va->va_ctime);
	tmpfs_gettime(node->tn_btime, &va->va_birthtime);
	return 0;
}

static int
tmpfs_access(struct vnode *vp, int acc, kauth_cred_t cred)
{
	/* Maybe unlocked and reclaimed (see vop_access): nodes are freed
	 * after a grace period. */
	struct tmpfs_node *node = atomic_load_relaxed(&vp->v_data);

	if (node == NULL)
		return EBADF;
	return vaccess(vp->v_type, atomic_load_relaxed(&node->tn_mode),
	    atomic_load_relaxed(&node->tn_uid),
	    atomic_load_relaxed(&node->tn_gid), acc, cred);
}

/* Change a regular file's size; zero what lies past the new end in
 * its last page so a later extension reads zeroes.  Any size up to
 * TMPFS_MAXFILESIZE (the type's largest) will do. */
static int
tmpfs_resize(struct tmpfs_mount *tm, struct tmpfs_node *node, int64_t size)
{
	uint64_t keep = ((uint64_t)size + PAGE_SIZE - 1) / PAGE_SIZE;
	char *page;

	if (size < 0)
		return EINVAL;
	if (size < node->tn_size) {
		tmpfs_reg_truncate(tm, &node->tn_reg, keep);
		if ((size & (PAGE_SIZE - 1)) != 0 && (page =
		    tmpfs_reg_page(&node->tn_reg, keep - 1)) != NULL)
			memset(page + (size & (PAGE_SIZE - 1)), 0,
			    PAGE_SIZE - (size & (PAGE_SIZE - 1)));
	}
	atomic_store_relaxed(&node->tn_size, size);
	return 0;
}

static int
tmpfs_setattr(struct vnode *vp, const struct vattr *va)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	int error;

	if (va->va_mask & AT_SIZE) {
		if (node->tn_type == VDIR)
			return EISDIR;
		if (node->tn_type != VREG)
			return EINVAL;
		if ((error = tmpfs_resize(vp_tm(vp), node, va->va_size)) != 0)
			return error;
		tmpfs_update(node, TMPFS_MTIME);
	}
	if (va->va_mask & AT_MODE) {
		atomic_store_relaxed(&node->tn_mode, va->va_mode & RUMP_ALLPERMS);
		vn_set_mode(vp, va->va_mode);
	}
	if (va->va_mask & AT_UID)
		atomic_store_relaxed(&node->tn_uid, va->va_uid);
	if (va->va_mask & AT_GID)
		atomic_store_relaxed(&node->tn_gid, va->va_gid);
	if (va->va_mask & AT_ATIME)
		tmpfs_settime(node->tn_atime, &va->va_atime);
	if (va->va_mask & AT_MTIME)
		tmpfs_settime(node->tn_mtime, &va->va_mtime);
	if (va->va_mask & AT_CTIME)
		tmpfs_settime(node->tn_ctime, &va->va_ctime);
	else
		tmpfs_update(node, TMPFS_CTIME);
	return 0;
}

static int
tmpfs_read(struct vnode *vp, struct uio *uio, int ioflag __unused)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	int error = 0;

	if (vp->v_type == VDIR)
		return EISDIR;
	if (vp->v_type != VREG)
		return EINVAL;
	while (error == 0 && uio->uio_resid > 0 && uio->uio_offset < node->tn_size) {
		char *start;
		size_t n = tmpfs_reg_run(NULL, &node->tn_reg,
		    (uint64_t)uio->uio_offset, MIN(uio->uio_resid,
		    (uint64_t)(node->tn_size - uio->uio_offset)), &start, &error);

		error = start != NULL ? uiomove(start, n, uio) :
		    uiomove_zero(n, uio);
	}
	tmpfs_accessed(vp);
	return error;
}

static int
tmpfs_write(struct vnode *vp, struct uio *uio, int ioflag)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	struct tmpfs_mount *tm = vp_tm(vp);
	size_t resid = uio->uio_resid;
	int error = 0;

	if (vp->v_type != VREG)
		return EINVAL;
	if (ioflag & IO_APPEND)
		uio->uio_offset = node->tn_size;
	if (uio->uio_offset >= TMPFS_MAXFILESIZE)
		return EFBIG;
	/* What would pass the largest size is left unwritten (a short
	 * write, as the host does). */
	size_t over = uio->uio_resid > (uint64_t)(TMPFS_MAXFILESIZE -
	    uio->uio_offset) ? uio->uio_resid - (size_t)(TMPFS_MAXFILESIZE -
	    uio->uio_offset) : 0;
	while (error == 0 && uio->uio_resid > over) {
		char *start;
		size_t n = tmpfs_reg_run(tm, &node->tn_reg,
		    (uint64_t)uio->uio_offset, uio->uio_resid - over, &start,
		    &error);

		if (error != 0)
			break;
		error = uiomove(start, n, uio);
		if (uio->uio_offset > node->tn_size)
			atomic_store_relaxed(&node->tn_size, uio->uio_offset);
	}
	if (uio->uio_resid != resid) {
		tmpfs_update(node, TMPFS_MTIME | TMPFS_CTIME);
		if (error == ENOSPC)
			error = 0;	/* a short write */
	}
	return error;
}

static int
tmpfs_fsync(struct vnode *vp __unused, bool dataonly __unused)
{
	return 0;
}

/* Emit one record; false (nothing moved) if it does not fit. */
static bool
dirent_out(struct uio *uio, uint64_t ino, int64_t next, uint8_t type,
    const char *name, size_t len, int *errorp)
{
	char buf[RUMP_DIRENT_RECLEN(RUMP_MAXNAMLEN)];
	struct rump_dirent *d = (struct rump_dirent *)(void *)buf;
	size_t reclen = RUMP_DIRENT_RECLEN(len);

	if (reclen > uio->uio_resid)
		return false;
	memset(buf, 0, reclen);
	d->d_fileno = ino;
	d->d_off = next;
	d->d_reclen = (uint16_t)reclen;
	d->d_type = type;
	memcpy(d->d_name, name, len);
	*errorp = uiomove(buf, reclen, uio);
	return *errorp == 0;
}

static int
tmpfs_readdir(struct vnode *vp, struct uio *uio, bool *eofp)
{
	struct tmpfs_node *dir = VP_TO_TMPFS_NODE(vp);
	struct tmpfs_dir *d = &dir->tn_dir;
	struct tmpfs_dirent *de;
	uint64_t cookie = (uint64_t)uio->uio_offset;
	int error = 0;

	*eofp = false;
	if (vp->v_type != VDIR)
		return ENOTDIR;
	if (d->td_parent == NULL)
		return ENOENT;		/* removed, as Linux says */
	if (cookie == TMPFS_COOKIE_DOT) {
		if (!dirent_out(uio, dir->tn_id, TMPFS_COOKIE_DOTDOT, RUMP_DT_DIR,
		    ".", 1, &error))
			return error;
		cookie = TMPFS_COOKIE_DOTDOT;
	}
	if (cookie == TMPFS_COOKIE_DOTDOT) {
		if (!dirent_out(uio, d->td_parent->tn_id, TMPFS_COOKIE_FIRST,
		    RUMP_DT_DIR, "..", 2, &error))
			goto out;
		cookie = TMPFS_COOKIE_FIRST;
	}
	/* Resume where the last call stopped, or find the spot.  Readers
	 * share the vnode lock, so the hint is one atomic pointer, checked
	 * against the cookie; entries only go under the exclusive lock,
	 * which clears the hint first. */
	de = atomic_load_relaxed(&d->td_hint);
	if (de == NULL || de->td_cookie != cookie) {
		list_foreach(de, &d->td_list, struct tmpfs_dirent, td_entries)
			if (de->td_cookie >= cookie)
				break;
	}
	for (; &de->td_entries != &d->td_list;
	    de = container_of(de->td_entries.next, struct tmpfs_dirent,
	    td_entries)) {
		struct tmpfs_dirent *next = container_of(de->td_entries.next,
		    struct tmpfs_dirent, td_entries);
		int64_t nextcookie = &next->td_entries != &d->td_list ?
		    (int64_t)next->td_cookie : (int64_t)d->td_nextcookie;

		if (!dirent_out(uio, de->td_node->tn_id, nextcookie,
		    vtype_to_dt(de->td_node->tn_type), de->td_name,
		    de->td_namelen, &error)) {
			atomic_store_relaxed(&d->td_hint, de);
			cookie = de->td_cookie;
			goto out;
		}
	}
	cookie = d->td_nextcookie;
	*eofp = true;
out:
	uio->uio_offset = (off_t)cookie;
	tmpfs_accessed(vp);
	return error;
}

/* Reading a link (readlink, or a lookup following it) is an access,
 * as a read is. */
static int
tmpfs_readlink(struct vnode *vp, struct uio *uio)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);

	if (vp->v_type != VLNK)
		return EINVAL;
	tmpfs_accessed(vp);
	return uiomove(node->tn_link, MIN((size_t)node->tn_size, uio->uio_resid),
	    uio);
}

static int
tmpfs_seekdata(struct vnode *vp, off_t off, bool hole, off_t *res)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	uint64_t pages = ((uint64_t)node->tn_size + PAGE_SIZE - 1) / PAGE_SIZE;
	uint64_t i;

	if (off < 0 || off >= node->tn_size)
		return ENXIO;
	i = tmpfs_reg_next(&node->tn_reg, (uint64_t)off / PAGE_SIZE, !hole, pages);
	if (i == UINT64_MAX) {
		if (!hole)
			return ENXIO;
		*res = node->tn_size;		/* the implicit hole at the end */
		return 0;
	}
	*res = MAX(off, (off_t)(i * PAGE_SIZE));
	if (*res > node->tn_size)
		*res = node->tn_size;
	return 0;
}

static bool
tmpfs_inactive(struct vnode *vp)
{
	return atomic_load_relaxed(&VP_TO_TMPFS_NODE(vp)->tn_links) == 0;
}

static void
tmpfs_reclaim(struct vnode *vp)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);

	if (node->tn_links == 0) {
		vcache_slot_freed(vp);		/* tn_vnode goes with it */
		tmpfs_node_free(vp_tm(vp), node);
	}
	atomic_store_relaxed(&vp->v_data, NULL);
}

const struct vnodeops tmpfs_vnodeops = {
	.vop_lookup = tmpfs_lookup,
	.vop_create = tmpfs_create,
	.vop_mkdir = tmpfs_create,
	.vop_symlink = tmpfs_symlink,
	.vop_link = tmpfs_link,
	.vop_remove = tmpfs_remove,
	.vop_rmdir = tmpfs_rmdir,
	.vop_rename = tmpfs_rename,
	.vop_getattr = tmpfs_getattr,
	.vop_getattr_unlocked = tmpfs_getattr,
	.vop_access = tmpfs_access,
	.vop_setattr = tmpfs_setattr,
	.vop_read = tmpfs_read,
	.vop_write = tmpfs_write,
	.vop_fsync = tmpfs_fsync,
	.vop_readdir = tmpfs_readdir,
	.vop_readlink = tmpfs_readlink,
	.vop_seekdata = tmpfs_seekdata,
	.vop_inactive = tmpfs_inactive,
	.vop_reclaim = tmpfs_reclaim,
};
