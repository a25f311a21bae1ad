# Shared by the command-line test scripts (sourced): pass/fail counters and
# the checks every script uses. The script sets BIN and DB first.
pass=0 fail=0
# The CLI speaks Vietnamese by default; these scripts match English text.
export LANGUAGE=en
ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
m() { "$BIN" --db "$DB" "$@"; }

# expect NAME EXIT_CODE PATTERN -- command...: checks exit code and that
# stdout+stderr contains PATTERN (grep -E).
expect() {
	local name=$1 code=$2 pat=$3
	shift 4
	local out rc
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" != "$code" ]; then
		bad "$name" "exit $rc, expected $code; output: ${out:0:400}"
	elif [ -n "$pat" ] && ! grep -qE -- "$pat" <<<"$out"; then
		bad "$name" "output lacks /$pat/: ${out:0:400}"
	else
		ok "$name"
	fi
}

# json EXPR: evaluates EXPR (Python, the document is d) on stdin's JSON.
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

# stage_bin DIR: copies the motcua binary and its modules into DIR, readable
# and executable by every account, and sets OBIN and OMODULES to them. Tests
# that run motcua as another account (runuser) use these: the checkout may
# sit in a private home (/root is 0700 on Debian), where that account can
# neither execute the build nor load its modules.
stage_bin() {
	local dir=$1 bindir
	bindir=$(cd "$(dirname "$BIN")" && pwd)
	mkdir -p "$dir/modules"
	cp "$BIN" "$dir/motcua"
	if [ -n "${MOTCUA_MODULEDIR:-}" ]; then
		cp "$MOTCUA_MODULEDIR"/*.so "$dir/modules/" 2>/dev/null
	elif [ -d "$bindir/../core" ]; then
		cp "$bindir/../core"/*.so "$dir/modules/" 2>/dev/null
	fi
	chmod -R a+rX "$dir"
	OBIN=$dir/motcua OMODULES=$dir/modules
}

. "$(dirname "${BASH_SOURCE[0]}")/enrol.sh"
