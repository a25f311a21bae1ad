#!/usr/bin/env bash
# Build the libFuzzer targets with clang (ASan+UBSan, in their own build
# directory) and run each for a few seconds from its seed corpus. A crash,
# leak, sanitizer report or timeout is a failure and leaves the input in
# the work directory for `fuzz_TARGET INPUT` to replay.
#
# Usage: tests/fuzz/run.sh [SECONDS_PER_TARGET] [BUILD_DIR] [TARGET...]
#   SECONDS_PER_TARGET  5 by default (the test suite); 600 for a long run
#   BUILD_DIR           build-fuzz beside the sources by default
# Exit 77 (skipped) when clang or its libFuzzer runtime is not installed
# (tools/dev installs clang and libclang-rt-14-dev).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECS=${1:-5}
BUILD=${2:-$ROOT/build-fuzz}
shift $(($# < 2 ? $# : 2))
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(catalog charset cccd dossier_import form sync)

if ! command -v clang >/dev/null; then
	echo "SKIP: clang is not installed (tools/dev installs it)"
	exit 77
fi
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
	clang -fsanitize=fuzzer -x c - -o /dev/null 2>/dev/null; then
	echo "SKIP: clang has no libFuzzer runtime (install libclang-rt-14-dev)"
	exit 77
fi

if [ ! -f "$BUILD/build.ninja" ]; then
	CC=clang meson setup "$BUILD" "$ROOT" -Dfuzz=true -Dtests=false -Dwerror=false \
		-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized \
		>"$BUILD.setup.log" 2>&1 || { cat "$BUILD.setup.log"; echo "FAIL: meson setup"; exit 1; }
fi
names=()
for t in "${TARGETS[@]}"; do names+=("tests/fuzz/fuzz_$t"); done
# The modules the core loads on demand (the sync target checks SHA-256 and
# Ed25519 signatures).
names+=(src/core/sha256.so src/core/ed25519.so src/core/password.so src/core/qr.so)
if ! ninja -C "$BUILD" "${names[@]}" >"$BUILD/fuzz-build.log" 2>&1; then
	tail -40 "$BUILD/fuzz-build.log"
	echo "FAIL: building the fuzz targets"
	exit 1
fi

# Scratch databases in memory when /dev/shm exists: the targets write.
WORK=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export MOTCUA_DATADIR=$ROOT TMPDIR=$WORK
pass=0 fail=0
for t in "${TARGETS[@]}"; do
	mkdir -p "$WORK/corpus-$t" "$WORK/artifacts-$t"
	log=$WORK/$t.log
	"$BUILD/tests/fuzz/fuzz_$t" -max_total_time="$SECS" -timeout=20 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$WORK/artifacts-$t/" \
		"$WORK/corpus-$t" "$ROOT/tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	if [ $rc = 0 ] && ! grep -q 'ERROR: \(AddressSanitizer\|LeakSanitizer\|libFuzzer\)\|runtime error' "$log"; then
		pass=$((pass + 1))
		echo "PASS fuzz_$t: ${runs:-?} runs in ${SECS}s, $cov, 0 findings"
	else
		fail=$((fail + 1))
		echo "FAIL fuzz_$t (exit $rc):"
		grep -m 20 -A 12 'ERROR\|runtime error\|Test unit written' "$log" | head -40
		mkdir -p "$ROOT/build-fuzz-findings"
		cp "$WORK/artifacts-$t"/* "$ROOT/build-fuzz-findings/" 2>/dev/null &&
			echo "  input kept in build-fuzz-findings/"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
