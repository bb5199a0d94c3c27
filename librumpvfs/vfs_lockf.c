/*
 * vfs_lockf.c: advisory locks on vnodes.  POSIX record locks (fcntl
 * F_GETLK, F_SETLK, F_SETLKW) are owned by a process and cover byte
 * ranges; flock() locks are owned by an open file and cover the whole
 * file.  The two kinds are independent of each other, as on Linux.
 *
 * A lock covers [ll_start, ll_end], ll_end LF_EOF meaning "to the end
 * of the file and beyond".  A process's POSIX locks on a vnode never
 * overlap, and two of the same type never touch: setting a lock
 * replaces the owner's locks in its range and merges with neighbours
 * of its type.  Shared (F_RDLCK) and exclusive (F_WRLCK) locks of
 * different owners conflict unless both are shared.
 *
 * Waiting: a thread that must wait sleeps on its vnode's lf_cv, which
 * is broadcast whenever a lock on the vnode goes or weakens, and then
 * tries again.  A POSIX waiter is also an edge of the waits-for graph:
 * while it sleeps, its request is on lf_waiters, and it waits for
 * every process holding a lock that conflicts with the request.
 * Before sleeping, a process looks for a path in that graph from the
 * holders of what it wants back to itself (EDEADLK).  For this the
 * graph walk must read the POSIX locks of other vnodes than its own:
 * lf_graph_lock covers lf_waiters and every change to any lf_posix
 * list, so holding it alone keeps them all still.
 *
 * Lock order: v_lock (only for the size, never held with the rest),
 * then v_interlock, then lf_graph_lock.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/component.h>
#include <kern/condvar.h>
#include <kern/filedesc.h>
#include <kern/kmem.h>
#include <kern/lwp.h>
#include <kern/mutex.h>
#include <kern/queue.h>
#include <kern/vnode.h>
#include <rump/rumpdefs.h>
#include "vfs_private.h"

#define LF_EOF	INT64_MAX

/* One lock, on its vnode's lf_posix or lf_flock list. */
struct lf_lock {
	struct lf_lock *ll_next;	/* next on the list, by ll_start */
	void *ll_owner;			/* struct proc, or struct file (flock) */
	off_t ll_start;
	off_t ll_end;			/* inclusive; LF_EOF: no end */
	pid_t ll_pid;			/* F_GETLK's l_pid: -1 for flock */
	short ll_type;			/* RUMP_F_RDLCK or _WRLCK */
};

/*
 * A vnode's advisory locks (v_lockf): made for its first lock, freed
 * when no lock and no waiter is left.  The vnode's v_interlock covers
 * every field; changes to lf_posix also hold lf_graph_lock.
 */
struct lockf {
	struct lf_lock *lf_posix;	/* POSIX record locks */
	struct lf_lock *lf_flock;	/* flock locks */
	unsigned lf_nwaiters;		/* threads asleep on lf_cv */
	kcondvar_t lf_cv;		/* a lock went or weakened */
};

/* A thread asleep waiting for a POSIX lock: under lf_graph_lock. */
struct lf_waiter {
	struct list_node w_entry;	/* on lf_waiters */
	struct lockf *w_lf;		/* the vnode's locks it waits on */
	struct lf_lock w_req;		/* what it wants, and for whom */
	struct lf_waiter *w_work;	/* graph walk: next to visit */
	uint64_t w_gen;			/* graph walk: visited in this one */
};

static kmutex_t lf_graph_lock;
static struct list_node lf_waiters = LIST_HEAD_INIT(lf_waiters);
static uint64_t lf_gen;

static bool
lf_overlaps(const struct lf_lock *l, off_t start, off_t end)
{
	return l->ll_start <= end && start <= l->ll_end;
}

/* Whether lock l stands in the way of request req (F_UNLCK: never). */
static bool
lf_conflicts(const struct lf_lock *l, const struct lf_lock *req)
{
	return req->ll_type != RUMP_F_UNLCK && l->ll_owner != req->ll_owner &&
	    lf_overlaps(l, req->ll_start, req->ll_end) &&
	    (l->ll_type == RUMP_F_WRLCK || req->ll_type == RUMP_F_WRLCK);
}

/* The first lock on list l that stands in the way of req, or NULL. */
static struct lf_lock *
lf_first_conflict(struct lf_lock *l, const struct lf_lock *req)
{
	for (; l != NULL; l = l->ll_next)
		if (lf_conflicts(l, req))
			return l;
	return NULL;
}

/* Whether l is a lock of req's type that req overlaps or touches. */
static bool
lf_mergeable(const struct lf_lock *l, const struct lf_lock *req)
{
	return l->ll_type == req->ll_type &&
	    (lf_overlaps(l, req->ll_start, req->ll_end) ||
	    (l->ll_end != LF_EOF && l->ll_end + 1 == req->ll_start) ||
	    (req->ll_end != LF_EOF && req->ll_end + 1 == l->ll_start));
}

static void
lf_insert(struct lf_lock **pp, struct lf_lock *n)
{
	while (*pp != NULL && (*pp)->ll_start <= n->ll_start)
		pp = &(*pp)->ll_next;
	n->ll_next = *pp;
	*pp = n;
}

static void
lf_push(struct lf_lock **list, struct lf_lock *l)
{
	l->ll_next = *list;
	*list = l;
}

static struct lf_lock *
lf_pop(struct lf_lock **list)
{
	struct lf_lock *l = *list;

	KASSERT(l != NULL);
	*list = l->ll_next;
	return l;
}

/*
 * How many more lock records setting req (a lock, or F_UNLCK) on list
 * l needs than it frees: one for the lock itself, one for a lock of
 * the owner split in two, less each lock merged or covered whole.
 */
static int
lf_posix_need(const struct lf_lock *l, const struct lf_lock *req)
{
	int need = req->ll_type != RUMP_F_UNLCK;

	for (; l != NULL; l = l->ll_next) {
		if (l->ll_owner != req->ll_owner)
			continue;
		if (lf_mergeable(l, req))
			need--;
		else if (!lf_overlaps(l, req->ll_start, req->ll_end))
			continue;
		else if (l->ll_start < req->ll_start && l->ll_end > req->ll_end)
			need++;
		else if (l->ll_start >= req->ll_start && l->ll_end <= req->ll_end)
			need--;
	}
	return need;
}

/*
 * Set req (a lock, or F_UNLCK) for its owner on *head: the owner's
 * locks in its range go, split or trimmed, and those of its type that
 * it touches merge into it.  Records come from and go to *spare,
 * which holds at least lf_posix_need() of them.
 */
static void
lf_posix_apply(struct lf_lock **head, const struct lf_lock *req,
    struct lf_lock **spare)
{
	struct lf_lock **pp, *l, *cut = NULL, *n;
	off_t start = req->ll_start, end = req->ll_end;

	/* Take the owner's locks in the way off the list.  Because they
	 * neither overlap nor touch each other, growing the range over a
	 * merged one brings no other lock into it. */
	for (pp = head; (l = *pp) != NULL;) {
		if (l->ll_owner != req->ll_owner ||
		    (!lf_mergeable(l, req) &&
		    !lf_overlaps(l, req->ll_start, req->ll_end))) {
			pp = &l->ll_next;
			continue;
		}
		*pp = l->ll_next;
		if (l->ll_type == req->ll_type) {
			start = MIN(start, l->ll_start);
			end = MAX(end, l->ll_end);
			lf_push(spare, l);
		} else
			lf_push(&cut, l);
	}
	/* Locks of the other type keep what lies outside the range. */
	while (cut != NULL) {
		l = lf_pop(&cut);
		if (l->ll_start < start && l->ll_end > end) {
			n = lf_pop(spare);
			*n = *l;
			n->ll_start = end + 1;
			l->ll_end = start - 1;
			lf_insert(head, n);
			lf_insert(head, l);
		} else if (l->ll_start < start) {
			l->ll_end = start - 1;
			lf_insert(head, l);
		} else if (l->ll_end > end) {
			l->ll_start = end + 1;
			lf_insert(head, l);
		} else
			lf_push(spare, l);
	}
	if (req->ll_type != RUMP_F_UNLCK) {
		n = lf_pop(spare);
		*n = *req;
		n->ll_start = start;
		n->ll_end = end;
		lf_insert(head, n);
	}
}

/*
 * Graph walk: push onto *work the waiters (not yet visited) of every
 * owner holding a lock on list l that stands in the way of want.
 * True if one of those owners is me: waiting would close a cycle.
 * The caller holds lf_graph_lock.
 */
static bool
lf_push_holders(const struct lf_lock *l, const struct lf_lock *want,
    void *me, uint64_t gen, struct lf_waiter **work)
{
	struct lf_waiter *w;

	for (; l != NULL; l = l->ll_next) {
		if (!lf_conflicts(l, want))
			continue;
		if (l->ll_owner == me)
			return true;
		list_foreach(w, &lf_waiters, struct lf_waiter, w_entry) {
			if (w->w_req.ll_owner != l->ll_owner || w->w_gen == gen)
				continue;
			w->w_gen = gen;
			w->w_work = *work;
			*work = w;
		}
	}
	return false;
}

/*
 * Whether req's owner, waiting for req on lf, would wait for itself:
 * whether a holder of a lock in req's way waits, directly or through
 * other processes, for a lock req's owner holds.  The caller holds
 * lf_graph_lock.
 */
static bool
lf_deadlock(const struct lockf *lf, const struct lf_lock *req)
{
	struct lf_waiter *work = NULL, *w;
	uint64_t gen = ++lf_gen;

	if (lf_push_holders(lf->lf_posix, req, req->ll_owner, gen, &work))
		return true;
	while ((w = work) != NULL) {
		work = w->w_work;
		if (lf_push_holders(w->w_lf->lf_posix, &w->w_req,
		    req->ll_owner, gen, &work))
			return true;
	}
	return false;
}

/* F_GETLK's answer: lock l in the way, or none. */
static void
lf_report(const struct lf_lock *l, struct rump_flock *fl)
{
	if (l == NULL) {
		fl->l_type = RUMP_F_UNLCK;
		return;
	}
	fl->l_type = l->ll_type;
	fl->l_whence = RUMP_SEEK_SET;
	fl->l_start = l->ll_start;
	fl->l_len = l->ll_end == LF_EOF ? 0 : l->ll_end - l->ll_start + 1;
	fl->l_pid = l->ll_pid;
}

/* The vnode's lock state, made if it has none; NULL if memory is
 * short.  Called and returns with v_interlock held, dropping it to
 * allocate. */
static struct lockf *
lf_state_get(struct vnode *vp)
{
	struct lockf *lf;

	if (vp->v_lockf != NULL)
		return vp->v_lockf;
	mutex_exit(&vp->v_interlock);
	lf = kmem_zalloc(sizeof(*lf), KM_SLEEP);
	if (lf != NULL)
		cv_init(&lf->lf_cv, "lockf");
	mutex_enter(&vp->v_interlock);
	if (vp->v_lockf == NULL)
		atomic_store_release(&vp->v_lockf, lf);
	else if (lf != NULL) {
		/* Another thread made one meanwhile. */
		cv_destroy(&lf->lf_cv);
		kmem_free(lf, sizeof(*lf));
	}
	return vp->v_lockf;
}

/* Take the vnode's lock state off it if nothing is left in it; the
 * caller frees what this returns once v_interlock is released. */
static struct lockf *
lf_state_drop(struct vnode *vp)
{
	struct lockf *lf = vp->v_lockf;

	if (lf == NULL || lf->lf_posix != NULL || lf->lf_flock != NULL ||
	    lf->lf_nwaiters > 0)
		return NULL;
	atomic_store_relaxed(&vp->v_lockf, NULL);
	return lf;
}

/*
 * Sleep until a lock on vp goes or weakens.  v_interlock is held; if
 * w is not NULL, lf_graph_lock is too, and w's request joins the
 * waits-for graph while the thread sleeps.  Returns with v_interlock
 * held and lf_graph_lock not.
 */
static void
lf_sleep(struct vnode *vp, struct lockf *lf, struct lf_waiter *w)
{
	if (w != NULL) {
		w->w_lf = lf;
		w->w_gen = lf_gen;
		list_insert_tail(&lf_waiters, &w->w_entry);
		mutex_exit(&lf_graph_lock);
	}
	lf->lf_nwaiters++;
	cv_wait(&lf->lf_cv, &vp->v_interlock);
	lf->lf_nwaiters--;
	if (w != NULL) {
		mutex_enter(&lf_graph_lock);
		list_remove(&w->w_entry);
		mutex_exit(&lf_graph_lock);
	}
}

static void
lf_wakeup(struct lockf *lf)
{
	if (lf->lf_nwaiters > 0)
		cv_broadcast(&lf->lf_cv);
}

/*
 * The lock state of vp for a request, made on its first lock (v_interlock
 * held).  0 with *lfp NULL: the request is answered already (F_GETLK or
 * an unlock on a vnode without locks); ENOLCK when memory is short.
 */
static int
lf_state_for(struct vnode *vp, int op, const struct lf_lock *req,
    struct rump_flock *fl, struct lockf **lfp)
{
	if ((*lfp = vp->v_lockf) != NULL)
		return 0;
	if (op == RUMP_F_GETLK) {
		lf_report(NULL, fl);
		return 0;
	}
	if (req->ll_type == RUMP_F_UNLCK)
		return 0;
	return (*lfp = lf_state_get(vp)) == NULL ? ENOLCK : 0;
}

/* POSIX record locks: op for req on vp.  Called and returns with
 * v_interlock held; records not used are left in *spare. */
static int
lf_posix(struct vnode *vp, int op, struct lf_lock *req,
    struct rump_flock *fl, struct lf_lock **spare)
{
	struct lf_waiter w = { .w_req = *req };
	struct lf_lock *l;
	struct lockf *lf;
	int need, have, error;

	for (;;) {
		if ((error = lf_state_for(vp, op, req, fl, &lf)) != 0 ||
		    lf == NULL)
			return error;
		mutex_enter(&lf_graph_lock);
		l = lf_first_conflict(lf->lf_posix, req);
		if (op == RUMP_F_GETLK) {
			lf_report(l, fl);
			mutex_exit(&lf_graph_lock);
			return 0;
		}
		if (l != NULL) {
			if (op == RUMP_F_SETLK || lf_deadlock(lf, req)) {
				mutex_exit(&lf_graph_lock);
				return op == RUMP_F_SETLK ? EAGAIN : EDEADLK;
			}
			lf_sleep(vp, lf, &w);
			continue;
		}
		need = lf_posix_need(lf->lf_posix, req);
		have = 0;
		for (l = *spare; l != NULL && have < need; l = l->ll_next)
			have++;
		if (have >= need)
			break;
		/* Get the records and look again: the list may change. */
		mutex_exit(&lf_graph_lock);
		mutex_exit(&vp->v_interlock);
		for (; have < need; have++) {
			if ((l = kmem_alloc(sizeof(*l), KM_SLEEP)) == NULL)
				break;
			lf_push(spare, l);
		}
		mutex_enter(&vp->v_interlock);
		if (have < need)
			return ENOLCK;
	}
	lf_posix_apply(&lf->lf_posix, req, spare);
	mutex_exit(&lf_graph_lock);
	lf_wakeup(lf);
	return 0;
}

/* flock locks: op for req (whole file) on vp.  Called and returns
 * with v_interlock held; a record not used is left in *spare. */
static int
lf_flock(struct vnode *vp, int op, const struct lf_lock *req,
    struct rump_flock *fl, struct lf_lock **spare)
{
	struct lf_lock **pp, *l;
	struct lockf *lf;
	int error;

	for (;;) {
		if ((error = lf_state_for(vp, op, req, fl, &lf)) != 0 ||
		    lf == NULL)
			return error;
		if (op == RUMP_F_GETLK) {
			lf_report(lf_first_conflict(lf->lf_flock, req), fl);
			return 0;
		}
		/* The file's own lock goes first, even to be converted: two
		 * holders of a shared lock that both ask for an exclusive
		 * one would otherwise wait for each other. */
		for (pp = &lf->lf_flock; (l = *pp) != NULL; pp = &l->ll_next)
			if (l->ll_owner == req->ll_owner)
				break;
		if (l != NULL) {
			if (l->ll_type == req->ll_type)
				return 0;
			*pp = l->ll_next;
			lf_push(spare, l);
			lf_wakeup(lf);
		}
		if (req->ll_type == RUMP_F_UNLCK)
			return 0;
		if (lf_first_conflict(lf->lf_flock, req) != NULL) {
			if (op == RUMP_F_SETLK)
				return EAGAIN;
			lf_sleep(vp, lf, NULL);
			continue;
		}
		if (*spare != NULL)
			break;
		mutex_exit(&vp->v_interlock);
		l = kmem_alloc(sizeof(*l), KM_SLEEP);
		mutex_enter(&vp->v_interlock);
		if (l == NULL)
			return ENOLCK;
		lf_push(spare, l);
	}
	l = lf_pop(spare);
	*l = *req;
	lf_insert(&lf->lf_flock, l);
	return 0;
}

/* The current size of vp's file, for RUMP_SEEK_END. */
static int
lf_filesize(struct vnode *vp, off_t *sizep)
{
	struct vattr va;
	int error;

	if (vp->v_op == NULL || vp->v_op->vop_getattr == NULL)
		return EINVAL;
	memset(&va, 0, sizeof(va));
	vn_lock(vp, RW_READER);
	error = vp->v_op->vop_getattr(vp, &va);
	vn_unlock(vp);
	*sizep = va.va_size;
	return error;
}

/* The byte range [*startp, *endp] that fl describes. */
static int
lf_range(struct vnode *vp, const struct rump_flock *fl, off_t offset,
    off_t *startp, off_t *endp)
{
	off_t base, start, end;
	int error;

	switch (fl->l_whence) {
	case RUMP_SEEK_SET:
		base = 0;
		break;
	case RUMP_SEEK_CUR:
		base = offset;
		break;
	case RUMP_SEEK_END:
		if ((error = lf_filesize(vp, &base)) != 0)
			return error;
		break;
	default:
		return EINVAL;
	}
	/* Past the largest offset: EOVERFLOW, as POSIX and Linux say. */
	if (__builtin_add_overflow(base, fl->l_start, &start))
		return EOVERFLOW;
	if (start < 0)
		return EINVAL;
	if (fl->l_len > 0) {
		if (__builtin_add_overflow(start, fl->l_len - 1, &end))
			return EOVERFLOW;
	} else if (fl->l_len < 0) {
		/* POSIX 2008: the l_len bytes before l_start. */
		end = start - 1;
		start += fl->l_len;
		if (start < 0)
			return EINVAL;
	} else
		end = LF_EOF;
	*startp = start;
	*endp = end;
	return 0;
}

int
vfs_advlock(struct vnode *vp, void *owner, int op, struct rump_flock *fl,
    int flags, off_t offset)
{
	struct lf_lock req = { .ll_owner = owner, .ll_type = fl->l_type };
	struct lf_lock *spare = NULL;
	struct lockf *gone;
	int error;

	if (op != RUMP_F_GETLK && op != RUMP_F_SETLK && op != RUMP_F_SETLKW)
		return EINVAL;
	switch (fl->l_type) {
	case RUMP_F_RDLCK:
	case RUMP_F_WRLCK:
		break;
	case RUMP_F_UNLCK:
		if (op != RUMP_F_GETLK)
			break;
		/* FALLTHROUGH */
	default:
		return EINVAL;
	}
	if (flags & FL_FLOCK) {
		req.ll_start = 0;
		req.ll_end = LF_EOF;
		req.ll_pid = -1;
	} else {
		error = lf_range(vp, fl, offset, &req.ll_start, &req.ll_end);
		if (error != 0)
			return error;
		req.ll_pid = ((struct proc *)owner)->p_pid;
	}
	/* Unlocking where nobody ever locked (every close does). */
	if (op == RUMP_F_SETLK && req.ll_type == RUMP_F_UNLCK &&
	    atomic_load_acquire(&vp->v_lockf) == NULL)
		return 0;

	mutex_enter(&vp->v_interlock);
	if (flags & FL_FLOCK)
		error = lf_flock(vp, op, &req, fl, &spare);
	else
		error = lf_posix(vp, op, &req, fl, &spare);
	gone = lf_state_drop(vp);
	mutex_exit(&vp->v_interlock);

	while (spare != NULL) {
		struct lf_lock *l = lf_pop(&spare);

		kmem_free(l, sizeof(*l));
	}
	if (gone != NULL) {
		cv_destroy(&gone->lf_cv);
		kmem_free(gone, sizeof(*gone));
	}
	return error;
}

COMPONENT(COMPONENT_VFS, vfs_lockf)
{
	mutex_init(&lf_graph_lock, MUTEX_DEFAULT, IPL_NONE);
	return 0;
}
