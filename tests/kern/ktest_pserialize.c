/*
 * ktest_pserialize.c: kernel-side tests of grace periods (t_kern.c).
 * A kernel thread sits in a read section, holding its CPU, while the
 * test defers a free and waits for a grace period in another thread:
 * neither may finish before the reader leaves, and both must after.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/kthread.h>
#include <kern/lwp.h>
#include <kern/pserialize.h>
#include <kern/time.h>

static int psz_reader_in, psz_reader_release;
static int psz_performed, psz_freed;

static void
psz_reader(void *arg __unused)
{
	pserialize_read_enter();
	atomic_store_release(&psz_reader_in, 1);
	while (!atomic_load_acquire(&psz_reader_release))
		continue;
	pserialize_read_exit();
}

static void
psz_performer(void *arg __unused)
{
	pserialize_perform();
	atomic_store_release(&psz_performed, 1);
}

static size_t
psz_free(struct pserialize_entry *pe __unused)
{
	atomic_add_int(&psz_freed, 1);
	return 0;
}

/* 0, or the number of the check that failed. */
int
ktest_pserialize(void)
{
	static struct pserialize_entry e1, e2;
	struct lwp *reader, *performer;
	int waited;

	if (kthread_create(KTHREAD_MUSTJOIN, psz_reader, NULL, &reader,
	    "pszread") != 0)
		return 1;
	while (!atomic_load_acquire(&psz_reader_in))
		kpause_ns(0, 100000);
	pserialize_defer(&e1, psz_free);
	if (kthread_create(KTHREAD_MUSTJOIN, psz_performer, NULL, &performer,
	    "pszperf") != 0)
		return 2;
	kpause_ticks(5);
	pserialize_defer(&e2, psz_free);	/* a chance to free e1 */
	kpause_ticks(5);
	if (atomic_load_acquire(&psz_freed) != 0)
		return 3;	/* freed under a reader */
	if (atomic_load_acquire(&psz_performed))
		return 4;	/* grace period over with a reader inside */
	atomic_store_release(&psz_reader_release, 1);
	kthread_join(reader);
	kthread_join(performer);
	if (!atomic_load_acquire(&psz_performed))
		return 5;
	/* Both deferred frees happen without anyone asking (the callout). */
	for (waited = 0; atomic_load_acquire(&psz_freed) != 2; waited++) {
		if (waited == 1000)
			return 6;
		kpause_ns(0, 1000000);
	}
	if (pserialize_drain() != 0)
		return 7;	/* nothing was left */
	return 0;
}

/* Sleeping (giving the CPU back) inside a read section: a debug build
 * panics. */
void
ktest_sleep_in_read_section(void)
{
	pserialize_read_enter();
	kpause_ns(0, 1000);
	pserialize_read_exit();
}
