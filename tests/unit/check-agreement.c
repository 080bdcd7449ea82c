/*
 * Agreement between coders (design §9): Krippendorff's alpha against his
 * own worked example and a hand-computed red-line case, the undefined
 * cases, a property test against a plain reference (alpha from every
 * pair of values, not from the coincidence matrix) on seeded random
 * inputs, and coders loaded from databases and snapshots, with their
 * missing, retracted and out-of-scope values and their bad input.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agreement-internal.h"
#include "test-util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MISS (-9)

/* Tallies units given as rows of ncoders values (MISS: missing), each a
 * category 0..k-1. */
static void tally_units(struct agree_tally *t, const int *v, size_t nunits, size_t ncoders,
			size_t k)
{
	memset(t, 0, sizeof(*t));
	for (size_t u = 0; u < nunits; u++) {
		unsigned counts[AGREE_MAX_K] = { 0 };

		for (size_t c = 0; c < ncoders; c++)
			if (v[u * ncoders + c] != MISS)
				counts[v[u * ncoders + c]]++;
		stance_agreement__tally(t, counts, k);
	}
}

/* Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the
 * example of section C: 4 coders, 12 units, values 1..5 (here 0..4). */
static const int kripp[12 * 4] = {
	0, 0, MISS, 0,   1, 1, 2, 1,   2, 2, 2, 2,   2, 2, 2, 2,
	1, 1, 1, 1,      0, 1, 2, 3,   3, 3, 3, 3,   0, 0, 1, 0,
	1, 1, 1, 1,      MISS, 4, 4, 4,  MISS, MISS, 0, 0,  MISS, 2, MISS, MISS,
};

START_TEST(test_krippendorff_example)
{
	static const struct { stance_alpha_metric m; double alpha; } want[] = {
		{ STANCE_ALPHA_ORDINAL, 0.8154 }, { STANCE_ALPHA_INTERVAL, 0.8491 },
		{ STANCE_ALPHA_NOMINAL, 0.7434 },
	};
	struct agree_tally t;
	stance_reliability r;

	tally_units(&t, kripp, 12, 4, 5);
	for (size_t i = 0; i < N(want); i++) {
		stance_agreement__alpha(&r, &t, 5, want[i].m);
		ck_assert(r.defined);
		ck_assert_msg(fabs(r.alpha - want[i].alpha) < 0.00005, "%s: %.6f",
			      stance_alpha_metric_name(want[i].m), r.alpha);
		ck_assert_uint_eq(r.units, 11);   /* unit 12 has one value */
		ck_assert_uint_eq(r.values, 40);
		ck_assert_ptr_null(r.reason);
	}
	/* 43 of the 55 pairs agree */
	ck_assert(r.has_agreement);
	ck_assert_double_eq_tol(r.agreement, 43.0 / 55, 1e-12);
}
END_TEST

START_TEST(test_red_line_by_hand)
{
	/* (true, true), (false, unstated), (unstated, unstated), (true, false):
	 * n = (2, 3, 3), 4 disagreeing coincidences, sum n_c n_k over c != k
	 * = 42: alpha = 1 - 7 * 4 / 42 = 1/3 */
	static const int v[] = { 1, 1, 0, 2, 2, 2, 1, 0 };
	struct agree_tally t;
	stance_reliability r;

	tally_units(&t, v, 4, 2, 3);
	stance_agreement__alpha(&r, &t, 3, STANCE_ALPHA_NOMINAL);
	ck_assert(r.defined);
	ck_assert_double_eq_tol(r.alpha, 1.0 / 3, 1e-12);
	ck_assert_double_eq_tol(r.agreement, 0.5, 1e-12);
}
END_TEST

START_TEST(test_full_agreement)
{
	static const int v[] = { 0, 0, 4, 4, 2, 2, 3, 3 };
	struct agree_tally t;
	stance_reliability r;

	tally_units(&t, v, 4, 2, 5);
	for (int m = 0; m < 3; m++) {
		stance_agreement__alpha(&r, &t, 5, (stance_alpha_metric)m);
		ck_assert(r.defined);
		ck_assert_double_eq_tol(r.alpha, 1, 1e-12);
		ck_assert_double_eq_tol(r.agreement, 1, 1e-12);
	}
}
END_TEST

START_TEST(test_undefined)
{
	static const int same[] = { 3, 3, 3, 3, MISS };
	static const int lonely[] = { 1, MISS, MISS, 4 };
	struct agree_tally t;
	stance_reliability r;

	/* every pairable value the same: alpha is 0/0 */
	tally_units(&t, same, 1, 5, 5);
	stance_agreement__alpha(&r, &t, 5, STANCE_ALPHA_ORDINAL);
	ck_assert(!r.defined);
	ck_assert_str_eq(r.reason, "no variation");
	ck_assert_uint_eq(r.units, 1);
	ck_assert_double_eq_tol(r.agreement, 1, 1e-12);
	/* no unit with two values */
	tally_units(&t, lonely, 2, 2, 5);
	stance_agreement__alpha(&r, &t, 5, STANCE_ALPHA_INTERVAL);
	ck_assert(!r.defined);
	ck_assert_str_eq(r.reason, "no pairable units");
	ck_assert_uint_eq(r.units, 0);
	ck_assert_uint_eq(r.values, 0);
	ck_assert(!r.has_agreement);
}
END_TEST

/* ---- against a plain reference --------------------------------------- */

/* The squared difference of two values straight from its definition,
 * the ordinal one from the counts of every pairable value. */
static double ref_d2(stance_alpha_metric m, const double *n, int a, int b)
{
	double between = 0;

	if (m == STANCE_ALPHA_NOMINAL)
		return a != b;
	if (m == STANCE_ALPHA_INTERVAL)
		return (double)(a - b) * (a - b);
	for (int g = a < b ? a : b; g <= (a < b ? b : a); g++)
		between += n[g];
	between -= (n[a] + n[b]) / 2;
	return a == b ? 0 : between * between;
}

/* alpha = 1 - D_o / D_e, D_o over the pairs within units (each weighted
 * 1 / (m_u - 1)), D_e over every pair of pairable values (Krippendorff,
 * Content Analysis, ch. 12, the form without the coincidence matrix);
 * NAN when undefined. */
static double ref_alpha(const int *v, size_t nunits, size_t nc, stance_alpha_metric m)
{
	int *all = malloc(nunits * nc * sizeof(*all));
	double n[AGREE_MAX_K] = { 0 }, dobs = 0, dexp = 0;
	size_t total = 0;

	ck_assert_ptr_nonnull(all);
	for (size_t u = 0; u < nunits; u++) {
		size_t mu = 0;

		for (size_t c = 0; c < nc; c++)
			mu += v[u * nc + c] != MISS;
		for (size_t c = 0; mu >= 2 && c < nc; c++)
			if (v[u * nc + c] != MISS) {
				all[total++] = v[u * nc + c];
				n[v[u * nc + c]]++;
			}
	}
	for (size_t u = 0; u < nunits; u++) {
		size_t mu = 0;

		for (size_t c = 0; c < nc; c++)
			mu += v[u * nc + c] != MISS;
		for (size_t a = 0; mu >= 2 && a < nc; a++)
			for (size_t b = 0; b < nc; b++)
				if (a != b && v[u * nc + a] != MISS && v[u * nc + b] != MISS)
					dobs += ref_d2(m, n, v[u * nc + a], v[u * nc + b]) /
						(double)(mu - 1);
	}
	for (size_t i = 0; i < total; i++)
		for (size_t j = 0; j < total; j++)
			if (i != j)
				dexp += ref_d2(m, n, all[i], all[j]);
	free(all);
	if (total < 2 || dexp == 0)
		return NAN;
	dobs /= (double)total;
	dexp /= (double)total * (double)(total - 1);
	return 1 - dobs / dexp;
}

START_TEST(test_against_reference)
{
	size_t cases = test_instrumented() ? 300 : 3000;

	test_rng_state = 20250423;
	for (size_t k = 0; k < cases; k++) {
		size_t nc = 2 + test_rng_next() % 5, nunits = 1 + test_rng_next() % 30,
		       ncat = test_rng_next() % 2 ? 5 : 3;
		int v[30 * 6];
		struct agree_tally t;
		stance_reliability r;

		for (size_t i = 0; i < nunits * nc; i++)
			v[i] = test_rng_next() % 4 == 0 ? MISS : (int)(test_rng_next() % ncat);
		tally_units(&t, v, nunits, nc, ncat);
		for (int m = 0; m < 3; m++) {
			double want = ref_alpha(v, nunits, nc, (stance_alpha_metric)m);

			stance_agreement__alpha(&r, &t, ncat, (stance_alpha_metric)m);
			ck_assert_msg(r.defined == !isnan(want), "case %zu metric %d: defined %d", k,
				      m, r.defined);
			if (r.defined)
				ck_assert_msg(fabs(r.alpha - want) < 1e-9, "case %zu metric %d: %.12f "
					      "vs %.12f", k, m, r.alpha, want);
		}
	}
}
END_TEST

START_TEST(test_uuid_bytes)
{
	static const char id[] = "0f8fad5b-d9cb-469f-a165-70867728950e";
	unsigned char b[16];
	char back[37];

	stance_agreement__uuid_bytes(b, id);
	ck_assert_uint_eq(b[0], 0x0f);
	ck_assert_uint_eq(b[15], 0x0e);
	stance_agreement__uuid_text(back, b);
	ck_assert_str_eq(back, id);
}
END_TEST

/* ---- coders from files ------------------------------------------------- */

static char tmpdir[64];

static void dir_setup(void)
{
	strcpy(tmpdir, "/tmp/check-agreement-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void dir_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

TEST_CASE("files");
TEST_FIXTURE(dir_setup, dir_teardown);

/* tmpdir/name, into a static buffer of its own per call site */
static const char *path_of(char buf[128], const char *name)
{
	snprintf(buf, 128, "%s/%s", tmpdir, name);
	return buf;
}

static void write_file(const char *name, const char *text)
{
	char p[128];
	FILE *f = fopen(path_of(p, name), "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

#define ID(n) "00000000-0000-4000-8000-00000000000" #n

/* A statement of ua on 2025-04-22 with the id and positions given. */
static void record_as(stance_db *db, const char *id, const char *const *specs, size_t n)
{
	stance_record_options st = STANCE_RECORD_OPTIONS_INIT;
	stance_position pos[4];

	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(stance_position_parse(&pos[i], specs[i]), 0);
	st.id = id;
	st.party = "ua";
	st.said_on = "2025-04-22";
	st.text = "A statement for the tests.";
	st.recorded_by = "tester";
	st.positions = pos;
	st.npositions = n;
	ck_assert_msg(stance_statement_record(NULL, db, &st) == 0, "%s", stance_error_last());
	for (size_t i = 0; i < n; i++)
		stance_position_clear(&pos[i]);
}

/* ann.db: 1 codes crimea-recognition --! and nato-membership +; 2 codes
 * territory 0; 3 is retracted (codes territory ++). */
static void make_db(void)
{
	char p[128];
	stance_db *db;

	ck_assert_int_eq(stance_db_open(&db, path_of(p, "ann.db"), STANCE_DB_CREATE), 0);
	test_seed(db);
	record_as(db, ID(1), (const char *const[]){ "crimea-recognition=--!",
						   "nato-membership=+" }, 2);
	record_as(db, ID(2), (const char *const[]){ "territory=0" }, 1);
	record_as(db, ID(3), (const char *const[]){ "territory=++" }, 1);
	ck_assert_msg(util_retract(db, ID(3), "tester", "a mistake", NULL) == 0, "%s",
		      stance_error_last());
	stance_db_close(db);
}

#define SNAP_HEAD(v) \
	"{\"format\": \"stance-snapshot\", \"version\": " #v ", " \
	"\"parties\": [{\"slug\": \"ua\", \"name\": \"Ukraine\"}], "
#define ISSUES \
	"\"issues\": [{\"slug\": \"territory\", \"title\": \"T\"}, " \
	"{\"slug\": \"crimea-recognition\", \"title\": \"C\", \"parent\": \"territory\"}, " \
	"{\"slug\": \"nato-membership\", \"title\": \"N\"}]"
#define ST(n, positions) \
	"{\"id\": \"" ID(n) "\", \"party\": \"ua\", \"said_on\": \"2025-04-22\", " \
	"\"text\": \"t\", \"positions\": [" positions "]}"
#define POS(issue, stance) "{\"issue\": \"" issue "\", \"stance\": \"" stance "\"}"

START_TEST(test_db_and_snapshots)
{
	char p[3][128];
	stance_coder *c[3];
	stance_agreement *a;

	make_db();
	/* bob (version 2, the statements before the issues): 1 agrees on
	 * crimea, 2 disagrees on territory, 3 (retracted by ann) codes it */
	write_file("bob.json", SNAP_HEAD(2) "\"statements\": ["
		   ST(1, "{\"issue\": \"crimea-recognition\", \"stance\": \"strongly-oppose\", "
		      "\"red_line\": true}") ", "
		   ST(2, POS("territory", "support")) ", " ST(3, POS("territory", "support"))
		   "], " ISSUES "}");
	/* cy (version 1): only statement 2, and a statement nobody else has */
	write_file("cy.json", SNAP_HEAD(1) ISSUES ", \"statements\": ["
		   ST(2, POS("territory", "support")) ", " ST(4, POS("territory", "oppose")) "]}");
	ck_assert_int_eq(stance_coder_load(&c[0], path_of(p[0], "ann.db")), 0);
	ck_assert_int_eq(stance_coder_load(&c[1], path_of(p[1], "bob.json")), 0);
	ck_assert_int_eq(stance_coder_load(&c[2], path_of(p[2], "cy.json")), 0);
	ck_assert_uint_eq(stance_coder_statements(c[0]), 2);
	ck_assert_uint_eq(stance_coder_statements(c[1]), 3);
	ck_assert_int_eq(stance_agreement_compute(&a, c, 3, NULL, 0, STANCE_ALPHA_ORDINAL), 0);
	/* units with two values or more: (1, crimea): ann, bob; (2,
	 * territory): ann, bob, cy; (3, territory) has bob's alone (ann
	 * retracted it); (1, nato) and (4, territory) have one each */
	ck_assert_uint_eq(a->overall.stance.units, 2);
	ck_assert_uint_eq(a->overall.stance.values, 5);
	ck_assert_uint_eq(a->nissues, 3);
	ck_assert_str_eq(a->issues[0].issue, "crimea-recognition");
	ck_assert_str_eq(a->issues[1].issue, "nato-membership");
	ck_assert_uint_eq(a->issues[1].stance.units, 0);
	ck_assert_str_eq(a->issues[1].stance.reason, "no pairable units");
	ck_assert_str_eq(a->issues[0].stance.reason, "no variation");
	ck_assert_uint_eq(a->ndisagreements, 1);
	ck_assert_str_eq(a->disagreements[0].statement, ID(2));
	ck_assert_str_eq(a->disagreements[0].issue, "territory");
	ck_assert_int_eq(a->disagreements[0].values[0], 0);
	ck_assert_int_eq(a->disagreements[0].values[1], 1);
	ck_assert_int_eq(a->disagreements[0].values[2], 1);
	ck_assert_int_eq(a->disagreements[0].red_lines[2], STANCE_RED_LINE_UNSTATED);
	/* both stated the red line on (1, crimea); on (2, territory) no one did */
	ck_assert_double_eq_tol(a->overall.red_line.agreement, 1, 1e-12);
	stance_agreement_free(a);
	/* --issue territory takes crimea-recognition with it, not nato */
	ck_assert_int_eq(stance_agreement_compute(&a, c, 3, (const char *const[]){ "territory" },
						  1, STANCE_ALPHA_NOMINAL), 0);
	ck_assert_uint_eq(a->nissues, 2);
	ck_assert_str_eq(a->issues[1].issue, "territory");
	ck_assert_uint_eq(a->overall.stance.units, 2);
	stance_agreement_free(a);
	ck_assert_int_eq(stance_agreement_compute(&a, c, 3, (const char *const[]){ "gaza" }, 1,
						  STANCE_ALPHA_NOMINAL), STANCE_ENOTFOUND);
	ck_assert_ptr_null(a);
	ck_assert_error_has("unknown issue 'gaza'");
	ck_assert_int_eq(stance_agreement_compute(&a, c, 1, NULL, 0, STANCE_ALPHA_NOMINAL),
			 STANCE_EINVALID);
	for (size_t i = 0; i < 3; i++)
		stance_coder_free(c[i]);
}
END_TEST

START_TEST(test_version_1_red_line)
{
	char p[2][128];
	stance_coder *c[2];
	stance_agreement *a;

	/* version 1's false means "not stated": it agrees with version 2's null */
	write_file("one.json", SNAP_HEAD(1) ISSUES ", \"statements\": [" ST(1,
		   "{\"issue\": \"territory\", \"stance\": \"oppose\", \"red_line\": false}")
		   ", " ST(2, "{\"issue\": \"territory\", \"stance\": \"support\"}") "]}");
	write_file("two.json", SNAP_HEAD(2) ISSUES ", \"statements\": [" ST(1,
		   "{\"issue\": \"territory\", \"stance\": \"oppose\", \"red_line\": null}")
		   ", " ST(2, "{\"issue\": \"territory\", \"stance\": \"support\", "
		   "\"red_line\": false}") "]}");
	ck_assert_int_eq(stance_coder_load(&c[0], path_of(p[0], "one.json")), 0);
	ck_assert_int_eq(stance_coder_load(&c[1], path_of(p[1], "two.json")), 0);
	ck_assert_int_eq(stance_agreement_compute(&a, c, 2, NULL, 0, STANCE_ALPHA_ORDINAL), 0);
	ck_assert_double_eq_tol(a->overall.stance.alpha, 1, 1e-12);
	/* (unstated, unstated) agrees, (unstated, false) does not */
	ck_assert_double_eq_tol(a->overall.red_line.agreement, 0.5, 1e-12);
	/* which makes statement 2 a disagreement, though the stances agree */
	ck_assert_uint_eq(a->ndisagreements, 1);
	ck_assert_str_eq(a->disagreements[0].statement, ID(2));
	ck_assert_int_eq(a->disagreements[0].values[0], a->disagreements[0].values[1]);
	ck_assert_int_eq(a->disagreements[0].red_lines[0], STANCE_RED_LINE_UNSTATED);
	ck_assert_int_eq(a->disagreements[0].red_lines[1], STANCE_RED_LINE_NO);
	stance_agreement_free(a);
	stance_coder_free(c[0]);
	stance_coder_free(c[1]);
}
END_TEST

/* Loading name fails with code and a message holding needle. */
static void load_fails(const char *name, int code, const char *needle)
{
	char p[128];
	stance_coder *c = (stance_coder *)1;

	ck_assert_int_eq(stance_coder_load(&c, path_of(p, name)), code);
	ck_assert_ptr_null(c);
	ck_assert_error_has(needle);
}

START_TEST(test_bad_inputs)
{
	write_file("garbage.json", "this is not JSON");
	load_fails("garbage.json", STANCE_EINVALID, "garbage.json: ");
	load_fails("missing.json", STANCE_ENODB, "missing.json");
	write_file("unknown.json", SNAP_HEAD(2) ISSUES ", \"statements\": ["
		   ST(1, POS("gaza", "oppose")) "]}");
	load_fails("unknown.json", STANCE_ENOTFOUND, "$.statements[0].positions[0].issue: "
		   "unknown issue 'gaza'");
	write_file("party.json", "{\"format\": \"stance-snapshot\", \"version\": 2, "
		   "\"parties\": [], " ISSUES ", \"statements\": [" ST(1, "") "]}");
	load_fails("party.json", STANCE_ENOTFOUND, "$.statements[0].party: unknown party 'ua'");
	write_file("twice.json", SNAP_HEAD(2) ISSUES ", \"statements\": [" ST(1, "") ", "
		   ST(1, "") "]}");
	load_fails("twice.json", STANCE_EEXISTS, "duplicate id " ID(1));
	write_file("repeat.json", SNAP_HEAD(2) ISSUES ", \"statements\": ["
		   ST(1, POS("territory", "oppose") ", " POS("territory", "support")) "]}");
	load_fails("repeat.json", STANCE_EEXISTS, "issue 'territory' is given twice");
	write_file("slugs.json", SNAP_HEAD(2)
		   "\"issues\": [{\"slug\": \"land\", \"title\": \"T\"}], "
		   "\"aliases\": [{\"kind\": \"issue\", \"slug\": \"territory\", \"entity\": \"land\"}], "
		   "\"statements\": [" ST(1, POS("territory", "oppose") ", " POS("land", "oppose")) "]}");
	load_fails("slugs.json", STANCE_EEXISTS, "gives issue 'land' twice (by two of its slugs)");
	write_file("badstance.json", SNAP_HEAD(2) ISSUES ", \"statements\": ["
		   ST(1, POS("territory", "meh")) "]}");
	load_fails("badstance.json", STANCE_EINVALID, "$.statements[0].positions[0].stance");
	write_file("nostatements.json", SNAP_HEAD(2) ISSUES "}");
	load_fails("nostatements.json", STANCE_EINVALID, "statements");
	/* an SQLite file that is not stance's */
	write_file("other.db", "");
	{
		char p[128], cmd[256];

		snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'CREATE TABLE t (x)' 2>/dev/null",
			 path_of(p, "other.db"));
		if (system(cmd) == 0)
			load_fails("other.db", STANCE_ENOTSTANCE, "other.db");
	}
}
END_TEST

/* A coder that renamed an issue still codes the same units: its alias
 * (a snapshot's, here; a database's alias table likewise) names the issue
 * for every coder. */
START_TEST(test_alias)
{
	char p[2][128];
	stance_coder *c[2];
	stance_agreement *a;

	write_file("old.json", SNAP_HEAD(2) ISSUES ", \"statements\": ["
		   ST(1, POS("territory", "oppose")) ", " ST(2, POS("territory", "support")) "]}");
	write_file("new.json", SNAP_HEAD(2)
		   "\"issues\": [{\"slug\": \"land\", \"title\": \"T\"}], "
		   "\"aliases\": [{\"kind\": \"issue\", \"slug\": \"territory\", \"entity\": \"land\"}], "
		   "\"statements\": [" ST(1, POS("territory", "oppose")) ", "
		   ST(2, POS("land", "oppose")) "]}");
	ck_assert_int_eq(stance_coder_load(&c[0], path_of(p[0], "old.json")), 0);
	ck_assert_int_eq(stance_coder_load(&c[1], path_of(p[1], "new.json")), 0);
	ck_assert_int_eq(stance_agreement_compute(&a, c, 2, NULL, 0, STANCE_ALPHA_ORDINAL), 0);
	/* old.json's territory is new.json's land: one issue, called by its
	 * new slug, with both statements as units */
	ck_assert_uint_eq(a->nissues, 1);
	ck_assert_str_eq(a->issues[0].issue, "land");
	ck_assert_uint_eq(a->overall.stance.units, 2);
	ck_assert_uint_eq(a->ndisagreements, 1);
	ck_assert_str_eq(a->disagreements[0].statement, ID(2));
	stance_agreement_free(a);
	/* the former slug names it in --issue too */
	ck_assert_int_eq(stance_agreement_compute(&a, c, 2, (const char *const[]){ "territory" },
						  1, STANCE_ALPHA_ORDINAL), 0);
	ck_assert_uint_eq(a->overall.stance.units, 2);
	stance_agreement_free(a);
	stance_coder_free(c[0]);
	stance_coder_free(c[1]);
}
END_TEST
