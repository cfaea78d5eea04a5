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
sql() { "$pageref" sql --out "$1" "$2"; }

# a file with a hostile name and hostile source text: both must come out escaped
odd="drivers/block/odd&<b>'q.c"
cat > "$tree/$odd" <<'C'
#include <linux/mm.h>
#include <linux/slab.h>

/* <script>alert("pwned")</script> & 'quotes' */
int fx_odd_ref(void)
{
	void *buf = kmalloc(64, GFP_KERNEL);

	get_page(virt_to_page(buf)); /* <img src=x onerror=alert(1)> */
	return 0;
}
C
files=$(cd "$tree" && find net mm drivers -name '*.c' | LC_ALL=C sort)
# shellcheck disable=SC2086
write_compile_db "$tree" $files
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

# ---- HTML ----------------------------------------------------------------
rep=$work/a/report
"$pageref" report --out "$work/a" > "$work/html.log" 2>&1 && [ -f "$rep/index.html" ] &&
	pass "report writes OUT/report/index.html" || { fail "report writes OUT/report/index.html"; sed 's/^/# /' "$work/html.log"; }
total=$(sql "$work/a" "SELECT count(*) FROM finding")
[ "$(sed -n 's/.*<span id="count-findings">\([0-9]*\)<.*/\1/p' "$rep/index.html")" = "$total" ] &&
	[ "$(sed -n 's/.*<span id="count-unguarded">\([0-9]*\)<.*/\1/p' "$rep/index.html")" = "$n" ] &&
	[ "$(grep -c '<tr data-rule=' "$rep/index.html")" = "$total" ] &&
	[ "$(ls "$rep/finding" | grep -c '\.html$')" = "$total" ] &&
	pass "the index counts what the database holds: $total findings, $n unguarded, a page each" ||
	fail "the index counts what the database holds: $total findings, $n unguarded, a page each"
grep -q '<svg' "$rep/index.html" && grep -q 'class="node"' "$rep/index.html" &&
	pass "the index draws the layer graph (inline SVG)" || fail "the index draws the layer graph (inline SVG)"
# nothing hostile survives unescaped, anywhere; the escaped forms are there
if grep -rl '<script>alert\|<img src=x\|odd&<b>' "$rep" > "$work/raw.txt"; then
	fail "hostile file names and source text never reach a page unescaped"; sed 's/^/# /' "$work/raw.txt"
else
	pass "hostile file names and source text never reach a page unescaped"
fi
oddpage="$rep/src/$odd.html"
grep -q '&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;' "$oddpage" &&
	grep -q 'odd&amp;&lt;b&gt;&#39;q.c' "$rep/index.html" &&
	grep -q 'href="src/drivers/block/odd%26%3Cb%3E%27q.c.html#L' "$rep/index.html" &&
	pass "... they are shown escaped, and linked with the URL escaped" ||
	fail "... they are shown escaped, and linked with the URL escaped"
grep -q '<tr id="L9">' "$oddpage" && pass "source pages anchor every line" || fail "source pages anchor every line"
if grep -l '<link\|<script src' -r "$rep" > "$work/ext.txt"; then
	fail "pages load nothing from outside (CSS and JS inline)"; sed 's/^/# /' "$work/ext.txt"
else
	pass "pages load nothing from outside (CSS and JS inline)"
fi
cp -a "$rep" "$work/report.first"
"$pageref" report --out "$work/a" > /dev/null 2>&1
diff -r -I 'id="generated"' "$work/report.first" "$rep" > "$work/html.diff" &&
	pass "two reports are byte-identical but for the marked timestamp" ||
	{ fail "two reports are byte-identical but for the marked timestamp"; head -5 "$work/html.diff" | sed 's/^/# /'; }

# the validation page: empty until make validate loads its steps, then each
# step with its status, and the index links the summary
grep -q 'id="validation-none"' "$rep/validation.html" && ! grep -q 'validation-summary' "$rep/index.html" &&
	pass "with no validation results the page says so and the index has no summary" ||
	fail "with no validation results the page says so and the index has no summary"
printf 'applies: 0001-x.patch\tpass\t0\t\nboot\tfail\t12.5\tkilled at <the> limit\nftrace: fx_odd_ref\tskip\t0\tnot exercised\n' \
	> "$work/val.tsv"
"$pageref" validation -o "$work/a" "$work/val.tsv" > /dev/null 2>&1
"$pageref" report --out "$work/a" > /dev/null 2>&1
[ "$(grep -c '^<tr><td>' "$rep/validation.html")" = 3 ] &&
	grep -q '<span class="error" id="count-fail">1</span>' "$rep/validation.html" &&
	grep -q '<td class="error">fail</td><td>12.5</td><td>killed at &lt;the&gt; limit</td>' "$rep/validation.html" &&
	grep -q '<td class="muted">skip</td>' "$rep/validation.html" &&
	grep -q 'id="validation-summary">3 steps, 1 failed<' "$rep/index.html" &&
	pass "the validation page shows each step of v_validation (escaped) and the index its summary" ||
	fail "the validation page shows each step of v_validation (escaped) and the index its summary"

# in a real browser, from file:// with no network: Debian's Chromium runs the
# page's own script (the shown count), a filter in the URL, a screenshot kept
if command -v chromium > /dev/null; then
	chrome() {
		timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
			--disable-background-networking --disable-component-update --disable-sync \
			--user-data-dir="$work/chromium" "$@" 2> /dev/null
	}
	chrome --dump-dom "file://$rep/index.html" > "$work/dom.html"
	[ "$(sed -n 's/.*<span id="shown">\([0-9]*\)<.*/\1/p' "$work/dom.html")" = "$total" ] &&
		pass "Chromium opens the index from file:// and its script runs ($total shown)" ||
		fail "Chromium opens the index from file:// and its script runs"
	want=$(sql "$work/a" "SELECT count(*) FROM finding WHERE rule = 'slab-page-get' AND guarded = 0")
	chrome --dump-dom "file://$rep/index.html#rule=slab-page-get&guarded=no" > "$work/dom2.html"
	[ "$(sed -n 's/.*<span id="shown">\([0-9]*\)<.*/\1/p' "$work/dom2.html")" = "$want" ] &&
		[ "$(grep -o '<tr data-rule="[^"]*" [^>]*>' "$work/dom2.html" | grep -vc ' hidden')" = "$want" ] &&
		pass "filtering in Chromium (rule=slab-page-get, unguarded) shows the $want rows the database has" ||
		fail "filtering in Chromium (rule=slab-page-get, unguarded) shows the $want rows the database has"
	# a click on the id header sorts the rows by id, numerically
	chrome --dump-dom "file://$rep/index.html#sort=0" > "$work/dom3.html"
	grep -o '<td data-sort="[0-9]*">' "$work/dom3.html" | tr -dc '0-9\n' > "$work/order.txt"
	grep -o '<td data-sort="[0-9]*">' "$rep/index.html" | tr -dc '0-9\n' > "$work/order0.txt"
	sort -n "$work/order.txt" | cmp -s - "$work/order.txt" && ! cmp -s "$work/order.txt" "$work/order0.txt" &&
		pass "sorting in Chromium: the id header orders the rows by id (the page starts in another order)" ||
		fail "sorting in Chromium: the id header orders the rows by id (the page starts in another order)"
	id=$(sql "$work/a" "SELECT id FROM v_finding WHERE sink_function = 'fx_odd_ref' LIMIT 1")
	chrome --dump-dom "file://$rep/finding/$id.html" > "$work/finding.dom"
	grep -q '<ol class="steps">' "$work/finding.dom" && grep -q 'kmalloc' "$work/finding.dom" &&
		pass "Chromium opens a finding page: the witness path over source excerpts" ||
		fail "Chromium opens a finding page: the witness path over source excerpts"
	# and as a reader drives it (playwright-core): the selects filter, a
	# click on the id header sorts ascending, a second one descending
	if mods=$(node_modules "$work/npm.log") &&
	   node "$here/report-clicks.js" "$mods" "$rep/index.html" slab-page-get > "$work/clicks.json" 2> "$work/clicks.err"; then
		python3 - "$work/clicks.json" "$want" "$total" <<'PY' > "$work/clicks.txt" && pass "clicks in Chromium: the selects filter to the $want rows the database has, the id header sorts both ways" ||
import json, sys
c = json.load(open(sys.argv[1]))
want, total = int(sys.argv[2]), int(sys.argv[3])
ok = (c["filtered"] == {"shown": want, "visible": want} and c["all"] == total and
      len(c["asc"]) == total and c["asc"] == sorted(c["asc"]) and c["desc"] == sorted(c["asc"], reverse=True))
print(c)
sys.exit(0 if ok else 1)
PY
			{ fail "clicks in Chromium: the selects filter to the $want rows the database has, the id header sorts both ways"; sed 's/^/# /' "$work/clicks.txt"; }
	else
		fail "clicks in Chromium (playwright-core): $(cat "$work/clicks.err" "$work/npm.log" 2> /dev/null | tail -1)"
	fi
	chrome --screenshot="$work/index.png" --window-size=1280,1600 "file://$rep/index.html" > /dev/null
	[ -s "$work/index.png" ] && pass "a screenshot of the index is kept: $work/index.png" ||
		fail "a screenshot of the index is kept"
else
	fail "Chromium is not installed (make deps installs chromium)"
fi

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
"$pageref" report --out "$work/b" --baseline "$work/a" > /dev/null 2>&1 &&
	[ "$(sed -n 's/.*<span id="count-new">\([0-9]*\)<.*/\1/p' "$work/b/report/index.html")" = 1 ] &&
	[ "$(grep -c '<strong class="new">new</strong>' "$work/b/report/index.html")" = 1 ] &&
	grep '<strong class="new">' "$work/b/report/index.html" | grep -q 'fx_added_ref()' &&
	pass "report --baseline marks the one new finding in the index" ||
	fail "report --baseline marks the one new finding in the index"
expect 3 "no pageref database at" "diff with a missing database: one line, exit 3" -- \
	"$pageref" diff "$work/a" "$work/nothing-here"
head -c 4096 /dev/urandom > "$work/junk.db"
expect 3 "not a database\|not a pageref database" "diff with a corrupt database: one line, exit 3" -- \
	"$pageref" diff "$work/junk.db" "$work/a"
finish
