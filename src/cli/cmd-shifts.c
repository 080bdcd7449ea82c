/*
 * cmd-shifts.c - `stance shifts`: every change of a party's (or an actor's)
 * stance or current red line on an issue across the database, in statement
 * order.
 */
#include <stdio.h>

#include "analysis-output.h"
#include "commands.h"

static const struct cli_spec spec = {
	.usage = "shifts [--since D] [--as-known T] [--party P]... [--issue I]...\n"
		 "                     [--by party|actor]\n"
		 "                     " ANALYSIS_EVIDENCE_USAGE "\n"
		 "                     " ANALYSIS_KIND_USAGE,
	.details =
	"A shift is a position whose stance or current red line differs from those\n"
	"of the previous position of the same party on the same issue (see 'stance\n"
	"history'); it is compared with that position even when it was said before\n"
	"--since. --issue I keeps I and every issue under it.\n"
	ANALYSIS_RED_LINE_DETAILS
	ANALYSIS_EVIDENCE_DETAILS
	ANALYSIS_BY_DETAILS
	"table: date, party (by actor: actor and party), issue, the stances before\n"
	"and after (! the current red line), whether it is a reversal and the\n"
	"statement; csv and json: party, issue, statement, said_on, stance, red_line,\n"
	"from (statement, stance, red_line; as from_... columns in csv) and reversal,\n"
	"with \"actor\" first by actor."
};

static const char *const table_headers[] = {
	"date", "party", "issue", "from", "to", "reversal", "statement"
};
static const char *const actor_table_headers[] = {
	"date", "actor", "party", "issue", "from", "to", "reversal", "statement"
};
static const char *const csv_headers[] = {
	"party", "issue", "statement", "said_on", "stance", "red_line",
	"from_statement", "from_stance", "from_red_line", "reversal"
};
static const char *const actor_csv_headers[] = {
	"actor", "party", "issue", "statement", "said_on", "stance", "red_line",
	"from_statement", "from_stance", "from_red_line", "reversal"
};
#define NCOLS(h) (sizeof(h) / sizeof((h)[0]))

struct shifts {
	struct analysis_walk w;
	int by_actor;
};

static json_t *shift_json(const stance_history_row *row, int by_actor)
{
	json_t *o = json_object(), *from = json_object();
	int failed = 0;

	analysis_json_set(from, "statement", json_string(row->from_statement), &failed);
	analysis_json_set(from, "stance", json_string(stance_stance_name(row->from_stance)),
			  &failed);
	analysis_json_set(from, "red_line", json_boolean(row->from_red_line), &failed);
	from = analysis_json_done(from, failed);
	if (by_actor)
		analysis_json_set(o, "actor", analysis_json_string(row->actor), &failed);
	analysis_json_set(o, "party", json_string(row->party), &failed);
	analysis_json_set(o, "issue", json_string(row->issue), &failed);
	analysis_json_set(o, "statement", json_string(row->statement), &failed);
	analysis_json_set(o, "said_on", json_string(row->said_on), &failed);
	analysis_json_set(o, "stance", json_string(stance_stance_name(row->stance)), &failed);
	analysis_json_set(o, "red_line", json_boolean(row->red_line), &failed);
	analysis_json_set(o, "from", from, &failed);
	analysis_json_set(o, "reversal", json_boolean(row->reversal), &failed);
	return analysis_json_done(o, failed);
}

static int add_shift(const stance_history_row *row, void *data)
{
	struct shifts *s = data;
	struct analysis_walk *w = &s->w;
	const char *stance = stance_stance_name(row->stance);
	const char *from = stance_stance_name(row->from_stance);
	char sym[4], from_sym[4], id[9];
	const char *cells[NCOLS(actor_csv_headers)], **c = cells;

	switch (w->cli->format) {
	case CLI_FORMAT_JSON:
		w->rc = cli_table_json(w->table, shift_json(row, s->by_actor));
		return w->rc ? 1 : 0;
	case CLI_FORMAT_CSV:
		if (s->by_actor)
			*c++ = row->actor;
		*c++ = row->party;
		*c++ = row->issue;
		*c++ = row->statement;
		*c++ = row->said_on;
		*c++ = stance;
		*c++ = analysis_csv_bool(row->red_line);
		*c++ = row->from_statement;
		*c++ = from;
		*c++ = analysis_csv_bool(row->from_red_line);
		*c++ = analysis_csv_bool(row->reversal);
		break;
	default:
		*c++ = row->said_on;
		if (s->by_actor)
			*c++ = row->actor;
		*c++ = row->party;
		*c++ = row->issue;
		*c++ = cli_stance_symbol(from_sym, row->from_stance, row->from_red_line);
		*c++ = cli_stance_symbol(sym, row->stance, row->red_line);
		*c++ = row->reversal ? "yes" : "";
		*c++ = analysis_short_id(id, row->statement);
	}
	w->rc = cli_table_row(w->table, cells);
	return w->rc ? 1 : 0;
}

int cmd_shifts(struct cli *cli, int argc, char **argv)
{
	struct analysis_opts o = { 0 };
	const char *since = NULL;
	const struct cli_opt opts[] = {
		CLI_OPT_STRING(0, "since", &since, "D", "only shifts said on or after this date"),
		ANALYSIS_AS_KNOWN(&o),
		ANALYSIS_PARTIES(&o, "only this party (repeatable; by actor: its actors)"),
		ANALYSIS_ISSUES(&o, ANALYSIS_ISSUES_HELP),
		ANALYSIS_BY(&o),
		ANALYSIS_EVIDENCE(&o),
		CLI_OPT_END
	};
	struct shifts s;
	stance_scope scope;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	rc = analysis_scope(&scope, &o);
	if (rc)
		return rc;
	s.by_actor = scope.by_actor;
	if (s.by_actor)
		rc = analysis_walk_begin(&s.w, cli, actor_table_headers, NCOLS(actor_table_headers),
					 actor_csv_headers, NCOLS(actor_csv_headers));
	else
		rc = analysis_walk_begin(&s.w, cli, table_headers, NCOLS(table_headers),
					 csv_headers, NCOLS(csv_headers));
	if (!rc)
		rc = stance_shifts_foreach(cli->db, &scope, since, add_shift, &s);
	return analysis_walk_end(&s.w, rc);
}
