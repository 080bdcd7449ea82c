/* Opening, creating, refusing and migrating databases; transactions; the
 * integrity check. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <sqlite3.h>

#include "common-internal.h"
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

	/* break the invariants behind the library's back */
	ck_assert_int_eq(sqlite3_exec(db->conn,
		"DELETE FROM current_position;"
		"UPDATE statement SET said_on = '2025-02-30';", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(stance_db_check(db, &n, collect, problems), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_msg(strstr(problems, "party ua on issue crimea-recognition is out of date"),
		      "%s", problems);
	ck_assert_msg(strstr(problems, "2025-02-30 is not a real date"), "%s", problems);
	stance_db_close(db);
}
END_TEST
