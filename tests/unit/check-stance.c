/* Input rules shared by every module: slugs, text, dates, timestamps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"

START_TEST(test_slugs)
{
	static const char *const good[] = { "ua", "a", "0", "crimea-recognition", "a-",
					     "abcdefghijklmnopqrstuvwxyz012345" };
	static const char *const bad[] = { "", "-ua", "Ua", "u_a", "u a", "ü",
					   "abcdefghijklmnopqrstuvwxyz0123456" };

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		ck_assert_msg(stance_check_slug("slug", good[i]) == 0, "%s", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ck_assert_int_eq(stance_check_slug("party slug", bad[i]), STANCE_EINVALID);
	ck_assert_error_has("party slug");
	ck_assert_int_eq(stance_check_slug("party slug", "Uk2"), STANCE_EINVALID);
	ck_assert_error_has("'Uk2'");
}
END_TEST

START_TEST(test_text)
{
	char *big = malloc(100002);

	ck_assert_ptr_nonnull(big);
	ck_assert_int_eq(stance_check_text("name", "Ukraine – not surrender"), 0);
	ck_assert_int_eq(stance_check_text("name", ""), STANCE_EINVALID);
	ck_assert_error_has("name is empty");
	ck_assert_int_eq(stance_check_text("name", NULL), STANCE_EINVALID);
	ck_assert_int_eq(stance_check_text("text", "bad \xff byte"), STANCE_EINVALID);
	ck_assert_error_has("UTF-8");
	/* overlong '/' and a UTF-16 surrogate are not UTF-8 */
	ck_assert_int_eq(stance_check_text("text", "\xc0\xaf"), STANCE_EINVALID);
	ck_assert_int_eq(stance_check_text("text", "\xed\xa0\x80"), STANCE_EINVALID);
	ck_assert_int_eq(stance_check_text("text", "cut \xe2\x80"), STANCE_EINVALID);
	memset(big, 'a', 100000);
	big[100000] = '\0';
	ck_assert_int_eq(stance_check_text("text", big), 0);
	big[100000] = 'a';
	big[100001] = '\0';
	ck_assert_int_eq(stance_check_text("text", big), STANCE_EINVALID);
	ck_assert_error_has("100001 bytes");
	free(big);
}
END_TEST

/* The valid prefix: whole for UTF-8, up to the first bad byte otherwise
 * (a lone continuation byte, a cut sequence, an overlong form, a
 * surrogate, past U+10FFFF). */
START_TEST(test_utf8_prefix)
{
	static const struct {
		const char *s;
		size_t want;
	} cases[] = {
		{ "", 0 }, { "caf\xc3\xa9", 5 }, { "caf\xe9.db", 3 }, { "\x80", 0 },
		{ "ab\xe2\x80", 2 }, { "\xc0\xaf", 0 }, { "x\xed\xa0\x80", 1 },
		{ "\xf4\x90\x80\x80", 0 }, { "\xf0\x9f\x98\x80!", 5 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_uint_eq(stance_utf8_prefix(cases[i].s, strlen(cases[i].s)),
				  cases[i].want);
}
END_TEST

START_TEST(test_dates)
{
	static const char *const good[] = { "2025-04-22", "2024-02-29", "2000-02-29", "0001-01-01",
					     "9999-12-31" };
	static const char *const bad[] = { "2025-02-29", "1900-02-29", "2025-02-30", "2025-13-01",
					   "2025-00-10", "2025-04-31", "2025-4-22", "22-04-2025",
					   "2025-04-22T00:00:00Z", "0000-01-01", "", "2025/04/22" };

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		ck_assert_msg(stance_check_date("date", good[i]) == 0, "%s", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ck_assert_msg(stance_check_date("date", bad[i]) == STANCE_EINVALID, "%s", bad[i]);
	stance_check_date("--date", "2025-02-30");
	ck_assert_error_has("'2025-02-30'");
}
END_TEST

/* Days from the epoch, on both sides of it and across leap days. */
START_TEST(test_date_days)
{
	static const struct {
		const char *date;
		long long days;
	} cases[] = {
		{ "1970-01-01", 0 }, { "1970-01-02", 1 }, { "1969-12-31", -1 },
		{ "2000-02-29", 11016 }, { "2000-03-01", 11017 }, { "2025-04-23", 20201 },
		{ "1900-03-01", -25508 },
	};
	long long days = 7;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(stance_date_days(&days, "date", cases[i].date), 0);
		ck_assert_msg(days == cases[i].days, "%s: %lld", cases[i].date, days);
	}
	days = 7;
	ck_assert_int_eq(stance_date_days(&days, "--as-of date", "2025-02-29"), STANCE_EINVALID);
	ck_assert_error_has("invalid --as-of date '2025-02-29'");
	ck_assert(days == 7);
}
END_TEST

START_TEST(test_timestamps)
{
	static const char *const cases[][2] = {
		{ "2026-11-28T18:00:00Z", "2026-11-28T18:00:00.000Z" },
		{ "2026-11-28t18:00:00.5z", "2026-11-28T18:00:00.500Z" },
		{ "2026-11-28T18:00:00.123456+02:00", "2026-11-28T16:00:00.123Z" },
		{ "2026-01-01T01:00:00-03:30", "2026-01-01T04:30:00.000Z" },
		{ "2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.000Z" },
		{ "2024-02-29T23:59:59.999-00:01", "2024-03-01T00:00:59.999Z" },
	};
	static const char *const bad[] = { "2026-11-28", "2026-11-28T18:00:00", "2026-11-28 18:00:00Z",
					   "2026-11-28T24:00:00Z", "2026-11-28T18:60:00Z",
					   "2026-02-30T18:00:00Z", "2026-11-28T18:00:00.Z",
					   "2026-11-28T18:00:00+2:00", "2026-11-28T18:00:00+02:00x",
					   "0001-01-01T00:00:00+01:00", "" };
	char out[25];

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		ck_assert_msg(stance_timestamp_normalize(out, "ts", cases[i][0]) == 0, "%s: %s",
			      cases[i][0], stance_error_last());
		ck_assert_str_eq(out, cases[i][1]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ck_assert_msg(stance_timestamp_normalize(out, "ts", bad[i]) == STANCE_EINVALID,
			      "%s", bad[i]);
	stance_timestamp_now(out);
	ck_assert_int_eq(strlen(out), 24);
	ck_assert_int_eq(stance_timestamp_normalize(out, "now", out), 0);
}
END_TEST

START_TEST(test_stances)
{
	static const struct { const char *text; int value, red; } good[] = {
		{ "--", -2, 0 }, { "-", -1, 0 }, { "0", 0, 0 }, { "+", 1, 0 }, { "++", 2, 0 },
		{ "strongly-oppose!", -2, 1 }, { "oppose", -1, 0 }, { "neutral!", 0, 1 },
		{ "support", 1, 0 }, { "strongly-support", 2, 0 }, { "--!", -2, 1 },
	};
	static const char *const bad[] = { "", "!", "+++", "maybe", "--!!", "Support", "+ " };
	int value, red;

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		ck_assert_int_eq(stance_stance_parse(&value, &red, good[i].text), 0);
		ck_assert_int_eq(value, good[i].value);
		ck_assert_int_eq(red, good[i].red);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ck_assert_msg(stance_stance_parse(&value, &red, bad[i]) == STANCE_EINVALID, "%s",
			      bad[i]);
	ck_assert_error_has("strongly-oppose");
	/* a red line is only accepted where the caller asks for it */
	ck_assert_int_eq(stance_stance_parse(&value, NULL, "--!"), STANCE_EINVALID);
	ck_assert_str_eq(stance_stance_name(-2), "strongly-oppose");
	ck_assert_str_eq(stance_stance_symbol(2), "++");
	ck_assert_ptr_null(stance_stance_name(3));
}
END_TEST

START_TEST(test_position_specs)
{
	stance_position p;

	ck_assert_int_eq(stance_position_parse(&p, "crimea-recognition=--!"), 0);
	ck_assert_str_eq(p.issue, "crimea-recognition");
	ck_assert_int_eq(p.stance, -2);
	ck_assert_int_eq(p.red_line, 1);
	ck_assert_ptr_null(p.condition);
	stance_position_clear(&p);
	ck_assert_int_eq(stance_position_parse(&p, "nato=support"), 0);
	ck_assert_int_eq(p.stance, 1);
	ck_assert_int_eq(p.red_line, 0);
	stance_position_clear(&p);
	ck_assert_int_eq(stance_position_parse(&p, "crimea"), STANCE_EINVALID);
	ck_assert_error_has("ISSUE=STANCE");
	ck_assert_int_eq(stance_position_parse(&p, "=+"), STANCE_EINVALID);
	ck_assert_int_eq(stance_position_parse(&p, "crimea="), STANCE_EINVALID);
	ck_assert_error_has("no stance");
	ck_assert_int_eq(stance_position_parse(&p, "crimea=+++"), STANCE_EINVALID);
	ck_assert_error_has("'+++'");
	ck_assert_int_eq(stance_position_parse(&p, "Crimea=+"), STANCE_EINVALID);
	ck_assert_ptr_null(p.issue);
}
END_TEST

START_TEST(test_uuids)
{
	ck_assert_int_eq(stance_check_uuid("id", "0f8fad5b-d9cb-469f-a165-70867728950e"), 0);
	ck_assert_int_eq(stance_check_uuid("id", "0F8FAD5B-D9CB-469F-A165-70867728950E"),
			 STANCE_EINVALID);
	ck_assert_int_eq(stance_check_uuid("id", "0f8fad5b-d9cb-469f-a165-70867728950"),
			 STANCE_EINVALID);
	ck_assert_int_eq(stance_check_uuid("id", "0f8fad5bxd9cb-469f-a165-70867728950e"),
			 STANCE_EINVALID);
	ck_assert_int_eq(stance_check_uuid("id", "0f8fad5b-d9cb-469f-a165-70867728950g"),
			 STANCE_EINVALID);
}
END_TEST

START_TEST(test_errors)
{
	ck_assert_str_eq(stance_error_name(STANCE_ENOTFOUND), "ENOTFOUND");
	ck_assert_str_eq(stance_error_name(STANCE_EINTERNAL), "EINTERNAL");
	ck_assert_str_eq(stance_error_name(-99), "EUNKNOWN");
	ck_assert_str_eq(stance_version(), STANCE_VERSION);
}
END_TEST

/* RFC 3339 allows a leap second, :60; it is stored as the last millisecond
 * of its minute, in UTC like any other time. */
START_TEST(test_leap_seconds)
{
	static const char *const cases[][2] = {
		{ "2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999Z" },
		{ "2016-12-31T18:59:60-05:00", "2016-12-31T23:59:59.999Z" },
		{ "2017-01-01T05:29:60+05:30", "2016-12-31T23:59:59.999Z" },
		{ "2015-06-30T23:59:60.000Z", "2015-06-30T23:59:59.999Z" },
		/* a fraction of the leap second stays in it */
		{ "2016-12-31T23:59:60.5Z", "2016-12-31T23:59:59.999Z" },
		{ "2016-12-31T23:59:60.999999z", "2016-12-31T23:59:59.999Z" },
		{ "9999-12-31T23:59:60Z", "9999-12-31T23:59:59.999Z" },
	};
	static const char *const bad[] = { "2016-12-31T23:59:61Z", "2016-12-31T23:59:99Z",
					   "2016-12-31T23:60:60Z", "2016-12-31T24:00:60Z",
					   "2016-12-31T23:59:6Z", "2016-12-31T23:59:60.Z",
					   "2016-12-31T23:59:60" };
	char out[25], again[25], before[25];

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		ck_assert_msg(stance_timestamp_normalize(out, "ts", cases[i][0]) == 0, "%s: %s",
			      cases[i][0], stance_error_last());
		ck_assert_str_eq(out, cases[i][1]);
		/* what is stored reads back as itself */
		ck_assert_int_eq(stance_timestamp_normalize(again, "ts", out), 0);
		ck_assert_str_eq(again, out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		ck_assert_msg(stance_timestamp_normalize(out, "ts", bad[i]) == STANCE_EINVALID,
			      "%s", bad[i]);
		ck_assert_error_has("invalid ts");
	}
	/* in order with the seconds around it */
	ck_assert_int_eq(stance_timestamp_normalize(before, "ts", "2016-12-31T23:59:59.998Z"), 0);
	ck_assert_int_eq(stance_timestamp_normalize(out, "ts", "2016-12-31T23:59:60Z"), 0);
	ck_assert_int_eq(stance_timestamp_normalize(again, "ts", "2017-01-01T00:00:00Z"), 0);
	ck_assert_int_lt(strcmp(before, out), 0);
	ck_assert_int_lt(strcmp(out, again), 0);
}
END_TEST

/* A statement recorded at a leap second keeps the normalised time. */
START_TEST(test_leap_second_stored)
{
	stance_db *db = test_db_seeded();
	stance_record_options st = STANCE_RECORD_OPTIONS_INIT;
	stance_statement *got = NULL;
	char id[37];

	st.party = "ua";
	st.said_on = "2016-12-31";
	st.text = "Recorded at a leap second.";
	st.recorded_by = "analyst";
	st.recorded_at = "2016-12-31T18:59:60-05:00";
	ck_assert_msg(stance_statement_record(id, db, &st) == 0, "%s", stance_error_last());
	ck_assert_int_eq(util_retract(db, id, "analyst", "test",
						  "2016-12-31T23:59:60.25Z"), 0);
	ck_assert_int_eq(stance_statement_get(&got, db, id), 0);
	ck_assert_str_eq(got->recorded_at, "2016-12-31T23:59:59.999Z");
	ck_assert_str_eq(got->retracted->at, "2016-12-31T23:59:59.999Z");
	stance_statement_free(got);
	stance_db_close(db);
}
END_TEST
