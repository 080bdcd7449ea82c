/*
 * Suggestions from news articles (design §10): the pure parts first, on
 * strings (quotation marks of every pair, nested and over paragraphs,
 * apostrophes that are no marks; sentences and the full stops that end
 * none; hard-wrapped paragraphs; "Published:" lines and the days a
 * sentence refers to), then the speaker, source, date and position rules
 * through stance_extract_article() over the seed's cast, and its refusals
 * and JSON shape.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract-internal.h"
#include "test-util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- quotations -------------------------------------------------------------- */

static void cut(struct ex_article *a, const char *text)
{
	ck_assert_int_eq(stance_extract__cut(a, text, strlen(text)), 0);
}

/* Part p of quotation q of a, as a new string. */
static char *part(const struct ex_article *a, size_t q, size_t p)
{
	const struct ex_span *s = &a->quotes[q].parts[p];

	return stance_extract__clean(a->text + s->start, s->end - s->start);
}

static void assert_one_quote(const char *text, const char *words)
{
	struct ex_article a;
	char *got;

	cut(&a, text);
	ck_assert_msg(a.nquotes == 1, "%s: %zu quotations", text, a.nquotes);
	ck_assert_uint_eq(a.quotes[0].nparts, 1);
	ck_assert(a.quotes[0].closed);
	got = part(&a, 0, 0);
	ck_assert_str_eq(got, words);
	free(got);
	stance_extract__article_clear(&a);
}

START_TEST(test_quote_pairs)
{
	static const struct { const char *text, *words; } cases[] = {
		{ "Rubio said \"We are close to a deal.\" Then he left.", "We are close to a deal." },
		{ "Rubio said \u201cWe are close.\u201d", "We are close." },
		{ "Lavrov a dit \u00ab Nous sommes pr\u00eats \u00bb hier.", "Nous sommes pr\u00eats" },
		{ "Merz sagte: \u201eWir sind bereit.\u201c", "Wir sind bereit." },
		{ "Tusk powiedzia\u0142: \u201eJeste\u015bmy gotowi.\u201d", "Jeste\u015bmy gotowi." },
		{ "Il a dit \u2039 non \u203a.", "non" },
		{ "Kristersson sa \u201dVi \u00e4r redo.\u201d", "Vi \u00e4r redo." },
		{ "Starmer said: \u2018I do not say that lightly.\u2019", "I do not say that lightly." },
	};

	for (size_t i = 0; i < N(cases); i++)
		assert_one_quote(cases[i].text, cases[i].words);
}
END_TEST

START_TEST(test_nested_quotes)
{
	/* the inner marks are the quotation's words, and so are apostrophes */
	assert_one_quote("Sybiha wrote: \u201cKaja said what every Ukrainian thinks: \u2018no deal "
			 "about us without us\u2019, in Russia\u2019s face.\u201d He left.",
			 "Kaja said what every Ukrainian thinks: \u2018no deal about us without "
			 "us\u2019, in Russia\u2019s face.");
	assert_one_quote("Il a dit \u00ab ils disent \u00ab non \u00bb depuis hier \u00bb.",
			 "ils disent \u00ab non \u00bb depuis hier");
	assert_one_quote("Merz sagte: \u201eSie sagen \u201aniemals\u2018, aber wir warten.\u201c",
			 "Sie sagen \u201aniemals\u2018, aber wir warten.");
	assert_one_quote("He said \"When people say 'peace now', they mean surrender.\"",
			 "When people say 'peace now', they mean surrender.");
}
END_TEST

START_TEST(test_apostrophes_are_no_quotes)
{
	struct ex_article a;

	cut(&a, "Russia\u2019s claim and the Ukrainians\u2019 position don\u2019t change; "
		"it\u2019s the 90\u2019s again.");
	ck_assert_uint_eq(a.nquotes, 0);
	stance_extract__article_clear(&a);
}
END_TEST

START_TEST(test_quote_over_paragraphs)
{
	struct ex_article a;
	char *p0, *p1;

	/* the English convention: the next paragraph opens it again */
	cut(&a, "She said:\n\n\u201cWe have heard it before. The victim gives.\n\n"
		"\u201cEurope will not accept that.\u201d\n\nThe end.\n");
	ck_assert_uint_eq(a.nquotes, 1);
	ck_assert_uint_eq(a.quotes[0].nparts, 2);
	ck_assert(a.quotes[0].closed);
	p0 = part(&a, 0, 0);
	p1 = part(&a, 0, 1);
	ck_assert_str_eq(p0, "We have heard it before. The victim gives.");
	ck_assert_str_eq(p1, "Europe will not accept that.");
	free(p0);
	free(p1);
	/* one sentence for the quotation over both paragraphs */
	ck_assert_uint_eq(a.nsents, 3);
	ck_assert_uint_eq(a.sents[1].block, 1);
	stance_extract__article_clear(&a);

	/* left open, and the next paragraph does not go on: it ends there */
	cut(&a, "\u201cWe have heard it before.\n\nThe end. \u201cShort.\u201d\n");
	ck_assert_uint_eq(a.nquotes, 2);
	ck_assert(!a.quotes[0].closed);
	ck_assert_uint_eq(a.quotes[0].nparts, 1);
	ck_assert(a.quotes[1].closed);
	stance_extract__article_clear(&a);
}
END_TEST

/* ---- sentences and paragraphs ---------------------------------------------------- */

static void assert_sentences(const char *text, const char *const *want, size_t n)
{
	struct ex_article a;

	cut(&a, text);
	ck_assert_msg(a.nsents == n, "%zu sentences, want %zu", a.nsents, n);
	for (size_t i = 0; i < n; i++) {
		char *s = stance_extract__clean(a.text + a.sents[i].start,
						a.sents[i].end - a.sents[i].start);

		ck_assert_str_eq(s, want[i]);
		free(s);
	}
	stance_extract__article_clear(&a);
}

START_TEST(test_sentences)
{
	static const char *const want[] = {
		"Mr. Smith met Gen. Jones and J. Doe in the U.S. on Monday.",
		"Then he left.",
		"\u201cIt is over. We are done,\u201d he said.",
		"\u201cWhy?\u201d Zelenskyy asked.",
		"\u201cEnough.\u201d",
		"It ended",
	};
	static const char *const lower[] = {
		"It looks like surrender.", "to quote Svyrydenko wrote on X, \u201cNo.\u201d",
	};

	assert_sentences("Mr. Smith met Gen. Jones and J. Doe in the U.S. on Monday. Then he left. "
			 "\u201cIt is over. We are done,\u201d he said. \u201cWhy?\u201d Zelenskyy "
			 "asked. \u201cEnough.\u201d It ended", want, N(want));
	/* a stop before a lowercase word, after a lowercase word: text that lost a capital */
	assert_sentences("It looks like surrender. to quote Svyrydenko wrote on X, \u201cNo.\u201d",
			 lower, N(lower));
}
END_TEST

START_TEST(test_paragraphs)
{
	static const char *const lines[] = {
		"Headline without a stop", "First line of a paragraph.", "Second line.",
	};
	static const char *const wrapped[] = {
		"Headline", "The first sentence of a paragraph runs on the next line, as wire copy "
		"wraps it.", "Another one."
	};
	struct ex_article a;

	/* every line is a paragraph: no sentence runs from one into the next */
	assert_sentences("Headline without a stop\nFirst line of a paragraph.\nSecond line.\n"
			 "Published: Apr 23, 2025 10:00 am\n", lines, N(lines));
	cut(&a, "Headline without a stop\nFirst line.\nPublished: Apr 23, 2025 10:00 am\n");
	ck_assert_str_eq(a.published, "2025-04-23");
	stance_extract__article_clear(&a);
	/* hard-wrapped: blank lines between paragraphs, a long line goes on */
	assert_sentences("Headline\n\nThe first sentence of a paragraph runs on the next\n"
			 "line, as wire copy wraps it. Another one.\n\nPublished: 2025-04-23\n",
			 wrapped, N(wrapped));
	/* a byte order mark and CR LF */
	cut(&a, "\xef\xbb\xbf\u201cWe are ready,\u201d he said.\r\nPublished: 2025-04-23\r\n");
	ck_assert_uint_eq(a.nquotes, 1);
	ck_assert_uint_eq(a.nsents, 1);
	ck_assert_str_eq(a.published, "2025-04-23");
	stance_extract__article_clear(&a);
}
END_TEST

/* ---- dates ----------------------------------------------------------------------- */

START_TEST(test_published)
{
	static const struct { const char *line, *date; } cases[] = {
		{ "Published: Apr 23, 2025 10:00 am", "2025-04-23" },
		{ "  published: 2025-04-23T10:00:00Z", "2025-04-23" },
		{ "Published 23 April 2025", "2025-04-23" },
		{ "Published: Wednesday 23 April 2025 10.00 BST", "2025-04-23" },
		{ "Published on Sept. 3, 2025", "2025-09-03" },
		{ "Published: 1st March 2024", "2024-03-01" },
		{ "Published: Feb 29, 2024", "2024-02-29" },
		{ "Published: Feb 29, 2025", NULL },
		{ "Published: April 23", NULL },
		{ "Publishedness: 2025-04-23", NULL },
		{ "Updated: 2025-04-23", NULL },
	};

	for (size_t i = 0; i < N(cases); i++) {
		char out[11] = "";
		int got = stance_extract__published(out, cases[i].line, strlen(cases[i].line));

		ck_assert_msg(got == (cases[i].date != NULL), "%s", cases[i].line);
		if (cases[i].date)
			ck_assert_str_eq(out, cases[i].date);
	}
}
END_TEST

START_TEST(test_date_references)
{
	/* 2025-04-23 is a Wednesday */
	static const struct { const char *text, *date; } cases[] = {
		{ "Zelenskyy said on Monday that", "2025-04-21" },
		{ "he said Monday", "2025-04-21" },
		{ "on Wednesday", "2025-04-23" },
		{ "last Wednesday", "2025-04-16" },
		{ "last Tuesday", "2025-04-22" },
		{ "on Thursday", "2025-04-17" },
		{ "yesterday", "2025-04-22" },
		{ "earlier this week", "2025-04-23" },
		{ "today", "2025-04-23" },
		{ "last week", "2025-04-16" },
		{ "on April 20", "2025-04-20" },
		{ "on 20 April", "2025-04-20" },
		{ "on December 30", "2024-12-30" },
		{ "on April 20, 2024", "2024-04-20" },
		{ "said on Monday it would meet on Friday", "2025-04-21" },
		{ "talks will resume next Monday", NULL },
		{ "until Friday", NULL },
		{ "it may rain", NULL },
		{ "monday", NULL },
	};

	for (size_t i = 0; i < N(cases); i++) {
		struct ex_toks t = { 0 };
		char out[11] = "";
		int got;

		ck_assert_int_eq(stance_extract__tokens(&t, cases[i].text, NULL, 0, 0,
							strlen(cases[i].text)), 0);
		got = stance_extract__date_ref(out, "2025-04-23", cases[i].text, &t, 0, t.n);
		ck_assert_msg(got == (cases[i].date != NULL), "%s: %d", cases[i].text, got);
		if (cases[i].date)
			ck_assert_msg(strcmp(out, cases[i].date) == 0, "%s: %s", cases[i].text, out);
		stance_extract__tokens_clear(&t);
	}
}
END_TEST

/* ---- speakers, sources, dates and positions ------------------------------------------ */

static stance_db *db;

static void setup(void)
{
	db = test_db_seeded();
	test_add(db, STANCE_ACTOR, "putin", "Vladimir Putin", "ru", "President");
	test_add(db, STANCE_ACTOR, "svyrydenko", "Yulia Svyrydenko", "ua", "Deputy Prime Minister");
	test_add(db, STANCE_SOURCE, "x", "X (formerly Twitter)", NULL, NULL);
	test_add(db, STANCE_SOURCE, "nytimes", "The New York Times", NULL, NULL);
}

static void teardown(void)
{
	stance_db_close(db);
}

TEST_CASE("rules");
TEST_FIXTURE(setup, teardown);

static stance_extraction *extract(const char *text)
{
	stance_extract_options o = STANCE_EXTRACT_OPTIONS_INIT;
	stance_extraction *x = NULL;

	o.date = "2025-04-23";
	ck_assert_msg(stance_extract_article(&x, db, text, strlen(text), &o) == 0, "%s",
		      stance_error_last());
	return x;
}

/* The one suggestion of text, its speaker (actor slug, else "name:" and
 * the speaker's name, else "-") checked against want. */
static void assert_speaker(const char *text, const char *quote, const char *want)
{
	stance_extraction *x = extract(text);
	const stance_suggestion *s = x->nsuggestions ? &x->suggestions[0] : NULL;
	char got[128];

	ck_assert_msg(x->nsuggestions == 1, "%s: %zu suggestions", text, x->nsuggestions);
	snprintf(got, sizeof(got), "%s%s", s->actor ? "" : s->speaker_name ? "name:" : "-",
		 s->actor ? s->actor : s->speaker_name ? s->speaker_name : "");
	ck_assert_msg(strcmp(got, want) == 0, "%s: speaker %s, want %s", text, got, want);
	if (quote)
		ck_assert_str_eq(s->text, quote);
	if (s->actor)
		ck_assert_ptr_nonnull(s->party);
	stance_extraction_free(x);
}

START_TEST(test_said_before_and_after)
{
	assert_speaker("\u201cWe will not give up our land,\u201d Zelenskyy said.",
		       "We will not give up our land", "zelenskyy");
	assert_speaker("Rubio said: \u201cWe are close to a deal.\u201d", "We are close to a deal.",
		       "rubio");
	assert_speaker("\u201cWe are close to a deal,\u201d said Marco Rubio.", NULL, "rubio");
	assert_speaker("\u201cWe are close to a deal,\u201d according to Rubio.", NULL, "rubio");
	assert_speaker("Rubio: \u201cWe are close to a deal.\u201d", NULL, "rubio");
	assert_speaker("\u201cWe are close to a deal,\u201d Rubio told reporters on Monday.", NULL,
		       "rubio");
	assert_speaker("\u201cWe are close to a deal,\u201d Zelensky said.", NULL, "zelenskyy");
	assert_speaker("\u201cWe are close to a deal,\u201d Zelenskiy said.", NULL, "zelenskyy");
}
END_TEST

START_TEST(test_pronouns_and_roles)
{
	stance_extraction *x;

	/* the first actor named in the sentence before */
	assert_speaker("Zelenskyy spoke in Kyiv. \u201cWe are ready for talks,\u201d he said.", NULL,
		       "zelenskyy");
	/* the last named speaker */
	x = extract("\u201cWe are close to a deal,\u201d Rubio said. \u201cIt may take weeks,\u201d "
		    "he added.");
	ck_assert_uint_eq(x->nsuggestions, 2);
	ck_assert_str_eq(x->suggestions[1].actor, "rubio");
	stance_extraction_free(x);
	/* a role one actor has; one of two, told apart by the party or by who was named */
	assert_speaker("\u201cWe will not give in to pressure,\u201d the Deputy Prime Minister said.",
		       NULL, "svyrydenko");
	assert_speaker("\u201cWe will not give in to pressure,\u201d the Russian president said.",
		       NULL, "putin");
	assert_speaker("\u201cWe will not give in to pressure,\u201d the president said.", NULL,
		       "name:the president");
	assert_speaker("Putin met Rubio. \u201cWe will not give in to pressure,\u201d the president "
		       "said.", NULL, "putin");
	/* a pronoun nobody was named for */
	assert_speaker("\u201cWe will not give in to pressure,\u201d he said.", NULL, "-");
}
END_TEST

START_TEST(test_unknown_speakers)
{
	stance_extraction *x;

	assert_speaker("\u201cThe Kremlin will study it,\u201d Kremlin spokesman Dmitry Peskov said.",
		       NULL, "name:Dmitry Peskov");
	assert_speaker("\u201cThe ball is now in Moscow\u2019s court,\u201d said Umerov, the defence "
		       "minister.", NULL, "name:Umerov");
	assert_speaker("\u201cNobody in that room believed a deal was possible.\u201d", NULL, "-");
	/* Zelenskyy's spokesman is not Zelenskyy */
	assert_speaker("\u201cWe will answer in time,\u201d Zelenskyy\u2019s spokesman said.", NULL,
		       "-");
	/* officials of a party speak for it */
	x = extract("\u201cWe will answer in time,\u201d Russian officials said.");
	ck_assert_str_eq(x->suggestions[0].party, "ru");
	ck_assert_ptr_null(x->suggestions[0].actor);
	ck_assert_ptr_null(x->suggestions[0].speaker_name);
	stance_extraction_free(x);
}
END_TEST

START_TEST(test_short_quotations)
{
	stance_extraction *x;

	/* a phrase in marks is no statement; a short one with a speaker is */
	x = extract("Peskov said it was \u201ctoo early\u201d to say.");
	ck_assert_uint_eq(x->nsuggestions, 0);
	stance_extraction_free(x);
	assert_speaker("\u201cNever,\u201d Zelenskyy said.", "Never", "zelenskyy");
}
END_TEST

START_TEST(test_sources)
{
	stance_extraction *x;

	x = extract("According to Reuters, Zelenskyy said: \u201cWe are ready to talk.\u201d "
		    "\u201cBut not to surrender,\u201d he added.\n"
		    "\u201cWe are close to a deal,\u201d Rubio told the Guardian.\n"
		    "Svyrydenko wrote on X: \u201cUkraine is ready to negotiate.\u201d\n"
		    "\u201cWe are close to a deal,\u201d Rubio said, per NY Times.\n"
		    "\u201cWe are close to a deal,\u201d Rubio tweeted.\n");
	ck_assert_uint_eq(x->nsuggestions, 6);
	ck_assert_ptr_null(x->suggestions[0].source);
	ck_assert_str_eq(x->suggestions[0].source_name, "Reuters");
	/* a source holds for the rest of its paragraph */
	ck_assert_str_eq(x->suggestions[1].source_name, "Reuters");
	ck_assert_str_eq(x->suggestions[2].source, "guardian");
	ck_assert_str_eq(x->suggestions[3].source, "x");
	ck_assert_str_eq(x->suggestions[4].source, "nytimes");
	ck_assert_str_eq(x->suggestions[5].source, "x");
	stance_extraction_free(x);
}
END_TEST

START_TEST(test_reports)
{
	stance_extraction *x;

	x = extract("The Guardian reported that Ukraine has said it is willing to talk but "
		    "refuses to accept Russia\u2019s claim over Crimea, as the Deputy Prime Minister "
		    "recently made clear.\n"
		    "Russia has said on Monday that it will not withdraw its troops.\n"
		    "Russia refuses to recognise the vote.\n"
		    "Ukraine and Russia peace talks falter as Rubio says no\n"
		    "Despite Rubio pulling out, officials held talks, according to Reuters.\n");
	ck_assert_uint_eq(x->nsuggestions, 4);
	ck_assert_str_eq(x->suggestions[0].kind, "report");
	ck_assert_str_eq(x->suggestions[0].actor, "svyrydenko");
	ck_assert_str_eq(x->suggestions[0].source, "guardian");
	ck_assert_str_eq(x->suggestions[0].text, "Ukraine is willing to talk but refuses to "
			 "accept Russia\u2019s claim over Crimea.");
	ck_assert_str_eq(x->suggestions[1].party, "ru");
	ck_assert_ptr_null(x->suggestions[1].actor);
	ck_assert_str_eq(x->suggestions[1].text, "Russia will not withdraw its troops.");
	ck_assert_str_eq(x->suggestions[1].said_on, "2025-04-21");
	ck_assert_str_eq(x->suggestions[2].text, "Russia refuses to recognise the vote.");
	/* the headline reports nothing; a source's report is about the party it names */
	ck_assert_str_eq(x->suggestions[3].party, "us");
	ck_assert_str_eq(x->suggestions[3].text, "Despite Rubio pulling out, officials held talks.");
	ck_assert_str_eq(x->suggestions[3].source_name, "Reuters");
	ck_assert(x->suggestions[3].confidence < x->suggestions[1].confidence);
	stance_extraction_free(x);
}
END_TEST

START_TEST(test_positions)
{
	stance_extraction *x;

	x = extract("\u201cUkraine will never recognise Russian sovereignty over Crimea,\u201d "
		    "Zelenskyy said.\n"
		    "\u201cUkraine is ready to join NATO,\u201d Zelenskyy said.\n"
		    "\u201cCrimea was recognised by few as Russian,\u201d Zelenskyy said.\n"
		    "\u201cThey told us to come back and join later,\u201d Zelenskyy said.\n");
	ck_assert_uint_eq(x->nsuggestions, 4);
	ck_assert_uint_eq(x->suggestions[0].npositions, 1);
	ck_assert_str_eq(x->suggestions[0].positions[0].issue, "crimea-recognition");
	ck_assert_int_eq(x->suggestions[0].positions[0].stance, -2);
	ck_assert_uint_eq(x->suggestions[1].npositions, 1);
	ck_assert_str_eq(x->suggestions[1].positions[0].issue, "nato-membership");
	ck_assert_int_eq(x->suggestions[1].positions[0].stance, 1);
	/* no cue says which way: nothing suggested */
	ck_assert_uint_eq(x->suggestions[2].npositions, 0);
	/* "us" is not the US, and one word of a title is not enough */
	ck_assert_uint_eq(x->suggestions[3].npositions, 0);
	stance_extraction_free(x);
}
END_TEST

START_TEST(test_dates)
{
	stance_extract_options o = STANCE_EXTRACT_OPTIONS_INIT;
	const char *text = "\u201cWe are close to a deal,\u201d Rubio said yesterday.\n"
			   "Published: 2025-05-01\n";
	stance_extraction *x = NULL;

	ck_assert_int_eq(stance_extract_article(&x, db, text, strlen(text), &o), 0);
	ck_assert_int_eq(x->date_origin, STANCE_EXTRACT_DATE_PUBLISHED);
	ck_assert_str_eq(x->date, "2025-05-01");
	ck_assert_str_eq(x->suggestions[0].said_on, "2025-04-30");
	stance_extraction_free(x);
	x = extract(text);
	ck_assert_int_eq(x->date_origin, STANCE_EXTRACT_DATE_GIVEN);
	ck_assert_str_eq(x->suggestions[0].said_on, "2025-04-22");
	stance_extraction_free(x);
	text = "\u201cWe are close to a deal,\u201d Rubio said yesterday.";
	ck_assert_int_eq(stance_extract_article(&x, db, text, strlen(text), NULL), 0);
	ck_assert_int_eq(x->date_origin, STANCE_EXTRACT_DATE_NONE);
	ck_assert_str_eq(x->date, "");
	ck_assert_ptr_null(x->suggestions[0].said_on);
	stance_extraction_free(x);
}
END_TEST

START_TEST(test_options)
{
	stance_extract_options o = STANCE_EXTRACT_OPTIONS_INIT;
	const char *text = "Zelenskyy said: \u201cWe are ready to talk.\u201d\n\n"
			   "\u201cWe are close to a deal,\u201d Rubio told the Guardian.";
	stance_extraction *x = NULL;

	o.source = "x";
	o.url = "https://example.org/a";
	ck_assert_int_eq(stance_extract_article(&x, db, text, strlen(text), &o), 0);
	ck_assert_str_eq(x->suggestions[0].source, "x");
	ck_assert_str_eq(x->suggestions[1].source, "guardian");
	ck_assert_str_eq(x->suggestions[1].url, "https://example.org/a");
	stance_extraction_free(x);
}
END_TEST

START_TEST(test_refusals)
{
	stance_extract_options o = STANCE_EXTRACT_OPTIONS_INIT;
	stance_extraction *x = (stance_extraction *)&o;

	ck_assert_int_eq(stance_extract_article(&x, db, "ab\xff", 3, NULL), STANCE_EINVALID);
	ck_assert_error_has("not valid UTF-8 at byte offset 2");
	ck_assert_ptr_null(x);
	ck_assert_int_eq(stance_extract_article(&x, db, "a\0b", 3, NULL), STANCE_EINVALID);
	ck_assert_error_has("NUL byte at byte offset 1");
	/* the length is refused before a byte is read */
	ck_assert_int_eq(stance_extract_article(&x, db, "a", STANCE_EXTRACT_MAX + 1, NULL),
			 STANCE_EINVALID);
	ck_assert_error_has("larger than 10 MiB");
	o.date = "2025-02-30";
	ck_assert_int_eq(stance_extract_article(&x, db, "a", 1, &o), STANCE_EINVALID);
	o.date = NULL;
	o.source = "tass";
	ck_assert_int_eq(stance_extract_article(&x, db, "a", 1, &o), STANCE_ENOTFOUND);
	ck_assert_error_has("known: guardian, nytimes, x");
	o.source = NULL;
	o.version = 99;
	ck_assert_int_eq(stance_extract_article(&x, db, "a", 1, &o), STANCE_EINVALID);
	ck_assert_ptr_null(x);
	/* nothing at all is an article without statements */
	ck_assert_int_eq(stance_extract_article(&x, db, "", 0, NULL), 0);
	ck_assert_uint_eq(x->nsuggestions, 0);
	stance_extraction_free(x);
	stance_extraction_free(NULL);
}
END_TEST

START_TEST(test_json)
{
	static const char *const members[] = {
		"party", "actor", "said_on", "kind", "text", "source", "url", "positions",
		"speaker_name", "source_name", "confidence", "evidence",
	};
	stance_extraction *x = extract("\u201cThe Kremlin will study it,\u201d Dmitry Peskov told "
				       "TASS.\n\u201cWe are close to a deal,\u201d Rubio said.");
	json_t *o = stance_extract_suggestion_json(&x->suggestions[0]);
	const char *key;
	json_t *v;
	size_t i = 0;

	json_object_foreach(o, key, v)
		ck_assert_str_eq(key, members[i++]);
	ck_assert_uint_eq(i, N(members));
	ck_assert_str_eq(json_string_value(json_object_get(o, "speaker_name")), "Dmitry Peskov");
	ck_assert_str_eq(json_string_value(json_object_get(o, "source_name")), "TASS");
	ck_assert(json_is_null(json_object_get(o, "actor")));
	ck_assert(json_is_real(json_object_get(o, "confidence")));
	json_decref(o);
	/* with an actor and no source named: neither name */
	o = stance_extract_suggestion_json(&x->suggestions[1]);
	ck_assert_ptr_null(json_object_get(o, "speaker_name"));
	ck_assert_ptr_null(json_object_get(o, "source_name"));
	ck_assert_str_eq(json_string_value(json_object_get(o, "party")), "us");
	json_decref(o);
	stance_extraction_free(x);
}
END_TEST
