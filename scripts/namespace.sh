#!/bin/sh
# namespace.sh: keep the kernel's symbols out of the program's way.
#
#   namespace.sh rename IN.o OUT.o   rename every global symbol of IN.o,
#                                    defined or needed, into rumpns_,
#                                    except the exported API
#   namespace.sh check LIB.a...      fail if a kernel library defines a
#                                    symbol outside rump_*/rumpns_* or
#                                    needs one other than rumpuser_* (or
#                                    a rumpns_ symbol another kernel
#                                    library defines)
#
# Symbols the toolchain itself makes (sanitizer runtime calls, the GOT
# symbol) are left alone: they are not the kernel's.
set -eu
NM=${NM:-nm}
OBJCOPY=${OBJCOPY:-objcopy}
toolchain='^(_GLOBAL_OFFSET_TABLE_|__(asan|ubsan|tsan|sanitizer|lsan)_)'

case $1 in
rename)
	list=$3.syms
	"$NM" -P -g "$2" | awk '{print $1}' | sort -u |
	    grep -Ev '^(rump_|rumpuser_|rumpns_)' |
	    grep -Ev "$toolchain" |
	    awk '{print $1 " rumpns_" $1}' > "$list" || true
	"$OBJCOPY" --redefine-syms="$list" "$2" "$3"
	rm -f "$list"
	;;
check)
	shift
	bad=0
	defined=$("$NM" -P -g --defined-only "$@" 2>/dev/null | awk 'NF >= 2 {print $1}' | sort -u)
	for lib in "$@"; do
		d=$("$NM" -P -g --defined-only "$lib" | awk 'NF >= 2 {print $1}' |
		    grep -Ev '^(rump_|rumpns_)' || true)
		u=$("$NM" -P -g --undefined-only "$lib" | awk 'NF >= 2 {print $1}' |
		    grep -Ev '^(rumpuser_|rumpns_|rump_)' | grep -Ev "$toolchain" || true)
		for s in $("$NM" -P -g --undefined-only "$lib" | awk 'NF >= 2 {print $1}' |
		    grep -E '^(rumpns_|rump_)' || true); do
			echo "$defined" | grep -qx "$s" || u="$u $s"
		done
		if [ -n "$d" ]; then
			echo "$lib: defines symbols outside rump_*/rumpns_*:" $d >&2
			bad=1
		fi
		if [ -n "$(echo $u)" ]; then
			echo "$lib: needs symbols no kernel library or rumpuser provides:" $u >&2
			bad=1
		fi
	done
	[ $bad -eq 0 ] && echo "namespace: ok ($*)"
	exit $bad
	;;
*)
	echo "usage: $0 rename IN OUT | check LIB..." >&2
	exit 2
	;;
esac
