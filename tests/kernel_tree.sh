#!/bin/bash
# The kernel developer's workflow on real trees: Debian's linux-source-7.2 and -7.3 (7.3~rc7)
# unpacked, their vDSOs built for every architecture (tools/kernel-vdso.sh), the verdict
# (tools/kernel-verdict.sh) clean and every source mutant caught (tools/kernel-mutants.sh).
# usage: kernel_tree.sh VDSOSIM SELFTESTS WORK   (needs network: the source packages)
set -u
v=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") st=$2 work=$3
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work/debs"
work=$(cd "$work" && pwd)
fail=0
sh "$here/tools/apt-download.sh" amd64 "sid experimental" "$work/debs" linux-source-7.2 linux-source-7.3 || exit 1
for t in 7.2 7.3; do
	t0=$(date +%s)
	dpkg-deb -x "$work"/debs/linux-source-${t}_*.deb "$work/pkg-$t" && tar -xf "$work/pkg-$t/usr/src/linux-source-$t.tar.xz" -C "$work" ||
		{ echo "not ok - linux-source-$t: unpack"; fail=1; continue; }
	t1=$(date +%s)
	for a in x86_64 arm64 arm riscv64 s390x mips64el ppc64le; do
		s=$(date +%s)
		if sh "$here/tools/kernel-vdso.sh" "$work/linux-source-$t" $a "$work/out-$t"; then
			echo "ok - $t $a: vDSO built in $(($(date +%s) - s)) s"
		else echo "not ok - $t $a: vDSO build"; fail=1; fi
	done
	t2=$(date +%s)
	bash "$here/tools/kernel-verdict.sh" "$v" "$work/out-$t" "$st" && echo "ok - $t: verdict clean" ||
		{ echo "not ok - $t: verdict"; fail=1; }
	t3=$(date +%s)
	bash "$here/tools/kernel-mutants.sh" "$v" "$work/linux-source-$t" "$work/out-$t" && echo "ok - $t: every mutant caught, the layout-only patch clean" ||
		{ echo "not ok - $t: mutants"; fail=1; }
	t4=$(date +%s)
	echo "# $t: unpack $((t1 - t0)) s, seven architectures' vDSOs $((t2 - t1)) s, verdict $((t3 - t2)) s, mutants $((t4 - t3)) s"
	rm -rf "$work/pkg-$t"
done
exit $fail
