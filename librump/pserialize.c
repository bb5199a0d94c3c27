/*
 * pserialize.c: grace periods and deferred freeing (see pserialize.h).
 *
 * Deferred objects wait in two batches.  New ones join "pending"; the
 * "waiting" batch has a snapshot of the CPUs (sched_qs_snapshot) and is
 * freed once every CPU in it has passed a quiescent state, whereupon
 * pending becomes the waiting batch with a fresh snapshot.  Progress is
 * made every PSZ_BATCH deferrals, by a callout each tick while anything
 * is deferred, and by memory reclaim, which waits for a grace period.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/callout.h>
#include <kern/cpu.h>
#include <kern/kmem.h>
#include <kern/lwp.h>
#include <kern/mutex.h>
#include <kern/pserialize.h>
#include <kern/time.h>

#define PSZ_BATCH		128	/* deferrals between batch moves */
#define PSZ_PERFORM_SPINS	1000	/* looks at busy CPUs before sleeping */
#define PSZ_PERFORM_SLEEP_NS	20000	/* then between looks */

static kmutex_t psz_lock;		/* the batches, the snapshot */
static struct pserialize_entry *psz_pending;
static unsigned psz_npending;
static struct pserialize_entry *psz_waiting;
static unsigned *psz_gens;		/* the waiting batch's snapshot */
static callout_t psz_callout;
static bool psz_armed;			/* psz_callout scheduled */
static bool psz_ready;			/* pserialize_init done */

#ifdef LOCKDEBUG
/* Debug builds count read sections, for sched_leave's check. */
void
pserialize_read_enter(void)
{
	curlwp->l_pszdepth++;
}

void
pserialize_read_exit(void)
{
	KASSERT(curlwp->l_pszdepth > 0);
	curlwp->l_pszdepth--;
}
#endif

void
pserialize_perform(void)
{
	unsigned gens[ncpu];

	sched_qs_snapshot(gens);
	/* Other CPUs' holders are usually in short system calls: look
	 * again a while before sleeping. */
	for (int spins = 0; !sched_qs_passed(gens); spins++) {
		if (spins < PSZ_PERFORM_SPINS)
			spin_pause();
		else
			kpause_ns(0, PSZ_PERFORM_SLEEP_NS);
	}
}

/* Take the waiting batch if its grace period is over, and make pending
 * the waiting one; psz_lock held.  Returns what may be freed now. */
static struct pserialize_entry *
psz_advance(void)
{
	struct pserialize_entry *done;

	if (psz_waiting != NULL && !sched_qs_passed(psz_gens))
		return NULL;
	done = psz_waiting;
	psz_waiting = psz_pending;
	psz_pending = NULL;
	psz_npending = 0;
	if (psz_waiting != NULL)
		sched_qs_snapshot(psz_gens);
	return done;
}

static size_t
psz_free_list(struct pserialize_entry *pe)
{
	struct pserialize_entry *next;
	size_t freed = 0;

	for (; pe != NULL; pe = next) {
		next = pe->pe_next;
		freed += pe->pe_free(pe);
	}
	return freed;
}

/* Keep the callout going while anything waits, so that objects
 * deferred last are freed even if nothing else is; psz_lock held. */
static void
psz_arm(void)
{
	if ((psz_waiting != NULL || psz_pending != NULL) && !psz_armed) {
		psz_armed = true;
		callout_schedule(&psz_callout, 1);
	}
}

static void
psz_tick(void *arg __unused)
{
	struct pserialize_entry *done;

	mutex_enter(&psz_lock);
	psz_armed = false;
	done = psz_advance();
	psz_arm();
	mutex_exit(&psz_lock);
	psz_free_list(done);
}

/*
 * A snapshot can cost a system call of the host's (the asymmetric
 * barrier of biased CPUs), so batches are moved along only every
 * PSZ_BATCH deferrals, and by the callout each tick.
 */
void
pserialize_defer(struct pserialize_entry *pe,
    size_t (*pe_free)(struct pserialize_entry *))
{
	struct pserialize_entry *done = NULL;

	pe->pe_free = pe_free;
	mutex_enter(&psz_lock);
	pe->pe_next = psz_pending;
	psz_pending = pe;
	if (++psz_npending >= PSZ_BATCH)
		done = psz_advance();
	psz_arm();
	mutex_exit(&psz_lock);
	psz_free_list(done);
}

size_t
pserialize_drain(void)
{
	struct pserialize_entry *done, *more;

	if (!psz_ready)
		return 0;
	mutex_enter(&psz_lock);
	done = psz_waiting;
	more = psz_pending;
	psz_waiting = psz_pending = NULL;
	psz_npending = 0;
	mutex_exit(&psz_lock);
	if (done == NULL && more == NULL)
		return 0;
	pserialize_perform();
	return psz_free_list(done) + psz_free_list(more);
}

static size_t
psz_reclaim(size_t want __unused)
{
	return pserialize_drain();
}

static struct mem_reclaimer psz_reclaimer = {
	.mr_name = "deferred frees", .mr_reclaim = psz_reclaim,
};

int
pserialize_init(void)
{
	void *mem;
	int error;

	if ((error = rumpuser_malloc(ncpu * sizeof(*psz_gens),
	    sizeof(*psz_gens), &mem)) != 0)
		return error;
	psz_gens = mem;
	mutex_init(&psz_lock, MUTEX_DEFAULT, IPL_NONE);
	callout_init(&psz_callout, 0);
	callout_setfunc(&psz_callout, psz_tick, NULL);
	mem_reclaimer_register(&psz_reclaimer);
	psz_ready = true;
	return 0;
}
