/*
 * cmd-positions.c - `stance positions`: where each party (or actor) stands
 * on each issue, all time or as of a date. People get the issues under
 * their parents, each current position with what it rests on; scripts get
 * one record per current position.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis-output.h"
#include "commands.h"

static const struct cli_spec spec = {
	.usage = "positions [--as-of D] [--as-known T] [--party P]... [--issue I]...\n"
		 "                        [--by party|actor]\n"
		 "                        " ANALYSIS_EVIDENCE_USAGE "\n"
		 "                        " ANALYSIS_KIND_USAGE,
	.details =
	"A party's current position on an issue is the one of its latest statement\n"
	"that codes the issue (by date, then recording time, then id); retracted\n"
	"statements never count. --issue I keeps I and every issue under it.\n"
	"--as-known T gives the answer the database gave at T, by the history of its\n"
	"corrections (see 'stance log').\n"
	ANALYSIS_RED_LINE_DETAILS
	ANALYSIS_EVIDENCE_DETAILS
	ANALYSIS_BY_DETAILS
	"table: the issues in their tree (a parent, then the issues under it,\n"
	"indented), each with one line per party holding a position on it: its\n"
	"stance (--, -, 0, +, ++; @70 its point when given; ! the current red line),\n"
	"the date, age, actor (by actor: party), kind and credibility of the\n"
	"statement behind it and its id, and under 'set by' the earlier statement\n"
	"whose ! set a red line that still holds.\n"
	ANALYSIS_AGE_DETAILS
	"csv and json: one record per position, by party (actor) then issue:\n"
	"{\"party\", \"issue\", \"stance\", \"point\", \"red_line\", \"red_line_statement\",\n"
	"\"condition\", \"statement\", \"said_on\"}, with \"actor\" first by actor."
};

static const char *const headers[] = {
	"party", "issue", "stance", "point", "red_line", "red_line_statement", "condition",
	"statement", "said_on"
};
static const char *const actor_headers[] = {
	"actor", "party", "issue", "stance", "point", "red_line", "red_line_statement",
	"condition", "statement", "said_on"
};
#define NCOLS (sizeof(headers) / sizeof(headers[0]))

struct listing {
	const stance_positions *p;
	int by_actor;
};

static json_t *position_json(const stance_current_position *p, int by_actor)
{
	json_t *o = json_object();
	int failed = 0;

	if (by_actor)
		analysis_json_set(o, "actor", analysis_json_string(p->actor), &failed);
	analysis_json_set(o, "party", json_string(p->party), &failed);
	analysis_json_set(o, "issue", json_string(p->issue), &failed);
	analysis_json_set(o, "stance", json_string(stance_stance_name(p->stance)), &failed);
	analysis_json_set(o, "point", analysis_json_point(p->has_point, p->point), &failed);
	analysis_json_set(o, "red_line", json_boolean(p->red_line), &failed);
	analysis_json_set(o, "red_line_statement", analysis_json_string(p->red_line_statement),
			  &failed);
	analysis_json_set(o, "condition", analysis_json_string(p->condition), &failed);
	analysis_json_set(o, "statement", json_string(p->statement), &failed);
	analysis_json_set(o, "said_on", json_string(p->said_on), &failed);
	return analysis_json_done(o, failed);
}

static int list_position(struct cli_table *t, struct cli *cli, const void *data, size_t k)
{
	const struct listing *l = data;
	const stance_current_position *p = &l->p->items[k];
	char point[32];
	const char *cells[NCOLS + 1], **c = cells;

	if (cli->format == CLI_FORMAT_JSON)
		return cli_table_json(t, position_json(p, l->by_actor));
	if (l->by_actor)
		*c++ = p->actor;
	*c++ = p->party;
	*c++ = p->issue;
	*c++ = stance_stance_name(p->stance);
	*c++ = p->has_point ? cli_format_double(point, p->point) : NULL;
	*c++ = analysis_csv_bool(p->red_line);
	*c++ = p->red_line_statement;
	*c++ = p->condition;
	*c++ = p->statement;
	*c++ = p->said_on;
	return cli_table_row(t, cells);
}

/* ---- the table for people ----------------------------------------------- */

/* A position in the table's order: by its issue's place in the tree, then
 * party (actor). */
struct entry {
	const stance_current_position *p;
	size_t rank;  /* its issue's place in the tree, SIZE_MAX when unknown */
	const char *who;
};

struct table {
	const stance_positions *p;
	struct analysis_issue_tree tree;
	struct entry *sorted;
	unsigned char *shown;  /* of each issue: it, or one under it, has a position */
	int by_actor;
	long ref_day;
	size_t widths[RESTS_COLUMNS];
};

/* The columns shown: "set by" only when a red line rests on an earlier
 * statement. */
static size_t columns(const struct table *t)
{
	return t->widths[RESTS_SET_BY] ? RESTS_COLUMNS : RESTS_SET_BY;
}

/* The cells of p's line, its party (actor) indented under its issue. */
static void line_fill(struct analysis_rests_on *l, const struct table *t,
		      const stance_current_position *p, size_t depth)
{
	analysis_rests_on(l, p, t->by_actor, 2 * depth + 2, t->ref_day, NULL, NULL);
}

/* The depth in the tree of the issue in place rank (0 when unknown). */
static size_t rank_depth(const struct table *t, size_t rank)
{
	return rank == SIZE_MAX ? 0 : t->tree.depth[rank];
}

static int compare_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	c = strcmp(x->p->issue, y->p->issue);
	return c ? c : strcmp(x->who, y->who);
}

/* Sorts the positions into the tree and marks the issues to show: those with
 * a position and every issue above them. */
static int table_prepare(struct table *t)
{
	size_t n = t->p->n, nissues = t->tree.issues.n;

	t->sorted = calloc(n + 1, sizeof(*t->sorted));
	t->shown = calloc(nissues + 1, 1);
	if (!t->sorted || !t->shown)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	for (size_t k = 0; k < n; k++) {
		const stance_current_position *p = &t->p->items[k];
		const char *who = t->by_actor ? p->actor : p->party;
		size_t i = analysis_issue_index(&t->tree, p->issue);

		t->sorted[k] = (struct entry){ p, i < nissues ? t->tree.rank[i] : SIZE_MAX,
					       who ? who : "" };
		/* up to the first issue already marked: each is marked once */
		for (; i < nissues && !t->shown[i]; i = analysis_issue_parent(&t->tree, i))
			t->shown[i] = 1;
	}
	qsort(t->sorted, n, sizeof(*t->sorted), compare_entry);
	return 0;
}

static const char *const table_headers[RESTS_COLUMNS] = {
	"issue / party", "stance", "date", "age", "actor", "kind", "cred", "statement",
	"set by"
};

static void table_measure(struct table *t)
{
	int set_by = 0;

	for (size_t c = 0; c < RESTS_COLUMNS; c++)
		t->widths[c] = 0;
	analysis_measure(t->widths, table_headers, RESTS_COLUMNS);
	for (size_t k = 0; k < t->p->n; k++) {
		struct analysis_rests_on l;

		line_fill(&l, t, t->sorted[k].p, rank_depth(t, t->sorted[k].rank));
		analysis_measure(t->widths, l.cells, RESTS_COLUMNS);
		set_by |= *l.cells[RESTS_SET_BY] != '\0';
	}
	/* the column is there only when a red line rests on an earlier statement */
	if (!set_by)
		t->widths[RESTS_SET_BY] = 0;
}

/* An issue's heading: its slug, indented by its depth, and as much of its
 * title as fits. */
static int print_heading(struct cli *cli, const stance_entity *issue, size_t depth)
{
	const char *slug = issue->field[STANCE_ENTITY_SLUG];
	const char *title = issue->field[STANCE_ISSUE_TITLE];
	size_t used = 2 * depth + cli_display_width(slug) + 2;
	char text[CLI_EXCERPT_SIZE(ANALYSIS_WIDTH)];
	int rc = cli_printf(cli, "%*s", (int)(2 * depth), "");

	if (!rc)
		rc = analysis_cell(cli, slug, ANALYSIS_BOLD, 0);
	if (!rc && title && used + 10 <= ANALYSIS_WIDTH)
		rc = cli_printf(cli, "  %s", cli_excerpt(text, sizeof(text), title,
							 ANALYSIS_TEXT_CHARS(used)));
	return rc ? rc : cli_write(cli, "\n", 1);
}

static int print_line(struct cli *cli, const struct table *t, const stance_current_position *p,
		      size_t depth)
{
	enum analysis_color colors[RESTS_COLUMNS] = { ANALYSIS_PLAIN };
	struct analysis_rests_on l;

	line_fill(&l, t, p, depth);
	colors[RESTS_STANCE] = analysis_stance_color(p->stance, p->red_line);
	return analysis_row(cli, l.cells, colors, t->widths, columns(t));
}

/* The positions on the k-th issue of the tree (rank k), from *next on. */
static int print_issue_lines(struct cli *cli, const struct table *t, size_t rank, size_t *next)
{
	int rc = 0;

	while (!rc && *next < t->p->n && t->sorted[*next].rank == rank) {
		rc = print_line(cli, t, t->sorted[*next].p, rank_depth(t, rank));
		++*next;
	}
	return rc;
}

static int print_table(struct cli *cli, struct table *t)
{
	const char *header[RESTS_COLUMNS];
	enum analysis_color bold[RESTS_COLUMNS];
	size_t next = 0, nissues = t->tree.issues.n;
	int rc;

	memcpy(header, table_headers, sizeof(header));
	if (t->by_actor) {
		header[RESTS_WHO] = "issue / actor";
		header[RESTS_OTHER] = "party";
	}
	for (size_t c = 0; c < RESTS_COLUMNS; c++)
		bold[c] = ANALYSIS_BOLD;
	rc = analysis_row(cli, header, bold, t->widths, columns(t));
	for (size_t k = 0; !rc && k < nissues; k++) {
		size_t i = t->tree.order[k];

		if (!t->shown[i])
			continue;
		rc = print_heading(cli, &t->tree.issues.items[i], t->tree.depth[k]);
		if (!rc)
			rc = print_issue_lines(cli, t, k, &next);
	}
	/* positions on an issue the tree does not know: at the end, by slug */
	while (!rc && next < t->p->n) {
		const stance_current_position *p = t->sorted[next].p;

		if (next == 0 || strcmp(t->sorted[next - 1].p->issue, p->issue) != 0)
			rc = cli_printf(cli, "%s\n", p->issue);
		if (!rc)
			rc = print_line(cli, t, p, 0);
		next++;
	}
	return rc;
}

static int print_positions(struct cli *cli, const stance_positions *p, const stance_scope *scope)
{
	struct table t = { .p = p, .by_actor = scope->by_actor };
	int rc;

	if (p->n == 0)
		return cli_printf(cli, "no current positions\n");
	t.ref_day = analysis_ref_day(scope->as_of);
	rc = analysis_issue_tree_load(&t.tree, cli->db, scope);
	if (!rc)
		rc = table_prepare(&t);
	if (!rc) {
		table_measure(&t);
		rc = print_table(cli, &t);
	}
	analysis_issue_tree_free(&t.tree);
	free(t.sorted);
	free(t.shown);
	return rc;
}

int cmd_positions(struct cli *cli, int argc, char **argv)
{
	struct analysis_opts o = { 0 };
	const struct cli_opt opts[] = {
		ANALYSIS_AS_OF(&o),
		ANALYSIS_AS_KNOWN(&o),
		ANALYSIS_PARTIES(&o, "only this party (repeatable; by actor: its actors)"),
		ANALYSIS_ISSUES(&o, ANALYSIS_ISSUES_HELP),
		ANALYSIS_BY(&o),
		ANALYSIS_EVIDENCE(&o),
		CLI_OPT_END
	};
	stance_positions *p = NULL;
	stance_scope scope;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	rc = analysis_scope(&scope, &o);
	if (rc)
		return rc;
	rc = stance_positions_get(&p, cli->db, &scope);
	if (rc)
		return cli_fail(rc);
	if (cli->format == CLI_FORMAT_TABLE) {
		rc = print_positions(cli, p, &scope);
	} else {
		struct listing l = { p, scope.by_actor };

		rc = analysis_records(cli, scope.by_actor ? actor_headers : headers,
				      NCOLS + (scope.by_actor != 0), p->n, list_position, &l);
	}
	stance_positions_free(p);
	return rc;
}
