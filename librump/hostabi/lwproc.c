/*
 * lwproc.c: rump_init and the rump_pub_lwproc_* calls, with host
 * errno values, and their rump_lwproc_* aliases.
 */
#include <rump/rump.h>
#include "hostabi.h"

int
rump_init(void)
{
	return hostabi_errno(kernel_boot());
}

int
rump_pub_lwproc_rfork(int flags)
{
	return hostabi_errno(lwproc_rfork(flags));
}

int
rump_pub_lwproc_newlwp(int pid)
{
	return hostabi_errno(lwproc_newlwp(pid));
}

void
rump_pub_lwproc_switch(struct lwp *l)
{
	lwproc_switch(l);
}

void
rump_pub_lwproc_releaselwp(void)
{
	lwproc_releaselwp();
}

struct lwp *
rump_pub_lwproc_curlwp(void)
{
	return lwproc_curlwp();
}

#define ALIAS(name) __attribute__((__alias__(#name)))
int rump_lwproc_rfork(int) ALIAS(rump_pub_lwproc_rfork);
int rump_lwproc_newlwp(int) ALIAS(rump_pub_lwproc_newlwp);
void rump_lwproc_switch(struct lwp *) ALIAS(rump_pub_lwproc_switch);
void rump_lwproc_releaselwp(void) ALIAS(rump_pub_lwproc_releaselwp);
struct lwp *rump_lwproc_curlwp(void) ALIAS(rump_pub_lwproc_curlwp);
