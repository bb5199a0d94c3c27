/*
 * errno.c: the system-call edge's error handling: kernel errors to the
 * host's, and the common path of every rump_sys_* wrapper.
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

long long
hostabi_syscall(int num, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
    uint64_t a4, uint64_t a5)
{
	uint64_t args[6] = { a0, a1, a2, a3, a4, a5 };
	uint64_t rv[2];
	int error;

	error = rump_syscall(num, args, rv);
	if (error != 0) {
		rumpuser_seterrno(error);
		return -1;
	}
	return (long long)rv[0];
}
