#!/bin/sh
# matrix.sh: build and test the kernel on every target of the portability
# matrix (make matrix; docs/porting.md).
#
#	sh tests/matrix.sh [TARGET...]	default: every target below
#
# Each target is built in build/matrix/<target> with its compiler and
# tested with "make test" (namespace check, harness self-test, the suite)
# through its TEST_RUNNER; its log is build/matrix/<target>/matrix.log.
# Prints one line per target, e.g.
#	matrix: aarch64 gcc: 73 passed, 0 failed (41s)
# and exits 1 if any target failed (or, with T_NOSKIP=1, was skipped
# because its compiler or emulator is missing: sh tests/deps.sh matrix
# installs them).  MATRIX_JOBS sets make's -j (default 2).
set -u
cd "$(dirname "$0")/.."

# Run under emulation, only these test binaries (make's T_SELECT; a %
# matches anything): the core suite, and of each other part one
# representative, not everything: the VFS and tmpfs (every file call;
# data integrity, past 4 GiB too; hostile arguments to every call); to
# come, one disk file system and TCP over loopback.
EMULATED_TESTS="t_boot t_component t_cred t_descrip t_kern t_lockdebug
	t_lwproc t_memlimit t_namespace t_namespace_shared t_pipe t_poll
	t_port t_sched t_sysctl t_time
	t_vfs_calls t_vfs_integrity t_fuzz_syscalls"

# i386 binaries run at native speed through the cross C library's own
# loader when this kernel runs 32-bit code; otherwise under qemu-i386.
I386_LIBS=/usr/i686-linux-gnu/lib
if "$I386_LIBS/ld-linux.so.2" --version >/dev/null 2>&1; then
	I386_RUNNER="$I386_LIBS/ld-linux.so.2 --library-path $I386_LIBS"
	I386_TESTS=all
else
	I386_RUNNER="qemu-i386 -L /usr/i686-linux-gnu"
	I386_TESTS=emulated
fi

# target	label		CC			TEST_RUNNER	tests
TARGETS="x86_64-gcc x86_64-clang aarch64 s390x i386 musl"
target_row() {
	case $1 in
	x86_64-gcc)	set -- "x86_64 gcc" gcc "" all ;;
	x86_64-clang)	set -- "x86_64 clang" clang "" all ;;
	aarch64)	set -- "aarch64 gcc" aarch64-linux-gnu-gcc \
			    "qemu-aarch64 -L /usr/aarch64-linux-gnu" emulated ;;
	s390x)		set -- "s390x gcc" s390x-linux-gnu-gcc \
			    "qemu-s390x -L /usr/s390x-linux-gnu" emulated ;;
	i386)		set -- "i386 gcc" i686-linux-gnu-gcc "$I386_RUNNER" \
			    "$I386_TESTS" ;;
	musl)		set -- "x86_64 musl-gcc" musl-gcc "" all ;;
	*)		return 1 ;;
	esac
	label=$1 cc=$2 runner=$3 tests=$4
}

# Only this script's settings reach the builds.
unset MAKEFLAGS MFLAGS MAKELEVEL CROSS SANITIZE DEBUG T_SELECT TEST_RUNNER
jobs=${MATRIX_JOBS:-2}
sh tests/deps.sh matrix

status=0
for t in ${*:-$TARGETS}; do
	if ! target_row "$t"; then
		echo "matrix: $t: unknown target (targets: $TARGETS)"
		status=1
		continue
	fi
	missing=""
	for tool in "$cc" "${runner%% *}"; do
		[ -z "$tool" ] || command -v "$tool" >/dev/null 2>&1 ||
		    missing="$missing $tool"
	done
	if [ -n "$missing" ]; then
		echo "matrix: $label: SKIP (missing$missing; sh tests/deps.sh matrix installs it)"
		[ "${T_NOSKIP:-0}" = 1 ] && status=1
		continue
	fi
	select=""
	[ "$tests" = emulated ] && select=$(echo $EMULATED_TESTS)
	dir=build/matrix/$t
	mkdir -p "$dir"
	start=$(date +%s)
	make -j"$jobs" BUILD="$dir" CC="$cc" TEST_RUNNER="$runner" \
	    T_SELECT="$select" test demo > "$dir/matrix.log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	result=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$dir/matrix.log" | tail -n 1)
	if [ $rc -eq 0 ] && [ -n "$result" ]; then
		echo "matrix: $label: $result (${secs}s)"
	else
		echo "matrix: $label: ${result:-did not reach the suite}, FAILED (${secs}s; log: $dir/matrix.log)"
		grep -E '^(FAIL |harness selftest: MISMATCH|make: \*\*\*)' \
		    "$dir/matrix.log" | head -n 20 | sed 's/^/    /' >&2
		status=1
	fi
done
exit $status
