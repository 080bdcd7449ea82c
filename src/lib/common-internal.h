/*
 * common-internal.h - what every libstance module shares: setting the last
 * error, the database handle and its cache of prepared statements, and
 * read and write transactions.
 *
 * Naming (libgit2's convention). A public function is
 * stance_<module>_<verb> and is declared in include/stance/<module>.h. A
 * function that crosses files inside libstance but is not public carries
 * two underscores after its module, the module being the file that defines
 * it: stance_db__prepare (db.c), stance_entity__id (entity.c),
 * stance_statement__insert (statement.c), stance_jsr__new (jsonstream.c,
 * whose objects are stance_jsr). The helpers of stance.c, which belong to
 * no module, have the underscores right after the library's name:
 * stance__error, stance__strdup. A module split over several files
 * (snapshot.c, snapshot-check.c, snapshot-export.c) is one module:
 * stance_snapshot__fail, declared in snapshot-internal.h; the types its
 * files share carry a short prefix of their own (snap_path). Functions
 * used in one file only are static and carry no prefix. The version
 * script (tools/symbols.py) exports the public names only, so a double
 * underscore never reaches the ABI, and a name without one is a promise
 * to users. (The migrations' table, stance_migrations, is data that
 * tools/embed.py writes; it is local to the library all the same.)
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
 * `return stance__error(STANCE_EINVALID, "bad date '%s'", s);`. */
int stance__error(int code, const char *fmt, ...) STANCE_PRINTF(2, 3);

/* Maps a failed SQLite call on conn to a stance code and message; what says
 * what was being done ("recording the statement"). */
int stance__error_sqlite(sqlite3 *conn, int rc, const char *what);

/* Checks the version of an option struct that a caller passed: 0 when the
 * library knows got (1 to want), else STANCE_EINVALID naming the struct
 * (what, "stance_scope") and its initializer (what in capitals + _INIT). */
int stance__check_version(unsigned int got, unsigned int want, const char *what);

/* Clears the last error (a successful call leaves it empty). */
void stance__error_clear(void);

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
	void (*note)(const char *msg, void *ctx);  /* stance_db_set_note() */
	void *note_ctx;
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
int stance_db__prepare(stance_db *db, sqlite3_stmt **out, const char *sql);

/* Steps a statement that returns no rows and resets it. */
int stance_db__exec_stmt(stance_db *db, sqlite3_stmt *stmt, const char *what);

/* Prepares sql (a string literal, as for stance_db__prepare()) and steps
 * it as stance_db__exec_stmt() does: for statements without parameters
 * that run more than once (BEGIN, a temporary table's DELETE). */
int stance_db__exec(stance_db *db, const char *sql, const char *what);

/* Steps a query that returns at most the one row it looks for and resets
 * it: *found is 1 when there was a row, 0 when not. Returns 0 or the error,
 * so a failing query is never mistaken for a missing row. */
int stance_db__exists(stance_db *db, sqlite3_stmt *stmt, int *found, const char *what);

/* Starts a write: joins an open explicit transaction or begins its own
 * (BEGIN IMMEDIATE). *own says which, for stance_db__write_end(). */
int stance_db__write_begin(stance_db *db, int *own);

/* Ends a write started by stance_db__write_begin(): commits its own
 * transaction when rc is 0, rolls it back otherwise. Returns rc, or the
 * commit's error. */
int stance_db__write_end(stance_db *db, int own, int rc);

/* Starts a read that sees one moment of the database: a deferred
 * transaction, unless one (read or write) is open already; *own says
 * which, for stance_db__read_end(). */
int stance_db__read_begin(stance_db *db, int *own);

/* Ends a read started by stance_db__read_begin(). Returns rc, or the end's
 * own error when rc is 0. */
int stance_db__read_end(stance_db *db, int own, int rc);

/* Starts a write that can be undone on its own, for the snapshot import:
 * inside the caller's explicit transaction (stance_db_begin()) a savepoint,
 * else an explicit transaction of its own, so that the writes inside it
 * join it. *nested says which, for stance_db__savepoint_end(). */
int stance_db__savepoint_begin(stance_db *db, int *nested);

/* Ends what stance_db__savepoint_begin() started: keeps the writes when rc
 * is 0 and keep is set, undoes them otherwise (a dry run). Returns rc, or
 * the error of keeping them. */
int stance_db__savepoint_end(stance_db *db, int nested, int rc, int keep);

/* Binds text or NULL. */
int stance_db__bind_text(sqlite3_stmt *stmt, int i, const char *text);

/* A new copy of column i as a string, NULL when the column is NULL. Sets
 * *rc to STANCE_ENOMEM when a copy fails. */
char *stance_db__column_dup(sqlite3_stmt *stmt, int i, int *rc);

/* Days since 1970-01-01 of a checked date YYYY-MM-DD (stance.c, the one
 * calendar arithmetic of the library). */
/* Resolves an id or a unique prefix of at least 8 characters (case
 * folded) with sql, which selects the ids >= ?1 and < ?1 || '~' in order,
 * at most 11: the full id in out_id, or STANCE_ENOTFOUND, STANCE_EAMBIGUOUS
 * (listing the matches) or STANCE_EINVALID, naming what ("statement"). */
int stance_db__resolve_id(char out_id[37], stance_db *db, const char *sql, const char *what,
			  const char *prefix);

/* Passes a note to the database's note function, if any (db.h). */
void stance_db__note(stance_db *db, const char *fmt, ...) STANCE_PRINTF(2, 3);

long long stance__date_days(const char *date);

/* The date YYYY-MM-DD that many days after 1970-01-01, for years 0 to 9999
 * (the dates stance checks). */
void stance__days_date(char out[11], long long days);

/* strdup that accepts NULL. */
char *stance__strdup(const char *s);

/* Whether s is valid UTF-8 (no overlongs, no surrogates). */
int stance__utf8_valid(const char *s, size_t len);

#endif
