/*
 * rumpuser_bio.c: asynchronous block I/O.  Requests go on a FIFO served
 * by a small pool of host threads, started on the first request.  The
 * pool threads are outside the kernel: no virtual CPU, no LWP.
 */
#include "rumpuser_int.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#define RU_BIOTHREADS	2

struct ru_bioreq {
	struct ru_bioreq *next;
	int fd, op;
	void *data;
	size_t dlen;
	rumpuser_int64_t off;
	rumpuser_biodone_fn biodone;
	void *arg;
};

static pthread_mutex_t ru_biomtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ru_biocv = PTHREAD_COND_INITIALIZER;
static struct ru_bioreq *ru_biohead, **ru_biotail = &ru_biohead;
static int ru_biothreads;		/* started so far */

/* Move all of the request, or up to end of file for a read.  The host
 * error, or 0. */
static int
ru_biorw(struct ru_bioreq *br, size_t *donep)
{
	size_t done = 0;
	ssize_t n;
	char *p = br->data;
	off_t off;

	while (done < br->dlen) {
		off = (off_t)(br->off + (rumpuser_int64_t)done);
		n = br->op & RUMPUSER_BIO_WRITE ?
		    pwrite(br->fd, p + done, br->dlen - done, off) :
		    pread(br->fd, p + done, br->dlen - done, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*donep = done;
			return errno;
		}
		if (n == 0)		/* end of file; 0 from a write too */
			break;
		done += (size_t)n;
	}
	*donep = done;
	if (done < br->dlen && (br->op & RUMPUSER_BIO_WRITE))
		return EIO;
	return 0;
}

static void
ru_biodo(struct ru_bioreq *br, size_t *donep, int *errorp)
{
	int rw = br->op & (RUMPUSER_BIO_READ | RUMPUSER_BIO_WRITE);
	int error;

	*donep = 0;
	if (br->dlen == 0 && (br->op & RUMPUSER_BIO_SYNC)) {
		/* No data: a flush of the whole file. */
		while ((error = fsync(br->fd) == 0 ? 0 : errno) == EINTR)
			continue;
	} else if (rw != RUMPUSER_BIO_READ && rw != RUMPUSER_BIO_WRITE) {
		error = EINVAL;
	} else {
		error = ru_biorw(br, donep);
		if (error == 0 && rw == RUMPUSER_BIO_WRITE &&
		    (br->op & RUMPUSER_BIO_SYNC)) {
			while ((error = fdatasync(br->fd) == 0 ? 0 : errno) ==
			    EINTR)
				continue;
		}
	}
	*errorp = error == 0 ? 0 : ru_errno_to_kernel(error);
}

static void *
ru_bioworker(void *unused)
{
	struct ru_bioreq *br, req;
	size_t done;
	int error;

	(void)unused;
	(void)pthread_setname_np(pthread_self(), "rumpuser-bio");
	for (;;) {
		RU_MUST(pthread_mutex_lock(&ru_biomtx));
		while ((br = ru_biohead) == NULL)
			RU_MUST(pthread_cond_wait(&ru_biocv, &ru_biomtx));
		if ((ru_biohead = br->next) == NULL)
			ru_biotail = &ru_biohead;
		RU_MUST(pthread_mutex_unlock(&ru_biomtx));

		req = *br;
		free(br);
		ru_biodo(&req, &done, &error);
		req.biodone(req.arg, done, error);
	}
	return NULL;
}

/* Start missing pool threads; called with ru_biomtx held.  A failure
 * is retried on the next request.  The host error of the last failure,
 * or 0. */
static int
ru_biostart(void)
{
	sigset_t all, old;
	pthread_attr_t attr;
	pthread_t pt;
	int error = 0;

	if (ru_biothreads == RU_BIOTHREADS)
		return 0;
	if ((error = pthread_attr_init(&attr)) != 0)
		return error;
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* Host signals are for the program's threads, not these. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	while (ru_biothreads < RU_BIOTHREADS) {
		if ((error = pthread_create(&pt, &attr, ru_bioworker, NULL)) != 0)
			break;
		ru_biothreads++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	return error;
}

void
rumpuser_bio(int fd, int op, void *data, rumpuser_size_t dlen,
    rumpuser_int64_t off, rumpuser_biodone_fn biodone, void *arg)
{
	struct ru_bioreq *br;
	int error;

	if ((br = malloc(sizeof(*br))) == NULL) {
		biodone(arg, 0, RUMP_ENOMEM);
		return;
	}
	br->next = NULL;
	br->fd = fd;
	br->op = op;
	br->data = data;
	br->dlen = dlen;
	br->off = off;
	br->biodone = biodone;
	br->arg = arg;

	RU_MUST(pthread_mutex_lock(&ru_biomtx));
	error = ru_biostart();
	if (ru_biothreads == 0) {
		/* Nobody would ever serve it. */
		RU_MUST(pthread_mutex_unlock(&ru_biomtx));
		free(br);
		biodone(arg, 0, ru_errno_to_kernel(error));
		return;
	}
	*ru_biotail = br;
	ru_biotail = &br->next;
	RU_MUST(pthread_cond_signal(&ru_biocv));
	RU_MUST(pthread_mutex_unlock(&ru_biomtx));
}
