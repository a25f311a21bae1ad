#!/usr/bin/env bash
# The waiting room across terminals: the board in one tmux session, the
# supervisor's dashboard in a second, a kiosk in a third, and a clerk's
# shell in a fourth. A ticket taken at the kiosk shows on the dashboard;
# a call typed in the clerk's shell shows on the board (large, with the
# "Mời công dân" line) and on the dashboard within 2 seconds.
# Usage: tests/e2e/board.sh [PATH/TO/motcua]   (E2E_TERM=vt100 for monochrome)
[ $# -ge 1 ] && export MOTCUA_BIN=$1
command -v tmux >/dev/null || { echo "SKIP board: tmux is not installed"; exit 77; }
. "$(dirname "$0")/lib.sh"
[ "$E2E_TERM" = vt100 ] && TEST_NAME="$TEST_NAME (vt100)"

# open SESSION ARGS...: motcua ARGS in its own 80x24 terminal.
open_term() {
	local name=$1
	shift
	tm -u -f /dev/null new-session -d -x 80 -y 24 -s "$name" \
		"env TERM=$E2E_TERM MOTCUA_LP=$E2E_ROOT/tests/e2e/fake-lp FAKE_LP_OUT=$E2E_TMP/slip.txt FAKE_LP_LOG=$E2E_TMP/lp.log $(printf '%q ' "$BIN" --db "$DB" "$@"); echo EXITED \$?; sleep 600" ||
		fail "tmux did not start $name"
}
shot() { tm capture-pane -p -t "$1" 2>/dev/null; }
# see SESSION TEXT [SECONDS]: until the session's screen shows TEXT.
see() {
	local i=0 limit=$((${3:-5} * 20))
	while [ "$i" -lt "$limit" ]; do
		shot "$1" | grep -qF -- "$2" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	E2E_VERBOSE=1 fail "$1 never showed \"$2\" within ${3:-5} s: $(shot "$1" | sed 's/^/  | /')"
}

setup_db
m queue service add A --name "Hộ tịch" >/dev/null || fail "service A"
m queue service add B --name "Chứng thực" >/dev/null || fail "service B"
m queue counter add 1 --services A,B >/dev/null || fail "counter 1"
m queue counter add 2 --services B >/dev/null || fail "counter 2"
for s in A A B; do m queue issue --service $s >/dev/null || fail "issue $s"; done

open_term board board
open_term dash dashboard
open_term kiosk kiosk --printer kiosk1
tm new-session -d -x 80 -y 24 -s clerk "env PS1='$ ' bash --norc --noprofile" || fail "clerk shell"
see board "Chưa gọi số nào hôm nay"
see dash "đang chờ 3"
see kiosk "LẤY SỐ THỨ TỰ"

# --- a citizen takes a ticket at the kiosk ---------------------------------------
tm send-keys -t kiosk b
see kiosk "Số B002 · Chứng thực"
see kiosk "Trước bạn còn 1 người"
see dash "đang chờ 4" 2
grep -q "SỐ THỨ TỰ" "$E2E_TMP/slip.txt" 2>/dev/null || sleep 0.5
grep -q "Dịch vụ: Chứng thực" "$E2E_TMP/slip.txt" || fail "no printed slip"
# lp got an argument list: -d QUEUE -- FILE, no shell in between.
[ "$(sed -n 1,3p "$E2E_TMP/lp.log" | tr '\n' ' ')" = "-d kiosk1 -- " ] ||
	fail "lp argv: $(cat "$E2E_TMP/lp.log")"

# --- a clerk calls at counter 1 from another terminal -----------------------------
tm send-keys -t clerk -l "$(printf '%q ' "$BIN" --db "$DB" queue call --counter 1)"
tm send-keys -t clerk Enter
see clerk "A001  Hộ tịch  đã gọi · quầy 1"
see board "Mời công dân có số A001 đến quầy 1" 2
see board "Quầy 1: A001" 2
see dash "đã gọi A001" 2
see dash "đang chờ 3" 2

# --- counter 2 calls; the board puts the newest first -----------------------------------
tm send-keys -t clerk -l "$(printf '%q ' "$BIN" --db "$DB" queue call --counter 2)"
tm send-keys -t clerk Enter
see board "Mời công dân có số B001 đến quầy 2" 2
see board "Quầy 2: B001" 2
see dash "đã gọi B001" 2
[ "$(m queue status --json | json 'd["waiting"]')" = 2 ] || fail "status after two calls"

# --- quitting ------------------------------------------------------------------------------
tm send-keys -t board q
see board "EXITED 0"
tm send-keys -t dash q
see dash "EXITED 0"
tm send-keys -t kiosk C-q
see kiosk "EXITED 0"
pass "a call shows on the board and the dashboard within 2 s"
