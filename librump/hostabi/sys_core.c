/*
 * sys_core.c: rump_sys_* for the core's system calls: translation of
 * the host's types, clock ids and structures to the kernel ABI and
 * back.
 */
#include <errno.h>
#include <time.h>
#include <sys/time.h>
#include <rump/rump_syscalls.h>
#include <rump/rump_syscallnum.h>
#include <rump/rumpuser.h>
#include "hostabi.h"

_Static_assert(sizeof(gid_t) == 4, "gid_t must match the kernel's");

pid_t rump_sys_getpid(void) { return (pid_t)SYSCALL0(RUMP_SYS_getpid); }
pid_t rump_sys_getppid(void) { return (pid_t)SYSCALL0(RUMP_SYS_getppid); }
uid_t rump_sys_getuid(void) { return (uid_t)SYSCALL0(RUMP_SYS_getuid); }
uid_t rump_sys_geteuid(void) { return (uid_t)SYSCALL0(RUMP_SYS_geteuid); }
gid_t rump_sys_getgid(void) { return (gid_t)SYSCALL0(RUMP_SYS_getgid); }
gid_t rump_sys_getegid(void) { return (gid_t)SYSCALL0(RUMP_SYS_getegid); }
int rump_sys_setuid(uid_t u) { return (int)SYSCALL1(RUMP_SYS_setuid, u); }
int rump_sys_seteuid(uid_t u) { return (int)SYSCALL1(RUMP_SYS_seteuid, u); }
int rump_sys_setgid(gid_t g) { return (int)SYSCALL1(RUMP_SYS_setgid, g); }
int rump_sys_setegid(gid_t g) { return (int)SYSCALL1(RUMP_SYS_setegid, g); }
int rump_sys_setreuid(uid_t r, uid_t e)
{ return (int)SYSCALL2(RUMP_SYS_setreuid, (uint32_t)r, (uint32_t)e); }
int rump_sys_setregid(gid_t r, gid_t e)
{ return (int)SYSCALL2(RUMP_SYS_setregid, (uint32_t)r, (uint32_t)e); }
int rump_sys_getgroups(int n, gid_t *list)
{ return (int)SYSCALL2(RUMP_SYS_getgroups, (uint64_t)(int64_t)n, PTR(list)); }
int rump_sys_setgroups(int n, const gid_t *list)
{ return (int)SYSCALL2(RUMP_SYS_setgroups, (uint64_t)(int64_t)n, PTR(list)); }

int
hostabi_clockid(int c)
{
	switch (c) {
	case CLOCK_REALTIME:
		return RUMP_CLOCK_REALTIME;
	case CLOCK_MONOTONIC:
		return RUMP_CLOCK_MONOTONIC;
	default:
		return -1;
	}
}

static int
clock_call(int num, clockid_t clock, struct timespec *ts)
{
	struct rump_timespec kts;
	int kc = hostabi_clockid((int)clock);

	if (kc < 0) {
		rumpuser_seterrno(RUMP_EINVAL);
		return -1;
	}
	if (SYSCALL2(num, (uint64_t)kc, ts != NULL ? PTR(&kts) : 0) == -1)
		return -1;
	if (ts != NULL) {
		ts->tv_sec = (time_t)kts.tv_sec;
		ts->tv_nsec = (long)kts.tv_nsec;
	}
	return 0;
}

int
rump_sys_clock_gettime(clockid_t clock, struct timespec *ts)
{
	return clock_call(RUMP_SYS_clock_gettime, clock, ts);
}

int
rump_sys_clock_getres(clockid_t clock, struct timespec *ts)
{
	return clock_call(RUMP_SYS_clock_getres, clock, ts);
}

int
rump_sys_gettimeofday(struct timeval *tv, void *tz)
{
	struct rump_timeval ktv;

	(void)tz;	/* obsolete, as on the host */
	if (SYSCALL1(RUMP_SYS_gettimeofday, tv != NULL ? PTR(&ktv) : 0) == -1)
		return -1;
	if (tv != NULL) {
		tv->tv_sec = (time_t)ktv.tv_sec;
		tv->tv_usec = (suseconds_t)ktv.tv_usec;
	}
	return 0;
}

int
rump_sys_nanosleep(const struct timespec *req, struct timespec *rem)
{
	struct rump_timespec kreq, krem;

	if (req == NULL) {
		rumpuser_seterrno(RUMP_EFAULT);
		return -1;
	}
	kreq.tv_sec = req->tv_sec;
	kreq.tv_nsec = req->tv_nsec;
	if (SYSCALL2(RUMP_SYS_nanosleep, PTR(&kreq),
	    rem != NULL ? PTR(&krem) : 0) == -1)
		return -1;
	if (rem != NULL) {
		rem->tv_sec = (time_t)krem.tv_sec;
		rem->tv_nsec = (long)krem.tv_nsec;
	}
	return 0;
}

int
rump_sys___sysctl(const int *name, unsigned namelen, void *oldp,
    size_t *oldlenp, const void *newp, size_t newlen)
{
	/* The kernel ABI's old length is 64 bits wide. */
	uint64_t oldlen = oldlenp != NULL ? *oldlenp : 0;
	uint64_t args[6] = { PTR(name), namelen, PTR(oldp),
	    oldlenp != NULL ? PTR(&oldlen) : 0, PTR(newp), newlen };
	uint64_t rv[2];
	int error;

	error = rump_syscall(RUMP_SYS___sysctl, args, rv);
	if (oldlenp != NULL && (error == 0 || error == RUMP_ENOMEM))
		*oldlenp = (size_t)oldlen;
	if (error != 0) {
		rumpuser_seterrno(error);
		return -1;
	}
	return 0;
}

int
rump_sys_sysctlbyname(const char *name, void *oldp, size_t *oldlenp,
    const void *newp, size_t newlen)
{
	int query[2] = { RUMP_CTL_SYSCTL, RUMP_CTL_SYSCTL_NAME2MIB };
	int mib[RUMP_CTL_MAXNAME];
	size_t miblen = sizeof(mib), namelen = 0;

	if (name == NULL) {
		rumpuser_seterrno(RUMP_EFAULT);
		return -1;
	}
	while (name[namelen] != '\0')
		namelen++;
	if (rump_sys___sysctl(query, 2, mib, &miblen, name, namelen) == -1)
		return -1;
	return rump_sys___sysctl(mib, (unsigned)(miblen / sizeof(int)), oldp,
	    oldlenp, newp, newlen);
}

int
rump_sys_reboot(int howto, char *bootstr)
{
	return (int)SYSCALL2(RUMP_SYS_reboot, (uint64_t)(int64_t)howto, PTR(bootstr));
}
