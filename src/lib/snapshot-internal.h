/*
 * snapshot-internal.h - what the three files of snapshots share:
 * snapshot-export.c (the JSON shapes and the export), snapshot-check.c
 * (messages with JSON paths, and the checks of shapes and values) and
 * snapshot.c (the import: reading and merging). Only snapshot.c knows the
 * import's state; the checks see one JSON value at a time.
 */
#ifndef STANCE_SNAPSHOT_INTERNAL_H
#define STANCE_SNAPSHOT_INTERNAL_H

#include <stddef.h>

#include "common-internal.h"
#include "stance/snapshot.h"
#include "stance/statement.h"

/* A new reference: the string, or null for NULL (or NULL when memory runs
 * out; jansson's setters then fail, as they should). */
json_t *stance_snapshot__string_or_null(const char *s);

/* ---- messages (snapshot-check.c) ------------------------------------- */

/* A JSON path or value for a message, cut to about 200 bytes on a UTF-8
 * character boundary. Returned by value: no allocation can fail. */
#define SNAP_SHOW_MAX 200

typedef struct { char s[SNAP_SHOW_MAX + 8]; } snap_shown;

/* A path "$.statements[3].positions[0].issue"; cut short, still a fine
 * prefix in a message. */
typedef struct { char s[SNAP_SHOW_MAX + 80]; } snap_path;

/* v as compact JSON: "Russia", null, 2, [...]. */
snap_shown stance_snapshot__show(const json_t *v);

/* A string as a JSON string, for messages. */
snap_shown stance_snapshot__show_string(const char *s);

/* Puts "path: " in front of the last error message; returns rc. The
 * messages of the input rules quote values as given, and a snapshot's may
 * hold control characters: the message stays one line. */
int stance_snapshot__at_path(int rc, const char *path);

/* Sets the error "path: message"; returns rc. */
int stance_snapshot__fail(int rc, const char *path, const char *fmt, ...) STANCE_PRINTF(3, 4);

/* The same, at the path base.member (see stance_snapshot__path_member()). */
int stance_snapshot__fail_member(int rc, const char *base, const char *member,
				 const char *fmt, ...) STANCE_PRINTF(4, 5);

/* stance_snapshot__at_path() at the path base.member. */
int stance_snapshot__at_member(int rc, const char *base, const char *member);

/* STANCE_ECONFLICT "base.member: snapshot has ours, database has theirs". */
int stance_snapshot__conflict(const char *base, const char *member, const json_t *ours,
			      const json_t *theirs);

snap_path stance_snapshot__path_format(const char *fmt, ...) STANCE_PRINTF(1, 2);

/* base.member, or base["member"] for a name that is not an identifier. */
snap_path stance_snapshot__path_member(const char *base, const char *member);

/* base[index] */
snap_path stance_snapshot__path_index(const char *base, size_t index);

/* ---- shapes and values (snapshot-check.c) ---------------------------- */

/* The members of the top-level object, in the order of the document. */
enum snap_top_member {
	TOP_FORMAT,
	TOP_VERSION,
	TOP_EXPORTED_AT,
	TOP_PARTIES,   /* the four entity arrays, in the order of their types */
	TOP_STATEMENTS = TOP_PARTIES + STANCE_ENTITY_TYPES,
	TOP_ALIASES,
	TOP_REVISIONS,
	TOP_ASSESSMENTS,
	TOP_OUTCOMES,
	TOP_MEMBERS
};

#define TOP_BIT(m) (1u << (m))
#define TOP_ENTITIES (((1u << STANCE_ENTITY_TYPES) - 1) << TOP_PARTIES)

/* The top-level member called name into *m; an unknown one is an error
 * naming the known ones. */
int stance_snapshot__top_member(enum snap_top_member *m, const char *name);

/* Checks the value of a top-level member that is not an array (format,
 * version, exported_at). */
int stance_snapshot__check_header(enum snap_top_member m, const json_t *v);

/* Checks that the required top-level members are among seen (TOP_BIT()s). */
int stance_snapshot__check_required(unsigned seen);

/* Checks an element of an entity array at path: an object of the type's
 * members, each of its type, with valid values (stance_entity_validate()'s
 * rules, field by field). */
int stance_snapshot__check_entity(stance_entity_type type, const json_t *obj,
				  const char *path);

/* The string value of a member, NULL when absent or null. The string is
 * borrowed from obj; the cast is for the library's structs, which are
 * never written through it. */
char *stance_snapshot__member_string(const json_t *obj, const char *name);

/* Checks a position at path and reads it into *p, its strings borrowed
 * from obj. Its issue is not looked up. */
int stance_snapshot__read_position(stance_position *p, const json_t *obj, const char *path,
				   int version);

/* A statement of the snapshot as read: strings borrowed from the JSON,
 * timestamps normalised. */
struct snap_statement {
	stance_statement st;     /* positions not read: NULL, 0 */
	stance_retraction ret;   /* st.retracted points here when given */
	char recorded_at[25];
	char retracted_at[25];
};

/* Checks a statement at base and reads it into *s, without its positions:
 * recorded_by and recorded_at default to analyst and now (borrowed). */
int stance_snapshot__read_statement(struct snap_statement *s, const json_t *obj,
				    const char *base, const char *analyst, const char *now);

/* Checks the alias at $.aliases[index] ({"kind", "slug", "entity"}): its
 * kind's info and its two slugs (borrowed from obj) into the pointers. */
int stance_snapshot__check_alias(const stance_entity_info **info, const char **slug,
				 const char **entity, const json_t *obj, size_t index);

/* The same for a statement to record (record --from's JSON Lines): its id
 * and party may be absent (none yet; the actor's), the party null. */
int stance_snapshot__read_record(struct snap_statement *s, const json_t *obj, const char *base,
				 const char *analyst, const char *now);

/* The name of member i of a statement, in the order of the format; NULL
 * after the last. */
const char *stance_snapshot__statement_member(size_t i);

/* An assessment or outcome of the snapshot, checked: its strings borrow
 * the JSON's; the times are normalised (recorded_at filled in when the
 * snapshot omits it). */
struct snap_assessment {
	stance_assessment a;
	stance_retraction ret;
	char recorded_at[25];
	char retracted_at[25];
};

struct snap_outcome {
	stance_outcome o;
	stance_retraction ret;
	char recorded_at[25];
	char retracted_at[25];
};

int stance_snapshot__read_assessment(struct snap_assessment *s, const json_t *obj,
				     const char *base, const char *analyst, const char *now);
int stance_snapshot__read_outcome(struct snap_outcome *s, const json_t *obj, const char *base,
				  const char *analyst, const char *now);

/* Keeps an assessment (TOP_ASSESSMENTS) or outcome of the snapshot until
 * the entities it names are in the database. */
int stance_snapshot__stage_record(stance_db *db, enum snap_top_member m, size_t index,
				  const json_t *el);

/* Adds or merges the staged assessments and outcomes (design section 7:
 * as statements are), counting them in sum. */
int stance_snapshot__merge_records(stance_db *db, stance_snapshot_summary *sum,
				   const char *analyst, const char *now);

/* ---- the merge (snapshot-merge.c) ---- */

#include "revision-internal.h"

/* A member whose values differ between the snapshot and the database. */
struct snap_diff {
	stance_target_kind kind;
	sqlite3_int64 id;          /* the record's row id */
	const char *member;
	sqlite3_int64 issue_id;    /* positions: the issue's row id, else 0 */
	const char *path;          /* the JSON path, for messages */
	const json_t *ours;        /* the database's value (borrowed) */
	const json_t *theirs;      /* the snapshot's */
	int benign;                /* not a contradiction unless a revision says so: a
				      position or retraction only one side has */
};

enum { SNAP_PREFER_NONE, SNAP_PREFER_OURS, SNAP_PREFER_THEIRS };

struct snap_merge_options {
	int prefer;
	const char *name;      /* the snapshot's file, for the reason of --prefer */
	const char *analyst;   /* the author of --prefer's revisions */
};

struct snap_merge_result {
	size_t revisions_added, revisions_unchanged;
	size_t ncontradictions, unresolvable;
	size_t retracted;        /* statements a revision of the snapshot retracted */
	size_t positions_dropped;    /* added while reading, then uncoded by a revision */
	size_t retractions_dropped;  /* carried over while reading, then undone */
	json_t *contradictions;  /* [{"path", "snapshot", "database", "resolvable"}] */
	json_t *resolved;        /* [{"path", "kept", "other", "by", "revision"}] */
};

/* Creates (or empties) the merge's temporary tables. */
int stance_snapshot__merge_begin(stance_db *db);

/* Notes a difference. */
int stance_snapshot__diff(stance_db *db, const struct snap_diff *d);

/* Keeps a revision of the snapshot until the records are merged. */
int stance_snapshot__stage_revision(stance_db *db, const json_t *rev);

/* Whether two values of a member are the same: references by the entity
 * they name (current or former slug), points as numbers. */
int stance_snapshot__same(stance_db *db, stance_target_kind kind, const char *member,
			  const json_t *a, const json_t *b);

/* Rules 1, 2, 4 and 6 once the records are merged; STANCE_ECONFLICT when
 * contradictions are left (listed in res). */
int stance_snapshot__merge_finish(struct snap_merge_result *res, stance_db *db,
				  const struct snap_merge_options *o);

#endif
