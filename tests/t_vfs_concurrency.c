/*
 * t_vfs_concurrency.c: the VFS under threads.  Eight threads on two
 * virtual CPUs create, rename (across directories, over each other),
 * link and unlink names in shared directories, make, move and remove
 * subdirectories, keep files open while others unlink them, and write
 * shared files, for about a second.  Then the tree must be consistent
 * (each directory's link count is 2 + its subdirectories, each file's
 * the number of names found for it, no name twice, entries' inode
 * numbers and types as lstat says), every shared-file block one whole
 * write; after removing everything the vnode count and memory in use
 * return to where they started (tests/kern/ktest_vfs.c).  A second
 * case moves directory trees into each other from two threads while
 * others look paths up: it must not deadlock (the time limit) and
 * fails only with the errors a lost race explains.  Another stats
 * cached paths (the lock-free walk) while their directories and files
 * are renamed away, removed and remade: each answer must be the right
 * kind of file or ENOENT; and while the name cache grows.  Forced
 * unmounts run under lookups and under links, renames and removals
 * (whose second vnode may die between its lookup and its lock).
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"
#include "ktest.h"


#define NTHREADS	8
#define NDIRS		4	/* shared directories d0..d3 */
#define NSUB		3	/* subdirectory names s0..s2 in each */
#define NNAMES		12	/* file names n0..n11 in each directory */
#define NSHARED		4	/* shared files f0..f3 */
#define SHARED_BLOCKS	64
#define BLK		4096
#define RUN_NS		1000000000LL
#define MEM_SLACK	(256 * 1024)

#define TOP "/tmp/c"

static unsigned long long seed;

static unsigned
rnd(uint64_t *s, unsigned n)
{
	return (unsigned)(t_rnd64(s) % n);
}

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
boot(void)
{
	setenv("RUMP_NCPU", "2", 1);
	/* A limit, so the memory reclaimers can be asked to empty the
	 * caches (ktest_vfs_drop_caches). */
	setenv("RUMP_MEMLIMIT", "268435456", 1);
	T_ASSERT_EQ(rump_init(), 0);
	seed = t_seed();
}

/* A failure of call that only these errors may explain. */
static void
check_errno(const char *call, const char *path, int err, const int *ok)
{
	for (; *ok != 0; ok++)
		if (err == *ok)
			return;
	T_FAIL("seed %llu: %s %s: unexpected %s", seed, call, path,
	    strerror(err));
}

/* --- the tree walk --- */

struct inode {
	ino_t ino;
	nlink_t nlink;
	int names;
};

struct walk {
	struct inode *ino;
	int n, max;
	int dirs, files;
};

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmpino(const void *a, const void *b)
{
	const struct inode *x = a, *y = b;

	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static void
note_inode(struct walk *w, const struct stat *st)
{
	if (w->n == w->max) {
		w->max = w->max ? 2 * w->max : 1024;
		if ((w->ino = realloc(w->ino, (size_t)w->max * sizeof(*w->ino))) ==
		    NULL)
			T_FAIL("out of memory");
	}
	w->ino[w->n++] = (struct inode){ st->st_ino, st->st_nlink, 1 };
}

/* Check directory path and everything below it. */
static void
walk_dir(struct walk *w, const char *path)
{
	char buf[8192], *names[1024], child[512];
	int fd, n = 0, subdirs = 0;
	struct stat st, dst;
	ssize_t got;

	T_ASSERT_GE(fd = rump_sys_open(path, O_RDONLY | O_DIRECTORY), 0);
	T_ASSERT_OK(rump_sys_fstat(fd, &dst));
	while ((got = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < got;) {
			struct dirent *d = (struct dirent *)(void *)(buf + off);

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0)
				continue;
			T_ASSERT_LT(n, 1024);
			names[n++] = strdup(d->d_name);
			snprintf(child, sizeof(child), "%s/%s", path, d->d_name);
			T_ASSERT_OK(rump_sys_lstat(child, &st));
			if (st.st_ino != d->d_ino)
				T_FAIL("%s: entry says inode %llu, lstat %llu",
				    child, (unsigned long long)d->d_ino,
				    (unsigned long long)st.st_ino);
			if ((S_ISDIR(st.st_mode) ? DT_DIR : DT_REG) != d->d_type)
				T_FAIL("%s: entry type %d, mode %#o", child,
				    d->d_type, (unsigned)st.st_mode);
			if (S_ISDIR(st.st_mode)) {
				subdirs++;
				w->dirs++;
				walk_dir(w, child);
			} else {
				w->files++;
				note_inode(w, &st);
			}
		}
	}
	T_ASSERT_EQ(got, 0);
	T_ASSERT_OK(rump_sys_close(fd));
	if (dst.st_nlink != (nlink_t)(2 + subdirs))
		T_FAIL("seed %llu: %s has link count %lu with %d subdirectories",
		    seed, path, (unsigned long)dst.st_nlink, subdirs);
	qsort(names, (size_t)n, sizeof(names[0]), cmpstr);
	for (int i = 1; i < n; i++)
		if (strcmp(names[i - 1], names[i]) == 0)
			T_FAIL("seed %llu: %s/%s listed twice", seed, path,
			    names[i]);
	for (int i = 0; i < n; i++)
		free(names[i]);
}

/* Walk top; every file's link count must be the names found for it. */
static void
check_tree(const char *top)
{
	struct walk w = { 0 };
	int j;

	walk_dir(&w, top);
	if (w.n > 0)	/* w.ino is NULL when no file was found */
		qsort(w.ino, (size_t)w.n, sizeof(w.ino[0]), cmpino);
	for (int i = 0; i < w.n; i = j) {
		for (j = i + 1; j < w.n && w.ino[j].ino == w.ino[i].ino; j++)
			if (w.ino[j].nlink != w.ino[i].nlink)
				T_FAIL("inode %llu: link count changed",
				    (unsigned long long)w.ino[i].ino);
		if (w.ino[i].nlink != (nlink_t)(j - i))
			T_FAIL("seed %llu: inode %llu has link count %lu but %d "
			    "names", seed, (unsigned long long)w.ino[i].ino,
			    (unsigned long)w.ino[i].nlink, j - i);
	}
	T_LOG("tree: %d directories, %d names of files", w.dirs, w.files);
	free(w.ino);
}

static void
remove_tree(const char *path)
{
	char buf[8192], child[512];
	int fd;
	ssize_t got;

	T_ASSERT_GE(fd = rump_sys_open(path, O_RDONLY | O_DIRECTORY), 0);
	while ((got = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < got;) {
			struct dirent *d = (struct dirent *)(void *)(buf + off);

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0)
				continue;
			snprintf(child, sizeof(child), "%s/%s", path, d->d_name);
			if (d->d_type == DT_DIR)
				remove_tree(child);
			else
				T_ASSERT_OK(rump_sys_unlink(child));
		}
	}
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_rmdir(path));
}

/* --- the workload --- */

struct worker {
	pthread_t thread;
	int id;
	uint64_t rng;
	long long deadline;
	unsigned long ops, errors;
	int held[4];			/* open files others may unlink */
};

/* A directory: d<k>, or d<k>/s<j>. */
static void
rnd_dir(struct worker *w, char *buf, size_t size)
{
	if (rnd(&w->rng, 10) < 7)
		snprintf(buf, size, TOP "/d%u", rnd(&w->rng, NDIRS));
	else
		snprintf(buf, size, TOP "/d%u/s%u", rnd(&w->rng, NDIRS),
		    rnd(&w->rng, NSUB));
}

static void
rnd_file(struct worker *w, char *buf, size_t size)
{
	char dir[64];

	rnd_dir(w, dir, sizeof(dir));
	snprintf(buf, size, "%s/n%u", dir, rnd(&w->rng, NNAMES));
}

static void
rnd_subdir(struct worker *w, char *buf, size_t size)
{
	snprintf(buf, size, TOP "/d%u/s%u", rnd(&w->rng, NDIRS),
	    rnd(&w->rng, NSUB));
}

/* A block of one write: its stamp (writer, sequence) everywhere. */
static void
stamp_block(uint32_t *blk, uint32_t stamp)
{
	for (size_t i = 0; i < BLK / sizeof(uint32_t); i++)
		blk[i] = stamp;
}

/* Names are taken or gone, or a directory still has entries: files
 * (n*) and subdirectories (s*) never share names, so no type errors. */
static const int E_NAME[] = { ENOENT, EEXIST, ENOTEMPTY, 0 };

static void *
worker_run(void *arg)
{
	struct worker *w = arg;
	uint32_t blk[BLK / sizeof(uint32_t)];
	char p[96], q[96];
	int fd, rv = 0;
	const char *call = "";

	for (int i = 0; i < 4; i++)
		w->held[i] = -1;
	while (now_ns() < w->deadline) {
		unsigned op = rnd(&w->rng, 100), h;

		w->ops++;
		if (op < 18) {			/* create, maybe keep open */
			call = "create";
			rnd_file(w, p, sizeof(p));
			fd = rump_sys_open(p, O_CREAT | O_RDWR |
			    (rnd(&w->rng, 4) == 0 ? O_EXCL : 0), 0644);
			rv = fd < 0 ? -1 : 0;
			if (fd >= 0) {
				stamp_block(blk, (uint32_t)w->id << 24 | (uint32_t)w->ops);
				if (rump_sys_pwrite(fd, blk, 64 + rnd(&w->rng, 512),
				    rnd(&w->rng, 8192)) < 0)
					T_FAIL("pwrite %s: %s", p, strerror(errno));
				h = rnd(&w->rng, 4);
				if (w->held[h] >= 0)
					T_ASSERT_OK(rump_sys_close(w->held[h]));
				w->held[h] = fd;
			}
		} else if (op < 33) {		/* rename files over each other */
			call = "rename";
			rnd_file(w, p, sizeof(p));
			rnd_file(w, q, sizeof(q));
			rv = rump_sys_rename(p, q);
		} else if (op < 43) {
			call = "link";
			rnd_file(w, p, sizeof(p));
			rnd_file(w, q, sizeof(q));
			rv = rump_sys_link(p, q);
		} else if (op < 57) {
			call = "unlink";
			rnd_file(w, p, sizeof(p));
			rv = rump_sys_unlink(p);
		} else if (op < 64) {
			call = "mkdir";
			rnd_subdir(w, p, sizeof(p));
			rv = rump_sys_mkdir(p, 0755);
		} else if (op < 69) {
			call = "rmdir";
			rnd_subdir(w, p, sizeof(p));
			rv = rump_sys_rmdir(p);
		} else if (op < 76) {		/* move subdirectories across */
			call = "rename";
			rnd_subdir(w, p, sizeof(p));
			rnd_subdir(w, q, sizeof(q));
			rv = rump_sys_rename(p, q);
		} else if (op < 90) {		/* whole blocks of shared files */
			call = "pwrite";
			snprintf(p, sizeof(p), TOP "/f%u", rnd(&w->rng, NSHARED));
			T_ASSERT_GE(fd = rump_sys_open(p, O_RDWR), 0);
			stamp_block(blk, (uint32_t)w->id << 24 | (uint32_t)w->ops);
			if (rump_sys_pwrite(fd, blk, BLK,
			    (off_t)rnd(&w->rng, SHARED_BLOCKS) * BLK) != BLK)
				T_FAIL("pwrite %s: %s", p, strerror(errno));
			T_ASSERT_OK(rump_sys_close(fd));
			rv = 0;
		} else if (op < 95) {		/* an open file, maybe unlinked */
			struct stat st;

			call = "fstat";
			h = rnd(&w->rng, 4);
			if (w->held[h] >= 0) {
				T_ASSERT_OK(rump_sys_fstat(w->held[h], &st));
				T_ASSERT(S_ISREG(st.st_mode));
				if (rump_sys_pwrite(w->held[h], "x", 1,
				    rnd(&w->rng, 100000)) != 1)
					T_FAIL("pwrite to a held file: %s",
					    strerror(errno));
			}
			rv = 0;
		} else {
			struct stat st;

			call = "stat";
			rnd_file(w, p, sizeof(p));
			rv = rump_sys_stat(p, &st);
		}
		if (rv != 0) {
			w->errors++;
			check_errno(call, p, errno, E_NAME);
		}
	}
	for (int i = 0; i < 4; i++)
		if (w->held[i] >= 0)
			T_ASSERT_OK(rump_sys_close(w->held[i]));
	return NULL;
}

/* Every block of a shared file: zero, or one write's stamp throughout. */
static void
check_shared(void)
{
	uint32_t blk[BLK / sizeof(uint32_t)];
	char p[64];
	int fd;

	for (int f = 0; f < NSHARED; f++) {
		snprintf(p, sizeof(p), TOP "/f%d", f);
		T_ASSERT_GE(fd = rump_sys_open(p, O_RDONLY), 0);
		for (int b = 0; b < SHARED_BLOCKS; b++) {
			ssize_t got = rump_sys_pread(fd, blk, BLK, (off_t)b * BLK);

			T_ASSERT(got == 0 || got == BLK);
			for (size_t i = 1; got == BLK && i < BLK / sizeof(blk[0]); i++)
				if (blk[i] != blk[0])
					T_FAIL("seed %llu: %s block %d torn: word "
					    "%zu is %#x, word 0 %#x", seed, p, b, i,
					    blk[i], blk[0]);
		}
		T_ASSERT_OK(rump_sys_close(fd));
	}
}

T_CASE(concurrent_names, "[timeout=30] 8 threads on 2 CPUs create, rename, link and unlink for a second: tree consistent, nothing leaked")
{
	static struct worker w[NTHREADS];
	unsigned long ops = 0, errors = 0;
	struct ktest_vfs_counts before, after;
	char p[64];
	int fd;

	boot();
	before = ktest_settled_vfs_counts();
	T_ASSERT_OK(rump_sys_mkdir(TOP, 0755));
	for (int d = 0; d < NDIRS; d++) {
		snprintf(p, sizeof(p), TOP "/d%d", d);
		T_ASSERT_OK(rump_sys_mkdir(p, 0755));
	}
	for (int f = 0; f < NSHARED; f++) {
		snprintf(p, sizeof(p), TOP "/f%d", f);
		T_ASSERT_GE(fd = rump_sys_open(p, O_CREAT | O_RDWR, 0644), 0);
		T_ASSERT_OK(rump_sys_close(fd));
	}
	long long deadline = now_ns() + RUN_NS;
	for (int i = 0; i < NTHREADS; i++) {
		w[i].id = i;
		w[i].rng = seed * 31 + (uint64_t)i;
		w[i].deadline = deadline;
		T_ASSERT_EQ(pthread_create(&w[i].thread, NULL, worker_run, &w[i]),
		    0);
	}
	for (int i = 0; i < NTHREADS; i++) {
		T_ASSERT_EQ(pthread_join(w[i].thread, NULL), 0);
		ops += w[i].ops;
		errors += w[i].errors;
	}
	T_LOG("%lu operations, %lu failed with an expected error", ops, errors);
	check_tree(TOP);
	check_shared();
	remove_tree(TOP);
	after = ktest_settled_vfs_counts();
	T_LOG("vnodes %u -> %u (unused %u -> %u), names %u -> %u, memory "
	    "%llu -> %llu", before.vnodes, after.vnodes, before.vfree,
	    after.vfree, before.names, after.names,
	    (unsigned long long)before.mem, (unsigned long long)after.mem);
	T_ASSERT_EQ(after.vnodes, before.vnodes);
	T_ASSERT_EQ(after.vfree, 0);
	T_ASSERT_LE(after.mem, before.mem + MEM_SLACK);
}

/* --- moving trees into each other --- */

#define RTOP "/tmp/r"

struct mover {
	pthread_t thread;
	uint64_t rng;
	long long deadline;
	const char *name;		/* the directory this one moves */
	unsigned long moved, failed;
	bool lookup;			/* a thread that looks up (and makes files) */
	unsigned long created, unlinked;
};

/* A path under RTOP ending in name: "a/name", "c/d/name", ... */
static void
rnd_place(uint64_t *rng, const char *name, char *buf, size_t size)
{
	static const char *const dirs[] = {
		"", "a/", "c/", "a/b/", "c/d/", "a/b/d/", "c/d/b/", "a/b/d/b/",
		"c/d/b/d/", "a/b/b/", "c/d/d/",
	};

	snprintf(buf, size, RTOP "/%s%s", dirs[rnd(rng, 11)], name);
}

/* A move whose source or target directory is elsewhere now, or that
 * would put a directory below itself; a lookup or create that lost a
 * race. */
static const int E_MOVE[] = { ENOENT, EINVAL, 0 };
static const int E_LOOK[] = { ENOENT, EEXIST, 0 };

static void *
mover_run(void *arg)
{
	struct mover *m = arg;
	char p[96], q[96];
	struct stat st;

	while (now_ns() < m->deadline) {
		if (m->lookup) {
			static const char *const names[] = { "b", "d", "b/..",
			    "d/../b", "x" };

			rnd_place(&m->rng, names[rnd(&m->rng, 5)], p, sizeof(p));
			if (rump_sys_stat(p, &st) == 0) {
				m->moved++;
			} else {
				m->failed++;
				check_errno("stat", p, errno, E_LOOK);
			}
			/* Files come and go in the moving directories; the
			 * ones whose directory moved away stay. */
			if (rnd(&m->rng, 4) == 0) {
				rnd_place(&m->rng, "x", p, sizeof(p));
				int fd = rump_sys_open(p, O_CREAT | O_EXCL | O_RDWR,
				    0644);

				if (fd >= 0) {
					m->created++;
					T_ASSERT_OK(rump_sys_close(fd));
				} else {
					check_errno("create", p, errno, E_LOOK);
				}
				rnd_place(&m->rng, "x", p, sizeof(p));
				if (rump_sys_unlink(p) == 0)
					m->unlinked++;
				else
					check_errno("unlink", p, errno, E_LOOK);
			}
			continue;
		}
		rnd_place(&m->rng, m->name, p, sizeof(p));
		rnd_place(&m->rng, m->name, q, sizeof(q));
		if (rump_sys_rename(p, q) == 0) {
			m->moved++;
		} else {
			m->failed++;
			check_errno("rename", p, errno, E_MOVE);
		}
	}
	return NULL;
}

T_CASE(rename_trees_into_each_other, "[timeout=30] two threads move directory trees into each other while two look them up: no deadlock, tree intact")
{
	struct mover m[4] = {
		{ .name = "b" }, { .name = "d" }, { .lookup = true },
		{ .lookup = true },
	};
	struct ktest_vfs_counts before, after;
	struct walk w = { 0 };

	boot();
	before = ktest_settled_vfs_counts();
	T_ASSERT_OK(rump_sys_mkdir(RTOP, 0755));
	T_ASSERT_OK(rump_sys_mkdir(RTOP "/a", 0755));
	T_ASSERT_OK(rump_sys_mkdir(RTOP "/a/b", 0755));
	T_ASSERT_OK(rump_sys_mkdir(RTOP "/c", 0755));
	T_ASSERT_OK(rump_sys_mkdir(RTOP "/c/d", 0755));
	long long deadline = now_ns() + RUN_NS;
	for (int i = 0; i < 4; i++) {
		m[i].rng = seed * 7 + (uint64_t)i;
		m[i].deadline = deadline;
		T_ASSERT_EQ(pthread_create(&m[i].thread, NULL, mover_run, &m[i]), 0);
	}
	for (int i = 0; i < 4; i++)
		T_ASSERT_EQ(pthread_join(m[i].thread, NULL), 0);
	T_LOG("b moved %lu times (%lu refused), d %lu (%lu); lookups %lu found, "
	    "%lu not", m[0].moved, m[0].failed, m[1].moved, m[1].failed,
	    m[2].moved + m[3].moved, m[2].failed + m[3].failed);
	T_ASSERT_GT(m[0].moved, 0);
	T_ASSERT_GT(m[1].moved, 0);
	/* Still a, c, b and d, each once, the files made and not
	 * removed, and link counts right. */
	check_tree(RTOP);
	walk_dir(&w, RTOP);
	T_ASSERT_EQ(w.dirs, 4);
	T_ASSERT_EQ(w.files, (int)(m[2].created + m[3].created - m[2].unlinked -
	    m[3].unlinked));
	free(w.ino);
	remove_tree(RTOP);
	after = ktest_settled_vfs_counts();
	T_ASSERT_EQ(after.vnodes, before.vnodes);
	T_ASSERT_LE(after.mem, before.mem + MEM_SLACK);
}

/* Thread bodies for the regression cases below: each loops until the
 * deadline, counting what it did in *arg. */
static int stop_flag;		/* atomic */
#define STOPPED() __atomic_load_n(&stop_flag, __ATOMIC_RELAXED)

static void *
rename_target_ancestor(void *arg)
{
	while (!STOPPED()) {
		/* Target "a" contains the source: ENOTEMPTY, after
		 * checking without holding a/b before a. */
		if (rump_sys_rename("/tmp/a/b/c", "/tmp/a") == 0 || errno != ENOTEMPTY)
			(*(int *)arg)++;
	}
	return NULL;
}

static void *
rmdir_middle(void *arg)
{
	while (!STOPPED()) {
		if (rump_sys_rmdir("/tmp/a/b") == 0 || errno != ENOTEMPTY)
			(*(int *)arg)++;
		if (rump_sys_unlink("/tmp/a/b") == 0 || errno != EISDIR)
			(*(int *)arg)++;
	}
	return NULL;
}

T_CASE(rename_onto_ancestor_vs_rmdir, "[timeout=30] rename a/b/c onto a against rmdir and unlink of a/b: no deadlock, every call fails as it must")
{
	pthread_t t1, t2;
	int bad1 = 0, bad2 = 0;
	struct timespec ts = { 0, 300 * 1000 * 1000 };

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/a", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/a/b", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/a/b/c", 0755));
	pthread_create(&t1, NULL, rename_target_ancestor, &bad1);
	pthread_create(&t2, NULL, rmdir_middle, &bad2);
	nanosleep(&ts, NULL);
	__atomic_store_n(&stop_flag, 1, __ATOMIC_RELAXED);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	T_ASSERT_EQ(bad1, 0);
	T_ASSERT_EQ(bad2, 0);
}

/* List /tmp/r with a small buffer; how many times each f<i> came. */
static void *
list_dir(void *arg)
{
	int *seen = arg, fd;
	_Alignas(struct dirent) char buf[sizeof(struct dirent)];
	ssize_t n;

	for (int round = 0; round < 200; round++) {
		if ((fd = rump_sys_open("/tmp/r", O_RDONLY | O_DIRECTORY)) < 0)
			return NULL;
		while ((n = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
			for (ssize_t off = 0; off < n;) {
				struct dirent *d = (struct dirent *)(void *)(buf + off);

				off += d->d_reclen;
				if (d->d_name[0] == 'f')
					seen[atoi(d->d_name + 1)]++;
			}
		}
		rump_sys_close(fd);
	}
	return NULL;
}

T_CASE(concurrent_listings, "[timeout=30] four threads list one directory with small buffers at once: each sees every entry exactly once in each of 200 listings")
{
	static int seen[4][300];
	pthread_t t[4];
	char path[64];
	int fd;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/r", 0755));
	for (int i = 0; i < 300; i++) {
		snprintf(path, sizeof(path), "/tmp/r/f%d", i);
		T_ASSERT_GE(fd = rump_sys_open(path, O_CREAT | O_WRONLY, 0644), 0);
		rump_sys_close(fd);
	}
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, list_dir, seen[i]);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 4; i++)
		for (int f = 0; f < 300; f++)
			if (seen[i][f] != 200)
				T_FAIL("thread %d saw f%d %d times in 200 listings",
				    i, f, seen[i][f]);
}

static void *
churn_dirs(void *arg)
{
	char path[96], to[96];
	int fd;

	(void)arg;
	for (int i = 0; i < 12000; i++) {
		snprintf(path, sizeof(path), "/tmp/x/d%d", i);
		snprintf(to, sizeof(to), "/tmp/x/e%d", i);
		if (rump_sys_mkdir(path, 0755) != 0)
			return NULL;
		for (int j = 0; j < 3; j++) {
			snprintf(path, sizeof(path), "/tmp/x/d%d/f%d", i, j);
			if ((fd = rump_sys_open(path, O_CREAT | O_WRONLY, 0644)) >= 0)
				rump_sys_close(fd);
			rump_sys_access(path, F_OK);	/* a cache entry */
		}
		snprintf(path, sizeof(path), "/tmp/x/d%d", i);
		rump_sys_rename(path, to);
	}
	return (void *)1;
}

T_CASE(trim_many_renamed_dirs, "[timeout=60] many renamed directories with cached children on a small thread stack: trimming idle vnodes does not recurse")
{
	pthread_attr_t attr;
	pthread_t t;
	void *ok;

	/* A limit: fewer idle vnodes kept (4096), so trimming happens. */
	setenv("RUMP_MEMLIMIT", "64m", 1);
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/x", 0755));
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	T_ASSERT_EQ(pthread_create(&t, &attr, churn_dirs, NULL), 0);
	pthread_join(t, &ok);
	T_ASSERT(ok == (void *)1);
}

static void *
use_doomed_mount(void *arg)
{
	struct stat st;

	(void)arg;
	rump_pub_lwproc_rfork(0);	/* a process of its own: its own cwd */
	while (!STOPPED()) {
		if (rump_sys_chdir("/tmp/m/d") != 0)
			continue;
		for (int i = 0; i < 200 && !STOPPED(); i++) {
			rump_sys_access("x", F_OK);
			rump_sys_stat("x/y", &st);
			rump_sys_stat(".", &st);
		}
	}
	rump_pub_lwproc_releaselwp();
	return NULL;
}

/*
 * Boot with four CPUs and, for RUN_NS, mount a tmpfs on /tmp/m (with
 * dirs made in it), let it be used a moment and force it out, while
 * three threads run worker on it; their results in res.
 */
static void
force_unmounts_under(void *(*worker)(void *), bool dirs, void *res[3])
{
	long long deadline;
	pthread_t t[3];

	setenv("RUMP_NCPU", "4", 1);
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m", 0755));
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	deadline = now_ns() + RUN_NS;
	while (now_ns() < deadline) {
		T_ASSERT_OK(rump_sys_mount("tmpfs", "/tmp/m", 0, NULL, 0));
		if (dirs) {
			T_ASSERT_OK(rump_sys_mkdir("/tmp/m/d", 0777));
			T_ASSERT_OK(rump_sys_mkdir("/tmp/m/d/x", 0777));
		}
		for (volatile int k = 0; k < 20000; k++)
			continue;
		T_ASSERT_OK(rump_sys_unmount("/tmp/m", RUMP_MNT_FORCE));
	}
	__atomic_store_n(&stop_flag, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], &res[i]);
}

T_CASE(forced_unmount_under_lookups, "[timeout=60] forced unmounts of a file system that other processes sit in and look up names in: no crash, every unmount succeeds")
{
	void *res[3];

	force_unmounts_under(use_doomed_mount, true, res);
}

/* Errors a name change may meet while its file system is forcibly
 * unmounted under it (EIO: a dead vnode; EISDIR, ENOTDIR, EPERM: a
 * directory renamed onto a file's name, then unlinked or linked). */
static bool
doomed_errno_ok(int e)
{
	return e == ENOENT || e == EEXIST || e == EIO || e == ENOTEMPTY ||
	    e == EXDEV || e == ENOTDIR || e == EISDIR || e == EPERM ||
	    e == EBUSY;
}

static void *
change_doomed_mount(void *arg)
{
	uintptr_t bad = 0;
	char a[16], b[16];
	int fd, r;

	(void)arg;
	/* Names in the mount's root: the unmount kills the root's vnode
	 * last, so these files' vnodes die while their directory lives. */
	while (!STOPPED() && !bad) {
		for (int i = 0; i < 100 && !STOPPED() && !bad; i++) {
			snprintf(a, sizeof(a), "/tmp/m/f%d", i % 8);
			snprintf(b, sizeof(b), "/tmp/m/g%d", i % 8);
			if ((fd = rump_sys_open(a, O_CREAT | O_WRONLY, 0644)) >= 0)
				rump_sys_close(fd);
			else if (!doomed_errno_ok(errno))
				bad = 1;
			/* Each of these locks a second vnode after looking
			 * it up: the unmount may kill it in between. */
			if ((r = rump_sys_link(a, b)) != 0 && !doomed_errno_ok(errno))
				bad = 2;
			if ((r = rump_sys_rename(b, a)) != 0 && !doomed_errno_ok(errno))
				bad = 3;
			if ((r = rump_sys_unlink(a)) != 0 && !doomed_errno_ok(errno))
				bad = 4;
			if ((r = rump_sys_mkdir(b, 0755)) != 0 && !doomed_errno_ok(errno))
				bad = 5;
			if ((r = rump_sys_rmdir(b)) != 0 && !doomed_errno_ok(errno))
				bad = 6;
		}
	}
	return (void *)bad;
}

T_CASE(forced_unmount_under_changes, "[timeout=60] forced unmounts of a file system in which other processes link, rename, unlink and remove names: no crash, each call succeeds or fails as a lost race explains")
{
	void *bad[3];

	force_unmounts_under(change_doomed_mount, false, bad);
	for (int i = 0; i < 3; i++)
		T_ASSERT_EQ((uintptr_t)bad[i], 0);
}

/* --- cached walks while the names they walk change --- */

#define WTOP "/tmp/w"
#define NSLOTS 4

struct walker {
	pthread_t thread;
	uint64_t rng;
	long long deadline;
	bool churn;			/* changes names instead ... */
	unsigned parity;		/* ... of the slots of this parity */
	unsigned long found, missing;
};

/* Each slot is WTOP/s<k>/d/e with a file f and a directory g in it. */
static void
churn_once(uint64_t *rng, unsigned parity)
{
	unsigned k = rnd(rng, NSLOTS / 2) * 2 + parity;
	char a[64], b[64];
	int fd;

	switch (rnd(rng, 3)) {
	case 0:		/* the whole slot away and back */
		snprintf(a, sizeof(a), WTOP "/s%u", k);
		snprintf(b, sizeof(b), WTOP "/t%u", k);
		if (rump_sys_rename(a, b) == 0)
			T_ASSERT_OK(rump_sys_rename(b, a));
		break;
	case 1:		/* the directory at the end */
		snprintf(a, sizeof(a), WTOP "/s%u/d/e/g", k);
		if (rump_sys_rmdir(a) == 0)
			T_ASSERT_OK(rump_sys_mkdir(a, 0755));
		break;
	default:	/* the file: a new one each time */
		snprintf(a, sizeof(a), WTOP "/s%u/d/e/f", k);
		if (rump_sys_unlink(a) == 0) {
			T_ASSERT_GE(fd = rump_sys_open(a, O_CREAT | O_EXCL |
			    O_WRONLY, 0644), 0);
			T_ASSERT_OK(rump_sys_close(fd));
		}
		break;
	}
}

static void *
walk_or_churn(void *arg)
{
	struct walker *w = arg;
	struct stat st;
	char p[64];

	while (now_ns() < w->deadline) {
		if (w->churn) {
			churn_once(&w->rng, w->parity);
			continue;
		}
		unsigned k = rnd(&w->rng, NSLOTS);
		bool dir = rnd(&w->rng, 2);

		snprintf(p, sizeof(p), WTOP "/s%u/d/e/%s", k, dir ? "g" : "f");
		if (rump_sys_stat(p, &st) != 0) {
			if (errno != ENOENT)
				T_FAIL("seed %llu: stat %s: %s", seed, p,
				    strerror(errno));
			w->missing++;
		} else if (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
			T_FAIL("seed %llu: stat %s found mode %#o", seed, p,
			    (unsigned)st.st_mode);
		} else {
			w->found++;
		}
	}
	return NULL;
}

T_CASE(cached_walks_under_churn, "[timeout=30] four threads stat cached paths while two rename, remove and remake their directories and files: every answer is the right kind or ENOENT, nothing leaked")
{
	static struct walker w[6];
	unsigned long found = 0, missing = 0;
	struct ktest_vfs_counts before, after;
	char p[64];
	int fd;

	boot();
	before = ktest_settled_vfs_counts();
	T_ASSERT_OK(rump_sys_mkdir(WTOP, 0755));
	for (unsigned k = 0; k < NSLOTS; k++) {
		static const char *const parts[] = { "", "/d", "/d/e", "/d/e/g" };

		for (int i = 0; i < 4; i++) {
			snprintf(p, sizeof(p), WTOP "/s%u%s", k, parts[i]);
			T_ASSERT_OK(rump_sys_mkdir(p, 0755));
		}
		snprintf(p, sizeof(p), WTOP "/s%u/d/e/f", k);
		T_ASSERT_GE(fd = rump_sys_open(p, O_CREAT | O_WRONLY, 0644), 0);
		T_ASSERT_OK(rump_sys_close(fd));
	}
	long long deadline = now_ns() + RUN_NS;
	for (int i = 0; i < 6; i++) {
		w[i].rng = seed * 17 + (uint64_t)i;
		w[i].deadline = deadline;
		w[i].churn = i >= 4;
		w[i].parity = (unsigned)i % 2;
		T_ASSERT_EQ(pthread_create(&w[i].thread, NULL, walk_or_churn,
		    &w[i]), 0);
	}
	for (int i = 0; i < 6; i++) {
		T_ASSERT_EQ(pthread_join(w[i].thread, NULL), 0);
		found += w[i].found;
		missing += w[i].missing;
	}
	T_LOG("%lu stats found their file or directory, %lu found none",
	    found, missing);
	T_ASSERT_GT(found, 1000);
	remove_tree(WTOP);
	after = ktest_settled_vfs_counts();
	T_ASSERT_EQ(after.vnodes, before.vnodes);
	T_ASSERT_LE(after.mem, before.mem + MEM_SLACK);
}

/* --- lookups while the name cache grows --- */

#define GTOP "/tmp/g"
#define GFIXED 16

static ino_t gino[GFIXED];

static void *
stat_fixed(void *arg)
{
	struct walker *w = arg;
	struct stat st;
	char p[64];

	while (!STOPPED()) {
		unsigned k = rnd(&w->rng, GFIXED);

		snprintf(p, sizeof(p), GTOP "/fixed/f%u", k);
		if (rump_sys_stat(p, &st) != 0)
			T_FAIL("seed %llu: stat %s: %s", seed, p, strerror(errno));
		else if (st.st_ino != gino[k])
			T_FAIL("seed %llu: stat %s found inode %llu, not %llu",
			    seed, p, (unsigned long long)st.st_ino,
			    (unsigned long long)gino[k]);
		w->found++;
	}
	return NULL;
}

T_CASE(lookups_while_cache_grows, "[timeout=60] three threads stat cached files while a fourth enters 40000 names (the name cache doubles again and again): every stat finds its file")
{
	static struct walker w[3];
	unsigned long found = 0;
	struct stat st;
	char p[64];
	int fd;

	boot();
	T_ASSERT_OK(rump_sys_mkdir(GTOP, 0755));
	T_ASSERT_OK(rump_sys_mkdir(GTOP "/fixed", 0755));
	T_ASSERT_OK(rump_sys_mkdir(GTOP "/many", 0755));
	for (unsigned k = 0; k < GFIXED; k++) {
		snprintf(p, sizeof(p), GTOP "/fixed/f%u", k);
		T_ASSERT_GE(fd = rump_sys_open(p, O_CREAT | O_WRONLY, 0644), 0);
		T_ASSERT_OK(rump_sys_close(fd));
		T_ASSERT_OK(rump_sys_stat(p, &st));
		gino[k] = st.st_ino;
	}
	for (int i = 0; i < 3; i++) {
		w[i].rng = seed * 7 + (uint64_t)i;
		T_ASSERT_EQ(pthread_create(&w[i].thread, NULL, stat_fixed,
		    &w[i]), 0);
	}
	/* Negative entries: a lookup of each name, which is not there. */
	for (int i = 0; i < 40000; i++) {
		snprintf(p, sizeof(p), GTOP "/many/n%d", i);
		T_ASSERT_ERRNO(rump_sys_stat(p, &st), ENOENT);
	}
	__atomic_store_n(&stop_flag, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < 3; i++) {
		T_ASSERT_EQ(pthread_join(w[i].thread, NULL), 0);
		found += w[i].found;
	}
	T_LOG("%lu stats during the growth", found);
	T_ASSERT_GT(found, 100);
}

/* --- kern.maxvnodes --- */

T_CASE(maxvnodes_sysctl, "kern.maxvnodes reads the idle-vnode limit; root lowers it and idle vnodes are trimmed to it; others may not, nor below 64, nor with a value of another size")
{
	struct ktest_vfs_counts c;
	size_t len = sizeof(int);
	int v = 0, nv;
	char p[64];
	int fd;

	boot();
	T_ASSERT_OK(rump_sys_sysctlbyname("kern.maxvnodes", &v, &len, NULL, 0));
	T_ASSERT_EQ(len, sizeof(int));
	T_ASSERT_GE(v, 64);
	nv = 10;
	T_ASSERT_ERRNO(rump_sys_sysctlbyname("kern.maxvnodes", NULL, NULL, &nv,
	    sizeof(nv)), EINVAL);
	short s = 2000;		/* not an int: refused, nothing changes */
	T_ASSERT_ERRNO(rump_sys_sysctlbyname("kern.maxvnodes", NULL, NULL, &s,
	    sizeof(s)), EINVAL);
	len = sizeof(int);
	T_ASSERT_OK(rump_sys_sysctlbyname("kern.maxvnodes", &nv, &len, NULL, 0));
	T_ASSERT_EQ(nv, v);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/v", 0777));
	for (int i = 0; i < 300; i++) {
		snprintf(p, sizeof(p), "/tmp/v/f%d", i);
		T_ASSERT_GE(fd = rump_sys_open(p, O_CREAT | O_WRONLY, 0644), 0);
		T_ASSERT_OK(rump_sys_close(fd));
	}
	KTEST_VOID(rumpns_ktest_vfs_counts(&c.vnodes, &c.vfree, &c.names,
	    &c.mem));
	T_ASSERT_GE(c.vfree, 300);	/* kept while the limit allows */
	nv = 100;
	T_ASSERT_OK(rump_sys_sysctlbyname("kern.maxvnodes", NULL, NULL, &nv,
	    sizeof(nv)));
	len = sizeof(int);
	T_ASSERT_OK(rump_sys_sysctlbyname("kern.maxvnodes", &v, &len, NULL, 0));
	T_ASSERT_EQ(v, 100);
	KTEST_VOID(rumpns_ktest_vfs_counts(&c.vnodes, &c.vfree, &c.names,
	    &c.mem));
	T_ASSERT_LE(c.vfree, 100);
	T_ASSERT_OK(rump_pub_lwproc_rfork(RUMP_RFFDG));
	T_ASSERT_OK(rump_sys_setuid(1000));
	T_ASSERT_ERRNO(rump_sys_sysctlbyname("kern.maxvnodes", NULL, NULL, &nv,
	    sizeof(nv)), EPERM);
}
