/* Parties, actors, sources and issues through the generic entity API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"

static int add(stance_db *db, stance_entity_type type, const char *f0, const char *f1,
	       const char *f2, const char *f3)
{
	stance_entity e = { .type = type, .field = { (char *)f0, (char *)f1, (char *)f2, (char *)f3 } };

	return stance_entity_add(db, &e);
}

START_TEST(test_descriptors)
{
	const stance_entity_info *info = stance_entity_info_get(STANCE_ISSUE);

	ck_assert_str_eq(info->name, "issue");
	ck_assert_str_eq(info->plural, "issues");
	ck_assert_str_eq(info->fields[STANCE_ISSUE_SLUG].name, "slug");
	ck_assert_str_eq(info->fields[STANCE_ISSUE_PARENT].name, "parent");
	ck_assert_int_eq(info->fields[STANCE_ISSUE_PARENT].ref, STANCE_ISSUE);
	ck_assert_ptr_eq(stance_entity_info_find("source"), stance_entity_info_get(STANCE_SOURCE));
	ck_assert_ptr_null(stance_entity_info_find("empire"));
	ck_assert_ptr_null(stance_entity_info_get(STANCE_ENTITY_TYPES));
}
END_TEST

START_TEST(test_add_and_get)
{
	stance_db *db = test_db_seeded();
	stance_entity *e = NULL;

	ck_assert_int_eq(stance_entity_get(&e, db, STANCE_ACTOR, "zelenskyy"), 0);
	ck_assert_str_eq(e->field[STANCE_ACTOR_NAME], "Volodymyr Zelenskyy");
	ck_assert_str_eq(e->field[STANCE_ACTOR_PARTY], "ua");
	ck_assert_str_eq(e->field[STANCE_ACTOR_ROLE], "President");
	stance_entity_free(e);

	ck_assert_int_eq(stance_entity_get(&e, db, STANCE_ISSUE, "crimea-recognition"), 0);
	ck_assert_str_eq(e->field[STANCE_ISSUE_PARENT], "territory");
	ck_assert_ptr_null(e->field[STANCE_ISSUE_DESCRIPTION]);
	stance_entity_free(e);

	/* a party without a kind gets the default */
	ck_assert_int_eq(add(db, STANCE_PARTY, "uk", "United Kingdom", NULL, NULL), 0);
	ck_assert_int_eq(stance_entity_get(&e, db, STANCE_PARTY, "uk"), 0);
	ck_assert_str_eq(e->field[STANCE_PARTY_KIND], "other");
	stance_entity_free(e);

	ck_assert_int_eq(stance_entity_get(&e, db, STANCE_PARTY, "uk2"), STANCE_ENOTFOUND);
	ck_assert_ptr_null(e);
	ck_assert_str_eq(stance_error_last(), "unknown party 'uk2' (known: eu, ru, ua, uk, us)");
	stance_db_close(db);
}
END_TEST

START_TEST(test_refusals)
{
	stance_db *db = test_db_seeded();

	ck_assert_int_eq(add(db, STANCE_PARTY, "ua", "Ukraine again", NULL, NULL), STANCE_EEXISTS);
	ck_assert_str_eq(stance_error_last(), "party 'ua' already exists");
	ck_assert_int_eq(add(db, STANCE_PARTY, "UA", "Ukraine", NULL, NULL), STANCE_EINVALID);
	ck_assert_error_has("party slug 'UA'");
	ck_assert_int_eq(add(db, STANCE_PARTY, "xx", "", NULL, NULL), STANCE_EINVALID);
	ck_assert_error_has("party name is empty");
	ck_assert_int_eq(add(db, STANCE_PARTY, "xx", NULL, NULL, NULL), STANCE_EINVALID);
	ck_assert_error_has("party name is missing");
	ck_assert_int_eq(add(db, STANCE_PARTY, "xx", "X", "empire", NULL), STANCE_EINVALID);
	ck_assert_str_eq(stance_error_last(), "invalid party kind 'empire' "
			 "(choose from: state, bloc, organisation, faction, other)");
	ck_assert_int_eq(add(db, STANCE_SOURCE, "xx", "X", "G", NULL), STANCE_EINVALID);
	ck_assert_error_has("reliability 'G'");
	ck_assert_int_eq(add(db, STANCE_ACTOR, "xx", "X", "nowhere", NULL), STANCE_ENOTFOUND);
	ck_assert_error_has("unknown party 'nowhere'");
	ck_assert_int_eq(add(db, STANCE_ISSUE, "xx", "X", NULL, "missing"), STANCE_ENOTFOUND);
	ck_assert_error_has("unknown issue 'missing'");
	ck_assert_int_eq(add(db, STANCE_ISSUE, "xx", "X", "", NULL), STANCE_EINVALID);
	ck_assert_error_has("issue description is empty");
	ck_assert_int_eq(add(db, STANCE_ACTOR, "xx", "Bad \xc3", "ua", NULL), STANCE_EINVALID);
	ck_assert_error_has("UTF-8");
	/* none of the refused entities was stored */
	ck_assert_int_eq(stance_entity_exists(db, STANCE_PARTY, "xx"), STANCE_ENOTFOUND);
	ck_assert_int_eq(stance_entity_exists(db, STANCE_ACTOR, "xx"), STANCE_ENOTFOUND);
	ck_assert_int_eq(stance_entity_exists(db, STANCE_SOURCE, "xx"), STANCE_ENOTFOUND);
	ck_assert_int_eq(stance_entity_exists(db, STANCE_ISSUE, "xx"), STANCE_ENOTFOUND);
	stance_db_close(db);
}
END_TEST

static int collect(const stance_entity *e, void *ctx)
{
	char *buf = ctx;

	strcat(buf, e->field[STANCE_ENTITY_SLUG]);
	strcat(buf, " ");
	return 0;
}

static int stop_at_ru(const stance_entity *e, void *ctx)
{
	(void)ctx;
	return strcmp(e->field[STANCE_PARTY_SLUG], "ru") == 0 ? 42 : 0;
}

START_TEST(test_foreach)
{
	stance_db *db = test_db_seeded();
	char buf[256] = "";

	ck_assert_int_eq(stance_entity_foreach(db, STANCE_PARTY, collect, buf), 0);
	ck_assert_str_eq(buf, "eu ru ua us ");
	buf[0] = '\0';
	ck_assert_int_eq(stance_entity_foreach(db, STANCE_ISSUE, collect, buf), 0);
	ck_assert_str_eq(buf, "crimea-recognition nato-membership territory ");
	ck_assert_int_eq(stance_entity_foreach(db, STANCE_PARTY, stop_at_ru, NULL), 42);
	stance_db_close(db);

	db = test_db();
	ck_assert_int_eq(stance_entity_exists(db, STANCE_SOURCE, "x"), STANCE_ENOTFOUND);
	ck_assert_str_eq(stance_error_last(), "unknown source 'x' (there are no sources yet)");
	stance_db_close(db);
}
END_TEST

/* An issue with its scale (design §1): low, high, status quo. */
static int add_issue(stance_db *db, const char *slug, const char *low, const char *high,
		     const char *status_quo)
{
	stance_entity e = { .type = STANCE_ISSUE, .field = {
		[STANCE_ISSUE_SLUG] = (char *)slug,
		[STANCE_ISSUE_TITLE] = "Lift the sanctions",
		[STANCE_ISSUE_LOW] = (char *)low,
		[STANCE_ISSUE_HIGH] = (char *)high,
		[STANCE_ISSUE_STATUS_QUO] = (char *)status_quo,
	} };

	return stance_entity_add(db, &e);
}

START_TEST(test_scale_descriptors)
{
	const stance_entity_info *info = stance_entity_info_get(STANCE_ISSUE);

	ck_assert_uint_eq(info->nfields, STANCE_ISSUE_FIELDS);
	ck_assert_str_eq(info->fields[STANCE_ISSUE_LOW].name, "low");
	ck_assert_str_eq(info->fields[STANCE_ISSUE_LOW].flag, "--low");
	ck_assert_int_eq(info->fields[STANCE_ISSUE_LOW].kind, STANCE_FIELD_TEXT);
	ck_assert_str_eq(info->fields[STANCE_ISSUE_HIGH].name, "high");
	ck_assert_str_eq(info->fields[STANCE_ISSUE_STATUS_QUO].name, "status_quo");
	ck_assert_str_eq(info->fields[STANCE_ISSUE_STATUS_QUO].flag, "--status-quo");
	ck_assert_int_eq(info->fields[STANCE_ISSUE_STATUS_QUO].kind, STANCE_FIELD_POINT);
	ck_assert_int_eq(info->fields[STANCE_ISSUE_STATUS_QUO].required, 0);
}
END_TEST

START_TEST(test_scale_add_and_get)
{
	stance_db *db = test_db_seeded();
	stance_entity *e = NULL;

	ck_assert_int_eq(add_issue(db, "sanctions", "all stay", "all lifted", "70.50"), 0);
	ck_assert_int_eq(stance_entity_get(&e, db, STANCE_ISSUE, "sanctions"), 0);
	ck_assert_str_eq(e->field[STANCE_ISSUE_LOW], "all stay");
	ck_assert_str_eq(e->field[STANCE_ISSUE_HIGH], "all lifted");
	/* a point reads back in its shortest form, whatever its spelling */
	ck_assert_str_eq(e->field[STANCE_ISSUE_STATUS_QUO], "70.5");
	stance_entity_free(e);
	ck_assert_int_eq(test_sql_int(db, "SELECT typeof(status_quo) = 'real' AND status_quo = 70.5"
				      " FROM issue WHERE slug = 'sanctions'"), 1);

	/* any finite number: a reversion point may lie beyond either end */
	ck_assert_int_eq(add_issue(db, "beyond", NULL, NULL, "-120"), 0);
	ck_assert_int_eq(add_issue(db, "whole", NULL, NULL, "+4.0e1"), 0);
	ck_assert_int_eq(add_issue(db, "tiny", NULL, NULL, ".25"), 0);
	ck_assert_int_eq(add_issue(db, "zero", NULL, NULL, "-0"), 0);
	ck_assert_int_eq(add_issue(db, "huge", NULL, NULL, "1e300"), 0);
	ck_assert_int_eq(stance_entity_get(&e, db, STANCE_ISSUE, "beyond"), 0);
	ck_assert_str_eq(e->field[STANCE_ISSUE_STATUS_QUO], "-120");
	ck_assert_ptr_null(e->field[STANCE_ISSUE_LOW]);
	stance_entity_free(e);
	ck_assert_int_eq(stance_entity_get(&e, db, STANCE_ISSUE, "whole"), 0);
	ck_assert_str_eq(e->field[STANCE_ISSUE_STATUS_QUO], "40");
	stance_entity_free(e);
	ck_assert_int_eq(stance_entity_get(&e, db, STANCE_ISSUE, "tiny"), 0);
	ck_assert_str_eq(e->field[STANCE_ISSUE_STATUS_QUO], "0.25");
	stance_entity_free(e);
	ck_assert_int_eq(stance_entity_get(&e, db, STANCE_ISSUE, "zero"), 0);
	ck_assert_str_eq(e->field[STANCE_ISSUE_STATUS_QUO], "0");
	stance_entity_free(e);
	ck_assert_int_eq(stance_entity_get(&e, db, STANCE_ISSUE, "huge"), 0);
	ck_assert_str_eq(e->field[STANCE_ISSUE_STATUS_QUO], "1e+300");
	stance_entity_free(e);
	/* an issue without a scale has none */
	ck_assert_int_eq(stance_entity_get(&e, db, STANCE_ISSUE, "nato-membership"), 0);
	ck_assert_ptr_null(e->field[STANCE_ISSUE_LOW]);
	ck_assert_ptr_null(e->field[STANCE_ISSUE_HIGH]);
	ck_assert_ptr_null(e->field[STANCE_ISSUE_STATUS_QUO]);
	stance_entity_free(e);
	stance_db_close(db);
}
END_TEST

START_TEST(test_scale_refusals)
{
	static const char *const not_numbers[] = {
		"abc", "nan", "NAN", "inf", "-inf", "Infinity", "1e999", "-1e400", "1e-400",
		"0x10", " 5", "5 ", "", "1e", "e5", "--5", "1,5", ".", "-", "5%", "50\n",
	};
	stance_db *db = test_db_seeded();
	char want[128];

	for (size_t i = 0; i < sizeof(not_numbers) / sizeof(not_numbers[0]); i++) {
		ck_assert_int_eq(add_issue(db, "sanctions", NULL, NULL, not_numbers[i]),
				 STANCE_EINVALID);
		snprintf(want, sizeof(want), "invalid issue status_quo '%s' (a finite number",
			 not_numbers[i]);
		ck_assert_msg(strstr(stance_error_last(), want) != NULL, "%s: %s", not_numbers[i],
			      stance_error_last());
	}
	/* more than the 15 digits that snapshots write would not read back */
	ck_assert_int_eq(add_issue(db, "sanctions", NULL, NULL, "0.30000000000000004"),
			 STANCE_EINVALID);
	ck_assert_str_eq(stance_error_last(), "invalid issue status_quo '0.30000000000000004' "
			 "(at most 15 significant digits)");
	ck_assert_int_eq(add_issue(db, "sanctions", NULL, NULL, "9007199254740993"), STANCE_EINVALID);
	ck_assert_int_eq(add_issue(db, "sanctions", NULL, NULL, "\xff"), STANCE_EINVALID);
	ck_assert_error_has("UTF-8");
	ck_assert_int_eq(add_issue(db, "sanctions", "", NULL, NULL), STANCE_EINVALID);
	ck_assert_str_eq(stance_error_last(), "issue low is empty");
	ck_assert_int_eq(add_issue(db, "sanctions", NULL, "", NULL), STANCE_EINVALID);
	ck_assert_str_eq(stance_error_last(), "issue high is empty");
	ck_assert_int_eq(add_issue(db, "sanctions", "bad \xc3", NULL, NULL), STANCE_EINVALID);
	ck_assert_error_has("UTF-8");
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM issue WHERE slug = 'sanctions'"), 0);
	/* 15 significant digits are fine */
	ck_assert_int_eq(add_issue(db, "sanctions", NULL, NULL, "33.3333333333333"), 0);
	stance_db_close(db);
}
END_TEST
