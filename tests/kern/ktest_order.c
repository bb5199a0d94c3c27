/*
 * ktest_order.c: the store-buffering litmus test, for the handshake the
 * scheduler relies on (sched.h): two threads each store to their own
 * flag and then load the other's.  Both loads returning the old value
 * is the outcome a store followed by a load must never allow; it is the
 * lost wakeup of a waiter for a CPU.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/time.h>

static unsigned sb_flag[2];
static unsigned sb_seen[2];
static unsigned sb_arrived;	/* barrier: arrivals so far */

/* Wait for the other side: the n-th barrier of a side ends when both
 * sides have arrived n times. */
static void
sb_barrier(unsigned n)
{
	unsigned spins = 0;

	(void)atomic_inc_uint_nv(&sb_arrived);	/* publishes this round */
	while (atomic_load_acquire(&sb_arrived) < 2 * n)
		if (++spins % 4096 == 0)
			kpause_ns(0, 0);	/* let the other side run */
}

/*
 * One side (0 or 1) of rounds rounds; both sides must run at once, on
 * two virtual CPUs.  fenced: store with atomic_store_fenced, else with
 * a sequentially consistent store.  Side 0 returns how many rounds saw
 * the forbidden outcome; side 1 returns 0.
 */
int
ktest_store_load_order(int side, int rounds, bool fenced)
{
	unsigned n = 0;
	int forbidden = 0;

	for (int r = 0; r < rounds; r++) {
		sb_barrier(++n);
		if (fenced)
			atomic_store_fenced(&sb_flag[side], 1);
		else
			__atomic_store_n(&sb_flag[side], 1, __ATOMIC_SEQ_CST);
		sb_seen[side] = __atomic_load_n(&sb_flag[!side],
		    __ATOMIC_SEQ_CST);
		sb_barrier(++n);
		if (side == 0) {
			if (sb_seen[0] == 0 && sb_seen[1] == 0)
				forbidden++;
			atomic_store_relaxed(&sb_flag[0], 0);
			atomic_store_relaxed(&sb_flag[1], 0);
		}
		sb_barrier(++n);
	}
	return forbidden;
}

/* Before a run: both sides start from the same state. */
void
ktest_store_load_reset(void)
{
	sb_flag[0] = sb_flag[1] = 0;
	sb_arrived = 0;
}
