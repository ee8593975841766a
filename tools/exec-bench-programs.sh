#!/bin/sh
# The programs vdsosim-bench --exec times natively, under qemu-user and under vdsosim exec, into
# DIR: Debian bookworm's busybox-static for amd64 and arm64 (unpacked from the packages), and
# bench/clock_loop.c built static (and dynamic) with gcc and aarch64-linux-gnu-gcc, and bench/go_clock.go
# where Go is.
#   sh tools/exec-bench-programs.sh build/bench-programs && build/vdsosim-bench --exec build/bench-programs
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dir"
for arch in amd64 arm64; do
	sh "$here/apt-download.sh" $arch bookworm "$tmp/$arch" busybox-static
	dpkg-deb -x "$tmp/$arch"/busybox-static_*.deb "$tmp/$arch/root"
	name=$([ $arch = amd64 ] && echo x86_64 || echo arm64)
	cp "$tmp/$arch/root/bin/busybox" "$dir/busybox-$name"
done
gcc -O2 -static "$here/../bench/clock_loop.c" -o "$dir/clock_loop-x86_64"
aarch64-linux-gnu-gcc -O2 -static "$here/../bench/clock_loop.c" -o "$dir/clock_loop-arm64"
# the start-up rows: the same program dynamically linked (its sysroot: / and Debian's cross libc)
gcc -O2 "$here/../bench/clock_loop.c" -o "$dir/clock_loop_dyn-x86_64"
aarch64-linux-gnu-gcc -O2 "$here/../bench/clock_loop.c" -o "$dir/clock_loop_dyn-arm64"
if command -v go >/dev/null; then # the Go rows (bookworm's golang-go)
	CGO_ENABLED=0 GOARCH=amd64 go build -o "$dir/go_clock-x86_64" "$here/../bench/go_clock.go"
	CGO_ENABLED=0 GOARCH=arm64 go build -o "$dir/go_clock-arm64" "$here/../bench/go_clock.go"
fi
ls "$dir"
