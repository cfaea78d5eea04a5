#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Boot-test a kernel tree under QEMU with the refcount trap and the socket
# workload. A scratch copy of the tree gets the trap (trees before 6.14) and
# the series (if one is given); the user's tree is never written. Output is
# TAP on stdout; the console log and the build log stay in WORK.
#
# Usage: validation/run.sh TREE WORK [SERIES-DIR]
# Environment: JOBS (make -j, default nproc), BOOT_TIMEOUT (seconds QEMU may
# run, default 300), CCACHE_DIR (default ~/.cache/pageref/ccache).
# Exit codes: 0 every check passed, 1 a check failed, 3 a missing tool or tree.
set -u
tree=$1
work=$2
series=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
jobs=${JOBS:-$(nproc)}
limit=${BOOT_TIMEOUT:-300}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/pageref/ccache}
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
die3() { echo "pageref: error: $1" >&2; exit 3; }

for t in qemu-system-x86_64 clang-19 ld.lld-19 gcc cpio gzip ccache; do
	command -v $t > /dev/null || die3 "validation needs $t (make deps installs it)"
done
[ -x /bin/busybox ] || die3 "validation needs /bin/busybox (make deps installs busybox-static)"
{ grep -q "^PATCHLEVEL = " "$tree/Makefile" && [ -f "$tree/include/linux/mm.h" ]; } 2> /dev/null ||
	die3 "$tree is not a kernel tree (no Makefile with a version, no include/linux/mm.h)"
mkdir -p "$work"
work=$(cd "$work" && pwd)
version=$(awk -F' *= *' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2} END{print v * 100 + p}' "$tree/Makefile")

# ---- the scratch tree ------------------------------------------------------
# hard links cost seconds; a file about to change is first made a copy of
# its own, so nothing is written through to the user's tree
scratch=$work/tree
rm -rf "$scratch"
cp -al "$tree" "$scratch" || die3 "cannot copy $tree to $scratch"
own() { for f in "$@"; do cp "$scratch/$f" "$scratch/$f.own" && mv "$scratch/$f.own" "$scratch/$f"; done; }
if [ "$version" -lt 614 ]; then
	own include/linux/mm.h
	(cd "$scratch" && patch -p1 -s -F2 < "$here/refcount-trap.patch") > "$work/trap.log" 2>&1 &&
		ok "refcount trap applied (this tree predates 6.14's own)" ||
		{ notok "refcount trap applied"; sed 's/^/# /' "$work/trap.log"; }
else
	ok "refcount trap: not needed, 6.14 and later refuse slab pages themselves"
fi
# the trap's proof: a get_page() on kmalloc'd memory, run only when the
# command line asks (the second boot below)
own mm/mm_init.c
cat "$here/trap-selftest.c" >> "$scratch/mm/mm_init.c"
if [ -n "$series" ]; then
	for p in "$series"/[0-9]*.patch; do
		case $p in *0000-cover-letter.patch) continue ;; esac
		# shellcheck disable=SC2046
		own $(sed -n 's|^+++ b/||p' "$p")
		(cd "$scratch" && patch -p1 -s -F0 < "$p") > "$work/apply.log" 2>&1 &&
			ok "applies: $(basename "$p")" ||
			{ notok "applies: $(basename "$p")"; sed 's/^/# /' "$work/apply.log"; }
	done
fi

# ---- the kernel ------------------------------------------------------------
obj=$work/obj
mkdir -p "$obj"
mk() { make -C "$scratch" O="$obj" LLVM=-19 CC="ccache clang-19" -j"$jobs" "$@"; }
start=$(date +%s)
{
	if [ ! -f "$obj/.config" ]; then
		mk tinyconfig || exit 1
	fi
	# shellcheck disable=SC2046
	"$scratch/scripts/config" --file "$obj/.config" \
		$(grep -v '^#' "$here/kernel.config" | sed 's/^!\(.*\)/--disable \1/; t; s/^/--enable /') &&
		mk olddefconfig && mk bzImage
} > "$work/build.log" 2>&1
rc=$?
secs=$(( $(date +%s) - start ))
if [ $rc -eq 0 ] && [ -f "$obj/arch/x86/boot/bzImage" ]; then
	ok "bzImage built with LLVM=-19 in ${secs}s"
else
	notok "bzImage built with LLVM=-19 (see $work/build.log)"
	grep -m5 'error\|\*\*\*' "$work/build.log" | sed 's/^/# /'
	echo "1..$n"
	exit 1
fi
for opt in $(grep -v '^#' "$here/kernel.config"); do
	case $opt in
	!*) grep -q "^CONFIG_${opt#!}=y" "$obj/.config" && missing="${missing:-} $opt" ;;
	*) grep -q "^CONFIG_$opt=y" "$obj/.config" || missing="${missing:-} $opt" ;;
	esac
done
[ -z "${missing:-}" ] && ok "the configuration is what validation/kernel.config asks" ||
	notok "the configuration differs from validation/kernel.config:$missing"

# ---- the initramfs -----------------------------------------------------------
root=$work/initramfs
rm -rf "$root"
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
cp "$here/init.sh" "$root/init"
gcc -static -O2 -o "$root/bin/workload" "$here/workload.c" > "$work/workload.log" 2>&1 ||
	{ notok "the workload builds (gcc -static)"; sed 's/^/# /' "$work/workload.log"; echo "1..$n"; exit 1; }
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -9) > "$work/initramfs.cpio.gz"

# ---- boot --------------------------------------------------------------------
# KVM only where it works: /dev/kvm can exist on a CPU without vmx/svm, and
# then -enable-kvm hangs (TOOLING-NOTES); TCG otherwise
accel=tcg
if [ -w /dev/kvm ] && grep -qw 'vmx\|svm' /proc/cpuinfo; then
	accel=kvm
fi
start=$(date +%s)
timeout --kill-after=10 "$limit" qemu-system-x86_64 -machine accel=$accel -m 512 -smp 1 \
	-nographic -no-reboot -kernel "$obj/arch/x86/boot/bzImage" -initrd "$work/initramfs.cpio.gz" \
	-append "console=ttyS0 panic=-1 oops=panic rdinit=/init" < /dev/null > "$work/console.log" 2>&1
qrc=$?
secs=$(( $(date +%s) - start ))
console=$work/console.log
if [ $qrc -eq 124 ] || [ $qrc -eq 137 ]; then
	notok "QEMU ($accel) ended within ${limit}s (killed at the limit; console in $console)"
else
	ok "QEMU ($accel) ran and ended by itself in ${secs}s"
fi
grep -q '^PAGEREF-BOOTED' "$console" && ok "booted to the initramfs" ||
	{ notok "booted to the initramfs"; tail -5 "$console" | sed 's/^/# /'; }
for s in tcp-bulk sendfile splice vmsplice msg-zerocopy; do
	line=$(grep -a "^PAGEREF-STEP $s " "$console" | head -1)
	case $line in
	*" ok"*) ok "workload: $s" ;;
	"") notok "workload: $s (never ran)" ;;
	*) notok "workload: $s (${line#PAGEREF-STEP $s })" ;;
	esac
done
grep -q '^PAGEREF-END' "$console" && ok "the workload ran to its end" || notok "the workload ran to its end"
# what must never be on the console
hits=$(grep -a -c 'pageref refcount trap' "$console")
[ "$hits" = 0 ] && ok "no refcount trap hits" ||
	{ notok "refcount trap hits: $hits"; grep -a -A3 'pageref refcount trap' "$console" | head -12 | sed 's/^/# /'; }
reports=$(grep -a -c 'WARNING:\|BUG:\|Oops\|KASAN\|refcount_t:\|Kernel panic' "$console")
[ "$reports" = 0 ] && ok "no WARN, BUG, Oops, KASAN or refcount report on the console" ||
	{ notok "kernel reports on the console: $reports"; grep -a 'WARNING:\|BUG:\|Oops\|KASAN\|refcount_t:\|Kernel panic' "$console" | head -5 | sed 's/^/# /'; }

# ---- the trap's proof ----------------------------------------------------------
# the same kernel, booted with pageref_trap_selftest: one get_page() on a
# kmalloc'd page must hit the trap (6.14+: the kernel's own refusal), so "no
# hits" above means something
timeout --kill-after=10 "$limit" qemu-system-x86_64 -machine accel=$accel -m 512 -smp 1 \
	-nographic -no-reboot -kernel "$obj/arch/x86/boot/bzImage" -initrd "$work/initramfs.cpio.gz" \
	-append "console=ttyS0 panic=-1 rdinit=/init pageref_trap_selftest" < /dev/null \
	> "$work/selftest.log" 2>&1
if grep -aq 'pageref: trap selftest done' "$work/selftest.log" &&
   grep -aq 'pageref refcount trap: get_page() on a slab page\|WARNING:.*get_page\|WARNING:.*folio_get' "$work/selftest.log"; then
	ok "the trap fires: a get_page() on a kmalloc'd page warns (selftest boot)"
else
	notok "the trap fires: a get_page() on a kmalloc'd page warns (selftest boot; console in $work/selftest.log)"
	grep -a 'pageref' "$work/selftest.log" | head -5 | sed 's/^/# /'
fi
echo "1..$n"
[ $bad -eq 0 ]
