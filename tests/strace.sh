#!/usr/bin/env bash
# vdsosim exec --strace, --vdso-trace, --strace-summary:
#  - the story: CLOCK_MONOTONIC through the vDSO makes no clock_gettime syscall line under tsc, and
#    exactly one per call, marked <vdso fallback>, under hpet and xen (arm64: archtimer / none);
#  - the lines agree with real `strace -f` of the same static programs run natively (glibc and
#    musl x86_64, glibc i386): the same names, argument shapes and errno spelling, once addresses,
#    numbers and random bytes are set aside (tests/strace-shape.pl); the calls whose outcome differs
#    because this process surface has no files or rseq are named, and only their result may differ;
#  - --strace-summary counts equal the report's; the trace changes neither the report nor stdout;
#    the same command gives the same trace; a raised SIGABRT ends as strace shows it; bad input.
# usage: strace.sh VDSOSIM SOURCE_DIR CLIENT_DIR
set -u
vdsosim=$1 src=$2 dir=$3
. "$src/tests/lib.sh"
shape="perl $src/tests/strace-shape.pl"
x86=$src/vdso_images/x86_64/7.2.13+deb14-cloud-amd64-vdso64.so
x86_32=$src/vdso_images/x86_64/6.12.95+deb12-cloud-amd64-vdso32.so
arm64=$src/vdso_images/arm64/7.2.13+deb14-cloud-arm64-vdso.so
n=5 # CLOCK_MONOTONIC reads the program makes through the vDSO

# the story, per program and clock mode: syscall lines for CLOCK_MONOTONIC, and fallbacks marked
story() { # story PROG IMAGE MODE WANT
	local prog=$dir/strace_clock-$1 what="$1 $3"
	[ -x "$prog" ] || { echo "# skip $1 (not built)"; return; }
	"$vdsosim" exec --clocksource "$3" --strace="$tmp/t" --report "$tmp/r.json" "$2" "$prog" $n >/dev/null 2>"$tmp/err"
	local lines marked calls
	lines=$(grep -c '^clock_gettime\(64\)\?(CLOCK_MONOTONIC, ' "$tmp/t")
	marked=$(grep -c '^clock_gettime\(64\)\?(CLOCK_MONOTONIC, {tv_sec=[0-9]*, tv_nsec=[0-9]*}) *= 0 <vdso fallback>$' "$tmp/t")
	calls=$(jq '[.vdso_calls[] | select(.clock == "CLOCK_MONOTONIC")] | length' "$tmp/r.json")
	if [ "$calls" = $n ] && [ "$lines" = "$4" ] && [ "$marked" = "$4" ]; then
		ok "$what: $n CLOCK_MONOTONIC calls, $lines clock_gettime syscall lines ($marked marked <vdso fallback>)"
	else bad "$what: $calls calls, $lines lines, $marked marked, want $4"; cat "$tmp/err"; fi
}
story glibc-x86_64 "$x86" tsc 0
story glibc-x86_64 "$x86" hpet $n
story glibc-x86_64 "$x86" xen $n
story musl-x86_64 "$x86" tsc 0
story musl-x86_64 "$x86" hpet $n
story musl-x86_64 "$x86" xen $n
story glibc-i386 "$x86_32" tsc 0
story glibc-i386 "$x86_32" hpet $n
story glibc-arm64 "$arm64" archtimer 0
story glibc-arm64 "$arm64" none $n

# --vdso-trace: a line per vDSO call, its path and syscalls; under hpet each follows its fallback
prog=$dir/strace_clock-glibc-x86_64
if [ -x "$prog" ]; then
	"$vdsosim" exec --clocksource hpet --vdso-trace "$x86" "$prog" $n 2>"$tmp/t" >/dev/null
	v=$(grep -c '^<vdso> clock_gettime(CLOCK_MONOTONIC, {tv_sec=[0-9]*, tv_nsec=[0-9]*}) *= 0 \[syscall fallback, 1 syscall, 0 retries\]$' "$tmp/t")
	pairs=$(grep -A1 '<vdso fallback>$' "$tmp/t" | grep -c '^<vdso> clock_gettime(CLOCK_MONOTONIC')
	[ "$v" = $n ] && [ "$pairs" = $n ] && ok "--vdso-trace under hpet: $v vDSO lines, each after its fallback" ||
		{ bad "--vdso-trace under hpet: $v lines, $pairs after a fallback"; cat "$tmp/t"; }
	"$vdsosim" exec --vdso-trace "$x86" "$prog" $n 2>"$tmp/t" >/dev/null
	v=$(grep -c '^<vdso> clock_gettime(CLOCK_MONOTONIC, {tv_sec=1000, tv_nsec=[0-9]*}) *= 0 \[vdso, 0 syscalls, 0 retries\]$' "$tmp/t")
	[ "$v" = $n ] && ok "--vdso-trace under tsc: $v calls answered in the vDSO" || { bad "--vdso-trace tsc: $v"; cat "$tmp/t"; }
	# a tick injected into the 2nd call: the line shows the retry
	"$vdsosim" exec --counter-per-insn 10000 --inject tick@call:1:load:1 --vdso-trace "$x86" "$prog" $n 2>"$tmp/t" >/dev/null
	[ "$(grep '^<vdso>' "$tmp/t" | sed -n 2p | grep -c '\[vdso, 0 syscalls, 1 retry\]$')" = 1 ] &&
		ok "--vdso-trace: a tick injected into the 2nd call shows its retry" || { bad "injected tick: no retry shown"; cat "$tmp/t"; }
fi

# the same lines as real strace, natively (needs strace and ptrace here)
compare() { # compare PROG IMAGE
	local prog=$dir/strace_clock-$1
	[ -x "$prog" ] || { echo "# skip compare $1 (not built)"; return; }
	strace -f -o "$tmp/native" "$prog" $n >/dev/null 2>&1 || { bad "strace of $1 natively failed"; return; }
	"$vdsosim" exec --strace="$tmp/ours" "$2" "$prog" $n >/dev/null
	# every name strace saw that this run made too, line by line in order; the calls whose outcome
	# differs here (no files: readlink, newfstatat, statx; ENOSYS: rseq, futex, clone) keep what was
	# passed in
	$shape -o <"$tmp/native" >"$tmp/native.s"
	$shape -o <"$tmp/ours" >"$tmp/ours.s"
	local diffs=0 common=0 name a b
	for name in $(grep -o '^[a-z_0-9]*(' "$tmp/native.s" | sort -u); do
		grep -q "^$name" "$tmp/ours.s" || continue
		common=$((common + 1))
		a=$(grep "^$name" "$tmp/native.s") b=$(grep "^$name" "$tmp/ours.s")
		if [ "$a" != "$b" ]; then
			diffs=$((diffs + 1))
			echo "# $1 $name: strace"; echo "$a" | sed 's/^/#   /'; echo "# vdsosim"; echo "$b" | sed 's/^/#   /'
		fi
	done
	# strace's names that this run never made must be ones the vDSO answered natively or that
	# follow a call this surface answers otherwise (ioctl after a failed fstat)
	local missing
	missing=$(comm -23 <(grep -o '^[a-z_0-9]*(' "$tmp/native.s" | sort -u) <(grep -o '^[a-z_0-9]*(' "$tmp/ours.s" | sort -u) | tr -d '(' | tr '\n' ' ')
	if [ $diffs = 0 ] && [ $common -ge 12 ]; then ok "$1: $common syscall names, every line as strace prints it (strace's alone: ${missing:-none})"
	else bad "$1: $diffs of $common names differ from strace"; fi
	# errno spelling, the signal and the end, verbatim
	grep -q '^openat(AT_FDCWD, "/nonexistent/file", O_RDONLY) *= -1 ENOENT (No such file or directory)$\|^open("/nonexistent/file", O_RDONLY|O_LARGEFILE) *= -1 ENOENT (No such file or directory)$' "$tmp/ours" &&
		grep -q '^+++ exited with 0 +++$' "$tmp/ours" && ok "$1: errno spelled as strace spells it; the end line" ||
		bad "$1: the ENOENT line or the end line"
}
if ! command -v strace >/dev/null; then echo "# skip: no strace here (apt-get install strace)"
elif ! strace -o /dev/null true 2>/dev/null; then echo "# skip: strace cannot trace here (ptrace refused)"
else
	compare glibc-x86_64 "$x86"
	compare musl-x86_64 "$x86"
	compare glibc-i386 "$x86_32"
	# SIGABRT: the last syscalls, the siginfo line and the end, as strace shows them
	prog=$dir/strace_clock-glibc-x86_64
	if [ -x "$prog" ]; then
		(strace -f -o "$tmp/native" "$prog" abort; true) >/dev/null 2>&1
		"$vdsosim" exec --strace="$tmp/ours" "$x86" "$prog" abort >/dev/null 2>&1
		rc=$?
		a=$($shape <"$tmp/native" | tail -3) b=$($shape <"$tmp/ours" | tail -3)
		[ $rc = 134 ] && [ "$a" = "$b" ] && ok "abort(): exit 134, the last lines as strace's: $(echo "$b" | tr '\n' '|')" ||
			{ bad "abort(): exit $rc"; echo "# strace: $a"; echo "# vdsosim: $b"; }
	fi
fi

# the summary counts are the report's; the trace changes neither the report nor stdout
prog=$dir/strace_clock-musl-x86_64
if [ -x "$prog" ]; then
	"$vdsosim" exec --clocksource xen --report "$tmp/plain.json" "$x86" "$prog" $n >"$tmp/plain.out" 2>"$tmp/plain.err"
	"$vdsosim" exec --clocksource xen --vdso-trace --strace-summary="$tmp/sum" --report "$tmp/traced.json" "$x86" "$prog" $n \
		>"$tmp/traced.out" 2>"$tmp/traced.err"
	cmp -s "$tmp/plain.json" "$tmp/traced.json" && cmp -s "$tmp/plain.out" "$tmp/traced.out" &&
		ok "the trace changes neither the report nor stdout" || bad "the trace changed the run"
	want=$(jq -r '.syscalls | group_by(.name) | map("\(length) \(map(select(.ret < 0 and .ret >= -4095)) | length) \(map(select(.from == "vdso")) | length) \(.[0].name)") | .[]' "$tmp/traced.json" | sort)
	# the summary leaves zeros blank, as strace does: read its columns by position instead
	got=$(awk '/^-----/ { n++; next } n == 1 { c = substr($0, 8, 9) + 0; e = substr($0, 18, 9) + 0; v = substr($0, 28, 9) + 0;
		print c, e, v, substr($0, 38) }' "$tmp/sum" | sort)
	tot=$(awk '/total$/ { print $2; exit }' "$tmp/sum")
	vt=$(awk '/total$/ { n++ } n == 2 { print $1, $2, $3; exit }' "$tmp/sum")
	vw=$(jq -r '"\(.vdso_calls | length) \([.vdso_calls[] | select(.path == "vdso")] | length) \([.vdso_calls[] | select(.path == "syscall")] | length)"' "$tmp/traced.json")
	if [ "$got" = "$want" ] && [ "$tot" = "$(jq '.syscalls | length' "$tmp/traced.json")" ] && [ "$vt" = "$vw" ]; then
		ok "--strace-summary: every row's calls, errors and vDSO fallbacks equal the report's ($tot syscalls; vDSO $vt)"
	else bad "--strace-summary differs from the report"; echo "# want"; echo "$want"; echo "# got"; echo "$got"; echo "# vdso $vt / $vw"; fi
	"$vdsosim" exec --vdso-trace --strace="$tmp/t1" "$x86" "$prog" $n >/dev/null
	"$vdsosim" exec --vdso-trace --strace="$tmp/t2" "$x86" "$prog" $n >/dev/null
	cmp -s "$tmp/t1" "$tmp/t2" && ok "the same command, the same trace ($(wc -l <"$tmp/t1") lines)" || bad "two traces differ"
	# bad input: an unwritable trace or summary file is one line, exit 125, and the program does not run
	out=$("$vdsosim" exec --strace=/nonexistent/dir/t "$x86" "$prog" 2>&1)
	rc=$?
	[ $rc = 125 ] && [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -q '/nonexistent/dir/t: cannot write the trace' &&
		ok "--strace=FILE unwritable: one line, exit 125" || bad "--strace=FILE unwritable: exit $rc: $out"
	out=$("$vdsosim" exec --strace-summary=/nonexistent/dir/s "$x86" "$prog" 2>&1 >/dev/null)
	rc=$?
	[ $rc = 125 ] && echo "$out" | grep -q 'cannot write the summary' && ok "--strace-summary=FILE unwritable: exit 125" ||
		bad "--strace-summary=FILE unwritable: exit $rc: $out"
fi
# hostile pointers: the decoders print an address where the program's memory cannot be read, as
# strace does, and the run goes on (a no-libc x86_64 program, built here)
if command -v gcc >/dev/null; then
	cat >"$tmp/hostile.c" <<'C'
static long sys(long n, long a, long b, long c)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return r;
}
void _start(void)
{
	sys(1, 1, 0x1234, 10);       /* write from unmapped memory */
	sys(257, -100, 0x10, 0);     /* openat of an unreadable path */
	sys(228, 1, 0x1234, 0);      /* clock_gettime into unmapped memory */
	sys(20, 1, 0x1234, 3);       /* writev of an unreadable iovec array */
	sys(999, 1, 2, 3);           /* a number no table has */
	sys(60, 0, 0, 0);
}
C
	gcc -O1 -static -nostdlib -fno-stack-protector -o "$tmp/hostile" "$tmp/hostile.c"
	"$vdsosim" exec --strace="$tmp/t" "$x86" "$tmp/hostile" >/dev/null 2>&1
	rc=$?
	want='write(1, 0x1234, 10)                    = -1 EFAULT (Bad address)
openat(AT_FDCWD, 0x10, O_RDONLY)        = -1 EFAULT (Bad address)
clock_gettime(CLOCK_MONOTONIC, 0x1234)  = -1 EFAULT (Bad address)
writev(1, 0x1234, 3)                    = -1 EFAULT (Bad address)
syscall_0x3e7(0x1, 0x2, 0x3, ...) = -1 ENOSYS (Function not implemented)
exit(0)                                 = ?
+++ exited with 0 +++'
	# (the unknown call's last three words are whatever those registers held)
	got=$(sed '1d; s/^\(syscall_0x3e7(0x1, 0x2, 0x3\), [^)]*) *=/\1, ...) =/' "$tmp/t")
	[ $rc = 0 ] && [ "$got" = "$want" ] && ok "hostile pointers: addresses printed, errno spelled, the run goes on" ||
		{ bad "hostile pointers: exit $rc"; echo "$got"; }
fi
exit $fail
