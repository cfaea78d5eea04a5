#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make bench, second part: the solver on the truth set of issue 3 (6.12,
# DIRS="net mm lib block drivers/nvme drivers/block drivers/scsi", about
# 2,550 TUs). Targets (DESIGN.md / issue 3): under 60 s, peak RSS under
# 2 GiB. Link and solve are forced (not "up to date") and timed twice; the
# database is built first if OUT has none (cold: ~25 min at -j2, once).
# Results are appended to bench/results/solve.md.
#
# Variables: KERNEL (default: Debian's linux-source-6.12), SOLVE_DIRS,
# SOLVE_OUT (default: out/<version>-truth), JOBS (default: cores).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
pageref=$here/build/pageref
kernel=${KERNEL:-$("$here/scripts/kernel-tree.sh" 6.12)}
dirs=${SOLVE_DIRS:-net mm lib block drivers/nvme drivers/block drivers/scsi}
jobs=${JOBS:-$(nproc)}
version=$(awk -F' *= *' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2} $1=="SUBLEVEL"{s=$2}
	END{printf "%s.%s.%s", v, p, s}' "$kernel/Makefile")
out=${SOLVE_OUT:-$here/out/$version-truth}
results=$here/bench/results/solve.md
mkdir -p "$out" "$(dirname "$results")"

echo "bench: the truth database in $out (extracted only where stale)"
"$pageref" analyze --kernel "$kernel" --out "$out" --dirs "$dirs" --jobs "$jobs" > "$out/bench-analyze.log" 2>&1 ||
	{ echo "bench: analyze failed, see $out/bench-analyze.log" >&2; exit 1; }
ntu=$("$pageref" sql --out "$out" "SELECT count(*) FROM tu WHERE status = 'ok'")

runs=""
for i in 1 2; do
	echo "bench: pageref solve --force, run $i"
	line=$(/usr/bin/time -f 'wall %e s, peak RSS %M KiB' "$pageref" solve --out "$out" --force 2>&1 | tr '\n' ' ')
	echo "$line"
	runs="$runs| run $i | $line |
"
done
counts=$("$pageref" sql --out "$out" "SELECT count(*) || ' findings (' || sum(guarded = 0) || ' unguarded), ' || (SELECT count(*) FROM refeffect) || ' effects, ' || (SELECT count(*) FROM v_pair) || ' pairs' FROM finding")

{
	echo
	echo "## $(date -u +%Y-%m-%d) linux-$version DIRS=\"$dirs\" ($(nproc) cores, $(git -C "$here" rev-parse --short HEAD))"
	echo
	echo "| measure | value |"
	echo "|---|---|"
	echo "| TUs (ok) | $ntu |"
	printf '%s' "$runs"
	echo "| results | $counts |"
	echo "| targets | solve < 60 s, peak RSS < 2 GiB |"
} >> "$results"
tail -9 "$results"
