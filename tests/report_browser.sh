#!/usr/bin/env bash
# The report and a timeline in a real browser (Debian's headless Chromium): no console errors, the
# matrix has the expected number of cells, a known cell reads "syscall", the page fits a phone's
# width and a desktop's (the matrix scrolls inside its box, the page does not), the timeline draws
# the known backwards steps. Screenshots go to ARTIFACTS (default: BUILD/artifacts).
#   tests/report_browser.sh VDSOSIM [ARTIFACTS]
# Exit 77 (skip) where there is no Chromium, with the reason.
set -euo pipefail
vdsosim=$(realpath "$1")
cd "$(dirname "$0")/.."
art=${2:-$(dirname "$vdsosim")/artifacts}
mkdir -p "$art"
art=$(realpath "$art")
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
	echo "SKIP: no Chromium here (apt-get install chromium; .ci/run installs it)"
	exit 77
fi
. tests/lib.sh

chrome() { # chrome WIDTHxHEIGHT URL [--screenshot=FILE]
	local size=$1 url=$2
	shift 2
	timeout 120 "$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
		--user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 --window-size="${size/x/,}" \
		--virtual-time-budget=5000 "$@" "$url"
}

# a copy with the probe: an error listener first in <head>, the measurement last in <body>
probe() { # probe PAGE PROBE OUT
	sed -e "s|<head>|<head>$(tr -d '\n' <tests/browser/probe-head.html | sed 's/[\\&|]/\\&/g')|" "$1" >"$3.tmp"
	sed -e "s|</body>|$(tr -d '\n' <"$2" | sed 's/[\\&|]/\\&/g')</body>|" "$3.tmp" >"$3"
	rm -f "$3.tmp"
}

# measure PAGE WIDTHxHEIGHT -> the probe's JSON on stdout, console errors to $tmp/console. The page
# runs in a frame of exactly that size (a headless window is at least 500 pixels wide; a frame
# is the viewport its media queries see), and the probe posts its findings to the frame's parent.
measure() {
	local w=${2%x*} h=${2#*x}
	sed -e "s|PAGE|$(basename "$1")|; s|WIDTH|$w|; s|HEIGHT|$h|" tests/browser/frame.html >"$(dirname "$1")/frame.html"
	chrome 1400x1000 "file://$(dirname "$1")/frame.html" --dump-dom 2>"$tmp/stderr" |
		sed -n 's|.*<pre id="probe">\(.*\)</pre>.*|\1|p' |
		sed 's/&quot;/"/g; s/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g'
	grep -E 'CONSOLE|Uncaught' "$tmp/stderr" | grep -iE 'error|uncaught' >"$tmp/console" || true
}

images="vdso_images/x86_64/6.12.95+deb12-cloud-amd64-vdso64.so vdso_images/x86_64/6.12.95+deb12-cloud-amd64-vdso32.so
vdso_images/arm64/7.2.13+deb14-cloud-arm64-vdso.so vdso_images/riscv64/6.12.107+deb13-riscv64-vdso.so
vdso_images/s390x/6.12.95+deb12-s390x-vdso64.so vdso_images/ppc64le/6.1.0-50-powerpc64le-vdso64.so"
VDSOSIM_NO_PROGRESS=1 "$vdsosim" report $images -o "$tmp/report.html" || { bad "report exits $?"; exit 1; }
VDSOSIM_NO_PROGRESS=1 "$vdsosim" run tests/scenarios/*.yaml --html "$tmp/timeline.html" >/dev/null || { bad "run --html"; exit 1; }
probe "$tmp/report.html" tests/browser/probe-report.html "$tmp/report-probe.html"
probe "$tmp/timeline.html" tests/browser/probe-timeline.html "$tmp/timeline-probe.html"

# the checker catches what it must: a page that throws
printf '<!DOCTYPE html><html><head></head><body><script>throw new Error("deliberate")</script></body></html>' >"$tmp/throw.html"
probe "$tmp/throw.html" tests/browser/probe-timeline.html "$tmp/throw-probe.html" 2>/dev/null || true
j=$(measure "$tmp/throw-probe.html" 800x600 || true)
if grep -q deliberate "$tmp/console" || echo "$j" | grep -q deliberate; then ok "a throwing page is caught"; else bad "a throwing page went unseen ($j)"; fi

for size in 1366x900 390x844; do
	j=$(measure "$tmp/report-probe.html" $size)
	[ -n "$j" ] || { bad "report at $size: no probe output"; continue; }
	[ ! -s "$tmp/console" ] && [ "$(echo "$j" | jq '.errors|length')" = 0 ] && ok "report at $size: no console errors" ||
		bad "report at $size: console errors: $(cat "$tmp/console") $(echo "$j" | jq -c .errors)"
	# 43 rows (clock_gettime, clock_getres, clock_gettime64: 13 clock ids each; gettimeofday, time,
	# getcpu, riscv's flush_icache) x 6 images
	[ "$(echo "$j" | jq .cells)" = 258 ] && [ "$(echo "$j" | jq .rows)" = 43 ] && [ "$(echo "$j" | jq .columns)" = 6 ] &&
		ok "report at $size: 258 matrix cells (43 rows x 6 images)" || bad "report at $size: cells $(echo "$j" | jq -c '[.cells,.rows,.columns]')"
	echo "$j" | jq -r .known | grep -q '^none: syscall (clock_gettime)' &&
		echo "$j" | jq -r .known_tsc | grep -q '^tsc: vdso,' &&
		ok "report at $size: x86_64 6.12 CLOCK_MONOTONIC reads syscall under hpet (none), vdso under tsc" ||
		bad "report at $size: known cell: $(echo "$j" | jq -c '[.known,.known_tsc]')"
	[ "$(echo "$j" | jq '.scroll <= .width')" = true ] && [ "$(echo "$j" | jq '.matrix_box > 0 and .matrix_box <= .width')" = true ] &&
		ok "report at $size: fits the width ($(echo "$j" | jq -c '[.width,.scroll,.matrix_box]'))" ||
		bad "report at $size: overflows: $(echo "$j" | jq -c '[.width,.scroll,.matrix_box]')"
	[ "$(echo "$j" | jq .heatmaps)" -ge 5 ] && ok "report at $size: $(echo "$j" | jq .heatmaps) heatmaps" || bad "report at $size: heatmaps $(echo "$j" | jq .heatmaps)"

	t=$(measure "$tmp/timeline-probe.html" $size)
	[ -n "$t" ] || { bad "timeline at $size: no probe output"; continue; }
	[ ! -s "$tmp/console" ] && [ "$(echo "$t" | jq '.errors|length')" = 0 ] && ok "timeline at $size: no console errors" ||
		bad "timeline at $size: console errors: $(cat "$tmp/console")"
	n=$(ls tests/scenarios/*.yaml | wc -l)
	[ "$(echo "$t" | jq .sections)" = "$n" ] && ok "timeline at $size: $n scenarios drawn" || bad "timeline at $size: sections $(echo "$t" | jq .sections) of $n"
	# 6.1 wraps past max_cycles (backwards steps); the overflow-protected kernel does not
	[ "$(echo "$t" | jq '.back["bug 2: delta beyond max_cycles, 6.1 wraps"] > 0')" = true ] &&
		[ "$(echo "$t" | jq '.back["bug 2: delta beyond max_cycles, overflow-protected kernel"]')" = 0 ] &&
		ok "timeline at $size: backwards steps where 6.1 wraps, none where it is protected" ||
		bad "timeline at $size: backwards steps $(echo "$t" | jq -c .back)"
	[ "$(echo "$t" | jq '.scroll <= .width and .svg_width <= .width')" = true ] && ok "timeline at $size: fits the width" ||
		bad "timeline at $size: overflows $(echo "$t" | jq -c '[.width,.scroll,.svg_width]')"
done

# screenshots of the pages as they are (no probe), as CI artifacts
cp "$tmp/report.html" "$art/report.html"
cp "$tmp/timeline.html" "$art/timeline.html"
chrome 1366x2200 "file://$tmp/report.html" --screenshot="$art/report-desktop.png" >/dev/null 2>&1
chrome 390x1600 "file://$tmp/report.html" --screenshot="$art/report-phone.png" >/dev/null 2>&1
chrome 1100x1500 "file://$tmp/timeline.html" --screenshot="$art/timeline-desktop.png" >/dev/null 2>&1
chrome 390x1400 "file://$tmp/timeline.html" --screenshot="$art/timeline-phone.png" >/dev/null 2>&1
for s in report-desktop report-phone timeline-desktop timeline-phone; do
	[ -s "$art/$s.png" ] && ok "screenshot $art/$s.png" || bad "no screenshot $s"
done
exit $fail
