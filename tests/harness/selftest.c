/*
 * selftest.c: a test binary that exercises the harness itself.
 *
 * The pass_* cases check that the assertions accept what they should.
 * The bad_* cases misbehave (fail an assertion, fail T_ASSERT_ERRNO, die
 * of SIGSEGV, hang, skip) only when T_SELFTEST_BAD=1 (or =that case's
 * name) is set; otherwise they pass at once, so a plain run is all green.  selftest.sh runs
 * t_runner on this binary both ways and checks how each case is
 * reported.
 *
 * Build: cc -std=gnu11 -D_GNU_SOURCE -o selftest selftest.c t_main.c
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"

/* Misbehave?  T_SELFTEST_BAD=1 means every bad_* case, =NAME only NAME. */
static int
bad(const char *name)
{
	const char *v = getenv("T_SELFTEST_BAD");

	return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, name) == 0);
}

T_CASE(pass_asserts, "every assertion accepts a true condition")
{
	int fds[2];
	const char *null = NULL;

	T_ASSERT(1 + 1 == 2);
	T_ASSERT_EQ(-1, -1L);
	T_ASSERT_EQ((size_t)7, 7);
	T_ASSERT_NE(1, 2);
	T_ASSERT_LT(-5, 3u);	/* compared as long long, not unsigned */
	T_ASSERT_LE(3, 3);
	T_ASSERT_GT(4, 3);
	T_ASSERT_GE(4, 4);
	T_ASSERT_STREQ("abc", "abc");
	T_ASSERT_STREQ(null, NULL);
	T_ASSERT_ERRNO(close(-1), EBADF);
	T_ASSERT_OK(pipe(fds));
	T_ASSERT_OK(close(fds[0]));
	T_ASSERT_OK(close(fds[1]));
	T_LOG("a log line with a number: %d", 42);
}

T_CASE(pass_once, "assertion arguments are evaluated exactly once")
{
	int i = 0;

	T_ASSERT_EQ(i++, 0);
	T_ASSERT_EQ(i, 1);
	T_ASSERT_STREQ(&"xabc"[++i - 1], "abc");
	T_ASSERT_EQ(i, 2);
	T_ASSERT_ERRNO((i++, close(-1)), EBADF);
	T_ASSERT_OK(i++ - 3);
	T_ASSERT_EQ(i, 4);
}

T_CASE(pass_seed, "t_seed() is stable and honours T_SEED")
{
	unsigned long long s = t_seed();
	const char *env = getenv("T_SEED");

	T_ASSERT_EQ(t_seed(), s);
	if (env != NULL)
		T_ASSERT_EQ(s, strtoull(env, NULL, 0));
	srandom((unsigned)s);
	T_LOG("first random number: %ld", random());
}

T_CASE(pass_timeout_tag, "[timeout=5] a case with its own time limit")
{
	usleep(10 * 1000);
}

T_CASE(bad_fail, "fails T_ASSERT_EQ (only with T_SELFTEST_BAD=1)")
{
	if (!bad("bad_fail"))
		return;
	printf("output before the failure\n");
	T_ASSERT_EQ(1 + 1, 3);
}

T_CASE(bad_errno, "fails T_ASSERT_ERRNO (only with T_SELFTEST_BAD=1)")
{
	if (!bad("bad_errno"))
		return;
	T_ASSERT_ERRNO(close(-1), ENOENT);
}

T_CASE(bad_crash, "dies of SIGSEGV (only with T_SELFTEST_BAD=1)")
{
	if (!bad("bad_crash"))
		return;
	signal(SIGSEGV, SIG_DFL);	/* not a sanitizer's handler */
	raise(SIGSEGV);
}

T_CASE(bad_timeout, "hangs, with a child (only with T_SELFTEST_BAD=1)")
{
	const char *pidfile = getenv("T_SELFTEST_PIDFILE");
	pid_t pid;

	if (!bad("bad_timeout"))
		return;
	/* The runner must kill the whole process group, child included. */
	if ((pid = fork()) == 0)
		for (;;)
			pause();
	T_ASSERT_GT(pid, 0);
	if (pidfile != NULL) {
		FILE *f = fopen(pidfile, "w");
		T_ASSERT(f != NULL);
		fprintf(f, "%d\n", (int)pid);
		fclose(f);
	}
	for (;;)
		pause();
}

T_CASE(bad_skip, "skips (only with T_SELFTEST_BAD=1)")
{
	if (!bad("bad_skip"))
		return;
	T_SKIP("no frobnicator here (%d)", 7);
}
