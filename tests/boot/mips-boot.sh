#!/bin/sh
# Boot a Debian MIPS kernel under QEMU (TCG) with tests/boot/mips-init.c as /init (n64; on 64-bit
# kernels also o32 and n32 builds as /init2 and /init3) and keep what it saw: the vDSO's own
# clock_gettime(CLOCK_MONOTONIC) bracketed by raw counter reads (R4K count or GIC), with the data
# page of each round, under OUTDIR/ABI/ (rounds.tsv, page-K.bin, image). A page file is the GIC
# slot as zeros (the GIC page is a device; the counter is given to vdsosim as a number) and then
# the data page, as `vdsosim call --vvar` takes them. Developer tool, not run by ctest: it needs
# qemu-system-mips, the cross compilers named below and the kernel package.
#   sh tests/boot/mips-boot.sh malta64|malta32|boston|loongson3 VMLINUZ IMAGE_PREFIX OUTDIR
# IMAGE_PREFIX names the images under vdso_images/, e.g. mips64el/6.12.95+deb12-mips64r6el
# (the ABI's is IMAGE_PREFIX-vdso-ABI.so).
#   malta64: -M malta -cpu 5KEf, a 5kc-malta kernel (R4K)    malta32: the same for 4kc-malta
#   boston: -M boston -cpu I6400, a mips64r6el kernel (GIC)   loongson3: -M loongson3-virt (R4K)
set -eu
board=$1 kernel=$2 prefix=$3 out=$4
src=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/proc"
cc64=mips64el-linux-gnuabi64-gcc cc32=mipsel-linux-gnu-gcc
append="console=ttyS0 quiet panic=-1 nokaslr" # a relocated kernel may land on the initrd
case $board in
malta64) qemu="qemu-system-mips64el -M malta -cpu 5KEf" ;;
malta32) qemu="qemu-system-mipsel -M malta -cpu 24Kf" cc64= ;;
loongson3) qemu="qemu-system-mips64el -M loongson3-virt -cpu Loongson-3A1000" ;;
boston) qemu="qemu-system-mips64el -M boston -cpu I6400"
	cc64=mipsisa64r6el-linux-gnuabi64-gcc cc32=mipsisa32r6el-linux-gnu-gcc ;;
*) echo "board: malta64, malta32, boston or loongson3" >&2; exit 2 ;;
esac
if [ -n "$cc64" ]; then
	$cc64 -static -O2 -o "$tmp/root/init" "$src/mips-init.c"
	$cc32 -static -O2 -o "$tmp/root/init2" "$src/mips-init.c"
	# n32 (libc6-dev-mipsn32-mips64el-cross, libn32gcc-12-dev-mips64el-cross); none for R6
	[ "$board" = boston ] || $cc64 -mabi=n32 -static -O2 -o "$tmp/root/init3" "$src/mips-init.c"
else
	$cc32 -static -O2 -o "$tmp/root/init" "$src/mips-init.c"
fi
(cd "$tmp/root" && find . | cpio -o -H newc 2>/dev/null | gzip >"$tmp/initrd.gz")
if [ "$board" = boston ]; then # Boston's ELF loader passes no initrd: load it and say where
	initrd="-device loader,file=$tmp/initrd.gz,addr=0x08000000,force-raw=on"
	append="$append rd_start=0xffffffff88000000 rd_size=$(stat -c %s "$tmp/initrd.gz")"
else
	initrd="-initrd $tmp/initrd.gz"
fi
timeout 300 $qemu -m 1G -nographic -no-reboot -kernel "$kernel" $initrd -append "$append" \
	>"$tmp/console.log" 2>&1 || true
python3 - "$tmp/console.log" "$out" "$prefix" <<'PY'
import os, re, sys
txt = open(sys.argv[1], errors="replace").read().replace("\r", "")
rounds = re.findall(r"^ROUND (\w+) (\d+) t0 (\d+) t1 (\d+) ts (-?\d+)\.(\d+) (\w+)", txt, re.M)
pages = {(a, k): h for a, k, h in re.findall(r"^PAGES (\w+) (\d+) ([0-9a-f]+)", txt, re.M)}
if not rounds:
    sys.exit("no rounds in the console output:\n" + txt[-2000:])
for abi in sorted({r[0] for r in rounds}):
    d = os.path.join(sys.argv[2], abi)
    os.makedirs(d, exist_ok=True)
    open(d + "/image", "w").write("%s-vdso-%s.so\n" % (sys.argv[3], abi))
    with open(d + "/rounds.tsv", "w") as f:
        f.write("round\tcounter_before\tcounter_after\tclock_monotonic_ns\n")
        for a, k, t0, t1, s, ns, mode in rounds:
            if a != abi:
                continue
            page = bytes.fromhex(pages[(a, k)])
            open("%s/page-%s.bin" % (d, k), "wb").write(bytes(len(page)) + page)
            f.write("%s\t%s\t%s\t%d\n" % (k, t0, t1, int(s) * 10**9 + int(ns)))
    print("%s: %d rounds (%s)" % (abi, sum(r[0] == abi for r in rounds), rounds[0][6]))
PY
