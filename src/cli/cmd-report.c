/*
 * cmd-report.c - `stance report`: the negotiation as one self-contained
 * HTML page: the disagreement matrix as heat maps, the parties x issues
 * grid coloured by stance with the current red lines marked and the issues
 * grouped under their parents, a timeline per issue of every party's
 * positions, where each issue may land (design §8: the bargaining models'
 * forecasts on the issue's line, with the red lines' zone and the inputs
 * they assumed), and the evidence (quote, speaker, date, source) that each
 * current position, and each red line it keeps, links to.
 *
 * The page loads nothing: the CSS and the SVG are inline, there is no
 * script, and a Content-Security-Policy forbids every fetch, so it can be
 * mailed, archived and opened offline. Every stored string is untrusted
 * and goes through cli_write_xml(); slugs and dates, checked on input, are
 * written as they are. The markup is also well-formed XML, so that tests
 * (and XML tools) can read it.
 *
 * The page is bounded (REPORT_MAX_* below): a section whose data would
 * draw more than its bound summarises it instead, says so, and names the
 * command that lists everything.
 *
 * Writes to cli->out are sticky: after a failure every later cli_printf()
 * returns 74 at once without writing (output.c), so the sections below write
 * on and the result is checked once, by cli_flush() at the end.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "analysis-output.h"
#include "commands.h"
#include "entity-list.h"
#include "report-templates.h"

static const struct cli_spec spec = {
	.usage = "report [--as-of D] [--as-known T] [--party P]... [--issue I]...\n"
		 "                     [--min-credibility N] [--min-reliability A|B|C|D|E|F]\n"
		 "                     [--kind quote|paraphrase|proposal|report]... [-o FILE]",
	.details =
	"Writes one HTML page that needs nothing else (inline CSS and SVG, no\n"
	"script, no network): the disagreement matrix as heat maps (conflicts and\n"
	"distance), the parties x issues grid coloured by stance with the current\n"
	"red lines marked and each issue, its title in full, under its parent (a\n"
	"position held on a condition marked 'if'), a timeline per issue of each\n"
	"party's positions with the shifts and reversals on an axis dated in\n"
	"days, months or years, where each issue may land (the parties' points on\n"
	"its 0-100 line, the zone no current red line rules out, the compromise,\n"
	"median, Nash and fitted models' forecasts as 'stance forecast' gives\n"
	"them, and whose salience or capability was assumed), the evidence behind\n"
	"every current position and every point of the timelines: the statement's\n"
	"text, speaker, date and source (a quote as a quotation, the other kinds\n"
	"as plain text; one no current position rests on any more marked\n"
	"superseded), and an appendix of the parties, actors and sources. Every\n"
	"link leads to something on the page; right-to-left text is isolated\n"
	"(<bdi>). --party and --issue (repeatable) narrow the page to those\n"
	"parties and issues (an issue with those under it). A red line is the\n"
	"current one: set by a position with !, kept by later ones without a\n"
	"suffix while the stance keeps its sign, ended by ~ or a change of sign;\n"
	"the page names the statement that set it, which is among the evidence.\n"
	"Points (@P) are shown where given. With --as-of, everything is as of\n"
	"that date; with --as-known T, the page is the one the database gave at T\n"
	"(the corrections since undone, the statements recorded since left out).\n"
	"The evidence filters leave statements out as if they did not exist, and\n"
	"the page says which were given: --min-credibility N keeps credibility\n"
	"1..N (an unknown one counts as 6), --min-reliability X sources of\n"
	"reliability A..X (none counts as F), --kind the kinds given. A large\n"
	"database is summarised: above 50 parties the matrix lists the parties\n"
	"and pairs with the most conflicts instead of the heat maps; above 10,000\n"
	"cells (issues x parties) the grid counts each stance per issue; above\n"
	"5,000 positions taken (or 1,000 issues) the timelines count the shifts\n"
	"per issue; above 200 issues (or 4,000 parties' positions among them) the\n"
	"forecasts are a table; the evidence shows at most 1,000 statements (2 MB\n"
	"of text), the current positions' first, then the latest; each says so\n"
	"and names the command that lists everything. With -o, FILE is written to\n"
	"a temporary file and renamed when complete (mode 0600); a device or FIFO\n"
	"is written directly, a symlink followed, the database refused. --format\n"
	"does not apply."
};

/* How much the page draws. Each drawn item is a few hundred bytes of HTML
 * (a heat-map cell about 290, a grid cell 120, a timeline point 350, an
 * evidence item 800 and its text), and 2,000 parties x 2,000 issues drawn
 * whole were 3 GB, a page no browser opens and nobody reads. Above a
 * bound a section summarises instead; drawn to every bound at once the
 * page is about 7 MB, plus the statements' text.
 * - a heat map of more than 50 parties is wider than a screen (34 px a
 *   cell) and its 2 x 2,500 cells are 1.5 MB;
 * - the grid draws at most 10,000 cells (issues x parties, 1.2 MB);
 * - the timelines draw at most 5,000 points (1.8 MB), and at most 1,000
 *   issues, each a box even when empty;
 * - the evidence lists at most the 1,000 latest statements and 2 MB of
 *   their text and conditions (a statement may hold 100 KB), and at most
 *   10,000 of their positions (one statement may code thousands);
 * - a condition in a grid cell's tooltip is cut at 200 bytes (the evidence
 *   has it whole): 10,000 cells of 100 KB would be 1 GB;
 * - a summary table lists at most 100 rows; the parties, at most 10,000
 *   (as many as the grid may have columns, each a link to its entry);
 * - the forecasts draw at most 200 issues (each about 5 KB before its
 *   parties: the line, the models, the tables) and 4,000 parties' marks in
 *   all (each a mark, its label and a row of the inputs' table, about
 *   650 bytes): 3.6 MB. */
#define REPORT_MAX_MAP_PARTIES 50
#define REPORT_MAX_GRID_CELLS 10000
#define REPORT_MAX_POINTS 5000
#define REPORT_MAX_TIMELINES 1000
#define REPORT_MAX_EVIDENCE 1000
#define REPORT_MAX_EVIDENCE_TEXT (2 * 1000 * 1000)
#define REPORT_MAX_CHIPS 10000
#define REPORT_MAX_TOOLTIP 200
#define REPORT_MAX_ROWS 100
#define REPORT_MAX_PARTIES REPORT_MAX_GRID_CELLS
#define REPORT_MAX_FORECASTS 200
#define REPORT_MAX_FORECAST_MARKS 4000

/* What marks a position held on a condition, in the grid and the
 * timelines: a mark, not a colour, so that it prints and reads without
 * colour too. */
#define CONDITION_MARK "<sup class=\"cond-mark\">if</sup>"

/* What the summaries count, per issue. */
struct issue_stats {
	size_t stances[5];  /* parties holding each stance, -2..+2 */
	size_t red_lines, parties, shifts, reversals;
};

/* The colours the SVG draws with, read from the stylesheet (css_value()). */
struct palette {
	char fill[5][16];  /* the stances, -2..+2 */
	char muted[16];    /* secondary text */
	char none[80];     /* a cell without a position */
	char zone[16];     /* the outcomes no red line rules out */
};

/* One point of a timeline. */
struct point {
	const stance_current_position *pos;  /* whose timeline: borrowed from r->pos */
	long day;
	char said_on[11];
	char *statement;
	int stance, red_line, shift, reversal;
	int stated;     /* its own flag: STANCE_RED_LINE_YES, _NO or _UNSTATED */
	int ended;      /* it ended the red line the row before held */
	int has_point;
	double point;
	int conditional;  /* the position holds on a condition */
};

/* The issues as a tree (design §1: a parent groups issues for reading):
 * r->issues' indices in the order the grid and the timelines show them,
 * each parent followed by its children, by slug, depth first. */
struct issue_tree {
	size_t *order;    /* r->issues.n indices */
	size_t *depth;    /* by index: 0 for a top-level issue */
	size_t *parent;   /* by index: the parent's index, NO_PARENT for none */
	char *is_parent;  /* by index: some issue is under it */
};

#define NO_PARENT ((size_t)-1)

/* One party's inputs to an issue's forecast, copied: the library lends
 * them for its callback only, and the page is written after every read. */
struct fc_party {
	char *party, *statement;
	double point, salience, capability;
	int red_line, assumed_salience, assumed_capability;
};

/* The forecast of one issue (stance_forecast), copied. */
struct forecast {
	char *issue;
	struct fc_party *parties;  /* nparties of them; NULL once the forecasts
				      are summarised (r->forecasts_over) */
	size_t nparties, nassumed_salience, nassumed_capability;
	int has_status_quo;
	double status_quo;
	int has[STANCE_MODELS];
	double value[STANCE_MODELS], clamped[STANCE_MODELS];
	double zone_low, zone_high;
	char **bounded_by;
	size_t nbounded;
	int has_stance, stance;
	size_t fit_outcomes;
};

struct report {
	struct cli *cli;
	const char *as_of;
	stance_scope scope;           /* as of, and as known: what every part reads */
	struct entity_list parties, issues, actors, sources;
	stance_positions *pos;        /* current positions, by party then issue */
	stance_matrix *m;
	struct point *points;         /* by issue, party, then statement order */
	size_t npoints, cap;
	long day_min, day_max;        /* the timelines' common scale */
	const char *date_min, *date_max;
	stance_evidence *evidence;    /* behind the current positions and the red lines
					 they keep, in statement order */
	struct stance_statement **by_id;  /* the evidence, sorted by id */
	struct issue_tree tree;
	int points_over;              /* the timelines are summarised, none gathered:
					 TOO_MANY_POINTS or TOO_MANY_ISSUES */
	size_t *tl_first, *tl_n;      /* by issue, as r->issues: its points in r->points */
	struct issue_stats *stats;    /* by issue, as r->issues */
	size_t chips_left;            /* positions the evidence may still show */
	struct forecast *forecasts;   /* by issue slug: the issues with a forecast */
	size_t nforecasts, fc_cap, fc_marks;  /* fc_marks: the parties among them */
	int forecasts_over;           /* the forecasts are summarised, no party kept */
	struct palette palette;
};

enum { TOO_MANY_POINTS = 1, TOO_MANY_ISSUES };

/* ---- gathering -------------------------------------------------------- */

static int add_point(const stance_timeline_point *pt, void *ctx)
{
	struct report *r = ctx;
	struct point *p;

	if (r->npoints == REPORT_MAX_POINTS) {
		r->points_over = TOO_MANY_POINTS;
		return 1;
	}
	if (r->npoints == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct point *grown = realloc(r->points, cap * sizeof(*grown));

		if (!grown)
			return STANCE_ENOMEM;
		r->points = grown;
		r->cap = cap;
	}
	p = &r->points[r->npoints];
	memset(p, 0, sizeof(*p));
	p->statement = strdup(pt->row->statement);
	if (!p->statement)
		return STANCE_ENOMEM;
	r->npoints++;
	p->pos = pt->position;
	snprintf(p->said_on, sizeof(p->said_on), "%s", pt->row->said_on);
	p->day = pt->day;
	p->stance = pt->row->stance;
	p->red_line = pt->row->red_line;
	p->shift = pt->row->shift;
	p->reversal = pt->row->reversal;
	p->stated = pt->row->stated_red_line;
	p->ended = pt->row->from_statement && pt->row->from_red_line && !pt->row->red_line;
	p->has_point = pt->row->has_point;
	p->point = pt->row->point;
	p->conditional = pt->row->condition != NULL;
	return 0;
}

/* Every party's timeline on every issue it holds a position on, and the
 * first and last date among them: the scale all timelines share. */
static int gather_points(struct report *r, stance_db *db)
{
	int rc = 0;

	/* every current position is a point at least: past the bound, no
	 * history is read at all (the summary counts the shifts) */
	if (r->pos->n > REPORT_MAX_POINTS)
		r->points_over = TOO_MANY_POINTS;
	else if (r->issues.n > REPORT_MAX_TIMELINES)
		r->points_over = TOO_MANY_ISSUES;
	else
		rc = stance_timelines_foreach(db, r->pos, &r->scope, add_point, r);
	if (rc < 0)
		return rc;
	if (r->points_over) {
		for (size_t i = 0; i < r->npoints; i++)
			free(r->points[i].statement);
		r->npoints = 0;
	}
	for (size_t i = 0; i < r->npoints; i++) {
		if (!i || r->points[i].day < r->day_min) {
			r->day_min = r->points[i].day;
			r->date_min = r->points[i].said_on;
		}
		if (!i || r->points[i].day > r->day_max) {
			r->day_max = r->points[i].day;
			r->date_max = r->points[i].said_on;
		}
	}
	return 0;
}

/* The index of the issue in r->issues (it is there: positions name
 * existing issues). */
static size_t issue_index(const struct report *r, const char *slug)
{
	const stance_entity *e = entity_list_find(&r->issues, slug);

	return e ? (size_t)(e - r->issues.items) : 0;
}

static int count_shift(const stance_history_row *row, void *ctx)
{
	struct report *r = ctx;
	struct issue_stats *st = &r->stats[issue_index(r, row->issue)];

	st->shifts++;
	st->reversals += row->reversal != 0;
	return 0;
}

/* What the summaries show of each issue; the shifts only when the
 * timelines are summarised (one walk of the whole database). */
static int gather_stats(struct report *r, stance_db *db)
{
	r->stats = calloc(r->issues.n + 1, sizeof(*r->stats));
	if (!r->stats)
		return STANCE_ENOMEM;
	for (size_t k = 0; k < r->pos->n; k++) {
		const stance_current_position *cp = &r->pos->items[k];
		struct issue_stats *st = &r->stats[issue_index(r, cp->issue)];

		st->parties++;
		st->stances[cp->stance + 2 >= 0 && cp->stance + 2 < 5 ? cp->stance + 2 : 2]++;
		st->red_lines += cp->red_line != 0;
	}
	if (!r->points_over || !r->issues.n)
		return 0;
	return stance_shifts_foreach(db, &r->scope, NULL, count_shift, r);
}

/* The current position of party on issue, NULL when it holds none. */
static const stance_current_position *position(const struct report *r, const char *party,
					      const char *issue)
{
	size_t lo = 0, hi = r->pos->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const stance_current_position *cp = &r->pos->items[mid];
		int c = strcmp(cp->party, party);

		if (!c)
			c = strcmp(cp->issue, issue);
		if (!c)
			return cp;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The statement that set cp's current red line when it is an earlier one
 * than cp's own: the red line lasted through cp's statement (design §2).
 * NULL otherwise. */
static const char *kept_from(const stance_current_position *cp)
{
	if (!cp->red_line || !cp->red_line_statement ||
	    strcmp(cp->red_line_statement, cp->statement) == 0)
		return NULL;
	return cp->red_line_statement;
}

/* Where each issue's timeline points are in r->points (they come by issue),
 * so that the timelines can follow the tree rather than the slugs. */
static int index_points(struct report *r)
{
	r->tl_first = calloc(r->issues.n + 1, sizeof(*r->tl_first));
	r->tl_n = calloc(r->issues.n + 1, sizeof(*r->tl_n));
	if (!r->tl_first || !r->tl_n)
		return STANCE_ENOMEM;
	for (size_t k = 0; k < r->npoints; k++) {
		size_t i = issue_index(r, r->points[k].pos->issue);

		if (!r->tl_n[i]++)
			r->tl_first[i] = k;
	}
	return 0;
}

/* Walks the subtree of root depth first into t->order from *at; first and
 * next are each issue's first child and next sibling (NO_PARENT: none). No
 * recursion: a chain of ten thousand nested issues is a valid tree. */
static void tree_walk(struct issue_tree *t, const size_t *first, const size_t *next, char *seen,
		      size_t root, size_t *at)
{
	size_t i = root;

	for (;;) {
		seen[i] = 1;
		t->order[(*at)++] = i;
		if (first[i] != NO_PARENT) {
			t->depth[first[i]] = t->depth[i] + 1;
			i = first[i];
			continue;
		}
		while (i != root && next[i] == NO_PARENT)
			i = t->parent[i];
		if (i == root)
			return;
		t->depth[next[i]] = t->depth[i];
		i = next[i];
	}
}

/* r->tree from the issues' parents. An issue whose parent is not among
 * them (not known at --as-known) is a top-level one. A cycle of parents,
 * which stance refuses but a damaged database may hold (`stance check`
 * names it), leaves its issues unreached: they follow, flat, so that every
 * issue is shown once. */
static int gather_tree(struct report *r)
{
	struct issue_tree *t = &r->tree;
	size_t n = r->issues.n, at = 0;
	size_t *first = malloc((n + 1) * sizeof(*first)), *next = malloc((n + 1) * sizeof(*next));
	size_t *last = malloc((n + 1) * sizeof(*last));
	char *seen = calloc(n + 1, 1);
	int rc = 0;

	t->order = malloc((n + 1) * sizeof(*t->order));
	t->depth = calloc(n + 1, sizeof(*t->depth));
	t->parent = malloc((n + 1) * sizeof(*t->parent));
	t->is_parent = calloc(n + 1, 1);
	if (!first || !next || !last || !seen || !t->order || !t->depth || !t->parent ||
	    !t->is_parent) {
		rc = STANCE_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		first[i] = next[i] = NO_PARENT;
	for (size_t i = 0; i < n; i++) {
		const stance_entity *e = entity_list_find(&r->issues,
							  r->issues.items[i].field[STANCE_ISSUE_PARENT]);
		size_t p = e ? (size_t)(e - r->issues.items) : NO_PARENT;

		t->parent[i] = p == i ? NO_PARENT : p;
		if (t->parent[i] == NO_PARENT)
			continue;
		/* i ascends: each parent's children are linked in slug order */
		if (first[p] == NO_PARENT)
			first[p] = i;
		else
			next[last[p]] = i;
		last[p] = i;
		t->is_parent[p] = 1;
	}
	for (size_t i = 0; i < n; i++)
		if (t->parent[i] == NO_PARENT)
			tree_walk(t, first, next, seen, i, &at);
	for (size_t i = 0; i < n; i++)
		if (!seen[i])
			t->order[at++] = i;
done:
	free(first);
	free(next);
	free(last);
	free(seen);
	return rc;
}

static int compare_id(const void *a, const void *b)
{
	return strcmp((*(struct stance_statement *const *)a)->id,
		      (*(struct stance_statement *const *)b)->id);
}

/* The statements behind the current positions, behind the red lines they
 * keep from earlier statements and behind the timelines' points (the
 * superseded ones marked), so that every point and every red line links to
 * what it rests on; and r->by_id to find them. */
static int gather_evidence(struct report *r, stance_db *db)
{
	const char **points = malloc((r->npoints + 1) * sizeof(*points));
	int rc;

	if (!points)
		return STANCE_ENOMEM;
	for (size_t k = 0; k < r->npoints; k++)
		points[k] = r->points[k].statement;
	rc = stance_evidence_gather(&r->evidence, db, r->pos, points, r->npoints, &r->scope,
				    REPORT_MAX_EVIDENCE, REPORT_MAX_EVIDENCE_TEXT);
	free(points);
	if (rc)
		return rc;
	r->by_id = malloc((r->evidence->n + 1) * sizeof(*r->by_id));
	if (!r->by_id)
		return STANCE_ENOMEM;
	if (r->evidence->n)  /* items may be NULL when there are none */
		memcpy(r->by_id, r->evidence->items, r->evidence->n * sizeof(*r->by_id));
	qsort(r->by_id, r->evidence->n, sizeof(*r->by_id), compare_id);
	return 0;
}

/* The statement of the evidence with this id, NULL when it is not shown. */
static const struct stance_statement *evidence_find(const struct report *r, const char *id)
{
	struct stance_statement key = { .id = (char *)id }, *k = &key, **found;

	if (!id || !r->evidence->n)
		return NULL;
	found = bsearch(&k, r->by_id, r->evidence->n, sizeof(*r->by_id), compare_id);
	return found ? *found : NULL;
}

/* ---- the forecasts ------------------------------------------------------ */

static void fc_parties_free(struct forecast *f)
{
	for (size_t k = 0; f->parties && k < f->nparties; k++) {
		free(f->parties[k].party);
		free(f->parties[k].statement);
	}
	free(f->parties);
	f->parties = NULL;
}

static void forecast_free(struct forecast *f)
{
	fc_parties_free(f);
	for (size_t k = 0; k < f->nbounded; k++)
		free(f->bounded_by[k]);
	free(f->bounded_by);
	free(f->issue);
}

static int fc_copy_parties(struct forecast *f, const stance_forecast *src)
{
	f->parties = calloc(src->nparties + 1, sizeof(*f->parties));
	if (!f->parties)
		return STANCE_ENOMEM;
	for (size_t k = 0; k < src->nparties; k++) {
		const stance_forecast_party *p = &src->parties[k];
		struct fc_party *d = &f->parties[k];

		d->party = strdup(p->party);
		d->statement = p->statement ? strdup(p->statement) : NULL;
		if (!d->party || (p->statement && !d->statement))
			return STANCE_ENOMEM;
		d->point = p->point;
		d->salience = p->salience;
		d->capability = p->capability;
		d->red_line = p->red_line;
		d->assumed_salience = p->assumed_salience;
		d->assumed_capability = p->assumed_capability;
	}
	return 0;
}

/* Keeps one issue's forecast: its numbers always, its parties while the
 * section is drawn; past a bound none is kept (the summary counts them). */
static int add_forecast(const stance_forecast *src, void *ctx)
{
	struct report *r = ctx;
	struct forecast *f;

	if (r->nforecasts == r->fc_cap) {
		size_t cap = r->fc_cap ? 2 * r->fc_cap : 16;
		struct forecast *grown = realloc(r->forecasts, cap * sizeof(*grown));

		if (!grown)
			return STANCE_ENOMEM;
		r->forecasts = grown;
		r->fc_cap = cap;
	}
	f = &r->forecasts[r->nforecasts++];
	memset(f, 0, sizeof(*f));
	f->issue = strdup(src->issue);
	f->bounded_by = calloc(src->nbounded + 1, sizeof(*f->bounded_by));
	if (!f->issue || !f->bounded_by)
		return STANCE_ENOMEM;
	for (; f->nbounded < src->nbounded; f->nbounded++)
		if (!(f->bounded_by[f->nbounded] = strdup(src->bounded_by[f->nbounded])))
			return STANCE_ENOMEM;
	f->nparties = src->nparties;
	for (size_t k = 0; k < src->nparties; k++) {
		f->nassumed_salience += src->parties[k].assumed_salience != 0;
		f->nassumed_capability += src->parties[k].assumed_capability != 0;
	}
	f->has_status_quo = src->has_status_quo;
	f->status_quo = src->status_quo;
	memcpy(f->has, src->has, sizeof(f->has));
	memcpy(f->value, src->value, sizeof(f->value));
	memcpy(f->clamped, src->clamped, sizeof(f->clamped));
	f->zone_low = src->zone_low;
	f->zone_high = src->zone_high;
	f->has_stance = src->has_stance;
	f->stance = src->stance;
	f->fit_outcomes = src->fit_outcomes;
	r->fc_marks += src->nparties;
	if (!r->forecasts_over && (r->nforecasts > REPORT_MAX_FORECASTS ||
				   r->fc_marks > REPORT_MAX_FORECAST_MARKS)) {
		r->forecasts_over = 1;
		for (size_t k = 0; k < r->nforecasts; k++)
			fc_parties_free(&r->forecasts[k]);
	}
	return r->forecasts_over ? 0 : fc_copy_parties(f, src);
}

/* Every issue's forecast in the report's scope, every model. */
static int gather_forecasts(struct report *r, stance_db *db)
{
	return stance_forecast_foreach(db, &r->scope, 0, add_forecast, r);
}

/* ---- writing ---------------------------------------------------------- */

static void put(struct report *r, const char *fmt, ...) CLI_PRINTF(2, 3);

static void put(struct report *r, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* markup only: every caller's text fits; stored text goes by text() */
	if (n >= 0)
		cli_write(r->cli, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* Stored text, escaped. */
static void text(struct report *r, const char *s)
{
	cli_write_xml(r->cli, s);
}

/* Stored text inline in HTML, escaped and isolated (<bdi>), so that a name
 * or title in a right-to-left script neither reorders nor is reordered by
 * what stands around it. */
static void bdi(struct report *r, const char *s)
{
	put(r, "<bdi>");
	text(r, s);
	put(r, "</bdi>");
}

/* A template slot's writer of bdi(): arg is the text. */
static void bdi_slot(struct report *r, const void *arg)
{
	bdi(r, arg);
}

/* Stored text in SVG, which has no <bdi>: escaped and isolated by the
 * first-strong isolate and the pop directional isolate (U+2068, U+2069). */
static void svg_text(struct report *r, const char *s)
{
	put(r, "\u2068");
	text(r, s);
	put(r, "\u2069");
}

/* Stored text, escaped, cut at max bytes (on a character) with "…". */
static void text_cut(struct report *r, const char *s, size_t max)
{
	size_t n = strlen(s);
	char *cut;

	if (n <= max) {
		text(r, s);
		return;
	}
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	cut = malloc(max + sizeof("…"));
	if (!cut)
		return;  /* the tooltip goes without it; the evidence has it */
	memcpy(cut, s, max);
	memcpy(cut + max, "…", sizeof("…"));
	text(r, cut);
	free(cut);
}

/* A place in a template, {{name}}: a value, always escaped, or markup that
 * write() makes there. */
struct slot {
	const char *name;
	const char *value;
	void (*write)(struct report *r, const void *arg);
	const void *arg;
};

/* Writes the template with each {{name}} filled from slots[0..n). */
static void fill(struct report *r, const struct embedded_text *tpl, const struct slot *slots,
		 size_t n)
{
	const char *at = tpl->text, *end = tpl->text + tpl->len;

	while (at < end) {
		const char *open = strstr(at, "{{"), *close = open ? strstr(open, "}}") : NULL;
		size_t k = 0;

		if (!close) {
			cli_write(r->cli, at, (size_t)(end - at));
			return;
		}
		cli_write(r->cli, at, (size_t)(open - at));
		while (k < n && (strlen(slots[k].name) != (size_t)(close - open - 2) ||
				 strncmp(slots[k].name, open + 2, (size_t)(close - open - 2)) != 0))
			k++;
		assert(k < n && "every slot of a template is filled");
		if (k < n && slots[k].write)
			slots[k].write(r, slots[k].arg);
		else if (k < n && slots[k].value)
			text(r, slots[k].value);
		at = close + 2;
	}
}

/* A position as it is typed (design §1): the stance, @point when one is
 * given, then mark ('!' a red line, '~' stated open, 0 nothing), into buf;
 * returns buf. */
static const char *position_symbol(char buf[32], int stance, int has_point, double point,
				   char mark)
{
	const char *sym = stance_stance_symbol(stance);
	char at[16] = "";

	if (has_point)
		snprintf(at, sizeof(at), "@%g", point);
	snprintf(buf, 32, "%s%s%.1s", sym ? sym : "?", at, mark ? &mark : "");
	return buf;
}

/* The CSS class of a stance: sm2, sm1 (minus), s0, s1, s2. */
static const char *stance_class(int v)
{
	static const char *const names[] = { "sm2", "sm1", "s0", "s1", "s2" };

	return v >= -2 && v <= 2 ? names[v + 2] : "s0";
}

/* The value of the stylesheet's declaration that follows key
 * (".s1{background:"), into buf. The colours are defined there alone: the
 * SVG, which takes colours as attributes, reads them from it. */
static void css_value(char *buf, size_t size, const char *key)
{
	const char *at = strstr(tpl_report_css.text, key);
	size_t n;

	assert(at && "the stylesheet declares what the report reads from it");
	at = at ? at + strlen(key) : "";
	n = strcspn(at, ";}");
	snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), at);
}

static void palette_load(struct palette *p)
{
	static const char *const keys[] = { ".sm2{background:", ".sm1{background:",
					    ".s0{background:", ".s1{background:",
					    ".s2{background:" };

	for (int v = 0; v < 5; v++)
		css_value(p->fill[v], sizeof(p->fill[v]), keys[v]);
	css_value(p->muted, sizeof(p->muted), "--muted:");
	css_value(p->none, sizeof(p->none), ".grid td.none{background:");
	css_value(p->zone, sizeof(p->zone), ".zone{background:");
}

/* The fill of a stance, from the palette. */
static const char *stance_fill(const struct report *r, int v)
{
	return r->palette.fill[v >= -2 && v <= 2 ? v + 2 : 2];
}

/* Which sections summarise instead of drawing everything. */
static int map_summarised(const struct report *r)
{
	return r->m->n > REPORT_MAX_MAP_PARTIES;
}

static int grid_summarised(const struct report *r)
{
	return r->issues.n && r->parties.n > REPORT_MAX_GRID_CELLS / r->issues.n;
}

static int summarised(const struct report *r)
{
	return map_summarised(r) || grid_summarised(r) || r->points_over ||
	       r->forecasts_over || r->evidence->n < r->evidence->total ||
	       r->parties.n > REPORT_MAX_PARTIES;
}

/* The stylesheet; only a page that summarises has the summaries' rules,
 * so that one drawn whole is as it was. */
static void styles(struct report *r, const void *arg)
{
	(void)arg;
	cli_write(r->cli, tpl_report_css.text, tpl_report_css.len);
	if (summarised(r))
		cli_write(r->cli, tpl_summary_css.text, tpl_summary_css.len);
}

/* What the page rests on: the date and the evidence filters, so that a
 * page read later says what it left out. Not --as-known: the page as known
 * at T is the page made at T, byte for byte (design §2 "As known"). */
static void scope_line(struct report *r, const void *arg)
{
	const stance_scope *s = &r->scope;

	(void)arg;
	if (r->as_of)
		put(r, "As of <strong>%s</strong>", r->as_of);
	else
		put(r, "All statements recorded");
	if (!s->min_credibility && !s->min_reliability && !s->nkinds)
		return;
	put(r, " &#183; <span id=\"filters\">only statements");
	if (s->min_credibility)
		put(r, " of credibility 1&#8211;%d (an unknown one counts as 6)", s->min_credibility);
	if (s->min_reliability)
		put(r, "%s from sources of reliability A&#8211;%c (none counts as F)",
		    s->min_credibility ? "," : "", s->min_reliability);
	for (size_t k = 0; k < s->nkinds; k++) {
		put(r, "%s", k ? (k + 1 < s->nkinds ? ", " : " or ") :
			    s->min_credibility || s->min_reliability ? ", of kind " : " of kind ");
		text(r, s->kinds[k]);
	}
	put(r, "</span>");
}

static size_t hard_conflicts(const struct report *r, size_t *all)
{
	size_t hard = 0;

	*all = 0;
	for (size_t a = 0; a < r->m->n; a++)
		for (size_t b = a + 1; b < r->m->n; b++) {
			*all += (size_t)r->m->cells[a * r->m->n + b].conflicts;
			hard += (size_t)r->m->cells[a * r->m->n + b].hard;
		}
	return hard;
}

/* The page up to its first section: the head, the title and the summary
 * line, the navigation. */
static void page_head(struct report *r)
{
	char title[32], parties[24], issues[24], positions[24], conflicts[24], hard[24];
	size_t all, nhard = hard_conflicts(r, &all);

	snprintf(title, sizeof(title), "%s%s", r->as_of ? " as of " : "", r->as_of ? r->as_of : "");
	snprintf(parties, sizeof(parties), "%zu", r->parties.n);
	snprintf(issues, sizeof(issues), "%zu", r->issues.n);
	snprintf(positions, sizeof(positions), "%zu", r->pos->n);
	snprintf(conflicts, sizeof(conflicts), "%zu", all);
	snprintf(hard, sizeof(hard), "%zu", nhard);
	fill(r, &tpl_page_head_html, (const struct slot[]){
		{ "version", stance_version(), NULL, NULL }, { "title", title, NULL, NULL },
		{ "style", NULL, styles, NULL }, { "scope", NULL, scope_line, NULL },
		{ "parties", parties, NULL, NULL }, { "issues", issues, NULL, NULL },
		{ "positions", positions, NULL, NULL }, { "conflicts", conflicts, NULL, NULL },
		{ "hard", hard, NULL, NULL } }, 9);
}

/* ---- summaries -------------------------------------------------------- */

/* n with thousands separators, "40,000", into buf; returns buf. */
static const char *grouped(char buf[32], size_t n)
{
	char digits[24];
	int len = snprintf(digits, sizeof(digits), "%zu", n), o = 0;

	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/* A party's name cell: the slug, then the name. */
static void party_cell(struct report *r, const char *slug)
{
	put(r, "<th scope=\"row\"><span class=\"slug\">%s</span> ", slug);
	bdi(r, entity_list_field(&r->parties, slug, STANCE_PARTY_NAME));
	put(r, "</th>");
}

/* An issue's cell: the title, then the slug. */
static void issue_cell(struct report *r, size_t i)
{
	const stance_entity *e = &r->issues.items[i];

	put(r, "<th scope=\"row\">");
	bdi(r, e->field[STANCE_ISSUE_TITLE]);
	put(r, " <span class=\"slug muted\">%s</span></th>", e->field[STANCE_ISSUE_SLUG]);
}

/* The k best of the items 0..n-1 that count (counts(ctx, i)) under
 * better(ctx, a, b) (a before b), into best[] (room for k), in order;
 * returns how many. One pass, so that choosing the 100 pairs in most
 * conflict among millions sorts none of them. */
static size_t top(size_t *best, size_t k, size_t n, const void *ctx,
		  int (*counts)(const void *ctx, size_t i),
		  int (*better)(const void *ctx, size_t a, size_t b))
{
	size_t have = 0;

	for (size_t i = 0; i < n; i++) {
		size_t at = have;

		if (!counts(ctx, i) || (have == k && !better(ctx, i, best[k - 1])))
			continue;
		while (at > 0 && better(ctx, i, best[at - 1]))
			at--;
		if (have < k)
			have++;
		memmove(best + at + 1, best + at, (have - 1 - at) * sizeof(*best));
		best[at] = i;
	}
	return have;
}

/* ---- the heat maps ---------------------------------------------------- */

/* Mixes the colours lo and hi (0xRRGGBB) by t in [0, 1]. */
static unsigned mix(unsigned lo, unsigned hi, double t)
{
	unsigned out = 0;

	for (int shift = 16; shift >= 0; shift -= 8) {
		double a = (lo >> shift) & 0xff, b = (hi >> shift) & 0xff;

		out |= (unsigned)(a + (b - a) * t + 0.5) << shift;
	}
	return out;
}

#define HEAT_LO 0xfff5eb
#define HEAT_HI 0xa50f15
#define CELL 34

/* One heat map of the matrix under metric, as SVG; max scales the
 * colours (the largest count, or 1 for the distance). */
static void heatmap(struct report *r, stance_metric metric, const char *caption, double max)
{
	const stance_matrix *m = r->m;
	size_t label = 0;
	int margin, size;

	for (size_t k = 0; k < m->n; k++)
		if (strlen(m->parties[k]) > label)
			label = strlen(m->parties[k]);
	margin = 14 + 8 * (int)label;
	size = margin + CELL * (int)m->n + 2;
	put(r, "<figure>\n<figcaption>%s</figcaption>\n", caption);
	if (!m->n) {
		put(r, "<p class=\"muted\">No party holds a position yet.</p>\n</figure>\n");
		return;
	}
	put(r, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" role=\"img\" "
	       "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-size=\"12\">\n",
	    size, size, size, size);
	for (size_t k = 0; k < m->n; k++) {
		int at = margin + CELL * (int)k + CELL / 2;

		put(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" dominant-baseline=\"middle\">"
		       "%s</text>\n", margin - 6, at, m->parties[k]);
		put(r, "<text transform=\"translate(%d %d) rotate(-90)\" "
		       "dominant-baseline=\"middle\">%s</text>\n", at, margin - 6, m->parties[k]);
	}
	for (size_t a = 0; a < m->n; a++) {
		for (size_t b = 0; b < m->n; b++) {
			const stance_matrix_cell *c = &m->cells[a * m->n + b];
			int x = margin + CELL * (int)b, y = margin + CELL * (int)a;
			double v = 0, t;
			int has = stance_matrix_value(&v, m, a, b, metric);
			char value[16];

			t = has && max > 0 ? v / max : 0;
			if (metric == STANCE_METRIC_DISTANCE)
				snprintf(value, sizeof(value), has ? "%.2f" : "-", v);
			else
				snprintf(value, sizeof(value), "%d", (int)v);
			put(r, "<g><title>%s / %s: %d conflicts, %d hard; %d shared issues",
			    m->parties[a], m->parties[b], c->conflicts, c->hard, c->shared);
			if (c->shared)
				put(r, ", mean distance %.2f", c->distance);
			put(r, "</title><rect class=\"cell\" x=\"%d\" y=\"%d\" width=\"%d\" "
			       "height=\"%d\" fill=\"#%06x\"", x, y, CELL - 1, CELL - 1,
			    a == b ? 0xeeeeeeu : has ? mix(HEAT_LO, HEAT_HI, t) : 0xf7f7f7u);
			/* the count map outlines the pairs in a hard conflict */
			if (metric != STANCE_METRIC_DISTANCE && a != b && c->hard)
				put(r, " stroke=\"#000\" stroke-width=\"2\"");
			put(r, "/><text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
			       "dominant-baseline=\"central\" fill=\"%s\" font-size=\"%d\">%s</text></g>\n",
			    x + CELL / 2, y + CELL / 2, t > 0.55 ? "#fff" : "#222",
			    metric == STANCE_METRIC_DISTANCE ? 9 : 12, a == b ? "" : value);
		}
	}
	put(r, "</svg>\n</figure>\n");
}

static void heat_legend(struct report *r, int max)
{
	put(r, "<div class=\"legend\"><span>Conflicts:</span>");
	for (int k = 0; k <= max && k <= 10; k++) {
		int v = max <= 10 ? k : k * max / 10;

		put(r, "<span><span class=\"sw\" style=\"background:#%06x\"></span>%d</span>",
		    mix(HEAT_LO, HEAT_HI, max ? (double)v / max : 0), v);
	}
	put(r, "<span><span class=\"sw\" style=\"background:#%06x;box-shadow:inset 0 0 0 2px #000\">"
	       "</span>a hard conflict (a red line) among them</span>"
	       "<span>Distance: mean |a &#8722; b| / 4 over the shared issues, "
	       "<span class=\"sw\" style=\"background:#%06x\"></span>0 to "
	       "<span class=\"sw\" style=\"background:#%06x\"></span>1; "
	       "&#8216;-&#8217;: no shared issue</span></div>\n",
	    mix(HEAT_LO, HEAT_HI, 0.5), HEAT_LO, HEAT_HI);
}

/* A party's conflicts with every other: its row of the matrix. */
struct rival_totals {
	size_t conflicts, hard, rivals;
};

struct matrix_rank {
	const stance_matrix *m;
	const struct rival_totals *totals;
};

static int has_conflicts(const void *ctx, size_t i)
{
	return ((const struct matrix_rank *)ctx)->totals[i].conflicts > 0;
}

/* Most conflicts, then most hard ones, then by slug. */
static int more_conflicts(const void *ctx, size_t a, size_t b)
{
	const struct rival_totals *t = ((const struct matrix_rank *)ctx)->totals;

	if (t[a].conflicts != t[b].conflicts)
		return t[a].conflicts > t[b].conflicts;
	if (t[a].hard != t[b].hard)
		return t[a].hard > t[b].hard;
	return a < b;
}

/* A pair is a cell (a, b) of the matrix, by its index a * n + b; each
 * pair counts once, as a < b, when the two conflict. */
static int pair_conflicts(const void *ctx, size_t i)
{
	const stance_matrix *m = ((const struct matrix_rank *)ctx)->m;

	return i % m->n > i / m->n && m->cells[i].conflicts > 0;
}

static int pair_more_conflicts(const void *ctx, size_t a, size_t b)
{
	const stance_matrix *m = ((const struct matrix_rank *)ctx)->m;
	const stance_matrix_cell *x = &m->cells[a], *y = &m->cells[b];

	if (x->conflicts != y->conflicts)
		return x->conflicts > y->conflicts;
	if (x->hard != y->hard)
		return x->hard > y->hard;
	return a < b;
}

/* Instead of the heat maps: the parties with the most conflicts and the
 * pairs in most conflict. */
static void matrix_summary(struct report *r)
{
	const stance_matrix *m = r->m;
	struct rival_totals *totals = calloc(m->n, sizeof(*totals));
	size_t *best = calloc(REPORT_MAX_ROWS, sizeof(*best)), n;
	struct matrix_rank rank = { m, totals };
	char a[32], b[32];

	if (!totals || !best) {
		/* a page that says less is better than none; the note says why */
		put(r, "<p class=\"note\">Out of memory: the matrix is not shown.</p>\n");
		goto done;
	}
	for (size_t i = 0; i < m->n; i++)
		for (size_t j = 0; j < m->n; j++) {
			const stance_matrix_cell *c = &m->cells[i * m->n + j];

			totals[i].conflicts += (size_t)c->conflicts;
			totals[i].hard += (size_t)c->hard;
			totals[i].rivals += c->conflicts > 0;
		}
	n = top(best, REPORT_MAX_ROWS, m->n, &rank, has_conflicts, more_conflicts);
	put(r, "<p class=\"note\">The matrix has %s parties; its heat maps are drawn for at "
	       "most %s. Below: the %zu parties with the most conflicts, and the pairs in most "
	       "conflict. <code>stance matrix --format csv</code> has every cell.</p>\n",
	    grouped(a, m->n), grouped(b, REPORT_MAX_MAP_PARTIES), n);
	put(r, "<table class=\"summary\" id=\"top-parties\"><thead><tr><th scope=\"col\">"
	       "party</th><th scope=\"col\">conflicts</th><th scope=\"col\">hard</th>"
	       "<th scope=\"col\">parties in conflict with it</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < n; k++) {
		const struct rival_totals *t = &totals[best[k]];

		put(r, "<tr>");
		party_cell(r, m->parties[best[k]]);
		put(r, "<td>%zu</td><td>%zu</td><td>%zu</td></tr>\n", t->conflicts, t->hard,
		    t->rivals);
	}
	put(r, "</tbody>\n</table>\n");
	n = top(best, REPORT_MAX_ROWS, m->n * m->n, &rank, pair_conflicts, pair_more_conflicts);
	put(r, "<table class=\"summary\" id=\"top-pairs\"><thead><tr><th scope=\"col\">"
	       "parties</th><th scope=\"col\">conflicts</th><th scope=\"col\">hard</th>"
	       "<th scope=\"col\">shared issues</th><th scope=\"col\">mean distance</th>"
	       "</tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < n; k++) {
		const stance_matrix_cell *c = &m->cells[best[k]];

		put(r, "<tr><th scope=\"row\"><span class=\"slug\">%s</span> / "
		       "<span class=\"slug\">%s</span></th><td>%d</td><td>%d</td><td>%d</td>"
		       "<td>%.2f</td></tr>\n", m->parties[best[k] / m->n],
		    m->parties[best[k] % m->n], c->conflicts, c->hard, c->shared, c->distance);
	}
	put(r, "</tbody>\n</table>\n");
done:
	free(totals);
	free(best);
}

static void matrix_maps(struct report *r, const void *arg)
{
	int max = *(const int *)arg;

	heatmap(r, STANCE_METRIC_CONFLICTS, "Conflicts", max);
	heatmap(r, STANCE_METRIC_DISTANCE, "Distance", 1.0);
}

static void matrix_legend(struct report *r, const void *arg)
{
	heat_legend(r, *(const int *)arg);
}

static void matrix_drawn(struct report *r, const void *arg)
{
	fill(r, &tpl_matrix_maps_html, (const struct slot[]){
		{ "legend", NULL, matrix_legend, arg }, { "maps", NULL, matrix_maps, arg } }, 2);
}

static void matrix_body(struct report *r, const void *arg)
{
	int max = 0;

	(void)arg;
	if (map_summarised(r)) {
		matrix_summary(r);
		return;
	}
	for (size_t k = 0; k < r->m->n * r->m->n; k++)
		if (r->m->cells[k].conflicts > max)
			max = r->m->cells[k].conflicts;
	matrix_drawn(r, &max);
}

static void matrix_section(struct report *r)
{
	fill(r, &tpl_matrix_html, (const struct slot[]){ { "body", NULL, matrix_body, NULL } }, 1);
}

/* ---- the grid --------------------------------------------------------- */

static void stance_legend(struct report *r, const void *arg)
{
	(void)arg;
	put(r, "<div class=\"legend\">");
	for (int v = -2; v <= 2; v++) {
		char sym[4];

		put(r, "<span><span class=\"sw %s\"></span>%s %s</span>", stance_class(v),
		    cli_stance_symbol(sym, v, 0), stance_stance_name(v));
	}
	/* the current red line (design §2), not only the positions stated with ! */
	put(r, "<span><span class=\"sw s0 rl\"></span>! red line (non-negotiable): set by !, "
	       "kept by later positions of the same sign without a suffix, ended by ~ or a "
	       "change of sign</span>"
	       "<span>+" CONDITION_MARK " on a condition (the tooltip and the evidence say "
	       "which)</span>"
	       "<span><span class=\"sw\" style=\"background:%s\"></span>not coded</span></div>\n",
	    r->palette.none);
}

static int has_positions(const void *ctx, size_t i)
{
	return ((const struct report *)ctx)->stats[i].parties > 0;
}

/* Most parties holding a position, then by slug. */
static int more_positions(const void *ctx, size_t a, size_t b)
{
	const struct issue_stats *st = ((const struct report *)ctx)->stats;

	return st[a].parties != st[b].parties ? st[a].parties > st[b].parties : a < b;
}

/* Instead of the grid: how many parties hold each stance, per issue. */
static void grid_summary(struct report *r)
{
	size_t *best = calloc(REPORT_MAX_ROWS, sizeof(*best)), n;
	char a[32], b[32], c[32], d[32];

	if (!best) {
		put(r, "<p class=\"note\">Out of memory: the positions are not shown.</p>\n");
		return;
	}
	n = top(best, REPORT_MAX_ROWS, r->issues.n, r, has_positions, more_positions);
	put(r, "<p class=\"note\">The grid would have %s issues × %s parties, %s cells; it is "
	       "drawn up to %s. Below: for the %zu issues most parties hold a position on, how "
	       "many hold each stance. <code>stance positions --format csv</code> lists every "
	       "position.</p>\n", grouped(a, r->issues.n), grouped(b, r->parties.n),
	    grouped(c, r->issues.n * r->parties.n), grouped(d, REPORT_MAX_GRID_CELLS), n);
	put(r, "<table class=\"summary\" id=\"stance-counts\"><thead><tr><th scope=\"col\">"
	       "issue</th><th scope=\"col\">parties</th>");
	for (int v = -2; v <= 2; v++) {
		char sym[4];

		put(r, "<th scope=\"col\" class=\"%s\">%s</th>", stance_class(v),
		    cli_stance_symbol(sym, v, 0));
	}
	put(r, "<th scope=\"col\">red lines</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < n; k++) {
		const struct issue_stats *st = &r->stats[best[k]];

		put(r, "<tr>");
		issue_cell(r, best[k]);
		put(r, "<td>%zu</td>", st->parties);
		for (int v = 0; v < 5; v++)
			put(r, "<td>%zu</td>", st->stances[v]);
		put(r, "<td>%zu</td></tr>\n", st->red_lines);
	}
	put(r, "</tbody>\n</table>\n");
	free(best);
}

static void grid_columns(struct report *r, const void *arg)
{
	(void)arg;
	for (size_t p = 0; p < r->parties.n; p++) {
		const stance_entity *e = &r->parties.items[p];

		put(r, "<th scope=\"col\" title=\"");
		text(r, e->field[STANCE_PARTY_NAME]);
		put(r, "\"><a href=\"#party-%s\">%s</a></th>", e->field[STANCE_PARTY_SLUG],
		    e->field[STANCE_PARTY_SLUG]);
	}
}

/* Where a red line kept from an earlier statement was set: "set on DATE"
 * when that statement is in the evidence, else "set earlier". */
static void red_line_origin(struct report *r, const char *setter)
{
	const struct stance_statement *st = evidence_find(r, setter);

	if (st)
		put(r, ", set on %s", st->said_on);
	else
		put(r, ", set earlier");
}

/* One cell: party's current position on issue, with its current red line
 * and whether it holds on a condition, linked to its statement. */
static void grid_cell(struct report *r, const char *party, const char *issue)
{
	const stance_current_position *cp = position(r, party, issue);
	const char *setter;
	char sym[32];

	if (!cp) {
		put(r, "<td class=\"none\" title=\"%s: not coded\"></td>", party);
		return;
	}
	setter = kept_from(cp);
	put(r, "<td class=\"%s%s%s\"", stance_class(cp->stance), cp->red_line ? " rl" : "",
	    cp->condition ? " cond" : "");
	if (cp->red_line)
		put(r, " data-red-line=\"%s\"", cp->red_line_statement ? cp->red_line_statement :
		    cp->statement);
	put(r, " title=\"%s on %s: %s", party, issue, stance_stance_name(cp->stance));
	if (cp->has_point)
		put(r, " at %g", cp->point);
	if (cp->red_line)
		put(r, " (red line");
	if (setter)
		red_line_origin(r, setter);
	put(r, "%s, %s", cp->red_line ? ")" : "", cp->said_on);
	if (cp->condition) {
		put(r, "; condition: ");
		text_cut(r, cp->condition, REPORT_MAX_TOOLTIP);
	}
	put(r, "\"><a href=\"#st-%s\">%s%s</a></td>", cp->statement,
	    position_symbol(sym, cp->stance, cp->has_point, cp->point, cp->red_line ? '!' : 0),
	    cp->condition ? CONDITION_MARK : "");
}

/* How far a row's title is indented per level of the issue tree, and at
 * most: deeper issues are shown at the deepest indent. */
#define GRID_INDENT 14
#define GRID_MAX_DEPTH 8

/* The issues in tree order: a parent's row is its group's heading (its
 * title in bold, its own positions in its cells), its children's rows
 * follow, indented, and name it (data-parent). */
static void grid_rows(struct report *r, const void *arg)
{
	(void)arg;
	for (size_t k = 0; k < r->issues.n; k++) {
		size_t i = r->tree.order[k], depth = r->tree.depth[i];
		const char *issue = r->issues.items[i].field[STANCE_ISSUE_SLUG];

		put(r, "<tr");
		if (r->tree.is_parent[i])
			put(r, " class=\"group\"");
		if (r->tree.parent[i] != NO_PARENT)
			put(r, " data-parent=\"%s\"",
			    r->issues.items[r->tree.parent[i]].field[STANCE_ISSUE_SLUG]);
		/* the title whole (it wraps), then the slug */
		put(r, "><th scope=\"row\"");
		if (depth)
			put(r, " style=\"padding-left:%zupx\"",
			    8 + GRID_INDENT * (depth < GRID_MAX_DEPTH ? depth : GRID_MAX_DEPTH));
		/* a link to the issue's timeline, which a summary does not draw */
		if (r->points_over)
			put(r, "><span>%s", r->tree.is_parent[i] ? "<strong>" : "");
		else
			put(r, "><a href=\"#issue-%s\">%s", issue,
			    r->tree.is_parent[i] ? "<strong>" : "");
		bdi(r, r->issues.items[i].field[STANCE_ISSUE_TITLE]);
		put(r, "%s</%s> <span class=\"slug muted\">%s</span></th>",
		    r->tree.is_parent[i] ? "</strong>" : "", r->points_over ? "span" : "a", issue);
		for (size_t p = 0; p < r->parties.n; p++)
			grid_cell(r, r->parties.items[p].field[STANCE_PARTY_SLUG], issue);
		put(r, "</tr>\n");
	}
}

static void grid_body(struct report *r, const void *arg)
{
	(void)arg;
	if (grid_summarised(r))
		grid_summary(r);
	else
		fill(r, &tpl_grid_table_html, (const struct slot[]){
			{ "columns", NULL, grid_columns, NULL }, { "rows", NULL, grid_rows, NULL } },
		     2);
}

static void grid_section(struct report *r)
{
	fill(r, &tpl_grid_html, (const struct slot[]){ { "legend", NULL, stance_legend, NULL },
						       { "body", NULL, grid_body, NULL } }, 2);
}

/* ---- the timelines ---------------------------------------------------- */

#define TL_WIDTH 720
#define TL_LEFT 120   /* party labels */
#define TL_RIGHT 700
#define TL_ROW 20
#define TL_TOP 6
#define TL_AXIS 22    /* dates below */

static int tl_x(const struct report *r, long day)
{
	long span = r->day_max - r->day_min;

	/* one date only: in the middle */
	if (span <= 0)
		return (TL_LEFT + TL_RIGHT) / 2;
	return TL_LEFT + (int)((day - r->day_min) * (TL_RIGHT - TL_LEFT) / span);
}

/* The points of one party on one issue: pts[0..n). */
static void tl_row(struct report *r, const struct point *pts, size_t n, int row)
{
	int mid = TL_TOP + row * TL_ROW + TL_ROW / 2;

	put(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>"
	       "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e3e3e3\"/>\n",
	    TL_LEFT - 8, mid, pts[0].pos->party, TL_LEFT, mid, TL_RIGHT, mid);
	/* a step line: each position holds until the next, the last to the end;
	 * its height is the stance, so a shift is a step */
	for (size_t k = 0; k < n; k++) {
		int x1 = tl_x(r, pts[k].day), x2 = k + 1 < n ? tl_x(r, pts[k + 1].day) : TL_RIGHT;
		int y = mid - 3 * pts[k].stance;

		put(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"4\"/>",
		    x1, y, x2 > x1 ? x2 : x1 + 1, y, stance_fill(r, pts[k].stance));
		if (k + 1 < n)
			put(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", x2, y,
			    x2, mid - 3 * pts[k + 1].stance);
	}
	for (size_t k = 0; k < n; k++) {
		const struct point *p = &pts[k];
		int x = tl_x(r, p->day), y = mid - 3 * p->stance;
		const char *colour = stance_fill(r, p->stance);

		/* the evidence holds the current positions' statements and the red
		 * lines' own: a superseded one has no entry to link to */
		int linked = evidence_find(r, p->statement) != NULL;

		if (linked)
			put(r, "\n<a href=\"#st-%s\">", p->statement);
		else
			put(r, "\n<g>");
		put(r, "<title>%s %s: %s", p->pos->party, p->said_on, stance_stance_name(p->stance));
		if (p->has_point)
			put(r, " at %g", p->point);
		/* the red line from this point on: set here, kept or ended */
		if (p->red_line)
			put(r, ", red line%s", p->stated == STANCE_RED_LINE_YES ? "" : " (kept)");
		else if (p->ended)
			put(r, ", red line ended");
		put(r, "%s%s</title>", p->reversal ? ", reversal" : p->shift ? ", shift" : "",
		    p->conditional ? ", on a condition" : "");
		/* a red line is a diamond, a shift has a ring, a reversal a thick one */
		if (p->red_line)
			put(r, "<path class=\"point\" d=\"M%d %dl6 6l-6 6l-6 -6z\" fill=\"%s\"",
			    x, y - 6, colour);
		else
			put(r, "<circle class=\"point\" cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%s\"", x, y,
			    p->shift ? 5 : 4, colour);
		if (p->reversal)
			put(r, " stroke=\"#000\" stroke-width=\"2.5\"");
		else if (p->shift || p->red_line)
			put(r, " stroke=\"#000\" stroke-width=\"1.2\"");
		else
			put(r, " stroke=\"#fff\"");
		put(r, "/></%s>", linked ? "a" : "g");
	}
	put(r, "\n");
}

/* ---- the timelines' time axis ---- */

/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar, and
 * back (H. Hinnant's days_from_civil and civil_from_days). */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + (yoe * 365 + yoe / 4 - yoe / 100 + doy) - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static const char *const month_names[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* At most this many ticks on an axis: a label is about 50 px wide. */
#define TL_MAX_TICKS 8

/* The ticks' unit: days (1, 2, 7 or 14 of them) for a span of up to two
 * months, months (1, 2, 3 or 6) up to six years, else years (1, 2, 5, 10,
 * ...): the smallest step that keeps at most TL_MAX_TICKS. */
struct tl_scale {
	int unit;   /* 0 days, 1 months, 2 years */
	long step;
};

static struct tl_scale tl_scale(long span)
{
	static const long day_steps[] = { 1, 2, 7, 14 }, month_steps[] = { 1, 2, 3, 6 };
	struct tl_scale sc = { 0, 1 };
	size_t k;

	if (span <= 62) {
		for (k = 0; k < 3 && span / day_steps[k] >= TL_MAX_TICKS; k++)
			;
		sc.step = day_steps[k];
	} else if (span <= 6 * 366) {
		sc.unit = 1;
		for (k = 0; k < 3 && span / (30 * month_steps[k]) >= TL_MAX_TICKS; k++)
			;
		sc.step = month_steps[k];
	} else {
		sc.unit = 2;
		for (sc.step = 1; span / (365 * sc.step) >= TL_MAX_TICKS;)
			sc.step *= sc.step % 10 == 2 ? 5 : 2;  /* 1, 2, 10, 20, 100: and 5, 50 */
	}
	return sc;
}

/* One tick at day, labelled. */
static void tl_tick(struct report *r, long day, int axis, const char *label)
{
	int x = tl_x(r, day);

	put(r, "<line class=\"tick\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	       "stroke=\"#999\"/><text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"%s\" "
	       "fill=\"%s\">%s</text>", x, axis, x, axis + 4, x, axis + 14,
	    x > TL_RIGHT - 24 ? "end" : "middle", r->palette.muted, label);
}

/* The axis below a timeline: the same scale for every issue (the first
 * and last dates of the whole report), with dated ticks at whole days,
 * months or years as the span needs; the first label has the year. */
static void tl_axis(struct report *r, int axis)
{
	struct tl_scale sc = tl_scale(r->day_max - r->day_min);
	long y, first;
	int m, d;
	char label[32];

	put(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>\n",
	    TL_LEFT, axis, TL_RIGHT, axis);
	civil_from_days(r->day_min, &y, &m, &d);
	/* the first whole unit at or after the first date, on a multiple of the
	 * step: months counted from year 0, so that quarters fall on quarters */
	first = sc.unit == 0 ? r->day_min : sc.unit == 1 ? y * 12 + (m - 1) + (d > 1) :
		y + (m > 1 || d > 1);
	if (sc.unit)
		first = (first + sc.step - 1) / sc.step * sc.step;
	for (long k = first, n = 0; n < 2 * TL_MAX_TICKS; k += sc.step, n++) {
		long day = sc.unit == 0 ? k : sc.unit == 1 ? days_from_civil(k / 12, (int)(k % 12) + 1, 1) :
			   days_from_civil(k, 1, 1);

		if (day > r->day_max)
			break;
		civil_from_days(day, &y, &m, &d);
		if (sc.unit == 2)
			snprintf(label, sizeof(label), "%ld", y);
		else if (sc.unit == 1)
			snprintf(label, sizeof(label), "%s%s%ld", month_names[m - 1], " ", y);
		else if (n == 0)
			snprintf(label, sizeof(label), "%d %s %ld", d, month_names[m - 1], y);
		else
			snprintf(label, sizeof(label), "%d %s", d, month_names[m - 1]);
		tl_tick(r, day, axis, label);
	}
}

/* The points of one issue's timeline: pts[0..n). */
struct tl_points {
	const struct point *pts;
	size_t n;
};

static void tl_svg(struct report *r, const void *arg)
{
	const struct point *pts = ((const struct tl_points *)arg)->pts;
	size_t n = ((const struct tl_points *)arg)->n;
	int rows = 0, height;

	if (!n) {
		put(r, "<p class=\"muted\">No position on this issue%s.</p>\n",
		    r->as_of ? " as of this date" : "");
		return;
	}
	for (size_t k = 0; k < n; k++)
		rows += !k || pts[k].pos != pts[k - 1].pos;
	height = TL_TOP + rows * TL_ROW + TL_AXIS;
	put(r, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tl\" role=\"img\" "
	       "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-size=\"11\">\n",
	    TL_WIDTH, height, TL_WIDTH, height);
	for (size_t k = 0, row = 0; k < n; row++) {
		size_t end = k + 1;

		while (end < n && pts[end].pos == pts[k].pos)
			end++;
		tl_row(r, pts + k, end - k, (int)row);
		k = end;
	}
	tl_axis(r, height - TL_AXIS + 4);
	put(r, "</svg>\n");
}

/* Under which issue a timeline's issue is, linked to its timeline. */
static void tl_parent(struct report *r, const void *arg)
{
	const stance_entity *parent = entity_list_find(&r->issues,
						       ((const stance_entity *)arg)->field[STANCE_ISSUE_PARENT]);

	if (!parent)
		return;
	put(r, "<p class=\"meta under\">under <a href=\"#issue-%s\">",
	    parent->field[STANCE_ISSUE_SLUG]);
	bdi(r, parent->field[STANCE_ISSUE_TITLE]);
	put(r, "</a></p>\n");
}

static void tl_issue(struct report *r, const stance_entity *issue, const struct point *pts,
		     size_t n)
{
	struct tl_points arg = { pts, n };

	fill(r, &tpl_timeline_html, (const struct slot[]){
		{ "slug", issue->field[STANCE_ISSUE_SLUG], NULL, NULL },
		{ "title", NULL, bdi_slot, issue->field[STANCE_ISSUE_TITLE] },
		{ "parent", NULL, tl_parent, issue },
		{ "body", NULL, tl_svg, &arg } }, 4);
}

/* Most shifts, then most reversals, then most positions, then by slug. */
static int more_shifts(const void *ctx, size_t a, size_t b)
{
	const struct issue_stats *st = ((const struct report *)ctx)->stats;

	if (st[a].shifts != st[b].shifts)
		return st[a].shifts > st[b].shifts;
	if (st[a].reversals != st[b].reversals)
		return st[a].reversals > st[b].reversals;
	return more_positions(ctx, a, b);
}

/* Instead of the timelines: the shifts and reversals per issue. */
static void timelines_summary(struct report *r)
{
	size_t *best = calloc(REPORT_MAX_ROWS, sizeof(*best)), n;
	char a[32], b[32];

	if (!best) {
		put(r, "<p class=\"note\">Out of memory: the timelines are not shown.</p>\n");
		return;
	}
	n = top(best, REPORT_MAX_ROWS, r->issues.n, r, has_positions, more_shifts);
	if (r->points_over == TOO_MANY_POINTS)
		put(r, "<p class=\"note\">The timelines would draw more than %s points, one for "
		       "every position taken by every party on every issue; they are drawn up to "
		       "that.", grouped(a, REPORT_MAX_POINTS));
	else
		put(r, "<p class=\"note\">The timelines would be %s boxes, one for every issue; "
		       "they are drawn for at most %s.", grouped(a, r->issues.n),
		    grouped(b, REPORT_MAX_TIMELINES));
	put(r, " Below: the %zu issues with the most shifts. <code>stance shifts</code> lists "
	       "every shift, <code>stance history --party P --issue I</code> a party's positions "
	       "on an issue.</p>\n", n);
	put(r, "<table class=\"summary\" id=\"shift-counts\"><thead><tr><th scope=\"col\">"
	       "issue</th><th scope=\"col\">parties</th><th scope=\"col\">shifts</th>"
	       "<th scope=\"col\">reversals</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < n; k++) {
		const struct issue_stats *st = &r->stats[best[k]];

		put(r, "<tr>");
		issue_cell(r, best[k]);
		put(r, "<td>%zu</td><td>%zu</td><td>%zu</td></tr>\n", st->parties, st->shifts,
		    st->reversals);
	}
	put(r, "</tbody>\n</table>\n");
	free(best);
}

/* The timelines of every issue, in the grid's order: the issue tree. */
static void timeline_boxes(struct report *r, const void *arg)
{
	(void)arg;
	for (size_t k = 0; k < r->issues.n; k++) {
		size_t i = r->tree.order[k];

		tl_issue(r, &r->issues.items[i], r->points + r->tl_first[i], r->tl_n[i]);
	}
}

static void timelines_body(struct report *r, const void *arg)
{
	(void)arg;
	if (r->points_over)
		timelines_summary(r);
	else
		fill(r, &tpl_timelines_boxes_html, (const struct slot[]){
			{ "legend", NULL, stance_legend, NULL },
			{ "timelines", NULL, timeline_boxes, NULL } }, 2);
}

static void timelines_section(struct report *r)
{
	fill(r, &tpl_timelines_html, (const struct slot[]){
		{ "body", NULL, timelines_body, NULL } }, 1);
}

/* ---- where will it land? ---------------------------------------------- */

#define FC_WIDTH 720
#define FC_LEFT 40     /* 0 on the issue's scale */
#define FC_RIGHT 680   /* 100 */
#define FC_ROW 16      /* a row of stacked marks */
#define FC_CHAR 7      /* the width of a label's character at 11 px, generously */
#define FC_GAP 4       /* between two marks in a row */
#define FC_MAX_END 40  /* bytes of an end's text drawn: its tooltip has it whole */

/* Clamping changed the model's forecast (beyond rounding). */
#define FC_MOVED(f, m) ((f)->has[m] && ((f)->clamped[m] - (f)->value[m] > 1e-9 || \
					 (f)->value[m] - (f)->clamped[m] > 1e-9))

static double fc_x(double point)
{
	return FC_LEFT + point * (FC_RIGHT - FC_LEFT) / 100.0;
}

/* A mark on an issue's line and its label, stacked in rows so that no two
 * overlap: several parties often hold one point. */
struct fc_mark {
	double x;          /* where it points, px */
	double from, to;   /* what the mark and its label cover, px */
	int label_left;    /* the label is on the mark's left (near the right end) */
	size_t row;        /* 0: the row nearest the line */
	size_t item;       /* whose mark: the caller's */
};

/* What a mark with a label of chars characters covers at x. */
static struct fc_mark fc_mark_at(double x, size_t chars, size_t item)
{
	struct fc_mark m = { .x = x, .item = item };
	double w = (double)(chars * FC_CHAR);

	/* on the left only when it would leave the picture on the right, and
	 * then only if it fits there or the left has more room */
	m.label_left = chars && x + 9 + w > FC_WIDTH - 2 && (x - 9 - w >= 2 || x > FC_WIDTH / 2);
	m.from = m.label_left ? x - 9 - w : x - 6;
	m.to = m.label_left ? x + 6 : x + 9 + w;
	return m;
}

static int fc_mark_order(const void *a, const void *b)
{
	const struct fc_mark *x = a, *y = b;

	if (x->x != y->x)
		return x->x < y->x ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

/* Rows for m[0..n), sorted by x: each mark goes to the first row where it
 * clears the one before it, so marks at one point stack and a dot plot
 * stays low. ends has room for n. Returns the rows. */
static size_t fc_stack(struct fc_mark *m, size_t n, double *ends)
{
	size_t rows = 0;

	qsort(m, n, sizeof(*m), fc_mark_order);
	for (size_t k = 0; k < n; k++) {
		size_t row = 0;

		while (row < rows && ends[row] + FC_GAP > m[k].from)
			row++;
		if (row == rows)
			rows++;
		ends[row] = m[k].to;
		m[k].row = row;
	}
	return rows;
}

/* A number as the page shows it: one decimal, as the table of `stance
 * forecast` does. */
static const char *fc_num(char buf[32], double x)
{
	snprintf(buf, 32, "%.1f", x);
	return buf;
}

/* Each model's mark (a hollow one at its value when clamping moves it), as
 * a path around (0, 0): not told apart by colour, and each is labelled. */
static const char *const fc_shapes[STANCE_MODELS] = {
	"m-6 -5h12l-6 10z",                      /* compromise: a triangle pointing to it */
	"m-5 -5h10v10h-10z",                     /* median: a square */
	"m-2 -6h4v4h4v4h-4v4h-4v-4h-4v-4h4z",    /* nash: a cross */
	"m-6 0l3 -5h6l3 5l-3 5h-6z",             /* fitted: a hexagon */
};

static void fc_glyph(struct report *r, stance_model m, double x, double y, int hollow)
{
	put(r, "<path class=\"model\" d=\"M%.1f %.1f%s\" fill=\"%s\" stroke=\"#222\" "
	       "stroke-width=\"1.2\"/>", x, y, fc_shapes[m], hollow ? "#fff" : "#222");
}

/* A party's mark: its point's stance as the colour, a diamond with a black
 * edge for a current red line (the label also says "!"). */
static void fc_party_glyph(struct report *r, const struct fc_party *p, double x, double y)
{
	const char *fill = stance_fill(r, stance_point_stance(p->point));

	if (p->red_line)
		put(r, "<path class=\"party rl\" d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\" fill=\"%s\" "
		       "stroke=\"#000\" stroke-width=\"1.5\"/>", x, y - 6, fill);
	else
		put(r, "<circle class=\"party\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" "
		       "stroke=\"#555\"/>", x, y, fill);
}

static void fc_label(struct report *r, const struct fc_mark *m, double y, const char *fmt, ...)
	CLI_PRINTF(4, 5);

/* The label of a mark, beside it. */
static void fc_label(struct report *r, const struct fc_mark *m, double y, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put(r, "<text x=\"%.1f\" y=\"%.1f\"%s dominant-baseline=\"middle\">%s</text>",
	    m->label_left ? m->x - 9 : m->x + 9, y, m->label_left ? " text-anchor=\"end\"" : "",
	    buf);
}

/* Where the model marks are: a forecast's marks, and the status quo's. */
#define FC_ITEM_HOLLOW 1            /* item = 2 * model + hollow */
#define FC_ITEM_STATUS_QUO (2 * STANCE_MODELS)

/* The status quo's point on the line: itself, or the end nearer it when it
 * lies beyond (design §1 allows any number). */
static double fc_status_quo_point(const struct forecast *f)
{
	return f->status_quo < 0 ? 0 : f->status_quo > 100 ? 100 : f->status_quo;
}

/* The marks above the line: each model's forecast, and the status quo. */
static size_t fc_model_marks(const struct forecast *f, struct fc_mark *m)
{
	size_t n = 0;
	char a[32], b[32];

	for (int k = 0; k < STANCE_MODELS; k++) {
		if (!f->has[k])
			continue;
		/* "compromise 62.5 → 50.0": the arrow is one character wide */
		m[n++] = fc_mark_at(fc_x(f->clamped[k]), strlen(stance_model_names[k]) + 1 +
				    strlen(fc_num(a, f->value[k])) +
				    (FC_MOVED(f, k) ? 3 + strlen(fc_num(b, f->clamped[k])) : 0),
				    2 * (size_t)k);
		if (FC_MOVED(f, k))
			m[n++] = fc_mark_at(fc_x(f->value[k]), 0, 2 * (size_t)k + FC_ITEM_HOLLOW);
	}
	if (f->has_status_quo) {
		int n_chars = snprintf(a, sizeof(a), "%g", f->status_quo);

		m[n++] = fc_mark_at(fc_x(fc_status_quo_point(f)),
				    sizeof("status quo ") - 1 + (size_t)n_chars +
				    (fc_status_quo_point(f) != f->status_quo ? 2 : 0),
				    FC_ITEM_STATUS_QUO);
	}
	return n;
}

/* What the page says of a model's value: "62.5", or "62.5 → 50.0" when
 * clamping into the zone moved it. */
static void fc_value(struct report *r, const struct forecast *f, stance_model k)
{
	char a[32], b[32];

	if (FC_MOVED(f, k))
		put(r, "%s &#8594; %s", fc_num(a, f->value[k]), fc_num(b, f->clamped[k]));
	else
		put(r, "%s", fc_num(a, f->value[k]));
}

/* The status quo's mark: on the line, or at the end nearer it with an
 * arrow pointing beyond. */
static void fc_draw_status_quo(struct report *r, const struct forecast *f,
			       const struct fc_mark *m, double y)
{
	double sq = fc_status_quo_point(f);

	put(r, "\n<g class=\"status-quo\"><title>status quo: %g</title>"
	       "<path d=\"M%.1f %.1fv10\" stroke=\"#222\" stroke-width=\"3\"/>",
	    f->status_quo, m->x, y - 5);
	fc_label(r, m, y, "%sstatus quo %g%s", f->status_quo < sq ? "&#8592; " : "",
		 f->status_quo, f->status_quo > sq ? " &#8594;" : "");
	put(r, "</g>");
}

/* A model's mark: filled at its forecast (clamped into the zone), hollow
 * at its value as computed when clamping moved it. */
static void fc_draw_model(struct report *r, const struct forecast *f, const struct fc_mark *m,
			  double y)
{
	stance_model model = (stance_model)(m->item / 2);
	int hollow = (m->item & FC_ITEM_HOLLOW) != 0;
	char a[32], b[32];

	put(r, "\n<g class=\"forecast-mark\" data-model=\"%s\"><title>%s: %s",
	    stance_model_names[model], stance_model_names[model], fc_num(a, f->value[model]));
	if (FC_MOVED(f, model) && hollow)
		put(r, " as computed, outside the zone");
	else if (FC_MOVED(f, model))
		put(r, ", clamped into the zone: %s", fc_num(b, f->clamped[model]));
	put(r, "</title>");
	fc_glyph(r, model, m->x, y, hollow);
	if (!hollow) {
		put(r, "<text x=\"%.1f\" y=\"%.1f\"%s dominant-baseline=\"middle\">%s ",
		    m->label_left ? m->x - 9 : m->x + 9, y,
		    m->label_left ? " text-anchor=\"end\"" : "", stance_model_names[model]);
		fc_value(r, f, model);
		put(r, "</text>");
	}
	put(r, "</g>");
}

/* The model marks, in their rows above the line at axis, each with a line
 * down to its point; the lines first, so that no line crosses a label. */
static void fc_draw_models(struct report *r, const struct forecast *f, const struct fc_mark *m,
			   size_t n, double axis)
{
	for (size_t k = 0; k < n; k++)
		if (m[k].item != FC_ITEM_STATUS_QUO)
			put(r, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			       "stroke=\"#222\" stroke-dasharray=\"1 2\"/>", m[k].x,
			    axis - 9 - FC_ROW * (double)m[k].row, m[k].x, axis);
	for (size_t k = 0; k < n; k++) {
		double y = axis - 14 - FC_ROW * (double)m[k].row;

		if (m[k].item == FC_ITEM_STATUS_QUO)
			fc_draw_status_quo(r, f, &m[k], y);
		else
			fc_draw_model(r, f, &m[k], y);
	}
}

/* What a party's tooltip says of its inputs. */
static void fc_party_title(struct report *r, const struct fc_party *p)
{
	char a[32];

	put(r, "<title>%s at %s: salience %g%s, capability %g%s%s</title>", p->party,
	    fc_num(a, p->point), p->salience, p->assumed_salience ? " (assumed)" : "",
	    p->capability, p->assumed_capability ? " (assumed)" : "",
	    p->red_line ? "; a red line" : "");
}

/* The party marks, in their rows below the line at axis, each linked to the
 * statement of its current position when the evidence shows it; their
 * lines up to the line first, so that none crosses a label. */
static void fc_draw_parties(struct report *r, const struct forecast *f, const struct fc_mark *m,
			    size_t n, double axis)
{
	/* marks at one x come in rising rows (fc_stack()): one line to the
	 * last of them serves them all */
	for (size_t k = 0; k < n; k++)
		if (k + 1 == n || m[k + 1].x != m[k].x)
			put(r, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			       "stroke=\"#bbb\"/>", m[k].x, axis, m[k].x,
			    axis + 38 + FC_ROW * (double)m[k].row);
	for (size_t k = 0; k < n; k++) {
		const struct fc_party *p = &f->parties[m[k].item];
		double y = axis + 44 + FC_ROW * (double)m[k].row;
		const struct stance_statement *st = evidence_find(r, p->statement);

		put(r, "\n<g class=\"party-mark\" data-party=\"%s\">", p->party);
		if (st)
			put(r, "<a href=\"#st-%s\">", st->id);
		fc_party_title(r, p);
		fc_party_glyph(r, p, m[k].x, y);
		fc_label(r, &m[k], y, "%s%s", p->party, p->red_line ? "!" : "");
		put(r, "%s</g>", st ? "</a>" : "");
	}
}

/* The line from 0 to 100: the zone shaded, the ticks, and the issue's
 * texts for its ends when it has them. */
static void fc_draw_line(struct report *r, const struct forecast *f, const stance_entity *issue,
			 double axis, int height)
{
	double lo = fc_x(f->zone_low), hi = fc_x(f->zone_high);
	char a[32], b[32];

	put(r, "<g class=\"zone\"><title>the zone no current red line rules out: %s to %s"
	       "</title><rect x=\"%.1f\" y=\"2\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
	    fc_num(a, f->zone_low), fc_num(b, f->zone_high), lo, hi - lo > 2 ? hi - lo : 2,
	    height - 4, r->palette.zone);
	/* an end a red line sets is drawn as a wall */
	if (f->zone_low > 0)
		put(r, "<line x1=\"%.1f\" y1=\"2\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\" "
		       "stroke-width=\"2\"/>", lo, lo, height - 2);
	if (f->zone_high < 100)
		put(r, "<line x1=\"%.1f\" y1=\"2\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\" "
		       "stroke-width=\"2\"/>", hi, hi, height - 2);
	put(r, "</g>\n<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#777\"/>",
	    FC_LEFT, axis, FC_RIGHT, axis);
	for (int t = 0; t <= 100; t += 25)
		put(r, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#777\"/>"
		       "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">%d</text>",
		    fc_x(t), axis - 3, fc_x(t), axis + 3, fc_x(t), axis + 15, r->palette.muted, t);
	if (f->has_status_quo && f->status_quo >= 0 && f->status_quo <= 100)
		put(r, "<line class=\"status-quo\" x1=\"%.1f\" y1=\"2\" x2=\"%.1f\" y2=\"%d\" "
		       "stroke=\"#222\" stroke-dasharray=\"4 3\"/>", fc_x(f->status_quo),
		    fc_x(f->status_quo), height - 2);
	for (int end = 0; end < 2; end++) {
		const char *said = issue ? issue->field[end ? STANCE_ISSUE_HIGH : STANCE_ISSUE_LOW] :
				   NULL;

		if (!said)
			continue;
		put(r, "\n<text class=\"end\" x=\"%d\" y=\"%.1f\"%s fill=\"%s\"><title>", end ?
		    FC_RIGHT : FC_LEFT, axis + 29, end ? " text-anchor=\"end\"" : "",
		    r->palette.muted);
		svg_text(r, said);
		put(r, "</title>%s\u2068", end ? "" : "&#8592; ");
		text_cut(r, said, FC_MAX_END);
		put(r, "\u2069");
		put(r, "%s</text>", end ? " &#8594;" : "");
	}
}

/* The marks of one picture: the parties' and the models', and room for
 * stacking either. */
struct fc_layout {
	struct fc_mark *parties, *models;
	double *ends;
	size_t nparties, nmodels, party_rows, model_rows;
};

static int fc_layout(struct fc_layout *l, const struct forecast *f)
{
	l->parties = malloc((f->nparties + 1) * sizeof(*l->parties));
	l->models = malloc((2 * STANCE_MODELS + 1) * sizeof(*l->models));
	l->ends = malloc((f->nparties + 2 * STANCE_MODELS + 1) * sizeof(*l->ends));
	if (!l->parties || !l->models || !l->ends)
		return STANCE_ENOMEM;
	for (size_t k = 0; k < f->nparties; k++)
		l->parties[k] = fc_mark_at(fc_x(f->parties[k].point),
					   strlen(f->parties[k].party) + (f->parties[k].red_line != 0),
					   k);
	l->nparties = f->nparties;
	l->party_rows = fc_stack(l->parties, l->nparties, l->ends);
	l->nmodels = fc_model_marks(f, l->models);
	l->model_rows = fc_stack(l->models, l->nmodels, l->ends);
	return 0;
}

static void fc_layout_free(struct fc_layout *l)
{
	free(l->parties);
	free(l->models);
	free(l->ends);
}

/* One issue's picture: the models above its line, the parties below. */
static void fc_svg(struct report *r, const struct forecast *f, const stance_entity *issue)
{
	struct fc_layout l = { 0 };
	double axis;
	int height;

	if (fc_layout(&l, f)) {
		put(r, "<p class=\"note\">Out of memory: the picture is not drawn.</p>\n");
		goto done;
	}
	axis = 10 + FC_ROW * (double)(l.model_rows ? l.model_rows : 1) + 6;
	height = (int)(axis + 44 + FC_ROW * (double)(l.party_rows ? l.party_rows - 1 : 0) + 10);
	put(r, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fc\" role=\"img\" "
	       "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-size=\"11\">\n"
	       "<title>Where %s may land: the parties' positions and the models' forecasts"
	       "</title>\n", FC_WIDTH, height, FC_WIDTH, height, f->issue);
	fc_draw_line(r, f, issue, axis, height);
	fc_draw_models(r, f, l.models, l.nmodels, axis);
	fc_draw_parties(r, f, l.parties, l.nparties, axis);
	put(r, "\n</svg>\n");
done:
	fc_layout_free(&l);
}

/* Why a model gives no forecast. */
static const char *fc_why_none(const struct forecast *f, stance_model k)
{
	if (k == STANCE_MODEL_NASH)
		return f->has_status_quo ? "no outcome beats the status quo for every party" :
					   "the issue has no status quo";
	if (k == STANCE_MODEL_FITTED && !f->fit_outcomes)
		return "no outcome recorded to fit to";
	return "every party's weight is 0";
}

/* A list of slugs, "a, b, c", inside an element of class cls that also
 * holds them in data-parties, separated by spaces. */
static void fc_slugs(struct report *r, const char *cls, char *const *slugs, size_t n)
{
	put(r, "<span class=\"%s\" data-parties=\"", cls);
	for (size_t k = 0; k < n; k++)
		put(r, "%s%s", k ? " " : "", slugs[k]);
	put(r, "\">");
	for (size_t k = 0; k < n; k++)
		put(r, "%s<span class=\"slug\">%s</span>", k ? ", " : "", slugs[k]);
	put(r, "</span>");
}

/* The parties whose salience (or capability) the models assumed. */
static void fc_assumed(struct report *r, const struct forecast *f, int capability)
{
	size_t n = capability ? f->nassumed_capability : f->nassumed_salience;

	put(r, "<span class=\"assumed-%s\" data-parties=\"", capability ? "capability" : "salience");
	for (size_t k = 0, i = 0; k < f->nparties; k++)
		if (capability ? f->parties[k].assumed_capability : f->parties[k].assumed_salience)
			put(r, "%s%s", i++ ? " " : "", f->parties[k].party);
	put(r, "\">");
	if (!n)
		put(r, "none");
	else if (n == f->nparties)
		put(r, "all %zu:", n);
	else
		put(r, "%zu of %zu:", n, f->nparties);
	for (size_t k = 0, i = 0; k < f->nparties; k++)
		if (capability ? f->parties[k].assumed_capability : f->parties[k].assumed_salience)
			put(r, "%s <span class=\"slug\">%s</span>", i++ ? "," : "",
			    f->parties[k].party);
	put(r, "</span>");
}

static void fc_models_table(struct report *r, const struct forecast *f)
{
	put(r, "<table class=\"fc-models\"><thead><tr><th scope=\"col\">model</th>"
	       "<th scope=\"col\">forecast</th><th scope=\"col\">in the zone</th></tr></thead>"
	       "\n<tbody>\n");
	for (int k = 0; k < STANCE_MODELS; k++) {
		char a[32], b[32], v[32], c[32];

		put(r, "<tr data-model=\"%s\"", stance_model_names[k]);
		if (f->has[k])
			put(r, " data-value=\"%s\" data-clamped=\"%s\"",
			    cli_format_double(v, f->value[k]), cli_format_double(c, f->clamped[k]));
		put(r, "><th scope=\"row\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"key\" "
		       "viewBox=\"0 0 14 14\" width=\"14\" height=\"14\">");
		fc_glyph(r, (stance_model)k, 7, 7, 0);
		put(r, "</svg> %s</th>", stance_model_names[k]);
		if (!f->has[k])
			put(r, "<td colspan=\"2\" class=\"muted\">none: %s</td></tr>\n",
			    fc_why_none(f, (stance_model)k));
		else
			put(r, "<td>%s</td><td>%s%s</td></tr>\n", fc_num(a, f->value[k]),
			    fc_num(b, f->clamped[k]), FC_MOVED(f, k) ? " (clamped)" : "");
	}
	put(r, "</tbody>\n</table>\n");
}

static void fc_inputs_table(struct report *r, const struct forecast *f)
{
	put(r, "<table class=\"fc-inputs\"><thead><tr><th scope=\"col\">party</th>"
	       "<th scope=\"col\">point</th><th scope=\"col\">salience</th>"
	       "<th scope=\"col\">capability</th><th scope=\"col\">weight</th></tr></thead>\n"
	       "<tbody>\n");
	for (size_t k = 0; k < f->nparties; k++) {
		const struct fc_party *p = &f->parties[k];
		const struct stance_statement *st = evidence_find(r, p->statement);
		char a[32];

		put(r, "<tr data-party=\"%s\"><th scope=\"row\">", p->party);
		if (st)
			put(r, "<a href=\"#st-%s\">%s</a>", st->id, p->party);
		else
			put(r, "%s", p->party);
		put(r, "%s</th><td>%s</td><td>%g%s</td><td>%g%s</td><td>%g</td></tr>\n",
		    p->red_line ? " <span class=\"rl-mark\" title=\"a current red line\">!</span>" :
		    "", fc_num(a, p->point), p->salience,
		    p->assumed_salience ? " <span class=\"muted\">assumed</span>" : "", p->capability,
		    p->assumed_capability ? " <span class=\"muted\">assumed</span>" : "",
		    p->salience * p->capability);
	}
	put(r, "</tbody>\n</table>\n");
}

/* What the picture rests on, in words: the zone and who bounds it, the
 * band, the status quo, the fit, and the assumed inputs. */
static void fc_facts(struct report *r, const struct forecast *f)
{
	char a[32], b[32], lo[32], hi[32];

	put(r, "<ul class=\"fc-facts\">\n<li>The zone: <span class=\"zone-range\" "
	       "data-low=\"%s\" data-high=\"%s\">%s&#8211;%s</span>, ",
	    cli_format_double(lo, f->zone_low), cli_format_double(hi, f->zone_high),
	    fc_num(a, f->zone_low), fc_num(b, f->zone_high));
	if (f->nbounded) {
		put(r, "bounded by the red line%s of ", f->nbounded > 1 ? "s" : "");
		fc_slugs(r, "bounded-by", f->bounded_by, f->nbounded);
	} else {
		fc_slugs(r, "bounded-by", f->bounded_by, 0);
		put(r, "no current red line rules an outcome out");
	}
	put(r, ".</li>\n");
	if (f->has_stance)
		put(r, "<li>The clamped compromise is in the band <strong class=\"band\">%s"
		       "</strong>.</li>\n", stance_stance_name(f->stance));
	if (f->has_status_quo)
		put(r, "<li>The status quo: <span class=\"status-quo\">%s</span>.</li>\n",
		    cli_format_double(a, f->status_quo));
	if (f->fit_outcomes)
		put(r, "<li>The fitted model learnt from <span class=\"fit-outcomes\">%zu</span> "
		       "outcome%s.</li>\n", f->fit_outcomes, f->fit_outcomes == 1 ? "" : "s");
	put(r, "<li>Assumed salience (100 for a red line, else 50): ");
	fc_assumed(r, f, 0);
	put(r, ".</li>\n<li>Assumed capability (1): ");
	fc_assumed(r, f, 1);
	put(r, ".</li>\n</ul>\n");
}

static void fc_box(struct report *r, const struct forecast *f)
{
	const stance_entity *issue = entity_list_find(&r->issues, f->issue);

	put(r, "<div class=\"forecast\" id=\"forecast-%s\">\n<h3>", f->issue);
	bdi(r, issue ? issue->field[STANCE_ISSUE_TITLE] : f->issue);
	put(r, " <span class=\"slug muted\">%s</span>", f->issue);
	/* every issue has a timeline box unless the timelines are summarised */
	if (!r->points_over)
		put(r, " <a class=\"muted\" href=\"#issue-%s\">timeline</a>", f->issue);
	put(r, "</h3>\n");
	fc_svg(r, f, issue);
	put(r, "<div class=\"fc-numbers\">\n");
	fc_models_table(r, f);
	fc_inputs_table(r, f);
	put(r, "</div>\n");
	fc_facts(r, f);
	put(r, "</div>\n");
}

static void fc_legend(struct report *r)
{
	put(r, "<div class=\"legend\">");
	for (int k = 0; k < STANCE_MODELS; k++) {
		put(r, "<span><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"key\" "
		       "viewBox=\"0 0 14 14\" width=\"14\" height=\"14\">");
		fc_glyph(r, (stance_model)k, 7, 7, 0);
		put(r, "</svg> %s</span>", stance_model_names[k]);
	}
	put(r, "<span><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"key\" "
	       "viewBox=\"0 0 14 14\" width=\"14\" height=\"14\">");
	fc_glyph(r, STANCE_MODEL_COMPROMISE, 7, 7, 1);
	put(r, "</svg> as computed, when clamping into the zone moves it (&#8594;)</span>"
	       "<span><span class=\"sw zone\"></span>the zone no current red line rules out"
	       "</span><span><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"key\" "
	       "viewBox=\"0 0 14 14\" width=\"14\" height=\"14\"><circle cx=\"7\" cy=\"7\" "
	       "r=\"5\" fill=\"%s\" stroke=\"#555\"/></svg> a party, coloured by the stance of "
	       "its point</span><span><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"key\" "
	       "viewBox=\"0 0 14 14\" width=\"14\" height=\"14\"><path d=\"M7 1l6 6l-6 6l-6 -6z\" "
	       "fill=\"%s\" stroke=\"#000\" stroke-width=\"1.5\"/></svg> a party holding a red "
	       "line (! after its name)</span><span><svg xmlns=\"http://www.w3.org/2000/svg\" "
	       "class=\"key\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\"><path "
	       "d=\"M7 1v12\" stroke=\"#222\" stroke-dasharray=\"4 3\"/></svg> the status quo"
	       "</span></div>\n", stance_fill(r, 0), stance_fill(r, 0));
}

/* The issues with a forecast, ranked by their parties (then by slug). */
static int fc_counts(const void *ctx, size_t i)
{
	(void)ctx;
	(void)i;
	return 1;
}

static int fc_more_parties(const void *ctx, size_t a, size_t b)
{
	const struct forecast *f = ((const struct report *)ctx)->forecasts;

	return f[a].nparties != f[b].nparties ? f[a].nparties > f[b].nparties : a < b;
}

/* Instead of the pictures: the numbers of the issues most parties bargain
 * on. */
static void forecasts_summary(struct report *r)
{
	size_t *best = calloc(REPORT_MAX_ROWS, sizeof(*best)), n;
	char a[32], b[32], c[32], d[32];

	if (!best) {
		put(r, "<p class=\"note\">Out of memory: the forecasts are not shown.</p>\n");
		return;
	}
	n = top(best, REPORT_MAX_ROWS, r->nforecasts, r, fc_counts, fc_more_parties);
	put(r, "<p class=\"note\">There are forecasts for %s issues with %s parties' positions "
	       "among them; they are drawn for at most %s issues and %s parties' marks. Below: "
	       "the %zu issues most parties hold a position on. <code>stance forecast</code> "
	       "lists every issue with its inputs.</p>\n", grouped(a, r->nforecasts),
	    grouped(b, r->fc_marks), grouped(c, REPORT_MAX_FORECASTS),
	    grouped(d, REPORT_MAX_FORECAST_MARKS), n);
	put(r, "<table class=\"summary\" id=\"forecast-counts\"><thead><tr><th scope=\"col\">"
	       "issue</th><th scope=\"col\">parties</th>");
	for (int k = 0; k < STANCE_MODELS; k++)
		put(r, "<th scope=\"col\">%s</th>", stance_model_names[k]);
	put(r, "<th scope=\"col\">zone</th><th scope=\"col\">bounded by</th>"
	       "<th scope=\"col\">assumed salience</th><th scope=\"col\">assumed capability</th>"
	       "</tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < n; k++) {
		const struct forecast *f = &r->forecasts[best[k]];

		put(r, "<tr data-issue=\"%s\">", f->issue);
		issue_cell(r, issue_index(r, f->issue));
		put(r, "<td>%zu</td>", f->nparties);
		for (int m = 0; m < STANCE_MODELS; m++) {
			put(r, "<td>");
			if (f->has[m])
				fc_value(r, f, (stance_model)m);
			else
				put(r, "&#8211;");
			put(r, "</td>");
		}
		put(r, "<td>%s&#8211;%s</td><td class=\"l\">", fc_num(a, f->zone_low),
		    fc_num(b, f->zone_high));
		fc_slugs(r, "bounded-by", f->bounded_by, f->nbounded);
		put(r, "</td><td>%zu</td><td>%zu</td></tr>\n", f->nassumed_salience,
		    f->nassumed_capability);
	}
	put(r, "</tbody>\n</table>\n");
	free(best);
}

static void forecast_section(struct report *r)
{
	put(r, "<section id=\"forecast\">\n<h2>Where will it land?</h2>\n<p class=\"muted\">"
	       "For each issue, where the bargaining models put the outcome, from the parties' "
	       "current positions (their points on the issue's scale from 0 to 100), their "
	       "salience (how much the issue matters to them) and their capability (their "
	       "weight in the talks). <em>compromise</em>: the mean of the points weighted by "
	       "capability &#215; salience; <em>median</em>: the weighted median; "
	       "<em>nash</em>: the Nash bargaining solution from the issue's status quo; "
	       "<em>fitted</em>: the compromise with capabilities fitted to the recorded "
	       "outcomes. The shaded zone is what no current red line rules out, and each "
	       "forecast is also given clamped into it. Without an assessment a party's "
	       "salience is taken as 100 when it holds a red line, else 50, and its capability "
	       "as 1: each issue says whose inputs were assumed. Marks link to the statements "
	       "behind the positions.</p>\n");
	if (!r->nforecasts) {
		put(r, "<p class=\"muted\">No party holds a position%s: there is nothing to "
		       "forecast.</p>\n", r->as_of ? " as of this date" : " yet");
	} else if (r->forecasts_over) {
		forecasts_summary(r);
	} else {
		fc_legend(r);
		put(r, "<div class=\"forecasts\">\n");
		for (size_t k = 0; k < r->nforecasts; k++)
			fc_box(r, &r->forecasts[k]);
		put(r, "</div>\n");
	}
	put(r, "</section>\n");
}

/* ---- the evidence ----------------------------------------------------- */

/* Whether a URL may become a link: only the web's own schemes, never
 * javascript: or data:, since the text is untrusted. */
static int linkable(const char *url)
{
	return url && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0);
}

/* A URL: a link when it may be one, else its text. */
static void url_cell(struct report *r, const char *u)
{
	if (linkable(u)) {
		put(r, "<a href=\"");
		text(r, u);
		put(r, "\" rel=\"noreferrer\">");
		text(r, u);
		put(r, "</a>");
	} else if (u) {
		text(r, u);
	}
}

static void url(struct report *r, const char *u)
{
	if (!u)
		return;
	put(r, " &#183; ");
	url_cell(r, u);
}

/* The statement is behind no current position nor a red line one keeps:
 * the library says so (stance_evidence_gather()). */
static int superseded(const struct report *r, const stance_statement *st)
{
	const stance_evidence *e = r->evidence;

	for (size_t k = 0; k < e->n; k++)
		if (e->items[k] == st)
			return e->superseded[k];
	return 0;
}

/* A name, linked to its row of the appendix when the appendix lists it. */
static void appendix_link(struct report *r, const struct entity_list *l, const char *type,
			  const char *slug, const char *name)
{
	const stance_entity *e = entity_list_find(l, slug);
	int listed = e && (size_t)(e - l->items) < REPORT_MAX_PARTIES;

	if (listed)
		put(r, "<a href=\"#%s-%s\">", type, slug);
	bdi(r, name);
	if (listed)
		put(r, "</a>");
}

/* Who said it, in what, read where: the line above the quote. */
static void evidence_meta(struct report *r, const void *arg)
{
	const stance_statement *st = arg;
	const char *actor = entity_list_field(&r->actors, st->actor, STANCE_ACTOR_NAME);
	const char *role = entity_list_field(&r->actors, st->actor, STANCE_ACTOR_ROLE);
	const char *source = entity_list_field(&r->sources, st->source, STANCE_SOURCE_NAME);
	const char *reliability = entity_list_field(&r->sources, st->source,
						    STANCE_SOURCE_RELIABILITY);

	if (superseded(r, st))
		put(r, "<span class=\"tag\">superseded</span> ");
	bdi(r, entity_list_field(&r->parties, st->party, STANCE_PARTY_NAME));
	if (actor) {
		put(r, " &#183; ");
		appendix_link(r, &r->actors, "actor", st->actor, actor);
		if (role) {
			put(r, ", ");
			bdi(r, role);
		}
	}
	put(r, " &#183; %s", st->kind ? st->kind : "quote");
	if (source) {
		put(r, " &#183; via ");
		appendix_link(r, &r->sources, "source", st->source, source);
		if (reliability)
			put(r, " (reliability %s)", reliability);
	}
	if (st->credibility)
		put(r, " &#183; credibility %d", st->credibility);
	url(r, st->url);
}

/* What a chip's title says of the position p of statement st, whose
 * party's current position on the issue is cp (NULL: none in scope). */
static const char *chip_role(const stance_statement *st, const stance_current_position *cp)
{
	if (cp && strcmp(cp->statement, st->id) == 0)
		return ": the current position";
	if (cp && kept_from(cp) && strcmp(kept_from(cp), st->id) == 0)
		return ": since superseded; the red line it set holds";
	return ": since superseded";
}

/* One position of a statement, a link to its issue's timeline: what the
 * statement said (! and ~ as stated), marked as a red line when it set one
 * or, as the current position, holds one kept from an earlier statement,
 * which it then names. */
static void evidence_chip(struct report *r, const stance_statement *st, const stance_position *p)
{
	const stance_current_position *cp = position(r, st->party, p->issue);
	int current = cp && strcmp(cp->statement, st->id) == 0;
	int red = p->red_line == STANCE_RED_LINE_YES || (current && cp->red_line);
	char sym[32];

	/* an issue the filters leave out, or timelines summarised, have no box */
	int linked = !r->points_over && entity_list_find(&r->issues, p->issue);

	if (linked)
		put(r, "<a class=\"chip %s%s\" href=\"#issue-%s\"", stance_class(p->stance),
		    red ? " rl" : "", p->issue);
	else
		put(r, "<span class=\"chip %s%s\"", stance_class(p->stance), red ? " rl" : "");
	put(r, " title=\"%s%s\">%s %s</%s>", stance_stance_name(p->stance),
	    chip_role(st, cp), p->issue,
	    position_symbol(sym, p->stance, p->has_point, p->point,
			    p->red_line == STANCE_RED_LINE_YES ? '!' :
			    p->red_line == STANCE_RED_LINE_NO ? '~' : 0), linked ? "a" : "span");
	if (current && kept_from(cp)) {
		const struct stance_statement *from = evidence_find(r, kept_from(cp));

		put(r, " <span class=\"muted kept\">a red line since ");
		if (from)
			put(r, "<a href=\"#st-%s\">%s</a>", from->id, from->said_on);
		else
			put(r, "an earlier statement");
		put(r, "</span>");
	}
}

/* The positions a statement codes. */
static void evidence_chips(struct report *r, const void *arg)
{
	const stance_statement *st = arg;
	/* a statement may code thousands of issues: the chips of all the
	 * evidence share one bound */
	size_t shown = st->npositions < r->chips_left ? st->npositions : r->chips_left;

	r->chips_left -= shown;
	for (size_t k = 0; k < shown; k++) {
		const stance_position *p = &st->positions[k];

		evidence_chip(r, st, p);
		if (p->condition) {
			put(r, " <span class=\"cond\">" CONDITION_MARK " ");
			bdi(r, p->condition);
			put(r, "</span>");
		}
	}
	if (shown < st->npositions) {
		char a[32];

		put(r, "%s<span class=\"muted\">%s positions; <code>stance show %s</code> lists "
		       "them.</span>", shown ? " &#8230; " : "", grouped(a, st->npositions - shown),
		    st->id);
	}
}

/* What was said: a quote as a quotation, the other kinds (paraphrase,
 * proposal, report: someone's words for it) upright and unquoted; its
 * direction is its own text's (dir="auto"), whatever the page's. */
static void evidence_text(struct report *r, const void *arg)
{
	const stance_statement *st = arg;
	int quote = !st->kind || strcmp(st->kind, "quote") == 0;

	put(r, quote ? "<blockquote dir=\"auto\">" : "<p class=\"said %s\" dir=\"auto\">",
	    st->kind);
	text(r, st->text);
	put(r, quote ? "</blockquote>" : "</p>");
}

static void evidence_item(struct report *r, const stance_statement *st)
{
	fill(r, &tpl_evidence_item_html, (const struct slot[]){
		{ "id", st->id, NULL, NULL },
		{ "class", superseded(r, st) ? "superseded" : "current", NULL, NULL },
		{ "said_on", st->said_on, NULL, NULL },
		{ "meta", NULL, evidence_meta, st }, { "text", NULL, evidence_text, st },
		{ "chips", NULL, evidence_chips, st } }, 6);
}

static void evidence_notes(struct report *r, const void *arg)
{
	const stance_evidence *e = r->evidence;

	(void)arg;
	if (!e->n)
		put(r, "<p class=\"muted\">No statement codes a position yet.</p>\n");
	if (e->n < e->total) {
		char a[32], b[32], c[32];

		put(r, "<p class=\"note\">Showing %s of the %s statements behind the current "
		       "positions and the timelines, those behind the current positions first, "
		       "the latest first: at most %s, and %d MB of their text, are shown. "
		       "<code>stance statements</code> lists them all.</p>\n",
		    grouped(a, e->n), grouped(b, e->total), grouped(c, REPORT_MAX_EVIDENCE),
		    REPORT_MAX_EVIDENCE_TEXT / 1000000);
	}
}

static void evidence_items(struct report *r, const void *arg)
{
	(void)arg;
	r->chips_left = REPORT_MAX_CHIPS;
	for (size_t k = 0; k < r->evidence->n; k++)
		evidence_item(r, r->evidence->items[k]);
}

static void evidence_section(struct report *r)
{
	fill(r, &tpl_evidence_html, (const struct slot[]){
		{ "notes", NULL, evidence_notes, NULL }, { "items", NULL, evidence_items, NULL } },
	     2);
}

static void parties_note(struct report *r, const void *arg)
{
	(void)arg;
	if (r->parties.n > REPORT_MAX_PARTIES) {
		char a[32], b[32];

		put(r, "<p class=\"note\">Showing the first %s of %s parties. "
		       "<code>stance party list</code> lists them all.</p>\n",
		    grouped(a, REPORT_MAX_PARTIES), grouped(b, r->parties.n));
	}
}

static void parties_items(struct report *r, const void *arg)
{
	(void)arg;
	for (size_t p = 0; p < r->parties.n && p < REPORT_MAX_PARTIES; p++) {
		const stance_entity *e = &r->parties.items[p];

		put(r, "<li id=\"party-%s\"><span class=\"slug\">%s</span> ",
		    e->field[STANCE_PARTY_SLUG], e->field[STANCE_PARTY_SLUG]);
		bdi(r, e->field[STANCE_PARTY_NAME]);
		put(r, " <span class=\"muted\">(");
		text(r, e->field[STANCE_PARTY_KIND]);
		put(r, ")</span></li>\n");
	}
}

/* The note of an appendix list cut at REPORT_MAX_PARTIES entries. */
static void appendix_note(struct report *r, size_t n, const char *type)
{
	char a[32], b[32];

	if (n > REPORT_MAX_PARTIES)
		put(r, "<p class=\"note\">Showing the first %s of %s. <code>stance %s list</code> "
		       "lists them all.</p>\n", grouped(a, REPORT_MAX_PARTIES), grouped(b, n), type);
}

/* The actors of the parties shown: slug, name, party and role. */
static void actors_table(struct report *r, const void *arg)
{
	(void)arg;
	appendix_note(r, r->actors.n, "actor");
	if (!r->actors.n) {
		put(r, "<p class=\"muted\">No actor is recorded.</p>\n");
		return;
	}
	put(r, "<table class=\"appendix\"><thead><tr><th scope=\"col\">actor</th>"
	       "<th scope=\"col\">name</th><th scope=\"col\">party</th><th scope=\"col\">role"
	       "</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < r->actors.n && k < REPORT_MAX_PARTIES; k++) {
		const stance_entity *e = &r->actors.items[k];
		const char *party = e->field[STANCE_ACTOR_PARTY];

		put(r, "<tr id=\"actor-%s\"><td class=\"slug\">%s</td><td>",
		    e->field[STANCE_ACTOR_SLUG], e->field[STANCE_ACTOR_SLUG]);
		bdi(r, e->field[STANCE_ACTOR_NAME]);
		put(r, "</td><td>");
		if (party)
			appendix_link(r, &r->parties, "party", party, party);
		put(r, "</td><td>");
		if (e->field[STANCE_ACTOR_ROLE])
			bdi(r, e->field[STANCE_ACTOR_ROLE]);
		put(r, "</td></tr>\n");
	}
	put(r, "</tbody>\n</table>\n");
}

/* Every source: slug, name, reliability and address. */
static void sources_table(struct report *r, const void *arg)
{
	(void)arg;
	appendix_note(r, r->sources.n, "source");
	if (!r->sources.n) {
		put(r, "<p class=\"muted\">No source is recorded.</p>\n");
		return;
	}
	put(r, "<table class=\"appendix\"><thead><tr><th scope=\"col\">source</th>"
	       "<th scope=\"col\">name</th><th scope=\"col\">reliability</th>"
	       "<th scope=\"col\">address</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < r->sources.n && k < REPORT_MAX_PARTIES; k++) {
		const stance_entity *e = &r->sources.items[k];

		put(r, "<tr id=\"source-%s\"><td class=\"slug\">%s</td><td>",
		    e->field[STANCE_SOURCE_SLUG], e->field[STANCE_SOURCE_SLUG]);
		bdi(r, e->field[STANCE_SOURCE_NAME]);
		put(r, "</td><td>%s</td><td>", e->field[STANCE_SOURCE_RELIABILITY] ?
		    e->field[STANCE_SOURCE_RELIABILITY] : "&#8211;");
		url_cell(r, e->field[STANCE_SOURCE_URL]);
		put(r, "</td></tr>\n");
	}
	put(r, "</tbody>\n</table>\n");
}

static void parties_section(struct report *r)
{
	fill(r, &tpl_parties_html, (const struct slot[]){
		{ "note", NULL, parties_note, NULL }, { "items", NULL, parties_items, NULL },
		{ "actors", NULL, actors_table, NULL }, { "sources", NULL, sources_table, NULL } },
	     4);
	fill(r, &tpl_page_foot_html, (const struct slot[]){
		{ "version", stance_version(), NULL, NULL } }, 1);
}

static int write_report(struct cli *cli, void *ctx)
{
	struct report *r = ctx;

	r->cli = cli;
	page_head(r);
	matrix_section(r);
	grid_section(r);
	timelines_section(r);
	forecast_section(r);
	evidence_section(r);
	parties_section(r);
	return cli_flush(cli);
}

static void report_free(struct report *r)
{
	entity_list_free(&r->parties);
	entity_list_free(&r->issues);
	entity_list_free(&r->actors);
	entity_list_free(&r->sources);
	for (size_t k = 0; k < r->npoints; k++)
		free(r->points[k].statement);
	free(r->points);
	stance_evidence_free(r->evidence);
	free(r->by_id);
	free(r->tree.order);
	free(r->tree.depth);
	free(r->tree.parent);
	free(r->tree.is_parent);
	free(r->tl_first);
	free(r->tl_n);
	free(r->stats);
	for (size_t k = 0; k < r->nforecasts; k++)
		forecast_free(&r->forecasts[k]);
	free(r->forecasts);
	stance_positions_free(r->pos);
	stance_matrix_free(r->m);
}

/* What the command line asks for: the options, in one place. */
static int report_options(struct report *r, const char **output, struct cli *cli, int argc,
			  char **argv)
{
	struct analysis_opts o = { 0 };
	const struct cli_opt opts[] = {
		ANALYSIS_AS_OF(&o),
		ANALYSIS_AS_KNOWN(&o),
		ANALYSIS_PARTIES(&o, "only this party (repeatable)"),
		ANALYSIS_ISSUES(&o, ANALYSIS_ISSUES_HELP),
		ANALYSIS_EVIDENCE(&o),
		CLI_OPT_OUTPUT(output),
		CLI_OPT_END
	};
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	/* the scope borrows the option values, from argv, and --kind's list,
	 * which cli holds until the command returns */
	if (rc == CLI_RUN) {
		int src = analysis_scope(&r->scope, &o);

		if (src)
			return src;
	}
	r->as_of = o.as_of;
	return rc;
}

/* The entities of the type that --party and --issue keep (a listed issue
 * with those under it), as analysis_entities_load() loads them all. */
static int scoped_entities_load(struct entity_list *l, stance_db *db, stance_entity_type type,
				const stance_scope *scope)
{
	int rc;

	memset(l, 0, sizeof(*l));
	rc = stance_scope_entities_foreach(db, scope, type, analysis_entity_append, l);
	if (rc == STANCE_ENOMEM)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	return rc ? cli_fail(rc) : 0;
}

/* Everything the page shows, read before a byte of it is written. */
static int gather(struct report *r, stance_db *db)
{
	int rc = stance_positions_get(&r->pos, db, &r->scope);

	if (!rc)
		rc = stance_matrix_get(&r->m, db, &r->scope);
	if (!rc)
		rc = gather_points(r, db);
	if (!rc)
		rc = index_points(r);
	if (!rc)
		rc = gather_tree(r);
	if (!rc)
		rc = gather_evidence(r, db);
	if (!rc)
		rc = gather_stats(r, db);
	if (!rc)
		rc = gather_forecasts(r, db);
	if (rc == STANCE_ENOMEM)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	return rc ? cli_fail(rc) : 0;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	struct report r = { 0 };
	const char *output = NULL;
	int rc = report_options(&r, &output, cli, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	palette_load(&r.palette);
	/* as known at a time, with the names and slugs of the time; the
	 * parties and issues the filters keep */
	rc = scoped_entities_load(&r.parties, cli->db, STANCE_PARTY, &r.scope);
	if (!rc)
		rc = scoped_entities_load(&r.issues, cli->db, STANCE_ISSUE, &r.scope);
	if (!rc)
		rc = scoped_entities_load(&r.actors, cli->db, STANCE_ACTOR, &r.scope);
	if (!rc)
		rc = analysis_entities_load(&r.sources, cli->db, STANCE_SOURCE, &r.scope);
	if (!rc)
		rc = gather(&r, cli->db);
	if (!rc)
		rc = cli_output(cli, output, write_report, &r);
	report_free(&r);
	return rc;
}
