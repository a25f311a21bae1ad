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
# Run as root, pg_virtualenv would use the system's cluster directory and
# port 5433 for every caller: -t keeps the cluster in a temporary directory
# and a free port of its own lets several test runs share the machine.
PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export PGPORT
exec pg_virtualenv -t -v 15 bash "$TEST" "$@"
