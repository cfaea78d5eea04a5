#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Check what report-pages.js saw against the database: no page has a broken
# link (and each has links), the layer graph has one node per layer that
# pairs across layers or that a finding starts or ends in, one edge per
# pair of layers labelled with its v_pair (and finding) count (beyond 60
# edges: every finding edge and the busiest, each labelled so), and the
# header shows the stage times meta recorded.
# Usage: report-check.py PAGES.json PAGEREF OUT
import json, subprocess, sys

pages, pageref, out = sys.argv[1:4]


def sql(q):
    r = subprocess.run([pageref, "sql", "--out", out, q], capture_output=True, text=True, check=True)
    return [l.split("|") for l in r.stdout.splitlines() if l]


d = json.load(open(pages))
bad = {p: v["broken"] for p, v in d["pages"].items() if v["broken"] or not v["links"]}
want = {}
for a, b, p, f in sql(
        "SELECT a, b, sum(p), sum(f) FROM (SELECT get_layer AS a, put_layer AS b, count(*) AS p, "
        "0 AS f FROM v_pair WHERE get_layer != put_layer GROUP BY 1, 2 UNION ALL SELECT sl.layer, "
        "kl.layer, 0, count(*) FROM finding fi JOIN function sl ON sl.id = fi.source_function_id "
        "JOIN function kl ON kl.id = fi.sink_function_id WHERE sl.layer != kl.layer GROUP BY 1, 2) "
        "GROUP BY 1, 2"):
    p, f = int(p), int(f)
    pl = lambda n, w: "%d %s%s" % (n, w, "" if n == 1 else "s")
    want[(a, b)] = ("%s, %s" % (pl(p, "pair"), pl(f, "finding")) if p and f else
                    pl(p, "pair") if p else pl(f, "finding"))
# a node per layer that pairs across layers, or that a finding starts or ends in
layers = sorted(r[0] for r in sql(
    "SELECT get_layer FROM v_pair WHERE get_layer != put_layer UNION SELECT put_layer FROM v_pair "
    "WHERE get_layer != put_layer UNION SELECT f.layer FROM finding fi JOIN function f ON "
    "f.id IN (fi.source_function_id, fi.sink_function_id)"))
meta = dict(sql("SELECT key, value FROM meta WHERE key LIKE 'seconds_%'"))
g = d["graph"] or {"nodes": [], "edges": []}
got = {(e["from"], e["to"]): e["label"] for e in g["edges"]}
hdr = {k[5:]: v for k, v in d["header"].items()}
# up to 60 edges all are drawn; beyond, every finding edge and the busiest
# pair edges up to 60, and the layers they join (report_graph.c)
thinned = len(want) > 60
wrong = {k: (want.get(k), v) for k, v in got.items() if want.get(k) != v}
if not thinned:
    wrong.update({k: (v, None) for k, v in want.items() if k not in got})
missing_findings = [k for k, v in want.items() if "finding" in v and k not in got]
print("broken links:", bad)
print("edges:", len(want), "drawn:", len(got), "wrong:", wrong, "finding edges not drawn:", missing_findings)
print("nodes:", len(g["nodes"]), "want", len(layers), "extra:", sorted(set(g["nodes"]) - set(layers)),
      "missing:", sorted(set(layers) - set(g["nodes"])) if not thinned else "(thinned)")
print("meta:", meta, "shown:", {k: hdr.get(k) for k in meta})
ok = (not bad and not wrong and not missing_findings and len(g["edges"]) == len(got) and
      (len(got) == len(want) if not thinned else len(got) >= min(60, len(want))) and
      (sorted(g["nodes"]) == layers if not thinned else set(g["nodes"]) <= set(layers)) and
      len(g["nodes"]) == len(set(g["nodes"])) and meta and all(hdr.get(k) == v for k, v in meta.items()))
sys.exit(0 if ok else 1)
