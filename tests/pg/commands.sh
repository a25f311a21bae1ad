#!/usr/bin/env bash
# Every command and subcommand on a PostgreSQL hub, with no arguments and
# with a few plausible ones: none may crash (a signal, exit >= 128), a
# refusal must say why on stderr, and an office's work must name the hub
# (the message that points to docs/hub.md) rather than fail some other way.
# The counter screens refuse a hub with the same clarity. Found by trying:
# 'queue status' and 'backup' on a hub used to crash.
# Usage: tests/pg/run.sh tests/pg/commands.sh PATH/TO/motcua
set -u
BIN=${1:?usage: commands.sh MOTCUA}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en MOTCUA_NOW='2026-03-02 09:00'
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD
. "$ROOT/tests/cli/lib.sh"
. "$ROOT/tests/pg/lib.sh"
HUB=$(hub_db hub) || { echo "cannot create the hub database"; exit 1; }
h() { "$BIN" --db "$HUB" "$@"; }
h init --unit 000.00.00.H56 --name "Tỉnh" --no-units >/dev/null || bad init failed
h catalog import "$ROOT/data/catalog-sample.csv" >/dev/null || bad catalog failed
h sync role province >/dev/null || bad role failed

subs() { "$BIN" --lang en "$@" --help | sed -n '/^Commands:/,/^$/p' | awk '/^  [a-z]/ {print $1}'; }
# try NAME ARGS...: no crash; a failure explains itself.
try() {
	local name=$1 out rc
	shift
	out=$(cd "$TMP" && timeout 30 "$BIN" --db "$HUB" "$@" </dev/null 2>&1)
	rc=$?
	if [ "$rc" -ge 124 ]; then
		bad "$name: no crash" "exit $rc: ${out:0:200}"
	elif [ "$rc" -ne 0 ] && [ -z "$out" ]; then
		bad "$name: says why" "exit $rc with no message"
	elif grep -q 'out of memory' <<<"$out"; then
		bad "$name: the right reason" "${out:0:200}"
	else
		ok "$name (exit $rc)"
	fi
}
CODE=000.17.22.H56-260302-0001
for c in $(subs); do
	s_list=$(subs "$c")
	if [ -z "$s_list" ]; then
		try "$c" "$c"
		try "$c X" "$c" "$CODE"
		continue
	fi
	for s in $s_list; do
		try "$c $s" "$c" "$s"
		try "$c $s CODE" "$c" "$s" "$CODE"
		try "$c $s dated" "$c" "$s" --from 2026-03-01 --to 2026-03-31
	done
done

# An office's work names the hub.
for cmd in "dossier intake --procedure 1.004873 --name X --id-number 034091002345 --phone 0912345678" \
	"queue status" "backup $TMP/b.db" "check" "fees day --date 2026-03-02"; do
	# shellcheck disable=SC2086
	expect "$cmd: an office's work" 1 "not done on the province's PostgreSQL database" -- h $cmd
done
[ ! -e "$TMP/b.db" ] && ok "no backup file half made" || bad "backup file" "exists"

# The counter screens on a hub: a clear refusal, on a real terminal.
if command -v script >/dev/null; then
	out=$(timeout 20 script -qec "'$BIN' --db '$HUB'" /dev/null </dev/null 2>&1)
	grep -q "counter screens work on an office's SQLite database" <<<"$out" &&
		ok "TUI on a hub refused clearly" || bad "TUI on a hub" "${out:0:300}"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
