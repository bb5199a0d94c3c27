/*
 * filedesc.h: open files and per-process descriptor tables.
 *
 * A struct file is an open object (a vnode, a socket, a pipe...) with
 * its operations and a reference count; a descriptor table maps small
 * integers to files.  Processes may share one table (rfork without
 * flags) or own a copy.  fd_lock covers a table's slots.
 */
#ifndef KERN_FILEDESC_H
#define KERN_FILEDESC_H

#include <kern/types.h>
#include <kern/mutex.h>
#include <rump/rumpdefs.h>

struct file;
struct proc;
struct uio;
struct pollwaiter;
struct rump_stat;
struct rump_flock;

/*
 * What an open object does.  Calls return 0 or an errno value.  A NULL
 * fo_seek means the object has no position (ESPIPE); a NULL fo_advlock
 * means it takes no advisory locks (EINVAL for fcntl, EOPNOTSUPP for
 * flock).
 */
struct fileops {
	/* FOF_UPDATE_OFFSET: transfer at f_offset and advance it;
	 * otherwise at uio_offset (pread/pwrite). */
	int (*fo_read)(struct file *, struct uio *, int flags);
	int (*fo_write)(struct file *, struct uio *, int flags);
	/* cmd in the kernel ABI; data is a kernel copy of the argument. */
	int (*fo_ioctl)(struct file *, unsigned long cmd, void *data);
	/* The RUMP_POLL* events that are ready now; if none is and pw is
	 * not NULL, record pw to be woken when one may be. */
	int (*fo_poll)(struct file *, int events, struct pollwaiter *pw);
	int (*fo_stat)(struct file *, struct rump_stat *);
	int (*fo_seek)(struct file *, off_t offset, int whence, off_t *newoff);
	/* op: RUMP_F_GETLK, _SETLK, _SETLKW; owner: who holds the lock;
	 * flock: FL_FLOCK for flock() semantics, else POSIX record locks. */
	int (*fo_advlock)(struct file *, void *owner, int op,
	    struct rump_flock *, int flags);
	/* Last reference gone: release the object.  May block. */
	void (*fo_close)(struct file *);
};

#define FOF_UPDATE_OFFSET	0x01
#define FL_FLOCK		0x01

/* f_flag: access mode bits plus the RUMP_O_* status flags: those open
 * keeps (F_GETFL reports them) and, of these, those F_SETFL changes
 * (as on Linux: O_SYNC and O_DSYNC stay as opened). */
#define FREAD		0x00000001
#define FWRITE		0x00000002
#define FSTATUSFLAGS	(RUMP_O_APPEND | RUMP_O_NONBLOCK | RUMP_O_SYNC | \
			 RUMP_O_DSYNC | RUMP_O_DIRECTORY | RUMP_O_NOFOLLOW)
#define FSETFLAGS	(RUMP_O_APPEND | RUMP_O_NONBLOCK)
/* open() flags to f_flag; -1 for an invalid access mode. */
#define OFLAGS_TO_FFLAGS(o) \
	(((o) & RUMP_O_ACCMODE) == RUMP_O_ACCMODE ? -1 : \
	 (((o) & RUMP_O_ACCMODE) + 1) | ((o) & FSTATUSFLAGS))

enum file_type { DTYPE_VNODE = 1, DTYPE_PIPE = 3 };

struct file {
	unsigned f_count;		/* atomic: references */
	int f_flag;			/* FREAD, FWRITE, status flags; f_lock */
	enum file_type f_type;
	const struct fileops *f_ops;
	void *f_data;			/* the object */
	kmutex_t f_lock;		/* covers f_flag changes and f_offset */
	off_t f_offset;			/* shared by dup'ed descriptors */
	bool f_haslocks;		/* advisory locks taken through it */
};

#define FD_CLOEXEC_FLAG	0x01

struct fdslot {
	struct file *fs_file;
	int fs_flags;			/* FD_CLOEXEC_FLAG */
};

struct filedesc {
	unsigned fd_refcnt;		/* atomic: processes sharing it */
	kmutex_t fd_lock;		/* covers the fields below */
	struct fdslot *fd_slots;
	int fd_nslots;			/* allocated */
	int fd_lowfree;			/* no free slot below this */
};

#define FD_MAX 4096

/* A table for a new process: share parent's (flags 0), copy it
 * (RUMP_RFFDG) or start empty (RUMP_RFCFDG, or parent NULL). */
int fd_table_create(struct filedesc *parent, int flags, struct filedesc **fdpp);
/* Process owner lets go of a table: its record locks are released, and
 * the last hold closes every descriptor. */
void fd_table_release(struct filedesc *, struct proc *owner);

/* A new file with one reference, holding ops and data; NULL if memory
 * is short. */
struct file *file_alloc(enum file_type, const struct fileops *, void *data,
    int flag);
void file_hold(struct file *);
void file_release(struct file *);

/* Install fp at the lowest free descriptor >= minfd (taking a new
 * reference); EMFILE when none is free. */
int fd_install(struct filedesc *, struct file *fp, int minfd, int flags, int *fdp);
/* The file behind fd, held (file_release it), or NULL. */
struct file *fd_getfile(struct filedesc *, int fd);
/* Close fd; EBADF if it is not open. */
int fd_close(struct filedesc *, int fd);
/* Make newfd refer to fp, closing what it referred to (dup2). */
int fd_dup2(struct filedesc *, struct file *fp, int newfd, int flags);
/* The FD_CLOEXEC_FLAG of fd, or -1 if fd is not open. */
int fd_getflags(struct filedesc *, int fd);
int fd_setflags(struct filedesc *, int fd, int flags);
/* Number of open descriptors. */
int fd_count(struct filedesc *);

#endif /* KERN_FILEDESC_H */
