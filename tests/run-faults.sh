#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Faults: the machine failing under a run, provoked for real and the same
# way every time (issue 35): a kill in the middle of a stage
# (PAGEREF_TEST_KILL_AT), a disk that fills or fails after N bytes
# (tests/faultfs.c, LD_PRELOAD), a damaged or locked database, a second
# writer, a libclang worker that dies, and stand-in tools on PATH that
# crash or hang. Each checks what applies of: one error line with the
# documented exit code (Documentation/usage.md, "Faults"), the database
# passes PRAGMA integrity_check, what was complete before is intact, and
# the next plain run ends with the results of a clean one.
# Usage: run-faults.sh PAGEREF FAULTFS.so WORKDIR
set -u
pageref=$1
shim=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
fresh_work "$work"
export GIT_CEILING_DIRECTORIES="$work"
# its own fact cache: a fault here must not reach the user's
export PAGEREF_FACT_CACHE="$work/facts"

patch_tree "$work" || { fail "unpack linux-source-6.12"; finish; exit 1; }

# analyze OUT NAME [env...]: the whole run into OUT, its exit code in $rc
analyze() {
	o=$1 n=$2
	shift 2
	env "$@" "$pageref" analyze --kernel "$tree" --out "$o" --dirs "net mm drivers lib" --jobs 2 \
		> "$work/$n.out" 2> "$work/$n.err"
	rc=$?
}
# stage NAME CMD...: one pageref command, its exit code in $rc
stage() {
	n=$1
	shift
	"$@" > "$work/$n.out" 2> "$work/$n.err"
	rc=$?
}
# what a run decided, facts and series: equal to a clean run's or not
results() {
	sh "$here/solve-results.sh" "$1/pageref.db"
	(cd "$1/patches" 2>/dev/null && for f in *.patch; do echo "$f $(grep -v '^From [0-9a-f]* ' "$f" | md5sum)"; done)
}
intact() { [ "$(sqlite3 "$1/pageref.db" "PRAGMA integrity_check")" = ok ]; }
# one_line CODE PATTERN: $rc is CODE and stderr of $n has one error line matching PATTERN
one_line() {
	lines=$(grep -c 'error:' "$work/$n.err")
	[ "$rc" -eq "$1" ] && [ "$lines" -eq 1 ] && grep -q -- "$2" "$work/$n.err"
}
said() { sed 's/^/# /' "$work/$n.err" | tail -4; }

analyze "$work/clean" clean
[ "$rc" -eq 0 ] && pass "a clean run (the reference)" || { fail "a clean run (exit $rc)"; said; finish; exit 1; }
results "$work/clean" > "$work/clean.res"
[ -s "$work/clean.res" ] && [ -d "$work/clean/patches" ] && [ -f "$work/clean/report/index.html" ] ||
	fail "the clean run has results, a series and a report"

# after a fault, the next plain run: exit 0 and the clean run's results
resumes() {
	analyze "$1" "$2-again"
	if [ "$rc" -eq 0 ] && results "$1" > "$work/$2.res" && cmp -s "$work/clean.res" "$work/$2.res"; then
		pass "$3: the next run finishes with a clean run's results"
	else
		fail "$3: the next run finishes with a clean run's results (exit $rc)"
		diff "$work/clean.res" "$work/$2.res" | head -4 | sed 's/^/# /'
	fi
}

# 1-4. killed in the middle of link, solve (between two of its writes),
# patch (the new series written, not swapped in), report (likewise)
for point in link solve; do
	analyze "$work/kill-$point" "kill-$point" PAGEREF_TEST_KILL_AT=$point
	[ "$rc" -eq 137 ] && intact "$work/kill-$point" &&
		pass "killed in $point: the database passes integrity_check" ||
		{ fail "killed in $point: the database passes integrity_check (exit $rc)"; said; }
	resumes "$work/kill-$point" "kill-$point" "killed in $point"
done
for point in patch report; do
	o=$work/kill-$point
	cp -a "$work/clean" "$o"
	sed -i "s|$work/clean|$o|g" "$o/report/index.html" 2>/dev/null
	(cd "$o" && find patches report -type f | LC_ALL=C sort | xargs md5sum) > "$work/kill-$point.before"
	if [ "$point" = patch ]; then
		stage "kill-$point" env PAGEREF_TEST_KILL_AT=patch "$pageref" patch --out "$o"
	else
		stage "kill-$point" env PAGEREF_TEST_KILL_AT=report "$pageref" report --out "$o"
	fi
	(cd "$o" && find patches report -type f | LC_ALL=C sort | xargs md5sum) > "$work/kill-$point.after"
	[ "$rc" -eq 137 ] && cmp -s "$work/kill-$point.before" "$work/kill-$point.after" && intact "$o" &&
		pass "killed in $point: the series and the report before it are intact" ||
		{ fail "killed in $point: the series and the report before it are intact (exit $rc)"; said; }
	resumes "$o" "kill-$point" "killed in $point"
done

# 5-6. the disk full, then failing, part way through extraction
for e in 28:ENOSPC 5:EIO; do
	n=${e#*:}
	o=$work/disk-$n
	analyze "$o" "disk-$n" LD_PRELOAD="$shim" FAULT_DIR="$o" FAULT_AFTER=400000 FAULT_ERRNO=${e%%:*}
	{ one_line 3 "disk\|I/O" || one_line 5 "disk\|I/O"; } && { [ ! -f "$o/pageref.db" ] || intact "$o"; } &&
		pass "$n in extract: one line, exit 3 (or 5: the TUs written are kept), the database intact" ||
		{ fail "$n in extract: one line, exit 3, the database intact (exit $rc)"; said; }
	resumes "$o" "disk-$n" "$n in extract"
done

# 7-8. the disk full while the series and the report are written
o=$work/disk-series
cp -a "$work/clean" "$o"
(cd "$o" && find patches -type f | LC_ALL=C sort | xargs md5sum) > "$work/disk-series.before"
stage disk-series env LD_PRELOAD="$shim" FAULT_DIR="$o/patches.new" FAULT_AFTER=3000 \
	"$pageref" patch --out "$o"
(cd "$o" && find patches -type f | LC_ALL=C sort | xargs md5sum) > "$work/disk-series.after"
one_line 3 "No space left" && cmp -s "$work/disk-series.before" "$work/disk-series.after" && intact "$o" &&
	pass "disk full in the series: one line, exit 3, the old series intact" ||
	{ fail "disk full in the series: one line, exit 3, the old series intact (exit $rc)"; said; }
resumes "$o" disk-series "disk full in the series"
o=$work/disk-report
cp -a "$work/clean" "$o"
cp "$o/report/index.html" "$work/disk-report.before"
stage disk-report env LD_PRELOAD="$shim" FAULT_DIR="$o/report.new" FAULT_AFTER=20000 \
	"$pageref" report --out "$o"
one_line 3 "No space left" && cmp -s "$work/disk-report.before" "$o/report/index.html" &&
	[ ! -d "$o/report.new" ] &&
	pass "disk full in the report: one line, exit 3, the old report intact" ||
	{ fail "disk full in the report: one line, exit 3, the old report intact (exit $rc)"; said; }

# 9. a database damaged on disk between two runs
o=$work/damaged
cp -a "$work/clean" "$o"
size=$(stat -c %s "$o/pageref.db")
dd if=/dev/urandom of="$o/pageref.db" bs=4096 seek=$((size / 4096 / 2)) count=4 conv=notrunc 2>/dev/null
stage damaged "$pageref" solve --out "$o" --force
one_line 3 "malformed\|damaged\|corrupt" &&
	pass "a damaged database: one line, exit 3" || { fail "a damaged database: one line, exit 3 (exit $rc)"; said; }

# 10. a database another process holds locked past the busy timeout
o=$work/locked
cp -a "$work/clean" "$o"
mkfifo "$work/lock.fifo"
sqlite3 "$o/pageref.db" < "$work/lock.fifo" > /dev/null 2>&1 &
holder=$!
exec 9> "$work/lock.fifo"
echo "BEGIN EXCLUSIVE; SELECT count(*) FROM meta;" >&9
sleep 1
stage locked env PAGEREF_BUSY_TIMEOUT=1 "$pageref" solve --out "$o" --force
exec 9>&-
wait "$holder"
one_line 3 "locked\|busy" && intact "$o" &&
	pass "a locked database: one line, exit 3, untouched" || { fail "a locked database: one line, exit 3 (exit $rc)"; said; }
stage locked-again "$pageref" solve --out "$o" --force
[ "$rc" -eq 0 ] && pass "a locked database: the next solve runs once it is free" ||
	fail "a locked database: the next solve runs once it is free (exit $rc)"

# stand-in tools, one per directory put first on PATH: crashing (a
# segfault) and hanging (for ever)
for t in spatch dot git; do
	mkdir -p "$work/crash-bin-$t" "$work/hang-bin-$t"
	printf '#!/bin/sh\nkill -SEGV $$\n' > "$work/crash-bin-$t/$t"
	printf '#!/bin/sh\nexec sleep 3600\n' > "$work/hang-bin-$t/$t"
	chmod +x "$work/crash-bin-$t/$t" "$work/hang-bin-$t/$t"
done

# 11. a second writer on one OUT, while the first waits on a hanging dot
o=$work/second
cp -a "$work/clean" "$o"
env PATH="$work/hang-bin-dot:$PATH" PAGEREF_TOOL_TIMEOUT=8 "$pageref" report --out "$o" > /dev/null 2>&1 &
first=$!
sleep 2
stage second "$pageref" solve --out "$o" --force
wait "$first"
one_line 3 "another pageref\|is writing\|is being written" &&
	pass "a second writer on one OUT: one line, exit 3" ||
	{ fail "a second writer on one OUT: one line, exit 3 (exit $rc)"; said; }

# 12. a libclang worker that dies on one TU
o=$work/worker
analyze "$o" worker PAGEREF_FACT_CACHE=off PAGEREF_TEST_CRASH_TU=net/core/frags.c
st=$("$pageref" sql --out "$o" "SELECT status || '|' || error FROM v_tu WHERE path = 'net/core/frags.c'")
[ "$rc" -eq 5 ] && case $st in failed*signal*) true;; *) false;; esac && intact "$o" &&
	pass "a worker that dies: exit 5, its TU failed with the signal, the rest analysed" ||
	{ fail "a worker that dies: exit 5, its TU failed with the signal (exit $rc, $st)"; said; }
resumes "$o" worker "a worker that dies"

# 13-18. spatch, dot and git crashing or hanging
for kind in crash hang; do
	verb=${kind}s
	[ "$kind" = crash ] && verb=crashes
	for t in spatch git; do
		o=$work/$kind-$t
		cp -a "$work/clean" "$o"
		(cd "$o" && find patches -type f | LC_ALL=C sort | xargs md5sum) > "$work/$kind-$t.before"
		t0=$(date +%s)
		stage "$kind-$t" env PATH="$work/$kind-bin-$t:$PATH" PAGEREF_TOOL_TIMEOUT=3 \
			"$pageref" patch --out "$o" --spatch-timeout 3
		t1=$(date +%s)
		(cd "$o" && find patches -type f | LC_ALL=C sort | xargs md5sum) > "$work/$kind-$t.after"
		[ "$rc" -eq 3 ] && [ "$(grep -c 'error:' "$work/$kind-$t.err")" -eq 1 ] &&
			[ $((t1 - t0)) -lt 60 ] && cmp -s "$work/$kind-$t.before" "$work/$kind-$t.after" && intact "$o" &&
			pass "$t that $verb: patch ends with one error line, exit 3, the old series intact" ||
			{ fail "$t that $verb: patch ends with one error line, exit 3, the old series intact (exit $rc, $((t1 - t0)) s)"; said; }
		resumes "$o" "$kind-$t" "$t that $verb"
	done
	o=$work/$kind-dot
	cp -a "$work/clean" "$o"
	stage "$kind-dot" env PATH="$work/$kind-bin-dot:$PATH" PAGEREF_TOOL_TIMEOUT=3 "$pageref" report --out "$o"
	[ "$rc" -eq 0 ] && [ -f "$o/report/index.html" ] && grep -q "dot" "$work/$kind-dot.err" &&
		pass "dot that $verb: the report is written without its graph, and says so" ||
		{ fail "dot that $verb: the report is written without its graph, and says so (exit $rc)"; said; }
done
skip "sparse crashing or hanging: pageref runs no sparse (scripts/validate.sh does, under QEMU's build)"

# 19. a damaged fact-cache entry: counted, parsed again, same results
entry=$(find "$work/facts/f" -type f | LC_ALL=C sort | head -1)
if [ -n "$entry" ]; then
	dd if=/dev/urandom of="$entry" bs=64 seek=2 count=1 conv=notrunc 2>/dev/null
	o=$work/cache-damaged
	analyze "$o" cache-damaged
	damaged=$("$pageref" cache stats | sed -n 's/^damaged *\([0-9]*\).*/\1/p')
	[ "$rc" -eq 0 ] && [ "${damaged:-0}" -ge 1 ] && results "$o" | cmp -s "$work/clean.res" - &&
		pass "a damaged fact-cache entry: counted ($damaged), parsed again, a clean run's results" ||
		{ fail "a damaged fact-cache entry: parsed again, a clean run's results (exit $rc)"; said; }
else
	fail "a damaged fact-cache entry: the cache has no entry to damage"
fi

# 20. a read-only OUT, where the kernel lets root make one (a read-only bind mount)
o=$work/readonly
cp -a "$work/clean" "$o"
mkdir -p "$work/ro"
if mount --bind "$o" "$work/ro" 2>/dev/null && mount -o remount,bind,ro "$work/ro" 2>/dev/null; then
	stage readonly "$pageref" solve --out "$work/ro" --force
	umount "$work/ro"
	one_line 3 "read-only\|Read-only" &&
		pass "a read-only OUT: one line, exit 3" || { fail "a read-only OUT: one line, exit 3 (exit $rc)"; said; }
else
	umount "$work/ro" 2>/dev/null
	skip "a read-only OUT: this kernel does not let us make a read-only bind mount"
fi

finish
