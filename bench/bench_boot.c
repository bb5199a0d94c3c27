/*
 * bench_boot.c: how long rump_init() takes to bring the kernel up, and
 * how much resident memory booting adds.
 *
 * The kernel boots once per process, so every sample is a fresh
 * process: the program forks N children; each one reads its resident
 * set, times rump_init() with CLOCK_MONOTONIC, reads its resident set
 * again and reports through a pipe.  The parent never boots a kernel.
 *
 *	bench_boot [-n N] [-v KIND LABEL LIBS PATH]...
 *
 * Each -v names a variant: a build of this same program linked another
 * way (PATH), which each child executes after the fork (so the sample
 * is a process that just started, as a real program would be); KIND is
 * "core" or "all" (which published figure it is compared with), LIBS
 * says what it was linked with.  Without -v the children boot the
 * kernel linked into this program, straight after the fork.
 *
 * References: the NetBSD rump kernel was reported to boot in 7.8 ms
 * (core) and 17 ms (every faction), and to grow the resident set by
 * 1.9 MB, on this kind of machine.  Those are printed as published
 * figures, not measured here.  Targets: median boot under 1 ms, growth
 * under 512 KiB for the core.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rump/rump.h>

#include "bench.h"

#define NSAMPLES_DEFAULT	51
#define MAXVARIANTS		8

#define NETBSD_BOOT_CORE_US	7800.0
#define NETBSD_BOOT_ALL_US	17000.0
#define NETBSD_RSS_KIB		(1.9 * 1024)
#define TARGET_BOOT_US		1000.0
#define TARGET_RSS_KIB		512.0

/* What a child sends back. */
struct boot_sample {
	int error;		/* rump_init's result, or -1: no report */
	int64_t ns;		/* rump_init() */
	long rss0, rss1;	/* VmRSS before and after, KiB */
	long anon0, anon1;	/* RssAnon before and after, KiB */
};

struct variant {
	const char *kind;	/* "core" or "all" */
	const char *label;
	const char *libs;
	const char *path;	/* NULL: boot in the forked child itself */
};

/* VmRSS and RssAnon of this process in KiB, read without stdio so that
 * reading allocates nothing. */
static void
read_rss(long *rss, long *anon)
{
	char buf[4096], *p;
	ssize_t n, len = 0;
	int fd;

	*rss = *anon = -1;
	if ((fd = open("/proc/self/status", O_RDONLY)) == -1)
		return;
	while (len < (ssize_t)sizeof(buf) - 1 &&
	    (n = read(fd, buf + len, sizeof(buf) - 1 - (size_t)len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	if ((p = strstr(buf, "\nVmRSS:")) != NULL)
		*rss = strtol(p + 7, NULL, 10);
	if ((p = strstr(buf, "\nRssAnon:")) != NULL)
		*anon = strtol(p + 9, NULL, 10);
}

/* In the child: boot, measure, report on fd. */
static void
child_measure(int fd)
{
	struct boot_sample s;
	int64_t t0, t1;

	memset(&s, 0, sizeof(s));
	read_rss(&s.rss0, &s.anon0);
	t0 = bench_now_ns();
	s.error = rump_init();
	t1 = bench_now_ns();
	read_rss(&s.rss1, &s.anon1);
	s.ns = t1 - t0;
	if (write(fd, &s, sizeof(s)) != (ssize_t)sizeof(s))
		_exit(2);
	_exit(0);
}

/* One fresh process booting one kernel. */
static int
sample(const struct variant *v, struct boot_sample *s)
{
	char fdstr[16];
	ssize_t n, got = 0;
	int fds[2], status;
	pid_t pid;

	if (pipe(fds) == -1) {
		perror("pipe");
		return -1;
	}
	if ((pid = fork()) == -1) {
		perror("fork");
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		if (v->path == NULL)
			child_measure(fds[1]);
		snprintf(fdstr, sizeof(fdstr), "%d", fds[1]);
		execl(v->path, v->path, "--child", fdstr, (char *)NULL);
		fprintf(stderr, "bench_boot: %s: %s\n", v->path, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	while (got < (ssize_t)sizeof(*s) &&
	    (n = read(fds[0], (char *)s + got, sizeof(*s) - (size_t)got)) > 0)
		got += n;
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (got != (ssize_t)sizeof(*s) || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_boot: %s: child failed\n", v->label);
		return -1;
	}
	if (s->error != 0) {
		fprintf(stderr, "bench_boot: %s: rump_init: %s\n", v->label,
		    strerror(s->error));
		return -1;
	}
	return 0;
}

static int
run_variant(const struct variant *v, int nsamples)
{
	double *us = bench_xcalloc((size_t)nsamples, sizeof(double));
	double *rss = bench_xcalloc((size_t)nsamples, sizeof(double));
	double *anon = bench_xcalloc((size_t)nsamples, sizeof(double));
	struct boot_sample s;
	double med, p90, drss, danon, ref;
	bool core = strcmp(v->kind, "core") == 0;
	char fig[96], a[32], r[32];

	/* One boot first, not counted: warms the page cache. */
	if (sample(v, &s) != 0)
		return -1;
	for (int i = 0; i < nsamples; i++) {
		if (sample(v, &s) != 0)
			return -1;
		us[i] = (double)s.ns / 1000;
		rss[i] = (double)(s.rss1 - s.rss0);
		anon[i] = (double)(s.anon1 - s.anon0);
	}
	med = bench_median(us, (size_t)nsamples);
	p90 = bench_quantile(us, (size_t)nsamples, 0.9);
	drss = bench_median(rss, (size_t)nsamples);
	danon = bench_median(anon, (size_t)nsamples);

	ref = core ? NETBSD_BOOT_CORE_US : NETBSD_BOOT_ALL_US;
	snprintf(r, sizeof(r), "%.0f us [reported]", ref);
	snprintf(fig, sizeof(fig), "boot, %s: median", v->label);
	bench_row(fig, bench_fmt(a, sizeof(a), med, "us"), r, med / ref,
	    "< 1000 us", med < TARGET_BOOT_US);
	snprintf(fig, sizeof(fig), "boot, %s: p90", v->label);
	bench_row(fig, bench_fmt(a, sizeof(a), p90, "us"), r, p90 / ref,
	    "", -1);
	snprintf(fig, sizeof(fig), "RSS growth, %s", v->label);
	if (core) {
		snprintf(r, sizeof(r), "%.0f KiB [reported]", NETBSD_RSS_KIB);
		bench_row(fig, bench_fmt(a, sizeof(a), drss, "KiB"), r,
		    drss / NETBSD_RSS_KIB, "< 512 KiB", drss < TARGET_RSS_KIB);
	} else {
		bench_row(fig, bench_fmt(a, sizeof(a), drss, "KiB"), "-", NAN,
		    "", -1);
	}
	snprintf(fig, sizeof(fig), "  of which anonymous memory");
	bench_row(fig, bench_fmt(a, sizeof(a), danon, "KiB"), "-", NAN, "", -1);
	free(us);
	free(rss);
	free(anon);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: bench_boot [-n N] [-v KIND LABEL LIBS PATH]...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct variant vs[MAXVARIANTS];
	int nv = 0, nsamples = NSAMPLES_DEFAULT, failed = 0;

	if (argc == 3 && strcmp(argv[1], "--child") == 0)
		child_measure(atoi(argv[2]));
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			if ((nsamples = atoi(argv[++i])) < 1)
				usage();
		} else if (strcmp(argv[i], "-v") == 0 && i + 4 < argc &&
		    nv < MAXVARIANTS) {
			vs[nv].kind = argv[i + 1];
			vs[nv].label = argv[i + 2];
			vs[nv].libs = argv[i + 3];
			vs[nv].path = argv[i + 4];
			if (strcmp(vs[nv].kind, "core") != 0 &&
			    strcmp(vs[nv].kind, "all") != 0)
				usage();
			nv++;
			i += 4;
		} else {
			usage();
		}
	}
	if (nv == 0) {
		vs[0] = (struct variant){ "core", "this program",
		    "what this program was linked with", NULL };
		nv = 1;
	}

	bench_table_begin("Boot: rump_init() to ready, one fresh process per boot");
	for (int i = 0; i < nv; i++)
		if (run_variant(&vs[i], nsamples) != 0)
			failed = 1;
	bench_table_end();
	bench_note("%d boots per variant (plus one warm-up), each in its own "
	    "forked process; median and p90.", nsamples);
	bench_note("[reported] = NetBSD rump kernel, published figure (core "
	    "7.8 ms, every faction 17 ms, RSS growth 1.9 MB = %.0f KiB): "
	    "reported, not measured here.", NETBSD_RSS_KIB);
	bench_note("RSS growth = VmRSS after rump_init() - before, in the child; "
	    "it includes kernel text paged in and the stacks of kernel threads.");
	for (int i = 0; i < nv; i++)
		bench_note("%s: linked with %s", vs[i].label, vs[i].libs);
	fflush(stdout);
	return failed;
}
