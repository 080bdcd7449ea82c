/*
 * cmd-check.c - `stance check`: the integrity and invariants of the
 * database; exit 0 when sound, 65 when it lists problems.
 */
#include "commands.h"

static const struct cli_spec spec = {
	.usage = "check",
	.details =
	"Runs SQLite's integrity and foreign-key checks, stance's invariants and\n"
	"those of the history: current positions, revisions against the current\n"
	"values, aliases, and removed entities that something still refers to.\n"
	"Exits 0 and prints nothing when the database is sound; otherwise prints\n"
	"the problems one per line (csv: a 'problem' column; json: an array of\n"
	"strings) and exits 65. Statements that look recorded twice (same party\n"
	"and date, the same text but for case, spacing and punctuation) are\n"
	"warnings on stderr, 'stance: warning: ...', which leave the exit code 0."
};

struct check_ctx {
	struct cli *cli;
	struct cli_table *table;
	int rc;
};

static void problem(const char *msg, void *data)
{
	struct check_ctx *ctx = data;

	if (ctx->rc)
		return;
	switch (ctx->cli->format) {
	case CLI_FORMAT_JSON:
		ctx->rc = cli_table_json(ctx->table, json_string(msg));
		break;
	case CLI_FORMAT_CSV:
		ctx->rc = cli_table_row(ctx->table, &msg);
		break;
	default:
		/* a problem may quote a stored value: cleaned for the terminal */
		ctx->rc = cli_line(ctx->cli, "%s", msg);
		break;
	}
}

/* A warning is not a problem: it goes to stderr and leaves the exit code
 * alone. The library's notes carry no control characters (db.h). */
static void warning(const char *msg, void *data)
{
	(void)data;
	fprintf(stderr, "stance: warning: %s\n", msg);
}

int cmd_check(struct cli *cli, int argc, char **argv)
{
	static const char *const headers[] = { "problem" };
	struct check_ctx ctx = { cli, NULL, 0 };
	size_t nproblems = 0;
	int rc = cli_parse_options(cli, &spec, NULL, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	/* the csv and json lists are opened by the table writer, the plain
	 * lines need no header */
	if (cli->format != CLI_FORMAT_TABLE)
		ctx.rc = cli_table_begin(&ctx.table, cli, headers, 1);
	if (!ctx.rc) {
		stance_db_set_note(cli->db, warning, NULL);
		rc = stance_db_check(cli->db, &nproblems, problem, &ctx);
		if (rc)
			ctx.rc = cli_fail(rc);
	}
	rc = cli_table_end(ctx.table, ctx.rc);
	if (!rc && nproblems)
		rc = CLI_EDATA;
	return rc;
}
