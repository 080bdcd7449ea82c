/*
 * db.c - opening stance databases, migrations, transactions, the statement
 * cache and the integrity check.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common-internal.h"
#include "migrations-internal.h"

/* 'STCN': how stance recognises its own files. */
#define STANCE_APPLICATION_ID 0x5354434e
#define STANCE_BUSY_TIMEOUT_MS 10000

int stance_db_schema_latest(void)
{
	return stance_migrations_count;
}

int stance_db_schema_version(const stance_db *db)
{
	return db->schema_version;
}

int stance_db_init_result(const stance_db *db)
{
	return db->init_result;
}

static int exec(stance_db *db, const char *sql, const char *what)
{
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : stance_error_sqlite(db->conn, rc, what);
}

static int pragma_int(stance_db *db, const char *sql, int *out)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db->conn, sql, -1, &stmt, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int(stmt, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK ? 0 : stance_error_sqlite(db->conn, rc, "reading the database header");
}

/* The settings every connection gets, before anything else touches it. */
static int configure(stance_db *db)
{
	int on = 1, rc;

	sqlite3_extended_result_codes(db->conn, 1);
	sqlite3_busy_timeout(db->conn, STANCE_BUSY_TIMEOUT_MS);
	if (sqlite3_db_config(db->conn, SQLITE_DBCONFIG_DEFENSIVE, 1, &on) != SQLITE_OK ||
	    sqlite3_db_config(db->conn, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &on) != SQLITE_OK ||
	    sqlite3_db_config(db->conn, SQLITE_DBCONFIG_ENABLE_FKEY, 1, &on) != SQLITE_OK)
		return stance_error(STANCE_EINTERNAL, "cannot configure the sqlite connection");
	rc = exec(db, "PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = ON;",
		  "configuring the connection");
	return rc;
}

/* Applies the migrations after the database's version in one transaction,
 * so a database is never left half-migrated. */
static int migrate(stance_db *db, int from)
{
	int rc = 0;
	char sql[96];

	if (from == 0 && strcmp(db->path, ":memory:") != 0) {
		rc = exec(db, "PRAGMA journal_mode = WAL", "switching to WAL");
		if (rc)
			return rc;
	}
	rc = exec(db, "BEGIN IMMEDIATE", "starting the migration");
	if (rc)
		return rc;
	for (int i = from; i < stance_migrations_count; i++) {
		int src = sqlite3_exec(db->conn, stance_migrations[i].sql, NULL, NULL, NULL);

		if (src != SQLITE_OK) {
			rc = stance_error_sqlite(db->conn, src, "migrating the schema");
			rc = stance_error(rc, "migration %s failed: %s",
					  stance_migrations[i].name, sqlite3_errmsg(db->conn));
			goto done;
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = %d;",
		 STANCE_APPLICATION_ID, stance_migrations_count);
	rc = exec(db, sql, "stamping the schema version");
	if (rc)
		goto done;
	rc = exec(db, "COMMIT", "committing the migration");
done:
	if (rc)
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	else
		db->schema_version = stance_migrations_count;
	return rc;
}

/* Decides from the header whether this is a stance database we may use,
 * before anything could write to it. */
static int inspect(stance_db *db, unsigned flags, int *version)
{
	int app = 0, tables = 0, rc;

	rc = pragma_int(db, "PRAGMA application_id", &app);
	if (rc == STANCE_ENOTSTANCE || rc == STANCE_EINTERNAL)
		return stance_error(STANCE_ENOTSTANCE, "%s is not a stance database", db->path);
	if (rc)
		return rc;
	rc = pragma_int(db, "PRAGMA user_version", version);
	if (!rc)
		rc = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &tables);
	if (rc)
		return rc == STANCE_EINTERNAL ?
			stance_error(STANCE_ENOTSTANCE, "%s is not a stance database", db->path) : rc;
	if (app == 0 && *version == 0 && tables == 0) {
		/* an empty file: a database only once init has made it one */
		if (flags & STANCE_DB_CREATE)
			return 0;
		return stance_error(STANCE_ENOTSTANCE,
				    "%s is an empty file, not a stance database; run 'stance init'",
				    db->path);
	}
	if (app != STANCE_APPLICATION_ID)
		return stance_error(STANCE_ENOTSTANCE,
				    "%s is not a stance database (an SQLite file made by something else)",
				    db->path);
	if (*version > stance_migrations_count)
		return stance_error(STANCE_ENEWER,
				    "%s was made by a newer stance (schema %d, this one knows %d)",
				    db->path, *version, stance_migrations_count);
	if (*version < stance_migrations_count && !(flags & STANCE_DB_CREATE))
		return stance_error(STANCE_EOLDER,
				    "%s has schema %d, this stance needs %d; run 'stance init' to migrate it",
				    db->path, *version, stance_migrations_count);
	return 0;
}

/* Creates a new database file with mode 0600, so that it is never
 * readable by others, even for a moment. */
static int create_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0)
		return stance_error(STANCE_ECANTCREATE, "cannot create %s: %s", path, strerror(errno));
	close(fd);
	return 0;
}

int stance_db_open(stance_db **out, const char *path, unsigned flags)
{
	stance_db *db = NULL;
	int memory = strcmp(path, ":memory:") == 0;
	int created = 0, version = 0, rc, oflags;
	struct stat sb;

	*out = NULL;
	stance_error_clear();
	if (!memory && stat(path, &sb) != 0) {
		/* a path through a file ("x.db/inner.db") names no database either */
		if (errno != ENOENT && errno != ENOTDIR)
			return stance_error(STANCE_EIO, "cannot read %s: %s", path, strerror(errno));
		if (!(flags & STANCE_DB_CREATE))
			return stance_error(STANCE_ENODB, "no database at %s; run 'stance init'", path);
		rc = create_file(path);
		if (rc)
			return rc;
		created = 1;
	} else if (!memory && !S_ISREG(sb.st_mode)) {
		return stance_error(STANCE_ENOTSTANCE, "%s is not a stance database (not a regular file)",
				    path);
	} else if (!memory && access(path, R_OK) != 0) {
		/* sysexits' "did not exist or was not readable": no input */
		return stance_error(STANCE_ENODB, "cannot read %s: %s", path, strerror(errno));
	}
	db = calloc(1, sizeof(*db));
	if (!db || !(db->path = strdup(path))) {
		rc = stance_error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	if (memory)
		flags |= STANCE_DB_CREATE;
	oflags = (flags & STANCE_DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	rc = sqlite3_open_v2(path, &db->conn, oflags | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		rc = db->conn ? stance_error_sqlite(db->conn, rc, "opening the database") :
				stance_error(STANCE_ENOMEM, "out of memory");
		if (rc == STANCE_ECANTCREATE)
			rc = stance_error(STANCE_EIO, "cannot open %s: %s", path,
					  sqlite3_errmsg(db->conn));
		goto done;
	}
	rc = configure(db);
	if (!rc)
		rc = inspect(db, flags, &version);
	if (rc)
		goto done;
	db->schema_version = version;
	if (version < stance_migrations_count) {
		rc = migrate(db, version);
		if (rc)
			goto done;
		db->init_result = version == 0 ? 1 : 2;
	}
done:
	if (rc) {
		stance_db_close(db);
		/* a file we made for a database that failed is not left behind */
		if (created)
			unlink(path);
		return rc;
	}
	*out = db;
	return 0;
}

void stance_db_close(stance_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].stmt);
	sqlite3_close(db->conn);
	free(db->path);
	free(db);
}

int stance_db_prepare(stance_db *db, sqlite3_stmt **out, const char *sql)
{
	int i, rc;

	for (i = 0; i < db->ncache; i++) {
		if (db->cache[i].sql == sql) {
			sqlite3_reset(db->cache[i].stmt);
			sqlite3_clear_bindings(db->cache[i].stmt);
			*out = db->cache[i].stmt;
			return 0;
		}
	}
	rc = sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
	if (rc != SQLITE_OK)
		return stance_error_sqlite(db->conn, rc, "preparing a query");
	/* a full cache still works: the oldest statement that is not in the
	 * middle of a walk makes room */
	if (db->ncache == STANCE_STMT_CACHE) {
		for (i = 0; i < db->ncache && sqlite3_stmt_busy(db->cache[i].stmt); i++)
			;
		if (i == db->ncache) {
			sqlite3_finalize(*out);
			*out = NULL;
			return stance_error(STANCE_EINTERNAL, "too many queries running at once");
		}
		sqlite3_finalize(db->cache[i].stmt);
		memmove(&db->cache[i], &db->cache[i + 1],
			sizeof(db->cache[0]) * (size_t)(db->ncache - i - 1));
		db->ncache--;
	}
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache].stmt = *out;
	db->ncache++;
	return 0;
}

int stance_db_exec_stmt(stance_db *db, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	return stance_error_sqlite(db->conn, rc, what);
}

int stance_db_exists(stance_db *db, sqlite3_stmt *stmt, int *found, const char *what)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	return stance_error_sqlite(db->conn, rc, what);
}

int stance_db_begin(stance_db *db)
{
	int rc;

	if (db->in_txn)
		return stance_error(STANCE_EINTERNAL, "a transaction is already open");
	rc = exec(db, "BEGIN IMMEDIATE", "starting a transaction");
	if (!rc)
		db->in_txn = 1;
	return rc;
}

int stance_db_commit(stance_db *db)
{
	int rc;

	if (!db->in_txn)
		return stance_error(STANCE_EINTERNAL, "no transaction is open");
	rc = exec(db, "COMMIT", "committing");
	if (rc) {
		stance_db_rollback(db);
		return rc;
	}
	db->in_txn = 0;
	return 0;
}

void stance_db_rollback(stance_db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	db->in_txn = 0;
}

int stance_db_write_begin(stance_db *db, int *own)
{
	*own = 0;
	if (db->in_txn)
		return 0;
	*own = 1;
	return exec(db, "BEGIN IMMEDIATE", "starting a transaction");
}

int stance_db_write_end(stance_db *db, int own, int rc)
{
	if (!own)
		return rc;
	if (rc == 0) {
		int src = sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);

		if (src == SQLITE_OK)
			return 0;
		rc = stance_error_sqlite(db->conn, src, "committing");
	}
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int stance_bind_text(sqlite3_stmt *stmt, int i, const char *text)
{
	if (!text)
		return sqlite3_bind_null(stmt, i);
	return sqlite3_bind_text(stmt, i, text, -1, SQLITE_STATIC);
}

char *stance_column_dup(sqlite3_stmt *stmt, int i, int *rc)
{
	const unsigned char *s = sqlite3_column_text(stmt, i);
	char *copy;

	if (!s)
		return NULL;
	copy = strdup((const char *)s);
	if (!copy)
		*rc = STANCE_ENOMEM;
	return copy;
}

/* Each check is a query whose rows are problems, described by its first
 * column. */
static const char *const invariant_checks[] = {
	"SELECT 'foreign key: ' || \"table\" || ' row ' || coalesce(rowid, '?') ||"
	" ' refers to a missing ' || parent FROM pragma_foreign_key_check",
	"SELECT 'statement ' || s.uuid || ': actor ' || a.slug || ' speaks for another party'"
	" FROM statement AS s JOIN actor AS a ON a.id = s.actor_id WHERE a.party_id <> s.party_id",
	"WITH RECURSIVE up(start, id, depth) AS ("
	"  SELECT id, parent_id, 1 FROM issue WHERE parent_id IS NOT NULL"
	"  UNION ALL SELECT up.start, i.parent_id, depth + 1 FROM up JOIN issue AS i ON i.id = up.id"
	"  WHERE i.parent_id IS NOT NULL AND depth < 10000)"
	" SELECT DISTINCT 'issue ' || i.slug || ': its parents form a cycle'"
	" FROM up JOIN issue AS i ON i.id = up.start WHERE up.id = up.start",
	/* the current positions must be what ranking every statement gives */
	"WITH ranked AS ("
	"  SELECT s.party_id, p.issue_id, s.id AS statement_id, row_number() OVER ("
	"    PARTITION BY s.party_id, p.issue_id"
	"    ORDER BY s.said_on DESC, s.recorded_at DESC, s.uuid DESC) AS n"
	"  FROM position AS p JOIN statement AS s ON s.id = p.statement_id"
	"  WHERE s.retracted_at IS NULL),"
	" expected AS (SELECT party_id, issue_id, statement_id FROM ranked WHERE n = 1),"
	" diff AS (SELECT * FROM (SELECT * FROM expected EXCEPT SELECT * FROM current_position)"
	"  UNION ALL SELECT * FROM (SELECT * FROM current_position EXCEPT SELECT * FROM expected))"
	" SELECT 'current position of party ' || coalesce(pa.slug, d.party_id) || ' on issue '"
	"  || coalesce(i.slug, d.issue_id) || ' is out of date'"
	" FROM diff AS d LEFT JOIN party AS pa ON pa.id = d.party_id"
	" LEFT JOIN issue AS i ON i.id = d.issue_id",
	"SELECT 'statement ' || uuid || ': recorded_at ' || recorded_at || ' is not a real time'"
	" FROM statement WHERE strftime('%Y-%m-%dT%H:%M:%fZ', recorded_at) IS NOT recorded_at",
	"SELECT 'statement ' || uuid || ': retracted_at ' || retracted_at || ' is not a real time'"
	" FROM statement WHERE retracted_at IS NOT NULL"
	" AND strftime('%Y-%m-%dT%H:%M:%fZ', retracted_at) IS NOT retracted_at",
	/* date() keeps impossible days such as 02-30, julianday() does not */
	"SELECT 'statement ' || uuid || ': said_on ' || said_on || ' is not a real date'"
	" FROM statement WHERE date(julianday(said_on)) IS NOT said_on",
};

/* Runs one check query, reporting each row as a problem. */
static int run_check(stance_db *db, const char *sql, size_t *n,
		     void (*problem)(const char *msg, void *ctx), void *ctx)
{
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(db->conn, sql, -1, &stmt, NULL);

	if (src != SQLITE_OK)
		return stance_error_sqlite(db->conn, src, "checking the database");
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *msg = (const char *)sqlite3_column_text(stmt, 0);

		/* integrity_check says "ok" when there is nothing to say */
		if (msg && strcmp(msg, "ok") != 0) {
			problem(msg, ctx);
			(*n)++;
		}
	}
	sqlite3_finalize(stmt);
	return src == SQLITE_DONE ? 0 : stance_error_sqlite(db->conn, src, "checking the database");
}

int stance_db_check(stance_db *db, size_t *nproblems,
		    void (*problem)(const char *msg, void *ctx), void *ctx)
{
	size_t n = 0;
	int rc, src;

	*nproblems = 0;
	rc = run_check(db, "PRAGMA integrity_check", &n, problem, ctx);
	for (size_t i = 0; !rc && i < sizeof(invariant_checks) / sizeof(invariant_checks[0]); i++)
		rc = run_check(db, invariant_checks[i], &n, problem, ctx);
	if (rc)
		goto done;
	src = sqlite3_exec(db->conn,
			   "INSERT INTO statement_fts (statement_fts, rank) VALUES ('integrity-check', 1)",
			   NULL, NULL, NULL);
	if (src != SQLITE_OK) {
		if ((src & 0xff) != SQLITE_CORRUPT) {
			rc = stance_error_sqlite(db->conn, src, "checking the search index");
			goto done;
		}
		problem("the full-text search index does not match the statements", ctx);
		n++;
	}
done:
	*nproblems = n;
	return rc;
}
