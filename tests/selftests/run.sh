#!/usr/bin/env bash
# Run every built vDSO selftest under `vdsosim exec` against every bundled image of its
# architecture, require the selftest's own verdict (exit status 0, no "not ok" TAP line), and
# write the table (selftests.md in the current directory).
# usage: run.sh VDSOSIM SOURCE_DIR SELFTEST_DIR
set -u
vdsosim=$1 src=$2 st=$3
if [ ! -d "$st" ] || [ -z "$(ls "$st" 2>/dev/null)" ]; then
	echo "# SKIP: no selftests built in $st (tests/selftests/build.sh needs Debian's cross compilers)"
	exit 77
fi
arch_of() {
	case $1 in
	x86_64/*vdso64.so) echo x86_64 ;; x86_64/*vdso32.so | i386/*) echo i386 ;; x86_64/*vdsox32.so) echo x32 ;;
	arm64/*vdso32.so | armhf/*) echo armhf ;; arm64/*vdso.so) echo arm64 ;; riscv64/*) echo riscv64 ;;
	*r6el-vdso-*) ;; # R6 runs no R2 program, and Debian's R6 toolchains are not installed here
	mipsel/* | mips64el/*-o32.so) echo mips ;; mips64el/*-n64.so) echo mips64 ;; s390x/*vdso64.so) echo s390x ;;
	ppc64le/*) echo ppc64le ;;
	esac
}
tests="vdso_test_abi vdso_test_gettimeofday vdso_test_getcpu vdso_test_correctness vdso_test_correctness-dyn vdso_test_getrandom vdso_standalone_test_x86"
# a dynamic program's / : the host's for x86_64 and x32, Debian's cross libc for the others
sysroot_of() {
	case $1 in
	x86_64 | x32) echo / ;; i386) echo /usr/i686-linux-gnu ;; arm64) echo /usr/aarch64-linux-gnu ;;
	armhf) echo /usr/arm-linux-gnueabihf ;; riscv64) echo /usr/riscv64-linux-gnu ;; mips) echo /usr/mipsel-linux-gnu ;;
	mips64) echo /usr/mips64el-linux-gnuabi64 ;; s390x) echo /usr/s390x-linux-gnu ;;
	ppc64le) echo /usr/powerpc64le-linux-gnu ;;
	esac
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skip=0
{
	printf '| arch | image |'
	for t in $tests; do printf ' %s |' "${t#vdso_}"; done
	printf '\n|---|---|'
	for t in $tests; do printf -- '---|'; done
	printf '\n'
} >selftests.md
while IFS=$'\t' read -r rel _; do
	[ "$rel" = rel ] && continue
	case $rel in *.dbg) continue ;; esac # the same code as the image beside it
	arch=$(arch_of "$rel")
	[ -n "$arch" ] && [ -d "$st/$arch" ] || continue
	row="| $arch | ${rel#*/} |"
	for t in $tests; do
		prog=$st/$arch/$t
		if [ ! -x "$prog" ]; then row="$row - |"; continue; fi
		sr=()
		case $t in *-dyn) sr=(--sysroot "$(sysroot_of "$arch")") ;; esac
		"$vdsosim" exec "${sr[@]}" --budget 2000000000 "$src/vdso_images/$rel" "$prog" >"$tmp/out" 2>&1
		rc=$?
		if [ $rc = 0 ] && ! grep -q '^not ok' "$tmp/out"; then
			cell=pass; pass=$((pass + 1))
		elif [ $rc = 4 ]; then
			cell=skip; skip=$((skip + 1))
		elif grep -q 'the linked Unicorn' "$tmp/out"; then # 64-bit MIPS on 2.0.1, ppc64le unpatched
			cell="skip (Unicorn)"; skip=$((skip + 1))
		elif [ "$t" = vdso_test_getrandom ] && grep -q '^ok 1 getrandom: PASS' "$tmp/out" &&
			grep -q 'unshare(CLONE_NEWTIME)' "$tmp/out"; then
			# its second test forks a ptraced child in a new time namespace: no fork here
			cell="pass 1/2 (2: fork)"; pass=$((pass + 1))
		else
			cell="**FAIL** ($rc)"; fail=$((fail + 1))
			echo "not ok: $t on $rel: exit $rc"
			tail -5 "$tmp/out" | sed 's/^/    /'
		fi
		row="$row $cell |"
	done
	echo "$row" >>selftests.md
done <"$src/vdso_images/manifest.tsv"
# s390x patched for a z13 (facility 129): vgetrandom's vector ChaCha20 in the vDSO
if [ -x "$st/s390x/vdso_test_getrandom" ]; then
	"$vdsosim" exec --cpu-flags fac45,fac129 --budget 2000000000 "$src/vdso_images/s390x/7.2.13+deb14-s390x-vdso64.so" \
		"$st/s390x/vdso_test_getrandom" >"$tmp/out" 2>&1
	if grep -q '^ok 1 getrandom: PASS' "$tmp/out"; then pass=$((pass + 1)); echo "ok: s390x 7.2 for a z13: vdso_test_getrandom 1 passes"
	else fail=$((fail + 1)); echo "not ok: s390x 7.2 for a z13: vdso_test_getrandom"; tail -5 "$tmp/out"; fi
fi
cat selftests.md
echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
