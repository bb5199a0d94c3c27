/*
 * errno.h: the kernel's error numbers under their usual names.
 *
 * Kernel functions return 0 or one of these; the values are the
 * kernel ABI's (rump/rumpdefs.h), translated to the host's only at the
 * system-call edge.
 */
#ifndef KERN_ERRNO_H
#define KERN_ERRNO_H

#include <rump/rumpdefs.h>

#define KERN_ERRNO_ALIAS(name) enum { name = RUMP_##name };
RUMP_ERRNO_LIST(KERN_ERRNO_ALIAS)
#undef KERN_ERRNO_ALIAS

#define EPROGMISMATCH RUMP_EPROGMISMATCH
#define EWOULDBLOCK EAGAIN
#define ERESTART (-1)	/* kernel-internal: restart the system call */

#endif /* KERN_ERRNO_H */
