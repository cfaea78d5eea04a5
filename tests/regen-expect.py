#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Developer aid, not run by the tests: print each fixture check whose actual
# output differs, with the actual rows, so a changed expectation can be
# reviewed and pasted (run-fixtures.sh must have run into WORK first).
# Usage: regen-expect.py WORK
import glob, os, sys
work = sys.argv[1]
for q in sorted(glob.glob(os.path.join(work, '*.query'))):
    base = q[:-len('.query')]
    exp, act = open(base + '.expected').read(), open(base + '.actual').read()
    if exp != act:
        print('==', open(base + '.name').read().strip())
        print(act, end='')
