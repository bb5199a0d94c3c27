/*
 * t_sysctl.c: the sysctl tree through rump_sys___sysctl and by name.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"

T_CASE(read_strings, "kern.ostype, kern.osrelease and hw.machine read back")
{
	int mib[2] = { RUMP_CTL_KERN, RUMP_KERN_OSTYPE };
	char buf[64];
	size_t len = sizeof(buf);

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys___sysctl(mib, 2, buf, &len, NULL, 0));
	T_ASSERT_STREQ(buf, "Anykernel");
	T_ASSERT_EQ(len, strlen("Anykernel") + 1);
	len = sizeof(buf);
	T_ASSERT_OK(rump_sys_sysctlbyname("kern.osrelease", buf, &len, NULL, 0));
	T_ASSERT(len > 1);
	len = sizeof(buf);
	T_ASSERT_OK(rump_sys_sysctlbyname("hw.machine", buf, &len, NULL, 0));
	T_ASSERT(strlen(buf) > 0);
}

T_CASE(size_query, "a NULL buffer asks for the size; a short one gives ENOMEM")
{
	char buf[4];
	size_t len = 0;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_sysctlbyname("kern.ostype", NULL, &len, NULL, 0));
	T_ASSERT_EQ(len, 10);
	len = sizeof(buf);
	T_ASSERT_ERRNO(rump_sys_sysctlbyname("kern.ostype", buf, &len, NULL, 0), ENOMEM);
	T_ASSERT_EQ(len, 10);
	T_ASSERT(memcmp(buf, "Anyk", 4) == 0);
}

T_CASE(hostname_rw, "root sets kern.hostname; others get EPERM")
{
	char buf[256];
	size_t len = sizeof(buf);

	setenv("RUMP_HOSTNAME", "first", 1);
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_sysctlbyname("kern.hostname", buf, &len, NULL, 0));
	T_ASSERT_STREQ(buf, "first");
	T_ASSERT_OK(rump_sys_sysctlbyname("kern.hostname", NULL, NULL, "second", 6));
	len = sizeof(buf);
	T_ASSERT_OK(rump_sys_sysctlbyname("kern.hostname", buf, &len, NULL, 0));
	T_ASSERT_STREQ(buf, "second");
	T_ASSERT_ERRNO(rump_sys_sysctlbyname("kern.hostname", NULL, NULL, "", 0), EINVAL);
	memset(buf, 'x', sizeof(buf));
	T_ASSERT_ERRNO(rump_sys_sysctlbyname("kern.hostname", NULL, NULL, buf, 256), EINVAL);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);
	T_ASSERT_OK(rump_sys_setuid(1));
	T_ASSERT_ERRNO(rump_sys_sysctlbyname("kern.hostname", NULL, NULL, "third", 5), EPERM);
}

T_CASE(readonly_nodes, "read-only nodes refuse writes; bad paths are errors")
{
	int v = 5, mib[3] = { RUMP_CTL_HW, RUMP_HW_NCPU, 1 };
	size_t len = sizeof(v);

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_ERRNO(rump_sys_sysctlbyname("hw.ncpu", NULL, NULL, &v, sizeof(v)), EPERM);
	T_ASSERT_ERRNO(rump_sys_sysctlbyname("hw.nosuch", &v, &len, NULL, 0), ENOENT);
	T_ASSERT_ERRNO(rump_sys_sysctlbyname("kern", &v, &len, NULL, 0), EISDIR);
	T_ASSERT_ERRNO(rump_sys___sysctl(mib, 3, &v, &len, NULL, 0), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys___sysctl(mib, 0, &v, &len, NULL, 0), EINVAL);
	T_ASSERT_ERRNO(rump_sys___sysctl(mib, 100, &v, &len, NULL, 0), EINVAL);
	T_ASSERT_ERRNO(rump_sys___sysctl(NULL, 2, &v, &len, NULL, 0), EFAULT);
}

T_CASE(numbers, "hw.ncpu, hw.pagesize, kern.boottime and hw.usermem64 make sense")
{
	struct rump_timespec bt;
	long long mem, user;
	int n;
	size_t len = sizeof(n);
	struct timespec now;

	setenv("RUMP_NCPU", "2", 1);
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_sysctlbyname("hw.ncpu", &n, &len, NULL, 0));
	T_ASSERT_EQ(n, 2);
	T_ASSERT_OK(rump_sys_sysctlbyname("hw.pagesize", &n, &len, NULL, 0));
	T_ASSERT_EQ(n, 4096);
	len = sizeof(bt);
	T_ASSERT_OK(rump_sys_sysctlbyname("kern.boottime", &bt, &len, NULL, 0));
	clock_gettime(CLOCK_REALTIME, &now);
	T_ASSERT_LE(bt.tv_sec, now.tv_sec);
	T_ASSERT_GT(bt.tv_sec, now.tv_sec - 60);
	len = sizeof(mem);
	T_ASSERT_OK(rump_sys_sysctlbyname("hw.physmem64", &mem, &len, NULL, 0));
	T_ASSERT_OK(rump_sys_sysctlbyname("hw.usermem64", &user, &len, NULL, 0));
	T_ASSERT_GT(mem, 0);
	T_ASSERT_LT(user, mem);
}

T_CASE(name2mib, "{CTL_SYSCTL, NAME2MIB} turns a name into its numbers")
{
	int q[2] = { RUMP_CTL_SYSCTL, RUMP_CTL_SYSCTL_NAME2MIB }, mib[12];
	size_t len = sizeof(mib);

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys___sysctl(q, 2, mib, &len, "kern.hostname", 13));
	T_ASSERT_EQ(len, 2 * sizeof(int));
	T_ASSERT_EQ(mib[0], RUMP_CTL_KERN);
	T_ASSERT_EQ(mib[1], RUMP_KERN_HOSTNAME);
	len = sizeof(mib);
	T_ASSERT_ERRNO(rump_sys___sysctl(q, 2, mib, &len, "kern.nope", 9), ENOENT);
}
