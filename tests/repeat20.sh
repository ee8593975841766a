#!/usr/bin/env bash
# 20 runs of survey, check and explore on 3 images (three architectures) give byte-identical
# JSON; odd runs use one thread, even runs two. Usage: repeat20.sh VDSOSIM SOURCE_DIR
set -u
vdsosim=$1 src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for img in x86_64/6.18.44-fc-v669-live-vdso64.so arm64/6.12.95+deb12-cloud-arm64-vdso.so \
	x86_64/6.1.0-50-cloud-amd64-vdso32.so; do
	for cmd in "survey" "check --cases 300 --seed 7" "explore clock_gettime monotonic --event tick --event ntp"; do
		sub=${cmd%% *} args=${cmd#"$sub"} name="$sub $img"
		for run in $(seq 1 20); do
			jobs=()
			[ "$sub" = survey ] || jobs=(-j $((run % 2 + 1)))
			# shellcheck disable=SC2086
			"$vdsosim" "$sub" "$src/vdso_images/$img" $args "${jobs[@]}" --json >"$tmp/$run.json" 2>"$tmp/err"
		done
		same=1
		for r in $(seq 2 20); do cmp -s "$tmp/1.json" "$tmp/$r.json" || same=0; done
		if [ -s "$tmp/1.json" ] && [ $same = 1 ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "not ok: $name: the 20 runs differ (or produced nothing)"
			cat "$tmp/err"
		fi
	done
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
