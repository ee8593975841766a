#!/usr/bin/env bash
# A program's own counter reads (x86_64 rdtsc and rdtscp, arm64 mrs cntvct_el0) are served by the
# model as the vDSO's are, never by the host: with --counter-per-insn 0 --counter-step 1000 the
# first two readings are exactly the state's counter and 1000 more; rdtscp's TSC_AUX is --cpu; two
# runs give the same bytes; per instruction, the two readings differ by the instructions between
# the two reads in the program's own disassembly (objdump); 100 reads are served and counted, and
# the instruction count does not depend on the values read.
# usage: program_counter.sh VDSOSIM SOURCE_DIR CLIENT_DIR
set -u
vdsosim=$1 src=$2 dir=$3
. "$src/tests/lib.sh"
for pair in x86_64:x86_64/7.2.13+deb14-cloud-amd64-vdso64.so arm64:arm64/7.3-cloud-arm64-vdso.so; do
	arch=${pair%%:*} img=$src/vdso_images/${pair#*:} prog=$dir/counter_read-${pair%%:*}
	[ -x "$prog" ] || { echo "# skip $arch (not built)"; continue; }
	out=$("$vdsosim" exec --counter-per-insn 0 --counter-step 1000 --cpu 3 "$img" "$prog")
	want="1000000000000 1000000001000 $([ $arch = x86_64 ] && echo 3 || echo 0)"
	[ "$out" = "$want" ] && ok "$arch: the program's two counter reads are the model's: $out" ||
		bad "$arch: printed '$out', want '$want'"
	a=$("$vdsosim" exec --report "$tmp/a.json" "$img" "$prog") b=$("$vdsosim" exec --report "$tmp/b.json" "$img" "$prog")
	[ "$a" = "$b" ] && cmp -s "$tmp/a.json" "$tmp/b.json" && ok "$arch: two runs, the same readings ($a) and report" ||
		bad "$arch: runs differ: '$a' / '$b'"
	# per instruction: the readings differ by the instructions from the first read to the second,
	# straight-line code in main: one of the distances between consecutive reads there
	set -- $a
	objdump=objdump
	[ $arch = arm64 ] && objdump=aarch64-linux-gnu-objdump
	gaps=$($objdump -d "$prog" 2>/dev/null | awk '/<main>:/ { m = 1; next } m && /^$/ { exit } m { n++ }
		m && /(rdtscp?|cntvct_el0)$/ { if (last) printf "%d ", n - last; last = n }')
	d=$(($2 - $1))
	case " $gaps " in
	*" $d "*) ok "$arch: per instruction, the readings are $d instructions apart, as in main's code (gaps: $gaps)" ;;
	*) bad "$arch: readings $d apart; main's reads are ${gaps:-?} apart" ;;
	esac
	"$vdsosim" exec --report "$tmp/l.json" "$img" "$prog" loop >/dev/null
	"$vdsosim" exec --counter-per-insn 0 --counter-step 7 --report "$tmp/m.json" "$img" "$prog" loop >/dev/null
	n=$(jq .program_counter_reads "$tmp/l.json") i1=$(jq .instructions "$tmp/l.json") i2=$(jq .instructions "$tmp/m.json")
	[ "$n" = 100 ] && [ "$i1" = "$i2" ] && ok "$arch: 100 reads served and counted; $i1 instructions whatever the values" ||
		bad "$arch: $n reads, $i1 / $i2 instructions"
done
exit $fail
