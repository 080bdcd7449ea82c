/* entity-internal.h - entity lookups for the other modules of libstance. */
#ifndef STANCE_ENTITY_INTERNAL_H
#define STANCE_ENTITY_INTERNAL_H

#include <sqlite3.h>

#include "stance/entity.h"

/* The row id of the entity with this slug in *id; STANCE_ENOTFOUND with the
 * known slugs in the message when there is none. */
int stance_entity__id(stance_db *db, stance_entity_type type, const char *slug,
		      sqlite3_int64 *id);

/* Checks one field's value (field i of the type's description; NULL for
 * null) as stance_entity_validate() does for every field. */
int stance_entity__validate_field(stance_entity_type type, size_t i, const char *value);

/* Sets a STANCE_ENOTFOUND message "unknown party 'x' (known: a, b)" and
 * returns the code. */
int stance_entity__unknown(stance_db *db, stance_entity_type type, const char *slug);

#endif
