/*
 * common-internal.h - what every libstance module shares: setting the last
 * error, the database handle and its cache of prepared statements, and
 * write transactions.
 */
#ifndef STANCE_COMMON_INTERNAL_H
#define STANCE_COMMON_INTERNAL_H

#include <sqlite3.h>

#include "stance/stance.h"

#define STANCE_TEXT_MAX 100000

#if defined(__GNUC__)
#define STANCE_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define STANCE_PRINTF(f, a)
#endif

/* Sets the last error message and returns code, so that callers can write
 * `return stance_error(STANCE_EINVALID, "bad date '%s'", s);`. */
int stance_error(int code, const char *fmt, ...) STANCE_PRINTF(2, 3);

/* Maps a failed SQLite call on conn to a stance code and message; what says
 * what was being done ("recording the statement"). */
int stance_error_sqlite(sqlite3 *conn, int rc, const char *what);

/* Clears the last error (a successful call leaves it empty). */
void stance_error_clear(void);

/* More than the distinct queries of libstance, so nothing is evicted in
 * practice; eviction only keeps a bug from growing without bound. */
#define STANCE_STMT_CACHE 128

struct stance_db {
	sqlite3 *conn;
	char *path;
	int schema_version;
	int init_result;
	int in_txn;   /* an explicit stance_db_begin() is open */
	int created;  /* this open created the file (O_EXCL), nothing committed yet */
	int discard;  /* remove the file we created when closing (rolled back) */
	int make_wal; /* switch to WAL once the new schema is committed */
	struct {
		const char *sql;  /* a static string: compared by address */
		sqlite3_stmt *stmt;
	} cache[STANCE_STMT_CACHE];
	int ncache;
};

/* Returns in *out the cached prepared statement for sql (a string literal:
 * the cache compares addresses), reset and with its bindings cleared.
 * Statements are borrowed: never finalize them. Two uses of the same SQL
 * must not overlap. */
int stance_db_prepare(stance_db *db, sqlite3_stmt **out, const char *sql);

/* Steps a statement that returns no rows and resets it. */
int stance_db_exec_stmt(stance_db *db, sqlite3_stmt *stmt, const char *what);

/* Steps a query that returns at most the one row it looks for and resets
 * it: *found is 1 when there was a row, 0 when not. Returns 0 or the error,
 * so a failing query is never mistaken for a missing row. */
int stance_db_exists(stance_db *db, sqlite3_stmt *stmt, int *found, const char *what);

/* Starts a write: joins an open explicit transaction or begins its own
 * (BEGIN IMMEDIATE). *own says which, for stance_db_write_end(). */
int stance_db_write_begin(stance_db *db, int *own);

/* Ends a write started by stance_db_write_begin(): commits its own
 * transaction when rc is 0, rolls it back otherwise. Returns rc, or the
 * commit's error. */
int stance_db_write_end(stance_db *db, int own, int rc);

/* Binds text or NULL. */
int stance_bind_text(sqlite3_stmt *stmt, int i, const char *text);

/* A new copy of column i as a string, NULL when the column is NULL. Sets
 * *rc to STANCE_ENOMEM when a copy fails. */
char *stance_column_dup(sqlite3_stmt *stmt, int i, int *rc);

/* strdup that accepts NULL. */
char *stance_strdup(const char *s);

/* Whether s is valid UTF-8 (no overlongs, no surrogates). */
int stance_utf8_valid(const char *s, size_t len);

#endif
