/*
 * cmd-history.c - `stance history`: every non-retracted position of a
 * party, or of an actor, on an issue (and those under it) or on every issue,
 * in statement order, with the current red line after each and the shifts
 * and reversals.
 */
#include <stdio.h>
#include <string.h>

#include "analysis-output.h"
#include "commands.h"

static const struct cli_spec spec = {
	.usage = "history (--party P | --actor A) [--issue I] [--as-known T]\n"
		 "                      " ANALYSIS_EVIDENCE_USAGE "\n"
		 "                      " ANALYSIS_KIND_USAGE,
	.details =
	"The positions of a party's statements (--party) or of an actor's own\n"
	"(--actor) on issue I and every issue under it, or without --issue on every\n"
	"issue, in order of date, then recording time, then id; each row is compared\n"
	"with the earlier rows on its own issue. Each row shows the current red line\n"
	"after it (!). A row is a shift when its stance or that red line differs from\n"
	"the previous row's (a change of condition or point alone is not), and a\n"
	"reversal when its stance is not neutral and has the opposite sign to the\n"
	"latest earlier stance that is not neutral.\n"
	ANALYSIS_RED_LINE_DETAILS
	ANALYSIS_EVIDENCE_DETAILS
	"table: date, the issue (when the rows are on more than one), the stance with\n"
	"the current red line, the position as the statement coded it (stated: @70 a\n"
	"point, ! or ~ a red line stated or ended), the change and the statement, and\n"
	"under each row the start of its text and its condition; csv and json:\n"
	"statement, said_on, issue, stance, red_line, condition, shift and reversal\n"
	"(with --actor, \"actor\" first)."
};

enum column { DATE, ISSUE, STANCE, STATED, CHANGE, STATEMENT, NCOLUMNS };

static const char *const table_headers[NCOLUMNS] = {
	"date", "issue", "stance", "stated", "change", "statement"
};
static const char *const csv_headers[] = {
	"statement", "said_on", "issue", "stance", "red_line", "condition", "shift", "reversal"
};
static const char *const actor_csv_headers[] = {
	"actor", "statement", "said_on", "issue", "stance", "red_line", "condition", "shift",
	"reversal"
};
#define NCOLS(h) (sizeof(h) / sizeof((h)[0]))

/* What the lines under a row for people begin with. */
#define INDENT "    "
#define CONDITION "condition: "

struct history {
	int by_actor;         /* --actor: "actor" first in csv and json */
	const char *issue;    /* --issue as given, NULL for every issue */
	/* json and csv */
	struct analysis_walk w;
	/* the table: measured by a first walk, printed by the second */
	struct cli *cli;
	int several;          /* the rows are on more than one issue */
	size_t widths[NCOLUMNS];
	size_t n;             /* rows printed */
	int rc;               /* the writer's exit code */
};

static json_t *row_json(const stance_history_row *row, int by_actor)
{
	json_t *o = json_object();
	int failed = 0;

	if (by_actor)
		analysis_json_set(o, "actor", analysis_json_string(row->actor), &failed);
	analysis_json_set(o, "statement", json_string(row->statement), &failed);
	analysis_json_set(o, "said_on", json_string(row->said_on), &failed);
	analysis_json_set(o, "issue", json_string(row->issue), &failed);
	analysis_json_set(o, "stance", json_string(stance_stance_name(row->stance)), &failed);
	analysis_json_set(o, "red_line", json_boolean(row->red_line), &failed);
	analysis_json_set(o, "condition", analysis_json_string(row->condition), &failed);
	analysis_json_set(o, "shift", json_boolean(row->shift), &failed);
	analysis_json_set(o, "reversal", json_boolean(row->reversal), &failed);
	return analysis_json_done(o, failed);
}

static int list_row(const stance_history_row *row, void *data)
{
	struct history *h = data;
	struct analysis_walk *w = &h->w;
	const char *cells[NCOLS(actor_csv_headers)], **next = cells;

	if (w->cli->format == CLI_FORMAT_JSON) {
		w->rc = cli_table_json(w->table, row_json(row, h->by_actor));
		return w->rc ? 1 : 0;
	}
	if (h->by_actor)
		*next++ = row->actor;
	*next++ = row->statement;
	*next++ = row->said_on;
	*next++ = row->issue;
	*next++ = stance_stance_name(row->stance);
	*next++ = analysis_csv_bool(row->red_line);
	*next++ = row->condition;
	*next++ = analysis_csv_bool(row->shift);
	*next++ = analysis_csv_bool(row->reversal);
	w->rc = cli_table_row(w->table, cells);
	return w->rc ? 1 : 0;
}

/* ---- the table for people ----------------------------------------------- */

/* A row's cells, in the buffers. */
struct cells {
	char stance[ANALYSIS_SYMBOL_SIZE], stated[ANALYSIS_SYMBOL_SIZE], id[9];
	const char *v[NCOLUMNS];
};

static void cells_fill(struct cells *c, const struct history *h, const stance_history_row *row)
{
	c->v[DATE] = row->said_on;
	/* the issue only when the rows are on several */
	c->v[ISSUE] = h->several ? row->issue : "";
	/* the stance with the red line as it stands after the row */
	c->v[STANCE] = analysis_symbol(c->stance, row->stance, 0, 0,
				       row->red_line ? STANCE_RED_LINE_YES
						     : STANCE_RED_LINE_UNSTATED);
	c->v[STATED] = analysis_symbol(c->stated, row->stance, row->has_point, row->point,
				       row->stated_red_line);
	c->v[CHANGE] = row->reversal ? "reversal" : row->shift ? "shift" : "";
	c->v[STATEMENT] = analysis_short_id(c->id, row->statement);
}

static int measure_row(const stance_history_row *row, void *data)
{
	struct history *h = data;
	struct cells c;

	/* a row on another issue than the one asked for shows the column */
	if (!h->issue || strcmp(row->issue, h->issue) != 0)
		h->several = 1;
	cells_fill(&c, h, row);
	c.v[ISSUE] = row->issue;
	analysis_measure(h->widths, c.v, NCOLUMNS);
	return 0;
}

/* The columns shown: the issue's only when the rows are on several. */
static size_t shown(const struct history *h, const char *const *all, const char **out,
		    size_t *widths)
{
	size_t n = 0;

	for (size_t i = 0; i < NCOLUMNS; i++) {
		if (i == ISSUE && !h->several)
			continue;
		widths[n] = h->widths[i];
		out[n++] = all[i];
	}
	return n;
}

static int print_header(struct history *h)
{
	enum analysis_color bold[NCOLUMNS];
	const char *cells[NCOLUMNS];
	size_t widths[NCOLUMNS], n = shown(h, table_headers, cells, widths);

	for (size_t i = 0; i < NCOLUMNS; i++)
		bold[i] = ANALYSIS_BOLD;
	return analysis_row(h->cli, cells, bold, widths, n);
}

/* A row: its line, then its text and its condition, indented under it. */
static int print_row(const stance_history_row *row, void *data)
{
	struct history *h = data;
	struct cli *cli = h->cli;
	enum analysis_color colors[NCOLUMNS] = { ANALYSIS_PLAIN };
	char text[CLI_EXCERPT_SIZE(ANALYSIS_WIDTH)];
	const char *cells[NCOLUMNS];
	size_t widths[NCOLUMNS], n;
	struct cells c;
	int rc = h->n++ ? 0 : print_header(h);

	cells_fill(&c, h, row);
	n = shown(h, c.v, cells, widths);
	/* the stance's place among the columns shown */
	colors[h->several ? STANCE : STANCE - 1] =
		analysis_stance_color(row->stance, row->red_line);
	if (!rc)
		rc = analysis_row(cli, cells, colors, widths, n);
	if (!rc)
		rc = cli_printf(cli, INDENT "%s\n",
				cli_excerpt(text, sizeof(text), row->text, ANALYSIS_TEXT_CHARS(4)));
	if (!rc && row->condition)
		rc = cli_printf(cli, INDENT CONDITION "%s\n",
				cli_excerpt(text, sizeof(text), row->condition,
					    ANALYSIS_TEXT_CHARS(strlen(INDENT CONDITION))));
	h->rc = rc;
	return rc ? 1 : 0;
}

static int print_history(struct history *h, stance_db *db, const stance_scope *scope,
			 stance_entity_type type, const char *slug)
{
	int rc;

	analysis_measure(h->widths, table_headers, NCOLUMNS);
	rc = stance_history_walk(db, scope, type, slug, h->issue, measure_row, h);
	if (rc)
		return cli_fail(rc);
	rc = stance_history_walk(db, scope, type, slug, h->issue, print_row, h);
	if (rc < 0)
		return cli_fail(rc);
	if (h->rc)
		return h->rc;
	/* counted by the printing walk: a writer in between may have changed them */
	return h->n ? 0 : cli_printf(h->cli, "no positions\n");
}

int cmd_history(struct cli *cli, int argc, char **argv)
{
	const char *party = NULL, *actor = NULL, *issue = NULL;
	struct analysis_opts o = { 0 };
	const struct cli_opt opts[] = {
		CLI_OPT_STRING(0, "party", &party, "P", "the party: its statements"),
		CLI_OPT_STRING(0, "actor", &actor, "A", "the actor: its own statements"),
		CLI_OPT_STRING(0, "issue", &issue, "I",
			       "only this issue and those under it (default: all)"),
		ANALYSIS_AS_KNOWN(&o),
		ANALYSIS_EVIDENCE(&o),
		CLI_OPT_END
	};
	struct history h = { 0 };
	stance_entity_type type;
	stance_scope scope;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	if (!party == !actor)
		return cli_usage_error(party ? "'stance history' takes --party or --actor, not both"
					     : "'stance history' needs --party P or --actor A");
	rc = analysis_scope(&scope, &o);
	if (rc)
		return rc;
	type = actor ? STANCE_ACTOR : STANCE_PARTY;
	h.by_actor = actor != NULL;
	h.issue = issue;
	h.cli = cli;
	if (cli->format == CLI_FORMAT_TABLE)
		return print_history(&h, cli->db, &scope, type, actor ? actor : party);
	if (h.by_actor)
		rc = analysis_walk_begin(&h.w, cli, actor_csv_headers, NCOLS(actor_csv_headers),
					 actor_csv_headers, NCOLS(actor_csv_headers));
	else
		rc = analysis_walk_begin(&h.w, cli, csv_headers, NCOLS(csv_headers), csv_headers,
					 NCOLS(csv_headers));
	if (!rc)
		rc = stance_history_walk(cli->db, &scope, type, actor ? actor : party, h.issue,
					 list_row, &h);
	return analysis_walk_end(&h.w, rc);
}
