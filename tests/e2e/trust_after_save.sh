#!/usr/bin/env bash
# After a save, issue 13: the first key typed goes into the new form (it was
# swallowed to leave the saved summary), and a CCCD scanned right after F10
# is read whole.
[ $# -ge 1 ] && export MOTCUA_BIN=$1
. "$(dirname "$0")/lib.sh"

scan() { tm send-keys -t t -l -- "$1"$'\r'; }
CARD1="034091002345|031091002|Nguyễn Thị Thùy Dương|12031991|Nữ|Thôn 3, Xã Quảng Phú, Tỉnh Thanh Hóa|01012021"
CARD2="001085004321|031085004|Trần Văn Đức|05071985|Nam|Số 12, Phường Chiềng Lề, Thành phố Sơn La, Tỉnh Sơn La|10052022"
setup_db
start_tui
login
intake() {  # the procedure typed, the phone, every paper, F10
	type_text "khai sinh"; expect_screen "1.001193 Thủ tục đăng ký khai sinh"; keys Enter
	type_text "$1"; keys Enter; keys a; keys F10
}
scan "$CARD1"
expect_screen "Đã đọc CCCD: Nguyễn Thị Thùy Dương"
intake 0912000001
expect_screen "Đã tiếp nhận hồ sơ"
# The clerk types the next procedure at once: the 'k' is the first letter.
type_text "k"; sleep 0.3; type_text "hai sinh"
expect_screen "[khai sinh"
expect_screen "1.001193 Thủ tục đăng ký khai sinh"
keys Escape; keys C-u
# F10 and the next citizen's card in one go: the whole card is read.
scan "$CARD1"
expect_screen "Đã đọc CCCD: Nguyễn Thị Thùy Dương"
type_text "khai sinh"; expect_screen "1.001193 Thủ tục đăng ký khai sinh"; keys Enter
type_text 0912000002; keys Enter; keys a
tm send-keys -t t F10; tm send-keys -t t -l -- "$CARD2"$'\r'
expect_screen "Đã đọc CCCD: Trần Văn Đức"
expect_screen "[Trần Văn Đức"
expect_screen "[001085004321]"
refute_screen "Không đọc được"
[ "$(sql "SELECT count(*) FROM dossiers")" = 2 ] || fail "dossiers: $(sql 'SELECT count(*) FROM dossiers')"
type_text "khai sinh"; expect_screen "1.001193 Thủ tục đăng ký khai sinh"; keys Enter
type_text 0987654321; keys Enter; keys a; keys F10
expect_screen "Đã tiếp nhận hồ sơ"
got=$(sql "SELECT applicant_name || '/' || id_number || '/' || phone FROM dossiers ORDER BY code DESC LIMIT 1")
[ "$got" = "Trần Văn Đức/001085004321/0987654321" ] || fail "third dossier: $got"
pass "the first key after a save and a scan right after F10 go into the new form"
