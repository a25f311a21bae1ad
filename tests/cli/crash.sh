#!/usr/bin/env bash
# Crash test: writers taking in dossiers are SIGKILLed at random moments,
# in the middle of their work, and restarted; afterwards every dossier a
# writer acknowledged (printed after the commit) is in the database, once,
# and `motcua check` passes.
# Usage: tests/cli/crash.sh PATH/TO/motcua PATH/TO/crash_writer [SECONDS]
set -u
BIN=${1:?usage: crash.sh MOTCUA CRASH_WRITER [SECONDS]}
WRITER=${2:?usage: crash.sh MOTCUA CRASH_WRITER [SECONDS]}
SECONDS_TO_RUN=${3:-8}
WRITERS=4
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
declare -a pids
stop_all() {
	for p in "${pids[@]}"; do
		[ -n "$p" ] && kill -9 "$p" 2>/dev/null
	done
	wait 2>/dev/null
}
trap 'stop_all; rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en MOTCUA_NOW='2026-03-02 09:00'
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD
DB=$TMP/crash.db
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

"$BIN" --db "$DB" init --unit 000.17.22.H56 --name "Xã Thử" --no-units >/dev/null
"$BIN" --db "$DB" catalog import "$ROOT/data/catalog-sample.csv" >/dev/null

start() {
	"$WRITER" "$DB" "$1" >> "$TMP/acked.$1" 2>> "$TMP/errors" &
	pids[$1]=$!
}
for w in $(seq 0 $((WRITERS - 1))); do
	start "$w"
done

# At least SECONDS_TO_RUN seconds, 20 kills and 100 acknowledged intakes
# (a loaded machine is slower), at most 120 seconds.
kills=0
end=$((SECONDS + SECONDS_TO_RUN)) hard_end=$((SECONDS + 120))
acked_now() { cat "$TMP"/acked.* 2>/dev/null | wc -l; }
while [ $SECONDS -lt $hard_end ] &&
	{ [ $SECONDS -lt $end ] || [ $kills -lt 20 ] || [ "$(acked_now)" -lt 100 ]; }; do
	sleep "0.0$((RANDOM % 9 + 1))"
	w=$((RANDOM % WRITERS))
	kill -9 "${pids[$w]}" 2>/dev/null && kills=$((kills + 1))
	wait "${pids[$w]}" 2>/dev/null
	start "$w"
done
stop_all

cat "$TMP"/acked.* | grep -v '^$' > "$TMP/acked"
acked=$(wc -l < "$TMP/acked")
[ "$kills" -ge 20 ] && ok "writers killed mid-work: $kills times" || bad "kills" "$kills"
[ "$acked" -ge 100 ] && ok "dossiers acknowledged: $acked" || bad "acknowledged" "$acked"
if [ -s "$TMP/errors" ]; then
	bad "writers reported no error" "$(head -3 "$TMP/errors")"
else
	ok "writers reported no error"
fi
# Every acknowledged code is in the database, exactly once.
sqlite3 "$DB" "SELECT code FROM dossiers" | sort > "$TMP/stored"
missing=$(sort "$TMP/acked" | comm -23 - "$TMP/stored" | wc -l)
[ "$missing" = 0 ] && ok "every acknowledged dossier survived" ||
	bad "acknowledged dossiers missing" "$missing, e.g. $(sort "$TMP/acked" | comm -23 - "$TMP/stored" | head -3)"
dups=$(sqlite3 "$DB" "SELECT count(*) - count(DISTINCT code) FROM dossiers")
[ "$dups" = 0 ] && ok "no code twice" || bad "codes twice" "$dups"
stored=$(wc -l < "$TMP/stored")
[ "$stored" -ge "$acked" ] && ok "stored $stored >= acknowledged $acked" || bad "stored" "$stored < $acked"
out=$("$BIN" --db "$DB" check 2>&1)
rc=$?
[ "$rc" = 0 ] && ok "motcua check passes" || bad "motcua check" "exit $rc: ${out:0:400}"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
