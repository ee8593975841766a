#!/bin/bash
# A kernel developer's verdict on a tree's vDSO images (what tools/kernel-vdso.sh leaves in OUT):
# every image through check (10000 cases), explore, audit, the kernel's vDSO selftests under
# exec, and the known-bug scenarios written for an image of its kind from the generic data store
# on (6.15+), re-pointed at it. One table; exit 1 on any finding, 2 on bad arguments.
# usage: kernel-verdict.sh VDSOSIM OUT [SELFTESTS]
#   SELFTESTS: the selftest programs (tests/selftests/build.sh OUTDIR); built into OUT when absent
set -u
v=$1 dir=$2 st=${3:-}
src=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$v" ] && [ -d "$dir" ] || { echo "usage: kernel-verdict.sh VDSOSIM OUT [SELFTESTS]" >&2; exit 2; }
if [ -z "$st" ]; then
	st=$dir/selftests
	[ -d "$st" ] || sh "$src/tests/selftests/build.sh" "$st" >"$dir/selftests-build.log" 2>&1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# image name (ARCH-NAME.so) -> the selftests' arch, and the bundled images whose scenarios apply
kind() {
	case $1 in
	x86_64-vdso64.so) echo "x86_64 x86_64/*vdso64.so" ;; x86_64-vdso32.so) echo "i386 x86_64/*vdso32.so" ;;
	x86_64-vdsox32.so) echo "x32 x86_64/*vdsox32.so" ;; arm64-vdso.so) echo "arm64 arm64/*vdso.so" ;;
	arm64-vdso32.so) echo "armhf arm64/*vdso32.so" ;; arm-vdso.so) echo "armhf armhf/*vdso.so" ;;
	riscv64-vdso.so) echo "riscv64 riscv64/*vdso.so" ;; s390x-vdso.so) echo "s390x s390x/*vdso64.so" ;;
	mips64el-vdso.so) echo "mips64 mips64el/*n64.so" ;; mips64el-vdso-o32.so | mipsel-vdso.so) echo "mips mips64el/*o32.so" ;;
	ppc64le-vdso64.so) echo "ppc64le ppc64le/*vdso64.so" ;;
	*) echo "- -" ;;
	esac
}
since_6_15() { # a bundled image's version, from its name
	local ver=${1#*/}
	ver=${ver%%[-+]*}
	local a=${ver%%.*} b=${ver#*.}
	b=${b%%.*}
	[ "$a" -gt 6 ] || { [ "$a" = 6 ] && [ "$b" -ge 15 ]; }
}
findings=0
cell() { # NAME COMMAND...: run, keep the output, print pass, skip or the failure
	local name=$1
	shift
	"$@" >"$tmp/$name.out" 2>&1
	local rc=$?
	if [ $rc = 0 ]; then echo pass
	elif [ $rc = 4 ] || [ $rc = 77 ] || grep -q 'the linked Unicorn' "$tmp/$name.out"; then echo "skip ($(grep -o 'Unicorn [0-9.]*' "$tmp/$name.out" | head -1))"
	else echo "**FAIL** ($rc)"; fi
}
printf '| image | layout | check | explore | audit | selftests | scenarios |\n|---|---|---|---|---|---|---|\n' >"$tmp/table"
shopt -s nullglob
for img in "$dir"/*.so; do
	base=$(basename "$img")
	read -r sarch pattern <<<"$(kind "$base")"
	layout=$("$v" info "$img" 2>&1 | sed -n 's/^layout: *//p')
	c=$(cell check "$v" check "$img" --cases 10000 --quiet)
	e=$(cell explore "$v" explore "$img" --quiet)
	a=$(cell audit "$v" audit "$img" --quiet)
	# the selftests of the image's arch (their own verdict: exit 0, no "not ok")
	s=- np=0 nf=0
	for t in vdso_test_abi vdso_test_gettimeofday vdso_test_getcpu vdso_test_correctness vdso_test_getrandom \
		vdso_standalone_test_x86; do
		prog=$st/$sarch/$t
		[ -x "$prog" ] || continue
		"$v" exec --budget 2000000000 "$img" "$prog" >"$tmp/st.out" 2>&1
		rc=$?
		if [ $rc = 0 ] && ! grep -q '^not ok' "$tmp/st.out"; then np=$((np + 1))
		elif [ $rc = 4 ] || grep -q 'the linked Unicorn' "$tmp/st.out" ||
			{ [ $t = vdso_test_getrandom ] && grep -q '^ok 1 getrandom: PASS' "$tmp/st.out"; }; then
			: # skipped, or 64-bit MIPS on Unicorn 2.0, or getrandom's forked time-namespace half
		else nf=$((nf + 1)); echo "not ok: ${prog##*/} on $base: exit $rc" >>"$tmp/details"; tail -5 "$tmp/st.out" >>"$tmp/details"
		fi
	done
	[ $((np + nf)) -gt 0 ] && s="$np passed, $nf failed"
	[ $nf = 0 ] || findings=$((findings + 1))
	# known-bug scenarios of its kind, pointed at this image
	n=0
	for y in "$src"/tests/scenarios/*.yaml; do
		im=$(sed -n 's|^image: *\.\./\.\./vdso_images/||p' "$y")
		[ -n "$im" ] && [ "$pattern" != - ] && [[ $im == $pattern ]] && since_6_15 "$im" || continue
		# paths in a scenario are relative to it
		sed -e "s|^image: .*|image: $img|" -e "s|: \.\./|: $src/tests/scenarios/../|g" "$y" >"$tmp/sc-$n-${y##*/}"
		n=$((n + 1))
	done
	sc=-
	if [ $n -gt 0 ]; then
		"$v" run --tap "$tmp"/sc-*.yaml >"$tmp/sc.out" 2>&1
		rc=$?
		sc="$(grep -c '^ok' "$tmp/sc.out")/$n"
		[ $rc = 0 ] || { findings=$((findings + 1)); sc="**FAIL** $sc"; grep '^not ok' "$tmp/sc.out" >>"$tmp/details"; }
		rm -f "$tmp"/sc-*.yaml
	fi
	for k in "check $c" "explore $e" "audit $a"; do
		case ${k#* } in
		pass | skip*) ;;
		*) findings=$((findings + 1)); { echo "${k%% *} $base:"; head -20 "$tmp/${k%% *}.out"; } >>"$tmp/details" ;;
		esac
	done
	echo "| $base | $layout | $c | $e | $a | $s | $sc |" >>"$tmp/table"
done
cat "$tmp/table"
[ -s "$tmp/details" ] && { echo; echo "findings:"; cat "$tmp/details"; }
if [ $findings = 0 ]; then echo "verdict: clean"; else echo "verdict: $findings finding(s)"; exit 1; fi
