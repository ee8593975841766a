#!/usr/bin/env bash
# Rust std under vdsosim exec: tests/rust/clock.rs built with crt-static by the host's rustc
# (bookworm's rustc), and as rustc builds by default (dynamic: ld.so, libgcc_s and libc from the
# host's / as the sysroot), run on an x86_64 image: std's start-up (its poll of fds 0-2,
# sigaltstack), Instant and SystemTime through glibc's vDSO calls, a sleep, spawned threads that
# are joined; the same bytes on two runs.
# usage: rust.sh VDSOSIM SOURCE_DIR WORK_DIR
set -u
vdsosim=$1 src=$2 work=$3
. "$src/tests/lib.sh"
command -v rustc >/dev/null || { echo "# skip: no rustc (apt-get install rustc)"; exit 0; }
mkdir -p "$work"
rustc -O -C target-feature=+crt-static "$src/tests/rust/clock.rs" -o "$work/clock-rust" 2>"$work/rustc.log" &&
	rustc -O "$src/tests/rust/clock.rs" -o "$work/clock-rust-dyn" 2>>"$work/rustc.log" ||
	{ bad "rustc failed: $(tail -3 "$work/rustc.log")"; exit $fail; }
img=$src/vdso_images/x86_64/7.2.13+deb14-cloud-amd64-vdso64.so
want="epoch secs > 0: true
slept >= 30ms: true
thread 0 ok true
thread 1 ok true
thread 2 ok true"
for kind in static dynamic; do
	prog=$work/clock-rust sr=()
	[ $kind = dynamic ] && prog=$work/clock-rust-dyn sr=(--sysroot /)
	out=$("$vdsosim" exec "${sr[@]}" --report "$tmp/a.json" "$img" "$prog" 2>&1)
	"$vdsosim" exec "${sr[@]}" --report "$tmp/b.json" "$img" "$prog" >"$tmp/b.out" 2>&1
	n=$(jq '[.vdso_calls[] | select(.path == "vdso")] | length' "$tmp/a.json")
	nt=$(jq '.threads | length' "$tmp/a.json")
	uns=$(jq -c '[.unsupported[].name]' "$tmp/a.json")
	libs=$(jq -c '[.link_maps[].path | split("/") | last]' "$tmp/a.json")
	[ "$out" = "$want" ] && [ "$n" -ge 5 ] && [ "$nt" = 4 ] &&
		ok "Rust std ($kind): '$(echo "$out" | tr '\n' ' ')'; $n vDSO calls in the vDSO from $nt threads; unsupported: $uns; mapped: $libs" ||
		bad "Rust std ($kind): '$out', $n vDSO calls, $nt threads, unsupported $uns"
	cmp -s "$tmp/a.json" "$tmp/b.json" && [ "$out" = "$(cat "$tmp/b.out")" ] && ok "Rust std ($kind): two runs, the same bytes" ||
		bad "Rust std ($kind): two runs differ"
done
exit $fail
