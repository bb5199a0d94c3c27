/*
 * t_lockf.c: advisory locks.  POSIX record locks (fcntl F_GETLK,
 * F_SETLK, F_SETLKW) and flock() between processes made with rfork,
 * through the system calls on files in /tmp: conflicts, F_GETLK,
 * ranges split and merged, release on close and exit, waiting,
 * deadlock, flock conversion and release on last close; then
 * vfs_advlock itself from inside the kernel (tests/kern/ktest_lockf.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"
#include "ktest.h"

/* tests/kern/ktest_lockf.c: 0, or the line of the failed check */
int rumpns_ktest_lockf_basic(void);
int rumpns_ktest_lockf_merge(void);
int rumpns_ktest_lockf_model(uint64_t seed, int rounds);
int rumpns_ktest_lockf_flock(void);
int rumpns_ktest_lockf_wait(void);
int rumpns_ktest_lockf_deadlock(void);
int rumpns_ktest_lockf_nolck(void);

#define PATH "/tmp/lockf"

/* A new process with no descriptors; the calling thread switches to it. */
static struct lwp *
newproc(void)
{
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	return rump_pub_lwproc_curlwp();
}

static int
openf(int flags)
{
	int fd = rump_sys_open(PATH, flags | O_CREAT, 0644);

	T_ASSERT_GE(fd, 0);
	return fd;
}

static int
lk(int fd, int cmd, int type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET,
	    .l_start = start, .l_len = len };

	return rump_sys_fcntl(fd, cmd, &fl);
}

/* F_GETLK for type over [start, start + len) must report a lock of
 * wtype over [wstart, wstart + wlen) by wpid, or none (wtype F_UNLCK). */
static void
getlk_is(int line, int fd, int type, off_t start, off_t len, int wtype,
    off_t wstart, off_t wlen, pid_t wpid)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET,
	    .l_start = start, .l_len = len };

	if (rump_sys_fcntl(fd, F_GETLK, &fl) != 0)
		t_fail_(__FILE__, line, "F_GETLK: errno %d", errno);
	if (fl.l_type != wtype || (wtype != F_UNLCK &&
	    (fl.l_start != wstart || fl.l_len != wlen || fl.l_pid != wpid ||
	    fl.l_whence != SEEK_SET)))
		t_fail_(__FILE__, line, "F_GETLK [%lld, +%lld): type %d "
		    "[%lld, +%lld) pid %d, want type %d [%lld, +%lld) pid %d",
		    (long long)start, (long long)len, fl.l_type,
		    (long long)fl.l_start, (long long)fl.l_len, (int)fl.l_pid,
		    wtype, (long long)wstart, (long long)wlen, (int)wpid);
}
#define GETLK_IS(...) getlk_is(__LINE__, __VA_ARGS__)

/* GETLK_IS as the process of LWP l, which the thread switches to. */
#define GETLK_AS(l, ...) do { struct lwp *cur_ = rump_pub_lwproc_curlwp(); \
	rump_pub_lwproc_switch(l); getlk_is(__LINE__, __VA_ARGS__); \
	rump_pub_lwproc_switch(cur_); } while (0)

static void
msleep(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * A request made from a host thread of its own, as a new LWP of
 * process pid: F_SETLKW (how 0) or flock(how).  On EDEADLK the
 * process lets go of its locks on fd; with w_holdfd set, it lets go
 * of its locks on fd and w_holdfd whatever the result.
 */
struct waiter {
	pid_t w_pid;
	int w_fd;
	int w_how;
	struct flock w_fl;
	int w_holdfd;
	int w_ret, w_errno;
	atomic_int w_done;
	pthread_t w_thread;
};

static void *
waiter_run(void *arg)
{
	struct waiter *w = arg;

	if (rump_pub_lwproc_newlwp(w->w_pid) != 0) {
		w->w_ret = -2;
		atomic_store(&w->w_done, 1);
		return NULL;
	}
	if (w->w_how != 0)
		w->w_ret = rump_sys_flock(w->w_fd, w->w_how);
	else
		w->w_ret = rump_sys_fcntl(w->w_fd, F_SETLKW, &w->w_fl);
	w->w_errno = errno;
	if (w->w_ret == -1 && w->w_errno == EDEADLK)
		lk(w->w_fd, F_SETLK, F_UNLCK, 0, 0);
	if (w->w_holdfd >= 0) {
		lk(w->w_fd, F_SETLK, F_UNLCK, 0, 0);
		lk(w->w_holdfd, F_SETLK, F_UNLCK, 0, 0);
	}
	atomic_store(&w->w_done, 1);
	rump_pub_lwproc_releaselwp();
	return NULL;
}

static void
waiter_init(struct waiter *w, pid_t pid, int fd, int how, int type,
    off_t start, off_t len)
{
	memset(w, 0, sizeof(*w));
	w->w_pid = pid;
	w->w_fd = fd;
	w->w_how = how;
	w->w_fl = (struct flock){ .l_type = type, .l_whence = SEEK_SET,
	    .l_start = start, .l_len = len };
	w->w_holdfd = -1;
}

static void
waiter_go(struct waiter *w)
{
	T_ASSERT_EQ(pthread_create(&w->w_thread, NULL, waiter_run, w), 0);
}

static void
waiter_start(struct waiter *w, pid_t pid, int fd, int how, int type,
    off_t start, off_t len)
{
	waiter_init(w, pid, fd, how, type, start, len);
	waiter_go(w);
}

static bool
waiter_done(struct waiter *w)
{
	return atomic_load(&w->w_done) != 0;
}

/* Wait for the request to end (at most 2 s); its result, -errno. */
static int
waiter_join(struct waiter *w)
{
	for (int i = 0; i < 400 && !waiter_done(w); i++)
		msleep(5);
	T_ASSERT(waiter_done(w));
	T_ASSERT_EQ(pthread_join(w->w_thread, NULL), 0);
	T_ASSERT_NE(w->w_ret, -2);
	return w->w_ret == 0 ? 0 : -w->w_errno;
}

T_CASE(conflicts, "F_SETLK: shared and exclusive locks of two processes, EAGAIN")
{
	struct lwp *a, *b;
	int fa, fa2, fb;

	T_ASSERT_EQ(rump_init(), 0);
	a = newproc();
	fa = openf(O_RDWR);
	b = newproc();
	fb = openf(O_RDWR);
	T_ASSERT_OK(lk(fb, F_SETLK, F_RDLCK, 0, 10));
	rump_pub_lwproc_switch(a);
	T_ASSERT_OK(lk(fa, F_SETLK, F_RDLCK, 5, 10));	/* shared: fine */
	T_ASSERT_ERRNO(lk(fa, F_SETLK, F_WRLCK, 9, 1), EAGAIN);
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 10, 10));	/* A's own only */
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 100, 0));
	/* Another descriptor of the same process: its own locks. */
	fa2 = openf(O_RDWR);
	T_ASSERT_OK(lk(fa2, F_SETLK, F_WRLCK, 12, 200));
	rump_pub_lwproc_switch(b);
	T_ASSERT_ERRNO(lk(fb, F_SETLK, F_RDLCK, 10, 1), EAGAIN);
	T_ASSERT_ERRNO(lk(fb, F_SETLK, F_WRLCK, 0, 10), EAGAIN);
	T_ASSERT_ERRNO(lk(fb, F_SETLK, F_RDLCK, 1000000, 1), EAGAIN);
	T_ASSERT_OK(lk(fb, F_SETLK, F_WRLCK, 0, 5));	/* below A's */
	rump_pub_lwproc_switch(a);
	T_ASSERT_OK(lk(fa, F_SETLK, F_UNLCK, 0, 0));
	rump_pub_lwproc_switch(b);
	T_ASSERT_OK(lk(fb, F_SETLK, F_WRLCK, 0, 0));
}

T_CASE(getlk, "F_GETLK reports the first lock in the way, its pid, or F_UNLCK")
{
	struct lwp *a;
	pid_t pa, pb;
	int fa, fb;
	char buf[1000] = { 0 };

	T_ASSERT_EQ(rump_init(), 0);
	a = newproc();
	pa = rump_sys_getpid();
	fa = openf(O_RDWR);
	T_ASSERT_EQ(rump_sys_write(fa, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 100, 50));
	T_ASSERT_OK(lk(fa, F_SETLK, F_RDLCK, 300, 0));
	newproc();
	pb = rump_sys_getpid();
	fb = openf(O_RDWR);
	GETLK_IS(fb, F_RDLCK, 0, 0, F_WRLCK, 100, 50, pa);
	GETLK_IS(fb, F_WRLCK, 0, 100, F_UNLCK, 0, 0, 0);
	GETLK_IS(fb, F_RDLCK, 150, 0, F_UNLCK, 0, 0, 0);
	GETLK_IS(fb, F_WRLCK, 150, 0, F_RDLCK, 300, 0, pa);
	GETLK_IS(fb, F_WRLCK, 1 << 30, 1, F_RDLCK, 300, 0, pa);
	/* SEEK_CUR from the descriptor's offset, SEEK_END from the size. */
	T_ASSERT_EQ(rump_sys_lseek(fb, 200, SEEK_SET), 200);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_CUR,
	    .l_start = -10, .l_len = 20 };
	T_ASSERT_OK(rump_sys_fcntl(fb, F_SETLK, &fl));
	fl = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_END,
	    .l_start = -500, .l_len = -10 };
	T_ASSERT_OK(rump_sys_fcntl(fb, F_SETLK, &fl));
	rump_pub_lwproc_switch(a);
	GETLK_IS(fa, F_RDLCK, 0, 0, F_WRLCK, 190, 20, pb);
	GETLK_IS(fa, F_WRLCK, 300, 0, F_RDLCK, 490, 10, pb);	/* not A's */
	GETLK_IS(fa, F_WRLCK, 100, 50, F_UNLCK, 0, 0, 0);
	/* What F_GETLK and F_SETLK refuse. */
	fl = (struct flock){ .l_type = F_UNLCK, .l_whence = SEEK_SET };
	T_ASSERT_ERRNO(rump_sys_fcntl(fa, F_GETLK, &fl), EINVAL);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET,
	    .l_start = -1 };
	T_ASSERT_ERRNO(rump_sys_fcntl(fa, F_SETLK, &fl), EINVAL);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET,
	    .l_start = 5, .l_len = -6 };
	T_ASSERT_ERRNO(rump_sys_fcntl(fa, F_SETLK, &fl), EINVAL);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_END,
	    .l_start = INT64_MAX, .l_len = 1 };
	T_ASSERT_ERRNO(rump_sys_fcntl(fa, F_SETLK, &fl), EOVERFLOW);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET,
	    .l_start = INT64_MAX, .l_len = 2 };
	T_ASSERT_ERRNO(rump_sys_fcntl(fa, F_GETLK, &fl), EOVERFLOW);
}

T_CASE(getlk_unlck_unchanged, "F_GETLK with nothing in the way changes l_type only, l_whence too")
{
	char buf[100] = { 0 };
	struct flock fl;
	int fd;

	T_ASSERT_EQ(rump_init(), 0);
	newproc();
	fd = openf(O_RDWR);
	T_ASSERT_EQ(rump_sys_write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	T_ASSERT_EQ(rump_sys_lseek(fd, 50, SEEK_SET), 50);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_CUR,
	    .l_start = -5, .l_len = 3, .l_pid = 1234 };
	T_ASSERT_OK(rump_sys_fcntl(fd, F_GETLK, &fl));
	T_ASSERT_EQ(fl.l_type, F_UNLCK);
	T_ASSERT_EQ(fl.l_whence, SEEK_CUR);
	T_ASSERT_EQ(fl.l_start, -5);
	T_ASSERT_EQ(fl.l_len, 3);
	T_ASSERT_EQ(fl.l_pid, 1234);
	fl = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_END,
	    .l_start = -5, .l_len = -3 };
	T_ASSERT_OK(rump_sys_fcntl(fd, F_GETLK, &fl));
	T_ASSERT_EQ(fl.l_type, F_UNLCK);
	T_ASSERT_EQ(fl.l_whence, SEEK_END);
	T_ASSERT_EQ(fl.l_len, -3);
}

T_CASE(access_mode, "F_SETLK: read locks need FREAD, write locks FWRITE (EBADF)")
{
	int rd, wr;

	T_ASSERT_EQ(rump_init(), 0);
	newproc();
	rd = openf(O_RDONLY);
	wr = openf(O_WRONLY);
	T_ASSERT_ERRNO(lk(rd, F_SETLK, F_WRLCK, 0, 0), EBADF);
	T_ASSERT_ERRNO(lk(wr, F_SETLK, F_RDLCK, 0, 0), EBADF);
	T_ASSERT_OK(lk(rd, F_SETLK, F_RDLCK, 0, 10));
	T_ASSERT_OK(lk(wr, F_SETLK, F_WRLCK, 10, 10));
	T_ASSERT_OK(lk(rd, F_SETLK, F_UNLCK, 0, 0));
}

T_CASE(split_merge, "a process's locks split, merge, upgrade and downgrade")
{
	struct lwp *a, *b;
	pid_t pa;
	int fa, fb;

	T_ASSERT_EQ(rump_init(), 0);
	a = newproc();
	pa = rump_sys_getpid();
	fa = openf(O_RDWR);
	b = newproc();
	fb = openf(O_RDWR);
	rump_pub_lwproc_switch(a);
	T_ASSERT_OK(lk(fa, F_SETLK, F_RDLCK, 0, 0));
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 10, 10));
	GETLK_AS(b, fb, F_WRLCK, 5, 1, F_RDLCK, 0, 10, pa);
	GETLK_AS(b, fb, F_WRLCK, 15, 1, F_WRLCK, 10, 10, pa);
	GETLK_AS(b, fb, F_WRLCK, 25, 1, F_RDLCK, 20, 0, pa);
	T_ASSERT_OK(lk(fa, F_SETLK, F_UNLCK, 12, 3));
	GETLK_AS(b, fb, F_WRLCK, 13, 1, F_UNLCK, 0, 0, 0);
	GETLK_AS(b, fb, F_WRLCK, 11, 1, F_WRLCK, 10, 2, pa);
	GETLK_AS(b, fb, F_WRLCK, 16, 1, F_WRLCK, 15, 5, pa);
	T_ASSERT_OK(lk(fa, F_SETLK, F_RDLCK, 10, 10));	/* one again */
	GETLK_AS(b, fb, F_WRLCK, 15, 1, F_RDLCK, 0, 0, pa);
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 0, 0));	/* upgrade */
	GETLK_AS(b, fb, F_RDLCK, 99, 1, F_WRLCK, 0, 0, pa);
	T_ASSERT_OK(lk(fa, F_SETLK, F_RDLCK, 50, 50));	/* downgrade a part */
	GETLK_AS(b, fb, F_RDLCK, 60, 1, F_UNLCK, 0, 0, 0);
	GETLK_AS(b, fb, F_RDLCK, 40, 20, F_WRLCK, 0, 50, pa);
	GETLK_AS(b, fb, F_RDLCK, 60, 100, F_WRLCK, 100, 0, pa);
	/* Touching ranges of one type merge. */
	T_ASSERT_OK(lk(fa, F_SETLK, F_UNLCK, 0, 0));
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 0, 10));
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 20, 10));
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 10, 10));
	GETLK_AS(b, fb, F_RDLCK, 0, 0, F_WRLCK, 0, 30, pa);
}

T_CASE(close_releases, "closing any descriptor of the file drops the process's locks")
{
	struct lwp *a, *b;
	int fa, fa2, fa3, fb, other;

	T_ASSERT_EQ(rump_init(), 0);
	a = newproc();
	fa = openf(O_RDWR);
	b = newproc();
	fb = openf(O_RDWR);
	rump_pub_lwproc_switch(a);
	/* A dup of the descriptor. */
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 0, 10));
	fa2 = rump_sys_dup(fa);
	T_ASSERT_GE(fa2, 0);
	T_ASSERT_OK(rump_sys_close(fa2));
	rump_pub_lwproc_switch(b);
	T_ASSERT_OK(lk(fb, F_SETLK, F_WRLCK, 0, 10));
	T_ASSERT_OK(lk(fb, F_SETLK, F_UNLCK, 0, 0));
	/* Another open of the file, through which no lock was taken. */
	rump_pub_lwproc_switch(a);
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 0, 10));
	fa3 = openf(O_RDONLY);
	T_ASSERT_OK(rump_sys_close(fa3));
	rump_pub_lwproc_switch(b);
	T_ASSERT_OK(lk(fb, F_SETLK, F_WRLCK, 0, 10));
	T_ASSERT_OK(lk(fb, F_SETLK, F_UNLCK, 0, 0));
	/* Closing another file keeps them; so does another process's close. */
	rump_pub_lwproc_switch(a);
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 0, 10));
	other = rump_sys_open("/tmp/lockf-other", O_RDWR | O_CREAT, 0644);
	T_ASSERT_GE(other, 0);
	T_ASSERT_OK(lk(other, F_SETLK, F_WRLCK, 0, 0));
	T_ASSERT_OK(rump_sys_close(other));
	rump_pub_lwproc_switch(b);
	T_ASSERT_ERRNO(lk(fb, F_SETLK, F_WRLCK, 0, 10), EAGAIN);
	T_ASSERT_OK(rump_sys_close(fb));
	fb = openf(O_RDWR);
	T_ASSERT_ERRNO(lk(fb, F_SETLK, F_WRLCK, 0, 10), EAGAIN);
	/* dup2 over the descriptor closes it too. */
	rump_pub_lwproc_switch(a);
	fa2 = openf(O_RDWR);
	T_ASSERT_EQ(rump_sys_dup2(fa2, fa), fa);
	rump_pub_lwproc_switch(b);
	T_ASSERT_OK(lk(fb, F_SETLK, F_WRLCK, 0, 10));
}

T_CASE(exit_releases, "a process's locks go when it exits; its waiters wake")
{
	struct lwp *a, *b;
	struct waiter w;
	pid_t pb;
	int fa, fb;

	T_ASSERT_EQ(rump_init(), 0);
	b = newproc();
	pb = rump_sys_getpid();
	fb = openf(O_RDWR);
	a = newproc();
	fa = openf(O_RDWR);
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 0, 10));
	T_ASSERT_OK(lk(fa, F_SETLK, F_RDLCK, 20, 10));
	rump_pub_lwproc_switch(b);
	T_ASSERT_ERRNO(lk(fb, F_SETLK, F_WRLCK, 5, 1), EAGAIN);
	waiter_start(&w, pb, fb, 0, F_WRLCK, 0, 0);
	msleep(30);
	T_ASSERT(!waiter_done(&w));
	rump_pub_lwproc_switch(a);
	rump_pub_lwproc_releaselwp();		/* A's last LWP: A exits */
	T_ASSERT_EQ(waiter_join(&w), 0);
	rump_pub_lwproc_switch(b);
	GETLK_IS(fb, F_WRLCK, 0, 0, F_UNLCK, 0, 0, 0);
	T_ASSERT_OK(lk(fb, F_SETLK, F_UNLCK, 0, 0));
	T_ASSERT_OK(rump_sys_close(fb));
}

T_CASE(setlkw_waits, "F_SETLKW sleeps until the lock in the way is released")
{
	struct lwp *a;
	struct waiter w;
	pid_t pb;
	int fa, fb;

	T_ASSERT_EQ(rump_init(), 0);
	a = newproc();
	fa = openf(O_RDWR);
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 0, 100));
	newproc();
	pb = rump_sys_getpid();
	fb = openf(O_RDWR);
	rump_pub_lwproc_switch(a);
	waiter_start(&w, pb, fb, 0, F_RDLCK, 50, 10);
	msleep(30);
	T_ASSERT(!waiter_done(&w));
	T_ASSERT_OK(lk(fa, F_SETLK, F_UNLCK, 0, 50));	/* not that part */
	msleep(30);
	T_ASSERT(!waiter_done(&w));
	T_ASSERT_OK(lk(fa, F_SETLK, F_RDLCK, 50, 50));	/* downgraded */
	T_ASSERT_EQ(waiter_join(&w), 0);
	GETLK_IS(fa, F_WRLCK, 0, 0, F_RDLCK, 50, 10, pb);

	/* Woken when the holder closes its descriptor. */
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 0, 10));
	waiter_start(&w, pb, fb, 0, F_WRLCK, 0, 20);
	msleep(30);
	T_ASSERT(!waiter_done(&w));
	T_ASSERT_OK(rump_sys_close(fa));
	T_ASSERT_EQ(waiter_join(&w), 0);
	fa = openf(O_RDWR);
	GETLK_IS(fa, F_RDLCK, 0, 0, F_WRLCK, 0, 20, pb);
}

T_CASE(deadlock, "F_SETLKW: EDEADLK when two processes would wait for each other")
{
	struct lwp *a;
	struct waiter w;
	pid_t pb;
	int fa, fb, r, werr;

	T_ASSERT_EQ(rump_init(), 0);
	a = newproc();
	fa = openf(O_RDWR);
	T_ASSERT_OK(lk(fa, F_SETLK, F_WRLCK, 0, 1));
	newproc();
	pb = rump_sys_getpid();
	fb = openf(O_RDWR);
	T_ASSERT_OK(lk(fb, F_SETLK, F_WRLCK, 1, 1));
	rump_pub_lwproc_switch(a);
	waiter_start(&w, pb, fb, 0, F_WRLCK, 0, 1);	/* B waits for A */
	msleep(30);
	/* A asks for B's byte: the cycle closes, and one of the two is
	 * told (A, unless B was slow to start). */
	r = lk(fa, F_SETLKW, F_WRLCK, 1, 1);
	if (r == -1) {
		T_ASSERT_EQ(errno, EDEADLK);
		T_ASSERT_OK(lk(fa, F_SETLK, F_UNLCK, 0, 0));
	}
	werr = waiter_join(&w);
	T_ASSERT(r == 0 ? werr == -EDEADLK : werr == 0);
	/* No cycle, no EDEADLK: A waits for B alone. */
	rump_pub_lwproc_switch(a);
	T_ASSERT_OK(lk(fa, F_SETLK, F_UNLCK, 0, 0));
	waiter_start(&w, pb, fb, 0, F_WRLCK, 0, 2);
	T_ASSERT_EQ(waiter_join(&w), 0);
	T_ASSERT_ERRNO(lk(fa, F_SETLK, F_WRLCK, 0, 1), EAGAIN);
}

T_CASE(deadlock_three, "F_SETLKW: EDEADLK for a cycle of three processes on two files")
{
	struct waiter w[3];
	pid_t pid[3];
	int f1[3], f2[3], deadlocks = 0, r;

	T_ASSERT_EQ(rump_init(), 0);
	for (int i = 0; i < 3; i++) {
		newproc();
		pid[i] = rump_sys_getpid();
		f1[i] = openf(O_RDWR);
		f2[i] = rump_sys_open("/tmp/lockf2", O_RDWR | O_CREAT, 0644);
		T_ASSERT_GE(f2[i], 0);
	}
	/* A holds byte 0 of file 1, B byte 0 of file 2, C byte 10 of
	 * file 1 (through its own lwp, which the main thread is on). */
	waiter_init(&w[0], pid[0], f2[0], 0, F_WRLCK, 0, 1);	/* A: B's */
	waiter_init(&w[1], pid[1], f1[1], 0, F_WRLCK, 10, 1);	/* B: C's */
	waiter_init(&w[2], pid[2], f1[2], 0, F_RDLCK, 0, 1);	/* C: A's */
	for (int i = 0; i < 3; i++) {
		struct waiter hold;

		waiter_init(&hold, pid[i], i == 1 ? f2[i] : f1[i], 0,
		    F_WRLCK, i == 2 ? 10 : 0, 1);
		waiter_go(&hold);
		T_ASSERT_EQ(waiter_join(&hold), 0);
		w[i].w_holdfd = i == 1 ? f2[i] : f1[i];
	}
	/* Each lets go of all it has when its request ends, so that one
	 * EDEADLK unwinds the cycle. */
	for (int i = 0; i < 3; i++) {
		waiter_go(&w[i]);
		msleep(30);
	}
	for (int i = 0; i < 3; i++) {
		r = waiter_join(&w[i]);
		T_ASSERT(r == 0 || r == -EDEADLK);
		deadlocks += r == -EDEADLK;
	}
	T_ASSERT_EQ(deadlocks, 1);
}

T_CASE(flock_modes, "flock: shared, exclusive, LOCK_NB, EWOULDBLOCK, conversion")
{
	int f1, f2, f3;

	T_ASSERT_EQ(rump_init(), 0);
	f1 = openf(O_RDONLY);
	f2 = openf(O_RDONLY);
	f3 = openf(O_WRONLY);
	/* Two opens in one process are two holders. */
	T_ASSERT_OK(rump_sys_flock(f1, LOCK_SH));
	T_ASSERT_OK(rump_sys_flock(f2, LOCK_SH | LOCK_NB));
	T_ASSERT_ERRNO(rump_sys_flock(f3, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	T_ASSERT_ERRNO(rump_sys_flock(f2, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	T_ASSERT_OK(rump_sys_flock(f1, LOCK_UN));
	T_ASSERT_OK(rump_sys_flock(f2, LOCK_SH | LOCK_NB));	/* again */
	T_ASSERT_OK(rump_sys_flock(f2, LOCK_EX | LOCK_NB));	/* upgrade */
	T_ASSERT_ERRNO(rump_sys_flock(f1, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	T_ASSERT_OK(rump_sys_flock(f2, LOCK_EX));		/* no change */
	T_ASSERT_OK(rump_sys_flock(f2, LOCK_SH));		/* downgrade */
	T_ASSERT_OK(rump_sys_flock(f1, LOCK_SH | LOCK_NB));
	T_ASSERT_OK(rump_sys_flock(f1, LOCK_UN));
	T_ASSERT_OK(rump_sys_flock(f1, LOCK_UN));		/* not held */
	T_ASSERT_OK(rump_sys_flock(f2, LOCK_UN));
	T_ASSERT_OK(rump_sys_flock(f3, LOCK_EX | LOCK_NB));	/* any mode */
	T_ASSERT_ERRNO(rump_sys_flock(f1, LOCK_SH | LOCK_EX), EINVAL);
	T_ASSERT_ERRNO(rump_sys_flock(f1, 0), EINVAL);
	/* Independent of POSIX locks, as on Linux. */
	newproc();
	f2 = openf(O_RDWR);
	T_ASSERT_OK(lk(f2, F_SETLK, F_WRLCK, 0, 0));
	T_ASSERT_ERRNO(rump_sys_flock(f2, LOCK_SH | LOCK_NB), EWOULDBLOCK);
}

T_CASE(flock_waits, "flock without LOCK_NB sleeps until the holder lets go")
{
	struct lwp *a;
	struct waiter w;
	pid_t pb;
	int fa, fb;

	T_ASSERT_EQ(rump_init(), 0);
	a = newproc();
	fa = openf(O_RDWR);
	T_ASSERT_OK(rump_sys_flock(fa, LOCK_EX));
	newproc();
	pb = rump_sys_getpid();
	fb = openf(O_RDWR);
	rump_pub_lwproc_switch(a);
	waiter_start(&w, pb, fb, LOCK_SH, 0, 0, 0);
	msleep(30);
	T_ASSERT(!waiter_done(&w));
	T_ASSERT_OK(rump_sys_flock(fa, LOCK_SH));	/* downgrade: fine */
	T_ASSERT_EQ(waiter_join(&w), 0);
	/* Two holders of a shared lock both ask for an exclusive one: a
	 * conversion lets go of the old lock first, so they do not wait
	 * for each other. */
	T_ASSERT_OK(rump_sys_flock(fa, LOCK_SH));
	waiter_start(&w, pb, fb, LOCK_EX, 0, 0, 0);
	msleep(30);
	T_ASSERT(!waiter_done(&w));
	T_ASSERT_OK(rump_sys_flock(fa, LOCK_EX));
	msleep(10);
	T_ASSERT(!waiter_done(&w));
	T_ASSERT_OK(rump_sys_flock(fa, LOCK_UN));
	T_ASSERT_EQ(waiter_join(&w), 0);
	T_ASSERT_ERRNO(rump_sys_flock(fa, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	/* Woken by the holder's last close. */
	waiter_start(&w, pb, fb, LOCK_UN, 0, 0, 0);
	T_ASSERT_EQ(waiter_join(&w), 0);
	T_ASSERT_OK(rump_sys_flock(fa, LOCK_EX));
	waiter_start(&w, pb, fb, LOCK_EX, 0, 0, 0);
	msleep(30);
	T_ASSERT(!waiter_done(&w));
	T_ASSERT_OK(rump_sys_close(fa));
	T_ASSERT_EQ(waiter_join(&w), 0);
}

T_CASE(flock_last_close, "flock: a dup's close keeps the lock; the last close drops it")
{
	struct lwp *a, *b;
	int fa, fa2, fb;

	T_ASSERT_EQ(rump_init(), 0);
	a = newproc();
	fa = openf(O_RDWR);
	b = newproc();
	fb = openf(O_RDWR);
	rump_pub_lwproc_switch(a);
	T_ASSERT_OK(rump_sys_flock(fa, LOCK_EX));
	fa2 = rump_sys_dup(fa);
	T_ASSERT_GE(fa2, 0);
	T_ASSERT_OK(rump_sys_close(fa));
	rump_pub_lwproc_switch(b);
	T_ASSERT_ERRNO(rump_sys_flock(fb, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	/* The file is held by a child process's copy of the table too. */
	rump_pub_lwproc_switch(a);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFFDG), 0);
	rump_pub_lwproc_releaselwp();			/* the child exits */
	rump_pub_lwproc_switch(b);
	T_ASSERT_ERRNO(rump_sys_flock(fb, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	/* Another open of the same file by A is another file. */
	rump_pub_lwproc_switch(a);
	fa = openf(O_RDWR);
	T_ASSERT_ERRNO(rump_sys_flock(fa, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	T_ASSERT_OK(rump_sys_close(fa));
	rump_pub_lwproc_switch(b);
	T_ASSERT_ERRNO(rump_sys_flock(fb, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	rump_pub_lwproc_switch(a);
	T_ASSERT_OK(rump_sys_close(fa2));		/* the last one */
	rump_pub_lwproc_switch(b);
	T_ASSERT_OK(rump_sys_flock(fb, LOCK_EX | LOCK_NB));
	/* And at exit. */
	rump_pub_lwproc_releaselwp();
	rump_pub_lwproc_switch(a);
	fa = openf(O_RDWR);
	T_ASSERT_OK(rump_sys_flock(fa, LOCK_EX | LOCK_NB));
}

/*
 * Several processes, each on a thread of its own, lock random ranges
 * of one file with F_SETLKW and check that while they hold a write
 * lock nobody else is in its bytes.  EDEADLK lets go of everything.
 */
#define STRESS_PROCS	4
#define STRESS_BYTES	32
#define STRESS_ITERS	300

static atomic_int stress_readers[STRESS_BYTES], stress_writers[STRESS_BYTES];
static atomic_int stress_bad, stress_deadlocks;

static void *
stress_run(void *arg)
{
	unsigned seed = (unsigned)(uintptr_t)arg;
	int fd, start, len, type;

	if (rump_pub_lwproc_rfork(RUMP_RFCFDG) != 0)
		return (void *)1;
	if ((fd = rump_sys_open(PATH, O_RDWR)) < 0)
		return (void *)2;
	for (int i = 0; i < STRESS_ITERS; i++) {
		start = rand_r(&seed) % STRESS_BYTES;
		len = 1 + rand_r(&seed) % (STRESS_BYTES - start);
		type = rand_r(&seed) % 3 == 0 ? F_WRLCK : F_RDLCK;
		if (lk(fd, F_SETLKW, type, start, len) != 0) {
			if (errno != EDEADLK)
				return (void *)3;
			atomic_fetch_add(&stress_deadlocks, 1);
			lk(fd, F_SETLK, F_UNLCK, 0, 0);
			continue;
		}
		for (int b = start; b < start + len; b++) {
			if (type == F_WRLCK) {
				if (atomic_fetch_add(&stress_writers[b], 1) != 0 ||
				    atomic_load(&stress_readers[b]) != 0)
					atomic_store(&stress_bad, 1);
			} else {
				atomic_fetch_add(&stress_readers[b], 1);
				if (atomic_load(&stress_writers[b]) != 0)
					atomic_store(&stress_bad, 1);
			}
		}
		if (i % 8 == 0)
			sched_yield();
		for (int b = start; b < start + len; b++)
			atomic_fetch_sub(type == F_WRLCK ? &stress_writers[b] :
			    &stress_readers[b], 1);
		/* Keep some, let go of others, to make waits cross. */
		if (rand_r(&seed) % 2)
			lk(fd, F_SETLK, F_UNLCK, 0, 0);
		else if (lk(fd, F_SETLK, F_RDLCK, start, len) != 0)
			return (void *)4;
	}
	rump_pub_lwproc_releaselwp();
	return NULL;
}

T_CASE(stress, "four processes lock random ranges with F_SETLKW: no overlap, no hang")
{
	pthread_t t[STRESS_PROCS];
	void *rv;
	int fd;

	T_ASSERT_EQ(rump_init(), 0);
	fd = openf(O_RDWR);
	T_ASSERT_OK(rump_sys_close(fd));
	for (int i = 0; i < STRESS_PROCS; i++)
		T_ASSERT_EQ(pthread_create(&t[i], NULL, stress_run,
		    (void *)(uintptr_t)(t_seed() + i)), 0);
	for (int i = 0; i < STRESS_PROCS; i++) {
		T_ASSERT_EQ(pthread_join(t[i], &rv), 0);
		T_ASSERT_EQ((long)(uintptr_t)rv, 0);
	}
	T_ASSERT_EQ(atomic_load(&stress_bad), 0);
	T_LOG("%d deadlocks found", atomic_load(&stress_deadlocks));
}

/* The kernel side: vfs_advlock on vnodes made up in the test. */
T_CASE(kern_ranges, "vfs_advlock: conflicts, F_GETLK, SEEK_CUR/END, negative lengths, EINVAL")
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(KTEST(rumpns_ktest_lockf_basic()), 0);
}

T_CASE(kern_merge, "vfs_advlock: a process's locks replaced, split and merged")
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(KTEST(rumpns_ktest_lockf_merge()), 0);
}

T_CASE(kern_model, "vfs_advlock: random requests of three processes against a model")
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(KTEST(rumpns_ktest_lockf_model(t_seed(), 1000)), 0);
}

T_CASE(kern_flock, "vfs_advlock: flock locks, conversion, apart from POSIX locks")
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(KTEST(rumpns_ktest_lockf_flock()), 0);
}

T_CASE(kern_wait, "vfs_advlock: waits end when what is in the way goes or weakens")
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(KTEST(rumpns_ktest_lockf_wait()), 0);
}

T_CASE(kern_deadlock, "vfs_advlock: EDEADLK for cycles of 2 and 3, through any holder")
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(KTEST(rumpns_ktest_lockf_deadlock()), 0);
}

T_CASE(kern_nolck, "vfs_advlock: ENOLCK when memory is short; unlocking needs none")
{
	setenv("RUMP_MEMLIMIT", "4m", 1);
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(KTEST(rumpns_ktest_lockf_nolck()), 0);
}
