#!/usr/bin/env bash
# Tables line up whatever the bytes of the Vietnamese in them: the results
# and due dossiers of F5, the counts by status of F6 and the live dashboard
# (d on F6) in Vietnamese; the dashboard and the resolution report (b on
# F6) in English. printf's %-24s pads bytes, so a name with more accented
# letters used to push the columns after it to the right.
. "$(dirname "$0")/lib.sh"
setup_db
echo secret99 | m user add hung --full-name "Trần Văn Hùng" --role supervisor --password-stdin \
	>/dev/null || fail "user add hung"
# Names of one length in letters but 1 to 9 bytes longer in UTF-8; all due
# by now, so that F5 lists them, and in several states for F6.
n=0
for name in "Nguyen Van An" "Đỗ Văn Hùng" "Ngô Thị Mai Anh" "Nguyễn Thị Thuỳ Dương"; do
	n=$((n + 1))
	m --user mai dossier intake --procedure 1.004873 --name "$name" --id-number 03409100234$n \
		--phone 091234567$n --received-at "2026-11-1$n 09:00" >/dev/null || fail "intake $name"
done
code=$(m dossier list --json | json 'd[0]["code"]')
m --user mai dossier transfer "$code" --to "Tư pháp" >/dev/null || fail "transfer"

# The column where each of the rows matching ROWS shows PATTERN (both
# Python regexes); they must all be the same. Characters are columns here: the
# text is NFC Vietnamese, one column a character.
same_column() {
	local what=$1 rows=$2 pattern=$3
	local cols
	cols=$(screen_text | python3 -c '
import re, sys
rows, pat = sys.argv[1], sys.argv[2]
print(" ".join(str(re.search(pat, l).start()) for l in sys.stdin
               if re.search(rows, l) and re.search(pat, l)))' "$rows" "$pattern")
	[ "$(wc -w <<<"$cols")" -ge 2 ] || fail "$what: fewer than two rows ($cols)"
	[ "$(tr ' ' '\n' <<<"$cols" | sort -u | wc -l)" = 1 ] ||
		fail "$what: columns differ ($cols)"
}

start_tui
expect_screen "Đăng nhập"
type_text hung; keys Enter; type_text secret99; keys Enter
expect_screen "Tiếp nhận hồ sơ"
keys F5
expect_screen "Nguyễn Thị Thuỳ Dương"
same_column "F5 due dates" '000\.17\.22\.H56-' '[0-9]{2}/[0-9]{2}/2026'
keys F6
expect_screen "Được tiếp nhận"
expect_screen "Hồ sơ ngày 25/11/2026"
same_column "F6 counts by status" '^   \S' ' [0-9]+$'

keys d
expect_screen "Theo lĩnh vực / phòng"
same_column "dashboard numbers" '^  \S' ' +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ '
keys q
stop_tui

E2E_ENV="LANGUAGE=en" start_tui --lang en
expect_screen "Log in"
type_text hung; keys Enter; type_text secret99; keys Enter
keys F6
expect_screen "By status"
keys d
expect_screen "By field / department"
expect_screen "due now  overdue    ready   paused"
refute_screen "Hàng đợi"
keys q
# The resolution report (b on F6), grouped by field: the column titles end
# where the numbers under them end.
keys b
expect_screen "DOSSIER RESOLUTION REPORT"
keys b
expect_screen "Recv.  Solved   Late   Open    Late Pause  Return"
same_column "report columns" '^(Field|Hộ tịch|Chứng thực) ' '\S$'
refute_screen "Lĩnh vực"
keys q
stop_tui
pass
