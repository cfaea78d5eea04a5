#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Validate a series on a kernel tree: apply it to a scratch copy (the user's
# tree is never written), check each patch (checkpatch.pl --strict) and each
# touched file before and after (sparse, compiler warnings under the
# analysis configuration), then build a small kernel with the refcount trap
# (trees before 6.14), boot it under QEMU with the socket, kTLS and
# NVMe-over-TCP workload, trace the patched functions, and prove the trap
# fires. With BASELINE=1 the unpatched tree is booted first with the same
# trap and workload, and the two are compared.
#
# Output is TAP on stdout and WORK/results.tsv (STEP, pass|fail|skip,
# SECONDS, DETAIL: what pageref validation loads); logs stay in WORK.
#
# Usage: validation/run.sh TREE WORK [SERIES-DIR]
# Environment: BASELINE=1 (boot the unpatched tree too), FUNCTIONS (the
# patched functions to trace, blank-separated; default: the series' hunk
# headers), CONFIG (the analysis .config for the static checks; default
# allmodconfig), JOBS (make -j, default nproc), BOOT_TIMEOUT (seconds one
# QEMU boot may run, default 300), APPEND (more kernel command line, last:
# the tests boot a missing init with it), CCACHE_DIR (default
# ~/.cache/pageref/ccache).
# Exit codes: 0 every check passed, 1 a check failed, 3 a missing tool or tree.
set -u
tree=$1
work=$2
series=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
jobs=${JOBS:-$(nproc)}
limit=${BOOT_TIMEOUT:-300}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/pageref/ccache}
die3() { echo "pageref: error: $1" >&2; exit 3; }

for t in qemu-system-x86_64 clang-19 ld.lld-19 gcc cpio gzip ccache perl python3; do
	command -v $t > /dev/null || die3 "validation needs $t (make deps installs it)"
done
[ -x /bin/busybox ] || die3 "validation needs /bin/busybox (make deps installs busybox-static)"
{ grep -q "^PATCHLEVEL = " "$tree/Makefile" && [ -f "$tree/include/linux/mm.h" ]; } 2> /dev/null ||
	die3 "$tree is not a kernel tree (no Makefile with a version, no include/linux/mm.h)"
if [ -n "$series" ]; then
	ls "$series"/[0-9]*.patch > /dev/null 2>&1 || die3 "$series holds no patches (NNNN-*.patch)"
	series=$(cd "$series" && pwd)
fi
[ -z "${CONFIG:-}" ] || [ -r "$CONFIG" ] || die3 "CONFIG=$CONFIG is not a readable .config"
[ -z "${CONFIG:-}" ] || CONFIG=$(cd "$(dirname "$CONFIG")" && pwd)/$(basename "$CONFIG")
tree=$(cd "$tree" && pwd)
mkdir -p "$work" || die3 "cannot create $work"
work=$(cd "$work" && pwd)
case $tree/ in "$work"/*) die3 "the tree $tree lies inside the work directory $work" ;; esac
version=$(awk -F' *= *' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2} END{print v * 100 + p}' "$tree/Makefile")
# the same relative paths from every object dir: ccache hits across them
export CCACHE_BASEDIR=$work
scratch=$work/tree

# ---- results ---------------------------------------------------------------
n=0 bad=0
results=$work/results.tsv
: > "$results"
# result pass|fail|skip SECONDS STEP [DETAIL]: one TAP line, one row
result() {
	n=$((n + 1))
	d=$(printf '%s' "${4:-}" | tr '\t\n' '  ')
	case $1 in
	pass) echo "ok $n - $3${d:+ ($d)}" ;;
	fail) bad=$((bad + 1)); echo "not ok $n - $3${d:+ ($d)}" ;;
	skip) echo "ok $n - $3 # SKIP $d" ;;
	esac
	printf '%s\t%s\t%s\t%s\n' "$3" "$1" "$2" "$d" >> "$results"
}
now() { date +%s; }
plan() { echo "1..$n"; }
indent() { sed 's/^/# /'; }

# the files the series changes, from its +++ lines
touched=
if [ -n "$series" ]; then
	touched=$(cat "$series"/[0-9]*.patch | sed -n 's|^+++ b/\([^	]*\).*|\1|p' | LC_ALL=C sort -u)
fi

# ---- the scratch tree ------------------------------------------------------
# Hard links cost seconds; a file about to change is first made a copy of its
# own, so nothing is written through to the user's tree. The path is fixed
# and every copied file keeps the time stamp of the last run's copy when its
# text is the same, so kbuild rebuilds only what changed since then (a file
# that was patched last time and is not now is copied too: its object is
# stale).
# (sh has no local variables: the helpers' loop variables are their own names)
own() {
	for own_f in "$@"; do
		[ -f "$scratch/$own_f" ] && [ "$(stat -c %h "$scratch/$own_f")" -gt 1 ] || continue
		cp "$scratch/$own_f" "$scratch/$own_f.own" && mv "$scratch/$own_f.own" "$scratch/$own_f" ||
			die3 "cannot copy $own_f in $scratch"
	done
}
prepare() {
	variant=$1
	saved=$work/saved/$variant
	rm -rf "$scratch"
	cp -al "$tree" "$scratch" || die3 "cannot copy $tree to $scratch"
	prev=$(cat "$saved.list" 2> /dev/null)
	# shellcheck disable=SC2086
	mine=$(printf '%s\n' include/linux/mm.h mm/mm_init.c $prev | LC_ALL=C sort -u)
	# shellcheck disable=SC2086
	own $mine
	if [ "$version" -lt 614 ]; then
		if (cd "$scratch" && patch -p1 -s -F2 < "$here/refcount-trap.patch") > "$work/trap.log" 2>&1; then
			[ "$variant" = patched ] && result pass 0 "refcount trap applied (this tree predates 6.14's own)"
		else
			result fail 0 "refcount trap applied ($variant)" "$(head -1 "$work/trap.log")"; indent < "$work/trap.log"
		fi
	elif [ "$variant" = patched ]; then
		result pass 0 "refcount trap: not needed, 6.14 and later refuse slab pages themselves"
	fi
	# the trap's proof: a get_page() on kmalloc'd memory, run only when the
	# command line asks (the selftest boot)
	cat "$here/trap-selftest.c" >> "$scratch/mm/mm_init.c"
	if [ "$variant" = patched ] && [ -n "$series" ]; then
		for p in "$series"/[0-9]*.patch; do
			case $p in *0000-cover-letter.patch) continue ;; esac
			# shellcheck disable=SC2046
			own $(sed -n 's|^+++ b/\([^	]*\).*|\1|p' "$p")
			mine="$mine $(sed -n 's|^+++ b/\([^	]*\).*|\1|p' "$p")"
			(cd "$scratch" && patch -p1 -s -F0 < "$p") > "$work/apply.log" 2>&1 &&
				result pass 0 "applies: $(basename "$p")" ||
				{ result fail 0 "applies: $(basename "$p")" "$(head -1 "$work/apply.log")"; indent < "$work/apply.log"; }
		done
	fi
	# ftrace sees a function only where the compiler kept it: the touched
	# objects of the boot kernels (both variants alike; PAGEREF_NOINLINE=1
	# on their make line) are built without inlining of functions not
	# marked inline; the static checks build them as the tree does
	for f in $touched; do
		case $f in *.c) ;; *) continue ;; esac
		mk=$(dirname "$f")/Makefile
		[ -f "$scratch/$mk" ] || continue
		own "$mk"
		mine="$mine $mk"
		echo "CFLAGS_$(basename "${f%.c}").o += \$(if \$(PAGEREF_NOINLINE),-fno-inline-functions)" >> "$scratch/$mk"
	done
	mkdir -p "$saved"
	for f in $(printf '%s\n' $mine | LC_ALL=C sort -u); do
		[ -f "$scratch/$f" ] || continue
		if cmp -s "$scratch/$f" "$saved/$f"; then
			touch -r "$saved/$f" "$scratch/$f"
		else
			mkdir -p "$(dirname "$saved/$f")"
			cp -p "$scratch/$f" "$saved/$f"
		fi
	done
	printf '%s\n' $mine | LC_ALL=C sort -u > "$saved.list"
}

# ---- static checks (the patched tree, before the boot build) ---------------
# checkpatch per patch; then, for each touched .c file, sparse and the
# compiler's W=1 warnings on the original text and on the patched text, in
# an object dir of the analysis configuration; a warning is new when its
# text (without line and column) was not there before
static_checks() {
	for p in "$series"/[0-9]*.patch; do
		case $p in *0000-cover-letter.patch) continue ;; esac
		t=$(now)
		(cd "$scratch" && perl scripts/checkpatch.pl --strict --color=never --no-signoff "$p") \
			> "$work/checkpatch.log" 2>&1
		tot=$(grep -m1 '^total: ' "$work/checkpatch.log")
		errs=$(echo "$tot" | sed -n 's/^total: \([0-9]*\) errors.*/\1/p')
		case $errs in
		0) result pass $(($(now) - t)) "checkpatch --strict: $(basename "$p")" "$tot" ;;
		*) result fail $(($(now) - t)) "checkpatch --strict: $(basename "$p")" "${tot:-no total line}"
		   grep '^ERROR:' "$work/checkpatch.log" | head -5 | indent ;;
		esac
	done
	command -v sparse > /dev/null || { result fail 0 "sparse" "sparse is not installed (make deps installs it)"; return; }
	chk=$work/obj-check
	mkdir -p "$chk"
	kc() { make -C "$scratch" O="$chk" LLVM=-19 CC="ccache clang-19" -j"$jobs" "$@"; }
	t=$(now)
	{
		if [ -n "${CONFIG:-}" ]; then
			cmp -s "$CONFIG" "$chk/.config.analysis" || { cp "$CONFIG" "$chk/.config" && cp "$CONFIG" "$chk/.config.analysis"; }
			kc olddefconfig
		elif [ ! -f "$chk/.config" ]; then
			kc allmodconfig
		fi
	} > "$work/check-config.log" 2>&1 ||
		{ result fail $(($(now) - t)) "static checks: configure ${CONFIG:-allmodconfig}"; tail -3 "$work/check-config.log" | indent; return; }
	for f in $touched; do
		case $f in *.c) ;; *) continue ;; esac
		o=${f%.c}.o
		t=$(now)
		for side in before after; do
			if [ $side = before ]; then
				cp "$scratch/$f" "$work/patched.c"
				cp "$tree/$f" "$scratch/$f" 2> /dev/null || : > "$scratch/$f"
			else
				cp "$work/patched.c" "$scratch/$f"
				# the boot build must see the patched file's own time stamp
				touch -r "$work/saved/patched/$f" "$scratch/$f"
			fi
			rm -f "$chk/$o"
			kc W=1 KCFLAGS=-Wno-error "$o" > "$work/cc-$side.log" 2>&1
			echo $? > "$work/cc-$side.rc"
			# the same flags: the object is up to date, only sparse runs
			kc W=1 KCFLAGS=-Wno-error C=2 CHECK=sparse "$o" > "$work/sparse-$side.log" 2>&1
			for k in cc sparse; do
				grep -a ': \(warning\|error\):' "$work/$k-$side.log" | grep -aF "$f:" |
					sed "s/:[0-9]*:[0-9]*: /: /; s|^\.\./tree/||; s|^$scratch/||" | LC_ALL=C sort -u > "$work/$k-$side.txt"
			done
		done
		secs=$(($(now) - t))
		if [ "$(cat "$work/cc-after.rc")" != 0 ]; then
			result fail $secs "compiles: $o (W=1, LLVM=-19, ${CONFIG:-allmodconfig})" "$(grep -a -m1 'error' "$work/cc-after.log")"
			grep -a -m5 'error' "$work/cc-after.log" | indent
		else
			new=$(LC_ALL=C comm -13 "$work/cc-before.txt" "$work/cc-after.txt")
			[ -z "$new" ] && result pass $secs "no new compiler warnings: $o (W=1, LLVM=-19, ${CONFIG:-allmodconfig})" \
				"$(wc -l < "$work/cc-before.txt") before, $(wc -l < "$work/cc-after.txt") after" ||
				{ result fail $secs "no new compiler warnings: $o" "$(echo "$new" | head -1)"; echo "$new" | indent; }
		fi
		new=$(LC_ALL=C comm -13 "$work/sparse-before.txt" "$work/sparse-after.txt")
		[ -z "$new" ] && result pass 0 "no new sparse warnings: $o" \
			"$(wc -l < "$work/sparse-before.txt") before, $(wc -l < "$work/sparse-after.txt") after" ||
			{ result fail 0 "no new sparse warnings: $o" "$(echo "$new" | head -1)"; echo "$new" | indent; }
	done
}

# ---- the boot kernel ---------------------------------------------------------
build() {
	obj=$work/$1
	mkdir -p "$obj"
	mk() { make -C "$scratch" O="$obj" LLVM=-19 CC="ccache clang-19" PAGEREF_NOINLINE=1 -j"$jobs" "$@"; }
	t=$(now)
	{
		if [ ! -f "$obj/.config" ]; then
			mk tinyconfig || exit 1
		fi
		# shellcheck disable=SC2046
		"$scratch/scripts/config" --file "$obj/.config" \
			$(grep -v '^#' "$here/kernel.config" | sed 's/^!\(.*\)/--disable \1/; t; s/^/--enable /') \
			$(for o in $touched_opts; do echo "--enable $o"; done) &&
			mk olddefconfig && mk bzImage
	} > "$work/build-$1.log" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && [ -f "$obj/arch/x86/boot/bzImage" ]; then
		result pass $(($(now) - t)) "$2bzImage built with LLVM=-19 in $(($(now) - t))s"
	else
		result fail $(($(now) - t)) "$2bzImage built with LLVM=-19" "see $work/build-$1.log"
		grep -m5 'error\|\*\*\*' "$work/build-$1.log" | indent
		return 1
	fi
	missing=
	for opt in $(grep -v '^#' "$here/kernel.config"); do
		case $opt in
		!*) grep -q "^CONFIG_${opt#!}=y" "$obj/.config" && missing="$missing $opt" ;;
		*) grep -q "^CONFIG_$opt=y" "$obj/.config" || missing="$missing $opt" ;;
		esac
	done
	[ -z "$missing" ] && result pass 0 "$2the configuration is what validation/kernel.config asks" ||
		result fail 0 "$2the configuration differs from validation/kernel.config" "$missing"
	# the touched code built in where Kconfig allows: olddefconfig drops an
	# option whose dependencies the small kernel lacks
	[ -z "$2" ] || return 0
	while read -r f opts; do
		case $opts in -|always) continue ;; esac
		off=
		for o in $opts; do grep -q "^$o=y" "$obj/.config" || off="$off $o"; done
		[ -z "$off" ] && result pass 0 "touched code built in: $f" "$opts" ||
			result skip 0 "touched code built in: $f" "not built in:$off is off (Kconfig cannot enable it on top of validation/kernel.config)"
	done < "$work/touched-config.txt"
}

# ---- the initramfs -----------------------------------------------------------
initramfs() {
	root=$work/initramfs
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/etc"
	cp /bin/busybox "$root/bin/busybox"
	cp "$here/init.sh" "$root/init"
	printf '%s\n' $functions > "$root/etc/pageref-functions"
	gcc -static -O2 -o "$root/bin/workload" "$here/workload.c" > "$work/workload.log" 2>&1 ||
		{ result fail 0 "the workload builds (gcc -static)" "$(head -1 "$work/workload.log")"; indent < "$work/workload.log"; plan; exit 1; }
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -9) > "$work/initramfs.cpio.gz"
}

# ---- boot --------------------------------------------------------------------
# KVM only where it works: /dev/kvm can exist on a CPU without vmx/svm, and
# then -enable-kvm hangs (TOOLING-NOTES); TCG otherwise
accel=tcg
if [ -w /dev/kvm ] && grep -qw 'vmx\|svm' /proc/cpuinfo; then
	accel=kvm
fi
boot() { # OBJ CONSOLE APPEND...
	bobj=$1 console=$2
	shift 2
	t=$(now)
	timeout --kill-after=10 "$limit" qemu-system-x86_64 -machine accel=$accel -m 512 -smp 1 \
		-nographic -no-reboot -nic user,model=virtio-net-pci,guestfwd=tcp:10.0.2.100:7000-cmd:cat \
		-kernel "$work/$bobj/arch/x86/boot/bzImage" -initrd "$work/initramfs.cpio.gz" \
		-append "console=ttyS0 panic=-1 rdinit=/init $* ${APPEND:-}" < /dev/null > "$console.raw" 2>&1
	qrc=$?
	# the serial console ends its lines with CR LF
	tr -d '\r' < "$console.raw" > "$console" && rm -f "$console.raw"
	secs=$(($(now) - t))
}
steps="tcp-bulk sendfile splice vmsplice msg-zerocopy ktls virtio-net nvme-tcp"
report_re='WARNING:\|BUG:\|Oops\|KASAN\|refcount_t:\|Kernel panic'
# what a boot's console holds: trap hits, kernel reports, failed workload steps
count() {
	hits=$(grep -a -c 'pageref refcount trap' "$1")
	reports=$(grep -a -c "$report_re" "$1")
	failed_steps=
	for s in $steps; do
		grep -aq "^PAGEREF-STEP $s ok" "$1" || failed_steps="$failed_steps $s"
	done
}

# ---- the run -----------------------------------------------------------------
# the options that build the touched files (validation/kconfig-of.py)
: > "$work/touched-config.txt"
# shellcheck disable=SC2086
[ -n "$touched" ] && python3 "$here/kconfig-of.py" "$tree" $touched > "$work/touched-config.txt"
touched_opts=$(awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^CONFIG_/) print substr($i, 8) }' "$work/touched-config.txt" | LC_ALL=C sort -u)
functions=${FUNCTIONS:-}
if [ -z "$functions" ] && [ -n "$series" ]; then
	# the function a hunk is in, as diff -p names it
	functions=$(cat "$series"/[0-9]*.patch | sed -n 's/^@@ [^@]* @@.*[ *]\([A-Za-z_][A-Za-z0-9_]*\)(.*/\1/p' | LC_ALL=C sort -u)
fi
initramfs
if [ "${BASELINE:-0}" = 1 ] && [ -z "$series" ]; then
	result skip 0 "before and after" "BASELINE=1 compares the tree with and without a series, and there is no series"
elif [ "${BASELINE:-0}" = 1 ]; then
	prepare baseline
	if build obj-baseline "before: "; then
		boot obj-baseline "$work/console-before.log" oops=panic
		grep -aq '^PAGEREF-END' "$work/console-before.log" &&
			result pass $secs "before: the unpatched tree boots and runs the workload" ||
			{ result fail $secs "before: the unpatched tree boots and runs the workload" "console in $work/console-before.log"; tail -5 "$work/console-before.log" | indent; }
		count "$work/console-before.log"
		b_hits=$hits b_reports=$reports b_failed=$failed_steps
		first=$(grep -a -m1 "pageref refcount trap\|$report_re" "$work/console-before.log" |
			sed 's/^\[[ 0-9.]*\] //; s| \.\./tree/| |')
		result pass 0 "before: what the unpatched tree does" \
			"$b_hits trap hits, $b_reports kernel reports, workload steps failed:${b_failed:- none}${first:+; first: $first}"
		grep -a -A4 "pageref refcount trap\|$report_re" "$work/console-before.log" | head -12 | indent
	fi
fi

prepare patched
[ -n "$series" ] && static_checks
build obj "" || { plan; exit 1; }
boot obj "$work/console.log" oops=panic
console=$work/console.log
if [ $qrc -eq 124 ] || [ $qrc -eq 137 ]; then
	result fail $secs "QEMU ($accel) ended within ${limit}s" "killed at the limit; console in $console"
else
	result pass $secs "QEMU ($accel) ran and ended by itself in ${secs}s"
fi
grep -aq '^PAGEREF-BOOTED' "$console" && result pass 0 "booted to the initramfs" ||
	{ result fail 0 "booted to the initramfs" "$(tail -1 "$console")"; tail -5 "$console" | indent; }
for s in $steps; do
	line=$(grep -a "^PAGEREF-STEP $s " "$console" | head -1)
	case $line in
	*" ok"*) result pass 0 "workload: $s" ;;
	"") result fail 0 "workload: $s" "never ran" ;;
	*) result fail 0 "workload: $s" "${line#PAGEREF-STEP $s }" ;;
	esac
done
grep -aq '^PAGEREF-END' "$console" && result pass 0 "the workload ran to its end" ||
	result fail 0 "the workload ran to its end"
count "$console"
[ "$hits" = 0 ] && result pass 0 "no refcount trap hits" ||
	{ result fail 0 "refcount trap hits" "$hits"; grep -a -A3 'pageref refcount trap' "$console" | head -12 | indent; }
[ "$reports" = 0 ] && result pass 0 "no WARN, BUG, Oops, KASAN or refcount report on the console" ||
	{ result fail 0 "kernel reports on the console" "$reports: $(grep -a -m1 "$report_re" "$console")"; grep -a "$report_re" "$console" | head -5 | indent; }

# executed, not just built: each patched function's calls during the workload
for f in $functions; do
	if grep -aq "^PAGEREF-UNTRACEABLE $f\$" "$console"; then
		result skip 0 "exercised: $f()" "not traceable (notrace, or not in the kernel's text), so not known to have run"
	elif c=$(grep -a "^PAGEREF-TRACED $f " "$console" | awk '{print $3}') && [ -n "$c" ] && [ "$c" -gt 0 ]; then
		result pass 0 "exercised: $f()" "$c calls traced during the workload"
	elif [ -n "$c" ]; then
		result skip 0 "exercised: $f()" "not exercised: the workload never called it"
	else
		result fail 0 "exercised: $f()" "no trace report on the console"
	fi
done

if [ -n "${b_hits:-}" ]; then
	if [ "$hits" = 0 ] && [ "$reports" = 0 ]; then
		[ "$b_hits" -gt 0 ] || [ "$b_reports" -gt 0 ] &&
			d="the series removes them: $b_hits trap hits and $b_reports kernel reports before, none after" ||
			d="none before and none after: the workload does not reach what the series changes"
		result pass 0 "before and after" "$d"
	else
		result fail 0 "before and after" "$b_hits trap hits and $b_reports kernel reports before, $hits and $reports after"
	fi
fi

# ---- the trap's proof ----------------------------------------------------------
# the same kernel, booted with pageref_trap_selftest: one get_page() on a
# kmalloc'd page must hit the trap (6.14+: the kernel's own refusal), so "no
# hits" above means something
boot obj "$work/selftest.log" pageref_trap_selftest
if grep -aq 'pageref: trap selftest done' "$work/selftest.log" &&
   grep -aq 'pageref refcount trap: get_page() on a slab page\|WARNING:.*get_page\|WARNING:.*folio_get' "$work/selftest.log"; then
	result pass $secs "the trap fires: a get_page() on a kmalloc'd page warns (selftest boot)"
else
	result fail $secs "the trap fires: a get_page() on a kmalloc'd page warns" "selftest boot; console in $work/selftest.log"
	grep -a 'pageref' "$work/selftest.log" | head -5 | indent
fi
plan
[ $bad -eq 0 ]
