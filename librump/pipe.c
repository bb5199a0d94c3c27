/*
 * pipe.c: the pipe object: a ring buffer between the files that read
 * and write it, with blocking, atomic small writes, EOF, EPIPE and
 * poll readiness.  Its files are made by sys_pipe.c (pipe, pipe2) and
 * fifo.c (FIFOs).
 *
 * Data moves under pipe_lock, so a write of at most RUMP_PIPE_BUF bytes
 * waits for room for all of it and lands in one piece; a larger write
 * may interleave with others at any byte.  A broken pipe gives EPIPE:
 * signals are only recorded in this kernel, so there is nothing more to
 * do for SIGPIPE.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/filedesc.h>
#include <kern/kmem.h>
#include <kern/lwp.h>
#include <kern/time.h>
#include <kern/uio.h>
#include <rump/rumpdefs.h>
#include "pipevar.h"

static uint64_t pipe_nextino;	/* atomic */

int
pipe_init(struct pipe *p)
{
	memset(p, 0, sizeof(*p));
	if ((p->pipe_buf = kmem_alloc(PIPE_SIZE, KM_SLEEP)) == NULL)
		return ENOMEM;
	mutex_init(&p->pipe_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&p->pipe_rcv, "piperd");
	cv_init(&p->pipe_wcv, "pipewr");
	pollhead_init(&p->pipe_ph);
	p->pipe_ino = atomic_add_64_nv(&pipe_nextino, 1);
	getnanotime(&p->pipe_ctime);
	p->pipe_atime = p->pipe_mtime = p->pipe_ctime;
	return 0;
}

void
pipe_fini(struct pipe *p)
{
	KASSERT(p->pipe_refs == 0);
	pollhead_destroy(&p->pipe_ph);
	cv_destroy(&p->pipe_wcv);
	cv_destroy(&p->pipe_rcv);
	mutex_destroy(&p->pipe_lock);
	kmem_free(p->pipe_buf, PIPE_SIZE);
}

void
pipe_wakeup_readers(struct pipe *p)
{
	KASSERT(mutex_owned(&p->pipe_lock));
	cv_broadcast(&p->pipe_rcv);
	if (p->pipe_polled) {
		p->pipe_polled = false;
		pollhead_notify(&p->pipe_ph);
	}
}

void
pipe_wakeup_writers(struct pipe *p)
{
	KASSERT(mutex_owned(&p->pipe_lock));
	cv_broadcast(&p->pipe_wcv);
	if (p->pipe_polled) {
		p->pipe_polled = false;
		pollhead_notify(&p->pipe_ph);
	}
}

void
pipe_attach(struct pipe *p, int fflag)
{
	KASSERT(mutex_owned(&p->pipe_lock));
	p->pipe_refs++;
	if (fflag & FREAD) {
		p->pipe_readers++;
		p->pipe_rgen++;
		pipe_wakeup_writers(p);
	}
	if (fflag & FWRITE) {
		p->pipe_writers++;
		p->pipe_wgen++;
		pipe_wakeup_readers(p);
	}
}

unsigned
pipe_detach(struct pipe *p, int fflag)
{
	KASSERT(mutex_owned(&p->pipe_lock));
	KASSERT(p->pipe_refs > 0);
	if (fflag & FREAD) {
		KASSERT(p->pipe_readers > 0);
		if (--p->pipe_readers == 0)
			pipe_wakeup_writers(p);		/* EPIPE now */
	}
	if (fflag & FWRITE) {
		KASSERT(p->pipe_writers > 0);
		if (--p->pipe_writers == 0)
			pipe_wakeup_readers(p);		/* EOF now */
	}
	return --p->pipe_refs;
}

/*
 * Move n bytes between the ring at offset off and uio, in up to two
 * pieces; the bytes actually moved go to *moved even on error.
 */
static int
pipe_uiomove(struct pipe *p, size_t off, size_t n, struct uio *uio,
    size_t *moved)
{
	size_t first = MIN(n, PIPE_SIZE - off), resid = uio->uio_resid;
	int error;

	error = uiomove(p->pipe_buf + off, first, uio);
	if (error == 0 && n > first)
		error = uiomove(p->pipe_buf, n - first, uio);
	*moved = resid - uio->uio_resid;
	return error;
}

/* Read what is there, up to the request; wait only while empty. */
int
pipe_read(struct pipe *p, struct uio *uio, bool nonblock)
{
	size_t moved;
	int error = 0;

	if (uio->uio_resid == 0)
		return 0;
	mutex_enter(&p->pipe_lock);
	while (p->pipe_cnt == 0) {
		if (p->pipe_writers == 0)
			goto out;			/* EOF */
		if (nonblock) {
			error = EAGAIN;
			goto out;
		}
		cv_wait(&p->pipe_rcv, &p->pipe_lock);
	}
	error = pipe_uiomove(p, p->pipe_out, MIN(p->pipe_cnt, uio->uio_resid),
	    uio, &moved);
	p->pipe_cnt -= moved;
	p->pipe_out = p->pipe_cnt == 0 ? 0 : (p->pipe_out + moved) % PIPE_SIZE;
	if (moved > 0) {
		getnanotime(&p->pipe_atime);
		pipe_wakeup_writers(p);
	}
out:
	mutex_exit(&p->pipe_lock);
	return error;
}

int
pipe_write(struct pipe *p, struct uio *uio, bool nonblock)
{
	bool atomic = uio->uio_resid <= RUMP_PIPE_BUF;
	size_t moved, room;
	int error = 0;

	if (uio->uio_resid == 0)
		return 0;
	mutex_enter(&p->pipe_lock);
	while (uio->uio_resid > 0) {
		if (p->pipe_readers == 0) {
			error = EPIPE;
			break;
		}
		room = PIPE_SIZE - p->pipe_cnt;
		if (room == 0 || (atomic && room < uio->uio_resid)) {
			if (nonblock) {
				error = EAGAIN;
				break;
			}
			cv_wait(&p->pipe_wcv, &p->pipe_lock);
			continue;
		}
		error = pipe_uiomove(p, (p->pipe_out + p->pipe_cnt) % PIPE_SIZE,
		    MIN(room, uio->uio_resid), uio, &moved);
		p->pipe_cnt += moved;
		if (moved > 0) {
			getnanotime(&p->pipe_mtime);
			pipe_wakeup_readers(p);
		}
		if (error)
			break;
	}
	mutex_exit(&p->pipe_lock);
	return error;
}

/*
 * Readiness, as on Linux: at EOF a reader sees POLLHUP (a read returns
 * 0 at once), and POLLIN only while data is left; with no reader left a
 * writer sees POLLOUT and POLLERR (a write fails with EPIPE at once).  A
 * writer is ready for POLLOUT when a write of RUMP_PIPE_BUF bytes would
 * not block.
 */
int
pipe_poll(struct pipe *p, int fflag, int events, struct pollwaiter *pw,
    unsigned wgen_seen)
{
	const int rd = RUMP_POLLIN | RUMP_POLLRDNORM;
	const int wr = RUMP_POLLOUT | RUMP_POLLWRNORM;
	int rev = 0;

	mutex_enter(&p->pipe_lock);
	if (fflag & FREAD) {
		bool eof = p->pipe_writers == 0 && p->pipe_wgen != wgen_seen;

		if (p->pipe_cnt > 0)
			rev |= events & rd;
		if (eof)
			rev |= RUMP_POLLHUP;
	}
	if (fflag & FWRITE) {
		if (p->pipe_readers == 0)
			rev |= (events & wr) | RUMP_POLLERR;
		else if (PIPE_SIZE - p->pipe_cnt >= RUMP_PIPE_BUF)
			rev |= events & wr;
	}
	if (rev == 0 && pw != NULL) {
		pollhead_record(&p->pipe_ph, pw);
		p->pipe_polled = true;
	}
	mutex_exit(&p->pipe_lock);
	return rev;
}

int
pipe_ioctl(struct pipe *p, unsigned long cmd, void *data)
{
	switch (cmd) {
	case RUMP_FIONREAD:
		mutex_enter(&p->pipe_lock);
		*(int *)data = (int)p->pipe_cnt;
		mutex_exit(&p->pipe_lock);
		return 0;
	case RUMP_FIONBIO:
		return 0;	/* the file layer keeps the flag */
	default:
		return ENOTTY;
	}
}

void
pipe_stat(struct pipe *p, struct rump_stat *st)
{
	kauth_cred_t cred = curlwp->l_cred;

	/* st_size stays 0, as on Linux (FIONREAD tells what is buffered). */
	memset(st, 0, sizeof(*st));
	st->st_mode = RUMP_S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_uid = cred->cr_euid;
	st->st_gid = cred->cr_egid;
	st->st_blksize = RUMP_PIPE_BUF;
	mutex_enter(&p->pipe_lock);
	st->st_ino = p->pipe_ino;
	st->st_atim = p->pipe_atime;
	st->st_mtim = p->pipe_mtime;
	st->st_ctim = st->st_birthtim = p->pipe_ctime;
	mutex_exit(&p->pipe_lock);
}

int
pipe_fflag(struct file *fp)
{
	int flag;

	mutex_enter(&fp->f_lock);
	flag = fp->f_flag;
	mutex_exit(&fp->f_lock);
	return flag;
}
