#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Fixture tests in the style of sparse's validation/: every scenario .c in
# the mini tree carries its own expectations in a trailing comment:
#
#   * check-name: what is being checked
#   * check-query: SELECT ... (one read-only query on the public views/tables)
#   * check-output-start
#   expected rows, a|b|c, exactly as `pageref sql` prints them
#   * check-output-end
#
# Usage: run-fixtures.sh PAGEREF WORKDIR
set -u
pageref=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
fresh_work "$work"
# a fact cache of this run's own: the counts below must not depend on what
# an earlier run (of an edited file) left in the user's
export PAGEREF_FACT_CACHE="$work/facts"
cp -a "$here/fixtures/tree" "$work/tree"
tree=$work/tree
files=$(cd "$tree" && find block net mm drivers lib -name '*.c' | LC_ALL=C sort)
# shellcheck disable=SC2086
write_compile_db "$tree" $files

# every TU (the expectations are about each file's facts); the filtered run is below
if "$pageref" analyze --no-patch --no-filter --kernel "$tree" --out "$work/out" --dirs "block net mm drivers lib" --jobs 2 \
	> "$work/analyze.log" 2>&1; then
	pass "analyze the mini tree"
else
	fail "analyze the mini tree (exit $?)"
	cat "$work/analyze.log"
fi

for f in $files; do
	# split the expectations into numbered query/expected files
	awk -v dir="$work" -v base="$(echo "$f" | tr / _)" '
		/check-name:/ { n++; sub(/.*check-name: */, ""); print > (dir "/" base "." n ".name"); next }
		/check-query:/ { sub(/.*check-query: */, ""); print > (dir "/" base "." n ".query"); next }
		/check-output-start/ { inside = 1; printf "" > (dir "/" base "." n ".expected"); next }
		/check-output-end/ { inside = 0; next }
		inside { print > (dir "/" base "." n ".expected") }
	' "$tree/$f"
	base=$(echo "$f" | tr / _)
	n=1
	while [ -f "$work/$base.$n.query" ]; do
		name="$f: $(cat "$work/$base.$n.name")"
		"$pageref" sql --out "$work/out" "$(cat "$work/$base.$n.query")" > "$work/$base.$n.actual" 2>&1
		if diff -u "$work/$base.$n.expected" "$work/$base.$n.actual" > "$work/$base.$n.diff"; then
			pass "$name"
		else
			fail "$name"
			sed 's/^/# /' "$work/$base.$n.diff"
		fi
		n=$((n + 1))
	done
	[ "$n" -gt 1 ] || fail "$f: has no check-query"
done

# pageref query: readable text and JSON
got=$("$pageref" query --out "$work/out" callers skb_frag_page)
want="__skb_frag_ref  include/linux/skbuff.h:24  direct
release_frags  net/core/frags.c:22  direct"
[ "$got" = "$want" ] && pass "query callers skb_frag_page" || { fail "query callers skb_frag_page"; echo "# $got"; }
got=$("$pageref" query --out "$work/out" callees send_through_ops)
want="fx_inet_sendmsg  net/ipv4/ops.c:39  member (indirect)
fx_tap_sendmsg  net/ipv4/ops.c:39  member (indirect)
my_sendmsg  net/ipv4/ops.c:39  member (indirect)
fx_inet_sendmsg  net/ipv4/ops.c:41  member (indirect)
fx_tap_sendmsg  net/ipv4/ops.c:41  member (indirect)
my_sendmsg  net/ipv4/ops.c:41  member (indirect)"
[ "$got" = "$want" ] && pass "query callees resolves member calls through ops tables" ||
	{ fail "query callees resolves member calls through ops tables"; echo "# $got"; }
got=$("$pageref" query --out "$work/out" effects release_frags)
[ "$got" = "release_frags: put on skb_shinfo(p0)->frags[*].netmem (code, depth 4)" ] &&
	pass "query effects release_frags" || { fail "query effects release_frags"; echo "# $got"; }
got=$("$pageref" query --out "$work/out" pairs release_frags)
want="skb_frag.netmem: GET append_frag net/core/frags.c:11  PUT release_frags net/core/frags.c:22  (net/core -> net/core)
skb_frag.netmem: GET skb_append_pagefrags net/core/sock_send.c:20  PUT release_frags net/core/frags.c:22  (net/core -> net/core)
skb_frag.netmem: GET skb_frag_ref include/linux/skbuff.h:28  PUT release_frags net/core/frags.c:22  (net -> net/core)  cross-layer
skb_frag.netmem: GET skb_splice_from_iter net/core/sock_send.c:33  PUT release_frags net/core/frags.c:22  (net/core -> net/core)"
[ "$got" = "$want" ] && pass "query pairs" || { fail "query pairs"; echo "$got" | sed 's/^/# /'; }
# a channel by its typed name: every site of the field (the pairs are by
# type: fxd_ring's own scatterlists pair with other drivers' sites; the
# joins of findings use the object's whole path, layouts_heap_key())
got=$("$pageref" query --out "$work/out" pairs scatterlist.page_link)
want="scatterlist.page_link: GET fx_sendpage_segment drivers/scsi/fx_segment.c:76  PUT fx_cmd_release drivers/fxcmd/fx_cmd.c:63  (drivers/scsi -> drivers/fxcmd)  cross-layer
scatterlist.page_link: GET fx_sendpage_segment drivers/scsi/fx_segment.c:76  PUT fx_kcmd_release drivers/fxcmd/fx_cmd.c:91  (drivers/scsi -> drivers/fxcmd)  cross-layer
scatterlist.page_link: GET fx_sendpage_segment drivers/scsi/fx_segment.c:76  PUT fx_urb_free drivers/net/wireless/fxusb/fx_usb.c:19  (drivers/scsi -> drivers/net/wireless)  cross-layer
scatterlist.page_link: GET fx_sendpage_segment drivers/scsi/fx_segment.c:76  PUT fxd_ring_drop_bad_sg drivers/fxring/fxd_ring_use.c:41  (drivers/scsi -> drivers/fxring)  cross-layer
scatterlist.page_link: GET fx_sendpage_segment drivers/scsi/fx_segment.c:76  PUT fxd_ring_drop_sg drivers/fxring/fxd_ring_use.c:35  (drivers/scsi -> drivers/fxring)  cross-layer
scatterlist.page_link: GET fx_sendpage_segment drivers/scsi/fx_segment.c:76  PUT fxd_ring_unpin drivers/fxring/fxd_ring_use.c:47  (drivers/scsi -> drivers/fxring)  cross-layer
scatterlist.page_link: GET fx_target_send drivers/target/fx_target.c:17  PUT fx_cmd_release drivers/fxcmd/fx_cmd.c:63  (drivers/target -> drivers/fxcmd)  cross-layer
scatterlist.page_link: GET fx_target_send drivers/target/fx_target.c:17  PUT fx_kcmd_release drivers/fxcmd/fx_cmd.c:91  (drivers/target -> drivers/fxcmd)  cross-layer
scatterlist.page_link: GET fx_target_send drivers/target/fx_target.c:17  PUT fx_urb_free drivers/net/wireless/fxusb/fx_usb.c:19  (drivers/target -> drivers/net/wireless)  cross-layer
scatterlist.page_link: GET fx_target_send drivers/target/fx_target.c:17  PUT fxd_ring_drop_bad_sg drivers/fxring/fxd_ring_use.c:41  (drivers/target -> drivers/fxring)  cross-layer
scatterlist.page_link: GET fx_target_send drivers/target/fx_target.c:17  PUT fxd_ring_drop_sg drivers/fxring/fxd_ring_use.c:35  (drivers/target -> drivers/fxring)  cross-layer
scatterlist.page_link: GET fx_target_send drivers/target/fx_target.c:17  PUT fxd_ring_unpin drivers/fxring/fxd_ring_use.c:47  (drivers/target -> drivers/fxring)  cross-layer
scatterlist.page_link: GET fx_xmit_rawseg drivers/scsi/fx_segment.c:118  PUT fx_cmd_release drivers/fxcmd/fx_cmd.c:63  (drivers/scsi -> drivers/fxcmd)  cross-layer
scatterlist.page_link: GET fx_xmit_rawseg drivers/scsi/fx_segment.c:118  PUT fx_kcmd_release drivers/fxcmd/fx_cmd.c:91  (drivers/scsi -> drivers/fxcmd)  cross-layer
scatterlist.page_link: GET fx_xmit_rawseg drivers/scsi/fx_segment.c:118  PUT fx_urb_free drivers/net/wireless/fxusb/fx_usb.c:19  (drivers/scsi -> drivers/net/wireless)  cross-layer
scatterlist.page_link: GET fx_xmit_rawseg drivers/scsi/fx_segment.c:118  PUT fxd_ring_drop_bad_sg drivers/fxring/fxd_ring_use.c:41  (drivers/scsi -> drivers/fxring)  cross-layer
scatterlist.page_link: GET fx_xmit_rawseg drivers/scsi/fx_segment.c:118  PUT fxd_ring_drop_sg drivers/fxring/fxd_ring_use.c:35  (drivers/scsi -> drivers/fxring)  cross-layer
scatterlist.page_link: GET fx_xmit_rawseg drivers/scsi/fx_segment.c:118  PUT fxd_ring_unpin drivers/fxring/fxd_ring_use.c:47  (drivers/scsi -> drivers/fxring)  cross-layer
scatterlist.page_link: GET fx_xmit_segment drivers/scsi/fx_segment.c:63  PUT fx_cmd_release drivers/fxcmd/fx_cmd.c:63  (drivers/scsi -> drivers/fxcmd)  cross-layer
scatterlist.page_link: GET fx_xmit_segment drivers/scsi/fx_segment.c:63  PUT fx_kcmd_release drivers/fxcmd/fx_cmd.c:91  (drivers/scsi -> drivers/fxcmd)  cross-layer
scatterlist.page_link: GET fx_xmit_segment drivers/scsi/fx_segment.c:63  PUT fx_urb_free drivers/net/wireless/fxusb/fx_usb.c:19  (drivers/scsi -> drivers/net/wireless)  cross-layer
scatterlist.page_link: GET fx_xmit_segment drivers/scsi/fx_segment.c:63  PUT fxd_ring_drop_bad_sg drivers/fxring/fxd_ring_use.c:41  (drivers/scsi -> drivers/fxring)  cross-layer
scatterlist.page_link: GET fx_xmit_segment drivers/scsi/fx_segment.c:63  PUT fxd_ring_drop_sg drivers/fxring/fxd_ring_use.c:35  (drivers/scsi -> drivers/fxring)  cross-layer
scatterlist.page_link: GET fx_xmit_segment drivers/scsi/fx_segment.c:63  PUT fxd_ring_unpin drivers/fxring/fxd_ring_use.c:47  (drivers/scsi -> drivers/fxring)  cross-layer
scatterlist.page_link: GET hold_sg_page drivers/block/splice_users.c:117  PUT fx_cmd_release drivers/fxcmd/fx_cmd.c:63  (drivers/block -> drivers/fxcmd)  cross-layer
scatterlist.page_link: GET hold_sg_page drivers/block/splice_users.c:117  PUT fx_kcmd_release drivers/fxcmd/fx_cmd.c:91  (drivers/block -> drivers/fxcmd)  cross-layer
scatterlist.page_link: GET hold_sg_page drivers/block/splice_users.c:117  PUT fx_urb_free drivers/net/wireless/fxusb/fx_usb.c:19  (drivers/block -> drivers/net/wireless)  cross-layer
scatterlist.page_link: GET hold_sg_page drivers/block/splice_users.c:117  PUT fxd_ring_drop_bad_sg drivers/fxring/fxd_ring_use.c:41  (drivers/block -> drivers/fxring)  cross-layer
scatterlist.page_link: GET hold_sg_page drivers/block/splice_users.c:117  PUT fxd_ring_drop_sg drivers/fxring/fxd_ring_use.c:35  (drivers/block -> drivers/fxring)  cross-layer
scatterlist.page_link: GET hold_sg_page drivers/block/splice_users.c:117  PUT fxd_ring_unpin drivers/fxring/fxd_ring_use.c:47  (drivers/block -> drivers/fxring)  cross-layer"
[ "$got" = "$want" ] && pass "query pairs CHANNEL lists the unpaired sites too" ||
	{ fail "query pairs CHANNEL lists the unpaired sites too"; echo "$got" | sed 's/^/# /'; }
id=$("$pageref" sql --out "$work/out" "SELECT id FROM v_finding WHERE sink_function = 'put_slab_elsewhere'")
"$pageref" query --out "$work/out" explain "$id" > "$work/explain.txt"
head -1 "$work/explain.txt" | grep -q "^net/tls/risky.c:19: error: \[slab-page-put\] slab page from put_slab_elsewhere reaches drop_buffer_page()" &&
	[ "$(grep -c '^ *[0-9]*\. ' "$work/explain.txt")" = 7 ] &&
	pass "query explain prints the finding and its 7-step witness path" ||
	{ fail "query explain prints the finding and its 7-step witness path"; sed 's/^/# /' "$work/explain.txt"; }
"$pageref" query --out "$work/out" --json effects get_page > "$work/q.json"
grep -q '"op": "get"' "$work/q.json" && grep -q '"param_path": "p0"' "$work/q.json" &&
	pass "query --json" || fail "query --json"

# The same tree claiming to be 6.17: large kmalloc pages are frozen there
cp -a "$tree" "$work/tree617"
sed -i 's/^PATCHLEVEL = 12$/PATCHLEVEL = 17/' "$work/tree617/Makefile"
sed -i "s|$tree|$work/tree617|g" "$work/tree617/compile_commands.json"
"$pageref" analyze --no-patch --kernel "$work/tree617" --out "$work/out617" --dirs "block net mm drivers" > "$work/617.log" 2>&1
got=$("$pageref" sql --out "$work/out617" "SELECT DISTINCT severity FROM v_finding WHERE rule = 'frozen-page-ref'")
[ "$got" = warning ] && pass "on a 6.17 tree frozen-page-ref is a warning" ||
	{ fail "on a 6.17 tree frozen-page-ref is a warning (got '$got')"; tail -3 "$work/617.log" | sed 's/^/# /'; }

# Scope gaps: that run leaves lib/ out, so iov_iter_extract_pages() (lib/fx_extract.c)
# has no body; the summary names it with its file (not boot code's
# definition, arch/x86/boot/fx_string.c), the full run does not
got=$("$pageref" sql --out "$work/out617" "SELECT name, file, calls FROM v_scope_gap WHERE name = 'iov_iter_extract_pages'")
[ "$got" = "iov_iter_extract_pages|lib/fx_extract.c|4" ] &&
	grep -q '^scope: iov_iter_extract_pages() in lib/fx_extract.c is called 4 times with a page but not analysed$' "$work/617.log" &&
	[ -z "$("$pageref" sql --out "$work/out" "SELECT name FROM scope_gap WHERE name = 'iov_iter_extract_pages'")" ] &&
	pass "a callee left out by DIRS is named with its file and call count (lib/fx_extract.c), not when analysed" ||
	{ fail "a callee left out by DIRS is named with its file and call count (got '$got')"; grep '^scope' "$work/617.log" | sed 's/^/# /'; }
# ranked by the calls that pass a page, not by calls: a result kept as a
# buffer 7 times (drivers/block/fx_tracebuf.c) comes after every page gap
# (the unfiltered run: the filter skips that file)
first=$(grep '^scope: [a-z_]*()' "$work/analyze.log" | head -1)
case $first in
"scope: fx_copy_from_iter() is called 5 times with a page and has no C definition"*)
	pg=$("$pageref" sql --out "$work/out" "SELECT count(*) FROM v_scope_gap WHERE page_calls > 0")
	"$pageref" sql --out "$work/out" "SELECT name, calls, page_calls FROM v_scope_gap" |
		grep -n '^fx_trace_buf_alloc|7|0$' | grep -q "^$((pg + 1)):" && [ "$pg" -ge 4 ] &&
	pass "scope gaps rank by the calls that pass a page (a result kept 7 times after the $pg page gaps)" ||
	fail "scope gaps rank by the calls that pass a page: fx_trace_buf_alloc() is not right after the $pg page gaps";;
*)	fail "scope gaps rank by the calls that pass a page (first: '$first')";;
esac
got=$("$pageref" sql --out "$work/out" "SELECT name, coalesce(file, '-') FROM scope_gap WHERE name = 'fx_copy_from_iter'")
[ "$got" = "fx_copy_from_iter|-" ] &&
	pass "a callee the tree only declares is a gap with no file (fx_copy_from_iter)" ||
	fail "a callee the tree only declares is a gap with no file (got '$got')"

# The relevance filter: the same tree through analyze's default, which
# parses only the TUs that can matter. What it skips is listed with the
# reason; the TU that only allocates and passes its buffer on is kept (in
# a later round); and every result of the functions it kept equals the
# unfiltered run's: findings by fingerprint, pairs, effects.
"$pageref" analyze --no-patch --kernel "$tree" --out "$work/filtered" --dirs "block net mm drivers lib" --jobs 2 \
	> "$work/filtered.log" 2>&1 || fail "analyze the mini tree through the filter (exit $?)"
fq() { "$pageref" sql --out "$work/filtered" "$1"; }
skips=$(fq "SELECT path FROM v_tu WHERE status = 'skipped' ORDER BY path" | tr '\n' ' ')
[ "$skips" = "drivers/block/fx_logger.c drivers/block/fx_members.c drivers/block/fx_sums.c drivers/block/fx_tracebuf.c drivers/fxinteg/fx_integ.c mm/exports.c net/core/layout.c " ] &&
	fq "SELECT error FROM v_tu WHERE path = 'drivers/block/fx_sums.c'" | grep -q "^names no function, macro or field" &&
	[ -z "$(fq "SELECT name FROM function WHERE name = 'fx_sum'")" ] &&
	pass "the filter skips the TUs that cannot matter, listed in v_tu with the reason ($skips)" ||
	fail "the filter skips the TUs that cannot matter (skipped: $skips)"
[ "$(fq "SELECT source_function FROM v_finding WHERE source_function = 'fx_alloc_only'")" = fx_alloc_only ] &&
	grep -q '^filter: round 2: .* ([1-9][0-9]* added' "$work/filtered.log" &&
	pass "a TU that only allocates and passes a buffer on is kept (round 2) and its finding made" ||
	{ fail "a TU that only allocates and passes a buffer on is kept and its finding made"; grep '^filter' "$work/filtered.log" | sed 's/^/# /'; }
# why each kept TU was kept: a name and where it was read, and the round
got=$(fq "SELECT count(*) FROM v_tu WHERE status != 'skipped' AND (kept_by IS NULL OR round IS NULL)")
why=$(fq "SELECT kept_by || '|' || coalesce(kept_in, '-') || '|' || round FROM v_tu WHERE path = 'drivers/block/fx_alloc_only.c'")
[ "$got" = 0 ] && [ "$why" = "fx_send_buffer|drivers/block/fx_alloc_only.c|2" ] &&
	pass "v_tu says why each kept TU was kept (fx_alloc_only.c: $why)" ||
	fail "v_tu says why each kept TU was kept ($got without a reason; fx_alloc_only.c: '$why')"
same=1
for q in "SELECT fingerprint, rule, guarded FROM v_finding" "SELECT * FROM v_pair" "SELECT * FROM v_unpaired" \
	"SELECT r.* FROM v_refeffect r JOIN v_function f ON f.name = r.function WHERE f.file NOT IN (SELECT path FROM v_tu WHERE status = 'skipped')"; do
	a=$("$pageref" sql --out "$work/out" "$q" | LC_ALL=C sort)
	b=$(fq "$q" | LC_ALL=C sort)
	[ "$a" = "$b" ] || { same=0; echo "# differs: $q"; }
done
[ "$same" = 1 ] && pass "the filtered run's findings, pairs and effects equal the unfiltered run's" ||
	fail "the filtered run's findings, pairs and effects equal the unfiltered run's"
"$pageref" analyze --no-patch --kernel "$tree" --out "$work/filtered" --dirs "block net mm drivers lib" --jobs 2 \
	> "$work/filtered2.log" 2>&1
# its first round starts from the last run's set and adds none: one round,
# nothing extracted, nothing solved (the run's own counts over all rounds)
grep -q "^analyze: TUs extracted: 0, solves: 0 (parsed: 0, from the fact cache: 0)$" "$work/filtered2.log" &&
	grep -q "^link, solve: up to date" "$work/filtered2.log" &&
	[ "$(grep -c '^filter: round' "$work/filtered2.log")" = 1 ] &&
	pass "a filtered re-run with nothing changed extracts and solves nothing (one round, adding none)" ||
	{ fail "a filtered re-run with nothing changed extracts and solves nothing"; grep '^filter\|^extract\|^link\|^analyze' "$work/filtered2.log" | sed 's/^/# /'; }

# one kept .c changed in a way that names nothing new: that TU and one solve
cp "$tree/net/core/guard.c" "$work/guard.c.orig"
echo "/* edited, nothing new named */" >> "$tree/net/core/guard.c"
"$pageref" analyze --no-patch --kernel "$tree" --out "$work/filtered" --dirs "block net mm drivers lib" --jobs 2 \
	> "$work/filtered3.log" 2>&1
cp "$work/guard.c.orig" "$tree/net/core/guard.c"
grep -q "^analyze: TUs extracted: 1, solves: 1 (parsed: 1, from the fact cache: 0)$" "$work/filtered3.log" &&
	pass "a filtered re-run after one kept file changed extracts that TU and solves once" ||
	{ fail "a filtered re-run after one kept file changed extracts that TU and solves once"; grep '^filter\|^extract\|^link\|^solve\|^analyze' "$work/filtered3.log" | sed 's/^/# /'; }

# Incremental runs: what is re-extracted after which change.
rerun() {
	"$pageref" analyze --no-patch --no-filter --kernel "$tree" --out "$work/out" --dirs "block net mm drivers lib" --jobs 2 > "$work/rerun.log" 2>&1
	sed -n 's/.*units: \([0-9]*\) extracted.*/\1/p' "$work/rerun.log"
}
[ "$(rerun)" = 0 ] && pass "a re-run with nothing changed extracts nothing" ||
	fail "a re-run with nothing changed extracts nothing"
grep -q "link, solve: up to date" "$work/rerun.log" && pass "and does not link or solve again" ||
	fail "and does not link or solve again"
touch "$tree/include/linux/page_ref.h"
[ "$(rerun)" = 0 ] && pass "a touched header with the same contents changes nothing" ||
	fail "a touched header with the same contents changes nothing"
echo "/* edited */" >> "$tree/net/core/guard.c"
[ "$(rerun)" = 1 ] && pass "an edited .c file is re-extracted alone" ||
	fail "an edited .c file is re-extracted alone"
grep -q "^solve: " "$work/rerun.log" && pass "and the solver runs again" || fail "and the solver runs again"
echo "/* edited */" >> "$tree/include/net/sock.h"
[ "$(rerun)" = 4 ] && pass "an edited header re-extracts the TUs that include it (ops.c, fx_tcp.c, sock_send.c, sw.c)" ||
	fail "an edited header re-extracts the TUs that include it (ops.c, fx_tcp.c, sock_send.c, sw.c)"
n=$("$pageref" sql --out "$work/out" "SELECT count(*) FROM tu_input i JOIN file f ON f.id = i.file_id WHERE f.path = 'include/linux/mm.h'")
echo "/* edited */" >> "$tree/include/linux/mm.h"
[ "$n" -ge 20 ] && [ "$(rerun)" = "$n" ] && pass "an edited header included (nearly) everywhere re-extracts every TU that includes it ($n)" ||
	fail "an edited header included (nearly) everywhere re-extracts every TU that includes it ($n)"
n=$("$pageref" sql --out "$work/out" "SELECT count(*) FROM v_function WHERE name = 'get_page'")
[ "$n" = 1 ] && pass "after re-extraction get_page is still recorded once" ||
	fail "after re-extraction get_page is still recorded once ($n)"
finish
