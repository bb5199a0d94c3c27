/*
 * panic.c: the end of the kernel when its own invariants break.
 *
 * panic prints the message and the calling LWP's call chain, then
 * aborts the process so a debugger or core dump sees the state.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/lwp.h>
#include <rump/rumpuser.h>

static unsigned panicking;

/*
 * Print a call chain.  Each entry is a return address: the byte before
 * it is still in the calling function (after a call to a function that
 * never returns, the return address may already be the next function).
 */
void
db_print_chain(void *const *pcs, int n)
{
	char sym[128];

	for (int i = 0; i < n; i++) {
		rumpuser_symbolize((char *)pcs[i] - 1, sym, sizeof(sym));
		printf("  #%d %s\n", i, sym);
	}
}

void
db_stack_trace(void)
{
	void *pcs[32];
	int n = rumpuser_callstack(pcs, __arraycount(pcs));

	if (n == 0)
		printf("(no call chain available on this host)\n");
	db_print_chain(pcs, n);
}

void
vpanic(const char *fmt, va_list ap)
{
	struct lwp *l = curlwp;

	if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST)) {
		printf("panic: recursive panic\n");
		rumpuser_exit(RUMPUSER_PANIC);
	}
	printf("panic: ");
	vprintf(fmt, ap);
	printf("\n");
	if (l != NULL)
		printf("in lwp %d.%d (%s):\n", l->l_proc->p_pid, l->l_lid,
		    l->l_name);
	db_stack_trace();
	rumpuser_exit(RUMPUSER_PANIC);
}

void
panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(fmt, ap);
}
