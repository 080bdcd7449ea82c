/*
 * snapshot-merge.c - the merge rules of design §7 that need the whole
 * snapshot: the revisions (which come last), the values they settle, and
 * the contradictions that are left.
 *
 * While snapshot.c reads the records it adds what the database lacks and,
 * for a record both sides have, notes each member whose values differ in a
 * temporary table (a "difference") instead of failing at once: a revision
 * further on may explain it. Once the document is read, the revisions it
 * carried are added (rule 1), every member that a revision touches takes
 * the value of the latest one in the union (rule 2), and what still differs
 * is a contradiction (rule 4), listed whole, or resolved by --prefer as a
 * revision of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entity-internal.h"
#include "revision-internal.h"
#include "snapshot-internal.h"
#include "statement-internal.h"

/* mkey identifies a member whatever slug names its issue: the member's
 * name, or '#' and the issue's row id for a position. */
static const char *const sql_merge_tables[] = {
	"CREATE TEMP TABLE IF NOT EXISTS stance_import_diff (kind TEXT NOT NULL,"
	" target_id INTEGER NOT NULL, mkey TEXT NOT NULL, member TEXT NOT NULL, issue_id INTEGER,"
	" path TEXT NOT NULL, ours TEXT NOT NULL, theirs TEXT NOT NULL, benign INTEGER NOT NULL,"
	" PRIMARY KEY (kind, target_id, mkey))",
	"CREATE TEMP TABLE IF NOT EXISTS stance_import_rev (uuid TEXT PRIMARY KEY,"
	" new INTEGER NOT NULL)",
	"CREATE TEMP TABLE IF NOT EXISTS stance_import_revjson (seq INTEGER PRIMARY KEY,"
	" doc TEXT NOT NULL)",
	/* assessments and outcomes, kept until the entities are in
	 * (snapshot-records.c), and those the snapshot named */
	"CREATE TEMP TABLE IF NOT EXISTS stance_import_record (seq INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL, idx INTEGER NOT NULL, doc TEXT NOT NULL)",
	"CREATE TEMP TABLE IF NOT EXISTS stance_import_record_seen (kind TEXT NOT NULL,"
	" id INTEGER NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID",
	"DELETE FROM temp.stance_import_diff",
	"DELETE FROM temp.stance_import_record",
	"DELETE FROM temp.stance_import_record_seen",
	"DELETE FROM temp.stance_import_rev",
	"DELETE FROM temp.stance_import_revjson",
};

int stance_snapshot__merge_begin(stance_db *db)
{
	int rc = 0;

	for (size_t i = 0; i < sizeof(sql_merge_tables) / sizeof(sql_merge_tables[0]) && !rc; i++)
		rc = stance_db__exec(db, sql_merge_tables[i], "preparing the import");
	return rc;
}

static const char sql_diff_add[] =
	"INSERT OR REPLACE INTO temp.stance_import_diff"
	" (kind, target_id, mkey, member, issue_id, path, ours, theirs, benign)"
	" VALUES (?1, ?2, coalesce('#' || ?4, ?3), ?3, ?4, ?5, ?6, ?7, ?8)";

static char *dump(const json_t *v)
{
	return json_dumps(v, STANCE_JSON_VALUE_FLAGS);
}

int stance_snapshot__diff(stance_db *db, const struct snap_diff *d)
{
	char *ours = dump(d->ours), *theirs = dump(d->theirs);
	sqlite3_stmt *stmt;
	int rc = ours && theirs ? stance_db__prepare(db, &stmt, sql_diff_add) :
		stance__error(STANCE_ENOMEM, "out of memory");

	if (!rc) {
		stance_db__bind_text(stmt, 1, stance_target_kind_name(d->kind));
		sqlite3_bind_int64(stmt, 2, d->id);
		stance_db__bind_text(stmt, 3, d->member);
		if (d->issue_id)
			sqlite3_bind_int64(stmt, 4, d->issue_id);
		stance_db__bind_text(stmt, 5, d->path);
		stance_db__bind_text(stmt, 6, ours);
		stance_db__bind_text(stmt, 7, theirs);
		sqlite3_bind_int(stmt, 8, d->benign);
		rc = stance_db__exec_stmt(db, stmt, "comparing the snapshot");
	}
	free(ours);
	free(theirs);
	return rc;
}

static const char sql_stage[] = "INSERT INTO temp.stance_import_revjson (doc) VALUES (?1)";

int stance_snapshot__stage_revision(stance_db *db, const json_t *rev)
{
	char *doc = dump(rev);
	sqlite3_stmt *stmt;
	int rc = doc ? stance_db__prepare(db, &stmt, sql_stage) :
		stance__error(STANCE_ENOMEM, "out of memory");

	if (!rc) {
		stance_db__bind_text(stmt, 1, doc);
		rc = stance_db__exec_stmt(db, stmt, "reading the revisions");
	}
	free(doc);
	return rc;
}

/* ---- comparing values ------------------------------------------------ */

/* The row id a slug names now, current or former; 0 when none. */
static sqlite3_int64 ref_id(stance_db *db, int type, const char *slug)
{
	struct stance_entity_ref ref;
	int found = 0;

	if (stance_entity__find(db, (stance_entity_type)type, slug, &ref, &found) != 0)
		stance__error_clear();
	return found ? ref.id : 0;
}

int stance_snapshot__same(stance_db *db, stance_target_kind kind, const char *member,
			  const json_t *a, const json_t *b)
{
	int type = stance_revision__ref_type(kind, member), same;
	json_t *ca, *cb;

	if (type >= 0 && json_is_string(a) && json_is_string(b)) {
		sqlite3_int64 x = ref_id(db, type, json_string_value(a));

		return x && x == ref_id(db, type, json_string_value(b));
	}
	ca = stance_revision__canonical(kind, member, a);
	cb = stance_revision__canonical(kind, member, b);
	same = json_equal(ca, cb);
	json_decref(ca);
	json_decref(cb);
	return same;
}

/* ---- the result ------------------------------------------------------ */

#define LIST_MAX 100

static int list_add(json_t **list, json_t *item)
{
	if (!item)
		return stance__error(STANCE_ENOMEM, "out of memory");
	if (!*list && !(*list = json_array())) {
		json_decref(item);
		return stance__error(STANCE_ENOMEM, "out of memory");
	}
	return json_array_append_new(*list, item) ? stance__error(STANCE_ENOMEM, "out of memory") : 0;
}

/* A contradiction: listed (the first LIST_MAX in full), counted. */
static int contradiction(struct snap_merge_result *res, const char *path, const json_t *theirs,
			 const json_t *ours, int resolvable)
{
	res->ncontradictions++;
	if (!resolvable)
		res->unresolvable++;
	if (res->ncontradictions > LIST_MAX)
		return 0;
	return list_add(&res->contradictions,
			json_pack("{s:s, s:O, s:O, s:b}", "path", path, "snapshot", theirs,
				  "database", ours, "resolvable", resolvable));
}

/* ---- rule 1: the revisions ------------------------------------------- */

static int check_change(const json_t *ch, const char *path)
{
	const char *key;
	json_t *v;

	if (!json_is_object(ch))
		return stance_snapshot__fail(STANCE_EINVALID, path, "expected an object");
	json_object_foreach((json_t *)ch, key, v)
		if (strcmp(key, "member") && strcmp(key, "from") && strcmp(key, "to"))
			return stance_snapshot__fail(STANCE_EINVALID, path, "unknown member '%s' "
						     "(known: member, from, to)", key);
	if (!json_is_string(json_object_get(ch, "member")))
		return stance_snapshot__fail_member(STANCE_EINVALID, path, "member",
						    "required string is missing");
	if (!json_object_get(ch, "from") || !json_object_get(ch, "to"))
		return stance_snapshot__fail(STANCE_EINVALID, path, "a change needs from and to");
	return 0;
}

static const char *const revision_members[] = {
	"id", "at", "by", "reason", "target", "changes", NULL
};

/* Checks the shape and values of a revision of the snapshot. */
static int check_revision(const json_t *r, const char *path, char at[25])
{
	const json_t *target = json_object_get(r, "target"), *changes = json_object_get(r, "changes");
	const char *key, *reason = json_string_value(json_object_get(r, "reason"));
	json_t *v;
	size_t i;
	int rc = 0;

	if (!json_is_object(r))
		return stance_snapshot__fail(STANCE_EINVALID, path, "expected an object");
	json_object_foreach((json_t *)r, key, v) {
		const char *const *m = revision_members;

		while (*m && strcmp(*m, key) != 0)
			m++;
		if (!*m)
			return stance_snapshot__fail_member(STANCE_EINVALID, path, key, "unknown member "
							    "(known: id, at, by, reason, target, changes)");
	}
	if ((rc = stance_check_uuid("revision id", json_string_value(json_object_get(r, "id")))))
		return stance_snapshot__at_member(rc, path, "id");
	if ((rc = stance_timestamp_normalize(at, "revision time",
					     json_string_value(json_object_get(r, "at")))))
		return stance_snapshot__at_member(rc, path, "at");
	if ((rc = stance_check_text("revision author", json_string_value(json_object_get(r, "by")))))
		return stance_snapshot__at_member(rc, path, "by");
	if (reason && (rc = stance_check_text("revision reason", reason)))
		return stance_snapshot__at_member(rc, path, "reason");
	if (!json_is_object(target) || !json_is_string(json_object_get(target, "kind")) ||
	    !json_is_string(json_object_get(target, "key")))
		return stance_snapshot__fail_member(STANCE_EINVALID, path, "target",
						    "expected {\"kind\", \"key\"}");
	if (!json_is_array(changes) || json_array_size(changes) == 0)
		return stance_snapshot__fail_member(STANCE_EINVALID, path, "changes",
						    "expected a non-empty array");
	json_array_foreach(changes, i, v) {
		snap_path cp = stance_snapshot__path_index(stance_snapshot__path_member(path,
								"changes").s, i);

		if ((rc = check_change(v, cp.s)))
			return rc;
	}
	return 0;
}

static const char sql_rev_known[] = "SELECT 1 FROM revision WHERE uuid = ?1";
static const char sql_rev_mark[] =
	"INSERT OR IGNORE INTO temp.stance_import_rev (uuid, new) VALUES (?1, ?2)";

static int mark_revision(stance_db *db, const char *uuid, int is_new)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_rev_mark);

	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, uuid);
	sqlite3_bind_int(stmt, 2, is_new);
	rc = stance_db__exec_stmt(db, stmt, "reading the revisions");
	if (!rc && sqlite3_changes(db->conn) == 0)
		rc = stance__error(STANCE_EEXISTS, "revision %s is given twice", uuid);
	return rc;
}

/* Adds one revision of the snapshot the database lacks. */
static int add_revision(struct snap_merge_result *res, stance_db *db, const json_t *r,
			const char *path)
{
	const json_t *target = json_object_get(r, "target"), *changes = json_object_get(r, "changes");
	const char *uuid = json_string_value(json_object_get(r, "id"));
	struct stance_edit edits[64];
	struct stance_revision_row row;
	struct stance_target t;
	sqlite3_stmt *stmt;
	sqlite3_int64 issue_id;
	char at[25];
	size_t n = json_array_size(changes);
	int rc = check_revision(r, path, at), found;

	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_rev_known);
	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, uuid);
	rc = stance_db__exists(db, stmt, &found, "reading the revisions");
	if (!rc)
		rc = mark_revision(db, uuid, !found);
	if (rc)
		return stance_snapshot__at_member(rc, path, "id");
	if (found) {
		res->revisions_unchanged++;
		return 0;
	}
	if (n > 64)
		return stance_snapshot__fail_member(STANCE_EINVALID, path, "changes", "too many changes");
	rc = stance_revision__kind_parse(&t.kind, json_string_value(json_object_get(target, "kind")));
	if (rc)
		return stance_snapshot__at_member(rc, path, "target");
	if (stance_revision__target(&t, db, t.kind,
				    json_string_value(json_object_get(target, "key"))) != 0) {
		stance__error_clear();
		return contradiction(res, stance_snapshot__path_member(path, "target").s, target,
				     json_null(), 0);
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *ch = json_array_get(changes, i);

		edits[i] = (struct stance_edit){ json_string_value(json_object_get(ch, "member")),
						 json_object_get(ch, "from"), json_object_get(ch, "to"), 1 };
		rc = stance_revision__check_member(db, t.kind, edits[i].member, &issue_id);
		if (rc)
			return stance_snapshot__at_path(rc, stance_snapshot__path_index(
				stance_snapshot__path_member(path, "changes").s, i).s);
	}
	snprintf(t.key, sizeof(t.key), "%s", json_string_value(json_object_get(target, "key")));
	row = (struct stance_revision_row){ uuid, at, json_string_value(json_object_get(r, "by")),
					    json_string_value(json_object_get(r, "reason")), &t };
	rc = stance_revision__write(db, &row, edits, n);
	if (!rc)
		res->revisions_added++;
	return rc;
}

static const char sql_staged[] = "SELECT seq, doc FROM temp.stance_import_revjson ORDER BY seq";

static int add_revisions(struct snap_merge_result *res, stance_db *db)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_staged), src;

	if (rc)
		return rc;
	while (!rc && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		snap_path path = stance_snapshot__path_index("$.revisions",
							     (size_t)sqlite3_column_int64(stmt, 0) - 1);
		json_t *r = json_loads((const char *)sqlite3_column_text(stmt, 1), JSON_DECODE_ANY,
				       NULL);

		rc = r ? add_revision(res, db, r, path.s) : stance__error(STANCE_ENOMEM, "out of memory");
		json_decref(r);
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the revisions");
	sqlite3_reset(stmt);
	return rc;
}

/* ---- rule 2: what the revisions settle ------------------------------- */

/* A member that a difference or a new revision touches. */
struct touched {
	stance_target_kind kind;
	sqlite3_int64 id;
	sqlite3_int64 issue_id;
	char *member;
	char *path;      /* NULL: no difference was noted */
	json_t *ours;    /* the database's value before the import */
	json_t *theirs;  /* the snapshot's */
	enum { OPEN, BENIGN, SETTLED, CONTRADICTED } state;
};

static const char sql_touched[] =
	"SELECT kind, target_id, issue_id, member, path, ours, theirs, benign"
	" FROM temp.stance_import_diff"
	" UNION ALL SELECT DISTINCT r.target_kind, r.target_id, c.issue_id, c.member, NULL, NULL,"
	" NULL, 0 FROM revision AS r JOIN temp.stance_import_rev AS ir ON ir.uuid = r.uuid AND ir.new"
	" JOIN revision_change AS c ON c.revision_id = r.id"
	" WHERE NOT EXISTS (SELECT 1 FROM temp.stance_import_diff AS d"
	"  WHERE d.kind = r.target_kind AND d.target_id = r.target_id"
	"  AND d.mkey = coalesce('#' || c.issue_id, c.member))"
	" ORDER BY 1, 2, 3, 4";

static void touched_free(struct touched *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].member);
		free(t[i].path);
		json_decref(t[i].ours);
		json_decref(t[i].theirs);
	}
	free(t);
}

static json_t *column_json(sqlite3_stmt *stmt, int i)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);

	return s ? json_loads(s, JSON_DECODE_ANY, NULL) : NULL;
}

/* Reads every touched member into memory first: settling them writes to
 * the tables the query reads. */
static int load_touched(struct touched **out, size_t *n, stance_db *db)
{
	sqlite3_stmt *stmt;
	size_t cap = 0;
	int rc = stance_db__prepare(db, &stmt, sql_touched), src;

	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	while (!rc && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct touched *t;

		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct touched *v = realloc(*out, ncap * sizeof(*v));

			if (!v) {
				rc = stance__error(STANCE_ENOMEM, "out of memory");
				break;
			}
			*out = v;
			cap = ncap;
		}
		t = &(*out)[(*n)++];
		memset(t, 0, sizeof(*t));
		rc = stance_revision__kind_parse(&t->kind, (const char *)sqlite3_column_text(stmt, 0));
		t->id = sqlite3_column_int64(stmt, 1);
		t->issue_id = sqlite3_column_int64(stmt, 2);
		t->member = stance_db__column_dup(stmt, 3, &rc);
		t->path = stance_db__column_dup(stmt, 4, &rc);
		t->ours = column_json(stmt, 5);
		t->theirs = column_json(stmt, 6);
		t->state = sqlite3_column_int(stmt, 7) ? BENIGN : OPEN;
		if (rc == STANCE_ENOMEM)
			rc = stance__error(STANCE_ENOMEM, "out of memory");
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "comparing the snapshot");
	sqlite3_reset(stmt);
	return rc;
}

/* The revisions of one member, oldest first, and which side had each. */
static const char sql_member_revs[] =
	"SELECT r.uuid, c.from_value, c.to_value, ir.uuid IS NOT NULL, ir.uuid IS NULL OR NOT ir.new"
	" FROM revision AS r JOIN revision_change AS c ON c.revision_id = r.id"
	" LEFT JOIN temp.stance_import_rev AS ir ON ir.uuid = r.uuid"
	" WHERE r.target_kind = ?1 AND r.target_id = ?2"
	" AND CASE WHEN ?3 IS NULL THEN c.member = ?4 ELSE c.issue_id = ?3 END"
	" ORDER BY r.at, r.uuid";

struct member_history {
	size_t n;
	json_t *values;       /* every from and to */
	json_t *latest;       /* the latest to */
	json_t *latest_theirs;/* the latest to among the snapshot's revisions */
	char latest_id[40];
	int ours, theirs;     /* some revision was on that side */
	int ours_only;        /* some revision only the database had */
};

static void history_clear(struct member_history *h)
{
	json_decref(h->values);
	json_decref(h->latest);
	json_decref(h->latest_theirs);
	memset(h, 0, sizeof(*h));
}

static int load_history(struct member_history *h, stance_db *db, const struct touched *t)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_member_revs), src;

	memset(h, 0, sizeof(*h));
	if (rc)
		return rc;
	h->values = json_array();
	stance_db__bind_text(stmt, 1, stance_target_kind_name(t->kind));
	sqlite3_bind_int64(stmt, 2, t->id);
	if (t->issue_id)
		sqlite3_bind_int64(stmt, 3, t->issue_id);
	stance_db__bind_text(stmt, 4, t->member);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		json_t *from = column_json(stmt, 1), *to = column_json(stmt, 2);
		int theirs = sqlite3_column_int(stmt, 3), ours = sqlite3_column_int(stmt, 4);

		json_array_append_new(h->values, from);
		json_array_append(h->values, to);
		json_decref(h->latest);
		h->latest = to;
		if (theirs) {
			json_decref(h->latest_theirs);
			h->latest_theirs = json_incref(to);
		}
		snprintf(h->latest_id, sizeof(h->latest_id), "%s", sqlite3_column_text(stmt, 0));
		h->theirs |= theirs;
		h->ours |= ours;
		h->ours_only |= ours && !theirs;
		h->n++;
	}
	if (src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the history");
	sqlite3_reset(stmt);
	return rc;
}

/* Whether v is one of the values the member's history holds. */
static int in_history(stance_db *db, const struct touched *t, const struct member_history *h,
		      const json_t *v)
{
	size_t i;
	json_t *x;

	json_array_foreach(h->values, i, x)
		if (stance_snapshot__same(db, t->kind, t->member, v, x))
			return 1;
	return 0;
}

static int settle(struct snap_merge_result *res, stance_db *db, struct touched *t,
		  const struct member_history *h)
{
	struct stance_target target = { t->kind, t->id, "", 0 };
	json_t *now = NULL;
	int rc = 0, same;

	/* each side must hold its own latest value, or one of the history's */
	if (t->path && h->theirs && !stance_snapshot__same(db, t->kind, t->member, t->theirs,
							       h->latest_theirs))
		return stance_snapshot__fail(STANCE_EINVALID, t->path, "snapshot has %s, but its own "
					     "latest revision of it says %s",
					     stance_snapshot__show(t->theirs).s,
					     stance_snapshot__show(h->latest_theirs).s);
	if (t->path && ((!h->theirs && !in_history(db, t, h, t->theirs)) ||
			(!h->ours && !in_history(db, t, h, t->ours)))) {
		t->state = CONTRADICTED;
		return contradiction(res, t->path, t->theirs, t->ours, 1);
	}
	rc = stance_revision__target_id(&target, db);
	if (!rc)
		rc = stance_revision__member(&now, db, &target, t->member);
	if (rc)
		return rc;
	/* no difference: the snapshot's value is the database's now, and must
	 * still be what its own latest revision says */
	if (!t->path && h->theirs &&
	    !stance_snapshot__same(db, t->kind, t->member, now, h->latest_theirs)) {
		rc = stance__error(STANCE_EINVALID, "$.revisions: %s %s has %s %s, but the "
				   "snapshot's own latest revision of it says %s",
				   stance_target_kind_name(t->kind), target.key, t->member,
				   stance_snapshot__show(now).s,
				   stance_snapshot__show(h->latest_theirs).s);
		json_decref(now);
		return rc;
	}
	same = stance_snapshot__same(db, t->kind, t->member, now, h->latest);
	/* what the reading carried over at once and a revision takes back is
	 * not counted as carried over */
	if (!same && t->state == BENIGN && json_is_null(t->ours) && json_is_null(h->latest) &&
	    t->kind == STANCE_TARGET_STATEMENT) {
		if (stance_revision__is_position(t->member))
			res->positions_dropped++;
		else
			res->retractions_dropped++;
	}
	if (!same && t->kind == STANCE_TARGET_STATEMENT && strcmp(t->member, "retracted") == 0 &&
	    json_is_null(now))
		res->retracted++;
	json_decref(now);
	if (!same)
		rc = stance_revision__set_member(db, &target, t->member, h->latest);
	if (!rc && t->path && h->ours_only && !stance_snapshot__same(db, t->kind, t->member,
									t->ours, h->latest))
		rc = list_add(&res->resolved,
			      json_pack("{s:s, s:O, s:O, s:s, s:s}", "path", t->path,
					"kept", h->latest, "other", t->ours, "by", "later revision",
					"revision", h->latest_id));
	t->state = SETTLED;
	return rc;
}

/* ---- rule 4: what is left -------------------------------------------- */

static int prefer(struct snap_merge_result *res, stance_db *db, const struct touched *t,
		  const struct snap_merge_options *o)
{
	const json_t *kept = o->prefer == SNAP_PREFER_THEIRS ? t->theirs : t->ours;
	const json_t *other = o->prefer == SNAP_PREFER_THEIRS ? t->ours : t->theirs;
	struct stance_target target = { t->kind, t->id, "", 0 };
	char id[STANCE_UUID_LEN + 1], at[25], reason[300];
	struct stance_edit e = { t->member, json_incref((json_t *)other),
				 json_incref((json_t *)kept), 1 };
	struct stance_revision_row row = { id, at, o->analyst, reason, &target };
	int rc = stance_revision__target_id(&target, db);

	snprintf(reason, sizeof(reason), "import of %s: kept %s", o->name ? o->name : "a snapshot",
		 o->prefer == SNAP_PREFER_THEIRS ? "theirs" : "ours");
	/* after every revision of the member held, the snapshot's too: the
	 * latest is this one */
	if (!rc)
		rc = stance_revision__time(db, &target, &e, 1, at);
	if (!rc && o->prefer == SNAP_PREFER_THEIRS &&
	    (rc = stance_revision__set_member(db, &target, t->member, kept)))
		rc = stance_snapshot__at_path(rc, t->path);
	if (!rc)
		rc = stance_statement__uuid_v4(id);
	if (!rc)
		rc = stance_revision__write(db, &row, &e, 1);
	json_decref(e.from);
	json_decref(e.to);
	if (!rc)
		rc = list_add(&res->resolved,
			      json_pack("{s:s, s:O, s:O, s:s, s:s}", "path", t->path, "kept", kept,
					"other", other, "by",
					o->prefer == SNAP_PREFER_THEIRS ? "theirs" : "ours",
					"revision", id));
	return rc;
}

int stance_snapshot__merge_finish(struct snap_merge_result *res, stance_db *db,
				  const struct snap_merge_options *o)
{
	struct touched *t = NULL;
	size_t n = 0;
	int rc = add_revisions(res, db);

	if (!rc)
		rc = load_touched(&t, &n, db);
	for (size_t i = 0; i < n && !rc; i++) {
		struct member_history h;

		rc = load_history(&h, db, &t[i]);
		if (!rc && h.n)
			rc = settle(res, db, &t[i], &h);
		history_clear(&h);
	}
	for (size_t i = 0; i < n && !rc; i++) {
		if (t[i].path && t[i].state == OPEN) {
			t[i].state = CONTRADICTED;
			rc = contradiction(res, t[i].path, t[i].theirs, t[i].ours, 1);
		}
	}
	if (!rc && res->ncontradictions && (!o->prefer || res->unresolvable))
		rc = stance__error(STANCE_ECONFLICT, "the snapshot contradicts the database in %zu "
				   "place%s%s", res->ncontradictions,
				   res->ncontradictions == 1 ? "" : "s",
				   res->unresolvable ? "" : " (--prefer ours|theirs resolves them)");
	for (size_t i = 0; i < n && !rc && res->ncontradictions; i++)
		if (t[i].state == CONTRADICTED)
			rc = prefer(res, db, &t[i], o);
	touched_free(t, n);
	return rc;
}
