/*
 * bench_vfs.c: tmpfs in the kernel beside the host's own tmpfs
 * (/dev/shm), in the same run: creating and removing files in one
 * directory (100,000 and 10 entries), stat of a nested path,
 * sequential write and read of 1 GiB in 64 KiB blocks (also beside a
 * plain memcpy), and the resident memory that 256 MiB of file data
 * costs.  Each figure is the median of REPS runs (create+unlink: kernel
 * and host, big and small directory taking turns).  Options: -s (small:
 * 1/16 of the sizes, for a quick look).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "bench.h"

#define BLOCK		(64 * 1024)
#define REPS		5
#define CACHE_LINE	64
#define LINE_WORDS	(CACHE_LINE / sizeof(size_t))

static size_t io_bytes = (size_t)1 << 30;
static size_t rss_bytes = (size_t)256 << 20;
static int nfiles = 100000;
static char hostdir[256];

/* The operations, on either side. */
struct fsops {
	int (*open)(const char *, int, ...);
	int (*close)(int);
	int (*unlink)(const char *);
	int (*mkdir)(const char *, mode_t);
	int (*rmdir)(const char *);
	int (*stat)(const char *, struct stat *);
	ssize_t (*write)(int, const void *, size_t);
	ssize_t (*read)(int, void *, size_t);
	const char *root;
};

static const struct fsops kernel_ops = {
	rump_sys_open, rump_sys_close, rump_sys_unlink, rump_sys_mkdir,
	rump_sys_rmdir, rump_sys_stat, rump_sys_write, rump_sys_read, "/tmp",
};

static struct fsops host_ops = {
	open, close, unlink, mkdir, rmdir, stat, write, read, hostdir,
};

static void
die(const char *what)
{
	fprintf(stderr, "bench_vfs: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Seconds per create+close+unlink of n files in one directory,
 * repeated reps times (small directories need many rounds to time). */
static double
create_unlink(const struct fsops *o, int n, int reps)
{
	char path[512], dir[300];
	int64_t t0, t1;
	int fd;

	snprintf(dir, sizeof(dir), "%s/cu", o->root);
	if (o->mkdir(dir, 0755) != 0)
		die("mkdir");
	t0 = bench_now_ns();
	for (int r = 0; r < reps; r++) {
		for (int i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/f%d", dir, i);
			if ((fd = o->open(path, O_CREAT | O_WRONLY, 0644)) < 0)
				die("create");
			o->close(fd);
		}
		for (int i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/f%d", dir, i);
			if (o->unlink(path) != 0)
				die("unlink");
		}
	}
	t1 = bench_now_ns();
	o->rmdir(dir);
	return (double)(t1 - t0) / 1e9 / ((double)n * reps);
}

/* Create+unlink on each side, with nfiles files and with 10: the
 * median over REPS rounds of each figure, and of the kernel's per-op
 * ratio between the sizes (flat), each round's runs taking turns so
 * that they meet the same load. */
static void
create_unlink_rounds(double *k, double *h, double *k10, double *h10,
    double *flat)
{
	double ks[REPS], hs[REPS], k10s[REPS], h10s[REPS], flats[REPS];

	for (int r = 0; r < REPS; r++) {
		ks[r] = create_unlink(&kernel_ops, nfiles, 1);
		hs[r] = create_unlink(&host_ops, nfiles, 1);
		k10s[r] = create_unlink(&kernel_ops, 10, nfiles / 10);
		h10s[r] = create_unlink(&host_ops, 10, nfiles / 10);
		flats[r] = k10s[r] / ks[r];
	}
	*k = bench_median(ks, REPS);
	*h = bench_median(hs, REPS);
	*k10 = bench_median(k10s, REPS);
	*h10 = bench_median(h10s, REPS);
	*flat = bench_median(flats, REPS);
}

static volatile size_t latency_sink;	/* keeps the chase's loads */

/* Nanoseconds per load from memory far bigger than the caches, each
 * load's address coming from the one before (one random cycle through
 * 64 MiB of cache lines): what finding a cold object costs here. */
static double
memory_latency(void)
{
	size_t n = ((size_t)64 << 20) / CACHE_LINE, steps = (size_t)1 << 21;
	size_t *next = bench_xcalloc(n, CACHE_LINE), at = 0;
	uint64_t x = 88172645463325252ull;
	int64_t t0;

	/* Sattolo's shuffle: one cycle through every line. */
	for (size_t i = 0; i < n; i++)
		next[i * LINE_WORDS] = i;
	for (size_t i = n - 1; i > 0; i--) {
		size_t j, t;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		j = (size_t)(x % i);
		t = next[i * LINE_WORDS];
		next[i * LINE_WORDS] = next[j * LINE_WORDS];
		next[j * LINE_WORDS] = t;
	}
	t0 = bench_now_ns();
	for (size_t i = 0; i < steps; i++)
		at = next[at * LINE_WORDS];
	t0 = bench_now_ns() - t0;
	latency_sink = at;
	free(next);
	return (double)t0 / (double)steps;
}

/* Nanoseconds per stat of root/a/b/c/d/file. */
static double
stat_nested(const struct fsops *o)
{
	const char *parts[] = { "a", "b", "c", "d" };
	char path[512];
	double best[REPS];
	struct stat st;
	int fd, n = 200000;

	snprintf(path, sizeof(path), "%s", o->root);
	for (int i = 0; i < 4; i++) {
		strcat(path, "/");
		strcat(path, parts[i]);
		if (o->mkdir(path, 0755) != 0 && errno != EEXIST)
			die("mkdir");
	}
	strcat(path, "/file");
	if ((fd = o->open(path, O_CREAT | O_WRONLY, 0644)) < 0)
		die("create");
	o->close(fd);
	for (int r = 0; r < REPS; r++) {
		int64_t t0 = bench_now_ns();

		for (int i = 0; i < n; i++)
			if (o->stat(path, &st) != 0)
				die("stat");
		best[r] = (double)(bench_now_ns() - t0) / n;
	}
	return bench_median(best, REPS);
}

/* Bytes per second writing (write true) or reading io_bytes. */
static double
sequential(const struct fsops *o, bool write, char *buf)
{
	char path[300];
	double rate[REPS];
	int fd;

	snprintf(path, sizeof(path), "%s/big", o->root);
	if ((fd = o->open(path, O_CREAT | O_RDWR | O_TRUNC, 0644)) < 0)
		die("create");
	for (size_t off = 0; off < io_bytes; off += BLOCK)
		if (o->write(fd, buf, BLOCK) != BLOCK)
			die("write");
	o->close(fd);
	for (int r = 0; r < REPS; r++) {
		int64_t t0;

		if ((fd = o->open(path, write ? O_WRONLY : O_RDONLY)) < 0)
			die("open");
		t0 = bench_now_ns();
		for (size_t off = 0; off < io_bytes; off += BLOCK)
			if ((write ? o->write(fd, buf, BLOCK) :
			    o->read(fd, buf, BLOCK)) != BLOCK)
				die(write ? "write" : "read");
		rate[r] = (double)io_bytes / ((double)(bench_now_ns() - t0) / 1e9);
		o->close(fd);
	}
	o->unlink(path);
	return bench_median(rate, REPS);
}

static double
memcpy_rate(char *buf)
{
	char *dst = bench_xcalloc(1, io_bytes);
	double rate[REPS];

	memset(dst, 1, io_bytes);	/* fault it in, as the files are */
	for (int r = 0; r < REPS; r++) {
		int64_t t0 = bench_now_ns();

		for (size_t off = 0; off < io_bytes; off += BLOCK)
			memcpy(dst + off, buf, BLOCK);
		rate[r] = (double)io_bytes / ((double)(bench_now_ns() - t0) / 1e9);
	}
	free(dst);
	return bench_median(rate, REPS);
}

static long
rss_kib(void)
{
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* Resident memory growth, in bytes, from writing rss_bytes to a file
 * in the kernel's tmpfs. */
static double
rss_growth(char *buf)
{
	long before = rss_kib();
	int fd = rump_sys_open("/tmp/rss", O_CREAT | O_WRONLY, 0644);
	double grow;

	if (fd < 0)
		die("create");
	for (size_t off = 0; off < rss_bytes; off += BLOCK)
		if (rump_sys_write(fd, buf, BLOCK) != BLOCK)
			die("write");
	rump_sys_close(fd);
	grow = (double)(rss_kib() - before) * 1024;
	rump_sys_unlink("/tmp/rss");
	return grow;
}

/* A row of rates any and ref, with their ratio (measured apart when
 * the ratio of medians is not the figure). */
static void
row_ratio(const char *fig, double any, double ref, const char *reflabel,
    double ratio, const char *target, double goal)
{
	char a[32], r[64], rv[32];

	snprintf(r, sizeof(r), "%s %s", bench_fmt(rv, sizeof(rv), ref, ""),
	    reflabel);
	bench_row(fig, bench_fmt(a, sizeof(a), any, ""), r, ratio, target,
	    goal > 0 ? ratio >= goal : -1);
}

static void
row_rate(const char *fig, double any, double ref, const char *reflabel,
    const char *target, double goal)
{
	row_ratio(fig, any, ref, reflabel, any / ref, target, goal);
}

int
main(int argc, char **argv)
{
	char *buf = bench_xcalloc(1, BLOCK), label[64];
	double k, h, k10, h10, flat, m;

	if (argc > 1 && strcmp(argv[1], "-s") == 0) {
		io_bytes >>= 4;
		rss_bytes >>= 4;
		nfiles /= 16;
	}
	memset(buf, 'x', BLOCK);
	snprintf(hostdir, sizeof(hostdir), "/dev/shm/bench_vfs.%d", getpid());
	if (mkdir(hostdir, 0755) != 0)
		die(hostdir);
	if (rump_init() != 0)
		die("rump_init");

	bench_table_begin("tmpfs: kernel beside the host's /dev/shm (higher is better "
	    "unless in ns)");
	/* First, while the process has no freed memory to reuse. */
	{
		double grow = rss_growth(buf);
		char a[32], r[64];

		snprintf(r, sizeof(r), "%zu MiB of data", rss_bytes >> 20);
		bench_row("resident memory for the data (MiB)",
		    bench_fmt(a, sizeof(a), grow / 1048576, "MiB"), r,
		    grow / (double)rss_bytes, "<= 1.05x data",
		    grow / (double)rss_bytes <= 1.05);
	}
	create_unlink_rounds(&k, &h, &k10, &h10, &flat);
	snprintf(label, sizeof(label), "create+unlink, %d files (ops/s)", nfiles);
	row_rate(label, 1 / k, 1 / h, "host", ">= 3x host", 3);
	row_rate("create+unlink, 10 files (ops/s)", 1 / k10, 1 / h10, "host",
	    "", 0);
	snprintf(label, sizeof(label), "  per-op: %d-entry dir vs 10-entry dir",
	    nfiles);
	row_ratio(label, 1 / k, 1 / k10, "10-entry", flat, ">= 0.8 (as fast)",
	    0.8);
	{
		char a[32], r[64], rv[32];
		double lat = memory_latency();

		snprintf(r, sizeof(r), "%s host",
		    bench_fmt(rv, sizeof(rv), (h - h10) * 1e9, "ns"));
		bench_row("  what the big dir adds per op (ns)",
		    bench_fmt(a, sizeof(a), (k - k10) * 1e9, "ns"), r,
		    h > h10 ? (k - k10) / (h - h10) : NAN, "", -1);
		snprintf(r, sizeof(r), "%s a miss", bench_fmt(rv, sizeof(rv),
		    lat, "ns"));
		bench_row("  per-op ceiling, 2 dependent misses",
		    bench_fmt(a, sizeof(a), 1 / (k10 + 2 * lat * 1e-9), ""), r,
		    k10 / (k10 + 2 * lat * 1e-9), "", -1);
	}
	k = stat_nested(&kernel_ops);
	h = stat_nested(&host_ops);
	{
		char a[32], r[64], rv[32];

		snprintf(r, sizeof(r), "%s host", bench_fmt(rv, sizeof(rv), h, "ns"));
		bench_row("stat a/b/c/d/file (ns)", bench_fmt(a, sizeof(a), k, "ns"),
		    r, h / k, "speedup >= 5x host", h / k >= 5);
	}
	m = memcpy_rate(buf);
	k = sequential(&kernel_ops, true, buf);
	h = sequential(&host_ops, true, buf);
	row_rate("sequential write, 64 KiB blocks (GB/s)", k / 1e9, m / 1e9,
	    "memcpy", ">= 0.7 memcpy", 0.7);
	row_rate("  beside the host's tmpfs (GB/s)", k / 1e9, h / 1e9, "host",
	    "", 0);
	k = sequential(&kernel_ops, false, buf);
	h = sequential(&host_ops, false, buf);
	row_rate("sequential read, 64 KiB blocks (GB/s)", k / 1e9, m / 1e9,
	    "memcpy", ">= 0.7 memcpy", 0.7);
	row_rate("  beside the host's tmpfs (GB/s)", k / 1e9, h / 1e9, "host",
	    "", 0);
	bench_table_end();
	bench_note("ratios are anykernel / reference, except stat: host / anykernel "
	    "(a speedup)");
	rmdir(hostdir);
	rump_sys_reboot(0, NULL);
	free(buf);
	return 0;
}
