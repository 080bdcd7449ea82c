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
