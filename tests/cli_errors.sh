#!/usr/bin/env bash
# Every kind of bad input: exit code 2, exactly one line on stderr naming the problem, no crash.
# Usage: cli_errors.sh VDSOSIM SOURCE_DIR
set -u
vdsosim=$1 src=$2
img=$src/vdso_images/x86_64/6.1.0-50-cloud-amd64-vdso64.so
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -c 3000 "$img" >"$tmp/truncated.so"
head -c 40 "$img" >"$tmp/tiny.so"
printf 'this is not an ELF file\n' >"$tmp/text.so"
perl -pe 's/__vdso_/__xxxx_/g' "$img" >"$tmp/notvdso.so"
head -c 100 /dev/zero >"$tmp/vvar-100.bin"
head -c 40960 /dev/zero >"$tmp/vvar-10pages.bin"

pass=0 fail=0
expect() { # expect "description" "stderr pattern" command...
	local what=$1 pat=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$? lines
	lines=$(wc -l <"$tmp/err" | tr -d ' ')
	if [ "$rc" = 2 ] && [ "$lines" = 1 ] && grep -q -- "$pat" "$tmp/err"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "not ok: $what: exit $rc, $lines stderr lines:"
		sed 's/^/    /' "$tmp/err"
	fi
}
expect "truncated image" "truncated.so: truncated" "$vdsosim" info "$tmp/truncated.so"
expect "tiny image" "tiny.so: truncated" "$vdsosim" call "$tmp/tiny.so" time
expect "not an ELF" "text.so: not an ELF" "$vdsosim" survey "$tmp/text.so"
expect "ELF but not a vDSO" "notvdso.so: not a vDSO" "$vdsosim" check "$tmp/notvdso.so"
expect "missing file" "nope.so: No such file" "$vdsosim" info "$tmp/nope.so"
expect "unknown clock name" "unknown clock 'CLOCK_BOGUS'" "$vdsosim" call "$img" clock_gettime CLOCK_BOGUS
expect "unknown function" "unknown function 'clock_settime'" "$vdsosim" call "$img" clock_settime
expect "vvar of the wrong size" "vvar-100.bin: \[vvar\] snapshot is 100 bytes" "$vdsosim" call "$img" clock_gettime monotonic --vvar "$tmp/vvar-100.bin"
expect "vvar too large" "vvar-10pages.bin: \[vvar\] snapshot is 40960 bytes" "$vdsosim" call "$img" clock_gettime --vvar "$tmp/vvar-10pages.bin"
expect "missing vvar file" "no-vvar.bin: No such file" "$vdsosim" call "$img" time --vvar "$tmp/no-vvar.bin"
expect "bad counter" "counter" "$vdsosim" call "$img" clock_gettime --counter banana
expect "bad date" "bad date 'yesterday'" "$vdsosim" call "$img" time --realtime yesterday
expect "unknown clocksource" "unknown clocksource" "$vdsosim" survey "$img" --clocksource sundial
expect "unknown command" "unknown command 'frobnicate'" "$vdsosim" frobnicate
expect "unknown option" "unknown option or missing value '--frob'" "$vdsosim" info --frob "$img"
expect "missing image argument" "expected one IMAGE" "$vdsosim" check
expect "unemulated architecture" "architecture s390x cannot be emulated yet" "$vdsosim" call "$src/vdso_images/s390x/6.1.0-50-s390x-vdso64.so" clock_gettime
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
