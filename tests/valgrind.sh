#!/usr/bin/env bash
# The main CLI paths under valgrind memcheck: no invalid access, no uninitialised use, no
# definite or indirect leak. Skips (77) without valgrind. Usage: valgrind.sh VDSOSIM SOURCE_DIR
set -u
vdsosim=$1 src=$(cd "$2" && pwd)
command -v valgrind >/dev/null || { echo "valgrind not installed: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
x64=$src/vdso_images/x86_64/6.18.44-fc-v669-live-vdso64.so
a64=$src/vdso_images/arm64/6.12.95+deb12-cloud-arm64-vdso.so
head -c 3000 "$x64" >"$tmp/truncated.so"
pass=0 fail=0
vg() { # vg expected-exit args...
	local want=$1; shift
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect "$vdsosim" "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ "$rc" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "not ok: vdsosim $*: exit $rc (wanted $want)"
		sed 's/^/    /' "$tmp/err" | head -40
	fi
}
vg 0 info "$x64" --json
vg 0 call "$x64" clock_gettime monotonic --inject tick@load:3 --json
vg 0 call "$a64" gettimeofday
vg 0 call "$x64" getrandom --len 300 --json
vg 0 survey "$x64" --json
vg 0 check "$x64" --cases 200 -j 2
vg 0 explore "$x64" clock_gettime monotonic --event tsc-to-hpet --json
vg 0 run --junit "$tmp/j.xml" "$src/tests/scenarios/bug03-clocksource-switch-mid-read.yaml" \
	"$src/tests/data/live-6.18.44/replay.yaml"
vg 0 run --html "$tmp/t.html" "$src/tests/scenarios/bug02-beyond-max-cycles-unprotected.yaml" \
	"$src/tests/scenarios/timeline-running-counter.yaml"
vg 0 report "$x64" "$a64" "$src/vdso_images/ppc64le/6.1.0-50-powerpc64le-vdso64.so" -o "$tmp/r.html"
vg 0 report --markdown "$x64" "$a64"
vg 0 explore "$x64" "$a64" clock_gettime monotonic --event tick --no-pairs --json
vg 2 report "$x64" "$tmp/truncated.so"
vg 2 info "$tmp/truncated.so"
vg 2 call "$x64" clock_gettime --counter banana
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
