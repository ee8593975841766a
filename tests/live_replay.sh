#!/usr/bin/env bash
# Replays captured.tsv (from vdsosim-capture) through `vdsosim call` and compares with the real
# CPU's answers to the nanosecond. Usage: live_replay.sh VDSOSIM DIR
set -u
vdsosim=$1 dir=$2
pass=0 fail=0
while IFS=$'\t' read -r vvar func clock counter ret sec sub; do
	[ "${vvar:0:1}" = "#" ] && continue
	args=("$dir/vdso.so" "$func")
	[ "$clock" != "-" ] && args+=("$clock")
	vclock=()
	[ -f "$dir/vvar_vclock.bin" ] && vclock=(--vclock "$dir/vvar_vclock.bin")
	out=$("$vdsosim" call "${args[@]}" --vvar "$dir/$vvar" "${vclock[@]}" --counter "$counter" --json)
	case $func in
	clock_gettime) want="$ret $sec $sub"; got=$(jq -r '"\(.ret) \(.tv_sec) \(.tv_nsec)"' <<<"$out") ;;
	gettimeofday) want="$ret $sec $sub"; got=$(jq -r '"\(.ret) \(.tv_sec) \(.tv_usec)"' <<<"$out") ;;
	time) want="$ret"; got=$(jq -r '.ret' <<<"$out") ;;
	esac
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "not ok: $func $clock counter $counter ($vvar): real CPU '$want', vdsosim '$got'"
	fi
done <"$dir/captured.tsv"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
