#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The solver's shape, read from its compiled objects (issue 29):

1. no cycle in the file-level call graph of the solver: file A uses file B
   when an undefined symbol of A's object is a function or a table B's
   object defines (the sink families' tables count);
2. no writable file-scope or function-static data in the solver's objects:
   every data symbol sits in a read-only section (.rodata, or .data.rel.ro
   for const tables that hold pointers), never in .data or .bss;
3. the engine knows no rule: the engine's objects (the pass manager, the
   binding and propagation of effects, the sink-site driver, the stores)
   use no symbol a rule's file defines (a sink family, a veto, a bind or
   join rule, and the libraries only rules use: splice.c, guards.c); they
   reach the rules through the lists' tables only.

Usage: solver-shape.py OBJECT...  (the library's objects; the solver's are
picked by name). TAP lines and a closing count, like the other runners.
"""
import os
import subprocess
import sys

# the solver: the passes, the engine, the rules' tables and what only they use;
# every rule file (RULE_PREFIXES) is the solver's too, found by its name
SOLVER = ["solve", "effects", "binding", "stores", "resolve", "findings", "producers", "channels", "pairs",
          "splice", "guards", "fields", "path", "intern", "allocators", "scope", "link",
          "db_solve", "origin_rules", "sink", "sink_table", "bind_table", "join_table"]
RULE_PREFIXES = ("rule_", "sink_", "join_")
TABLES = ("sink", "sink_table", "bind_table", "join_table")
# the engine, and the libraries of the rules it must not call
ENGINE = ["solve", "effects", "binding", "stores", "findings"]
RULE_LIBS = ["splice", "guards"]

n = failed = 0


def tap(ok, name, detail=()):
    global n, failed
    n += 1
    failed += not ok
    print(("ok" if ok else "not ok"), n, "-", name)
    for d in detail:
        print("#", d)


def unit(path):
    base = os.path.basename(path)
    return base[:-len(".c.o")] if base.endswith(".c.o") else None


def symbols(obj):
    """(defined global functions and tables, undefined symbols, [(symbol, section)] of data)"""
    out = subprocess.run(["objdump", "-t", obj], capture_output=True, text=True, check=True).stdout
    defined, undefined, data = set(), set(), []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 4 or not all(c in "0123456789abcdef" for c in parts[0]):
            continue
        name, section = parts[-1], parts[-3]
        flags = line[17:24]
        if section == "*UND*":
            undefined.add(name)
        else:
            # a global function or table another file can use: an edge's end
            if flags[0] == "g" and ("F" in flags or "O" in flags):
                defined.add(name)
            if "O" in flags:
                data.append((name, section))
    return defined, undefined, data


objs = {}
# ctest passes the objects as one ;-separated list
for path in [p for a in sys.argv[1:] for p in a.split(";") if p]:
    u = unit(path)
    if u in SOLVER or (u and u.startswith(RULE_PREFIXES) and u not in TABLES):
        objs[u] = symbols(path)
missing = [u for u in SOLVER if u not in objs]
rules = sorted(u for u in objs if u.startswith(RULE_PREFIXES) and u not in TABLES)
tap(not missing and len(rules) >= 10, "every solver file's object is there (%d rule files)" % len(rules),
    ["missing: " + " ".join(missing)] if missing else ["rule files: " + " ".join(rules)])

# 1. the file-level call graph and its strongly connected components
owner = {}
for u, (defined, _, _) in objs.items():
    for s in defined:
        owner[s] = u
edges = {u: sorted({owner[s] for s in und if s in owner and owner[s] != u})
         for u, (_, und, _) in objs.items()}

index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]


def strong(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in edges[v]:
        if w not in index:
            strong(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        sccs.append(comp)


for v in sorted(edges):
    if v not in index:
        strong(v)
cycles = [sorted(c) for c in sccs if len(c) > 1]
detail = []
for c in cycles:
    detail.append("cycle: " + " ".join(c))
    for a in c:
        detail.append("  %s calls %s" % (a, " ".join(b for b in edges[a] if b in c)))
tap(not cycles, "no cycle in the solver's file-level call graph (%d files, %d edges)"
    % (len(edges), sum(len(e) for e in edges.values())), detail)

# 2. writable data
writable = ["%s: %s in %s" % (u, s, sec) for u, (_, _, data) in sorted(objs.items())
            for s, sec in data if sec.startswith((".data", ".bss")) and not sec.startswith(".data.rel.ro")]
tap(not writable, "no writable file-scope or function-static data in the solver's objects", writable)

# 3. the engine reaches the rules through the tables only
reach = ["%s uses %s's %s" % (u, owner[sym], sym) for u in ENGINE if u in objs
         for sym in sorted(objs[u][1]) if owner.get(sym) in set(rules) | set(RULE_LIBS)]
tap(not reach and all(u in objs for u in ENGINE),
    "the engine (%s) uses no rule's symbol, only the lists' tables" % ", ".join(ENGINE), reach)

print("%d passed, %d failed, 0 skipped" % (n - failed, failed))
sys.exit(1 if failed else 0)
