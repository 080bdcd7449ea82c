/*
 * analysis-output.c - what the analysis commands share: see
 * analysis-output.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis-output.h"

const char *const analysis_by_names[] = { "party", "actor", NULL };

int analysis_scope(stance_scope *scope, const struct analysis_opts *o)
{
	stance_scope s = STANCE_SCOPE_INIT;

	s.parties = o->parties.v;
	s.nparties = o->parties.n;
	s.issues = o->issues.v;
	s.nissues = o->issues.n;
	s.as_of = o->as_of;
	s.as_known = o->as_known;
	s.kinds = o->kinds.v;
	s.nkinds = o->kinds.n;
	s.by_actor = o->by == 1;
	if (o->min_credibility) {
		const char *c = o->min_credibility;

		if (c[0] < '1' || c[0] > '6' || c[1])
			return cli_error(CLI_EDATA, "invalid --min-credibility '%s' (choose from: 1-6)",
					 c);
		s.min_credibility = c[0] - '0';
	}
	if (o->min_reliability) {
		const char *r = o->min_reliability;

		if (r[0] < 'A' || r[0] > 'F' || r[1])
			return cli_error(CLI_EDATA, "invalid --min-reliability '%s' (choose from: A-F)",
					 r);
		s.min_reliability = r[0];
	}
	*scope = s;
	return 0;
}

int analysis_entity_append(const stance_entity *e, void *ctx)
{
	struct entity_list *l = ctx;
	stance_entity *grown = realloc(l->items, (l->n + 1) * sizeof(*grown)), *to;
	int rc = 0;

	if (!grown)
		return STANCE_ENOMEM;
	l->items = grown;
	/* counted before it is filled: the free releases what a failure left */
	to = memset(&grown[l->n++], 0, sizeof(*to));
	to->type = e->type;
	for (size_t i = 0; !rc && i < STANCE_ENTITY_MAX_FIELDS; i++)
		if (e->field[i] && !(to->field[i] = strdup(e->field[i])))
			rc = STANCE_ENOMEM;
	return rc;
}

int analysis_entities_load(struct entity_list *l, stance_db *db, stance_entity_type type,
			   const stance_scope *scope)
{
	int rc;

	memset(l, 0, sizeof(*l));
	rc = stance_entities_foreach(db, scope, type, analysis_entity_append, l);
	if (rc == STANCE_ENOMEM)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	return rc ? cli_fail(rc) : 0;
}

enum analysis_color analysis_stance_color(int stance, int red_line)
{
	if (red_line)
		return ANALYSIS_ALARM;
	if (stance > 0)
		return ANALYSIS_SUPPORT;
	return stance < 0 ? ANALYSIS_OPPOSE : ANALYSIS_PLAIN;
}

static const char *const escapes[] = {
	[ANALYSIS_PLAIN] = "",
	[ANALYSIS_BOLD] = "\033[1m",
	[ANALYSIS_SUPPORT] = "\033[32m",
	[ANALYSIS_OPPOSE] = "\033[31m",
	[ANALYSIS_WARN] = "\033[33m",
	[ANALYSIS_ALARM] = "\033[1;31m",
};

int analysis_cell(struct cli *cli, const char *text, enum analysis_color color, size_t width)
{
	int colored = cli->color && color != ANALYSIS_PLAIN && *text;
	size_t w = cli_display_width(text);

	return cli_printf(cli, "%s%s%s%*s", colored ? escapes[color] : "", text,
			  colored ? "\033[0m" : "", width > w ? (int)(width - w) : 0, "");
}

const char *analysis_csv_bool(int flag)
{
	return flag ? "true" : "false";
}

int analysis_records(struct cli *cli, const char *const *headers, size_t ncols, size_t n,
		     int (*fn)(struct cli_table *t, struct cli *cli, const void *data, size_t k),
		     const void *data)
{
	struct cli_table *t = NULL;
	int rc = cli_table_begin(&t, cli, headers, ncols);

	for (size_t k = 0; !rc && k < n; k++)
		rc = fn(t, cli, data, k);
	return cli_table_end(t, rc);
}

int analysis_walk_begin(struct analysis_walk *w, struct cli *cli,
			const char *const *table_headers, size_t ntable,
			const char *const *csv_headers, size_t ncsv)
{
	w->cli = cli;
	w->table = NULL;
	if (cli->format == CLI_FORMAT_CSV)
		w->rc = cli_table_begin(&w->table, cli, csv_headers, ncsv);
	else
		w->rc = cli_table_begin(&w->table, cli, table_headers, ntable);
	return w->rc;
}

int analysis_walk_end(struct analysis_walk *w, int walk_rc)
{
	if (walk_rc < 0)
		w->rc = cli_fail(walk_rc);
	return cli_table_end(w->table, w->rc);
}

int analysis_row(struct cli *cli, const char *const *cells, const enum analysis_color *colors,
		 const size_t *widths, size_t n)
{
	size_t last = 0;
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		if (cells[i] && *cells[i])
			last = i;
	for (size_t i = 0; !rc && i <= last; i++) {
		if (i)
			rc = cli_write(cli, "  ", 2);
		if (!rc)
			rc = analysis_cell(cli, cells[i] ? cells[i] : "",
					   colors ? colors[i] : ANALYSIS_PLAIN,
					   i < last ? widths[i] : 0);
	}
	return rc ? rc : cli_write(cli, "\n", 1);
}

void analysis_measure(size_t *widths, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t w = cells[i] ? cli_display_width(cells[i]) : 0;

		if (w > widths[i])
			widths[i] = w;
	}
}

/* ---- what an answer rests on ------------------------------------------ */

/* A YYYY-MM-DD date as days since 1970-01-01; 0 when it is not a real
 * date (libstance's calendar, so that ages agree with the report's). */
static int parse_day(long *day, const char *date)
{
	long long days;

	if (!date || stance_date_days(&days, "date", date))
		return 0;
	*day = (long)days;
	return 1;
}

long analysis_ref_day(const char *as_of)
{
	long day;

	if (parse_day(&day, as_of))
		return day;
	/* time() counts seconds since the epoch in UTC, without leap seconds */
	return (long)(time(NULL) / 86400);
}

const char *analysis_age(char buf[ANALYSIS_AGE_SIZE], const char *said_on, long ref)
{
	long day, days, months;

	if (!parse_day(&day, said_on)) {
		snprintf(buf, ANALYSIS_AGE_SIZE, "?");
		return buf;
	}
	days = ref - day;
	if (days < 0) {
		snprintf(buf, ANALYSIS_AGE_SIZE, "-%ldd", -days);
		return buf;
	}
	/* whole months and years of the mean Gregorian year, 365.25 days */
	months = (long)((double)days * 12 / 365.25);
	if (months < 2)
		snprintf(buf, ANALYSIS_AGE_SIZE, "%ldd", days);
	else if (months < 24)
		snprintf(buf, ANALYSIS_AGE_SIZE, "%ldmo", months);
	else
		snprintf(buf, ANALYSIS_AGE_SIZE, "%ldy", (long)((double)days / 365.25));
	return buf;
}

const char *analysis_symbol(char buf[ANALYSIS_SYMBOL_SIZE], int stance, int has_point,
			    double point, int red_line)
{
	const char *s = stance_stance_symbol(stance);
	char at[32] = "";

	/* %g as `stance log` writes points: 70, 62.5 */
	if (has_point)
		snprintf(at, sizeof(at), "@%g", point);
	snprintf(buf, ANALYSIS_SYMBOL_SIZE, "%s%s%s", s ? s : "?", at,
		 red_line == STANCE_RED_LINE_YES ? "!" : red_line == STANCE_RED_LINE_NO ? "~" : "");
	return buf;
}

const char *analysis_credibility(char buf[4], int credibility)
{
	if (credibility < 1 || credibility > 6)
		return strcpy(buf, "-");
	snprintf(buf, 4, "%d", credibility);
	return buf;
}

const char *analysis_short_id(char buf[9], const char *id)
{
	snprintf(buf, 9, "%.8s", id ? id : "-");
	return buf;
}

const char *analysis_set_by(char buf[9], const stance_current_position *p)
{
	if (!p->red_line || !p->red_line_statement ||
	    strcmp(p->red_line_statement, p->statement) == 0)
		return NULL;
	return analysis_short_id(buf, p->red_line_statement);
}

void analysis_rests_on(struct analysis_rests_on *r, const stance_current_position *p,
		       int by_actor, size_t indent, long ref_day, const char *cred_label,
		       const char *set_by_label)
{
	const char *who = by_actor ? p->actor : p->party;
	const char *other = by_actor ? p->party : p->actor;
	char buf[9];

	snprintf(r->who, sizeof(r->who), "%*s%s", (int)indent, "", who ? who : "-");
	r->cells[RESTS_WHO] = r->who;
	r->cells[RESTS_STANCE] = analysis_symbol(r->stance, p->stance, p->has_point, p->point,
						 p->red_line ? STANCE_RED_LINE_YES
							     : STANCE_RED_LINE_UNSTATED);
	r->cells[RESTS_DATE] = p->said_on;
	r->cells[RESTS_AGE] = analysis_age(r->age, p->said_on, ref_day);
	r->cells[RESTS_OTHER] = other ? other : "-";
	r->cells[RESTS_KIND] = p->kind ? p->kind : "-";
	snprintf(r->cred, sizeof(r->cred), "%s%s%s", cred_label ? cred_label : "",
		 cred_label ? " " : "", analysis_credibility(buf, p->credibility));
	r->cells[RESTS_CRED] = r->cred;
	r->cells[RESTS_STATEMENT] = analysis_short_id(r->id, p->statement);
	/* a red line that rests on an earlier statement names it */
	r->set_by[0] = '\0';
	if (analysis_set_by(buf, p))
		snprintf(r->set_by, sizeof(r->set_by), "%s%s%s", set_by_label ? set_by_label : "",
			 set_by_label ? " " : "", buf);
	r->cells[RESTS_SET_BY] = r->set_by;
}

/* ---- issues under their parents ----------------------------------------- */

/* An issue with a known parent, for finding the children of an issue by a
 * binary search. */
struct child {
	const char *parent, *slug;
	size_t index;
};

static int compare_child(const void *a, const void *b)
{
	const struct child *x = a, *y = b;
	int c = strcmp(x->parent, y->parent);

	return c ? c : strcmp(x->slug, y->slug);
}

/* The first of the n children (sorted) whose parent is slug. */
static size_t first_child(const struct child *kids, size_t n, const char *slug)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(kids[mid].parent, slug) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t analysis_issue_index(const struct analysis_issue_tree *t, const char *slug)
{
	const stance_entity *e = entity_list_find(&t->issues, slug);

	return e ? (size_t)(e - t->issues.items) : t->issues.n;
}

size_t analysis_issue_parent(const struct analysis_issue_tree *t, size_t i)
{
	if (i >= t->issues.n)
		return t->issues.n;
	return analysis_issue_index(t, t->issues.items[i].field[STANCE_ISSUE_PARENT]);
}

/* Puts issues.items[root] and everything under it into the order from *k
 * on, depth first, children by slug; an explicit stack, so that no depth
 * of nesting exhausts the C stack, and a visited mark, so that a loop of
 * parents ends. */
static void tree_walk(struct analysis_issue_tree *t, const struct child *kids, size_t nkids,
		      size_t *stack, size_t *stack_depth, unsigned char *seen, size_t root,
		      size_t *k)
{
	size_t top = 0;

	stack[top] = root;
	stack_depth[top++] = 0;
	seen[root] = 1;
	while (top > 0) {
		size_t i = stack[--top], depth = stack_depth[top];
		const char *slug = t->issues.items[i].field[STANCE_ENTITY_SLUG];
		size_t from = first_child(kids, nkids, slug), to = from;

		t->order[*k] = i;
		t->depth[*k] = depth;
		t->rank[i] = (*k)++;
		while (to < nkids && strcmp(kids[to].parent, slug) == 0)
			to++;
		/* pushed last to first, so that the first by slug comes next */
		while (to-- > from) {
			if (seen[kids[to].index])
				continue;
			seen[kids[to].index] = 1;
			stack[top] = kids[to].index;
			stack_depth[top++] = depth + 1;
		}
	}
}

int analysis_issue_tree_load(struct analysis_issue_tree *t, stance_db *db,
			     const stance_scope *scope)
{
	struct child *kids = NULL;
	size_t n, nkids = 0, k = 0, *stack = NULL, *stack_depth = NULL;
	unsigned char *seen = NULL;
	int rc;

	memset(t, 0, sizeof(*t));
	rc = analysis_entities_load(&t->issues, db, STANCE_ISSUE, scope);
	if (rc)
		return rc;
	n = t->issues.n;
	t->order = calloc(n + 1, sizeof(*t->order));
	t->depth = calloc(n + 1, sizeof(*t->depth));
	t->rank = calloc(n + 1, sizeof(*t->rank));
	kids = calloc(n + 1, sizeof(*kids));
	stack = calloc(n + 1, sizeof(*stack));
	stack_depth = calloc(n + 1, sizeof(*stack_depth));
	seen = calloc(n + 1, 1);
	if (!t->order || !t->depth || !t->rank || !kids || !stack || !stack_depth || !seen) {
		rc = cli_error(CLI_ESOFTWARE, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (analysis_issue_parent(t, i) == n)
			continue;
		kids[nkids++] = (struct child){ t->issues.items[i].field[STANCE_ISSUE_PARENT],
						t->issues.items[i].field[STANCE_ENTITY_SLUG], i };
	}
	qsort(kids, nkids, sizeof(*kids), compare_child);
	for (size_t i = 0; i < n; i++)
		if (!seen[i] && analysis_issue_parent(t, i) == n)
			tree_walk(t, kids, nkids, stack, stack_depth, seen, i, &k);
	/* what a loop of parents kept from the top level */
	for (size_t i = 0; i < n; i++)
		if (!seen[i])
			tree_walk(t, kids, nkids, stack, stack_depth, seen, i, &k);
done:
	free(kids);
	free(stack);
	free(stack_depth);
	free(seen);
	return rc;
}

void analysis_issue_tree_free(struct analysis_issue_tree *t)
{
	entity_list_free(&t->issues);
	free(t->order);
	free(t->depth);
	free(t->rank);
	memset(t, 0, sizeof(*t));
}

/* ---- JSON ---------------------------------------------------------------- */

json_t *analysis_json_string(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *analysis_json_point(int has_point, double point)
{
	return has_point ? json_real(point) : json_null();
}

void analysis_json_set(json_t *o, const char *key, json_t *v, int *failed)
{
	if (*failed || !o || !v || json_object_set_new(o, key, v)) {
		/* set_new releases v itself when it fails */
		if (!*failed && o && v)
			v = NULL;
		json_decref(v);
		*failed = 1;
	}
}

json_t *analysis_json_done(json_t *o, int failed)
{
	if (!failed && o)
		return o;
	json_decref(o);
	return NULL;
}
