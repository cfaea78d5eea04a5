#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Real-tree tests: prepare Debian's linux-source-VERSION and extract a fixed
# set of files, then check facts anyone can confirm by reading the source.
# Also: an interrupted run resumes, and a re-run with nothing changed
# extracts nothing. Usage: run-real-tree.sh VERSION PAGEREF WORKDIR
set -u
version=$1
pageref=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

case $version in
# the socket layer down to TCP, TLS, the allocators, and two drivers that send
# block I/O pages with MSG_SPLICE_PAGES / sendpage behind sendpage_ok()
6.12)	dirs="net/core/skbuff.c net/ipv4/af_inet.c net/ipv4/tcp.c net/ipv4/tcp_ipv4.c net/socket.c net/tls/tls_sw.c net/tls/tls_main.c net/core/skmsg.c lib/iov_iter.c mm/page_alloc.c mm/slub.c drivers/nvme/host/tcp.c drivers/nvme/host/fabrics.c drivers/nvme/host/core.c block/blk-map.c block/bio.c drivers/block/drbd/drbd_main.c" ;;
6.1)	dirs="net/core/skbuff.c net/ipv4/af_inet.c net/ipv4/tcp.c net/ipv4/tcp_ipv4.c net/socket.c net/tls/tls_sw.c net/tls/tls_main.c net/core/skmsg.c lib/iov_iter.c mm/slab_common.c mm/page_alloc.c drivers/nvme/host/tcp.c drivers/block/drbd/drbd_main.c net/ceph/messenger_v1.c" ;;
*)	echo "unknown version $version"; exit 2 ;;
esac
tree=$("$here/../scripts/kernel-tree.sh" "$version") || { fail "unpack linux-source-$version"; finish; exit 1; }
out=$work/out
mkdir -p "$work"
ntu=$(echo "$dirs" | wc -w)

q() { "$pageref" sql --out "$out" "$1"; }
# has NAME QUERY EXPECTED: the query's output is exactly EXPECTED
has() {
	got=$(q "$2" 2>&1)
	if [ "$got" = "$3" ]; then pass "$1"; else fail "$1"; echo "# want: $3"; echo "# got:  $got" | head -5; fi
}

# The object dir is kept between runs of this test (prepare costs ~25 s);
# the database is not, so the extraction below starts cold.
rm -f "$out/pageref.db" "$out/pageref.db-wal" "$out/pageref.db-shm"

# 1. interrupt a run after two TUs, then resume
setsid "$pageref" analyze --kernel "$tree" --out "$out" --dirs "$dirs" --jobs 1 \
	> "$work/first.log" 2>&1 &
pid=$!
n=0
for i in $(seq 1 600); do
	n=$(q "SELECT count(*) FROM v_tu WHERE status = 'ok'" 2>/dev/null || echo 0)
	[ "${n:-0}" -ge 2 ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.2
done
/bin/kill -s KILL -- "-$pid" 2>/dev/null
wait "$pid" 2>/dev/null
# its workers are gone too before the next run (they hold OUT's lock while they live)
for i in $(seq 1 100); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
if [ "${n:-0}" -ge 2 ]; then
	pass "a run was interrupted after $n TUs"
else
	fail "could not interrupt a run (got $n TUs)"
	sed 's/^/# /' "$work/first.log" | tail -5
fi
"$pageref" analyze --kernel "$tree" --out "$out" --dirs "$dirs" > "$work/second.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] && pass "the resumed run finishes cleanly" ||
	{ fail "the resumed run finishes cleanly (exit $rc)"; sed 's/^/# /' "$work/second.log" | tail -5; }
# the filter's rounds extract in turn: what they extracted together
extracted=$(sed -n 's/.*units: \([0-9]*\) extracted.*/\1/p' "$work/second.log" | awk '{ n += $1 } END { print n }')
[ -n "$extracted" ] && [ "$extracted" -gt 0 ] && [ "$extracted" -lt "$ntu" ] &&
	pass "the resumed run skips the TUs already done ($extracted of $ntu extracted)" ||
	fail "the resumed run skips the TUs already done (${extracted:-?} of $ntu extracted)"
has "every TU parsed, none pending" "SELECT status, count(*) FROM v_tu GROUP BY status" "ok|$ntu"

# 2. a re-run with nothing changed extracts nothing
"$pageref" analyze --kernel "$tree" --out "$out" --dirs "$dirs" > "$work/third.log" 2>&1
# the run's own counts over every filter round, not one round's line
grep -q "units: 0 extracted, $ntu unchanged" "$work/third.log" &&
	grep -q "^analyze: TUs extracted: 0, solves: 0 (parsed: 0, from the fact cache: 0)$" "$work/third.log" &&
	pass "a re-run with nothing changed extracts nothing and solves nothing" ||
	{ fail "a re-run with nothing changed extracts nothing and solves nothing"; grep '^filter\|^extract\|^analyze\|^link' "$work/third.log" | sed 's/^/# /'; }

# 3. compile commands: from make -n, cleaned
cc=$out/compile_commands.json
[ "$(grep -c '"file"' "$cc")" -eq "$ntu" ] && pass "one compile command per requested file" ||
	fail "one compile command per requested file"
! grep -q -- '-Wp,-MMD\|__PAGEREF_LIST\|"-c"' "$cc" && grep -q '"-w"' "$cc" &&
	pass "dependency-file flags, -c and the listing marker are dropped, -w added" ||
	fail "dependency-file flags, -c and the listing marker are dropped, -w added"

# 3b. the solve, fact for fact: every finding (fingerprint, guard,
# confidence), witness step, channel site, pair and effect equals the
# committed expectations, made by the solver before its rewrite (issue 28).
# They hold for one Debian release of the tree: another gets a skip that
# says so (regenerate: tests/solve-results.sh OUT/pageref.db, after reading
# the difference)
expect=$here/expect/real-$version.solve
kv=$(awk -F' *= *' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2} $1=="SUBLEVEL"{s=$2}
	END{printf "%s.%s.%s", v, p, s}' "$tree/Makefile")
sh "$here/solve-results.sh" "$out/pageref.db" > "$work/solve.txt"
want=$(sed -n 's/^# linux-\([0-9.]*\).*/\1/p' "$expect" | head -1)
if [ ! -s "$expect" ]; then
	fail "the solve's results are the committed ones: $expect is missing"
elif [ "$want" != "$kv" ]; then
	skip "the solve's results are the committed ones: they are for linux-$want, this tree is linux-$kv"
elif grep -v '^#' "$expect" | cmp -s - "$work/solve.txt"; then
	pass "the solve's results are the committed ones ($(wc -l < "$work/solve.txt") findings, steps, sites, pairs and effects)"
else
	fail "the solve's results are the committed ones"
	grep -v '^#' "$expect" | diff - "$work/solve.txt" | head -10 | sed 's/^/# /'
fi

# 4. facts anyone can check by reading the source
has "skb_append_pagefrags calls get_page" \
	"SELECT DISTINCT callee, kind, file FROM v_call WHERE caller = 'skb_append_pagefrags' AND callee = 'get_page'" \
	"get_page|direct|net/core/skbuff.c"
has "inet_stream_ops.sendmsg is inet_sendmsg" \
	"SELECT function, file FROM v_ops WHERE variable = 'inet_stream_ops' AND struct_name = 'proto_ops' AND field = 'sendmsg'" \
	"inet_sendmsg|net/ipv4/af_inet.c"
has "page_ref_inc is an atomic_inc of its page's _refcount" \
	"SELECT r.primitive, r.object, r.path FROM refop r JOIN function f ON f.id = r.function_id WHERE f.name = 'page_ref_inc'" \
	"atomic_inc|page|p0"
has "header inline functions are extracted once" \
	"SELECT count(*) FROM v_function WHERE name = 'skb_frag_ref'" "1"
has "skb_frag_ref is in the net layer (a header under include/linux/skbuff*)" \
	"SELECT file GLOB 'include/linux/skbuff*.h', layer FROM v_function WHERE name = 'skb_frag_ref'" "1|net"
has "get_page and put_page are exported? no: static inline" \
	"SELECT name, is_static, is_inline FROM v_function WHERE name IN ('get_page', 'put_page') ORDER BY name" \
	"get_page|1|1
put_page|1|1"

has "every call result named in a flow is a recorded call of that function" \
	"SELECT count(*) FROM flow fl WHERE fl.src GLOB 'c[0-9]*' AND fl.src NOT GLOB '*[^0-9c]*' AND NOT EXISTS (SELECT 1 FROM call c WHERE c.function_id = fl.function_id AND 'c' || c.seq = fl.src)" "0"
has "derived effects: get_page, put_page, folio_get, folio_put, folio_try_get, page_ref_freeze" \
	"SELECT function, op, param_path FROM v_refeffect WHERE function IN ('get_page', 'put_page', 'folio_get', 'folio_put', 'folio_try_get', 'page_ref_freeze') ORDER BY function" \
	"folio_get|get|p0
folio_put|put|p0
folio_try_get|tryget|p0
get_page|get|p0
page_ref_freeze|freeze|p0
put_page|put|p0"
has "derived effects: skb_append_pagefrags takes a reference on its page argument" \
	"SELECT op, param_path FROM v_refeffect WHERE function = 'skb_append_pagefrags' AND param_path = 'p1'" "get|p1"
has "derived effects: skb_frag_ref and __skb_frag_ref take a reference on the fragment's page" \
	"SELECT function, op FROM v_refeffect WHERE function IN ('skb_frag_ref', '__skb_frag_ref') ORDER BY function" \
	"__skb_frag_ref|get
skb_frag_ref|get"

has "kfree drops a page reference only for memory folio_test_slab() says is not slab" \
	"SELECT op, param_path, excludes FROM v_refeffect WHERE function = 'kfree' AND op = 'put'" \
	"put|virt_to_page(p0)|slab"
# typed channels: skb_frag_t holds a netmem_ref since 6.12; in 6.1 it is a bio_vec
case $version in
6.12)	frag_channel=skb_frag.netmem ;;
*)	frag_channel=bio_vec.bv_page ;;
esac
has "the skb fragment channel ($frag_channel) pairs the GET in skb_append_pagefrags with the PUT in skb_release_data" \
	"SELECT count(*) FROM v_pair WHERE get_function = 'skb_append_pagefrags' AND put_function = 'skb_release_data' AND channel = '$frag_channel'" "1"
has "skb_append_pagefrags is a GET site because it stores the page it referenced into a fragment" \
	"SELECT op, how FROM v_channel_site WHERE function = 'skb_append_pagefrags' AND channel = '$frag_channel'" "get|store"
has "typed channels: no channel is a ?: merge, a void pointer or a list link" \
	"SELECT count(*) FROM channel_site WHERE channel GLOB '*|*' OR channel GLOB '*zone_device_data*' OR channel GLOB '*.next' OR channel GLOB '*.prev' OR channel GLOB 'list_head.*'" "0"
has "typed channels: bio_vec.bv_page is one channel, named by the record at every spelling" \
	"SELECT count(*) FROM channel_site WHERE channel GLOB '*bv_page*' AND channel <> 'bio_vec.bv_page'" "0"
has "the solver ran over the set and recorded its time" \
	"SELECT count(*) FROM meta WHERE key IN ('seconds_link', 'seconds_solve')" "2"

case $version in
6.12)
	has "tls_sw_sendmsg_locked calls sk_msg_zerocopy_from_iter" \
		"SELECT DISTINCT callee, kind FROM v_call WHERE caller = 'tls_sw_sendmsg_locked' AND callee = 'sk_msg_zerocopy_from_iter'" \
		"sk_msg_zerocopy_from_iter|direct"
	has "sock_sendmsg_nosec calls through proto_ops.sendmsg" \
		"SELECT DISTINCT callee, kind FROM v_call WHERE caller = 'sock_sendmsg_nosec' AND kind = 'member'" \
		"proto_ops.sendmsg|member"
	has "tls_main.c installs tls_sw_sendmsg in struct proto at run time" \
		"SELECT DISTINCT struct_name, field, function_name FROM ops WHERE kind = 'assign' AND function_name = 'tls_sw_sendmsg'" \
		"proto|sendmsg|tls_sw_sendmsg"
	has "tls_sw_sendmsg_locked tests MSG_SPLICE_PAGES on its msghdr" \
		"SELECT DISTINCT m.op, m.path FROM msgflag m JOIN function f ON f.id = m.function_id WHERE f.name = 'tls_sw_sendmsg_locked'" \
		"test|p1->msg_flags"
	has "skb_splice_from_iter is guarded by sendpage_ok on the extracted page" \
		"SELECT DISTINCT c.test, c.negated FROM cond c JOIN function f ON f.id = c.function_id WHERE f.name = 'skb_splice_from_iter' AND c.test = 'sendpage_ok'" \
		"sendpage_ok|1"
	has "skb_splice_from_iter references the pages iov_iter_extract_pages() put in its array: the kvec's buffer pages or the bvec's (derived, no model)" \
		"SELECT op, param_path, derived_from FROM v_refeffect WHERE function = 'skb_splice_from_iter'" \
		"get|virt_to_page(p1->kvec->iov_base)|p1->bvec->bv_page|code"
	has "tls_sw_sendmsg_splice, likewise through its one-page array (pages = &page)" \
		"SELECT op, param_path, derived_from FROM v_refeffect WHERE function = 'tls_sw_sendmsg_splice'" \
		"get|virt_to_page(p1->msg_iter.kvec->iov_base)|p1->msg_iter.bvec->bv_page|code"
	has "sock_sendmsg splices the message's kvec or bvec pages only with MSG_SPLICE_PAGES (INDIRECT_CALL_INET's direct calls down to tcp_sendmsg_locked)" \
		"SELECT op, needs, indirect, splice, derived_from FROM v_refeffect WHERE function = 'sock_sendmsg' AND param_path = 'virt_to_page(p1->msg_iter.kvec->iov_base)|p1->msg_iter.bvec->bv_page' AND ulp = 0" \
		"get|p1->msg_flags & MSG_SPLICE_PAGES|0|0|code"
	has "tcp_sendmsg_locked splices under zc == MSG_SPLICE_PAGES, zc set only under a test of msg->msg_flags (read from the code)" \
		"SELECT op, needs, via_call_id IS NOT NULL FROM refeffect r JOIN function f ON f.id = r.function_id WHERE f.name = 'tcp_sendmsg_locked' AND r.path = 'virt_to_page(p1->msg_iter.kvec->iov_base)|p1->msg_iter.bvec->bv_page'" \
		"get|p1->msg_flags & MSG_SPLICE_PAGES|1"
	has "tcp_sendmsg_locked's zc is set under (flags & MSG_ZEROCOPY) and under unlikely(msg->msg_flags & MSG_SPLICE_PAGES): both tests are conditions" \
		"SELECT DISTINCT c.test, c.arg, c.decides FROM cond c JOIN function f ON f.id = c.function_id WHERE f.name = 'tcp_sendmsg_locked' AND c.test GLOB 'MSG_*' AND c.arg != 'l:zc' ORDER BY c.test" \
		"MSG_SPLICE_PAGES|p1->msg_flags|1
MSG_ZEROCOPY|l:flags|1"
	has "tls_sw_sendmsg_locked splices only under msg->msg_flags & MSG_SPLICE_PAGES" \
		"SELECT needs FROM v_refeffect WHERE function = 'tls_sw_sendmsg_locked' AND param_path = 'virt_to_page(p1->msg_iter.kvec->iov_base)|p1->msg_iter.bvec->bv_page'" \
		"p1->msg_flags & MSG_SPLICE_PAGES"
	has "tls_sw_sendmsg_locked's zero-copy (sk_msg_zerocopy_from_iter) references a bvec's pages whatever the flags" \
		"SELECT needs, splice, derived_from FROM v_refeffect WHERE function = 'tls_sw_sendmsg_locked' AND param_path = 'p1->msg_iter.bvec->bv_page'" \
		"|0|code"
	has "sock_sendmsg reaches kTLS's zero-copy reference through inet_sendmsg's INDIRECT_CALL_2 fallback" \
		"SELECT needs, indirect FROM v_refeffect WHERE function = 'sock_sendmsg' AND param_path = 'p1->msg_iter.bvec->bv_page' AND needs = ''" \
		"|1"
	has "nvme-tcp's send of the fabrics connect data (kzalloc'd in nvmf_connect_data_prep): the splice is guarded (!sendpages_ok() clears MSG_SPLICE_PAGES), kTLS's zero-copy reference on the same page is not" \
		"SELECT f.rule, f.origin, f.guarded, coalesce(fi.guard GLOB '!sendpages_ok() at line *', 0), f.source_file, f.entry_function FROM v_finding f JOIN finding fi ON fi.id = f.id WHERE f.sink_function = 'nvme_tcp_try_send_data' AND f.source_function = 'nvmf_connect_data_prep' ORDER BY f.guarded" \
		"slab-page-get|slab|0|0|drivers/nvme/host/fabrics.c|nvme_tcp_try_send_data
splice-unsafe-page|slab|1|1|drivers/nvme/host/fabrics.c|nvme_tcp_try_send_data"
	has "every risky producer of the nvme stack is its own finding, and the page-allocated ones are none" \
		"SELECT count(*) = count(DISTINCT source_function), sum(origin NOT GLOB '*slab*' AND origin NOT GLOB '*vmalloc*') FROM v_finding WHERE sink_function = 'nvme_tcp_try_send_data' AND guarded = 0" \
		"1|0"
	id=$(q "SELECT id FROM v_finding WHERE sink_function = 'nvme_tcp_try_send_data' AND source_function = 'nvmf_connect_data_prep' AND guarded = 0")
	"$pageref" query --out "$out" explain "$id" > "$work/explain-nvme.txt" 2>&1
	if grep -q "nvmf_connect_data_prep: kzalloc(.*) is slab memory" "$work/explain-nvme.txt" &&
	   grep -q "__nvme_submit_sync_cmd passes .* to blk_rq_map_kern" "$work/explain-nvme.txt" &&
	   grep -q "blk_rq_map_kern passes .* to bio_map_kern" "$work/explain-nvme.txt" &&
	   grep -q "puts .* into .*bi_io_vec" "$work/explain-nvme.txt" &&
	   grep -q "joined on bv_page: nvme_tcp_try_send_data reads" "$work/explain-nvme.txt"; then
		pass "explain: the producer part runs from the kzalloc through blk_rq_map_kern() and bio_map_kern() into the bio"
	else
		fail "explain: the producer part runs from the kzalloc through blk_rq_map_kern() and bio_map_kern() into the bio"
		sed 's/^/# /' "$work/explain-nvme.txt" | head -20
	fi
	if grep -q "inet_sendmsg calls indirectly tls_sw_sendmsg" "$work/explain-nvme.txt" &&
	   grep -q "tls_sw_sendmsg calls tls_sw_sendmsg_locked" "$work/explain-nvme.txt" &&
	   grep -q "tls_sw_sendmsg_locked calls sk_msg_zerocopy_from_iter" "$work/explain-nvme.txt" &&
	   grep -q "sk_msg_zerocopy_from_iter calls iov_iter_get_pages2" "$work/explain-nvme.txt" &&
	   grep -q "atomic update of p0's _refcount" "$work/explain-nvme.txt"; then
		pass "explain: the consumer part runs through kTLS's zero-copy down to the _refcount primitive"
	else
		fail "explain: the consumer part runs through kTLS's zero-copy down to the _refcount primitive"
		sed 's/^/# /' "$work/explain-nvme.txt" | head -30
	fi
	has "drbd sets MSG_SPLICE_PAGES only when sendpages_ok(): a guarded splice" \
		"SELECT f.rule, f.guarded, fi.guard GLOB 'sendpages_ok() at line *' FROM v_finding f JOIN finding fi ON fi.id = f.id WHERE f.sink_function = '_drbd_send_page' AND f.rule = 'splice-unsafe-page'" \
		"splice-unsafe-page|1|1"
	has "nvme-tcp's PDUs come from page_frag_alloc() (nvme_tcp_request.pdu): no finding" \
		"SELECT count(*) FROM v_finding WHERE sink_function IN ('nvme_tcp_try_send_cmd_pdu', 'nvme_tcp_try_send_data_pdu', 'nvme_tcp_try_send_ddgst')" "0"
	has "virt_to_page() is recovered from the tokens and tied to its argument (free_pages: virt_to_page((void *)addr))" \
		"SELECT m.value FROM macro_use m JOIN function f ON f.id = m.function_id WHERE f.name = 'free_pages' AND m.name = 'virt_to_page'" \
		"virt_to_page(p0)"
	;;
6.1)
	has "inet_stream_ops.sendpage is inet_sendpage (the sendpage era)" \
		"SELECT function FROM v_ops WHERE variable = 'inet_stream_ops' AND field = 'sendpage'" \
		"inet_sendpage"
	has "kernel_sendpage calls through proto_ops.sendpage" \
		"SELECT DISTINCT callee, kind FROM v_call WHERE caller = 'kernel_sendpage' AND kind = 'member'" \
		"proto_ops.sendpage|member"
	has "kernel_sendpage tests sendpage_ok on its page" \
		"SELECT DISTINCT c.test, c.arg FROM cond c JOIN function f ON f.id = c.function_id WHERE f.name = 'kernel_sendpage' AND c.test = 'sendpage_ok'" \
		"sendpage_ok|p1"
	has "kernel_sendpage takes a reference on its page through proto_ops.sendpage and proto.sendpage" \
		"SELECT op, indirect, splice FROM v_refeffect WHERE function = 'kernel_sendpage' AND param_path = 'p1' AND ulp = 0" \
		"get|2|1"
	has "nvme-tcp calls kernel_sendpage only when sendpage_ok(): a guarded sendpage" \
		"SELECT f.rule, f.guarded, fi.guard GLOB 'sendpage_ok() at line *' FROM v_finding f JOIN finding fi ON fi.id = f.id WHERE f.sink_function = 'nvme_tcp_try_send_data' AND f.sink_api = 'kernel_sendpage'" \
		"splice-unsafe-page|1|1"
	has "drbd falls back to copying when !sendpage_ok(): a guarded sendpage" \
		"SELECT f.rule, f.guarded, fi.guard GLOB '!sendpage_ok() at line *' FROM v_finding f JOIN finding fi ON fi.id = f.id WHERE f.sink_function = '_drbd_send_page'" \
		"splice-unsafe-page|1|1"
	has "Ceph msgr1 picks sock->ops->sendpage only if sendpage_ok(): a guarded sendpage" \
		"SELECT f.rule, f.guarded, fi.guard GLOB 'sendpage_ok() at line *' FROM v_finding f JOIN finding fi ON fi.id = f.id WHERE f.sink_function = 'ceph_tcp_sendpage'" \
		"splice-unsafe-page|1|1"
	has "tls_sw_sendmsg calls sk_msg_zerocopy_from_iter" \
		"SELECT DISTINCT callee FROM v_call WHERE caller = 'tls_sw_sendmsg' AND callee = 'sk_msg_zerocopy_from_iter'" \
		"sk_msg_zerocopy_from_iter"
	has "tls_sw_sendmsg's zero-copy references a bvec's pages with no flag (6.1 has no MSG_SPLICE_PAGES to depend on)" \
		"SELECT needs, derived_from FROM v_refeffect WHERE function = 'tls_sw_sendmsg' AND param_path = 'p1->msg_iter.bvec->bv_page'" \
		"|code"
	has "kTLS's sendpage takes a reference on the page (tls_sw_sendpage -> sk_msg_page_add)" \
		"SELECT op, needs FROM v_refeffect WHERE function = 'tls_sw_sendpage' AND param_path = 'p1'" \
		"get|"
	;;
esac

# 6. scope: a callee outside the analysed files is named with its file.
# net/socket.c is analysed here, so sock_sendmsg() is no gap; in a copy of
# the database without that TU (as DIRS without net/socket.c would give),
# the link says sock_sendmsg() in net/socket.c is called but not analysed,
# and its callers are the drivers' and TLS's sends
has "an analysed callee is no scope gap (sock_sendmsg, net/socket.c analysed)" \
	"SELECT count(*) FROM scope_gap WHERE name IN ('sock_sendmsg', 'kernel_sendmsg')" "0"
has "a callee outside the analysed files is named with its file (dev_queue_xmit in net/core/dev.c)" \
	"SELECT file FROM scope_gap WHERE name = '__dev_queue_xmit'" "net/core/dev.c"
mkdir -p "$work/noscope"
cp "$out/pageref.db" "$work/noscope/pageref.db"
sqlite3 "$work/noscope/pageref.db" "PRAGMA foreign_keys = ON; DELETE FROM tu WHERE file_id = (SELECT id FROM file WHERE path = 'net/socket.c')"
"$pageref" link --out "$work/noscope" > "$work/noscope.log" 2>&1
# the drivers' send: sock_sendmsg() on 6.12, kernel_sendpage() on 6.1
send=sock_sendmsg
[ "$version" = 6.1 ] && send=kernel_sendpage
n=$("$pageref" sql --out "$work/noscope" "SELECT calls FROM v_scope_gap WHERE name = '$send' AND file = 'net/socket.c'")
[ "${n:-0}" -ge 2 ] && grep -q "^scope: [0-9]* functions called with a page" "$work/noscope.log" &&
	pass "without net/socket.c, the link names $send() in net/socket.c ($n calls) as not analysed" ||
	{ fail "without net/socket.c, the link names $send() in net/socket.c as not analysed (got '$n')"; grep '^scope' "$work/noscope.log" | sed 's/^/# /'; }

# 7. sharding on the real tree: three slices extracted apart (each OUT gets a
# copy of the prepared object dir, so kbuild is a cache hit), merged, linked
# and solved: the views equal the one-machine run's above, row for row (the
# patch stage ran only there)
for k in 1 2 3; do
	rm -rf "$work/shard$k"
	mkdir -p "$work/shard$k"
	cp -a "$out/kbuild" "$work/shard$k/kbuild"
	"$pageref" kbuild --kernel "$tree" --out "$work/shard$k" --dirs "$dirs" > "$work/shard$k.log" 2>&1 &&
		"$pageref" extract --out "$work/shard$k" --shard "$k/3" >> "$work/shard$k.log" 2>&1 ||
		fail "extract shard $k/3 of the real tree"
done
rm -rf "$work/merged"
mkdir -p "$work/merged"
if "$pageref" merge "$work/merged" "$work/shard1/pageref.db" "$work/shard2/pageref.db" "$work/shard3/pageref.db" \
	> "$work/merged.log" 2>&1 && "$pageref" solve --out "$work/merged" >> "$work/merged.log" 2>&1 &&
   SKIP="v_patch v_validation" sh "$here/compare-views.sh" "$out/pageref.db" "$work/merged/pageref.db" "$work/cmp" \
	> "$work/cmp.txt"; then
	pass "three shards merged give the one-machine views row for row ($(grep -c same "$work/cmp.txt") views, $(grep '^v_finding ' "$work/cmp.txt"))"
else
	fail "three shards merged give the one-machine views row for row"
	sed 's/^/# /' "$work/merged.log" | tail -3
	grep -A6 differs "$work/cmp.txt" | sed 's/^/# /'
fi

# 5. the report of the real run, as a reader opens it in Chromium: the index,
# the busiest channel's page and a finding's page; every link resolves
# offline, the layer graph is Graphviz's with one node per layer and each
# edge labelled with its v_pair count, the header's extract time is the
# stage's recorded time; a screenshot of each in tests/work/report/
shots=$here/work/report/real-$version
mkdir -p "$shots"
"$pageref" report --out "$out" > "$work/report.log" 2>&1 || fail "report of the real run"
ch=$(q "SELECT channel FROM channel_site GROUP BY channel ORDER BY count(*) DESC, channel LIMIT 1")
chpage=channel/$(printf '%s' "$ch" | sed 's/[^A-Za-z0-9._-]/_/g').html
id=$(q "SELECT id FROM v_finding ORDER BY guarded, id LIMIT 1")
if [ -n "$ch" ] && [ -n "$id" ] && mods=$(node_modules "$work/npm.log") &&
   node "$here/report-pages.js" "$mods" "$out/report" "$shots" index.html "$chpage" "finding/$id.html" \
	> "$work/pages.json" 2> "$work/pages.err" &&
   python3 "$here/report-check.py" "$work/pages.json" "$pageref" "$out" > "$work/pages.txt" 2>&1; then
	pass "the real run's report in Chromium: index, channel $ch, finding $id: links resolve offline, the Graphviz edges labelled as v_pair counts ($(sed -n 's/^edges: \([0-9]*\).*/\1/p' "$work/pages.txt")), the header's stage times are the recorded ones"
else
	fail "the real run's report in Chromium (channel '$ch', finding '$id')"
	cat "$work/pages.txt" "$work/pages.err" 2> /dev/null | sed 's/^/# /' | tail -8
fi

# 6. CONFIG=FILE: Debian's own configuration instead of allmodconfig
cfg=$(ls /usr/src/linux-config-"$version"/config.amd64_none_amd64.xz 2>/dev/null | head -1)
if [ -n "$cfg" ] && [ "$version" = 6.12 ]; then
	xz -dc "$cfg" > "$work/debian.config"
	rm -f "$work/out-config/pageref.db" "$work/out-config/pageref.db-wal" "$work/out-config/pageref.db-shm"
	"$pageref" analyze --kernel "$tree" --out "$work/out-config" --config "$work/debian.config" \
		--dirs "net/core/skbuff.c" > "$work/config.log" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] && grep -q "^CONFIG_NET=y" "$work/out-config/kbuild/.config" &&
		! grep -q "^CONFIG_KASAN=y" "$work/out-config/kbuild/.config" &&
		pass "--config uses the given configuration (Debian's, no KASAN)" ||
		{ fail "--config uses the given configuration (exit $rc)"; tail -3 "$work/config.log" | sed 's/^/# /'; }
	"$pageref" sql --out "$work/out-config" "SELECT value FROM meta WHERE key = 'config'" |
		grep -q "debian.config" && pass "the database records which configuration was used" ||
		fail "the database records which configuration was used"
elif [ "$version" = 6.12 ]; then
	skip "--config: Debian's linux-config-$version is not installed"
fi
finish
