#!/usr/bin/env bash
# The counter screens on terminals that are not UTF-8, through the charset
# proxy (docs/charset.md), at 80x24:
# - LANG=C, no option: the demo's dossiers in the look-up list as plain
#   letters ("Tran Van Duc"), nothing but printable ASCII on the screen;
# - --charset ascii on a real office: a name typed in Telex is shown without
#   marks and stored as "Nguyễn Văn Anh"; after Ctrl-Q the terminal is back
#   in cooked mode and the exit status is the screens' own;
# - a bad --charset is a usage error;
# - charset_pty.py: VISCII and TCVN3 bytes on a raw pty, both ways.
. "$(dirname "$0")/lib.sh"

# start_proxied ENV ARGS...: like start_tui, and after the exit the pane
# also shows the terminal's modes.
start_proxied() {
	local envs=$1
	shift
	tm -u -f /dev/null new-session -d -x 80 -y 24 -s t \
		"env TERM=$E2E_TERM $envs $(printf '%q ' "$BIN" "$@"); echo EXITED \$?; stty -a | tr ' ' '\n' | grep -x -- '-\?icanon'; sleep 600" ||
		fail "tmux did not start"
	E2E_PGID=$(tm display -p -t t '#{pane_pid}')
}

only_ascii() {
	local bad
	bad=$(screen_text | LC_ALL=C grep -n '[^ -~]')
	[ -z "$bad" ] || fail "$1: non-ASCII on the screen: $bad"
}

# --- LANG=C: the demo, plain letters -------------------------------------------
start_proxied "LANG=C LC_ALL=C" --demo
expect_screen "Tiep nhan ho so"
expect_screen "Lo Thi Mai"
keys F3
expect_screen "Tra cuu ho so"
expect_screen "Nguyen Thi Thuy Duong"
type_text "tran van"
expect_screen "Tran Van Duc"
only_ascii "LANG=C look-up"
refute_screen "Trần"
# a new window size reaches the screens through the pty
tm resize-window -t t -x 100 -y 30
i=0
until [ "$(screen_text | sed -n 2p | sed 's/ *$//' | wc -c)" -eq 101 ]; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || fail "the screens did not follow the resize: $(screen_text | sed -n 2p)"
	sleep 0.05
done
keys C-q
wait_for "EXITED" 3 || { keys c; wait_for "EXITED" 5; } || fail "demo did not quit"
expect_screen "EXITED 0"
stop_tui

# --- --charset ascii: Telex typed, Vietnamese stored ------------------------------
setup_db
start_proxied "" --db "$DB" --charset ascii
expect_screen "Dang nhap"
type_text mai; keys Enter
type_text secret99; keys Enter
expect_screen "Tiep nhan ho so"
expect_screen "Telex"
type_text "1.001193"
expect_screen "1.001193 Thu tuc dang ky khai sinh"
keys Enter
expect_screen "Giay chung sinh"
type_text "Nguyeenx Vawn Anh"
expect_screen "[Nguyen Van Anh "
keys Tab; keys Tab; type_text "034091002345"
keys Tab; keys Tab; type_text "0912345678"
keys F10
wait_for "(c/k)" 3 && keys c
expect_screen "Da tiep nhan ho so"
only_ascii "after saving"
CODE=000.17.22.H56-261125-0001
expect_screen "$CODE"
[ "$(sql "SELECT applicant_name FROM dossiers WHERE code = '$CODE'")" = "Nguyễn Văn Anh" ] ||
	fail "stored name: $(sql "SELECT applicant_name FROM dossiers")"
found=$(m dossier find nguyen van anh --json) || fail "dossier find"
[ "$(json 'd[0]["applicant"]["name"]' <<<"$found")" = "Nguyễn Văn Anh" ] ||
	fail "dossier find: $found"
keys C-q
wait_for "EXITED" 3 || { keys c; wait_for "EXITED" 5; } || fail "did not quit"
expect_screen "EXITED 0"
# the real terminal is back in cooked mode (raw mode was the proxy's)
screen_text | grep -qx "icanon" || fail "terminal left in raw mode: $(screen_text | tail -3)"
stop_tui

# --- a charset the proxy cannot serve ---------------------------------------------
out=$("$BIN" --charset vni 2>&1 </dev/null)
[ $? -eq 1 ] || fail "--charset vni: not a usage error"
grep -q "utf-8, ascii, viscii or tcvn3" <<<"$out" || fail "--charset vni: $out"

# --- VISCII and TCVN3 on a raw pty ----------------------------------------------------
py=$(python3 "$(dirname "$0")/charset_pty.py" "$BIN" 2>&1) || fail "charset_pty.py: $py"
pass "ascii (LANG=C and --charset), viscii, tcvn3"
