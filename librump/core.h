/*
 * core.h: what the files of the kernel core share with each other and
 * nobody else: the subsystems' boot and halt entry points.
 */
#ifndef LIBRUMP_CORE_H
#define LIBRUMP_CORE_H

#include <kern/types.h>
#include <kern/mutex.h>

struct lwp;

/* AddressSanitizer builds: kernel allocators poison what is free. */
#if defined(__SANITIZE_ADDRESS__)
#define KASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KASAN 1
#endif
#endif
#ifdef KASAN
void __asan_poison_memory_region(void const volatile *, size_t);
void __asan_unpoison_memory_region(void const volatile *, size_t);
#define KASAN_POISON(p, n)	__asan_poison_memory_region((p), (n))
#define KASAN_UNPOISON(p, n)	__asan_unpoison_memory_region((p), (n))
#else
#define KASAN_POISON(p, n)	((void)(p), (void)(n))
#define KASAN_UNPOISON(p, n)	((void)(p), (void)(n))
#endif

/* mem.c */
void mem_init(uint64_t limit);
bool mem_reserve_flags(size_t size, int flags);
/* size bytes aligned to align from the host, reserved first (kmem.c). */
void *mem_host_alloc(size_t size, size_t align, int flags);
void mem_host_free(void *p, size_t size);
/* The size-class pools; after the scheduler, before any kmem_alloc. */
int kmem_init(void);
/* pool.c */
void pool_subsystem_init(void);
/* scheduler.c */
int sched_init(unsigned n);
/* Sleep queues of the kernel's locks (sleepq.c). */
struct rumpuser_mtx;
struct rumpuser_cv;
enum sleepq_class { SLEEPQ_MUTEX, SLEEPQ_RW, SLEEPQ_CV, SLEEPQ_NCLASS };
struct sleepq {
	struct rumpuser_mtx *sq_mtx;
	struct rumpuser_cv *sq_cv;	/* mutexes, rwlocks: waiters */
} __aligned(CACHE_LINE_SIZE);
void sleepq_init(void);
struct sleepq *sleepq_of(enum sleepq_class, const void *obj);
/* Mutexes without the lock checker's bookkeeping (for cv_wait). */
void mutex_enter_nodebug(kmutex_t *);
void mutex_exit_nodebug(kmutex_t *);
void sched_hyp_unschedule(void);
void sched_hyp_schedule(void);
/* lwproc.c */
int proc_init(void);
void lwp_hostexit(struct lwp *l);
/* time.c */
void time_init(void);
/* callout.c */
int callout_startup(void);
void callout_shutdown(void);
/* softint.c */
void softint_startup(void);
void softint_shutdown(void);
/* kthread.c */
extern volatile bool kthread_stopping;
/* sysctl.c, sysctl_kern.c */
int sysctl_startup(void);
int sysctl_syscalls_init(void);
int sysctl_kern_init(const char *hostname, uint64_t hostmem);
const char *sysctl_hostname(void);
/* syscall.c */
extern bool syscall_trace;
int syscall_startup(void);
int sys_cred_init(void);
int sys_time_init(void);
int sys_reboot_init(void);
/* component.c */
int component_init_all(void);
void shutdownhook_run(void);
const char *component_names(char *buf, size_t len);
/* rump.c: the public entry points (rump.h) call these. */
int kernel_boot(void);
void rump_schedule(void);
void rump_unschedule(void);
int rump_syscall(int num, const uint64_t *args, uint64_t *retval);

#endif /* LIBRUMP_CORE_H */
