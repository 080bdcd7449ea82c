/* The command line's option parser (src/cli/cli.c), as git's
 * t/helper/test-parse-options.c tests parse-options.c: the forms of an
 * option, repeatable options, the usage errors and their exit codes, and
 * the global options before and after the command. No database: the
 * parser runs without a command, so it opens none. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "test-util.h"

/* What one parse left: the options' variables, its exit code, what it
 * wrote to stdout and to stderr. */
struct run {
	const char *as_of, *output, *reason;
	struct cli_strings parties, issues;
	int dry_run;
	size_t type;
	int rc;
	char out[4096], err[4096];
	struct cli cli;
};

static const char *const types[] = { "conflict", "congruence", NULL };

static const struct cli_spec spec = {
	.usage = "test [--as-of D] [--party P]...",
	.min_args = 0, .max_args = 2, .args_name = "an ID",
};

static const struct cli_spec spec_required = {
	.usage = "test --reason TEXT ID",
	.min_args = 1, .max_args = 1, .args_name = "an ID",
};

/* Reads what the file f holds into buf (size bytes, NUL-terminated). */
static void slurp(FILE *f, char *buf, size_t size)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
}

/* Parses argv (NULL-terminated; argv[0] is the command's word) as the
 * dispatcher would: the global options before the command (those of
 * before[], NULL-terminated, may be NULL), then the command's. */
static void parse_with(struct run *r, const struct cli_spec *sp, char **before, char **argv)
{
	const struct cli_opt opts[] = {
		CLI_OPT_STRING(0, "as-of", &r->as_of, "D", "as of this date"),
		CLI_OPT_STRINGS(0, "party", &r->parties, "P", "only this party (repeatable)"),
		CLI_OPT_STRINGS(0, "issue", &r->issues, "I", "only this issue (repeatable)"),
		CLI_OPT_SWITCH(0, "dry-run", &r->dry_run, "write nothing"),
		CLI_OPT_CHOICE(0, "type", &r->type, "T", "conflict or congruence", types),
		CLI_OPT_OUTPUT(&r->output),
		CLI_OPT_STRING_F(0, "reason", &r->reason, "TEXT", "why",
				 sp == &spec_required ? CLI_REQUIRED : 0),
		CLI_OPT_END
	};
	FILE *out = tmpfile(), *err = tmpfile();
	int argc = 0, nbefore = 0, saved = dup(STDERR_FILENO);

	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(err);
	while (argv[argc])
		argc++;
	while (before && before[nbefore])
		nbefore++;
	r->cli.out = out;
	r->cli.format = CLI_FORMAT_TABLE;
	fflush(stderr);
	dup2(fileno(err), STDERR_FILENO);
	r->rc = CLI_RUN;
	for (int i = 0; r->rc == CLI_RUN && i < nbefore; i++) {
		r->rc = cli_parse_global(&r->cli, nbefore, before, &i);
		/* an option that is no global one is the dispatcher's error */
		ck_assert_int_ne(r->rc, CLI_RUN);
		r->rc = r->rc ? r->rc : CLI_RUN;
	}
	if (r->rc == CLI_RUN)
		r->rc = cli_parse_options(&r->cli, sp, opts, argc, argv);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	fflush(out);
	slurp(out, r->out, sizeof(r->out));
	slurp(err, r->err, sizeof(r->err));
	fclose(out);
	fclose(err);
}

#define ARGV(...) ((char *[]){ __VA_ARGS__, NULL })

static void parse(struct run *r, char **argv)
{
	parse_with(r, &spec, NULL, argv);
}

static void done(struct run *r)
{
	cli_cleanup(&r->cli);
}

#define ck_assert_err(r, code, text) do { \
	ck_assert_int_eq((r)->rc, (code)); \
	ck_assert_msg(strstr((r)->err, (text)) != NULL, "stderr '%s' lacks '%s'", \
		      (r)->err, (text)); \
} while (0)

START_TEST(long_forms)
{
	struct run r = { 0 };

	parse(&r, ARGV("test", "--as-of", "2025-01-01", "--output=x.html", "ID"));
	ck_assert_int_eq(r.rc, CLI_RUN);
	ck_assert_uint_eq(r.cli.nargs, 1);
	ck_assert_str_eq(r.cli.args[0], "ID");
	ck_assert_str_eq(r.as_of, "2025-01-01");
	ck_assert_str_eq(r.output, "x.html");
	ck_assert_str_eq(r.err, "");
	done(&r);
}
END_TEST

/* -o FILE and -oFILE */
static char *short_forms_argv[][4] = {
	{ "test", "-o", "a.html", NULL },
	{ "test", "-oa.html", NULL },
};

TEST_LOOP(short_forms, 0, 2);

START_TEST(short_forms)
{
	struct run r = { 0 };

	parse(&r, short_forms_argv[_i]);
	ck_assert_int_eq(r.rc, CLI_RUN);
	ck_assert_str_eq(r.output, "a.html");
	done(&r);
}
END_TEST

/* A value taken from the next argument is taken as it is; "-" alone is an
 * argument (stdin); after "--" everything is. */
START_TEST(arguments)
{
	struct run r = { 0 };

	parse(&r, ARGV("test", "-", "--reason", "--party", "--dry-run", "--", "--issue"));
	ck_assert_int_eq(r.rc, CLI_RUN);
	ck_assert_uint_eq(r.cli.nargs, 2);
	ck_assert_str_eq(r.cli.args[0], "-");
	ck_assert_str_eq(r.cli.args[1], "--issue");
	ck_assert_str_eq(r.reason, "--party");
	ck_assert_int_eq(r.dry_run, 1);
	ck_assert_uint_eq(r.parties.n + r.issues.n, 0);
	done(&r);
}
END_TEST

START_TEST(repeatable_in_order)
{
	struct run r = { 0 };

	parse(&r, ARGV("test", "--party", "ua", "--issue", "crimea", "--party=ru",
		       "--issue", "nato", "--party", "us"));
	ck_assert_int_eq(r.rc, CLI_RUN);
	ck_assert_uint_eq(r.parties.n, 3);
	ck_assert_str_eq(r.parties.v[0], "ua");
	ck_assert_str_eq(r.parties.v[1], "ru");
	ck_assert_str_eq(r.parties.v[2], "us");
	ck_assert_uint_eq(r.issues.n, 2);
	ck_assert_str_eq(r.issues.v[0], "crimea");
	ck_assert_str_eq(r.issues.v[1], "nato");
	done(&r);
}
END_TEST

START_TEST(defaults_kept)
{
	struct run r = { .as_of = "default", .type = 1 };

	parse(&r, ARGV("test"));
	ck_assert_int_eq(r.rc, CLI_RUN);
	ck_assert_str_eq(r.as_of, "default");
	ck_assert_uint_eq(r.type, 1);
	ck_assert_int_eq(r.dry_run, 0);
	ck_assert_ptr_null(r.parties.v);
	ck_assert_uint_eq(r.parties.n, 0);
	ck_assert_uint_eq(r.cli.nargs, 0);
	done(&r);
}
END_TEST

/* Each usage error: the globals before the command (or NULL), the command
 * line, the exit code and what stderr says. */
static const struct {
	const struct cli_spec *spec;
	char *before[4];
	char *argv[8];
	int rc;
	const char *err;
} errors[] = {
	{ &spec, { NULL }, { "test", "--dry-run=yes" }, CLI_EUSAGE,
	  "option '--dry-run' takes no value" },
	{ &spec, { NULL }, { "test", "--party" }, CLI_EUSAGE, "option '--party' needs a value (P)" },
	{ &spec, { NULL }, { "test", "--partyy", "ua" }, CLI_EUSAGE,
	  "unknown option '--partyy' for 'stance test' (see 'stance test --help')" },
	{ &spec, { NULL }, { "test", "-x" }, CLI_EUSAGE, "unknown option '-x'" },
	{ &spec, { NULL }, { "test", "--as-of", "2025-01-01", "--as-of=2025-02-02" }, CLI_EUSAGE,
	  "option '--as-of' given twice" },
	{ &spec, { NULL }, { "test", "--dry-run", "--dry-run" }, CLI_EUSAGE,
	  "option '--dry-run' given twice" },
	{ &spec_required, { NULL }, { "test", "ID" }, CLI_EUSAGE,
	  "'stance test' needs --reason TEXT" },
	{ &spec_required, { NULL }, { "test", "--reason", "r" }, CLI_EUSAGE,
	  "'stance test' needs an ID (see 'stance test --help')" },
	{ &spec, { NULL }, { "test", "one", "two", "three" }, CLI_EUSAGE,
	  "unexpected argument 'three' for 'stance test' (see 'stance test --help')" },
	{ &spec, { NULL }, { "test", "--type=entropy" }, CLI_EDATA,
	  "invalid type 'entropy' (choose from: conflict, congruence)" },
	{ &spec, { "--db", "a.db" }, { "test", "--db=b.db" }, CLI_EUSAGE,
	  "option '--db' given twice" },
	{ &spec, { NULL }, { "test", "--format", "csv", "--format", "json" }, CLI_EUSAGE,
	  "option '--format' given twice" },
	{ &spec, { NULL }, { "test", "--format", "xml" }, CLI_EDATA,
	  "invalid format 'xml' (choose from: table, json, csv)" },
	{ &spec, { NULL }, { "test", "--color=sometimes" }, CLI_EDATA,
	  "invalid color 'sometimes' (choose from: auto, always, never)" },
	{ &spec, { "--db" }, { "test" }, CLI_EUSAGE, "option '--db' needs a value (PATH)" },
};

TEST_LOOP(usage_errors, 0, (int)(sizeof(errors) / sizeof(errors[0])));

START_TEST(usage_errors)
{
	struct run r = { 0 };

	parse_with(&r, errors[_i].spec, (char **)errors[_i].before, (char **)errors[_i].argv);
	ck_assert_err(&r, errors[_i].rc, errors[_i].err);
	/* one line */
	ck_assert_ptr_eq(strchr(r.err, '\n'), r.err + strlen(r.err) - 1);
	done(&r);
}
END_TEST

START_TEST(required_and_choice_given)
{
	struct run r = { 0 };

	parse_with(&r, &spec_required, NULL,
		   ARGV("test", "ID", "--reason", "typo", "--type", "congruence"));
	ck_assert_int_eq(r.rc, CLI_RUN);
	ck_assert_str_eq(r.reason, "typo");
	ck_assert_uint_eq(r.type, 1);
	done(&r);
}
END_TEST

START_TEST(globals_before_and_after)
{
	struct run r = { 0 };

	parse_with(&r, &spec, ARGV("--db", "a.db", "--format=json"),
		   ARGV("test", "--analyst", "ann", "--color", "never", "--party", "ua"));
	ck_assert_int_eq(r.rc, CLI_RUN);
	ck_assert_str_eq(r.cli.db_path, "a.db");
	ck_assert_int_eq(r.cli.format, CLI_FORMAT_JSON);
	ck_assert_str_eq(r.cli.analyst, "ann");
	ck_assert_int_eq(r.cli.color, 0);
	ck_assert_uint_eq(r.parties.n, 1);
	done(&r);
}
END_TEST

/* A command with its own --format takes the global one as its own. */
START_TEST(own_format)
{
	static const char *const formats[] = { "graphml", "dot", "csv", NULL };
	size_t format = 0;
	const struct cli_opt own[] = {
		CLI_OPT_CHOICE(0, "format", &format, "F", "graphml, dot or csv", formats),
		CLI_OPT_END
	};
	struct cli cli = { .out = stdout, .format = CLI_FORMAT_TABLE };
	char *before[] = { "--format", "dot", NULL }, *argv[] = { "test", NULL };
	int i = 0;

	ck_assert_int_eq(cli_parse_global(&cli, 2, before, &i), 0);
	ck_assert_int_eq(cli_parse_options(&cli, &spec, own, 1, argv), CLI_RUN);
	ck_assert_uint_eq(format, 1);
	ck_assert_int_eq(cli.format, CLI_FORMAT_TABLE);
	cli_cleanup(&cli);
}
END_TEST

START_TEST(help)
{
	static const char usage[] = "usage: stance test [--as-of D] [--party P]...\n\noptions:\n";
	struct run r = { 0 };

	parse(&r, ARGV("test", "--party", "ua", "-h", "--bogus"));
	ck_assert_int_eq(r.rc, 0);
	ck_assert_str_eq(r.err, "");
	ck_assert_msg(strncmp(r.out, usage, strlen(usage)) == 0, "%s", r.out);
	ck_assert_ptr_nonnull(strstr(r.out, "  -o, --output FILE     write to FILE instead of stdout"));
	ck_assert_ptr_nonnull(strstr(r.out, "      --dry-run         write nothing\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "  -h, --help            show this help\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "\nglobal options:\n      --db PATH"));
	done(&r);
}
END_TEST
