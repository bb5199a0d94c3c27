/*
 * capture.h: run kernel code in a child process and collect what it
 * printed, for tests of panics and kernel reports.
 */
#ifndef TESTS_CAPTURE_H
#define TESTS_CAPTURE_H

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rump/rump.h>
#include "t.h"

/* Boot in a child with stderr captured, run fn with a CPU held, and
 * return the child's wait status; out receives what it printed. */
static inline int
run_captured(void (*fn)(void), char *out, size_t outlen)
{
	int pfd[2], status;
	ssize_t n, total = 0;
	pid_t pid;

	T_ASSERT_EQ(pipe(pfd), 0);
	if ((pid = fork()) == 0) {
		dup2(pfd[1], 2);
		close(pfd[0]);
		if (rump_init() != 0)
			_exit(99);
		rump_schedule();
		fn();
		rump_unschedule();
		_exit(0);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], out + total, outlen - 1 - (size_t)total)) > 0)
		total += n;
	out[total] = '\0';
	close(pfd[0]);
	waitpid(pid, &status, 0);
	return status;
}

#endif /* TESTS_CAPTURE_H */
