/*
 * bargain-forecast.c - the forecasts and the backtest of design §8: the
 * inputs gathered from the current positions, the assessments and their
 * defaults, handed to the models of bargain-model.c.
 *
 * Assessments are read once into memory, sorted by party, issue and
 * order, so that the latest as of any date is a search, not a query: a
 * backtest asks it for every party of every outcome. The inputs of the
 * forecasts of the past (one per outcome, as of the day before it) come
 * from one walk over the statements (stance_analysis__checkpoints()), not
 * from one scan per outcome.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis-internal.h"
#include "bargain-internal.h"
#include "bargain-model.h"
#include "common-internal.h"
#include "entity-internal.h"

const char *const stance_model_names[] = { "compromise", "median", "nash", "fitted", NULL };

int stance_model_parse(stance_model *out, const char *name)
{
	for (int m = 0; m < STANCE_MODELS; m++) {
		if (name && strcmp(name, stance_model_names[m]) == 0) {
			*out = (stance_model)m;
			return 0;
		}
	}
	return stance__error(STANCE_EINVALID, "invalid model '%s' (choose from: compromise, "
			     "median, nash, fitted)", name ? name : "");
}

/* The defaults of design §8: what a party is taken to weigh when nobody
 * assessed it. */
#define SALIENCE_RED_LINE 100.0
#define SALIENCE_DEFAULT 50.0
#define CAPABILITY_DEFAULT 1.0

/* ---- the assessments, in memory --------------------------------------- */

/* One judgement: a salience or a capability of a party on an issue (NULL:
 * every issue), from a date on. */
struct judgement {
	char *party;
	char *issue;
	char date[STANCE_DATE_LEN + 1];
	double value;
};

/* The judgements of one kind, sorted by party, issue (NULL first), then in
 * the order (date, recorded_at, id) in which a later one overrides. */
struct judgements {
	size_t n, cap;
	struct judgement *items;
};

/* The latest first within a key: the query orders so. */
static const char sql_judgements[] =
	"SELECT p.slug, i.slug, a.salience, a.capability, a.date"
	" FROM assessment AS a JOIN party AS p ON p.id = a.party_id"
	" LEFT JOIN issue AS i ON i.id = a.issue_id WHERE a.retracted_at IS NULL"
	" ORDER BY p.slug, i.slug, a.date, a.recorded_at, a.uuid";

static void judgements_free(struct judgements *j)
{
	for (size_t k = 0; k < j->n; k++) {
		free(j->items[k].party);
		free(j->items[k].issue);
	}
	free(j->items);
	memset(j, 0, sizeof(*j));
}

static int judgement_add(struct judgements *j, sqlite3_stmt *stmt, int col)
{
	struct judgement *v;
	int rc = 0;

	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return 0;
	if (j->n == j->cap) {
		size_t ncap = j->cap ? j->cap * 2 : 64;

		v = realloc(j->items, ncap * sizeof(*v));
		if (!v)
			return stance__error(STANCE_ENOMEM, "out of memory");
		j->items = v;
		j->cap = ncap;
	}
	v = &j->items[j->n];
	memset(v, 0, sizeof(*v));
	v->party = stance_db__column_dup(stmt, 0, &rc);
	v->issue = stance_db__column_dup(stmt, 1, &rc);
	snprintf(v->date, sizeof(v->date), "%s", (const char *)sqlite3_column_text(stmt, 4));
	v->value = sqlite3_column_double(stmt, col);
	j->n++;
	return rc ? stance__error(STANCE_ENOMEM, "out of memory") : 0;
}

static int judgements_load(struct judgements *salience, struct judgements *capability,
			   stance_db *db)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_judgements), src;

	if (rc)
		return rc;
	while (!rc && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		rc = judgement_add(salience, stmt, 2);
		if (!rc)
			rc = judgement_add(capability, stmt, 3);
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the assessments");
	sqlite3_reset(stmt);
	return rc;
}

/* Orders (party, issue) keys, a NULL issue first, as the query does. */
static int key_cmp(const char *party, const char *issue, const struct judgement *j)
{
	int c = strcmp(party, j->party);

	if (c)
		return c;
	if (!issue || !j->issue)
		return (issue != NULL) - (j->issue != NULL);
	return strcmp(issue, j->issue);
}

/* The value of the latest judgement of (party, issue) dated on or before
 * as_of (NULL: any): 1 and *out, or 0 when there is none. */
static int judgement_latest(const struct judgements *j, const char *party, const char *issue,
			    const char *as_of, double *out)
{
	size_t lo = 0, hi = j->n;

	/* the first judgement past the key */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key_cmp(party, issue, &j->items[mid]) >= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo > 0 && key_cmp(party, issue, &j->items[lo - 1]) == 0) {
		lo--;
		if (!as_of || strcmp(j->items[lo].date, as_of) <= 0) {
			*out = j->items[lo].value;
			return 1;
		}
	}
	return 0;
}

/* ---- the inputs of one forecast --------------------------------------- */

/* What a forecast reads beside the positions. */
struct inputs {
	stance_db *db;
	struct judgements salience, capability;
	char **issues;          /* issue slugs, sorted, with their status quo */
	double *status_quo;
	unsigned char *has_sq;
	size_t nissues, cap_issues;
	char **parties;         /* every party's slug, sorted: the fit's indexes */
	size_t nparties, cap_parties;
};

static void inputs_free(struct inputs *in)
{
	judgements_free(&in->salience);
	judgements_free(&in->capability);
	for (size_t k = 0; k < in->nissues; k++)
		free(in->issues[k]);
	for (size_t k = 0; k < in->nparties; k++)
		free(in->parties[k]);
	free(in->issues);
	free(in->status_quo);
	free(in->has_sq);
	free(in->parties);
}

static int slug_push(char ***arr, size_t *n, size_t *cap, const char *slug)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 32;
		char **grown = realloc(*arr, ncap * sizeof(*grown));

		if (!grown)
			return stance__error(STANCE_ENOMEM, "out of memory");
		*arr = grown;
		*cap = ncap;
	}
	(*arr)[*n] = stance__strdup(slug);
	if (!(*arr)[*n])
		return stance__error(STANCE_ENOMEM, "out of memory");
	(*n)++;
	return 0;
}

static int issue_seen(const stance_entity *e, void *ctx)
{
	struct inputs *in = ctx;
	size_t sq;
	double *v;
	unsigned char *h;
	size_t n = in->nissues;
	int rc;

	if (n == in->cap_issues) {
		size_t ncap = n ? n * 2 : 32;

		v = realloc(in->status_quo, ncap * sizeof(*v));
		if (v)
			in->status_quo = v;
		h = realloc(in->has_sq, ncap);
		if (h)
			in->has_sq = h;
		if (!v || !h)
			return stance__error(STANCE_ENOMEM, "out of memory");
	}
	rc = slug_push(&in->issues, &in->nissues, &in->cap_issues, e->field[STANCE_ENTITY_SLUG]);
	if (rc)
		return rc;
	stance_entity__field(STANCE_ISSUE, "status_quo", &sq);
	in->has_sq[n] = e->field[sq] != NULL;
	in->status_quo[n] = e->field[sq] ? strtod(e->field[sq], NULL) : 0;
	return 0;
}

static int party_seen(const stance_entity *e, void *ctx)
{
	struct inputs *in = ctx;

	return slug_push(&in->parties, &in->nparties, &in->cap_parties,
			 e->field[STANCE_ENTITY_SLUG]);
}

static int compare_slug(const void *key, const void *elem)
{
	return strcmp(key, *(char *const *)elem);
}

/* The index of a slug in a sorted list, n when it is not there. */
static size_t slug_index(char *const *arr, size_t n, const char *slug)
{
	char *const *hit = n ? bsearch(slug, arr, n, sizeof(*arr), compare_slug) : NULL;

	return hit ? (size_t)(hit - arr) : n;
}

/* The issues (for their status quo) and parties as known, and the
 * assessments. Removed entities are not listed: nothing in scope names
 * them. */
static int inputs_load(struct inputs *in, stance_db *db, const stance_scope *scope)
{
	int rc;

	memset(in, 0, sizeof(*in));
	in->db = db;
	rc = stance_entities_foreach(db, scope, STANCE_ISSUE, issue_seen, in);
	if (!rc)
		rc = stance_entities_foreach(db, scope, STANCE_PARTY, party_seen, in);
	if (!rc)
		rc = judgements_load(&in->salience, &in->capability, db);
	return rc;
}

/* One party's inputs on an issue as of a date (NULL: all time): x from its
 * position, s and c from the assessments or the defaults. */
static void bargainer_fill(struct stance_bargainer *b, stance_forecast_party *fp,
			   const struct inputs *in, const char *party, const char *issue,
			   double x, int red_line, const char *as_of)
{
	double s, c;
	int has_s = judgement_latest(&in->salience, party, issue, as_of, &s);
	int has_c = judgement_latest(&in->capability, party, issue, as_of, &c) ||
		judgement_latest(&in->capability, party, NULL, as_of, &c);

	b->x = x;
	b->s = has_s ? s : red_line ? SALIENCE_RED_LINE : SALIENCE_DEFAULT;
	b->c = has_c ? c : CAPABILITY_DEFAULT;
	b->red_line = red_line;
	if (fp) {
		fp->party = party;
		fp->point = b->x;
		fp->salience = b->s;
		fp->capability = b->c;
		fp->red_line = red_line;
		fp->assumed_salience = !has_s;
		fp->assumed_capability = !has_c;
	}
}

/* ---- the past: one case per outcome ----------------------------------- */

/* An outcome with the inputs it is forecast from. */
struct past {
	stance_outcome *outcome;
	char day_before[STANCE_DATE_LEN + 1];
	struct stance_bargainer *b;
	size_t *party;   /* indexes into inputs.parties */
	size_t n;
};

struct history {
	struct past *items;
	size_t n, cap;
};

static void history_free(struct history *h)
{
	for (size_t k = 0; k < h->n; k++) {
		stance_outcome_free(h->items[k].outcome);
		free(h->items[k].b);
		free(h->items[k].party);
	}
	free(h->items);
	memset(h, 0, sizeof(*h));
}

static int outcome_keep(const stance_outcome *o, void *ctx)
{
	struct history *h = ctx;
	stance_outcome *copy;
	struct past *p;

	if (h->n == h->cap) {
		size_t ncap = h->cap ? h->cap * 2 : 64;

		p = realloc(h->items, ncap * sizeof(*p));
		if (!p)
			return stance__error(STANCE_ENOMEM, "out of memory");
		h->items = p;
		h->cap = ncap;
	}
	copy = calloc(1, sizeof(*copy));
	if (!copy)
		return stance__error(STANCE_ENOMEM, "out of memory");
	copy->id = stance__strdup(o->id);
	copy->issue = stance__strdup(o->issue);
	copy->date = stance__strdup(o->date);
	copy->point = o->point;
	copy->text = o->text ? stance__strdup(o->text) : NULL;
	copy->source = o->source ? stance__strdup(o->source) : NULL;
	copy->recorded_by = stance__strdup(o->recorded_by);
	copy->recorded_at = stance__strdup(o->recorded_at);
	p = &h->items[h->n++];
	memset(p, 0, sizeof(*p));
	p->outcome = copy;
	stance__days_date(p->day_before, stance__date_days(o->date) - 1);
	if (!copy->id || !copy->issue || !copy->date || (o->text && !copy->text) ||
	    (o->source && !copy->source) || !copy->recorded_by || !copy->recorded_at)
		return stance__error(STANCE_ENOMEM, "out of memory");
	return 0;
}

struct fill_ctx {
	struct history *h;
	const struct inputs *in;
};

static int past_fill(size_t cp, const struct stance_checkpoint_position *pos, size_t n,
		     void *ctx)
{
	struct fill_ctx *f = ctx;
	struct past *p = &f->h->items[cp];

	p->b = calloc(n + 1, sizeof(*p->b));
	p->party = calloc(n + 1, sizeof(*p->party));
	if (!p->b || !p->party)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t k = 0; k < n; k++) {
		size_t idx = slug_index(f->in->parties, f->in->nparties, pos[k].party);

		/* a party removed since is not among those listed */
		if (idx == f->in->nparties)
			continue;
		bargainer_fill(&p->b[p->n], NULL, f->in, pos[k].party, p->outcome->issue,
			       pos[k].point, pos[k].red_line, p->day_before);
		p->party[p->n++] = idx;
	}
	return 0;
}

/* Every non-retracted outcome dated before `before` (NULL: all), in the
 * order (date, recorded_at, id), each with its inputs as of the day before
 * it, under the scope's parties, evidence filters and as_known. */
static int history_load(struct history *h, stance_db *db, const stance_scope *scope,
			const struct inputs *in, const char *before)
{
	stance_outcome_filter f = STANCE_OUTCOME_FILTER_INIT;
	struct stance_checkpoint *cps = NULL;
	size_t keep = 0;
	struct fill_ctx fc;
	stance_scope s = *scope;
	int rc;

	memset(h, 0, sizeof(*h));
	rc = stance_outcome_foreach(db, &f, outcome_keep, h);
	if (rc)
		return rc;
	/* dated before: the list is in date order */
	while (before && keep < h->n && strcmp(h->items[keep].outcome->date, before) < 0)
		keep++;
	if (before) {
		for (size_t k = keep; k < h->n; k++) {
			stance_outcome_free(h->items[k].outcome);
			h->items[k].outcome = NULL;
		}
		h->n = keep;
	}
	if (h->n == 0)
		return 0;
	cps = calloc(h->n, sizeof(*cps));
	if (!cps)
		return stance__error(STANCE_ENOMEM, "out of memory");
	/* the checkpoints go by date: the outcomes are in date order, and the
	 * day before each keeps it */
	for (size_t k = 0; k < h->n; k++)
		cps[k] = (struct stance_checkpoint){ h->items[k].day_before,
						     h->items[k].outcome->issue };
	/* the fit learns from every issue: capabilities are the parties' */
	s.issues = NULL;
	s.nissues = 0;
	fc = (struct fill_ctx){ h, in };
	rc = stance_analysis__checkpoints(db, &s, cps, h->n, past_fill, &fc);
	free(cps);
	return rc;
}

/* The fit over the outcomes of h that pass `use` (NULL: all) into factor
 * (nparties, starting from its values); *n the cases used. */
static int fit(double *factor, size_t nparties, const struct history *h,
	       int (*use)(const struct past *p, const void *arg), const void *arg, size_t *n)
{
	struct stance_fit_case *cases = calloc(h->n + 1, sizeof(*cases));
	int rc = 0;

	*n = 0;
	if (!cases)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t k = 0; k < h->n; k++) {
		const struct past *p = &h->items[k];

		if (use && !use(p, arg))
			continue;
		cases[(*n)++] = (struct stance_fit_case){ p->b, p->party, p->n, p->outcome->point };
	}
	if (*n)
		rc = stance_bargain__fit(factor, nparties, cases, *n);
	free(cases);
	return rc;
}

/* ---- forecast ---------------------------------------------------------- */

static int check_models(unsigned int *models)
{
	if (*models == 0)
		*models = STANCE_MODELS_ALL;
	if (*models & ~STANCE_MODELS_ALL)
		return stance__error(STANCE_EINVALID, "unknown models asked for (0x%x)", *models);
	return 0;
}

/* Parties bargain, not their speakers. */
static int check_scope(const stance_scope *scope)
{
	if (!scope)
		return 0;
	if (scope->version < 3)
		return 0;
	if (scope->by_actor)
		return stance__error(STANCE_EINVALID, "forecasts are of parties, not actors");
	if (scope->nbetween || scope->within)
		return stance__error(STANCE_EINVALID, "between and within are for conflicts");
	return 0;
}

/* The models of one issue's inputs, into f. */
static void models_run(stance_forecast *f, const struct stance_bargainer *b, size_t n,
		       const double *factor, const size_t *party)
{
	double v;

	memset(f->has, 0, sizeof(f->has));
	stance_bargain__zone(&f->zone_low, &f->zone_high, b, n);
	for (int m = 0; m < STANCE_MODELS; m++) {
		if (!(f->models & (1u << m)))
			continue;
		switch (m) {
		case STANCE_MODEL_COMPROMISE:
			f->has[m] = stance_bargain__compromise(&v, b, n);
			break;
		case STANCE_MODEL_MEDIAN:
			f->has[m] = stance_bargain__median(&v, b, n);
			break;
		case STANCE_MODEL_NASH:
			f->has[m] = f->has_status_quo &&
				stance_bargain__nash(&v, b, n, f->status_quo);
			break;
		case STANCE_MODEL_FITTED:
			f->has[m] = factor && stance_bargain__fitted(&v, b, party, n, factor);
			break;
		}
		if (f->has[m]) {
			f->value[m] = v;
			f->clamped[m] = stance_bargain__clamp(v, f->zone_low, f->zone_high);
		}
	}
	f->has_stance = f->has[STANCE_MODEL_COMPROMISE];
	f->stance = f->has_stance ? stance_point_stance(f->clamped[STANCE_MODEL_COMPROMISE]) : 0;
}

/* The status quo of an issue, into f. */
static void status_quo_of(stance_forecast *f, const struct inputs *in, const char *issue)
{
	size_t i = slug_index(in->issues, in->nissues, issue);

	f->has_status_quo = i < in->nissues && in->has_sq[i];
	f->status_quo = f->has_status_quo ? in->status_quo[i] : 0;
}

/* Sorts positions by issue, then party. */
static int compare_position(const void *a, const void *b)
{
	const stance_current_position *x = *(stance_current_position *const *)a;
	const stance_current_position *y = *(stance_current_position *const *)b;
	int c = strcmp(x->issue, y->issue);

	return c ? c : strcmp(x->party, y->party);
}

/* What one issue's forecast holds while fn reads it. */
struct issue_work {
	struct stance_bargainer *b;
	stance_forecast_party *fp;
	size_t *party;
	const char **bounded;
};

/* The forecast of the n positions of one issue (sorted by party). */
static int forecast_issue(stance_forecast *f, struct issue_work *w,
			  stance_current_position *const *pos, size_t n, const struct inputs *in,
			  const double *factor, int (*fn)(const stance_forecast *f, void *ctx),
			  void *ctx)
{
	f->issue = pos[0]->issue;
	f->nparties = n;
	f->nbounded = 0;
	status_quo_of(f, in, f->issue);
	for (size_t k = 0; k < n; k++) {
		const stance_current_position *p = pos[k];

		bargainer_fill(&w->b[k], &w->fp[k], in, p->party, p->issue,
			       p->has_point ? p->point : (p->stance + 2) * 25.0, p->red_line,
			       f->as_of);
		w->fp[k].statement = p->statement;
		w->fp[k].said_on = p->said_on;
		w->party[k] = slug_index(in->parties, in->nparties, p->party);
	}
	models_run(f, w->b, n, factor, w->party);
	for (size_t k = 0; k < n; k++)
		if (stance_bargain__bounds(&w->b[k], f->zone_low, f->zone_high))
			w->bounded[f->nbounded++] = w->fp[k].party;
	f->parties = w->fp;
	f->bounded_by = w->bounded;
	return fn(f, ctx);
}

int stance_forecast_foreach(stance_db *db, const stance_scope *scope, unsigned int models,
			    int (*fn)(const stance_forecast *f, void *ctx), void *ctx)
{
	static const stance_scope everything = STANCE_SCOPE_INIT;
	struct stance_analysis_read r = { 0 };
	stance_positions *pos = NULL;
	stance_current_position **sorted = NULL;
	struct inputs in = { 0 };
	struct history h = { 0 };
	struct issue_work w = { 0 };
	double *factor = NULL;
	stance_forecast f;
	int rc;

	stance__error_clear();
	if (!scope)
		scope = &everything;
	rc = check_models(&models);
	if (!rc)
		rc = check_scope(scope);
	if (!rc && scope->as_of)
		rc = stance_check_date("--as-of date", scope->as_of);
	if (rc)
		return rc;
	/* one moment of the database for every read below */
	rc = stance_analysis__read_begin(&r, db, stance_analysis__as_known(scope));
	if (!rc)
		rc = stance_positions_get(&pos, db, scope);
	if (!rc)
		rc = inputs_load(&in, db, scope);
	memset(&f, 0, sizeof(f));
	f.as_of = scope->as_of;
	f.models = models;
	if (!rc && (models & (1u << STANCE_MODEL_FITTED))) {
		rc = history_load(&h, db, scope, &in, scope->as_of);
		factor = calloc(in.nparties + 1, sizeof(*factor));
		if (!rc && !factor)
			rc = stance__error(STANCE_ENOMEM, "out of memory");
		for (size_t k = 0; !rc && k < in.nparties; k++)
			factor[k] = 1;
		if (!rc)
			rc = fit(factor, in.nparties, &h, NULL, NULL, &f.fit_outcomes);
		if (!rc && f.fit_outcomes == 0) {
			free(factor);
			factor = NULL;
		}
	}
	if (rc)
		goto done;
	sorted = calloc(pos->n + 1, sizeof(*sorted));
	w.b = calloc(pos->n + 1, sizeof(*w.b));
	w.fp = calloc(pos->n + 1, sizeof(*w.fp));
	w.party = calloc(pos->n + 1, sizeof(*w.party));
	w.bounded = calloc(pos->n + 1, sizeof(*w.bounded));
	if (!sorted || !w.b || !w.fp || !w.party || !w.bounded) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t k = 0; k < pos->n; k++)
		sorted[k] = &pos->items[k];
	qsort(sorted, pos->n, sizeof(*sorted), compare_position);
	for (size_t k = 0, end; !rc && k < pos->n; k = end) {
		for (end = k + 1; end < pos->n && strcmp(sorted[end]->issue, sorted[k]->issue) == 0;
		     end++)
			;
		rc = forecast_issue(&f, &w, &sorted[k], end - k, &in, factor, fn, ctx);
	}
done:
	free(sorted);
	free(w.b);
	free(w.fp);
	free(w.party);
	free(w.bounded);
	free(factor);
	history_free(&h);
	inputs_free(&in);
	stance_positions_free(pos);
	return stance_analysis__read_end(&r, db, rc);
}

/* ---- backtest ---------------------------------------------------------- */

/* A case the fitted model may learn from for a forecast of issue `issue`
 * as of `as_of`: on another issue (leave one issue out), dated before. */
struct held_out {
	const char *issue;
	const char *as_of;
};

static int out_of_sample(const struct past *p, const void *arg)
{
	const struct held_out *o = arg;

	return strcmp(p->outcome->issue, o->issue) != 0 && strcmp(p->outcome->date, o->as_of) < 0;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The summary of the errors each model made. */
static void summarise(stance_backtest_summary *sum, double *const *errors)
{
	for (int m = 0; m < STANCE_MODELS; m++) {
		size_t n = sum->n[m];
		double total = 0;

		if (n == 0)
			continue;
		qsort(errors[m], n, sizeof(double), compare_double);
		for (size_t k = 0; k < n; k++)
			total += errors[m][k];
		sum->mae[m] = total / (double)n;
		sum->median_error[m] = n % 2 ? errors[m][n / 2] :
			(errors[m][n / 2 - 1] + errors[m][n / 2]) / 2;
	}
}

/* The ids of the outcomes on the issues in scope (listed, or under a
 * listed one), sorted. */
struct id_set {
	char **ids;
	size_t n, cap;
};

static int id_seen(const stance_outcome *o, void *ctx)
{
	struct id_set *s = ctx;

	return slug_push(&s->ids, &s->n, &s->cap, o->id);
}

static int compare_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One outcome's row: each model as of the day before it. */
static void backtest_row(stance_backtest_row *row, stance_forecast *f, const struct past *p,
			 const struct inputs *in, const double *factor)
{
	memset(row, 0, sizeof(*row));
	row->outcome = p->outcome;
	f->issue = p->outcome->issue;
	status_quo_of(f, in, f->issue);
	models_run(f, p->b, p->n, factor, p->party);
	for (int m = 0; m < STANCE_MODELS; m++) {
		row->has[m] = f->has[m];
		row->value[m] = f->value[m];
		row->error[m] = f->has[m] ? fabs(f->value[m] - p->outcome->point) : 0;
	}
}

/* The outcomes to test, sorted by id: those on the listed issues (every
 * outcome is a case the fitted model may learn from). */
static int wanted_load(struct id_set *wanted, stance_db *db, const stance_scope *scope)
{
	stance_outcome_filter of = STANCE_OUTCOME_FILTER_INIT;
	int rc;

	of.issues = scope->issues;
	of.nissues = scope->nissues;
	rc = stance_outcome_foreach(db, &of, id_seen, wanted);
	if (!rc && wanted->n)
		qsort(wanted->ids, wanted->n, sizeof(*wanted->ids), compare_string);
	return rc;
}

/* The row of outcome k of h: the fitted model learns out of sample, from
 * the assessed capabilities (factor, nparties long, is its room), since a
 * start carried over from another outcome's fit would make this forecast
 * depend on which outcomes were tested before it, and on issue I's own. */
static int backtest_outcome(stance_backtest_row *row, stance_forecast *f,
			    const struct history *h, size_t k, const struct inputs *in,
			    double *factor)
{
	const struct past *p = &h->items[k];
	struct held_out held = { p->outcome->issue, p->day_before };
	size_t used = 0;
	int rc = 0;

	for (size_t q = 0; q < in->nparties; q++)
		factor[q] = 1;
	if (f->models & (1u << STANCE_MODEL_FITTED))
		rc = fit(factor, in->nparties, h, out_of_sample, &held, &used);
	if (!rc)
		backtest_row(row, f, p, in, used ? factor : NULL);
	return rc;
}

int stance_backtest_run(stance_backtest_summary *sum, stance_db *db, const stance_scope *scope,
			unsigned int models,
			int (*fn)(const stance_backtest_row *row, void *ctx), void *ctx)
{
	static const stance_scope everything = STANCE_SCOPE_INIT;
	struct stance_analysis_read r = { 0 };
	struct id_set wanted = { 0 };
	double *errors[STANCE_MODELS] = { 0 }, *factor = NULL;
	struct inputs in = { 0 };
	struct history h = { 0 };
	stance_forecast f;
	int rc;

	stance__error_clear();
	memset(sum, 0, sizeof(*sum));
	if (!scope)
		scope = &everything;
	rc = check_models(&models);
	if (!rc)
		rc = check_scope(scope);
	if (!rc && scope->as_of)
		rc = stance__error(STANCE_EINVALID, "a backtest has no as-of date: each outcome "
				   "is forecast as of the day before it");
	if (rc)
		return rc;
	sum->models = models;
	rc = stance_analysis__read_begin(&r, db, stance_analysis__as_known(scope));
	if (!rc)
		rc = inputs_load(&in, db, scope);
	if (!rc)
		rc = history_load(&h, db, scope, &in, NULL);
	if (!rc)
		rc = wanted_load(&wanted, db, scope);
	for (int m = 0; !rc && m < STANCE_MODELS; m++)
		if (!(errors[m] = calloc(h.n + 1, sizeof(double))))
			rc = stance__error(STANCE_ENOMEM, "out of memory");
	factor = calloc(in.nparties + 1, sizeof(*factor));
	if (!rc && !factor)
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	memset(&f, 0, sizeof(f));
	f.models = models;
	for (size_t k = 0; !rc && k < h.n; k++) {
		stance_backtest_row row;

		if (slug_index(wanted.ids, wanted.n, h.items[k].outcome->id) == wanted.n)
			continue;
		rc = backtest_outcome(&row, &f, &h, k, &in, factor);
		for (int m = 0; !rc && m < STANCE_MODELS; m++)
			if (row.has[m])
				errors[m][sum->n[m]++] = row.error[m];
		if (!rc)
			rc = fn(&row, ctx);
	}
	if (!rc)
		summarise(sum, errors);
	for (int m = 0; m < STANCE_MODELS; m++)
		free(errors[m]);
	for (size_t k = 0; k < wanted.n; k++)
		free(wanted.ids[k]);
	free(wanted.ids);
	free(factor);
	history_free(&h);
	inputs_free(&in);
	return stance_analysis__read_end(&r, db, rc);
}
