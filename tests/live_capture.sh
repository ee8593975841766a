#!/usr/bin/env bash
# `vdsosim dump` on this host (rdtsc trapped with PR_SET_TSC), then replay the real CPU's answers
# two ways: `vdsosim run DIR/replay.yaml`, and `vdsosim call` per captured value. Exit 77 (skip)
# where the host cannot. Usage: live_capture.sh VDSOSIM live_replay.sh
set -u
vdsosim=$1 replay=$2
[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] || { echo "SKIP: not x86_64 Linux"; exit 77; }
grep -qw tsc /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null ||
	{ echo "SKIP: clocksource is not tsc: the vDSO would not read the counter"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$vdsosim" dump -o "$dir" || { echo "SKIP: dump failed on this host"; exit 77; }
# the host's kernel must be one vdsosim has a layout for; otherwise this is a skip, not a failure
"$vdsosim" info "$dir/vdso.so" | grep -q '^layout: *x86' || { echo "SKIP: no layout for this kernel"; exit 77; }
"$vdsosim" run --tap "$dir/replay.yaml" || exit 1
bash "$replay" "$vdsosim" "$dir"
