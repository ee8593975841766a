#!/bin/sh
# Build libc_clock.c statically against glibc and musl for the architectures whose toolchains are
# here: glibc x86_64 (gcc), glibc arm64 (gcc-aarch64-linux-gnu + libc6-dev-arm64-cross), glibc MIPS, musl
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
# MIPS o32 and n64 (gcc-mipsel-linux-gnu, gcc-mips64el-linux-gnuabi64); n64 linked below 2 GB, where
# Unicorn's MIPS can map it
command -v mipsel-linux-gnu-gcc >/dev/null &&
	mipsel-linux-gnu-gcc -O2 -static "$here/libc_clock.c" -o "$out/libc_clock-glibc-mipsel"
command -v mips64el-linux-gnuabi64-gcc >/dev/null && mips64el-linux-gnuabi64-gcc -O2 -static \
	-Wl,-Ttext-segment=0x10000000 "$here/libc_clock.c" -o "$out/libc_clock-glibc-mips64el"
command -v mips64el-linux-gnuabi64-gcc >/dev/null && # linked where n64 links by default: refused
	mips64el-linux-gnuabi64-gcc -O2 -static "$here/libc_clock.c" -o "$out/libc_clock-glibc-mips64el-high"
command -v s390x-linux-gnu-gcc >/dev/null && # big-endian (gcc-s390x-linux-gnu, libc6-dev-s390x-cross)
	s390x-linux-gnu-gcc -O2 -static "$here/libc_clock.c" -o "$out/libc_clock-glibc-s390x"
command -v powerpc64le-linux-gnu-gcc >/dev/null && # (gcc-powerpc64le-linux-gnu, libc6-dev-ppc64el-cross)
	powerpc64le-linux-gnu-gcc -O2 -static "$here/libc_clock.c" -o "$out/libc_clock-glibc-ppc64le"
# dynamically linked (ld.so binds the vDSO), against / and Debian's cross libcs as sysroots
command -v gcc >/dev/null && gcc -O2 "$here/libc_clock.c" -o "$out/libc_clock-dyn-x86_64"
for pair in arm64:aarch64-linux-gnu armhf:arm-linux-gnueabihf riscv64:riscv64-linux-gnu i386:i686-linux-gnu \
	s390x:s390x-linux-gnu mipsel:mipsel-linux-gnu mips64el:mips64el-linux-gnuabi64 ppc64le:powerpc64le-linux-gnu; do
	command -v "${pair#*:}-gcc" >/dev/null && "${pair#*:}-gcc" -O2 "$here/libc_clock.c" -o "$out/libc_clock-dyn-${pair%%:*}"
done
command -v gcc >/dev/null && gcc -O1 -static "$here/files.c" -o "$out/files-x86_64"
# the program the trace is compared on with real strace (tests/strace.sh)
command -v gcc >/dev/null && gcc -O1 -static "$here/strace_clock.c" -o "$out/strace_clock-glibc-x86_64"
command -v musl-gcc >/dev/null && musl-gcc -O1 -static "$here/strace_clock.c" -o "$out/strace_clock-musl-x86_64"
command -v aarch64-linux-gnu-gcc >/dev/null &&
	aarch64-linux-gnu-gcc -O1 -static "$here/strace_clock.c" -o "$out/strace_clock-glibc-arm64"
command -v i686-linux-gnu-gcc >/dev/null &&
	i686-linux-gnu-gcc -O1 -static "$here/strace_clock.c" -o "$out/strace_clock-glibc-i386"
# a program's own counter reads (tests/program_counter.sh)
command -v gcc >/dev/null && gcc -O1 -static "$here/counter_read.c" -o "$out/counter_read-x86_64"
command -v aarch64-linux-gnu-gcc >/dev/null &&
	aarch64-linux-gnu-gcc -O1 -static "$here/counter_read.c" -o "$out/counter_read-arm64"
# pthreads under the scheduler (tests/threads.sh), on every ABI whose cross libc is here
command -v gcc >/dev/null && gcc -O2 -static -pthread "$here/threads.c" -o "$out/threads-x86_64"
command -v i686-linux-gnu-gcc >/dev/null && i686-linux-gnu-gcc -O2 -static -pthread "$here/threads.c" -o "$out/threads-i386"
command -v aarch64-linux-gnu-gcc >/dev/null &&
	aarch64-linux-gnu-gcc -O2 -static -pthread "$here/threads.c" -o "$out/threads-arm64"
command -v arm-linux-gnueabihf-gcc >/dev/null &&
	arm-linux-gnueabihf-gcc -O2 -static -pthread "$here/threads.c" -o "$out/threads-armhf"
command -v riscv64-linux-gnu-gcc >/dev/null &&
	riscv64-linux-gnu-gcc -O2 -static -pthread "$here/threads.c" -o "$out/threads-riscv64"
command -v s390x-linux-gnu-gcc >/dev/null &&
	s390x-linux-gnu-gcc -O2 -static -pthread "$here/threads.c" -o "$out/threads-s390x"
command -v powerpc64le-linux-gnu-gcc >/dev/null &&
	powerpc64le-linux-gnu-gcc -O2 -static -pthread "$here/threads.c" -o "$out/threads-ppc64le"
command -v mipsel-linux-gnu-gcc >/dev/null &&
	mipsel-linux-gnu-gcc -O2 -static -pthread "$here/threads.c" -o "$out/threads-mipsel"
command -v mips64el-linux-gnuabi64-gcc >/dev/null && mips64el-linux-gnuabi64-gcc -O2 -static -pthread \
	-Wl,-Ttext-segment=0x10000000 "$here/threads.c" -o "$out/threads-mips64el"
# signals and timers (tests/signals.sh)
command -v gcc >/dev/null && gcc -O2 -static "$here/signals.c" -o "$out/signals-x86_64"
command -v i686-linux-gnu-gcc >/dev/null && i686-linux-gnu-gcc -O2 -static "$here/signals.c" -o "$out/signals-i386"
command -v aarch64-linux-gnu-gcc >/dev/null &&
	aarch64-linux-gnu-gcc -O2 -static "$here/signals.c" -o "$out/signals-arm64"
command -v riscv64-linux-gnu-gcc >/dev/null &&
	riscv64-linux-gnu-gcc -O2 -static "$here/signals.c" -o "$out/signals-riscv64"
command -v s390x-linux-gnu-gcc >/dev/null && s390x-linux-gnu-gcc -O2 -static "$here/signals.c" -o "$out/signals-s390x"
command -v powerpc64le-linux-gnu-gcc >/dev/null &&
	powerpc64le-linux-gnu-gcc -O2 -static "$here/signals.c" -o "$out/signals-ppc64le"
command -v arm-linux-gnueabihf-gcc >/dev/null &&
	arm-linux-gnueabihf-gcc -O2 -static "$here/signals.c" -o "$out/signals-armhf"
command -v mipsel-linux-gnu-gcc >/dev/null && mipsel-linux-gnu-gcc -O2 -static "$here/signals.c" -o "$out/signals-mipsel"
command -v mips64el-linux-gnuabi64-gcc >/dev/null && mips64el-linux-gnuabi64-gcc -O2 -static \
	-Wl,-Ttext-segment=0x10000000 "$here/signals.c" -o "$out/signals-mips64el"
command -v gcc >/dev/null && gcc -mx32 -nostdlib -static -ffreestanding -fno-stack-protector -O2 \
	"$here/signals_x32.c" -o "$out/signals-x32" 2>/dev/null
# an old static program's use of the vsyscall page (tests/vsyscall.sh)
command -v gcc >/dev/null && gcc -O1 -static "$here/vsyscall.c" -o "$out/vsyscall-x86_64"
ls "$out"
