#!/bin/sh
# The baseline a tree's verdict is measured against: boot the tree's own x86_64 kernel under QEMU
# (TCG) with the vDSO selftests in an initramfs (tests/boot/selftests-init.c as /init).
#   sh tools/kernel-boot-selftests.sh BZIMAGE SELFTESTS_DIR   (SELFTESTS_DIR/x86_64/vdso_test_*)
set -eu
kernel=$1 st=$2
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/proc"
gcc -static -O2 -o "$tmp/root/init" "$here/tests/boot/selftests-init.c"
for t in vdso_test_abi vdso_test_gettimeofday vdso_test_getcpu vdso_test_correctness vdso_test_getrandom \
	vdso_standalone_test_x86; do
	[ -x "$st/x86_64/$t" ] && cp "$st/x86_64/$t" "$tmp/root/"
done
(cd "$tmp/root" && find . | cpio -o -H newc 2>/dev/null | gzip >"$tmp/initrd.gz")
timeout 600 qemu-system-x86_64 -M pc -cpu max -m 512 -nographic -no-reboot -kernel "$kernel" -initrd "$tmp/initrd.gz" \
	-append 'console=ttyS0 quiet panic=-1' >"$tmp/console.log" 2>&1 || true
grep -a '^SELFTEST' "$tmp/console.log" | tr -d '\r'
grep -aq '^SELFTESTS-DONE [0-9]* passed, 0 failed' "$tmp/console.log"
