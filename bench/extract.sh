#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make bench: extraction against its floor, clang-19 -fsyntax-only over the
# same compile commands with the same parallelism, as the median of PAIRS
# alternating pairs (baseline, then extract on a cold database with the
# fact cache off) run in this invocation; the relevance filter's rounds
# against the extraction they steer (a cold filtered analyze); then the
# no-change re-run and the one-file-changed re-run of `make analyze`.
# Targets (../shared/DESIGN.md): ratio <= 0.9, rounds <= 10 % of
# extraction, no-change re-run < 1 s. Results are appended to
# bench/results/extract.md.
#
# Variables: KERNEL (default: Debian's linux-source-6.12), DIRS (default:
# net/core mm), JOBS (default: cores), PAIRS (default: 3).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
pageref=$here/build/pageref
kernel=${KERNEL:-$("$here/scripts/kernel-tree.sh" 6.12)}
dirs=${DIRS:-net/core mm}
jobs=${JOBS:-$(nproc)}
pairs=${PAIRS:-3}
out=$here/bench/work/$(basename "$kernel")
results=$here/bench/results/extract.md
mkdir -p "$out" "$(dirname "$results")"
# every extraction here parses: nothing from the fact cache
PAGEREF_FACT_CACHE=off
export PAGEREF_FACT_CACHE

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

echo "bench: kbuild (not timed: prepare is cached across runs)"
# the bench's own database is rebuilt from scratch every time
rm -f "$out/pageref.db" "$out/pageref.db-wal" "$out/pageref.db-shm"
"$pageref" kbuild --kernel "$kernel" --out "$out" --dirs "$dirs" --jobs "$jobs" > /dev/null
ntu=$(grep -c '"file"' "$out/compile_commands.json")

ratios=""
pair_rows=""
i=1
while [ "$i" -le "$pairs" ]; do
	echo "bench: pair $i of $pairs: clang-19 -fsyntax-only over $ntu TUs, -j$jobs"
	base=$("$pageref" baseline --out "$out" --jobs "$jobs")
	echo "$base"
	echo "bench: pair $i of $pairs: pageref extract, cold database, -j$jobs"
	rm -f "$out/pageref.db" "$out/pageref.db-wal" "$out/pageref.db-shm"
	"$pageref" kbuild --kernel "$kernel" --out "$out" --dirs "$dirs" --jobs "$jobs" > /dev/null
	ext=$("$pageref" extract --out "$out" --jobs "$jobs" 2>/dev/null) || true
	echo "$ext"
	b_secs=$(echo "$base" | sed -n 's/.* in \([0-9.]*\) s.*/\1/p')
	e_secs=$(echo "$ext" | sed -n 's/.*failed (\([0-9.]*\) s).*/\1/p')
	r=$(echo "scale=3; $e_secs / $b_secs" | bc)
	ratios="$ratios $r"
	pair_rows="$pair_rows| pair $i | $b_secs s | $e_secs s | $r |
"
	i=$((i + 1))
done
ratio=$(echo "$ratios" | median)

echo "bench: pageref solve (link, effects, findings) on that database"
sol=$("$pageref" solve --out "$out" --force)
echo "$sol"

# The filter's rounds against the extraction they steer: a cold filtered
# analyze in its own OUT; the rounds are each filter pass and every solve
# but the last (the last one is the analysis itself).
echo "bench: make analyze, filtered, cold (the rounds' overhead)"
fout=$out-filtered
rm -rf "$fout"
"$pageref" analyze --no-patch --kernel "$kernel" --out "$fout" --dirs "$dirs" --jobs "$jobs" > "$fout.log" 2>&1 || true
filt_s=$(sed -n 's/^filter: round .*, \([0-9.]*\) s)$/\1/p' "$fout.log" | paste -sd+ | bc)
solve_list=$(sed -n 's/^solve: .*(\([0-9.]*\) s, peak.*/\1/p' "$fout.log")
solves_but_last=$(echo "$solve_list" | sed '$d' | paste -sd+ | bc 2>/dev/null || echo 0)
[ -n "$solves_but_last" ] || solves_but_last=0
ext_s=$(sed -n 's/^extract: [0-9]* translation units: .* failed (\([0-9.]*\) s)$/\1/p' "$fout.log" | paste -sd+ | bc)
rounds=$(grep -c '^filter: round' "$fout.log" || true)
overhead=$(echo "scale=1; 100 * ($filt_s + $solves_but_last) / $ext_s" | bc)
echo "bench: $rounds rounds: filter $filt_s s + solves between rounds $solves_but_last s = $overhead % of extraction ($ext_s s)"

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
	echo "| pair | clang-19 -fsyntax-only | pageref extract (cold, no fact cache) | ratio |"
	echo "|---|---|---|---|"
	printf '%s' "$pair_rows"
	echo
	echo "| measure | value |"
	echo "|---|---|"
	echo "| TUs | $ntu |"
	echo "| **ratio**, median of $pairs pairs (target <= 0.9) | **$ratio** |"
	echo "| link + solve | $(echo "$sol" | tr '\n' ' ') |"
	echo "| **filter rounds** ($rounds): filter $filt_s s + solves between rounds $solves_but_last s, of extraction $ext_s s (target <= 10 %) | **$overhead %** |"
	echo "| make analyze, nothing changed (target < 1 s) | $(printf '%.2f' "$noop") s |"
	echo "| make analyze, one .c changed | $(printf '%.2f' "$one") s |"
} >> "$results"
tail -20 "$results"
