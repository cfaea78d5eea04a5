#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages pageref needs, if any are missing. Idempotent:
# does nothing (and needs no root) when everything is there.
# Exit codes: 0 ok, 3 something is missing and cannot be installed here.
set -eu

# build: the tool; kernel: allmodconfig + prepare with LLVM=-19;
# recipes: coccinelle (spatch, with its python3 for report/org modes), git
# (the series is made with git format-patch), perl (checkpatch.pl), patch;
# report: chromium (the tests open the HTML report in it, headless),
# graphviz (dot lays out the report's layer graph);
# validation: qemu-system-x86, busybox-static (the initramfs), ccache,
# sparse (the before/after comparison), python3 (kconfig-of.py);
# sharding: GNU parallel, ssh and rsync (make analyze-sharded: shards over
# ssh hosts, databases brought back by --return; the test runs a private
# sshd as its host);
# sources: the default trees for analyze and the tests, and Debian's 6.12
# configuration (a Recommends of linux-source, which --no-install-recommends
# would leave out) for the CONFIG= test.
PACKAGES="cmake make gcc pkgconf
clang-19 libclang-19-dev llvm-19-dev lld-19
libsqlite3-dev sqlite3 libjansson-dev libxxhash-dev libzstd-dev
flex bison bc libelf-dev libssl-dev cpio xz-utils procps util-linux
coccinelle git patch perl chromium graphviz
qemu-system-x86 busybox-static ccache sparse python3
parallel openssh-client rsync openssh-server
linux-source-6.12 linux-source-6.1 linux-config-6.12"

missing=
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
# node and npm (the tests validate SARIF with ajv from npm): Debian's when the
# machine has none of its own (a NodeSource nodejs bundles npm already)
if ! command -v npm > /dev/null 2>&1; then
	missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "pageref: missing packages:$missing; apt-get is not available, install them by hand" >&2
	exit 3
fi
if [ "$(id -u)" != 0 ]; then
	echo "pageref: missing packages:$missing; run 'make deps' as root (or: sudo apt-get install$missing)" >&2
	exit 3
fi
echo "pageref: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists once if they are empty or older than a day.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -1)" ]; then
	apt-get update -q >&2 || { echo "pageref: apt-get update failed" >&2; exit 3; }
fi
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >&2 ||
	{ echo "pageref: apt-get install failed for:$missing" >&2; exit 3; }
