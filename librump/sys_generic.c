/*
 * sys_generic.c: reading, writing and seeking on any descriptor: read,
 * write, readv, writev, pread, pwrite, preadv, pwritev, lseek.
 */
#include <kern/systm.h>
#include <kern/component.h>
#include <kern/filedesc.h>
#include <kern/lwp.h>
#include <kern/syscall.h>
#include <kern/uio.h>
#include <rump/rumpdefs.h>

/*
 * Transfer through fp over uio; at offset (pread and friends) when
 * positional, else at the file's own offset.  The count moved goes to rv[0]; a transfer cut
 * short after some bytes moved reports the bytes, not the error.
 */
static int
dofileio(struct lwp *l, int fd, struct uio *uio, bool positional,
    off_t offset, syscallarg_t *rv)
{
	int need = uio->uio_rw == UIO_READ ? FREAD : FWRITE;
	size_t resid = uio->uio_resid;
	struct file *fp;
	int error, flags = FOF_UPDATE_OFFSET;

	/* A negative offset is refused first, as on Linux. */
	if (positional && offset < 0)
		return EINVAL;
	if ((fp = fd_getfile(l->l_proc->p_fd, fd)) == NULL)
		return EBADF;
	if ((fp->f_flag & need) == 0) {
		file_release(fp);
		return EBADF;
	}
	if (positional) {
		if (fp->f_ops->fo_seek == NULL) {
			file_release(fp);
			return ESPIPE;
		}
		uio->uio_offset = offset;
		flags = 0;
	}
	if (uio->uio_rw == UIO_READ)
		error = fp->f_ops->fo_read(fp, uio, flags);
	else
		error = fp->f_ops->fo_write(fp, uio, flags);
	file_release(fp);
	if (uio->uio_resid != resid && (error == EINTR || error == EAGAIN ||
	    error == EPIPE))
		error = 0;
	rv[0] = (syscallarg_t)(resid - uio->uio_resid);
	return error;
}

static int
rw1(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv,
    enum uio_rw rw, bool positional)
{
	struct kiovec iov;
	struct uio uio;
	uint64_t len = args[2];

	if (len > (uint64_t)__PTRDIFF_MAX__)
		return EINVAL;
	uio_setup1(&uio, &iov, SCARG_PTR(args, 1), (size_t)len, 0, rw,
	    UIO_USERSPACE);
	return dofileio(l, SCARG_INT(args, 0), &uio, positional,
	    (off_t)args[3], rv);
}

static int
rwv(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv,
    enum uio_rw rw, bool positional)
{
	struct kiovec iov[RUMP_IOV_MAX];
	struct uio uio;
	int error;

	if ((error = uio_copyin_iov(&uio, iov, SCARG_PTR(args, 1),
	    SCARG_INT(args, 2), rw)) != 0)
		return error;
	return dofileio(l, SCARG_INT(args, 0), &uio, positional,
	    (off_t)args[3], rv);
}

static int
sys_read(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	return rw1(l, args, rv, UIO_READ, false);
}

static int
sys_write(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	return rw1(l, args, rv, UIO_WRITE, false);
}

static int
sys_pread(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	return rw1(l, args, rv, UIO_READ, true);
}

static int
sys_pwrite(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	return rw1(l, args, rv, UIO_WRITE, true);
}

static int
sys_readv(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	return rwv(l, args, rv, UIO_READ, false);
}

static int
sys_writev(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	return rwv(l, args, rv, UIO_WRITE, false);
}

static int
sys_preadv(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	return rwv(l, args, rv, UIO_READ, true);
}

static int
sys_pwritev(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	return rwv(l, args, rv, UIO_WRITE, true);
}

static int
sys_lseek(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	struct file *fp;
	off_t newoff;
	int error;

	if ((fp = fd_getfile(l->l_proc->p_fd, SCARG_INT(args, 0))) == NULL)
		return EBADF;
	if (fp->f_ops->fo_seek == NULL)
		error = ESPIPE;
	else
		error = fp->f_ops->fo_seek(fp, (off_t)args[1], SCARG_INT(args, 2),
		    &newoff);
	file_release(fp);
	if (error == 0)
		rv[0] = (syscallarg_t)newoff;
	return error;
}

static const struct sysent generic_syscalls[] = {
	{ RUMP_SYS_read, sys_read, "read", "dpu" },
	{ RUMP_SYS_write, sys_write, "write", "dpu" },
	{ RUMP_SYS_pread, sys_pread, "pread", "dpud" },
	{ RUMP_SYS_pwrite, sys_pwrite, "pwrite", "dpud" },
	{ RUMP_SYS_readv, sys_readv, "readv", "dpd" },
	{ RUMP_SYS_writev, sys_writev, "writev", "dpd" },
	{ RUMP_SYS_preadv, sys_preadv, "preadv", "dpdd" },
	{ RUMP_SYS_pwritev, sys_pwritev, "pwritev", "dpdd" },
	{ RUMP_SYS_lseek, sys_lseek, "lseek", "ddd" },
	{ 0, NULL, NULL, NULL },
};

COMPONENT(COMPONENT_KERN, sys_generic)
{
	return syscall_establish(generic_syscalls);
}
