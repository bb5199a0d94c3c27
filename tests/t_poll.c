/*
 * t_poll.c: poll, ppoll and select on pipes: readiness, timeouts,
 * wakeups from other threads, POLLHUP, POLLNVAL and EBADF, many
 * descriptors, and ping-pong loops that would hang on a lost wakeup.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rump_syscallnum.h>
#include "t.h"
#include "ktest.h"

#define PIPE_SIZE 65536
#define KPIPE_BUF 4096

static void
boot_pipe(int fds[2], int flags)
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_pipe2(fds, flags));
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
msleep(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static int
poll1(int fd, short events, int timeout, short *revents)
{
	struct pollfd p = { fd, events, 0x5a5a };
	int n = rump_sys_poll(&p, 1, timeout);

	*revents = p.revents;
	return n;
}

T_CASE(poll_read_ready, "POLLIN only once data is there; revents says which")
{
	int fds[2];
	short rev;

	boot_pipe(fds, 0);
	T_ASSERT_EQ(poll1(fds[0], POLLIN, 0, &rev), 0);
	T_ASSERT_EQ(rev, 0);
	T_ASSERT_EQ(rump_sys_write(fds[1], "x", 1), 1);
	T_ASSERT_EQ(poll1(fds[0], POLLIN | POLLRDNORM, 0, &rev), 1);
	T_ASSERT_EQ(rev, POLLIN | POLLRDNORM);
	T_ASSERT_EQ(poll1(fds[0], POLLOUT | POLLPRI, 0, &rev), 0);
	T_ASSERT_EQ(rev, 0);
	T_ASSERT_EQ(poll1(fds[1], POLLIN, 0, &rev), 0);	/* write end */
}

T_CASE(poll_write_ready, "POLLOUT while PIPE_BUF bytes fit, not when fuller")
{
	static char buf[PIPE_SIZE];
	int fds[2];
	short rev;

	boot_pipe(fds, O_NONBLOCK);
	T_ASSERT_EQ(poll1(fds[1], POLLOUT, 0, &rev), 1);
	T_ASSERT_EQ(rev, POLLOUT);
	T_ASSERT_EQ(rump_sys_write(fds[1], buf, PIPE_SIZE - KPIPE_BUF), PIPE_SIZE - KPIPE_BUF);
	T_ASSERT_EQ(poll1(fds[1], POLLOUT | POLLWRNORM, 0, &rev), 1);
	T_ASSERT_EQ(rump_sys_write(fds[1], buf, 1), 1);
	T_ASSERT_EQ(poll1(fds[1], POLLOUT, 0, &rev), 0);
	T_ASSERT_EQ(rump_sys_read(fds[0], buf, 1), 1);
	T_ASSERT_EQ(poll1(fds[1], POLLOUT, 0, &rev), 1);
}

T_CASE(poll_timeout, "poll, ppoll and select time out after about the time asked")
{
	struct timespec ts = { 0, 60 * 1000000 };
	struct timeval tv = { 0, 60 * 1000 };
	struct pollfd p;
	fd_set rd;
	uint64_t t0;
	int fds[2];
	short rev;

	boot_pipe(fds, 0);
	t0 = now_ms();
	T_ASSERT_EQ(poll1(fds[0], POLLIN, 60, &rev), 0);
	T_ASSERT_GE(now_ms() - t0, 59);
	T_ASSERT_LT(now_ms() - t0, 900);
	T_ASSERT_EQ(rev, 0);

	p = (struct pollfd){ fds[0], POLLIN, 0 };
	t0 = now_ms();
	T_ASSERT_EQ(rump_sys_ppoll(&p, 1, &ts, NULL), 0);
	T_ASSERT_GE(now_ms() - t0, 59);
	T_ASSERT_LT(now_ms() - t0, 900);

	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	t0 = now_ms();
	T_ASSERT_EQ(rump_sys_select(fds[0] + 1, &rd, NULL, NULL, &tv), 0);
	T_ASSERT_GE(now_ms() - t0, 59);
	T_ASSERT_LT(now_ms() - t0, 900);
	T_ASSERT(!FD_ISSET(fds[0], &rd));

	/* No descriptors: a sleep. */
	t0 = now_ms();
	T_ASSERT_EQ(rump_sys_poll(NULL, 0, 30), 0);
	T_ASSERT_GE(now_ms() - t0, 29);
}

T_CASE(poll_zero_timeout, "a zero timeout returns at once")
{
	struct timespec ts = { 0, 0 };
	struct timeval tv = { 0, 0 };
	struct pollfd p;
	fd_set rd;
	uint64_t t0;
	int fds[2];

	boot_pipe(fds, 0);
	p = (struct pollfd){ fds[0], POLLIN, 0 };
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	t0 = now_ms();
	for (int i = 0; i < 100; i++) {
		T_ASSERT_EQ(rump_sys_poll(&p, 1, 0), 0);
		T_ASSERT_EQ(rump_sys_ppoll(&p, 1, &ts, NULL), 0);
		T_ASSERT_EQ(rump_sys_select(fds[0] + 1, &rd, NULL, NULL, &tv), 0);
		FD_SET(fds[0], &rd);
	}
	T_ASSERT_LT(now_ms() - t0, 500);
}

struct waiter {
	int fd;
	short events;
	int which;		/* 0 poll, 1 ppoll, 2 select */
	int result;
	short revents;
	volatile int done;
};

static void *
wait_thread(void *arg)
{
	struct waiter *w = arg;
	struct pollfd p = { w->fd, w->events, 0 };
	fd_set rd, wr;

	switch (w->which) {
	case 0:
		w->result = rump_sys_poll(&p, 1, -1);
		w->revents = p.revents;
		break;
	case 1:
		w->result = rump_sys_ppoll(&p, 1, NULL, NULL);
		w->revents = p.revents;
		break;
	case 2:
		FD_ZERO(&rd);
		FD_ZERO(&wr);
		FD_SET(w->fd, (w->events & POLLIN) ? &rd : &wr);
		w->result = rump_sys_select(w->fd + 1, &rd, &wr, NULL, NULL);
		w->revents = (short)((FD_ISSET(w->fd, &rd) ? POLLIN : 0) |
		    (FD_ISSET(w->fd, &wr) ? POLLOUT : 0));
		break;
	}
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void
start_waiter(pthread_t *t, struct waiter *w)
{
	T_ASSERT_EQ(pthread_create(t, NULL, wait_thread, w), 0);
	msleep(40);
	T_ASSERT_EQ(__atomic_load_n(&w->done, __ATOMIC_ACQUIRE), 0);
}

T_CASE(poll_wakeup_read, "[timeout=30] a write wakes threads blocked in poll, ppoll and select")
{
	struct waiter w[3];
	pthread_t t[3];
	int fds[2];

	boot_pipe(fds, 0);
	for (int i = 0; i < 3; i++) {
		w[i] = (struct waiter){ .fd = fds[0], .events = POLLIN, .which = i };
		T_ASSERT_EQ(pthread_create(&t[i], NULL, wait_thread, &w[i]), 0);
	}
	msleep(50);
	for (int i = 0; i < 3; i++)
		T_ASSERT_EQ(__atomic_load_n(&w[i].done, __ATOMIC_ACQUIRE), 0);
	T_ASSERT_EQ(rump_sys_write(fds[1], "!", 1), 1);
	for (int i = 0; i < 3; i++) {
		T_ASSERT_EQ(pthread_join(t[i], NULL), 0);
		T_ASSERT_EQ(w[i].result, 1);
		T_ASSERT_EQ(w[i].revents, POLLIN);
	}
}

T_CASE(poll_wakeup_write, "[timeout=30] a read that makes room wakes a thread polling for POLLOUT")
{
	static char buf[PIPE_SIZE];
	struct waiter w;
	pthread_t t;
	int fds[2];

	for (int which = 0; which < 3; which += 2) {
		if (which == 0)
			boot_pipe(fds, O_NONBLOCK);
		else
			T_ASSERT_OK(rump_sys_pipe2(fds, O_NONBLOCK));
		T_ASSERT_EQ(rump_sys_write(fds[1], buf, PIPE_SIZE), PIPE_SIZE);
		w = (struct waiter){ .fd = fds[1], .events = POLLOUT, .which = which };
		start_waiter(&t, &w);
		T_ASSERT_EQ(rump_sys_read(fds[0], buf, 100), 100);	/* not enough */
		msleep(30);
		T_ASSERT_EQ(__atomic_load_n(&w.done, __ATOMIC_ACQUIRE), 0);
		T_ASSERT_EQ(rump_sys_read(fds[0], buf, KPIPE_BUF), KPIPE_BUF);
		T_ASSERT_EQ(pthread_join(t, NULL), 0);
		T_ASSERT_EQ(w.result, 1);
		T_ASSERT_EQ(w.revents, POLLOUT);
	}
}

T_CASE(poll_hup_reader, "[timeout=30] closing the write end gives the read end POLLHUP and wakes its poller")
{
	struct waiter w;
	pthread_t t;
	int fds[2];
	short rev;

	boot_pipe(fds, 0);
	w = (struct waiter){ .fd = fds[0], .events = POLLIN };
	start_waiter(&t, &w);
	T_ASSERT_OK(rump_sys_close(fds[1]));
	T_ASSERT_EQ(pthread_join(t, NULL), 0);
	T_ASSERT_EQ(w.result, 1);
	T_ASSERT_EQ(w.revents, POLLHUP);	/* no POLLIN: nothing to read */
	/* Hang-ups are reported even when not asked for. */
	T_ASSERT_EQ(poll1(fds[0], 0, 0, &rev), 1);
	T_ASSERT_EQ(rev, POLLHUP);
}

T_CASE(poll_hup_writer, "[timeout=30] closing the read end gives the write end POLLERR (as on Linux) and wakes its poller")
{
	static char buf[PIPE_SIZE];
	struct waiter w;
	pthread_t t;
	int fds[2];
	short rev;

	boot_pipe(fds, O_NONBLOCK);
	T_ASSERT_EQ(rump_sys_write(fds[1], buf, PIPE_SIZE), PIPE_SIZE);
	w = (struct waiter){ .fd = fds[1], .events = POLLOUT };
	start_waiter(&t, &w);
	T_ASSERT_OK(rump_sys_close(fds[0]));
	T_ASSERT_EQ(pthread_join(t, NULL), 0);
	T_ASSERT_EQ(w.result, 1);
	T_ASSERT_EQ(w.revents, POLLOUT | POLLERR);
	T_ASSERT_EQ(poll1(fds[1], 0, 0, &rev), 1);
	T_ASSERT_EQ(rev, POLLERR);
}

T_CASE(poll_nval, "POLLNVAL for a closed descriptor, at once; a negative one is skipped")
{
	struct pollfd p[3];
	int fds[2];

	boot_pipe(fds, 0);
	T_ASSERT_OK(rump_sys_close(fds[1]));
	p[0] = (struct pollfd){ fds[1], POLLIN, 0 };
	p[1] = (struct pollfd){ -1, POLLIN, 0x77 };
	p[2] = (struct pollfd){ 4000, POLLOUT, 0 };
	T_ASSERT_EQ(rump_sys_poll(p, 3, -1), 2);
	T_ASSERT_EQ(p[0].revents, POLLNVAL);
	T_ASSERT_EQ(p[1].revents, 0);
	T_ASSERT_EQ(p[2].revents, POLLNVAL);
	p[0].fd = -5;
	T_ASSERT_EQ(rump_sys_poll(p, 2, 0), 0);
}

T_CASE(poll_same_fd_twice, "a descriptor listed twice is reported twice")
{
	struct pollfd p[2];
	int fds[2];

	boot_pipe(fds, 0);
	T_ASSERT_EQ(rump_sys_write(fds[1], "x", 1), 1);
	p[0] = (struct pollfd){ fds[0], POLLIN, 0 };
	p[1] = (struct pollfd){ fds[0], POLLIN | POLLOUT, 0 };
	T_ASSERT_EQ(rump_sys_poll(p, 2, -1), 2);
	T_ASSERT_EQ(p[0].revents, POLLIN);
	T_ASSERT_EQ(p[1].revents, POLLIN);
}

struct delayed {
	int fd, ms;
};

static void *
delayed_write(void *arg)
{
	struct delayed *d = arg;

	msleep(d->ms);
	if (rump_sys_write(d->fd, "d", 1) != 1)
		abort();
	return NULL;
}

#define NPIPES 150

T_CASE(poll_many, "[timeout=30] 150 pipes: the ready ones are found, and a write to any wakes the poller")
{
	static int fds[NPIPES][2];
	static struct pollfd p[NPIPES];
	const int ready[3] = { 3, 77, 149 };
	struct delayed d;
	pthread_t t;
	char c;

	T_ASSERT_EQ(rump_init(), 0);
	for (int i = 0; i < NPIPES; i++) {
		T_ASSERT_OK(rump_sys_pipe(fds[i]));
		p[i] = (struct pollfd){ fds[i][0], POLLIN, 0 };
	}
	for (int i = 0; i < 3; i++)
		T_ASSERT_EQ(rump_sys_write(fds[ready[i]][1], "r", 1), 1);
	T_ASSERT_EQ(rump_sys_poll(p, NPIPES, -1), 3);
	for (int i = 0, j = 0; i < NPIPES; i++) {
		if (j < 3 && i == ready[j]) {
			T_ASSERT_EQ(p[i].revents, POLLIN);
			j++;
		} else {
			T_ASSERT_EQ(p[i].revents, 0);
		}
	}
	for (int i = 0; i < 3; i++)
		T_ASSERT_EQ(rump_sys_read(fds[ready[i]][0], &c, 1), 1);
	T_ASSERT_EQ(rump_sys_poll(p, NPIPES, 0), 0);
	d = (struct delayed){ fds[NPIPES / 2][1], 40 };
	T_ASSERT_EQ(pthread_create(&t, NULL, delayed_write, &d), 0);
	T_ASSERT_EQ(rump_sys_poll(p, NPIPES, 5000), 1);
	T_ASSERT_EQ(pthread_join(t, NULL), 0);
	for (int i = 0; i < NPIPES; i++)
		T_ASSERT_EQ(p[i].revents, i == NPIPES / 2 ? POLLIN : 0);
}

T_CASE(poll_many_waiters, "[timeout=30] one write wakes every thread polling the same pipe")
{
	struct waiter w[6];
	pthread_t t[6];
	int fds[2];

	boot_pipe(fds, 0);
	for (int i = 0; i < 6; i++) {
		w[i] = (struct waiter){ .fd = fds[0], .events = POLLIN, .which = i % 3 };
		T_ASSERT_EQ(pthread_create(&t[i], NULL, wait_thread, &w[i]), 0);
	}
	msleep(50);
	T_ASSERT_EQ(rump_sys_write(fds[1], "all", 3), 3);
	for (int i = 0; i < 6; i++) {
		T_ASSERT_EQ(pthread_join(t[i], NULL), 0);
		T_ASSERT_EQ(w[i].result, 1);
		T_ASSERT_EQ(w[i].revents, POLLIN);
	}
}

/*
 * Ping-pong: two threads pass a token back and forth through two
 * pipes, each waiting in poll (or select) before it reads.  A lost
 * wakeup hangs the case.
 */
#define ROUNDS 1000

struct pong {
	int in, out, use_select, failed;
};

static void *
pong_thread(void *arg)
{
	struct pong *pp = arg;
	char c;

	for (int i = 0; i < ROUNDS; i++) {
		if (pp->use_select) {
			fd_set rd;

			FD_ZERO(&rd);
			FD_SET(pp->in, &rd);
			if (rump_sys_select(pp->in + 1, &rd, NULL, NULL, NULL) != 1 ||
			    !FD_ISSET(pp->in, &rd))
				pp->failed = 1;
		} else {
			struct pollfd p = { pp->in, POLLIN, 0 };

			if (rump_sys_poll(&p, 1, -1) != 1 || p.revents != POLLIN)
				pp->failed = 1;
		}
		if (rump_sys_read(pp->in, &c, 1) != 1 || c != (char)i)
			pp->failed = 1;
		c = (char)(i + 1);
		if (rump_sys_write(pp->out, &c, 1) != 1)
			pp->failed = 1;
	}
	return NULL;
}

T_CASE(poll_pingpong, "[timeout=30] 1000 round trips through poll and select lose no wakeup")
{
	int a[2], b[2];
	struct pong p1, p2;
	pthread_t t;
	char c;

	setenv("RUMP_NCPU", "2", 1);
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_pipe(a));
	T_ASSERT_OK(rump_sys_pipe(b));
	p1 = (struct pong){ a[0], b[1], 0, 0 };
	p2 = (struct pong){ b[0], a[1], 1, 0 };
	T_ASSERT_EQ(pthread_create(&t, NULL, pong_thread, &p1), 0);
	/* This thread answers each token with the next number. */
	c = 0;
	T_ASSERT_EQ(rump_sys_write(a[1], &c, 1), 1);
	for (int i = 0; i < ROUNDS - 1; i++) {
		fd_set rd;

		FD_ZERO(&rd);
		FD_SET(b[0], &rd);
		T_ASSERT_EQ(rump_sys_select(b[0] + 1, &rd, NULL, NULL, NULL), 1);
		T_ASSERT_EQ(rump_sys_read(b[0], &c, 1), 1);
		T_ASSERT_EQ(c, (char)(i + 1));
		T_ASSERT_EQ(rump_sys_write(a[1], &c, 1), 1);
	}
	T_ASSERT_EQ(rump_sys_read(b[0], &c, 1), 1);
	T_ASSERT_EQ(c, (char)ROUNDS);
	T_ASSERT_EQ(pthread_join(t, NULL), 0);
	T_ASSERT_EQ(p1.failed, 0);
	(void)p2;
}

T_CASE(poll_errors, "too many descriptors: EINVAL; a bad array: EFAULT; a bad ppoll time: EINVAL")
{
	struct timespec bad = { 0, 1000000000 }, neg = { -1, 0 };
	sigset_t mask;
	uint64_t args[4], rv[2];
	struct pollfd p;
	int fds[2];

	boot_pipe(fds, 0);
	T_ASSERT_ERRNO(rump_sys_poll(&p, 5000, 0), EINVAL);
	args[0] = 0;
	args[1] = 1;
	args[2] = 0;
	T_ASSERT_EQ(rump_syscall(RUMP_SYS_poll, args, rv), RUMP_EFAULT);
	args[1] = 4097;
	T_ASSERT_EQ(rump_syscall(RUMP_SYS_poll, args, rv), RUMP_EINVAL);
	p = (struct pollfd){ fds[1], POLLOUT, 0 };
	T_ASSERT_ERRNO(rump_sys_ppoll(&p, 1, &bad, NULL), EINVAL);
	T_ASSERT_ERRNO(rump_sys_ppoll(&p, 1, &neg, NULL), EINVAL);
	sigemptyset(&mask);
	T_ASSERT_EQ(rump_sys_ppoll(&p, 1, NULL, &mask), 1);
	T_ASSERT_EQ(p.revents, POLLOUT);
}

T_CASE(select_ready, "select reports readable and writable descriptors and clears the rest")
{
	fd_set rd, wr, ex;
	struct timeval tv = { 5, 0 };
	int a[2], b[2], nd;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_OK(rump_sys_pipe(a));
	T_ASSERT_OK(rump_sys_pipe(b));
	nd = b[1] + 1;
	T_ASSERT_EQ(rump_sys_write(a[1], "x", 1), 1);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_ZERO(&ex);
	FD_SET(a[0], &rd);
	FD_SET(b[0], &rd);
	FD_SET(a[1], &wr);
	FD_SET(b[1], &wr);
	FD_SET(b[0], &ex);
	T_ASSERT_EQ(rump_sys_select(nd, &rd, &wr, &ex, &tv), 3);
	T_ASSERT(FD_ISSET(a[0], &rd));
	T_ASSERT(!FD_ISSET(b[0], &rd));
	T_ASSERT(FD_ISSET(a[1], &wr));
	T_ASSERT(FD_ISSET(b[1], &wr));
	T_ASSERT(!FD_ISSET(b[0], &ex));
	/* A read end is never writable; a hung-up one is readable. */
	T_ASSERT_OK(rump_sys_close(b[1]));
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(b[0], &rd);
	FD_SET(b[0], &wr);
	T_ASSERT_EQ(rump_sys_select(nd, &rd, &wr, NULL, &tv), 1);
	T_ASSERT(FD_ISSET(b[0], &rd));
	T_ASSERT(!FD_ISSET(b[0], &wr));
	/* No sets at all: a sleep. */
	tv = (struct timeval){ 0, 20000 };
	T_ASSERT_EQ(rump_sys_select(0, NULL, NULL, NULL, &tv), 0);
}

T_CASE(select_errors, "select: EBADF for a closed descriptor, EINVAL for bad nd or timeout")
{
	struct timeval tv = { 0, 0 }, bad = { -1, 0 };
	uint64_t args[5], rv[2];
	uint32_t kset[2] = { 0, 0 };
	fd_set rd;
	int fds[2];

	boot_pipe(fds, 0);
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	FD_SET(7, &rd);
	T_ASSERT_ERRNO(rump_sys_select(8, &rd, NULL, NULL, NULL), EBADF);
	T_ASSERT(FD_ISSET(7, &rd));		/* left alone on error */
	FD_CLR(7, &rd);
	T_ASSERT_ERRNO(rump_sys_select(8, &rd, NULL, NULL, &bad), EINVAL);
	T_ASSERT_ERRNO(rump_sys_select(-1, &rd, NULL, NULL, &tv), EINVAL);
	T_ASSERT_ERRNO(rump_sys_select(FD_SETSIZE + 1, &rd, NULL, NULL, &tv), EINVAL);
	/* Bits at or above nd are not looked at. */
	FD_SET(7, &rd);
	T_ASSERT_EQ(rump_sys_select(7, &rd, NULL, NULL, &tv), 0);
	/* The kernel's own checks. */
	kset[1] = 1;				/* descriptor 32 */
	args[0] = 64;
	args[1] = (uint64_t)(uintptr_t)kset;
	args[2] = args[3] = 0;
	args[4] = (uint64_t)(uintptr_t)&(struct rump_timeval){ 0, 0 };
	T_ASSERT_EQ(rump_syscall(RUMP_SYS_select, args, rv), RUMP_EBADF);
	args[0] = (uint64_t)-3;
	T_ASSERT_EQ(rump_syscall(RUMP_SYS_select, args, rv), RUMP_EINVAL);
	args[0] = 64;
	args[4] = (uint64_t)(uintptr_t)&(struct rump_timeval){ 0, -1 };
	T_ASSERT_EQ(rump_syscall(RUMP_SYS_select, args, rv), RUMP_EINVAL);
}

T_CASE(select_high_fd, "select sees a descriptor near FD_SETSIZE")
{
	struct timeval tv = { 1, 0 };
	fd_set rd, wr;
	int fds[2];

	boot_pipe(fds, 0);
	T_ASSERT_EQ(rump_sys_dup2(fds[0], 1000), 1000);
	T_ASSERT_EQ(rump_sys_dup2(fds[1], FD_SETSIZE - 1), FD_SETSIZE - 1);
	T_ASSERT_EQ(rump_sys_write(FD_SETSIZE - 1, "h", 1), 1);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(1000, &rd);
	FD_SET(FD_SETSIZE - 1, &wr);
	T_ASSERT_EQ(rump_sys_select(FD_SETSIZE, &rd, &wr, NULL, &tv), 2);
	T_ASSERT(FD_ISSET(1000, &rd));
	T_ASSERT(FD_ISSET(FD_SETSIZE - 1, &wr));
}

T_CASE(poll_no_fo_poll, "a file whose object has no poll routine is always ready")
{
	struct pollfd p;
	int fd;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_GE(fd = KTEST(rumpns_ktest_fd_open()), 0);
	p = (struct pollfd){ fd, POLLIN | POLLOUT | POLLPRI, 0 };
	T_ASSERT_EQ(rump_sys_poll(&p, 1, -1), 1);
	T_ASSERT_EQ(p.revents, POLLIN | POLLOUT);
}
