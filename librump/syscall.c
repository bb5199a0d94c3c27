/*
 * syscall.c: the system-call table and its dispatcher.
 *
 * rump_syscall() is the one way into the kernel for a system call: the
 * host-ABI wrappers (rump_sys_*) and, later, the remote-call server
 * come through here.  It takes a virtual CPU for the calling thread's
 * LWP (an implicit one if the thread has none), runs the call, traces
 * it when asked, and gives the CPU back.
 */
#include <kern/systm.h>
#include <kern/syscall.h>
#include <kern/lwp.h>
#include <kern/sched.h>
#include <kern/component.h>
#include <kern/rwlock.h>
#include <kern/atomic.h>
#include "core.h"

static struct sysent sysent[RUMP_SYS_NSYSENT];
static kmutex_t sysent_lock;		/* serialises changes to sysent */
bool syscall_trace;

int
syscall_startup(void)
{
	mutex_init(&sysent_lock, MUTEX_DEFAULT, IPL_NONE);
	return sysctl_syscalls_init();
}

int
syscall_establish(const struct sysent *table)
{
	const struct sysent *e;

	mutex_enter(&sysent_lock);
	for (e = table; e->sy_call != NULL; e++) {
		if (e->sy_num < 0 || e->sy_num >= RUMP_SYS_NSYSENT ||
		    sysent[e->sy_num].sy_call != NULL) {
			for (const struct sysent *u = table; u != e; u++)
				atomic_store_relaxed(&sysent[u->sy_num].sy_call,
				    NULL);
			mutex_exit(&sysent_lock);
			return EEXIST;
		}
		/* The entry first, then (release) the function that
		 * makes it live: the dispatcher reads it with acquire. */
		sysent[e->sy_num].sy_num = e->sy_num;
		sysent[e->sy_num].sy_name = e->sy_name;
		sysent[e->sy_num].sy_argfmt = e->sy_argfmt;
		atomic_store_release(&sysent[e->sy_num].sy_call, e->sy_call);
	}
	mutex_exit(&sysent_lock);
	return 0;
}

void
syscall_disestablish(const struct sysent *table)
{
	mutex_enter(&sysent_lock);
	for (const struct sysent *e = table; e->sy_call != NULL; e++)
		atomic_store_relaxed(&sysent[e->sy_num].sy_call, NULL);
	mutex_exit(&sysent_lock);
}

static void
syscall_trace_print(struct lwp *l, const struct sysent *sy,
    const syscallarg_t *args, int error, const syscallarg_t *retval)
{
	char line[256], str[48];
	size_t n, done;

	n = (size_t)snprintf(line, sizeof(line), "[%d.%d] %s(", l->l_proc->p_pid,
	    l->l_lid, sy->sy_name);
	for (int i = 0; sy->sy_argfmt[i] != '\0' && n < sizeof(line); i++) {
		const char *sep = i ? ", " : "";
		switch (sy->sy_argfmt[i]) {
		case 'd':
			n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%lld",
			    sep, (long long)args[i]);
			break;
		case 'u':
			n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%llu",
			    sep, (unsigned long long)args[i]);
			break;
		case 's':
			if (copyinstr(SCARG_PTR(args, i), str, sizeof(str), &done) == 0) {
				n += (size_t)snprintf(line + n, sizeof(line) - n,
				    "%s\"%s\"", sep, str);
				break;
			}
			/* FALLTHROUGH */
		default:
			n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%#llx",
			    sep, (unsigned long long)args[i]);
			break;
		}
	}
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	if (error)
		snprintf(line + n, sizeof(line) - n, ") = -1 error %d\n", error);
	else
		snprintf(line + n, sizeof(line) - n, ") = %lld\n",
		    (long long)retval[0]);
	log(LOG_NOTICE, "%s", line);
}

int
rump_syscall(int num, const syscallarg_t *args, syscallarg_t *retval)
{
	const struct sysent *sy;
	sy_call_t call;
	struct lwp *l;
	int error;

	if (__predict_false(kernel_state != KSTATE_RUNNING))
		return ENXIO;
	if (__predict_false((unsigned)num >= RUMP_SYS_NSYSENT))
		return ENOSYS;
	sy = &sysent[num];
	if (__predict_false((call = atomic_load_acquire(&sy->sy_call)) == NULL))
		return ENOSYS;
	if (__predict_false((l = lwp_enter()) == NULL))
		return ENOMEM;
	retval[0] = retval[1] = 0;
	error = call(l, args, retval);
	if (__predict_false(syscall_trace))
		syscall_trace_print(l, sy, args, error, retval);
	lwp_leave(l);
	return error;
}
