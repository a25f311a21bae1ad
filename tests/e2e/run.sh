#!/usr/bin/env bash
# Run every end-to-end test of the counter screens; prints each PASS/FAIL
# line and the counts, exits 1 if any failed. The round trip runs twice:
# 80x24 xterm-256color (colour, function keys) and TERM=vt100 (monochrome,
# Esc+digit instead of function keys).
# Usage: tests/e2e/run.sh [PATH/TO/motcua]
dir=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] && export MOTCUA_BIN=$1
command -v tmux >/dev/null || { echo "SKIP e2e: tmux is not installed"; exit 77; }
pass=0 fail=0
run() {
	local out
	out=$("$@" 2>&1)
	echo "$out" | grep -E '^(PASS|FAIL)' || echo "FAIL $*: no result line: ${out:0:300}"
	if echo "$out" | grep -q '^PASS'; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		# What the failing test printed (the screen, with E2E_VERBOSE).
		echo "$out" | tail -n 40 | sed 's/^/    /'
	fi
}
run bash "$dir/counter_flow.sh"
E2E_TERM=vt100 run bash "$dir/counter_flow.sh"
run bash "$dir/form_extra_field.sh"
run bash "$dir/robustness.sh"
run bash "$dir/screens.sh"
run bash "$dir/queue_call.sh"
run bash "$dir/forms_i18n.sh"
# Any other test dropped in this directory (they source lib.sh too).
for t in "$dir"/*.sh; do
	case $(basename "$t") in
	lib.sh | run.sh | counter_flow.sh | form_extra_field.sh | robustness.sh | screens.sh | \
		queue_call.sh | forms_i18n.sh) ;;
	trust_*.sh) ;;  # issue 13's own tests, registered one by one in tests/meson.build
	*) run bash "$t" ;;
	esac
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
