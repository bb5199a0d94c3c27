/*
 * vfs_private.h: what the VFS's own files share.
 */
#ifndef LIBRUMPVFS_VFS_PRIVATE_H
#define LIBRUMPVFS_VFS_PRIVATE_H

#include <kern/filedesc.h>
#include <kern/vnode.h>

struct lwp;

/* The root directory of the system, referenced while mounted. */
extern struct vnode *rootvnode;
/* Operations of a vnode whose file system was forcibly unmounted. */
extern const struct vnodeops dead_vnodeops;

/*
 * Whether vp (locked, so this holds) was killed by a forced unmount.
 * An operation called through one vnode's operations with another vnode
 * (remove, link, rename: the directory's) must check the other first:
 * a killed vnode's file-system data is gone, and it may have been
 * killed between its lookup and its lock.
 */
static inline bool
vn_isdead(const struct vnode *vp)
{
	return __atomic_load_n(&vp->v_op, __ATOMIC_RELAXED) == &dead_vnodeops;
}
/* Operations of open files on vnodes. */
extern const struct fileops vnode_fileops;

/* The vnode behind descriptor fd (a file or an open FIFO), referenced;
 * EBADF if fd is not open, notvnode if it is something else (a pipe):
 * what the call says of such a descriptor (ENOTDIR where a directory
 * is wanted, EINVAL where POSIX lets a pipe be refused). */
int fd_getvnode(struct lwp *l, int fd, int notvnode, struct vnode **vpp);
/* The open file behind fd if it is a vnode file (held); EBADF or
 * notvnode as for fd_getvnode. */
int fd_getvnodefile(struct lwp *l, int fd, int notvnode, struct file **fpp);
/* Look name up in dvp (unlocked) through the name cache. */
int vfs_lookup_name(struct vnode *dvp, const char *name, size_t len,
    kauth_cred_t cred, struct vnode **vpp);
/* Open vp (referenced, unlocked) for fflag into a new file; the
 * reference passes to the file on success. */
int vn_open(struct vnode *vp, int fflag, kauth_cred_t cred, struct file **fpp);
/* Attributes as fstat returns them. */
int vn_stat(struct vnode *vp, struct rump_stat *st);
struct vattr;
void vattr_to_stat(const struct vattr *va, uint64_t fsid, struct rump_stat *st);
/* Truncate or extend vp to length (vp unlocked). */
int vn_truncate(struct vnode *vp, off_t length, kauth_cred_t cred);
/* Advisory locks on vp (vfs_lockf.c): op RUMP_F_GETLK, _SETLK or
 * _SETLKW for fl (l_whence relative to offset for SEEK_CUR); owner is
 * a process (POSIX record locks) or, with FL_FLOCK, an open file
 * (whole-file flock locks).  EAGAIN when a lock conflicts, EDEADLK
 * when waiting would deadlock, ENOLCK when memory is short. */
int vfs_advlock(struct vnode *vp, void *owner, int op, struct rump_flock *fl,
    int flags, off_t offset);
/* Whether vp's mount has flag (RUMP_MNT_*); false for a dead vnode. */
bool vn_mountflag(struct vnode *vp, int flag);
/* Whether vp's mount is read-only (vp locked: keeps the mount). */
bool vn_rdonly(struct vnode *vp);
/* May cred keep (or set) the set-group-id bit of a file of group gid:
 * as a member, or with the privilege. */
bool vfs_may_keep_setgid(gid_t gid, kauth_cred_t cred);
/* mode less the set-id bits a change to the file (of group gid) by cred
 * takes away, as Linux does: set-user-id, and set-group-id where it
 * means that (group execute) or cred may not keep it. */
uint32_t vfs_setid_cleared(uint32_t mode, gid_t gid, kauth_cred_t cred);

/* Step from a directory onto the root of what is mounted on it. */
void vfs_cross_down(struct vnode **vpp);
/* Attributes of a new file of type with mode in dvp (locked) for l:
 * owner, group (from a set-group-id dvp), mode less the umask. */
int vfs_newattr(struct lwp *l, struct vnode *dvp, enum vtype type,
    uint32_t mode, struct vattr *va);
/* May cred add and remove entries in dvp (locked)?  EROFS, EACCES. */
int vfs_dir_writable(struct vnode *dvp, kauth_cred_t cred);
/* May cred remove or rename vp from dvp (both locked; the sticky-
 * directory rule)?  EPERM. */
int vfs_sticky_check(struct vnode *dvp, struct vnode *vp, kauth_cred_t cred);

/* Syscall tables of the VFS's files, established at init. */
int vfs_mount_init(void);
int vfs_syscalls_open_init(void);
int vfs_syscalls_name_init(void);
int vfs_syscalls_attr_init(void);

#endif /* LIBRUMPVFS_VFS_PRIVATE_H */
