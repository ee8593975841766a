#!/bin/sh
# Real s390x kernels booted under QEMU (tests/data/s390x-boot/, made by tests/boot/s390x-boot.sh):
# the image's code run by vdsosim on each recorded time page must bracket what the real vDSO
# answered, between the TOD read just before the call and the one just after (a few us apart; the
# first round of each boot, about 100 us, pays for QEMU translating the code).
#   sh tests/s390x_boot.sh VDSOSIM SRCDIR
vdsosim=$1 src=$2
pass=0 fail=0
answer() { # image page counter -> CLOCK_MONOTONIC in ns, served in the vDSO
	"$vdsosim" call "$1" clock_gettime CLOCK_MONOTONIC --vvar "$2" --counter "$3" |
		awk '/tv_sec/ { s = $2; n = $4 } /^  path/ { p = $2 } END { if (p == "vdso,") printf "%d%09d\n", s, n }'
}
for dir in "$src"/tests/data/s390x-boot/*/; do
	ver=$(basename "$dir")
	img="$src/vdso_images/s390x/$ver-s390x-vdso64.so"
	while IFS='	' read -r k t0 t1 real; do
		[ "$k" = round ] && continue
		lo=$(answer "$img" "$dir/page-$k.bin" "$t0") hi=$(answer "$img" "$dir/page-$k.bin" "$t1")
		if [ -n "$lo" ] && [ -n "$hi" ] && [ "$lo" -le "$real" ] && [ "$real" -le "$hi" ] &&
			[ $((hi - lo)) -lt 200000 ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "not ok: $ver round $k: vdsosim [$lo, $hi], the real vDSO $real"
		fi
	done <"$dir/rounds.tsv"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -ge 24 ]
