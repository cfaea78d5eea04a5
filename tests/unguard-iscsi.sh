#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Make SCRATCH a hard-linked copy of the kernel TREE in which libiscsi_tcp's
# sendpage_ok() test is gone from iscsi_tcp_segment_map(): every page of a
# send is left unmapped, so iscsi_sw_tcp_xmit_segment() splices (6.12) or
# sendpage()s (6.1) slab pages too, the bug the 2020 fix (sendpage_ok()
# there) closed. The test is made in one function and read through
# segment->data in another. The one changed file is replaced, never
# written through to TREE.
# Usage: unguard-iscsi.sh TREE SCRATCH; exit 1 when the test is not there.
set -eu
tree=$1
scratch=$2
f=drivers/scsi/libiscsi_tcp.c
rm -rf "$scratch"
cp -al "$tree" "$scratch"
rm "$scratch/$f"
python3 - "$tree/$f" "$scratch/$f" <<'PY'
import sys
src, dst = sys.argv[1:]
text = open(src).read()
guarded = "\tif (!recv && sendpage_ok(sg_page(sg)))\n\t\treturn;\n"
bare = "\tif (!recv)\n\t\treturn;\n"
if text.count(guarded) != 1:
    sys.exit("the guard to remove is not in " + src)
open(dst, "w").write(text.replace(guarded, bare))
PY
