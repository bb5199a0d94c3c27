/*
 * ktest_sync.c: kernel-side tests of locks and condition variables,
 * run from tests/t_locks.c with a CPU held (rump_schedule).  Each
 * returns 0 on success or a nonzero code saying what went wrong.
 */
#include <kern/systm.h>
#include <kern/mutex.h>
#include <kern/rwlock.h>
#include <kern/condvar.h>
#include <kern/kthread.h>
#include <kern/time.h>
#include <kern/lwp.h>

#define MAXT 32

static kmutex_t cnt_lock;
static uint64_t cnt;
static int cnt_iters;
static int cnt_inside;		/* threads inside the critical section */
static int cnt_violations;

static void
counter_thread(void *arg __unused)
{
	for (int i = 0; i < cnt_iters; i++) {
		mutex_enter(&cnt_lock);
		if (++cnt_inside != 1)
			cnt_violations++;
		cnt++;
		if (i % 64 == 0)
			kpause_ns(0, 1000);	/* sleep holding it: others block */
		cnt_inside--;
		mutex_exit(&cnt_lock);
	}
}

/* n kernel threads increment a counter under a mutex. */
int
ktest_mutex_counter(int n, int iters)
{
	struct lwp *l[MAXT];

	if (n > MAXT)
		return -1;
	mutex_init(&cnt_lock, MUTEX_DEFAULT, IPL_NONE);
	cnt = 0;
	cnt_iters = iters;
	for (int i = 0; i < n; i++)
		if (kthread_create(KTHREAD_MUSTJOIN, counter_thread, NULL,
		    &l[i], "cnt%d", i) != 0)
			return 1;
	for (int i = 0; i < n; i++)
		kthread_join(l[i]);
	mutex_destroy(&cnt_lock);
	if (cnt_violations)
		return 2;
	return cnt == (uint64_t)n * (uint64_t)iters ? 0 : 3;
}

/* Called from many host threads at once: one locked increment. */
static kmutex_t host_lock;
static uint64_t host_cnt;

void
ktest_host_counter_init(void)
{
	mutex_init(&host_lock, MUTEX_DEFAULT, IPL_NONE);
	host_cnt = 0;
}

void
ktest_host_counter_inc(void)
{
	mutex_enter(&host_lock);
	host_cnt++;
	mutex_exit(&host_lock);
}

uint64_t
ktest_host_counter_get(void)
{
	return host_cnt;
}

static krwlock_t rw;
static uint64_t rw_a, rw_b;	/* writers keep them equal */
static int rw_readers_bad;
static int rw_iters;

static void
rw_thread(void *arg)
{
	bool writer = (uintptr_t)arg != 0;

	for (int i = 0; i < rw_iters; i++) {
		if (writer) {
			rw_enter(&rw, RW_WRITER);
			if (!rw_write_held(&rw))
				rw_readers_bad++;
			rw_a++;
			kpause_ns(0, 100);
			rw_b++;
			rw_exit(&rw);
		} else {
			rw_enter(&rw, RW_READER);
			if (rw_a != rw_b)
				__atomic_fetch_add(&rw_readers_bad, 1, __ATOMIC_RELAXED);
			rw_exit(&rw);
		}
	}
}

/* Readers never see a half-done write. */
int
ktest_rwlock_invariant(int nreaders, int nwriters, int iters)
{
	struct lwp *l[MAXT];
	int n = 0;

	rw_init(&rw);
	rw_a = rw_b = 0;
	rw_iters = iters;
	for (int i = 0; i < nreaders + nwriters && n < MAXT; i++, n++)
		if (kthread_create(KTHREAD_MUSTJOIN, rw_thread,
		    (void *)(uintptr_t)(i < nwriters), &l[n], "rw%d", i) != 0)
			return 1;
	for (int i = 0; i < n; i++)
		kthread_join(l[i]);
	rw_destroy(&rw);
	if (rw_readers_bad)
		return 2;
	return rw_a == (uint64_t)nwriters * (uint64_t)iters ? 0 : 3;
}

/* Producer/consumer over a one-slot mailbox: no wakeup may be lost. */
static kmutex_t pc_lock;
static kcondvar_t pc_full, pc_empty;
static int pc_slot, pc_count;
static uint64_t pc_sum;

static void
producer(void *arg)
{
	int n = (int)(uintptr_t)arg;

	for (int i = 1; i <= n; i++) {
		mutex_enter(&pc_lock);
		while (pc_count == 1)
			cv_wait(&pc_empty, &pc_lock);
		pc_slot = i;
		pc_count = 1;
		cv_signal(&pc_full);
		mutex_exit(&pc_lock);
	}
}

static void
consumer(void *arg)
{
	int n = (int)(uintptr_t)arg;

	for (int i = 1; i <= n; i++) {
		mutex_enter(&pc_lock);
		while (pc_count == 0)
			cv_wait(&pc_full, &pc_lock);
		pc_sum += (uint64_t)pc_slot;
		pc_count = 0;
		cv_signal(&pc_empty);
		mutex_exit(&pc_lock);
	}
}

int
ktest_cv_producer_consumer(int n)
{
	struct lwp *p, *c;

	mutex_init(&pc_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&pc_full, "full");
	cv_init(&pc_empty, "empty");
	pc_sum = 0;
	pc_count = 0;
	if (kthread_create(KTHREAD_MUSTJOIN, producer, (void *)(uintptr_t)n,
	    &p, "prod") != 0 ||
	    kthread_create(KTHREAD_MUSTJOIN, consumer, (void *)(uintptr_t)n,
	    &c, "cons") != 0)
		return 1;
	kthread_join(p);
	kthread_join(c);
	return pc_sum == (uint64_t)n * (uint64_t)(n + 1) / 2 ? 0 : 2;
}

/* cv_timedwait with nobody signalling: EWOULDBLOCK after >= ticks. */
int
ktest_cv_timedwait(int ticks, uint64_t *elapsed_ns)
{
	kmutex_t m;
	kcondvar_t cv;
	uint64_t t0;
	int error;

	mutex_init(&m, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&cv, "tw");
	mutex_enter(&m);
	t0 = uptime_ns();
	error = cv_timedwait(&cv, &m, ticks);
	*elapsed_ns = uptime_ns() - t0;
	mutex_exit(&m);
	cv_destroy(&cv);
	mutex_destroy(&m);
	return error;
}
