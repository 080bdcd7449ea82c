/*
 * bargain.c - assessments and outcomes (design §8): recording, reading,
 * listing, and their members as the history and the merge see them.
 *
 * Both are records like statements, with a UUID, who recorded them and
 * when, and a retraction; the forecasts that read them are in
 * bargain-forecast.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bargain-internal.h"
#include "common-internal.h"
#include "entity-internal.h"
#include "snapshot-internal.h"
#include "statement-internal.h"

/* ---- numbers --------------------------------------------------------- */

/* Whether an integral number is written as a JSON integer: when every
 * integer up to it is a double. */
#define INTEGER_MAX 9007199254740992.0

json_t *stance_bargain__number_json(double v)
{
	if (v == floor(v) && fabs(v) < INTEGER_MAX)
		return json_integer((json_int_t)v);
	return json_real(v);
}

/* A salience, capability or point: finite, within [lo, hi], and given back
 * by the 15 significant digits with which snapshots and the history write
 * numbers. */
static int check_number(const char *what, double v, double lo, double hi, const char *range)
{
	char buf[32];

	if (!isfinite(v) || v < lo || v > hi)
		return stance__error(STANCE_EINVALID, "invalid %s %.17g (%s)", what, v, range);
	snprintf(buf, sizeof(buf), "%.15g", v);
	if (strtod(buf, NULL) != v)
		return stance__error(STANCE_EINVALID, "invalid %s %.17g (at most 15 significant "
				     "digits)", what, v);
	return 0;
}

static int check_salience(double v)
{
	return check_number("salience", v, 0, 100, "0 to 100");
}

static int check_capability(double v)
{
	return check_number("capability", v, 0, HUGE_VAL, "a number >= 0");
}

static int check_point(double v)
{
	return check_number("outcome point", v, 0, 100, "0 to 100");
}

/* ---- checking -------------------------------------------------------- */

/* The rules every record of this module shares: id, recorded_*, the
 * retraction. */
static int check_record(const char *id, const char *by, const char *at,
			const stance_retraction *r, char recorded_at[25], char retracted_at[25],
			const char **member)
{
	int rc = 0;

	if (id && (rc = stance_check_uuid("id", id)))
		return *member = "id", rc;
	if ((rc = stance_check_text("analyst", by)))
		return *member = "recorded_by", rc;
	if (at)
		rc = stance_timestamp_normalize(recorded_at, "recorded_at", at);
	else
		stance_timestamp_now(recorded_at);
	if (rc)
		return *member = "recorded_at", rc;
	if (!r)
		return 0;
	*member = "retracted";
	if (!r->at || !r->by || !r->reason)
		return stance__error(STANCE_EINVALID, "a retraction needs \"at\", \"by\" and "
				     "\"reason\"");
	rc = stance_timestamp_normalize(retracted_at, "retraction time", r->at);
	if (!rc)
		rc = stance_check_text("retracted by", r->by);
	if (!rc)
		rc = stance_check_text("retraction reason", r->reason);
	if (!rc)
		*member = NULL;
	return rc;
}

int stance_bargain__check_assessment(const stance_assessment *a, char recorded_at[25],
				     char retracted_at[25], const char **member)
{
	int rc;

	*member = NULL;
	if ((rc = stance_check_slug("party", a->party)))
		return *member = "party", rc;
	if (a->issue && (rc = stance_check_slug("issue", a->issue)))
		return *member = "issue", rc;
	/* one judgement a record, so that each is retracted on its own */
	if (a->has_salience == a->has_capability)
		return *member = "salience", stance__error(STANCE_EINVALID, "an assessment "
							   "judges a salience or a capability "
							   "(exactly one)");
	if (a->has_salience && (rc = check_salience(a->salience)))
		return *member = "salience", rc;
	/* salience is how much one issue matters to a party */
	if (a->has_salience && !a->issue)
		return *member = "issue", stance__error(STANCE_EINVALID, "a salience needs an "
							"issue: it is how much that issue "
							"matters to the party");
	if (a->has_capability && (rc = check_capability(a->capability)))
		return *member = "capability", rc;
	if ((rc = stance_check_date("assessment date", a->date)))
		return *member = "date", rc;
	if (a->reason && (rc = stance_check_text("reason", a->reason)))
		return *member = "reason", rc;
	return check_record(a->id, a->recorded_by, a->recorded_at, a->retracted, recorded_at,
			    retracted_at, member);
}

int stance_bargain__check_outcome(const stance_outcome *o, char recorded_at[25],
				  char retracted_at[25], const char **member)
{
	int rc;

	*member = NULL;
	if ((rc = stance_check_slug("issue", o->issue)))
		return *member = "issue", rc;
	if ((rc = stance_check_date("outcome date", o->date)))
		return *member = "date", rc;
	if ((rc = check_point(o->point)))
		return *member = "point", rc;
	if (o->text && (rc = stance_check_text("outcome text", o->text)))
		return *member = "text", rc;
	if (o->source && (rc = stance_check_slug("source", o->source)))
		return *member = "source", rc;
	return check_record(o->id, o->recorded_by, o->recorded_at, o->retracted, recorded_at,
			    retracted_at, member);
}

/* ---- writing --------------------------------------------------------- */

static const char sql_insert_assessment[] =
	"INSERT INTO assessment (uuid, party_id, issue_id, salience, capability, date, reason,"
	" recorded_by, recorded_at, retracted_at, retracted_by, retraction_reason)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
static const char sql_insert_outcome[] =
	"INSERT INTO outcome (uuid, issue_id, date, point, text, source_id, recorded_by,"
	" recorded_at, retracted_at, retracted_by, retraction_reason)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

static void bind_optional_double(sqlite3_stmt *stmt, int i, int has, double v)
{
	if (has)
		sqlite3_bind_double(stmt, i, v);
	else
		sqlite3_bind_null(stmt, i);
}

static void bind_optional_id(sqlite3_stmt *stmt, int i, sqlite3_int64 id)
{
	if (id)
		sqlite3_bind_int64(stmt, i, id);
	else
		sqlite3_bind_null(stmt, i);
}

static void bind_retraction(sqlite3_stmt *stmt, int i, const stance_retraction *r,
			    const char *at)
{
	stance_db__bind_text(stmt, i, r ? at : NULL);
	stance_db__bind_text(stmt, i + 1, r ? r->by : NULL);
	stance_db__bind_text(stmt, i + 2, r ? r->reason : NULL);
}

int stance_bargain__insert_assessment(stance_db *db, const stance_assessment *a,
				      const char *recorded_at, const char *retracted_at)
{
	sqlite3_int64 party, issue = 0;
	sqlite3_stmt *stmt;
	int rc = stance_entity__id(db, STANCE_PARTY, a->party, &party);

	if (!rc && a->issue)
		rc = stance_entity__id(db, STANCE_ISSUE, a->issue, &issue);
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_insert_assessment);
	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, a->id);
	sqlite3_bind_int64(stmt, 2, party);
	bind_optional_id(stmt, 3, issue);
	bind_optional_double(stmt, 4, a->has_salience, a->salience);
	bind_optional_double(stmt, 5, a->has_capability, a->capability);
	stance_db__bind_text(stmt, 6, a->date);
	stance_db__bind_text(stmt, 7, a->reason);
	stance_db__bind_text(stmt, 8, a->recorded_by);
	stance_db__bind_text(stmt, 9, recorded_at);
	bind_retraction(stmt, 10, a->retracted, retracted_at);
	return stance_db__exec_stmt(db, stmt, "recording the assessment");
}

int stance_bargain__insert_outcome(stance_db *db, const stance_outcome *o,
				   const char *recorded_at, const char *retracted_at)
{
	sqlite3_int64 issue, source = 0;
	sqlite3_stmt *stmt;
	int rc = stance_entity__id(db, STANCE_ISSUE, o->issue, &issue);

	if (!rc && o->source)
		rc = stance_entity__id(db, STANCE_SOURCE, o->source, &source);
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_insert_outcome);
	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, o->id);
	sqlite3_bind_int64(stmt, 2, issue);
	stance_db__bind_text(stmt, 3, o->date);
	sqlite3_bind_double(stmt, 4, o->point);
	stance_db__bind_text(stmt, 5, o->text);
	bind_optional_id(stmt, 6, source);
	stance_db__bind_text(stmt, 7, o->recorded_by);
	stance_db__bind_text(stmt, 8, recorded_at);
	bind_retraction(stmt, 9, o->retracted, retracted_at);
	return stance_db__exec_stmt(db, stmt, "recording the outcome");
}

/* Today's date in UTC: an assessment's date when none is given. */
static void today(char out[STANCE_DATE_LEN + 1])
{
	char now[STANCE_TIMESTAMP_LEN + 1];

	stance_timestamp_now(now);
	memcpy(out, now, STANCE_DATE_LEN);
	out[STANCE_DATE_LEN] = '\0';
}

static const char sql_id_kind[] =
	"SELECT 'statement' FROM statement WHERE uuid = ?1"
	" UNION ALL SELECT 'assessment' FROM assessment WHERE uuid = ?1"
	" UNION ALL SELECT 'outcome' FROM outcome WHERE uuid = ?1 LIMIT 1";

int stance_bargain__id_free(stance_db *db, const char *id, const char *kind)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_id_kind), src;

	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, id);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		const char *has = (const char *)sqlite3_column_text(stmt, 0);

		rc = strcmp(has, kind) == 0 ?
			stance__error(STANCE_EEXISTS, "%s %s already exists", kind, id) :
			stance__error(STANCE_EEXISTS, "id %s already names %s %s", id,
				      strcmp(has, "statement") == 0 ? "a" : "an", has);
	} else if (src != SQLITE_DONE) {
		rc = stance__error_sqlite(db->conn, src, "looking up the id");
	}
	sqlite3_reset(stmt);
	return rc;
}

/* The ids that name two records of different kinds, after an import: a
 * snapshot's record may take an id the database gives another kind. */
static const char sql_ids_shared[] =
	"SELECT uuid, 'a statement' FROM statement WHERE uuid IN"
	" (SELECT uuid FROM assessment UNION ALL SELECT uuid FROM outcome)"
	" UNION ALL SELECT uuid, 'an assessment' FROM assessment WHERE uuid IN"
	" (SELECT uuid FROM outcome) LIMIT 1";

int stance_bargain__ids_distinct(stance_db *db)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_ids_shared), src;

	if (rc)
		return rc;
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		rc = stance__error(STANCE_EEXISTS, "id %s names %s and another record: an id "
				   "names one statement, assessment or outcome",
				   sqlite3_column_text(stmt, 0), sqlite3_column_text(stmt, 1));
	else if (src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "checking the ids");
	sqlite3_reset(stmt);
	return rc;
}

/* Generates the id when there is none, then inserts in one transaction;
 * insert is the kind's own. */
static int add_record(char out_id[STANCE_UUID_LEN + 1], stance_db *db, const char *kind,
		      const char *given,
		      int (*insert)(stance_db *db, const void *rec, const char *id,
				    const char *recorded_at),
		      const void *rec, const char *recorded_at)
{
	char id[STANCE_UUID_LEN + 1];
	int own = 0, rc = 0;

	if (given)
		snprintf(id, sizeof(id), "%s", given);
	else
		rc = stance_statement__uuid_v4(id);
	if (!rc)
		rc = stance_db__write_begin(db, &own);
	if (!rc && given)
		rc = stance_bargain__id_free(db, id, kind);
	if (!rc)
		rc = insert(db, rec, id, recorded_at);
	rc = stance_db__write_end(db, own, rc);
	if (!rc && out_id)
		memcpy(out_id, id, sizeof(id));
	return rc;
}

static int insert_assessment(stance_db *db, const void *rec, const char *id,
			     const char *recorded_at)
{
	stance_assessment a = *(const stance_assessment *)rec;

	a.id = (char *)id;
	return stance_bargain__insert_assessment(db, &a, recorded_at, NULL);
}

static int insert_outcome(stance_db *db, const void *rec, const char *id, const char *recorded_at)
{
	stance_outcome o = *(const stance_outcome *)rec;

	o.id = (char *)id;
	return stance_bargain__insert_outcome(db, &o, recorded_at, NULL);
}

int stance_assessment_add(char out_id[STANCE_UUID_LEN + 1], stance_db *db,
			  const stance_assess_options *o)
{
	char date[STANCE_DATE_LEN + 1], recorded_at[25], retracted_at[25];
	const char *member;
	stance_assessment a;
	int rc;

	stance__error_clear();
	if (!o)
		return stance__error(STANCE_EINVALID, "nothing to assess");
	rc = stance__check_version(o->version, STANCE_ASSESS_OPTIONS_VERSION,
				   "stance_assess_options");
	if (rc)
		return rc;
	if (!o->date)
		today(date);
	a = (stance_assessment){
		.id = (char *)o->id, .party = (char *)o->party, .issue = (char *)o->issue,
		.has_salience = o->has_salience, .salience = o->salience,
		.has_capability = o->has_capability, .capability = o->capability,
		.date = (char *)(o->date ? o->date : date), .reason = (char *)o->reason,
		.recorded_by = (char *)o->recorded_by, .recorded_at = (char *)o->recorded_at,
	};
	rc = stance_bargain__check_assessment(&a, recorded_at, retracted_at, &member);
	return rc ? rc : add_record(out_id, db, "assessment", o->id, insert_assessment, &a,
					  recorded_at);
}

int stance_outcome_add(char out_id[STANCE_UUID_LEN + 1], stance_db *db,
		       const stance_outcome_options *o)
{
	char recorded_at[25], retracted_at[25];
	const char *member;
	stance_outcome out;
	int rc;

	stance__error_clear();
	if (!o)
		return stance__error(STANCE_EINVALID, "no outcome to record");
	rc = stance__check_version(o->version, STANCE_OUTCOME_OPTIONS_VERSION,
				   "stance_outcome_options");
	if (rc)
		return rc;
	if (o->has_point == o->has_stance)
		return stance__error(STANCE_EINVALID, "an outcome needs exactly one of a point "
				     "and a stance");
	if (o->has_stance && !stance_stance_name(o->stance))
		return stance__error(STANCE_EINVALID, "invalid outcome stance %d (-2 to 2)",
				     o->stance);
	out = (stance_outcome){
		.id = (char *)o->id, .issue = (char *)o->issue, .date = (char *)o->date,
		.point = o->has_point ? o->point : (o->stance + 2) * 25.0,
		.text = (char *)o->text, .source = (char *)o->source,
		.recorded_by = (char *)o->recorded_by, .recorded_at = (char *)o->recorded_at,
	};
	if (!o->date)
		return stance__error(STANCE_EINVALID, "an outcome needs its date");
	rc = stance_bargain__check_outcome(&out, recorded_at, retracted_at, &member);
	return rc ? rc : add_record(out_id, db, "outcome", o->id, insert_outcome, &out,
					  recorded_at);
}

/* ---- reading --------------------------------------------------------- */

static const char sql_resolve_assessment[] =
	"SELECT uuid FROM assessment WHERE uuid >= ?1 AND uuid < ?1 || '~' ORDER BY uuid LIMIT 11";
static const char sql_resolve_outcome[] =
	"SELECT uuid FROM outcome WHERE uuid >= ?1 AND uuid < ?1 || '~' ORDER BY uuid LIMIT 11";

int stance_assessment_resolve(char out_id[STANCE_UUID_LEN + 1], stance_db *db,
			      const char *prefix)
{
	stance__error_clear();
	return stance_db__resolve_id(out_id, db, sql_resolve_assessment, "assessment", prefix);
}

int stance_outcome_resolve(char out_id[STANCE_UUID_LEN + 1], stance_db *db, const char *prefix)
{
	stance__error_clear();
	return stance_db__resolve_id(out_id, db, sql_resolve_outcome, "outcome", prefix);
}

#define ASSESSMENT_COLUMNS \
	"SELECT a.uuid, p.slug, i.slug, a.salience, a.capability, a.date, a.reason," \
	" a.recorded_by, a.recorded_at, a.retracted_at, a.retracted_by, a.retraction_reason," \
	" a.party_id, a.issue_id" \
	" FROM assessment AS a JOIN party AS p ON p.id = a.party_id" \
	" LEFT JOIN issue AS i ON i.id = a.issue_id"
#define OUTCOME_COLUMNS \
	"SELECT o.uuid, i.slug, o.date, o.point, o.text, src.slug, o.recorded_by," \
	" o.recorded_at, o.retracted_at, o.retracted_by, o.retraction_reason" \
	" FROM outcome AS o JOIN issue AS i ON i.id = o.issue_id" \
	" LEFT JOIN source AS src ON src.id = o.source_id"

static const char sql_assessment_get[] = ASSESSMENT_COLUMNS " WHERE a.uuid = ?1";
static const char sql_assessment_rowid[] = ASSESSMENT_COLUMNS " WHERE a.id = ?1";
static const char sql_outcome_get[] = OUTCOME_COLUMNS " WHERE o.uuid = ?1";
static const char sql_outcome_rowid[] = OUTCOME_COLUMNS " WHERE o.id = ?1";

static void assessment_clear(stance_assessment *a)
{
	free(a->id);
	free(a->party);
	free(a->issue);
	free(a->date);
	free(a->reason);
	free(a->recorded_by);
	free(a->recorded_at);
	stance_statement__retraction_free(a->retracted);
	memset(a, 0, sizeof(*a));
}

void stance_assessment_free(stance_assessment *a)
{
	if (!a)
		return;
	assessment_clear(a);
	free(a);
}

static void outcome_clear(stance_outcome *o)
{
	free(o->id);
	free(o->issue);
	free(o->date);
	free(o->text);
	free(o->source);
	free(o->recorded_by);
	free(o->recorded_at);
	stance_statement__retraction_free(o->retracted);
	memset(o, 0, sizeof(*o));
}

void stance_outcome_free(stance_outcome *o)
{
	if (!o)
		return;
	outcome_clear(o);
	free(o);
}

static int read_assessment(sqlite3_stmt *stmt, stance_assessment *a)
{
	int rc = 0;

	memset(a, 0, sizeof(*a));
	a->id = stance_db__column_dup(stmt, 0, &rc);
	a->party = stance_db__column_dup(stmt, 1, &rc);
	a->issue = stance_db__column_dup(stmt, 2, &rc);
	a->has_salience = sqlite3_column_type(stmt, 3) != SQLITE_NULL;
	a->salience = sqlite3_column_double(stmt, 3);
	a->has_capability = sqlite3_column_type(stmt, 4) != SQLITE_NULL;
	a->capability = sqlite3_column_double(stmt, 4);
	a->date = stance_db__column_dup(stmt, 5, &rc);
	a->reason = stance_db__column_dup(stmt, 6, &rc);
	a->recorded_by = stance_db__column_dup(stmt, 7, &rc);
	a->recorded_at = stance_db__column_dup(stmt, 8, &rc);
	a->retracted = stance_statement__column_retraction(stmt, 9, &rc);
	if (rc) {
		assessment_clear(a);
		return stance__error(STANCE_ENOMEM, "out of memory");
	}
	return 0;
}

static int read_outcome(sqlite3_stmt *stmt, stance_outcome *o)
{
	int rc = 0;

	memset(o, 0, sizeof(*o));
	o->id = stance_db__column_dup(stmt, 0, &rc);
	o->issue = stance_db__column_dup(stmt, 1, &rc);
	o->date = stance_db__column_dup(stmt, 2, &rc);
	o->point = sqlite3_column_double(stmt, 3);
	o->text = stance_db__column_dup(stmt, 4, &rc);
	o->source = stance_db__column_dup(stmt, 5, &rc);
	o->recorded_by = stance_db__column_dup(stmt, 6, &rc);
	o->recorded_at = stance_db__column_dup(stmt, 7, &rc);
	o->retracted = stance_statement__column_retraction(stmt, 8, &rc);
	if (rc) {
		outcome_clear(o);
		return stance__error(STANCE_ENOMEM, "out of memory");
	}
	return 0;
}

/* Reads the one row that stmt (bound) gives into a new record. */
static int read_one(void **out, stance_db *db, sqlite3_stmt *stmt, int assessment,
		    const char *id)
{
	size_t size = assessment ? sizeof(stance_assessment) : sizeof(stance_outcome);
	void *rec = NULL;
	int src = sqlite3_step(stmt), rc = 0;

	*out = NULL;
	if (src == SQLITE_DONE)
		rc = stance__error(STANCE_ENOTFOUND, "no %s with id '%s'",
				   assessment ? "assessment" : "outcome", id);
	else if (src != SQLITE_ROW)
		rc = stance__error_sqlite(db->conn, src, "reading a record");
	else if (!(rec = malloc(size)))
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	else
		rc = assessment ? read_assessment(stmt, rec) : read_outcome(stmt, rec);
	sqlite3_reset(stmt);
	if (rc) {
		free(rec);
		rec = NULL;
	}
	*out = rec;
	return rc;
}

int stance_assessment_get(stance_assessment **out, stance_db *db, const char *id)
{
	char full[STANCE_UUID_LEN + 1];
	sqlite3_stmt *stmt;
	int rc = stance_assessment_resolve(full, db, id);

	*out = NULL;
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_assessment_get);
	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, full);
	return read_one((void **)out, db, stmt, 1, id);
}

int stance_outcome_get(stance_outcome **out, stance_db *db, const char *id)
{
	char full[STANCE_UUID_LEN + 1];
	sqlite3_stmt *stmt;
	int rc = stance_outcome_resolve(full, db, id);

	*out = NULL;
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_outcome_get);
	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, full);
	return read_one((void **)out, db, stmt, 0, id);
}

/* An issue stands for itself and every issue under it (design §1), as in
 * the statements' filter; a party-wide assessment holds on every issue. */
#define UNDER(param) \
	"(WITH RECURSIVE under (id) AS" \
	" (SELECT id FROM issue WHERE slug IN (SELECT value FROM json_each(" param "))" \
	"  UNION SELECT i.id FROM issue AS i JOIN under ON i.parent_id = under.id)" \
	" SELECT id FROM under)"

/* in_force: no later non-retracted assessment of the same kind on the
 * same party and issue dated by ?5 (NULL: any) */
static const char sql_assessments[] = ASSESSMENT_COLUMNS
	" WHERE (?1 IS NULL OR a.date <= ?1) AND (?2 OR a.retracted_at IS NULL)"
	" AND (?3 IS NULL OR a.party_id IN"
	"  (SELECT id FROM party WHERE slug IN (SELECT value FROM json_each(?3))))"
	" AND (?4 IS NULL OR a.issue_id IS NULL OR a.issue_id IN " UNDER("?4") ")"
	" ORDER BY a.date, a.recorded_at, a.uuid";
static const char sql_in_force[] =
	"SELECT a.retracted_at IS NULL AND NOT EXISTS (SELECT 1 FROM assessment AS b"
	" WHERE b.party_id = a.party_id AND b.issue_id IS a.issue_id AND b.retracted_at IS NULL"
	" AND (?2 IS NULL OR b.date <= ?2)"
	" AND iif(a.salience IS NULL, b.capability IS NOT NULL, b.salience IS NOT NULL)"
	" AND (b.date, b.recorded_at, b.uuid) > (a.date, a.recorded_at, a.uuid))"
	" FROM assessment AS a WHERE a.uuid = ?1";

/* Whether an assessment is the latest of its kind. */
static int in_force(stance_db *db, const stance_assessment *a, const char *as_of, int *out)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_in_force), src;

	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, a->id);
	stance_db__bind_text(stmt, 2, as_of);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*out = sqlite3_column_int(stmt, 0);
	else
		rc = stance__error_sqlite(db->conn, src, "reading assessments");
	sqlite3_reset(stmt);
	return rc;
}

int stance_assessment_foreach(stance_db *db, const stance_assessment_filter *f,
			      int (*fn)(const stance_assessment *a, void *ctx), void *ctx)
{
	static const stance_assessment_filter none = STANCE_ASSESSMENT_FILTER_INIT;
	char *parties = NULL, *issues = NULL;
	sqlite3_stmt *stmt = NULL;
	stance_assessment a;
	int own = 0, rc, src;

	stance__error_clear();
	if (!f)
		f = &none;
	rc = stance__check_version(f->version, STANCE_ASSESSMENT_FILTER_VERSION,
				   "stance_assessment_filter");
	if (!rc)
		rc = stance_db__read_begin(db, &own);
	if (rc)
		return rc;
	rc = stance_statement__slug_set(&parties, db, STANCE_PARTY, f->parties, f->nparties);
	if (!rc)
		rc = stance_statement__slug_set(&issues, db, STANCE_ISSUE, f->issues, f->nissues);
	if (!rc && f->as_of)
		rc = stance_check_date("--as-of date", f->as_of);
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_assessments);
	if (rc)
		goto done;
	stance_db__bind_text(stmt, 1, f->as_of);
	sqlite3_bind_int(stmt, 2, f->include_retracted != 0);
	stance_db__bind_text(stmt, 3, parties);
	stance_db__bind_text(stmt, 4, issues);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		rc = read_assessment(stmt, &a);
		if (!rc)
			rc = in_force(db, &a, f->as_of, &a.in_force);
		if (!rc)
			rc = fn(&a, ctx);
		assessment_clear(&a);
		if (rc)
			break;
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "listing assessments");
done:
	if (stmt)
		sqlite3_reset(stmt);
	free(parties);
	free(issues);
	return stance_db__read_end(db, own, rc);
}

static const char sql_outcomes[] = OUTCOME_COLUMNS
	" WHERE (?1 OR o.retracted_at IS NULL) AND (?2 IS NULL OR o.issue_id IN " UNDER("?2") ")"
	" ORDER BY o.date, o.recorded_at, o.uuid";

int stance_outcome_foreach(stance_db *db, const stance_outcome_filter *f,
			   int (*fn)(const stance_outcome *o, void *ctx), void *ctx)
{
	static const stance_outcome_filter none = STANCE_OUTCOME_FILTER_INIT;
	char *issues = NULL;
	sqlite3_stmt *stmt = NULL;
	stance_outcome o;
	int own = 0, rc, src;

	stance__error_clear();
	if (!f)
		f = &none;
	rc = stance__check_version(f->version, STANCE_OUTCOME_FILTER_VERSION,
				   "stance_outcome_filter");
	if (!rc)
		rc = stance_db__read_begin(db, &own);
	if (rc)
		return rc;
	rc = stance_statement__slug_set(&issues, db, STANCE_ISSUE, f->issues, f->nissues);
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_outcomes);
	if (rc)
		goto done;
	sqlite3_bind_int(stmt, 1, f->include_retracted != 0);
	stance_db__bind_text(stmt, 2, issues);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		rc = read_outcome(stmt, &o);
		if (!rc)
			rc = fn(&o, ctx);
		outcome_clear(&o);
		if (rc)
			break;
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "listing outcomes");
done:
	if (stmt)
		sqlite3_reset(stmt);
	free(issues);
	return stance_db__read_end(db, own, rc);
}

/* ---- as records of the history ---------------------------------------- */

static const char sql_state_assessment[] =
	"SELECT id, retracted_at FROM assessment WHERE uuid = ?1";
static const char sql_state_outcome[] = "SELECT id, retracted_at FROM outcome WHERE uuid = ?1";

int stance_bargain__state(stance_db *db, stance_target_kind kind, const char *id,
			  sqlite3_int64 *rowid, int *retracted, int *found)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, kind == STANCE_TARGET_ASSESSMENT ?
				    sql_state_assessment : sql_state_outcome), src;

	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, id);
	src = sqlite3_step(stmt);
	*found = src == SQLITE_ROW;
	if (*found) {
		*rowid = sqlite3_column_int64(stmt, 0);
		*retracted = sqlite3_column_type(stmt, 1) != SQLITE_NULL;
	} else if (src != SQLITE_DONE) {
		rc = stance__error_sqlite(db->conn, src, "reading a record");
	}
	sqlite3_reset(stmt);
	return rc;
}

int stance_bargain__record_json(json_t **out, stance_db *db, stance_target_kind kind,
				sqlite3_int64 rowid)
{
	int assessment = kind == STANCE_TARGET_ASSESSMENT;
	sqlite3_stmt *stmt;
	void *rec;
	int rc = stance_db__prepare(db, &stmt, assessment ? sql_assessment_rowid :
				    sql_outcome_rowid);

	*out = NULL;
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	rc = read_one(&rec, db, stmt, assessment, "?");
	if (rc)
		return rc;
	if (assessment) {
		*out = stance_snapshot_assessment_json(rec);
		stance_assessment_free(rec);
	} else {
		*out = stance_snapshot_outcome_json(rec);
		stance_outcome_free(rec);
	}
	return *out ? 0 : stance__error(STANCE_ENOMEM, "out of memory");
}

static const char *const assessment_members[] = {
	"party", "issue", "salience", "capability", "date", "reason", "retracted", NULL
};
static const char *const outcome_members[] = {
	"issue", "date", "point", "text", "source", "retracted", NULL
};

const char *const *stance_bargain__members(stance_target_kind kind)
{
	return kind == STANCE_TARGET_ASSESSMENT ? assessment_members : outcome_members;
}

/* One member's column: how its value is written (a statement per member:
 * SQL is never assembled from strings). */
enum member_type { M_REF, M_NUMBER, M_DATE, M_TEXT, M_RETRACTED };

struct member_column {
	const char *member;
	enum member_type type;
	int ref;            /* M_REF: the entity type */
	int required;       /* null is refused */
	const char *sql;    /* ?1 the row id, ?2 (?3, ?4) the value */
};

static const struct member_column assessment_columns[] = {
	{ "party", M_REF, STANCE_PARTY, 1, "UPDATE assessment SET party_id = ?2 WHERE id = ?1" },
	{ "issue", M_REF, STANCE_ISSUE, 0, "UPDATE assessment SET issue_id = ?2 WHERE id = ?1" },
	{ "salience", M_NUMBER, 0, 0, "UPDATE assessment SET salience = ?2 WHERE id = ?1" },
	{ "capability", M_NUMBER, 0, 0, "UPDATE assessment SET capability = ?2 WHERE id = ?1" },
	{ "date", M_DATE, 0, 1, "UPDATE assessment SET date = ?2 WHERE id = ?1" },
	{ "reason", M_TEXT, 0, 0, "UPDATE assessment SET reason = ?2 WHERE id = ?1" },
	{ "retracted", M_RETRACTED, 0, 0, "UPDATE assessment SET retracted_at = ?2,"
	  " retracted_by = ?3, retraction_reason = ?4 WHERE id = ?1" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct member_column outcome_columns[] = {
	{ "issue", M_REF, STANCE_ISSUE, 1, "UPDATE outcome SET issue_id = ?2 WHERE id = ?1" },
	{ "date", M_DATE, 0, 1, "UPDATE outcome SET date = ?2 WHERE id = ?1" },
	{ "point", M_NUMBER, 0, 1, "UPDATE outcome SET point = ?2 WHERE id = ?1" },
	{ "text", M_TEXT, 0, 0, "UPDATE outcome SET text = ?2 WHERE id = ?1" },
	{ "source", M_REF, STANCE_SOURCE, 0, "UPDATE outcome SET source_id = ?2 WHERE id = ?1" },
	{ "retracted", M_RETRACTED, 0, 0, "UPDATE outcome SET retracted_at = ?2,"
	  " retracted_by = ?3, retraction_reason = ?4 WHERE id = ?1" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct member_column *member_column(stance_target_kind kind, const char *member)
{
	const struct member_column *c = kind == STANCE_TARGET_ASSESSMENT ? assessment_columns :
		outcome_columns;

	for (; c->member; c++)
		if (strcmp(c->member, member) == 0)
			return c;
	return NULL;
}

/* The number a member may hold, by the rules of its kind. */
static int check_member_number(stance_target_kind kind, const char *member, double v)
{
	if (kind == STANCE_TARGET_OUTCOME)
		return check_point(v);
	return strcmp(member, "salience") == 0 ? check_salience(v) : check_capability(v);
}

/* Binds a checked value of a member to the statement's ?2 (?3, ?4); at
 * holds a retraction's normalised time, bound as it is, until the step. */
static int bind_member(sqlite3_stmt *stmt, stance_db *db, stance_target_kind kind,
		       const struct member_column *c, const json_t *v, char at[25])
{
	sqlite3_int64 id;
	const char *s = json_string_value(v);
	int rc = 0;

	if (json_is_null(v))
		return c->required ? stance__error(STANCE_EINVALID, "%s cannot be null", c->member) :
			0;
	switch (c->type) {
	case M_REF:
		rc = s ? stance_entity__id(db, (stance_entity_type)c->ref, s, &id) :
			stance__error(STANCE_EINVALID, "%s must be a slug or null", c->member);
		if (!rc)
			sqlite3_bind_int64(stmt, 2, id);
		return rc;
	case M_NUMBER:
		rc = json_is_number(v) ? check_member_number(kind, c->member, json_number_value(v)) :
			stance__error(STANCE_EINVALID, "%s must be a number or null", c->member);
		if (!rc)
			sqlite3_bind_double(stmt, 2, json_number_value(v));
		return rc;
	case M_DATE:
	case M_TEXT:
		rc = !s ? stance__error(STANCE_EINVALID, "%s must be a string or null", c->member) :
			c->type == M_DATE ? stance_check_date(c->member, s) :
			stance_check_text(c->member, s);
		if (!rc)
			stance_db__bind_text(stmt, 2, s);
		return rc;
	case M_RETRACTED:
		s = json_string_value(json_object_get(v, "at"));
		rc = json_is_object(v) && s ? stance_timestamp_normalize(at, "retraction time", s) :
			stance__error(STANCE_EINVALID, "retracted must be null or {\"at\", \"by\", "
				      "\"reason\"}");
		if (!rc)
			rc = stance_check_text("retracted by",
					       json_string_value(json_object_get(v, "by")));
		if (!rc)
			rc = stance_check_text("retraction reason",
					       json_string_value(json_object_get(v, "reason")));
		if (!rc) {
			stance_db__bind_text(stmt, 2, at);
			stance_db__bind_text(stmt, 3, json_string_value(json_object_get(v, "by")));
			stance_db__bind_text(stmt, 4, json_string_value(json_object_get(v, "reason")));
		}
		return rc;
	}
	return 0;
}

int stance_bargain__set_member(stance_db *db, stance_target_kind kind, sqlite3_int64 rowid,
			       const char *member, const json_t *v)
{
	const struct member_column *c = member_column(kind, member);
	sqlite3_stmt *stmt;
	char at[25];
	int rc;

	if (!c)
		return stance__error(STANCE_EINVALID, "%s has no member '%s' that a revision may "
				     "change", stance_target_kind_name(kind), member);
	rc = stance_db__prepare(db, &stmt, c->sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	rc = bind_member(stmt, db, kind, c, v, at);
	if (rc) {
		sqlite3_clear_bindings(stmt);
		return rc;
	}
	/* a CHECK of the table (a salience without an issue...) fails here */
	rc = stance_db__exec_stmt(db, stmt, "correcting the record");
	sqlite3_clear_bindings(stmt);
	return rc;
}

static const char sql_set_recorded_assessment[] =
	"UPDATE assessment SET recorded_at = ?2, recorded_by = ?3 WHERE id = ?1";
static const char sql_set_recorded_outcome[] =
	"UPDATE outcome SET recorded_at = ?2, recorded_by = ?3 WHERE id = ?1";

int stance_bargain__set_recorded(stance_db *db, stance_target_kind kind, sqlite3_int64 rowid,
				 const char *at, const char *by)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, kind == STANCE_TARGET_ASSESSMENT ?
				    sql_set_recorded_assessment : sql_set_recorded_outcome);

	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	stance_db__bind_text(stmt, 2, at);
	stance_db__bind_text(stmt, 3, by);
	return stance_db__exec_stmt(db, stmt, "merging the record");
}
