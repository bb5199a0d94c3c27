/*
 * pollvar.h: what the poll machinery (poll.c) gives the system calls
 * that wait on descriptors (sys_poll.c).  Private to the kernel core.
 */
#ifndef LIBRUMP_POLLVAR_H
#define LIBRUMP_POLLVAR_H

#include <kern/types.h>

struct lwp;
struct rump_pollfd;
struct rump_timespec;

/* Set up the poll locks; before any pollhead is recorded on. */
void poll_init(void);
/*
 * Wait until one of fds (nfds <= FD_MAX) is ready or timeout passes
 * (NULL: no timeout; zero: just look), filling in each revents and the
 * number ready in *nready.  0, or ENOMEM.
 */
int pollscan(struct lwp *l, struct rump_pollfd *fds, int nfds,
    const struct rump_timespec *timeout, int *nready);

#endif /* LIBRUMP_POLLVAR_H */
