#!/usr/bin/env bash
# Threads under vdsosim exec: static glibc pthread programs (tests/clients/threads.c) on every ABI,
# each thread's vDSO calls in the vDSO and in the report under its tid; the same bytes on every
# run; --sched-seed another interleaving, itself reproducible; getcpu answering the thread's own
# CPU with --cpus; a 100 s sleep that passes on the model's clock in no wall time; the named ends
# (deadlock: exit 122; a thread bomb: EAGAIN; a futex on an unmapped address: EFAULT; a thread
# that never yields is preempted); a tick
# injected into one worker's vDSO call retried in that thread; the kernel's vdso_test_getrandom in
# its multi-threaded mode (scaled down: 8 threads x 1000 calls).
# usage: threads.sh VDSOSIM SOURCE_DIR CLIENT_DIR SELFTEST_DIR
set -u
vdsosim=$1 src=$2 dir=$3 st=$4
. "$src/tests/lib.sh"
im=$src/vdso_images
want="joined 4 threads (sum 6), time went back 0 times, waited at least 10 ms, on 2 CPUs"
u20=0
"$vdsosim" --version 2>/dev/null | grep -q 'Unicorn 2\.0' && u20=1
ppc=0 # a Unicorn that runs 64-bit PowerPC (tools/unicorn-ppc64.sh)?
"$vdsosim" call "$im/ppc64le/7.3-powerpc64le-vdso64.so" time >/dev/null 2>&1 && ppc=1
for pair in x86_64:x86_64/7.2.13+deb14-cloud-amd64-vdso64.so i386:x86_64/7.2.13+deb14-cloud-amd64-vdso32.so \
	arm64:arm64/7.2.13+deb14-cloud-arm64-vdso.so armhf:armhf/7.2.13+deb14-armmp-vdso.so \
	armhf:arm64/7.2.13+deb14-cloud-arm64-vdso32.so \
	riscv64:riscv64/7.2.13+deb14-riscv64-vdso.so s390x:s390x/7.2.13+deb14-s390x-vdso64.so \
	mipsel:mipsel/6.1.0-50-mips32r2el-vdso-o32.so mips64el:mips64el/6.12.95+deb12-mips64r2el-vdso-n64.so \
	ppc64le:ppc64le/7.2.13+deb14-powerpc64le-vdso64.so; do
	arch=${pair%%:*} img=$im/${pair#*:} prog=$dir/threads-$arch
	[ -x "$prog" ] || { echo "# skip $arch (not built)"; continue; }
	[ $arch = mips64el ] && [ $u20 = 1 ] && { echo "# skip mips64el (Unicorn 2.0 cannot run n64)"; continue; }
	[ $arch = ppc64le ] && [ $ppc = 0 ] && { echo "# skip ppc64le (the linked Unicorn cannot run it)"; continue; }
	out=$("$vdsosim" exec --cpus 2 --report "$tmp/a.json" "$img" "$prog" 2>&1)
	calls=$(jq '[.vdso_calls[] | select(.path == "vdso")] | length' "$tmp/a.json")
	tids=$(jq -c '[.threads[] | select(.vdso_calls > 0 and .exit == 0) | .tid] | length' "$tmp/a.json")
	# riscv's vDSO has no getcpu: sched_getcpu makes the syscall, the other 800 calls are the vDSO's
	[ "$out" = "$want" ] && [ "$calls" -ge 800 ] && [ "$tids" = 5 ] &&
		ok "$arch: 4 pthreads and main: '$out'; $calls vDSO calls in the vDSO, from 5 threads" ||
		bad "$arch: '$out', $calls vDSO calls, $tids threads calling it"
	"$vdsosim" exec --cpus 2 --report "$tmp/b.json" "$img" "$prog" >/dev/null 2>&1
	cmp -s "$tmp/a.json" "$tmp/b.json" && ok "$arch: two runs, the same report" || bad "$arch: two runs differ"
done

x86=$im/x86_64/7.2.13+deb14-cloud-amd64-vdso64.so prog=$dir/threads-x86_64
if [ -x "$prog" ]; then
	for s in 1 2; do "$vdsosim" exec --sched-seed 7 --report "$tmp/s$s.json" "$x86" "$prog" >"$tmp/s$s.out"; done
	order() { jq -c '[.vdso_calls[].tid]' "$1"; }
	cmp -s "$tmp/s1.json" "$tmp/s2.json" && [ "$(order "$tmp/s1.json")" != "$(order "$tmp/a.json")" ] &&
		[ "$(jq -r .schedule.rule "$tmp/s1.json")" = seeded ] && grep -q "^joined 4" "$tmp/s1.out" &&
		ok "--sched-seed 7: another interleaving of the threads' calls, the same on both runs" ||
		bad "--sched-seed: not another reproducible interleaving"
	"$vdsosim" exec --cpus 4 --report "$tmp/c.json" "$x86" "$prog" | grep -q "on 4 CPUs" &&
		ok "--cpus 4: the four workers' getcpu (in the vDSO) answer four CPUs" || bad "--cpus 4: not four CPUs"
	t0=$(date +%s)
	out=$("$vdsosim" exec --report "$tmp/z.json" "$x86" "$prog" sleep)
	t1=$(date +%s)
	[ "$out" = "slept 100 s" ] && [ $((t1 - t0)) -lt 10 ] &&
		ok "sleep(100) passes 100 s on the model's clock in $((t1 - t0)) s of wall time" || bad "sleep: '$out' in $((t1 - t0)) s"
	out=$("$vdsosim" exec "$x86" "$prog" deadlock 2>&1)
	rc=$?
	[ $rc = 122 ] && [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -q "deadlock: every thread waits" &&
		ok "a deadlock ends the run: exit 122, one line ($out)" || bad "deadlock: exit $rc, '$out'"
	out=$("$vdsosim" exec "$x86" "$prog" bomb 2>&1)
	[ "$out" = "pthread_create: EAGAIN after 255 threads" ] && ok "a thread bomb: clone answers EAGAIN past 256 threads" ||
		bad "bomb: '$out'"
	out=$("$vdsosim" exec --max-threads 8 "$x86" "$prog" bomb 2>&1)
	[ "$out" = "pthread_create: EAGAIN after 7 threads" ] && ok "--max-threads 8: EAGAIN after 7" || bad "--max-threads: '$out'"
	out=$("$vdsosim" exec --budget 50000000 --report "$tmp/p.json" "$x86" "$prog" spin 2>&1)
	rc=$? sw=$(jq .schedule.switches "$tmp/p.json")
	[ "$out" = "the spinner ran and was preempted: yes" ] && [ "$sw" -ge 2 ] &&
		ok "a thread that never yields is preempted at its slice's end ($sw switches); main exits" ||
		bad "spin: '$out', $sw switches"
	out=$("$vdsosim" exec "$x86" "$prog" badfutex 2>&1)
	[ "$out" = "futex on an unmapped address: -1 EFAULT" ] && ok "a futex on an unmapped address: EFAULT" || bad "badfutex: '$out'"
	# a tick landing inside the 11th call of thread 1002 is retried there; the others go on
	k=$(jq '[.vdso_calls | to_entries[] | select(.value.tid == 1002)][10].key' "$tmp/a.json")
	"$vdsosim" exec --cpus 2 --counter-per-insn 10000 --inject "tick@call:$k:load:1" --report "$tmp/i.json" "$x86" "$prog" \
		>"$tmp/i.out"
	got=$(jq -c ".vdso_calls[$k] | [.tid, .retries, .updates_landed]" "$tmp/i.json")
	[ "$got" = "[1002,1,1]" ] && grep -q "^joined 4" "$tmp/i.out" &&
		ok "tick@call:$k (thread 1002's 11th call): retried once in that thread, the run completes" ||
		bad "inject into a thread's call: $got"
fi

# the kernel's selftest, multi-threaded: its bench-multi with TRIALS and THREADS scaled down
# (arm64: the image as a kernel with FP patched it, or its vgetrandom says the CPU cannot)
for pair in x86_64:x86_64/7.2.13+deb14-cloud-amd64-vdso64.so arm64:arm64/7.2.13+deb14-cloud-arm64-vdso.so; do
	arch=${pair%%:*} prog=$st/$arch/vdso_test_getrandom-mt cpu=
	[ -x "$prog" ] || { echo "# skip getrandom-mt $arch (not built)"; continue; }
	[ $arch = arm64 ] && cpu="--cpu-flags fp"
	out=$("$vdsosim" exec $cpu --report "$tmp/g.json" "$im/${pair#*:}" "$prog" bench-multi 2>&1)
	# each of the 8 vDSO threads' states fetches its key once by the syscall; every other call is
	# answered in the vDSO
	n=$(jq '[.vdso_calls[] | select(.function == "getrandom" and .path == "vdso")] | length' "$tmp/g.json")
	ns=$(jq '[.vdso_calls[] | select(.function == "getrandom" and .path == "syscall")] | length' "$tmp/g.json")
	nt=$(jq '.threads | length' "$tmp/g.json")
	echo "$out" | grep -q "vdso: 1000 x 8 times" && [ $((n + ns)) -ge 8000 ] && [ "$ns" = 8 ] && [ "$nt" = 25 ] &&
		ok "$arch: vdso_test_getrandom bench-multi: $n getrandom calls in the vDSO, $ns key fetches, $nt threads" ||
		bad "$arch: getrandom bench-multi: $n + $ns calls, $nt threads: $(echo "$out" | tail -2)"
done
exit $fail
