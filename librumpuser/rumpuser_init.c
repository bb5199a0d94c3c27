/*
 * rumpuser_init.c: start-up: the version handshake, the saved upcalls,
 * and the parameters read from the environment (RUMP_NCPU and friends).
 */
#include "rumpuser_int.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RU_MAXCPU	1024
#define RU_MAXHOSTNAME	255

const struct rumpuser_hyperup *rumpuser__hyp;

int
rumpuser_init(int version, const struct rumpuser_hyperup *hyp)
{
	if (version != RUMPUSER_VERSION) {
		rumpuser__warn("rumpuser: kernel built for hypercall version %d, "
		    "this librumpuser implements version %d",
		    version, RUMPUSER_VERSION);
		return RUMP_EPROGMISMATCH;
	}
	/* A missing upcall would only fault later, far from the cause. */
	if (hyp == NULL || hyp->hyp_unschedule == NULL ||
	    hyp->hyp_schedule == NULL || hyp->hyp_lwp_hostexit == NULL) {
		rumpuser__warn("rumpuser: rumpuser_init: missing upcalls");
		return RUMP_EINVAL;
	}
	rumpuser__hyp = hyp;
	return 0;
}

/*
 * Each parser turns the variable's value (NULL when unset) into the
 * normalised string in out (at least RU_MAXHOSTNAME + 1 bytes), or
 * returns what was expected, for the message, when the value is bad.
 */
typedef const char *ru_param_fn(const char *val, char *out, size_t outlen);

static int
ru_hostncpu(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	/* The kernel takes no more than RU_MAXCPU; a bigger host is
	 * still a valid host. */
	return n < 1 ? 1 : n > RU_MAXCPU ? RU_MAXCPU : (int)n;
}

/*
 * Parse decimal digits (at least one, else 0) into *vp, setting *endp
 * past them.  -1 if the number does not fit in 64 bits.
 */
static int
ru_digits(const char *s, uint64_t *vp, const char **endp)
{
	uint64_t v = 0;
	int ok = 1;

	if (*s < '0' || *s > '9')
		return 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			ok = -1;
		v = v * 10 + d;
	}
	*vp = v;
	*endp = s;
	return ok;
}

static const char *
ru_ncpu(const char *val, char *out, size_t outlen)
{
	const char *end;
	uint64_t n;
	int ok;

	if (val == NULL || strcmp(val, "host") == 0)
		n = (uint64_t)ru_hostncpu();
	else if ((ok = ru_digits(val, &n, &end)) == 0 || *end != '\0')
		return "a positive number or \"host\"";
	else if (ok < 0 || n < 1 || n > RU_MAXCPU)
		return "a number from 1 to 1024 or \"host\"";
	snprintf(out, outlen, "%" PRIu64, n);
	return NULL;
}

static const char *
ru_memlimit(const char *val, char *out, size_t outlen)
{
	const char *end;
	uint64_t n;
	unsigned shift = 0;
	int ok;

	if (val == NULL)
		val = "0";
	if ((ok = ru_digits(val, &n, &end)) == 0)
		return "a number of bytes, with an optional k, m or g suffix";
	switch (*end) {
	case '\0':			break;
	case 'k': case 'K':	shift = 10; end++; break;
	case 'm': case 'M':	shift = 20; end++; break;
	case 'g': case 'G':	shift = 30; end++; break;
	}
	if (*end != '\0')
		return "a number of bytes, with an optional k, m or g suffix";
	if (ok < 0 || n > (UINT64_MAX >> shift))
		return "a number of bytes that fits in 64 bits";
	snprintf(out, outlen, "%" PRIu64, n << shift);
	return NULL;
}

static const char *
ru_bool(const char *val, char *out, size_t outlen)
{
	if (val == NULL)
		val = "0";
	if (strcmp(val, "0") != 0 && strcmp(val, "1") != 0)
		return "\"0\" or \"1\"";
	snprintf(out, outlen, "%s", val);
	return NULL;
}

static const char *
ru_hostname(const char *val, char *out, size_t outlen)
{
	if (val == NULL) {
		snprintf(out, outlen, "rump-%ld", (long)getpid());
		return NULL;
	}
	if (*val == '\0' || strlen(val) > RU_MAXHOSTNAME)
		return "a host name of 1 to 255 bytes";
	snprintf(out, outlen, "%s", val);
	return NULL;
}

/* Not from the environment: the host's physical memory in bytes. */
static const char *
ru_hostmem(const char *val, char *out, size_t outlen)
{
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);

	(void)val;
	snprintf(out, outlen, "%" PRIu64, pages > 0 && psize > 0 ?
	    (uint64_t)pages * (uint64_t)psize : 0);
	return NULL;
}

static const struct {
	const char *name;
	ru_param_fn *parse;
} ru_params[] = {
	{ "RUMP_NCPU",		ru_ncpu },
	{ "RUMP_MEMLIMIT",	ru_memlimit },
	{ "RUMP_VERBOSE",	ru_bool },
	{ "RUMP_HOSTNAME",	ru_hostname },
	{ "RUMP_SYSCALL_TRACE",	ru_bool },
	{ "RUMPUSER_HOSTMEM",	ru_hostmem },
};

int
rumpuser_getparam(const char *name, char *buf, rumpuser_size_t buflen)
{
	char val[RU_MAXHOSTNAME + 1];
	const char *env, *expected;
	size_t i, len;

	for (i = 0; i < sizeof(ru_params) / sizeof(ru_params[0]); i++)
		if (name != NULL && strcmp(name, ru_params[i].name) == 0)
			break;
	if (i == sizeof(ru_params) / sizeof(ru_params[0]))
		return RUMP_ENOENT;

	env = strncmp(name, "RUMP_", 5) == 0 ? getenv(name) : NULL;
	expected = ru_params[i].parse(env, val, sizeof(val));
	if (expected != NULL) {
		rumpuser__warn("rump: %s=\"%s\" is not valid: expected %s",
		    name, env, expected);
		return RUMP_EINVAL;
	}
	len = strlen(val);
	if (buf == NULL || len >= buflen)
		return RUMP_ENAMETOOLONG;
	memcpy(buf, val, len + 1);
	return 0;
}
