/*
 * ktest_fifo.c: kernel-side helpers for testing fifo_open() without a
 * file system: one FIFO slot and slot lock, owned by a pretend node
 * that counts the files it is released from.  Opened files go into the
 * calling process's descriptor table, so the test drives them with the
 * ordinary system calls.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/filedesc.h>
#include <kern/lwp.h>
#include <kern/mutex.h>
#include <kern/pipe.h>
#include <rump/rumpdefs.h>

#define KTEST_FIFO_INO	4242

static struct fifo *kt_slot;
static kmutex_t kt_slotlock;
static unsigned kt_opens, kt_releases;	/* atomic */
static int kt_cookie;

static int
kt_stat(void *cookie, struct rump_stat *st)
{
	if (cookie != &kt_cookie)
		return EINVAL;
	st->st_mode = RUMP_S_IFIFO | 0640;
	st->st_ino = KTEST_FIFO_INO;
	st->st_nlink = 1;
	return 0;
}

static void
kt_release(void *cookie)
{
	KASSERT(cookie == &kt_cookie);
	atomic_inc_uint(&kt_releases);
}

static void
kt_transferred(void *cookie, bool wrote __unused)
{
	KASSERT(cookie == &kt_cookie);
}

static const struct fifo_owner_ops kt_owner_ops = {
	.fo_stat = kt_stat,
	.fo_release = kt_release,
	.fo_transferred = kt_transferred,
};

/* What the file has before fifo_open takes it over. */
static void
kt_unopened_close(struct file *fp __unused)
{
}

static const struct fileops kt_unopened_ops = { .fo_close = kt_unopened_close };

void
ktest_fifo_init(void)
{
	mutex_init(&kt_slotlock, MUTEX_DEFAULT, IPL_NONE);
}

/* Open the FIFO with open() flags (RUMP_O_*); a descriptor, or -errno. */
int
ktest_fifo_open(int oflags)
{
	struct file *fp;
	int fd, error;

	fp = file_alloc(DTYPE_VNODE, &kt_unopened_ops, NULL,
	    OFLAGS_TO_FFLAGS(oflags));
	if (fp == NULL)
		return -ENOMEM;
	atomic_inc_uint(&kt_opens);
	if ((error = fifo_open(&kt_slot, &kt_slotlock, fp, &kt_owner_ops,
	    &kt_cookie)) != 0) {
		atomic_dec_uint(&kt_opens);
		if (fp->f_ops != &kt_unopened_ops || fp->f_data != NULL)
			error = 1000;	/* kept something on error */
		file_release(fp);
		return -error;
	}
	if (fp->f_type != DTYPE_PIPE || fp->f_ops == &kt_unopened_ops)
		error = 1001;
	else
		error = fd_install(curproc->p_fd, fp, 0, 0, &fd);
	file_release(fp);
	return error ? -error : fd;
}

/* Whether the slot holds a FIFO; the opens not yet released. */
bool
ktest_fifo_exists(unsigned *unreleased)
{
	bool exists;

	mutex_enter(&kt_slotlock);
	exists = kt_slot != NULL;
	mutex_exit(&kt_slotlock);
	*unreleased = atomic_load_relaxed(&kt_opens) -
	    atomic_load_relaxed(&kt_releases);
	return exists;
}
