#!/usr/bin/env bash
# Benchmark (run by hand): bench_intake64 RUNS times (default 3): PROCS
# clerk processes (default 64) doing PER intakes each (default 50) on one
# file, against raw SQLite writing the same rows with the same process
# count (issue #6: ratio >= 0.5, zero errors, exact counts, unique codes).
# Exits 1 if any run reported an error or a failed check.
# Usage: tests/bench/bench_intake64.sh [BUILD_DIR] [PROCS] [PER] [RUNS]
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build}
PROCS=${2:-64}
PER=${3:-50}
RUNS=${4:-3}
ninja -C "$BUILD" tests/bench_intake64 >/dev/null || exit 1
export MOTCUA_DATADIR=$ROOT
status=0
for i in $(seq "$RUNS"); do
	echo "== run $i of $RUNS"
	"$BUILD/tests/bench_intake64" "$PROCS" "$PER" || status=1
done
exit $status
