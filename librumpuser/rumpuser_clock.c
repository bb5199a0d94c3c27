/*
 * rumpuser_clock.c: reading the host clocks and sleeping on them.
 */
#include "rumpuser_int.h"

#include <errno.h>
#include <stdint.h>
#include <time.h>

int
rumpuser_clock_gettime(int which, rumpuser_int64_t *sec, long *nsec)
{
	struct timespec ts;
	clockid_t id;

	switch (which) {
	case RUMPUSER_CLOCK_RELWALL:	id = CLOCK_REALTIME; break;
	case RUMPUSER_CLOCK_ABSMONO:	id = CLOCK_MONOTONIC; break;
	default:			return RUMP_EINVAL;
	}
	if (clock_gettime(id, &ts) != 0)
		return ru_errno_to_kernel(errno);
	*sec = ts.tv_sec;
	*nsec = ts.tv_nsec;
	return 0;
}

int
rumpuser_clock_sleep(int which, rumpuser_int64_t sec, long nsec)
{
	struct timespec ts;
	int error, rv, unscheduled;

	if (which != RUMPUSER_CLOCK_RELWALL && which != RUMPUSER_CLOCK_ABSMONO)
		return RUMP_EINVAL;
	ru_normalize(&sec, &nsec);
	/* An interval or deadline already past needs no sleep. */
	if (sec < 0)
		return 0;
	ts.tv_sec = sizeof(time_t) < 8 && sec > INT32_MAX ?
	    INT32_MAX : (time_t)sec;
	ts.tv_nsec = nsec;

	unscheduled = ru_unsched();
	if (which == RUMPUSER_CLOCK_RELWALL) {
		/* After a signal, sleep what is left. */
		while ((rv = nanosleep(&ts, &ts)) != 0 && errno == EINTR)
			continue;
		error = rv == 0 ? 0 : errno;
	} else {
		while ((error = clock_nanosleep(CLOCK_MONOTONIC,
		    TIMER_ABSTIME, &ts, NULL)) == EINTR)
			continue;
	}
	ru_resched(unscheduled);
	return error == 0 ? 0 : ru_errno_to_kernel(error);
}
