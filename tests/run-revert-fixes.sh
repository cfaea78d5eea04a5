#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# scripts/revert-fixes.sh on Debian's trees: every fix a version has is put
# back in a hard-linked copy, in the shape its removal leaves, and the tree
# itself is left as it was; a fix the tree does not have, or a name that is
# no fix, is one line and exit 1; a bad command line or a directory that is
# no kernel tree, one line and exit 2.
# Usage: run-revert-fixes.sh PAGEREF WORKDIR (PAGEREF unused: the script is the subject)
set -u
work=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
fresh_work "$work"
revert=$here/../scripts/revert-fixes.sh
t61=$("$here/../scripts/kernel-tree.sh" 6.1) && t612=$("$here/../scripts/kernel-tree.sh" 6.12) ||
	{ fail "unpack linux-source-6.1 and -6.12"; finish; exit 1; }

sh "$revert" "$t61" "$work/61" 2> "$work/61.err"
[ $? -eq 0 ] && [ "$(cat "$work/61.err")" = "revert-fixes: nvme-tcp drbd ceph-msgr1 libiscsi ocfs2 (linux 6.1)" ] &&
	pass "6.1: the five fixes are reverted" || { fail "6.1: the five fixes are reverted"; sed 's/^/# /' "$work/61.err"; }
grep -q '^	o2net_hand = kzalloc(sizeof(struct o2net_handshake), GFP_KERNEL);$' "$work/61/fs/ocfs2/cluster/tcp.c" &&
	[ "$(grep -c 'kfree(o2net_hand);' "$work/61/fs/ocfs2/cluster/tcp.c")" = 2 ] &&
	! grep -q 'folio' "$work/61/fs/ocfs2/cluster/tcp.c" &&
	! grep -q 'sendpage_ok' "$work/61/drivers/nvme/host/tcp.c" "$work/61/net/ceph/messenger_v1.c" &&
	grep -q '^	if (drbd_disable_sendpage)$' "$work/61/drivers/block/drbd/drbd_main.c" &&
	grep -q '^	if (!recv)$' "$work/61/drivers/scsi/libiscsi_tcp.c" &&
	pass "6.1: ocfs2's globals are kzalloc'd and kfree'd again, the sendpage_ok() tests gone" ||
	fail "6.1: ocfs2's globals are kzalloc'd and kfree'd again, the sendpage_ok() tests gone"
same=1
for f in fs/ocfs2/cluster/tcp.c drivers/nvme/host/tcp.c drivers/block/drbd/drbd_main.c \
	net/ceph/messenger_v1.c drivers/scsi/libiscsi_tcp.c; do
	grep -q 'sendpage_ok\|folio_alloc' "$t61/$f" || same=0
	[ "$(stat -c %i "$t61/$f")" != "$(stat -c %i "$work/61/$f")" ] || same=0
done
[ "$same" = 1 ] && [ "$(stat -c %i "$t61/Makefile")" = "$(stat -c %i "$work/61/Makefile")" ] &&
	pass "the tree keeps its fixes: changed files are new files in the copy, the rest hard links" ||
	fail "the tree keeps its fixes: changed files are new files in the copy, the rest hard links"

sh "$revert" "$t612" "$work/612" 2> "$work/612.err" &&
	[ "$(cat "$work/612.err")" = "revert-fixes: nvme-tcp libiscsi ocfs2 (linux 6.12)" ] &&
	! grep -q 'sendpages_ok' "$work/612/drivers/nvme/host/tcp.c" &&
	pass "6.12: the fixes it has (nvme-tcp, libiscsi, ocfs2) are reverted" ||
	{ fail "6.12: the fixes it has (nvme-tcp, libiscsi, ocfs2) are reverted"; sed 's/^/# /' "$work/612.err"; }
sh "$revert" --in "$work/612" drbd 2> "$work/drbd.err"
rc=$?
[ "$rc" = 1 ] && [ "$(cat "$work/drbd.err")" = "revert-fixes: the drbd fix is not in this 6.12 tree" ] &&
	pass "a fix the tree does not have: one line, exit 1" ||
	{ fail "a fix the tree does not have: one line, exit 1 (exit $rc)"; sed 's/^/# /' "$work/drbd.err"; }
sh "$revert" --in "$work/612" nosuch 2> "$work/name.err"
rc=$?
[ "$rc" = 1 ] && [ "$(wc -l < "$work/name.err")" = 1 ] && grep -q '^revert-fixes: no fix named nosuch' "$work/name.err" &&
	pass "a name that is no fix: one line, exit 1" || fail "a name that is no fix: one line, exit 1 (exit $rc)"
sh "$revert" "$work" 2> "$work/usage.err"
rc=$?
mkdir -p "$work/notatree"
sh "$revert" "$work/notatree" "$work/copy" 2> "$work/tree.err"
rc2=$?
[ "$rc" = 2 ] && [ "$(wc -l < "$work/usage.err")" = 1 ] && grep -q '^usage: revert-fixes.sh' "$work/usage.err" &&
	[ "$rc2" = 2 ] && [ "$(cat "$work/tree.err")" = "revert-fixes: $work/notatree is not a kernel tree (no Makefile)" ] &&
	pass "a bad command line or a directory that is no tree: one line, exit 2" ||
	fail "a bad command line or a directory that is no tree: one line, exit 2 (exit $rc, $rc2)"
finish
