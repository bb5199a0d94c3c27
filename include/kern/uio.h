/*
 * uio.h: a read or write in progress, over a list of buffers.
 *
 * A uio describes where data goes to or comes from: the caller's
 * memory (reached only through copyin/copyout) or the kernel's own.
 * uiomove() moves bytes between a kernel buffer and the uio and
 * advances it; uio_offset is the file position the transfer is at.
 */
#ifndef KERN_UIO_H
#define KERN_UIO_H

#include <kern/types.h>

struct kiovec {
	void *iov_base;
	size_t iov_len;
};

enum uio_rw { UIO_READ, UIO_WRITE };		/* from the file's side */
enum uio_seg { UIO_USERSPACE, UIO_SYSSPACE };

struct uio {
	struct kiovec *uio_iov;
	int uio_iovcnt;
	off_t uio_offset;
	size_t uio_resid;		/* bytes still to move */
	enum uio_rw uio_rw;
	enum uio_seg uio_seg;
};

/* Move up to n bytes between buf and uio (direction: uio_rw). */
int uiomove(void *buf, size_t n, struct uio *uio);
/* Zero-fill n bytes into a UIO_READ uio (holes). */
int uiomove_zero(size_t n, struct uio *uio);
/* A uio over one kernel or caller buffer. */
void uio_setup1(struct uio *, struct kiovec *iov, void *base, size_t len,
    off_t offset, enum uio_rw, enum uio_seg);
/* Copy in a caller's rump_iovec array (at most RUMP_IOV_MAX) into kiov
 * and set up a uio over it; EINVAL for a bad count or a total that
 * overflows ssize_t. */
int uio_copyin_iov(struct uio *, struct kiovec *kiov, const void *uiov,
    int iovcnt, enum uio_rw);

#endif /* KERN_UIO_H */
