/*
 * lockdebug.c: lock checking for debug builds (make DEBUG=1).
 *
 * Each LWP keeps a stack of the locks it holds with the call chain that
 * took each.  Whenever a lock of class B is taken while one of class A
 * is held, the order A -> B is learnt, with both call chains.  Taking
 * them the other way round later is reported with the chains of both
 * orders.  Releasing a lock one does not hold, taking a mutex one
 * already holds, and destroying a held lock panic.  Classes are the
 * lock names: where the lock was initialised.
 */
#ifdef LOCKDEBUG

#include <kern/systm.h>
#include <kern/lwp.h>
#include <kern/lockdebug.h>
#include <rump/rumpuser.h>

#define LD_MAXHELD	32
#define LD_MAXPCS	12
#define LD_MAXEDGES	2048

struct ld_chain {
	int n;
	void *pcs[LD_MAXPCS];
};

struct lockdebug_held {
	int nheld;
	struct {
		const void *lock;
		const char *name;
		struct ld_chain chain;
	} held[LD_MAXHELD];
};

/* A learnt order: first taken while holding... */
struct ld_edge {
	const char *first, *then;
	struct ld_chain first_chain, then_chain;
	bool reported;
};

static struct ld_edge ld_edges[LD_MAXEDGES];
static int ld_nedges;
static unsigned ld_lock;		/* spin lock over ld_edges */

static void
ld_enter(void)
{
	while (__atomic_exchange_n(&ld_lock, 1, __ATOMIC_ACQUIRE))
		continue;
}

static void
ld_exit(void)
{
	__atomic_store_n(&ld_lock, 0, __ATOMIC_RELEASE);
}

static struct lockdebug_held *
ld_held(void)
{
	struct lwp *l = curlwp;
	void *p;

	if (l == NULL)
		return NULL;
	if (l->l_locks == NULL) {
		if (rumpuser_malloc(sizeof(*l->l_locks), 0, &p) != 0)
			return NULL;
		memset(p, 0, sizeof(*l->l_locks));
		l->l_locks = p;
	}
	return l->l_locks;
}


static void
ld_print_held(const struct lockdebug_held *h)
{
	printf("  locks held by this lwp:\n");
	for (int i = 0; i < h->nheld; i++)
		printf("    %s\n", h->held[i].name);
}

static struct ld_edge *
ld_find(const char *first, const char *then)
{
	for (int i = 0; i < ld_nedges; i++)
		if (strcmp(ld_edges[i].first, first) == 0 &&
		    strcmp(ld_edges[i].then, then) == 0)
			return &ld_edges[i];
	return NULL;
}

void
lockdebug_want(const void *lock, const char *name, bool owned)
{
	struct lockdebug_held *h = ld_held();
	struct ld_chain now;
	struct ld_edge *rev;

	if (owned)
		panic("lockdebug: locking against myself: %s", name);
	if (h == NULL)
		return;
	now.n = rumpuser_callstack(now.pcs, LD_MAXPCS);
	ld_enter();
	for (int i = 0; i < h->nheld; i++) {
		const char *held = h->held[i].name;

		if (h->held[i].lock == lock || strcmp(held, name) == 0)
			continue;
		if ((rev = ld_find(name, held)) != NULL && !rev->reported) {
			rev->reported = true;
			ld_exit();
			printf("lockdebug: lock order reversal: taking %s "
			    "while holding %s\n", name, held);
			ld_print_held(h);
			printf("  %s taken here:\n", name);
			db_print_chain(now.pcs, now.n);
			printf("  %s was taken here:\n", held);
			db_print_chain(h->held[i].chain.pcs, h->held[i].chain.n);
			printf("  the opposite order, %s then %s, was learnt "
			    "here:\n    %s taken at:\n", rev->first, rev->then,
			    rev->first);
			db_print_chain(rev->first_chain.pcs, rev->first_chain.n);
			printf("    then %s taken at:\n", rev->then);
			db_print_chain(rev->then_chain.pcs, rev->then_chain.n);
			ld_enter();
			continue;
		}
		if (ld_find(held, name) == NULL && ld_nedges < LD_MAXEDGES) {
			struct ld_edge *e = &ld_edges[ld_nedges++];
			e->first = held;
			e->then = name;
			e->first_chain = h->held[i].chain;
			e->then_chain = now;
		}
	}
	ld_exit();
}

void
lockdebug_locked(const void *lock, const char *name)
{
	struct lockdebug_held *h = ld_held();

	if (h == NULL || h->nheld == LD_MAXHELD)
		return;
	h->held[h->nheld].lock = lock;
	h->held[h->nheld].name = name;
	h->held[h->nheld].chain.n = rumpuser_callstack(
	    h->held[h->nheld].chain.pcs, LD_MAXPCS);
	h->nheld++;
}

void
lockdebug_unlocked(const void *lock, const char *name, bool owned)
{
	struct lockdebug_held *h = ld_held();

	if (!owned)
		panic("lockdebug: releasing %s, which this lwp does not hold",
		    name);
	if (h == NULL)
		return;
	for (int i = h->nheld - 1; i >= 0; i--) {
		if (h->held[i].lock == lock) {
			for (int j = i; j < h->nheld - 1; j++)
				h->held[j] = h->held[j + 1];
			h->nheld--;
			return;
		}
	}
}

void
lockdebug_free(const void *lock __unused, const char *name, bool held)
{
	if (held)
		panic("lockdebug: destroying %s while it is held", name);
}

#endif /* LOCKDEBUG */
