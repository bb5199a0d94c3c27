/*
 * vnode.h: vnodes, the VFS's handle on a file of any file system, and
 * the operations every file system implements.
 *
 * References: v_usecount counts holders (open files, name-cache
 * entries, current directories, calls in progress).  vref() takes one
 * more; vrele() drops one, and the last one hands the vnode to the
 * vnode cache, which keeps it for reuse or reclaims it (VOP_RECLAIM)
 * when the file system says it is gone or memory is short.
 *
 * Locking: v_lock is the vnode lock.  The VFS takes it around each
 * operation, as documented per operation below; file systems do not
 * take vnode locks themselves.  A thread may hold several: directories
 * first (ancestor before descendant; unrelated ones only under the
 * mount's rename lock, by address), then the entries in them.
 */
#ifndef KERN_VNODE_H
#define KERN_VNODE_H

#include <kern/types.h>
#include <kern/atomic.h>
#include <kern/queue.h>
#include <kern/mutex.h>
#include <kern/rwlock.h>
#include <kern/kauth.h>
#include <kern/time.h>
#include <kern/poll.h>
#include <kern/pserialize.h>

struct mount;
struct uio;
struct vnode;
struct fifo;
struct lockf;

enum vtype { VNON, VREG, VDIR, VBLK, VCHR, VLNK, VSOCK, VFIFO, VBAD };

/* Attributes.  In setattr, va_mask says which fields to change. */
struct vattr {
	enum vtype va_type;
	uint32_t va_mode;		/* permission bits, suid, sgid, sticky */
	uint32_t va_nlink;
	uid_t va_uid;
	gid_t va_gid;
	uint64_t va_fileid;
	int64_t va_size;
	int64_t va_bytes;		/* storage used */
	uint32_t va_blocksize;
	uint32_t va_gen;
	uint64_t va_rdev;
	timespec_t va_atime;
	timespec_t va_mtime;
	timespec_t va_ctime;
	timespec_t va_birthtime;
	unsigned va_mask;		/* setattr: AT_* */
};

#define AT_MODE		0x01
#define AT_UID		0x02
#define AT_GID		0x04
#define AT_SIZE		0x08
#define AT_ATIME	0x10
#define AT_MTIME	0x20
#define AT_CTIME	0x40

/* A name within a directory, with the credentials of the caller. */
struct componentname {
	const char *cn_nameptr;		/* not NUL-terminated */
	size_t cn_namelen;
	kauth_cred_t cn_cred;
};

/* Access modes for VOP_ACCESS and vaccess. */
#define VREAD	0x04
#define VWRITE	0x02
#define VEXEC	0x01

/* ioflag for VOP_READ and VOP_WRITE. */
#define IO_APPEND	0x01
#define IO_SYNC		0x02

/*
 * The operations.  Returned vnodes (*vpp) are referenced and unlocked.
 * "dvp X" means the directory is locked exclusively, "S" shared, "-"
 * not locked.  Optional operations may be NULL.
 */
struct vnodeops {
	/* dvp S.  The entry cnp in dvp ("..": the parent; never "."). */
	int (*vop_lookup)(struct vnode *dvp, struct vnode **vpp,
	    const struct componentname *cnp);
	/* dvp X.  A new file of va->va_type (VREG, VFIFO, VCHR, VBLK,
	 * VSOCK) with va_mode, va_uid, va_gid, va_rdev. */
	int (*vop_create)(struct vnode *dvp, struct vnode **vpp,
	    const struct componentname *cnp, const struct vattr *va);
	int (*vop_mkdir)(struct vnode *dvp, struct vnode **vpp,
	    const struct componentname *cnp, const struct vattr *va);
	int (*vop_symlink)(struct vnode *dvp, struct vnode **vpp,
	    const struct componentname *cnp, const struct vattr *va,
	    const char *target, size_t targetlen);
	/* dvp X, vp X.  A new name for vp (not a directory). */
	int (*vop_link)(struct vnode *dvp, struct vnode *vp,
	    const struct componentname *cnp);
	/* dvp X, vp X.  vp is not a directory. */
	int (*vop_remove)(struct vnode *dvp, struct vnode *vp,
	    const struct componentname *cnp);
	/* dvp X, vp X.  vp is a directory other than dvp; ENOTEMPTY. */
	int (*vop_rmdir)(struct vnode *dvp, struct vnode *vp,
	    const struct componentname *cnp);
	/* All four X (tvp may be NULL).  The VFS has checked types,
	 * loops and permissions; fvp != tvp; the file system replaces
	 * tvp (ENOTEMPTY for a full directory) and moves the entry. */
	int (*vop_rename)(struct vnode *fdvp, struct vnode *fvp,
	    const struct componentname *fcnp, struct vnode *tdvp,
	    struct vnode *tvp, const struct componentname *tcnp);
	/* vp S. */
	int (*vop_getattr)(struct vnode *vp, struct vattr *va);
	/* Optional: the same with no lock, in a read section, perhaps on
	 * a vnode being reclaimed (the rules of vop_access below); each
	 * field read atomically.  The cached stat uses it. */
	int (*vop_getattr_unlocked)(struct vnode *vp, struct vattr *va);
	/* No lock.  May cred access vp as acc (VREAD, VWRITE, VEXEC)?
	 * NULL: the VFS applies vaccess to vop_getattr's attributes.
	 * Also called by the cached walk in a pserialize read section,
	 * perhaps on a vnode being reclaimed: it must not block, must
	 * read v_data once (atomically) and fail if it is NULL, and the
	 * file system must free what v_data points to only after a grace
	 * period (pserialize_defer); a stale answer is discarded. */
	int (*vop_access)(struct vnode *vp, int acc, kauth_cred_t cred);
	/* vp X.  Fields in va->va_mask; the VFS has checked permission. */
	int (*vop_setattr)(struct vnode *vp, const struct vattr *va);
	/* vp S for read, X for write. */
	int (*vop_read)(struct vnode *vp, struct uio *uio, int ioflag);
	int (*vop_write)(struct vnode *vp, struct uio *uio, int ioflag);
	/* vp X.  Data (and metadata unless dataonly) to stable storage. */
	int (*vop_fsync)(struct vnode *vp, bool dataonly);
	/* vp S.  Entries from uio_offset (a cookie the file system gave
	 * as d_off, 0 at the start) as struct rump_dirent records; stops
	 * at a record that does not fit.  *eofp at the end. */
	int (*vop_readdir)(struct vnode *vp, struct uio *uio, bool *eofp);
	/* vp S. */
	int (*vop_readlink)(struct vnode *vp, struct uio *uio);
	/* vp S.  The first offset >= off with data (hole false) or in a
	 * hole (hole true); ENXIO past the end.  NULL: all data. */
	int (*vop_seekdata)(struct vnode *vp, off_t off, bool hole,
	    off_t *res);
	/* Last reference gone, no lock, must not sleep: true if the file
	 * is gone and the vnode should be reclaimed now. */
	bool (*vop_inactive)(struct vnode *vp);
	/* Unreferenced, no lock: free the file system's part. */
	void (*vop_reclaim)(struct vnode *vp);
	/* Disk file systems: logical block to device block, and I/O on a
	 * block; NULL for file systems without a device. */
	int (*vop_bmap)(struct vnode *vp, int64_t lblkno, int64_t *pblkno);
	int (*vop_strategy)(struct vnode *vp, void *buf);
};

/* Vnode states, in v_state (under the vnode cache lock). */
enum vstate { VS_LOADING, VS_ACTIVE, VS_RECLAIMING, VS_DEAD };

#define VV_ROOT		0x01	/* the root of its mount */

struct vnode {
	unsigned v_usecount;		/* atomic: references */
	enum vtype v_type;		/* constant once loaded */
	int v_vflag;			/* VV_*, constant once loaded */
	enum vstate v_state;		/* vnode cache lock */
	const struct vnodeops *v_op;
	void *v_data;			/* the file system's; NULL once
					   reclaimed (atomic: see vop_access) */
	struct mount *v_mount;		/* NULL once killed; atomic reads */
	struct mount *v_mountedhere;	/* mounted on this; mountlist lock */
	uint64_t v_key;			/* the file system's key in the cache */
	struct vnode **v_slot;		/* where its file system keeps it, or
					   NULL (see vcache_slot_freed) */
	bool v_intable;			/* in the cache's table */
	struct list_node v_mntvnodes;	/* its mount's, while cached */
	/* Beside v_mntvnodes: a vnode that is reused and then reclaimed
	 * leaves both lists, and a neighbour on both (the next vnode made,
	 * in a big directory emptied in order) takes both stores in one
	 * cache line. */
	struct list_node v_freelist;	/* unreferenced, LRU */
	krwlock_t v_lock;		/* the vnode lock */
	kmutex_t v_interlock;		/* v_fifo, v_lockf, v_pollhead */
	struct fifo *v_fifo;		/* VFIFO: the open FIFO */
	struct lockf *v_lockf;		/* advisory locks; atomic reads */
	struct pollhead v_pollhead;
	struct list_node v_ncchildren;	/* name-cache entries in this dir */
	unsigned v_ncnames;		/* name-cache entries naming it */
	unsigned v_ncnegative;		/* negative entries in this dir
					   (both: nc_lock; atomic reads) */
	bool v_onfreelist;
	bool v_searchall;		/* atomic: see vn_set_mode */
	bool v_nosetid;			/* atomic: see vn_set_mode */
	struct pserialize_entry v_psz;	/* freed after a grace period */
};

/*
 * Record what vp's mode lets the VFS answer from the vnode alone, as a
 * file system does when it loads a vnode and when its mode changes:
 * whether vp is a directory that every class may search (all three
 * execute bits), so that the cached walk checks search permission
 * without vop_access and the file system's node; and whether it has no
 * set-id bit, so that a write has none to take away (vn_kill_setid).
 * A file system that never calls it is asked each time.
 */
static inline void
vn_set_mode(struct vnode *vp, uint32_t mode)
{
	atomic_store_relaxed(&vp->v_searchall,
	    vp->v_type == VDIR && (mode & 0111) == 0111);
	atomic_store_relaxed(&vp->v_nosetid,
	    (mode & (RUMP_S_ISUID | RUMP_S_ISGID)) == 0);
}

/* Get the vnode of (mp, key), loading it with vfs_loadvnode if not
 * cached. */
int vcache_get(struct mount *mp, uint64_t key, struct vnode **vpp);
/* The same for a key just made, that no vnode can have yet.  The vnode
 * is loaded first; if it then cannot enter the cache (ENOMEM, or ENOENT
 * for a mount going away), vop_reclaim undoes the load and the error
 * is returned: the file the key names is still the caller's to undo,
 * so reclaim must not free it (tmpfs: the node still has its link). */
int vcache_new(struct mount *mp, uint64_t key, struct vnode **vpp);
/* In vop_reclaim of a file system with vnode slots (vfs_vnodeslot):
 * the memory holding vp's slot is being freed, so the cache must not
 * clear it.  Only when no lookup can reach that slot any more (tmpfs: the
 * file has no links). */
void vcache_slot_freed(struct vnode *vp);
void vref(struct vnode *);
void vrele(struct vnode *);
/* Reclaim every vnode of mp except skipvp; EBUSY if one is in use,
 * unless force (then it is made dead: every operation fails). */
int vflush(struct mount *mp, struct vnode *skipvp, bool force);
/* Unreferenced vnodes kept now, and all vnodes (for leak checks). */
unsigned vcache_nfree(void);
unsigned vcache_count(void);
int vcache_init(void);

/* Lock helpers. */
#define vn_lock(vp, how) rw_enter(&(vp)->v_lock, (how))
#define vn_unlock(vp) rw_exit(&(vp)->v_lock)
#define vn_lock_held_x(vp) rw_write_held(&(vp)->v_lock)

/* Permission of cred for mode (VREAD|VWRITE|VEXEC) on a file with
 * these owner, group and permission bits; EACCES. */
int vaccess_creds(enum vtype type, uint32_t mode, uid_t uid, gid_t gid,
    int acc, kauth_cred_t cred);
/* The same; inline, the common case of every directory a path walk
 * searches answered without a call: search that every class has,
 * which anyone may do. */
static inline int
vaccess(enum vtype type, uint32_t mode, uid_t uid, gid_t gid, int acc,
    kauth_cred_t cred)
{
	if (acc == VEXEC && (mode & 0111) == 0111)
		return 0;
	return vaccess_creds(type, mode, uid, gid, acc, cred);
}
/* The same for a vnode, from its attributes; EROFS for writes on a
 * read-only mount.  _locked: the caller holds vp's lock. */
int vn_access(struct vnode *vp, int acc, kauth_cred_t cred);
int vn_access_locked(struct vnode *vp, int acc, kauth_cred_t cred);

/* File type to RUMP_S_IF* bits and RUMP_DT_* values, and back. */
uint32_t vtype_to_mode(enum vtype);
uint8_t vtype_to_dt(enum vtype);
enum vtype mode_to_vtype(uint32_t mode);

#endif /* KERN_VNODE_H */
