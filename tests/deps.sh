#!/bin/sh
# deps.sh: install the tools the test suite needs, where possible.
#
#	sh tests/deps.sh		what make test needs
#	sh tests/deps.sh matrix		also what make matrix needs (tests/matrix.sh):
#					cross compilers, qemu-user, musl-gcc
#
# On a Debian machine where we may use apt-get (root), missing packages
# are installed; elsewhere the tests that need them report SKIP naming
# the package.  Keep this list the one place that knows the packages.
PACKAGES="clang pkg-config"
MATRIX_PACKAGES="gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	gcc-s390x-linux-gnu libc6-dev-s390x-cross
	gcc-i686-linux-gnu libc6-dev-i386-cross
	qemu-user musl-tools"
[ "${1:-}" = matrix ] && PACKAGES="$PACKAGES $MATRIX_PACKAGES"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq $missing >/dev/null
else
	echo "deps: cannot install$missing (not root or no apt-get); tests needing them skip"
fi
exit 0
