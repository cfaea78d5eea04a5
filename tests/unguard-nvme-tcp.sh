#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Make SCRATCH a hard-linked copy of the kernel TREE in which nvme-tcp's real
# sendpage_ok() guard is removed (6.1: the kernel_sendpage()/sock_no_sendpage()
# choice; 6.12: the sendpages_ok() test that clears MSG_SPLICE_PAGES): the
# bug the guard fixed, back in a real tree, for pageref to find and repair.
# The one changed file is replaced, never written through to TREE.
# Usage: unguard-nvme-tcp.sh VERSION TREE SCRATCH; exit 1 when the guard is not there.
set -eu
version=$1
tree=$2
scratch=$3
nvme=drivers/nvme/host/tcp.c
rm -rf "$scratch"
cp -al "$tree" "$scratch"
rm "$scratch/$nvme"
python3 - "$tree/$nvme" "$scratch/$nvme" "$version" <<'PY'
import sys
src, dst, version = sys.argv[1:]
text = open(src).read()
if version == "6.1":
    guarded = """		if (sendpage_ok(page)) {
			ret = kernel_sendpage(queue->sock, page, offset, len,
					flags);
		} else {
			ret = sock_no_sendpage(queue->sock, page, offset, len,
					flags);
		}
"""
    bare = """		ret = kernel_sendpage(queue->sock, page, offset, len,
				flags);
"""
else:
    guarded = """		if (!sendpages_ok(page, len, offset))
			msg.msg_flags &= ~MSG_SPLICE_PAGES;
"""
    bare = ""
if text.count(guarded) != 1:
    sys.exit("the guard to remove is not in " + src)
open(dst, "w").write(text.replace(guarded, bare))
PY
