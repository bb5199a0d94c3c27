/*
 * ktest_time.c: kernel-side tests of callouts, kernel threads, soft
 * interrupts and work queues.  Each returns 0 on success.
 */
#include <kern/systm.h>
#include <kern/callout.h>
#include <kern/kthread.h>
#include <kern/softint.h>
#include <kern/workqueue.h>
#include <kern/mutex.h>
#include <kern/time.h>
#include <kern/lwp.h>
#include <kern/cpu.h>

static char order[16];
static unsigned norder;

/* Copy what record() wrote, with atomic loads (writers are other threads). */
static void
order_copy(char *out, size_t outlen)
{
	size_t i;

	for (i = 0; i + 1 < outlen && i < sizeof(order); i++)
		out[i] = __atomic_load_n(&order[i], __ATOMIC_SEQ_CST);
	out[i] = '\0';
}

static void
record(void *arg)
{
	__atomic_store_n(&order[__atomic_fetch_add(&norder, 1,
	    __ATOMIC_SEQ_CST)], (char)(uintptr_t)arg, __ATOMIC_SEQ_CST);
}

/* Callouts run by deadline, then in scheduling order; stopped ones
 * never run.  out receives the letters in the order they ran. */
int
ktest_callout_order(char *out, size_t outlen)
{
	static callout_t c[6];
	const char letters[] = "ABCDEF";
	const int ticks[] = { 3, 1, 3, 2, 1, 2 };

	norder = 0;
	memset(order, 0, sizeof(order));
	for (int i = 0; i < 6; i++) {
		callout_init(&c[i], 0);
		callout_reset(&c[i], ticks[i], record,
		    (void *)(uintptr_t)letters[i]);
	}
	if (!callout_stop(&c[3]) || callout_stop(&c[3]))
		return 1;	/* D was pending once, then not */
	callout_reset(&c[5], 4, record, (void *)(uintptr_t)'F');
	kpause_ticks(8);
	order_copy(out, outlen);
	for (int i = 0; i < 6; i++) {
		if (callout_pending(&c[i]))
			return 2;
		callout_destroy(&c[i]);
	}
	return callout_expired(&c[0]) && !callout_expired(&c[3]) ? 0 : 3;
}

static int slow_state;
#define LOAD(v) __atomic_load_n(&(v), __ATOMIC_SEQ_CST)
#define STORE(v, x) __atomic_store_n(&(v), (x), __ATOMIC_SEQ_CST)

static void
slow_func(void *arg __unused)
{
	STORE(slow_state, 1);
	kpause_ns(0, 50 * 1000 * 1000);
	STORE(slow_state, 2);
}

/* callout_halt waits for a running function to finish. */
int
ktest_callout_halt(void)
{
	static callout_t c;

	callout_init(&c, 0);
	callout_reset(&c, 1, slow_func, NULL);
	while (LOAD(slow_state) == 0)
		kpause_ns(0, 1000 * 1000);
	callout_halt(&c, NULL);
	if (LOAD(slow_state) != 2)
		return 1;
	callout_destroy(&c);
	return 0;
}

static int kt_ran;
static struct cpu_info *kt_cpu;

static void
kt_func(void *arg)
{
	kt_cpu = curcpu();
	kt_ran = (int)(uintptr_t)arg;
}

/* A kernel thread runs holding a CPU, in process 0, and can be joined. */
int
ktest_kthread(void)
{
	struct lwp *l;

	if (kthread_create(KTHREAD_MUSTJOIN, kt_func, (void *)7, &l, "kt") != 0)
		return 1;
	if (l->l_proc != &proc0)
		return 2;
	kthread_join(l);
	if (kt_ran != 7 || kt_cpu == NULL)
		return 3;
	return 0;
}

static int si_runs;

static void
si_func(void *arg __unused)
{
	__atomic_fetch_add(&si_runs, 1, __ATOMIC_SEQ_CST);
}

/* A soft interrupt runs after it is scheduled; scheduling it twice
 * before it runs runs it once. */
int
ktest_softint(int *runs)
{
	void *si = softint_establish(SOFTINT_NET | SOFTINT_MPSAFE, si_func, NULL);

	if (si == NULL)
		return 1;
	softint_schedule(si);
	for (int i = 0; i < 1000 && LOAD(si_runs) == 0; i++)
		kpause_ns(0, 1000 * 1000);
	if (LOAD(si_runs) != 1)
		return 2;
	softint_schedule(si);
	softint_schedule(si);
	kpause_ns(0, 50 * 1000 * 1000);
	*runs = LOAD(si_runs);
	softint_disestablish(si);
	return 0;
}

struct wk_item {
	struct work wk;
	char letter;
};

static void
wk_func(struct work *wk, void *arg __unused)
{
	record((void *)(uintptr_t)container_of(wk, struct wk_item, wk)->letter);
}

/* Work runs in the order queued; workqueue_wait waits for it. */
int
ktest_workqueue(char *out, size_t outlen)
{
	struct workqueue *wq;
	static struct wk_item items[5];

	norder = 0;
	memset(order, 0, sizeof(order));
	if (workqueue_create(&wq, "ktestwq", wk_func, NULL, 0, IPL_NONE, 0) != 0)
		return 1;
	for (int i = 0; i < 5; i++) {
		items[i].letter = (char)('a' + i);
		workqueue_enqueue(wq, &items[i].wk, NULL);
	}
	workqueue_wait(wq, &items[4].wk);
	order_copy(out, outlen);
	workqueue_destroy(wq);
	return 0;
}
