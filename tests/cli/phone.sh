#!/usr/bin/env bash
# Vietnamese phone numbers at intake from the command line (issue 13): a
# mobile has 10 digits starting 03, 05, 07, 08 or 09, a landline 11 starting
# 02; spaces, dots, dashes and +84 are accepted; anything else exits 2 with
# the reason and saves nothing.
# Usage: tests/cli/phone.sh PATH/TO/motcua
set -u
BIN=${1:?usage: phone.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en MOTCUA_NOW="2026-11-25 08:00"
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD
DB=$TMP/office.db
. "$(dirname "$0")/lib.sh"

m init --unit 000.17.22.H56 --name "UBND xã Quảng Phú" >/dev/null || bad init "failed"
m catalog import "$ROOT/data/catalog-sample.csv" >/dev/null || bad catalog "failed"
intake() { m --lang en dossier intake --procedure 1.001193 --name "Lê Văn Bình" \
	--id-number 034091000001 --phone "$1" --json; }
n=0
for good in 0912345678 "0387 654 321" 056.123.4567 0701234567 0891234567 "+84 912 345 678" \
	84912345678 02439424000 "024 3942 4000"; do
	out=$(intake "$good" 2>"$TMP/err")   # stderr: the holiday table's warning
	rc=$?
	[ "$rc" = 0 ] || out=$(cat "$TMP/err")
	n=$((n + 1))
	want=$(tr -cd 0-9 <<<"$good" | sed 's/^84/0/')
	got=$(json 'd["applicant"]["phone"]' <<<"$out" 2>/dev/null)
	if [ "$rc" = 0 ] && [ "$got" = "$want" ]; then ok "phone $good"; else bad "phone $good" "exit $rc: $out"; fi
done
expect "9 digits" 2 'not a Vietnamese phone number \(a mobile has 10 digits, a landline 11\)' -- intake 091234567
expect "11-digit mobile" 2 'a mobile has 10 digits' -- intake 09123456789
expect "10-digit landline" 2 'a mobile has 10 digits, a landline 11' -- intake 0243942400
expect "06 start" 2 'a mobile starts 03, 05, 07, 08 or 09, a landline 02' -- intake 0612345678
expect "01 start" 2 'a mobile starts 03' -- intake 0123456789
expect "letters" 2 'only digits' -- intake 09123x5678
count=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM dossiers")
if [ "$count" = "$n" ]; then ok "nothing saved for the bad numbers"; else bad "saved" "$count dossiers, want $n"; fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
