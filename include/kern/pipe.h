/*
 * pipe.h: pipes, and FIFOs for the VFS.
 *
 * A pipe is a bounded byte buffer with a reading and a writing end.
 * pipe(2) gives each end its own file.  A FIFO is a pipe that lives as
 * long as somebody has it open through a file-system node: the node
 * keeps the slot (*slot, under *slotlock) and each open of the node
 * gets a file onto the one pipe.
 */
#ifndef KERN_PIPE_H
#define KERN_PIPE_H

#include <kern/types.h>
#include <kern/mutex.h>

struct file;
struct fifo;
struct rump_stat;

/* What the node owner provides for a FIFO's open files. */
struct fifo_owner_ops {
	/* fstat of the open FIFO: the node's attributes. */
	int (*fo_stat)(void *cookie, struct rump_stat *);
	/* The file is closed: let go of what cookie holds (the node). */
	void (*fo_release)(void *cookie);
	/* Bytes were read (wrote false) or written: the node's times. */
	void (*fo_transferred)(void *cookie, bool wrote);
};

/*
 * Open the FIFO in *slot for fflag (FREAD and/or FWRITE, maybe
 * RUMP_O_NONBLOCK), making its pipe on the first open, and make fp
 * (allocated by the caller, f_flag set) an open file of it.  Blocks as
 * POSIX says: a reader until a writer comes, a writer until a reader
 * comes, unless non-blocking (then a writer without a reader gets
 * ENXIO).  On success fp's owner ops and cookie are kept until it is
 * closed; on error nothing is kept.
 */
int fifo_open(struct fifo **slot, kmutex_t *slotlock, struct file *fp,
    const struct fifo_owner_ops *, void *cookie);

/* The cookie an open FIFO file was opened with (its node), or NULL if
 * fp is not an open FIFO. */
void *fifo_file_cookie(struct file *fp);

#endif /* KERN_PIPE_H */
