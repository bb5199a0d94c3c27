/*
 * filedesc.c: descriptor tables and file references, the generic file
 * layer that the VFS, pipes and sockets put their objects behind.
 */
#include <kern/systm.h>
#include <kern/filedesc.h>
#include <kern/kmem.h>
#include <kern/atomic.h>
#include <kern/lwp.h>
#include <rump/rumpdefs.h>

struct file *
file_alloc(enum file_type type, const struct fileops *ops, void *data,
    int flag)
{
	struct file *fp = kmem_zalloc(sizeof(*fp), KM_SLEEP);

	if (fp != NULL) {
		fp->f_count = 1;
		fp->f_type = type;
		fp->f_ops = ops;
		fp->f_data = data;
		fp->f_flag = flag;
		mutex_init(&fp->f_lock, MUTEX_DEFAULT, IPL_NONE);
	}
	return fp;
}

void
file_hold(struct file *fp)
{
	atomic_inc_uint(&fp->f_count);
}

void
file_release(struct file *fp)
{
	if (atomic_dec_uint_nv(&fp->f_count) > 0)
		return;
	fp->f_ops->fo_close(fp);
	mutex_destroy(&fp->f_lock);
	kmem_free(fp, sizeof(*fp));
}

static struct filedesc *
fd_table_alloc(int nslots)
{
	struct filedesc *fdp = kmem_zalloc(sizeof(*fdp), KM_SLEEP);

	if (fdp == NULL)
		return NULL;
	if (nslots > 0 && (fdp->fd_slots = kmem_zalloc(nslots *
	    sizeof(struct fdslot), KM_SLEEP)) == NULL) {
		kmem_free(fdp, sizeof(*fdp));
		return NULL;
	}
	fdp->fd_nslots = nslots;
	fdp->fd_refcnt = 1;
	mutex_init(&fdp->fd_lock, MUTEX_DEFAULT, IPL_NONE);
	return fdp;
}

int
fd_table_create(struct filedesc *parent, int flags, struct filedesc **fdpp)
{
	struct filedesc *fdp;

	if (parent != NULL && (flags & (RUMP_RFFDG | RUMP_RFCFDG)) == 0) {
		atomic_inc_uint(&parent->fd_refcnt);
		*fdpp = parent;
		return 0;
	}
	if (parent == NULL || (flags & RUMP_RFCFDG)) {
		if ((fdp = fd_table_alloc(0)) == NULL)
			return ENOMEM;
		*fdpp = fdp;
		return 0;
	}
	mutex_enter(&parent->fd_lock);
	fdp = fd_table_alloc(parent->fd_nslots);
	if (fdp == NULL) {
		mutex_exit(&parent->fd_lock);
		return ENOMEM;
	}
	for (int i = 0; i < parent->fd_nslots; i++) {
		fdp->fd_slots[i] = parent->fd_slots[i];
		if (fdp->fd_slots[i].fs_file != NULL)
			file_hold(fdp->fd_slots[i].fs_file);
	}
	fdp->fd_lowfree = parent->fd_lowfree;
	mutex_exit(&parent->fd_lock);
	*fdpp = fdp;
	return 0;
}

/*
 * A descriptor for fp goes away, or process owner exits: POSIX record
 * locks that the process holds on the object go with it, whichever of
 * its open files they were taken through (so not only if fp's own
 * f_haslocks says some were taken through fp).
 */
static void
fd_closing(struct file *fp, struct proc *owner)
{
	struct rump_flock unlock = { .l_type = RUMP_F_UNLCK,
	    .l_whence = RUMP_SEEK_SET };

	if (fp->f_ops->fo_advlock != NULL)
		fp->f_ops->fo_advlock(fp, owner, RUMP_F_SETLK, &unlock, 0);
}

void
fd_table_release(struct filedesc *fdp, struct proc *owner)
{
	mutex_enter(&fdp->fd_lock);
	for (int i = 0; i < fdp->fd_nslots; i++)
		if (fdp->fd_slots[i].fs_file != NULL)
			fd_closing(fdp->fd_slots[i].fs_file, owner);
	mutex_exit(&fdp->fd_lock);
	if (atomic_dec_uint_nv(&fdp->fd_refcnt) > 0)
		return;
	for (int i = 0; i < fdp->fd_nslots; i++)
		if (fdp->fd_slots[i].fs_file != NULL)
			file_release(fdp->fd_slots[i].fs_file);
	if (fdp->fd_nslots > 0)
		kmem_free(fdp->fd_slots, fdp->fd_nslots * sizeof(struct fdslot));
	mutex_destroy(&fdp->fd_lock);
	kmem_free(fdp, sizeof(*fdp));
}

/* Make room for slot fd; the caller holds fd_lock. */
static int
fd_grow(struct filedesc *fdp, int fd)
{
	int n = fdp->fd_nslots ? fdp->fd_nslots : 16;
	struct fdslot *slots;

	while (n <= fd)
		n *= 2;
	if (n > FD_MAX)
		n = FD_MAX;
	if ((slots = kmem_zalloc(n * sizeof(*slots), KM_SLEEP)) == NULL)
		return ENOMEM;
	if (fdp->fd_nslots > 0) {
		memcpy(slots, fdp->fd_slots, fdp->fd_nslots * sizeof(*slots));
		kmem_free(fdp->fd_slots, fdp->fd_nslots * sizeof(*slots));
	}
	fdp->fd_slots = slots;
	fdp->fd_nslots = n;
	return 0;
}

int
fd_install(struct filedesc *fdp, struct file *fp, int minfd, int flags, int *fdp_out)
{
	int fd, error;

	if (minfd < 0 || minfd >= FD_MAX)
		return EINVAL;
	mutex_enter(&fdp->fd_lock);
	for (fd = MAX(minfd, fdp->fd_lowfree); fd < FD_MAX; fd++)
		if (fd >= fdp->fd_nslots || fdp->fd_slots[fd].fs_file == NULL)
			break;
	if (fd == FD_MAX) {
		mutex_exit(&fdp->fd_lock);
		return EMFILE;
	}
	if (fd >= fdp->fd_nslots && (error = fd_grow(fdp, fd)) != 0) {
		mutex_exit(&fdp->fd_lock);
		return error;
	}
	file_hold(fp);
	fdp->fd_slots[fd].fs_file = fp;
	fdp->fd_slots[fd].fs_flags = flags;
	if (fd == fdp->fd_lowfree)
		fdp->fd_lowfree = fd + 1;
	mutex_exit(&fdp->fd_lock);
	*fdp_out = fd;
	return 0;
}

struct file *
fd_getfile(struct filedesc *fdp, int fd)
{
	struct file *fp = NULL;

	mutex_enter(&fdp->fd_lock);
	if (fd >= 0 && fd < fdp->fd_nslots &&
	    (fp = fdp->fd_slots[fd].fs_file) != NULL)
		file_hold(fp);
	mutex_exit(&fdp->fd_lock);
	return fp;
}


int
fd_close(struct filedesc *fdp, int fd)
{
	struct file *fp;

	mutex_enter(&fdp->fd_lock);
	if (fd < 0 || fd >= fdp->fd_nslots ||
	    (fp = fdp->fd_slots[fd].fs_file) == NULL) {
		mutex_exit(&fdp->fd_lock);
		return EBADF;
	}
	fdp->fd_slots[fd].fs_file = NULL;
	if (fd < fdp->fd_lowfree)
		fdp->fd_lowfree = fd;
	mutex_exit(&fdp->fd_lock);
	fd_closing(fp, curproc);
	file_release(fp);
	return 0;
}

int
fd_dup2(struct filedesc *fdp, struct file *fp, int newfd, int flags)
{
	struct file *old;
	int error;

	if (newfd < 0 || newfd >= FD_MAX)
		return EBADF;
	mutex_enter(&fdp->fd_lock);
	if (newfd >= fdp->fd_nslots && (error = fd_grow(fdp, newfd)) != 0) {
		mutex_exit(&fdp->fd_lock);
		return error;
	}
	old = fdp->fd_slots[newfd].fs_file;
	file_hold(fp);
	fdp->fd_slots[newfd].fs_file = fp;
	fdp->fd_slots[newfd].fs_flags = flags;
	if (newfd == fdp->fd_lowfree)
		while (fdp->fd_lowfree < fdp->fd_nslots &&
		    fdp->fd_slots[fdp->fd_lowfree].fs_file != NULL)
			fdp->fd_lowfree++;
	mutex_exit(&fdp->fd_lock);
	if (old != NULL) {
		fd_closing(old, curproc);
		file_release(old);
	}
	return 0;
}

int
fd_getflags(struct filedesc *fdp, int fd)
{
	int flags = -1;

	mutex_enter(&fdp->fd_lock);
	if (fd >= 0 && fd < fdp->fd_nslots && fdp->fd_slots[fd].fs_file != NULL)
		flags = fdp->fd_slots[fd].fs_flags;
	mutex_exit(&fdp->fd_lock);
	return flags;
}

int
fd_setflags(struct filedesc *fdp, int fd, int flags)
{
	int error = EBADF;

	mutex_enter(&fdp->fd_lock);
	if (fd >= 0 && fd < fdp->fd_nslots && fdp->fd_slots[fd].fs_file != NULL) {
		fdp->fd_slots[fd].fs_flags = flags;
		error = 0;
	}
	mutex_exit(&fdp->fd_lock);
	return error;
}

int
fd_count(struct filedesc *fdp)
{
	int n = 0;

	mutex_enter(&fdp->fd_lock);
	for (int i = 0; i < fdp->fd_nslots; i++)
		n += fdp->fd_slots[i].fs_file != NULL;
	mutex_exit(&fdp->fd_lock);
	return n;
}
