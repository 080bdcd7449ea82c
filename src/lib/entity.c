/*
 * entity.c - parties, actors, sources and issues through one descriptor
 * table: the fields of each type and the SQL that stores them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common-internal.h"
#include "entity-internal.h"

static const char *const party_kinds[] = {
	"state", "bloc", "organisation", "faction", "other", NULL
};
static const char *const reliabilities[] = { "A", "B", "C", "D", "E", "F", NULL };

#define SLUG_FIELD(what) \
	{ "slug", NULL, STANCE_FIELD_SLUG, 1, NULL, NULL, STANCE_PARTY, what }

/* Indexed by the field enums of entity.h, so that the names there and the
 * descriptions here cannot fall out of order. */
static const stance_entity_info infos[STANCE_ENTITY_TYPES] = {
	[STANCE_PARTY] = { STANCE_PARTY, "party", "parties", STANCE_PARTY_FIELDS, {
		[STANCE_PARTY_SLUG] = SLUG_FIELD("short name: lowercase letters, digits, '-'"),
		[STANCE_PARTY_NAME] = { "name", "--name", STANCE_FIELD_TEXT, 1, NULL, NULL,
			STANCE_PARTY, "the party's full name" },
		[STANCE_PARTY_KIND] = { "kind", "--kind", STANCE_FIELD_CHOICE, 0, party_kinds,
			"other", STANCE_PARTY,
			"state, bloc, organisation, faction or other (default: other)" },
	} },
	[STANCE_ACTOR] = { STANCE_ACTOR, "actor", "actors", STANCE_ACTOR_FIELDS, {
		[STANCE_ACTOR_SLUG] = SLUG_FIELD("short name: lowercase letters, digits, '-'"),
		[STANCE_ACTOR_NAME] = { "name", "--name", STANCE_FIELD_TEXT, 1, NULL, NULL,
			STANCE_PARTY, "the person's or account's full name" },
		[STANCE_ACTOR_PARTY] = { "party", "--party", STANCE_FIELD_REF, 1, NULL, NULL,
			STANCE_PARTY, "the party the actor speaks for" },
		[STANCE_ACTOR_ROLE] = { "role", "--role", STANCE_FIELD_TEXT, 0, NULL, NULL,
			STANCE_PARTY, "the actor's role, e.g. President" },
	} },
	[STANCE_SOURCE] = { STANCE_SOURCE, "source", "sources", STANCE_SOURCE_FIELDS, {
		[STANCE_SOURCE_SLUG] = SLUG_FIELD("short name: lowercase letters, digits, '-'"),
		[STANCE_SOURCE_NAME] = { "name", "--name", STANCE_FIELD_TEXT, 1, NULL, NULL,
			STANCE_PARTY, "the source's full name" },
		[STANCE_SOURCE_RELIABILITY] = { "reliability", "--reliability", STANCE_FIELD_CHOICE,
			0, reliabilities, NULL, STANCE_PARTY,
			"Admiralty reliability, A (reliable) to F (cannot be judged)" },
		[STANCE_SOURCE_URL] = { "url", "--url", STANCE_FIELD_URL, 0, NULL, NULL,
			STANCE_PARTY, "the source's home page" },
	} },
	[STANCE_ISSUE] = { STANCE_ISSUE, "issue", "issues", STANCE_ISSUE_FIELDS, {
		[STANCE_ISSUE_SLUG] = SLUG_FIELD("short name: lowercase letters, digits, '-'"),
		[STANCE_ISSUE_TITLE] = { "title", "--title", STANCE_FIELD_TEXT, 1, NULL, NULL,
			STANCE_PARTY, "the proposition, phrased so that support has one meaning" },
		[STANCE_ISSUE_DESCRIPTION] = { "description", "--description", STANCE_FIELD_TEXT,
			0, NULL, NULL, STANCE_PARTY, "a longer description" },
		[STANCE_ISSUE_PARENT] = { "parent", "--parent", STANCE_FIELD_REF, 0, NULL, NULL,
			STANCE_ISSUE, "the issue this one is grouped under" },
	} },
};

_Static_assert(STANCE_PARTY_FIELDS <= STANCE_ENTITY_MAX_FIELDS &&
	       STANCE_ACTOR_FIELDS <= STANCE_ENTITY_MAX_FIELDS &&
	       STANCE_SOURCE_FIELDS <= STANCE_ENTITY_MAX_FIELDS &&
	       STANCE_ISSUE_FIELDS <= STANCE_ENTITY_MAX_FIELDS,
	       "raise STANCE_ENTITY_MAX_FIELDS");
_Static_assert(STANCE_PARTY_SLUG == STANCE_ENTITY_SLUG && STANCE_ACTOR_SLUG == STANCE_ENTITY_SLUG &&
	       STANCE_SOURCE_SLUG == STANCE_ENTITY_SLUG && STANCE_ISSUE_SLUG == STANCE_ENTITY_SLUG,
	       "the slug is field 0 of every type");

/* The SQL of each type, its columns and parameters in the order of the
 * field enums; references are stored as row ids and read back as slugs. */
static const struct {
	const char *insert;
	const char *select_one;
	const char *select_all;
	const char *exists;
} sql[STANCE_ENTITY_TYPES] = {
	{
		"INSERT INTO party (slug, name, kind) VALUES (?1, ?2, ?3)",
		"SELECT slug, name, kind FROM party WHERE slug = ?1",
		"SELECT slug, name, kind FROM party ORDER BY slug",
		"SELECT id FROM party WHERE slug = ?1",
	},
	{
		"INSERT INTO actor (slug, name, party_id, role)"
		" VALUES (?1, ?2, (SELECT id FROM party WHERE slug = ?3), ?4)",
		"SELECT a.slug, a.name, p.slug, a.role FROM actor AS a"
		" JOIN party AS p ON p.id = a.party_id WHERE a.slug = ?1",
		"SELECT a.slug, a.name, p.slug, a.role FROM actor AS a"
		" JOIN party AS p ON p.id = a.party_id ORDER BY a.slug",
		"SELECT id FROM actor WHERE slug = ?1",
	},
	{
		"INSERT INTO source (slug, name, reliability, url) VALUES (?1, ?2, ?3, ?4)",
		"SELECT slug, name, reliability, url FROM source WHERE slug = ?1",
		"SELECT slug, name, reliability, url FROM source ORDER BY slug",
		"SELECT id FROM source WHERE slug = ?1",
	},
	{
		"INSERT INTO issue (slug, title, description, parent_id)"
		" VALUES (?1, ?2, ?3, (SELECT id FROM issue WHERE slug = ?4))",
		"SELECT i.slug, i.title, i.description, p.slug FROM issue AS i"
		" LEFT JOIN issue AS p ON p.id = i.parent_id WHERE i.slug = ?1",
		"SELECT i.slug, i.title, i.description, p.slug FROM issue AS i"
		" LEFT JOIN issue AS p ON p.id = i.parent_id ORDER BY i.slug",
		"SELECT id FROM issue WHERE slug = ?1",
	},
};

static const char *const known_sql[STANCE_ENTITY_TYPES] = {
	"SELECT slug FROM party ORDER BY slug",
	"SELECT slug FROM actor ORDER BY slug",
	"SELECT slug FROM source ORDER BY slug",
	"SELECT slug FROM issue ORDER BY slug",
};

const stance_entity_info *stance_entity_info_get(stance_entity_type type)
{
	if ((unsigned)type >= STANCE_ENTITY_TYPES)
		return NULL;
	return &infos[type];
}

const stance_entity_info *stance_entity_info_find(const char *name)
{
	for (int i = 0; i < STANCE_ENTITY_TYPES; i++)
		if (strcmp(infos[i].name, name) == 0)
			return &infos[i];
	return NULL;
}

static int check_choice(const stance_entity_info *info, const stance_field *f,
			const char *value)
{
	char list[256] = "";
	size_t len = 0;

	for (const char *const *c = f->choices; *c; c++) {
		if (strcmp(*c, value) == 0)
			return 0;
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					c == f->choices ? "" : ", ", *c);
		if (len >= sizeof(list))
			len = sizeof(list) - 1;
	}
	if (!stance__utf8_valid(value, strlen(value)))
		return stance__error(STANCE_EINVALID, "invalid %s %s: not valid UTF-8",
				     info->name, f->name);
	return stance__error(STANCE_EINVALID, "invalid %s %s '%s' (choose from: %s)",
			     info->name, f->name, value, list);
}

int stance_entity__validate_field(stance_entity_type type, size_t i, const char *v)
{
	const stance_entity_info *info = stance_entity_info_get(type);
	const stance_field *f = &info->fields[i];
	char what[64];

	snprintf(what, sizeof(what), "%s %s", info->name, f->name);
	if (!v)
		return f->required ? stance__error(STANCE_EINVALID, "%s is missing", what) : 0;
	switch (f->kind) {
	case STANCE_FIELD_SLUG:
	case STANCE_FIELD_REF:
		return stance_check_slug(what, v);
	case STANCE_FIELD_TEXT:
	case STANCE_FIELD_URL:
		/* empty is allowed to mean "no url" only as NULL */
		return stance_check_text(what, v);
	case STANCE_FIELD_CHOICE:
		return check_choice(info, f, v);
	}
	return 0;
}

int stance_entity_validate(const stance_entity *e)
{
	const stance_entity_info *info = stance_entity_info_get(e->type);
	int rc = 0;

	if (!info)
		return stance__error(STANCE_EINVALID, "invalid entity type %d", (int)e->type);
	for (size_t i = 0; i < info->nfields && !rc; i++)
		rc = stance_entity__validate_field(e->type, i, e->field[i]);
	return rc;
}

int stance_entity__unknown(stance_db *db, stance_entity_type type, const char *slug)
{
	char known[512];
	size_t len = 0, count = 0;
	sqlite3_stmt *stmt;
	int src;

	known[0] = '\0';
	if (stance_db__prepare(db, &stmt, known_sql[type]) == 0) {
		while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
			const char *s = (const char *)sqlite3_column_text(stmt, 0);

			/* a long list is cut, not the message */
			if (len + strlen(s) + 8 < sizeof(known)) {
				len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s",
							count ? ", " : "", s);
			} else if (len + 6 < sizeof(known)) {
				len += (size_t)snprintf(known + len, sizeof(known) - len, ", ...");
				break;
			}
			count++;
		}
		sqlite3_reset(stmt);
	}
	if (!stance__utf8_valid(slug, strlen(slug)))
		return stance__error(STANCE_ENOTFOUND, "unknown %s (not valid UTF-8)",
				     infos[type].name);
	if (count == 0)
		return stance__error(STANCE_ENOTFOUND, "unknown %s '%s' (there are no %s yet)",
				     infos[type].name, slug, infos[type].plural);
	return stance__error(STANCE_ENOTFOUND, "unknown %s '%s' (known: %s)",
			     infos[type].name, slug, known);
}

/* The row id of slug in *id and *found = 1, or *found = 0 when there is
 * none; errors only when the query fails. */
static int lookup(stance_db *db, stance_entity_type type, const char *slug, sqlite3_int64 *id,
		  int *found)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql[type].exists);

	*found = 0;
	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, slug);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		*found = 1;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return stance__error_sqlite(db->conn, rc, "looking up a slug");
	return 0;
}

int stance_entity__id(stance_db *db, stance_entity_type type, const char *slug,
		      sqlite3_int64 *id)
{
	int found, rc = lookup(db, type, slug, id, &found);

	if (!rc && !found)
		rc = stance_entity__unknown(db, type, slug);
	return rc;
}

int stance_entity_exists(stance_db *db, stance_entity_type type, const char *slug)
{
	sqlite3_int64 id;
	int rc = stance_check_slug(stance_entity_info_get(type)->name, slug);

	return rc ? rc : stance_entity__id(db, type, slug, &id);
}

int stance_entity_add(stance_db *db, const stance_entity *e)
{
	const stance_entity_info *info = stance_entity_info_get(e->type);
	sqlite3_stmt *stmt;
	sqlite3_int64 id;
	int own = 0, found, rc;

	stance__error_clear();
	rc = stance_entity_validate(e);
	if (rc)
		return rc;
	rc = stance_db__write_begin(db, &own);
	if (rc)
		return rc;
	rc = lookup(db, e->type, e->field[STANCE_ENTITY_SLUG], &id, &found);
	if (!rc && found)
		rc = stance__error(STANCE_EEXISTS, "%s '%s' already exists", info->name,
				   e->field[STANCE_ENTITY_SLUG]);
	if (rc)
		goto done;
	for (size_t i = 1; i < info->nfields; i++) {
		if (info->fields[i].kind == STANCE_FIELD_REF && e->field[i]) {
			rc = stance_entity__id(db, info->fields[i].ref, e->field[i], &id);
			if (rc)
				goto done;
		}
	}
	rc = stance_db__prepare(db, &stmt, sql[e->type].insert);
	if (rc)
		goto done;
	for (size_t i = 0; i < info->nfields; i++) {
		const char *v = e->field[i] ? e->field[i] : info->fields[i].fallback;

		stance_db__bind_text(stmt, (int)i + 1, v);
	}
	rc = stance_db__exec_stmt(db, stmt, "adding an entity");
done:
	return stance_db__write_end(db, own, rc);
}

/* Fills e from the columns of a select_* row. */
static int read_row(stance_entity *e, stance_entity_type type, sqlite3_stmt *stmt)
{
	int rc = 0;

	memset(e, 0, sizeof(*e));
	e->type = type;
	for (size_t i = 0; i < infos[type].nfields; i++)
		e->field[i] = stance_db__column_dup(stmt, (int)i, &rc);
	if (rc) {
		stance_entity_clear(e);
		return stance__error(STANCE_ENOMEM, "out of memory");
	}
	return 0;
}

int stance_entity_get(stance_entity **out, stance_db *db, stance_entity_type type,
		      const char *slug)
{
	stance_entity *e = NULL;
	sqlite3_stmt *stmt;
	int rc, src;

	*out = NULL;
	stance__error_clear();
	rc = stance_check_slug(infos[type].name, slug);
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql[type].select_one);
	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, slug);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		e = malloc(sizeof(*e));
		rc = e ? read_row(e, type, stmt) : stance__error(STANCE_ENOMEM, "out of memory");
	} else if (src == SQLITE_DONE) {
		rc = 1;
	} else {
		rc = stance__error_sqlite(db->conn, src, "reading an entity");
	}
	sqlite3_reset(stmt);
	if (rc == 1)
		return stance_entity__unknown(db, type, slug);
	if (rc) {
		free(e);
		return rc;
	}
	*out = e;
	return 0;
}

int stance_entity_foreach(stance_db *db, stance_entity_type type,
			  int (*fn)(const stance_entity *e, void *ctx), void *ctx)
{
	sqlite3_stmt *stmt;
	stance_entity e;
	int rc, src;

	stance__error_clear();
	rc = stance_db__prepare(db, &stmt, sql[type].select_all);
	if (rc)
		return rc;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		rc = read_row(&e, type, stmt);
		if (rc)
			break;
		rc = fn(&e, ctx);
		stance_entity_clear(&e);
		if (rc)
			break;
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "listing entities");
	sqlite3_reset(stmt);
	return rc;
}

void stance_entity_clear(stance_entity *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < STANCE_ENTITY_MAX_FIELDS; i++) {
		free(e->field[i]);
		e->field[i] = NULL;
	}
}

void stance_entity_free(stance_entity *e)
{
	stance_entity_clear(e);
	free(e);
}
