#!/usr/bin/env bash
# Signals under vdsosim exec (tests/clients/signals.c), on every ABI whose frames exec builds
# (x86_64, i386, arm64, armhf, riscv64, s390x, MIPS, ppc64le): a 10 us ITIMER_REAL firing while the program reads the clock
# 20000 times lands many SIGALRMs inside vDSO calls; each such call returns 0 in the vDSO with its
# answer between its neighbours' (the read completes as if never interrupted), the handler's own
# clock_gettime is a call of its own, and time never goes back. Handlers return through the vDSO's
# trampolines (arm64 __kernel_rt_sigreturn, riscv __vdso_rt_sigreturn, ppc64 __kernel_sigtramp_rt64, i386 and s390x
# __kernel_rt_sigreturn and __kernel_sigreturn: a raw rt_sigaction without SA_RESTORER, so the
# image's own code is the only way back; arm's through the kernel's sigpage); an altstack; POSIX timers ending sigsuspend and nanosleep (EINTR, time left);
# SA_RESTART restarting a read; a blocked signal pending until unblocked. The same bytes twice.
# Then: SIGALRM with no handler ends the process (exit 142) on every ABI; the trace shows each
# signal as strace does.
# usage: signals.sh VDSOSIM SOURCE_DIR CLIENT_DIR
set -u
vdsosim=$1 src=$2 dir=$3
. "$src/tests/lib.sh"
im=$src/vdso_images
u20=0
"$vdsosim" --version 2>/dev/null | grep -q 'Unicorn 2\.0' && u20=1
ppc=0 # a Unicorn that runs 64-bit PowerPC (tools/unicorn-ppc64.sh)?
"$vdsosim" call "$im/ppc64le/7.3-powerpc64le-vdso64.so" time >/dev/null 2>&1 && ppc=1
want() {
	local tramp=returned\ through\ the\ vDSO legacy=n/a
	[ "$1" = x86_64 ] && tramp=n/a
	[ "$1" = armhf ] && tramp="returned through the sigpage"
	case $1 in i386|armhf|s390x|mipsel) legacy="returned through sigreturn" ;; esac
	printf '%s\n' "alarms during 20000 reads: many, time went back 0 times, handlers' reads right" \
		"no SA_RESTORER: $tramp" "legacy frame: $legacy" "altstack: used" "sigsuspend: EINTR after 5 ms" \
		"nanosleep(10 s): EINTR, 9 s left" "SA_RESTART read: restarted, got the byte" \
		"blocked: pending, then delivered"
}
for pair in x86_64:x86_64/7.2.13+deb14-cloud-amd64-vdso64.so x86_64:x86_64/6.1.0-50-cloud-amd64-vdso64.so \
	i386:x86_64/7.2.13+deb14-cloud-amd64-vdso32.so arm64:arm64/7.2.13+deb14-cloud-arm64-vdso.so \
	arm64:arm64/6.1.0-50-cloud-arm64-vdso.so riscv64:riscv64/7.2.13+deb14-riscv64-vdso.so \
	armhf:armhf/7.2.13+deb14-armmp-vdso.so armhf:arm64/7.2.13+deb14-cloud-arm64-vdso32.so \
	s390x:s390x/7.2.13+deb14-s390x-vdso64.so s390x:s390x/6.1.0-50-s390x-vdso64.so \
	mipsel:mipsel/6.1.0-50-mips32r2el-vdso-o32.so mips64el:mips64el/6.12.95+deb12-mips64r2el-vdso-n64.so \
	ppc64le:ppc64le/7.2.13+deb14-powerpc64le-vdso64.so ppc64le:ppc64le/6.1.0-50-powerpc64le-vdso64.so; do
	arch=${pair%%:*} img=$im/${pair#*:} prog=$dir/signals-$arch name="$arch on ${pair#*/}"
	[ -x "$prog" ] || { echo "# skip $arch (not built)"; continue; }
	[ $arch = mips64el ] && [ $u20 = 1 ] && { echo "# skip mips64el (Unicorn 2.0 cannot run n64)"; continue; }
	[ $arch = ppc64le ] && [ $ppc = 0 ] && { echo "# skip ppc64le (the linked Unicorn cannot run it)"; continue; }
	out=$("$vdsosim" exec --report "$tmp/a.json" "$img" "$prog" 2>&1)
	if [ "$out" = "$(want $arch)" ]; then
		ok "$name: every case as on a kernel"
	else
		bad "$name: $(diff <(want $arch) <(echo "$out") | grep '^>' | head -3 | tr '\n' ' ')"
		continue
	fi
	# the calls a SIGALRM landed in: each answered 0 in the vDSO, its answer not before the main
	# loop's call before it nor after the one after it (the handler's own call comes between)
	jq -e '. as $r | [.signals[] | select(.name == "SIGALRM" and .vdso_call != null) | .vdso_call] as $k |
		($k | length) >= 10 and ([$k[] | $r.vdso_calls[.] | select(.ret != 0 or .path != "vdso" or .answer == null)]
		| length) == 0 and ([$k[] | . as $i | ($r.vdso_calls[$i].answer | .[0] * 1000000000 + .[1]) as $t |
		([$r.vdso_calls[0:$i][] | select(.clock == "CLOCK_MONOTONIC" and .answer != null)] | last |
		.answer[0] * 1000000000 + .answer[1]) as $before | select($t < $before)] | length) == 0' \
		"$tmp/a.json" >/dev/null &&
		ok "$name: $(jq '[.signals[] | select(.vdso_call != null)] | length' "$tmp/a.json") of $(jq .signals_delivered "$tmp/a.json") signals landed inside vDSO calls; each call still answered right" ||
		bad "$name: an interrupted vDSO call answered wrong: $(jq -c '[.signals[] | select(.vdso_call != null) | .vdso_call][0:3]' "$tmp/a.json")"
	"$vdsosim" exec --report "$tmp/b.json" "$img" "$prog" >/dev/null 2>&1
	cmp -s "$tmp/a.json" "$tmp/b.json" && ok "$name: two runs, the same report" || bad "$name: two runs differ"
done

prog=$dir/signals-x32
if [ -x "$prog" ]; then
	out=$("$vdsosim" exec "$im/x86_64/7.2.13+deb14-amd64-vdsox32.so" "$prog" 2>&1)
	[ "$out" = "x32: handler ran and returned" ] && ok "x32: a handler runs and returns through rt_sigreturn (513)" ||
		bad "x32: '$out'"
fi

# no handler: the default action, on an ABI with frames and on ones without; a handler that faults
for pair in x86_64:x86_64/7.2.13+deb14-cloud-amd64-vdso64.so s390x:s390x/7.2.13+deb14-s390x-vdso64.so; do
	arch=${pair%%:*} prog=$dir/signals-$arch
	[ -x "$prog" ] || { echo "# skip $arch fatal (not built)"; continue; }
	for mode in fatal pause; do
		out=$("$vdsosim" exec "$im/${pair#*:}" "$prog" $mode 2>&1)
		rc=$?
		[ $rc = 142 ] && [ "$out" = "vdsosim exec: $prog: killed by signal 14 (a timer's)" ] &&
			ok "$arch: SIGALRM with no handler ($mode: $([ $mode = fatal ] && echo 'a 100 us itimer while reading the clock' || echo 'alarm(1), pause()')): killed by SIGALRM (exit 142)" ||
			bad "$arch $mode: exit $rc, '$out'"
	done
done
prog=$dir/signals-x86_64
if [ -x "$prog" ]; then
	out=$("$vdsosim" exec "$im/x86_64/7.2.13+deb14-cloud-amd64-vdso64.so" "$prog" fault 2>&1)
	rc=$?
	[ $rc = 139 ] && [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -q "address 0x0" &&
		ok "a handler that faults: SIGSEGV (exit 139), one line: $out" || bad "a faulting handler: exit $rc, '$out'"
fi

prog=$dir/signals-arm64 img=$im/arm64/7.2.13+deb14-cloud-arm64-vdso.so
if [ -x "$prog" ]; then
	"$vdsosim" exec --strace="$tmp/t" "$img" "$prog" >/dev/null 2>&1
	grep -qx -- '--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---' "$tmp/t" &&
		grep -qx -- '--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_TIMER, si_timerid=0, si_overrun=0, si_int=42, si_ptr=0x2a} ---' "$tmp/t" &&
		grep -q '^rt_sigreturn()' "$tmp/t" &&
		ok "the trace shows each delivery as strace does, and each rt_sigreturn" || bad "the trace: $(grep -m2 -- '^---' "$tmp/t")"
fi
exit $fail
