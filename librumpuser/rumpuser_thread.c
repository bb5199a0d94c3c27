/*
 * rumpuser_thread.c: host threads, and the binding of a host thread to
 * its LWP (curlwp), including telling the kernel when a bound thread
 * exits.
 */
#include "rumpuser_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static __thread __attribute__((tls_model("initial-exec"))) struct lwp *ru_curlwp;
/* Whether this thread has set ru_exitkey, so binding stays cheap. */
static __thread int ru_registered;

static pthread_key_t ru_exitkey;
static pthread_once_t ru_exitkey_once = PTHREAD_ONCE_INIT;
static int ru_exitkey_ok;

struct ru_start {
	void *(*f)(void *);
	void *arg;
	char name[16];		/* the host's limit, NUL included */
};

/* The new thread names itself: naming it from the creator could race
 * with a detached thread that has already ended. */
static void *
ru_trampoline(void *v)
{
	struct ru_start st = *(struct ru_start *)v;

	free(v);
	if (st.name[0] != '\0')
		(void)pthread_setname_np(pthread_self(), st.name);
	return st.f(st.arg);
}

int
rumpuser_thread_create(void *(*f)(void *), void *arg, const char *name,
    int joinable, void **tptr)
{
	struct ru_start *st;
	pthread_attr_t attr;
	pthread_t pt, *ptp = &pt;
	int error;

	if ((st = malloc(sizeof(*st))) == NULL)
		return RUMP_ENOMEM;
	st->f = f;
	st->arg = arg;
	st->name[0] = '\0';
	if (name != NULL)
		strncat(st->name, name, sizeof(st->name) - 1);
	/* pthread_t need not fit in a pointer: the handle is boxed. */
	if (joinable && (ptp = malloc(sizeof(*ptp))) == NULL) {
		free(st);
		return RUMP_ENOMEM;
	}

	if ((error = pthread_attr_init(&attr)) == 0) {
		pthread_attr_setdetachstate(&attr, joinable ?
		    PTHREAD_CREATE_JOINABLE : PTHREAD_CREATE_DETACHED);
		error = pthread_create(ptp, &attr, ru_trampoline, st);
		pthread_attr_destroy(&attr);
	}
	if (error != 0) {
		free(st);
		if (joinable)
			free(ptp);
		return ru_errno_to_kernel(error);
	}
	if (joinable)
		*tptr = ptp;
	return 0;
}

void
rumpuser_thread_exit(void)
{
	pthread_exit(NULL);
}

int
rumpuser_thread_join(void *tptr)
{
	pthread_t *ptp = tptr;
	int error;

	RU_BLOCKING(error = pthread_join(*ptp, NULL));
	if (error != 0)
		return ru_errno_to_kernel(error);
	free(ptp);
	return 0;
}

struct lwp *
rumpuser_curlwp(void)
{
	return ru_curlwp;
}

/* Key destructor: runs at the exit of each thread that registered. */
static void
ru_threadexit(void *marker)
{
	struct lwp *l = ru_curlwp;

	(void)marker;
	/* The key's value is already cleared: if the upcall binds again,
	 * registering again gets another destructor round. */
	ru_registered = 0;
	if (l != NULL && rumpuser__hyp != NULL) {
		rumpuser__hyp->hyp_lwp_hostexit(l);
		if (ru_curlwp == l)
			ru_curlwp = NULL;
	}
}

static void
ru_mkexitkey(void)
{
	int error = pthread_key_create(&ru_exitkey, ru_threadexit);

	if (error != 0)
		rumpuser__warn("rumpuser: pthread_key_create: error %d: "
		    "exits of bound threads will go unreported", error);
	else
		ru_exitkey_ok = 1;
}

void
rumpuser_curlwp_set(struct lwp *l)
{
	ru_curlwp = l;
	if (l == NULL || ru_registered)
		return;
	pthread_once(&ru_exitkey_once, ru_mkexitkey);
	/* Any non-NULL value makes the destructor run. */
	if (ru_exitkey_ok && pthread_setspecific(ru_exitkey, &ru_exitkey) == 0)
		ru_registered = 1;
}
