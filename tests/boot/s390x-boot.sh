#!/bin/sh
# Boot a Debian s390x kernel under QEMU (TCG) with tests/boot/s390x-init.c as /init and keep what
# it saw: the vDSO's own clock_gettime(CLOCK_MONOTONIC) bracketed by raw TOD reads, with the time
# page of each round (tests/data/s390x-boot/VERSION/). Developer tool, not run by ctest: it needs
# qemu-system-misc, gcc-s390x-linux-gnu and the kernel package.
#   sh tests/boot/s390x-boot.sh VMLINUZ OUTDIR
set -eu
kernel=$1 out=$2
src=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/proc" "$out"
s390x-linux-gnu-gcc -static -O2 -o "$tmp/root/init" "$src/s390x-init.c"
(cd "$tmp/root" && find . | cpio -o -H newc 2>/dev/null | gzip >"$tmp/initrd.gz")
timeout 300 qemu-system-s390x -M s390-ccw-virtio -m 512 -nographic -no-reboot -kernel "$kernel" \
	-initrd "$tmp/initrd.gz" -append "console=ttysclp0 quiet panic=-1" >"$tmp/console.log" 2>&1 || true
python3 - "$tmp/console.log" "$out" <<'PY'
import re, sys
txt = open(sys.argv[1], errors="replace").read()
rounds = re.findall(r"^ROUND (\d+) t0 (\d+) t1 (\d+) ts (-?\d+)\.(\d+)", txt, re.M)
pages = dict(re.findall(r"^PAGES (\d+) ([0-9a-f]+)", txt, re.M))
if not rounds:
    sys.exit("no rounds in the console output")
with open(sys.argv[2] + "/rounds.tsv", "w") as f:
    f.write("round\ttod_before\ttod_after\tclock_monotonic_ns\n")
    for k, t0, t1, s, ns in rounds:
        open("%s/page-%s.bin" % (sys.argv[2], k), "wb").write(bytes.fromhex(pages[k]))
        f.write("%s\t%s\t%s\t%d\n" % (k, t0, t1, int(s) * 10**9 + int(ns)))
print("%d rounds" % len(rounds))
PY
