#!/usr/bin/env bash
# Fees end to end: catalog fee rules, charge, dossier pay (contract keys,
# wrong amount, nothing due), receipt numbers, void and refund kept, fees day,
# and 16 processes paying at once (numbers unique, no gap).
# Usage: tests/cli/fees.sh PATH/TO/motcua
set -u
BIN=${1:?usage: fees.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en MOTCUA_NOW='2026-03-02 09:00'
unset MOTCUA_DB MOTCUA_USER
DB=$TMP/office.db
. "$(dirname "$0")/lib.sh"

cat > "$TMP/cat.csv" <<'CSV'
code,name,field,agency,level,deadline,deadline_unit,fee,documents,fee_kind,fee_steps,fee_cap,fee_exempt,fee_collect
1.001193,Đăng ký khai sinh,Hộ tịch,UBND cấp xã,Cấp xã,0,day,0,Tờ khai,,,,,
1.004884,Đăng ký lại khai sinh,Hộ tịch,UBND cấp xã,Cấp xã,5,day,5000,Tờ khai,fixed,,,on_time=Đăng ký khai sinh đúng hạn,
2.000815,Chứng thực bản sao từ bản chính,Chứng thực,UBND cấp xã,Cấp xã,0,day,0,Bản chính,per_page,1:2000;3:1000,200000,,
2.000635,Cấp bản sao trích lục hộ tịch,Hộ tịch,UBND cấp xã,Cấp xã,0,day,8000,Tờ khai,per_copy,,,,return
CSV
m init --unit 000.17.22.H56 --name "UBND xã Quảng Phú" >/dev/null || bad init "failed"
m catalog import "$TMP/cat.csv" >/dev/null || bad catalog "failed"
intake() { m dossier intake --procedure "$1" --name "Nguyễn Văn An" --id-number 034091002345 \
	--phone 0912345678 | cut -d' ' -f1; }
FREE=$(intake 1.001193)
FIX=$(intake 1.004884)
COPY=$(intake 2.000815)
EX=$(intake 1.004884)

expect "pay before a series is set" 2 "fees.receipt_series" -- m dossier pay "$FIX" --amount 5000 --method cash
sqlite3 "$DB" "INSERT INTO settings VALUES('fees.receipt_form','01BLP0-001'),('fees.receipt_series','AA-26P')"

expect "free dossier: nothing due" 2 "nothing due.*free" -- m dossier pay "$FREE" --amount 1000 --method cash
expect "per page needs the pages" 2 "pages are not entered" -- m dossier pay "$COPY" --amount 1000 --method cash
expect "charge 3 copies of 5 pages" 0 "Due: 21000" -- m fees charge "$COPY" --copies 3 --pages 5
expect "charge json" 0 "" -- m fees charge "$COPY" --copies 3 --pages 5 --json
out=$(m fees charge "$COPY" --copies 1 --pages 300 --json | json 'd["amount"], d["outstanding"]')
[ "$out" = "(200000, 200000)" ] && ok "cap per copy" || bad "cap per copy" "$out"
m fees charge "$COPY" --copies 3 --pages 5 >/dev/null
expect "wrong amount" 2 "amount due is 21000 dong, not 20000" -- m dossier pay "$COPY" --amount 20000 --method cash
expect "amount not a number" 2 "whole number" -- m dossier pay "$COPY" --amount 21.000 --method cash
expect "bad method" 1 "cash, transfer or card" -- m dossier pay "$COPY" --amount 21000 --method cheque

json_out=$(m dossier pay "$COPY" --amount 21000 --method cash --payer "Trần Thị Bình" --json)
keys=$(json 'sorted(d.keys())' <<<"$json_out")
[ "$keys" = "['amount', 'method', 'paid_at', 'receipt_number']" ] && ok "pay json keys" || bad "pay json keys" "$keys"
r1=$(json 'd["receipt_number"], d["amount"], d["method"], d["paid_at"]' <<<"$json_out")
[ "$r1" = "('AA-26P/0000001', 21000, 'cash', '2026-03-02 09:00')" ] && ok "pay json values" || bad "pay json values" "$r1"
expect "paid twice" 2 "nothing due: paid on fee receipt AA-26P/0000001" -- m dossier pay "$COPY" --amount 21000 --method cash
expect "charge after paying" 2 "void it" -- m fees charge "$COPY" --copies 1 --pages 1

expect "exemption" 0 "exempt: Đăng ký khai sinh đúng hạn" -- m fees charge "$EX" --exempt on_time
expect "exempt: nothing due" 2 "nothing due: exempt" -- m dossier pay "$EX" --amount 5000 --method cash
expect "unknown exemption" 2 "not an exemption" -- m fees charge "$FIX" --exempt poor

expect "fixed fee by transfer" 0 "AA-26P/0000002: 5000 dong, transfer" -- m dossier pay "$FIX" --amount 5000 --method transfer
# Void (the local admin is a supervisor): kept, history says it, the fee is due again.
expect "void needs a reason" 1 "reason" -- m fees void AA-26P/0000002
expect "void" 0 "voided" -- m fees void AA-26P/0000002 --reason "wrong payer"
expect "void twice" 2 "already voided" -- m fees void AA-26P/0000002 --reason again
expect "receipt kept" 0 "voided" -- m fees receipt AA-26P/0000002
n=$(sqlite3 "$DB" "SELECT group_concat(action) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '$FIX' AND action LIKE 'fee%'")
[ "$n" = "fee_paid,fee_void" ] && ok "history has payment and void" || bad "history" "$n events"
expect "pay again after void" 0 "AA-26P/0000003: 5000 dong, card" -- m dossier pay "$FIX" --amount 5000 --method card
sqlite3 "$DB" "DELETE FROM fee_receipts" 2>/dev/null && bad "delete refused" "deleted" || ok "delete refused"
# Refund only for refused or withdrawn dossiers.
expect "refund of an open dossier" 2 "only a refused or withdrawn" -- m fees refund AA-26P/0000001 --reason x
m dossier withdraw "$COPY" >/dev/null || bad withdraw failed
expect "refund" 0 "refunded" -- m fees refund AA-26P/0000001 --reason "citizen withdrew"
expect "withdrawn: nothing to collect" 2 "withdrawn" -- m dossier pay "$COPY" --amount 21000 --method cash

day=$(m fees day --date 2026-03-02 --json)
v=$(json 'd["total"], d["by_method"], list(d["by_user"].values()), len(d["receipts"]), [r["status"] for r in d["receipts"]]' <<<"$day")
[ "$v" = "(5000, {'cash': 0, 'transfer': 0, 'card': 5000}, [5000], 3, ['refunded', 'voided', 'paid'])" ] \
	&& ok "fees day json" || bad "fees day json" "$v"
expect "fees day text" 0 "Cash handed over: 0 dong" -- m fees day --date 2026-03-02
expect "fees day other user" 0 "" -- m fees day --date 2026-03-02 --user nobody --json
expect "fees day bad date" 1 "YYYY-MM-DD" -- m fees day --date 02/03/2026

# Printed: the receipt with the dossier code, the VietQR once the bank is set; the sheet.
expect "print receipt" 0 "BIÊN LAI THU PHÍ, LỆ PHÍ" -- m fees print AA-26P/0000003
expect "receipt: dossier code as QR" 0 "\\[QR: $FIX\\]" -- m fees print AA-26P/0000003 --ascii
expect "voided receipt marked" 0 "ĐÃ HỦY.*wrong payer" -- m fees print AA-26P/0000002
sqlite3 "$DB" "INSERT INTO settings VALUES('bank.bin','970415'),('bank.account','113366668888'),('bank.account_name','UBND XA QUANG PHU')"
qr=$(m fees print AA-26P/0000003 --ascii | sed -n 's/.*\[QR: \(.*\)\].*/\1/p')
v=$(python3 - "$qr" "$FIX" <<'PY'
import sys
p, code = sys.argv[1], sys.argv[2]
c = 0xFFFF
for b in p[:-4].encode():
    c ^= b << 8
    for _ in range(8):
        c = ((c << 1) ^ 0x1021) & 0xFFFF if c & 0x8000 else (c << 1) & 0xFFFF
print(p.startswith("000201010212") and "0006970415" in p and "540450005802VN" in p
      and ("08%02d%s" % (len(code), code)) in p and "%04X" % c == p[-4:])
PY
)
[ "$v" = True ] && ok "receipt: VietQR with amount, dossier code and CRC" || bad "receipt VietQR" "$qr"
expect "hand-over sheet" 0 "Số tiền mặt bàn giao: 0 đồng" -- m fees sheet --date 2026-03-02
expect "sheet as PDF" 0 "" -- m fees sheet --date 2026-03-02 --format pdf --out "$TMP/s.pdf"
head -c 5 "$TMP/s.pdf" | grep -q '%PDF-' && ok "sheet PDF written" || bad "sheet PDF" "no PDF"
expect "print unknown receipt" 2 "no fee receipt" -- m fees print AA-26P/0000099

# 16 processes pay at once: every number of the series once, none skipped.
codes=()
for i in $(seq 16); do
	c=$(intake 1.004884)
	codes+=("$c")
done
for c in "${codes[@]}"; do
	m dossier pay "$c" --amount 5000 --method cash --json > "$TMP/pay.$c" 2>&1 &
done
wait
nums=$(sqlite3 "$DB" "SELECT number FROM fee_receipts WHERE series='AA-26P' ORDER BY number" | tr '\n' ' ')
want=$(seq 1 19 | tr '\n' ' ')
[ "$nums" = "$want" ] && ok "16 concurrent receipts: unique, no gap" || bad "concurrent numbers" "$nums"
dup=$(cat "$TMP"/pay.* | json 'd["receipt_number"]' 2>&1 | sort | uniq -d | wc -l)
[ "$dup" = 0 ] && ok "16 concurrent: each process its own number" || bad "concurrent dup" "$dup"

# The period report gains the fees collected (still paid) and exempted.
v=$(m report --from 2026-03-01 --to 2026-03-31 --format json | json 'd["fees"], "received" in d')
[ "$v" = "({'collected': 85000, 'receipts': 17, 'exempted': 5000, 'exemptions': 1}, True)" ] \
	&& ok "report json: fees" || bad "report json fees" "$v"
expect "report text: fees" 0 "collected 85.000 đồng on 17 receipts" -- m report --from 2026-03-01 --to 2026-03-31
v=$(m report --from 2026-03-03 --to 2026-03-31 --format json | json 'd["fees"]["collected"]')
[ "$v" = 0 ] && ok "report: fees of the period only" || bad "report period" "$v"

echo "fees.sh: $pass passed, $fail failed"
[ "$fail" = 0 ]
