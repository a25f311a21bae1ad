#!/usr/bin/env bash
# End-to-end tests of `motcua print` and `motcua report`: real binary, real
# database, the shipped templates (forms/print). A PDF is read back with
# pdftotext (poppler-utils) to find the Vietnamese name in it.
# Usage: tests/cli/print.sh PATH/TO/motcua
set -u
BIN=${1:?usage: print.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en MOTCUA_NOW='2026-03-02 09:00'
unset MOTCUA_DB MOTCUA_USER MOTCUA_PRINT_FONT
DB=$TMP/office.db

. "$(dirname "$0")/lib.sh"

# expect NAME EXIT_CODE PATTERN -- command...

# Widest line of a file in display columns (characters: the forms hold no
# double-width text).
widest() { python3 -c 'import sys; print(max((len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")), default=0))' "$1"; }

m init --unit 000.17.22.H56 --name "UBND xã Quảng Phú" >/dev/null || bad init "failed"
m catalog import "$ROOT/data/catalog-sample.csv" >/dev/null || bad catalog "failed"
NEW=$(m dossier intake --procedure 1.004873 --name "Nguyễn Thị Ngọc Ánh" --id-number 034091002345 \
	--phone 0912345678 --address "thôn Đông" --received-at '2026-02-13 10:00' | cut -d' ' -f1)
OLD=$(m dossier intake --procedure 1.004873 --name "Trần Văn Bình" --id-number 001085004321 \
	--phone 0987654321 --received-at '2025-06-30 14:00' | cut -d' ' -f1)
[ -n "$NEW" ] && [ -n "$OLD" ] && ok "intake two dossiers" || bad intake "no codes"

for c in "print" "report"; do
	expect "help: $c" 0 'Usage: motcua' -- "$BIN" $c --help
done
expect "list forms" 0 '07  register' -- m print list
expect "list 2018 only" 0 '06  register' -- m print list --set 2018

m print 01 "$NEW" >"$TMP/m01.txt"
expect "receipt: name" 0 'Ông/Bà: Nguyễn Thị Ngọc Ánh' -- cat "$TMP/m01.txt"
expect "receipt: 2025 set" 0 'BỘ PHẬN MỘT CỬA' -- cat "$TMP/m01.txt"
expect "receipt: code" 0 "$NEW" -- cat "$TMP/m01.txt"
# init loaded Tết 2026 (16-20 Feb, docs/rules.md R16): Fri 13 Feb 10:00 + 3
# working days is Wed 25 Feb (domain.md T9), not 18 Feb in the middle of Tết.
expect "receipt: appointment" 0 'trả kết quả giải quyết hồ sơ: 10 giờ 00 phút, ngày 25 tháng 02' -- cat "$TMP/m01.txt"
expect "receipt: QR half blocks" 0 '▀' -- cat "$TMP/m01.txt"
w=$(widest "$TMP/m01.txt"); [ "$w" -le 80 ] && ok "receipt fits 80 columns ($w)" || bad "80 columns" "$w"
m print receipt "$NEW" --width 132 >"$TMP/m01w.txt"
w=$(widest "$TMP/m01w.txt"); [ "$w" -le 132 ] && [ "$w" -gt 80 ] && ok "receipt at 132 columns ($w)" || bad "132 columns" "$w"
expect "ascii QR" 0 "^\[QR: $NEW\]" -- m print mau01 "$NEW" --ascii
expect "2018 receipt" 0 'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ' -- m print 01 "$OLD"
expect "no Mẫu 07 in 2018" 2 'Mẫu 07 is not a form of the 2018 set' -- m print 07 "$OLD"
expect "refuse needs the step" 2 'no refuse in its history' -- m print 03 "$NEW"
expect "unknown dossier" 2 'no dossier' -- m print 01 000.17.22.H56-260213-0999
expect "unknown form" 2 'unknown form' -- m print banana "$NEW"
expect "control slip" 0 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ' -- m print control "$NEW"
expect "register" 0 'Tổng số: 1 hồ sơ' -- m print register --from 2026-02-01 --to 2026-02-28
expect "register 2018" 0 'Mẫu số 06' -- m print register --from 2025-06-01 --to 2025-06-30
expect "register wrong number" 2 'not the register' -- m print 01 --from 2026-02-01 --to 2026-02-28
expect "register needs dates" 1 'needs --from' -- m print register
expect "bad format" 1 'text, pdf or ps' -- m print 01 "$NEW" --format doc

expect "pdf" 0 '' -- m print 01 "$NEW" --out "$TMP/m01.pdf"
head -c 5 "$TMP/m01.pdf" | grep -q '%PDF-' && ok "pdf header" || bad "pdf header" "$(head -c 20 "$TMP/m01.pdf")"
if command -v pdftotext >/dev/null; then
	pdftotext "$TMP/m01.pdf" - | grep -q 'Nguyễn Thị Ngọc Ánh' && ok "pdf holds the name" ||
		bad "pdf text" "$(pdftotext "$TMP/m01.pdf" - | head -5)"
else
	bad "pdftotext" "not installed (poppler-utils)"
fi
m print register --from 2026-02-01 --to 2026-02-28 --format pdf >"$TMP/reg.pdf"
head -c 5 "$TMP/reg.pdf" | grep -q '%PDF-' && ok "register pdf" || bad "register pdf" "not a PDF"
m print 01 "$NEW" --out "$TMP/m01.ps"
head -c 4 "$TMP/m01.ps" | grep -q '%!PS' && ok "postscript" || bad "postscript" "not PostScript"
expect "missing font" 4 'fonts-liberation2' -- env MOTCUA_PRINT_FONT=/nonexistent.ttf "$BIN" --db "$DB" print 01 "$NEW" --out "$TMP/x.pdf"
[ ! -e "$TMP/x.pdf" ] && ok "failed print leaves no file" || bad "failed print" "left $TMP/x.pdf"

# Reports: both dossiers are still open (in progress), and late by March.
expect "report text" 0 'Tiếp nhận +2  \(kỳ trước chuyển sang 1, trong kỳ 1\)' -- m report --from 2026-02-01 --to 2026-02-28
expect "report bars" 0 '█' -- m report --from 2026-01-01 --to 2026-03-31 --by field
expect "report ascii bars" 0 '#' -- m report --from 2026-01-01 --to 2026-03-31 --ascii
json=$(m report --from 2026-03-01 --to 2026-03-31 --format json)
got=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["received"]["carried_over"], d["received"]["new"], d["resolved"]["early"], d["resolved"]["on_time"], d["resolved"]["late"], d["in_progress"]["on_time"], d["in_progress"]["late"], d["paused"], d["returned"])' "$json")
[ "$got" = "2 0 0 0 0 0 2 0 0" ] && ok "report json keys and figures" || bad "report json" "$got / $json"
expect "report csv" 0 '^key,label,received_carried_over,received_new' -- m report --from 2026-03-01 --to 2026-03-31 --format csv --by procedure
expect "report csv total" 0 '^total,Tổng cộng,2,0,2,' -- m report --from 2026-03-01 --to 2026-03-31 --format csv
expect "report needs dates" 1 'required' -- m report --from 2026-03-01
expect "report bad by" 1 'field, agency, procedure or unit' -- m report --from 2026-03-01 --to 2026-03-31 --by colour
expect "report bad period" 1 'ends before it starts' -- m report --from 2026-03-31 --to 2026-03-01

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
