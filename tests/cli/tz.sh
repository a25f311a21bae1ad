#!/usr/bin/env bash
# Civil times are Vietnam's (UTC+7) whatever the host's TZ: the real clock
# (no MOTCUA_NOW) read under TZ=UTC and TZ=America/New_York gives the same
# dossier codes, received and due times, and the same report.
# Usage: tests/cli/tz.sh PATH/TO/motcua
set -u
BIN=${1:?usage: tz.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en
unset MOTCUA_DB MOTCUA_USER MOTCUA_NOW
DB=$TMP/office.db
. "$(dirname "$0")/lib.sh"

m init --unit 000.17.22.H56 --name "UBND xã Quảng Phú" --no-units >/dev/null || bad init failed
m catalog import "$ROOT/data/catalog-sample.csv" >/dev/null || bad "catalog import" failed
# Vietnam's date and minute now, from Python rather than from the program.
vn_now() { python3 -c 'import sys, datetime as d; print((d.datetime.now(d.timezone.utc)+d.timedelta(hours=7)).strftime(sys.argv[1]))' "$1"; }
intake() {
	TZ=$1 m dossier intake --procedure 1.004873 --name "Nguyễn Văn An" --id-number 034091002345 \
		--phone 0912345678 --json
}
# Minutes between two 'YYYY-MM-DD HH:MM' stamps.
gap() { python3 -c 'import sys, datetime as d; f=lambda s: d.datetime.strptime(s, "%Y-%m-%d %H:%M"); print(abs(int((f(sys.argv[1])-f(sys.argv[2])).total_seconds()//60)))' "$1" "$2"; }

for attempt in 1 2; do  # once more if a minute turned between the two runs
	before=$(vn_now '%Y-%m-%d %H:%M')
	a=$(intake UTC) && b=$(intake America/New_York) || { bad intake "failed: $a $b"; break; }
	ra=$(json 'd["received_at"]' <<<"$a") rb=$(json 'd["received_at"]' <<<"$b")
	[ "$ra" = "$rb" ] && break
done
for tz in UTC America/New_York; do
	[ $tz = UTC ] && doc=$a || doc=$b
	rec=$(json 'd["received_at"]' <<<"$doc")
	g=$(gap "$rec" "$before")
	[ "$g" -le 2 ] && ok "$tz: received_at is Vietnam's time ($rec)" ||
		bad "$tz: received_at" "$rec, Vietnam's time is $before"
	code=$(json 'd["code"]' <<<"$doc")
	ymd=$(python3 -c 'import sys; print(sys.argv[1][2:4]+sys.argv[1][5:7]+sys.argv[1][8:10])' "$rec")
	[[ $code == *-$ymd-* ]] && ok "$tz: code carries Vietnam's date ($code)" || bad "$tz: code date" "$code vs $rec"
	stamp=$(json 'd["entered_at"]' <<<"$doc")
	[ "${stamp:0:16}" = "$rec" ] && ok "$tz: entered_at in Vietnam's time" || bad "$tz: entered_at" "$stamp vs $rec"
done
[ "$(json 'd["due_at"]' <<<"$a")" = "$(json 'd["due_at"]' <<<"$b")" ] && ok "same due time" ||
	bad "due time" "$(json 'd["due_at"]' <<<"$a") vs $(json 'd["due_at"]' <<<"$b")"
ca=$(json 'd["code"]' <<<"$a") cb=$(json 'd["code"]' <<<"$b")
[ "${ca%-*}" = "${cb%-*}" ] && ok "same code prefix" || bad "code prefix" "$ca vs $cb"
today=$(vn_now '%Y-%m-%d')
TZ=UTC m report --from "$today" --to "$today" --format csv >"$TMP/r-utc.csv"
TZ=America/New_York m report --from "$today" --to "$today" --format csv >"$TMP/r-ny.csv"
cmp -s "$TMP/r-utc.csv" "$TMP/r-ny.csv" && ok "same report under both zones" ||
	bad "report" "$(diff "$TMP/r-utc.csv" "$TMP/r-ny.csv")"
grep -q . "$TMP/r-utc.csv" && ok "report not empty" || bad "report empty" ""
n=$(TZ=America/New_York m dossier list --json | json 'len(d)')
[ "$n" -ge 2 ] && ok "both dossiers listed" || bad "dossier list" "$n"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
