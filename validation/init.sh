#!/bin/busybox sh
# PID 1 of the validation initramfs: mount what the workload needs, trace
# the patched functions, run the socket workload and an NVMe-over-TCP
# connect and I/O on loopback, say what ran, power off (tinyconfig cannot:
# reboot -f with QEMU's -no-reboot ends the VM).
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2> /dev/null
mount -t tmpfs tmpfs /tmp
ip link set lo up 2> /dev/null || ifconfig lo 127.0.0.1 up
# the virtio NIC on QEMU's user network (its default addresses)
ip link set eth0 up 2> /dev/null && ip addr add 10.0.2.15/24 dev eth0 2> /dev/null
echo "PAGEREF-BOOTED $(uname -r)"

# The function tracer, filtered to the functions the series changes (one
# per line in /etc/pageref-functions): a function the filter refuses is not
# traceable (inlined, notrace), which is not the same as not run.
tr=/sys/kernel/tracing
trace_start() {
	[ -s /etc/pageref-functions ] || return 0
	mount -t tracefs tracefs $tr 2> /dev/null
	if [ ! -w $tr/set_ftrace_filter ]; then
		echo "PAGEREF-NOTRACE no tracefs set_ftrace_filter in this kernel"
		return 0
	fi
	: > $tr/set_ftrace_filter
	while read -r f; do
		echo "$f" >> $tr/set_ftrace_filter 2> /dev/null || echo "PAGEREF-UNTRACEABLE $f"
	done < /etc/pageref-functions
	# a full buffer drops new events rather than old ones: a call seen
	# early is never lost to a later flood
	echo 0 > $tr/options/overwrite
	echo 8192 > $tr/buffer_size_kb
	echo function > $tr/current_tracer
	echo 1 > $tr/tracing_on
}
trace_report() {
	[ -s /etc/pageref-functions ] && [ -w $tr/set_ftrace_filter ] || return 0
	echo 0 > $tr/tracing_on
	cat $tr/trace > /tmp/trace.txt
	while read -r f; do
		grep -qx "$f" $tr/set_ftrace_filter || continue
		echo "PAGEREF-TRACED $f $(grep -c ": $f <-" /tmp/trace.txt)"
	done < /etc/pageref-functions
}

# NVMe over TCP on loopback: an nvmet-tcp port exporting null_blk's nullb0,
# the host driver connected to it. The connect command's data is kmalloc'd
# and sent with MSG_SPLICE_PAGES: the path nvme-tcp's sendpages_ok() guard
# (sendpage_ok() before 6.5) protects.
nqn=nqn.2026-12.org.pageref:validate
nvme_step() {
	cfg=/sys/kernel/config
	[ -d $cfg ] || { echo "PAGEREF-STEP nvme-tcp fail: no configfs"; return; }
	mount -t configfs configfs $cfg 2> /dev/null
	s=$cfg/nvmet/subsystems/$nqn p=$cfg/nvmet/ports/1
	{ [ -b /dev/nullb0 ] && mkdir $s && echo 1 > $s/attr_allow_any_host &&
	  mkdir $s/namespaces/1 && echo -n /dev/nullb0 > $s/namespaces/1/device_path &&
	  echo 1 > $s/namespaces/1/enable && mkdir $p && echo tcp > $p/addr_trtype &&
	  echo ipv4 > $p/addr_adrfam && echo 127.0.0.1 > $p/addr_traddr &&
	  echo 4420 > $p/addr_trsvcid && ln -s $s $p/subsystems/$nqn; } 2> /tmp/nvmet.err ||
		{ echo "PAGEREF-STEP nvme-tcp fail: nvmet-tcp target setup: $(head -1 /tmp/nvmet.err)"; return; }
	timeout 60 sh -c "echo transport=tcp,traddr=127.0.0.1,trsvcid=4420,nqn=$nqn > /dev/nvme-fabrics" \
		2> /tmp/nvme.err ||
		{ echo "PAGEREF-STEP nvme-tcp fail: connect: $(head -1 /tmp/nvme.err)"; return; }
	i=0
	while [ ! -b /dev/nvme0n1 ] && [ $i -lt 20 ]; do sleep 0.5; i=$((i + 1)); done
	[ -b /dev/nvme0n1 ] || { echo "PAGEREF-STEP nvme-tcp fail: no /dev/nvme0n1 after connect"; return; }
	# writes go out as page-cache pages through the same send path
	{ timeout 60 dd if=/dev/zero of=/dev/nvme0n1 bs=65536 count=32 conv=fsync &&
	  timeout 60 dd if=/dev/nvme0n1 of=/dev/null bs=65536 count=32; } > /tmp/dd.log 2>&1 ||
		{ echo "PAGEREF-STEP nvme-tcp fail: I/O on /dev/nvme0n1: $(tail -1 /tmp/dd.log)"; return; }
	for c in /sys/class/nvme/nvme*/delete_controller; do echo 1 > "$c"; done
	echo "PAGEREF-STEP nvme-tcp ok"
}

# the trap's own proof boots with pageref_trap_selftest and needs no workload
if ! grep -q pageref_trap_selftest /proc/cmdline; then
	trace_start
	/bin/workload
	nvme_step
	trace_report
fi
echo "PAGEREF-END"
reboot -f
