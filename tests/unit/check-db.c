/* Opening, creating, refusing and migrating databases; transactions; the
 * integrity check and the history's invariants; a database of the first
 * release migrated, its analyses answering as before. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <sqlite3.h>

#include "common-internal.h"
#include "migrations-internal.h"
#include "test-util.h"

static char dir[64];
static char path[128];

static void make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/stance-check-db-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/test.db", dir);
}

static void remove_dir(void)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char p[160];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* Runs sql on the file directly, bypassing libstance. */
static void raw_exec(const char *sql)
{
	sqlite3 *conn;

	ck_assert_int_eq(sqlite3_open(path, &conn), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(conn, sql, NULL, NULL, NULL) == SQLITE_OK, "%s",
		      sqlite3_errmsg(conn));
	sqlite3_close(conn);
}

static char *slurp(const char *p, size_t *len)
{
	FILE *f = fopen(p, "rb");
	char *buf;
	long n;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* The schema as sqlite_schema holds it, one line per object, sorted. */
static char *schema_of(sqlite3 *conn)
{
	sqlite3_stmt *stmt;
	size_t cap = 1 << 16, len = 0;
	char *out = malloc(cap);

	ck_assert_ptr_nonnull(out);
	out[0] = '\0';
	ck_assert_int_eq(sqlite3_prepare_v2(conn,
		"SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema"
		" ORDER BY type, name", -1, &stmt, NULL), SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		size_t need = 0;

		for (int i = 0; i < 4; i++)
			need += strlen((const char *)sqlite3_column_text(stmt, i)) + 1;
		if (len + need + 1 > cap) {
			cap = (len + need + 1) * 2;
			out = realloc(out, cap);
			ck_assert_ptr_nonnull(out);
		}
		len += (size_t)snprintf(out + len, cap - len, "%s|%s|%s|%s\n",
					sqlite3_column_text(stmt, 0), sqlite3_column_text(stmt, 1),
					sqlite3_column_text(stmt, 2), sqlite3_column_text(stmt, 3));
	}
	sqlite3_finalize(stmt);
	return out;
}

START_TEST(test_schema_matches_schema_sql)
{
	stance_db *db = test_db();
	sqlite3 *ref;
	size_t len;
	char *sql = slurp(STANCE_SCHEMA_SQL, &len);
	char *migrated, *expected;

	ck_assert_int_eq(stance_db_schema_version(db), stance_db_schema_latest());
	ck_assert_int_ge(stance_db_schema_latest(), 1);
	ck_assert_int_eq(sqlite3_open(":memory:", &ref), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(ref, sql, NULL, NULL, NULL) == SQLITE_OK, "schema.sql: %s",
		      sqlite3_errmsg(ref));
	migrated = schema_of(db->conn);
	expected = schema_of(ref);
	ck_assert_str_eq(migrated, expected);
	free(migrated);
	free(expected);
	free(sql);
	sqlite3_close(ref);
	stance_db_close(db);
}
END_TEST

START_TEST(test_missing_file_is_not_created)
{
	stance_db *db = (stance_db *)1;
	struct stat sb;

	make_dir();
	ck_assert_int_eq(stance_db_open(&db, path, 0), STANCE_ENODB);
	ck_assert_ptr_null(db);
	ck_assert_error_has("no database at");
	ck_assert_error_has("stance init");
	ck_assert_int_ne(stat(path, &sb), 0);
	remove_dir();
}
END_TEST

START_TEST(test_create_then_reopen)
{
	stance_db *db = NULL;
	struct stat sb;
	sqlite3 *conn;
	sqlite3_stmt *stmt;

	make_dir();
	ck_assert_int_eq(stance_db_open(&db, path, STANCE_DB_CREATE), 0);
	ck_assert_int_eq(stance_db_init_result(db), 1);
	test_add(db, STANCE_PARTY, "ua", "Ukraine", NULL, NULL);
	stance_db_close(db);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);

	ck_assert_int_eq(sqlite3_open(path, &conn), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(conn, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(stmt, 0), "wal");
	sqlite3_finalize(stmt);
	ck_assert_int_eq(sqlite3_prepare_v2(conn, "PRAGMA application_id", -1, &stmt, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(stmt, 0), 0x5354434e);
	sqlite3_finalize(stmt);
	sqlite3_close(conn);

	ck_assert_int_eq(stance_db_open(&db, path, STANCE_DB_CREATE), 0);
	ck_assert_int_eq(stance_db_init_result(db), 0);
	stance_db_close(db);
	ck_assert_int_eq(stance_db_open(&db, path, 0), 0);
	ck_assert_int_eq(stance_entity_exists(db, STANCE_PARTY, "ua"), 0);
	stance_db_close(db);
	remove_dir();
}
END_TEST

/* Opening must refuse the file and leave every byte of it as it was. */
static void assert_refused(unsigned flags, int code, const char *needle)
{
	size_t before_len, after_len;
	char *before = slurp(path, &before_len), *after;
	stance_db *db = NULL;

	ck_assert_int_eq(stance_db_open(&db, path, flags), code);
	ck_assert_ptr_null(db);
	ck_assert_error_has(needle);
	after = slurp(path, &after_len);
	ck_assert_int_eq(before_len, after_len);
	ck_assert(memcmp(before, after, before_len) == 0);
	free(before);
	free(after);
}

START_TEST(test_refuses_other_files)
{
	FILE *f;

	make_dir();
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("name,kind\nua,state\n", f);
	fclose(f);
	assert_refused(0, STANCE_ENOTSTANCE, "not a stance database");
	assert_refused(STANCE_DB_CREATE, STANCE_ENOTSTANCE, "not a stance database");
	unlink(path);

	raw_exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');");
	assert_refused(0, STANCE_ENOTSTANCE, "made by something else");
	assert_refused(STANCE_DB_CREATE, STANCE_ENOTSTANCE, "made by something else");
	remove_dir();
}
END_TEST

START_TEST(test_refuses_newer_and_migrates_older)
{
	stance_db *db = NULL;
	char sql[128];

	make_dir();
	ck_assert_int_eq(stance_db_open(&db, path, STANCE_DB_CREATE), 0);
	stance_db_close(db);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", stance_db_schema_latest() + 1);
	raw_exec(sql);
	assert_refused(0, STANCE_ENEWER, "newer stance");
	assert_refused(STANCE_DB_CREATE, STANCE_ENEWER, "newer stance");
	remove_dir();

	/* a stance file from before the first migration */
	make_dir();
	raw_exec("PRAGMA application_id = 1398031182");
	assert_refused(0, STANCE_EOLDER, "stance init");
	ck_assert_int_eq(stance_db_open(&db, path, STANCE_DB_CREATE), 0);
	ck_assert_int_ne(stance_db_init_result(db), 0);
	ck_assert_int_eq(stance_db_schema_version(db), stance_db_schema_latest());
	stance_db_close(db);
	remove_dir();
}
END_TEST

START_TEST(test_empty_file)
{
	stance_db *db = NULL;
	FILE *f;

	make_dir();
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	/* a file just made may be one that a 'stance init' is still making */
	assert_refused(0, STANCE_EBUSY, "is being created");
	assert_refused(STANCE_DB_READONLY, STANCE_EBUSY, "is being created");
	ck_assert_int_eq(utime(path, &(struct utimbuf){ 1000000000, 1000000000 }), 0);
	assert_refused(0, STANCE_ENOTSTANCE, "empty file");
	ck_assert_int_eq(stance_db_open(&db, path, STANCE_DB_CREATE), 0);
	stance_db_close(db);
	remove_dir();
}
END_TEST

/* STANCE_DB_BEGIN: the creation, a migration and the caller's writes are
 * one transaction; rolled back, a file the open created is gone again, and
 * a file that was there is left as it was. */
START_TEST(test_begin)
{
	struct stat sb;
	stance_db *db = NULL;
	size_t len;
	char *bytes;
	FILE *f;

	make_dir();
	ck_assert_int_eq(stance_db_open(&db, path, STANCE_DB_CREATE | STANCE_DB_BEGIN), 0);
	ck_assert_int_eq(stance_db_init_result(db), 1);
	test_add(db, STANCE_PARTY, "ua", "Ukraine", NULL, NULL);
	stance_db_rollback(db);
	stance_db_close(db);
	ck_assert_int_eq(stat(path, &sb), -1);

	ck_assert_int_eq(stance_db_open(&db, path, STANCE_DB_CREATE | STANCE_DB_BEGIN), 0);
	test_add(db, STANCE_PARTY, "ua", "Ukraine", NULL, NULL);
	ck_assert_int_eq(stance_db_commit(db), 0);
	stance_db_close(db);
	ck_assert_int_eq(stance_db_open(&db, path, STANCE_DB_READONLY), 0);
	ck_assert_int_eq(stance_entity_exists(db, STANCE_PARTY, "ua"), 0);
	stance_db_close(db);
	/* created in WAL mode, once committed */
	bytes = slurp(path, &len);
	ck_assert_uint_ge(len, 20);
	ck_assert_int_eq(bytes[18], 2);
	free(bytes);

	/* a write rolled back changes nothing; the file stays */
	bytes = slurp(path, &len);
	ck_assert_int_eq(stance_db_open(&db, path, STANCE_DB_BEGIN), 0);
	ck_assert_int_eq(stance_db_init_result(db), 0);
	test_add(db, STANCE_PARTY, "ru", "Russia", NULL, NULL);
	stance_db_rollback(db);
	stance_db_close(db);
	{
		size_t after_len;
		char *after = slurp(path, &after_len);

		ck_assert_uint_eq(after_len, len);
		ck_assert(memcmp(after, bytes, len) == 0);
		free(after);
	}
	free(bytes);
	remove_dir();

	/* an empty file that init migrates and rolls back stays, empty */
	make_dir();
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_int_eq(stance_db_open(&db, path, STANCE_DB_CREATE | STANCE_DB_BEGIN), 0);
	ck_assert_int_eq(stance_db_init_result(db), 1);
	stance_db_rollback(db);
	stance_db_close(db);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_size, 0);
	remove_dir();
}
END_TEST

/* A symbolic link to a database is followed; init through a link to a
 * missing file is refused and says so. */
START_TEST(test_symlinks)
{
	char link_path[160], missing[160];
	stance_db *db = NULL;
	struct stat sb;

	make_dir();
	snprintf(link_path, sizeof(link_path), "%s/link.db", dir);
	snprintf(missing, sizeof(missing), "%s/missing.db", dir);
	ck_assert_int_eq(symlink(missing, link_path), 0);
	ck_assert_int_eq(stance_db_open(&db, link_path, STANCE_DB_CREATE), STANCE_ECANTCREATE);
	ck_assert_error_has("symbolic link");
	ck_assert_error_has("does not exist");
	ck_assert_int_eq(stance_db_open(&db, link_path, 0), STANCE_ENODB);
	ck_assert_error_has("symbolic link");
	ck_assert_int_eq(lstat(missing, &sb), -1);
	unlink(link_path);

	ck_assert_int_eq(stance_db_open(&db, path, STANCE_DB_CREATE), 0);
	stance_db_close(db);
	ck_assert_int_eq(symlink(path, link_path), 0);
	ck_assert_int_eq(stance_db_open(&db, link_path, 0), 0);
	test_add(db, STANCE_PARTY, "ua", "Ukraine", NULL, NULL);
	stance_db_close(db);
	ck_assert_int_eq(stance_db_open(&db, path, STANCE_DB_READONLY), 0);
	ck_assert_int_eq(stance_entity_exists(db, STANCE_PARTY, "ua"), 0);
	stance_db_close(db);
	ck_assert_int_eq(lstat(link_path, &sb), 0);
	ck_assert(S_ISLNK(sb.st_mode));
	unlink(link_path);
	remove_dir();
}
END_TEST

static void collect(const char *msg, void *ctx);

/* A current position that names the wrong statement differs from the
 * recomputation both ways, and is still one problem, said once. */
START_TEST(test_check_stale_once)
{
	static const char *const specs[] = { "crimea-recognition=--!" };
	stance_db *db = test_db_seeded();
	char id[37], problems[4096] = "";
	size_t n = 99;

	test_record(id, db, "ua", "2025-04-22", NULL, specs, 1);
	test_record(id, db, "ua", "2025-04-23", NULL, specs, 1);
	ck_assert_int_eq(sqlite3_exec(db->conn,
		"UPDATE current_position SET statement_id = (SELECT min(id) FROM statement)",
		NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(stance_db_check(db, &n, collect, problems), 0);
	ck_assert_msg(n == 1, "%s", problems);
	ck_assert_msg(strstr(problems, "party ua on issue crimea-recognition is out of date"),
		      "%s", problems);
	stance_db_close(db);
}
END_TEST

/* check reads only: it works while another connection holds the write
 * lock, and its search-index check finds an index that lost a row. */
START_TEST(test_check_reads_only)
{
	static const char *const specs[] = { "crimea-recognition=--!" };
	char id[37], problems[4096] = "";
	stance_db *db = NULL;
	sqlite3 *writer;
	size_t n = 99;

	make_dir();
	ck_assert_int_eq(stance_db_open(&db, path, STANCE_DB_CREATE), 0);
	test_seed(db);
	test_record(id, db, "ua", "2025-04-22", NULL, specs, 1);
	stance_db_close(db);

	ck_assert_int_eq(sqlite3_open(path, &writer), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(writer, "BEGIN IMMEDIATE; DELETE FROM current_position",
				      NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(stance_db_open(&db, path, STANCE_DB_READONLY), 0);
	ck_assert_msg(stance_db_check(db, &n, collect, problems) == 0, "%s", stance_error_last());
	ck_assert_msg(n == 0, "%s", problems);
	sqlite3_exec(writer, "ROLLBACK", NULL, NULL, NULL);

	/* the index forgets the statement: FTS5's 'delete' with its text */
	ck_assert_int_eq(sqlite3_exec(writer,
		"INSERT INTO statement_fts (statement_fts, rowid, text)"
		" SELECT 'delete', id, text FROM statement", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(stance_db_check(db, &n, collect, problems), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_msg(strstr(problems, "full-text search index does not match"), "%s", problems);
	/* twice on one connection: the check cleans up after itself */
	ck_assert_int_eq(stance_db_check(db, &n, collect, problems), 0);
	ck_assert_int_eq(n, 1);
	stance_db_close(db);
	sqlite3_close(writer);
	remove_dir();
}
END_TEST

START_TEST(test_transactions)
{
	stance_db *db = test_db();

	ck_assert_int_eq(stance_db_begin(db), 0);
	ck_assert_int_eq(stance_db_begin(db), STANCE_EINTERNAL);
	test_add(db, STANCE_PARTY, "ua", "Ukraine", NULL, NULL);
	stance_db_rollback(db);
	ck_assert_int_eq(stance_entity_exists(db, STANCE_PARTY, "ua"), STANCE_ENOTFOUND);

	ck_assert_int_eq(stance_db_begin(db), 0);
	test_add(db, STANCE_PARTY, "ru", "Russia", NULL, NULL);
	ck_assert_int_eq(stance_db_commit(db), 0);
	ck_assert_int_eq(stance_entity_exists(db, STANCE_PARTY, "ru"), 0);
	ck_assert_int_eq(stance_db_commit(db), STANCE_EINTERNAL);
	stance_db_close(db);
}
END_TEST

static void collect(const char *msg, void *ctx)
{
	char *buf = ctx;

	strncat(buf, msg, 4000 - strlen(buf));
	strncat(buf, "\n", 4000 - strlen(buf));
}

START_TEST(test_check)
{
	static const char *const specs[] = { "crimea-recognition=--!" };
	stance_db *db = test_db_seeded();
	char id[37], problems[4096] = "";
	size_t n = 99;

	test_record(id, db, "ua", "2025-04-22", NULL, specs, 1);
	ck_assert_msg(stance_db_check(db, &n, collect, problems) == 0, "%s", stance_error_last());
	ck_assert_msg(n == 0, "%s", problems);

	/* break the invariants behind the library's back (the date first: a
	 * new said_on has the triggers place the statement again) */
	ck_assert_int_eq(sqlite3_exec(db->conn,
		"UPDATE statement SET said_on = '2025-02-30';"
		"DELETE FROM current_position;", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(stance_db_check(db, &n, collect, problems), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_msg(strstr(problems, "party ua on issue crimea-recognition is out of date"),
		      "%s", problems);
	ck_assert_msg(strstr(problems, "2025-02-30 is not a real date"), "%s", problems);
	stance_db_close(db);
}
END_TEST

/* ---- the history's invariants (design §7) ----------------------------- */

/* Runs sql on db's own connection, behind the library's back. */
static void hand(stance_db *db, const char *sql)
{
	char *err = NULL;

	ck_assert_msg(sqlite3_exec(db->conn, sql, NULL, NULL, &err) == SQLITE_OK, "%s: %s", sql,
		      err ? err : "");
}

/* Runs the check: the problems, one a line, in buf (4 KiB), and how many. */
static size_t check_into(stance_db *db, char *buf)
{
	size_t n = 99;

	buf[0] = '\0';
	ck_assert_msg(stance_db_check(db, &n, collect, buf) == 0, "%s", stance_error_last());
	return n;
}

/* The check finds exactly one problem, which holds needle. */
#define ck_assert_one_problem(db, needle) do { \
		char p_[4096]; \
		size_t n_ = check_into((db), p_); \
		ck_assert_msg(n_ == 1 && strstr(p_, (needle)), \
			      "want one problem with '%s', got %zu:\n%s", (needle), n_, p_); \
	} while (0)

#define ck_assert_sound(db) do { \
		char p_[4096]; \
		size_t n_ = check_into((db), p_); \
		ck_assert_msg(n_ == 0, "want no problem, got %zu:\n%s", n_, p_); \
	} while (0)

#define ck_ok(call) ck_assert_msg((call) == 0, "%s: %s", #call, stance_error_last())

static stance_change_options by_tester(void)
{
	stance_change_options co = STANCE_CHANGE_OPTIONS_INIT;

	co.by = "tester";
	co.reason = "a test";
	return co;
}

/* Gives party slug a new name, as one revision. */
static void edit_name(stance_db *db, const char *slug, const char *name)
{
	stance_change_options co = by_tester();
	stance_entity party = { .type = STANCE_PARTY };

	party.field[STANCE_PARTY_SLUG] = (char *)slug;
	party.field[STANCE_PARTY_NAME] = (char *)name;
	ck_ok(stance_entity_edit(NULL, db, &party, &co));
}

static void code(stance_db *db, const char *id, const char *spec, int recode)
{
	stance_change_options co = by_tester();
	stance_position pos;

	ck_ok(stance_position_parse(&pos, spec));
	if (recode)
		ck_ok(stance_statement_recode(NULL, db, id, &pos, 1, &co));
	else
		ck_ok(stance_statement_code(NULL, db, id, &pos, 1, &co));
	stance_position_clear(&pos);
}

/* Every kind of correction, through the library: the history agrees with
 * the current tables. */
static void correct_everything(stance_db *db, char *id, char *id2)
{
	static const char *const specs[] = { "crimea-recognition=--!" };
	stance_change_options co = by_tester();
	stance_entity actor = { .type = STANCE_ACTOR }, issue = { .type = STANCE_ISSUE };
	stance_amend_options am = STANCE_AMEND_OPTIONS_INIT;

	test_record(id, db, "ua", "2025-04-22", NULL, specs, 1);
	test_record(id2, db, "ru", "2025-04-23", NULL, specs, 1);
	edit_name(db, "ua", "Ukraina");
	actor.field[STANCE_ACTOR_SLUG] = "rubio";
	actor.field[STANCE_ACTOR_ROLE] = "Senator";
	ck_ok(stance_entity_edit(NULL, db, &actor, &co));
	issue.field[STANCE_ISSUE_SLUG] = "crimea-recognition";
	issue.field[STANCE_ISSUE_DESCRIPTION] = "Whether to recognise it";
	ck_ok(stance_entity_edit(NULL, db, &issue, &co));
	ck_ok(stance_entity_rename(NULL, db, STANCE_PARTY, "ru", "russia", &co));
	ck_ok(stance_entity_remove(NULL, db, STANCE_PARTY, "eu", &co));
	ck_ok(stance_entity_restore(NULL, db, STANCE_PARTY, "eu", &co));
	/* one position coded and recoded under two slugs of its issue */
	code(db, id, "nato-membership=+", 0);
	code(db, id, "crimea-recognition=-~", 1);
	ck_ok(stance_entity_rename(NULL, db, STANCE_ISSUE, "crimea-recognition", "crimea", &co));
	code(db, id, "crimea=@30", 1);
	am.text = "Amended for the tests.";
	am.party = "us";
	am.credibility = 3;
	ck_ok(stance_statement_amend(NULL, db, id, &am, &co));
	/* the statement's party by a slug that is now an alias */
	ck_ok(stance_entity_rename(NULL, db, STANCE_PARTY, "us", "usa", &co));
	ck_ok(stance_statement_retract(NULL, db, id2, &co));
}

START_TEST(test_check_history_sound)
{
	stance_db *db = test_db_seeded();
	char id[37], id2[37], sql[256];

	correct_everything(db, id, id2);
	ck_assert_sound(db);

	/* each member the history knows, changed by hand, is one problem */
	hand(db, "UPDATE party SET name = 'Ukrayina' WHERE slug = 'ua'");
	ck_assert_one_problem(db, "party ua: name is \"Ukrayina\", but its latest revision, ");
	hand(db, "UPDATE party SET name = 'Ukraina' WHERE slug = 'ua'");
	ck_assert_sound(db);
	hand(db, "UPDATE actor SET role = NULL WHERE slug = 'rubio'");
	ck_assert_one_problem(db, "actor rubio: role is null, but");
	hand(db, "UPDATE actor SET role = 'Senator' WHERE slug = 'rubio'");
	hand(db, "UPDATE party SET removed = 1 WHERE slug = 'eu'");
	ck_assert_one_problem(db, "party eu: removed is true, but");
	hand(db, "UPDATE party SET removed = 0 WHERE slug = 'eu'");
	hand(db, "UPDATE position SET point = 31"
	     " WHERE issue_id = (SELECT id FROM issue WHERE slug = 'crimea')");
	ck_assert_one_problem(db, "positions.crimea");
	hand(db, "UPDATE position SET point = 30"
	     " WHERE issue_id = (SELECT id FROM issue WHERE slug = 'crimea')");
	ck_assert_sound(db);
	snprintf(sql, sizeof(sql), "UPDATE statement SET party_id = (SELECT id FROM party WHERE slug"
		 " = 'ua') WHERE uuid = '%s'", id);
	hand(db, sql);
	ck_assert_one_problem(db, ": party is \"ua\", but its latest revision");
	snprintf(sql, sizeof(sql), "UPDATE statement SET party_id = (SELECT id FROM party WHERE slug"
		 " = 'usa') WHERE uuid = '%s'", id);
	hand(db, sql);
	ck_assert_sound(db);
	snprintf(sql, sizeof(sql), "UPDATE statement SET retraction_reason = 'another' WHERE uuid = '%s'",
		 id2);
	hand(db, sql);
	ck_assert_one_problem(db, ": retracted is {");
	stance_db_close(db);
}
END_TEST

/* A revision of nothing: one problem per revision, whatever it changes. */
START_TEST(test_check_revision_target)
{
	stance_db *db = test_db_seeded();
	char problems[4096];

	hand(db, "INSERT INTO revision (uuid, at, author, target_kind, target_key, target_id) VALUES"
	     " ('11111111-1111-4111-8111-111111111111', '2026-01-01T00:00:00.000Z', 'x', 'party',"
	     "  'zz', 999),"
	     " ('22222222-2222-4222-8222-222222222222', '2026-01-01T00:00:00.000Z', 'x', 'statement',"
	     "  '22222222-0000-4000-8000-000000000000', 999);"
	     "INSERT INTO revision_change (revision_id, member, from_value, to_value)"
	     " SELECT id, 'name', '\"a\"', '\"b\"' FROM revision");
	ck_assert_uint_eq(check_into(db, problems), 2);
	ck_assert_msg(strstr(problems, "revision 11111111: its target, party zz, does not exist\n"),
		      "%s", problems);
	ck_assert_msg(strstr(problems, "revision 22222222: its target, statement 22222222, does not"
			     " exist\n"), "%s", problems);
	stance_db_close(db);
}
END_TEST

/* A revision's key names its target after the revision. */
START_TEST(test_check_revision_key)
{
	stance_db *db = test_db_seeded();
	stance_change_options co = by_tester();
	char id[37];

	edit_name(db, "ua", "Ukraina");
	/* a rename since: the key is now an alias, which still names it */
	ck_ok(stance_entity_rename(NULL, db, STANCE_PARTY, "ua", "ukraine", &co));
	ck_assert_sound(db);
	hand(db, "UPDATE revision SET target_key = 'ru' WHERE target_key = 'ua'");
	ck_assert_one_problem(db, ": its key ru is not a name of its target, party ukraine");
	hand(db, "DELETE FROM revision_change; DELETE FROM revision");

	test_record(id, db, "ukraine", "2025-04-22", NULL, NULL, 0);
	code(db, id, "nato-membership=+", 0);
	hand(db, "UPDATE revision SET target_key = '33333333-3333-4333-8333-333333333333'");
	ck_assert_one_problem(db, ": its key 33333333 is not the id of its target, statement ");
	stance_db_close(db);
}
END_TEST

/* Members that no record has, and positions on no issue or another. */
START_TEST(test_check_revision_members)
{
	stance_db *db = test_db_seeded();
	char id[37];

	edit_name(db, "ua", "Ukraina");
	hand(db, "UPDATE revision_change SET member = 'mood'");
	ck_assert_one_problem(db, ": party ua has no member mood");
	hand(db, "DELETE FROM revision_change; DELETE FROM revision");

	test_record(id, db, "ua", "2025-04-22", NULL, NULL, 0);
	code(db, id, "nato-membership=+", 0);
	ck_assert_sound(db);
	/* its row says another issue than its slug */
	hand(db, "UPDATE revision_change SET issue_id = (SELECT id FROM issue WHERE slug = 'territory')");
	ck_assert_one_problem(db, ": its member positions.nato-membership is not a position on issue"
			      " territory");
	hand(db, "UPDATE revision_change SET issue_id = NULL, member = 'positions.nowhere'");
	ck_assert_one_problem(db, ": its member positions.nowhere of statement ");
	stance_db_close(db);
}
END_TEST

/* A database broken by hand SQL, the one problem check must then find,
 * and the SQL that mends it again. */
struct breakage {
	const char *sql;
	const char *problem;
	const char *mend;
};

static void ck_assert_each_found(stance_db *db, const struct breakage *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		hand(db, b[i].sql);
		ck_assert_one_problem(db, b[i].problem);
		hand(db, b[i].mend);
	}
	ck_assert_sound(db);
}

START_TEST(test_check_aliases)
{
	static const struct breakage aliases[] = {
		{ "INSERT INTO alias VALUES ('party', 'gone', 999)",
		  "alias gone names a missing party (row 999)", "DELETE FROM alias" },
		{ "INSERT INTO alias SELECT 'party', 'ru', id FROM party WHERE slug = 'ua'",
		  "alias ru of party ua is also the slug of party ru", "DELETE FROM alias" },
		{ "INSERT INTO alias SELECT 'issue', slug, id FROM issue WHERE slug = 'territory'",
		  "alias territory of issue territory is also the slug of that issue",
		  "DELETE FROM alias" },
	};
	stance_db *db = test_db_seeded();

	ck_assert_each_found(db, aliases, sizeof(aliases) / sizeof(aliases[0]));
	/* the same slug as an alias of another kind is no clash */
	hand(db, "INSERT INTO alias SELECT 'issue', 'ua', id FROM issue WHERE slug = 'territory'");
	ck_assert_sound(db);
	stance_db_close(db);
}
END_TEST

/* Whatever refers to a removed entity is one problem per entity and kind
 * of referrer. */
START_TEST(test_check_removed)
{
	static const char *const specs[] = { "nato-membership=+" };
	static const struct breakage removed[] = {
		{ "UPDATE party SET removed = 1 WHERE slug = 'eu'",
		  "party eu is removed, but 1 statement refers to it (", "UPDATE party SET removed = 0" },
		{ "UPDATE party SET removed = 1 WHERE slug = 'us'",
		  "party us is removed, but 1 actor refers to it (rubio)", "UPDATE party SET removed = 0" },
		{ "UPDATE issue SET removed = 1 WHERE slug = 'nato-membership'",
		  "issue nato-membership is removed, but 2 positions refer to it (first statement ",
		  "UPDATE issue SET removed = 0" },
		{ "UPDATE issue SET removed = 1 WHERE slug = 'territory'",
		  "issue territory is removed, but 1 issue refers to it (crimea-recognition)",
		  "UPDATE issue SET removed = 0" },
		{ "UPDATE actor SET removed = 1 WHERE slug = 'zelenskyy'",
		  "actor zelenskyy is removed, but 1 statement refers to it", "UPDATE actor SET removed = 0" },
		{ "UPDATE source SET removed = 1",
		  "source guardian is removed, but 1 statement refers to it", "UPDATE source SET removed = 0" },
	};
	stance_db *db = test_db_seeded();
	char id[37];

	test_record(id, db, "eu", "2025-04-22", NULL, specs, 1);
	test_record(id, db, "ua", "2025-04-22", NULL, specs, 1);
	hand(db, "UPDATE statement SET actor_id = (SELECT id FROM actor WHERE slug = 'zelenskyy'),"
	     " source_id = (SELECT id FROM source WHERE slug = 'guardian') WHERE party_id ="
	     " (SELECT id FROM party WHERE slug = 'ua')");
	ck_assert_each_found(db, removed, sizeof(removed) / sizeof(removed[0]));
	stance_db_close(db);
}
END_TEST

/* A current position too many, for a party that holds none there. */
START_TEST(test_check_current_extra)
{
	static const char *const specs[] = { "crimea-recognition=--!" };
	stance_db *db = test_db_seeded();
	char id[37];

	test_record(id, db, "ua", "2025-04-22", NULL, specs, 1);
	hand(db, "INSERT INTO current_position (party_id, issue_id, statement_id) SELECT (SELECT id FROM party WHERE slug = 'ru'),"
	     " (SELECT id FROM issue WHERE slug = 'nato-membership'), id FROM statement");
	ck_assert_one_problem(db, "current position of party ru on issue nato-membership is out of date");
	stance_db_close(db);
}
END_TEST

/* ---- statements recorded twice --------------------------------------- */

static void record_text(char *out, stance_db *db, const char *party, const char *date,
			const char *recorded_at, const char *text)
{
	stance_record_options st = STANCE_RECORD_OPTIONS_INIT;

	st.party = party;
	st.said_on = date;
	st.text = text;
	st.recorded_by = "tester";
	st.recorded_at = recorded_at;
	ck_ok(stance_statement_record(out, db, &st));
}

/* Each duplicate is a note naming it and the first record, and no
 * problem: same party and day, the same text but for case (ASCII, Latin,
 * Cyrillic), spacing and punctuation (typographic too). */
START_TEST(test_check_duplicates)
{
	static const char en[] = "Ukraine will not recognise the occupation of Crimea.";
	stance_db *db = test_db_seeded();
	stance_change_options co = by_tester();
	char a[37], b[37], e[37], f[37], j[37], k[37], x[37], notes[4096] = "", want[512];
	size_t n = 99;

	record_text(a, db, "ua", "2025-04-22", "2026-01-01T00:00:01Z", en);
	record_text(b, db, "ua", "2025-04-22", "2026-01-01T00:00:02Z",
		    "  UKRAINE will not\trecognise \xe2\x80\x94 the occupation of \xe2\x80\x9c" "Crimea"
		    "\xe2\x80\x9d!");
	/* another day, another party, a diacritic, a retracted copy: none */
	record_text(x, db, "ua", "2025-04-23", "2026-01-01T00:00:03Z", en);
	record_text(x, db, "ru", "2025-04-22", "2026-01-01T00:00:04Z", en);
	record_text(x, db, "ua", "2025-04-22", "2026-01-01T00:00:05Z",
		    "Ukra\xc3\xafne will not recognise the occupation of Crimea");
	record_text(x, db, "ua", "2025-04-22", "2026-01-01T00:00:06Z", en);
	ck_ok(stance_statement_retract(NULL, db, x, &co));
	/* Україна не визнає окупацію Криму / УКРАЇНА НЕ ВИЗНАЄ ОКУПАЦІЮ КРИМУ. */
	record_text(e, db, "ua", "2025-04-22", "2026-01-01T00:00:07Z",
		    "\xd0\xa3\xd0\xba\xd1\x80\xd0\xb0\xd1\x97\xd0\xbd\xd0\xb0 \xd0\xbd\xd0\xb5 "
		    "\xd0\xb2\xd0\xb8\xd0\xb7\xd0\xbd\xd0\xb0\xd1\x94 \xd0\xbe\xd0\xba\xd1\x83"
		    "\xd0\xbf\xd0\xb0\xd1\x86\xd1\x96\xd1\x8e \xd0\x9a\xd1\x80\xd0\xb8\xd0\xbc\xd1\x83");
	record_text(f, db, "ua", "2025-04-22", "2026-01-01T00:00:08Z",
		    "\xd0\xa3\xd0\x9a\xd0\xa0\xd0\x90\xd0\x87\xd0\x9d\xd0\x90 \xd0\x9d\xd0\x95 "
		    "\xd0\x92\xd0\x98\xd0\x97\xd0\x9d\xd0\x90\xd0\x84 \xd0\x9e\xd0\x9a\xd0\xa3"
		    "\xd0\x9f\xd0\x90\xd0\xa6\xd0\x86\xd0\xae \xd0\x9a\xd0\xa0\xd0\x98\xd0\x9c\xd0\xa3.");
	/* Talks in Łódź. / TALKS IN ŁÓDŹ */
	record_text(j, db, "ua", "2025-04-24", "2026-01-01T00:00:09Z",
		    "Talks in \xc5\x81\xc3\xb3\x64\xc5\xba.");
	record_text(k, db, "ua", "2025-04-24", "2026-01-01T00:00:10Z",
		    "TALKS IN \xc5\x81\xc3\x93\x44\xc5\xb9");
	stance_db_set_note(db, collect, notes);
	ck_ok(stance_db_check(db, &n, collect, notes));
	ck_assert_uint_eq(n, 0);
	snprintf(want, sizeof(want),
		 "statement %.8s looks like statement %.8s recorded twice: party ua, 2025-04-22, the "
		 "same text but for case, spacing and punctuation\n"
		 "statement %.8s looks like statement %.8s recorded twice: party ua, 2025-04-22, the "
		 "same text but for case, spacing and punctuation\n"
		 "statement %.8s looks like statement %.8s recorded twice: party ua, 2025-04-24, the "
		 "same text but for case, spacing and punctuation\n", b, a, f, e, k, j);
	ck_assert_str_eq(notes, want);
	stance_db_close(db);
}
END_TEST

/* ---- a database of the first release, migrated ------------------------ */

/* The rows of sql, columns separated by spaces and rows ended by newlines,
 * NULL as "null"; the caller frees it. */
static char *rows_of(sqlite3 *conn, const char *sql)
{
	sqlite3_stmt *stmt;
	size_t len = 0, cap = 4096;
	char *out = malloc(cap);

	ck_assert_ptr_nonnull(out);
	out[0] = '\0';
	ck_assert_msg(sqlite3_prepare_v2(conn, sql, -1, &stmt, NULL) == SQLITE_OK, "%s: %s", sql,
		      sqlite3_errmsg(conn));
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(stmt); i++) {
			const char *v = (const char *)sqlite3_column_text(stmt, i);

			len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? " " : "",
						v ? v : "null");
			ck_assert_uint_lt(len, cap - 2);
		}
		out[len++] = '\n';
		out[len] = '\0';
	}
	sqlite3_finalize(stmt);
	return out;
}

/* Version 1 of the schema, as migrations/0001-initial.sql made it, with
 * the data of a release that had it: positions with red_line 1 and 0, a
 * retraction, the search index. Statement n has the id ...00000000000n. */
static const char v1_data[] =
	"INSERT INTO party (id, slug, name, kind) VALUES (1, 'ua', 'Ukraine', 'state'),"
	" (2, 'ru', 'Russia', 'state'), (3, 'us', 'United States', 'state');"
	"INSERT INTO actor VALUES (1, 'zelenskyy', 'Volodymyr Zelenskyy', 1, 'President');"
	"INSERT INTO source VALUES (1, 'guardian', 'The Guardian', 'B', NULL);"
	"INSERT INTO issue VALUES (1, 'territory', 'Territorial questions', NULL, NULL),"
	" (2, 'crimea-recognition', 'Recognise Russian sovereignty over Crimea', NULL, 1),"
	" (3, 'nato-membership', 'Ukraine may join NATO', 'Now or later', NULL);"
	"INSERT INTO statement (id, uuid, party_id, actor_id, said_on, kind, text, source_id,"
	" credibility, recorded_by, recorded_at) VALUES"
	" (1, '00000000-0000-4000-8000-000000000001', 1, 1, '2025-04-01', 'quote',"
	"  'Crimea is Ukraine.', 1, 2, 'ann', '2025-04-23T12:00:00.000Z'),"
	" (2, '00000000-0000-4000-8000-000000000002', 2, NULL, '2025-04-02', 'report',"
	"  'Crimea is Russian.', NULL, NULL, 'ann', '2025-04-23T12:00:00.000Z'),"
	" (3, '00000000-0000-4000-8000-000000000003', 3, NULL, '2025-04-03', 'paraphrase',"
	"  'We could recognise it.', NULL, NULL, 'bob', '2025-04-23T12:00:00.000Z'),"
	" (4, '00000000-0000-4000-8000-000000000004', 1, NULL, '2025-04-10', 'quote',"
	"  'NATO, perhaps later.', NULL, NULL, 'ann', '2025-04-23T12:00:00.000Z'),"
	" (5, '00000000-0000-4000-8000-000000000005', 2, NULL, '2025-04-11', 'quote',"
	"  'Crimea may be discussed.', NULL, NULL, 'ann', '2025-04-23T12:00:00.000Z'),"
	" (6, '00000000-0000-4000-8000-000000000006', 3, NULL, '2025-04-12', 'quote',"
	"  'We recognise it.', NULL, NULL, 'bob', '2025-04-23T12:00:00.000Z'),"
	" (7, '00000000-0000-4000-8000-000000000007', 1, 1, '2025-04-20', 'quote',"
	"  'Crimea is Ukraine, again.', 1, 2, 'ann', '2025-04-23T12:00:00.000Z');"
	"INSERT INTO position (statement_id, issue_id, stance, red_line, condition) VALUES"
	" (1, 2, -2, 1, NULL), (1, 3, 2, 0, NULL), (2, 2, 2, 1, NULL), (2, 3, -2, 1, NULL),"
	" (3, 2, 1, 0, 'if a deal is signed'), (3, 3, 0, 0, NULL), (4, 3, 1, 0, NULL),"
	" (5, 2, -1, 0, NULL), (6, 2, 2, 0, NULL), (7, 2, -2, 1, NULL);"
	"UPDATE statement SET retracted_at = '2025-04-24T00:00:00.000Z', retracted_by = 'bob',"
	" retraction_reason = 'misread' WHERE id = 6;"
	"INSERT INTO statement_fts (rowid, text) SELECT id, text FROM statement;"
	"PRAGMA application_id = 1398031182; PRAGMA user_version = 1;";

/* What the first release's rules give for v1_data (design §2), worked out
 * by hand; no red line there outlasts a restatement, so the red-line walk
 * of version 2 gives the same. (party, issue, statement) rows: */
static const char v1_current[] = "1 2 7\n1 3 4\n2 2 5\n2 3 2\n3 2 3\n3 3 3\n";

static void v1_database(void)
{
	char *current;
	sqlite3 *conn;

	ck_assert_int_eq(stance_migrations[0].number, 1);
	make_dir();
	raw_exec(stance_migrations[0].sql);
	raw_exec(v1_data);
	ck_assert_int_eq(sqlite3_open(path, &conn), SQLITE_OK);
	current = rows_of(conn, "SELECT * FROM current_position ORDER BY 1, 2");
	ck_assert_str_eq(current, v1_current);
	free(current);
	sqlite3_close(conn);
}

/* The statement's number, as v1_data gives them. */
static int nth(const char *id)
{
	return atoi(id + 24);
}

/* The current positions and the conflicts, all time or as of a date. */
static char *answers_as_of(stance_db *db, const char *as_of)
{
	stance_scope scope = STANCE_SCOPE_INIT;
	stance_positions *p = NULL;
	stance_conflicts *c = NULL;
	char *out = calloc(1, 2048);
	size_t len = 0;

	ck_assert_ptr_nonnull(out);
	scope.as_of = as_of;
	ck_ok(stance_positions_get(&p, db, &scope));
	for (size_t i = 0; i < p->n; i++) {
		const stance_current_position *x = &p->items[i];

		len += (size_t)snprintf(out + len, 2048 - len, "%s %s %d%s s%d%s\n", x->party, x->issue,
					x->stance, x->red_line ? "!" : "", nth(x->statement),
					x->condition ? " if" : "");
	}
	stance_positions_free(p);
	ck_ok(stance_conflicts_get(&c, db, &scope, 0));
	for (size_t i = 0; i < c->n; i++)
		len += (size_t)snprintf(out + len, 2048 - len, "%s %s-%s %s %d\n", c->items[i].a->issue,
					c->items[i].a->party, c->items[i].b->party,
					c->items[i].hard ? "hard" : "soft", c->items[i].distance);
	stance_conflicts_free(c);
	return out;
}

static char *matrix_of(stance_db *db)
{
	stance_matrix *m = NULL;
	char *out = calloc(1, 1024);
	size_t len = 0;

	ck_assert_ptr_nonnull(out);
	ck_ok(stance_matrix_get(&m, db, NULL));
	for (size_t r = 0; r < m->n; r++) {
		len += (size_t)snprintf(out + len, 1024 - len, "%s", m->parties[r]);
		for (size_t c = 0; c < m->n; c++) {
			const stance_matrix_cell *x = &m->cells[r * m->n + c];

			len += (size_t)snprintf(out + len, 1024 - len, " %d/%d/%g/%d", x->conflicts,
						x->hard, x->distance, x->shared);
		}
		out[len++] = '\n';
	}
	stance_matrix_free(m);
	return out;
}

static int history_line(const stance_history_row *row, void *ctx)
{
	char *out = ctx;
	size_t len = strlen(out);

	snprintf(out + len, 1024 - len, "%s %s s%d %d%s%s%s\n", row->party, row->issue,
		 nth(row->statement), row->stance, row->red_line ? "!" : "",
		 row->shift ? " shift" : "", row->reversal ? " reversal" : "");
	return 0;
}

static char *histories_of(stance_db *db)
{
	static const char *const pairs[][2] = {
		{ "ua", "crimea-recognition" }, { "ua", "nato-membership" },
		{ "ru", "crimea-recognition" }, { "us", "crimea-recognition" },
	};
	char *out = calloc(1, 1024);

	ck_assert_ptr_nonnull(out);
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		ck_ok(stance_history_foreach(db, pairs[i][0], pairs[i][1], history_line, out));
	strcat(out, "shifts:\n");
	ck_ok(stance_shifts_foreach(db, NULL, NULL, history_line, out));
	return out;
}

#define ck_assert_text(got, want) do { \
		char *g_ = (got); \
		ck_assert_str_eq(g_, (want)); \
		free(g_); \
	} while (0)

/* What the migration must keep: the values (red_line 0 becomes null, "not
 * stated"), no history for what predates it, and every answer. */
START_TEST(test_migrate_v1)
{
	stance_db *db = NULL, *fresh = test_db();
	char *migrated, *expected;

	v1_database();
	ck_ok(stance_db_open(&db, path, STANCE_DB_CREATE));
	ck_assert_int_eq(stance_db_init_result(db), 2);
	ck_assert_int_ge(stance_db_schema_latest(), 2);
	ck_assert_int_eq(stance_db_schema_version(db), stance_db_schema_latest());
	migrated = schema_of(db->conn);
	expected = schema_of(fresh->conn);
	ck_assert_str_eq(migrated, expected);
	free(migrated);
	free(expected);
	stance_db_close(fresh);

	ck_assert_text(rows_of(db->conn, "SELECT statement_id, issue_id, stance, red_line, point,"
			       " condition IS NOT NULL FROM position ORDER BY 1, 2"),
		       "1 2 -2 1 null 0\n1 3 2 null null 0\n2 2 2 1 null 0\n2 3 -2 1 null 0\n"
		       "3 2 1 null null 1\n3 3 0 null null 0\n4 3 1 null null 0\n5 2 -1 null null 0\n"
		       "6 2 2 null null 0\n7 2 -2 1 null 0\n");
	ck_assert_text(rows_of(db->conn, "SELECT kind, slug FROM ("
			       " SELECT 'party' AS kind, slug, created_at, created_by, removed FROM party"
			       " UNION ALL SELECT 'actor', slug, created_at, created_by, removed FROM actor"
			       " UNION ALL SELECT 'source', slug, created_at, created_by, removed FROM source"
			       " UNION ALL SELECT 'issue', slug, created_at, created_by, removed FROM issue)"
			       " WHERE created_at IS NOT NULL OR created_by IS NOT NULL OR removed IS NOT 0"),
		       "");
	ck_assert_text(rows_of(db->conn, "SELECT (SELECT count(*) FROM party), (SELECT count(*) FROM"
			       " issue), (SELECT count(*) FROM revision), (SELECT count(*) FROM alias)"),
		       "3 3 0 0\n");
	ck_assert_text(rows_of(db->conn, "SELECT party_id, issue_id, statement_id FROM"
			       " current_position ORDER BY 1, 2"), v1_current);
	/* and the statement that set each current red line (migration 3) */
	ck_assert_text(rows_of(db->conn, "SELECT party_id, issue_id, red_line_statement_id FROM"
			       " current_position ORDER BY 1, 2"),
		       "1 2 7\n1 3 null\n2 2 null\n2 3 2\n3 2 null\n3 3 null\n");
	ck_assert_sound(db);

	ck_assert_text(answers_as_of(db, NULL),
		       "ru crimea-recognition -1 s5\nru nato-membership -2! s2\n"
		       "ua crimea-recognition -2! s7\nua nato-membership 1 s4\n"
		       "us crimea-recognition 1 s3 if\nus nato-membership 0 s3\n"
		       "crimea-recognition ru-us soft 2\ncrimea-recognition ua-us hard 3\n"
		       "nato-membership ru-ua hard 3\n");
	ck_assert_text(answers_as_of(db, "2025-04-05"),
		       "ru crimea-recognition 2! s2\nru nato-membership -2! s2\n"
		       "ua crimea-recognition -2! s1\nua nato-membership 2 s1\n"
		       "us crimea-recognition 1 s3 if\nus nato-membership 0 s3\n"
		       "crimea-recognition ru-ua hard 4\ncrimea-recognition ua-us hard 3\n"
		       "nato-membership ru-ua hard 4\n");
	ck_assert_text(matrix_of(db),
		       "ru 0/0/0/2 1/1/0.5/2 1/0/0.5/2\n"
		       "ua 1/1/0.5/2 0/0/0/2 1/1/0.5/2\n"
		       "us 1/0/0.5/2 1/1/0.5/2 0/0/0/2\n");
	ck_assert_text(histories_of(db),
		       "ua crimea-recognition s1 -2!\nua crimea-recognition s7 -2!\n"
		       "ua nato-membership s1 2\nua nato-membership s4 1 shift\n"
		       "ru crimea-recognition s2 2!\nru crimea-recognition s5 -1 shift reversal\n"
		       "us crimea-recognition s3 1\n"
		       "shifts:\nua nato-membership s4 1 shift\n"
		       "ru crimea-recognition s5 -1 shift reversal\n");
	stance_db_close(db);
	remove_dir();
}
END_TEST

/* Version 2 data (migrations 1 and 2, as the release before the lasting
 * red lines left them) whose answers the red-line walk changes: Iran's
 * red line on enrichment (statement 1, ++!) outlasts a restatement
 * without ! (2, ++) and ends with a weaker one of the same side stated
 * open (3, +~); the US's (4, --!) ends when it turns neutral (5, 0). */
static const char v2_data[] =
	"INSERT INTO party (id, slug, name, kind) VALUES (1, 'ir', 'Iran', 'state'),"
	" (2, 'us', 'United States', 'state');"
	"INSERT INTO issue (id, slug, title) VALUES (1, 'enrichment', 'Iran may enrich uranium'),"
	" (2, 'sanctions', 'Lift the sanctions');"
	"INSERT INTO statement (id, uuid, party_id, said_on, kind, text, recorded_by, recorded_at)"
	" VALUES (1, '00000000-0000-4000-8000-000000000001', 1, '2015-01-01', 'quote',"
	"  'Enrichment is our right.', 'ann', '2015-01-02T00:00:00.000Z'),"
	" (2, '00000000-0000-4000-8000-000000000002', 1, '2015-02-01', 'paraphrase',"
	"  'Iran insists on enrichment.', 'ann', '2015-02-02T00:00:00.000Z'),"
	" (3, '00000000-0000-4000-8000-000000000003', 1, '2015-03-01', 'quote',"
	"  'Some enrichment may be discussed.', 'ann', '2015-03-02T00:00:00.000Z'),"
	" (4, '00000000-0000-4000-8000-000000000004', 2, '2015-01-05', 'quote',"
	"  'No enrichment, ever.', 'ann', '2015-01-06T00:00:00.000Z'),"
	" (5, '00000000-0000-4000-8000-000000000005', 2, '2015-02-05', 'quote',"
	"  'We will listen.', 'ann', '2015-02-06T00:00:00.000Z');"
	"INSERT INTO position (statement_id, issue_id, stance, red_line) VALUES"
	" (1, 1, 2, 1), (2, 1, 2, NULL), (3, 1, 1, 0), (4, 1, -2, 1), (5, 1, 0, NULL),"
	" (4, 2, -2, 1);"
	"INSERT INTO statement_fts (rowid, text) SELECT id, text FROM statement;";

START_TEST(test_migrate_v2)
{
	stance_db *db = NULL;
	char buf[1024] = "";

	ck_assert_int_eq(stance_migrations[1].number, 2);
	make_dir();
	raw_exec(stance_migrations[0].sql);
	raw_exec(stance_migrations[1].sql);
	raw_exec(v2_data);
	raw_exec("PRAGMA application_id = 1398031182; PRAGMA user_version = 2;");
	ck_ok(stance_db_open(&db, path, STANCE_DB_CREATE));
	ck_assert_int_eq(stance_db_schema_version(db), stance_db_schema_latest());
	ck_assert_text(rows_of(db->conn, "SELECT party_id, issue_id, statement_id,"
			       " red_line_statement_id FROM current_position ORDER BY 1, 2"),
		       "1 1 3 null\n2 1 5 null\n2 2 4 4\n");
	ck_assert_sound(db);
	/* as of the second statement, the first one's red line holds */
	ck_assert_text(answers_as_of(db, "2015-02-01"),
		       "ir enrichment 2! s2\nus enrichment -2! s4\nus sanctions -2! s4\n"
		       "enrichment ir-us hard 4\n");
	ck_assert_text(answers_as_of(db, NULL),
		       "ir enrichment 1 s3\nus enrichment 0 s5\nus sanctions -2! s4\n");
	ck_ok(stance_history_foreach(db, "ir", "enrichment", history_line, buf));
	ck_assert_str_eq(buf, "ir enrichment s1 2!\nir enrichment s2 2!\n"
			 "ir enrichment s3 1 shift\n");
	/* a new statement after the migration keeps the walk going */
	ck_assert_int_eq(sqlite3_exec(db->conn,
		"INSERT INTO statement (id, uuid, party_id, said_on, kind, text, recorded_by,"
		" recorded_at) VALUES (6, '00000000-0000-4000-8000-000000000006', 2, '2015-03-05',"
		" 'quote', 'Sanctions stay.', 'ann', '2015-03-06T00:00:00.000Z');"
		"INSERT INTO position (statement_id, issue_id, stance, red_line) VALUES (6, 2, -1, NULL);"
		"INSERT INTO statement_fts (rowid, text) VALUES (6, 'Sanctions stay.')",
		NULL, NULL, NULL), SQLITE_OK);
	ck_assert_text(rows_of(db->conn, "SELECT red_line_statement_id FROM current_position"
			       " WHERE party_id = 2 AND issue_id = 2"), "4\n");
	ck_assert_sound(db);
	stance_db_close(db);
	remove_dir();
}
END_TEST

/* Version 3 data (migrations 1 to 3: the release before bargaining): the
 * migration adds the empty assessment and outcome tables and changes no
 * answer; assessments and outcomes can then be made, and name what the
 * older rows hold. */
START_TEST(test_migrate_v3)
{
	stance_assess_options ao = STANCE_ASSESS_OPTIONS_INIT;
	stance_outcome_options oo = STANCE_OUTCOME_OPTIONS_INIT;
	stance_db *db = NULL, *fresh = test_db();
	char *migrated, *expected, id[STANCE_UUID_LEN + 1];

	ck_assert_int_eq(stance_migrations[2].number, 3);
	make_dir();
	for (int m = 0; m < 3; m++)
		raw_exec(stance_migrations[m].sql);
	raw_exec(v2_data);
	raw_exec("PRAGMA application_id = 1398031182; PRAGMA user_version = 3;");
	ck_ok(stance_db_open(&db, path, STANCE_DB_CREATE));
	ck_assert_int_eq(stance_db_schema_version(db), stance_db_schema_latest());
	migrated = schema_of(db->conn);
	expected = schema_of(fresh->conn);
	ck_assert_str_eq(migrated, expected);
	free(migrated);
	free(expected);
	stance_db_close(fresh);
	ck_assert_text(rows_of(db->conn, "SELECT (SELECT count(*) FROM assessment),"
			       " (SELECT count(*) FROM outcome), (SELECT count(*) FROM statement)"),
		       "0 0 5\n");
	ck_assert_text(answers_as_of(db, NULL),
		       "ir enrichment 1 s3\nus enrichment 0 s5\nus sanctions -2! s4\n");
	ao.party = "ir";
	ao.issue = "enrichment";
	ao.has_salience = 1;
	ao.salience = 90;
	ao.date = "2015-04-01";
	ao.recorded_by = "ann";
	ck_ok(stance_assessment_add(id, db, &ao));
	oo.issue = "sanctions";
	oo.date = "2015-07-14";
	oo.has_point = 1;
	oo.point = 70;
	oo.recorded_by = "ann";
	ck_ok(stance_outcome_add(id, db, &oo));
	ck_assert_text(rows_of(db->conn, "SELECT party_id, issue_id, salience FROM assessment"),
		       "1 1 90.0\n");
	ck_assert_sound(db);
	stance_db_close(db);
	remove_dir();
}
END_TEST
