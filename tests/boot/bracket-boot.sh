#!/bin/sh
# Boot a Debian kernel under QEMU (TCG) with tests/boot/bracket-init.c as /init and keep what it saw:
# the vDSO's own clock_gettime(CLOCK_MONOTONIC) bracketed by raw counter reads (s390x: the TOD
# clock; ppc64le: the timebase), with the time page of each round (tests/data/ARCH-boot/VERSION/).
# Developer tool, not run by ctest: it needs the arch's qemu-system package, its cross compiler and
# the kernel package.
#   sh tests/boot/bracket-boot.sh s390x|ppc64le VMLINUZ OUTDIR
set -eu
arch=$1 kernel=$2 out=$3
src=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/proc" "$out"
case $arch in
s390x)
	s390x-linux-gnu-gcc -static -O2 -o "$tmp/root/init" "$src/bracket-init.c"
	set -- qemu-system-s390x -M s390-ccw-virtio -append "console=ttysclp0 quiet panic=-1" ;;
ppc64le)
	powerpc64le-linux-gnu-gcc -static -O2 -o "$tmp/root/init" "$src/bracket-init.c"
	set -- qemu-system-ppc64 -M pseries,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off -cpu power9 -vga none -append "console=hvc0 quiet panic=-1" ;;
*)
	echo "bracket-boot.sh: no boot for $arch" >&2
	exit 2 ;;
esac
(cd "$tmp/root" && find . | cpio -o -H newc 2>/dev/null | gzip >"$tmp/initrd.gz")
timeout 600 "$@" -m 1024 -nographic -no-reboot -kernel "$kernel" -initrd "$tmp/initrd.gz" \
	>"$tmp/console.log" 2>&1 || true
python3 - "$tmp/console.log" "$out" <<'PY'
import re, sys
txt = open(sys.argv[1], errors="replace").read()
rounds = re.findall(r"^ROUND (\d+) t0 (\d+) t1 (\d+) ts (-?\d+)\.(\d+)", txt, re.M)
pages = dict(re.findall(r"^PAGES (\d+) ([0-9a-f]+)", txt, re.M))
if not rounds:
    sys.exit("no rounds in the console output:\n" + txt[-3000:])
with open(sys.argv[2] + "/rounds.tsv", "w") as f:
    f.write("round\tcounter_before\tcounter_after\tclock_monotonic_ns\n")
    for k, t0, t1, s, ns in rounds:
        open("%s/page-%s.bin" % (sys.argv[2], k), "wb").write(bytes.fromhex(pages[k]))
        f.write("%s\t%s\t%s\t%d\n" % (k, t0, t1, int(s) * 10**9 + int(ns)))
print("%d rounds" % len(rounds))
PY
