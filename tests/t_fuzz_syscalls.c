/*
 * t_fuzz_syscalls.c: hostile arguments to the file, descriptor, pipe,
 * poll, mount and sysctl calls.
 *
 * A seeded stream of calls whose arguments are drawn to be wrong as
 * often as right: descriptors closed, negative or huge; paths empty,
 * too long, full of ".", ".." and slashes, or naming files of every
 * type; flag words with unknown bits; negative and huge sizes, offsets,
 * ids and times; unknown commands; sysctl names of any depth; tmpfs
 * mount arguments of every length.  Buffers are always valid (a NULL
 * pointer gives EFAULT; any other bad pointer is the caller's bug, as
 * with the C library).  Every descriptor is kept non-blocking, so that
 * no call waits for another that never comes.  Every call must return or fail with an errno the
 * host knows, and the kernel must stay whole: afterwards, from process
 * 1, every mount is undone, the tree removed and the fuzzing processes
 * released, and the vnode, name-cache and memory counts must come back
 * to where they started.  The fuzzing processes are chrooted into the
 * scratch directory, so no path leaves it.  The seed is printed on
 * failure (T_SEED replays it).
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>
#include <rump/tmpfs.h>
#include "t.h"
#include "ktest.h"


#define NCALLS		100000
#define TOP		"/tmp/fz"
#define BUFSZ		8192
#define NIOV		1100	/* more than IOV_MAX */
#define MAXMOUNTS	16
#define MEM_SLACK	(256 * 1024)

static uint64_t seed, rs;
static char buf[BUFSZ];
static struct iovec iov[NIOV];

static uint64_t
rnd64(void)
{
	return t_rnd64(&rs);
}

static unsigned
rnd(unsigned n)
{
	return (unsigned)(rnd64() % n);
}

/* A 64-bit value that is small, at an edge, or anything. */
static int64_t
rnd_num(void)
{
	static const int64_t edges[] = { 0, 1, -1, 2, 4095, 4096, 65536,
	    INT32_MAX, INT32_MIN, (int64_t)UINT32_MAX, INT64_MAX, INT64_MIN,
	    (int64_t)1 << 40, -4096 };

	switch (rnd(3)) {
	case 0:
		return (int64_t)rnd(64);
	case 1:
		return edges[rnd(sizeof(edges) / sizeof(edges[0]))];
	default:
		return (int64_t)rnd64();
	}
}

/* A flag word: some bits of the valid ones, sometimes any bits. */
static int
rnd_flags(int valid)
{
	return rnd(4) == 0 ? (int)rnd64() : valid & (int)rnd64();
}

/* A descriptor: one recently returned, a small number, or nonsense. */
static int fds[64];
static unsigned nfds;

static int
rnd_fd(void)
{
	switch (rnd(6)) {
	case 0:
		return (int)rnd_num();
	case 1:
		return (int)rnd(16);
	default:
		return nfds > 0 ? fds[rnd(nfds)] : -1;
	}
}

static void
note_fd(int fd)
{
	if (fd >= 0)
		fds[nfds < 64 ? nfds++ : rnd(64)] = fd;
}

/* A path: components from a small pool, often colliding; or an edge. */
static char pathbuf[2][8192];

static const char *
rnd_path(int which)
{
	static const char *const comps[] = { "a", "b", "c", "f", "l", "p",
	    ".", "..", "", "d/e" };
	char *p = pathbuf[which];
	size_t n = 0;

	switch (rnd(12)) {
	case 0:
		return "";
	case 1:
		return "/";
	case 2:	/* a component longer than NAME_MAX */
		memset(p, 'n', 300);
		p[300] = '\0';
		return p;
	case 3:	/* a path longer than PATH_MAX */
		for (n = 0; n < 5000; n += 2)
			memcpy(p + n, "a/", 2);
		p[n] = '\0';
		return p;
	default:
		break;
	}
	if (rnd(3) == 0)
		p[n++] = '/';
	for (unsigned i = 0, k = 1 + rnd(4); i < k; i++) {
		const char *c = comps[rnd(sizeof(comps) / sizeof(comps[0]))];

		n += (size_t)snprintf(p + n, sizeof(pathbuf[0]) - n, "%s%s",
		    i ? "/" : "", c);
	}
	if (rnd(8) == 0)
		p[n++] = '/';
	p[n] = '\0';
	return p;
}

static size_t
rnd_len(void)
{
	return rnd(4) == 0 ? BUFSZ : rnd(BUFSZ + 1);
}

static struct timespec
rnd_timespec(void)
{
	static const long nsecs[] = { 0, 999999999, 1000000000, -1,
	    UTIME_NOW, UTIME_OMIT };
	struct timespec ts = { .tv_sec = (time_t)rnd_num() };

	ts.tv_nsec = rnd(2) ? nsecs[rnd(6)] : (long)rnd64();
	return ts;
}

/* Mounts that succeeded (at most MAXMOUNTS are tried, to bound the
 * memory they take); the cleanup finds them as it removes the tree. */
static unsigned nmounts;

static int
fuzz_mount(void)
{
	static const char *const types[] = { "tmpfs", "tmpfs", "nofs", "" };
	struct tmpfs_args *a = (struct tmpfs_args *)(void *)buf;
	size_t len = rnd(3) == 0 ? rnd(BUFSZ) : sizeof(*a);
	int r;

	for (size_t i = 0; i < sizeof(*a); i++)
		buf[i] = (char)rnd64();
	if (rnd(2)) {
		a->ta_version = TMPFS_ARGS_VERSION;
		a->ta_nodes_max = (uint64_t)rnd(1000);
		a->ta_size_max = (int64_t)rnd(1 << 20);
	}
	if (nmounts == MAXMOUNTS)
		return 0;
	r = rump_sys_mount(types[rnd(4)], rnd_path(0), rnd_flags(0xffff), a,
	    len);
	nmounts += r == 0;
	return r;
}

static void
fuzz_sysctl(void)
{
	int mib[28];
	size_t oldlen = rnd_len(), depth = rnd(26);
	bool set = rnd(4) == 0;

	for (size_t i = 0; i < depth; i++)
		mib[i] = rnd(2) ? (int)rnd(8) : (int)rnd_num();
	(void)rump_sys___sysctl(mib, (unsigned)depth, rnd(4) ? buf : NULL,
	    rnd(4) ? &oldlen : NULL, set ? buf : NULL, set ? rnd(64) : 0);
}

/* One call, drawn at random; its result is checked by the caller (64
 * bits: an lseek's offset does not fit a 32-bit long). */
static int64_t
fuzz_one(void)
{
	struct flock fl;
	struct pollfd pfd[8];
	struct timespec ts[2];
	struct timeval tv[2];
	struct stat st;
	struct statvfs sv;
	fd_set rset;
	int v = (int)rnd_num(), pfds[2];
	int64_t r;

	switch (rnd(40)) {
	case 0:
		r = rump_sys_open(rnd_path(0), rnd_flags(O_ACCMODE | O_CREAT |
		    O_EXCL | O_TRUNC | O_APPEND | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC) | O_NONBLOCK, (mode_t)rnd64());
		note_fd((int)r);
		return r;
	case 1:
		r = rump_sys_openat(rnd_fd(), rnd_path(0), rnd_flags(O_ACCMODE |
		    O_CREAT | O_DIRECTORY) | O_NONBLOCK, (mode_t)rnd64());
		note_fd((int)r);
		return r;
	case 2:
		return rump_sys_close(rnd_fd());
	case 3:
		return rump_sys_read(rnd_fd(), buf, rnd_len());
	case 4:
		return rump_sys_write(rnd_fd(), buf, rnd_len());
	case 5:
		return rump_sys_pread(rnd_fd(), buf, rnd_len(), (off_t)rnd_num());
	case 6:
		return rump_sys_pwrite(rnd_fd(), buf, rnd_len() % 512,
		    (off_t)rnd_num() % ((off_t)1 << 36));
	case 7:	/* counts past IOV_MAX; lengths that overflow ssize_t */
		for (int i = 0; i < NIOV; i++) {
			iov[i].iov_base = buf;
			iov[i].iov_len = rnd(8);
		}
		if (rnd(4) == 0)
			iov[0].iov_len = iov[1].iov_len = SIZE_MAX / 2 + 2;
		return rnd(2) ? rump_sys_writev(rnd_fd(), iov, (int)rnd(NIOV + 1)) :
		    rump_sys_readv(rnd_fd(), iov, rnd(3) ? (int)rnd(NIOV + 1) : v);
	case 8:
		return rump_sys_lseek(rnd_fd(), (off_t)rnd_num(), (int)rnd(6) - 1);
	case 9:
		return rump_sys_ftruncate(rnd_fd(), (off_t)rnd_num() %
		    ((off_t)1 << 34));
	case 10:
		return rump_sys_truncate(rnd_path(0), rnd(2) ? (off_t)rnd_num() :
		    (off_t)rnd(100000));
	case 11:
		r = rnd(3) == 0 ? rump_sys_dup(rnd_fd()) : rnd(2) ?
		    rump_sys_dup2(rnd_fd(), rnd(2) ? (int)rnd(70) : v) :
		    rump_sys_dup3(rnd_fd(), (int)rnd(70), rnd_flags(O_CLOEXEC));
		note_fd((int)r);
		return r;
	case 12:	/* F_SETLKW could wait for the other process: F_SETLK */
		fl.l_type = (short)(rnd(2) ? (int)rnd(3) : v);
		fl.l_whence = (short)(rnd(4) - 1);
		fl.l_start = (off_t)rnd_num();
		fl.l_len = (off_t)rnd_num();
		fl.l_pid = 0;
		return rump_sys_fcntl(rnd_fd(), rnd(2) ? F_GETLK : F_SETLK, &fl);
	case 13: {
		static const int cmds[] = { F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD,
		    F_SETFD, F_GETFL, F_SETFL, 12345, -1 };

		int cmd = cmds[rnd(8)];

		r = rump_sys_fcntl(rnd_fd(), cmd, cmd == F_SETFL ? v | O_NONBLOCK :
		    rnd(2) ? (int)rnd(80) : v);
		return r;
	}
	case 14:
		return rump_sys_flock(rnd_fd(), rnd_flags(LOCK_SH | LOCK_EX |
		    LOCK_UN) | LOCK_NB);
	case 15:
		return rump_sys_fstat(rnd_fd(), &st);
	case 16:
		return rump_sys_fstatat(rnd_fd(), rnd_path(0), &st,
		    rnd_flags(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH));
	case 17:
		return rnd(2) ? rump_sys_stat(rnd_path(0), &st) :
		    rump_sys_lstat(rnd_path(0), &st);
	case 18:
		return rump_sys_faccessat(rnd_fd(), rnd_path(0), rnd_flags(7),
		    rnd_flags(AT_EACCESS | AT_SYMLINK_NOFOLLOW));
	case 19:
		return rnd(2) ? rump_sys_mkdir(rnd_path(0), (mode_t)rnd64()) :
		    rump_sys_mkdirat(rnd_fd(), rnd_path(0), (mode_t)rnd64());
	case 20:
		return rnd(2) ? rump_sys_rmdir(rnd_path(0)) :
		    rump_sys_unlinkat(rnd_fd(), rnd_path(0),
		    rnd_flags(AT_REMOVEDIR));
	case 21:
		return rump_sys_unlink(rnd_path(0));
	case 22:
		return rnd(2) ? rump_sys_rename(rnd_path(0), rnd_path(1)) :
		    rump_sys_renameat(rnd_fd(), rnd_path(0), rnd_fd(),
		    rnd_path(1));
	case 23:
		return rnd(2) ? rump_sys_link(rnd_path(0), rnd_path(1)) :
		    rump_sys_linkat(rnd_fd(), rnd_path(0), rnd_fd(),
		    rnd_path(1), rnd_flags(AT_SYMLINK_FOLLOW));
	case 24:
		return rump_sys_symlink(rnd_path(0), rnd_path(1));
	case 25:
		return rump_sys_readlink(rnd_path(0), buf, rnd_len());
	case 26:
		switch (rnd(4)) {
		case 0:
			return rump_sys_chmod(rnd_path(0), (mode_t)rnd64());
		case 1:
			return rump_sys_fchmod(rnd_fd(), (mode_t)rnd64());
		case 2:
			return rump_sys_chown(rnd_path(0), (uid_t)rnd_num(),
			    (gid_t)rnd_num());
		default:
			return rump_sys_fchownat(rnd_fd(), rnd_path(0),
			    (uid_t)rnd(3) - 1, (gid_t)rnd(3) - 1,
			    rnd_flags(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH));
		}
	case 27:
		ts[0] = rnd_timespec();
		ts[1] = rnd_timespec();
		return rnd(2) ? rump_sys_utimensat(rnd_fd(), rnd_path(0),
		    rnd(4) ? ts : NULL, rnd_flags(AT_SYMLINK_NOFOLLOW)) :
		    rump_sys_futimens(rnd_fd(), ts);
	case 28:
		tv[0].tv_sec = tv[1].tv_sec = (time_t)rnd_num();
		tv[0].tv_usec = tv[1].tv_usec = rnd(2) ? (long)rnd64() : 5;
		return rump_sys_utimes(rnd_path(0), tv);
	case 29:
		return rump_sys_mknod(rnd_path(0), (mode_t)rnd64(),
		    (dev_t)rnd64());
	case 30:
		return rump_sys_getdents(rnd_fd(), buf, rnd(3) ? rnd_len() :
		    rnd(64));
	case 31:
		switch (rnd(4)) {
		case 0:
			return rump_sys_chdir(rnd_path(0));
		case 1:
			return rump_sys_fchdir(rnd_fd());
		case 2:
			return rump_sys___getcwd(buf, rnd_len()) < 0 ? -1 : 0;
		default:
			(void)rump_sys_umask((mode_t)rnd64());
			return 0;
		}
	case 32:
		r = rump_sys_pipe2(pfds, rnd_flags(O_CLOEXEC) | O_NONBLOCK);
		if (r == 0) {
			note_fd(pfds[0]);
			note_fd(pfds[1]);
		}
		return r;
	case 33:
		for (int i = 0; i < 8; i++) {
			pfd[i].fd = rnd_fd();
			pfd[i].events = (short)rnd64();
		}
		return rump_sys_poll(pfd, rnd(9), 0);
	case 34:
		FD_ZERO(&rset);
		for (int i = 0; i < 8; i++)
			FD_SET(rnd(80), &rset);
		/* Never wait: no timeout but zero or a negative one (EINVAL;
		 * a large one is as many seconds, as on Linux). */
		tv[0].tv_sec = 0;
		tv[0].tv_usec = rnd(2) ? 0 : -(long)rnd(1000) - 1;
		return rump_sys_select((int)rnd(FD_SETSIZE + 2) - 1, &rset,
		    NULL, NULL, &tv[0]);
	case 35:
		v = 1;		/* FIONBIO may only turn blocking off */
		return rump_sys_ioctl(rnd_fd(), rnd(3) == 0 ? (unsigned long)
		    rnd64() : rnd(2) ? FIONREAD : FIONBIO, &v);
	case 36:
		return rnd(2) ? rump_sys_statvfs(rnd_path(0), &sv) :
		    rump_sys_fstatvfs(rnd_fd(), &sv);
	case 37:
		return fuzz_mount();
	case 38:
		return rump_sys_unmount(rnd_path(0), rnd_flags(0xffff));
	default:
		fuzz_sysctl();
		return 0;
	}
}

/* ncalls calls; logs how many succeeded and how many errnos were seen,
 * which shows the stream is not stuck on one error. */
static void
fuzz(unsigned ncalls)
{
	unsigned ok = 0, kinds = 0, seen[4096] = { 0 };

	for (unsigned i = 0; i < ncalls; i++) {
		errno = 0;
		if (fuzz_one() >= 0) {
			ok++;
			continue;
		}
		if (errno <= 0 || errno >= 4096)
			T_FAIL("seed %llu, call %u: failed with errno %d",
			    (unsigned long long)seed, i, errno);
		kinds += seen[errno]++ == 0;
	}
	T_LOG("%u calls: %u succeeded, %u kinds of errno", ncalls, ok, kinds);
	T_ASSERT_GT(ok, ncalls / 10);
	T_ASSERT_GE(kinds, 10);
}

/* Up to max names in the current directory, "." and ".." left out. */
static unsigned
read_names(char (*names)[300], unsigned max)
{
	char dents[4096];
	struct dirent *de;
	unsigned n = 0;
	long len;
	int fd = rump_sys_open(".", O_RDONLY | O_DIRECTORY);

	T_ASSERT_GE(fd, 0);
	while (n < max && (len = rump_sys_getdents(fd, dents,
	    sizeof(dents))) > 0) {
		for (long off = 0; off < len && n < max; off += de->d_reclen) {
			de = (struct dirent *)(void *)(dents + off);
			if (strcmp(de->d_name, ".") != 0 &&
			    strcmp(de->d_name, "..") != 0)
				snprintf(names[n++], sizeof(names[0]), "%s",
				    de->d_name);
		}
	}
	T_ASSERT_OK(rump_sys_close(fd));
	return n;
}

static bool
is_dir(const char *name)
{
	struct stat st;

	T_ASSERT_OK(rump_sys_lstat(name, &st));
	return S_ISDIR(st.st_mode);
}

/*
 * The cleanup, as root from process 1, with relative names only so that
 * no path grows with the depth of the tree.  First everything mounted
 * at or below directory name, in the current directory, is unmounted,
 * innermost first: each mount stacked on name after what is mounted
 * inside it (until EINVAL: nothing is mounted there).  An unmount may
 * uncover a directory with mounts of its own, so the caller repeats
 * until none is left.  The fuzzer's directories hold few names (its
 * pool is small), so a listing of 64 sees them all.
 */
static unsigned
unmount_below(const char *name)
{
	char names[64][300];
	unsigned n, done = 0;

	for (;;) {
		T_ASSERT_OK(rump_sys_chdir(name));
		n = read_names(names, 64);
		T_ASSERT_LT(n, 64);
		for (unsigned i = 0; i < n; i++)
			if (is_dir(names[i]))
				done += unmount_below(names[i]);
		T_ASSERT_OK(rump_sys_chdir(".."));
		if (rump_sys_unmount(name, RUMP_MNT_FORCE) != 0)
			break;
		done++;
	}
	T_ASSERT_EQ(errno, EINVAL);
	return done;
}

/* Then name and what is below it go. */
static void
remove_here(const char *name)
{
	char names[64][300];
	unsigned n;

	if (!is_dir(name)) {
		T_ASSERT_OK(rump_sys_unlink(name));
		return;
	}
	T_ASSERT_OK(rump_sys_chdir(name));
	while ((n = read_names(names, 64)) > 0)
		for (unsigned i = 0; i < n; i++)
			remove_here(names[i]);
	T_ASSERT_OK(rump_sys_chdir(".."));
	T_ASSERT_OK(rump_sys_rmdir(name));
}

/* Fuzz as a new process of root, or of user 1000 made by it. */
static void
run(bool as_user)
{
	struct ktest_vfs_counts before, after;
	struct lwp *rootlwp, *userlwp = NULL;

	setenv("RUMP_MEMLIMIT", "268435456", 1);
	T_ASSERT_EQ(rump_init(), 0);
	rs = seed = t_seed();
	T_ASSERT_OK(rump_sys_mkdir(TOP, 0777));
	before = ktest_settled_vfs_counts();
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	rootlwp = rump_pub_lwproc_curlwp();
	T_ASSERT_OK(rump_sys_chroot(TOP));
	T_ASSERT_OK(rump_sys_chdir("/"));
	if (as_user) {
		T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
		userlwp = rump_pub_lwproc_curlwp();
		T_ASSERT_OK(rump_sys_setgid(1000));
		T_ASSERT_OK(rump_sys_setuid(1000));
	}
	fuzz(NCALLS);
	/* Undo, from process 1: the fuzzing processes and their
	 * descriptors, then the tree and what is mounted in it. */
	rump_pub_lwproc_switch(NULL);
	if (userlwp != NULL) {
		rump_pub_lwproc_switch(userlwp);
		rump_pub_lwproc_releaselwp();
	}
	rump_pub_lwproc_switch(rootlwp);
	rump_pub_lwproc_releaselwp();
	T_ASSERT_OK(rump_sys_chdir("/tmp"));
	while (unmount_below("fz") > 0)
		continue;
	remove_here("fz");
	T_ASSERT_OK(rump_sys_chdir("/"));
	T_ASSERT_OK(rump_sys_mkdir(TOP, 0777));
	after = ktest_settled_vfs_counts();
	if (after.vnodes != before.vnodes || after.names != before.names ||
	    after.mem > before.mem + MEM_SLACK)
		T_FAIL("seed %llu: leaked: vnodes %u -> %u, names %u -> %u, "
		    "memory %llu -> %llu", (unsigned long long)seed,
		    before.vnodes, after.vnodes, before.names, after.names,
		    (unsigned long long)before.mem,
		    (unsigned long long)after.mem);
}

T_CASE(fuzz_root, "[timeout=60] 100,000 calls with hostile arguments as root in a chroot: each returns or fails with an errno, nothing leaks")
{
	run(false);
}

T_CASE(fuzz_user, "[timeout=60] 100,000 calls with hostile arguments as an unprivileged user: each returns or fails with an errno, nothing leaks")
{
	run(true);
}
