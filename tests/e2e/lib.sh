# Shared helpers of the end-to-end tests: the real motcua binary in a real
# terminal (a private tmux server), keys sent with send-keys, the screen read
# back with capture-pane, the database checked through the CLI (JSON) and the
# sqlite3 shell opened read-only. Sourced by every tests/e2e/*.sh.
#
# Environment: MOTCUA_BIN (default build/src/cli/motcua), E2E_TERM
# (default xterm-256color), E2E_COLS/E2E_ROWS (default 80x24).
set -u
E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${MOTCUA_BIN:-$E2E_ROOT/build/src/cli/motcua}
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$E2E_ROOT}
export MOTCUA_LOCALEDIR=${MOTCUA_LOCALEDIR:-$(dirname "$(dirname "$(dirname "$BIN")")")/locale}
export MOTCUA_NOW=${MOTCUA_NOW:-2026-11-25 09:00}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset MOTCUA_DB MOTCUA_USER MOTCUA_IME MOTCUA_PRINTER MOTCUA_RECEIPT_DIR
# The screens and the CLI checks here expect Vietnamese, the default
# (--lang en where a script wants English).
export LANGUAGE=vi
E2E_TERM=${E2E_TERM:-xterm-256color}
E2E_TMP=$(mktemp -d)
E2E_SOCK=motcua-test-$$
DB=$E2E_TMP/office.db
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}

tm() { tmux -L "$E2E_SOCK" "$@"; }
e2e_cleanup() { tm kill-server 2>/dev/null; rm -rf "$E2E_TMP"; }
trap e2e_cleanup EXIT

pass() { echo "PASS $TEST_NAME${1:+: $1}"; exit 0; }
fail() {
	echo "FAIL $TEST_NAME: $1"
	if [ -n "${E2E_VERBOSE:-}" ]; then screen_text | sed 's/^/  | /'; fi
	exit 1
}

m() { "$BIN" --db "$DB" "$@"; }
# The program may still hold the database for a moment (a save, its exit):
# the shell waits for it as motcua's own store does, never fails at once.
sql() { sqlite3 -cmd ".timeout 10000" -readonly "$DB" "$@"; }
sqlw() { sqlite3 -cmd ".timeout 10000" "$DB" "$@"; }

# An office with the sample catalog and one clerk (mai / secret99, counter 2).
setup_db() {
	m init --unit 000.17.22.H56 --name "UBND xã Quảng Phú" >/dev/null || fail "init"
	m catalog import "$E2E_ROOT/data/catalog-sample.csv" >/dev/null || fail "catalog import"
	echo secret99 | m user add mai --full-name "Lò Thị Mai" --role clerk --counter 2 \
		--password-stdin >/dev/null || fail "user add"
}

# start_tui [ARGS...]: motcua in an 80x24 pane; when it exits the pane shows
# "EXITED <code>" so that tests can see how it ended.
start_tui() {
	local envs="TERM=$E2E_TERM"
	tm -u -f /dev/null new-session -d -x "${E2E_COLS:-80}" -y "${E2E_ROWS:-24}" -s t \
		"env $envs ${E2E_ENV:-} $(printf '%q ' "$BIN" --db "$DB" "$@"); echo EXITED \$?; sleep 600" ||
		fail "tmux did not start"
	E2E_PGID=$(tm display -p -t t '#{pane_pid}')
}

# Stop the program's tmux server and wait until it is really gone, and the
# program with it (it closes the database on the way out: a write from the
# test before then would meet a lock).
stop_tui() {
	tm kill-server 2>/dev/null
	local i
	for i in $(seq 40); do
		tm has-session 2>/dev/null || break
		sleep 0.05
	done
	for i in $(seq 200); do
		[ -n "${E2E_PGID:-}" ] && pgrep -g "$E2E_PGID" >/dev/null 2>&1 || break
		sleep 0.05
	done
	sleep 0.1
}

screen_text() { tm capture-pane -p -t t 2>/dev/null; }

# wait_for TEXT [SECONDS]: until the screen shows TEXT (fixed string).
wait_for() {
	local text=$1 limit=${2:-5} i=0
	while [ "$i" -lt $((limit * 20)) ]; do
		screen_text | grep -qF -- "$text" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# expect_screen TEXT [SECONDS]: wait_for or fail naming the text.
# A person reads what appeared before the next key: the keys a test sends
# right after a screen change come 0.1 s later, not within the same
# millisecond (a burst of keys that fast is read as a scanner's).
expect_screen() {
	wait_for "$1" "${2:-10}" || { [ -n "${E2E_SHOW:-}" ] && screen_text >&2; fail "screen never showed \"$1\""; }
	sleep 0.1
}
refute_screen() { screen_text | grep -qF -- "$1" && fail "screen shows \"$1\""; return 0; }

keys() { tm send-keys -t t "$@"; }
type_text() { tm send-keys -t t -l -- "$1"; }
# Esc then a digit, as typed on a VT100 without function keys.
esc_digit() { tm send-keys -t t Escape; sleep 0.1; tm send-keys -t t "$1"; }
alive() { ! screen_text | grep -q "^EXITED"; }
# tui_pause / tui_resume: stop the program (its whole process group) and
# let it go on, so that keys and resizes sent meanwhile reach it together,
# as they do on a loaded terminal.
tui_pause() { kill -STOP -- "-$(tm display -p -t t '#{pane_pid}')" || fail "could not stop the program"; }
tui_resume() { kill -CONT -- "-$(tm display -p -t t '#{pane_pid}')" || fail "could not resume the program"; }

login() {
	expect_screen "Đăng nhập"
	type_text mai; keys Enter
	type_text secret99; keys Enter
	expect_screen "Tiếp nhận hồ sơ"
}

# json EXPR: evaluate a Python expression on JSON read from stdin (d).
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
