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
#include "stance/revision.h"
#include "stance/bargain.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The "format" and "version" members every snapshot carries. */
#define STANCE_SNAPSHOT_FORMAT "stance-snapshot"
/* The version export writes; import reads 1 and 2. */
#define STANCE_SNAPSHOT_VERSION 2

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

/* An assessment in its snapshot shape: {"id", "party", "issue", "salience",
 * "capability", "date", "reason", "recorded_by", "recorded_at",
 * "retracted"}, null for what it lacks (design §4). A new reference, NULL
 * when out of memory. */
json_t *stance_snapshot_assessment_json(const struct stance_assessment *a);

/* An outcome in its snapshot shape: {"id", "issue", "date", "point",
 * "text", "source", "recorded_by", "recorded_at", "retracted"}. A new
 * reference, NULL when out of memory. */
json_t *stance_snapshot_outcome_json(const struct stance_outcome *o);

/* A revision in its snapshot shape: {"id", "at", "by", "reason", "target":
 * {"kind", "key"}, "changes": [{"member", "from", "to"}]}, the values
 * parsed from their JSON text; a creation (r->created) has "changes": []
 * and "created": true. A new reference, NULL when out of memory. */
json_t *stance_snapshot_revision_json(const stance_revision *r);

/* Writes the whole database to out as one snapshot, member by member and
 * item by item, never the whole document in memory. The bytes are
 * deterministic but for "exported_at" (now): 2-space indentation, one
 * member per line, members in the order of the format, UTF-8 as is;
 * entities by slug, statements by (said_on, recorded_at, id), retracted
 * ones included. Everything is read in one read transaction (unless the
 * caller holds one). out is borrowed and not closed; a failed write is
 * STANCE_EIO. */
int stance_snapshot_export(stance_db *db, FILE *out);

/* What stance_snapshot_export_opts() exports. Initialise it with
 * STANCE_EXPORT_OPTIONS_INIT (everything as it is now). */
typedef struct stance_export_options {
	unsigned int version;  /* STANCE_EXPORT_OPTIONS_VERSION */
	const char *as_known;  /* a date (its end) or an RFC 3339 time: the database as
				  it was known then (design §2), its history up to then;
				  NULL: now */
} stance_export_options;

#define STANCE_EXPORT_OPTIONS_VERSION 1
#define STANCE_EXPORT_OPTIONS_INIT { .version = STANCE_EXPORT_OPTIONS_VERSION }

/* stance_snapshot_export() with options (NULL: the defaults). */
int stance_snapshot_export_opts(stance_db *db, FILE *out, const stance_export_options *o);

/* What an import added or found unchanged, by kind of thing. */
enum stance_snapshot_kind {
	STANCE_SNAPSHOT_PARTIES = STANCE_PARTY,
	STANCE_SNAPSHOT_ACTORS = STANCE_ACTOR,
	STANCE_SNAPSHOT_SOURCES = STANCE_SOURCE,
	STANCE_SNAPSHOT_ISSUES = STANCE_ISSUE,
	STANCE_SNAPSHOT_STATEMENTS = STANCE_ENTITY_TYPES,
	STANCE_SNAPSHOT_POSITIONS,
	STANCE_SNAPSHOT_REVISIONS,
	STANCE_SNAPSHOT_ASSESSMENTS,
	STANCE_SNAPSHOT_OUTCOMES,
	STANCE_SNAPSHOT_KINDS
};

typedef struct stance_snapshot_summary {
	size_t added[STANCE_SNAPSHOT_KINDS];
	size_t unchanged[STANCE_SNAPSHOT_KINDS];
	/* statements the database had unretracted whose retraction the
	 * snapshot carried over (counted in neither array) */
	size_t retracted;
	/* where a later revision won against the database's value, or
	 * --prefer chose: [{"path", "kept", "other", "by", "revision"}]; a new
	 * reference or NULL for none */
	json_t *resolved;
	/* when the import fails with STANCE_ECONFLICT: the first 100 of the
	 * ncontradictions contradictions, [{"path", "snapshot", "database",
	 * "resolvable"}]; a new reference or NULL */
	json_t *contradictions;
	size_t ncontradictions;
} stance_snapshot_summary;

/* Releases the JSON a summary holds (not s itself); accepts NULL. */
void stance_snapshot_summary_clear(stance_snapshot_summary *s);

enum stance_snapshot_flags {
	/* Validate and merge as usual, then roll everything back: the summary
	 * says what an import would add. */
	STANCE_SNAPSHOT_DRY_RUN = 1 << 0,
	/* Resolve each contradiction (design §7 rule 4) with the database's
	 * value or with the snapshot's, recorded as a revision. */
	STANCE_SNAPSHOT_PREFER_OURS = 1 << 1,
	STANCE_SNAPSHOT_PREFER_THEIRS = 1 << 2
};

/* How stance_snapshot_import() merges. Initialise it with
 * STANCE_IMPORT_OPTIONS_INIT, then set the members. */
typedef struct stance_import_options {
	unsigned int version;  /* STANCE_IMPORT_OPTIONS_VERSION */
	const char *analyst;   /* recorded_by/created_by where the snapshot has none, and
				  the author of the revisions --prefer writes */
	unsigned flags;        /* enum stance_snapshot_flags */
	const char *name;      /* the snapshot's name (its file), for those revisions */
} stance_import_options;

#define STANCE_IMPORT_OPTIONS_VERSION 1
#define STANCE_IMPORT_OPTIONS_INIT { .version = STANCE_IMPORT_OPTIONS_VERSION }

/* Reads a snapshot (version 1 or 2) from in (borrowed, not closed), one
 * statement at a time, and merges it into the database by the rules of
 * design §7 in one transaction (or in the caller's explicit one).
 * Everything is validated; any invalid value, unknown member, unknown slug
 * or duplicate is STANCE_EINVALID (or STANCE_ENOTFOUND, STANCE_EEXISTS), each
 * message starting with the JSON path ("$.statements[3].said_on: ...");
 * contradictions are STANCE_ECONFLICT, all of them listed in the summary.
 * On any error nothing is written. *out, when out is not NULL, receives the
 * summary (also with STANCE_SNAPSHOT_DRY_RUN, which writes nothing, and on
 * STANCE_ECONFLICT); clear it with stance_snapshot_summary_clear(). */
int stance_snapshot_import(stance_snapshot_summary *out, stance_db *db, FILE *in,
			   const stance_import_options *o);

/* The summary in the shape of `stance import --format json`:
 * {"added": {"parties", "actors", "sources", "issues", "statements",
 *  "positions", "revisions", "assessments", "outcomes"}, "unchanged": {...},
 *  "retracted": n, "resolved": [...]}. A new reference, NULL when out of
 * memory. */
json_t *stance_snapshot_summary_json(const stance_snapshot_summary *s);

/* The plural name of a summary kind ("parties" ... "outcomes"); a static
 * string, NULL when out of range. */
const char *stance_snapshot_kind_name(enum stance_snapshot_kind kind);

#ifdef __cplusplus
}
#endif

#endif
