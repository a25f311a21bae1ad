#!/usr/bin/env bash
# End-to-end tests of offline work: two offices export, the province
# imports their bundles in either order and twice; later bundles; refusals;
# catalog and holidays to an office; roles at the command line; backup,
# restore and check; a read-only database and a full disk.
# Usage: tests/cli/sync.sh PATH/TO/motcua
set -u
BIN=${1:?usage: sync.sh MOTCUA}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
MNT=
cleanup() {
	[ -n "$MNT" ] && umount "$MNT" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD
CATALOG=$ROOT/data/catalog-sample.csv
UA=000.17.22.H56 UB=000.31.40.H56 UP=000.00.00.H56
. "$(dirname "$0")/lib.sh"  # stage_bin; the checks below are this script's own
pass=0 fail=0 skip=0

ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
skipped() { skip=$((skip + 1)); echo "SKIP $1: $2"; }
db() { local f=$1; shift; "$BIN" --db "$TMP/$f.db" "$@"; }

# expect NAME EXIT_CODE PATTERN -- command...
expect() {
	local name=$1 code=$2 pat=$3
	shift 4
	local out rc
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" != "$code" ]; then
		bad "$name" "exit $rc, expected $code; output: ${out:0:400}"
	elif [ -n "$pat" ] && ! grep -qE -- "$pat" <<<"$out"; then
		bad "$name" "output lacks /$pat/: ${out:0:400}"
	else
		ok "$name"
	fi
}

same() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "'$2' != '$3'"; fi; }

# A canonical view of a provincial database: dossiers, documents and
# history by natural key (local ids differ with the order of imports).
canon() {
	sqlite3 "$TMP/$1.db" "SELECT d.code, d.unit_code, d.applicant_name, d.status, d.due_at,
		(SELECT group_concat(name || received) FROM dossier_documents WHERE dossier_id = d.id),
		(SELECT group_concat(uid || ':' || action || ':' || coalesce(to_status, ''), ' ')
		 FROM (SELECT * FROM dossier_events WHERE dossier_id = d.id ORDER BY id))
		FROM dossiers d ORDER BY d.code"
}

intake() {
	local f=$1 name=$2
	db "$f" --user mai dossier intake --procedure 1.004873 --name "$name" \
		--id-number 034091002345 --phone 0912345678 | cut -d' ' -f1
}

# A status change at an office, through the lifecycle.
transfer() {
	db "$1" --user mai dossier transfer "$2" --to "Tư pháp" >/dev/null
}

export MOTCUA_NOW='2026-03-02 09:00'
for x in a:$UA b:$UB p:$UP q:$UP; do
	f=${x%%:*} u=${x#*:}
	db "$f" init --unit "$u" --name "Văn phòng $f" --no-units >/dev/null
	db "$f" catalog import "$CATALOG" >/dev/null
done
# Signed bundles: each database enrols every other's key, as their admins
# do after reading the fingerprints to each other (docs/sync.md).
enrol_all a b p q
expect "role province" 0 '^province$' -- db p sync role province
db q sync role province >/dev/null
expect "role default office" 0 '^office$' -- db a sync role

a1=$(intake a "Nguyễn Văn An")
intake a "Trần Thị Bình" >/dev/null
intake a "Lê Văn Cường" >/dev/null
intake b "Phạm Thị Dung" >/dev/null
intake b "Hoàng Văn Em" >/dev/null
expect "export A" 0 'bundle 1 to province \(dossiers\)' -- db a sync export --out "$TMP/a1.bundle"
expect "export B" 0 'dossiers +2 added' -- db b sync export --out "$TMP/b1.bundle"
expect "export A again: nothing" 3 'nothing changed since bundle 1' -- db a sync export --out "$TMP/a-none.bundle"
[ ! -e "$TMP/a-none.bundle" ] && ok "no file when nothing changed" || bad "no file" "written"
head -1 "$TMP/a1.bundle" | grep -q '^MOTCUA-SIGNED 1$' && ok "bundle magic" || bad "bundle magic" "$(head -1 "$TMP/a1.bundle")"
sed -n 5p "$TMP/a1.bundle" | grep -q '^MOTCUA-BUNDLE 1$' && ok "signed bundle inside" || bad "inner magic" "$(sed -n 5p "$TMP/a1.bundle")"

expect "P imports A" 0 'dossiers +3 added' -- db p sync import "$TMP/a1.bundle"
expect "P imports B" 0 'dossiers +2 added' -- db p sync import "$TMP/b1.bundle"
expect "P imports A twice" 0 'already applied; nothing changed' -- db p sync import "$TMP/a1.bundle"
expect "P imports B twice" 0 'already applied' -- db p sync import "$TMP/b1.bundle"
expect "Q imports B" 0 'applied' -- db q sync import "$TMP/b1.bundle"
expect "Q imports A" 0 'applied' -- db q sync import "$TMP/a1.bundle"
expect "Q imports B twice" 0 'already applied' -- db q sync import "$TMP/b1.bundle"
expect "Q imports A twice" 0 'already applied' -- db q sync import "$TMP/a1.bundle"
same "either order, same result" "$(canon p)" "$(canon q)"
same "every dossier once" "$(sqlite3 "$TMP/p.db" 'SELECT count(*) || "/" || count(DISTINCT code) FROM dossiers')" "5/5"
n=$(db p dossier list --unit $UB --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
same "province lists per unit" "$n" 2

export MOTCUA_NOW='2026-03-02 10:00'
a4=$(intake a "Đỗ Thị Giang")
transfer a "$a1"
expect "export A 2" 0 'dossiers +1 added, 1 updated' -- db a sync export --out "$TMP/a2.bundle"
expect "P imports A 2" 0 'dossier_events +2 added' -- db p sync import "$TMP/a2.bundle"
expect "Q imports A 2" 0 'applied' -- db q sync import "$TMP/a2.bundle"
expect "Q imports A 2 twice" 0 'already applied' -- db q sync import "$TMP/a2.bundle"
same "later bundle, same result" "$(canon p)" "$(canon q)"
expect "new dossier arrived" 0 "$a4" -- db p dossier list --unit $UA
expect "status change arrived" 0 'processing' -- db p dossier show "$a1"
same "still every dossier once" "$(sqlite3 "$TMP/p.db" 'SELECT count(*) || "/" || count(DISTINCT code) FROM dossiers')" "6/6"
expect "province check" 0 'no problems' -- db p check
expect "office check" 0 'no problems' -- db a check

# Refusals, each naming its cause and changing nothing.
db r init --unit $UP --name "Tỉnh khác" --no-units >/dev/null
db r catalog import "$CATALOG" >/dev/null
db r sync role province >/dev/null
enrol_all a b p q r
expect "out of sequence" 2 'out of sequence: expected 1, got 2' -- db r sync import "$TMP/a2.bundle"
python3 - "$TMP/a1.bundle" "$TMP/bad.bundle" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
b[-5] ^= 0x40
open(sys.argv[2], 'wb').write(b)
PY
expect "damaged" 2 'damaged or forged: its signature does not match' -- db r sync import "$TMP/bad.bundle"
head -c 300 "$TMP/a1.bundle" > "$TMP/cut.bundle"
expect "cut short" 2 'damaged' -- db r sync import "$TMP/cut.bundle"
expect "not a bundle" 2 'not a motcua sync bundle' -- db r sync import "$CATALOG"
expect "own bundle" 2 'this very database' -- db a sync import "$TMP/a1.bundle"
expect "dossiers at an office" 2 'this database is an office' -- db b sync import "$TMP/a1.bundle"
same "refusals wrote nothing" "$(sqlite3 "$TMP/r.db" 'SELECT count(*) FROM dossiers')" 0

# Catalog and holidays, province to office.
# (A day init does not propose: 24/11, Ngày Văn hóa Việt Nam, if enacted.)
db p calendar holiday add 2026-11-24 --note "Ngày Văn hóa Việt Nam" >/dev/null
expect "reference needs --peer" 1 'peer' -- db p sync export --out "$TMP/r.bundle"
expect "export reference" 0 'bundle 1 to '$UA' \(reference\)' -- db p sync export --peer $UA --out "$TMP/r1.bundle"
expect "reference for another office" 2 'foreign bundle: it is addressed to '$UA -- db b sync import "$TMP/r1.bundle"
expect "office imports reference" 0 'holidays +1 added' -- db a sync import "$TMP/r1.bundle"
expect "holiday arrived" 0 '2026-11-24' -- db a calendar holiday list --year 2026
expect "again byte for byte" 0 'bundle 1 to' -- db p sync export --peer $UA --again 1 --out "$TMP/r1-again.bundle"
cmp -s "$TMP/r1.bundle" "$TMP/r1-again.bundle" && ok "again is identical" || bad "again" "differs"
expect "sync log" 0 'in +dossiers +'$UA -- db p sync log

# Roles at the command line: a clerk is refused whatever the path.
echo 'mai-pw-1' | db p user add mai --role clerk --password-stdin
echo 'boss-pw-1' | db p user add boss --role admin --password-stdin
expect "clerk login refused import" 2 'user mai \(clerk\) may not import sync bundles' -- \
	env MOTCUA_PASSWORD=mai-pw-1 "$BIN" --db "$TMP/p.db" --user mai sync import "$TMP/a2.bundle"
expect "wrong password" 2 'wrong user name or password' -- \
	env MOTCUA_PASSWORD=nope "$BIN" --db "$TMP/p.db" --user boss sync import "$TMP/a2.bundle"
expect "admin login" 0 'already applied' -- \
	env MOTCUA_PASSWORD=boss-pw-1 "$BIN" --db "$TMP/p.db" --user boss sync import "$TMP/a2.bundle"
expect "clerk cannot back up" 2 'may not back up' -- \
	env MOTCUA_PASSWORD=mai-pw-1 "$BIN" --db "$TMP/p.db" --user mai backup "$TMP/x.bak"
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
	cp "$TMP/p.db" "$TMP/shared.db"
	chmod 0666 "$TMP/shared.db"
	chmod 0777 "$TMP"
	# What nobody runs and reads is copied out of the checkout (see stage_bin).
	stage_bin "$TMP/stage"
	cp "$CATALOG" "$TMP/stage/catalog.csv"
	chmod a+r "$TMP/stage/catalog.csv"
	other() { runuser -u nobody -- env MOTCUA_MODULEDIR="$OMODULES" MOTCUA_DATADIR="$TMP/stage" "$@"; }
	expect "group member is a clerk" 2 'user nobody \(clerk\) may not import the catalog' -- \
		other "$OBIN" --db "$TMP/shared.db" catalog import "$TMP/stage/catalog.csv"
	expect "group member needs a password" 1 'needs boss.s password' -- \
		other "$OBIN" --db "$TMP/shared.db" --user boss check </dev/null
	expect "group member logs in" 0 'unchanged' -- other \
		env MOTCUA_PASSWORD=boss-pw-1 "$OBIN" --db "$TMP/shared.db" --user boss catalog import "$TMP/stage/catalog.csv"
	# A read-only database: the message says so and nothing is half-written.
	chmod 0444 "$TMP/shared.db"
	before=$(sqlite3 "$TMP/shared.db" 'SELECT count(*) FROM dossiers')
	expect "read-only database" 4 'read-only; nothing was saved' -- other \
		"$OBIN" --db "$TMP/shared.db" dossier intake --procedure 1.004873 --name "An" \
		--id-number 034091002345 --phone 0912345678
	same "read-only: nothing written" "$(sqlite3 "$TMP/shared.db" 'SELECT count(*) FROM dossiers')" "$before"
	chmod 0700 "$TMP"
else
	skipped "other-user checks" "need root and runuser"
fi

# Backup, restore, check.
expect "backup" 0 'backup written' -- db a backup "$TMP/a.bak"
[ ! -e "$TMP/a.bak-wal" ] && ok "backup is one file" || bad "backup is one file" "a -wal is beside it"
intake a "Sau Sao Lưu" >/dev/null
expect "restore" 0 'previous content is saved in' -- db a restore "$TMP/a.bak"
same "restored content" "$(sqlite3 "$TMP/a.db" 'SELECT count(*) FROM dossiers')" 4
expect "check after restore" 0 'no problems' -- db a check
expect "restore another office refused" 2 'unit '$UB -- db a restore "$TMP/b.db"
expect "restore junk refused" 2 'not a motcua database' -- db a restore "$CATALOG"
sqlite3 "$TMP/a.db" "UPDATE dossiers SET status = 'returned' WHERE code = '$a4'"
expect "check finds a bad status" 2 "$a4: status is returned but its history ends at accepted" -- db a check

# A full disk: the database on a small tmpfs, intakes until it is full.
size=$(( $(stat -c %s "$TMP/b.db") / 1024 + 96 ))k
if [ "$(id -u)" = 0 ] && mkdir -p "$TMP/mnt" && mount -t tmpfs -o size=$size tmpfs "$TMP/mnt" 2>/dev/null; then
	MNT=$TMP/mnt
	cp "$TMP/b.db" "$MNT/full.db"
	: > "$TMP/acked"
	full=
	for i in $(seq 1 400); do
		out=$("$BIN" --db "$MNT/full.db" --user mai dossier intake --procedure 1.004873 \
			--name "Người Thứ Năm" --id-number 034091002345 --phone 0912345678 2>&1)
		rc=$?
		if [ $rc = 0 ]; then
			echo "${out%% *}" >> "$TMP/acked"
		else
			full=$out
			break
		fi
	done
	if grep -q 'the disk is full; nothing was saved' <<<"$full"; then
		ok "full disk named (after $(wc -l < "$TMP/acked") intakes)"
	else
		bad "full disk named" "${full:-no failure in 400 intakes}"
	fi
	missing=0
	while read -r code; do
		[ "$(sqlite3 "$MNT/full.db" "SELECT count(*) FROM dossiers WHERE code = '$code'")" = 1 ] ||
			missing=$((missing + 1))
	done < "$TMP/acked"
	same "full disk: every acknowledged dossier kept" "$missing" 0
	expect "full disk: check passes" 0 'no problems' -- "$BIN" --db "$MNT/full.db" check
	umount "$MNT" && MNT=
else
	skipped "full disk" "cannot mount a tmpfs here (needs root)"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
