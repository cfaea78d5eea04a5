#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make bench, second part: the solver on a truth set.
#   SOLVE_TREE=6.12 (default): DIRS="net mm lib block drivers/nvme
#     drivers/block drivers/scsi", about 2,200 TUs after the filter;
#   SOLVE_TREE=6.1: the 6.1 truth set of docs/truth.md, DIRS="net mm lib
#     block drivers/nvme/host drivers/block/drbd drivers/scsi
#     drivers/infiniband/sw/siw fs/ocfs2/cluster".
# The database is built first if SOLVE_OUT has none (cold: ~15 min at -j2,
# once). Then `pageref solve --force` (link included) runs RUNS times (3)
# on a copy of it; with BASE=/path/to/an/older/pageref the runs alternate
# with that binary's on the same machine, each side gets its median, the
# ratio is printed, and the two solves' results (tests/solve-results.sh:
# every finding, step, site, pair and effect) must be identical. Results are
# appended to bench/results/solve.md. Targets (issue 28): <= 5 s wall,
# the 6,500-TU discovery scope <= 20 s and <= 2 GiB.
#
# Variables: KERNEL (default: Debian's linux-source-SOLVE_TREE), SOLVE_DIRS,
# SOLVE_OUT (default: out/<version>-truth), JOBS (default: cores), RUNS, BASE.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
pageref=$here/build/pageref
tree=${SOLVE_TREE:-6.12}
case $tree in
6.12)	def="net mm lib block drivers/nvme drivers/block drivers/scsi" ;;
6.1)	def="net mm lib block drivers/nvme/host drivers/block/drbd drivers/scsi drivers/infiniband/sw/siw fs/ocfs2/cluster" ;;
*)	echo "bench: SOLVE_TREE is 6.12 or 6.1, not $tree" >&2; exit 2 ;;
esac
kernel=${KERNEL:-$("$here/scripts/kernel-tree.sh" "$tree")}
dirs=${SOLVE_DIRS:-$def}
jobs=${JOBS:-$(nproc)}
runs=${RUNS:-3}
base=${BASE:-}
version=$(awk -F' *= *' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2} $1=="SUBLEVEL"{s=$2}
	END{printf "%s.%s.%s", v, p, s}' "$kernel/Makefile")
out=${SOLVE_OUT:-$here/out/$version-truth}
results=$here/bench/results/solve.md
scratch=$out/bench-solve
mkdir -p "$out" "$(dirname "$results")"
if [ -n "$base" ] && [ ! -x "$base" ]; then
	echo "bench: BASE=$base is not an executable" >&2
	exit 2
fi

echo "bench: the truth database in $out (extracted only where stale)"
"$pageref" analyze --kernel "$kernel" --out "$out" --dirs "$dirs" --jobs "$jobs" --no-patch \
	> "$out/bench-analyze.log" 2>&1 || {
	rc=$?
	# 5: some TUs failed; the rest is a database to solve
	[ "$rc" -eq 5 ] || { echo "bench: analyze failed, see $out/bench-analyze.log" >&2; exit 1; }
}
ntu=$("$pageref" sql --out "$out" "SELECT count(*) FROM tu WHERE status = 'ok'")

# one timed solve of a fresh copy: prints "WALL RSS_KIB" and leaves the results in DIR/results.txt
solve_once() {
	bin=$1 dir=$2
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$out/pageref.db" "$dir/pageref.db"
	/usr/bin/time -f '%e %M' -o "$dir/time" "$bin" solve --out "$dir" --force > "$dir/log" 2>&1 ||
		{ echo "bench: $bin solve failed, see $dir/log" >&2; exit 1; }
	sh "$here/tests/solve-results.sh" "$dir/pageref.db" > "$dir/results.txt"
	cat "$dir/time"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: > "$scratch.new"
: > "$scratch.base"
for i in $(seq 1 "$runs"); do
	echo "bench: pageref solve --force, run $i"
	solve_once "$pageref" "$scratch/new" >> "$scratch.new"
	if [ -n "$base" ]; then
		solve_once "$base" "$scratch/base" >> "$scratch.base"
	fi
done
new_wall=$(cut -d' ' -f1 "$scratch.new" | median)
new_rss=$(cut -d' ' -f2 "$scratch.new" | median)
counts=$("$pageref" sql --out "$scratch/new" "SELECT count(*) || ' findings (' || sum(guarded = 0) || ' unguarded), ' || (SELECT count(*) FROM refeffect) || ' effects, ' || (SELECT count(*) FROM v_pair) || ' pairs' FROM finding")
stages=$(PAGEREF_SOLVE_TIMES=1 "$pageref" solve --out "$scratch/new" --force 2>&1 |
	sed -n 's/^solve: \([a-z]*\) *\([0-9.]*\) s.*/\1 \2 s/p' |
	paste -sd, - | sed 's/,/, /g')

{
	echo
	echo "## $(date -u +%Y-%m-%d) linux-$version DIRS=\"$dirs\" ($(nproc) cores, $(git -C "$here" rev-parse --short HEAD))"
	echo
	echo "| measure | value |"
	echo "|---|---|"
	echo "| TUs (ok) | $ntu |"
	echo "| pageref solve --force (link included), median of $runs | $new_wall s wall, peak RSS $((new_rss / 1024)) MiB |"
	echo "| stages (one more run) | $stages |"
	if [ -n "$base" ]; then
		base_wall=$(cut -d' ' -f1 "$scratch.base" | median)
		base_rss=$(cut -d' ' -f2 "$scratch.base" | median)
		same=identical
		cmp -s "$scratch/new/results.txt" "$scratch/base/results.txt" ||
			same="DIFFERENT: diff $scratch/base/results.txt $scratch/new/results.txt"
		echo "| $base, alternating, median of $runs | $base_wall s wall, peak RSS $((base_rss / 1024)) MiB |"
		echo "| ratio (new / base) | $(awk -v a="$new_wall" -v b="$base_wall" 'BEGIN { printf "%.2f", a / b }') |"
		echo "| results (findings, steps, sites, pairs, effects) | $same |"
	fi
	echo "| results | $counts |"
	echo "| targets | solve <= 5 s wall (issue 28) |"
} >> "$results"
tail -12 "$results"
