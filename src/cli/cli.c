/*
 * cli.c - the framework every command shares: the option parser with the
 * global options, --help, opening the database as the command's flags
 * ask, and committing or rolling back when the command is done (cli.h).
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* ---- options --------------------------------------------------------- */

/* The global options: accepted before and after the command. Their values
 * go to struct cli (set_global()), not to variables of a command. */
enum { GLOBAL_DB, GLOBAL_FORMAT, GLOBAL_ANALYST, GLOBAL_COLOR, GLOBAL_OPTIONS };

static const struct cli_opt global_options[] = {
	CLI_OPT_STRING(0, "db", NULL, "PATH",
		       "the database file (default: $STANCE_DB, else ./stance.db)"),
	CLI_OPT_STRING(0, "format", NULL, "F", "output: table, json or csv (default: table)"),
	CLI_OPT_STRING(0, "analyst", NULL, "NAME",
		       "who records (default: $STANCE_ANALYST, $USER, the login name)"),
	CLI_OPT_STRING(0, "color", NULL, "WHEN",
		       "auto (default: on a terminal, unless NO_COLOR is set or TERM is dumb), always, never"),
	CLI_OPT_END
};

static const char *const format_names[] = { "table", "json", "csv", NULL };
static const char *const color_names[] = { "auto", "always", "never", NULL };

static size_t count_options(const struct cli_opt *opts)
{
	size_t n = 0;

	while (opts && opts[n].type != CLI_OPT_T_END)
		n++;
	return n;
}

/* Sets a global option; 0, or the exit code of a bad value. */
static int set_global(struct cli *cli, size_t which, const char *value)
{
	int *set[GLOBAL_OPTIONS] = { &cli->db_set, &cli->format_set, &cli->analyst_set,
				     &cli->color_set };

	if (*set[which])
		return cli_usage_error("option '--%s' given twice", global_options[which].name);
	*set[which] = 1;
	switch (which) {
	case GLOBAL_DB:
		cli->db_path = value;
		return 0;
	case GLOBAL_FORMAT:
		/* checked once the command's options say whether --format is
		 * its own option with its own choices (resolve_format()) */
		cli->format_value = value;
		return 0;
	case GLOBAL_ANALYST:
		cli->analyst = value;
		return 0;
	default:
		/* checked with the other defaults, in open_db() */
		cli->color_value = value;
		return 0;
	}
}

/* One option found on the command line: which (an index into the
 * command's options, then the globals after them) and its value. */
struct found {
	size_t which;
	const char *value;
};

/* One run of the parser over a command's options. */
struct parse {
	const struct cli_spec *spec;
	const struct cli_opt *opts;
	size_t nopts;
	struct found *found;  /* the command's own options, in the order given */
	size_t nfound;
	size_t *seen;         /* per option: how many times given */
};

/* The option named by arg ("--name", "--name=value", "-o", "-ovalue");
 * sets *which and *inline_value (NULL when the value is not in arg).
 * Returns 0, or -1 for an unknown option. */
static int lookup(const struct cli_opt *opts, size_t nopts, const char *arg,
		  size_t *which, const char **inline_value)
{
	const char *name, *eq;
	size_t len;

	*inline_value = NULL;
	if (arg[1] == '-') {
		name = arg + 2;
		eq = strchr(name, '=');
		len = eq ? (size_t)(eq - name) : strlen(name);
		for (size_t i = 0; i < nopts + GLOBAL_OPTIONS; i++) {
			const struct cli_opt *o = i < nopts ? &opts[i] : &global_options[i - nopts];

			if (strlen(o->name) == len && strncmp(o->name, name, len) == 0) {
				*which = i;
				*inline_value = eq ? eq + 1 : NULL;
				return 0;
			}
		}
	} else {
		for (size_t i = 0; i < nopts; i++) {
			if (opts[i].short_name && opts[i].short_name == arg[1]) {
				*which = i;
				*inline_value = arg[2] ? arg + 2 : NULL;
				return 0;
			}
		}
	}
	return -1;
}

static int is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

/* The name of the running command, for messages. */
static const char *command_name(const struct cli *cli, char **argv)
{
	return cli->command ? cli->command->name : argv[0];
}

/* Takes the option argv[*i] (which it names) and its value, from arg or
 * from the next argument. Returns CLI_RUN or 64. */
static int take_option(struct cli *cli, struct parse *p, int argc, char **argv, int *i,
		       size_t which, const char *value)
{
	const struct cli_opt *o = which < p->nopts ? &p->opts[which]
						   : &global_options[which - p->nopts];
	int rc;

	if (o->type == CLI_OPT_T_SWITCH && value)
		return cli_usage_error("option '--%s' takes no value", o->name);
	if (o->type != CLI_OPT_T_SWITCH && !value) {
		if (*i + 1 >= argc)
			return cli_usage_error("option '--%s' needs a value (%s)", o->name, o->arg);
		value = argv[++*i];
	}
	if (which >= p->nopts) {
		rc = set_global(cli, which - p->nopts, value);
		return rc ? rc : CLI_RUN;
	}
	if (p->seen[which]++ && o->type != CLI_OPT_T_STRINGS)
		return cli_usage_error("option '--%s' given twice", o->name);
	p->found[p->nfound].which = which;
	p->found[p->nfound++].value = value;
	return CLI_RUN;
}

/* Parses argv[1..] into p->found and the positional arguments. Returns
 * CLI_RUN, 0 after printing the help, or 64. */
static int scan(struct cli *cli, struct parse *p, int argc, char **argv)
{
	const char *cmdname = command_name(cli, argv);
	int only_args = 0, rc = CLI_RUN;

	cli->nargs = 0;
	for (int i = 1; rc == CLI_RUN && i < argc; i++) {
		const char *arg = argv[i], *value;
		size_t which;

		if (only_args || arg[0] != '-' || arg[1] == '\0') {
			cli->args[cli->nargs++] = argv[i];
		} else if (strcmp(arg, "--") == 0) {
			only_args = 1;
		} else if (is_help(arg)) {
			return cli_print_help(cli, p->spec, p->opts);
		} else if (lookup(p->opts, p->nopts, arg, &which, &value)) {
			return cli_usage_error("unknown option '%s' for 'stance %s' (see 'stance %s --help')",
					       arg, cmdname, cmdname);
		} else {
			rc = take_option(cli, p, argc, argv, &i, which, value);
		}
	}
	return rc;
}

/* Lists choices as "a, b, c" into buf. */
static void join_choices(char *buf, size_t size, const char *const *choices)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; choices[i] && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "", choices[i]);
}

/* Looks value up in choices; -1 when it is not one. */
static int choice_index(const char *const *choices, const char *value)
{
	for (int i = 0; choices[i]; i++)
		if (strcmp(value, choices[i]) == 0)
			return i;
	return -1;
}

static int invalid_choice(const char *name, const char *value, const char *const *choices)
{
	char all[256];

	join_choices(all, sizeof(all), choices);
	return cli_error(CLI_EDATA, "invalid %s '%s' (choose from: %s)", name, value, all);
}

/* The index of the command's own option called name, or nopts when it
 * has none. */
static size_t own_option(const struct cli_opt *opts, size_t nopts, const char *name)
{
	for (size_t i = 0; i < nopts; i++)
		if (strcmp(opts[i].name, name) == 0)
			return i;
	return nopts;
}

/* --format given as a global option: the command's own option when it
 * declares one (found[] has room for one more value: every option takes
 * at least one argument), else one of the global choices. */
static int resolve_format(struct cli *cli, struct parse *p)
{
	size_t own = own_option(p->opts, p->nopts, "format");
	int i;

	if (!cli->format_set)
		return CLI_RUN;
	if (own < p->nopts) {
		if (p->seen[own]++)
			return cli_usage_error("option '--format' given twice");
		p->found[p->nfound].which = own;
		p->found[p->nfound++].value = cli->format_value;
		return CLI_RUN;
	}
	i = choice_index(format_names, cli->format_value);
	if (i < 0)
		return invalid_choice("format", cli->format_value, format_names);
	cli->format = (enum cli_format)i;
	return CLI_RUN;
}

/* Sets the variables of the options found, in the order given; the arrays
 * of repeatable options are consecutive runs of cli->strings (a counting
 * sort). A choice is checked later, by set_choices(). */
static void set_values(struct cli *cli, const struct parse *p)
{
	size_t at = 0;

	for (size_t i = 0; i < p->nopts; i++) {
		if (p->opts[i].type != CLI_OPT_T_STRINGS || !p->seen[i])
			continue;
		p->opts[i].value.strings->v = &cli->strings[at];
		p->opts[i].value.strings->n = 0;
		at += p->seen[i];
	}
	for (size_t k = 0; k < p->nfound; k++) {
		const struct cli_opt *o = &p->opts[p->found[k].which];
		struct cli_strings *all = o->value.strings;

		if (o->type == CLI_OPT_T_STRING)
			*o->value.string = p->found[k].value;
		else if (o->type == CLI_OPT_T_STRINGS)
			all->v[all->n++] = p->found[k].value;
		else if (o->type == CLI_OPT_T_SWITCH)
			*o->value.flag = 1;
	}
}

/* Sets the choices found, or says which value is not one (65). */
static int set_choices(const struct parse *p)
{
	for (size_t k = 0; k < p->nfound; k++) {
		const struct cli_opt *o = &p->opts[p->found[k].which];
		int i;

		if (o->type != CLI_OPT_T_CHOICE)
			continue;
		i = choice_index(o->choices, p->found[k].value);
		if (i < 0)
			return invalid_choice(o->name, p->found[k].value, o->choices);
		*o->value.index = (size_t)i;
	}
	return CLI_RUN;
}

/* The checks that need the whole command line: required options and the
 * number of positional arguments. */
static int check_counts(const struct cli *cli, const struct parse *p, char **argv)
{
	const struct cli_spec *spec = p->spec;
	const char *cmdname = command_name(cli, argv);

	for (size_t i = 0; i < p->nopts; i++) {
		const struct cli_opt *o = &p->opts[i];

		if ((o->flags & CLI_REQUIRED) && !p->seen[i])
			return cli_usage_error("'stance %s' needs --%s %s", cmdname, o->name,
					       o->arg ? o->arg : "");
	}
	/* the usage can span lines; an error is one line, so it points at --help */
	if (cli->nargs < (size_t)spec->min_args)
		return cli_usage_error("'stance %s' needs %s (see 'stance %s --help')", cmdname,
				       spec->args_name ? spec->args_name : "an argument", cmdname);
	if (spec->max_args >= 0 && cli->nargs > (size_t)spec->max_args)
		return cli_usage_error("unexpected argument '%s' for 'stance %s' (see 'stance %s --help')",
				       cli->args[spec->max_args], cmdname, cmdname);
	return CLI_RUN;
}

/* The analyst when --analyst is not given. */
static const char *default_analyst(void)
{
	const char *s = getenv("STANCE_ANALYST");
	struct passwd *pw;

	if (s && *s)
		return s;
	s = getenv("USER");
	if (s && *s)
		return s;
	s = getlogin();
	if (s && *s)
		return s;
	pw = getpwuid(getuid());
	return pw && pw->pw_name ? pw->pw_name : NULL;
}

/* Colour (bold table headers) by --color: auto is on only for a terminal,
 * and never with NO_COLOR set (no-color.org) or on a terminal that says it
 * cannot show any (TERM unset or dumb). */
static int resolve_color(struct cli *cli)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
	int i = cli->color_value ? choice_index(color_names, cli->color_value) : 0;

	if (i < 0)
		return invalid_choice("color", cli->color_value, color_names);
	if (i == 0)
		cli->color = isatty(fileno(cli->out)) && !(no_color && *no_color) && term &&
			     strcmp(term, "dumb") != 0;
	else
		cli->color = i == 1;
	return CLI_RUN;
}

/* Resolves the defaults and opens the database as the command asks. A
 * command that writes runs in one transaction, begun here and committed by
 * cli_finish() only once its output is written, so that a command whose
 * output failed (exit 74) has changed nothing. */
static int open_db(struct cli *cli)
{
	static const unsigned mode[] = {
		[CLI_DB_READ] = STANCE_DB_READONLY,
		[CLI_DB_WRITE] = STANCE_DB_BEGIN,
		[CLI_DB_INIT] = STANCE_DB_CREATE | STANCE_DB_BEGIN,
	};
	unsigned flags = cli->command ? cli->command->flags & CLI_DB_MASK : CLI_DB_NONE;
	const char *env = getenv("STANCE_DB");
	int rc;

	if (!cli->db_set)
		cli->db_path = env && *env ? env : "./stance.db";
	if (!cli->analyst_set)
		cli->analyst = default_analyst();
	rc = resolve_color(cli);
	if (rc != CLI_RUN || flags == CLI_DB_NONE)
		return rc;
	rc = stance_db_open(&cli->db, cli->db_path, mode[flags]);
	if (!rc && cli->note)
		stance_db_set_note(cli->db, cli->note, cli);
	if (rc)
		return cli_fail(rc);
	cli->in_txn = (mode[flags] & STANCE_DB_BEGIN) != 0;
	return CLI_RUN;
}

int cli_parse_options(struct cli *cli, const struct cli_spec *spec, const struct cli_opt *opts,
		      int argc, char **argv)
{
	struct parse p = { spec, opts, count_options(opts), NULL, 0, NULL };
	int rc;

	p.found = calloc((size_t)argc, sizeof(*p.found));
	p.seen = calloc(p.nopts + 1, sizeof(*p.seen));
	cli->args = calloc((size_t)argc, sizeof(*cli->args));
	cli->strings = calloc((size_t)argc, sizeof(*cli->strings));
	if (!p.found || !p.seen || !cli->args || !cli->strings) {
		rc = cli_error(CLI_ESOFTWARE, "out of memory");
		goto done;
	}
	rc = scan(cli, &p, argc, argv);
	if (rc == CLI_RUN)
		rc = resolve_format(cli, &p);
	if (rc != CLI_RUN)
		goto done;
	set_values(cli, &p);
	rc = check_counts(cli, &p, argv);
	if (rc == CLI_RUN)
		rc = set_choices(&p);
	if (rc == CLI_RUN)
		rc = open_db(cli);
done:
	free(p.found);
	free(p.seen);
	return rc;
}

/* ---- argument values ----------------------------------------------- */

int cli_read_text_file(char **out, const char *path)
{
	int is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	/* room for the longest text, a byte order mark, a "\r\n" and one
	 * byte more to tell */
	size_t cap = CLI_TEXT_MAX + 6, len;
	char *buf = NULL;
	struct stat st;
	int rc = 0;

	*out = NULL;
	if (!f)
		return cli_error(CLI_ENOINPUT, "cannot open '%s': %s",
				 path, strerror(errno));
	if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = cli_error(CLI_ENOINPUT, "cannot open '%s': %s", path, strerror(EISDIR));
		goto done;
	}
	buf = malloc(cap + 1);
	if (!buf) {
		rc = cli_error(CLI_ESOFTWARE, "out of memory");
		goto done;
	}
	len = fread(buf, 1, cap, f);
	if (ferror(f)) {
		rc = cli_error(CLI_EIO, "cannot read '%s': %s", is_stdin ? "standard input" : path,
			       strerror(errno));
		goto done;
	}
	/* an editor's byte order mark and final newline are not the text */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		memmove(buf, buf + 3, len -= 3);
	if (len > 0 && buf[len - 1] == '\n')
		len -= len > 1 && buf[len - 2] == '\r' ? 2 : 1;
	if (len > CLI_TEXT_MAX || memchr(buf, '\0', len)) {
		rc = cli_error(CLI_EDATA, "the text of '%s' %s", is_stdin ? "standard input" : path,
			       len > CLI_TEXT_MAX ? "is longer than 100000 bytes" : "holds a NUL byte");
		goto done;
	}
	buf[len] = '\0';
	*out = buf;
	buf = NULL;
done:
	if (!is_stdin)
		fclose(f);
	free(buf);
	return rc;
}

int cli_positions_parse(stance_position **out, const struct cli_strings *specs,
			const struct cli_strings *conditions)
{
	int rc = stance_position_list_parse(out, specs->v, specs->n, conditions->v, conditions->n);

	return rc ? cli_fail(rc) : 0;
}

void cli_positions_free(stance_position *pos, size_t npos)
{
	stance_position_list_free(pos, npos);
}

/* ---- help ------------------------------------------------------------ */

#define HELP_COLUMN 24

static int print_option(struct cli *cli, const struct cli_opt *o)
{
	char left[80], shorts[8] = "    ";
	int len;

	/* options without a short form stay aligned with those that have one */
	if (o->short_name)
		snprintf(shorts, sizeof(shorts), "-%c, ", o->short_name);
	len = snprintf(left, sizeof(left), "  %s--%s%s%s", shorts, o->name,
		       o->arg ? " " : "", o->arg ? o->arg : "");
	if (len >= HELP_COLUMN - 1)
		return cli_printf(cli, "%s\n%*s%s\n", left, HELP_COLUMN, "", o->help);
	return cli_printf(cli, "%-*s%s\n", HELP_COLUMN, left, o->help);
}

int cli_print_help(struct cli *cli, const struct cli_spec *spec, const struct cli_opt *opts)
{
	static const struct cli_opt help = CLI_OPT_SWITCH('h', "help", NULL, "show this help");
	size_t nopts = count_options(opts);
	int rc;

	rc = cli_printf(cli, "usage: stance %s\n", spec->usage);
	if (!rc && cli->command)
		rc = cli_printf(cli, "\n%s.\n", cli->command->summary);
	if (!rc)
		rc = cli_printf(cli, "\noptions:\n");
	for (size_t i = 0; !rc && i < nopts; i++)
		rc = print_option(cli, &opts[i]);
	if (!rc)
		rc = print_option(cli, &help);
	if (!rc)
		rc = cli_printf(cli, "\nglobal options:\n");
	for (size_t i = 0; !rc && i < GLOBAL_OPTIONS; i++)
		/* a command's own --format replaces the global one */
		if (own_option(opts, nopts, global_options[i].name) == nopts)
			rc = print_option(cli, &global_options[i]);
	if (!rc && spec->details)
		rc = cli_printf(cli, "\n%s\n", spec->details);
	return rc;
}

/* ---- the dispatcher's part ------------------------------------------- */

int cli_parse_global(struct cli *cli, int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *value;
	size_t which;

	if (strncmp(arg, "--", 2) != 0 || lookup(NULL, 0, arg, &which, &value))
		return CLI_RUN;
	if (!value) {
		if (*i + 1 >= argc)
			return cli_usage_error("option '--%s' needs a value (%s)",
					       global_options[which].name,
					       global_options[which].arg);
		value = argv[++*i];
	}
	return set_global(cli, which, value);
}

void cli_keep_note(struct cli *cli, const char *msg)
{
	size_t len = strlen(msg);
	char *grown = realloc(cli->notes, cli->notes_len + len + 2);

	/* a note lost for want of memory is only a note */
	if (!grown)
		return;
	cli->notes = grown;
	memcpy(cli->notes + cli->notes_len, msg, len);
	cli->notes_len += len;
	cli->notes[cli->notes_len++] = '\n';
	cli->notes[cli->notes_len] = '\0';
}

void cli_print_notes(struct cli *cli)
{
	char *line = cli->notes;

	while (line && *line) {
		char *end = strchr(line, '\n');
		size_t len = (size_t)(end - line);
		int seen = 0;

		for (char *p = cli->notes; p < line && !seen; p = strchr(p, '\n') + 1)
			seen = strncmp(p, line, len + 1) == 0;
		if (!seen)
			cli_note("%.*s", (int)len, line);
		line = end + 1;
	}
	free(cli->notes);
	cli->notes = NULL;
	cli->notes_len = 0;
}

int cli_finish(struct cli *cli, int rc)
{
	int frc;

	/* a failed command's error says what matters: its notes are dropped */
	if (rc) {
		free(cli->notes);
		cli->notes = NULL;
		cli->notes_len = 0;
	}
	/* a write that failed in the buffer shows up here, not earlier */
	frc = cli_flush(cli);

	if (!rc)
		rc = frc;
	if (cli->db && cli->in_txn) {
		cli->in_txn = 0;
		if (rc) {
			stance_db_rollback(cli->db);
		} else {
			int src = stance_db_commit(cli->db);

			if (src)
				rc = cli_fail(src);
		}
	}
	if (!rc)
		cli_print_notes(cli);
	cli_cleanup(cli);
	return rc;
}

void cli_cleanup(struct cli *cli)
{
	free(cli->notes);
	cli->notes = NULL;
	cli->notes_len = 0;
	stance_db_close(cli->db);
	cli->db = NULL;
	free(cli->args);
	free(cli->strings);
	cli->args = NULL;
	cli->strings = NULL;
}
