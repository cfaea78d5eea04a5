#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The patch generator on a real tree (Debian's linux-source VERSION): a
# scratch copy in which nvme-tcp's real sendpage_ok() guard is removed (6.1:
# the kernel_sendpage()/sock_no_sendpage() choice; 6.12: the sendpages_ok()
# test that clears MSG_SPLICE_PAGES). The analysis must find the unguarded
# send, the series must repair it, apply to the tree, pass checkpatch.pl
# --strict without errors, and the touched object must compile (LLVM=-19).
# Every recipe also runs standalone there under make coccicheck.
# Usage: run-real-patches.sh VERSION PAGEREF WORKDIR
set -u
version=$1
pageref=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
fresh_work "$work"
# the trees below sit inside the project's own work tree, where git apply
# would apply paths relative to its top and skip the rest: keep git below $work
export GIT_CEILING_DIRECTORIES="$work"

# tcp_ipv4.c holds tcp_prot, the table through which inet_sendmsg/inet_sendpage reach tcp
# lib/iov_iter.c: skb_splice_from_iter() references the pages iov_iter_extract_pages() puts in its array
dirs="net/core/skbuff.c net/ipv4/af_inet.c net/ipv4/tcp.c net/ipv4/tcp_ipv4.c net/socket.c lib/iov_iter.c drivers/nvme/host/tcp.c"
case $version in
# the skb fragment channel: skb_frag_t holds a netmem_ref since 6.12, is a bio_vec in 6.1;
# 6.1 also has drbd's and libceph's direct ->sendpage() calls, their guards removed too
# recipe: what the generator repairs nvme-tcp's send with; reporters: every
# recipe whose coccicheck report flags that send (6.12: the kvec copy, and the
# flag clearing that repairs the splice alone)
6.12)	recipe=bvec_copy_unsafe; reporters="bvec_copy_unsafe splice_sendpage_ok"
	frag_channel='skb_frag\.netmem' ;;
6.1)	recipe=sendpage_fallback; reporters=sendpage_fallback; frag_channel='bio_vec\.bv_page'
	dirs="$dirs drivers/block/drbd/drbd_main.c net/ceph/messenger_v1.c fs/ocfs2/cluster/tcp.c"
	dirs="$dirs drivers/scsi/iscsi_tcp.c drivers/scsi/libiscsi_tcp.c" ;;
*)	echo "unknown version $version"; exit 2 ;;
esac
tree=$("$here/../scripts/kernel-tree.sh" "$version") || { fail "unpack linux-source-$version"; finish; exit 1; }
scratch=$work/tree
out=$work/out
nvme=drivers/nvme/host/tcp.c
sh "$here/unguard-nvme-tcp.sh" "$version" "$tree" "$scratch"
[ $? -eq 0 ] && pass "remove nvme-tcp's sendpage_ok() guard in a scratch copy of $version" ||
	{ fail "remove nvme-tcp's sendpage_ok() guard in a scratch copy of $version"; finish; exit 1; }
if [ "$version" = 6.1 ]; then
	sh "$here/unguard-sendpage-era.sh" "$scratch" &&
		pass "remove drbd's and libceph's sendpage_ok() guards in the scratch copy" ||
		{ fail "remove drbd's and libceph's sendpage_ok() guards in the scratch copy"; finish; exit 1; }
	# ocfs2's handshake and keepalive messages kzalloc'd again, as before
	# 86d7bd6e66e9, and libiscsi's sendpage_ok() in iscsi_tcp_segment_map() gone
	sh "$here/../scripts/revert-fixes.sh" --in "$scratch" ocfs2 libiscsi 2> "$work/revert.err" &&
		pass "put ocfs2's kzalloc'd globals back and take libiscsi's sendpage_ok() out in the scratch copy" ||
		{ fail "put ocfs2's kzalloc'd globals back and take libiscsi's sendpage_ok() out in the scratch copy"; sed 's/^/# /' "$work/revert.err"; finish; exit 1; }
fi

"$pageref" analyze --kernel "$scratch" --out "$out" --dirs "$dirs" --jobs 2 \
	> "$work/analyze.log" 2> "$work/analyze.err"
rc=$?
[ "$rc" -eq 0 ] && grep -q '^patch: ' "$work/analyze.log" && pass "analyze, with the patch stage, on the scratch tree" ||
	{ fail "analyze, with the patch stage, on the scratch tree (exit $rc)"; sed 's/^/# /' "$work/analyze.err" | tail -5; }
sql() { "$pageref" sql --out "$out" "$1"; }
row=$(sql "SELECT DISTINCT recipe, status FROM v_patch WHERE file = '$nvme' AND function = 'nvme_tcp_try_send_data'")
[ "$row" = "$recipe|series" ] && pass "the unguarded nvme-tcp send gets a $recipe patch in the series" ||
	{ fail "the unguarded nvme-tcp send gets a $recipe patch in the series (got '$row')"; sql "SELECT * FROM v_patch" | sed 's/^/# /' | head; }
sarif_valid "$out/pageref.sarif" "$work/sarif-valid.txt" &&
	python3 "$here/sarif-check.py" "$pageref" "$out" "$scratch" > "$work/sarif-check.txt" 2>&1 &&
	grep -q '"fixes"' "$out/pageref.sarif" &&
	pass "the SARIF validates, and its result carries the patch as a fix that does what the patch does" ||
	{ fail "the SARIF validates, and its result carries the patch as a fix that does what the patch does"; sed 's/^/# /' "$work/sarif-valid.txt" "$work/sarif-check.txt" | tail -5; }
# the real report in a real browser: the finding, its path, pairs and the layer graph
rep=$out/report
if command -v chromium > /dev/null; then
	chrome() {
		timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
			--disable-background-networking --disable-component-update --disable-sync \
			--user-data-dir="$work/chromium" --dump-dom "$@" 2> /dev/null
	}
	id=$(sql "SELECT id FROM v_finding WHERE sink_function = 'nvme_tcp_try_send_data' LIMIT 1")
	chrome "file://$rep/index.html" > "$work/index.dom"
	chrome "file://$rep/finding/$id.html" > "$work/finding.dom"
	chrome "file://$rep/channels.html" > "$work/channels.dom"
	[ "$(sed -n 's/.*<span id="shown">\([0-9]*\)<.*/\1/p' "$work/index.dom")" = "$(sql "SELECT count(*) FROM finding")" ] &&
		grep -q 'class="node"' "$work/index.dom" &&
		grep -q '<ol class="steps">' "$work/finding.dom" && grep -q 'nvme_tcp_try_send_data' "$work/finding.dom" &&
		grep -q '<pre class="diff">' "$work/finding.dom" && grep -q 'sendpage_ok' "$work/finding.dom" &&
		grep -q ">$frag_channel</a>" "$work/channels.dom" &&
		pass "Chromium shows the real report: findings, the witness path with the patch, channels, layers" ||
		fail "Chromium shows the real report: findings, the witness path with the patch, channels, layers"
else
	fail "Chromium is not installed (make deps installs chromium)"
fi
if [ "$version" = 6.1 ]; then
	# the direct ops calls: found unguarded, repaired with the sendpage_ok() choice
	# (iscsi_tcp calls a copy of the socket's sendpage kept in its conn)
	for fn in _drbd_send_page ceph_tcp_sendpage iscsi_sw_tcp_xmit_segment; do
		row=$(sql "SELECT p.recipe, p.status FROM v_patch p JOIN v_finding f ON f.id = p.finding_id WHERE f.sink_function = '$fn' AND f.guarded = 0 ORDER BY p.status = 'series' DESC LIMIT 1")
		[ "$row" = "sendpage_fallback|series" ] && pass "$fn's direct ->sendpage() is found unguarded and gets a sendpage_fallback patch" ||
			{ fail "$fn's direct ->sendpage() is found unguarded and gets a sendpage_fallback patch (got '$row')"; sql "SELECT rule, guarded, sink_function, sink_api FROM v_finding WHERE sink_function = '$fn'" | sed 's/^/# /'; }
	done
	# the kzalloc'd globals: every o2net_sendpage() caller's finding is
	# repaired where the memory is allocated, allocation and frees together
	row=$(sql "SELECT count(*), count(DISTINCT f.sink_function), min(p.recipe), max(p.recipe), min(p.status), max(p.status), min(p.function) FROM v_patch p JOIN v_finding f ON f.id = p.finding_id WHERE f.source_function = 'o2net_init' AND f.guarded = 0")
	case $row in
	[1-9]*"|global_to_pages|global_to_pages|series|series|o2net_init")
		pass "ocfs2's kzalloc'd globals: every unguarded finding ($row) gets one global_to_pages patch, bound to o2net_init()" ;;
	*)	fail "ocfs2's kzalloc'd globals: every unguarded finding gets one global_to_pages patch, bound to o2net_init() (got '$row')"
		sql "SELECT f.id, f.rule, f.sink_function, p.recipe, p.status, p.detail FROM v_finding f LEFT JOIN v_patch p ON p.finding_id = f.id WHERE f.source_function = 'o2net_init'" | sed 's/^/# /' | head ;;
	esac
fi
sql "SELECT function, status, recipe FROM v_patch" > "$work/v_patch.txt"
echo "# $(grep -c . "$work/v_patch.txt") unguarded findings, $(grep -c '|series|' "$work/v_patch.txt") in the series"

n=0 bad=0
for p in "$out"/patches/0*.patch; do
	case $p in *0000-cover-letter.patch) continue ;; esac
	n=$((n + 1))
	(cd "$scratch" && git apply --check "$p") 2>> "$work/apply.err" || bad=$((bad + 1))
	(cd "$scratch" && perl scripts/checkpatch.pl --strict --color=never "$p") > "$work/checkpatch.$n" 2>&1
	grep -q '^total: 0 errors' "$work/checkpatch.$n" || { bad=$((bad + 1)); sed 's/^/# /' "$work/checkpatch.$n" | head -5; }
done
[ "$n" -gt 0 ] && [ "$bad" -eq 0 ] && pass "all $n patches apply to the tree and checkpatch.pl --strict finds no errors" ||
	fail "all $n patches apply to the tree and checkpatch.pl --strict finds no errors ($bad problems)"
grep -h '^WARNING\|^CHECK' "$work"/checkpatch.* 2>/dev/null | sed 's/^/# checkpatch: /' | sort | uniq -c | head

# every recipe on its own, inside the (unpatched) scratch tree, as a kernel
# developer runs it: make coccicheck MODE=report and MODE=patch over nvme-tcp's
# directory. The unguarded send is the only site any recipe flags there (the
# PDU sends are page-frag memory, the other sends are guarded).
ccbad= ccwrong=
line=$(awk '/nvme_tcp_try_send_data\(struct/ { f = 1 } f && /(kernel_sendpage|iov_iter_bvec)\(/ { print NR; exit }' "$scratch/$nvme")
for cocci in "$here"/../semantic-patches/*.cocci; do
	name=$(basename "$cocci" .cocci)
	for mode in report patch; do
		make -s -C "$scratch" coccicheck MODE=$mode COCCI="$(cd "$(dirname "$cocci")" && pwd)/$name.cocci" \
			M=drivers/nvme/host > "$work/cc.$name.$mode" 2>&1
		echo "rc=$?" >> "$work/cc.$name.$mode"
	done
	grep -v '^fatal: not a git repository' "$work/cc.$name.report" "$work/cc.$name.patch" |
		grep -qi 'error\|exception\|^rc=[1-9]' && ccbad="$ccbad $name"
	want=0
	case " $reporters " in *" $name "*) want=1 ;; esac
	got=$(grep -c 'WARNING:' "$work/cc.$name.report")
	[ "$got" = "$want" ] || ccwrong="$ccwrong $name($got)"
done
[ -z "$ccbad" ] && pass "make coccicheck MODE=report and MODE=patch run every recipe cleanly in the tree" ||
	{ fail "make coccicheck MODE=report and MODE=patch run every recipe cleanly in the tree:$ccbad"; }
[ -z "$ccwrong" ] && grep -q "^$nvme:$line:.*WARNING:" "$work/cc.$recipe.report" &&
	pass "coccicheck: $reporters report the unguarded send at $nvme:$line and nothing else does" ||
	{ fail "coccicheck: $reporters report the unguarded send at $nvme:$line and nothing else does:$ccwrong"; grep -h WARNING "$work"/cc.*.report | sed 's/^/# /' | head; }
sed -n '/^diff -u -p/,$p' "$work/cc.$recipe.patch" | grep -v '^rc=' > "$work/cc.diff"
(cd "$scratch" && patch -p1 --dry-run --quiet < "$work/cc.diff") > "$work/cc.dry" 2>&1 &&
	[ "$(grep '^[+-][^+-]' "$work/cc.diff")" = "$(grep -h '^[+-][^+-]' $(grep -l "^+++ b/$nvme" "$out"/patches/0*.patch | grep -v 0000-))" ] &&
	pass "coccicheck MODE=patch gives the generated patch's change, and it applies" ||
	{ fail "coccicheck MODE=patch gives the generated patch's change, and it applies"; sed 's/^/# /' "$work/cc.diff" "$work/cc.dry" | head -20; }

# the touched objects compile: apply the series (touched files become real
# copies first, never written through the hard links) and build them in
# the object dir the analysis prepared
files=$(grep -h '^+++ b/' "$out"/patches/0*.patch 2>/dev/null | sed 's|^+++ b/||' | sort -u)
if [ -z "$files" ]; then
	# (make with no object named would build the whole kernel)
	fail "the series touches files to apply and compile (it has no patch)"
	finish
	exit 1
fi
for f in $files; do cp "$scratch/$f" "$work/copy.c" && rm "$scratch/$f" && cp "$work/copy.c" "$scratch/$f"; done
(cd "$scratch" && for p in "$out"/patches/0*.patch; do
	case $p in *0000-cover-letter.patch) continue ;; esac
	git apply "$p" || exit 1
done) > "$work/apply.log" 2>&1 && pass "the series applies in order" || { fail "the series applies in order"; sed 's/^/# /' "$work/apply.log"; }
# Cc: the tree's get_maintainer.pl over its MAINTAINERS, as a maintainer runs it
np=$(grep -l "^+++ b/$nvme" "$out"/patches/0*.patch | head -1)
[ -n "$np" ] && grep -q '^Cc: linux-nvme@lists.infradead.org$' "$np" &&
	grep -q '^Cc: Sagi Grimberg <sagi@grimberg.me>$' "$np" &&
	[ "$(cd "$tree" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats -f "$nvme" | sed 's/^/Cc: /')" = "$(grep '^Cc: ' "$np")" ] &&
	pass "the nvme-tcp patch Cc's what the tree's get_maintainer.pl names for $nvme, in its order" ||
	{ fail "the nvme-tcp patch Cc's what the tree's get_maintainer.pl names for $nvme"; grep '^Cc:' "$np" | sed 's/^/# /'; }
grep -q 'sendpage_ok(page)' "$scratch/$nvme" && pass "the patched nvme-tcp tests sendpage_ok() again" ||
	fail "the patched nvme-tcp tests sendpage_ok() again"
if [ "$version" = 6.1 ]; then
	grep -q 'sendpage_ok(page)' "$scratch/drivers/block/drbd/drbd_main.c" &&
		grep -q 'sendpage_ok(page)' "$scratch/net/ceph/messenger_v1.c" &&
		grep -q 'if (sendpage_ok(sg_page(sg)))' "$scratch/drivers/scsi/iscsi_tcp.c" &&
		pass "the patched drbd, libceph and iscsi_tcp test sendpage_ok() again" ||
		fail "the patched drbd, libceph and iscsi_tcp test sendpage_ok() again"
	o2=$scratch/fs/ocfs2/cluster/tcp.c
	[ "$(grep -c '__get_free_pages(GFP_KERNEL | __GFP_COMP | __GFP_ZERO' "$o2")" = 3 ] &&
		[ "$(grep -c 'free_pages((unsigned long)o2net_' "$o2")" = 6 ] && ! grep -q 'kfree(o2net_' "$o2" &&
		pass "the patched ocfs2 allocates its three globals from the page allocator and frees all six with free_pages()" ||
		fail "the patched ocfs2 allocates its three globals from the page allocator and frees all six with free_pages()"
fi
objs=$(echo "$files" | sed 's/\.c$/.o/')
# shellcheck disable=SC2086
make -C "$scratch" O="$out/kbuild" LLVM=-19 -j2 $objs > "$work/build.log" 2>&1 &&
	grep -q "CC .*$(echo "$objs" | head -1)" "$work/build.log" &&
	pass "the touched objects compile with LLVM=-19: $(echo $objs)" ||
	{ fail "the touched objects compile with LLVM=-19"; tail -15 "$work/build.log" | sed 's/^/# /'; }
grep -i 'warning:' "$work/build.log" | sed 's/^/# compiler: /' | head -5

# the patched tree analysed again: pageref diff on the two real databases
# says the finding is fixed and nothing new appeared
cp "$out/pageref.db" "$work/before.db"
"$pageref" analyze --no-patch --kernel "$scratch" --out "$out" --dirs "$dirs" --jobs 2 \
	> "$work/after.log" 2>&1
"$pageref" diff "$work/before.db" "$out" > "$work/diff.txt" 2> "$work/diff.err"
rc=$?
[ "$rc" -eq 0 ] && [ "$(grep -c '^new ' "$work/diff.txt")" = 0 ] &&
	grep -q '^fixed [0-9a-f]* splice-unsafe-page drivers/nvme/host/tcp.c:[0-9]* nvme_tcp_try_send_data$' "$work/diff.txt" &&
	pass "pageref diff before/after the series: the nvme-tcp finding is fixed, nothing new" ||
	{ fail "pageref diff before/after the series: the nvme-tcp finding is fixed, nothing new (exit $rc)"; sed 's/^/# /' "$work/diff.txt" "$work/diff.err" | head; }
if [ "$version" = 6.1 ]; then
	o2fixed=$(grep -c '^fixed [0-9a-f]* splice-unsafe-page fs/ocfs2/cluster/tcp.c:' "$work/diff.txt")
	o2left=$(sql "SELECT count(*) FROM v_finding WHERE source_function = 'o2net_init'")
	[ "$o2fixed" -gt 0 ] && [ "$o2left" = 0 ] &&
		pass "pageref diff: ocfs2's $o2fixed findings are fixed by the page-allocator globals, none left" ||
		fail "pageref diff: ocfs2's findings are fixed by the page-allocator globals (fixed $o2fixed, left $o2left)"
fi
finish
