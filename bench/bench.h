/*
 * bench.h: what the benchmark programs share: the clock, order
 * statistics and the result table.
 *
 * Every figure is printed beside a reference (measured in the same run,
 * or a published figure labelled as such), with the ratio
 * anykernel / reference and the target, in one table per benchmark:
 *
 *	figure | anykernel | reference | ratio | target
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline int64_t
bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile (0..1, nearest rank) of v[0..n-1]; sorts v. */
static inline double
bench_quantile(double *v, size_t n, double q)
{
	size_t i;

	if (n == 0)
		return NAN;
	qsort(v, n, sizeof(*v), bench_cmp_double);
	i = (size_t)(q * (double)n);	/* nearest rank: ceil(q n) - 1 */
	if ((double)i < q * (double)n)
		i++;
	if (i > 0)
		i--;
	if (i >= n)
		i = n - 1;
	return v[i];
}

/* The median (mean of the middle two for an even count); sorts v. */
static inline double
bench_median(double *v, size_t n)
{
	if (n == 0)
		return NAN;
	qsort(v, n, sizeof(*v), bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static inline void *
bench_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL) {
		perror("calloc");
		exit(1);
	}
	return p;
}

/* A value with its unit, e.g. "37.2 ns", into buf. */
static inline const char *
bench_fmt(char *buf, size_t len, double v, const char *unit)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (v >= 100 || v == (double)(long long)v)
		snprintf(buf, len, "%.0f %s", v, unit);
	else if (v >= 10)
		snprintf(buf, len, "%.1f %s", v, unit);
	else
		snprintf(buf, len, "%.2f %s", v, unit);
	return buf;
}

#define BENCH_W_FIG	46
#define BENCH_W_VAL	13
#define BENCH_W_REF	24
#define BENCH_W_RATIO	7

static inline void
bench_rule(void)
{
	int n = BENCH_W_FIG + BENCH_W_VAL + BENCH_W_REF + BENCH_W_RATIO + 12 + 26;

	for (int i = 0; i < n; i++)
		putchar('-');
	putchar('\n');
}

static inline void
bench_table_begin(const char *title)
{
	printf("\n%s\n", title);
	bench_rule();
	printf("%-*s | %-*s | %-*s | %-*s | %s\n", BENCH_W_FIG, "figure",
	    BENCH_W_VAL, "anykernel", BENCH_W_REF, "reference",
	    BENCH_W_RATIO, "ratio", "target");
	bench_rule();
}

static inline void
bench_table_end(void)
{
	bench_rule();
}

/*
 * One row.  ratio is anykernel / reference (NAN: none).  target is the
 * goal in words ("" for none); met is 1 (met), 0 (missed) or -1 (no
 * target), appended to it.
 */
static inline void
bench_row(const char *figure, const char *any, const char *ref, double ratio,
    const char *target, int met)
{
	char r[32], t[96];

	if (isnan(ratio))
		snprintf(r, sizeof(r), "-");
	else if (ratio >= 10)
		snprintf(r, sizeof(r), "%.1f", ratio);
	else if (ratio >= 0.1)
		snprintf(r, sizeof(r), "%.2f", ratio);
	else
		snprintf(r, sizeof(r), "%.3f", ratio);
	if (met < 0)
		snprintf(t, sizeof(t), "%s", target[0] ? target : "-");
	else
		snprintf(t, sizeof(t), "%s: %s", target, met ? "met" : "NOT met");
	printf("%-*s | %*s | %-*s | %*s | %s\n", BENCH_W_FIG, figure,
	    BENCH_W_VAL, any, BENCH_W_REF, ref, BENCH_W_RATIO, r, t);
}

/* A note under a table. */
static inline void
bench_note(const char *fmt, ...)
{
	va_list ap;

	printf("  ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

#endif /* BENCH_BENCH_H */
