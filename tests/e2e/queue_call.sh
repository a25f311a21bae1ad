#!/usr/bin/env bash
# F5 at the counter: call the next queue ticket (issued at the kiosk), see
# it in the status line, take the citizen's dossier in, and the ticket
# carries the dossier code; a second call with nobody waiting says so.
. "$(dirname "$0")/lib.sh"
setup_db
m queue service add A --name "Hộ tịch" >/dev/null || fail "queue service add"
m queue counter add 2 --services A >/dev/null || fail "queue counter add"
m queue issue --service A >/dev/null || fail "queue issue"
start_tui
login
keys F5
expect_screen "Hàng đợi"
expect_screen "chưa gọi số nào"
keys n
expect_screen "Mời số A001 đến quầy 2"
expect_screen "09:00 · A001"
keys F2
type_text "1.000894"; expect_screen "1.000894"; keys Enter
type_text "Traanf Vawn Dduwcs"
keys Tab; keys Tab; type_text "001085004321"
keys Tab; keys Tab; type_text "0987654321"
keys Tab; keys Tab; keys a
keys F10
expect_screen "Đã tiếp nhận hồ sơ"
linked=$(m queue show A001 --json | json 'd["dossier_code"]') || fail "queue show"
[ "$linked" = 000.17.22.H56-261125-0001 ] || fail "ticket not linked: \"$linked\""
keys F5
keys n
expect_screen "Không có ai đang chờ"
keys C-q
expect_screen "EXITED 0"
pass
