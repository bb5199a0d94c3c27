#!/bin/sh
#
# selftest.sh: check that t_runner and t_main.c classify cases correctly.
#
#	sh tests/harness/selftest.sh path/to/t_runner path/to/selftest
#
# Builds nothing.  Runs the selftest binary (selftest.c) through t_runner
# once normally (all cases must pass) and once with T_SELFTEST_BAD=1 and
# -t 2 (the failure, errno failure, crash, timeout and skip must each be
# reported as such, the summary must count them, the exit status must be
# non-zero, and the hung case's child must have been killed).  Also checks
# the test binary's own modes (NAME, unknown NAME, no arguments) and that
# a binary that cannot run counts as one failure, that skips alone
# fail the run only with T_NOSKIP=1, and that T_TIMEOUT_SCALE (and a
# runner prefix, by default) scales the time limits.  If TEST_RUNNER is set
# (e.g. "qemu-aarch64 -L /usr/aarch64-linux-gnu") the binary is run
# through it.  Prints "harness selftest: ok", or what did not match and
# exits 1.  Takes about 9 seconds (four timeouts of 1.5 to 2 seconds).

if [ $# -ne 2 ]; then
	echo "usage: $0 T_RUNNER SELFTEST_BINARY" >&2
	exit 2
fi
runner=$1
st=$2
b=$(basename "$st")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/t_selftest.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
unset T_SELFTEST_BAD T_VERBOSE T_NOSKIP T_SEED T_TIMEOUT T_JOBS
# Limits as given, even through an emulator (section 6 checks scaling).
export T_TIMEOUT_SCALE=1
bad=0	# mismatches so far
mark=0	# mismatches before the current run

fail() {
	echo "harness selftest: MISMATCH: $*"
	bad=$((bad + 1))
}

# expect FILE LINE: FILE must contain LINE as a whole line
expect() {
	grep -qxF -- "$2" "$1" || fail "no line '$2' in the output of $3"
}

# last FILE LINE WHAT: the last line of FILE must be LINE
last() {
	got=$(tail -n 1 "$1")
	[ "$got" = "$2" ] || fail "$3: last line is '$got', expected '$2'"
}

# show WHAT FILE: print FILE if the run it holds had a mismatch
show() {
	if [ $bad -ne $mark ]; then
		echo "--- output of $1:"
		cat "$2"
		echo "---"
	fi
	mark=$bad
}

# --list, and the number of passing cases expected in each run
$TEST_RUNNER "$st" --list > "$tmp/list" || fail "$b --list exited with $?"
ncases=$(wc -l < "$tmp/list")
npass=$(grep -c '^pass_' "$tmp/list")
if [ "$ncases" -eq 0 ] || [ "$npass" -eq 0 ]; then
	fail "$b --list lists no cases"
fi
show "$b --list" "$tmp/list"

# 1. Normal run: everything passes.
"$runner" -j 2 "$st" > "$tmp/good" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "normal run exited with $rc"
last "$tmp/good" "$ncases passed, 0 failed" "normal run"
show "the normal run" "$tmp/good"

# 2. Bad run: each misbehaviour classified, output of failures shown.
T_SELFTEST_BAD=1 T_SELFTEST_PIDFILE="$tmp/pid" \
	"$runner" -j 3 -t 2 "$st" > "$tmp/bad" 2>&1
rc=$?
[ $rc -ne 0 ] || fail "bad run exited with 0"
expect "$tmp/bad" "FAIL $b:bad_fail (exit 1)" "the bad run"
expect "$tmp/bad" "    output before the failure" "the bad run"
expect "$tmp/bad" "      1 + 1 = 2" "the bad run"
expect "$tmp/bad" "FAIL $b:bad_errno (exit 1)" "the bad run"
grep -q "errno = EBADF .*, expected ENOENT" "$tmp/bad" ||
	fail "bad_errno's report does not name EBADF and ENOENT"
expect "$tmp/bad" "FAIL $b:bad_crash (signal 11)" "the bad run"
expect "$tmp/bad" "FAIL $b:bad_timeout (TIMEOUT 2s)" "the bad run"
expect "$tmp/bad" "SKIP $b:bad_skip: no frobnicator here (7)" "the bad run"
expect "$tmp/bad" "  $b:bad_skip: no frobnicator here (7)" "the bad run"
grep -q "^ok   $b:pass_asserts (" "$tmp/bad" || fail "pass_asserts not ok"
grep -q "a log line" "$tmp/bad" && fail "a passing case's output was shown"
last "$tmp/bad" "$npass passed, 4 failed, 1 skipped" "bad run"
if [ -s "$tmp/pid" ]; then
	pid=$(cat "$tmp/pid")
	i=0
	while kill -0 "$pid" 2>/dev/null &&
	    ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$pid/stat" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 20 ]; then
			fail "bad_timeout's child $pid survived"
			kill -9 "$pid" 2>/dev/null
			break
		fi
		sleep 0.1
	done
else
	fail "bad_timeout did not write its child's pid"
fi
show "the bad run" "$tmp/bad"

# 3. The test binary on its own.
$TEST_RUNNER "$st" pass_asserts > "$tmp/one" 2>&1 ||
	fail "'$b pass_asserts' exited with $?"
expect "$tmp/one" "# a log line with a number: 42" "'$b pass_asserts'"
T_SEED=1234 $TEST_RUNNER "$st" pass_seed > "$tmp/seed" 2>&1 ||
	fail "'T_SEED=1234 $b pass_seed' exited with $?"
expect "$tmp/seed" "# seed 1234; rerun with T_SEED=1234" "'$b pass_seed'"
T_SELFTEST_BAD=1 $TEST_RUNNER "$st" bad_skip > "$tmp/skip" 2>/dev/null
rc=$?
[ $rc -eq 77 ] || fail "'$b bad_skip' exited with $rc, not 77"
expect "$tmp/skip" "SKIP: no frobnicator here (7)" "'$b bad_skip'"
T_SELFTEST_BAD=1 $TEST_RUNNER "$st" bad_fail > /dev/null 2>&1
rc=$?
[ $rc -eq 1 ] || fail "'$b bad_fail' exited with $rc, not 1"
$TEST_RUNNER "$st" no_such_case > /dev/null 2>&1
rc=$?
[ $rc -eq 2 ] || fail "'$b no_such_case' exited with $rc, not 2"
show "'$b pass_asserts'" "$tmp/one"
T_SELFTEST_BAD=1 T_TIMEOUT=2 $TEST_RUNNER "$st" > "$tmp/all" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "'$b' (all cases, bad) exited with $rc, not 1"
expect "$tmp/all" "FAIL $b:bad_timeout (TIMEOUT 2s)" "'$b'"
expect "$tmp/all" "FAIL $b:bad_crash (signal 11)" "'$b'"
last "$tmp/all" "$npass passed, 4 failed, 1 skipped" "'$b' (all cases, bad)"
show "'$b' with no arguments" "$tmp/all"

# 4. A binary that cannot run is one failure named after it.
"$runner" "$st" "$tmp/missing" > "$tmp/missing.out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "run with a missing binary exited with $rc, not 1"
grep -q "^FAIL $tmp/missing" "$tmp/missing.out" ||
	fail "the missing binary is not reported"
last "$tmp/missing.out" "$ncases passed, 1 failed" "run with a missing binary"
show "the run with a missing binary" "$tmp/missing.out"

# 5. Skips alone do not fail a run, unless T_NOSKIP=1.
T_SELFTEST_BAD=bad_skip "$runner" "$st" > "$tmp/skiponly" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "run with only a skip exited with $rc, not 0"
last "$tmp/skiponly" "$((ncases - 1)) passed, 0 failed, 1 skipped" \
	"run with only a skip"
show "the run with only a skip" "$tmp/skiponly"
# (and -r: the prefix is split on blanks and put before the binary)
T_NOSKIP=1 "$runner" -r "env T_SELFTEST_BAD=bad_skip $TEST_RUNNER" "$st" \
	> "$tmp/noskip" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "T_NOSKIP=1 run with a skip exited with $rc, not 1"
grep -q "^T_NOSKIP=1" "$tmp/noskip" || fail "T_NOSKIP=1 run does not say why"
last "$tmp/noskip" "$((ncases - 1)) passed, 0 failed, 1 skipped" \
	"T_NOSKIP=1 run with a skip"
show "the T_NOSKIP=1 run" "$tmp/noskip"

# 6. Time limits scale: by T_TIMEOUT_SCALE, and by 3 with a runner prefix.
T_SELFTEST_BAD=bad_timeout T_TIMEOUT_SCALE=2 "$runner" -t 1 "$st" \
	> "$tmp/scale" 2>&1
expect "$tmp/scale" "FAIL $b:bad_timeout (TIMEOUT 2s)" "T_TIMEOUT_SCALE=2 -t 1"
show "the T_TIMEOUT_SCALE=2 run" "$tmp/scale"
T_SELFTEST_BAD=bad_timeout T_TIMEOUT_SCALE= "$runner" -t 0.5 \
	-r "env $TEST_RUNNER" "$st" > "$tmp/scale3" 2>&1
expect "$tmp/scale3" "FAIL $b:bad_timeout (TIMEOUT 1.5s)" "-r env -t 0.5"
show "the run with a runner prefix" "$tmp/scale3"

if [ $bad -eq 0 ]; then
	echo "harness selftest: ok"
	exit 0
fi
exit 1
