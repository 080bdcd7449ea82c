/* The merge rules of design §7 through the library: two analysts who share
 * a snapshot, correct it each on their own, and merge back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"

/* The snapshot of db, exported_at fixed. */
static char *snapshot(stance_db *db)
{
	char *out = NULL, *at;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_msg(stance_snapshot_export(db, f) == 0, "export: %s", stance_error_last());
	fclose(f);
	at = strstr(out, "\"exported_at\": \"");
	ck_assert_ptr_nonnull(at);
	memcpy(at + 16, "2000-01-01T00:00:00.000Z", 24);
	return out;
}

static int merge(stance_snapshot_summary *sum, stance_db *into, stance_db *from, unsigned flags)
{
	char *text = snapshot(from);
	FILE *in = fmemopen(text, strlen(text), "r");
	stance_import_options o = STANCE_IMPORT_OPTIONS_INIT;
	int rc;

	o.analyst = "merger";
	o.flags = flags;
	o.name = "colleague.json";
	rc = stance_snapshot_import(sum, into, in, &o);
	fclose(in);
	free(text);
	return rc;
}

static void merged(stance_db *into, stance_db *from)
{
	stance_snapshot_summary sum;
	int rc = merge(&sum, into, from, 0);

	ck_assert_msg(rc == 0, "merge: %s", stance_error_last());
	stance_snapshot_summary_clear(&sum);
}

/* a and b hold the same database. */
static void same(stance_db *a, stance_db *b)
{
	char *x = snapshot(a), *y = snapshot(b);

	ck_assert_str_eq(x, y);
	free(x);
	free(y);
}

/* A copy of db through its snapshot: a colleague's database. */
static stance_db *colleague(stance_db *db)
{
	stance_db *c = test_db();

	merged(c, db);
	same(c, db);
	return c;
}

static stance_change_options by(const char *who)
{
	stance_change_options co = STANCE_CHANGE_OPTIONS_INIT;

	co.by = who;
	return co;
}

/* The issue's story: Bob codes Ann's statement on an issue she had not
 * coded; the merge takes it either way, and twice changes nothing. */
START_TEST(test_two_analysts)
{
	stance_db *ann = test_db_seeded(), *bob, *ann2;
	stance_change_options co = by("bob");
	stance_position missile = { .issue = "missile-curbs", .stance = 1 };
	stance_snapshot_summary sum;
	const char *specs[] = { "crimea-recognition=--!" };
	char id[37], *before, *after;

	test_record(id, ann, "ua", "2025-04-22", NULL, specs, 1);
	bob = colleague(ann);
	ann2 = colleague(ann);
	test_add(bob, STANCE_ISSUE, "missile-curbs", "Curb missile programmes", NULL, NULL);
	ck_assert_int_eq(stance_statement_code(NULL, bob, id, &missile, 1, &co), 0);
	ck_assert_int_eq(merge(&sum, ann, bob, 0), 0);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_ISSUES], 1);
	ck_assert_uint_eq(sum.added[STANCE_SNAPSHOT_REVISIONS], 1);
	stance_snapshot_summary_clear(&sum);
	ck_assert_int_eq(test_sql_int(ann, "SELECT count(*) FROM position"), 2);
	same(ann, bob);
	/* the other order */
	merged(bob, ann2);
	same(ann, bob);
	/* twice changes nothing */
	before = snapshot(ann);
	ck_assert_int_eq(merge(&sum, ann, bob, 0), 0);
	for (int k = 0; k < STANCE_SNAPSHOT_KINDS; k++)
		ck_assert_uint_eq(sum.added[k], 0);
	ck_assert_ptr_null(sum.resolved);
	stance_snapshot_summary_clear(&sum);
	after = snapshot(ann);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	stance_db_close(ann);
	stance_db_close(ann2);
	stance_db_close(bob);
}
END_TEST

/* Both edit one member: the later edit wins on both sides, the other value
 * stays in the history, and the summary says where it won. */
START_TEST(test_concurrent_edits)
{
	stance_db *ann = test_db_seeded(), *bob;
	stance_change_options a = by("ann"), b = by("bob");
	stance_entity e = { .type = STANCE_ACTOR };
	stance_snapshot_summary sum;

	bob = colleague(ann);
	e.field[STANCE_ACTOR_SLUG] = "rubio";
	e.field[STANCE_ACTOR_ROLE] = "Secretary";
	a.at = "2026-11-30T09:00:00Z";
	ck_assert_int_eq(stance_entity_edit(NULL, ann, &e, &a), 0);
	e.field[STANCE_ACTOR_ROLE] = "National Security Adviser";
	b.at = "2026-11-30T10:00:00Z";
	ck_assert_int_eq(stance_entity_edit(NULL, bob, &e, &b), 0);
	ck_assert_int_eq(merge(&sum, ann, bob, 0), 0);
	ck_assert_uint_eq(json_array_size(sum.resolved), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(sum.resolved, 0), "kept")),
			 "National Security Adviser");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(sum.resolved, 0), "other")),
			 "Secretary");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(sum.resolved, 0), "by")),
			 "later revision");
	stance_snapshot_summary_clear(&sum);
	/* bob's side: his own edit is the later one, nothing resolved against him */
	ck_assert_int_eq(merge(&sum, bob, ann, 0), 0);
	ck_assert_ptr_null(sum.resolved);
	stance_snapshot_summary_clear(&sum);
	same(ann, bob);
	ck_assert_int_eq(test_sql_int(ann, "SELECT count(*) FROM revision_change WHERE to_value ="
				 " '\"Secretary\"'"), 1);
	stance_db_close(ann);
	stance_db_close(bob);
}
END_TEST

/* Ann renames a party while Bob still records under the old slug. */
START_TEST(test_rename_then_merge)
{
	stance_db *ann = test_db_seeded(), *bob, *bob2;
	stance_change_options co = by("ann");
	const char *specs[] = { "nato-membership=-" };
	char id[37];

	bob = colleague(ann);
	bob2 = colleague(ann);
	ck_assert_int_eq(stance_entity_rename(NULL, ann, STANCE_PARTY, "ru", "russia", &co), 0);
	test_record(id, bob, "ru", "2025-04-22", NULL, specs, 1);
	test_record(id, bob2, "ru", "2025-04-23", NULL, specs, 1);
	merged(ann, bob);
	merged(bob, ann);
	same(ann, bob);
	ck_assert_int_eq(test_sql_int(bob, "SELECT count(*) FROM statement AS s JOIN party AS p"
				 " ON p.id = s.party_id WHERE p.slug = 'russia'"), 1);
	/* the other order: the statement first, the rename after */
	merged(bob2, ann);
	merged(ann, bob2);
	merged(bob, ann);
	same(ann, bob2);
	same(ann, bob);
	ck_assert_int_eq(test_sql_int(ann, "SELECT count(*) FROM alias WHERE slug = 'ru'"), 1);
	stance_db_close(ann);
	stance_db_close(bob);
	stance_db_close(bob2);
}
END_TEST

/* Two renames of one entity: the later wins, every slug it had stays an
 * alias, in either order. */
START_TEST(test_conflicting_renames)
{
	stance_db *ann = test_db_seeded(), *bob;
	stance_change_options a = by("ann"), b = by("bob");

	bob = colleague(ann);
	a.at = "2026-11-30T09:00:00Z";
	b.at = "2026-11-30T10:00:00Z";
	ck_assert_int_eq(stance_entity_rename(NULL, ann, STANCE_ISSUE, "territory", "land", &a), 0);
	ck_assert_int_eq(stance_entity_rename(NULL, bob, STANCE_ISSUE, "territory", "borders", &b), 0);
	merged(ann, bob);
	merged(bob, ann);
	same(ann, bob);
	ck_assert_int_eq(test_sql_int(ann, "SELECT count(*) FROM issue WHERE slug = 'borders'"), 1);
	ck_assert_int_eq(test_sql_int(ann, "SELECT count(*) FROM alias WHERE slug IN ('land', 'territory')"),
			 2);
	/* crimea-recognition's parent still names it */
	ck_assert_int_eq(test_sql_int(ann, "SELECT count(*) FROM issue AS c JOIN issue AS p"
				 " ON p.id = c.parent_id WHERE p.slug = 'borders'"), 1);
	stance_db_close(ann);
	stance_db_close(bob);
}
END_TEST

/* An uncode stays: a side that never saw it still has the position. */
START_TEST(test_uncode_stays)
{
	stance_db *ann = test_db_seeded(), *bob, *cy;
	stance_change_options co = by("ann");
	const char *specs[] = { "nato-membership=-", "crimea-recognition=--" };
	const char *issues[] = { "nato-membership" };
	char id[37];

	test_record(id, ann, "ua", "2025-04-22", NULL, specs, 2);
	bob = colleague(ann);
	cy = colleague(ann);
	ck_assert_int_eq(stance_statement_uncode(NULL, ann, id, issues, 1, &co), 0);
	merged(ann, bob);
	ck_assert_int_eq(test_sql_int(ann, "SELECT count(*) FROM position"), 1);
	merged(cy, ann);
	ck_assert_int_eq(test_sql_int(cy, "SELECT count(*) FROM position"), 1);
	same(ann, cy);
	ck_assert_int_eq(test_sql_int(cy, "SELECT count(*) FROM current_position"), 1);
	stance_db_close(ann);
	stance_db_close(bob);
	stance_db_close(cy);
}
END_TEST

/* Values no revision explains contradict: all are listed and nothing is
 * written; --prefer resolves each as a revision. */
START_TEST(test_prefer)
{
	stance_db *ann = test_db(), *bob = test_db();
	stance_snapshot_summary sum;
	char *before, *after;

	test_add(ann, STANCE_PARTY, "ir", "Iran", "state", NULL);
	test_add(ann, STANCE_PARTY, "us", "USA", "state", NULL);
	test_add(bob, STANCE_PARTY, "ir", "Islamic Republic of Iran", "state", NULL);
	test_add(bob, STANCE_PARTY, "us", "United States", "other", NULL);
	before = snapshot(ann);
	ck_assert_int_eq(merge(&sum, ann, bob, 0), STANCE_ECONFLICT);
	ck_assert_uint_eq(sum.ncontradictions, 3);
	ck_assert_uint_eq(json_array_size(sum.contradictions), 3);
	ck_assert_error_has("3 places");
	stance_snapshot_summary_clear(&sum);
	after = snapshot(ann);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);

	ck_assert_int_eq(merge(&sum, ann, bob, STANCE_SNAPSHOT_PREFER_THEIRS), 0);
	ck_assert_uint_eq(json_array_size(sum.resolved), 3);
	stance_snapshot_summary_clear(&sum);
	ck_assert_int_eq(test_sql_int(ann, "SELECT count(*) FROM party WHERE name = 'United States'"
				 " AND kind = 'other'"), 1);
	ck_assert_int_eq(test_sql_int(ann, "SELECT count(*) FROM revision"), 3);
	/* the value not kept is in the history: the revision's from */
	ck_assert_int_eq(test_sql_int(ann, "SELECT count(*) FROM revision_change WHERE from_value ="
				 " '\"USA\"'"), 1);
	/* ours: nothing changes but the history */
	ck_assert_int_eq(merge(&sum, bob, ann, 0), 0);
	stance_snapshot_summary_clear(&sum);
	same(ann, bob);
	stance_db_close(ann);
	stance_db_close(bob);

	ann = test_db();
	bob = test_db();
	test_add(ann, STANCE_PARTY, "ir", "Iran", "state", NULL);
	test_add(bob, STANCE_PARTY, "ir", "Persia", "state", NULL);
	ck_assert_int_eq(merge(&sum, ann, bob, STANCE_SNAPSHOT_PREFER_OURS), 0);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(sum.resolved, 0), "by")),
			 "ours");
	stance_snapshot_summary_clear(&sum);
	ck_assert_int_eq(test_sql_int(ann, "SELECT count(*) FROM party WHERE name = 'Iran'"), 1);
	ck_assert_int_eq(test_sql_int(ann, "SELECT count(*) FROM revision_change WHERE from_value ="
				 " '\"Persia\"' AND to_value = '\"Iran\"'"), 1);
	/* and bob, taking it, takes ann's value by rule 2 */
	merged(bob, ann);
	same(ann, bob);
	stance_db_close(ann);
	stance_db_close(bob);
}
END_TEST

/* A rename onto a slug the other side uses for another entity is a
 * contradiction no preference resolves. */
START_TEST(test_rename_onto_other)
{
	stance_db *ann = test_db_seeded(), *bob;
	stance_change_options co = by("ann");
	stance_snapshot_summary sum;

	bob = colleague(ann);
	ck_assert_int_eq(stance_entity_rename(NULL, ann, STANCE_PARTY, "eu", "europe", &co), 0);
	test_add(bob, STANCE_PARTY, "europe", "Council of Europe", "organisation", NULL);
	ck_assert_int_eq(merge(&sum, bob, ann, STANCE_SNAPSHOT_PREFER_THEIRS), STANCE_ECONFLICT);
	ck_assert_error_has("no --prefer resolves");
	stance_snapshot_summary_clear(&sum);
	stance_db_close(ann);
	stance_db_close(bob);
}
END_TEST

/* New entities that name a renamed one by the snapshot's new slug, which
 * the database does not know yet, and a parent renamed to a slug that
 * sorts after its child. */
START_TEST(test_new_entities_name_renamed)
{
	stance_db *ann = test_db_seeded(), *bob;
	stance_change_options co = by("ann");

	bob = colleague(ann);
	ck_assert_int_eq(stance_entity_rename(NULL, ann, STANCE_PARTY, "us", "usa", &co), 0);
	test_add(ann, STANCE_ACTOR, "vance", "JD Vance", "usa", "Vice President");
	ck_assert_int_eq(stance_entity_rename(NULL, ann, STANCE_ISSUE, "territory", "zones", &co), 0);
	test_add(ann, STANCE_ISSUE, "donbas", "Cede the Donbas", NULL, "zones");
	merged(bob, ann);
	same(ann, bob);
	ck_assert_int_eq(test_sql_int(bob, "SELECT count(*) FROM actor AS a JOIN party AS p ON"
				      " p.id = a.party_id WHERE a.slug = 'vance' AND p.slug = 'usa'"), 1);
	ck_assert_int_eq(test_sql_int(bob, "SELECT count(*) FROM issue AS i JOIN issue AS p ON"
				      " p.id = i.parent_id WHERE p.slug = 'zones'"), 2);
	/* a former slug given to add is stored as the slug of today */
	test_add(bob, STANCE_ACTOR, "rubio2", "Marco Rubio", "us", NULL);
	ck_assert_int_eq(test_sql_int(bob, "SELECT count(*) FROM actor AS a JOIN party AS p ON"
				      " p.id = a.party_id WHERE a.slug = 'rubio2' AND p.slug = 'usa'"), 1);
	stance_db_close(ann);
	stance_db_close(bob);
}
END_TEST

/* --prefer writes its revision after every one the database holds, a
 * colleague's from a clock ahead included, so that the database agrees
 * with its history after; and a snapshot that disagrees with its own
 * history is refused, whether the database has the record or not. */
START_TEST(test_prefer_after_history)
{
	stance_db *ann = test_db(), *bob = test_db(), *cy = test_db();
	stance_change_options a = by("ann");
	stance_entity e = { .type = STANCE_PARTY };
	stance_snapshot_summary sum;
	size_t nproblems = 1;

	test_add(ann, STANCE_PARTY, "ir", "Iran", NULL, NULL);
	e.field[STANCE_PARTY_SLUG] = "ir";
	e.field[STANCE_PARTY_NAME] = "Persia";
	a.at = "2099-01-01T00:00:00Z";
	ck_assert_int_eq(stance_entity_edit(NULL, ann, &e, &a), 0);
	test_add(bob, STANCE_PARTY, "ir", "Islamic Republic", NULL, NULL);
	ck_assert_int_eq(merge(&sum, bob, ann, STANCE_SNAPSHOT_PREFER_OURS), 0);
	stance_snapshot_summary_clear(&sum);
	ck_assert_int_eq(stance_db_check(bob, &nproblems, NULL, NULL), 0);
	ck_assert_uint_eq(nproblems, 0);
	ck_assert_int_eq(test_sql_int(bob, "SELECT count(*) FROM party WHERE name = 'Islamic Republic'"),
			 1);
	merged(cy, bob);
	same(cy, bob);

	/* a hand-made snapshot whose record says otherwise than its revision */
	{
		char *text = snapshot(ann), *at = strstr(text, "\"Persia\"");
		FILE *in;
		stance_import_options o = STANCE_IMPORT_OPTIONS_INIT;
		stance_db *fresh = test_db();

		ck_assert_ptr_nonnull(at);
		memcpy(at + 1, "Pxrsia", 6);
		in = fmemopen(text, strlen(text), "r");
		o.analyst = "x";
		ck_assert_int_eq(stance_snapshot_import(&sum, fresh, in, &o), STANCE_EINVALID);
		ck_assert_error_has("own latest revision");
		fclose(in);
		free(text);
		stance_db_close(fresh);
	}
	stance_db_close(ann);
	stance_db_close(bob);
	stance_db_close(cy);
}
END_TEST
