#!/usr/bin/env bash
# Progress of long work: on a terminal (script(1) gives one) backups,
# restores and CSV imports show "what: NN%, about M:SS left" on stderr and
# clear it before saying what they did; with stderr not a terminal nothing
# of it appears. MOTCUA_PROGRESS_AFTER_MS=0 shows it at once (else only
# after a second of work). Usage: tests/cli/progress.sh PATH/TO/motcua
set -u
BIN=${1:?usage: progress.sh MOTCUA}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT}
unset MOTCUA_DB MOTCUA_USER
DB=$TMP/office.db
. "$(dirname "$0")/lib.sh"
if ! command -v script >/dev/null; then
	echo "SKIP: script(1) is not installed"
	exit 77
fi
m init --unit 000.17.22.H56 --name X >/dev/null  # with the units: > 128 pages
# tty CMD...: run on a terminal, output (stdout and stderr) as one string.
tty() { MOTCUA_PROGRESS_AFTER_MS=0 script -qec "$(printf '%q ' "$@")" /dev/null; }
out=$(tty "$BIN" --db "$DB" backup "$TMP/b1.db")
grep -qE $'backing up: +[0-9]+%, about [0-9]+:[0-9]{2} left\r\e\\[K.*backup written' <<<"$out" &&
	ok "backup shows progress, cleared, then the result" || bad "backup progress" "$(od -c <<<"$out" | head)"
out=$(tty "$BIN" --db "$DB" restore "$TMP/b1.db")
grep -qE 'restoring: +[0-9]+%' <<<"$out" && grep -q 'restored' <<<"$out" &&
	ok "restore shows progress" || bad "restore progress" "$out"
out=$(tty "$BIN" --db "$DB" units import)
grep -qE 'reading: +[0-9]+%' <<<"$out" && ok "units import shows progress" || bad "import progress" "$out"
out=$(tty env -u LANGUAGE "$BIN" --db "$DB" backup "$TMP/b2.db")
grep -qE 'đang sao lưu: +[0-9]+%, còn khoảng' <<<"$out" && ok "progress in Vietnamese" || bad "vi progress" "$out"
# Not a terminal: nothing but the result.
MOTCUA_PROGRESS_AFTER_MS=0 "$BIN" --db "$DB" backup "$TMP/b3.db" >"$TMP/out" 2>"$TMP/err"
[ ! -s "$TMP/err" ] && ! grep -q $'\r' "$TMP/out" && grep -q 'backup written' "$TMP/out" &&
	ok "no progress off a terminal" || bad "off a terminal" "$(cat "$TMP/err")"
# Short work on a terminal (the default second not reached): no progress.
out=$(script -qec "$(printf '%q ' "$BIN" --db "$DB" backup "$TMP/b4.db")" /dev/null)
! grep -q '%' <<<"$out" && ok "quick work shows none" || bad "quick work" "$out"
n1=$(sqlite3 "$TMP/b1.db" 'SELECT count(*) FROM unit_communes')
[ "$n1" -gt 3000 ] && [ "$n1" = "$(sqlite3 "$DB" 'SELECT count(*) FROM unit_communes')" ] &&
	ok "stepped backup is complete ($n1 communes)" || bad "stepped backup" "$n1"
[ "$(sqlite3 "$TMP/b1.db" 'PRAGMA integrity_check')" = ok ] && ok "stepped backup sound" || bad "integrity" ""
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
