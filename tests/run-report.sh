#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The editor/CI text report and the run-to-run diff on the mini tree:
# report --format=text prints gcc-style diagnostics that point at the sink,
# --fail-on sets the exit code, and diff pairs two runs by fingerprint.
# Usage: run-report.sh PAGEREF WORKDIR
set -u
pageref=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
fresh_work "$work"
tree=$work/tree
cp -a "$here/fixtures/tree" "$tree"
files=$(cd "$tree" && find net mm drivers -name '*.c' | LC_ALL=C sort)
# shellcheck disable=SC2086
write_compile_db "$tree" $files
sql() { "$pageref" sql --out "$1" "$2"; }

"$pageref" analyze --no-patch --kernel "$tree" --out "$work/a" --dirs "net mm drivers" --jobs 2 \
	> "$work/a.log" 2>&1 || { fail "analyze the mini tree"; finish; exit 1; }

# ---- text ----------------------------------------------------------------
"$pageref" report --out "$work/a" --format=text > "$work/text.txt" 2> "$work/text.err"
rc=$?
n=$(sql "$work/a" "SELECT count(*) FROM v_finding WHERE guarded = 0")
[ "$rc" -eq 0 ] && [ "$(grep -c . "$work/text.txt")" = "$n" ] && [ "$n" -gt 0 ] &&
	pass "report --format=text prints one line per unguarded finding ($n)" ||
	fail "report --format=text prints one line per unguarded finding ($n; exit $rc)"
# gcc's shape, as compilation-mode parsers read it
bad=$(grep -cvE '^[^: ]+:[0-9]+:[0-9]+: (note|warning|error): .+ \[[a-z-]+\]$' "$work/text.txt")
[ "$bad" = 0 ] && pass "every line parses as a gcc-style diagnostic" ||
	{ fail "every line parses as a gcc-style diagnostic ($bad do not)"; grep -vE '^[^: ]+:[0-9]+:[0-9]+: ' "$work/text.txt" | sed 's/^/# /' | head -3; }
# each location is the sink call in the source: the line there names the callee
miss=0
while IFS=: read -r file line col rest; do
	api=$(echo "$rest" | sed -n 's/.* reaches \([^ (]*\)() in .*/\1/p' | sed 's/.*\.//')
	sed -n "${line}p" "$tree/$file" | cut -c"$col"- | grep -q "$api" || { miss=$((miss + 1)); echo "# $file:$line:$col $api"; }
done < "$work/text.txt"
[ "$miss" = 0 ] && pass "every file:line:col points at the call of the sink in the source" ||
	fail "every file:line:col points at the call of the sink in the source ($miss miss)"
grep -q "^drivers/block/asserted.c:[0-9]*:[0-9]*: error: slab page from fx_pass_slab_to_asserted() reaches fx_take_asserted() .*\[slab-page-get\]$" "$work/text.txt" &&
	pass "a known finding reads as expected (severity, origin, functions, rule)" ||
	fail "a known finding reads as expected (severity, origin, functions, rule)"
"$pageref" report --out "$work/a" --format=text > "$work/t2.txt" 2>&1
cmp -s "$work/text.txt" "$work/t2.txt" && pass "two text reports are byte-identical" ||
	fail "two text reports are byte-identical"

# ---- --fail-on -----------------------------------------------------------
"$pageref" report --out "$work/a" --format=text --fail-on=error > /dev/null 2>&1
[ $? -eq 1 ] && pass "--fail-on=error exits 1 when an error-level finding exists" ||
	fail "--fail-on=error exits 1 when an error-level finding exists"
# a run with no finding at all
write_compile_db "$tree" net/core/frags.c net/core/guard.c
"$pageref" analyze --no-patch --kernel "$tree" --out "$work/clean" --dirs net --jobs 2 > /dev/null 2>&1
[ "$(sql "$work/clean" "SELECT count(*) FROM v_finding WHERE guarded = 0")" = 0 ] &&
	"$pageref" report --out "$work/clean" --format=text --fail-on=note > "$work/clean.txt" 2>&1 &&
	[ ! -s "$work/clean.txt" ] &&
	pass "--fail-on=note exits 0 and prints nothing when there is no finding" ||
	fail "--fail-on=note exits 0 and prints nothing when there is no finding"
expect 2 "fail-on wants note, warning or error" "--fail-on=bogus is a usage error" -- \
	"$pageref" report --out "$work/a" --format=text --fail-on=bogus
expect 2 "format wants text" "--format=xml is a usage error" -- \
	"$pageref" report --out "$work/a" --format=xml

# ---- diff ------------------------------------------------------------------
# the next run: fx_take_asserted() really checks its page (one finding fixed),
# and a new file kmallocs a page it references (one new finding)
files=$(cd "$tree" && find net mm drivers -name '*.c' | LC_ALL=C sort)
sed -i 's/^	    WARN_ONCE(!sendpage_ok(page), "page must not be a Slab one"))$/	    !sendpage_ok(page))/' "$tree/drivers/block/asserted.c"
grep -q '^	    !sendpage_ok(page))$' "$tree/drivers/block/asserted.c" || fail "(edit asserted.c for the second run)"
cat > "$tree/drivers/block/added.c" <<'C'
#include <linux/mm.h>
#include <linux/slab.h>

int fx_added_ref(void)
{
	void *buf = kmalloc(64, GFP_KERNEL);

	get_page(virt_to_page(buf));
	return 0;
}
C
# shellcheck disable=SC2086
write_compile_db "$tree" $files drivers/block/added.c
cp -a "$work/a" "$work/b"
"$pageref" analyze --no-patch --kernel "$tree" --out "$work/b" --dirs "net mm drivers" --jobs 2 \
	> "$work/b.log" 2>&1 || fail "analyze the second run"
"$pageref" diff "$work/a" "$work/b/pageref.db" > "$work/diff.txt" 2> "$work/diff.err"
rc=$?
[ "$rc" -eq 0 ] && [ "$(grep -c '^new ' "$work/diff.txt")" = 1 ] &&
	grep -q '^new [0-9a-f]* slab-page-get drivers/block/added.c:[0-9]* fx_added_ref$' "$work/diff.txt" &&
	pass "diff lists the one new finding" || { fail "diff lists the one new finding (exit $rc)"; sed 's/^/# /' "$work/diff.txt" "$work/diff.err"; }
[ "$(grep -c '^fixed ' "$work/diff.txt")" = 1 ] &&
	grep -q '^fixed [0-9a-f]* slab-page-get drivers/block/asserted.c:[0-9]* fx_pass_slab_to_asserted$' "$work/diff.txt" &&
	pass "diff lists the one fixed finding" || fail "diff lists the one fixed finding"
grep -q "^diff: 1 new, 1 fixed, $((n - 1)) unchanged unguarded findings$" "$work/diff.err" &&
	pass "diff counts the rest as unchanged, though ids and lines moved" ||
	{ fail "diff counts the rest as unchanged, though ids and lines moved"; sed 's/^/# /' "$work/diff.err"; }
"$pageref" diff "$work/a" "$work/a" > "$work/same.txt" 2> "$work/same.err" && [ ! -s "$work/same.txt" ] &&
	grep -q "^diff: 0 new, 0 fixed, $n unchanged" "$work/same.err" &&
	pass "a run compared with itself: nothing new, nothing fixed" || fail "a run compared with itself: nothing new, nothing fixed"
expect 3 "no pageref database at" "diff with a missing database: one line, exit 3" -- \
	"$pageref" diff "$work/a" "$work/nothing-here"
head -c 4096 /dev/urandom > "$work/junk.db"
expect 3 "not a database\|not a pageref database" "diff with a corrupt database: one line, exit 3" -- \
	"$pageref" diff "$work/junk.db" "$work/a"
finish
