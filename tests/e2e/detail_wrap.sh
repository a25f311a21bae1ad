#!/usr/bin/env bash
# The dossier detail (F3, Enter) wraps long lines at spaces instead of
# cutting them at the edge of the terminal: the phone number after a long
# name and the end of a long address stay readable at 80 columns, and
# wrapped anew when the terminal is resized; the queue's table (F5) still keeps
# one dossier a row.
. "$(dirname "$0")/lib.sh"
setup_db
ADDR="Số nhà 127, ngõ 45 đường Nguyễn Văn Cừ, tổ dân phố Đoàn Kết, phường Quảng Phú, tỉnh Quảng Ngãi"
m --user mai dossier intake --procedure 1.004873 --name "Nguyễn Thị Thuỳ Dương Hoàng Phương" \
	--id-number 034091002345 --phone 0912345678 --address "$ADDR" \
	--received-at "2026-11-10 09:00" >/dev/null || fail "intake"
start_tui
login
keys F3
type_text "phuong"
expect_screen "1 hồ sơ"
keys Down; keys Enter
expect_screen "Địa chỉ:"
# Phone and the address's last words, whole, on the screen.
expect_screen "0912345678"
expect_screen "tỉnh Quảng Ngãi"
# Continuation rows are indented under their line; nothing runs past the
# edge (capture-pane shows what fits: the longest row is at most 79).
wide=$(screen_text | python3 -c 'import sys; print(max(len(l.rstrip()) for l in sys.stdin))')
[ "$wide" -le 80 ] || fail "a row of $wide columns"
# Wider: the lines are wrapped again for the new width.
tm resize-window -t t -x 110 -y 30 2>/dev/null || tm resize-pane -t t -x 110 -y 30
expect_screen "Điện thoại 0912345678"
expect_screen "Quảng Phú, tỉnh Quảng Ngãi"
tm resize-window -t t -x 80 -y 24 2>/dev/null || tm resize-pane -t t -x 80 -y 24
keys Escape
keys F5
expect_screen "Kết quả chờ trả"
rows=$(screen_text | grep -c "000.17.22.H56-")
[ "$rows" = 1 ] || fail "F5 shows the dossier on $rows rows"
keys C-q
expect_screen "EXITED 0"
pass
