#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Compare every view of two pageref databases row for row, leaving out the
# columns that are ids or times (merge.h: ids are renumbered by a merge):
# v_tu.seconds, v_finding.id (a finding is its fingerprint), and
# v_finding_step.finding_id and v_patch.finding_id (replaced by the
# finding's fingerprint). Prints "VIEW ROWS same" or "VIEW differs" with
# the first differing lines; exits 1 when any view differs.
# SKIP="v_patch ..." leaves views out (a run that made no patches).
# Usage: compare-views.sh A.db B.db WORKDIR
set -u
a=$1 b=$2 work=$3
mkdir -p "$work"
rc=0
query() {
	case $1 in
	v_tu) echo "SELECT path, status, error FROM v_tu" ;;
	v_finding) echo "SELECT rule, severity, confidence, guarded, origin, source_function, source_file,
		source_line, sink_function, sink_api, sink_file, sink_line, entry_function, entry_file,
		entry_line, fingerprint FROM v_finding" ;;
	v_finding_step) echo "SELECT f.fingerprint, s.step, s.function, s.file, s.line, s.what
		FROM v_finding_step s JOIN finding f ON f.id = s.finding_id" ;;
	v_patch) echo "SELECT f.fingerprint, p.recipe, p.file, p.status, p.checkpatch_errors,
		p.checkpatch_warnings, p.path, p.function, p.rule, p.detail, p.diff
		FROM v_patch p JOIN finding f ON f.id = p.finding_id" ;;
	*) echo "SELECT * FROM $1" ;;
	esac
}
views=$(sqlite3 "$a" "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")
for v in $views; do
	case " ${SKIP:-} " in *" $v "*) echo "$v skipped"; continue ;; esac
	q=$(query "$v")
	sqlite3 "$a" "$q" | LC_ALL=C sort > "$work/$v.a"
	sqlite3 "$b" "$q" | LC_ALL=C sort > "$work/$v.b"
	if cmp -s "$work/$v.a" "$work/$v.b"; then
		echo "$v $(wc -l < "$work/$v.a") same"
	else
		echo "$v differs ($(wc -l < "$work/$v.a") and $(wc -l < "$work/$v.b") rows)"
		diff "$work/$v.a" "$work/$v.b" | head -6 | sed 's/^/#   /'
		rc=1
	fi
done
exit $rc
