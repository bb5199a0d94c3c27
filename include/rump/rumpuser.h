/*
 * rumpuser.h: the hypercall interface, the whole contract between the
 * kernel and the host it runs on.
 *
 * The kernel reaches the host only through the functions declared here.
 * librumpuser implements them on POSIX (threads, mmap, files); another
 * host is another implementation of this header.
 *
 * Conventions:
 *  - Functions returning int return 0 on success or a *kernel* errno
 *    value (RUMP_E* from rumpdefs.h); host errno values are translated
 *    inside the implementation and never reach the kernel.
 *  - "Blocks" marks a call that may wait for the host.  Such a call gives
 *    the caller's virtual CPU back before waiting (through the
 *    hyp_unschedule upcall) and takes one again before returning
 *    (hyp_schedule).  "Never blocks" calls, and the *_nowrap variants,
 *    keep the virtual CPU.
 *  - Blocking calls made by a thread outside the kernel (bound to no LWP,
 *    such as a block I/O thread) simply block: there is no CPU to give.
 *
 * This header may be included by host code and by kernel code alike: it
 * uses only the compiler's own fixed-width types.
 */
#ifndef RUMP_RUMPUSER_H
#define RUMP_RUMPUSER_H

/*
 * Bumped whenever any declaration or contract below changes.  A kernel
 * passes the version it was built against to rumpuser_init(), which
 * refuses any other.
 */
#define RUMPUSER_VERSION 2

#ifdef __cplusplus
extern "C" {
#endif

struct lwp;

typedef __SIZE_TYPE__ rumpuser_size_t;
typedef __INT64_TYPE__ rumpuser_int64_t;
typedef __UINT64_TYPE__ rumpuser_uint64_t;

/*
 * Upcalls: the kernel functions the hypercall layer calls back.
 */
struct rumpuser_hyperup {
	/* Give back the calling thread's virtual CPU before it blocks in
	 * the host; the thread stays bound to its LWP. */
	void (*hyp_unschedule)(void);
	/* Take a virtual CPU again after blocking. */
	void (*hyp_schedule)(void);
	/* A host thread that was bound to LWP l (rumpuser_curlwp_set) is
	 * exiting.  Called from that thread, without a virtual CPU. */
	void (*hyp_lwp_hostexit)(struct lwp *l);
};

/*
 * Initialise the hypercall layer.  version must be RUMPUSER_VERSION;
 * otherwise a message naming both versions is printed and RUMP_EPROGMISMATCH
 * returned.  hyp is kept for the life of the process.
 */
int rumpuser_init(int version, const struct rumpuser_hyperup *hyp);

/*
 * Parameters.  Copies the value of parameter name into buf as a
 * NUL-terminated string, normalised:
 *   RUMP_NCPU      a positive decimal number; "host" becomes the host's
 *                  CPU count; default (unset) is the host's CPU count.
 *   RUMP_MEMLIMIT  bytes as a decimal number; k, m, g suffixes (either
 *                  case, powers of 1024) are expanded; default "0" means
 *                  no limit.
 *   RUMP_VERBOSE   "0" or "1"; default "0".
 *   RUMP_HOSTNAME  a host name of at most 255 bytes; default "rump-PID".
 *   RUMP_SYSCALL_TRACE  "0" or "1"; default "0".
 *   RUMPUSER_HOSTMEM  not a setting: the host's physical memory in
 *                  bytes (0 if unknown).
 * Returns ENOENT for an unknown name, ENAMETOOLONG if buf is too small,
 * and EINVAL for a malformed value, after printing a message that names
 * the variable, the value and what was expected.  Never blocks.
 */
int rumpuser_getparam(const char *name, char *buf, rumpuser_size_t buflen);

/*
 * Memory.
 */
/* Allocate len bytes aligned to alignment (a power of two, 0 meaning
 * the natural alignment).  ENOMEM on failure.  Never blocks. */
int rumpuser_malloc(rumpuser_size_t len, rumpuser_size_t alignment, void **memp);
/* Free memory from rumpuser_malloc; len is the length allocated. */
void rumpuser_free(void *mem, rumpuser_size_t len);
/* Map len bytes of zeroed anonymous memory, readable and writable, and
 * executable if exec is set.  ENOMEM on failure.  Never blocks. */
int rumpuser_anonmmap(rumpuser_size_t len, int exec, void **memp);
/* Unmap memory from rumpuser_anonmmap. */
void rumpuser_unmap(void *addr, rumpuser_size_t len);

/*
 * Threads.
 */
/* Start a host thread running f(arg), named name (possibly truncated).
 * If joinable, *tptr receives a handle for rumpuser_thread_join;
 * otherwise the thread is detached and tptr may be NULL.  The new thread
 * holds no virtual CPU and is bound to no LWP.  EAGAIN or ENOMEM on
 * failure.  Never blocks. */
int rumpuser_thread_create(void *(*f)(void *), void *arg, const char *name,
    int joinable, void **tptr);
/* End the calling thread.  It must not hold a virtual CPU. */
void rumpuser_thread_exit(void) __attribute__((__noreturn__));
/* Wait for a joinable thread to end and release its handle.  Blocks. */
int rumpuser_thread_join(void *tptr);

/* The LWP the calling thread is bound to, or NULL.  Never blocks.  The
 * kernel keeps a copy of its own (lwp_curtls), read on every system
 * call; this one names the owners of the hypercall layer's locks. */
struct lwp *rumpuser_curlwp(void);
/* Bind the calling thread to l (NULL unbinds).  While a thread is bound,
 * its exit calls hyp_lwp_hostexit(l) first. */
void rumpuser_curlwp_set(struct lwp *l);

/*
 * Asymmetric memory barrier: a full barrier that other threads need not
 * pay for.  On return 0, every other thread of the process has passed,
 * at some moment during the call, a point where it executed a full
 * memory barrier: what it did before that point in its program order is
 * visible to the caller, and what it does after sees everything the
 * caller did before the call.  ("Program order" is the compiler's
 * output: code on the other side keeps the compiler from moving
 * accesses with __atomic_signal_fence(__ATOMIC_SEQ_CST).)  The call is
 * also a full barrier for the caller.  RUMP_ENOTSUP where the host has
 * no such barrier: then it never has, and the kernel must not rely on
 * it.  The first call may be slow; later ones take microseconds.  Safe
 * from any thread; never blocks.
 */
int rumpuser_membarrier(void);

/*
 * Locks.  Mutexes, reader/writer locks and condition variables of the
 * host.  The "enter" and "wait" calls block: when the lock is not free
 * at once they release the virtual CPU while waiting, unless named
 * *_nowrap, which keep it (for spin mutexes and the scheduler itself).
 */
struct rumpuser_mtx;
struct rumpuser_rw;
struct rumpuser_cv;

#define RUMPUSER_MTX_SPIN	0x01	/* held only briefly: enter spins */
#define RUMPUSER_MTX_KMUTEX	0x02	/* record the owner LWP */

int rumpuser_mutex_init(struct rumpuser_mtx **mtxp, int flags);
void rumpuser_mutex_enter(struct rumpuser_mtx *mtx);
void rumpuser_mutex_enter_nowrap(struct rumpuser_mtx *mtx);
/* 0 if taken, RUMP_EBUSY if not.  Never blocks. */
int rumpuser_mutex_tryenter(struct rumpuser_mtx *mtx);
void rumpuser_mutex_exit(struct rumpuser_mtx *mtx);
void rumpuser_mutex_destroy(struct rumpuser_mtx *mtx);
/* Owner LWP of a RUMPUSER_MTX_KMUTEX mutex, or NULL if free. */
struct lwp *rumpuser_mutex_owner(struct rumpuser_mtx *mtx);

enum rumpuser_rwlock { RUMPUSER_RW_READER, RUMPUSER_RW_WRITER };
int rumpuser_rw_init(struct rumpuser_rw **rwp);
void rumpuser_rw_enter(struct rumpuser_rw *rw, enum rumpuser_rwlock how);
/* 0 if taken, RUMP_EBUSY if not.  Never blocks. */
int rumpuser_rw_tryenter(struct rumpuser_rw *rw, enum rumpuser_rwlock how);
void rumpuser_rw_exit(struct rumpuser_rw *rw);
/* Writer to reader without letting another writer in.  Never blocks. */
void rumpuser_rw_downgrade(struct rumpuser_rw *rw);
/* Reader to writer if the caller is the only reader: 0, else RUMP_EBUSY
 * and the read hold is kept.  Never blocks. */
int rumpuser_rw_tryupgrade(struct rumpuser_rw *rw);
/* Whether the lock is held as asked (by the caller for a writer, by
 * anyone for readers). */
int rumpuser_rw_held(struct rumpuser_rw *rw, enum rumpuser_rwlock how);
void rumpuser_rw_destroy(struct rumpuser_rw *rw);

int rumpuser_cv_init(struct rumpuser_cv **cvp);
void rumpuser_cv_destroy(struct rumpuser_cv *cv);
/* Release mtx, wait for a signal, take mtx again.  Blocks. */
void rumpuser_cv_wait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx);
void rumpuser_cv_wait_nowrap(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx);
/* As rumpuser_cv_wait, for at most sec seconds plus nsec nanoseconds
 * (relative).  0 when signalled, RUMP_ETIMEDOUT when the time ran out.
 * Blocks. */
int rumpuser_cv_timedwait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx,
    rumpuser_int64_t sec, long nsec);
void rumpuser_cv_signal(struct rumpuser_cv *cv);
void rumpuser_cv_broadcast(struct rumpuser_cv *cv);
/* Number of threads waiting; the caller holds the mutex used to wait. */
int rumpuser_cv_has_waiters(struct rumpuser_cv *cv);

/*
 * Time.
 */
#define RUMPUSER_CLOCK_RELWALL	0	/* wall clock, since the epoch */
#define RUMPUSER_CLOCK_ABSMONO	1	/* monotonic, from an arbitrary start */
/* Read a clock.  Never blocks. */
int rumpuser_clock_gettime(int which, rumpuser_int64_t *sec, long *nsec);
/* Sleep: RUMPUSER_CLOCK_RELWALL for an interval, RUMPUSER_CLOCK_ABSMONO
 * until a monotonic deadline.  Blocks. */
int rumpuser_clock_sleep(int which, rumpuser_int64_t sec, long nsec);

/*
 * Entropy, console, exit.
 */
/* Fill buf with up to buflen random bytes from the host, *retp set to
 * the number written.  Never blocks. */
int rumpuser_getrandom(void *buf, rumpuser_size_t buflen, rumpuser_size_t *retp);
/* Write len bytes to the host's console (standard error).  Never
 * blocks in a way the kernel can see. */
void rumpuser_console_write(const char *buf, rumpuser_size_t len);
#define RUMPUSER_PANIC (-1)
/* End the process with status value, or abort it (core dump) when value
 * is RUMPUSER_PANIC. */
void rumpuser_exit(int value) __attribute__((__noreturn__));
/* Set the calling thread's host errno to the host's value for the
 * kernel errno value kerror (used at the system-call edge). */
void rumpuser_seterrno(int kerror);

/*
 * Diagnostics.
 */
/* Store up to max return addresses of the calling thread's stack in
 * pcs, innermost first, and return how many were stored (0 where the
 * host cannot tell). */
int rumpuser_callstack(void **pcs, int max);
/* Describe code address pc ("function+0x1c" or "object+0x1234") into
 * buf.  Never fails: an unknown address is printed as a number. */
void rumpuser_symbolize(void *pc, char *buf, rumpuser_size_t buflen);

/*
 * Host files.
 */
#define RUMPUSER_OPEN_RDONLY	0x0000
#define RUMPUSER_OPEN_WRONLY	0x0001
#define RUMPUSER_OPEN_RDWR	0x0002
#define RUMPUSER_OPEN_ACCMODE	0x0003
#define RUMPUSER_OPEN_CREATE	0x0004	/* create if it does not exist */
#define RUMPUSER_OPEN_EXCL	0x0008	/* with CREATE: fail if it exists */
/* Open host file path; *fdp receives a descriptor.  Blocks. */
int rumpuser_open(const char *path, int ruflags, int *fdp);
/* Close a descriptor from rumpuser_open.  Blocks. */
int rumpuser_close(int fd);

#define RUMPUSER_FT_OTHER	0
#define RUMPUSER_FT_DIR		1
#define RUMPUSER_FT_REG		2
#define RUMPUSER_FT_BLK		3
#define RUMPUSER_FT_CHR		4
/* Size in bytes (for a block device, its capacity) and type of host
 * file path.  Either pointer may be NULL.  Blocks. */
int rumpuser_getfileinfo(const char *path, rumpuser_uint64_t *sizep, int *typep);

struct rumpuser_iovec {
	void *iov_base;
	rumpuser_size_t iov_len;
};
/* Positional vector read and write at byte offset off; *retp receives
 * the number of bytes moved (short only at end of file).  Blocks. */
int rumpuser_iovread(int fd, struct rumpuser_iovec *iov, rumpuser_size_t iovlen,
    rumpuser_int64_t off, rumpuser_size_t *retp);
int rumpuser_iovwrite(int fd, const struct rumpuser_iovec *iov,
    rumpuser_size_t iovlen, rumpuser_int64_t off, rumpuser_size_t *retp);

/*
 * Asynchronous block I/O.  rumpuser_bio queues the request and returns
 * at once; a host I/O thread (one of a small pool) does it and then
 * calls biodone(arg, bytes_moved, error).  biodone runs in that I/O
 * thread, which holds no virtual CPU and is bound to no LWP: it enters
 * the kernel itself if it must.  RUMPUSER_BIO_SYNC makes a write
 * reach stable storage before biodone; with no data it flushes the
 * file.  Never blocks.
 */
#define RUMPUSER_BIO_READ	0x01
#define RUMPUSER_BIO_WRITE	0x02
#define RUMPUSER_BIO_SYNC	0x04
typedef void (*rumpuser_biodone_fn)(void *arg, rumpuser_size_t done, int error);
void rumpuser_bio(int fd, int op, void *data, rumpuser_size_t dlen,
    rumpuser_int64_t off, rumpuser_biodone_fn biodone, void *arg);

/* Flush file fd's data (and metadata) to stable storage.  Blocks. */
int rumpuser_syncfd(int fd);

#ifdef __cplusplus
}
#endif

#endif /* RUMP_RUMPUSER_H */
