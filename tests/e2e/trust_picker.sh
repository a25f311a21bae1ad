#!/usr/bin/env bash
# Procedure picker, issue 13: whole words rank above prefixes ("khai tu" is
# khai tử, not khai sinh through "tục"); the order for the same typed text
# does not move when the clerk's use counts change during the day; the
# list shown before typing is the clerk's most used, numbered, one digit
# picks.
[ $# -ge 1 ] && export MOTCUA_BIN=$1
. "$(dirname "$0")/lib.sh"

setup_db
cli() { MOTCUA_PASSWORD=secret99 m --user mai "$@" >/dev/null || fail "$*"; }
for i in 1 2 3; do
	cli dossier intake --procedure 1.001193 --name "Lê Văn Bình" --id-number 03409100000$i \
		--phone 091200000$i
done
start_tui
login
# Before typing: the most used first, numbered.
expect_screen "│ 1 1.001193 Thủ tục đăng ký khai sinh "
expect_screen "1-9 hay ↑↓ Enter chọn"
type_text "khai tu"
expect_screen "│ 1.000656 Thủ tục đăng ký khai tử "
first=$(screen_text | grep -m1 "│ [0-9]\.0")
grep -q "1.000656 Thủ tục đăng ký khai tử " <<<"$first" || fail "khai tu: first row is $first"
before=$(screen_text | grep "│ [0-9]\.0")
keys Enter
expect_screen "[1.000656 Thủ tục đăng ký khai tử"
expect_screen "[ ] Giấy báo tử"
# More khai tử and khai sinh kết hợp dossiers during the day: the order for
# "khai tu" stays as it was.
for i in 4 5 6 7; do
	cli dossier intake --procedure 1.000419 --name "Lê Văn Bình" --id-number 03409100000$i \
		--phone 091200000$i
done
keys BTab                     # back to the procedure
keys C-u
expect_screen "│ 1 1.000419 Thủ tục đăng ký khai tử lưu động"   # the used list: now 1.000419 first
type_text "khai tu"
expect_screen "│ 1.000656 Thủ tục đăng ký khai tử "
after=$(screen_text | grep "│ [0-9]\.0")
[ "$before" = "$after" ] || fail "the order for \"khai tu\" moved: $before // $after"
# One digit picks from the list before typing.
keys C-u
expect_screen "│ 2 1.001193 Thủ tục đăng ký khai sinh "
keys 2
expect_screen "[1.001193 Thủ tục đăng ký khai sinh"
expect_screen "[ ] Giấy chứng sinh"
type_text "Lee Vawn Binhf"; keys Enter
type_text "034091000009"; keys Enter
type_text "0912000009"; keys Enter
keys a; keys F10
expect_screen "Đã tiếp nhận hồ sơ"
got=$(sql "SELECT procedure_code FROM dossiers WHERE id_number = '034091000009'")
[ "$got" = 1.001193 ] || fail "saved procedure $got"
# A code typed key by key is a code, not a pick of the numbered list.
keys Enter                                       # the next citizen
expect_screen "1-9 hay ↑↓ Enter chọn"
keys 1; sleep 0.1; keys .; sleep 0.1; type_text "000656"
expect_screen "│ 1.000656 Thủ tục đăng ký khai tử "
expect_screen "[1.000656"
pass "whole words first, a fixed order for typed text, one digit picks a frequent procedure"
