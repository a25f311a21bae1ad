#!/usr/bin/env bash
# The queue from the command line: services and counters as data, tickets
# numbered per service and day, calls in order with exit 3 when nobody
# waits, recall/skip/serve/done/transfer, JSON keys, roles, and clerks
# calling from several processes at once.
# Usage: tests/cli/queue.sh PATH/TO/motcua
set -u
BIN=${1:?usage: queue.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en MOTCUA_NOW="2026-11-25 08:00"
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD
DB=$TMP/office.db

. "$(dirname "$0")/lib.sh"

# expect NAME EXIT_CODE PATTERN -- command...
# same NAME ACTUAL EXPECTED
same() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "got '$2', expected '$3'"; fi; }

for c in "queue service add" "queue service list" "queue counter add" "queue counter list" \
	"queue counter state" "queue issue" "queue call" "queue recall" "queue skip" \
	"queue serve" "queue done" "queue transfer" "queue current" "queue show" \
	"queue status" "kiosk" "board" "dashboard"; do
	# shellcheck disable=SC2086
	expect "help: $c" 0 'Usage: motcua' -- "$BIN" $c --help
done

m init --unit 000.17.22.H56 --name "UBND xã Quảng Phú" >/dev/null || bad init "failed"
m catalog import "$ROOT/data/catalog-sample.csv" >/dev/null || bad catalog "failed"
echo secret99 | m user add mai --full-name "Lò Thị Mai" --role clerk --counter 2 \
	--password-stdin >/dev/null || bad "user add" "failed"

# --- services and counters ------------------------------------------------------
expect "service add" 0 '' -- m queue service add A --name "Hộ tịch" --fields "Hộ tịch, Nuôi con nuôi"
expect "service add B" 0 '' -- m queue service add b --name "Chứng thực"
expect "service bad code" 2 'one or two letters' -- m queue service add 7 --name x
expect "service needs name" 1 'name' -- m queue service add C
expect "service list" 0 '^B +Chứng thực' -- m queue service list
same "service fields json" "$(m queue service list --json | json 'd[0]["fields"]')" "['Hộ tịch', 'Nuôi con nuôi']"
expect "counter add" 0 '' -- m queue counter add 1 --services A,B --name "Quầy 1"
expect "counter add 2" 0 '' -- m queue counter add 2 --services B
expect "counter unknown service" 2 'no queue service Z' -- m queue counter add 3 --services A,Z
expect "counter bad number" 1 'NUMBER' -- m queue counter add x --services A
expect "counter list" 0 '^ +2 +B +open' -- m queue counter list
same "counter json services" "$(m queue counter list --json | json 'd[0]["services"]')" "['A', 'B']"
expect "clerk may not add services" 2 'supervisor' -- m --user mai queue service add C --name "Đất đai"

# --- issue: numbers per service, restarting daily ---------------------------------
expect "issue A001" 0 '^A001  Hộ tịch  \(0 people waiting\)$' -- m queue issue --service A
expect "issue A002" 0 '^A002  Hộ tịch  \(1 person waiting\)$' -- m queue issue --service a
expect "issue B001" 0 '^B001  Chứng thực' -- m queue issue --service B
out=$(m queue issue --service A --json)
same "issue json ticket" "$(json 'd["ticket"]' <<<"$out")" A003
same "issue json keys" "$(json '",".join(k for k in ["ticket","service","counter","state","issued_at","called_at"] if k in d)' <<<"$out")" \
	"ticket,service,counter,state,issued_at,called_at"
same "issue json state" "$(json 'd["state"], d["counter"], d["called_at"], d["waiting"]' <<<"$out")" "('waiting', None, None, 2)"
expect "issue unknown service" 2 'no queue service Q' -- m queue issue --service Q
expect "issue needs service" 1 'service' -- m queue issue

# --- calls --------------------------------------------------------------------------
out=$(MOTCUA_NOW="2026-11-25 08:05" m queue call --counter 2 --json)
same "counter 2 calls B001" "$(json 'd["ticket"], d["counter"], d["state"], d["called_at"]' <<<"$out")" \
	"('B001', 2, 'called', '2026-11-25 08:05')"
expect "counter 2 empty exits 3" 3 'nobody is waiting for counter 2' -- m queue call --counter 2
expect "counter 1 calls A001" 0 '^A001  Hộ tịch  called · counter 1' -- m queue call --counter 1
expect "recall" 0 'A001' -- m queue recall --counter 1
same "recall counted" "$(m queue current --counter 1 --json | json 'd["recalls"]')" 1
expect "skip" 0 'absent' -- m queue skip --counter 1
expect "current after skip exits 3" 3 'no ticket called' -- m queue current --counter 1
expect "unknown counter" 2 'counter 9 is not set up' -- m queue call --counter 9
expect "call A002" 0 'A002' -- m queue call --counter 1
expect "serve" 0 'serving' -- m queue serve --counter 1
code=$(m dossier intake --procedure 1.004873 --name "Nguyễn Văn An" --id-number 034091002345 \
	--phone 0912345678 --json | json 'd["code"]')
expect "done with unknown dossier" 2 'no dossier nope' -- m queue done --counter 1 --dossier nope
expect "done with dossier" 0 "done · counter 1 · $code" -- m queue done --counter 1 --dossier "$code"
same "ticket keeps dossier" "$(m queue show A002 --json | json 'd["dossier_code"], d["state"]')" "('$code', 'done')"
expect "done without a ticket exits 3" 3 'no ticket called' -- m queue done --counter 1

# transfer: A003 from counter 1 to counter 2 (which serves only B) is called there first.
m queue issue --service B >/dev/null
expect "call A003" 0 'A003' -- m queue call --counter 1
expect "transfer" 0 'sent to counter 2' -- m queue transfer --counter 1 --to 2
expect "transfer needs --to" 1 'to' -- m queue transfer --counter 1
expect "counter 2 gets the transfer first" 0 '^A003' -- m queue call --counter 2
expect "then B002" 0 '^B002' -- m queue call --counter 2
# The user's own counter is the default.
expect "default counter from --user" 0 'B002 .*counter 2' -- m --user mai queue current

# --- status ---------------------------------------------------------------------------
st=$(m queue status --json)
same "status counts" "$(json 'd["issued"], d["waiting"], d["served"]' <<<"$st")" "(5, 0, 3)"
same "status counter 2" "$(json '[c["ticket"] for c in d["counters"]]' <<<"$st")" "[None, 'B002']"
expect "status text" 0 'Counter 2 .*B002' -- m queue status
expect "counter pause" 0 '' -- m queue counter state 1 paused
expect "paused shows" 0 'Counter 1 .*on a break' -- m queue status
expect "status in Vietnamese" 0 'Quầy 1 .*tạm nghỉ' -- m --lang vi queue status
expect "status columns" 0 '^  Quầy 1     A,B      tạm nghỉ   -     đã phục vụ' -- m --lang vi queue status
expect "bad state" 1 'open, paused or closed' -- m queue counter state 1 asleep

# --- the next day numbers restart -------------------------------------------------------
export MOTCUA_NOW="2026-11-26 07:30"
expect "next day A001, in Vietnamese" 0 '^A001  Hộ tịch  \(0 người đang chờ\)$' -- m --lang vi queue issue --service A
expect "yesterday's ticket by day" 0 'A003' -- m queue show A003 --day 2026-11-25

# --- screens need a terminal -----------------------------------------------------------
expect "board needs a terminal" 1 'terminal' -- sh -c "'$BIN' --db '$DB' board </dev/null"
expect "kiosk needs a terminal" 1 'terminal' -- sh -c "'$BIN' --db '$DB' kiosk </dev/null"

# --- 6 clerk processes call 60 tickets at once: each called exactly once ---------------
for i in $(seq 60); do m queue issue --service B >/dev/null; done
for c in 3 4 5 6 7 8; do m queue counter add $c --services B >/dev/null; done
for c in 3 4 5 6 7 8; do
	( while m queue call --counter $c --json >>"$TMP/calls-$c" 2>>"$TMP/errors"; do :; done ) &
done
wait
n=$(cat "$TMP"/calls-* | wc -l)
uniq=$(cat "$TMP"/calls-* | python3 -c 'import json,sys; print(len({json.loads(l)["ticket"] for l in sys.stdin}))')
same "60 calls from 6 processes" "$n" 60
same "60 distinct tickets" "$uniq" 60
same "only 'nobody is waiting' on stderr" "$(grep -vc 'nobody is waiting' "$TMP/errors")" 0

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
