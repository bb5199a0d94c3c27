/*
 * errno.c: the system-call edge's error numbers: kernel errors to the
 * host's.
 */
#include <errno.h>
#include <rump/rumpdefs.h>
#include <rump/rumpuser.h>
#include "hostabi.h"

int
hostabi_errno(int kerror)
{
#define KERROR_CASE(name) case RUMP_##name: return name;
	switch (kerror) {
	case 0:
		return 0;
	RUMP_ERRNO_LIST(KERROR_CASE)
	default:
		return EINVAL;
	}
#undef KERROR_CASE
}
