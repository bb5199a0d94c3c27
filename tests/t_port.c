/*
 * t_port.c: what must hold on every host the kernel runs on: byte order
 * and unaligned access helpers, 64-bit division on 32-bit CPUs (both
 * checked from inside the kernel, tests/kern/ktest_port.c), 64-bit
 * off_t and time_t in the programs the kernel's wrappers serve, and the
 * store-load ordering of the scheduler's handshake (ktest_order.c).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
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

#define SB_ROUNDS 20000

struct sb_side {
	int side, forbidden;
	bool fenced;
};

static void *
sb_run(void *arg)
{
	struct sb_side *s = arg;

	rump_schedule();
	s->forbidden = rumpns_ktest_store_load_order(s->side, SB_ROUNDS,
	    s->fenced);
	rump_unschedule();
	return NULL;
}

/* Both sides of the litmus test at once; the forbidden outcomes seen. */
static int
sb_forbidden(bool fenced)
{
	struct sb_side s[2] = { { 0, 0, fenced }, { 1, 0, fenced } };
	pthread_t t[2];

	KTEST_VOID(rumpns_ktest_store_load_reset());
	for (int i = 0; i < 2; i++)
		T_ASSERT_EQ(pthread_create(&t[i], NULL, sb_run, &s[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	return s[0].forbidden;
}

T_CASE(store_load_order, "a fenced store, then a load: never both old (the scheduler's handshake)")
{
	int plain;

	setenv("RUMP_NCPU", "2", 1);
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(sb_forbidden(true), 0);
	/* What a plain sequentially consistent store gives, for the
	 * record: qemu-user's aarch64 on x86 reorders a third or more. */
	plain = sb_forbidden(false);
	T_LOG("sequentially consistent store then load: %d of %d rounds "
	    "reordered", plain, SB_ROUNDS);
}
