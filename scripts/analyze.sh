#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make analyze: pick the tree (default: Debian's linux-source-6.12, unpacked
# once into $PAGEREF_CACHE), run every stage, say where the results are.
# Exits with pageref's code (Documentation/usage.md, "Exit codes").
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
pageref=$here/build/pageref

kernel=${KERNEL:-}
if [ -z "$kernel" ]; then
	kernel=$("$here/scripts/kernel-tree.sh" 6.12)
fi
if [ ! -f "$kernel/Makefile" ]; then
	echo "pageref: error: $kernel is not a kernel tree (no Makefile)" >&2
	exit 3
fi
version=$(awk -F' *= *' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2} $1=="SUBLEVEL"{s=$2}
	END{printf "%s.%s.%s", v, p, s}' "$kernel/Makefile")
out=${OUT:-$here/out/$version}
mkdir -p "$out"

# DIRS empty: the whole tree kbuild builds for the configuration
set -- analyze --kernel "$kernel" --out "$out" --dirs "${DIRS:-}" --jobs "${JOBS:-2}"
[ -n "${CONFIG:-}" ] && set -- "$@" --config "$CONFIG"
[ -n "${COMPILE_DB:-}" ] && set -- "$@" --compile-db "$COMPILE_DB"
[ -n "${BASELINE:-}" ] && set -- "$@" --baseline "$BASELINE"
rc=0
"$pageref" "$@" || rc=$?
if [ "$rc" -eq 0 ] || [ "$rc" -eq 5 ]; then
	echo "report: $out/report/index.html (open it in a browser; SARIF: $out/pageref.sarif)"
	echo "database: $out/pageref.db"
	echo "compile commands: $out/compile_commands.json"
	"$pageref" sql --out "$out" "SELECT 'functions: ' || count(*) FROM function"
	"$pageref" sql --out "$out" "SELECT 'calls: ' || count(*) FROM call"
	"$pageref" sql --out "$out" "SELECT 'ops-table entries: ' || count(*) FROM ops"
	"$pageref" sql --out "$out" "SELECT 'functions with reference-count effects: ' || count(DISTINCT function_id) FROM refeffect"
	"$pageref" sql --out "$out" "SELECT 'channel sites: ' || count(*) || ', pairs: ' || (SELECT count(*) FROM v_pair) FROM channel_site"
	"$pageref" sql --out "$out" "SELECT 'findings: ' || count(*) || ' (' || coalesce(sum(guarded = 0), 0) || ' unguarded)' FROM finding"
	echo "explain one: $pageref query -o $out explain ID   (ids: SELECT id, rule, sink_function FROM v_finding)"
	if [ -d "$out/patches" ]; then
		n=$(find "$out/patches" -name '0*.patch' ! -name '0000-cover-letter.patch' | wc -l)
		if [ "$n" -gt 0 ]; then
			echo "patch series: $out/patches ($n patches and a cover letter; git am all but 0000-cover-letter.patch)"
		else
			echo "patch series: none (no unguarded finding got a patch)"
		fi
		"$pageref" sql --out "$out" "SELECT '  ' || recipe || ': ' || count(*) || ' finding(s) patched' FROM v_patch WHERE status = 'series' GROUP BY recipe ORDER BY recipe"
		"$pageref" sql --out "$out" "SELECT '  without a patch: ' || count(*) || ' (SELECT * FROM v_patch WHERE status != ''series'')' FROM v_patch WHERE status != 'series' HAVING count(*) > 0"
	fi
	if [ -n "${BASELINE:-}" ]; then
		echo "since $BASELINE:"
		"$pageref" diff "$BASELINE" "$out" || rc=$?
	fi
fi
exit $rc
