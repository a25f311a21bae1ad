# Shared by the PostgreSQL hub tests (sourced after tests/cli/lib.sh, inside
# tests/pg/run.sh's throw-away cluster).
# hub_db NAME   creates an empty database NAME and prints its URI.
hub_db() {
	createdb "$1" >/dev/null || return 1
	printf 'postgresql://%s@%s:%s/%s\n' "$PGUSER" "$PGHOST" "$PGPORT" "$1"
}

# hub_setup NAME URI UNIT FROM.db: makes the hub at URI a province like the
# SQLite province FROM.db: init (--no-units), role, and FROM's catalog and
# holidays. Until the hub's catalog import lands, the rows are copied from
# FROM.db (same codes, ids and stamps), which is also what makes the two
# provinces' reference exports comparable.
hub_setup() {
	local name=$1 uri=$2 unit=$3 from=$4 t
	db "$name" init --unit "$unit" --name "Tỉnh $name" --no-units >/dev/null 2>&1 ||
		psql -q "$uri" -c "INSERT INTO office(id, unit_code, name) VALUES(1, '$unit', 'Tỉnh $name')
			ON CONFLICT (id) DO NOTHING" || return 1
	db "$name" sync role province >/dev/null || return 1
	for t in procedures procedure_documents procedure_fees holidays; do
		local cols
		cols=$(sqlite3 "$from" "SELECT group_concat(name, ',') FROM pragma_table_info('$t')")
		psql -q "$uri" -c "DELETE FROM $t" >/dev/null 2>&1
		sqlite3 -csv "$from" "SELECT $cols FROM $t" |
			psql -q "$uri" -c "\\copy $t($cols) FROM STDIN WITH (FORMAT csv)" || return 1
	done
	psql -q "$uri" -c "SELECT setval(pg_get_serial_sequence('procedures', 'id'),
		(SELECT coalesce(max(id), 1) FROM procedures))" >/dev/null
}

# hub_orphans URI: documents and events at the hub whose dossier is not
# there, dossiers whose procedure is not (the hub keeps no foreign key on
# them: pgstore_schema.c steps 4 and 5).
hub_orphans() {
	psql -qAt "$1" -c "SELECT (SELECT count(*) FROM dossier_documents x
		WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.id = x.dossier_id))
		+ (SELECT count(*) FROM dossier_events x
		WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.id = x.dossier_id))
		+ (SELECT count(*) FROM dossiers d
		WHERE NOT EXISTS (SELECT 1 FROM procedures p WHERE p.id = d.procedure_id))"
}
