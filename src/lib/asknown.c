/*
 * asknown.c - the database as known at a time: see asknown-internal.h.
 *
 * Making the views costs what the history holds, not what the database
 * holds: the values at T of every member a revision touched are ranked
 * out of the revisions once (stance_known_change), the records they touch
 * are copied into temp tables and set to those values, and the views pass
 * every other row of main straight through, through main's own indexes.
 * The temp tables copy main's columns (CREATE TABLE ... AS SELECT *), so a
 * column a later migration adds passes through with its current value
 * until this file learns its member.
 */
#include <stdio.h>
#include <string.h>

#include "asknown-internal.h"
#include "common-internal.h"

/* The slug of an entity of kind k (an SQL text) that a value v (JSON text:
 * a slug at the time of its revision) names: through the current slugs
 * and the aliases of main, which never name two entities. */
#define SLUG_ID(k, v) \
	"(SELECT id FROM temp.stance_known_slug WHERE kind = '" k "'" \
	" AND slug = json_extract(" v ", '$'))"

/* A member's value at T into column c of the temp table e, where v.m (the
 * member's JSON text at T) is NULL when no revision touched it. */
#define SET(c, m) c " = iif(v." m " IS NULL, e." c ", json_extract(v." m ", '$'))"
#define SET_REF(c, m, k) c " = iif(v." m " IS NULL, e." c ", " SLUG_ID(k, "v." m) ")"
/* The JSON text at T of member m of the record, NULL when untouched. */
#define PICK(m) "max(iif(member = '" m "', value, NULL)) AS " m
#define PIVOT(kind) \
	" FROM temp.stance_known_change WHERE kind = '" kind "' AND issue_id IS NULL GROUP BY id)" \
	" AS v WHERE v.id = e.id;\n"

/* The touched records of a table that exist at T, as they are now;
 * alive is the condition of existence at T on a row e of main. */
#define COPY(table, kind, alive) \
	"CREATE TEMP TABLE stance_known_" table " AS SELECT * FROM main." table " WHERE 0;\n" \
	"INSERT INTO temp.stance_known_" table " SELECT e.* FROM temp.stance_known_at AS k," \
	" main." table " AS e WHERE e.id IN (SELECT id FROM temp.stance_known_change" \
	" WHERE kind = '" kind "') AND " alive ";\n" \
	"CREATE UNIQUE INDEX temp.stance_known_" table "_id ON stance_known_" table " (id);\n"
#define ENTITY_ALIVE "(e.created_at IS NULL OR e.created_at <= k.t)"

/* A view that shows the table as known: main's rows that exist at T and
 * that no revision touched, then the touched ones as they were. */
#define VIEW(table, alive) \
	"CREATE TEMP VIEW " table " AS SELECT * FROM main." table " AS e WHERE " alive \
	" AND e.id NOT IN (SELECT id FROM temp.stance_known_" table ")" \
	" UNION ALL SELECT * FROM temp.stance_known_" table ";\n"
#define T "(SELECT t FROM temp.stance_known_at)"

/* A record's retraction at T: the columns the member "retracted" holds. */
#define RETRACTED \
	" retracted_at = iif(v.retracted IS NULL, e.retracted_at, json_extract(v.retracted, '$.at'))," \
	" retracted_by = iif(v.retracted IS NULL, e.retracted_by, json_extract(v.retracted, '$.by'))," \
	" retraction_reason = iif(v.retracted IS NULL, e.retraction_reason," \
	"  json_extract(v.retracted, '$.reason'))"
#define ENTITY_VIEW(table) VIEW(table, "(e.created_at IS NULL OR e.created_at <= " T ")")

/* One string a step: C11 promises no longer strings. */
static const char *const sql_setup[] = {
	/* every slug and former slug of main, for the values that name one */
	"CREATE TEMP TABLE stance_known_slug (kind TEXT NOT NULL, slug TEXT NOT NULL,"
	" id INTEGER NOT NULL, PRIMARY KEY (kind, slug)) WITHOUT ROWID;\n"
	"INSERT OR IGNORE INTO temp.stance_known_slug"
	" SELECT 'party', slug, id FROM main.party UNION ALL SELECT 'actor', slug, id FROM main.actor"
	" UNION ALL SELECT 'source', slug, id FROM main.source"
	" UNION ALL SELECT 'issue', slug, id FROM main.issue"
	" UNION ALL SELECT kind, slug, entity_id FROM main.alias;\n",
	/* The value at T of each member a revision touched: the "to" of the
	 * latest revision at or before T, else the "from" of the first after.
	 * A position's member is known by its issue's row id (issue_id), its
	 * name holding the slug of the time. */
	"CREATE TEMP TABLE stance_known_change AS"
	" WITH c AS (SELECT r.target_kind AS kind, r.target_id AS id, c.member, c.issue_id,"
	"  r.at <= k.t AS known, r.at, r.uuid, c.from_value, c.to_value"
	"  FROM temp.stance_known_at AS k, main.revision AS r"
	"  JOIN main.revision_change AS c ON c.revision_id = r.id"
	"  WHERE r.target_kind IN ('party', 'actor', 'source', 'issue', 'statement',"
	"  'assessment', 'outcome')),"
	" ranked AS (SELECT *, row_number() OVER (PARTITION BY kind, id,"
	"  iif(issue_id IS NULL, member, NULL), issue_id ORDER BY known DESC,"
	"  iif(known, at, NULL) DESC, iif(known, uuid, NULL) DESC, at, uuid) AS n FROM c)"
	" SELECT kind, id, member, issue_id, iif(known, to_value, from_value) AS value"
	" FROM ranked WHERE n = 1;\n"
	"CREATE INDEX temp.stance_known_change_id ON stance_known_change (kind, id, issue_id);\n",

	COPY("party", "party", ENTITY_ALIVE)
	"UPDATE temp.stance_known_party AS e SET " SET("slug", "slug") ", " SET("name", "name") ", "
	SET("kind", "kind") ", " SET("removed", "removed")
	" FROM (SELECT id, " PICK("slug") ", " PICK("name") ", " PICK("kind") ", " PICK("removed")
	PIVOT("party"),
	COPY("actor", "actor", ENTITY_ALIVE)
	"UPDATE temp.stance_known_actor AS e SET " SET("slug", "slug") ", " SET("name", "name") ", "
	SET_REF("party_id", "party", "party") ", " SET("role", "role") ", " SET("removed", "removed")
	" FROM (SELECT id, " PICK("slug") ", " PICK("name") ", " PICK("party") ", " PICK("role") ", "
	PICK("removed") PIVOT("actor"),
	COPY("source", "source", ENTITY_ALIVE)
	"UPDATE temp.stance_known_source AS e SET " SET("slug", "slug") ", " SET("name", "name") ", "
	SET("reliability", "reliability") ", " SET("url", "url") ", " SET("removed", "removed")
	" FROM (SELECT id, " PICK("slug") ", " PICK("name") ", " PICK("reliability") ", "
	PICK("url") ", " PICK("removed") PIVOT("source"),
	COPY("issue", "issue", ENTITY_ALIVE)
	"UPDATE temp.stance_known_issue AS e SET " SET("slug", "slug") ", " SET("title", "title") ", "
	SET("description", "description") ", " SET_REF("parent_id", "parent", "issue") ", "
	SET("low", "low") ", " SET("high", "high") ", " SET("status_quo", "status_quo") ", "
	SET("removed", "removed")
	" FROM (SELECT id, " PICK("slug") ", " PICK("title") ", " PICK("description") ", "
	PICK("parent") ", " PICK("low") ", " PICK("high") ", " PICK("status_quo") ", "
	PICK("removed") PIVOT("issue"),

	COPY("statement", "statement", "e.recorded_at <= k.t")
	"UPDATE temp.stance_known_statement AS e SET " SET_REF("party_id", "party", "party") ", "
	SET_REF("actor_id", "actor", "actor") ", " SET("said_on", "said_on") ", "
	SET("kind", "kind") ", " SET("text", "text") ", " SET_REF("source_id", "source", "source")
	", " SET("url", "url") ", " SET("credibility", "credibility") ","
	RETRACTED
	" FROM (SELECT id, " PICK("party") ", " PICK("actor") ", " PICK("said_on") ", "
	PICK("kind") ", " PICK("text") ", " PICK("source") ", " PICK("url") ", "
	PICK("credibility") ", " PICK("retracted") PIVOT("statement"),
	/* assessments and outcomes (design section 8), recorded like statements */
	COPY("assessment", "assessment", "e.recorded_at <= k.t")
	"UPDATE temp.stance_known_assessment AS e SET " SET_REF("party_id", "party", "party") ", "
	SET_REF("issue_id", "issue", "issue") ", " SET("salience", "salience") ", "
	SET("capability", "capability") ", " SET("date", "date") ", " SET("reason", "reason") ","
	RETRACTED
	" FROM (SELECT id, " PICK("party") ", " PICK("issue") ", " PICK("salience") ", "
	PICK("capability") ", " PICK("date") ", " PICK("reason") ", " PICK("retracted")
	PIVOT("assessment"),
	COPY("outcome", "outcome", "e.recorded_at <= k.t")
	"UPDATE temp.stance_known_outcome AS e SET " SET_REF("issue_id", "issue", "issue") ", "
	SET("date", "date") ", " SET("point", "point") ", " SET("text", "text") ", "
	SET_REF("source_id", "source", "source") ","
	RETRACTED
	" FROM (SELECT id, " PICK("issue") ", " PICK("date") ", " PICK("point") ", "
	PICK("text") ", " PICK("source") ", " PICK("retracted") PIVOT("outcome"),
	/* main's indexes, so that each arm of a view is read in the order main's is */
	"CREATE INDEX temp.stance_known_statement_order ON stance_known_statement"
	" (said_on, recorded_at, uuid, party_id, retracted_at);\n"
	"CREATE INDEX temp.stance_known_statement_party ON stance_known_statement"
	" (party_id, said_on, recorded_at, uuid);\n"
	"CREATE INDEX temp.stance_known_statement_uuid ON stance_known_statement (uuid);\n",

	/* the positions of the touched statements: the current row of an issue
	 * no revision touched, else the value at T when it is not null */
	"CREATE TEMP TABLE stance_known_position AS SELECT * FROM main.position WHERE 0;\n"
	"INSERT INTO temp.stance_known_position"
	" (statement_id, issue_id, stance, red_line, condition, point)"
	" SELECT p.statement_id, p.issue_id, p.stance, p.red_line, p.condition, p.point"
	" FROM temp.stance_known_statement AS s CROSS JOIN main.position AS p"
	" ON p.statement_id = s.id WHERE NOT EXISTS (SELECT 1 FROM temp.stance_known_change AS c"
	"  WHERE c.kind = 'statement' AND c.id = s.id AND c.issue_id = p.issue_id)"
	" UNION ALL SELECT c.id, c.issue_id, CASE json_extract(c.value, '$.stance')"
	"  WHEN 'strongly-oppose' THEN -2 WHEN 'oppose' THEN -1 WHEN 'neutral' THEN 0"
	"  WHEN 'support' THEN 1 WHEN 'strongly-support' THEN 2 END,"
	"  json_extract(c.value, '$.red_line'), json_extract(c.value, '$.condition'),"
	"  json_extract(c.value, '$.point')"
	" FROM temp.stance_known_change AS c WHERE c.kind = 'statement' AND c.issue_id IS NOT NULL"
	" AND c.value <> 'null' AND c.id IN (SELECT id FROM temp.stance_known_statement);\n"
	"CREATE UNIQUE INDEX temp.stance_known_position_key"
	" ON stance_known_position (statement_id, issue_id);\n"
	"CREATE INDEX temp.stance_known_position_issue"
	" ON stance_known_position (issue_id, statement_id);\n",

	VIEW("statement", "e.recorded_at <= " T)
	/* positions of statements that do not exist at T pass too: they join
	 * no statement */
	"CREATE TEMP VIEW position AS SELECT * FROM main.position"
	" WHERE statement_id NOT IN (SELECT id FROM temp.stance_known_statement)"
	" UNION ALL SELECT * FROM temp.stance_known_position;\n"
	ENTITY_VIEW("party") ENTITY_VIEW("actor") ENTITY_VIEW("source") ENTITY_VIEW("issue")
	VIEW("assessment", "e.recorded_at <= " T) VIEW("outcome", "e.recorded_at <= " T)
	"CREATE TEMP TABLE stance_known_issue_slug (id INTEGER PRIMARY KEY, slug TEXT NOT NULL);\n"
	"INSERT INTO temp.stance_known_issue_slug SELECT id, slug FROM temp.issue;\n",

	/* the history as it stood: the revisions made by T, and the former
	 * slugs they had left, but the slug at T */
	"CREATE TEMP VIEW revision AS SELECT * FROM main.revision WHERE at <= " T ";\n"
	"CREATE TEMP VIEW revision_change AS SELECT * FROM main.revision_change"
	" WHERE revision_id IN (SELECT id FROM temp.revision);\n"
	"CREATE TEMP VIEW alias AS SELECT kind, slug, entity_id FROM"
	" (SELECT r.target_kind AS kind, json_extract(c.from_value, '$') AS slug,"
	"   r.target_id AS entity_id FROM temp.revision AS r"
	"   JOIN main.revision_change AS c ON c.revision_id = r.id WHERE c.member = 'slug'"
	"  UNION SELECT r.target_kind, json_extract(c.to_value, '$'), r.target_id"
	"   FROM temp.revision AS r JOIN main.revision_change AS c ON c.revision_id = r.id"
	"   WHERE c.member = 'slug')"
	" WHERE (kind, slug, entity_id) NOT IN (SELECT 'party', slug, id FROM temp.party"
	"  UNION ALL SELECT 'actor', slug, id FROM temp.actor"
	"  UNION ALL SELECT 'source', slug, id FROM temp.source"
	"  UNION ALL SELECT 'issue', slug, id FROM temp.issue);\n",
	/* derived, as the triggers keep it in main: correct, not fast */
	"CREATE TEMP VIEW current_position AS SELECT party_id, issue_id, statement_id FROM"
	" (SELECT s.party_id, p.issue_id, s.id AS statement_id, row_number() OVER ("
	"   PARTITION BY s.party_id, p.issue_id"
	"   ORDER BY s.said_on DESC, s.recorded_at DESC, s.uuid DESC) AS n"
	"  FROM temp.statement AS s JOIN temp.position AS p ON p.statement_id = s.id"
	"  WHERE s.retracted_at IS NULL) WHERE n = 1;\n",
};

/* Views first: a view may name a table. Every name is qualified, so that a
 * drop never reaches main. */
static const char *const sql_teardown[] = {
	"DROP VIEW IF EXISTS temp.current_position", "DROP VIEW IF EXISTS temp.alias",
	"DROP VIEW IF EXISTS temp.revision_change", "DROP VIEW IF EXISTS temp.revision",
	"DROP VIEW IF EXISTS temp.statement", "DROP VIEW IF EXISTS temp.position",
	"DROP VIEW IF EXISTS temp.party", "DROP VIEW IF EXISTS temp.actor",
	"DROP VIEW IF EXISTS temp.source", "DROP VIEW IF EXISTS temp.issue",
	"DROP VIEW IF EXISTS temp.assessment", "DROP VIEW IF EXISTS temp.outcome",
	"DROP TABLE IF EXISTS temp.stance_known_assessment",
	"DROP TABLE IF EXISTS temp.stance_known_outcome",
	"DROP TABLE IF EXISTS temp.stance_known_issue_slug",
	"DROP TABLE IF EXISTS temp.stance_known_position",
	"DROP TABLE IF EXISTS temp.stance_known_statement",
	"DROP TABLE IF EXISTS temp.stance_known_party", "DROP TABLE IF EXISTS temp.stance_known_actor",
	"DROP TABLE IF EXISTS temp.stance_known_source", "DROP TABLE IF EXISTS temp.stance_known_issue",
	"DROP TABLE IF EXISTS temp.stance_known_change", "DROP TABLE IF EXISTS temp.stance_known_slug",
	"DROP TABLE IF EXISTS temp.stance_known_at",
};

static const char sql_exists[] =
	"SELECT 1 FROM temp.sqlite_schema WHERE type = 'table' AND name = 'stance_known_at'";
static const char sql_at[] = "SELECT t FROM temp.stance_known_at";
static const char sql_create_at[] = "CREATE TEMP TABLE stance_known_at (t TEXT NOT NULL)";
static const char sql_insert_at[] = "INSERT INTO temp.stance_known_at (t) VALUES (?1)";
static const char sql_entity[] =
	"SELECT id FROM temp.stance_known_slug WHERE kind = ?1 AND slug = ?2";

int stance_asknown__parse(char out[STANCE_TIMESTAMP_LEN + 1], const char *when)
{
	static const char what[] = "--as-known time";

	if (!when || !*when)
		return stance__error(STANCE_EINVALID, "%s is empty", what);
	if (!stance__utf8_valid(when, strlen(when)))
		return stance__error(STANCE_EINVALID, "invalid %s: not valid UTF-8", what);
	if (strlen(when) == 10 && stance_check_date(what, when) == 0) {
		snprintf(out, STANCE_TIMESTAMP_LEN + 1, "%sT23:59:59.999Z", when);
		return 0;
	}
	if (stance_timestamp_normalize(out, what, when) == 0)
		return 0;
	return stance__error(STANCE_EINVALID,
			     "invalid %s '%s' (expected a date YYYY-MM-DD or an RFC 3339 time "
			     "such as 2025-04-22T18:00:00Z)", what, when);
}

/* Runs a script of statements without parameters. */
static int run(stance_db *db, const char *sql, const char *what)
{
	int src = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);

	return src == SQLITE_OK ? 0 : stance__error_sqlite(db->conn, src, what);
}

int stance_asknown__active(stance_db *db, int *known, char at[STANCE_TIMESTAMP_LEN + 1])
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_exists), src;

	*known = 0;
	if (!rc)
		rc = stance_db__exists(db, stmt, known, "looking for the views as known");
	if (rc || !*known || !at)
		return rc;
	/* prepared only now: without the table it would not compile */
	rc = stance_db__prepare(db, &stmt, sql_at);
	if (rc)
		return rc;
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		snprintf(at, STANCE_TIMESTAMP_LEN + 1, "%s", (const char *)sqlite3_column_text(stmt, 0));
	else
		rc = src == SQLITE_DONE ? stance__error(STANCE_EINTERNAL, "the time as known is missing")
					: stance__error_sqlite(db->conn, src, "reading the time as known");
	sqlite3_reset(stmt);
	return rc;
}

int stance_asknown__begin(stance_db *db, const char *when, int *own)
{
	char at[STANCE_TIMESTAMP_LEN + 1], shown[STANCE_TIMESTAMP_LEN + 1];
	sqlite3_stmt *stmt;
	int known = 0, rc;

	*own = 0;
	rc = stance_asknown__parse(at, when);
	if (!rc)
		rc = stance_asknown__active(db, &known, shown);
	if (rc)
		return rc;
	if (known && strcmp(at, shown) != 0)
		return stance__error(STANCE_EINTERNAL, "the database is shown as known at %s, "
				     "not %s", shown, at);
	if (known)
		return 0;
	/* from here on, whatever failed half made is the caller's end to drop */
	*own = 1;
	rc = run(db, sql_create_at, "showing the database as known");
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_insert_at);
	if (!rc) {
		stance_db__bind_text(stmt, 1, at);
		rc = stance_db__exec_stmt(db, stmt, "showing the database as known");
	}
	for (size_t k = 0; !rc && k < sizeof(sql_setup) / sizeof(*sql_setup); k++)
		rc = run(db, sql_setup[k], "showing the database as known");
	return rc;
}

int stance_asknown__end(stance_db *db, int own, int rc)
{
	int erc = 0;

	if (!own)
		return rc;
	/* each on its own: a view left standing would show the past to what
	 * comes after, so one that cannot go does not keep the others */
	for (size_t k = 0; k < sizeof(sql_teardown) / sizeof(*sql_teardown); k++) {
		int drc = run(db, sql_teardown[k], "ending the view as known");

		erc = erc ? erc : drc;
	}
	return rc ? rc : erc;
}

int stance_asknown__entity(stance_db *db, stance_entity_type type, const char *slug,
			   sqlite3_int64 *id, int *found)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_entity), src;

	*found = 0;
	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, stance_entity_info_get(type)->name);
	stance_db__bind_text(stmt, 2, slug);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		*found = 1;
		*id = sqlite3_column_int64(stmt, 0);
	} else if (src != SQLITE_DONE) {
		rc = stance__error_sqlite(db->conn, src, "looking up a slug");
	}
	sqlite3_reset(stmt);
	return rc;
}
