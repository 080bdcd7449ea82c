/*
 * cmd-conflicts.c - `stance conflicts`: the pairs of parties (or actors)
 * whose current positions on an issue have opposite signs. People get each
 * conflict with what each side rests on and the start of its text; scripts
 * get one record per conflict.
 */
#include <stdio.h>
#include <string.h>

#include "analysis-output.h"
#include "commands.h"

static const struct cli_spec spec = {
	.usage = "conflicts [--as-of D] [--as-known T] [--party P]... [--issue I]...\n"
		 "                        [--hard] [--between X]... [--by party|actor [--within]]\n"
		 "                        " ANALYSIS_EVIDENCE_USAGE "\n"
		 "                        " ANALYSIS_KIND_USAGE,
	.details =
	"Two parties conflict on an issue when their current positions have opposite\n"
	"signs (neutral never conflicts). A conflict is hard when either side's\n"
	"current red line holds; its distance is the difference of the two stances\n"
	"(2 to 4). --party keeps the conflicts with a listed party on a side;\n"
	"--between X --between Y keeps those whose two sides are both named (with\n"
	"more than two, between any two of them); --issue I keeps I and every issue\n"
	"under it.\n"
	ANALYSIS_RED_LINE_DETAILS
	ANALYSIS_EVIDENCE_DETAILS
	ANALYSIS_BY_DETAILS
	"--within (with --by actor) keeps the conflicts between two actors of the\n"
	"same party: the party's internal divisions.\n"
	"table: each conflict, then each side: the party (actor), its stance (@70 its\n"
	"point; ! the current red line), and the date, age, actor (by actor: party),\n"
	"kind, credibility and id of the statement behind it, with the earlier\n"
	"statement whose ! set a red line that still holds ('set by'), and the\n"
	"start of its text on the next line.\n"
	ANALYSIS_AGE_DETAILS
	"csv and json: one record per conflict, by issue then party (actor):\n"
	"{\"issue\", \"severity\", \"distance\", \"a\", \"b\"}, each side {\"party\", \"stance\",\n"
	"\"red_line\", \"statement\", \"said_on\"} with \"actor\" first by actor; in csv\n"
	"the sides are a_... and b_... columns."
};

static const char *const headers[] = {
	"issue", "severity", "distance",
	"a_party", "a_stance", "a_red_line", "a_statement", "a_said_on",
	"b_party", "b_stance", "b_red_line", "b_statement", "b_said_on"
};
static const char *const actor_headers[] = {
	"issue", "severity", "distance",
	"a_actor", "a_party", "a_stance", "a_red_line", "a_statement", "a_said_on",
	"b_actor", "b_party", "b_stance", "b_red_line", "b_statement", "b_said_on"
};
#define NCOLS(h) (sizeof(h) / sizeof((h)[0]))
#define SIDE_COLS 6  /* by actor; one less by party */

struct listing {
	struct analysis_walk w;
	int by_actor;
};

static json_t *side_json(const stance_current_position *p, int by_actor)
{
	json_t *o = json_object();
	int failed = 0;

	if (by_actor)
		analysis_json_set(o, "actor", analysis_json_string(p->actor), &failed);
	analysis_json_set(o, "party", json_string(p->party), &failed);
	analysis_json_set(o, "stance", json_string(stance_stance_name(p->stance)), &failed);
	analysis_json_set(o, "red_line", json_boolean(p->red_line), &failed);
	analysis_json_set(o, "statement", json_string(p->statement), &failed);
	analysis_json_set(o, "said_on", json_string(p->said_on), &failed);
	return analysis_json_done(o, failed);
}

static json_t *conflict_json(const stance_conflict *c, int by_actor)
{
	json_t *o = json_object();
	int failed = 0;

	analysis_json_set(o, "issue", json_string(c->a->issue), &failed);
	analysis_json_set(o, "severity", json_string(c->hard ? "hard" : "soft"), &failed);
	analysis_json_set(o, "distance", json_integer(c->distance), &failed);
	analysis_json_set(o, "a", side_json(c->a, by_actor), &failed);
	analysis_json_set(o, "b", side_json(c->b, by_actor), &failed);
	return analysis_json_done(o, failed);
}

/* A side's csv cells from *c on; returns the next. */
static const char **side_cells(const char **c, const stance_current_position *p, int by_actor)
{
	if (by_actor)
		*c++ = p->actor;
	*c++ = p->party;
	*c++ = stance_stance_name(p->stance);
	*c++ = analysis_csv_bool(p->red_line);
	*c++ = p->statement;
	*c++ = p->said_on;
	return c;
}

/* One record in json or csv; stops the walk (1) when it cannot be added. */
static int list_conflict(const stance_conflict *c, void *ctx)
{
	struct listing *l = ctx;
	struct analysis_walk *w = &l->w;
	const char *cells[3 + 2 * SIDE_COLS], **next = cells;
	char distance[4];

	if (w->cli->format == CLI_FORMAT_JSON) {
		w->rc = cli_table_json(w->table, conflict_json(c, l->by_actor));
		return w->rc ? 1 : 0;
	}
	snprintf(distance, sizeof(distance), "%d", c->distance);
	*next++ = c->a->issue;
	*next++ = c->hard ? "hard" : "soft";
	*next++ = distance;
	next = side_cells(next, c->a, l->by_actor);
	side_cells(next, c->b, l->by_actor);
	w->rc = cli_table_row(w->table, cells);
	return w->rc ? 1 : 0;
}

/* ---- the table for people ----------------------------------------------- */

/* The table, written as the conflicts stream by: a first walk measures the
 * columns, the second prints. */
struct table_walk {
	struct cli *cli;
	int by_actor;
	long ref_day;
	size_t widths[RESTS_COLUMNS];
	size_t n;  /* conflicts seen so far */
	int rc;    /* the writer's exit code */
};

/* The cells of a side's line, under its conflict's. */
static void side_fill(struct analysis_rests_on *s, const struct table_walk *t,
		      const stance_current_position *p)
{
	analysis_rests_on(s, p, t->by_actor, 2, t->ref_day, "cred", "set by");
}

static int measure_conflict(const stance_conflict *c, void *ctx)
{
	struct table_walk *t = ctx;
	struct analysis_rests_on s;

	side_fill(&s, t, c->a);
	analysis_measure(t->widths, s.cells, RESTS_COLUMNS);
	side_fill(&s, t, c->b);
	analysis_measure(t->widths, s.cells, RESTS_COLUMNS);
	t->n++;
	return 0;
}

/* One side: its line, then the start of its text, indented under it. */
static int print_side(struct table_walk *t, const stance_current_position *p)
{
	enum analysis_color colors[RESTS_COLUMNS] = { ANALYSIS_PLAIN };
	char text[CLI_EXCERPT_SIZE(ANALYSIS_WIDTH)];
	struct analysis_rests_on s;
	int rc;

	side_fill(&s, t, p);
	colors[RESTS_STANCE] = analysis_stance_color(p->stance, p->red_line);
	rc = analysis_row(t->cli, s.cells, colors, t->widths, RESTS_COLUMNS);
	if (!rc)
		rc = cli_printf(t->cli, "    %s\n",
				cli_excerpt(text, sizeof(text), p->text, ANALYSIS_TEXT_CHARS(4)));
	return rc;
}

static int print_conflict(const stance_conflict *x, void *ctx)
{
	struct table_walk *t = ctx;
	struct cli *cli = t->cli;
	int rc = 0;

	if (t->n++ > 0)
		rc = cli_write(cli, "\n", 1);
	if (!rc)
		rc = analysis_cell(cli, x->a->issue, ANALYSIS_BOLD, 0);
	if (!rc)
		rc = cli_write(cli, "  ", 2);
	if (!rc)
		rc = analysis_cell(cli, x->hard ? "hard" : "soft",
				   x->hard ? ANALYSIS_ALARM : ANALYSIS_WARN, 0);
	if (!rc)
		rc = cli_printf(cli, "  distance %d\n", x->distance);
	if (!rc)
		rc = print_side(t, x->a);
	if (!rc)
		rc = print_side(t, x->b);
	t->rc = rc;
	return rc ? 1 : 0;
}

static int print_conflicts(struct cli *cli, const stance_scope *scope, int hard_only)
{
	struct table_walk t = { .cli = cli, .by_actor = scope->by_actor };
	int rc;

	t.ref_day = analysis_ref_day(scope->as_of);
	rc = stance_conflicts_foreach(cli->db, scope, hard_only, measure_conflict, &t);
	if (rc)
		return cli_fail(rc);
	t.n = 0;
	rc = stance_conflicts_foreach(cli->db, scope, hard_only, print_conflict, &t);
	if (rc < 0)
		return cli_fail(rc);
	if (t.rc)
		return t.rc;
	/* counted by the printing walk: a writer in between may have changed them */
	return t.n ? 0 : cli_printf(cli, "no conflicts\n");
}

/* The rules of the options that the parser cannot check alone: usage
 * errors, before anything is read. */
static int check_options(const struct analysis_opts *o, const struct cli_strings *between,
			 int within)
{
	if (between->n == 1)
		return cli_usage_error("--between needs at least two %s, one per side (given only "
				       "'%s')", o->by == 1 ? "actors" : "parties", between->v[0]);
	if (within && o->by != 1)
		return cli_usage_error("--within needs --by actor: it keeps the conflicts between "
				       "two actors of one party");
	return 0;
}

int cmd_conflicts(struct cli *cli, int argc, char **argv)
{
	struct analysis_opts o = { 0 };
	struct cli_strings between = { 0 };
	int hard_only = 0, within = 0;
	const struct cli_opt opts[] = {
		ANALYSIS_AS_OF(&o),
		ANALYSIS_AS_KNOWN(&o),
		ANALYSIS_PARTIES(&o, "only conflicts with this party (its actors) on a side"),
		ANALYSIS_ISSUES(&o, ANALYSIS_ISSUES_HELP),
		CLI_OPT_SWITCH(0, "hard", &hard_only,
			       "only hard conflicts: a current red line on either side"),
		CLI_OPT_STRINGS(0, "between", &between, "X",
				"only conflicts between two of these (two or more)"),
		ANALYSIS_BY(&o),
		CLI_OPT_SWITCH(0, "within", &within,
			       "by actor: only conflicts between two actors of one party"),
		ANALYSIS_EVIDENCE(&o),
		CLI_OPT_END
	};
	struct listing l;
	stance_scope scope;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	rc = check_options(&o, &between, within);
	if (!rc)
		rc = analysis_scope(&scope, &o);
	if (rc)
		return rc;
	scope.between = between.v;
	scope.nbetween = between.n;
	scope.within = within;
	if (cli->format == CLI_FORMAT_TABLE)
		return print_conflicts(cli, &scope, hard_only);
	l.by_actor = scope.by_actor;
	if (l.by_actor)
		rc = analysis_walk_begin(&l.w, cli, actor_headers, NCOLS(actor_headers),
					 actor_headers, NCOLS(actor_headers));
	else
		rc = analysis_walk_begin(&l.w, cli, headers, NCOLS(headers), headers,
					 NCOLS(headers));
	if (!rc)
		rc = stance_conflicts_foreach(cli->db, &scope, hard_only, list_conflict, &l);
	return analysis_walk_end(&l.w, rc);
}
