#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The patch generator on the mini tree (tests/fixtures/tree plus
# tests/patches/), with the real spatch, git and the real checkpatch.pl
# (copied from Debian's linux-source-6.12): which finding gets which recipe,
# the series (applies, git am, checkpatch, byte-identical reruns, identity),
# and its bad input (spatch missing, too old or slow, a recipe that does not
# parse, a file spatch cannot parse, an output directory holding another
# series). Usage: run-patches.sh PAGEREF WORKDIR
set -u
pageref=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
fresh_work "$work"
# the trees below sit inside the project's own work tree, where git apply
# would apply paths relative to its top and skip the rest: keep git below $work
export GIT_CEILING_DIRECTORIES="$work"

# the mini tree, the real checkpatch.pl, a known identity whatever the machine has
patch_tree "$work" || { fail "unpack linux-source-6.12"; finish; exit 1; }
out=$work/out

"$pageref" analyze --kernel "$tree" --out "$out" --dirs "net mm drivers lib" --jobs 2 \
	> "$work/analyze.log" 2> "$work/analyze.err"
rc=$?
[ "$rc" -eq 0 ] && grep -q '^patch: .* 14 repaired by 11 patches' "$work/analyze.log" &&
	pass "make analyze runs the patch stage: 14 findings, 11 patches" ||
	{ fail "make analyze runs the patch stage: 14 findings, 11 patches (exit $rc)"; sed 's/^/# /' "$work/analyze.log" "$work/analyze.err" | tail -5; }
grep -q 'is not a git work tree: subject prefixes come from .*subjects.txt' "$work/analyze.err" &&
	pass "a tree without git says where subject prefixes come from" ||
	fail "a tree without git says where subject prefixes come from"

# which recipe each unguarded finding got, and what came of it
sql() { "$pageref" sql --out "$out" "$1"; }

# the SARIF that analyze wrote: valid against the official 2.1.0 schema (the
# copy in Microsoft's @microsoft/jest-sarif, validated with ajv), one result
# per unguarded finding, code flows and fixes that match the database
sarif_valid "$out/pageref.sarif" "$work/sarif-valid.txt" &&
	pass "OUT/pageref.sarif validates against the SARIF 2.1.0 schema" ||
	{ fail "OUT/pageref.sarif validates against the SARIF 2.1.0 schema"; sed 's/^/# /' "$work/sarif-valid.txt" | tail -5; }
python3 "$here/sarif-check.py" "$pageref" "$out" "$tree" > "$work/sarif-check.txt" 2>&1 &&
	pass "SARIF: one result per unguarded finding, its witness path, and fixes that do what the patches do" ||
	{ fail "SARIF: one result per unguarded finding, its witness path, and fixes that do what the patches do"; sed 's/^/# /' "$work/sarif-check.txt" | head; }
cp "$out/pageref.sarif" "$work/first.sarif"
"$pageref" report --out "$out" > /dev/null 2>&1 && cmp -s "$work/first.sarif" "$out/pageref.sarif" &&
	pass "the same database gives the same SARIF, byte for byte" || fail "the same database gives the same SARIF, byte for byte"
sql "SELECT function, rule, recipe, status FROM v_patch ORDER BY function, rule, finding_id" \
	> "$work/v_patch.txt"
cat > "$work/v_patch.want" <<'WANT'
fx_bulk_filled|slab-page-put|global_to_pages|no-change
fx_conn_xmit|splice-unsafe-page|global_to_pages|no-change
fx_global_init|slab-page-get|global_to_pages|series
fx_hib_write_header|slab-page-put|global_to_pages|no-change
fx_hold_bio_page|slab-page-get|global_to_pages|no-change
fx_kbuf_map|slab-page-put|global_to_pages|no-change
fx_kcmd_fill|slab-page-put|global_to_pages|no-change
fx_kcmd_fill|slab-page-put|global_to_pages|no-change
fx_ktt_populate|slab-page-put|global_to_pages|no-change
fx_nbd_send_buf|slab-page-get|global_to_pages|no-change
fx_nvme_try_send_data|slab-page-get|bvec_copy_unsafe|series
fx_obj_ref_member|slab-page-get|global_to_pages|no-change
fx_owned_buffer|slab-page-get|slab_ref_pair|series
fx_owned_buffer|slab-page-put|slab_ref_pair|series
fx_send_buffer|slab-page-get|global_to_pages|no-change
fx_send_owned_kvec|splice-unsafe-page|slab_to_pages|series
fx_sendpage_unpicked|splice-unsafe-page|sendpage_fallback|series
fx_slab_alloc_pdu|slab-page-get|global_to_pages|no-change
fx_take_array|slab-page-get|global_to_pages|no-change
fx_take_asserted|slab-page-get|global_to_pages|no-change
fx_take_one|slab-page-get|global_to_pages|no-change
fx_tap_sendmsg|slab-page-get|global_to_pages|no-change
fx_tslot_fill|slab-page-put|global_to_pages|no-change
fx_unparsable|slab-page-get|slab_ref_pair|series
fx_unparsable|slab-page-put|slab_ref_pair|series
fx_urb_free|slab-page-put|global_to_pages|no-change
fx_vhost_send|slab-page-get|global_to_pages|no-change
fx_xmit_header|slab-page-get|global_to_pages|no-change
fx_xmit_header|splice-unsafe-page|global_to_pages|no-change
fx_xmit_rawseg|slab-page-get|global_to_pages|no-change
fx_xmit_rawseg|splice-unsafe-page|global_to_pages|no-change
fx_zlink_send|splice-unsafe-page|global_to_pages|no-change
fxd_ring_fill_bad_sg|slab-page-put|global_to_pages|no-change
fxd_ring_fill_buf|slab-page-get|global_to_pages|no-change
hold_sg_page|slab-page-get|global_to_pages|no-change
hold_sg_page|slab-page-get|global_to_pages|no-change
make_buf|slab-page-get|global_to_pages|no-change
put_slab_elsewhere|slab-page-put|global_to_pages|no-change
ref_bvec|slab-page-get|global_to_pages|no-change
ref_large|frozen-page-ref|global_to_pages|no-change
ref_slab|slab-page-get|global_to_pages|no-change
ref_stack|stack-virt-to-page|-|no-recipe
ref_tail|tail-page-ref|-|no-recipe
ref_vmalloc|vmalloc-virt-to-page|-|no-recipe
send_buffer|slab-page-get|global_to_pages|no-change
send_buffer|splice-unsafe-page|splice_sendpage_ok|series
send_buffer|splice-unsafe-page|splice_sendpage_ok|series
send_bvec_slab|slab-page-get|global_to_pages|no-change
send_bvec_slab|splice-unsafe-page|splice_sendpage_ok|series
send_guard_then_ref|slab-page-get|bvec_copy_unsafe|series
send_guard_then_ref|slab-page-get|global_to_pages|no-change
send_kvec_spliced|splice-unsafe-page|global_to_pages|no-change
send_page_unguarded|splice-unsafe-page|bvec_copy_unsafe|series
sendpage_slab|splice-unsafe-page|sendpage_fallback|series
WANT
diff -u "$work/v_patch.want" "$work/v_patch.txt" > "$work/v_patch.diff" &&
	pass "v_patch: the expected recipe and status for every unguarded finding" ||
	{ fail "v_patch: the expected recipe and status for every unguarded finding"; sed 's/^/# /' "$work/v_patch.diff" | head -30; }
[ "$(sql "SELECT count(*) FROM v_patch WHERE status = 'series' AND (checkpatch_errors != 0 OR path IS NULL)")" = 0 ] &&
	pass "every patch in the series has a path and no checkpatch errors" ||
	fail "every patch in the series has a path and no checkpatch errors"
sql "SELECT detail FROM v_patch WHERE function = 'ref_stack'" | grep -q 'no recipe repairs stack-virt-to-page at get_page()' &&
	pass "a finding without a recipe says why" || fail "a finding without a recipe says why"

# the series itself
ls "$out/patches" > "$work/series.txt"
[ "$(grep -Ec '^00(0[1-9]|[1-9][0-9])-.*\.patch$' "$work/series.txt")" = 11 ] && grep -q '^0000-cover-letter.patch$' "$work/series.txt" &&
	pass "OUT/patches holds a cover letter and 11 numbered patches" ||
	{ fail "OUT/patches holds a cover letter and 11 numbered patches"; sed 's/^/# /' "$work/series.txt"; }
# the numbered patches, without the cover letter
numbered=$(ls "$out"/patches/00[0-9][0-9]-*.patch | grep -v '/0000-cover-letter\.patch$')
ok=1
for p in $numbered; do
	(cd "$tree" && git apply --check "$p") 2> "$work/apply.err" || { ok=0; echo "# $p"; sed 's/^/# /' "$work/apply.err"; }
done
[ $ok = 1 ] && pass "every patch passes git apply --check on the tree" || fail "every patch passes git apply --check on the tree"
# git am of the whole series on a git copy of the tree
cp -a "$tree" "$work/am"
(cd "$work/am" && git init -q && git add -A && git commit -qm base &&
	git am -q $numbered) > "$work/am.log" 2>&1 &&
	[ "$(cd "$work/am" && git rev-list --count HEAD)" = 12 ] &&
	pass "git am applies the whole series" || { fail "git am applies the whole series"; sed 's/^/# /' "$work/am.log" | head; }
(cd "$work/am" && git log --format=%s -1 HEAD~4) | grep -q '^block: ' &&
	pass "subjects carry the subsystem prefix (subjects.txt: block)" || fail "subjects carry the subsystem prefix (subjects.txt: block)"
owned=$(grep -l 'fx_owned_buffer' $numbered | head -1)
[ -n "$owned" ] && [ "$(grep -c '^-[^-]' "$owned")" = 2 ] && [ "$(grep -c '^+[^+]' "$owned")" = 0 ] &&
	grep -q '^-	get_page(virt_to_page(buf));' "$owned" &&
	pass "slab_ref_pair removes exactly the get_page/put_page pair" ||
	fail "slab_ref_pair removes exactly the get_page/put_page pair"
grep -q '^Signed-off-by: Pat Tester <pat@example.org>$' "$owned" && grep -q '^From: Pat Tester <pat@example.org>$' "$owned" &&
	pass "From and Signed-off-by are the configured git identity" ||
	fail "From and Signed-off-by are the configured git identity"
grep -q '^Witness path' "$owned" && grep -q 'slab_ref_pair.cocci' "$owned" &&
	tr '\n' ' ' < "$owned" | grep -q 'pageref reports [^.]*slab-page-get' &&
	pass "the body explains the finding, its witness path and the recipe" ||
	fail "the body explains the finding, its witness path and the recipe"
# the fixture tree has no scripts/get_maintainer.pl: no Cc lines invented
# (tests/run-real-patches.sh checks them on Debian's trees)
! grep -q '^Cc:' $numbered && pass "no get_maintainer.pl in the tree: no Cc lines" ||
	fail "no get_maintainer.pl in the tree: no Cc lines"
# a kmalloc'd global referenced elsewhere: repaired where it is allocated
gp=$(grep -l '^+++ b/net/core/fx_global.c' $numbered | head -1)
[ -n "$gp" ] && grep -q '^+	fx_gbuf = (void \*)__get_free_pages(GFP_KERNEL | __GFP_COMP,$' "$gp" &&
	grep -q '^+[[:space:]]*get_order(128));$' "$gp" && grep -q '^-	fx_gbuf = kmalloc(128, GFP_KERNEL);$' "$gp" &&
	grep -q 'global_to_pages.cocci' "$gp" && grep -q 'in fx_global_init()' "$gp" &&
	pass "global_to_pages allocates the referenced global from the page allocator, in fx_global_init()" ||
	fail "global_to_pages allocates the referenced global from the page allocator, in fx_global_init()"
# a joined finding repaired at its consumer: the body says where and why
nvmep=$(grep -l '^+++ b/drivers/nvme/host/tcp.c' $numbered | head -1)
[ -n "$nvmep" ] && grep -q '^+	if (!sendpage_ok(page)) {' "$nvmep" && grep -q '^+		iov_iter_kvec(' "$nvmep" &&
	tr '\n' ' ' < "$nvmep" | grep -q 'The repair is where the pages are referenced, in fx_nvme_try_send_data(): the memory comes from fx_setup_discard()' &&
	pass "bvec_copy_unsafe repairs the joined nvme-tcp finding at the consumer, and the body says why there" ||
	fail "bvec_copy_unsafe repairs the joined nvme-tcp finding at the consumer, and the body says why there"
# several findings, one patch (slab_ref_pair's get and put in
# fx_owned_buffer()): one paragraph names them all, one witness in full
nrep=$(grep -c '^pageref reports' "$owned")
body=$(tr '\n' ' ' < "$owned")
case $body in
*"pageref reports 2 findings (slab-page-"*" and slab-page-"*"; "*"slab memory ("*"), allocated in fx_owned_buffer(), reaches fx_owned_buffer() through "*"_page() and "*"_page(), which takes and drops a reference on its pages."*)
	[ "$nrep" = 1 ] && [ "$(grep -c '^Witness path' "$owned")" = 1 ] &&
		pass "a patch repairing several findings says so in one paragraph (producers listed) and gives one witness" ||
		fail "a patch repairing several findings says so in one paragraph ($nrep 'pageref reports' lines)" ;;
*)	fail "a patch repairing several findings says so in one paragraph (producers listed) and gives one witness"
	sed -n '/^pageref reports/,/^$/p' "$owned" | sed 's/^/# /' ;;
esac
cover=$out/patches/0000-cover-letter.patch
grep -q 'bvec_copy_unsafe: 3 findings' "$cover" &&
	grep -q 'splice_sendpage_ok: 3 findings' "$cover" && grep -q 'slab_ref_pair: 4 findings' "$cover" &&
	grep -q 'sendpage_fallback: 2 findings' "$cover" && grep -q 'slab_to_pages: 1 finding' "$cover" &&
	pass "the cover letter counts findings per recipe" || { fail "the cover letter counts findings per recipe"; sed -n '/Per recipe/,/^$/p' "$cover" | sed 's/^/# /'; }

# the same input gives the same series, byte for byte
cp -a "$out/patches" "$work/first"
"$pageref" patch --out "$out" > "$work/rerun.log" 2>&1 &&
	diff -r "$work/first" "$out/patches" > /dev/null &&
	pass "a second run writes the same series byte for byte" || fail "a second run writes the same series byte for byte"

# no identity: no invented author, no Signed-off-by, and the cover letter says so
GIT_CONFIG_GLOBAL=/dev/null "$pageref" patch --out "$out" > "$work/anon.log" 2>&1
! grep -q '^Signed-off-by:' "$out"/patches/*.patch && grep -q 'No git identity is configured' "$cover" &&
	[ "$(sql "SELECT count(*) FROM v_patch WHERE status = 'series'")" = 14 ] &&
	pass "without a git identity: no Signed-off-by, the cover letter says to add it" ||
	fail "without a git identity: no Signed-off-by, the cover letter says to add it"

# a git tree: the prefix comes from the file's history, and a repair of a
# line a later commit wrote names that commit (Fixes:); lines of the
# tree's import (its root commit) get none
cp -a "$tree" "$work/gittree"
sink=$(sql "SELECT sink_file || ':' || sink_line FROM v_finding WHERE sink_function = 'fx_nvme_try_send_data' AND guarded = 0 LIMIT 1")
(cd "$work/gittree" && git init -q && git add -A && git commit -qm "fxblk: the mini tree" &&
	sed -i "${sink#*:}s|\$| /* sent as it is */|" "${sink%:*}" &&
	git commit -qam "nvme-tcp: send the request's pages as they are") > /dev/null 2>&1
fixsha=$(cd "$work/gittree" && git log -1 --abbrev=12 --format=%h)
"$pageref" patch --out "$out" --kernel "$work/gittree" > "$work/git.log" 2>&1
gnvme=$(grep -l "^+++ b/${sink%:*}" "$out"/patches/0*.patch | head -1)
[ -n "$gnvme" ] && grep -q '^Subject: \[PATCH [0-9]*/[0-9]*\] nvme-tcp: ' "$gnvme" &&
	[ "$(grep -L "^+++ b/${sink%:*}" "$out"/patches/00[0-9][1-9]-*.patch | xargs grep -l '^Subject: \[PATCH [0-9]*/[0-9]*\] fxblk: ' | wc -l)" -gt 0 ] &&
	pass "in a git tree the subject prefix comes from the file's git log" ||
	fail "in a git tree the subject prefix comes from the file's git log"
[ -n "$gnvme" ] && grep -q "^Fixes: $fixsha (\"nvme-tcp: send the request's pages as they are\")\$" "$gnvme" &&
	[ "$(grep -l '^Fixes:' "$out"/patches/0*.patch | wc -l)" = 1 ] &&
	pass "in a git tree the patch of a line a later commit wrote says Fixes: $fixsha, the others none" ||
	{ fail "in a git tree the patch of a line a later commit wrote says Fixes: $fixsha, the others none"; grep -H '^Fixes:' "$out"/patches/0*.patch | sed 's/^/# /'; }

# ---- bad input ---------------------------------------------------------
mkdir -p "$work/bin"
for t in git perl diff cp rm grep sh sleep; do ln -sf "$(command -v $t)" "$work/bin/$t"; done
expect 3 'spatch not found' "spatch missing: one line, exit 3" -- \
	env PATH="$work/bin" "$pageref" patch --out "$out"
printf '#!/bin/sh\necho "spatch version 1.0.4 compiled with OCaml version 4.05.0"\n' > "$work/bin/spatch"
chmod +x "$work/bin/spatch"
expect 3 'spatch 1.0.4 is too old' "spatch too old: one line, exit 3" -- \
	env PATH="$work/bin" "$pageref" patch --out "$out"
# a spatch that hangs on real work: killed at the time limit, recorded, not fatal
real_spatch=$(command -v spatch)
# (it sleeps 600 s: a run that waited for even one of them would take that
# long; killed at 1 s, every finding's runs together take far less)
printf '#!/bin/sh\ncase "$*" in *--version*|*--parse-cocci*|*--parse-c*) exec %s "$@";; esac\nsleep 600\n' "$real_spatch" > "$work/bin/spatch"
start=$(date +%s)
env PATH="$work/bin" "$pageref" patch --out "$out" --spatch-timeout 1 > "$work/slow.log" 2>&1
rc=$?
took=$(( $(date +%s) - start ))
[ "$rc" -eq 0 ] && [ "$(sql "SELECT count(*) FROM v_patch WHERE status = 'timeout'")" -gt 0 ] && [ "$took" -lt 300 ] &&
	pass "a spatch over the time limit is killed and recorded as timeout" ||
	fail "a spatch over the time limit is killed and recorded as timeout (exit $rc, ${took}s)"
"$pageref" patch --out "$out" > /dev/null 2>&1
rm -rf "$work/kept"
cp -a "$out/patches" "$work/kept"
cp -a "$here/../semantic-patches" "$work/recipes"
sed -i 's/^@fix depends on patch@/@fix depends on patch/' "$work/recipes/slab_ref_pair.cocci"
expect 3 'recipe .*slab_ref_pair.cocci does not parse: .*line' "a recipe that does not parse: one line, exit 3" -- \
	"$pageref" patch --out "$out" --recipes "$work/recipes"
diff -r "$work/kept" "$out/patches" > /dev/null && pass "... and the series already written is untouched" ||
	fail "... and the series already written is untouched"
echo "mine" > "$out/patches/notes.txt"
expect 3 'holds files pageref did not write\|added or edited' "an output directory with a file pageref did not write: one line, exit 3" -- \
	"$pageref" patch --out "$out"
[ "$(cat "$out/patches/notes.txt")" = mine ] && pass "... and that file is kept" || fail "... and that file is kept"
rm "$out/patches/notes.txt"
first=$(ls "$out"/patches/0001-*.patch)
echo " " >> "$first"
expect 3 'added or edited since pageref wrote the series' "a patch edited by hand: one line, exit 3" -- \
	"$pageref" patch --out "$out"
tail -n 1 "$first" | grep -q '^ $' && pass "... and the edit is kept" || fail "... and the edit is kept"
rm -rf "$out/patches"
# a file spatch cannot parse: the finding records why, the others still get patches
sed -i '/^int fx_unparsable/,/^}/ s/^	int ret;$/	int ret = ((;/' "$tree/drivers/block/owned_buffers.c"
"$pageref" patch --out "$out" > "$work/unparsable.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] && sql "SELECT status, detail FROM v_patch WHERE function = 'fx_unparsable' LIMIT 1" |
	grep -q '^spatch-failed|spatch cannot parse drivers/block/owned_buffers.c line [0-9]*, in fx_unparsable()' &&
	[ "$(sql "SELECT count(*) FROM v_patch WHERE status = 'series'")" = 12 ] &&
	pass "a function spatch cannot parse is recorded as spatch-failed, the rest is patched" ||
	{ fail "a function spatch cannot parse is recorded as spatch-failed, the rest is patched (exit $rc)"; sql "SELECT function, status, detail FROM v_patch WHERE function LIKE 'fx_%'" | sed 's/^/# /'; }
finish
