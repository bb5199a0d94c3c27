/*
 * hostabi.h: what the system-call edge shares.
 *
 * Code in the hostabi folders is the one place that knows both ABIs: it sees the
 * host's headers for constants and structure layouts, and the kernel's
 * entry points declared here with plain C types.  It calls no libc
 * function (check-namespace verifies): errno reaches the host through
 * rumpuser_seterrno().
 */
#ifndef LIBRUMP_HOSTABI_H
#define LIBRUMP_HOSTABI_H

#include <stdint.h>
#include <rump/rump.h>
#include <rump/rumpuser.h>

/* Kernel entry points (renamed into rumpns_ with the kernel). */
int kernel_boot(void);
int lwproc_rfork(int flags);
int lwproc_newlwp(int32_t pid);
void lwproc_switch(struct lwp *l);
void lwproc_releaselwp(void);
struct lwp *lwproc_curlwp(void);

/* The host's errno value for a kernel error. */
int hostabi_errno(int kerror);

/*
 * Run system call num with up to six arguments; on error set the
 * caller's errno and return -1, else return retval[0].  Inline, so that
 * a wrapper calls the dispatcher itself.
 */
static inline long long
hostabi_syscall(int num, uint64_t a0, uint64_t a1, uint64_t a2,
    uint64_t a3, uint64_t a4, uint64_t a5)
{
	const uint64_t args[6] = { a0, a1, a2, a3, a4, a5 };
	uint64_t rv[2];
	int error = rump_syscall(num, args, rv);

	if (__builtin_expect(error != 0, 0)) {
		rumpuser_seterrno(error);
		return -1;
	}
	return (long long)rv[0];
}
#define SYSCALL0(n) hostabi_syscall(n, 0, 0, 0, 0, 0, 0)
#define SYSCALL1(n, a) hostabi_syscall(n, a, 0, 0, 0, 0, 0)
#define SYSCALL2(n, a, b) hostabi_syscall(n, a, b, 0, 0, 0, 0)
#define SYSCALL6(n, a, b, c, d, e, f) hostabi_syscall(n, a, b, c, d, e, f)
#define PTR(p) ((uint64_t)(uintptr_t)(p))

#define SYSCALL3(n, a, b, c) hostabi_syscall(n, a, b, c, 0, 0, 0)
#define SYSCALL4(n, a, b, c, d) hostabi_syscall(n, a, b, c, d, 0, 0)
#define SYSCALL5(n, a, b, c, d, e) hostabi_syscall(n, a, b, c, d, e, 0)
#define INT(i) ((uint64_t)(int64_t)(i))
/* Fail a wrapper with a kernel error number. */
#define FAIL(kerr) (rumpuser_seterrno(kerr), -1)

/* Host clock ids to the kernel's; -1 if unknown. */
int hostabi_clockid(int hostclock);

/* fileabi.c: file flags, modes and structures (see there). */
struct stat;
struct iovec;
struct rump_stat;
struct rump_iovec;
int hostabi_oflags_in(int host);
int hostabi_oflags_out(int kern);
/* Device numbers: host dev_t values, widened to 64 bits. */
uint64_t hostabi_dev_in(uint64_t hostdev);
uint64_t hostabi_dev_out(uint64_t kdev);
void hostabi_stat_out(const struct rump_stat *, struct stat *);
int hostabi_pollev_in(int host);
int hostabi_pollev_out(int kern);
/* Kernel-ABI copy of a host iovec array; a kernel error number. */
int hostabi_iov_in(const struct iovec *, int n, struct rump_iovec *kiov);

#endif /* LIBRUMP_HOSTABI_H */
