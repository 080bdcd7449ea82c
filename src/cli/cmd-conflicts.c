/*
 * cmd-conflicts.c - `stance conflicts`: the pairs of parties whose current
 * positions on an issue have opposite signs. People get each conflict with
 * the quote behind each side; scripts get one record per conflict.
 */
#include <stdio.h>
#include <string.h>

#include "analysis-output.h"
#include "commands.h"

static const struct cli_spec spec = {
	.usage = "conflicts [--as-of D] [--as-known T] [--party P]... [--issue I]... [--hard]",
	.details =
	"Two parties conflict on an issue when their current positions have opposite\n"
	"signs (neutral never conflicts). A conflict is hard when either side is a red\n"
	"line; its distance is the difference of the two stances (2 to 4).\n"
	"table: each conflict with both sides' stances, dates, statements and an\n"
	"excerpt of their text; csv and json: one record per conflict, by issue then\n"
	"party, the sides as a_... and b_... columns in csv."
};

static const char *const headers[] = {
	"issue", "severity", "distance",
	"a_party", "a_stance", "a_red_line", "a_statement", "a_said_on",
	"b_party", "b_stance", "b_red_line", "b_statement", "b_said_on"
};
#define NCOLS (sizeof(headers) / sizeof(headers[0]))

#define SIDE_FORMAT "{s:s, s:s, s:b, s:s, s:s}"
#define SIDE(p) "party", (p)->party, "stance", stance_stance_name((p)->stance), \
	"red_line", (p)->red_line, "statement", (p)->statement, "said_on", (p)->said_on

/* One record in json or csv; stops the walk (1) when it cannot be added. */
static int list_conflict(const stance_conflict *c, void *ctx)
{
	struct analysis_walk *w = ctx;
	const char *severity = c->hard ? "hard" : "soft";
	char distance[4];

	if (w->cli->format == CLI_FORMAT_JSON) {
		w->rc = cli_table_json(w->table,
				       json_pack("{s:s, s:s, s:i, s:" SIDE_FORMAT ", s:" SIDE_FORMAT "}",
						 "issue", c->a->issue, "severity", severity,
						 "distance", c->distance,
						 "a", SIDE(c->a), "b", SIDE(c->b)));
		return w->rc ? 1 : 0;
	}
	snprintf(distance, sizeof(distance), "%d", c->distance);
	w->rc = cli_table_row(w->table, (const char *const[]){
		c->a->issue, severity, distance,
		c->a->party, stance_stance_name(c->a->stance), analysis_csv_bool(c->a->red_line),
		c->a->statement, c->a->said_on,
		c->b->party, stance_stance_name(c->b->stance), analysis_csv_bool(c->b->red_line),
		c->b->statement, c->b->said_on });
	return w->rc ? 1 : 0;
}

/* One side, indented under its conflict:
 * "  ua  --!  2025-04-22  30953a78  There is nothing new…". */
static int print_side(struct cli *cli, const stance_current_position *p, size_t party_width)
{
	char sym[4], id[9], text[CLI_EXCERPT_SIZE(ANALYSIS_EXCERPT)];
	int rc;

	snprintf(id, sizeof(id), "%.8s", p->statement);
	rc = cli_write(cli, "  ", 2);
	if (!rc)
		rc = analysis_cell(cli, p->party, ANALYSIS_PLAIN, party_width + 2);
	if (!rc)
		rc = analysis_cell(cli, cli_stance_symbol(sym, p->stance, p->red_line),
				   analysis_stance_color(p->stance, p->red_line), 5);
	if (!rc)
		rc = cli_printf(cli, "%s  %s  %s\n", p->said_on, id,
				cli_excerpt(text, sizeof(text), p->text, ANALYSIS_EXCERPT));
	return rc;
}

/* The table for people, written as the conflicts stream by: a first walk
 * measures the parties' column, the second prints. */
struct table_walk {
	struct cli *cli;
	size_t party_width;
	size_t n;  /* conflicts seen so far */
	int rc;    /* the writer's exit code */
};

static int measure_conflict(const stance_conflict *c, void *ctx)
{
	struct table_walk *t = ctx;

	if (strlen(c->a->party) > t->party_width)
		t->party_width = strlen(c->a->party);
	if (strlen(c->b->party) > t->party_width)
		t->party_width = strlen(c->b->party);
	t->n++;
	return 0;
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
		rc = print_side(cli, x->a, t->party_width);
	if (!rc)
		rc = print_side(cli, x->b, t->party_width);
	t->rc = rc;
	return rc ? 1 : 0;
}

static int print_conflicts(struct cli *cli, const stance_scope *scope, int hard_only)
{
	struct table_walk t = { cli, 0, 0, 0 };
	int rc = stance_conflicts_foreach(cli->db, scope, hard_only, measure_conflict, &t);

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

int cmd_conflicts(struct cli *cli, int argc, char **argv)
{
	struct analysis_opts o = { 0 };
	int hard_only = 0;
	const struct cli_opt opts[] = {
		ANALYSIS_AS_OF(&o),
		ANALYSIS_AS_KNOWN(&o),
		ANALYSIS_PARTIES(&o, "only conflicts with this party on a side (repeatable)"),
		ANALYSIS_ISSUES(&o, "only this issue (repeatable)"),
		CLI_OPT_SWITCH(0, "hard", &hard_only, "only hard conflicts: a red line on either side"),
		CLI_OPT_END
	};
	struct analysis_walk w;
	stance_scope scope;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	scope = analysis_scope(&o);
	if (cli->format == CLI_FORMAT_TABLE)
		return print_conflicts(cli, &scope, hard_only);
	rc = analysis_walk_begin(&w, cli, headers, NCOLS, headers, NCOLS);
	if (!rc)
		rc = stance_conflicts_foreach(cli->db, &scope, hard_only, list_conflict, &w);
	return analysis_walk_end(&w, rc);
}
