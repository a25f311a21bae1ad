#!/usr/bin/env bash
# A dossier's life at the counter on the command line (issue 13 §2):
# corrections with old and new value in the history (a clerk: own dossiers
# the same day only), void of a wrong intake (supervisor; code never
# reused, register marks it, status voided, event void), guidance slips
# without an intake (no code, not received, counted), reprints marked
# "BẢN IN LẠI" with the form's first date.
# Usage: tests/cli/counter_life.sh PATH/TO/motcua
set -u
BIN=${1:?usage: counter_life.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD
DB=$TMP/office.db
. "$(dirname "$0")/lib.sh"
same() { [ "$2" = "$3" ] && ok "$1" || bad "$1" "got '$3', wanted '$2'"; }
field() { m dossier show "$1" --json | json "$2"; }
U=000.17.22.H56

export MOTCUA_NOW='2026-12-07 08:00'
expect init 0 '' -- m init --unit $U --name "UBND xã Quảng Phú"
cat >"$TMP/c.csv" <<'CSV'
code,name,field,agency,level,deadline,deadline_unit,fee,documents
1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,UBND cấp xã,Cấp xã,3,day,0,Tờ khai;Giấy tờ tùy thân
CSV
expect catalog 0 '' -- m catalog import "$TMP/c.csv"
for u in mai:clerk lan:clerk hung:supervisor; do
	echo 'pw-demo-123' | m user add "${u%%:*}" --role "${u##*:}" --password-stdin >/dev/null ||
		bad "user $u" "not added"
done
intake() {
	m --user "${2:-mai}" dossier intake --procedure 1.004873 --name "$1" \
		--id-number 034091002345 --phone 0912345678 --json | json 'd["code"]'
}
C1=$(intake "Nguyễn Văn Anh")
C2=$(intake "Trần Thị Bình")
same "codes" "$U-261207-0001 $U-261207-0002" "$C1 $C2"

# --- corrections ---------------------------------------------------------------------
expect "correct own" 0 "Nguyễn Văn An" -- m --user mai dossier correct "$C1" --field name \
	--value "Nguyễn Văn An"
same "corrected name" "Nguyễn Văn An" "$(field "$C1" 'd["applicant"]["name"]')"
same "correct event" "correct|name|Nguyễn Văn Anh|Nguyễn Văn An" \
	"$(field "$C1" '"|".join([d["events"][-1]["action"]] + [__import__("json").loads(d["events"][-1]["data"])[k] for k in ("field","old","new")]) if isinstance(d["events"][-1].get("data"), str) else "|".join([d["events"][-1]["action"], d["events"][-1]["data"]["field"], d["events"][-1]["data"]["old"], d["events"][-1]["data"]["new"]])')"
expect "found by new name" 0 "$C1" -- m dossier find nguyen van an
expect "other clerk refused" 2 "only the dossiers they took in themselves today" -- \
	m --user lan dossier correct "$C1" --field phone --value 0987654321
expect "bad phone refused" 2 "phone" -- m --user mai dossier correct "$C1" --field phone --value 12
expect "unknown field" 1 "cannot be corrected" -- m --user mai dossier correct "$C1" --field status --value x
expect "unchanged refused" 2 "already" -- m --user mai dossier correct "$C1" --field phone --value 0912345678
MOTCUA_NOW='2026-12-08 08:00' expect "next day clerk refused" 2 "ask a supervisor" -- \
	m --user mai dossier correct "$C1" --field phone --value 0987654321
MOTCUA_NOW='2026-12-08 08:00' expect "next day supervisor" 0 "0987654321" -- \
	m --user hung dossier correct "$C1" --field phone --value 0987654321
same "phone corrected" "0987654321" "$(field "$C1" 'd["applicant"]["phone"]')"

# --- void ----------------------------------------------------------------------------
expect "clerk may not void" 2 "supervisor" -- m --user mai dossier void "$C2" --reason "nhập nhầm"
same "not voided" accepted "$(field "$C2" 'd["status"]')"
expect "void needs reason" 1 "reason" -- m --user hung dossier void "$C2"
expect "supervisor voids" 0 "voided" -- m --user hung dossier void "$C2" --reason "nhập nhầm thủ tục"
same "status voided" voided "$(field "$C2" 'd["status"]')"
same "void event" "void|nhập nhầm thủ tục" "$(field "$C2" 'd["events"][-1]["action"]+"|"+d["events"][-1]["note"]')"
expect "void twice" 2 "cannot be voided" -- m --user hung dossier void "$C2" --reason again
expect "no step on voided" 2 "voided" -- m dossier transfer "$C2" --to "Tư pháp"
C3=$(intake "Lê Văn Cường")
same "code never reused" "$U-261207-0003" "$C3"
m print register --from 2026-12-07 --to 2026-12-07 --width 200 >"$TMP/reg.txt" 2>&1
grep -A1 "│ 2 " "$TMP/reg.txt" | grep -q "ĐÃ HỦY" && [ "$(grep -c "ĐÃ HỦY" "$TMP/reg.txt")" = 1 ] &&
	ok "register marks voided" ||
	bad "register marks voided" "$(cat "$TMP/reg.txt")"
expect "voided listed" 0 "voided" -- m dossier list --status voided

# --- guidance without intake -----------------------------------------------------------
expect "guidance add" 0 '"number": ?1' -- m --user mai dossier guidance add --procedure 1.004873 \
	--name "Phạm Thị Dung" --phone 0911222333 --missing "Giấy tờ tùy thân; Tờ khai" --json
expect "guidance needs missing" 2 "missing papers is required" -- m dossier guidance add \
	--procedure 1.004873 --name "Phạm Thị Dung"
expect "guidance unknown procedure" 2 "" -- m dossier guidance add --procedure 9.9 \
	--name "Phạm Thị Dung" --missing x
same "no dossier for guidance" 3 "$(m dossier list --from 2026-12-07 --to 2026-12-07 --json | json 'len(d)')"
same "guidance count" 1 "$(m dossier guidance count --from 2026-12-07 --to 2026-12-07)"
same "guidance count other day" 0 "$(m dossier guidance count --from 2026-12-08 --to 2026-12-08)"
same "guidance by user" "Phạm Thị Dung|mai" \
	"$(m dossier guidance list --json | json 'd[0]["name"]+"|"+d[0]["user"]')"
C4=$(intake "Đỗ Văn Em")
same "guidance takes no code" "$U-261207-0004" "$C4"
m print guidance 1 >"$TMP/g.txt" 2>&1
grep -q "PHIẾU YÊU CẦU BỔ SUNG" "$TMP/g.txt" && grep -q "Phiếu hướng dẫn số 1" "$TMP/g.txt" &&
	grep -q "Giấy tờ tùy thân" "$TMP/g.txt" && ! grep -q "Mã hồ sơ" "$TMP/g.txt" &&
	ok "guidance slip" || bad "guidance slip" "$(cat "$TMP/g.txt")"
expect "guidance unknown number" 2 "no guidance slip" -- m print guidance 99

# --- reprint ---------------------------------------------------------------------------
MOTCUA_NOW='2026-12-09 10:00' m print receipt "$C1" --reprint >"$TMP/r.txt" 2>&1
grep -q "BẢN IN LẠI (in lại 09/12/2026" "$TMP/r.txt" && grep -q "ngày 07 tháng 12 năm" "$TMP/r.txt" &&
	! grep -q "ngày 09 tháng 12" "$TMP/r.txt" && ok "reprint receipt" ||
	bad "reprint receipt" "$(head -20 "$TMP/r.txt")"
m print receipt "$C1" >"$TMP/r0.txt" 2>&1
! grep -q "BẢN IN LẠI" "$TMP/r0.txt" && ok "first print unmarked" || bad "first print unmarked" ""
expect "supplement" 0 '' -- m dossier supplement "$C3" --missing "Giấy tờ tùy thân"
MOTCUA_NOW='2026-12-10 09:00' m print supplement "$C3" --reprint >"$TMP/s.txt" 2>&1
grep -q "BẢN IN LẠI" "$TMP/s.txt" && grep -q "ngày 07 tháng 12 năm" "$TMP/s.txt" &&
	ok "reprint supplement" || bad "reprint supplement" "$(head -20 "$TMP/s.txt")"

# --- the clerk's day, hand-over list, overdue and due-soon lists ---------------------------
expect "transfer" 0 '' -- m --user mai dossier transfer "$C4" --to "Phòng Tư pháp" --assignee lan
same "mine" "intake $C1|intake $C3|intake $C4|transfer $C4" \
	"$(m --user mai dossier mine --json | json '"|".join(x["action"]+" "+x["code"] for x in d)')"
same "mine leaves voided out" "" "$(m --user mai dossier mine --json | json '"|".join(x["code"] for x in d if x["code"]=="'"$C2"'")')"
same "mine of lan" "" "$(m dossier mine --user lan --json | json '"|".join(x["code"] for x in d)')"
m --user mai dossier handover --out "$TMP/h.txt"
grep -q "DANH SÁCH BÀN GIAO HỒ SƠ" "$TMP/h.txt" && grep -q "Phòng Tư" "$TMP/h.txt" && grep -q "261207-0004" "$TMP/h.txt" &&
	grep -q "Tổng số: 1 hồ sơ" "$TMP/h.txt" && ok "handover printed" || bad "handover printed" "$(cat "$TMP/h.txt")"
expect "handover none" 3 "no dossier" -- m --user lan dossier handover
same "nothing overdue yet" 0 "$(m dossier due --overdue --json | json 'len(d)')"
same "due soon" "$C1 $C4" "$(MOTCUA_NOW='2026-12-09 08:00' m dossier due --soon 1 --json | json '" ".join(sorted(x["code"] for x in d))')"
same "overdue later" "$C4|Phòng Tư pháp|lan|2" \
	"$(MOTCUA_NOW='2026-12-14 08:00' m dossier due --overdue --json | json '["|".join([x["code"], x["department"], x["assignee"], str(x["days_late"])]) for x in d if x["code"]=="'"$C4"'"][0] if len(d)==2 else d')"
expect "due usage" 1 "overdue" -- m dossier due

expect "check clean" 0 "" -- m check
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
