#!/usr/bin/env bash
# Go under vdsosim exec: tests/go/clock.go built static (CGO_ENABLED=0) by bookworm's Go 1.19 and
# sid's Go 1.26 (tools/golang-1.26.sh) for every architecture where Go uses the vDSO and vdsosim
# emulates it, run against real images: the output is right, Go's own vDSO lookup finds
# clock_gettime (the report shows the calls in the vDSO), Go 1.26 calls getrandom in the vDSO on
# 6.11+ images, a 10 s sleep takes no wall time, and two runs give the same bytes. Go 1.19 on
# arm64 finds no vDSO on an image with DT_GNU_HASH (its arm64 symbol hash was wrong:
# golang/go#62309): every time.Now is a syscall there, as on a real kernel. Then `go test -c time`
# (with the tz database embedded: no files here) runs its clock tests on x86_64 and arm64.
# usage: go.sh VDSOSIM SOURCE_DIR WORK_DIR [GO126_ROOT [all|quick]]   (quick: amd64 and arm64 on 7.2,
# no `go test`: for the sanitized build)
set -u
vdsosim=$1 src=$2 work=$3 go126=${4:-} scope=${5:-all}
. "$src/tests/lib.sh"
im=$src/vdso_images
mkdir -p "$work"
u20=0
"$vdsosim" --version 2>/dev/null | grep -q 'Unicorn 2\.0' && u20=1
ppc=0 # a Unicorn that runs 64-bit PowerPC (tools/unicorn-ppc64.sh)?
"$vdsosim" call "$im/ppc64le/7.3-powerpc64le-vdso64.so" time >/dev/null 2>&1 && ppc=1
tools=
command -v go >/dev/null && tools="119:go"
g126=$go126/usr/lib/go-1.26/bin/go
[ -n "$go126" ] && [ -x "$g126" ] && tools="$tools 126:$g126"
[ -n "$tools" ] || { echo "# skip: no Go toolchain (apt-get install golang-go)"; exit 0; }
want="now after 2000: true
slept 10 s: true
tickers ticked: true
crypto/rand: true"
for tool in $tools; do
	v=${tool%%:*} go=${tool#*:}
	export GOTOOLCHAIN=local CGO_ENABLED=0 GOPATH=$work/gopath
	[ $v = 126 ] && export GOROOT=$(dirname "$(dirname "$g126")") || unset GOROOT
	for pair in amd64:x86_64/7.2.13+deb14-cloud-amd64-vdso64.so amd64:x86_64/6.1.0-50-cloud-amd64-vdso64.so \
		386:x86_64/7.2.13+deb14-cloud-amd64-vdso32.so arm64:arm64/6.1.0-50-cloud-arm64-vdso.so \
		arm64:arm64/7.2.13+deb14-cloud-arm64-vdso.so arm:armhf/7.2.13+deb14-armmp-vdso.so \
		riscv64:riscv64/7.2.13+deb14-riscv64-vdso.so s390x:s390x/7.2.13+deb14-s390x-vdso64.so \
		mips64le:mips64el/6.12.95+deb12-mips64r2el-vdso-n64.so ppc64le:ppc64le/7.2.13+deb14-powerpc64le-vdso64.so \
		ppc64le:ppc64le/6.12.95+deb12-powerpc64le-64k-vdso64.so; do
		ga=${pair%%:*} img=$im/${pair#*:} prog=$work/clock-$v-$ga name="go1.${v#1} $ga on ${pair#*/}"
		[ $scope = quick ] && case $pair in amd64:*7.2*|arm64:*7.2*) ;; *) continue ;; esac
		[ $ga = mips64le ] && [ $u20 = 1 ] && { echo "# skip $name (Unicorn 2.0 cannot run n64)"; continue; }
		[ $ga = ppc64le ] && [ $ppc = 0 ] && { echo "# skip $name (the linked Unicorn cannot run it)"; continue; }
		[ -x "$prog" ] || GOARCH=$ga "$go" build -o "$prog" "$src/tests/go/clock.go" ||
			{ bad "$name: go build failed"; continue; }
		t0=$(date +%s)
		out=$("$vdsosim" exec --report "$tmp/a.json" "$img" "$prog" 2>&1)
		t1=$(date +%s)
		"$vdsosim" exec --report "$tmp/b.json" "$img" "$prog" >"$tmp/b.out" 2>&1
		n=$(jq '[.vdso_calls[] | select(.function == "clock_gettime" and .path == "vdso")] | length' "$tmp/a.json")
		sc=$(jq '[.syscalls[] | select(.name == "clock_gettime")] | length' "$tmp/a.json")
		gr=$(jq '[.vdso_calls[] | select(.function == "getrandom" and .path == "vdso")] | length' "$tmp/a.json")
		same=$(cmp -s "$tmp/a.json" "$tmp/b.json" && [ "$out" = "$(cat "$tmp/b.out")" ] && echo yes)
		if [ "$out" != "$want" ] || [ "$same" != yes ] || [ $((t1 - t0)) -ge 8 ]; then
			bad "$name: '$(echo "$out" | tail -2 | tr '\n' ' ')', same bytes: ${same:-no}, $((t1 - t0)) s"
		elif [ $v = 119 ] && [ $ga = arm64 ] && [ "${pair#*/}" != 6.1.0-50-cloud-arm64-vdso.so ]; then
			[ "$n" = 0 ] && [ "$sc" -gt 10 ] &&
				ok "$name: runs; no vDSO found (golang/go#62309: a wrong hash on DT_GNU_HASH images), $sc clock_gettime syscalls" ||
				bad "$name: $n vDSO calls, $sc syscalls (want none in the vDSO: golang/go#62309)"
		elif [ "$n" -gt 10 ] && { [ $v = 119 ] || [ $ga != amd64 ] || case $img in *7.2*) [ "$gr" -gt 0 ];; *) true;; esac; }; then
			ok "$name: runs, sleeps in $((t1 - t0)) s, $n clock_gettime and $gr getrandom calls in the vDSO, the same bytes twice"
		else
			bad "$name: $n clock_gettime, $gr getrandom in the vDSO"
		fi
	done
	# the standard library's own tests of the clock (the ones that need no files and one CPU)
	# a CPU profile of a clock-reading loop: SIGPROF lands inside vDSO calls (Go's vdsoPC moment)
	for pair in amd64:x86_64/7.2.13+deb14-cloud-amd64-vdso64.so 386:x86_64/7.2.13+deb14-cloud-amd64-vdso32.so \
		arm64:arm64/6.1.0-50-cloud-arm64-vdso.so riscv64:riscv64/7.2.13+deb14-riscv64-vdso.so \
		arm:armhf/7.2.13+deb14-armmp-vdso.so s390x:s390x/7.2.13+deb14-s390x-vdso64.so \
		mips64le:mips64el/6.12.95+deb12-mips64r2el-vdso-n64.so ppc64le:ppc64le/7.2.13+deb14-powerpc64le-vdso64.so; do
		[ $scope = quick ] && break
		[ ${pair%%:*} = mips64le ] && [ $u20 = 1 ] && continue
		[ ${pair%%:*} = ppc64le ] && [ $ppc = 0 ] && continue
		ga=${pair%%:*} prog=$work/prof-$v-$ga name="go1.${v#1} $ga CPU profile"
		[ -x "$prog" ] || GOARCH=$ga "$go" build -o "$prog" "$src/tests/go/prof.go" || { bad "$name: go build failed"; continue; }
		out=$("$vdsosim" exec --report "$tmp/p.json" "$im/${pair#*:}" "$prog" 2>"$tmp/p.err")
		np=$(jq '[.signals[]? | select(.name == "SIGPROF")] | length' "$tmp/p.json")
		nv=$(jq '[.signals[]? | select(.name == "SIGPROF" and .vdso_call != null)] | length' "$tmp/p.json")
		[ "$out" = "profiled: true, clock reads: true" ] && [ "$np" -ge 20 ] && [ "$nv" -ge 3 ] &&
			ok "$name: $np SIGPROFs ($(jq '[.syscalls[] | select(.name == "timer_create" and .ret == 0)] | length' "$tmp/p.json") per-thread timer_create, SIGEV_THREAD_ID), $nv of them inside vDSO calls; the profile is written" ||
			bad "$name: '$out' $(tail -1 "$tmp/p.err"), $np SIGPROFs, $nv in the vDSO"
	done
	runs='^Test(Format|Parse|HasMonotonicClock|Monotonic|Sleep$|SleepZeroDeadlock|AfterFunc|AfterStress|After$|AfterTick|AfterStop|AfterQueuing|TimerStopStress|Ticker|Reset|Overflow|ZeroTimer)'
	for pair in amd64:x86_64/7.2.13+deb14-cloud-amd64-vdso64.so arm64:arm64/7.3-cloud-arm64-vdso.so; do
		[ $scope = quick ] && break
		ga=${pair%%:*} t=$work/time-$v-$ga.test
		[ -x "$t" ] || GOARCH=$ga "$go" test -tags timetzdata -c -o "$t" time >/dev/null 2>&1 ||
			{ bad "go1.${v#1} $ga: go test -c time failed"; continue; }
		out=$("$vdsosim" exec --budget 20000000000 "$im/${pair#*:}" "$t" -test.short -test.v -test.run "$runs" 2>&1)
		np=$(echo "$out" | grep -c '^--- PASS') nf=$(echo "$out" | grep -c '^--- FAIL')
		[ "$(echo "$out" | tail -1)" = PASS ] && [ "$np" -ge 30 ] && [ "$nf" = 0 ] &&
			ok "go1.${v#1} $ga: go test time: $np clock tests pass under exec" ||
			bad "go1.${v#1} $ga: go test time: $np pass, $nf fail: $(echo "$out" | grep -m3 -- '--- FAIL\|fatal\|vdsosim')"
	done
done
exit $fail
