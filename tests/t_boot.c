/*
 * t_boot.c: booting, parameters, halting, the boot log and tracing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"

/* Send the process's stderr to a file, to read what the kernel printed. */
static FILE *
capture_stderr(void)
{
	FILE *f = tmpfile();

	T_ASSERT(f != NULL);
	fflush(stderr);
	T_ASSERT(dup2(fileno(f), 2) == 2);
	return f;
}

static char *
captured(FILE *f)
{
	static char buf[65536];
	size_t n;

	fflush(stderr);
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	return buf;
}

T_CASE(boot_and_halt, "rump_init boots, reboot halts, later calls fail with ENXIO")
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_init(), 0);	/* booted once: a no-op */
	T_ASSERT_EQ(rump_sys_getpid(), 1);
	T_ASSERT_OK(rump_sys_reboot(RUMP_RB_HALT, NULL));
	T_ASSERT_ERRNO(rump_sys_getpid(), ENXIO);
	T_ASSERT_EQ(rump_init(), ENXIO);
}

T_CASE(halt_needs_root, "only the superuser may halt the kernel")
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);
	T_ASSERT_OK(rump_sys_setuid(100));
	T_ASSERT_ERRNO(rump_sys_reboot(RUMP_RB_HALT, NULL), EPERM);
	T_ASSERT_EQ(rump_sys_getpid(), 2);
}

T_CASE(ncpu_param, "RUMP_NCPU sets the number of virtual CPUs")
{
	int n;
	size_t len = sizeof(n);

	setenv("RUMP_NCPU", "3", 1);
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_sysctlbyname("hw.ncpu", &n, &len, NULL, 0));
	T_ASSERT_EQ(n, 3);
}

T_CASE(ncpu_host, "RUMP_NCPU=host uses the host's CPU count")
{
	int n;
	size_t len = sizeof(n);

	setenv("RUMP_NCPU", "host", 1);
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_sysctlbyname("hw.ncpu", &n, &len, NULL, 0));
	T_ASSERT_EQ(n, sysconf(_SC_NPROCESSORS_ONLN));
}

static void
expect_refused(const char *var, const char *value)
{
	FILE *f = capture_stderr();

	setenv(var, value, 1);
	T_ASSERT_EQ(rump_init(), EINVAL);
	T_ASSERT(strstr(captured(f), var) != NULL);
	T_ASSERT(strstr(captured(f), value) != NULL);
}

T_CASE(bad_ncpu, "malformed RUMP_NCPU is refused with a message naming it")
{
	expect_refused("RUMP_NCPU", "two");
}

T_CASE(zero_ncpu, "RUMP_NCPU=0 is refused")
{
	expect_refused("RUMP_NCPU", "0");
}

T_CASE(bad_memlimit, "malformed RUMP_MEMLIMIT is refused with a message")
{
	expect_refused("RUMP_MEMLIMIT", "12q");
}

T_CASE(bad_verbose, "malformed RUMP_VERBOSE is refused with a message")
{
	expect_refused("RUMP_VERBOSE", "yes");
}

T_CASE(memlimit_suffix, "RUMP_MEMLIMIT takes k/m/g suffixes")
{
	unsigned long long mem;
	size_t len = sizeof(mem);

	setenv("RUMP_MEMLIMIT", "64m", 1);
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_sysctlbyname("hw.physmem64", &mem, &len, NULL, 0));
	T_ASSERT_EQ(mem, 64ULL << 20);
}

T_CASE(verbose_boot_log, "RUMP_VERBOSE=1 prints a boot log with timestamps")
{
	FILE *f = capture_stderr();
	char *log;

	setenv("RUMP_VERBOSE", "1", 1);
	setenv("RUMP_NCPU", "2", 1);
	T_ASSERT_EQ(rump_init(), 0);
	log = captured(f);
	T_ASSERT(strstr(log, "Anykernel") != NULL);
	T_ASSERT(strstr(log, "2 virtual CPUs") != NULL);
	T_ASSERT(strstr(log, "boot took") != NULL);
}

T_CASE(quiet_boot, "without RUMP_VERBOSE the boot prints nothing")
{
	FILE *f = capture_stderr();

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_STREQ(captured(f), "");
}

T_CASE(dmesg, "kern.msgbuf holds the boot log, with timestamps")
{
	char buf[16384];
	size_t len = sizeof(buf);

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_sysctlbyname("kern.msgbuf", buf, &len, NULL, 0));
	T_ASSERT(strstr(buf, "virtual CPUs") != NULL);
	T_ASSERT(strstr(buf, "[    0.") != NULL);
}

T_CASE(syscall_trace, "RUMP_SYSCALL_TRACE=1 logs calls with arguments and results")
{
	FILE *f = capture_stderr();
	char *log;

	setenv("RUMP_SYSCALL_TRACE", "1", 1);
	T_ASSERT_EQ(rump_init(), 0);
	rump_sys_getpid();
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);
	T_ASSERT_OK(rump_sys_setuid(7));
	T_ASSERT_ERRNO(rump_sys_setuid(0), EPERM);
	log = captured(f);
	T_ASSERT(strstr(log, "[1.") != NULL);
	T_ASSERT(strstr(log, "getpid() = 1") != NULL);
	T_ASSERT(strstr(log, "setuid(7) = 0") != NULL);
	T_ASSERT(strstr(log, "setuid(0) = -1 error 1") != NULL);
}

T_CASE(no_context_before_boot, "system calls before rump_init fail cleanly")
{
	T_ASSERT_ERRNO(rump_sys_getpid(), ENXIO);
}

T_CASE(unknown_syscall, "an unknown system call number gives ENOSYS")
{
	uint64_t args[8] = { 0 }, rv[2];

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_syscall(511, args, rv), RUMP_ENOSYS);
	T_ASSERT_EQ(rump_syscall(-1, args, rv), RUMP_ENOSYS);
	T_ASSERT_EQ(rump_syscall(100000, args, rv), RUMP_ENOSYS);
}
