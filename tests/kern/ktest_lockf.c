/*
 * ktest_lockf.c: kernel-side tests of vfs_advlock (librumpvfs/
 * vfs_lockf.c) on vnodes made up here, with no file system: POSIX
 * ranges, merging and splitting checked against a model, flock locks,
 * waiting, deadlock detection and running out of memory.  Owners are
 * made-up processes (pids 101...) and open files; waiting owners run
 * in kernel threads.  Each test returns 0, or the line of the first
 * failed check; every one leaves no lock behind.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/filedesc.h>
#include <kern/kmem.h>
#include <kern/kthread.h>
#include <kern/lwp.h>
#include <kern/time.h>
#include <kern/vnode.h>
#include <rump/rumpdefs.h>
#include "../../librumpvfs/vfs_private.h"

/* t_lockdebug links these helpers with a kernel core that has no VFS;
 * it never calls them, and the reference must not keep it from linking. */
#pragma weak vfs_advlock

#define CHECK(c) do { if (!(c)) return __LINE__; } while (0)

#define KT_NVP		3
#define KT_NOWNER	4
#define KT_SIZE		1000	/* every file's size, for SEEK_END */
#define RD		RUMP_F_RDLCK
#define WR		RUMP_F_WRLCK
#define UN		RUMP_F_UNLCK
#define GET		RUMP_F_GETLK
#define SET		RUMP_F_SETLK
#define SETW		RUMP_F_SETLKW

static struct vnode kt_vp[KT_NVP];
static struct proc kt_proc[KT_NOWNER];
static struct file kt_file[KT_NOWNER];
static off_t kt_offset;		/* the file offset, for SEEK_CUR */

static int
kt_getattr(struct vnode *vp __unused, struct vattr *va)
{
	va->va_type = VREG;
	va->va_size = KT_SIZE;
	return 0;
}

static const struct vnodeops kt_vnops = { .vop_getattr = kt_getattr };

static void
kt_setup(void)
{
	for (int i = 0; i < KT_NVP; i++) {
		memset(&kt_vp[i], 0, sizeof(kt_vp[i]));
		kt_vp[i].v_type = VREG;
		kt_vp[i].v_op = &kt_vnops;
		kt_vp[i].v_usecount = 1;
		mutex_init(&kt_vp[i].v_interlock, MUTEX_DEFAULT, IPL_NONE);
		rw_init(&kt_vp[i].v_lock);
	}
	for (int i = 0; i < KT_NOWNER; i++) {
		memset(&kt_proc[i], 0, sizeof(kt_proc[i]));
		kt_proc[i].p_pid = 101 + i;
	}
	kt_offset = 0;
}

/* Whether every vnode is back to no locks (and no lock memory). */
static bool
kt_teardown(void)
{
	bool clean = true;

	for (int i = 0; i < KT_NVP; i++) {
		clean &= kt_vp[i].v_lockf == NULL;
		rw_destroy(&kt_vp[i].v_lock);
		mutex_destroy(&kt_vp[i].v_interlock);
	}
	return clean;
}

/* fcntl-style request by process o on vnode v. */
static int
lk(int v, int o, int op, int type, int whence, off_t start, off_t len)
{
	struct rump_flock fl = { .l_start = start, .l_len = len,
	    .l_type = type, .l_whence = whence };

	return vfs_advlock(&kt_vp[v], &kt_proc[o], op, &fl, 0, kt_offset);
}

#define LK(v, o, op, type, start, len) \
	lk(v, o, op, type, RUMP_SEEK_SET, start, len)

/* F_GETLK by process o for type over [start, start + len). */
static int
getlk(int v, int o, int type, off_t start, off_t len, struct rump_flock *fl)
{
	memset(fl, 0x5a, sizeof(*fl));
	fl->l_start = start;
	fl->l_len = len;
	fl->l_type = type;
	fl->l_whence = RUMP_SEEK_SET;
	return vfs_advlock(&kt_vp[v], &kt_proc[o], GET, fl, 0, kt_offset);
}

/* Whether F_GETLK by o for type over [start, start + len) reports a
 * lock of type t over [s, s + l) held by process holder (t UN: none). */
static bool
reports(int v, int o, int type, off_t start, off_t len, int t, off_t s,
    off_t l, int holder)
{
	struct rump_flock fl;

	if (getlk(v, o, type, start, len, &fl) != 0)
		return false;
	if (t == UN)
		return fl.l_type == UN;
	return fl.l_type == t && fl.l_start == s && fl.l_len == l &&
	    fl.l_whence == RUMP_SEEK_SET && fl.l_pid == 101 + holder;
}

/* flock-style request through open file f on vnode v. */
static int
fk(int v, int f, int op, int type)
{
	struct rump_flock fl = { .l_type = type, .l_whence = RUMP_SEEK_SET };

	return vfs_advlock(&kt_vp[v], &kt_file[f], op, &fl, FL_FLOCK, 0);
}

static void
unlock_all(int o)
{
	for (int v = 0; v < KT_NVP; v++)
		LK(v, o, SET, UN, 0, 0);
}

/* Conflicts, F_GETLK, and what a range may be. */
int
ktest_lockf_basic(void)
{
	struct rump_flock fl;

	kt_setup();
	CHECK(LK(0, 0, SET, WR, 0, 100) == 0);
	CHECK(LK(0, 1, SET, RD, 50, 10) == EAGAIN);
	CHECK(LK(0, 1, SET, WR, 99, 1) == EAGAIN);
	CHECK(LK(0, 1, SET, RD, 100, 100) == 0);	/* touches, no overlap */
	CHECK(LK(1, 1, SET, WR, 0, 0) == 0);		/* another file */
	CHECK(reports(0, 1, RD, 0, 0, WR, 0, 100, 0));
	CHECK(reports(0, 2, RD, 150, 0, UN, 0, 0, 0));	/* shared: fine */
	CHECK(reports(0, 2, WR, 150, 0, RD, 100, 100, 1));
	CHECK(reports(0, 0, WR, 0, 100, UN, 0, 0, 0));	/* its own */
	CHECK(reports(0, 0, WR, 0, 0, RD, 100, 100, 1));
	/* F_GETLK does not touch what it is not asked. */
	CHECK(getlk(0, 2, RD, 500, 1, &fl) == 0 && fl.l_type == UN &&
	    fl.l_start == 500 && fl.l_len == 1);

	/* SEEK_CUR, SEEK_END, negative lengths. */
	kt_offset = 300;
	CHECK(lk(0, 2, SET, WR, RUMP_SEEK_CUR, -10, 5) == 0);
	CHECK(reports(0, 0, RD, 292, 1, WR, 290, 5, 2));
	CHECK(lk(0, 2, SET, WR, RUMP_SEEK_END, -100, 0) == 0);
	CHECK(reports(0, 0, RD, 5000, 1, WR, 900, 0, 2));
	CHECK(lk(0, 2, SET, RD, RUMP_SEEK_SET, 600, -50) == 0);
	CHECK(reports(0, 0, WR, 560, 1, RD, 550, 50, 2));
	CHECK(lk(0, 2, SET, RD, RUMP_SEEK_END, -400, -1) == 0);	/* byte 599 */
	CHECK(reports(0, 0, WR, 560, 1, RD, 550, 50, 2));
	CHECK(lk(0, 2, SET, UN, RUMP_SEEK_CUR, 300, 0) == 0);	/* from 600 */
	CHECK(reports(0, 0, RD, 5000, 1, UN, 0, 0, 0));
	CHECK(reports(0, 0, WR, 599, 1, RD, 550, 50, 2));
	/* The whole of off_t, and F_GETLK's answer at the top. */
	CHECK(LK(2, 0, SET, WR, INT64_MAX, 1) == 0);
	CHECK(reports(2, 1, RD, 0, 0, WR, INT64_MAX, 0, 0));
	CHECK(LK(2, 0, SET, UN, INT64_MAX - 9, 10) == 0);
	CHECK(kt_vp[2].v_lockf == NULL);

	/* EINVAL before the start and for bad fields, EOVERFLOW past the
	 * end of off_t. */
	CHECK(LK(2, 0, SET, WR, -1, 10) == EINVAL);
	CHECK(LK(2, 0, SET, WR, 10, -11) == EINVAL);
	CHECK(LK(2, 0, SET, WR, 0, -1) == EINVAL);
	CHECK(LK(2, 0, SET, WR, INT64_MAX, 2) == EOVERFLOW);
	CHECK(LK(2, 0, SET, WR, -INT64_MAX - 1, 0) == EINVAL);
	CHECK(LK(2, 0, SET, WR, 2, INT64_MAX) == EOVERFLOW);
	CHECK(LK(2, 0, SET, WR, 1, INT64_MAX) == 0);	/* up to the top */
	CHECK(LK(2, 0, SET, UN, 0, 0) == 0);
	CHECK(lk(2, 0, SET, WR, RUMP_SEEK_CUR, -301, 1) == EINVAL);
	CHECK(lk(2, 0, SET, WR, RUMP_SEEK_CUR, INT64_MAX, 1) == EOVERFLOW);
	CHECK(lk(2, 0, SET, WR, RUMP_SEEK_END, -1001, 1) == EINVAL);
	CHECK(lk(2, 0, SET, WR, RUMP_SEEK_END, INT64_MAX - 999, 1) == EOVERFLOW);
	CHECK(lk(2, 0, SET, WR, RUMP_SEEK_DATA, 0, 0) == EINVAL);
	CHECK(lk(2, 0, SET, WR, 77, 0, 0) == EINVAL);
	CHECK(LK(2, 0, SET, 0, 0, 0) == EINVAL);
	CHECK(LK(2, 0, SET, 7, 0, 0) == EINVAL);
	CHECK(LK(2, 0, GET, UN, 0, 0) == EINVAL);
	CHECK(LK(2, 0, RUMP_F_GETFL, WR, 0, 0) == EINVAL);
	CHECK(kt_vp[2].v_lockf == NULL);

	/* Unlocking what is not locked. */
	CHECK(LK(2, 0, SET, UN, 0, 0) == 0);
	CHECK(LK(0, 3, SET, UN, 0, 0) == 0);
	for (int o = 0; o < KT_NOWNER; o++)
		unlock_all(o);
	return kt_teardown() ? 0 : __LINE__;
}

/* A process's own locks: replaced, split, merged, upgraded, downgraded. */
int
ktest_lockf_merge(void)
{
	kt_setup();
	CHECK(LK(0, 0, SET, RD, 0, 0) == 0);
	CHECK(LK(0, 0, SET, WR, 10, 10) == 0);		/* RD WR RD */
	CHECK(reports(0, 1, WR, 5, 1, RD, 0, 10, 0));
	CHECK(reports(0, 1, WR, 15, 1, WR, 10, 10, 0));
	CHECK(reports(0, 1, WR, 25, 1, RD, 20, 0, 0));
	CHECK(LK(0, 1, SET, RD, 0, 10) == 0);
	CHECK(LK(0, 1, SET, RD, 10, 1) == EAGAIN);
	CHECK(LK(0, 1, SET, UN, 0, 0) == 0);
	CHECK(LK(0, 0, SET, UN, 12, 3) == 0);		/* RD WR - WR RD */
	CHECK(reports(0, 1, WR, 13, 1, UN, 0, 0, 0));
	CHECK(reports(0, 1, WR, 11, 1, WR, 10, 2, 0));
	CHECK(reports(0, 1, WR, 16, 1, WR, 15, 5, 0));
	CHECK(reports(0, 1, WR, 5, 1, RD, 0, 10, 0));
	CHECK(LK(0, 0, SET, RD, 10, 10) == 0);		/* all RD again */
	CHECK(reports(0, 1, WR, 15, 1, RD, 0, 0, 0));
	CHECK(LK(0, 0, SET, WR, 0, 0) == 0);		/* upgrade */
	CHECK(reports(0, 1, RD, 999, 1, WR, 0, 0, 0));
	CHECK(LK(0, 0, SET, RD, 5, 5) == 0);		/* downgrade a part */
	CHECK(reports(0, 1, RD, 7, 1, UN, 0, 0, 0));
	CHECK(reports(0, 1, RD, 4, 1, WR, 0, 5, 0));
	CHECK(reports(0, 1, RD, 10, 1, WR, 10, 0, 0));
	CHECK(reports(0, 1, WR, 9, 1, RD, 5, 5, 0));
	CHECK(LK(0, 1, SET, RD, 7, 2) == 0);
	CHECK(LK(0, 1, SET, RD, 4, 2) == EAGAIN);
	CHECK(LK(0, 0, SET, WR, 5, 5) == EAGAIN);	/* blocked by 1 */
	unlock_all(1);
	CHECK(LK(0, 0, SET, WR, 5, 5) == 0);		/* merges back */
	CHECK(reports(0, 1, RD, 999, 1, WR, 0, 0, 0));
	CHECK(LK(0, 0, SET, UN, 0, 0) == 0);
	CHECK(kt_vp[0].v_lockf == NULL);

	/* Touching ranges of one type merge; of two types they do not. */
	CHECK(LK(0, 0, SET, RD, 0, 10) == 0);
	CHECK(LK(0, 0, SET, RD, 20, 10) == 0);
	CHECK(reports(0, 1, WR, 15, 1, UN, 0, 0, 0));
	CHECK(LK(0, 0, SET, RD, 10, 10) == 0);
	CHECK(reports(0, 1, WR, 15, 1, RD, 0, 30, 0));
	CHECK(LK(0, 0, SET, WR, 30, 10) == 0);
	CHECK(reports(0, 1, WR, 35, 1, WR, 30, 10, 0));
	CHECK(reports(0, 1, WR, 29, 1, RD, 0, 30, 0));
	CHECK(LK(0, 0, SET, WR, 40, 0) == 0);
	CHECK(reports(0, 1, RD, 35, 1, WR, 30, 0, 0));
	CHECK(LK(0, 0, SET, WR, 5, 30) == 0);
	CHECK(reports(0, 1, RD, 35, 1, WR, 5, 0, 0));
	CHECK(reports(0, 1, WR, 4, 1, RD, 0, 5, 0));
	/* Locks of other processes stay as they are. */
	CHECK(LK(0, 1, SET, RD, 0, 5) == 0);
	CHECK(LK(0, 0, SET, UN, 0, 0) == 0);
	CHECK(reports(0, 2, WR, 0, 0, RD, 0, 5, 1));
	unlock_all(1);
	return kt_teardown() ? 0 : __LINE__;
}

/*
 * Random requests by three processes on one file, checked against a
 * model: byte b's lock for each process (bytes 0..63, and 64 standing
 * for every byte after).  After each request, F_GETLK on each byte
 * must show a lock that covers exactly the run of equal bytes around
 * it, which holds only if the locks are split and merged exactly.
 */
#define MB 65
static uint8_t model[3][MB];
static uint64_t rnd;

static uint32_t
kt_random(void)
{
	rnd ^= rnd << 13;
	rnd ^= rnd >> 7;
	rnd ^= rnd << 17;
	return (uint32_t)(rnd >> 16);
}

static bool
model_conflicts(int o, int type, int start, int end)
{
	for (int p = 0; p < 3; p++)
		for (int b = start; b <= end && p != o; b++)
			if (model[p][b] == WR || (model[p][b] == RD && type == WR))
				return true;
	return false;
}

/* F_GETLK by prober o for type at byte b agrees with the model. */
static bool
model_probe(int o, int type, int b)
{
	struct rump_flock fl;
	int p, s, e;

	if (getlk(0, o, type, b, 1, &fl) != 0)
		return false;
	if (fl.l_type == UN) {
		for (p = 0; p < 3; p++)
			if (p != o && (model[p][b] == WR ||
			    (model[p][b] == RD && type == WR)))
				return false;
		return true;
	}
	p = fl.l_pid - 101;
	if (p < 0 || p >= 3 || p == o || model[p][b] != fl.l_type ||
	    (type == RD && fl.l_type != WR))
		return false;
	for (s = b; s > 0 && model[p][s - 1] == model[p][b]; s--)
		continue;
	for (e = b; e < MB - 1 && model[p][e + 1] == model[p][b]; e++)
		continue;
	return fl.l_start == s &&
	    fl.l_len == (e == MB - 1 ? 0 : e - s + 1);
}

int
ktest_lockf_model(uint64_t seed, int rounds)
{
	int o, type, start, end, error;
	bool eof;

	kt_setup();
	memset(model, 0, sizeof(model));
	rnd = seed | 1;
	for (int i = 0; i < rounds; i++) {
		o = kt_random() % 3;
		type = (int[]){ RD, RD, WR, WR, UN }[kt_random() % 5];
		start = kt_random() % (MB - 1);
		eof = kt_random() % 4 == 0;
		end = eof ? MB - 1 : start + kt_random() % (MB - 1 - start);
		if (eof)
			error = LK(0, o, SET, type, start, 0);
		else if (kt_random() % 2)
			error = LK(0, o, SET, type, end + 1, start - end - 1);
		else
			error = LK(0, o, SET, type, start, end - start + 1);
		if (type != UN && model_conflicts(o, type, start, end)) {
			CHECK(error == EAGAIN);
			continue;
		}
		CHECK(error == 0);
		for (int b = start; b <= end; b++)
			model[o][b] = type == UN ? 0 : type;
		/* An outsider sees every lock; the owner, none of its own. */
		for (int b = 0; b < MB; b++)
			CHECK(model_probe(3, RD, b) && model_probe(3, WR, b) &&
			    model_probe(o, WR, b));
	}
	for (o = 0; o < 3; o++)
		unlock_all(o);
	return kt_teardown() ? 0 : __LINE__;
}

/* flock locks: shared, exclusive, conversion; apart from POSIX locks. */
int
ktest_lockf_flock(void)
{
	struct rump_flock fl = { .l_type = WR };

	kt_setup();
	CHECK(fk(0, 0, SET, WR) == 0);
	CHECK(fk(0, 1, SET, RD) == EAGAIN);
	CHECK(fk(0, 1, SET, WR) == EAGAIN);
	CHECK(fk(0, 0, SET, WR) == 0);			/* again: no change */
	CHECK(vfs_advlock(&kt_vp[0], &kt_file[1], GET, &fl, FL_FLOCK, 0) == 0);
	CHECK(fl.l_type == WR && fl.l_pid == -1 && fl.l_start == 0 &&
	    fl.l_len == 0);
	/* POSIX locks do not see it, nor it them. */
	CHECK(LK(0, 0, SET, WR, 0, 0) == 0);
	CHECK(LK(0, 1, SET, RD, 10, 10) == EAGAIN);
	CHECK(fk(1, 0, SET, WR) == 0);			/* another file */
	CHECK(fk(0, 0, SET, RD) == 0);			/* downgrade */
	CHECK(fk(0, 1, SET, RD) == 0);
	CHECK(fk(0, 2, SET, WR) == EAGAIN);
	/* Conversion drops the old lock first, as on BSD and Linux. */
	CHECK(fk(0, 0, SET, WR) == EAGAIN);
	CHECK(fk(0, 1, SET, WR) == 0);
	CHECK(fk(0, 0, SET, RD) == EAGAIN);
	CHECK(fk(0, 1, SET, UN) == 0);
	CHECK(fk(0, 1, SET, UN) == 0);
	CHECK(fk(0, 2, SET, WR) == 0);
	CHECK(fk(0, 2, SET, UN) == 0);
	CHECK(LK(0, 0, SET, UN, 0, 0) == 0);
	CHECK(fk(1, 0, SET, UN) == 0);
	return kt_teardown() ? 0 : __LINE__;
}

/* An owner asking in a kernel thread of its own. */
struct kt_job {
	int j_vp;
	int j_owner;
	bool j_flock;
	int j_type;
	off_t j_start, j_len;
	bool j_release;		/* let go of all its locks when done */
	int j_error;
	unsigned j_done;	/* atomic */
	struct lwp *j_lwp;
};

static void
kt_job_run(void *arg)
{
	struct kt_job *j = arg;

	if (j->j_flock)
		j->j_error = fk(j->j_vp, j->j_owner, SETW, j->j_type);
	else
		j->j_error = LK(j->j_vp, j->j_owner, SETW, j->j_type,
		    j->j_start, j->j_len);
	if (j->j_release)
		unlock_all(j->j_owner);
	atomic_store_release(&j->j_done, 1);
}

static int
kt_job_start(struct kt_job *j)
{
	j->j_done = 0;
	return kthread_create(KTHREAD_MUSTJOIN, kt_job_run, j, &j->j_lwp,
	    "lockf%d", j->j_owner);
}

static bool
kt_job_done(struct kt_job *j)
{
	return atomic_load_acquire(&j->j_done) != 0;
}

/* Wait up to 2 s for job j to end. */
static bool
kt_job_wait(struct kt_job *j)
{
	for (int i = 0; i < 400 && !kt_job_done(j); i++)
		kpause_ns(0, 5000000);
	if (!kt_job_done(j))
		return false;
	kthread_join(j->j_lwp);
	return true;
}

#define SHORT_WAIT() kpause_ns(0, 30000000)

/* F_SETLKW and flock waits end when what is in the way goes. */
int
ktest_lockf_wait(void)
{
	struct kt_job j = { .j_vp = 0, .j_owner = 1, .j_type = RD,
	    .j_start = 5, .j_len = 1 };
	struct kt_job f = { .j_vp = 0, .j_owner = 1, .j_flock = true,
	    .j_type = RD };

	kt_setup();
	CHECK(LK(0, 0, SET, WR, 0, 10) == 0);
	CHECK(kt_job_start(&j) == 0);
	SHORT_WAIT();
	CHECK(!kt_job_done(&j));
	CHECK(LK(0, 0, SET, UN, 0, 5) == 0);		/* not that byte */
	CHECK(LK(0, 2, SET, RD, 0, 5) == 0);
	SHORT_WAIT();
	CHECK(!kt_job_done(&j));
	CHECK(LK(0, 0, SET, RD, 5, 1) == 0);		/* downgraded */
	CHECK(kt_job_wait(&j) && j.j_error == 0);
	CHECK(reports(0, 2, WR, 5, 1, RD, 5, 1, 0) ||
	    reports(0, 2, WR, 5, 1, RD, 5, 1, 1));
	CHECK(LK(0, 2, SET, WR, 5, 1) == EAGAIN);

	/* A flock wait, unrelated to the POSIX locks above. */
	CHECK(fk(0, 0, SET, WR) == 0);
	CHECK(kt_job_start(&f) == 0);
	SHORT_WAIT();
	CHECK(!kt_job_done(&f));
	CHECK(fk(0, 0, SET, UN) == 0);
	CHECK(kt_job_wait(&f) && f.j_error == 0);
	CHECK(fk(0, 0, SET, RD) == 0);
	CHECK(fk(0, 2, SET, WR) == EAGAIN);
	CHECK(fk(0, 1, SET, UN) == 0);
	CHECK(fk(0, 0, SET, UN) == 0);
	for (int o = 0; o < KT_NOWNER; o++)
		unlock_all(o);
	return kt_teardown() ? 0 : __LINE__;
}

/*
 * Run jobs (each letting go of all its locks when it ends) that wait
 * for each other in a cycle: exactly one must get EDEADLK, and the
 * rest their lock.  Jobs start 30 ms apart, so that in practice the
 * last one closes the cycle.
 */
static int
kt_cycle(struct kt_job *jobs, int n)
{
	int deadlocks = 0;

	for (int i = 0; i < n; i++) {
		jobs[i].j_release = true;
		CHECK(kt_job_start(&jobs[i]) == 0);
		SHORT_WAIT();
	}
	for (int i = 0; i < n; i++) {
		CHECK(kt_job_wait(&jobs[i]));
		CHECK(jobs[i].j_error == 0 || jobs[i].j_error == EDEADLK);
		deadlocks += jobs[i].j_error == EDEADLK;
	}
	CHECK(deadlocks == 1);
	return 0;
}

/* EDEADLK for cycles of processes across files. */
int
ktest_lockf_deadlock(void)
{
	struct kt_job two[2] = {
		{ .j_vp = 1, .j_owner = 0, .j_type = WR, .j_len = 1 },
		{ .j_vp = 0, .j_owner = 1, .j_type = WR, .j_len = 1 },
	};
	struct kt_job three[3] = {
		{ .j_vp = 1, .j_owner = 0, .j_type = WR },
		{ .j_vp = 2, .j_owner = 1, .j_type = RD, .j_start = 100 },
		{ .j_vp = 0, .j_owner = 2, .j_type = WR, .j_start = 50,
		    .j_len = 10 },
	};
	/* Process 2 waits for 0 and 1 to let go of their shared locks; 1
	 * for 2: a cycle through the second of two holders. */
	struct kt_job second[2] = {
		{ .j_vp = 0, .j_owner = 2, .j_type = WR },
		{ .j_vp = 1, .j_owner = 1, .j_type = WR },
	};
	int error;

	kt_setup();
	/* One file, two processes: each holds what the other wants. */
	CHECK(LK(0, 0, SET, WR, 0, 1) == 0);
	CHECK(LK(0, 1, SET, WR, 1, 1) == 0);
	two[0].j_vp = 0;
	two[0].j_start = 1;
	two[1].j_start = 0;
	if ((error = kt_cycle(two, 2)) != 0)
		return error;
	CHECK(kt_vp[0].v_lockf == NULL);

	/* Two files. */
	two[0] = (struct kt_job){ .j_vp = 1, .j_owner = 0, .j_type = WR };
	two[1] = (struct kt_job){ .j_vp = 0, .j_owner = 1, .j_type = RD };
	CHECK(LK(0, 0, SET, WR, 0, 0) == 0);
	CHECK(LK(1, 1, SET, RD, 0, 0) == 0);
	if ((error = kt_cycle(two, 2)) != 0)
		return error;

	/* Three processes on three files. */
	CHECK(LK(0, 0, SET, RD, 0, 100) == 0);
	CHECK(LK(1, 1, SET, WR, 0, 0) == 0);
	CHECK(LK(2, 2, SET, WR, 100, 1) == 0);
	if ((error = kt_cycle(three, 3)) != 0)
		return error;

	/* Through the second holder of a range. */
	CHECK(LK(0, 0, SET, RD, 0, 0) == 0);
	CHECK(LK(0, 1, SET, RD, 0, 0) == 0);
	CHECK(LK(1, 2, SET, WR, 0, 0) == 0);
	for (int i = 0; i < 2; i++)
		second[i].j_release = true;
	CHECK(kt_job_start(&second[0]) == 0);
	SHORT_WAIT();
	CHECK(kt_job_start(&second[1]) == 0);
	/* Neither can have its lock before the other gives up, and one
	 * must, with process 0 still holding its lock. */
	for (int i = 0; i < 400 && !kt_job_done(&second[0]) &&
	    !kt_job_done(&second[1]); i++)
		kpause_ns(0, 5000000);
	CHECK(kt_job_done(&second[0]) || kt_job_done(&second[1]));
	unlock_all(0);
	CHECK(kt_job_wait(&second[0]) && kt_job_wait(&second[1]));
	CHECK(second[0].j_error + second[1].j_error == EDEADLK);

	/* No cycle: a chain of waits is not a deadlock. */
	CHECK(LK(0, 0, SET, WR, 0, 0) == 0);
	two[0] = (struct kt_job){ .j_vp = 0, .j_owner = 1, .j_type = WR };
	two[1] = (struct kt_job){ .j_vp = 1, .j_owner = 2, .j_type = WR };
	CHECK(LK(1, 1, SET, WR, 0, 0) == 0);
	CHECK(kt_job_start(&two[0]) == 0);
	SHORT_WAIT();
	CHECK(kt_job_start(&two[1]) == 0);
	SHORT_WAIT();
	CHECK(!kt_job_done(&two[0]) && !kt_job_done(&two[1]));
	unlock_all(0);
	CHECK(kt_job_wait(&two[0]) && two[0].j_error == 0);
	unlock_all(1);
	CHECK(kt_job_wait(&two[1]) && two[1].j_error == 0);
	for (int o = 0; o < KT_NOWNER; o++)
		unlock_all(o);
	return kt_teardown() ? 0 : __LINE__;
}

/* Take all memory there is, in a chain through the chunks. */
static void **
kt_fill_memory(void)
{
	void **chain = NULL, **p;

	/* Big sizes first, then every small one: small sizes come from
	 * pools of size classes, each of which may still have room. */
	for (size_t size = 65536; size >= 2 * sizeof(void *);
	    size = size > 4096 ? 4096 : size > 512 ? 512 : size - 8)
		while ((p = kmem_alloc(size, KM_SLEEP)) != NULL) {
			p[0] = chain;
			p[1] = (void *)size;
			chain = p;
		}
	return chain;
}

static void
kt_free_memory(void **chain)
{
	void **next;

	for (; chain != NULL; chain = next) {
		next = chain[0];
		kmem_free(chain, (size_t)chain[1]);
	}
}

/* ENOLCK when memory is short; letting go never needs memory. */
int
ktest_lockf_nolck(void)
{
	void **mem;

	if (mem_limit() == 0)
		return __LINE__;	/* would never fill */
	kt_setup();
	CHECK(LK(0, 0, SET, WR, 0, 100) == 0);
	CHECK(fk(1, 0, SET, WR) == 0);
	mem = kt_fill_memory();
	CHECK(mem != NULL);
	CHECK(LK(2, 0, SET, WR, 0, 0) == ENOLCK);	/* a new file */
	CHECK(kt_vp[2].v_lockf == NULL);
	CHECK(LK(0, 1, SET, WR, 200, 10) == ENOLCK);
	CHECK(LK(0, 0, SET, UN, 10, 10) == ENOLCK);	/* a split */
	CHECK(reports(0, 1, RD, 50, 1, WR, 0, 100, 0));
	CHECK(LK(0, 0, SET, UN, 90, 0) == 0);		/* a trim */
	CHECK(LK(0, 0, SET, RD, 0, 90) == 0);		/* in place */
	CHECK(fk(1, 0, SET, RD) == 0);			/* conversion */
	CHECK(fk(1, 1, SET, RD) == ENOLCK);
	CHECK(fk(1, 0, SET, UN) == 0);
	CHECK(LK(0, 0, SET, UN, 0, 0) == 0);
	CHECK(kt_vp[0].v_lockf == NULL && kt_vp[1].v_lockf == NULL);
	kt_free_memory(mem);
	CHECK(LK(0, 0, SET, WR, 0, 100) == 0);
	CHECK(LK(0, 0, SET, UN, 10, 10) == 0);
	CHECK(reports(0, 1, RD, 50, 1, WR, 20, 80, 0));
	unlock_all(0);
	return kt_teardown() ? 0 : __LINE__;
}
