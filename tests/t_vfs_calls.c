/*
 * t_vfs_calls.c: the file-system calls one by one, on tmpfs: each
 * call's success paths with the values it must give, and its error
 * paths (ENOENT, EEXIST, ENOTDIR, EISDIR, ENOTEMPTY, EXDEV, EACCES and
 * EPERM as a user, EROFS, ELOOP, ENAMETOOLONG, EBADF, EMFILE, ENOSPC,
 * EINVAL), mounts of tmpfs with its limits, and what the name cache
 * must not hide.  Non-root processes are made with rfork and setuid.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#ifdef __linux__
#include <sys/sysmacros.h>	/* makedev */
#endif
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/tmpfs.h>
#include "t.h"

#define PAGE		4096
#define GiB		(1024LL * 1024 * 1024)

static void
boot(void)
{
	T_ASSERT_EQ(rump_init(), 0);
}

/* Make (or truncate) path holding data, mode 0644 before the umask. */
static void
put(const char *path, const char *data)
{
	size_t n = strlen(data);
	int fd = rump_sys_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	T_ASSERT_GE(fd, 0);
	T_ASSERT_EQ(rump_sys_write(fd, data, n), (ssize_t)n);
	T_ASSERT_OK(rump_sys_close(fd));
}

/* The contents of path, NUL-terminated; their length. */
static ssize_t
get(const char *path, char *buf, size_t size)
{
	int fd = rump_sys_open(path, O_RDONLY);
	ssize_t n;

	T_ASSERT_GE(fd, 0);
	n = rump_sys_read(fd, buf, size - 1);
	T_ASSERT_GE(n, 0);
	buf[n] = '\0';
	T_ASSERT_OK(rump_sys_close(fd));
	return n;
}

static struct stat
xstat(const char *path)
{
	struct stat st;

	T_ASSERT_OK(rump_sys_stat(path, &st));
	return st;
}

static struct stat
xlstat(const char *path)
{
	struct stat st;

	T_ASSERT_OK(rump_sys_lstat(path, &st));
	return st;
}

static struct stat
xfstat(int fd)
{
	struct stat st;

	T_ASSERT_OK(rump_sys_fstat(fd, &st));
	return st;
}

static int
xopen(const char *path, int flags)
{
	int fd = rump_sys_open(path, flags, 0644);

	T_ASSERT_GE(fd, 0);
	return fd;
}

/* Set path's times far in the past, so any change shows. */
static void
age(const char *path)
{
	struct timespec ts[2] = { { 1000, 0 }, { 1000, 0 } };

	T_ASSERT_OK(rump_sys_utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW));
}

/* path's attributes, then a millisecond's pause, so that a time the
 * next call sets reads later than these. */
static struct stat
stat_then_pause(const char *path)
{
	struct timespec ms = { 0, 1000000 };
	struct stat st = xstat(path);

	nanosleep(&ms, NULL);
	return st;
}

static bool
same_time(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

static bool
later(struct timespec a, struct timespec b)
{
	return a.tv_sec > b.tv_sec ||
	    (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

/* Mount a tmpfs on dir (made if missing) with these limits. */
static void
mount_tmpfs(const char *dir, uint64_t nodes, int64_t size, int flags)
{
	struct tmpfs_args a = { .ta_version = TMPFS_ARGS_VERSION,
	    .ta_nodes_max = nodes, .ta_size_max = size, .ta_root_mode = 0777 };

	if (rump_sys_mkdir(dir, 0755) != 0)
		T_ASSERT_EQ(errno, EEXIST);
	T_ASSERT_OK(rump_sys_mount("tmpfs", dir, flags, &a, sizeof(a)));
}

/* Become a new process of user uid, group gid (and supplementary
 * groups sup), made by process 1 with no descriptors; its LWP. */
static struct lwp *
as_user(uid_t uid, gid_t gid, int nsup, const gid_t *sup)
{
	rump_pub_lwproc_switch(NULL);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	T_ASSERT_OK(rump_sys_setgroups(nsup, sup));
	T_ASSERT_OK(rump_sys_setgid(gid));
	T_ASSERT_OK(rump_sys_setuid(uid));
	T_ASSERT_EQ(rump_sys_geteuid(), uid);
	return rump_pub_lwproc_curlwp();
}

/* Back to process 1 (root). */
static void
as_root(void)
{
	rump_pub_lwproc_switch(NULL);
	T_ASSERT_EQ(rump_sys_geteuid(), 0);
}

/* What statvfs counts as in use. */
static long long
used_blocks(const struct statvfs *sv)
{
	return (long long)(sv->f_blocks - sv->f_bfree);
}

static long long
used_files(const struct statvfs *sv)
{
	return (long long)(sv->f_files - sv->f_ffree);
}

static char *
repeat(char *buf, char c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

/* ------------------------------------------------------------------ */
/* open, openat, creat */

T_CASE(open_creat, "O_CREAT makes a regular file (mode minus umask, caller's ids); an existing one is opened as is")
{
	struct stat st;
	int fd;

	boot();
	age("/tmp");
	T_ASSERT_ERRNO(rump_sys_open("/tmp/f", O_RDONLY), ENOENT);
	fd = rump_sys_open("/tmp/f", O_CREAT | O_RDWR, 0666);
	T_ASSERT_GE(fd, 0);
	st = xfstat(fd);
	T_ASSERT(S_ISREG(st.st_mode));
	T_ASSERT_EQ(st.st_mode & 07777, 0644);
	T_ASSERT_EQ(st.st_size, 0);
	T_ASSERT_EQ(st.st_nlink, 1);
	T_ASSERT_EQ(st.st_uid, 0);
	T_ASSERT_EQ(st.st_gid, 0);
	T_ASSERT_EQ(rump_sys_write(fd, "abc", 3), 3);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_GT(xstat("/tmp").st_mtim.tv_sec, 1000);	/* the directory changed */
	fd = rump_sys_open("/tmp/f", O_CREAT | O_RDONLY, 0600);
	T_ASSERT_GE(fd, 0);
	st = xfstat(fd);
	T_ASSERT_EQ(st.st_size, 3);
	T_ASSERT_EQ(st.st_mode & 07777, 0644);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_ERRNO(rump_sys_open("/tmp/nodir/f", O_CREAT | O_RDWR, 0644), ENOENT);
}

T_CASE(open_excl, "O_CREAT|O_EXCL fails with EEXIST on any existing name, a dangling link too")
{
	int fd;

	boot();
	fd = rump_sys_open("/tmp/f", O_CREAT | O_EXCL | O_WRONLY, 0644);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_ERRNO(rump_sys_open("/tmp/f", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	T_ASSERT_ERRNO(rump_sys_open("/tmp", O_CREAT | O_EXCL | O_RDONLY, 0644), EEXIST);
	T_ASSERT_OK(rump_sys_symlink("/tmp/nothere", "/tmp/dangle"));
	T_ASSERT_ERRNO(rump_sys_open("/tmp/dangle", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/nothere", &(struct stat){ 0 }), ENOENT);
	/* Without O_EXCL the dangling link's target is created. */
	fd = rump_sys_open("/tmp/dangle", O_CREAT | O_WRONLY, 0644);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT(S_ISREG(xstat("/tmp/nothere").st_mode));
	T_ASSERT_OK(rump_sys_symlink("/tmp/nodir/x", "/tmp/dangle2"));
	T_ASSERT_ERRNO(rump_sys_open("/tmp/dangle2", O_CREAT | O_WRONLY, 0644), ENOENT);
}

T_CASE(open_trunc, "O_TRUNC empties a file and frees its pages; O_RDONLY|O_TRUNC needs write permission")
{
	char buf[8192];
	struct stat st;
	int fd;

	boot();
	memset(buf, 'x', sizeof(buf));
	fd = xopen("/tmp/f", O_CREAT | O_WRONLY);
	T_ASSERT_EQ(rump_sys_write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	T_ASSERT_OK(rump_sys_close(fd));
	age("/tmp/f");
	fd = xopen("/tmp/f", O_WRONLY | O_TRUNC);
	st = xfstat(fd);
	T_ASSERT_EQ(st.st_size, 0);
	T_ASSERT_EQ(st.st_blocks, 0);
	T_ASSERT_GT(st.st_mtim.tv_sec, 1000);
	T_ASSERT_EQ(rump_sys_write(fd, "ab", 2), 2);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_EQ(get("/tmp/f", buf, sizeof(buf)), 2);
	T_ASSERT_STREQ(buf, "ab");
	T_ASSERT_OK(rump_sys_chmod("/tmp/f", 0444));
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/f", O_RDONLY | O_TRUNC), EACCES);
	as_root();
	T_ASSERT_EQ(xstat("/tmp/f").st_size, 2);
}

T_CASE(open_append, "O_APPEND writes at the end whatever the offset, and leaves the offset there")
{
	char buf[32];
	int fd;

	boot();
	put("/tmp/f", "hello");
	fd = xopen("/tmp/f", O_RDWR | O_APPEND);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_SET), 0);
	T_ASSERT_EQ(rump_sys_write(fd, " world", 6), 6);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 11);
	T_ASSERT_EQ(rump_sys_lseek(fd, 2, SEEK_SET), 2);
	T_ASSERT_EQ(rump_sys_read(fd, buf, 3), 3);
	T_ASSERT_EQ(memcmp(buf, "llo", 3), 0);
	T_ASSERT_EQ(rump_sys_write(fd, "!", 1), 1);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 12);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_EQ(get("/tmp/f", buf, sizeof(buf)), 12);
	T_ASSERT_STREQ(buf, "hello world!");
}

T_CASE(open_directory, "O_DIRECTORY opens only directories (ENOTDIR); a directory opens only for reading (EISDIR)")
{
	int fd;

	boot();
	put("/tmp/f", "x");
	T_ASSERT_ERRNO(rump_sys_open("/tmp/f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	fd = rump_sys_open("/tmp", O_RDONLY | O_DIRECTORY);
	T_ASSERT_GE(fd, 0);
	T_ASSERT(S_ISDIR(xfstat(fd).st_mode));
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_ERRNO(rump_sys_open("/tmp", O_WRONLY), EISDIR);
	T_ASSERT_ERRNO(rump_sys_open("/tmp", O_RDWR), EISDIR);
	T_ASSERT_ERRNO(rump_sys_open("/tmp", O_RDONLY | O_TRUNC), EISDIR);
	T_ASSERT_ERRNO(rump_sys_creat("/tmp", 0644), EISDIR);
	T_ASSERT_ERRNO(rump_sys_open(".", O_CREAT | O_RDONLY, 0644), EISDIR);
	/* Through a link to a directory. */
	T_ASSERT_OK(rump_sys_symlink("/tmp", "/ltmp"));
	fd = rump_sys_open("/ltmp", O_RDONLY | O_DIRECTORY);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_EQ(xfstat(fd).st_ino, xstat("/tmp").st_ino);
}

T_CASE(open_nofollow, "O_NOFOLLOW: ELOOP on a final link; links earlier in the path are followed")
{
	int fd;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	put("/tmp/d/f", "x");
	T_ASSERT_OK(rump_sys_symlink("/tmp/d/f", "/tmp/lf"));
	T_ASSERT_OK(rump_sys_symlink("d", "/tmp/ld"));
	T_ASSERT_ERRNO(rump_sys_open("/tmp/lf", O_RDONLY | O_NOFOLLOW), ELOOP);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/lf", O_WRONLY | O_CREAT | O_NOFOLLOW, 0644), ELOOP);
	fd = rump_sys_open("/tmp/ld/f", O_RDONLY | O_NOFOLLOW);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_EQ(xfstat(fd).st_ino, xstat("/tmp/d/f").st_ino);
	T_ASSERT_OK(rump_sys_close(fd));
	fd = rump_sys_open("/tmp/d/f", O_RDONLY | O_NOFOLLOW);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_OK(rump_sys_close(fd));
	fd = rump_sys_open("/tmp/lf", O_RDONLY);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_OK(rump_sys_close(fd));
}

T_CASE(open_cloexec, "O_CLOEXEC shows in F_GETFD; F_SETFD changes it; dup does not copy it")
{
	int fd, fd2, d;

	boot();
	put("/tmp/f", "x");
	fd = xopen("/tmp/f", O_RDONLY | O_CLOEXEC);
	fd2 = xopen("/tmp/f", O_RDONLY);
	T_ASSERT_EQ(rump_sys_fcntl(fd, F_GETFD), FD_CLOEXEC);
	T_ASSERT_EQ(rump_sys_fcntl(fd2, F_GETFD), 0);
	T_ASSERT_OK(rump_sys_fcntl(fd2, F_SETFD, FD_CLOEXEC));
	T_ASSERT_EQ(rump_sys_fcntl(fd2, F_GETFD), FD_CLOEXEC);
	d = rump_sys_dup(fd);
	T_ASSERT_GE(d, 0);
	T_ASSERT_EQ(rump_sys_fcntl(d, F_GETFD), 0);
	T_ASSERT_EQ(rump_sys_fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
}

T_CASE(openat_dirfd, "openat: relative to a directory descriptor; absolute paths ignore it; ENOTDIR and EBADF")
{
	int dfd, fd, ffd;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	put("/tmp/d/f", "in d");
	put("/tmp/f", "in tmp");
	dfd = xopen("/tmp/d", O_RDONLY | O_DIRECTORY);
	fd = rump_sys_openat(dfd, "f", O_RDONLY);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_EQ(xfstat(fd).st_ino, xstat("/tmp/d/f").st_ino);
	T_ASSERT_OK(rump_sys_close(fd));
	fd = rump_sys_openat(dfd, "../f", O_RDONLY);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_EQ(xfstat(fd).st_ino, xstat("/tmp/f").st_ino);
	T_ASSERT_OK(rump_sys_close(fd));
	fd = rump_sys_openat(dfd, "new", O_CREAT | O_WRONLY, 0600);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_EQ(xstat("/tmp/d/new").st_mode & 07777, 0600);
	fd = rump_sys_openat(999, "/tmp/f", O_RDONLY);	/* absolute: dirfd unused */
	T_ASSERT_GE(fd, 0);
	T_ASSERT_OK(rump_sys_close(fd));
	ffd = xopen("/tmp/f", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_openat(ffd, "x", O_RDONLY), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_openat(999, "f", O_RDONLY), EBADF);
	T_ASSERT_ERRNO(rump_sys_openat(-5, "f", O_RDONLY), EBADF);
	T_ASSERT_OK(rump_sys_chdir("/tmp/d"));
	fd = rump_sys_openat(AT_FDCWD, "f", O_RDONLY);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_EQ(xfstat(fd).st_ino, xstat("/tmp/d/f").st_ino);
}

T_CASE(creat_call, "creat makes a write-only file and truncates an existing one")
{
	char buf[8];
	int fd;

	boot();
	fd = rump_sys_creat("/tmp/f", 0640);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_EQ(xfstat(fd).st_mode & 07777, 0640);
	T_ASSERT_EQ(rump_sys_write(fd, "data", 4), 4);
	T_ASSERT_ERRNO(rump_sys_read(fd, buf, 1), EBADF);
	T_ASSERT_EQ(rump_sys_fcntl(fd, F_GETFL) & O_ACCMODE, O_WRONLY);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_EQ(xstat("/tmp/f").st_size, 4);
	fd = rump_sys_creat("/tmp/f", 0600);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_EQ(xfstat(fd).st_size, 0);
	T_ASSERT_EQ(xfstat(fd).st_mode & 07777, 0640);
	T_ASSERT_ERRNO(rump_sys_creat("/tmp/no/f", 0600), ENOENT);
}

/* ------------------------------------------------------------------ */
/* read, write and their positional and vector forms */

T_CASE(read_write, "write then read back; the offset moves; 0 at the end; access modes enforced")
{
	char buf[16];
	int fd;

	boot();
	fd = xopen("/tmp/f", O_CREAT | O_RDWR);
	T_ASSERT_EQ(rump_sys_write(fd, "0123456789", 10), 10);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 10);
	T_ASSERT_EQ(rump_sys_read(fd, buf, sizeof(buf)), 0);
	T_ASSERT_EQ(rump_sys_lseek(fd, 3, SEEK_SET), 3);
	T_ASSERT_EQ(rump_sys_read(fd, buf, 4), 4);
	T_ASSERT_EQ(memcmp(buf, "3456", 4), 0);
	T_ASSERT_EQ(rump_sys_read(fd, buf, sizeof(buf)), 3);
	T_ASSERT_EQ(memcmp(buf, "789", 3), 0);
	T_ASSERT_EQ(rump_sys_write(fd, "", 0), 0);
	T_ASSERT_EQ(xfstat(fd).st_size, 10);
	T_ASSERT_OK(rump_sys_close(fd));
	fd = xopen("/tmp/f", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_write(fd, "x", 1), EBADF);
	T_ASSERT_OK(rump_sys_close(fd));
	fd = xopen("/tmp/f", O_WRONLY);
	T_ASSERT_ERRNO(rump_sys_read(fd, buf, 1), EBADF);
	T_ASSERT_OK(rump_sys_close(fd));
	fd = xopen("/tmp", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_read(fd, buf, 1), EISDIR);
}

T_CASE(write_across_pages, "a write spanning three pages at an odd offset reads back byte for byte")
{
	static char out[10000], in[10000];
	struct stat st;
	int fd;

	boot();
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (char)(i * 7 + 3);
	fd = xopen("/tmp/f", O_CREAT | O_RDWR);
	T_ASSERT_EQ(rump_sys_pwrite(fd, out, sizeof(out), 4090), (ssize_t)sizeof(out));
	st = xfstat(fd);
	T_ASSERT_EQ(st.st_size, 4090 + 10000);
	T_ASSERT_EQ(st.st_blocks, 4 * PAGE / 512);	/* pages 0 to 3 */
	T_ASSERT_EQ(rump_sys_pread(fd, in, sizeof(in), 4090), (ssize_t)sizeof(in));
	T_ASSERT_EQ(memcmp(in, out, sizeof(in)), 0);
	T_ASSERT_EQ(rump_sys_pread(fd, in, 4090, 0), 4090);
	for (int i = 0; i < 4090; i++)
		T_ASSERT_EQ(in[i], 0);
}

T_CASE(pread_pwrite, "pread and pwrite use their offset and leave the file's alone; EINVAL for a negative one")
{
	char buf[16];
	int fd;

	boot();
	fd = xopen("/tmp/f", O_CREAT | O_RDWR);
	T_ASSERT_EQ(rump_sys_write(fd, "abcdef", 6), 6);
	T_ASSERT_EQ(rump_sys_pwrite(fd, "XY", 2, 1), 2);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 6);
	T_ASSERT_EQ(rump_sys_pread(fd, buf, 4, 0), 4);
	T_ASSERT_EQ(memcmp(buf, "aXYd", 4), 0);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 6);
	T_ASSERT_EQ(rump_sys_pread(fd, buf, 4, 6), 0);
	T_ASSERT_EQ(rump_sys_pwrite(fd, "Z", 1, 10), 1);	/* a gap of zeroes */
	T_ASSERT_EQ(xfstat(fd).st_size, 11);
	T_ASSERT_EQ(rump_sys_pread(fd, buf, sizeof(buf), 4), 7);
	T_ASSERT_EQ(memcmp(buf, "ef\0\0\0\0Z", 7), 0);
	T_ASSERT_ERRNO(rump_sys_pread(fd, buf, 1, -1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_pwrite(fd, buf, 1, -1), EINVAL);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 6);
}

T_CASE(readv_writev, "writev gathers and readv scatters in order; preadv/pwritev at an offset; EINVAL for bad counts")
{
	char a[3], b[5], c[2], buf[16];
	struct iovec wv[3] = { { "abc", 3 }, { "", 0 }, { "defgh", 5 } };
	struct iovec rv[3] = { { a, 3 }, { b, 5 }, { c, 2 } };
	int fd;

	boot();
	fd = xopen("/tmp/f", O_CREAT | O_RDWR);
	T_ASSERT_EQ(rump_sys_writev(fd, wv, 3), 8);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 8);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_SET), 0);
	T_ASSERT_EQ(rump_sys_readv(fd, rv, 3), 8);
	T_ASSERT_EQ(memcmp(a, "abc", 3), 0);
	T_ASSERT_EQ(memcmp(b, "defgh", 5), 0);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 8);
	struct iovec pw[2] = { { "12", 2 }, { "34", 2 } };
	T_ASSERT_EQ(rump_sys_pwritev(fd, pw, 2, 6), 4);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 8);
	T_ASSERT_EQ(xfstat(fd).st_size, 10);
	struct iovec pr[2] = { { a, 3 }, { b, 5 } };
	T_ASSERT_EQ(rump_sys_preadv(fd, pr, 2, 4), 6);
	T_ASSERT_EQ(memcmp(a, "ef1", 3), 0);
	T_ASSERT_EQ(memcmp(b, "234", 3), 0);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 8);
	T_ASSERT_EQ(get("/tmp/f", buf, sizeof(buf)), 10);
	T_ASSERT_STREQ(buf, "abcdef1234");
	T_ASSERT_ERRNO(rump_sys_readv(fd, rv, -1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_writev(fd, wv, 100000), EINVAL);
	T_ASSERT_ERRNO(rump_sys_preadv(fd, pr, 2, -1), EINVAL);
}

/* ------------------------------------------------------------------ */
/* lseek */

T_CASE(lseek_whence, "lseek SET, CUR and END; past the end is allowed; EINVAL for a negative result or a bad whence")
{
	char buf[4];
	int fd;

	boot();
	put("/tmp/f", "0123456789");
	fd = xopen("/tmp/f", O_RDWR);
	T_ASSERT_EQ(rump_sys_lseek(fd, 4, SEEK_SET), 4);
	T_ASSERT_EQ(rump_sys_lseek(fd, 3, SEEK_CUR), 7);
	T_ASSERT_EQ(rump_sys_lseek(fd, -2, SEEK_CUR), 5);
	T_ASSERT_EQ(rump_sys_lseek(fd, -1, SEEK_END), 9);
	T_ASSERT_EQ(rump_sys_read(fd, buf, 4), 1);
	T_ASSERT_EQ(buf[0], '9');
	T_ASSERT_EQ(rump_sys_lseek(fd, 100, SEEK_END), 110);
	T_ASSERT_EQ(rump_sys_read(fd, buf, 4), 0);
	T_ASSERT_EQ(rump_sys_write(fd, "x", 1), 1);
	T_ASSERT_EQ(xfstat(fd).st_size, 111);
	T_ASSERT_EQ(rump_sys_lseek(fd, 5, SEEK_SET), 5);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, -1, SEEK_SET), EINVAL);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, -6, SEEK_CUR), EINVAL);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, -112, SEEK_END), EINVAL);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, 0, 77), EINVAL);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 5);
	T_ASSERT_ERRNO(rump_sys_lseek(-1, 0, SEEK_SET), EBADF);
}

T_CASE(lseek_sparse_5g, "a byte range written at 5 GiB: size 5 GiB+n, one page used, the hole reads zeroes, SEEK_DATA/SEEK_HOLE find both")
{
	static char zero[PAGE], buf[PAGE];
	struct statvfs before, after;
	struct stat st;
	int fd;

	boot();
	fd = xopen("/tmp/sparse", O_CREAT | O_RDWR);
	T_ASSERT_OK(rump_sys_fstatvfs(fd, &before));
	T_ASSERT_EQ(rump_sys_pwrite(fd, "tail", 4, 5 * GiB), 4);
	T_ASSERT_OK(rump_sys_fstatvfs(fd, &after));
	T_ASSERT_EQ(used_blocks(&after) - used_blocks(&before), 1);
	st = xfstat(fd);
	T_ASSERT_EQ(st.st_size, 5 * GiB + 4);
	T_ASSERT_EQ(st.st_blocks, PAGE / 512);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_DATA), 5 * GiB);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 5 * GiB);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_HOLE), 0);
	T_ASSERT_EQ(rump_sys_lseek(fd, 3 * GiB + 5, SEEK_HOLE), 3 * GiB + 5);
	T_ASSERT_EQ(rump_sys_lseek(fd, 5 * GiB + 1, SEEK_DATA), 5 * GiB + 1);
	T_ASSERT_EQ(rump_sys_lseek(fd, 5 * GiB, SEEK_HOLE), 5 * GiB + 4);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, 5 * GiB + 4, SEEK_DATA), ENXIO);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, 5 * GiB + 4, SEEK_HOLE), ENXIO);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, -1, SEEK_DATA), ENXIO);
	T_ASSERT_EQ(rump_sys_pread(fd, buf, PAGE, 1 * GiB), PAGE);
	T_ASSERT_EQ(memcmp(buf, zero, PAGE), 0);
	T_ASSERT_EQ(rump_sys_pread(fd, buf, PAGE, 5 * GiB - 2), 6);
	T_ASSERT_EQ(memcmp(buf, "\0\0tail", 6), 0);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_END), 5 * GiB + 4);
}

T_CASE(lseek_data_hole_pages, "SEEK_DATA and SEEK_HOLE at page granularity between written pages")
{
	int fd;

	boot();
	fd = xopen("/tmp/f", O_CREAT | O_RDWR);
	T_ASSERT_EQ(rump_sys_pwrite(fd, "a", 1, 0), 1);
	T_ASSERT_EQ(rump_sys_pwrite(fd, "b", 1, 2 * PAGE + 10), 1);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_HOLE), PAGE);
	T_ASSERT_EQ(rump_sys_lseek(fd, 100, SEEK_DATA), 100);
	T_ASSERT_EQ(rump_sys_lseek(fd, PAGE, SEEK_DATA), 2 * PAGE);
	T_ASSERT_EQ(rump_sys_lseek(fd, PAGE + 5, SEEK_HOLE), PAGE + 5);
	T_ASSERT_EQ(rump_sys_lseek(fd, 2 * PAGE, SEEK_HOLE), 2 * PAGE + 11);
	T_ASSERT_OK(rump_sys_ftruncate(fd, 5 * PAGE));
	T_ASSERT_EQ(rump_sys_lseek(fd, 2 * PAGE, SEEK_HOLE), 3 * PAGE);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, 3 * PAGE, SEEK_DATA), ENXIO);
	T_ASSERT_OK(rump_sys_ftruncate(fd, PAGE / 2));	/* pages 1 and 2 go */
	T_ASSERT_EQ(xfstat(fd).st_blocks, PAGE / 512);
	T_ASSERT_OK(rump_sys_ftruncate(fd, 3 * PAGE));
	T_ASSERT_EQ(rump_sys_lseek(fd, 1, SEEK_DATA), 1);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_HOLE), PAGE);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, PAGE, SEEK_DATA), ENXIO);
}

T_CASE(lseek_data_on_directory, "SEEK_DATA and SEEK_HOLE on a directory fail with EINVAL")
{
	int fd;

	boot();
	put("/tmp/a", "x");
	put("/tmp/b", "y");
	fd = xopen("/tmp", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, 0, SEEK_DATA), EINVAL);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, 0, SEEK_HOLE), EINVAL);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/empty", 0755));
	fd = xopen("/tmp/empty", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, 0, SEEK_HOLE), EINVAL);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, 0, SEEK_DATA), EINVAL);
}

/* ------------------------------------------------------------------ */
/* stat and friends */

T_CASE(stat_fields, "stat, lstat and fstat: type, mode, links, ids, size, inode, device, block size")
{
	struct stat a, b, l, d;
	int fd;

	boot();
	put("/tmp/a", "12345");
	put("/tmp/b", "");
	T_ASSERT_OK(rump_sys_symlink("/tmp/a", "/tmp/l"));
	a = xstat("/tmp/a");
	b = xstat("/tmp/b");
	T_ASSERT(S_ISREG(a.st_mode));
	T_ASSERT_EQ(a.st_mode & 07777, 0644);
	T_ASSERT_EQ(a.st_nlink, 1);
	T_ASSERT_EQ(a.st_size, 5);
	T_ASSERT_EQ(a.st_blksize, PAGE);
	T_ASSERT_EQ(a.st_blocks, PAGE / 512);
	T_ASSERT_NE(a.st_ino, b.st_ino);
	T_ASSERT_EQ(a.st_dev, b.st_dev);
	T_ASSERT_EQ(a.st_dev, xstat("/").st_dev);
	T_ASSERT_EQ(b.st_blocks, 0);
	/* stat follows the link, lstat does not */
	T_ASSERT_EQ(xstat("/tmp/l").st_ino, a.st_ino);
	l = xlstat("/tmp/l");
	T_ASSERT(S_ISLNK(l.st_mode));
	T_ASSERT_EQ(l.st_size, 6);		/* strlen("/tmp/a") */
	T_ASSERT_NE(l.st_ino, a.st_ino);
	T_ASSERT_EQ(xlstat("/tmp/a").st_ino, a.st_ino);
	fd = xopen("/tmp/l", O_RDONLY);
	struct stat f = xfstat(fd);
	T_ASSERT_EQ(f.st_ino, a.st_ino);
	T_ASSERT_EQ(f.st_size, 5);
	T_ASSERT_EQ(f.st_mode, a.st_mode);
	T_ASSERT_EQ(f.st_mtim.tv_sec, a.st_mtim.tv_sec);
	T_ASSERT_EQ(f.st_mtim.tv_nsec, a.st_mtim.tv_nsec);
	d = xstat("/tmp");
	T_ASSERT(S_ISDIR(d.st_mode));
	T_ASSERT_EQ(d.st_mode & 07777, 01777);
	T_ASSERT_EQ(d.st_nlink, 2);
	T_ASSERT_EQ(xstat("/").st_nlink, 4);	/* ".", "..", dev/.., tmp/.. */
	T_ASSERT_EQ(xstat("/..").st_ino, xstat("/").st_ino);
	T_ASSERT_EQ(xstat("/dev").st_mode, S_IFDIR | 0755);
	T_ASSERT_EQ(xstat("//tmp").st_ino, d.st_ino);
	T_ASSERT_EQ(xstat("/tmp/./a").st_ino, a.st_ino);
	T_ASSERT_EQ(xstat("/tmp/../tmp//a").st_ino, a.st_ino);
	T_ASSERT_EQ(xstat("/dev/../tmp/a").st_ino, a.st_ino);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/none", &a), ENOENT);
	T_ASSERT_ERRNO(rump_sys_stat("", &a), ENOENT);
	T_ASSERT_ERRNO(rump_sys_lstat("/tmp/none", &a), ENOENT);
}

T_CASE(fstatat_flags, "fstatat: relative to a descriptor, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH; EINVAL for unknown flags")
{
	struct stat st;
	int dfd, fd;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	put("/tmp/d/f", "abc");
	T_ASSERT_OK(rump_sys_symlink("f", "/tmp/d/l"));
	dfd = xopen("/tmp/d", O_RDONLY);
	T_ASSERT_OK(rump_sys_fstatat(dfd, "l", &st, 0));
	T_ASSERT(S_ISREG(st.st_mode));
	T_ASSERT_EQ(st.st_size, 3);
	T_ASSERT_OK(rump_sys_fstatat(dfd, "l", &st, AT_SYMLINK_NOFOLLOW));
	T_ASSERT(S_ISLNK(st.st_mode));
	T_ASSERT_EQ(st.st_size, 1);
	T_ASSERT_OK(rump_sys_fstatat(AT_FDCWD, "/tmp/d/f", &st, 0));
	T_ASSERT_EQ(st.st_ino, xstat("/tmp/d/f").st_ino);
	fd = xopen("/tmp/d/f", O_RDONLY);
	T_ASSERT_OK(rump_sys_fstatat(fd, "", &st, AT_EMPTY_PATH));
	T_ASSERT_EQ(st.st_ino, xstat("/tmp/d/f").st_ino);
	T_ASSERT_ERRNO(rump_sys_fstatat(fd, "", &st, 0), ENOENT);
	T_ASSERT_ERRNO(rump_sys_fstatat(fd, "x", &st, 0), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_fstatat(dfd, "l", &st, 0x40000000), EINVAL);
	T_ASSERT_ERRNO(rump_sys_fstatat(dfd, "none", &st, 0), ENOENT);
	T_ASSERT_ERRNO(rump_sys_fstatat(999, "f", &st, 0), EBADF);
}

T_CASE(fstatat_no_automount, "fstatat accepts Linux's AT_NO_AUTOMOUNT (nothing here automounts); other calls still refuse it")
{
#ifdef AT_NO_AUTOMOUNT
	struct stat st;

	boot();
	put("/tmp/f", "abc");
	T_ASSERT_OK(rump_sys_symlink("f", "/tmp/l"));
	T_ASSERT_OK(rump_sys_fstatat(AT_FDCWD, "/tmp/f", &st, AT_NO_AUTOMOUNT));
	T_ASSERT_EQ(st.st_size, 3);
	T_ASSERT_OK(rump_sys_fstatat(AT_FDCWD, "/tmp/l", &st,
	    AT_NO_AUTOMOUNT | AT_SYMLINK_NOFOLLOW));
	T_ASSERT(S_ISLNK(st.st_mode));
	T_ASSERT_ERRNO(rump_sys_fchownat(AT_FDCWD, "/tmp/f", 0, 0,
	    AT_NO_AUTOMOUNT), EINVAL);
#else
	T_SKIP("the host has no AT_NO_AUTOMOUNT");
#endif
}

T_CASE(stat_directory_links, "a directory's link count follows its subdirectories")
{
	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_EQ(xstat("/tmp/d").st_nlink, 2);
	T_ASSERT_EQ(xstat("/tmp").st_nlink, 3);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d/a", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d/b", 0755));
	put("/tmp/d/f", "x");
	T_ASSERT_EQ(xstat("/tmp/d").st_nlink, 4);
	T_ASSERT_OK(rump_sys_rmdir("/tmp/d/a"));
	T_ASSERT_EQ(xstat("/tmp/d").st_nlink, 3);
	T_ASSERT_EQ(xstat("/tmp/d/b/..").st_ino, xstat("/tmp/d").st_ino);
}

/* ------------------------------------------------------------------ */
/* access */

T_CASE(access_root, "access as root: R and W always, X only if some x bit is set; ENOENT, EINVAL")
{
	boot();
	put("/tmp/f", "x");
	T_ASSERT_OK(rump_sys_chmod("/tmp/f", 0));
	T_ASSERT_OK(rump_sys_access("/tmp/f", F_OK));
	T_ASSERT_OK(rump_sys_access("/tmp/f", R_OK | W_OK));
	T_ASSERT_ERRNO(rump_sys_access("/tmp/f", X_OK), EACCES);
	T_ASSERT_OK(rump_sys_chmod("/tmp/f", 0001));
	T_ASSERT_OK(rump_sys_access("/tmp/f", X_OK));
	T_ASSERT_OK(rump_sys_access("/tmp", X_OK));
	T_ASSERT_ERRNO(rump_sys_access("/tmp/none", F_OK), ENOENT);
	T_ASSERT_ERRNO(rump_sys_access("/tmp/f", 0100), EINVAL);
	T_ASSERT_OK(rump_sys_symlink("/tmp/none", "/tmp/dangle"));
	T_ASSERT_ERRNO(rump_sys_access("/tmp/dangle", F_OK), ENOENT);
	T_ASSERT_OK(rump_sys_faccessat(AT_FDCWD, "/tmp/dangle", F_OK, AT_SYMLINK_NOFOLLOW));
}

T_CASE(access_user, "access as a user follows the owner, group and other bits")
{
	int dfd;

	boot();
	put("/tmp/mine", "x");
	put("/tmp/root600", "x");
	put("/tmp/group", "x");
	T_ASSERT_OK(rump_sys_chown("/tmp/mine", 100, 100));
	T_ASSERT_OK(rump_sys_chmod("/tmp/mine", 0500));
	T_ASSERT_OK(rump_sys_chmod("/tmp/root600", 0600));
	T_ASSERT_OK(rump_sys_chown("/tmp/group", 0, 100));
	T_ASSERT_OK(rump_sys_chmod("/tmp/group", 0060));
	as_user(100, 100, 0, NULL);
	T_ASSERT_OK(rump_sys_access("/tmp/mine", R_OK | X_OK));
	T_ASSERT_ERRNO(rump_sys_access("/tmp/mine", W_OK), EACCES);
	T_ASSERT_ERRNO(rump_sys_access("/tmp/root600", R_OK), EACCES);
	T_ASSERT_OK(rump_sys_access("/tmp/root600", F_OK));
	T_ASSERT_OK(rump_sys_access("/tmp/group", R_OK | W_OK));
	dfd = xopen("/tmp", O_RDONLY);
	T_ASSERT_OK(rump_sys_faccessat(dfd, "mine", R_OK, 0));
	T_ASSERT_ERRNO(rump_sys_faccessat(dfd, "root600", W_OK, 0), EACCES);
	as_user(200, 200, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_access("/tmp/group", R_OK), EACCES);
	T_ASSERT_ERRNO(rump_sys_access("/tmp/mine", R_OK), EACCES);
}

T_CASE(faccessat_eaccess, "access checks the real ids, AT_EACCESS the effective ones")
{
	boot();
	put("/tmp/f", "x");
	T_ASSERT_OK(rump_sys_chmod("/tmp/f", 0600));
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	T_ASSERT_OK(rump_sys_seteuid(100));
	T_ASSERT_OK(rump_sys_access("/tmp/f", R_OK));	/* real: root */
	T_ASSERT_ERRNO(rump_sys_faccessat(AT_FDCWD, "/tmp/f", R_OK, AT_EACCESS), EACCES);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/f", O_RDONLY), EACCES);
}

T_CASE(faccessat_empty_path, "faccessat with AT_EMPTY_PATH checks the descriptor's own file (Linux's faccessat2); EBADF for a closed one")
{
	int dfd, fd;

	boot();
	put("/tmp/f", "x");
	T_ASSERT_OK(rump_sys_chmod("/tmp/f", 0600));
	fd = xopen("/tmp/f", O_RDONLY);
	dfd = xopen("/tmp", O_RDONLY);
	T_ASSERT_OK(rump_sys_faccessat(fd, "", R_OK | W_OK, AT_EMPTY_PATH));
	T_ASSERT_ERRNO(rump_sys_faccessat(fd, "", X_OK, AT_EMPTY_PATH), EACCES);
	T_ASSERT_OK(rump_sys_faccessat(dfd, "", W_OK | X_OK, AT_EMPTY_PATH));
	T_ASSERT_OK(rump_sys_chdir("/tmp"));
	T_ASSERT_OK(rump_sys_faccessat(AT_FDCWD, "", F_OK, AT_EMPTY_PATH));
	T_ASSERT_ERRNO(rump_sys_faccessat(fd, "", R_OK, 0), ENOENT);
	T_ASSERT_OK(rump_sys_faccessat(dfd, "f", R_OK, AT_EMPTY_PATH));
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_ERRNO(rump_sys_faccessat(fd, "", F_OK, AT_EMPTY_PATH), EBADF);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	T_ASSERT_OK(rump_sys_chmod("/tmp/f", 0604));
	T_ASSERT_OK(rump_sys_setegid(100));
	T_ASSERT_OK(rump_sys_seteuid(100));
	fd = xopen("/tmp/f", O_RDONLY);
	T_ASSERT_OK(rump_sys_faccessat(fd, "", W_OK, AT_EMPTY_PATH));
	T_ASSERT_ERRNO(rump_sys_faccessat(fd, "", W_OK,
	    AT_EMPTY_PATH | AT_EACCESS), EACCES);
}

/* ------------------------------------------------------------------ */
/* mkdir, rmdir, unlink */

T_CASE(mkdir_calls, "mkdir and mkdirat: mode minus umask, EEXIST, ENOENT, ENOTDIR, a trailing slash")
{
	struct stat st;
	int dfd;

	boot();
	age("/tmp");
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0777));
	st = xstat("/tmp/d");
	T_ASSERT(S_ISDIR(st.st_mode));
	T_ASSERT_EQ(st.st_mode & 07777, 0755);
	T_ASSERT_EQ(st.st_nlink, 2);
	T_ASSERT_EQ(st.st_uid, 0);
	T_ASSERT_GT(xstat("/tmp").st_mtim.tv_sec, 1000);
	T_ASSERT_ERRNO(rump_sys_mkdir("/tmp/d", 0755), EEXIST);
	T_ASSERT_ERRNO(rump_sys_mkdir("/", 0755), EEXIST);
	T_ASSERT_ERRNO(rump_sys_mkdir("/tmp/.", 0755), EEXIST);
	T_ASSERT_ERRNO(rump_sys_mkdir("/tmp/x/y", 0755), ENOENT);
	T_ASSERT_ERRNO(rump_sys_mkdir("", 0755), ENOENT);
	put("/tmp/f", "x");
	T_ASSERT_ERRNO(rump_sys_mkdir("/tmp/f", 0755), EEXIST);
	T_ASSERT_ERRNO(rump_sys_mkdir("/tmp/f/y", 0755), ENOTDIR);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/e/", 0700));
	T_ASSERT_EQ(xstat("/tmp/e").st_mode & 07777, 0700);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/g//", 0700));
	dfd = xopen("/tmp/d", O_RDONLY);
	T_ASSERT_OK(rump_sys_mkdirat(dfd, "sub", 0750));
	T_ASSERT_EQ(xstat("/tmp/d/sub").st_mode & 07777, 0750);
	T_ASSERT_EQ(xstat("/tmp/d").st_nlink, 3);
	T_ASSERT_ERRNO(rump_sys_mkdirat(999, "sub", 0750), EBADF);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/s", 07777));	/* set-gid only by inheritance */
	T_ASSERT_EQ(xstat("/tmp/s").st_mode & 0777, 0755);
	T_ASSERT_EQ(xstat("/tmp/s").st_mode & S_ISGID, 0);
}

T_CASE(rmdir_calls, "rmdir: removes an empty directory; ENOTEMPTY, ENOTDIR, ENOENT, EINVAL for \".\", EBUSY for \"/\"")
{
	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d/e", 0755));
	put("/tmp/f", "x");
	T_ASSERT_ERRNO(rump_sys_rmdir("/tmp/d"), ENOTEMPTY);
	T_ASSERT_ERRNO(rump_sys_rmdir("/tmp/f"), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_rmdir("/tmp/none"), ENOENT);
	T_ASSERT_ERRNO(rump_sys_rmdir("/tmp/d/e/."), EINVAL);
	T_ASSERT_ERRNO(rump_sys_rmdir("/"), EBUSY);
	age("/tmp/d");
	T_ASSERT_OK(rump_sys_rmdir("/tmp/d/e/"));
	T_ASSERT_GT(xstat("/tmp/d").st_mtim.tv_sec, 1000);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/d/e", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_EQ(xstat("/tmp/d").st_nlink, 2);
	T_ASSERT_OK(rump_sys_rmdir("/tmp/d"));
	T_ASSERT_EQ(xstat("/tmp").st_nlink, 2);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_unlinkat(AT_FDCWD, "/tmp/d", AT_REMOVEDIR));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/d", &(struct stat){ 0 }), ENOENT);
}

T_CASE(unlink_calls, "unlink drops a name and a link; an open file lives on until closed; EISDIR, ENOENT, EINVAL")
{
	struct statvfs sv0, sv1, sv2;
	char buf[8];
	int fd, dfd;

	boot();
	T_ASSERT_OK(rump_sys_statvfs("/tmp", &sv0));
	put("/tmp/f", "data");
	T_ASSERT_OK(rump_sys_link("/tmp/f", "/tmp/g"));
	T_ASSERT_EQ(xstat("/tmp/f").st_nlink, 2);
	T_ASSERT_OK(rump_sys_unlink("/tmp/g"));
	T_ASSERT_EQ(xstat("/tmp/f").st_nlink, 1);
	fd = xopen("/tmp/f", O_RDWR);
	T_ASSERT_OK(rump_sys_unlink("/tmp/f"));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/f", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_EQ(xfstat(fd).st_nlink, 0);
	T_ASSERT_EQ(rump_sys_pread(fd, buf, sizeof(buf), 0), 4);
	T_ASSERT_EQ(memcmp(buf, "data", 4), 0);
	T_ASSERT_EQ(rump_sys_pwrite(fd, "more", 4, 4), 4);
	T_ASSERT_OK(rump_sys_statvfs("/tmp", &sv1));
	T_ASSERT_EQ(used_blocks(&sv1) - used_blocks(&sv0), 1);	/* still held */
	T_ASSERT_EQ(used_files(&sv1) - used_files(&sv0), 1);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_statvfs("/tmp", &sv2));
	T_ASSERT_EQ(used_blocks(&sv2), used_blocks(&sv0));
	T_ASSERT_EQ(used_files(&sv2), used_files(&sv0));
	T_ASSERT_ERRNO(rump_sys_unlink("/tmp/f"), ENOENT);
	T_ASSERT_ERRNO(rump_sys_unlink("/tmp"), EISDIR);
	T_ASSERT_ERRNO(rump_sys_unlink("/"), EISDIR);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	put("/tmp/d/h", "x");
	dfd = xopen("/tmp/d", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_unlinkat(dfd, "h", 0x40000000), EINVAL);
	T_ASSERT_ERRNO(rump_sys_unlinkat(dfd, "h", AT_REMOVEDIR), ENOTDIR);
	T_ASSERT_OK(rump_sys_unlinkat(dfd, "h", 0));
	T_ASSERT_ERRNO(rump_sys_unlinkat(dfd, "h", 0), ENOENT);
	T_ASSERT_ERRNO(rump_sys_unlinkat(AT_FDCWD, "/tmp/d", 0), EISDIR);
	/* A link goes, not its target. */
	put("/tmp/t", "x");
	T_ASSERT_OK(rump_sys_symlink("/tmp/t", "/tmp/l"));
	T_ASSERT_OK(rump_sys_unlink("/tmp/l"));
	T_ASSERT_EQ(xstat("/tmp/t").st_size, 1);
}

/* ------------------------------------------------------------------ */
/* rename */

T_CASE(rename_file_over_file, "rename of a file over another replaces it; the old name goes")
{
	struct stat a;
	char buf[16];
	int fd;

	boot();
	put("/tmp/a", "AAA");
	put("/tmp/b", "B");
	a = xstat("/tmp/a");
	fd = xopen("/tmp/b", O_RDONLY);	/* the replaced file lives on while open */
	age("/tmp");
	T_ASSERT_OK(rump_sys_rename("/tmp/a", "/tmp/b"));
	T_ASSERT_GT(xstat("/tmp").st_mtim.tv_sec, 1000);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/a", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_EQ(xstat("/tmp/b").st_ino, a.st_ino);
	T_ASSERT_EQ(get("/tmp/b", buf, sizeof(buf)), 3);
	T_ASSERT_STREQ(buf, "AAA");
	T_ASSERT_EQ(xfstat(fd).st_nlink, 0);
	T_ASSERT_EQ(rump_sys_read(fd, buf, sizeof(buf)), 1);
	T_ASSERT_EQ(buf[0], 'B');
	/* Into another directory, through descriptors. */
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	int fromfd = xopen("/tmp", O_RDONLY), tofd = xopen("/tmp/d", O_RDONLY);
	T_ASSERT_OK(rump_sys_renameat(fromfd, "b", tofd, "c"));
	T_ASSERT_EQ(xstat("/tmp/d/c").st_ino, a.st_ino);
	T_ASSERT_EQ(xstat("/tmp/d/c").st_nlink, 1);
	T_ASSERT_ERRNO(rump_sys_renameat(fromfd, "b", tofd, "c"), ENOENT);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/d/c", "/tmp/none/c"), ENOENT);
	T_ASSERT_ERRNO(rump_sys_rename("", "/tmp/x"), ENOENT);
	/* A link moves as itself, its target stays. */
	T_ASSERT_OK(rump_sys_symlink("d/c", "/tmp/l"));
	T_ASSERT_OK(rump_sys_rename("/tmp/l", "/tmp/l2"));
	T_ASSERT(S_ISLNK(xlstat("/tmp/l2").st_mode));
	T_ASSERT_EQ(xstat("/tmp/l2").st_ino, a.st_ino);
	T_ASSERT_EQ(xstat("/tmp/d/c").st_ino, a.st_ino);
}

T_CASE(rename_dir_over_empty_dir, "a directory renamed over an empty one replaces it")
{
	struct stat a;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/a", 0755));
	put("/tmp/a/f", "x");
	T_ASSERT_OK(rump_sys_mkdir("/tmp/b", 0755));
	a = xstat("/tmp/a");
	T_ASSERT_EQ(xstat("/tmp").st_nlink, 4);
	T_ASSERT_OK(rump_sys_rename("/tmp/a", "/tmp/b"));
	T_ASSERT_EQ(xstat("/tmp/b").st_ino, a.st_ino);
	T_ASSERT_EQ(xstat("/tmp/b/f").st_size, 1);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/a", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_EQ(xstat("/tmp").st_nlink, 3);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/c/", 0755));
	T_ASSERT_OK(rump_sys_rename("/tmp/b/", "/tmp/c/"));	/* slashes on directories are fine */
	T_ASSERT_EQ(xstat("/tmp/c").st_ino, a.st_ino);
}

T_CASE(rename_onto_itself, "rename of a name onto itself, or onto another link of the same file, does nothing")
{
	struct stat st;

	boot();
	put("/tmp/a", "x");
	T_ASSERT_OK(rump_sys_link("/tmp/a", "/tmp/b"));
	T_ASSERT_OK(rump_sys_rename("/tmp/a", "/tmp/a"));
	T_ASSERT_OK(rump_sys_rename("/tmp/a", "/tmp/b"));
	st = xstat("/tmp/a");
	T_ASSERT_EQ(st.st_nlink, 2);
	T_ASSERT_EQ(xstat("/tmp/b").st_ino, st.st_ino);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_rename("/tmp/d", "/tmp/d"));
	T_ASSERT(S_ISDIR(xstat("/tmp/d").st_mode));
	T_ASSERT_EQ(xstat("/tmp").st_nlink, 3);
}

T_CASE(rename_into_own_subdir, "a directory cannot move into itself or below itself (EINVAL)")
{
	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d/e", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d/e/f", 0755));
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/d", "/tmp/d/x"), EINVAL);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/d", "/tmp/d/e/f/x"), EINVAL);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/d/e", "/tmp/d/e/f/x"), EINVAL);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/d", "/tmp/d/e/."), EBUSY);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/d/.", "/tmp/x"), EBUSY);
	T_ASSERT(S_ISDIR(xstat("/tmp/d/e/f").st_mode));
	/* The other way round is fine (and empties nothing). */
	T_ASSERT_OK(rump_sys_rename("/tmp/d/e/f", "/tmp/f"));
	T_ASSERT_EQ(xstat("/tmp/d/e").st_nlink, 2);
}

T_CASE(rename_dir_over_nonempty, "a directory renamed over a non-empty one fails with ENOTEMPTY, changing nothing")
{
	struct stat a, b;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/a", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/b", 0755));
	put("/tmp/b/f", "x");
	a = xstat("/tmp/a");
	b = xstat("/tmp/b");
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/a", "/tmp/b"), ENOTEMPTY);
	T_ASSERT_EQ(xstat("/tmp/a").st_ino, a.st_ino);
	T_ASSERT_EQ(xstat("/tmp/b").st_ino, b.st_ino);
	T_ASSERT_EQ(xstat("/tmp/b/f").st_size, 1);
	/* The target being the source's parent: also not empty. */
	T_ASSERT_OK(rump_sys_mkdir("/tmp/b/c", 0755));
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/b/c", "/tmp/b"), ENOTEMPTY);
}

T_CASE(rename_type_mismatch, "file over directory fails with EISDIR, directory over file with ENOTDIR")
{
	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	put("/tmp/f", "x");
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/f", "/tmp/d"), EISDIR);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/d", "/tmp/f"), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/f/", "/tmp/g"), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/f", "/tmp/g/"), ENOTDIR);
	T_ASSERT(S_ISDIR(xstat("/tmp/d").st_mode));
	T_ASSERT(S_ISREG(xstat("/tmp/f").st_mode));
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/f", "/tmp/f/x"), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_rename("/", "/tmp/x"), EBUSY);
}

T_CASE(rename_dir_parent_links, "moving a directory moves a link from the old parent to the new, and its \"..\"")
{
	char buf[64];
	int fd;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/a", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/b", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/a/c", 0755));
	put("/tmp/a/c/f", "x");
	T_ASSERT_EQ(xstat("/tmp/a").st_nlink, 3);
	T_ASSERT_EQ(xstat("/tmp/b").st_nlink, 2);
	T_ASSERT_EQ(xstat("/tmp/a/c/f").st_size, 1);	/* cached */
	T_ASSERT_OK(rump_sys_chdir("/tmp/a/c"));
	T_ASSERT_OK(rump_sys_rename("/tmp/a/c", "/tmp/b/c"));
	T_ASSERT_EQ(xstat("/tmp/a").st_nlink, 2);
	T_ASSERT_EQ(xstat("/tmp/b").st_nlink, 3);
	T_ASSERT_EQ(xstat("/tmp/b/c").st_nlink, 2);
	T_ASSERT_EQ(xstat("/tmp/b/c/..").st_ino, xstat("/tmp/b").st_ino);
	T_ASSERT_EQ(xstat("..").st_ino, xstat("/tmp/b").st_ino);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/a/c/f", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_EQ(xstat("/tmp/b/c/f").st_size, 1);
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 9);
	T_ASSERT_STREQ(buf, "/tmp/b/c");
	/* The new ".." in a listing. */
	fd = xopen(".", O_RDONLY);
	char dbuf[1024];
	ssize_t n = rump_sys_getdents(fd, dbuf, sizeof(dbuf));
	bool found = false;
	T_ASSERT_GT(n, 0);
	for (ssize_t off = 0; off < n;) {
		struct dirent *d = (struct dirent *)(void *)(dbuf + off);

		if (strcmp(d->d_name, "..") == 0) {
			T_ASSERT_EQ(d->d_ino, xstat("/tmp/b").st_ino);
			found = true;
		}
		off += d->d_reclen;
	}
	T_ASSERT(found);
	/* Within one directory the count stays. */
	T_ASSERT_OK(rump_sys_rename("/tmp/b/c", "/tmp/b/c2"));
	T_ASSERT_EQ(xstat("/tmp/b").st_nlink, 3);
	T_ASSERT_EQ(xstat("/tmp").st_nlink, 4);
}

T_CASE(rename_mountpoint, "a directory with a file system mounted on it cannot be renamed or replaced (EBUSY)")
{
	boot();
	mount_tmpfs("/tmp/m", 0, 0, 0);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/e", 0755));
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/e", "/tmp/m"), EBUSY);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/m", "/tmp/n"), EBUSY);
	T_ASSERT_ERRNO(rump_sys_rmdir("/tmp/m"), EBUSY);
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

/* ------------------------------------------------------------------ */
/* link, symlink, readlink */

T_CASE(link_calls, "link adds a name to the same file (nlink counts); EEXIST, ENOENT, EPERM for directories")
{
	struct stat st;
	char buf[8];

	boot();
	put("/tmp/f", "abc");
	age("/tmp/f");
	T_ASSERT_OK(rump_sys_link("/tmp/f", "/tmp/g"));
	st = xstat("/tmp/g");
	T_ASSERT_EQ(st.st_ino, xstat("/tmp/f").st_ino);
	T_ASSERT_EQ(st.st_nlink, 2);
	put("/tmp/g", "xyz!");		/* one file, two names */
	T_ASSERT_EQ(get("/tmp/f", buf, sizeof(buf)), 4);
	T_ASSERT_STREQ(buf, "xyz!");
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_link("/tmp/f", "/tmp/d/h"));
	T_ASSERT_EQ(xstat("/tmp/f").st_nlink, 3);
	T_ASSERT_ERRNO(rump_sys_link("/tmp/f", "/tmp/g"), EEXIST);
	T_ASSERT_ERRNO(rump_sys_link("/tmp/f", "/tmp/d"), EEXIST);
	T_ASSERT_ERRNO(rump_sys_link("/tmp/none", "/tmp/x"), ENOENT);
	T_ASSERT_ERRNO(rump_sys_link("/tmp/f", "/tmp/none/x"), ENOENT);
	T_ASSERT_ERRNO(rump_sys_link("/tmp/d", "/tmp/d2"), EPERM);
	T_ASSERT_ERRNO(rump_sys_link("/tmp/f/", "/tmp/x"), ENOTDIR);
	T_ASSERT_OK(rump_sys_unlink("/tmp/f"));
	T_ASSERT_OK(rump_sys_unlink("/tmp/g"));
	T_ASSERT_EQ(xstat("/tmp/d/h").st_nlink, 1);
	T_ASSERT_EQ(get("/tmp/d/h", buf, sizeof(buf)), 4);
}

T_CASE(linkat_follow, "linkat links a symbolic link itself, or its target with AT_SYMLINK_FOLLOW")
{
	int dfd;

	boot();
	put("/tmp/f", "x");
	T_ASSERT_OK(rump_sys_symlink("f", "/tmp/l"));
	dfd = xopen("/tmp", O_RDONLY);
	T_ASSERT_OK(rump_sys_linkat(dfd, "l", dfd, "l2", 0));
	T_ASSERT(S_ISLNK(xlstat("/tmp/l2").st_mode));
	T_ASSERT_EQ(xlstat("/tmp/l2").st_ino, xlstat("/tmp/l").st_ino);
	T_ASSERT_EQ(xlstat("/tmp/l").st_nlink, 2);
	T_ASSERT_OK(rump_sys_linkat(dfd, "l", AT_FDCWD, "/tmp/f2", AT_SYMLINK_FOLLOW));
	T_ASSERT(S_ISREG(xlstat("/tmp/f2").st_mode));
	T_ASSERT_EQ(xstat("/tmp/f").st_nlink, 2);
	T_ASSERT_ERRNO(rump_sys_linkat(dfd, "f", dfd, "f3", 0x40000000), EINVAL);
	T_ASSERT_ERRNO(rump_sys_linkat(999, "f", dfd, "f3", 0), EBADF);
}

T_CASE(symlink_readlink, "symlink stores any text; readlink returns it without a NUL, cut to the buffer; EINVAL on a non-link")
{
	char buf[64];
	int dfd;

	boot();
	T_ASSERT_OK(rump_sys_symlink("some/where/else", "/tmp/l"));
	memset(buf, '#', sizeof(buf));
	T_ASSERT_EQ(rump_sys_readlink("/tmp/l", buf, sizeof(buf)), 15);
	T_ASSERT_EQ(memcmp(buf, "some/where/else#", 16), 0);
	T_ASSERT_EQ(rump_sys_readlink("/tmp/l", buf, 4), 4);
	T_ASSERT_EQ(memcmp(buf, "some", 4), 0);
	T_ASSERT_EQ(xlstat("/tmp/l").st_mode & 07777, 0777);
	T_ASSERT_EQ(xlstat("/tmp/l").st_size, 15);
	dfd = xopen("/tmp", O_RDONLY);
	T_ASSERT_EQ(rump_sys_readlinkat(dfd, "l", buf, sizeof(buf)), 15);
	T_ASSERT_OK(rump_sys_symlinkat("/tmp", dfd, "l2"));
	T_ASSERT_EQ(rump_sys_readlink("/tmp/l2", buf, sizeof(buf)), 4);
	T_ASSERT_EQ(xstat("/tmp/l2").st_ino, xstat("/tmp").st_ino);
	T_ASSERT_ERRNO(rump_sys_readlink("/tmp", buf, sizeof(buf)), EINVAL);
	T_ASSERT_ERRNO(rump_sys_readlink("/tmp/none", buf, sizeof(buf)), ENOENT);
	T_ASSERT_ERRNO(rump_sys_readlink("/tmp/l", buf, 0), EINVAL);
	T_ASSERT_ERRNO(rump_sys_symlink("x", "/tmp/l"), EEXIST);
	T_ASSERT_ERRNO(rump_sys_symlink("x", "/tmp"), EEXIST);
	T_ASSERT_ERRNO(rump_sys_symlink("x", "/tmp/none/l"), ENOENT);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/l", &(struct stat){ 0 }), ENOENT);	/* dangling */
	/* A relative link resolves from its own directory. */
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	put("/tmp/d/f", "in d");
	T_ASSERT_OK(rump_sys_symlink("../d/f", "/tmp/d/rel"));
	T_ASSERT_EQ(get("/tmp/d/rel", buf, sizeof(buf)), 4);
	T_ASSERT_STREQ(buf, "in d");
	/* A link through a link in the middle of a path. */
	T_ASSERT_OK(rump_sys_symlink("d", "/tmp/ld"));
	T_ASSERT_EQ(get("/tmp/ld/rel", buf, sizeof(buf)), 4);
}

T_CASE(symlink_loops, "symbolic-link loops fail with ELOOP; a chain of 40 links resolves, of 41 not (Linux's limit)")
{
	char from[32], to[32];
	struct stat st;

	boot();
	T_ASSERT_OK(rump_sys_symlink("/tmp/b", "/tmp/a"));
	T_ASSERT_OK(rump_sys_symlink("/tmp/a", "/tmp/b"));
	T_ASSERT_OK(rump_sys_symlink("self", "/tmp/self"));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/a", &st), ELOOP);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/a", O_RDONLY), ELOOP);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/a", O_CREAT | O_WRONLY, 0644), ELOOP);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/self", &st), ELOOP);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/self/x", &st), ELOOP);
	T_ASSERT_ERRNO(rump_sys_chdir("/tmp/a"), ELOOP);
	T_ASSERT(S_ISLNK(xlstat("/tmp/a").st_mode));
	/* c0 -> c1 -> ... -> c40 -> the file: 41 links from c0, 40
	 * from c1. */
	put("/tmp/end", "x");
	T_ASSERT_OK(rump_sys_symlink("/tmp/end", "/tmp/c40"));
	for (int i = 39; i >= 0; i--) {
		snprintf(from, sizeof(from), "c%d", i + 1);
		snprintf(to, sizeof(to), "/tmp/c%d", i);
		T_ASSERT_OK(rump_sys_symlink(from, to));
	}
	T_ASSERT_EQ(xstat("/tmp/c1").st_ino, xstat("/tmp/end").st_ino);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/c0", &st), ELOOP);
}

/* ------------------------------------------------------------------ */
/* chmod, chown */

T_CASE(chmod_calls, "chmod, fchmod and fchmodat set all twelve bits and the change time; lchmod leaves the target")
{
	struct stat st;
	int fd, dfd;

	boot();
	put("/tmp/f", "x");
	age("/tmp/f");
	T_ASSERT_OK(rump_sys_chmod("/tmp/f", 04751));
	st = xstat("/tmp/f");
	T_ASSERT_EQ(st.st_mode, S_IFREG | 04751);
	T_ASSERT_GT(st.st_ctim.tv_sec, 1000);
	T_ASSERT_EQ(st.st_mtim.tv_sec, 1000);
	fd = xopen("/tmp/f", O_RDONLY);
	T_ASSERT_OK(rump_sys_fchmod(fd, 0600));
	T_ASSERT_EQ(xstat("/tmp/f").st_mode & 07777, 0600);
	dfd = xopen("/tmp", O_RDONLY);
	T_ASSERT_OK(rump_sys_fchmodat(dfd, "f", 02644, 0));
	T_ASSERT_EQ(xfstat(fd).st_mode & 07777, 02644);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_chmod("/tmp/d", 01777));
	T_ASSERT_EQ(xstat("/tmp/d").st_mode, S_IFDIR | 01777);
	T_ASSERT_OK(rump_sys_symlink("f", "/tmp/l"));
	T_ASSERT_OK(rump_sys_chmod("/tmp/l", 0640));	/* follows */
	T_ASSERT_EQ(xstat("/tmp/f").st_mode & 07777, 0640);
	T_ASSERT_ERRNO(rump_sys_chmod("/tmp/none", 0640), ENOENT);
	T_ASSERT_ERRNO(rump_sys_fchmod(999, 0640), EBADF);
	T_ASSERT_ERRNO(rump_sys_fchmodat(dfd, "f", 0640, 0x40000000), EINVAL);
}

T_CASE(chown_calls, "chown follows links, lchown and fchownat(AT_SYMLINK_NOFOLLOW) do not, fchown; -1 keeps an id")
{
	struct stat st;
	int fd;

	boot();
	put("/tmp/f", "x");
	T_ASSERT_OK(rump_sys_symlink("f", "/tmp/l"));
	T_ASSERT_OK(rump_sys_chown("/tmp/f", 10, 20));
	st = xstat("/tmp/f");
	T_ASSERT_EQ(st.st_uid, 10);
	T_ASSERT_EQ(st.st_gid, 20);
	T_ASSERT_OK(rump_sys_chown("/tmp/f", (uid_t)-1, 30));
	T_ASSERT_EQ(xstat("/tmp/f").st_uid, 10);
	T_ASSERT_EQ(xstat("/tmp/f").st_gid, 30);
	T_ASSERT_OK(rump_sys_lchown("/tmp/l", 40, 50));
	T_ASSERT_EQ(xlstat("/tmp/l").st_uid, 40);
	T_ASSERT_EQ(xlstat("/tmp/l").st_gid, 50);
	T_ASSERT_EQ(xstat("/tmp/f").st_uid, 10);
	T_ASSERT_OK(rump_sys_chown("/tmp/l", 60, (gid_t)-1));
	T_ASSERT_EQ(xstat("/tmp/f").st_uid, 60);
	T_ASSERT_EQ(xstat("/tmp/f").st_gid, 30);
	T_ASSERT_EQ(xlstat("/tmp/l").st_uid, 40);
	T_ASSERT_OK(rump_sys_fchownat(AT_FDCWD, "/tmp/l", 70, 80, AT_SYMLINK_NOFOLLOW));
	T_ASSERT_EQ(xlstat("/tmp/l").st_uid, 70);
	T_ASSERT_EQ(xstat("/tmp/f").st_uid, 60);
	fd = xopen("/tmp/f", O_RDONLY);
	T_ASSERT_OK(rump_sys_fchown(fd, 90, 91));
	T_ASSERT_EQ(xstat("/tmp/f").st_uid, 90);
	T_ASSERT_EQ(xstat("/tmp/f").st_gid, 91);
	T_ASSERT_ERRNO(rump_sys_chown("/tmp/none", 1, 1), ENOENT);
	T_ASSERT_ERRNO(rump_sys_fchown(999, 1, 1), EBADF);
	T_ASSERT_ERRNO(rump_sys_fchownat(AT_FDCWD, "/tmp/f", 1, 1, 0x40000000), EINVAL);
}

T_CASE(chmod_chown_not_owner, "a user cannot chmod or chown another's file (EPERM), nor give its own away")
{
	gid_t sup[1] = { 300 };
	int fd;

	boot();
	put("/tmp/root", "x");
	put("/tmp/his", "x");
	T_ASSERT_OK(rump_sys_chown("/tmp/his", 100, 100));
	T_ASSERT_OK(rump_sys_chmod("/tmp/his", 04755));
	as_user(100, 100, 1, sup);
	T_ASSERT_ERRNO(rump_sys_chmod("/tmp/root", 0777), EPERM);
	T_ASSERT_ERRNO(rump_sys_chown("/tmp/root", 100, 100), EPERM);
	T_ASSERT_ERRNO(rump_sys_lchown("/tmp/root", (uid_t)-1, 100), EPERM);
	fd = xopen("/tmp/root", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_fchmod(fd, 0777), EPERM);
	T_ASSERT_ERRNO(rump_sys_fchown(fd, 100, 100), EPERM);
	T_ASSERT_EQ(xstat("/tmp/root").st_mode & 07777, 0644);
	T_ASSERT_EQ(xstat("/tmp/root").st_uid, 0);
	/* Its own file: any mode, a group it is in, never another owner. */
	T_ASSERT_ERRNO(rump_sys_chown("/tmp/his", 200, (gid_t)-1), EPERM);
	T_ASSERT_ERRNO(rump_sys_chown("/tmp/his", (uid_t)-1, 400), EPERM);
	T_ASSERT_OK(rump_sys_chown("/tmp/his", (uid_t)-1, 300));
	T_ASSERT_EQ(xstat("/tmp/his").st_gid, 300);
	T_ASSERT_EQ(xstat("/tmp/his").st_mode & 07777, 0755);	/* set-id bits dropped */
	T_ASSERT_OK(rump_sys_chmod("/tmp/his", 0700));
	T_ASSERT_EQ(xstat("/tmp/his").st_mode & 07777, 0700);
	/* Set-group-id on a file of a group it is not in is dropped. */
	T_ASSERT_OK(rump_sys_chown("/tmp/his", (uid_t)-1, 100));
	as_root();
	T_ASSERT_OK(rump_sys_chown("/tmp/his", (uid_t)-1, 555));
	as_user(100, 100, 0, NULL);
	T_ASSERT_OK(rump_sys_chmod("/tmp/his", 02755));
	T_ASSERT_EQ(xstat("/tmp/his").st_mode & 07777, 0755);
}

/* ------------------------------------------------------------------ */
/* times */

T_CASE(utimes_call, "utimes sets both times with microseconds; NULL sets them to now")
{
	struct timeval tv[2] = { { 100000, 250 }, { 200000, 999999 } };
	struct timespec now;
	struct stat st;

	boot();
	put("/tmp/f", "x");
	T_ASSERT_OK(rump_sys_utimes("/tmp/f", tv));
	st = xstat("/tmp/f");
	T_ASSERT_EQ(st.st_atim.tv_sec, 100000);
	T_ASSERT_EQ(st.st_atim.tv_nsec, 250000);
	T_ASSERT_EQ(st.st_mtim.tv_sec, 200000);
	T_ASSERT_EQ(st.st_mtim.tv_nsec, 999999000);
	T_ASSERT_OK(rump_sys_utimes("/tmp/f", NULL));
	T_ASSERT_OK(rump_sys_clock_gettime(CLOCK_REALTIME, &now));
	st = xstat("/tmp/f");
	T_ASSERT_LE(now.tv_sec - st.st_mtim.tv_sec, 2);
	T_ASSERT_LE(now.tv_sec - st.st_atim.tv_sec, 2);
	tv[0].tv_usec = 1000000;
	T_ASSERT_ERRNO(rump_sys_utimes("/tmp/f", tv), EINVAL);
	T_ASSERT_ERRNO(rump_sys_utimes("/tmp/none", NULL), ENOENT);
}

T_CASE(utimensat_now_omit, "utimensat and futimens keep nanoseconds; UTIME_OMIT leaves a time, UTIME_NOW sets it to now")
{
	struct timespec ts[2] = { { 1000000, 123456789 }, { 2000000, 987654321 } };
	struct timespec now;
	struct stat st;
	int fd;

	boot();
	put("/tmp/f", "x");
	T_ASSERT_OK(rump_sys_utimensat(AT_FDCWD, "/tmp/f", ts, 0));
	st = xstat("/tmp/f");
	T_ASSERT_EQ(st.st_atim.tv_sec, 1000000);
	T_ASSERT_EQ(st.st_atim.tv_nsec, 123456789);
	T_ASSERT_EQ(st.st_mtim.tv_sec, 2000000);
	T_ASSERT_EQ(st.st_mtim.tv_nsec, 987654321);
	ts[0] = (struct timespec){ 5, UTIME_OMIT };
	ts[1] = (struct timespec){ 0, UTIME_NOW };
	T_ASSERT_OK(rump_sys_utimensat(AT_FDCWD, "/tmp/f", ts, 0));
	T_ASSERT_OK(rump_sys_clock_gettime(CLOCK_REALTIME, &now));
	st = xstat("/tmp/f");
	T_ASSERT_EQ(st.st_atim.tv_sec, 1000000);
	T_ASSERT_EQ(st.st_atim.tv_nsec, 123456789);
	T_ASSERT_LE(now.tv_sec - st.st_mtim.tv_sec, 2);
	T_ASSERT_GE(now.tv_sec - st.st_mtim.tv_sec, 0);
	fd = xopen("/tmp/f", O_RDONLY);
	ts[0] = (struct timespec){ 42, 1 };
	ts[1] = (struct timespec){ 0, UTIME_OMIT };
	T_ASSERT_OK(rump_sys_futimens(fd, ts));
	st = xfstat(fd);
	T_ASSERT_EQ(st.st_atim.tv_sec, 42);
	T_ASSERT_EQ(st.st_atim.tv_nsec, 1);
	T_ASSERT_LE(now.tv_sec - st.st_mtim.tv_sec, 2);
	/* A link's own times. */
	T_ASSERT_OK(rump_sys_symlink("f", "/tmp/l"));
	ts[0] = (struct timespec){ 7, 7 };
	ts[1] = (struct timespec){ 8, 8 };
	T_ASSERT_OK(rump_sys_utimensat(AT_FDCWD, "/tmp/l", ts, AT_SYMLINK_NOFOLLOW));
	T_ASSERT_EQ(xlstat("/tmp/l").st_mtim.tv_sec, 8);
	T_ASSERT_EQ(xlstat("/tmp/l").st_mtim.tv_nsec, 8);
	T_ASSERT_EQ(xstat("/tmp/f").st_atim.tv_sec, 42);
	ts[0].tv_nsec = 1000000000;
	T_ASSERT_ERRNO(rump_sys_utimensat(AT_FDCWD, "/tmp/f", ts, 0), EINVAL);
	ts[0].tv_nsec = -1;
	T_ASSERT_ERRNO(rump_sys_futimens(fd, ts), EINVAL);
	T_ASSERT_ERRNO(rump_sys_futimens(999, NULL), EBADF);
	/* A write moves mtime and ctime on. */
	ts[0] = (struct timespec){ 9, 0 };
	ts[1] = (struct timespec){ 9, 0 };
	T_ASSERT_OK(rump_sys_utimensat(AT_FDCWD, "/tmp/f", ts, 0));
	put("/tmp/f", "y");
	T_ASSERT_GT(xstat("/tmp/f").st_mtim.tv_sec, 9);
}

T_CASE(utimensat_empty_path, "utimensat with AT_EMPTY_PATH sets the times of the descriptor's own file, as Linux; EBADF for a closed one")
{
	struct timespec ts[2] = { { 11, 1 }, { 12, 2 } };
	struct stat st;
	int dfd, fd;

	boot();
	put("/tmp/f", "x");
	fd = xopen("/tmp/f", O_RDONLY);
	T_ASSERT_OK(rump_sys_utimensat(fd, "", ts, AT_EMPTY_PATH));
	st = xstat("/tmp/f");
	T_ASSERT_EQ(st.st_atim.tv_sec, 11);
	T_ASSERT_EQ(st.st_mtim.tv_sec, 12);
	T_ASSERT_EQ(st.st_mtim.tv_nsec, 2);
	T_ASSERT_ERRNO(rump_sys_utimensat(fd, "", ts, 0), ENOENT);
	dfd = xopen("/tmp", O_RDONLY);
	ts[1].tv_sec = 13;
	T_ASSERT_OK(rump_sys_utimensat(dfd, "", ts,
	    AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
	T_ASSERT_EQ(xstat("/tmp").st_mtim.tv_sec, 13);
	ts[1].tv_sec = 14;
	T_ASSERT_OK(rump_sys_utimensat(dfd, "f", ts, AT_EMPTY_PATH));
	T_ASSERT_EQ(xstat("/tmp/f").st_mtim.tv_sec, 14);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_ERRNO(rump_sys_utimensat(fd, "", ts, AT_EMPTY_PATH), EBADF);
}

T_CASE(atime_and_noatime, "reading a file or listing a directory updates its access time, except on a RUMP_MNT_NOATIME mount")
{
	char buf[256];
	int fd;

	boot();
	put("/tmp/f", "abc");
	age("/tmp/f");
	age("/tmp");
	fd = xopen("/tmp/f", O_RDONLY);
	T_ASSERT_EQ(rump_sys_read(fd, buf, sizeof(buf)), 3);
	T_ASSERT_GT(xstat("/tmp/f").st_atim.tv_sec, 1000);
	T_ASSERT_EQ(xstat("/tmp/f").st_mtim.tv_sec, 1000);
	T_ASSERT_OK(rump_sys_close(fd));
	fd = xopen("/tmp", O_RDONLY);
	T_ASSERT_GT(rump_sys_getdents(fd, buf, sizeof(buf)), 0);
	T_ASSERT_GT(xstat("/tmp").st_atim.tv_sec, 1000);
	T_ASSERT_OK(rump_sys_close(fd));
	mount_tmpfs("/tmp/m", 0, 0, RUMP_MNT_NOATIME);
	put("/tmp/m/f", "abc");
	age("/tmp/m/f");
	T_ASSERT_EQ(get("/tmp/m/f", buf, sizeof(buf)), 3);
	T_ASSERT_EQ(xstat("/tmp/m/f").st_atim.tv_sec, 1000);
	put("/tmp/m/f", "x");				/* writes still count */
	T_ASSERT_GT(xstat("/tmp/m/f").st_mtim.tv_sec, 1000);
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

T_CASE(utimes_permissions, "a user with write permission may set times to now only (EPERM otherwise); without it EACCES")
{
	struct timespec ts[2] = { { 1, 0 }, { 2, 0 } };

	boot();
	put("/tmp/w", "x");
	put("/tmp/r", "x");
	T_ASSERT_OK(rump_sys_chmod("/tmp/w", 0666));
	T_ASSERT_OK(rump_sys_utimensat(AT_FDCWD, "/tmp/w", ts, 0));
	as_user(100, 100, 0, NULL);
	T_ASSERT_OK(rump_sys_utimensat(AT_FDCWD, "/tmp/w", NULL, 0));
	T_ASSERT_GT(xstat("/tmp/w").st_mtim.tv_sec, 2);
	T_ASSERT_ERRNO(rump_sys_utimensat(AT_FDCWD, "/tmp/w", ts, 0), EPERM);
	T_ASSERT_ERRNO(rump_sys_utimes("/tmp/r", NULL), EACCES);
	T_ASSERT_ERRNO(rump_sys_utimensat(AT_FDCWD, "/tmp/r", ts, 0), EPERM);
}

/* ------------------------------------------------------------------ */
/* truncate, sync */

T_CASE(truncate_grow_shrink, "truncate and ftruncate: growing reads zeroes, shrinking drops the data for good")
{
	char buf[8192], zero[8192] = { 0 };
	int fd;

	boot();
	memset(buf, 'x', sizeof(buf));
	fd = xopen("/tmp/f", O_CREAT | O_RDWR);
	T_ASSERT_EQ(rump_sys_write(fd, buf, 6000), 6000);
	age("/tmp/f");
	T_ASSERT_OK(rump_sys_ftruncate(fd, 100));
	T_ASSERT_EQ(xfstat(fd).st_size, 100);
	T_ASSERT_GT(xfstat(fd).st_mtim.tv_sec, 1000);
	T_ASSERT_EQ(xfstat(fd).st_blocks, PAGE / 512);
	T_ASSERT_OK(rump_sys_truncate("/tmp/f", 8000));
	T_ASSERT_EQ(xstat("/tmp/f").st_size, 8000);
	T_ASSERT_EQ(rump_sys_pread(fd, buf, sizeof(buf), 0), 8000);
	for (int i = 0; i < 100; i++)
		T_ASSERT_EQ(buf[i], 'x');
	T_ASSERT_EQ(memcmp(buf + 100, zero, 7900), 0);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 6000);	/* offset untouched */
	T_ASSERT_OK(rump_sys_ftruncate(fd, 0));
	T_ASSERT_EQ(xfstat(fd).st_size, 0);
	T_ASSERT_EQ(xfstat(fd).st_blocks, 0);
	T_ASSERT_EQ(rump_sys_pread(fd, buf, sizeof(buf), 0), 0);
	T_ASSERT_ERRNO(rump_sys_truncate("/tmp/f", -1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_ftruncate(fd, -1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_truncate("/tmp", 0), EISDIR);
	T_ASSERT_ERRNO(rump_sys_truncate("/tmp/none", 0), ENOENT);
	T_ASSERT_ERRNO(rump_sys_ftruncate(999, 0), EBADF);
	T_ASSERT_OK(rump_sys_close(fd));
	fd = xopen("/tmp/f", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_ftruncate(fd, 10), EINVAL);
	T_ASSERT_OK(rump_sys_chmod("/tmp/f", 0444));
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_truncate("/tmp/f", 10), EACCES);
}

T_CASE(fsync_sync, "fsync and fdatasync succeed on files and directories; sync returns; EBADF")
{
	char buf[8];
	int fd, dfd;

	boot();
	fd = xopen("/tmp/f", O_CREAT | O_RDWR);
	T_ASSERT_EQ(rump_sys_write(fd, "abc", 3), 3);
	T_ASSERT_OK(rump_sys_fsync(fd));
	T_ASSERT_OK(rump_sys_fdatasync(fd));
	dfd = xopen("/tmp", O_RDONLY);
	T_ASSERT_OK(rump_sys_fsync(dfd));
	rump_sys_sync();
	T_ASSERT_EQ(get("/tmp/f", buf, sizeof(buf)), 3);
	T_ASSERT_ERRNO(rump_sys_fsync(999), EBADF);
	T_ASSERT_ERRNO(rump_sys_fdatasync(-1), EBADF);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_ERRNO(rump_sys_fsync(fd), EBADF);
}

/* ------------------------------------------------------------------ */
/* getdents */

/* One getdents call's records: checks their shape, returns how many. */
static int
dents(int fd, char *buf, size_t size, struct dirent **out, int max)
{
	ssize_t n = rump_sys_getdents(fd, buf, size);
	int count = 0;

	T_ASSERT_GE(n, 0);
	for (ssize_t off = 0; off < n;) {
		struct dirent *d = (struct dirent *)(void *)(buf + off);

		T_ASSERT_GT(d->d_reclen, 0);
		T_ASSERT_EQ(d->d_reclen % 8, 0);
		T_ASSERT_LE(off + d->d_reclen, n);
		T_ASSERT_LT(strlen(d->d_name), d->d_reclen);
		T_ASSERT_LT(count, max);
		out[count++] = d;
		off += d->d_reclen;
	}
	return count;
}

T_CASE(getdents_fields, "getdents gives host dirents: inode, type, name, \".\" and \"..\"; then 0 at the end")
{
	char buf[4096];
	struct dirent *d[16];
	bool seen[7] = { false };
	static const char *names[] = { ".", "..", "file", "dir", "link", "fifo", "chr" };
	static const unsigned char types[] = { DT_DIR, DT_DIR, DT_REG, DT_DIR, DT_LNK, DT_FIFO, DT_CHR };
	int fd, n;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	put("/tmp/d/file", "x");
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d/dir", 0755));
	T_ASSERT_OK(rump_sys_symlink("file", "/tmp/d/link"));
	T_ASSERT_OK(rump_sys_mkfifo("/tmp/d/fifo", 0644));
	T_ASSERT_OK(rump_sys_mknod("/tmp/d/chr", S_IFCHR | 0600, makedev(1, 3)));
	fd = xopen("/tmp/d", O_RDONLY | O_DIRECTORY);
	n = dents(fd, buf, sizeof(buf), d, 16);
	T_ASSERT_EQ(n, 7);
	for (int i = 0; i < n; i++) {
		int k;

		for (k = 0; k < 7 && strcmp(names[k], d[i]->d_name) != 0; k++)
			continue;
		T_ASSERT_LT(k, 7);
		T_ASSERT(!seen[k]);
		seen[k] = true;
		T_ASSERT_EQ(d[i]->d_type, types[k]);
		if (k == 0)
			T_ASSERT_EQ(d[i]->d_ino, xstat("/tmp/d").st_ino);
		else if (k == 1)
			T_ASSERT_EQ(d[i]->d_ino, xstat("/tmp").st_ino);
		else {
			char path[64];

			snprintf(path, sizeof(path), "/tmp/d/%s", names[k]);
			T_ASSERT_EQ(d[i]->d_ino, xlstat(path).st_ino);
		}
		if (i > 0)
			T_ASSERT_GT(d[i]->d_off, d[i - 1]->d_off);
	}
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), d[n - 1]->d_off);
	T_ASSERT_EQ(rump_sys_getdents(fd, buf, sizeof(buf)), 0);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_SET), 0);
	T_ASSERT_EQ(dents(fd, buf, sizeof(buf), d, 16), 7);
}

T_CASE(getdents_3000, "a directory of 3000 entries read with a small buffer: every name once, \".\" and \"..\", resumable at any d_off")
{
	enum { N = 3000 };
	static bool seen[N];
	char buf[512], name[32], resume_name[256] = "";
	struct dirent *d[32];
	off_t resume_off = -1;
	int fd, dfd, calls = 0, total = 0, dots = 0;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/big", 0755));
	dfd = xopen("/tmp/big", O_RDONLY);
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "entry-%04d", i);
		fd = rump_sys_openat(dfd, name, O_CREAT | O_WRONLY, 0644);
		T_ASSERT_GE(fd, 0);
		T_ASSERT_OK(rump_sys_close(fd));
	}
	T_ASSERT_EQ(xstat("/tmp/big").st_nlink, 2);
	fd = xopen("/tmp/big", O_RDONLY | O_DIRECTORY);
	for (;;) {
		int n = dents(fd, buf, sizeof(buf), d, 32);

		if (n == 0)
			break;
		calls++;
		for (int i = 0; i < n; i++) {
			int k;

			total++;
			if (strcmp(d[i]->d_name, ".") == 0 ||
			    strcmp(d[i]->d_name, "..") == 0) {
				dots++;
				continue;
			}
			T_ASSERT_EQ(sscanf(d[i]->d_name, "entry-%d", &k), 1);
			T_ASSERT(k >= 0 && k < N);
			T_ASSERT(!seen[k]);
			seen[k] = true;
			T_ASSERT_EQ(d[i]->d_type, DT_REG);
			if (resume_off == -1 && total >= 1500 && i + 1 < n) {
				resume_off = d[i]->d_off;
				snprintf(resume_name, sizeof(resume_name), "%s",
				    d[i + 1]->d_name);
			}
		}
		T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), d[n - 1]->d_off);
	}
	T_ASSERT_EQ(dots, 2);
	T_ASSERT_EQ(total, N + 2);
	for (int i = 0; i < N; i++)
		T_ASSERT(seen[i]);
	T_ASSERT_GE(calls, (N * 24) / (int)sizeof(buf));
	if (resume_off == -1)
		T_FAIL("no resume point recorded");
	T_ASSERT_EQ(rump_sys_lseek(fd, resume_off, SEEK_SET), resume_off);
	T_ASSERT_GT(dents(fd, buf, sizeof(buf), d, 32), 0);
	T_ASSERT_STREQ(d[0]->d_name, resume_name);
	/* d_ino matches stat */
	struct stat st;
	T_ASSERT_OK(rump_sys_fstatat(dfd, d[0]->d_name, &st, 0));
	T_ASSERT_EQ(d[0]->d_ino, st.st_ino);
}

T_CASE(getdents_removals_between_calls, "entries removed between getdents calls are skipped, the rest each come once")
{
	char buf[256], name[32];
	struct dirent *d[16];
	bool seen[100] = { false };
	int fd, dfd, n, k, got = 0;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	dfd = xopen("/tmp/d", O_RDONLY);
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "n%02d", i);
		fd = rump_sys_openat(dfd, name, O_CREAT | O_WRONLY, 0644);
		T_ASSERT_GE(fd, 0);
		T_ASSERT_OK(rump_sys_close(fd));
	}
	fd = xopen("/tmp/d", O_RDONLY);
	n = dents(fd, buf, sizeof(buf), d, 16);		/* ".", "..", n00... */
	T_ASSERT_GT(n, 3);
	for (int i = 0; i < n; i++)
		if (sscanf(d[i]->d_name, "n%d", &k) == 1) {
			seen[k] = true;
			got++;
		}
	/* Remove the next entry to come, and every fourth after it. */
	for (int i = got; i < 100; i += 4) {
		snprintf(name, sizeof(name), "n%02d", i);
		T_ASSERT_OK(rump_sys_unlinkat(dfd, name, 0));
	}
	while ((n = dents(fd, buf, sizeof(buf), d, 16)) > 0)
		for (int i = 0; i < n; i++) {
			T_ASSERT_EQ(sscanf(d[i]->d_name, "n%d", &k), 1);
			T_ASSERT(!seen[k]);
			seen[k] = true;
		}
	for (int i = 0; i < 100; i++)
		T_ASSERT_EQ(seen[i], i < got || (i - got) % 4 != 0);
}

T_CASE(getdents_errors, "getdents: ENOTDIR on a file, EBADF on a bad descriptor, EINVAL when no entry fits")
{
	char buf[4096];
	int fd;

	boot();
	put("/tmp/f", "x");
	fd = xopen("/tmp/f", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_getdents(fd, buf, sizeof(buf)), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_getdents(999, buf, sizeof(buf)), EBADF);
	fd = xopen("/tmp", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_getdents(fd, buf, 8), EINVAL);
	T_ASSERT_GT(rump_sys_getdents(fd, buf, sizeof(buf)), 0);
	T_ASSERT_EQ(rump_sys_lseek(fd, (off_t)1 << 40, SEEK_SET), (off_t)1 << 40);
	T_ASSERT_EQ(rump_sys_getdents(fd, buf, sizeof(buf)), 0);	/* past the last */
}

T_CASE(getdents_long_name, "a 255-byte name is created, listed whole and found again")
{
	char name[300], path[320], buf[1024];
	struct dirent *d[8];
	int fd, n;
	bool found = false;

	boot();
	repeat(name, 'n', 255);
	snprintf(path, sizeof(path), "/tmp/%s", name);
	put(path, "x");
	T_ASSERT_EQ(xstat(path).st_size, 1);
	fd = xopen("/tmp", O_RDONLY);
	n = dents(fd, buf, sizeof(buf), d, 8);
	for (int i = 0; i < n; i++)
		if (strlen(d[i]->d_name) == 255) {
			T_ASSERT_STREQ(d[i]->d_name, name);
			T_ASSERT_EQ(d[i]->d_ino, xstat(path).st_ino);
			found = true;
		}
	T_ASSERT(found);
}

/* ------------------------------------------------------------------ */
/* current and root directories, umask */

T_CASE(getcwd_chdir, "__getcwd returns the path and its length with the NUL; ERANGE when short; chdir and fchdir")
{
	char buf[64];
	int fd;

	boot();
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 2);
	T_ASSERT_STREQ(buf, "/");
	T_ASSERT_OK(rump_sys_mkdir("/tmp/a", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/a/bc", 0755));
	T_ASSERT_OK(rump_sys_chdir("/tmp/a/bc"));
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 10);
	T_ASSERT_STREQ(buf, "/tmp/a/bc");
	T_ASSERT_EQ(rump_sys___getcwd(buf, 10), 10);
	T_ASSERT_ERRNO(rump_sys___getcwd(buf, 9), ERANGE);
	T_ASSERT_ERRNO(rump_sys___getcwd(buf, 1), ERANGE);
	put("rel", "x");			/* relative to the cwd */
	T_ASSERT_EQ(xstat("/tmp/a/bc/rel").st_size, 1);
	T_ASSERT_OK(rump_sys_chdir(".."));
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 7);
	T_ASSERT_STREQ(buf, "/tmp/a");
	fd = xopen("/tmp/a/bc", O_RDONLY);
	T_ASSERT_OK(rump_sys_chdir("/"));
	T_ASSERT_OK(rump_sys_fchdir(fd));
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 10);
	T_ASSERT_STREQ(buf, "/tmp/a/bc");
	T_ASSERT_EQ(xstat("rel").st_size, 1);
	T_ASSERT_ERRNO(rump_sys_chdir("/tmp/none"), ENOENT);
	T_ASSERT_ERRNO(rump_sys_chdir("rel"), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_fchdir(xopen("rel", O_RDONLY)), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_fchdir(999), EBADF);
	T_ASSERT_STREQ(buf, "/tmp/a/bc");
	/* Through a link: the real path. */
	T_ASSERT_OK(rump_sys_symlink("/tmp/a", "/tmp/la"));
	T_ASSERT_OK(rump_sys_chdir("/tmp/la/bc"));
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 10);
	T_ASSERT_STREQ(buf, "/tmp/a/bc");
}

T_CASE(getcwd_across_mount, "__getcwd inside a mounted file system gives the whole path")
{
	char buf[64];

	boot();
	mount_tmpfs("/tmp/m", 0, 0, 0);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/sub", 0755));
	T_ASSERT_OK(rump_sys_chdir("/tmp/m/sub"));
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 11);
	T_ASSERT_STREQ(buf, "/tmp/m/sub");
	T_ASSERT_OK(rump_sys_chdir(".."));
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 7);
	T_ASSERT_STREQ(buf, "/tmp/m");
	T_ASSERT_OK(rump_sys_chdir(".."));
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 5);
	T_ASSERT_STREQ(buf, "/tmp");
}

T_CASE(cwd_removed, "in a removed current directory nothing can be created (ENOENT) and __getcwd fails")
{
	char buf[64];

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_chdir("/tmp/d"));
	T_ASSERT_OK(rump_sys_rmdir("/tmp/d"));
	T_ASSERT_ERRNO(rump_sys_creat("f", 0644), ENOENT);
	T_ASSERT_ERRNO(rump_sys_mkdir("e", 0755), ENOENT);
	T_ASSERT_ERRNO(rump_sys_stat("f", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), -1);
	T_ASSERT_EQ(xstat(".").st_nlink, 0);
}

T_CASE(chdir_permission, "a user cannot chdir into a directory without search permission (EACCES)")
{
	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0700));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/e", 0755));
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_chdir("/tmp/d"), EACCES);
	T_ASSERT_OK(rump_sys_chdir("/tmp/e"));
}

T_CASE(search_follows_chmod, "a user's path walks (cached, and the last name's locked lookup) and chdir see a directory's search permission change at once, both ways")
{
	struct lwp *user;
	struct stat st;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d/e", 0755));
	put("/tmp/d/e/f", "x");
	user = as_user(100, 100, 0, NULL);
	for (int i = 0; i < 3; i++)	/* the walk is cached now */
		T_ASSERT_OK(rump_sys_stat("/tmp/d/e/f", &st));
	as_root();
	T_ASSERT_OK(rump_sys_chmod("/tmp/d/e", 0700));
	rump_pub_lwproc_switch(user);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/d/e/f", &st), EACCES);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/d/e/f", O_RDONLY), EACCES);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/d/e/g", O_CREAT | O_WRONLY, 0644),
	    EACCES);
	T_ASSERT_ERRNO(rump_sys_unlink("/tmp/d/e/f"), EACCES);
	T_ASSERT_ERRNO(rump_sys_chdir("/tmp/d/e"), EACCES);
	as_root();
	T_ASSERT_OK(rump_sys_chmod("/tmp/d/e", 0711));
	rump_pub_lwproc_switch(user);
	T_ASSERT_OK(rump_sys_stat("/tmp/d/e/f", &st));
	T_ASSERT_OK(rump_sys_chdir("/tmp/d/e"));
	T_ASSERT_OK(rump_sys_chdir("/"));
	as_root();
	T_ASSERT_OK(rump_sys_chmod("/tmp/d", 0710));	/* group 0 only */
	rump_pub_lwproc_switch(user);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/d/e/f", &st), EACCES);
}

T_CASE(chroot_call, "chroot: \"/\" is the new root, \"..\" at it stays, outside names vanish, a working directory left outside has no name (ENOENT); EPERM for a user, after the path's own errors (as on Linux)")
{
	struct stat jail, sub;
	char buf[64];

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/jail", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/jail/sub", 0755));
	put("/tmp/jail/in", "inside");
	put("/tmp/out", "outside");
	jail = xstat("/tmp/jail");
	sub = xstat("/tmp/jail/sub");
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFFDG), 0);
	T_ASSERT_OK(rump_sys_chroot("/tmp/jail"));
	T_ASSERT_ERRNO(rump_sys___getcwd(buf, sizeof(buf)), ENOENT);
	T_ASSERT_OK(rump_sys_chdir("/"));
	T_ASSERT_EQ(xstat("/").st_ino, jail.st_ino);
	T_ASSERT_EQ(xstat("/..").st_ino, jail.st_ino);
	T_ASSERT_EQ(xstat("/../../..").st_ino, jail.st_ino);
	T_ASSERT_EQ(xstat("..").st_ino, jail.st_ino);
	T_ASSERT_EQ(xstat("/sub/../..").st_ino, jail.st_ino);
	T_ASSERT_EQ(xstat("/in").st_size, 6);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/out", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_ERRNO(rump_sys_stat("/../tmp/out", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_OK(rump_sys_chdir("/sub"));
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 5);
	T_ASSERT_STREQ(buf, "/sub");
	T_ASSERT_OK(rump_sys_chdir("../.."));
	T_ASSERT_EQ(xstat(".").st_ino, jail.st_ino);
	T_ASSERT_NE(xstat("/sub").st_ino, jail.st_ino);
	T_ASSERT_EQ(xstat("/sub").st_ino, sub.st_ino);
	/* A symbolic link to "/" means the new root. */
	T_ASSERT_OK(rump_sys_symlink("/", "/sub/toroot"));
	T_ASSERT_EQ(xstat("/sub/toroot").st_ino, jail.st_ino);
	/* Process 1 is not confined. */
	as_root();
	T_ASSERT_EQ(xstat("/tmp/out").st_size, 7);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/closed", 0700));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/closed/in", 0755));
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_chroot("/tmp"), EPERM);
	T_ASSERT_ERRNO(rump_sys_chroot("/tmp/out"), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_chroot("/tmp/none"), ENOENT);
	T_ASSERT_ERRNO(rump_sys_chroot("/tmp/closed/in"), EACCES);
	as_root();
	T_ASSERT_ERRNO(rump_sys_chroot("/tmp/out"), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_chroot("/tmp/none"), ENOENT);
}

T_CASE(umask_modes, "umask returns the old mask and clears bits of new files, directories and FIFOs, not of links")
{
	int fd;

	boot();
	T_ASSERT_EQ(rump_sys_umask(077), 022);
	fd = rump_sys_open("/tmp/f", O_CREAT | O_WRONLY, 0666);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_EQ(xfstat(fd).st_mode & 07777, 0600);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0777));
	T_ASSERT_EQ(xstat("/tmp/d").st_mode & 07777, 0700);
	T_ASSERT_OK(rump_sys_mkfifo("/tmp/p", 0666));
	T_ASSERT_EQ(xstat("/tmp/p").st_mode & 07777, 0600);
	T_ASSERT_OK(rump_sys_mknod("/tmp/n", S_IFREG | 0644, 0));
	T_ASSERT_EQ(xstat("/tmp/n").st_mode & 07777, 0600);
	T_ASSERT_OK(rump_sys_symlink("f", "/tmp/l"));
	T_ASSERT_EQ(xlstat("/tmp/l").st_mode & 07777, 0777);
	T_ASSERT_EQ(rump_sys_umask(0), 077);
	fd = rump_sys_creat("/tmp/g", 0777);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_EQ(xfstat(fd).st_mode & 07777, 0777);
	/* A child inherits the mask; its changes stay its own. */
	T_ASSERT_EQ(rump_sys_umask(027), 0);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFFDG), 0);
	T_ASSERT_EQ(rump_sys_umask(0002), 027);
	as_root();
	T_ASSERT_EQ(rump_sys_umask(022), 027);
}

/* ------------------------------------------------------------------ */
/* descriptors on files */

T_CASE(dup_shared_offset, "dup, dup2 and an inherited table share the file offset; dup2 closes its target")
{
	int fd, d, other;

	boot();
	put("/tmp/other", "o");
	fd = xopen("/tmp/f", O_CREAT | O_RDWR);
	T_ASSERT_EQ(rump_sys_write(fd, "abc", 3), 3);
	d = rump_sys_dup(fd);
	T_ASSERT_GE(d, 0);
	T_ASSERT_NE(d, fd);
	T_ASSERT_EQ(rump_sys_lseek(d, 0, SEEK_CUR), 3);
	T_ASSERT_EQ(rump_sys_write(d, "de", 2), 2);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 5);
	other = xopen("/tmp/other", O_RDONLY);
	T_ASSERT_EQ(rump_sys_dup2(fd, other), other);
	T_ASSERT_EQ(xfstat(other).st_ino, xstat("/tmp/f").st_ino);
	T_ASSERT_EQ(rump_sys_lseek(other, 1, SEEK_SET), 1);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 1);
	T_ASSERT_EQ(rump_sys_dup2(fd, 40), 40);
	T_ASSERT_EQ(rump_sys_write(40, "X", 1), 1);
	T_ASSERT_EQ(rump_sys_lseek(d, 0, SEEK_CUR), 2);
	T_ASSERT_EQ(rump_sys_dup2(fd, fd), fd);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_EQ(rump_sys_lseek(d, 0, SEEK_CUR), 2);	/* the others stay open */
	/* A copied table shares the open files. */
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFFDG), 0);
	T_ASSERT_EQ(rump_sys_write(d, "Y", 1), 1);
	as_root();
	T_ASSERT_EQ(rump_sys_lseek(d, 0, SEEK_CUR), 3);
	char buf[8];
	T_ASSERT_EQ(rump_sys_pread(d, buf, sizeof(buf), 0), 5);
	T_ASSERT_EQ(memcmp(buf, "aXYde", 5), 0);
	T_ASSERT_ERRNO(rump_sys_dup(999), EBADF);
	T_ASSERT_ERRNO(rump_sys_dup2(999, 3), EBADF);
}

T_CASE(fcntl_append, "F_GETFL shows the access mode and O_APPEND; F_SETFL O_APPEND changes where writes go, for every dup")
{
	char buf[16];
	int fd, d;

	boot();
	put("/tmp/f", "abc");
	fd = xopen("/tmp/f", O_RDWR);
	d = rump_sys_dup(fd);
	T_ASSERT_EQ(rump_sys_fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND), O_RDWR);
	T_ASSERT_OK(rump_sys_fcntl(fd, F_SETFL, O_APPEND));
	T_ASSERT_EQ(rump_sys_fcntl(d, F_GETFL) & (O_ACCMODE | O_APPEND), O_RDWR | O_APPEND);
	T_ASSERT_EQ(rump_sys_write(d, "d", 1), 1);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR), 4);
	T_ASSERT_OK(rump_sys_fcntl(fd, F_SETFL, 0));
	T_ASSERT_EQ(rump_sys_fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND), O_RDWR);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_SET), 0);
	T_ASSERT_EQ(rump_sys_write(fd, "X", 1), 1);
	T_ASSERT_EQ(get("/tmp/f", buf, sizeof(buf)), 4);
	T_ASSERT_STREQ(buf, "Xbcd");
	T_ASSERT_OK(rump_sys_fcntl(fd, F_SETFL, O_WRONLY | O_APPEND));	/* mode unchanged */
	T_ASSERT_EQ(rump_sys_fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	T_ASSERT_ERRNO(rump_sys_fcntl(999, F_GETFL), EBADF);
}

T_CASE(ioctl_fionread, "FIONREAD on a file gives the bytes from the offset to the end")
{
	char buf[32];
	int fd, n = -1;

	boot();
	fd = xopen("/tmp/f", O_CREAT | O_RDWR);
	memset(buf, 'z', sizeof(buf));
	T_ASSERT_EQ(rump_sys_pwrite(fd, buf, 30, 0), 30);
	T_ASSERT_OK(rump_sys_ioctl(fd, FIONREAD, &n));
	T_ASSERT_EQ(n, 30);
	T_ASSERT_EQ(rump_sys_read(fd, buf, 12), 12);
	T_ASSERT_OK(rump_sys_ioctl(fd, FIONREAD, &n));
	T_ASSERT_EQ(n, 18);
	T_ASSERT_EQ(rump_sys_lseek(fd, 100, SEEK_SET), 100);
	T_ASSERT_OK(rump_sys_ioctl(fd, FIONREAD, &n));
	T_ASSERT_EQ(n, 0);
	T_ASSERT_OK(rump_sys_ftruncate(fd, 1000));
	T_ASSERT_OK(rump_sys_ioctl(fd, FIONREAD, &n));
	T_ASSERT_EQ(n, 900);
	T_ASSERT_ERRNO(rump_sys_ioctl(999, FIONREAD, &n), EBADF);
	T_ASSERT_ERRNO(rump_sys_ioctl(xopen("/tmp", O_RDONLY), FIONREAD, &n), ENOTTY);
}

T_CASE(emfile, "opening past the descriptor limit fails with EMFILE; closing one makes room")
{
	int fd, last = -1, count = 0;

	boot();
	put("/tmp/f", "x");
	while ((fd = rump_sys_open("/tmp/f", O_RDONLY)) >= 0) {
		last = fd;
		T_ASSERT_LT(++count, 100000);
	}
	T_ASSERT_EQ(errno, EMFILE);
	T_ASSERT_GE(count, 1000);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/f", O_RDONLY), EMFILE);
	T_ASSERT_ERRNO(rump_sys_dup(last), EMFILE);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/new", O_CREAT | O_RDWR, 0644), EMFILE);
	T_ASSERT_OK(rump_sys_close(7));
	T_ASSERT_EQ(rump_sys_open("/tmp/f", O_RDONLY), 7);
}

T_CASE(ebadf_calls, "calls on a closed or never-opened descriptor fail with EBADF")
{
	struct statvfs sv;
	struct stat st;
	char buf[64];
	int fd;

	boot();
	put("/tmp/f", "x");
	fd = xopen("/tmp/f", O_RDWR);
	T_ASSERT_OK(rump_sys_close(fd));
	int bad[] = { fd, -1, 4095, 100000 };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int b = bad[i];

		T_ASSERT_ERRNO(rump_sys_read(b, buf, 1), EBADF);
		T_ASSERT_ERRNO(rump_sys_write(b, buf, 1), EBADF);
		T_ASSERT_ERRNO(rump_sys_pread(b, buf, 1, 0), EBADF);
		T_ASSERT_ERRNO(rump_sys_fstat(b, &st), EBADF);
		T_ASSERT_ERRNO(rump_sys_fstatvfs(b, &sv), EBADF);
		T_ASSERT_ERRNO(rump_sys_fchmod(b, 0600), EBADF);
		T_ASSERT_ERRNO(rump_sys_fchown(b, 1, 1), EBADF);
		T_ASSERT_ERRNO(rump_sys_ftruncate(b, 0), EBADF);
		T_ASSERT_ERRNO(rump_sys_fsync(b), EBADF);
		T_ASSERT_ERRNO(rump_sys_getdents(b, buf, sizeof(buf)), EBADF);
		T_ASSERT_ERRNO(rump_sys_fchdir(b), EBADF);
		T_ASSERT_ERRNO(rump_sys_futimens(b, NULL), EBADF);
		T_ASSERT_ERRNO(rump_sys_lseek(b, 0, SEEK_SET), EBADF);
		T_ASSERT_ERRNO(rump_sys_close(b), EBADF);
		T_ASSERT_ERRNO(rump_sys_openat(b, "f", O_RDONLY), EBADF);
		T_ASSERT_ERRNO(rump_sys_fstatat(b, "f", &st, 0), EBADF);
		T_ASSERT_ERRNO(rump_sys_mkdirat(b, "d", 0755), EBADF);
		T_ASSERT_ERRNO(rump_sys_unlinkat(b, "f", 0), EBADF);
		T_ASSERT_ERRNO(rump_sys_renameat(b, "f", AT_FDCWD, "/tmp/g"), EBADF);
		T_ASSERT_ERRNO(rump_sys_readlinkat(b, "l", buf, sizeof(buf)), EBADF);
		T_ASSERT_ERRNO(rump_sys_faccessat(b, "f", R_OK, 0), EBADF);
	}
	/* A pipe is a descriptor but not a directory: refused. */
	int p[2];
	T_ASSERT_OK(rump_sys_pipe(p));
	T_ASSERT_EQ(rump_sys_fchdir(p[0]), -1);
	T_ASSERT(errno == EBADF || errno == ENOTDIR);
	T_ASSERT_EQ(rump_sys_getdents(p[0], buf, sizeof(buf)), -1);
	T_ASSERT(errno == EBADF || errno == ENOTDIR);
	T_ASSERT_EQ(rump_sys_openat(p[0], "f", O_RDONLY), -1);
	T_ASSERT(errno == EBADF || errno == ENOTDIR);
}

/* ------------------------------------------------------------------ */
/* mount, unmount, statvfs */

T_CASE(mount_tmpfs_basic, "a tmpfs mounted with its arguments covers the directory until unmounted")
{
	struct tmpfs_args a = { .ta_version = TMPFS_ARGS_VERSION,
	    .ta_root_uid = 100, .ta_root_gid = 200, .ta_root_mode = 0750 };
	struct statvfs sv;
	struct stat st, under;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m", 0755));
	put("/tmp/m/hidden", "x");
	under = xstat("/tmp/m");
	T_ASSERT_OK(rump_sys_mount("tmpfs", "/tmp/m", 0, &a, sizeof(a)));
	st = xstat("/tmp/m");
	T_ASSERT(S_ISDIR(st.st_mode));
	T_ASSERT_EQ(st.st_mode & 07777, 0750);
	T_ASSERT_EQ(st.st_uid, 100);
	T_ASSERT_EQ(st.st_gid, 200);
	T_ASSERT_EQ(st.st_nlink, 2);
	T_ASSERT_NE(st.st_dev, under.st_dev);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/hidden", &st), ENOENT);
	put("/tmp/m/new", "y");
	T_ASSERT_EQ(xstat("/tmp/m/new").st_dev, xstat("/tmp/m").st_dev);
	T_ASSERT_OK(rump_sys_statvfs("/tmp/m/new", &sv));
	T_ASSERT_EQ(sv.f_bsize, PAGE);
	T_ASSERT_EQ(sv.f_namemax, 255);
	T_ASSERT_EQ(sv.f_flag & ST_RDONLY, 0);
	struct statvfs root;
	T_ASSERT_OK(rump_sys_statvfs("/", &root));
	T_ASSERT_NE(sv.f_fsid, root.f_fsid);
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
	T_ASSERT_EQ(xstat("/tmp/m").st_ino, under.st_ino);
	T_ASSERT_EQ(xstat("/tmp/m/hidden").st_size, 1);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/new", &st), ENOENT);
	/* Again, with no arguments at all: the defaults. */
	T_ASSERT_OK(rump_sys_mount("tmpfs", "/tmp/m", 0, NULL, 0));
	T_ASSERT_EQ(xstat("/tmp/m").st_mode & 07777, 01777);
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

T_CASE(mount_errors, "mount and unmount refuse users (EPERM), unknown types (ENODEV), files (ENOTDIR), bad arguments (EINVAL)")
{
	struct tmpfs_args a = { .ta_version = TMPFS_ARGS_VERSION, .ta_root_mode = 0777 };
	struct tmpfs_args bad = a;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m", 0777));
	put("/tmp/f", "x");
	T_ASSERT_ERRNO(rump_sys_mount("nosuchfs", "/tmp/m", 0, &a, sizeof(a)), ENODEV);
	T_ASSERT_ERRNO(rump_sys_mount("tmpfs", "/tmp/f", 0, &a, sizeof(a)), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_mount("tmpfs", "/tmp/none", 0, &a, sizeof(a)), ENOENT);
	bad.ta_version = 99;
	T_ASSERT_ERRNO(rump_sys_mount("tmpfs", "/tmp/m", 0, &bad, sizeof(bad)), EINVAL);
	T_ASSERT_ERRNO(rump_sys_mount("tmpfs", "/tmp/m", 0, &a, 4), EINVAL);
	bad = a;
	bad.ta_size_max = -1;
	T_ASSERT_ERRNO(rump_sys_mount("tmpfs", "/tmp/m", 0, &bad, sizeof(bad)), EINVAL);
	T_ASSERT_ERRNO(rump_sys_unmount("/tmp/m", 0), EINVAL);	/* nothing mounted */
	T_ASSERT_ERRNO(rump_sys_mount("tmpfs", "/tmp/m", RUMP_MNT_UPDATE, NULL, 0), EINVAL);
	T_ASSERT_ERRNO(rump_sys_unmount("/tmp/none", 0), ENOENT);
	T_ASSERT_ERRNO(rump_sys_unmount("/", 0), EBUSY);
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_mount("tmpfs", "/tmp/m", 0, &a, sizeof(a)), EPERM);
	as_root();
	T_ASSERT_OK(rump_sys_mount("tmpfs", "/tmp/m", 0, &a, sizeof(a)));
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_unmount("/tmp/m", 0), EPERM);
	as_root();
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

T_CASE(mount_size_limit, "a tmpfs size limit: a write is cut short at the limit, then ENOSPC; freeing makes room")
{
	static char buf[20000];
	struct statvfs sv;
	int fd;

	boot();
	mount_tmpfs("/tmp/m", 0, 4 * PAGE, 0);
	T_ASSERT_OK(rump_sys_statvfs("/tmp/m", &sv));
	T_ASSERT_EQ(sv.f_blocks, 4);
	T_ASSERT_EQ(sv.f_bfree, 4);
	fd = xopen("/tmp/m/f", O_CREAT | O_RDWR);
	memset(buf, 'q', sizeof(buf));
	T_ASSERT_EQ(rump_sys_write(fd, buf, sizeof(buf)), 4 * PAGE);
	T_ASSERT_ERRNO(rump_sys_write(fd, buf, 1), ENOSPC);
	T_ASSERT_EQ(xfstat(fd).st_size, 4 * PAGE);
	T_ASSERT_OK(rump_sys_fstatvfs(fd, &sv));
	T_ASSERT_EQ(sv.f_bfree, 0);
	T_ASSERT_EQ(sv.f_bavail, 0);
	int fd2 = xopen("/tmp/m/g", O_CREAT | O_RDWR);	/* nodes are not data */
	T_ASSERT_ERRNO(rump_sys_pwrite(fd2, "x", 1, 0), ENOSPC);
	T_ASSERT_EQ(rump_sys_pwrite(fd, "over", 4, 10), 4);	/* an existing page */
	T_ASSERT_OK(rump_sys_ftruncate(fd, PAGE));
	T_ASSERT_OK(rump_sys_fstatvfs(fd, &sv));
	T_ASSERT_EQ(sv.f_bfree, 3);
	T_ASSERT_EQ(rump_sys_pwrite(fd2, buf, 3 * PAGE, 0), 3 * PAGE);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_unlink("/tmp/m/f"));
	T_ASSERT_OK(rump_sys_statvfs("/tmp/m", &sv));
	T_ASSERT_EQ(sv.f_bfree, 1);
	T_ASSERT_OK(rump_sys_close(fd2));
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

T_CASE(mount_node_limit, "a tmpfs node limit (the root counts): creating past it fails with ENOSPC for every kind of file")
{
	struct statvfs sv;
	int fd;

	boot();
	mount_tmpfs("/tmp/m", 3, 0, 0);
	T_ASSERT_OK(rump_sys_statvfs("/tmp/m", &sv));
	T_ASSERT_EQ(sv.f_files, 3);
	T_ASSERT_EQ(sv.f_ffree, 2);
	put("/tmp/m/a", "a");
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/d", 0755));
	T_ASSERT_OK(rump_sys_statvfs("/tmp/m", &sv));
	T_ASSERT_EQ(sv.f_ffree, 0);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/m/b", O_CREAT | O_WRONLY, 0644), ENOSPC);
	T_ASSERT_ERRNO(rump_sys_mkdir("/tmp/m/e", 0755), ENOSPC);
	T_ASSERT_ERRNO(rump_sys_symlink("a", "/tmp/m/l"), ENOSPC);
	T_ASSERT_ERRNO(rump_sys_mkfifo("/tmp/m/p", 0644), ENOSPC);
	T_ASSERT_ERRNO(rump_sys_mknod("/tmp/m/n", S_IFREG | 0644, 0), ENOSPC);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/b", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_OK(rump_sys_link("/tmp/m/a", "/tmp/m/a2"));	/* a name, not a node */
	T_ASSERT_OK(rump_sys_rmdir("/tmp/m/d"));
	fd = rump_sys_open("/tmp/m/b", O_CREAT | O_WRONLY, 0644);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

T_CASE(unmount_busy_file, "unmount fails with EBUSY while a file in the mount is open, succeeds once it is closed")
{
	int fd;

	boot();
	mount_tmpfs("/tmp/m", 0, 0, 0);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/d", 0755));
	put("/tmp/m/d/f", "x");
	fd = xopen("/tmp/m/d/f", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_unmount("/tmp/m", 0), EBUSY);
	T_ASSERT_EQ(xstat("/tmp/m/d/f").st_size, 1);	/* still mounted, whole */
	T_ASSERT_OK(rump_sys_close(fd));
	fd = xopen("/tmp/m", O_RDONLY);		/* the root itself */
	T_ASSERT_ERRNO(rump_sys_unmount("/tmp/m", 0), EBUSY);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/d", &(struct stat){ 0 }), ENOENT);
}

T_CASE(unmount_busy_cwd, "unmount fails with EBUSY while a process's current directory is in the mount")
{
	struct lwp *child;

	boot();
	mount_tmpfs("/tmp/m", 0, 0, 0);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/d", 0755));
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	child = rump_pub_lwproc_curlwp();
	T_ASSERT_OK(rump_sys_chdir("/tmp/m/d"));
	as_root();
	T_ASSERT_ERRNO(rump_sys_unmount("/tmp/m", 0), EBUSY);
	rump_pub_lwproc_switch(child);
	T_ASSERT_OK(rump_sys_chdir(".."));		/* the mount's root */
	as_root();
	T_ASSERT_ERRNO(rump_sys_unmount("/tmp/m", 0), EBUSY);
	rump_pub_lwproc_switch(child);
	T_ASSERT_OK(rump_sys_chdir(".."));		/* /tmp, outside */
	as_root();
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

T_CASE(unmount_force, "a forced unmount succeeds with a file open; that descriptor then fails with EIO")
{
	char buf[8];
	int fd, dfd;

	boot();
	mount_tmpfs("/tmp/m", 0, 0, 0);
	put("/tmp/m/f", "data");
	fd = xopen("/tmp/m/f", O_RDWR);
	dfd = xopen("/tmp/m", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_unmount("/tmp/m", 0), EBUSY);
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", RUMP_MNT_FORCE));
	T_ASSERT_ERRNO(rump_sys_read(fd, buf, sizeof(buf)), EIO);
	T_ASSERT_ERRNO(rump_sys_write(fd, "x", 1), EIO);
	T_ASSERT_ERRNO(rump_sys_fstat(fd, &(struct stat){ 0 }), EIO);
	T_ASSERT_ERRNO(rump_sys_getdents(dfd, buf, sizeof(buf)), EIO);
	T_ASSERT_EQ(rump_sys_openat(dfd, "f", O_RDONLY), -1);
	T_ASSERT(errno == EIO || errno == ENOENT);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/f", &(struct stat){ 0 }), ENOENT);
	T_ASSERT(S_ISDIR(xstat("/tmp/m").st_mode));
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_close(dfd));
	/* The directory can be mounted on again. */
	mount_tmpfs("/tmp/m", 0, 0, 0);
	put("/tmp/m/g", "x");
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

T_CASE(mount_rdonly, "a read-only mount: EROFS for creating, writing, removing and changing; reading works")
{
	struct statvfs sv;
	char buf[8];
	int fd;

	boot();
	mount_tmpfs("/tmp/m", 0, 0, 0);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/d", 0777));
	put("/tmp/m/f", "data");
	T_ASSERT_OK(rump_sys_mount("tmpfs", "/tmp/m", RUMP_MNT_UPDATE | RUMP_MNT_RDONLY, NULL, 0));
	T_ASSERT_OK(rump_sys_statvfs("/tmp/m", &sv));
	T_ASSERT(sv.f_flag & ST_RDONLY);
	T_ASSERT_EQ(get("/tmp/m/f", buf, sizeof(buf)), 4);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/m/new", O_CREAT | O_WRONLY, 0644), EROFS);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/m/f", O_WRONLY), EROFS);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/m/f", O_RDWR), EROFS);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/m/f", O_RDONLY | O_TRUNC), EROFS);
	T_ASSERT_ERRNO(rump_sys_creat("/tmp/m/f", 0644), EROFS);
	T_ASSERT_ERRNO(rump_sys_unlink("/tmp/m/f"), EROFS);
	T_ASSERT_ERRNO(rump_sys_mkdir("/tmp/m/e", 0755), EROFS);
	T_ASSERT_ERRNO(rump_sys_rmdir("/tmp/m/d"), EROFS);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/m/f", "/tmp/m/g"), EROFS);
	T_ASSERT_ERRNO(rump_sys_link("/tmp/m/f", "/tmp/m/g"), EROFS);
	T_ASSERT_ERRNO(rump_sys_symlink("f", "/tmp/m/l"), EROFS);
	T_ASSERT_ERRNO(rump_sys_mkfifo("/tmp/m/p", 0644), EROFS);
	T_ASSERT_ERRNO(rump_sys_chmod("/tmp/m/f", 0600), EROFS);
	T_ASSERT_ERRNO(rump_sys_chown("/tmp/m/f", 1, 1), EROFS);
	T_ASSERT_ERRNO(rump_sys_utimes("/tmp/m/f", NULL), EROFS);
	T_ASSERT_ERRNO(rump_sys_truncate("/tmp/m/f", 0), EROFS);
	T_ASSERT_ERRNO(rump_sys_access("/tmp/m/f", W_OK), EROFS);
	T_ASSERT_OK(rump_sys_access("/tmp/m/f", R_OK));
	fd = xopen("/tmp/m/f", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_fchmod(fd, 0600), EROFS);
	T_ASSERT_EQ(xstat("/tmp/m/f").st_size, 4);
	T_ASSERT_OK(rump_sys_close(fd));
	/* And back to read-write. */
	T_ASSERT_OK(rump_sys_mount("tmpfs", "/tmp/m", RUMP_MNT_UPDATE, NULL, 0));
	put("/tmp/m/new", "x");
	T_ASSERT_OK(rump_sys_unlink("/tmp/m/f"));
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

T_CASE(mount_rdonly_fresh, "a tmpfs mounted read-only from the start refuses every creation with EROFS")
{
	struct statvfs sv;
	int fd;

	boot();
	mount_tmpfs("/tmp/m", 0, 0, RUMP_MNT_RDONLY);
	T_ASSERT_OK(rump_sys_statvfs("/tmp/m", &sv));
	T_ASSERT(sv.f_flag & ST_RDONLY);
	T_ASSERT_ERRNO(rump_sys_creat("/tmp/m/f", 0644), EROFS);
	T_ASSERT_ERRNO(rump_sys_mkdir("/tmp/m/d", 0755), EROFS);
	T_ASSERT_ERRNO(rump_sys_mknod("/tmp/m/p", S_IFIFO | 0644, 0), EROFS);
	fd = xopen("/tmp/m", O_RDONLY);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_statvfs("/tmp", &sv));
	T_ASSERT_EQ(sv.f_flag & ST_RDONLY, 0);		/* the parent stays writable */
	put("/tmp/ok", "x");
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

T_CASE(mount_dotdot, "\"..\" from a mount's root leads to the directory containing the mount point")
{
	struct stat tmp;
	char buf[64];
	int fd, rfd;

	boot();
	mount_tmpfs("/tmp/m", 0, 0, 0);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/sub", 0755));
	tmp = xstat("/tmp");
	T_ASSERT_EQ(xstat("/tmp/m/..").st_ino, tmp.st_ino);
	T_ASSERT_EQ(xstat("/tmp/m/..").st_dev, tmp.st_dev);
	T_ASSERT_EQ(xstat("/tmp/m/sub/../..").st_ino, tmp.st_ino);
	T_ASSERT_EQ(xstat("/tmp/m/../m/sub").st_ino, xstat("/tmp/m/sub").st_ino);
	T_ASSERT_OK(rump_sys_chdir("/tmp/m/sub"));
	T_ASSERT_EQ(xstat("../..").st_ino, tmp.st_ino);
	T_ASSERT_OK(rump_sys_chdir("../.."));
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 5);
	T_ASSERT_STREQ(buf, "/tmp");
	rfd = xopen("/tmp/m", O_RDONLY);
	fd = rump_sys_openat(rfd, "..", O_RDONLY);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_EQ(xfstat(fd).st_ino, tmp.st_ino);
	T_ASSERT_EQ(xfstat(fd).st_dev, tmp.st_dev);
	/* The mount's root lists ".." as itself, its own file system. */
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_close(rfd));
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

T_CASE(exdev_across_mounts, "rename and link between file systems fail with EXDEV")
{
	boot();
	mount_tmpfs("/tmp/m", 0, 0, 0);
	put("/tmp/m/f", "x");
	put("/tmp/g", "y");
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/d", 0755));
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/m/f", "/tmp/f"), EXDEV);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/g", "/tmp/m/g"), EXDEV);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/m/d", "/tmp/d"), EXDEV);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/m/f", "/tmp/g"), EXDEV);
	T_ASSERT_ERRNO(rump_sys_link("/tmp/m/f", "/tmp/f"), EXDEV);
	T_ASSERT_ERRNO(rump_sys_link("/tmp/g", "/tmp/m/g"), EXDEV);
	T_ASSERT_EQ(xstat("/tmp/m/f").st_nlink, 1);
	T_ASSERT_EQ(xstat("/tmp/g").st_nlink, 1);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/f", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

T_CASE(statvfs_counts, "statvfs and fstatvfs: sizes, and free blocks and files move as files are written, made and removed")
{
	struct statvfs a, b, c, m0, m1;
	static char buf[3 * PAGE];
	int fd;

	boot();
	T_ASSERT_OK(rump_sys_statvfs("/tmp", &a));
	T_ASSERT_EQ(a.f_bsize, PAGE);
	T_ASSERT_EQ(a.f_frsize, PAGE);
	T_ASSERT_EQ(a.f_namemax, 255);
	T_ASSERT_GT(a.f_blocks, 0);
	T_ASSERT_LE(a.f_bfree, a.f_blocks);
	T_ASSERT_LE(a.f_ffree, a.f_files);
	fd = xopen("/tmp/f", O_CREAT | O_RDWR);
	T_ASSERT_OK(rump_sys_fstatvfs(fd, &b));
	T_ASSERT_EQ(used_files(&b) - used_files(&a), 1);
	T_ASSERT_EQ(used_blocks(&b), used_blocks(&a));
	T_ASSERT_EQ(b.f_fsid, a.f_fsid);
	T_ASSERT_EQ(rump_sys_write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	T_ASSERT_OK(rump_sys_fstatvfs(fd, &c));
	T_ASSERT_EQ(used_blocks(&c) - used_blocks(&b), 3);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_unlink("/tmp/f"));
	T_ASSERT_OK(rump_sys_statvfs("/", &c));
	T_ASSERT_EQ(used_blocks(&c), used_blocks(&a));
	T_ASSERT_EQ(used_files(&c), used_files(&a));
	T_ASSERT_ERRNO(rump_sys_statvfs("/tmp/none", &c), ENOENT);
	/* With limits the free counts themselves move. */
	mount_tmpfs("/tmp/m", 10, 64 * PAGE, 0);
	T_ASSERT_OK(rump_sys_statvfs("/tmp/m", &m0));
	T_ASSERT_EQ(m0.f_blocks, 64);
	T_ASSERT_EQ(m0.f_bfree, 64);
	T_ASSERT_EQ(m0.f_bavail, 64);
	T_ASSERT_EQ(m0.f_files, 10);
	T_ASSERT_EQ(m0.f_ffree, 9);
	T_ASSERT_NE(m0.f_fsid, a.f_fsid);
	fd = xopen("/tmp/m/f", O_CREAT | O_RDWR);
	T_ASSERT_EQ(rump_sys_write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	T_ASSERT_OK(rump_sys_fstatvfs(fd, &m1));
	T_ASSERT_EQ(m1.f_bfree, 61);
	T_ASSERT_EQ(m1.f_bavail, 61);
	T_ASSERT_EQ(m1.f_ffree, 8);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_unlink("/tmp/m/f"));
	T_ASSERT_OK(rump_sys_statvfs("/tmp/m", &m1));
	T_ASSERT_EQ(m1.f_bfree, 64);
	T_ASSERT_EQ(m1.f_ffree, 9);
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

/* ------------------------------------------------------------------ */
/* mknod, FIFOs */

T_CASE(mknod_calls, "mknod makes FIFOs and regular files for anyone, device nodes for root only (EPERM); EINVAL, EEXIST")
{
	struct stat st;

	boot();
	T_ASSERT_OK(rump_sys_mknod("/tmp/p", S_IFIFO | 0640, 0));
	st = xstat("/tmp/p");
	T_ASSERT(S_ISFIFO(st.st_mode));
	T_ASSERT_EQ(st.st_mode & 07777, 0640);
	T_ASSERT_OK(rump_sys_mknod("/tmp/c", S_IFCHR | 0600, makedev(5, 7)));
	st = xstat("/tmp/c");
	T_ASSERT(S_ISCHR(st.st_mode));
	T_ASSERT_EQ(major(st.st_rdev), 5);
	T_ASSERT_EQ(minor(st.st_rdev), 7);
	T_ASSERT_OK(rump_sys_mknod("/tmp/b", S_IFBLK | 0600, makedev(300, 70000)));
	st = xstat("/tmp/b");
	T_ASSERT(S_ISBLK(st.st_mode));
	T_ASSERT_EQ(st.st_rdev, makedev(300, 70000));
	T_ASSERT_ERRNO(rump_sys_open("/tmp/c", O_RDONLY), ENXIO);	/* no driver */
	T_ASSERT_OK(rump_sys_mknod("/tmp/r", 0644, 0));
	T_ASSERT(S_ISREG(xstat("/tmp/r").st_mode));
	T_ASSERT_ERRNO(rump_sys_mknod("/tmp/p", S_IFIFO | 0640, 0), EEXIST);
	T_ASSERT_EQ(rump_sys_mknod("/tmp/d", S_IFDIR | 0755, 0), -1);
	T_ASSERT(errno == EINVAL || errno == EPERM);	/* mkdir's job */
	T_ASSERT_ERRNO(rump_sys_mknod("/tmp/none/p", S_IFIFO | 0640, 0), ENOENT);
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_mknod("/tmp/uc", S_IFCHR | 0600, makedev(5, 7)), EPERM);
	T_ASSERT_ERRNO(rump_sys_mknod("/tmp/ub", S_IFBLK | 0600, makedev(5, 7)), EPERM);
	T_ASSERT_OK(rump_sys_mknod("/tmp/up", S_IFIFO | 0600, 0));
	T_ASSERT_EQ(xstat("/tmp/up").st_uid, 100);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/uc", &st), ENOENT);
}

struct fifo_reader {
	int fd, err, opened;
	ssize_t n;
	char buf[16];
};

static void *
fifo_read_thread(void *arg)
{
	struct fifo_reader *r = arg;

	r->fd = rump_sys_open("/tmp/fifo", O_RDONLY);
	r->err = errno;
	__atomic_store_n(&r->opened, 1, __ATOMIC_RELEASE);
	if (r->fd >= 0)
		r->n = rump_sys_read(r->fd, r->buf, sizeof(r->buf));
	return NULL;
}

T_CASE(mkfifo_two_threads, "a FIFO: a reader's open blocks until a writer opens; the bytes pass; ENXIO for a lone non-blocking writer")
{
	struct fifo_reader r = { .fd = -1 };
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	pthread_t t;
	int fd;

	boot();
	T_ASSERT_OK(rump_sys_mkfifo("/tmp/fifo", 0666));
	T_ASSERT(S_ISFIFO(xstat("/tmp/fifo").st_mode));
	T_ASSERT_EQ(xstat("/tmp/fifo").st_mode & 07777, 0644);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/fifo", O_WRONLY | O_NONBLOCK), ENXIO);
	T_ASSERT_ERRNO(rump_sys_mkfifo("/tmp/fifo", 0666), EEXIST);
	T_ASSERT_EQ(pthread_create(&t, NULL, fifo_read_thread, &r), 0);
	nanosleep(&ts, NULL);
	T_ASSERT_EQ(__atomic_load_n(&r.opened, __ATOMIC_ACQUIRE), 0);
	fd = rump_sys_open("/tmp/fifo", O_WRONLY);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_EQ(rump_sys_write(fd, "through", 7), 7);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_EQ(pthread_join(t, NULL), 0);
	T_ASSERT_GE(r.fd, 0);
	T_ASSERT_EQ(r.n, 7);
	T_ASSERT_EQ(memcmp(r.buf, "through", 7), 0);
	T_ASSERT(S_ISFIFO(xfstat(r.fd).st_mode));
	T_ASSERT_EQ(xfstat(r.fd).st_ino, xstat("/tmp/fifo").st_ino);
	T_ASSERT_ERRNO(rump_sys_lseek(r.fd, 0, SEEK_SET), ESPIPE);
	T_ASSERT_OK(rump_sys_close(r.fd));
	/* A non-blocking reader does not wait. */
	fd = rump_sys_open("/tmp/fifo", O_RDONLY | O_NONBLOCK);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_OK(rump_sys_close(fd));
	/* mkfifoat */
	int dfd = xopen("/tmp", O_RDONLY);
	T_ASSERT_OK(rump_sys_mkfifoat(dfd, "f2", 0600));
	T_ASSERT(S_ISFIFO(xstat("/tmp/f2").st_mode));
}

/* ------------------------------------------------------------------ */
/* permissions of a user process */

T_CASE(perm_no_read_write, "a user cannot open for reading or writing without the permission bits (EACCES)")
{
	char buf[8];
	int fd;

	boot();
	put("/tmp/secret", "s");
	T_ASSERT_OK(rump_sys_chmod("/tmp/secret", 0600));
	put("/tmp/public", "p");			/* 0644 */
	put("/tmp/own", "o");
	T_ASSERT_OK(rump_sys_chown("/tmp/own", 100, 100));
	T_ASSERT_OK(rump_sys_chmod("/tmp/own", 0077));
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/secret", O_RDONLY), EACCES);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/secret", O_WRONLY), EACCES);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/public", O_WRONLY), EACCES);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/public", O_RDWR), EACCES);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/public", O_WRONLY | O_CREAT, 0644), EACCES);
	fd = xopen("/tmp/public", O_RDONLY);
	T_ASSERT_EQ(rump_sys_read(fd, buf, sizeof(buf)), 1);
	/* The owner's bits count for the owner, even if others may read. */
	T_ASSERT_ERRNO(rump_sys_open("/tmp/own", O_RDONLY), EACCES);
	T_ASSERT_OK(rump_sys_chmod("/tmp/own", 0400));
	T_ASSERT_GE(rump_sys_open("/tmp/own", O_RDONLY), 0);
}

T_CASE(perm_search, "a user needs search permission on every directory of a path (EACCES), read permission to list one")
{
	char buf[256];
	int fd;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0700));
	put("/tmp/d/f", "x");
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/d/f", &(struct stat){ 0 }), EACCES);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/d/f", O_RDONLY), EACCES);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/d", O_RDONLY), EACCES);
	T_ASSERT_ERRNO(rump_sys_creat("/tmp/d/g", 0644), EACCES);
	T_ASSERT_OK(rump_sys_stat("/tmp/d", &(struct stat){ 0 }));
	as_root();
	T_ASSERT_OK(rump_sys_chmod("/tmp/d", 0711));		/* search only */
	as_user(100, 100, 0, NULL);
	T_ASSERT_EQ(xstat("/tmp/d/f").st_size, 1);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/d", O_RDONLY), EACCES);
	as_root();
	T_ASSERT_OK(rump_sys_chmod("/tmp/d", 0744));		/* list only */
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/d/f", &(struct stat){ 0 }), EACCES);
	fd = xopen("/tmp/d", O_RDONLY);
	T_ASSERT_GT(rump_sys_getdents(fd, buf, sizeof(buf)), 0);
	T_ASSERT_OK(rump_sys_chdir("/tmp"));
	T_ASSERT_ERRNO(rump_sys_stat("d/f", &(struct stat){ 0 }), EACCES);
}

T_CASE(perm_revoked_after_lookup, "taking search permission away applies at once, even to paths looked up before")
{
	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d/e", 0755));
	put("/tmp/d/e/f", "x");
	as_user(100, 100, 0, NULL);
	for (int i = 0; i < 3; i++)
		T_ASSERT_EQ(xstat("/tmp/d/e/f").st_size, 1);
	as_root();
	T_ASSERT_OK(rump_sys_chmod("/tmp/d", 0700));
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/d/e/f", &(struct stat){ 0 }), EACCES);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/d/e/f", O_RDONLY), EACCES);
	as_root();
	T_ASSERT_OK(rump_sys_chmod("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_chmod("/tmp/d/e/f", 0600));
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/d/e/f", O_RDONLY), EACCES);
}

T_CASE(perm_dir_write, "a user cannot create, remove or rename in a directory it may not write (EACCES)")
{
	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d/sub", 0777));
	put("/tmp/d/f", "x");
	T_ASSERT_OK(rump_sys_chmod("/tmp/d/f", 0666));
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_creat("/tmp/d/g", 0644), EACCES);
	T_ASSERT_ERRNO(rump_sys_mkdir("/tmp/d/e", 0755), EACCES);
	T_ASSERT_ERRNO(rump_sys_mkfifo("/tmp/d/p", 0644), EACCES);
	T_ASSERT_ERRNO(rump_sys_symlink("f", "/tmp/d/l"), EACCES);
	T_ASSERT_ERRNO(rump_sys_link("/tmp/d/f", "/tmp/d/h"), EACCES);
	T_ASSERT_ERRNO(rump_sys_unlink("/tmp/d/f"), EACCES);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/d/f", "/tmp/f"), EACCES);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/d/f", "/tmp/d/sub/f"), EACCES);
	T_ASSERT_ERRNO(rump_sys_rmdir("/tmp/d/sub"), EACCES);
	/* Moving a directory to a new parent rewrites its "..": it must be writable. */
	as_root();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/w", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/w/locked", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/w2", 0755));
	T_ASSERT_OK(rump_sys_chmod("/tmp/w", 0777));
	T_ASSERT_OK(rump_sys_chmod("/tmp/w2", 0777));
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/w/locked", "/tmp/w2/locked"), EACCES);
	T_ASSERT_OK(rump_sys_rename("/tmp/w/locked", "/tmp/w/locked2"));
	/* The file itself is writable, so writing it works. */
	int fd = xopen("/tmp/d/f", O_WRONLY);
	T_ASSERT_EQ(rump_sys_write(fd, "y", 1), 1);
}

T_CASE(perm_sticky, "in sticky /tmp a user cannot remove or rename another's file (EPERM); the owner and root can")
{
	int fd;

	boot();
	as_user(100, 100, 0, NULL);
	fd = rump_sys_creat("/tmp/u100", 0666);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_OK(rump_sys_fchmod(fd, 0666));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d100", 0777));
	as_user(200, 200, 0, NULL);
	put("/tmp/u200", "x");
	T_ASSERT_ERRNO(rump_sys_unlink("/tmp/u100"), EPERM);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/u100", "/tmp/mine"), EPERM);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/u200", "/tmp/u100"), EPERM);
	T_ASSERT_ERRNO(rump_sys_rmdir("/tmp/d100"), EPERM);
	T_ASSERT_EQ(xstat("/tmp/u100").st_uid, 100);
	/* Writing another's file is only a matter of its mode. */
	fd = xopen("/tmp/u100", O_WRONLY);
	T_ASSERT_EQ(rump_sys_write(fd, "w", 1), 1);
	T_ASSERT_OK(rump_sys_rename("/tmp/u200", "/tmp/u200b"));
	as_user(100, 100, 0, NULL);
	T_ASSERT_OK(rump_sys_rename("/tmp/u100", "/tmp/u100b"));
	T_ASSERT_OK(rump_sys_unlink("/tmp/u100b"));
	as_root();
	T_ASSERT_OK(rump_sys_unlink("/tmp/u200b"));
	T_ASSERT_OK(rump_sys_rmdir("/tmp/d100"));
	/* Not sticky: anyone who may write the directory may remove. */
	T_ASSERT_OK(rump_sys_mkdir("/tmp/open", 0755));
	T_ASSERT_OK(rump_sys_chmod("/tmp/open", 0777));
	put("/tmp/open/rootfile", "x");
	as_user(200, 200, 0, NULL);
	T_ASSERT_OK(rump_sys_unlink("/tmp/open/rootfile"));
	/* The directory's owner may remove anything in it. */
	as_root();
	T_ASSERT_OK(rump_sys_chown("/tmp/open", 200, 200));
	T_ASSERT_OK(rump_sys_chmod("/tmp/open", 01777));
	put("/tmp/open/rootfile", "x");
	as_user(200, 200, 0, NULL);
	T_ASSERT_OK(rump_sys_unlink("/tmp/open/rootfile"));
}

T_CASE(perm_setgid_dir, "a set-group-id directory gives its group to new files, and its bit to new directories")
{
	struct stat st;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/sg", 0777));
	T_ASSERT_OK(rump_sys_chown("/tmp/sg", 0, 50));
	T_ASSERT_OK(rump_sys_chmod("/tmp/sg", 02777));
	put("/tmp/sg/rootfile", "x");
	T_ASSERT_EQ(xstat("/tmp/sg/rootfile").st_gid, 50);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/sg/sub", 0755));
	st = xstat("/tmp/sg/sub");
	T_ASSERT_EQ(st.st_gid, 50);
	T_ASSERT_EQ(st.st_mode & 07777, 02755);
	as_user(100, 100, 0, NULL);
	int fd = rump_sys_open("/tmp/sg/userfile", O_CREAT | O_WRONLY, 02755);
	T_ASSERT_GE(fd, 0);
	st = xfstat(fd);
	T_ASSERT_EQ(st.st_uid, 100);
	T_ASSERT_EQ(st.st_gid, 50);
	T_ASSERT_EQ(st.st_mode & 07777, 0755);		/* not in group 50: no set-gid */
	T_ASSERT_OK(rump_sys_mkdir("/tmp/sg/sub2", 0777));
	T_ASSERT_EQ(xstat("/tmp/sg/sub2").st_gid, 50);
	T_ASSERT(xstat("/tmp/sg/sub2").st_mode & S_ISGID);
	/* Outside it, the process's own group. */
	put("/tmp/plain", "x");
	T_ASSERT_EQ(xstat("/tmp/plain").st_gid, 100);
}

T_CASE(perm_groups, "group bits apply to the effective and the supplementary groups")
{
	gid_t sup[2] = { 7, 50 };

	boot();
	put("/tmp/g", "x");
	T_ASSERT_OK(rump_sys_chown("/tmp/g", 0, 50));
	T_ASSERT_OK(rump_sys_chmod("/tmp/g", 0640));
	as_user(100, 50, 0, NULL);
	T_ASSERT_GE(rump_sys_open("/tmp/g", O_RDONLY), 0);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/g", O_WRONLY), EACCES);
	as_user(100, 100, 2, sup);
	T_ASSERT_GE(rump_sys_open("/tmp/g", O_RDONLY), 0);
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/g", O_RDONLY), EACCES);
}

/* ------------------------------------------------------------------ */
/* error paths by kind */

T_CASE(enametoolong, "a 256-byte component or a path of 4096 bytes (Linux's PATH_MAX) fails with ENAMETOOLONG; 255 and 4095 are fine")
{
	char name[300], path[8200], target[4200];
	int fd;

	boot();
	snprintf(path, sizeof(path), "/tmp/%s", repeat(name, 'a', 256));
	T_ASSERT_ERRNO(rump_sys_open(path, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
	T_ASSERT_ERRNO(rump_sys_mkdir(path, 0755), ENAMETOOLONG);
	T_ASSERT_ERRNO(rump_sys_stat(path, &(struct stat){ 0 }), ENAMETOOLONG);
	T_ASSERT_ERRNO(rump_sys_symlink("x", path), ENAMETOOLONG);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp", path), ENAMETOOLONG);
	snprintf(path, sizeof(path), "/tmp/%s/x", name);
	T_ASSERT_ERRNO(rump_sys_stat(path, &(struct stat){ 0 }), ENAMETOOLONG);
	snprintf(path, sizeof(path), "/tmp/%s", repeat(name, 'a', 255));
	fd = rump_sys_open(path, O_CREAT | O_WRONLY, 0644);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_unlink(path));
	/* Whole paths: "/" and "a/" repeated, 4095 bytes then 4096. */
	path[0] = '/';
	for (int i = 1; i < 4095; i += 2)
		path[i] = 'a', path[i + 1] = '/';
	path[4095] = '\0';
	path[4094] = 'b';
	T_ASSERT_EQ(strlen(path), 4095);
	T_ASSERT_ERRNO(rump_sys_stat(path, &(struct stat){ 0 }), ENOENT);
	path[4095] = 'c';
	path[4096] = '\0';
	T_ASSERT_ERRNO(rump_sys_stat(path, &(struct stat){ 0 }), ENAMETOOLONG);
	T_ASSERT_ERRNO(rump_sys_open(path, O_CREAT | O_RDWR, 0644), ENAMETOOLONG);
	T_ASSERT_ERRNO(rump_sys_mkdir(path, 0755), ENAMETOOLONG);
	T_ASSERT_ERRNO(rump_sys_chdir(path), ENAMETOOLONG);
	/* A link target is a path too: 4095 bytes are fine, 4096 not. */
	repeat(target, 'x', 4095);
	T_ASSERT_OK(rump_sys_symlink(target, "/tmp/l"));
	T_ASSERT_EQ(rump_sys_readlink("/tmp/l", path, sizeof(path)), 4095);
	repeat(target, 'x', 4096);
	T_ASSERT_ERRNO(rump_sys_symlink(target, "/tmp/l2"), ENAMETOOLONG);
	/* A link whose expansion makes the path too long. */
	repeat(target, 'y', 4000);
	T_ASSERT_OK(rump_sys_symlink(target, "/tmp/long"));
	snprintf(path, sizeof(path), "/tmp/long/%s", repeat(name, 'z', 100));
	T_ASSERT_ERRNO(rump_sys_stat(path, &(struct stat){ 0 }), ENAMETOOLONG);
}

T_CASE(enotdir_paths, "a regular file in the middle of a path gives ENOTDIR for every call")
{
	struct stat st;
	int fd;

	boot();
	put("/tmp/f", "x");
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/f/x", &st), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_lstat("/tmp/f/x", &st), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/f/x", O_RDONLY), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/f/x", O_CREAT | O_RDWR, 0644), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_mkdir("/tmp/f/x", 0755), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_unlink("/tmp/f/x"), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_symlink("y", "/tmp/f/x"), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/f/x", "/tmp/y"), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_chdir("/tmp/f"), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/f/..", &st), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/f/.", &st), ENOTDIR);
	T_ASSERT_OK(rump_sys_symlink("/tmp/f", "/tmp/lf"));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/lf/x", &st), ENOTDIR);
	fd = xopen("/tmp/f", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_mkdirat(fd, "x", 0755), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_fstatat(fd, "x", &st, 0), ENOTDIR);
}

/* Boot with /tmp/f (a file), /tmp/d (a directory) and links to them,
 * /tmp/lf and /tmp/ld. */
static void
boot_with_file_dir_links(void)
{
	boot();
	put("/tmp/f", "x");
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_symlink("d", "/tmp/ld"));
	T_ASSERT_OK(rump_sys_symlink("f", "/tmp/lf"));
}

T_CASE(trailing_slashes, "\"file/\" fails with ENOTDIR everywhere, \"dir/\" works, a link to a directory with a slash is followed")
{
	int fd;

	boot_with_file_dir_links();
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/f/", &(struct stat){ 0 }), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_lstat("/tmp/f/", &(struct stat){ 0 }), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/f/", O_RDONLY), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_unlink("/tmp/f/"), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_access("/tmp/f/", F_OK), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_chmod("/tmp/f/", 0600), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/lf/", &(struct stat){ 0 }), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_creat("/tmp/new/", 0644), EISDIR);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/new", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_ERRNO(rump_sys_symlink("f", "/tmp/nl/"), ENOENT);
	T_ASSERT(S_ISDIR(xstat("/tmp/d/").st_mode));
	T_ASSERT(S_ISDIR(xstat("/tmp/d//").st_mode));
	T_ASSERT(S_ISDIR(xlstat("/tmp/ld/").st_mode));	/* followed */
	T_ASSERT(S_ISLNK(xlstat("/tmp/ld").st_mode));
	fd = xopen("/tmp/d/", O_RDONLY);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/e/", 0755));
	T_ASSERT_OK(rump_sys_rename("/tmp/e/", "/tmp/e2"));
	T_ASSERT_OK(rump_sys_rmdir("/tmp/e2/"));
	T_ASSERT_EQ(xstat("/tmp/f").st_size, 1);
}

T_CASE(open_creat_trailing_slash_existing, "open(\"file/\", O_CREAT) of an existing regular file fails (ENOTDIR or EISDIR)")
{
	boot();
	put("/tmp/f", "x");
	errno = 0;
	T_ASSERT_EQ(rump_sys_open("/tmp/f/", O_CREAT | O_WRONLY, 0644), -1);
	T_ASSERT(errno == ENOTDIR || errno == EISDIR);
	T_ASSERT_EQ(rump_sys_open("/tmp/f/", O_CREAT | O_RDONLY, 0644), -1);
	T_ASSERT(errno == ENOTDIR || errno == EISDIR);
	T_ASSERT_EQ(rump_sys_open("/tmp/f/", O_CREAT | O_WRONLY | O_TRUNC, 0644), -1);
	T_ASSERT_EQ(xstat("/tmp/f").st_size, 1);
}

T_CASE(enoent_paths, "missing names and empty paths fail with ENOENT")
{
	struct stat st;
	char buf[8];

	boot();
	T_ASSERT_ERRNO(rump_sys_stat("", &st), ENOENT);
	T_ASSERT_ERRNO(rump_sys_open("", O_RDONLY), ENOENT);
	T_ASSERT_ERRNO(rump_sys_open("", O_CREAT | O_RDWR, 0644), ENOENT);
	T_ASSERT_ERRNO(rump_sys_mkdir("", 0755), ENOENT);
	T_ASSERT_ERRNO(rump_sys_unlink(""), ENOENT);
	T_ASSERT_ERRNO(rump_sys_chdir(""), ENOENT);
	T_ASSERT_ERRNO(rump_sys_stat("/none/x", &st), ENOENT);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/none", &st), ENOENT);
	T_ASSERT_ERRNO(rump_sys_readlink("/tmp/none", buf, sizeof(buf)), ENOENT);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/none", "/tmp/x"), ENOENT);
	T_ASSERT_ERRNO(rump_sys_link("/tmp/none", "/tmp/x"), ENOENT);
	T_ASSERT_ERRNO(rump_sys_chmod("/tmp/none", 0), ENOENT);
	T_ASSERT_ERRNO(rump_sys_truncate("/tmp/none", 0), ENOENT);
	T_ASSERT_ERRNO(rump_sys_rmdir("/tmp/none"), ENOENT);
	T_ASSERT_ERRNO(rump_sys_mkfifo("/none/p", 0644), ENOENT);
	T_ASSERT_ERRNO(rump_sys_statvfs("/none", &(struct statvfs){ 0 }), ENOENT);
}

T_CASE(eexist_names, "every call that makes a name fails with EEXIST when it is taken")
{
	boot();
	put("/tmp/f", "x");
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_symlink("/tmp/nowhere", "/tmp/dangle"));
	const char *taken[] = { "/tmp/f", "/tmp/d", "/tmp/dangle", "/tmp", "/" };
	for (unsigned i = 0; i < sizeof(taken) / sizeof(taken[0]); i++) {
		const char *p = taken[i];

		T_ASSERT_ERRNO(rump_sys_mkdir(p, 0755), EEXIST);
		T_ASSERT_ERRNO(rump_sys_mkfifo(p, 0644), EEXIST);
		T_ASSERT_ERRNO(rump_sys_mknod(p, S_IFREG | 0644, 0), EEXIST);
		T_ASSERT_ERRNO(rump_sys_symlink("x", p), EEXIST);
		T_ASSERT_ERRNO(rump_sys_link("/tmp/f", p), EEXIST);
		T_ASSERT_ERRNO(rump_sys_open(p, O_CREAT | O_EXCL | O_RDONLY, 0644), EEXIST);
	}
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/nowhere", &(struct stat){ 0 }), ENOENT);
}

T_CASE(einval_calls, "EINVAL for impossible requests: bad whence, negative sizes, \".\" as a name to remove or rename")
{
	char buf[8];
	int fd;

	boot();
	put("/tmp/f", "x");
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	fd = xopen("/tmp/f", O_RDWR);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, 0, 99), EINVAL);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, -1, SEEK_SET), EINVAL);
	T_ASSERT_ERRNO(rump_sys_ftruncate(fd, -5), EINVAL);
	T_ASSERT_ERRNO(rump_sys_truncate("/tmp/f", -5), EINVAL);
	T_ASSERT_ERRNO(rump_sys_readlink("/tmp/f", buf, sizeof(buf)), EINVAL);
	T_ASSERT_ERRNO(rump_sys_rmdir("/tmp/d/."), EINVAL);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/d/.", "/tmp/e"), EBUSY);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/d", "/tmp/d/e"), EINVAL);
	T_ASSERT_ERRNO(rump_sys_unlinkat(AT_FDCWD, "/tmp/f", 0x40000000), EINVAL);
	T_ASSERT_ERRNO(rump_sys_mknod("/tmp/x", S_IFMT | 0644, 0), EINVAL);	/* no such type */
	T_ASSERT_ERRNO(rump_sys_faccessat(AT_FDCWD, "/tmp/f", R_OK, 0x40000000), EINVAL);
	T_ASSERT_EQ(xstat("/tmp/f").st_size, 1);
}

T_CASE(eisdir_calls, "calls that need a non-directory fail with EISDIR on a directory")
{
	char buf[8];
	int fd;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	put("/tmp/f", "x");
	T_ASSERT_ERRNO(rump_sys_open("/tmp/d", O_WRONLY), EISDIR);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/d", O_RDWR | O_CREAT, 0644), EISDIR);
	T_ASSERT_ERRNO(rump_sys_creat("/tmp/d", 0644), EISDIR);
	T_ASSERT_ERRNO(rump_sys_unlink("/tmp/d"), EISDIR);
	T_ASSERT_ERRNO(rump_sys_truncate("/tmp/d", 0), EISDIR);
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/f", "/tmp/d"), EISDIR);
	fd = xopen("/tmp/d", O_RDONLY);
	T_ASSERT_ERRNO(rump_sys_read(fd, buf, sizeof(buf)), EISDIR);
	T_ASSERT_ERRNO(rump_sys_pread(fd, buf, sizeof(buf), 0), EISDIR);
	T_ASSERT_ERRNO(rump_sys_write(fd, buf, 1), EBADF);
	T_ASSERT_ERRNO(rump_sys_ftruncate(fd, 0), EINVAL);
}

/* ------------------------------------------------------------------ */
/* what the name cache must not hide */

T_CASE(cache_negative_then_created, "a name looked up while missing is found once made, by each way of making one")
{
	static const char *names[] = { "/tmp/a", "/tmp/b", "/tmp/c", "/tmp/d", "/tmp/e", "/tmp/f", "/tmp/g" };
	struct stat st;

	boot();
	put("/tmp/src", "s");
	put("/tmp/mv", "m");
	for (int round = 0; round < 2; round++)
		for (unsigned i = 0; i < 7; i++)
			T_ASSERT_ERRNO(rump_sys_stat(names[i], &st), ENOENT);
	put("/tmp/a", "x");
	T_ASSERT_OK(rump_sys_mkdir("/tmp/b", 0755));
	T_ASSERT_OK(rump_sys_symlink("src", "/tmp/c"));
	T_ASSERT_OK(rump_sys_link("/tmp/src", "/tmp/d"));
	T_ASSERT_OK(rump_sys_mkfifo("/tmp/e", 0644));
	T_ASSERT_OK(rump_sys_rename("/tmp/mv", "/tmp/f"));
	T_ASSERT_OK(rump_sys_mknod("/tmp/g", S_IFREG | 0644, 0));
	for (unsigned i = 0; i < 7; i++)
		T_ASSERT_OK(rump_sys_stat(names[i], &st));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/mv", &st), ENOENT);
	/* Gone again, and made again: the new file, not the old. */
	struct stat old = xstat("/tmp/b");
	T_ASSERT_OK(rump_sys_rmdir("/tmp/b"));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/b", &st), ENOENT);
	put("/tmp/b", "now a file");
	st = xstat("/tmp/b");
	T_ASSERT(S_ISREG(st.st_mode));
	T_ASSERT_NE(st.st_ino, old.st_ino);
}

T_CASE(cache_rename_directory, "after a directory is renamed its old path is gone and everything below it is under the new one")
{
	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/a", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/a/b", 0755));
	put("/tmp/a/b/f", "x");
	T_ASSERT_EQ(xstat("/tmp/a/b/f").st_size, 1);
	T_ASSERT_OK(rump_sys_rename("/tmp/a", "/tmp/z"));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/a/b/f", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/a", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_EQ(xstat("/tmp/z/b/f").st_size, 1);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/a", 0755));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/a/b", &(struct stat){ 0 }), ENOENT);
	/* Replacing a directory: the old one's children go with it. */
	T_ASSERT_ERRNO(rump_sys_rmdir("/tmp/z/b/f"), ENOTDIR);
	T_ASSERT_OK(rump_sys_unlink("/tmp/z/b/f"));
	T_ASSERT_OK(rump_sys_rename("/tmp/a", "/tmp/z/b"));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/z/b/f", &(struct stat){ 0 }), ENOENT);
}

T_CASE(cache_mount_covers, "names cached below a directory are hidden by a mount on it and back after the unmount")
{
	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m", 0755));
	put("/tmp/m/under", "u");
	T_ASSERT_EQ(xstat("/tmp/m/under").st_size, 1);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/over", &(struct stat){ 0 }), ENOENT);
	mount_tmpfs("/tmp/m", 0, 0, 0);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/under", &(struct stat){ 0 }), ENOENT);
	put("/tmp/m/over", "oo");
	T_ASSERT_EQ(xstat("/tmp/m/over").st_size, 2);
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
	T_ASSERT_EQ(xstat("/tmp/m/under").st_size, 1);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/over", &(struct stat){ 0 }), ENOENT);
}

/* ------------------------------------------------------------------ */
/* corners */

T_CASE(symlink_target_1023, "a link whose target is 1023 bytes (the longest path) is stored whole and followed")
{
	char target[1100], buf[1100];
	size_t n = 1023;

	boot();
	put("/tmp/f", "end");
	/* Slashes repeat freely: "/////.../tmp/f", 1023 bytes. */
	memset(target, '/', n - 5);
	memcpy(target + n - 5, "tmp/f", 6);
	T_ASSERT_EQ(strlen(target), n);
	T_ASSERT_OK(rump_sys_symlink(target, "/tmp/l"));
	T_ASSERT_EQ(rump_sys_readlink("/tmp/l", buf, sizeof(buf)), (ssize_t)n);
	T_ASSERT_EQ(memcmp(buf, target, n), 0);
	T_ASSERT_EQ(xlstat("/tmp/l").st_size, (off_t)n);
	T_ASSERT_OK(rump_sys_symlink(target + 1, "/tmp/l1022"));
	T_ASSERT_EQ(xstat("/tmp/l1022").st_ino, xstat("/tmp/f").st_ino);
	T_ASSERT_EQ(xstat("/tmp/l").st_ino, xstat("/tmp/f").st_ino);
	T_ASSERT_EQ(get("/tmp/l", buf, sizeof(buf)), 3);
}

T_CASE(access_real_ids_in_lookup, "access checks search permission along the path with the real ids too")
{
	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0700));
	put("/tmp/d/f", "x");
	T_ASSERT_OK(rump_sys_chmod("/tmp/d/f", 0644));
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	T_ASSERT_OK(rump_sys_seteuid(100));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/d/f", &(struct stat){ 0 }), EACCES);
	/* The real user (root) may search /tmp/d: access says yes. */
	T_ASSERT_OK(rump_sys_access("/tmp/d/f", R_OK));
	T_ASSERT_OK(rump_sys_access("/tmp/d/f", F_OK));
	T_ASSERT_ERRNO(rump_sys_faccessat(AT_FDCWD, "/tmp/d/f", R_OK, AT_EACCESS), EACCES);
	/* The other way round: a user acting as root. */
	as_root();
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	T_ASSERT_OK(rump_sys_setreuid(100, 0));
	T_ASSERT_EQ(xstat("/tmp/d/f").st_size, 1);
	T_ASSERT_ERRNO(rump_sys_access("/tmp/d/f", F_OK), EACCES);
	T_ASSERT_ERRNO(rump_sys_access("/tmp/d/f", R_OK), EACCES);
	T_ASSERT_OK(rump_sys_faccessat(AT_FDCWD, "/tmp/d/f", R_OK, AT_EACCESS));
}

T_CASE(fifo_descriptor_attributes, "an open FIFO's descriptor takes fchmod, fchown, futimens and fstatvfs like any file's")
{
	struct statvfs sv;
	int fd;

	boot();
	T_ASSERT_OK(rump_sys_mkfifo("/tmp/p", 0644));
	fd = rump_sys_open("/tmp/p", O_RDONLY | O_NONBLOCK);
	T_ASSERT_GE(fd, 0);
	T_ASSERT(S_ISFIFO(xfstat(fd).st_mode));
	T_ASSERT_OK(rump_sys_fchmod(fd, 0600));
	T_ASSERT_EQ(xstat("/tmp/p").st_mode & 07777, 0600);
	T_ASSERT_OK(rump_sys_fchown(fd, 5, 6));
	T_ASSERT_EQ(xstat("/tmp/p").st_uid, 5);
	T_ASSERT_OK(rump_sys_futimens(fd, (struct timespec[2]){ { 11, 0 }, { 12, 0 } }));
	T_ASSERT_EQ(xstat("/tmp/p").st_mtim.tv_sec, 12);
	T_ASSERT_OK(rump_sys_fstatvfs(fd, &sv));
	T_ASSERT_EQ(sv.f_bsize, PAGE);
}

T_CASE(mount_stacked, "a tmpfs mounted on the root of another hides it; unmounts peel them in order; \"..\" crosses both")
{
	struct stat tmp;
	char buf[64];

	boot();
	tmp = xstat("/tmp");
	mount_tmpfs("/tmp/m", 0, 0, 0);
	put("/tmp/m/lower", "l");
	mount_tmpfs("/tmp/m", 0, 0, 0);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/lower", &(struct stat){ 0 }), ENOENT);
	put("/tmp/m/upper", "u");
	T_ASSERT_EQ(xstat("/tmp/m/..").st_ino, tmp.st_ino);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/d", 0755));
	T_ASSERT_OK(rump_sys_chdir("/tmp/m/d"));
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 9);
	T_ASSERT_STREQ(buf, "/tmp/m/d");
	T_ASSERT_EQ(xstat("../..").st_ino, tmp.st_ino);
	T_ASSERT_OK(rump_sys_chdir("/"));
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
	T_ASSERT_EQ(xstat("/tmp/m/lower").st_size, 1);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/upper", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/lower", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_ERRNO(rump_sys_unmount("/tmp/m", 0), EINVAL);
	/* A mount inside another holds the outer one. */
	mount_tmpfs("/tmp/m", 0, 0, 0);
	mount_tmpfs("/tmp/m/in", 0, 0, 0);
	T_ASSERT_ERRNO(rump_sys_unmount("/tmp/m", 0), EBUSY);
	T_ASSERT_ERRNO(rump_sys_unmount("/tmp/m", RUMP_MNT_FORCE), EBUSY);
	put("/tmp/m/in/f", "x");
	T_ASSERT_EQ(xstat("/tmp/m/in/../in/f").st_size, 1);
	T_ASSERT_OK(rump_sys_unmount("/tmp/m/in", 0));
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

T_CASE(mount_over_cwd, "a process whose current directory is the mount point keeps seeing the directory underneath")
{
	char buf[64];

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m", 0755));
	put("/tmp/m/under", "u");
	T_ASSERT_OK(rump_sys_chdir("/tmp/m"));
	mount_tmpfs("/tmp/m", 0, 0, 0);
	T_ASSERT_EQ(xstat("under").st_size, 1);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/under", &(struct stat){ 0 }), ENOENT);
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 7);
	T_ASSERT_STREQ(buf, "/tmp/m");
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));	/* the cwd is not in the mount */
	T_ASSERT_EQ(xstat("/tmp/m/under").st_size, 1);
}

T_CASE(unmount_force_cwd, "after a forced unmount under a process's current directory, it fails cleanly and can leave")
{
	struct lwp *child;
	char buf[64];

	boot();
	mount_tmpfs("/tmp/m", 0, 0, 0);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/d", 0755));
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	child = rump_pub_lwproc_curlwp();
	T_ASSERT_OK(rump_sys_chdir("/tmp/m/d"));
	as_root();
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", RUMP_MNT_FORCE));
	rump_pub_lwproc_switch(child);
	T_ASSERT_EQ(rump_sys_creat("x", 0644), -1);
	T_ASSERT_EQ(rump_sys_stat("x", &(struct stat){ 0 }), -1);
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), -1);
	T_ASSERT_OK(rump_sys_chdir("/tmp"));
	put("/tmp/ok", "x");
	rump_pub_lwproc_releaselwp();
	as_root();
	mount_tmpfs("/tmp/m", 0, 0, 0);
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}

T_CASE(unmount_force_fifo_and_unlinked, "a forced unmount with an open FIFO and an open unlinked file: both close cleanly")
{
	char buf[8];
	int r, w, u;

	boot();
	mount_tmpfs("/tmp/m", 0, 0, 0);
	T_ASSERT_OK(rump_sys_mkfifo("/tmp/m/p", 0644));
	r = rump_sys_open("/tmp/m/p", O_RDONLY | O_NONBLOCK);
	T_ASSERT_GE(r, 0);
	w = xopen("/tmp/m/p", O_WRONLY);
	u = xopen("/tmp/m/gone", O_CREAT | O_RDWR);
	T_ASSERT_EQ(rump_sys_write(u, "data", 4), 4);
	T_ASSERT_OK(rump_sys_unlink("/tmp/m/gone"));
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", RUMP_MNT_FORCE));
	T_ASSERT_ERRNO(rump_sys_pread(u, buf, sizeof(buf), 0), EIO);
	/* The pipe itself is memory of its own. */
	T_ASSERT_EQ(rump_sys_write(w, "ab", 2), 2);
	T_ASSERT_EQ(rump_sys_read(r, buf, sizeof(buf)), 2);
	T_ASSERT_OK(rump_sys_close(w));
	T_ASSERT_OK(rump_sys_close(r));
	T_ASSERT_OK(rump_sys_close(u));
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/m/p", &(struct stat){ 0 }), ENOENT);
}

T_CASE(getdents_sees_new_entries, "after reaching the end, a later getdents from the same offset returns entries made since")
{
	char buf[1024];
	struct dirent *d[16];
	int fd, n;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	put("/tmp/d/a", "x");
	fd = xopen("/tmp/d", O_RDONLY);
	T_ASSERT_EQ(dents(fd, buf, sizeof(buf), d, 16), 3);
	T_ASSERT_EQ(dents(fd, buf, sizeof(buf), d, 16), 0);
	put("/tmp/d/b", "x");
	put("/tmp/d/c", "x");
	n = dents(fd, buf, sizeof(buf), d, 16);
	T_ASSERT_EQ(n, 2);
	T_ASSERT_STREQ(d[0]->d_name, "b");
	T_ASSERT_STREQ(d[1]->d_name, "c");
	/* An entry renamed within the directory comes again, at the end. */
	T_ASSERT_OK(rump_sys_rename("/tmp/d/a", "/tmp/d/a2"));
	n = dents(fd, buf, sizeof(buf), d, 16);
	T_ASSERT_EQ(n, 1);
	T_ASSERT_STREQ(d[0]->d_name, "a2");
}

T_CASE(rename_dir_between_parents_over_empty, "a directory moved over an empty one in another directory: link counts of both parents")
{
	struct stat old;
	int fd;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/a", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/b", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/a/x", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/b/y", 0755));
	put("/tmp/a/x/f", "x");
	old = xstat("/tmp/b/y");
	fd = xopen("/tmp/b/y", O_RDONLY);
	T_ASSERT_OK(rump_sys_rename("/tmp/a/x", "/tmp/b/y"));
	T_ASSERT_EQ(xstat("/tmp/a").st_nlink, 2);
	T_ASSERT_EQ(xstat("/tmp/b").st_nlink, 3);
	T_ASSERT_NE(xstat("/tmp/b/y").st_ino, old.st_ino);
	T_ASSERT_EQ(xstat("/tmp/b/y/f").st_size, 1);
	T_ASSERT_EQ(xstat("/tmp/b/y/..").st_ino, xstat("/tmp/b").st_ino);
	T_ASSERT_EQ(xfstat(fd).st_nlink, 0);		/* the replaced one */
	T_ASSERT_EQ(rump_sys_openat(fd, "new", O_CREAT | O_RDWR, 0644), -1);
	T_ASSERT_EQ(errno, ENOENT);
}

T_CASE(linkat_empty_path, "linkat with AT_EMPTY_PATH names an open file; an unlinked one cannot come back (ENOENT)")
{
	int fd;

	boot();
	put("/tmp/f", "abc");
	fd = xopen("/tmp/f", O_RDONLY);
	T_ASSERT_OK(rump_sys_linkat(fd, "", AT_FDCWD, "/tmp/g", AT_EMPTY_PATH));
	T_ASSERT_EQ(xstat("/tmp/g").st_ino, xfstat(fd).st_ino);
	T_ASSERT_EQ(xfstat(fd).st_nlink, 2);
	T_ASSERT_OK(rump_sys_unlink("/tmp/f"));
	T_ASSERT_OK(rump_sys_unlink("/tmp/g"));
	T_ASSERT_ERRNO(rump_sys_linkat(fd, "", AT_FDCWD, "/tmp/h", AT_EMPTY_PATH), ENOENT);
	T_ASSERT_ERRNO(rump_sys_linkat(fd, "", AT_FDCWD, "/tmp/h", 0), ENOENT);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/h", &(struct stat){ 0 }), ENOENT);
}

T_CASE(getcwd_deep_and_wide, "__getcwd of a deep directory (900 bytes) and of one listed last among 600 siblings")
{
	char comp[32], want[4400], buf[4400];
	size_t len = 0;
	int fd;

	boot();
	T_ASSERT_OK(rump_sys_chdir("/tmp"));
	len = (size_t)snprintf(want, sizeof(want), "/tmp");
	while (len < 900) {
		snprintf(comp, sizeof(comp), "level-%02zu-abcdefghij", len / 20);
		T_ASSERT_OK(rump_sys_mkdir(comp, 0755));
		T_ASSERT_OK(rump_sys_chdir(comp));
		len += (size_t)snprintf(want + len, sizeof(want) - len, "/%s", comp);
	}
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), (int)len + 1);
	T_ASSERT_STREQ(buf, want);
	T_ASSERT_ERRNO(rump_sys___getcwd(buf, len), ERANGE);
	/* Past the longest path the name cannot be given. */
	while (len < 4200) {
		T_ASSERT_OK(rump_sys_mkdir("more-more-more-more", 0755));
		T_ASSERT_OK(rump_sys_chdir("more-more-more-more"));
		len += 20;
	}
	T_ASSERT_ERRNO(rump_sys___getcwd(buf, sizeof(buf)), ENAMETOOLONG);
	/* Wide: the entry sought is the last of many. */
	T_ASSERT_OK(rump_sys_mkdir("/tmp/wide", 0755));
	for (int i = 0; i < 600; i++) {
		snprintf(comp, sizeof(comp), "/tmp/wide/sibling-%03d", i);
		fd = rump_sys_creat(comp, 0644);
		T_ASSERT_GE(fd, 0);
		T_ASSERT_OK(rump_sys_close(fd));
	}
	T_ASSERT_OK(rump_sys_mkdir("/tmp/wide/zz", 0755));
	T_ASSERT_OK(rump_sys_chdir("/tmp/wide/zz"));
	T_ASSERT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 13);
	T_ASSERT_STREQ(buf, "/tmp/wide/zz");
}

T_CASE(perm_checked_at_open, "permission is checked when a file is opened, not on each read or write")
{
	int fd;

	boot();
	as_user(100, 100, 0, NULL);
	fd = xopen("/tmp/f", O_CREAT | O_RDWR);
	T_ASSERT_OK(rump_sys_fchmod(fd, 0));
	T_ASSERT_EQ(rump_sys_write(fd, "still", 5), 5);
	T_ASSERT_EQ(rump_sys_pread(fd, (char[8]){ 0 }, 5, 0), 5);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/f", O_RDONLY), EACCES);
	as_root();
	T_ASSERT_OK(rump_sys_access("/tmp", X_OK));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/nox", 0));
	T_ASSERT_OK(rump_sys_access("/tmp/nox", X_OK));	/* root searches any directory */
	T_ASSERT_EQ(xstat("/tmp/nox/.").st_ino, xstat("/tmp/nox").st_ino);
}

T_CASE(open_excl_without_creat_follows, "O_EXCL without O_CREAT does not stop a final symbolic link from being followed")
{
	int fd;

	boot();
	put("/tmp/f", "abc");
	T_ASSERT_OK(rump_sys_symlink("f", "/tmp/lnk"));
	fd = rump_sys_open("/tmp/lnk", O_RDONLY | O_EXCL);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_EQ(xfstat(fd).st_size, 3);
}

T_CASE(open_creat_directory, "O_CREAT with O_DIRECTORY is EINVAL and creates nothing")
{
	struct stat st;

	boot();
	T_ASSERT_ERRNO(rump_sys_open("/tmp/new", O_CREAT | O_DIRECTORY | O_RDONLY, 0644), EINVAL);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/new", &st), ENOENT);
}

T_CASE(linux_errnos, "errors that follow Linux: mknod S_IFDIR EPERM, symlink to \"\" ENOENT, rename of \"..\" EBUSY")
{
	struct stat st;

	boot();
	T_ASSERT_ERRNO(rump_sys_mknod("/tmp/d", S_IFDIR | 0755, 0), EPERM);
	T_ASSERT_ERRNO(rump_sys_symlink("", "/tmp/empty"), ENOENT);
	T_ASSERT_ERRNO(rump_sys_lstat("/tmp/empty", &st), ENOENT);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_ERRNO(rump_sys_rename("/tmp/d/..", "/tmp/x"), EBUSY);
}

T_CASE(chown_clears_setid, "chown clears set-user-id, and set-group-id with group execute or for a group the caller is not of, even as root; only the owner may have that done; a chown changing nothing still sets the change time (all as on Linux)")
{
	struct stat before;

	boot();
	put("/tmp/f", "x");
	T_ASSERT_OK(rump_sys_chmod("/tmp/f", 06755));
	T_ASSERT_OK(rump_sys_chown("/tmp/f", 10, 10));
	T_ASSERT_EQ(xstat("/tmp/f").st_mode & 07777, 0755);
	T_ASSERT_OK(rump_sys_chmod("/tmp/f", 06745));	/* no group execute */
	T_ASSERT_OK(rump_sys_chown("/tmp/f", 11, 11));
	T_ASSERT_EQ(xstat("/tmp/f").st_mode & 07777, 02745);
	/* Root, changing nothing: the change time still moves. */
	before = stat_then_pause("/tmp/f");
	T_ASSERT_OK(rump_sys_chown("/tmp/f", 11, 11));
	T_ASSERT(later(xstat("/tmp/f").st_ctim, before.st_ctim));
	before = stat_then_pause("/tmp/f");
	T_ASSERT_OK(rump_sys_chown("/tmp/f", (uid_t)-1, (gid_t)-1));
	T_ASSERT(later(xstat("/tmp/f").st_ctim, before.st_ctim));
	/* Not the owner nor of group 11: its set-group-id would go, which
	 * it may not have done; naming the owner's own ids is refused. */
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_chown("/tmp/f", (uid_t)-1, (gid_t)-1), EPERM);
	T_ASSERT_ERRNO(rump_sys_chown("/tmp/f", 11, (gid_t)-1), EPERM);
	T_ASSERT_ERRNO(rump_sys_chown("/tmp/f", (uid_t)-1, 11), EPERM);
	T_ASSERT_ERRNO(rump_sys_chown("/tmp/f", (uid_t)-1, 100), EPERM);
	T_ASSERT_EQ(xstat("/tmp/f").st_mode & 07777, 02745);
	/* With nothing to take away, chown(-1, -1) is anyone's, and sets
	 * the change time. */
	as_root();
	T_ASSERT_OK(rump_sys_chmod("/tmp/f", 0644));
	before = stat_then_pause("/tmp/f");
	as_user(100, 100, 0, NULL);
	T_ASSERT_OK(rump_sys_chown("/tmp/f", (uid_t)-1, (gid_t)-1));
	T_ASSERT(later(xstat("/tmp/f").st_ctim, before.st_ctim));
	/* The owner, naming its own ids, loses the set-id bits. */
	as_root();
	T_ASSERT_OK(rump_sys_chown("/tmp/f", 100, 100));
	T_ASSERT_OK(rump_sys_chmod("/tmp/f", 06755));
	as_user(100, 100, 0, NULL);
	T_ASSERT_OK(rump_sys_chown("/tmp/f", 100, 100));
	T_ASSERT_EQ(xstat("/tmp/f").st_mode & 07777, 0755);
}

T_CASE(write_clears_setid, "a write or truncate by a user takes set-user-id away, and set-group-id with group execute or outside the file's group; root's writes and empty writes do not (as on Linux)")
{
	const char *f = "/tmp/f";
	gid_t zero = 0;
	int fd;

	boot();
	put(f, "x");
	T_ASSERT_OK(rump_sys_chmod(f, 06777));
	fd = xopen(f, O_WRONLY);
	T_ASSERT_EQ(rump_sys_write(fd, "y", 1), 1);	/* root: kept */
	T_ASSERT_OK(rump_sys_ftruncate(fd, 3));
	T_ASSERT_EQ(xstat(f).st_mode & 07777, 06777);
	T_ASSERT_OK(rump_sys_close(fd));
	as_user(100, 100, 0, NULL);
	fd = xopen(f, O_WRONLY);
	T_ASSERT_EQ(rump_sys_write(fd, "", 0), 0);
	T_ASSERT_EQ(xstat(f).st_mode & 07777, 06777);
	T_ASSERT_EQ(rump_sys_write(fd, "y", 1), 1);
	T_ASSERT_EQ(xstat(f).st_mode & 07777, 0777);
	T_ASSERT_OK(rump_sys_close(fd));
	/* Truncating, by path or descriptor. */
	as_root();
	T_ASSERT_OK(rump_sys_chmod(f, 06777));
	as_user(100, 100, 0, NULL);
	T_ASSERT_OK(rump_sys_truncate(f, 1));
	T_ASSERT_EQ(xstat(f).st_mode & 07777, 0777);
	as_root();
	T_ASSERT_OK(rump_sys_chmod(f, 06777));
	as_user(100, 100, 0, NULL);
	fd = xopen(f, O_WRONLY | O_TRUNC);
	T_ASSERT_EQ(xstat(f).st_mode & 07777, 0777);
	T_ASSERT_OK(rump_sys_close(fd));
	/* Set-group-id without group execute: it goes for a writer
	 * outside the file's group (0) and stays for one in it. */
	as_root();
	T_ASSERT_OK(rump_sys_chmod(f, 02767));
	as_user(100, 100, 0, NULL);
	fd = xopen(f, O_WRONLY);
	T_ASSERT_EQ(rump_sys_write(fd, "y", 1), 1);
	T_ASSERT_EQ(xstat(f).st_mode & 07777, 0767);
	T_ASSERT_OK(rump_sys_close(fd));
	as_root();
	T_ASSERT_OK(rump_sys_chmod(f, 02767));
	as_user(100, 100, 1, &zero);
	fd = xopen(f, O_WRONLY);
	T_ASSERT_EQ(rump_sys_write(fd, "y", 1), 1);
	T_ASSERT_EQ(xstat(f).st_mode & 07777, 02767);
	T_ASSERT_OK(rump_sys_close(fd));
}

T_CASE(errors_as_on_linux, "where POSIX leaves a choice, Linux's: chmod of a link itself is EOPNOTSUPP, ftruncate of a pipe EINVAL, no SEEK_END in a directory, no vectors a 0-byte transfer, F_SETFL leaves O_SYNC, F_GETFL shows O_DIRECTORY and O_NOFOLLOW, O_DIRECTORY on a final link ENOTDIR, mknod on a taken name EEXIST before EPERM")
{
	int fd, fds[2];
	char c;

	boot_with_file_dir_links();
	T_ASSERT_ERRNO(rump_sys_fchmodat(AT_FDCWD, "/tmp/lf", 0600,
	    AT_SYMLINK_NOFOLLOW), EOPNOTSUPP);
	T_ASSERT_EQ(xlstat("/tmp/lf").st_mode & 07777, 0777);
	T_ASSERT_OK(rump_sys_pipe(fds));
	T_ASSERT_ERRNO(rump_sys_ftruncate(fds[1], 0), EINVAL);
	T_ASSERT_ERRNO(rump_sys_ftruncate(12345, 0), EBADF);
	fd = xopen("/tmp/d", O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, 0, SEEK_END), EINVAL);
	T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_SET), 0);
	T_ASSERT_EQ(rump_sys_fcntl(fd, F_GETFL) & (O_ACCMODE | O_DIRECTORY |
	    O_NOFOLLOW), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	T_ASSERT_OK(rump_sys_close(fd));
	fd = xopen("/tmp/f", O_RDWR | O_SYNC);
	T_ASSERT_EQ(rump_sys_writev(fd, NULL, 0), 0);
	T_ASSERT_EQ(rump_sys_readv(fd, NULL, 0), 0);
	T_ASSERT_ERRNO(rump_sys_writev(12345, NULL, 0), EBADF);
	T_ASSERT_OK(rump_sys_fcntl(fd, F_SETFL, 0));
	T_ASSERT_EQ(rump_sys_fcntl(fd, F_GETFL) & O_SYNC, O_SYNC);
	T_ASSERT_OK(rump_sys_close(fd));
	fd = xopen("/tmp/f", O_RDWR);
	T_ASSERT_OK(rump_sys_fcntl(fd, F_SETFL, O_SYNC | O_APPEND | O_NONBLOCK));
	T_ASSERT_EQ(rump_sys_fcntl(fd, F_GETFL) & (O_SYNC | O_APPEND |
	    O_NONBLOCK), O_APPEND | O_NONBLOCK);
	T_ASSERT_EQ(rump_sys_read(fd, &c, 1), 1);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_ERRNO(rump_sys_open("/tmp/ld", O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_open("/tmp/ld", O_RDONLY | O_NOFOLLOW), ELOOP);
	as_user(100, 100, 0, NULL);
	T_ASSERT_ERRNO(rump_sys_mknod("/tmp/f", S_IFCHR | 0644,
	    makedev(1, 3)), EEXIST);
	T_ASSERT_ERRNO(rump_sys_mknod("/tmp/d/dev", S_IFCHR | 0644,
	    makedev(1, 3)), EACCES);		/* root's 0755 directory */
	T_ASSERT_ERRNO(rump_sys_mknod("/tmp/dev", S_IFCHR | 0644,
	    makedev(1, 3)), EPERM);
}

T_CASE(pipe_where_file_wanted, "a pipe's descriptor where a directory is wanted gives ENOTDIR, where a file is EINVAL (POSIX's choice for pipes), not EBADF; an absolute path ignores it")
{
	static char buf[512];
	struct statvfs sv;
	int fds[2], fd;

	boot();
	T_ASSERT_OK(rump_sys_pipe(fds));
	T_ASSERT_ERRNO(rump_sys_fchdir(fds[0]), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_openat(fds[0], "g", O_RDONLY), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_getdents(fds[0], buf, sizeof(buf)), ENOTDIR);
	T_ASSERT_ERRNO(rump_sys_fsync(fds[1]), EINVAL);
	T_ASSERT_ERRNO(rump_sys_fchmod(fds[0], 0600), EINVAL);
	T_ASSERT_ERRNO(rump_sys_fchown(fds[0], 1, 1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_futimens(fds[0], NULL), EINVAL);
	T_ASSERT_ERRNO(rump_sys_fstatvfs(fds[0], &sv), EINVAL);
	T_ASSERT_ERRNO(rump_sys_fchdir(12345), EBADF);
	fd = rump_sys_openat(fds[0], "/tmp", O_RDONLY | O_DIRECTORY);
	T_ASSERT_GE(fd, 0);
	T_ASSERT_OK(rump_sys_close(fd));
}

T_CASE(fifo_transfer_times, "a read of a FIFO that moves bytes marks its access time, a write its modification and change times; empty ones mark nothing (POSIX)")
{
	struct stat before, after;
	char buf[8];
	int fd;

	boot();
	T_ASSERT_OK(rump_sys_mkfifo("/tmp/p", 0644));
	fd = xopen("/tmp/p", O_RDWR | O_NONBLOCK);
	before = stat_then_pause("/tmp/p");
	T_ASSERT_EQ(rump_sys_write(fd, "", 0), 0);
	T_ASSERT_ERRNO(rump_sys_read(fd, buf, sizeof(buf)), EAGAIN);
	after = xstat("/tmp/p");
	T_ASSERT(same_time(after.st_mtim, before.st_mtim));
	T_ASSERT(same_time(after.st_atim, before.st_atim));
	T_ASSERT(same_time(after.st_ctim, before.st_ctim));
	T_ASSERT_EQ(rump_sys_write(fd, "abc", 3), 3);
	after = xfstat(fd);
	T_ASSERT(later(after.st_mtim, before.st_mtim));
	T_ASSERT(later(after.st_ctim, before.st_ctim));
	T_ASSERT(same_time(after.st_atim, before.st_atim));
	before = stat_then_pause("/tmp/p");
	T_ASSERT_EQ(rump_sys_read(fd, buf, sizeof(buf)), 3);
	after = xstat("/tmp/p");
	T_ASSERT(later(after.st_atim, before.st_atim));
	T_ASSERT(same_time(after.st_mtim, before.st_mtim));
	T_ASSERT(same_time(after.st_ctim, before.st_ctim));
	T_ASSERT_OK(rump_sys_close(fd));
}

T_CASE(dirents_as_on_linux, "getdents packs records as Linux does (a 19-byte header, the name and its NUL, rounded to 8): a 24-byte buffer holds \".\"; a directory's size is the same empty from birth as emptied")
{
	static char buf[sizeof(struct dirent)];
	struct dirent *d = (struct dirent *)(void *)buf;
	off_t empty;
	int fd;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	empty = xstat("/tmp/d").st_size;
	put("/tmp/d/x", "");
	T_ASSERT_GT(xstat("/tmp/d").st_size, empty);
	T_ASSERT_OK(rump_sys_unlink("/tmp/d/x"));
	T_ASSERT_EQ(xstat("/tmp/d").st_size, empty);
	fd = xopen("/tmp/d", O_RDONLY | O_DIRECTORY);
	T_ASSERT_ERRNO(rump_sys_getdents(fd, buf, 23), EINVAL);
	T_ASSERT_EQ(rump_sys_getdents(fd, buf, 24), 24);
	T_ASSERT_EQ(d->d_reclen, 24);
	T_ASSERT_STREQ(d->d_name, ".");
	T_ASSERT_EQ(rump_sys_getdents(fd, buf, 24), 24);
	T_ASSERT_STREQ(d->d_name, "..");
	T_ASSERT_EQ(rump_sys_getdents(fd, buf, 24), 0);
	T_ASSERT_OK(rump_sys_close(fd));
}

T_CASE(mount_flags_as_on_linux, "a read-only mount keeps access times and refuses unlink, rmdir and rename with EROFS before looking at names (EXDEV first across mounts); noexec refuses X_OK even to root; nodev refuses device nodes with EACCES")
{
	char c;
	int fd;

	boot();
	mount_tmpfs("/mnt", 0, 0, 0);
	put("/mnt/f", "x");
	T_ASSERT_OK(rump_sys_mkdir("/mnt/d", 0755));
	T_ASSERT_OK(rump_sys_mknod("/mnt/c", S_IFCHR | 0644, makedev(1, 3)));
	age("/mnt/f");
	T_ASSERT_OK(rump_sys_mount("tmpfs", "/mnt", RUMP_MNT_UPDATE |
	    RUMP_MNT_RDONLY, NULL, 0));
	fd = xopen("/mnt/f", O_RDONLY);
	T_ASSERT_EQ(rump_sys_read(fd, &c, 1), 1);
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_EQ(xstat("/mnt/f").st_atime, 1000);
	T_ASSERT_ERRNO(rump_sys_unlink("/mnt/missing"), EROFS);
	T_ASSERT_ERRNO(rump_sys_unlink("/mnt/d"), EROFS);
	T_ASSERT_ERRNO(rump_sys_rmdir("/mnt/missing"), EROFS);
	T_ASSERT_ERRNO(rump_sys_rmdir("/mnt/f"), EROFS);
	T_ASSERT_ERRNO(rump_sys_rename("/mnt/missing", "/mnt/new"), EROFS);
	T_ASSERT_ERRNO(rump_sys_rename("/mnt/missing", "/tmp/new"), EXDEV);
	T_ASSERT_OK(rump_sys_mount("tmpfs", "/mnt", RUMP_MNT_UPDATE |
	    RUMP_MNT_NOEXEC | RUMP_MNT_NODEV, NULL, 0));
	T_ASSERT_OK(rump_sys_chmod("/mnt/f", 0755));
	T_ASSERT_ERRNO(rump_sys_access("/mnt/f", X_OK), EACCES);
	T_ASSERT_OK(rump_sys_access("/mnt/d", X_OK));	/* search: not exec */
	T_ASSERT_ERRNO(rump_sys_open("/mnt/c", O_RDONLY), EACCES);
	T_ASSERT_OK(rump_sys_mount("tmpfs", "/mnt", RUMP_MNT_UPDATE, NULL, 0));
	T_ASSERT_OK(rump_sys_access("/mnt/f", X_OK));
	T_ASSERT_ERRNO(rump_sys_open("/mnt/c", O_RDONLY), ENXIO);
}

T_CASE(new_modes_as_on_linux, "mkdir keeps only the permissions and the sticky bit (set-group-id comes from the parent); a file made set-group-id without group execute keeps it outside its group; chmod drops set-group-id for a group one is not of, on a directory too")
{
	boot();
	rump_sys_umask(0);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 07777));
	T_ASSERT_EQ(xstat("/tmp/d").st_mode & 07777, 01777);
	T_ASSERT_OK(rump_sys_chmod("/tmp/d", 02777));	/* root: kept */
	T_ASSERT_OK(rump_sys_chown("/tmp/d", 0, 50));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d/sub", 0755));
	T_ASSERT_EQ(xstat("/tmp/d/sub").st_mode & 07777, 02755);
	/* Files in the set-group-id directory get group 50; user 100 is
	 * not of it. */
	as_user(100, 100, 0, NULL);
	rump_sys_umask(0);
	T_ASSERT_OK(rump_sys_close(rump_sys_open("/tmp/d/noexec",
	    O_CREAT | O_WRONLY, 02745)));
	T_ASSERT_EQ(xstat("/tmp/d/noexec").st_mode & 07777, 02745);
	T_ASSERT_OK(rump_sys_close(rump_sys_open("/tmp/d/exec",
	    O_CREAT | O_WRONLY, 02755)));
	T_ASSERT_EQ(xstat("/tmp/d/exec").st_mode & 07777, 0755);
	/* The owner's chmod of its directory in group 50. */
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d/mine", 0755));
	T_ASSERT_EQ(xstat("/tmp/d/mine").st_gid, 50);
	T_ASSERT_OK(rump_sys_chmod("/tmp/d/mine", 03755));
	T_ASSERT_EQ(xstat("/tmp/d/mine").st_mode & 07777, 01755);
}

T_CASE(remount_rdonly_with_writer, "remounting read-only is EBUSY while a file is open for writing, and works after it is closed")
{
	int fd;

	boot();
	mount_tmpfs("/mnt", 0, 0, 0);
	fd = xopen("/mnt/f", O_CREAT | O_WRONLY);
	T_ASSERT_ERRNO(rump_sys_mount("tmpfs", "/mnt", RUMP_MNT_UPDATE |
	    RUMP_MNT_RDONLY, NULL, 0), EBUSY);
	T_ASSERT_EQ(rump_sys_write(fd, "a", 1), 1);	/* still writable */
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_mount("tmpfs", "/mnt", RUMP_MNT_UPDATE |
	    RUMP_MNT_RDONLY, NULL, 0));
	T_ASSERT_ERRNO(rump_sys_open("/mnt/f", O_WRONLY), EROFS);
}

T_CASE(unmount_bad_flags, "unmount with a flag it does not know is EINVAL and leaves the file system mounted")
{
	struct stat st;

	boot();
	mount_tmpfs("/mnt", 0, 0, 0);
	put("/mnt/f", "x");
	T_ASSERT_ERRNO(rump_sys_unmount("/mnt", 0x40000000), EINVAL);
	T_ASSERT_OK(rump_sys_stat("/mnt/f", &st));
}

T_CASE(mount_on_removed_dir, "mounting on a directory that was removed (reached as the current directory) fails with ENOENT")
{
	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_chdir("/tmp/d"));
	T_ASSERT_OK(rump_sys_rmdir("/tmp/d"));
	T_ASSERT_ERRNO(rump_sys_mount("tmpfs", ".", 0, NULL, 0), ENOENT);
}

T_CASE(open_unsupported_host_flags, "O_TMPFILE fails with EOPNOTSUPP and O_PATH with EINVAL rather than being ignored")
{
	boot();
#ifdef O_TMPFILE
	T_ASSERT_ERRNO(rump_sys_open("/tmp", O_TMPFILE | O_RDWR, 0600), EOPNOTSUPP);
#endif
#ifdef O_PATH
	T_ASSERT_ERRNO(rump_sys_open("/tmp", O_PATH), EINVAL);
#endif
}

T_CASE(hostile_arguments, "bad pointers, counts, lengths, offsets and arguments get errors, and the kernel goes on working")
{
	struct iovec iov = { NULL, 10 };
	struct tmpfs_args a = { .ta_version = TMPFS_ARGS_VERSION };
	struct timespec ts[2] = { { 0, 2000000000L }, { 0, 0 } };
	char big[4200], buf[16];
	struct stat st;
	int fd;

	boot();
	put("/tmp/f", "0123456789");
	fd = xopen("/tmp/f", O_RDWR);
	T_ASSERT_ERRNO(rump_sys_open(NULL, O_RDONLY), EFAULT);
	T_ASSERT_ERRNO(rump_sys_stat(NULL, &st), EFAULT);
	T_ASSERT_ERRNO(rump_sys_stat("/tmp/f", NULL), EFAULT);
	T_ASSERT_ERRNO(rump_sys_mkdir(NULL, 0755), EFAULT);
	T_ASSERT_ERRNO(rump_sys_rename(NULL, "/tmp/g"), EFAULT);
	T_ASSERT_ERRNO(rump_sys_read(fd, NULL, 10), EFAULT);
	T_ASSERT_ERRNO(rump_sys_readv(fd, &iov, 1), EFAULT);
	T_ASSERT_ERRNO(rump_sys_readv(fd, &iov, -1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_readv(fd, &iov, 100000), EINVAL);
	T_ASSERT_ERRNO(rump_sys_pread(fd, buf, sizeof(buf), -5), EINVAL);
	T_ASSERT_EQ(rump_sys_lseek(fd, 10, SEEK_SET), 10);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, INT64_MAX, SEEK_CUR), EINVAL);
	T_ASSERT_ERRNO(rump_sys_lseek(fd, -11, SEEK_CUR), EINVAL);
	T_ASSERT_ERRNO(rump_sys_read(12345, buf, 1), EBADF);
	T_ASSERT_ERRNO(rump_sys_openat(12345, "f", O_RDONLY), EBADF);
	memset(big, 'a', sizeof(big));
	big[sizeof(big) - 1] = '\0';
	T_ASSERT_ERRNO(rump_sys_open(big, O_RDONLY), ENAMETOOLONG);
	T_ASSERT_ERRNO(rump_sys_symlink(big, "/tmp/l"), ENAMETOOLONG);
	T_ASSERT_ERRNO(rump_sys_utimensat(AT_FDCWD, "/tmp/f", ts, 0), EINVAL);
	T_ASSERT_OK(rump_sys_mkdir("/mnt", 0755));
	T_ASSERT_ERRNO(rump_sys_mount("tmpfs", "/mnt", 0, &a, 3), EINVAL);
	T_ASSERT_ERRNO(rump_sys_mount("tmpfs", "/mnt", 0, &a, (size_t)1 << 30), EINVAL);
	T_ASSERT_ERRNO(rump_sys_mount("nosuchfs", "/mnt", 0, NULL, 0), ENODEV);
	a.ta_version = 99;
	T_ASSERT_ERRNO(rump_sys_mount("tmpfs", "/mnt", 0, &a, sizeof(a)), EINVAL);
	T_ASSERT_ERRNO(rump_sys_getdents(fd, buf, sizeof(buf)), ENOTDIR);
	/* Still working. */
	T_ASSERT_EQ(rump_sys_pread(fd, buf, 4, 0), 4);
	T_ASSERT_EQ(memcmp(buf, "0123", 4), 0);
}

T_CASE(one_instant_per_call, "create, link, unlink and rename set the times of every node they change to one instant")
{
	struct stat f, d, e;
	int fd;

	boot();
	T_ASSERT_OK(rump_sys_mkdir("/tmp/d", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/e", 0755));
	T_ASSERT_GE(fd = rump_sys_open("/tmp/d/f", O_CREAT | O_RDWR, 0644), 0);
	f = xstat("/tmp/d/f");
	d = xstat("/tmp/d");
	T_ASSERT(same_time(f.st_mtim, d.st_mtim));
	T_ASSERT(same_time(f.st_ctim, d.st_ctim));

	T_ASSERT_OK(rump_sys_link("/tmp/d/f", "/tmp/e/g"));
	f = xstat("/tmp/d/f");
	e = xstat("/tmp/e");
	T_ASSERT(same_time(f.st_ctim, e.st_mtim));

	T_ASSERT_OK(rump_sys_rename("/tmp/e/g", "/tmp/d/h"));
	f = xstat("/tmp/d/h");
	d = xstat("/tmp/d");
	e = xstat("/tmp/e");
	T_ASSERT(same_time(f.st_ctim, d.st_mtim));
	T_ASSERT(same_time(d.st_mtim, e.st_mtim));

	T_ASSERT_OK(rump_sys_unlink("/tmp/d/h"));
	T_ASSERT_OK(rump_sys_unlink("/tmp/d/f"));
	T_ASSERT_OK(rump_sys_fstat(fd, &f));
	d = xstat("/tmp/d");
	T_ASSERT_EQ(f.st_nlink, 0);
	T_ASSERT(same_time(f.st_ctim, d.st_mtim));
	T_ASSERT_OK(rump_sys_close(fd));
}

/* Each shape twice (cold, then through the name cache) must give the
 * same answer. */
static void
twice_ok_create(const char *path, const char *check)
{
	struct stat st;

	for (int i = 0; i < 2; i++) {
		int fd = rump_sys_open(path, O_CREAT | O_WRONLY, 0644);

		T_ASSERT_GE(fd, 0);
		T_ASSERT_OK(rump_sys_close(fd));
		T_ASSERT_OK(rump_sys_stat(check, &st));
		T_ASSERT_OK(rump_sys_unlink(check));
	}
}

T_CASE(namei_shapes_balanced, "path shapes through the cached directory walk: dangling links created through (relative, absolute, in a chroot), \"..\", trailing slashes, errors; references balanced (unmount succeeds)")
{
	struct stat st;
	int fd;

	boot();
	mount_tmpfs("/tmp/m", 0, 0, 0);
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/a", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/a/b", 0755));
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/e", 0755));
	put("/tmp/m/a/b/f", "x");
	T_ASSERT_OK(rump_sys_symlink("../../e/new", "/tmp/m/a/b/rel"));
	T_ASSERT_OK(rump_sys_symlink("/tmp/m/e/abs", "/tmp/m/a/b/abs"));
	T_ASSERT_OK(rump_sys_symlink("/tmp/m/a/b", "/tmp/m/a/ldir"));
	T_ASSERT_OK(rump_sys_chdir("/tmp/m"));
	for (int i = 0; i < 3; i++) {
		T_ASSERT_OK(rump_sys_stat("a/b/f", &st));
		T_ASSERT_OK(rump_sys_stat("/tmp/m/a/b/f", &st));
	}
	twice_ok_create("a/b/rel", "/tmp/m/e/new");
	twice_ok_create("/tmp/m/a/b/rel", "/tmp/m/e/new");
	twice_ok_create("a/b/abs", "/tmp/m/e/abs");
	twice_ok_create("/tmp/m/a/b/abs", "e/abs");
	twice_ok_create("a/ldir/rel", "e/new");
	twice_ok_create("a/b/../b/rel", "e/new");
	for (int i = 0; i < 2; i++) {
		T_ASSERT_ERRNO(rump_sys_open("a/b/rel", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
		T_ASSERT_ERRNO(rump_sys_mkdir("a/b/f/x", 0755), ENOTDIR);
		T_ASSERT_ERRNO(rump_sys_mkdir("a/b/f/", 0755), EEXIST);
		T_ASSERT_ERRNO(rump_sys_unlink("a/b/f/"), ENOTDIR);
		T_ASSERT_ERRNO(rump_sys_unlink("a/b/nope/x"), ENOENT);
		T_ASSERT_ERRNO(rump_sys_rmdir("a/b/."), EINVAL);
		T_ASSERT_ERRNO(rump_sys_rmdir("a/b/.."), ENOTEMPTY);
		T_ASSERT_OK(rump_sys_mkdir("a/b/d/", 0755));
		T_ASSERT_OK(rump_sys_rmdir("a/b/d//"));
		T_ASSERT_OK(rump_sys_lstat("a/b/abs", &st));
		T_ASSERT(S_ISLNK(st.st_mode));
		T_ASSERT_ERRNO(rump_sys_stat("a/b/abs", &st), ENOENT);
		T_ASSERT_ERRNO(rump_sys_stat("a/b/abs/", &st), ENOENT);
		T_ASSERT_OK(rump_sys_lstat("a/ldir/", &st));
		T_ASSERT(S_ISDIR(st.st_mode));
		T_ASSERT_OK(rump_sys_stat("a/ldir/f", &st));
		T_ASSERT_OK(rump_sys_rename("a/b/f", "a/b/g"));
		T_ASSERT_OK(rump_sys_rename("a/b/g", "a/ldir/f"));
		T_ASSERT_OK(rump_sys_link("a/b/f", "a/b/h"));
		T_ASSERT_OK(rump_sys_unlink("a/ldir/h"));
		T_ASSERT_ERRNO(rump_sys_symlink("x", "a/b/f"), EEXIST);
	}
	/* A chroot: an absolute target resolves inside it. */
	T_ASSERT_OK(rump_sys_mkdir("/tmp/m/e/s", 0755));
	T_ASSERT_OK(rump_sys_symlink("/jin", "/tmp/m/e/s/l"));
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFFDG), 0);
	T_ASSERT_OK(rump_sys_chroot("/tmp/m/e"));
	T_ASSERT_OK(rump_sys_chdir("/"));
	for (int i = 0; i < 2; i++) {
		T_ASSERT_OK(rump_sys_stat("/s", &st));
		fd = rump_sys_open("s/l", O_CREAT | O_WRONLY, 0644);
		T_ASSERT_GE(fd, 0);
		T_ASSERT_OK(rump_sys_close(fd));
		T_ASSERT_OK(rump_sys_stat("/jin", &st));
		T_ASSERT_OK(rump_sys_unlink("/s/../jin"));
		fd = rump_sys_open("/s/l", O_CREAT | O_WRONLY, 0644);
		T_ASSERT_GE(fd, 0);
		T_ASSERT_OK(rump_sys_close(fd));
		T_ASSERT_OK(rump_sys_unlink("/jin"));
		T_ASSERT_ERRNO(rump_sys_stat("/tmp", &st), ENOENT);
		T_ASSERT_OK(rump_sys_stat("s/../../../s", &st));
	}
	rump_pub_lwproc_releaselwp();
	as_root();
	/* Nothing above kept a reference. */
	T_ASSERT_OK(rump_sys_chdir("/"));
	T_ASSERT_OK(rump_sys_unmount("/tmp/m", 0));
}
