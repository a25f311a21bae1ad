#!/usr/bin/env bash
# The attacks of issue 15 that need no second system account, each against
# the real binary and a real database (tests/cli/setgid.sh has the others).
# Usage: tests/cli/security.sh PATH/TO/motcua
set -u
BIN=${1:?usage: security.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en MOTCUA_NOW='2026-03-02 09:00'
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD
DB=$TMP/office.db

. "$(dirname "$0")/lib.sh"

m init --unit 000.17.22.H56 --name "UBND xã Quảng Phú" >/dev/null || bad init "failed"
m catalog import "$ROOT/data/catalog-sample.csv" >/dev/null || bad catalog "failed"
echo 'mật khẩu 1' | m user add mai --role clerk --password-stdin >/dev/null || bad "user add" failed

# ---- passwords: at least 8 characters (characters, not bytes).
expect "password too short" 2 'at least 8 characters' -- \
	sh -c "echo 'pw-1234' | '$BIN' --db '$DB' user add short --role clerk --password-stdin"
expect "password of 8 accented characters" 0 '' -- \
	sh -c "echo 'mật khẩu' | '$BIN' --db '$DB' user add lan --role clerk --password-stdin"

# ---- a locked account is told so.
for i in 1 2 3 4; do MOTCUA_PASSWORD=nope "$BIN" --db "$DB" --user lan user list >/dev/null 2>&1; done
expect "fifth failure says locked" 2 'account is locked' -- \
	env MOTCUA_PASSWORD=nope "$BIN" --db "$DB" --user lan user list
expect "locked even with the right password" 2 'account lan is locked' -- \
	env MOTCUA_PASSWORD='mật khẩu' "$BIN" --db "$DB" --user lan user list
expect "MOTCUA_NOW does not open the lock" 2 'account lan is locked' -- \
	env MOTCUA_NOW='2030-01-01 08:00' MOTCUA_PASSWORD='mật khẩu' "$BIN" --db "$DB" --user lan user list

# ---- MOTCUA_NOW moves the office's day, never the real entry time.
out=$(MOTCUA_PASSWORD='mật khẩu 1' m --user mai dossier intake --procedure 1.004873 --name "Nguyễn Văn An" \
	--id-number 034091002345 --phone 0912345678 --json)
same_day=$(json 'd["received_at"][:10]+"|"+d["entered_at"][:10]' <<<"$out")
[ "$same_day" = "2026-03-02|$(date -u -d "+7 hours" +%F)" ] && ok "entered_at is the real time" || bad "entered_at" "$same_day"

# ---- a "file:" URI is a file name, not a way round the owner check.
cd "$TMP" || exit 1
# (Whatever becomes of the literal name, office.db must not be the file opened.)
echo 'pw-evil-1' | "$BIN" --db 'file:office.db?mode=rw' user add evil --role admin --password-stdin >/dev/null 2>&1
[ "$(sqlite3 "$DB" "SELECT count(*) FROM users")" = 2 ] && ok "no user made through a URI" || bad "URI" "users changed"
cd - >/dev/null || exit 1

# ---- dossier import: a clerk cannot record someone else's intake or a status.
cat > "$TMP/by.csv" <<'CSV'
procedure,name,id_number,phone,received_at,received_by
1.004873,Lê Thị Hoa,038190001111,0911000111,2026-03-01 08:15,hung
CSV
cat > "$TMP/status.csv" <<'CSV'
procedure,name,id_number,phone,received_at,status
1.004873,Lê Thị Hoa,038190001111,0911000111,2026-03-01 08:15,returned
CSV
cat > "$TMP/own.csv" <<'CSV'
procedure,name,id_number,phone,received_at,received_by,status
1.004873,Lê Thị Hoa,038190001111,0911000111,2026-03-01 08:15,mai,accepted
CSV
n0=$(sqlite3 "$DB" "SELECT count(*) FROM dossiers")
expect "clerk imports as another user" 2 'by.csv:2: received_by hung: user mai \(clerk\) may not' -- \
	env MOTCUA_PASSWORD='mật khẩu 1' "$BIN" --db "$DB" --user mai dossier import "$TMP/by.csv"
expect "clerk imports a status" 2 'status.csv:2: status returned: user mai \(clerk\) may not' -- \
	env MOTCUA_PASSWORD='mật khẩu 1' "$BIN" --db "$DB" --user mai dossier import "$TMP/status.csv"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM dossiers")" = "$n0" ] && ok "refused imports wrote nothing" || bad import "rows written"
expect "clerk imports their own intake" 0 '1 dossiers imported|1 dossier imported' -- \
	env MOTCUA_PASSWORD='mật khẩu 1' "$BIN" --db "$DB" --user mai dossier import "$TMP/own.csv"

# ---- sync import: a file over the limit is refused before it is read.
truncate -s 300M "$TMP/huge.bundle"
expect "huge bundle refused" 2 'huge.bundle is 314572800 bytes, over the limit' -- m sync import "$TMP/huge.bundle"

# ---- control characters: refused on input, never raw on a terminal, CSV formulas escaped.
ESC=$(printf '\033') C1=$(printf '\302\233')
expect "ESC in a name refused" 2 'name: control character 0x1b at byte offset 1' -- \
	m dossier intake --procedure 1.004873 --name "A${ESC}]0;pwned" --id-number 034091002345 --phone 0912345678
expect "C1 in an address refused" 2 'address: control character 0x9b' -- \
	m dossier intake --procedure 1.004873 --name An --id-number 034091002345 --phone 0912345678 --address "x${C1}31m"
expect "escaped ESC in extra fields refused" 2 'extra fields: control character 0x1b' -- \
	m dossier intake --procedure 1.004873 --name An --id-number 034091002345 --phone 0912345678 \
	--extra '{"so_bien_nhan":"a\u001b]0;x\u0007"}'
expect "Vietnamese extra fields taken" 0 '' -- m dossier intake --procedure 1.004873 --name An \
	--id-number 034091002345 --phone 0912345678 --extra '{"dia_chi_the":"Tổ 5, phường Chiềng Lề"}'
printf 'code,name,field,agency,level,deadline,deadline_unit,fee,documents\n9.000001,T\033[31mX,F,A,L,3,day,0,X\n' >"$TMP/esc.csv"
expect "ESC in a catalog refused" 2 'esc.csv:2: column name: control character 0x1b' -- m catalog import "$TMP/esc.csv"
expect "ESC in a full name refused" 2 'full name: control character 0x1b' -- \
	sh -c "echo 'pw-long-99' | '$BIN' --db '$DB' user add zz --role clerk --full-name 'Z${ESC}[2J' --password-stdin"
# A name planted behind motcua's back (sqlite3) reaches a terminal as '?'.
sqlite3 "$DB" "UPDATE dossiers SET applicant_name = 'Lê' || char(27) || ']0;pwned' || char(7) || char(155) || 'x' WHERE id = 1"
code1=$(sqlite3 "$DB" "SELECT code FROM dossiers WHERE id = 1")
script -qec "'$BIN' --db '$DB' dossier show '$code1'; '$BIN' --db '$DB' dossier list" /dev/null >"$TMP/tty.out" 2>&1
if grep -q 'Lê?]0;pwned??x' "$TMP/tty.out" && ! grep -qP '\x1b\]|\x07|\xc2\x9b' "$TMP/tty.out"; then
	ok "controls shown as ? on a terminal"
else
	bad "terminal output" "$(od -c "$TMP/tty.out" | grep -m3 -E '033|007|302 233')"
fi
sqlite3 "$DB" "UPDATE dossiers SET applicant_name = 'Nguyễn Văn An' WHERE id = 1"
# A procedure named like a formula is a text cell in the report's CSV.
printf 'code,name,field,agency,level,deadline,deadline_unit,fee,documents\n9.000002,"=HYPERLINK(""http://x"")",@SUM(A1),+A,-L,3,day,0,X\n' >"$TMP/formula.csv"
m catalog import "$TMP/formula.csv" >/dev/null || bad "formula catalog" "import failed"
m dossier intake --procedure 9.000002 --name An --id-number 034091002345 --phone 0912345678 >/dev/null ||
	bad "formula intake" failed
out=$(m report --from 2026-03-01 --to 2026-03-31 --format csv --by procedure)
grep -qF '"'"'"'=HYPERLINK(""http://x"")"' <<<"$out" && ! grep -qE '(^|,)[=+@-][A-Za-z]' <<<"$out" &&
	ok "CSV formulas escaped" || bad "CSV formulas" "$out"

# ---- files: print --out never follows a planted link nor destroys on error; 0640.
echo precious >"$TMP/victim"
ln -s "$TMP/victim" "$TMP/form.txt"
expect "print --out over a link" 0 '' -- m print 01 "$code1" --out "$TMP/form.txt"
[ "$(cat "$TMP/victim")" = precious ] && [ ! -L "$TMP/form.txt" ] && ok "the link was replaced, not followed" ||
	bad "print --out link" "victim: $(cat "$TMP/victim")"
[ "$(stat -c %a "$TMP/form.txt")" = 640 ] && ok "printed form 0640" || bad "mode" "$(stat -c %a "$TMP/form.txt")"
echo "yesterday's form" >"$TMP/keep.txt"
expect "print --out error" 2 '' -- m print 01 000.17.22.H56-000000-9999 --out "$TMP/keep.txt"
[ "$(cat "$TMP/keep.txt")" = "yesterday's form" ] && ok "existing --out kept on error" || bad "print --out error" "file changed"
[ -z "$(ls "$TMP" | grep 'keep.txt.')" ] && ok "no temporary left" || bad "temporary" "$(ls "$TMP")"
# A database whose SQLite header is damaged: a system error (4), named.
cp "$DB" "$TMP/damaged.db"
printf '\377\377' | dd of="$TMP/damaged.db" bs=1 seek=16 conv=notrunc 2>/dev/null
expect "damaged header exits 4" 4 'damaged.db is damaged' -- "$BIN" --db "$TMP/damaged.db" dossier list

# ---- the history: rewritten, removed or added behind the triggers' back, check sees it.
expect "check before the attacks" 0 '' -- m check
cp "$DB" "$TMP/clean.db"
upd=$(sqlite3 "$DB" "SELECT sql FROM sqlite_schema WHERE name = 'dossier_events_no_update'")
sqlite3 "$DB" "DROP TRIGGER dossier_events_no_update;
	UPDATE dossier_events SET user_name = 'lan' WHERE id = 1;
	$upd;" || bad "attack" "sqlite3 failed"
expect "rewritten event found" 2 'history chain link 1 \(event 1\): does not match its event' -- m check
cp "$TMP/clean.db" "$DB"; rm -f "$DB-wal" "$DB-shm"
del=$(sqlite3 "$DB" "SELECT sql FROM sqlite_schema WHERE name = 'dossier_events_no_delete'")
sqlite3 "$DB" "DROP TRIGGER dossier_events_no_delete; DELETE FROM dossier_events WHERE id = 2; $del;" ||
	bad "attack" "sqlite3 failed"
expect "removed event found" 2 'link 2 \(event 2\): its event was removed' -- m check
cp "$TMP/clean.db" "$DB"; rm -f "$DB-wal" "$DB-shm"
chain=$(sqlite3 "$DB" "SELECT sql FROM sqlite_schema WHERE name = 'dossier_events_chain'")
sqlite3 "$DB" "DROP TRIGGER dossier_events_chain;
	INSERT INTO dossier_events(dossier_id, at, entered_at, user_name, action, to_status)
	SELECT dossier_id, at, entered_at, 'lan', 'return', 'returned' FROM dossier_events WHERE id = 1;
	UPDATE dossiers SET status = 'returned' WHERE id = 1; $chain;" || bad "attack" "sqlite3 failed"
expect "event added behind motcua's back found" 2 'is not in the history chain' -- m check
cp "$TMP/clean.db" "$DB"; rm -f "$DB-wal" "$DB-shm"
expect "an event cannot be added with sqlite3 alone" 1 'motcua_event_hash' -- sqlite3 "$DB" \
	"INSERT INTO dossier_events(dossier_id, at, entered_at, user_name, action) VALUES (1, 'x', 'x', 'x', 'x')"

# ---- a history rewritten and rechained passes the office's check, but the
# province sees it on the office's next bundle.
P=$TMP/province.db
"$BIN" --db "$P" init --unit 000.00.00.H56 --name "Tỉnh" >/dev/null || bad "province init" failed
"$BIN" --db "$P" catalog import "$ROOT/data/catalog-sample.csv" >/dev/null || bad "province catalog" failed
"$BIN" --db "$P" catalog import "$TMP/formula.csv" >/dev/null || bad "province catalog" failed
"$BIN" --db "$P" sync role province >/dev/null || bad "province role" failed
# Signed bundles: the keys are enrolled both ways, fingerprints checked.
m sync key show --out "$TMP/office.key" >/dev/null || bad "office key" failed
"$BIN" --db "$P" sync key show --out "$TMP/province.key" >/dev/null || bad "province key" failed
fp_o=$(sed -n 's/^fingerprint: //p' "$TMP/office.key") fp_p=$(sed -n 's/^fingerprint: //p' "$TMP/province.key")
expect "key show names the fingerprint" 0 "fingerprint: $fp_o" -- m sync key show
expect "wrong fingerprint refused" 2 'not the one given' -- \
	"$BIN" --db "$P" sync trust add 000.17.22.H56 "$TMP/office.key" --fingerprint "$fp_p"
expect "key of another unit refused" 2 'is the key of unit 000.00.00.H56' -- \
	"$BIN" --db "$P" sync trust add 000.17.22.H56 "$TMP/province.key" --fingerprint "$fp_p"
expect "a clerk cannot enrol keys" 2 'may not enrol sync keys' -- \
	env MOTCUA_PASSWORD='mật khẩu 1' "$BIN" --db "$DB" --user mai sync trust add 000.00.00.H56 \
	"$TMP/province.key" --fingerprint "$fp_p"
expect "province enrols the office" 0 '' -- \
	"$BIN" --db "$P" sync trust add 000.17.22.H56 "$TMP/office.key" --fingerprint "$fp_o"
expect "office enrols the province" 0 '' -- m sync trust add 000.00.00.H56 "$TMP/province.key" --fingerprint "$fp_p"
expect "trust list" 0 "000.17.22.H56 +$fp_o" -- "$BIN" --db "$P" sync trust list
m sync export --out "$TMP/b1.bundle" >/dev/null || bad "export 1" failed
# A forger with a database of the same unit code: signed, but not by a trusted key.
F=$TMP/forger.db
"$BIN" --db "$F" init --unit 000.17.22.H56 --name "Giả mạo" >/dev/null
"$BIN" --db "$F" catalog import "$ROOT/data/catalog-sample.csv" >/dev/null
"$BIN" --db "$F" dossier intake --procedure 1.004873 --name "Kẻ Giả" --id-number 034091009999 \
	--phone 0912000000 >/dev/null
"$BIN" --db "$F" sync export --out "$TMP/forged.bundle" >/dev/null || bad "forger export" failed
expect "bundle signed by an unknown key refused" 2 'does not trust for unit 000.17.22.H56 \(fingerprint' -- \
	"$BIN" --db "$P" sync import "$TMP/forged.bundle"
# The same bundle with its signature stripped, or changed after signing.
python3 -c 'import sys; b = open(sys.argv[1], "rb").read(); sys.stdout.buffer.write(b[b.index(b"\n\n") + 2:])' \
	"$TMP/b1.bundle" >"$TMP/unsigned.bundle"
expect "unsigned bundle refused" 2 'unsigned.bundle is not signed' -- "$BIN" --db "$P" sync import "$TMP/unsigned.bundle"
python3 - "$TMP/b1.bundle" "$TMP/tampered.bundle" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read()
open(sys.argv[2], 'wb').write(b.replace(b"seq: 1", b"seq: 9", 1))
PY
expect "bundle changed after signing refused" 2 'damaged or forged' -- "$BIN" --db "$P" sync import "$TMP/tampered.bundle"
# A catalog from a database that merely calls itself a province.
"$BIN" --db "$F" sync role province >/dev/null
"$BIN" --db "$F" units import /dev/null >/dev/null 2>&1
"$BIN" --db "$F" init --unit 000.00.00.H56 --name "Tỉnh giả" >/dev/null 2>&1
if "$BIN" --db "$F" sync export --peer 000.17.22.H56 --out "$TMP/fake-catalog.bundle" >/dev/null 2>&1; then
	expect "catalog from an untrusted province refused" 2 'does not trust for unit' -- \
		m sync import "$TMP/fake-catalog.bundle"
else
	bad "fake province export" "$("$BIN" --db "$F" sync export --peer 000.17.22.H56 --out "$TMP/x.bundle" 2>&1)"
fi
grep -aqE '^chain: [0-9]+ [0-9a-f]{64} 0 -$' "$TMP/b1.bundle" && ok "bundle carries the chain head" ||
	bad "chain head" "$(grep -a '^chain' "$TMP/b1.bundle")"
expect "province takes bundle 1" 0 '' -- "$BIN" --db "$P" sync import "$TMP/b1.bundle"
cp "$DB" "$TMP/before-rechain.db"
python3 "$(dirname "$0")/rechain.py" "$DB" 1 lan || bad "rechain" "python failed"
expect "rechained history passes the office's own check" 0 '' -- m check
MOTCUA_PASSWORD='mật khẩu 1' m --user mai dossier intake --procedure 1.004873 --name "Lê Văn Cường" \
	--id-number 034091002399 --phone 0912345699 >/dev/null || bad "intake" failed
m sync export --out "$TMP/b2.bundle" >/dev/null || bad "export 2" failed
expect "province refuses the rewritten history" 2 \
	'bundle 2 from 000.17.22.H56 shows that the office.s history was rewritten' -- \
	"$BIN" --db "$P" sync import "$TMP/b2.bundle"
[ "$(sqlite3 "$P" "SELECT count(*) FROM sync_in")" = 1 ] && ok "nothing of bundle 2 applied" || bad "bundle 2" "applied"
# The honest office's next bundle goes through.
cp "$TMP/before-rechain.db" "$DB"; rm -f "$DB-wal" "$DB-shm"
MOTCUA_PASSWORD='mật khẩu 1' m --user mai dossier intake --procedure 1.004873 --name "Lê Văn Cường" \
	--id-number 034091002399 --phone 0912345699 >/dev/null || bad "intake" failed
m sync export --out "$TMP/b2.bundle" >/dev/null || bad "export 2" failed
expect "province takes an honest bundle 2" 0 '' -- "$BIN" --db "$P" sync import "$TMP/b2.bundle"

# ---- restore takes only a backup whose schema is motcua's own.
m backup "$TMP/good.bak" >/dev/null || bad backup "failed"
cp "$TMP/good.bak" "$TMP/evil.bak"
sqlite3 "$TMP/evil.bak" "CREATE TRIGGER users_admin AFTER INSERT ON users BEGIN
	UPDATE users SET role = 'admin' WHERE id = new.id; END;" || bad "attack" "sqlite3 failed"
expect "restore refuses an extra trigger" 2 'evil.bak has a trigger users_admin that motcua does not make' -- \
	m restore "$TMP/evil.bak"
cp "$TMP/good.bak" "$TMP/evil2.bak"
sqlite3 "$TMP/evil2.bak" "DROP TRIGGER dossier_events_no_delete;
	CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events WHEN 0 BEGIN SELECT 1; END;" ||
	bad "attack" "sqlite3 failed"
expect "restore refuses a changed trigger" 2 'evil2.bak has a changed trigger dossier_events_no_delete' -- \
	m restore "$TMP/evil2.bak"
expect "restore takes motcua's own backup" 0 '' -- m restore "$TMP/good.bak"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
