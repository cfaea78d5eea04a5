#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# What the SARIF must say about a pageref database, checked against the
# database itself (through `pageref sql`) and the series: one result per
# unguarded finding with its fingerprint, its witness path as the code flow,
# and a fix exactly where the finding is in the series, whose replacements
# turn the tree's file into what the patch, applied alone, makes of it.
# Usage: sarif-check.py PAGEREF OUT TREE; prints "ok: ..." or "bad: ..." lines.
import json, os, subprocess, sys, tempfile

pageref, out, tree = sys.argv[1:4]
def sql(q):
    r = subprocess.run([pageref, 'sql', '--out', out, q], capture_output=True, text=True, check=True)
    return [l.split('|') for l in r.stdout.splitlines()]

doc = json.load(open(os.path.join(out, 'pageref.sarif')))
res = doc['runs'][0]['results']
bad = []
fps = sorted(r['partialFingerprints']['pagerefFingerprint/v1'] for r in res)
want = sorted(r[0] for r in sql("SELECT fingerprint FROM v_finding WHERE guarded = 0"))
if fps != want:
    bad.append('results are not the unguarded findings (%d vs %d)' % (len(fps), len(want)))
steps = dict((r[0], int(r[1])) for r in sql(
    "SELECT f.fingerprint, count(*) FROM v_finding f JOIN v_finding_step s ON s.finding_id = f.id "
    "WHERE f.guarded = 0 GROUP BY f.id"))
for r in res:
    fp = r['partialFingerprints']['pagerefFingerprint/v1']
    n = len(r['codeFlows'][0]['threadFlows'][0]['locations'])
    if steps.get(fp) != n:
        bad.append('%s: %d code-flow steps, %s in the database' % (fp, n, steps.get(fp)))
series = set(r[0] for r in sql(
    "SELECT f.fingerprint FROM v_patch p JOIN v_finding f ON f.id = p.finding_id WHERE p.status = 'series'"))
fixed = set(r['partialFingerprints']['pagerefFingerprint/v1'] for r in res if r.get('fixes'))
if fixed != series:
    bad.append('fixes on %d results, %d findings in the series' % (len(fixed), len(series)))
paths = dict(sql("SELECT f.fingerprint, p.path FROM v_patch p JOIN v_finding f ON f.id = p.finding_id "
                 "WHERE p.status = 'series'"))
# each patch's change alone against the tree (v_patch.diff), checked to be the
# series patch's own change: the same removed and added lines
diffs = {}
for fp, path in paths.items():
    r = subprocess.run([pageref, 'sql', '--out', out, "SELECT p.diff FROM v_patch p JOIN v_finding f "
                        "ON f.id = p.finding_id WHERE f.fingerprint = '%s' LIMIT 1" % fp],
                       capture_output=True, text=True, check=True)
    diffs[fp] = r.stdout
    pm = lambda t: [l for l in t.splitlines() if l[:1] in ('+', '-') and l[:3] not in ('+++', '---')]
    series_text = open(os.path.join(out, path)).read().split('\n---\n', 1)[-1]
    if pm(r.stdout) != pm(series_text):
        bad.append('%s: v_patch.diff is not the change of %s' % (fp, path))
nfix = 0
for r in res:
    fp = r['partialFingerprints']['pagerefFingerprint/v1']
    if fp not in diffs:
        continue    # (a fix on a finding not in the series: reported above)
    for fix in r.get('fixes', []):
        for ch in fix['artifactChanges']:
            rel = ch['artifactLocation']['uri']
            lines = open(os.path.join(tree, rel)).read().splitlines(True)
            # replacements from the bottom up, so earlier line numbers hold
            for rp in sorted(ch['replacements'], key=lambda x: -x['deletedRegion']['startLine']):
                d = rp['deletedRegion']
                lines[d['startLine'] - 1:d['endLine'] - 1] = [rp['insertedContent']['text']]
            got = ''.join(lines)
            with tempfile.TemporaryDirectory() as tmp:
                os.makedirs(os.path.join(tmp, os.path.dirname(rel)), exist_ok=True)
                with open(os.path.join(tmp, rel), 'w') as f:
                    f.write(open(os.path.join(tree, rel)).read())
                p = subprocess.run(['patch', '-p1', '-s', '-F0', '-d', tmp], input=diffs[fp],
                                   capture_output=True, text=True)
                patched = open(os.path.join(tmp, rel)).read()
            if p.returncode or got != patched:
                import difflib
                why = p.stderr.strip() or ''.join(list(difflib.unified_diff(
                    patched.splitlines(True), got.splitlines(True), 'patch', 'sarif', n=0))[:8])
                bad.append('%s: the fix for %s is not what %s does: %s' % (fp, rel, paths[fp], why))
            nfix += 1
for b in bad:
    print('bad: ' + b)
print('ok: %d results, %d fixes checked against their patches' % (len(res), nfix))
sys.exit(1 if bad else 0)
