# bash completion for stance(1): commands, their options, the choices of
# options such as --format or --kind, and the slugs and statement ids of the
# current database (--db on the line, else $STANCE_DB, else ./stance.db):
# party and issue slugs for the arguments of assess and outcome, and the
# ids of statements, assessments and outcomes for show and retract.
#
# Everything is asked of stance itself, so that the completion never falls
# behind the program: the commands from `stance --help`, a command's options
# from `stance COMMAND --help`, an option's choices from the usage line
# ("--kind state|bloc|..."), and slugs from `stance ... list --format csv`.

# Runs stance with the --db of the line being completed; stderr is dropped
# (no database is not an error while completing).
_stance_run()
{
	"${_stance_bin:-stance}" "${_stance_db[@]}" "$@" 2>/dev/null
}

# The first csv column of a listing, without its header, each value once:
# slugs or ids.
_stance_column()
{
	_stance_run "$@" --format csv | awk -F, 'NR > 1 && $1 != "" && !seen[$1]++ { print $1 }'
}

# The ids of the records an ID names: statements, assessments and outcomes,
# retracted ones included.
_stance_records()
{
	local what
	for what in statements assessments outcomes; do
		_stance_column "$what" --include-retracted
	done
}

# How many positional words the command (its last word at index $1) has
# before the word being completed; every option of the commands that ask
# takes a value, given apart or after "=".
_stance_positionals()
{
	local i n=0
	for ((i = $1 + 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--*=*) ;;
		-*) ((i++)) ;;
		*) ((n++)) ;;
		esac
	done
	echo "$n"
}

# The ids of the revisions in the log (a reason that spans lines cannot
# pass for one).
_stance_revisions()
{
	_stance_column log | grep -E '^[0-9a-f]{8}-[0-9a-f-]{27}$'
}

# The words of the "commands:" list of a help text; with a group, the
# second words.
_stance_commands()
{
	_stance_run "$@" --help | awk -v group="$#" '
		/^commands:/ { on = 1; next }
		on && /^  [a-z]/ { print (group > 0 ? $2 : $1) }' | sort -u
}

# The long options (and -o) that the help of a command lists.
_stance_options()
{
	_stance_run "$@" --help | grep -oE '^ +(-[a-z], )?--[a-z-]+' |
		sed -E 's/^ +//; s/, / /' | tr ' ' '\n'
}

# The choices of option $1 given in the usage of the command ($2...):
# "--kind state|bloc|other" gives state, bloc and other; the global options'
# come from the usage of stance itself.
_stance_choices()
{
	local opt=$1 text
	shift
	text=$(_stance_run "$@" --help | sed '/^$/q'; _stance_run --help | sed '/^$/q')
	printf '%s\n' "$text" | grep -oE -- "--$opt [^] ]*\|[^] ]*" | head -n 1 |
		cut -d' ' -f2 | tr '|' '\n'
}

_stance()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local i w n cmd=() nwords=0 words cmd_end=0 args=()
	local _stance_bin=${COMP_WORDS[0]}
	local -a _stance_db=()

	# --db anywhere on the line names the database to take slugs from
	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == --db ]] && ((i != COMP_CWORD - 1 && i + 1 < ${#COMP_WORDS[@]})); then
			_stance_db=(--db "${COMP_WORDS[i + 1]}")
		elif [[ $w == --db=* ]]; then
			_stance_db=("$w")
		fi
	done
	# the command: its first word, and the second for a group (party add)
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--db | --format | --analyst | --color)
			((${#cmd[@]} == 0)) && ((i++))
			continue ;;
		-*) continue ;;
		esac
		if ((${#cmd[@]} == 0)); then
			cmd=("$w")
			nwords=$(_stance_commands "$w" | wc -l)
			# not a group: the command is complete
			cmd_end=$i
			_stance_run "$w" --help | head -n 1 | grep -q ' COMMAND ' || break
		elif ((${#cmd[@]} == 1 && nwords > 0)); then
			cmd+=("$w")
			cmd_end=$i
			break
		fi
	done

	case $prev in
	--db | -o | --output | --text-file | --from)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--party) words=$(_stance_column party list) ;;
	--actor) words=$(_stance_column actor list) ;;
	--source) words=$(_stance_column source list) ;;
	--issue | --parent) words=$(_stance_column issue list) ;;
	--between)
		# the two sides: parties, or actors when the line has --by actor
		if [[ " ${COMP_WORDS[*]} " == *" --by actor "* || " ${COMP_WORDS[*]} " == *" --by=actor "* ]]; then
			words=$(_stance_column actor list)
		else
			words=$(_stance_column party list)
		fi ;;
	--position | --condition)
		# ISSUE=...: complete the issue and let the user type the rest
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(compgen -S = -W "$(_stance_column issue list)" -- "$cur"))
		return ;;
	--*)
		words=$(_stance_choices "${prev#--}" "${cmd[@]}")
		# a switch takes no value: go on as for any word
		[[ -n $words ]] || _stance_run "${cmd[@]}" --help |
			grep -qE -- "^ +(-[a-z], )?$prev [A-Z0-9]" || prev= ;;
	*) prev= ;;
	esac
	# the value of an option: its slugs or choices, or nothing for a free
	# value (--name, --date...)
	if [[ -n $prev ]]; then
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return
	fi
	if [[ -z $words ]]; then
		if ((${#cmd[@]} == 0)); then
			words="$(_stance_commands) --db --format --analyst --color --help --version"
		elif ((${#cmd[@]} == 1 && nwords > 0)); then
			words=$(_stance_commands "${cmd[0]}")
		elif [[ $cur == -* ]]; then
			words=$(_stance_options "${cmd[@]}")
		else
			case ${cmd[0]} in
			import | agreement | extract)
				# snapshots, databases, articles
				COMPREPLY=($(compgen -f -- "$cur"))
				return ;;
			show | retract | unretract)
				words=$(_stance_records) ;;
			code | recode | uncode | amend)
				words=$(_stance_column statements --include-retracted) ;;
			assess | outcome)
				# assess PARTY [ISSUE], outcome ISSUE, then the options
				args=(issue)
				[[ ${cmd[0]} == assess ]] && args=(party issue)
				n=$(_stance_positionals "$cmd_end")
				if ((n < ${#args[@]})); then
					words=$(_stance_column "${args[n]}" list)
				else
					words=$(_stance_options "${cmd[@]}")
				fi ;;
			revert)
				words=$(_stance_revisions) ;;
			log)
				# a record's story: a statement's or an entity's
				words="$(_stance_column statements --include-retracted)"
				for w in party actor source issue; do
					words+=" $(_stance_column "$w" list)"
				done ;;
			help)
				# a command, then a group's second word
				((COMP_CWORD - cmd_end <= 2)) &&
					words=$(_stance_commands "${COMP_WORDS[@]:cmd_end + 1:COMP_CWORD - cmd_end - 1}") ;;
			party | actor | source | issue)
				# edit, rename, remove, restore: the slug comes first
				if ((${#cmd[@]} == 2 && COMP_CWORD == cmd_end + 1)) &&
					[[ ${cmd[1]} != add && ${cmd[1]} != list ]]; then
					words=$(_stance_column "${cmd[0]}" list)
				else
					words=$(_stance_options "${cmd[@]}")
				fi ;;
			*)
				words=$(_stance_options "${cmd[@]}") ;;
			esac
		fi
	fi
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
}

complete -F _stance stance
