/*
 * snapshot.c - JSON snapshots: the shapes of entities and statements, the
 * streaming export, and the validating, merging import (docs/snapshot.md).
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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common-internal.h"
#include "entity-internal.h"
#include "jsonstream-internal.h"
#include "statement-internal.h"
#include "stance/snapshot.h"

/* ---- shapes ---------------------------------------------------------- */

static json_t *string_or_null(const char *s)
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

json_t *stance_snapshot_entity_json(const stance_entity *e)
{
	const stance_entity_info *info = stance_entity_info_get(e->type);
	json_t *obj = json_object();
	int failed = !obj || !info;

	for (size_t i = 0; !failed && i < info->nfields; i++)
		failed = json_object_set_new(obj, info->fields[i].name,
					     string_or_null(e->field[i])) != 0;
	return finish(obj, failed);
}

static json_t *position_json(const stance_position *p)
{
	json_t *obj = json_object();
	int failed = !obj;

	failed = failed || json_object_set_new(obj, "issue", json_string(p->issue));
	failed = failed || json_object_set_new(obj, "stance",
					       string_or_null(stance_stance_name(p->stance)));
	failed = failed || json_object_set_new(obj, "red_line", json_boolean(p->red_line));
	failed = failed || json_object_set_new(obj, "condition", string_or_null(p->condition));
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
	failed = failed || json_object_set_new(obj, "party", string_or_null(st->party));
	failed = failed || json_object_set_new(obj, "actor", string_or_null(st->actor));
	failed = failed || json_object_set_new(obj, "said_on", json_string(st->said_on));
	failed = failed || json_object_set_new(obj, "kind", json_string(st->kind ? st->kind :
									   stance_statement_kinds[0]));
	failed = failed || json_object_set_new(obj, "text", json_string(st->text));
	failed = failed || json_object_set_new(obj, "source", string_or_null(st->source));
	failed = failed || json_object_set_new(obj, "url", string_or_null(st->url));
	failed = failed || json_object_set_new(obj, "credibility", st->credibility ?
					       json_integer(st->credibility) : json_null());
	failed = failed || json_object_set_new(obj, "recorded_by", string_or_null(st->recorded_by));
	failed = failed || json_object_set_new(obj, "recorded_at", string_or_null(st->recorded_at));
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
	return stance_error(STANCE_EIO, "cannot write the snapshot: %s",
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
		return stance_error(STANCE_ENOMEM, "out of memory");
	rc = puts_x(x, x->items ? ",\n" ITEM_INDENT : "\n" ITEM_INDENT);
	if (!rc && json_dump_callback(item, dump_item, x, DUMP_FLAGS) != 0)
		rc = ferror(x->out) ? write_failed() : stance_error(STANCE_ENOMEM, "out of memory");
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

static const char sql_begin_read[] = "BEGIN";
static const char sql_commit[] = "COMMIT";

/* Runs BEGIN or COMMIT through the statement cache. */
static int exec_sql(stance_db *db, const char *sql, const char *what)
{
	sqlite3_stmt *stmt;
	int rc = stance_db_prepare(db, &stmt, sql);

	return rc ? rc : stance_db_exec_stmt(db, stmt, what);
}

int stance_snapshot_export(stance_db *db, FILE *out)
{
	static const stance_statement_filter all = { .include_retracted = 1 };
	struct exporter x = { db, out, 0 };
	char now[25], head[160];
	int own, rc;

	stance_error_clear();
	/* one read transaction, so that the snapshot is of one moment */
	own = !db->in_txn && sqlite3_get_autocommit(db->conn);
	if (own && (rc = exec_sql(db, sql_begin_read, "starting to export")))
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
	if (own) {
		if (rc)
			stance_db_rollback(db);
		else
			rc = exec_sql(db, sql_commit, "finishing the export");
	}
	return rc;
}

/* ---- messages -------------------------------------------------------- */

/* A JSON path or value for a message, cut to about 200 bytes on a UTF-8
 * character boundary. */
#define SHOW_MAX 200

typedef struct { char s[SHOW_MAX + 8]; } shown;

static shown show_text(const char *text)
{
	shown out;
	size_t len = strlen(text);

	if (len <= SHOW_MAX) {
		memcpy(out.s, text, len + 1);
		return out;
	}
	len = SHOW_MAX;
	while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
		len--;
	memcpy(out.s, text, len);
	memcpy(out.s + len, "...", 4);
	return out;
}

/* v as compact JSON: "Russia", null, 2, [...]. */
static shown show(const json_t *v)
{
	char *text = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER) : NULL;
	shown out = show_text(text ? text : "null");

	free(text);
	return out;
}

/* A string as a JSON string, for messages. */
static shown show_string(const char *s)
{
	json_t *v = string_or_null(s);
	shown out = show(v);

	json_decref(v);
	return out;
}

/* Puts "path: " in front of the last error message; returns rc. The
 * messages of the input rules quote values as given, and a snapshot's may
 * hold control characters: the message stays one line. */
static int at_path(int rc, const char *path)
{
	char msg[4096];

	snprintf(msg, sizeof(msg), "%s", stance_error_last());
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	return stance_error(rc, "%s: %s", path, msg);
}

static int fail(int rc, const char *path, const char *fmt, ...) STANCE_PRINTF(3, 4);

/* Sets the error "path: message"; returns rc. */
static int fail(int rc, const char *path, const char *fmt, ...)
{
	char msg[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return stance_error(rc, "%s: %s", path, msg);
}

/* A path "base.member" (or "base[index]" when member is NULL). */
typedef struct { char s[SHOW_MAX + 80]; } path_t;

static path_t path_format(const char *fmt, ...) STANCE_PRINTF(1, 2);

/* A path cut short is still a fine prefix in a message. */
static path_t path_format(const char *fmt, ...)
{
	path_t p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p.s, sizeof(p.s), fmt, ap);
	va_end(ap);
	return p;
}

/* base.member, or base["member"] for a name that is not an identifier. */
static path_t path_member(const char *base, const char *member)
{
	size_t i = 0;

	while ((member[i] >= 'a' && member[i] <= 'z') || (member[i] >= 'A' && member[i] <= 'Z') ||
	       member[i] == '_' || (i > 0 && member[i] >= '0' && member[i] <= '9'))
		i++;
	if (i > 0 && !member[i])
		return path_format("%s.%s", base, show_text(member).s);
	return path_format("%s[%s]", base, show_string(member).s);
}

static path_t path_index(const char *base, size_t index)
{
	return path_format("%s[%zu]", base, index);
}

static int conflict(const char *path, const json_t *ours, const json_t *theirs)
{
	return fail(STANCE_ECONFLICT, path, "snapshot has %s, database has %s",
		    show(ours).s, show(theirs).s);
}

/* ---- checking the shape of objects ----------------------------------- */

enum {
	T_STRING = 1 << 0,
	T_INTEGER = 1 << 1,
	T_BOOLEAN = 1 << 2,
	T_OBJECT = 1 << 3,
	T_ARRAY = 1 << 4,
	T_NULL = 1 << 5,
	T_REAL = 1 << 6
};

struct member {
	const char *name;
	unsigned types;   /* T_* allowed */
	int required;     /* must be present (null only when types allow it) */
};

static unsigned type_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING: return T_STRING;
	case JSON_INTEGER: return T_INTEGER;
	case JSON_TRUE:
	case JSON_FALSE: return T_BOOLEAN;
	case JSON_OBJECT: return T_OBJECT;
	case JSON_ARRAY: return T_ARRAY;
	case JSON_REAL: return T_REAL;
	default: return T_NULL;
	}
}

static const char *const type_names[] = {
	"a string", "an integer", "a boolean", "an object", "an array", "null", "a number"
};

/* "a string or null" */
static void describe_types(char *buf, size_t size, unsigned types)
{
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (types & (1u << i))
			len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
						len ? " or " : "", type_names[i]);
}

static const char *type_name(const json_t *v)
{
	unsigned t = type_of(v);

	for (unsigned i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (t == 1u << i)
			return type_names[i];
	return "a value";
}

static int wrong_type(const char *path, const json_t *v, unsigned types)
{
	char want[128];

	describe_types(want, sizeof(want), types);
	return fail(STANCE_EINVALID, path, "expected %s, found %s", want, type_name(v));
}

static int unknown_member(const char *path, const struct member *m, size_t n)
{
	char known[256];
	size_t len = 0;

	known[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(known + len, len < sizeof(known) ? sizeof(known) - len : 0,
					"%s%s", i ? ", " : "", m[i].name);
	return fail(STANCE_EINVALID, path, "unknown member (known: %s)", known);
}

/* Checks that obj is an object whose members are all among the n known
 * ones, of their types, with the required ones present. */
static int check_object(const json_t *obj, const char *path, const struct member *m, size_t n)
{
	const char *key;
	json_t *value;

	if (!json_is_object(obj))
		return wrong_type(path, obj, T_OBJECT);
	json_object_foreach((json_t *)obj, key, value) {
		size_t i;

		for (i = 0; i < n && strcmp(m[i].name, key) != 0; i++)
			;
		if (i < n) {
			if (!(type_of(value) & m[i].types))
				return wrong_type(path_member(path, key).s, value, m[i].types);
			continue;
		}
		return unknown_member(path_member(path, key).s, m, n);
	}
	for (size_t i = 0; i < n; i++)
		if (m[i].required && !json_object_get(obj, m[i].name))
			return fail(STANCE_EINVALID, path_member(path, m[i].name).s,
				    "required member is missing");
	return 0;
}

/* The string value of a member, NULL when absent or null. The string is
 * borrowed from obj; the cast is for the library's structs, which are
 * never written through it. */
static char *member_string(const json_t *obj, const char *name)
{
	return (char *)json_string_value(json_object_get(obj, name));
}

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

enum top_member {
	TOP_FORMAT,
	TOP_VERSION,
	TOP_EXPORTED_AT,
	TOP_PARTIES,   /* the four entity arrays, in the order of their types */
	TOP_STATEMENTS = TOP_PARTIES + STANCE_ENTITY_TYPES,
	TOP_MEMBERS
};

#define TOP_BIT(m) (1u << (m))
#define TOP_ENTITIES (((1u << STANCE_ENTITY_TYPES) - 1) << TOP_PARTIES)

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
	const char *msg = stance_jsr_error(im->r);

	/* outside the top-level object the reader knows no path: it is $ */
	return stance_error(rc, "%s%s", msg[0] == '$' ? "" : "$: ", msg);
}

/* ---- import: entities ------------------------------------------------ */

static int entity_cmp(const void *a, const void *b)
{
	const struct snap_entity *x = a, *y = b;
	int c = strcmp(x->e.field[0], y->e.field[0]);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static struct snap_entity *entity_find(struct entity_list *l, const char *slug)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(l->v[mid].e.field[0], slug);

		if (c == 0)
			return &l->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static path_t entity_path(stance_entity_type type, size_t index)
{
	return path_format("$.%s[%zu]", stance_entity_info_get(type)->plural, index);
}

/* Reads one element of an entity array into the list. */
static int read_entity(struct import *im, stance_entity_type type, const json_t *obj)
{
	const stance_entity_info *info = stance_entity_info_get(type);
	struct entity_list *l = &im->ents[type];
	struct member m[STANCE_ENTITY_MAX_FIELDS];
	struct snap_entity *se;
	path_t path = entity_path(type, l->n);
	int rc;

	for (size_t i = 0; i < info->nfields; i++) {
		m[i].name = info->fields[i].name;
		m[i].types = info->fields[i].required ? T_STRING : T_STRING | T_NULL;
		m[i].required = info->fields[i].required;
	}
	rc = check_object(obj, path.s, m, info->nfields);
	if (rc)
		return rc;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct snap_entity *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return stance_error(STANCE_ENOMEM, "out of memory");
		l->v = v;
		l->cap = cap;
	}
	se = &l->v[l->n++];
	memset(se, 0, sizeof(*se));
	se->e.type = type;
	se->index = l->n - 1;
	for (size_t i = 0; i < info->nfields; i++) {
		const char *v = member_string(obj, info->fields[i].name);

		if (json_object_get(obj, info->fields[i].name))
			se->present |= 1u << i;
		if (v && !(se->e.field[i] = strdup(v)))
			return stance_error(STANCE_ENOMEM, "out of memory");
		rc = stance_entity_validate_field(type, i, v);
		if (rc)
			return at_path(rc, path_member(path.s, info->fields[i].name).s);
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
	int rc = stance_db_prepare(im->db, &stmt, sql_slugs[type]), src;

	free_slugs(t);
	if (rc)
		return rc;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (t->n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct slug_row *v = realloc(t->v, ncap * sizeof(*v));

			if (!v) {
				rc = stance_error(STANCE_ENOMEM, "out of memory");
				break;
			}
			t->v = v;
			cap = ncap;
		}
		t->v[t->n].slug = stance_column_dup(stmt, 0, &rc);
		t->v[t->n].id = sqlite3_column_int64(stmt, 1);
		t->v[t->n].party = sqlite3_column_int64(stmt, 2);
		if (rc) {
			rc = stance_error(STANCE_ENOMEM, "out of memory");
			break;
		}
		t->n++;
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance_error_sqlite(im->db->conn, src, "reading slugs");
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

static const struct slug_row *slug_find(const struct slug_table *t, const char *slug)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->v[mid].slug, slug);

		if (c == 0)
			return &t->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Compares an entity of the snapshot with the database's: each member the
 * snapshot gives, a null or omitted choice meaning its fallback. */
static int compare_entity(const struct snap_entity *se, const stance_entity *db)
{
	const stance_entity_info *info = stance_entity_info_get(se->e.type);
	path_t path = entity_path(se->e.type, se->index);
	int rc = 0;

	for (size_t i = 1; i < info->nfields && !rc; i++) {
		const char *fb = info->fields[i].fallback;
		const char *a = se->e.field[i] ? se->e.field[i] : fb;
		const char *b = db->field[i] ? db->field[i] : fb;
		json_t *ja, *jb;

		if (!(se->present & (1u << i)) || (a == b) || (a && b && strcmp(a, b) == 0))
			continue;
		ja = string_or_null(a);
		jb = string_or_null(b);
		rc = conflict(path_member(path.s, info->fields[i].name).s, ja, jb);
		json_decref(ja);
		json_decref(jb);
	}
	return rc;
}

/* Adds an entity the database lacks; its references must exist by now. */
static int add_entity(struct import *im, struct snap_entity *se)
{
	const stance_entity_info *info = stance_entity_info_get(se->e.type);
	path_t path = entity_path(se->e.type, se->index);
	int rc = 0;

	for (size_t i = 1; i < info->nfields && !rc; i++)
		if (info->fields[i].kind == STANCE_FIELD_REF && se->e.field[i] &&
		    (rc = stance_entity_exists(im->db, info->fields[i].ref, se->e.field[i])))
			return at_path(rc, path_member(path.s, info->fields[i].name).s);
	rc = stance_entity_add(im->db, &se->e);
	if (rc)
		return at_path(rc, path.s);
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
	if (!slug_find(&im->slugs[se->e.type], se->e.field[0]))
		return 0;
	rc = stance_entity_get(&db, im->db, se->e.type, se->e.field[0]);
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
	char chain[1024];
	size_t len = 0;
	struct snap_entity *p = se;

	do {
		len += (size_t)snprintf(chain + len, len < sizeof(chain) ? sizeof(chain) - len : 0,
					"%s -> ", p->e.field[0]);
		p = entity_find(issues, p->e.field[3]);
	} while (p && p != se && len < sizeof(chain));
	return fail(STANCE_EINVALID, path_member(entity_path(STANCE_ISSUE, se->index).s,
						 "parent").s,
		    "the parents of issues form a cycle: %s%s", chain, se->e.field[0]);
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
	while (top->e.field[3] && (p = entity_find(issues, top->e.field[3])) && p->state != 2) {
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
		for (size_t i = 1; i < l->n; i++)
			if (strcmp(l->v[i - 1].e.field[0], l->v[i].e.field[0]) == 0)
				return fail(STANCE_EEXISTS,
					    path_member(entity_path(t, l->v[i].index).s, "slug").s,
					    "duplicate slug '%s' (also at %s)", l->v[i].e.field[0],
					    entity_path(t, l->v[i - 1].index).s);
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

static const struct member statement_members[] = {
	{ "id", T_STRING, 1 },
	{ "party", T_STRING, 1 },
	{ "actor", T_STRING | T_NULL, 0 },
	{ "said_on", T_STRING, 1 },
	{ "kind", T_STRING | T_NULL, 0 },
	{ "text", T_STRING, 1 },
	{ "source", T_STRING | T_NULL, 0 },
	{ "url", T_STRING | T_NULL, 0 },
	{ "credibility", T_INTEGER | T_NULL, 0 },
	{ "recorded_by", T_STRING | T_NULL, 0 },
	{ "recorded_at", T_STRING | T_NULL, 0 },
	{ "retracted", T_OBJECT | T_NULL, 0 },
	{ "positions", T_ARRAY, 1 },
};
#define NSTATEMENT_MEMBERS (sizeof(statement_members) / sizeof(statement_members[0]))

static const struct member retraction_members[] = {
	{ "at", T_STRING, 1 },
	{ "by", T_STRING, 1 },
	{ "reason", T_STRING, 1 },
};

static const struct member position_members[] = {
	{ "issue", T_STRING, 1 },
	{ "stance", T_STRING, 1 },
	{ "red_line", T_BOOLEAN | T_NULL, 0 },
	{ "condition", T_STRING | T_NULL, 0 },
};

#define NMEMBERS(m) (sizeof(m) / sizeof((m)[0]))

/* A stance by its name only: snapshots write names, and the short forms
 * of the command line would be a second spelling of the same value. */
static int stance_by_name(int *value, const char *name, const char *path)
{
	char names[128];
	size_t len = 0;

	for (int v = STANCE_MIN; v <= STANCE_MAX; v++) {
		if (strcmp(stance_stance_name(v), name) == 0) {
			*value = v;
			return 0;
		}
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s",
					v > STANCE_MIN ? ", " : "", stance_stance_name(v));
	}
	return fail(STANCE_EINVALID, path, "invalid stance %s (choose from: %s)",
		    show_string(name).s, names);
}

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
		return stance_error(STANCE_ENOMEM, "out of memory");
	im->pos_cap = n;
	return 0;
}

/* Reads and validates the positions of a statement into im->pos, resolving
 * their issues into im->issue_ids. The error is the one of the first
 * position that breaks a rule, a repeated issue included. */
static int read_positions(struct import *im, const json_t *arr, const char *base)
{
	path_t path = path_member(base, "positions");
	size_t n = json_array_size(arr), nread = 0, at = 0, first = 0;
	int rc = grow_positions(im, n), repeated;

	if (rc)
		return rc;
	for (; nread < n; nread++) {
		const json_t *obj = json_array_get(arr, nread);
		stance_position *p = &im->pos[nread];
		path_t pk = path_index(path.s, nread);
		const struct slug_row *issue;
		const char *member;

		rc = check_object(obj, pk.s, position_members, NMEMBERS(position_members));
		if (rc)
			break;
		p->issue = member_string(obj, "issue");
		p->red_line = json_is_true(json_object_get(obj, "red_line"));
		p->condition = member_string(obj, "condition");
		rc = stance_by_name(&p->stance, member_string(obj, "stance"),
				    path_member(pk.s, "stance").s);
		if (!rc && (rc = stance_position_validate(p, &member)))
			rc = at_path(rc, path_member(pk.s, member).s);
		if (rc)
			break;
		issue = slug_find(&im->slugs[STANCE_ISSUE], p->issue);
		if (!issue) {
			rc = at_path(stance_entity_unknown(im->db, STANCE_ISSUE, p->issue),
				     path_member(pk.s, "issue").s);
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
		path_t pk = path_index(path.s, at);

		return fail(STANCE_EEXISTS, path_member(pk.s, "issue").s,
			    "issue '%s' is given twice (also at %s[%zu]): a statement has at most "
			    "one position per issue", im->pos[at].issue, path.s, first);
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
			rc = stance_entity_unknown(im->db, refs_of[i].type, slugs[i]);
		if (rc)
			return at_path(rc, path_member(base, refs_of[i].member).s);
	}
	if (row[1] && row[1]->party != row[0]->id) {
		const struct slug_row *p = NULL;

		for (size_t i = 0; i < im->slugs[STANCE_PARTY].n && !p; i++)
			if (im->slugs[STANCE_PARTY].v[i].id == row[1]->party)
				p = &im->slugs[STANCE_PARTY].v[i];
		return fail(STANCE_EINVALID, path_member(base, "actor").s,
			    "actor '%s' speaks for party '%s', not for the statement's party '%s'",
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
	int rc = stance_db_prepare(db, &stmt, sql), src;

	if (rc)
		return rc;
	if (param)
		stance_bind_text(stmt, 1, param);
	src = sqlite3_step(stmt);
	*found = src == SQLITE_ROW;
	if (*found)
		*value = sqlite3_column_int64(stmt, 0);
	else if (src != SQLITE_DONE)
		rc = stance_error_sqlite(db->conn, src, "looking up a statement");
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
		rc = exec_sql(im->db, sql_seen_create, "preparing the import");
		if (!rc)
			rc = exec_sql(im->db, sql_seen_clear, "preparing the import");
		if (rc)
			return rc;
		im->seen_table = 1;
	}
	rc = stance_db_prepare(im->db, &stmt, sql_seen_add);
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	rc = stance_db_exec_stmt(im->db, stmt, "importing a statement");
	if (!rc && sqlite3_changes(im->db->conn) == 0)
		rc = fail(STANCE_EEXISTS, path_member(base, "id").s,
			  "duplicate id (the snapshot gives this statement twice)");
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
	path_t path = path_member(base, "positions");
	size_t i = 0, j = 0, n = json_array_size(ours), m = json_array_size(theirs);

	while (i < n || j < m) {
		const json_t *a = json_array_get(ours, i), *b = json_array_get(theirs, j);
		const char *ia = json_string_value(json_object_get(a, "issue"));
		const char *ib = json_string_value(json_object_get(b, "issue"));
		int c = !ia ? 1 : !ib ? -1 : strcmp(ia, ib);
		path_t pa = path_index(path.s, i < n ? order[i].index : 0);
		const char *key;
		json_t *v;

		if (c < 0)
			return fail(STANCE_ECONFLICT, pa.s, "snapshot has %s, database has no "
				    "position on issue '%s'", show(a).s, ia);
		if (c > 0)
			return fail(STANCE_ECONFLICT, path.s, "snapshot has no position on issue "
				    "'%s', database has %s", ib, show(b).s);
		json_object_foreach((json_t *)a, key, v)
			if (!json_equal(v, json_object_get(b, key)))
				return conflict(path_member(pa.s, key).s, v, json_object_get(b, key));
		i++;
		j++;
	}
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
	int rc;

	order = calloc(st->npositions + 1, sizeof(*order));
	sorted = calloc(st->npositions + 1, sizeof(*sorted));
	if (!order || !sorted) {
		rc = stance_error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t k = 0; k < st->npositions; k++) {
		order[k].p = st->positions[k];
		order[k].index = k;
	}
	if (st->npositions)
		qsort(order, st->npositions, sizeof(*order), sorted_position_cmp);
	for (size_t k = 0; k < st->npositions; k++)
		sorted[k] = order[k].p;
	st->positions = sorted;
	rc = stance_statement_get(&db, im->db, st->id);
	if (rc)
		goto done;
	ours = stance_snapshot_statement_json(st);
	theirs = stance_snapshot_statement_json(db);
	if (!ours || !theirs) {
		rc = stance_error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < NSTATEMENT_MEMBERS && !rc; i++) {
		const char *name = statement_members[i].name;
		const json_t *given = json_object_get(obj, name);

		/* recorded_* are filled in when omitted or null: not compared */
		if (!given || strcmp(name, "retracted") == 0 ||
		    (json_is_null(given) && strncmp(name, "recorded_", 9) == 0))
			continue;
		if (strcmp(name, "positions") == 0)
			rc = compare_positions(json_object_get(ours, name),
					       json_object_get(theirs, name), order, base);
		else if (!json_equal(json_object_get(ours, name), json_object_get(theirs, name)))
			rc = conflict(path_member(base, name).s, json_object_get(ours, name),
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
		rc = conflict(path_member(base, "retracted").s, ret,
			      json_object_get(theirs, "retracted"));
	} else {
		rc = stance_statement_retract(im->db, st->id, st->retracted->by,
					      st->retracted->reason, st->retracted->at);
		if (rc)
			rc = at_path(rc, path_member(base, "retracted").s);
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
	char recorded_at[25], retracted_at[25];
	path_t base = path_index("$.statements", index);
	stance_statement st;
	stance_retraction ret;
	stance_statement_refs refs;
	const json_t *cred, *jret;
	const char *member;
	sqlite3_int64 rowid = 0;
	int rc, found;

	memset(&st, 0, sizeof(st));
	rc = check_object(obj, base.s, statement_members, NSTATEMENT_MEMBERS);
	if (rc)
		return rc;
	st.id = member_string(obj, "id");
	st.party = member_string(obj, "party");
	st.actor = member_string(obj, "actor");
	st.said_on = member_string(obj, "said_on");
	st.kind = member_string(obj, "kind");
	st.text = member_string(obj, "text");
	st.source = member_string(obj, "source");
	st.url = member_string(obj, "url");
	st.recorded_by = member_string(obj, "recorded_by");
	st.recorded_at = member_string(obj, "recorded_at");
	if (!st.recorded_by)
		st.recorded_by = (char *)im->analyst;
	if (!st.recorded_at)
		st.recorded_at = im->now;
	cred = json_object_get(obj, "credibility");
	if (json_is_integer(cred)) {
		json_int_t c = json_integer_value(cred);

		/* 0 would read as "none" below */
		if (c < 1 || c > 6)
			return fail(STANCE_EINVALID, path_member(base.s, "credibility").s,
				    "invalid credibility %lld (choose from 1 to 6)", (long long)c);
		st.credibility = (int)c;
	}
	jret = json_object_get(obj, "retracted");
	if (json_is_object(jret)) {
		path_t rp = path_member(base.s, "retracted");

		rc = check_object(jret, rp.s, retraction_members, NMEMBERS(retraction_members));
		if (rc)
			return rc;
		ret.at = member_string(jret, "at");
		ret.by = member_string(jret, "by");
		ret.reason = member_string(jret, "reason");
		st.retracted = &ret;
	}
	rc = stance_statement_validate(&st, recorded_at, retracted_at, &member);
	if (rc)
		return at_path(rc, path_member(base.s, member).s);
	st.recorded_at = recorded_at;
	if (st.retracted)
		ret.at = retracted_at;
	rc = read_positions(im, json_object_get(obj, "positions"), base.s);
	if (rc)
		return rc;
	st.positions = im->pos;
	st.npositions = json_array_size(json_object_get(obj, "positions"));
	rc = resolve_refs(im, &st, base.s, &refs);
	if (!rc)
		rc = query_int(im->db, sql_find_statement, st.id, &rowid, &found);
	if (rc)
		return rc;
	if (!found) {
		rc = stance_statement_insert(im->db, &st, st.id, recorded_at, retracted_at, &refs);
		if (rc)
			return at_path(rc, base.s);
		im->sum.added[STANCE_SNAPSHOT_STATEMENTS]++;
		return 0;
	}
	/* rows above max_rowid were added by this import */
	if (rowid > im->max_rowid)
		return fail(STANCE_EEXISTS, path_member(base.s, "id").s,
			    "duplicate id (the snapshot gives this statement twice)");
	rc = mark_seen(im, rowid, base.s);
	return rc ? rc : merge_statement(im, obj, &st, base.s);
}

/* Keeps a statement that came before the entities it may name, as one
 * line of compact JSON (strings escape their newlines). */
static int spool_statement(struct import *im, const json_t *el)
{
	if (!im->spool && !(im->spool = tmpfile()))
		return stance_error(STANCE_EIO, "cannot create a temporary file: %s",
				    strerror(errno));
	if (json_dumpf(el, im->spool, JSON_COMPACT | JSON_ENCODE_ANY) != 0 ||
	    fputc('\n', im->spool) == EOF)
		return stance_error(STANCE_EIO, "cannot write a temporary file: %s",
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
		rc = stance_error(STANCE_EIO, "cannot read a temporary file: %s", strerror(errno));
		goto done;
	}
	for (size_t i = 0; i < im->nspooled && !rc; i++) {
		json_t *el;

		if (getline(&line, &cap, im->spool) < 0) {
			rc = stance_error(STANCE_EIO, "cannot read a temporary file: %s",
					  strerror(errno ? errno : EIO));
			break;
		}
		el = json_loads(line, JSON_DECODE_ANY, NULL);
		rc = el ? import_statement(im, el, i) : stance_error(STANCE_ENOMEM, "out of memory");
		json_decref(el);
	}
done:
	free(line);
	return rc;
}

/* ---- import: the document -------------------------------------------- */

/* The types are checked by read_header() and the reader's arrays. */
static const struct member top_members[TOP_MEMBERS] = {
	{ "format", T_STRING, 1 },
	{ "version", T_INTEGER, 1 },
	{ "exported_at", T_STRING | T_NULL, 0 },
	{ "parties", T_ARRAY, 1 },
	{ "actors", T_ARRAY, 0 },
	{ "sources", T_ARRAY, 0 },
	{ "issues", T_ARRAY, 1 },
	{ "statements", T_ARRAY, 1 },
};

static int read_header(enum top_member m, const json_t *v)
{
	char ts[25];

	switch (m) {
	case TOP_FORMAT:
		if (!json_is_string(v))
			return wrong_type("$.format", v, T_STRING);
		if (strcmp(json_string_value(v), STANCE_SNAPSHOT_FORMAT) != 0)
			return fail(STANCE_EINVALID, "$.format",
				    "not a stance snapshot: expected \"%s\", found %s",
				    STANCE_SNAPSHOT_FORMAT, show(v).s);
		return 0;
	case TOP_VERSION:
		if (!json_is_integer(v))
			return wrong_type("$.version", v, T_INTEGER);
		if (json_integer_value(v) != STANCE_SNAPSHOT_VERSION)
			return fail(STANCE_EINVALID, "$.version",
				    "unsupported snapshot version %s (this stance reads version %d)",
				    show(v).s, STANCE_SNAPSHOT_VERSION);
		return 0;
	default:
		if (json_is_null(v))
			return 0;
		if (!json_is_string(v))
			return wrong_type("$.exported_at", v, T_STRING | T_NULL);
		if (stance_timestamp_normalize(ts, "exported_at", json_string_value(v)))
			return at_path(STANCE_EINVALID, "$.exported_at");
		return 0;
	}
}

/* Reads the elements of the array member m: entities into their lists,
 * statements merged at once when everything they depend on is known, else
 * spooled. */
static int read_array(struct import *im, enum top_member m)
{
	int ready = (im->seen & (TOP_BIT(TOP_FORMAT) | TOP_BIT(TOP_VERSION) | TOP_ENTITIES)) ==
		    (TOP_BIT(TOP_FORMAT) | TOP_BIT(TOP_VERSION) | TOP_ENTITIES);
	size_t index = 0;
	json_t *el;
	int rc;

	if ((rc = stance_jsr_begin_array(im->r)))
		return reader_failed(im, rc);
	if (m == TOP_STATEMENTS && ready && !im->merged && (rc = merge_entities(im)))
		return rc;
	while (!(rc = stance_jsr_next_element(im->r, &el)) && el) {
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

	while (!(rc = stance_jsr_next_member(im->r, &name)) && name) {
		enum top_member m = 0;
		json_t *v = NULL;

		while (m < TOP_MEMBERS && strcmp(top_members[m].name, name) != 0)
			m++;
		if (m == TOP_MEMBERS)
			return unknown_member(path_member("$", name).s, top_members, TOP_MEMBERS);
		im->seen |= TOP_BIT(m);
		if (m >= TOP_PARTIES) {
			rc = read_array(im, m);
		} else if ((rc = stance_jsr_read_value(im->r, &v))) {
			rc = reader_failed(im, rc);
		} else {
			rc = read_header(m, v);
			json_decref(v);
		}
		if (rc)
			return rc;
	}
	if (rc)
		return reader_failed(im, rc);
	for (int m = 0; m < TOP_MEMBERS; m++)
		if (top_members[m].required && !(im->seen & TOP_BIT(m)))
			return fail(STANCE_EINVALID, path_member("$", top_members[m].name).s,
				    "required member is missing");
	if (!im->merged)
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

	if (!stance_db_prepare(db, &stmt, sql_cache_size)) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			old = sqlite3_column_int(stmt, 0);
		sqlite3_reset(stmt);
	}
	/* a pragma takes no parameters; size is an int we chose */
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %d", size);
	sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
	return old;
}

static const char sql_savepoint[] = "SAVEPOINT stance_import";
static const char sql_release[] = "RELEASE stance_import";
static const char sql_rollback_to[] = "ROLLBACK TO stance_import";

int stance_snapshot_import(stance_snapshot_summary *out, stance_db *db, FILE *in,
			   const char *analyst, unsigned flags)
{
	struct import im;
	int nested = db->in_txn, found, rc, cache;

	stance_error_clear();
	memset(&im, 0, sizeof(im));
	if (out)
		memset(out, 0, sizeof(*out));
	im.db = db;
	im.analyst = analyst;
	stance_timestamp_now(im.now);
	rc = stance_jsr_new(&im.r, in);
	if (rc) {
		rc = stance_error(rc, "out of memory");
		goto done;
	}
	/* inside the caller's transaction, a savepoint undoes only the import */
	rc = nested ? exec_sql(db, sql_savepoint, "starting the import") : stance_db_begin(db);
	if (rc)
		goto done;
	cache = cache_size_swap(db, -IMPORT_CACHE_KIB);
	rc = query_int(db, sql_max_rowid, NULL, &im.max_rowid, &found);
	if (!rc)
		rc = read_document(&im);
	if (nested) {
		/* a failure to undo cannot be reported better than rc */
		if (rc || (flags & STANCE_SNAPSHOT_DRY_RUN))
			sqlite3_exec(db->conn, sql_rollback_to, NULL, NULL, NULL);
		if (rc)
			sqlite3_exec(db->conn, sql_release, NULL, NULL, NULL);
		else
			rc = exec_sql(db, sql_release, "finishing the import");
	} else if (rc || (flags & STANCE_SNAPSHOT_DRY_RUN)) {
		stance_db_rollback(db);
	} else {
		rc = stance_db_commit(db);
	}
	cache_size_swap(db, cache);
	if (!rc && out)
		*out = im.sum;
done:
	stance_jsr_free(im.r);
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
