#!/usr/bin/env bash
# Validation at intake, issue 13: the message names the field and the reason
# (not "1 field needs fixing"), Vietnamese phone rules (mobiles 10 digits
# 03/05/07/08/09, landlines 11 digits 02), papers marked "(nếu có)" or
# "(nếu ủy quyền)" do not count as missing; in the session's language.
[ $# -ge 1 ] && export MOTCUA_BIN=$1
. "$(dirname "$0")/lib.sh"

scan() { tm send-keys -t t -l -- "$1"$'\r'; }
setup_db
start_tui
login
scan "034091002345|031091002|Nguyễn Thị Thùy Dương|12031991|Nữ|Thôn 3, Xã Quảng Phú, Tỉnh Thanh Hóa|01012021"
expect_screen "Đã đọc CCCD"
type_text "khai sinh"; expect_screen "1.001193 Thủ tục đăng ký khai sinh"; keys Enter
type_text "0612345678"; keys Enter
keys 1; keys 2; keys 3                 # the papers every birth needs; not the "nếu có" ones
expect_screen "[x] Giấy tờ tùy thân"
keys F10
expect_screen "Chưa lưu: Điện thoại: Số di động bắt đầu 03 05 07 08 09, số cố định 02"
refute_screen "trường cần sửa"
keys C-u; type_text "091234567"; keys F10
expect_screen "Chưa lưu: Điện thoại: Số di động có 10 chữ số, số cố định 11"
[ "$(sql 'SELECT count(*) FROM dossiers')" = 0 ] || fail "saved with a bad phone"
keys C-u; type_text "0912 345 678"; keys F10
# Only optional papers are not ticked: no question, saved at once.
expect_screen "Đã tiếp nhận hồ sơ"
refute_screen "Vẫn tiếp nhận"
got=$(sql "SELECT phone FROM dossiers")
[ "$got" = 0912345678 ] || fail "phone saved as $got"
pass "field and reason named, phone rules, optional papers not missing"
