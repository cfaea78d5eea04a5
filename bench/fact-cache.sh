#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make bench, fact-cache part: a real tree, then a copy of it with real fixes
# reverted, the way users analyse a tree and its patched copy.
#   1. the tree, cold, filling a fresh fact cache;
#   2. the copy (hard-linked; 6.1: nvme-tcp's, drbd's and libceph's
#      sendpage_ok() guards removed, tests/unguard-*.sh; 6.12: nvme-tcp's),
#      through the cache: its own kbuild prepare and listing included;
#   3. the copy cold, without the cache; its results must equal step 2's
#      fact for fact (tests/solve-results.sh).
# Each step is `pageref analyze --no-patch` into its own OUT, timed whole.
# A step whose OUT holds a finished run is not run again (resumable), but
# then its time is not new: delete FC_OUT to measure again.
#
# Variables: FC_TREE (6.1 default, or 6.12), FC_DIRS (default: the solve
# bench's truth-set scope for that tree), FC_OUT (default:
# $PAGEREF_CACHE/bench-fact-cache-FC_TREE), JOBS. Results are appended to
# bench/results/fact-cache.md.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
pageref=$here/build/pageref
tree=${FC_TREE:-6.1}
case $tree in
6.12)	def="net mm lib block drivers/nvme drivers/block drivers/scsi" ;;
6.1)	def="net mm lib block drivers/nvme/host drivers/block/drbd drivers/scsi drivers/infiniband/sw/siw fs/ocfs2/cluster" ;;
*)	echo "bench: FC_TREE is 6.12 or 6.1, not $tree" >&2; exit 2 ;;
esac
kernel=$("$here/scripts/kernel-tree.sh" "$tree")
dirs=${FC_DIRS:-$def}
jobs=${JOBS:-$(nproc)}
cache=${PAGEREF_CACHE:-$HOME/.cache/pageref}
out=${FC_OUT:-$cache/bench-fact-cache-$tree}
results=$here/bench/results/fact-cache.md
mkdir -p "$out" "$(dirname "$results")"
copy=$out/copy-tree
# the binary's commit, taken now: the tree may move on during the run
rev=$(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet HEAD -- analyzer || echo +changes)

# step NAME TREE CACHE: analyze TREE into $out/NAME; prints the wall seconds
step() {
	name=$1 t=$2 fc=$3
	if [ -f "$out/$name.done" ]; then
		cat "$out/$name.done"
		return
	fi
	rm -rf "${out:?}/$name"
	echo "bench: $name ($(date -u +%H:%M:%S))" >&2
	rc=0
	PAGEREF_FACT_CACHE=$fc /usr/bin/time -f '%e' -o "$out/$name.time" \
		"$pageref" analyze --kernel "$t" --out "$out/$name" --dirs "$dirs" --jobs "$jobs" --no-patch \
		> "$out/$name.log" 2>&1 || rc=$?
	# 5: some TUs failed; the rest is a result to compare
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 5 ]; then
		echo "bench: $name failed (exit $rc), see $out/$name.log" >&2
		exit 1
	fi
	tail -1 "$out/$name.time" > "$out/$name.done"
	echo "$rev" > "$out/$name.rev"
	cat "$out/$name.done"
}
# which pageref ran a step (a finished step is reused, not run again)
by() { cat "$out/$1.rev" 2>/dev/null || echo "an earlier run"; }
counts() { sed -n 's/^analyze: //p' "$out/$1.log"; }

[ -f "$out/tree.done" ] || rm -rf "$out/cache"
t_tree=$(step tree "$kernel" "$out/cache")
if [ ! -d "$copy" ]; then
	sh "$here/tests/unguard-nvme-tcp.sh" "$tree" "$kernel" "$copy"
	[ "$tree" = 6.1 ] && sh "$here/tests/unguard-sendpage-era.sh" "$copy"
fi
changed=$(cd "$copy" && find . -name '*.c' -links 1 | sed 's|^\./||' | LC_ALL=C sort | tr '\n' ' ')
t_cached=$(step copy-cached "$copy" "$out/cache")
t_cold=$(step copy-cold "$copy" off)
sh "$here/tests/solve-results.sh" "$out/copy-cached/pageref.db" > "$out/copy-cached.res"
sh "$here/tests/solve-results.sh" "$out/copy-cold/pageref.db" > "$out/copy-cold.res"
if cmp -s "$out/copy-cached.res" "$out/copy-cold.res"; then
	same="identical ($(wc -l < "$out/copy-cold.res") result lines)"
else
	same="DIFFERENT (diff $out/copy-cached.res $out/copy-cold.res)"
fi
ntu=$("$pageref" sql --out "$out/copy-cold" "SELECT count(*) FROM tu WHERE status = 'ok'")
size=$(du -sh "$out/cache" | cut -f1)

{
	echo
	echo "## $(date -u +%Y-%m-%d) linux-$tree DIRS=\"$dirs\" ($(nproc) cores, pageref $rev)"
	echo
	echo "Changed in the copy: $changed"
	echo
	echo "| run | wall | what it did | pageref |"
	echo "|---|---|---|---|"
	echo "| the tree, cold, filling the cache | ${t_tree} s | $(counts tree) | $(by tree) |"
	echo "| the copy through the cache (kbuild prepare included) | ${t_cached} s | $(counts copy-cached) | $(by copy-cached) |"
	echo "| the copy cold, no cache | ${t_cold} s | $(counts copy-cold) | $(by copy-cold) |"
	echo
	echo "Copy through the cache / copy cold: $(awk -v a="$t_cached" -v b="$t_cold" 'BEGIN { printf "%.3f", a / b }');" \
		"$ntu TUs; results $same; cache $size."
} | tee -a "$results"
case $same in identical*) ;; *) exit 1 ;; esac
