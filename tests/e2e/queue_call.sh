#!/usr/bin/env bash
# F5 at the counter: call the next queue ticket (issued at the kiosk), see
# it in the status line, take the citizen's dossier in, and the ticket
# carries the dossier code (checked in the ticket row, joined to the dossier
# row); a second call with nobody waiting says so and finishes A001.
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
# In the database itself: the ticket row names the dossier row just taken
# in (the same applicant), is being served at counter 2, and is the only
# ticket carrying that dossier.
row=$(sql "SELECT t.state, t.counter, d.applicant_name, d.received_by FROM queue_tickets t
	JOIN dossiers d ON d.code = t.dossier_code WHERE t.ticket = 'A001' AND t.day = '2026-11-25'")
[ "$row" = "serving|2|Trần Văn Đức|mai" ] || fail "ticket row does not reference the dossier: \"$row\""
[ "$(sql "SELECT count(*) FROM queue_tickets WHERE dossier_code IS NOT NULL")" = 1 ] ||
	fail "the dossier is linked to more than one ticket"
keys F5
keys n
expect_screen "Không có ai đang chờ"
# Calling again with nobody waiting finished A001 as done; the link stays.
row=$(sql "SELECT state, dossier_code FROM queue_tickets WHERE ticket = 'A001'")
[ "$row" = "done|000.17.22.H56-261125-0001" ] || fail "A001 after the next call: \"$row\""
keys C-q
expect_screen "EXITED 0"
pass
