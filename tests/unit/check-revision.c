/* Corrections with a history: every correcting call writes one revision,
 * keeps current_position right, and revert brings the old value back. */
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

static long long revisions(stance_db *db)
{
	return test_sql_int(db, "SELECT count(*) FROM revision");
}

/* current_position equals what the statements say, both ways. */
static void current_is_right(stance_db *db)
{
	ck_assert_int_eq(test_sql_int(db,
		"WITH want AS (SELECT s.party_id AS p, x.issue_id AS i, (SELECT s2.id FROM position"
		" AS x2 JOIN statement AS s2 ON s2.id = x2.statement_id WHERE x2.issue_id ="
		" x.issue_id AND s2.party_id = s.party_id AND s2.retracted_at IS NULL ORDER BY"
		" s2.said_on DESC, s2.recorded_at DESC, s2.uuid DESC LIMIT 1) AS st FROM position AS"
		" x JOIN statement AS s ON s.id = x.statement_id GROUP BY 1, 2)"
		" SELECT (SELECT count(*) FROM (SELECT p, i, st FROM want WHERE st IS NOT NULL"
		" EXCEPT SELECT party_id, issue_id, statement_id FROM current_position))"
		" + (SELECT count(*) FROM (SELECT party_id, issue_id, statement_id FROM"
		" current_position EXCEPT SELECT p, i, st FROM want))"), 0);
}

static const char *position_of(stance_db *db, const char *id, const char *issue, char *buf)
{
	stance_statement *st = NULL;

	buf[0] = '\0';
	ck_assert_int_eq(stance_statement_get(&st, db, id), 0);
	for (size_t i = 0; i < st->npositions; i++)
		if (strcmp(st->positions[i].issue, issue) == 0)
			snprintf(buf, 64, "%d%s", st->positions[i].stance,
				 st->positions[i].red_line > 0 ? "!" :
				 st->positions[i].red_line < 0 ? "~" : "");
	stance_statement_free(st);
	return buf;
}

START_TEST(test_edit_rename_alias)
{
	stance_db *db = test_db_seeded();
	stance_change_options co = by("ann", "typo");
	stance_entity e = { .type = STANCE_PARTY }, *got = NULL;
	char rev[37], rev2[37];
	stance_revision *r = NULL;

	e.field[STANCE_PARTY_SLUG] = "ru";
	e.field[STANCE_PARTY_NAME] = "Russian Federation";
	ck_assert_int_eq(stance_entity_edit(rev, db, &e, &co), 0);
	ck_assert_int_eq(stance_revision_get(&r, db, rev), 0);
	ck_assert_str_eq(r->by, "ann");
	ck_assert_str_eq(r->reason, "typo");
	ck_assert_str_eq(r->key, "ru");
	ck_assert_uint_eq(r->nchanges, 1);
	ck_assert_str_eq(r->changes[0].member, "name");
	ck_assert_str_eq(r->changes[0].from, "\"Russia\"");
	ck_assert_str_eq(r->changes[0].to, "\"Russian Federation\"");
	stance_revision_free(r);
	/* the same value again changes nothing and writes nothing */
	ck_assert_int_eq(stance_entity_edit(NULL, db, &e, &co), STANCE_EINVALID);
	ck_assert_error_has("nothing to change");
	ck_assert_int_eq(revisions(db), 1);

	ck_assert_int_eq(stance_entity_rename(rev2, db, STANCE_PARTY, "ru", "russia", &co), 0);
	/* the old slug still names it */
	ck_assert_int_eq(stance_entity_get(&got, db, STANCE_PARTY, "ru"), 0);
	ck_assert_str_eq(got->field[STANCE_PARTY_SLUG], "russia");
	stance_entity_free(got);
	ck_assert_int_eq(stance_entity_exists(db, STANCE_PARTY, "ru"), 0);
	/* and is reserved */
	test_add(db, STANCE_PARTY, "by", "Belarus", NULL, NULL);
	ck_assert_int_eq(stance_entity_rename(NULL, db, STANCE_PARTY, "by", "ru", &co), STANCE_EEXISTS);
	ck_assert_error_has("former slug");
	ck_assert_int_eq(stance_entity_rename(NULL, db, STANCE_PARTY, "by", "ua", &co), STANCE_EEXISTS);
	/* back to the former slug: it is the slug again, and the other the alias */
	ck_assert_int_eq(stance_revision_revert(NULL, db, rev2, &co), 0);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM party WHERE slug = 'ru'"), 1);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM alias WHERE slug = 'russia'"), 1);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM alias WHERE slug = 'ru'"), 0);
	ck_assert_int_eq(revisions(db), 3);
	stance_db_close(db);
}
END_TEST

START_TEST(test_remove_restore)
{
	stance_db *db = test_db_seeded();
	stance_change_options co = by("ann", NULL);
	const char *specs[] = { "nato-membership=+" };
	char id[37];

	test_record(id, db, "eu", "2025-04-22", NULL, specs, 1);
	ck_assert_int_eq(stance_entity_remove(NULL, db, STANCE_PARTY, "eu", &co), STANCE_EEXISTS);
	ck_assert_error_has("still referred to by statement");
	ck_assert_int_eq(stance_entity_remove(NULL, db, STANCE_PARTY, "ua", &co), STANCE_EEXISTS);
	ck_assert_error_has("actor 'zelenskyy'");
	ck_assert_int_eq(stance_entity_remove(NULL, db, STANCE_PARTY, "ru", &co), 0);
	ck_assert_int_eq(stance_entity_exists(db, STANCE_PARTY, "ru"), STANCE_ENOTFOUND);
	ck_assert_error_has("stance party restore ru");
	ck_assert_int_eq(stance_entity_remove(NULL, db, STANCE_PARTY, "ru", &co), STANCE_EINVALID);
	ck_assert_error_has("already removed");
	/* its slug stays reserved */
	ck_assert_int_ne(stance_entity_add(db, &(stance_entity){ .type = STANCE_PARTY,
		.field = { "ru", "Again" } }), 0);
	ck_assert_int_eq(stance_entity_restore(NULL, db, STANCE_PARTY, "ru", &co), 0);
	ck_assert_int_eq(stance_entity_exists(db, STANCE_PARTY, "ru"), 0);
	ck_assert_int_eq(revisions(db), 2);
	stance_db_close(db);
}
END_TEST

START_TEST(test_coding)
{
	stance_db *db = test_db_seeded();
	stance_change_options co = by("bob", NULL);
	stance_position recode = { .issue = "crimea-recognition", .stance = -1 };
	stance_position bad = { .issue = "crimea-recognition", .stance = 2, .has_point = 1,
				.point = 10 };
	const char *specs[] = { "crimea-recognition=--!" }, *issues[] = { "crimea-recognition" };
	char id[37], older[37], buf[64], rev[37];

	test_record(older, db, "ua", "2025-04-20", NULL, specs, 1);
	test_record(id, db, "ua", "2025-04-22", NULL, specs, 1);
	ck_assert_int_eq(stance_statement_recode(rev, db, id, &recode, 1, &co), 0);
	ck_assert_str_eq(position_of(db, id, "crimea-recognition", buf), "-1");
	ck_assert_int_eq(stance_statement_recode(NULL, db, id, &bad, 1, &co), STANCE_EINVALID);
	ck_assert_error_has("means");
	ck_assert_int_eq(stance_statement_recode(NULL, db, id, &(stance_position){
		.issue = "nato-membership", .stance = 1 }, 1, &co), STANCE_ENOTFOUND);
	ck_assert_error_has("stance code");
	/* uncoding hands the issue back to the older statement */
	ck_assert_int_eq(stance_statement_uncode(NULL, db, id, issues, 1, &co), 0);
	ck_assert_str_eq(position_of(db, id, "crimea-recognition", buf), "");
	current_is_right(db);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM current_position AS c JOIN statement AS s"
				 " ON s.id = c.statement_id WHERE s.said_on = '2025-04-20'"), 1);
	ck_assert_int_eq(stance_statement_uncode(NULL, db, id, issues, 1, &co), STANCE_ENOTFOUND);
	/* the recode cannot be reverted past the uncode that followed it */
	ck_assert_int_eq(stance_revision_revert(NULL, db, rev, &co), STANCE_ECONFLICT);
	ck_assert_error_has("revert that one first");
	ck_assert_int_eq(util_code(db, id, &recode, 1), 0);
	ck_assert_int_eq(util_code(db, id, &recode, 1), STANCE_EEXISTS);
	current_is_right(db);
	ck_assert_int_eq(revisions(db), 3);
	stance_db_close(db);
}
END_TEST

START_TEST(test_amend_replaces)
{
	stance_db *db = test_db_seeded();
	stance_change_options co = by("ann", "wrong date");
	stance_amend_options a = STANCE_AMEND_OPTIONS_INIT;
	const char *minus[] = { "nato-membership=-" }, *plus[] = { "nato-membership=+" };
	char early[37], late[37], rev[37];

	test_record(early, db, "ua", "2025-04-20", NULL, plus, 1);
	test_record(late, db, "ua", "2025-04-22", NULL, minus, 1);
	ck_assert_int_eq(test_sql_int(db, "SELECT p.stance FROM current_position AS c JOIN position AS p"
				 " ON p.statement_id = c.statement_id AND p.issue_id = c.issue_id"), -1);
	a.said_on = "2025-04-19";
	ck_assert_int_eq(stance_statement_amend(rev, db, late, &a, &co), 0);
	ck_assert_int_eq(test_sql_int(db, "SELECT p.stance FROM current_position AS c JOIN position AS p"
				 " ON p.statement_id = c.statement_id AND p.issue_id = c.issue_id"), 1);
	current_is_right(db);
	/* another party: the current positions of both follow */
	a = (stance_amend_options)STANCE_AMEND_OPTIONS_INIT;
	a.party = "eu";
	ck_assert_int_eq(stance_statement_amend(NULL, db, early, &a, &co), 0);
	current_is_right(db);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM current_position"), 2);
	/* an actor of another party than the statement's is refused */
	a = (stance_amend_options)STANCE_AMEND_OPTIONS_INIT;
	a.party = "ua";
	a.actor = "rubio";
	ck_assert_int_eq(stance_statement_amend(NULL, db, early, &a, &co), STANCE_EINVALID);
	ck_assert_error_has("contradicts actor");
	/* an actor alone brings the actor's party */
	a.party = NULL;
	ck_assert_int_eq(stance_statement_amend(NULL, db, early, &a, &co), 0);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM statement AS s JOIN party AS p ON"
				 " p.id = s.party_id WHERE p.slug = 'us'"), 1);
	/* the text is searched as amended */
	a = (stance_amend_options)STANCE_AMEND_OPTIONS_INIT;
	a.text = "Amended words";
	ck_assert_int_eq(stance_statement_amend(NULL, db, early, &a, &co), 0);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM statement_fts WHERE statement_fts MATCH"
				 " 'amended'"), 1);
	ck_assert_int_eq(stance_revision_revert(NULL, db, rev, &co), 0);
	current_is_right(db);
	co.reason = NULL;
	ck_assert_int_eq(stance_statement_amend(NULL, db, early, &a, &co), STANCE_EINVALID);
	ck_assert_error_has("reason is required");
	stance_db_close(db);
}
END_TEST

START_TEST(test_retract_unretract)
{
	stance_db *db = test_db_seeded();
	stance_change_options co = by("ann", "misattributed");
	const char *specs[] = { "nato-membership=-" };
	char id[37], rev[37];

	test_record(id, db, "ua", "2025-04-20", NULL, specs, 1);
	ck_assert_int_eq(stance_statement_retract(rev, db, id, &co), 0);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM current_position"), 0);
	ck_assert_int_eq(stance_statement_retract(NULL, db, id, &co), STANCE_EEXISTS);
	ck_assert_int_eq(stance_statement_code(NULL, db, id, &(stance_position){
		.issue = "crimea-recognition", .stance = 1 }, 1, &co), STANCE_EINVALID);
	ck_assert_error_has("retracted");
	ck_assert_int_eq(stance_statement_unretract(NULL, db, id, &co), 0);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM current_position"), 1);
	ck_assert_int_eq(stance_statement_unretract(NULL, db, id, &co), STANCE_EINVALID);
	ck_assert_error_has("not retracted");
	/* revert of the retraction is refused after the unretraction */
	ck_assert_int_eq(stance_revision_revert(NULL, db, rev, &co), STANCE_ECONFLICT);
	current_is_right(db);
	stance_db_close(db);
}
END_TEST

static int count_log(const stance_revision *r, void *ctx)
{
	size_t *n = ctx;

	ck_assert_ptr_nonnull(r->at);
	(*n)++;
	return 0;
}

START_TEST(test_log_and_order)
{
	stance_db *db = test_db_seeded();
	stance_change_options co = by("ann", NULL);
	stance_log_filter f = STANCE_LOG_FILTER_INIT;
	stance_entity e = { .type = STANCE_ISSUE };
	char a[37], b[37];
	size_t n = 0;

	e.field[STANCE_ISSUE_SLUG] = "nato-membership";
	e.field[STANCE_ISSUE_TITLE] = "One";
	ck_assert_int_eq(stance_entity_edit(a, db, &e, &co), 0);
	e.field[STANCE_ISSUE_TITLE] = "Two";
	ck_assert_int_eq(stance_entity_edit(b, db, &e, &co), 0);
	/* two corrections in one millisecond still order as made */
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM revision AS x, revision AS y"
				 " WHERE x.rowid < y.rowid AND x.at >= y.at"), 0);
	ck_assert_int_eq(stance_revision_revert(NULL, db, a, &co), STANCE_ECONFLICT);
	f.creations = 0;
	ck_assert_int_eq(stance_revision_foreach(db, &f, count_log, &n), 0);
	ck_assert_uint_eq(n, 2);
	f.target = "nato-membership";
	f.creations = 1;
	n = 0;
	ck_assert_int_eq(stance_revision_foreach(db, &f, count_log, &n), 0);
	ck_assert_uint_eq(n, 3);
	f.target = "nobody";
	ck_assert_int_eq(stance_revision_foreach(db, &f, count_log, &n), STANCE_ENOTFOUND);
	f.target = NULL;
	f.by = "bob";
	n = 0;
	ck_assert_int_eq(stance_revision_foreach(db, &f, count_log, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(stance_revision_resolve(a, db, "0000"), STANCE_EINVALID);
	stance_db_close(db);
}
END_TEST

START_TEST(test_points_and_red_lines)
{
	stance_position p;

	ck_assert_int_eq(stance_position_parse(&p, "x=@70"), 0);
	ck_assert_int_eq(p.stance, 1);
	ck_assert(p.has_point && p.point == 70);
	stance_position_clear(&p);
	ck_assert_int_eq(stance_position_parse(&p, "x=++@90!"), 0);
	ck_assert_int_eq(p.stance, 2);
	ck_assert_int_eq(p.red_line, STANCE_RED_LINE_YES);
	stance_position_clear(&p);
	ck_assert_int_eq(stance_position_parse(&p, "x=--~"), 0);
	ck_assert_int_eq(p.red_line, STANCE_RED_LINE_NO);
	stance_position_clear(&p);
	ck_assert_int_eq(stance_position_parse(&p, "x=+@30"), STANCE_EINVALID);
	ck_assert_error_has("means oppose");
	ck_assert_int_eq(stance_position_parse(&p, "x=@101"), STANCE_EINVALID);
	ck_assert_int_eq(stance_position_parse(&p, "x=@"), STANCE_EINVALID);
	ck_assert_int_eq(stance_point_stance(62.5), 0);
	ck_assert_int_eq(stance_point_stance(62.6), 1);
	ck_assert_int_eq(stance_point_stance(87.5), 1);
	ck_assert_int_eq(stance_point_stance(87.6), 2);
	ck_assert_int_eq(stance_point_stance(12.4), -2);
}
END_TEST

/* A revision from a clock ahead of ours moves only the members it
 * touched: a later correction of that member still comes after it, one of
 * another member is dated now. */
START_TEST(test_time_per_member)
{
	stance_db *db = test_db_seeded();
	stance_change_options ahead = by("bob", NULL), now = by("ann", NULL);
	stance_entity e = { .type = STANCE_PARTY };
	stance_revision *r = NULL;
	char rev[37];

	e.field[STANCE_PARTY_SLUG] = "ru";
	e.field[STANCE_PARTY_NAME] = "Russian Federation";
	ahead.at = "2099-01-01T00:00:00Z";
	ck_assert_int_eq(stance_entity_edit(NULL, db, &e, &ahead), 0);
	e.field[STANCE_PARTY_NAME] = NULL;
	e.field[STANCE_PARTY_KIND] = "other";
	ck_assert_int_eq(stance_entity_edit(rev, db, &e, &now), 0);
	ck_assert_int_eq(stance_revision_get(&r, db, rev), 0);
	ck_assert_msg(strncmp(r->at, "2099", 4) != 0, "another member is dated now: %s", r->at);
	stance_revision_free(r);
	e.field[STANCE_PARTY_NAME] = "Russia";
	e.field[STANCE_PARTY_KIND] = NULL;
	ck_assert_int_eq(stance_entity_edit(rev, db, &e, &now), 0);
	ck_assert_int_eq(stance_revision_get(&r, db, rev), 0);
	ck_assert_str_eq(r->at, "2099-01-01T00:00:00.001Z");
	stance_revision_free(r);
	stance_db_close(db);
}
END_TEST

/* The change of one member in a revision, as stored (JSON text). */
static void change_is(stance_db *db, const char *rev, const char *member, const char *from,
		      const char *to)
{
	stance_revision *r = NULL;
	int found = 0;

	ck_assert_int_eq(stance_revision_get(&r, db, rev), 0);
	for (size_t i = 0; i < r->nchanges; i++) {
		if (strcmp(r->changes[i].member, member) != 0)
			continue;
		found = 1;
		ck_assert_str_eq(r->changes[i].from, from);
		ck_assert_str_eq(r->changes[i].to, to);
	}
	ck_assert_msg(found, "no change of %s", member);
	stance_revision_free(r);
}

static char *issue_field(stance_db *db, const char *slug, size_t field)
{
	stance_entity *e = NULL;
	char *v;

	ck_assert_int_eq(stance_entity_get(&e, db, STANCE_ISSUE, slug), 0);
	v = e->field[field] ? strdup(e->field[field]) : NULL;
	stance_entity_free(e);
	return v;
}

#define ck_assert_field(db, slug, field, want) do { \
	char *v_ = issue_field(db, slug, field); \
	ck_assert_pstr_eq(v_, want); \
	free(v_); \
} while (0)

/* issue edit of the scale (design §1): the status quo a JSON number in the
 * history, "" clearing a member, revert bringing it back, bad values
 * refused before anything is written. */
START_TEST(test_scale_edit)
{
	stance_db *db = test_db_seeded();
	stance_change_options co = by("ann", NULL);
	stance_entity e = { .type = STANCE_ISSUE };
	char rev[37], rev2[37];

	e.field[STANCE_ISSUE_SLUG] = "nato-membership";
	e.field[STANCE_ISSUE_STATUS_QUO] = "70.50";
	e.field[STANCE_ISSUE_LOW] = "never";
	ck_assert_int_eq(stance_entity_edit(rev, db, &e, &co), 0);
	change_is(db, rev, "status_quo", "null", "70.5");
	change_is(db, rev, "low", "null", "\"never\"");
	ck_assert_field(db, "nato-membership", STANCE_ISSUE_STATUS_QUO, "70.5");
	ck_assert_field(db, "nato-membership", STANCE_ISSUE_LOW, "never");
	/* the same number written otherwise is no change */
	e.field[STANCE_ISSUE_STATUS_QUO] = "7.05e1";
	e.field[STANCE_ISSUE_LOW] = NULL;
	ck_assert_int_eq(stance_entity_edit(NULL, db, &e, &co), STANCE_EINVALID);
	ck_assert_error_has("nothing to change");
	/* an integral point is an integer in the history, beyond the scale too */
	e.field[STANCE_ISSUE_STATUS_QUO] = "-150.0";
	ck_assert_int_eq(stance_entity_edit(rev2, db, &e, &co), 0);
	change_is(db, rev2, "status_quo", "70.5", "-150");
	/* "" clears */
	e.field[STANCE_ISSUE_STATUS_QUO] = "";
	e.field[STANCE_ISSUE_LOW] = "";
	ck_assert_int_eq(stance_entity_edit(rev, db, &e, &co), 0);
	change_is(db, rev, "status_quo", "-150", "null");
	change_is(db, rev, "low", "\"never\"", "null");
	ck_assert_field(db, "nato-membership", STANCE_ISSUE_STATUS_QUO, NULL);
	ck_assert_int_eq(test_sql_int(db, "SELECT status_quo IS NULL AND low IS NULL FROM issue"
				      " WHERE slug = 'nato-membership'"), 1);
	ck_assert_int_eq(stance_revision_revert(NULL, db, rev, &co), 0);
	ck_assert_field(db, "nato-membership", STANCE_ISSUE_STATUS_QUO, "-150");
	ck_assert_field(db, "nato-membership", STANCE_ISSUE_LOW, "never");
	ck_assert_int_eq(revisions(db), 4);

	/* refused: nothing written, the members as they were */
	e.field[STANCE_ISSUE_LOW] = NULL;
	e.field[STANCE_ISSUE_STATUS_QUO] = "abc";
	ck_assert_int_eq(stance_entity_edit(NULL, db, &e, &co), STANCE_EINVALID);
	ck_assert_str_eq(stance_error_last(), "invalid issue status_quo 'abc' (a finite number, "
			 "such as 50 or -12.5)");
	e.field[STANCE_ISSUE_STATUS_QUO] = "nan";
	ck_assert_int_eq(stance_entity_edit(NULL, db, &e, &co), STANCE_EINVALID);
	ck_assert_error_has("'nan'");
	e.field[STANCE_ISSUE_STATUS_QUO] = "inf";
	ck_assert_int_eq(stance_entity_edit(NULL, db, &e, &co), STANCE_EINVALID);
	ck_assert_error_has("'inf'");
	/* one bad member refuses the edit of the others */
	e.field[STANCE_ISSUE_HIGH] = "all of it";
	e.field[STANCE_ISSUE_STATUS_QUO] = "1e999";
	ck_assert_int_eq(stance_entity_edit(NULL, db, &e, &co), STANCE_EINVALID);
	ck_assert_field(db, "nato-membership", STANCE_ISSUE_HIGH, NULL);
	ck_assert_field(db, "nato-membership", STANCE_ISSUE_STATUS_QUO, "-150");
	ck_assert_int_eq(revisions(db), 4);
	stance_db_close(db);
}
END_TEST

/* The export of the database as known at t. */
static char *export_known(stance_db *db, const char *t)
{
	stance_export_options o = STANCE_EXPORT_OPTIONS_INIT;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int rc;

	o.as_known = t;
	ck_assert_ptr_nonnull(f);
	rc = stance_snapshot_export_opts(db, f, &o);
	fclose(f);
	ck_assert_msg(rc == 0, "export: %s", stance_error_last());
	return out;
}

static void known_has(stance_db *db, const char *t, const char *needle)
{
	char *out = export_known(db, t);

	ck_assert_msg(strstr(out, needle) != NULL, "as known at %s: no %s in\n%s", t, needle, out);
	free(out);
}

/* The scale as known at a time (design §7 "As known at T"): the to of the
 * latest revision by then, else the from of the first after. */
START_TEST(test_scale_as_known)
{
	stance_db *db = test_db();
	stance_change_options co = by("ann", NULL);
	stance_entity e = { .type = STANCE_ISSUE, .field = {
		[STANCE_ISSUE_SLUG] = "sanctions", [STANCE_ISSUE_TITLE] = "Lift the sanctions",
		[STANCE_ISSUE_LOW] = "all stay", [STANCE_ISSUE_STATUS_QUO] = "10",
	}, .created_at = "2030-01-01T00:00:00Z" };

	ck_assert_int_eq(stance_entity_add(db, &e), 0);
	e.field[STANCE_ISSUE_TITLE] = NULL;
	e.field[STANCE_ISSUE_LOW] = NULL;
	e.field[STANCE_ISSUE_STATUS_QUO] = "-20.5";
	e.field[STANCE_ISSUE_HIGH] = "all lifted";
	co.at = "2030-01-02T00:00:00Z";
	ck_assert_int_eq(stance_entity_edit(NULL, db, &e, &co), 0);
	e.field[STANCE_ISSUE_STATUS_QUO] = "";
	e.field[STANCE_ISSUE_HIGH] = NULL;
	e.field[STANCE_ISSUE_LOW] = "every one stays";
	co.at = "2030-01-03T00:00:00Z";
	ck_assert_int_eq(stance_entity_edit(NULL, db, &e, &co), 0);

	known_has(db, "2030-01-01", "\"low\": \"all stay\",\n      \"high\": null,\n"
		  "      \"status_quo\": 10,");
	known_has(db, "2030-01-02", "\"low\": \"all stay\",\n      \"high\": \"all lifted\",\n"
		  "      \"status_quo\": -20.5,");
	known_has(db, "2030-01-03", "\"low\": \"every one stays\",\n      \"high\": \"all lifted\",\n"
		  "      \"status_quo\": null,");
	known_has(db, "2029-12-31", "\"issues\": [],");
	/* and the database as it is, once the views are gone */
	ck_assert_field(db, "sanctions", STANCE_ISSUE_STATUS_QUO, NULL);
	ck_assert_field(db, "sanctions", STANCE_ISSUE_HIGH, "all lifted");
	stance_db_close(db);
}
END_TEST
