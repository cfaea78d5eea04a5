#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In SCRATCH, a hard-linked copy of Debian's 6.1 tree (unguard-nvme-tcp.sh
# makes it), undo two of the 2020 sendpage_ok() fixes that call the socket's
# sendpage directly: drbd's _drbd_send_page() (socket->ops->sendpage()
# unless sendpage_ok() fails) and libceph's ceph_tcp_sendpage() (the ops
# function picked into a local, or sock_no_sendpage()). The bugs the fixes
# fixed, back in a real tree for pageref to find and repair
# (scripts/revert-fixes.sh).
# Usage: unguard-sendpage-era.sh SCRATCH; exit 1 when a guard is not there.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/../scripts/revert-fixes.sh" --in "$1" drbd ceph-msgr1
