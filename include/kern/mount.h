/*
 * mount.h: mounted file systems and the operations of a file-system
 * type.
 *
 * A file-system type registers its vfsops (from its component's init);
 * rump_sys_mount() finds it by name.  A mount covers a directory vnode
 * (v_mountedhere points back); lookups cross in both directions.  The
 * mountlist lock (reader for crossing, writer for mounting and
 * unmounting) covers the mount list and every v_mountedhere.
 */
#ifndef KERN_MOUNT_H
#define KERN_MOUNT_H

#include <kern/types.h>
#include <kern/queue.h>
#include <kern/mutex.h>
#include <kern/pserialize.h>
#include <kern/rwlock.h>
#include <rump/rumpdefs.h>

struct vnode;
struct mount;

struct vfsops {
	const char *vfs_name;
	/* Set up mp from the arguments (a kernel copy of datalen bytes;
	 * RUMP_MNT_UPDATE in mnt_flag: change flags of a live mount). */
	int (*vfs_mount)(struct mount *mp, const void *data, size_t datalen);
	/* Everything is flushed and every vnode but the root reclaimed. */
	int (*vfs_unmount)(struct mount *mp, bool force);
	/* The root directory, referenced. */
	int (*vfs_root)(struct mount *mp, struct vnode **vpp);
	/* Sizes and counts; the VFS fills in flags and names. */
	int (*vfs_statvfs)(struct mount *mp, struct rump_statvfs *sv);
	int (*vfs_sync)(struct mount *mp);
	/* Fill in vp (v_type, v_op, v_data, v_vflag) for the file that
	 * key names; called by vcache_get for an uncached key. */
	int (*vfs_loadvnode)(struct mount *mp, struct vnode *vp, uint64_t key);
	/* Optional, for files that live in memory: where the file key
	 * names keeps a pointer to its vnode (NULL while it has none),
	 * which the vnode cache sets and clears under its lock (with
	 * atomic stores: it also reads it unlocked, to prefetch).  Such
	 * vnodes need no hash table.  Called with no lock, by callers
	 * that keep the file alive (its directory locked): it computes
	 * an address and reads nothing. */
	struct vnode **(*vfs_vnodeslot)(struct mount *mp, uint64_t key);
	struct list_node vfs_entry;
};

struct mount {
	const struct vfsops *mnt_op;
	struct vnode *mnt_vnodecovered;	/* NULL for the root file system */
	struct vnode *mnt_root;		/* referenced while mounted */
	int mnt_flag;			/* RUMP_MNT_*; atomic reads */
	unsigned mnt_writers;		/* atomic: regular files open to write */
	void *mnt_data;			/* the file system's */
	uint64_t mnt_fsid;
	kmutex_t mnt_renamelock;	/* one rename at a time */
	unsigned mnt_refcnt;		/* atomic: the mount list's, holders' */
	bool mnt_gone;			/* atomic: forced unmount under way */
	struct pserialize_entry mnt_psz;	/* freed after a grace period */
	struct list_node mnt_entry;	/* mount list */
	struct list_node mnt_vnodes;	/* its cached vnodes (vfs_vnode.c) */
	char mnt_onname[RUMP_PATH_MAX];
};

extern krwlock_t mountlist_lock;
extern struct mount *rootmount;

/* Add a file-system type; EEXIST for a name already taken. */
int vfs_register(struct vfsops *);
/* Mount a new file system of type fstype on covered (NULL: the root),
 * data is a kernel copy of the arguments. */
int vfs_domount(const char *fstype, struct vnode *covered, const char *onname,
    int flags, const void *data, size_t datalen);
/*
 * A vnode's mount stays allocated while the vnode is locked (a forced
 * unmount locks each vnode to kill it before freeing the mount).  To
 * keep it past the lock: vfs_vnode_mount() returns it referenced (NULL
 * for a dead vnode), vfs_mount_rele() lets go.  vfs_covered() returns,
 * referenced, the directory a mount's root vnode covers (NULL if vp is
 * not such a root).
 */
struct mount *vfs_vnode_mount(struct vnode *vp);
void vfs_mount_rele(struct mount *mp);
struct vnode *vfs_covered(struct vnode *vp);
/* Unmount every file system, last mounted first (halt). */
void vfs_unmountall(void);
/* Flush every file system's data. */
void vfs_syncall(void);

#endif /* KERN_MOUNT_H */
