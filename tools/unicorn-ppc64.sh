#!/bin/sh
# Unicorn 2.1.4 with the 64-bit PowerPC mends of tools/unicorn-ppc64.patch, built from a 2.1.4
# source tree (or its tarball) and installed into PREFIX beside the system's Unicorn:
#   sh tools/unicorn-ppc64.sh ../shared/third_party/unicorn-2.1.4.tar.xz /opt/unicorn-ppc64
#   cmake -S . -B build-ppc64 -DCMAKE_PREFIX_PATH=/opt/unicorn-ppc64
# Only the architectures vdsosim runs are built. Drop this when a released Unicorn runs PPC64
# (upstream mended both defects on its dev branch in July 2026; 2.1.4 is the newest release).
set -eu
src=$1
prefix=$2
here=$(cd "$(dirname "$0")" && pwd)
jobs=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -f "$src" ]; then
	tar -C "$tmp" -xJf "$src"
	src=$(echo "$tmp"/unicorn-*)
else
	cp -a "$src" "$tmp/src"
	src=$tmp/src
fi
{ grep -q 'set(UNICORN_VERSION_MINOR 1)' "$src/CMakeLists.txt" &&
	grep -q 'set(UNICORN_VERSION_PATCH 4)' "$src/CMakeLists.txt"; } 2>/dev/null || {
	echo "unicorn-ppc64.sh: $1 is not Unicorn 2.1.4's source (the patch is for 2.1.4)" >&2
	exit 1
}
patch -d "$src" -p1 --forward <"$here/unicorn-ppc64.patch" >/dev/null
cmake -S "$src" -B "$tmp/build" -DCMAKE_BUILD_TYPE=Release -DUNICORN_BUILD_TESTS=OFF \
	-DUNICORN_ARCH="x86;arm;aarch64;riscv;mips;ppc;s390x" -DCMAKE_INSTALL_PREFIX="$prefix" \
	-DCMAKE_INSTALL_LIBDIR=lib >"$tmp/configure.log" 2>&1 || { cat "$tmp/configure.log" >&2; exit 1; }
cmake --build "$tmp/build" -j"$jobs" >"$tmp/build.log" 2>&1 || { tail -40 "$tmp/build.log" >&2; exit 1; }
cmake --install "$tmp/build" >/dev/null
echo "Unicorn 2.1.4 with tools/unicorn-ppc64.patch in $prefix"
