#!/usr/bin/env bash
# End-to-end tests of the command line: real binary, real database files.
# Usage: tests/cli/run.sh PATH/TO/motcua
set -u
BIN=${1:?usage: run.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en
unset MOTCUA_DB MOTCUA_USER
DB=$TMP/office.db

. "$(dirname "$0")/lib.sh"



expect version 0 '^motcua [0-9]' -- "$BIN" --version
expect help 0 'dossier' -- "$BIN" --help
for c in "init" "catalog import" "catalog list" "catalog show" "calendar holiday add" \
	"calendar holiday del" "calendar holiday list" "calendar propose" "calendar due" \
	"calendar set" "dossier intake" "dossier show" "dossier find" "dossier list" \
	"units import" "units find" "user add" "user list" "text fold" "text type" \
	"text convert" "text cccd"; do
	# shellcheck disable=SC2086
	expect "help: $c" 0 'Usage: motcua' -- "$BIN" $c --help
done
expect "unknown command" 1 'unknown command' -- "$BIN" --db "$DB" frobnicate
expect "unknown option" 1 'unknown' -- "$BIN" --db "$DB" catalog list --bogus
expect "missing init args" 1 'required' -- "$BIN" --db "$DB" init --unit X
expect "bad unit code" 1 'letters, digits and dots' -- "$BIN" --db "$DB" init --unit 'A-B' --name x

expect init 0 '34 provinces, 3321 communes' -- m init --unit 000.17.22.H56 --name "UBND xã Quảng Phú"
expect "catalog import" 0 'added' -- m catalog import "$ROOT/data/catalog-sample.csv"
n=$(m catalog list --json | json 'len(d)')
[ "$n" -ge 60 ] && ok "catalog has >= 60 procedures ($n)" || bad "catalog size" "$n"
expect "catalog re-import unchanged" 0 '\(0 added, 0 updated' -- m catalog import "$ROOT/data/catalog-sample.csv"
expect "catalog bad file" 2 'catalog-bad.csv:4: .*deadline' -- m catalog import "$ROOT/tests/data/catalog-bad.csv"
expect "catalog missing file" 2 'nope.csv' -- m catalog import "$TMP/nope.csv"
expect "catalog search folded" 0 '1\.001193' -- m catalog list --search "dang ky khai sinh"

# Calendar facts through the CLI (domain.md §7).
m calendar holiday add 2026-02-16 --note "Tết" && for d in 17 18 19 20; do m calendar holiday add 2026-02-$d; done
expect "T9 due" 0 '^2026-02-25 10:00$' -- m calendar due --from '2026-02-13 10:00' --days 3
expect "T12 due hours" 0 '^2026-04-08 16:30$' -- m calendar due --from '2026-04-08 10:30' --hours 4
expect "T13 after hours" 0 '^2026-03-11 07:00$' -- m calendar due --from '2026-03-09 17:30' --days 1
expect "T16 24/11 working" 0 '^2026-11-25 08:00$' -- m calendar due --from '2026-11-23 08:00' --days 2
m calendar holiday add 2026-11-24 --type off --note "Ngày Văn hóa Việt Nam"
expect "T16 24/11 holiday" 0 '^2026-11-26 08:00$' -- m calendar due --from '2026-11-23 08:00' --days 2
expect "holiday list" 0 '2026-11-24.*off' -- m calendar holiday list --year 2026
expect "holiday del" 0 '' -- m calendar holiday del 2026-11-24
expect "holiday del missing" 2 'no holiday-table entry for 2026-11-24' -- m calendar holiday del 2026-11-24
expect "holiday bad date" 1 'DATE|date|month' -- m calendar holiday add 2026-02-30
expect "holiday bad type" 1 'off or workday' -- m calendar holiday add 2026-03-01 --type maybe
expect "workday swap" 0 '' -- m calendar holiday add 2025-04-26 --type workday --note "làm bù"
expect "propose 2026" 0 '2026-04-27' -- m calendar propose 2026
expect "due needs unit" 1 'one of' -- m calendar due --from '2026-01-05 08:00'
expect "due bad time" 1 'from' -- m calendar due --from '2026-01-05 25:00' --days 1

# Dossiers.
export MOTCUA_NOW='2026-11-25 09:00'
out=$(m --user mai dossier intake --procedure 1.004873 --name "Nguyễn Văn An" --id-number 034091002345 \
	--phone 0912345678 --address "Tổ 5, phường Tô Hiệu" --json)
code=$(json 'd["code"]' <<<"$out")
[ "$code" = "000.17.22.H56-261125-0001" ] && ok "intake code" || bad "intake code" "$code / $out"
[ "$(json 'd["applicant"]["name"]+"|"+d["applicant"]["id_number"]+"|"+d["procedure"]["code"]+"|"+d["status"]' <<<"$out")" = "Nguyễn Văn An|034091002345|1.004873|accepted" ] \
	&& ok "intake json keys" || bad "intake json keys" "$out"
[ "$(json 'd["received_at"]+"|"+d["due_at"]' <<<"$out")" = "2026-11-25 09:00|2026-11-30 09:00" ] \
	&& ok "intake due" || bad "intake due" "$out"
out=$(m --user mai dossier intake --procedure 1.004873 --name "Trần Minh Đức" --id-number 001085004321 \
	--phone 0987654321 --received-at '2026-11-20 14:00' --json)
# MOTCUA_NOW pins the office's day, never the real entry time (issue 15).
[ "$(json 'd["received_at"]+"|"+d["entered_at"][:10]+"|"+d["code"]' <<<"$out")" = "2026-11-20 14:00|$(date -u -d "+7 hours" +%F)|000.17.22.H56-261120-0001" ] \
	&& ok "paper intake keeps real entry time" || bad "paper intake" "$out"
expect "intake bad id" 2 'ID number' -- m dossier intake --procedure 1.004873 --name X --id-number 123 --phone 0912345678
expect "intake unknown procedure" 2 '9\.999999' -- m dossier intake --procedure 9.999999 --name X --id-number 034091002345 --phone 0912345678
expect "intake missing args" 1 'required' -- m dossier intake --name X
expect "find folded" 0 'Nguyễn Văn An' -- m dossier find nguyen v an
expect "find duc" 0 'Trần Minh Đức' -- m dossier find duc
n=$(m dossier find "nguyen v an" --json | json 'len(d)')
[ "$n" = 1 ] && ok "find json" || bad "find json" "$n"
expect "find by id" 0 'Trần Minh Đức' -- m dossier find 001085004321
expect "find by phone" 0 'Nguyễn Văn An' -- m dossier find "0912 345 678"
out=$(m dossier show "$code" --json)
[ "$(json 'd["events"][0]["user"]+"|"+d["events"][0]["action"]+"|"+str(d["status_code"])' <<<"$out")" = "mai|intake|2" ] \
	&& ok "show history" || bad "show history" "$out"
expect "show text" 0 'History' -- m dossier show "$code"
expect "show missing" 2 'no dossier with code X-1' -- m dossier show X-1
n=$(m dossier list --status accepted --from 2026-11-21 --to 2026-11-25 --json | json 'len(d)')
[ "$n" = 1 ] && ok "list filter" || bad "list filter" "$n"
expect "list bad status" 1 'unknown status' -- m dossier list --status lost
expect "list bad date" 2 'from' -- m dossier list --from 2026-13-01

# Lifecycle steps.
for c in transfer supplement resume fees refuse withdraw stop extend result return rate; do
	expect "help: dossier $c" 0 'Usage: motcua dossier' -- "$BIN" dossier $c --help
done
expect "transfer" 0 'processing' -- m --user mai dossier transfer "$code" --to "Tư pháp" --assignee lan
expect "illegal step" 2 'is processing .*return is not allowed; allowed steps: transfer, supplement' -- \
	m dossier return "$code" --to "Nguyễn Văn An"
expect "supplement" 0 'supplement' -- m dossier supplement "$code" --missing "Bản sao giấy khai sinh"
expect "resume" 0 'processing' -- m dossier resume "$code"
expect "result" 0 'ready' -- m --user lan dossier result "$code"
expect "return" 0 'returned' -- m --user mai dossier return "$code" --to "Nguyễn Văn An" --by counter
expect "rate" 0 '' -- m dossier rate "$code" --rating 1
expect "rate twice" 2 'already rated' -- m dossier rate "$code" --rating 2
expect "rate bad" 1 '1, 2 or 3' -- m dossier rate "$code" --rating 5
out=$(m dossier show "$code" --json)
[ "$(json '"|".join([str(d["status_code"]), d["timeliness"], d["returned"]["by"], str(d["rating"]), " ".join(e["action"] for e in d["events"])])' <<<"$out")" = \
	"10|early|counter|1|intake transfer supplement resume result return rate" ] \
	&& ok "show json lifecycle" || bad "show json lifecycle" "$out"
expect "closed dossier" 2 'none \(the dossier is closed\)' -- m dossier transfer "$code" --to X

# Importing dossiers from another system: checked whole, then written.
cat > "$TMP/old.csv" <<'CSV'
procedure,name,id_number,phone,received_at,address,code,status,so_bien_nhan,received_by
1.004873,Lê Thị Hoa,038190001111,0911000111,2025-03-03 08:15,"Thôn 1, xã Quảng Phú",000.17.22.H56-250303-0007,returned,BN-12,lan
2.000908,Phạm Văn Bình,038190002222,0911000222,2026-11-24 10:00,,,,,
CSV
cat > "$TMP/old-bad.csv" <<'CSV'
procedure,name,id_number,phone,received_at
1.004873,Lê Thị Hoa,038190001111,0911000111,2025-03-03 08:15
1.004873,Lê Thị Hoa,03819000111,0911000111,2025-03-03 08:15
CSV
before=$(m dossier list --json | json 'len(d)')
expect "import bad row" 2 'old-bad.csv:3: ID number' -- m dossier import "$TMP/old-bad.csv"
[ "$(m dossier list --json | json 'len(d)')" = "$before" ] && ok "bad import wrote nothing" || bad "bad import" "rows written"
# A status and another person's name need a supervisor (issue 15): the local admin here.
expect "import" 0 '2 dossiers imported' -- m dossier import "$TMP/old.csv"
out=$(m dossier show 000.17.22.H56-250303-0007 --json)
[ "$(json 'd["status"]+"|"+d["form_set"]+"|"+d["extra"]["so_bien_nhan"]+"|"+d["events"][0]["action"]+"|"+d["events"][0]["user"]' <<<"$out")" = "returned|2018|BN-12|import|lan" ] \
	&& ok "import keeps code, status, office fields" || bad "import fields" "$out"
expect "import twice refused" 2 'already exists' -- m dossier import "$TMP/old.csv"
expect "import next code after kept one" 0 'H56-250303-0008' -- m --user mai dossier intake --procedure 1.004873 \
	--name "Đỗ An" --id-number 038190003333 --phone 0911000333 --received-at '2025-03-03 09:00'

# Units and old addresses.
expect "units find old name" 0 'formerly' -- m units find chieng le
expect "units find new" 0 'Ba Đình' -- m units find phuong ba dinh

# Users.
echo 'mật khẩu 1' | m user add lan --role supervisor --full-name "Lê Thị Lan" --password-stdin
expect "user list" 0 'lan +supervisor' -- m user list
expect "user dup" 2 'already exists' -- sh -c "echo pw12-long | '$BIN' --db '$DB' user add lan --role clerk --password-stdin"
if sqlite3 "$DB" "SELECT password_hash FROM users WHERE username='lan'" | grep -q '^\$y\$'; then
	ok "password hashed with yescrypt"
else
	bad "password hash" "not yescrypt"
fi

# Vietnamese text tools.
expect "type telex" 0 '^Nguyễn Văn Anh$' -- sh -c "echo 'Nguyeenx Vawn Anh' | '$BIN' text type --method telex"
expect "type vni" 0 '^Nguyễn Văn Anh$' -- sh -c "echo 'Nguye6n4 Va8n Anh' | '$BIN' text type --method vni"
expect "type backspace" 0 '^hòa$' -- sh -c "echo 'hoanf<BS>' | '$BIN' text type --method telex"
expect "type new style" 0 '^hoà$' -- sh -c "echo 'hoaf' | '$BIN' text type --method telex --style new"
expect "type needs method" 1 'method' -- "$BIN" text type
expect "fold" 0 '^nguyen van duc$' -- sh -c "echo 'NGUYỄN Văn Đức' | '$BIN' text fold"
for enc in viscii cp1258 vni viqr vps utf-8-nfd; do
	got=$(echo "Đặng Thị Ngọc Hưởng, Nguyễn Văn Đức" | "$BIN" text convert --from utf-8 --to $enc |
		"$BIN" text convert --from $enc --to utf-8)
	[ "$got" = "Đặng Thị Ngọc Hưởng, Nguyễn Văn Đức" ] && ok "round trip $enc" || bad "round trip $enc" "$got"
done
expect "tcvn3 capitals reported" 0 'cannot be written in tcvn3; the first at line 1, column 1' -- \
	sh -c "echo 'Ánh' | '$BIN' text convert --from utf-8 --to tcvn3 >/dev/null"
expect "bad utf-8 named" 2 'line 1' -- sh -c "printf 'ab\\377c\\n' | '$BIN' text convert --from utf-8 --to viscii"
expect "bad encoding" 1 'encoding|charset' -- sh -c "echo x | '$BIN' text convert --from klingon --to utf-8"
printf '%s\n' "$(head -1 "$ROOT/data/catalog-sample.csv")" "$(grep '^1.004873' "$ROOT/data/catalog-sample.csv")" |
	"$BIN" text convert --from utf-8 --to tcvn3 > "$TMP/cat-tcvn3.csv"
"$BIN" --db "$TMP/enc.db" init --unit X.1 --name enc --no-units >/dev/null
expect "catalog import --encoding tcvn3" 0 '1 procedures' -- "$BIN" --db "$TMP/enc.db" catalog import "$TMP/cat-tcvn3.csv" --encoding tcvn3
expect "tcvn3 catalog decoded" 0 'xác nhận tình trạng hôn nhân' -- "$BIN" --db "$TMP/enc.db" catalog list
# iconv takes any encoding it knows; byte-order marks are honoured: Excel's
# "CSV UTF-8" (UTF-8 with a BOM) and "Unicode text" (UTF-16LE with a BOM)
# import without --encoding.
cat_row() { printf '%s\n' "$(head -1 "$ROOT/data/catalog-sample.csv")" "$(grep "^$1" "$ROOT/data/catalog-sample.csv")"; }
{ printf '\xEF\xBB\xBF'; cat_row 1.004873; } >"$TMP/cat-bom.csv"
{ printf '\xFF\xFE'; cat_row 1.001193 | iconv -f utf-8 -t UTF-16LE; } >"$TMP/cat-u16.csv"
cat_row 1.000894 | iconv -f utf-8 -t UTF-16LE >"$TMP/cat-u16le.csv"
cat_row 1.000656 | iconv -f utf-8 -t VISCII >"$TMP/cat-viscii.csv"
for f in bom u16; do
	"$BIN" --db "$TMP/enc-$f.db" init --unit X.1 --name enc --no-units >/dev/null
	expect "catalog import $f" 0 '1 procedures' -- "$BIN" --db "$TMP/enc-$f.db" catalog import "$TMP/cat-$f.csv"
done
expect "bom catalog decoded" 0 '^1\.004873 ' -- "$BIN" --db "$TMP/enc-bom.db" catalog list
expect "utf-16 catalog decoded" 0 '^1\.001193 .*khai sinh' -- "$BIN" --db "$TMP/enc-u16.db" catalog list
expect "catalog import --encoding UTF-16LE" 0 '1 procedures' -- "$BIN" --db "$TMP/enc.db" catalog import "$TMP/cat-u16le.csv" --encoding UTF-16LE
expect "catalog import --encoding VISCII (iconv)" 0 '1 procedures' -- "$BIN" --db "$TMP/enc.db" catalog import "$TMP/cat-viscii.csv" --encoding VISCII
expect "iconv-named catalogs decoded" 0 '1\.000656 +Thủ tục đăng ký khai tử' -- "$BIN" --db "$TMP/enc.db" catalog show 1.000656
expect "unknown --encoding" 1 "unknown encoding 'klingon'" -- "$BIN" --db "$TMP/enc.db" catalog import "$TMP/cat-viscii.csv" --encoding klingon
expect "text convert utf-16" 0 '^Nguyễn Văn Ánh$' -- sh -c "printf 'Nguye\314\202\314\203n V\304\203n \303\201nh\n' | iconv -f utf-8 -t utf-16 | '$BIN' text convert --from utf-16 --to utf-8"
# Files are mapped, not read, in 4 MiB blocks cut at line ends (UTF-16's
# two-byte newlines cut mid-character): the result is iconv's, byte for byte.
for i in $(seq 40000); do echo "Dòng $i: Nguyễn Thị Thuỳ Dương, phường Tô Hiệu, Sơn La"; done >"$TMP/big.utf8"
iconv -f utf-8 -t VISCII "$TMP/big.utf8" >"$TMP/big.viscii"
iconv -f utf-8 -t UTF-16 "$TMP/big.utf8" >"$TMP/big.utf16"
"$BIN" text convert --from viscii --to utf-8 <"$TMP/big.viscii" >"$TMP/big.out1"
cmp -s "$TMP/big.out1" "$TMP/big.utf8" && ok "mapped viscii file ($(stat -c %s "$TMP/big.viscii") bytes)" || bad "mapped viscii" "differs"
"$BIN" text convert --from utf-16 --to utf-8 <"$TMP/big.utf16" >"$TMP/big.out2"
cmp -s "$TMP/big.out2" "$TMP/big.utf8" && ok "mapped utf-16 file ($(stat -c %s "$TMP/big.utf16") bytes)" || bad "mapped utf-16" "differs"
cat "$TMP/big.utf16" | "$BIN" text convert --from utf-16 --to utf-8 >"$TMP/big.out3"
cmp -s "$TMP/big.out3" "$TMP/big.utf8" && ok "piped utf-16" || bad "piped utf-16" "differs"
expect "text convert to cp1252 counts lost" 0 'cannot be written in cp1252; the first at line 1, column 5' -- \
	sh -c "echo 'Nguyễn' | '$BIN' text convert --from utf-8 --to cp1252 >/dev/null"
expect "cccd json" 0 '"birth_date":"1991-03-12"' -- sh -c "echo '034091002345||Nguyễn Thị Thuỳ Dương|12031991|Nữ|Tổ 5, phường Tô Hiệu, Sơn La|01072021' | '$BIN' text cccd"
expect "cccd malformed" 2 'field 1' -- sh -c "echo '03409100234||An|12031991|Nam|x|01072021' | '$BIN' text cccd"

# Foreign and damaged files are refused and left untouched.
echo "not a database at all, just text padding padding padding padding" > "$TMP/x.db"
sum=$(md5sum < "$TMP/x.db")
expect "not sqlite refused" 2 'not a motcua database' -- "$BIN" --db "$TMP/x.db" catalog list
[ "$(md5sum < "$TMP/x.db")" = "$sum" ] && ok "not sqlite untouched" || bad "not sqlite untouched" "changed"
sqlite3 "$TMP/y.db" "CREATE TABLE t(a); PRAGMA user_version=3;"
expect "foreign sqlite refused" 2 'another program' -- "$BIN" --db "$TMP/y.db" catalog list
# A database that cannot be opened says why (SQLite alone says "unable to
# open database file"); a clerk outside the file's group is told about the
# group (checked by hand as a non-root user: root bypasses permissions).
expect "missing directory named" 4 'x\.db: .*No such file or directory' -- \
	env LC_ALL=C "$BIN" --db "$TMP/no-such-dir/x.db" init --unit X.1 --name x --no-units
# Only init creates a database: any other command on a missing file exits 4
# naming the path and init, and leaves no file behind (a clerk with a wrong
# path must not see an empty office).
for c in "dossier list" "catalog list" "user list" "report --from 2026-01-01 --to 2026-01-31" \
	"queue status" "backup $TMP/nodb-backup.db" "check" "config list"; do
	# shellcheck disable=SC2086
	expect "no silent database: $c" 4 "no database at $TMP/nodb\.db: .*motcua --db $TMP/nodb\.db init" -- \
		"$BIN" --db "$TMP/nodb.db" $c
	[ ! -e "$TMP/nodb.db" ] && ok "no file made: $c" || { bad "no file made: $c" "created"; rm -f "$TMP"/nodb.db*; }
done
expect "no silent database: TUI" 4 "no database at $TMP/nodb\.db" -- "$BIN" --db "$TMP/nodb.db"
expect "no silent database: default path" 4 "no database at $TMP/xdg/motcua/motcua\.db" -- \
	env -u MOTCUA_DB XDG_DATA_HOME="$TMP/xdg" "$BIN" dossier list
[ ! -e "$TMP/xdg/motcua/motcua.db" ] && ok "no file at the default path" || bad "default path" "created"
expect "no silent database: vi" 4 "không có cơ sở dữ liệu tại $TMP/nodb\.db" -- \
	env -u LANGUAGE "$BIN" --db "$TMP/nodb.db" dossier list
if [ "$(id -u)" != 0 ]; then
	mkdir "$TMP/locked" && chmod 000 "$TMP/locked"
	expect "permission denied named" 4 'permission denied .*docs/security.md' -- \
		"$BIN" --db "$TMP/locked/x.db" catalog list
	chmod 700 "$TMP/locked"
fi
MOTCUA_DB=$DB expect "MOTCUA_DB env" 0 'Nguyễn Văn An' -- "$BIN" dossier find an

# Plain-text tables line up by terminal columns, not bytes: the column
# after a name starts at the same column for ASCII and accented names.
# col_of PATTERN: the (character) column where PATTERN starts on each line.
col_of() { python3 -c 'import re,sys; print(" ".join(str(m.start()) for l in sys.stdin for m in [re.search(sys.argv[1], l)] if m))' "$1"; }
ALIGN=$TMP/align.db
"$BIN" --db "$ALIGN" init --unit 000.17.22.H56 --name "Xã Thử" --no-units >/dev/null
"$BIN" --db "$ALIGN" catalog import "$ROOT/data/catalog-sample.csv" >/dev/null
for name in "Nguyen Van An" "Nguyễn Thị Thuỳ Dương"; do
	"$BIN" --db "$ALIGN" dossier intake --procedure 1.004873 --name "$name" \
		--id-number 034091002345 --phone 0912345678 >/dev/null
done
cols=$("$BIN" --db "$ALIGN" dossier list | col_of ' 1\.004873 ')
[ "$(tr ' ' '\n' <<<"$cols" | sort -u | wc -l)" = 1 ] && ok "dossier list columns ($cols)" ||
	bad "dossier list columns" "$cols"
# Names wider than their 60 columns push the rest of their own line only.
cols=$("$BIN" --db "$ALIGN" catalog list | col_of '  [0-9.]+ (ngày|giờ|day|hour|working)' |
	tr ' ' '\n' | awk '$1 <= 70')
[ "$(wc -l <<<"$cols")" -gt 10 ] && [ "$(sort -u <<<"$cols" | wc -l)" = 1 ] &&
	ok "catalog list columns" || bad "catalog list columns" "$(sort <<<"$cols" | uniq -c | head -3)"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
