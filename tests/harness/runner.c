/*
 * runner.c: t_runner, the suite runner of the Anykernel tests.
 *
 *	t_runner [-j N] [-t SECONDS] [-r RUNNER_PREFIX] BINARY...
 *
 * Runs "BINARY --list" for each test binary (see t.h), then every case as
 * a process of its own, "BINARY NAME", so that each case boots a fresh
 * kernel.  Options, and the environment variables they override:
 *	-j N	 T_JOBS		cases run in parallel (default 1; 0 = one per
 *				online CPU)
 *	-t SECS	 T_TIMEOUT	time limit per case (default 120; 0 = none).
 *				A case whose description starts with
 *				"[timeout=N]" gets N seconds instead.
 *	-r PREFIX TEST_RUNNER	command prepended to every run, split on
 *				blanks, e.g. "qemu-aarch64 -L /usr/aarch64-linux-gnu"
 * Other environment variables:
 *	T_TIMEOUT_SCALE=F  multiply every time limit by F (default 1, or 3
 *			when a runner prefix is given: emulators are slower)
 *	T_VERBOSE=1	show every case's output, not only failed cases'
 *	T_NOSKIP=1	a skipped case makes the exit status 1
 *
 * A case runs in a process group of its own, stdin from /dev/null, stdout
 * and stderr going to one unlinked temporary file; the output is shown (indented) only if
 * the case fails.  A case past its time limit has its whole process group
 * killed with SIGKILL; when a case ends, anything it left behind in its
 * group is killed too.  Output, one line per case in completion order:
 *	ok   binary:case (0.12s)
 *	FAIL binary:case (exit 1)	(followed by the case's output)
 *	FAIL binary:case (signal 11)
 *	FAIL binary:case (TIMEOUT 120s)
 *	SKIP binary:case: reason	(the text after "SKIP: " in its output)
 * then the failed cases and skip reasons again, and last one line:
 *	41 passed, 0 failed, 2 skipped	(", N skipped" only if N > 0)
 * A binary that cannot be run or whose --list fails is one failure, named
 * after the binary.  Exit status: 0 if nothing failed, 1 otherwise, 2 for
 * a usage error.  SIGINT/SIGTERM kill the running cases and exit 130.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OUTPUT_MAX (1 << 20)	/* show at most the last 1 MiB of output */

enum { RES_PASS, RES_FAIL, RES_SKIP };

struct tcase {
	const char *path;	/* the binary as given */
	const char *bin;	/* its basename, for display */
	const char *name;	/* NULL: the binary's --list failed */
	double limit;		/* seconds, 0 = none */
	int res;
	char *reason;		/* skip reason */
};

struct job {
	struct tcase *tc;
	pid_t pid;		/* 0: slot free */
	int fd;			/* captured output */
	int status, timedout, done;
	double start;
};

static char **prefix;		/* TEST_RUNNER / -r, split */
static int nprefix;
static double timeout = 120;
static double scale = 1;	/* T_TIMEOUT_SCALE */
static int verbose, noskip;
static sigset_t waitset;	/* SIGCHLD, SIGINT, SIGTERM: blocked */
static struct job *jobs;
static int njobs = 1;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL) {
		perror("t_runner");
		exit(2);
	}
	return p;
}

static char *
xstrdup(const char *s)
{
	return strcpy(xmalloc(strlen(s) + 1), s);
}

static int
envflag(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && strcmp(v, "1") == 0;
}

/* An unlinked temporary file, closed on exec. */
static int
tmpfd(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/t_runner.XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp");
	if ((fd = mkostemp(path, O_CLOEXEC)) < 0) {
		fprintf(stderr, "t_runner: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	unlink(path);
	return fd;
}

/* The whole contents of fd (NUL-terminated), at most its last max bytes;
 * *skipped gets how many bytes were left out at the start. */
static char *
slurp(int fd, size_t max, size_t *skipped)
{
	struct stat st;
	size_t len = 0, size;
	char *buf;
	ssize_t n;

	fstat(fd, &st);
	size = st.st_size > 0 ? (size_t)st.st_size : 0;
	*skipped = size > max ? size - max : 0;
	size -= *skipped;
	buf = xmalloc(size + 1);
	lseek(fd, (off_t)*skipped, SEEK_SET);
	while (len < size && (n = read(fd, buf + len, size - len)) > 0)
		len += n;
	buf[len] = '\0';
	return buf;
}

static void
print_output(int fd)
{
	size_t skipped;
	char *out = slurp(fd, OUTPUT_MAX, &skipped), *p = out;

	if (skipped > 0)
		printf("    [... first %zu bytes of output left out ...]\n",
		    skipped);
	while (*p != '\0') {
		size_t n = strcspn(p, "\n");
		printf("    %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	free(out);
}

/* Start "[prefix...] path arg" with stdout on outfd and stderr on errfd. */
static pid_t
spawn(const char *path, const char *arg, int outfd, int errfd)
{
	char **argv = xmalloc((nprefix + 3) * sizeof(*argv));
	char *exe = xmalloc(strlen(path) + 3);
	sigset_t none;
	pid_t pid;
	int i;

	/* "prog" would be searched for in $PATH: make it "./prog" */
	sprintf(exe, "%s%s", strchr(path, '/') != NULL ? "" : "./", path);
	for (i = 0; i < nprefix; i++)
		argv[i] = prefix[i];
	argv[i++] = exe;
	argv[i++] = (char *)arg;
	argv[i] = NULL;
	fflush(NULL);
	if ((pid = fork()) < 0) {
		perror("t_runner: fork");
		exit(2);
	}
	if (pid == 0) {
		setpgid(0, 0);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		int null = open("/dev/null", O_RDONLY);
		dup2(null, 0);	/* a case never waits for the terminal */
		dup2(outfd, 1);
		dup2(errfd, 2);
		if (null > 2)
			close(null);
		execvp(argv[0], argv);
		fprintf(stderr, "t_runner: cannot run %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);	/* also here: no race with the kill below */
	free(argv);
	free(exe);
	return pid;
}

/*
 * Wait until at least one of the jobs has ended (and set its done flag).
 * Kills the process group of any job past its time limit.
 */
static void
wait_jobs(void)
{
	for (;;) {
		double t = now(), next = -1;
		int st, any = 0;
		pid_t pid;

		while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
			for (int i = 0; i < njobs; i++)
				if (jobs[i].pid == pid && !jobs[i].done) {
					jobs[i].status = st;
					jobs[i].done = any = 1;
				}
		if (any)
			return;
		for (int i = 0; i < njobs; i++) {
			struct job *j = &jobs[i];
			if (j->pid == 0 || j->timedout || j->tc->limit <= 0)
				continue;
			double end = j->start + j->tc->limit;
			if (t >= end) {
				kill(-j->pid, SIGKILL);
				j->timedout = 1;
			} else if (next < 0 || end < next)
				next = end;
		}
		double left = next < 0 ? 1.0 : next - t;
		struct timespec ts = { (time_t)left,
		    (long)((left - (time_t)left) * 1e9) };
		int sig = sigtimedwait(&waitset, NULL, &ts);
		if (sig == SIGINT || sig == SIGTERM) {
			for (int i = 0; i < njobs; i++)
				if (jobs[i].pid != 0) {
					kill(-jobs[i].pid, SIGKILL);
					waitpid(jobs[i].pid, NULL, 0);
				}
			fprintf(stderr, "t_runner: interrupted\n");
			exit(130);
		}
	}
}

static void
start_job(struct job *j, struct tcase *tc, const char *arg, int errfd)
{
	memset(j, 0, sizeof(*j));
	j->tc = tc;
	j->fd = tmpfd();
	j->start = now();
	j->pid = spawn(tc->path, arg, j->fd, errfd >= 0 ? errfd : j->fd);
}

/* Release an ended job's slot (and kill what the case left behind). */
static void
end_job(struct job *j)
{
	kill(-j->pid, SIGKILL);
	close(j->fd);
	j->pid = 0;
}

/* How a process ended, as "(exit 1)", "(signal 11)" or "(TIMEOUT 2s)";
 * NULL if it exited with 0. */
static const char *
how(const struct job *j, char *buf, size_t len)
{
	if (j->timedout)
		snprintf(buf, len, "(TIMEOUT %gs)", j->tc->limit);
	else if (WIFSIGNALED(j->status))
		snprintf(buf, len, "(signal %d)", WTERMSIG(j->status));
	else if (WEXITSTATUS(j->status) != 0)
		snprintf(buf, len, "(exit %d)", WEXITSTATUS(j->status));
	else
		return NULL;
	return buf;
}

static int
valid_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

static struct tcase *
add_case(struct tcase **cases, int *ncases)
{
	*cases = realloc(*cases, (*ncases + 1) * sizeof(**cases));
	if (*cases == NULL) {
		perror("t_runner");
		exit(2);
	}
	return &(*cases)[(*ncases)++];
}

/*
 * Run "path --list" and append its cases to *cases, or else one case
 * with name NULL and res RES_FAIL (also when it lists no case).
 */
static void
list_binary(const char *path, struct tcase **cases, int *ncases)
{
	struct tcase bin = { .path = path, .limit = timeout * scale };
	char *out, *line, *save, buf[64];
	const char *err = NULL;
	int errfd = tmpfd();
	size_t skipped;

	bin.bin = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	start_job(&jobs[0], &bin, "--list", errfd);
	wait_jobs();
	out = slurp(jobs[0].fd, (size_t)-1, &skipped);
	err = how(&jobs[0], buf, sizeof(buf));
	int first = *ncases;
	for (line = strtok_r(out, "\n", &save); line != NULL && err == NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *desc = strchr(line, '\t');
		if (desc != NULL)
			*desc++ = '\0';
		if (!valid_name(line)) {
			err = "(bad output)";
			break;
		}
		struct tcase *tc = add_case(cases, ncases);
		*tc = bin;
		tc->name = xstrdup(line);
		if (desc != NULL && strncmp(desc, "[timeout=", 9) == 0)
			tc->limit = strtod(desc + 9, NULL) * scale;
	}
	if (err == NULL && *ncases == first)
		err = "(no cases listed)";	/* a silent binary tests nothing */
	if (err != NULL) {
		for (int i = first; i < *ncases; i++)
			free((char *)(*cases)[i].name);
		*ncases = first;
		printf("FAIL %s: --list failed %s\n", path, err);
		print_output(jobs[0].fd);
		print_output(errfd);
		bin.res = RES_FAIL;
		*add_case(cases, ncases) = bin;
	}
	end_job(&jobs[0]);
	close(errfd);
	free(out);
}

/* The text after "SKIP: " at the start of a line of fd's contents. */
static char *
skip_reason(int fd)
{
	size_t skipped;
	char *out = slurp(fd, OUTPUT_MAX, &skipped), *p = out, *reason;

	while (p != NULL && strncmp(p, "SKIP: ", 6) != 0)
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	if (p != NULL) {
		p[6 + strcspn(p + 6, "\n")] = '\0';
		reason = xstrdup(p + 6);
	} else
		reason = xstrdup("(no reason given)");
	free(out);
	return reason;
}

/* A case's process has ended: classify it and print its line. */
static void
report(struct job *j)
{
	struct tcase *tc = j->tc;
	char buf[64];
	const char *bad = how(j, buf, sizeof(buf));

	if (bad == NULL) {
		tc->res = RES_PASS;
		printf("ok   %s:%s (%.2fs)\n", tc->bin, tc->name,
		    now() - j->start);
	} else if (!j->timedout && WIFEXITED(j->status) &&
	    WEXITSTATUS(j->status) == 77) {
		tc->reason = skip_reason(j->fd);
		tc->res = RES_SKIP;
		printf("SKIP %s:%s: %s\n", tc->bin, tc->name, tc->reason);
	} else {
		tc->res = RES_FAIL;
		printf("FAIL %s:%s %s\n", tc->bin, tc->name, bad);
	}
	if (tc->res == RES_FAIL || verbose)
		print_output(j->fd);
	fflush(stdout);
}

static void
usage(void)
{
	fprintf(stderr, "usage: t_runner [-j N] [-t SECONDS] "
	    "[-r RUNNER_PREFIX] BINARY...\n");
	exit(2);
}

static double
number(const char *s, const char *what)
{
	char *end;
	double v = strtod(s, &end);

	if (*s == '\0' || *end != '\0' || v < 0) {
		fprintf(stderr, "t_runner: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	const char *runner = getenv("TEST_RUNNER"), *e;
	struct tcase *cases = NULL;
	int ncases = 0, n[3] = { 0, 0, 0 }, c;

	if ((e = getenv("T_JOBS")) != NULL && *e != '\0')
		njobs = (int)number(e, "T_JOBS");
	if ((e = getenv("T_TIMEOUT")) != NULL && *e != '\0')
		timeout = number(e, "T_TIMEOUT");
	while ((c = getopt(argc, argv, "j:t:r:")) != -1)
		switch (c) {
		case 'j': njobs = (int)number(optarg, "-j"); break;
		case 't': timeout = number(optarg, "-t"); break;
		case 'r': runner = optarg; break;
		default: usage();
		}
	if (optind == argc)
		usage();
	if (njobs <= 0)
		njobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (njobs <= 0)
		njobs = 1;
	if (runner != NULL && strspn(runner, " \t") < strlen(runner))
		scale = 3;
	if ((e = getenv("T_TIMEOUT_SCALE")) != NULL && *e != '\0')
		scale = number(e, "T_TIMEOUT_SCALE");
	verbose = envflag("T_VERBOSE");
	noskip = envflag("T_NOSKIP");

	char *rcopy = xstrdup(runner != NULL ? runner : "");
	prefix = xmalloc((strlen(rcopy) / 2 + 2) * sizeof(*prefix));
	for (char *s, *tok = strtok_r(rcopy, " \t", &s); tok != NULL;
	    tok = strtok_r(NULL, " \t", &s))
		prefix[nprefix++] = tok;

	sigemptyset(&waitset);
	sigaddset(&waitset, SIGCHLD);
	sigaddset(&waitset, SIGINT);
	sigaddset(&waitset, SIGTERM);
	sigprocmask(SIG_BLOCK, &waitset, NULL);
	jobs = xmalloc(njobs * sizeof(*jobs));
	memset(jobs, 0, njobs * sizeof(*jobs));

	for (int i = optind; i < argc; i++)
		list_binary(argv[i], &cases, &ncases);

	/* Run the cases, up to njobs at a time. */
	int next = 0, running = 0;
	for (;;) {
		for (int i = 0; i < njobs && next < ncases; i++) {
			if (jobs[i].pid != 0)
				continue;
			while (next < ncases && cases[next].name == NULL)
				next++;	/* a failed --list */
			if (next == ncases)
				break;
			start_job(&jobs[i], &cases[next], cases[next].name, -1);
			next++;
			running++;
		}
		if (running == 0)
			break;
		wait_jobs();
		for (int i = 0; i < njobs; i++)
			if (jobs[i].pid != 0 && jobs[i].done) {
				report(&jobs[i]);
				end_job(&jobs[i]);
				running--;
			}
	}

	for (int i = 0; i < ncases; i++)
		n[cases[i].res]++;
	if (n[RES_FAIL] > 0) {
		printf("failed:\n");
		for (int i = 0; i < ncases; i++) {
			struct tcase *tc = &cases[i];
			if (tc->res != RES_FAIL)
				continue;
			if (tc->name == NULL)
				printf("  %s (--list)\n", tc->path);
			else
				printf("  %s:%s  (rerun: %s%s%s %s)\n", tc->bin,
				    tc->name, runner != NULL ? runner : "",
				    runner != NULL && *runner != '\0' ? " " : "",
				    tc->path, tc->name);
		}
	}
	if (n[RES_SKIP] > 0) {
		printf("skipped:\n");
		for (int i = 0; i < ncases; i++)
			if (cases[i].res == RES_SKIP)
				printf("  %s:%s: %s\n", cases[i].bin,
				    cases[i].name, cases[i].reason);
		if (noskip)
			printf("T_NOSKIP=1: skipped cases fail the run\n");
	}
	printf("%d passed, %d failed", n[RES_PASS], n[RES_FAIL]);
	if (n[RES_SKIP] > 0)
		printf(", %d skipped", n[RES_SKIP]);
	printf("\n");

	for (int i = 0; i < ncases; i++) {
		free((char *)cases[i].name);
		free(cases[i].reason);
	}
	free(cases);
	free(jobs);
	free(prefix);
	free(rcopy);
	return n[RES_FAIL] > 0 || (noskip && n[RES_SKIP] > 0);
}
