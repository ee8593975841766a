#!/bin/bash
# Layouts from debug info: every .dbg twin in vdso_images/ gives its image's table row field by
# field; a kernel beyond the table runs from its debug info exactly as the same image with its
# real version; debug info that lies, is cut short or belongs to another build is refused in one
# line (the table row where one fits, else exit 2).
# usage: debug_layout.sh VDSOSIM SRCDIR
V=$1 S=$2
. "$S/tests/lib.sh"
cd "$S" || exit 1

# 1. every twin equals its table row, read beside its stripped image and as an image itself
n=0
for dbg in $(awk -F'\t' 'NR > 1 && $1 ~ /\.dbg$/ { print "vdso_images/" $1 }' vdso_images/manifest.tsv); do
	img=${dbg%.dbg}
	for f in "$img" "$dbg"; do
		j=$("$V" info --json "$f") || { bad "$f: info failed"; continue; }
		src=$(jq -r '.layout_source.debug_info' <<<"$j") row=$(jq -r '.layout_source.table_row' <<<"$j")
		nd=$(jq '.layout_source.differences | length' <<<"$j")
		if [ "$src" = "$dbg" ] && [ "$row" != null ] && [ "$nd" = 0 ]; then
			n=$((n + 1))
		else
			bad "$f: layout from $src, table row $row, $nd differences: $(jq -c .layout_source.differences <<<"$j")"
		fi
	done
done
[ "$n" -ge 70 ] && ok "$((n / 2)) debug-info layouts (each beside its image and alone) equal their table rows" ||
	bad "only $n debug-info layouts checked"

# 1b. ppc64le images keep their DWARF as the kernel embeds them: each gives its table row (on a
# Unicorn that runs 64-bit PowerPC; ctest says what configure's probe found)
if [ "${VDSOSIM_UNICORN_PPC64:-OFF}" = ON ]; then
	n=0
	for f in vdso_images/ppc64le/*.so; do
		j=$("$V" info --json "$f") || { bad "$f: info failed"; continue; }
		src=$(jq -r '.layout_source.debug_info' <<<"$j") row=$(jq -r '.layout_source.table_row' <<<"$j")
		nd=$(jq '.layout_source.differences | length' <<<"$j")
		[ "$src" = "$f" ] && [ "$row" != null ] && [ "$nd" = 0 ] && n=$((n + 1)) ||
			bad "$f: layout from $src, table row $row, $nd differences: $(jq -c .layout_source.differences <<<"$j")"
	done
	[ "$n" = 6 ] && ok "6 ppc64le images: the layout from their own DWARF equals their table rows" ||
		bad "only $n ppc64le images checked"
fi

# 2. 7.9: beyond the table; with its debug info it runs as 7.3 does
I=vdso_images/x86_64/7.3-cloud-amd64-vdso64.so
python3 tools/setver.py "$I" "$tmp/v79.so" 7.9.0 && cp "$I.dbg" "$tmp/v79.so.dbg" && cp "$tmp/v79.so" "$tmp/alone.so"
cp "$I" "$tmp/v73.so" && cp "$I.dbg" "$tmp/v73.so.dbg"
out=$("$V" call "$tmp/alone.so" clock_gettime CLOCK_MONOTONIC 2>&1)
rc=$?
[ $rc = 2 ] && [ "$(wc -l <<<"$out")" = 1 ] && grep -q 'nearest table row, x86 6.17-7.3.*debug info would do' <<<"$out" &&
	ok "7.9 without debug info: exit 2, one line naming the nearest row" || bad "7.9 alone: rc $rc: $out"
norm() { sed -e "s|$tmp/v79.so|IMG|g; s|$tmp/v73.so|IMG|g; s|7\.9\.0|VER|g; s|7\.3\.0|VER|g"; }
for cmd in "check --cases 10000" "explore" "survey"; do
	a=$("$V" $cmd "$tmp/v79.so" 2>&1 | norm) ra=$?
	b=$("$V" $cmd "$tmp/v73.so" 2>&1 | norm)
	[ -n "$a" ] && [ "$a" = "$b" ] && ok "7.9 with debug info: $cmd as 7.3 ($(wc -l <<<"$a") lines)" ||
		bad "7.9 $cmd differs from 7.3: $(diff <(echo "$a") <(echo "$b") | head -5)"
done
"$V" info "$tmp/v79.so" | grep -q '^table row:    none for 7.9.0; clock modes and delta math from x86 6.17-7.3' &&
	ok "info says the layout came from debug info, beyond the table" || bad "info of 7.9: $("$V" info "$tmp/v79.so" | sed -n 6,8p)"

# 3. debug info that can't be used
lie() { # NAME C-BODY: a copy of the 7.3 image carrying this DWARF instead of its own
	printf '%s\n' "typedef unsigned long long u64; typedef unsigned u32; typedef int s32;" \
		"struct vdso_timestamp { u64 sec, nsec; };" "$2" "struct vdso_time_data vdso_u_time_data_v;" >"$tmp/$1.c"
	gcc -g -shared -nostdlib -o "$tmp/$1.dw" "$tmp/$1.c" || return 1
	args=
	for s in .debug_info .debug_abbrev .debug_str .debug_line_str; do
		objcopy --dump-section $s="$tmp/$1$s" "$tmp/$1.dw" 2>/dev/null && [ -s "$tmp/$1$s" ] &&
			args="$args --add-section $s=$tmp/$1$s"
	done
	objcopy $args "$I" "$tmp/$1.so"
}
clock='struct vdso_clock { u32 seq; s32 clock_mode; u64 cycle_last; u64 max_cycles; u64 mask; MULT; u32 shift; struct vdso_timestamp basetime[BASES]; };'
tdata='struct vdso_time_data { struct vdso_clock clock_data[2]; struct vdso_clock aux_clock_data[8]; s32 tz_minuteswest; s32 tz_dsttime; RES; u32 __unused; };'
mk() { sed -e "s/MULT/$2/; s/BASES/$3/; s/RES/$4/" <<<"$clock $tdata" | { read -r body; lie "$1" "$body"; }; }
mk mult 'u64 mult' 12 'u32 hrtimer_res' && mk bases 'u32 mult' 4 'u32 hrtimer_res' && mk nores 'u32 mult' 12 'u32 hrtimer_pad'
for c in "mult|struct vdso_clock: mult is 8 bytes, the model writes 4" \
	"bases|struct vdso_clock: basetime has 4 entries, fewer than the 12 clock ids served" \
	"nores|struct vdso_time_data has no member hrtimer_res"; do
	name=${c%%|*} why=${c#*|}
	# a version the table knows: the table row, and one line saying why the debug info is not used
	"$V" info "$tmp/$name.so" | grep -qF "debug info:   not used: $tmp/$name.so: $why" &&
		"$V" call "$tmp/$name.so" clock_gettime CLOCK_MONOTONIC | grep -q 'tv_sec 1000  tv_nsec 999999' &&
		ok "DWARF $name: not used ($why), the table row answers" || bad "DWARF $name: $("$V" info "$tmp/$name.so" | grep debug)"
	python3 tools/setver.py "$tmp/$name.so" "$tmp/$name-79.so" 7.9.0
	out=$("$V" call "$tmp/$name-79.so" clock_gettime CLOCK_MONOTONIC 2>&1)
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l <<<"$out")" = 1 ] && grep -qF "$why" <<<"$out" &&
		ok "DWARF $name beyond the table: exit 2, one line" || bad "DWARF $name 7.9: rc $rc: $out"
done

# a twin of another build, and a twin cut short
A=vdso_images/x86_64/7.2.13+deb14-cloud-amd64-vdso64.so
cp "$A" "$tmp/wrong.so" && cp "$I.dbg" "$tmp/wrong.so.dbg"
cp "$A" "$tmp/cut.so" && head -c 20000 "$A.dbg" >"$tmp/cut.so.dbg"
for c in "wrong|belongs to another build than $tmp/wrong.so" "cut|truncated"; do
	name=${c%%|*} why=${c#*|}
	"$V" info "$tmp/$name.so" | grep 'debug info:   not used:' | grep -qF "$why" &&
		"$V" call "$tmp/$name.so" clock_gettime CLOCK_MONOTONIC | grep -q 'tv_sec 1000  tv_nsec 999999' &&
		ok "twin $name: not used ($why), the table row answers" || bad "twin $name: $("$V" info "$tmp/$name.so" | grep debug)"
	python3 tools/setver.py "$tmp/$name.so" "$tmp/$name-79.so" 7.9.0 && mv "$tmp/$name.so.dbg" "$tmp/$name-79.so.dbg"
	out=$("$V" call "$tmp/$name-79.so" clock_gettime CLOCK_MONOTONIC 2>&1)
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l <<<"$out")" = 1 ] && grep -qF "$name-79.so.dbg" <<<"$out" &&
		ok "twin $name beyond the table: exit 2, one line" || bad "twin $name 7.9: rc $rc: $out"
done
exit $fail
