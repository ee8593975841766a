#!/bin/bash
# Source-level mutants of a kernel tree's vDSO, each the shape of a real bug or a plausible slip,
# built by editing the tree (and put back after), each run through the vdsosim command meant to
# catch it; and one patch that only changes the data layout, which must run clean because the
# layout comes from the build's debug info. Prints the mutation table; exit 1 when a mutant
# escapes or the layout-only patch is not clean.
# usage: kernel-mutants.sh VDSOSIM SRC OUT
#   OUT: where tools/kernel-vdso.sh built SRC (its build-ARCH trees are rebuilt in place)
set -u
v=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") src=$(cd "$2" && pwd) out=$(cd "$3" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
restore=
trap 'rm -rf "$tmp"; [ -n "$restore" ] && cp "$restore" "$src/$file"' EXIT
# name | arch | file | perl substitution (one match required) | catcher | what it imitates
mutants=(
	'seq-retry-dropped|x86_64|include/vdso/helpers.h|s/return unlikely\(seq != start\);/return false;/|explore|a reader that never retries (the seqcount protocol)'
	'seq-barrier-moved|arm64|include/vdso/helpers.h|s/(vdso_read_retry.*?\{.*?)\tsmp_rmb\(\);\n(\tseq = READ_ONCE\(vc->seq\);\n)/$1$2\tsmp_rmb();\n/s|explore|the retry read of seq hoisted above its barrier'
	'negative-delta-guard|x86_64|arch/x86/include/asm/vdso/gettimeofday.h|s/\t\tif \(delta & \(1ULL << 62\)\)\n\t\t\treturn base >> vc->shift;\n//|scenario bug01-behind-cycle-last|known bug 1: a TSC behind cycle_last'
	'mult-32bit|arm64|lib/vdso/gettimeofday.c|s/return vdso_shift_ns\(\(delta \* vc->mult\) \+ base, vc->shift\);/return vdso_shift_ns((u32)(delta * vc->mult) + base, vc->shift);/|check|mult and shift applied in 32 bits'
	'timens-wrong-clock|x86_64|lib/vdso/gettimeofday.c|s/(bool do_hres_timens\(.*?)&vcns->offset\[clk\]/$1&vcns->offset[CLOCK_MONOTONIC]/s|scenario timens-offsets|the timens offset of another clock applied'
	'getres-hres|x86_64|lib/vdso/gettimeofday.c|s/ns = READ_ONCE\(vd->hrtimer_res\);/ns = LOW_RES_NSEC;/|check|clock_getres of the hres clocks answering the tick'
	'rng-generation-dropped|x86_64|lib/vdso/getrandom.c|s/if \(unlikely\(state->generation != current_generation\)\) \{/if (0) {/|scenario bug24-getrandom-keyed-once|getrandom never rekeying'
	'layout-only|x86_64|include/vdso/datapage.h|s/(struct vdso_clock \{\n\tu32\t+seq;\n)/$1\tu32\t\t\tlayout_only_pad[4];\n/|check explore|(layout only) a field added to struct vdso_clock'
)
# the vDSO directories and image names kernel-vdso.sh uses
dirs_of() { case $1 in x86_64) echo arch/x86/entry/vdso ;; arm64) echo "arch/arm64/kernel/vdso arch/arm64/kernel/vdso32" ;; esac; }
karch() { case $1 in x86_64) echo "x86 x86_64-linux-gnu-" ;; arm64) echo "arm64 aarch64-linux-gnu-" ;; esac; }
build() { # ARCH: rebuild its vDSO directories
	local a=$1 k c
	read -r k c <<<"$(karch "$a")"
	for d in $(dirs_of "$a"); do
		make -C "$src" O="$out/build-$a" ARCH=$k CROSS_COMPILE=$c CROSS_COMPILE_COMPAT=arm-linux-gnueabihf- \
			-j"${JOBS:-2}" "$d/" >>"$tmp/build.log" 2>&1 || return 1
	done
	local main=$out/build-$a/$(dirs_of "$a" | cut -d' ' -f1)
	case $a in x86_64) echo "$main/vdso64/vdso64.so" ;; arm64) echo "$main/vdso.so" ;; esac
}
catch() { # CATCHER IMAGE: 0 when caught, the finding in $tmp/finding
	local img=$1
	shift
	local rc=0
	case $1 in
	scenario)
		local y=$here/tests/scenarios/$2.yaml
		sed -e "s|^image: .*|image: $img|" -e "s|: \.\./|: $here/tests/scenarios/../|g" "$y" >"$tmp/sc.yaml"
		"$v" run --tap "$tmp/sc.yaml" >"$tmp/run.out" 2>&1 || rc=1
		grep -m1 -A3 '^not ok' "$tmp/run.out" | tr '\n' ' ' | cut -c1-200 >"$tmp/finding" ;;
	*)
		for c in "$@"; do
			case $c in check) "$v" check "$img" --cases 10000 --quiet >"$tmp/run.out" 2>&1 || rc=1 ;;
			*) "$v" "$c" "$img" --quiet >"$tmp/run.out" 2>&1 || rc=1 ;; esac
			[ $rc = 0 ] || break
		done
		grep -m1 -v '^ *$' "$tmp/run.out" | cut -c1-200 >"$tmp/finding" ;;
	esac
	[ $rc = 1 ]
}
printf '| mutant | arch | file | command | verdict | seconds | finding |\n|---|---|---|---|---|---|---|\n'
escaped=0
for m in "${mutants[@]}"; do
	IFS='|' read -r name arch file subst catcher what <<<"$m"
	[ -d "$out/build-$arch" ] || { echo "| $name | $arch | $file | $catcher | not built (run kernel-vdso.sh $arch first) | | |"; escaped=1; continue; }
	cp "$src/$file" "$tmp/orig"
	restore=$tmp/orig
	perl -0pi -e "\$n = ($subst); END { exit(\$n ? 0 : 3) }" "$src/$file" ||
		{ echo "| $name | $arch | $file | $catcher | the edit does not apply to this tree | | |"; escaped=1; cp "$tmp/orig" "$src/$file"; restore=; continue; }
	img=$(build "$arch") || { echo "| $name | $arch | $file | $catcher | does not build | | |"; escaped=1; cp "$tmp/orig" "$src/$file"; restore=; continue; }
	cp "$img" "$tmp/m.so" && cp "$img.dbg" "$tmp/m.so.dbg"
	cp "$tmp/orig" "$src/$file"
	restore=
	t0=$(date +%s.%N)
	if catch "$tmp/m.so" $catcher; then verdict=caught; else verdict=clean; fi
	secs=$(echo "$(date +%s.%N) - $t0" | bc | sed 's/^\./0./; s/\(\.[0-9][0-9]\).*/\1/')
	case $name:$verdict in layout-only:clean | *:caught) ;; *) escaped=1; verdict="**$verdict**" ;; esac
	[ "$name" = layout-only ] && verdict="$verdict; layout: $("$v" info "$tmp/m.so" | sed -n 's/^table row: *//p')"
	echo "| $name ($what) | $arch | $file | ${catcher} | $verdict | $secs | $(cat "$tmp/finding") |"
done
# leave the trees as they were built
for a in x86_64 arm64; do [ -d "$out/build-$a" ] && build "$a" >/dev/null; done
exit $escaped
