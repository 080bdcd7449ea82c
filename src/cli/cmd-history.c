/*
 * cmd-history.c - `stance history`: every non-retracted position of a
 * party on an issue, in statement order, marking shifts and reversals.
 */
#include <stdio.h>

#include "analysis-output.h"
#include "commands.h"

static const struct cli_spec spec = {
	.usage = "history --party P --issue I [--as-known T]",
	.details =
	"Statements are in order of date, then recording time, then id. A row is a\n"
	"shift when its stance or red-line flag differs from the previous row's, and\n"
	"a reversal when its stance is not neutral and has the opposite sign to the\n"
	"latest earlier stance that is not neutral.\n"
	"table: date, stance (! a red line), change, statement, condition and the\n"
	"start of the text; csv and json: statement, said_on, stance, red_line,\n"
	"condition, shift and reversal."
};

static const char *const table_headers[] = {
	"date", "stance", "change", "statement", "condition", "text"
};
static const char *const csv_headers[] = {
	"statement", "said_on", "stance", "red_line", "condition", "shift", "reversal"
};
#define NCOLS(h) (sizeof(h) / sizeof((h)[0]))

static int add_row(const stance_history_row *row, void *data)
{
	struct analysis_walk *w = data;
	const char *stance = stance_stance_name(row->stance);
	char sym[4], id[9], text[CLI_EXCERPT_SIZE(ANALYSIS_EXCERPT)];

	switch (w->cli->format) {
	case CLI_FORMAT_JSON:
		w->rc = cli_table_json(w->table,
				       json_pack("{s:s, s:s, s:s, s:b, s:s?, s:b, s:b}",
						 "statement", row->statement, "said_on", row->said_on,
						 "stance", stance, "red_line", row->red_line,
						 "condition", row->condition, "shift", row->shift,
						 "reversal", row->reversal));
		break;
	case CLI_FORMAT_CSV:
		w->rc = cli_table_row(w->table, (const char *const[]){
			row->statement, row->said_on, stance, analysis_csv_bool(row->red_line),
			row->condition, analysis_csv_bool(row->shift),
			analysis_csv_bool(row->reversal) });
		break;
	default:
		snprintf(id, sizeof(id), "%.8s", row->statement);
		w->rc = cli_table_row(w->table, (const char *const[]){
			row->said_on, cli_stance_symbol(sym, row->stance, row->red_line),
			row->reversal ? "reversal" : row->shift ? "shift" : "", id, row->condition,
			cli_excerpt(text, sizeof(text), row->text, ANALYSIS_EXCERPT) });
	}
	return w->rc ? 1 : 0;
}

int cmd_history(struct cli *cli, int argc, char **argv)
{
	const char *party = NULL, *issue = NULL;
	struct analysis_opts o = { 0 };
	const struct cli_opt opts[] = {
		CLI_OPT_STRING_F(0, "party", &party, "P", "the party", CLI_REQUIRED),
		CLI_OPT_STRING_F(0, "issue", &issue, "I", "the issue", CLI_REQUIRED),
		ANALYSIS_AS_KNOWN(&o),
		CLI_OPT_END
	};
	struct analysis_walk w;
	stance_scope scope;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	scope = analysis_scope(&o);
	rc = analysis_walk_begin(&w, cli, table_headers, NCOLS(table_headers), csv_headers,
				 NCOLS(csv_headers));
	if (!rc)
		rc = stance_history_foreach_scope(cli->db, &scope, party, issue, add_row, &w);
	return analysis_walk_end(&w, rc);
}
