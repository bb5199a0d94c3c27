/*
 * t_port.c: what must hold on every host the kernel runs on: byte order
 * and unaligned access helpers, 64-bit division on 32-bit CPUs (both
 * checked from inside the kernel, tests/kern/ktest_port.c), and 64-bit
 * off_t and time_t in the programs the kernel's wrappers serve.
 */
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"
#include "ktest.h"

T_CASE(endian, "le/be 16/32/64 loads and stores at every alignment, host-order conversions")
{
	int failed_line;

	T_ASSERT_EQ(rump_init(), 0);
	failed_line = KTEST(rumpns_ktest_endian());	/* in ktest_port.c */
	T_ASSERT_EQ(failed_line, 0);
}

T_CASE(div64, "64-bit division and remainder, signed and unsigned, in the kernel")
{
	int failed_line;

	T_ASSERT_EQ(rump_init(), 0);
	failed_line = KTEST(rumpns_ktest_div64());	/* in ktest_port.c */
	T_ASSERT_EQ(failed_line, 0);
}

T_CASE(host_abi_64bit, "programs see 64-bit off_t and time_t, 32-bit hosts too")
{
	struct timespec ts;

	T_ASSERT_EQ(sizeof(off_t), 8);
	T_ASSERT_EQ(sizeof(time_t), 8);
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_clock_gettime(CLOCK_REALTIME, &ts));
	T_ASSERT_GT(ts.tv_sec, 1500000000);
	T_ASSERT(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
}
