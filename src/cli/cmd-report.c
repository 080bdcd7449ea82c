/*
 * cmd-report.c - `stance report`: the negotiation as one self-contained
 * HTML page: the disagreement matrix as heat maps, the parties x issues
 * grid coloured by stance with the red lines marked, a timeline per issue
 * of every party's positions, and the evidence (quote, speaker, date,
 * source) that each current position links to.
 *
 * The page loads nothing: the CSS and the SVG are inline, there is no
 * script, and a Content-Security-Policy forbids every fetch, so it can be
 * mailed, archived and opened offline. Every stored string is untrusted
 * and goes through cli_write_xml(); slugs and dates, checked on input, are
 * written as they are. The markup is also well-formed XML, so that tests
 * (and XML tools) can read it.
 *
 * Writes to cli->out are sticky: after a failure every later cli_printf()
 * returns 74 at once without writing (output.c), so the sections below write
 * on and the result is checked once, by cli_flush() at the end.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "analysis-output.h"
#include "commands.h"
#include "entity-list.h"

static const struct cli_option options[] = {
	ANALYSIS_OPT_AS_OF,
	{ "output", 'o', "FILE", 0, "write to FILE (replaced whole) instead of stdout" },
	ANALYSIS_OPT_END
};

static const struct cli_spec spec = {
	"report [--as-of D] [-o FILE]", options, 0, 0, NULL,
	"Writes one HTML page that needs nothing else (inline CSS and SVG, no\n"
	"script, no network): the disagreement matrix as heat maps (conflicts and\n"
	"distance), the parties x issues grid coloured by stance with red lines\n"
	"marked, a timeline per issue of each party's positions with the shifts\n"
	"and reversals, and the evidence behind every current position: the\n"
	"statement's text, speaker, date and source. With --as-of, everything is\n"
	"as of that date. With -o, FILE is written to a temporary file and\n"
	"renamed when complete (mode 0600). --format does not apply."
};

/* Entity fields (stance_entity_info_get()). */
enum { F_SLUG, F_NAME, F_PARTY_KIND = 2, F_ACTOR_ROLE = 3, F_SOURCE_RELIABILITY = 2,
       F_SOURCE_URL = 3, F_ISSUE_TITLE = 1 };

/* One history row for a timeline. */
struct point {
	const char *issue, *party;  /* borrowed from the positions */
	size_t seq;                 /* statement order within its history */
	long day;
	char said_on[11];
	char *statement;
	int stance, red_line, shift, reversal;
};

struct report {
	struct cli *cli;
	const char *as_of;
	struct entity_list parties, issues, actors, sources;
	stance_positions *pos;        /* current positions, by party then issue */
	stance_matrix *m;
	struct point *points;         /* by issue, party, then statement order */
	size_t npoints, cap;
	long day_min, day_max;        /* the timelines' common scale */
	const char *date_min, *date_max;
	stance_statement **evidence;  /* behind the current positions, in statement order */
	size_t nevidence;
};

/* Days since 1970-01-01 of a checked YYYY-MM-DD (H. Hinnant's algorithm). */
static long days(const char *date)
{
	long y = strtol(date, NULL, 10), m = strtol(date + 5, NULL, 10);
	long d = strtol(date + 8, NULL, 10), era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* ---- gathering -------------------------------------------------------- */

static int add_point(const stance_history_row *row, void *ctx)
{
	struct report *r = ctx;
	struct point *p;

	/* the history is in statement order: nothing later counts */
	if (r->as_of && strcmp(row->said_on, r->as_of) > 0)
		return 1;
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
	p->statement = strdup(row->statement);
	if (!p->statement)
		return STANCE_ENOMEM;
	r->npoints++;
	snprintf(p->said_on, sizeof(p->said_on), "%s", row->said_on);
	p->day = days(row->said_on);
	p->stance = row->stance;
	p->red_line = row->red_line;
	p->shift = row->shift;
	p->reversal = row->reversal;
	return 0;
}

static int point_order(const void *x, const void *y)
{
	const struct point *a = x, *b = y;
	int c = strcmp(a->issue, b->issue);

	if (!c)
		c = strcmp(a->party, b->party);
	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/* Every party's history on every issue it holds a position on, as of the
 * report's date: the pairs are those of the current positions. */
static int gather_points(struct report *r, stance_db *db)
{
	for (size_t k = 0; k < r->pos->n; k++) {
		const stance_current_position *cp = &r->pos->items[k];
		size_t first = r->npoints;
		int rc = stance_history_foreach(db, cp->party, cp->issue, add_point, r);

		if (rc < 0)
			return rc;
		for (size_t i = first; i < r->npoints; i++) {
			r->points[i].party = cp->party;
			r->points[i].issue = cp->issue;
			r->points[i].seq = i - first;
		}
	}
	if (r->npoints)
		qsort(r->points, r->npoints, sizeof(*r->points), point_order);
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

static int statement_order(const void *x, const void *y)
{
	const stance_statement *a = *(stance_statement *const *)x;
	const stance_statement *b = *(stance_statement *const *)y;
	int c = strcmp(a->said_on, b->said_on);

	if (!c)
		c = strcmp(a->recorded_at, b->recorded_at);
	return c ? c : strcmp(a->id, b->id);
}

static int by_id(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The statements behind the current positions, each once. */
static int gather_evidence(struct report *r, stance_db *db)
{
	const char **ids = calloc(r->pos->n + 1, sizeof(*ids));
	size_t n = 0;
	int rc = 0;

	r->evidence = calloc(r->pos->n + 1, sizeof(*r->evidence));
	if (!ids || !r->evidence) {
		free(ids);
		return STANCE_ENOMEM;
	}
	for (size_t k = 0; k < r->pos->n; k++)
		ids[k] = r->pos->items[k].statement;
	if (r->pos->n)
		qsort(ids, r->pos->n, sizeof(*ids), by_id);
	for (size_t k = 0; !rc && k < r->pos->n; k++) {
		if (k && strcmp(ids[k], ids[k - 1]) == 0)
			continue;
		rc = stance_statement_get(&r->evidence[n], db, ids[k]);
		if (!rc)
			n++;
	}
	r->nevidence = n;
	if (n)
		qsort(r->evidence, n, sizeof(*r->evidence), statement_order);
	free(ids);
	return rc;
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

/* The CSS class of a stance: sm2, sm1 (minus), s0, s1, s2. */
static const char *stance_class(int v)
{
	static const char *const names[] = { "sm2", "sm1", "s0", "s1", "s2" };

	return v >= -2 && v <= 2 ? names[v + 2] : "s0";
}

/* Fill colours of the stances, from strongly-oppose to strongly-support
 * (a diverging palette that stays readable in grey and for the common
 * colour-vision deficiencies). */
static const char *const stance_fill[] = { "#b2182b", "#ef8a62", "#d9d9d9", "#67a9cf",
					   "#2166ac" };

static const char css[] =
	":root{--ink:#1d1d1f;--muted:#5f6368;--line:#d0d4da;--bg:#fff}\n"
	"*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
	"color:var(--ink);background:var(--bg)}\n"
	"header,main,nav{max-width:1280px;margin:0 auto;padding:0 24px}\n"
	"header{padding-top:20px}h1{font-size:1.6em;margin:0 0 4px}"
	"h2{font-size:1.25em;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}"
	"h3{font-size:1em;margin:0 0 4px}\n"
	".muted,.meta{color:var(--muted)}.meta{font-size:.9em}\n"
	"nav{position:sticky;top:0;background:var(--bg);border-bottom:1px solid var(--line);"
	"padding-top:6px;padding-bottom:6px;z-index:3}nav a{margin-right:16px}\n"
	"a{color:#1a56b0}code,.slug{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;"
	"font-size:.9em}\n"
	".legend{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;margin:8px 0;"
	"font-size:.9em}.legend span.sw{display:inline-block;width:1.6em;height:1.1em;"
	"vertical-align:middle;margin-right:4px;border:1px solid #999}\n"
	".maps{display:flex;flex-wrap:wrap;gap:24px}.maps figure{margin:0;flex:1 1 420px;"
	"max-width:640px}figcaption{font-weight:600;margin-bottom:4px}\n"
	"svg{max-width:100%;height:auto}svg text{font-family:inherit}\n"
	".scroll{overflow:auto;max-height:80vh;border:1px solid var(--line)}\n"
	"table.grid{border-collapse:separate;border-spacing:0;font-size:.85em}\n"
	".grid th,.grid td{border-right:1px solid #fff;border-bottom:1px solid #fff;"
	"padding:0;text-align:center;white-space:nowrap}\n"
	".grid thead th{position:sticky;top:0;z-index:2;background:#f3f4f6;padding:4px 6px;"
	"font-weight:600}\n"
	".grid tbody th{position:sticky;left:0;z-index:1;background:#f3f4f6;text-align:left;"
	"padding:2px 8px;font-weight:400;max-width:22em;overflow:hidden;text-overflow:ellipsis}\n"
	".grid thead th.corner{left:0;z-index:3}\n"
	".grid td{min-width:2.6em;height:1.9em}.grid td a{display:block;color:inherit;"
	"text-decoration:none;line-height:1.9em;font-weight:600}\n"
	".grid td.none{background:repeating-linear-gradient(45deg,#f7f7f7 0 4px,#ececec 4px 8px)}\n"
	".sm2{background:#b2182b;color:#fff}.sm1{background:#ef8a62}.s0{background:#d9d9d9}"
	".s1{background:#67a9cf}.s2{background:#2166ac;color:#fff}\n"
	".rl{box-shadow:inset 0 0 0 3px #000}\n"
	".timelines{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));"
	"gap:16px 28px}\n"
	".timeline{break-inside:avoid}\n"
	".evidence{list-style:none;padding:0;margin:0}\n"
	".evidence li{border-left:4px solid var(--line);padding:6px 12px;margin:0 0 12px}\n"
	".evidence li:target{border-left-color:#1a56b0;background:#eef4fc}\n"
	".evidence blockquote{margin:4px 0;white-space:pre-line;font-style:italic}\n"
	".chip{display:inline-block;padding:0 6px;border-radius:3px;margin:2px 4px 2px 0;"
	"font-size:.85em}\n"
	".parties{columns:3 16em;font-size:.9em;padding-left:18px}\n"
	"footer{max-width:1280px;margin:32px auto;padding:0 24px;color:var(--muted);"
	"font-size:.85em}\n"
	"@page{size:A4;margin:12mm}\n"
	"@media print{body{font-size:9pt}nav{display:none}header,main,footer{max-width:none;"
	"padding:0}.scroll{overflow:visible;max-height:none;border:0}"
	".grid{font-size:6.5pt}.grid td{min-width:0;height:auto}.grid td a{line-height:1.5}"
	".grid tbody th{max-width:30mm}.timelines{display:block}.timeline{margin-bottom:8px}"
	".maps figure{max-width:48%}h2{break-after:avoid}.evidence li{break-inside:avoid}"
	"a{color:inherit;text-decoration:none}}\n";

static void head(struct report *r)
{
	put(r, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
	       /* nothing may be fetched: the page is whole as it is */
	       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	       "style-src 'unsafe-inline'; img-src data:\"/>\n"
	       "<meta name=\"generator\" content=\"stance %s\"/>\n"
	       "<title>stance report%s%s</title>\n<style>\n", stance_version(),
	    r->as_of ? " as of " : "", r->as_of ? r->as_of : "");
	cli_write(r->cli, css, sizeof(css) - 1);
	put(r, "</style>\n</head>\n<body>\n");
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

static void summary(struct report *r)
{
	size_t all, hard = hard_conflicts(r, &all);

	put(r, "<header>\n<h1>Negotiation positions</h1>\n<p class=\"meta\">");
	if (r->as_of)
		put(r, "As of <strong>%s</strong>", r->as_of);
	else
		put(r, "All statements recorded");
	put(r, " &#183; %zu parties &#183; %zu issues &#183; %zu current positions &#183; "
	       "%zu conflicts, %zu of them hard (a red line on either side)</p>\n</header>\n",
	    r->parties.n, r->issues.n, r->pos->n, all, hard);
	put(r, "<nav><a href=\"#matrix\">Matrix</a><a href=\"#grid\">Positions</a>"
	       "<a href=\"#timelines\">Timelines</a><a href=\"#evidence\">Evidence</a>"
	       "<a href=\"#parties\">Parties</a></nav>\n<main>\n");
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

static void matrix_section(struct report *r)
{
	int max = 0;

	for (size_t k = 0; k < r->m->n * r->m->n; k++)
		if (r->m->cells[k].conflicts > max)
			max = r->m->cells[k].conflicts;
	put(r, "<section id=\"matrix\">\n<h2>Disagreement matrix</h2>\n"
	       "<p class=\"muted\">The parties that hold a position, by slug. A cell counts the "
	       "issues on which the two parties' current positions have opposite signs; the "
	       "second map is the mean distance of their stances.</p>\n");
	heat_legend(r, max);
	put(r, "<div class=\"maps\">\n");
	heatmap(r, STANCE_METRIC_CONFLICTS, "Conflicts", max);
	heatmap(r, STANCE_METRIC_DISTANCE, "Distance", 1.0);
	put(r, "</div>\n</section>\n");
}

/* ---- the grid --------------------------------------------------------- */

static void stance_legend(struct report *r)
{
	put(r, "<div class=\"legend\">");
	for (int v = -2; v <= 2; v++) {
		char sym[4];

		put(r, "<span><span class=\"sw %s\"></span>%s %s</span>", stance_class(v),
		    cli_stance_symbol(sym, v, 0), stance_stance_name(v));
	}
	put(r, "<span><span class=\"sw s0 rl\"></span>! red line (non-negotiable)</span>"
	       "<span><span class=\"sw\" style=\"background:repeating-linear-gradient(45deg,"
	       "#f7f7f7 0 4px,#ececec 4px 8px)\"></span>not coded</span></div>\n");
}

static void grid_section(struct report *r)
{
	put(r, "<section id=\"grid\">\n<h2>Positions: issues &#215; parties</h2>\n"
	       "<p class=\"muted\">Each party's current position on each issue. A cell links "
	       "to the statement behind it.</p>\n");
	stance_legend(r);
	put(r, "<div class=\"scroll\">\n<table class=\"grid\">\n<thead><tr>"
	       "<th class=\"corner\" scope=\"col\">issue</th>");
	for (size_t p = 0; p < r->parties.n; p++) {
		const stance_entity *e = &r->parties.items[p];

		put(r, "<th scope=\"col\" title=\"");
		text(r, e->field[F_NAME]);
		put(r, "\"><a href=\"#party-%s\">%s</a></th>", e->field[F_SLUG], e->field[F_SLUG]);
	}
	put(r, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < r->issues.n; i++) {
		const char *issue = r->issues.items[i].field[F_SLUG];

		/* long titles are cut on screen: the tooltip has them whole */
		put(r, "<tr><th scope=\"row\" title=\"%s: ", issue);
		text(r, r->issues.items[i].field[F_ISSUE_TITLE]);
		put(r, "\"><a href=\"#issue-%s\">", issue);
		text(r, r->issues.items[i].field[F_ISSUE_TITLE]);
		put(r, "</a></th>");
		for (size_t p = 0; p < r->parties.n; p++) {
			const char *party = r->parties.items[p].field[F_SLUG];
			const stance_current_position *cp = position(r, party, issue);
			char sym[4];

			if (!cp) {
				put(r, "<td class=\"none\" title=\"%s: not coded\"></td>", party);
				continue;
			}
			put(r, "<td class=\"%s%s\" title=\"%s on %s: %s%s, %s", stance_class(cp->stance),
			    cp->red_line ? " rl" : "", party, issue, stance_stance_name(cp->stance),
			    cp->red_line ? " (red line)" : "", cp->said_on);
			if (cp->condition) {
				put(r, "; condition: ");
				text(r, cp->condition);
			}
			put(r, "\"><a href=\"#st-%s\">%s</a></td>", cp->statement,
			    cli_stance_symbol(sym, cp->stance, cp->red_line));
		}
		put(r, "</tr>\n");
	}
	put(r, "</tbody>\n</table>\n</div>\n</section>\n");
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
	    TL_LEFT - 8, mid, pts[0].party, TL_LEFT, mid, TL_RIGHT, mid);
	/* a step line: each position holds until the next, the last to the end;
	 * its height is the stance, so a shift is a step */
	for (size_t k = 0; k < n; k++) {
		int x1 = tl_x(r, pts[k].day), x2 = k + 1 < n ? tl_x(r, pts[k + 1].day) : TL_RIGHT;
		int y = mid - 3 * pts[k].stance;

		put(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"4\"/>",
		    x1, y, x2 > x1 ? x2 : x1 + 1, y, stance_fill[pts[k].stance + 2]);
		if (k + 1 < n)
			put(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", x2, y,
			    x2, mid - 3 * pts[k + 1].stance);
	}
	for (size_t k = 0; k < n; k++) {
		const struct point *p = &pts[k];
		int x = tl_x(r, p->day), y = mid - 3 * p->stance;
		const char *fill = stance_fill[p->stance + 2];

		put(r, "\n<a href=\"#st-%s\"><title>%s %s: %s%s%s</title>", p->statement, p->party,
		    p->said_on, stance_stance_name(p->stance), p->red_line ? ", red line" : "",
		    p->reversal ? ", reversal" : p->shift ? ", shift" : "");
		/* a red line is a diamond, a shift has a ring, a reversal a thick one */
		if (p->red_line)
			put(r, "<path class=\"point\" d=\"M%d %dl6 6l-6 6l-6 -6z\" fill=\"%s\"",
			    x, y - 6, fill);
		else
			put(r, "<circle class=\"point\" cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%s\"", x, y,
			    p->shift ? 5 : 4, fill);
		if (p->reversal)
			put(r, " stroke=\"#000\" stroke-width=\"2.5\"");
		else if (p->shift || p->red_line)
			put(r, " stroke=\"#000\" stroke-width=\"1.2\"");
		else
			put(r, " stroke=\"#fff\"");
		put(r, "/></a>");
	}
	put(r, "\n");
}

static void tl_issue(struct report *r, const stance_entity *issue, const struct point *pts,
		     size_t n)
{
	const char *slug = issue->field[F_SLUG];
	int rows = 0, height;

	for (size_t k = 0; k < n; k++)
		rows += !k || strcmp(pts[k].party, pts[k - 1].party) != 0;
	height = TL_TOP + rows * TL_ROW + TL_AXIS;
	put(r, "<div class=\"timeline\" id=\"issue-%s\">\n<h3>", slug);
	text(r, issue->field[F_ISSUE_TITLE]);
	put(r, " <span class=\"slug muted\">%s</span></h3>\n", slug);
	if (!n) {
		put(r, "<p class=\"muted\">No position on this issue%s.</p>\n</div>\n",
		    r->as_of ? " as of this date" : "");
		return;
	}
	put(r, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tl\" role=\"img\" "
	       "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-size=\"11\">\n",
	    TL_WIDTH, height, TL_WIDTH, height);
	for (size_t k = 0, row = 0; k < n; row++) {
		size_t end = k + 1;

		while (end < n && strcmp(pts[end].party, pts[k].party) == 0)
			end++;
		tl_row(r, pts + k, end - k, (int)row);
		k = end;
	}
	/* the axis: the first and the last date of the whole report, so that
	 * every timeline has the same scale */
	put(r, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>"
	       "<text x=\"%d\" y=\"%d\" fill=\"#5f6368\">%s</text>"
	       "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#5f6368\">%s</text>\n</svg>\n</div>\n",
	    TL_LEFT, height - TL_AXIS + 4, TL_RIGHT, height - TL_AXIS + 4,
	    TL_LEFT, height - 6, r->date_min, TL_RIGHT, height - 6, r->date_max);
}

static void timelines_section(struct report *r)
{
	size_t k = 0;

	put(r, "<section id=\"timelines\">\n<h2>Timelines</h2>\n"
	       "<p class=\"muted\">Each party's positions on each issue over time: the height and "
	       "colour are the stance, a step is a shift; a ringed point is a shift, a thick "
	       "ring a reversal, a diamond a red line. Points link to their statements.</p>\n");
	stance_legend(r);
	put(r, "<div class=\"timelines\">\n");
	for (size_t i = 0; i < r->issues.n; i++) {
		const stance_entity *issue = &r->issues.items[i];
		size_t first;

		while (k < r->npoints && strcmp(r->points[k].issue, issue->field[F_SLUG]) < 0)
			k++;
		first = k;
		while (k < r->npoints && strcmp(r->points[k].issue, issue->field[F_SLUG]) == 0)
			k++;
		tl_issue(r, issue, r->points + first, k - first);
	}
	put(r, "</div>\n</section>\n");
}

/* ---- the evidence ----------------------------------------------------- */

/* Whether a URL may become a link: only the web's own schemes, never
 * javascript: or data:, since the text is untrusted. */
static int linkable(const char *url)
{
	return url && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0);
}

static void url(struct report *r, const char *u)
{
	if (!u)
		return;
	if (linkable(u)) {
		put(r, " &#183; <a href=\"");
		text(r, u);
		put(r, "\" rel=\"noreferrer\">");
		text(r, u);
		put(r, "</a>");
	} else {
		put(r, " &#183; ");
		text(r, u);
	}
}

static void evidence_item(struct report *r, const stance_statement *st)
{
	const char *actor = entity_list_field(&r->actors, st->actor, F_NAME);
	const char *role = entity_list_field(&r->actors, st->actor, F_ACTOR_ROLE);
	const char *source = entity_list_field(&r->sources, st->source, F_NAME);
	const char *reliability = entity_list_field(&r->sources, st->source,
						    F_SOURCE_RELIABILITY);

	put(r, "<li id=\"st-%s\">\n<div class=\"meta\"><strong>%s</strong> &#183; ", st->id,
	    st->said_on);
	text(r, entity_list_field(&r->parties, st->party, F_NAME));
	if (actor) {
		put(r, " &#183; ");
		text(r, actor);
		if (role) {
			put(r, ", ");
			text(r, role);
		}
	}
	put(r, " &#183; %s", st->kind ? st->kind : "quote");
	if (source) {
		put(r, " &#183; via ");
		text(r, source);
		if (reliability)
			put(r, " (reliability %s)", reliability);
	}
	if (st->credibility)
		put(r, " &#183; credibility %d", st->credibility);
	url(r, st->url);
	put(r, "</div>\n<blockquote>");
	text(r, st->text);
	put(r, "</blockquote>\n<div>");
	for (size_t k = 0; k < st->npositions; k++) {
		const stance_position *p = &st->positions[k];
		const stance_current_position *cp = position(r, st->party, p->issue);
		char sym[4];

		put(r, "<a class=\"chip %s%s\" href=\"#issue-%s\" title=\"%s%s\">%s %s</a>",
		    stance_class(p->stance), p->red_line ? " rl" : "", p->issue,
		    stance_stance_name(p->stance),
		    cp && strcmp(cp->statement, st->id) == 0 ? ": the current position" :
		    ": since superseded", p->issue, cli_stance_symbol(sym, p->stance, p->red_line));
		if (p->condition) {
			put(r, " <span class=\"muted\">if ");
			text(r, p->condition);
			put(r, "</span>");
		}
	}
	put(r, "</div>\n<div class=\"meta slug\">%s</div>\n</li>\n", st->id);
}

static void evidence_section(struct report *r)
{
	put(r, "<section id=\"evidence\">\n<h2>Evidence</h2>\n"
	       "<p class=\"muted\">The statements behind the current positions, in the order they "
	       "were made: what was said, by whom, when and where it was read.</p>\n");
	if (!r->nevidence)
		put(r, "<p class=\"muted\">No statement codes a position yet.</p>\n");
	put(r, "<ul class=\"evidence\">\n");
	for (size_t k = 0; k < r->nevidence; k++)
		evidence_item(r, r->evidence[k]);
	put(r, "</ul>\n</section>\n");
}

static void parties_section(struct report *r)
{
	put(r, "<section id=\"parties\">\n<h2>Parties</h2>\n<ul class=\"parties\">\n");
	for (size_t p = 0; p < r->parties.n; p++) {
		const stance_entity *e = &r->parties.items[p];

		put(r, "<li id=\"party-%s\"><span class=\"slug\">%s</span> ", e->field[F_SLUG],
		    e->field[F_SLUG]);
		text(r, e->field[F_NAME]);
		put(r, " <span class=\"muted\">(");
		text(r, e->field[F_PARTY_KIND]);
		put(r, ")</span></li>\n");
	}
	put(r, "</ul>\n</section>\n</main>\n<footer>Made by stance %s from the statements in the "
	       "database; retracted statements are left out.</footer>\n</body>\n</html>\n",
	    stance_version());
}

static int write_report(struct cli *cli, void *ctx)
{
	struct report *r = ctx;

	r->cli = cli;
	head(r);
	summary(r);
	matrix_section(r);
	grid_section(r);
	timelines_section(r);
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
	for (size_t k = 0; k < r->nevidence; k++)
		stance_statement_free(r->evidence[k]);
	free(r->evidence);
	stance_positions_free(r->pos);
	stance_matrix_free(r->m);
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	struct report r = { 0 };
	stance_scope scope = { 0 };
	int rc = cli_parse(cli, &spec, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	scope.as_of = r.as_of = cli_opt(cli, "as-of");
	rc = stance_positions_get(&r.pos, cli->db, &scope);
	if (!rc)
		rc = stance_matrix_get(&r.m, cli->db, &scope);
	if (!rc)
		rc = gather_points(&r, cli->db);
	if (!rc)
		rc = gather_evidence(&r, cli->db);
	if (rc == STANCE_ENOMEM)
		rc = cli_error(CLI_ESOFTWARE, "out of memory");
	else if (rc)
		rc = cli_fail(rc);
	if (!rc)
		rc = entity_list_load(&r.parties, cli->db, STANCE_PARTY);
	if (!rc)
		rc = entity_list_load(&r.issues, cli->db, STANCE_ISSUE);
	if (!rc)
		rc = entity_list_load(&r.actors, cli->db, STANCE_ACTOR);
	if (!rc)
		rc = entity_list_load(&r.sources, cli->db, STANCE_SOURCE);
	if (!rc)
		rc = cli_output(cli, cli_opt(cli, "output"), write_report, &r);
	report_free(&r);
	return rc;
}
