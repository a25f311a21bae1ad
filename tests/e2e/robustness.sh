#!/usr/bin/env bash
# Bad keystrokes must neither crash the program nor lose saved data:
# 40 chunks of random bytes from /dev/urandom (escape sequences, control
# characters, broken UTF-8 included; only the quit keys are taken out), a
# storm of 30 window resizes down to far below 80x24, after a 5000-character
# paste into a field. Afterwards the program still answers and a dossier
# saved before is unchanged. The bytes come from a seed that a failure
# names (ROBUST_SEED=N replays them); they are also kept in
# /tmp/motcua-robustness-PID.hex when the test fails.
. "$(dirname "$0")/lib.sh"
HEXLOG=/tmp/motcua-robustness-$$.hex
SEED=${ROBUST_SEED:-$RANDOM$RANDOM}
on_fail() { echo "  random bytes sent: $HEXLOG (ROBUST_SEED=$SEED replays them)"; }

setup_db
m dossier intake --procedure 1.001193 --name "Nguyễn Thị Thùy Dương" --id-number 034091002345 \
	--phone 0912345678 --address "Tổ 5, phường Tô Hiệu" >/dev/null || fail "CLI intake"
before=$(m dossier show 000.17.22.H56-261125-0001 --json)
start_tui
login
pid=$(tm list-panes -t t -F '#{pane_pid}')

# A 5000-character paste into the name field (it holds 120).
keys Tab
long=$(python3 -c 'print(("Nguyễn Văn A " * 400)[:5000])')
type_text "$long"
expect_screen "tối đa 120 ký tự" 20
alive || fail "program ended after a 5000-character paste"

: >"$HEXLOG"
# 40 chunks of 120 bytes, without Ctrl-Q (0x11) and q/Q (Esc q quits):
# quitting is not a crash.
python3 -c '
import random, sys
r = random.Random(int(sys.argv[1]))
for _ in range(40):
    print(" ".join("%02x" % b for b in (r.randrange(256) for _ in range(120))
                   if b not in (0x11, 0x71, 0x51)))' "$SEED" >"$HEXLOG"
while read -r hex; do
	# shellcheck disable=SC2086
	tm send-keys -t t -H $hex || fail "send-keys -H"
	sleep 0.02
done <"$HEXLOG"
sleep 1.5
alive || { on_fail; fail "program ended during random input: $(screen_text | grep EXITED)"; }

sizes=(20x5 200x60 79x23 80x24 1x1 132x43 40x12 80x24 10x3 300x100)
for i in $(seq 30); do
	s=${sizes[$((i % ${#sizes[@]}))]}
	tm resize-window -t t -x "${s%x*}" -y "${s#*x}" 2>/dev/null
	sleep 0.03
done
tm resize-window -t t -x 80 -y 24
sleep 0.5
alive || { on_fail; fail "program ended during resizes"; }

# Back to a known place: Esc closes lists and answers "no" to questions.
for i in 1 2 3; do keys Escape; sleep 1.2; done

keys F3
expect_screen "Tra cứu hồ sơ" 5
# The random keys may have typed into the look-up's query, which stays.
keys C-u
expect_screen "Tìm [                                    ]" 5
type_text "034091002345"
wait_for "Nguyễn Thị Thùy Dương" 10 || { on_fail; fail "look-up never showed the saved dossier"; }
kill -0 "$pid" 2>/dev/null || fail "process gone"
after=$(m dossier show 000.17.22.H56-261125-0001 --json)
[ "$before" = "$after" ] || { on_fail; fail "the saved dossier changed"; }
[ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "database integrity check"
rm -f "$HEXLOG"
pass
