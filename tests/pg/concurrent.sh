#!/usr/bin/env bash
# Imports at the same time into a PostgreSQL hub (issue #16 item 3): eight
# offices' bundles by eight processes at once; one office's two bundles
# started at once (they apply in order, or the later one is refused with the
# sequence message and applies when tried again: never half of one); the
# inbox at the hub, and two inbox runs at once. Run by tests/pg/run.sh.
# Usage: tests/pg/run.sh tests/pg/concurrent.sh PATH/TO/motcua
set -u
BIN=${1:?usage: concurrent.sh MOTCUA}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en
unset MOTCUA_DB MOTCUA_USER MOTCUA_PASSWORD
. "$ROOT/tests/cli/lib.sh"
. "$ROOT/tests/pg/lib.sh"
CATALOG=$ROOT/data/catalog-sample.csv
UP=000.00.00.H56
HUB=$(hub_db hub) || { echo "cannot create the hub database"; exit 1; }
db() {
	local f=$1; shift
	if [ "$f" = h ]; then "$BIN" --db "$HUB" "$@"; else "$BIN" --db "$TMP/$f.db" "$@"; fi
}
same() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "'$2' != '$3'"; fi; }
q() { psql -qAt "$HUB" -c "$1"; }
# Names take no digits: words stand for the office and the count.
W=(Không An Bình Cường Dung Giang Hà Khánh Lan Minh Nam Oanh Phúc Quang)
nm() { echo "${W[${1#o}]} ${W[$2]}"; }
intake() {
	db "$1" --user mai dossier intake --procedure 1.004873 --name "$2" \
		--id-number 034091002345 --phone 0912345678 >/dev/null
}

export MOTCUA_NOW='2026-03-02 09:00'
offices="o1 o2 o3 o4 o5 o6 o7 o8"
unit() { echo "000.2${1#o}.10.H56"; }
db p init --unit $UP --name "Tỉnh mẫu" --no-units >/dev/null
db p catalog import "$CATALOG" >/dev/null
for f in $offices; do
	db $f init --unit "$(unit $f)" --name "Văn phòng $f" --no-units >/dev/null
	db $f catalog import "$CATALOG" >/dev/null
done
hub_setup h "$HUB" $UP "$TMP/p.db" && ok "hub set up" || bad "hub set up" "failed"
db h sync key show --out "$TMP/h.key" >/dev/null
for f in $offices; do
	db $f sync key show --out "$TMP/$f.key" >/dev/null
	db h sync trust add "$(unit $f)" "$TMP/$f.key" \
		--fingerprint "$(sed -n 's/^fingerprint: //p' "$TMP/$f.key")" >/dev/null || bad "enrol $f" failed
done
# Each office: k dossiers in bundle 1 (k = 3 + its number), one more in 2, one more in 3.
for f in $offices; do
	n=${f#o}
	for i in $(seq 1 $((3 + n))); do intake $f "Người $(nm $f $i)"; done
	db $f sync export --out "$TMP/$f-1.bundle" >/dev/null
	intake $f "Sau $(nm $f 1)"
	db $f --user mai dossier transfer "$(db $f dossier list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["code"])')" --to "Tư pháp" >/dev/null
	db $f sync export --out "$TMP/$f-2.bundle" >/dev/null
	intake $f "Sau $(nm $f 2)"
	db $f sync export --out "$TMP/$f-3.bundle" >/dev/null
done

# Eight first bundles by eight processes at once.
for f in $offices; do
	( db h sync import "$TMP/$f-1.bundle" > "$TMP/$f-1.out" 2>&1; echo $? > "$TMP/$f-1.rc" ) &
done
wait
for f in $offices; do
	same "$f bundle 1 at once: exit" "$(cat "$TMP/$f-1.rc")" 0
	n=${f#o}
	same "$f: its dossiers" "$(q "SELECT count(*) FROM dossiers WHERE unit_code = '$(unit $f)'")" $((3 + n))
done
same "all dossiers once" "$(q "SELECT count(*) || '/' || count(DISTINCT code) FROM dossiers")" "60/60"
same "one record per bundle" "$(q "SELECT count(*) FROM sync_in")" 8

# Each office's bundles 2 and 3 started at the same time, all offices at once.
for f in $offices; do
	for k in 2 3; do
		( db h sync import "$TMP/$f-$k.bundle" > "$TMP/$f-$k.out" 2>&1; echo $? > "$TMP/$f-$k.rc" ) &
	done
done
wait
for f in $offices; do
	r2=$(cat "$TMP/$f-2.rc") r3=$(cat "$TMP/$f-3.rc")
	same "$f bundle 2: applied" "$r2" 0
	if [ "$r3" = 0 ]; then
		ok "$f bundle 3 waited for 2 and applied"
	elif grep -q 'out of sequence: expected 2, got 3' "$TMP/$f-3.out"; then
		ok "$f bundle 3 came first and was refused by the sequence"
		expect "$f bundle 3 again" 0 'applied' -- db h sync import "$TMP/$f-3.bundle"
	else
		bad "$f bundle 3" "exit $r3: $(cat "$TMP/$f-3.out")"
	fi
	n=${f#o}
	same "$f: every dossier" "$(q "SELECT count(*) FROM dossiers WHERE unit_code = '$(unit $f)'")" $((5 + n))
	same "$f: three bundles" "$(q "SELECT string_agg(seq::text, ',' ORDER BY seq) FROM sync_in WHERE unit = '$(unit $f)'")" "1,2,3"
	same "$f: transfer arrived" "$(q "SELECT count(*) FROM dossiers WHERE unit_code = '$(unit $f)' AND status = 'processing'")" 1
done
same "hub: statuses follow the history" \
	"$(q "SELECT count(*) FROM dossiers d WHERE d.status IS DISTINCT FROM (SELECT e.to_status FROM dossier_events e WHERE e.dossier_id = d.id AND coalesce(e.to_status, '') != '' ORDER BY e.id DESC LIMIT 1)")" 0

# The inbox at the hub: the next bundles of every office, two runs at once.
mkdir -p "$TMP/inbox"
export MOTCUA_NOW='2026-03-03 09:00'
for f in $offices; do
	intake $f "Hộp Thư $(nm $f 3)"
	db $f sync export --out "$TMP/inbox/$f-4.bundle" >/dev/null
done
( db h sync inbox "$TMP/inbox" > "$TMP/in1.out" 2>&1; echo $? > "$TMP/in1.rc" ) &
( db h sync inbox "$TMP/inbox" > "$TMP/in2.out" 2>&1; echo $? > "$TMP/in2.rc" ) &
wait
# One run takes every bundle; the other finds some or none left (exit 3).
case "$(cat "$TMP/in1.rc" "$TMP/in2.rc" | sort | tr '\n' ' ')" in
"0 0 " | "0 3 ") ok "inbox runs: no refusal" ;;
*) bad "inbox runs" "$(cat "$TMP/in1.out" "$TMP/in2.out")" ;;
esac
same "inbox: all moved aside" "$(ls "$TMP/inbox"/*.bundle 2>/dev/null | wc -l)" 0
same "inbox: each applied once" "$(q "SELECT count(*) FROM sync_in WHERE seq = 4")" 8
same "inbox: dossiers" "$(q "SELECT count(*) FROM dossiers")" 84

# A deadlock with another session: it holds a dossier's row that the
# import updates, then asks for the lock the import holds. PostgreSQL
# cancels the import (the first to wait); the import starts again from
# nothing and applies once the other session is done.
export MOTCUA_NOW='2026-03-04 09:00'
x=$(q "SELECT code FROM dossiers WHERE unit_code = '$(unit o2)' AND status = 'accepted' ORDER BY code LIMIT 1")
db o2 --user mai dossier transfer "$x" --to "Tư pháp" >/dev/null
db o2 sync export --out "$TMP/o2-5.bundle" >/dev/null
before=$(q "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
# The other session waits (pg_locks, live) until the import waits for the
# row, then asks for the import's lock; its own deadlock check is put off,
# so the import's (after deadlock_timeout, 1 s) finds the cycle.
psql -q "$HUB" -c "BEGIN" -c "SET LOCAL deadlock_timeout = '20s'" \
	-c "UPDATE dossiers SET phone = phone WHERE code = '$x'" -c "\\! touch $TMP/locked" \
	-c "DO \$\$ BEGIN FOR i IN 1..400 LOOP
		EXIT WHEN EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid());
		PERFORM pg_sleep(0.05); END LOOP; END \$\$" \
	-c "SELECT pg_advisory_xact_lock(hashtext('motcua sync ' || '$(unit o2)'))" \
	-c "ROLLBACK" > "$TMP/other.out" 2>&1 &
for i in $(seq 1 100); do [ -e "$TMP/locked" ] && break; sleep 0.1; done
expect "import cancelled by a deadlock, tried again" 0 'applied' -- db h sync import "$TMP/o2-5.bundle"
wait
sleep 1
after=$(q "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
[ "$after" -gt "$before" ] && ok "a deadlock did happen ($before -> $after)" || bad "deadlock" "none: $before -> $after; $(cat "$TMP/other.out")"
# The other session went through: the import was the one cancelled, and it
# still applied, so it was tried again.
grep -q 'deadlock' "$TMP/other.out" && bad "the import was cancelled" "$(cat "$TMP/other.out")" ||
	ok "the import was the one cancelled"
same "the transfer arrived once" "$(q "SELECT status || ' ' || (SELECT count(*) FROM dossier_events e WHERE e.dossier_id = d.id) FROM dossiers d WHERE code = '$x'")" \
	"processing 2"
same "bundle 5 recorded once" "$(q "SELECT count(*) FROM sync_in WHERE unit = '$(unit o2)' AND seq = 5")" 1

n=$(hub_orphans "$HUB")
[ "$n" = 0 ] && ok "no document or event without its dossier, no dossier without its procedure at the hub" || bad "orphans" "$n rows"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
