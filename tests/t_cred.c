/*
 * t_cred.c: user and group ids and their permission rules.
 */
#include <errno.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"

static void
boot_child(void)
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);
}

T_CASE(root_setuid_all, "root's setuid sets real, effective and saved ids")
{
	boot_child();
	T_ASSERT_OK(rump_sys_setuid(100));
	T_ASSERT_EQ(rump_sys_getuid(), 100);
	T_ASSERT_EQ(rump_sys_geteuid(), 100);
	/* Saved id is 100 too: no way back to 0. */
	T_ASSERT_ERRNO(rump_sys_setuid(0), EPERM);
	T_ASSERT_ERRNO(rump_sys_seteuid(0), EPERM);
}

T_CASE(seteuid_and_back, "seteuid away from root keeps the saved id")
{
	boot_child();
	T_ASSERT_OK(rump_sys_seteuid(100));
	T_ASSERT_EQ(rump_sys_getuid(), 0);
	T_ASSERT_EQ(rump_sys_geteuid(), 100);
	T_ASSERT_ERRNO(rump_sys_setgid(5), EPERM);	/* not privileged now */
	T_ASSERT_OK(rump_sys_seteuid(0));	/* real id allows it */
	T_ASSERT_EQ(rump_sys_geteuid(), 0);
	T_ASSERT_OK(rump_sys_setgid(5));
}

T_CASE(unprivileged_setuid, "a user may setuid only to ids it holds")
{
	boot_child();
	T_ASSERT_OK(rump_sys_setreuid(100, 200));
	T_ASSERT_EQ(rump_sys_getuid(), 100);
	T_ASSERT_EQ(rump_sys_geteuid(), 200);
	T_ASSERT_ERRNO(rump_sys_setuid(300), EPERM);
	T_ASSERT_OK(rump_sys_setuid(100));	/* effective only */
	T_ASSERT_EQ(rump_sys_geteuid(), 100);
	T_ASSERT_OK(rump_sys_seteuid(200));	/* saved id */
	T_ASSERT_EQ(rump_sys_geteuid(), 200);
}

T_CASE(groups, "setgroups needs root; getgroups returns them")
{
	gid_t in[3] = { 10, 20, 30 }, out[8];

	boot_child();
	T_ASSERT_EQ(rump_sys_getgroups(0, NULL), 0);
	T_ASSERT_OK(rump_sys_setgroups(3, in));
	T_ASSERT_EQ(rump_sys_getgroups(0, NULL), 3);
	T_ASSERT_EQ(rump_sys_getgroups(8, out), 3);
	T_ASSERT_EQ(out[0], 10);
	T_ASSERT_EQ(out[2], 30);
	T_ASSERT_ERRNO(rump_sys_getgroups(2, out), EINVAL);
	T_ASSERT_ERRNO(rump_sys_setgroups(100, in), EINVAL);
	T_ASSERT_ERRNO(rump_sys_setgroups(1, NULL), EFAULT);
	T_ASSERT_OK(rump_sys_setuid(7));
	T_ASSERT_ERRNO(rump_sys_setgroups(1, in), EPERM);
	T_ASSERT_EQ(rump_sys_getgroups(0, NULL), 3);
}

T_CASE(gids, "setgid and setegid follow the same rules as uids")
{
	boot_child();
	T_ASSERT_OK(rump_sys_setregid(10, 20));
	T_ASSERT_EQ(rump_sys_getgid(), 10);
	T_ASSERT_EQ(rump_sys_getegid(), 20);
	T_ASSERT_OK(rump_sys_setuid(1000));
	T_ASSERT_ERRNO(rump_sys_setgid(30), EPERM);
	T_ASSERT_OK(rump_sys_setegid(10));
	T_ASSERT_EQ(rump_sys_getegid(), 10);
}
