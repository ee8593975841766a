#!/bin/sh
# Boot a Debian kernel under QEMU (TCG) with tests/boot/vdso-dump-init.c as /init and keep the
# vDSO as that kernel patched it at boot for the emulated CPU, with the guest's /proc/cpuinfo:
# the proof that `vdsosim patch` of the unpatched image for that CPU gives the same bytes.
# Developer tool, not run by ctest (it needs qemu-system-x86 or -arm, a cross compiler and the
# kernel package); its output is kept under tests/data/boot/.
#   sh tests/boot/boot-dump.sh x86_64|i386|arm64|s390x VMLINUZ QEMU_CPU OUTDIR
# (i386: a 32-bit /init on an x86_64 kernel, whose [vdso] is the kernel's vdso32)
set -eu
arch=$1 kernel=$2 cpu=$3 out=$4
src=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/proc" "$out"
case $arch in
x86_64)
	gcc -static -O2 -o "$tmp/root/init" "$src/vdso-dump-init.c"
	qemu="qemu-system-x86_64 -M pc -cpu $cpu -append 'console=ttyS0 quiet panic=-1'" ;;
i386)
	i686-linux-gnu-gcc -static -O2 -o "$tmp/root/init" "$src/vdso-dump-init.c"
	qemu="qemu-system-x86_64 -M pc -cpu $cpu -append 'console=ttyS0 quiet panic=-1'" ;;
arm64)
	aarch64-linux-gnu-gcc -static -O2 -o "$tmp/root/init" "$src/vdso-dump-init.c"
	qemu="qemu-system-aarch64 -M virt -cpu $cpu -append 'console=ttyAMA0 quiet panic=-1'" ;;
s390x)
	s390x-linux-gnu-gcc -static -O2 -o "$tmp/root/init" "$src/vdso-dump-init.c"
	qemu="qemu-system-s390x -M s390-ccw-virtio -cpu $cpu -append 'console=ttysclp0 quiet panic=-1'" ;;
*) echo "arch: x86_64, i386, arm64 or s390x" >&2; exit 2 ;;
esac
(cd "$tmp/root" && find . | cpio -o -H newc 2>/dev/null | gzip >"$tmp/initrd.gz")
eval timeout 300 "$qemu" -m 512 -nographic -no-reboot -kernel "$kernel" -initrd "$tmp/initrd.gz" \
	>"$tmp/console.log" 2>&1 || true
python3 - "$tmp/console.log" "$out" "$cpu" <<'PY'
import re, sys
txt = open(sys.argv[1], errors="replace").read().replace("\r", "")
m = re.search(r"^VDSO-BEGIN [0-9a-f]+ (\d+)\n(.*?)^VDSO-END", txt, re.M | re.S)
c = re.search(r"^CPUINFO-BEGIN\n(.*?)^CPUINFO-END", txt, re.M | re.S)
if not m or not c:
    sys.exit("no vDSO in the console output:\n" + txt[-2000:])
data = bytes.fromhex("".join(l[2:] for l in m.group(2).split("\n") if l.startswith("V ")))
open(sys.argv[2] + "/vdso-mapped.bin", "wb").write(data[: int(m.group(1))])
open(sys.argv[2] + "/cpuinfo.txt", "w").write(c.group(1))
open(sys.argv[2] + "/qemu-cpu.txt", "w").write(sys.argv[3] + "\n")
print("%d bytes of vDSO, %d lines of cpuinfo" % (int(m.group(1)), c.group(1).count("\n")))
PY
