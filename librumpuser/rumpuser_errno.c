/*
 * rumpuser_errno.c: host errno <-> kernel errno.  One table, built from
 * RUMP_ERRNO_LIST, read in both directions.  A table rather than a
 * switch because hosts alias some names (on Linux ENOTSUP == EOPNOTSUPP,
 * which would be duplicate cases); the first match wins.
 */
#include "rumpuser_int.h"

#include <errno.h>
#include <stddef.h>

static const struct {
	int host;
	int kernel;
} ru_errtab[] = {
#define RU_ERRPAIR(name) { name, RUMP_##name },
	RUMP_ERRNO_LIST(RU_ERRPAIR)
#undef RU_ERRPAIR
};

#define RU_NERR (sizeof(ru_errtab) / sizeof(ru_errtab[0]))

/* Callers translate failures only: 0 must not turn into success. */
int
rumpuser__errno_to_kernel(int host)
{
	size_t i;

	for (i = 0; i < RU_NERR; i++)
		if (ru_errtab[i].host == host)
			return ru_errtab[i].kernel;
	return RUMP_EIO;
}

void
rumpuser_seterrno(int kerror)
{
	size_t i;

	if (kerror == 0) {
		errno = 0;
		return;
	}
	for (i = 0; i < RU_NERR; i++) {
		if (ru_errtab[i].kernel == kerror) {
			errno = ru_errtab[i].host;
			return;
		}
	}
	errno = EINVAL;
}
