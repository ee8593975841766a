#!/usr/bin/env bash
# vdsosim report over the whole bundled corpus: under 2 MB, self-contained (no URL fetched, no
# script), 0 disagreements and 0 violations, the same bytes for any -j; the Markdown matrix has
# known cells; bad input gets one message and exit 2.
#   tests/report.sh VDSOSIM SRCDIR
set -uo pipefail
vdsosim=$(realpath "$1")
cd "$2"
. tests/lib.sh
mapfile -t all < <(awk -F'\t' 'NR > 1 && $1 !~ /\.dbg$/ { print "vdso_images/" $1 }' vdso_images/manifest.tsv)
"$vdsosim" report "${all[@]}" -o "$tmp/a.html" -j 2 --quiet
rc=$?
size=$(wc -c <"$tmp/a.html")
[ $rc = 0 ] && ok "report of ${#all[@]} images exits 0 (no disagreement, no violation)" || bad "report exits $rc"
[ "$size" -lt 2000000 ] && ok "$size bytes, under 2 MB" || bad "$size bytes, over 2 MB"
grep -qiE '<script|<link|src="http|href="http|url\(' "$tmp/a.html" && bad "fetches or runs something" || ok "self-contained: no script, link or URL"
"$vdsosim" report "${all[@]}" -o "$tmp/b.html" -j 1 --quiet
cmp -s "$tmp/a.html" "$tmp/b.html" && ok "-j 1 and -j 2 give the same bytes" || bad "-j changes the page"
n=$(grep -o '<th class="i"' "$tmp/a.html" | wc -l)
[ "$n" = "${#all[@]}" ] && ok "one column per image ($n)" || bad "$n columns for ${#all[@]} images"

# Markdown: x86_64 6.12 vdso64 and arm64 7.2 in that order; CLOCK_MONOTONIC under each mode
"$vdsosim" report --markdown vdso_images/arm64/7.2.13+deb14-cloud-arm64-vdso.so \
	vdso_images/x86_64/6.12.95+deb12-cloud-amd64-vdso64.so >"$tmp/m.md"
head -1 "$tmp/m.md" | grep -q '| x86_64 6.12.95+deb12-cloud-amd64-vdso64.so | arm64 7.2.13+deb14-cloud-arm64-vdso.so |' &&
	ok "markdown: columns by architecture" || bad "markdown header: $(head -1 "$tmp/m.md")"
# x86_64 modes none,tsc,pvclock,hvclock; arm64 none,archtimer,archtimer_nocompat (the legend says)
grep -q '^| clock_gettime | CLOCK_MONOTONIC | s/v/v/v | s/v/v |$' "$tmp/m.md" && ok "markdown: CLOCK_MONOTONIC row" ||
	bad "markdown: $(grep '| CLOCK_MONOTONIC |' "$tmp/m.md" | head -1)"
grep -q '^| clock_gettime | CLOCK_PROCESS_CPUTIME_ID | s/s/s/s | s/s/s |$' "$tmp/m.md" && ok "markdown: CPU-time clocks fall back" ||
	bad "markdown: $(grep 'CPUTIME_ID |' "$tmp/m.md" | head -1)"
grep -q '^| getcpu | - | v/v/v/v | - |$' "$tmp/m.md" && ok "markdown: getcpu not exported on arm64" || bad "markdown getcpu: $(grep '^| getcpu' "$tmp/m.md")"
grep -q '^- x86_64: none, tsc, pvclock, hvclock$' "$tmp/m.md" && ok "markdown: mode legend" || bad "markdown legend: $(tail -3 "$tmp/m.md")"

# bad input: one message naming the file, exit 2, no page left behind
expect() { # expect WHAT PATTERN ARGS...
	local what=$1 pat=$2
	shift 2
	rm -f "$tmp/x.html"
	"$vdsosim" report "$@" >"$tmp/out" 2>"$tmp/err"
	local r=$?
	if [ $r = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "$pat" "$tmp/err" && [ ! -e "$tmp/x.html" ]; then
		ok "$what: exit 2, '$(cat "$tmp/err")'"
	else
		bad "$what: exit $r, $(head -c 300 "$tmp/err")"
	fi
}
head -c 200 vdso_images/x86_64/7.3-cloud-amd64-vdso64.so >"$tmp/trunc.so"
expect "a missing image" "nowhere.so" vdso_images/x86_64/7.3-cloud-amd64-vdso64.so nowhere.so -o "$tmp/x.html"
expect "a truncated image" "trunc.so" "$tmp/trunc.so" -o "$tmp/x.html"
expect "no image" "expected IMAGE" -o "$tmp/x.html"
expect "an unwritable output" "/nonexistent/dir/x.html" vdso_images/x86_64/7.3-cloud-amd64-vdso64.so -o /nonexistent/dir/x.html --quiet
exit $fail
