#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make analyze-sharded HOSTS=...: extraction split over machines by GNU
# parallel, then link, solve, patch and report here on the merged facts
# (Documentation/usage.md, "Sharding").
#
# HOSTS is GNU parallel's --sshlogin list, comma-separated: host names or
# user@host, ':' for this machine. Each host runs one shard at a time with
# all its cores; SHARDS (default: one per host) may be more than the hosts,
# parallel then queues them. Every host needs pageref built and the kernel
# tree unpacked at the same paths as here (a build farm's shared checkout,
# or `make build` and the tree copied first); each shard prepares its own
# object dir there (pageref kbuild, in REMOTE_DIR, default ~/pageref-shards)
# and extracts its slice, and parallel's --return (rsync) brings its
# database back into OUT/shards.
# SSH is the ssh command parallel uses (--ssh), e.g. "ssh -F ~/.ssh/farm".
# Exit codes: pageref's (Documentation/usage.md, "Exit codes"); 5 when a shard's TUs failed.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
# PAGEREF: the binary to run (the tests pass the one they test)
pageref=${PAGEREF:-$here/build/pageref}

hosts=${HOSTS:-}
if [ -z "$hosts" ]; then
	echo "pageref: error: HOSTS is empty: name the machines (HOSTS=\"host1,host2\", ':' is this one)" >&2
	exit 2
fi
command -v parallel > /dev/null || { echo "pageref: error: GNU parallel is not installed (make deps)" >&2; exit 3; }
kernel=${KERNEL:-}
[ -n "$kernel" ] || kernel=$("$here/scripts/kernel-tree.sh" 6.12)
if [ ! -f "$kernel/Makefile" ]; then
	echo "pageref: error: $kernel is not a kernel tree (no Makefile)" >&2
	exit 3
fi
kernel=$(cd "$kernel" && pwd)
version=$(awk -F' *= *' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2} $1=="SUBLEVEL"{s=$2}
	END{printf "%s.%s.%s", v, p, s}' "$kernel/Makefile")
out=${OUT:-$here/out/$version}
mkdir -p "$out/shards"
out=$(cd "$out" && pwd)
dirs=${DIRS:-}
nhosts=$(echo "$hosts" | tr ',' '\n' | grep -c .)
n=${SHARDS:-$nhosts}
# one job per host at a time: a shard's extract uses every core of its host
logins=$(echo "$hosts" | tr ',' '\n' | sed 's|^|1/|' | paste -sd, -)

extra=
[ -n "${CONFIG:-}" ] && extra="--config '$CONFIG'"
rm -f "$out"/shards/*.db
set -- --no-notice --halt now,fail=1 -S "$logins" --workdir "${REMOTE_DIR:-pageref-shards}"
[ -n "${SSH:-}" ] && set -- "$@" --ssh "$SSH"
# On a host the job runs in REMOTE_DIR (relative to its home; kept, so that
# the next run's kbuild and extract there are incremental); --return brings
# {}.db back into OUT/shards here. On ':' it runs in OUT/shards itself.
# A shard's extract exits 5 when some of its TUs failed: its facts still count.
cd "$out/shards"
seq 1 "$n" | parallel "$@" --return "{}.db" \
	"'$pageref' kbuild -k '$kernel' -o shard-{} --dirs '$dirs' $extra > shard-{}.log 2>&1 &&
	 { '$pageref' extract -o shard-{} --shard {}/$n >> shard-{}.log 2>&1 || [ \$? -eq 5 ]; } &&
	 cp shard-{}/pageref.db {}.db && tail -2 shard-{}.log | sed 's|^|shard {}/$n on '\$(hostname)': |'"
cd "$here"
# a job on ':' ran here in REMOTE_DIR (relative to OUT/shards), and --return
# does nothing on this machine: its database is where it was made
rdir=${REMOTE_DIR:-pageref-shards}
case $rdir in /*) ;; *) rdir=$out/shards/$rdir ;; esac
for k in $(seq 1 "$n"); do
	[ -s "$out/shards/$k.db" ] || [ ! -s "$rdir/$k.db" ] || cp "$rdir/$k.db" "$out/shards/$k.db"
done
for k in $(seq 1 "$n"); do
	[ -s "$out/shards/$k.db" ] || { echo "pageref: error: shard $k/$n did not come back ($out/shards/$k.db)" >&2; exit 3; }
done

shards=$(seq 1 "$n" | sed "s|.*|$out/shards/&.db|")
# shellcheck disable=SC2086
"$pageref" merge --force "$out" $shards
rc=0
"$pageref" solve --out "$out" || rc=$?
if [ "$rc" -eq 0 ] && [ -z "${NO_PATCH:-}" ]; then
	"$pageref" patch --out "$out" --kernel "$kernel" || rc=$?
fi
[ "$rc" -eq 0 ] && { "$pageref" report --out "$out" || rc=$?; }
failed=$("$pageref" sql --out "$out" "SELECT count(*) FROM tu WHERE status = 'failed'")
if [ "$rc" -eq 0 ] && [ "$failed" -gt 0 ]; then
	echo "extract: the result is partial: $failed TUs failed (SELECT path, error FROM v_tu WHERE status = 'failed')"
	rc=5
fi
echo "database: $out/pageref.db ($n shards: $("$pageref" sql --out "$out" "SELECT value FROM meta WHERE key = 'extract_shards'"))"
[ -f "$out/report/index.html" ] && echo "report: $out/report/index.html"
exit $rc
