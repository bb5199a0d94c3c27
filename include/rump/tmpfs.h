/*
 * tmpfs.h: mount arguments of tmpfs, the memory file system, for
 * rump_sys_mount("tmpfs", dir, flags, &args, sizeof(args)).
 *
 * The layout is the kernel's own and the same on every host.
 */
#ifndef RUMP_TMPFS_H
#define RUMP_TMPFS_H

#define TMPFS_ARGS_VERSION	1

struct tmpfs_args {
	__INT32_TYPE__ ta_version;	/* TMPFS_ARGS_VERSION */
	__UINT64_TYPE__ ta_nodes_max;	/* files, directories...; 0: no limit */
	__INT64_TYPE__ ta_size_max;	/* bytes of data; 0: no limit */
	__UINT32_TYPE__ ta_root_uid;
	__UINT32_TYPE__ ta_root_gid;
	__UINT32_TYPE__ ta_root_mode;	/* permission bits of the root */
};

#endif /* RUMP_TMPFS_H */
