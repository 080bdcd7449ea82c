/*
 * cmd-agreement.c - `stance agreement`: how far two or more coders agree
 * on the statements they coded independently, each in a database or a
 * snapshot of their own (design §9). It needs no --db: the inputs are the
 * coders.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis-output.h"
#include "commands.h"

static const struct cli_spec spec = {
	.usage = "agreement INPUT INPUT... [--issue I]... [--metric ordinal|interval|nominal]",
	.min_args = 2, .max_args = -1, .args_name = "two INPUTs or more",
	.details =
	"Each INPUT is one coder: a stance database or a JSON snapshot (version 1\n"
	"or 2; '-' reads one from standard input), named by its file name, or by\n"
	"its path when two file names are the same. Nothing is written; --db is\n"
	"not used.\n"
	"A unit is a (statement id, issue) pair; a coder's value is its stance\n"
	"there, missing when it does not code that issue on that statement, lacks\n"
	"the statement or has retracted it. Units with fewer than two values are\n"
	"left out. Krippendorff's alpha (1: perfect agreement, 0: as by chance)\n"
	"is given per issue and over every unit, with the number of pairable units\n"
	"and values and the share of agreeing pairs; the same for the red-line\n"
	"flag (nominal: stated true, stated false, not stated). An alpha that is\n"
	"undefined says why: no pairable units, or no variation at all.\n"
	"table: that summary, then each unit the coders disagree on (on the stance\n"
	"or the red line), each coder's value as --position writes it: '--!',\n"
	"'+~' ('~': stated not to be a red line), '(none)' when missing.\n"
	"json: {\"coders\", \"metric\", \"overall\": {\"alpha\", \"units\", \"values\",\n"
	"\"agreement\"}, \"issues\": [...], \"red_line\": {...}, \"disagreements\":\n"
	"[{\"statement\", \"issue\", \"values\": {CODER: STANCE|null},\n"
	"\"red_lines\": {CODER: true|false|null}}]}; a null alpha has a \"reason\"\n"
	"beside it.\n"
	"csv: the disagreements: statement, issue, then per coder its stance and\n"
	"its red line ('CODER red_line': true, false or empty)."
};

/* ---- the coders ------------------------------------------------------ */

struct coders {
	stance_coder **v;
	const char **names;    /* borrowed from argv, or basenames in base */
	char **base;           /* the basename copies */
	size_t n;
};

static void coders_free(struct coders *c)
{
	for (size_t i = 0; i < c->n; i++) {
		stance_coder_free(c->v[i]);
		free(c->base[i]);
	}
	free(c->v);
	free(c->names);
	free(c->base);
}

/* Refuses the same file given twice (by device and inode, so that
 * "a.json" and "./a.json" are one), and "-" twice. */
static int check_distinct(char **paths, size_t n)
{
	struct stat *st = calloc(n + 1, sizeof(*st));
	int rc = st ? 0 : cli_error(CLI_ESOFTWARE, "out of memory");

	for (size_t i = 0; !rc && i < n; i++) {
		if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st[i]) != 0)
			continue;  /* the load says why it cannot be read */
		for (size_t j = 0; !rc && j < i; j++) {
			int both_stdin = strcmp(paths[i], "-") == 0 && strcmp(paths[j], "-") == 0;
			int same = strcmp(paths[i], "-") != 0 && strcmp(paths[j], "-") != 0 &&
				   st[i].st_dev == st[j].st_dev && st[i].st_ino == st[j].st_ino &&
				   st[j].st_ino != 0;

			if (both_stdin || same)
				rc = cli_usage_error("'%s' and '%s' are the same input: each coder is "
						     "given once", paths[j], paths[i]);
		}
	}
	free(st);
	return rc;
}

/* Each coder's name: its file name, or its path where file names collide. */
static int coders_name(struct coders *c, char **paths)
{
	for (size_t i = 0; i < c->n; i++) {
		char *copy = strdup(paths[i]);

		if (!copy || !(c->base[i] = strdup(basename(copy)))) {
			free(copy);
			return cli_error(CLI_ESOFTWARE, "out of memory");
		}
		free(copy);
	}
	for (size_t i = 0; i < c->n; i++) {
		int clash = 0;

		for (size_t j = 0; j < c->n && !clash; j++)
			clash = j != i && strcmp(c->base[i], c->base[j]) == 0;
		c->names[i] = clash ? paths[i] : c->base[i];
	}
	return 0;
}

static int coders_load(struct coders *c, char **paths, size_t n)
{
	int rc = check_distinct(paths, n);

	if (rc)
		return rc;
	c->v = calloc(n, sizeof(*c->v));
	c->names = calloc(n, sizeof(*c->names));
	c->base = calloc(n, sizeof(*c->base));
	if (!c->v || !c->names || !c->base)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	c->n = n;
	rc = coders_name(c, paths);
	for (size_t i = 0; !rc && i < n; i++) {
		int lrc = stance_coder_load(&c->v[i], paths[i]);

		if (lrc)
			rc = cli_fail(lrc);
	}
	return rc;
}

/* ---- json ------------------------------------------------------------ */

static json_t *reliability_json(const stance_reliability *r)
{
	json_t *o = json_object();
	int failed = !o;

	analysis_json_set(o, "alpha", analysis_json_point(r->defined, r->alpha), &failed);
	if (!r->defined)
		analysis_json_set(o, "reason", json_string(r->reason), &failed);
	analysis_json_set(o, "units", json_integer((json_int_t)r->units), &failed);
	analysis_json_set(o, "values", json_integer((json_int_t)r->values), &failed);
	analysis_json_set(o, "agreement", analysis_json_point(r->has_agreement, r->agreement),
			  &failed);
	return analysis_json_done(o, failed);
}

static json_t *issue_json(const stance_agreement_issue *is)
{
	json_t *o = json_object(), *rel = reliability_json(&is->stance);
	int failed = 0;

	/* "issue" first, as every shape of §3 has its key first */
	analysis_json_set(o, "issue", json_string(is->issue), &failed);
	failed = failed || !rel || json_object_update(o, rel) != 0;
	json_decref(rel);
	analysis_json_set(o, "red_line", reliability_json(&is->red_line), &failed);
	return analysis_json_done(o, failed);
}

/* A red-line flag in json: true, false, or null when not stated (or the
 * value is missing). */
static json_t *red_line_json(int red_line)
{
	return red_line == STANCE_RED_LINE_YES ? json_true() :
	       red_line == STANCE_RED_LINE_NO ? json_false() : json_null();
}

static json_t *disagreement_json(const stance_disagreement *d, const struct coders *c)
{
	json_t *o = json_object(), *values = json_object(), *red = json_object();
	int failed = !o;

	for (size_t k = 0; k < c->n; k++) {
		analysis_json_set(values, c->names[k], d->values[k] == STANCE_AGREEMENT_MISSING ?
				  json_null() : json_string(stance_stance_name(d->values[k])),
				  &failed);
		analysis_json_set(red, c->names[k], red_line_json(d->red_lines[k]), &failed);
	}
	analysis_json_set(o, "statement", json_string(d->statement), &failed);
	analysis_json_set(o, "issue", json_string(d->issue), &failed);
	analysis_json_set(o, "values", values, &failed);
	analysis_json_set(o, "red_lines", red, &failed);
	return analysis_json_done(o, failed);
}

static int print_json(struct cli *cli, const stance_agreement *a, const struct coders *c)
{
	json_t *o = json_object(), *coders = json_array(), *issues = json_array(),
	       *dis = json_array();
	int failed = !o || !coders || !issues || !dis;

	for (size_t k = 0; !failed && k < c->n; k++)
		failed = json_array_append_new(coders, cli_json_text(c->names[k])) != 0;
	for (size_t i = 0; !failed && i < a->nissues; i++)
		failed = json_array_append_new(issues, issue_json(&a->issues[i])) != 0;
	for (size_t i = 0; !failed && i < a->ndisagreements; i++)
		failed = json_array_append_new(dis, disagreement_json(&a->disagreements[i], c)) != 0;
	analysis_json_set(o, "coders", coders, &failed);
	analysis_json_set(o, "metric", json_string(stance_alpha_metric_name(a->metric)), &failed);
	analysis_json_set(o, "overall", reliability_json(&a->overall.stance), &failed);
	analysis_json_set(o, "issues", issues, &failed);
	analysis_json_set(o, "red_line", reliability_json(&a->overall.red_line), &failed);
	analysis_json_set(o, "disagreements", dis, &failed);
	if (failed) {
		/* what set did not take is still ours */
		json_decref(o);
		return cli_error(CLI_ESOFTWARE, "out of memory");
	}
	return cli_json_value(cli, o);
}

/* ---- table and csv --------------------------------------------------- */

/* Alpha for people: four decimals, or why there is none. */
static const char *alpha_text(char buf[32], const stance_reliability *r)
{
	if (!r->defined)
		return r->reason;
	snprintf(buf, 32, "%.4f", r->alpha);
	return buf;
}

static const char *percent_text(char buf[32], const stance_reliability *r)
{
	if (!r->has_agreement)
		return NULL;
	snprintf(buf, 32, "%.1f%%", 100 * r->agreement);
	return buf;
}

static int summary_row(struct cli_table *t, const stance_agreement_issue *is)
{
	char alpha[32], units[24], values[24], agree[32], red_alpha[32], red_agree[32];

	snprintf(units, sizeof(units), "%zu", is->stance.units);
	snprintf(values, sizeof(values), "%zu", is->stance.values);
	return cli_table_row(t, (const char *const[]){
		is->issue ? is->issue : "(all issues)", alpha_text(alpha, &is->stance), units,
		values, percent_text(agree, &is->stance), alpha_text(red_alpha, &is->red_line),
		percent_text(red_agree, &is->red_line) });
}

static int print_summary(struct cli *cli, const stance_agreement *a, const struct coders *c)
{
	static const char *const headers[] = {
		"issue", "alpha", "units", "values", "agreement", "red-line alpha",
		"red-line agreement"
	};
	struct cli_table *t = NULL;
	int rc = cli_printf(cli, "%zu coders, %s metric:", c->n,
			    stance_alpha_metric_name(a->metric));

	for (size_t k = 0; !rc && k < c->n; k++)
		rc = cli_printf(cli, "%s %s (%zu statements)", k ? "," : "", c->names[k],
				stance_coder_statements(c->v[k]));
	if (!rc)
		rc = cli_printf(cli, "\n\n");
	if (!rc)
		rc = cli_table_begin(&t, cli, headers, sizeof(headers) / sizeof(headers[0]));
	if (!rc)
		rc = summary_row(t, &a->overall);
	for (size_t i = 0; !rc && i < a->nissues; i++)
		rc = summary_row(t, &a->issues[i]);
	return cli_table_end(t, rc);
}

/* A coder's value in the table, as --position writes it ("--!", "+~",
 * "0"), or "(none)"; into buf. */
static const char *value_text(char buf[8], int stance, int red_line)
{
	if (stance == STANCE_AGREEMENT_MISSING)
		return "(none)";
	snprintf(buf, 8, "%s%s", stance_stance_symbol(stance), red_line == STANCE_RED_LINE_YES ?
		 "!" : red_line == STANCE_RED_LINE_NO ? "~" : "");
	return buf;
}

/* The cells of one disagreement: table, the values as --position writes
 * them; csv, the stance's name and the red line in a column of its own. */
static int disagreement_row(struct cli_table *t, const char **cells,
			    const stance_disagreement *d, size_t n, int csv)
{
	char id[9], (*buf)[8] = calloc(n + 1, sizeof(*buf));
	int rc;

	if (!buf)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	cells[0] = csv ? d->statement : analysis_short_id(id, d->statement);
	cells[1] = d->issue;
	for (size_t k = 0; k < n; k++) {
		int missing = d->values[k] == STANCE_AGREEMENT_MISSING;

		if (!csv) {
			cells[k + 2] = value_text(buf[k], d->values[k], d->red_lines[k]);
			continue;
		}
		cells[2 + 2 * k] = missing ? NULL : stance_stance_name(d->values[k]);
		cells[3 + 2 * k] = missing || d->red_lines[k] == STANCE_RED_LINE_UNSTATED ? NULL :
				   analysis_csv_bool(d->red_lines[k] == STANCE_RED_LINE_YES);
	}
	rc = cli_table_row(t, cells);
	free(buf);
	return rc;
}

/* The disagreements: the table's after the summary, or the csv (a
 * coder's red line in the column "CODER red_line" after its stance). */
static int print_disagreements(struct cli *cli, const stance_agreement *a, const struct coders *c)
{
	int csv = cli->format == CLI_FORMAT_CSV;
	size_t ncols = 2 + c->n * (csv ? 2 : 1);
	const char **headers = calloc(ncols, sizeof(*headers)), **cells = calloc(ncols, sizeof(*cells));
	char **red = calloc(c->n + 1, sizeof(*red));
	struct cli_table *t = NULL;
	int rc = headers && cells && red ? 0 : cli_error(CLI_ESOFTWARE, "out of memory");

	if (!rc && !csv)
		rc = a->ndisagreements ?
		     cli_printf(cli, "\n%zu disagreement%s (! a red line, ~ stated not to be one):\n",
				a->ndisagreements, a->ndisagreements == 1 ? "" : "s") :
		     cli_printf(cli, "\nno disagreements: the coders agree on every pairable unit\n");
	for (size_t k = 0; !rc && k < c->n; k++) {
		size_t len = strlen(c->names[k]) + sizeof(" red_line");

		if (!(red[k] = malloc(len)))
			rc = cli_error(CLI_ESOFTWARE, "out of memory");
		else
			snprintf(red[k], len, "%s red_line", c->names[k]);
		if (headers) {
			headers[csv ? 2 + 2 * k : 2 + k] = c->names[k];
			if (csv)
				headers[3 + 2 * k] = red[k];
		}
	}
	if (!rc && (csv || a->ndisagreements)) {
		headers[0] = "statement";
		headers[1] = "issue";
		rc = cli_table_begin(&t, cli, headers, ncols);
	}
	for (size_t i = 0; !rc && t && i < a->ndisagreements; i++)
		rc = disagreement_row(t, cells, &a->disagreements[i], c->n, csv);
	rc = t ? cli_table_end(t, rc) : rc;
	for (size_t k = 0; red && k < c->n; k++)
		free(red[k]);
	free(red);
	free(headers);
	free(cells);
	return rc;
}

int cmd_agreement(struct cli *cli, int argc, char **argv)
{
	size_t metric = STANCE_ALPHA_ORDINAL;
	struct cli_strings issues = { 0 };
	const struct cli_opt opts[] = {
		CLI_OPT_STRINGS(0, "issue", &issues, "I", ANALYSIS_ISSUES_HELP),
		CLI_OPT_CHOICE(0, "metric", &metric, "M",
			       "how far apart two stances are (default: ordinal)",
			       stance_alpha_metric_names),
		CLI_OPT_END
	};
	struct coders c = { 0 };
	stance_agreement *a = NULL;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	rc = coders_load(&c, cli->args, cli->nargs);
	if (!rc) {
		int arc = stance_agreement_compute(&a, c.v, c.n, issues.v, issues.n,
						   (stance_alpha_metric)metric);

		rc = arc ? cli_fail(arc) : 0;
	}
	if (!rc && cli->format == CLI_FORMAT_JSON)
		rc = print_json(cli, a, &c);
	else if (!rc && cli->format == CLI_FORMAT_TABLE)
		rc = print_summary(cli, a, &c);
	if (!rc && cli->format != CLI_FORMAT_JSON)
		rc = print_disagreements(cli, a, &c);
	stance_agreement_free(a);
	coders_free(&c);
	return rc;
}
