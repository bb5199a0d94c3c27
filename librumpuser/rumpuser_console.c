/*
 * rumpuser_console.c: the host's console (standard error) and the other
 * things a kernel asks of its process: entropy, exit, stack traces and
 * symbol names.  Output goes through write(2), never stdio: programs
 * linked with the kernel may replace printf and friends.
 */
#include "rumpuser_int.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <execinfo.h>
#else
#include <pthread.h>
#endif

int
rumpuser_getrandom(void *buf, rumpuser_size_t buflen, rumpuser_size_t *retp)
{
	ssize_t n;
	int fd, error;

	/* GRND_NONBLOCK: early at boot the pool may not be ready; then
	 * /dev/urandom answers without waiting. */
	while ((n = getrandom(buf, buflen, GRND_NONBLOCK)) < 0 && errno == EINTR)
		continue;
	if (n < 0 && (errno == ENOSYS || errno == EAGAIN)) {
		if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) < 0)
			return ru_errno_to_kernel(errno);
		while ((n = read(fd, buf, buflen)) < 0 && errno == EINTR)
			continue;
		error = errno;
		close(fd);
		errno = error;
	}
	if (n < 0)
		return ru_errno_to_kernel(errno);
	*retp = (rumpuser_size_t)n;
	return 0;
}

void
rumpuser_console_write(const char *buf, rumpuser_size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(STDERR_FILENO, buf, len)) < 0) {
			if (errno == EINTR)
				continue;
			return;		/* nowhere left to complain */
		}
		buf += n;
		len -= (rumpuser_size_t)n;
	}
}

void
rumpuser__warn(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;	/* truncated: keep the newline */
	line[n++] = '\n';
	rumpuser_console_write(line, (rumpuser_size_t)n);
}

void
rumpuser__fatal(const char *what, int error)
{
	rumpuser__warn("rumpuser: %s failed: %s", what, strerror(error));
	abort();
}

void
rumpuser_exit(int value)
{
	if (value == RUMPUSER_PANIC)
		abort();
	exit(value);
}

#ifdef __GLIBC__
#define ru_frames(frames, max) backtrace(frames, max)
#else
/*
 * Other C libraries (musl) have no backtrace(), and the compiler's
 * unwinder may itself need glibc (_dl_find_object).  Walk the frame
 * pointers instead: kernel code keeps them (-fno-omit-frame-pointer).
 * Each frame must lie above the last one and within this thread's
 * stack, so a host frame without a frame pointer ends the walk, never
 * the process.  Inline: the walk starts at the caller's own frame.
 */
static __thread uintptr_t ru_stack_lo, ru_stack_hi;

static int
ru_stack_bounds(void)
{
	pthread_attr_t attr;
	size_t size;
	void *base;

	if (ru_stack_hi != 0)
		return 1;
	if (pthread_getattr_np(pthread_self(), &attr) != 0)
		return 0;
	if (pthread_attr_getstack(&attr, &base, &size) == 0) {
		ru_stack_lo = (uintptr_t)base;
		ru_stack_hi = (uintptr_t)base + size;
	}
	pthread_attr_destroy(&attr);
	return ru_stack_hi != 0;
}

static inline __attribute__((__always_inline__)) int
ru_frames(void **frames, int max)
{
	int n = 0;
#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__)
	/* A frame record is { the caller's record, the return address }. */
	uintptr_t *fp = __builtin_frame_address(0), *next;

	if (!ru_stack_bounds())
		return 0;
	while (n < max && (uintptr_t)fp % sizeof(*fp) == 0 &&
	    (uintptr_t)fp >= ru_stack_lo &&
	    (uintptr_t)(fp + 2) <= ru_stack_hi && fp[1] != 0) {
		frames[n++] = (void *)fp[1];
		next = (uintptr_t *)fp[0];
		if (next <= fp)
			break;
		fp = next;
	}
#else
	(void)frames;
	(void)max;
#endif
	return n;
}
#endif

/* noinline: the frames skipped below must be this function's own. */
__attribute__((__noinline__)) int
rumpuser_callstack(void **pcs, int max)
{
	void *frames[128 + 4], *caller = __builtin_return_address(0);
	int n, skip;

	if (max <= 0)
		return 0;
	if (max > 128)
		max = 128;
	n = ru_frames(frames, max + 4);
	/* Start at our caller, past one frame of our own, or more when
	 * backtrace is wrapped (sanitizers). */
	for (skip = 0; skip < 4 && skip < n && frames[skip] != caller; skip++)
		continue;
	if (skip == 4 || skip == n)
		skip = 1;
	n -= skip;
	if (n > max)
		n = max;
	if (n <= 0)
		return 0;
	memcpy(pcs, frames + skip, (size_t)n * sizeof(*pcs));
	return n;
}

void
rumpuser_symbolize(void *pc, char *buf, rumpuser_size_t buflen)
{
	const char *obj;
	Dl_info info;
	int found;

	if (buflen == 0)
		return;
	found = dladdr(pc, &info) != 0;
	if (found && info.dli_sname != NULL && info.dli_saddr != NULL) {
		snprintf(buf, buflen, "%s+0x%" PRIxPTR, info.dli_sname,
		    (uintptr_t)pc - (uintptr_t)info.dli_saddr);
	} else if (found && info.dli_fname != NULL && *info.dli_fname != '\0') {
		obj = strrchr(info.dli_fname, '/');
		obj = obj != NULL ? obj + 1 : info.dli_fname;
		snprintf(buf, buflen, "%s+0x%" PRIxPTR, obj,
		    (uintptr_t)pc - (uintptr_t)info.dli_fbase);
	} else {
		snprintf(buf, buflen, "0x%" PRIxPTR, (uintptr_t)pc);
	}
}
