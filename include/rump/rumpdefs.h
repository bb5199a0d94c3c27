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
#define RUMP_KERN_MAXVNODES	5
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

/* open() flags and the file status flags (fcntl F_GETFL/F_SETFL). */
#define RUMP_O_RDONLY		0x00000000
#define RUMP_O_WRONLY		0x00000001
#define RUMP_O_RDWR		0x00000002
#define RUMP_O_ACCMODE		0x00000003
#define RUMP_O_NONBLOCK		0x00000004
#define RUMP_O_APPEND		0x00000008
#define RUMP_O_SYNC		0x00000080
#define RUMP_O_NOFOLLOW		0x00000100
#define RUMP_O_CREAT		0x00000200
#define RUMP_O_TRUNC		0x00000400
#define RUMP_O_EXCL		0x00000800
#define RUMP_O_NOCTTY		0x00008000
#define RUMP_O_DSYNC		0x00010000
#define RUMP_O_DIRECTORY	0x00200000
#define RUMP_O_CLOEXEC		0x00400000

/* *at() calls. */
#define RUMP_AT_FDCWD		(-100)
#define RUMP_AT_EACCESS		0x0100
#define RUMP_AT_SYMLINK_NOFOLLOW 0x0200
#define RUMP_AT_SYMLINK_FOLLOW	0x0400
#define RUMP_AT_REMOVEDIR	0x0800
#define RUMP_AT_EMPTY_PATH	0x1000

/* access() modes. */
#define RUMP_F_OK		0
#define RUMP_X_OK		1
#define RUMP_W_OK		2
#define RUMP_R_OK		4

/* fcntl() commands and arguments; advisory locks. */
#define RUMP_F_DUPFD		0
#define RUMP_F_GETFD		1
#define RUMP_F_SETFD		2
#define RUMP_F_GETFL		3
#define RUMP_F_SETFL		4
#define RUMP_F_GETLK		7
#define RUMP_F_SETLK		8
#define RUMP_F_SETLKW		9
#define RUMP_F_DUPFD_CLOEXEC	12
#define RUMP_FD_CLOEXEC		1
#define RUMP_F_RDLCK		1
#define RUMP_F_UNLCK		2
#define RUMP_F_WRLCK		3
#define RUMP_LOCK_SH		0x01
#define RUMP_LOCK_EX		0x02
#define RUMP_LOCK_NB		0x04
#define RUMP_LOCK_UN		0x08

struct rump_flock {
	__INT64_TYPE__ l_start;
	__INT64_TYPE__ l_len;		/* 0: to the end of the file, and beyond */
	__INT32_TYPE__ l_pid;
	__INT16_TYPE__ l_type;		/* RUMP_F_RDLCK, _WRLCK, _UNLCK */
	__INT16_TYPE__ l_whence;	/* RUMP_SEEK_* */
};

/* lseek() whence. */
#define RUMP_SEEK_SET		0
#define RUMP_SEEK_CUR		1
#define RUMP_SEEK_END		2
#define RUMP_SEEK_DATA		3
#define RUMP_SEEK_HOLE		4

/* File types and permission bits (st_mode). */
#define RUMP_S_IFMT		0170000
#define RUMP_S_IFIFO		0010000
#define RUMP_S_IFCHR		0020000
#define RUMP_S_IFDIR		0040000
#define RUMP_S_IFBLK		0060000
#define RUMP_S_IFREG		0100000
#define RUMP_S_IFLNK		0120000
#define RUMP_S_IFSOCK		0140000
#define RUMP_S_ISUID		0004000
#define RUMP_S_ISGID		0002000
#define RUMP_S_ISVTX		0001000
#define RUMP_ALLPERMS		0007777

/* Directory entry types (d_type). */
#define RUMP_DT_UNKNOWN		0
#define RUMP_DT_FIFO		1
#define RUMP_DT_CHR		2
#define RUMP_DT_DIR		4
#define RUMP_DT_BLK		6
#define RUMP_DT_REG		8
#define RUMP_DT_LNK		10
#define RUMP_DT_SOCK		12

/* utimensat() special nanosecond values. */
#define RUMP_UTIME_NOW		((1 << 30) - 1)
#define RUMP_UTIME_OMIT		((1 << 30) - 2)

/* Device numbers: major in the high 32 bits, minor in the low. */
#define RUMP_MAKEDEV(ma, mi)	(((__UINT64_TYPE__)(ma) << 32) | (__UINT32_TYPE__)(mi))
#define RUMP_MAJOR(d)		((__UINT32_TYPE__)((d) >> 32))
#define RUMP_MINOR(d)		((__UINT32_TYPE__)(d))

struct rump_stat {
	__UINT64_TYPE__ st_dev;
	__UINT64_TYPE__ st_ino;
	__UINT32_TYPE__ st_mode;
	__UINT32_TYPE__ st_nlink;
	__UINT32_TYPE__ st_uid;
	__UINT32_TYPE__ st_gid;
	__UINT64_TYPE__ st_rdev;
	struct rump_timespec st_atim;
	struct rump_timespec st_mtim;
	struct rump_timespec st_ctim;
	struct rump_timespec st_birthtim;
	__INT64_TYPE__ st_size;
	__INT64_TYPE__ st_blocks;	/* 512-byte units */
	__UINT32_TYPE__ st_blksize;
	__UINT32_TYPE__ st_gen;
};

/*
 * A directory entry as the kernel's getdents produces it: records of
 * d_reclen bytes (a multiple of 8: the 19-byte header, the name and its
 * NUL, rounded up, as Linux packs them, so a buffer holds as many), d_off
 * the position (for lseek) of the entry after this one.
 * rump_sys_getdents converts them to the host's struct dirent.
 */
struct rump_dirent {
	__UINT64_TYPE__ d_fileno;
	__INT64_TYPE__ d_off;
	__UINT16_TYPE__ d_reclen;
	__UINT8_TYPE__ d_type;
	char d_name[];
};
#define RUMP_DIRENT_RECLEN(namelen) \
	((__builtin_offsetof(struct rump_dirent, d_name) + (namelen) + 1 + 7) & \
	 ~(__SIZE_TYPE__)7)
#define RUMP_MAXNAMLEN		255
#define RUMP_PATH_MAX		4096	/* as Linux's PATH_MAX */
#define RUMP_MNAMELEN		1024	/* statvfs's f_mntonname */

/* statvfs(): f_flag carries the mount flags (RUMP_MNT_*). */
struct rump_statvfs {
	__UINT64_TYPE__ f_flag;
	__UINT64_TYPE__ f_bsize;
	__UINT64_TYPE__ f_frsize;
	__UINT64_TYPE__ f_blocks;
	__UINT64_TYPE__ f_bfree;
	__UINT64_TYPE__ f_bavail;
	__UINT64_TYPE__ f_files;
	__UINT64_TYPE__ f_ffree;
	__UINT64_TYPE__ f_favail;
	__UINT64_TYPE__ f_fsid;
	__UINT64_TYPE__ f_namemax;
	char f_fstypename[32];
	char f_mntonname[RUMP_MNAMELEN];
};

/* Mount flags (rump_sys_mount, statvfs f_flag). */
#define RUMP_MNT_RDONLY		0x00000001
#define RUMP_MNT_SYNCHRONOUS	0x00000002
#define RUMP_MNT_NOEXEC		0x00000004
#define RUMP_MNT_NOSUID		0x00000008
#define RUMP_MNT_NODEV		0x00000010
#define RUMP_MNT_NOATIME	0x04000000
#define RUMP_MNT_UPDATE		0x00010000	/* change an existing mount */
#define RUMP_MNT_FORCE		0x00080000	/* unmount: even if busy */

/* poll() events. */
#define RUMP_POLLIN		0x0001
#define RUMP_POLLPRI		0x0002
#define RUMP_POLLOUT		0x0004
#define RUMP_POLLERR		0x0008
#define RUMP_POLLHUP		0x0010
#define RUMP_POLLNVAL		0x0020
#define RUMP_POLLRDNORM		0x0040
#define RUMP_POLLRDBAND		0x0080
#define RUMP_POLLWRBAND		0x0100
#define RUMP_POLLWRNORM		RUMP_POLLOUT

struct rump_pollfd {
	__INT32_TYPE__ fd;
	__INT16_TYPE__ events;
	__INT16_TYPE__ revents;
};

/* A piece of a vectored read or write. */
struct rump_iovec {
	__UINT64_TYPE__ iov_base;
	__UINT64_TYPE__ iov_len;
};
#define RUMP_IOV_MAX		1024
#define RUMP_PIPE_BUF		4096

/* ioctl() requests known to the generic file layer. */
#define RUMP_FIONREAD		0x4004667f
#define RUMP_FIONBIO		0x8004667e

#endif /* RUMP_RUMPDEFS_H */
