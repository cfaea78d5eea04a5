#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Where a solve's time goes, from `perf script` of a call-graph profile
(perf record --call-graph dwarf): for each stage function, the share of
samples whose stack holds it (inclusive), and its biggest direct callees.

Usage: perf script -i FILE | perf-stages.py [FUNCTION...]
"""
import collections
import sys

STAGES = ["link_run", "scope_run", "solve_run", "db_solve_load", "compute_writes",
          "compute_ret_paths", "propagate", "bind_at_ctl", "db_solve_store",
          "findings_run", "pairs_run"]


def samples(lines):
    stack = []
    for line in lines:
        line = line.rstrip("\n")
        if line.startswith((" ", "\t")):
            parts = line.split()
            if len(parts) >= 2:
                stack.append(parts[1].split("+")[0])
        else:
            if stack:
                yield stack
            stack = []
    if stack:
        yield stack


def main():
    wanted = sys.argv[1:] or STAGES
    total = 0
    incl = collections.Counter()
    kids = {f: collections.Counter() for f in wanted}
    for stack in samples(sys.stdin):
        total += 1
        for f in wanted:
            if f in stack:
                incl[f] += 1
                i = stack.index(f)	# leaf first: stack[i - 1] is its callee
                kids[f][stack[i - 1] if i else "(self)"] += 1
    if not total:
        sys.exit("perf-stages: no samples")
    print(f"{total} samples")
    for f in wanted:
        top = ", ".join(f"{k} {100 * v / total:.1f} %" for k, v in kids[f].most_common(4))
        print(f"{f:18} {100 * incl[f] / total:5.1f} %   {top}")


if __name__ == "__main__":
    main()
