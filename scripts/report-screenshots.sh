#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The README's screenshots: the report's first screen and one finding's
# page (its witness), at 1366x768, from a run's OUT (the committed ones:
# the 6.12 truth set of docs/truth.md, finding 606c67cd87088efc, the 6.14
# crash path). Usage: report-screenshots.sh OUT [FINGERPRINT]
# Exits 2 on a bad command line, 3 when OUT has no report or Chromium fails.
set -eu
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 OUT [FINGERPRINT]" >&2; exit 2; }
out=$1
fp=${2:-606c67cd87088efc}
here=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$out/report/index.html" ] || { echo "report-screenshots: $out/report/index.html: no report (pageref report --out $out)" >&2; exit 3; }
id=$(sqlite3 -readonly "$out/pageref.db" "SELECT id FROM finding WHERE fingerprint = '$fp'")
[ -n "$id" ] || { echo "report-screenshots: no finding $fp in $out" >&2; exit 3; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
shot() {
	timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
		--user-data-dir="$profile" --window-size=1366,768 --screenshot="$2" "file://$1" \
		> /dev/null 2>&1 && [ -s "$2" ] ||
		{ echo "report-screenshots: chromium could not take $2" >&2; exit 3; }
}
shot "$out/report/index.html" "$here/Documentation/images/report-index.png"
shot "$out/report/finding/$id.html" "$here/Documentation/images/report-finding.png"
echo "Documentation/images/report-index.png, Documentation/images/report-finding.png (finding $id, $fp)"
