/*
 * check-oom.c - out of memory: the N-th allocation fails, for every N,
 * through a record, a record --from of CSV and of JSON Lines, a conflicts
 * query, an import, and the agreement between coders read from a
 * database and from snapshots. Each must end with
 * STANCE_ENOMEM (never a crash), leave the database as it was, and leak
 * nothing (the leaks are found by valgrind and ASan, which scripts/test
 * runs this suite under).
 *
 * Every allocation goes through one counter: SQLite's through
 * SQLITE_CONFIG_MALLOC, jansson's through json_set_alloc_funcs() and
 * libstance's own through the linker's --wrap (tests/unit/meson.build), so
 * the library itself needs no allocation hook.
 *
 * Except inside jansson's parser: jansson 2.14's lexer ignores a failure to
 * grow its token buffer (lex_save() drops the byte) and then reads and
 * writes past the token, so a failed allocation there corrupts the heap
 * whoever calls it. Its parser's allocations are left alone (json_loadb and
 * json_loads are wrapped too); what libstance does with the parsed values
 * is not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "test-util.h"

/* ---- the failing allocator --------------------------------------------- */

static unsigned long fail_at;  /* the allocation that fails; 0: none */
static unsigned long count;    /* allocations since arm() */
static int failed;             /* the failure was injected */

static int parsing;             /* inside jansson's parser */

static int fail_now(void)
{
	if (!fail_at || ++count != fail_at)
		return 0;
	failed = 1;
	return 1;
}

static void arm(unsigned long n)
{
	count = 0;
	failed = 0;
	fail_at = n;
}

static void disarm(void)
{
	fail_at = 0;
}

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return fail_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fail_now() ? NULL : __real_strndup(s, n);
}

static sqlite3_mem_methods sqlite_default;

static void *sqlite_malloc(int n)
{
	return fail_now() ? NULL : sqlite_default.xMalloc(n);
}

static void *sqlite_realloc(void *p, int n)
{
	return fail_now() ? NULL : sqlite_default.xRealloc(p, n);
}

static void *json_malloc(size_t n)
{
	return !parsing && fail_now() ? NULL : __real_malloc(n);
}

json_t *__real_json_loadb(const char *buf, size_t len, size_t flags, json_error_t *err);
json_t *__real_json_loads(const char *text, size_t flags, json_error_t *err);
json_t *__wrap_json_loadb(const char *buf, size_t len, size_t flags, json_error_t *err);
json_t *__wrap_json_loads(const char *text, size_t flags, json_error_t *err);

json_t *__wrap_json_loadb(const char *buf, size_t len, size_t flags, json_error_t *err)
{
	json_t *v;

	parsing++;
	v = __real_json_loadb(buf, len, flags, err);
	parsing--;
	return v;
}

json_t *__wrap_json_loads(const char *text, size_t flags, json_error_t *err)
{
	json_t *v;

	parsing++;
	v = __real_json_loads(text, flags, err);
	parsing--;
	return v;
}

static void setup(void)
{
	static sqlite3_mem_methods failing;

	/* SQLite takes a new allocator only while shut down. */
	ck_assert_int_eq(sqlite3_shutdown(), SQLITE_OK);
	if (!failing.xMalloc) {
		ck_assert_int_eq(sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default),
				 SQLITE_OK);
		failing = sqlite_default;
		failing.xMalloc = sqlite_malloc;
		failing.xRealloc = sqlite_realloc;
	}
	ck_assert_int_eq(sqlite3_config(SQLITE_CONFIG_MALLOC, &failing), SQLITE_OK);
	/* Lookaside slots would serve small allocations without asking. */
	ck_assert_int_eq(sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0), SQLITE_OK);
	ck_assert_int_eq(sqlite3_initialize(), SQLITE_OK);
	json_set_alloc_funcs(json_malloc, free);
}

/* ---- the database before and after --------------------------------------- */

/* The whole database as a snapshot, without the line of exported_at. */
static char *dump(stance_db *db)
{
	char *buf = NULL, *at, *eol;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(out);
	ck_assert_msg(stance_snapshot_export(db, out) == 0, "export: %s", stance_error_last());
	ck_assert_int_eq(fclose(out), 0);
	at = strstr(buf, "\"exported_at\"");
	ck_assert_ptr_nonnull(at);
	eol = strchr(at, '\n');
	memmove(at, eol, strlen(eol) + 1);
	return buf;
}

/* One operation under test: returns its stance code; check() runs after a
 * success (unarmed) to verify what it did. */
struct op {
	const char *name;
	stance_db *(*fresh)(void);
	int (*run)(stance_db *db);
	void (*check)(stance_db *db);
};

/* Runs op with the N-th allocation failing for N = 1, 2, ... until it
 * runs without reaching the N-th. Returns the number of failures tried. */
static unsigned long exhaust(const struct op *op)
{
	stance_db *db = op->fresh();
	char *before = dump(db);
	unsigned long n;

	for (n = 1;; n++) {
		char *after;
		int rc;

		arm(n);
		rc = op->run(db);
		disarm();
		if (rc == 0) {
			op->check(db);
			if (!failed)
				break;
			/* SQLite may absorb a failure (a cache it can do
			 * without): a success is then fine, but the next N
			 * must start from the same database again. */
			stance_db_close(db);
			free(before);
			db = op->fresh();
			before = dump(db);
			continue;
		}
		ck_assert_msg(failed, "%s: failed without an injected failure at %lu: %s",
			      op->name, n, stance_error_last());
		ck_assert_msg(rc == STANCE_ENOMEM, "%s: allocation %lu: %s (%s), want ENOMEM",
			      op->name, n, stance_error_name(rc), stance_error_last());
		ck_assert_msg(stance_error_last()[0] != '\0', "%s: no message at %lu", op->name, n);
		after = dump(db);
		ck_assert_msg(strcmp(before, after) == 0, "%s: allocation %lu changed the database",
			      op->name, n);
		free(after);
	}
	free(before);
	stance_db_close(db);
	return n;
}

/* ---- the operations ------------------------------------------------------ */

static stance_db *seeded(void)
{
	static const char *const a[] = { "crimea-recognition=--!", "nato-membership=+" };
	static const char *const b[] = { "crimea-recognition=+", "nato-membership=-" };
	stance_db *db = test_db_seeded();
	char id[STANCE_UUID_LEN + 1];

	test_record(id, db, "ua", "2025-04-22", NULL, a, 2);
	test_record(id, db, "us", "2025-04-23", NULL, b, 2);
	return db;
}

static int op_record(stance_db *db)
{
	stance_position pos[2] = {
		{ .issue = "crimea-recognition", .stance = -2, .red_line = 1,
		  .condition = "unless asked" },
		{ .issue = "nato-membership", .stance = 1 },
	};
	stance_record_options st = {
		.version = STANCE_RECORD_OPTIONS_VERSION,
		.actor = "zelenskyy", .said_on = "2025-04-24", .kind = "quote",
		.text = "Ukraine will not recognise the occupation of Crimea.",
		.source = "guardian", .credibility = 2, .recorded_by = "tester",
		.npositions = 2, .positions = pos,
	};
	char id[STANCE_UUID_LEN + 1];

	return stance_statement_record(id, db, &st);
}

static int count_one(const stance_statement *st, void *ctx)
{
	(void)st;
	++*(int *)ctx;
	return 0;
}

static int statements(stance_db *db)
{
	int n = 0;

	ck_assert_int_eq(stance_statement_foreach(db, NULL, count_one, &n), 0);
	return n;
}

static void check_record(stance_db *db)
{
	ck_assert_int_eq(statements(db), 3);
}

static int op_conflicts(stance_db *db)
{
	static const char *const issues[] = { "crimea-recognition", "nato-membership" };
	stance_scope scope = STANCE_SCOPE_INIT;
	stance_conflicts *c = NULL;
	int rc;

	scope.issues = issues;
	scope.nissues = 2;
	rc = stance_conflicts_get(&c, db, &scope, 0);

	if (rc == 0 && c->n != 2)
		rc = STANCE_EINTERNAL;
	stance_conflicts_free(c);
	if (rc)
		return rc;
	/* the as-of path scans statements instead of the maintained table */
	scope.as_of = "2025-04-23";
	rc = stance_conflicts_get(&c, db, &scope, 0);
	if (rc == 0 && c->n != 2)
		rc = STANCE_EINTERNAL;
	stance_conflicts_free(c);
	return rc;
}

static void check_conflicts(stance_db *db)
{
	ck_assert_int_eq(statements(db), 2);
}

static const char snapshot[] =
	"{\"format\": \"stance-snapshot\", \"version\": 1,"
	" \"exported_at\": \"2026-11-28T18:00:00.000Z\","
	" \"parties\": [{\"slug\": \"ua\", \"name\": \"Ukraine\", \"kind\": \"state\"},"
	"  {\"slug\": \"nz\", \"name\": \"New Zealand\"}],"
	" \"actors\": [{\"slug\": \"ardern\", \"name\": \"J\", \"party\": \"nz\", \"role\": null}],"
	" \"sources\": [{\"slug\": \"rnz\", \"name\": \"RNZ\", \"reliability\": \"B\", \"url\": null}],"
	" \"issues\": [{\"slug\": \"whaling\", \"title\": \"Resume whaling\","
	"  \"description\": null, \"parent\": \"nato-membership\"}],"
	" \"statements\": ["
	"  {\"id\": \"0f8fad5b-d9cb-469f-a165-70867728950e\", \"party\": \"nz\", \"actor\": \"ardern\","
	"   \"said_on\": \"2025-04-22\", \"kind\": \"quote\", \"text\": \"No whaling.\","
	"   \"source\": \"rnz\", \"url\": null, \"credibility\": 2, \"recorded_by\": \"a\","
	"   \"recorded_at\": \"2026-11-28T18:00:00.000Z\", \"retracted\": null,"
	"   \"positions\": [{\"issue\": \"whaling\", \"stance\": \"strongly-oppose\","
	"    \"red_line\": true, \"condition\": \"ever\"}]},"
	"  {\"id\": \"7c9e6679-7425-40de-944b-e07fc1f90ae7\", \"party\": \"ua\","
	"   \"said_on\": \"2025-04-23\", \"text\": \"Maybe.\","
	"   \"retracted\": {\"at\": \"2026-11-29T10:00:00.000Z\", \"by\": \"b\", \"reason\": \"wrong\"},"
	"   \"positions\": [{\"issue\": \"whaling\", \"stance\": \"support\"},"
	"    {\"issue\": \"crimea-recognition\", \"stance\": \"oppose\"}]}"
	" ]}";

static int op_import(stance_db *db)
{
	stance_snapshot_summary sum;
	/* fmemopen() allocates inside libc, out of the counter's sight */
	FILE *in = fmemopen((void *)snapshot, sizeof(snapshot) - 1, "r");
	int rc;

	/* no Check call here: Check allocates too */
	if (!in)
		abort();
	rc = util_import(&sum, db, in, "tester", 0);
	fclose(in);
	if (rc == 0 && sum.added[STANCE_SNAPSHOT_STATEMENTS] != 2)
		rc = STANCE_EINTERNAL;
	return rc;
}

static void check_import(stance_db *db)
{
	ck_assert_int_eq(statements(db), 1);  /* the retracted one is not listed */
}

/* record --from: a CSV row with positions and a condition, a JSON line
 * whose party is its actor's. */
static const char rows[] =
	"\xEF\xBB\xBFparty,date,text,positions,conditions\r\n"
	"ua,2025-04-24,\"Quoted, \"\"twice\"\"\",crimea-recognition=--!;nato-membership=+,"
	"nato-membership=if asked\r\n";
static const char lines[] =
	"{\"actor\": \"zelenskyy\", \"said_on\": \"2025-04-25\", \"text\": \"t\", "
	"\"positions\": [{\"issue\": \"crimea-recognition\", \"stance\": \"oppose\"}], "
	"\"confidence\": 0.5}\n";

static int record_from(stance_db *db, const char *text, size_t len, const char *name)
{
	stance_record_from_options o = STANCE_RECORD_FROM_OPTIONS_INIT;
	/* fmemopen() allocates inside libc, out of the counter's sight */
	FILE *in = fmemopen((void *)text, len, "r");
	size_t n;
	int rc;

	if (!in)
		abort();
	o.name = name;
	o.recorded_by = "tester";
	rc = stance_statement_record_from(&n, db, in, &o, NULL, NULL);
	fclose(in);
	return rc == 0 && n != 1 ? STANCE_EINTERNAL : rc;
}

static int op_record_csv(stance_db *db)
{
	return record_from(db, rows, sizeof(rows) - 1, "rows.csv");
}

static int op_record_jsonl(stance_db *db)
{
	return record_from(db, lines, sizeof(lines) - 1, "lines.jsonl");
}

/* The agreement between two snapshots (files in a directory of their own,
 * made before the allocations are counted). */
static char agree_dir[64];
static char agree_json[96], agree_other[96];

static void agree_cleanup(void)
{
	remove(agree_json);
	remove(agree_other);
	rmdir(agree_dir);
}

/* A snapshot with (aliases, statement id, issue, stance) to fill in. */
#define AGREE_SNAPSHOT \
	"{\"format\": \"stance-snapshot\", \"version\": 2, \"parties\": " \
	"[{\"slug\": \"ua\", \"name\": \"U\"}], \"issues\": [{\"slug\": " \
	"\"crimea-recognition\", \"title\": \"C\"}]%s, \"statements\": [{\"id\": " \
	"\"%s\", \"party\": \"ua\", \"said_on\": \"2025-04-22\", \"text\": \"t\", " \
	"\"positions\": [{\"issue\": \"%s\", \"stance\": \"%s\"}]}]}"

static stance_db *agreement_files(void)
{
	static const char id[] = "0f8fad5b-d9cb-469f-a165-70867728950e";
	FILE *f;

	if (!agree_dir[0]) {
		strcpy(agree_dir, "/tmp/check-oom-agreement-XXXXXX");
		ck_assert_ptr_nonnull(mkdtemp(agree_dir));
		snprintf(agree_json, sizeof(agree_json), "%s/bob.json", agree_dir);
		snprintf(agree_other, sizeof(agree_other), "%s/cy.json", agree_dir);
		atexit(agree_cleanup);
		/* bob renamed the issue and reads the statement as oppose, cy
		 * as strongly-oppose */
		f = fopen(agree_json, "w");
		ck_assert_ptr_nonnull(f);
		fprintf(f, AGREE_SNAPSHOT, ", \"aliases\": [{\"kind\": \"issue\", \"slug\": "
			"\"crimea\", \"entity\": \"crimea-recognition\"}]", id, "crimea", "oppose");
		ck_assert_int_eq(fclose(f), 0);
		f = fopen(agree_other, "w");
		ck_assert_ptr_nonnull(f);
		fprintf(f, AGREE_SNAPSHOT, "", id, "crimea-recognition", "strongly-oppose");
		ck_assert_int_eq(fclose(f), 0);
	}
	return test_db();
}

/* A database's coder (from the handle: opening a file costs thousands of
 * allocations, each failure point would rerun them, and the open is not
 * the agreement's). */
static int op_agreement_db(stance_db *db)
{
	stance_coder *c = NULL;
	int rc = stance_coder_from_db(&c, db);

	if (rc == 0 && stance_coder_statements(c) != 2)
		rc = STANCE_EINTERNAL;
	stance_coder_free(c);
	return rc;
}

static int op_agreement(stance_db *db)
{
	stance_coder *c[2] = { NULL, NULL };
	stance_agreement *a = NULL;
	int rc = stance_coder_load(&c[0], agree_json);

	(void)db;
	if (!rc)
		rc = stance_coder_load(&c[1], agree_other);
	if (!rc)
		rc = stance_agreement_compute(&a, c, 2, (const char *const[]){ "crimea" }, 1,
					      STANCE_ALPHA_ORDINAL);
	if (rc == 0 && (a->overall.stance.units != 1 || a->ndisagreements != 1))
		rc = STANCE_EINTERNAL;
	stance_agreement_free(a);
	stance_coder_free(c[0]);
	stance_coder_free(c[1]);
	return rc;
}

static void check_agreement(stance_db *db)
{
	ck_assert_int_eq(statements(db), 0);  /* it reads its files, not the database */
}

static const struct op ops[] = {
	{ "record", seeded, op_record, check_record },
	{ "conflicts", seeded, op_conflicts, check_conflicts },
	{ "import", test_db_seeded, op_import, check_import },
	{ "record-from-csv", seeded, op_record_csv, check_record },
	{ "record-from-jsonl", seeded, op_record_jsonl, check_record },
	{ "agreement-db", seeded, op_agreement_db, check_conflicts },
	{ "agreement", agreement_files, op_agreement, check_agreement },
};

/* jansson seeds its hash tables from /dev/urandom; a fixed seed makes
 * the sequence of allocations, and so every failure point, the same on
 * every run. Once, before the case, as main did. */
static void seed_jansson(void)
{
	json_object_seed(1);
}

TEST_TIMEOUT(0);
TEST_UNCHECKED_FIXTURE(seed_jansson, NULL);
TEST_LOOP(test_oom, 0, (int)(sizeof(ops) / sizeof(ops[0])));

START_TEST(test_oom)
{
	unsigned long n;

	setup();
	n = exhaust(&ops[_i]);
	/* a wrapper that never fired would make this test a no-op */
	ck_assert_msg(n > 10, "%s: only %lu allocations", ops[_i].name, n);
	printf("# %s: %lu allocation failures, each a clean error\n", ops[_i].name, n - 1);
}
END_TEST
