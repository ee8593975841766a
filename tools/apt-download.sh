#!/bin/sh
# Debian binary packages of any suite and architecture, downloaded into DIR through apt lists of
# our own in a temporary directory (the system's sources and lists are not touched):
#   sh tools/apt-download.sh ARCH "SUITE..." DIR PACKAGE...
# e.g. sh tools/apt-download.sh arm64 bookworm /tmp/debs busybox-static
# With APT_DEPS=1, the packages' dependencies too (Depends and Pre-Depends, recursively).
set -eu
arch=$1 suites=$2 dir=$3
shift 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$dir"
for s in $suites; do
	echo "deb [arch=$arch signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $s main"
done >"$tmp/sources.list"
cat >"$tmp/apt.conf" <<CONF
Dir::Etc::SourceList "$tmp/sources.list";
Dir::Etc::SourceParts "/nonexistent";
Dir::State::Lists "$tmp/lists";
Dir::Cache "$tmp/cache";
APT::Architecture "$arch";
APT::Architectures { "$arch"; };
APT::Sandbox::User "root";
CONF
export APT_CONFIG=$tmp/apt.conf
apt-get update -q >/dev/null
dir=$(cd "$dir" && pwd)
if [ "${APT_DEPS:-0}" = 1 ]; then
	# the real packages among them (virtual ones print as <name>)
	set -- $(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
		--no-enhances "$@" | grep -v '^ ' | grep -v '^<' | sort -u)
fi
(cd "$dir" && apt-get download -q "$@" >/dev/null)
