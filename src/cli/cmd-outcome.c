/*
 * cmd-outcome.c - `stance outcome` and `outcomes`: what was decided on an
 * issue, and when, as a point on its scale; the backtest holds the
 * forecasts against them (design §8).
 */
#include <stdio.h>

#include "analysis-output.h"
#include "commands.h"

/* ---- outcomes as lists ---------------------------------------------------- */

static const char *const csv_headers[] = {
	"id", "issue", "date", "point", "text", "source", "recorded_by", "recorded_at",
	"retracted_at", "retracted_by", "retraction_reason"
};
static const char *const table_headers[] = {
	"id", "date", "issue", "point", "stance", "source", "text"
};
#define NCOLS(h) (sizeof(h) / sizeof((h)[0]))

/* How much of the text the table shows, in characters. */
#define TEXT_CHARS 40

#define RETRACTED "[retracted] "

int bargain_outcomes_begin(struct cli_table **out, struct cli *cli)
{
	if (cli->format == CLI_FORMAT_CSV)
		return cli_table_begin(out, cli, csv_headers, NCOLS(csv_headers));
	return cli_table_begin(out, cli, table_headers, NCOLS(table_headers));
}

/* The table's text column: the start of the text (or nothing), marked
 * when the outcome is retracted; into buf. */
static const char *excerpt(char *buf, size_t size, const stance_outcome *o)
{
	size_t len = (size_t)snprintf(buf, size, "%s", o->retracted ? RETRACTED : "");

	if (o->text)
		cli_excerpt(buf + len, size - len, o->text, TEXT_CHARS);
	else if (len)
		buf[len - 1] = '\0';
	return *buf ? buf : NULL;
}

int bargain_outcome_row(struct cli_table *t, const stance_outcome *o)
{
	const stance_retraction *r = o->retracted;
	char point[32], id[9], text[sizeof(RETRACTED) + CLI_EXCERPT_SIZE(TEXT_CHARS)];

	switch (cli_table_format(t)) {
	case CLI_FORMAT_JSON:
		return cli_table_json(t, stance_snapshot_outcome_json(o));
	case CLI_FORMAT_CSV:
		return cli_table_row(t, (const char *const[]){
			o->id, o->issue, o->date, bargain_number_text(point, o->point), o->text,
			o->source, o->recorded_by, o->recorded_at, r ? r->at : NULL,
			r ? r->by : NULL, r ? r->reason : NULL });
	default:
		return cli_table_row(t, (const char *const[]){
			analysis_short_id(id, o->id), o->date, o->issue,
			bargain_number_text(point, o->point),
			stance_stance_name(stance_point_stance(o->point)), o->source,
			excerpt(text, sizeof(text), o) });
	}
}

/* ---- stance outcome ------------------------------------------------------ */

static const struct cli_spec outcome_spec = {
	.usage = "outcome ISSUE --date D\n"
		 "              (--stance strongly-oppose|oppose|neutral|support|strongly-support\n"
		 "               | --point 0-100) [--text TEXT] [--source SOURCE]",
	.min_args = 1, .max_args = 1, .args_name = "an ISSUE",
	.details =
	"Records what was decided on ISSUE, and when, as a point on its 0-100 scale:\n"
	"--point P, or --stance S, a stance's name or short form (--, -, 0, +, ++),\n"
	"which stands for the middle of its band (0, 25, 50, 75, 100); exactly one\n"
	"of them. 'stance forecast --backtest' holds each model's forecast as of the\n"
	"day before D against it, and the fitted model learns from it. The analyst\n"
	"is stored as recorded_by; 'stance retract ID' withdraws it.\n"
	"Prints the new outcome's id (json: {\"id\": \"<uuid>\"}; csv: an 'id'\n"
	"column) and, in table and csv, says on stderr what it recorded."
};

/* What the stderr line says was recorded: "the outcome of
 * crimea-recognition: 25 (oppose) on 2025-06-01", as stored. */
static void describe(char *buf, size_t size, stance_db *db, const char *id)
{
	stance_outcome *o = NULL;
	char point[32];

	if (stance_outcome_get(&o, db, id) != 0) {
		snprintf(buf, size, "recorded an outcome");
		return;
	}
	snprintf(buf, size, "recorded the outcome of %s: %s (%s) on %s", o->issue,
		 bargain_number_text(point, o->point),
		 stance_stance_name(stance_point_stance(o->point)), o->date);
	stance_outcome_free(o);
}

int cmd_outcome(struct cli *cli, int argc, char **argv)
{
	const char *point = NULL, *stance = NULL;
	stance_outcome_options o = STANCE_OUTCOME_OPTIONS_INIT;
	const struct cli_opt opts[] = {
		CLI_OPT_STRING_F(0, "date", &o.date, "D", "when it was decided", CLI_REQUIRED),
		CLI_OPT_STRING(0, "stance", &stance, "S",
			       "the outcome as a stance: the middle of its band"),
		CLI_OPT_STRING(0, "point", &point, "0-100", "the outcome as a point on the scale"),
		CLI_OPT_STRING(0, "text", &o.text, "TEXT", "what was decided, in words"),
		CLI_OPT_STRING(0, "source", &o.source, "SOURCE", "where it was read"),
		CLI_OPT_END
	};
	char id[STANCE_UUID_LEN + 1], what[256];
	int rc = cli_parse_options(cli, &outcome_spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	if (point && stance)
		return cli_usage_error("'stance outcome' takes one of --point and --stance, not both");
	if (!point && !stance)
		return cli_usage_error("'stance outcome' needs one of --point 0-100 and --stance S "
				       "(see 'stance outcome --help')");
	o.has_point = point != NULL;
	o.has_stance = stance != NULL;
	if (point)
		rc = bargain_number_parse(&o.point, "point", point, "a number from 0 to 100");
	else if ((rc = stance_stance_parse(&o.stance, NULL, stance)) != 0)
		rc = cli_fail(rc);
	if (rc)
		return rc;
	o.issue = cli->args[0];
	o.recorded_by = cli->analyst;
	rc = stance_outcome_add(id, cli->db, &o);
	if (rc)
		return cli_fail(rc);
	describe(what, sizeof(what), cli->db, id);
	return bargain_id_done(cli, id, "outcome", what);
}

/* ---- stance outcomes ---------------------------------------------------- */

static const struct cli_spec list_spec = {
	.usage = "outcomes [--issue I]... [--include-retracted]",
	.min_args = 0, .max_args = 0,
	.details =
	"Lists the recorded outcomes (see 'stance outcome') by date, then recording\n"
	"time; --issue I keeps those on I and the issues under it.\n"
	"table: the id prefix, date, issue, point, the stance of the point's band,\n"
	"source and text ('" RETRACTED "' before a retracted one's).\n"
	"json: an array of outcomes in the snapshot's shape; csv: the same members,\n"
	"the retraction as retracted_at, retracted_by, retraction_reason."
};

static int list_one(const stance_outcome *o, void *ctx)
{
	struct bargain_list *w = ctx;

	w->n++;
	w->rc = bargain_outcome_row(w->t, o);
	return w->rc ? 1 : 0;
}

int cmd_outcomes(struct cli *cli, int argc, char **argv)
{
	struct cli_strings issues = { 0 };
	stance_outcome_filter f = STANCE_OUTCOME_FILTER_INIT;
	const struct cli_opt opts[] = {
		CLI_OPT_STRINGS(0, "issue", &issues, "I", ANALYSIS_ISSUES_HELP),
		CLI_OPT_SWITCH(0, "include-retracted", &f.include_retracted,
			       "list the retracted ones too"),
		CLI_OPT_END
	};
	struct bargain_list w = { NULL, 0, 0 };
	int rc = cli_parse_options(cli, &list_spec, opts, argc, argv), walk;

	if (rc != CLI_RUN)
		return rc;
	f.issues = issues.v;
	f.nissues = issues.n;
	rc = bargain_outcomes_begin(&w.t, cli);
	walk = rc ? 0 : stance_outcome_foreach(cli->db, &f, list_one, &w);
	return bargain_list_end(cli, &w, rc, walk, "no outcomes");
}
