#!/usr/bin/env bash
# motcua config: list/get/set/unset of the settings registry, the checks
# (unknown key exit 1 with the list, bad value exit 2 naming key and rule),
# admin-only changes, and that the program reads what config sets.
# Usage: tests/cli/config.sh PATH/TO/motcua
set -u
BIN=${1:?usage: config.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD
DB=$TMP/office.db
. "$(dirname "$0")/lib.sh"

m init --unit 000.17.22.H56 --name "UBND xã Quảng Phú" >/dev/null || bad init "failed"

for c in "config" "config list" "config get" "config set" "config unset"; do
	# shellcheck disable=SC2086
	expect "help: $c" 0 'Usage: motcua' -- "$BIN" $c --help
done
keys="office.place office.commune receipt_printer kiosk_printer receipt_dir ime idle_lock_minutes \
calendar.windows calendar.workdays sync.role fees.receipt_form fees.receipt_series bank.bin \
bank.account bank.account_name forms.2025_from"
out=$(m config list)
for k in $keys; do
	grep -q "^$k " <<<"$out" && ok "list has $k" || bad "list has $k" "$out"
done
n=$(m config list --json | json 'len(d)')
[ "$n" = 16 ] && ok "json list has 16 keys" || bad "json list" "$n"
expect "default ime" 0 '^telex$' -- m config get ime
expect "default idle" 0 '^15$' -- m config get idle_lock_minutes
expect "unset, no default" 3 'office.place is not set' -- m config get office.place

expect "set place" 0 '' -- m config set office.place "  Phường  Bến Thành "
expect "get place (cleaned)" 0 '^Phường Bến Thành$' -- m config get office.place
expect "list shows value" 0 '^office.place +Phường Bến Thành ' -- m config list
v=$(m config list --json | json '[x for x in d if x["key"]=="office.place"][0]["set"]')
[ "$v" = True ] && ok "json set flag" || bad "json set flag" "$v"
expect "set printer" 0 '' -- m config set receipt_printer Quay_1.HP-M404
expect "get printer" 0 '^Quay_1.HP-M404$' -- m config get receipt_printer
expect "set ime VNI" 0 '' -- m config set ime VNI
expect "ime stored lower" 0 '^vni$' -- m config get ime
expect "set idle" 0 '' -- m config set idle_lock_minutes 240
expect "set receipt_dir" 0 '' -- m config set receipt_dir /var/lib/motcua/receipts
expect "set bin" 0 '' -- m config set bank.bin 970436
expect "set account" 0 '' -- m config set bank.account 0071000123456
expect "set series" 0 '' -- m config set fees.receipt_series "AA/26P"

# Bad values: exit 2, the key and its rule named, nothing stored.
expect "bad printer" 2 'receipt_printer must be a CUPS queue name' -- m config set receipt_printer "my printer"
expect "bad printer kept" 0 '^Quay_1.HP-M404$' -- m config get receipt_printer
expect "long printer" 2 'kiosk_printer' -- m config set kiosk_printer "$(printf 'a%.0s' {1..128})"
expect "bad place" 2 'office.place must be text without control characters' -- m config set office.place $'Ph\x01'
expect "bad dir" 2 'receipt_dir must be an absolute path' -- m config set receipt_dir receipts
expect "bad ime" 2 'ime must be telex, vni, viqr or off' -- m config set ime unikey
expect "idle too big" 2 'idle_lock_minutes must be .*0 to 240' -- m config set idle_lock_minutes 241
expect "idle not a number" 2 'idle_lock_minutes' -- m config set idle_lock_minutes 5m
expect "idle negative" 2 'idle_lock_minutes' -- m config set idle_lock_minutes -- -1
expect "bad windows" 2 'calendar.windows must be windows like' -- m config set calendar.windows "7-11"
expect "bad workdays" 2 'calendar.workdays' -- m config set calendar.workdays "mon-xyz"
expect "bad bin" 2 'bank.bin must be 6 digits' -- m config set bank.bin 97043
expect "bad commune" 2 'office.commune must be a 5-digit commune code' -- m config set office.commune 1627
expect "set commune" 0 '' -- m config set office.commune 16279
expect "bad account" 2 'bank.account must be 1 to 19' -- m config set bank.account 12345678901234567890
expect "bad account chars" 2 'bank.account' -- m config set bank.account "0071-000"

# Unknown keys: exit 1 and the list of keys.
expect "unknown key set" 1 'unknown setting "office.name".*' -- m config set office.name X
out=$(m config get nope 2>&1)
for k in office.place bank.account_name sync.role; do
	grep -q "^  $k$" <<<"$out" && ok "unknown key lists $k" || bad "unknown key lists $k" "$out"
done
expect "unknown key unset" 1 'unknown setting' -- m config unset nope
expect "no value" 1 'give KEY and VALUE' -- m config set ime

# sync.role: shown, changed only by sync role.
expect "sync.role shown" 0 '^office$' -- m config get sync.role
expect "sync.role read-only" 1 "sync role" -- m config set sync.role province
m sync role province >/dev/null
expect "sync.role follows sync role" 0 '^province$' -- m config get sync.role

# Admin only.
printf 'pw-mai-2026\n' | m user add mai --role clerk --password-stdin >/dev/null
printf 'pw-lan-2026\n' | m user add lan --role supervisor --password-stdin >/dev/null
expect "clerk may not set" 2 'may not change the setting ime' -- m --user mai config set ime telex
expect "supervisor may not unset" 2 'may not' -- m --user lan config unset ime
expect "clerk may read" 0 '^vni$' -- m --user mai config get ime
expect "clerk may list" 0 '^ime ' -- m --user mai config list

# unset: back to the default; a second unset has nothing to do.
expect "unset ime" 0 '' -- m config unset ime
expect "ime default again" 0 '^telex$' -- m config get ime
expect "unset twice" 3 'ime was not set' -- m config unset ime

# The program reads what config sets: the working week decides due times.
expect "due mon-fri" 0 '^2026-03-17 07:00$' -- m calendar due --from '2026-03-13 17:30' --days 1
expect "set workdays" 0 '' -- m config set calendar.workdays mon-sat
expect "due mon-sat" 0 '^2026-03-16 07:00$' -- m calendar due --from '2026-03-13 17:30' --days 1

# The 2025 form set starts on the date of Circular 03/2025 unless the
# office says its province switched on another day (docs/rules.md R19).
m catalog import "$ROOT/data/catalog-sample.csv" >/dev/null
fs() { MOTCUA_NOW='2025-08-04 09:00' m dossier intake --procedure 1.004873 --name "Lê Văn Ba" \
	--id-number 034091002345 --phone 0912345678 --received-at "$1" --json 2>/dev/null |
	json 'd["form_set"]'; }
[ "$(fs '2025-08-01 08:00')" = 2018 ] && ok "August 2025 takes the 2018 set" || bad "2018 set" "$(fs '2025-08-01 08:00')"
expect "default switch day" 0 '^2025-09-15$' -- m config get forms.2025_from
expect "switch day before Decree 118" 2 'forms.2025_from must be .*\(before 2025-07-01, when' -- \
	m config set forms.2025_from 2025-06-30
expect "switch day not a date" 2 'forms.2025_from must be .*\(not a date' -- m config set forms.2025_from 1/7/2025
expect "province switched on 1 July" 0 '' -- m config set forms.2025_from 2025-07-01
[ "$(fs '2025-08-01 08:00')" = 2025 ] && ok "then August 2025 takes the 2025 set" ||
	bad "2025 set" "$(fs '2025-08-01 08:00')"
[ "$(fs '2025-06-30 08:00')" = 2018 ] && ok "June 2025 still the 2018 set" || bad "June" "x"
m config unset forms.2025_from >/dev/null

# Vietnamese by default.
expect "vi error" 2 'phải là' -- env -u LANGUAGE "$BIN" --db "$DB" config set bank.bin 1
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
