/*
 * t_component.c: components linked in are initialised in type order;
 * halting runs shutdown hooks (unless RUMP_RB_NOSYNC); panic reports and
 * aborts; the hypercall layer refuses a kernel of another version.
 */
#include <errno.h>
#include <stdlib.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpuser.h>
#include "capture.h"
#include "ktest.h"

T_CASE(component_order, "components run by type (core before post-init), not link order")
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_STREQ(KTEST(rumpns_ktest_component_order()), "KP");
}

T_CASE(components_in_boot_log, "the verbose boot log names the linked components")
{
	char buf[16384];
	size_t len = sizeof(buf);

	setenv("RUMP_VERBOSE", "0", 1);
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_sysctlbyname("kern.msgbuf", buf, &len, NULL, 0));
	T_ASSERT(strstr(buf, "kern: ktest_early") != NULL);
	T_ASSERT(strstr(buf, "postinit: ktest_late") != NULL);
}

T_CASE(halt_runs_hooks, "halting runs the shutdown hooks components established")
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT(!KTEST(rumpns_ktest_shutdown_ran()));
	T_ASSERT_OK(rump_sys_reboot(RUMP_RB_HALT, NULL));
	T_ASSERT(KTEST(rumpns_ktest_shutdown_ran()));
}

T_CASE(halt_nosync, "RUMP_RB_NOSYNC halts without running shutdown hooks")
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_reboot(RUMP_RB_HALT | RUMP_RB_NOSYNC, NULL));
	T_ASSERT(!KTEST(rumpns_ktest_shutdown_ran()));
}

T_CASE(panic_reports_and_aborts, "panic prints its message and the call chain, then aborts")
{
	static char out[65536];
	int status = run_captured(rumpns_ktest_panic, out, sizeof(out));

	T_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	T_ASSERT(strstr(out, "panic: ktest panic 42") != NULL);
	T_ASSERT(strstr(out, "in lwp 1.") != NULL);
	T_ASSERT(strstr(out, "ktest_panic") != NULL);
}

static void hyp_nop(void) {}
static void hyp_exit(struct lwp *l) { (void)l; }

T_CASE(hypercall_version, "rumpuser_init refuses another version with a clear message")
{
	static const struct rumpuser_hyperup hyp = { hyp_nop, hyp_nop, hyp_exit };
	FILE *f = tmpfile();

	T_ASSERT(f != NULL);
	T_ASSERT(dup2(fileno(f), 2) == 2);
	T_ASSERT_EQ(rumpuser_init(RUMPUSER_VERSION + 1, &hyp), RUMP_EPROGMISMATCH);
	fflush(stderr);
	rewind(f);
	char buf[512] = "";
	T_ASSERT(fread(buf, 1, sizeof(buf) - 1, f) > 0);
	T_ASSERT(strstr(buf, "version") != NULL);
	T_ASSERT_EQ(rumpuser_init(RUMPUSER_VERSION, &hyp), 0);
}
