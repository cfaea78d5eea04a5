#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make bench: extraction against its floor, clang-19 -fsyntax-only over the
# same compile commands with the same parallelism, in the same invocation;
# then the no-change re-run and the one-file-changed re-run of `make
# analyze`. Results are appended to bench/results/extract.md.
#
# Variables: KERNEL (default: Debian's linux-source-6.12), DIRS (default:
# net/core mm), JOBS (default: cores).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
pageref=$here/build/pageref
kernel=${KERNEL:-$("$here/scripts/kernel-tree.sh" 6.12)}
dirs=${DIRS:-net/core mm}
jobs=${JOBS:-$(nproc)}
out=$here/bench/work/$(basename "$kernel")
results=$here/bench/results/extract.md
mkdir -p "$out" "$(dirname "$results")"

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

echo "bench: kbuild (not timed: prepare is cached across runs)"
# the bench's own database is rebuilt from scratch every time
rm -f "$out/pageref.db" "$out/pageref.db-wal" "$out/pageref.db-shm"
"$pageref" kbuild --kernel "$kernel" --out "$out" --dirs "$dirs" --jobs "$jobs" > /dev/null
ntu=$(grep -c '"file"' "$out/compile_commands.json")

echo "bench: clang-19 -fsyntax-only over $ntu TUs, -j$jobs"
base=$("$pageref" baseline --out "$out" --jobs "$jobs")
echo "$base"

echo "bench: pageref extract, cold database, -j$jobs"
rm -f "$out/pageref.db" "$out/pageref.db-wal" "$out/pageref.db-shm"
"$pageref" kbuild --kernel "$kernel" --out "$out" --dirs "$dirs" --jobs "$jobs" > /dev/null
ext=$("$pageref" extract --out "$out" --jobs "$jobs" 2>/dev/null) || true
echo "$ext"

echo "bench: pageref solve (link, effects, findings) on that database"
sol=$("$pageref" solve --out "$out" --force)
echo "$sol"

b_secs=$(echo "$base" | sed -n 's/.* in \([0-9.]*\) s.*/\1/p')
e_secs=$(echo "$ext" | sed -n 's/.*failed (\([0-9.]*\) s).*/\1/p')
ratio=$(echo "scale=3; $e_secs / $b_secs" | bc)

echo "bench: make analyze with nothing changed"
t0=$(now)
make -C "$here" -s analyze KERNEL="$kernel" DIRS="$dirs" OUT="$out" JOBS="$jobs" > /dev/null 2>&1 || true
t1=$(now)
noop=$(elapsed "$t0" "$t1")

# One file changed: replace it by an edited copy and put the original inode
# back afterwards, so the shared tree ends exactly as it was (mtime too).
victim=$(sed -n 's/.*"file": "\(.*\.c\)".*/\1/p' "$out/compile_commands.json" | grep '/mm/' | head -1)
echo "bench: make analyze after changing $victim"
mv "$victim" "$victim.pageref-bench"
trap 'mv "$victim.pageref-bench" "$victim"' EXIT
cp "$victim.pageref-bench" "$victim"
echo "/* pageref bench */" >> "$victim"
t0=$(now)
make -C "$here" -s analyze KERNEL="$kernel" DIRS="$dirs" OUT="$out" JOBS="$jobs" > "$out/one.log" 2>&1 || true
t1=$(now)
one=$(elapsed "$t0" "$t1")
mv "$victim.pageref-bench" "$victim"
trap - EXIT
# and once more so the database matches the tree again
make -C "$here" -s analyze KERNEL="$kernel" DIRS="$dirs" OUT="$out" JOBS="$jobs" > /dev/null 2>&1 || true

{
	echo
	echo "## $(date -u +%Y-%m-%d) $(basename "$kernel") DIRS=\"$dirs\" -j$jobs ($(nproc) cores, $(git -C "$here" rev-parse --short HEAD))"
	echo
	echo "| measure | value |"
	echo "|---|---|"
	echo "| TUs | $ntu |"
	echo "| clang-19 -fsyntax-only | $b_secs s |"
	echo "| pageref extract (cold database) | $e_secs s |"
	echo "| **ratio** (target <= 1.25) | **$ratio** |"
	echo "| baseline | $(echo "$base" | sed 's/^baseline: //') |"
	echo "| extract | $(echo "$ext" | tr '\n' ' ' | sed 's/extract: //g') |"
	echo "| link + solve | $(echo "$sol" | tr '\n' ' ') |"
	echo "| make analyze, nothing changed (target < 5 s) | $(printf '%.2f' "$noop") s |"
	echo "| make analyze, one .c changed (target < 15 s) | $(printf '%.2f' "$one") s |"
} >> "$results"
tail -14 "$results"
