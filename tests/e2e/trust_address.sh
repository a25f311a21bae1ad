#!/usr/bin/env bash
# Address picker, issue 13: the office's own commune and province come
# first; every word typed must match ("phu" is not the start of every
# "Phường"); Enter on text that names no unit keeps the typed text (it used
# to become another province's commune, e.g. a Quảng Ninh ward).
[ $# -ge 1 ] && export MOTCUA_BIN=$1
. "$(dirname "$0")/lib.sh"

setup_db
# The office is Xã Quảng Phú of Lâm Đồng (several communes have its name).
sqlw "INSERT INTO settings(key, value) VALUES ('office.commune', '24712')" ||
	fail "setting"
start_tui
login
keys Escape                                      # not from the list: typed below
type_text "khai sinh"; expect_screen "1.001193 Thủ tục đăng ký khai sinh"; keys Enter
type_text "Lee Vawn Binhf"; keys Enter
type_text "034091000001"; keys Enter
type_text "0912000001"; keys Enter
keys BTab                                        # the address
type_text "Thoon 3, Quarng Phus"
expect_screen "│ Xã Quảng Phú, Lâm Đồng"
first=$(screen_text | grep -m1 "│ [PXT]")
grep -q "Xã Quảng Phú, Lâm Đồng" <<<"$first" || fail "own commune not first: $first"
refute_screen "Quảng Ninh"
# Text that names no unit: Enter keeps it as typed.
keys C-u
type_text "Toor 2, An Sin"
expect_screen "│ Phường An Sinh, Quảng Ninh"
keys Enter
expect_screen "[Tổ 2, An Sin "
refute_screen "[Tổ 2, Phường An Sinh"
keys a; keys F10
expect_screen "Đã tiếp nhận hồ sơ"
got=$(sql "SELECT address FROM dossiers")
[ "$got" = "Tổ 2, An Sin" ] || fail "address saved as $got"
# A whole name is taken with Enter: the office's own commune.
type_text "khai sinh"; expect_screen "1.001193 Thủ tục đăng ký khai sinh"; keys Enter
type_text "Lee Vawn Binhf"; keys Enter
type_text "034091000002"; keys Enter
type_text "0912000002"; keys Enter
keys BTab
type_text "Thoon 3, Quarng Phus"
expect_screen "│ Xã Quảng Phú, Lâm Đồng"
keys Enter
expect_screen "[Thôn 3, Xã Quảng Phú, Lâm Đồng"
keys a; keys F10
expect_screen "Đã tiếp nhận hồ sơ"
got=$(sql "SELECT address FROM dossiers WHERE id_number = '034091000002'")
[ "$got" = "Thôn 3, Xã Quảng Phú, Lâm Đồng" ] || fail "address saved as $got"
pass "own commune first, every word matches, Enter keeps text that names no unit"
