#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A guard carried in a field, on a real tree (Debian's linux-source
# VERSION): libiscsi_tcp's iscsi_tcp_segment_map() leaves segment->data
# NULL exactly for the pages sendpage_ok() accepts, and
# iscsi_sw_tcp_xmit_segment() splices (sendpage()s on 6.1) only pages
# whose segment->data is NULL. The unmodified tree's splice is guarded by
# that test, named with the function it is made in; the same tree with the
# test removed (tests/unguard-iscsi.sh) has it as an unguarded finding of
# the same fingerprint.
# Usage: run-real-field-guard.sh VERSION PAGEREF WORKDIR
set -u
version=$1
pageref=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
fresh_work "$work"
tree=$("$here/../scripts/kernel-tree.sh" "$version") || { fail "unpack linux-source-$version"; finish; exit 1; }
# the socket layer down to TCP's sendpage/splice, and the iSCSI initiator
dirs="net/core/skbuff.c net/ipv4/af_inet.c net/ipv4/tcp.c net/ipv4/tcp_ipv4.c net/socket.c lib/iov_iter.c drivers/scsi/libiscsi_tcp.c drivers/scsi/iscsi_tcp.c"
q="SELECT f.fingerprint, f.guarded, coalesce(fi.guard, '') FROM v_finding f JOIN finding fi ON fi.id = f.id
   WHERE f.rule = 'splice-unsafe-page' AND f.sink_function = 'iscsi_sw_tcp_xmit_segment'"

# analyze NAME TREE OUT: the scope above, one check
analyze() {
	"$pageref" analyze --no-patch --kernel "$2" --out "$3" --dirs "$dirs" --jobs 2 > "$3.log" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] && pass "analyze $1" ||
		{ fail "analyze $1 (exit $rc)"; tail -5 "$3.log" | sed 's/^/# /'; }
}

analyze "the socket layer and iSCSI of the unmodified $version tree" "$tree" "$work/out"
before=$("$pageref" sql --out "$work/out" "$q")
case $before in
*"|1|sendpage_ok() in iscsi_tcp_segment_map() at line "*", carried in p1->data: NULL at line "*)
	[ "$(echo "$before" | wc -l)" = 1 ] &&
		pass "the splice in iscsi_sw_tcp_xmit_segment() is guarded by sendpage_ok() in iscsi_tcp_segment_map(), carried in segment->data" ||
		fail "one splice finding in iscsi_sw_tcp_xmit_segment() (got $(echo "$before" | wc -l))" ;;
*)	fail "the splice in iscsi_sw_tcp_xmit_segment() is guarded by the test in iscsi_tcp_segment_map() (got '$before')" ;;
esac

sh "$here/unguard-iscsi.sh" "$tree" "$work/tree" &&
	pass "remove the sendpage_ok() test from iscsi_tcp_segment_map() in a scratch copy" ||
	{ fail "remove the sendpage_ok() test from iscsi_tcp_segment_map() in a scratch copy"; finish; exit 1; }
analyze "the scratch tree" "$work/tree" "$work/out-unguarded"
after=$("$pageref" sql --out "$work/out-unguarded" "$q")
fp=${before%%|*}
[ -n "$fp" ] && [ "$after" = "$fp|0|" ] &&
	pass "without the test the same splice ($fp) is an unguarded finding" ||
	fail "without the test the same splice is an unguarded finding (before '$before', after '$after')"
finish
