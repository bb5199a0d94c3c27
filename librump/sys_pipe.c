/*
 * sys_pipe.c: pipe(2) and pipe2(2): a pipe (pipe.c) with a file for
 * each end.  The pipe goes when the last of the two files is closed.
 */
#include <kern/systm.h>
#include <kern/component.h>
#include <kern/filedesc.h>
#include <kern/kmem.h>
#include <kern/lwp.h>
#include <kern/syscall.h>
#include <kern/uio.h>
#include <rump/rumpdefs.h>
#include "pipevar.h"

static int
pipe_fop_read(struct file *fp, struct uio *uio, int flags __unused)
{
	return pipe_read(fp->f_data, uio,
	    (pipe_fflag(fp) & RUMP_O_NONBLOCK) != 0);
}

static int
pipe_fop_write(struct file *fp, struct uio *uio, int flags __unused)
{
	return pipe_write(fp->f_data, uio,
	    (pipe_fflag(fp) & RUMP_O_NONBLOCK) != 0);
}

static int
pipe_fop_ioctl(struct file *fp, unsigned long cmd, void *data)
{
	return pipe_ioctl(fp->f_data, cmd, data);
}

/* Both ends have always had a writer: pipe_wgen is at least 1. */
static int
pipe_fop_poll(struct file *fp, int events, struct pollwaiter *pw)
{
	return pipe_poll(fp->f_data, pipe_fflag(fp), events, pw, 0);
}

static int
pipe_fop_stat(struct file *fp, struct rump_stat *st)
{
	pipe_stat(fp->f_data, st);
	return 0;
}

/* No other reference to fp exists: its f_flag is stable. */
static void
pipe_fop_close(struct file *fp)
{
	struct pipe *p = fp->f_data;
	unsigned left;

	mutex_enter(&p->pipe_lock);
	left = pipe_detach(p, fp->f_flag & (FREAD | FWRITE));
	mutex_exit(&p->pipe_lock);
	if (left == 0) {
		pipe_fini(p);
		kmem_free(p, sizeof(*p));
	}
}

static const struct fileops pipe_fileops = {
	.fo_read = pipe_fop_read,
	.fo_write = pipe_fop_write,
	.fo_ioctl = pipe_fop_ioctl,
	.fo_poll = pipe_fop_poll,
	.fo_stat = pipe_fop_stat,
	.fo_seek = NULL,
	.fo_advlock = NULL,
	.fo_close = pipe_fop_close,
};

/* A file for one end; NULL if memory is short. */
static struct file *
pipe_end(struct pipe *p, int fflag)
{
	struct file *fp = file_alloc(DTYPE_PIPE, &pipe_fileops, p, fflag);

	if (fp != NULL) {
		mutex_enter(&p->pipe_lock);
		pipe_attach(p, fflag & (FREAD | FWRITE));
		mutex_exit(&p->pipe_lock);
	}
	return fp;
}

static int
dopipe(struct lwp *l, int *ufds, int flags)
{
	struct filedesc *fdp = l->l_proc->p_fd;
	int fdflags = (flags & RUMP_O_CLOEXEC) ? FD_CLOEXEC_FLAG : 0;
	int status = flags & RUMP_O_NONBLOCK, fds[2] = { -1, -1 }, error;
	struct file *rf = NULL, *wf = NULL;
	struct pipe *p;

	if (flags & ~(RUMP_O_CLOEXEC | RUMP_O_NONBLOCK))
		return EINVAL;
	if ((p = kmem_alloc(sizeof(*p), KM_SLEEP)) == NULL)
		return ENOMEM;
	if ((error = pipe_init(p)) != 0) {
		kmem_free(p, sizeof(*p));
		return error;
	}
	/* From here the files own the pipe: releasing them frees it. */
	if ((rf = pipe_end(p, FREAD | status)) == NULL ||
	    (wf = pipe_end(p, FWRITE | status)) == NULL) {
		error = ENOMEM;
		if (rf == NULL) {
			pipe_fini(p);
			kmem_free(p, sizeof(*p));
		}
		goto out;
	}
	if ((error = fd_install(fdp, rf, 0, fdflags, &fds[0])) != 0 ||
	    (error = fd_install(fdp, wf, 0, fdflags, &fds[1])) != 0)
		goto out;
	error = copyout(fds, ufds, sizeof(fds));
out:
	if (error != 0) {
		for (int i = 0; i < 2; i++)
			if (fds[i] >= 0)
				(void)fd_close(fdp, fds[i]);
	}
	if (rf != NULL)
		file_release(rf);
	if (wf != NULL)
		file_release(wf);
	return error;
}

/* pipe(fds): fds[0] reads, fds[1] writes. */
static int
sys_pipe(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	return dopipe(l, SCARG_PTR(args, 0), 0);
}

/* pipe2(fds, flags): RUMP_O_CLOEXEC and RUMP_O_NONBLOCK. */
static int
sys_pipe2(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	return dopipe(l, SCARG_PTR(args, 0), SCARG_INT(args, 1));
}

static const struct sysent pipe_syscalls[] = {
	{ RUMP_SYS_pipe, sys_pipe, "pipe", "p" },
	{ RUMP_SYS_pipe2, sys_pipe2, "pipe2", "px" },
	{ 0, NULL, NULL, NULL },
};

COMPONENT(COMPONENT_KERN, sys_pipe)
{
	return syscall_establish(pipe_syscalls);
}
