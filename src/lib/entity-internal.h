/* entity-internal.h - entity lookups for the other modules of libstance. */
#ifndef STANCE_ENTITY_INTERNAL_H
#define STANCE_ENTITY_INTERNAL_H

#include <jansson.h>
#include <sqlite3.h>

#include "stance/entity.h"

/* The row id of the entity with this slug in *id; STANCE_ENOTFOUND with the
 * known slugs in the message when there is none. */
int stance_entity__id(stance_db *db, stance_entity_type type, const char *slug,
		      sqlite3_int64 *id);

/* An entity as a slug names it: current or former (alias). */
struct stance_entity_ref {
	sqlite3_int64 id;
	char slug[40];   /* the current slug */
	int removed;
	int alias;       /* named by a former slug */
};

/* Looks slug up among current and former slugs: *found = 0 when neither. */
int stance_entity__find(stance_db *db, stance_entity_type type, const char *slug,
			struct stance_entity_ref *out, int *found);

/* stance_entity__find(), and STANCE_ENOTFOUND listing the known slugs when
 * nothing is found. Removed entities are found. A former slug passes a
 * note to the database's note function: this is the lookup of what a user
 * named. */
int stance_entity__resolve(stance_db *db, stance_entity_type type, const char *slug,
			   struct stance_entity_ref *out);

/* The entity of a row id, removed or not. */
int stance_entity__get_id(stance_entity **out, stance_db *db, stance_entity_type type,
			  sqlite3_int64 id);

/* Every entity of the type in slug order, the removed ones too when asked. */
int stance_entity__foreach(stance_db *db, stance_entity_type type, int removed_too,
			   int (*fn)(const stance_entity *e, void *ctx), void *ctx);

/* Sets field i (not the slug) of the entity with row id id, after checking
 * the value; NULL stores the field's fallback. */
int stance_entity__set(stance_db *db, stance_entity_type type, sqlite3_int64 id, size_t i,
		       const char *value);

/* Gives the entity a new slug; the old one becomes an alias, and a former
 * slug of the same entity stops being one. */
int stance_entity__rename(stance_db *db, stance_entity_type type, sqlite3_int64 id,
			  const char *old_slug, const char *new_slug);

/* Adds (add = 1) or drops an alias. */
int stance_entity__alias(stance_db *db, stance_entity_type type, const char *slug,
			 sqlite3_int64 id, int add);

/* Removes (refused while anything refers to it) or restores an entity. */
int stance_entity__set_removed(stance_db *db, stance_entity_type type, sqlite3_int64 id,
			       const char *slug, int removed);

/* Checks one field's value (field i of the type's description; NULL for
 * null) as stance_entity_validate() does for every field. */
int stance_entity__validate_field(stance_entity_type type, size_t i, const char *value);

/* Field i's value as the snapshot's JSON: a string, a number for a point
 * (an integer when it is one: 70, not 70.0), null for NULL. A new
 * reference, NULL when memory runs out. The one way from a field's text
 * to JSON, so that exports, lists, revisions and merges agree. */
json_t *stance_entity__field_json(stance_entity_type type, size_t i, const char *value);

/* The way back: the text of field i from its JSON value into *out (to
 * free; NULL for null or for v NULL: absent). STANCE_EINVALID for a value of the wrong JSON type
 * ("status_quo must be a number or null"); the value itself is checked
 * where it is stored. */
int stance_entity__field_text(char **out, stance_entity_type type, size_t i, const json_t *v);

/* Whether the type has a field of that name (its index in *i). */
int stance_entity__field(stance_entity_type type, const char *name, size_t *i);

/* Sets a STANCE_ENOTFOUND message "unknown party 'x' (known: a, b)" and
 * returns the code. */
int stance_entity__unknown(stance_db *db, stance_entity_type type, const char *slug);

#endif
