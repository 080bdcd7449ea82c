/*
 * entity.c - parties, actors, sources and issues through one descriptor
 * table: the fields of each type and the SQL that stores them.
 */
#include <errno.h>
#include <math.h>
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
		[STANCE_ISSUE_LOW] = { "low", "--low", STANCE_FIELD_TEXT, 0, NULL, NULL,
			STANCE_PARTY, "what the low end of the scale (0) means" },
		[STANCE_ISSUE_HIGH] = { "high", "--high", STANCE_FIELD_TEXT, 0, NULL, NULL,
			STANCE_PARTY, "what the high end of the scale (100) means" },
		[STANCE_ISSUE_STATUS_QUO] = { "status_quo", "--status-quo", STANCE_FIELD_POINT, 0,
			NULL, NULL, STANCE_PARTY,
			"the status quo's point on the scale (beyond 0-100 too)" },
	} },
};

_Static_assert(STANCE_PARTY_FIELDS <= STANCE_ENTITY_MAX_FIELDS &&
	       STANCE_ACTOR_FIELDS <= STANCE_ENTITY_MAX_FIELDS &&
	       STANCE_SOURCE_FIELDS <= STANCE_ENTITY_MAX_FIELDS &&
	       STANCE_ISSUE_FIELDS <= STANCE_ENTITY_MAX_FIELDS,
	       "raise STANCE_ENTITY_MAX_FIELDS");
_Static_assert(STANCE_ENTITY_MAX_FIELDS < 9, "the inserts bind the fields below ?9");
_Static_assert(STANCE_PARTY_SLUG == STANCE_ENTITY_SLUG && STANCE_ACTOR_SLUG == STANCE_ENTITY_SLUG &&
	       STANCE_SOURCE_SLUG == STANCE_ENTITY_SLUG && STANCE_ISSUE_SLUG == STANCE_ENTITY_SLUG,
	       "the slug is field 0 of every type");

/* The SQL of each type, its columns and parameters in the order of the
 * field enums; references are stored as row ids and read back as slugs,
 * points as REAL. Every select gives the fields, then created_at,
 * created_by and removed. The fields' parameters stay below ?9. */
#define ENTITY_TAIL(t) ", " t ".created_at, " t ".created_by, " t ".removed"
static const struct {
	const char *insert;
	const char *select_id;
	const char *select_all;
	const char *table;
} sql[STANCE_ENTITY_TYPES] = {
	{
		"INSERT INTO party (slug, name, kind, created_at, created_by)"
		" VALUES (?1, ?2, ?3, ?9, ?10)",
		"SELECT slug, name, kind" ENTITY_TAIL("party") " FROM party WHERE id = ?1",
		"SELECT slug, name, kind" ENTITY_TAIL("party") " FROM party"
		" WHERE ?1 OR NOT removed ORDER BY slug",
		"party",
	},
	{
		"INSERT INTO actor (slug, name, party_id, role, created_at, created_by)"
		" VALUES (?1, ?2, (SELECT id FROM party WHERE slug = ?3), ?4, ?9, ?10)",
		"SELECT a.slug, a.name, p.slug, a.role" ENTITY_TAIL("a") " FROM actor AS a"
		" JOIN party AS p ON p.id = a.party_id WHERE a.id = ?1",
		"SELECT a.slug, a.name, p.slug, a.role" ENTITY_TAIL("a") " FROM actor AS a"
		" JOIN party AS p ON p.id = a.party_id WHERE ?1 OR NOT a.removed ORDER BY a.slug",
		"actor",
	},
	{
		"INSERT INTO source (slug, name, reliability, url, created_at, created_by)"
		" VALUES (?1, ?2, ?3, ?4, ?9, ?10)",
		"SELECT slug, name, reliability, url" ENTITY_TAIL("source") " FROM source WHERE id = ?1",
		"SELECT slug, name, reliability, url" ENTITY_TAIL("source") " FROM source"
		" WHERE ?1 OR NOT removed ORDER BY slug",
		"source",
	},
	{
		"INSERT INTO issue (slug, title, description, parent_id, low, high, status_quo,"
		" created_at, created_by)"
		" VALUES (?1, ?2, ?3, (SELECT id FROM issue WHERE slug = ?4), ?5, ?6, ?7, ?9, ?10)",
		"SELECT i.slug, i.title, i.description, p.slug, i.low, i.high, i.status_quo"
		ENTITY_TAIL("i") " FROM issue AS i"
		" LEFT JOIN issue AS p ON p.id = i.parent_id WHERE i.id = ?1",
		"SELECT i.slug, i.title, i.description, p.slug, i.low, i.high, i.status_quo"
		ENTITY_TAIL("i") " FROM issue AS i"
		" LEFT JOIN issue AS p ON p.id = i.parent_id WHERE ?1 OR NOT i.removed ORDER BY i.slug",
		"issue",
	},
};

/* A slug, current or former: the row id, the current slug and whether the
 * entity is removed. */
static const char *const sql_lookup[STANCE_ENTITY_TYPES] = {
	"SELECT id, slug, removed FROM party WHERE slug = ?1 UNION ALL"
	" SELECT e.id, e.slug, e.removed FROM alias AS a JOIN party AS e ON e.id = a.entity_id"
	" WHERE a.kind = 'party' AND a.slug = ?1",
	"SELECT id, slug, removed FROM actor WHERE slug = ?1 UNION ALL"
	" SELECT e.id, e.slug, e.removed FROM alias AS a JOIN actor AS e ON e.id = a.entity_id"
	" WHERE a.kind = 'actor' AND a.slug = ?1",
	"SELECT id, slug, removed FROM source WHERE slug = ?1 UNION ALL"
	" SELECT e.id, e.slug, e.removed FROM alias AS a JOIN source AS e ON e.id = a.entity_id"
	" WHERE a.kind = 'source' AND a.slug = ?1",
	"SELECT id, slug, removed FROM issue WHERE slug = ?1 UNION ALL"
	" SELECT e.id, e.slug, e.removed FROM alias AS a JOIN issue AS e ON e.id = a.entity_id"
	" WHERE a.kind = 'issue' AND a.slug = ?1",
};

static const char *const known_sql[STANCE_ENTITY_TYPES] = {
	"SELECT slug FROM party WHERE NOT removed ORDER BY slug",
	"SELECT slug FROM actor WHERE NOT removed ORDER BY slug",
	"SELECT slug FROM source WHERE NOT removed ORDER BY slug",
	"SELECT slug FROM issue WHERE NOT removed ORDER BY slug",
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

/* Whether an integral point is written as a JSON integer: when every
 * integer up to it is a double. */
#define POINT_INTEGER_MAX 9007199254740992.0

/* The shortest text of a point, which is also how the snapshot writes it
 * (stance_entity__field_json()): an integer as one, else 15 significant
 * digits; 17 when 15 do not give it back, which check_point() refuses. */
static void point_text(char out[32], double v)
{
	if (v == floor(v) && fabs(v) < POINT_INTEGER_MAX)
		snprintf(out, 32, "%.0f", v == 0 ? 0.0 : v);
	else if (snprintf(out, 32, "%.15g", v), strtod(out, NULL) != v)
		snprintf(out, 32, "%.17g", v);
}

/* The number a point's text says into *d; 0 when it is not a finite
 * number as written. */
static int read_point(const char *v, double *d)
{
	return stance_number_read(d, v);
}

/* A point: a finite number that 15 significant digits give back exactly,
 * since snapshots and the history write numbers with 15 (as positions'
 * points, statement.c). A status quo may lie beyond 0..100 (design §1). */
static int check_point(const char *what, const char *v)
{
	char buf[32];
	double d;

	if (!stance__utf8_valid(v, strlen(v)))
		return stance__error(STANCE_EINVALID, "invalid %s: not valid UTF-8", what);
	if (!read_point(v, &d))
		return stance__error(STANCE_EINVALID, "invalid %s '%s' (a finite number, such as "
				     "50 or -12.5)", what, v);
	snprintf(buf, sizeof(buf), "%.15g", d);
	if (strtod(buf, NULL) != d)
		return stance__error(STANCE_EINVALID, "invalid %s '%s' (at most 15 significant "
				     "digits)", what, v);
	return 0;
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
	case STANCE_FIELD_POINT:
		return check_point(what, v);
	}
	return 0;
}

/* Binds field f's value (a validated one) to parameter i. */
static void bind_field(sqlite3_stmt *stmt, int i, const stance_field *f, const char *v)
{
	if (f->kind == STANCE_FIELD_POINT && v)
		sqlite3_bind_double(stmt, i, strtod(v, NULL));
	else
		stance_db__bind_text(stmt, i, v);
}

json_t *stance_entity__field_json(stance_entity_type type, size_t i, const char *v)
{
	const stance_field *f = &infos[type].fields[i];
	double d;

	if (!v)
		return json_null();
	/* text that is no number is shown as it is: a message can name it */
	if (f->kind != STANCE_FIELD_POINT || !read_point(v, &d))
		return json_string(v);
	if (d == floor(d) && fabs(d) < POINT_INTEGER_MAX)
		return json_integer((json_int_t)d);
	return json_real(d);
}

int stance_entity__field_text(char **out, stance_entity_type type, size_t i, const json_t *v)
{
	const stance_field *f = &infos[type].fields[i];
	char buf[32];

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (f->kind == STANCE_FIELD_POINT) {
		if (!json_is_number(v))
			return stance__error(STANCE_EINVALID, "%s must be a number or null", f->name);
		point_text(buf, json_number_value(v));
	} else if (!json_is_string(v)) {
		return stance__error(STANCE_EINVALID, "%s must be a string or null", f->name);
	}
	*out = stance__strdup(f->kind == STANCE_FIELD_POINT ? buf : json_string_value(v));
	return *out ? 0 : stance__error(STANCE_ENOMEM, "out of memory");
}

int stance_entity__field(stance_entity_type type, const char *name, size_t *i)
{
	const stance_entity_info *info = stance_entity_info_get(type);

	for (size_t k = 0; info && k < info->nfields; k++) {
		if (strcmp(info->fields[k].name, name) == 0) {
			*i = k;
			return 1;
		}
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

int stance_entity__find(stance_db *db, stance_entity_type type, const char *slug,
			struct stance_entity_ref *out, int *found)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_lookup[type]);

	*found = 0;
	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, slug);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(stmt, 0);
		snprintf(out->slug, sizeof(out->slug), "%s",
			 (const char *)sqlite3_column_text(stmt, 1));
		out->removed = sqlite3_column_int(stmt, 2);
		out->alias = strcmp(out->slug, slug) != 0;
		*found = 1;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return stance__error_sqlite(db->conn, rc, "looking up a slug");
	return 0;
}

int stance_entity__resolve(stance_db *db, stance_entity_type type, const char *slug,
			   struct stance_entity_ref *out)
{
	int found, rc = stance_entity__find(db, type, slug, out, &found);

	if (!rc && !found)
		rc = stance_entity__unknown(db, type, slug);
	/* what the user named by a former slug: say what it is called now */
	if (!rc && out->alias)
		stance_db__note(db, "'%s' is a former slug of %s '%s'", slug, infos[type].name,
				out->slug);
	return rc;
}

int stance_entity__id(stance_db *db, stance_entity_type type, const char *slug,
		      sqlite3_int64 *id)
{
	struct stance_entity_ref ref;
	int rc = stance_entity__resolve(db, type, slug, &ref);

	if (!rc && ref.removed)
		rc = stance__error(STANCE_ENOTFOUND,
				   "%s '%s' is removed ('stance %s restore %s' brings it back)",
				   infos[type].name, ref.slug, infos[type].name, ref.slug);
	if (!rc)
		*id = ref.id;
	return rc;
}

int stance_entity_exists(stance_db *db, stance_entity_type type, const char *slug)
{
	sqlite3_int64 id;
	int rc = stance_check_slug(stance_entity_info_get(type)->name, slug);

	return rc ? rc : stance_entity__id(db, type, slug, &id);
}

/* The error for a slug that names an entity already, as its slug or as a
 * former one. */
static int slug_taken(stance_entity_type type, const char *slug,
		      const struct stance_entity_ref *ref)
{
	if (ref->alias)
		return stance__error(STANCE_EEXISTS, "'%s' is a former slug of %s '%s', kept so "
				     "that it still names it", slug, infos[type].name, ref->slug);
	return stance__error(STANCE_EEXISTS, "%s '%s' already exists", infos[type].name, slug);
}

int stance_entity_add(stance_db *db, const stance_entity *e)
{
	const stance_entity_info *info = stance_entity_info_get(e->type);
	struct stance_entity_ref ref, refs[STANCE_ENTITY_MAX_FIELDS];
	char created[STANCE_TIMESTAMP_LEN + 1];
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
	if (e->created_at)
		rc = stance_timestamp_normalize(created, "created_at", e->created_at);
	else
		stance_timestamp_now(created);
	if (!rc && e->created_by)
		rc = stance_check_text("created_by", e->created_by);
	if (!rc)
		rc = stance_entity__find(db, e->type, e->field[STANCE_ENTITY_SLUG], &ref, &found);
	if (!rc && found)
		rc = slug_taken(e->type, e->field[STANCE_ENTITY_SLUG], &ref);
	if (rc)
		goto done;
	/* a reference by a former slug is stored as the entity's slug of today */
	for (size_t i = 1; i < info->nfields && !rc; i++) {
		if (info->fields[i].kind == STANCE_FIELD_REF && e->field[i]) {
			rc = stance_entity__id(db, info->fields[i].ref, e->field[i], &id);
			if (!rc)
				rc = stance_entity__find(db, info->fields[i].ref, e->field[i],
							 &refs[i], &found);
		}
	}
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql[e->type].insert);
	if (rc)
		goto done;
	for (size_t i = 0; i < info->nfields; i++) {
		const char *v = e->field[i] ? e->field[i] : info->fields[i].fallback;

		if (info->fields[i].kind == STANCE_FIELD_REF && e->field[i])
			v = refs[i].slug;
		bind_field(stmt, (int)i + 1, &info->fields[i], v);
	}
	stance_db__bind_text(stmt, 9, created);
	stance_db__bind_text(stmt, 10, e->created_by);
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
	for (size_t i = 0; i < infos[type].nfields; i++) {
		char point[32];

		/* SQLite's text of a REAL is "70.0": a point reads as it is written */
		if (infos[type].fields[i].kind == STANCE_FIELD_POINT &&
		    sqlite3_column_type(stmt, (int)i) != SQLITE_NULL) {
			point_text(point, sqlite3_column_double(stmt, (int)i));
			if (!(e->field[i] = stance__strdup(point)))
				rc = STANCE_ENOMEM;
		} else {
			e->field[i] = stance_db__column_dup(stmt, (int)i, &rc);
		}
	}
	e->created_at = stance_db__column_dup(stmt, (int)infos[type].nfields, &rc);
	e->created_by = stance_db__column_dup(stmt, (int)infos[type].nfields + 1, &rc);
	e->removed = sqlite3_column_int(stmt, (int)infos[type].nfields + 2);
	if (rc) {
		stance_entity_clear(e);
		return stance__error(STANCE_ENOMEM, "out of memory");
	}
	return 0;
}

int stance_entity__get_id(stance_entity **out, stance_db *db, stance_entity_type type,
			  sqlite3_int64 id)
{
	stance_entity *e = NULL;
	sqlite3_stmt *stmt;
	int rc, src;

	*out = NULL;
	rc = stance_db__prepare(db, &stmt, sql[type].select_id);
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		e = malloc(sizeof(*e));
		rc = e ? read_row(e, type, stmt) : stance__error(STANCE_ENOMEM, "out of memory");
	} else if (src == SQLITE_DONE) {
		rc = stance__error(STANCE_EINTERNAL, "no %s with row id %lld", infos[type].name,
				   (long long)id);
	} else {
		rc = stance__error_sqlite(db->conn, src, "reading an entity");
	}
	sqlite3_reset(stmt);
	if (rc)
		free(e);
	else
		*out = e;
	return rc;
}

int stance_entity_get(stance_entity **out, stance_db *db, stance_entity_type type,
		      const char *slug)
{
	struct stance_entity_ref ref;
	int rc;

	*out = NULL;
	stance__error_clear();
	rc = stance_check_slug(infos[type].name, slug);
	if (!rc)
		rc = stance_entity__resolve(db, type, slug, &ref);
	return rc ? rc : stance_entity__get_id(out, db, type, ref.id);
}

int stance_entity__foreach(stance_db *db, stance_entity_type type, int removed_too,
			   int (*fn)(const stance_entity *e, void *ctx), void *ctx)
{
	sqlite3_stmt *stmt;
	stance_entity e;
	int rc, src;

	rc = stance_db__prepare(db, &stmt, sql[type].select_all);
	if (rc)
		return rc;
	sqlite3_bind_int(stmt, 1, removed_too);
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

int stance_entity_foreach(stance_db *db, stance_entity_type type,
			  int (*fn)(const stance_entity *e, void *ctx), void *ctx)
{
	stance__error_clear();
	return stance_entity__foreach(db, type, 0, fn, ctx);
}

void stance_entity_clear(stance_entity *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < STANCE_ENTITY_MAX_FIELDS; i++) {
		free(e->field[i]);
		e->field[i] = NULL;
	}
	free(e->created_at);
	free(e->created_by);
	e->created_at = NULL;
	e->created_by = NULL;
}

void stance_entity_free(stance_entity *e)
{
	stance_entity_clear(e);
	free(e);
}

/* ---- corrections (revision.c) ---------------------------------------- */

#define SET_SQL(t, c) "UPDATE " t " SET " c " = ?2 WHERE id = ?1"

/* Indexed by type and field; the slug has its own path (rename). */
static const char *const sql_set[STANCE_ENTITY_TYPES][STANCE_ENTITY_MAX_FIELDS] = {
	[STANCE_PARTY] = { NULL, SET_SQL("party", "name"), SET_SQL("party", "kind") },
	[STANCE_ACTOR] = { NULL, SET_SQL("actor", "name"), SET_SQL("actor", "party_id"),
			   SET_SQL("actor", "role") },
	[STANCE_SOURCE] = { NULL, SET_SQL("source", "name"), SET_SQL("source", "reliability"),
			    SET_SQL("source", "url") },
	[STANCE_ISSUE] = { NULL, SET_SQL("issue", "title"), SET_SQL("issue", "description"),
			   SET_SQL("issue", "parent_id"), SET_SQL("issue", "low"),
			   SET_SQL("issue", "high"), SET_SQL("issue", "status_quo") },
};

static const char *const sql_set_slug[STANCE_ENTITY_TYPES] = {
	SET_SQL("party", "slug"), SET_SQL("actor", "slug"),
	SET_SQL("source", "slug"), SET_SQL("issue", "slug"),
};

static const char *const sql_set_removed[STANCE_ENTITY_TYPES] = {
	SET_SQL("party", "removed"), SET_SQL("actor", "removed"),
	SET_SQL("source", "removed"), SET_SQL("issue", "removed"),
};

/* The new parent ?2 is the issue ?1 or one of its descendants. */
static const char sql_parent_cycle[] =
	"WITH RECURSIVE up(id) AS (SELECT ?2 UNION"
	" SELECT i.parent_id FROM issue AS i JOIN up ON i.id = up.id WHERE i.parent_id IS NOT NULL)"
	" SELECT 1 FROM up WHERE id = ?1";

static int check_parent(stance_db *db, sqlite3_int64 id, sqlite3_int64 parent, const char *slug)
{
	sqlite3_stmt *stmt;
	int found, rc = stance_db__prepare(db, &stmt, sql_parent_cycle);

	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, parent);
	rc = stance_db__exists(db, stmt, &found, "checking the issue's parents");
	if (!rc && found)
		rc = stance__error(STANCE_EINVALID, "issue '%s' cannot be its own parent or "
				   "a parent of its parents", slug);
	return rc;
}

int stance_entity__set(stance_db *db, stance_entity_type type, sqlite3_int64 id, size_t i,
		       const char *value)
{
	const stance_field *f = &infos[type].fields[i];
	sqlite3_stmt *stmt;
	sqlite3_int64 ref;
	int rc;

	if (i == STANCE_ENTITY_SLUG || i >= infos[type].nfields)
		return stance__error(STANCE_EINTERNAL, "no settable field %zu", i);
	if (!value)
		value = f->fallback;
	rc = stance_entity__validate_field(type, i, value);
	if (!rc && f->kind == STANCE_FIELD_REF && value) {
		rc = stance_entity__id(db, f->ref, value, &ref);
		if (!rc && type == STANCE_ISSUE)
			rc = check_parent(db, id, ref, value);
	}
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_set[type][i]);
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	if (f->kind == STANCE_FIELD_REF && value)
		sqlite3_bind_int64(stmt, 2, ref);
	else
		bind_field(stmt, 2, f, value);
	return stance_db__exec_stmt(db, stmt, "changing an entity");
}

static const char sql_alias_add[] =
	"INSERT OR IGNORE INTO alias (kind, slug, entity_id) VALUES (?1, ?2, ?3)";
static const char sql_alias_drop[] = "DELETE FROM alias WHERE kind = ?1 AND slug = ?2";

int stance_entity__alias(stance_db *db, stance_entity_type type, const char *slug,
			 sqlite3_int64 id, int add)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, add ? sql_alias_add : sql_alias_drop);

	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, infos[type].name);
	stance_db__bind_text(stmt, 2, slug);
	if (add)
		sqlite3_bind_int64(stmt, 3, id);
	return stance_db__exec_stmt(db, stmt, "writing an alias");
}

int stance_entity__rename(stance_db *db, stance_entity_type type, sqlite3_int64 id,
			  const char *old_slug, const char *new_slug)
{
	struct stance_entity_ref ref;
	sqlite3_stmt *stmt;
	int found, rc = stance_check_slug(infos[type].name, new_slug);

	if (!rc)
		rc = stance_entity__find(db, type, new_slug, &ref, &found);
	if (!rc && found && ref.id != id)
		rc = slug_taken(type, new_slug, &ref);
	/* back to a former slug: it is the slug again, not an alias */
	if (!rc && found)
		rc = stance_entity__alias(db, type, new_slug, id, 0);
	if (!rc)
		rc = stance_entity__alias(db, type, old_slug, id, 1);
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_set_slug[type]);
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	stance_db__bind_text(stmt, 2, new_slug);
	return stance_db__exec_stmt(db, stmt, "renaming an entity");
}

/* The first thing that refers to an entity, for the message of a refused
 * remove. */
static const char *const sql_referrer[STANCE_ENTITY_TYPES] = {
	"SELECT 'actor ''' || slug || '''' FROM actor WHERE party_id = ?1 UNION ALL"
	" SELECT 'statement ' || substr(uuid, 1, 8) FROM statement WHERE party_id = ?1 UNION ALL"
	" SELECT 'assessment ' || substr(uuid, 1, 8) FROM assessment WHERE party_id = ?1 LIMIT 1",
	"SELECT 'statement ' || substr(uuid, 1, 8) FROM statement WHERE actor_id = ?1 LIMIT 1",
	"SELECT 'statement ' || substr(uuid, 1, 8) FROM statement WHERE source_id = ?1 UNION ALL"
	" SELECT 'outcome ' || substr(uuid, 1, 8) FROM outcome WHERE source_id = ?1 LIMIT 1",
	"SELECT 'issue ''' || slug || '''' FROM issue WHERE parent_id = ?1 UNION ALL"
	" SELECT 'statement ' || substr(s.uuid, 1, 8) FROM position AS p"
	" JOIN statement AS s ON s.id = p.statement_id WHERE p.issue_id = ?1 UNION ALL"
	" SELECT 'assessment ' || substr(uuid, 1, 8) FROM assessment WHERE issue_id = ?1 UNION ALL"
	" SELECT 'outcome ' || substr(uuid, 1, 8) FROM outcome WHERE issue_id = ?1 LIMIT 1",
};

int stance_entity__set_removed(stance_db *db, stance_entity_type type, sqlite3_int64 id,
			       const char *slug, int removed)
{
	sqlite3_stmt *stmt;
	int rc = 0, src;

	if (removed) {
		rc = stance_db__prepare(db, &stmt, sql_referrer[type]);
		if (rc)
			return rc;
		sqlite3_bind_int64(stmt, 1, id);
		src = sqlite3_step(stmt);
		if (src == SQLITE_ROW)
			rc = stance__error(STANCE_EEXISTS, "%s '%s' is still referred to by %s; "
					   "only what nothing refers to can be removed",
					   infos[type].name, slug, sqlite3_column_text(stmt, 0));
		else if (src != SQLITE_DONE)
			rc = stance__error_sqlite(db->conn, src, "looking for references");
		sqlite3_reset(stmt);
	}
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_set_removed[type]);
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, removed);
	return stance_db__exec_stmt(db, stmt, "removing an entity");
}
