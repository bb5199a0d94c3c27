/*
 * bench_vfs.c: tmpfs in the kernel beside the host's own tmpfs
 * (/dev/shm), in the same run: creating and removing 100,000 files in
 * one directory, the same number in 10,000 directories of 10 (what a
 * big directory costs, the working set being the same), and 10 files
 * in one directory (what a working set beyond the caches costs as
 * well); stat of a nested path; sequential write and read of 1 GiB in
 * 64 KiB blocks (also beside a plain memcpy); and the resident memory
 * that 256 MiB of file data costs.  Each figure is the median of REPS
 * runs (create+unlink: of CU_ROUNDS, kernel and host, the three shapes
 * taking turns).  Options: -s (small: 1/16 of the sizes, for a quick look).
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
#define CU_ROUNDS	7	/* create+unlink's ratios vary more */
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

/* File f of directory d in a create+unlink run; the directory itself
 * if f < 0. */
static void
cu_path(char *buf, size_t len, const struct fsops *o, int d, int f)
{
	int n = snprintf(buf, len, "%s/cu/d%d", o->root, d);

	if (f >= 0)
		snprintf(buf + n, len - (size_t)n, "/f%d", f);
}

/* Seconds per create+close+unlink of ndirs * per files, per in each of
 * ndirs directories, the whole repeated reps times (small runs need
 * many rounds to time).  Every file's path has the same depth, and the
 * directories are made and removed outside the timing. */
static double
create_unlink(const struct fsops *o, int ndirs, int per, int reps)
{
	char path[512];
	int64_t t0, t1;
	int fd, n = ndirs * per;

	for (int d = 0; d < ndirs; d++) {
		cu_path(path, sizeof(path), o, d, -1);
		if (o->mkdir(path, 0755) != 0)
			die("mkdir");
	}
	t0 = bench_now_ns();
	for (int r = 0; r < reps; r++) {
		for (int i = 0; i < n; i++) {
			cu_path(path, sizeof(path), o, i / per, i % per);
			if ((fd = o->open(path, O_CREAT | O_WRONLY, 0644)) < 0)
				die("create");
			o->close(fd);
		}
		for (int i = 0; i < n; i++) {
			cu_path(path, sizeof(path), o, i / per, i % per);
			if (o->unlink(path) != 0)
				die("unlink");
		}
	}
	t1 = bench_now_ns();
	for (int d = 0; d < ndirs; d++) {
		cu_path(path, sizeof(path), o, d, -1);
		if (o->rmdir(path) != 0)
			die("rmdir");
	}
	return (double)(t1 - t0) / 1e9 / ((double)n * reps);
}

/* The create+unlink figures: seconds per op with nfiles files in one
 * directory (BIG), in directories of 10 (DIRS) and with 10 files in
 * one (SMALL), kernel and host; and the kernel's per-op ratios DIRS /
 * BIG (FLAT: what a big directory costs) and SMALL / BIG (WSET: what
 * it costs with the working set), and the host's SMALL / BIG. */
enum { K_BIG, K_DIRS, K_SMALL, H_BIG, H_DIRS, H_SMALL, FLAT, WSET, H_WSET,
	CU_NFIG };

/* Each figure's median over CU_ROUNDS rounds (ratios taken within each
 * round), the runs of a round taking turns so that they meet the same
 * load. */
static void
create_unlink_rounds(double fig[CU_NFIG])
{
	double v[CU_NFIG][CU_ROUNDS];

	for (int r = 0; r < CU_ROUNDS; r++) {
		v[K_BIG][r] = create_unlink(&kernel_ops, 1, nfiles, 1);
		v[H_BIG][r] = create_unlink(&host_ops, 1, nfiles, 1);
		v[K_DIRS][r] = create_unlink(&kernel_ops, nfiles / 10, 10, 1);
		v[H_DIRS][r] = create_unlink(&host_ops, nfiles / 10, 10, 1);
		v[K_SMALL][r] = create_unlink(&kernel_ops, 1, 10, nfiles / 10);
		v[H_SMALL][r] = create_unlink(&host_ops, 1, 10, nfiles / 10);
		v[FLAT][r] = v[K_DIRS][r] / v[K_BIG][r];
		v[WSET][r] = v[K_SMALL][r] / v[K_BIG][r];
		v[H_WSET][r] = v[H_SMALL][r] / v[H_BIG][r];
	}
	for (int i = 0; i < CU_NFIG; i++)
		fig[i] = bench_median(v[i], CU_ROUNDS);
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
	char *buf = bench_xcalloc(1, BLOCK), label[64], cudir[300];
	double cu[CU_NFIG];
	double k, h, m;

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
	snprintf(cudir, sizeof(cudir), "%s/cu", hostdir);
	if (mkdir(cudir, 0755) != 0 || rump_sys_mkdir("/tmp/cu", 0755) != 0)
		die("mkdir cu");
	create_unlink_rounds(cu);
	snprintf(label, sizeof(label), "create+unlink, %d files (ops/s)", nfiles);
	row_rate(label, 1 / cu[K_BIG], 1 / cu[H_BIG], "host", ">= 3x host", 3);
	snprintf(label, sizeof(label), "  in %d dirs of 10 (ops/s)", nfiles / 10);
	row_rate(label, 1 / cu[K_DIRS], 1 / cu[H_DIRS], "host", "", 0);
	row_rate("create+unlink, 10 files (ops/s)", 1 / cu[K_SMALL],
	    1 / cu[H_SMALL], "host", "", 0);
	snprintf(label, sizeof(label), "  per-op: %d-entry dir vs dirs of 10",
	    nfiles);
	row_ratio(label, 1 / cu[K_BIG], 1 / cu[K_DIRS], "dirs of 10", cu[FLAT],
	    ">= 0.8 (as fast)", 0.8);
	{
		char a[32], r[64], rv[32];
		double lat = memory_latency();

		/* Informative: 100,000 files touched in turn miss the
		 * caches wherever they are; what that costs beside 10. */
		snprintf(label, sizeof(label), "  per-op: %d files vs 10", nfiles);
		snprintf(r, sizeof(r), "%.2f host", cu[H_WSET]);
		snprintf(a, sizeof(a), "%.2f", cu[WSET]);
		bench_row(label, a, r, NAN, "", -1);
		snprintf(r, sizeof(r), "%s a miss", bench_fmt(rv, sizeof(rv),
		    lat, "ns"));
		snprintf(a, sizeof(a), "%.2f",
		    cu[K_SMALL] / (cu[K_SMALL] + 2 * lat * 1e-9));
		bench_row("    the same with 2 misses an op", a, r, NAN, "", -1);
	}
	rmdir(cudir);
	rump_sys_rmdir("/tmp/cu");
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
