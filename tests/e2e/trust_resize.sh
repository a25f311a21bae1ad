#!/usr/bin/env bash
# Resize, issue 13: shrinking the terminal to 76 columns and back never
# changes what was typed. The fields that reach the last columns (phone,
# address, note) used to get ^@ and blanks where curses cut their window,
# read back into the field and saved.
[ $# -ge 1 ] && export MOTCUA_BIN=$1
. "$(dirname "$0")/lib.sh"

setup_db
start_tui
login
keys Escape
type_text "khai sinh"; expect_screen "1.001193 Thủ tục đăng ký khai sinh"; keys Enter
type_text "Lee Vawn Binhf"; keys Enter
type_text "034091000001"; keys Enter
type_text "0912000001"
for w in 76 80; do tm resize-window -t t -x $w -y 24; sleep 0.4; done
expect_screen "[0912000001  ]"
screen_text | grep -qF '^@' && fail "^@ on the screen"
keys Tab
NOTE="Nguoi nop xin tra ket qua qua buu dien ve dia chi thuong tru cu"    # 63 columns
keys Tab; keys Tab; keys Tab                            # past the channel, the note
type_text "$NOTE"
for w in 76 80 70 80; do tm resize-window -t t -x $w -y 24; sleep 0.4; done
expect_screen "[$NOTE ]"
keys BTab; keys BTab                                    # back to the papers
keys a; keys F10
expect_screen "Đã tiếp nhận hồ sơ"
got=$(sql "SELECT hex(json_extract(extra, '$.note')) FROM dossiers")
want=$(printf %s "$NOTE" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
[ "$got" = "$want" ] || fail "note saved as $(sql "SELECT quote(json_extract(extra, '$.note')) FROM dossiers")"
[ "$(sql 'SELECT phone FROM dossiers')" = 0912000001 ] || fail "phone"
pass "resizing to 76 and 70 columns and back keeps the typed text"
