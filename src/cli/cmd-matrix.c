/*
 * cmd-matrix.c - `stance matrix`: the disagreement matrix, a square of the
 * parties that hold a current position in scope, counting conflicts, hard
 * conflicts, or measuring the mean distance of their stances.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis-output.h"
#include "commands.h"

static const struct cli_spec spec = {
	.usage = "matrix [--metric conflicts|hard|distance] [--issue I]...\n"
		 "                     [--party P]... [--as-of D] [--as-known T]\n"
		 "                     [--by party|actor]\n"
		 "                     " ANALYSIS_EVIDENCE_USAGE "\n"
		 "                     " ANALYSIS_KIND_USAGE,
	.details =
	"Rows and columns are the parties holding at least one current position in\n"
	"scope, by slug (--party keeps the listed ones). A cell counts the issues on\n"
	"which the two conflict (conflicts), those of them that are hard, a current\n"
	"red line on either side (hard), or is the mean over the issues both hold of\n"
	"|a - b| / 4, from 0 to 1 (distance; null, shown as '-', when they share\n"
	"none). The diagonal is 0. --issue I keeps I and every issue under it, and\n"
	"may repeat.\n"
	ANALYSIS_RED_LINE_DETAILS
	ANALYSIS_EVIDENCE_DETAILS
	ANALYSIS_BY_DETAILS
	"table: a labelled square; a distance that rests on a single shared issue is\n"
	"marked '*'. csv: the square with a leading party (actor) column.\n"
	"json: {\"metric\", \"issue\", \"as_of\", \"parties\", \"cells\", \"shared\"}:\n"
	"\"issue\" is null, the issue, or an array when --issue repeats; \"shared\" is\n"
	"the square of the number of issues each pair both hold, what a mean rests\n"
	"on; by actor \"parties\" lists the actors."
};

/* A cell as text for people (distance with 2 decimals) or csv (the
 * shortest text that reads back as the same number, as JSON has it), into
 * buf; NULL for null. */
static const char *cell_text(char buf[32], const stance_matrix *m, size_t r, size_t c,
			     stance_metric metric, int people)
{
	double v;

	if (!stance_matrix_value(&v, m, r, c, metric))
		return NULL;
	if (metric != STANCE_METRIC_DISTANCE)
		snprintf(buf, 32, "%d", (int)v);
	else if (people)
		snprintf(buf, 32, "%.2f", v);
	else
		return cli_format_double(buf, v);
	return buf;
}

static json_t *cell_json(const stance_matrix *m, size_t r, size_t c, stance_metric metric)
{
	double v;

	if (!stance_matrix_value(&v, m, r, c, metric))
		return json_null();
	return metric == STANCE_METRIC_DISTANCE ? json_real(v) : json_integer((json_int_t)v);
}

/* "issue" as given: null, the one issue, or an array of them. */
static json_t *issue_json(const struct cli_strings *issues)
{
	json_t *a;

	if (issues->n == 0)
		return json_null();
	if (issues->n == 1)
		return json_string(issues->v[0]);
	a = json_array();
	for (size_t i = 0; a && i < issues->n; i++) {
		if (json_array_append_new(a, json_string(issues->v[i]))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static int print_json(struct cli *cli, const stance_matrix *m, stance_metric metric,
		      const struct cli_strings *issues, const stance_scope *scope)
{
	json_t *o = json_object(), *parties = json_array(), *cells = json_array();
	json_t *shared = json_array();
	int failed = !parties || !cells || !shared;

	for (size_t r = 0; !failed && r < m->n; r++) {
		json_t *row = json_array(), *counts = json_array();

		/* append_new takes the reference even when it fails */
		failed = json_array_append_new(cells, row) ||
			 json_array_append_new(shared, counts) ||
			 json_array_append_new(parties, json_string(m->parties[r]));
		for (size_t c = 0; !failed && c < m->n; c++)
			failed = json_array_append_new(row, cell_json(m, r, c, metric)) ||
				 json_array_append_new(counts,
						       json_integer(m->cells[r * m->n + c].shared));
	}
	if (failed) {
		json_decref(parties);
		json_decref(cells);
		json_decref(shared);
		parties = cells = shared = NULL;
	}
	analysis_json_set(o, "metric", json_string(stance_metric_names[metric]), &failed);
	analysis_json_set(o, "issue", issue_json(issues), &failed);
	analysis_json_set(o, "as_of", analysis_json_string(scope->as_of), &failed);
	/* §3: the rows are "parties" whoever they are (by actor: actors) */
	analysis_json_set(o, "parties", parties, &failed);
	analysis_json_set(o, "cells", cells, &failed);
	analysis_json_set(o, "shared", shared, &failed);
	o = analysis_json_done(o, failed);
	if (!o)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	return cli_json_value(cli, o);
}

static int print_csv(struct cli *cli, const stance_matrix *m, stance_metric metric,
		     int by_actor)
{
	const char **headers = calloc(m->n + 1, sizeof(*headers));
	const char **cells = calloc(m->n + 1, sizeof(*cells));
	char (*bufs)[32] = calloc(m->n + 1, sizeof(*bufs));
	struct cli_table *t = NULL;
	int rc;

	if (!headers || !cells || !bufs) {
		rc = cli_error(CLI_ESOFTWARE, "out of memory");
		goto done;
	}
	headers[0] = by_actor ? "actor" : "party";
	for (size_t r = 0; r < m->n; r++)
		headers[r + 1] = m->parties[r];
	rc = cli_table_begin(&t, cli, headers, m->n + 1);
	for (size_t r = 0; !rc && r < m->n; r++) {
		cells[0] = m->parties[r];
		for (size_t c = 0; c < m->n; c++)
			cells[c + 1] = cell_text(bufs[c], m, r, c, metric, 0);
		rc = cli_table_row(t, cells);
	}
	rc = cli_table_end(t, rc);
done:
	free(headers);
	free(cells);
	free(bufs);
	return rc;
}

/* Whether cell (r, c) is a distance that rests on a single shared issue. */
static int thin(const stance_matrix *m, size_t r, size_t c, stance_metric metric)
{
	return metric == STANCE_METRIC_DISTANCE && r != c && m->cells[r * m->n + c].shared == 1;
}

/* The square for people; the corner names the metric, a footnote the '*'. */
static int print_square(struct cli *cli, const stance_matrix *m, stance_metric metric,
			int by_actor)
{
	const char *corner = stance_metric_names[metric];
	size_t first = strlen(corner), width = 1;
	int rc = 0, marked = 0;
	char buf[32];

	if (m->n == 0)
		return cli_printf(cli, "no %s holds a position in scope\n",
				  by_actor ? "actor" : "party");
	for (size_t r = 0; r < m->n; r++) {
		if (strlen(m->parties[r]) > first)
			first = strlen(m->parties[r]);
		if (strlen(m->parties[r]) > width)
			width = strlen(m->parties[r]);
		for (size_t c = 0; c < m->n; c++)
			marked |= thin(m, r, c, metric);
	}
	if (metric == STANCE_METRIC_DISTANCE && width < 4u + marked)
		width = 4 + marked;  /* "0.50", "0.50*" */
	rc = analysis_cell(cli, corner, ANALYSIS_BOLD, first);
	for (size_t c = 0; !rc && c < m->n; c++) {
		rc = cli_write(cli, "  ", 2);
		if (!rc)
			rc = analysis_cell(cli, m->parties[c], ANALYSIS_BOLD, c + 1 < m->n ? width : 0);
	}
	for (size_t r = 0; !rc && r < m->n; r++) {
		rc = cli_write(cli, "\n", 1);
		if (!rc)
			rc = analysis_cell(cli, m->parties[r], ANALYSIS_BOLD, first);
		for (size_t c = 0; !rc && c < m->n; c++) {
			const stance_matrix_cell *cell = &m->cells[r * m->n + c];
			const char *text = cell_text(buf, m, r, c, metric, 1);
			enum analysis_color color = ANALYSIS_PLAIN;

			/* what a count counts: hard conflicts alarm, soft ones warn */
			if (metric != STANCE_METRIC_DISTANCE && cell->hard)
				color = ANALYSIS_ALARM;
			else if (metric == STANCE_METRIC_CONFLICTS && cell->conflicts)
				color = ANALYSIS_WARN;
			if (text && thin(m, r, c, metric))
				strcat(buf, "*");
			rc = cli_write(cli, "  ", 2);
			if (!rc)
				rc = analysis_cell(cli, text ? text : "-", color,
						   c + 1 < m->n ? width : 0);
		}
	}
	if (!rc)
		rc = cli_write(cli, "\n", 1);
	if (!rc && marked)
		rc = cli_printf(cli, "* rests on a single shared issue\n");
	return rc;
}

int cmd_matrix(struct cli *cli, int argc, char **argv)
{
	stance_metric metric = STANCE_METRIC_CONFLICTS;
	const char *name = NULL;
	struct analysis_opts o = { 0 };
	const struct cli_opt opts[] = {
		CLI_OPT_STRING(0, "metric", &name, "M", "conflicts (default), hard or distance"),
		ANALYSIS_ISSUES(&o, ANALYSIS_ISSUES_HELP),
		ANALYSIS_PARTIES(&o, "only this party (its actors), in rows and columns"),
		ANALYSIS_AS_OF(&o),
		ANALYSIS_AS_KNOWN(&o),
		ANALYSIS_BY(&o),
		ANALYSIS_EVIDENCE(&o),
		CLI_OPT_END
	};
	stance_matrix *m = NULL;
	stance_scope scope;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	rc = analysis_scope(&scope, &o);
	if (rc)
		return rc;
	rc = name ? stance_metric_parse(&metric, name) : 0;
	if (!rc)
		rc = stance_matrix_get(&m, cli->db, &scope);
	if (rc)
		return cli_fail(rc);
	if (cli->format == CLI_FORMAT_JSON)
		rc = print_json(cli, m, metric, &o.issues, &scope);
	else if (cli->format == CLI_FORMAT_CSV)
		rc = print_csv(cli, m, metric, scope.by_actor);
	else
		rc = print_square(cli, m, metric, scope.by_actor);
	stance_matrix_free(m);
	return rc;
}
