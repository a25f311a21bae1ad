#!/usr/bin/env bash
# Benchmark (run by hand): the CPU a supervisor's `motcua dashboard` costs
# while it sits on screen (issue #6), against the usual ways of keeping an
# eye on a database from a terminal, measured the same way in the same run:
#   - `watch -n 1 sqlite3 DB 'SELECT ...'` (a query redrawn every second),
#   - `top -d 1` (a live process list redrawn every second).
# Each runs in its own 80x24 tmux pane on a demo-size office (the demo's
# catalog and a dozen dossiers of the last weeks, two queue services, four
# counters, tickets waiting and called). CPU is utime + stime + cutime +
# cstime from /proc/PID/stat (children count: watch runs sqlite3 every
# second), over the same window for all three.
#   1. idle: nothing changes for SECONDS;
#   2. busy: another process commits an intake every 2 s for SECONDS (the
#      dashboard reads the figures again only when something changed).
# Prints CPU seconds per minute for each and the ratios.
# The clock is not pinned: the dashboard's once-a-minute refresh counts.
# Usage: tests/bench/bench_dashboard_idle.sh [BUILD_DIR] [SECONDS]
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd) || exit 1
SECS=${2:-60}
ninja -C "$BUILD" src/cli/motcua >/dev/null || exit 1
TMP=$(mktemp -d)
# A private copy: a rebuild in the tree during the run cannot disturb it.
BIN=$TMP/motcua
cp "$BUILD/src/cli/motcua" "$BIN" || exit 1
export MOTCUA_LOCALEDIR=$BUILD/locale
SOCK=bench-dash-$$
WRITER=
cleanup() {
	[ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null
	tmux -L "$SOCK" kill-server 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
export MOTCUA_DATADIR=$ROOT LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=en
unset MOTCUA_DB MOTCUA_USER MOTCUA_NOW
DB=$TMP/office.db
m() { "$BIN" --db "$DB" "$@"; }

# ---- a demo-size office ---------------------------------------------------------
m init --unit 000.00.00.H46 --name "UBND phường Tô Hiệu" >/dev/null || exit 1
m catalog import "$ROOT/data/catalog-sample.csv" >/dev/null || exit 1
i=0
while IFS='|' read -r proc name id phone days; do
	at=$(date -d "-$days days" '+%Y-%m-%d 09:1'"$((i % 10))")
	[ "$days" = 0 ] && at=$(date -d '-1 minute' '+%Y-%m-%d %H:%M')
	m dossier intake --procedure "$proc" --name "$name" --id-number "$id" --phone "$phone" \
		--address "Tổ 5, phường Tô Hiệu" --received-at "$at" >/dev/null || exit 1
	i=$((i + 1))
done <<'EOF'
1.001193|Nguyễn Thị Thuỳ Dương|034091002345|0912345678|0
1.000894|Trần Văn Đức|001085004321|0987654321|1
1.000656|Lê Hoàng Anh|038079001122|0903111222|2
1.004873|Phạm Thị Hương|036190009876|0977000111|3
2.000908|Đặng Quốc Bảo|079201005555|0938123456|6
1.001193|Võ Minh Khoa|052099003333|0905333444|9
1.000894|Bùi Thị Lan|027188002222|0966222333|14
1.004873|Hoàng Văn Nam|040087006666|0913666777|20
1.000656|Ngô Thị Mai Anh|031092007777|0945777888|27
2.000908|Đỗ Văn Hùng|025080008888|0928888999|35
1.001193|Lý Thị Ngọc|034190001111|0912000111|0
1.000894|Phan Văn Sơn|038085002222|0912000222|1
EOF
m queue service add A --name "Hộ tịch" >/dev/null || exit 1
m queue service add B --name "Chứng thực" >/dev/null || exit 1
for c in 1 2 3 4; do m queue counter add $c --services A,B >/dev/null || exit 1; done
for n in $(seq 12); do m queue issue --service $([ $((n % 3)) = 0 ] && echo B || echo A) >/dev/null; done
for c in 1 2 3; do m queue call --counter $c >/dev/null; done

# ---- the three watchers ------------------------------------------------------------
QUERY="SELECT state, count(*) FROM queue_tickets GROUP BY state; SELECT status, count(*) FROM dossiers GROUP BY status;"
start() {   # start NAME COMMAND...: a detached 80x24 session running COMMAND
	local name=$1
	shift
	tmux -L "$SOCK" -f /dev/null new-session -d -x 80 -y 24 -s "$name" \
		"exec env TERM=xterm-256color $(printf '%q ' "$@")"
}
start dash "$BIN" --db "$DB" dashboard
start watch watch -n 1 sqlite3 -readonly "$DB" "$QUERY"
start top top -d 1
sleep 3
pid_of() { tmux -L "$SOCK" list-panes -t "$1" -F '#{pane_pid}'; }
DASH=$(pid_of dash) WATCH=$(pid_of watch) TOP=$(pid_of top)
for p in "$DASH" "$WATCH" "$TOP"; do
	[ -r "/proc/$p/stat" ] || { echo "a watcher did not start"; exit 1; }
done
grep -q 'Giám sát' <(tmux -L "$SOCK" capture-pane -p -t dash) ||
	{ echo "the dashboard is not on screen"; tmux -L "$SOCK" capture-pane -p -t dash; exit 1; }
hz=$(getconf CLK_TCK)
# utime stime cutime cstime (fields 14-17); the name (field 2) has no spaces here.
ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"; }

# measure LABEL: SECS seconds of the three; prints CPU seconds per minute.
measure() {
	local d0 w0 t0 d1 w1 t1 s0 s1
	d0=$(ticks "$DASH") w0=$(ticks "$WATCH") t0=$(ticks "$TOP") s0=$(date +%s.%N)
	sleep "$SECS"
	d1=$(ticks "$DASH") w1=$(ticks "$WATCH") t1=$(ticks "$TOP") s1=$(date +%s.%N)
	awk -v l="$1" -v d=$((d1 - d0)) -v w=$((w1 - w0)) -v t=$((t1 - t0)) -v hz="$hz" \
		-v s="$(echo "$s1 - $s0" | bc)" 'BEGIN {
		f = 60 / s / hz
		printf "%-5s over %.1f s (CPU seconds per minute):\n", l, s
		printf "  motcua dashboard            %6.3f  (%d ticks)\n", d * f, d
		printf "  watch -n 1 sqlite3 QUERY    %6.3f  (%d ticks)\n", w * f, w
		printf "  top -d 1                    %6.3f  (%d ticks)\n", t * f, t
		printf "  ratio dashboard/watch %s, dashboard/top %s\n",
			w ? sprintf("%.3f", d / w) : "n/a", t ? sprintf("%.3f", d / t) : "n/a"
	}'
}

echo "== $(sqlite3 -readonly "$DB" 'SELECT count(*) FROM dossiers') dossiers," \
	"$(sqlite3 -readonly "$DB" 'SELECT count(*) FROM queue_tickets') tickets; $(nproc) CPUs"
measure idle

# A clerk elsewhere commits an intake every 2 s.
(
	n=0
	while :; do
		n=$((n + 1))
		"$BIN" --db "$DB" dossier intake --procedure 2.000908 --name "Nguyễn Văn An" \
			--id-number 034091009999 --phone 0912999999 >/dev/null 2>&1
		sleep 2
	done
) &
WRITER=$!
sleep 1
before=$(sqlite3 -readonly "$DB" 'SELECT count(*) FROM dossiers')
measure busy
after=$(sqlite3 -readonly "$DB" 'SELECT count(*) FROM dossiers')
kill "$WRITER" 2>/dev/null
wait "$WRITER" 2>/dev/null
WRITER=
echo "  ($((after - before)) intakes committed during the busy window)"
tmux -L "$SOCK" capture-pane -p -t dash | head -3
