#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In SCRATCH, a hard-linked copy of Debian's 6.1 tree (unguard-nvme-tcp.sh
# makes it), undo two of the 2020 sendpage_ok() fixes that call the socket's
# sendpage directly: drbd's _drbd_send_page() (socket->ops->sendpage()
# unless sendpage_ok() fails) and libceph's ceph_tcp_sendpage() (the ops
# function picked into a local, or sock_no_sendpage()). The bugs the fixes
# fixed, back in a real tree for pageref to find and repair. The changed
# files are replaced, never written through to the tree they link to.
# Usage: unguard-sendpage-era.sh SCRATCH; exit 1 when a guard is not there.
set -eu
scratch=$1
python3 - "$scratch" <<'PY'
import os, sys
scratch = sys.argv[1]
edits = {
    "drivers/block/drbd/drbd_main.c": (
        "\tif (drbd_disable_sendpage || !sendpage_ok(page))\n",
        "\tif (drbd_disable_sendpage)\n"),
    "net/ceph/messenger_v1.c": (
        "\tif (sendpage_ok(page))\n\t\tsendpage = sock->ops->sendpage;\n\telse\n"
        "\t\tsendpage = sock_no_sendpage;\n",
        "\tsendpage = sock->ops->sendpage;\n"),
}
for path, (guarded, bare) in edits.items():
    f = os.path.join(scratch, path)
    text = open(f).read()
    if text.count(guarded) != 1:
        sys.exit("the guard to remove is not in " + f)
    os.unlink(f)
    open(f, "w").write(text.replace(guarded, bare))
PY
