/*
 * rumpuser_int.h: what the librumpuser files share: the upcalls saved by
 * rumpuser_init, errno translation, the wrapper that gives the virtual
 * CPU back around a blocking host call, time normalisation.
 *
 * Include this first in every file: it sets _FILE_OFFSET_BITS, which
 * must precede every system header.  Names shared between files carry
 * the rumpuser__ prefix; everything else is static.
 */
#ifndef RUMPUSER_INT_H
#define RUMPUSER_INT_H

/* 64-bit file offsets on 32-bit hosts too (no-op elsewhere). */
#define _FILE_OFFSET_BITS 64

#include <stddef.h>

#include <rump/rumpdefs.h>
#include <rump/rumpuser.h>

#define RU_PRINTF(f, a) __attribute__((__format__(__printf__, f, a)))

/* Upcalls from rumpuser_init; NULL before it. */
extern const struct rumpuser_hyperup *rumpuser__hyp;

/* Host errno to kernel errno; anything unknown (0 too) is RUMP_EIO. */
int rumpuser__errno_to_kernel(int host);
#define ru_errno_to_kernel(host) rumpuser__errno_to_kernel(host)

/* One line to standard error, without stdio. */
void rumpuser__warn(const char *fmt, ...) RU_PRINTF(1, 2);
/* A host call that cannot fail did: report it and abort. */
void rumpuser__fatal(const char *what, int error) __attribute__((__noreturn__));

#define RU_MUST(call) do {						\
	int ru_must_ = (call);						\
	if (__builtin_expect(ru_must_ != 0, 0))				\
		rumpuser__fatal(#call, ru_must_);			\
} while (0)

/*
 * Around a host call that may wait: give the virtual CPU back first and
 * take one again after.  Threads bound to no LWP are outside the kernel
 * and hold no CPU, so they skip the upcalls.  Save errno inside the
 * wrapped statement: the upcalls may change it.
 */
static inline int
ru_unsched(void)
{
	if (rumpuser_curlwp() == NULL || rumpuser__hyp == NULL)
		return 0;
	rumpuser__hyp->hyp_unschedule();
	return 1;
}

static inline void
ru_resched(int unscheduled)
{
	if (unscheduled)
		rumpuser__hyp->hyp_schedule();
}

#define RU_BLOCKING(stmt) do {						\
	int ru_unsched_ = ru_unsched();					\
	stmt;								\
	ru_resched(ru_unsched_);					\
} while (0)

/*
 * Fold nsec into sec so that 0 <= nsec < 1e9.  sec is first clamped to
 * +-2^62 (over a hundred billion years), where no overflow can happen.
 */
static inline void
ru_normalize(rumpuser_int64_t *sec, long *nsec)
{
	const rumpuser_int64_t lim = (rumpuser_int64_t)1 << 62;

	if (*sec > lim)
		*sec = lim;
	if (*sec < -lim)
		*sec = -lim;
	*sec += *nsec / 1000000000L;
	*nsec %= 1000000000L;
	if (*nsec < 0) {
		*nsec += 1000000000L;
		(*sec)--;
	}
}

#endif /* RUMPUSER_INT_H */
