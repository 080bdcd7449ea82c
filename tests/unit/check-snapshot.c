/* Snapshots: the JSON shapes, export, and import with its validation and
 * merge rules. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common-internal.h"
#include "test-util.h"

#define ID1 "0f8fad5b-d9cb-469f-a165-70867728950e"
#define ID2 "7c9e6679-7425-40de-944b-e07fc1f90ae7"
#define ID3 "16fd2706-8baf-433b-82eb-8c7fada847da"

/* A snapshot from a template in which ' stands for " (the texts of these
 * tests hold no apostrophe) and %s for the statements; a new string. */
static char *vdoc(const char *tmpl, va_list ap)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	ck_assert_ptr_nonnull(f);
	vfprintf(f, tmpl, ap);
	fclose(f);
	for (char *c = out; *c; c++)
		if (*c == '\'')
			*c = '"';
	return out;
}

static char *doc(const char *tmpl, ...)
{
	va_list ap;
	char *out;

	va_start(ap, tmpl);
	out = vdoc(tmpl, ap);
	va_end(ap);
	return out;
}

/* The seeded database's entities, as a snapshot's arrays. */
#define ENTITIES \
	"'parties': [{'slug': 'ua', 'name': 'Ukraine', 'kind': 'state'}," \
	" {'slug': 'ru', 'name': 'Russia', 'kind': 'state'}]," \
	"'actors': [{'slug': 'zelenskyy', 'name': 'Volodymyr Zelenskyy', 'party': 'ua'," \
	" 'role': 'President'}]," \
	"'sources': [{'slug': 'guardian', 'name': 'The Guardian', 'reliability': 'B'}]," \
	"'issues': [{'slug': 'crimea-recognition', 'title': 'Recognise Russian sovereignty'," \
	" 'parent': 'territory'}, {'slug': 'territory', 'title': 'Territorial questions'}]"

#define HEAD "{'format': 'stance-snapshot', 'version': 1, "

/* A statement of Zelenskyy with one position; %s is its retraction. */
#define STATEMENT(id, date, extra) \
	"{'id': '" id "', 'party': 'ua', 'actor': 'zelenskyy', 'said_on': '" date "'," \
	" 'kind': 'quote', 'text': 'Ukraine will not recognise the occupation of Crimea.'," \
	" 'source': 'guardian', 'credibility': 2, 'recorded_by': 'analyst'," \
	" 'recorded_at': '2025-04-23T14:00:00+02:00'" extra "," \
	" 'positions': [{'issue': 'crimea-recognition', 'stance': 'strongly-oppose'," \
	" 'red_line': true}]}"

static int import_text(stance_snapshot_summary *sum, stance_db *db, const char *text,
		       unsigned flags)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int rc;

	ck_assert_ptr_nonnull(in);
	rc = util_import(sum, db, in, "importer", flags);
	fclose(in);
	return rc;
}

/* Imports a template (see doc()) that must be accepted. */
static void import_ok(stance_snapshot_summary *sum, stance_db *db, const char *text)
{
	int rc = import_text(sum, db, text, 0);

	ck_assert_msg(rc == 0, "import: %s", stance_error_last());
}

/* The export of db with its exported_at set to a fixed time, so that two
 * exports compare; a new string. */
static char *export_text(stance_db *db)
{
	char *out = NULL, *at;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int rc;

	ck_assert_ptr_nonnull(f);
	rc = stance_snapshot_export(db, f);
	fclose(f);
	ck_assert_msg(rc == 0, "export: %s", stance_error_last());
	at = strstr(out, "\"exported_at\": \"");
	ck_assert_ptr_nonnull(at);
	memcpy(at + 16, "2000-01-01T00:00:00.000Z", 24);
	/* an entity a version-1 snapshot brings is made at the import's time:
	 * two imports differ there, and only there */
	for (at = out; (at = strstr(at, "\"created_at\": \"")) != NULL; at += 15)
		memcpy(at + 15, "2000-01-01T00:00:00.000Z", 24);
	return out;
}

/* Whether one of the contradictions a summary lists reads as needle says,
 * "PATH: snapshot has X, database has Y". */
static int contradiction_has(const stance_snapshot_summary *sum, const char *needle)
{
	size_t i;
	json_t *c;
	int found = 0;

	json_array_foreach(sum->contradictions, i, c) {
		char *a = json_dumps(json_object_get(c, "snapshot"), JSON_COMPACT | JSON_ENCODE_ANY);
		char *b = json_dumps(json_object_get(c, "database"), JSON_COMPACT | JSON_ENCODE_ANY);
		char line[2048];

		snprintf(line, sizeof(line), "%s: snapshot has %s, database has %s",
			 json_string_value(json_object_get(c, "path")), a, b);
		found |= strstr(line, needle) != NULL;
		free(a);
		free(b);
	}
	return found;
}

/* Asserts that importing text fails with code and a message (or, for a
 * contradiction, a listed one) holding needle, and that the database is as
 * it was. */
static void refused(stance_db *db, const char *text, int code, const char *needle)
{
	char *before = export_text(db), *after;
	stance_snapshot_summary sum;
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	stance_import_options o = STANCE_IMPORT_OPTIONS_INIT;
	int rc;

	ck_assert_ptr_nonnull(in);
	o.analyst = "importer";
	rc = stance_snapshot_import(&sum, db, in, &o);
	fclose(in);
	ck_assert_msg(rc == code, "import gave %d (%s), want %d", rc, stance_error_last(), code);
	if (!contradiction_has(&sum, needle))
		ck_assert_error_has(needle);
	stance_snapshot_summary_clear(&sum);
	after = export_text(db);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
}

static void refused_doc(stance_db *db, int code, const char *needle, const char *tmpl, ...)
{
	va_list ap;
	char *text;

	va_start(ap, tmpl);
	text = vdoc(tmpl, ap);
	va_end(ap);
	refused(db, text, code, needle);
	free(text);
}

/* Imports a template that must be accepted. */
static void import_doc(stance_snapshot_summary *sum, stance_db *db, const char *tmpl, ...)
{
	va_list ap;
	char *text;

	va_start(ap, tmpl);
	text = vdoc(tmpl, ap);
	va_end(ap);
	import_ok(sum, db, text);
	free(text);
}

START_TEST(test_entity_json)
{
	stance_entity e = { .type = STANCE_ISSUE, .field = {
		[STANCE_ISSUE_SLUG] = "crimea-recognition",
		[STANCE_ISSUE_TITLE] = "Recognise",
		[STANCE_ISSUE_PARENT] = "territory",
	} };
	json_t *j = stance_snapshot_entity_json(&e);
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

	ck_assert_str_eq(s, "{\"slug\":\"crimea-recognition\",\"title\":\"Recognise\","
			 "\"description\":null,\"parent\":\"territory\",\"low\":null,"
			 "\"high\":null,\"status_quo\":null,\"created_at\":null,"
			 "\"created_by\":null,\"removed\":false}");
	free(s);
	json_decref(j);
	/* the scale: texts, and the status quo a number (an integer when it is one) */
	e.field[STANCE_ISSUE_LOW] = "never";
	e.field[STANCE_ISSUE_HIGH] = "at once";
	e.field[STANCE_ISSUE_STATUS_QUO] = "-12.5";
	j = stance_snapshot_entity_json(&e);
	ck_assert(json_is_real(json_object_get(j, "status_quo")) &&
		  json_real_value(json_object_get(j, "status_quo")) == -12.5);
	ck_assert_str_eq(json_string_value(json_object_get(j, "low")), "never");
	ck_assert_str_eq(json_string_value(json_object_get(j, "high")), "at once");
	json_decref(j);
	e.field[STANCE_ISSUE_STATUS_QUO] = "140";
	j = stance_snapshot_entity_json(&e);
	ck_assert(json_is_integer(json_object_get(j, "status_quo")) &&
		  json_integer_value(json_object_get(j, "status_quo")) == 140);
	json_decref(j);
}
END_TEST

START_TEST(test_statement_json)
{
	stance_position pos = { .issue = "crimea-recognition", .stance = -2, .red_line = 1, .condition = NULL };
	stance_retraction r = { "2025-04-24T00:00:00.000Z", "ann", "wrong speaker" };
	stance_statement st = { 0 };
	json_t *j;
	char *s;

	st.id = ID1;
	st.party = "ua";
	st.said_on = "2025-04-22";
	st.text = "No.";
	st.recorded_by = "ann";
	st.recorded_at = "2025-04-23T12:00:00.000Z";
	st.retracted = &r;
	st.positions = &pos;
	st.npositions = 1;
	j = stance_snapshot_statement_json(&st);
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	ck_assert_str_eq(s, "{\"id\":\"" ID1 "\",\"party\":\"ua\",\"actor\":null,"
			 "\"said_on\":\"2025-04-22\",\"kind\":\"quote\",\"text\":\"No.\","
			 "\"source\":null,\"url\":null,\"credibility\":null,\"recorded_by\":\"ann\","
			 "\"recorded_at\":\"2025-04-23T12:00:00.000Z\",\"retracted\":{\"at\":"
			 "\"2025-04-24T00:00:00.000Z\",\"by\":\"ann\",\"reason\":\"wrong speaker\"},"
			 "\"positions\":[{\"issue\":\"crimea-recognition\",\"stance\":"
			 "\"strongly-oppose\",\"point\":null,\"red_line\":true,\"condition\":null}]}");
	free(s);
	json_decref(j);
}
END_TEST

START_TEST(test_summary_json)
{
	stance_snapshot_summary sum = { .added = { 1, 2, 3, 4, 5, 12, 13 },
					.unchanged = { 6, 7, 8, 9, 10, 14, 15 }, .retracted = 11 };
	json_t *j = stance_snapshot_summary_json(&sum);
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

	ck_assert_str_eq(s, "{\"added\":{\"parties\":1,\"actors\":2,\"sources\":3,\"issues\":4,"
			 "\"statements\":5,\"positions\":12,\"revisions\":13,\"assessments\":0,"
			 "\"outcomes\":0},\"unchanged\":{\"parties\":6,\"actors\":7,"
			 "\"sources\":8,\"issues\":9,\"statements\":10,\"positions\":14,"
			 "\"revisions\":15,\"assessments\":0,\"outcomes\":0},\"retracted\":11,"
			 "\"resolved\":[]}");
	free(s);
	json_decref(j);
	ck_assert_str_eq(stance_snapshot_kind_name(STANCE_SNAPSHOT_ISSUES), "issues");
	ck_assert_ptr_null(stance_snapshot_kind_name(STANCE_SNAPSHOT_KINDS));
}
END_TEST

START_TEST(test_export_empty)
{
	stance_db *db = test_db();
	char *text = export_text(db);

	ck_assert_str_eq(text, "{\n"
			 "  \"format\": \"stance-snapshot\",\n"
			 "  \"version\": 2,\n"
			 "  \"exported_at\": \"2000-01-01T00:00:00.000Z\",\n"
			 "  \"parties\": [],\n"
			 "  \"actors\": [],\n"
			 "  \"sources\": [],\n"
			 "  \"issues\": [],\n"
			 "  \"aliases\": [],\n"
			 "  \"statements\": [],\n"
			 "  \"assessments\": [],\n"
			 "  \"outcomes\": [],\n"
			 "  \"revisions\": []\n"
			 "}\n");
	free(text);
	stance_db_close(db);
}
END_TEST

START_TEST(test_export_format)
{
	stance_db *db = test_db();
	const char *specs[] = { "b=+", "a=--!" };
	char id[37], *text;

	test_add(db, STANCE_PARTY, "ua", "Ukra\xc3\xafne", NULL, NULL);
	test_add(db, STANCE_ISSUE, "b", "B", NULL, NULL);
	test_add(db, STANCE_ISSUE, "a", "A", "line one\nline two", "b");
	test_record(id, db, "ua", "2025-04-22", "2025-04-23T12:00:00Z", specs, 2);
	text = export_text(db);
	/* UTF-8 as is, escapes for control characters, positions by issue */
	ck_assert_ptr_nonnull(strstr(text, "  \"parties\": [\n"
				     "    {\n"
				     "      \"slug\": \"ua\",\n"
				     "      \"name\": \"Ukra\xc3\xafne\",\n"
				     "      \"kind\": \"other\",\n"
				     "      \"created_at\": \""));
	ck_assert_ptr_nonnull(strstr(text, "      \"created_by\": null,\n"
				     "      \"removed\": false\n"
				     "    }\n"
				     "  ],\n"
				     "  \"actors\": [],\n"));
	ck_assert_ptr_nonnull(strstr(text, "\"description\": \"line one\\nline two\",\n"
				     "      \"parent\": \"b\",\n"));
	ck_assert_ptr_nonnull(strstr(text, "      \"positions\": [\n"
				     "        {\n"
				     "          \"issue\": \"a\",\n"
				     "          \"stance\": \"strongly-oppose\",\n"
				     "          \"point\": null,\n"
				     "          \"red_line\": true,\n"
				     "          \"condition\": null\n"
				     "        },\n"
				     "        {\n"
				     "          \"issue\": \"b\",\n"));
	ck_assert_ptr_nonnull(strstr(text, "    }\n  ],\n  \"assessments\": [],\n"
				       "  \"outcomes\": [],\n  \"revisions\": []\n}\n"));
	free(text);
	stance_db_close(db);
}
END_TEST

START_TEST(test_export_write_error)
{
	stance_db *db = test_db_seeded();
	FILE *full = fopen("/dev/full", "w");

	if (!full)
		return;
	ck_assert_int_eq(stance_snapshot_export(db, full), STANCE_EIO);
	ck_assert_error_has("cannot write the snapshot");
	fclose(full);
	stance_db_close(db);
}
END_TEST

/* Export, import into an empty database, export again: the same bytes. */
START_TEST(test_round_trip)
{
	stance_db *a = test_db_seeded(), *b = test_db();
	const char *specs[] = { "crimea-recognition=--!", "nato-membership=+" };
	stance_snapshot_summary sum;
	char id[37], *one, *two;

	test_record(id, a, "ua", "2025-04-22", "2025-04-23T12:00:00.123+02:00", specs, 2);
	ck_assert_int_eq(util_retract(a, id, "ann", "misquoted", NULL), 0);
	test_record(id, a, "ru", "2025-04-21", NULL, specs, 1);
	test_record(id, a, "us", "2025-04-21", NULL, NULL, 0);
	one = export_text(a);
	import_ok(&sum, b, one);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_PARTIES], 4);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_ACTORS], 2);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_SOURCES], 1);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_ISSUES], 3);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_STATEMENTS], 3);
	ck_assert_uint_eq(sum.retracted, 0);
	two = export_text(b);
	ck_assert_str_eq(one, two);
	ck_assert_ptr_nonnull(strstr(two, "\"recorded_at\": \"2025-04-23T10:00:00.123Z\""));
	free(two);

	/* the same snapshot again adds nothing */
	import_ok(&sum, b, one);
	for (int k = 0; k < STANCE_SNAPSHOT_KINDS; k++)
		ck_assert_uint_eq(sum.added[k], 0);
	ck_assert_uint_eq(sum.unchanged[STANCE_SNAPSHOT_PARTIES], 4);
	ck_assert_uint_eq(sum.unchanged[STANCE_SNAPSHOT_STATEMENTS], 3);
	two = export_text(b);
	ck_assert_str_eq(one, two);
	free(one);
	free(two);
	stance_db_close(a);
	stance_db_close(b);
}
END_TEST

START_TEST(test_import_fills_in)
{
	stance_db *db = test_db();
	stance_snapshot_summary sum;
	stance_statement *st = NULL;
	stance_entity *e = NULL;
	char *text = doc(HEAD "'parties': [{'slug': 'ua', 'name': 'Ukraine'}], 'issues': [],"
			 " 'statements': [{'id': '" ID1 "', 'party': 'ua', 'said_on': '2025-04-22',"
			 " 'text': 'Hello.', 'positions': []}]}");

	import_ok(&sum, db, text);
	ck_assert_int_eq(stance_entity_get(&e, db, STANCE_PARTY, "ua"), 0);
	ck_assert_str_eq(e->field[STANCE_PARTY_KIND], "other");
	ck_assert_int_eq(stance_statement_get(&st, db, ID1), 0);
	ck_assert_str_eq(st->recorded_by, "importer");
	ck_assert_str_eq(st->kind, "quote");
	ck_assert_int_eq(st->recorded_at[23], 'Z');
	ck_assert_ptr_null(st->actor);
	ck_assert_int_eq(st->credibility, 0);
	/* omitted members are not compared: importing it again changes nothing */
	import_ok(&sum, db, text);
	ck_assert_uint_eq(sum.unchanged[STANCE_SNAPSHOT_STATEMENTS], 1);
	stance_statement_free(st);
	stance_entity_free(e);
	free(text);
	stance_db_close(db);
}
END_TEST

/* Children before parents, in any order of the arrays and members. */
START_TEST(test_import_order)
{
	stance_db *a = test_db(), *b = test_db();
	stance_snapshot_summary sum;
	char *fwd = doc(HEAD ENTITIES ", 'statements': [" STATEMENT(ID1, "2025-04-22", "") "]}");
	char *rev = doc("{'statements': [" STATEMENT(ID1, "2025-04-22", "") "], "
			"'issues': [{'slug': 'territory', 'title': 'Territorial questions'},"
			" {'slug': 'crimea-recognition', 'title': 'Recognise Russian sovereignty',"
			" 'parent': 'territory'}],"
			"'actors': [{'slug': 'zelenskyy', 'name': 'Volodymyr Zelenskyy',"
			" 'party': 'ua', 'role': 'President'}],"
			"'version': 1, 'sources': [{'slug': 'guardian', 'name': 'The Guardian',"
			" 'reliability': 'B'}], 'parties': [{'slug': 'ru', 'name': 'Russia',"
			" 'kind': 'state'}, {'slug': 'ua', 'name': 'Ukraine', 'kind': 'state'}],"
			"'format': 'stance-snapshot'}");
	char *one, *two;

	import_ok(&sum, a, fwd);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_ISSUES], 2);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_STATEMENTS], 1);
	import_ok(&sum, b, rev);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_STATEMENTS], 1);
	one = export_text(a);
	two = export_text(b);
	ck_assert_str_eq(one, two);
	/* a long chain of parents given children first */
	import_doc(&sum, a, HEAD "'parties': [], 'issues': [{'slug': 'c1', 'title': 'C',"
			       " 'parent': 'c2'}, {'slug': 'c2', 'title': 'C', 'parent': 'c3'},"
			       " {'slug': 'c3', 'title': 'C', 'parent': 'territory'}],"
			       " 'statements': []}");
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_ISSUES], 3);
	free(one);
	free(two);
	free(fwd);
	free(rev);
	stance_db_close(a);
	stance_db_close(b);
}
END_TEST

/* Two analysts' snapshots merge to the same database in either order. */
START_TEST(test_merge_either_order)
{
	char *ann = doc(HEAD ENTITIES ", 'statements': [" STATEMENT(ID1, "2025-04-22", "") "]}");
	char *bob = doc(HEAD "'parties': [{'slug': 'ua', 'name': 'Ukraine', 'kind': 'state'},"
			" {'slug': 'eu', 'name': 'European Union', 'kind': 'bloc'}],"
			" 'issues': [{'slug': 'territory', 'title': 'Territorial questions'},"
			" {'slug': 'crimea-recognition', 'title': 'Recognise Russian sovereignty',"
			" 'parent': 'territory'}], 'actors': [{'slug': 'zelenskyy',"
			" 'name': 'Volodymyr Zelenskyy', 'party': 'ua', 'role': 'President'}],"
			" 'sources': [{'slug': 'guardian', 'name': 'The Guardian', 'reliability': 'B'}],"
			" 'statements': [" STATEMENT(ID1, "2025-04-22", ", 'retracted': {'at':"
			" '2025-04-24T09:00:00Z', 'by': 'bob', 'reason': 'misquoted'}") ", "
			STATEMENT(ID2, "2025-04-23", "") "]}");
	stance_db *a = test_db(), *b = test_db();
	stance_snapshot_summary sum;
	char *one, *two;

	import_ok(&sum, a, ann);
	import_ok(&sum, a, bob);
	ck_assert_uint_eq(sum.retracted, 1);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_STATEMENTS], 1);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_PARTIES], 1);
	import_ok(&sum, b, bob);
	/* the database's retraction is kept when the snapshot has none */
	import_ok(&sum, b, ann);
	ck_assert_uint_eq(sum.retracted, 0);
	ck_assert_uint_eq(sum.unchanged[STANCE_SNAPSHOT_STATEMENTS], 1);
	one = export_text(a);
	two = export_text(b);
	ck_assert_str_eq(one, two);
	ck_assert_ptr_nonnull(strstr(one, "\"reason\": \"misquoted\""));
	free(one);
	free(two);
	free(ann);
	free(bob);
	stance_db_close(a);
	stance_db_close(b);
}
END_TEST

START_TEST(test_dry_run)
{
	stance_db *db = test_db();
	stance_snapshot_summary sum;
	char *text = doc(HEAD ENTITIES ", 'statements': [" STATEMENT(ID1, "2025-04-22", "") "]}");
	char *before = export_text(db), *after;

	ck_assert_int_eq(import_text(&sum, db, text, STANCE_SNAPSHOT_DRY_RUN), 0);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_PARTIES], 2);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_STATEMENTS], 1);
	after = export_text(db);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	free(text);
	stance_db_close(db);
}
END_TEST

static int cache_size(stance_db *db)
{
	sqlite3_stmt *stmt;
	int size;

	ck_assert_int_eq(sqlite3_prepare_v2(db->conn, "PRAGMA cache_size", -1, &stmt, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	size = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return size;
}

/* The import's bigger page cache (for speed) is the connection's own
 * again afterwards, whether the import succeeded or not. */
START_TEST(test_import_cache)
{
	stance_db *db = test_db();
	stance_snapshot_summary sum;
	char *text = doc(HEAD ENTITIES ", 'statements': [" STATEMENT(ID1, "2025-04-22", "") "]}");
	int before = cache_size(db);

	import_ok(&sum, db, text);
	ck_assert_int_eq(cache_size(db), before);
	ck_assert_int_ne(import_text(&sum, db, "{\"format\": 1}", 0), 0);
	ck_assert_int_eq(cache_size(db), before);
	free(text);
	stance_db_close(db);
}
END_TEST

/* Inside the caller's transaction the import joins it. */
START_TEST(test_nested)
{
	stance_db *db = test_db();
	stance_snapshot_summary sum;
	char *text = doc(HEAD ENTITIES ", 'statements': []}");
	char *bad = doc(HEAD "'parties': [{'slug': 'ua', 'name': 'Ukrayina'}], 'issues': [],"
			" 'statements': []}");
	char *empty = export_text(db), *after;

	ck_assert_int_eq(stance_db_begin(db), 0);
	test_add(db, STANCE_PARTY, "eu", "European Union", "bloc", NULL);
	import_ok(&sum, db, text);
	ck_assert_int_eq(import_text(&sum, db, bad, 0), STANCE_ECONFLICT);
	ck_assert_int_eq(stance_entity_exists(db, STANCE_PARTY, "ua"), 0);
	ck_assert_int_eq(stance_entity_exists(db, STANCE_PARTY, "eu"), 0);
	stance_db_rollback(db);
	after = export_text(db);
	ck_assert_str_eq(empty, after);
	free(empty);
	free(after);
	free(text);
	free(bad);
	stance_db_close(db);
}
END_TEST

START_TEST(test_contradictions)
{
	stance_db *db = test_db();
	stance_snapshot_summary sum;
	char *text = doc(HEAD ENTITIES ", 'statements': [" STATEMENT(ID1, "2025-04-22",
			 ", 'retracted': {'at': '2025-04-24T09:00:00Z', 'by': 'bob',"
			 " 'reason': 'misquoted'}") "]}");

	import_ok(&sum, db, text);
	refused_doc(db, STANCE_ECONFLICT,
		    "$.parties[0].name: snapshot has \"Russian Federation\", database has \"Russia\"",
		    HEAD "'parties': [{'slug': 'ru', 'name': 'Russian Federation'}], 'issues': [],"
		    " 'statements': []}");
	/* a null kind means the default, which contradicts "state" */
	refused_doc(db, STANCE_ECONFLICT, "$.parties[0].kind: snapshot has \"other\"",
		    HEAD "'parties': [{'slug': 'ru', 'name': 'Russia', 'kind': null}],"
		    " 'issues': [], 'statements': []}");
	refused_doc(db, STANCE_ECONFLICT,
		    "$.issues[0].parent: snapshot has null, database has \"territory\"",
		    HEAD "'parties': [], 'issues': [{'slug': 'crimea-recognition',"
		    " 'title': 'Recognise Russian sovereignty', 'parent': null}], 'statements': []}");
	refused_doc(db, STANCE_ECONFLICT,
		    "$.statements[0].said_on: snapshot has \"2025-04-21\", database has \"2025-04-22\"",
		    HEAD ENTITIES ", 'statements': [%s]}",
		    STATEMENT(ID1, "2025-04-21", ""));
	/* version 1's missing red_line is "not stated", not the database's true */
	refused_doc(db, STANCE_ECONFLICT,
		    "$.statements[0].positions.crimea-recognition: snapshot has {\"stance\":"
		    "\"strongly-oppose\",\"point\":null,\"red_line\":null,\"condition\":null}, "
		    "database has {\"stance\":\"strongly-oppose\",\"point\":null,\"red_line\":true",
		    HEAD "'parties': [], 'issues': [], 'statements': [{'id': '" ID1 "',"
		    " 'party': 'ua', 'said_on': '2025-04-22',"
		    " 'text': 'Ukraine will not recognise the occupation of Crimea.',"
		    " 'positions': [{'issue': 'crimea-recognition', 'stance': 'strongly-oppose'}]}]}");
	/* a position only the database has is kept: coded later */
	import_doc(&sum, db, HEAD "'parties': [], 'issues': [], 'statements': [{'id': '" ID1 "',"
		   " 'party': 'ua', 'said_on': '2025-04-22',"
		   " 'text': 'Ukraine will not recognise the occupation of Crimea.',"
		   " 'positions': []}]}");
	ck_assert_uint_eq(sum.unchanged[STANCE_SNAPSHOT_STATEMENTS], 1);
	refused_doc(db, STANCE_ECONFLICT,
		    "$.statements[0].retracted: snapshot has {\"at\":\"2025-04-24T09:00:00.000Z\","
		    "\"by\":\"bob\",\"reason\":\"wrong\"}, database has",
		    HEAD ENTITIES ", 'statements': [%s]}",
		    STATEMENT(ID1, "2025-04-22", ", 'retracted': {'at': '2025-04-24T11:00:00+02:00',"
			      " 'by': 'bob', 'reason': 'wrong'}"));
	/* the same retraction in another offset is equal */
	import_doc(&sum, db, HEAD ENTITIES ", 'statements': [%s]}",
				STATEMENT(ID1, "2025-04-22", ", 'retracted': {'at':"
					  " '2025-04-24T11:00:00+02:00', 'by': 'bob',"
					  " 'reason': 'misquoted'}"));
	ck_assert_uint_eq(sum.unchanged[STANCE_SNAPSHOT_STATEMENTS], 1);
	free(text);
	stance_db_close(db);
}
END_TEST

START_TEST(test_invalid)
{
	stance_db *db = test_db();
	stance_snapshot_summary sum;

	import_doc(&sum, db, HEAD ENTITIES ", 'statements': []}");
	refused(db, "", STANCE_EINVALID, "$: ");
	refused(db, "{\"format\": \"stance-snapshot\", \"version\": 1, \"parties\": [", STANCE_EINVALID,
		"$.parties");
	refused(db, "{\"format\": \"stance-snap\xff\"}", STANCE_EINVALID, "UTF-8");
	refused_doc(db, STANCE_EINVALID, "$.format: not a stance snapshot",
		    "{'format': 'csv', 'version': 1, 'parties': [], 'issues': [], 'statements': []}");
	refused_doc(db, STANCE_EINVALID, "$.version: unsupported snapshot version 3",
		    "{'format': 'stance-snapshot', 'version': 3, 'parties': [], 'issues': [],"
		    " 'statements': []}");
	refused_doc(db, STANCE_EINVALID, "$.version: expected an integer, found a string",
		    "{'format': 'stance-snapshot', 'version': '1', 'parties': [], 'issues': [],"
		    " 'statements': []}");
	refused_doc(db, STANCE_EINVALID, "$.statements: required member is missing",
		    HEAD "'parties': [], 'issues': []}");
	refused_doc(db, STANCE_EINVALID, "$.extra: unknown member",
		    HEAD "'parties': [], 'issues': [], 'statements': [], 'extra': 1}");
	refused_doc(db, STANCE_EINVALID, "$.exported_at: invalid exported_at",
		    HEAD "'exported_at': 'yesterday', 'parties': [], 'issues': [], 'statements': []}");
	refused_doc(db, STANCE_EINVALID, "$.parties[1].colour: unknown member",
		    HEAD "'parties': [{'slug': 'eu', 'name': 'EU'}, {'slug': 'uk', 'name': 'UK',"
		    " 'colour': 'red'}], 'issues': [], 'statements': []}");
	refused_doc(db, STANCE_EINVALID, "$.parties[0].name: expected a string, found null",
		    HEAD "'parties': [{'slug': 'eu', 'name': null}], 'issues': [], 'statements': []}");
	refused_doc(db, STANCE_EINVALID, "$.parties[0].name: required member is missing",
		    HEAD "'parties': [{'slug': 'eu'}], 'issues': [], 'statements': []}");
	refused_doc(db, STANCE_EINVALID, "$.parties[0]: expected an object, found an array",
		    HEAD "'parties': [[]], 'issues': [], 'statements': []}");
	refused_doc(db, STANCE_EINVALID, "$.parties[0].slug: invalid party slug 'EU'",
		    HEAD "'parties': [{'slug': 'EU', 'name': 'EU'}], 'issues': [], 'statements': []}");
	refused_doc(db, STANCE_EINVALID, "$.parties[0].kind: invalid party kind 'empire'",
		    HEAD "'parties': [{'slug': 'eu', 'name': 'EU', 'kind': 'empire'}], 'issues': [],"
		    " 'statements': []}");
	refused_doc(db, STANCE_EEXISTS, "$.parties[2].slug: duplicate slug 'eu' (also at $.parties[0])",
		    HEAD "'parties': [{'slug': 'eu', 'name': 'EU'}, {'slug': 'uk', 'name': 'UK'},"
		    " {'slug': 'eu', 'name': 'EU'}], 'issues': [], 'statements': []}");
	refused_doc(db, STANCE_ENOTFOUND, "$.actors[0].party: unknown party 'xx' (known: ",
		    HEAD "'parties': [], 'actors': [{'slug': 'a', 'name': 'A', 'party': 'xx'}],"
		    " 'issues': [], 'statements': []}");
	refused_doc(db, STANCE_EINVALID, "$.issues[0].parent: the parents of issues form a cycle: "
		    "x -> y -> x",
		    HEAD "'parties': [], 'issues': [{'slug': 'x', 'title': 'X', 'parent': 'y'},"
		    " {'slug': 'y', 'title': 'Y', 'parent': 'x'}], 'statements': []}");
	refused_doc(db, STANCE_EINVALID, "$.issues[0].parent: the parents of issues form a cycle: "
		    "x -> x",
		    HEAD "'parties': [], 'issues': [{'slug': 'x', 'title': 'X', 'parent': 'x'}],"
		    " 'statements': []}");
	stance_db_close(db);
}
END_TEST

/* One statement template with a member replaced: %s is the replacement
 * text that follows the statement's first members. */
#define BAD_STATEMENT(members) \
	HEAD "'parties': [], 'issues': [], 'statements': [" STATEMENT(ID1, "2025-04-22", "") \
	", {'id': '" ID2 "', 'party': 'ua', 'said_on': '2025-04-22', 'text': 'T.', " members "}]}"

START_TEST(test_invalid_statements)
{
	stance_db *db = test_db();
	stance_snapshot_summary sum;

	import_doc(&sum, db, HEAD ENTITIES ", 'statements': []}");
	refused_doc(db, STANCE_EINVALID, "$.statements[1].positions: required member is missing",
		    BAD_STATEMENT("'kind': 'quote'"));
	refused_doc(db, STANCE_EINVALID, "$.statements[1].said_on: invalid date '2025-02-30'",
		    HEAD "'parties': [], 'issues': [], 'statements': [" STATEMENT(ID1, "2025-04-22", "")
		    ", " STATEMENT(ID2, "2025-02-30", "") "]}");
	refused_doc(db, STANCE_EINVALID, "$.statements[1].kind: invalid statement kind 'rumour'",
		    BAD_STATEMENT("'kind': 'rumour', 'positions': []"));
	refused_doc(db, STANCE_EINVALID, "$.statements[1].credibility: invalid credibility 7",
		    BAD_STATEMENT("'credibility': 7, 'positions': []"));
	refused_doc(db, STANCE_EINVALID, "$.statements[1].credibility: expected an integer or null, "
		    "found a number", BAD_STATEMENT("'credibility': 2.0, 'positions': []"));
	refused_doc(db, STANCE_EINVALID, "$.statements[1].recorded_at: invalid recorded_at",
		    BAD_STATEMENT("'recorded_at': '2025-04-23 12:00', 'positions': []"));
	refused_doc(db, STANCE_EINVALID, "$.statements[1].retracted.reason: required member",
		    BAD_STATEMENT("'retracted': {'at': '2025-04-23T12:00:00Z', 'by': 'x'},"
				  " 'positions': []"));
	refused_doc(db, STANCE_EINVALID, "$.statements[1].retracted: retraction reason is empty",
		    BAD_STATEMENT("'retracted': {'at': '2025-04-23T12:00:00Z', 'by': 'x',"
				  " 'reason': ''}, 'positions': []"));
	refused_doc(db, STANCE_EINVALID, "$.statements[1].positions[0].stance: invalid stance \"--\"",
		    BAD_STATEMENT("'positions': [{'issue': 'territory', 'stance': '--'}]"));
	refused_doc(db, STANCE_EINVALID, "$.statements[1].positions[0].red_line: expected a boolean",
		    BAD_STATEMENT("'positions': [{'issue': 'territory', 'stance': 'oppose',"
				  " 'red_line': 1}]"));
	refused_doc(db, STANCE_EINVALID, "$.statements[1].positions[0].condition: condition is empty",
		    BAD_STATEMENT("'positions': [{'issue': 'territory', 'stance': 'oppose',"
				  " 'condition': ''}]"));
	refused_doc(db, STANCE_ENOTFOUND, "$.statements[1].positions[0].issue: unknown issue 'nato'",
		    BAD_STATEMENT("'positions': [{'issue': 'nato', 'stance': 'oppose'}]"));
	refused_doc(db, STANCE_EEXISTS, "$.statements[1].positions[1].issue: issue 'territory' is "
		    "given twice", BAD_STATEMENT("'positions': [{'issue': 'territory', 'stance':"
						 " 'oppose'}, {'issue': 'territory', 'stance': 'support'}]"));
	refused_doc(db, STANCE_ENOTFOUND, "$.statements[1].source: unknown source 'bbc'",
		    BAD_STATEMENT("'source': 'bbc', 'positions': []"));
	refused_doc(db, STANCE_EINVALID, "$.statements[0].actor: actor 'zelenskyy' speaks for party "
		    "'ua', not for the statement's party 'ru'",
		    HEAD "'parties': [], 'issues': [], 'statements': [{'id': '" ID2 "', 'party': 'ru',"
		    " 'actor': 'zelenskyy', 'said_on': '2025-04-22', 'text': 'T.', 'positions': []}]}");
	refused_doc(db, STANCE_EINVALID, "$.statements[1].id: invalid statement id",
		    HEAD "'parties': [], 'issues': [], 'statements': [" STATEMENT(ID1, "2025-04-22", "")
		    ", " STATEMENT("0F8FAD5B-D9CB-469F-A165-70867728950E", "2025-04-22", "") "]}");
	refused_doc(db, STANCE_EEXISTS, "$.statements[1].id: duplicate id",
		    HEAD "'parties': [], 'issues': [], 'statements': [" STATEMENT(ID1, "2025-04-22", "")
		    ", " STATEMENT(ID1, "2025-04-22", "") "]}");
	refused_doc(db, STANCE_EINVALID, "$.statements[1].text: expected a string, found an array",
		    HEAD "'parties': [], 'issues': [], 'statements': [" STATEMENT(ID1, "2025-04-22", "")
		    ", {'id': '" ID2 "', 'party': 'ua', 'said_on': '2025-04-22', 'text': [[['T']]],"
		    " 'positions': []}]}");
	/* a duplicate of a statement the database already has */
	import_doc(&sum, db, HEAD "'parties': [], 'issues': [], 'statements': [%s]}",
				STATEMENT(ID3, "2025-04-22", ""));
	refused_doc(db, STANCE_EEXISTS, "$.statements[1].id: duplicate id",
		    HEAD "'parties': [], 'issues': [], 'statements': [" STATEMENT(ID3, "2025-04-22", "")
		    ", " STATEMENT(ID3, "2025-04-22", "") "]}");
	/* spooled statements are checked with the same paths */
	refused_doc(db, STANCE_EINVALID, "$.statements[0].said_on: invalid date",
		    "{'statements': [" STATEMENT(ID2, "2025-13-01", "") "], 'format': "
		    "'stance-snapshot', 'version': 1, 'parties': [], 'issues': []}");
	stance_db_close(db);
}
END_TEST

/* Many statements stream through bounded memory: a snapshot written to a
 * temporary file and read back in one import. */
START_TEST(test_many)
{
	stance_db *a = test_db_seeded(), *b = test_db();
	const char *specs[] = { "crimea-recognition=-", "nato-membership=+" };
	stance_snapshot_summary sum;
	FILE *f = tmpfile();
	char id[37], date[11];

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(stance_db_begin(a), 0);
	for (int i = 0; i < 2000; i++) {
		snprintf(date, sizeof(date), "2025-%02d-%02d", i % 12 + 1, i % 28 + 1);
		test_record(id, a, i % 2 ? "ua" : "ru", date, NULL, specs, (size_t)(i % 3));
	}
	ck_assert_int_eq(stance_db_commit(a), 0);
	ck_assert_int_eq(stance_snapshot_export(a, f), 0);
	rewind(f);
	ck_assert_int_eq(util_import(&sum, b, f, "x", 0), 0);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_STATEMENTS], 2000);
	fclose(f);
	stance_db_close(a);
	stance_db_close(b);
}
END_TEST

/* A database with party ua and issues i0 ... i<n-1>. */
static stance_db *big_db(size_t n)
{
	stance_db *db = test_db();

	test_add(db, STANCE_PARTY, "ua", "Ukraine", NULL, NULL);
	test_add_issues(db, n);
	return db;
}

/* A snapshot of one statement of ua whose positions name the issues
 * i<issues[0]> ... i<issues[n-1]>: a new string. */
static char *big_statement_doc(const size_t *issues, size_t n)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	ck_assert_ptr_nonnull(f);
	fputs("{\"format\": \"stance-snapshot\", \"version\": 1, \"parties\": [], \"issues\": [],"
	      " \"statements\": [{\"id\": \"" ID1 "\", \"party\": \"ua\","
	      " \"said_on\": \"2025-04-22\", \"text\": \"Everything.\", \"positions\": [", f);
	for (size_t k = 0; k < n; k++)
		fprintf(f, "%s{\"issue\": \"i%zu\", \"stance\": \"%s\"}", k ? ", " : "", issues[k],
			k % 2 ? "support" : "oppose");
	fputs("]}]}", f);
	ck_assert_int_eq(fclose(f), 0);
	return out;
}

/* One statement with a great many positions, one of which repeats an
 * issue, is refused with the message of a short one; without the repeat it
 * is imported. Both in time linear in the positions: the check for a
 * repeated issue once compared every pair, minutes for this statement. */
START_TEST(test_many_positions)
{
	size_t n = test_big_positions(), *issues = calloc(n, sizeof(*issues));
	stance_db *db = big_db(n);
	stance_snapshot_summary sum;
	stance_statement *st = NULL;
	char *text, want[256];

	ck_assert_ptr_nonnull(issues);
	/* in an order unlike the slugs' and the row ids' (7919 is a prime) */
	ck_assert_uint_ge(n, 10);
	ck_assert_uint_ne(n % 7919, 0);
	for (size_t k = 0; k < n; k++)
		issues[k] = (k * 7919) % n;
	/* positions n-2 and n-1 repeat the issues of positions 7 and 3: n-2
	 * is the first that repeats */
	issues[n - 2] = issues[7];
	issues[n - 1] = issues[3];
	text = big_statement_doc(issues, n);
	snprintf(want, sizeof(want),
		 "$.statements[0].positions[%zu].issue: issue 'i%zu' is given twice (also at "
		 "$.statements[0].positions[7]): a statement has at most one position per issue",
		 n - 2, issues[7]);
	ck_assert_int_eq(import_text(NULL, db, text, 0), STANCE_EEXISTS);
	ck_assert_str_eq(stance_error_last(), want);
	free(text);

	for (size_t k = n - 2; k < n; k++)
		issues[k] = (k * 7919) % n;
	text = big_statement_doc(issues, n);
	import_ok(&sum, db, text);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_STATEMENTS], 1);
	ck_assert_int_eq(stance_statement_get(&st, db, ID1), 0);
	ck_assert_uint_eq(st->npositions, n);
	stance_statement_free(st);
	free(text);
	free(issues);
	stance_db_close(db);
}
END_TEST

/* Which error a statement gets when a position repeats an issue and
 * another breaks a rule: the one of the earlier position, as when each
 * position was checked against those before it in turn. */
START_TEST(test_repeated_issue_order)
{
	stance_db *db = big_db(10);
	size_t issues[10] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
	char *text;

	/* 6 repeats 2, 8 repeats 1, 9 is unknown: 6 is reported */
	issues[6] = issues[2];
	issues[8] = issues[1];
	issues[9] = 10;
	text = big_statement_doc(issues, 10);
	ck_assert_int_eq(import_text(NULL, db, text, 0), STANCE_EEXISTS);
	ck_assert_str_eq(stance_error_last(),
			 "$.statements[0].positions[6].issue: issue 'i7' is given twice (also at "
			 "$.statements[0].positions[2]): a statement has at most one position per "
			 "issue");
	free(text);
	/* 5 is unknown, before the first repeat */
	issues[5] = 10;
	text = big_statement_doc(issues, 10);
	ck_assert_int_eq(import_text(NULL, db, text, 0), STANCE_ENOTFOUND);
	ck_assert_error_has("$.statements[0].positions[5].issue: unknown issue 'i10'");
	free(text);
	/* an issue given three times: the second time is reported, with the first */
	issues[5] = 4;
	issues[4] = issues[0];
	issues[3] = issues[0];
	text = big_statement_doc(issues, 10);
	ck_assert_int_eq(import_text(NULL, db, text, 0), STANCE_EEXISTS);
	ck_assert_error_has("$.statements[0].positions[3].issue: issue 'i9' is given twice (also at "
			    "$.statements[0].positions[0])");
	free(text);
	stance_db_close(db);
}
END_TEST

#define HEAD2 "{'format': 'stance-snapshot', 'version': 2, "

/* An issue of version 2 with its scale; %s stands for its members after
 * the title. */
#define SCALED(members) \
	HEAD2 "'parties': [], 'issues': [{'slug': 'sanctions', 'title': 'Lift them'" members \
	"}], 'statements': []}"

/* An issue's scale (design §1) through import and export: numbers as
 * numbers, compared by value; every bad value refused with its path; none
 * of it in version 1; a differing status quo a contradiction. */
START_TEST(test_scale)
{
	stance_db *db = test_db();
	stance_snapshot_summary sum;
	char *out, *again;

	import_doc(&sum, db, SCALED(", 'low': 'all stay', 'high': 'all lifted',"
				    " 'status_quo': 20.0"));
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_ISSUES], 1);
	out = export_text(db);
	ck_assert_msg(strstr(out, "\"parent\": null,\n      \"low\": \"all stay\",\n"
			     "      \"high\": \"all lifted\",\n      \"status_quo\": 20,\n"
			     "      \"created_at\"") != NULL, "%s", out);
	/* 20, 20.0 and 2e1 are one value: unchanged */
	import_doc(&sum, db, SCALED(", 'status_quo': 2e1"));
	ck_assert_uint_eq(sum.unchanged[STANCE_SNAPSHOT_ISSUES], 1);
	import_doc(&sum, db, SCALED(", 'status_quo': 20"));
	ck_assert_uint_eq(sum.unchanged[STANCE_SNAPSHOT_ISSUES], 1);
	/* omitted members are not compared */
	import_doc(&sum, db, SCALED(""));
	ck_assert_uint_eq(sum.unchanged[STANCE_SNAPSHOT_ISSUES], 1);
	again = export_text(db);
	ck_assert_str_eq(out, again);
	free(again);
	free(out);

	refused_doc(db, STANCE_ECONFLICT, "$.issues[0].status_quo: snapshot has -20.5, database "
		    "has 20", SCALED(", 'status_quo': -20.5"));
	refused_doc(db, STANCE_ECONFLICT, "$.issues[0].status_quo: snapshot has null, database "
		    "has 20", SCALED(", 'status_quo': null"));
	refused_doc(db, STANCE_ECONFLICT, "$.issues[0].high: snapshot has \"none\", database has "
		    "\"all lifted\"", SCALED(", 'high': 'none'"));
	refused_doc(db, STANCE_EINVALID, "$.issues[0].status_quo: expected a number or null, "
		    "found a string", SCALED(", 'status_quo': '20'"));
	refused_doc(db, STANCE_EINVALID, "$.issues[0].status_quo: expected a number or null, "
		    "found a boolean", SCALED(", 'status_quo': false"));
	refused_doc(db, STANCE_EINVALID, "$.issues[0].status_quo: invalid issue status_quo "
		    "'0.30000000000000004' (at most 15 significant digits)",
		    SCALED(", 'status_quo': 0.30000000000000004"));
	refused_doc(db, STANCE_EINVALID, "real number overflow", SCALED(", 'status_quo': 1e400"));
	refused_doc(db, STANCE_EINVALID, "$.issues[0].low: issue low is empty", SCALED(", 'low': ''"));
	refused_doc(db, STANCE_EINVALID, "$.issues[0].high: expected a string or null, found an "
		    "integer", SCALED(", 'high': 100"));
	refused_doc(db, STANCE_EINVALID, "$.parties[0].status_quo: unknown member",
		    HEAD2 "'parties': [{'slug': 'ua', 'name': 'Ukraine', 'status_quo': 1}],"
		    " 'issues': [], 'statements': []}");
	/* version 1 has no scale */
	refused_doc(db, STANCE_EINVALID, "$.issues[0].status_quo: unknown member in a version-1 "
		    "snapshot", HEAD "'parties': [], 'issues': [{'slug': 'sanctions', 'title':"
		    " 'Lift them', 'status_quo': 20}], 'statements': []}");
	refused_doc(db, STANCE_EINVALID, "$.issues[0].low: unknown member in a version-1",
		    HEAD "'parties': [], 'issues': [{'slug': 'sanctions', 'title': 'Lift them',"
		    " 'low': null}], 'statements': []}");
	stance_db_close(db);
}
END_TEST

/* A revision of the status quo in a snapshot: merged by rule 2 into a
 * database that is behind, its value as a number (70.0 the same as 70). */
START_TEST(test_scale_revision_merge)
{
	stance_db *db = test_db();
	stance_snapshot_summary sum;
	char *out;

	import_doc(&sum, db, SCALED(", 'status_quo': 10, 'created_at': '2030-01-01T00:00:00Z'"));
	import_doc(&sum, db, HEAD2 "'parties': [], 'issues': [{'slug': 'sanctions', 'title':"
		   " 'Lift them', 'status_quo': 70.0}], 'statements': [], 'revisions': [{'id': '"
		   ID1 "', 'at': '2030-01-02T00:00:00Z', 'by': 'bob', 'target': {'kind': 'issue',"
		   " 'key': 'sanctions'}, 'changes': [{'member': 'status_quo', 'from': 10.0,"
		   " 'to': 70.0}]}]}");
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_REVISIONS], 1);
	ck_assert_int_eq(test_sql_int(db, "SELECT status_quo = 70 FROM issue"), 1);
	out = export_text(db);
	ck_assert_msg(strstr(out, "\"status_quo\": 70,") != NULL, "%s", out);
	free(out);
	/* its own record must agree with its revision */
	refused_doc(db, STANCE_EINVALID, "its own latest revision of it says 90",
		    HEAD2 "'parties': [], 'issues': [{'slug': 'sanctions', 'title': 'Lift them',"
		    " 'status_quo': 80}], 'statements': [], 'revisions': [{'id': '" ID2 "', 'at':"
		    " '2030-01-03T00:00:00Z', 'by': 'bob', 'target': {'kind': 'issue', 'key':"
		    " 'sanctions'}, 'changes': [{'member': 'status_quo', 'from': 70, 'to': 90}]}]}");
	/* a value of the wrong type in a revision is refused */
	refused_doc(db, STANCE_EINVALID, "latest revision of it says \"ninety\"",
		    HEAD2 "'parties': [], 'issues': [], 'statements': [], 'revisions': [{'id': '"
		    ID2 "', 'at': '2030-01-03T00:00:00Z', 'by': 'bob', 'target': {'kind': 'issue',"
		    " 'key': 'sanctions'}, 'changes': [{'member': 'status_quo', 'from': 70,"
		    " 'to': 'ninety'}]}]}");
	stance_db_close(db);
}
END_TEST
