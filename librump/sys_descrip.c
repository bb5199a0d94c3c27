/*
 * sys_descrip.c: system calls on descriptors themselves: close, dup,
 * dup2, dup3, fcntl, flock, fstat, ioctl.
 */
#include <kern/systm.h>
#include <kern/component.h>
#include <kern/filedesc.h>
#include <kern/lwp.h>
#include <kern/syscall.h>
#include <rump/rumpdefs.h>

#define FDP(l) ((l)->l_proc->p_fd)

static int
sys_close(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	return fd_close(FDP(l), SCARG_INT(args, 0));
}

static int
dup_from(struct lwp *l, int fd, int minfd, int fdflags, syscallarg_t *rv)
{
	struct file *fp;
	int newfd, error;

	if ((fp = fd_getfile(FDP(l), fd)) == NULL)
		return EBADF;
	error = fd_install(FDP(l), fp, minfd, fdflags, &newfd);
	file_release(fp);
	if (error == 0)
		rv[0] = (syscallarg_t)newfd;
	return error;
}

static int
sys_dup(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	return dup_from(l, SCARG_INT(args, 0), 0, 0, rv);
}

static int
dup_onto(struct lwp *l, int fd, int newfd, int fdflags, syscallarg_t *rv)
{
	struct file *fp;
	int error;

	if ((fp = fd_getfile(FDP(l), fd)) == NULL)
		return EBADF;
	if (fd == newfd) {	/* dup2: nothing to do */
		file_release(fp);
		rv[0] = (syscallarg_t)newfd;
		return 0;
	}
	error = fd_dup2(FDP(l), fp, newfd, fdflags);
	file_release(fp);
	if (error == 0)
		rv[0] = (syscallarg_t)newfd;
	return error;
}

static int
sys_dup2(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	return dup_onto(l, SCARG_INT(args, 0), SCARG_INT(args, 1), 0, rv);
}

static int
sys_dup3(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	int fd = SCARG_INT(args, 0), newfd = SCARG_INT(args, 1);
	int flags = SCARG_INT(args, 2);

	/* Refused before the descriptor is looked at, as on Linux. */
	if ((flags & ~RUMP_O_CLOEXEC) || fd == newfd)
		return EINVAL;
	return dup_onto(l, fd, newfd,
	    (flags & RUMP_O_CLOEXEC) ? FD_CLOEXEC_FLAG : 0, rv);
}

/* Record locks through fcntl: F_GETLK, F_SETLK, F_SETLKW. */
static int
fcntl_lock(struct lwp *l, struct file *fp, int cmd, void *uarg)
{
	struct rump_flock fl;
	int error;

	if ((error = copyin(uarg, &fl, sizeof(fl))) != 0)
		return error;
	if (fp->f_ops->fo_advlock == NULL)
		return EINVAL;
	if (cmd != RUMP_F_GETLK && ((fl.l_type == RUMP_F_RDLCK &&
	    !(fp->f_flag & FREAD)) || (fl.l_type == RUMP_F_WRLCK &&
	    !(fp->f_flag & FWRITE))))
		return EBADF;
	if (fl.l_type != RUMP_F_UNLCK)
		fp->f_haslocks = true;
	error = fp->f_ops->fo_advlock(fp, l->l_proc, cmd, &fl, 0);
	if (error == 0 && cmd == RUMP_F_GETLK)
		error = copyout(&fl, uarg, sizeof(fl));
	return error;
}

static int
sys_fcntl(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv)
{
	int fd = SCARG_INT(args, 0), cmd = SCARG_INT(args, 1);
	int arg = SCARG_INT(args, 2), flags, error = 0;
	struct file *fp;

	switch (cmd) {
	case RUMP_F_DUPFD:
	case RUMP_F_DUPFD_CLOEXEC:
		/* A bad minimum is fd_install's EINVAL, after EBADF. */
		return dup_from(l, fd, arg,
		    cmd == RUMP_F_DUPFD_CLOEXEC ? FD_CLOEXEC_FLAG : 0, rv);
	case RUMP_F_GETFD:
		if ((flags = fd_getflags(FDP(l), fd)) < 0)
			return EBADF;
		rv[0] = (flags & FD_CLOEXEC_FLAG) ? RUMP_FD_CLOEXEC : 0;
		return 0;
	case RUMP_F_SETFD:
		return fd_setflags(FDP(l), fd,
		    (arg & RUMP_FD_CLOEXEC) ? FD_CLOEXEC_FLAG : 0);
	}
	if ((fp = fd_getfile(FDP(l), fd)) == NULL)
		return EBADF;
	switch (cmd) {
	case RUMP_F_GETFL:
		rv[0] = (syscallarg_t)((fp->f_flag & ~(FREAD | FWRITE)) |
		    ((fp->f_flag & (FREAD | FWRITE)) - 1));
		break;
	case RUMP_F_SETFL: {
		int nbio = (arg & RUMP_O_NONBLOCK) != 0;

		/* Tell the object first: it may refuse. */
		error = fp->f_ops->fo_ioctl(fp, RUMP_FIONBIO, &nbio);
		if (error == ENOTTY || error == EOPNOTSUPP)
			error = 0;
		if (error)
			break;
		mutex_enter(&fp->f_lock);
		fp->f_flag = (fp->f_flag & ~FSETFLAGS) | (arg & FSETFLAGS);
		mutex_exit(&fp->f_lock);
		break;
	}
	case RUMP_F_GETLK:
	case RUMP_F_SETLK:
	case RUMP_F_SETLKW:
		error = fcntl_lock(l, fp, cmd, SCARG_PTR(args, 2));
		break;
	default:
		error = EINVAL;
	}
	file_release(fp);
	return error;
}

static int
sys_flock(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	int how = SCARG_INT(args, 1), error;
	struct rump_flock fl = { .l_whence = RUMP_SEEK_SET };
	struct file *fp;

	switch (how & ~RUMP_LOCK_NB) {
	case RUMP_LOCK_SH:
		fl.l_type = RUMP_F_RDLCK;
		break;
	case RUMP_LOCK_EX:
		fl.l_type = RUMP_F_WRLCK;
		break;
	case RUMP_LOCK_UN:
		fl.l_type = RUMP_F_UNLCK;
		break;
	default:
		return EINVAL;
	}
	if ((fp = fd_getfile(FDP(l), SCARG_INT(args, 0))) == NULL)
		return EBADF;
	if (fp->f_ops->fo_advlock == NULL) {
		file_release(fp);
		return EOPNOTSUPP;
	}
	if (fl.l_type != RUMP_F_UNLCK)
		fp->f_haslocks = true;
	error = fp->f_ops->fo_advlock(fp, fp,
	    (how & RUMP_LOCK_NB) || fl.l_type == RUMP_F_UNLCK ?
	    RUMP_F_SETLK : RUMP_F_SETLKW, &fl, FL_FLOCK);
	file_release(fp);
	return error;
}

static int
sys_fstat(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	struct rump_stat st;
	struct file *fp;
	int error;

	if ((fp = fd_getfile(FDP(l), SCARG_INT(args, 0))) == NULL)
		return EBADF;
	memset(&st, 0, sizeof(st));
	error = fp->f_ops->fo_stat(fp, &st);
	file_release(fp);
	if (error == 0)
		error = copyout(&st, SCARG_PTR(args, 1), sizeof(st));
	return error;
}

/* ioctl numbers carry the argument's size and direction. */
#define IOC_OUT		0x40000000UL
#define IOC_IN		0x80000000UL
#define IOCPARM_LEN(c)	(((c) >> 16) & 0x1fff)
#define IOCPARM_MAX	1024

static int
sys_ioctl(struct lwp *l, const syscallarg_t *args, syscallarg_t *rv __unused)
{
	unsigned long cmd = (uint32_t)args[1];
	size_t len = IOCPARM_LEN(cmd);
	void *uarg = SCARG_PTR(args, 2);
	char data[IOCPARM_MAX];
	struct file *fp;
	int error = 0;

	if (len > sizeof(data))
		return ENOTTY;
	if ((fp = fd_getfile(FDP(l), SCARG_INT(args, 0))) == NULL)
		return EBADF;
	memset(data, 0, len);
	if ((cmd & IOC_IN) && len > 0)
		error = copyin(uarg, data, len);
	if (error == 0)
		error = fp->f_ops->fo_ioctl(fp, cmd, data);
	if (error == 0 && cmd == RUMP_FIONBIO) {
		mutex_enter(&fp->f_lock);
		if (*(int *)data)
			fp->f_flag |= RUMP_O_NONBLOCK;
		else
			fp->f_flag &= ~RUMP_O_NONBLOCK;
		mutex_exit(&fp->f_lock);
	}
	if (error == 0 && (cmd & IOC_OUT) && len > 0)
		error = copyout(data, uarg, len);
	file_release(fp);
	return error;
}

static const struct sysent descrip_syscalls[] = {
	{ RUMP_SYS_close, sys_close, "close", "d" },
	{ RUMP_SYS_dup, sys_dup, "dup", "d" },
	{ RUMP_SYS_dup2, sys_dup2, "dup2", "dd" },
	{ RUMP_SYS_dup3, sys_dup3, "dup3", "ddx" },
	{ RUMP_SYS_fcntl, sys_fcntl, "fcntl", "ddx" },
	{ RUMP_SYS_flock, sys_flock, "flock", "dx" },
	{ RUMP_SYS_fstat, sys_fstat, "fstat", "dp" },
	{ RUMP_SYS_ioctl, sys_ioctl, "ioctl", "dxp" },
	{ 0, NULL, NULL, NULL },
};

COMPONENT(COMPONENT_KERN, sys_descrip)
{
	return syscall_establish(descrip_syscalls);
}
