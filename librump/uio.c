/*
 * uio.c: moving data through a uio, and building one from a caller's
 * vector.
 */
#include <kern/systm.h>
#include <kern/uio.h>
#include <rump/rumpdefs.h>

int
uiomove(void *buf, size_t n, struct uio *uio)
{
	char *cp = buf;
	int error = 0;

	while (n > 0 && uio->uio_resid > 0) {
		struct kiovec *iov = uio->uio_iov;
		size_t cnt = MIN(iov->iov_len, n);

		if (cnt == 0) {
			KASSERT(uio->uio_iovcnt > 1);
			uio->uio_iov++;
			uio->uio_iovcnt--;
			continue;
		}
		if (uio->uio_seg == UIO_SYSSPACE) {
			if (uio->uio_rw == UIO_READ)
				memcpy(iov->iov_base, cp, cnt);
			else
				memcpy(cp, iov->iov_base, cnt);
		} else if (uio->uio_rw == UIO_READ) {
			error = copyout(cp, iov->iov_base, cnt);
		} else {
			error = copyin(iov->iov_base, cp, cnt);
		}
		if (error)
			break;
		iov->iov_base = (char *)iov->iov_base + cnt;
		iov->iov_len -= cnt;
		uio->uio_resid -= cnt;
		uio->uio_offset += (off_t)cnt;
		cp += cnt;
		n -= cnt;
	}
	return error;
}

int
uiomove_zero(size_t n, struct uio *uio)
{
	static const char zeroes[512];
	int error = 0;

	KASSERT(uio->uio_rw == UIO_READ);
	while (n > 0 && uio->uio_resid > 0 && error == 0) {
		size_t cnt = MIN(n, sizeof(zeroes));

		error = uiomove((void *)(uintptr_t)zeroes, cnt, uio);
		n -= cnt;
	}
	return error;
}

void
uio_setup1(struct uio *uio, struct kiovec *iov, void *base, size_t len,
    off_t offset, enum uio_rw rw, enum uio_seg seg)
{
	iov->iov_base = base;
	iov->iov_len = len;
	uio->uio_iov = iov;
	uio->uio_iovcnt = 1;
	uio->uio_offset = offset;
	uio->uio_resid = len;
	uio->uio_rw = rw;
	uio->uio_seg = seg;
}

int
uio_copyin_iov(struct uio *uio, struct kiovec *kiov, const void *uiov,
    int iovcnt, enum uio_rw rw)
{
	const struct rump_iovec *src = uiov;
	struct rump_iovec one;
	size_t total = 0;
	int error;

	if (iovcnt < 0 || iovcnt > RUMP_IOV_MAX)
		return EINVAL;		/* none is a transfer of 0 bytes */
	for (int i = 0; i < iovcnt; i++) {
		if ((error = copyin(&src[i], &one, sizeof(one))) != 0)
			return error;
		if (one.iov_len > (uint64_t)__PTRDIFF_MAX__ - total)
			return EINVAL;
		kiov[i].iov_base = (void *)(uintptr_t)one.iov_base;
		kiov[i].iov_len = (size_t)one.iov_len;
		total += (size_t)one.iov_len;
	}
	uio->uio_iov = kiov;
	uio->uio_iovcnt = iovcnt;
	uio->uio_offset = 0;
	uio->uio_resid = total;
	uio->uio_rw = rw;
	uio->uio_seg = UIO_USERSPACE;
	return 0;
}
