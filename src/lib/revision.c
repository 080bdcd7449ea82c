/*
 * revision.c - corrections with a full history (design §7).
 *
 * One mechanism serves every correction: a target (an entity or a
 * statement), a list of members with their new values as the snapshot's
 * JSON, and stance_revision__apply(), which reads each member's current
 * value, writes the new one through the module that owns its table and
 * records both in one revision. The commands (edit, rename, code, amend,
 * retract, revert...) only say which members change to what; a merge
 * (snapshot.c) sets members through the same door without writing a
 * revision of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bargain-internal.h"
#include "common-internal.h"
#include "entity-internal.h"
#include "revision-internal.h"
#include "snapshot-internal.h"
#include "statement-internal.h"

static const char *const kind_names[STANCE_TARGET_KINDS] = {
	[STANCE_TARGET_PARTY] = "party",
	[STANCE_TARGET_ACTOR] = "actor",
	[STANCE_TARGET_SOURCE] = "source",
	[STANCE_TARGET_ISSUE] = "issue",
	[STANCE_TARGET_STATEMENT] = "statement",
	[STANCE_TARGET_ASSESSMENT] = "assessment",
	[STANCE_TARGET_OUTCOME] = "outcome",
};

const char *stance_target_kind_name(stance_target_kind kind)
{
	if ((unsigned)kind >= STANCE_TARGET_KINDS)
		return NULL;
	return kind_names[kind];
}

int stance_revision__kind_parse(stance_target_kind *out, const char *name)
{
	for (int k = 0; k < STANCE_TARGET_KINDS; k++) {
		if (name && strcmp(kind_names[k], name) == 0) {
			*out = (stance_target_kind)k;
			return 0;
		}
	}
	return stance__error(STANCE_EINVALID, "invalid target kind '%s' (choose from: party, "
			     "actor, source, issue, statement, assessment, outcome)",
			     name ? name : "");
}

/* ---- targets --------------------------------------------------------- */

static int is_entity(stance_target_kind kind)
{
	return kind < STANCE_TARGET_STATEMENT;
}

/* An assessment or an outcome (bargain.c owns their members). */
static int is_bargain(stance_target_kind kind)
{
	return kind == STANCE_TARGET_ASSESSMENT || kind == STANCE_TARGET_OUTCOME;
}

/* Resolves an assessment's or outcome's id or prefix into t. */
static int bargain_target(struct stance_target *t, stance_db *db, const char *key)
{
	int found = 0, retracted = 0;
	int rc = t->kind == STANCE_TARGET_ASSESSMENT ? stance_assessment_resolve(t->key, db, key) :
		stance_outcome_resolve(t->key, db, key);

	if (!rc)
		rc = stance_bargain__state(db, t->kind, t->key, &t->id, &retracted, &found);
	if (!rc && !found)
		rc = stance__error(STANCE_ENOTFOUND, "no %s with id '%s'", kind_names[t->kind], key);
	t->removed = retracted;
	return rc;
}

int stance_revision__target(struct stance_target *t, stance_db *db, stance_target_kind kind,
			    const char *key)
{
	struct stance_entity_ref ref;
	int retracted = 0, rc;

	memset(t, 0, sizeof(*t));
	t->kind = kind;
	if (is_entity(kind)) {
		rc = stance_check_slug(kind_names[kind], key);
		if (!rc)
			rc = stance_entity__resolve(db, (stance_entity_type)kind, key, &ref);
		if (rc)
			return rc;
		t->id = ref.id;
		t->removed = ref.removed;
		snprintf(t->key, sizeof(t->key), "%s", ref.slug);
		return 0;
	}
	if (is_bargain(kind))
		return bargain_target(t, db, key);
	rc = stance_statement_resolve(t->key, db, key);
	if (!rc)
		rc = stance_statement__state(db, t->key, &t->id, &retracted);
	t->removed = retracted;
	return rc;
}

/* ---- members --------------------------------------------------------- */

json_t *stance_revision__position_json(const stance_position *p)
{
	json_t *obj = json_object();
	int failed = !obj;

	failed = failed || json_object_set_new(obj, "stance", json_string(stance_stance_name(p->stance)));
	/* an integral point is written 70, not 70.0 */
	failed = failed || json_object_set_new(obj, "point", !p->has_point ? json_null() :
					       p->point == (double)(json_int_t)p->point ?
					       json_integer((json_int_t)p->point) : json_real(p->point));
	failed = failed || json_object_set_new(obj, "red_line",
					       p->red_line == STANCE_RED_LINE_UNSTATED ? json_null() :
					       json_boolean(p->red_line == STANCE_RED_LINE_YES));
	failed = failed || json_object_set_new(obj, "condition",
					       stance_snapshot__string_or_null(p->condition));
	if (failed) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

/* The record's members in the snapshot's shape: a new reference. */
static int record_json(json_t **out, stance_db *db, const struct stance_target *t)
{
	stance_entity *e = NULL;
	stance_statement *st = NULL;
	int rc;

	*out = NULL;
	if (is_bargain(t->kind))
		return stance_bargain__record_json(out, db, t->kind, t->id);
	if (is_entity(t->kind)) {
		rc = stance_entity__get_id(&e, db, (stance_entity_type)t->kind, t->id);
		if (!rc)
			*out = stance_snapshot_entity_json(e);
		stance_entity_free(e);
	} else {
		rc = stance_statement_get(&st, db, t->key);
		if (!rc)
			*out = stance_snapshot_statement_json(st);
		stance_statement_free(st);
	}
	if (!rc && !*out)
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	return rc;
}

/* The statement members a revision may change; "positions.ISSUE" besides. */
static const char *const statement_members[] = {
	"party", "actor", "said_on", "kind", "text", "source", "url", "credibility",
	"retracted", NULL
};

static int listed(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

/* The issue of a member "positions.ISSUE": its row id and current slug.
 * Found quietly: the caller that resolved what the user named said so. */
static int member_issue(stance_db *db, const char *member, struct stance_entity_ref *issue)
{
	const char *slug = member + strlen(STANCE_POSITIONS_MEMBER);
	int found, rc = stance_check_slug("issue", slug);

	if (!rc)
		rc = stance_entity__find(db, STANCE_ISSUE, slug, issue, &found);
	if (!rc && !found)
		rc = stance_entity__unknown(db, STANCE_ISSUE, slug);
	return rc;
}

int stance_revision__is_position(const char *member)
{
	return strncmp(member, STANCE_POSITIONS_MEMBER, strlen(STANCE_POSITIONS_MEMBER)) == 0;
}

/* The position on an issue in a record's "positions", without "issue":
 * a new reference, json null when there is none. */
static json_t *position_of(const json_t *record, const char *issue)
{
	const json_t *arr = json_object_get(record, "positions");
	size_t i;
	json_t *p;

	json_array_foreach(arr, i, p) {
		if (strcmp(json_string_value(json_object_get(p, "issue")), issue) == 0) {
			json_t *copy = json_deep_copy(p);

			if (copy)
				json_object_del(copy, "issue");
			return copy;
		}
	}
	return json_null();
}

/* Whether an entity type has a member of that name. */
static int entity_member(stance_target_kind kind, const char *member, size_t *field)
{
	const stance_entity_info *info = stance_entity_info_get((stance_entity_type)kind);

	for (size_t i = 0; i < info->nfields; i++) {
		if (strcmp(info->fields[i].name, member) == 0) {
			*field = i;
			return 1;
		}
	}
	return strcmp(member, "removed") == 0 ? (*field = info->nfields, 1) : 0;
}

int stance_revision__ref_type(stance_target_kind kind, const char *member)
{
	const stance_entity_info *info;

	if (!is_entity(kind)) {
		if (strcmp(member, "party") == 0)
			return STANCE_PARTY;
		if (strcmp(member, "actor") == 0)
			return STANCE_ACTOR;
		if (strcmp(member, "issue") == 0 && is_bargain(kind))
			return STANCE_ISSUE;
		return strcmp(member, "source") == 0 ? STANCE_SOURCE : -1;
	}
	info = stance_entity_info_get((stance_entity_type)kind);
	for (size_t i = 1; i < info->nfields; i++)
		if (info->fields[i].kind == STANCE_FIELD_REF && strcmp(info->fields[i].name, member) == 0)
			return (int)info->fields[i].ref;
	return -1;
}

/* A reference by a former slug, as the entity's slug of today: a revision
 * says what was meant in the words of its time. A new reference. */
static json_t *reference_now(stance_db *db, stance_target_kind kind, const char *member,
			     json_t *v)
{
	struct stance_entity_ref ref;
	int type = stance_revision__ref_type(kind, member), found = 0;

	if (type < 0 || !json_is_string(v) ||
	    stance_entity__find(db, (stance_entity_type)type, json_string_value(v), &ref, &found) ||
	    !found || !ref.alias) {
		stance__error_clear();
		return v;
	}
	json_decref(v);
	return json_string(ref.slug);
}

int stance_revision__check_member(stance_db *db, stance_target_kind kind, const char *member,
				  sqlite3_int64 *issue_id)
{
	struct stance_entity_ref issue;
	size_t field;
	int rc = 0;

	*issue_id = 0;
	if (is_entity(kind)) {
		if (!entity_member(kind, member, &field))
			rc = stance__error(STANCE_EINVALID, "%s has no member '%s'", kind_names[kind],
					   member);
	} else if (is_bargain(kind)) {
		if (!listed(stance_bargain__members(kind), member))
			rc = stance__error(STANCE_EINVALID, "%s has no member '%s' that a revision "
					   "may change", kind_names[kind], member);
	} else if (stance_revision__is_position(member)) {
		rc = member_issue(db, member, &issue);
		if (!rc)
			*issue_id = issue.id;
	} else if (!listed(statement_members, member)) {
		rc = stance__error(STANCE_EINVALID, "statement has no member '%s' that a revision "
				   "may change", member);
	}
	return rc;
}

int stance_revision__member(json_t **out, stance_db *db, const struct stance_target *t,
			    const char *member)
{
	struct stance_entity_ref issue;
	sqlite3_int64 issue_id;
	json_t *rec;
	int rc = stance_revision__check_member(db, t->kind, member, &issue_id);

	*out = NULL;
	if (!rc)
		rc = record_json(&rec, db, t);
	if (rc)
		return rc;
	if (is_entity(t->kind) && strcmp(member, "removed") == 0) {
		*out = json_boolean(t->removed);
	} else if (t->kind == STANCE_TARGET_STATEMENT && stance_revision__is_position(member)) {
		rc = member_issue(db, member, &issue);
		if (!rc)
			*out = position_of(rec, issue.slug);
	} else {
		*out = json_incref(json_object_get(rec, member));
	}
	json_decref(rec);
	if (!rc && !*out)
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	return rc;
}

static int json_text(const char **out, const json_t *v, const char *member)
{
	*out = NULL;
	if (json_is_null(v)) {
		*out = NULL;
		return 0;
	}
	if (!json_is_string(v))
		return stance__error(STANCE_EINVALID, "%s must be a string or null", member);
	*out = json_string_value(v);
	return 0;
}

static int set_entity_member(stance_db *db, struct stance_target *t, const char *member,
			     const json_t *v)
{
	stance_entity_type type = (stance_entity_type)t->kind;
	const char *s;
	char *text = NULL;
	size_t field;
	int rc;

	entity_member(t->kind, member, &field);
	if (field == stance_entity_info_get(type)->nfields) {
		if (!json_is_boolean(v))
			return stance__error(STANCE_EINVALID, "removed must be true or false");
		rc = stance_entity__set_removed(db, type, t->id, t->key, json_is_true(v));
		if (!rc)
			t->removed = json_is_true(v);
		return rc;
	}
	if (field == STANCE_ENTITY_SLUG) {
		rc = json_text(&s, v, member);
		if (!rc)
			rc = s ? stance_entity__rename(db, type, t->id, t->key, s) :
				stance__error(STANCE_EINVALID, "a slug cannot be null");
		if (!rc)
			snprintf(t->key, sizeof(t->key), "%s", s);
		return rc;
	}
	/* a point is a JSON number, every other field a string */
	rc = stance_entity__field_text(&text, type, field, v);
	if (!rc)
		rc = stance_entity__set(db, type, t->id, field, text);
	free(text);
	return rc;
}

static int set_statement_member(stance_db *db, struct stance_target *t, const char *member,
				const json_t *v)
{
	struct stance_entity_ref issue;
	stance_position p = { 0 };
	stance_retraction r;
	const char *s;
	int rc;

	if (stance_revision__is_position(member)) {
		rc = member_issue(db, member, &issue);
		if (rc || json_is_null(v))
			return rc ? rc : stance_statement__set_position(db, t->id, issue.id, NULL);
		rc = stance_revision__read_position(&p, v, member);
		if (!rc)
			rc = stance_statement__set_position(db, t->id, issue.id, &p);
		stance_position_clear(&p);
		return rc;
	}
	if (strcmp(member, "credibility") == 0) {
		if (!json_is_null(v) && !json_is_integer(v))
			return stance__error(STANCE_EINVALID, "credibility must be 1 to 6 or null");
		if (json_is_integer(v) && json_integer_value(v) < 1)
			return stance__error(STANCE_EINVALID, "invalid credibility %lld (choose "
					     "from 1 to 6)", (long long)json_integer_value(v));
		return stance_statement__set_credibility(db, t->id,
							 json_is_null(v) ? 0 :
							 (int)json_integer_value(v));
	}
	if (strcmp(member, "retracted") == 0) {
		if (json_is_null(v)) {
			rc = stance_statement__set_retracted(db, t->id, NULL);
		} else {
			r.at = (char *)json_string_value(json_object_get(v, "at"));
			r.by = (char *)json_string_value(json_object_get(v, "by"));
			r.reason = (char *)json_string_value(json_object_get(v, "reason"));
			rc = json_is_object(v) && r.at ?
				stance_statement__set_retracted(db, t->id, &r) :
				stance__error(STANCE_EINVALID, "retracted must be null or "
					      "{\"at\", \"by\", \"reason\"}");
		}
		if (!rc)
			t->removed = !json_is_null(v);
		return rc;
	}
	rc = json_text(&s, v, member);
	return rc ? rc : stance_statement__set_text(db, t->id, member, s);
}

int stance_revision__set_member(stance_db *db, struct stance_target *t, const char *member,
				const json_t *v)
{
	sqlite3_int64 issue_id;
	int rc = stance_revision__check_member(db, t->kind, member, &issue_id);

	if (rc)
		return rc;
	if (is_bargain(t->kind)) {
		rc = stance_bargain__set_member(db, t->kind, t->id, member, v);
		if (!rc && strcmp(member, "retracted") == 0)
			t->removed = !json_is_null(v);
		return rc;
	}
	return is_entity(t->kind) ? set_entity_member(db, t, member, v) :
		set_statement_member(db, t, member, v);
}

int stance_revision__read_position(stance_position *p, const json_t *v, const char *member)
{
	const json_t *stance = json_object_get(v, "stance"), *point = json_object_get(v, "point");
	const json_t *red = json_object_get(v, "red_line"), *cond = json_object_get(v, "condition");
	int rc;

	memset(p, 0, sizeof(*p));
	if (!json_is_object(v) || !json_is_string(stance))
		return stance__error(STANCE_EINVALID, "%s must be null or a position with a stance",
				     member);
	rc = stance_stance_parse(&p->stance, NULL, json_string_value(stance));
	if (!rc && point && !json_is_null(point)) {
		if (!json_is_number(point))
			return stance__error(STANCE_EINVALID, "%s: point must be a number", member);
		p->has_point = 1;
		p->point = json_number_value(point);
	}
	if (!rc && red && !json_is_null(red) && !json_is_boolean(red))
		rc = stance__error(STANCE_EINVALID, "%s: red_line must be true, false or null", member);
	if (!rc && cond && !json_is_null(cond) && !json_is_string(cond))
		rc = stance__error(STANCE_EINVALID, "%s: condition must be a string or null", member);
	if (rc)
		return rc;
	p->red_line = json_is_true(red) ? STANCE_RED_LINE_YES :
		json_is_false(red) ? STANCE_RED_LINE_NO : STANCE_RED_LINE_UNSTATED;
	if (json_is_string(cond)) {
		p->condition = stance__strdup(json_string_value(cond));
		if (!p->condition)
			return stance__error(STANCE_ENOMEM, "out of memory");
	}
	p->issue = stance__strdup(member + strlen(STANCE_POSITIONS_MEMBER));
	if (!p->issue)
		return stance__error(STANCE_ENOMEM, "out of memory");
	return stance_statement__validate_position(p, NULL);
}

/* An entity's point as the database gives it back: 70, not 70.0. */
static json_t *canonical_field(stance_target_kind kind, const char *member, const json_t *v)
{
	size_t field;
	char *text;
	json_t *out;

	if (!is_entity(kind) || !json_is_number(v) ||
	    !stance_entity__field((stance_entity_type)kind, member, &field) ||
	    stance_entity__field_text(&text, (stance_entity_type)kind, field, v) != 0) {
		stance__error_clear();
		return json_incref((json_t *)v);
	}
	out = stance_entity__field_json((stance_entity_type)kind, field, text);
	free(text);
	return out;
}

json_t *stance_revision__canonical(stance_target_kind kind, const char *member, const json_t *v)
{
	stance_position p;
	json_t *out;

	if (is_entity(kind))
		return canonical_field(kind, member, v);
	/* 70 and 70.0 are one salience, capability or point */
	if (is_bargain(kind) && json_is_number(v))
		return stance_bargain__number_json(json_number_value(v));
	/* 70 and 70.0 are one point */
	if (!stance_revision__is_position(member) || json_is_null(v) ||
	    stance_revision__read_position(&p, v, member) != 0) {
		stance__error_clear();
		return json_incref((json_t *)v);
	}
	out = stance_revision__position_json(&p);
	stance_position_clear(&p);
	return out;
}

/* ---- writing revisions ----------------------------------------------- */

static const char sql_insert_revision[] =
	"INSERT INTO revision (uuid, at, author, reason, target_kind, target_key, target_id)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_insert_change[] =
	"INSERT INTO revision_change (revision_id, member, from_value, to_value, issue_id)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
/* One millisecond after the latest revision of one member, when that is
 * not before ?5 (now); SQLite keeps times in whole milliseconds, so the
 * step is exact. */
static const char sql_latest_at[] =
	"SELECT strftime('%Y-%m-%dT%H:%M:%fZ', max(r.at), '+0.001 seconds')"
	" FROM revision AS r JOIN revision_change AS c ON c.revision_id = r.id"
	" WHERE r.target_kind = ?1 AND r.target_id = ?2"
	" AND CASE WHEN ?3 IS NULL THEN c.member = ?4 ELSE c.issue_id = ?3 END"
	" HAVING max(r.at) >= ?5";

/* Moves at past the latest revision of one member, if that is later. */
static int after_member(stance_db *db, const struct stance_target *t, const char *member,
			char at[STANCE_TIMESTAMP_LEN + 1])
{
	sqlite3_int64 issue_id;
	sqlite3_stmt *stmt;
	int rc = stance_revision__check_member(db, t->kind, member, &issue_id), src;

	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_latest_at);
	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, kind_names[t->kind]);
	sqlite3_bind_int64(stmt, 2, t->id);
	if (issue_id)
		sqlite3_bind_int64(stmt, 3, issue_id);
	stance_db__bind_text(stmt, 4, member);
	stance_db__bind_text(stmt, 5, at);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		snprintf(at, STANCE_TIMESTAMP_LEN + 1, "%s", sqlite3_column_text(stmt, 0));
	else if (src != SQLITE_DONE && src != SQLITE_ROW)
		rc = stance__error_sqlite(db->conn, src, "reading the history");
	sqlite3_reset(stmt);
	return rc;
}

int stance_revision__time(stance_db *db, const struct stance_target *t,
			  const struct stance_edit *edits, size_t n,
			  char at[STANCE_TIMESTAMP_LEN + 1])
{
	int rc = 0;

	stance_timestamp_now(at);
	for (size_t i = 0; i < n && !rc; i++)
		if (edits[i].changed)
			rc = after_member(db, t, edits[i].member, at);
	return rc;
}

static char *dump(const json_t *v)
{
	return json_dumps(v, STANCE_JSON_VALUE_FLAGS);
}

int stance_revision__write(stance_db *db, const struct stance_revision_row *r,
			   const struct stance_edit *edits, size_t n)
{
	sqlite3_stmt *stmt;
	sqlite3_int64 rowid, issue_id;
	int rc = stance_db__prepare(db, &stmt, sql_insert_revision);

	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, r->id);
	stance_db__bind_text(stmt, 2, r->at);
	stance_db__bind_text(stmt, 3, r->by);
	stance_db__bind_text(stmt, 4, r->reason);
	stance_db__bind_text(stmt, 5, kind_names[r->target->kind]);
	stance_db__bind_text(stmt, 6, r->target->key);
	sqlite3_bind_int64(stmt, 7, r->target->id);
	rc = stance_db__exec_stmt(db, stmt, "writing the revision");
	rowid = sqlite3_last_insert_rowid(db->conn);
	for (size_t i = 0; i < n && !rc; i++) {
		char *from, *to;

		if (!edits[i].changed)
			continue;
		from = dump(edits[i].from);
		to = dump(edits[i].to);
		rc = stance_revision__check_member(db, r->target->kind, edits[i].member, &issue_id);
		if (!rc && (!from || !to))
			rc = stance__error(STANCE_ENOMEM, "out of memory");
		if (!rc)
			rc = stance_db__prepare(db, &stmt, sql_insert_change);
		if (!rc) {
			sqlite3_bind_int64(stmt, 1, rowid);
			stance_db__bind_text(stmt, 2, edits[i].member);
			stance_db__bind_text(stmt, 3, from);
			stance_db__bind_text(stmt, 4, to);
			if (issue_id)
				sqlite3_bind_int64(stmt, 5, issue_id);
			rc = stance_db__exec_stmt(db, stmt, "writing the revision");
		}
		free(from);
		free(to);
	}
	return rc;
}

static int check_change_options(const stance_change_options *co, int need_reason,
				char at[STANCE_TIMESTAMP_LEN + 1])
{
	int rc;

	if (!co)
		return stance__error(STANCE_EINVALID, "a correction needs its analyst");
	rc = stance__check_version(co->version, STANCE_CHANGE_OPTIONS_VERSION,
				   "stance_change_options");
	if (!rc)
		rc = stance_check_text("analyst", co->by);
	if (!rc && need_reason && !co->reason)
		rc = stance__error(STANCE_EINVALID, "a reason is required (--reason TEXT)");
	if (!rc && co->reason)
		rc = stance_check_text("reason", co->reason);
	if (!rc && co->at)
		rc = stance_timestamp_normalize(at, "revision time", co->at);
	return rc;
}

void stance_revision__edits_free(struct stance_edit *edits, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_decref(edits[i].from);
		json_decref(edits[i].to);
		edits[i].from = edits[i].to = NULL;
	}
}

/* Sets each member of edits whose value would change, filling in its old
 * value and marking it changed; *changed counts them. */
static int apply_edits(stance_db *db, struct stance_target *t, struct stance_edit *edits,
		       size_t n, size_t *changed)
{
	int rc = 0;

	*changed = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *to = reference_now(db, t->kind, edits[i].member,
					   stance_revision__canonical(t->kind, edits[i].member,
								      edits[i].to));

		json_decref(edits[i].to);
		edits[i].to = to;
		json_decref(edits[i].from);
		edits[i].from = NULL;
		rc = to ? stance_revision__member(&edits[i].from, db, t, edits[i].member) :
			stance__error(STANCE_ENOMEM, "out of memory");
		edits[i].changed = !rc && !json_equal(edits[i].from, to);
		if (edits[i].changed) {
			rc = stance_revision__set_member(db, t, edits[i].member, to);
			(*changed)++;
		}
	}
	return rc;
}

int stance_revision__apply(char out_rev[STANCE_UUID_LEN + 1], stance_db *db,
			   struct stance_target *t, struct stance_edit *edits, size_t n,
			   const stance_change_options *co, int need_reason)
{
	char id[STANCE_UUID_LEN + 1], at[STANCE_TIMESTAMP_LEN + 1];
	struct stance_revision_row row = { id, at, NULL, NULL, t };
	size_t changed = 0;
	int rc = check_change_options(co, need_reason, at);

	if (rc) {
		stance_revision__edits_free(edits, n);
		return rc;
	}
	rc = apply_edits(db, t, edits, n, &changed);
	if (!rc && !co->at)
		rc = stance_revision__time(db, t, edits, n, at);
	if (!rc && changed == 0)
		rc = stance__error(STANCE_EINVALID, "nothing to change: %s %.*s already has %s",
				   kind_names[t->kind], is_entity(t->kind) ? 32 : 8,
				   t->key, n == 1 ? "that value" : "those values");
	if (!rc)
		rc = stance_statement__uuid_v4(id);
	row.by = co->by;
	row.reason = co->reason;
	if (!rc)
		rc = stance_revision__write(db, &row, edits, n);
	stance_revision__edits_free(edits, n);
	if (!rc && out_rev)
		memcpy(out_rev, id, sizeof(id));
	return rc;
}

/* ---- reading the history --------------------------------------------- */

static const char sql_resolve[] =
	"SELECT uuid FROM revision WHERE uuid >= ?1 AND uuid < ?1 || '~' ORDER BY uuid LIMIT 11";

int stance_revision_resolve(char out_id[STANCE_UUID_LEN + 1], stance_db *db, const char *prefix)
{
	stance__error_clear();
	return stance_db__resolve_id(out_id, db, sql_resolve, "revision", prefix);
}

static const char sql_revision_get[] =
	"SELECT id, uuid, at, author, reason, target_kind, target_key, target_id FROM revision"
	" WHERE uuid = ?1";
static const char sql_changes[] =
	"SELECT member, from_value, to_value, issue_id FROM revision_change"
	" WHERE revision_id = ?1 ORDER BY member";

void stance_revision_free(stance_revision *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->at);
	free(r->by);
	free(r->reason);
	free(r->key);
	for (size_t i = 0; i < r->nchanges; i++) {
		free(r->changes[i].member);
		free(r->changes[i].from);
		free(r->changes[i].to);
	}
	free(r->changes);
	free(r);
}

static int read_changes(stance_db *db, sqlite3_int64 rowid, stance_revision *r)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_changes), src;

	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		stance_change *grown = realloc(r->changes, (r->nchanges + 1) * sizeof(*grown));

		if (!grown) {
			rc = STANCE_ENOMEM;
			break;
		}
		r->changes = grown;
		grown = &r->changes[r->nchanges++];
		grown->member = stance_db__column_dup(stmt, 0, &rc);
		grown->from = stance_db__column_dup(stmt, 1, &rc);
		grown->to = stance_db__column_dup(stmt, 2, &rc);
		if (rc)
			break;
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading a revision");
	sqlite3_reset(stmt);
	return rc == STANCE_ENOMEM ? stance__error(STANCE_ENOMEM, "out of memory") : rc;
}

/* A revision (or creation) from a row whose columns 1.. are uuid, at,
 * author, reason, kind and key; column 0 the revision's row id. */
static int read_revision(stance_revision **out, stance_db *db, sqlite3_stmt *stmt, int created)
{
	stance_revision *r = calloc(1, sizeof(*r));
	int rc = 0;

	*out = NULL;
	if (!r)
		return stance__error(STANCE_ENOMEM, "out of memory");
	r->id = stance_db__column_dup(stmt, 1, &rc);
	r->at = stance_db__column_dup(stmt, 2, &rc);
	r->by = stance_db__column_dup(stmt, 3, &rc);
	r->reason = stance_db__column_dup(stmt, 4, &rc);
	r->key = stance_db__column_dup(stmt, 6, &rc);
	r->created = created;
	if (!rc)
		rc = stance_revision__kind_parse(&r->kind, (const char *)sqlite3_column_text(stmt, 5));
	if (rc == STANCE_ENOMEM)
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	if (!rc && !created)
		rc = read_changes(db, sqlite3_column_int64(stmt, 0), r);
	if (rc)
		stance_revision_free(r);
	else
		*out = r;
	return rc;
}

int stance_revision_get(stance_revision **out, stance_db *db, const char *id)
{
	char full[STANCE_UUID_LEN + 1];
	sqlite3_stmt *stmt;
	int own = 0, rc, src;

	*out = NULL;
	rc = stance_db__read_begin(db, &own);
	if (!rc)
		rc = stance_revision_resolve(full, db, id);
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_revision_get);
	if (!rc) {
		stance_db__bind_text(stmt, 1, full);
		src = sqlite3_step(stmt);
		rc = src == SQLITE_ROW ? read_revision(out, db, stmt, 0) :
			stance__error_sqlite(db->conn, src, "reading a revision");
		sqlite3_reset(stmt);
	}
	return stance_db__read_end(db, own, rc);
}

/* Revisions and creations, newest first; at one time a correction comes
 * before the creation it corrects. ?4 is a JSON array of [kind, row id]. */
#define CREATION(t) \
	" UNION ALL SELECT NULL, NULL, created_at, created_by, NULL, '" t "', slug, id, 1" \
	" FROM " t " WHERE ?5 AND created_at IS NOT NULL"
static const char sql_log[] =
	"SELECT * FROM (SELECT r.id AS rid, r.uuid AS uuid, r.at AS at, r.author AS author,"
	" r.reason, r.target_kind AS kind, r.target_key, r.target_id AS tid, 0 AS created"
	" FROM revision AS r"
	CREATION("party") CREATION("actor") CREATION("source") CREATION("issue")
	" UNION ALL SELECT NULL, NULL, recorded_at, recorded_by, NULL, 'statement', uuid, id, 1"
	" FROM statement WHERE ?5"
	" UNION ALL SELECT NULL, NULL, recorded_at, recorded_by, NULL, 'assessment', uuid, id, 1"
	" FROM assessment WHERE ?5"
	" UNION ALL SELECT NULL, NULL, recorded_at, recorded_by, NULL, 'outcome', uuid, id, 1"
	" FROM outcome WHERE ?5)"
	" WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR at <= ?2)"
	" AND (?3 IS NULL OR author = ?3)"
	" AND (?4 IS NULL OR EXISTS (SELECT 1 FROM json_each(?4) AS j"
	"  WHERE j.value ->> 0 = kind AND j.value ->> 1 = tid))"
	" ORDER BY at DESC, created, uuid DESC, target_key DESC LIMIT ?6";

/* A date means its first (since) or last (until) millisecond. */
static int log_time(char out[STANCE_TIMESTAMP_LEN + 1], const char *what, const char *text,
		    int end)
{
	int rc;

	if (text && strlen(text) == STANCE_DATE_LEN) {
		rc = stance_check_date(what, text);
		if (!rc)
			snprintf(out, STANCE_TIMESTAMP_LEN + 1, "%sT%s", text,
				 end ? "23:59:59.999Z" : "00:00:00.000Z");
		return rc;
	}
	return stance_timestamp_normalize(out, what, text);
}

/* The [kind, row id] pairs a log target names: a statement id or prefix,
 * or a slug (current or former) of any kind. */
static int log_targets(char **out, stance_db *db, const char *target)
{
	struct stance_entity_ref ref;
	char id[STANCE_UUID_LEN + 1];
	struct stance_target t;
	stance_target_kind kind;
	json_t *arr = json_array();
	int found, rc = 0;

	*out = NULL;
	if (!arr)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (int t = 0; t < STANCE_ENTITY_TYPES && !rc; t++) {
		if (stance_check_slug("slug", target) != 0)
			break;
		rc = stance_entity__find(db, (stance_entity_type)t, target, &ref, &found);
		if (!rc && found)
			json_array_append_new(arr, json_pack("[s,I]", kind_names[t], (json_int_t)ref.id));
		if (!rc && found && ref.alias)
			stance_db__note(db, "'%s' is a former slug of %s '%s'", target, kind_names[t],
					ref.slug);
	}
	stance__error_clear();
	if (!rc && strlen(target) >= 8 && stance_record_resolve(&kind, id, db, target) == 0 &&
	    stance_revision__target(&t, db, kind, id) == 0)
		json_array_append_new(arr, json_pack("[s,I]", kind_names[kind], (json_int_t)t.id));
	stance__error_clear();
	if (!rc && json_array_size(arr) == 0)
		rc = stance__error(STANCE_ENOTFOUND, "no record '%s' (neither a slug of a party, "
				   "actor, source or issue nor the id of a statement, assessment "
				   "or outcome)",
				   stance__utf8_valid(target, strlen(target)) ? target : "?");
	if (!rc && !(*out = json_dumps(arr, JSON_COMPACT)))
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	json_decref(arr);
	return rc;
}

static int log_bind(sqlite3_stmt *stmt, stance_db *db, const stance_log_filter *f,
		    char since[25], char until[25], char **targets)
{
	int rc = 0;

	if (f->since && (rc = log_time(since, "--since time", f->since, 0)))
		return rc;
	if (f->until && (rc = log_time(until, "--until time", f->until, 1)))
		return rc;
	if (f->by && (rc = stance_check_text("analyst", f->by)))
		return rc;
	if (f->target && (rc = log_targets(targets, db, f->target)))
		return rc;
	stance_db__bind_text(stmt, 1, f->since ? since : NULL);
	stance_db__bind_text(stmt, 2, f->until ? until : NULL);
	stance_db__bind_text(stmt, 3, f->by);
	stance_db__bind_text(stmt, 4, *targets);
	sqlite3_bind_int(stmt, 5, f->creations);
	sqlite3_bind_int64(stmt, 6, f->limit ? (sqlite3_int64)f->limit : -1);
	return 0;
}

int stance_revision_foreach(stance_db *db, const stance_log_filter *f,
			    int (*fn)(const stance_revision *r, void *ctx), void *ctx)
{
	static const stance_log_filter everything = STANCE_LOG_FILTER_INIT;
	char since[25], until[25], *targets = NULL;
	stance_revision *r;
	sqlite3_stmt *stmt;
	int own = 0, rc, src;

	stance__error_clear();
	if (!f)
		f = &everything;
	rc = stance__check_version(f->version, STANCE_LOG_FILTER_VERSION, "stance_log_filter");
	if (!rc)
		rc = stance_db__read_begin(db, &own);
	if (rc)
		return rc;
	rc = stance_db__prepare(db, &stmt, sql_log);
	if (!rc)
		rc = log_bind(stmt, db, f, since, until, &targets);
	while (!rc && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		rc = read_revision(&r, db, stmt, sqlite3_column_int(stmt, 8));
		if (!rc)
			rc = fn(r, ctx);
		stance_revision_free(r);
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the history");
	if (stmt)
		sqlite3_reset(stmt);
	free(targets);
	return stance_db__read_end(db, own, rc);
}

/* ---- revert ---------------------------------------------------------- */

static const char sql_later[] =
	"SELECT r.uuid FROM revision AS r JOIN revision_change AS c ON c.revision_id = r.id"
	" WHERE r.target_kind = ?1 AND r.target_id = ?2"
	" AND CASE WHEN ?3 IS NULL THEN c.member = ?4 ELSE c.issue_id = ?3 END"
	" AND (r.at > ?5 OR (r.at = ?5 AND r.uuid > ?6))"
	" ORDER BY r.at DESC, r.uuid DESC LIMIT 1";
static const char sql_target_key[] =
	"SELECT slug, removed FROM party WHERE ?1 = 'party' AND id = ?2"
	" UNION ALL SELECT slug, removed FROM actor WHERE ?1 = 'actor' AND id = ?2"
	" UNION ALL SELECT slug, removed FROM source WHERE ?1 = 'source' AND id = ?2"
	" UNION ALL SELECT slug, removed FROM issue WHERE ?1 = 'issue' AND id = ?2"
	" UNION ALL SELECT uuid, retracted_at IS NOT NULL FROM statement"
	" WHERE ?1 = 'statement' AND id = ?2"
	" UNION ALL SELECT uuid, retracted_at IS NOT NULL FROM assessment"
	" WHERE ?1 = 'assessment' AND id = ?2"
	" UNION ALL SELECT uuid, retracted_at IS NOT NULL FROM outcome"
	" WHERE ?1 = 'outcome' AND id = ?2";
static const char sql_issue_slug[] = "SELECT slug FROM issue WHERE id = ?1";

int stance_revision__target_id(struct stance_target *t, stance_db *db)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_target_key), src;

	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, kind_names[t->kind]);
	sqlite3_bind_int64(stmt, 2, t->id);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		snprintf(t->key, sizeof(t->key), "%s", sqlite3_column_text(stmt, 0));
		t->removed = sqlite3_column_int(stmt, 1);
	} else {
		rc = stance__error(STANCE_EINTERNAL, "no %s with row id %lld", kind_names[t->kind],
				   (long long)t->id);
	}
	sqlite3_reset(stmt);
	return rc;
}

/* The target of a revision row as it is now. */
static int revision_target(struct stance_target *t, stance_db *db, sqlite3_stmt *rev)
{
	int rc = stance_revision__kind_parse(&t->kind, (const char *)sqlite3_column_text(rev, 5));

	t->id = sqlite3_column_int64(rev, 7);
	return rc ? rc : stance_revision__target_id(t, db);
}

/* The edit that sets a change back: refused when a later revision changed
 * the member since. */
static int revert_edit(struct stance_edit *e, char *member, size_t size, stance_db *db,
		       const struct stance_target *t, sqlite3_stmt *rev, sqlite3_stmt *ch)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_later), src;
	int is_pos = sqlite3_column_type(ch, 3) != SQLITE_NULL;

	if (rc)
		return rc;
	snprintf(member, size, "%s", sqlite3_column_text(ch, 0));
	stance_db__bind_text(stmt, 1, kind_names[t->kind]);
	sqlite3_bind_int64(stmt, 2, t->id);
	if (is_pos)
		sqlite3_bind_int64(stmt, 3, sqlite3_column_int64(ch, 3));
	stance_db__bind_text(stmt, 4, member);
	stance_db__bind_text(stmt, 5, (const char *)sqlite3_column_text(rev, 2));
	stance_db__bind_text(stmt, 6, (const char *)sqlite3_column_text(rev, 1));
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		rc = stance__error(STANCE_ECONFLICT, "revision %.8s changed %s of %s %.*s since; "
				   "revert that one first", sqlite3_column_text(stmt, 0), member,
				   kind_names[t->kind], is_entity(t->kind) ? 32 : 8,
				   t->key);
	else if (src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the history");
	sqlite3_reset(stmt);
	/* a position is named by the issue's slug of today */
	if (!rc && is_pos && !(rc = stance_db__prepare(db, &stmt, sql_issue_slug))) {
		sqlite3_bind_int64(stmt, 1, sqlite3_column_int64(ch, 3));
		if (sqlite3_step(stmt) == SQLITE_ROW)
			snprintf(member, size, STANCE_POSITIONS_MEMBER "%s", sqlite3_column_text(stmt, 0));
		sqlite3_reset(stmt);
	}
	e->member = member;
	e->to = rc ? NULL : json_loads((const char *)sqlite3_column_text(ch, 1), JSON_DECODE_ANY,
				       NULL);
	if (!rc && !e->to)
		rc = stance__error(STANCE_EINTERNAL, "revision %s holds invalid JSON",
				   sqlite3_column_text(rev, 1));
	return rc;
}

#define REVERT_MAX 64

static int revert_edits(struct stance_edit *edits, char (*members)[64], size_t *n,
			stance_db *db, const struct stance_target *t, sqlite3_stmt *rev)
{
	sqlite3_stmt *ch;
	int rc = stance_db__prepare(db, &ch, sql_changes), src;

	*n = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(ch, 1, sqlite3_column_int64(rev, 0));
	while (!rc && (src = sqlite3_step(ch)) == SQLITE_ROW) {
		if (*n == REVERT_MAX) {
			rc = stance__error(STANCE_EINVALID, "revision changes too many members");
			break;
		}
		rc = revert_edit(&edits[*n], members[*n], sizeof(members[0]), db, t, rev, ch);
		(*n)++;
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading a revision");
	sqlite3_reset(ch);
	return rc;
}

int stance_revision_revert(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *rev,
			   const stance_change_options *co)
{
	struct stance_edit edits[REVERT_MAX] = { { 0 } };
	char full[STANCE_UUID_LEN + 1], members[REVERT_MAX][64], reason[64];
	stance_change_options own_co;
	struct stance_target t = { 0 };
	sqlite3_stmt *stmt;
	size_t n = 0;
	int own = 0, rc, src;

	stance__error_clear();
	rc = stance_db__write_begin(db, &own);
	if (!rc)
		rc = stance_revision_resolve(full, db, rev);
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_revision_get);
	if (rc)
		return stance_db__write_end(db, own, rc);
	stance_db__bind_text(stmt, 1, full);
	src = sqlite3_step(stmt);
	rc = src == SQLITE_ROW ? revision_target(&t, db, stmt) :
		stance__error_sqlite(db->conn, src, "reading a revision");
	if (!rc)
		rc = revert_edits(edits, members, &n, db, &t, stmt);
	sqlite3_reset(stmt);
	if (!rc && co && !co->reason) {
		own_co = *co;
		snprintf(reason, sizeof(reason), "revert of %.8s", full);
		own_co.reason = reason;
		co = &own_co;
	}
	if (!rc)
		rc = stance_revision__apply(out_rev, db, &t, edits, n, co, 0);
	else
		stance_revision__edits_free(edits, n);
	return stance_db__write_end(db, own, rc);
}

static const char sql_oldest[] =
	"SELECT id, uuid, at, author, reason, target_kind, target_key FROM revision"
	" ORDER BY at, uuid";

int stance_revision__foreach_oldest(stance_db *db,
				    int (*fn)(const stance_revision *r, void *ctx), void *ctx)
{
	stance_revision *r;
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_oldest), src;

	if (rc)
		return rc;
	while (!rc && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		rc = read_revision(&r, db, stmt, 0);
		if (!rc)
			rc = fn(r, ctx);
		stance_revision_free(r);
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the history");
	sqlite3_reset(stmt);
	return rc;
}
