/*
 * namei.h: turning a path into vnodes.
 *
 * namei() resolves a caller's path relative to a directory descriptor
 * (or RUMP_AT_FDCWD), following symbolic links in the middle of the
 * path always and at the end when asked, crossing mount points both
 * ways and staying inside the process's root.  Results go through the
 * name cache.
 *
 * For operations that change a directory (NAMEI_PARENT), the parent is
 * returned locked exclusively in ni_dvp and the last component looked
 * up under that lock: ni_vp is its vnode (not crossed into a mount on
 * it) or NULL if it does not exist.  A path that names no entry of a
 * directory ("/", ".", "..", "a/..") gives ni_dvp NULL and ni_vp the
 * directory itself; each caller decides what that means for it.
 */
#ifndef KERN_NAMEI_H
#define KERN_NAMEI_H

#include <kern/types.h>
#include <kern/vnode.h>
#include <kern/rwlock.h>

struct lwp;

#define NAMEI_FOLLOW	0x01	/* follow a symbolic link at the end */
#define NAMEI_PARENT	0x02	/* return the parent locked, see above */
#define NAMEI_EMPTYPATH	0x04	/* "" names the directory itself */
#define NAMEI_KERNEL	0x10	/* the path is in kernel memory */
#define NAMEI_NOLOCK	0x20	/* with PARENT: return the parent unlocked */

#define NAMEI_MAXSYMLINKS 40

struct nameidata {
	/* In. */
	int ni_dirfd;			/* RUMP_AT_FDCWD or a descriptor */
	const char *ni_path;		/* the caller's, or the kernel's */
	int ni_flags;
	kauth_cred_t ni_cred;
	/* Optional, set after namei_init: only the attributes are wanted.
	 * If the name cache answers, they land here with the mount's fsid
	 * and ni_vp stays NULL; else namei returns ni_vp as usual. */
	struct vattr *ni_va;
	uint64_t ni_fsid;
	/* Out. */
	struct vnode *ni_vp;		/* referenced, unlocked; or NULL */
	struct vnode *ni_dvp;		/* PARENT: referenced, locked X */
	bool ni_dvplocked;
	bool ni_trailingslash;		/* the path ended in '/' */
	struct componentname ni_cn;	/* PARENT: the last component */
	char *ni_buf;			/* private: the path being walked */
	size_t ni_buflen;		/* private: its length as copied in */
	/* Every field above is set by namei_init. */
	char ni_pathbuf[RUMP_PATH_MAX];
};

void namei_init(struct nameidata *, int dirfd, const void *path, int flags,
    kauth_cred_t cred);
int namei(struct nameidata *);
/* Release what namei returned: the parent's lock and references. */
void namei_done(struct nameidata *);

/* Per-process directories and file-creation mask. */
struct cwdinfo {
	krwlock_t cwdi_lock;		/* covers the fields */
	/* Also read unlocked by the cached walk: stored with release. */
	struct vnode *cwdi_cdir;	/* referenced */
	struct vnode *cwdi_rdir;	/* referenced; NULL: the system root */
	uint32_t cwdi_cmask;		/* atomic: read unlocked by creates */
};

/* The calling process's, made on first use; NULL if memory is short. */
struct cwdinfo *cwdi_get(struct lwp *l);
/* Referenced copies of the current and root directories; ENOMEM. */
int cwdi_dirs(struct lwp *l, struct vnode **cdirp, struct vnode **rdirp);
int cwdi_init(void);

/* The name cache (vfs_cache.c). */
#define CACHE_MISS	(-1)
/* 0 with *vpp referenced, ENOENT for a cached negative entry, or
 * CACHE_MISS. */
int cache_lookup(struct vnode *dvp, const char *name, size_t len,
    struct vnode **vpp);
/*
 * Walk a kernel path through the name cache alone, without locks or
 * references on the way (see vfs_cache.c), starting from *startp, read
 * once inside the walk (a NULL *startp means rootvnode): the caller
 * passes the address of a referenced directory pointer that it may
 * change meanwhile, such as a process's current directory.  0 with
 * *vpp referenced, or CACHE_MISS for anything that needs the full walk
 * (an uncached name, ".", "..", a mount point, a symbolic link to
 * follow, a directory that refuses search, a race with a writer).
 */
int cache_walk(struct vnode *const *startp, const char *path, bool follow,
    kauth_cred_t cred, struct vnode **vpp);
/* The attributes of the vnode such a walk ends at, and its mount's
 * fsid, read with the file system's vop_getattr_unlocked; no
 * reference is taken.  0, or CACHE_MISS. */
struct vattr;
int cache_walk_getattr(struct vnode *const *startp, const char *path,
    bool follow, kauth_cred_t cred, struct vattr *va, uint64_t *fsid);
/* Remember name in dvp: vp, or NULL for "does not exist".  dvp is
 * locked (S or X) so the answer cannot change meanwhile. */
void cache_enter(struct vnode *dvp, struct vnode *vp, const char *name,
    size_t len);
/* Forget name in dvp (dvp X). */
void cache_purge_name(struct vnode *dvp, const char *name, size_t len);
/* The same when name is known to name vp: nothing to look for unless
 * some entry names vp. */
void cache_purge_link(struct vnode *dvp, struct vnode *vp, const char *name,
    size_t len);
/* The same for a name just made (dvp X): only a negative entry can be
 * there, and only if dvp has any. */
void cache_purge_negative(struct vnode *dvp, const char *name, size_t len);
/* Forget every entry in directory dvp. */
void cache_purge_children(struct vnode *dvp);
/* Forget every entry of mp (unmount). */
void cache_purge_mount(struct mount *mp);
/* Drop up to n least recently used entries; how many went. */
unsigned cache_reclaim(unsigned n);
unsigned cache_count(void);
int cache_init(void);

#endif /* KERN_NAMEI_H */
