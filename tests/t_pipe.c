/*
 * t_pipe.c: pipes and FIFOs: blocking and non-blocking transfers, EOF,
 * EPIPE, atomic PIPE_BUF writes from several threads, large transfers
 * checked byte for byte, FIONREAD, fstat, pipe2's flags, running out
 * of memory; FIFO opens (fifo_open, through tests/kern/ktest_fifo.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rump_syscallnum.h>
#include "t.h"
#include "ktest.h"

/* tests/kern/ktest_fifo.c */
void rumpns_ktest_fifo_init(void);
int rumpns_ktest_fifo_open(int oflags);
bool rumpns_ktest_fifo_exists(unsigned *unreleased);

#define PIPE_SIZE 65536		/* the kernel's buffer */
#define KPIPE_BUF 4096		/* RUMP_PIPE_BUF */

static void
boot_pipe(int fds[2], int flags)
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_pipe2(fds, flags));
}

static void
msleep(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* Fill a non-blocking pipe; the bytes it took. */
static size_t
fill(int wfd)
{
	static char buf[8192];
	size_t total = 0;
	ssize_t n;

	while ((n = rump_sys_write(wfd, buf, sizeof(buf))) > 0)
		total += (size_t)n;
	T_ASSERT_EQ(n, -1);
	T_ASSERT_EQ(errno, EAGAIN);
	return total;
}

T_CASE(pipe_basic, "pipe gives the lowest descriptors; bytes written are read back")
{
	int fds[2];
	char buf[16];

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_pipe(fds));
	T_ASSERT_EQ(fds[0], 0);
	T_ASSERT_EQ(fds[1], 1);
	T_ASSERT_EQ(rump_sys_write(fds[1], "hello", 5), 5);
	T_ASSERT_EQ(rump_sys_write(fds[1], " world", 6), 6);
	T_ASSERT_EQ(rump_sys_read(fds[0], buf, 3), 3);
	T_ASSERT_EQ(memcmp(buf, "hel", 3), 0);
	T_ASSERT_EQ(rump_sys_read(fds[0], buf, sizeof(buf)), 8);
	T_ASSERT_EQ(memcmp(buf, "lo world", 8), 0);
	T_ASSERT_EQ(rump_sys_write(fds[1], buf, 0), 0);
	T_ASSERT_EQ(rump_sys_read(fds[0], buf, 0), 0);
}

T_CASE(pipe_eof, "reading after the last writer closed gives the rest, then 0")
{
	int fds[2];
	char buf[8];

	boot_pipe(fds, 0);
	T_ASSERT_EQ(rump_sys_write(fds[1], "abc", 3), 3);
	T_ASSERT_OK(rump_sys_close(fds[1]));
	T_ASSERT_EQ(rump_sys_read(fds[0], buf, sizeof(buf)), 3);
	T_ASSERT_EQ(rump_sys_read(fds[0], buf, sizeof(buf)), 0);
	T_ASSERT_EQ(rump_sys_read(fds[0], buf, sizeof(buf)), 0);
}

T_CASE(pipe_epipe, "writing with no reader left fails with EPIPE")
{
	int fds[2];

	boot_pipe(fds, 0);
	T_ASSERT_OK(rump_sys_close(fds[0]));
	T_ASSERT_ERRNO(rump_sys_write(fds[1], "x", 1), EPIPE);
	T_ASSERT_ERRNO(rump_sys_write(fds[1], "y", 100000), EPIPE);
}

T_CASE(pipe_nonblock, "non-blocking: EAGAIN when empty or full; small writes all or nothing")
{
	static char big[3 * KPIPE_BUF];
	int fds[2];
	char buf[KPIPE_BUF];

	boot_pipe(fds, O_NONBLOCK);
	T_ASSERT_ERRNO(rump_sys_read(fds[0], buf, sizeof(buf)), EAGAIN);
	T_ASSERT_EQ(fill(fds[1]), PIPE_SIZE);
	T_ASSERT_ERRNO(rump_sys_write(fds[1], "x", 1), EAGAIN);
	/* 100 bytes of room: a 200-byte write is atomic, so refused... */
	T_ASSERT_EQ(rump_sys_read(fds[0], buf, 100), 100);
	T_ASSERT_ERRNO(rump_sys_write(fds[1], buf, 200), EAGAIN);
	/* ... and one above PIPE_BUF takes what fits. */
	T_ASSERT_EQ(rump_sys_write(fds[1], big, sizeof(big)), 100);
	T_ASSERT_ERRNO(rump_sys_write(fds[1], big, sizeof(big)), EAGAIN);
	T_ASSERT_EQ(rump_sys_read(fds[0], buf, sizeof(buf)), sizeof(buf));
	T_ASSERT_EQ(rump_sys_write(fds[1], buf, sizeof(buf)), sizeof(buf));
}

struct io {
	int fd;
	char *buf;
	size_t len;
	ssize_t result;
	int error;
	volatile int done;
};

static void *
reader(void *arg)
{
	struct io *io = arg;

	io->result = rump_sys_read(io->fd, io->buf, io->len);
	io->error = errno;
	__atomic_store_n(&io->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void *
writer(void *arg)
{
	struct io *io = arg;

	io->result = rump_sys_write(io->fd, io->buf, io->len);
	io->error = errno;
	__atomic_store_n(&io->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static int
is_done(struct io *io)
{
	return __atomic_load_n(&io->done, __ATOMIC_ACQUIRE);
}

T_CASE(pipe_read_blocks, "[timeout=30] a blocking read waits for a writer in another thread")
{
	char buf[16];
	struct io io = { .buf = buf, .len = sizeof(buf) };
	pthread_t t;
	int fds[2];

	boot_pipe(fds, 0);
	io.fd = fds[0];
	T_ASSERT_EQ(pthread_create(&t, NULL, reader, &io), 0);
	msleep(50);
	T_ASSERT_EQ(is_done(&io), 0);
	T_ASSERT_EQ(rump_sys_write(fds[1], "wake", 4), 4);
	T_ASSERT_EQ(pthread_join(t, NULL), 0);
	T_ASSERT_EQ(io.result, 4);
	T_ASSERT_EQ(memcmp(buf, "wake", 4), 0);
}

T_CASE(pipe_read_eof_wakes, "[timeout=30] closing the write end wakes a blocked reader with EOF")
{
	char buf[16];
	struct io io = { .buf = buf, .len = sizeof(buf) };
	pthread_t t;
	int fds[2];

	boot_pipe(fds, 0);
	io.fd = fds[0];
	T_ASSERT_EQ(pthread_create(&t, NULL, reader, &io), 0);
	msleep(30);
	T_ASSERT_EQ(is_done(&io), 0);
	T_ASSERT_OK(rump_sys_close(fds[1]));
	T_ASSERT_EQ(pthread_join(t, NULL), 0);
	T_ASSERT_EQ(io.result, 0);
}

T_CASE(pipe_write_blocks, "[timeout=30] a blocking write into a full pipe waits for a reader")
{
	char buf[KPIPE_BUF], one = 'z';
	struct io io = { .buf = &one, .len = 1 };
	pthread_t t;
	int fds[2];

	boot_pipe(fds, O_NONBLOCK);
	T_ASSERT_EQ(fill(fds[1]), PIPE_SIZE);
	T_ASSERT_OK(rump_sys_fcntl(fds[1], F_SETFL, 0));
	io.fd = fds[1];
	T_ASSERT_EQ(pthread_create(&t, NULL, writer, &io), 0);
	msleep(50);
	T_ASSERT_EQ(is_done(&io), 0);
	T_ASSERT_EQ(rump_sys_read(fds[0], buf, sizeof(buf)), sizeof(buf));
	T_ASSERT_EQ(pthread_join(t, NULL), 0);
	T_ASSERT_EQ(io.result, 1);
	int n;
	T_ASSERT_OK(rump_sys_ioctl(fds[0], FIONREAD, &n));
	T_ASSERT_EQ(n, PIPE_SIZE - KPIPE_BUF + 1);
}

T_CASE(pipe_write_epipe_wakes, "[timeout=30] closing the read end wakes a blocked writer with EPIPE")
{
	char one = 'z';
	struct io io = { .buf = &one, .len = 1 };
	pthread_t t;
	int fds[2];

	boot_pipe(fds, O_NONBLOCK);
	fill(fds[1]);
	T_ASSERT_OK(rump_sys_fcntl(fds[1], F_SETFL, 0));
	io.fd = fds[1];
	T_ASSERT_EQ(pthread_create(&t, NULL, writer, &io), 0);
	msleep(30);
	T_ASSERT_EQ(is_done(&io), 0);
	T_ASSERT_OK(rump_sys_close(fds[0]));
	T_ASSERT_EQ(pthread_join(t, NULL), 0);
	T_ASSERT_EQ(io.result, -1);
	T_ASSERT_EQ(io.error, EPIPE);
}

T_CASE(pipe_partial_then_epipe, "[timeout=30] a large write cut short by the reader's close reports the bytes moved")
{
	static char big[PIPE_SIZE * 2];
	struct io io = { .buf = big, .len = sizeof(big) };
	pthread_t t;
	int fds[2];

	boot_pipe(fds, 0);
	io.fd = fds[1];
	T_ASSERT_EQ(pthread_create(&t, NULL, writer, &io), 0);
	msleep(50);
	T_ASSERT_EQ(is_done(&io), 0);
	T_ASSERT_OK(rump_sys_close(fds[0]));
	T_ASSERT_EQ(pthread_join(t, NULL), 0);
	T_ASSERT_EQ(io.result, PIPE_SIZE);
	T_ASSERT_ERRNO(rump_sys_write(fds[1], big, 1), EPIPE);
}

/*
 * Atomic writes: each writer sends records of its own size (at most
 * PIPE_BUF); a record is a header then a pattern of its writer and
 * sequence number.  Interleaving inside a record breaks the pattern.
 */
#define NWRITERS 4
#define NRECORDS 400
static const size_t rec_size[NWRITERS] = { KPIPE_BUF, 1000, 333, 17 };

struct rec_hdr {
	uint16_t id, len;
	uint32_t seq;
};

static uint8_t
rec_byte(int id, uint32_t seq, size_t i)
{
	return (uint8_t)(id * 67 + seq * 13 + i);
}

struct recw {
	int fd, id;
	int failed;
};

static void *
rec_writer(void *arg)
{
	struct recw *w = arg;
	size_t len = rec_size[w->id];
	uint8_t rec[KPIPE_BUF];

	for (uint32_t seq = 0; seq < NRECORDS; seq++) {
		struct rec_hdr h = { (uint16_t)w->id, (uint16_t)len, seq };

		memcpy(rec, &h, sizeof(h));
		for (size_t i = sizeof(h); i < len; i++)
			rec[i] = rec_byte(w->id, seq, i);
		if (rump_sys_write(w->fd, rec, len) != (ssize_t)len)
			w->failed = 1;
	}
	return NULL;
}

static void
read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = rump_sys_read(fd, (char *)buf + got, len - got);

		T_ASSERT_GT(n, 0);
		got += (size_t)n;
	}
}

T_CASE(pipe_atomic_writers, "[timeout=30] writes of at most PIPE_BUF from 4 threads never interleave")
{
	struct recw w[NWRITERS];
	pthread_t t[NWRITERS];
	uint32_t next[NWRITERS] = { 0 };
	uint8_t rec[KPIPE_BUF];
	int fds[2], total = 0;

	setenv("RUMP_NCPU", "2", 1);
	boot_pipe(fds, 0);
	for (int i = 0; i < NWRITERS; i++) {
		w[i] = (struct recw){ fds[1], i, 0 };
		T_ASSERT_EQ(pthread_create(&t[i], NULL, rec_writer, &w[i]), 0);
	}
	while (total < NWRITERS * NRECORDS) {
		struct rec_hdr h;

		read_full(fds[0], &h, sizeof(h));
		T_ASSERT_LT(h.id, NWRITERS);
		T_ASSERT_EQ(h.len, rec_size[h.id]);
		T_ASSERT_EQ(h.seq, next[h.id]);
		read_full(fds[0], rec + sizeof(h), h.len - sizeof(h));
		for (size_t i = sizeof(h); i < h.len; i++)
			if (rec[i] != rec_byte(h.id, h.seq, i))
				T_FAIL("record %u/%u broken at byte %zu", h.id,
				    h.seq, i);
		next[h.id]++;
		total++;
	}
	for (int i = 0; i < NWRITERS; i++) {
		T_ASSERT_EQ(pthread_join(t[i], NULL), 0);
		T_ASSERT_EQ(w[i].failed, 0);
	}
	int n;
	T_ASSERT_OK(rump_sys_ioctl(fds[0], FIONREAD, &n));
	T_ASSERT_EQ(n, 0);
}

/* A large transfer in random-sized pieces, checked byte for byte. */
#define XFER_BYTES (8u << 20)

static uint8_t
xfer_byte(size_t off)
{
	return (uint8_t)((off * 2654435761u) >> 13);
}

struct xfer {
	int fd;
	unsigned seed;
	int failed;
};

static void *
xfer_writer(void *arg)
{
	static uint8_t buf[200000];
	struct xfer *x = arg;
	size_t off = 0;

	while (off < XFER_BYTES) {
		size_t len = (size_t)rand_r(&x->seed) % sizeof(buf) + 1;
		ssize_t n;

		if (len > XFER_BYTES - off)
			len = XFER_BYTES - off;
		for (size_t i = 0; i < len; i++)
			buf[i] = xfer_byte(off + i);
		n = rump_sys_write(x->fd, buf, len);
		if (n != (ssize_t)len) {
			x->failed = 1;
			break;
		}
		off += len;
	}
	rump_sys_close(x->fd);
	return NULL;
}

T_CASE(pipe_large_transfer, "[timeout=30] 8 MiB across threads in random pieces arrive intact, then EOF")
{
	static uint8_t buf[150000];
	unsigned seed = (unsigned)t_seed();
	struct xfer x;
	pthread_t t;
	size_t off = 0;
	int fds[2];
	ssize_t n;

	setenv("RUMP_NCPU", "2", 1);
	boot_pipe(fds, 0);
	x = (struct xfer){ fds[1], seed, 0 };
	T_ASSERT_EQ(pthread_create(&t, NULL, xfer_writer, &x), 0);
	while ((n = rump_sys_read(fds[0], buf,
	    (size_t)rand_r(&seed) % sizeof(buf) + 1)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] != xfer_byte(off + (size_t)i))
				T_FAIL("byte %zu differs", off + (size_t)i);
		off += (size_t)n;
	}
	T_ASSERT_EQ(n, 0);
	T_ASSERT_EQ(pthread_join(t, NULL), 0);
	T_ASSERT_EQ(x.failed, 0);
	T_ASSERT_EQ(off, XFER_BYTES);
}

T_CASE(pipe_readv_writev, "writev gathers and readv scatters through a pipe")
{
	char a[] = "one", b[] = "-two-", c[] = "three", out1[6], out2[16];
	struct iovec wv[3] = { { a, 3 }, { b, 5 }, { c, 5 } };
	struct iovec rv[2] = { { out1, sizeof(out1) }, { out2, sizeof(out2) } };
	int fds[2];

	boot_pipe(fds, 0);
	T_ASSERT_EQ(rump_sys_writev(fds[1], wv, 3), 13);
	T_ASSERT_EQ(rump_sys_readv(fds[0], rv, 2), 13);
	T_ASSERT_EQ(memcmp(out1, "one-tw", 6), 0);
	T_ASSERT_EQ(memcmp(out2, "o-three", 7), 0);
	/* No vectors: nothing to move, no waiting (as on Linux). */
	T_ASSERT_EQ(rump_sys_readv(fds[0], rv, 0), 0);
	T_ASSERT_EQ(rump_sys_writev(fds[1], NULL, 0), 0);
	T_ASSERT_ERRNO(rump_sys_readv(fds[0], rv, -1), EINVAL);
	T_ASSERT_ERRNO(rump_sys_writev(fds[1], wv, 1025), EINVAL);
}

T_CASE(pipe_fionread, "FIONREAD gives the bytes buffered, on either end")
{
	char buf[200] = { 0 };
	int fds[2], n = -1;

	boot_pipe(fds, 0);
	T_ASSERT_OK(rump_sys_ioctl(fds[0], FIONREAD, &n));
	T_ASSERT_EQ(n, 0);
	T_ASSERT_EQ(rump_sys_write(fds[1], buf, 123), 123);
	T_ASSERT_OK(rump_sys_ioctl(fds[0], FIONREAD, &n));
	T_ASSERT_EQ(n, 123);
	T_ASSERT_EQ(rump_sys_read(fds[0], buf, 23), 23);
	T_ASSERT_OK(rump_sys_ioctl(fds[1], FIONREAD, &n));
	T_ASSERT_EQ(n, 100);
}

T_CASE(pipe_ioctl_unknown, "an ioctl a pipe does not know fails with ENOTTY")
{
	uint64_t args[3], rv[2];
	int fds[2];

	boot_pipe(fds, 0);
	args[0] = (uint64_t)fds[0];
	args[1] = 0x20007471;		/* _IO('t', 113): no argument */
	args[2] = 0;
	T_ASSERT_EQ(rump_syscall(RUMP_SYS_ioctl, args, rv), RUMP_ENOTTY);
	T_ASSERT_ERRNO(rump_sys_ioctl(fds[0], TIOCGWINSZ, NULL), ENOTTY);
}

T_CASE(pipe_fionbio, "FIONBIO and F_SETFL O_NONBLOCK switch blocking on and off")
{
	int fds[2], on = 1, off = 0;
	char c;

	boot_pipe(fds, 0);
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFL) & O_NONBLOCK, 0);
	T_ASSERT_OK(rump_sys_ioctl(fds[0], FIONBIO, &on));
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	T_ASSERT_ERRNO(rump_sys_read(fds[0], &c, 1), EAGAIN);
	T_ASSERT_OK(rump_sys_ioctl(fds[0], FIONBIO, &off));
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFL) & O_NONBLOCK, 0);
	T_ASSERT_OK(rump_sys_fcntl(fds[0], F_SETFL, O_NONBLOCK));
	T_ASSERT_ERRNO(rump_sys_read(fds[0], &c, 1), EAGAIN);
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFL), O_RDONLY | O_NONBLOCK);
	T_ASSERT_EQ(rump_sys_fcntl(fds[1], F_GETFL), O_WRONLY);
	T_ASSERT_OK(rump_sys_fcntl(fds[0], F_SETFL, 0));
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFL), O_RDONLY);
}

T_CASE(pipe_dup_ends, "an end stays open while a duplicate does: no EOF, no EPIPE")
{
	int fds[2], w2, r2;
	char c;

	boot_pipe(fds, O_NONBLOCK);
	T_ASSERT_GE(w2 = rump_sys_dup(fds[1]), 0);
	T_ASSERT_OK(rump_sys_close(fds[1]));
	T_ASSERT_ERRNO(rump_sys_read(fds[0], &c, 1), EAGAIN);	/* not EOF */
	T_ASSERT_EQ(rump_sys_write(w2, "q", 1), 1);
	T_ASSERT_EQ(rump_sys_read(fds[0], &c, 1), 1);
	T_ASSERT_EQ(c, 'q');
	T_ASSERT_GE(r2 = rump_sys_dup(fds[0]), 0);
	T_ASSERT_OK(rump_sys_close(fds[0]));
	T_ASSERT_EQ(rump_sys_write(w2, "r", 1), 1);	/* not EPIPE */
	T_ASSERT_EQ(rump_sys_read(r2, &c, 1), 1);
	T_ASSERT_EQ(c, 'r');
	T_ASSERT_OK(rump_sys_close(w2));
	T_ASSERT_EQ(rump_sys_read(r2, &c, 1), 0);		/* now EOF */
}

T_CASE(pipe_fstat, "fstat: a FIFO, mode 0600, PIPE_BUF block size, size 0 whatever is buffered (as on Linux)")
{
	struct stat r, w;
	int fds[2];

	boot_pipe(fds, 0);
	T_ASSERT_EQ(rump_sys_write(fds[1], "12345", 5), 5);
	T_ASSERT_OK(rump_sys_fstat(fds[0], &r));
	T_ASSERT_OK(rump_sys_fstat(fds[1], &w));
	T_ASSERT(S_ISFIFO(r.st_mode));
	T_ASSERT(S_ISFIFO(w.st_mode));
	T_ASSERT_EQ(r.st_mode & 07777, 0600);
	T_ASSERT_EQ(r.st_blksize, KPIPE_BUF);
	T_ASSERT_EQ(r.st_size, 0);
	T_ASSERT_EQ(w.st_size, 0);
	T_ASSERT_EQ(r.st_ino, w.st_ino);
	T_ASSERT_EQ(r.st_uid, 0);
	T_ASSERT_GT(r.st_ctim.tv_sec, 0);
	T_ASSERT_OK(rump_sys_pipe(fds));
	T_ASSERT_OK(rump_sys_fstat(fds[0], &w));
	T_ASSERT_NE(r.st_ino, w.st_ino);
}

T_CASE(pipe2_flags, "pipe2: O_CLOEXEC on both descriptors, O_NONBLOCK on both files, nothing else")
{
	uint64_t args[2], rv[2];
	int fds[2], kfds[2] = { -1, -1 };

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_pipe2(fds, O_CLOEXEC));
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFD), FD_CLOEXEC);
	T_ASSERT_EQ(rump_sys_fcntl(fds[1], F_GETFD), FD_CLOEXEC);
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFL) & O_NONBLOCK, 0);
	T_ASSERT_OK(rump_sys_pipe2(fds, O_NONBLOCK));
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFD), 0);
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFL), O_RDONLY | O_NONBLOCK);
	T_ASSERT_EQ(rump_sys_fcntl(fds[1], F_GETFL), O_WRONLY | O_NONBLOCK);
	T_ASSERT_OK(rump_sys_pipe(fds));
	T_ASSERT_EQ(rump_sys_fcntl(fds[0], F_GETFD), 0);
	T_ASSERT_ERRNO(rump_sys_pipe2(fds, O_APPEND), EINVAL);
	T_ASSERT_ERRNO(rump_sys_pipe2(fds, O_CLOEXEC | O_DIRECT), EINVAL);
	/* The kernel checks too. */
	args[0] = (uint64_t)(uintptr_t)kfds;
	args[1] = RUMP_O_APPEND;
	T_ASSERT_EQ(rump_syscall(RUMP_SYS_pipe2, args, rv), RUMP_EINVAL);
	T_ASSERT_EQ(kfds[0], -1);
	args[1] = RUMP_O_CLOEXEC | RUMP_O_NONBLOCK;
	T_ASSERT_EQ(rump_syscall(RUMP_SYS_pipe2, args, rv), 0);
	T_ASSERT_EQ(rump_sys_fcntl(kfds[0], F_GETFD), FD_CLOEXEC);
	T_ASSERT_EQ(rump_sys_fcntl(kfds[1], F_GETFL), O_WRONLY | O_NONBLOCK);
}

T_CASE(pipe_efault, "pipe into a NULL array fails with EFAULT and leaves no descriptor open")
{
	int fds[2];

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_ERRNO(rump_sys_pipe(NULL), EFAULT);
	T_ASSERT_ERRNO(rump_sys_close(0), EBADF);
	T_ASSERT_ERRNO(rump_sys_close(1), EBADF);
	T_ASSERT_OK(rump_sys_pipe(fds));
	T_ASSERT_EQ(fds[0], 0);
}

T_CASE(pipe_no_seek, "lseek, pread and pwrite on a pipe fail with ESPIPE")
{
	char buf[4];
	int fds[2];

	boot_pipe(fds, 0);
	T_ASSERT_EQ(rump_sys_write(fds[1], "data", 4), 4);
	T_ASSERT_ERRNO(rump_sys_lseek(fds[0], 0, SEEK_SET), ESPIPE);
	T_ASSERT_ERRNO(rump_sys_lseek(fds[1], 0, SEEK_CUR), ESPIPE);
	T_ASSERT_ERRNO(rump_sys_pread(fds[0], buf, 4, 0), ESPIPE);
	T_ASSERT_ERRNO(rump_sys_pwrite(fds[1], buf, 4, 0), ESPIPE);
	T_ASSERT_EQ(rump_sys_read(fds[0], buf, 4), 4);	/* nothing lost */
}

T_CASE(pipe_wrong_end, "reading the write end or writing the read end fails with EBADF")
{
	char c = 0;
	int fds[2];

	boot_pipe(fds, 0);
	T_ASSERT_ERRNO(rump_sys_read(fds[1], &c, 1), EBADF);
	T_ASSERT_ERRNO(rump_sys_write(fds[0], &c, 1), EBADF);
}

T_CASE(pipe_memlimit, "pipes past the memory limit fail with ENOMEM, and memory comes back")
{
	int fds[2], n = 0;

	setenv("RUMP_MEMLIMIT", "2m", 1);
	T_ASSERT_EQ(rump_init(), 0);
	while (n < 1000 && rump_sys_pipe(fds) == 0)
		n++;
	T_ASSERT_EQ(errno, ENOMEM);
	T_ASSERT_GT(n, 5);
	T_ASSERT_LT(n, 40);
	for (int fd = 0; fd < 2 * n; fd++)
		T_ASSERT_OK(rump_sys_close(fd));
	for (int i = 0; i < n; i++)
		T_ASSERT_OK(rump_sys_pipe(fds));
}

/* --- FIFOs --- */

static void
boot_fifo(void)
{
	T_ASSERT_EQ(rump_init(), 0);
	KTEST_VOID(rumpns_ktest_fifo_init());
}

static int
fifo_open(int oflags)
{
	return KTEST(rumpns_ktest_fifo_open(oflags));
}

static bool
fifo_exists(unsigned *unreleased)
{
	return KTEST(rumpns_ktest_fifo_exists(unreleased));
}

T_CASE(fifo_nonblock_writer, "a non-blocking FIFO writer without a reader gets ENXIO")
{
	unsigned open;

	boot_fifo();
	T_ASSERT_EQ(fifo_open(RUMP_O_WRONLY | RUMP_O_NONBLOCK), -RUMP_ENXIO);
	T_ASSERT(!fifo_exists(&open));
	T_ASSERT_EQ(open, 0);
	T_ASSERT_GE(fifo_open(RUMP_O_RDONLY | RUMP_O_NONBLOCK), 0);
	T_ASSERT_GE(fifo_open(RUMP_O_WRONLY | RUMP_O_NONBLOCK), 0);
	T_ASSERT(fifo_exists(&open));
	T_ASSERT_EQ(open, 2);
}

struct fifo_opener {
	int oflags, fd;
	volatile int done;
};

static void *
fifo_opener(void *arg)
{
	struct fifo_opener *o = arg;

	o->fd = fifo_open(o->oflags);
	__atomic_store_n(&o->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void
fifo_rendezvous(int waiting, int partner)
{
	struct fifo_opener o = { .oflags = waiting };
	pthread_t t;
	int fd;

	boot_fifo();
	T_ASSERT_EQ(pthread_create(&t, NULL, fifo_opener, &o), 0);
	msleep(50);
	T_ASSERT_EQ(__atomic_load_n(&o.done, __ATOMIC_ACQUIRE), 0);
	T_ASSERT_GE(fd = fifo_open(partner), 0);
	T_ASSERT_EQ(pthread_join(t, NULL), 0);
	T_ASSERT_GE(o.fd, 0);
	T_ASSERT_NE(o.fd, fd);
}

T_CASE(fifo_reader_waits, "[timeout=30] a blocking FIFO reader's open waits for a writer")
{
	fifo_rendezvous(RUMP_O_RDONLY, RUMP_O_WRONLY);
}

T_CASE(fifo_writer_waits, "[timeout=30] a blocking FIFO writer's open waits for a reader")
{
	fifo_rendezvous(RUMP_O_WRONLY, RUMP_O_RDONLY | RUMP_O_NONBLOCK);
}

T_CASE(fifo_rdwr, "a FIFO opened for reading and writing does not wait, and talks to itself")
{
	char buf[8];
	int fd;

	boot_fifo();
	T_ASSERT_GE(fd = fifo_open(RUMP_O_RDWR), 0);
	T_ASSERT_EQ(rump_sys_write(fd, "self", 4), 4);
	T_ASSERT_EQ(rump_sys_read(fd, buf, sizeof(buf)), 4);
	T_ASSERT_EQ(memcmp(buf, "self", 4), 0);
}

T_CASE(fifo_data_eof_stat, "FIFO data flows; EOF and POLLHUP after the writer; fstat asks the node")
{
	struct pollfd pfd;
	struct stat st;
	char buf[8];
	int r, w;

	boot_fifo();
	T_ASSERT_GE(r = fifo_open(RUMP_O_RDONLY | RUMP_O_NONBLOCK), 0);
	/* No writer yet: nothing to report, not even a hang-up. */
	pfd = (struct pollfd){ r, POLLIN, 0 };
	T_ASSERT_EQ(rump_sys_poll(&pfd, 1, 0), 0);
	T_ASSERT_EQ(rump_sys_read(r, buf, sizeof(buf)), 0);
	T_ASSERT_GE(w = fifo_open(RUMP_O_WRONLY), 0);
	T_ASSERT_EQ(rump_sys_write(w, "fifo", 4), 4);
	T_ASSERT_EQ(rump_sys_poll(&pfd, 1, 0), 1);
	T_ASSERT_EQ(pfd.revents, POLLIN);
	T_ASSERT_EQ(rump_sys_read(r, buf, sizeof(buf)), 4);
	T_ASSERT_EQ(memcmp(buf, "fifo", 4), 0);
	T_ASSERT_ERRNO(rump_sys_read(r, buf, sizeof(buf)), EAGAIN);
	T_ASSERT_OK(rump_sys_fstat(w, &st));
	T_ASSERT(S_ISFIFO(st.st_mode));
	T_ASSERT_EQ(st.st_ino, 4242);
	T_ASSERT_EQ(st.st_mode & 0777, 0640);
	T_ASSERT_ERRNO(rump_sys_lseek(r, 0, SEEK_SET), ESPIPE);
	T_ASSERT_OK(rump_sys_close(w));
	T_ASSERT_EQ(rump_sys_poll(&pfd, 1, 0), 1);
	T_ASSERT(pfd.revents & POLLHUP);
	T_ASSERT_EQ(rump_sys_read(r, buf, sizeof(buf)), 0);
}

T_CASE(fifo_last_close, "the last close frees the FIFO and its data, and releases the node per file")
{
	unsigned open;
	int r, w, n = -1;

	boot_fifo();
	T_ASSERT_GE(r = fifo_open(RUMP_O_RDONLY | RUMP_O_NONBLOCK), 0);
	T_ASSERT_GE(w = fifo_open(RUMP_O_WRONLY), 0);
	T_ASSERT_EQ(rump_sys_write(w, "lost", 4), 4);
	T_ASSERT_OK(rump_sys_close(w));
	T_ASSERT(fifo_exists(&open));
	T_ASSERT_EQ(open, 1);
	T_ASSERT_OK(rump_sys_close(r));
	T_ASSERT(!fifo_exists(&open));
	T_ASSERT_EQ(open, 0);
	T_ASSERT_GE(r = fifo_open(RUMP_O_RDWR), 0);
	T_ASSERT_OK(rump_sys_ioctl(r, FIONREAD, &n));
	T_ASSERT_EQ(n, 0);
}

T_CASE(fifo_epipe, "a FIFO writer whose readers all closed gets EPIPE")
{
	int r, w;

	boot_fifo();
	T_ASSERT_GE(r = fifo_open(RUMP_O_RDONLY | RUMP_O_NONBLOCK), 0);
	T_ASSERT_GE(w = fifo_open(RUMP_O_WRONLY | RUMP_O_NONBLOCK), 0);
	T_ASSERT_OK(rump_sys_close(r));
	T_ASSERT_ERRNO(rump_sys_write(w, "x", 1), EPIPE);
}
