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

struct file;

struct fileops {
	/* Last reference gone: release the object.  May block. */
	void (*fo_close)(struct file *);
};

struct file {
	unsigned f_count;		/* atomic: references */
	int f_flag;			/* open flags, kernel ABI */
	const struct fileops *f_ops;
	void *f_data;			/* the object */
	off_t f_offset;			/* shared by dup'ed descriptors */
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
/* Drop a process's hold; the last one closes every descriptor. */
void fd_table_release(struct filedesc *);

/* A new file with one reference, holding ops and data. */
struct file *file_alloc(const struct fileops *, void *data, int flag);
void file_hold(struct file *);
void file_release(struct file *);

/* Install fp at the lowest free descriptor >= minfd (taking a new
 * reference); EMFILE when none is free. */
int fd_install(struct filedesc *, struct file *fp, int minfd, int flags, int *fdp);
/* The file behind fd, held (file_release it), or NULL. */
struct file *fd_getfile(struct filedesc *, int fd);
/* Close fd; EBADF if it is not open. */
int fd_close(struct filedesc *, int fd);
/* Number of open descriptors. */
int fd_count(struct filedesc *);

#endif /* KERN_FILEDESC_H */
