/*
 * entity-list.c - every entity of one type in memory: see entity-list.h.
 */
#include <stdlib.h>
#include <string.h>

#include "entity-list.h"

static int add(const stance_entity *e, void *ctx)
{
	struct entity_list *l = ctx;
	stance_entity *items = realloc(l->items, (l->n + 1) * sizeof(*items)), *copy;

	if (!items)
		return STANCE_ENOMEM;
	l->items = items;
	copy = &items[l->n];
	memset(copy, 0, sizeof(*copy));
	copy->type = e->type;
	l->n++;
	for (size_t i = 0; i < STANCE_ENTITY_MAX_FIELDS; i++)
		if (e->field[i] && !(copy->field[i] = strdup(e->field[i])))
			return STANCE_ENOMEM;
	return 0;
}

int entity_list_load(struct entity_list *l, stance_db *db, stance_entity_type type)
{
	int rc;

	memset(l, 0, sizeof(*l));
	rc = stance_entity_foreach(db, type, add, l);
	if (rc == STANCE_ENOMEM)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	return rc ? cli_fail(rc) : 0;
}

static int compare(const void *key, const void *item)
{
	return strcmp(key, ((const stance_entity *)item)->field[STANCE_ENTITY_SLUG]);
}

const stance_entity *entity_list_find(const struct entity_list *l, const char *slug)
{
	if (!slug || !l->n)
		return NULL;
	return bsearch(slug, l->items, l->n, sizeof(*l->items), compare);
}

const char *entity_list_field(const struct entity_list *l, const char *slug, size_t i)
{
	const stance_entity *e = entity_list_find(l, slug);

	return e && i < STANCE_ENTITY_MAX_FIELDS ? e->field[i] : NULL;
}

void entity_list_free(struct entity_list *l)
{
	for (size_t k = 0; k < l->n; k++)
		stance_entity_clear(&l->items[k]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}
