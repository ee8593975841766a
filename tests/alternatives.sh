#!/usr/bin/env bash
# Boot-time alternatives against real boots: Debian's x86_64 5.10, 6.1 and 6.12 kernels and its
# arm64 6.12 kernel booted under QEMU (tests/boot/boot-dump.sh) for several emulated CPUs; the vDSO
# each mapped is kept
# with the guest's /proc/cpuinfo (tests/data/boot/). `vdsosim patch` of the unpatched image for
# that cpuinfo must give the booted bytes exactly (and differ from the unpatched image: every
# boot patched something). Malformed alternatives get one message and exit 2.
#   tests/alternatives.sh VDSOSIM SRCDIR
set -uo pipefail
vdsosim=$(realpath "$1")
cd "$2"
. tests/lib.sh
n=0
for d in tests/data/boot/*; do
	img=$(cat "$d/image.txt")
	"$vdsosim" patch "$img" --cpu-flags @"$d/cpuinfo.txt" -o "$tmp/p.so" --json >"$tmp/p.json" 2>"$tmp/err" ||
		{ bad "$d: patch failed: $(cat "$tmp/err")"; continue; }
	changed=$(cmp -l "$img" "$d/vdso64-booted.so" | wc -l)
	if cmp -s "$tmp/p.so" "$d/vdso64-booted.so" && [ "$changed" -gt 0 ] &&
		[ "$(jq .bytes_changed "$tmp/p.json")" = "$changed" ]; then
		n=$((n + 1))
		ok "$(basename "$d") ($(cat "$d/qemu-cpu.txt")): identical to the boot, $changed bytes patched, $(jq -c '[.alternatives[]|select(.applied)|.feature]|unique' "$tmp/p.json")"
	else
		bad "$(basename "$d"): $(cmp -l "$tmp/p.so" "$d/vdso64-booted.so" | head -3 | tr '\n' ' ')"
	fi
done
[ "$n" -ge 17 ] || bad "only $n boots compared"

# what the kernel derives: lfence_rdtsc needs SSE2 and Intel/AMD/Hygon; rdtscp wins over it
x=vdso_images/x86_64/6.12.95+deb12-cloud-amd64-vdso64.so
applied() { "$vdsosim" patch "$x" "$@" -o "$tmp/q.so" --json | jq -c '[.alternatives[]|select(.applied)|.feature]|unique'; }
[ "$(applied --cpu-vendor intel --cpu-flags sse2)" = '["lfence_rdtsc"]' ] && ok "intel + sse2: lfence_rdtsc" || bad "intel + sse2: $(applied --cpu-vendor intel --cpu-flags sse2)"
[ "$(applied --cpu-vendor centaur --cpu-flags sse2)" = '[]' ] && ok "centaur: no lfence_rdtsc derived" || bad "centaur: $(applied --cpu-vendor centaur --cpu-flags sse2)"
[ "$(applied --cpu icelake-server)" = '["lfence_rdtsc","rdpid","rdtscp"]' ] && ok "icelake-server: rdtscp and rdpid" || bad "icelake: $(applied --cpu icelake-server)"
site=$("$vdsosim" patch "$x" --cpu icelake-server -o "$tmp/q.so" --json | jq -r '[.alternatives[]|select(.applied and .feature == "rdtscp")][0].site')
[ "$(od -An -tx1 -j $((site)) -N5 "$tmp/q.so" | tr -d ' ')" = 0f01f96690 ] && ok "icelake-server: rdtscp and a 2-byte NOP at $site" ||
	bad "icelake-server at $site: $(od -An -tx1 -j $((site)) -N5 "$tmp/q.so")"
# the patched image runs: rdtscp is a counter site like rdtsc
"$vdsosim" call "$x" clock_gettime monotonic --cpu icelake-server --json | jq -e '.path == "vdso" and .tv_sec == 1000' >/dev/null &&
	ok "call --cpu icelake-server serves CLOCK_MONOTONIC in the vDSO" || bad "call --cpu icelake-server"

# vdso32 patched for Intel (sysenter) and AMD (syscall): __kernel_vsyscall's fast paths answer
# every call as the model does (the kernel returns to the landing pad past `int $0x80`)
for cpu in skylake qemu-max; do
	"$vdsosim" check vdso_images/x86_64/6.12.95+deb12-cloud-amd64-vdso32.so --cpu $cpu --cases 500 --json >"$tmp/c.json"
	[ "$(jq -c '[.mismatches, .errors]' "$tmp/c.json")" = '[0,0]' ] && ok "vdso32 --cpu $cpu: check 500 cases, 0 mismatches" ||
		bad "vdso32 --cpu $cpu: $(jq -c '[.mismatches, .errors]' "$tmp/c.json")"
done
"$vdsosim" call vdso_images/i386/6.1.0-50-686-vdso32.so clock_gettime 2 --cpu skylake --trace | grep -q 'syscall 265 clock_gettime' &&
	ok "686 vdso32 --cpu skylake: the syscall through sysenter" || bad "686 sysenter"

# malformed .altinstructions (6.1: 12-byte entries at 0xced): one message, exit 2, nothing written
y=vdso_images/x86_64/6.1.0-50-cloud-amd64-vdso64.so
mutate() { perl -e 'open F, "<", $ARGV[0]; binmode F; local $/; $d = <F>; substr($d, hex($ARGV[1]), length($ARGV[2]) / 2) = pack("H*", $ARGV[2]); print $d' "$y" "$1" "$2" >"$tmp/m.so"; }
expect() { # expect WHAT PATTERN
	rm -f "$tmp/out.so"
	"$vdsosim" patch "$tmp/m.so" --cpu qemu64 -o "$tmp/out.so" >"$tmp/out" 2>"$tmp/err"
	local r=$?
	[ $r = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "$2" "$tmp/err" && [ ! -e "$tmp/out.so" ] &&
		ok "$1: '$(cat "$tmp/err")'" || bad "$1: exit $r, $(cat "$tmp/err")"
}
mutate 0xcf5 ff7f && expect "an unknown feature number" "feature 32767 = word 1023 bit 31.*not one the vDSO tests"
mutate 0xced ffffff7f && expect "a site outside the image" "its site lies outside the image"
mutate 0xcf8 09 && expect "a replacement longer than its site" "replacement is longer than its site"
mutate 0xcf1 ffff0000 && expect "a replacement outside its section" "replacement lies outside .altinstr_replacement"
exit $fail
