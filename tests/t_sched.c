/*
 * t_sched.c: virtual CPUs biased to the thread that uses them: a thread
 * that keeps calling in gets one; another thread takes it back when it
 * needs it, from an owner outside the kernel or inside it; a CPU still
 * has one holder at a time when many threads call in, block and sleep;
 * freeing a biased LWP (released, exiting thread, joined kernel thread)
 * leaves no CPU biased to it; a biased CPU whose owner is out counts as
 * quiescent for grace periods, one whose owner is in does not.
 *
 * Where the host has no asymmetric barrier (Linux's membarrier, asked
 * here directly), or in a ThreadSanitizer build, no CPU is ever biased:
 * the cases then check that, and that everything else holds on the
 * compare-and-swap path.  Everywhere else they insist on biasing.
 */
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"
#include "ktest.h"

/* include/kern/sched.h: visits in a row that bias a CPU. */
#define BIAS_RUN	256

static void
boot_ncpu(const char *n)
{
	setenv("RUMP_NCPU", n, 1);
	T_ASSERT_EQ(rump_init(), 0);
}

/* Whether CPUs are biased here, and the counts so far.  (The counters
 * are atomics: read without a CPU, so as not to disturb anyone's.) */
static bool
bias_stats(uint64_t *nbiased, uint64_t *nrevoked)
{
	uint64_t b, r;
	bool on = rumpns_ktest_sched_stats(&b, &r);

	if (nbiased != NULL)
		*nbiased = b;
	if (nrevoked != NULL)
		*nrevoked = r;
	return on;
}

/* Whether CPUs should be biased: not under ThreadSanitizer, and only
 * where the host has membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED). */
#if defined(__SANITIZE_THREAD__)
#define T_TSAN	1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define T_TSAN	1
#endif
#endif

static bool
bias_expected(void)
{
#if defined(T_TSAN)
	return false;
#elif defined(__linux__) && defined(SYS_membarrier)
	long cmds = syscall(SYS_membarrier, 0 /* MEMBARRIER_CMD_QUERY */, 0, 0);

	return cmds > 0 && (cmds & (1 << 3)) != 0;	/* PRIVATE_EXPEDITED */
#else
	return false;
#endif
}

/* Whether CPUs are biased, after checking that they are when and only
 * when they should be. */
static bool
biasing(void)
{
	bool on = bias_stats(NULL, NULL);

	T_ASSERT_EQ(on, bias_expected());
	if (!on)
		T_LOG("no CPU is biased in this build or on this host");
	return on;
}

static void
calls(int n)
{
	for (int i = 0; i < n; i++)
		T_ASSERT_GT(rump_sys_getpid(), 0);
}

static bool
biased_to_me(void)
{
	return KTEST(rumpns_ktest_sched_biased_to_me());
}

/*
 * Call in until the calling thread's CPU is biased to it; false if it
 * never is.  A kernel thread that needs a CPU now and then, such as the
 * clock's, may take it back meanwhile, and no CPU is biased while a
 * thread waits for one (on a loaded host, a woken kernel thread may wait
 * long for the host to run it): so no fixed count will do, and between
 * tries the caller steps aside for a while.
 */
static bool
get_biased(void)
{
	for (int tries = 0; tries < 500; tries++) {
		calls(2 * BIAS_RUN);
		if (biased_to_me())
			return true;
		if (!bias_stats(NULL, NULL))
			return false;
		usleep(1000);
	}
	return false;
}

static unsigned
nbiased_cpus(void)
{
	return KTEST(rumpns_ktest_sched_nbiased_cpus());
}

static uint64_t
nrevoked(void)
{
	uint64_t nr;

	bias_stats(NULL, &nr);
	return nr;
}

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

T_CASE(bias_made, "a thread that keeps calling in gets its CPU biased to it, nested entries included")
{
	uint64_t nb;

	boot_ncpu("2");
	if (!biasing()) {
		calls(10 * BIAS_RUN);
		T_ASSERT(!biased_to_me());
		bias_stats(&nb, NULL);
		T_ASSERT_EQ(nb, 0);
		return;
	}
	T_ASSERT(get_biased());
	bias_stats(&nb, NULL);
	T_ASSERT_GE(nb, 1);
	/* Nested entries and a nested system call keep it. */
	rump_schedule();
	T_ASSERT(rumpns_ktest_sched_biased_to_me());
	rump_schedule();
	T_ASSERT_EQ(rump_sys_getpid(), 1);
	rump_unschedule();
	T_ASSERT(rumpns_ktest_sched_biased_to_me());
	rump_unschedule();
}

/*
 * Owner threads: get biased, say so (from inside the kernel, with
 * stay_inside), wait to be let go, then call in once more.
 */
struct owner {
	sem_t ready, go, leave;
	bool biased;
	bool stay_inside;
	int pid_after;
	int64_t left_ns;
};

static void *
owner_main(void *arg)
{
	struct owner *o = arg;

	o->biased = get_biased();
	if (o->stay_inside) {
		rump_schedule();
		o->biased = rumpns_ktest_sched_biased_to_me();
		sem_post(&o->ready);
		sem_wait(&o->leave);
		__atomic_store_n(&o->left_ns, now_ns(), __ATOMIC_SEQ_CST);
		rump_unschedule();
		/* Calling in again would end the bias anyway: the CPU
		 * must have been given back on the way out. */
	} else {
		sem_post(&o->ready);
	}
	sem_wait(&o->go);
	o->pid_after = rump_sys_getpid();
	return NULL;
}

static void
owner_start(struct owner *o, pthread_t *t, bool stay_inside)
{
	sem_init(&o->ready, 0, 0);
	sem_init(&o->go, 0, 0);
	sem_init(&o->leave, 0, 0);
	o->stay_inside = stay_inside;
	T_ASSERT_EQ(pthread_create(t, NULL, owner_main, o), 0);
	sem_wait(&o->ready);
}

T_CASE(revoke_owner_out, "on 1 CPU, a second thread takes the CPU back from its biased owner outside the kernel, and the owner gets it again")
{
	struct owner o = { 0 };
	uint64_t nr0 = nrevoked();
	pthread_t t;

	boot_ncpu("1");
	owner_start(&o, &t, false);
	/* The owner waits outside the kernel, its CPU biased to it. */
	T_ASSERT_EQ(rump_sys_getpid(), 1);
	T_ASSERT_EQ(rump_sys_getpid(), 1);
	sem_post(&o.go);
	pthread_join(t, NULL);
	T_ASSERT_EQ(o.pid_after, 1);
	if (!biasing()) {
		T_ASSERT(!o.biased);
		return;
	}
	T_ASSERT(o.biased);
	T_ASSERT_GE(nrevoked(), nr0 + 1);
	T_ASSERT_EQ(nbiased_cpus(), 0);
}

static void *
getpid_main(void *arg)
{
	*(int *)arg = rump_sys_getpid();
	return NULL;
}

T_CASE(revoke_owner_in, "on 1 CPU, a thread that wants the CPU of a biased owner inside the kernel waits until the owner leaves")
{
	struct owner o = { 0 };
	uint64_t nr0 = nrevoked();
	pthread_t t, w;
	int64_t got_ns;
	int pid = 0;

	boot_ncpu("1");
	owner_start(&o, &t, true);	/* returns with the owner inside */
	T_ASSERT_EQ(pthread_create(&w, NULL, getpid_main, &pid), 0);
	usleep(100000);
	T_ASSERT_EQ(__atomic_load_n(&pid, __ATOMIC_SEQ_CST), 0);
	sem_post(&o.leave);
	pthread_join(w, NULL);
	got_ns = now_ns();
	sem_post(&o.go);
	pthread_join(t, NULL);
	T_ASSERT_EQ(pid, 1);
	T_ASSERT_EQ(o.pid_after, 1);
	T_ASSERT_GT(o.left_ns, 0);
	T_ASSERT_LE(o.left_ns, got_ns);
	if (!biasing())
		return;
	/* Biased while inside: only a request could get the CPU to w. */
	T_ASSERT(o.biased);
	T_ASSERT_GE(nrevoked(), nr0 + 1);
}

/*
 * Many threads on few CPUs.  In each round one thread (or, on 2 CPUs,
 * two) calls in alone until biased, then every thread does a random mix
 * of system calls, visits that check a CPU has one holder, a kernel
 * mutex, sleeps inside the kernel (which give the CPU back) and pauses
 * outside it, so CPUs are asked back from owners in, out and between.
 */
#define HAMMER_ROUNDS	40
#define HAMMER_OPS	60

struct hammer {
	pthread_t thread;
	pthread_barrier_t *barrier;
	int id, nthreads, solo;
	unsigned seed;
	int bad;
	long visits;
};

static void *
hammer_main(void *arg)
{
	struct hammer *h = arg;
	struct timespec ts = { 0, 1000 };
	pid_t pid;

	if (h->id % 2 && rump_pub_lwproc_rfork(0) != 0)
		h->bad |= 2;
	pid = rump_sys_getpid();
	for (int round = 0; round < HAMMER_ROUNDS; round++) {
		pthread_barrier_wait(h->barrier);
		if ((round + h->id) % h->nthreads < h->solo)
			for (int i = 0; i < 2 * BIAS_RUN; i++)
				if (rump_sys_getpid() != pid)
					h->bad |= 4;
		pthread_barrier_wait(h->barrier);
		for (int op = 0; op < HAMMER_OPS; op++) {
			int r = rand_r(&h->seed) % 16, n;

			switch (r) {
			case 0: case 1: case 2: case 3: case 4: case 5:
				n = rand_r(&h->seed) % (2 * BIAS_RUN);
				for (int i = 0; i < n; i++)
					if (rump_sys_getpid() != pid)
						h->bad |= 4;
				break;
			case 6:
				if (rump_sys_nanosleep(&ts, NULL) != 0)
					h->bad |= 8;
				break;
			case 7:
				usleep((unsigned)rand_r(&h->seed) % 300);
				break;
			case 8:
				sched_yield();
				break;
			default:
				rump_schedule();
				h->bad |= rumpns_ktest_sched_visit(
				    rand_r(&h->seed) % 200);
				rumpns_ktest_host_counter_inc();
				rump_unschedule();
				h->visits++;
				break;
			}
		}
	}
	if (h->id % 2)
		rump_pub_lwproc_releaselwp();
	return NULL;
}

static void
hammer(const char *ncpu, int nthreads, int solo)
{
	struct hammer h[8];
	pthread_barrier_t barrier;
	uint64_t nb, nr;
	unsigned long long seed;
	long visits = 0;

	boot_ncpu(ncpu);
	seed = t_seed();
	KTEST_VOID(rumpns_ktest_host_counter_init());
	KTEST_VOID(rumpns_ktest_sched_visit_reset());
	pthread_barrier_init(&barrier, NULL, (unsigned)nthreads);
	for (int i = 0; i < nthreads; i++) {
		h[i] = (struct hammer){ .barrier = &barrier, .id = i,
		    .nthreads = nthreads, .solo = solo,
		    .seed = (unsigned)(seed + (unsigned long long)i) };
		T_ASSERT_EQ(pthread_create(&h[i].thread, NULL, hammer_main,
		    &h[i]), 0);
	}
	for (int i = 0; i < nthreads; i++) {
		pthread_join(h[i].thread, NULL);
		T_ASSERT_EQ(h[i].bad, 0);
		visits += h[i].visits;
	}
	pthread_barrier_destroy(&barrier);
	T_ASSERT_EQ(KTEST(rumpns_ktest_sched_visit_total()),
	    (uint64_t)visits);
	T_ASSERT_EQ(KTEST(rumpns_ktest_host_counter_get()), (uint64_t)visits);
	if (!bias_stats(&nb, &nr))
		return;
	T_LOG("%ld visits; %llu biases made, %llu asked back", visits,
	    (unsigned long long)nb, (unsigned long long)nr);
	T_ASSERT_GT(nb, 0);
	T_ASSERT_GT(nr, 0);
}

T_CASE(hammer_1cpu, "4 threads on 1 CPU, biased in turn, calling, blocking and sleeping: one holder at a time, no lost update")
{
	hammer("1", 4, 1);
}

T_CASE(hammer_2cpu, "6 threads on 2 CPUs, two biased in turn, calling, blocking and sleeping: one holder at a time, no lost update")
{
	hammer("2", 6, 2);
}

/*
 * Freeing a biased LWP ends its bias on the way, so the next thread to
 * call in finds the CPU free: nobody has to ask for it back.  (Checked
 * over a window of microseconds, from the freeing to that next call,
 * in which no kernel thread should want the CPU.)
 */
struct freed {
	bool biased;
	uint64_t nrevoked;		/* just before the LWP was freed */
};

/* A thread with its own LWP: get biased, then release the LWP. */
static void *
release_main(void *arg)
{
	struct freed *f = arg;

	if (rump_pub_lwproc_rfork(0) != 0)
		return NULL;
	f->biased = get_biased();
	f->nrevoked = nrevoked();
	rump_pub_lwproc_releaselwp();
	return NULL;
}

/* A plain thread: get biased, then exit (its implicit LWP is freed). */
static void *
exit_main(void *arg)
{
	struct freed *f = arg;

	f->biased = get_biased();
	f->nrevoked = nrevoked();
	return NULL;
}

T_CASE(free_biased_lwp, "a released LWP, an exiting thread's implicit LWP and a joined kernel thread leave no CPU biased to them")
{
	struct freed f[2] = { { 0 }, { 0 } };
	pthread_t t;

	boot_ncpu("1");
	T_ASSERT_EQ(pthread_create(&t, NULL, release_main, &f[0]), 0);
	pthread_join(t, NULL);
	T_ASSERT_EQ(nbiased_cpus(), 0);
	T_ASSERT_EQ(nrevoked(), f[0].nrevoked);
	T_ASSERT_EQ(pthread_create(&t, NULL, exit_main, &f[1]), 0);
	pthread_join(t, NULL);
	T_ASSERT_EQ(nbiased_cpus(), 0);
	T_ASSERT_EQ(nrevoked(), f[1].nrevoked);
	T_ASSERT_EQ(KTEST(rumpns_ktest_sched_kthread_bias()), 0);
	T_ASSERT_EQ(nbiased_cpus(), 0);
	if (biasing())
		T_ASSERT(f[0].biased && f[1].biased);
}

/* An explicit LWP keeps its bias while no thread is bound to it. */
struct unbound {
	sem_t switched, back;
	struct lwp *lwp;
	bool biased, biased_again;
	int pid_after;
};

static void *
unbound_main(void *arg)
{
	struct unbound *u = arg;

	if (rump_pub_lwproc_rfork(0) != 0)
		return NULL;
	u->biased = get_biased();
	u->lwp = rump_pub_lwproc_curlwp();
	rump_pub_lwproc_switch(NULL);
	sem_post(&u->switched);
	sem_wait(&u->back);
	rump_pub_lwproc_switch(u->lwp);
	u->pid_after = rump_sys_getpid();
	u->biased_again = get_biased();
	rump_pub_lwproc_releaselwp();
	return NULL;
}

T_CASE(revoke_unbound_lwp, "the CPU of a biased LWP bound to no thread is taken back, and the LWP gets one when bound again")
{
	struct unbound u = { 0 };
	uint64_t nr0 = nrevoked(), nr1;
	pthread_t t;

	boot_ncpu("1");
	sem_init(&u.switched, 0, 0);
	sem_init(&u.back, 0, 0);
	T_ASSERT_EQ(pthread_create(&t, NULL, unbound_main, &u), 0);
	sem_wait(&u.switched);
	T_ASSERT_EQ(rump_sys_getpid(), 1);
	nr1 = nrevoked();
	sem_post(&u.back);
	pthread_join(t, NULL);
	T_ASSERT_GT(u.pid_after, 1);
	T_ASSERT_EQ(nbiased_cpus(), 0);
	if (!biasing())
		return;
	T_ASSERT(u.biased && u.biased_again);
	T_ASSERT_GE(nr1, nr0 + 1);
}

T_CASE(qs_biased_owner, "a biased CPU counts as quiescent while its owner is out, not while it is in, and is not taken back for it")
{
	struct owner o = { 0 };
	uint64_t nr0;
	pthread_t t;

	boot_ncpu("2");
	/* Boot leaves work for a callout a tick later (deferred frees),
	 * which would need a CPU: let it run first. */
	usleep(50 * 1000);
	owner_start(&o, &t, false);
	/* The owner is out: passed at once, without asking for its CPU. */
	nr0 = nrevoked();
	KTEST_VOID(rumpns_ktest_sched_qs_snapshot());
	T_ASSERT(KTEST(rumpns_ktest_sched_qs_passed()));
	T_ASSERT_EQ(nrevoked(), nr0);
	if (biasing())
		T_ASSERT(o.biased);
	sem_post(&o.go);
	pthread_join(t, NULL);

	/* An owner inside: no quiescent state until it leaves. */
	memset(&o, 0, sizeof(o));
	owner_start(&o, &t, true);
	KTEST_VOID(rumpns_ktest_sched_qs_snapshot());
	for (int i = 0; i < 20; i++) {
		T_ASSERT(!KTEST(rumpns_ktest_sched_qs_passed()));
		usleep(1000);
	}
	sem_post(&o.leave);
	for (int i = 0; i < 5000 && !KTEST(rumpns_ktest_sched_qs_passed()); i++)
		usleep(1000);
	T_ASSERT(KTEST(rumpns_ktest_sched_qs_passed()));
	sem_post(&o.go);
	pthread_join(t, NULL);
	if (biasing())
		T_ASSERT(o.biased);
}
