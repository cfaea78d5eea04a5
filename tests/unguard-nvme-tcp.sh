#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Make SCRATCH a hard-linked copy of the kernel TREE in which nvme-tcp's real
# sendpage_ok() guard is removed (6.1: the kernel_sendpage()/sock_no_sendpage()
# choice; 6.12: the sendpages_ok() test that clears MSG_SPLICE_PAGES): the
# bug the guard fixed, back in a real tree, for pageref to find and repair
# (scripts/revert-fixes.sh, which knows each version's text).
# Usage: unguard-nvme-tcp.sh VERSION TREE SCRATCH; exit 1 when the guard is not there.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/../scripts/revert-fixes.sh" "$2" "$3" nvme-tcp
