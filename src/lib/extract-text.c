/*
 * extract-text.c - an article cut into paragraphs, quotations and
 * sentences, and a sentence into tokens (design §10).
 *
 * Paragraphs: every line is one, unless the article is hard-wrapped (it
 * has blank lines between paragraphs and no line longer than 100 bytes),
 * where a long line goes on in the next. Quotations are found before
 * sentences, by the marks of extract-rules.c with the marks inside them
 * nested, so that the full stops inside a quotation end no sentence; a
 * quotation left open at the end of a paragraph whose next paragraph opens
 * it again goes on there (the English convention for quoting several
 * paragraphs), and the paragraphs it joins make one block.
 */
#include <stdlib.h>
#include <string.h>

#include "common-internal.h"
#include "extract-internal.h"

/* The longest line of a hard-wrapped article, and how long (in tenths of
 * the longest) a line must be to go on in the next. */
#define WRAP_WIDTH 100
#define WRAP_FULL 6

/* How deep quotations nest inside one another before more marks are
 * taken as they come. */
#define MAX_DEPTH 8

/* ---- characters -------------------------------------------------------- */

unsigned stance_extract__decode(const char *s, size_t len, size_t *n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp = p[0];
	size_t k = cp < 0x80 ? 1 : cp < 0xe0 ? 2 : cp < 0xf0 ? 3 : 4;

	if (k > len)
		k = 1;
	if (k > 1) {
		cp &= 0x3fu >> (k - 1);
		for (size_t i = 1; i < k; i++)
			cp = (cp << 6) | (p[i] & 0x3fu);
	}
	*n = k;
	return cp;
}

int stance_extract__upper(unsigned cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	if (cp >= 0xc0 && cp <= 0xde)
		return cp != 0xd7;
	if (cp >= 0x100 && cp <= 0x17f)    /* Latin Extended-A: capitals first */
		return cp % 2 == 0;
	return (cp >= 0x391 && cp <= 0x3a9) || (cp >= 0x400 && cp <= 0x42f);
}

static int is_space(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xa0 ||
		(cp >= 0x2000 && cp <= 0x200b) || cp == 0x202f || cp == 0x3000 || cp == 0xfeff;
}

/* Letters and digits of any script: ASCII's, and whatever else is not a
 * space, a Latin-1 sign or a general, CJK or full-width punctuation mark. */
static int is_word_char(unsigned cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
			(cp >= '0' && cp <= '9');
	if (is_space(cp) || cp < 0xc0 || cp == 0xd7 || cp == 0xf7)
		return 0;
	return !(cp >= 0x2010 && cp <= 0x206f) && !(cp >= 0x3000 && cp <= 0x303f) &&
		!(cp >= 0xff01 && cp <= 0xff0f);
}

/* The offset of the character before offset i (> lo). */
static size_t prev_start(const char *text, size_t lo, size_t i)
{
	size_t j = i - 1;

	while (j > lo && ((unsigned char)text[j] & 0xc0) == 0x80)
		j--;
	return j;
}

/* The code point before offset i (a space at lo). */
static unsigned cp_before(const char *text, size_t lo, size_t i)
{
	size_t n;

	if (i <= lo)
		return ' ';
	return stance_extract__decode(text + prev_start(text, lo, i), i - prev_start(text, lo, i),
				      &n);
}

static unsigned cp_at(const char *text, size_t i, size_t end)
{
	size_t n;

	return i < end ? stance_extract__decode(text + i, end - i, &n) : ' ';
}

static size_t skip_space(const char *text, size_t i, size_t end)
{
	size_t n;

	while (i < end && is_space(stance_extract__decode(text + i, end - i, &n)))
		i += n;
	return i;
}

/* e without the white space that ends text[s, e). */
static size_t trim_end(const char *text, size_t s, size_t e)
{
	while (e > s && is_space(cp_before(text, s, e)))
		e = prev_start(text, s, e);
	return e;
}

/* ---- words --------------------------------------------------------------- */

size_t stance_extract__fold(char *out, size_t size, const char *s, size_t len, int *possessive)
{
	size_t k = 0;

	for (size_t i = 0; i < len && k + 1 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.')
			continue;
		if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x99) {
			out[k++] = '\'';
			i += 2;
			continue;
		}
		out[k++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	out[k] = '\0';
	if (possessive)
		*possessive = 0;
	if (k >= 3 && out[k - 2] == '\'' && out[k - 1] == 's')
		k -= 2;
	else if (k >= 2 && out[k - 1] == '\'')
		k -= 1;
	else
		return k;
	if (possessive)
		*possessive = 1;
	out[k] = '\0';
	return k;
}

/* Whether the word tok is the len bytes of w (lowercase ASCII), case
 * folded. The tables are matched against every token, so the first byte
 * decides most. */
static int word_eq(const char *text, const struct ex_tok *tok, const char *w, size_t len)
{
	unsigned char c = (unsigned char)text[tok->start];
	size_t k = 0;

	if (tok->kind != EX_WORD || (c | 0x20) != (unsigned char)w[0])
		return 0;
	for (size_t p = tok->start; p < tok->end; p++, k++) {
		c = (unsigned char)text[p];
		/* ’ is the typographic apostrophe of "won’t" */
		if (c == 0xe2 && p + 2 < tok->end && (unsigned char)text[p + 1] == 0x80 &&
		    (unsigned char)text[p + 2] == 0x99) {
			c = '\'';
			p += 2;
		}
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (k >= len || (unsigned char)w[k] != c)
			return 0;
	}
	return k == len;
}

int stance_extract__word_is(const char *text, const struct ex_toks *t, size_t i, const char *w)
{
	return word_eq(text, &t->v[i], w, strlen(w));
}

size_t stance_extract__phrase(const char *text, const struct ex_toks *t, size_t i, size_t end,
			      const char *phrase)
{
	size_t n = 0;

	while (*phrase) {
		size_t len = 0;

		while (phrase[len] && phrase[len] != ' ')
			len++;
		if (i + n >= end || !word_eq(text, &t->v[i + n], phrase, len))
			return 0;
		n++;
		phrase += len;
		while (*phrase == ' ')
			phrase++;
	}
	return n;
}

char *stance_extract__clean(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	size_t k = 0, i = 0, n;
	int space = 0;

	if (!out)
		return NULL;
	while (i < len) {
		unsigned cp = stance_extract__decode(s + i, len - i, &n);

		if (is_space(cp)) {
			space = k > 0;
		} else {
			if (space)
				out[k++] = ' ';
			space = 0;
			memcpy(out + k, s + i, n);
			k += n;
		}
		i += n;
	}
	out[k] = '\0';
	return out;
}

/* ---- tokens -------------------------------------------------------------- */

static int push_tok(struct ex_toks *t, size_t start, size_t end, int kind, int cap, size_t q)
{
	if (t->n == t->cap) {
		size_t cap2 = t->cap ? 2 * t->cap : 64;
		struct ex_tok *v = realloc(t->v, cap2 * sizeof(*v));

		if (!v)
			return stance__error(STANCE_ENOMEM, "out of memory");
		t->v = v;
		t->cap = cap2;
	}
	t->v[t->n++] = (struct ex_tok){ start, end, q, (unsigned char)kind, (unsigned char)cap };
	return 0;
}

/* The end of the word that starts at i: apostrophes, hyphens and dots
 * inside it join it ("Russia’s", "30-hour", "U.S"). */
static size_t word_end(const char *text, size_t i, size_t end)
{
	size_t n, m;

	while (i < end) {
		unsigned cp = stance_extract__decode(text + i, end - i, &n);

		if (is_word_char(cp)) {
			i += n;
			continue;
		}
		if ((cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2011 || cp == '.') &&
		    i + n < end && is_word_char(stance_extract__decode(text + i + n, end - i - n, &m))) {
			i += n;
			continue;
		}
		break;
	}
	return i;
}

/* The first quotation that opens at or after offset i. */
static size_t first_quote(const struct ex_quote *quotes, size_t nquotes, size_t i)
{
	size_t lo = 0, hi = nquotes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (quotes[mid].open < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int stance_extract__tokens(struct ex_toks *t, const char *text, const struct ex_quote *quotes,
			   size_t nquotes, size_t start, size_t end)
{
	size_t qi = quotes ? first_quote(quotes, nquotes, start) : 0, i = start, n;
	int rc = 0;

	while (!rc && i < end) {
		unsigned cp = stance_extract__decode(text + i, end - i, &n);

		if (quotes && qi < nquotes && quotes[qi].open == i) {
			size_t e = quotes[qi].end < end ? quotes[qi].end : end;

			rc = push_tok(t, i, e, EX_QUOTE, 0, qi++);
			i = e;
		} else if (is_space(cp)) {
			i += n;
		} else if (is_word_char(cp)) {
			size_t e = word_end(text, i, end);

			rc = push_tok(t, i, e, EX_WORD, stance_extract__upper(cp), 0);
			i = e;
		} else {
			rc = push_tok(t, i, i + n, EX_PUNCT, 0, 0);
			i += n;
		}
		while (quotes && qi < nquotes && quotes[qi].open < i)
			qi++;
	}
	return rc;
}

void stance_extract__tokens_clear(struct ex_toks *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* ---- paragraphs ------------------------------------------------------------ */

/* What the cut builds besides the article. */
struct cutter {
	struct ex_article *a;
	struct ex_span *paras;
	size_t nparas, cap_paras, cap_quotes, cap_sents;
	long cur;                        /* the quotation open at the top level */
	unsigned char stack[MAX_DEPTH];  /* the pairs open, outermost first */
	size_t depth;
};

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*v, (*cap ? 2 * *cap : 16) * size);
	if (!p)
		return stance__error(STANCE_ENOMEM, "out of memory");
	*v = p;
	*cap = *cap ? 2 * *cap : 16;
	return 0;
}

static int blank(const char *text, size_t s, size_t e)
{
	return skip_space(text, s, e) == e;
}

/* Whether the article is hard-wrapped, and its longest line. */
static int wrapped(const char *text, size_t len, size_t *longest)
{
	size_t s = 0;
	int blanks = 0, adjacent = 0, prev_full = 0;

	*longest = 0;
	while (s < len) {
		const char *nl = memchr(text + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - text) : len;
		int full = !blank(text, s, e);

		if (e - s > *longest)
			*longest = e - s;
		blanks |= !full;
		adjacent |= full && prev_full;
		prev_full = full;
		s = e + 1;
	}
	return blanks && adjacent && *longest <= WRAP_WIDTH;
}

static int add_para(struct cutter *c, size_t s, size_t e)
{
	int rc = grow((void **)&c->paras, &c->cap_paras, c->nparas, sizeof(*c->paras));

	if (!rc)
		c->paras[c->nparas++] = (struct ex_span){ s, e };
	return rc;
}

/* The lines into paragraphs; a "Published:" line gives the date and is no
 * paragraph. */
static int paragraphs(struct cutter *c)
{
	struct ex_article *a = c->a;
	size_t s = 0, longest, prev_len = 0;
	int wrap = wrapped(a->text, a->len, &longest), open = 0, rc = 0;
	char date[11];

	while (!rc && s < a->len) {
		const char *nl = memchr(a->text + s, '\n', a->len - s);
		size_t e = nl ? (size_t)(nl - a->text) : a->len;

		if (blank(a->text, s, e)) {
			open = 0;
		} else if (stance_extract__published(date, a->text + s, e - s)) {
			/* the first one: a later one may be a quoted article's */
			if (!a->published[0])
				memcpy(a->published, date, sizeof(date));
			open = 0;
		} else if (open && wrap && prev_len * 10 >= longest * WRAP_FULL) {
			a->text[s - 1] = ' ';
			c->paras[c->nparas - 1].end = e;
		} else {
			rc = add_para(c, s, e);
			open = 1;
		}
		prev_len = e - s;
		s = e + 1;
	}
	return rc;
}

/* ---- quotations ------------------------------------------------------------ */

static size_t mark_at(const char *text, size_t i, size_t end, const char *mark)
{
	size_t len = strlen(mark);

	return i + len <= end && memcmp(text + i, mark, len) == 0 ? len : 0;
}

static int is_opening_context(unsigned cp)
{
	return is_space(cp) || cp == '(' || cp == '[' || cp == '{' || cp == 0x2013 ||
		cp == 0x2014 || cp == 0x201c || cp == 0x201e || cp == 0xab || cp == '"';
}

/* The pair whose opening mark is at i, its length in *len; -1 for none. */
static int opening_at(const struct cutter *c, size_t i, const struct ex_span *p, size_t *len)
{
	const char *text = c->a->text;

	for (size_t k = 0; k < stance_extract__npairs; k++) {
		const struct ex_pair *pair = &stance_extract__pairs[k];
		size_t n = mark_at(text, i, p->end, pair->open);

		if (!n)
			continue;
		if ((pair->flags & (EX_PAIR_APOSTROPHE | EX_PAIR_TOP_ONLY)) &&
		    (!is_opening_context(cp_before(text, p->start, i)) ||
		     is_space(cp_at(text, i + n, p->end))))
			continue;
		if ((pair->flags & EX_PAIR_TOP_ONLY) && c->depth)
			continue;
		*len = n;
		return (int)k;
	}
	return -1;
}

/* The length of a closing mark of pair k at i, 0 for none. */
static size_t closing_at(const struct cutter *c, int k, size_t i, const struct ex_span *p)
{
	const struct ex_pair *pair = &stance_extract__pairs[k];
	const char *text = c->a->text;

	for (size_t j = 0; pair->close[j]; j++) {
		size_t n = mark_at(text, i, p->end, pair->close[j]);

		if (n && (pair->flags & EX_PAIR_APOSTROPHE) &&
		    is_word_char(cp_at(text, i + n, p->end)))
			continue;
		if (n)
			return n;
	}
	return 0;
}

static int add_part(struct cutter *c, size_t start)
{
	struct ex_quote *q = &c->a->quotes[c->cur];
	struct ex_span *v = realloc(q->parts, (q->nparts + 1) * sizeof(*v));

	if (!v)
		return stance__error(STANCE_ENOMEM, "out of memory");
	q->parts = v;
	v[q->nparts++] = (struct ex_span){ start, start };
	return 0;
}

static int open_quote(struct cutter *c, size_t i, size_t len, int pair)
{
	struct ex_article *a = c->a;
	int rc = grow((void **)&a->quotes, &c->cap_quotes, a->nquotes, sizeof(*a->quotes));

	if (rc)
		return rc;
	a->quotes[a->nquotes] = (struct ex_quote){ .open = i };
	c->cur = (long)a->nquotes++;
	c->stack[0] = (unsigned char)pair;
	c->depth = 1;
	return add_part(c, i + len);
}

/* Ends the quotation open at the top level: its last part ends at e, the
 * quotation at end. */
static void close_quote(struct cutter *c, size_t e, size_t end, int closed)
{
	struct ex_quote *q = &c->a->quotes[c->cur];

	q->parts[q->nparts - 1].end = e;
	q->end = end;
	q->closed = closed;
	c->cur = -1;
	c->depth = 0;
}

/* One step inside a quotation at i: a closing mark of the innermost pair,
 * an opening one of a nested pair, or a closing one of an outer pair whose
 * inner ones were never closed. The bytes taken (0: none). */
static size_t inside(struct cutter *c, size_t i, const struct ex_span *p)
{
	size_t len = closing_at(c, c->stack[c->depth - 1], i, p);
	int k;

	if (len) {
		if (--c->depth == 0)
			close_quote(c, i, i + len, 1);
		return len;
	}
	if ((k = opening_at(c, i, p, &len)) >= 0) {
		if (c->depth < MAX_DEPTH)
			c->stack[c->depth++] = (unsigned char)k;
		return len;
	}
	for (size_t d = c->depth - 1; d-- > 0;) {
		if ((len = closing_at(c, c->stack[d], i, p))) {
			c->depth = d + 1;
			return inside(c, i, p);
		}
	}
	return 0;
}

/* Whether paragraph p goes on with the quotation left open: it opens with
 * the same mark. Closes the quotation otherwise. The offset to scan from. */
static int continues(struct cutter *c, const struct ex_span *p, size_t *from)
{
	struct ex_quote *q = &c->a->quotes[c->cur];
	const struct ex_pair *pair = &stance_extract__pairs[c->stack[0]];
	size_t i = skip_space(c->a->text, p->start, p->end);
	size_t len = mark_at(c->a->text, i, p->end, pair->open);

	if (!len) {
		close_quote(c, q->parts[q->nparts - 1].end, q->end, 0);
		return 0;
	}
	c->depth = 1;
	*from = i + len;
	return 1;
}

static int scan_para(struct cutter *c, const struct ex_span *p, int *joined)
{
	size_t i = p->start, len, n;
	int rc = 0, k;

	*joined = c->cur >= 0 && continues(c, p, &i);
	if (*joined)
		rc = add_part(c, i);
	while (!rc && i < p->end) {
		if (c->cur < 0 && (k = opening_at(c, i, p, &len)) >= 0) {
			rc = open_quote(c, i, len, k);
			i += len;
		} else if (c->cur >= 0 && (len = inside(c, i, p))) {
			i += len;
		} else {
			stance_extract__decode(c->a->text + i, p->end - i, &n);
			i += n;
		}
	}
	if (!rc && c->cur >= 0) {
		struct ex_quote *q = &c->a->quotes[c->cur];

		q->parts[q->nparts - 1].end = p->end;
		q->end = p->end;
	}
	return rc;
}

/* ---- sentences ------------------------------------------------------------- */

static int add_sent(struct cutter *c, size_t s, size_t e, size_t block)
{
	struct ex_article *a = c->a;
	int rc;

	e = trim_end(a->text, s, e);
	if (e <= s)
		return 0;
	rc = grow((void **)&a->sents, &c->cap_sents, a->nsents, sizeof(*a->sents));
	if (!rc)
		a->sents[a->nsents++] = (struct ex_sent){ s, e, block };
	return rc;
}

static int is_terminal(unsigned cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

/* The marks that open a quotation (extract-rules.c's pairs). */
static int is_opening_mark(unsigned cp)
{
	return cp == '"' || cp == 0x201c || cp == 0x201e || cp == 0xab || cp == 0x2039 ||
		cp == 0x2018 || cp == 0x201a;
}

/* Whether the words after offset i, up to the end of their sentence, hold
 * a speech verb among their first six that does not introduce a
 * quotation with a colon: "“Why?” Zelenskyy asked." goes on. */
static int attribution_follows(const char *text, size_t i, size_t end)
{
	struct ex_toks t = { 0 };
	size_t words = 0, n;
	int found = 0;

	if (stance_extract__tokens(&t, text, NULL, 0, i, end - i > 200 ? i + 200 : end))
		return 0;
	for (size_t k = 0; k < t.n && (words < 6 || found); k++) {
		unsigned cp = stance_extract__decode(text + t.v[k].start,
						     t.v[k].end - t.v[k].start, &n);

		if (t.v[k].kind == EX_PUNCT && is_terminal(cp))
			break;
		/* "Rubio replied: “...”" introduces the next quotation */
		if (t.v[k].kind == EX_PUNCT && cp == ':') {
			found = 0;
			break;
		}
		if (t.v[k].kind == EX_WORD && !found && !stance_extract__verb(text, &t, k, t.n, &n))
			words++;
		else if (t.v[k].kind == EX_WORD)
			found = 1;
	}
	stance_extract__tokens_clear(&t);
	return found;
}

/* Whether a sentence ends at the closing mark of q (at end): its words
 * end a sentence and what follows is not its attribution. */
static int quote_ends(const struct ex_article *a, const struct ex_quote *q, size_t bend)
{
	const struct ex_span *last = &q->parts[q->nparts - 1];
	size_t e = trim_end(a->text, last->start, last->end), next;

	if (!q->closed || e == last->start || !is_terminal(cp_before(a->text, last->start, e)))
		return 0;
	next = skip_space(a->text, q->end, bend);
	if (next >= bend)
		return 1;
	if (!stance_extract__upper(cp_at(a->text, next, bend)) &&
	    !is_opening_mark(cp_at(a->text, next, bend)))
		return 0;
	return !attribution_follows(a->text, next, bend);
}

/* Whether the terminal mark at i (ending at j) ends a sentence: not after
 * an abbreviation or an initial, and before a capital, a digit or a mark,
 * or a lowercase word after a lowercase word of three letters or more
 * (text that lost a capital). */
static int ends_sentence(const char *text, size_t s, size_t i, size_t j, size_t bend)
{
	size_t ws = i, next = skip_space(text, j, bend);
	char w[32];
	unsigned cp;
	int lower;

	if (next == j && j < bend)
		return 0;
	while (ws > s && (is_word_char(cp_before(text, s, ws)) || text[ws - 1] == '.'))
		ws = prev_start(text, s, ws);
	stance_extract__fold(w, sizeof(w), text + ws, i - ws, NULL);
	if (text[i] == '.' && ws < i && (stance_extract__abbreviation(w) ||
					 memchr(text + ws, '.', i - ws) ||
					 (i - ws == 1 && stance_extract__upper(cp_at(text, ws, i)))))
		return 0;
	if (next >= bend)
		return 1;
	cp = cp_at(text, next, bend);
	lower = cp >= 'a' && cp <= 'z';
	if (!lower)
		return 1;
	return text[i] == '.' && strlen(w) >= 3 && !stance_extract__upper(cp_at(text, ws, i));
}

/* Past the marks that end a sentence with the one before j: "?!", ".)". */
static size_t after_terminal(const char *text, size_t j, size_t be)
{
	size_t n;

	while (j < be) {
		unsigned cp = stance_extract__decode(text + j, be - j, &n);

		if (!is_terminal(cp) && cp != ')' && cp != ']')
			break;
		j += n;
	}
	return j;
}

static int split_block(struct cutter *c, size_t bs, size_t be, size_t block)
{
	struct ex_article *a = c->a;
	size_t qi = first_quote(a->quotes, a->nquotes, bs), i = skip_space(a->text, bs, be);
	size_t start = i, n, j;
	int rc = 0;

	while (!rc && i < be) {
		unsigned cp = stance_extract__decode(a->text + i, be - i, &n);

		if (qi < a->nquotes && a->quotes[qi].open == i) {
			size_t qe = a->quotes[qi].end;

			if (quote_ends(a, &a->quotes[qi++], be)) {
				rc = add_sent(c, start, qe, block);
				start = skip_space(a->text, qe, be);
			}
			i = qe;
			continue;
		}
		j = is_terminal(cp) ? after_terminal(a->text, i + n, be) : i + n;
		if (is_terminal(cp) && ends_sentence(a->text, start, i, j, be)) {
			rc = add_sent(c, start, j, block);
			start = i = skip_space(a->text, j, be);
			continue;
		}
		i += n;
	}
	return rc ? rc : add_sent(c, start, be, block);
}

/* ---- the cut ----------------------------------------------------------------- */

/* The quotations of every paragraph, then the sentences of every block. */
static int quotes_and_sentences(struct cutter *c)
{
	size_t bs = 0, be = 0, block = 0;
	int rc = 0, joined;

	c->cur = -1;
	for (size_t k = 0; !rc && k < c->nparas; k++) {
		rc = scan_para(c, &c->paras[k], &joined);
		if (!rc && k > 0 && !joined)
			rc = split_block(c, bs, be, block++);
		if (!joined)
			bs = c->paras[k].start;
		be = c->paras[k].end;
	}
	if (!rc && c->cur >= 0) {
		struct ex_quote *q = &c->a->quotes[c->cur];

		close_quote(c, q->parts[q->nparts - 1].end, q->end, 0);
	}
	if (!rc && c->nparas)
		rc = split_block(c, bs, be, block);
	return rc;
}

int stance_extract__cut(struct ex_article *a, const char *text, size_t len)
{
	struct cutter c = { .a = a, .cur = -1 };
	size_t skip = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	int rc;

	memset(a, 0, sizeof(*a));
	a->text = malloc(len + 1);
	if (!a->text)
		return stance__error(STANCE_ENOMEM, "out of memory");
	memcpy(a->text, text, len);
	a->text[len] = '\0';
	a->len = len;
	/* the byte order mark, CRs and tabs are spaces: offsets stay */
	memset(a->text, ' ', skip);
	for (size_t i = 0; i < len; i++)
		if (a->text[i] == '\r' || a->text[i] == '\t')
			a->text[i] = ' ';
	rc = paragraphs(&c);
	if (!rc)
		rc = quotes_and_sentences(&c);
	free(c.paras);
	return rc;
}

void stance_extract__article_clear(struct ex_article *a)
{
	for (size_t i = 0; i < a->nquotes; i++)
		free(a->quotes[i].parts);
	free(a->quotes);
	free(a->sents);
	free(a->text);
	memset(a, 0, sizeof(*a));
}
