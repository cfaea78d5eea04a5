#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Developer aid, not run by the tests: after reviewing regen-expect.py's
# output, write the actual rows of the named checks into their fixture's
# check-output block. Usage: accept-expect.py WORK TREE 'check name'...
import glob, os, sys
work, tree, names = sys.argv[1], sys.argv[2], set(sys.argv[3:])
for q in sorted(glob.glob(os.path.join(work, '*.query'))):
    base = q[:-len('.query')]
    name = open(base + '.name').read().strip()
    if name not in names:
        continue
    # the fixture path: WORK/net_core_frags.c.N -> net/core/frags.c
    rel = os.path.basename(base).rsplit('.', 1)[0]
    cand = [f for f in glob.glob(os.path.join(tree, '**', '*.c'), recursive=True)
            if os.path.relpath(f, tree).replace('/', '_') == rel]
    text = open(cand[0]).read()
    head = ' * check-name: ' + name + '\n'
    i = text.index(head)
    s = text.index('check-output-start\n', i) + len('check-output-start\n')
    e = text.index(' * check-output-end', s)
    text = text[:s] + open(base + '.actual').read() + text[e:]
    open(cand[0], 'w').write(text)
    print('accepted:', name)
