/*
 * rump_syscallnum.h: system-call numbers of the kernel ABI.
 *
 * These identify system calls in rump_syscall() and on the wire of
 * remote system calls.  The numbering follows the rump-kernel tradition
 * (NetBSD's numbers), so it stays stable as calls are added.
 */
#ifndef RUMP_RUMP_SYSCALLNUM_H
#define RUMP_RUMP_SYSCALLNUM_H

#define RUMP_SYS_getpid		20
#define RUMP_SYS_setuid		23
#define RUMP_SYS_getuid		24
#define RUMP_SYS_geteuid	25
#define RUMP_SYS_getppid	39
#define RUMP_SYS_getegid	43
#define RUMP_SYS_getgid		47
#define RUMP_SYS_getgroups	79
#define RUMP_SYS_setgroups	80
#define RUMP_SYS_setreuid	126
#define RUMP_SYS_setregid	127
#define RUMP_SYS_setgid		181
#define RUMP_SYS_setegid	182
#define RUMP_SYS_seteuid	183
#define RUMP_SYS___sysctl	202
#define RUMP_SYS_reboot		208
#define RUMP_SYS_gettimeofday	418
#define RUMP_SYS_clock_gettime	427
#define RUMP_SYS_clock_getres	429
#define RUMP_SYS_nanosleep	430

#define RUMP_SYS_NSYSENT	512
#define RUMP_SYS_MAXARGS	8

#endif /* RUMP_RUMP_SYSCALLNUM_H */
