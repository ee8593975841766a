#!/bin/sh
# A sysroot for `vdsosim exec --sysroot DIR`: Debian binary packages of one architecture and their
# dependencies, unpacked with dpkg-deb -x (nothing runs, nothing of the host's changes):
#   sh tools/sysroot.sh ARCH SUITE DIR PACKAGE...
#   e.g. sh tools/sysroot.sh arm64 bookworm /tmp/arm64-root coreutils
#        vdsosim exec --sysroot /tmp/arm64-root IMAGE /tmp/arm64-root/bin/date -u +%s
# Packages of suites after bookworm put everything under /usr: /lib, /bin, /sbin and the loader's
# /lib64 become links into it, as usrmerge makes them.
set -eu
[ $# -ge 4 ] || { echo "usage: sh tools/sysroot.sh ARCH SUITE DIR PACKAGE..." >&2; exit 2; }
arch=$1 suite=$2 dir=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
APT_DEPS=1 sh "$here/apt-download.sh" "$arch" "$suite" "$tmp" "$@"
mkdir -p "$dir"
n=0
for deb in "$tmp"/*.deb; do
	dpkg-deb -x "$deb" "$dir"
	n=$((n + 1))
done
for d in lib lib32 lib64 libx32 bin sbin; do
	if [ -d "$dir/usr/$d" ] && [ ! -e "$dir/$d" ] && [ ! -L "$dir/$d" ]; then
		ln -s "usr/$d" "$dir/$d"
	fi
done
echo "$n packages of $arch ($suite) in $dir"
