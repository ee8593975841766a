#!/bin/sh
# Runs the five libFuzzer harnesses, SECONDS each (default 600), two at a time, from seeds:
# the images, the scenario library, and one emulate input per image and function.
#   sh fuzz/run.sh BUILD_DIR [SECONDS]    (BUILD_DIR configured with -DVDSOSIM_FUZZ=ON, clang)
set -eu
build=$1 secs=${2:-600}
src=$(cd "$(dirname "$0")/.." && pwd)
work=${FUZZ_WORK:-$build/fuzz-work}
mkdir -p "$work/loader" "$work/scenario" "$work/emulate" "$work/program" "$work/sysroot" "$work/seed-loader" "$work/seed-emulate"
find "$src/vdso_images" -name '*.so' -o -name '*.so.dbg' | while read -r f; do cp "$f" "$work/seed-loader/"; done
python3 - "$work/seed-emulate" <<'PY'
import struct, sys
for sel in list(range(10)) + [0x80 | i for i in range(10)]:
    for func in list(range(5)) + [8]:  # and getrandom (the clock byte is its length / 4)
        with open(f"{sys.argv[1]}/img{sel:02x}-f{func}", "wb") as f:
            f.write(bytes([sel, func, 1]) + struct.pack("<Q", 1000002600000) + b"\0")
PY
run() { # target seeds...
	t=$1; shift
	"$build/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$work/crash-$t-" "$work/$t" "$@" >"$work/$t.log" 2>&1 || echo "$t: FAILED, see $work/$t.log"
	echo "$t: $(grep -E '^stat::number_of_executed_units' "$work/$t.log")"
}
run emulate "$work/seed-emulate" & p1=$!
{ run loader "$work/seed-loader"; run scenario "$src/tests/scenarios"; run program "$src/fuzz/regressions/program";
	run sysroot "$src/fuzz/regressions/sysroot"; } & p2=$!
wait $p1 $p2
