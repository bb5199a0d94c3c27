/*
 * syscall.h: the system-call table.
 *
 * One table, indexed by the kernel ABI's numbers (rump_syscallnum.h).
 * Each faction establishes its calls when its component initialises.
 * Arguments arrive as an array of 64-bit slots in the kernel ABI:
 * integers sign- or zero-extended, pointers as caller addresses that
 * only copyin/copyout may touch.  A call returns 0 or an errno value
 * and puts its results in retval[0] (and retval[1]).
 */
#ifndef KERN_SYSCALL_H
#define KERN_SYSCALL_H

#include <kern/types.h>
#include <rump/rump_syscallnum.h>

struct lwp;

typedef uint64_t syscallarg_t;
typedef int (*sy_call_t)(struct lwp *, const syscallarg_t *args,
    syscallarg_t *retval);

/*
 * sy_argfmt gives one letter per argument, for the trace: d (signed),
 * u (unsigned), x (hex), p (pointer), s (string, copied in to print).
 */
struct sysent {
	int sy_num;
	sy_call_t sy_call;
	const char *sy_name;
	const char *sy_argfmt;
};

/* Add calls from a table ended by an entry with sy_call NULL.  A
 * number already taken, or out of range, is an error (EEXIST); then
 * none of the table is added. */
int syscall_establish(const struct sysent *table);
void syscall_disestablish(const struct sysent *table);

#define SCARG_INT(args, i) ((int)(args)[i])
#define SCARG_PTR(args, i) ((void *)(uintptr_t)(args)[i])

#endif /* KERN_SYSCALL_H */
