#!/usr/bin/env bash
# Benchmark (run by hand): many clerks on one database file, and what a
# supervisor's dashboard costs.
#  1. bench_queue: 64 processes doing intakes at once against 64 processes
#     doing raw SQLite single-row transactions (ratio, target >= 0.5), and
#     64 processes issuing and calling tickets; errors must be 0.
#  2. The CPU an idle `motcua dashboard` uses over 10 s (utime + stime from
#     /proc/PID/stat), then the same while 4 clerk loops issue and call
#     tickets on the same file.
# Usage: tests/bench/bench_queue.sh [BUILD_DIR] [PROCS] [PER]
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build}
PROCS=${2:-64}
PER=${3:-50}
ninja -C "$BUILD" tests/bench_queue src/cli/motcua >/dev/null || exit 1
BIN=$BUILD/src/cli/motcua
TMP=$(mktemp -d)
SOCK=bench-queue-$$
trap 'tmux -L $SOCK kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=$ROOT LANG=C.UTF-8 LC_ALL=C.UTF-8

echo "== $PROCS processes, $PER operations each"
"$BUILD/tests/bench_queue" "$PROCS" "$PER" "$TMP" || echo "bench_queue reported errors"

DB=$TMP/office.db
hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# measure PID SECONDS: CPU percent of one core used by PID over SECONDS.
measure() {
	local a b
	a=$(cpu_ticks "$1")
	sleep "$2"
	b=$(cpu_ticks "$1")
	awk -v d=$((b - a)) -v hz="$hz" -v s="$2" \
		'BEGIN { printf "%.2f%% of one core (%d ticks of 1/%d s in %d s)", 100 * d / hz / s, d, hz, s }'
}

tmux -L "$SOCK" -f /dev/null new-session -d -x 80 -y 24 -s dash \
	"exec env TERM=xterm-256color $BIN --db $DB dashboard"
sleep 2
PID=$(tmux -L "$SOCK" list-panes -t dash -F '#{pane_pid}')
[ -r "/proc/$PID/stat" ] || { echo "dashboard did not start"; exit 1; }
echo "== dashboard (pid $PID) on $(sqlite3 "$DB" 'SELECT count(*) FROM dossiers') dossiers"
echo "idle dashboard: $(measure "$PID" 10)"

for c in 1 2 3 4; do
	( end=$((SECONDS + 12))
	  while [ $SECONDS -lt $end ]; do
		"$BIN" --db "$DB" queue issue --service A >/dev/null
		"$BIN" --db "$DB" queue call --counter $c >/dev/null 2>&1
	  done ) &
done
sleep 1
echo "dashboard while 4 clerks issue and call: $(measure "$PID" 10)"
wait
tmux -L "$SOCK" capture-pane -p -t dash | head -4
