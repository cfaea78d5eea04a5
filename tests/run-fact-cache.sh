#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The fact cache across trees (analyzer/factcache.h) on the mini tree: a
# second OUT parses nothing, a copy of the tree elsewhere with one file
# changed parses that file only, and every run through the cache gives what
# a run without it gives; a damaged entry is rebuilt, the size bound holds,
# two runs at once share the cache, and cache stats|clear say what they do.
#
# Usage: run-fact-cache.sh PAGEREF WORKDIR
set -u
pageref=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
fresh_work "$work"
export PAGEREF_FACT_CACHE="$work/cache"
unset PAGEREF_FACT_CACHE_SIZE

# two trees at different paths; the second gets one changed .c below
cp -a "$here/fixtures/tree" "$work/a"
cp -a "$here/fixtures/tree" "$work/copy-of-a"
dirs="block net mm drivers lib"
for t in a copy-of-a; do
	files=$(cd "$work/$t" && find $dirs -name '*.c' | LC_ALL=C sort)
	# shellcheck disable=SC2086
	write_compile_db "$work/$t" $files
done
nr=$(cd "$work/a" && find $dirs -name '*.c' | wc -l)

run() {	# run TREE OUT [env...]: analyze, the log in OUT.log
	tree=$1 out=$2
	shift 2
	env "$@" "$pageref" analyze --no-patch --no-filter --kernel "$work/$tree" --out "$work/$out" \
		--dirs "$dirs" --jobs 2 > "$work/$out.log" 2>&1
}
counts() {	# counts OUT: "parsed cached" from the run's own line
	sed -n 's/^analyze: TUs extracted: .*(parsed: \([0-9]*\), from the fact cache: \([0-9]*\))$/\1 \2/p' \
		"$work/$1.log"
}
same_results() {	# same_results OUT1 OUT2: every finding, effect, pair (tests/solve-results.sh)
	sh "$here/solve-results.sh" "$work/$1/pageref.db" > "$work/$1.res" &&
		sh "$here/solve-results.sh" "$work/$2/pageref.db" > "$work/$2.res" &&
		[ -s "$work/$1.res" ] && cmp -s "$work/$1.res" "$work/$2.res"
}
stat_of() {	# stat_of NAME: a counter of pageref cache stats
	"$pageref" cache stats | sed -n "s/^$1  *\([0-9]*\).*/\1/p"
}

run a cold-a PAGEREF_FACT_CACHE=off
run a first
[ "$(counts first)" = "$nr 0" ] && [ "$(stat_of stored)" = "$nr" ] &&
	pass "a first run parses every TU ($nr) and stores each in the cache" ||
	fail "a first run parses every TU and stores each (got '$(counts first)', stored $(stat_of stored))"
check "a run that fills the cache gives what a run without it gives" same_results cold-a first

run a second
[ "$(counts second)" = "0 $nr" ] &&
	pass "a second OUT of the same tree parses nothing: $nr TUs from the cache" ||
	fail "a second OUT of the same tree parses nothing (got '$(counts second)')"
check "and its results equal the run without the cache" same_results cold-a second

# the copy: same files elsewhere, one .c changed in a way that matters
# (send_one() loses its sendpage_ok() guard)
sed -i '/if (!sendpage_ok(page))/,+1d' "$work/copy-of-a/net/core/guard.c"
run copy-of-a cold-copy PAGEREF_FACT_CACHE=off
run copy-of-a copy
[ "$(counts copy)" = "1 $((nr - 1))" ] &&
	pass "a copy of the tree at another path with one .c changed parses that TU only" ||
	fail "a copy with one .c changed parses that TU only (got '$(counts copy)')"
check "the copy's results through the cache equal a cold run of the copy" same_results cold-copy copy
leak=$("$pageref" sql --out "$work/copy" "SELECT (SELECT count(*) FROM file WHERE path LIKE '$work/a/%')
	+ (SELECT count(*) FROM call_arg WHERE value LIKE '%$work/a/%')
	+ (SELECT count(*) FROM function WHERE usr LIKE '%$work/a/%')")
[ "$leak" = 0 ] && pass "no path of the first tree is left in the copy's facts" ||
	fail "no path of the first tree is left in the copy's facts ($leak rows)"

# a header every TU reads, changed in the copy: everything is parsed again
echo "/* changed */" >> "$work/copy-of-a/include/linux/mm_types.h"
run copy-of-a copy-header
parsed=$(counts copy-header | cut -d' ' -f1)
readers=$("$pageref" sql --out "$work/copy-header" "SELECT count(DISTINCT t.id) FROM tu t JOIN tu_input i ON i.tu_id = t.id
	JOIN file f ON f.id = i.file_id WHERE f.path = 'include/linux/mm_types.h'")
[ -n "$parsed" ] && [ "$parsed" -gt 0 ] && [ "$parsed" = "$readers" ] &&
	pass "a changed header re-parses exactly the TUs that read it ($readers)" ||
	fail "a changed header re-parses the TUs that read it (parsed '$parsed', readers '$readers')"

# damage: one stored entry's bytes overwritten; it is found, removed, rebuilt
# (a cache of tree a alone, so that every entry is one the next run reads)
export PAGEREF_FACT_CACHE="$work/cache4"
run a fill4
entry=$(find "$work/cache4/f" -type f | LC_ALL=C sort | head -1)
printf 'garbage' | dd of="$entry" bs=1 seek=40 conv=notrunc 2> /dev/null
before=$(stat_of damaged)
run a damaged
[ "$(counts damaged)" = "1 $((nr - 1))" ] && [ "$(stat_of damaged)" = "$((before + 1))" ] &&
	pass "a damaged entry is ignored, counted, and its TU parsed again" ||
	fail "a damaged entry is ignored and its TU parsed again (got '$(counts damaged)', damaged $(stat_of damaged))"
check "the run past a damaged entry gives the clean results" same_results cold-a damaged
run a repaired
[ "$(counts repaired)" = "0 $nr" ] && pass "and the next run finds it rebuilt" ||
	fail "the next run finds the damaged entry rebuilt (got '$(counts repaired)')"

# two runs at once on one cache, different OUTs
export PAGEREF_FACT_CACHE="$work/cache2"
run a par1 & p1=$!
run copy-of-a par2 & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
[ "$r1" = 0 ] && [ "$r2" = 0 ] && same_results cold-a par1 && same_results copy-header par2 &&
	pass "two runs at once share one cache and each gives its tree's results" ||
	fail "two runs at once share one cache (exit $r1 and $r2)"

# the size bound: a cache a third of what the tree needs keeps under it
cache_bytes() { find "$1/f" "$1/m" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
export PAGEREF_FACT_CACHE="$work/cache3"
run a unbounded
limit=$(($(cache_bytes "$work/cache3") / 3))
"$pageref" cache clear > /dev/null
run a small PAGEREF_FACT_CACHE_SIZE=$limit
size=$(cache_bytes "$work/cache3")
[ "$(stat_of evicted)" -gt 0 ] && [ "$size" -le "$limit" ] && [ "$size" -gt 0 ] &&
	pass "a cache bounded to a third of the tree evicts the least recently used and stays under $limit bytes" ||
	fail "a bounded cache stays under its size ($size of $limit bytes, evicted $(stat_of evicted))"
check "a run through a bounded cache gives the same results" same_results cold-a small

# a cache that cannot be written (its directory is a file): the run goes on
# without it, says so once, and its results are whole
: > "$work/not-a-dir"
run a unwritable PAGEREF_FACT_CACHE="$work/not-a-dir/cache"
rc=$?
[ "$rc" = 0 ] && [ "$(grep -c "warning: the fact cache did not take" "$work/unwritable.log")" = 1 ] &&
	same_results cold-a unwritable &&
	pass "a cache that cannot be written costs the cache, not the run: one warning, whole results" ||
	{ fail "a cache that cannot be written costs the cache, not the run (exit $rc)"; grep -i 'cache\|error' "$work/unwritable.log" | head -3 | sed 's/^/# /'; }

# stats and clear
export PAGEREF_FACT_CACHE="$work/cache"
"$pageref" cache stats > "$work/stats.txt"
grep -q "^entries  *[1-9][0-9]* TUs' facts" "$work/stats.txt" && grep -q "^hits  *[1-9]" "$work/stats.txt" &&
	pass "cache stats says the entries, size and hits" || fail "cache stats says the entries, size and hits"
"$pageref" cache clear > /dev/null && [ -z "$(find "$work/cache/f" "$work/cache/m" -type f)" ] &&
	[ "$(stat_of hits)" = 0 ] && pass "cache clear empties it" || fail "cache clear empties it"
[ "$(PAGEREF_FACT_CACHE=off "$pageref" cache stats)" = "cache: off (PAGEREF_FACT_CACHE=off)" ] &&
	pass "PAGEREF_FACT_CACHE=off turns it off" || fail "PAGEREF_FACT_CACHE=off turns it off"

finish
