/*
 * time.c: kernel clocks and sleeping.
 *
 * Wall time and uptime come straight from the host's clocks, so they
 * are as fine as the host's; ticks (hz per second) are derived from
 * uptime.  Sleeping gives the virtual CPU back.
 */
#include <kern/systm.h>
#include <kern/time.h>
#include <rump/rumpuser.h>
#include "core.h"

timespec_t boottime;
static int64_t boot_mono_ns;

static int64_t
mono_ns(void)
{
	int64_t sec;
	long nsec;

	rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &sec, &nsec);
	return sec * NSEC_PER_SEC + nsec;
}

void
time_init(void)
{
	boot_mono_ns = mono_ns();
	getnanotime(&boottime);
}

void
getnanotime(timespec_t *ts)
{
	int64_t sec;
	long nsec;

	rumpuser_clock_gettime(RUMPUSER_CLOCK_RELWALL, &sec, &nsec);
	ts->tv_sec = sec;
	ts->tv_nsec = nsec;
}

uint64_t
uptime_ns(void)
{
	return boot_mono_ns == 0 ? 0 : (uint64_t)(mono_ns() - boot_mono_ns);
}

void
getnanouptime(timespec_t *ts)
{
	uint64_t ns = uptime_ns();

	ts->tv_sec = (int64_t)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (int64_t)(ns % NSEC_PER_SEC);
}

uint64_t
getticks(void)
{
	return uptime_ns() / (NSEC_PER_SEC / hz);
}

int
ns2ticks(uint64_t ns)
{
	uint64_t t = (ns + NSEC_PER_SEC / hz - 1) / (NSEC_PER_SEC / hz);

	return t > INT_MAX ? INT_MAX : (int)t;
}

void
kpause_ns(int64_t sec, long nsec)
{
	rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, sec, nsec);
}

void
kpause_ticks(int ticks)
{
	int64_t ns;

	if (ticks <= 0)
		return;
	ns = (int64_t)ticks * (NSEC_PER_SEC / hz);
	kpause_ns(ns / NSEC_PER_SEC, ns % NSEC_PER_SEC);
}
