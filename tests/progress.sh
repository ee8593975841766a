#!/usr/bin/env bash
# Progress on long runs: shown on a terminal (a pty from script(1)), with done/total, the image
# and an ETA; absent from a pipe, absent with --quiet, and never mixed into JSON on stdout.
#   tests/progress.sh VDSOSIM SRCDIR
set -uo pipefail
vdsosim=$(realpath "$1")
cd "$2"
command -v script >/dev/null || { echo "SKIP: no script(1) to make a terminal"; exit 77; }
. tests/lib.sh
a=vdso_images/x86_64/6.12.95+deb12-cloud-amd64-vdso64.so
b=vdso_images/arm64/7.2.13+deb14-cloud-arm64-vdso.so
esc=$'\033'
# a terminal: script runs the command on a pty and writes what the terminal got
onterm() { script -qefc "$1" "$tmp/typescript" >/dev/null 2>&1; cat "$tmp/typescript"; }

for cmd in "check $a $b --cases 3000" "explore $a $b" "run tests/scenarios/bug01-behind-cycle-last.yaml tests/scenarios/bug18-hpet-fallback.yaml" \
	"report $a $b -o $tmp/r.html"; do
	verb=${cmd%% *}
	out=$(onterm "$vdsosim $cmd")
	if grep -q "${esc}\[K$verb [0-9]*/[0-9]* *[0-9]*% ETA" <<<"$out"; then
		ok "$verb on a terminal: $(grep -o "$verb [0-9]*/[0-9]* *[0-9]*% ETA [-0-9:]*" <<<"$out" | tail -1)"
	else
		bad "$verb on a terminal shows no progress: $(head -c 300 <<<"$out" | od -c | head -5)"
	fi
	if [ "$verb" != run ]; then
		grep -a "${esc}\[K$verb 2/2" <<<"$out" | grep -qF "$(basename "$b")" && ok "$verb: names the image at hand" ||
			bad "$verb: the second image is not named"
	fi
	out=$(onterm "$vdsosim $cmd --quiet")
	grep -q "${esc}\[K$verb [0-9]" <<<"$out" && bad "$verb --quiet still shows progress" || ok "$verb --quiet: none"
	"$vdsosim" $cmd 2>"$tmp/err" | cat >/dev/null
	[ ! -s "$tmp/err" ] && ok "$verb into a pipe: nothing on stderr" || bad "$verb into a pipe: $(head -c 200 "$tmp/err")"
done
# JSON on stdout stays clean while the terminal shows progress
out=$(onterm "$vdsosim explore $a $b --json > $tmp/e.json")
grep -q "${esc}\[Kexplore 1/2" <<<"$out" && jq -e '.images|length == 2' "$tmp/e.json" >/dev/null &&
	ok "explore --json: progress on the terminal, clean JSON in the file" || bad "explore --json: $(head -c 200 "$tmp/e.json")"
exit $fail
