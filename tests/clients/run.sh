#!/usr/bin/env bash
# glibc and musl, each with its own vDSO lookup and call path, under `vdsosim exec`, static and (glibc)
# dynamically linked, where ld.so finds and binds the vDSO and the sysroot gives ld.so and libc:
#  - TSC clocksource: the high-resolution clocks are answered in the vDSO, no syscall from it;
#  - hpet: CLOCK_MONOTONIC falls back, exactly one syscall per call;
#  - a tick injected into the 4th vDSO call lands inside the read: the reader retries and the
#    program's CLOCK_MONOTONIC never goes backwards (it exits 1 if it does).
# usage: run.sh VDSOSIM SOURCE_DIR CLIENT_DIR
set -u
vdsosim=$1 src=$2 dir=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "not ok: $*"; }
for pair in glibc-x86_64:x86_64/7.2.13+deb14-cloud-amd64-vdso64.so musl-x86_64:x86_64/7.2.13+deb14-cloud-amd64-vdso64.so \
	glibc-arm64:arm64/7.2.13+deb14-cloud-arm64-vdso.so musl-arm64:arm64/7.2.13+deb14-cloud-arm64-vdso.so \
	glibc-x86_64:x86_64/5.10.0-32-cloud-amd64-vdso64.so glibc-arm64:arm64/6.1.0-50-cloud-arm64-vdso.so \
	glibc-mipsel:mipsel/6.1.0-50-mips32r2el-vdso-o32.so glibc-mipsel:mips64el/6.12.95+deb12-loongson-3-vdso-o32.so \
	glibc-mips64el:mips64el/6.12.95+deb12-mips64r2el-vdso-n64.so glibc-s390x:s390x/7.2.13+deb14-s390x-vdso64.so \
	dyn-x86_64:x86_64/7.3-cloud-amd64-vdso64.so:/ dyn-x86_64:x86_64/5.10.0-32-cloud-amd64-vdso64.so:/ \
	dyn-x86_64:x86_64/6.1.0-50-cloud-amd64-vdso64.so:/ \
	dyn-arm64:arm64/7.2.13+deb14-cloud-arm64-vdso.so:/usr/aarch64-linux-gnu \
	dyn-arm64:arm64/6.1.0-50-cloud-arm64-vdso.so:/usr/aarch64-linux-gnu \
	dyn-arm64:arm64/6.12.95+deb12-arm64-16k-vdso.so:/usr/aarch64-linux-gnu \
	dyn-armhf:armhf/7.2.13+deb14-armmp-vdso.so:/usr/arm-linux-gnueabihf \
	dyn-armhf:armhf/6.1.0-50-armmp-vdso.so:/usr/arm-linux-gnueabihf \
	dyn-armhf:arm64/7.3-cloud-arm64-vdso32.so:/usr/arm-linux-gnueabihf \
	dyn-riscv64:riscv64/7.2.13+deb14-riscv64-vdso.so:/usr/riscv64-linux-gnu \
	dyn-riscv64:riscv64/6.12.107+deb13-riscv64-vdso.so:/usr/riscv64-linux-gnu \
	dyn-i386:x86_64/7.2.13+deb14-cloud-amd64-vdso32.so:/usr/i686-linux-gnu \
	dyn-i386:x86_64/5.10.0-32-cloud-amd64-vdso32.so:/usr/i686-linux-gnu \
	dyn-s390x:s390x/7.2.13+deb14-s390x-vdso64.so:/usr/s390x-linux-gnu \
	dyn-s390x:s390x/6.12.95+deb12-s390x-vdso64.so:/usr/s390x-linux-gnu \
	dyn-mipsel:mipsel/6.1.0-50-mips32r2el-vdso-o32.so:/usr/mipsel-linux-gnu \
	dyn-mips64el:mips64el/6.12.95+deb12-mips64r2el-vdso-n64.so:/usr/mips64el-linux-gnuabi64 \
	glibc-ppc64le:ppc64le/7.2.13+deb14-powerpc64le-vdso64.so glibc-ppc64le:ppc64le/6.1.0-50-powerpc64le-vdso64.so \
	dyn-ppc64le:ppc64le/7.3-powerpc64le-vdso64.so:/usr/powerpc64le-linux-gnu \
	dyn-ppc64le:ppc64le/6.12.95+deb12-powerpc64le-64k-vdso64.so:/usr/powerpc64le-linux-gnu; do
	rest=${pair#*:} name=${pair%%:*}
	prog=$dir/libc_clock-$name img=$src/vdso_images/${rest%%:*} what="$name on ${rest%%:*}"
	sysroot=() # a dynamic program's: ld.so and libc from Debian's cross libc (or / for x86_64)
	case $rest in *:*) sysroot=(--sysroot "${rest#*:}") ;; esac
	rm -f "$tmp"/*.json # (a run that wrote no report must not be judged by the last one's)
	if [ ! -x "$prog" ]; then skip=$((skip + 1)); echo "skip: $what (not built)"; continue; fi
	if [ ${#sysroot[@]} = 2 ] && [ ! -d "${sysroot[1]}" ]; then skip=$((skip + 1)); echo "skip: $what (no ${sysroot[1]})"; continue; fi
	"$vdsosim" exec "${sysroot[@]}" --report "$tmp/tsc.json" "$img" "$prog" >"$tmp/out" 2>&1
	if grep -q 'the linked Unicorn' "$tmp/out"; then # 64-bit MIPS on 2.0.1, ppc64le unpatched
		skip=$((skip + 1)); echo "skip: $what ($(cat "$tmp/out"))"; continue
	fi
	n=$(jq '[.vdso_calls[] | select((.function | startswith("clock_gettime")) and (.clock == "CLOCK_MONOTONIC" or .clock == "CLOCK_REALTIME" or .clock == "CLOCK_BOOTTIME"))] | length' "$tmp/tsc.json")
	v=$(jq '[.vdso_calls[] | select((.function | startswith("clock_gettime")) and .path == "vdso" and .syscalls == 0)] | length' "$tmp/tsc.json")
	if [ "$(jq .exit_status "$tmp/tsc.json")" = 0 ] && [ "$n" -ge 10 ] && [ "$v" -ge "$n" ]; then
		ok "$what, tsc: $n hres reads in the vDSO, no syscall"
	else bad "$what, tsc: $v of $n in the vDSO"; cat "$tmp/out"; fi
	# the report reproduces: `call --counter` at the last CLOCK_MONOTONIC read's counter gives what
	# the program printed
	c=$(jq -r '[.vdso_calls[] | select((.function | startswith("clock_gettime")) and .clock == "CLOCK_MONOTONIC")] | last | .counter_read' "$tmp/tsc.json")
	got=$("$vdsosim" call "$img" clock_gettime monotonic --counter "$c" --json | jq -r '"\(.tv_sec).\(.tv_nsec)"')
	printed=$(sed -n 's/^monotonic //p' "$tmp/out" | awk -F. '{ printf "%d.%d", $1, $2 }')
	if [ -n "$got" ] && [ "$got" = "$printed" ]; then ok "$what: call --counter $c gives the printed $printed"
	else bad "$what: call --counter $c gives $got, the program printed $printed"; fi
	if [ ${#sysroot[@]} = 2 ] && [ "$(jq '[.link_maps[] | select(.path | test("/libc\\.so\\.6$"))] | length' "$tmp/tsc.json")" != 1 ]; then
		bad "$what: the report names no libc.so.6 among the link maps"
	fi
	"$vdsosim" exec "${sysroot[@]}" --clocksource hpet --report "$tmp/hpet.json" "$img" "$prog" >"$tmp/out" 2>&1
	if [ $? = 125 ] && grep -q 'clock mode none is not one a kernel of this build uses (tsc)$' "$tmp/out"; then
		ok "$what, hpet: refused in one line (powerpc's timebase is always there: no mode none)"
	else
	n=$(jq '[.vdso_calls[] | select((.function | startswith("clock_gettime")) and .clock == "CLOCK_MONOTONIC")] | length' "$tmp/hpet.json")
	f=$(jq '[.vdso_calls[] | select((.function | startswith("clock_gettime")) and .clock == "CLOCK_MONOTONIC" and .path == "syscall" and .syscalls == 1)] | length' "$tmp/hpet.json")
	if [ "$(jq .exit_status "$tmp/hpet.json")" = 0 ] && [ "$n" -ge 8 ] && [ "$f" = "$n" ]; then
		ok "$what, hpet: each of $n CLOCK_MONOTONIC reads falls back with one syscall"
	else bad "$what, hpet: $f of $n fell back with one syscall"; cat "$tmp/out"; fi
	fi
	"$vdsosim" exec "${sysroot[@]}" --counter-per-insn 10000 --inject tick@call:3:load:1 --report "$tmp/tick.json" "$img" "$prog" >"$tmp/out" 2>&1
	r=$(jq '.vdso_calls[3].retries' "$tmp/tick.json") l=$(jq '.vdso_calls[3].updates_landed' "$tmp/tick.json")
	# every instruction at 10^4 counter units of a 2.6 GHz counter: CLOCK_MONOTONIC is 1000 s plus
	# that much, no more (a static program's ~10^4 instructions: 0.04 s; ld.so's start: ~0.4 s)
	lim=$(jq '.instructions * 10000 / 2600000000 + 1000' "$tmp/tick.json")
	mono=$(sed -n 's/^monotonic //p' "$tmp/out")
	if [ "$(jq .exit_status "$tmp/tick.json")" = 0 ] && [ "$r" -ge 1 ] && [ "$l" = 1 ] && [ -n "$mono" ] &&
		awk -v m="$mono" -v l="$lim" 'BEGIN { exit !(m >= 1000 && m <= l) }'; then
		ok "$what, a tick inside the 4th read: $r retry, CLOCK_MONOTONIC monotonic"
	else bad "$what, tick: exit $(jq .exit_status "$tmp/tick.json"), retries $r, landed $l"; cat "$tmp/out"; fi
done
# a MIPS program above 2 GB (n64's default 0x120000000) is refused with the advice, not run wrongly
high=$dir/libc_clock-glibc-mips64el-high img=$src/vdso_images/mips64el/6.12.95+deb12-mips64r2el-vdso-n64.so
if [ -x "$high" ]; then
	"$vdsosim" exec "$img" "$high" >"$tmp/out" 2>&1
	rc=$?
	if grep -q 'the linked Unicorn' "$tmp/out"; then skip=$((skip + 1)); echo "skip: mips64el above 2 GB (Unicorn 2.0.1)"
	elif [ $rc = 126 ] && [ "$(wc -l <"$tmp/out")" = 1 ] && grep -q 'above 0x80000000.*-Wl,-Ttext-segment=0x10000000' "$tmp/out"; then
		ok "mips64el program at 0x120000000: refused, exit 126, with the link advice"
	else bad "mips64el program at 0x120000000: exit $rc"; cat "$tmp/out"; fi
fi
echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
