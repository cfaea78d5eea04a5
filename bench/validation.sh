#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make bench-validation (third part of make bench): make validate's cost on
# a real series. A 6.12 copy with nvme-tcp's guard removed is analysed (the
# series repairs it), then make validate is timed:
#   cold         an empty ccache and no object dir;
#   warm         the same again, nothing changed;
#   one patch    the patch's test rewritten (sendpage_ok -> sendpages_ok);
#   BASELINE=1   warm, booting the unpatched tree too (its object dir new,
#                ccache warm).
# Each row gives the whole run, the bzImage build and the boot (from
# results.tsv) and how many objects kbuild compiled. Results are appended
# to bench/results/validation.md.
#
# Variables: KERNEL (default: Debian's linux-source-6.12), JOBS.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
pageref=$here/build/pageref
kernel=${KERNEL:-$("$here/scripts/kernel-tree.sh" 6.12)}
work=$here/out/bench-validation
results=$here/bench/results/validation.md
rm -rf "$work"
mkdir -p "$work"
export GIT_CEILING_DIRECTORIES="$work" CCACHE_DIR="$work/ccache"
sh "$here/tests/unguard-nvme-tcp.sh" 6.12 "$kernel" "$work/tree"
"$pageref" analyze --kernel "$work/tree" --out "$work/out" --jobs "${JOBS:-$(nproc)}" \
	--dirs "net/core/skbuff.c net/ipv4/af_inet.c net/ipv4/tcp.c net/ipv4/tcp_ipv4.c net/socket.c lib/iov_iter.c drivers/nvme/host/tcp.c" \
	> "$work/analyze.log" 2>&1
patch=$(ls "$work/out/patches/0001-"*.patch)
rows=
run() {
	name=$1
	shift
	start=$(date +%s)
	env KERNEL="$work/tree" OUT="$work/out" "$@" sh "$here/scripts/validate.sh" > "$work/$name.tap" 2>&1 || true
	secs=$(($(date +%s) - start))
	tsv=$work/out/validation/results.tsv
	b=$(awk -F'\t' '$1 ~ /^bzImage built/ {print $3}' "$tsv")
	q=$(awk -F'\t' '$1 ~ /^QEMU/ {print $3}' "$tsv")
	cc=$(grep -c '^  CC  ' "$work/out/validation/build-obj.log" || true)
	nf=$(grep -c '^not ok' "$work/$name.tap" || true)
	echo "bench: $name: ${secs}s (build ${b}s, boot ${q}s, $cc objects compiled, $nf failed steps)"
	rows="$rows| $name | $secs s | $b s | $q s | $cc | $nf |
"
}
run cold
run warm
sed -i 's/^+\t\tif (!sendpage_ok(page))$/+\t\tif (!sendpages_ok(page, len, offset))/' "$patch"
run "one patch changed"
run "BASELINE=1" BASELINE=1
{
	echo
	echo "## $(date -u +%Y-%m-%d) make validate, linux-6.12 with nvme-tcp unguarded, its 1-patch series ($(nproc) cores, $(git -C "$here" rev-parse --short HEAD))"
	echo
	echo "| run | whole make validate | bzImage build | boot + workload | objects compiled | failed steps |"
	echo "|---|---|---|---|---|---|"
	printf '%s' "$rows"
} >> "$results"
tail -8 "$results"
