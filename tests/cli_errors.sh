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
patch() { # patch OUT OFFSET PRINTF-BYTES: a copy of the image with bytes replaced
	cp "$img" "$1" && printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
patch "$tmp/machine.so" 18 '\x99\x99'
patch "$tmp/class.so" 4 '\x03'
patch "$tmp/exec.so" 16 '\x02'                                      # ET_EXEC
cp "$img" "$tmp/noload.so" && dd if=/dev/zero of="$tmp/noload.so" bs=1 seek=64 count=896 conv=notrunc 2>/dev/null
patch "$tmp/phdr.so" 72 '\x00\x00\x10\x00\x00\x00\x00\x00'   # PT_LOAD p_offset (phoff 64)
patch "$tmp/shdr.so" 40 '\xf0\xff\xff\xff\x00\x00\x00\x00'   # e_shoff
perl -0777 -pe 's/(\x06\0\0\0\x04\0\0\0\0\0\0\0Linux\0\0\0)..../$1\0\0\x03\0/s' "$img" >"$tmp/linux3.so"
{ cat "$img"; head -c $((17 << 20)) /dev/zero; } >"$tmp/huge.so"

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
expect "missing image argument" "expected IMAGE" "$vdsosim" check
expect "unemulated architecture" "loongarch64 cannot be emulated: Unicorn has no LoongArch target" "$vdsosim" call "$src/vdso_images/loongarch64/7.2.13+deb14-loong64-vdso.so" clock_gettime
# (ctest says what configure's probe found; the patched Unicorn of tools/unicorn-ppc64.sh runs it)
if [ "${VDSOSIM_UNICORN_PPC64:-OFF}" = OFF ]; then
	expect "64-bit PowerPC refused" "the linked Unicorn 2.[0-9]* cannot run 64-bit PowerPC (no release up to 2.1.4 can): build it with tools/unicorn-ppc64.sh" "$vdsosim" call "$src/vdso_images/ppc64le/6.1.0-50-powerpc64le-vdso64.so" clock_gettime
fi
expect "clock mode of another family" "clock mode gic is not one a kernel of this build uses (none, tsc, archtimer_nocompat)" "$vdsosim" call "$src/vdso_images/arm64/7.3-cloud-arm64-vdso.so" clock_gettime --clocksource gic
expect "clock mode the build lacks" "clock mode gic is not one a kernel of this build uses (none, tsc)" "$vdsosim" call "$src/vdso_images/mips64el/6.1.0-50-loongson-3-vdso-o32.so" clock_gettime --clocksource gic
expect "unknown machine" "machine.so: unknown architecture (e_machine 39321, ELF64)" "$vdsosim" info "$tmp/machine.so"
expect "bad ELF class" "class.so: bad ELF class" "$vdsosim" info "$tmp/class.so"
expect "not ET_DYN" "exec.so: not a vDSO: ELF type is not ET_DYN" "$vdsosim" info "$tmp/exec.so"
expect "no PT_LOAD" "noload.so: no PT_LOAD segment" "$vdsosim" info "$tmp/noload.so"
expect "segment beyond the file" "phdr.so: truncated: PT_LOAD segment 0 at 0x100000" "$vdsosim" info "$tmp/phdr.so"
expect "section headers beyond the file" "shdr.so: truncated: section header table at 0xfffffff0" "$vdsosim" info "$tmp/shdr.so"
expect "unknown kernel era" "linux3.so: no data-page layout for x86_64 kernel 3.0.0" "$vdsosim" call "$tmp/linux3.so" time
expect "image too large" "huge.so: image larger than 16 MiB" "$vdsosim" info "$tmp/huge.so"
expect "getrandom length above the limit" "--len takes a number from 0 to 1024" "$vdsosim" call "$img" getrandom --len 1025
expect "budget above the limit" "--budget takes a number from 1 to 100000000" "$vdsosim" call "$img" time --budget 100000001
expect "spin limit above the limit" "--spin-limit takes a number from 1 to 1000000" "$vdsosim" call "$img" time --spin-limit 0

# Emulation that cannot finish: exit 1, the classified reason on stderr (one line), no hang.
expect1() { # expect1 "description" "stderr pattern" command...
	local what=$1 pat=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ "$rc" = 1 ] && [ "$(wc -l <"$tmp/err" | tr -d ' ')" = 1 ] && grep -q -- "$pat" "$tmp/err"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "not ok: $what: exit $rc"
		sed 's/^/    /' "$tmp/err"
	fi
}
expect "clock id above INT32_MAX (saturated on 32-bit hosts once)" "clock id 4294967297 out of range" \
	"$vdsosim" call "$img" clock_gettime 4294967297

# Calls that must work: exit 0 and the field asked for.
expect0() { # expect0 "description" "stdout pattern" command...
	local what=$1 pat=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ "$rc" = 0 ] && grep -q -- "$pat" "$tmp/out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "not ok: $what: exit $rc"
		sed 's/^/    /' "$tmp/err" "$tmp/out"
	fi
}
v32=$src/vdso_images/arm64/7.3-cloud-arm64-vdso32.so
expect0 "clock_gettime64 takes a CLOCK" '^clock_gettime64(CLOCK_MONOTONIC) = 0' "$vdsosim" call "$v32" clock_gettime64 monotonic
expect0 "clock_getres_time64 takes a CLOCK" '^clock_getres_time64(CLOCK_REALTIME_COARSE) = 0' \
	"$vdsosim" call "$v32" clock_getres_time64 realtime_coarse

expect1 "instruction budget" "instruction budget of 30 exceeded at image+0x" "$vdsosim" call "$img" clock_gettime --budget 30
expect1 "stalled writer beyond the spin limit" "seq never settled: 10 spins at image+0x" \
	"$vdsosim" call "$img" clock_gettime --inject stalled-writer@load:0 --stall-spins 50 --spin-limit 10
expect1 "emulation fault" "write to unmapped address 0x10 at pc image+0x[0-9a-f]* (mov" "$vdsosim" call "$img" clock_gettime --bad-pointer
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
