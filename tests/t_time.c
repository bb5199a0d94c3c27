/*
 * t_time.c: clock system calls.
 */
#include <errno.h>
#include <time.h>
#include <sys/time.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"

static long long
ns(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

T_CASE(realtime_matches_host, "CLOCK_REALTIME agrees with the host's clock")
{
	struct timespec h, k;

	T_ASSERT_EQ(rump_init(), 0);
	clock_gettime(CLOCK_REALTIME, &h);
	T_ASSERT_OK(rump_sys_clock_gettime(CLOCK_REALTIME, &k));
	T_ASSERT_LT(ns(&k) - ns(&h), 1000000000LL);
	T_ASSERT_GE(ns(&k), ns(&h));
}

T_CASE(monotonic_uptime, "CLOCK_MONOTONIC counts up from boot")
{
	struct timespec a, b, s = { 0, 30 * 1000 * 1000 };

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_clock_gettime(CLOCK_MONOTONIC, &a));
	T_ASSERT_LT(a.tv_sec, 5);
	T_ASSERT_OK(rump_sys_nanosleep(&s, NULL));
	T_ASSERT_OK(rump_sys_clock_gettime(CLOCK_MONOTONIC, &b));
	T_ASSERT_GE(ns(&b) - ns(&a), 30 * 1000 * 1000LL);
}

T_CASE(bad_clock, "unknown clocks and bad intervals give EINVAL, NULL gives EFAULT")
{
	struct timespec bad = { 0, 1000000000L };

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_ERRNO(rump_sys_clock_gettime((clockid_t)99, &bad), EINVAL);
	T_ASSERT_ERRNO(rump_sys_nanosleep(&bad, NULL), EINVAL);
	bad.tv_nsec = -1;
	T_ASSERT_ERRNO(rump_sys_nanosleep(&bad, NULL), EINVAL);
	T_ASSERT_ERRNO(rump_sys_nanosleep(NULL, NULL), EFAULT);
	T_ASSERT_ERRNO(rump_sys_clock_gettime(CLOCK_REALTIME, NULL), EFAULT);
}

T_CASE(gettimeofday_and_res, "gettimeofday and clock_getres answer")
{
	struct timeval tv;
	struct timespec res;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_gettimeofday(&tv, NULL));
	T_ASSERT_GT(tv.tv_sec, 1700000000);
	T_ASSERT_LT(tv.tv_usec, 1000000);
	T_ASSERT_OK(rump_sys_clock_getres(CLOCK_MONOTONIC, &res));
	T_ASSERT_EQ(res.tv_sec, 0);
	T_ASSERT_GT(res.tv_nsec, 0);
}
