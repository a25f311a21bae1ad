#!/usr/bin/env bash
# Recovery: an office that lost its disk, or restored an old backup, gets
# its own dossiers back from the province (sync export --peer UNIT
# --recover, imported at the office), and its next bundles are taken at the
# province without hand work: numbered after the last one applied there,
# holding only what the province lacks, with new codes and event uids that
# do not collide with the recovered ones.
# Usage: tests/cli/recover.sh PATH/TO/motcua
set -u
BIN=${1:?usage: recover.sh MOTCUA}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD
CATALOG=$ROOT/data/catalog-sample.csv
UA=000.17.22.H56 UB=000.31.40.H56 UP=000.00.00.H56
. "$(dirname "$0")/lib.sh"   # ok, bad, expect, enrol_all

db() { local f=$1; shift; "$BIN" --db "$TMP/$f.db" "$@"; }
same() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "'$2' != '$3'"; fi; }

# One unit's dossiers, documents and history by natural key.
canon() {
	sqlite3 "$TMP/$1.db" "SELECT d.code, d.applicant_name, d.status, d.phone, d.due_at,
		(SELECT group_concat(name || received) FROM dossier_documents WHERE dossier_id = d.id),
		(SELECT group_concat(uid || ':' || action || ':' || coalesce(to_status, ''), ' ')
		 FROM (SELECT * FROM dossier_events WHERE dossier_id = d.id ORDER BY id))
		FROM dossiers d WHERE d.unit_code = '$2' ORDER BY d.code"
}

intake() {
	db "$1" --user mai dossier intake --procedure 1.004873 --name "$2" \
		--id-number 034091002345 --phone 0912345678 | cut -d' ' -f1
}
transfer() { db "$1" --user mai dossier transfer "$2" --to "Tư pháp" >/dev/null; }
office() {
	rm -f "$TMP/$1.db" "$TMP/$1.db-wal" "$TMP/$1.db-shm"
	db "$1" init --unit "$2" --name "Văn phòng $1" --no-units >/dev/null
	db "$1" catalog import "$CATALOG" >/dev/null
}

export MOTCUA_NOW='2026-03-02 09:00'
office a $UA
office b $UB
office p $UP
db p sync role province >/dev/null
enrol_all a b p

# Office A sends two bundles, then loses its disk.
a1=$(intake a "Nguyễn Văn An")
intake a "Trần Thị Bình" >/dev/null
db a sync export --out "$TMP/a1.bundle" >/dev/null
db p sync import "$TMP/a1.bundle" >/dev/null
export MOTCUA_NOW='2026-03-02 10:00'
transfer a "$a1"
intake a "Lê Văn Cường" >/dev/null
db a sync export --out "$TMP/a2.bundle" >/dev/null
db p sync import "$TMP/a2.bundle" >/dev/null
before=$(canon a $UA)
office a $UA
# The new disk has a new key pair: the admins enrol it again (docs/sync.md).
enrol_all a p

expect "recover needs the province" 1 'province' -- db b sync export --recover --out "$TMP/x.bundle"
expect "recover: nothing of that office" 3 'nothing to recover' -- \
	db p sync export --peer 000.99.99.H56 --recover --out "$TMP/x.bundle"
expect "recover export" 0 'bundle 2 to '$UA' \(recovery\)' -- \
	db p sync export --peer $UA --recover --out "$TMP/rec-a.bundle"
expect "recover: not for another office" 2 'foreign bundle' -- db b sync import "$TMP/rec-a.bundle"
expect "recover: not at the province" 2 'this very database' -- db p sync import "$TMP/rec-a.bundle"
expect "recover import" 0 'dossiers +3 added' -- db a sync import "$TMP/rec-a.bundle"
same "lost disk: dossiers back as they were" "$(canon a $UA)" "$before"
expect "check after recovery" 0 'no problems' -- db a check

# Work goes on: the numbering follows, the next bundle is number 3 and
# holds only the new work; the province takes it.
export MOTCUA_NOW='2026-03-02 11:00'
a4=$(intake a "Đỗ Thị Giang")
same "numbering goes on" "${a4##*-}" "0004"
transfer a "$(sqlite3 "$TMP/a.db" "SELECT code FROM dossiers WHERE applicant_name = 'Lê Văn Cường'")"
expect "next export follows the province's" 0 'bundle 3 to province' -- \
	db a sync export --out "$TMP/a3.bundle"
grep -qE '^  dossiers +1 added, 1 updated' <(db a sync log >/dev/null; \
	"$BIN" --db "$TMP/p.db" sync import "$TMP/a3.bundle") &&
	ok "province takes it: only the new work" || bad "province takes bundle 3" "$(db p sync import "$TMP/a3.bundle" 2>&1)"
same "province and office agree" "$(canon p $UA)" "$(canon a $UA)"
same "no uid twice" "$(sqlite3 "$TMP/p.db" "SELECT count(*) - count(DISTINCT uid) FROM dossier_events")" 0
expect "nothing more to send" 3 'nothing changed' -- db a sync export --out "$TMP/a4.bundle"

# Office B restores a backup older than its last bundle.
export MOTCUA_NOW='2026-03-02 09:00'
intake b "Phạm Thị Dung" >/dev/null
db b sync export --out "$TMP/b1.bundle" >/dev/null
db p sync import "$TMP/b1.bundle" >/dev/null
db b backup "$TMP/b.bak" >/dev/null
intake b "Hoàng Văn Em" >/dev/null
db b sync export --out "$TMP/b2.bundle" >/dev/null
db p sync import "$TMP/b2.bundle" >/dev/null
before=$(canon b $UB)
db b restore "$TMP/b.bak" >/dev/null
cp "$TMP/b.db" "$TMP/b-restored.db"
db p sync export --peer $UB --recover --out "$TMP/rec-b.bundle" >/dev/null
expect "old backup: recover" 0 'dossiers +1 added, 1 updated' -- db b sync import "$TMP/rec-b.bundle"
same "old backup: dossiers back" "$(canon b $UB)" "$before"
b3=$(intake b "Vũ Thị Giao")
expect "old backup: next export is 3" 0 'bundle 3 to province' -- db b sync export --out "$TMP/b3.bundle"
expect "old backup: province takes it" 0 'dossiers +1 added' -- db p sync import "$TMP/b3.bundle"
same "old backup: province and office agree" "$(canon p $UB)" "$(canon b $UB)"

# Work taken in after the restore and before the recovery collides with a
# dossier the province holds: refused whole, naming it.
cp "$TMP/b-restored.db" "$TMP/c.db"
export MOTCUA_NOW='2026-03-02 15:00'
intake c "Ngô Văn Phát" >/dev/null
before=$(canon c $UB)
expect "collision refused" 2 'taken in after the backup' -- db c sync import "$TMP/rec-b.bundle"
same "collision: nothing changed" "$(canon c $UB)" "$before"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
