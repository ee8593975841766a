#!/bin/sh
# Put Debian sid's Unicorn 2.1 (libunicorn2t64 and libunicorn-dev, binary packages that need only
# libc6 >= 2.34, so they run on bookworm) into PREFIX, leaving the system's 2.0.1 alone:
#   sh tools/unicorn-2.1.sh /opt/unicorn-2.1
#   cmake -S . -B build-u21 -DCMAKE_PREFIX_PATH=/opt/unicorn-2.1 && cmake --build build-u21 -j2
# (tools/apt-download.sh: apt lists of our own; the system's are not touched)
set -eu
prefix=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$prefix"
sh "$here/apt-download.sh" "$(dpkg --print-architecture)" sid "$tmp" libunicorn2t64 libunicorn-dev
for deb in "$tmp"/*.deb; do
	dpkg-deb -x "$deb" "$tmp/root"
done
cp -a "$tmp/root/usr/." "$prefix/"
# the packaged unicorn.pc names /usr: point it at PREFIX
abs=$(cd "$prefix" && pwd)
for pc in $(find "$prefix" -name unicorn.pc); do
	sed -i "s|^prefix=/usr|prefix=$abs|; s|^libdir=/usr|libdir=$abs|; s|^includedir=/usr|includedir=$abs|" "$pc"
done
echo "Unicorn $(sed -n 's/^Version: //p' "$(find "$prefix" -name unicorn.pc | head -1)") in $prefix"
