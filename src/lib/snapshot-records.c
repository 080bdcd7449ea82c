/*
 * snapshot-records.c - the assessments and outcomes of a snapshot (design
 * §4, §8), merged as statements are (§7): one the database lacks is added;
 * one both sides have is compared member by member as given, and what
 * differs is noted for the end of the merge, where the revisions settle it
 * or it is a contradiction; a retraction only one side has is kept; the
 * earliest recorded_at is kept with its recorded_by.
 *
 * They name parties, issues and sources, which a snapshot may give after
 * them: each is kept as one line of JSON in a temporary table while the
 * document is read, and merged once the entities are in the database.
 */
#include <stdlib.h>
#include <string.h>

#include "bargain-internal.h"
#include "snapshot-internal.h"

/* The tables, temp.stance_import_record and _record_seen, are made empty
 * by stance_snapshot__merge_begin() with the merge's others. */
static const char sql_stage[] =
	"INSERT INTO temp.stance_import_record (kind, idx, doc) VALUES (?1, ?2, ?3)";
static const char sql_staged[] =
	"SELECT kind, idx, doc FROM temp.stance_import_record ORDER BY seq";
static const char sql_seen[] =
	"INSERT OR IGNORE INTO temp.stance_import_record_seen (kind, id) VALUES (?1, ?2)";

int stance_snapshot__stage_record(stance_db *db, enum snap_top_member m, size_t index,
				  const json_t *el)
{
	char *doc = json_dumps(el, JSON_COMPACT | JSON_ENCODE_ANY);
	sqlite3_stmt *stmt;
	int rc = doc ? stance_db__prepare(db, &stmt, sql_stage) :
		stance__error(STANCE_ENOMEM, "out of memory");

	if (!rc) {
		stance_db__bind_text(stmt, 1, m == TOP_ASSESSMENTS ? "assessment" : "outcome");
		sqlite3_bind_int64(stmt, 2, (sqlite3_int64)index);
		stance_db__bind_text(stmt, 3, doc);
		rc = stance_db__exec_stmt(db, stmt, "reading the snapshot");
	}
	free(doc);
	return rc;
}

/* A record both sides have, named twice by the snapshot, is an error. */
static int mark_seen(stance_db *db, stance_target_kind kind, sqlite3_int64 rowid,
		     const char *base)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_seen);

	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, stance_target_kind_name(kind));
	sqlite3_bind_int64(stmt, 2, rowid);
	rc = stance_db__exec_stmt(db, stmt, "reading the snapshot");
	if (!rc && sqlite3_changes(db->conn) == 0)
		rc = stance_snapshot__fail_member(STANCE_EEXISTS, base, "id", "duplicate id (the "
						  "snapshot gives this %s twice)",
						  stance_target_kind_name(kind));
	return rc;
}

/* Notes each member the snapshot gives whose value differs from the
 * database's; a retraction only the snapshot has is carried over at once
 * (one only the database has is kept), both noted as benign. */
static int compare(stance_db *db, stance_target_kind kind, sqlite3_int64 rowid,
		   const json_t *given, const json_t *theirs, const char *base, int *changed)
{
	const char *const *members = stance_bargain__members(kind);
	json_t *ours = NULL;
	int rc = stance_bargain__record_json(&ours, db, kind, rowid);

	*changed = 0;
	for (size_t i = 0; !rc && members[i]; i++) {
		const json_t *a = json_object_get(ours, members[i]);
		const json_t *b = json_object_get(theirs, members[i]);
		int retraction = strcmp(members[i], "retracted") == 0;
		snap_path path = stance_snapshot__path_member(base, members[i]);
		struct snap_diff d = { kind, rowid, members[i], 0, path.s, a, b, 0 };

		/* omitted: not compared */
		if (!json_object_get(given, members[i]) ||
		    stance_snapshot__same(db, kind, members[i], a, b))
			continue;
		d.benign = retraction && (json_is_null(a) || json_is_null(b));
		rc = stance_snapshot__diff(db, &d);
		if (!rc && d.benign && json_is_null(a)) {
			rc = stance_bargain__set_member(db, kind, rowid, members[i], b);
			*changed = 1;
		}
	}
	json_decref(ours);
	return rc;
}

static const char sql_recorded_assessment[] =
	"SELECT recorded_at FROM assessment WHERE id = ?1";
static const char sql_recorded_outcome[] = "SELECT recorded_at FROM outcome WHERE id = ?1";

/* Who recorded a record is never a contradiction: the earliest is kept. */
static int keep_earliest(stance_db *db, stance_target_kind kind, sqlite3_int64 rowid,
			 const char *at, const char *by)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, kind == STANCE_TARGET_ASSESSMENT ?
				    sql_recorded_assessment : sql_recorded_outcome), src, later;

	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	src = sqlite3_step(stmt);
	later = src == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(stmt, 0), at) > 0;
	if (src != SQLITE_ROW)
		rc = stance__error_sqlite(db->conn, src, "merging who recorded a record");
	sqlite3_reset(stmt);
	return !rc && later ? stance_bargain__set_recorded(db, kind, rowid, at, by) : rc;
}

/* One staged record: checked, then added or merged. */
static int merge_one(stance_db *db, stance_snapshot_summary *sum, stance_target_kind kind,
		     size_t index, const json_t *obj, const char *analyst, const char *now)
{
	int assessment = kind == STANCE_TARGET_ASSESSMENT;
	snap_path base = stance_snapshot__path_index(assessment ? "$.assessments" : "$.outcomes",
						     index);
	enum stance_snapshot_kind sk = assessment ? STANCE_SNAPSHOT_ASSESSMENTS :
		STANCE_SNAPSHOT_OUTCOMES;
	struct snap_assessment sa;
	struct snap_outcome so;
	sqlite3_int64 rowid;
	const char *id, *at, *by;
	json_t *theirs;
	int rc, found = 0, retracted, changed = 0;

	rc = assessment ? stance_snapshot__read_assessment(&sa, obj, base.s, analyst, now) :
		stance_snapshot__read_outcome(&so, obj, base.s, analyst, now);
	if (rc)
		return rc;
	id = assessment ? sa.a.id : so.o.id;
	at = assessment ? sa.recorded_at : so.recorded_at;
	by = assessment ? sa.a.recorded_by : so.o.recorded_by;
	rc = stance_bargain__state(db, kind, id, &rowid, &retracted, &found);
	if (!rc && !found) {
		rc = assessment ?
			stance_bargain__insert_assessment(db, &sa.a, sa.recorded_at, sa.retracted_at) :
			stance_bargain__insert_outcome(db, &so.o, so.recorded_at, so.retracted_at);
		if (!rc)
			rc = stance_bargain__state(db, kind, id, &rowid, &retracted, &found);
		if (!rc)
			rc = mark_seen(db, kind, rowid, base.s);
		if (!rc)
			sum->added[sk]++;
		return rc ? stance_snapshot__at_path(rc, base.s) : 0;
	}
	if (!rc)
		rc = mark_seen(db, kind, rowid, base.s);
	if (rc)
		return rc;
	/* the snapshot's record in its shape, with its times normalised */
	theirs = assessment ? stance_snapshot_assessment_json(&sa.a) :
		stance_snapshot_outcome_json(&so.o);
	rc = theirs ? compare(db, kind, rowid, obj, theirs, base.s, &changed) :
		stance__error(STANCE_ENOMEM, "out of memory");
	json_decref(theirs);
	if (!rc && json_object_get(obj, "recorded_at"))
		rc = keep_earliest(db, kind, rowid, at, by);
	if (!rc)
		sum->unchanged[sk] += !changed;
	return rc;
}

int stance_snapshot__merge_records(stance_db *db, stance_snapshot_summary *sum,
				   const char *analyst, const char *now)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_staged), src = SQLITE_DONE;

	while (!rc && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(stmt, 0);
		json_t *obj = json_loads((const char *)sqlite3_column_text(stmt, 2), 0, NULL);

		rc = obj ? merge_one(db, sum, strcmp(kind, "assessment") == 0 ?
				     STANCE_TARGET_ASSESSMENT : STANCE_TARGET_OUTCOME,
				     (size_t)sqlite3_column_int64(stmt, 1), obj, analyst, now) :
			stance__error(STANCE_ENOMEM, "out of memory");
		json_decref(obj);
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the snapshot");
	if (stmt)
		sqlite3_reset(stmt);
	return rc ? rc : stance_bargain__ids_distinct(db);
}
