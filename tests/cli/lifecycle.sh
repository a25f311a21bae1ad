#!/usr/bin/env bash
# End-to-end tests of the dossier lifecycle on the command line (issue 5):
# every step, --at back-dating, illegal steps (exit 2, nothing changed),
# pause arithmetic, extension, return, rating, timeliness and --overdue.
# Real binary, real database file; "now" pinned with MOTCUA_NOW.
# Usage: tests/cli/lifecycle.sh PATH/TO/motcua
set -u
BIN=${1:?usage: lifecycle.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en
unset MOTCUA_DB MOTCUA_USER
DB=$TMP/office.db
# A private copy: a rebuild of the tree during the run does not disturb it.
# (its modules stay the build tree's).
export MOTCUA_MODULEDIR=${MOTCUA_MODULEDIR:-$(cd "$(dirname "$BIN")/../core" && pwd)}
cp "$BIN" "$TMP/motcua" && BIN=$TMP/motcua

. "$(dirname "$0")/lib.sh"

# expect NAME EXIT_CODE PATTERN -- command...: checks the exit code and that
# stdout+stderr contains PATTERN (grep -E).

# same NAME WANT GOT
same() { [ "$2" = "$3" ] && ok "$1" || bad "$1" "got '$3', wanted '$2'"; }

# field CODE EXPR: a Python expression over the dossier's show --json
field() { m dossier show "$1" --json | json "$2"; }
events() { field "$1" 'len(d["events"])'; }
intake() { # intake PROCEDURE RECEIVED_AT → prints the code
	m --user mai dossier intake --procedure "$1" --name "Nguyễn Văn An" \
		--id-number 034091002345 --phone 0912345678 --received-at "$2" --json | json 'd["code"]'
}

export MOTCUA_NOW='2026-12-31 08:00'
expect init 0 '' -- m init --unit 000.17.22.H56 --name "UBND xã Quảng Phú"
cat >"$TMP/c.csv" <<'CSV'
code,name,field,agency,level,deadline,deadline_unit,fee,documents
1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,Tờ khai
9.000001,Thủ tục một ngày,Hộ tịch,UBND cấp xã,Cấp xã,1,day,0,Tờ khai
9.000004,Thủ tục bốn giờ,Hộ tịch,UBND cấp xã,Cấp xã,4,hour,0,Tờ khai
9.000005,Thủ tục năm ngày,Hộ tịch,UBND cấp xã,Cấp xã,5,day,0,Tờ khai
CSV
expect "catalog import" 0 'added' -- m catalog import "$TMP/c.csv"
# Tết 2026 (T9), the compensatory day of Giỗ Tổ 2026 (T10), Tết 2025 (T14).
for d in 2026-02-16 2026-02-17 2026-02-18 2026-02-19 2026-02-20 2026-04-27 \
	2025-01-27 2025-01-28 2025-01-29 2025-01-30 2025-01-31; do
	m calendar holiday add "$d" >/dev/null || bad "holiday $d" "not added"
done

for c in transfer supplement resume fees refuse withdraw stop extend result return accept rate; do
	expect "help: dossier $c" 0 'Usage: motcua dossier' -- "$BIN" dossier $c --help
done
expect "help mentions --at" 0 "--at 'YYYY-MM-DD HH:MM'" -- "$BIN" dossier transfer --help

# ---- A: the whole way, on paper dates (T9: due Wed 25 Feb 2026 10:00).
export MOTCUA_NOW='2026-03-02 09:00'
a=$(intake 1.004873 '2026-02-13 10:00')
same "T9 appointment" "2026-02-25 10:00" "$(field "$a" 'd["due_at"]')"
same "new dossier status (late as of now)" "accepted|2|late" "$(field "$a" 'd["status"]+"|"+str(d["status_code"])+"|"+d["timeliness"]')"
expect "transfer" 0 'processing' -- m --user mai dossier transfer "$a" --to "Phòng Tư pháp" \
	--assignee lan --at '2026-02-13 11:00'
same "department and assignee" "Phòng Tư pháp|lan|4" \
	"$(field "$a" 'd["department"]+"|"+d["assignee"]+"|"+str(d["status_code"])')"

# Illegal steps: exit 2, the current status and the allowed steps named,
# nothing written.
n=$(events "$a")
expect "illegal return" 2 'is processing \(Đang xử lý\): return is not allowed; allowed steps: transfer, supplement, fees, withdraw, stop, extend, result$' -- \
	m dossier return "$a" --to "Nguyễn Văn An"
expect "illegal resume" 2 'resume is not allowed' -- m dossier resume "$a"
expect "illegal refuse" 2 'refuse is not allowed' -- m dossier refuse "$a" --reason x
expect "illegal accept" 2 'accept is not allowed' -- m dossier accept "$a"
same "illegal steps changed nothing" "$n|processing" "$(field "$a" 'str(len(d["events"]))+"|"+d["status"]')"

# --at: not in the future, not before the last step, well formed.
expect "--at in the future" 2 'in the future' -- m dossier supplement "$a" --missing x --at '2026-03-02 09:01'
expect "--at before last step" 2 "before the dossier's last recorded step \(2026-02-13 11:00\)" -- \
	m dossier supplement "$a" --missing x --at '2026-02-13 10:59'
expect "--at malformed" 2 '--at' -- m dossier supplement "$a" --missing x --at 'yesterday'
expect "supplement needs --missing" 2 'missing' -- m dossier supplement "$a"
same "refused --at changed nothing" "$n" "$(events "$a")"

# Supplement Tue 24 Feb 10:00, papers back Fri 27 Feb 10:00: paused
# working time = Tue 10:00-17:00 (5 h, lunch excluded) + Wed 8 h + Thu 8 h
# + Fri 07:00-10:00 (3 h) = 24 h = 3 working days → Mon 2 Mar 10:00. While
# paused the clock stands at Tue 10:00: 8 h (1 day) left.
expect "supplement" 0 'supplement' -- m dossier supplement "$a" --missing "Bản sao giấy khai sinh" \
	--at '2026-02-24 10:00'
expect "show paused" 0 'Timeliness: trong hạn, 1 working day left \(clock paused since 2026-02-24 10:00\)' -- \
	m dossier show "$a"
expect "resume" 0 'processing  due 2026-03-02 10:00' -- m dossier resume "$a" --at '2026-02-27 10:00'
same "first appointment kept" "2026-02-25 10:00|2026-03-02 10:00|None" \
	"$(field "$a" 'd["original_due_at"]+"|"+d["due_at"]+"|"+str(d["paused_at"])')"
expect "show text on time" 0 'Timeliness: trong hạn, 1 working hour left' -- m dossier show "$a"
expect "show first appointment" 0 'First appointment: 2026-02-25 10:00' -- m dossier show "$a"

# Fees: the clock pauses again; resume moves the appointment on.
expect "fees" 0 'fees' -- m dossier fees "$a" --note "Lệ phí 8.000 đ" --at '2026-03-02 08:00'
expect "resume after fees" 0 'processing' -- m dossier resume "$a" --at '2026-03-02 09:00'
same "fees pause of 1 h" "2026-03-02 11:00" "$(field "$a" 'd["due_at"]')"

# Extension (Mẫu 04): needs a later appointment and a reason.
expect "extend not later" 2 'must be later than the current appointment 2026-03-02 11:00' -- \
	m dossier extend "$a" --until '2026-03-02 10:00' --reason "Chờ xác minh"
expect "extend needs reason" 2 'reason' -- m dossier extend "$a" --until '2026-03-05 10:00'
# On the due date itself it is too late for an apology (docs/rules.md R5,
# Decree 61/2018 Art. 12(3)(c)): exit 2 naming the rule, nothing written
# (a successful extension is in tests/cli/quarter.sh).
n=$(events "$a")
expect "extend on the due date" 2 'rule R5 .*no later than one day before the due date 2026-03-02' -- \
	m dossier extend "$a" --until '2026-03-05 10:00' --reason "Chờ xác minh của Công an xã"
same "late extend wrote nothing" "$n|2026-03-02 11:00" "$(field "$a" 'str(len(d["events"]))+"|"+d["due_at"]')"
same "original due kept" "2026-02-25 10:00" "$(field "$a" 'd["original_due_at"]')"

# Result, return by post, one rating.
expect "rate before return" 2 'once the result is returned' -- m dossier rate "$a" --rating 1
expect "result" 0 'ready' -- m --user lan dossier result "$a"
expect "return bad --by" 1 'counter or post' -- m dossier return "$a" --to "Nguyễn Văn An" --by email
expect "return needs --to" 2 'who received the result' -- m dossier return "$a"
out=$(m --user mai dossier return "$a" --to "Nguyễn Văn An" --by post --json)
same "return json" "10|returned|post|Nguyễn Văn An|2026-03-02 09:00" \
	"$(json 'str(d["status_code"])+"|"+d["status"]+"|"+d["returned"]["by"]+"|"+d["returned"]["to"]+"|"+d["returned"]["at"]' <<<"$out")"
expect "rate bad" 1 '1, 2 or 3' -- m dossier rate "$a" --rating 4
expect "rate" 0 '' -- m dossier rate "$a" --rating 2
expect "rate twice" 2 'already rated 2' -- m dossier rate "$a" --rating 1
expect "closed dossier" 2 'is returned .*none \(the dossier is closed\)' -- m dossier transfer "$a" --to X
out=$(m dossier show "$a" --json)
same "history" "intake transfer supplement resume fees resume result return rate" \
	"$(json '" ".join(e["action"] for e in d["events"])' <<<"$out")"
same "history statuses" "accepted processing supplement processing fees processing ready returned None" \
	"$(json '" ".join(str(e["to_status"]) for e in d["events"])' <<<"$out")"
same "back-dated and real times" "2026-02-13 11:00|$(date -u -d '+7 hours' +%F)" \
	"$(json 'd["events"][1]["at"]+"|"+d["events"][1]["entered_at"][:10]' <<<"$out")"
same "finished on time (on the due date, before 11:00)" "on_time|2|2026-03-02 09:00" \
	"$(json 'd["timeliness"]+"|"+str(d["rating"])+"|"+d["finished_at"]' <<<"$out")"
expect "show text finished" 0 'Timeliness: đúng hạn' -- m dossier show "$a"

# ---- B: timeliness of finished dossiers on the calendar facts.
export MOTCUA_NOW='2026-12-31 08:00'
tl() { # tl PROC RECEIVED DONE → timeliness after "result --at DONE"
	local c
	c=$(intake "$1" "$2")
	m dossier result "$c" --at "$3" >/dev/null
	field "$c" 'd["timeliness"]'
}
same "T9 early" early "$(tl 1.004873 '2026-02-13 10:00' '2026-02-24 16:00')"
same "T9 on time" on_time "$(tl 1.004873 '2026-02-13 10:00' '2026-02-25 10:00')"
same "T9 late" late "$(tl 1.004873 '2026-02-13 10:00' '2026-02-25 10:01')"
same "T10 on time" on_time "$(tl 9.000001 '2026-04-24 09:00' '2026-04-28 08:59')"
same "T10 late" late "$(tl 9.000001 '2026-04-24 09:00' '2026-04-28 09:01')"
same "T12 same day on time" on_time "$(tl 9.000004 '2026-04-08 10:30' '2026-04-08 16:30')"
same "T12 late" late "$(tl 9.000004 '2026-04-08 10:30' '2026-04-08 16:31')"
same "T13 early" early "$(tl 9.000001 '2026-03-09 17:30' '2026-03-10 17:00')"
same "T13 on time" on_time "$(tl 9.000001 '2026-03-09 17:30' '2026-03-11 07:00')"
same "T14 early" early "$(tl 9.000005 '2025-01-24 15:30' '2025-02-06 15:30')"
same "T14 late" late "$(tl 9.000005 '2025-01-24 15:30' '2025-02-10 07:00')"

# ---- C: open dossiers, as of now: on time or late, and --overdue.
export MOTCUA_NOW='2026-03-12 10:00'
o1=$(intake 9.000001 '2026-03-09 08:00')   # due Tue 10 Mar 08:00: 18 h (2 days 2 h) late
o2=$(intake 1.004873 '2026-03-11 08:00')   # due Mon 16 Mar 08:00: 14 h (1 day 6 h) left
o3=$(intake 9.000001 '2026-03-09 08:00')   # paused before its due: on time
m dossier supplement "$o3" --missing "Ảnh 4x6" --at '2026-03-09 09:00' >/dev/null
same "open late" "late|on_time|on_time" \
	"$(field "$o1" 'd["timeliness"]')|$(field "$o2" 'd["timeliness"]')|$(field "$o3" 'd["timeliness"]')"
expect "show late in words" 0 'Timeliness: quá hạn, 2 working days overdue' -- m dossier show "$o1"
expect "show left in words" 0 'Timeliness: trong hạn, 1 working day left' -- m dossier show "$o2"
same "list --overdue" "$o1" "$(m dossier list --overdue --json | json '" ".join(x["code"] for x in d)')"
expect "list --overdue text" 0 "^$o1 " -- m dossier list --overdue

# ---- D: refuse, withdraw, stop; refuse during a pause ends it.
r=$(intake 1.004873 '2026-03-11 08:00')
expect "refuse needs reason" 2 'reason is required' -- m dossier refuse "$r"
expect "refuse" 0 'refused' -- m dossier refuse "$r" --reason "Không thuộc thẩm quyền"
same "refused" "3|2026-03-12 10:00|Không thuộc thẩm quyền" \
	"$(field "$r" 'str(d["status_code"])+"|"+d["finished_at"]+"|"+d["events"][-1]["note"]')"
w=$(intake 1.004873 '2026-03-11 08:00')
expect "withdraw" 0 'withdrawn' -- m dossier withdraw "$w" --note "Công dân xin rút"
same "withdrawn" "7" "$(field "$w" 'd["status_code"]')"
s=$(intake 1.004873 '2026-03-11 08:00')
m dossier transfer "$s" --to "Địa chính" >/dev/null
expect "stop needs reason" 2 'reason is required' -- m dossier stop "$s"
expect "stop" 0 'stopped' -- m dossier stop "$s" --reason "Công dân đề nghị dừng"
same "stopped" "8" "$(field "$s" 'd["status_code"]')"
p=$(intake 1.004873 '2026-03-11 08:00')    # due Mon 16 Mar 08:00
m dossier supplement "$p" --missing "Tờ khai" --at '2026-03-11 09:00' >/dev/null
expect "refuse while paused" 0 'refused' -- m dossier refuse "$p" --reason "Không bổ sung" \
	--at '2026-03-12 09:00'
same "pause ended by refusal" "2026-03-17 08:00|None" \
	"$(field "$p" 'd["due_at"]+"|"+str(d["paused_at"])')"

# ---- E: an online submission (status 1) accepted: the clock starts then.
cat >"$TMP/online.csv" <<'CSV'
procedure,name,id_number,phone,received_at,code,status
1.004873,Lê Thị Hoa,038190001111,0911000111,2026-03-11 20:00,000.17.22.H56-260311-0900,new
CSV
expect "import online" 0 '' -- m dossier import "$TMP/online.csv"
o=000.17.22.H56-260311-0900
same "online is new" "new|1" "$(field "$o" 'd["status"]+"|"+str(d["status_code"])')"
expect "new cannot transfer" 2 'is new .*allowed steps: refuse, withdraw, accept' -- \
	m dossier transfer "$o" --to X
expect "accept" 0 'accepted  due 2026-03-17 08:00' -- m dossier accept "$o" --at '2026-03-12 08:00'
same "accept event" "new|accepted|hẹn trả 2026-03-17 08:00" \
	"$(field "$o" 'd["events"][-1]["from_status"]+"|"+d["events"][-1]["to_status"]+"|"+d["events"][-1]["note"]')"

# ---- E2: the apology and the stop are a supervisor's to sign, whatever the
# front end: a clerk's CLI is refused with nothing written.
expect "add a clerk" 0 '' -- sh -c "echo secret99 | '$BIN' --db '$DB' user add lan --role clerk --password-stdin"
expect "add a supervisor" 0 '' -- sh -c "echo secret99 | '$BIN' --db '$DB' user add thu --role supervisor --password-stdin"
export MOTCUA_NOW='2026-03-24 10:00'
sup=$(intake 1.004873 '2026-03-23 08:00')
n=$(events "$sup")
expect "clerk may not extend" 2 'user lan \(clerk\) may not take the step extend.*supervisor or admin only' -- \
	m --user lan dossier extend "$sup" --until '2026-03-30 10:00' --reason "Chờ xác minh" \
	--at '2026-03-24 09:00'
expect "clerk may not stop" 2 'user lan \(clerk\) may not take the step stop' -- \
	m --user lan dossier stop "$sup" --reason "Dừng" --at '2026-03-24 09:00'
same "clerk's refusals wrote nothing" "$n" "$(events "$sup")"
expect "clerk may still transfer" 0 '' -- m --user lan dossier transfer "$sup" --to "Tư pháp" \
	--at '2026-03-23 09:00'
expect "supervisor may extend" 0 '' -- m --user thu dossier extend "$sup" --until '2026-03-30 10:00' \
	--reason "Chờ xác minh" --at '2026-03-24 09:00'

# ---- F: usage errors.
expect "step without CODE" 1 'exactly one dossier CODE' -- m dossier result
expect "unknown dossier" 2 'X-1' -- m dossier result X-1
expect "rate without rating" 1 'rating' -- m dossier rate "$a"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
