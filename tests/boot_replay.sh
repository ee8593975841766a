#!/bin/sh
# Real kernels booted under QEMU (tests/data/s390x-boot/, tests/data/mips-boot/*/, made by
# tests/boot/s390x-boot.sh and tests/boot/mips-boot.sh): the image's code run by vdsosim on each
# recorded data page must bracket what the real vDSO answered, between the counter read just before
# the call and the one just after (a few us apart; the first round of a boot, up to ~150 us, pays
# for QEMU translating the code). Each directory names its image in `image`. An image the linked
# Unicorn cannot run (64-bit MIPS on 2.0.1) is skipped and counted.
#   sh tests/boot_replay.sh VDSOSIM SRCDIR
vdsosim=$1 src=$2
pass=0 fail=0 skip=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT
answer() { # image page counter -> CLOCK_MONOTONIC in ns, served in the vDSO
	"$vdsosim" call "$1" clock_gettime CLOCK_MONOTONIC --vvar "$2" --counter "$3" 2>/dev/null |
		awk '/tv_sec/ { s = $2; n = $4 } /^  path/ { p = $2 } END { if (p == "vdso,") printf "%d%09d\n", s, n }'
}
for dir in "$src"/tests/data/s390x-boot/*/ "$src"/tests/data/mips-boot/*/*/; do
	img="$src/vdso_images/$(cat "$dir/image")"
	name=${dir#"$src"/tests/data/}
	"$vdsosim" call "$img" time >/dev/null 2>"$err"
	if [ $? = 2 ] && grep -q "the linked Unicorn" "$err"; then
		n=$(($(wc -l <"$dir/rounds.tsv") - 1))
		skip=$((skip + n))
		echo "# skipped: $name ($n rounds): $(cat "$err")"
		continue
	fi
	while IFS='	' read -r k t0 t1 real; do
		[ "$k" = round ] && continue
		lo=$(answer "$img" "$dir/page-$k.bin" "$t0") hi=$(answer "$img" "$dir/page-$k.bin" "$t1")
		if [ -n "$lo" ] && [ -n "$hi" ] && [ "$lo" -le "$real" ] && [ "$real" -le "$hi" ] &&
			[ $((hi - lo)) -lt 200000 ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "not ok: $name round $k: vdsosim [$lo, $hi], the real vDSO $real"
		fi
	done <"$dir/rounds.tsv"
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ] && [ $((pass + skip)) = 114 ] && [ "$pass" -ge 60 ]
