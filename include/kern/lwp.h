/*
 * lwp.h: light-weight processes (kernel threads of control) and
 * processes.
 *
 * Every host thread in the kernel is bound to an LWP, and every LWP
 * belongs to a process.  Process 0 holds the kernel's own threads;
 * process 1 holds the implicit LWPs made for host threads that call in
 * without setting up a context.
 */
#ifndef KERN_LWP_H
#define KERN_LWP_H

#include <kern/types.h>
#include <kern/queue.h>
#include <kern/mutex.h>
#include <kern/kauth.h>
#include <rump/rumpuser.h>

struct cpu_info;
struct cwdinfo;
struct filedesc;
struct lockdebug_held;

#define LW_IMPLICIT	0x01	/* made on demand for a plain host thread */
#define LW_SYSTEM	0x02	/* kernel thread */
#define LW_UNLINKED	0x04	/* implicit, not yet linked into its process */
#define LW_MUSTJOIN	0x10	/* kernel thread that kthread_join frees */
#define LW_HYPBLOCK	0x08	/* CPU given back around a blocking hypercall */

struct lwp {
	/* Fast path: read on every kernel entry. */
	struct cpu_info *l_cpu;		/* CPU held, NULL outside the kernel */
	struct cpu_info *l_lastcpu;	/* CPU to try first next time */
	struct proc *l_proc;
	kauth_cred_t l_cred;		/* cached from l_proc->p_cred */
	int l_flag;			/* LW_*; changed by the owning thread */
	int l_schedcnt;			/* nested kernel entries (rump_schedule) */
	unsigned l_bound;		/* atomic: a host thread is bound to it */
	/* A CPU biased to it (scheduler.c). */
	struct cpu_info *l_biascpu;	/* atomic; changed under sched_mtx */
	unsigned l_biasstate;		/* atomic, own thread: the CPU's
					 * ci_qsgen when out, ci_qsgen | 1 in */
	unsigned l_biasrevoke;		/* atomic: l_biascpu is wanted back */
	/* Slow path. */
	lwpid_t l_lid;
	struct list_node l_sibling;	/* on p_lwps, under p_lock */
	char l_name[24];
	void *l_hostthread;		/* joinable host thread of a kthread */
	struct lockdebug_held *l_locks;	/* debug builds: locks held */
	int l_pszdepth;			/* debug builds: read sections entered */
};

#define PROC_ACTIVE	1
#define PROC_EXITING	2

struct proc {
	pid_t p_pid;
	int p_stat;			/* PROC_*, under proc_lock */
	struct proc *p_pptr;		/* parent, under proc_lock */
	struct list_node p_children;	/* under proc_lock */
	struct list_node p_sibling;	/* on parent's p_children */
	struct list_node p_hash;	/* pid hash, under proc_lock */
	kmutex_t p_lock;		/* covers the fields below */
	kauth_cred_t p_cred;
	struct list_node p_lwps;
	unsigned p_nlwps;
	lwpid_t p_nextlid;
	struct filedesc *p_fd;		/* set at creation, then constant */
	struct cwdinfo *p_cwdi;		/* the VFS's: directories, umask */
	char p_comm[24];
};

extern struct proc proc0;
extern struct proc *initproc;	/* process 1 */
extern kmutex_t proc_lock;

/*
 * The calling thread's LWP (NULL if none is bound).  The hypercall
 * layer keeps the binding (rumpuser_curlwp_set: it reports the exits of
 * bound threads); the kernel keeps a copy in its own thread-local
 * variable, read on every system call without a call into the
 * hypercall layer.  Initial-exec: one load relative to the thread
 * pointer, also in the shared libraries.  curlwp_set changes both.
 */
extern __thread struct lwp *lwp_curtls
    __attribute__((__tls_model__("initial-exec")));
#define curlwp (lwp_curtls)
void curlwp_set(struct lwp *l);
#define curproc (curlwp->l_proc)

/* Create a process as a child of parent with a copy of its credentials;
 * fdflags are RUMP_RFFDG (copy table), RUMP_RFCFDG (new table) or 0
 * (share).  The new process has no LWP yet. */
int proc_create(struct proc *parent, int fdflags, struct proc **pp);
/* Find an active process by pid; returns it held (proc_rele later). */
struct proc *proc_find(pid_t pid);
/* An LWP in process p, not yet bound to any thread. */
int lwp_create(struct proc *p, int flags, struct lwp **lp);
/* Destroy an LWP bound to no thread; the process exits with its last. */
void lwp_destroy(struct lwp *l);
/* The calling thread's LWP, making an implicit one if it has none
 * (NULL if memory is short). */
struct lwp *lwp_current_or_implicit(void);
/* Entering and leaving the kernel from outside: sched.h. */
/* Destroy the calling thread's own LWP and leave the kernel. */
void lwp_exit(void);
/* Refresh l's cached credentials after its process changed them. */
void lwp_cred_refresh(struct lwp *l);
/* Number of live processes and LWPs (for tests and leak checks). */
unsigned proc_count(void);
unsigned lwp_count(void);

/*
 * What a faction keeps per process: ph_fork gives a new child what it
 * inherits from its parent (0 or an errno value, which fails the
 * fork), ph_exit lets go of it.  Registered during boot.
 */
struct proc_hook {
	int (*ph_fork)(struct proc *parent, struct proc *child);
	void (*ph_exit)(struct proc *);
	struct list_node ph_entry;
};
void proc_hook_register(struct proc_hook *);

/* lwproc operations behind rump_pub_lwproc_*. */
int lwproc_rfork(int flags);
int lwproc_newlwp(pid_t pid);
void lwproc_switch(struct lwp *l);
void lwproc_releaselwp(void);
struct lwp *lwproc_curlwp(void);

#endif /* KERN_LWP_H */
