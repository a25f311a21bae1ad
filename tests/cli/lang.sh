#!/usr/bin/env bash
# The command line speaks Vietnamese by default and English with --lang en:
# the --help of every command and subcommand (found by walking the help
# itself, so a new command is covered), usage errors and the no-database
# error. Run without LANGUAGE (the default) and with LANGUAGE=vi.
# Usage: tests/cli/lang.sh PATH/TO/motcua
set -u
BIN=${1:?usage: lang.sh MOTCUA}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT}
unset MOTCUA_DB MOTCUA_USER
DB=$TMP/office.db
. "$(dirname "$0")/lib.sh"
unset LANGUAGE  # lib.sh pins English; this script checks the default
vi() { "$BIN" --db "$DB" "$@"; }

# Subcommand names listed under a group's --help (two-space indent).
subs() { "$BIN" --lang en "$@" --help | sed -n '/^Commands:/,/^$/p' | awk '/^  [a-z]/ {print $1}'; }
cmds=()
for c in $(subs); do
	sc=$(subs "$c")
	if [ -z "$sc" ]; then
		cmds+=("$c")
	else
		for s in $sc; do
			ss=$(subs "$c" "$s" 2>/dev/null)
			if [ -n "$ss" ]; then for t in $ss; do cmds+=("$c $s $t"); done
			else cmds+=("$c $s"); fi
		done
	fi
done
[ ${#cmds[@]} -ge 50 ] && ok "found ${#cmds[@]} commands" || bad "commands found" "${cmds[*]}"
for c in "${cmds[@]}"; do
	# shellcheck disable=SC2086
	out=$(vi $c --help 2>&1)
	if [[ $out == "Cách dùng: motcua"* ]] && ! grep -q 'Usage:' <<<"$out"; then
		ok "vi help: $c"
	else
		bad "vi help: $c" "${out:0:200}"
	fi
	# shellcheck disable=SC2086
	out=$(vi --lang en $c --help 2>&1)
	[[ $out == "Usage: motcua"* ]] && ok "en help: $c" || bad "en help: $c" "${out:0:200}"
done
expect "vi top help" 0 '^Các lệnh:' -- vi --help
expect "vi group help" 0 '^Cách dùng: motcua dossier LỆNH' -- vi dossier --help
expect "vi unknown option" 1 'tùy chọn --bogus không có hoặc thiếu giá trị' -- vi dossier list --bogus
expect "en unknown option" 1 'option --bogus is unknown' -- vi --lang en dossier list --bogus
expect "vi missing arguments" 1 'cần có --procedure, --name' -- vi dossier intake
expect "vi unknown command" 1 'không có lệnh "frob"' -- vi frob
expect "vi no database" 4 'không có cơ sở dữ liệu tại' -- vi dossier list
expect "LANGUAGE=vi" 1 'Xem --help' -- env LANGUAGE=vi "$BIN" dossier list --bogus
expect "LANGUAGE=en" 1 'Try --help' -- env LANGUAGE=en "$BIN" dossier list --bogus
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
