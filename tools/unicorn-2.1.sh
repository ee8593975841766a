#!/bin/sh
# Put Debian sid's Unicorn 2.1 (libunicorn2t64 and libunicorn-dev, binary packages that need only
# libc6 >= 2.34, so they run on bookworm) into PREFIX, leaving the system's 2.0.1 alone:
#   sh tools/unicorn-2.1.sh /opt/unicorn-2.1
#   cmake -S . -B build-u21 -DCMAKE_PREFIX_PATH=/opt/unicorn-2.1 && cmake --build build-u21 -j2
# apt-get download works through apt lists of our own (sid's, for this architecture) in a
# temporary directory: the system's sources and lists are not touched.
set -eu
prefix=$1
arch=$(dpkg --print-architecture)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$prefix"
echo "deb [arch=$arch signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main" \
	>"$tmp/sources.list"
cat >"$tmp/apt.conf" <<CONF
Dir::Etc::SourceList "$tmp/sources.list";
Dir::Etc::SourceParts "/nonexistent";
Dir::State::Lists "$tmp/lists";
Dir::Cache "$tmp/cache";
APT::Sandbox::User "root";
CONF
export APT_CONFIG=$tmp/apt.conf
apt-get update -q >/dev/null
(cd "$tmp" && apt-get download -q libunicorn2t64 libunicorn-dev >/dev/null 2>&1)
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
