#!/usr/bin/env bash
# vdsosim audit: over every emulated bundled image (quick: three) no function changes a
# callee-saved or platform register, stores outside its memory or uses more than its red zone;
# copies mutated to clobber rbx and to store 129 bytes below the stack pointer are caught; the
# x86_64 vgetrandom names SSE registers and the FPSIMD-patched arm64 one NEON registers;
# --stack-limit names the function and path that would fault; bad arguments get exit 2.
#   tests/audit.sh VDSOSIM SRCDIR [all|quick]
set -uo pipefail
vdsosim=$(realpath "$1")
cd "$2"
. tests/lib.sh
x=vdso_images/x86_64/6.12.95+deb12-cloud-amd64-vdso64.so
a=vdso_images/arm64/7.2.13+deb14-cloud-arm64-vdso.so
if [ "${3:-all}" = all ]; then
	imgs=()
	for f in $(awk -F'\t' 'NR > 1 && $1 !~ /\.dbg$/ { print "vdso_images/" $1 }' vdso_images/manifest.tsv); do
		[ "$("$vdsosim" info "$f" --json 2>/dev/null | jq -r '.emulation // "yes"')" = yes ] && imgs+=("$f")
	done
else
	imgs=("$x" "$a" vdso_images/riscv64/7.2.13+deb14-riscv64-vdso.so)
fi
"$vdsosim" audit "${imgs[@]}" -j 2 --quiet --json >"$tmp/all.json"
rc=$?
v=$(jq '[.images[] | .functions[] | select((.callee_saved_clobbered|length) > 0 or (.platform_clobbered|length) > 0 or .writes_outside > 0)] | length' "$tmp/all.json")
[ $rc = 0 ] && [ "$v" = 0 ] && ok "${#imgs[@]} images: 0 callee-saved or platform registers changed, 0 stores outside" ||
	bad "exit $rc, $v functions with violations"
jq -e '[.images[] | select(.abi == "x86-64 System V") | .functions[] | .red_zone_bytes] | max <= 128' "$tmp/all.json" >/dev/null &&
	ok "x86-64: red-zone use within 128 bytes" || bad "red zone: $(jq -c '[.images[].functions[].red_zone_bytes]|max' "$tmp/all.json")"
"$vdsosim" audit "$x" --json >"$tmp/x.json"
jq -e '.functions[] | select(.function == "getrandom") | .fp_simd | index("xmm0") != null' "$tmp/x.json" >/dev/null &&
	ok "x86_64 6.12 getrandom names SSE registers: $(jq -c '.functions[]|select(.function=="getrandom")|.fp_simd|length' "$tmp/x.json") of them" ||
	bad "x86_64 getrandom fp_simd: $(jq -c '.functions[]|select(.function=="getrandom")|.fp_simd' "$tmp/x.json")"
jq -e '.functions[] | select(.function == "clock_gettime") | .stack_bytes == 80 and (.fp_simd | length) == 0' "$tmp/x.json" >/dev/null &&
	ok "x86_64 6.12 clock_gettime: 80 stack bytes, no FP/SIMD" || bad "clock_gettime: $(jq -c '.functions[0]' "$tmp/x.json")"
"$vdsosim" audit "$a" --cpu-flags fp,asimd --json >"$tmp/a.json"
jq -e '.functions[] | select(.function == "getrandom") | .fp_simd | index("v0") != null' "$tmp/a.json" >/dev/null &&
	ok "arm64 7.2 with FPSIMD: getrandom names NEON registers" || bad "arm64 getrandom: $(jq -c '.functions[]|select(.function=="getrandom")' "$tmp/a.json")"

# mutated copies: time() of the x86_64 6.12 image starts with a 7-byte lea at 0xbb4 that only a
# time namespace needs
mutate() { cp "$x" "$tmp/m.so"; printf "$1" | dd of="$tmp/m.so" bs=1 seek=$((0xbb4)) conv=notrunc 2>/dev/null; }
mutate '\x31\xdb\x0f\x1f\x44\x00\x00' # xor ebx, ebx; nopl
"$vdsosim" audit "$tmp/m.so" --json >"$tmp/m.json"
r=$?
[ $r = 1 ] && jq -e '.functions[] | select(.function == "time") | .callee_saved_clobbered == ["rbx"]' "$tmp/m.json" >/dev/null &&
	ok "a copy whose time() clears rbx: caught (exit 1, rbx)" || bad "rbx mutation: exit $r, $(jq -c '.functions[]|select(.function=="time")' "$tmp/m.json")"
mutate '\x88\x84\x24\x7f\xff\xff\xff' # mov [rsp - 0x81], al
"$vdsosim" audit "$tmp/m.so" >"$tmp/m.txt"
r=$?
[ $r = 1 ] && grep -q 'uses 129 bytes below its stack pointer, beyond the 128-byte red zone' "$tmp/m.txt" &&
	ok "a copy whose time() stores 129 bytes below its stack pointer: caught" || bad "red-zone mutation: exit $r, $(grep -A2 '^  time' "$tmp/m.txt")"

# ppc64le (on a Unicorn that runs it): ELFv2's 288-byte protected zone, and a copy of 6.1's
# getcpu whose `crclr so` (SO is clear there already) became `li r14, 0` (r14: callee-saved)
p=vdso_images/ppc64le/6.1.0-50-powerpc64le-vdso64.so
if "$vdsosim" call "$p" time >/dev/null 2>&1; then
	jq -e '[.images[] | select(.abi == "PowerPC64 ELFv2") | .functions[] | .red_zone_bytes] | max <= 288' "$tmp/all.json" >/dev/null &&
		ok "ppc64le: protected-zone use within 288 bytes ($(jq '[.images[] | select(.abi == "PowerPC64 ELFv2")] | length' "$tmp/all.json") images)" ||
		bad "ppc64le red zone: $(jq -c '[.images[] | select(.abi == "PowerPC64 ELFv2") | .functions[].red_zone_bytes] | max' "$tmp/all.json")"
	cp "$p" "$tmp/p.so"
	printf '\x00\x00\xc0\x39' | dd of="$tmp/p.so" bs=1 seek=$((0x724)) conv=notrunc 2>/dev/null
	"$vdsosim" audit "$tmp/p.so" --json >"$tmp/p.json"
	r=$?
	[ $r = 1 ] && jq -e '.functions[] | select(.function == "getcpu") | .callee_saved_clobbered == ["r14"]' "$tmp/p.json" >/dev/null &&
		ok "a ppc64le copy whose getcpu sets r14: caught (exit 1, r14)" || bad "r14 mutation: exit $r, $(jq -c '.functions[]|select(.function=="getcpu")' "$tmp/p.json")"
fi

# --stack-limit: 64 bytes are too few for clock_gettime (80); 112 are enough for all of them
"$vdsosim" audit "$x" --stack-limit 64 >"$tmp/l.txt"
r=$?
[ $r = 1 ] && grep -q 'with 64 bytes of stack: clock_gettime(CLOCK_REALTIME).*stack limit of 64 bytes exceeded: an access 80 bytes below' "$tmp/l.txt" &&
	ok "--stack-limit 64 names clock_gettime(CLOCK_REALTIME), 80 bytes down" || bad "--stack-limit 64: exit $r, $(grep 'with 64' "$tmp/l.txt" | head -2)"
"$vdsosim" audit "$x" --stack-limit 112 >/dev/null && ok "--stack-limit 112: every path fits" || bad "--stack-limit 112 failed"
for args in "--stack-limit 0 $x" "--stack-limit banana $x" "--json --markdown $x" ""; do
	"$vdsosim" audit $args >/dev/null 2>"$tmp/err"
	r=$?
	[ $r = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && ok "audit $args: exit 2, $(cat "$tmp/err")" || bad "audit $args: exit $r"
done
exit $fail
