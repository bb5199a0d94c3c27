#!/bin/sh
#
# install.sh: install into a scratch prefix and build programs the way
# the README tells users to, through pkg-config.
#
#	sh tests/install.sh BUILD
#
# A program that calls no function of the VFS faction must still get it
# (linked statically, and shared under --as-needed: a faction is reached
# only through its constructors), and the installed headers must compile
# on their own under -std=c99 and -std=c11.  Prints "install: ok", or
# what failed and exits 1; without pkg-config it skips (a failure when
# T_NOSKIP=1).
set -e
build=${1:?usage: install.sh BUILD}
cc=${CC:-cc}
if ! command -v pkg-config >/dev/null 2>&1; then
	echo "install: SKIP (no pkg-config; sh tests/deps.sh installs it)"
	[ "${T_NOSKIP:-0}" = 1 ] && exit 1
	exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
${MAKE:-make} -s --no-print-directory BUILD="$build" install \
    PREFIX="$dir/prefix" >/dev/null
PKG_CONFIG_PATH=$dir/prefix/lib/pkgconfig
export PKG_CONFIG_PATH

fail() {
	echo "install: $*"
	exit 1
}

printf '#include <rump/rump.h>\n#include <rump/rump_syscalls.h>\n#include <rump/tmpfs.h>\nint main(void) { return 0; }\n' \
    > "$dir/headers.c"
for std in c99 c11; do
	$cc -std=$std -pedantic -Wall -Wextra -Werror -fsyntax-only \
	    $(pkg-config --cflags rumpvfs) "$dir/headers.c" ||
	    fail "the headers do not compile with -std=$std"
done

# Only the core is called; kern.maxvnodes exists only if the VFS booted.
cat > "$dir/novfs.c" <<'PROG'
#include <stddef.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>

int
main(void)
{
	int v = 0;
	size_t len = sizeof(v);

	if (rump_init() != 0)
		return 2;
	return rump_sys_sysctlbyname("kern.maxvnodes", &v, &len, NULL, 0) == 0 &&
	    v >= 64 ? 0 : 1;
}
PROG
$cc -o "$dir/shared" "$dir/novfs.c" $(pkg-config --cflags --libs rumpvfs) \
    -Wl,--as-needed -Wl,-rpath,"$dir/prefix/lib" || fail "shared link failed"
"$dir/shared" || fail "shared program: no VFS (exit $?)"
$cc -static -o "$dir/static" "$dir/novfs.c" \
    $(pkg-config --static --cflags --libs rumpvfs) || fail "static link failed"
"$dir/static" || fail "static program: no VFS (exit $?)"
echo "install: ok"
