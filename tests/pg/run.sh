#!/usr/bin/env bash
# Runs one PostgreSQL hub test against a throw-away cluster: Debian's
# pg_virtualenv creates a PostgreSQL 15 cluster under a temporary directory,
# exports PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE for it, runs the test
# and drops the cluster, whatever the test's outcome.
# Usage: tests/pg/run.sh TEST.sh MOTCUA [ARGS...]
set -u
TEST=${1:?usage: run.sh TEST.sh MOTCUA}
shift
if ! command -v pg_virtualenv >/dev/null; then
	echo "pg_virtualenv not found: install postgresql and postgresql-common (tools/dev does)" >&2
	exit 1
fi
exec pg_virtualenv -t -v 15 bash "$TEST" "$@"
