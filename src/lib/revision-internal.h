/*
 * revision-internal.h - the one mechanism every correction and every merge
 * goes through: members of a target read and set as the snapshot's JSON
 * (design §4, §7), and revisions written.
 */
#ifndef STANCE_REVISION_INTERNAL_H
#define STANCE_REVISION_INTERNAL_H

#include <jansson.h>
#include <sqlite3.h>

#include "stance/revision.h"

/* How a value of the history is written as text: compact, reals with the
 * 15 digits a point may have (stance_statement__validate_position()). */
#define STANCE_JSON_VALUE_FLAGS (JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15))

/* The prefix of the members that are a statement's positions. */
#define STANCE_POSITIONS_MEMBER "positions."

/* A record a revision changes. key is its current slug or full id. */
struct stance_target {
	stance_target_kind kind;
	sqlite3_int64 id;      /* row id */
	char key[40];
	int removed;           /* an entity removed, a statement retracted */
};

/* One member to set: to is the new value, from the old one once read
 * (both owned references), changed whether they differ. */
struct stance_edit {
	const char *member;
	json_t *from;
	json_t *to;
	int changed;
};

/* What a revision row holds besides its changes. */
struct stance_revision_row {
	const char *id;
	const char *at;
	const char *by;
	const char *reason;
	const struct stance_target *target;
};

/* Parses a target kind's name. */
int stance_revision__kind_parse(stance_target_kind *out, const char *name);

/* Resolves a slug (current or former) or a statement id (or prefix). */
int stance_revision__target(struct stance_target *t, stance_db *db, stance_target_kind kind,
			    const char *key);

/* The entity type a member refers to, or -1: a statement's party, actor
 * and source, an actor's party, an issue's parent. */
int stance_revision__ref_type(stance_target_kind kind, const char *member);

/* The time of a new revision of t that changes the changed edits: now,
 * but after every revision of those members the database holds, so that
 * (at, id) orders the corrections of a member as they were made, even
 * within one millisecond or after a colleague's clock ahead of ours (which
 * moves only the members its revisions touched). */
int stance_revision__time(stance_db *db, const struct stance_target *t,
			  const struct stance_edit *edits, size_t n,
			  char at[STANCE_TIMESTAMP_LEN + 1]);

/* Fills the key and removed flag of t from its kind and row id. */
int stance_revision__target_id(struct stance_target *t, stance_db *db);

/* Whether member is "positions.ISSUE". */
int stance_revision__is_position(const char *member);

/* Checks that the kind has the member; for a position, *issue_id is the
 * issue's row id (else 0). */
int stance_revision__check_member(stance_db *db, stance_target_kind kind, const char *member,
				  sqlite3_int64 *issue_id);

/* The current value of a member: a new reference (json null for null). */
int stance_revision__member(json_t **out, stance_db *db, const struct stance_target *t,
			    const char *member);

/* Sets a member to v after checking it; t's key follows a rename. Writes
 * no revision. */
int stance_revision__set_member(stance_db *db, struct stance_target *t, const char *member,
				const json_t *v);

/* A position's value (without "issue") and back; member names the issue. */
json_t *stance_revision__position_json(const stance_position *p);
int stance_revision__read_position(stance_position *p, const json_t *v, const char *member);

/* The value of a member of a record of the kind in the form the database
 * gives it back (a point 70 and 70.0 are one, a position's or an issue's
 * status quo): a new reference. */
json_t *stance_revision__canonical(stance_target_kind kind, const char *member, const json_t *v);

/* Writes a revision row and its changed edits. */
int stance_revision__write(stance_db *db, const struct stance_revision_row *r,
			   const struct stance_edit *edits, size_t n);

/* Sets the members of edits (their to values, owned: all are released) on
 * t, and writes one revision of those that changed, by co, at co->at or
 * now (after every revision held), in the caller's write transaction,
 * which must roll back on an error. Nothing that changes is
 * STANCE_EINVALID.
 * The revision's id goes to out_rev when it is not NULL. */
int stance_revision__apply(char out_rev[37], stance_db *db, struct stance_target *t,
			   struct stance_edit *edits, size_t n,
			   const stance_change_options *co, int need_reason);

/* Releases the values of n edits. */
void stance_revision__edits_free(struct stance_edit *edits, size_t n);

/* Every revision, oldest first (by at, then id): the export's order. */
int stance_revision__foreach_oldest(stance_db *db,
				    int (*fn)(const stance_revision *r, void *ctx), void *ctx);

#endif
