/*
 * revision.h - corrections with a full history (design §7).
 *
 * Every correction of a record is one revision: who made it, when and
 * why, the record it changed (its target) and, for each member changed,
 * the old and the new value as JSON text in the snapshot's shapes. The
 * current tables always hold the current values; the history holds how
 * they got there, so that nothing is ever overwritten without its old value
 * staying in the history, and snapshots that carry it merge (snapshot.h).
 *
 * A revision id is a lowercase UUID; every function that takes one also
 * accepts a unique prefix of at least 8 characters.
 */
#ifndef STANCE_REVISION_H
#define STANCE_REVISION_H

#include <stddef.h>

#include "stance/db.h"
#include "stance/entity.h"
#include "stance/statement.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a revision corrects. The four entity kinds share the values of
 * stance_entity_type. */
typedef enum stance_target_kind {
	STANCE_TARGET_PARTY = STANCE_PARTY,
	STANCE_TARGET_ACTOR = STANCE_ACTOR,
	STANCE_TARGET_SOURCE = STANCE_SOURCE,
	STANCE_TARGET_ISSUE = STANCE_ISSUE,
	STANCE_TARGET_STATEMENT = STANCE_ENTITY_TYPES,
	STANCE_TARGET_ASSESSMENT,  /* bargain.h */
	STANCE_TARGET_OUTCOME,
	STANCE_TARGET_KINDS
} stance_target_kind;

/* The snapshot's name of a target kind ("party" ... "outcome"); NULL
 * when out of range. */
const char *stance_target_kind_name(stance_target_kind kind);

/* Who makes a correction, and why. Initialise it with
 * STANCE_CHANGE_OPTIONS_INIT, then set the members. Borrowed for the call. */
typedef struct stance_change_options {
	unsigned int version;  /* STANCE_CHANGE_OPTIONS_VERSION */
	const char *by;        /* the analyst: required, non-empty */
	const char *reason;    /* NULL: none (retract and amend require one) */
	const char *at;        /* an RFC 3339 time; NULL: now */
} stance_change_options;

#define STANCE_CHANGE_OPTIONS_VERSION 1
#define STANCE_CHANGE_OPTIONS_INIT { .version = STANCE_CHANGE_OPTIONS_VERSION }

/* One member a revision changed: its name ("name", "slug", "said_on",
 * "retracted", "positions.ISSUE"...) and its old and new value as compact
 * JSON text ("null" for null). */
typedef struct stance_change {
	char *member;
	char *from;
	char *to;
} stance_change;

/* A revision as read (stance_revision_get(), stance_revision_foreach()),
 * owning its strings. For the creation of a record, which `stance log`
 * shows beside the revisions, id and reason are NULL, created is 1 and
 * there are no changes. */
typedef struct stance_revision {
	char *id;
	char *at;
	char *by;
	char *reason;               /* NULL when none */
	stance_target_kind kind;
	char *key;                  /* the target's slug or id after the revision */
	int created;
	size_t nchanges;
	stance_change *changes;     /* in member order */
} stance_revision;

/* Frees a revision returned by this module; accepts NULL. */
void stance_revision_free(stance_revision *r);

/*
 * The correcting commands. Each validates its input, refuses a change that
 * changes nothing (STANCE_EINVALID), writes the change and one revision in
 * one transaction (or in the caller's), and writes the new revision's id
 * to out_rev (37 bytes) when it is not NULL. Slugs may be aliases (former
 * slugs, reported through stance_db_set_note()).
 */

/* Sets the fields of e->type's entity e->field[STANCE_ENTITY_SLUG] that are
 * not NULL in e to their values; "" clears an optional field. The slug is
 * changed with stance_entity_rename(), not here. */
int stance_entity_edit(char out_rev[STANCE_UUID_LEN + 1], stance_db *db,
		       const stance_entity *e, const stance_change_options *co);

/* Renames an entity: the old slug becomes an alias that still names it and
 * cannot name another entity; renaming to one of the entity's former slugs
 * makes it the slug again. A slug in use by another entity, or an alias of
 * one, is STANCE_EEXISTS. */
int stance_entity_rename(char out_rev[STANCE_UUID_LEN + 1], stance_db *db,
			 stance_entity_type type, const char *slug, const char *new_slug,
			 const stance_change_options *co);

/* Hides an entity nothing refers to (STANCE_EEXISTS naming what does), or
 * brings a removed one back. A removed entity is left out of lists and
 * refused as a reference; its slug stays reserved. */
int stance_entity_remove(char out_rev[STANCE_UUID_LEN + 1], stance_db *db,
			 stance_entity_type type, const char *slug,
			 const stance_change_options *co);
int stance_entity_restore(char out_rev[STANCE_UUID_LEN + 1], stance_db *db,
			  stance_entity_type type, const char *slug,
			  const stance_change_options *co);

/* The members of a statement that stance_statement_amend() changes: NULL
 * (or STANCE_AMEND_KEEP for credibility) keeps a member; "" clears an
 * optional one (actor, source, url), 0 clears the credibility. */
typedef struct stance_amend_options {
	unsigned int version;   /* STANCE_AMEND_OPTIONS_VERSION */
	const char *party;
	const char *actor;
	const char *said_on;
	const char *kind;
	const char *text;
	const char *source;
	const char *url;
	int credibility;        /* 1..6, 0: clear, STANCE_AMEND_KEEP: keep */
} stance_amend_options;

#define STANCE_AMEND_KEEP (-1)
#define STANCE_AMEND_OPTIONS_VERSION 1
#define STANCE_AMEND_OPTIONS_INIT \
	{ .version = STANCE_AMEND_OPTIONS_VERSION, .credibility = STANCE_AMEND_KEEP }

/* Changes members of a non-retracted statement, with the rules of
 * stance_statement_record() for the result (the actor belongs to the
 * party...); co->reason is required. */
int stance_statement_amend(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *id,
			   const stance_amend_options *a, const stance_change_options *co);

/* Changes existing codings of a non-retracted statement (an issue it does
 * not code is STANCE_ENOTFOUND: use stance_statement_code()). */
int stance_statement_recode(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *id,
			    const stance_position *pos, size_t npos,
			    const stance_change_options *co);

/* Removes codings of a non-retracted statement. */
int stance_statement_uncode(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *id,
			    const char *const *issues, size_t nissues,
			    const stance_change_options *co);

/* Undoes a retraction (not retracted: STANCE_EINVALID); co->reason is
 * required. */
int stance_statement_unretract(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *id,
			       const stance_change_options *co);

/* Resolves the id (or a unique prefix of at least 8 characters) of a
 * statement, an assessment or an outcome: *kind says which. A prefix of
 * records of two kinds is STANCE_EAMBIGUOUS, listing them. */
int stance_record_resolve(stance_target_kind *kind, char out_id[STANCE_UUID_LEN + 1],
			  stance_db *db, const char *prefix);

/* Retracts a statement, an assessment or an outcome (kind) as one
 * revision, as stance_statement_retract() does; co->reason is required and
 * retracting twice is STANCE_EEXISTS. */
int stance_record_retract(char out_rev[STANCE_UUID_LEN + 1], stance_db *db,
			  stance_target_kind kind, const char *id,
			  const stance_change_options *co);

/* Undoes the retraction of a statement, an assessment or an outcome (not
 * retracted: STANCE_EINVALID); co->reason is required. */
int stance_record_unretract(char out_rev[STANCE_UUID_LEN + 1], stance_db *db,
			    stance_target_kind kind, const char *id,
			    const stance_change_options *co);

/* Writes a revision that sets each member the revision rev changed back to
 * its old value. Refused (STANCE_ECONFLICT, naming it) when a later
 * revision changed one of those members. */
int stance_revision_revert(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *rev,
			   const stance_change_options *co);

/* Resolves a revision id or a unique prefix of at least 8 characters, as
 * stance_statement_resolve() does for statements. */
int stance_revision_resolve(char out_id[STANCE_UUID_LEN + 1], stance_db *db,
			    const char *prefix);

/* Reads one revision; *out is new, free it with stance_revision_free(). */
int stance_revision_get(stance_revision **out, stance_db *db, const char *id);

/* Which history stance_revision_foreach() walks. Initialise it with
 * STANCE_LOG_FILTER_INIT (everything), then set the members. */
typedef struct stance_log_filter {
	unsigned int version;  /* STANCE_LOG_FILTER_VERSION */
	const char *target;    /* a statement id (or prefix), or a slug or alias of any
				  kind: that record's story only; NULL: all */
	const char *since;     /* at >= since (a date: its start), or NULL */
	const char *until;     /* at <= until (a date: its end), or NULL */
	const char *by;        /* only this analyst's, or NULL */
	size_t limit;          /* at most this many; 0: no limit */
	int creations;         /* include the creations of records */
} stance_log_filter;

#define STANCE_LOG_FILTER_VERSION 1
#define STANCE_LOG_FILTER_INIT { .version = STANCE_LOG_FILTER_VERSION, .creations = 1 }

/* Calls fn for each revision (and creation) that passes the filter, newest
 * first (by at, then id, descending); r is borrowed for the call. An
 * unknown target is STANCE_ENOTFOUND. A non-zero return from fn stops the
 * walk and is returned. */
int stance_revision_foreach(stance_db *db, const stance_log_filter *f,
			    int (*fn)(const stance_revision *r, void *ctx), void *ctx);

#ifdef __cplusplus
}
#endif

#endif
