#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The validation smoke test: Debian's 6.12, unpatched, with the refcount trap,
# built (tinyconfig + validation/kernel.config, LLVM=-19, ccache), booted
# under QEMU (TCG here: no usable KVM) with the socket workload, and booted
# once more with the trap's selftest to prove the trap fires. Every check of
# validation/run.sh is a check here. Usage: run-validation.sh WORKDIR
set -u
work=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
# the object dir is kept between runs (kbuild and ccache make the next one
# incremental); the scratch tree and logs are made again by run.sh
mkdir -p "$work"
tree=$("$here/../scripts/kernel-tree.sh" 6.12) || { fail "unpack linux-source-6.12"; finish; exit 1; }
"$here/../validation/run.sh" "$tree" "$work" > "$work/tap.txt" 2> "$work/err.txt"
rc=$?
while IFS= read -r line; do
	case $line in
	"ok "*) pass "${line#ok * - }" ;;
	"not ok "*) fail "${line#not ok * - }" ;;
	"# "*) echo "$line" ;;
	esac
done < "$work/tap.txt"
[ "$rc" -eq 0 ] || [ "$failed" -gt 0 ] || fail "validation/run.sh exited $rc: $(head -1 "$work/err.txt")"
grep -q '^1\.\.[0-9]' "$work/tap.txt" || fail "validation/run.sh ran to its end (a plan line)"
finish
