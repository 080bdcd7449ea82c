/*
 * cmd-positions.c - `stance positions`: where each party stands on each
 * issue, all time or as of a date. People get a grid of parties by issues;
 * scripts get one record per current position.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis-output.h"
#include "commands.h"

static const struct cli_spec spec = {
	.usage = "positions [--as-of D] [--as-known T] [--party P]... [--issue I]...",
	.details =
	"A party's current position on an issue is the one of its latest statement\n"
	"that codes the issue (by date, then recording time, then id); retracted\n"
	"statements never count. --as-known T gives the answer the database gave at\n"
	"T, by the history of its corrections (see 'stance log').\n"
	"table: parties (rows) by issues (columns), each current position as its\n"
	"stance (--, -, 0, +, ++, ! for a red line), blank where the party has none;\n"
	"csv and json: one record per position, by party then issue, with the\n"
	"statement behind it."
};

static const char *const headers[] = {
	"party", "issue", "stance", "red_line", "condition", "statement", "said_on"
};
#define NCOLS (sizeof(headers) / sizeof(headers[0]))

static int list_position(struct cli_table *t, struct cli *cli, const void *data, size_t k)
{
	const stance_current_position *p = &((const stance_positions *)data)->items[k];
	const char *stance = stance_stance_name(p->stance);

	if (cli->format == CLI_FORMAT_JSON)
		return cli_table_json(t, json_pack("{s:s, s:s, s:s, s:b, s:s?, s:s, s:s}",
						   "party", p->party, "issue", p->issue,
						   "stance", stance, "red_line", p->red_line,
						   "condition", p->condition,
						   "statement", p->statement, "said_on", p->said_on));
	return cli_table_row(t, (const char *const[]){
		p->party, p->issue, stance, analysis_csv_bool(p->red_line), p->condition,
		p->statement, p->said_on });
}

static int compare_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The grid for people. */
struct grid {
	const stance_positions *p;
	const char **issues;  /* the columns: the distinct issues, sorted */
	size_t nissues;
	size_t *width;        /* of each column */
	size_t party_width;
};

/* The position on column c of the party whose items start at first, or
 * NULL: items are sorted by party, so a party's items follow each other. */
static const stance_current_position *grid_find(const struct grid *g, size_t first, size_t c)
{
	const char *party = g->p->items[first].party;

	for (size_t k = first; k < g->p->n && strcmp(g->p->items[k].party, party) == 0; k++)
		if (strcmp(g->p->items[k].issue, g->issues[c]) == 0)
			return &g->p->items[k];
	return NULL;
}

/* One row (the party whose items start at first) of columns [from, to). */
static int grid_row(struct cli *cli, const struct grid *g, size_t first, size_t from, size_t to)
{
	const stance_current_position *pos;
	size_t last = from;
	char sym[4];
	int any = 0, rc;

	for (size_t c = from; c < to; c++) {
		if (grid_find(g, first, c)) {
			last = c;
			any = 1;
		}
	}
	rc = analysis_cell(cli, g->p->items[first].party, ANALYSIS_PLAIN,
			   any ? g->party_width : 0);
	for (size_t c = from; any && !rc && c <= last; c++) {
		pos = grid_find(g, first, c);
		rc = cli_write(cli, "  ", 2);
		if (!rc)
			rc = analysis_cell(cli, pos ? cli_stance_symbol(sym, pos->stance, pos->red_line) : "",
					   pos ? analysis_stance_color(pos->stance, pos->red_line)
					       : ANALYSIS_PLAIN,
					   c < last ? g->width[c] : 0);
	}
	return rc ? rc : cli_write(cli, "\n", 1);
}

/* Columns [from, to): the heading, then a row per party. */
static int grid_block(struct cli *cli, const struct grid *g, size_t from, size_t to)
{
	int rc = analysis_cell(cli, "party", ANALYSIS_BOLD, g->party_width);

	for (size_t c = from; !rc && c < to; c++) {
		rc = cli_write(cli, "  ", 2);
		if (!rc)
			rc = analysis_cell(cli, g->issues[c], ANALYSIS_BOLD,
					   c + 1 < to ? g->width[c] : 0);
	}
	if (!rc)
		rc = cli_write(cli, "\n", 1);
	for (size_t k = 0; !rc && k < g->p->n; k++)
		if (k == 0 || strcmp(g->p->items[k].party, g->p->items[k - 1].party) != 0)
			rc = grid_row(cli, g, k, from, to);
	return rc;
}

/* The grid, cut into blocks of columns that fit ANALYSIS_WIDTH. */
static int print_grid(struct cli *cli, const stance_positions *p)
{
	struct grid g = { p, NULL, 0, NULL, strlen("party") };
	int rc = 0;

	if (p->n == 0)
		return cli_printf(cli, "no current positions\n");
	g.issues = calloc(p->n, sizeof(*g.issues));
	g.width = calloc(p->n, sizeof(*g.width));
	if (!g.issues || !g.width) {
		rc = cli_error(CLI_ESOFTWARE, "out of memory");
		goto done;
	}
	for (size_t k = 0; k < p->n; k++) {
		g.issues[k] = p->items[k].issue;
		if (strlen(p->items[k].party) > g.party_width)
			g.party_width = strlen(p->items[k].party);
	}
	qsort(g.issues, p->n, sizeof(*g.issues), compare_str);
	for (size_t k = 0; k < p->n; k++) {
		if (g.nissues && strcmp(g.issues[g.nissues - 1], g.issues[k]) == 0)
			continue;
		g.issues[g.nissues] = g.issues[k];
		/* "--!" is the widest stance */
		g.width[g.nissues] = strlen(g.issues[k]) > 3 ? strlen(g.issues[k]) : 3;
		g.nissues++;
	}
	for (size_t from = 0, to; !rc && from < g.nissues; from = to) {
		size_t line = g.party_width + 2 + g.width[from];

		for (to = from + 1; to < g.nissues && line + 2 + g.width[to] <= ANALYSIS_WIDTH; to++)
			line += 2 + g.width[to];
		if (from > 0)
			rc = cli_write(cli, "\n", 1);
		if (!rc)
			rc = grid_block(cli, &g, from, to);
	}
done:
	free(g.issues);
	free(g.width);
	return rc;
}

int cmd_positions(struct cli *cli, int argc, char **argv)
{
	struct analysis_opts o = { 0 };
	const struct cli_opt opts[] = {
		ANALYSIS_AS_OF(&o),
		ANALYSIS_AS_KNOWN(&o),
		ANALYSIS_PARTIES(&o, "only this party (repeatable)"),
		ANALYSIS_ISSUES(&o, "only this issue (repeatable)"),
		CLI_OPT_END
	};
	stance_positions *p = NULL;
	stance_scope scope;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	scope = analysis_scope(&o);
	rc = stance_positions_get(&p, cli->db, &scope);
	if (rc)
		return cli_fail(rc);
	if (cli->format == CLI_FORMAT_TABLE)
		rc = print_grid(cli, p);
	else
		rc = analysis_records(cli, headers, NCOLS, p->n, list_position, p);
	stance_positions_free(p);
	return rc;
}
