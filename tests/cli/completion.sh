#!/usr/bin/env bash
# Bash completion (completion/motcua.bash): commands, subcommands, options,
# procedure codes from the catalog and setting keys, in plain bash (without
# the bash-completion package). Usage: tests/cli/completion.sh PATH/TO/motcua
set -u
BIN=${1:?usage: completion.sh MOTCUA}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export MOTCUA_DATADIR=${MOTCUA_DATADIR:-$ROOT}
unset MOTCUA_DB MOTCUA_USER
DB=$TMP/office.db
. "$(dirname "$0")/lib.sh"
. "$ROOT/completion/motcua.bash"
m init --unit 000.17.22.H56 --name X --no-units >/dev/null
m catalog import "$ROOT/data/catalog-sample.csv" >/dev/null
# comp WORDS...: completions of the last word (may be empty) as one line.
comp() {
	COMP_WORDS=("$BIN" "$@")
	COMP_CWORD=$(($# ))
	COMPREPLY=()
	_motcua
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}
has() {  # has NAME WANT... -- WORDS...
	local name=$1
	shift
	local want=()
	while [ "$1" != -- ]; do want+=("$1"); shift; done
	shift
	local got
	got=" $(comp "$@")"
	for w in "${want[@]}"; do
		[[ $got == *" $w "* ]] || { bad "$name" "no '$w' in:$got"; return; }
	done
	ok "$name"
}
has "top commands" init dossier config sync queue report -- ""
has "prefix" dossier -- do
[ "$(comp co)" = "config " ] && ok "unique prefix" || bad "unique prefix" "$(comp co)"
has "subcommands" intake find list transfer return -- dossier ""
has "nested" add del list -- calendar holiday ""
has "options" --procedure --name --id-number --json --help -- dossier intake --
has "global options" --db --lang --demo -- --
has "after --db" init catalog -- --db "$DB" ""
has "procedure codes" 1.004873 1.001193 -- --db "$DB" dossier intake --procedure 1.00
has "setting keys" office.place receipt_printer bank.bin -- --db "$DB" config set ""
has "encodings" tcvn3 viscii utf-16 -- catalog import x.csv --encoding ""
has "roles" clerk admin -- user add mai --role ""
has "languages" vi en -- --lang ""
has "sync role" office province -- sync role ""
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
