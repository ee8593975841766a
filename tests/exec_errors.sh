#!/usr/bin/env bash
# vdsosim exec on hostile programs: each gets its documented exit status and one clear line on
# stderr; none touches a host file or hangs. Programs are made here (x86_64, no libc).
# usage: exec_errors.sh VDSOSIM SOURCE_DIR
set -u
vdsosim=$1 src=$2
img=$src/vdso_images/x86_64/7.2.13+deb14-cloud-amd64-vdso64.so
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v gcc >/dev/null || { echo "# SKIP: no gcc to make the test programs"; exit 77; }
mk() { # mk NAME C-BODY: a static x86_64 program with no libc; sys(n, a, b, c) makes a syscall
	cat >"$tmp/$1.c" <<C
static long sys4(long n, long a, long b, long c, long d)
{
	long r;
	register long r10 __asm__("r10") = d;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
	return r;
}
static long sys(long n, long a, long b, long c) { return sys4(n, a, b, c, 0); }
void _start(void) { $2 }
C
	gcc -O1 -static -nostdlib -fno-stack-protector -o "$tmp/$1" "$tmp/$1.c"
}
mk exit7 'sys(60, 7, 0, 0);'
mk segv '((void (*)(void))0x1234)(); sys(60, 0, 0, 0);'
mk ill '__asm__ volatile("ud2"); sys(60, 0, 0, 0);'
mk loop 'for (;;) __asm__ volatile("");'
mk bigmap 'long p = sys4(9, 0, 1L << 34, 3, 0x22); sys(60, p == -12 ? 0 : 1, 0, 0);'
mk flood 'for (int i = 0; i < 200000; i++) sys(39, 0, 0, 0); sys(60, 0, 0, 0);'
mk openhost 'long fd = sys(2, (long)"/etc/passwd", 0, 0); sys(60, fd == -2 ? 0 : 1, 0, 0);'
mk fork 'long r = sys(57, 0, 0, 0); sys(60, r == -38 ? 0 : 1, 0, 0);'
mk odd 'sys(999, 0, 0, 0); sys(60, 0, 0, 0);'
gcc -O1 -o "$tmp/dynamic" -x c - <<<'int main(void) { return 0; }'
head -c 3000 "$tmp/exit7" >"$tmp/truncated"
printf 'not an ELF\n' >"$tmp/text"
cp "$src/tests/clients/libc_clock-musl-arm64" "$tmp/arm64" 2>/dev/null || cp "$tmp/exit7" "$tmp/arm64"
pass=0 fail=0
expect() { # expect "what" STATUS "stderr pattern" (empty: no stderr) vdsosim-args...
	local what=$1 want=$2 pat=$3
	shift 3
	timeout 60 "$vdsosim" exec "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$? lines
	lines=$(wc -l <"$tmp/err" | tr -d ' ')
	local good=0
	if [ -z "$pat" ]; then [ "$lines" = 0 ] && good=1; else [ "$lines" = 1 ] && grep -q -- "$pat" "$tmp/err" && good=1; fi
	if [ "$rc" = "$want" ] && [ $good = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "not ok: $what: exit $rc (want $want), $lines stderr lines:"
		sed 's/^/    /' "$tmp/err"
	fi
}
expect "the program's own status" 7 "" "$img" "$tmp/exit7"
expect "a jump into unmapped memory" 139 "fetch.*at pc 0x1234.*address 0x1234" "$img" "$tmp/segv"
expect "an illegal instruction" 132 "illegal instruction at pc 0x" "$img" "$tmp/ill"
expect "a loop forever" 124 "instruction budget of 1000000 exceeded" --budget 1000000 "$img" "$tmp/loop"
expect "16 GiB asked of mmap: ENOMEM" 0 "" "$img" "$tmp/bigmap"
expect "a syscall flood ends" 0 "" "$img" "$tmp/flood"
expect "no host file" 0 "" "$img" "$tmp/openhost"
expect "fork: ENOSYS" 0 "" "$img" "$tmp/fork"
expect "an unknown syscall: ENOSYS" 0 "" "$img" "$tmp/odd"
expect "--strict stops at it" 126 "syscall 999 (unknown) is outside the process surface (--strict)" --strict "$img" "$tmp/odd"
expect "a dynamic program without --sysroot" 126 "a dynamic program: it asks for the interpreter .*--sysroot DIR" "$img" "$tmp/dynamic"
expect "another architecture" 126 "the program is arm64, the vDSO is x86_64" "$img" "$tmp/arm64"
expect "a truncated program" 126 "truncated" "$img" "$tmp/truncated"
expect "not an ELF" 126 "not an ELF program" "$img" "$tmp/text"
expect "no such program" 127 "No such file or directory" "$img" "$tmp/nothere"
expect "a directory as the program" 126 "Is a directory" "$img" "$tmp"
expect "a directory as the image" 125 "Is a directory" "$tmp" "$tmp/exit7"
expect "a bad image" 125 "not an ELF file" "$tmp/text" "$tmp/exit7"
expect "a bad option" 125 "unknown or incomplete option" --frobnicate "$img" "$tmp/exit7"
expect "a bad --inject" 125 "--inject takes EVENT@call:K:POINT" --inject tick@load:1 "$img" "$tmp/exit7"
"$vdsosim" exec --report "$tmp/r.json" "$img" "$tmp/fork" >/dev/null 2>&1
if jq -e '.needs_threads and (.unsupported | map(.name) | index("fork"))' "$tmp/r.json" >/dev/null; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "not ok: the report names fork as unsupported and the program as needing threads"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
