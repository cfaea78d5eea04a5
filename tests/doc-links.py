#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Every link in README.md and Documentation/*.md resolves: a relative
path names a file or directory of the repository, and a #anchor names a
heading of its file (GitHub's slugs). Prints TAP lines and the closing
count. Usage: doc-links.py REPO"""
import os
import re
import sys

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading):
    s = heading.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def anchors(path):
    out = set()
    fence = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("```"):
                fence = not fence
            elif not fence and line.startswith("#"):
                out.add(slug(line.lstrip("#")))
    return out


def main():
    repo = sys.argv[1]
    docs = [os.path.join(repo, "README.md")]
    ddir = os.path.join(repo, "Documentation")
    docs += sorted(os.path.join(ddir, n) for n in os.listdir(ddir) if n.endswith(".md"))
    n = failed = 0
    for doc in docs:
        rel = os.path.relpath(doc, repo)
        bad = []
        fence = False
        for line in open(doc, encoding="utf-8"):
            if line.startswith("```"):
                fence = not fence
                continue
            if fence:
                continue
            for target in LINK.findall(line):
                if target.startswith(("http://", "https://", "mailto:")):
                    continue
                path, _, anchor = target.partition("#")
                dest = os.path.normpath(os.path.join(os.path.dirname(doc), path)) if path else doc
                if not os.path.exists(dest):
                    bad.append(f"{target}: no such file")
                elif anchor and dest.endswith(".md") and anchor not in anchors(dest):
                    bad.append(f"{target}: no such heading")
        n += 1
        if bad:
            failed += 1
            print(f"not ok {n} - every link in {rel} resolves")
            for b in bad:
                print(f"# {b}")
        else:
            print(f"ok {n} - every link in {rel} resolves")
    lines = sum(1 for _ in open(docs[0], encoding="utf-8"))
    n += 1
    if lines <= 150:
        print(f"ok {n} - README.md is at most 150 lines ({lines})")
    else:
        failed += 1
        print(f"not ok {n} - README.md is at most 150 lines ({lines})")
    print(f"{n - failed} passed, {failed} failed, 0 skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
