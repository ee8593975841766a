#!/usr/bin/env bash
# The legacy vsyscall page in the kernel's three modes, through `call vsyscall:FUNC` and an old
# static program run by `exec` (tests/clients/vsyscall.c): emulate allows reads and calls, xonly
# only calls (a read faults), none neither; a call off an entry point and a bad pointer are
# SIGSEGV in every mode; the answers are the model's, as the vDSO's own at the same counter.
#   tests/vsyscall.sh VDSOSIM SRCDIR CLIENTS_DIR
set -uo pipefail
vdsosim=$(realpath "$1")
cd "$2"
. tests/lib.sh
prog=$3/vsyscall-x86_64
x=vdso_images/x86_64/6.12.95+deb12-cloud-amd64-vdso64.so
[ -x "$prog" ] || { echo "SKIP: no $prog (gcc -static)"; exit 77; }

# call: the answers, equal to the image's own functions at the same counter
for m in emulate xonly; do
	a=$("$vdsosim" call "$x" vsyscall:gettimeofday --vsyscall $m --json | jq -c '[.ret,.tv_sec,.tv_usec,.path]')
	b=$("$vdsosim" call "$x" gettimeofday --json | jq -c '[.ret,.tv_sec,.tv_usec]')
	[ "$a" = '[0,1767225600,999,"syscall"]' ] && [ "$b" = '[0,1767225600,999]' ] && ok "$m: vsyscall:gettimeofday = the vDSO's ($a)" || bad "$m gettimeofday: $a vs $b"
	a=$("$vdsosim" call "$x" vsyscall:time --vsyscall $m --json | jq -c .ret)
	[ "$a" = 1767225600 ] && ok "$m: vsyscall:time = 1767225600" || bad "$m time: $a"
	a=$("$vdsosim" call "$x" vsyscall:getcpu --vsyscall $m --cpu 3 --node 1 --json | jq -c '[.ret,.cpu,.node]')
	[ "$a" = '[0,3,1]' ] && ok "$m: vsyscall:getcpu = cpu 3, node 1" || bad "$m getcpu: $a"
	"$vdsosim" call "$x" vsyscall:time --vsyscall $m --bad-pointer >/dev/null 2>"$tmp/err"
	grep -q 'SIGSEGV: vsyscall: a pointer argument the kernel could not write (0x10)' "$tmp/err" &&
		ok "$m: vsyscall:time with a bad pointer: SIGSEGV" || bad "$m bad pointer: $(cat "$tmp/err")"
done
"$vdsosim" call "$x" vsyscall:time --vsyscall none >/dev/null 2>"$tmp/err"
grep -q 'fetch from unmapped address 0xf*f600400' "$tmp/err" && ok "none: vsyscall:time faults (no page)" || bad "none: $(cat "$tmp/err")"
"$vdsosim" call "$x" vsyscall:clock_gettime >/dev/null 2>"$tmp/err"
r=$?
[ $r = 2 ] && grep -q 'the vsyscall page has gettimeofday, time and getcpu' "$tmp/err" && ok "vsyscall:clock_gettime: exit 2" ||
	bad "vsyscall:clock_gettime: exit $r, $(cat "$tmp/err")"
"$vdsosim" call vdso_images/arm64/7.2.13+deb14-cloud-arm64-vdso.so vsyscall:time >/dev/null 2>"$tmp/err"
grep -q 'x86_64 only' "$tmp/err" && ok "arm64: vsyscall refused" || bad "arm64: $(cat "$tmp/err")"

# exec: what an old static program sees (exit 139: SIGSEGV)
run() { "$vdsosim" exec --vsyscall "$1" "$x" "$prog" "$2" >"$tmp/out" 2>"$tmp/err"; echo $?; }
expect() { # MODE ACTION EXIT PATTERN
	local r
	r=$(run "$1" "$2")
	if [ "$r" = "$3" ] && grep -q "$4" "$tmp/out" "$tmp/err"; then
		ok "exec --vsyscall $1 $2: exit $r, $(cat "$tmp/out" "$tmp/err" | head -1 | cut -c1-90)"
	else
		bad "exec --vsyscall $1 $2: exit $r, $(cat "$tmp/out" "$tmp/err")"
	fi
}
expect emulate read 0 '^read 48 c7 c0$'
expect emulate gettimeofday 0 '^gettimeofday 0 1767225600\.'
expect emulate time 0 '^time 1767225600 1767225600$'
expect emulate getcpu 0 '^getcpu 0 0 0$'
expect emulate misaligned 139 'SIGSEGV: vsyscall: a call that is not at an entry point'
expect emulate badptr 139 'SIGSEGV: vsyscall: a pointer argument the kernel could not write'
expect xonly read 139 'UC_ERR_READ_PROT.*address 0xf*f60000'
expect xonly gettimeofday 0 '^gettimeofday 0 1767225600\.'
expect xonly time 0 '^time 1767225600 1767225600$'
expect xonly getcpu 0 '^getcpu 0 0 0$'
expect xonly misaligned 139 'SIGSEGV: vsyscall: a call that is not at an entry point'
expect xonly badptr 139 'SIGSEGV: vsyscall: a pointer argument the kernel could not write'
expect none read 139 'UC_ERR_READ_UNMAPPED.*address 0xf*f60000'
expect none gettimeofday 139 'UC_ERR_FETCH_UNMAPPED.*address 0xf*f600000'
expect none time 139 'UC_ERR_FETCH_UNMAPPED.*address 0xf*f600400'
expect none getcpu 139 'UC_ERR_FETCH_UNMAPPED.*address 0xf*f600800'
"$vdsosim" exec --vsyscall sometimes "$x" "$prog" read >/dev/null 2>"$tmp/err"
r=$?
[ $r = 125 ] && grep -q "emulate, xonly or none" "$tmp/err" && ok "--vsyscall sometimes: exit 125 (exec's own error, as env(1))" || bad "bad mode: exit $r"
exit $fail
