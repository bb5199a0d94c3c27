/*
 * fifo.c: FIFOs, the pipes behind file-system nodes (kern/pipe.h).
 *
 * The node keeps a slot, under its slot lock, that holds the FIFO while
 * any file has it open (or is opening it).  The first open makes it; the
 * last close frees it, and with it any data left, and empties the slot.
 * Lock order: the slot lock, then pipe_lock.  An open that waits for
 * its partner holds only pipe_lock, in cv_wait.
 */
#include <kern/systm.h>
#include <kern/filedesc.h>
#include <kern/kmem.h>
#include <kern/pipe.h>
#include <kern/uio.h>
#include <rump/rumpdefs.h>
#include "pipevar.h"

struct fifo {
	struct pipe fi_pipe;
};

/* An open file of a FIFO: its f_data. */
struct fifofile {
	struct fifo *ff_fifo;
	struct fifo **ff_slot;
	kmutex_t *ff_slotlock;
	const struct fifo_owner_ops *ff_ops;
	void *ff_cookie;
	unsigned ff_wgen;		/* see pipe_poll */
};

#define FF_PIPE(fp) (&((struct fifofile *)(fp)->f_data)->ff_fifo->fi_pipe)

/* A read or write that moved bytes marks the node's times, as POSIX
 * says of FIFOs too. */
static int
fifo_transfer(struct file *fp, struct uio *uio, bool write)
{
	struct fifofile *ff = fp->f_data;
	bool nbio = (pipe_fflag(fp) & RUMP_O_NONBLOCK) != 0;
	size_t resid = uio->uio_resid;
	int error;

	error = write ? pipe_write(FF_PIPE(fp), uio, nbio) :
	    pipe_read(FF_PIPE(fp), uio, nbio);
	if (uio->uio_resid != resid)
		ff->ff_ops->fo_transferred(ff->ff_cookie, write);
	return error;
}

static int
fifo_fop_read(struct file *fp, struct uio *uio, int flags __unused)
{
	return fifo_transfer(fp, uio, false);
}

static int
fifo_fop_write(struct file *fp, struct uio *uio, int flags __unused)
{
	return fifo_transfer(fp, uio, true);
}

static int
fifo_fop_ioctl(struct file *fp, unsigned long cmd, void *data)
{
	return pipe_ioctl(FF_PIPE(fp), cmd, data);
}

static int
fifo_fop_poll(struct file *fp, int events, struct pollwaiter *pw)
{
	struct fifofile *ff = fp->f_data;

	return pipe_poll(FF_PIPE(fp), pipe_fflag(fp), events, pw, ff->ff_wgen);
}

static int
fifo_fop_stat(struct file *fp, struct rump_stat *st)
{
	struct fifofile *ff = fp->f_data;

	return ff->ff_ops->fo_stat(ff->ff_cookie, st);
}

static void
fifo_fop_close(struct file *fp)
{
	struct fifofile *ff = fp->f_data;
	struct fifo *fi = ff->ff_fifo;
	struct pipe *p = &fi->fi_pipe;
	unsigned left;

	mutex_enter(ff->ff_slotlock);
	mutex_enter(&p->pipe_lock);
	left = pipe_detach(p, fp->f_flag & (FREAD | FWRITE));
	if (left == 0) {
		KASSERT(*ff->ff_slot == fi);
		*ff->ff_slot = NULL;
	}
	mutex_exit(&p->pipe_lock);
	mutex_exit(ff->ff_slotlock);
	if (left == 0) {
		pipe_fini(p);
		kmem_free(fi, sizeof(*fi));
	}
	ff->ff_ops->fo_release(ff->ff_cookie);
	kmem_free(ff, sizeof(*ff));
}

static const struct fileops fifo_fileops = {
	.fo_read = fifo_fop_read,
	.fo_write = fifo_fop_write,
	.fo_ioctl = fifo_fop_ioctl,
	.fo_poll = fifo_fop_poll,
	.fo_stat = fifo_fop_stat,
	.fo_seek = NULL,
	.fo_advlock = NULL,
	.fo_close = fifo_fop_close,
};

/* The FIFO in *slot, made if there is none; the slot lock is held on
 * return, or NULL is returned (ENOMEM) with it released. */
static struct fifo *
fifo_lookup(struct fifo **slot, kmutex_t *slotlock)
{
	struct fifo *fi, *spare = NULL;

	mutex_enter(slotlock);
	while ((fi = *slot) == NULL) {
		if (spare != NULL) {
			*slot = fi = spare;
			spare = NULL;
			break;
		}
		/* Allocate with the slot lock released: reclaim may run. */
		mutex_exit(slotlock);
		if ((spare = kmem_alloc(sizeof(*spare), KM_SLEEP)) == NULL)
			return NULL;
		if (pipe_init(&spare->fi_pipe) != 0) {
			kmem_free(spare, sizeof(*spare));
			return NULL;
		}
		mutex_enter(slotlock);
	}
	if (spare != NULL) {		/* somebody else made it meanwhile */
		pipe_fini(&spare->fi_pipe);
		kmem_free(spare, sizeof(*spare));
	}
	return fi;
}

void *
fifo_file_cookie(struct file *fp)
{
	return fp->f_ops == &fifo_fileops ?
	    ((struct fifofile *)fp->f_data)->ff_cookie : NULL;
}

int
fifo_open(struct fifo **slot, kmutex_t *slotlock, struct file *fp,
    const struct fifo_owner_ops *ops, void *cookie)
{
	int mode = fp->f_flag & (FREAD | FWRITE);
	bool nonblock = (fp->f_flag & RUMP_O_NONBLOCK) != 0;
	struct fifofile *ff;
	struct fifo *fi;
	struct pipe *p;
	unsigned gen;

	if (mode == 0)
		return EINVAL;
	if ((ff = kmem_alloc(sizeof(*ff), KM_SLEEP)) == NULL)
		return ENOMEM;
	if ((fi = fifo_lookup(slot, slotlock)) == NULL) {
		kmem_free(ff, sizeof(*ff));
		return ENOMEM;
	}
	p = &fi->fi_pipe;
	mutex_enter(&p->pipe_lock);
	if (mode == FWRITE && nonblock && p->pipe_readers == 0) {
		/* A FIFO this open made goes again. */
		bool unused = p->pipe_refs == 0;

		if (unused)
			*slot = NULL;
		mutex_exit(&p->pipe_lock);
		mutex_exit(slotlock);
		if (unused) {
			pipe_fini(p);
			kmem_free(fi, sizeof(*fi));
		}
		kmem_free(ff, sizeof(*ff));
		return ENXIO;
	}
	/* A writer present now counts as seen: its close is a hang-up. */
	ff->ff_wgen = p->pipe_wgen - (p->pipe_writers > 0 ? 1 : 0);
	pipe_attach(p, mode);
	mutex_exit(slotlock);
	if (!nonblock && mode == FREAD) {
		gen = p->pipe_wgen;
		while (p->pipe_writers == 0 && p->pipe_wgen == gen)
			cv_wait(&p->pipe_rcv, &p->pipe_lock);
	} else if (!nonblock && mode == FWRITE) {
		gen = p->pipe_rgen;
		while (p->pipe_readers == 0 && p->pipe_rgen == gen)
			cv_wait(&p->pipe_wcv, &p->pipe_lock);
	}
	mutex_exit(&p->pipe_lock);

	ff->ff_fifo = fi;
	ff->ff_slot = slot;
	ff->ff_slotlock = slotlock;
	ff->ff_ops = ops;
	ff->ff_cookie = cookie;
	fp->f_type = DTYPE_PIPE;
	fp->f_ops = &fifo_fileops;
	fp->f_data = ff;
	return 0;
}
