/*
 * cmd-assess.c - `stance assess` and `assessments`: an analyst's dated
 * judgements of how much an issue matters to a party (salience) and of the
 * party's weight in the talks (capability), which the forecasts weigh
 * positions by (design §8); and what the bargaining commands share.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis-output.h"
#include "commands.h"

/* ---- shared by the bargaining commands --------------------------------- */

int bargain_number_parse(double *out, const char *name, const char *value,
			 const char *expect)
{
	if (!stance_number_read(out, value))
		return cli_error(CLI_EDATA, "invalid %s '%s' (%s)", name, value, expect);
	return 0;
}

const char *bargain_number_text(char buf[32], double x)
{
	/* people read "80", not "80.0"; other numbers read back exactly */
	if (x == floor(x) && fabs(x) < 1e15) {
		snprintf(buf, 32, "%.0f", x == 0 ? 0.0 : x);
		return buf;
	}
	return cli_format_double(buf, x);
}

int bargain_list_end(struct cli *cli, struct bargain_list *w, int rc, int walk,
		     const char *none)
{
	if (!rc)
		rc = walk < 0 ? cli_fail(walk) : w->rc;
	if (!rc && !w->n && cli->format == CLI_FORMAT_TABLE) {
		/* a table without rows says so; a failed rc makes cli_table_end()
		 * free the table without writing */
		cli_table_end(w->t, CLI_EUSAGE);
		return cli_printf(cli, "%s\n", none);
	}
	return cli_table_end(w->t, rc);
}

int bargain_id_done(struct cli *cli, const char *id, const char *kind, const char *what)
{
	int rc;

	if (cli->format == CLI_FORMAT_JSON)
		return cli_json_value(cli, json_pack("{s:s}", "id", id));
	rc = cli_printf(cli, "%s%s\n", cli->format == CLI_FORMAT_CSV ? "id\n" : "", id);
	/* the message says it is done: only once the result is out */
	if (!rc)
		rc = cli_flush(cli);
	if (!rc)
		cli_said("%s (%s %.8s)", what, kind, id);
	return rc;
}

/* ---- assessments as lists ---------------------------------------------- */

static const char *const csv_headers[] = {
	"id", "party", "issue", "salience", "capability", "date", "reason", "recorded_by",
	"recorded_at", "retracted_at", "retracted_by", "retraction_reason"
};
static const char *const table_headers[] = {
	"id", "date", "party", "issue", "salience", "capability", "status", "reason"
};
#define NCOLS(h) (sizeof(h) / sizeof((h)[0]))

/* How much of a reason the table shows, in characters. */
#define REASON_CHARS 40

/* What the table says of an issue-less assessment, which holds on every
 * issue. */
#define ALL_ISSUES "(all issues)"

int bargain_assessments_begin(struct cli_table **out, struct cli *cli)
{
	if (cli->format == CLI_FORMAT_CSV)
		return cli_table_begin(out, cli, csv_headers, NCOLS(csv_headers));
	return cli_table_begin(out, cli, table_headers, NCOLS(table_headers));
}

/* Whether a is the one in force, was superseded by a later one, or is
 * retracted (in_force as stance_assessment_foreach() sets it). */
static const char *status(const stance_assessment *a)
{
	if (a->retracted)
		return "retracted";
	return a->in_force ? "in force" : "superseded";
}

int bargain_assessment_row(struct cli_table *t, const stance_assessment *a)
{
	const stance_retraction *r = a->retracted;
	char salience[32], capability[32], id[9], reason[CLI_EXCERPT_SIZE(REASON_CHARS)];
	const char *s = a->has_salience ? bargain_number_text(salience, a->salience) : NULL;
	const char *c = a->has_capability ? bargain_number_text(capability, a->capability) : NULL;

	switch (cli_table_format(t)) {
	case CLI_FORMAT_JSON:
		return cli_table_json(t, stance_snapshot_assessment_json(a));
	case CLI_FORMAT_CSV:
		/* the numbers as JSON writes them, so that they read back exactly */
		return cli_table_row(t, (const char *const[]){
			a->id, a->party, a->issue,
			s, c,
			a->date, a->reason, a->recorded_by, a->recorded_at, r ? r->at : NULL,
			r ? r->by : NULL, r ? r->reason : NULL });
	default:
		return cli_table_row(t, (const char *const[]){
			analysis_short_id(id, a->id), a->date, a->party,
			a->issue ? a->issue : ALL_ISSUES, s, c, status(a),
			a->reason ? cli_excerpt(reason, sizeof(reason), a->reason, REASON_CHARS)
				  : NULL });
	}
}

/* ---- stance assess ------------------------------------------------------ */

static const struct cli_spec assess_spec = {
	.usage = "assess PARTY [ISSUE] (--salience 0-100 | --capability N)\n"
		 "              [--date D] [--reason TEXT]",
	.min_args = 1, .max_args = 2, .args_name = "a PARTY",
	.details =
	"Records an analyst's judgement for the forecasts (see 'stance forecast'):\n"
	"the salience of ISSUE to PARTY, how much it matters to it (0 to 100), or\n"
	"PARTY's capability, its weight in the talks (a number, 0 or more), on ISSUE\n"
	"or, without ISSUE, on every issue. Exactly one of --salience and\n"
	"--capability. The judgement holds from --date D (default: today, in UTC)\n"
	"until a later one of the same kind for the same party and issue; an\n"
	"issue's own capability comes before the party-wide one. The analyst is\n"
	"stored as recorded_by; 'stance retract ID' withdraws it.\n"
	"Prints the new assessment's id (json: {\"id\": \"<uuid>\"}; csv: an 'id'\n"
	"column) and, in table and csv, says on stderr what it recorded."
};

/* What the stderr line says was assessed: "ru on crimea-recognition:
 * salience 80, as of 2025-04-23", the slugs and date as stored (an alias
 * names its party; the date defaults to today). */
static void describe(char *buf, size_t size, stance_db *db, const char *id)
{
	stance_assessment *a = NULL;
	char s[32], c[32];

	if (stance_assessment_get(&a, db, id) != 0) {
		snprintf(buf, size, "assessed");
		return;
	}
	snprintf(buf, size, "assessed %s on %s:%s%s%s%s%s, as of %s", a->party,
		 a->issue ? a->issue : "every issue", a->has_salience ? " salience " : "",
		 a->has_salience ? bargain_number_text(s, a->salience) : "",
		 a->has_salience && a->has_capability ? "," : "",
		 a->has_capability ? " capability " : "",
		 a->has_capability ? bargain_number_text(c, a->capability) : "", a->date);
	stance_assessment_free(a);
}

int cmd_assess(struct cli *cli, int argc, char **argv)
{
	const char *salience = NULL, *capability = NULL;
	stance_assess_options o = STANCE_ASSESS_OPTIONS_INIT;
	const struct cli_opt opts[] = {
		CLI_OPT_STRING(0, "salience", &salience, "0-100",
			       "how much ISSUE matters to PARTY (needs ISSUE)"),
		CLI_OPT_STRING(0, "capability", &capability, "N",
			       "PARTY's weight in the talks, 0 or more"),
		CLI_OPT_STRING(0, "date", &o.date, "D", "as of when it holds (default: today)"),
		CLI_OPT_STRING(0, "reason", &o.reason, "TEXT", "what the judgement rests on"),
		CLI_OPT_END
	};
	char id[STANCE_UUID_LEN + 1], what[256];
	int rc = cli_parse_options(cli, &assess_spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	if (salience && capability)
		return cli_usage_error("'stance assess' takes one of --salience and --capability, "
				       "not both: each judgement is retracted on its own");
	if (!salience && !capability)
		return cli_usage_error("'stance assess' needs one of --salience 0-100 and "
				       "--capability N (see 'stance assess --help')");
	if (salience && cli->nargs < 2)
		return cli_usage_error("'stance assess --salience' needs an ISSUE: a salience is "
				       "of one issue");
	o.has_salience = salience != NULL;
	if (salience)
		rc = bargain_number_parse(&o.salience, "salience", salience,
					  "a number from 0 to 100");
	o.has_capability = capability != NULL;
	if (capability)
		rc = bargain_number_parse(&o.capability, "capability", capability,
					  "a number, 0 or more");
	if (rc)
		return rc;
	o.party = cli->args[0];
	o.issue = cli->nargs > 1 ? cli->args[1] : NULL;
	o.recorded_by = cli->analyst;
	rc = stance_assessment_add(id, cli->db, &o);
	if (rc)
		return cli_fail(rc);
	describe(what, sizeof(what), cli->db, id);
	return bargain_id_done(cli, id, "assessment", what);
}

/* ---- stance assessments ------------------------------------------------- */

static const struct cli_spec list_spec = {
	.usage = "assessments [--party P]... [--issue I]... [--as-of D]\n"
		 "              [--include-retracted]",
	.min_args = 0, .max_args = 0,
	.details =
	"Lists the assessments of salience and capability (see 'stance assess') by\n"
	"date, then recording time. --issue I keeps those on I and the issues under\n"
	"it, and the party-wide capabilities, which hold on every issue; --as-of D\n"
	"those dated D or before.\n"
	"table: the id prefix, date, party, issue ('" ALL_ISSUES "' for a party-wide\n"
	"capability), salience, capability, status and reason. Status: 'in force'\n"
	"for the latest of its kind for its party and issue (as of D), which the\n"
	"forecasts use; 'superseded' for an earlier one; 'retracted'.\n"
	"json: an array of assessments in the snapshot's shape; csv: the same\n"
	"members, the retraction as retracted_at, retracted_by, retraction_reason."
};

static int list_one(const stance_assessment *a, void *ctx)
{
	struct bargain_list *w = ctx;

	w->n++;
	w->rc = bargain_assessment_row(w->t, a);
	return w->rc ? 1 : 0;
}

int cmd_assessments(struct cli *cli, int argc, char **argv)
{
	struct cli_strings parties = { 0 }, issues = { 0 };
	stance_assessment_filter f = STANCE_ASSESSMENT_FILTER_INIT;
	const struct cli_opt opts[] = {
		CLI_OPT_STRINGS(0, "party", &parties, "P", "only this party's (repeatable)"),
		CLI_OPT_STRINGS(0, "issue", &issues, "I",
				"only on this issue and those under it (repeatable)"),
		CLI_OPT_STRING(0, "as-of", &f.as_of, "D", "only those dated D or before"),
		CLI_OPT_SWITCH(0, "include-retracted", &f.include_retracted,
			       "list the retracted ones too"),
		CLI_OPT_END
	};
	struct bargain_list w = { NULL, 0, 0 };
	int rc = cli_parse_options(cli, &list_spec, opts, argc, argv), walk;

	if (rc != CLI_RUN)
		return rc;
	f.parties = parties.v;
	f.nparties = parties.n;
	f.issues = issues.v;
	f.nissues = issues.n;
	rc = bargain_assessments_begin(&w.t, cli);
	walk = rc ? 0 : stance_assessment_foreach(cli->db, &f, list_one, &w);
	return bargain_list_end(cli, &w, rc, walk, "no assessments");
}
