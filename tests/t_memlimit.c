/*
 * t_memlimit.c: RUMP_MEMLIMIT: running out gives ENOMEM, not a crash,
 * and memory comes back.
 */
#include <errno.h>
#include <stdlib.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"
#include "ktest.h"

T_CASE(kmem_refused_at_limit, "kmem_alloc fails at the limit and never exceeds it")
{
	int got = 0;

	setenv("RUMP_MEMLIMIT", "2m", 1);
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(KTEST(rumpns_ktest_kmem_until_full(64 * 1024, 1000, &got)), 0);
	T_ASSERT_GT(got, 10);
	T_ASSERT_LT(got, 32);
	/* Everything came back: the same again fits as much. */
	int again = 0;
	T_ASSERT_EQ(KTEST(rumpns_ktest_kmem_until_full(64 * 1024, 1000, &again)), 0);
	T_ASSERT_EQ(again, got);
}

T_CASE(reclaim_on_pressure, "reclaimers are asked for memory before an allocation fails")
{
	int calls = 0;

	setenv("RUMP_MEMLIMIT", "4m", 1);
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(KTEST(rumpns_ktest_kmem_reclaim(16 * 1024, &calls)), 0);
	T_ASSERT_GE(calls, 1);
}

T_CASE(rfork_enomem, "creating processes past the limit fails with ENOMEM, then recovers")
{
	struct lwp *l[20000];
	int n = 0, error = 0;

	setenv("RUMP_MEMLIMIT", "1m", 1);
	T_ASSERT_EQ(rump_init(), 0);
	while (n < 20000 && (error = rump_pub_lwproc_rfork(RUMP_RFCFDG)) == 0) {
		l[n++] = rump_pub_lwproc_curlwp();
		rump_pub_lwproc_switch(NULL);
	}
	T_ASSERT_EQ(error, ENOMEM);
	T_ASSERT_GT(n, 100);
	for (int i = 0; i < n; i++) {
		rump_pub_lwproc_switch(l[i]);
		rump_pub_lwproc_releaselwp();
	}
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	T_ASSERT_EQ(rump_sys_getpid() > 1, 1);
}
