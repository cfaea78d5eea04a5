#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Make SCRATCH a hard-linked copy of the kernel TREE in which libiscsi_tcp's
# sendpage_ok() test is gone from iscsi_tcp_segment_map(): every page of a
# send is left unmapped, so iscsi_sw_tcp_xmit_segment() splices (6.12) or
# sendpage()s (6.1) slab pages too, the bug the 2020 fix (sendpage_ok()
# there) closed. The test is made in one function and read through
# segment->data in another (scripts/revert-fixes.sh).
# Usage: unguard-iscsi.sh TREE SCRATCH; exit 1 when the test is not there.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/../scripts/revert-fixes.sh" "$1" "$2" libiscsi
