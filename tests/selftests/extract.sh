#!/bin/sh
# Copy the kernel's own vDSO selftests out of Debian's linux-source package (a binary package that
# holds the source tarball) into src/: tools/testing/selftests/vDSO, kselftest.h and nolibc.
# usage: extract.sh [linux-source-X.deb]   (default: fetch linux-source-7.2 with apt-get download)
# GPL-2.0 kernel code, as vdso_images/ (see src/COPYING.md). About 20 s, mostly xz.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
deb=${1:-}
if [ -z "$deb" ]; then
	(cd "$tmp" && apt-get download linux-source-7.2 >/dev/null)
	deb=$(ls "$tmp"/linux-source-*.deb)
fi
dpkg-deb --fsys-tarfile "$deb" | tar -xf - -C "$tmp" --wildcards './usr/src/linux-source-*.tar.xz'
tarball=$(ls "$tmp"/usr/src/linux-source-*.tar.xz)
top=$(basename "$tarball" .tar.xz)
xz -dc "$tarball" | tar -xf - -C "$tmp" "$top/tools/testing/selftests/vDSO" "$top/tools/testing/selftests/kselftest.h" \
	"$top/tools/include/nolibc" "$top/LICENSES/preferred/GPL-2.0"
rm -rf "$here/src"
mkdir -p "$here/src"
cp -r "$tmp/$top/tools/testing/selftests/vDSO" "$here/src/vDSO"
cp "$tmp/$top/tools/testing/selftests/kselftest.h" "$here/src/"
cp -r "$tmp/$top/tools/include/nolibc" "$here/src/nolibc"
cp "$tmp/$top/LICENSES/preferred/GPL-2.0" "$here/src/GPL-2.0"
echo "$top ($(basename "$deb"))" >"$here/src/SOURCE"
