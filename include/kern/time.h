/*
 * time.h: kernel time.
 *
 * Clock ticks run at hz per second, derived from the monotonic uptime;
 * the clock thread (callout.c) runs callouts as their tick comes.  Time
 * of day and uptime are read from the host's clocks.
 */
#ifndef KERN_TIME_H
#define KERN_TIME_H

#include <kern/types.h>
#include <rump/rumpdefs.h>

#define hz 100
typedef struct rump_timespec timespec_t;

#define NSEC_PER_SEC 1000000000L

/* Wall clock time, and time since boot (monotonic). */
void getnanotime(timespec_t *);
void getnanouptime(timespec_t *);
/* Nanoseconds since boot. */
uint64_t uptime_ns(void);
extern timespec_t boottime;

/* Ticks since boot, from the clock thread. */
uint64_t getticks(void);
/* Ticks covering ns nanoseconds (at least 1 for ns > 0). */
int ns2ticks(uint64_t ns);

/* Sleep ticks clock ticks (0: do nothing).  Gives the CPU back. */
void kpause_ticks(int ticks);
/* Sleep for sec seconds plus nsec nanoseconds. */
void kpause_ns(int64_t sec, long nsec);

#endif /* KERN_TIME_H */
