/*
 * rump.h: booting the kernel and choosing the process a thread acts as.
 *
 * Link a program with -lrump -lrumpuser (pkg-config rump) and call
 * rump_init() once; then use the system calls in rump_syscalls.h.
 * Errors are the host's errno values.
 */
#ifndef RUMP_RUMP_H
#define RUMP_RUMP_H

#include <stdint.h>
#include <rump/rumpdefs.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lwp;

/*
 * Boot the kernel in this process.  Parameters come from the
 * environment: RUMP_NCPU, RUMP_MEMLIMIT, RUMP_VERBOSE, RUMP_HOSTNAME,
 * RUMP_SYSCALL_TRACE (see rump(3)).  Returns 0, or an errno value:
 * EINVAL for a malformed parameter (a message says which), ENXIO once
 * the kernel has been halted.  Calling it again while running is a
 * no-op returning 0.
 */
int rump_init(void);

/*
 * Processes and LWPs (rump_lwproc(3)).  A thread that never calls these
 * acts as process 1 through an implicit LWP of its own.
 */
/* Make a child of the current process with one LWP and switch the
 * calling thread to it.  flags: RUMP_RFFDG copies the descriptor
 * table, RUMP_RFCFDG starts a clean one, 0 shares it. */
int rump_pub_lwproc_rfork(int flags);
/* Make a new LWP in process pid and switch to it (ESRCH if none). */
int rump_pub_lwproc_newlwp(int pid);
/* Switch the calling thread to l (NULL: to none). */
void rump_pub_lwproc_switch(struct lwp *l);
/* Destroy the calling thread's LWP; its process exits with its last. */
void rump_pub_lwproc_releaselwp(void);
/* The calling thread's LWP, or NULL if it has none or an implicit one. */
struct lwp *rump_pub_lwproc_curlwp(void);

/* The same calls under their rump_lwproc_* names. */
int rump_lwproc_rfork(int flags);
int rump_lwproc_newlwp(int pid);
void rump_lwproc_switch(struct lwp *l);
void rump_lwproc_releaselwp(void);
struct lwp *rump_lwproc_curlwp(void);

/*
 * Enter and leave the kernel around direct calls into kernel code
 * (kernel unit tests, drivers in development).  Nest.
 */
void rump_schedule(void);
void rump_unschedule(void);

/*
 * The raw system-call entry, in the kernel ABI: num from
 * rump_syscallnum.h, arguments as 64-bit slots, result in retval[0..1].
 * Returns 0 or a kernel (RUMP_E*) error.  rump_sys_* wrap this.
 */
int rump_syscall(int num, const uint64_t *args, uint64_t *retval);

#ifdef __cplusplus
}
#endif

#endif /* RUMP_RUMP_H */
