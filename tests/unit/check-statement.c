/* Recording, coding, retracting, resolving and listing statements. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common-internal.h"
#include "test-util.h"

#define ZELENSKYY_TEXT "There is nothing new to mention or discuss. " \
	"Ukraine will not recognise the occupation of Crimea."
#define SVYRYDENKO_TEXT "Ukraine is ready to negotiate \xe2\x80\x93 but not to surrender."

static stance_position crimea_red = { .issue = "crimea-recognition", .stance = -2, .red_line = 1, .condition = NULL };

static void init_statement(stance_record_options *st, const char *party, const char *actor,
			   const char *date, const char *text)
{
	*st = (stance_record_options)STANCE_RECORD_OPTIONS_INIT;
	st->party = party;
	st->actor = actor;
	st->said_on = date;
	st->text = text;
	st->recorded_by = "analyst";
}

static int count_cb(const stance_statement *st, void *ctx)
{
	(void)st;
	(*(int *)ctx)++;
	return 0;
}

static int count(stance_db *db, const stance_statement_filter *f)
{
	int n = 0, rc = stance_statement_foreach(db, f, count_cb, &n);

	ck_assert_msg(rc == 0, "foreach: %s", stance_error_last());
	return n;
}

/* Every test starts from the seed's cast in a fresh in-memory database,
 * opened and closed around it by the fixture. */
static stance_db *db;

static void open_seeded(void)
{
	db = test_db_seeded();
}

static void close_db(void)
{
	stance_db_close(db);
	db = NULL;
}

TEST_FIXTURE(open_seeded, close_db);

START_TEST(test_record_and_get)
{
	stance_position pos[2] = {
		{ .issue = "nato-membership", .stance = 1, .red_line = 0, .condition = "after the war" },
		{ .issue = "crimea-recognition", .stance = -2, .red_line = 1, .condition = NULL },
	};
	stance_record_options st;
	stance_statement *got = NULL;
	char id[37];

	init_statement(&st, NULL, "zelenskyy", "2025-04-22", ZELENSKYY_TEXT);
	st.source = "guardian";
	st.credibility = 2;
	st.positions = pos;
	st.npositions = 2;
	ck_assert_int_eq(stance_statement_record(id, db, &st), 0);
	ck_assert_int_eq(stance_check_uuid("id", id), 0);
	ck_assert_int_eq(id[14], '4');
	ck_assert(strchr("89ab", id[19]) != NULL);

	ck_assert_int_eq(stance_statement_get(&got, db, id), 0);
	ck_assert_str_eq(got->id, id);
	ck_assert_str_eq(got->party, "ua");
	ck_assert_str_eq(got->actor, "zelenskyy");
	ck_assert_str_eq(got->said_on, "2025-04-22");
	ck_assert_str_eq(got->kind, "quote");
	ck_assert_str_eq(got->text, ZELENSKYY_TEXT);
	ck_assert_str_eq(got->source, "guardian");
	ck_assert_ptr_null(got->url);
	ck_assert_int_eq(got->credibility, 2);
	ck_assert_str_eq(got->recorded_by, "analyst");
	ck_assert_int_eq(strlen(got->recorded_at), 24);
	ck_assert_ptr_null(got->retracted);
	ck_assert_int_eq(got->npositions, 2);
	/* positions come back sorted by issue */
	ck_assert_str_eq(got->positions[0].issue, "crimea-recognition");
	ck_assert_int_eq(got->positions[0].stance, -2);
	ck_assert_int_eq(got->positions[0].red_line, 1);
	ck_assert_str_eq(got->positions[1].issue, "nato-membership");
	ck_assert_str_eq(got->positions[1].condition, "after the war");
	stance_statement_free(got);

	/* the same by an 8-character prefix, in capitals */
	{
		char prefix[9];

		for (int i = 0; i < 8; i++)
			prefix[i] = (char)(id[i] >= 'a' ? id[i] - 32 : id[i]);
		prefix[8] = '\0';
		ck_assert_int_eq(stance_statement_get(&got, db, prefix), 0);
		ck_assert_str_eq(got->id, id);
		stance_statement_free(got);
	}
}
END_TEST

START_TEST(test_record_refusals)
{
	stance_position twice[2] = { { .issue = "nato-membership", .stance = 1, .red_line = 0, .condition = NULL },
				     { .issue = "nato-membership", .stance = -1, .red_line = 0, .condition = NULL } };
	stance_position unknown = { .issue = "crimea", .stance = -2, .red_line = 1, .condition = NULL };
	stance_record_options st;
	char id[37];

	init_statement(&st, "ru", "zelenskyy", "2025-04-22", ZELENSKYY_TEXT);
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_EINVALID);
	ck_assert_str_eq(stance_error_last(),
			 "party 'ru' contradicts actor 'zelenskyy', who speaks for 'ua'");

	init_statement(&st, NULL, NULL, "2025-04-22", ZELENSKYY_TEXT);
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_EINVALID);
	init_statement(&st, "uk", NULL, "2025-04-22", ZELENSKYY_TEXT);
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_ENOTFOUND);
	ck_assert_error_has("unknown party 'uk' (known: eu, ru, ua, us)");
	init_statement(&st, "ua", "nobody", "2025-04-22", ZELENSKYY_TEXT);
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_ENOTFOUND);
	ck_assert_error_has("unknown actor 'nobody'");
	init_statement(&st, "ua", NULL, "2025-02-30", ZELENSKYY_TEXT);
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_EINVALID);
	ck_assert_error_has("'2025-02-30'");
	init_statement(&st, "ua", NULL, "2025-04-22", "");
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_EINVALID);
	ck_assert_error_has("statement text is empty");
	init_statement(&st, "ua", NULL, "2025-04-22", ZELENSKYY_TEXT);
	st.kind = "rumour";
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_EINVALID);
	ck_assert_error_has("'rumour'");
	st.kind = NULL;
	st.credibility = 7;
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_EINVALID);
	ck_assert_error_has("credibility 7");
	st.credibility = 0;
	st.source = "bbc";
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_ENOTFOUND);
	ck_assert_error_has("unknown source 'bbc' (known: guardian)");
	st.source = NULL;
	st.positions = twice;
	st.npositions = 2;
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_EEXISTS);
	ck_assert_error_has("'nato-membership' is given twice");
	st.positions = &unknown;
	st.npositions = 1;
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_ENOTFOUND);
	ck_assert_error_has("unknown issue 'crimea'");
	st.npositions = 0;
	st.recorded_at = "yesterday";
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_EINVALID);
	/* nothing at all was stored */
	ck_assert_int_eq(count(db, NULL), 0);
}
END_TEST

START_TEST(test_given_ids_and_prefixes)
{
	stance_record_options st;
	char id[37];

	init_statement(&st, "ua", NULL, "2025-04-22", ZELENSKYY_TEXT);
	st.id = "0f8fad5b-d9cb-469f-a165-70867728950e";
	st.recorded_at = "2026-11-28T19:00:00+01:00";
	ck_assert_int_eq(stance_statement_record(id, db, &st), 0);
	ck_assert_str_eq(id, "0f8fad5b-d9cb-469f-a165-70867728950e");
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_EEXISTS);
	ck_assert_error_has("already exists");
	st.id = "0f8fad5b-0000-4000-8000-000000000000";
	ck_assert_int_eq(stance_statement_record(id, db, &st), 0);

	ck_assert_int_eq(stance_statement_resolve(id, db, "0f8fad5b"), STANCE_EAMBIGUOUS);
	ck_assert_str_eq(stance_error_last(), "statement id '0f8fad5b' is ambiguous (matches: "
			 "0f8fad5b-0000-4000-8000-000000000000, "
			 "0f8fad5b-d9cb-469f-a165-70867728950e)");
	ck_assert_int_eq(stance_statement_resolve(id, db, "0f8fad5b-d"), 0);
	ck_assert_str_eq(id, "0f8fad5b-d9cb-469f-a165-70867728950e");
	ck_assert_int_eq(stance_statement_resolve(id, db, "0f8fad5"), STANCE_EINVALID);
	ck_assert_error_has("at least 8");
	ck_assert_int_eq(stance_statement_resolve(id, db, "0f8fad5z"), STANCE_EINVALID);
	ck_assert_int_eq(stance_statement_resolve(id, db, "12345678"), STANCE_ENOTFOUND);
	ck_assert_error_has("no statement with id '12345678'");
	{
		stance_statement *got = NULL;

		ck_assert_int_eq(stance_statement_get(&got, db, "0f8fad5b-d"), 0);
		/* recorded_at is kept in UTC */
		ck_assert_str_eq(got->recorded_at, "2026-11-28T18:00:00.000Z");
		stance_statement_free(got);
	}
	init_statement(&st, "ua", NULL, "2025-04-22", ZELENSKYY_TEXT);
	st.id = "0F8FAD5B-D9CB-469F-A165-70867728950F";
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_EINVALID);
}
END_TEST

START_TEST(test_code)
{
	static const char *const nato[] = { "nato-membership=+" };
	stance_position more[2] = { { .issue = "crimea-recognition", .stance = -2, .red_line = 1, .condition = "never" },
				    { .issue = "territory", .stance = -2, .red_line = 0, .condition = NULL } };
	stance_statement *got = NULL;
	char id[37];

	test_record(id, db, "ua", "2025-04-22", NULL, nato, 1);
	ck_assert_int_eq(util_code(db, id, more, 2), 0);
	ck_assert_int_eq(stance_statement_get(&got, db, id), 0);
	ck_assert_int_eq(got->npositions, 3);
	ck_assert_str_eq(got->positions[0].condition, "never");
	stance_statement_free(got);

	/* an issue already coded refuses the whole call */
	more[1].issue = "nato-membership";
	ck_assert_int_eq(util_code(db, id, more, 2), STANCE_EEXISTS);
	ck_assert_error_has("already codes issue 'crimea-recognition'");
	ck_assert_int_eq(util_code(db, id, NULL, 0), STANCE_EINVALID);

	test_record(id, db, "ua", "2025-04-23", NULL, NULL, 0);
	more[0].issue = "nato-membership";
	more[1].issue = "nato-membership";
	ck_assert_int_eq(util_code(db, id, more, 2), STANCE_EEXISTS);
	ck_assert_int_eq(stance_statement_get(&got, db, id), 0);
	ck_assert_int_eq(got->npositions, 0);
	stance_statement_free(got);

	ck_assert_int_eq(util_retract(db, id, "analyst", "wrong speaker", NULL), 0);
	ck_assert_int_eq(util_code(db, id, &crimea_red, 1), STANCE_EINVALID);
	ck_assert_error_has("is retracted");
	ck_assert_int_eq(util_code(db, "deadbeef", &crimea_red, 1), STANCE_ENOTFOUND);
}
END_TEST

START_TEST(test_retract)
{
	stance_statement *got = NULL;
	stance_statement_filter all = STANCE_STATEMENT_FILTER_INIT;
	char id[37];

	test_record(id, db, "ua", "2025-04-22", NULL, NULL, 0);
	ck_assert_int_eq(util_retract(db, id, "analyst", "", NULL), STANCE_EINVALID);
	ck_assert_error_has("reason is empty");
	ck_assert_int_eq(util_retract(db, id, "analyst", "misattributed",
						  "2026-11-28T12:00:00-05:00"), 0);
	ck_assert_int_eq(util_retract(db, id, "analyst", "again", NULL),
			 STANCE_EEXISTS);
	ck_assert_error_has("already retracted");
	ck_assert_int_eq(stance_statement_get(&got, db, id), 0);
	ck_assert_ptr_nonnull(got->retracted);
	ck_assert_str_eq(got->retracted->at, "2026-11-28T17:00:00.000Z");
	ck_assert_str_eq(got->retracted->by, "analyst");
	ck_assert_str_eq(got->retracted->reason, "misattributed");
	stance_statement_free(got);
	ck_assert_int_eq(count(db, NULL), 0);
	all.include_retracted = 1;
	ck_assert_int_eq(count(db, &all), 1);
}
END_TEST

START_TEST(test_filters)
{
	static const char *const crimea[] = { "crimea-recognition=--!" };
	static const char *const ua[] = { "ua" }, *const us_eu[] = { "us", "eu" };
	static const char *const zel[] = { "zelenskyy" }, *const issues[] = { "crimea-recognition" };
	static const char *const bad_party[] = { "uk" };
	stance_record_options st;
	stance_statement_filter f;
	char id[37];

	init_statement(&st, NULL, "zelenskyy", "2025-04-22", ZELENSKYY_TEXT);
	st.positions = &crimea_red;
	st.npositions = 1;
	ck_assert_int_eq(stance_statement_record(id, db, &st), 0);
	init_statement(&st, "ua", NULL, "2025-04-23", SVYRYDENKO_TEXT);
	ck_assert_int_eq(stance_statement_record(id, db, &st), 0);
	test_record(id, db, "us", "2025-04-17", NULL, crimea, 1);
	test_record(id, db, "eu", "2025-04-24", NULL, NULL, 0);

	f = (stance_statement_filter)STANCE_STATEMENT_FILTER_INIT;
	ck_assert_int_eq(count(db, &f), 4);
	f.parties = ua;
	f.nparties = 1;
	ck_assert_int_eq(count(db, &f), 2);
	f.parties = us_eu;
	f.nparties = 2;
	ck_assert_int_eq(count(db, &f), 2);
	f = (stance_statement_filter)STANCE_STATEMENT_FILTER_INIT;
	f.actors = zel;
	f.nactors = 1;
	ck_assert_int_eq(count(db, &f), 1);
	f = (stance_statement_filter)STANCE_STATEMENT_FILTER_INIT;
	f.issues = issues;
	f.nissues = 1;
	ck_assert_int_eq(count(db, &f), 2);
	f = (stance_statement_filter)STANCE_STATEMENT_FILTER_INIT;
	f.since = "2025-04-22";
	f.until = "2025-04-23";
	ck_assert_int_eq(count(db, &f), 2);
	f.until = "2025-04-22";
	ck_assert_int_eq(count(db, &f), 1);
	f = (stance_statement_filter)STANCE_STATEMENT_FILTER_INIT;
	f.uncoded = 1;
	ck_assert_int_eq(count(db, &f), 2);
	f = (stance_statement_filter)STANCE_STATEMENT_FILTER_INIT;
	f.search = "ukraine surrender";
	ck_assert_int_eq(count(db, &f), 1);
	f.search = "UKRAINE";
	ck_assert_int_eq(count(db, &f), 2);
	/* words are never read as FTS5 syntax */
	f.search = "crimea\" OR \"surrender";
	ck_assert_int_eq(count(db, &f), 0);
	f.search = "(surrender* NEAR";
	ck_assert_int_eq(count(db, &f), 0);
	f.search = "surrender)";
	ck_assert_int_eq(count(db, &f), 1);
	f.search = "   ";
	ck_assert_int_eq(stance_statement_foreach(db, &f, count_cb, id), STANCE_EINVALID);

	f = (stance_statement_filter)STANCE_STATEMENT_FILTER_INIT;
	f.parties = bad_party;
	f.nparties = 1;
	ck_assert_int_eq(stance_statement_foreach(db, &f, count_cb, id), STANCE_ENOTFOUND);
	ck_assert_error_has("unknown party 'uk'");
	f = (stance_statement_filter)STANCE_STATEMENT_FILTER_INIT;
	f.since = "2025-04-31";
	ck_assert_int_eq(stance_statement_foreach(db, &f, count_cb, id), STANCE_EINVALID);
	ck_assert_error_has("'2025-04-31'");
}
END_TEST

static int dates_cb(const stance_statement *st, void *ctx)
{
	strcat(ctx, st->said_on + 8);
	strcat(ctx, st->id[0] == '0' ? "a " : "b ");
	return 0;
}

START_TEST(test_order)
{
	stance_record_options st;
	char id[37], buf[128] = "";

	/* said_on first, then recorded_at, then id */
	init_statement(&st, "ua", NULL, "2025-04-22", "x");
	st.id = "f0000000-0000-4000-8000-000000000000";
	st.recorded_at = "2026-01-01T00:00:00Z";
	ck_assert_int_eq(stance_statement_record(id, db, &st), 0);
	st.id = "00000000-0000-4000-8000-000000000000";
	ck_assert_int_eq(stance_statement_record(id, db, &st), 0);
	st.id = "00000000-0000-4000-8000-000000000001";
	st.recorded_at = "2026-01-01T01:00:00+02:00";
	ck_assert_int_eq(stance_statement_record(id, db, &st), 0);
	st.said_on = "2025-04-21";
	st.id = "f0000000-0000-4000-8000-000000000001";
	ck_assert_int_eq(stance_statement_record(id, db, &st), 0);
	ck_assert_int_eq(stance_statement_foreach(db, NULL, dates_cb, buf), 0);
	ck_assert_str_eq(buf, "21b 22a 22a 22b ");
}
END_TEST

/* Positions on the issues i<issues[0]> ... i<issues[n-1]>, alternately
 * oppose and support, into pos, their slugs into names. */
static void name_positions(stance_position *pos, char (*names)[24], const size_t *issues,
			   size_t n)
{
	for (size_t k = 0; k < n; k++) {
		snprintf(names[k], sizeof(names[k]), "i%zu", issues[k]);
		pos[k] = (stance_position){ .issue = names[k], .stance = k % 2 ? 1 : -1 };
	}
}

/* A statement with a great many positions, one of which repeats an issue,
 * is refused with the message of a short one; without the repeat it is
 * recorded. Both in time linear in the positions: the check for a
 * repeated issue once compared every pair. */
START_TEST(test_many_positions)
{
	size_t n = test_big_positions();
	size_t *issues = calloc(n, sizeof(*issues));
	stance_position *pos = calloc(n, sizeof(*pos));
	char (*names)[24] = calloc(n, sizeof(*names)), want[128];
	stance_record_options st;
	stance_statement *got = NULL;
	char id[37];

	ck_assert(issues && pos && names);
	test_add_issues(db, n);
	/* in an order unlike the slugs' and the row ids' (7919 is a prime) */
	ck_assert_uint_ge(n, 10);
	ck_assert_uint_ne(n % 7919, 0);
	for (size_t k = 0; k < n; k++)
		issues[k] = (k * 7919) % n;
	issues[n - 2] = issues[7];
	issues[n - 1] = issues[3];
	name_positions(pos, names, issues, n);
	init_statement(&st, "ua", NULL, "2025-04-22", "Everything.");
	st.positions = pos;
	st.npositions = n;
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_EEXISTS);
	snprintf(want, sizeof(want), "issue 'i%zu' is given twice: a statement has at most one "
		 "position per issue", issues[7]);
	ck_assert_str_eq(stance_error_last(), want);
	ck_assert_int_eq(count(db, NULL), 0);

	for (size_t k = n - 2; k < n; k++)
		issues[k] = (k * 7919) % n;
	name_positions(pos, names, issues, n);
	ck_assert_int_eq(stance_statement_record(id, db, &st), 0);
	ck_assert_int_eq(stance_statement_get(&got, db, id), 0);
	ck_assert_uint_eq(got->npositions, n);
	stance_statement_free(got);
	free(issues);
	free(pos);
	free(names);
}
END_TEST

/* Which error a statement gets when a position repeats an issue and
 * another breaks a rule: the one of the earlier position, as when each
 * position was checked against those before it in turn. */
START_TEST(test_repeated_issue_order)
{
	size_t issues[10] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
	stance_position pos[10];
	char names[10][24], id[37];
	stance_record_options st;

	test_add_issues(db, 10);
	init_statement(&st, "ua", NULL, "2025-04-22", "Everything.");
	st.positions = pos;
	st.npositions = 10;
	/* 6 repeats 2, 8 repeats 1, 9 is unknown: 6 is reported */
	issues[6] = issues[2];
	issues[8] = issues[1];
	issues[9] = 10;
	name_positions(pos, names, issues, 10);
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_EEXISTS);
	ck_assert_str_eq(stance_error_last(), "issue 'i7' is given twice: a statement has at most "
			 "one position per issue");
	/* 5 is unknown, before the first repeat */
	issues[5] = 10;
	name_positions(pos, names, issues, 10);
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_ENOTFOUND);
	ck_assert_error_has("unknown issue 'i10'");
	/* 5 breaks a rule of its own */
	name_positions(pos, names, issues, 10);
	pos[5].stance = 3;
	ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_EINVALID);
	ck_assert_error_has("invalid stance value 3");
	/* coding checks the same way */
	test_record(id, db, "ua", "2025-04-22", NULL, NULL, 0);
	issues[5] = 4;
	name_positions(pos, names, issues, 10);
	ck_assert_int_eq(util_code(db, id, pos, 10), STANCE_EEXISTS);
	ck_assert_str_eq(stance_error_last(), "issue 'i7' is given twice: a statement has at most "
			 "one position per issue");
	ck_assert_int_eq(count(db, NULL), 1);
}
END_TEST

/* Search words are quoted as FTS5 strings whatever they hold: one letter,
 * FTS5 operators, quotes alone, and very many of them (each once overran
 * the buffer the query was built in). A word with nothing to index
 * matches nothing alone and is ignored beside words that have. */
START_TEST(test_search_quoting)
{
	stance_statement_filter f = STANCE_STATEMENT_FILTER_INIT;
	stance_record_options st;
	char id[37], *many;
	size_t n = 40000;

	init_statement(&st, "ua", NULL, "2025-04-22", "X marks the spot (of the talks).");
	ck_assert_int_eq(stance_statement_record(id, db, &st), 0);
	init_statement(&st, "ua", NULL, "2025-04-23", SVYRYDENKO_TEXT);
	ck_assert_int_eq(stance_statement_record(id, db, &st), 0);

	f.search = "x";
	ck_assert_int_eq(count(db, &f), 1);
	f.search = " x  spot ";
	ck_assert_int_eq(count(db, &f), 1);
	f.search = "x surrender";
	ck_assert_int_eq(count(db, &f), 0);
	f.search = "a";
	ck_assert_int_eq(count(db, &f), 0);
	f.search = "*";
	ck_assert_int_eq(count(db, &f), 0);
	f.search = "(";
	ck_assert_int_eq(count(db, &f), 0);
	f.search = "(of";
	ck_assert_int_eq(count(db, &f), 1);
	f.search = "\"";
	ck_assert_int_eq(count(db, &f), 0);
	f.search = "\"\"\"\"\"\"";
	ck_assert_int_eq(count(db, &f), 0);
	f.search = "\" \" \"";
	ck_assert_int_eq(count(db, &f), 0);
	f.search = "\"surrender\"";
	ck_assert_int_eq(count(db, &f), 1);
	f.search = "surrender \" * (";
	ck_assert_int_eq(count(db, &f), 1);
	f.search = "\t\n";
	ck_assert_int_eq(stance_statement_foreach(db, &f, count_cb, id), STANCE_EINVALID);
	ck_assert_str_eq(stance_error_last(), "the search words are empty");

	/* 40,000 words of one quote each, then the last 1,000 of one letter
	 * (fewer: FTS5 looks each up, slowly under valgrind) */
	many = malloc(2 * n);
	ck_assert_ptr_nonnull(many);
	for (size_t k = 0; k < n; k++) {
		many[2 * k] = '"';
		many[2 * k + 1] = ' ';
	}
	many[2 * n - 1] = '\0';
	f.search = many;
	ck_assert_int_eq(count(db, &f), 0);
	for (size_t k = n - 1000; k < n; k++)
		many[2 * k] = 'x';
	f.search = many + 2 * (n - 1000);
	ck_assert_int_eq(count(db, &f), 1);
	/* and one word of 99,999 quotes */
	free(many);
	many = malloc(100000);
	ck_assert_ptr_nonnull(many);
	memset(many, '"', 99999);
	many[99999] = '\0';
	f.search = many;
	ck_assert_int_eq(count(db, &f), 0);
	free(many);
}
END_TEST

/* Record options that were not initialised with STANCE_RECORD_OPTIONS_INIT,
 * or that come from a newer library, are refused before anything is
 * checked or written. */
START_TEST(test_record_options_version)
{
	static const unsigned int bad[] = { 0, 99 };
	stance_record_options st;
	char id[37], want[180];

	init_statement(&st, "ua", NULL, "2025-04-22", ZELENSKYY_TEXT);
	ck_assert_uint_eq(st.version, STANCE_RECORD_OPTIONS_VERSION);
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		st.version = bad[k];
		snprintf(want, sizeof(want), "stance_record_options version %u is not supported "
			 "(this library knows 1): initialise it with "
			 "STANCE_RECORD_OPTIONS_INIT", bad[k]);
		ck_assert_int_eq(stance_statement_record(id, db, &st), STANCE_EINVALID);
		ck_assert_str_eq(stance_error_last(), want);
	}
	ck_assert_int_eq(count(db, NULL), 0);
	st.version = STANCE_RECORD_OPTIONS_VERSION;
	ck_assert_int_eq(stance_statement_record(id, db, &st), 0);
	ck_assert_int_eq(count(db, NULL), 1);
}
END_TEST

/* The same for a filter; a NULL filter still lists every statement. */
START_TEST(test_filter_version)
{
	static const unsigned int bad[] = { 0, 99 };
	stance_statement_filter f = STANCE_STATEMENT_FILTER_INIT;
	char id[37], want[180];
	int n = 0;

	test_record(id, db, "ua", "2025-04-22", NULL, NULL, 0);
	ck_assert_uint_eq(f.version, STANCE_STATEMENT_FILTER_VERSION);
	ck_assert_int_eq(count(db, &f), 1);
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		f.version = bad[k];
		snprintf(want, sizeof(want), "stance_statement_filter version %u is not supported "
			 "(this library knows 1): initialise it with "
			 "STANCE_STATEMENT_FILTER_INIT", bad[k]);
		ck_assert_int_eq(stance_statement_foreach(db, &f, count_cb, &n), STANCE_EINVALID);
		ck_assert_str_eq(stance_error_last(), want);
		ck_assert_int_eq(n, 0);
	}
	ck_assert_int_eq(count(db, NULL), 1);
}
END_TEST

/* ---- many statements at once (record --from) ------------------------------ */

/* The ids handed out, in order. */
struct from_ids {
	char v[8][STANCE_UUID_LEN + 1];
	size_t n;
	size_t stop_at;   /* return 1 at this one (0: never) */
};

static int from_id(const char *id, void *ctx)
{
	struct from_ids *ids = ctx;

	if (ids->stop_at && ids->n + 1 == ids->stop_at)
		return 1;
	if (ids->n < 8)
		strcpy(ids->v[ids->n], id);
	ids->n++;
	return 0;
}

/* record_from over text (len bytes; name's extension tells the format). */
static int from_text(const char *text, size_t len, const char *name, int dry_run,
		     struct from_ids *ids, size_t *count)
{
	stance_record_from_options o = STANCE_RECORD_FROM_OPTIONS_INIT;
	FILE *in = fmemopen((void *)text, len, "r");
	int rc;

	ck_assert_ptr_nonnull(in);
	o.name = name;
	o.recorded_by = "analyst";
	o.dry_run = dry_run;
	rc = stance_statement_record_from(count, db, in, &o, from_id, ids);
	fclose(in);
	return rc;
}

#define FROM(text, name, ids, count) from_text(text, sizeof(text) - 1, name, 0, ids, count)

START_TEST(test_from_csv_spreadsheet)
{
	/* as LibreOffice and Excel write it: a byte order mark, CRLF, a quoted
	 * field with a comma, a doubled quote and a line break, the columns in
	 * their own order and case, an empty line */
	static const char csv[] =
		"\xEF\xBB\xBF" "Date, TEXT ,actor,positions,conditions,credibility\r\n"
		"2025-04-22,\"" "He said, \"\"no\"\",\r\nand left.\",zelenskyy,"
		"crimea-recognition=--! ; nato-membership=@80,nato-membership=if asked,2\r\n"
		"\r\n"
		"2025-04-23,Plain,rubio,,,\r\n";
	struct from_ids ids = { .n = 0 };
	stance_statement *st = NULL;
	size_t n;

	ck_assert_msg(FROM(csv, "talks.csv", &ids, &n) == 0, "%s", stance_error_last());
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(ids.n, 2);
	ck_assert_int_eq(stance_statement_get(&st, db, ids.v[0]), 0);
	ck_assert_str_eq(st->text, "He said, \"no\",\nand left.");
	ck_assert_str_eq(st->party, "ua");   /* the actor's */
	ck_assert_int_eq(st->credibility, 2);
	ck_assert_uint_eq(st->npositions, 2);
	ck_assert_str_eq(st->positions[0].issue, "crimea-recognition");
	ck_assert_int_eq(st->positions[0].red_line, STANCE_RED_LINE_YES);
	ck_assert_str_eq(st->positions[1].condition, "if asked");
	ck_assert(st->positions[1].has_point);
	ck_assert_double_eq(st->positions[1].point, 80);
	stance_statement_free(st);
	ck_assert_int_eq(stance_statement_get(&st, db, ids.v[1]), 0);
	ck_assert_str_eq(st->party, "us");
	ck_assert_uint_eq(st->npositions, 0);
	stance_statement_free(st);
}
END_TEST

/* Each rule broken names its line and column, and nothing is recorded:
 * the first rows were fine. */
START_TEST(test_from_errors)
{
	static const struct { const char *text, *name, *message; } bad[] = {
		{ "party,date,text\nua,2025-04-22,ok\nua,2025-02-30,bad\n", "a.csv",
		  "line 3, column 2 (date): invalid date '2025-02-30'" },
		{ "party,date,text,mood\n", "a.csv", "line 1, column 4: unknown column 'mood'" },
		{ "party,date,text,Party\n", "a.csv", "line 1, column 4: repeated column 'Party'" },
		{ "party,text\n", "a.csv", "line 1: no 'date' column" },
		{ "date,text\n", "a.csv", "line 1: no 'party' column" },
		{ "", "a.csv", "the file is empty" },
		{ "party,date,text\nua,2025-04-22,ok\nua,2025-04-22,\"open\nstill\n", "a.csv",
		  "line 3: a quoted field that starts on this line is never closed" },
		{ "party,date,text\nua,2025-04-22,\"a\"b\n", "a.csv",
		  "line 2, column 3 (text): text after the closing quote" },
		{ "party,date,text\nua,2025-04-22\n", "a.csv", "line 2: 2 fields where the header has 3" },
		{ "party,date,text,credibility\nua,2025-04-22,x,7\n", "a.csv",
		  "line 2, column 4 (credibility): invalid credibility '7'" },
		{ "party,date,text\nuk2,2025-04-22,x\n", "a.csv",
		  "line 2, column 1 (party): unknown party 'uk2'" },
		{ "actor,date,text\nnobody,2025-04-22,x\n", "a.csv",
		  "line 2, column 1 (actor): unknown actor 'nobody'" },
		{ "party,date,text,positions\nua,2025-04-22,x,gaza=+\n", "a.csv",
		  "line 2, column 4 (positions): unknown issue 'gaza'" },
		{ "party,date,text,positions\nua,2025-04-22,x,crimea-recognition=maybe\n", "a.csv",
		  "line 2, column 4 (positions): " },
		{ "party,date,text,positions,conditions\nua,2025-04-22,x,,territory=if\n", "a.csv",
		  "line 2, column 5 (conditions): condition 'territory=if' names issue 'territory'" },
		{ "party\tdate\ttext\nua\t2025-04-22\t\n", "a.tsv",
		  "line 2, column 3 (text): " },
		{ "{\"party\": \"ua\", \"said_on\": \"2025-04-22\", \"text\": \"x\", \"positions\": []}\n"
		  "{\"party\": \"ua\", \"said_on\": \"2025-04-22\", \"text\": \"x\"\n", "a.jsonl",
		  "line 2, column " },
		{ "[]\n", "a.jsonl", "line 1: expected a statement (a JSON object), found []" },
		{ "{\"party\": null, \"said_on\": \"2025-04-22\", \"text\": \"x\", \"positions\": [],"
		  " \"speaker_name\": \"Kaja Kallas\"}\n", "a.jsonl",
		  "line 1: the party and the actor are null: fill in the party or actor before "
		  "recording it (extract found the name \"Kaja Kallas\")" },
		{ "{\"party\": \"ua\", \"said_on\": \"2025-04-22\", \"text\": \"x\", \"positions\": [],"
		  " \"retracted\": {\"at\": \"2026-01-01T00:00:00Z\", \"by\": \"a\", \"reason\": \"r\"}}\n",
		  "a.jsonl", "line 1: $.retracted: record --from records statements in force" },
		{ "{\"party\": \"ua\", \"said_on\": \"2025-04-22\", \"text\": \"x\", \"positions\": "
		  "[{\"issue\": \"gaza\", \"stance\": \"support\"}]}\n", "a.jsonl",
		  "line 1: $.positions: unknown issue 'gaza'" },
		{ "{\"party\": \"ua\", \"said_on\": \"2025-04-22\", \"text\": \"x\", \"mood\": 1, "
		  "\"positions\": []}\n", "a.jsonl", "line 1: $.mood: unknown member" },
	};
	size_t before = (size_t)count(db, NULL), n;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct from_ids ids = { .n = 0 };
		int rc = from_text(bad[i].text, strlen(bad[i].text), bad[i].name, 0, &ids, &n);

		ck_assert_msg(rc == STANCE_EINVALID || rc == STANCE_ENOTFOUND || rc == STANCE_EEXISTS,
			      "case %zu: %d", i, rc);
		ck_assert_msg(strstr(stance_error_last(), bad[i].message) != NULL,
			      "case %zu: '%s' lacks '%s'", i, stance_error_last(), bad[i].message);
		ck_assert_uint_eq((size_t)count(db, NULL), before);
	}
}
END_TEST

START_TEST(test_from_jsonl)
{
	/* extract's suggestions: the party left to the actor, extract's own
	 * members ignored; a given id is kept; the format sniffed (no name) */
	static const char lines[] =
		"\n{\"actor\": \"zelenskyy\", \"party\": null, \"said_on\": \"2025-04-22\", "
		"\"kind\": \"quote\", \"text\": \"" ZELENSKYY_TEXT "\", \"source\": \"guardian\", "
		"\"positions\": [{\"issue\": \"crimea-recognition\", \"stance\": \"strongly-oppose\", "
		"\"red_line\": true}], \"confidence\": 0.9, \"evidence\": \"Zelenskyy said...\"}\r\n"
		"{\"id\": \"0f8fad5b-d9cb-469f-a165-70867728950e\", \"party\": \"us\", "
		"\"said_on\": \"2025-04-23\", \"text\": \"t\", \"positions\": []}\n";
	struct from_ids ids = { .n = 0 };
	stance_statement *st = NULL;
	size_t n;

	ck_assert_msg(FROM(lines, NULL, &ids, &n) == 0, "%s", stance_error_last());
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(ids.v[1], "0f8fad5b-d9cb-469f-a165-70867728950e");
	ck_assert_int_eq(stance_statement_get(&st, db, ids.v[0]), 0);
	ck_assert_str_eq(st->party, "ua");
	ck_assert_str_eq(st->source, "guardian");
	ck_assert_str_eq(st->recorded_by, "analyst");
	ck_assert_int_eq(st->positions[0].red_line, STANCE_RED_LINE_YES);
	stance_statement_free(st);
	/* the same id again is refused, and the line says where */
	memset(&ids, 0, sizeof(ids));
	ck_assert_int_eq(FROM(lines, "again.jsonl", &ids, &n), STANCE_EEXISTS);
	ck_assert_error_has("line 3: ");
	ck_assert_int_eq(count(db, NULL), 2);
}
END_TEST

START_TEST(test_from_dry_run_and_stop)
{
	static const char csv[] = "party,date,text\nua,2025-04-22,one\nus,2025-04-23,two\n";
	struct from_ids ids = { .n = 0 };
	size_t n;

	/* a dry run checks all, records none, hands out no id */
	ck_assert_int_eq(from_text(csv, sizeof(csv) - 1, "x.csv", 1, &ids, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(ids.n, 0);
	ck_assert_int_eq(count(db, NULL), 0);
	/* the callback's nonzero return stops it and undoes the first */
	ids.stop_at = 2;
	ck_assert_int_eq(FROM(csv, "x.csv", &ids, &n), 1);
	ck_assert_int_eq(count(db, NULL), 0);
	/* TSV by its first line, CSV by default */
	memset(&ids, 0, sizeof(ids));
	ck_assert_int_eq(FROM("party\tdate\ttext\nua\t2025-04-22\ta, b\n", NULL, &ids, &n), 0);
	ck_assert_int_eq(FROM("party,date,text\nua,2025-04-22,c\n", "notes.txt", &ids, &n), 0);
	ck_assert_int_eq(count(db, NULL), 2);
}
END_TEST
