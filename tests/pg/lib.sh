# Shared by the PostgreSQL hub tests (sourced after tests/cli/lib.sh, inside
# tests/pg/run.sh's throw-away cluster).
# hub_db NAME   creates an empty database NAME and prints its URI.
hub_db() {
	createdb "$1" >/dev/null || return 1
	printf 'postgresql://%s@%s:%s/%s\n' "$PGUSER" "$PGHOST" "$PGPORT" "$1"
}
