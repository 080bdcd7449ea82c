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
		failed = set_string(obj, info->fields[i].name, e->field[i]) != 0;
	return finish(obj, failed);
}

static json_t *position_json(const stance_position *p)
{
	json_t *obj = json_object();
	int failed = !obj;

	failed = failed || json_object_set_new(obj, "issue", json_string(p->issue));
	failed = failed || set_string(obj, "stance", stance_stance_name(p->stance));
	failed = failed || json_object_set_new(obj, "red_line", json_boolean(p->red_line));
	failed = failed || set_string(obj, "condition", p->condition);
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

const char *stance_snapshot_kind_name(enum stance_snapshot_kind kind)
{
	if (kind == STANCE_SNAPSHOT_STATEMENTS)
		return "statements";
	if ((unsigned)kind < STANCE_ENTITY_TYPES)
		return stance_entity_info_get((stance_entity_type)kind)->plural;
	return NULL;
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
	return finish(obj, failed);
}

/* ---- export ---------------------------------------------------------- */

/* Array items are dumped by jansson with 2-space indentation and then
 * shifted right by the depth of an item in the document. */
#define ITEM_INDENT "    "
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

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

int stance_snapshot_export(stance_db *db, FILE *out)
{
	static const stance_statement_filter all = {
		.version = STANCE_STATEMENT_FILTER_VERSION, .include_retracted = 1
	};
	struct exporter x = { db, out, 0 };
	char now[25], head[160];
	int own, rc;

	stance__error_clear();
	/* one read transaction, so that the snapshot is of one moment */
	rc = stance_db__read_begin(db, &own);
	if (rc)
		return rc;
	stance_timestamp_now(now);
	snprintf(head, sizeof(head),
		 "{\n  \"format\": \"%s\",\n  \"version\": %d,\n  \"exported_at\": \"%s\"",
		 STANCE_SNAPSHOT_FORMAT, STANCE_SNAPSHOT_VERSION, now);
	rc = puts_x(&x, head);
	for (int t = 0; !rc && t < STANCE_ENTITY_TYPES; t++) {
		rc = begin_array(&x, stance_entity_info_get(t)->plural);
		if (!rc)
			rc = stance_entity_foreach(db, t, export_entity, &x);
		if (!rc)
			rc = end_array(&x);
	}
	if (!rc)
		rc = begin_array(&x, "statements");
	if (!rc)
		rc = stance_statement_foreach(db, &all, export_statement, &x);
	if (!rc)
		rc = end_array(&x);
	if (!rc)
		rc = puts_x(&x, "\n}\n");
	if (!rc && fflush(out) != 0)
		rc = write_failed();
	return stance_db__read_end(db, own, rc);
}
