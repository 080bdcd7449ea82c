/*
 * cmd-statements.c - `stance statements`: list statements, filtered,
 * streamed in the order of the design (said_on, recorded_at, id).
 */
#include "commands.h"
#include "statement-output.h"

static const struct cli_spec spec = {
	.usage = "statements [--party P]... [--actor A]... [--issue I]... [--since D] [--until D]\n"
		 "                  [--search WORDS] [--uncoded] [--include-retracted]",
	.details =
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
	struct cli_strings parties = { 0 }, actors = { 0 }, issues = { 0 };
	stance_statement_filter f = STANCE_STATEMENT_FILTER_INIT;
	const struct cli_opt opts[] = {
		CLI_OPT_STRINGS(0, "party", &parties, "P",
				"only statements for this party (repeatable)"),
		CLI_OPT_STRINGS(0, "actor", &actors, "A", "only statements by this actor (repeatable)"),
		CLI_OPT_STRINGS(0, "issue", &issues, "I",
				"only statements coding this issue (repeatable)"),
		CLI_OPT_STRING(0, "since", &f.since, "D", "only statements said on or after this date"),
		CLI_OPT_STRING(0, "until", &f.until, "D", "only statements said on or before this date"),
		CLI_OPT_STRING(0, "search", &f.search, "WORDS",
			       "only statements whose text has all these words"),
		CLI_OPT_SWITCH(0, "uncoded", &f.uncoded, "only statements without positions"),
		CLI_OPT_SWITCH(0, "include-retracted", &f.include_retracted,
			       "list retracted statements too"),
		CLI_OPT_END
	};
	struct list_ctx ctx = { NULL, 0 };
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	f.parties = parties.v;
	f.nparties = parties.n;
	f.actors = actors.v;
	f.nactors = actors.n;
	f.issues = issues.v;
	f.nissues = issues.n;
	ctx.rc = cli_statements_begin(&ctx.table, cli);
	if (!ctx.rc) {
		rc = stance_statement_foreach(cli->db, &f, list_one, &ctx);
		if (rc < 0)
			ctx.rc = cli_fail(rc);
	}
	return cli_table_end(ctx.table, ctx.rc);
}
