/*
 * agreement.c - the agreement between coders (design §9): their issues in
 * one catalog, the scope of --issue with its descendants, the units found
 * by sorting every coder's values by (statement, issue, coder), and one
 * tally per issue plus the pooled one, from which agreement-alpha.c
 * computes alpha.
 */
#include <stdlib.h>
#include <string.h>

#include "agreement-internal.h"
#include "common-internal.h"

const char *const stance_alpha_metric_names[] = { "ordinal", "interval", "nominal", NULL };
#define NMETRICS 3

const char *stance_alpha_metric_name(stance_alpha_metric m)
{
	return (size_t)m < NMETRICS ? stance_alpha_metric_names[m] : NULL;
}

int stance_alpha_metric_parse(stance_alpha_metric *out, const char *name)
{
	for (size_t i = 0; i < NMETRICS; i++)
		if (name && strcmp(name, stance_alpha_metric_names[i]) == 0) {
			*out = (stance_alpha_metric)i;
			return 0;
		}
	return stance__error(STANCE_EINVALID, "invalid metric '%s' (choose from: ordinal, "
			     "interval, nominal)", name ? name : "");
}

/* That an issue once called from is now called to, by some coder. */
struct rename {
	const char *from, *to;  /* borrowed from the coder */
};

/* The answer with what it owns, and what computing it needs. */
struct result {
	stance_agreement pub;
	char **slugs;       /* the catalog's */
	size_t nslugs;
	int *values;        /* the disagreements' values, ncoders each, */
	int *red_lines;     /* and red lines */
	struct rename *renames;  /* every coder's, by from then to */
	size_t nrenames;
};

void stance_agreement_free(stance_agreement *a)
{
	struct result *r = (struct result *)a;

	if (!r)
		return;
	for (size_t i = 0; i < r->nslugs; i++)
		free(r->slugs[i]);
	free(r->slugs);
	free(r->values);
	free(r->red_lines);
	free(r->renames);
	free(r->pub.issues);
	free(r->pub.disagreements);
	free(r);
}

/* ---- the catalog of issues --------------------------------------------- */

static int compare_slug(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t slug_index(char *const *slugs, size_t n, const char *slug)
{
	char *const *hit = n ? bsearch(&slug, slugs, n, sizeof(*slugs), compare_slug) : NULL;

	return hit ? (size_t)(hit - slugs) : n;
}

static int compare_rename(const void *a, const void *b)
{
	const struct rename *x = a, *y = b;
	int cmp = strcmp(x->from, y->from);

	return cmp ? cmp : strcmp(x->to, y->to);
}

/* Every coder's renames, so that an issue one coder renamed is the same
 * issue for all (the first of two renames of one slug, in their order). */
static int renames_gather(struct result *r, stance_coder *const *coders, size_t ncoders)
{
	size_t total = 0;

	for (size_t k = 0; k < ncoders; k++)
		total += coders[k]->naliases;
	r->renames = malloc((total + 1) * sizeof(*r->renames));
	if (!r->renames)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t k = 0; k < ncoders; k++)
		for (size_t i = 0; i < coders[k]->naliases; i++)
			r->renames[r->nrenames++] = (struct rename){ coders[k]->alias_from[i],
								     coders[k]->alias_to[i] };
	if (r->nrenames)
		qsort(r->renames, r->nrenames, sizeof(*r->renames), compare_rename);
	return 0;
}

/* The slug an issue has now: renames followed (a loop among them ends
 * where it began again). */
static const char *canonical(const struct result *r, const char *slug)
{
	for (size_t hop = 0; hop < r->nrenames; hop++) {
		size_t lo = 0, hi = r->nrenames;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (strcmp(r->renames[mid].from, slug) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == r->nrenames || strcmp(r->renames[lo].from, slug) != 0)
			break;
		slug = r->renames[lo].to;
	}
	return slug;
}

/* The index in the catalog of the issue slug names; r->nslugs when none. */
static size_t issue_index(const struct result *r, const char *slug)
{
	return slug_index(r->slugs, r->nslugs, canonical(r, slug));
}

/* Every coder's issues, by slug, once each, into r->slugs. */
static int catalog_build(struct result *r, stance_coder *const *coders, size_t ncoders)
{
	size_t total = 0, n = 0;
	int rc = renames_gather(r, coders, ncoders);

	for (size_t k = 0; k < ncoders; k++)
		total += coders[k]->nissues;
	r->slugs = rc ? NULL : calloc(total + 1, sizeof(*r->slugs));
	if (!r->slugs)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t k = 0; k < ncoders; k++)
		for (size_t i = 0; i < coders[k]->nissues; i++)
			r->slugs[n++] = (char *)canonical(r, coders[k]->issues[i]);
	if (n)
		qsort(r->slugs, n, sizeof(*r->slugs), compare_slug);
	for (size_t i = 0; i < n; i++)
		if (r->nslugs == 0 || strcmp(r->slugs[r->nslugs - 1], r->slugs[i]) != 0)
			r->slugs[r->nslugs++] = r->slugs[i];
	/* the catalog borrowed the coders' strings until now */
	for (size_t i = 0; i < r->nslugs; i++)
		if (!(r->slugs[i] = stance__strdup(r->slugs[i]))) {
			r->nslugs = i;
			return stance__error(STANCE_ENOMEM, "out of memory");
		}
	return 0;
}

/* Marks in in[] the issues listed and their descendants, by any coder's
 * parents (every issue when none is listed). */
static int scope_mark(unsigned char *in, const struct result *r, stance_coder *const *coders,
		      size_t ncoders, const char *const *issues, size_t nissues)
{
	int grew = 1;

	memset(in, nissues == 0, r->nslugs + 1);
	for (size_t i = 0; i < nissues; i++) {
		size_t at = issue_index(r, issues[i]);

		if (at == r->nslugs)
			return stance__error(STANCE_ENOTFOUND, "unknown issue '%s' (no input has it)",
					     issues[i]);
		in[at] = 1;
	}
	/* a parent marked marks its children, until nothing changes: the
	 * hierarchies are small, and the coders' may differ or even loop */
	while (nissues && grew) {
		grew = 0;
		for (size_t k = 0; k < ncoders; k++)
			for (size_t i = 0; i < coders[k]->nissues; i++) {
				const char *parent = coders[k]->parents[i];
				size_t child = issue_index(r, coders[k]->issues[i]);

				if (!in[child] && parent && in[issue_index(r, parent)]) {
					in[child] = 1;
					grew = 1;
				}
			}
	}
	return 0;
}

/* ---- the units ---------------------------------------------------------- */

/* One coder's value on one unit. */
struct value {
	unsigned char id[16];
	uint32_t issue;     /* in the catalog */
	uint16_t coder;
	int8_t stance;
	int8_t red_line;
};

static int compare_value(const void *a, const void *b)
{
	const struct value *x = a, *y = b;
	int cmp = memcmp(x->id, y->id, 16);

	if (cmp)
		return cmp;
	if (x->issue != y->issue)
		return x->issue < y->issue ? -1 : 1;
	return (x->coder > y->coder) - (x->coder < y->coder);
}

/* Every coder's values on the issues in scope, sorted into units. */
static int values_gather(struct value **out, size_t *n, const struct result *r,
			 const unsigned char *in, stance_coder *const *coders, size_t ncoders)
{
	size_t total = 0;
	struct value *v;

	for (size_t k = 0; k < ncoders; k++)
		total += coders[k]->ncodes;
	*n = 0;
	*out = v = malloc((total + 1) * sizeof(*v));
	if (!v)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t k = 0; k < ncoders; k++) {
		const stance_coder *c = coders[k];
		uint32_t *map = malloc((c->nissues + 1) * sizeof(*map));

		if (!map)
			return stance__error(STANCE_ENOMEM, "out of memory");
		for (size_t i = 0; i < c->nissues; i++)
			map[i] = (uint32_t)issue_index(r, c->issues[i]);
		for (size_t i = 0; i < c->ncodes; i++) {
			const struct agree_code *code = &c->codes[i];

			if (!in[map[code->issue]])
				continue;
			memcpy(v[*n].id, code->id, 16);
			v[*n].issue = map[code->issue];
			v[*n].coder = (uint16_t)k;
			v[*n].stance = code->stance;
			v[*n].red_line = code->red_line;
			(*n)++;
		}
		free(map);
	}
	if (*n)
		qsort(v, *n, sizeof(*v), compare_value);
	return 0;
}

/* What the walk over the units adds up, per issue of the catalog. */
struct tallies {
	struct agree_tally *stance, *red_line;   /* nslugs + 1: the last is the pool */
	unsigned char *coded;                   /* some coder codes the issue */
};

/* Grows the disagreements to hold one more. */
static int disagreement_grow(struct result *r, size_t *cap)
{
	stance_agreement *a = &r->pub;
	size_t grown = *cap * 2 + 64, nc = a->ncoders;
	stance_disagreement *d;
	int *v, *red;

	if (*cap > a->ndisagreements)
		return 0;
	d = realloc(a->disagreements, grown * sizeof(*d));
	a->disagreements = d ? d : a->disagreements;
	v = d ? realloc(r->values, grown * nc * sizeof(*v)) : NULL;
	r->values = v ? v : r->values;
	red = v ? realloc(r->red_lines, grown * nc * sizeof(*red)) : NULL;
	r->red_lines = red ? red : r->red_lines;
	if (!red)
		return stance__error(STANCE_ENOMEM, "out of memory");
	*cap = grown;
	return 0;
}

/* Keeps the unit v[0..m) as a disagreement. */
static int disagreement_keep(struct result *r, size_t *cap, const struct value *v, size_t m)
{
	static const int red_line[] = {
		STANCE_RED_LINE_NO, STANCE_RED_LINE_YES, STANCE_RED_LINE_UNSTATED
	};
	stance_agreement *a = &r->pub;
	size_t nc = a->ncoders, at = a->ndisagreements;
	int rc = disagreement_grow(r, cap);

	if (rc)
		return rc;
	a->ndisagreements++;
	stance_agreement__uuid_text(a->disagreements[at].statement, v[0].id);
	a->disagreements[at].issue = r->slugs[v[0].issue];
	for (size_t k = 0; k < nc; k++) {
		r->values[at * nc + k] = STANCE_AGREEMENT_MISSING;
		r->red_lines[at * nc + k] = STANCE_AGREEMENT_MISSING;
	}
	for (size_t j = 0; j < m; j++) {
		r->values[at * nc + v[j].coder] = v[j].stance;
		r->red_lines[at * nc + v[j].coder] = red_line[v[j].red_line];
	}
	return 0;
}

/* Walks the sorted values one unit at a time into the tallies. */
static int units_walk(struct result *r, struct tallies *t, const struct value *v, size_t n)
{
	size_t cap = 0;
	int rc = 0;

	for (size_t i = 0, m; !rc && i < n; i += m) {
		unsigned stance[AGREE_MAX_K] = { 0 }, red[3] = { 0 };
		int differ = 0;

		for (m = 0; i + m < n && v[i + m].issue == v[i].issue &&
			    memcmp(v[i + m].id, v[i].id, 16) == 0; m++) {
			stance[v[i + m].stance + 2]++;
			red[v[i + m].red_line]++;
			differ |= v[i + m].stance != v[i].stance ||
				  v[i + m].red_line != v[i].red_line;
		}
		t->coded[v[i].issue] = 1;
		stance_agreement__tally(&t->stance[v[i].issue], stance, AGREE_MAX_K);
		stance_agreement__tally(&t->stance[r->nslugs], stance, AGREE_MAX_K);
		stance_agreement__tally(&t->red_line[v[i].issue], red, 3);
		stance_agreement__tally(&t->red_line[r->nslugs], red, 3);
		if (m >= 2 && differ)
			rc = disagreement_keep(r, &cap, &v[i], m);
	}
	return rc;
}

/* The issues coded, in catalog order (by slug), and the pool. */
static int results_make(struct result *r, const struct tallies *t, stance_alpha_metric metric)
{
	stance_agreement *a = &r->pub;

	a->issues = calloc(r->nslugs + 1, sizeof(*a->issues));
	if (!a->issues)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t i = 0; i <= r->nslugs; i++) {
		stance_agreement_issue *out = i == r->nslugs ? &a->overall : &a->issues[a->nissues];

		if (i < r->nslugs && !t->coded[i])
			continue;
		out->issue = i < r->nslugs ? r->slugs[i] : NULL;
		stance_agreement__alpha(&out->stance, &t->stance[i], AGREE_MAX_K, metric);
		stance_agreement__alpha(&out->red_line, &t->red_line[i], 3, STANCE_ALPHA_NOMINAL);
		a->nissues += i < r->nslugs;
	}
	return 0;
}

static int compute(struct result *r, stance_coder *const *coders, size_t ncoders,
		   const char *const *issues, size_t nissues)
{
	struct tallies t = { 0 };
	struct value *v = NULL;
	unsigned char *in;
	size_t n = 0;
	int rc = catalog_build(r, coders, ncoders);

	if (rc)
		return rc;
	in = malloc(r->nslugs + 1);
	t.stance = calloc(r->nslugs + 1, sizeof(*t.stance));
	t.red_line = calloc(r->nslugs + 1, sizeof(*t.red_line));
	t.coded = calloc(r->nslugs + 1, 1);
	if (!in || !t.stance || !t.red_line || !t.coded)
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	if (!rc)
		rc = scope_mark(in, r, coders, ncoders, issues, nissues);
	if (!rc)
		rc = values_gather(&v, &n, r, in, coders, ncoders);
	if (!rc)
		rc = units_walk(r, &t, v, n);
	if (!rc)
		rc = results_make(r, &t, r->pub.metric);
	/* the disagreements' values are in place only now: the arrays moved */
	for (size_t i = 0; !rc && i < r->pub.ndisagreements; i++) {
		r->pub.disagreements[i].values = &r->values[i * ncoders];
		r->pub.disagreements[i].red_lines = &r->red_lines[i * ncoders];
	}
	free(v);
	free(in);
	free(t.stance);
	free(t.red_line);
	free(t.coded);
	return rc;
}

int stance_agreement_compute(stance_agreement **out, stance_coder *const *coders,
			     size_t ncoders, const char *const *issues, size_t nissues,
			     stance_alpha_metric metric)
{
	struct result *r;
	int rc;

	stance__error_clear();
	*out = NULL;
	if (ncoders < 2 || ncoders > UINT16_MAX)
		return stance__error(STANCE_EINVALID, "agreement needs two coders or more (at "
				     "most %d), not %zu", UINT16_MAX, ncoders);
	if (!stance_alpha_metric_name(metric))
		return stance__error(STANCE_EINVALID, "invalid metric %d", (int)metric);
	r = calloc(1, sizeof(*r));
	if (!r)
		return stance__error(STANCE_ENOMEM, "out of memory");
	r->pub.metric = metric;
	r->pub.ncoders = ncoders;
	rc = compute(r, coders, ncoders, issues, nissues);
	if (rc) {
		stance_agreement_free(&r->pub);
		return rc;
	}
	*out = &r->pub;
	return 0;
}
