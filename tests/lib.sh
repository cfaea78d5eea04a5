# SPDX-License-Identifier: GPL-2.0
# Shared helpers for pageref's shell tests: TAP-style lines and a closing
# "N passed, N failed" line that CI reads.

passed=0
failed=0
skipped=0

# one numbering for all three: a skip takes a number like any other check
pass() { passed=$((passed + 1)); echo "ok $((passed + failed + skipped)) - $1"; }
fail() { failed=$((failed + 1)); echo "not ok $((passed + failed + skipped)) - $1"; }
skip() { skipped=$((skipped + 1)); echo "ok $((passed + failed + skipped)) - # SKIP $1"; }

# A fresh work directory for one runner: nothing from an earlier run counts.
fresh_work() {
	rm -rf "$1"
	mkdir -p "$1"
}

# check NAME COMMAND...: pass when the command succeeds
check() {
	name=$1; shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}

# expect CODE PATTERN NAME -- COMMAND... (output in $work/out.txt, err.txt): exit code CODE and exactly one
# "error:" line on stderr, matching PATTERN. A crash cannot pass: its exit
# code is 128 + the signal.
expect() {
	code=$1 pattern=$2 name=$3
	shift 4
	"$@" > "$work/out.txt" 2> "$work/err.txt"
	rc=$?
	lines=$(grep -c 'error:' "$work/err.txt")
	if [ "$rc" -eq "$code" ] && grep -q -- "$pattern" "$work/err.txt" && [ "$lines" -eq 1 ]; then
		pass "$name"
	else
		fail "$name (exit $rc, want $code; $lines error lines)"
		sed 's/^/# /' "$work/err.txt" | head -5
	fi
}

finish() {
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
}

# Write a compile database for the .c files under TREE, with clang-19 flags
# shaped like kbuild's (warnings, -c -o are cleaned by pageref).
write_compile_db() {
	tree=$1; shift
	inc=$(clang-19 -print-file-name=include)
	{
		echo "["
		sep=""
		for f in "$@"; do
			printf '%s{"directory": "%s", "file": "%s/%s", "arguments": ["clang-19", "-nostdinc", "-isystem", "%s", "-I%s/include", "-D__KERNEL__", "-std=gnu11", "-O2", "-Wall", "-Werror", "-c", "-o", "%s.o", "%s/%s"]}\n' \
				"$sep" "$tree" "$tree" "$f" "$inc" "$tree" "${f%.c}" "$tree" "$f"
			sep=","
		done
		echo "]"
	} > "$tree/compile_commands.json"
}

# node_modules LOG: the tests' npm packages (ajv and Microsoft's SARIF
# schema for the SARIF checks, playwright-core to drive Debian's Chromium),
# pinned, installed once into tests/work/npm; prints the node_modules dir.
# Fails with the reason in LOG.
node_modules() {
	npmdir=$(cd "$(dirname "$0")" && pwd)/work/npm
	if ! command -v npm > /dev/null || ! command -v node > /dev/null; then
		echo "node and npm are missing (make deps installs nodejs)" > "$1"
		return 1
	fi
	if [ ! -f "$npmdir/node_modules/ajv-draft-04/package.json" ] ||
	   [ ! -f "$npmdir/node_modules/playwright-core/package.json" ]; then
		npm install --prefix "$npmdir" --no-audit --no-fund --no-save ajv-draft-04@1.0.0 \
			ajv-formats@3.0.1 @microsoft/jest-sarif@1.0.0-beta.0 playwright-core@1.64.1 \
			> "$1" 2>&1 || return 1
	fi
	echo "$npmdir/node_modules"
}

# sarif_valid FILE LOG: validate FILE against the official SARIF 2.1.0 schema
# (Microsoft's copy in @microsoft/jest-sarif, with ajv). Fails with the
# reason in LOG.
sarif_valid() {
	mods=$(node_modules "$2") || return 1
	node "$(dirname "$0")/sarif-validate.js" "$mods" "$1" > "$2" 2>&1
}

# patch_tree WORK: the mini tree with the patch scenarios (tests/patches/) and
# the real checkpatch.pl of Debian's linux-source-6.12 in WORK/tree, its
# compile database, and a known git identity; sets $tree. Fails (1) when
# the kernel tree cannot be unpacked.
patch_tree() {
	pt_here=$(cd "$(dirname "$0")" && pwd)
	pt_real=$("$pt_here/../scripts/kernel-tree.sh" 6.12) || return 1
	tree=$1/tree
	cp -a "$pt_here/fixtures/tree" "$tree"
	cp -a "$pt_here/patches/." "$tree/"
	cp "$pt_real/scripts/checkpatch.pl" "$pt_real/scripts/spelling.txt" \
		"$pt_real/scripts/const_structs.checkpatch" "$tree/scripts/"
	pt_files=$(cd "$tree" && find net mm drivers lib -name '*.c' | LC_ALL=C sort)
	# shellcheck disable=SC2086
	write_compile_db "$tree" $pt_files
	printf '[user]\n\tname = Pat Tester\n\temail = pat@example.org\n' > "$1/gitconfig"
	GIT_CONFIG_GLOBAL="$1/gitconfig"
	GIT_CONFIG_NOSYSTEM=1
	export GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM
}
