#!/bin/busybox sh
# PID 1 of the validation initramfs: mount what the workload needs, run it,
# say that it ended, power off (tinyconfig cannot: reboot -f with QEMU's
# -no-reboot ends the VM).
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2> /dev/null
mount -t tmpfs tmpfs /tmp
ip link set lo up 2> /dev/null || ifconfig lo 127.0.0.1 up
echo "PAGEREF-BOOTED $(uname -r)"
# the trap's own proof boots with pageref_trap_selftest and needs no workload
grep -q pageref_trap_selftest /proc/cmdline || /bin/workload
echo "PAGEREF-END"
reboot -f
