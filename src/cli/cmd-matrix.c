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
	.usage = "matrix [--metric conflicts|hard|distance] [--issue I] [--party P]... [--as-of D]\n"
		 "                     [--as-known T]",
	.details =
	"Rows and columns are the parties holding at least one current position in\n"
	"scope, by slug. A cell counts the issues on which the two conflict\n"
	"(conflicts), those of them that are hard (hard), or is the mean over the\n"
	"issues both hold of |a - b| / 4, from 0 to 1 (distance; null, shown as '-',\n"
	"when they share none). The diagonal is 0.\n"
	"table: a labelled square; csv: the square with a leading party column;\n"
	"json: {\"metric\", \"issue\", \"as_of\", \"parties\", \"cells\"}."
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

static int print_json(struct cli *cli, const stance_matrix *m, stance_metric metric,
		      const char *issue, const char *as_of)
{
	json_t *parties = json_array(), *cells = json_array();
	int failed = !parties || !cells;

	for (size_t r = 0; !failed && r < m->n; r++) {
		json_t *row = json_array();

		/* append_new takes the reference even when it fails */
		failed = json_array_append_new(cells, row) ||
			 json_array_append_new(parties, json_string(m->parties[r]));
		for (size_t c = 0; !failed && c < m->n; c++)
			failed = json_array_append_new(row, cell_json(m, r, c, metric));
	}
	if (failed) {
		json_decref(parties);
		json_decref(cells);
		return cli_error(CLI_ESOFTWARE, "out of memory");
	}
	return cli_json_value(cli, json_pack("{s:s, s:s?, s:s?, s:o, s:o}",
					     "metric", stance_metric_names[metric],
					     "issue", issue, "as_of", as_of,
					     "parties", parties, "cells", cells));
}

static int print_csv(struct cli *cli, const stance_matrix *m, stance_metric metric)
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
	headers[0] = "party";
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

/* The square for people; the corner names the metric. */
static int print_square(struct cli *cli, const stance_matrix *m, stance_metric metric)
{
	const char *corner = stance_metric_names[metric];
	size_t first = strlen(corner), width = 1;
	char buf[32];
	int rc = 0;

	if (m->n == 0)
		return cli_printf(cli, "no party holds a position in scope\n");
	for (size_t r = 0; r < m->n; r++) {
		if (strlen(m->parties[r]) > first)
			first = strlen(m->parties[r]);
		if (strlen(m->parties[r]) > width)
			width = strlen(m->parties[r]);
	}
	if (metric == STANCE_METRIC_DISTANCE && width < 4)
		width = 4;  /* "0.50" */
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
			rc = cli_write(cli, "  ", 2);
			if (!rc)
				rc = analysis_cell(cli, text ? text : "-", color,
						   c + 1 < m->n ? width : 0);
		}
	}
	return rc ? rc : cli_write(cli, "\n", 1);
}

int cmd_matrix(struct cli *cli, int argc, char **argv)
{
	stance_metric metric = STANCE_METRIC_CONFLICTS;
	const char *name = NULL, *issue = NULL;
	struct analysis_opts o = { 0 };
	const struct cli_opt opts[] = {
		CLI_OPT_STRING(0, "metric", &name, "M", "conflicts (default), hard or distance"),
		CLI_OPT_STRING(0, "issue", &issue, "I", "only this issue"),
		ANALYSIS_PARTIES(&o, "only this party, in rows and columns (repeatable)"),
		ANALYSIS_AS_OF(&o),
		ANALYSIS_AS_KNOWN(&o),
		CLI_OPT_END
	};
	stance_matrix *m = NULL;
	stance_scope scope;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	/* one --issue: the matrix of that issue, or of every issue */
	o.issues.v = issue ? &issue : NULL;
	o.issues.n = issue != NULL;
	scope = analysis_scope(&o);
	rc = name ? stance_metric_parse(&metric, name) : 0;
	if (!rc)
		rc = stance_matrix_get(&m, cli->db, &scope);
	if (rc)
		return cli_fail(rc);
	if (cli->format == CLI_FORMAT_JSON)
		rc = print_json(cli, m, metric, issue, scope.as_of);
	else if (cli->format == CLI_FORMAT_CSV)
		rc = print_csv(cli, m, metric);
	else
		rc = print_square(cli, m, metric);
	stance_matrix_free(m);
	return rc;
}
