/*
 * t_lockdebug.c: the debug build's lock checker (linked with a kernel
 * built with DEBUG=1) reports misuse with names and call chains.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rump/rump.h>
#include "t.h"
#include "ktest.h"

/* Run fn in a child with stderr captured; return its status and output. */
static int
run_captured(void (*fn)(void), char *out, size_t outlen)
{
	int pfd[2], status;
	ssize_t n, total = 0;
	pid_t pid;

	T_ASSERT_EQ(pipe(pfd), 0);
	if ((pid = fork()) == 0) {
		dup2(pfd[1], 2);
		close(pfd[0]);
		if (rump_init() != 0)
			_exit(99);
		KTEST_VOID(fn());
		_exit(0);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], out + total, outlen - 1 - (size_t)total)) > 0)
		total += n;
	out[total] = '\0';
	close(pfd[0]);
	waitpid(pid, &status, 0);
	return status;
}

T_CASE(order_reversal, "taking two locks in both orders is reported with both chains")
{
	static char out[65536];
	int status = run_captured(rumpns_ktest_lock_order_reversal, out, sizeof(out));

	T_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	T_ASSERT(strstr(out, "lock order reversal") != NULL);
	T_ASSERT(strstr(out, "ktest_misc.c") != NULL);	/* lock names */
	T_ASSERT(strstr(out, "lock_a") != NULL);
	T_ASSERT(strstr(out, "lock_b") != NULL);
	T_ASSERT(strstr(out, "was learnt") != NULL);
	T_ASSERT(strstr(out, "ktest_lock_order_reversal") != NULL);	/* call chain */
}

T_CASE(release_unowned, "releasing a mutex one does not hold panics with its name")
{
	static char out[65536];
	int status = run_captured(rumpns_ktest_release_unowned, out, sizeof(out));

	T_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	T_ASSERT(strstr(out, "does not hold") != NULL);
	T_ASSERT(strstr(out, "lock_a") != NULL);
}
