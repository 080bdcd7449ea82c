/*
 * snapshot.h - JSON snapshots of a whole database (format version 1,
 * docs/snapshot.md): the JSON shapes of entities and statements, a
 * streaming export, and an import that validates a snapshot and merges it
 * into the database, all or nothing.
 */
#ifndef STANCE_SNAPSHOT_H
#define STANCE_SNAPSHOT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "stance/db.h"
#include "stance/entity.h"
#include "stance/statement.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The "format" and "version" members every snapshot carries. */
#define STANCE_SNAPSHOT_FORMAT "stance-snapshot"
#define STANCE_SNAPSHOT_VERSION 1

/* An entity in its snapshot shape: {"slug": ..., then each field of its
 * type's description by its member name, null when it has no value}.
 * Returns a new reference, or NULL when out of memory. */
json_t *stance_snapshot_entity_json(const stance_entity *e);

/* A statement in its snapshot shape, every member present in the order of
 * the format: id, party, actor, said_on, kind (a NULL kind is the default,
 * "quote"), text, source, url, credibility (0: null), recorded_by,
 * recorded_at, retracted (null or {"at", "by", "reason"}) and positions
 * ([{"issue", "stance" by name, "red_line", "condition"}], in the order of
 * st->positions: by issue when read from the database). Returns a new
 * reference, or NULL when out of memory. */
json_t *stance_snapshot_statement_json(const stance_statement *st);

/* Writes the whole database to out as one snapshot, member by member and
 * item by item, never the whole document in memory. The bytes are
 * deterministic but for "exported_at" (now): 2-space indentation, one
 * member per line, members in the order of the format, UTF-8 as is;
 * entities by slug, statements by (said_on, recorded_at, id), retracted
 * ones included. Everything is read in one read transaction (unless the
 * caller holds one). out is borrowed and not closed; a failed write is
 * STANCE_EIO. */
int stance_snapshot_export(stance_db *db, FILE *out);

/* What an import added or found unchanged, by kind of thing. */
enum stance_snapshot_kind {
	STANCE_SNAPSHOT_PARTIES = STANCE_PARTY,
	STANCE_SNAPSHOT_ACTORS = STANCE_ACTOR,
	STANCE_SNAPSHOT_SOURCES = STANCE_SOURCE,
	STANCE_SNAPSHOT_ISSUES = STANCE_ISSUE,
	STANCE_SNAPSHOT_STATEMENTS = STANCE_ENTITY_TYPES,
	STANCE_SNAPSHOT_KINDS
};

typedef struct stance_snapshot_summary {
	size_t added[STANCE_SNAPSHOT_KINDS];
	size_t unchanged[STANCE_SNAPSHOT_KINDS];
	/* statements the database had unretracted whose retraction the
	 * snapshot carried over (counted in neither array) */
	size_t retracted;
} stance_snapshot_summary;

enum stance_snapshot_flags {
	/* Validate and merge as usual, then roll everything back: the summary
	 * says what an import would add. */
	STANCE_SNAPSHOT_DRY_RUN = 1 << 0
};

/* Reads a snapshot from in (borrowed, not closed), one statement at a time,
 * and merges it into the database in one transaction (or in the caller's
 * explicit one). analyst is the recorded_by of statements that have none.
 * Everything is validated; any invalid value, unknown member, unknown slug
 * or duplicate is STANCE_EINVALID (or STANCE_ENOTFOUND, STANCE_EEXISTS), and
 * anything that contradicts the database STANCE_ECONFLICT; each message
 * starts with the JSON path ("$.statements[3].said_on: ..."). On any error
 * nothing is written. *out, when out is not NULL, receives the summary
 * (also with STANCE_SNAPSHOT_DRY_RUN, which writes nothing). */
int stance_snapshot_import(stance_snapshot_summary *out, stance_db *db, FILE *in,
			   const char *analyst, unsigned flags);

/* The summary in the shape of `stance import --format json`:
 * {"added": {"parties", "actors", "sources", "issues", "statements"},
 *  "unchanged": {...}, "retracted": n}. A new reference, NULL when out of
 * memory. */
json_t *stance_snapshot_summary_json(const stance_snapshot_summary *s);

/* The plural name of a summary kind ("parties" ... "statements"); a static
 * string, NULL when out of range. */
const char *stance_snapshot_kind_name(enum stance_snapshot_kind kind);

#ifdef __cplusplus
}
#endif

#endif
