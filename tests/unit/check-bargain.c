/* Assessments, outcomes, forecasts and the backtest through the database
 * (bargain.h): the inputs the models get from positions, assessments and
 * defaults, the zone, the history of assessments and outcomes, their
 * merge, and a backtest on data whose outcomes are known by construction.
 * The models' arithmetic has its own suite (check-bargain-model.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"

static stance_change_options by(const char *who, const char *reason)
{
	stance_change_options co = STANCE_CHANGE_OPTIONS_INIT;

	co.by = who;
	co.reason = reason;
	return co;
}

/* Assesses party on issue (NULL: party-wide) with a salience (< 0: none)
 * and a capability (< 0: none) as of date. */
static int assess(stance_db *db, char *id, const char *party, const char *issue, double s,
		  double c, const char *date)
{
	stance_assess_options o = STANCE_ASSESS_OPTIONS_INIT;

	o.party = party;
	o.issue = issue;
	o.has_salience = s >= 0;
	o.salience = s;
	o.has_capability = c >= 0;
	o.capability = c;
	o.date = date;
	o.recorded_by = "tester";
	return stance_assessment_add(id, db, &o);
}

static int outcome(stance_db *db, char *id, const char *issue, const char *date, double point)
{
	stance_outcome_options o = STANCE_OUTCOME_OPTIONS_INIT;

	o.issue = issue;
	o.date = date;
	o.has_point = 1;
	o.point = point;
	o.recorded_by = "tester";
	return stance_outcome_add(id, db, &o);
}

/* A database with parties p0 ... p<n-1> and one issue "x". */
static stance_db *parties_db(size_t n, const char *status_quo)
{
	stance_db *db = test_db();
	char slug[16];

	for (size_t k = 0; k < n; k++) {
		snprintf(slug, sizeof(slug), "p%zu", k);
		test_add(db, STANCE_PARTY, slug, "A party", NULL, NULL);
	}
	test_add(db, STANCE_ISSUE, "x", "The issue", NULL, NULL);
	if (status_quo) {
		stance_entity e = { .type = STANCE_ISSUE };
		stance_change_options co = by("tester", NULL);
		size_t sq;

		ck_assert(stance_entity_info_get(STANCE_ISSUE) != NULL);
		for (sq = 0; strcmp(stance_entity_info_get(STANCE_ISSUE)->fields[sq].name,
				    "status_quo") != 0; sq++)
			;
		e.field[STANCE_ENTITY_SLUG] = "x";
		e.field[sq] = (char *)status_quo;
		ck_assert_int_eq(stance_entity_edit(NULL, db, &e, &co), 0);
	}
	return db;
}

/* Records party's position spec on "x" said on date. */
static void say(stance_db *db, const char *party, const char *date, const char *spec)
{
	char id[37], buf[64];
	const char *specs[] = { buf };

	snprintf(buf, sizeof(buf), "x=%s", spec);
	test_record(id, db, party, date, NULL, specs, 1);
}

/* The one forecast a walk gives, copied out. */
struct one {
	int calls;
	stance_forecast f;
	char assumed_s[256], assumed_c[256], bounded[256];
};

static void list_add(char *buf, const char *slug)
{
	if (buf[0])
		strcat(buf, ",");
	strcat(buf, slug);
}

static int keep_one(const stance_forecast *f, void *ctx)
{
	struct one *o = ctx;

	o->calls++;
	o->f = *f;
	for (size_t k = 0; k < f->nparties; k++) {
		if (f->parties[k].assumed_salience)
			list_add(o->assumed_s, f->parties[k].party);
		if (f->parties[k].assumed_capability)
			list_add(o->assumed_c, f->parties[k].party);
	}
	for (size_t k = 0; k < f->nbounded; k++)
		list_add(o->bounded, f->bounded_by[k]);
	/* the pointers die with the call */
	o->f.parties = NULL;
	o->f.bounded_by = NULL;
	o->f.issue = NULL;
	o->f.as_of = NULL;
	return 0;
}

static struct one forecast_of(stance_db *db, const stance_scope *scope)
{
	struct one o;

	memset(&o, 0, sizeof(o));
	ck_assert_msg(stance_forecast_foreach(db, scope, 0, keep_one, &o) == 0, "%s",
		      stance_error_last());
	ck_assert_int_eq(o.calls, 1);
	return o;
}

/* The Greece 2015 vector of design §8, through positions and assessments:
 * the models get exactly (x, c, s). */
START_TEST(test_greece_through_the_database)
{
	static const double v[11][3] = {
		{ 40, 100, 100 }, { 60, 30, 100 }, { 70, 20, 100 }, { 80, 10, 100 }, { 100, 100, 80 },
		{ 100, 70, 100 }, { 100, 70, 40 }, { 100, 70, 40 }, { 100, 50, 100 }, { 100, 20, 70 },
		{ 100, 20, 100 },
	};
	stance_db *db = parties_db(11, NULL);
	char slug[16], spec[16], id[37];
	struct one o;

	for (size_t k = 0; k < 11; k++) {
		snprintf(slug, sizeof(slug), "p%zu", k);
		snprintf(spec, sizeof(spec), "@%g", v[k][0]);
		say(db, slug, "2015-06-01", spec);
		ck_assert_int_eq(assess(db, id, slug, "x", v[k][2], -1, "2015-06-01"), 0);
		ck_assert_int_eq(assess(db, id, slug, NULL, -1, v[k][1], "2015-06-01"), 0);
	}
	o = forecast_of(db, NULL);
	ck_assert(o.f.has[STANCE_MODEL_COMPROMISE]);
	ck_assert_double_eq_tol(o.f.value[STANCE_MODEL_COMPROMISE], 82.2222, 1e-4);
	ck_assert(o.f.has[STANCE_MODEL_MEDIAN]);
	ck_assert_double_eq(o.f.value[STANCE_MODEL_MEDIAN], 100);
	/* no status quo: no Nash; no outcomes: no fit */
	ck_assert(!o.f.has[STANCE_MODEL_NASH]);
	ck_assert(!o.f.has[STANCE_MODEL_FITTED]);
	ck_assert_str_eq(o.assumed_s, "");
	ck_assert_str_eq(o.assumed_c, "");
	/* 82.2 is within 37.5 of the middle: support */
	ck_assert_int_eq(o.f.stance, 1);
	stance_db_close(db);
}
END_TEST

/* Defaults: salience 100 with a red line, else 50; capability 1; each puts
 * the party in assumed. An issue-specific capability beats a party-wide
 * one. */
START_TEST(test_defaults_and_assumed)
{
	stance_db *db = parties_db(3, NULL);
	char id[37];
	struct one o;

	say(db, "p0", "2020-01-01", "--!");
	say(db, "p1", "2020-01-01", "++");
	say(db, "p2", "2020-01-01", "@60");
	ck_assert_int_eq(assess(db, id, "p2", "x", 10, -1, "2020-01-01"), 0);
	ck_assert_int_eq(assess(db, id, "p1", NULL, -1, 9, "2020-01-01"), 0);
	ck_assert_int_eq(assess(db, id, "p1", "x", -1, 3, "2020-01-01"), 0);
	o = forecast_of(db, NULL);
	ck_assert_str_eq(o.assumed_s, "p0,p1");
	ck_assert_str_eq(o.assumed_c, "p0,p2");
	/* w: p0 1*100 at 0, p1 3*50 at 100, p2 1*10 at 60 */
	ck_assert_double_eq_tol(o.f.value[STANCE_MODEL_COMPROMISE],
				(0 * 100 + 100 * 150 + 60 * 10) / 260.0, 1e-12);
	/* p0's red line below 50 rules out (50, 100] */
	ck_assert_double_eq(o.f.zone_low, 0);
	ck_assert_double_eq(o.f.zone_high, 50);
	ck_assert_str_eq(o.bounded, "p0");
	ck_assert_double_eq(o.f.clamped[STANCE_MODEL_COMPROMISE], 50);
	ck_assert_int_eq(o.f.stance, 0);
	stance_db_close(db);
}
END_TEST

/* As of a date: the positions and assessments of that date; a retracted
 * assessment takes no part; the latest by (date, recorded_at, id) wins. */
START_TEST(test_as_of_and_retraction)
{
	stance_db *db = parties_db(2, NULL);
	stance_scope scope = STANCE_SCOPE_INIT;
	stance_change_options co = by("tester", "wrong");
	char id[37], late[37], rev[37];
	struct one o;

	say(db, "p0", "2020-01-01", "@0");
	say(db, "p1", "2020-01-01", "@100");
	ck_assert_int_eq(assess(db, id, "p0", "x", 90, -1, "2020-01-01"), 0);
	ck_assert_int_eq(assess(db, late, "p0", "x", 10, -1, "2020-06-01"), 0);
	say(db, "p1", "2020-06-01", "@80");
	scope.as_of = "2020-03-01";
	o = forecast_of(db, &scope);
	/* p0 90 at 0, p1 50 at 100 */
	ck_assert_double_eq_tol(o.f.value[STANCE_MODEL_COMPROMISE], 5000 / 140.0, 1e-12);
	o = forecast_of(db, NULL);
	ck_assert_double_eq_tol(o.f.value[STANCE_MODEL_COMPROMISE], 80 * 50 / 60.0, 1e-12);
	ck_assert_int_eq(stance_record_retract(rev, db, STANCE_TARGET_ASSESSMENT, late, &co), 0);
	o = forecast_of(db, NULL);
	ck_assert_double_eq_tol(o.f.value[STANCE_MODEL_COMPROMISE], 80 * 50 / 140.0, 1e-12);
	/* twice is refused; unretract brings it back */
	ck_assert_int_eq(stance_record_retract(rev, db, STANCE_TARGET_ASSESSMENT, late, &co),
			 STANCE_EEXISTS);
	ck_assert_int_eq(stance_record_unretract(rev, db, STANCE_TARGET_ASSESSMENT, late, &co), 0);
	o = forecast_of(db, NULL);
	ck_assert_double_eq_tol(o.f.value[STANCE_MODEL_COMPROMISE], 80 * 50 / 60.0, 1e-12);
	stance_db_close(db);
}
END_TEST

/* The database as known at a time: an assessment recorded later does not
 * exist, and a retraction made later has not happened. */
START_TEST(test_as_known)
{
	stance_db *db = parties_db(2, NULL);
	stance_assess_options ao = STANCE_ASSESS_OPTIONS_INIT;
	stance_scope scope = STANCE_SCOPE_INIT;
	stance_change_options co = by("tester", "wrong");
	char id[37], rev[37];
	struct one o;

	say(db, "p0", "2020-01-01", "@0");
	say(db, "p1", "2020-01-01", "@100");
	ao.party = "p0";
	ao.issue = "x";
	ao.has_salience = 1;
	ao.salience = 90;
	ao.date = "2020-01-01";
	ao.recorded_by = "tester";
	/* times after the statements' and entities' (made now) */
	ao.recorded_at = "2100-01-01T00:00:00Z";
	ck_assert_int_eq(stance_assessment_add(id, db, &ao), 0);
	co.at = "2101-01-01T00:00:00Z";
	ck_assert_int_eq(stance_record_retract(rev, db, STANCE_TARGET_ASSESSMENT, id, &co), 0);
	scope.as_known = "2099-12-31";
	o = forecast_of(db, &scope);
	ck_assert_str_eq(o.assumed_s, "p0,p1");
	scope.as_known = "2100-06-01";
	o = forecast_of(db, &scope);
	ck_assert_str_eq(o.assumed_s, "p1");
	ck_assert_double_eq_tol(o.f.value[STANCE_MODEL_COMPROMISE], 5000 / 140.0, 1e-12);
	o = forecast_of(db, NULL);
	ck_assert_str_eq(o.assumed_s, "p0,p1");
	stance_db_close(db);
}
END_TEST

/* Nash from the issue's status quo: the worked vector of design §8, and
 * null when the status quo lies between the parties. */
START_TEST(test_nash_status_quo)
{
	stance_db *db = parties_db(3, "-50");
	char id[37];
	struct one o;

	say(db, "p0", "2020-01-01", "@0");
	say(db, "p1", "2020-01-01", "@100");
	say(db, "p2", "2020-01-01", "@100");
	for (int k = 0; k < 3; k++) {
		char slug[8];

		snprintf(slug, sizeof(slug), "p%d", k);
		ck_assert_int_eq(assess(db, id, slug, "x", 50, -1, "2020-01-01"), 0);
	}
	o = forecast_of(db, NULL);
	ck_assert(o.f.has_status_quo);
	ck_assert(o.f.has[STANCE_MODEL_NASH]);
	ck_assert_double_eq_tol(o.f.value[STANCE_MODEL_NASH], 20.4666, 1e-4);
	stance_db_close(db);
	db = parties_db(2, "50");
	say(db, "p0", "2020-01-01", "@0");
	say(db, "p1", "2020-01-01", "@100");
	o = forecast_of(db, NULL);
	ck_assert(!o.f.has[STANCE_MODEL_NASH]);
	ck_assert(o.f.has[STANCE_MODEL_COMPROMISE]);
	stance_db_close(db);
}
END_TEST

/* Every rule of an assessment and an outcome, and nothing written when one
 * is broken. */
START_TEST(test_input_rules)
{
	stance_db *db = parties_db(1, NULL);
	stance_outcome_options oo = STANCE_OUTCOME_OPTIONS_INIT;
	char id[37];

	ck_assert_int_eq(assess(db, id, "p0", "x", 101, -1, "2020-01-01"), STANCE_EINVALID);
	ck_assert_error_has("salience");
	ck_assert_int_eq(assess(db, id, "p0", "x", -1, -1, "2020-01-01"), STANCE_EINVALID);
	ck_assert_int_eq(assess(db, id, "p0", NULL, 50, -1, "2020-01-01"), STANCE_EINVALID);
	ck_assert_error_has("needs an issue");
	ck_assert_int_eq(assess(db, id, "p0", "x", -1, INFINITY, "2020-01-01"), STANCE_EINVALID);
	ck_assert_int_eq(assess(db, id, "p0", "x", 50, -1, "2020-02-30"), STANCE_EINVALID);
	ck_assert_int_eq(assess(db, id, "nobody", "x", 50, -1, "2020-01-01"), STANCE_ENOTFOUND);
	ck_assert_int_eq(assess(db, id, "p0", "nothing", 50, -1, "2020-01-01"), STANCE_ENOTFOUND);
	ck_assert_int_eq(outcome(db, id, "x", "2020-01-01", 100.5), STANCE_EINVALID);
	ck_assert_int_eq(outcome(db, id, "nothing", "2020-01-01", 50), STANCE_ENOTFOUND);
	oo.issue = "x";
	oo.date = "2020-01-01";
	oo.recorded_by = "tester";
	ck_assert_int_eq(stance_outcome_add(id, db, &oo), STANCE_EINVALID);
	oo.has_stance = 1;
	oo.stance = -1;
	ck_assert_int_eq(stance_outcome_add(id, db, &oo), 0);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM assessment"), 0);
	ck_assert_int_eq(test_sql_int(db, "SELECT point FROM outcome"), 25);
	/* a party or issue something assesses is not removed */
	ck_assert_int_eq(assess(db, id, "p0", NULL, -1, 2, "2020-01-01"), 0);
	{
		stance_change_options co = by("tester", NULL);

		ck_assert_int_eq(stance_entity_remove(NULL, db, STANCE_PARTY, "p0", &co),
				 STANCE_EEXISTS);
		ck_assert_error_has("assessment");
		ck_assert_int_eq(stance_entity_remove(NULL, db, STANCE_ISSUE, "x", &co),
				 STANCE_EEXISTS);
		ck_assert_error_has("outcome");
	}
	stance_db_close(db);
}
END_TEST

/* A record id is found whichever kind it is; the log tells its story. */
static int count_revision(const stance_revision *r, void *ctx)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

START_TEST(test_records_resolve_and_log)
{
	stance_db *db = parties_db(1, NULL);
	stance_log_filter lf = STANCE_LOG_FILTER_INIT;
	stance_change_options co = by("tester", "typo");
	stance_target_kind kind;
	char a[37], o[37], full[37], rev[37];
	int n = 0;

	ck_assert_int_eq(assess(db, a, "p0", "x", 40, -1, "2020-01-01"), 0);
	ck_assert_int_eq(outcome(db, o, "x", "2020-05-01", 20), 0);
	ck_assert_int_eq(stance_record_resolve(&kind, full, db, a), 0);
	ck_assert_int_eq(kind, STANCE_TARGET_ASSESSMENT);
	ck_assert_int_eq(stance_record_resolve(&kind, full, db, o), 0);
	ck_assert_int_eq(kind, STANCE_TARGET_OUTCOME);
	ck_assert_str_eq(full, o);
	ck_assert_int_eq(stance_record_resolve(&kind, full, db, "ffffffff"), STANCE_ENOTFOUND);
	ck_assert_int_eq(stance_record_retract(rev, db, STANCE_TARGET_OUTCOME, o, &co), 0);
	lf.target = o;
	ck_assert_int_eq(stance_revision_foreach(db, &lf, count_revision, &n), 0);
	/* the retraction and the creation */
	ck_assert_int_eq(n, 2);
	/* a revert brings it back */
	ck_assert_int_eq(stance_revision_revert(NULL, db, rev, &co), 0);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM outcome WHERE retracted_at IS NULL"),
			 1);
	stance_db_close(db);
}
END_TEST

/* Export → import into an empty database → export: the same bytes but the
 * time of export; the same snapshot twice changes nothing; two analysts'
 * assessments merge; a contradiction is refused, then resolved. */
static char *export_of(stance_db *db)
{
	char *buf = NULL, *line;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(stance_snapshot_export(db, f), 0);
	fclose(f);
	/* without "exported_at" */
	line = strstr(buf, "\"exported_at\"");
	ck_assert_ptr_nonnull(line);
	memset(line, ' ', strcspn(line, "\n"));
	return buf;
}

static int import_text(stance_db *db, stance_snapshot_summary *sum, const char *text,
		       unsigned flags)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;

	ck_assert_ptr_nonnull(f);
	rc = util_import(sum, db, f, "tester", flags);
	fclose(f);
	return rc;
}

START_TEST(test_snapshot_round_trip_and_merge)
{
	stance_db *a = parties_db(2, NULL), *b = test_db(), *c = NULL;
	stance_change_options co = by("tester", "wrong");
	stance_snapshot_summary sum;
	char id[37], o[37], *ea, *eb;

	say(a, "p0", "2020-01-01", "@10");
	ck_assert_int_eq(assess(a, id, "p0", "x", 33.5, -1, "2020-01-01"), 0);
	ck_assert_int_eq(assess(a, id, "p1", NULL, -1, 2.25, "2020-01-02"), 0);
	ck_assert_int_eq(outcome(a, o, "x", "2020-02-01", 12.5), 0);
	ck_assert_int_eq(stance_record_retract(NULL, a, STANCE_TARGET_ASSESSMENT, id, &co), 0);
	ea = export_of(a);
	ck_assert_int_eq(import_text(b, &sum, ea, 0), 0);
	ck_assert_int_eq(sum.added[STANCE_SNAPSHOT_ASSESSMENTS], 2);
	ck_assert_int_eq(sum.added[STANCE_SNAPSHOT_OUTCOMES], 1);
	stance_snapshot_summary_clear(&sum);
	eb = export_of(b);
	ck_assert_str_eq(ea, eb);
	free(eb);
	ck_assert_int_eq(import_text(b, &sum, ea, 0), 0);
	ck_assert_int_eq(sum.added[STANCE_SNAPSHOT_ASSESSMENTS], 0);
	ck_assert_int_eq(sum.unchanged[STANCE_SNAPSHOT_ASSESSMENTS], 2);
	ck_assert_int_eq(sum.unchanged[STANCE_SNAPSHOT_OUTCOMES], 1);
	stance_snapshot_summary_clear(&sum);
	eb = export_of(b);
	ck_assert_str_eq(ea, eb);
	free(eb);

	/* b assesses too; a's snapshot keeps b's work, and b's reaches a */
	ck_assert_int_eq(assess(b, id, "p0", NULL, -1, 4, "2020-03-01"), 0);
	eb = export_of(b);
	ck_assert_int_eq(import_text(a, &sum, eb, 0), 0);
	ck_assert_int_eq(sum.added[STANCE_SNAPSHOT_ASSESSMENTS], 1);
	stance_snapshot_summary_clear(&sum);
	free(ea);
	ea = export_of(a);
	ck_assert_str_eq(ea, eb);
	free(eb);

	/* the same outcome with another point, without a revision, is a
	 * contradiction: refused, the database unchanged; --prefer theirs
	 * keeps the snapshot's and writes a revision that can be reverted */
	c = test_db();
	ck_assert_int_eq(import_text(c, &sum, ea, 0), 0);
	stance_snapshot_summary_clear(&sum);
	/* a hand edit, which writes no revision */
	test_sql_int(c, "UPDATE outcome SET point = 40");
	ck_assert_int_eq(import_text(c, &sum, ea, 0), STANCE_ECONFLICT);
	ck_assert_uint_eq(sum.ncontradictions, 1);
	stance_snapshot_summary_clear(&sum);
	ck_assert_int_eq(test_sql_int(c, "SELECT point FROM outcome"), 40);
	ck_assert_int_eq(import_text(c, &sum, ea, STANCE_SNAPSHOT_PREFER_THEIRS), 0);
	stance_snapshot_summary_clear(&sum);
	ck_assert_int_eq(test_sql_int(c, "SELECT point * 10 FROM outcome"), 125);
	ck_assert_int_eq(test_sql_int(c, "SELECT count(*) FROM revision AS r JOIN revision_change"
				      " AS ch ON ch.revision_id = r.id WHERE r.target_kind ="
				      " 'outcome' AND ch.member = 'point'"), 1);
	free(ea);
	stance_db_close(a);
	stance_db_close(b);
	stance_db_close(c);
}
END_TEST

/* Bad assessments and outcomes in a snapshot: refused with their path,
 * nothing written. */
START_TEST(test_snapshot_refusals)
{
	static const char *const bad[][2] = {
		{ "\"assessments\": [{\"id\": \"00000000-0000-4000-8000-000000000001\", \"party\":"
		  " \"p0\", \"issue\": \"x\", \"salience\": 120, \"date\": \"2020-01-01\"}]",
		  "$.assessments[0].salience" },
		{ "\"assessments\": [{\"id\": \"00000000-0000-4000-8000-000000000001\", \"party\":"
		  " \"p0\", \"date\": \"2020-01-01\"}]", "$.assessments[0]" },
		{ "\"assessments\": [{\"id\": \"00000000-0000-4000-8000-000000000001\", \"party\":"
		  " \"zz\", \"capability\": 1, \"date\": \"2020-01-01\"}]", "$.assessments[0]" },
		{ "\"outcomes\": [{\"id\": \"00000000-0000-4000-8000-000000000002\", \"issue\":"
		  " \"x\", \"date\": \"2020-01-01\"}]", "$.outcomes[0].point" },
		{ "\"outcomes\": [{\"id\": \"00000000-0000-4000-8000-000000000002\", \"issue\":"
		  " \"x\", \"date\": \"2020-01-01\", \"point\": 5, \"colour\": 1}]",
		  "$.outcomes[0].colour" },
		{ "\"outcomes\": [{\"id\": \"00000000-0000-4000-8000-000000000002\", \"issue\":"
		  " \"x\", \"date\": \"2020-01-01\", \"point\": 5}, {\"id\":"
		  " \"00000000-0000-4000-8000-000000000002\", \"issue\": \"x\", \"date\":"
		  " \"2020-01-01\", \"point\": 5}]", "$.outcomes[1].id" },
	};
	stance_db *db = parties_db(1, NULL);
	stance_snapshot_summary sum;
	char doc[2048];

	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		/* the records first: they wait for the entities */
		snprintf(doc, sizeof(doc), "{\"format\": \"stance-snapshot\", \"version\": 2, %s,"
			 " \"parties\": [{\"slug\": \"p0\", \"name\": \"A party\"}], \"issues\":"
			 " [{\"slug\": \"x\", \"title\": \"The issue\"}], \"statements\": []}",
			 bad[k][0]);
		ck_assert_int_ne(import_text(db, &sum, doc, 0), 0);
		stance_snapshot_summary_clear(&sum);
		ck_assert_msg(strstr(stance_error_last(), bad[k][1]) != NULL, "case %zu: '%s' lacks "
			      "'%s'", k, stance_error_last(), bad[k][1]);
		ck_assert_int_eq(test_sql_int(db, "SELECT (SELECT count(*) FROM assessment) +"
					      " (SELECT count(*) FROM outcome)"), 0);
	}
	stance_db_close(db);
}
END_TEST

/* A backtest on data made so that the compromise model is exact: every
 * outcome is the compromise of the positions the day before it. The
 * median's errors are computed by hand; n counts the forecasts made. */
static int keep_row(const stance_backtest_row *row, void *ctx)
{
	double *errs = ctx;
	size_t k = (size_t)errs[0]++;

	errs[1 + 3 * k] = row->has[STANCE_MODEL_COMPROMISE] ? row->error[STANCE_MODEL_COMPROMISE] :
		-1;
	errs[2 + 3 * k] = row->has[STANCE_MODEL_MEDIAN] ? row->value[STANCE_MODEL_MEDIAN] : -1;
	errs[3 + 3 * k] = row->has[STANCE_MODEL_FITTED] ? 1 : 0;
	return 0;
}

START_TEST(test_backtest_known_outcomes)
{
	stance_db *db = parties_db(3, NULL);
	stance_backtest_summary sum;
	double rows[64] = { 0 };
	char id[37];

	test_add(db, STANCE_ISSUE, "y", "Another issue", NULL, NULL);
	say(db, "p0", "2020-01-01", "@0");
	say(db, "p1", "2020-01-01", "@60");
	say(db, "p2", "2020-01-01", "@90");
	/* weights 50 each: the compromise 50, the median 60 */
	ck_assert_int_eq(outcome(db, id, "x", "2020-01-02", 50), 0);
	/* said on the day of the outcome: not known the day before */
	say(db, "p2", "2020-03-01", "@30");
	ck_assert_int_eq(outcome(db, id, "x", "2020-03-01", 50), 0);
	/* the day after: (0 + 60 + 30) / 3 = 30, median 30 */
	ck_assert_int_eq(outcome(db, id, "x", "2020-03-02", 30), 0);
	/* nobody holds a position on y: no forecast */
	ck_assert_int_eq(outcome(db, id, "y", "2020-04-01", 10), 0);
	ck_assert_int_eq(stance_backtest_run(&sum, db, NULL, 0, keep_row, rows), 0);
	ck_assert_double_eq(rows[0], 4);
	ck_assert_double_eq_tol(rows[1], 0, 1e-12);
	ck_assert_double_eq(rows[2], 60);
	ck_assert_double_eq_tol(rows[4], 0, 1e-12);
	ck_assert_double_eq(rows[5], 60);
	ck_assert_double_eq_tol(rows[7], 0, 1e-12);
	ck_assert_double_eq(rows[8], 30);
	ck_assert_double_eq(rows[10], -1);
	ck_assert_uint_eq(sum.n[STANCE_MODEL_COMPROMISE], 3);
	ck_assert_double_eq_tol(sum.mae[STANCE_MODEL_COMPROMISE], 0, 1e-12);
	ck_assert_uint_eq(sum.n[STANCE_MODEL_MEDIAN], 3);
	ck_assert_double_eq_tol(sum.mae[STANCE_MODEL_MEDIAN], 20 / 3.0, 1e-12);
	ck_assert_double_eq_tol(sum.median_error[STANCE_MODEL_MEDIAN], 10, 1e-12);
	/* no status quo: no Nash at all */
	ck_assert_uint_eq(sum.n[STANCE_MODEL_NASH], 0);
	/* leave one issue out: the outcomes of x have only each other, on the
	 * same issue, and y's inputs are empty, so the fit never learns */
	ck_assert_uint_eq(sum.n[STANCE_MODEL_FITTED], 0);
	/* as of is refused: each outcome has its own date */
	{
		stance_scope scope = STANCE_SCOPE_INIT;

		scope.as_of = "2020-01-01";
		ck_assert_int_eq(stance_backtest_run(&sum, db, &scope, 0, keep_row, rows),
				 STANCE_EINVALID);
	}
	stance_db_close(db);
}
END_TEST

/* The fitted model, out of sample, on outcomes made by the compromise
 * with true capabilities the assessments do not know: it learns them from
 * the other issues and beats the compromise with the assessed ones. */
static int ignore_row(const stance_backtest_row *row, void *ctx)
{
	(void)row;
	(void)ctx;
	return 0;
}

START_TEST(test_fitted_learns_capabilities)
{
	enum { NP = 4, NI = 24 };
	static const double truth[NP] = { 4, 1, 0.5, 2 };
	stance_db *db = parties_db(NP, NULL);
	stance_backtest_summary sum;
	unsigned seed = 7;
	char slug[16], issue[16], spec[32], id[37], date[16];

	for (int i = 0; i < NI; i++) {
		double num = 0, den = 0;

		snprintf(issue, sizeof(issue), "i%d", i);
		test_add(db, STANCE_ISSUE, issue, "An issue", NULL, NULL);
		for (int p = 0; p < NP; p++) {
			const char *specs[] = { spec };
			double x;

			seed = seed * 1103515245u + 12345u;
			x = (double)((seed >> 16) % 101);
			snprintf(slug, sizeof(slug), "p%d", p);
			snprintf(spec, sizeof(spec), "%s=@%g", issue, x);
			snprintf(date, sizeof(date), "2020-%02d-01", 1 + i / 4);
			test_record(id, db, slug, date, NULL, specs, 1);
			/* salience 50 by default; capability 1 as assessed */
			num += truth[p] * 50 * x;
			den += truth[p] * 50;
		}
		snprintf(date, sizeof(date), "2020-%02d-15", 1 + i / 4);
		/* a point has at most 15 significant digits */
		snprintf(spec, sizeof(spec), "%.4f", num / den);
		ck_assert_int_eq(outcome(db, id, issue, date, strtod(spec, NULL)), 0);
	}
	ck_assert_int_eq(stance_backtest_run(&sum, db, NULL, 0, ignore_row, NULL), 0);
	/* the first month's outcomes have nothing before them */
	ck_assert_uint_gt(sum.n[STANCE_MODEL_FITTED], NI / 2);
	ck_assert_uint_eq(sum.n[STANCE_MODEL_COMPROMISE], NI);
	ck_assert_msg(sum.mae[STANCE_MODEL_FITTED] < 0.5 * sum.mae[STANCE_MODEL_COMPROMISE],
		      "fitted %g against compromise %g", sum.mae[STANCE_MODEL_FITTED],
		      sum.mae[STANCE_MODEL_COMPROMISE]);
	stance_db_close(db);
}
END_TEST

/* stance check: a database whose assessments and outcomes were corrected
 * is sound; one whose values a hand edit moved away from their history is
 * not, and says which. */
static void count_problem(const char *msg, void *ctx)
{
	strncat(ctx, msg, 255);
	strcat(ctx, "\n");
}

START_TEST(test_check_knows_the_records)
{
	stance_db *db = parties_db(1, NULL);
	stance_change_options co = by("tester", "wrong");
	char a[37], o[37], rev[37], problems[2048] = "";
	size_t n = 99;

	ck_assert_int_eq(assess(db, a, "p0", "x", 40, -1, "2020-01-01"), 0);
	ck_assert_int_eq(outcome(db, o, "x", "2020-05-01", 20), 0);
	ck_assert_int_eq(stance_record_retract(rev, db, STANCE_TARGET_OUTCOME, o, &co), 0);
	ck_assert_int_eq(stance_record_retract(rev, db, STANCE_TARGET_ASSESSMENT, a, &co), 0);
	ck_assert_int_eq(stance_record_unretract(rev, db, STANCE_TARGET_ASSESSMENT, a, &co), 0);
	ck_assert_int_eq(stance_db_check(db, &n, count_problem, problems), 0);
	ck_assert_msg(n == 0, "%s", problems);
	test_sql_int(db, "UPDATE outcome SET retracted_at = NULL, retracted_by = NULL,"
		     " retraction_reason = NULL");
	ck_assert_int_eq(stance_db_check(db, &n, count_problem, problems), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_nonnull(strstr(problems, "outcome"));
	ck_assert_ptr_nonnull(strstr(problems, "its latest revision"));
	stance_db_close(db);
}
END_TEST

/* An id names one record, whatever its kind: given to an assessment, an
 * outcome or a statement, one another kind has is refused, and an import
 * that would make two of them is refused whole. */
START_TEST(test_one_id_one_record)
{
	stance_db *db = parties_db(1, NULL);
	stance_assess_options ao = STANCE_ASSESS_OPTIONS_INIT;
	stance_outcome_options oo = STANCE_OUTCOME_OPTIONS_INIT;
	stance_record_options ro = STANCE_RECORD_OPTIONS_INIT;
	stance_snapshot_summary sum;
	char a[37], doc[1024];

	ck_assert_int_eq(assess(db, a, "p0", "x", 40, -1, "2020-01-01"), 0);
	oo.id = a;
	oo.issue = "x";
	oo.date = "2020-01-01";
	oo.has_point = 1;
	oo.point = 5;
	oo.recorded_by = "tester";
	ck_assert_int_eq(stance_outcome_add(NULL, db, &oo), STANCE_EEXISTS);
	ck_assert_error_has("already names an assessment");
	ro.id = a;
	ro.party = "p0";
	ro.said_on = "2020-01-01";
	ro.text = "Words.";
	ro.recorded_by = "tester";
	ck_assert_int_eq(stance_statement_record(NULL, db, &ro), STANCE_EEXISTS);
	ao.id = a;
	ao.party = "p0";
	ao.has_capability = 1;
	ao.capability = 2;
	ao.date = "2020-01-01";
	ao.recorded_by = "tester";
	ck_assert_int_eq(stance_assessment_add(NULL, db, &ao), STANCE_EEXISTS);
	ck_assert_error_has("assessment");
	snprintf(doc, sizeof(doc), "{\"format\": \"stance-snapshot\", \"version\": 2,"
		 " \"parties\": [], \"issues\": [], \"statements\": [], \"outcomes\": [{\"id\":"
		 " \"%s\", \"issue\": \"x\", \"date\": \"2020-01-01\", \"point\": 5}]}", a);
	ck_assert_int_eq(import_text(db, &sum, doc, 0), STANCE_EEXISTS);
	stance_snapshot_summary_clear(&sum);
	ck_assert_error_has(a);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM outcome"), 0);
	stance_db_close(db);
}
END_TEST

/* A backtest's forecast of an outcome does not depend on which other
 * outcomes are tested: the same with --issue as without. */
struct by_issue {
	char issue[16];
	double fitted;
	int has;
};

static int keep_fitted(const stance_backtest_row *row, void *ctx)
{
	struct by_issue *b = ctx;

	for (; b->issue[0]; b++)
		;
	snprintf(b->issue, sizeof(b->issue), "%s", row->outcome->issue);
	b->has = row->has[STANCE_MODEL_FITTED];
	b->fitted = row->value[STANCE_MODEL_FITTED];
	return 0;
}

START_TEST(test_backtest_rows_stand_alone)
{
	enum { NP = 3, NI = 8 };
	stance_db *db = parties_db(NP, NULL);
	struct by_issue all[NI + 1], one[2];
	stance_backtest_summary sum;
	unsigned seed = 3;
	char slug[16], issue[16], spec[32], id[37], date[16];

	for (int i = 0; i < NI; i++) {
		snprintf(issue, sizeof(issue), "i%d", i);
		test_add(db, STANCE_ISSUE, issue, "An issue", NULL, NULL);
		for (int p = 0; p < NP; p++) {
			const char *specs[] = { spec };

			seed = seed * 1103515245u + 12345u;
			snprintf(slug, sizeof(slug), "p%d", p);
			snprintf(spec, sizeof(spec), "%s=@%u", issue, (seed >> 16) % 101);
			snprintf(date, sizeof(date), "2020-%02d-01", 1 + i);
			test_record(id, db, slug, date, NULL, specs, 1);
		}
		snprintf(date, sizeof(date), "2020-%02d-10", 1 + i);
		ck_assert_int_eq(outcome(db, id, issue, date, (seed >> 8) % 101), 0);
	}
	memset(all, 0, sizeof(all));
	ck_assert_int_eq(stance_backtest_run(&sum, db, NULL, 0, keep_fitted, all), 0);
	for (int i = 1; i < NI; i++) {
		stance_scope scope = STANCE_SCOPE_INIT;
		const char *issues[] = { all[i].issue };

		scope.issues = issues;
		scope.nissues = 1;
		memset(one, 0, sizeof(one));
		ck_assert_int_eq(stance_backtest_run(&sum, db, &scope, 0, keep_fitted, one), 0);
		ck_assert_str_eq(one[0].issue, all[i].issue);
		ck_assert_int_eq(one[0].has, all[i].has);
		ck_assert_msg(one[0].fitted == all[i].fitted, "%s: %g alone, %g among all",
			      all[i].issue, one[0].fitted, all[i].fitted);
	}
	ck_assert(all[NI - 1].has);
	stance_db_close(db);
}
END_TEST
