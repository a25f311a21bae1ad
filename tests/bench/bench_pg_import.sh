#!/usr/bin/env bash
# Benchmark (run by hand): offices' first bundles imported into a
# PostgreSQL hub (tests/bench/bench_pg_import.c) against psql's \copy of
# the same rows into the same tables (empty copies with the same indexes),
# in one throw-away pg_virtualenv cluster. Prints dossiers/s for both and
# the ratio motcua / \copy.
#
#   ninja -C build tests/bench_pg_import
#   tests/bench/bench_pg_import.sh [OFFICES] [DOSSIERS] [WORKERS]   (default 20 2000 2)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${BENCH_PG_IMPORT:-$root/build/tests/bench_pg_import}
motcua=${MOTCUA:-$root/build/src/cli/motcua}
[ -x "$bin" ] || { echo "build it first: ninja -C build tests/bench_pg_import" >&2; exit 1; }
if [ -z "${PGHOST:-}" ] || [ "${1:-}" != --inside ]; then
	exec pg_virtualenv -t -v 15 bash "$0" --inside "$@"
fi
shift
offices=${1:-20} dossiers=${2:-2000} workers=${3:-2}
export MOTCUA_DATADIR=$root LANGUAGE=en
createdb hub
uri="postgresql://$PGUSER@$PGHOST:$PGPORT/hub"
"$motcua" --db "$uri" init --unit 000.00.00.H56 --name "Tỉnh" --no-units >/dev/null 2>&1 ||
	psql -q "$uri" -c "INSERT INTO office(id, unit_code, name) VALUES(1, '000.00.00.H56', 'Tỉnh') ON CONFLICT (id) DO NOTHING"
"$motcua" --db "$uri" sync role province >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The hub's catalog: the sample's procedure rows as an office has them.
"$motcua" --db "$work/o.db" init --unit 000.17.22.H56 --name "Mẫu" --no-units >/dev/null
"$motcua" --db "$work/o.db" catalog import "$root/data/catalog-sample.csv" >/dev/null
cols=$(sqlite3 "$work/o.db" "SELECT group_concat(name, ',') FROM pragma_table_info('procedures')")
sqlite3 -csv "$work/o.db" "SELECT $cols FROM procedures" |
	psql -q "$uri" -c "\\copy procedures($cols) FROM STDIN WITH (FORMAT csv)"

# BENCH_PG_SQL: statements run on the hub before the imports (to try a
# schema change, an index or a setting against the same load).
[ -z "${BENCH_PG_SQL:-}" ] || psql -q "$uri" -c "$BENCH_PG_SQL"
echo "== motcua: sync import (store side) of $offices offices x $dossiers dossiers, $workers workers"
/usr/bin/time -f "motcua process: %e s wall, %U s user, %S s system, %M KB max" \
	"$bin" "$uri" "$root/data/catalog-sample.csv" "$offices" "$dossiers" "$workers" | tee "$work/m.txt"
rate=$(sed -n 's/^MOTCUA_RATE //p' "$work/m.txt")
total=$(psql -qAt "$uri" -c "SELECT count(*) FROM dossiers")
echo "hub holds $total dossiers, $(psql -qAt "$uri" -c "SELECT count(*) FROM dossier_events") events, $(psql -qAt "$uri" -c "SELECT count(*) FROM dossier_documents") documents"

# BENCH_PG_NO_COPY=1: motcua's figure only (a repeat of a run).
[ -z "${BENCH_PG_NO_COPY:-}" ] || exit 0
echo "== psql \\copy of the same rows into the same tables (emptied; same indexes and keys)"
for t in dossiers dossier_documents dossier_events sync_map; do
	psql -q "$uri" -c "\\copy $t TO '$work/$t.tsv'"
done
psql -q "$uri" -c "TRUNCATE dossier_documents, dossier_events, sync_map, dossiers"
psql -q "$uri" -c "VACUUM ANALYZE"
start=$(date +%s.%N)
for t in dossiers dossier_documents dossier_events sync_map; do
	psql -q "$uri" -c "\\copy $t FROM '$work/$t.tsv'"
done
end=$(date +%s.%N)
copy_s=$(echo "$end - $start" | bc -l)
copy_rate=$(echo "$total / $copy_s" | bc -l)
printf 'psql \\copy: %.2f s, %.0f dossiers/s (with their documents, events and remote ids)\n' "$copy_s" "$copy_rate"
printf 'ratio motcua / psql \\copy: %.2f\n' "$(echo "$rate / $copy_rate" | bc -l)"
