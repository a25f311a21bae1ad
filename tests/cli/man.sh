#!/usr/bin/env bash
# The manual pages: groff formats them without a warning, and motcua(1)
# names every command and subcommand the program lists in its help, and
# every exit code (so a new command cannot be left out of it).
# Usage: tests/cli/man.sh PATH/TO/motcua
set -u
BIN=${1:?usage: man.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
if ! command -v groff >/dev/null; then
	echo "SKIP: groff is not installed"
	exit 77
fi
for f in motcua.1 motcua-forms.5 motcua-sync.7; do
	out=$(LC_ALL=C.UTF-8 groff -man -t -k -ww -z -Tutf8 "$ROOT/man/$f" 2>&1)
	[ -z "$out" ] && ok "$f formats cleanly" || bad "$f formats cleanly" "$out"
done
page=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$ROOT/man/motcua.1" 2>/dev/null | col -b)
[ -n "$page" ] && ok "man -l renders motcua.1" || bad "man -l" "empty"
subs() { "$BIN" --lang en "$@" --help | sed -n '/^Commands:/,/^$/p' | awk '/^  [a-z]/ {print $1}'; }
for c in $(subs); do
	grep -qE "(^|[ |,])$c([ |,]|$)" <<<"$page" && ok "motcua.1 names $c" || bad "motcua.1 names $c" ""
	for s in $(subs "$c"); do
		grep -qE "$c.*[ |]$s([ |,]|$)|[|]$s[ |]" <<<"$page" && ok "motcua.1 names $c $s" ||
			bad "motcua.1 names $c $s" ""
	done
done
for code in 0 1 2 3 4; do
	sed -n "/^EXIT STATUS/,/^ENVIRONMENT/p" <<<"$page" | grep -qE "^ +$code +[A-Z]" && ok "exit code $code" || bad "exit code $code" ""
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
