#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The fact cache on a real tree (Debian's linux-source VERSION): the tree,
# then a hard-linked copy with nvme-tcp's sendpage_ok() guard removed, the
# way a user analyses a tree and its patched copy. The copy's run, with its
# own object directory and kbuild prepare, parses only the changed TU and
# gives what a cold run of the copy gives, fact for fact. (The figure at
# the truth set's scope is bench/fact-cache.sh's.)
# Usage: run-real-fact-cache.sh VERSION PAGEREF WORKDIR
set -u
version=$1
pageref=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
fresh_work "$work"
export PAGEREF_FACT_CACHE="$work/cache"
unset PAGEREF_FACT_CACHE_SIZE

# run-real-patches.sh's scope, where the removed guard makes the send unguarded
dirs="net/core/skbuff.c net/ipv4/af_inet.c net/ipv4/tcp.c net/ipv4/tcp_ipv4.c net/socket.c lib/iov_iter.c drivers/nvme/host/tcp.c"
tree=$("$here/../scripts/kernel-tree.sh" "$version") || { fail "unpack linux-source-$version"; finish; exit 1; }
copy=$work/copy-tree
run() {	# run TREE OUT [env...]
	t=$1 o=$2
	shift 2
	env "$@" "$pageref" analyze --no-patch --kernel "$t" --out "$work/$o" --dirs "$dirs" --jobs 2 \
		> "$work/$o.log" 2>&1
}
counts() { sed -n 's/^analyze: TUs extracted: \([0-9]*\), .*(parsed: \([0-9]*\), from the fact cache: \([0-9]*\))$/\1 \2 \3/p' "$work/$1.log"; }

run "$tree" tree
rc=$?
set -- $(counts tree)
[ "$rc" = 0 ] && [ "${1:-0}" -gt 0 ] && [ "$1" = "$2" ] && [ "$3" = 0 ] &&
	pass "the tree: $1 TUs parsed, stored in a fresh cache" ||
	{ fail "the tree's run parses and stores every TU (exit $rc, counts '$*')"; tail -3 "$work/tree.log" | sed 's/^/# /'; }
ntu=${1:-0}

sh "$here/unguard-nvme-tcp.sh" "$version" "$tree" "$copy" ||
	{ fail "remove nvme-tcp's guard in a copy"; finish; exit 1; }
run "$copy" copy
rc=$?
[ "$rc" = 0 ] && [ "$(counts copy)" = "$ntu 1 $((ntu - 1))" ] &&
	pass "the copy, in its own OUT: the changed TU parsed, the other $((ntu - 1)) from the cache" ||
	{ fail "the copy parses only the changed TU (exit $rc, counts '$(counts copy)', want '$ntu 1 $((ntu - 1))')"; grep '^extract:' "$work/copy.log" | sed 's/^/# /'; }
[ "$(sed -n 1p "$work/copy/kbuild/scripts/basic/randstruct.seed")" = "$(sed -n 1p "$work/tree/kbuild/scripts/basic/randstruct.seed")" ] &&
	pass "both object directories have the same struct layout seed" ||
	fail "both object directories have the same struct layout seed"

run "$copy" copy-cold PAGEREF_FACT_CACHE=off
sh "$here/solve-results.sh" "$work/copy/pageref.db" > "$work/copy.res"
sh "$here/solve-results.sh" "$work/copy-cold/pageref.db" > "$work/copy-cold.res"
[ -s "$work/copy.res" ] && cmp -s "$work/copy.res" "$work/copy-cold.res" &&
	pass "the copy through the cache gives what a cold run gives ($(wc -l < "$work/copy.res") result lines)" ||
	{ fail "the copy through the cache gives what a cold run gives"; diff "$work/copy.res" "$work/copy-cold.res" | head -5 | sed 's/^/# /'; }
q="SELECT count(*) FROM v_finding WHERE sink_function = 'nvme_tcp_try_send_data' AND guarded = 0"
[ "$("$pageref" sql --out "$work/copy" "$q")" -gt 0 ] && [ "$("$pageref" sql --out "$work/tree" "$q")" = 0 ] &&
	pass "the copy's unguarded nvme-tcp send is found, the tree's is not" ||
	fail "the copy's unguarded nvme-tcp send is found, the tree's is not"
leak=$("$pageref" sql --out "$work/copy" "SELECT (SELECT count(*) FROM call_arg WHERE value LIKE '%$tree/%')
	+ (SELECT count(*) FROM flow WHERE src LIKE '%$tree/%' OR dst LIKE '%$tree/%')")
[ "$leak" = 0 ] && pass "no path of the tree is left in the copy's facts" ||
	fail "no path of the tree is left in the copy's facts ($leak rows)"

finish
