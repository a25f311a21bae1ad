#!/usr/bin/env bash
# The report screen (b on F6) on a monochrome VT100: the quarter beside the
# previous one, and resolved dossiers as stacked bars of characters, early
# '>', on time '=', late 'X' (docs/rules.md R1, R9), for the total and, with
# v, for each line of the table.
. "$(dirname "$0")/lib.sh"
E2E_TERM=vt100
setup_db
echo secret99 | m user add hung --full-name "Trần Văn Hùng" --role supervisor --password-stdin \
	>/dev/null || fail "user add hung"
take() { # take RECEIVED RESULT
	local c
	c=$(m --user mai dossier intake --procedure 1.004873 --name "Nguyễn Văn An" \
		--id-number 034091002345 --phone 0912345678 --received-at "$1" --json 2>/dev/null |
		json 'd["code"]') || fail "intake $1"
	m --user mai dossier result "$c" --at "$2" >/dev/null || fail "result $c"
}
# Q3: one on time (due Thu 10 Sep 09:00, done 08:00). Q4: one early (due
# Thu 5 Nov, done Tue 3 Nov), one late (due Thu 12 Nov 09:00, done Fri 13).
take '2026-09-07 09:00' '2026-09-10 08:00'
take '2026-11-02 09:00' '2026-11-03 09:00'
take '2026-11-09 09:00' '2026-11-13 09:00'

E2E_ENV="LANGUAGE=en" start_tui --lang en
expect_screen "Log in"
type_text hung; keys Enter; type_text secret99; keys Enter
keys F6
expect_screen "By status"
keys b
expect_screen "DOSSIER RESOLUTION REPORT"
expect_screen "Q4/2026  Q3/2026"
# Q4: 2 resolved, 1 in time (50%): half '>' half 'X'; Q3: all '='.
screen_text | grep -qE '^Q4/2026 +2 +50% in time +>+X+ *$' || fail "Q4 stacked bar"
screen_text | grep -qE '^Q3/2026 +1 +100% in time +=+ *$' || fail "Q3 stacked bar"
expect_screen "Resolved: > early   = on time   X late"
# Both bars are scaled to the larger (2): Q3's is half of Q4's.
q4=$(screen_text | sed -n 's/^Q4\/2026.*in time *\([>=X]*\) *$/\1/p')
q3=$(screen_text | sed -n 's/^Q3\/2026.*in time *\([>=X]*\) *$/\1/p')
[ "${#q4}" -ge 40 ] && [ $(( ${#q4} / 2 - ${#q3} )) -le 1 ] && [ $(( ${#q3} - ${#q4} / 2 )) -le 1 ] ||
	fail "bar lengths ${#q4} and ${#q3}"
# Figures beside the previous quarter's: resolved early 1 (Q3: 0).
screen_text | grep -qE '^Resolved early +1 +0' || fail "early beside the previous quarter"
screen_text | grep -qE '^Resolved on time +0 +1' || fail "on time beside the previous quarter"
# By field, every line as a stacked bar (v).
keys b
expect_screen "Recv.  Solved"
keys v
expect_screen "Solved  > early  = on time  X late"
screen_text | grep -qE '^Hộ tịch +2 +>+X+ *$' || fail "the line's stacked bar"
keys q
stop_tui
pass
