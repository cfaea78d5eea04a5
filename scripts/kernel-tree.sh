#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Print the path of an unpacked Debian linux-source tree, unpacking it once
# into $PAGEREF_CACHE. Usage: kernel-tree.sh VERSION (e.g. 6.12)
# Exit codes: 0 ok, 3 the package is missing and cannot be installed.
set -eu
ver=${1:?usage: kernel-tree.sh VERSION}
cache=${PAGEREF_CACHE:-$HOME/.cache/pageref}
tarball=/usr/src/linux-source-$ver.tar.xz
dest=$cache/linux-source-$ver

if [ -f "$dest/.pageref-unpacked" ]; then
	echo "$dest"
	exit 0
fi
if [ ! -f "$tarball" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "pageref: installing linux-source-$ver" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "linux-source-$ver" >&2 ||
			{ echo "pageref: cannot install linux-source-$ver" >&2; exit 3; }
	else
		echo "pageref: $tarball missing; run 'apt-get install linux-source-$ver' as root" >&2
		exit 3
	fi
fi
mkdir -p "$cache"
# Unpack into a temporary directory and rename, so an interrupted unpack is
# never mistaken for a complete tree.
tmp=$(mktemp -d "$cache/.unpack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "pageref: unpacking $tarball into $cache (once)" >&2
tar -C "$tmp" -xJf "$tarball"
rm -rf "$dest"
mv "$tmp/linux-source-$ver" "$dest"
touch "$dest/.pageref-unpacked"
echo "$dest"
