/*
 * sys_time.c: clock system calls.
 */
#include <kern/systm.h>
#include <kern/syscall.h>
#include <kern/time.h>

static int
clock_read(int clockid, timespec_t *ts)
{
	switch (clockid) {
	case RUMP_CLOCK_REALTIME:
		getnanotime(ts);
		return 0;
	case RUMP_CLOCK_MONOTONIC:
		getnanouptime(ts);
		return 0;
	default:
		return EINVAL;
	}
}

static int
sys_clock_gettime(struct lwp *l __unused, const syscallarg_t *args,
    syscallarg_t *retval __unused)
{
	timespec_t ts;
	int error;

	if ((error = clock_read(SCARG_INT(args, 0), &ts)) != 0)
		return error;
	return copyout(&ts, SCARG_PTR(args, 1), sizeof(ts));
}

static int
sys_clock_getres(struct lwp *l __unused, const syscallarg_t *args,
    syscallarg_t *retval __unused)
{
	timespec_t ts = { 0, 1 };

	if (clock_read(SCARG_INT(args, 0), &ts) != 0)
		return EINVAL;
	ts.tv_sec = 0;
	ts.tv_nsec = 1;
	if (SCARG_PTR(args, 1) == NULL)
		return 0;
	return copyout(&ts, SCARG_PTR(args, 1), sizeof(ts));
}

static int
sys_gettimeofday(struct lwp *l __unused, const syscallarg_t *args,
    syscallarg_t *retval __unused)
{
	timespec_t ts;
	struct rump_timeval tv;

	if (SCARG_PTR(args, 0) == NULL)
		return 0;
	getnanotime(&ts);
	tv.tv_sec = ts.tv_sec;
	tv.tv_usec = ts.tv_nsec / 1000;
	return copyout(&tv, SCARG_PTR(args, 0), sizeof(tv));
}

static int
sys_nanosleep(struct lwp *l __unused, const syscallarg_t *args,
    syscallarg_t *retval __unused)
{
	timespec_t req, rem = { 0, 0 };
	int error;

	if ((error = copyin(SCARG_PTR(args, 0), &req, sizeof(req))) != 0)
		return error;
	if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= NSEC_PER_SEC)
		return EINVAL;
	kpause_ns(req.tv_sec, (long)req.tv_nsec);
	if (SCARG_PTR(args, 1) != NULL)
		return copyout(&rem, SCARG_PTR(args, 1), sizeof(rem));
	return 0;
}

static const struct sysent time_syscalls[] = {
	{ RUMP_SYS_clock_gettime, sys_clock_gettime, "clock_gettime", "dp" },
	{ RUMP_SYS_clock_getres, sys_clock_getres, "clock_getres", "dp" },
	{ RUMP_SYS_gettimeofday, sys_gettimeofday, "gettimeofday", "pp" },
	{ RUMP_SYS_nanosleep, sys_nanosleep, "nanosleep", "pp" },
	{ 0, NULL, NULL, NULL },
};

int
sys_time_init(void)
{
	return syscall_establish(time_syscalls);
}
