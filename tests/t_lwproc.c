/*
 * t_lwproc.c: processes and LWPs: pids, implicit LWPs, rfork, newlwp,
 * switch, release, reaping, and descriptor tables shared or copied.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"
#include "ktest.h"

static void
counts(unsigned *procs, unsigned *lwps)
{
	unsigned kt;
	uint64_t mem;

	KTEST_VOID(rumpns_ktest_counts(procs, lwps, &kt, &mem));
}

T_CASE(implicit_is_pid1, "a thread with no context acts as process 1")
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_sys_getpid(), 1);
	T_ASSERT_EQ(rump_sys_getppid(), 0);
	T_ASSERT(rump_pub_lwproc_curlwp() == NULL);
}

static void *
getpid_thread(void *arg)
{
	*(int *)arg = rump_sys_getpid();
	return NULL;
}

T_CASE(implicit_lwps_freed, "implicit LWPs of exiting host threads are freed")
{
	unsigned p0, l0, p1, l1;
	pthread_t t[16];
	int pids[16];

	T_ASSERT_EQ(rump_init(), 0);
	counts(&p0, &l0);
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < 16; i++)
			T_ASSERT_EQ(pthread_create(&t[i], NULL, getpid_thread, &pids[i]), 0);
		for (int i = 0; i < 16; i++) {
			T_ASSERT_EQ(pthread_join(t[i], NULL), 0);
			T_ASSERT_EQ(pids[i], 1);
		}
	}
	counts(&p1, &l1);
	T_ASSERT_EQ(p1, p0);
	T_ASSERT_EQ(l1, l0);
}

T_CASE(rfork_new_process, "rfork makes a child process and switches to it")
{
	struct lwp *l;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);
	T_ASSERT_EQ(rump_sys_getpid(), 2);
	T_ASSERT_EQ(rump_sys_getppid(), 1);
	l = rump_pub_lwproc_curlwp();
	T_ASSERT(l != NULL);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFFDG), 0);
	T_ASSERT_EQ(rump_sys_getpid(), 3);
	T_ASSERT_EQ(rump_sys_getppid(), 2);
	rump_pub_lwproc_switch(l);
	T_ASSERT_EQ(rump_sys_getpid(), 2);
	T_ASSERT(rump_pub_lwproc_curlwp() == l);
}

T_CASE(rfork_bad_flags, "rfork refuses unknown or conflicting flags")
{
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFFDG | RUMP_RFCFDG), EINVAL);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0x40000000), EINVAL);
	T_ASSERT_EQ(rump_sys_getpid(), 1);
}

T_CASE(newlwp_same_process, "newlwp joins an existing process; ESRCH for none")
{
	struct lwp *a, *b;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_pub_lwproc_newlwp(4242), ESRCH);
	T_ASSERT_EQ(rump_pub_lwproc_newlwp(0), ESRCH);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);
	a = rump_pub_lwproc_curlwp();
	T_ASSERT_EQ(rump_pub_lwproc_newlwp(2), 0);
	b = rump_pub_lwproc_curlwp();
	T_ASSERT(a != b);
	T_ASSERT_EQ(rump_sys_getpid(), 2);
	/* The process lives while either LWP does. */
	rump_pub_lwproc_releaselwp();
	T_ASSERT_EQ(rump_sys_getpid(), 1);	/* back to an implicit LWP */
	rump_pub_lwproc_switch(a);
	T_ASSERT_EQ(rump_sys_getpid(), 2);
	rump_pub_lwproc_releaselwp();
	T_ASSERT_EQ(rump_pub_lwproc_newlwp(2), ESRCH);	/* exited */
}

T_CASE(exit_reparents, "children of an exiting process go to process 1")
{
	struct lwp *parent;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);		/* pid 2 */
	parent = rump_pub_lwproc_curlwp();
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);		/* pid 3 */
	T_ASSERT_EQ(rump_sys_getppid(), 2);
	rump_pub_lwproc_switch(parent);
	rump_pub_lwproc_releaselwp();			/* pid 2 exits */
	T_ASSERT_EQ(rump_pub_lwproc_newlwp(3), 0);
	T_ASSERT_EQ(rump_sys_getppid(), 1);
}

T_CASE(lwp_busy_elsewhere, "switching to an LWP another thread runs is refused")
{
	struct lwp *mine;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);
	mine = rump_pub_lwproc_curlwp();
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);
	T_ASSERT_EQ(rump_sys_getpid(), 3);
	rump_pub_lwproc_switch(mine);
	T_ASSERT_EQ(rump_sys_getpid(), 2);
	rump_pub_lwproc_switch(mine);		/* to itself: nothing */
	T_ASSERT_EQ(rump_sys_getpid(), 2);
}

static struct lwp *shared_lwp;

static void *
steal_thread(void *arg)
{
	(void)arg;
	rump_pub_lwproc_switch(shared_lwp);	/* in use by main: refused */
	return (void *)(long)rump_sys_getpid();
}

T_CASE(lwp_in_use, "an LWP bound to one thread cannot be taken by another")
{
	pthread_t t;
	void *rv;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);
	shared_lwp = rump_pub_lwproc_curlwp();
	T_ASSERT_EQ(pthread_create(&t, NULL, steal_thread, NULL), 0);
	T_ASSERT_EQ(pthread_join(t, &rv), 0);
	T_ASSERT_EQ((long)rv, 1);
}

T_CASE(procs_reaped, "processes and LWPs are freed when their last LWP goes")
{
	unsigned p0, l0, p1, l1;
	struct lwp *first;

	T_ASSERT_EQ(rump_init(), 0);
	rump_pub_lwproc_switch(NULL);
	counts(&p0, &l0);
	for (int i = 0; i < 200; i++) {
		T_ASSERT_EQ(rump_pub_lwproc_rfork(i % 2 ? RUMP_RFFDG : 0), 0);
		first = rump_pub_lwproc_curlwp();
		T_ASSERT_EQ(rump_pub_lwproc_newlwp(rump_sys_getpid()), 0);
		rump_pub_lwproc_releaselwp();
		rump_pub_lwproc_switch(first);
		rump_pub_lwproc_releaselwp();
	}
	counts(&p1, &l1);
	/* counts() itself ran on an implicit LWP that is still there. */
	T_ASSERT_EQ(p1, p0);
	T_ASSERT_EQ(l1, l0);
}

T_CASE(cred_inherited, "a child inherits credentials; changes stay its own")
{
	struct lwp *parent;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);
	T_ASSERT_OK(rump_sys_setgid(50));
	T_ASSERT_OK(rump_sys_setuid(500));
	parent = rump_pub_lwproc_curlwp();
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);
	T_ASSERT_EQ(rump_sys_getuid(), 500);
	T_ASSERT_EQ(rump_sys_getgid(), 50);
	T_ASSERT_OK(rump_sys_seteuid(500));
	rump_pub_lwproc_switch(NULL);
	T_ASSERT_EQ(rump_sys_getuid(), 0);	/* process 1 is untouched */
	rump_pub_lwproc_switch(parent);
	T_ASSERT_EQ(rump_sys_getuid(), 500);
}

T_CASE(cred_shared_by_lwps, "LWPs of a process see its credential changes")
{
	struct lwp *a;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);
	a = rump_pub_lwproc_curlwp();
	T_ASSERT_EQ(rump_pub_lwproc_newlwp(2), 0);
	T_ASSERT_OK(rump_sys_setuid(33));
	rump_pub_lwproc_switch(a);
	T_ASSERT_EQ(rump_sys_getuid(), 33);
}

T_CASE(fd_share, "rfork(0) shares the descriptor table")
{
	struct lwp *parent;
	int fd, fd2;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	parent = rump_pub_lwproc_curlwp();
	fd = KTEST(rumpns_ktest_fd_open());
	T_ASSERT_EQ(fd, 0);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(0), 0);
	T_ASSERT(KTEST(rumpns_ktest_fd_isopen(fd)));
	fd2 = KTEST(rumpns_ktest_fd_open());
	T_ASSERT_EQ(fd2, 1);
	rump_pub_lwproc_switch(parent);
	T_ASSERT(KTEST(rumpns_ktest_fd_isopen(fd2)));
}

T_CASE(fd_copy, "rfork(RUMP_RFFDG) copies the table; RUMP_RFCFDG starts empty")
{
	struct lwp *parent;
	int fd;

	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	parent = rump_pub_lwproc_curlwp();
	fd = KTEST(rumpns_ktest_fd_open());
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFFDG), 0);
	T_ASSERT(KTEST(rumpns_ktest_fd_isopen(fd)));
	T_ASSERT_EQ(KTEST(rumpns_ktest_fd_close(fd)), 0);
	T_ASSERT(!KTEST(rumpns_ktest_fd_isopen(fd)));
	T_ASSERT_EQ(KTEST(rumpns_ktest_fd_close(fd)), RUMP_EBADF);
	rump_pub_lwproc_switch(parent);
	T_ASSERT(KTEST(rumpns_ktest_fd_isopen(fd)));	/* parent's copy */
	T_ASSERT_EQ(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	T_ASSERT(!KTEST(rumpns_ktest_fd_isopen(fd)));
}
