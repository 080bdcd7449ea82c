/*
 * db.h - opening a stance database, creating and migrating its schema, and
 * transactions.
 */
#ifndef STANCE_DB_H
#define STANCE_DB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct stance_db stance_db;

enum stance_db_flags {
	/* Create the file when it is missing and migrate an older schema to the
	 * current one (what 'stance init' does). Without it the file must exist
	 * and already have the current schema. */
	STANCE_DB_CREATE = 1 << 0,
	/* For reading only: the caller writes nothing through this handle. It
	 * is opened read-write where it can be (so that closing it cleans up
	 * the WAL), and where the WAL cannot be used (a read-only file,
	 * directory or mount) read-only, then immutable, so that a database the
	 * user may read can always be read. */
	STANCE_DB_READONLY = 1 << 1,
	/* Return with a write transaction begun (BEGIN IMMEDIATE), in which a
	 * migration (STANCE_DB_CREATE) also runs; the caller ends it with
	 * stance_db_commit() or stance_db_rollback(). A command can so check
	 * that its output was written before anything is committed. When the
	 * open created the file, rolling back removes it again on close. */
	STANCE_DB_BEGIN = 1 << 2
};

/* Opens the stance database at path (":memory:" for a private in-memory
 * one, which is always created and migrated). On success *out is a new
 * handle the caller frees with stance_db_close(). Refuses, and leaves
 * untouched, a file that is not a stance database (STANCE_ENOTSTANCE) or one
 * made by a newer stance (STANCE_ENEWER); a missing file without
 * STANCE_DB_CREATE is STANCE_ENODB; an older schema without
 * STANCE_DB_CREATE is STANCE_EOLDER. */
int stance_db_open(stance_db **out, const char *path, unsigned flags);

/* Closes the handle; accepts NULL. */
void stance_db_close(stance_db *db);

/* The schema version of the open database and the one this library
 * writes (the number of the last migration). */
int stance_db_schema_version(const stance_db *db);
int stance_db_schema_latest(void);

/* Whether the last stance_db_open() with STANCE_DB_CREATE created the file
 * (1), migrated it (2) or found it current (0). */
int stance_db_init_result(const stance_db *db);

/* Explicit transactions around several library calls: every write call
 * joins a transaction that is open and otherwise runs its own. begin is
 * BEGIN IMMEDIATE, so a writer waits for the busy timeout at most once. */
int stance_db_begin(stance_db *db);
int stance_db_commit(stance_db *db);
/* Rolls back the open transaction, if any; never fails. */
void stance_db_rollback(stance_db *db);

/* Sets the function that receives the library's notes about a call that
 * succeeded but that the user should hear of ("'ir' is an old name of
 * party 'iran'"), one line each, with ctx; NULL drops them (the default).
 * Notes never carry control characters. */
void stance_db_set_note(stance_db *db, void (*note)(const char *msg, void *ctx), void *ctx);

/* Runs the integrity, foreign-key and stance invariant checks, and those
 * of the history (design §7). Calls problem(msg, ctx) once per problem
 * found and sets *nproblems; warnings, which do not make a database
 * unsound (statements that look recorded twice), go to the note function
 * of stance_db_set_note(). Returns 0 when the checks could run (sound or
 * not). */
int stance_db_check(stance_db *db, size_t *nproblems,
		    void (*problem)(const char *msg, void *ctx), void *ctx);

#ifdef __cplusplus
}
#endif

#endif
