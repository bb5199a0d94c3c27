/*
 * t_lockdebug.c: the debug build's lock checker (linked with a kernel
 * built with DEBUG=1) reports misuse with names and call chains.
 */
#include "capture.h"
#include "ktest.h"

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

T_CASE(sleep_in_read_section, "giving the CPU back inside a pserialize read section panics")
{
	static char out[65536];
	int status = run_captured(rumpns_ktest_sleep_in_read_section, out,
	    sizeof(out));

	T_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	T_ASSERT(strstr(out, "inside a read section") != NULL);
}
