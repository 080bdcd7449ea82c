/*
 * entity.h - parties, actors, sources and issues: the named things that
 * statements refer to by slug.
 *
 * The four kinds share one mechanism: an entity is its kind plus a fixed
 * list of text fields, described by stance_entity_info_get(). Field 0 is
 * always the slug; the enums below name each type's fields. The same descriptions drive validation, the command line and
 * the snapshot format, so a new field is added in one place. A number (an
 * issue's status quo) is a field too, held as its text, so that the command
 * line and the lists treat it as every other field.
 */
#ifndef STANCE_ENTITY_H
#define STANCE_ENTITY_H

#include <stddef.h>

#include "stance/db.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum stance_entity_type {
	STANCE_PARTY,
	STANCE_ACTOR,
	STANCE_SOURCE,
	STANCE_ISSUE,
	STANCE_ENTITY_TYPES
} stance_entity_type;

#define STANCE_ENTITY_MAX_FIELDS 7

/* The index of each field in stance_entity.field[] and in
 * stance_entity_info.fields[], per type: e->field[STANCE_PARTY_NAME]. The
 * descriptor table in entity.c is indexed by these, so the two cannot
 * disagree. A new field is added here and there. */
enum stance_party_field {
	STANCE_PARTY_SLUG,
	STANCE_PARTY_NAME,
	STANCE_PARTY_KIND,
	STANCE_PARTY_FIELDS
};

enum stance_actor_field {
	STANCE_ACTOR_SLUG,
	STANCE_ACTOR_NAME,
	STANCE_ACTOR_PARTY,
	STANCE_ACTOR_ROLE,
	STANCE_ACTOR_FIELDS
};

enum stance_source_field {
	STANCE_SOURCE_SLUG,
	STANCE_SOURCE_NAME,
	STANCE_SOURCE_RELIABILITY,
	STANCE_SOURCE_URL,
	STANCE_SOURCE_FIELDS
};

enum stance_issue_field {
	STANCE_ISSUE_SLUG,
	STANCE_ISSUE_TITLE,
	STANCE_ISSUE_DESCRIPTION,
	STANCE_ISSUE_PARENT,
	STANCE_ISSUE_LOW,
	STANCE_ISSUE_HIGH,
	STANCE_ISSUE_STATUS_QUO,
	STANCE_ISSUE_FIELDS
};

/* Field 0 of every type, for code that handles any type. */
#define STANCE_ENTITY_SLUG 0

typedef enum stance_field_kind {
	STANCE_FIELD_SLUG,   /* field 0 only */
	STANCE_FIELD_TEXT,   /* non-empty UTF-8 text (names, titles, roles...) */
	STANCE_FIELD_URL,    /* free text, not checked beyond UTF-8 */
	STANCE_FIELD_CHOICE, /* one of choices[] */
	STANCE_FIELD_REF,    /* the slug of an existing entity of type ref */
	STANCE_FIELD_POINT   /* a point on an issue's scale: any finite number, at most
				15 significant digits, as its shortest text ("70",
				"-12.5"); a JSON number in snapshots */
} stance_field_kind;

typedef struct stance_field {
	const char *name;            /* snapshot member, e.g. "name", "parent" */
	const char *flag;            /* command-line flag, e.g. "--name" */
	stance_field_kind kind;
	int required;                /* must be given and non-null */
	const char *const *choices;  /* STANCE_FIELD_CHOICE: NULL-terminated */
	const char *fallback;        /* stored when not given (NULL: null) */
	stance_entity_type ref;      /* STANCE_FIELD_REF: what it names */
	const char *help;            /* one line for --help */
} stance_field;

typedef struct stance_entity_info {
	stance_entity_type type;
	const char *name;    /* "party" */
	const char *plural;  /* "parties": the snapshot member */
	size_t nfields;
	stance_field fields[STANCE_ENTITY_MAX_FIELDS];
} stance_entity_info;

/* The static description of a type (never NULL for a valid type). */
const stance_entity_info *stance_entity_info_get(stance_entity_type type);

/* Looks a type up by its singular name ("party"); NULL when unknown. */
const stance_entity_info *stance_entity_info_find(const char *name);

/* One entity. field[i] is the value of info->fields[i], NULL for null.
 * created_at and created_by say who made it and when (NULL for entities
 * older than the history; stance_entity_add() stores the time now for a
 * NULL created_at); removed is set on entities that were removed
 * (revision.h), which only stance_entity_get() and the export return. */
typedef struct stance_entity {
	stance_entity_type type;
	char *field[STANCE_ENTITY_MAX_FIELDS];
	char *created_at;
	char *created_by;
	int removed;
} stance_entity;

/* Checks every field of e against its description (slug syntax, required,
 * non-empty text, valid UTF-8 without NUL, at most 100,000 bytes, choices,
 * points: a finite number of at most 15 significant digits) without
 * touching a database. Returns 0 or STANCE_EINVALID. */
int stance_entity_validate(const stance_entity *e);

/* Adds e after validating it; references must name existing entities
 * (STANCE_ENOTFOUND, with the known slugs in the message), the slug must be
 * new (STANCE_EEXISTS). Fields that are NULL and have a fallback get it. */
int stance_entity_add(stance_db *db, const stance_entity *e);

/* Looks up the entity of the given type and slug (or a former slug of it,
 * with a note, see stance_db_set_note()), removed or not. On success *out
 * is a new entity the caller frees with stance_entity_free(). */
int stance_entity_get(stance_entity **out, stance_db *db,
		      stance_entity_type type, const char *slug);

/* Calls fn for every entity of the type that is not removed, in slug
 * order; the entity is
 * borrowed for the call. A non-zero return from fn stops the walk and is
 * returned. */
int stance_entity_foreach(stance_db *db, stance_entity_type type,
			  int (*fn)(const stance_entity *e, void *ctx), void *ctx);

/* Returns 0 when slug names an existing entity of the type that is not
 * removed, else STANCE_ENOTFOUND with "unknown party 'uk2' (known: eu, ru,
 * ...)" (or naming `restore` for a removed one). A former slug names its
 * entity, with a note (stance_db_set_note()). */
int stance_entity_exists(stance_db *db, stance_entity_type type,
			 const char *slug);

/* Frees the strings of e (not e itself); accepts NULL. */
void stance_entity_clear(stance_entity *e);

/* Frees an entity returned by stance_entity_get(); accepts NULL. */
void stance_entity_free(stance_entity *e);

#ifdef __cplusplus
}
#endif

#endif
