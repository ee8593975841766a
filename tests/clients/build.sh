#!/bin/sh
# Build libc_clock.c statically against glibc and musl for the architectures whose toolchains are
# here: glibc x86_64 (gcc), glibc arm64 (gcc-aarch64-linux-gnu + libc6-dev-arm64-cross), musl
# x86_64 (musl-tools). musl arm64 is committed (libc_clock-musl-arm64, made by musl-arm64.sh).
# usage: build.sh OUTDIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=$1
mkdir -p "$out"
cp "$here/libc_clock-musl-arm64" "$out/libc_clock-musl-arm64" 2>/dev/null
command -v gcc >/dev/null && gcc -O2 -static "$here/libc_clock.c" -o "$out/libc_clock-glibc-x86_64"
command -v aarch64-linux-gnu-gcc >/dev/null &&
	aarch64-linux-gnu-gcc -O2 -static "$here/libc_clock.c" -o "$out/libc_clock-glibc-arm64"
command -v musl-gcc >/dev/null && musl-gcc -O2 -static "$here/libc_clock.c" -o "$out/libc_clock-musl-x86_64"
# an old static program's use of the vsyscall page (tests/vsyscall.sh)
command -v gcc >/dev/null && gcc -O1 -static "$here/vsyscall.c" -o "$out/vsyscall-x86_64"
ls "$out"
