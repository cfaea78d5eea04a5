#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make validate: boot a kernel under QEMU with the refcount trap and the
# socket workload (validation/run.sh), with the series of OUT/patches applied
# when make analyze left one. The tree is never modified.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
kernel=${KERNEL:-}
[ -n "$kernel" ] || kernel=$("$here/scripts/kernel-tree.sh" 6.12)
version=$(awk -F' *= *' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2} $1=="SUBLEVEL"{s=$2}
	END{printf "%s.%s.%s", v, p, s}' "$kernel/Makefile")
out=${OUT:-$here/out/$version}
series=
if ls "$out"/patches/0001-*.patch > /dev/null 2>&1; then
	series=$out/patches
fi
exec "$here/validation/run.sh" "$kernel" "$out/validation" $series
