#!/usr/bin/env bash
# Malformed scenarios: file:line:column, what was expected, exit 2, one stderr line, no crash.
# And a scenario whose expectation is inverted fails (exit 1). Usage: scenario_errors.sh VDSOSIM SOURCE_DIR
set -u
vdsosim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
img=$src/vdso_images/x86_64/6.18.44-fc-v669-live-vdso64.so
pass=0 fail=0
expect() { # expect "what" exit-code "stderr pattern" file
	local what=$1 code=$2 pat=$3 file=$4
	"$vdsosim" run "$file" >"$tmp/out" 2>"$tmp/err"
	local rc=$? lines
	lines=$(wc -l <"$tmp/err" | tr -d ' ')
	if [ "$rc" = "$code" ] && { [ "$code" != 2 ] || [ "$lines" = 1 ]; } && grep -q -- "$pat" "$tmp/err" "$tmp/out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "not ok: $what: exit $rc"
		sed 's/^/    /' "$tmp/err" "$tmp/out"
	fi
}
printf 'image: %s\nsteps:\n  - call: { function: time\n' "$img" >"$tmp/badyaml.yaml"
expect "bad YAML" 2 "badyaml.yaml:[0-9]*:[0-9]*: bad YAML" "$tmp/badyaml.yaml"
printf 'image: %s\nsteps:\n  - call: { function: time, colour: blue }\n' "$img" >"$tmp/unknown.yaml"
expect "unknown key" 2 "unknown.yaml:3:29: unknown key 'colour' in call (expected one of: function" "$tmp/unknown.yaml"
printf 'image: %s\nstate:\n  counter: twelve\nsteps: []\n' "$img" >"$tmp/type.yaml"
expect "wrong type" 2 "type.yaml:3:12: expected an unsigned integer, got 'twelve'" "$tmp/type.yaml"
printf 'image: %s\nsteps:\n  - call: { function: clock_gettime, expect: { path: fast } }\n' "$img" >"$tmp/value.yaml"
expect "bad value" 2 "value.yaml:3:54: expected vdso or syscall" "$tmp/value.yaml"
printf 'image: nowhere/vdso.so\nsteps:\n  - call: { function: time }\n' >"$tmp/missing.yaml"
expect "missing image" 2 "missing.yaml:1:8: .*nowhere/vdso.so: No such file" "$tmp/missing.yaml"
printf 'steps: []\n' >"$tmp/noimage.yaml"
expect "no image" 2 "noimage.yaml:1:1: the scenario needs 'image' or 'dump'" "$tmp/noimage.yaml"
printf '' >"$tmp/empty.yaml"
expect "empty file" 2 "empty.yaml:1:1: empty scenario" "$tmp/empty.yaml"
printf 'image: %s\nsteps:\n  - tick: { counter: 5, adj: 3 }\n' "$img" >"$tmp/misplaced.yaml"
expect "key in the wrong step" 2 "misplaced.yaml:3:30: 'adj' belongs to an ntp step" "$tmp/misplaced.yaml"
printf 'image: %s\nsteps: []\nsteps: []\n' "$img" >"$tmp/dup.yaml"
expect "duplicate key" 2 "dup.yaml:3:1: duplicate key 'steps' in the scenario" "$tmp/dup.yaml"
{ printf 'image: %s\nsteps:\n' "$img"; for i in $(seq 10001); do echo "  - advance: 1"; done; } >"$tmp/long.yaml"
expect "too many steps" 2 "long.yaml:3:3: more than 10000 steps" "$tmp/long.yaml"
{ printf 'image: %s\n' "$img"; head -c 1100000 /dev/zero | tr '\0' '#'; } >"$tmp/big.yaml"
expect "scenario too large" 2 "big.yaml:1:1: scenario larger than 1 MiB" "$tmp/big.yaml"
printf 'image: %s\nsteps:\n  - call: { function: getrandom, expect: { random: "XY" } }\n' "$img" >"$tmp/hex.yaml"
expect "bad hex" 2 "hex.yaml:3:52: expected the leading bytes in lower-case hex" "$tmp/hex.yaml"
# an inverted expectation must fail
sed 's/sec: 1767225601, nsec: 999/sec: 1767225601, nsec: 998/' "$src/tests/scenarios/bug09-time-behind-realtime.yaml" |
	sed "s|../../vdso_images|$src/vdso_images|" >"$tmp/inverted.yaml"
expect "inverted expectation" 1 "expected nsec 998, got 999" "$tmp/inverted.yaml"
sed 's/path: syscall, syscalls: 1, consistent: true/path: vdso, syscalls: 1, consistent: true/' "$src/tests/scenarios/bug03-clocksource-switch-mid-read.yaml" |
	sed "s|../../vdso_images|$src/vdso_images|" >"$tmp/inverted2.yaml"
expect "inverted path" 1 "expected the vdso path, took the syscall path" "$tmp/inverted2.yaml"
# an architecture this build cannot emulate is a skip (kselftest exit 4 when all skip)
printf 'image: %s\nsteps:\n  - call: { function: clock_gettime }\n' "$src/vdso_images/loongarch64/7.2.13+deb14-loong64-vdso.so" >"$tmp/loong.yaml"
expect "unemulated arch skips" 4 "SKIP" "$tmp/loong.yaml"
# an exec scenario means the same wherever the checkout lives (argv[0] is the program as written,
# not its resolved path, whose length moved the program's instruction counts and so its ticks)
# (the resolved path's length moved the program's instruction counts, so its ticks: one run in 16
# with paths 54 or 55 bytes long saw 2 retries); the scenario is named with 48 to 64 byte paths
deep=$tmp/checkout
mkdir -p "$deep/tests/scenarios" "$deep/tests/clients" "$deep/vdso_images/arm64"
cp "$src/tests/scenarios/exec-musl-arm64-tick.yaml" "$deep/tests/scenarios/"
cp "$src/tests/clients/libc_clock-musl-arm64" "$deep/tests/clients/"
cp "$src/vdso_images/arm64/7.2.13+deb14-cloud-arm64-vdso.so" "$deep/vdso_images/arm64/"
cd "$deep"
for pre in "" ./ .// ./// .//// .///// .////// .//////// .///////// .////////// .///////////; do
	expect "exec scenario named ${pre}tests/scenarios/..." 0 "1 passed" "${pre}tests/scenarios/exec-musl-arm64-tick.yaml"
done
cd - >/dev/null
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
