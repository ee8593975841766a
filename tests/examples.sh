#!/usr/bin/env bash
# Install the library into a fresh prefix, build each example against that prefix alone with
# pkg-config (as a user would), run them, and require their documented output.
# Usage: examples.sh BUILD_DIR SOURCE_DIR
set -u
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/p" >/dev/null || { echo "install failed"; exit 1; }
pcdir=$(dirname "$(find "$tmp/p" -name vdsosim.pc | head -1)")
libdir=$(dirname "$pcdir")
export PKG_CONFIG_PATH=$pcdir
pass=0 fail=0
for f in "$tmp/p/include/vdsosim.h" "$tmp/p/include/vdsosim_version.h" "$libdir/libvdsosim.a" \
	"$libdir/libvdsosim.so.0" "$libdir/cmake/vdsosim/vdsosimConfig.cmake" "$tmp/p/bin/vdsosim"; do
	if [ -e "$f" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok: installed $f"; fi
done
run() { # run NAME EXPECTED-REGEX ARGS...
	local name=$1 want=$2
	shift 2
	if ! cc -std=c99 -Wall -Wextra -Werror -I"$src/examples" "$src/examples/$name.c" -o "$tmp/$name" \
		$(pkg-config --cflags --libs vdsosim) -Wl,-rpath,"$libdir" 2>"$tmp/cc.err"; then
		fail=$((fail + 1)); echo "not ok: $name does not build"; cat "$tmp/cc.err"; return
	fi
	local out
	out=$("$tmp/$name" "$@" 2>&1)
	if [[ "$out" =~ $want ]]; then pass=$((pass + 1)); echo "ok: $name: $out"; else
		fail=$((fail + 1)); echo "not ok: $name: $out"; fi
}
img=$src/vdso_images/x86_64/6.1.0-50-cloud-amd64-vdso64.so
run call '^clock_gettime\(CLOCK_MONOTONIC\) = 1000\.999999940 s, path vdso, 1 counter read$' "$img"
run replay '^CLOCK_MONOTONIC at TSC 9643330914544 = 3708\.883410996 s \(the real CPU: 3708\.883410996\)$' \
	"$src/tests/data/live-6.18.44"
run inject '^retries 1, landed before image\+0x9a3, result 1000\.009999999 s = the state after the tick$' "$img"
run attach '^the guest found __vdso_clock_gettime at vDSO\+0xbe0, CLOCK_MONOTONIC = 1000\.000999999 s, 1 counter read, 0 syscalls$' \
	"$src/vdso_images/x86_64/6.12.95+deb12-cloud-amd64-vdso64.so"
run patch '^patched: lfence_rdtsc rdtscp, 9 bytes; CLOCK_MONOTONIC = 1000\.999999940 s, counter read by rdtscp, 40 stack bytes, callee-saved registers intact$' \
	"$img" "$src/tests/data/boot/x86_64-6.1.0-50-max/cpuinfo.txt"
# the public header alone: C99 pedantic and C++
for std in "cc -std=c99 -x c" "c++ -std=c++11 -x c++"; do
	if echo '#include <vdsosim.h>
int main(void) { return vdsosim_version()[0] == 0; }' | $std -Wall -Wextra -pedantic -Werror - -o "$tmp/hdr" \
		$(pkg-config --cflags --libs vdsosim) -Wl,-rpath,"$libdir" 2>"$tmp/cc.err" && "$tmp/hdr"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "not ok: the header with $std"; cat "$tmp/cc.err"
	fi
done
# find_package(vdsosim) from a CMake project
mkdir -p "$tmp/cm"
cat >"$tmp/cm/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.16)
project(user C)
find_package(vdsosim REQUIRED)
add_executable(call call.c)
target_link_libraries(call PRIVATE vdsosim::libvdsosim_shared)
CM
cp "$src/examples/call.c" "$tmp/cm/"
if cmake -S "$tmp/cm" -B "$tmp/cm/b" -DCMAKE_PREFIX_PATH="$tmp/p" >/dev/null 2>&1 && cmake --build "$tmp/cm/b" >/dev/null 2>&1 &&
	LD_LIBRARY_PATH=$libdir "$tmp/cm/b/call" "$img" | grep -q '1000.999999940'; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "not ok: find_package(vdsosim)"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
