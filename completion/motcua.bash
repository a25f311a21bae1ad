# bash completion for motcua: commands and subcommands, their options, and the
# values motcua knows (procedure codes from the catalog, setting keys,
# encodings, roles, statuses). Commands and options are read from the
# program's own --help, so they never drift from it.

_motcua_help() { "$_motcua_bin" --lang en "$@" --help 2>/dev/null; }

_motcua() {
	local cur prev words cword
	if declare -F _init_completion >/dev/null; then
		_init_completion -n = || return
	else
		words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
		cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	fi
	_motcua_bin=${words[0]}
	local db=() path=() i w
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		--db | --user | --lang | --charset)
			[ "$w" = --db ] && db=(--db "${words[i + 1]}")
			[ ${#path[@]} -eq 0 ] && ((i++))
			;;
		--db=*) db=("$w") ;;
		-*) break ;;  # the command's options: the command path ends here
		*) path+=("$w") ;;
		esac
	done
	local words_out=""
	case $prev in
	--db | --out | --forms) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--lang) words_out="vi en" ;;
	--charset) words_out="utf-8 ascii viscii tcvn3" ;;
	--encoding | --from | --to)
		# --from/--to of calendar and report are dates
		if [ "${path[0]}" = text ] || [ "$prev" = --encoding ]; then
			words_out="utf-8 utf-8-nfd viscii cp1258 tcvn3 vni viqr vps ascii utf-16 utf-16le cp1252"
		else
			return
		fi
		;;
	--procedure)
		words_out=$("$_motcua_bin" "${db[@]}" --lang en catalog list 2>/dev/null | awk '{print $1}')
		;;
	--role) words_out="clerk supervisor admin" ;;
	--status) words_out="new accepted refused processing supplement fees withdrawn stopped ready returned" ;;
	--format) words_out="text csv json pdf ps" ;;
	--by) words_out="field agency procedure counter post" ;;
	--method) words_out="telex vni viqr" ;;
	--style) words_out="old new" ;;
	--set) words_out="2018 2025" ;;
	--type) words_out="off workday" ;;
	esac
	if [ -n "$words_out" ]; then
		COMPREPLY=($(compgen -W "$words_out" -- "$cur"))
		return
	fi
	if [[ $cur == -* ]]; then
		local opts
		if [ ${#path[@]} -eq 0 ]; then
			opts="--db --user --lang --charset --demo --version --help"
		else
			opts="$(_motcua_help "${path[@]}" | grep -oE -- '--[a-z][a-z-]*' | sort -u) --help"
		fi
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	# Subcommands: the Commands: section of the help of what was typed.
	local subs
	subs=$(_motcua_help "${path[@]}" | sed -n '/^Commands:/,/^$/p' | awk '/^  [a-z]/ {print $1}')
	if [ -n "$subs" ]; then
		COMPREPLY=($(compgen -W "$subs" -- "$cur"))
		return
	fi
	case "${path[0]} ${path[1]}" in
	"config get" | "config set" | "config unset")
		if [ ${#path[@]} -eq 2 ]; then
			# An unknown key lists the keys (no database needed).
			COMPREPLY=($(compgen -W "$("$_motcua_bin" --lang en config get '' 2>&1 |
				awk '/^  [a-z]/ {print $1}')" -- "$cur"))
			return
		fi
		;;
	"sync role") COMPREPLY=($(compgen -W "office province" -- "$cur")); return ;;
	"queue counter") ;;
	esac
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _motcua motcua
