/*
 * entity-list.h - every entity of one type in memory, sorted by slug, for
 * the commands that draw the whole negotiation (report, network) and need
 * names, kinds and titles next to the slugs the analysis returns.
 */
#ifndef STANCE_CLI_ENTITY_LIST_H
#define STANCE_CLI_ENTITY_LIST_H

#include "cli.h"

struct entity_list {
	size_t n;
	stance_entity *items;  /* sorted by slug, as stance_entity_foreach() walks */
};

/* Loads every entity of the type into l (which it clears first). Returns 0
 * or the exit code after printing the error. */
int entity_list_load(struct entity_list *l, stance_db *db, stance_entity_type type);

/* The entity with this slug, NULL when l has none (or slug is NULL). */
const stance_entity *entity_list_find(const struct entity_list *l, const char *slug);

/* Field i of the entity with this slug, NULL when either is missing. */
const char *entity_list_field(const struct entity_list *l, const char *slug, size_t i);

/* Frees what l holds; l itself is the caller's. */
void entity_list_free(struct entity_list *l);

#endif
