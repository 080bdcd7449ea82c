/*
 * extract.c - suggestions from a news article (design §10): one for each
 * direct quotation worth recording, and one for each sentence without one
 * that reports a known actor's or party's position ("Ukraine has said it
 * is willing...") or a source's report about them ("..., according to
 * Reuters"). The speaker rules are extract-speaker.c's, the tables
 * extract-rules.c's.
 *
 * A source named in a sentence holds for the sentences after it in its
 * paragraph ("The Guardian reported that... Zelenskyy himself said, “...”"),
 * as wire copy names a source once; the agency of a dateline ("MOSCOW, May
 * 12 (Reuters) -") holds for the article where no paragraph names one,
 * then the options' source. A sentence's own reference to a day ("on Monday")
 * dates its suggestions, else the article's date.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common-internal.h"
#include "extract-internal.h"

/* The confidence of a position a source reports without a speech verb. */
#define SOURCE_ONLY_CONFIDENCE 0.4
/* What a reported position, and a quotation never closed, count of a
 * quotation's confidence. */
#define REPORT_FACTOR 0.8
#define UNCLOSED_FACTOR 0.8
/* The most positions suggested for one statement. */
#define MAX_POSITIONS 2

/* A source named in a sentence. */
enum src_kind {
	SRC_NONE,
	SRC_KNOWN,           /* the database's (index) */
	SRC_NAME             /* one it lacks, as written (or implied) */
};

struct ex_src {
	int kind;            /* enum src_kind */
	size_t index;
	size_t start, end;   /* the name as written */
	size_t t0, t1;       /* the attribution's tokens, left out of a report */
	const char *implied; /* the medium a verb names ("tweeted"), or NULL */
};

struct ex_ctx {
	const stance_extract_options *o;
	struct ex_lexicon lx;
	struct ex_article art;
	struct ex_memory mem;
	char date[11];            /* the article's, "" when none */
	long option_source;       /* o->source in lx.sources, or -1 */
	struct ex_src carried;    /* the last source named in the block */
	size_t carried_block;
	struct ex_src agency;     /* the agency of the article's dateline */
	stance_extraction *x;
	size_t cap;
};

/* ---- checks -------------------------------------------------------------------- */

static int check_article(const char *text, size_t len)
{
	const char *nul;
	size_t valid;

	if (len > STANCE_EXTRACT_MAX)
		return stance__error(STANCE_EINVALID, "the article is larger than 10 MiB (%zu "
				     "bytes)", len);
	nul = memchr(text, '\0', len);
	valid = stance_utf8_prefix(text, len);
	if (nul && (size_t)(nul - text) <= valid)
		return stance__error(STANCE_EINVALID, "the article holds a NUL byte at byte "
				     "offset %zu", (size_t)(nul - text));
	if (valid < len)
		return stance__error(STANCE_EINVALID, "the article is not valid UTF-8 at byte "
				     "offset %zu", valid);
	return 0;
}

/* The options' source as an index of the lexicon (its slug may be a
 * former one). */
static int option_source(struct ex_ctx *c, stance_db *db)
{
	stance_entity *e = NULL;
	int rc;

	c->option_source = -1;
	if (!c->o->source)
		return 0;
	rc = stance_entity_exists(db, STANCE_SOURCE, c->o->source);
	if (!rc)
		rc = stance_entity_get(&e, db, STANCE_SOURCE, c->o->source);
	for (size_t k = 0; !rc && k < c->lx.nsources; k++)
		if (strcmp(c->lx.sources[k].slug, e->field[STANCE_ENTITY_SLUG]) == 0)
			c->option_source = (long)k;
	stance_entity_free(e);
	return rc;
}

/* ---- suggestions ------------------------------------------------------------------ */

static void suggestion_clear(stance_suggestion *s)
{
	free(s->party);
	free(s->actor);
	free(s->speaker_name);
	free(s->said_on);
	free(s->text);
	free(s->source);
	free(s->source_name);
	free(s->url);
	for (size_t i = 0; i < s->npositions; i++)
		stance_position_clear(&s->positions[i]);
	free(s->positions);
	free(s->evidence);
}

void stance_extraction_free(stance_extraction *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->nsuggestions; i++)
		suggestion_clear(&x->suggestions[i]);
	free(x->suggestions);
	free(x);
}

static char *dup_span(const char *text, size_t start, size_t end, int *rc)
{
	char *s = stance_extract__clean(text + start, end - start);

	if (!s)
		*rc = STANCE_ENOMEM;
	return s;
}

static char *dup_or_null(const char *s, int *rc)
{
	char *d = stance__strdup(s);

	if (s && !d)
		*rc = STANCE_ENOMEM;
	return d;
}

/* Cuts s to at most max bytes, on a character's boundary, ending in "…". */
static void cap(char *s, size_t max)
{
	size_t len = strlen(s), k = max - 3;

	if (len <= max)
		return;
	while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	memcpy(s + k, "\u2026", 4);
}

/* Who said it, into s. */
static int set_speaker(stance_suggestion *s, const struct ex_ctx *c, const struct ex_speaker *sp)
{
	const struct ex_lexicon *lx = &c->lx;
	int rc = 0;

	if (sp->kind == EX_ACTOR) {
		s->actor = dup_or_null(lx->actors[sp->index].slug, &rc);
		s->party = dup_or_null(lx->actors[sp->index].party, &rc);
	} else if (sp->kind == EX_PARTY) {
		s->party = dup_or_null(lx->parties[sp->index].slug, &rc);
	} else if (sp->kind == EX_NAME) {
		s->speaker_name = dup_span(c->art.text, sp->start, sp->end, &rc);
	}
	return rc;
}

/* Where it was read, into s: the sentence's source, the paragraph's, or
 * the options'. */
static int set_source(stance_suggestion *s, const struct ex_ctx *c, const struct ex_src *src)
{
	int rc = 0;

	if (src->kind == SRC_KNOWN)
		s->source = dup_or_null(c->lx.sources[src->index].slug, &rc);
	else if (src->kind == SRC_NAME && src->implied)
		s->source_name = dup_or_null(src->implied, &rc);
	else if (src->kind == SRC_NAME)
		s->source_name = dup_span(c->art.text, src->start, src->end, &rc);
	else if (c->option_source >= 0)
		s->source = dup_or_null(c->lx.sources[c->option_source].slug, &rc);
	return rc;
}

/* The issue named best by match (of set_positions()) that is not yet
 * taken: the largest share of its title's words, then the most words;
 * -1 when none is left. */
static long best_issue(const struct ex_lexicon *lx, unsigned char *match)
{
	long best = -1;

	for (size_t k = 0; k < lx->nissues; k++) {
		const struct ex_issue *b = best >= 0 ? &lx->issues[best] : NULL;

		if (!match[k])
			continue;
		if (!b || match[k] * b->nwords > match[best] * lx->issues[k].nwords ||
		    (match[k] * b->nwords == match[best] * lx->issues[k].nwords &&
		     match[k] > match[best]))
			best = (long)k;
	}
	if (best >= 0)
		match[best] = 0;
	return best;
}

/* The positions the words of s->text suggest: on the issues whose title
 * words they name best (MAX_POSITIONS at most, as a sentence that names
 * more is about the talks, not one stance), when a cue says which way. */
static int set_positions(stance_suggestion *s, const struct ex_ctx *c)
{
	const struct ex_lexicon *lx = &c->lx;
	struct ex_toks t = { 0 };
	unsigned char *match = calloc(lx->nissues ? lx->nissues : 1, 1);
	int stance, rc = match ? 0 : STANCE_ENOMEM;
	long k;

	if (!rc)
		rc = stance_extract__tokens(&t, s->text, NULL, 0, 0, strlen(s->text));
	if (rc || !lx->nissues || !stance_extract__polarity(&stance, s->text, &t, 0, t.n))
		goto done;
	stance_extract__issues(match, lx, s->text, &t, 0, t.n);
	s->positions = calloc(MAX_POSITIONS, sizeof(*s->positions));
	if (!s->positions)
		rc = STANCE_ENOMEM;
	while (!rc && s->npositions < MAX_POSITIONS && (k = best_issue(lx, match)) >= 0) {
		s->positions[s->npositions].stance = stance;
		if (!(s->positions[s->npositions++].issue = strdup(lx->issues[k].slug)))
			rc = STANCE_ENOMEM;
	}
done:
	stance_extract__tokens_clear(&t);
	free(match);
	return rc;
}

/* Appends a suggestion of the sentence; text is taken (freed on failure). */
static int add(struct ex_ctx *c, const struct ex_sent *sent, const struct ex_speaker *sp,
	       const struct ex_src *src, const char *date, const char *kind, char *text,
	       double confidence)
{
	stance_extraction *x = c->x;
	stance_suggestion *s;
	int rc = 0;

	/* record --from could not take it */
	if (strlen(text) > STANCE_TEXT_MAX) {
		free(text);
		x->ntoo_long++;
		return 0;
	}
	if (x->nsuggestions == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		stance_suggestion *v = realloc(x->suggestions, cap * sizeof(*v));

		if (!v) {
			free(text);
			return stance__error(STANCE_ENOMEM, "out of memory");
		}
		x->suggestions = v;
		c->cap = cap;
	}
	s = &x->suggestions[x->nsuggestions++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->text = text;
	s->confidence = floor(confidence * 100 + 0.5) / 100;
	s->said_on = dup_or_null(*date ? date : NULL, &rc);
	s->url = dup_or_null(c->o->url, &rc);
	s->evidence = dup_span(c->art.text, sent->start, sent->end, &rc);
	if (s->evidence)
		cap(s->evidence, STANCE_TEXT_MAX);
	if (!rc)
		rc = set_speaker(s, c, sp);
	if (!rc)
		rc = set_source(s, c, src);
	if (!rc)
		rc = set_positions(s, c);
	return rc ? stance__error(STANCE_ENOMEM, "out of memory") : 0;
}

static void heard(struct ex_ctx *c, const struct ex_speaker *sp, long sent)
{
	if (sp->kind == EX_NONE)
		return;
	c->mem.last = *sp;
	c->mem.last_sent = sent;
}

/* ---- sources ------------------------------------------------------------------------- */

static int cap_word(const struct ex_toks *t, size_t k)
{
	return t->v[k].kind == EX_WORD && t->v[k].cap;
}

/* Whether a known actor or party is named among tokens [a, b). */
static int names_someone(const struct ex_reading *r, size_t a, size_t b)
{
	for (size_t i = 0; i < r->m->n; i++)
		if (r->m->v[i].t0 < b && r->m->v[i].t1 > a && r->m->v[i].kind != EX_PRONOUN &&
		    r->m->v[i].kind != EX_ROLE)
			return 1;
	return 0;
}

static int media_like(const struct ex_reading *r, size_t a, size_t b)
{
	char w[64];

	for (size_t k = a; k < b; k++) {
		stance_extract__fold(w, sizeof(w), r->text + r->t->v[k].start,
				     r->t->v[k].end - r->t->v[k].start, NULL);
		if (stance_extract__media_word(w))
			return 1;
	}
	return 0;
}

/* Whether [a, b) is one word that takes a capital at the start of a
 * sentence: "Some reports say" names no medium. */
static int starter_only(const struct ex_reading *r, size_t a, size_t b)
{
	char w[32];

	stance_extract__fold(w, sizeof(w), r->text + r->t->v[a].start,
			     r->t->v[a].end - r->t->v[a].start, NULL);
	return b == a + 1 && stance_extract__starter(w);
}

/* The capitalised words of a source's name next to the attribution at
 * [k, k + n): after it, or before it (past "has"); into [*a, *b). */
static void source_words(const struct ex_reading *r, const struct ex_attr *at, size_t k,
			 size_t n, size_t *a, size_t *b)
{
	const struct ex_toks *t = r->t;

	if (at->flags & EX_A_AFTER) {
		*a = *b = k + n;
		if (*a < t->n && stance_extract__word_is(r->text, t, *a, "the"))
			*a = ++*b;
		while (*b < t->n && cap_word(t, *b))
			++*b;
		if (*a > k + n && *b > *a)
			--*a;   /* "the BBC": the name with its article */
	} else {
		*a = *b = k;
		if (*b > 0 && (stance_extract__word_is(r->text, t, *b - 1, "has") ||
			       stance_extract__word_is(r->text, t, *b - 1, "have")))
			*a = --*b;
		while (*a > 0 && cap_word(t, *a - 1))
			--*a;
	}
}

/* The first attribution of the sentence to a source, into *out. */
static void find_source(const struct ex_ctx *c, const struct ex_reading *r, struct ex_src *out)
{
	const struct ex_toks *t = r->t;
	size_t n, a, b;

	memset(out, 0, sizeof(*out));
	for (size_t k = 0; k < t->n; k++) {
		const struct ex_attr *at = stance_extract__attribution(r->text, t, k, t->n, &n);
		long idx;

		if (!at)
			continue;
		if (at->flags & EX_A_IMPLIED) {
			idx = stance_extract__source_find(&c->lx, at->implied, strlen(at->implied));
			*out = (struct ex_src){ idx >= 0 ? SRC_KNOWN : SRC_NAME, (size_t)idx, 0, 0, k,
						k + n, idx >= 0 ? NULL : at->implied };
			return;
		}
		source_words(r, at, k, n, &a, &b);
		if (a >= b || names_someone(r, a, b) || starter_only(r, a, b))
			continue;
		idx = stance_extract__source_find(&c->lx, r->text + t->v[a].start,
						  t->v[b - 1].end - t->v[a].start);
		if (idx < 0 && (at->flags & EX_A_MEDIA) && !media_like(r, a, b))
			continue;
		*out = (struct ex_src){ idx >= 0 ? SRC_KNOWN : SRC_NAME, (size_t)idx, t->v[a].start,
					t->v[b - 1].end, a < k ? a : k, b > k + n ? b : k + n, NULL };
		return;
	}
}

/* ---- quotations ------------------------------------------------------------------------ */

/* The words of quotation q, a line a paragraph, without a final comma;
 * *words their number, *ends whether they end as a statement does. */
static char *quote_text(const struct ex_ctx *c, const struct ex_quote *q, size_t *words,
			int *ends)
{
	size_t len = 0, k = 0;
	char *out;
	int rc = 0;

	for (size_t i = 0; i < q->nparts; i++)
		len += q->parts[i].end - q->parts[i].start + 1;
	if (!(out = malloc(len + 1)))
		return NULL;
	for (size_t i = 0; !rc && i < q->nparts; i++) {
		char *part = dup_span(c->art.text, q->parts[i].start, q->parts[i].end, &rc);

		if (part && *part)
			k += (size_t)snprintf(out + k, len + 1 - k, "%s%s", k ? "\n" : "", part);
		free(part);
	}
	if (rc) {
		free(out);
		return NULL;
	}
	*ends = k > 0 && strchr(",.!?", out[k - 1]) != NULL;
	while (k > 0 && (out[k - 1] == ',' || out[k - 1] == ' '))
		out[--k] = '\0';
	*words = 0;
	for (size_t i = 0; i < k; i++)
		*words += (i == 0 || out[i - 1] == ' ' || out[i - 1] == '\n') && out[i] != ' ';
	return out;
}

static double quote_confidence(const struct ex_speaker *sp, const struct ex_quote *q)
{
	double conf = stance_extract__confidence[sp->kind == EX_NONE ? EX_HOW_NONE : sp->how];

	return q->closed ? conf : conf * UNCLOSED_FACTOR;
}

/* A suggestion for each quotation of the sentence worth one; *n: how many. */
static int quotations(struct ex_ctx *c, const struct ex_reading *r, const struct ex_sent *sent,
		      const struct ex_src *src, const char *date, size_t *n)
{
	int rc = 0;

	*n = 0;
	for (size_t k = 0; !rc && k < r->t->n; k++) {
		const struct ex_quote *q;
		struct ex_speaker sp;
		size_t words;
		int ends;
		char *text;

		if (r->t->v[k].kind != EX_QUOTE)
			continue;
		q = &c->art.quotes[r->t->v[k].quote];
		if (!(text = quote_text(c, q, &words, &ends)))
			return stance__error(STANCE_ENOMEM, "out of memory");
		if (words == 0 || (words < EX_QUOTE_MIN_WORDS && !ends)) {
			free(text);
			continue;
		}
		stance_extract__quote_speaker(&sp, r, k);
		if (words < EX_QUOTE_MIN_WORDS && sp.kind == EX_NONE) {
			free(text);
			continue;
		}
		rc = add(c, sent, &sp, src, date, "quote", text, quote_confidence(&sp, q));
		heard(c, &sp, r->sent);
		if (sp.kind != EX_NONE) {
			c->mem.quoted = sp;
			c->mem.quoted_sent = r->sent;
		}
		(*n)++;
	}
	return rc;
}

/* ---- reported positions -------------------------------------------------------------- */

static int punct_is(const struct ex_reading *r, size_t k, char c)
{
	return r->t->v[k].kind == EX_PUNCT && r->t->v[k].end - r->t->v[k].start == 1 &&
		r->text[r->t->v[k].start] == c;
}

static int terminal_at(const struct ex_reading *r, size_t k)
{
	return punct_is(r, k, '.') || punct_is(r, k, '!') || punct_is(r, k, '?');
}

/* The speech verb at k, not in brackets (an aside, "(which Europe
 * strongly opposes)", reports no one's position), NULL for none. */
static const struct ex_verb *verb_at(const struct ex_reading *r, size_t k, size_t *nv)
{
	const struct ex_verb *verb = stance_extract__verb(r->text, r->t, k, r->t->n, nv);

	return verb && !r->aside[k] ? verb : NULL;
}

/* The verb whose known subject reports the position: the first speech
 * verb that has one, else the first position verb ("refuses"). */
static const struct ex_verb *report_verb(const struct ex_reading *r, struct ex_speaker *sp,
					 size_t *v, size_t *nv)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < r->t->n; k++) {
			const struct ex_verb *verb = verb_at(r, k, nv);

			if (!verb || ((verb->flags & EX_V_POSITION) != 0) != (pass == 1))
				continue;
			stance_extract__verb_speaker(sp, r, 0, r->t->n, k, *nv, verb->flags, 1);
			/* a position is reported of the database's actors and parties */
			if (sp->kind == EX_ACTOR || sp->kind == EX_PARTY) {
				*v = k;
				return verb;
			}
		}
	}
	return NULL;
}

/* A party that speaks through an actor of its own, named as the subject
 * of another verb of the sentence ("Ukraine has said..., as the Deputy
 * Prime Minister recently made clear"), speaks by that actor. */
static void refine(const struct ex_reading *r, struct ex_speaker *sp)
{
	struct ex_speaker other;
	size_t nv;

	if (sp->kind != EX_PARTY)
		return;
	for (size_t k = 0; k < r->t->n; k++) {
		const struct ex_verb *verb = verb_at(r, k, &nv);

		if (!verb || (verb->flags & EX_V_POSITION))
			continue;
		stance_extract__verb_speaker(&other, r, 0, r->t->n, k, nv, verb->flags, 1);
		if (other.kind == EX_ACTOR && r->lx->actors[other.index].party_index == sp->index) {
			*sp = other;
			return;
		}
	}
}

/* The first party the sentence names, outside the attribution, for a
 * report that a source makes: "..., with the US sending..., according to
 * Reuters" is about the US. An actor stands for its party. */
static int first_party(const struct ex_reading *r, size_t body, const struct ex_src *src,
		       struct ex_speaker *sp)
{
	for (size_t i = 0; i < r->m->n; i++) {
		const struct ex_mention *m = &r->m->v[i];
		size_t party = m->kind == EX_PARTY ? m->index : m->kind == EX_ACTOR ?
			r->lx->actors[m->index].party_index : (size_t)-1;

		if ((m->t0 >= src->t0 && m->t0 < src->t1) || m->t0 < body || party == (size_t)-1)
			continue;
		*sp = (struct ex_speaker){ EX_PARTY, party, EX_HOW_PARTY, r->t->v[m->t0].start,
					   r->t->v[m->t1 - 1].end };
		return 1;
	}
	return 0;
}

/* Where what was said starts after the verb ending at j: past a date
 * ("said on Monday that") and "that"; after "told X that" only. */
static size_t clause_start(const struct ex_reading *r, const struct ex_verb *verb, size_t j)
{
	const struct ex_toks *t = r->t;
	char day[11];

	if (strncmp(verb->words, "tel", 3) == 0 || strncmp(verb->words, "told", 4) == 0) {
		for (size_t k = j; k < t->n && k < j + 6; k++)
			if (stance_extract__word_is(r->text, t, k, "that"))
				return k + 1;
		return t->n;
	}
	while (j < t->n && (punct_is(r, j, ',') || stance_extract__word_is(r->text, t, j, "on") ||
			    stance_extract__date_ref(day, "2000-01-01", r->text, t, j, j + 1)))
		j++;
	return j < t->n && stance_extract__word_is(r->text, t, j, "that") ? j + 1 : j;
}

/* Where it ends: before the final mark, and before a comma after which
 * the sentence says who said it (", as the minister made clear", ",
 * according to Reuters"). */
static size_t clause_end(const struct ex_reading *r, size_t j)
{
	size_t e = r->t->n, last = j, n;

	while (e > j && terminal_at(r, e - 1))
		e--;
	/* the first comma before the last word that says who */
	for (size_t i = e; i-- > j && last == j;) {
		const struct ex_verb *v = stance_extract__verb(r->text, r->t, i, e, &n);

		if ((v && !(v->flags & EX_V_POSITION)) ||
		    stance_extract__attribution(r->text, r->t, i, e, &n))
			last = i;
	}
	for (size_t k = j; k < last; k++)
		if (punct_is(r, k, ','))
			return k;
	return e;
}

static int preposition(const struct ex_reading *r, size_t k)
{
	char w[16];

	stance_extract__fold(w, sizeof(w), r->text + r->t->v[k].start,
			     r->t->v[k].end - r->t->v[k].start, NULL);
	return stance_extract__preposition(w);
}

/* s with its first letter a capital and a final full stop. */
static char *as_sentence(char *s, int *rc)
{
	size_t len;
	char *out;

	if (!s) {
		*rc = STANCE_ENOMEM;
		return NULL;
	}
	len = strlen(s);
	if (s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char)(s[0] - 'a' + 'A');
	if (len && strchr(".!?", s[len - 1]))
		return s;
	out = realloc(s, len + 2);
	if (!out) {
		free(s);
		*rc = STANCE_ENOMEM;
		return NULL;
	}
	memcpy(out + len, ".", 2);
	return out;
}

/* What the verb at v says was said, with "it" (a party) or "he", "she"
 * (an actor) at its start as the subject written ("Ukraine has said it is
 * willing" is "Ukraine is willing."); NULL when it is under three words. */
static char *clause(const struct ex_reading *r, const struct ex_verb *verb, size_t v, size_t nv,
		    const struct ex_speaker *sp, int *rc)
{
	const struct ex_toks *t = r->t;
	size_t j = clause_start(r, verb, v + nv), e, words = 0, skip = 0, len;
	char *s, *clean;

	/* "announced by Putin" names who, not what */
	if (!(verb->flags & EX_V_CLAUSE) || j >= t->n ||
	    stance_extract__word_is(r->text, t, v + nv, "by"))
		return NULL;
	e = clause_end(r, j);
	for (size_t k = j; k < e; k++)
		words += t->v[k].kind == EX_WORD;
	if (words < 3 || (t->v[j].kind == EX_WORD && !t->v[j].cap && preposition(r, j)))
		return NULL;
	if (sp->end > sp->start && ((sp->kind == EX_PARTY &&
				     stance_extract__word_is(r->text, t, j, "it")) ||
				    (sp->kind == EX_ACTOR &&
				     (stance_extract__word_is(r->text, t, j, "he") ||
				      stance_extract__word_is(r->text, t, j, "she")))))
		skip = sp->end - sp->start;
	len = skip + t->v[e - 1].end - t->v[skip ? j + 1 : j].start + 1;
	if (!(s = malloc(len + 1))) {
		*rc = STANCE_ENOMEM;
		return NULL;
	}
	snprintf(s, len + 1, "%.*s%s%.*s", (int)skip, r->text + sp->start, skip ? " " : "",
		 (int)(t->v[e - 1].end - t->v[skip ? j + 1 : j].start),
		 r->text + t->v[skip ? j + 1 : j].start);
	clean = stance_extract__clean(s, strlen(s));
	free(s);
	return as_sentence(clean, rc);
}

/* The sentence from token body (past its dateline) without the
 * attribution to its source: "Despite..., according to Reuters." is
 * "Despite... .", "The Guardian reported that Ukraine..." is "Ukraine...". */
static char *without_source(const struct ex_reading *r, const struct ex_sent *whole,
			    size_t body, const struct ex_src *src, int *rc)
{
	const struct ex_toks *t = r->t;
	struct ex_sent from = { body < t->n ? t->v[body].start : whole->start, whole->end, 0 };
	const struct ex_sent *sent = &from;
	size_t cut0, cut1, t0 = src->t0, t1 = src->t1;
	char *s, *clean;

	if (src->kind == SRC_NONE || t1 <= t0 || t0 < body)
		return as_sentence(stance_extract__clean(r->text + sent->start,
							 sent->end - sent->start), rc);
	if (t0 > body && punct_is(r, t0 - 1, ','))
		t0--;
	if (t0 == body && t1 < t->n && (punct_is(r, t1, ',') ||
					stance_extract__word_is(r->text, t, t1, "that")))
		t1++;
	/* the white space before the words after the cut stays */
	cut0 = t0 > body ? t->v[t0].start : sent->start;
	cut1 = t->v[t1 - 1].end;
	if (!(s = malloc(sent->end - sent->start + 1))) {
		*rc = STANCE_ENOMEM;
		return NULL;
	}
	snprintf(s, sent->end - sent->start + 1, "%.*s%.*s", (int)(cut0 - sent->start),
		 r->text + sent->start, (int)(sent->end - cut1), r->text + cut1);
	clean = stance_extract__clean(s, strlen(s));
	free(s);
	return as_sentence(clean, rc);
}

/* A suggestion for the position the sentence reports, if it reports one. */
static int report(struct ex_ctx *c, const struct ex_reading *r, const struct ex_sent *sent,
		  size_t body, const struct ex_src *src, const struct ex_src *own, const char *date)
{
	struct ex_speaker sp = { EX_NONE, 0, EX_HOW_NONE, 0, 0 };
	size_t v = 0, nv = 0;
	const struct ex_verb *verb = report_verb(r, &sp, &v, &nv);
	double conf = SOURCE_ONLY_CONFIDENCE;
	char *text = NULL;
	int rc = 0;

	/* a headline, a byline or a caption: no sentence, no statement */
	if (!r->t->n || (!terminal_at(r, r->t->n - 1) && r->t->v[r->t->n - 1].kind != EX_QUOTE))
		return 0;
	if (verb) {
		/* "Ukraine has said it is...": the party's words, said by its actor */
		text = clause(r, verb, v, nv, &sp, &rc);
		refine(r, &sp);
		conf = stance_extract__confidence[sp.how] * REPORT_FACTOR;
	} else if (own->kind == SRC_NONE || !first_party(r, body, own, &sp)) {
		return 0;
	}
	if (!text && !rc)
		text = without_source(r, sent, body, own, &rc);
	if (rc)
		return stance__error(STANCE_ENOMEM, "out of memory");
	heard(c, &sp, r->sent);
	return add(c, sent, &sp, src, date, "report", text, conf);
}

/* ---- sentences ------------------------------------------------------------------------ */

static int dash_at(const struct ex_reading *r, size_t k)
{
	const struct ex_tok *tok = &r->t->v[k];

	return tok->kind == EX_PUNCT && (punct_is(r, k, '-') ||
					 (tok->end - tok->start == 3 &&
					  (memcmp(r->text + tok->start, "\u2013", 3) == 0 ||
					   memcmp(r->text + tok->start, "\u2014", 3) == 0)));
}

static int caps_word(const struct ex_reading *r, size_t k)
{
	const struct ex_tok *tok = &r->t->v[k];

	if (tok->kind != EX_WORD || tok->end - tok->start < 2)
		return 0;
	for (size_t i = tok->start; i < tok->end; i++)
		if (r->text[i] >= 'a' && r->text[i] <= 'z')
			return 0;
	return 1;
}

/* A dateline that starts the sentence: "MOSCOW, May 12 (Reuters) -",
 * "KYIV (AP) —", "ISTANBUL —" (the place in capitals, perhaps a date and
 * the agency in brackets, a dash) [wire]. The first token after it (0:
 * none); the agency's words in [*a, *b). */
static size_t dateline(const struct ex_reading *r, size_t *a, size_t *b)
{
	const struct ex_toks *t = r->t;
	size_t k = 0;

	*a = *b = 0;
	while (k < t->n && k < 3 && caps_word(r, k))
		k++;
	for (size_t i = k; k && i < t->n && i < k + 12; i++) {
		if (dash_at(r, i))
			return i + 1;
		if (terminal_at(r, i) || t->v[i].kind == EX_QUOTE)
			return 0;
		if (punct_is(r, i, '(') && !*b)
			for (*a = *b = i + 1; *b < t->n && !punct_is(r, *b, ')'); ++*b)
				;
	}
	return 0;
}

/* The agency of the article's first dateline. */
static void agency(struct ex_ctx *c, const struct ex_reading *r, size_t a, size_t b)
{
	long idx;

	if (c->agency.kind != SRC_NONE || a >= b)
		return;
	idx = stance_extract__source_find(&c->lx, r->text + r->t->v[a].start,
					  r->t->v[b - 1].end - r->t->v[a].start);
	if (idx < 0 && !media_like(r, a, b))
		return;
	c->agency = (struct ex_src){ idx >= 0 ? SRC_KNOWN : SRC_NAME, (size_t)idx,
				     r->t->v[a].start, r->t->v[b - 1].end, 0, 0, NULL };
}

/* The sentence's source: its own, else the last its block named. */
static void sentence_source(struct ex_ctx *c, const struct ex_reading *r,
			    const struct ex_sent *sent, struct ex_src *own, struct ex_src *use)
{
	find_source(c, r, own);
	if (own->kind != SRC_NONE) {
		c->carried = *own;
		c->carried_block = sent->block;
		*use = *own;
	} else if (c->carried.kind != SRC_NONE && c->carried_block == sent->block) {
		*use = c->carried;
	} else {
		*use = c->agency;
	}
}

/* Which tokens of the sentence are inside brackets, as a new array, and
 * its words outside quotations in *words. */
static unsigned char *asides(const struct ex_reading *r, size_t *words)
{
	unsigned char *aside = malloc(r->t->n ? r->t->n : 1);
	size_t depth = 0;

	*words = 0;
	for (size_t k = 0; aside && k < r->t->n; k++) {
		depth -= depth && punct_is(r, k, ')');
		aside[k] = depth > 0;
		depth += punct_is(r, k, '(');
		*words += r->t->v[k].kind == EX_WORD;
	}
	return aside;
}

/* A sentence that ends with a colon gives its speaker to the quotation
 * after it. */
static void introduces(struct ex_ctx *c, const struct ex_reading *r)
{
	struct ex_speaker sp;

	stance_extract__introducer(&sp, r);
	if (sp.kind == EX_NONE)
		return;
	c->mem.quoted = sp;
	c->mem.quoted_sent = r->sent;
}

static int read_sentence(struct ex_ctx *c, size_t si)
{
	const struct ex_sent *sent = &c->art.sents[si];
	struct ex_toks t = { 0 };
	struct ex_mentions m = { 0 };
	struct ex_src own, use;
	char date[11] = "";
	size_t nquotes, body = 0, a, b;
	int rc = stance_extract__tokens(&t, c->art.text, c->art.quotes, c->art.nquotes,
					sent->start, sent->end);
	struct ex_reading r = { &c->lx, &c->lx, c->art.text, c->art.quotes, &t, &m, &c->mem,
				(long)si, 0, NULL };
	unsigned char *aside = NULL;

	if (!rc)
		rc = stance_extract__mentions(&m, &c->lx, c->art.text, &t);
	if (!rc && !(aside = asides(&r, &r.words)))
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	r.aside = aside;
	if (!rc) {
		body = dateline(&r, &a, &b);
		agency(c, &r, a, b);
		sentence_source(c, &r, sent, &own, &use);
		if (*c->date && !stance_extract__date_ref(date, c->date, c->art.text, &t, 0, t.n))
			memcpy(date, c->date, sizeof(date));
		rc = quotations(c, &r, sent, &use, date, &nquotes);
	}
	if (!rc && nquotes == 0)
		rc = report(c, &r, sent, body, &use, &own, date);
	if (!rc && nquotes == 0 && t.n && punct_is(&r, t.n - 1, ':'))
		introduces(c, &r);
	if (!rc)
		stance_extract__remember(&r);
	free(aside);
	stance_extract__mentions_clear(&m);
	stance_extract__tokens_clear(&t);
	return rc;
}

/* ---- the public calls --------------------------------------------------------------------- */

static int check_options(const stance_extract_options *o)
{
	int rc = stance__check_version(o->version, STANCE_EXTRACT_OPTIONS_VERSION,
				       "stance_extract_options");

	if (!rc && o->date)
		rc = stance_check_date("date", o->date);
	if (!rc && o->source)
		rc = stance_check_slug("source", o->source);
	if (!rc && o->url)
		rc = stance_check_text("url", o->url);
	return rc;
}

/* The article's date: the options', else its "Published:" line's. */
static void article_date(struct ex_ctx *c)
{
	stance_extraction *x = c->x;

	if (c->o->date) {
		snprintf(x->date, sizeof(x->date), "%s", c->o->date);
		x->date_origin = STANCE_EXTRACT_DATE_GIVEN;
	} else if (c->art.published[0]) {
		memcpy(x->date, c->art.published, sizeof(x->date));
		x->date_origin = STANCE_EXTRACT_DATE_PUBLISHED;
	}
	memcpy(c->date, x->date, sizeof(c->date));
}

int stance_extract_article(stance_extraction **out, stance_db *db, const char *text,
			   size_t len, const stance_extract_options *o)
{
	static const stance_extract_options defaults = STANCE_EXTRACT_OPTIONS_INIT;
	struct ex_ctx c = { .o = o ? o : &defaults };
	int rc;

	*out = NULL;
	c.mem.last_sent = c.mem.subject_sent = c.mem.quoted_sent = -1;
	rc = check_options(c.o);
	if (!rc)
		rc = check_article(text, len);
	if (!rc && !(c.x = calloc(1, sizeof(*c.x))))
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	if (!rc)
		rc = stance_extract__lexicon_load(&c.lx, db);
	if (!rc)
		rc = option_source(&c, db);
	if (!rc)
		rc = stance_extract__cut(&c.art, text, len);
	if (!rc)
		article_date(&c);
	for (size_t i = 0; !rc && i < c.art.nsents; i++)
		rc = read_sentence(&c, i);
	stance_extract__article_clear(&c.art);
	stance_extract__lexicon_clear(&c.lx);
	if (rc)
		stance_extraction_free(c.x);
	else
		*out = c.x;
	return rc;
}

/* ---- JSON ------------------------------------------------------------------------------- */

static int set(json_t *o, const char *key, json_t *v)
{
	return v ? json_object_set_new(o, key, v) : -1;
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *positions_json(const stance_suggestion *s)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < s->npositions; i++) {
		json_t *p = json_object();

		if (!p || set(p, "issue", json_string(s->positions[i].issue)) ||
		    set(p, "stance", json_string(stance_stance_name(s->positions[i].stance))) ||
		    json_array_append_new(a, p)) {
			json_decref(p);
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *stance_extract_suggestion_json(const stance_suggestion *s)
{
	json_t *o = json_object();
	int bad = !o;

	bad = bad || set(o, "party", text_or_null(s->party)) ||
		set(o, "actor", text_or_null(s->actor)) ||
		set(o, "said_on", text_or_null(s->said_on)) ||
		set(o, "kind", json_string(s->kind)) || set(o, "text", json_string(s->text)) ||
		set(o, "source", text_or_null(s->source)) || set(o, "url", text_or_null(s->url)) ||
		set(o, "positions", positions_json(s));
	if (!bad && !s->actor)
		bad = set(o, "speaker_name", text_or_null(s->speaker_name));
	if (!bad && !s->source && s->source_name)
		bad = set(o, "source_name", json_string(s->source_name));
	bad = bad || set(o, "confidence", json_real(s->confidence)) ||
		set(o, "evidence", json_string(s->evidence));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}
