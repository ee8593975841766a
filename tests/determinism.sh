#!/usr/bin/env bash
# -j and --shard never change the output of the CLI: check and explore, as JSON, byte for byte;
# and the shards' counts add up to the whole run. Usage: determinism.sh VDSOSIM SOURCE_DIR
set -u
vdsosim=$1 src=$2
img=$src/vdso_images/x86_64/6.18.44-fc-v669-live-vdso64.so
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok: $1"; fi; }
for cmd in "check $img --cases 4000" "explore $img clock_gettime --event tick --event settimeofday"; do
	name=${cmd%% *}
	$vdsosim $cmd --json -j 1 >"$tmp/$name-1.json"
	$vdsosim $cmd --json -j 2 >"$tmp/$name-2.json"
	$vdsosim $cmd --json --shard 1/2 >"$tmp/$name-s1.json"
	$vdsosim $cmd --json --shard 2/2 -j 2 >"$tmp/$name-s2.json"
	ok "$name -j 1 and -j 2 differ" "cmp -s $tmp/$name-1.json $tmp/$name-2.json"
	for f in cases calls mismatches points violations retries fallbacks; do
		whole=$(jq ".$f // 0" "$tmp/$name-1.json")
		parts=$(jq -s "map(.$f // 0) | add" "$tmp/$name-s1.json" "$tmp/$name-s2.json")
		ok "$name: $f of the shards ($parts) != the whole run ($whole)" "[ '$whole' = '$parts' ]"
	done
done
# run: the scenario library
sc=("$src"/tests/scenarios/*.yaml)
$vdsosim run --json -j 1 "${sc[@]}" >"$tmp/run-1.json"
$vdsosim run --json -j 2 "${sc[@]}" >"$tmp/run-2.json"
$vdsosim run --json --shard 1/2 "${sc[@]}" >"$tmp/run-s1.json"
$vdsosim run --json --shard 2/2 "${sc[@]}" >"$tmp/run-s2.json"
ok "run -j 1 and -j 2 differ" "cmp -s $tmp/run-1.json $tmp/run-2.json"
ok "run: the shards' scenarios are not the whole run's" \
	"[ \"\$(jq -c '[.scenarios[].name] | sort' $tmp/run-1.json)\" = \"\$(jq -sc 'map(.scenarios[].name) | sort' $tmp/run-s1.json $tmp/run-s2.json)\" ]"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
