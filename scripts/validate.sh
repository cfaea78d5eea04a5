#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make validate: validation/run.sh on the tree, with the series of
# OUT/patches applied when make analyze left one (the tree is never
# modified); then its steps go into OUT/pageref.db (v_validation) and the
# report is written again with its validation page. BASELINE=1 boots the
# unpatched tree too and compares.
# Exit codes: those of validation/run.sh (0 passed, 1 a step failed, 3 a
# missing tool or tree); 3 also for a database pageref refuses, checked
# before the run; else pageref's own code when loading or reporting fails.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
pageref=$here/build/pageref
kernel=${KERNEL:-}
[ -n "$kernel" ] || kernel=$("$here/scripts/kernel-tree.sh" 6.12) || exit 3
[ -f "$kernel/Makefile" ] || { echo "pageref: error: $kernel is not a kernel tree (no Makefile)" >&2; exit 3; }
version=$(awk -F' *= *' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2} $1=="SUBLEVEL"{s=$2}
	END{printf "%s.%s.%s", v, p, s}' "$kernel/Makefile")
out=${OUT:-$here/out/$version}
series=
if ls "$out"/patches/0001-*.patch > /dev/null 2>&1; then
	series=$out/patches
fi
db=
[ -f "$out/pageref.db" ] && db=$out/pageref.db
if [ -n "$db" ]; then
	# what to trace: the functions the series' patches change; the analysis
	# configuration for the static checks (a database pageref refuses stops
	# here, with its one line, before minutes of building)
	funcs=$("$pageref" sql --out "$out" "SELECT DISTINCT function FROM v_patch WHERE status = 'series' ORDER BY 1") ||
		exit $?
	FUNCTIONS=$(echo "$funcs" | tr '\n' ' ')
	cfg=$("$pageref" sql --out "$out" "SELECT value FROM meta WHERE key = 'config'") || exit $?
	[ -z "${CONFIG:-}" ] && [ -f "$cfg" ] && CONFIG=$cfg
	export FUNCTIONS CONFIG
fi
"$here/validation/run.sh" "$kernel" "$out/validation" $series
rc=$?
[ $rc -eq 3 ] && exit 3
if [ -z "$db" ]; then
	echo "validate: no $out/pageref.db (make analyze makes it): results only in $out/validation/results.tsv"
	exit $rc
fi
# exit 1 here only repeats that a step failed, which rc already says
"$pageref" validation -o "$out" "$out/validation/results.tsv"
vrc=$?
[ $vrc -eq 0 ] || [ $vrc -eq 1 ] || exit $vrc
said=$("$pageref" report -o "$out") || exit $?
echo "$said" | sed -n 's/^report: \([^ ]*\) .*/validate: the report is \1 (validation.html)/p'
exit $rc
