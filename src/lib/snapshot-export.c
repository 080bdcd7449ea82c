/*
 * snapshot-export.c - the JSON shapes of entities, statements and import
 * summaries, and the streaming export of a whole database as a snapshot
 * (docs/snapshot.md). The export writes one item at a time, so its memory
 * does not grow with the database.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asknown-internal.h"
#include "bargain-internal.h"
#include "entity-internal.h"
#include "revision-internal.h"
#include "snapshot-internal.h"

/* ---- shapes ---------------------------------------------------------- */

json_t *stance_snapshot__string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* json_object_set_new() steals the value even when it fails, and fails on a
 * NULL value, so a chain of sets only needs its result checked once. */
static json_t *finish(json_t *v, int failed)
{
	if (failed) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/* Sets member name to the string s, or to null for NULL. */
static int set_string(json_t *obj, const char *name, const char *s)
{
	return json_object_set_new(obj, name, stance_snapshot__string_or_null(s));
}

json_t *stance_snapshot_entity_json(const stance_entity *e)
{
	const stance_entity_info *info = stance_entity_info_get(e->type);
	json_t *obj = json_object();
	int failed = !obj || !info;

	for (size_t i = 0; !failed && i < info->nfields; i++)
		failed = json_object_set_new(obj, info->fields[i].name,
					     stance_entity__field_json(e->type, i, e->field[i])) != 0;
	failed = failed || set_string(obj, "created_at", e->created_at);
	failed = failed || set_string(obj, "created_by", e->created_by);
	failed = failed || json_object_set_new(obj, "removed", json_boolean(e->removed));
	return finish(obj, failed);
}

/* {"issue", then the members of a position's value (revision.c)} */
static json_t *position_json(const stance_position *p)
{
	json_t *value = stance_revision__position_json(p), *obj = json_object();
	int failed = !obj || !value;

	failed = failed || json_object_set_new(obj, "issue", json_string(p->issue));
	failed = failed || json_object_update(obj, value) != 0;
	json_decref(value);
	return finish(obj, failed);
}

static json_t *retraction_json(const stance_retraction *r)
{
	json_t *obj;
	int failed;

	if (!r)
		return json_null();
	obj = json_object();
	failed = !obj;
	failed = failed || json_object_set_new(obj, "at", json_string(r->at));
	failed = failed || json_object_set_new(obj, "by", json_string(r->by));
	failed = failed || json_object_set_new(obj, "reason", json_string(r->reason));
	return finish(obj, failed);
}

static json_t *positions_json(const stance_statement *st)
{
	json_t *arr = json_array();
	int failed = !arr;

	for (size_t i = 0; !failed && i < st->npositions; i++)
		failed = json_array_append_new(arr, position_json(&st->positions[i])) != 0;
	return finish(arr, failed);
}

json_t *stance_snapshot_statement_json(const stance_statement *st)
{
	json_t *obj = json_object();
	int failed = !obj;

	failed = failed || json_object_set_new(obj, "id", json_string(st->id));
	failed = failed || set_string(obj, "party", st->party);
	failed = failed || set_string(obj, "actor", st->actor);
	failed = failed || json_object_set_new(obj, "said_on", json_string(st->said_on));
	failed = failed || json_object_set_new(obj, "kind", json_string(st->kind ? st->kind :
									   stance_statement_kinds[0]));
	failed = failed || json_object_set_new(obj, "text", json_string(st->text));
	failed = failed || set_string(obj, "source", st->source);
	failed = failed || set_string(obj, "url", st->url);
	failed = failed || json_object_set_new(obj, "credibility", st->credibility ?
					       json_integer(st->credibility) : json_null());
	failed = failed || set_string(obj, "recorded_by", st->recorded_by);
	failed = failed || set_string(obj, "recorded_at", st->recorded_at);
	failed = failed || json_object_set_new(obj, "retracted", retraction_json(st->retracted));
	failed = failed || json_object_set_new(obj, "positions", positions_json(st));
	return finish(obj, failed);
}

static json_t *number_or_null(int has, double v)
{
	return has ? stance_bargain__number_json(v) : json_null();
}

json_t *stance_snapshot_assessment_json(const stance_assessment *a)
{
	json_t *obj = json_object();
	int failed = !obj;

	failed = failed || json_object_set_new(obj, "id", json_string(a->id));
	failed = failed || set_string(obj, "party", a->party);
	failed = failed || set_string(obj, "issue", a->issue);
	failed = failed || json_object_set_new(obj, "salience",
					       number_or_null(a->has_salience, a->salience));
	failed = failed || json_object_set_new(obj, "capability",
					       number_or_null(a->has_capability, a->capability));
	failed = failed || set_string(obj, "date", a->date);
	failed = failed || set_string(obj, "reason", a->reason);
	failed = failed || set_string(obj, "recorded_by", a->recorded_by);
	failed = failed || set_string(obj, "recorded_at", a->recorded_at);
	failed = failed || json_object_set_new(obj, "retracted", retraction_json(a->retracted));
	return finish(obj, failed);
}

json_t *stance_snapshot_outcome_json(const stance_outcome *o)
{
	json_t *obj = json_object();
	int failed = !obj;

	failed = failed || json_object_set_new(obj, "id", json_string(o->id));
	failed = failed || set_string(obj, "issue", o->issue);
	failed = failed || set_string(obj, "date", o->date);
	failed = failed || json_object_set_new(obj, "point", number_or_null(1, o->point));
	failed = failed || set_string(obj, "text", o->text);
	failed = failed || set_string(obj, "source", o->source);
	failed = failed || set_string(obj, "recorded_by", o->recorded_by);
	failed = failed || set_string(obj, "recorded_at", o->recorded_at);
	failed = failed || json_object_set_new(obj, "retracted", retraction_json(o->retracted));
	return finish(obj, failed);
}

const char *stance_snapshot_kind_name(enum stance_snapshot_kind kind)
{
	static const char *const names[] = {
		[STANCE_SNAPSHOT_STATEMENTS] = "statements",
		[STANCE_SNAPSHOT_POSITIONS] = "positions",
		[STANCE_SNAPSHOT_REVISIONS] = "revisions",
		[STANCE_SNAPSHOT_ASSESSMENTS] = "assessments",
		[STANCE_SNAPSHOT_OUTCOMES] = "outcomes",
	};

	if ((unsigned)kind < STANCE_ENTITY_TYPES)
		return stance_entity_info_get((stance_entity_type)kind)->plural;
	if ((unsigned)kind < STANCE_SNAPSHOT_KINDS)
		return names[kind];
	return NULL;
}

void stance_snapshot_summary_clear(stance_snapshot_summary *s)
{
	if (!s)
		return;
	json_decref(s->resolved);
	json_decref(s->contradictions);
	s->resolved = s->contradictions = NULL;
}

/* {"parties": n, ..., "statements": n} */
static json_t *counts_json(const size_t *counts)
{
	json_t *obj = json_object();
	int failed = !obj;

	for (int k = 0; !failed && k < STANCE_SNAPSHOT_KINDS; k++)
		failed = json_object_set_new(obj, stance_snapshot_kind_name(k),
					     json_integer((json_int_t)counts[k])) != 0;
	return finish(obj, failed);
}

json_t *stance_snapshot_summary_json(const stance_snapshot_summary *s)
{
	json_t *obj = json_object();
	int failed = !obj;

	failed = failed || json_object_set_new(obj, "added", counts_json(s->added));
	failed = failed || json_object_set_new(obj, "unchanged", counts_json(s->unchanged));
	failed = failed || json_object_set_new(obj, "retracted",
					       json_integer((json_int_t)s->retracted));
	failed = failed || json_object_set_new(obj, "resolved", s->resolved ?
					       json_incref(s->resolved) : json_array());
	return finish(obj, failed);
}

/* ---- export ---------------------------------------------------------- */

/* Array items are dumped by jansson with 2-space indentation and then
 * shifted right by the depth of an item in the document. */
#define ITEM_INDENT "    "
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

struct exporter {
	stance_db *db;
	FILE *out;
	size_t items;   /* written in the open array */
};

static int write_failed(void)
{
	return stance__error(STANCE_EIO, "cannot write the snapshot: %s",
			     strerror(errno ? errno : EIO));
}

static int put(struct exporter *x, const char *s, size_t len)
{
	errno = 0;
	if (len && fwrite(s, 1, len, x->out) != len)
		return write_failed();
	return 0;
}

static int puts_x(struct exporter *x, const char *s)
{
	return put(x, s, strlen(s));
}

/* json_dump_callback() target: the text of one item, each line after the
 * first indented to the item's depth. */
static int dump_item(const char *buf, size_t size, void *data)
{
	struct exporter *x = data;

	while (size) {
		const char *nl = memchr(buf, '\n', size);
		size_t n = nl ? (size_t)(nl - buf) + 1 : size;

		if (put(x, buf, n) || (nl && puts_x(x, ITEM_INDENT)))
			return -1;
		buf += n;
		size -= n;
	}
	return 0;
}

/* Writes one array item and releases it (steals the reference; NULL is a
 * memory failure). */
static int write_item(struct exporter *x, json_t *item)
{
	int rc;

	if (!item)
		return stance__error(STANCE_ENOMEM, "out of memory");
	rc = puts_x(x, x->items ? ",\n" ITEM_INDENT : "\n" ITEM_INDENT);
	if (!rc && json_dump_callback(item, dump_item, x, DUMP_FLAGS) != 0)
		rc = ferror(x->out) ? write_failed() : stance__error(STANCE_ENOMEM, "out of memory");
	json_decref(item);
	x->items++;
	return rc;
}

static int begin_array(struct exporter *x, const char *name)
{
	x->items = 0;
	return puts_x(x, ",\n  \"") || puts_x(x, name) || puts_x(x, "\": [") ? STANCE_EIO : 0;
}

static int end_array(struct exporter *x)
{
	return puts_x(x, x->items ? "\n  ]" : "]");
}

static int export_entity(const stance_entity *e, void *ctx)
{
	return write_item(ctx, stance_snapshot_entity_json(e));
}

static int export_statement(const stance_statement *st, void *ctx)
{
	return write_item(ctx, stance_snapshot_statement_json(st));
}

static const char sql_aliases[] =
	"SELECT a.kind, a.slug, coalesce(p.slug, ac.slug, s.slug, i.slug) FROM alias AS a"
	" LEFT JOIN party AS p ON a.kind = 'party' AND p.id = a.entity_id"
	" LEFT JOIN actor AS ac ON a.kind = 'actor' AND ac.id = a.entity_id"
	" LEFT JOIN source AS s ON a.kind = 'source' AND s.id = a.entity_id"
	" LEFT JOIN issue AS i ON a.kind = 'issue' AND i.id = a.entity_id"
	" ORDER BY a.kind, a.slug";

static int export_aliases(struct exporter *x)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(x->db, &stmt, sql_aliases), src;

	if (rc)
		return rc;
	while (!rc && (src = sqlite3_step(stmt)) == SQLITE_ROW)
		rc = write_item(x, json_pack("{s:s, s:s, s:s?}",
					     "kind", (const char *)sqlite3_column_text(stmt, 0),
					     "slug", (const char *)sqlite3_column_text(stmt, 1),
					     "entity", (const char *)sqlite3_column_text(stmt, 2)));
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(x->db->conn, src, "reading the aliases");
	sqlite3_reset(stmt);
	return rc;
}

json_t *stance_snapshot_revision_json(const stance_revision *r)
{
	json_t *obj = json_object(), *changes = json_array();
	int failed = !obj || !changes;

	for (size_t i = 0; !failed && i < r->nchanges; i++) {
		json_t *from = json_loads(r->changes[i].from, JSON_DECODE_ANY, NULL);
		json_t *to = json_loads(r->changes[i].to, JSON_DECODE_ANY, NULL);

		failed = !from || !to ||
			json_array_append_new(changes, json_pack("{s:s, s:o, s:o}", "member",
								 r->changes[i].member, "from", from,
								 "to", to)) != 0;
		if (failed) {
			json_decref(from);
			json_decref(to);
		}
	}
	failed = failed || set_string(obj, "id", r->id);
	failed = failed || set_string(obj, "at", r->at);
	failed = failed || set_string(obj, "by", r->by);
	failed = failed || set_string(obj, "reason", r->reason);
	failed = failed || json_object_set_new(obj, "target",
					       json_pack("{s:s, s:s}", "kind",
							 stance_target_kind_name(r->kind), "key", r->key));
	if (!failed && r->created) {
		failed = json_object_set_new(obj, "changes", json_array()) ||
			json_object_set_new(obj, "created", json_true());
		json_decref(changes);
		changes = NULL;
	}
	if (changes)
		failed = failed || json_object_set_new(obj, "changes", changes);
	else if (failed)
		json_decref(changes);
	return finish(obj, failed);
}

static int export_assessment(const stance_assessment *a, void *ctx)
{
	return write_item(ctx, stance_snapshot_assessment_json(a));
}

static int export_outcome(const stance_outcome *o, void *ctx)
{
	return write_item(ctx, stance_snapshot_outcome_json(o));
}

/* Assessments and outcomes, retracted ones included, in the order (date,
 * recorded_at, id). */
static int export_bargaining(struct exporter *x)
{
	stance_assessment_filter af = STANCE_ASSESSMENT_FILTER_INIT;
	stance_outcome_filter of = STANCE_OUTCOME_FILTER_INIT;
	int rc = begin_array(x, "assessments");

	af.include_retracted = 1;
	of.include_retracted = 1;
	if (!rc)
		rc = stance_assessment_foreach(x->db, &af, export_assessment, x);
	if (!rc)
		rc = end_array(x);
	if (!rc)
		rc = begin_array(x, "outcomes");
	if (!rc)
		rc = stance_outcome_foreach(x->db, &of, export_outcome, x);
	return rc ? rc : end_array(x);
}

static int export_revision(const stance_revision *r, void *ctx)
{
	return write_item(ctx, stance_snapshot_revision_json(r));
}

static int export_entities(struct exporter *x)
{
	int rc = 0;

	for (int t = 0; !rc && t < STANCE_ENTITY_TYPES; t++) {
		rc = begin_array(x, stance_entity_info_get(t)->plural);
		if (!rc)
			rc = stance_entity__foreach(x->db, t, 1, export_entity, x);
		if (!rc)
			rc = end_array(x);
	}
	if (!rc)
		rc = begin_array(x, "aliases");
	if (!rc)
		rc = export_aliases(x);
	return rc ? rc : end_array(x);
}

int stance_snapshot_export(stance_db *db, FILE *out)
{
	return stance_snapshot_export_opts(db, out, NULL);
}

int stance_snapshot_export_opts(stance_db *db, FILE *out, const stance_export_options *o)
{
	static const stance_statement_filter all = {
		.version = STANCE_STATEMENT_FILTER_VERSION, .include_retracted = 1
	};
	struct exporter x = { db, out, 0 };
	char now[25], head[160];
	int own, known = 0, rc;

	stance__error_clear();
	if (o && (rc = stance__check_version(o->version, STANCE_EXPORT_OPTIONS_VERSION,
					     "stance_export_options")))
		return rc;
	/* one read transaction, so that the snapshot is of one moment; as
	 * known, the same queries read the views of asknown.c */
	rc = stance_db__read_begin(db, &own);
	if (!rc && o && o->as_known)
		rc = stance_asknown__begin(db, o->as_known, &known);
	if (rc) {
		if (known)
			rc = stance_asknown__end(db, known, rc);
		return stance_db__read_end(db, own, rc);
	}
	stance_timestamp_now(now);
	snprintf(head, sizeof(head),
		 "{\n  \"format\": \"%s\",\n  \"version\": %d,\n  \"exported_at\": \"%s\"",
		 STANCE_SNAPSHOT_FORMAT, STANCE_SNAPSHOT_VERSION, now);
	rc = puts_x(&x, head);
	if (!rc)
		rc = export_entities(&x);
	if (!rc)
		rc = begin_array(&x, "statements");
	if (!rc)
		rc = stance_statement_foreach(db, &all, export_statement, &x);
	if (!rc)
		rc = end_array(&x);
	if (!rc)
		rc = export_bargaining(&x);
	if (!rc)
		rc = begin_array(&x, "revisions");
	if (!rc)
		rc = stance_revision__foreach_oldest(db, export_revision, &x);
	if (!rc)
		rc = end_array(&x);
	if (!rc)
		rc = puts_x(&x, "\n}\n");
	if (!rc && fflush(out) != 0)
		rc = write_failed();
	rc = stance_asknown__end(db, known, rc);
	return stance_db__read_end(db, own, rc);
}
