#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Validation on real trees, in three parts (6.1: part 2 only, its
# sendpage-era path), every check of validation/run.sh being a check here:
#  1. the smoke test: Debian's 6.12, unpatched, with the refcount trap, built
#     (tinyconfig + validation/kernel.config, LLVM=-19, ccache), booted under
#     QEMU (TCG here: no usable KVM) with the workload, and booted once more
#     with the trap's selftest to prove the trap fires;
#  2. the whole job: a copy of the tree with nvme-tcp's guard removed, analysed
#     (pageref analyze writes the series), then make validate BASELINE=1 on
#     it: the series applies, passes checkpatch, sparse and the compiler
#     comparisons, the unpatched tree warns under the workload and the
#     patched one does not, the patched function ran; the steps land in
#     v_validation and on the report's validation page;
#  3. a second make validate with nothing changed rebuilds no object, and
#     one with a changed patch rebuilds the one file; a kernel that cannot
#     find its init and a boot past the time limit each end with one line.
# Usage: run-validation.sh PAGEREF WORKDIR VERSION
set -u
pageref=$1
work=$2
version=$3
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/lib.sh"
# the work dirs are kept between runs (kbuild and ccache make the next one
# incremental); the scratch trees and logs are made again by run.sh
mkdir -p "$work"
export GIT_CEILING_DIRECTORIES="$work"
tree=$("$top/scripts/kernel-tree.sh" "$version") || { fail "unpack linux-source-$version"; finish; exit 1; }

# tap FILE: run.sh's TAP lines as this test's own
tap() {
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP "*) echo "# skipped by run.sh: ${line#ok * - }" ;;
		"ok "*) pass "$2${line#ok * - }" ;;
		"not ok "*) fail "$2${line#not ok * - }" ;;
		"# "*) echo "$line" ;;
		esac
	done < "$1"
	grep -q '^1\.\.[0-9]' "$1" || fail "${2}validation/run.sh ran to its end (a plan line)"
}

# ---- 1. smoke ----------------------------------------------------------------
if [ "$version" = 6.12 ]; then
	"$top/validation/run.sh" "$tree" "$work/smoke" > "$work/smoke.tap" 2> "$work/smoke.err"
	rc=$?
	tap "$work/smoke.tap" "smoke: "
	[ "$rc" -eq 0 ] || [ "$failed" -gt 0 ] || fail "smoke: validation/run.sh exited $rc: $(head -1 "$work/smoke.err")"
fi

# ---- 2. analyze, then make validate BASELINE=1 -----------------------------------
ug=$work/unguarded
mkdir -p "$ug"
sh "$here/unguard-nvme-tcp.sh" "$version" "$tree" "$ug/tree" ||
	{ fail "remove nvme-tcp's guard in a copy of $version"; finish; exit 1; }
# lib/iov_iter.c: skb_splice_from_iter() references the pages iov_iter_extract_pages() puts in its array
dirs="net/core/skbuff.c net/ipv4/af_inet.c net/ipv4/tcp.c net/ipv4/tcp_ipv4.c net/socket.c lib/iov_iter.c drivers/nvme/host/tcp.c"
rm -rf "$ug/out"
"$pageref" analyze --kernel "$ug/tree" --out "$ug/out" --dirs "$dirs" --jobs 2 > "$ug/analyze.log" 2>&1 &&
	ls "$ug/out/patches/0001-"*.patch > /dev/null 2>&1 &&
	pass "analyze writes a series for the unguarded nvme-tcp send" ||
	{ fail "analyze writes a series for the unguarded nvme-tcp send"; tail -3 "$ug/analyze.log" | sed 's/^/# /'; finish; exit 1; }
validate() {
	env KERNEL="$ug/tree" OUT="$ug/out" "$@" sh "$top/scripts/validate.sh" > "$ug/validate.out" 2> "$ug/validate.err"
}
validate BASELINE=1
rc=$?
tap "$ug/validate.out" "validate: "
[ "$rc" -eq 0 ] && pass "make validate BASELINE=1 exits 0" ||
	fail "make validate BASELINE=1 exits 0 (exit $rc: $(head -1 "$ug/validate.err"))"
res=$ug/out/validation/results.tsv
sql() { "$pageref" sql --out "$ug/out" "$1"; }
[ "$(sql "SELECT count(*) FROM v_validation")" = "$(grep -c '^ok \|^not ok ' "$ug/validate.out")" ] &&
	[ "$(sql "SELECT count(*) FROM v_validation")" = "$(wc -l < "$res")" ] &&
	pass "every step is a row of v_validation ($(wc -l < "$res"))" ||
	fail "every step is a row of v_validation"
# the before/after difference is what the guard is for: the unpatched tree's
# send of kmalloc'd connect data warns, the patched one does not
grep -q "^before: what the unpatched tree does	pass	[0-9]*	[0-9]* trap hits, [1-9][0-9]* kernel reports" "$res" &&
	grep -q "^before and after	pass	[0-9]*	the series removes them" "$res" &&
	pass "before: the unguarded send warns; after: nothing (v_validation)" ||
	{ fail "before: the unguarded send warns; after: nothing (v_validation)"; grep '^before' "$res" | sed 's/^/# /'; }
grep -aq 'skb_splice_from_iter\|do_tcp_sendpages\|pageref refcount trap' "$ug/out/validation/console-before.log" &&
	pass "the warning before names the splice path of the slab page" ||
	fail "the warning before names the splice path of the slab page"
grep -q "^exercised: nvme_tcp_try_send_data()	pass	" "$res" &&
	pass "the patched function ran during the workload (ftrace)" ||
	fail "the patched function ran during the workload (ftrace)"
for k in "checkpatch --strict: 0001-" "no new compiler warnings: drivers/nvme/host/tcp.o" "no new sparse warnings: drivers/nvme/host/tcp.o"; do
	grep -q "^$k[^	]*	pass	" "$res" && pass "a static check ran and passed: $k" ||
		fail "a static check ran and passed: $k"
done
grep -q '<table id="validation">' "$ug/out/report/validation.html" &&
	[ "$(grep -c '^<tr><td>' "$ug/out/report/validation.html")" = "$(wc -l < "$res")" ] &&
	grep -q 'id="validation-summary">[0-9]* steps, 0 failed<' "$ug/out/report/index.html" &&
	pass "the report's validation page shows every step, and the index its summary" ||
	fail "the report's validation page shows every step, and the index its summary"

# ---- 3. incremental, and runs that must end with one line ---------------------
# (on 6.12 only: the machinery is the same on every tree)
[ "$version" = 6.12 ] || { finish; exit; }
# (the logs go first: a rerun that never built cannot pass on the last one's)
rm -f "$ug/out/validation/build-obj.log" "$ug/out/validation/results.tsv"
validate
built=$(grep -c '^  CC  ' "$ug/out/validation/build-obj.log" 2> /dev/null)
grep -q '^bzImage built[^	]*	pass	' "$ug/out/validation/results.tsv" 2> /dev/null && [ "$built" = 0 ] && pass "a second make validate, nothing changed, compiles nothing" ||
	{ fail "a second make validate, nothing changed, compiles nothing ($built objects)"; grep '^  CC  ' "$ug/out/validation/build-obj.log" | head -5 | sed 's/^/# /'; }
# the same patch with its test changed to upstream's sendpages_ok() (same
# lines, other text): its file is compiled again, no other
p=$(ls "$ug/out/patches/0001-"*.patch)
cp "$p" "$ug/patch.orig"
sed -i 's/^+\t\tif (!sendpage_ok(page))\( {\)\{0,1\}$/+\t\tif (!sendpages_ok(page, len, offset))\1/' "$p"
cmp -s "$p" "$ug/patch.orig" && fail "the patch to change has the sendpage_ok() test"
rm -f "$ug/out/validation/build-obj.log"
validate
cp "$ug/patch.orig" "$p"
# (a new vmlinux always recompiles the objects that embed its version and
# its compressed image's layout: those are the link, not a rebuild)
built=$(grep '^  CC  ' "$ug/out/validation/build-obj.log" | awk '{print $2}' |
	grep -v '^init/version\(-timestamp\)\?\.o$\|^arch/x86/boot/version\.o$\|^arch/x86/boot/compressed/misc\.o$' | tr '\n' ' ')
[ "$built" = "drivers/nvme/host/tcp.o " ] && pass "one patch changed: the rebuild compiles its one file" ||
	fail "one patch changed: the rebuild compiles its one file (compiled: ${built:-nothing})"
# the comparisons can fail: a patch that adds an unused local (clang's
# -Wunused-variable) and an undeclared global (sparse: "should it be
# static?") must fail both, naming the new warning
mkdir -p "$ug/warn"
f=drivers/nvme/host/tcp.c
mkdir -p "$ug/warn/a/$(dirname $f)" "$ug/warn/b/$(dirname $f)"
cp "$ug/tree/$f" "$ug/warn/a/$f"
awk '/^static int nvme_tcp_try_send_data\(/ { print "int pageref_probe;\n"; fn = 1 }
	{ print } fn && /^{$/ { print "\tint pageref_unused;\n"; fn = 0 }' "$ug/tree/$f" > "$ug/warn/b/$f"
(cd "$ug/warn" && diff -u "a/$f" "b/$f") > "$ug/warn/0001-warn.patch"
"$top/validation/run.sh" "$ug/tree" "$ug/out/validation" "$ug/warn" > "$ug/warn.tap" 2>&1
rc=$?
[ "$rc" -eq 1 ] && grep -q "^not ok .* no new compiler warnings: ${f%.c}.o .*pageref_unused.*-Wunused-variable" "$ug/warn.tap" &&
	grep -q "^not ok .* no new sparse warnings: .*pageref_probe.*static" "$ug/warn.tap" &&
	pass "a patch that adds warnings fails the compiler and sparse comparisons, naming them" ||
	{ fail "a patch that adds warnings fails the compiler and sparse comparisons, naming them (exit $rc)"; grep 'warnings' "$ug/warn.tap" | sed 's/^/# /'; }
APPEND=rdinit=/nonexistent BOOT_TIMEOUT=120 "$top/validation/run.sh" "$tree" "$work/smoke" > "$work/noinit.tap" 2>&1
rc=$?
[ "$rc" -eq 1 ] && [ "$(grep -c '^not ok .* booted to the initramfs' "$work/noinit.tap")" = 1 ] &&
	pass "a kernel that cannot start its init: one failed step, exit 1" ||
	fail "a kernel that cannot start its init: one failed step, exit 1 (exit $rc)"
# a PID 1 that never ends (busybox sleep): QEMU is killed at the limit
start=$(date +%s)
APPEND="rdinit=/bin/busybox -- sleep 3600" BOOT_TIMEOUT=20 "$top/validation/run.sh" "$tree" "$work/smoke" > "$work/limit.tap" 2>&1
rc=$?
grep -q '^not ok .* QEMU ([a-z]*) ended within 20s (killed at the limit' "$work/limit.tap" && [ "$rc" -eq 1 ] &&
	pass "a boot past BOOT_TIMEOUT is killed and says so, exit 1 ($(($(date +%s) - start)) s in all)" ||
	fail "a boot past BOOT_TIMEOUT is killed and says so, exit 1 (exit $rc)"
finish
