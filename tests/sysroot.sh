#!/usr/bin/env bash
# --sysroot: what a guest reaches of the directory it is handed, and nothing else.
#  - a tree of hostile links (absolute ones to /etc, relative ones that climb, /proc/self/root of
#    its own, a loop, a FIFO): every path lands inside it, writes get EROFS (tests/clients/files.c);
#  - bad input: a sysroot that is not a directory, a dynamic program without one, a missing
#    interpreter, one of another architecture, a link loop, a truncated libc (ld.so's refusal, or
#    SIGBUS past the file's end), a mapping over the vDSO: one line each and its exit status;
#  - Debian's own arm64 coreutils, unpacked from its packages (tools/sysroot.sh; skipped without
#    the network): `date -u +%s` gives --realtime, `sleep 1` takes one second of the model's time.
# usage: sysroot.sh VDSOSIM SOURCE_DIR CLIENT_DIR WORK_DIR (WORK_DIR/sysroot-arm64: tools/sysroot.sh's)
set -u
vdsosim=$1 src=$2 dir=$3 work=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "not ok: $*"; }
img=$src/vdso_images/x86_64/7.2.13+deb14-cloud-amd64-vdso64.so
files=$dir/files-x86_64
if [ ! -x "$files" ]; then echo "# SKIP: $files not built"; exit 77; fi

# ---- the hostile tree ----
R=$tmp/root
mkdir -p "$R/etc" "$R/sub/dir" "$R/proc/self" "$R/dev"
echo guest-passwd >"$R/etc/passwd"
ln -s /etc "$R/etc-link"
ln -s ../../../../../../etc "$R/up"
ln -s loop2 "$R/loop" && ln -s loop "$R/loop2"
ln -s / "$R/proc/self/root"
echo not-the-kernels >"$R/dev/null"
mkfifo "$R/fifo"
ln -s /sub/dir/../../etc/passwd "$R/abs"
"$vdsosim" exec --sysroot "$R" --report "$tmp/files.json" "$img" "$files" ../../../../etc/passwd /etc-link/passwd \
	/up/passwd /proc/self/root/etc/passwd /loop /fifo write:/etc/passwd write:/new ls:/ ls:/etc readlink:/etc-link \
	stat:/etc stat:/etc/passwd cd:/sub/../etc-link passwd /abs /dev/null /sub/dir/../../../etc/passwd /etc/passwd/ \
	>"$tmp/out" 2>&1
cat >"$tmp/want" <<'W'
../../../../etc/passwd: "guest-passwd"
/etc-link/passwd: "guest-passwd"
/up/passwd: "guest-passwd"
/proc/self/root/etc/passwd: ENOENT
/loop: ELOOP
/fifo: EACCES
write:/etc/passwd: EROFS
write:/new: EROFS
ls:/: . .. abs etc etc-link fifo loop loop2 sub up
ls:/etc: . .. passwd
readlink:/etc-link: /etc
stat:/etc: dir 755 4096
stat:/etc/passwd: file 644 13
cd:/sub/../etc-link: /etc
passwd: "guest-passwd"
/abs: "guest-passwd"
/dev/null: ENOENT
/sub/dir/../../../etc/passwd: "guest-passwd"
/etc/passwd/: ENOTDIR
W
if diff -u "$tmp/want" "$tmp/out"; then ok "hostile links, .., /proc/self/root, a loop, a FIFO, writes: all inside the sysroot"
else bad "the hostile tree (diff above)"; fi
if [ "$(jq '[.files[] | select(.ret >= 0)] | length' "$tmp/files.json")" = 8 ]; then
	ok "the report lists the 15 opens, 8 of them succeeded"
else bad "the report's files: $(jq -c .files "$tmp/files.json")"; fi

# ---- bad input: one line, the table's exit status ----
expect() { # what status pattern args...
	local what=$1 want=$2 pat=$3
	shift 3
	"$vdsosim" exec "$@" >"$tmp/out" 2>&1
	local rc=$?
	if [ $rc = "$want" ] && [ "$(wc -l <"$tmp/out")" = 1 ] && grep -q -- "$pat" "$tmp/out"; then ok "$what: exit $rc, $(cat "$tmp/out")"
	else bad "$what: exit $rc (want $want, /$pat/)"; cat "$tmp/out"; fi
}
dyn=$dir/libc_clock-dyn-x86_64
expect "a sysroot that is a file" 125 "not a directory" --sysroot "$R/etc/passwd" "$img" "$files"
expect "a sysroot that does not exist" 125 "no such directory" --sysroot "$tmp/none" "$img" "$files"
if [ -x "$dyn" ]; then
	expect "a dynamic program without a sysroot" 126 "files come only from a sysroot (--sysroot DIR" "$img" "$dyn"
	expect "no interpreter in the sysroot" 126 "its interpreter /lib64/ld-linux-x86-64.so.2: no such file" \
		--sysroot "$R" "$img" "$dyn"
	L=$tmp/loop && mkdir -p "$L" && ln -s lib64 "$L/lib64x" && ln -s lib64x "$L/lib64"
	expect "an interpreter behind a link loop" 126 "a symlink loop" --sysroot "$L" "$img" "$dyn"
	if [ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ]; then
		A=$tmp/other && mkdir -p "$A/lib64" && cp -L /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 "$A/lib64/ld-linux-x86-64.so.2"
		expect "an interpreter of another architecture" 126 "is arm64, the program x86_64" --sysroot "$A" "$img" "$dyn"
	fi
	T=$tmp/trunc && mkdir -p "$T/lib64" "$T/lib/x86_64-linux-gnu"
	cp -L /lib64/ld-linux-x86-64.so.2 "$T/lib64/" && head -c 500 /lib/x86_64-linux-gnu/libc.so.6 >"$T/lib/x86_64-linux-gnu/libc.so.6"
	# ld.so's own refusal, as on Linux: one line and its 127
	expect "a truncated libc.so.6" 127 "error while loading shared libraries: .*libc.so.6: cannot read file data" --sysroot "$T" "$img" "$dyn"
	# cut after its headers: ld.so maps segments past the file's end and touches them: SIGBUS, as on Linux
	head -c 5000 /lib/x86_64-linux-gnu/libc.so.6 >"$T/lib/x86_64-linux-gnu/libc.so.6"
	expect "a libc.so.6 cut after its headers" 135 "bus error at pc .*lies past the end of the file mapped there" \
		--sysroot "$T" "$img" "$dyn"
fi
if [ -x "$dyn" ]; then # a scenario's exec step with its sysroot
	cat >"$tmp/dyn.yaml" <<Y
name: "exec: glibc dynamic, ld.so and libc from the sysroot"
image: $img
state: { clocksource: tsc }
steps:
  - exec:
      program: $dyn
      sysroot: /
      expect: { exit_status: 0, vdso_syscalls: 0, output: "time 1767225" }
Y
	if "$vdsosim" run --tap "$tmp/dyn.yaml" >"$tmp/out" 2>&1; then ok "a scenario's exec step with sysroot: /"
	else bad "the scenario with a sysroot"; cat "$tmp/out"; fi
fi
expect "a file mapped over the vDSO" 126 "mmap(MAP_FIXED) of .* from a file would replace the vDSO" --sysroot "$R" "$img" \
	"$files" mapvdso:/etc/passwd

# ---- Debian's arm64 coreutils ----
A=$work/sysroot-arm64
aimg=$src/vdso_images/arm64/7.2.13+deb14-cloud-arm64-vdso.so
if [ -x "$A/bin/date" ]; then
	out=$("$vdsosim" exec --realtime @1800000000 --sysroot "$A" "$aimg" "$A/bin/date" -u +%s 2>&1)
	if [ "$out" = 1800000000 ]; then ok "arm64 coreutils date -u +%s (from the sysroot's /bin): $out"
	else bad "arm64 date: $out"; fi
	hz=2600000000
	"$vdsosim" exec --freq $hz --sysroot "$A" --report "$tmp/s0.json" "$aimg" "$A/bin/sleep" 0 >/dev/null 2>&1
	"$vdsosim" exec --freq $hz --sysroot "$A" --report "$tmp/s1.json" "$aimg" "$A/bin/sleep" 1 >/dev/null 2>&1
	d=$(($(jq .counter "$tmp/s1.json") - $(jq .counter "$tmp/s0.json")))
	if [ $((d / hz)) = 1 ]; then ok "arm64 coreutils sleep 1: the model's counter moved $d (1 s at $hz Hz)"
	else bad "arm64 sleep 1: the counter moved $d at $hz Hz"; fi
else skip=$((skip + 1)); echo "skip: no arm64 coreutils sysroot in $A (tools/sysroot.sh needs the network)"; fi
echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
