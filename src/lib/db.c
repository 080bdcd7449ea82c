/*
 * db.c - opening stance databases, migrations, transactions and the
 * statement cache (the integrity check is db-check.c).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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

	return rc == SQLITE_OK ? 0 : stance__error_sqlite(db->conn, rc, what);
}

/* What the header says: stance's application id, the schema version, and
 * how many tables there are (an empty file has none). One query, so that
 * the three are read in one transaction: a racing 'stance init' that
 * commits in between cannot make a half-read look like a foreign file. */
static int read_header(stance_db *db, int *app, int *version, int *tables)
{
	static const char sql[] =
		"SELECT * FROM pragma_application_id, pragma_user_version,"
		" (SELECT count(*) FROM sqlite_schema)";
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db->conn, sql, -1, &stmt, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			*app = sqlite3_column_int(stmt, 0);
			*version = sqlite3_column_int(stmt, 1);
			*tables = sqlite3_column_int(stmt, 2);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK ? 0 : stance__error_sqlite(db->conn, rc, "reading the database header");
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
		return stance__error(STANCE_EINTERNAL, "cannot configure the sqlite connection");
	rc = exec(db, "PRAGMA trusted_schema = OFF; PRAGMA foreign_keys = ON;",
		  "configuring the connection");
	return rc;
}

/* Begins the write transaction in which a migration runs, and reads the
 * version again inside it: another stance (a racing 'stance init') may have
 * migrated the file while this one waited for the lock. */
static int migrate_begin(stance_db *db, int *from)
{
	int app = 0, tables = 0, rc = exec(db, "BEGIN IMMEDIATE", "starting a transaction");

	if (!rc)
		rc = read_header(db, &app, from, &tables);
	if (rc) {
		stance_db_rollback(db);
		return rc;
	}
	db->in_txn = 1;
	return 0;
}

/* Applies the migrations after version from inside the open transaction,
 * so a database is never left half-migrated. */
static int migrate(stance_db *db, int from)
{
	char sql[96];
	int rc;

	for (int i = from; i < stance_migrations_count; i++) {
		int src = sqlite3_exec(db->conn, stance_migrations[i].sql, NULL, NULL, NULL);

		if (src != SQLITE_OK) {
			rc = stance__error_sqlite(db->conn, src, "migrating the schema");
			return stance__error(rc, "migration %s failed: %s", stance_migrations[i].name,
					     sqlite3_errmsg(db->conn));
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = %d;",
		 STANCE_APPLICATION_ID, stance_migrations_count);
	rc = exec(db, sql, "stamping the schema version");
	if (!rc)
		db->schema_version = stance_migrations_count;
	return rc;
}

/* init leaves the database in WAL mode once its schema is committed; it
 * cannot be switched before, because a racing stance that opened the empty
 * file in rollback mode would then not see this one's lock. Changing the
 * journal mode needs the file to itself, and a racing stance may hold it
 * past the busy timeout: then the database works as it is, in rollback
 * mode, and the next init switches it. So this never fails. */
static void finish_creation(stance_db *db)
{
	if (!db->make_wal)
		return;
	db->make_wal = 0;
	sqlite3_exec(db->conn, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
}

/* Whether the file of a failed or rolled-back open that created it may be
 * removed: it still is the empty file this handle made (nobody else's
 * database was committed into it). */
static void remove_if_ours(const char *path, int created)
{
	struct stat sb;

	if (created && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == 0)
		unlink(path);
}

/* How long an empty file may be taken for one that 'stance init' is still
 * making, in seconds: the busy timeout, after which init itself gives up. */
#define STANCE_CREATING_SECONDS (STANCE_BUSY_TIMEOUT_MS / 1000)

/* An empty file opened by anything but init: perhaps a 'stance init' is
 * making it right now. Waits for the lock such an init holds (the busy
 * timeout) and looks again; a file still empty is an error that says which
 * of the two it probably is. */
static int empty_file(stance_db *db, int *app, int *version, int *tables)
{
	struct stat sb;
	int rc;

	if (sqlite3_exec(db->conn, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK)
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	rc = read_header(db, app, version, tables);
	if (rc || *tables)
		return rc;
	if (stat(db->path, &sb) == 0 && time(NULL) - sb.st_mtime <= STANCE_CREATING_SECONDS)
		return stance__error(STANCE_EBUSY,
				     "%s is being created (an empty file); try again in a moment, "
				     "or run 'stance init'", db->path);
	return stance__error(STANCE_ENOTSTANCE,
			     "%s is an empty file, not a stance database; run 'stance init'",
			     db->path);
}

/* Decides from the header whether this is a stance database we may use,
 * before anything could write to it. */
static int inspect(stance_db *db, unsigned flags, int *version)
{
	int app = 0, tables = 0, rc;

	rc = read_header(db, &app, version, &tables);
	if (rc == STANCE_ENOTSTANCE || rc == STANCE_EINTERNAL)
		return stance__error(STANCE_ENOTSTANCE, "%s is not a stance database", db->path);
	if (!rc && app == 0 && *version == 0 && tables == 0 && !(flags & STANCE_DB_CREATE))
		/* an empty file: a database only once init has made it one */
		rc = empty_file(db, &app, version, &tables);
	if (rc)
		return rc;
	if (app == 0 && *version == 0 && tables == 0)
		return 0;
	if (app != STANCE_APPLICATION_ID)
		return stance__error(STANCE_ENOTSTANCE,
				     "%s is not a stance database (an SQLite file made by something else)",
				     db->path);
	if (*version > stance_migrations_count)
		return stance__error(STANCE_ENEWER,
				     "%s was made by a newer stance (schema %d, this one knows %d)",
				     db->path, *version, stance_migrations_count);
	if (*version < stance_migrations_count && !(flags & STANCE_DB_CREATE))
		return stance__error(STANCE_EOLDER,
				     "%s has schema %d, this stance needs %d; run 'stance init' to migrate it",
				     db->path, *version, stance_migrations_count);
	return 0;
}

/* Creates a new database file with mode 0600, so that it is never
 * readable by others, even for a moment. *created says whether this call
 * made it: a file that appeared meanwhile (another 'stance init' won the
 * race) is not an error, it is opened as it is. */
static int create_file(const char *path, int *created)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	*created = fd >= 0;
	if (fd < 0 && errno != EEXIST)
		return stance__error(STANCE_ECANTCREATE, "cannot create %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return 0;
}

/* path does not exist: a missing file, or a symbolic link to one, which
 * says so (and cannot be created through: open(O_EXCL) refuses links). */
static int missing_file(const char *path, unsigned flags, int *created)
{
	char target[256];
	ssize_t n = readlink(path, target, sizeof(target) - 1);

	*created = 0;
	if (n >= 0) {
		target[n] = '\0';
		if (flags & STANCE_DB_CREATE)
			return stance__error(STANCE_ECANTCREATE,
					     "cannot create %s: it is a symbolic link to '%s', "
					     "which does not exist", path, target);
		return stance__error(STANCE_ENODB,
				     "no database at %s (a symbolic link to '%s', which does not "
				     "exist)", path, target);
	}
	if (!(flags & STANCE_DB_CREATE))
		return stance__error(STANCE_ENODB, "no database at %s; run 'stance init'", path);
	return create_file(path, created);
}

/* The URI that opens path read-only, immutable when asked: file: with the
 * characters a URI gives a meaning ('%', '?', '#') escaped. A new string,
 * NULL when out of memory. */
static char *readonly_uri(const char *path, int immutable)
{
	sqlite3_str *uri = sqlite3_str_new(NULL);

	/* "file:" + an absolute path needs an empty authority: file:///x */
	sqlite3_str_appendall(uri, path[0] == '/' ? "file://" : "file:");
	for (const char *p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			sqlite3_str_appendf(uri, "%%%02X", (unsigned)(unsigned char)*p);
		else
			sqlite3_str_appendchar(uri, 1, *p);
	}
	sqlite3_str_appendall(uri, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
	return sqlite3_str_finish(uri);
}

/* Whether a read of the header failed because this connection cannot use
 * the WAL (no -shm or -wal can be made or written beside a read-only file,
 * in a read-only directory or on a read-only mount): then a read-only open
 * may still read the database. */
static int wal_unusable(sqlite3 *conn)
{
	switch (sqlite3_errcode(conn) & 0xff) {
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_IOERR:
		return 1;
	default:
		return 0;
	}
}

/* Opens and inspects the connection: attempt 0 read-write, as every
 * command but a read-only one does; for STANCE_DB_READONLY, attempts 1 and
 * 2 open read-only and then immutable, for a database whose WAL cannot be
 * used (see wal_unusable()). */
static int connect(stance_db *db, unsigned flags, int attempt, int *version)
{
	char *uri = NULL;
	int rc;

	if (attempt > 0 && !(uri = readonly_uri(db->path, attempt == 2)))
		return stance__error(STANCE_ENOMEM, "out of memory");
	rc = sqlite3_open_v2(uri ? uri : db->path, &db->conn,
			     uri ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI : SQLITE_OPEN_READWRITE,
			     NULL);
	sqlite3_free(uri);
	if (rc != SQLITE_OK) {
		rc = db->conn ? stance__error_sqlite(db->conn, rc, "opening the database") :
				stance__error(STANCE_ENOMEM, "out of memory");
		if (rc == STANCE_ECANTCREATE)
			rc = stance__error(STANCE_EIO, "cannot open %s: %s", db->path,
					   sqlite3_errmsg(db->conn));
		return rc;
	}
	rc = configure(db);
	if (!rc)
		rc = inspect(db, flags, version);
	return rc;
}

/* Opens the connection, falling back to the read-only ways for a read-only
 * handle; the error reported is the first attempt's, which says why the
 * ordinary way failed. */
static int connect_any(stance_db *db, unsigned flags, int *version)
{
	char first[512] = "";
	int rc = 0, first_rc = 0;

	for (int attempt = 0; attempt < 3; attempt++) {
		int retry;

		rc = connect(db, flags, attempt, version);
		if (!rc)
			return 0;
		retry = (flags & STANCE_DB_READONLY) && attempt < 2 && db->conn &&
			wal_unusable(db->conn);
		if (attempt == 0) {
			first_rc = rc;
			snprintf(first, sizeof(first), "%s", stance_error_last());
		}
		sqlite3_close(db->conn);
		db->conn = NULL;
		if (!retry)
			break;
	}
	return first_rc == rc ? rc : stance__error(first_rc, "%s", first);
}

int stance_db_open(stance_db **out, const char *path, unsigned flags)
{
	stance_db *db = NULL;
	int memory = strcmp(path, ":memory:") == 0;
	int created = 0, version = 0, rc;
	struct stat sb;

	*out = NULL;
	stance__error_clear();
	if (memory) {
		flags |= STANCE_DB_CREATE;
		flags &= ~(unsigned)STANCE_DB_READONLY;
	}
	/* stat() follows a symbolic link, as sqlite3 and git do */
	if (!memory && stat(path, &sb) != 0) {
		/* a path through a file ("x.db/inner.db") names no database either */
		if (errno != ENOENT && errno != ENOTDIR)
			return stance__error(STANCE_EIO, "cannot read %s: %s", path, strerror(errno));
		rc = missing_file(path, flags, &created);
		if (rc)
			return rc;
	} else if (!memory && !S_ISREG(sb.st_mode)) {
		return stance__error(STANCE_ENOTSTANCE, "%s is not a stance database (not a regular file)",
				     path);
	} else if (!memory && access(path, R_OK) != 0) {
		/* sysexits' "did not exist or was not readable": no input */
		return stance__error(STANCE_ENODB, "cannot read %s: %s", path, strerror(errno));
	}
	db = calloc(1, sizeof(*db));
	if (!db || !(db->path = strdup(path))) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	db->created = created;
	rc = connect_any(db, flags, &version);
	if (rc)
		goto done;
	db->schema_version = version;
	if (version < stance_migrations_count || (flags & STANCE_DB_BEGIN)) {
		int from = version;

		rc = migrate_begin(db, &from);
		if (!rc && from < stance_migrations_count) {
			rc = migrate(db, from);
			db->init_result = from == 0 ? 1 : 2;
		}
		db->make_wal = (flags & STANCE_DB_CREATE) && !memory;
		if (!rc && !(flags & STANCE_DB_BEGIN))
			rc = stance_db_commit(db);
	}
done:
	if (rc) {
		stance_db_close(db);
		/* a file we made for a database that failed is not left behind */
		remove_if_ours(path, created);
		return rc;
	}
	*out = db;
	return 0;
}

void stance_db_set_note(stance_db *db, void (*note)(const char *msg, void *ctx), void *ctx)
{
	db->note = note;
	db->note_ctx = ctx;
}

void stance_db__note(stance_db *db, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!db->note)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	db->note(msg, db->note_ctx);
}

int stance_db__resolve_id(char out_id[37], stance_db *db, const char *sql, const char *what,
			  const char *prefix)
{
	char lower[37], matches[11 * 40];
	size_t len = prefix ? strlen(prefix) : 0, mlen = 0;
	sqlite3_stmt *stmt;
	int n = 0, rc, src;

	if (len < 8 || len > 36)
		goto bad;
	for (size_t i = 0; i < len; i++) {
		char c = (char)tolower((unsigned char)prefix[i]);

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-'))
			goto bad;
		lower[i] = c;
	}
	lower[len] = '\0';
	rc = stance_db__prepare(db, &stmt, sql);
	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, lower);
	matches[0] = '\0';
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *u = (const char *)sqlite3_column_text(stmt, 0);

		if (n == 0)
			snprintf(out_id, 37, "%s", u);
		if (n < 10)
			mlen += (size_t)snprintf(matches + mlen, sizeof(matches) - mlen, "%s%s",
						 n ? ", " : "", u);
		else
			mlen += (size_t)snprintf(matches + mlen, sizeof(matches) - mlen, ", ...");
		n++;
	}
	sqlite3_reset(stmt);
	if (src != SQLITE_DONE)
		return stance__error_sqlite(db->conn, src, "looking up an id");
	if (n == 0)
		return stance__error(STANCE_ENOTFOUND, "no %s with id '%s'", what, prefix);
	if (n > 1)
		return stance__error(STANCE_EAMBIGUOUS, "%s id '%s' is ambiguous (matches: %s)", what,
				     prefix, matches);
	return 0;
bad:
	if (prefix && !stance__utf8_valid(prefix, len))
		return stance__error(STANCE_EINVALID, "invalid %s id: not valid UTF-8", what);
	return stance__error(STANCE_EINVALID, "invalid %s id '%s' (a UUID or a unique prefix of "
			     "at least 8 of its characters)", what, prefix ? prefix : "");
}

void stance_db_close(stance_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].stmt);
	sqlite3_close(db->conn);
	remove_if_ours(db->path, db->discard);
	free(db->path);
	free(db);
}

int stance_db__prepare(stance_db *db, sqlite3_stmt **out, const char *sql)
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
		return stance__error_sqlite(db->conn, rc, "preparing a query");
	/* a full cache still works: the oldest statement that is not in the
	 * middle of a walk makes room */
	if (db->ncache == STANCE_STMT_CACHE) {
		for (i = 0; i < db->ncache && sqlite3_stmt_busy(db->cache[i].stmt); i++)
			;
		if (i == db->ncache) {
			sqlite3_finalize(*out);
			*out = NULL;
			return stance__error(STANCE_EINTERNAL, "too many queries running at once");
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

int stance_db__exec_stmt(stance_db *db, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	return stance__error_sqlite(db->conn, rc, what);
}

int stance_db__exists(stance_db *db, sqlite3_stmt *stmt, int *found, const char *what)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	return stance__error_sqlite(db->conn, rc, what);
}

int stance_db_begin(stance_db *db)
{
	int rc;

	if (db->in_txn)
		return stance__error(STANCE_EINTERNAL, "a transaction is already open");
	rc = exec(db, "BEGIN IMMEDIATE", "starting a transaction");
	if (!rc)
		db->in_txn = 1;
	return rc;
}

int stance_db_commit(stance_db *db)
{
	int rc;

	if (!db->in_txn)
		return stance__error(STANCE_EINTERNAL, "no transaction is open");
	rc = exec(db, "COMMIT", "committing");
	if (rc) {
		stance_db_rollback(db);
		return rc;
	}
	db->in_txn = 0;
	/* what this handle created is now a database: it is no longer ours to
	 * remove */
	db->created = 0;
	finish_creation(db);
	return 0;
}

void stance_db_rollback(stance_db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	db->in_txn = 0;
	db->make_wal = 0;
	/* a creation rolled back leaves the empty file it made: removed on close */
	db->discard = db->created;
}

int stance_db__write_begin(stance_db *db, int *own)
{
	*own = 0;
	if (db->in_txn)
		return 0;
	*own = 1;
	return exec(db, "BEGIN IMMEDIATE", "starting a transaction");
}

int stance_db__write_end(stance_db *db, int own, int rc)
{
	if (!own)
		return rc;
	if (rc == 0) {
		int src = sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);

		if (src == SQLITE_OK)
			return 0;
		rc = stance__error_sqlite(db->conn, src, "committing");
	}
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Through the statement cache: a read is a few statements each time, the
 * analyses run it once a call. */
static const char sql_read_begin[] = "BEGIN";
static const char sql_read_end[] = "COMMIT";
static const char sql_savepoint[] = "SAVEPOINT stance";
static const char sql_release[] = "RELEASE stance";
static const char sql_rollback_to[] = "ROLLBACK TO stance";

int stance_db__exec(stance_db *db, const char *sql, const char *what)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql);

	return rc ? rc : stance_db__exec_stmt(db, stmt, what);
}

int stance_db__read_begin(stance_db *db, int *own)
{
	int rc;

	*own = 0;
	if (!sqlite3_get_autocommit(db->conn))
		return 0;
	rc = stance_db__exec(db, sql_read_begin, "starting to read");
	if (!rc)
		*own = 1;
	return rc;
}

int stance_db__read_end(stance_db *db, int own, int rc)
{
	int erc;

	if (!own)
		return rc;
	erc = stance_db__exec(db, sql_read_end, "finishing a read");
	if (erc && !sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	return rc ? rc : erc;
}

int stance_db__savepoint_begin(stance_db *db, int *nested)
{
	*nested = db->in_txn;
	if (*nested)
		return stance_db__exec(db, sql_savepoint, "starting a savepoint");
	return stance_db_begin(db);
}

int stance_db__savepoint_end(stance_db *db, int nested, int rc, int keep)
{
	if (!nested) {
		if (rc || !keep)
			stance_db_rollback(db);
		else
			rc = stance_db_commit(db);
		return rc;
	}
	/* a failure to undo cannot be reported better than rc */
	if (rc || !keep)
		sqlite3_exec(db->conn, sql_rollback_to, NULL, NULL, NULL);
	if (rc)
		sqlite3_exec(db->conn, sql_release, NULL, NULL, NULL);
	else
		rc = stance_db__exec(db, sql_release, "releasing a savepoint");
	return rc;
}

int stance_db__bind_text(sqlite3_stmt *stmt, int i, const char *text)
{
	if (!text)
		return sqlite3_bind_null(stmt, i);
	return sqlite3_bind_text(stmt, i, text, -1, SQLITE_STATIC);
}

char *stance_db__column_dup(sqlite3_stmt *stmt, int i, int *rc)
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
