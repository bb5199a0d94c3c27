/*
 * rumpuser_membar.c: the asymmetric memory barrier, Linux's
 * membarrier(2) with MEMBARRIER_CMD_PRIVATE_EXPEDITED: the host kernel
 * interrupts every CPU that runs a thread of this process and has it
 * execute a full barrier.  The process registers for it on the first
 * call.  Elsewhere, and where the host kernel (or an emulator) refuses,
 * there is none.
 */
#include "rumpuser_int.h"

#include <errno.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#if defined(__linux__) && defined(SYS_membarrier)

/* From <linux/membarrier.h>, which not every C library installs. */
#define RU_MB_QUERY			0
#define RU_MB_PRIVATE_EXPEDITED		(1 << 3)
#define RU_MB_REGISTER_PRIVATE_EXPEDITED (1 << 4)

static int ru_mb_state;		/* atomic: 0 untried, 1 registered, -1 none */

static long
ru_mb(int cmd)
{
	return syscall(SYS_membarrier, cmd, 0, 0);
}

/* Ask whether the host has the barrier and register; registering twice
 * does no harm, so two first callers at once are fine. */
static int
ru_mb_setup(void)
{
	const long want = RU_MB_PRIVATE_EXPEDITED |
	    RU_MB_REGISTER_PRIVATE_EXPEDITED;
	int saved = errno, state = -1;
	long cmds = ru_mb(RU_MB_QUERY);

	if (cmds >= 0 && (cmds & want) == want &&
	    ru_mb(RU_MB_REGISTER_PRIVATE_EXPEDITED) == 0 &&
	    ru_mb(RU_MB_PRIVATE_EXPEDITED) == 0)
		state = 1;
	errno = saved;
	__atomic_store_n(&ru_mb_state, state, __ATOMIC_RELEASE);
	return state;
}

int
rumpuser_membarrier(void)
{
	int state = __atomic_load_n(&ru_mb_state, __ATOMIC_ACQUIRE);

	if (state == 0)
		state = ru_mb_setup();
	if (state < 0)
		return RUMP_ENOTSUP;
	/* The host kernel issues a full barrier before and after, on the
	 * caller's CPU too; to the compiler, the call is opaque. */
	if (ru_mb(RU_MB_PRIVATE_EXPEDITED) != 0)
		rumpuser__fatal("membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED)",
		    errno);
	return 0;
}

#else

int
rumpuser_membarrier(void)
{
	return RUMP_ENOTSUP;
}

#endif
