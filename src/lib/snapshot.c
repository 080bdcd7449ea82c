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

struct import {
	stance_db *db;
	stance_jsr *r;
	const char *analyst;
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
		const char *v = stance_snapshot__member_string(obj, info->fields[i].name);

		if (json_object_get(obj, info->fields[i].name))
			se->present |= 1u << i;
		if (v && !(se->e.field[i] = strdup(v)))
			return stance__error(STANCE_ENOMEM, "out of memory");
	}
	return 0;
}

static const char *const sql_slugs[STANCE_ENTITY_TYPES] = {
	"SELECT slug, id, 0 FROM party ORDER BY slug",
	"SELECT slug, id, party_id FROM actor ORDER BY slug",
	"SELECT slug, id, 0 FROM source ORDER BY slug",
	"SELECT slug, id, 0 FROM issue ORDER BY slug",
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

/* Compares an entity of the snapshot with the database's: each member the
 * snapshot gives, a null or omitted choice meaning its fallback. */
static int compare_entity(const struct snap_entity *se, const stance_entity *db)
{
	const stance_entity_info *info = stance_entity_info_get(se->e.type);
	snap_path path = entity_path(se->e.type, se->index);
	int rc = 0;

	for (size_t i = 1; i < info->nfields && !rc; i++) {
		const char *fb = info->fields[i].fallback;
		const char *a = se->e.field[i] ? se->e.field[i] : fb;
		const char *b = db->field[i] ? db->field[i] : fb;
		json_t *ja, *jb;

		if (!(se->present & (1u << i)) || (a == b) || (a && b && strcmp(a, b) == 0))
			continue;
		ja = stance_snapshot__string_or_null(a);
		jb = stance_snapshot__string_or_null(b);
		rc = stance_snapshot__conflict(path.s, info->fields[i].name, ja, jb);
		json_decref(ja);
		json_decref(jb);
	}
	return rc;
}

/* Adds an entity the database lacks; its references must exist by now. */
static int add_entity(struct import *im, struct snap_entity *se)
{
	const stance_entity_info *info = stance_entity_info_get(se->e.type);
	snap_path path = entity_path(se->e.type, se->index);
	int rc = 0;

	for (size_t i = 1; i < info->nfields && !rc; i++)
		if (info->fields[i].kind == STANCE_FIELD_REF && se->e.field[i] &&
		    (rc = stance_entity_exists(im->db, info->fields[i].ref, se->e.field[i])))
			return stance_snapshot__at_member(rc, path.s, info->fields[i].name);
	rc = stance_entity_add(im->db, &se->e);
	if (rc)
		return stance_snapshot__at_path(rc, path.s);
	im->sum.added[se->e.type]++;
	se->state = 2;
	return 0;
}

/* Compares se with the database's entity of its slug when there is one
 * (then *found is 1); otherwise leaves it to the caller. */
static int match_entity(struct import *im, struct snap_entity *se, int *found)
{
	stance_entity *db = NULL;
	int rc;

	/* the tables hold what the database had before the import */
	*found = 0;
	if (!slug_find(&im->slugs[se->e.type], slug_of(se)))
		return 0;
	rc = stance_entity_get(&db, im->db, se->e.type, slug_of(se));
	if (!rc)
		rc = compare_entity(se, db);
	if (!rc) {
		*found = 1;
		se->state = 2;
		im->sum.unchanged[se->e.type]++;
	}
	stance_entity_free(db);
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
		rc = load_all_slugs(im);
	for (int t = 0; !rc && t < STANCE_ENTITY_TYPES; t++) {
		struct entity_list *l = &im->ents[t];

		/* existing issues first: a new issue's walk stops at them */
		for (size_t i = 0; i < l->n && !rc; i++) {
			rc = match_entity(im, &l->v[i], &found);
			if (!rc && !found && t != STANCE_ISSUE)
				rc = add_entity(im, &l->v[i]);
		}
		for (size_t i = 0; i < l->n && !rc && t == STANCE_ISSUE; i++)
			if (l->v[i].state != 2)
				rc = add_issue(im, &l->v[i]);
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

		rc = stance_snapshot__read_position(p, json_array_get(arr, nread), pk.s);
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

struct sorted_position {
	stance_position p;
	size_t index;   /* in the snapshot, for paths */
};

static int sorted_position_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sorted_position *)a)->p.issue,
		      ((const struct sorted_position *)b)->p.issue);
}

/* The positions of two statements compare as a whole (both sorted by
 * issue); the message names the first difference: a member of a position
 * on an issue both code, or a position only one side has. */
static int compare_positions(const json_t *ours, const json_t *theirs,
			     const struct sorted_position *order, const char *base)
{
	snap_path path = stance_snapshot__path_member(base, "positions");
	size_t i = 0, j = 0, n = json_array_size(ours), m = json_array_size(theirs);

	while (i < n || j < m) {
		const json_t *a = json_array_get(ours, i), *b = json_array_get(theirs, j);
		const char *ia = json_string_value(json_object_get(a, "issue"));
		const char *ib = json_string_value(json_object_get(b, "issue"));
		int c = !ia ? 1 : !ib ? -1 : strcmp(ia, ib);
		snap_path pa = stance_snapshot__path_index(path.s, i < n ? order[i].index : 0);
		const char *key;
		json_t *v;

		if (c < 0)
			return stance_snapshot__fail(STANCE_ECONFLICT, pa.s, "snapshot has %s, database "
						     "has no position on issue '%s'",
						     stance_snapshot__show(a).s, ia);
		if (c > 0)
			return stance_snapshot__fail(STANCE_ECONFLICT, path.s, "snapshot has no position "
						     "on issue '%s', database has %s", ib,
						     stance_snapshot__show(b).s);
		json_object_foreach((json_t *)a, key, v)
			if (!json_equal(v, json_object_get(b, key)))
				return stance_snapshot__conflict(pa.s, key, v,
								 json_object_get(b, key));
		i++;
		j++;
	}
	return 0;
}

/* Sorts the positions of st by issue, as the database's come, into a new
 * array that st then points to (*sorted, freed by the caller), with the
 * index each had in the snapshot in *order, for paths. */
static int sort_positions(stance_statement *st, struct sorted_position **order,
			  stance_position **sorted)
{
	*order = calloc(st->npositions + 1, sizeof(**order));
	*sorted = calloc(st->npositions + 1, sizeof(**sorted));
	if (!*order || !*sorted)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t k = 0; k < st->npositions; k++) {
		(*order)[k].p = st->positions[k];
		(*order)[k].index = k;
	}
	if (st->npositions)
		qsort(*order, st->npositions, sizeof(**order), sorted_position_cmp);
	for (size_t k = 0; k < st->npositions; k++)
		(*sorted)[k] = (*order)[k].p;
	st->positions = *sorted;
	return 0;
}

/* Compares a statement of the snapshot with the database's of the same id,
 * member by member as given, both in their snapshot shape, and carries a
 * retraction over. */
static int merge_statement(struct import *im, const json_t *obj, stance_statement *st,
			   const char *base)
{
	struct sorted_position *order = NULL;
	stance_position *sorted = NULL;
	stance_statement *db = NULL;
	json_t *ours = NULL, *theirs = NULL;
	const json_t *ret;
	const char *name;
	int rc;

	rc = sort_positions(st, &order, &sorted);
	if (!rc)
		rc = stance_statement_get(&db, im->db, st->id);
	if (rc)
		goto done;
	ours = stance_snapshot_statement_json(st);
	theirs = stance_snapshot_statement_json(db);
	if (!ours || !theirs) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; (name = stance_snapshot__statement_member(i)) && !rc; i++) {
		const json_t *given = json_object_get(obj, name);

		/* recorded_* are filled in when omitted or null: not compared */
		if (!given || strcmp(name, "retracted") == 0 ||
		    (json_is_null(given) && strncmp(name, "recorded_", 9) == 0))
			continue;
		if (strcmp(name, "positions") == 0)
			rc = compare_positions(json_object_get(ours, name),
					       json_object_get(theirs, name), order, base);
		else if (!json_equal(json_object_get(ours, name), json_object_get(theirs, name)))
			rc = stance_snapshot__conflict(base, name, json_object_get(ours, name),
						       json_object_get(theirs, name));
	}
	if (rc)
		goto done;
	/* a retraction is carried over; the database's is kept when the
	 * snapshot has none, since the database then knows more */
	ret = json_object_get(ours, "retracted");
	if (json_is_null(ret) || json_equal(ret, json_object_get(theirs, "retracted"))) {
		im->sum.unchanged[STANCE_SNAPSHOT_STATEMENTS]++;
	} else if (db->retracted) {
		rc = stance_snapshot__conflict(base, "retracted", ret,
					       json_object_get(theirs, "retracted"));
	} else {
		rc = stance_statement_retract(im->db, st->id, st->retracted->by,
					      st->retracted->reason, st->retracted->at);
		if (rc)
			rc = stance_snapshot__at_member(rc, base, "retracted");
		else
			im->sum.retracted++;
	}
done:
	json_decref(ours);
	json_decref(theirs);
	stance_statement_free(db);
	free(order);
	free(sorted);
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
		return 0;
	}
	/* rows above max_rowid were added by this import */
	if (rowid > im->max_rowid)
		return stance_snapshot__fail_member(STANCE_EEXISTS, base.s, "id",
						    "duplicate id (the snapshot gives this "
						    "statement twice)");
	rc = mark_seen(im, rowid, base.s);
	return rc ? rc : merge_statement(im, obj, st, base.s);
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

/* Reads the elements of the array member m: entities into their lists,
 * statements merged at once when everything they depend on is known, else
 * spooled. */
static int read_array(struct import *im, enum snap_top_member m)
{
	int ready = (im->seen & (TOP_BIT(TOP_FORMAT) | TOP_BIT(TOP_VERSION) | TOP_ENTITIES)) ==
		    (TOP_BIT(TOP_FORMAT) | TOP_BIT(TOP_VERSION) | TOP_ENTITIES);
	size_t index = 0;
	json_t *el;
	int rc;

	if ((rc = stance_jsr__begin_array(im->r)))
		return reader_failed(im, rc);
	if (m == TOP_STATEMENTS && ready && !im->merged && (rc = merge_entities(im)))
		return rc;
	while (!(rc = stance_jsr__next_element(im->r, &el)) && el) {
		if (m != TOP_STATEMENTS)
			rc = read_entity(im, (stance_entity_type)(m - TOP_PARTIES), el);
		else if (ready)
			rc = import_statement(im, el, index);
		else
			rc = spool_statement(im, el);
		index++;
		json_decref(el);
		if (rc)
			return rc;
	}
	return rc ? reader_failed(im, rc) : 0;
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
			json_decref(v);
		}
		if (rc)
			return rc;
	}
	if (rc)
		return reader_failed(im, rc);
	rc = stance_snapshot__check_required(im->seen);
	if (!rc && !im->merged)
		rc = merge_entities(im);
	return rc ? rc : replay_spool(im);
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

int stance_snapshot_import(stance_snapshot_summary *out, stance_db *db, FILE *in,
			   const char *analyst, unsigned flags)
{
	struct import im;
	int nested, found, rc, cache;

	stance__error_clear();
	memset(&im, 0, sizeof(im));
	if (out)
		memset(out, 0, sizeof(*out));
	im.db = db;
	im.analyst = analyst;
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
	cache = cache_size_swap(db, -IMPORT_CACHE_KIB);
	rc = query_int(db, sql_max_rowid, NULL, &im.max_rowid, &found);
	if (!rc)
		rc = read_document(&im);
	rc = stance_db__savepoint_end(db, nested, rc, !(flags & STANCE_SNAPSHOT_DRY_RUN));
	cache_size_swap(db, cache);
	if (!rc && out)
		*out = im.sum;
done:
	stance_jsr__free(im.r);
	if (im.spool)
		fclose(im.spool);
	for (int t = 0; t < STANCE_ENTITY_TYPES; t++) {
		for (size_t i = 0; i < im.ents[t].n; i++)
			stance_entity_clear(&im.ents[t].v[i].e);
		free(im.ents[t].v);
		free_slugs(&im.slugs[t]);
	}
	free(im.pos);
	free(im.issue_ids);
	return rc;
}
