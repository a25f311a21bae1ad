#!/usr/bin/env bash
# Return (F4) of a dossier with no result yet, issue 13: F10 on an Accepted
# dossier asks, naming its status, before it records the result step; 'k',
# Esc or no answer (a scanner's Enter included) records nothing; 'c' records
# the result and the return.
[ $# -ge 1 ] && export MOTCUA_BIN=$1
. "$(dirname "$0")/lib.sh"

setup_db
MOTCUA_PASSWORD=secret99 m --user mai dossier intake --procedure 1.001193 --name "Lê Văn Bình" \
	--id-number 034091000001 --phone 0912000001 >/dev/null || fail "intake"
C1=000.17.22.H56-261125-0001
events() { m dossier show "$C1" --json | json '" ".join(e["action"] for e in d["events"])'; }
start_tui
login
keys F4
expect_screen "Trả kết quả"
type_text "$C1"; keys Enter
expect_screen "Lê Văn Bình · Thủ tục đăng ký khai sinh"
keys F10
expect_screen 'Trạng thái "Được tiếp nhận", chưa có kết quả. Ghi kết quả và trả?'
expect_screen "c/y có · k/n/Esc không"
keys Enter                       # a stray Enter is no answer
sleep 0.5
expect_screen "chưa có kết quả"
keys k
expect_screen "Chưa trả: không ghi gì"
[ "$(events)" = intake ] || fail "k recorded: $(events)"
keys F10
expect_screen "chưa có kết quả"
keys Escape
expect_screen "Chưa trả: không ghi gì"
[ "$(events)" = intake ] || fail "Esc recorded: $(events)"
[ "$(m dossier show "$C1" --json | json 'd["status"]')" = accepted ] || fail "status changed"
keys F10
expect_screen "chưa có kết quả"
keys c
expect_screen "Mời công dân đánh giá"
[ "$(events)" = "intake result return" ] || fail "c recorded: $(events)"
pass "the return of a dossier with no result asks first"
