/*
 * extract-speaker.c - who said a quotation or a reported position (design
 * §10), from the words around a speech verb of extract-rules.c:
 *
 *   “...,” Zelenskyy said.    “...,” said Zelenskyy.    Zelenskyy said, “...”
 *   “...,” he added.          the Deputy Prime Minister said...
 *   Zelenskyy: “...”          “...,” according to Zelenskyy.
 *
 * The subject before a verb is, among the words before it (back to a
 * quotation that is a statement, a semicolon, a colon or another speech
 * verb, at most SUBJECT_WINDOW tokens): a pronoun right before the verb;
 * else the nearest known actor; else a role; else the capitalised words
 * right before the verb, which are a name the database lacks (past an
 * apposition, "Peskov, the Kremlin spokesman, said", or a relative
 * pronoun, "the Emirates, which said"), so that "Asked about Ukraine,
 * Stubb said" is Stubb's; else a definite description ("the Reform UK
 * leader said"); else a party. A possessive names no speaker
 * ("Zelenskyy’s spokesman"), but a party's may ("Ukraine’s ministry").
 * A pronoun or a description stands for the last named speaker, or for
 * the first person named in a later sentence; a role for the one actor who
 * has it, else the one of the party named before it ("Russian President"),
 * else the one named last.
 */
#include <string.h>

#include "extract-internal.h"

/* How far back from a verb its subject may be, in tokens, and how long an
 * apposition between them may be. */
#define SUBJECT_WINDOW 16
#define APPOSITION 16
/* How many words a definite description ("the Reform UK leader") may have. */
#define DESCRIPTION 6
/* How far after a quotation its verb may be, and how far either way its
 * attribution is looked for. */
#define AFTER_WINDOW 8
#define FRAME 64

static int punct_is(const struct ex_reading *r, size_t k, const char *mark)
{
	const struct ex_tok *tok = &r->t->v[k];

	return tok->kind == EX_PUNCT && tok->end - tok->start == strlen(mark) &&
		memcmp(r->text + tok->start, mark, strlen(mark)) == 0;
}

static int is_terminal(const struct ex_reading *r, size_t k)
{
	return punct_is(r, k, ".") || punct_is(r, k, "!") || punct_is(r, k, "?") ||
		punct_is(r, k, "\u2026");
}

static void fold_at(char *w, size_t size, const struct ex_reading *r, size_t k)
{
	stance_extract__fold(w, size, r->text + r->t->v[k].start,
			     r->t->v[k].end - r->t->v[k].start, NULL);
}

/* ---- names the database lacks ------------------------------------------------ */

/* Whether the capitalised words [a, b) are no one's name: a medium, a
 * source the database has, or words that take a capital at the start of
 * a sentence. */
static int not_a_name(const struct ex_reading *r, size_t a, size_t b)
{
	char w[64];

	if (stance_extract__source_find(r->lx, r->text + r->t->v[a].start,
					r->t->v[b - 1].end - r->t->v[a].start) >= 0)
		return 1;
	for (size_t k = a; k < b; k++) {
		fold_at(w, sizeof(w), r, k);
		if (stance_extract__media_word(w))
			return 1;
	}
	fold_at(w, sizeof(w), r, a);
	return b - a == 1 && stance_extract__starter(w);
}

/* Whether a known actor, party or role is named among tokens [a, b):
 * "Russian officials" are Russia's, "Reform UK" is no one's name. */
static int named(const struct ex_reading *r, size_t a, size_t b)
{
	for (size_t i = 0; i < r->m->n; i++)
		if (r->m->v[i].t0 < b && r->m->v[i].t1 > a && r->m->v[i].kind != EX_PRONOUN)
			return 1;
	return 0;
}

/* "Moscow’s memorandum": a name that owns, not one that speaks. */
static int possessive_at(const struct ex_reading *r, size_t k)
{
	int possessive;
	char w[64];

	stance_extract__fold(w, sizeof(w), r->text + r->t->v[k].start,
			     r->t->v[k].end - r->t->v[k].start, &possessive);
	return possessive;
}

static int is_cap_word(const struct ex_reading *r, size_t k)
{
	return r->t->v[k].kind == EX_WORD && r->t->v[k].cap;
}

/* A name the database lacks, as written, from the capitalised words that
 * end at e (backwards) or start at s (forwards); a leading "The" is left
 * out. */
static int unknown_name(struct ex_speaker *out, const struct ex_reading *r, size_t lo,
			size_t e, size_t s, size_t hi, int forwards)
{
	size_t a = forwards ? s : e, b = forwards ? s : e;
	char w[16];

	if (forwards)
		while (b < hi && is_cap_word(r, b))
			b++;
	else
		while (a > lo && is_cap_word(r, a - 1))
			a--;
	if (a < b) {
		fold_at(w, sizeof(w), r, a);
		if (strcmp(w, "the") == 0)
			a++;
	}
	if (a >= b || not_a_name(r, a, b) || named(r, a, b) || possessive_at(r, b - 1))
		return 0;
	*out = (struct ex_speaker){ EX_NAME, 0, EX_HOW_UNKNOWN, r->t->v[a].start,
				    r->t->v[b - 1].end };
	return 1;
}

/* ---- pronouns and roles ------------------------------------------------------- */

/* The person words [t0, t1) stand for ("he", "the Reform UK leader"): the
 * last named speaker, or the first person named in a later sentence; a
 * party only for "they". */
static void person(struct ex_speaker *out, const struct ex_reading *r, size_t t0, size_t t1,
		   int party, int how)
{
	const struct ex_memory *mem = r->mem;
	const struct ex_speaker *pick = mem->subject_sent > mem->last_sent ? &mem->subject :
		&mem->last;

	*out = (struct ex_speaker){ EX_NONE, 0, how, r->t->v[t0].start, r->t->v[t1 - 1].end };
	if (mem->last_sent < 0 && mem->subject_sent < 0)
		return;
	/* he and she are people: a party was not meant */
	if (pick->kind == EX_PARTY && !party)
		pick = pick == &mem->last ? &mem->subject : &mem->last;
	if (pick->kind == EX_NONE || (pick->kind == EX_PARTY && !party))
		return;
	out->kind = pick->kind;
	out->index = pick->index;
	if (pick->kind == EX_NAME) {
		out->start = pick->start;
		out->end = pick->end;
	}
}

static void pronoun(struct ex_speaker *out, const struct ex_reading *r, const struct ex_mention *m)
{
	char w[8];

	fold_at(w, sizeof(w), r, m->t0);
	person(out, r, m->t0, m->t1, strcmp(w, "they") == 0, EX_HOW_PRONOUN);
}

/* The party named right before token k ("Russian", "Ukraine’s"), or -1. */
static long party_before(const struct ex_reading *r, size_t k)
{
	for (size_t i = 0; i < r->m->n; i++)
		if (r->m->v[i].t1 == k && r->m->v[i].kind == EX_PARTY)
			return (long)r->m->v[i].index;
	return -1;
}

static void role(struct ex_speaker *out, const struct ex_reading *r, const struct ex_mention *m)
{
	const struct ex_lexicon *lx = r->lx;
	const char *key = lx->actors[m->index].role;
	long party = party_before(r, m->t0), best = -1, seen = -2;
	size_t n = 0;

	for (size_t k = 0; k < lx->nactors; k++) {
		const struct ex_actor *a = &lx->actors[k];

		if (!a->role || strcmp(a->role, key) != 0 ||
		    (party >= 0 && a->party_index != (size_t)party))
			continue;
		n++;
		if (a->seen > seen) {
			seen = a->seen;
			best = (long)k;
		}
	}
	*out = (struct ex_speaker){ EX_ACTOR, (size_t)best, EX_HOW_ROLE, r->t->v[m->t0].start,
				    r->t->v[m->t1 - 1].end };
	if (m->t0 > 0 && stance_extract__word_is(r->text, r->t, m->t0 - 1, "the"))
		out->start = r->t->v[m->t0 - 1].start;
	/* several actors have the role, and none was named before */
	if (best < 0 || (n > 1 && seen < 0))
		out->kind = EX_NAME;
}

/* A mention as the speaker it names. */
static void from_mention(struct ex_speaker *out, const struct ex_reading *r,
			 const struct ex_mention *m)
{
	if (m->kind == EX_PRONOUN) {
		pronoun(out, r, m);
	} else if (m->kind == EX_ROLE) {
		role(out, r, m);
	} else {
		*out = (struct ex_speaker){ m->kind, m->index, m->how, r->t->v[m->t0].start,
					    r->t->v[m->t1 - 1].end };
	}
}

/* ---- subjects ------------------------------------------------------------------ */

/* Whether the quotation that is token k is a phrase of the sentence
 * ("accused Kyiv of “sabotaging” the process"), too short to be a
 * statement: it parts no clauses. */
static int phrase(const struct ex_reading *r, size_t k)
{
	const struct ex_quote *q = &r->quotes[r->t->v[k].quote];
	size_t words = 0;
	char last = ' ';

	for (size_t p = 0; p < q->nparts; p++)
		for (size_t i = q->parts[p].start; i < q->parts[p].end; i++) {
			words += r->text[i] != ' ' && (i == q->parts[p].start || r->text[i - 1] == ' ');
			last = r->text[i] != ' ' ? r->text[i] : last;
		}
	return words < EX_QUOTE_MIN_WORDS && !strchr(",.!?", last);
}

/* Where the subject of the verb at v may start: after a quotation, a
 * semicolon, a colon or another speech verb, within the window. */
static size_t subject_start(const struct ex_reading *r, size_t lo, size_t v)
{
	size_t s = v > lo + SUBJECT_WINDOW ? v - SUBJECT_WINDOW : lo, n;

	for (size_t k = v; k-- > s;) {
		if ((r->t->v[k].kind == EX_QUOTE && !phrase(r, k)) || punct_is(r, k, ";") ||
		    punct_is(r, k, ":") || stance_extract__verb(r->text, r->t, k, v, &n))
			return k + 1;
	}
	return s;
}

/* Whether only lowercase words ("has", "also") lie between a and v. */
static int adjacent(const struct ex_reading *r, size_t a, size_t v)
{
	if (v - a > 2)
		return 0;
	for (size_t k = a; k < v; k++)
		if (r->t->v[k].kind != EX_WORD || r->t->v[k].cap)
			return 0;
	return 1;
}

/* The end of the words before v that may be a name: past a comma-enclosed
 * apposition ("Peskov, the Kremlin spokesman, said"), the lowercase words
 * of the verb ("has", "also"), and a relative pronoun ("the United Arab
 * Emirates, which said"). */
static size_t name_end(const struct ex_reading *r, size_t s, size_t v)
{
	size_t e = v;
	int relative = 0;

	if (e > s && punct_is(r, e - 1, ",")) {
		for (size_t k = e - 1; k-- > s && e - k < APPOSITION;)
			if (punct_is(r, k, ",")) {
				e = k;
				break;
			}
	}
	for (size_t n = 0; n < 2 && e > s && r->t->v[e - 1].kind == EX_WORD &&
	     !r->t->v[e - 1].cap; n++) {
		relative = stance_extract__word_is(r->text, r->t, e - 1, "which") ||
			stance_extract__word_is(r->text, r->t, e - 1, "who");
		e--;
	}
	if (relative && e > s && punct_is(r, e - 1, ","))
		e--;
	return e;
}

/* A definite description right before v ("the Reform UK leader said"): the
 * person named last, as a pronoun would be. */
static int description(struct ex_speaker *out, const struct ex_reading *r, size_t s, size_t v)
{
	char w[32];

	if (v == s || r->t->v[v - 1].kind != EX_WORD)
		return 0;
	fold_at(w, sizeof(w), r, v - 1);
	if (!stance_extract__title_noun(w))
		return 0;
	for (size_t k = v - 1; k-- > s && v - k <= DESCRIPTION;) {
		if (r->t->v[k].kind != EX_WORD)
			return 0;
		if (stance_extract__word_is(r->text, r->t, k, "the")) {
			person(out, r, k, v, 0, EX_HOW_PRONOUN);
			return 1;
		}
	}
	return 0;
}

static int subject_before(struct ex_speaker *out, const struct ex_reading *r, size_t lo,
			  size_t v)
{
	size_t s = subject_start(r, lo, v);
	const struct ex_mention *best[EX_NAME + 1] = { 0 }, *nearest = NULL, *m;

	for (size_t i = 0; i < r->m->n; i++) {
		m = &r->m->v[i];
		/* "Zelenskyy’s spokesman said": not Zelenskyy; "Ukraine’s ministry": Ukraine */
		if (m->t0 < s || m->t1 > v || (m->possessive && m->kind == EX_ACTOR))
			continue;
		best[m->kind] = m;
		nearest = m;
	}
	m = nearest && nearest->kind == EX_PRONOUN && adjacent(r, nearest->t1, v) ? nearest :
		best[EX_ACTOR] ? best[EX_ACTOR] : best[EX_ROLE];
	if (m) {
		from_mention(out, r, m);
		return 1;
	}
	/* a name right before the verb is its subject, whatever party the
	 * clause before it names ("Asked about Ukraine, Stubb said") */
	if (unknown_name(out, r, s, name_end(r, s, v), 0, 0, 0) || description(out, r, s, v))
		return 1;
	if (best[EX_PARTY])
		from_mention(out, r, best[EX_PARTY]);
	return best[EX_PARTY] != NULL;
}

static int subject_after(struct ex_speaker *out, const struct ex_reading *r, size_t a, size_t hi,
			 int reports)
{
	if (a < hi && punct_is(r, a, ","))
		a++;
	if (a < hi && stance_extract__word_is(r->text, r->t, a, "the"))
		a++;
	for (size_t i = 0; i < r->m->n; i++) {
		const struct ex_mention *m = &r->m->v[i];

		if (m->t0 == a && m->t1 <= hi && m->kind != EX_PRONOUN &&
		    !(m->possessive && m->kind == EX_ACTOR)) {
			from_mention(out, r, m);
			return 1;
		}
	}
	return !reports && a < hi && unknown_name(out, r, 0, 0, a, hi, 1);
}

void stance_extract__verb_speaker(struct ex_speaker *out, const struct ex_reading *r, size_t lo,
				  size_t hi, size_t v, size_t nv, unsigned flags, int reports)
{
	size_t a = v + nv;

	*out = (struct ex_speaker){ EX_NONE, 0, EX_HOW_NONE, 0, 0 };
	if ((flags & EX_V_PASSIVE) && a < hi && stance_extract__word_is(r->text, r->t, a, "by") &&
	    subject_after(out, r, a + 1, hi, reports))
		return;
	if ((flags & EX_V_BEFORE) && subject_before(out, r, lo, v))
		return;
	if (flags & EX_V_AFTER)
		subject_after(out, r, a, hi, reports);
}

/* ---- quotations ------------------------------------------------------------------ */

/* The length of the typographic closing mark (’ ” » › “) that text[s, e)
 * ends with, 0 for none. */
static int closing_mark(const char *text, size_t s, size_t e)
{
	static const char *const marks[] = { "\u2019", "\u201d", "\u00bb", "\u203a", "\u201c" };

	for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]); k++) {
		size_t n = strlen(marks[k]);

		if (e >= s + n && memcmp(text + e - n, marks[k], n) == 0)
			return (int)n;
	}
	return 0;
}

/* Whether the words after a quotation may be its attribution: the
 * quotation ends in a comma or a mark that ends a sentence, or a comma or
 * dash follows ("“...”, he said" in British usage). */
static int attributable_after(const struct ex_reading *r, size_t q)
{
	const struct ex_quote *quote = &r->quotes[r->t->v[q].quote];
	const struct ex_span *last = &quote->parts[quote->nparts - 1];
	size_t k = q + 1, e = last->end;

	if (k < r->t->n && (punct_is(r, k, ",") || punct_is(r, k, "\u2014") ||
			    punct_is(r, k, "\u2013")))
		return 1;
	/* past white space and the closing marks of quotations inside it */
	for (size_t n = 1; n && e > last->start; e -= n) {
		n = (size_t)closing_mark(r->text, last->start, e);
		if (strchr(" '\"", r->text[e - 1]))
			n = 1;
	}
	if (e == last->start)
		return 0;
	if (strchr(",.!?", r->text[e - 1]))
		return 1;
	return e - last->start >= 3 && memcmp(r->text + e - 3, "\u2026", 3) == 0;
}

/* A verb among the first words after quotation q, up to hi: not one that
 * introduces the next quotation ("Rubio replied: “...”"). */
static int after_quote(struct ex_speaker *out, const struct ex_reading *r, size_t q, size_t hi)
{
	size_t nv;

	for (size_t k = q + 1; k < hi && k <= q + AFTER_WINDOW; k++) {
		const struct ex_verb *v = stance_extract__verb(r->text, r->t, k, hi, &nv);

		if (is_terminal(r, k))
			return 0;
		if (!v || (v->flags & EX_V_POSITION))
			continue;
		for (size_t j = k + nv; j < hi && !is_terminal(r, j); j++)
			if (punct_is(r, j, ":"))
				return 0;
		stance_extract__verb_speaker(out, r, q + 1, hi, k, nv, v->flags, 0);
		return out->kind != EX_NONE || out->how == EX_HOW_PRONOUN;
	}
	return 0;
}

/* The last verb before quotation q, back to lo, that names a speaker. */
static int before_quote(struct ex_speaker *out, const struct ex_reading *r, size_t lo, size_t q)
{
	size_t nv;

	for (size_t k = q; k-- > lo;) {
		const struct ex_verb *v = stance_extract__verb(r->text, r->t, k, q, &nv);

		if (!v || (v->flags & EX_V_POSITION))
			continue;
		stance_extract__verb_speaker(out, r, lo, q, k, nv, v->flags, 0);
		if (out->kind != EX_NONE || out->how == EX_HOW_PRONOUN)
			return 1;
	}
	return 0;
}

/* "Zelenskyy: “...”" */
static int colon(struct ex_speaker *out, const struct ex_reading *r, size_t lo, size_t q)
{
	if (q < lo + 2 || !punct_is(r, q - 1, ":"))
		return 0;
	for (size_t i = 0; i < r->m->n; i++) {
		const struct ex_mention *m = &r->m->v[i];

		if (m->t1 == q - 1 && m->t0 >= lo && m->kind != EX_PRONOUN) {
			from_mention(out, r, m);
			out->how = out->how == EX_HOW_ROLE ? EX_HOW_ROLE : EX_HOW_COLON;
			return 1;
		}
	}
	return unknown_name(out, r, lo, q - 1, 0, 0, 0);
}

void stance_extract__quote_speaker(struct ex_speaker *out, const struct ex_reading *r, size_t q)
{
	size_t lo = q, hi = q + 1;

	/* the words around it, up to the quotations that are statements */
	while (lo > 0 && q - lo < FRAME && (r->t->v[lo - 1].kind != EX_QUOTE || phrase(r, lo - 1)))
		lo--;
	while (hi < r->t->n && hi - q < FRAME &&
	       (r->t->v[hi].kind != EX_QUOTE || phrase(r, hi)))
		hi++;
	*out = (struct ex_speaker){ EX_NONE, 0, EX_HOW_NONE, 0, 0 };
	if (attributable_after(r, q) && after_quote(out, r, q, hi))
		return;
	if (before_quote(out, r, lo, q) || colon(out, r, lo, q))
		return;
	/* a quotation alone after the speaker's quotation goes on with it */
	*out = (struct ex_speaker){ EX_NONE, 0, EX_HOW_NONE, 0, 0 };
	if (r->mem->quoted_sent == r->sent - 1 && r->mem->quoted.kind != EX_NONE &&
	    r->words <= 2) {
		*out = r->mem->quoted;
		out->how = EX_HOW_CONTINUED;
	}
}

/* ---- memory ------------------------------------------------------------------------ */

/* A sentence that names no known actor may name someone else near its
 * start ("Nigel Farage criticised the plan."): two capitalised words or
 * more that name nothing the database has. */
static void remember_name(const struct ex_reading *r)
{
	struct ex_speaker sp;

	for (size_t k = 0; k < r->t->n && k < 8; k++) {
		size_t e = k;

		while (e < r->t->n && is_cap_word(r, e))
			e++;
		if (e - k >= 2 && unknown_name(&sp, r, 0, 0, k, e, 1)) {
			r->mem->subject = sp;
			r->mem->subject_sent = r->sent;
			return;
		}
		k = e > k ? e - 1 : k;
	}
}

void stance_extract__remember(const struct ex_reading *r)
{
	int first = 1;

	for (size_t i = 0; i < r->m->n; i++) {
		const struct ex_mention *m = &r->m->v[i];
		struct ex_speaker sp;

		if (m->kind != EX_ACTOR && m->kind != EX_ROLE)
			continue;
		from_mention(&sp, r, m);
		if (sp.kind != EX_ACTOR)
			continue;
		r->lxw->actors[sp.index].seen = r->sent;
		if (first && !m->possessive) {
			r->mem->subject = sp;
			r->mem->subject_sent = r->sent;
			first = 0;
		}
	}
	if (first)
		remember_name(r);
}

void stance_extract__introducer(struct ex_speaker *out, const struct ex_reading *r)
{
	size_t nv;

	*out = (struct ex_speaker){ EX_NONE, 0, EX_HOW_NONE, 0, 0 };
	for (size_t k = r->t->n; k-- > 0;) {
		const struct ex_verb *v = stance_extract__verb(r->text, r->t, k, r->t->n, &nv);

		if (!v || (v->flags & EX_V_POSITION))
			continue;
		stance_extract__verb_speaker(out, r, 0, r->t->n, k, nv, v->flags, 0);
		if (out->kind != EX_NONE)
			return;
	}
	/* "Speaking to reporters, she went further:" */
	for (size_t i = 0; i < r->m->n && out->kind == EX_NONE; i++)
		if (r->m->v[i].kind != EX_PARTY && !r->m->v[i].possessive)
			from_mention(out, r, &r->m->v[i]);
}
