/*
 * t_tmpfs_dir.c: big tmpfs directories and many vnodes.  Names are
 * added and removed in a seeded random order, many of them in one
 * directory (so its hash table grows and entries move in it as others
 * go), and after each round every name is checked against a model:
 * present names exist, removed ones do not, and a listing gives exactly
 * the present ones in the order they were made.  The checks use calls
 * that look the name up in the directory itself (O_CREAT|O_EXCL,
 * unlink), not in the name cache.  Unmounting a mount with thousands
 * of vnodes finds every one of them (on the mount's list; tmpfs keeps
 * them in its nodes), as it does for a file system whose vnodes the
 * vnode cache's table keeps (so that it grows, and vnodes move in it
 * as unmount takes others out).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/tmpfs.h>
#include "t.h"
#include "ktest.h"

#define NNAMES	4000
#define ROUNDS	6

struct model {
	bool present[NNAMES];
	unsigned order[NNAMES];		/* creation sequence number */
	unsigned seq;
};

static void
name_of(char *buf, size_t size, int i)
{
	snprintf(buf, size, "/tmp/d/n%d", i);
}

static void
add(struct model *m, int i)
{
	char path[64];
	int fd;

	name_of(path, sizeof(path), i);
	T_ASSERT_GE(fd = rump_sys_open(path, O_CREAT | O_EXCL | O_WRONLY, 0644), 0);
	T_ASSERT_OK(rump_sys_close(fd));
	m->present[i] = true;
	m->order[i] = m->seq++;
}

static void
del(struct model *m, int i)
{
	char path[64];

	name_of(path, sizeof(path), i);
	T_ASSERT_OK(rump_sys_unlink(path));
	m->present[i] = false;
}

/* Every name, looked up in the directory: exists iff present. */
static void
check_names(const struct model *m)
{
	char path[64];

	for (int i = 0; i < NNAMES; i++) {
		name_of(path, sizeof(path), i);
		if (m->present[i])
			T_ASSERT_ERRNO(rump_sys_open(path, O_CREAT | O_EXCL |
			    O_WRONLY, 0644), EEXIST);
		else
			T_ASSERT_ERRNO(rump_sys_unlink(path), ENOENT);
	}
}

/* The listing: the present names, each once, in creation order. */
static void
check_listing(const struct model *m)
{
	static char buf[8192];
	unsigned seen = 0, npresent = 0, last = 0;
	bool any = false;
	ssize_t n;
	int fd;

	for (int i = 0; i < NNAMES; i++)
		npresent += m->present[i];
	T_ASSERT_GE(fd = rump_sys_open("/tmp/d", O_RDONLY | O_DIRECTORY), 0);
	while ((n = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < n;) {
			struct dirent *d = (struct dirent *)(void *)(buf + off);
			int i;

			off += d->d_reclen;
			if (d->d_name[0] == '.')
				continue;
			T_ASSERT_EQ(sscanf(d->d_name, "n%d", &i), 1);
			T_ASSERT(i >= 0 && i < NNAMES && m->present[i]);
			T_ASSERT(!any || m->order[i] > last);
			last = m->order[i];
			any = true;
			seen++;
		}
	}
	T_ASSERT_EQ(n, 0);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_EQ(seen, npresent);
}

T_CASE(big_dir_churn, "[timeout=300] names added and removed at random in a "
    "directory of thousands stay findable, removed ones gone, listed in order")
{
	static struct model m;

	srandom(t_seed());
	T_ASSERT_OK(rump_init());
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	for (int r = 0; r < ROUNDS; r++) {
		/* Fill toward all names, then remove toward a few. */
		for (int k = 0; k < NNAMES; k++) {
			int i = (int)(random() % NNAMES);

			if (!m.present[i])
				add(&m, i);
		}
		check_names(&m);
		check_listing(&m);
		for (int k = 0; k < NNAMES; k++) {
			int i = (int)(random() % NNAMES);

			if (m.present[i])
				del(&m, i);
		}
		check_names(&m);
		check_listing(&m);
	}
	for (int i = 0; i < NNAMES; i++)
		if (m.present[i])
			del(&m, i);
	T_ASSERT_OK(rump_sys_rmdir("/tmp/d"));
}

#define NFILES	3000
#define NOPEN	40

/* Mount a tmpfs on /tmp/m and make NFILES files in ten directories,
 * every other one looked up (a name-cache entry holds its vnode);
 * fds[] gets NOPEN of them open. */
static void
populate(int *fds)
{
	struct tmpfs_args a = { .ta_version = TMPFS_ARGS_VERSION,
	    .ta_root_mode = 0777 };
	struct stat st;
	char path[64];
	int fd;

	T_ASSERT_OK(rump_sys_mount("tmpfs", "/tmp/m", 0, &a, sizeof(a)));
	for (int d = 0; d < 10; d++) {
		snprintf(path, sizeof(path), "/tmp/m/d%d", d);
		T_ASSERT_OK(rump_sys_mkdir(path, 0755));
	}
	for (int i = 0; i < NFILES; i++) {
		snprintf(path, sizeof(path), "/tmp/m/d%d/f%d", i % 10, i);
		T_ASSERT_GE(fd = rump_sys_open(path, O_CREAT | O_RDWR, 0644), 0);
		if (i % (NFILES / NOPEN) == 0)
			fds[i / (NFILES / NOPEN)] = fd;
		else
			T_ASSERT_OK(rump_sys_close(fd));
		if (i % 2 == 0)
			T_ASSERT_OK(rump_sys_stat(path, &st));
	}
}

T_CASE(unmount_many_vnodes, "[timeout=300] unmounting a tmpfs with thousands "
    "of vnodes: EBUSY while one file is open, then every vnode goes; forced, "
    "every open file fails with EIO")
{
	int fds[NOPEN];
	char c;

	T_ASSERT_OK(rump_init());
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m", 0755));
	populate(fds);
	for (int k = 0; k < NOPEN - 1; k++)
		T_ASSERT_OK(rump_sys_close(fds[k]));
	T_ASSERT_ERRNO(rump_sys_unmount("/tmp/m", 0), EBUSY);
	T_ASSERT_EQ(rump_sys_write(fds[NOPEN - 1], "x", 1), 1);
	T_ASSERT_OK(rump_sys_close(fds[NOPEN - 1]));
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/d0", &(struct stat){ 0 }), ENOENT);

	populate(fds);
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", RUMP_MNT_FORCE));
	for (int k = 0; k < NOPEN; k++) {
		T_ASSERT_ERRNO(rump_sys_read(fds[k], &c, 1), EIO);
		T_ASSERT_OK(rump_sys_close(fds[k]));
	}
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/d0", &(struct stat){ 0 }), ENOENT);
}

/* The names in /tmp/l, in listing order, joined by spaces. */
static void
list_names(char *out, size_t size)
{
	static char buf[4096];
	ssize_t n;
	int fd;

	out[0] = '\0';
	T_ASSERT_GE(fd = rump_sys_open("/tmp/l", O_RDONLY | O_DIRECTORY), 0);
	while ((n = rump_sys_getdents(fd, buf, sizeof(buf))) > 0)
		for (ssize_t off = 0; off < n;) {
			struct dirent *d = (struct dirent *)(void *)(buf + off);

			off += d->d_reclen;
			if (d->d_name[0] != '.')
				snprintf(out + strlen(out), size - strlen(out),
				    "%s%s", *out ? " " : "", d->d_name);
		}
	T_ASSERT_EQ(n, 0);
	T_ASSERT_OK(rump_sys_close(fd));
}

T_CASE(names_in_node_and_out, "a file's first name (kept in its node when "
    "short) and its other names (links, long names, renames) each name the "
    "file, list, and go independently")
{
	char at40[64], at41[64], path[128], list[512];
	struct stat st;
	int fd;

	memset(at40, 'a', 40);
	at40[40] = '\0';
	memset(at41, 'b', 41);
	at41[41] = '\0';
	T_ASSERT_OK(rump_init());
	T_ASSERT_OK(rump_sys_mkdir("/tmp/l", 0755));
	snprintf(path, sizeof(path), "/tmp/l/%s", at40);	/* fits the node */
	T_ASSERT_GE(fd = rump_sys_open(path, O_CREAT | O_WRONLY, 0644), 0);
	T_ASSERT_EQ(rump_sys_write(fd, "data", 4), 4);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_link(path, "/tmp/l/second"));	/* outside */
	T_ASSERT_OK(rump_sys_unlink(path));	/* the node's name goes */
	/* The node's entry is free again: this name goes in it. */
	T_ASSERT_OK(rump_sys_link("/tmp/l/second", "/tmp/l/third"));
	snprintf(path, sizeof(path), "/tmp/l/%s", at41);	/* too long for it */
	T_ASSERT_OK(rump_sys_rename("/tmp/l/second", path));
	T_ASSERT_OK(rump_sys_stat(path, &st));
	T_ASSERT_EQ(st.st_nlink, 2);
	T_ASSERT_EQ(st.st_size, 4);
	list_names(list, sizeof(list));
	snprintf(path, sizeof(path), "third %s", at41);
	T_ASSERT_STREQ(list, path);
	/* The new name is allocated, the node's entry freed. */
	T_ASSERT_OK(rump_sys_rename("/tmp/l/third", "/tmp/l/x"));
	T_ASSERT_OK(rump_sys_link("/tmp/l/x", "/tmp/l/y"));	/* so this one is in it */
	T_ASSERT_OK(rump_sys_stat("/tmp/l/y", &st));
	T_ASSERT_EQ(st.st_nlink, 3);
	list_names(list, sizeof(list));
	snprintf(path, sizeof(path), "%s x y", at41);
	T_ASSERT_STREQ(list, path);
	snprintf(path, sizeof(path), "/tmp/l/%s", at41);
	T_ASSERT_OK(rump_sys_unlink(path));
	T_ASSERT_OK(rump_sys_unlink("/tmp/l/y"));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/l/y", &st), ENOENT);
	T_ASSERT_OK(rump_sys_stat("/tmp/l/x", &st));
	T_ASSERT_EQ(st.st_nlink, 1);
	T_ASSERT_OK(rump_sys_unlink("/tmp/l/x"));
	list_names(list, sizeof(list));
	T_ASSERT_STREQ(list, "");
	T_ASSERT_OK(rump_sys_rmdir("/tmp/l"));
}

T_CASE(vcache_table_many_keys, "a file system whose vnodes are found by key: "
    "thousands of keys each loaded once and found again through the vnode "
    "cache's table, then unmount reclaims every one")
{
	T_ASSERT_OK(rump_init());
	T_ASSERT_EQ(KTEST(rumpns_ktest_vcache_table()), 0);
}

#define PAGE	4096

/* Pages of fd's file system in use. */
static long long
used_pages(int fd)
{
	struct statvfs sv;

	T_ASSERT_OK(rump_sys_fstatvfs(fd, &sv));
	return (long long)(sv.f_blocks - sv.f_bfree);
}

static struct stat
xfstat(int fd)
{
	struct stat st;

	T_ASSERT_OK(rump_sys_fstat(fd, &st));
	return st;
}

T_CASE(sparse_file_to_int64_max, "as on the host, a file may be INT64_MAX "
    "bytes: truncated to 2^62 and INT64_MAX it holds no page; a byte written "
    "at INT64_MAX-1 reads back, takes one page that SEEK_DATA and SEEK_HOLE "
    "find; truncating down zeroes or frees it")
{
	const off_t max = INT64_MAX, last = max & ~(off_t)(PAGE - 1);
	long long used;
	char c;
	int fd;

	T_ASSERT_OK(rump_init());
	T_ASSERT_GE(fd = rump_sys_open("/tmp/big", O_CREAT | O_RDWR, 0644), 0);
	used = used_pages(fd);
	T_ASSERT_OK(rump_sys_ftruncate(fd, (off_t)1 << 62));
	T_ASSERT_EQ(xfstat(fd).st_size, (off_t)1 << 62);
	T_ASSERT_OK(rump_sys_truncate("/tmp/big", max));
	T_ASSERT_EQ(xfstat(fd).st_size, max);
	T_ASSERT_EQ(xfstat(fd).st_blocks, 0);
	T_ASSERT_EQ(rump_sys_pwrite(fd, "Z", 1, max - 1), 1);
	T_ASSERT_EQ(xfstat(fd).st_size, max);
	T_ASSERT_EQ(xfstat(fd).st_blocks, PAGE / 512);
	T_ASSERT_EQ(used_pages(fd), used + 1);
	T_ASSERT_EQ(rump_sys_pread(fd, &c, 1, max - 1), 1);
	T_ASSERT_EQ(c, 'Z');
	T_ASSERT_EQ(rump_sys_pread(fd, &c, 1, last - 1), 1);
	T_ASSERT_EQ(c, 0);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_DATA), last);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_HOLE), 0);
	T_ASSERT_EQ(rump_sys_lseek(fd, last - 1, SEEK_HOLE), last - 1);
	T_ASSERT_EQ(rump_sys_lseek(fd, last, SEEK_HOLE), max);
	T_ASSERT_EQ(rump_sys_lseek(fd, max - 1, SEEK_DATA), max - 1);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, max, SEEK_DATA), ENXIO);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, max, SEEK_HOLE), ENXIO);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_END), max);
	/* One byte shorter: the page stays, its last byte reads zero. */
	T_ASSERT_OK(rump_sys_ftruncate(fd, max - 1));
	T_ASSERT_OK(rump_sys_ftruncate(fd, max));
	T_ASSERT_EQ(rump_sys_pread(fd, &c, 1, max - 1), 1);
	T_ASSERT_EQ(c, 0);
	T_ASSERT_EQ(xfstat(fd).st_blocks, PAGE / 512);
	T_ASSERT_OK(rump_sys_ftruncate(fd, (off_t)1 << 62));
	T_ASSERT_EQ(xfstat(fd).st_blocks, 0);
	T_ASSERT_EQ(used_pages(fd), used);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, 0, SEEK_DATA), ENXIO);
	T_ASSERT_OK(rump_sys_close(fd));
}

T_CASE(append_past_int64_max, "as on the host, an append that would pass "
    "INT64_MAX bytes writes what fits, and one at INT64_MAX fails with EFBIG")
{
	char buf[10];
	int fd, afd;

	T_ASSERT_OK(rump_init());
	T_ASSERT_GE(fd = rump_sys_open("/tmp/big", O_CREAT | O_RDWR, 0644), 0);
	T_ASSERT_GE(afd = rump_sys_open("/tmp/big", O_WRONLY | O_APPEND), 0);
	T_ASSERT_OK(rump_sys_ftruncate(fd, INT64_MAX - 10));
	T_ASSERT_EQ(rump_sys_write(afd, "0123456789abcdef", 16), 10);
	T_ASSERT_EQ(xfstat(fd).st_size, INT64_MAX);
	T_ASSERT_EQ(rump_sys_pread(fd, buf, 10, INT64_MAX - 10), 10);
	T_ASSERT_EQ(memcmp(buf, "0123456789", 10), 0);
	/* The host checks the file offset first (EINVAL at INT64_MAX). */
	T_ASSERT_EQ(rump_sys_lseek(afd, 0, SEEK_SET), 0);
	T_ASSERT_ERRNO(rump_sys_write(afd, "x", 1), EFBIG);
	T_ASSERT_EQ(xfstat(fd).st_size, INT64_MAX);
	T_ASSERT_OK(rump_sys_close(afd));
	T_ASSERT_OK(rump_sys_close(fd));
}

/* Set the times of link itself to long ago; its stat after. */
static struct stat
age_link(const char *link)
{
	const struct timespec past[2] = { { 1000, 0 }, { 2000, 0 } };
	struct stat st;

	T_ASSERT_OK(rump_sys_utimensat(AT_FDCWD, link, past,
	    AT_SYMLINK_NOFOLLOW));
	T_ASSERT_OK(rump_sys_lstat(link, &st));
	return st;
}

/* link was read since age_link gave old: its access time now, its
 * other times unchanged. */
static void
check_link_read(const char *link, const struct stat *old)
{
	struct stat st;

	T_ASSERT_OK(rump_sys_lstat(link, &st));
	T_ASSERT_GE(st.st_atim.tv_sec, old->st_ctim.tv_sec);
	T_ASSERT_EQ(st.st_mtim.tv_sec, 2000);
	T_ASSERT_EQ(st.st_ctim.tv_sec, old->st_ctim.tv_sec);
	T_ASSERT_EQ(st.st_ctim.tv_nsec, old->st_ctim.tv_nsec);
}

T_CASE(readlink_sets_atime, "as on the host, reading a symbolic link, by "
    "readlink or by following it in a path, sets its access time and no "
    "other")
{
	struct stat old, st;
	char buf[16];
	int fd;

	T_ASSERT_OK(rump_init());
	T_ASSERT_GE(fd = rump_sys_open("/tmp/f", O_CREAT | O_WRONLY, 0644), 0);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_symlink("/tmp/f", "/tmp/ln"));
	old = age_link("/tmp/ln");
	T_ASSERT_EQ(old.st_atim.tv_sec, 1000);
	T_ASSERT_EQ(rump_sys_readlink("/tmp/ln", buf, sizeof(buf)), 6);
	check_link_read("/tmp/ln", &old);
	old = age_link("/tmp/ln");
	T_ASSERT_OK(rump_sys_stat("/tmp/ln", &st));
	check_link_read("/tmp/ln", &old);
}

T_CASE(getdents_removed_dir, "as on the host, listing a directory that was "
    "removed while open fails with ENOENT, from the start or where a listing "
    "stopped")
{
	static char buf[4096];
	int fd;

	T_ASSERT_OK(rump_init());
	T_ASSERT_OK(rump_sys_mkdir("/tmp/gone", 0755));
	T_ASSERT_GE(fd = rump_sys_open("/tmp/gone", O_RDONLY | O_DIRECTORY), 0);
	T_ASSERT_GT(rump_sys_getdents(fd, buf, sizeof(buf)), 0);
	T_ASSERT_OK(rump_sys_rmdir("/tmp/gone"));
	T_ASSERT_ERRNO(rump_sys_getdents(fd, buf, sizeof(buf)), ENOENT);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_SET), 0);
	T_ASSERT_ERRNO(rump_sys_getdents(fd, buf, sizeof(buf)), ENOENT);
	T_ASSERT_OK(rump_sys_close(fd));
}

T_CASE(io_end_past_int64_max, "as on the host, a read or write whose end "
    "would pass INT64_MAX fails with EINVAL, at an offset given or the "
    "file's own")
{
	const off_t max = INT64_MAX;
	char buf[16];
	int fd;

	T_ASSERT_OK(rump_init());
	T_ASSERT_GE(fd = rump_sys_open("/tmp/f", O_CREAT | O_RDWR, 0644), 0);
	T_ASSERT_OK(rump_sys_ftruncate(fd, max));
	T_ASSERT_ERRNO(rump_sys_pwrite(fd, "Z", 1, max), EINVAL);
	T_ASSERT_ERRNO(rump_sys_pwrite(fd, "ZZ", 2, max - 1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_pread(fd, buf, 10, max - 5), EINVAL);
	T_ASSERT_EQ(rump_sys_pread(fd, buf, 5, max - 5), 5);
	T_ASSERT_EQ(rump_sys_lseek(fd, max - 1, SEEK_SET), max - 1);
	T_ASSERT_ERRNO(rump_sys_write(fd, "ZZ", 2), EINVAL);
	T_ASSERT_EQ(rump_sys_write(fd, "Z", 1), 1);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), max);
	T_ASSERT_OK(rump_sys_close(fd));
}

T_CASE(unmount_frees_every_node, "unmount frees every node of the tree: "
    "3,000 nested directories, files linked from several directories and "
    "twice from one, long names, a moved subtree, links, FIFOs, data; a "
    "file unlinked while open goes at its close")
{
	struct tmpfs_args a = { .ta_version = TMPFS_ARGS_VERSION,
	    .ta_root_mode = 0777 };
	char longname[200];
	int before, fd;

	T_ASSERT_OK(rump_init());
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m", 0755));
	before = KTEST(rumpns_ktest_tmpfs_nodes());
	T_ASSERT_OK(rump_sys_mount("tmpfs", "/tmp/m", 0, &a, sizeof(a)));
	T_ASSERT_OK(rump_sys_chdir("/tmp/m"));
	for (int i = 0; i < 3000; i++) {
		T_ASSERT_OK(rump_sys_mkdir("d", 0755));
		T_ASSERT_OK(rump_sys_chdir("d"));
	}
	T_ASSERT_GE(fd = rump_sys_open("deep", O_CREAT | O_WRONLY, 0644), 0);
	T_ASSERT_EQ(rump_sys_pwrite(fd, "data", 4, 1 << 20), 4);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_chdir("/tmp/m"));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/a", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/b", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/a/sub", 0755));
	T_ASSERT_GE(fd = rump_sys_open("/tmp/m/a/sub/f", O_CREAT | O_WRONLY,
	    0644), 0);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_link("/tmp/m/a/sub/f", "/tmp/m/b/f"));
	T_ASSERT_OK(rump_sys_link("/tmp/m/a/sub/f", "/tmp/m/b/g"));
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	T_ASSERT_OK(rump_sys_chdir("/tmp/m/b"));
	T_ASSERT_OK(rump_sys_link("f", longname));
	T_ASSERT_OK(rump_sys_chdir("/tmp"));
	T_ASSERT_OK(rump_sys_rename("/tmp/m/a/sub", "/tmp/m/b/moved"));
	T_ASSERT_OK(rump_sys_symlink("moved/f", "/tmp/m/b/ln"));
	T_ASSERT_OK(rump_sys_mkfifo("/tmp/m/fifo", 0644));
	T_ASSERT_GE(fd = rump_sys_open("/tmp/m/gone", O_CREAT | O_RDWR,
	    0644), 0);
	T_ASSERT_OK(rump_sys_unlink("/tmp/m/gone"));
	T_ASSERT_GT(KTEST(rumpns_ktest_tmpfs_nodes()), before + 3000);
	T_ASSERT_ERRNO(rump_sys_unmount("/tmp/m", 0), EBUSY);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
	T_ASSERT_EQ(KTEST(rumpns_ktest_tmpfs_nodes()), before);
}
