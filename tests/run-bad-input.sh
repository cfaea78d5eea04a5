#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Bad input: each case gets one clear line on stderr and a documented exit
# code (Documentation/usage.md, "Exit codes"), and nothing already written is lost.
# Usage: run-bad-input.sh PAGEREF WORKDIR
set -u
pageref=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
fresh_work "$work"

# 1. a directory that is not a kernel tree
mkdir -p "$work/notakernel"
echo "all:" > "$work/notakernel/Makefile"
expect 3 "is not a kernel tree" "a non-kernel directory is refused" -- \
	"$pageref" analyze --kernel "$work/notakernel" --out "$work/o1"
expect 3 "no such directory" "a missing directory is refused" -- \
	"$pageref" analyze --kernel "$work/does-not-exist" --out "$work/o1"
expect 2 "wants a number" "a bad --jobs is a usage error" -- \
	"$pageref" analyze --kernel "$work/notakernel" --jobs zero

# a mini tree with two good TUs, one that does not parse, one missing
cp -a "$here/fixtures/tree" "$work/tree"
cp "$here/bad/broken.c" "$work/tree/net/core/broken.c"
write_compile_db "$work/tree" net/core/frags.c net/core/guard.c net/core/broken.c net/core/missing.c

# 2+3. a compile database naming a missing file, and a TU that cannot parse
"$pageref" analyze --kernel "$work/tree" --out "$work/o2" --dirs net --jobs 2 \
	> "$work/out.txt" 2> "$work/err.txt"
rc=$?
[ "$rc" -eq 5 ] && pass "a partial run exits 5" || fail "a partial run exits 5 (exit $rc)"
grep -q "the result is partial" "$work/out.txt" && pass "the summary says the result is partial" ||
	fail "the summary says the result is partial"
"$pageref" sql --out "$work/o2" "SELECT path, status, error FROM v_tu ORDER BY path" > "$work/tus.txt"
grep -q "^net/core/broken.c|failed|.*broken.c:7:[0-9]*: expected expression" "$work/tus.txt" &&
	pass "a TU that does not parse is recorded with its first error" ||
	{ fail "a TU that does not parse is recorded with its first error"; sed 's/^/# /' "$work/tus.txt"; }
grep -q "^net/core/missing.c|failed|.*cannot read the source file" "$work/tus.txt" &&
	pass "a compile command naming a missing file is recorded as failed" ||
	{ fail "a compile command naming a missing file is recorded as failed"; sed 's/^/# /' "$work/tus.txt"; }
[ "$(grep -c '|ok|' "$work/tus.txt")" -eq 2 ] && pass "the other TUs are still extracted" ||
	fail "the other TUs are still extracted"
"$pageref" sql --out "$work/o2" "SELECT count(*) FROM function WHERE name = 'broken'" > "$work/n.txt"
[ "$(cat "$work/n.txt")" = 0 ] && pass "a failed TU contributes no facts" || fail "a failed TU contributes no facts"

# a broken compile database
echo '[{"directory": 1}' > "$work/bad.json"
expect 3 "not a compile database" "a malformed compile database is refused" -- \
	"$pageref" analyze --kernel "$work/tree" --out "$work/o3" --dirs net --compile-db "$work/bad.json"

# 4. a corrupt database is refused and left as it was
mkdir -p "$work/o4"
head -c 8192 /dev/urandom > "$work/o4/pageref.db"
cp "$work/o4/pageref.db" "$work/corrupt.copy"
expect 3 "not a database\|not a pageref database" "a corrupt database is refused" -- \
	"$pageref" analyze --kernel "$work/tree" --out "$work/o4" --dirs net
cmp -s "$work/o4/pageref.db" "$work/corrupt.copy" && pass "the corrupt database is untouched" ||
	fail "the corrupt database is untouched"

# a foreign SQLite database
mkdir -p "$work/o5"
sqlite3 "$work/o5/pageref.db" "CREATE TABLE mine(x); INSERT INTO mine VALUES (42);"
expect 3 "not a pageref database" "a foreign SQLite database is refused" -- \
	"$pageref" analyze --kernel "$work/tree" --out "$work/o5" --dirs net
[ "$(sqlite3 "$work/o5/pageref.db" "SELECT x FROM mine")" = 42 ] &&
	pass "the foreign database is untouched" || fail "the foreign database is untouched"

# 5. a database with a newer schema version
cp -a "$work/o2" "$work/o6"
sqlite3 "$work/o6/pageref.db" "PRAGMA user_version = 999"
cp "$work/o6/pageref.db" "$work/newer.copy"
expect 3 "made by a newer pageref" "a newer database is refused" -- \
	"$pageref" extract --out "$work/o6"
cmp -s "$work/o6/pageref.db" "$work/newer.copy" && pass "the newer database is untouched" ||
	fail "the newer database is untouched"

# 5b. a database damaged on disk between two runs: the solve's read of
# the facts fails part way (cond's root page overwritten), and a truncated
# solve must not pass for a result (issue 28)
# solve (tu: the facts' state the solve key is made of, read before
# anything; cond: the solve's read alone; flow: the scope stage's thread
# beside it reads it too, and the run still says one line)
for table in tu cond flow; do
	rm -rf "$work/dmg"
	cp -a "$work/o2" "$work/dmg"
	page=$(sqlite3 "$work/dmg/pageref.db" "PRAGMA page_size")
	root=$(sqlite3 "$work/dmg/pageref.db" "SELECT rootpage FROM sqlite_schema WHERE name = '$table'")
	dd if=/dev/zero bs="$page" seek=$((root - 1)) count=1 conv=notrunc of="$work/dmg/pageref.db" 2>/dev/null
	expect 3 "cannot read the facts: database disk image is malformed" \
		"a solve on a database damaged in $table stops at the read with exit 3 and one line" -- \
		"$pageref" solve --out "$work/dmg" --force
done

# 5c. a database another process holds a write lock on, past the busy
# timeout (PAGEREF_BUSY_TIMEOUT, seconds): exit 3, and nothing changed
cp -a "$work/o2" "$work/locked"
python3 - "$work/locked/pageref.db" > "$work/lock.out" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("DELETE FROM meta WHERE 0")
print("locked", flush=True)
time.sleep(6)
PY
locker=$!
for i in $(seq 1 100); do grep -q locked "$work/lock.out" && break; sleep 0.1; done
before=$(sqlite3 "$work/locked/pageref.db" "SELECT count(*) FROM refeffect")
PAGEREF_BUSY_TIMEOUT=1 expect 3 "database is locked" \
	"a solve on a database locked past PAGEREF_BUSY_TIMEOUT gives exit 3" -- \
	"$pageref" solve --out "$work/locked" --force
wait "$locker"
[ "$(sqlite3 "$work/locked/pageref.db" "SELECT count(*) FROM refeffect")" = "$before" ] &&
	[ "$(sqlite3 "$work/locked/pageref.db" "PRAGMA integrity_check")" = ok ] &&
	pass "the locked database is intact and unchanged" ||
	fail "the locked database is intact and unchanged"
"$pageref" solve --out "$work/locked" --force > /dev/null 2>&1 &&
	pass "once the lock is gone the solve runs" || fail "once the lock is gone the solve runs"

# schema 10: cond had no decides column; the upgrade adds it and keeps the rows
cp -a "$work/o2" "$work/old10"
sqlite3 "$work/old10/pageref.db" "ALTER TABLE cond DROP COLUMN decides; PRAGMA user_version = 10"
ncond=$(sqlite3 "$work/old10/pageref.db" "SELECT count(*) FROM cond")
if "$pageref" solve --out "$work/old10" > "$work/old10.log" 2>&1 &&
   [ "$(sqlite3 "$work/old10/pageref.db" "SELECT count(*) FROM cond WHERE decides = 3")" = "$ncond" ] &&
   [ "$ncond" -gt 0 ]; then
	pass "schema 10 is upgraded in place: cond gains decides (3, the old reading), its rows kept"
else
	fail "schema 10 is upgraded in place: cond gains decides (3, the old reading), its rows kept"
	cat "$work/old10.log"
fi

# an older database: schema 5 (before refeffect.needs) is upgraded in place,
# keeping the facts; one with no migration (schema 3) is refused untouched
cp -a "$work/o2" "$work/old5"
sqlite3 "$work/old5/pageref.db" "DROP VIEW v_balance; DROP VIEW v_refeffect; DROP TABLE refeffect;
	CREATE TABLE refeffect (function_id INTEGER NOT NULL, op TEXT NOT NULL, path TEXT NOT NULL,
	derived_from TEXT NOT NULL, depth INTEGER NOT NULL, via_call_id INTEGER,
	excludes TEXT NOT NULL DEFAULT '', PRIMARY KEY (function_id, op, path)) WITHOUT ROWID;
	PRAGMA user_version = 5"
nfn=$(sqlite3 "$work/old5/pageref.db" "SELECT count(*) FROM function")
cp "$work/old5/pageref.db" "$work/older.copy"
expect 3 "run analyze to upgrade it" "a read-only query does not upgrade an older database" -- \
	"$pageref" query --out "$work/old5" effects get_page
cmp -s "$work/old5/pageref.db" "$work/older.copy" && pass "the older database is untouched by a query" ||
	fail "the older database is untouched by a query"
if "$pageref" solve --out "$work/old5" > "$work/old5.log" 2>&1 &&
   [ "$(sqlite3 "$work/old5/pageref.db" "PRAGMA user_version")" = "$(sed -n 's/^PRAGMA user_version = \([0-9]*\);/\1/p' "$here/../db/schema.sql")" ] &&
   [ "$(sqlite3 "$work/old5/pageref.db" "SELECT count(*) FROM function")" = "$nfn" ] &&
   sqlite3 "$work/old5/pageref.db" "SELECT needs FROM refeffect LIMIT 1" > /dev/null; then
	pass "schema 5 is upgraded in place: facts kept, results recomputed"
else
	fail "schema 5 is upgraded in place: facts kept, results recomputed"
	cat "$work/old5.log"
fi
cp -a "$work/o2" "$work/old3"
sqlite3 "$work/old3/pageref.db" "PRAGMA user_version = 3"
cp "$work/old3/pageref.db" "$work/oldest.copy"
expect 3 "remove it to re-extract" "an older database with no migration is refused" -- \
	"$pageref" solve --out "$work/old3"
cmp -s "$work/old3/pageref.db" "$work/oldest.copy" && pass "and left untouched" ||
	fail "and left untouched"

# a database made for another tree is not mixed with this one
cp -a "$here/fixtures/tree" "$work/tree2"
write_compile_db "$work/tree2" net/core/frags.c
expect 3 "holds facts from another tree" "an OUT for another tree is refused" -- \
	"$pageref" analyze --kernel "$work/tree2" --out "$work/o2" --dirs net

# a tree whose configuration fails: kbuild's own complaint, not its "***"
mkdir -p "$work/unclean/scripts" "$work/unclean/net"
printf 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n' > "$work/unclean/Makefile"
cat >> "$work/unclean/Makefile" <<'MK'
%:
	@echo >&2 "***"
	@echo >&2 "*** The source tree is not clean, please run 'make mrproper'"
	@echo >&2 "***"
	@false
MK
touch "$work/unclean/Kconfig" "$work/unclean/scripts/Makefile.build"
expect 3 "prepare failed (exit 2): The source tree is not clean" \
	"a tree that cannot be configured is refused with make's reason" -- \
	"$pageref" analyze --kernel "$work/unclean" --out "$work/o8" --dirs net

# a DIRS entry that does not exist
expect 3 "no such file or directory" "a missing DIRS entry is refused" -- \
	"$pageref" analyze --kernel "$work/tree" --out "$work/o7" --dirs "net nosuchdir"

# queries: only one read-only statement
expect 2 "read-only" "sql refuses a writing statement" -- \
	"$pageref" sql --out "$work/o2" "DELETE FROM tu"
expect 2 "bad query" "sql reports a bad query" -- \
	"$pageref" sql --out "$work/o2" "SELEKT 1"

expect 2 "unknown question" "query refuses an unknown question" -- \
	"$pageref" query --out "$work/o2" bogus get_page

expect 2 "no finding 424242" "query explain names a finding that does not exist" -- \
	"$pageref" query --out "$work/o2" explain 424242

# validation: a missing tool and a directory that is not a kernel tree
mkdir -p "$work/vbin"
for t in dirname nproc cat; do ln -sf "$(command -v $t)" "$work/vbin/$t"; done
expect 3 "validation needs qemu-system-x86_64" "validate without QEMU: one line naming it, exit 3" -- \
	env PATH="$work/vbin" /bin/sh "$here/../validation/run.sh" "$work/notakernel" "$work/v1"
if command -v qemu-system-x86_64 > /dev/null && [ -x /bin/busybox ] && command -v ccache > /dev/null; then
	expect 3 "is not a kernel tree" "validate a directory that is not a kernel tree: one line, exit 3" -- \
		"$here/../validation/run.sh" "$work/notakernel" "$work/v2"
else
	fail "validate a directory that is not a kernel tree (QEMU, busybox-static or ccache missing: make deps)"
fi
# make validate (scripts/validate.sh): a KERNEL that is not a tree; a
# database pageref refuses, found before any building; and run.sh given a
# CONFIG that does not exist
expect 3 "is not a kernel tree" "make validate on a KERNEL that is not a tree: one line, exit 3" -- \
	env KERNEL="$work/notakernel" OUT="$work/vo" sh "$here/../scripts/validate.sh"
mkdir -p "$work/faketree/include/linux" "$work/vbad"
printf 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n' > "$work/faketree/Makefile"
: > "$work/faketree/include/linux/mm.h"
printf 'not a database' > "$work/vbad/pageref.db"
expect 3 "not a database or corrupt" "make validate with a corrupt OUT/pageref.db: one line before any build, exit 3" -- \
	env KERNEL="$work/faketree" OUT="$work/vbad" sh "$here/../scripts/validate.sh"
[ ! -d "$work/vbad/validation" ] && pass "... and nothing was built or written for it" ||
	fail "... and nothing was built or written for it"
if command -v qemu-system-x86_64 > /dev/null && [ -x /bin/busybox ] && command -v ccache > /dev/null; then
	expect 3 "CONFIG=$work/nope is not a readable .config" "validate with a CONFIG that does not exist: one line, exit 3" -- \
		env CONFIG="$work/nope" "$here/../validation/run.sh" "$work/faketree" "$work/v3"
else
	fail "validate with a CONFIG that does not exist (QEMU, busybox-static or ccache missing: make deps)"
fi
# validation results (pageref validation, from validation/run.sh): good rows
# load into v_validation; a malformed file is refused naming its line, and
# the rows already there stay
cp -a "$work/o2" "$work/val"
printf 'apply 0001-x.patch\tpass\t0.2\t\nboot patched\tfail\t31\tno PAGEREF-END\nsparse a.c\tskip\t0\tno touched C file\n' > "$work/val/good.tsv"
"$pageref" validation -o "$work/val" "$work/val/good.tsv" > "$work/out.txt" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "3 steps, 1 failed" "$work/out.txt" &&
	pass "validation results load, and a failed step is exit 1" ||
	fail "validation results load, and a failed step is exit 1 (exit $rc: $(head -1 "$work/out.txt"))"
[ "$(sqlite3 "$work/val/pageref.db" "SELECT group_concat(step || '=' || status || '=' || seconds, ',') FROM v_validation")" = \
  "apply 0001-x.patch=pass=0.2,boot patched=fail=31.0,sparse a.c=skip=0.0" ] &&
	pass "v_validation holds the steps in order" || fail "v_validation holds the steps in order"
printf 'apply\tpass\t1\t\nboot\tmaybe\t1\tx\n' > "$work/val/bad.tsv"
expect 3 "bad.tsv:2: status is not pass, fail or skip" "a bad status is refused naming the line" -- \
	"$pageref" validation -o "$work/val" "$work/val/bad.tsv"
printf 'skipped\tskip\t0\t\n' > "$work/val/bad2.tsv"
expect 3 "must say why" "a skip without a reason is refused" -- \
	"$pageref" validation -o "$work/val" "$work/val/bad2.tsv"
printf 'no tabs here\n' > "$work/val/bad3.tsv"
expect 3 "separated by tabs" "a line without fields is refused" -- \
	"$pageref" validation -o "$work/val" "$work/val/bad3.tsv"
[ "$(sqlite3 "$work/val/pageref.db" "SELECT count(*) FROM v_validation")" = 3 ] &&
	pass "refused files leave the earlier results" || fail "refused files leave the earlier results"
expect 3 "no pageref database" "validation results without a database are refused" -- \
	"$pageref" validation -o "$work/nodb" "$work/val/good.tsv"

# one writer per OUT: a second writing run refuses at once naming the first,
# readers go on beside it, and a lock whose holder is gone is taken over
cp -a "$work/o2" "$work/busy"
python3 - "$work/busy/.pageref-lock" > "$work/holder.out" <<'PY' &
import fcntl, os, sys, time
f = open(sys.argv[1], "a+")
fcntl.flock(f, fcntl.LOCK_EX)
f.truncate(0)
f.write("pageref analyze, pid %d, since 2026-12-07 10:00:00\n" % os.getpid())
f.flush()
print("held", flush=True)
time.sleep(30)
PY
holder=$!
for i in $(seq 1 100); do grep -q held "$work/holder.out" && break; sleep 0.1; done
expect 3 "busy is being written by another run (pageref analyze, pid $holder," \
	"a second writer on the same OUT refuses at once, naming the first" -- \
	"$pageref" solve --out "$work/busy" --force
"$pageref" sql --out "$work/busy" "SELECT count(*) FROM tu" > /dev/null 2>&1 &&
	"$pageref" report --out "$work/busy" --format=text > /dev/null 2>&1; rc=$?
[ "$rc" -le 1 ] && pass "sql and the text report read beside a writer" ||
	fail "sql and the text report read beside a writer (exit $rc)"
kill "$holder" 2> /dev/null
wait "$holder" 2> /dev/null
"$pageref" solve --out "$work/busy" --force > /dev/null 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q "^pageref solve, pid [0-9]*, since" "$work/busy/.pageref-lock" &&
	pass "a lock whose holder is gone is taken over (the file names the new run)" ||
	{ fail "a lock whose holder is gone is taken over (exit $rc)"; sed 's/^/# /' "$work/busy/.pageref-lock"; }

finish
