/*
 * t_vfs_model.c: the VFS and tmpfs against a model, the host's own
 * file system.  A seeded sequence of operations on paths drawn from a
 * small pool (so names collide and calls fail often) runs in the
 * kernel under /tmp/m and on a fresh host directory; each operation's
 * result and errno, the stat fields that must agree, directory
 * listings and file contents are compared, and at the end the whole
 * trees.  Symbolic link targets are relative and never contain "..",
 * and ".." in a path only follows its first component, so no path
 * leaves either tree.  Modes always give the owner full access, so
 * nothing depends on whether the host user is root.  Where POSIX lets
 * the two answer differently, errors_equivalent() says so.  With
 * T_VFS_TRACE set, every operation and its result go to stderr.
 */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"

#define NOPS		3000
#define KROOT		"/tmp/m"
#define MAXDATA		12000	/* largest write or read */
#define MAXOFF		24000	/* writes start below this */
#define MAXSIZE		32000	/* truncate sizes */

enum opkind {
	OP_CREATE, OP_WRITE, OP_APPEND, OP_TRUNCATE, OP_FTRUNCATE, OP_READ,
	OP_UNLINK, OP_MKDIR, OP_RMDIR, OP_RENAME, OP_LINK, OP_SYMLINK,
	OP_READLINK, OP_STAT, OP_LSTAT, OP_CHMOD, OP_LIST, OP_NKINDS
};

static const char *const opname[OP_NKINDS] = {
	"create", "write", "append", "truncate", "ftruncate", "read",
	"unlink", "mkdir", "rmdir", "rename", "link", "symlink",
	"readlink", "stat", "lstat", "chmod", "list",
};

/* Relative frequencies: about as many names made as removed. */
static const int opweight[OP_NKINDS] = {
	10, 10, 3, 3, 3, 5, 6, 5, 5, 10, 5, 5, 3, 5, 5, 3, 4,
};

struct op {
	enum opkind kind;
	char path[64], path2[64];	/* path2: rename/link target, symlink target */
	int flags;			/* extra open flags */
	mode_t mode;
	off_t off;
	size_t len;
	bool abs;			/* kernel: absolute path, else from cwd */
};

struct res {
	long long rv;
	int err;
	bool srcdir;			/* link: the source is a directory */
	struct stat st;			/* stat, lstat */
	size_t textlen;
	char text[MAXDATA];		/* readlink target, listing, read data */
};

static unsigned long long seed;
static uint64_t rng_state;
static char hostdir[64];
static bool host_counts_subdirs;	/* directory link counts */
static unsigned char data[MAXDATA];

static uint64_t
rnd64(void)
{
	return t_rnd64(&rng_state);
}

static unsigned
rnd(unsigned n)
{
	return (unsigned)(rnd64() % n);
}

static int
rmtree_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void
host_cleanup(void)
{
	if (hostdir[0] != '\0')
		nftw(hostdir, rmtree_one, 16, FTW_DEPTH | FTW_PHYS);
	hostdir[0] = '\0';
}

/* Fail the case, removing the host directory first (T_FAIL does not
 * return and runs no atexit handlers). */
__attribute__((format(printf, 1, 2), noreturn)) static void
fail(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	host_cleanup();
	T_FAIL("seed %llu: %s", seed, msg);
}

/* A path of one to three names from the pool; rarely with ".." after
 * the first name, or a trailing slash. */
static void
gen_path(char *buf, size_t size, bool target)
{
	static const char *const names[] = { "a", "b", "c", "d", "e" };
	unsigned depth = 1 + (rnd(100) < 40 ? 0 : rnd(100) < 55 ? 1 : 2);
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < depth; i++) {
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? "/" : "",
		    names[rnd(5)]);
		if (i == 0 && depth > 1 && !target && rnd(16) == 0)
			n += (size_t)snprintf(buf + n, size - n, "/..");
	}
	if (rnd(target ? 32 : 24) == 0)
		snprintf(buf + n, size - n, "/");
}

static int
cmpname(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* A path that exists (on the host, which so far agrees with the
 * kernel): a random walk down the sorted listings, going on through
 * directories mostly when a file is wanted.  Sorted, so a seed gives
 * the same sequence on any host file system. */
static void
existing_path(char *buf, size_t size, bool target, bool file)
{
	char dir[256], names[64][40];
	size_t len = 0;

	buf[0] = '\0';
	for (int depth = 0; depth < 3; depth++) {
		struct dirent *d;
		struct stat st;
		DIR *dp;
		int n = 0;

		snprintf(dir, sizeof(dir), "%s/%s", hostdir, buf);
		if ((dp = opendir(dir)) == NULL)
			break;
		while ((d = readdir(dp)) != NULL && n < 64)
			if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
				snprintf(names[n++], sizeof(names[0]), "%.30s",
				    d->d_name);
		closedir(dp);
		if (n == 0)
			break;
		qsort(names, (size_t)n, sizeof(names[0]), cmpname);
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		    depth ? "/" : "", names[rnd((unsigned)n)]);
		snprintf(dir, sizeof(dir), "%s/%s", hostdir, buf);
		if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
		    rnd(file ? 8 : 3) == 0)
			break;
	}
	if (buf[0] == '\0')
		gen_path(buf, size, target);
}

static void
gen_op(struct op *op)
{
	unsigned total = 0, r;
	bool makes, file;

	for (int k = 0; k < OP_NKINDS; k++)
		total += (unsigned)opweight[k];
	r = rnd(total);
	memset(op, 0, sizeof(*op));
	for (op->kind = 0; r >= (unsigned)opweight[op->kind]; op->kind++)
		r -= (unsigned)opweight[op->kind];
	makes = op->kind == OP_CREATE || op->kind == OP_MKDIR ||
	    op->kind == OP_SYMLINK;
	file = op->kind <= OP_UNLINK || op->kind == OP_READLINK;
	if (rnd(5) < (makes ? 1 : 3))
		existing_path(op->path, sizeof(op->path), false, file);
	else
		gen_path(op->path, sizeof(op->path), false);
	op->abs = rnd(2) == 0;
	op->mode = 0700 | (mode_t)rnd(0100);
	switch (op->kind) {
	case OP_CREATE:
		op->flags = (rnd(3) == 0 ? O_EXCL : 0) |
		    (rnd(4) == 0 ? O_RDONLY : O_RDWR);
		break;
	case OP_WRITE:
		op->flags = (rnd(3) == 0 ? O_CREAT : 0) |
		    (rnd(8) == 0 ? O_TRUNC : 0);
		/* fall through */
	case OP_APPEND:
	case OP_READ:
		op->off = (off_t)rnd(MAXOFF);
		op->len = rnd(4) == 0 ? rnd(MAXDATA) : rnd(600);
		if (op->kind == OP_READ && rnd(8) == 0)
			op->flags = O_NOFOLLOW;
		break;
	case OP_TRUNCATE:
	case OP_FTRUNCATE:
		op->off = rnd(4) == 0 ? 0 : (off_t)rnd(MAXSIZE);
		break;
	case OP_RENAME:
	case OP_LINK:
		if (rnd(4) == 0)
			existing_path(op->path2, sizeof(op->path2), false, false);
		else
			gen_path(op->path2, sizeof(op->path2), false);
		break;
	case OP_SYMLINK:
		if (rnd(2) == 0)
			existing_path(op->path2, sizeof(op->path2), true, false);
		else
			gen_path(op->path2, sizeof(op->path2), true);
		break;
	case OP_LIST:		/* the kernel's getdents buffer */
		op->len = rnd(3) == 0 ? 4096 : 48 + rnd(160);
		break;
	default:
		break;
	}
}

static void
describe(const struct op *op, char *buf, size_t size)
{
	if (op->kind == OP_SYMLINK) {
		snprintf(buf, size, "symlink(%s -> %s%s)", op->path, op->path2,
		    op->abs ? " [abs]" : "");
		return;
	}
	snprintf(buf, size, "%s(%s%s%s%s) flags %#x mode %#o off %lld len %zu",
	    opname[op->kind], op->path, op->path2[0] ? ", " : "", op->path2,
	    op->abs ? " [abs]" : "", op->flags, (unsigned)op->mode,
	    (long long)op->off, op->len);
}

/* --- listings --- */

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted "name/type " entries (without . and ..) into r->text. */
static void
listing_out(struct res *r, char names[][40], int n)
{
	char *ptrs[64];
	size_t len = 0;

	for (int i = 0; i < n; i++)
		ptrs[i] = names[i];
	qsort(ptrs, (size_t)n, sizeof(ptrs[0]), cmpstr);
	r->text[0] = '\0';
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(r->text + len, sizeof(r->text) - len,
		    "%s ", ptrs[i]);
	r->textlen = len;
}

/* The kernel's listing, read with a buffer of bufsize bytes (small
 * ones make getdents resume from a cookie). */
static void
k_list(const char *path, size_t bufsize, struct res *r)
{
	char buf[4096], names[64][40];
	int fd, n = 0;
	ssize_t got;

	if ((fd = rump_sys_open(path, O_RDONLY | O_DIRECTORY)) < 0) {
		r->rv = -1;
		r->err = errno;
		return;
	}
	while ((got = rump_sys_getdents(fd, buf, bufsize)) > 0) {
		for (ssize_t off = 0; off < got;) {
			struct dirent *d = (struct dirent *)(void *)(buf + off);

			if (strcmp(d->d_name, ".") != 0 &&
			    strcmp(d->d_name, "..") != 0 && n < 64)
				snprintf(names[n++], sizeof(names[0]), "%.30s/%d",
				    d->d_name, d->d_type);
			off += d->d_reclen;
		}
	}
	r->rv = got < 0 ? -1 : n;
	r->err = got < 0 ? errno : 0;
	rump_sys_close(fd);
	listing_out(r, names, n);
}

static void
h_list(const char *path, size_t bufsize, struct res *r)
{
	char names[64][40];
	struct dirent *d;
	DIR *dir;
	int fd, n = 0;

	(void)bufsize;
	if ((fd = open(path, O_RDONLY | O_DIRECTORY)) < 0 ||
	    (dir = fdopendir(fd)) == NULL) {
		r->rv = -1;
		r->err = errno;
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((d = readdir(dir)) != NULL) {
		struct stat st;
		int type = d->d_type;

		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0 ||
		    n == 64)
			continue;
		if (type == DT_UNKNOWN && fstatat(fd, d->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == 0)
			type = IFTODT(st.st_mode);	/* no types on this host */
		snprintf(names[n++], sizeof(names[0]), "%.30s/%d", d->d_name,
		    type);
	}
	closedir(dir);
	r->rv = n;
	r->err = 0;
	listing_out(r, names, n);
}

/* --- one operation on each side --- */

#define SET(r, expr) do { errno = 0; (r)->rv = (long long)(expr); \
	(r)->err = (r)->rv < 0 ? errno : 0; } while (0)

/*
 * One implementation for both sides: K selects the kernel's calls.
 * Opens give 0 on success (descriptor numbers differ).
 */
#define DO_OP(K, op, p, p2, r, list) do {					\
	int fd_;								\
	switch ((op)->kind) {							\
	case OP_CREATE:								\
		SET(r, fd_ = K##open(p, O_CREAT | (op)->flags, (op)->mode));	\
		if (fd_ >= 0) { K##close(fd_); (r)->rv = 0; }			\
		break;								\
	case OP_WRITE:								\
	case OP_APPEND:								\
		SET(r, fd_ = K##open(p, O_RDWR | (op)->flags |			\
		    ((op)->kind == OP_APPEND ? O_APPEND : 0), (op)->mode));	\
		if (fd_ < 0)							\
			break;							\
		if ((op)->kind == OP_APPEND)					\
			SET(r, K##write(fd_, data, (op)->len));			\
		else								\
			SET(r, K##pwrite(fd_, data, (op)->len, (op)->off));	\
		K##close(fd_);							\
		break;								\
	case OP_READ:								\
		SET(r, fd_ = K##open(p, O_RDONLY | (op)->flags));		\
		if (fd_ < 0)							\
			break;							\
		SET(r, K##pread(fd_, (r)->text, (op)->len, (op)->off));	\
		(r)->textlen = (r)->rv > 0 ? (size_t)(r)->rv : 0;		\
		K##close(fd_);							\
		break;								\
	case OP_TRUNCATE:							\
		SET(r, K##truncate(p, (op)->off));				\
		break;								\
	case OP_FTRUNCATE:							\
		SET(r, fd_ = K##open(p, O_RDWR));				\
		if (fd_ < 0)							\
			break;							\
		SET(r, K##ftruncate(fd_, (op)->off));				\
		K##close(fd_);							\
		break;								\
	case OP_UNLINK:								\
		SET(r, K##unlink(p));						\
		break;								\
	case OP_MKDIR:								\
		SET(r, K##mkdir(p, (op)->mode));				\
		break;								\
	case OP_RMDIR:								\
		SET(r, K##rmdir(p));						\
		break;								\
	case OP_RENAME:								\
		SET(r, K##rename(p, p2));					\
		break;								\
	case OP_LINK:								\
		SET(r, K##link(p, p2));						\
		break;								\
	case OP_SYMLINK:							\
		SET(r, K##symlink((op)->path2, p));				\
		break;								\
	case OP_READLINK:							\
		SET(r, K##readlink(p, (r)->text, sizeof((r)->text)));		\
		(r)->textlen = (r)->rv > 0 ? (size_t)(r)->rv : 0;		\
		break;								\
	case OP_STAT:								\
		SET(r, K##stat(p, &(r)->st));					\
		break;								\
	case OP_LSTAT:								\
		SET(r, K##lstat(p, &(r)->st));					\
		break;								\
	case OP_CHMOD:								\
		SET(r, K##chmod(p, (op)->mode));				\
		break;								\
	case OP_LIST:								\
		list(p, (op)->len, r);						\
		break;								\
	default:								\
		break;								\
	}									\
} while (0)

static void
run_kernel(const struct op *op, struct res *r)
{
	char p[128], p2[128];

	snprintf(p, sizeof(p), "%s%s", op->abs ? KROOT "/" : "", op->path);
	snprintf(p2, sizeof(p2), "%s%s", op->abs ? KROOT "/" : "", op->path2);
	DO_OP(rump_sys_, op, p, p2, r, k_list);
}

static void
run_host(const struct op *op, struct res *r)
{
	char p[128], p2[128];

	snprintf(p, sizeof(p), "%s/%s", hostdir, op->path);
	snprintf(p2, sizeof(p2), "%s/%s", hostdir, op->path2);
	if (op->kind == OP_LINK) {
		struct stat st;

		r->srcdir = (p[strlen(p) - 1] == '/' ? stat(p, &st) :
		    lstat(p, &st)) == 0 && S_ISDIR(st.st_mode);
	}
	DO_OP(, op, p, p2, r, h_list);
}

/* A directory's link count as compared: 2 + subdirectories, unless
 * the host's file system does not count them (btrfs: always 1). */
static nlink_t
dir_nlink(const struct stat *st)
{
	return S_ISDIR(st->st_mode) && !host_counts_subdirs ? 0 : st->st_nlink;
}

/* The stat fields both file systems must agree on. */
static bool
stat_agree(const struct stat *a, const struct stat *b)
{
	if ((a->st_mode & S_IFMT) != (b->st_mode & S_IFMT) ||
	    (a->st_mode & 07777) != (b->st_mode & 07777) ||
	    dir_nlink(a) != dir_nlink(b))
		return false;
	return S_ISDIR(a->st_mode) || a->st_size == b->st_size;
}

static void
fmt_res(const struct res *r, char *buf, size_t size)
{
	int n = snprintf(buf, size, "rv %lld errno %d (%s)", r->rv, r->err,
	    r->err ? strerror(r->err) : "-");

	if ((size_t)n < size && r->rv == 0 && r->st.st_mode != 0)
		snprintf(buf + n, size - (size_t)n,
		    " mode %#o nlink %lu size %lld", (unsigned)r->st.st_mode,
		    (unsigned long)r->st.st_nlink, (long long)r->st.st_size);
}

/*
 * Where POSIX leaves the order of checks open and several errors apply,
 * the kernel may answer differently from the host: linking a directory
 * fails with EPERM here before the new name is looked at, while Linux
 * reports a bad new name (EEXIST, ENOENT, ENOTDIR, ELOOP) first.  An
 * O_CREAT open of "link/" (or of a link whose target ends in a slash)
 * follows the link here (POSIX: a trailing slash resolves the link)
 * and reports what resolving the target found; Linux fails with
 * EISDIR at the slash without following.  Renaming a file over a
 * directory that contains it: EISDIR here (ENOTEMPTY only for the
 * source's own parent), ENOTEMPTY on Linux.
 */
static bool
errors_equivalent(const struct op *op, const struct res *h, int kerr)
{
	bool creat = op->kind == OP_CREATE ||
	    (op->kind == OP_WRITE && (op->flags & O_CREAT));

	switch (op->kind) {
	case OP_LINK:
		return h->srcdir && kerr == EPERM;
	case OP_RENAME:
		return h->err == ENOTEMPTY && kerr == EISDIR;
	default:
		return creat && h->err == EISDIR &&
		    (kerr == ENOENT || kerr == ENOTDIR || kerr == ELOOP);
	}
}

static void
compare(int i, const struct op *op, const struct res *k, const struct res *h)
{
	char d[256], ks[160], hs[160];
	const char *what = NULL;

	if ((k->rv != h->rv || k->err != h->err) && !(k->rv == -1 &&
	    h->rv == -1 && errors_equivalent(op, h, k->err)))
		what = "results differ";
	else if ((op->kind == OP_STAT || op->kind == OP_LSTAT) && k->rv == 0 &&
	    !stat_agree(&k->st, &h->st))
		what = "stat differs";
	else if (k->textlen != h->textlen ||
	    memcmp(k->text, h->text, k->textlen) != 0)
		what = op->kind == OP_LIST ? "listings differ" : "data differ";
	if (what == NULL)
		return;
	describe(op, d, sizeof(d));
	fmt_res(k, ks, sizeof(ks));
	fmt_res(h, hs, sizeof(hs));
	if (op->kind == OP_LIST || op->kind == OP_READLINK)
		fail("op %d %s: %s\n  kernel: %s [%.*s]\n  host:   %s [%.*s]", i,
		    d, what, ks, (int)k->textlen, k->text, hs, (int)h->textlen,
		    h->text);
	fail("op %d %s: %s\n  kernel: %s\n  host:   %s", i, d, what, ks, hs);
}

/* --- the final trees --- */

struct tree {
	char (*line)[256];
	int n, max;
};

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 0x100000001b3ULL;
	return h;
}

static void
tree_add(struct tree *t, const char *path, const struct stat *st,
    const char *extra)
{
	if (t->n == t->max) {
		t->max = t->max ? 2 * t->max : 256;
		t->line = realloc(t->line, (size_t)t->max * sizeof(t->line[0]));
		if (t->line == NULL)
			fail("out of memory");
	}
	snprintf(t->line[t->n++], sizeof(t->line[0]), "%s type %o mode %o "
	    "nlink %lu size %lld %s", path, (unsigned)(st->st_mode & S_IFMT),
	    (unsigned)(st->st_mode & 07777), (unsigned long)dir_nlink(st),
	    S_ISDIR(st->st_mode) ? 0LL : (long long)st->st_size, extra);
}

/* Walk dir (path relative to the root, "" for the root) on one side. */
#define WALK(K, root, rel, t, readdirfn) do {				\
	char full_[320], child_[200], extra_[128], buf_[4096];		\
	char names_[64][40];						\
	int nn_ = readdirfn(root, rel, names_);				\
	for (int j_ = 0; j_ < nn_; j_++) {				\
		struct stat st_;					\
		snprintf(child_, sizeof(child_), "%.150s%s%.30s", rel,	\
		    rel[0] ? "/" : "", names_[j_]);			\
		snprintf(full_, sizeof(full_), "%.100s/%s", root, child_); \
		if (K##lstat(full_, &st_) != 0)				\
			fail("final lstat %s: %s", full_, strerror(errno)); \
		extra_[0] = '\0';					\
		if (S_ISLNK(st_.st_mode)) {				\
			ssize_t l_ = K##readlink(full_, buf_, sizeof(buf_) - 1); \
			snprintf(extra_, sizeof(extra_), "-> %.*s",	\
			    (int)(l_ > 0 ? l_ : 0), buf_);		\
		} else if (S_ISREG(st_.st_mode)) {			\
			uint64_t h_ = 0xcbf29ce484222325ULL;		\
			ssize_t l_;					\
			off_t o_ = 0;					\
			int fd_ = K##open(full_, O_RDONLY);		\
			if (fd_ < 0)					\
				fail("final open %s: %s", full_, strerror(errno)); \
			while ((l_ = K##pread(fd_, buf_, sizeof(buf_), o_)) > 0) { \
				h_ = fnv(h_, buf_, (size_t)l_);		\
				o_ += l_;				\
			}						\
			K##close(fd_);					\
			snprintf(extra_, sizeof(extra_), "data %016llx", \
			    (unsigned long long)h_);			\
		}							\
		tree_add(t, child_, &st_, extra_);			\
	}								\
} while (0)

static int
k_names(const char *root, const char *rel, char names[][40])
{
	char path[256], buf[4096];
	int fd, n = 0;
	ssize_t got;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if ((fd = rump_sys_open(path, O_RDONLY | O_DIRECTORY)) < 0)
		fail("final open %s: %s", path, strerror(errno));
	while ((got = rump_sys_getdents(fd, buf, sizeof(buf))) > 0)
		for (ssize_t off = 0; off < got;) {
			struct dirent *d = (struct dirent *)(void *)(buf + off);

			if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") &&
			    n < 64)
				snprintf(names[n++], 40, "%.30s", d->d_name);
			off += d->d_reclen;
		}
	rump_sys_close(fd);
	return n;
}

static int
h_names(const char *root, const char *rel, char names[][40])
{
	char path[256];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if ((dir = opendir(path)) == NULL)
		fail("final opendir %s: %s", path, strerror(errno));
	while ((d = readdir(dir)) != NULL)
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") && n < 64)
			snprintf(names[n++], 40, "%.30s", d->d_name);
	closedir(dir);
	return n;
}

static int
cmpline(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* A run may end with every entry removed: qsort must not see a NULL array. */
static void
tree_sort(struct tree *t)
{
	if (t->n > 0)
		qsort(t->line, (size_t)t->n, sizeof(t->line[0]), cmpline);
}

/* Every entry below root, breadth first, then sorted. */
static void
walk_kernel(struct tree *t)
{
	WALK(rump_sys_, KROOT, "", t, k_names);
	for (int i = 0; i < t->n; i++)
		if (strstr(t->line[i], " type 40000 ") != NULL) {
			char rel[256];

			snprintf(rel, sizeof(rel), "%.*s",
			    (int)strcspn(t->line[i], " "), t->line[i]);
			WALK(rump_sys_, KROOT, rel, t, k_names);
		}
	tree_sort(t);
}

static void
walk_host(struct tree *t)
{
	WALK(, hostdir, "", t, h_names);
	for (int i = 0; i < t->n; i++)
		if (strstr(t->line[i], " type 40000 ") != NULL) {
			char rel[256];

			snprintf(rel, sizeof(rel), "%.*s",
			    (int)strcspn(t->line[i], " "), t->line[i]);
			WALK(, hostdir, rel, t, h_names);
		}
	tree_sort(t);
}

static void
compare_trees(void)
{
	struct tree k = { 0 }, h = { 0 };

	walk_kernel(&k);
	walk_host(&h);
	for (int i = 0; i < k.n || i < h.n; i++) {
		const char *kl = i < k.n ? k.line[i] : "(none)";
		const char *hl = i < h.n ? h.line[i] : "(none)";

		if (strcmp(kl, hl) != 0)
			fail("final trees differ at entry %d:\n  kernel: %s\n"
			    "  host:   %s", i, kl, hl);
	}
	T_LOG("final trees agree: %d entries", k.n);
	free(k.line);
	free(h.line);
}

T_CASE(model_random_ops, "[timeout=30] 3000 random operations agree with the host's file system")
{
	static struct res kr, hr;
	int counts[OP_NKINDS] = { 0 }, fails = 0;
	bool trace = getenv("T_VFS_TRACE") != NULL;	/* every op on stderr */
	struct op op;

	seed = t_seed();
	rng_state = seed;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)rnd64();
	T_ASSERT_EQ(rump_init(), 0);
	umask(022);
	rump_sys_umask(022);
	T_ASSERT_OK(rump_sys_mkdir(KROOT, 0755));
	T_ASSERT_OK(rump_sys_chdir(KROOT));
	snprintf(hostdir, sizeof(hostdir), "/tmp/t_vfs_model.XXXXXX");
	if (mkdtemp(hostdir) == NULL) {
		hostdir[0] = '\0';
		T_FAIL("mkdtemp: %s", strerror(errno));
	}
	{
		char probe[80];
		struct stat st;

		snprintf(probe, sizeof(probe), "%s/probe", hostdir);
		if (mkdir(probe, 0755) != 0 || stat(hostdir, &st) != 0 ||
		    rmdir(probe) != 0)
			fail("probing %s: %s", hostdir, strerror(errno));
		host_counts_subdirs = st.st_nlink == 3;
	}
	for (int i = 0; i < NOPS; i++) {
		gen_op(&op);
		memset(&kr, 0, offsetof(struct res, text));
		memset(&hr, 0, offsetof(struct res, text));
		run_kernel(&op, &kr);
		run_host(&op, &hr);
		if (trace) {
			char d[256], ks[160];

			describe(&op, d, sizeof(d));
			fmt_res(&kr, ks, sizeof(ks));
			T_LOG("%d %s: %s", i, d, ks);
		}
		compare(i, &op, &kr, &hr);
		counts[op.kind]++;
		fails += kr.rv < 0;
	}
	compare_trees();
	for (int k = 0; k < OP_NKINDS; k++)
		T_LOG("%-9s %d", opname[k], counts[k]);
	T_LOG("%d operations, %d failed alike (errors compared)", NOPS, fails);
	host_cleanup();
}
