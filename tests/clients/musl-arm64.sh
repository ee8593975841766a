#!/bin/sh
# Make libc_clock-musl-arm64: musl-dev:arm64 fetched with apt-get download (a Debian binary
# package; needs the arm64 architecture in apt's lists) and gcc-aarch64-linux-gnu to link it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download musl-dev:arm64 >/dev/null)
dpkg-deb -x "$tmp"/musl-dev_*_arm64.deb "$tmp/m"
m=$tmp/m/usr/lib/aarch64-linux-musl
aarch64-linux-gnu-gcc -O2 -static -nostdlib -nostdinc -isystem "$tmp/m/usr/include/aarch64-linux-musl" \
	-isystem "$(aarch64-linux-gnu-gcc -print-file-name=include)" "$m/crt1.o" "$m/crti.o" \
	"$here/libc_clock.c" "$m/libc.a" -lgcc "$m/crtn.o" -o "$here/libc_clock-musl-arm64"
aarch64-linux-gnu-strip "$here/libc_clock-musl-arm64"
