#!/bin/sh
# Build the kernel's vDSO selftests (src/, from extract.sh) as static programs for every
# architecture whose Debian cross compiler is installed (and vdso_test_correctness dynamic too):
#   apt-get install gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-riscv64-linux-gnu gcc-i686-linux-gnu \
#     gcc-mipsel-linux-gnu gcc-mips64el-linux-gnuabi64 gcc-s390x-linux-gnu libc6-dev-s390x-cross \
#     gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross libc6-dev-arm64-cross libc6-dev-armhf-cross libc6-dev-riscv64-cross libc6-dev-i386-cross
# usage: build.sh OUTDIR   -> OUTDIR/<arch>/<test>
# The sources are built unmodified; the flags stand in for the kernel tree's (lib.mk, KHDR_INCLUDES:
# src/uapi holds the few 7.2 uapi headers newer than the toolchain's).
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=$1
src=$here/src/vDSO
tests="vdso_test_gettimeofday vdso_test_getcpu vdso_test_abi vdso_test_correctness vdso_test_getrandom"
built=0
# x32: gcc -mx32 with libc6-dev-x32; its asm headers (src/uapi-x32) come from sid's linux-libc-dev
# mips64 (n64) is linked below 2 GB, where Unicorn's MIPS (in kernel mode) can map it
for pair in x86_64:gcc i386:i686-linux-gnu-gcc arm64:aarch64-linux-gnu-gcc armhf:arm-linux-gnueabihf-gcc \
	riscv64:riscv64-linux-gnu-gcc x32:gcc mips:mipsel-linux-gnu-gcc mips64:mips64el-linux-gnuabi64-gcc \
	s390x:s390x-linux-gnu-gcc ppc64le:powerpc64le-linux-gnu-gcc; do
	arch=${pair%%:*} cc=${pair#*:}
	command -v "$cc" >/dev/null 2>&1 || { echo "# $arch: no $cc, not built"; continue; }
	if [ "$arch" = x32 ]; then
		[ -e "$(gcc -mx32 -print-file-name=libc.a)" ] && [ "$(gcc -mx32 -print-file-name=libc.a)" != libc.a ] ||
			{ echo "# x32: no libc6-dev-x32, not built"; continue; }
		cc="gcc -mx32 -isystem $here/src/uapi-x32"
	fi
	[ "$arch" = mips64 ] && cc="$cc -Wl,-Ttext-segment=0x10000000"
	mkdir -p "$out/$arch"
	for t in $tests; do
		extra=
		[ "$t" = vdso_test_correctness ] && extra="-include linux/types.h"
		[ "$t" = vdso_test_getrandom ] && extra="-lpthread"
		if $cc -std=gnu99 -O2 -Wall -static -D_GNU_SOURCE -I"$here/src" -isystem "$here/src/uapi" \
			"$src/$t.c" "$src/parse_vdso.c" -o "$out/$arch/$t" $extra 2>"$out/$arch/$t.log"; then
			built=$((built + 1))
		else
			echo "# $arch: $t failed to build (see $out/$arch/$t.log)"
		fi
	done
	# vdso_test_correctness linked dynamically: ld.so sets up the vDSO and dlopen("linux-vdso.so.1",
	# RTLD_NOLOAD) finds it (run.sh gives it the cross libc as --sysroot)
	if $cc -std=gnu99 -O2 -Wall -D_GNU_SOURCE -I"$here/src" -isystem "$here/src/uapi" -include linux/types.h \
		"$src/vdso_test_correctness.c" "$src/parse_vdso.c" -o "$out/$arch/vdso_test_correctness-dyn" -ldl \
		2>"$out/$arch/vdso_test_correctness-dyn.log"; then
		built=$((built + 1))
	else
		echo "# $arch: vdso_test_correctness-dyn failed to build (see $out/$arch/vdso_test_correctness-dyn.log)"
	fi
	# its multi-threaded mode, scaled down to what an emulator runs in seconds: 8 threads, not 256,
	# 1000 calls each, not 25 million (the source is otherwise unchanged)
	sed 's/TRIALS = 25000000, THREADS = 256/TRIALS = 1000, THREADS = 8/' "$src/vdso_test_getrandom.c" \
		>"$out/$arch/vdso_test_getrandom-mt.c"
	$cc -std=gnu99 -O2 -Wall -static -D_GNU_SOURCE -I"$here/src" -I"$src" -isystem "$here/src/uapi" \
		"$out/$arch/vdso_test_getrandom-mt.c" "$src/parse_vdso.c" -o "$out/$arch/vdso_test_getrandom-mt" -lpthread \
		2>"$out/$arch/vdso_test_getrandom-mt.log" && built=$((built + 1))
	if [ "$arch" = x86_64 ]; then # the standalone test: nolibc, no C library at all
		$cc -std=gnu99 -O2 -static -nostdlib -nostdinc -ffreestanding -fno-asynchronous-unwind-tables \
			-fno-stack-protector -include "$here/src/nolibc/nolibc.h" -I"$here/src/nolibc" -I"$here/src" \
			-isystem "$here/src/uapi" -isystem /usr/include/x86_64-linux-gnu -isystem /usr/include \
			"$src/vdso_standalone_test_x86.c" "$src/parse_vdso.c" -o "$out/$arch/vdso_standalone_test_x86" -lgcc \
			2>"$out/$arch/standalone.log" && built=$((built + 1))
	fi
done
echo "# $built selftest programs built in $out"
