/*
 * cmd-shifts.c - `stance shifts`: every change of a party's stance or
 * red-line flag on an issue across the database, in statement order.
 */
#include <stdio.h>

#include "analysis-output.h"
#include "commands.h"

static const struct cli_spec spec = {
	.usage = "shifts [--since D] [--as-known T] [--party P]... [--issue I]...",
	.details =
	"A shift is a position whose stance or red-line flag differs from the previous\n"
	"position of the same party on the same issue (see 'stance history'); it is\n"
	"compared with that position even when it was said before --since.\n"
	"table: date, party, issue, the stances before and after (! a red line),\n"
	"whether it is a reversal and the statement; csv and json: party, issue,\n"
	"statement, said_on, stance, red_line, from (statement, stance, red_line; as\n"
	"from_... columns in csv) and reversal."
};

static const char *const table_headers[] = {
	"date", "party", "issue", "from", "to", "reversal", "statement"
};
static const char *const csv_headers[] = {
	"party", "issue", "statement", "said_on", "stance", "red_line",
	"from_statement", "from_stance", "from_red_line", "reversal"
};
#define NCOLS(h) (sizeof(h) / sizeof((h)[0]))

static int add_shift(const stance_history_row *row, void *data)
{
	struct analysis_walk *w = data;
	const char *stance = stance_stance_name(row->stance);
	const char *from = stance_stance_name(row->from_stance);
	char sym[4], from_sym[4], id[9];

	switch (w->cli->format) {
	case CLI_FORMAT_JSON:
		w->rc = cli_table_json(w->table,
				       json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:{s:s, s:s, s:b}, s:b}",
						 "party", row->party, "issue", row->issue,
						 "statement", row->statement, "said_on", row->said_on,
						 "stance", stance, "red_line", row->red_line,
						 "from", "statement", row->from_statement,
						 "stance", from, "red_line", row->from_red_line,
						 "reversal", row->reversal));
		break;
	case CLI_FORMAT_CSV:
		w->rc = cli_table_row(w->table, (const char *const[]){
			row->party, row->issue, row->statement, row->said_on, stance,
			analysis_csv_bool(row->red_line), row->from_statement, from,
			analysis_csv_bool(row->from_red_line), analysis_csv_bool(row->reversal) });
		break;
	default:
		snprintf(id, sizeof(id), "%.8s", row->statement);
		w->rc = cli_table_row(w->table, (const char *const[]){
			row->said_on, row->party, row->issue,
			cli_stance_symbol(from_sym, row->from_stance, row->from_red_line),
			cli_stance_symbol(sym, row->stance, row->red_line),
			row->reversal ? "yes" : "", id });
	}
	return w->rc ? 1 : 0;
}

int cmd_shifts(struct cli *cli, int argc, char **argv)
{
	struct analysis_opts o = { 0 };
	const char *since = NULL;
	const struct cli_opt opts[] = {
		CLI_OPT_STRING(0, "since", &since, "D", "only shifts said on or after this date"),
		ANALYSIS_AS_KNOWN(&o),
		ANALYSIS_PARTIES(&o, "only this party (repeatable)"),
		ANALYSIS_ISSUES(&o, "only this issue (repeatable)"),
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
		rc = stance_shifts_foreach(cli->db, &scope, since, add_shift, &w);
	return analysis_walk_end(&w, rc);
}
