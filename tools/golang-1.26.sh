#!/bin/sh
# Go 1.26 from Debian sid's binary packages (golang-1.26-go, golang-1.26-src), unpacked into DIR
# beside bookworm's Go 1.19; tests/go.sh builds with DIR/usr/lib/go-1.26/bin/go (GOTOOLCHAIN=local).
#   sh tools/golang-1.26.sh DIR
set -eu
dir=$1
[ -x "$dir/usr/lib/go-1.26/bin/go" ] && exit 0
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$here/apt-download.sh" amd64 sid "$tmp" golang-1.26-go golang-1.26-src
mkdir -p "$dir"
for d in "$tmp"/*.deb; do dpkg-deb -x "$d" "$dir"; done
"$dir/usr/lib/go-1.26/bin/go" version
