#!/usr/bin/env bash
# The hub's reads on PostgreSQL give what a SQLite province database holding
# the same rows gives, byte for byte: report (every grouping, one office,
# text/CSV/JSON, three periods), dossier find/show/list, units, users,
# catalog, holidays. The hub database is created with a Vietnamese ICU
# collation, so a text order that is not COLLATE "C" would show. Also: init
# and catalog import on the hub, a database of another program refused
# untouched, a wrong password named with the masked URI, an office's work
# refused with a clear message. Run by tests/pg/run.sh (pg_virtualenv).
BIN=${1:?usage: read.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/cli/lib.sh"
. "$ROOT/tests/pg/lib.sh"
. "$ROOT/tests/pg/fixture.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} MOTCUA_NOW="2026-07-15 10:00"

# The hub: Vietnamese collation by default where the server has ICU.
if createdb --locale-provider=icu --icu-locale=vi-VN --locale=C.UTF-8 -T template0 hub \
	2>/dev/null; then
	HUB=$(printf 'postgresql://%s@%s:%s/hub\n' "$PGUSER" "$PGHOST" "$PGPORT")
	echo "hub database with the ICU collation vi-VN"
else
	HUB=$(hub_db hub)
fi
LITE=$T/province.db

for DB in "$LITE" "$HUB"; do
	expect "init $DB" 0 '34 provinces, 3321 communes, 10604 merged' -- \
		m init --unit 000.00.00.H01 --name "Tỉnh Thử"
	expect "catalog import $DB" 0 '95 added, 0 updated, 0 unchanged' -- \
		m catalog import "$ROOT/data/catalog-sample.csv"
	expect "catalog re-import $DB" 0 '0 added, 0 updated, 95 unchanged' -- \
		m catalog import "$ROOT/data/catalog-sample.csv"
	expect "units import again $DB" 0 '34 provinces, 3321 communes' -- m units import
	expect "holiday add $DB" 0 '' -- m calendar holiday add 2026-04-30 --note "Giải phóng"
	expect "holiday confirm $DB" 0 '' -- m calendar confirm 2026
	printf 'secret99\n' | m user add lan --role clerk --full-name "Lan" --password-stdin \
		>/dev/null
	printf 'secret99\n' | m user add an-b --role supervisor --password-stdin >/dev/null
	printf 'secret99\n' | m user add an_b --role clerk --password-stdin >/dev/null
	printf 'secret99\n' | m user add anh --role clerk --password-stdin >/dev/null
	printf 'secret99\n' | m user add an.b --role admin --password-stdin >/dev/null
done

# The same rows in both (the office's event chain trigger needs motcua's
# hash function, which the sqlite3 shell lacks; a province database built
# by sync has these rows without it).
fixture_sql >"$T/fixture.sql"
{ echo "DROP TRIGGER dossier_events_chain; BEGIN;"; cat "$T/fixture.sql"; echo "COMMIT;"; } |
	sqlite3 -bail "$LITE" && ok "fixture into SQLite" || bad "fixture into SQLite" "sqlite3 failed"
psql -q -v ON_ERROR_STOP=1 -d hub -1 -f "$T/fixture.sql" >/dev/null &&
	ok "fixture into PostgreSQL" || bad "fixture into PostgreSQL" "psql failed"

# same NAME ARGS...: the command's output and exit code on both stores
# (QUIET=1: a command that prints nothing).
same() {
	local name=$1
	shift
	local a b ra rb
	a=$(DB=$LITE m "$@" 2>&1)
	ra=$?
	b=$(DB=$HUB m "$@" 2>&1)
	rb=$?
	b=${b//"$HUB"/"$LITE"}
	if [ "$ra" != "$rb" ]; then
		bad "$name" "exit $ra on SQLite, $rb on PostgreSQL: ${b:0:300}"
	elif [ "$a" != "$b" ]; then
		bad "$name" "outputs differ: $(diff <(echo "$a") <(echo "$b") | head -20)"
	elif [ -z "$a" ] && [ -z "${QUIET:-}" ]; then
		bad "$name" "no output"
	else
		ok "$name"
	fi
}

Q2="--from 2026-04-01 --to 2026-06-30"
for period in "$Q2" "--from 2026-01-01 --to 2026-03-31" "--from 2026-07-01 --to 2026-09-30" \
	"--from 2026-04-01 --to 2026-04-30"; do
	for by in "" "--by field" "--by agency" "--by procedure" "--by unit"; do
		for fmt in text csv json; do
			# shellcheck disable=SC2086
			same "report $period $by $fmt" report $period $by --format $fmt
		done
	done
done
for u in 000.00.01.H01 000.00.02.H01 000.00.03.H01; do
	# shellcheck disable=SC2086
	same "report --unit $u" report $Q2 --unit $u --by procedure --format csv
done
# shellcheck disable=SC2086
same "report unknown unit" report $Q2 --unit 999.99.99.H99

# The figures themselves (so that two equal wrong answers cannot pass).
# shellcheck disable=SC2086
r=$(DB=$HUB m report $Q2 --format json)
got=$(json "[d['received'][k] for k in ('carried_over', 'new')] + [d['resolved'][k] for k in ('early', 'on_time', 'late', 'withdrawn')] + [d['in_progress']['on_time'], d['in_progress']['late'], d['paused'], d['stopped'], d['refused'], d['returned'], d['ratings']['1'], d['ratings']['2'], d['ratings']['3']] + list(d['received']['new_by_channel'].values())" <<<"$r" 2>&1)
[ "$got" = "[2, 9, 3, 1, 1, 1, 1, 2, 3, 1, 2, 4, 1, 1, 1, 6, 2, 1]" ] && ok "hub figures: carried over, new" ||
	bad "hub figures: carried over, new" "$got: ${r:0:600}"

for qry in nguyen "nguyen van" "ngu v a" "NGUYỄN" "do van" "le" 0001 001090000001 \
	0912000002 "0912 000 002" 000.00.01.H01-260320-0001 260405-0002 "thi"; do
	same "dossier find '$qry'" dossier find "$qry"
	same "dossier find '$qry' --json" dossier find "$qry" --json
done
a=$(DB=$LITE m dossier find xyz 2>&1; echo "rc=$?")
b=$(DB=$HUB m dossier find xyz 2>&1; echo "rc=$?")
[ "$a" = "$b" ] && ok "dossier find, nothing found" || bad "dossier find, nothing found" "$a / $b"
same "dossier find --limit 2" dossier find nguyen --limit 2
for code in 000.00.01.H01-260320-0001 000.00.02.H01-260520-0002 000.00.03.H01-260408-0004 \
	000.00.01.H01-260601-0006 000.00.01.H01-260418-0004; do
	same "dossier show $code" dossier show $code
	same "dossier show $code --json" dossier show $code --json
done
same "dossier show unknown" dossier show 000.00.01.H01-260101-0099
same "dossier list" dossier list
same "dossier list --json" dossier list --json
same "dossier list --status accepted" dossier list --status accepted
same "dossier list dates" dossier list --from 2026-04-01 --to 2026-04-30 --json
same "dossier list --unit" dossier list --unit 000.00.02.H01
same "dossier list --overdue" dossier list --overdue
same "dossier list --limit" dossier list --limit 3 --json
same "units find tan phu" units find "tan phu" --limit 50
same "units find --json" units find "chieng le" --json
same "units find ba dinh" units find "phuong ba dinh"
# A changed row is updated, and of two rows with one code the last wins,
# as on SQLite (the hub merges a COPY of the whole file).
cp -r "$ROOT/data/units" "$T/units"
sed -i 's/^00004,01,Phường Ba Đình,/00004,01,Phường Ba Đình Mới,/' "$T/units/communes.csv"
echo "00008,01,Phường Ngọc Hà Hai,phường" >>"$T/units/communes.csv"
same "units import changed" units import "$T/units"
same "units find changed" units find "ba dinh moi" --json
same "units find last wins" units find "ngoc ha" --json
DB=$HUB expect "hub: the changed and the last rows" 0 'Ba Đình Mới' -- m units find "ba dinh moi"
DB=$HUB expect "hub: the last row of a code" 0 'Ngọc Hà Hai' -- m units find "ngoc ha hai"
same "user list" user list
same "user list --json" user list --json
same "catalog list" catalog list
same "catalog show" catalog show 1.001193
same "holiday list" calendar holiday list --year 2026
same "holiday list 2027" calendar holiday list --year 2027
same "calendar propose 2028" calendar propose 2028 --json
same "calendar propose --apply" calendar propose 2028 --apply
same "holiday list 2028" calendar holiday list --year 2028 --json
QUIET=1 same "holiday del" calendar holiday del 2028-01-01
same "holiday del again" calendar holiday del 2028-01-01
same "calendar confirm 2028" calendar confirm 2028
same "holiday list 2028 after del" calendar holiday list --year 2028
same "calendar due" calendar due --from "2026-04-29 15:00" --days 3
QUIET=1 same "calendar set" calendar set --workdays mon-sat
same "calendar due after set" calendar due --from "2026-04-29 15:00" --hours 20
same "catalog list --json" catalog list --json
for DB in "$LITE" "$HUB"; do
	printf 'newpass99\n' | m user passwd an-b --password-stdin >/dev/null
	expect "new password works $DB" 0 'an-b' -- env MOTCUA_PASSWORD=newpass99 "$BIN" --db "$DB" \
		--user an-b user list
	expect "old password refused $DB" 2 'wrong' -- env MOTCUA_PASSWORD=secret99 "$BIN" \
		--db "$DB" --user an-b user list
done
same "user list after passwd" user list --json

# Logging in as a motcua user at the hub, and the lock-out.
DB=$HUB
expect "hub login" 0 'Nguyễn Văn An' -- env MOTCUA_PASSWORD=secret99 "$BIN" --db "$HUB" \
	--user lan dossier find nguyen
expect "hub clerk cannot add users" 2 'admin only' -- sh -c 'echo secret99 | MOTCUA_PASSWORD=secret99 \
	"$0" --db "$1" --user lan user add x --role clerk --password-stdin' "$BIN" "$HUB"
for i in 1 2 3 4; do
	MOTCUA_PASSWORD=wrongpass "$BIN" --db "$HUB" --user lan user list >/dev/null 2>&1
done
expect "hub lock-out" 2 'locked' -- env MOTCUA_PASSWORD=wrongpass "$BIN" --db "$HUB" \
	--user lan user list
expect "hub locked" 2 'locked' -- env MOTCUA_PASSWORD=secret99 "$BIN" --db "$HUB" \
	--user lan user list

# An office's work is refused at the hub, clearly.
expect "hub refuses intake" 1 "office's work.*not done on the province" -- \
	m dossier intake --procedure 1.001193 --name "A B" --id-number 001090000099 \
	--phone 0912000099
expect "hub refuses the queue" 1 "office's work" -- m queue service list

# A database of another program is left untouched.
createdb other
psql -q -d other -c "CREATE TABLE accounts (id int); INSERT INTO accounts VALUES (1)"
OTHER=$(printf 'postgresql://%s@%s:%s/other\n' "$PGUSER" "$PGHOST" "$PGPORT")
expect "other program's database refused" 2 'another program.*untouched' -- \
	"$BIN" --db "$OTHER" init --unit 000.00.00.H01 --name X
n=$(psql -tA -d other -c "SELECT count(*) FROM information_schema.tables
	WHERE table_schema = 'public'")
[ "$n" = 1 ] && ok "other database untouched" || bad "other database untouched" "$n tables"

# A wrong password: the message names the URI with the password masked.
BADURI="postgresql://$PGUSER:wrongsecret@localhost:$PGPORT/hub"
out=$(PGPASSWORD= "$BIN" --db "$BADURI" user list 2>&1)
rc=$?
if [ $rc = 0 ]; then
	bad "wrong password" "accepted (trust authentication?): $out"
elif grep -q wrongsecret <<<"$out"; then
	bad "wrong password masked" "$out"
elif grep -qF "postgresql://$PGUSER:***@localhost:$PGPORT/hub" <<<"$out"; then
	ok "wrong password names the masked URI"
else
	bad "wrong password" "$out"
fi

echo "read.sh: $pass passed, $fail failed"
[ "$fail" = 0 ]
