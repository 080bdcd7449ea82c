/*
 * extract-date.c - when the words of an article were said (design §10):
 * the article's date from its "Published:" line, and a sentence's own
 * reference ("on Monday", "last Tuesday", "yesterday", "this week", "on
 * April 20") resolved against it, as wire copy dates what was said within
 * the week by its weekday.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common-internal.h"
#include "extract-internal.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The months by their names and the abbreviations of datelines [AP]. */
static const struct {
	const char *name;
	int month;
} months[] = {
	{ "january", 1 }, { "jan", 1 }, { "february", 2 }, { "feb", 2 }, { "march", 3 },
	{ "mar", 3 }, { "april", 4 }, { "apr", 4 }, { "may", 5 }, { "june", 6 }, { "jun", 6 },
	{ "july", 7 }, { "jul", 7 }, { "august", 8 }, { "aug", 8 }, { "september", 9 },
	{ "sep", 9 }, { "sept", 9 }, { "october", 10 }, { "oct", 10 }, { "november", 11 },
	{ "nov", 11 }, { "december", 12 }, { "dec", 12 },
};

/* Monday first, as ISO 8601 counts. */
static const char *const weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

static void fold_tok(char *w, size_t size, const char *text, const struct ex_tok *t)
{
	stance_extract__fold(w, size, text + t->start, t->end - t->start, NULL);
}

static int month_of(const char *text, const struct ex_toks *t, size_t i)
{
	char w[16];

	/* "may" and "march" are verbs too */
	if (t->v[i].kind != EX_WORD || !t->v[i].cap)
		return 0;
	fold_tok(w, sizeof(w), text, &t->v[i]);
	for (size_t k = 0; k < N(months); k++)
		if (strcmp(w, months[k].name) == 0)
			return months[k].month;
	return 0;
}

/* The weekday of a word (0 Monday .. 6 Sunday), -1 for none. */
static int weekday_of(const char *text, const struct ex_toks *t, size_t i)
{
	char w[16];

	if (t->v[i].kind != EX_WORD || !t->v[i].cap)
		return -1;
	fold_tok(w, sizeof(w), text, &t->v[i]);
	for (size_t k = 0; k < N(weekdays); k++)
		if (strcmp(w, weekdays[k]) == 0)
			return (int)k;
	return -1;
}

/* The number a word of digits says (a day may end in st, nd, rd or th),
 * -1 for none; its digits in *ndigits. */
static long number_of(const char *text, const struct ex_toks *t, size_t i, size_t *ndigits)
{
	const struct ex_tok *tok = &t->v[i];
	size_t k = tok->start;
	long v = 0;

	while (k < tok->end && text[k] >= '0' && text[k] <= '9' && k - tok->start < 5)
		v = v * 10 + (text[k++] - '0');
	*ndigits = k - tok->start;
	if (tok->kind != EX_WORD || !*ndigits)
		return -1;
	if (k == tok->end || (tok->end - k == 2 && (memcmp(text + k, "st", 2) == 0 ||
						    memcmp(text + k, "nd", 2) == 0 ||
						    memcmp(text + k, "rd", 2) == 0 ||
						    memcmp(text + k, "th", 2) == 0)))
		return v;
	return -1;
}

static int real_date(char out[11], long y, long m, long d)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	char buf[32];

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days[m - 1] ||
	    (m == 2 && d == 29 && !leap))
		return 0;
	snprintf(buf, sizeof(buf), "%04ld-%02ld-%02ld", y, m, d);
	memcpy(out, buf, 11);
	return 1;
}

/* YYYY-MM-DD at the start of word i (of a timestamp too). */
static int iso_at(char out[11], const char *text, const struct ex_toks *t, size_t i)
{
	const struct ex_tok *tok = &t->v[i];
	const char *s = text + tok->start;
	size_t len = tok->end - tok->start;

	if (tok->kind != EX_WORD || len < 10 || (len > 10 && s[10] != 'T' && s[10] != 't'))
		return 0;
	for (size_t k = 0; k < 10; k++)
		if ((k == 4 || k == 7) ? s[k] != '-' : (s[k] < '0' || s[k] > '9'))
			return 0;
	return real_date(out, atol(s), atol(s + 5), atol(s + 8));
}

/* The next token after i that is not a full stop or comma (to), or to. */
static size_t next_word(const char *text, const struct ex_toks *t, size_t i, size_t to)
{
	while (++i < to && t->v[i].kind == EX_PUNCT &&
	       (text[t->v[i].start] == '.' || text[t->v[i].start] == ','))
		;
	return i;
}

/* A month and day at token i, with or without a year ("Apr 23, 2025",
 * "23 April 2025", "April 20"): 1, the month and day in *m and *d, the
 * year or 0 in *y, and the token after it in *after. */
static int month_day_at(const char *text, const struct ex_toks *t, size_t i, size_t to,
			long *y, long *m, long *d, size_t *after)
{
	size_t j = next_word(text, t, i, to), k, nd;
	long a, b;

	*y = 0;
	if ((*m = month_of(text, t, i)) && j < to && (a = number_of(text, t, j, &nd)) > 0 &&
	    nd <= 2) {
		*d = a;
		k = next_word(text, t, j, to);
	} else if ((a = number_of(text, t, i, &nd)) > 0 && nd <= 2 && j < to &&
		   (*m = month_of(text, t, j))) {
		*d = a;
		k = next_word(text, t, j, to);
	} else {
		return 0;
	}
	*after = k;
	if (k < to && (b = number_of(text, t, k, &nd)) > 0 && nd == 4) {
		*y = b;
		*after = k + 1;
	}
	return 1;
}

int stance_extract__date_in(char out[11], const char *s, size_t len)
{
	struct ex_toks t = { 0 };
	long y, m, d;
	size_t after;
	int found = 0;

	if (stance_extract__tokens(&t, s, NULL, 0, 0, len))
		return 0;
	for (size_t i = 0; i < t.n && !found; i++) {
		found = iso_at(out, s, &t, i);
		if (!found && month_day_at(s, &t, i, t.n, &y, &m, &d, &after) && y)
			found = real_date(out, y, m, d);
	}
	stance_extract__tokens_clear(&t);
	return found;
}

int stance_extract__published(char out[11], const char *line, size_t len)
{
	static const char word[] = "published";
	size_t i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (len - i < sizeof(word) - 1)
		return 0;
	for (size_t k = 0; k < sizeof(word) - 1; k++)
		if ((line[i + k] | 0x20) != word[k])
			return 0;
	i += sizeof(word) - 1;
	/* "Published:", "Published on", "Published 23 April 2025" */
	if (i < len && line[i] != ':' && line[i] != ' ')
		return 0;
	return stance_extract__date_in(out, line + i, len - i);
}

/* ---- references ----------------------------------------------------------- */

/* The date days after base (a checked date). */
static void shift(char out[11], const char *base, long long days)
{
	stance__days_date(out, stance__date_days(base) + days);
}

/* The latest weekday w on or before base (before it, when strictly). */
static void weekday_before(char out[11], const char *base, int w, int strictly)
{
	long long days = stance__date_days(base);
	/* 1970-01-01 was a Thursday (3, counting from Monday) */
	long long today = ((days % 7) + 7 + 3) % 7;
	long long back = (today - w + 7) % 7;

	if (back == 0 && strictly)
		back = 7;
	stance__days_date(out, days - back);
}

/* A month and day without a year: the latest on or before base. */
static int day_before(char out[11], const char *base, long m, long d)
{
	long y = atol(base);

	if (!real_date(out, y, m, d) && !real_date(out, y - 1, m, d))
		return 0;
	if (strcmp(out, base) > 0)
		return real_date(out, y - 1, m, d);
	return 1;
}

/* The words "yesterday", "today", "this week", "last week" at i. */
static int relative_word(char out[11], const char *base, const char *text,
			 const struct ex_toks *t, size_t i, size_t to)
{
	long long days;

	if (stance_extract__word_is(text, t, i, "yesterday"))
		days = -1;
	else if (stance_extract__word_is(text, t, i, "today") ||
		 stance_extract__word_is(text, t, i, "tonight") ||
		 stance_extract__phrase(text, t, i, to, "this week"))
		days = 0;
	else if (stance_extract__phrase(text, t, i, to, "last week"))
		days = -7;
	else
		return 0;
	shift(out, base, days);
	return 1;
}

int stance_extract__date_ref(char out[11], const char *base, const char *text,
			     const struct ex_toks *t, size_t from, size_t to)
{
	long y, m, d;
	size_t after;

	for (size_t i = from; i < to; i++) {
		int w = weekday_of(text, t, i);
		int last = i > from && stance_extract__word_is(text, t, i - 1, "last");
		/* "next Monday", "until Friday": what is to come, not when it was said */
		int ahead = i > from && (stance_extract__word_is(text, t, i - 1, "next") ||
					 stance_extract__word_is(text, t, i - 1, "until") ||
					 stance_extract__word_is(text, t, i - 1, "coming"));

		if (t->v[i].kind != EX_WORD || ahead)
			continue;
		if (relative_word(out, base, text, t, i, to))
			return 1;
		if (w >= 0) {
			weekday_before(out, base, w, last);
			return 1;
		}
		if (month_day_at(text, t, i, to, &y, &m, &d, &after))
			return y ? real_date(out, y, m, d) : day_before(out, base, m, d);
	}
	return 0;
}
