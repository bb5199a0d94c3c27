/*
 * rumpdefs.h: the kernel's own ABI, the same on every host.
 *
 * Inside the kernel, and on the wire of remote system calls, error
 * numbers, flags and structures have these values, whatever the host
 * uses.  The system-call wrappers translate between them and the host's
 * own in one place.  Every name carries a RUMP_ prefix so this header
 * can be included beside the host's headers.  The numbering follows the
 * rump-kernel tradition (NetBSD's values).
 */
#ifndef RUMP_RUMPDEFS_H
#define RUMP_RUMPDEFS_H

/* Error numbers. */
#define RUMP_EPERM		1
#define RUMP_ENOENT		2
#define RUMP_ESRCH		3
#define RUMP_EINTR		4
#define RUMP_EIO		5
#define RUMP_ENXIO		6
#define RUMP_E2BIG		7
#define RUMP_ENOEXEC		8
#define RUMP_EBADF		9
#define RUMP_ECHILD		10
#define RUMP_EDEADLK		11
#define RUMP_ENOMEM		12
#define RUMP_EACCES		13
#define RUMP_EFAULT		14
#define RUMP_ENOTBLK		15
#define RUMP_EBUSY		16
#define RUMP_EEXIST		17
#define RUMP_EXDEV		18
#define RUMP_ENODEV		19
#define RUMP_ENOTDIR		20
#define RUMP_EISDIR		21
#define RUMP_EINVAL		22
#define RUMP_ENFILE		23
#define RUMP_EMFILE		24
#define RUMP_ENOTTY		25
#define RUMP_ETXTBSY		26
#define RUMP_EFBIG		27
#define RUMP_ENOSPC		28
#define RUMP_ESPIPE		29
#define RUMP_EROFS		30
#define RUMP_EMLINK		31
#define RUMP_EPIPE		32
#define RUMP_EDOM		33
#define RUMP_ERANGE		34
#define RUMP_EAGAIN		35
#define RUMP_EINPROGRESS	36
#define RUMP_EALREADY		37
#define RUMP_ENOTSOCK		38
#define RUMP_EDESTADDRREQ	39
#define RUMP_EMSGSIZE		40
#define RUMP_EPROTOTYPE		41
#define RUMP_ENOPROTOOPT	42
#define RUMP_EPROTONOSUPPORT	43
#define RUMP_ESOCKTNOSUPPORT	44
#define RUMP_EOPNOTSUPP		45
#define RUMP_EPFNOSUPPORT	46
#define RUMP_EAFNOSUPPORT	47
#define RUMP_EADDRINUSE		48
#define RUMP_EADDRNOTAVAIL	49
#define RUMP_ENETDOWN		50
#define RUMP_ENETUNREACH	51
#define RUMP_ENETRESET		52
#define RUMP_ECONNABORTED	53
#define RUMP_ECONNRESET		54
#define RUMP_ENOBUFS		55
#define RUMP_EISCONN		56
#define RUMP_ENOTCONN		57
#define RUMP_ESHUTDOWN		58
#define RUMP_ETOOMANYREFS	59
#define RUMP_ETIMEDOUT		60
#define RUMP_ECONNREFUSED	61
#define RUMP_ELOOP		62
#define RUMP_ENAMETOOLONG	63
#define RUMP_EHOSTDOWN		64
#define RUMP_EHOSTUNREACH	65
#define RUMP_ENOTEMPTY		66
#define RUMP_EUSERS		68
#define RUMP_EDQUOT		69
#define RUMP_ESTALE		70
#define RUMP_EREMOTE		71
#define RUMP_EPROGMISMATCH	75
#define RUMP_ENOLCK		77
#define RUMP_ENOSYS		78
#define RUMP_EIDRM		82
#define RUMP_ENOMSG		83
#define RUMP_EOVERFLOW		84
#define RUMP_EILSEQ		85
#define RUMP_ENOTSUP		86
#define RUMP_ECANCELED		87
#define RUMP_EBADMSG		88
#define RUMP_ENODATA		89
#define RUMP_ENOSR		90
#define RUMP_ENOSTR		91
#define RUMP_ETIME		92
#define RUMP_EMULTIHOP		94
#define RUMP_ENOLINK		95
#define RUMP_EPROTO		96
#define RUMP_ELAST		96

/*
 * The error names both sides know, for the translation tables (an
 * X-macro: RUMP_ERRNO_LIST(F) expands F(name) once per name).
 * RUMP_EPROGMISMATCH has no POSIX counterpart and is not listed.
 */
#define RUMP_ERRNO_LIST(F) \
	F(EPERM) F(ENOENT) F(ESRCH) F(EINTR) F(EIO) F(ENXIO) F(E2BIG) \
	F(ENOEXEC) F(EBADF) F(ECHILD) F(EDEADLK) F(ENOMEM) F(EACCES) \
	F(EFAULT) F(ENOTBLK) F(EBUSY) F(EEXIST) F(EXDEV) F(ENODEV) \
	F(ENOTDIR) F(EISDIR) F(EINVAL) F(ENFILE) F(EMFILE) F(ENOTTY) \
	F(ETXTBSY) F(EFBIG) F(ENOSPC) F(ESPIPE) F(EROFS) F(EMLINK) \
	F(EPIPE) F(EDOM) F(ERANGE) F(EAGAIN) F(EINPROGRESS) F(EALREADY) \
	F(ENOTSOCK) F(EDESTADDRREQ) F(EMSGSIZE) F(EPROTOTYPE) \
	F(ENOPROTOOPT) F(EPROTONOSUPPORT) F(ESOCKTNOSUPPORT) \
	F(EOPNOTSUPP) F(EPFNOSUPPORT) F(EAFNOSUPPORT) F(EADDRINUSE) \
	F(EADDRNOTAVAIL) F(ENETDOWN) F(ENETUNREACH) F(ENETRESET) \
	F(ECONNABORTED) F(ECONNRESET) F(ENOBUFS) F(EISCONN) F(ENOTCONN) \
	F(ESHUTDOWN) F(ETOOMANYREFS) F(ETIMEDOUT) F(ECONNREFUSED) \
	F(ELOOP) F(ENAMETOOLONG) F(EHOSTDOWN) F(EHOSTUNREACH) \
	F(ENOTEMPTY) F(EUSERS) F(EDQUOT) F(ESTALE) F(EREMOTE) F(ENOLCK) \
	F(ENOSYS) F(EIDRM) F(ENOMSG) F(EOVERFLOW) F(EILSEQ) F(ENOTSUP) \
	F(ECANCELED) F(EBADMSG) F(ENODATA) F(ENOSR) F(ENOSTR) F(ETIME) \
	F(EMULTIHOP) F(ENOLINK) F(EPROTO)

/* Clocks (clock_gettime and friends). */
#define RUMP_CLOCK_REALTIME	0
#define RUMP_CLOCK_VIRTUAL	1
#define RUMP_CLOCK_PROF		2
#define RUMP_CLOCK_MONOTONIC	3

/* rump_sys_reboot() howto flags. */
#define RUMP_RB_AUTOBOOT	0x000
#define RUMP_RB_ASKNAME		0x001
#define RUMP_RB_SINGLE		0x002
#define RUMP_RB_NOSYNC		0x004
#define RUMP_RB_HALT		0x008
#define RUMP_RB_DUMP		0x100
#define RUMP_RB_POWERDOWN	(RUMP_RB_HALT | 0x800)

/* rump_pub_lwproc_rfork() flags: neither shares the descriptor table. */
#define RUMP_RFFDG		0x00004	/* copy the descriptor table */
#define RUMP_RFCFDG		0x01000	/* start with a clean one */

/* sysctl: top-level and well-known second-level identifiers. */
#define RUMP_CTL_SYSCTL		0	/* {0,3}: name to identifiers */
#define RUMP_CTL_SYSCTL_NAME2MIB 3
#define RUMP_CTL_KERN		1
#define RUMP_CTL_VM		2
#define RUMP_CTL_VFS		3
#define RUMP_CTL_NET		4
#define RUMP_CTL_DEBUG		5
#define RUMP_CTL_HW		6
#define RUMP_CTL_MAXNAME	12

#define RUMP_KERN_OSTYPE	1
#define RUMP_KERN_OSRELEASE	2
#define RUMP_KERN_OSREV		3
#define RUMP_KERN_VERSION	4
#define RUMP_KERN_MAXPROC	6
#define RUMP_KERN_HOSTNAME	10
#define RUMP_KERN_CLOCKRATE	12
#define RUMP_KERN_BOOTTIME	21

#define RUMP_HW_MACHINE		1
#define RUMP_HW_NCPU		3
#define RUMP_HW_BYTEORDER	4
#define RUMP_HW_PAGESIZE	7
#define RUMP_HW_PHYSMEM64	13
#define RUMP_HW_USERMEM64	14

/* Numbers the kernel gives nodes created at run time start here. */
#define RUMP_CTL_CREATE_BASE	1024

/* Time as the kernel stores and passes it. */
struct rump_timespec {
	__INT64_TYPE__ tv_sec;
	__INT64_TYPE__ tv_nsec;
};

struct rump_timeval {
	__INT64_TYPE__ tv_sec;
	__INT64_TYPE__ tv_usec;
};

#endif /* RUMP_RUMPDEFS_H */
