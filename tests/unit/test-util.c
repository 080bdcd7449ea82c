#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common-internal.h"
#include "test-util.h"

stance_db *test_db(void)
{
	stance_db *db = NULL;
	int rc = stance_db_open(&db, ":memory:", STANCE_DB_CREATE);

	ck_assert_msg(rc == 0, "open: %s", stance_error_last());
	return db;
}

void test_add(stance_db *db, stance_entity_type type, const char *f0, const char *f1,
	      const char *f2, const char *f3)
{
	stance_entity e = { .type = type, .field = { (char *)f0, (char *)f1, (char *)f2, (char *)f3 } };
	int rc = stance_entity_add(db, &e);

	ck_assert_msg(rc == 0, "add %s: %s", f0, stance_error_last());
}

stance_db *test_db_seeded(void)
{
	stance_db *db = test_db();

	test_seed(db);
	return db;
}

void test_seed(stance_db *db)
{
	test_add(db, STANCE_PARTY, "ua", "Ukraine", "state", NULL);
	test_add(db, STANCE_PARTY, "ru", "Russia", "state", NULL);
	test_add(db, STANCE_PARTY, "us", "United States", "state", NULL);
	test_add(db, STANCE_PARTY, "eu", "European Union", "bloc", NULL);
	test_add(db, STANCE_ACTOR, "zelenskyy", "Volodymyr Zelenskyy", "ua", "President");
	test_add(db, STANCE_ACTOR, "rubio", "Marco Rubio", "us", "Secretary of State");
	test_add(db, STANCE_SOURCE, "guardian", "The Guardian", "B", NULL);
	test_add(db, STANCE_ISSUE, "territory", "Territorial questions", NULL, NULL);
	test_add(db, STANCE_ISSUE, "crimea-recognition",
		 "Recognise Russian sovereignty over Crimea", NULL, "territory");
	test_add(db, STANCE_ISSUE, "nato-membership", "Ukraine may join NATO", NULL, NULL);
}

void test_record(char *out, stance_db *db, const char *party, const char *date,
		 const char *recorded_at, const char *const *specs, size_t n)
{
	stance_record_options st = STANCE_RECORD_OPTIONS_INIT;
	stance_position *pos = calloc(n + 1, sizeof(*pos));
	int rc = 0;

	ck_assert_ptr_nonnull(pos);
	st.party = party;
	st.said_on = date;
	st.text = "A statement for the tests.";
	st.recorded_by = "tester";
	st.recorded_at = recorded_at;
	for (size_t i = 0; i < n && !rc; i++)
		rc = stance_position_parse(&pos[i], specs[i]);
	ck_assert_msg(rc == 0, "parse: %s", stance_error_last());
	st.positions = pos;
	st.npositions = n;
	rc = stance_statement_record(out, db, &st);
	for (size_t i = 0; i < n; i++)
		stance_position_clear(&pos[i]);
	free(pos);
	ck_assert_msg(rc == 0, "record: %s", stance_error_last());
}

uint64_t test_rng_state;

uint64_t test_rng_next(void)
{
	uint64_t z = (test_rng_state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

int test_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Under AddressSanitizer (gcc defines the first, clang has the second). */
#if defined(__SANITIZE_ADDRESS__)
#define STANCE_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STANCE_TEST_ASAN 1
#endif
#endif

/* valgrind is known by its preload library (valgrind.h is not installed) */
static int under_valgrind(void)
{
	const char *preload = getenv("LD_PRELOAD");

	return preload && strstr(preload, "vgpreload");
}

int test_instrumented(void)
{
#ifdef STANCE_TEST_ASAN
	return 1;
#else
	return under_valgrind();
#endif
}

size_t test_big_positions(void)
{
	const char *env = getenv("STANCE_TEST_POSITIONS");

	if (env && atol(env) > 0)
		return (size_t)atol(env);
	if (under_valgrind())
		return 1000;
#ifdef STANCE_TEST_ASAN
	return 20000;
#else
	return 200000;
#endif
}

void test_add_issues(stance_db *db, size_t n)
{
	static const char sql[] =
		"WITH RECURSIVE k(v) AS (SELECT 0 UNION ALL SELECT v + 1 FROM k WHERE v + 1 < ?1)"
		" INSERT INTO issue (slug, title) SELECT 'i' || v, 'Issue ' || v FROM k";
	sqlite3_stmt *stmt;

	ck_assert_int_eq(sqlite3_prepare_v2(db->conn, sql, -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)n);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
}

int util_code(stance_db *db, const char *id, const stance_position *pos, size_t n)
{
	stance_change_options co = STANCE_CHANGE_OPTIONS_INIT;

	co.by = "tester";
	return stance_statement_code(NULL, db, id, pos, n, &co);
}

int util_retract(stance_db *db, const char *id, const char *by, const char *reason,
		 const char *at)
{
	stance_change_options co = STANCE_CHANGE_OPTIONS_INIT;

	co.by = by;
	co.reason = reason;
	co.at = at;
	return stance_statement_retract(NULL, db, id, &co);
}

int util_import(stance_snapshot_summary *sum, stance_db *db, FILE *in, const char *analyst,
		unsigned flags)
{
	stance_import_options o = STANCE_IMPORT_OPTIONS_INIT;
	stance_snapshot_summary own;
	int rc;

	o.analyst = analyst;
	o.flags = flags;
	rc = stance_snapshot_import(sum ? sum : &own, db, in, &o);
	stance_snapshot_summary_clear(sum ? sum : &own);
	return rc;
}

long long test_sql_int(stance_db *db, const char *sql)
{
	sqlite3_stmt *stmt;
	long long v = -1;

	ck_assert_int_eq(sqlite3_prepare_v2(db->conn, sql, -1, &stmt, NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}
