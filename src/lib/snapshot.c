/*
 * snapshot.c - the validating, merging import of JSON snapshots
 * (docs/snapshot.md); the shapes and the export are snapshot-export.c's,
 * the checks of each value snapshot-check.c's.
 *
 * Import reads the document with the streaming reader of jsonstream.c. The
 * entity arrays are small and held in memory until all four are known:
 * issues often name parents that come later in the array, and actors name
 * parties. The statements are merged one at a time as they are read, with
 * their references resolved from in-memory slug tables rather than a query
 * each. A snapshot whose statements come before its entity arrays has them
 * spooled to a temporary file and replayed at the end.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entity-internal.h"
#include "jsonstream-internal.h"
#include "snapshot-internal.h"
#include "statement-internal.h"

/* ---- import: state --------------------------------------------------- */

/* One entity of the snapshot, held until all four arrays are read. */
struct snap_entity {
	stance_entity e;             /* owned strings, as given (no fallback) */
	size_t index;                /* in its array, for paths */
	unsigned present;            /* bit i: the member of field i was given */
	int has_removed;             /* "removed" was given (in e.removed) */
	int has_created;             /* "created_at" was given, maybe as null */
	int added;                   /* new to the database: nothing to compare */
	sqlite3_int64 id;            /* the database's row id once merged */
	int state;                   /* issues: 0 to do, 1 on the walk, 2 done */
	struct snap_entity *child;   /* issues: the one below on the walk */
};

struct entity_list {
	struct snap_entity *v;
	size_t n, cap;
};

static const char *slug_of(const struct snap_entity *se)
{
	return se->e.field[STANCE_ENTITY_SLUG];
}

/* Slug → row id of every entity of a type, sorted by slug: statements
 * resolve their references here instead of with a query each. */
struct slug_row {
	char *slug;
	sqlite3_int64 id;
	sqlite3_int64 party;  /* actors: the party they speak for */
};

struct slug_table {
	struct slug_row *v;
	size_t n;
};

/* An alias of the snapshot: slug is a former slug of entity. */
struct snap_alias {
	stance_entity_type type;
	char *slug;
	char *entity;
	size_t index;
};

struct import {
	stance_db *db;
	stance_jsr *r;
	const char *analyst;
	const stance_import_options *o;
	int version;                   /* of the snapshot */
	snap_path v2_only;             /* the first version-2 member seen, or "" */
	struct snap_alias *aliases;
	size_t naliases;
	size_t nrevisions;             /* staged */
	struct snap_merge_result merge;
	char now[25];
	stance_snapshot_summary sum;
	unsigned seen;                 /* TOP_BIT() of the members read */
	struct entity_list ents[STANCE_ENTITY_TYPES];
	int merged;                    /* the entities are in the database */
	struct slug_table slugs[STANCE_ENTITY_TYPES];
	FILE *spool;                   /* statements read before their entities */
	size_t nspooled;
	sqlite3_int64 max_rowid;       /* statements above it are this import's */
	int seen_table;                /* the temp table of matched ids is ready */
	stance_position *pos;          /* the statement's positions, reused */
	sqlite3_int64 *issue_ids;
	size_t pos_cap;
};

/* A failed reader call: its message becomes the last error. */
static int reader_failed(struct import *im, int rc)
{
	const char *msg = stance_jsr__error(im->r);

	/* outside the top-level object the reader knows no path: it is $ */
	return stance__error(rc, "%s%s", msg[0] == '$' ? "" : "$: ", msg);
}

/* ---- import: entities ------------------------------------------------ */

static int entity_cmp(const void *a, const void *b)
{
	const struct snap_entity *x = a, *y = b;
	int c = strcmp(slug_of(x), slug_of(y));

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int entity_key_cmp(const void *key, const void *el)
{
	return strcmp(key, slug_of(el));
}

/* The entity of the slug in a list that check_duplicate_slugs() sorted. */
static struct snap_entity *entity_find(struct entity_list *l, const char *slug)
{
	return l->n ? bsearch(slug, l->v, l->n, sizeof(*l->v), entity_key_cmp) : NULL;
}

static snap_path entity_path(stance_entity_type type, size_t index)
{
	return stance_snapshot__path_format("$.%s[%zu]", stance_entity_info_get(type)->plural,
					    index);
}

/* Reads one element of an entity array into the list. */
static int read_entity(struct import *im, stance_entity_type type, const json_t *obj)
{
	const stance_entity_info *info = stance_entity_info_get(type);
	struct entity_list *l = &im->ents[type];
	struct snap_entity *se;
	snap_path path = entity_path(type, l->n);
	int rc = stance_snapshot__check_entity(type, obj, path.s);

	if (rc)
		return rc;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct snap_entity *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return stance__error(STANCE_ENOMEM, "out of memory");
		l->v = v;
		l->cap = cap;
	}
	se = &l->v[l->n++];
	memset(se, 0, sizeof(*se));
	se->e.type = type;
	se->index = l->n - 1;
	for (size_t i = 0; i < info->nfields; i++) {
		const json_t *v = json_object_get(obj, info->fields[i].name);

		if (v)
			se->present |= 1u << i;
		/* checked above: a string, or a number for a point */
		if (v && (rc = stance_entity__field_text(&se->e.field[i], type, i, v)))
			return stance_snapshot__at_member(rc, path.s, info->fields[i].name);
	}
	for (size_t k = 0; k < 6 && !im->v2_only.s[0]; k++) {
		/* the entities' members that version 2 brought (the issues' scale:
		 * other types refuse them as unknown members) */
		static const char *const v2[] = { "created_at", "created_by", "removed", "low",
						  "high", "status_quo" };

		if (json_object_get(obj, v2[k]))
			im->v2_only = stance_snapshot__path_member(path.s, v2[k]);
	}
	se->has_removed = json_is_boolean(json_object_get(obj, "removed"));
	se->has_created = json_object_get(obj, "created_at") != NULL;
	se->e.removed = json_is_true(json_object_get(obj, "removed"));
	se->e.created_at = stance__strdup(stance_snapshot__member_string(obj, "created_at"));
	se->e.created_by = stance__strdup(stance_snapshot__member_string(obj, "created_by"));
	if ((json_is_string(json_object_get(obj, "created_at")) && !se->e.created_at) ||
	    (json_is_string(json_object_get(obj, "created_by")) && !se->e.created_by))
		return stance__error(STANCE_ENOMEM, "out of memory");
	return 0;
}

/* Current and former slugs: references resolve through both. */
#define SLUGS(t, party) \
	"SELECT slug, id, " party " FROM " t " UNION ALL SELECT a.slug, e.id, e." party \
	" FROM alias AS a JOIN " t " AS e ON e.id = a.entity_id WHERE a.kind = '" t "'" \
	" ORDER BY 1"
static const char *const sql_slugs[STANCE_ENTITY_TYPES] = {
	SLUGS("party", "removed * 0"),
	SLUGS("actor", "party_id"),
	SLUGS("source", "removed * 0"),
	SLUGS("issue", "removed * 0"),
};

static void free_slugs(struct slug_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].slug);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

/* (Re)loads the slug table of a type from the database. */
static int load_slugs(struct import *im, stance_entity_type type)
{
	struct slug_table *t = &im->slugs[type];
	sqlite3_stmt *stmt;
	size_t cap = 0;
	int rc = stance_db__prepare(im->db, &stmt, sql_slugs[type]), src;

	free_slugs(t);
	if (rc)
		return rc;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (t->n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct slug_row *v = realloc(t->v, ncap * sizeof(*v));

			if (!v) {
				rc = stance__error(STANCE_ENOMEM, "out of memory");
				break;
			}
			t->v = v;
			cap = ncap;
		}
		t->v[t->n].slug = stance_db__column_dup(stmt, 0, &rc);
		t->v[t->n].id = sqlite3_column_int64(stmt, 1);
		t->v[t->n].party = sqlite3_column_int64(stmt, 2);
		if (rc) {
			rc = stance__error(STANCE_ENOMEM, "out of memory");
			break;
		}
		t->n++;
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(im->db->conn, src, "reading slugs");
	sqlite3_reset(stmt);
	return rc;
}

static int load_all_slugs(struct import *im)
{
	int rc = 0;

	for (int t = 0; !rc && t < STANCE_ENTITY_TYPES; t++)
		rc = load_slugs(im, t);
	return rc;
}

static int slug_key_cmp(const void *key, const void *el)
{
	return strcmp(key, ((const struct slug_row *)el)->slug);
}

static const struct slug_row *slug_find(const struct slug_table *t, const char *slug)
{
	return t->n ? bsearch(slug, t->v, t->n, sizeof(*t->v), slug_key_cmp) : NULL;
}

/* The value of an entity member as JSON, a null choice meaning its
 * fallback. */
static json_t *field_json(const stance_entity *e, size_t i)
{
	const stance_field *f = &stance_entity_info_get(e->type)->fields[i];

	return stance_entity__field_json(e->type, i, e->field[i] ? e->field[i] : f->fallback);
}

static const char *const sql_set_created[STANCE_ENTITY_TYPES] = {
	"UPDATE party SET created_at = ?2, created_by = ?3 WHERE id = ?1",
	"UPDATE actor SET created_at = ?2, created_by = ?3 WHERE id = ?1",
	"UPDATE source SET created_at = ?2, created_by = ?3 WHERE id = ?1",
	"UPDATE issue SET created_at = ?2, created_by = ?3 WHERE id = ?1",
};

static const char *const sql_unmake[STANCE_ENTITY_TYPES] = {
	"UPDATE party SET created_at = NULL, created_by = NULL WHERE id = ?1",
	"UPDATE actor SET created_at = NULL, created_by = NULL WHERE id = ?1",
	"UPDATE source SET created_at = NULL, created_by = NULL WHERE id = ?1",
	"UPDATE issue SET created_at = NULL, created_by = NULL WHERE id = ?1",
};

/* An entity the snapshot says is older than the history. */
static int unmake(struct import *im, stance_entity_type type, sqlite3_int64 id)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(im->db, &stmt, sql_unmake[type]);

	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	return stance_db__exec_stmt(im->db, stmt, "merging who made a record");
}

/* Who made a record is never a contradiction: the earliest making is
 * kept, with its maker (rule 3). */
static int keep_earliest(struct import *im, const char *sql, sqlite3_int64 id, const char *ours,
			 const char *at, const char *by)
{
	char norm[25];
	sqlite3_stmt *stmt;
	int rc;

	if (!at || stance_timestamp_normalize(norm, "time", at) != 0 ||
	    (ours && strcmp(norm, ours) >= 0)) {
		stance__error_clear();
		return 0;
	}
	rc = stance_db__prepare(im->db, &stmt, sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, id);
	stance_db__bind_text(stmt, 2, norm);
	stance_db__bind_text(stmt, 3, by);
	return stance_db__exec_stmt(im->db, stmt, "merging who made a record");
}

/* Notes a difference on a member of a record both sides have. */
static int differ(struct import *im, stance_target_kind kind, sqlite3_int64 id, const char *member,
		  sqlite3_int64 issue_id, const char *base, const json_t *ours, const json_t *theirs,
		  int benign)
{
	/* a position is named by its member: "$.statements[3].positions.ISSUE" */
	snap_path path = stance_revision__is_position(member) ?
		stance_snapshot__path_format("%s.%s", base, member) :
		stance_snapshot__path_member(base, member);
	struct snap_diff d = { kind, id, member, issue_id, path.s, ours, theirs, benign };

	return stance_snapshot__diff(im->db, &d);
}

/* Compares an entity of the snapshot with the database's: each member the
 * snapshot gives; what differs is noted for the end of the merge. */
static int compare_entity(struct import *im, const struct snap_entity *se, const stance_entity *db)
{
	const stance_entity_info *info = stance_entity_info_get(se->e.type);
	snap_path path = entity_path(se->e.type, se->index);
	stance_target_kind kind = (stance_target_kind)se->e.type;
	int rc = 0;

	for (size_t i = 0; i < info->nfields && !rc; i++) {
		json_t *ja, *jb;

		if (!(se->present & (1u << i)))
			continue;
		if (info->fields[i].kind == STANCE_FIELD_REF && se->e.field[i] &&
		    (rc = stance_entity_exists(im->db, info->fields[i].ref, se->e.field[i])))
			return stance_snapshot__at_member(rc, path.s, info->fields[i].name);
		ja = field_json(&se->e, i);
		jb = field_json(db, i);
		if (!ja || !jb)
			rc = stance__error(STANCE_ENOMEM, "out of memory");
		/* a slug names the same entity, but a rename is still a change */
		else if (i == STANCE_ENTITY_SLUG ? !json_equal(ja, jb) :
			 !stance_snapshot__same(im->db, kind, info->fields[i].name, ja, jb))
			rc = differ(im, kind, se->id, info->fields[i].name, 0, path.s, jb, ja, 0);
		json_decref(ja);
		json_decref(jb);
	}
	if (!rc && se->has_removed && se->e.removed != db->removed)
		rc = differ(im, kind, se->id, "removed", 0, path.s, json_boolean(db->removed),
			    json_boolean(se->e.removed), 0);
	if (!rc)
		rc = keep_earliest(im, sql_set_created[se->e.type], se->id, db->created_at,
				   se->e.created_at, se->e.created_by);
	return rc;
}

/* Adds an entity the database lacks; its references must exist by now. */
static int add_entity(struct import *im, struct snap_entity *se)
{
	const stance_entity_info *info = stance_entity_info_get(se->e.type);
	snap_path path = entity_path(se->e.type, se->index);
	struct stance_entity_ref ref;
	int rc = 0;

	for (size_t i = 1; i < info->nfields && !rc; i++)
		if (info->fields[i].kind == STANCE_FIELD_REF && se->e.field[i] &&
		    (rc = stance_entity_exists(im->db, info->fields[i].ref, se->e.field[i])))
			return stance_snapshot__at_member(rc, path.s, info->fields[i].name);
	/* an omitted making is filled in (now, the analyst); a null one, from
	 * before the history, stays null */
	if (!se->has_created && !se->e.created_by)
		se->e.created_by = stance__strdup(im->analyst);
	if (!se->has_created)
		se->e.created_at = stance__strdup(im->now);
	rc = stance_entity_add(im->db, &se->e);
	if (!rc)
		rc = stance_entity__resolve(im->db, se->e.type, slug_of(se), &ref);
	if (!rc && se->has_created && !se->e.created_at)
		rc = unmake(im, se->e.type, ref.id);
	if (!rc && se->e.removed)
		rc = stance_entity__set_removed(im->db, se->e.type, ref.id, slug_of(se), 1);
	if (rc)
		return stance_snapshot__at_path(rc, path.s);
	se->id = ref.id;
	se->added = 1;
	im->sum.added[se->e.type]++;
	se->state = 2;
	return 0;
}

/* The database's entity that se is (rule 5): the one its slug names, or
 * one that a former slug of it names there; two different ones is a
 * contradiction no preference resolves. */
static int find_match(struct import *im, struct snap_entity *se, struct stance_entity_ref *ref,
		      int *found)
{
	snap_path path = entity_path(se->e.type, se->index);
	int rc = stance_entity__find(im->db, se->e.type, slug_of(se), ref, found);

	for (size_t k = 0; k < im->naliases && !rc; k++) {
		const struct snap_alias *a = &im->aliases[k];
		struct stance_entity_ref other;
		int hit;

		if (a->type != se->e.type || strcmp(a->entity, slug_of(se)) != 0)
			continue;
		rc = stance_entity__find(im->db, se->e.type, a->slug, &other, &hit);
		if (rc || !hit)
			continue;
		if (*found && other.id != ref->id)
			return stance_snapshot__fail_member(
				STANCE_ECONFLICT, path.s, "slug", "'%s' and its former slug '%s' "
				"name two different %s in the database ('%s' and '%s'); no "
				"--prefer resolves that", slug_of(se), a->slug,
				stance_entity_info_get(se->e.type)->plural, ref->slug, other.slug);
		*ref = other;
		*found = 1;
	}
	return rc;
}

/* Finds the database's entity that se is, when there is one (then *found
 * is 1), and has the snapshot's slug name it too, whatever the merge keeps;
 * otherwise leaves it to the caller. */
static int match_entity(struct import *im, struct snap_entity *se, int *found)
{
	struct stance_entity_ref ref;
	int rc = find_match(im, se, &ref, found);

	if (rc || !*found)
		return rc;
	se->id = ref.id;
	if (strcmp(ref.slug, slug_of(se)) != 0)
		rc = stance_entity__alias(im->db, se->e.type, slug_of(se), ref.id, 1);
	if (!rc) {
		se->state = 2;
		im->sum.unchanged[se->e.type]++;
	}
	return rc;
}

/* Compares a matched entity with the database's, once every name the
 * snapshot uses resolves. */
static int compare_matched(struct import *im, struct snap_entity *se)
{
	stance_entity *db = NULL;
	int rc = stance_entity__get_id(&db, im->db, se->e.type, se->id);

	if (!rc)
		rc = compare_entity(im, se, db);
	stance_entity_free(db);
	return rc;
}

/* Adds the snapshot's aliases of a type (rule 1): each still names its
 * entity, and may not name another one here. Before the new entities are
 * added (final 0), those of entities the database lacks wait. */
static int merge_aliases(struct import *im, stance_entity_type type, int final)
{
	int rc = 0;

	for (size_t k = 0; k < im->naliases && !rc; k++) {
		const struct snap_alias *a = &im->aliases[k];
		snap_path path = stance_snapshot__path_index("$.aliases", a->index);
		struct stance_entity_ref to, at;
		int found;

		if (a->type != type)
			continue;
		rc = stance_entity__find(im->db, type, a->entity, &to, &found);
		if (!rc && !found && !final)
			continue;
		if (!rc && !found)
			rc = stance_snapshot__fail_member(STANCE_ENOTFOUND, path.s, "entity",
							  "unknown %s '%s'",
							  stance_entity_info_get(type)->name, a->entity);
		if (!rc)
			rc = stance_entity__find(im->db, type, a->slug, &at, &found);
		if (!rc && found && at.id != to.id)
			rc = stance_snapshot__fail_member(
				STANCE_ECONFLICT, path.s, "slug", "'%s' is a former slug of %s '%s' "
				"in the snapshot but names %s '%s' in the database; no --prefer "
				"resolves that", a->slug, stance_entity_info_get(type)->name, to.slug,
				stance_entity_info_get(type)->name, at.slug);
		if (!rc && !found)
			rc = stance_entity__alias(im->db, type, a->slug, to.id, 1);
	}
	return rc;
}

/* "a -> b -> a" for the cycle of parents through se, as the error. */
static int parent_cycle(struct entity_list *issues, struct snap_entity *se)
{
	snap_path path = entity_path(STANCE_ISSUE, se->index);
	char chain[1024];
	size_t len = 0;
	struct snap_entity *p = se;

	do {
		len += (size_t)snprintf(chain + len, len < sizeof(chain) ? sizeof(chain) - len : 0,
					"%s -> ", slug_of(p));
		p = entity_find(issues, p->e.field[STANCE_ISSUE_PARENT]);
	} while (p && p != se && len < sizeof(chain));
	return stance_snapshot__fail_member(STANCE_EINVALID, path.s, "parent",
					    "the parents of issues form a cycle: %s%s", chain,
					    slug_of(se));
}

/* Adds a new issue after the new parents above it: walks up the parents
 * to one that exists (or none), then adds the walk from the top down. */
static int add_issue(struct import *im, struct snap_entity *se)
{
	struct entity_list *issues = &im->ents[STANCE_ISSUE];
	struct snap_entity *top = se, *p;
	int rc = 0;

	se->child = NULL;
	se->state = 1;
	while (top->e.field[STANCE_ISSUE_PARENT] &&
	       (p = entity_find(issues, top->e.field[STANCE_ISSUE_PARENT])) &&
	       p->state != 2) {
		if (p->state == 1)
			return parent_cycle(issues, p);
		p->state = 1;
		p->child = top;
		top = p;
	}
	for (p = top; p && !rc; p = p->child)
		rc = add_entity(im, p);
	return rc;
}

/* Refuses issues of the snapshot whose parents, as the snapshot gives
 * them, form a cycle: invalid whatever the database holds. */
static int check_parent_cycles(struct import *im)
{
	struct entity_list *issues = &im->ents[STANCE_ISSUE];

	for (size_t i = 0; i < issues->n; i++) {
		struct snap_entity *se = &issues->v[i], *p = se;

		/* a walk longer than the list has met a cycle, maybe above se */
		for (size_t steps = 0; p && steps <= issues->n; steps++) {
			const char *parent = p->e.field[STANCE_ISSUE_PARENT];

			p = parent ? entity_find(issues, parent) : NULL;
			if (p == se)
				return parent_cycle(issues, se);
		}
	}
	return 0;
}

/* Sorts each list by slug and refuses a slug given twice. */
static int check_duplicate_slugs(struct import *im)
{
	for (int t = 0; t < STANCE_ENTITY_TYPES; t++) {
		struct entity_list *l = &im->ents[t];

		if (l->n)
			qsort(l->v, l->n, sizeof(*l->v), entity_cmp);
		for (size_t i = 1; i < l->n; i++) {
			const struct snap_entity *a = &l->v[i - 1], *b = &l->v[i];

			if (strcmp(slug_of(a), slug_of(b)) == 0)
				return stance_snapshot__fail_member(
					STANCE_EEXISTS, entity_path(t, b->index).s, "slug",
					"duplicate slug '%s' (also at %s)", slug_of(b),
					entity_path(t, a->index).s);
		}
	}
	return 0;
}

/* Merges the four entity arrays into the database in dependency order
 * (parties, actors, sources, issues with parents first), then reloads the
 * slug tables for the statements. */
static int merge_entities(struct import *im)
{
	int rc = check_duplicate_slugs(im), found;

	if (!rc)
		rc = check_parent_cycles(im);
	if (!rc)
		rc = load_all_slugs(im);
	for (int t = 0; !rc && t < STANCE_ENTITY_TYPES; t++) {
		struct entity_list *l = &im->ents[t];

		/* existing ones first, and every name the snapshot gives them:
		 * the new ones may use those names, and a new issue's walk
		 * stops at them; the comparisons last, when every name the
		 * snapshot uses resolves */
		for (size_t i = 0; i < l->n && !rc; i++)
			rc = match_entity(im, &l->v[i], &found);
		if (!rc)
			rc = merge_aliases(im, (stance_entity_type)t, 0);
		for (size_t i = 0; i < l->n && !rc; i++)
			if (l->v[i].state != 2)
				rc = t == STANCE_ISSUE ? add_issue(im, &l->v[i]) :
					add_entity(im, &l->v[i]);
		if (!rc)
			rc = merge_aliases(im, (stance_entity_type)t, 1);
		for (size_t i = 0; i < l->n && !rc; i++)
			if (l->v[i].id && l->v[i].state == 2 && !l->v[i].added)
				rc = compare_matched(im, &l->v[i]);
	}
	if (!rc)
		rc = load_all_slugs(im);
	if (!rc)
		im->merged = 1;
	return rc;
}

/* ---- import: statements ---------------------------------------------- */

static int grow_positions(struct import *im, size_t n)
{
	stance_position *pos;
	sqlite3_int64 *ids;

	if (n <= im->pos_cap)
		return 0;
	pos = realloc(im->pos, n * sizeof(*pos));
	if (pos)
		im->pos = pos;
	ids = pos ? realloc(im->issue_ids, n * sizeof(*ids)) : NULL;
	if (ids)
		im->issue_ids = ids;
	if (!pos || !ids)
		return stance__error(STANCE_ENOMEM, "out of memory");
	im->pos_cap = n;
	return 0;
}

/* Reads and validates the positions of a statement into im->pos, resolving
 * their issues into im->issue_ids. The error is the one of the first
 * position that breaks a rule, a repeated issue included. */
static int read_positions(struct import *im, const json_t *arr, const char *base)
{
	snap_path path = stance_snapshot__path_member(base, "positions");
	size_t n = json_array_size(arr), nread = 0, at = 0, first = 0;
	int rc = grow_positions(im, n), repeated;

	if (rc)
		return rc;
	for (; nread < n; nread++) {
		stance_position *p = &im->pos[nread];
		snap_path pk = stance_snapshot__path_index(path.s, nread);
		const struct slug_row *issue;

		if (!im->v2_only.s[0] && json_object_get(json_array_get(arr, nread), "point"))
			im->v2_only = stance_snapshot__path_member(pk.s, "point");
		rc = stance_snapshot__read_position(p, json_array_get(arr, nread), pk.s, im->version);
		if (rc)
			break;
		issue = slug_find(&im->slugs[STANCE_ISSUE], p->issue);
		if (!issue) {
			rc = stance_entity__unknown(im->db, STANCE_ISSUE, p->issue);
			rc = stance_snapshot__at_member(rc, pk.s, "issue");
			break;
		}
		im->issue_ids[nread] = issue->id;
	}
	/* Repeats are looked for once all are nread, not against every earlier
	 * position in turn, which took time quadratic in the positions; a
	 * repeat before the position that broke a rule is what that check
	 * would have reported. */
	repeated = stance_statement__repeated_issue(im->issue_ids, nread, &at, &first);
	if (repeated < 0)
		return repeated;
	if (repeated) {
		snap_path pk = stance_snapshot__path_index(path.s, at);

		return stance_snapshot__fail_member(STANCE_EEXISTS, pk.s, "issue",
						    "issue '%s' is given twice (also at %s[%zu]): a "
						    "statement has at most one position per issue",
						    im->pos[at].issue, path.s, first);
	}
	return rc;
}

/* Resolves the party, actor and source of a statement. */
static int resolve_refs(struct import *im, const stance_statement *st, const char *base,
			stance_statement_refs *refs)
{
	static const struct { stance_entity_type type; const char *member; } refs_of[] = {
		{ STANCE_PARTY, "party" }, { STANCE_ACTOR, "actor" }, { STANCE_SOURCE, "source" },
	};
	const char *slugs[] = { st->party, st->actor, st->source };
	const struct slug_row *row[3] = { NULL, NULL, NULL };
	int rc;

	for (size_t i = 0; i < 3; i++) {
		if (!slugs[i])
			continue;
		rc = stance_check_slug(refs_of[i].member, slugs[i]);
		if (!rc && !(row[i] = slug_find(&im->slugs[refs_of[i].type], slugs[i])))
			rc = stance_entity__unknown(im->db, refs_of[i].type, slugs[i]);
		if (rc)
			return stance_snapshot__at_member(rc, base, refs_of[i].member);
	}
	if (row[1] && row[1]->party != row[0]->id) {
		const struct slug_row *p = NULL;

		for (size_t i = 0; i < im->slugs[STANCE_PARTY].n && !p; i++)
			if (im->slugs[STANCE_PARTY].v[i].id == row[1]->party)
				p = &im->slugs[STANCE_PARTY].v[i];
		return stance_snapshot__fail_member(STANCE_EINVALID, base, "actor",
						    "actor '%s' speaks for party '%s', not for the "
						    "statement's party '%s'",
						    st->actor, p ? p->slug : "?", st->party);
	}
	refs->party = row[0]->id;
	refs->actor = row[1] ? row[1]->id : 0;
	refs->source = row[2] ? row[2]->id : 0;
	refs->issues = im->issue_ids;
	return 0;
}

static const char sql_find_statement[] = "SELECT id FROM statement WHERE uuid = ?1";
static const char sql_max_rowid[] = "SELECT coalesce(max(id), 0) FROM statement";
static const char sql_seen_create[] =
	"CREATE TEMP TABLE IF NOT EXISTS stance_import_seen (id INTEGER PRIMARY KEY)";
static const char sql_seen_clear[] = "DELETE FROM temp.stance_import_seen";
static const char sql_seen_add[] =
	"INSERT INTO temp.stance_import_seen (id) VALUES (?1) ON CONFLICT DO NOTHING";

/* Runs a one-row, one-integer query with an optional text parameter:
 * *value is the integer, or *found 0 when there is no row. */
static int query_int(stance_db *db, const char *sql, const char *param, sqlite3_int64 *value,
		     int *found)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql), src;

	if (rc)
		return rc;
	if (param)
		stance_db__bind_text(stmt, 1, param);
	src = sqlite3_step(stmt);
	*found = src == SQLITE_ROW;
	if (*found)
		*value = sqlite3_column_int64(stmt, 0);
	else if (src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "looking up a statement");
	sqlite3_reset(stmt);
	return rc;
}

/* Records that the snapshot named the existing statement rowid; a second
 * time is a duplicate id. The ids live in a temporary table rather than in
 * memory: a snapshot may hold millions. */
static int mark_seen(struct import *im, sqlite3_int64 rowid, const char *base)
{
	sqlite3_stmt *stmt;
	int rc = 0;

	if (!im->seen_table) {
		rc = stance_db__exec(im->db, sql_seen_create, "preparing the import");
		if (!rc)
			rc = stance_db__exec(im->db, sql_seen_clear, "preparing the import");
		if (rc)
			return rc;
		im->seen_table = 1;
	}
	rc = stance_db__prepare(im->db, &stmt, sql_seen_add);
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	rc = stance_db__exec_stmt(im->db, stmt, "importing a statement");
	if (!rc && sqlite3_changes(im->db->conn) == 0)
		rc = stance_snapshot__fail_member(STANCE_EEXISTS, base, "id", "duplicate id (the "
						  "snapshot gives this statement twice)");
	return rc;
}

static const char sql_set_recorded[] =
	"UPDATE statement SET recorded_at = ?2, recorded_by = ?3 WHERE id = ?1";

/* The position on issue (a row id) among n positions with their issue row
 * ids, or NULL. */
static const stance_position *position_on(const stance_position *pos, const sqlite3_int64 *ids,
					  size_t n, sqlite3_int64 issue)
{
	for (size_t k = 0; k < n; k++)
		if (ids[k] == issue)
			return &pos[k];
	return NULL;
}

/* Compares the positions of the snapshot's statement (im->pos) with the
 * database's: a position only the snapshot has is added (coding later is
 * no contradiction), one only the database has is kept; both are noted,
 * as benign differences, for revisions that say otherwise. */
static int merge_positions(struct import *im, const stance_statement *db, sqlite3_int64 rowid,
			   size_t n, const char *base)
{
	struct stance_entity_ref ref;
	char member[64];
	int rc = 0;

	for (size_t k = 0; k < n && !rc; k++) {
		const stance_position *ours = NULL;
		json_t *jt = stance_revision__position_json(&im->pos[k]), *jo;

		for (size_t j = 0; j < db->npositions && !ours; j++) {
			rc = stance_entity__resolve(im->db, STANCE_ISSUE, db->positions[j].issue, &ref);
			if (!rc && ref.id == im->issue_ids[k])
				ours = &db->positions[j];
		}
		jo = ours ? stance_revision__position_json(ours) : json_null();
		snprintf(member, sizeof(member), STANCE_POSITIONS_MEMBER "%s",
			 ours ? ours->issue : im->pos[k].issue);
		if (!rc && (!jt || !jo))
			rc = stance__error(STANCE_ENOMEM, "out of memory");
		if (!rc && !ours)
			rc = stance_statement__set_position(im->db, rowid, im->issue_ids[k], &im->pos[k]);
		if (!rc && !json_equal(jo, jt))
			rc = differ(im, STANCE_TARGET_STATEMENT, rowid, member, im->issue_ids[k], base,
				    jo, jt, !ours);
		if (!rc)
			im->sum.added[STANCE_SNAPSHOT_POSITIONS] += !ours;
		if (!rc)
			im->sum.unchanged[STANCE_SNAPSHOT_POSITIONS] += ours && json_equal(jo, jt);
		json_decref(jt);
		json_decref(jo);
	}
	for (size_t j = 0; j < db->npositions && !rc; j++) {
		json_t *jo;

		rc = stance_entity__resolve(im->db, STANCE_ISSUE, db->positions[j].issue, &ref);
		if (rc || position_on(im->pos, im->issue_ids, n, ref.id))
			continue;
		jo = stance_revision__position_json(&db->positions[j]);
		snprintf(member, sizeof(member), STANCE_POSITIONS_MEMBER "%s", db->positions[j].issue);
		rc = jo ? differ(im, STANCE_TARGET_STATEMENT, rowid, member, ref.id, base, jo,
				 json_null(), 1) : stance__error(STANCE_ENOMEM, "out of memory");
		json_decref(jo);
	}
	return rc;
}

/* The retraction: one only one side has is kept (benign), two different
 * ones differ. A version-1 snapshot's is carried over at once. */
static int merge_retraction(struct import *im, const stance_statement *st,
			    const stance_statement *db, sqlite3_int64 rowid, const json_t *ours,
			    const json_t *theirs, const char *base, int *carried)
{
	int rc;

	if (json_equal(ours, theirs))
		return 0;
	if (st->retracted && db->retracted)
		return differ(im, STANCE_TARGET_STATEMENT, rowid, "retracted", 0, base, ours, theirs, 0);
	rc = differ(im, STANCE_TARGET_STATEMENT, rowid, "retracted", 0, base, ours, theirs, 1);
	if (!rc && st->retracted) {
		rc = stance_statement__set_retracted(im->db, rowid, st->retracted);
		if (!rc)
			im->sum.retracted++;
		if (!rc)
			*carried = 1;
	}
	return rc;
}

/* Compares a statement of the snapshot with the database's of the same id,
 * member by member as given, both in their snapshot shape; what differs is
 * noted for the end of the merge. */
static int merge_statement(struct import *im, const json_t *obj, stance_statement *st,
			   sqlite3_int64 rowid, const char *base)
{
	stance_statement *db = NULL;
	json_t *ours = NULL, *theirs = NULL;
	const char *name;
	size_t npos = st->npositions;
	int rc, carried = 0;

	rc = stance_statement_get(&db, im->db, st->id);
	if (rc)
		return rc;
	st->npositions = 0;
	ours = stance_snapshot_statement_json(db);
	theirs = stance_snapshot_statement_json(st);
	if (!ours || !theirs) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; (name = stance_snapshot__statement_member(i)) && !rc; i++) {
		const json_t *a = json_object_get(ours, name), *b = json_object_get(theirs, name);

		/* omitted: not compared; recorded_*: the earliest is kept */
		if (!json_object_get(obj, name) || strcmp(name, "positions") == 0 ||
		    strcmp(name, "id") == 0 || strncmp(name, "recorded_", 9) == 0)
			continue;
		if (strcmp(name, "retracted") == 0)
			rc = merge_retraction(im, st, db, rowid, a, b, base, &carried);
		else if (!stance_snapshot__same(im->db, STANCE_TARGET_STATEMENT, name, a, b))
			rc = differ(im, STANCE_TARGET_STATEMENT, rowid, name, 0, base, a, b, 0);
	}
	if (!rc)
		rc = merge_positions(im, db, rowid, npos, base);
	if (!rc && json_object_get(obj, "recorded_at"))
		rc = keep_earliest(im, sql_set_recorded, rowid, db->recorded_at, st->recorded_at,
				   st->recorded_by);
	/* a retraction carried over is counted there, not as unchanged */
	if (!rc && !carried)
		im->sum.unchanged[STANCE_SNAPSHOT_STATEMENTS]++;
done:
	json_decref(ours);
	json_decref(theirs);
	stance_statement_free(db);
	return rc;
}

/* Validates one statement of the snapshot, then adds it or merges it with
 * the database's. */
static int import_statement(struct import *im, const json_t *obj, size_t index)
{
	snap_path base = stance_snapshot__path_index("$.statements", index);
	struct snap_statement s;
	stance_statement *st = &s.st;
	stance_statement_refs refs;
	sqlite3_int64 rowid = 0;
	int rc, found;

	rc = stance_snapshot__read_statement(&s, obj, base.s, im->analyst, im->now);
	if (rc)
		return rc;
	rc = read_positions(im, json_object_get(obj, "positions"), base.s);
	if (rc)
		return rc;
	st->positions = im->pos;
	st->npositions = json_array_size(json_object_get(obj, "positions"));
	rc = resolve_refs(im, st, base.s, &refs);
	if (!rc)
		rc = query_int(im->db, sql_find_statement, st->id, &rowid, &found);
	if (rc)
		return rc;
	if (!found) {
		stance_record_options o;

		stance_statement__options(&o, st);
		rc = stance_statement__insert(im->db, &o, st->retracted, st->id, s.recorded_at,
					      s.retracted_at, &refs);
		if (rc)
			return stance_snapshot__at_path(rc, base.s);
		im->sum.added[STANCE_SNAPSHOT_STATEMENTS]++;
		im->sum.added[STANCE_SNAPSHOT_POSITIONS] += st->npositions;
		return 0;
	}
	/* rows above max_rowid were added by this import */
	if (rowid > im->max_rowid)
		return stance_snapshot__fail_member(STANCE_EEXISTS, base.s, "id",
						    "duplicate id (the snapshot gives this "
						    "statement twice)");
	rc = mark_seen(im, rowid, base.s);
	return rc ? rc : merge_statement(im, obj, st, rowid, base.s);
}

/* Keeps a statement that came before the entities it may name, as one
 * line of compact JSON (strings escape their newlines). */
static int spool_statement(struct import *im, const json_t *el)
{
	if (!im->spool && !(im->spool = tmpfile()))
		return stance__error(STANCE_EIO, "cannot create a temporary file: %s",
				     strerror(errno));
	if (json_dumpf(el, im->spool, JSON_COMPACT | JSON_ENCODE_ANY) != 0 ||
	    fputc('\n', im->spool) == EOF)
		return stance__error(STANCE_EIO, "cannot write a temporary file: %s",
				     strerror(errno ? errno : EIO));
	im->nspooled++;
	return 0;
}

static int replay_spool(struct import *im)
{
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	if (!im->spool)
		return 0;
	if (fflush(im->spool) != 0 || fseek(im->spool, 0, SEEK_SET) != 0) {
		rc = stance__error(STANCE_EIO, "cannot read a temporary file: %s", strerror(errno));
		goto done;
	}
	for (size_t i = 0; i < im->nspooled && !rc; i++) {
		json_t *el;

		if (getline(&line, &cap, im->spool) < 0) {
			rc = stance__error(STANCE_EIO, "cannot read a temporary file: %s",
					   strerror(errno ? errno : EIO));
			break;
		}
		el = json_loads(line, JSON_DECODE_ANY, NULL);
		rc = el ? import_statement(im, el, i) : stance__error(STANCE_ENOMEM, "out of memory");
		json_decref(el);
	}
done:
	free(line);
	return rc;
}

/* ---- import: the document -------------------------------------------- */

/* Reads one alias ({"kind", "slug", "entity"}) into the list. */
static int read_alias(struct import *im, const json_t *obj, size_t index)
{
	const stance_entity_info *info;
	const char *slug, *entity;
	struct snap_alias *v;
	int rc = stance_snapshot__check_alias(&info, &slug, &entity, obj, index);

	if (rc)
		return rc;
	v = realloc(im->aliases, (im->naliases + 1) * sizeof(*v));
	if (!v)
		return stance__error(STANCE_ENOMEM, "out of memory");
	im->aliases = v;
	v = &v[im->naliases];
	*v = (struct snap_alias){ info->type, stance__strdup(slug), stance__strdup(entity), index };
	im->naliases++;
	return v->slug && v->entity ? 0 : stance__error(STANCE_ENOMEM, "out of memory");
}

/* Whatever the statements depend on is known: the header, the entities,
 * and (version 2) the aliases. */
static int statements_ready(const struct import *im)
{
	unsigned need = TOP_BIT(TOP_FORMAT) | TOP_BIT(TOP_VERSION) | TOP_ENTITIES;

	if (im->version >= 2)
		need |= TOP_BIT(TOP_ALIASES);
	return (im->seen & need) == need;
}

static int read_element(struct import *im, enum snap_top_member m, const json_t *el,
			size_t index, int ready)
{
	switch (m) {
	case TOP_STATEMENTS:
		return ready ? import_statement(im, el, index) : spool_statement(im, el);
	case TOP_ALIASES:
		return read_alias(im, el, index);
	case TOP_REVISIONS:
		im->nrevisions++;
		return stance_snapshot__stage_revision(im->db, el);
	case TOP_ASSESSMENTS:
	case TOP_OUTCOMES:
		return stance_snapshot__stage_record(im->db, m, index, el);
	default:
		return read_entity(im, (stance_entity_type)(m - TOP_PARTIES), el);
	}
}

/* Reads the elements of the array member m: entities and aliases into
 * their lists, statements merged at once when everything they depend on is
 * known (else spooled), revisions staged for the end. */
static int read_array(struct import *im, enum snap_top_member m)
{
	int ready = statements_ready(im);
	size_t index = 0;
	json_t *el;
	int rc;

	if ((rc = stance_jsr__begin_array(im->r)))
		return reader_failed(im, rc);
	if (m == TOP_STATEMENTS && ready && !im->merged && (rc = merge_entities(im)))
		return rc;
	while (!(rc = stance_jsr__next_element(im->r, &el)) && el) {
		rc = read_element(im, m, el, index, ready);
		index++;
		json_decref(el);
		if (rc)
			return rc;
	}
	return rc ? reader_failed(im, rc) : 0;
}

/* A version-1 snapshot has none of version 2's members: one that carries
 * them is not what it says it is. */
static int check_version_members(struct import *im)
{
	static const enum snap_top_member v2[] = { TOP_ALIASES, TOP_REVISIONS, TOP_ASSESSMENTS,
						   TOP_OUTCOMES };

	if (im->version >= 2)
		return 0;
	for (size_t i = 0; i < sizeof(v2) / sizeof(v2[0]); i++)
		if (im->seen & TOP_BIT(v2[i]))
			im->v2_only = stance_snapshot__path_member(
				"$", v2[i] == TOP_ALIASES ? "aliases" : v2[i] == TOP_REVISIONS ?
				"revisions" : v2[i] == TOP_ASSESSMENTS ? "assessments" : "outcomes");
	if (!im->v2_only.s[0])
		return 0;
	return stance_snapshot__fail(STANCE_EINVALID, im->v2_only.s, "unknown member in a version-1 "
				     "snapshot (it is new in version 2: say \"version\": 2)");
}

static int read_document(struct import *im)
{
	const char *name;
	int rc;

	while (!(rc = stance_jsr__next_member(im->r, &name)) && name) {
		enum snap_top_member m;
		json_t *v = NULL;

		if ((rc = stance_snapshot__top_member(&m, name)))
			return rc;
		im->seen |= TOP_BIT(m);
		if (m >= TOP_PARTIES) {
			rc = read_array(im, m);
		} else if ((rc = stance_jsr__read_value(im->r, &v))) {
			rc = reader_failed(im, rc);
		} else {
			rc = stance_snapshot__check_header(m, v);
			if (m == TOP_VERSION)
				im->version = (int)json_integer_value(v);
			json_decref(v);
		}
		if (rc)
			return rc;
	}
	if (rc)
		return reader_failed(im, rc);
	rc = stance_snapshot__check_required(im->seen);
	if (!rc)
		rc = check_version_members(im);
	if (!rc && !im->merged)
		rc = merge_entities(im);
	if (!rc)
		rc = replay_spool(im);
	return rc ? rc : stance_snapshot__merge_records(im->db, &im->sum, im->analyst, im->now);
}

/* A million statements touch the uuid and order indexes all over: a page
 * cache of 32 MiB (the default is 2 MiB) keeps them in memory for the
 * import's one transaction. Only speed changes: the journal and its syncs
 * stay as they are, and the connection gets its own size back after. */
#define IMPORT_CACHE_KIB 32768
static const char sql_cache_size[] = "PRAGMA cache_size";

/* Sets the connection's page cache to size (PRAGMA cache_size's units)
 * and returns the size it had; a failure only costs speed. */
static int cache_size_swap(stance_db *db, int size)
{
	sqlite3_stmt *stmt;
	int old = -2000;  /* SQLite's default, should the query fail */
	char sql[48];

	if (!stance_db__prepare(db, &stmt, sql_cache_size)) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			old = sqlite3_column_int(stmt, 0);
		sqlite3_reset(stmt);
	}
	/* a pragma takes no parameters; size is an int we chose */
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %d", size);
	sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
	return old;
}

/* Rules 1 to 6 once the document is read, and the summary. */
static int finish(struct import *im)
{
	struct snap_merge_options mo = {
		im->o->flags & STANCE_SNAPSHOT_PREFER_THEIRS ? SNAP_PREFER_THEIRS :
		im->o->flags & STANCE_SNAPSHOT_PREFER_OURS ? SNAP_PREFER_OURS : SNAP_PREFER_NONE,
		im->o->name, im->analyst,
	};
	int rc = stance_snapshot__merge_finish(&im->merge, im->db, &mo);

	im->sum.retracted += im->merge.retracted;
	im->sum.unchanged[STANCE_SNAPSHOT_STATEMENTS] -= im->merge.retracted;
	im->sum.added[STANCE_SNAPSHOT_POSITIONS] -= im->merge.positions_dropped;
	im->sum.retracted -= im->merge.retractions_dropped;
	im->sum.unchanged[STANCE_SNAPSHOT_STATEMENTS] += im->merge.retractions_dropped;
	im->sum.added[STANCE_SNAPSHOT_REVISIONS] = im->merge.revisions_added;
	im->sum.unchanged[STANCE_SNAPSHOT_REVISIONS] = im->merge.revisions_unchanged;
	im->sum.resolved = im->merge.resolved;
	im->sum.contradictions = im->merge.contradictions;
	im->sum.ncontradictions = im->merge.ncontradictions;
	im->merge.resolved = im->merge.contradictions = NULL;
	return rc;
}

static void import_free(struct import *im)
{
	stance_jsr__free(im->r);
	if (im->spool)
		fclose(im->spool);
	for (int t = 0; t < STANCE_ENTITY_TYPES; t++) {
		for (size_t i = 0; i < im->ents[t].n; i++)
			stance_entity_clear(&im->ents[t].v[i].e);
		free(im->ents[t].v);
		free_slugs(&im->slugs[t]);
	}
	for (size_t k = 0; k < im->naliases; k++) {
		free(im->aliases[k].slug);
		free(im->aliases[k].entity);
	}
	free(im->aliases);
	free(im->pos);
	free(im->issue_ids);
	stance_snapshot_summary_clear(&im->sum);
}

int stance_snapshot_import(stance_snapshot_summary *out, stance_db *db, FILE *in,
			   const stance_import_options *o)
{
	void (*note)(const char *msg, void *ctx) = db->note;
	struct import im;
	int nested, found, rc, cache;

	stance__error_clear();
	memset(&im, 0, sizeof(im));
	if (out)
		memset(out, 0, sizeof(*out));
	rc = o ? stance__check_version(o->version, STANCE_IMPORT_OPTIONS_VERSION,
				       "stance_import_options") :
		stance__error(STANCE_EINVALID, "an import needs its options");
	if (!rc && (o->flags & STANCE_SNAPSHOT_PREFER_OURS) && (o->flags & STANCE_SNAPSHOT_PREFER_THEIRS))
		rc = stance__error(STANCE_EINVALID, "prefer ours or theirs, not both");
	if (rc)
		return rc;
	im.db = db;
	im.o = o;
	im.analyst = o->analyst;
	im.version = 1;
	stance_timestamp_now(im.now);
	rc = stance_jsr__new(&im.r, in);
	if (rc) {
		rc = stance__error(rc, "out of memory");
		goto done;
	}
	/* inside the caller's transaction, a savepoint undoes only the import */
	rc = stance_db__savepoint_begin(db, &nested);
	if (rc)
		goto done;
	/* former slugs are the snapshot's business, not a note per reference */
	db->note = NULL;
	cache = cache_size_swap(db, -IMPORT_CACHE_KIB);
	rc = query_int(db, sql_max_rowid, NULL, &im.max_rowid, &found);
	if (!rc)
		rc = stance_snapshot__merge_begin(db);
	if (!rc)
		rc = read_document(&im);
	if (!rc || rc == STANCE_ECONFLICT) {
		int frc = rc ? 0 : finish(&im);

		rc = rc ? rc : frc;
	}
	rc = stance_db__savepoint_end(db, nested, rc, !(o->flags & STANCE_SNAPSHOT_DRY_RUN));
	cache_size_swap(db, cache);
	db->note = note;
	if (out && (!rc || rc == STANCE_ECONFLICT)) {
		*out = im.sum;
		memset(&im.sum, 0, sizeof(im.sum));
	}
done:
	import_free(&im);
	return rc;
}
