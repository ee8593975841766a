#!/bin/sh
# Build only the vDSO images of a kernel source tree, for one architecture, with Debian's cross
# compilers: a defconfig with the options the vDSO reads (time namespaces, the compat and x32
# images, paravirt clocks, HZ=250 as Debian builds, DWARF so the layout comes from the build),
# `make prepare`, then the vDSO directories alone. Minutes, not a kernel build.
#   sh tools/kernel-vdso.sh SRC ARCH OUT
# ARCH: x86_64 arm64 arm riscv64 s390x mips64el mipsel ppc64le. OUT gets ARCH-NAME.so (stripped, as the
# kernel maps it) and ARCH-NAME.so.dbg beside it, and the build tree in OUT/build-ARCH.
# Needs: bash make gcc bc flex bison libelf-dev libssl-dev and the gcc-TRIPLE cross compiler.
set -eu
src=$(cd "$1" && pwd) arch=$2 out=$3
mkdir -p "$out"
out=$(cd "$out" && pwd)
o=$out/build-$arch
compat=
case $arch in
x86_64) karch=x86 cross=x86_64-linux-gnu- cfg=x86_64_defconfig dirs=arch/x86/entry/vdso
	opts="X86_X32_ABI IA32_EMULATION COMPAT_32 PARAVIRT PARAVIRT_CLOCK KVM_GUEST HYPERVISOR_GUEST HYPERV HYPERV_TIMER" ;;
arm64) karch=arm64 cross=aarch64-linux-gnu- cfg=defconfig dirs="arch/arm64/kernel/vdso arch/arm64/kernel/vdso32"
	compat=arm-linux-gnueabihf- opts="COMPAT COMPAT_VDSO" ;;
arm) karch=arm cross=arm-linux-gnueabihf- cfg=multi_v7_defconfig dirs=arch/arm/vdso opts="VDSO ARM_ARCH_TIMER" ;;
riscv64) karch=riscv cross=riscv64-linux-gnu- cfg=defconfig dirs=arch/riscv/kernel/vdso opts="" ;;
s390x) karch=s390 cross=s390x-linux-gnu- cfg=defconfig dirs=arch/s390/kernel/vdso opts="" ;;
mips64el) karch=mips cross=mips64el-linux-gnuabi64- cfg=64r2el_defconfig dirs=arch/mips/vdso
	opts="MIPS32_O32 MIPS32_N32 CLKSRC_MIPS_GIC" ;;
mipsel) karch=mips cross=mipsel-linux-gnu- cfg=32r2el_defconfig dirs=arch/mips/vdso opts="CLKSRC_MIPS_GIC" ;;
ppc64le) karch=powerpc cross=powerpc64le-linux-gnu- cfg=ppc64le_defconfig dirs=arch/powerpc/kernel/vdso opts="" ;;
*) echo "kernel-vdso.sh: unknown ARCH $arch (x86_64 arm64 arm riscv64 s390x mips64el mipsel ppc64le)" >&2; exit 2 ;;
esac
command -v "${cross}gcc" >/dev/null || { echo "kernel-vdso.sh: no ${cross}gcc (apt-get install gcc-${cross%-})" >&2; exit 2; }
mk() { make -C "$src" O="$o" ARCH=$karch CROSS_COMPILE=$cross ${compat:+CROSS_COMPILE_COMPAT=$compat} -j"${JOBS:-2}" "$@"; }
log=$out/build-$arch.log
# (set -e does not hold inside a list that is tested: every step says its own failure)
build() {
	cfgs=$src/scripts/config
	mk $cfg || return 1
	bash "$cfgs" --file "$o/.config" --enable TIME_NS --enable GENERIC_VDSO_TIME_NS --disable DEBUG_INFO_NONE \
		--enable DEBUG_INFO --enable DEBUG_INFO_DWARF5 --disable DEBUG_INFO_REDUCED --disable DEBUG_INFO_BTF \
		--disable HZ_100 --disable HZ_300 --disable HZ_1000 --enable HZ_250 --set-val HZ 250 || return 1
	for x in $opts; do bash "$cfgs" --file "$o/.config" --enable "$x" || return 1; done
	mk olddefconfig || return 1
	for x in DEBUG_INFO_DWARF5 HZ_250 $opts; do
		grep -q "^CONFIG_$x=y" "$o/.config" || { echo "CONFIG_$x did not hold in this tree's $cfg"; return 1; }
	done
	mk prepare || return 1
	for d in $dirs; do mk "$d/" || return 1; done
}
build >"$log" 2>&1 || { echo "kernel-vdso.sh: $arch: the build failed; the end of $log:" >&2; tail -15 "$log" >&2; exit 1; }
n=0
for d in $dirs; do
	for dbg in $(find "$o/$d" -name '*.so.dbg'); do
		name=$(basename "$dbg" .so.dbg)
		cp "$dbg" "$out/$arch-$name.so.dbg"
		# the kernel's own stripped image where it makes one (what it maps), else strip it as it does
		if [ -f "${dbg%.dbg}" ]; then cp "${dbg%.dbg}" "$out/$arch-$name.so"; else "${cross}objcopy" -S "$dbg" "$out/$arch-$name.so"; fi
		n=$((n + 1))
	done
done
[ $n -gt 0 ] || { echo "kernel-vdso.sh: $arch: the build made no vDSO image (see $log)" >&2; exit 1; }
echo "kernel-vdso.sh: $arch: $n image(s) in $out: $(cd "$out" && ls "$arch"-*.so | tr '\n' ' ')"
