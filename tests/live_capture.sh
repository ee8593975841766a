#!/usr/bin/env bash
# Capture this host's vDSO, [vvar] pages and the real CPU's answers (rdtsc trapped with
# PR_SET_TSC), then replay them through `vdsosim call`. Exit 77 (skip) where the host cannot.
# Usage: live_capture.sh VDSOSIM_CAPTURE VDSOSIM live_replay.sh
set -u
capture=$1 vdsosim=$2 replay=$3
[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] || { echo "SKIP: not x86_64 Linux"; exit 77; }
grep -qw tsc /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null ||
	{ echo "SKIP: clocksource is not tsc: the vDSO would not read the counter"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$capture" -o "$dir" || { echo "SKIP: capture failed on this host"; exit 77; }
# the host's kernel must be one vdsosim has a layout for; otherwise this is a skip, not a failure
"$vdsosim" info "$dir/vdso.so" | grep -q '^layout: *x86' || { echo "SKIP: no layout for this kernel"; exit 77; }
bash "$replay" "$vdsosim" "$dir"
