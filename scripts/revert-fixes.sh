#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Put fixed bugs back into a copy of a kernel tree, for pageref to find and
# repair: the 2020 sendpage_ok() series (nvme-tcp, drbd, libceph's msgr1,
# libiscsi) and ocfs2's kzalloc'd handshake globals (before 86d7bd6e66e9),
# each undone in the shape its removal leaves (a test made always true, an
# unconditional assignment, the three globals kzalloc'd again and kfree'd
# in o2net_exit()). The tree's version picks each fix's text.
#
#   revert-fixes.sh TREE SCRATCH [FIX...]   SCRATCH := a hard-linked copy of TREE
#   revert-fixes.sh --in SCRATCH FIX...     in a copy made before
#
# FIX: nvme-tcp drbd ceph-msgr1 libiscsi ocfs2; none: every one the tree
# has. A changed file is replaced, never written through a hard link.
# One line on standard error and exit 1 when a fix asked for is not in the
# tree (nothing is changed then), 2 for a bad command line or a directory
# that is no kernel tree, 3 when the copy or a write fails.
set -u
usage() {
	echo "usage: revert-fixes.sh TREE SCRATCH [FIX...] | revert-fixes.sh --in SCRATCH FIX..." >&2
	exit 2
}
if [ "${1:-}" = --in ]; then
	[ $# -ge 3 ] || usage
	scratch=$2
	shift 2
else
	[ $# -ge 2 ] || usage
	tree=$1
	scratch=$2
	shift 2
	[ -f "$tree/Makefile" ] || { echo "revert-fixes: $tree is not a kernel tree (no Makefile)" >&2; exit 2; }
	rm -rf "$scratch" && cp -al "$tree" "$scratch" 2> /dev/null ||
		{ echo "revert-fixes: cannot make a hard-linked copy of $tree in $scratch (the same file system?)" >&2; exit 3; }
fi
python3 - "$scratch" "$@" <<'PY'
import os, re, sys
scratch, asked = sys.argv[1], sys.argv[2:]
try:
    mk = open(os.path.join(scratch, "Makefile")).read()
    version = "%s.%s" % (re.search(r"^VERSION = (\d+)", mk, re.M).group(1),
                         re.search(r"^PATCHLEVEL = (\d+)", mk, re.M).group(1))
except (OSError, AttributeError):
    print("revert-fixes: %s is not a kernel tree (no Makefile with VERSION and PATCHLEVEL)" % scratch,
          file=sys.stderr)
    sys.exit(2)
# fix -> [(file, what the fix wrote, what was there before)]
fixes = {
    "nvme-tcp": [("drivers/nvme/host/tcp.c",
        "\t\tif (!sendpages_ok(page, len, offset))\n\t\t\tmsg.msg_flags &= ~MSG_SPLICE_PAGES;\n",
        "")] if version != "6.1" else [("drivers/nvme/host/tcp.c",
        "\t\tif (sendpage_ok(page)) {\n\t\t\tret = kernel_sendpage(queue->sock, page, offset, len,\n"
        "\t\t\t\t\tflags);\n\t\t} else {\n\t\t\tret = sock_no_sendpage(queue->sock, page, offset, len,\n"
        "\t\t\t\t\tflags);\n\t\t}\n",
        "\t\tret = kernel_sendpage(queue->sock, page, offset, len,\n\t\t\t\tflags);\n")],
    "drbd": [("drivers/block/drbd/drbd_main.c",
        "\tif (drbd_disable_sendpage || !sendpage_ok(page))\n",
        "\tif (drbd_disable_sendpage)\n")],
    "ceph-msgr1": [("net/ceph/messenger_v1.c",
        "\tif (sendpage_ok(page))\n\t\tsendpage = sock->ops->sendpage;\n\telse\n"
        "\t\tsendpage = sock_no_sendpage;\n",
        "\tsendpage = sock->ops->sendpage;\n")],
    "libiscsi": [("drivers/scsi/libiscsi_tcp.c",
        "\tif (!recv && sendpage_ok(sg_page(sg)))\n\t\treturn;\n",
        "\tif (!recv)\n\t\treturn;\n")],
    "ocfs2": [("fs/ocfs2/cluster/tcp.c",
        "\tstruct folio *folio;\n\tvoid *p;\n\tunsigned long i;\n",
        "\tunsigned long i;\n"),
              ("fs/ocfs2/cluster/tcp.c",
        "\tfolio = folio_alloc(GFP_KERNEL | __GFP_ZERO, 0);\n\tif (!folio)\n\t\tgoto out;\n\n"
        "\tp = folio_address(folio);\n\to2net_hand = p;\n\tp += sizeof(struct o2net_handshake);\n"
        "\to2net_keep_req = p;\n\tp += sizeof(struct o2net_msg);\n\to2net_keep_resp = p;\n",
        "\to2net_hand = kzalloc(sizeof(struct o2net_handshake), GFP_KERNEL);\n"
        "\to2net_keep_req = kzalloc(sizeof(struct o2net_msg), GFP_KERNEL);\n"
        "\to2net_keep_resp = kzalloc(sizeof(struct o2net_msg), GFP_KERNEL);\n"
        "\tif (!o2net_hand || !o2net_keep_req || !o2net_keep_resp)\n\t\tgoto out;\n"),
              ("fs/ocfs2/cluster/tcp.c",
        "out:\n\to2net_debugfs_exit();\n\to2quo_exit();\n\treturn -ENOMEM;\n",
        "out:\n\tkfree(o2net_keep_resp);\n\tkfree(o2net_keep_req);\n\tkfree(o2net_hand);\n"
        "\to2net_debugfs_exit();\n\to2quo_exit();\n\treturn -ENOMEM;\n"),
              ("fs/ocfs2/cluster/tcp.c",
        "\tfolio_put(virt_to_folio(o2net_hand));\n",
        "\tkfree(o2net_hand);\n\tkfree(o2net_keep_req);\n\tkfree(o2net_keep_resp);\n")],
}
for name in asked:
    if name not in fixes:
        print("revert-fixes: no fix named %s (%s)" % (name, " ".join(fixes)), file=sys.stderr)
        sys.exit(1)
texts = {}
def text(path):
    if path not in texts:
        texts[path] = open(os.path.join(scratch, path)).read()
    return texts[path]
done = []
for name, edits in fixes.items():
    if asked and name not in asked:
        continue
    if not all(os.path.exists(os.path.join(scratch, p)) and text(p).count(old) == 1
               for p, old, new in edits):
        if asked:
            print("revert-fixes: the %s fix is not in this %s tree" % (name, version), file=sys.stderr)
            sys.exit(1)
        continue
    for p, old, new in edits:
        texts[p] = text(p).replace(old, new)
    done.append(name)
try:
    for p, t in texts.items():
        f = os.path.join(scratch, p)
        if open(f).read() != t:
            os.unlink(f)
            open(f, "w").write(t)
except OSError as e:
    print("revert-fixes: %s: %s" % (e.filename, e.strerror), file=sys.stderr)
    sys.exit(3)
print("revert-fixes: %s (linux %s)" % (" ".join(done) or "nothing", version), file=sys.stderr)
PY
