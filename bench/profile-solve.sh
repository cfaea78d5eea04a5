#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A call-graph profile of `pageref solve --force` on a copy of a database
# (perf record --call-graph dwarf, so no frame pointers are needed: the
# build has -g), and where the time goes by stage (bench/perf-stages.py).
# Usage: profile-solve.sh OUT [PAGEREF]   (OUT holds pageref.db; linux-perf)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
src=${1:?usage: profile-solve.sh OUT [PAGEREF]}
pageref=${2:-$here/build/pageref}
command -v perf > /dev/null || { echo "profile-solve: perf is missing (apt-get install linux-perf)" >&2; exit 3; }
work=$src/profile
rm -rf "$work"
mkdir -p "$work"
cp "$src/pageref.db" "$work/pageref.db"
perf record -q --call-graph dwarf,16384 -F 300 -o "$work/perf.data" \
	"$pageref" solve --out "$work" --force > "$work/solve.log" 2>&1
perf script -i "$work/perf.data" 2> /dev/null | python3 "$here/bench/perf-stages.py"
