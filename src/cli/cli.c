/*
 * cli.c - the framework every command shares: exit codes and error
 * messages, the option parser with the global options, --help, and opening
 * the database as the command's flags ask.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>

#include "cli.h"

int cli_exit_code(int stance_rc)
{
	switch (stance_rc) {
	case STANCE_OK:
		return CLI_OK;
	case STANCE_EINVALID:
	case STANCE_ENOTFOUND:
	case STANCE_EEXISTS:
	case STANCE_ENOTSTANCE:
	case STANCE_ENEWER:
	case STANCE_EOLDER:
	case STANCE_ECONFLICT:
	case STANCE_EAMBIGUOUS:
		return CLI_EDATA;
	case STANCE_ENODB:
		return CLI_ENOINPUT;
	case STANCE_ECANTCREATE:
		return CLI_ECANTCREATE;
	case STANCE_EIO:
		return CLI_EIO;
	case STANCE_EBUSY:
		return CLI_ETEMPFAIL;
	default:
		return CLI_ESOFTWARE;
	}
}

int cli_fail(int stance_rc)
{
	const char *msg = stance_error_last();

	/* a library path that forgot its message must still say something */
	if (!*msg)
		msg = stance_error_name(stance_rc);
	return cli_error(cli_exit_code(stance_rc), "%s", msg);
}

/* Error messages quote what the user gave, which may hold a newline or an
 * escape sequence: the message must stay one line and must not drive the
 * terminal, so control characters are written escaped: C0 and DEL as \xNN,
 * C1 (U+0080 to U+009F, UTF-8 C2 80 to C2 9F; U+009B alone starts a
 * terminal control sequence) as \u00NN. */
static int verror(int code, const char *fmt, va_list ap)
{
	char msg[4096];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fputs("stance: error: ", stderr);
	for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
		if (*p == '\n')
			fputs("\\n", stderr);
		else if (*p == '\t')
			fputs("\\t", stderr);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			fprintf(stderr, "\\u%04x", *++p);
		else
			fputc(*p, stderr);
	}
	fputc('\n', stderr);
	return code;
}

int cli_error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = verror(code, fmt, ap);
	va_end(ap);
	return code;
}

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;
	int code;

	va_start(ap, fmt);
	code = verror(CLI_EUSAGE, fmt, ap);
	va_end(ap);
	return code;
}

/* ---- options --------------------------------------------------------- */

/* The global options: accepted before and after the command. */
static const struct cli_option global_options[] = {
	{ "db", 0, "PATH", 0, "the database file (default: $STANCE_DB, else ./stance.db)" },
	{ "format", 0, "F", 0, "output: table, json or csv (default: table)" },
	{ "analyst", 0, "NAME", 0,
	  "who records (default: $STANCE_ANALYST, $USER, the login name)" },
	{ "color", 0, "WHEN", 0,
	  "auto (default: on a terminal, unless NO_COLOR is set or TERM is dumb), always, never" },
	{ NULL, 0, NULL, 0, NULL }
};
#define GLOBAL_OPTIONS (sizeof(global_options) / sizeof(global_options[0]) - 1)

static const char *const format_names[] = { "table", "json", "csv", NULL };
static const char *const color_names[] = { "auto", "always", "never", NULL };

static size_t count_options(const struct cli_option *opts)
{
	size_t n = 0;

	while (opts && opts[n].name)
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
	case 0:
		cli->db_path = value;
		return 0;
	case 1:
		/* checked by cli_parse(), once the command says whether --format
		 * is its own option with its own choices */
		cli->format_value = value;
		return 0;
	case 2:
		cli->analyst = value;
		return 0;
	default:
		/* checked with the other defaults, in open_db() */
		cli->color_value = value;
		return 0;
	}
}

/* One option found on the command line: which (an index into the spec's
 * options, then the globals after them) and its value. */
struct found {
	size_t which;
	const char *value;
};

/* The option named by arg ("--name", "--name=value", "-o", "-ovalue");
 * sets *which and *inline_value (NULL when the value is not in arg).
 * Returns 0, or -1 for an unknown option. */
static int lookup(const struct cli_option *opts, size_t nopts, const char *arg,
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
			const struct cli_option *o = i < nopts ? &opts[i] : &global_options[i - nopts];

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

/* Parses argv[1..] into found[] and the positional arguments. Returns
 * CLI_RUN, 0 after printing the help, or 64. */
static int scan(struct cli *cli, const struct cli_spec *spec, int argc, char **argv,
		struct found *found, size_t *nfound, size_t *seen)
{
	const struct cli_option *opts = spec->options;
	size_t nopts = count_options(opts);
	const char *cmdname = command_name(cli, argv);
	int only_args = 0, rc;

	*nfound = 0;
	cli->nargs = 0;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *value;
		const struct cli_option *o;
		size_t which;

		if (only_args || arg[0] != '-' || arg[1] == '\0') {
			cli->args[cli->nargs++] = argv[i];
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_args = 1;
			continue;
		}
		if (is_help(arg))
			return cli_print_help(cli, spec);
		if (lookup(opts, nopts, arg, &which, &value))
			return cli_usage_error("unknown option '%s' for 'stance %s' (see 'stance %s --help')",
					       arg, cmdname, cmdname);
		o = which < nopts ? &opts[which] : &global_options[which - nopts];
		if (!o->arg && value)
			return cli_usage_error("option '--%s' takes no value", o->name);
		if (o->arg && !value) {
			if (i + 1 >= argc)
				return cli_usage_error("option '--%s' needs a value (%s)",
						       o->name, o->arg);
			value = argv[++i];
		}
		if (which >= nopts) {
			rc = set_global(cli, which - nopts, value);
			if (rc)
				return rc;
			continue;
		}
		if (seen[which] && !(o->flags & CLI_OPT_REPEAT))
			return cli_usage_error("option '--%s' given twice", o->name);
		seen[which]++;
		found[*nfound].which = which;
		found[*nfound].value = value ? value : "";
		(*nfound)++;
	}
	return CLI_RUN;
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

int cli_choice(const struct cli *cli, const char *name, const char *const *choices,
	       size_t *out)
{
	const char *value = cli_opt(cli, name);
	int i = value ? choice_index(choices, value) : 0;

	if (i < 0)
		return invalid_choice(name, value, choices);
	*out = (size_t)i;
	return 0;
}

/* The index of the spec's own option called name, or nopts when it has
 * none. */
static size_t own_option(const struct cli_spec *spec, size_t nopts, const char *name)
{
	for (size_t i = 0; i < nopts; i++)
		if (strcmp(spec->options[i].name, name) == 0)
			return i;
	return nopts;
}

/* --format given as a global option: the command's own option when its
 * spec declares one (found[] has room for one more value: every option
 * takes at least one argument), else one of the global choices. */
static int resolve_format(struct cli *cli, const struct cli_spec *spec, struct found *found,
			  size_t *nfound, size_t *seen)
{
	size_t nopts = count_options(spec->options), own = own_option(spec, nopts, "format");
	int i;

	if (!cli->format_set)
		return CLI_RUN;
	if (own < nopts) {
		if (seen[own]++)
			return cli_usage_error("option '--format' given twice");
		found[*nfound].which = own;
		found[(*nfound)++].value = cli->format_value;
		return CLI_RUN;
	}
	i = choice_index(format_names, cli->format_value);
	if (i < 0)
		return invalid_choice("format", cli->format_value, format_names);
	cli->format = (enum cli_format)i;
	return CLI_RUN;
}

/* The checks that need the whole command line: required options and the
 * number of positional arguments. */
static int check_counts(const struct cli *cli, const struct cli_spec *spec, char **argv)
{
	const struct cli_option *opts = spec->options;
	const char *cmdname = command_name(cli, argv);

	for (size_t i = 0; i < count_options(opts); i++) {
		if ((opts[i].flags & CLI_OPT_REQUIRED) && !cli->nvalues[i])
			return cli_usage_error("'stance %s' needs --%s %s", cmdname,
					       opts[i].name, opts[i].arg ? opts[i].arg : "");
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
	if (rc)
		return cli_fail(rc);
	cli->in_txn = (mode[flags] & STANCE_DB_BEGIN) != 0;
	return CLI_RUN;
}

int cli_parse(struct cli *cli, const struct cli_spec *spec, int argc, char **argv)
{
	size_t nopts = count_options(spec->options), nfound = 0;
	struct found *found = NULL;
	size_t *seen = NULL;
	int rc;

	cli->spec = spec;
	found = calloc((size_t)argc, sizeof(*found));
	seen = calloc(nopts + 1, sizeof(*seen));
	cli->args = calloc((size_t)argc, sizeof(*cli->args));
	cli->values = calloc((size_t)argc, sizeof(*cli->values));
	cli->nvalues = calloc(nopts + 1, sizeof(*cli->nvalues));
	cli->first = calloc(nopts + 1, sizeof(*cli->first));
	if (!found || !seen || !cli->args || !cli->values || !cli->nvalues || !cli->first) {
		rc = cli_error(CLI_ESOFTWARE, "out of memory");
		goto done;
	}
	rc = scan(cli, spec, argc, argv, found, &nfound, seen);
	if (rc == CLI_RUN)
		rc = resolve_format(cli, spec, found, &nfound, seen);
	if (rc != CLI_RUN)
		goto done;
	/* group the values by option, keeping their order: a counting sort */
	for (size_t i = 0, at = 0; i < nopts; i++) {
		cli->first[i] = at;
		at += seen[i];
	}
	for (size_t k = 0; k < nfound; k++) {
		size_t w = found[k].which;

		cli->values[cli->first[w] + cli->nvalues[w]++] = found[k].value;
	}
	rc = check_counts(cli, spec, argv);
	if (rc == CLI_RUN)
		rc = open_db(cli);
done:
	free(found);
	free(seen);
	return rc;
}

/* The index of the option called name in the parsed spec. Asking for an
 * option the spec does not have is a programmer error. */
static size_t option_index(const struct cli *cli, const char *name)
{
	const struct cli_option *opts = cli->spec->options;
	size_t n = count_options(opts);

	for (size_t i = 0; i < n; i++)
		if (strcmp(opts[i].name, name) == 0)
			return i;
	assert(!"no such option in the command's spec");
	return n;
}

const char *cli_opt(const struct cli *cli, const char *name)
{
	size_t i;

	if (strcmp(name, "db") == 0)
		return cli->db_path;
	if (strcmp(name, "analyst") == 0)
		return cli->analyst;
	i = option_index(cli, name);
	return cli->nvalues[i] ? cli->values[cli->first[i] + cli->nvalues[i] - 1] : NULL;
}

size_t cli_opt_all(const struct cli *cli, const char *name, const char *const **values)
{
	size_t i = option_index(cli, name);

	*values = cli->nvalues[i] ? &cli->values[cli->first[i]] : NULL;
	return cli->nvalues[i];
}

size_t cli_has(const struct cli *cli, const char *name)
{
	return cli->nvalues[option_index(cli, name)];
}

/* ---- argument values ----------------------------------------------- */

/* Attaches the condition "ISSUE=TEXT" to its position. */
static int attach_condition(stance_position *pos, size_t npos, const char *spec)
{
	const char *eq = strchr(spec, '=');
	size_t len = eq ? (size_t)(eq - spec) : 0;

	if (!eq || len == 0)
		return cli_error(CLI_EDATA, "invalid condition '%s' (expected ISSUE=TEXT)", spec);
	for (size_t i = 0; i < npos; i++) {
		if (strlen(pos[i].issue) != len || strncmp(pos[i].issue, spec, len) != 0)
			continue;
		if (pos[i].condition)
			return cli_error(CLI_EDATA, "issue '%s' has two conditions", pos[i].issue);
		pos[i].condition = strdup(eq + 1);
		return pos[i].condition ? 0 : cli_error(CLI_ESOFTWARE, "out of memory");
	}
	return cli_error(CLI_EDATA,
			 "condition '%s' names issue '%.*s', which no --position of this "
			 "command codes", spec, (int)len, spec);
}

int cli_positions_parse(stance_position **out, const char *const *specs, size_t npos,
			const char *const *conditions, size_t nconditions)
{
	stance_position *pos = calloc(npos + 1, sizeof(*pos));
	int rc = 0;

	*out = NULL;
	if (!pos)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	for (size_t i = 0; !rc && i < npos; i++) {
		int src = stance_position_parse(&pos[i], specs[i]);

		if (src)
			rc = cli_fail(src);
	}
	for (size_t i = 0; !rc && i < nconditions; i++)
		rc = attach_condition(pos, npos, conditions[i]);
	if (rc) {
		cli_positions_free(pos, npos);
		return rc;
	}
	*out = pos;
	return 0;
}

void cli_positions_free(stance_position *pos, size_t npos)
{
	for (size_t i = 0; pos && i < npos; i++)
		stance_position_clear(&pos[i]);
	free(pos);
}

/* ---- values shown as JSON -------------------------------------------- */

json_t *cli_json_text(const char *s)
{
	static const char replacement[] = "\xef\xbf\xbd";  /* U+FFFD */
	size_t len = strlen(s), valid = stance_utf8_prefix(s, len);
	json_t *str;
	char *buf, *q;

	if (valid == len)
		return json_string(s);
	/* at most three bytes for every byte that is replaced */
	buf = malloc(len * 3 + 1);
	if (!buf)
		return NULL;
	q = buf;
	while (len) {
		memcpy(q, s, valid);
		q += valid;
		s += valid;
		len -= valid;
		if (len) {
			memcpy(q, replacement, 3);
			q += 3;
			s++;
			len--;
		}
		valid = stance_utf8_prefix(s, len);
	}
	str = json_stringn(buf, (size_t)(q - buf));
	free(buf);
	return str;
}

/* ---- help ------------------------------------------------------------ */

#define HELP_COLUMN 24

static int print_option(struct cli *cli, const struct cli_option *o)
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

int cli_print_help(struct cli *cli, const struct cli_spec *spec)
{
	static const struct cli_option help = { "help", 'h', NULL, 0, "show this help" };
	const struct cli_option *opts = spec->options;
	int rc;

	rc = cli_printf(cli, "usage: stance %s\n", spec->usage);
	if (!rc && cli->command)
		rc = cli_printf(cli, "\n%s.\n", cli->command->summary);
	if (!rc)
		rc = cli_printf(cli, "\noptions:\n");
	for (size_t i = 0; !rc && i < count_options(opts); i++)
		rc = print_option(cli, &opts[i]);
	if (!rc)
		rc = print_option(cli, &help);
	if (!rc)
		rc = cli_printf(cli, "\nglobal options:\n");
	for (size_t i = 0; !rc && global_options[i].name; i++)
		/* a command's own --format replaces the global one */
		if (own_option(spec, count_options(opts), global_options[i].name) ==
		    count_options(opts))
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

int cli_finish(struct cli *cli, int rc)
{
	/* a write that failed in the buffer shows up here, not earlier */
	int frc = cli_flush(cli);

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
	cli_cleanup(cli);
	return rc;
}

void cli_cleanup(struct cli *cli)
{
	stance_db_close(cli->db);
	cli->db = NULL;
	free(cli->values);
	free(cli->nvalues);
	free(cli->first);
	free(cli->args);
	cli->values = NULL;
	cli->nvalues = cli->first = NULL;
	cli->args = NULL;
}
