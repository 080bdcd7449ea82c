/*
 * statement-internal.h - the pieces of recording a statement, for the
 * snapshot importer: it resolves slugs from its own tables instead of one
 * query each, but validates and inserts exactly as
 * stance_statement_record() does.
 */
#ifndef STANCE_STATEMENT_INTERNAL_H
#define STANCE_STATEMENT_INTERNAL_H

#include <sqlite3.h>

#include "stance/entity.h"
#include "stance/statement.h"

/* The record options of st, borrowing its strings and positions: the
 * snapshot importer reads a stance_statement, which can carry a retraction
 * besides. */
void stance_statement__options(stance_record_options *out, const stance_statement *st);

/* Checks every input rule of st that needs no database: id (when given),
 * date, kind, text, url, source slug, credibility, recorded_by,
 * recorded_at and the retraction (when not NULL), but not the positions (see
 * stance_statement__validate_position()). recorded_at and retracted_at receive the
 * normalised timestamps (recorded_at: now when st has none). On error
 * *member, when member is not NULL, is the snapshot member that broke a
 * rule ("said_on", "retracted"...), a static string. */
int stance_statement__validate(const stance_record_options *st,
			       const stance_retraction *retracted, char recorded_at[25],
			       char retracted_at[25], const char **member);

/* Checks one position's values (stance, red-line flag, issue slug,
 * condition) without a database; *member as above ("issue", "condition"). */
int stance_statement__validate_position(const stance_position *p, const char **member);

/* Finds the first of n issue row ids that repeats an earlier one: the
 * smallest k with ids[k] == ids[j] for some j < k, into *at, and the
 * smallest such j into *first. Returns 1 when there is one, 0 when the ids
 * are distinct, or STANCE_ENOMEM. Sorts a copy, so it takes n log n time
 * however many positions a statement has, and reports what a check of
 * every pair in order would. */
int stance_statement__repeated_issue(const sqlite3_int64 *ids, size_t n, size_t *at,
				     size_t *first);

/* The row ids a new statement refers to. */
typedef struct stance_statement_refs {
	sqlite3_int64 party;
	sqlite3_int64 actor;          /* 0: none */
	sqlite3_int64 source;         /* 0: none */
	const sqlite3_int64 *issues;  /* of each position, in order, no repeats */
} stance_statement_refs;

/* Attaches each condition ("ISSUE=TEXT") to the position on its issue
 * (stance_position_list_parse()'s second half). */
int stance_statement__attach_conditions(stance_position *pos, size_t n,
					const char *const *conditions, size_t nconditions);

/* stance_statement_record() (without clearing the last error), and on
 * failure *member says which snapshot member of the statement is at fault
 * ("said_on", "party", "actor", "source", "positions", "id"...), NULL when
 * none is. */
int stance_statement__record(char out_id[STANCE_UUID_LEN + 1], stance_db *db,
			     const stance_record_options *st, const char **member);

/* Inserts a statement that stance_statement__validate() accepted, under id
 * and with its normalised timestamps, whose references are resolved: the
 * row, its full-text entry and its positions. The caller holds the write
 * transaction. */
int stance_statement__insert(stance_db *db, const stance_record_options *st,
			     const stance_retraction *retracted, const char *id,
			     const char *recorded_at, const char *retracted_at,
			     const stance_statement_refs *refs);

/* A new version 4 UUID from the OS's random source. */
int stance_statement__uuid_v4(char out[STANCE_UUID_LEN + 1]);

/* The row id of the statement with the full id, and whether it is
 * retracted; STANCE_ENOTFOUND when there is none. */
int stance_statement__state(stance_db *db, const char *id, sqlite3_int64 *rowid, int *retracted);

/* Sets one member of a statement after checking the value: a text member
 * (party, actor, said_on, kind, text, source, url; NULL clears an optional
 * one), the credibility (0: none), the retraction (NULL: none) or the
 * position on an issue (NULL: uncoded). current_position follows through
 * the triggers, the search index through set_text. */
int stance_statement__set_text(stance_db *db, sqlite3_int64 rowid, const char *member,
			       const char *value);
int stance_statement__set_credibility(stance_db *db, sqlite3_int64 rowid, int credibility);
int stance_statement__set_retracted(stance_db *db, sqlite3_int64 rowid,
				    const stance_retraction *r);
int stance_statement__set_position(stance_db *db, sqlite3_int64 rowid, sqlite3_int64 issue,
				   const stance_position *p);

/* A JSON array of the slugs of today of the listed entities, after checking
 * that each exists (a former slug names its entity): for the filters that
 * pass a set as one parameter. *out is NULL (and no error) for an empty
 * list; free it with free(). */
int stance_statement__slug_set(char **out, stance_db *db, stance_entity_type type,
			       const char *const *slugs, size_t n);

/* A retraction read from columns i, i + 1, i + 2 (at, by, reason): new,
 * or NULL when column i is null; a failed allocation sets *rc to
 * STANCE_ENOMEM. Free it with stance_statement__retraction_free(). */
stance_retraction *stance_statement__column_retraction(sqlite3_stmt *stmt, int i, int *rc);
void stance_statement__retraction_free(stance_retraction *r);

#endif
