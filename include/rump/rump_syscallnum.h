/*
 * rump_syscallnum.h: system-call numbers of the kernel ABI.
 *
 * These identify system calls in rump_syscall() and on the wire of
 * remote system calls.  The numbering follows the rump-kernel tradition
 * (NetBSD's numbers), so it stays stable as calls are added.
 */
#ifndef RUMP_RUMP_SYSCALLNUM_H
#define RUMP_RUMP_SYSCALLNUM_H

#define RUMP_SYS_read		3
#define RUMP_SYS_write		4
#define RUMP_SYS_open		5
#define RUMP_SYS_close		6
#define RUMP_SYS_link		9
#define RUMP_SYS_unlink		10
#define RUMP_SYS_chdir		12
#define RUMP_SYS_fchdir		13
#define RUMP_SYS_chmod		15
#define RUMP_SYS_chown		16
#define RUMP_SYS_getpid		20
#define RUMP_SYS_unmount	22
#define RUMP_SYS_setuid		23
#define RUMP_SYS_getuid		24
#define RUMP_SYS_geteuid	25
#define RUMP_SYS_access		33
#define RUMP_SYS_sync		36
#define RUMP_SYS_getppid	39
#define RUMP_SYS_dup		41
#define RUMP_SYS_pipe		42
#define RUMP_SYS_getegid	43
#define RUMP_SYS_getgid		47
#define RUMP_SYS_ioctl		54
#define RUMP_SYS_symlink	57
#define RUMP_SYS_readlink	58
#define RUMP_SYS_umask		60
#define RUMP_SYS_chroot		61
#define RUMP_SYS_getgroups	79
#define RUMP_SYS_setgroups	80
#define RUMP_SYS_dup2		90
#define RUMP_SYS_fcntl		92
#define RUMP_SYS_fsync		95
#define RUMP_SYS_readv		120
#define RUMP_SYS_writev		121
#define RUMP_SYS_fchown		123
#define RUMP_SYS_fchmod		124
#define RUMP_SYS_setreuid	126
#define RUMP_SYS_setregid	127
#define RUMP_SYS_rename		128
#define RUMP_SYS_flock		131
#define RUMP_SYS_mkfifo		132
#define RUMP_SYS_mkdir		136
#define RUMP_SYS_rmdir		137
#define RUMP_SYS_pread		173
#define RUMP_SYS_pwrite		174
#define RUMP_SYS_setgid		181
#define RUMP_SYS_setegid	182
#define RUMP_SYS_seteuid	183
#define RUMP_SYS_lseek		199
#define RUMP_SYS_truncate	200
#define RUMP_SYS_ftruncate	201
#define RUMP_SYS___sysctl	202
#define RUMP_SYS_reboot		208
#define RUMP_SYS_poll		209
#define RUMP_SYS_fdatasync	241
#define RUMP_SYS_lchmod		274
#define RUMP_SYS_lchown		275
#define RUMP_SYS_preadv		289
#define RUMP_SYS_pwritev	290
#define RUMP_SYS___getcwd	296
#define RUMP_SYS_statvfs1	357
#define RUMP_SYS_fstatvfs1	358
#define RUMP_SYS_getdents	390
#define RUMP_SYS_mount		410
#define RUMP_SYS_select		417
#define RUMP_SYS_gettimeofday	418
#define RUMP_SYS_utimes		420
#define RUMP_SYS_clock_gettime	427
#define RUMP_SYS_clock_getres	429
#define RUMP_SYS_nanosleep	430
#define RUMP_SYS_pollts		437
#define RUMP_SYS_stat		439
#define RUMP_SYS_fstat		440
#define RUMP_SYS_lstat		441
#define RUMP_SYS_mknod		450
#define RUMP_SYS_pipe2		453
#define RUMP_SYS_dup3		454
#define RUMP_SYS_linkat		457
#define RUMP_SYS_renameat	458
#define RUMP_SYS_mkfifoat	459
#define RUMP_SYS_mknodat	460
#define RUMP_SYS_mkdirat	461
#define RUMP_SYS_faccessat	462
#define RUMP_SYS_fchmodat	463
#define RUMP_SYS_fchownat	464
#define RUMP_SYS_fstatat	466
#define RUMP_SYS_utimensat	467
#define RUMP_SYS_openat		468
#define RUMP_SYS_readlinkat	469
#define RUMP_SYS_symlinkat	470
#define RUMP_SYS_unlinkat	471
#define RUMP_SYS_futimens	472

#define RUMP_SYS_NSYSENT	512
#define RUMP_SYS_MAXARGS	8

#endif /* RUMP_RUMP_SYSCALLNUM_H */
