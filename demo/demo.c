/*
 * demo.c: boot the kernel in this process and show what it has: the
 * machine, processes, time, and (files.c) its file systems.
 *
 * Run with `make demo`.  Set RUMP_VERBOSE=1 for the boot log,
 * RUMP_NCPU and RUMP_MEMLIMIT to change the machine.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "demo.h"

/* Print a sysctl value of type 's' (string), 'i' (int) or 'q' (64-bit). */
static void
show_sysctl(const char *name, char type)
{
	char buf[256];
	size_t len = sizeof(buf);
	long long q;
	int i;

	if (rump_sys_sysctlbyname(name, buf, &len, NULL, 0) == -1) {
		printf("  %-16s error: %s\n", name, strerror(errno));
		return;
	}
	switch (type) {
	case 'i':
		memcpy(&i, buf, sizeof(i));
		printf("  %-16s %d\n", name, i);
		break;
	case 'q':
		memcpy(&q, buf, sizeof(q));
		printf("  %-16s %lld\n", name, q);
		break;
	default:
		printf("  %-16s %.*s\n", name, (int)len, buf);
		break;
	}
}

/* A host thread calling in with no setup acts as process 1. */
static void *
plain_thread(void *arg)
{
	(void)arg;
	printf("  a plain host thread sees pid %d\n", (int)rump_sys_getpid());
	return NULL;
}

int
main(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	pthread_t t;
	int error;

	if ((error = rump_init()) != 0) {
		fprintf(stderr, "rump_init: %s\n", strerror(error));
		return 1;
	}
	printf("Anykernel booted inside process %d\n", (int)getpid());
	printf("machine:\n");
	show_sysctl("kern.ostype", 's');
	show_sysctl("kern.osrelease", 's');
	show_sysctl("kern.hostname", 's');
	show_sysctl("hw.machine", 's');
	show_sysctl("hw.ncpu", 'i');
	show_sysctl("hw.physmem64", 'q');

	printf("processes:\n");
	printf("  main thread: pid %d, parent %d, uid %d\n",
	    (int)rump_sys_getpid(), (int)rump_sys_getppid(),
	    (int)rump_sys_getuid());
	pthread_create(&t, NULL, plain_thread, NULL);
	pthread_join(t, NULL);
	if ((error = rump_pub_lwproc_rfork(RUMP_RFCFDG)) != 0) {
		fprintf(stderr, "rfork: %s\n", strerror(error));
		return 1;
	}
	rump_sys_setuid(1000);
	printf("  after rfork and setuid(1000): pid %d, parent %d, uid %d\n",
	    (int)rump_sys_getpid(), (int)rump_sys_getppid(),
	    (int)rump_sys_getuid());
	if (rump_sys_setuid(0) == -1)
		printf("  setuid(0) as uid 1000: %s, as it should be\n",
		    strerror(errno));
	rump_pub_lwproc_releaselwp();

	printf("time:\n");
	rump_sys_nanosleep(&ts, NULL);
	rump_sys_clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("  kernel uptime %lld.%03ld s (the clock thread runs callouts)\n",
	    (long long)ts.tv_sec, ts.tv_nsec / 1000000);

	demo_files();

	printf("halting: ");
	if (rump_sys_reboot(RUMP_RB_HALT, NULL) == 0)
		printf("kernel halted, process goes on\n");
	if (rump_sys_getpid() == -1)
		printf("system calls after the halt fail: %s\n", strerror(errno));
	return 0;
}
