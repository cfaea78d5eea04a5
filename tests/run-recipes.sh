#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Coccinelle-style triplets for every recipe in semantic-patches/: NAME.cocci
# applied with -D patch to tests/NAME.c must give tests/NAME.res exactly, and
# the report mode must flag exactly the sites the patch changes (one
# "WARNING:" line per changed hunk's function). Real spatch, no fixtures of
# our own making beyond the inputs. Usage: run-recipes.sh WORKDIR
set -u
work=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
recipes=$here/../semantic-patches
fresh_work "$work"

if ! command -v spatch > /dev/null; then
	fail "spatch is not installed (make deps installs coccinelle)"
	finish
	exit 1
fi
for cocci in "$recipes"/*.cocci; do
	name=$(basename "$cocci" .cocci)
	in=$recipes/tests/$name.c
	res=$recipes/tests/$name.res
	if [ ! -f "$in" ] || [ ! -f "$res" ]; then
		fail "$name: has a tests/$name.c and tests/$name.res"
		continue
	fi
	cp "$in" "$work/$name.c"
	# a "// pageref-function: A,B" line binds the run as the generator does
	bound=$(sed -n 's|^// pageref-function: *||p' "$in")
	if [ -n "$bound" ]; then export PAGEREF_FUNCTION="$bound"; else unset PAGEREF_FUNCTION; fi
	if spatch --very-quiet --sp-file "$cocci" -D patch --in-place "$work/$name.c" \
		> "$work/$name.log" 2>&1 && diff -u "$res" "$work/$name.c" > "$work/$name.diff"; then
		pass "$name: -D patch turns tests/$name.c into tests/$name.res"
	else
		fail "$name: -D patch turns tests/$name.c into tests/$name.res"
		sed 's/^/# /' "$work/$name.log" "$work/$name.diff" | head -20
	fi
	# one report line per changed function (the expected diff's hunks, by
	# function) plus one per site the input marks "report-only"
	want=$(( $(diff -U0 -F '^[a-z].*(' "$in" "$res" | sed -n 's/^@@.*@@ //p' | sort -u | wc -l) +
		$(grep -c 'report-only' "$in") ))
	spatch --very-quiet --sp-file "$cocci" -D report "$in" > "$work/$name.report" 2>&1 ||
		echo "spatch failed" >> "$work/$name.report"
	got=$(grep -c 'WARNING:' "$work/$name.report")
	grep -q "spatch failed" "$work/$name.report" && got="$got (spatch failed)"
	[ "$got" = "$want" ] && pass "$name: -D report flags the $want site(s) the patch changes" ||
		{ fail "$name: -D report flags $got site(s), want $want"; sed 's/^/# /' "$work/$name.report" | head -5; }
	grep -q '^// Confidence:' "$cocci" && grep -q '^virtual report' "$cocci" &&
		head -1 "$cocci" | grep -q 'SPDX-License-Identifier' &&
		pass "$name: kernel coccinelle header (SPDX, Confidence, virtual modes)" ||
		fail "$name: kernel coccinelle header (SPDX, Confidence, virtual modes)"
done

unset PAGEREF_FUNCTION

# On a real tree: nvme-tcp with its sendpages_ok() guard removed gets a
# sendpage_ok() guard back, and nothing else in the file changes; the
# untouched file (guarded) is left alone, and so are its PDU sends
# (bvec_set_virt() of page-frag memory: unbound, buffers are not changed).
tree=$("$here/../scripts/kernel-tree.sh" 6.12) || { fail "unpack linux-source-6.12"; finish; exit 1; }
src=$tree/drivers/nvme/host/tcp.c
cp "$src" "$work/nvme-tcp.c"
# (spatch must succeed: an unchanged file after a failed run proves nothing)
spatch --very-quiet --sp-file "$recipes/splice_sendpage_ok.cocci" -D patch --no-includes \
	--in-place "$work/nvme-tcp.c" > "$work/nvme-guarded.log" 2>&1 &&
	cmp -s "$src" "$work/nvme-tcp.c" && pass "splice_sendpage_ok leaves 6.12 nvme-tcp (guarded) alone" ||
	{ fail "splice_sendpage_ok leaves 6.12 nvme-tcp (guarded) alone"; sed 's/^/# /' "$work/nvme-guarded.log" | head -5; }
# remove the guard: the two lines "if (!sendpages_ok(page, len, offset))" and the clear
awk '/if \(!sendpages_ok\(page, len, offset\)\)/ { skip = 2 } skip > 0 { skip--; next } { print }' \
	"$src" > "$work/nvme-unguarded.c"
cp "$work/nvme-unguarded.c" "$work/nvme-fixed.c"
spatch --very-quiet --sp-file "$recipes/splice_sendpage_ok.cocci" -D patch --no-includes \
	--in-place "$work/nvme-fixed.c" > "$work/nvme-fixed.log" 2>&1
diff -U0 "$work/nvme-unguarded.c" "$work/nvme-fixed.c" > "$work/nvme-fixed.diff"
if [ "$(grep -c '^+[^+]' "$work/nvme-fixed.diff")" = 2 ] &&
   grep -q '^+.*if (!sendpage_ok(page))' "$work/nvme-fixed.diff" &&
   grep -q '^+.*msg.msg_flags &= ~MSG_SPLICE_PAGES;' "$work/nvme-fixed.diff"; then
	pass "splice_sendpage_ok puts a sendpage_ok() guard back into 6.12 nvme-tcp, two lines"
else
	fail "splice_sendpage_ok puts a sendpage_ok() guard back into 6.12 nvme-tcp, two lines"
	sed 's/^/# /' "$work/nvme-fixed.diff" "$work/nvme-fixed.log" | head -20
fi
finish
