#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Sharding on the mini tree: extract --shard K/N slices the TUs, merge
# combines the slices, and the merged database, linked and solved, gives
# the same views row for row as one extraction on one machine (ids aside,
# tests/compare-views.sh); so does make analyze-sharded through GNU
# parallel with three local shards. Merge refuses what is not one split.
# Usage: run-shards.sh PAGEREF WORKDIR
set -u
pageref=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
fresh_work "$work"
tree=$work/tree
cp -a "$here/fixtures/tree" "$tree"
dirs="block net mm drivers lib"
files=$(cd "$tree" && find $dirs -name '*.c' | LC_ALL=C sort)
# shellcheck disable=SC2086
write_compile_db "$tree" $files
ntu=$(echo "$files" | wc -l)

"$pageref" analyze --no-patch --no-filter --kernel "$tree" --out "$work/one" --dirs "$dirs" --jobs 2 > "$work/one.log" 2>&1 ||
	fail "analyze the mini tree on one machine"

# three shards by hand
total=0
for k in 1 2 3; do
	"$pageref" kbuild --kernel "$tree" --out "$work/s$k" --dirs "$dirs" > "$work/s$k.log" 2>&1 &&
		"$pageref" extract --out "$work/s$k" --shard "$k/3" --jobs 2 >> "$work/s$k.log" 2>&1 ||
		fail "extract shard $k/3"
	total=$((total + $("$pageref" sql --out "$work/s$k" "SELECT count(*) FROM tu")))
done
n1=$("$pageref" sql --out "$work/s1" "SELECT count(*) FROM tu")
n2=$("$pageref" sql --out "$work/s2" "SELECT count(*) FROM tu")
[ "$total" = "$ntu" ] && [ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] && [ "$n1" -lt "$ntu" ] &&
	pass "three shards hold every TU once between them ($total of $ntu)" ||
	fail "three shards hold every TU once between them ($total of $ntu)"
# the slice depends on the path alone: a second split is the same split
"$pageref" kbuild --kernel "$tree" --out "$work/again" --dirs "$dirs" > /dev/null 2>&1
"$pageref" extract --out "$work/again" --shard 2/3 --jobs 2 > /dev/null 2>&1
[ "$("$pageref" sql --out "$work/again" "SELECT path FROM v_tu ORDER BY path")" = \
  "$("$pageref" sql --out "$work/s2" "SELECT path FROM v_tu ORDER BY path")" ] &&
	pass "a shard is the same slice every time (2/3 twice)" || fail "a shard is the same slice every time (2/3 twice)"

mkdir -p "$work/merged"
"$pageref" merge "$work/merged" "$work/s3/pageref.db" "$work/s1/pageref.db" "$work/s2/pageref.db" > "$work/merge.log" 2>&1 &&
	"$pageref" solve --out "$work/merged" > "$work/merged.log" 2>&1 &&
	pass "merge three shards (in any order) and solve the result" ||
	{ fail "merge three shards and solve the result"; sed 's/^/# /' "$work/merge.log"; }
if sh "$here/compare-views.sh" "$work/one/pageref.db" "$work/merged/pageref.db" "$work/cmp" > "$work/cmp.txt"; then
	pass "the merged database's views equal one machine's, row for row ($(grep -c same "$work/cmp.txt") views)"
else
	fail "the merged database's views equal one machine's, row for row"; grep -A6 differs "$work/cmp.txt" | sed 's/^/# /'
fi
[ "$(sqlite3 "$work/merged/pageref.db" "SELECT count(*) FROM v_finding")" -gt 0 ] &&
	[ "$(sqlite3 "$work/merged/pageref.db" "SELECT count(*) FROM v_pair")" -gt 0 ] &&
	pass "... and they are not empty (findings and pairs)" || fail "... and they are not empty (findings and pairs)"

# refused: a missing slice, a slice twice, a database in the way, a bad --shard
mkdir -p "$work/bad"
expect 3 "merge wants all 3 slices" "merge refuses two of three shards" -- \
	"$pageref" merge "$work/bad" "$work/s1/pageref.db" "$work/s2/pageref.db"
expect 3 "shard 2/3 again" "merge refuses a shard given twice" -- \
	"$pageref" merge "$work/bad" "$work/s1/pageref.db" "$work/s2/pageref.db" "$work/again/pageref.db"
expect 3 "not a shard" "merge refuses a database that is no shard" -- \
	"$pageref" merge "$work/bad" "$work/one/pageref.db" "$work/s2/pageref.db" "$work/s3/pageref.db"
[ ! -e "$work/bad/pageref.db" ] && pass "... and writes nothing then" || fail "... and writes nothing then"
sum=$(cksum < "$work/merged/pageref.db")
expect 3 "exists: merge writes a new database" "merge keeps an existing database (no --force)" -- \
	"$pageref" merge "$work/merged" "$work/s1/pageref.db" "$work/s2/pageref.db" "$work/s3/pageref.db"
[ "$(cksum < "$work/merged/pageref.db")" = "$sum" ] && pass "... which is left as it was" ||
	fail "... which is left as it was"
printf 'not sqlite' > "$work/corrupt.db"
expect 3 "not a database or corrupt" "merge refuses a corrupt shard with one line" -- \
	"$pageref" merge "$work/bad" "$work/corrupt.db" "$work/s2/pageref.db" "$work/s3/pageref.db"
expect 3 "no such database" "pageref filter without a database says so in one line" -- \
	"$pageref" filter --out "$work/bad"
expect 2 "shard wants K/N" "--shard 4/3 is a usage error" -- \
	"$pageref" extract --out "$work/s1" --shard 4/3
expect 2 "shard is an option of extract" "--shard on analyze is a usage error" -- \
	"$pageref" analyze --kernel "$tree" --out "$work/s1" --shard 1/2

# make analyze-sharded: GNU parallel runs the three shards (':' is this machine)
if command -v parallel > /dev/null; then
	PAGEREF=$pageref KERNEL=$tree OUT=$work/par DIRS=$dirs HOSTS=":" SHARDS=3 NO_PATCH=1 \
		sh "$here/../scripts/analyze-sharded.sh" > "$work/par.log" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] && grep -q '^merge: 3 shards' "$work/par.log" &&
		sh "$here/compare-views.sh" "$work/one/pageref.db" "$work/par/pageref.db" "$work/cmp2" > "$work/cmp2.txt" &&
		pass "make analyze-sharded HOSTS=: SHARDS=3 (GNU parallel) gives one machine's views" ||
		{ fail "make analyze-sharded HOSTS=: SHARDS=3 gives one machine's views (exit $rc)"; tail -5 "$work/par.log" | sed 's/^/# /'; grep -A6 differs "$work/cmp2.txt" | sed 's/^/# /'; }
	[ "$(sqlite3 "$work/par/pageref.db" "SELECT value FROM meta WHERE key = 'extract_shards'" | cut -d' ' -f1)" = 3 ] &&
		pass "the merged run records its shards and their times" || fail "the merged run records its shards and their times"

	# and over ssh, as on a build farm: a private sshd on this machine is the
	# host, the shards run in their own directory there, and parallel's
	# --return (rsync) brings each database back
	port=$((20000 + $$ % 20000))
	ssh=$work/ssh
	mkdir -p "$ssh" /run/sshd
	ssh-keygen -q -t ed25519 -N '' -f "$ssh/hostkey" && ssh-keygen -q -t ed25519 -N '' -f "$ssh/key" &&
		cp "$ssh/key.pub" "$ssh/authorized_keys"
	cat > "$ssh/sshd_config" <<CFG
Port $port
ListenAddress 127.0.0.1
HostKey $ssh/hostkey
AuthorizedKeysFile $ssh/authorized_keys
PasswordAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PidFile $ssh/sshd.pid
CFG
	cat > "$ssh/config" <<CFG
Host shardhost
  HostName 127.0.0.1
  Port $port
  User $(id -un)
  IdentityFile $ssh/key
  StrictHostKeyChecking no
  UserKnownHostsFile /dev/null
  LogLevel ERROR
CFG
	if /usr/sbin/sshd -f "$ssh/sshd_config" -E "$ssh/sshd.log" && sleep 1 &&
	   ssh -F "$ssh/config" shardhost true; then
		PAGEREF=$pageref KERNEL=$tree OUT=$work/farm DIRS=$dirs HOSTS=shardhost SSH="ssh -F $ssh/config" SHARDS=3 NO_PATCH=1 \
			REMOTE_DIR=$work/remote sh "$here/../scripts/analyze-sharded.sh" > "$work/farm.log" 2>&1
		rc=$?
		[ "$rc" -eq 0 ] && [ -s "$work/remote/2.db" ] && [ -s "$work/farm/shards/2.db" ] &&
			grep -q '^shard 2/3 on ' "$work/farm.log" &&
			sh "$here/compare-views.sh" "$work/one/pageref.db" "$work/farm/pageref.db" "$work/cmp3" > "$work/cmp3.txt" &&
			pass "make analyze-sharded over ssh (GNU parallel, --return by rsync) gives one machine's views" ||
			{ fail "make analyze-sharded over ssh gives one machine's views (exit $rc)"; tail -5 "$work/farm.log" | sed 's/^/# /'; }
	else
		fail "sharding over ssh: cannot start a private sshd (openssh-server, make deps): $(tail -1 "$ssh/sshd.log" 2>/dev/null)"
	fi
	[ -f "$ssh/sshd.pid" ] && kill "$(cat "$ssh/sshd.pid")" 2> /dev/null
else
	fail "GNU parallel is not installed (make deps installs parallel)"
fi
finish
