#!/usr/bin/env bash
# Resize under a burst of keys: keys that reach the program together with a
# resize to too small are held and typed when the screen is big enough
# again. They used to be typed at the start of the field (the cursor of a
# freshly posted form), so a note typed on a loaded terminal was saved as
# "u cuNguoi nop ... thuong tr", or lost when they came just after the
# notice was drawn. The program is stopped while the resize and the keys
# queue up, so the burst is certain, not a matter of timing.
[ $# -ge 1 ] && export MOTCUA_BIN=$1
. "$(dirname "$0")/lib.sh"

# burst KEYS : while the program is stopped, shrink the terminal to 70
# columns and type KEYS; it then reads the resize and the keys in one go.
burst() {
	tui_pause
	tm resize-window -t t -x 70 -y 24
	type_text "$1"
	sleep 0.3                      # tmux writes the keys after send-keys returns
	tui_resume
	expect_screen "80x24"
	tm resize-window -t t -x 80 -y 24
}

setup_db
start_tui
login
keys Escape
type_text "khai sinh"; expect_screen "1.001193 Thủ tục đăng ký khai sinh"; keys Enter
expect_screen "Họ và tên"
for i in 1 2 3 4 5 6 7 8; do keys Tab; done               # past the name ... channel, to the note
type_text "Nguoi nop xin tra ket qua qua buu dien ve dia chi thuong tr"
expect_screen "thuong tr "
burst "u cu"
expect_screen "[Nguoi nop xin tra ket qua qua buu dien ve dia chi thuong tru cu ]"

# The cursor stays where the clerk put it, held keys or not.
keys C-u
type_text "ABCD"; keys Left; keys Left
expect_screen "[ABCD "
burst "x"
expect_screen "[ABxCD "
tm resize-window -t t -x 76 -y 24; sleep 0.3; tm resize-window -t t -x 80 -y 24
expect_screen "[ABxCD "
type_text "y"
expect_screen "[ABxyCD "

# Typing while the notice shows is kept too, in order, at the cursor; a
# function key is not (F10 must not save what nobody could see).
tm resize-window -t t -x 70 -y 24
expect_screen "80x24"
type_text "12"; keys F10; keys Left; type_text "3"
expect_screen "chữ đã gõ được giữ đến lúc đó"
tm resize-window -t t -x 80 -y 24
expect_screen "[ABxy132CD "
refute_screen "Đã tiếp nhận hồ sơ"
m dossier list --json | grep -q 000.17.22 && fail "a dossier was saved"
pass "keys typed with a resize land where the cursor was"
