/*
 * t.h: the test-case API of the Anykernel test harness.
 *
 * A test binary is one or more .c files using this header, linked with
 * tests/harness/t_main.c (which provides main) and the kernel libraries.
 * Every case runs in a process of its own, so every case boots a fresh
 * kernel and may leave it in any state.
 *
 *	#include "t.h"
 *
 *	T_CASE(open_missing, "open of a missing file fails with ENOENT")
 *	{
 *		T_ASSERT_ERRNO(rump_sys_open("/nope", 0), ENOENT);
 *	}
 *
 * Running a test binary:
 *	prog --list	one line per case: "name<TAB>description"
 *	prog NAME	run case NAME in this process; exit status 0 = passed,
 *			1 = failed, 77 = skipped (stdout has "SKIP: reason"),
 *			2 = usage error or unknown case
 *	prog		run every case, each in its own forked child, and
 *			print a summary (a one-binary version of t_runner)
 * The suite is normally run by t_runner (tests/harness/runner.c), which
 * runs each case as "prog NAME" with a time limit, in parallel, and shows
 * a case's output only when it fails.
 *
 * Cases:
 *  - T_CASE(name, "description"): name is a C identifier, unique in the
 *    binary; the description is one line without tabs; at most T_MAX_CASES cases per binary.  They are listed in
 *    source order.  A description starting with "[timeout=N]" gives that
 *    case N seconds instead of the runner's default (120 s, or -t /
 *    T_TIMEOUT).
 *  - A case passes when its body returns.  The process then exits with
 *    exit(0), so sanitizers' exit-time checks (leaks, TSan's exit code)
 *    still run.  Failures and skips end the process at once with _exit(),
 *    from any thread, without running atexit handlers.
 *
 * Assertions (each reports file:line, the expression text and the values
 * on stderr, then ends the case as failed; every argument is evaluated
 * exactly once):
 *	T_ASSERT(cond)
 *	T_ASSERT_EQ(a, b), _NE, _LT, _LE, _GT, _GE
 *				integers, compared and printed as long long
 *	T_ASSERT_STREQ(a, b)	strings (NULL allowed)
 *	T_ASSERT_ERRNO(expr, err)  expr must give -1 with errno == err
 *	T_ASSERT_OK(expr)	expr must give 0 (errno shown if it gave -1)
 *	T_FAIL(fmt, ...)	fail unconditionally with a message
 * Other calls:
 *	T_SKIP(fmt, ...)	end the case as skipped with a reason
 *	T_LOG(fmt, ...)		"# message" line on stderr
 *	t_rnd64(&state)		the next value of a sequence that starts
 *				from state = t_seed() (splitmix64)
 *	t_seed()		the case's random seed: $T_SEED if set, else
 *				time-based; the first call prints
 *				"# seed N; rerun with T_SEED=N"
 *
 * With UBSan, build with -fno-sanitize-recover=undefined: by default a
 * UBSan report does not change the exit status, so the case would pass.
 */
#ifndef T_H
#define T_H

#include <stdint.h>

#include <errno.h>

#define T_MAX_CASES 256

/* --- implementation, in t_main.c; use the macros below instead --- */

#define T_PRINTF_(f, a) __attribute__((format(printf, f, a)))

void t_register_(const char *name, const char *desc, void (*fn)(void),
    const char *file, int line);
__attribute__((noreturn)) T_PRINTF_(3, 4)
void t_fail_(const char *file, int line, const char *fmt, ...);
__attribute__((noreturn))
void t_fail_cmp_(const char *file, int line, const char *macro,
    const char *a, const char *b, long long va, long long vb);
__attribute__((noreturn))
void t_fail_str_(const char *file, int line, const char *a, const char *b,
    const char *va, const char *vb);
__attribute__((noreturn))
void t_fail_errno_(const char *file, int line, const char *expr,
    const char *errexpr, long long v, int err, int experr);
__attribute__((noreturn))
void t_fail_ok_(const char *file, int line, const char *expr, long long v,
    int err);
__attribute__((noreturn)) T_PRINTF_(1, 2)
void t_skip_(const char *fmt, ...);
T_PRINTF_(1, 2)
void t_log_(const char *fmt, ...);
int t_streq_(const char *a, const char *b);

/* --- the API --- */

/* The case's random seed (see above). */
unsigned long long t_seed(void);
uint64_t t_rnd64(uint64_t *state);

#define T_CASE(name, desc)						\
	static void t_case_##name(void);				\
	__attribute__((constructor)) static void t_reg_##name(void)	\
	{								\
		t_register_(#name, desc, t_case_##name, __FILE__, __LINE__); \
	}								\
	static void t_case_##name(void)

#define T_FAIL(...)	t_fail_(__FILE__, __LINE__, __VA_ARGS__)
#define T_SKIP(...)	t_skip_(__VA_ARGS__)
#define T_LOG(...)	t_log_(__VA_ARGS__)

#define T_ASSERT(cond) do {						\
	if (!(cond))							\
		t_fail_(__FILE__, __LINE__, "T_ASSERT(%s)", #cond);	\
} while (0)

#define T_CMP_(macro, a, op, b) do {					\
	long long t_va_ = (long long)(a), t_vb_ = (long long)(b);	\
	if (!(t_va_ op t_vb_))						\
		t_fail_cmp_(__FILE__, __LINE__, macro, #a, #b, t_va_, t_vb_); \
} while (0)

#define T_ASSERT_EQ(a, b)	T_CMP_("T_ASSERT_EQ", a, ==, b)
#define T_ASSERT_NE(a, b)	T_CMP_("T_ASSERT_NE", a, !=, b)
#define T_ASSERT_LT(a, b)	T_CMP_("T_ASSERT_LT", a, <, b)
#define T_ASSERT_LE(a, b)	T_CMP_("T_ASSERT_LE", a, <=, b)
#define T_ASSERT_GT(a, b)	T_CMP_("T_ASSERT_GT", a, >, b)
#define T_ASSERT_GE(a, b)	T_CMP_("T_ASSERT_GE", a, >=, b)

#define T_ASSERT_STREQ(a, b) do {					\
	const char *t_sa_ = (a), *t_sb_ = (b);				\
	if (!t_streq_(t_sa_, t_sb_))					\
		t_fail_str_(__FILE__, __LINE__, #a, #b, t_sa_, t_sb_);	\
} while (0)

#define T_ASSERT_ERRNO(expr, err) do {					\
	errno = 0;							\
	long long t_v_ = (long long)(expr);				\
	int t_e_ = errno, t_want_ = (err);				\
	if (t_v_ != -1 || t_e_ != t_want_)				\
		t_fail_errno_(__FILE__, __LINE__, #expr, #err, t_v_, t_e_, \
		    t_want_);						\
} while (0)

#define T_ASSERT_OK(expr) do {						\
	errno = 0;							\
	long long t_v_ = (long long)(expr);				\
	int t_e_ = errno;						\
	if (t_v_ != 0)							\
		t_fail_ok_(__FILE__, __LINE__, #expr, t_v_, t_e_);	\
} while (0)

#endif /* T_H */
