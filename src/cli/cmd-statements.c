/*
 * cmd-statements.c - `stance statements`: list statements, filtered,
 * streamed in the order of the design (said_on, recorded_at, id).
 */
#include "commands.h"

static const struct cli_option options[] = {
	{ "party", 0, "P", CLI_OPT_REPEAT, "only statements for this party (repeatable)" },
	{ "actor", 0, "A", CLI_OPT_REPEAT, "only statements by this actor (repeatable)" },
	{ "issue", 0, "I", CLI_OPT_REPEAT, "only statements coding this issue (repeatable)" },
	{ "since", 0, "D", 0, "only statements said on or after this date" },
	{ "until", 0, "D", 0, "only statements said on or before this date" },
	{ "search", 0, "WORDS", 0, "only statements whose text has all these words" },
	{ "uncoded", 0, NULL, 0, "only statements without positions" },
	{ "include-retracted", 0, NULL, 0, "list retracted statements too" },
	{ NULL, 0, NULL, 0, NULL }
};

static const struct cli_spec spec = {
	"statements [--party P]... [--actor A]... [--issue I]... [--since D] [--until D]\n"
	"                  [--search WORDS] [--uncoded] [--include-retracted]",
	options, 0, 0, NULL,
	"table: the first 8 characters of the id, the date, party, actor, kind, the\n"
	"start of the text and the positions (ISSUE:STANCE, ! a red line);\n"
	"csv: every column, positions as ISSUE=STANCE[!] separated by spaces and\n"
	"conditions as a JSON object; json: an array in the shape of the snapshot."
};

struct list_ctx {
	struct cli_table *table;
	int rc;   /* the writer's exit code, which the walk's code cannot carry */
};

static int list_one(const stance_statement *st, void *data)
{
	struct list_ctx *ctx = data;

	ctx->rc = cli_statements_row(ctx->table, st);
	return ctx->rc ? 1 : 0;
}

int cmd_statements(struct cli *cli, int argc, char **argv)
{
	stance_statement_filter f = { 0 };
	struct list_ctx ctx = { NULL, 0 };
	int rc = cli_parse(cli, &spec, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	f.nparties = cli_opt_all(cli, "party", &f.parties);
	f.nactors = cli_opt_all(cli, "actor", &f.actors);
	f.nissues = cli_opt_all(cli, "issue", &f.issues);
	f.since = cli_opt(cli, "since");
	f.until = cli_opt(cli, "until");
	f.search = cli_opt(cli, "search");
	f.uncoded = cli_has(cli, "uncoded") > 0;
	f.include_retracted = cli_has(cli, "include-retracted") > 0;
	ctx.rc = cli_statements_begin(&ctx.table, cli);
	if (!ctx.rc) {
		rc = stance_statement_foreach(cli->db, &f, list_one, &ctx);
		if (rc < 0)
			ctx.rc = cli_fail(rc);
	}
	return cli_table_end(ctx.table, ctx.rc);
}
