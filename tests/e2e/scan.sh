#!/usr/bin/env bash
# Scanners at the counter (issue 8), with the Telex input method on: a CCCD
# QR line typed as one burst fills the intake form and the database keeps
# the scanned name byte for byte (Telex would have moved the tone of "Thùy"
# had the line gone through it); a malformed line stays in the field as
# typed, with a message naming the wrong part; an ID number seen before
# offers the earlier details and Ctrl-R fills them; the procedure list puts
# the clerk's most used procedure first; a receipt's code scanned on the
# look-up, return and intake screens opens that dossier.
. "$(dirname "$0")/lib.sh"

# scan TEXT: what a USB scanner types, CR included, as one burst.
scan() { tm send-keys -t t -l -- "$1"$'\r'; }

setup_db
E2E_ENV="MOTCUA_PRINTER=quay2 MOTCUA_LP=$E2E_ROOT/tests/e2e/fake-lp FAKE_LP_OUT=$E2E_TMP/printed.txt" start_tui
login
expect_screen "Telex ^T"

# --- a CCCD line fills the form; the card's old commune becomes today's --------
NAME="Nguyễn Thị Thùy Dương"
scan "034091002345|031091002|$NAME|12031991|Nữ|Tổ 5, Phường Chiềng Lề, Thành phố Sơn La, Tỉnh Sơn La|01012021"
expect_screen "Đã đọc CCCD: $NAME"
expect_screen "[$NAME"
expect_screen "[034091002345]  Ngày sinh  [12/03/1991]"
expect_screen "(•) Nữ"
expect_screen "[Tổ 5, Phường Tô Hiệu, Sơn La"
expect_screen "Trên thẻ: Tổ 5, Phường Chiềng Lề, Thành phố Sơn La"
# The cursor is on the first empty field: the procedure; a few letters find
# it, the common "Đăng ký khai sinh" first.
type_text "khai sinh"
expect_screen "│ 1.001193 Thủ tục đăng ký khai sinh "
row=$(screen_text | grep -n "│ 1.00" | head -1)
grep -q "1.001193" <<<"$row" || fail "khai sinh: first row is $row"
keys Enter
expect_screen "[ ] Giấy chứng sinh"
# ... and then on the phone, the first field still empty.
type_text "0912345678"
keys Tab; keys Tab
keys a
expect_screen "[x] Giấy chứng sinh"
keys F10
expect_screen "Đã tiếp nhận hồ sơ"
expect_screen "Đã in giấy tiếp nhận"
CODE1=000.17.22.H56-261125-0001
show=$(m dossier show "$CODE1" --json) || fail "dossier show"
got=$(json 'd["applicant"]["name"]' <<<"$show")
[ "$got" = "$NAME" ] || fail "name saved as \"$got\""
[ "$(sql "SELECT hex(applicant_name) FROM dossiers WHERE code='$CODE1'")" = \
	"$(printf %s "$NAME" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" ] || fail "name bytes differ"
json 'd["applicant"]["address"]' <<<"$show" | grep -q "^Tổ 5, Phường Tô Hiệu" || fail "address"
[ "$(json 'd["extra"]["card_address"]' <<<"$show")" = \
	"Tổ 5, Phường Chiềng Lề, Thành phố Sơn La, Tỉnh Sơn La" ] || fail "card address not kept"
[ "$(json 'd["extra"]["birth_date"]' <<<"$show")" = 1991-03-12 ] || fail "birth date"

# --- a malformed line is left as typed (Telex untouched) with a message ----------
keys Enter                                        # next citizen
keys Tab                                          # the name field
scan "034091002345||Trần Văn An|31022001|Nam|Hà Nội|01012021|ddaa"
expect_screen "Không đọc được mã CCCD: field 4 (birth date)"
expect_screen "Nội|01012021|ddaa"
refute_screen "Đã đọc CCCD"
keys C-u                                          # clear it again

# --- a known citizen: the ID brings back the earlier details, Ctrl-R fills ------
keys Tab; keys Tab                                # the ID number field
type_text "034091002345"
expect_screen "Đã gặp: $NAME, 0912345678 (1 hồ sơ) · Ctrl-R dùng lại"
expect_screen "Ctrl-R dùng lại"
keys C-r
expect_screen "Đã điền 3 ô từ hồ sơ trước"
expect_screen "[$NAME"
expect_screen "Điện thoại [0912345678"
expect_screen "[Tổ 5, Phường Tô Hiệu, Sơn La"
# The empty procedure field lists mai's most used procedure first, numbered.
expect_screen "│ 1 1.001193 Thủ tục đăng ký khai sinh "
row=$(screen_text | grep -n "│ [0-9] [12]\.0" | head -1)
grep -q "1.001193" <<<"$row" || fail "most used: first row is $row"
keys 1
expect_screen "[ ] Giấy chứng sinh"
keys 1; keys 2
expect_screen "[x] Giấy chứng sinh"
esc_digit 0                                       # F10 as typed on a VT100
expect_screen "Vẫn tiếp nhận? (c/k)"              # a paper not ticked: take it anyway?
expect_screen "c/Enter có · k/Esc không"
refute_screen "Esc: 1-9"
keys y
expect_screen "Đã tiếp nhận hồ sơ"
CODE2=000.17.22.H56-261125-0002
[ "$(m dossier show "$CODE2" --json | json 'd["applicant"]["phone"]')" = 0912345678 ] ||
	fail "recalled phone not saved"

# --- the receipt's code scanned on look-up opens its detail ----------------------
keys F3
expect_screen "Tra cứu hồ sơ"
scan "$CODE1"
expect_screen "$CODE1  ·  Được tiếp nhận"
expect_screen "Người nộp hồ sơ: $NAME"
keys End                                # the lines below the first page
expect_screen "Các hồ sơ khác của công dân này"
expect_screen "$CODE2"
expect_screen "Quá trình xử lý"

# --- ... on the return screen: loaded ready to return; F10 and a rating ---------
keys F4
expect_screen "Trả kết quả"
scan "$CODE2"
expect_screen "$NAME · Thủ tục đăng ký khai sinh"
expect_screen "Người nhận   [$NAME"
keys F10
expect_screen "chưa có kết quả. Ghi kết quả và trả?"   # no result yet: asked first
keys c
expect_screen "Mời công dân đánh giá"
keys 1
expect_screen "Cảm ơn: đã ghi đánh giá cho $CODE2"
[ "$(m dossier show "$CODE2" --json | json 'd["status"]')" = returned ] || fail "not returned"

# --- ... and on the intake screen: the look-up detail of that dossier ------------
keys F2
expect_screen "Tiếp nhận hồ sơ"
scan "$CODE2"
expect_screen "$CODE2  ·  Đã trả kết quả"
expect_screen "$CODE2  ·"
alive || fail "program ended"
pass "CCCD with Telex, malformed line, known citizen, receipt on look-up/return/intake"
