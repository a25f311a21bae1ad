#!/usr/bin/env bash
# Fees at the counter at 80x24: an intake of a per-page fee (certified
# copies), the payment step after the save (3 copies of 5 pages = 21.000
# đồng, by bank transfer: the VietQR is shown and the clerk confirms the
# money arrived), the fee receipt written with its number and the dossier
# code; a fee collected at return (asked after F4, paid in cash); then the
# shift closed: the supervisor's F6 shows the day's fees, fees day and the
# hand-over sheet add up. The database must hold receipts 1 and 2 of the
# series, by the clerk.
. "$(dirname "$0")/lib.sh"

setup_db
echo secret99 | m user add hung --full-name "Đỗ Văn Hùng" --role supervisor \
	--password-stdin >/dev/null || fail "user add hung"
cat > "$E2E_TMP/fees.csv" <<'CSV'
code,name,field,agency,level,deadline,deadline_unit,fee,documents,fee_kind,fee_steps,fee_cap,fee_exempt,fee_collect
2.000815,Chứng thực bản sao từ bản chính,Chứng thực,UBND cấp xã,Cấp xã,0,day,0,Bản chính giấy tờ cần chứng thực,per_page,1:2000;3:1000,200000,poor=Hộ nghèo,
2.000635,Cấp bản sao trích lục hộ tịch,Hộ tịch,UBND cấp xã,Cấp xã,0,day,8000,Tờ khai|Giấy tờ tùy thân,per_copy,,,,return
CSV
m catalog import "$E2E_TMP/fees.csv" >/dev/null || fail "catalog import fees"
sqlw "INSERT INTO settings VALUES('fees.receipt_form','01BLP0-001'),
	('fees.receipt_series','AA-26P'),('bank.bin','970415'),('bank.account','113366668888'),
	('bank.account_name','UBND XA QUANG PHU')" || fail "settings"

start_tui
login
type_text "2.000815"
expect_screen "2.000815 Chứng thực bản sao từ bản chính"
keys Enter
type_text "Nguyeenx Vawn An"
expect_screen "Nguyễn Văn An"
keys Tab; keys Tab; type_text "034091002345"
keys Tab; keys Tab; type_text "0912345678"
keys Tab; keys Tab; keys a
keys F10
# The payment step opens over the saved intake.
expect_screen "Thu phí, lệ phí"
expect_screen "Nhập số trang của mỗi bản"         # a per-page fee: the pages first
type_text "5"
expect_screen "Số tiền phải nộp: 7.000 đồng"      # 2 x 2.000 + 3 x 1.000
keys BTab; keys BSpace; type_text "3"             # three copies
expect_screen "Số tiền phải nộp: 21.000 đồng"
keys Tab; keys Tab                                # pages, exemption: none
keys Tab; keys Right                              # paid by: bank transfer
expect_screen "(•) Chuyển khoản"
keys F10
expect_screen "Quét bằng app ngân hàng"
expect_screen "21.000 đồng"
expect_screen "UBND XA QUANG PHU"
[ "$(sql "SELECT count(*) FROM fee_receipts")" = 0 ] || fail "receipt issued before the clerk confirmed"
keys c
expect_screen "Biên lai thu phí AA-26P/0000001: 21000 đồng"
CODE=000.17.22.H56-261125-0001
row=$(sql "SELECT number, amount, method, dossier_code, user_name, payer FROM fee_receipts")
[ "$row" = "1|21000|transfer|$CODE|mai|Nguyễn Văn An" ] || fail "receipt row: $row"
due=$(sql "SELECT copies, pages, amount FROM fee_dues")
[ "$due" = "3|5|21000" ] || fail "due row: $due"
F="$E2E_TMP/receipts/bienlai-AA-26P-0000001.txt"
[ -f "$F" ] || fail "no fee receipt file"
grep -q "BIÊN LAI THU PHÍ, LỆ PHÍ" "$F" && grep -q "Số: 0000001" "$F" && grep -q "$CODE" "$F" &&
	grep -q "3 bản × 5 trang" "$F" || fail "fee receipt text: $(head -30 "$F")"
alive || fail "the program ended"
# The dossier's history on F3 tells of the fee.
keys Enter                                        # next citizen
keys F3
expect_screen "Tra cứu hồ sơ"
type_text "nguyen van an"                         # by name: a typed code may read as a scan
expect_screen "1 hồ sơ"
keys Down; keys Enter
expect_screen "Quá trình xử lý"
expect_screen "Đã nộp phí · AA-26P/0000001"

# A fee collected at return: nothing asked at intake, the payment step after F4.
keys F2
expect_screen "Tiếp nhận hồ sơ"
type_text "2.000635"
expect_screen "2.000635 Cấp bản sao trích lục hộ tịch"
keys Enter
type_text "Traanf Thij Bifnh"
keys Tab; keys Tab; type_text "001085004321"
keys Tab; keys Tab; type_text "0987654321"
keys Tab; keys Tab; keys a
keys F10
CODE2=000.17.22.H56-261125-0002
expect_screen "Đã lưu $CODE2"
sleep 0.5
refute_screen "Thu phí, lệ phí"
keys Enter
keys F4
expect_screen "Trả kết quả"
type_text "$CODE2"; keys Enter
expect_screen "Trần Thị Bình · Cấp bản sao trích lục hộ tịch"
keys F10
# No result recorded yet: the counter asks first (issue 13); c records it.
expect_screen "chưa có kết quả"
keys c
expect_screen "Thu phí, lệ phí"
expect_screen "Số tiền phải nộp: 8.000 đồng"
keys BSpace; type_text "2"                        # two copies
expect_screen "Số tiền phải nộp: 16.000 đồng"
keys F10                                          # cash
expect_screen "Biên lai thu phí AA-26P/0000002: 16000 đồng"
[ "$(sql "SELECT method, amount, dossier_code FROM fee_receipts WHERE number = 2")" = \
	"cash|16000|$CODE2" ] || fail "receipt at return: $(sql "SELECT * FROM fee_receipts")"
[ "$(m dossier show "$CODE2" --json | json 'd["status"]')" = returned ] || fail "not returned"

# --- closing the shift: the supervisor's F6, fees day, the hand-over sheet ------
stop_tui
start_tui
expect_screen "Đăng nhập"
type_text hung; keys Enter
type_text secret99; keys Enter
expect_screen "Tiếp nhận hồ sơ"
keys F6
expect_screen "phí thu hôm nay 37.000 đồng · 2 biên lai"
expect_screen "tiền mặt 16.000 đồng · chuyển khoản 21.000 đồng"
day=$(m fees day --date 2026-11-25 --json) || fail "fees day"
[ "$(json 'd["total"], d["by_method"]["transfer"], d["by_user"]' <<<"$day")" = \
	"(37000, 21000, {'mai': 37000})" ] || fail "fees day: $day"
m fees sheet --date 2026-11-25 --user mai | grep -q "Số tiền mặt bàn giao: 16.000 đồng" ||
	fail "hand-over sheet"
pass
