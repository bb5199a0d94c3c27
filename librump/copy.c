/*
 * copy.c: moving data between the kernel and a system call's caller.
 *
 * A caller in the same process shares its address space, so these are
 * plain copies; a NULL caller pointer is refused with EFAULT.  The
 * remote-call server will supply copies that go over the wire instead.
 */
#include <kern/systm.h>

int
copyin(const void *uaddr, void *kaddr, size_t len)
{
	if (len == 0)
		return 0;
	if (uaddr == NULL)
		return EFAULT;
	memcpy(kaddr, uaddr, len);
	return 0;
}

int
copyout(const void *kaddr, void *uaddr, size_t len)
{
	if (len == 0)
		return 0;
	if (uaddr == NULL)
		return EFAULT;
	memcpy(uaddr, kaddr, len);
	return 0;
}

static int
copystr(const char *src, char *dst, size_t len, size_t *done)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((dst[i] = src[i]) == '\0') {
			if (done != NULL)
				*done = i + 1;
			return 0;
		}
	}
	if (done != NULL)
		*done = i;
	return ENAMETOOLONG;
}

int
copyinstr(const void *uaddr, void *kaddr, size_t len, size_t *done)
{
	if (uaddr == NULL)
		return EFAULT;
	return copystr(uaddr, kaddr, len, done);
}

int
copyoutstr(const void *kaddr, void *uaddr, size_t len, size_t *done)
{
	if (uaddr == NULL)
		return EFAULT;
	return copystr(kaddr, uaddr, len, done);
}
