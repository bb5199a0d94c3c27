/*
 * lwproc.c: processes and LWPs, and the lwproc interface that lets a
 * host thread choose which process it acts as.
 *
 * proc_lock covers the pid hash and parent/child links; each process's
 * p_lock covers its LWP list and credentials.  Lock order: proc_lock
 * before p_lock.  A process lives while it has LWPs: releasing its last
 * one makes it exit, giving its children to process 1.
 */
#include <kern/systm.h>
#include <kern/lwp.h>
#include <kern/sched.h>
#include <kern/kmem.h>
#include <kern/atomic.h>
#include <kern/filedesc.h>
#include <rump/rumpdefs.h>
#include <kern/component.h>
#include "core.h"

#define PID_MAX		30000
#define PIDHASH_SIZE	64

struct proc proc0;
struct proc *initproc;
kmutex_t proc_lock;

static struct list_node pidhash[PIDHASH_SIZE];
static pid_t pid_next = 2;		/* under proc_lock */
static unsigned nprocs;			/* under proc_lock */
static unsigned nlwps;			/* atomic */

static struct list_node *
pidhash_head(pid_t pid)
{
	return &pidhash[(unsigned)pid % PIDHASH_SIZE];
}

static struct proc *
proc_lookup(pid_t pid)
{
	struct proc *p;

	KASSERT(mutex_owned(&proc_lock));
	list_foreach(p, pidhash_head(pid), struct proc, p_hash)
		if (p->p_pid == pid)
			return p;
	return NULL;
}

static void
proc_setup(struct proc *p, pid_t pid, struct proc *parent)
{
	p->p_pid = pid;
	p->p_stat = PROC_ACTIVE;
	p->p_pptr = parent;
	p->p_nextlid = 1;
	list_init(&p->p_children);
	list_init(&p->p_lwps);
	mutex_init(&p->p_lock, MUTEX_DEFAULT, IPL_NONE);
	list_insert_tail(pidhash_head(pid), &p->p_hash);
	if (parent != NULL)
		list_insert_tail(&parent->p_children, &p->p_sibling);
	else
		list_init(&p->p_sibling);
	nprocs++;
}

int
proc_init(void)
{
	int error;

	mutex_init(&proc_lock, MUTEX_DEFAULT, IPL_NONE);
	for (unsigned i = 0; i < PIDHASH_SIZE; i++)
		list_init(&pidhash[i]);
	if ((proc0.p_cred = kauth_cred_alloc_root()) == NULL)
		return ENOMEM;
	if ((error = fd_table_create(NULL, 0, &proc0.p_fd)) != 0)
		return error;
	strlcpy(proc0.p_comm, "system", sizeof(proc0.p_comm));
	mutex_enter(&proc_lock);
	proc_setup(&proc0, 0, NULL);
	mutex_exit(&proc_lock);
	if ((error = proc_create(&proc0, RUMP_RFCFDG, &initproc)) != 0)
		return error;
	strlcpy(initproc->p_comm, "init", sizeof(initproc->p_comm));
	return 0;
}

static struct list_node proc_hooks = LIST_HEAD_INIT(proc_hooks);

void
proc_hook_register(struct proc_hook *ph)
{
	KASSERT(kernel_state == KSTATE_BOOTING);
	list_insert_tail(&proc_hooks, &ph->ph_entry);
}

/* Run the fork hooks for child; undo those that ran if one fails. */
static int
proc_hooks_fork(struct proc *parent, struct proc *child)
{
	struct proc_hook *ph, *undo;
	int error;

	list_foreach(ph, &proc_hooks, struct proc_hook, ph_entry) {
		if ((error = ph->ph_fork(parent, child)) == 0)
			continue;
		list_foreach(undo, &proc_hooks, struct proc_hook, ph_entry) {
			if (undo == ph)
				break;
			undo->ph_exit(child);
		}
		return error;
	}
	return 0;
}

static void
proc_hooks_exit(struct proc *p)
{
	struct proc_hook *ph;

	list_foreach(ph, &proc_hooks, struct proc_hook, ph_entry)
		ph->ph_exit(p);
}

int
proc_create(struct proc *parent, int fdflags, struct proc **pp)
{
	struct proc *p;
	pid_t pid;
	int error;

	if ((p = kmem_zalloc(sizeof(*p), KM_SLEEP)) == NULL)
		return ENOMEM;
	if ((error = fd_table_create(parent->p_fd, fdflags, &p->p_fd)) != 0) {
		kmem_free(p, sizeof(*p));
		return error;
	}
	mutex_enter(&parent->p_lock);
	p->p_cred = parent->p_cred;
	kauth_cred_hold(p->p_cred);
	mutex_exit(&parent->p_lock);
	strlcpy(p->p_comm, parent->p_comm, sizeof(p->p_comm));
	if ((error = proc_hooks_fork(parent, p)) != 0) {
		kauth_cred_free(p->p_cred);
		fd_table_release(p->p_fd, p);
		kmem_free(p, sizeof(*p));
		return error;
	}

	mutex_enter(&proc_lock);
	for (int tries = 0; initproc != NULL; tries++) {
		if (tries == PID_MAX) {
			mutex_exit(&proc_lock);
			proc_hooks_exit(p);
			kauth_cred_free(p->p_cred);
			fd_table_release(p->p_fd, p);
			kmem_free(p, sizeof(*p));
			return EAGAIN;
		}
		pid = pid_next;
		pid_next = pid_next >= PID_MAX ? 2 : pid_next + 1;
		if (proc_lookup(pid) == NULL)
			break;
	}
	if (initproc == NULL)
		pid = 1;	/* process 1 is made at boot, right after 0 */
	proc_setup(p, pid, parent);
	mutex_exit(&proc_lock);
	*pp = p;
	return 0;
}

/* The last LWP is gone: take the process out of the tree and free it. */
static void
proc_exit(struct proc *p)
{
	struct proc *child, *tmp;

	mutex_enter(&proc_lock);
	p->p_stat = PROC_EXITING;
	list_remove(&p->p_hash);
	list_remove(&p->p_sibling);
	list_foreach_safe(child, tmp, &p->p_children, struct proc, p_sibling) {
		list_remove(&child->p_sibling);
		child->p_pptr = initproc;
		list_insert_tail(&initproc->p_children, &child->p_sibling);
	}
	nprocs--;
	mutex_exit(&proc_lock);

	proc_hooks_exit(p);
	fd_table_release(p->p_fd, p);
	kauth_cred_free(p->p_cred);
	mutex_destroy(&p->p_lock);
	kmem_free(p, sizeof(*p));
}

unsigned
proc_count(void)
{
	return nprocs;
}

unsigned
lwp_count(void)
{
	return atomic_load_relaxed(&nlwps);
}

/* Memory only: usable by a thread that holds no CPU yet. */
static struct lwp *
lwp_alloc(struct proc *p, int flags)
{
	struct lwp *l = kmem_zalloc(sizeof(*l), KM_NOSLEEP);

	if (l == NULL)
		return NULL;
	l->l_proc = p;
	l->l_flag = flags;
	list_init(&l->l_sibling);
	atomic_inc_uint(&nlwps);
	return l;
}

/* Link l into its process; the caller holds a CPU. */
static void
lwp_attach(struct lwp *l)
{
	struct proc *p = l->l_proc;

	mutex_enter(&p->p_lock);
	l->l_lid = p->p_nextlid++;
	l->l_cred = p->p_cred;
	kauth_cred_hold(l->l_cred);
	list_insert_tail(&p->p_lwps, &l->l_sibling);
	p->p_nlwps++;
	mutex_exit(&p->p_lock);
	snprintf(l->l_name, sizeof(l->l_name), "%s/%d", p->p_comm, l->l_lid);
}

int
lwp_create(struct proc *p, int flags, struct lwp **lp)
{
	struct lwp *l = lwp_alloc(p, flags);

	if (l == NULL)
		return ENOMEM;
	lwp_attach(l);
	*lp = l;
	return 0;
}

/* Unlink l from its process; true if it was the last LWP. */
static bool
lwp_detach(struct lwp *l)
{
	struct proc *p = l->l_proc;
	bool last;

	mutex_enter(&p->p_lock);
	list_remove(&l->l_sibling);
	last = --p->p_nlwps == 0 && p != &proc0 && p != initproc;
	mutex_exit(&p->p_lock);
	return last;
}

/* Free l's memory (kernel memory: a pool's lock, held anonymously if
 * the caller has no LWP; nothing that waits for a CPU). */
static void
lwp_free(struct lwp *l)
{
	if (l->l_cred != NULL)
		kauth_cred_free(l->l_cred);
	kmem_free(l, sizeof(*l));
	atomic_dec_uint(&nlwps);
}

void
lwp_destroy(struct lwp *l)
{
	struct proc *p = l->l_proc;

	KASSERT(atomic_load_relaxed(&l->l_bound) == 0);
	if (lwp_detach(l))
		proc_exit(p);
	sched_unbias(l);
	lwp_free(l);
}

/*
 * Destroy the calling thread's own LWP and leave the kernel.  Everything
 * that may block runs while the thread is still bound to l; after the
 * thread is unbound only plain frees remain.
 */
void
lwp_exit(void)
{
	struct lwp *l = curlwp;
	struct cpu_info *ci;

	if (!(l->l_flag & LW_UNLINKED) && lwp_detach(l))
		proc_exit(l->l_proc);
	sched_unbias(l);
	ci = l->l_cpu;
	l->l_cpu = NULL;
	curlwp_set(NULL);
	lwp_free(l);
	sched_leave_cpu(ci);
}

void
lwp_cred_refresh(struct lwp *l)
{
	struct proc *p = l->l_proc;
	kauth_cred_t old = l->l_cred;

	if (l->l_flag & LW_UNLINKED) {
		l->l_flag &= ~LW_UNLINKED;
		lwp_attach(l);
		return;
	}
	mutex_enter(&p->p_lock);
	l->l_cred = p->p_cred;
	kauth_cred_hold(l->l_cred);
	mutex_exit(&p->p_lock);
	kauth_cred_free(old);
}

__thread struct lwp *lwp_curtls __attribute__((__tls_model__("initial-exec")));

void
curlwp_set(struct lwp *l)
{
	lwp_curtls = l;
	rumpuser_curlwp_set(l);
}

/* Bind the calling thread to l; false if another thread has it. */
static bool
lwp_bind(struct lwp *l)
{
	if (__atomic_exchange_n(&l->l_bound, 1, __ATOMIC_ACQUIRE) != 0)
		return false;
	curlwp_set(l);
	return true;
}

static void
lwp_unbind(struct lwp *l)
{
	curlwp_set(NULL);
	__atomic_store_n(&l->l_bound, 0, __ATOMIC_RELEASE);
}

/*
 * A host thread calling in with no LWP gets an implicit one in process
 * 1, kept until the thread exits (lwp_hostexit) or switches away, so
 * later calls from the same thread cost nothing extra.  It is made
 * before the thread holds a CPU, so only memory is touched here (kernel
 * memory takes a pool's lock anonymously); it is linked into process 1
 * on its first kernel entry (lwp_cred_refresh sees it has no
 * credentials yet).
 */
struct lwp *
lwp_current_or_implicit(void)
{
	struct lwp *l = curlwp;

	if (__predict_true(l != NULL))
		return l;
	if ((l = lwp_alloc(initproc, LW_IMPLICIT | LW_UNLINKED)) == NULL)
		return NULL;
	lwp_bind(l);
	return l;
}

/* lwp_enter when the thread has no LWP yet or is already in the kernel. */
struct lwp *
lwp_enter_slow(void)
{
	struct lwp *l = lwp_current_or_implicit();

	if (l == NULL)
		return NULL;
	if (l->l_cpu != NULL) {
		l->l_schedcnt++;
		return l;
	}
	sched_enter(l);
	if (l->l_cred != l->l_proc->p_cred)
		lwp_cred_refresh(l);
	return l;
}

void
lwp_leave_nested(struct lwp *l)
{
	l->l_schedcnt--;
}

/* The host thread bound to l is exiting. */
void
lwp_hostexit(struct lwp *l)
{
	if (l->l_flag & LW_IMPLICIT) {
		sched_enter(l);
		lwp_exit();
	} else {
		/* An explicit LWP outlives its thread and may be switched to. */
		lwp_unbind(l);
	}
}

/* Leave the kernel, the thread bound to next instead of cur (an
 * implicit cur dies). */
static void
lwproc_leave_to(struct lwp *cur, struct lwp *next)
{
	if (cur->l_flag & LW_IMPLICIT) {
		lwp_exit();
	} else {
		sched_leave(cur);
		lwp_unbind(cur);
	}
	if (next != NULL)
		(void)lwp_bind(next);	/* new: nobody else can have it */
}

int
lwproc_rfork(int flags)
{
	struct lwp *cur, *l;
	struct proc *p;
	int error;

	if (kernel_state != KSTATE_RUNNING)
		return ENXIO;
	if ((flags & ~(RUMP_RFFDG | RUMP_RFCFDG)) != 0 ||
	    (flags & (RUMP_RFFDG | RUMP_RFCFDG)) == (RUMP_RFFDG | RUMP_RFCFDG))
		return EINVAL;
	if ((cur = lwp_enter()) == NULL)
		return ENOMEM;
	if ((error = proc_create(cur->l_proc, flags, &p)) == 0 &&
	    (error = lwp_create(p, 0, &l)) != 0)
		proc_exit(p);
	if (error != 0) {
		lwp_leave(cur);
		return error;
	}
	lwproc_leave_to(cur, l);
	return 0;
}

int
lwproc_newlwp(pid_t pid)
{
	struct lwp *cur, *l;
	struct proc *p;
	int error;

	if (kernel_state != KSTATE_RUNNING)
		return ENXIO;
	if ((cur = lwp_enter()) == NULL)
		return ENOMEM;
	mutex_enter(&proc_lock);
	p = proc_lookup(pid);
	if (p == NULL || p->p_stat != PROC_ACTIVE || p == &proc0)
		error = ESRCH;
	else	/* proc_lock keeps p alive until its new LWP is linked */
		error = lwp_create(p, 0, &l);
	mutex_exit(&proc_lock);
	if (error != 0) {
		lwp_leave(cur);
		return error;
	}
	lwproc_leave_to(cur, l);
	return 0;
}

void
lwproc_switch(struct lwp *l)
{
	struct lwp *cur = curlwp;

	if (l == cur)
		return;
	if (l != NULL && atomic_load_relaxed(&l->l_bound)) {
		log(LOG_WARNING, "lwproc_switch: lwp %d.%d is in use by "
		    "another thread\n", l->l_proc->p_pid, l->l_lid);
		return;
	}
	if (cur != NULL && (cur->l_flag & LW_IMPLICIT)) {
		sched_enter(cur);
		lwp_exit();
	} else if (cur != NULL) {
		lwp_unbind(cur);
	}
	/* Another thread may have bound l since the check: then stay unbound. */
	if (l != NULL && !lwp_bind(l))
		log(LOG_WARNING, "lwproc_switch: lwp %d.%d was taken by "
		    "another thread\n", l->l_proc->p_pid, l->l_lid);
}

void
lwproc_releaselwp(void)
{
	struct lwp *cur = curlwp;

	if (cur == NULL) {
		log(LOG_WARNING, "lwproc_releaselwp: no lwp to release\n");
		return;
	}
	sched_enter(cur);
	lwp_exit();
}

struct lwp *
lwproc_curlwp(void)
{
	struct lwp *l = curlwp;

	return l == NULL || (l->l_flag & LW_IMPLICIT) ? NULL : l;
}
