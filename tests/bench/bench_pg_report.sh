#!/usr/bin/env bash
# A quarter's report at a province hub on PostgreSQL: UNITS offices x
# PER_UNIT dossiers each (default 300 x 10,000 = 3,000,000 dossiers and
# about 8,400,000 events over 18 months), generated with generate_series,
# then `motcua report --by unit` for 2026-Q2, timed (wall and the client's
# CPU) against the very same statement run raw in psql in the same cluster
# (taken from the server's log, EXECUTEd with the same parameters and, as
# motcua does, without JIT; its server process's CPU time is read from
# /proc, as the machine may be shared), and
# against a plain count of the rows in scope. Run by hand:
#   tests/pg/run.sh tests/bench/bench_pg_report.sh build/src/cli/motcua [UNITS] [PER_UNIT]
# Target: the report in <= 3 s at the default size.
set -eu
BIN=$(realpath "${1:?usage: bench_pg_report.sh MOTCUA [UNITS] [PER_UNIT]}")
UNITS=${2:-300}
PER=${3:-10000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT} LANGUAGE=en
T=$(mktemp -d)
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$T"' EXIT
HUB="postgresql://$PGUSER@$PGHOST:$PGPORT/hub"
# BENCH_REUSE=1 (in a cluster kept for it): time an existing hub again.
if [ -n "${BENCH_REUSE:-}" ] && psql -d hub -c "SELECT 1 FROM dossiers LIMIT 1" >/dev/null 2>&1
then
	echo "reusing the hub's $(psql -tA -d hub -c "SELECT count(*) FROM dossiers") dossiers"
else
createdb hub
"$BIN" --db "$HUB" init --unit 000.00.00.H01 --name "Tỉnh Thử" --no-units >/dev/null
"$BIN" --db "$HUB" catalog import "$ROOT/data/catalog-sample.csv" >/dev/null
N=$((UNITS * PER))
echo "generating $UNITS units x $PER dossiers = $N dossiers..."
start=$(date +%s.%N)
# Dossier i: office i % UNITS, received at a minute spread over 18 months
# (2025-01-01 to 2026-06-30); 80% returned 3-20 days later (some late), 5%
# withdrawn, 3% refused, 2% stopped; of those received in the last five
# weeks, 4% wait for papers and 6% are still accepted or processing.
psql -q -v ON_ERROR_STOP=1 -d hub <<SQL
SET synchronous_commit = off;
SET maintenance_work_mem = '1GB';
-- The secondary indexes are dropped for the load and built again after it
-- (from their own definitions), as a first load would do.
CREATE TEMP TABLE idx AS SELECT indexname, indexdef FROM pg_indexes
 WHERE tablename IN ('dossiers', 'dossier_events') AND indexdef NOT LIKE '%UNIQUE%';
DO \$\$ DECLARE r record; BEGIN
 FOR r IN SELECT indexname FROM idx LOOP EXECUTE 'DROP INDEX ' || quote_ident(r.indexname);
 END LOOP; END \$\$;
CREATE TEMP TABLE g AS
SELECT i, format('000.%s.%s.H01', lpad((i % $UNITS / 100)::text, 2, '0'),
       lpad((i % $UNITS % 100)::text, 2, '0')) AS unit,
       timestamp '2025-01-01 08:00' + ((i::bigint * 786240 / $N) || ' minutes')::interval AS rcv,
       (i::bigint * 7919) % 100 AS kind0, 1 + (i::bigint * 31) % 95 AS proc,
       3 + (i::bigint * 13) % 18 AS days
FROM generate_series(1, $N) i;
-- Still open only if received in the last five weeks (June 2026).
ALTER TABLE g ADD kind int;
UPDATE g SET kind = CASE WHEN kind0 >= 90 AND rcv < timestamp '2026-05-25' THEN kind0 % 80
  ELSE kind0 END;
INSERT INTO dossiers(id, code, unit_code, procedure_id, procedure_code, procedure_name,
  deadline, deadline_unit, applicant_name, applicant_name_fold, id_number, phone, address,
  status, received_at, entered_at, due_at, received_by, form_set, extra, updated_at, channel,
  accepted_at, statutory_due_at, finished_at, returned_at, rating, rated_at, paused_at)
SELECT g.i, g.unit || '-' || to_char(g.rcv, 'YYMMDD') || '-' || lpad(g.i::text, 8, '0'),
  g.unit, p.id, p.code, p.name, p.deadline, p.deadline_unit, 'Nguyễn Văn ' || g.i,
  'nguyen van ' || g.i, lpad(g.i::text, 12, '0'), NULL, '', CASE
   WHEN g.kind < 80 THEN 'returned' WHEN g.kind < 85 THEN 'withdrawn'
   WHEN g.kind < 88 THEN 'refused' WHEN g.kind < 90 THEN 'stopped'
   WHEN g.kind < 94 THEN 'supplement' WHEN g.kind < 97 THEN 'accepted' ELSE 'processing' END,
  to_char(g.rcv, 'YYYY-MM-DD HH24:MI'), to_char(g.rcv, 'YYYY-MM-DD HH24:MI'),
  to_char(g.rcv + interval '12 days', 'YYYY-MM-DD 17:00'), 'lan', 'default', '{}',
  to_char(g.rcv, 'YYYY-MM-DD HH24:MI'), (ARRAY['counter','online','post'])[1 + g.i % 3],
  to_char(g.rcv, 'YYYY-MM-DD HH24:MI'), to_char(g.rcv + interval '12 days', 'YYYY-MM-DD 17:00'),
  CASE WHEN g.kind < 90 THEN to_char(g.rcv + (g.days || ' days')::interval, 'YYYY-MM-DD HH24:MI') END,
  CASE WHEN g.kind < 80 THEN to_char(g.rcv + (g.days + 1 || ' days')::interval, 'YYYY-MM-DD HH24:MI') END,
  CASE WHEN g.kind < 80 THEN 1 + g.i % 3 END,
  CASE WHEN g.kind < 80 THEN to_char(g.rcv + (g.days + 1 || ' days')::interval, 'YYYY-MM-DD HH24:MI') END,
  CASE WHEN g.kind BETWEEN 90 AND 93 THEN to_char(g.rcv + interval '2 days', 'YYYY-MM-DD HH24:MI') END
FROM g JOIN procedures p ON p.id = g.proc;
-- The history: acceptance, then the step that reached the status.
INSERT INTO dossier_events(dossier_id, at, entered_at, user_name, action, from_status,
  to_status, data)
SELECT id, received_at, received_at, 'lan', 'receive', NULL, 'accepted',
  '{"due_at":"' || due_at || '"}' FROM dossiers;
INSERT INTO dossier_events(dossier_id, at, entered_at, user_name, action, from_status,
  to_status)
SELECT id, coalesce(finished_at, paused_at, received_at), coalesce(finished_at, paused_at, received_at),
  'lan', status, 'accepted', CASE WHEN status = 'returned' THEN 'ready' ELSE status END
FROM dossiers WHERE status <> 'accepted';
INSERT INTO dossier_events(dossier_id, at, entered_at, user_name, action, from_status,
  to_status)
SELECT id, returned_at, returned_at, 'lan', 'return', 'ready', 'returned'
FROM dossiers WHERE status = 'returned';
SELECT setval(pg_get_serial_sequence('dossiers', 'id'), $N);
DO \$\$ DECLARE r record; BEGIN
 FOR r IN SELECT indexdef FROM idx LOOP EXECUTE r.indexdef; END LOOP; END \$\$;
VACUUM ANALYZE;
SQL
echo "generated in $(echo "$(date +%s.%N) - $start" | bc) s:" \
	"$(psql -tA -d hub -c "SELECT count(*) FROM dossiers") dossiers," \
	"$(psql -tA -d hub -c "SELECT count(*) FROM dossier_events") events"
fi

# motcua, with every statement logged (so the raw run below is the same).
LOG=$(pg_lsclusters -h | awk '{print $NF}' | head -1)
: >"$LOG.mark" 2>/dev/null || true
lines_before=$(wc -l <"$LOG")
/usr/bin/time -f "%e %U %S" -o "$T/time" env PGOPTIONS="-c log_min_duration_statement=0" \
	"$BIN" --db "$HUB" report --from 2026-04-01 --to 2026-06-30 --by unit --format csv \
	>"$T/report.csv"
read -r m_wall m_user m_sys <"$T/time"
rows=$(grep -c "^000\." "$T/report.csv")
# The report's statement as the server ran it, and its parameters.
tail -n +"$((lines_before + 1))" "$LOG" | python3 -c '
import re, sys
lines = sys.stdin.read().split("\n")
for i, l in enumerate(lines):
    m = re.search(r"execute mc\d+: (WITH (?:o|e) AS .*)", l)
    if m:
        sql, params = m.group(1), lines[i + 1]
vals = re.findall(r"\$\d+ = (NULL|\x27[^\x27]*\x27)", params)
print("SET jit = off;")
print("PREPARE r(text, text, text) AS " + sql + ";")
print("SELECT pg_backend_pid() AS pid \\gset")
print("\\setenv BPID :pid")
print("\\timing on")
print("\\! awk \x27{print $14 + $15}\x27 /proc/$BPID/stat > " + sys.argv[1] + "/cpu0")
print("EXECUTE r(" + ", ".join(vals) + ");")
print("\\! awk \x27{print $14 + $15}\x27 /proc/$BPID/stat > " + sys.argv[1] + "/cpu1")
' "$T" >"$T/raw.sql"
tail -n +"$((lines_before + 1))" "$LOG" | grep -v "^\s*$" | cut -c1-300 | head -${BENCH_LOGLINES:-0} >&2
psql -q -d hub -o /dev/null -f "$T/raw.sql" >"$T/raw.out" 2>&1 || { cat "$T/raw.out"; exit 1; }
if [ -n "${BENCH_EXPLAIN:-}" ]; then
	sed 's/^EXECUTE/EXPLAIN (ANALYZE, BUFFERS) EXECUTE/' "$T/raw.sql" | psql -q -d hub >&2
fi
raw_ms=$(grep -o 'Time: [0-9.]*' "$T/raw.out" | tail -1 | cut -d' ' -f2)
# The server's CPU for the statement (its backend's user + system ticks).
raw_cpu=$(echo "scale=2; ($(cat "$T/cpu1") - $(cat "$T/cpu0")) / $(getconf CLK_TCK)" | bc)
count_ms=$(psql -q -d hub -c '\timing on' -c "SELECT unit_code, count(*) FROM dossiers
	WHERE (finished_at IS NULL OR finished_at >= '2026-04-01 00:00')
	AND received_at < '2026-07-01 00:00' GROUP BY unit_code" -o /dev/null 2>&1 |
	grep -o 'Time: [0-9.]*' | cut -d' ' -f2)
echo "report --by unit, 2026-Q2, $rows offices: motcua ${m_wall}s wall" \
	"(client CPU ${m_user}s user ${m_sys}s sys); the same statement raw in psql" \
	"$(echo "scale=3; $raw_ms / 1000" | bc)s (server CPU ${raw_cpu}s); ratio motcua/raw" \
	"$(echo "scale=2; $m_wall * 1000 / $raw_ms" | bc)"
echo "plain count of the dossiers in scope by office: $(echo "scale=3; $count_ms / 1000" | bc)s"
head -3 "$T/report.csv"
