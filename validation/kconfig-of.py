#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The Kconfig options that build a source file into the kernel.

Usage: kconfig-of.py TREE FILE...   (FILE relative to TREE)
Prints one line per FILE: the file, then the CONFIG_ options its objects
and their directories are gated on (obj-$(CONFIG_X) += f.o, a composite
object name-y += f.o, a directory obj-$(CONFIG_Y) += dir/), outermost
last; "always" when its Makefile builds it unconditionally (obj-y); "-"
when kbuild's Makefiles do not say (a header, a file built by rules this
does not read). run.sh enables them in the boot kernel so the
touched code is built in where Kconfig allows; olddefconfig then drops
what the rest of the configuration cannot carry, and run.sh says which.
"""
import os
import re
import sys

ASSIGN = re.compile(r'^\s*([A-Za-z0-9_.-]+?)-(y|objs|\$\((CONFIG_[A-Za-z0-9_]+)\))\s*[:+]?=\s*(.*)$')


def makefile(tree, d, cache={}):
    """(target, gate, words) assignments of d's Makefile or Kbuild, continuations joined."""
    if d in cache:
        return cache[d]
    out = []
    for name in ("Kbuild", "Makefile"):
        path = os.path.join(tree, d, name)
        if not os.path.isfile(path):
            continue
        text = open(path, errors="replace").read().replace("\\\n", " ")
        for line in text.splitlines():
            m = ASSIGN.match(line.split("#", 1)[0])
            if m:
                out.append((m.group(1), m.group(3), m.group(4).split()))
        break
    cache[d] = out
    return out


found = set()


def gates(tree, d, obj, depth=0):
    """The options that gate object obj (f.o, or sub/ for a directory) of directory d."""
    if depth > 12:
        return []
    for target, gate, words in makefile(tree, d):
        if obj not in words:
            continue
        if depth == 0 or target == "obj":
            found.add((d, obj))
        if target == "obj":
            here = [gate] if gate else []
            if not d:
                return here
            return here + gates(tree, os.path.dirname(d), os.path.basename(d) + "/", depth + 1)
        if target in ("lib", "core", "drivers", "net", "libs"):
            return [gate] if gate else []
        # a composite object: name-y += obj (or name-$(CONFIG_X) += obj)
        inner = gates(tree, d, target + ".o", depth + 1)
        if inner or target + ".o" in sum((w for _, _, w in makefile(tree, d)), []):
            return ([gate] if gate else []) + inner
    return []


def main():
    tree = sys.argv[1]
    for f in sys.argv[2:]:
        opts = []
        known = False
        if f.endswith(".c"):
            d, base = os.path.split(f)
            for g in gates(tree, d, base[:-2] + ".o"):
                if g not in opts:
                    opts.append(g)
            known = (d, base[:-2] + ".o") in found
        print(f, " ".join(opts) if opts else "always" if known else "-")


if __name__ == "__main__":
    main()
