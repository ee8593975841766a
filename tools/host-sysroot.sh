#!/bin/sh
# Debian bookworm's libraries that vdsosim builds on, for another host architecture (i386: a
# 32-bit host; s390x: a big-endian one), unpacked into PREFIX for a build with Debian's cross
# compiler (what .ci/run compares byte for byte with the x86_64 build):
#   sh tools/host-sysroot.sh i386 /opt/i386
#   cmake -S . -B build-i386 -DCMAKE_TOOLCHAIN_FILE=tools/host-toolchain.cmake \
#         -DVDSOSIM_HOST_ARCH=i386 -DVDSOSIM_HOST_ROOT=/opt/i386
# Unpacked, not installed: apt cannot co-install foreign -dev packages beside amd64 ones of
# another point release, and this way the system is not touched (tools/apt-download.sh).
set -eu
arch=$1
prefix=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$prefix"
# the libraries, their -dev halves and what they link against at build time
pkgs="libunicorn2 libunicorn-dev libelf1 libelf-dev libdw1 libdw-dev libbz2-1.0 libbz2-dev liblzma-dev libzstd-dev zlib1g zlib1g-dev libzstd1 libcapstone4 libcapstone-dev
libjansson4 libjansson-dev libyaml-0-2 libyaml-dev libxml2 libxml2-dev liblzma5 libicu72 libcunit1 libcunit1-dev
libstdc++6 libgcc-s1"
sh "$here/apt-download.sh" "$arch" "bookworm bookworm-updates" "$tmp" $pkgs
for deb in "$tmp"/*.deb; do
	dpkg-deb -x "$deb" "$prefix"
done
echo "Debian $arch libraries in $prefix: $(ls "$tmp"/*.deb | wc -l) packages"
