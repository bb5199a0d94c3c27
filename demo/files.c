/*
 * files.c: the demo's file-system part: mount a tmpfs with limits,
 * build a small tree in it, list it with getdents and stat, and pass
 * data through a pipe and a FIFO.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/tmpfs.h>
#include "demo.h"

/* Print dir and everything below it, indented by depth. */
static void
list_tree(const char *dir, int depth)
{
	char buf[4096], path[512], target[256];
	struct stat st;
	ssize_t n, len;
	int fd = rump_sys_open(dir, O_RDONLY | O_DIRECTORY);

	if (fd == -1) {
		printf("  open %s: %s\n", dir, strerror(errno));
		return;
	}
	while ((n = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < n;) {
			struct dirent *d = (struct dirent *)(void *)(buf + off);

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
			if (rump_sys_lstat(path, &st) == -1)
				continue;
			printf("  %*s%-12s %06o %2d links %6lld bytes", depth * 2,
			    "", d->d_name, (unsigned)st.st_mode,
			    (int)st.st_nlink, (long long)st.st_size);
			if (S_ISLNK(st.st_mode) && (len = rump_sys_readlink(path,
			    target, sizeof(target) - 1)) > 0)
				printf(" -> %.*s", (int)len, target);
			printf("\n");
			if (S_ISDIR(st.st_mode))
				list_tree(path, depth + 1);
		}
	}
	rump_sys_close(fd);
}

static void
write_file(const char *path, const char *text)
{
	int fd = rump_sys_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	if (fd == -1 || rump_sys_write(fd, text, strlen(text)) == -1)
		printf("  %s: %s\n", path, strerror(errno));
	if (fd != -1)
		rump_sys_close(fd);
}

void
demo_files(void)
{
	struct tmpfs_args args = { .ta_version = TMPFS_ARGS_VERSION,
	    .ta_nodes_max = 100, .ta_size_max = 1 << 20, .ta_root_mode = 0755 };
	struct statvfs sv;
	char buf[64];
	int fds[2];
	ssize_t n;

	printf("files:\n");
	if (rump_sys_mkdir("/mnt", 0755) == -1 ||
	    rump_sys_mount("tmpfs", "/mnt", 0, &args, sizeof(args)) == -1) {
		printf("  mount tmpfs on /mnt: %s\n", strerror(errno));
		return;
	}
	rump_sys_mkdir("/mnt/etc", 0755);
	rump_sys_mkdir("/mnt/var", 0755);
	rump_sys_mkdir("/mnt/var/log", 0750);
	write_file("/mnt/etc/motd", "Welcome to a kernel inside a process.\n");
	write_file("/mnt/var/log/boot", "booted\n");
	rump_sys_link("/mnt/etc/motd", "/mnt/etc/issue");
	rump_sys_symlink("../etc/motd", "/mnt/var/motd");
	rump_sys_mkfifo("/mnt/var/fifo", 0600);
	printf("  tmpfs on /mnt (at most 100 files, 1 MiB), after building a tree:\n");
	list_tree("/mnt", 1);
	if (rump_sys_statvfs("/mnt", &sv) == 0)
		printf("  statvfs /mnt: %lu of %lu blocks of %lu bytes free, "
		    "%lu of %lu files free\n", (unsigned long)sv.f_bfree,
		    (unsigned long)sv.f_blocks, (unsigned long)sv.f_bsize,
		    (unsigned long)sv.f_ffree, (unsigned long)sv.f_files);
	if (rump_sys_unmount("/mnt", 0) == -1)
		printf("  unmount while nothing is open: %s\n", strerror(errno));
	else
		printf("  unmounted /mnt; /mnt/etc now: %s\n",
		    rump_sys_access("/mnt/etc", F_OK) == -1 ? strerror(errno) :
		    "still there?");

	if (rump_sys_pipe(fds) == 0) {
		rump_sys_write(fds[1], "through a pipe", 14);
		n = rump_sys_read(fds[0], buf, sizeof(buf));
		printf("  pipe: read back \"%.*s\"\n", (int)(n > 0 ? n : 0), buf);
		rump_sys_close(fds[0]);
		rump_sys_close(fds[1]);
	}
}
