#!/bin/sh
# Real kernels booted under QEMU (tests/data/s390x-boot/, tests/data/ppc64le-boot/,
# tests/data/mips-boot/*/, made by tests/boot/bracket-boot.sh and tests/boot/mips-boot.sh): the
# image's code run by vdsosim on each
# recorded data page must bracket what the real vDSO answered, between the counter read just before
# the call and the one just after (a few us apart; the first round of a boot, up to ~150 us, pays
# for QEMU translating the code). Each directory names its image in `image`. An image the linked
# Unicorn cannot run (64-bit MIPS on 2.0.1, ppc64le on any unpatched one) is skipped and counted. A
# page kept as its first 4 KiB (where all of a ppc64 64K page's data lies) is replayed zero-padded
# to the image's page size.
#   sh tests/boot_replay.sh VDSOSIM SRCDIR
vdsosim=$1 src=$2
pass=0 fail=0 skip=0
err=$(mktemp) page=$(mktemp)
trap 'rm -f "$err" "$page"' EXIT
answer() { # image page counter -> CLOCK_MONOTONIC in ns, served in the vDSO
	"$vdsosim" call "$1" clock_gettime CLOCK_MONOTONIC --vvar "$2" --counter "$3" 2>/dev/null |
		awk '/tv_sec/ { s = $2; n = $4 } /^  path/ { p = $2 } END { if (p == "vdso,") { v = sprintf("%d%09d", s, n); sub(/^0+/, "", v); print v } }'
}
for dir in "$src"/tests/data/s390x-boot/*/ "$src"/tests/data/ppc64le-boot/*/ "$src"/tests/data/mips-boot/*/*/; do
	img="$src/vdso_images/$(cat "$dir/image")"
	name=${dir#"$src"/tests/data/}
	"$vdsosim" call "$img" time >/dev/null 2>"$err"
	if [ $? = 2 ] && grep -q "the linked Unicorn" "$err"; then
		n=$(($(wc -l <"$dir/rounds.tsv") - 1))
		skip=$((skip + n))
		echo "# skipped: $name ($n rounds): $(cat "$err")"
		continue
	fi
	ps=$("$vdsosim" info --json "$img" | jq '-.data_pages[-1].offset')
	while IFS='	' read -r k t0 t1 real; do
		[ "$k" = round ] && continue
		cp "$dir/page-$k.bin" "$page"
		[ "$(wc -c <"$page")" -lt "$ps" ] && truncate -s "$ps" "$page"
		lo=$(answer "$img" "$page" "$t0") hi=$(answer "$img" "$page" "$t1")
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
[ "$fail" = 0 ] && [ $((pass + skip)) = 150 ] && [ "$pass" -ge 60 ]
