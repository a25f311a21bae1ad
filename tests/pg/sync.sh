#!/usr/bin/env bash
# The sync scenarios of tests/cli/sync.sh (and more conflict cases) against
# a SQLite province (p) and a PostgreSQL hub (h) side by side: every import,
# refusal and log must read the same at both, and both end with the same
# dossiers, documents and history. Then the hub's reference export is read
# by an office as the province's is. Run by tests/pg/run.sh.
# Usage: tests/pg/run.sh tests/pg/sync.sh PATH/TO/motcua
set -u
BIN=${1:?usage: sync.sh MOTCUA}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD
. "$ROOT/tests/cli/lib.sh"
. "$ROOT/tests/pg/lib.sh"
CATALOG=$ROOT/data/catalog-sample.csv
UA=000.17.22.H56 UB=000.31.40.H56 UC=000.44.10.H56 UD=000.52.11.H56 UP=000.00.00.H56
HUB=$(hub_db hub) || { echo "cannot create the hub database"; exit 1; }
db() {
	local f=$1; shift
	if [ "$f" = h ]; then "$BIN" --db "$HUB" "$@"; else "$BIN" --db "$TMP/$f.db" "$@"; fi
}
same() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "$(diff <(echo "$2") <(echo "$3") | head -20)"; fi; }

# both NAME ARGS...: the same command at p and at h; same output and exit.
both() {
	local name=$1 op oh rp rh
	shift
	op=$(db p "$@" 2>&1); rp=$?
	oh=$(db h "$@" 2>&1); rh=$?
	oh=${oh//$HUB/DB} op=${op//$TMP\/p.db/DB}
	# Stamps of the real clock (applied_at) may be a second apart.
	op=$(sed 's/[0-9-]\{10\} [0-9:]\{8\}/TIME/g' <<<"$op")
	oh=$(sed 's/[0-9-]\{10\} [0-9:]\{8\}/TIME/g' <<<"$oh")
	if [ "$rp" != "$rh" ]; then
		bad "$name" "exit $rp at the province, $rh at the hub; province: ${op:0:300} hub: ${oh:0:300}"
	elif [ "$op" != "$oh" ]; then
		bad "$name" "$(diff <(echo "$op") <(echo "$oh") | head -20)"
	else
		ok "$name (exit $rp)"
	fi
	LAST=$op
}
# import NAME FILE [PATTERN]: both import FILE (text, then the log lines).
import() {
	both "$1" sync import "$2"
	[ -z "${3:-}" ] || grep -qE -- "$3" <<<"$LAST" && ok "$1: /${3:-}/" || bad "$1" "lacks /$3/: $LAST"
}

canon_p() {
	sqlite3 "$TMP/p.db" "SELECT d.code, d.unit_code, d.applicant_name, d.phone, d.status, d.due_at,
		printf('%.6f', d.deadline), (SELECT code FROM procedures WHERE id = d.procedure_id),
		(SELECT group_concat(position || name || received, ',') FROM
		 (SELECT * FROM dossier_documents WHERE dossier_id = d.id ORDER BY position)),
		(SELECT group_concat(uid || ':' || action || ':' || coalesce(to_status, ''), ' ')
		 FROM (SELECT * FROM dossier_events WHERE dossier_id = d.id ORDER BY id))
		FROM dossiers d ORDER BY d.code"
}
canon_h() {
	psql -qAt -F'|' "$HUB" -c "SELECT d.code, d.unit_code, d.applicant_name, d.phone, d.status,
		d.due_at, to_char(d.deadline, 'FM9999990.000000'),
		(SELECT code FROM procedures WHERE id = d.procedure_id),
		(SELECT string_agg(position || name || received, ',' ORDER BY position)
		 FROM dossier_documents WHERE dossier_id = d.id),
		(SELECT string_agg(uid || ':' || action || ':' || coalesce(to_status, ''), ' ' ORDER BY id)
		 FROM dossier_events WHERE dossier_id = d.id)
		FROM dossiers d ORDER BY d.code COLLATE \"C\""
}
intake() {
	db "$1" --user mai dossier intake --procedure "${3:-1.004873}" --name "$2" \
		--id-number 034091002345 --phone 0912345678 | cut -d' ' -f1
}

export MOTCUA_NOW='2026-03-02 09:00'
for x in a:$UA b:$UB c:$UC p:$UP; do
	f=${x%%:*} u=${x#*:}
	db "$f" init --unit "$u" --name "Văn phòng $f" --no-units >/dev/null
	db "$f" catalog import "$CATALOG" >/dev/null
done
db p sync role province >/dev/null
hub_setup h "$HUB" $UP "$TMP/p.db" && ok "hub set up" || bad "hub set up" "failed"
# c is never enrolled at the provinces: its bundles are refused unsigned-by-a-known-key.
enrol_all a b p h
db c sync key show --out "$TMP/c.key" >/dev/null
for f in p h; do
	db $f sync trust add $UA "$TMP/c.key" --fingerprint "$(sed -n 's/^fingerprint: //p' "$TMP/c.key")" \
		>/dev/null 2>&1 && bad "c's key under a's unit" "accepted" || ok "c's key under a's unit refused at $f"
done
# Each province trusts the other's key: the offices' lines are the same.
tl() { db "$1" sync trust list | grep -v "^${UP:0:11}" | sed 's/[0-9-]\{10\} [0-9:]\{8\}/TIME/'; }
same "trust lists" "$(tl p)" "$(tl h)"

a1=$(intake a "Nguyễn Văn An")
intake a "Trần Thị Bình" >/dev/null
a3=$(intake a "Lê Văn Cường")
intake b "Phạm Thị Dung" >/dev/null
intake b "Hoàng Văn Em" >/dev/null
intake c "Người Lạ" >/dev/null
db a sync export --out "$TMP/a1.bundle" >/dev/null
db b sync export --out "$TMP/b1.bundle" >/dev/null
db c sync export --out "$TMP/c1.bundle" >/dev/null

import "A 1" "$TMP/a1.bundle" 'dossiers +3 added'
import "B 1" "$TMP/b1.bundle" 'dossiers +2 added'
import "A 1 again" "$TMP/a1.bundle" 'already applied'
import "B 1 again" "$TMP/b1.bundle" 'already applied'
import "C unknown key" "$TMP/c1.bundle" 'not enrolled|unknown|trust'
# A first bundle whose record disagrees with its history (the hub loads
# first bundles in bulk): corrected and listed as the province does.
db d init --unit $UD --name "Văn phòng d" --no-units >/dev/null
db d catalog import "$CATALOG" >/dev/null
enrol_all d p h
d1=$(intake d "Vũ Thị Hoa")
intake d "Vũ Văn Khoa" >/dev/null
sqlite3 "$TMP/d.db" "UPDATE dossiers SET status = 'returned' WHERE code = '$d1'"
db d sync export --out "$TMP/d1.bundle" >/dev/null
import "D 1, status against history" "$TMP/d1.bundle" "$d1: its record says returned but its history ends at"
# A first bundle with a dossier of a procedure the province's catalog
# lacks: refused whole at both (the hub keeps no foreign key to check it).
UE=000.61.12.H56
db e init --unit $UE --name "Văn phòng e" --no-units >/dev/null
{ cat "$CATALOG"; echo '1.999999,Thủ tục riêng,Khác,UBND cấp xã,Cấp xã,1,day,0,Đơn'; } >"$TMP/e.csv"
db e catalog import "$TMP/e.csv" >/dev/null
enrol_all e p h
intake e "Mai Văn Lộc" >/dev/null
intake e "Mai Thị Nga" 1.999999 >/dev/null
db e sync export --out "$TMP/e1.bundle" >/dev/null
import "E 1, a procedure not in the catalog" "$TMP/e1.bundle" "procedure 1.999999"
same "E 1 left nothing" "$(sqlite3 "$TMP/p.db" "SELECT count(*) FROM dossiers WHERE unit_code = '$UE'")" \
	"$(psql -qAt "$HUB" -c "SELECT count(*) FROM dossiers WHERE unit_code = '$UE'")"
same "same dossiers after the first bundles" "$(canon_p)" "$(canon_h)"

# Later bundles: a new dossier, a status change, and conflicts made at the
# office by hand (a status that disagrees with the history, a document
# removed, another unit's dossier slipped in, a dossier the province
# changed meanwhile).
export MOTCUA_NOW='2026-03-02 10:00'
a4=$(intake a "Đỗ Thị Giang")
db a --user mai dossier transfer "$a1" --to "Tư pháp" >/dev/null
sqlite3 "$TMP/a.db" "UPDATE dossiers SET status = 'returned' WHERE code = '$a4';
	UPDATE dossiers SET phone = '0900000001' WHERE code = '$a3';
	DELETE FROM dossier_documents WHERE dossier_id = (SELECT id FROM dossiers WHERE code = '$a1')
	  AND position = (SELECT max(position) FROM dossier_documents
	  WHERE dossier_id = (SELECT id FROM dossiers WHERE code = '$a1'));"
# Another unit's dossier slipped into a copy of A: the whole bundle is refused.
cp "$TMP/a.db" "$TMP/ax.db"
sqlite3 "$TMP/ax.db" "CREATE TEMP TABLE t AS SELECT * FROM dossiers WHERE code = '$a3';
	UPDATE t SET id = (SELECT max(id) + 1 FROM dossiers), code = replace(code, '$UA', '$UB'),
	  unit_code = '$UB';
	INSERT INTO dossiers SELECT * FROM t;"
db ax sync export --out "$TMP/ax.bundle" >/dev/null
import "another unit's dossier" "$TMP/ax.bundle" 'whose code is not of that unit'
rm -f "$TMP/ax.db"
sqlite3 "$TMP/p.db" "UPDATE dossiers SET phone = '0911111111' WHERE code = '$a3'"
psql -q "$HUB" -c "UPDATE dossiers SET phone = '0911111111' WHERE code = '$a3'"
db a sync export --out "$TMP/a2.bundle" >/dev/null
import "A 2 with conflicts" "$TMP/a2.bundle" 'dossier_events +2 added'
grep -q "also changed here" <<<"$LAST" && ok "override listed" || bad "override listed" "$LAST"
grep -q "history ends at" <<<"$LAST" && ok "status corrected" || bad "status corrected" "$LAST"
grep -q "document.*1 deleted" <<<"$LAST" && ok "document deleted" || bad "document deleted" "$LAST"
import "A 2 again" "$TMP/a2.bundle" 'already applied'
same "same dossiers after conflicts" "$(canon_p)" "$(canon_h)"

# A history rewritten and rechained behind motcua's back (tests/cli/rechain.py)
# passes the office's own check; both provinces refuse its next bundle.
cp "$TMP/b.db" "$TMP/bx.db"
python3 "$ROOT/tests/cli/rechain.py" "$TMP/bx.db" 1 lan || bad "rechain" "python failed"
intake bx "Lý Thị Mai" >/dev/null
db bx sync export --out "$TMP/bx2.bundle" >/dev/null
import "rewritten history" "$TMP/bx2.bundle" "history was rewritten"
rm -f "$TMP/bx.db"

# Refusals, each changing nothing.
export MOTCUA_NOW='2026-03-02 11:00'
intake a "Sau Một" >/dev/null
db a sync export --out "$TMP/a3.bundle" >/dev/null
intake a "Sau Hai" >/dev/null
db a sync export --out "$TMP/a4.bundle" >/dev/null
import "gap" "$TMP/a4.bundle" 'out of sequence: expected 3, got 4'
python3 - "$TMP/a3.bundle" "$TMP/bad.bundle" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
b[-5] ^= 0x40
open(sys.argv[2], 'wb').write(b)
PY
import "damaged" "$TMP/bad.bundle" 'damaged or forged'
head -c 300 "$TMP/a3.bundle" > "$TMP/cut.bundle"
import "cut short" "$TMP/cut.bundle" 'damaged'
import "not a bundle" "$CATALOG" 'not a motcua sync bundle'
db a sync export --peer 000.99.99.H56 --out "$TMP/a-foreign.bundle" >/dev/null
import "foreign bundle" "$TMP/a-foreign.bundle" 'foreign bundle: it is addressed to 000.99.99.H56'
db h calendar holiday add 2026-11-24 --note "Ngày Văn hóa Việt Nam" >/dev/null 2>&1 ||
	psql -q "$HUB" -c "INSERT INTO holidays(day, kind, note) VALUES('2026-11-24', 'off', 'Ngày Văn hóa Việt Nam')"
db p calendar holiday add 2026-11-24 --note "Ngày Văn hóa Việt Nam" >/dev/null
db p sync export --peer $UA --out "$TMP/rp.bundle" >/dev/null
db h sync export --peer $UA --out "$TMP/rh.bundle" >/dev/null
import "own unit's bundle" "$TMP/rp.bundle" 'this very database'
db b sync export --peer $UA --out "$TMP/bx.bundle" >/dev/null 2>&1
import "in order then" "$TMP/a3.bundle" 'dossiers +1 added'
import "and the next" "$TMP/a4.bundle" 'dossiers +1 added'
# The office restored from a backup: a different bundle under number 5.
cp "$TMP/a.db" "$TMP/a-old.db"
intake a "Sau Ba" >/dev/null
db a sync export --out "$TMP/a5.bundle" >/dev/null
cp "$TMP/a-old.db" "$TMP/a.db"
intake a "Khác Ba" >/dev/null
db a sync export --out "$TMP/a5x.bundle" >/dev/null
import "5" "$TMP/a5.bundle" 'dossiers +1 added'
import "another 5" "$TMP/a5x.bundle" 'already applied on .* differs'
same "same dossiers after refusals" "$(canon_p)" "$(canon_h)"

# The report of the same bundles is byte-identical at both provinces: every
# grouping, one office, each format, the month and the quarter.
for period in "2026-03-01 2026-03-31" "2026-01-01 2026-03-31"; do
	set -- $period
	for by in "" "--by unit" "--by procedure" "--by field" "--by agency" "--unit $UB"; do
		for fmt in "" "--format json" "--format csv"; do
			# shellcheck disable=SC2086
			both "report $1..$2 $by $fmt" report --from "$1" --to "$2" $by $fmt
			[ "$LAST" != "${LAST#motcua}" ] && bad "report $by $fmt runs" "${LAST:0:200}"
		done
	done
done
out=$(db h report --from 2026-03-01 --to 2026-03-31 --by unit --format csv); grep -q "$UA" <<<"$out" &&
	ok "the hub's report counts office A" || bad "hub report" "no line for $UA"
# Stamps are the real clock's: the same rows a second apart at p and h, so compared as sets.
log() { db "$1" sync log | sed 's/[0-9-]\{10\} [0-9:]\{8\}/TIME/' | sort; }
same "sync log" "$(log p)" "$(log h)"

# Reference data: the hub's export reads at the office as the province's.
export MOTCUA_NOW='2026-03-02 12:00'
both "reference export" sync export --peer $UA --out "$TMP/r-same.bundle"
cp "$TMP/b.db" "$TMP/bp.db"; cp "$TMP/b.db" "$TMP/bh.db"
db p sync export --peer $UB --out "$TMP/rb-p.bundle" >/dev/null
expect "hub exports reference" 0 'bundle 1 to '$UB' \(reference\)' -- db h sync export --peer $UB --out "$TMP/rb-h.bundle"
op=$(db bp sync import "$TMP/rb-p.bundle" 2>&1) oh=$(db bh sync import "$TMP/rb-h.bundle" 2>&1)
same "office reads the hub's reference as the province's" "${op//rb-p/X}" "${oh//rb-h/X}"
ref() { sqlite3 "$TMP/$1.db" "SELECT code, name, deadline, typeof(deadline), fee, active FROM procedures ORDER BY code;
	SELECT p.code, d.position, d.name FROM procedure_documents d JOIN procedures p ON p.id = d.procedure_id ORDER BY 1, 2;
	SELECT day, kind, note FROM holidays ORDER BY day"; }
same "same catalog and holidays at the office" "$(ref bp)" "$(ref bh)"
# A deadline of 0.5 and of 2.0 day: the same REAL at the office.
sqlite3 "$TMP/p.db" "UPDATE procedures SET deadline = 0.5 WHERE code = '1.004873'; UPDATE procedures SET deadline = 2.0 WHERE id = (SELECT min(id) FROM procedures WHERE code != '1.004873')"
psql -q "$HUB" -c "UPDATE procedures SET deadline = 0.5 WHERE code = '1.004873'; UPDATE procedures SET deadline = 2.0 WHERE id = (SELECT min(id) FROM procedures WHERE code != '1.004873')"
db p sync export --peer $UB --out "$TMP/rb2-p.bundle" >/dev/null
expect "hub exports a change" 0 'procedures +0 added, 2 updated|2 updated' -- db h sync export --peer $UB --out "$TMP/rb2-h.bundle"
op=$(db bp sync import "$TMP/rb2-p.bundle" 2>&1) oh=$(db bh sync import "$TMP/rb2-h.bundle" 2>&1)
same "second reference bundle" "${op//rb2-p/X}" "${oh//rb2-h/X}"
same "deadlines 0.5 and 2.0" "$(ref bp)" "$(ref bh)"
grep -q '|0.5|real|' <<<"$(ref bh)" && grep -q '|2.0|real|' <<<"$(ref bh)" && ok "deadline types" || bad "deadline types" "$(ref bh | head -3)"
expect "again byte for byte" 0 'bundle 1 to' -- db h sync export --peer $UB --again 1 --out "$TMP/rb-again.bundle"
cmp -s "$TMP/rb-h.bundle" "$TMP/rb-again.bundle" && ok "again is identical" || bad "again" "differs"
expect "nothing new" 3 'nothing changed since bundle 2' -- db h sync export --peer $UB --out "$TMP/none.bundle"
same "sync log with exports" "$(log p)" "$(log h)"

# Recovery: office A lost its disk; both provinces give it its dossiers back.
both "recover: nothing of that office" sync export --peer 000.99.99.H56 --recover --out "$TMP/x.bundle"
db p sync export --peer $UA --recover --out "$TMP/rec-p.bundle" > "$TMP/rec-p.out" 2>&1
expect "hub recover export" 0 '\(recovery\)' -- db h sync export --peer $UA --recover --out "$TMP/rec-h.bundle"
same "recover: same bundle header" "$(sed 's/,.*//; s/rec-p/X/' "$TMP/rec-p.out")" \
	"$(db h sync export --peer $UA --recover --out "$TMP/rec-h.bundle" 2>&1 | sed 's/,.*//; s/rec-h/X/')"
for x in p h; do
	db a$x init --unit $UA --name "Văn phòng a" --no-units >/dev/null
	db a$x catalog import "$CATALOG" >/dev/null
	db $x sync key show --out "$TMP/$x.key" >/dev/null
	db a$x sync trust add $UP "$TMP/$x.key" --fingerprint "$(sed -n 's/^fingerprint: //p' "$TMP/$x.key")" >/dev/null
done
op=$(db ap sync import "$TMP/rec-p.bundle" 2>&1) oh=$(db ah sync import "$TMP/rec-h.bundle" 2>&1)
same "recover: the office reads both alike" "${op//rec-p/X}" "${oh//rec-h/X}"
office() { sqlite3 "$TMP/$1.db" "SELECT d.id, d.code, d.status, d.phone, printf('%.6f', d.deadline),
	(SELECT group_concat(e.id || e.uid || e.action, ' ') FROM dossier_events e WHERE e.dossier_id = d.id),
	(SELECT group_concat(position || name, ',') FROM dossier_documents WHERE dossier_id = d.id)
	FROM dossiers d ORDER BY d.code"; }
same "recover: same dossiers, ids and history at the office" "$(office ap)" "$(office ah)"
same "recover: office checks as from the province" "$(db ap check 2>&1 | sed "s|$TMP/ap.db|DB|")" "$(db ah check 2>&1 | sed "s|$TMP/ah.db|DB|")"

n=$(hub_orphans "$HUB")
[ "$n" = 0 ] && ok "no document or event without its dossier, no dossier without its procedure at the hub" || bad "orphans" "$n rows"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
