/*
 * db-check.c - stance_db_check(): SQLite's integrity and foreign-key
 * checks, the invariants of stance's own tables, those of the history
 * (design §7), and the warning about statements recorded twice.
 *
 * Each check reads only, inside one read transaction, so that it works on
 * a read-only database and beside a writer, and sees one moment.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bargain-internal.h"
#include "common-internal.h"

/* Where the problems go, and how many there were. */
struct checker {
	stance_db *db;
	size_t n;
	void (*problem)(const char *msg, void *ctx);
	void *ctx;
};

static void report(struct checker *ck, const char *fmt, ...) STANCE_PRINTF(2, 3);

static void report(struct checker *ck, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ck->problem(msg, ck->ctx);
	ck->n++;
}

/* The four entity tables as one, for the checks that treat them alike. */
#define ENTITIES \
	"SELECT 'party' AS kind, id, slug, removed FROM party" \
	" UNION ALL SELECT 'actor', id, slug, removed FROM actor" \
	" UNION ALL SELECT 'source', id, slug, removed FROM source" \
	" UNION ALL SELECT 'issue', id, slug, removed FROM issue"

/* A uuid as messages show it: its first 8 characters, which git-style
 * prefixes accept (a slug is at most 32 characters, so a 36-character key
 * is an id). */
#define SHORT(x) "iif(length(" x ") = 36, substr(" x ", 1, 8), " x ")"

/* The row of the issue a member "positions.ISSUE" names by a slug, current
 * or former, or NULL. */
#define ISSUE_OF(m) \
	"coalesce((SELECT id FROM issue WHERE slug = substr(" m ", 11))," \
	" (SELECT entity_id FROM alias WHERE kind = 'issue' AND slug = substr(" m ", 11)))"

/* Each check is a query whose rows are problems, described by its first
 * column. */
static const char *const invariant_checks[] = {
	/* rows of a table without rowid have no number: one line per table */
	"SELECT DISTINCT 'foreign key: ' || \"table\" ||"
	" coalesce(' row ' || rowid, ' rows') || ' refer' || iif(rowid IS NULL, '', 's') ||"
	" ' to a missing ' || parent FROM pragma_foreign_key_check",
	"SELECT 'statement ' || s.uuid || ': actor ' || a.slug || ' speaks for another party'"
	" FROM statement AS s JOIN actor AS a ON a.id = s.actor_id WHERE a.party_id <> s.party_id",
	"WITH RECURSIVE up(start, id, depth) AS ("
	"  SELECT id, parent_id, 1 FROM issue WHERE parent_id IS NOT NULL"
	"  UNION ALL SELECT up.start, i.parent_id, depth + 1 FROM up JOIN issue AS i ON i.id = up.id"
	"  WHERE i.parent_id IS NOT NULL AND depth < 10000)"
	" SELECT DISTINCT 'issue ' || i.slug || ': its parents form a cycle'"
	" FROM up JOIN issue AS i ON i.id = up.start WHERE up.id = up.start",
	/* the current positions must be what ranking every statement gives,
	 * compared both ways: a row that is missing, one too many, and one
	 * naming the wrong statement (which differs both ways: DISTINCT says
	 * it once) */
	"WITH ranked AS ("
	"  SELECT s.party_id, p.issue_id, s.id AS statement_id, row_number() OVER ("
	"    PARTITION BY s.party_id, p.issue_id"
	"    ORDER BY s.said_on DESC, s.recorded_at DESC, s.uuid DESC) AS n"
	"  FROM position AS p JOIN statement AS s ON s.id = p.statement_id"
	"  WHERE s.retracted_at IS NULL),"
	" expected AS (SELECT party_id, issue_id, statement_id FROM ranked WHERE n = 1),"
	" kept AS (SELECT party_id, issue_id, statement_id FROM current_position),"
	" diff AS (SELECT * FROM (SELECT * FROM expected EXCEPT SELECT * FROM kept)"
	"  UNION ALL SELECT * FROM (SELECT * FROM kept EXCEPT SELECT * FROM expected))"
	" SELECT DISTINCT 'current position of party ' || coalesce(pa.slug, d.party_id) || ' on issue '"
	"  || coalesce(i.slug, d.issue_id) || ' is out of date'"
	" FROM diff AS d LEFT JOIN party AS pa ON pa.id = d.party_id"
	" LEFT JOIN issue AS i ON i.id = d.issue_id",
	/* the statement that set each current red line, by the walk of §2 */
	"SELECT 'current red line of party ' || pa.slug || ' on issue ' || i.slug || ' is out of date'"
	" FROM current_position AS c JOIN current_red_line AS v"
	"  ON v.party_id = c.party_id AND v.issue_id = c.issue_id"
	" JOIN party AS pa ON pa.id = c.party_id JOIN issue AS i ON i.id = c.issue_id"
	" WHERE c.red_line_statement_id IS NOT v.statement_id"
	/* a current position out of date is reported above, once */
	"  AND c.statement_id = (SELECT s.id FROM position AS p"
	"   JOIN statement AS s ON s.id = p.statement_id"
	"   WHERE p.issue_id = c.issue_id AND s.party_id = c.party_id AND s.retracted_at IS NULL"
	"   ORDER BY s.said_on DESC, s.recorded_at DESC, s.uuid DESC LIMIT 1)",
	"SELECT 'statement ' || uuid || ': recorded_at ' || recorded_at || ' is not a real time'"
	" FROM statement WHERE strftime('%Y-%m-%dT%H:%M:%fZ', recorded_at) IS NOT recorded_at",
	"SELECT 'statement ' || uuid || ': retracted_at ' || retracted_at || ' is not a real time'"
	" FROM statement WHERE retracted_at IS NOT NULL"
	" AND strftime('%Y-%m-%dT%H:%M:%fZ', retracted_at) IS NOT retracted_at",
	/* date() keeps impossible days such as 02-30, julianday() does not */
	"SELECT 'statement ' || uuid || ': said_on ' || said_on || ' is not a real date'"
	" FROM statement WHERE date(julianday(said_on)) IS NOT said_on",
	/* assessments and outcomes (design section 8), likewise */
	"SELECT kind || ' ' || uuid || ': ' || what || ' ' || value || ' is not a real '"
	"  || iif(what = 'date', 'date', 'time') FROM ("
	" SELECT 'assessment' AS kind, uuid, 'date' AS what, date AS value FROM assessment"
	" UNION ALL SELECT 'assessment', uuid, 'recorded_at', recorded_at FROM assessment"
	" UNION ALL SELECT 'assessment', uuid, 'retracted_at', retracted_at FROM assessment"
	" UNION ALL SELECT 'outcome', uuid, 'date', date FROM outcome"
	" UNION ALL SELECT 'outcome', uuid, 'recorded_at', recorded_at FROM outcome"
	" UNION ALL SELECT 'outcome', uuid, 'retracted_at', retracted_at FROM outcome)"
	" WHERE value IS NOT NULL AND iif(what = 'date', date(julianday(value)),"
	"  strftime('%Y-%m-%dT%H:%M:%fZ', value)) IS NOT value",
	/* an id names one record, whatever its kind */
	"SELECT 'id ' || uuid || ' names ' || group_concat(kind, ' and ') FROM ("
	" SELECT 'a statement' AS kind, uuid FROM statement WHERE uuid IN"
	"  (SELECT uuid FROM assessment UNION ALL SELECT uuid FROM outcome)"
	" UNION ALL SELECT 'an assessment', uuid FROM assessment WHERE uuid IN"
	"  (SELECT uuid FROM statement UNION ALL SELECT uuid FROM outcome)"
	" UNION ALL SELECT 'an outcome', uuid FROM outcome WHERE uuid IN"
	"  (SELECT uuid FROM statement UNION ALL SELECT uuid FROM assessment))"
	" GROUP BY uuid",

	/* ---- the history (design §7) ---- */
	/* every revision corrects a record that exists */
	"SELECT 'revision ' || substr(r.uuid, 1, 8) || ': its target, ' || r.target_kind || ' '"
	"  || " SHORT("r.target_key") " || ', does not exist'"
	" FROM revision AS r WHERE NOT CASE r.target_kind"
	"  WHEN 'statement' THEN EXISTS (SELECT 1 FROM statement WHERE id = r.target_id)"
	"  WHEN 'party' THEN EXISTS (SELECT 1 FROM party WHERE id = r.target_id)"
	"  WHEN 'actor' THEN EXISTS (SELECT 1 FROM actor WHERE id = r.target_id)"
	"  WHEN 'source' THEN EXISTS (SELECT 1 FROM source WHERE id = r.target_id)"
	"  WHEN 'issue' THEN EXISTS (SELECT 1 FROM issue WHERE id = r.target_id)"
	"  WHEN 'assessment' THEN EXISTS (SELECT 1 FROM assessment WHERE id = r.target_id)"
	"  WHEN 'outcome' THEN EXISTS (SELECT 1 FROM outcome WHERE id = r.target_id)"
	"  ELSE 0 END",
	/* and names it as it was named after the revision: by one of its
	 * slugs (an alias once it was renamed), or a statement by its id */
	"WITH entity AS (" ENTITIES ")"
	" SELECT 'revision ' || substr(r.uuid, 1, 8) || ': its key ' || " SHORT("r.target_key")
	"  || ' is not a name of its target, ' || e.kind || ' ' || e.slug"
	" FROM revision AS r JOIN entity AS e ON e.kind = r.target_kind AND e.id = r.target_id"
	" WHERE r.target_key IS NOT e.slug AND NOT EXISTS (SELECT 1 FROM alias AS a"
	"  WHERE a.kind = e.kind AND a.slug = r.target_key AND a.entity_id = e.id)"
	" UNION ALL"
	" SELECT 'revision ' || substr(r.uuid, 1, 8) || ': its key ' || " SHORT("r.target_key")
	"  || ' is not the id of its target, ' || r.target_kind || ' ' || substr(x.uuid, 1, 8)"
	" FROM revision AS r JOIN (SELECT 'statement' AS kind, id, uuid FROM statement"
	"  UNION ALL SELECT 'assessment', id, uuid FROM assessment"
	"  UNION ALL SELECT 'outcome', id, uuid FROM outcome) AS x"
	" ON x.kind = r.target_kind AND x.id = r.target_id WHERE r.target_key IS NOT x.uuid",
	/* a position's member names the issue its row says */
	"SELECT 'revision ' || substr(r.uuid, 1, 8) || ': its member ' || c.member"
	"  || ' is not a position on issue ' || coalesce(i.slug, 'row ' || c.issue_id)"
	" FROM revision_change AS c JOIN revision AS r ON r.id = c.revision_id"
	" LEFT JOIN issue AS i ON i.id = c.issue_id"
	" WHERE c.issue_id IS NOT NULL AND c.issue_id IS NOT " ISSUE_OF("c.member"),
	/* an alias names an entity of its kind, and is no entity's slug */
	"SELECT 'alias ' || a.slug || ' names a missing ' || a.kind || ' (row ' || a.entity_id || ')'"
	" FROM alias AS a WHERE NOT EXISTS (SELECT 1 FROM (" ENTITIES ") AS e"
	"  WHERE e.kind = a.kind AND e.id = a.entity_id)",
	"WITH entity AS (" ENTITIES ")"
	" SELECT 'alias ' || a.slug || ' of ' || a.kind || ' ' || coalesce(o.slug, a.entity_id)"
	"  || ' is also the slug of ' || iif(e.id = a.entity_id, 'that ', '') || a.kind || ' ' || e.slug"
	" FROM alias AS a JOIN entity AS e ON e.kind = a.kind AND e.slug = a.slug"
	" LEFT JOIN entity AS o ON o.kind = a.kind AND o.id = a.entity_id",
	/* a removed entity is referred to by nothing: one line per entity and
	 * kind of referrer, however many there are */
	"SELECT kind || ' ' || slug || ' is removed, but ' || n || ' ' || what || iif(n = 1, '', 's')"
	"  || ' refer' || iif(n = 1, 's', '') || ' to it (' || iif(n = 1, '', 'first ') || first || ')'"
	" FROM ("
	"  SELECT 'party' AS kind, p.slug, count(*) AS n, 'actor' AS what, min(a.slug) AS first"
	"  FROM party AS p JOIN actor AS a ON a.party_id = p.id WHERE p.removed GROUP BY p.id"
	"  UNION ALL SELECT 'party', p.slug, count(*), 'statement', substr(min(s.uuid), 1, 8)"
	"  FROM party AS p JOIN statement AS s ON s.party_id = p.id WHERE p.removed GROUP BY p.id"
	"  UNION ALL SELECT 'actor', a.slug, count(*), 'statement', substr(min(s.uuid), 1, 8)"
	"  FROM actor AS a JOIN statement AS s ON s.actor_id = a.id WHERE a.removed GROUP BY a.id"
	"  UNION ALL SELECT 'source', o.slug, count(*), 'statement', substr(min(s.uuid), 1, 8)"
	"  FROM source AS o JOIN statement AS s ON s.source_id = o.id WHERE o.removed GROUP BY o.id"
	"  UNION ALL SELECT 'issue', i.slug, count(*), 'issue', min(c.slug)"
	"  FROM issue AS i JOIN issue AS c ON c.parent_id = i.id WHERE i.removed GROUP BY i.id"
	"  UNION ALL SELECT 'issue', i.slug, count(*), 'position',"
	"   'statement ' || substr(min(s.uuid), 1, 8)"
	"  FROM issue AS i JOIN position AS p ON p.issue_id = i.id"
	"  JOIN statement AS s ON s.id = p.statement_id WHERE i.removed GROUP BY i.id)"
	" ORDER BY kind, slug, what",
};

/* Runs one check query, reporting each row as a problem. */
static int run_check(struct checker *ck, const char *sql)
{
	sqlite3 *conn = ck->db->conn;
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_prepare_v2(conn, sql, -1, &stmt, NULL);

	if (src != SQLITE_OK)
		return stance__error_sqlite(conn, src, "checking the database");
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *msg = (const char *)sqlite3_column_text(stmt, 0);

		/* integrity_check says "ok" when there is nothing to say */
		if (msg && strcmp(msg, "ok") != 0)
			report(ck, "%s", msg);
	}
	sqlite3_finalize(stmt);
	return src == SQLITE_DONE ? 0 : stance__error_sqlite(conn, src, "checking the database");
}

/* ---- the history against the current tables ---- */

/*
 * For every member of every record that revisions touch, the latest
 * revision (by at, then id) and the member's current value as the
 * snapshot's JSON. positions.ISSUE names the issue by its slug at the time
 * of the revision, so such members are told apart by their issue's row,
 * which the slug names for good (aliases are permanent), not by their
 * text; revision_change.issue_id, which another check compares with it,
 * serves when the slug names nothing. ?1 is the JSON array of the stance
 * names, from -2 up, so that the names are written in one place
 * (stance_stance_name()). The shapes are read here in SQL, apart from
 * revision.c's writer, so that check also finds a value written wrong.
 * Columns: revision (short), kind, member, to, issue resolved (positions
 * only), the target as messages name it (NULL: no such target, which
 * another check reports), and the current value (NULL: a member the target
 * does not have).
 */
static const char sql_history[] =
	"WITH change AS ("
	" SELECT r.uuid, r.at, r.target_kind AS kind, r.target_id AS tid, c.member, c.to_value,"
	"  iif(c.member GLOB 'positions.*',"
	"   coalesce(" ISSUE_OF("c.member") ", c.issue_id), NULL)"
	"  AS issue_id"
	" FROM revision AS r JOIN revision_change AS c ON c.revision_id = r.id),"
	" latest AS (SELECT *, row_number() OVER (PARTITION BY kind, tid,"
	"   iif(issue_id IS NULL, member, NULL), issue_id ORDER BY at DESC, uuid DESC) AS n"
	"  FROM change)"
	" SELECT substr(l.uuid, 1, 8), l.kind, l.member, l.to_value, l.issue_id IS NOT NULL,"
	"  CASE l.kind"
	"   WHEN 'party' THEN (SELECT slug FROM party WHERE id = l.tid)"
	"   WHEN 'actor' THEN (SELECT slug FROM actor WHERE id = l.tid)"
	"   WHEN 'source' THEN (SELECT slug FROM source WHERE id = l.tid)"
	"   WHEN 'issue' THEN (SELECT slug FROM issue WHERE id = l.tid)"
	"   WHEN 'statement' THEN (SELECT substr(uuid, 1, 8) FROM statement WHERE id = l.tid)"
	"   WHEN 'assessment' THEN (SELECT substr(uuid, 1, 8) FROM assessment WHERE id = l.tid)"
	"   WHEN 'outcome' THEN (SELECT substr(uuid, 1, 8) FROM outcome WHERE id = l.tid) END,"
	"  CASE l.kind"
	"   WHEN 'party' THEN (SELECT CASE l.member WHEN 'slug' THEN json_quote(slug)"
	"    WHEN 'name' THEN json_quote(name) WHEN 'kind' THEN json_quote(kind)"
	"    WHEN 'removed' THEN iif(removed, 'true', 'false') END FROM party WHERE id = l.tid)"
	"   WHEN 'actor' THEN (SELECT CASE l.member WHEN 'slug' THEN json_quote(a.slug)"
	"    WHEN 'name' THEN json_quote(a.name) WHEN 'role' THEN json_quote(a.role)"
	"    WHEN 'party' THEN"
	"     coalesce((SELECT json_quote(slug) FROM party WHERE id = a.party_id), 'null')"
	"    WHEN 'removed' THEN iif(a.removed, 'true', 'false') END"
	"    FROM actor AS a WHERE a.id = l.tid)"
	"   WHEN 'source' THEN (SELECT CASE l.member WHEN 'slug' THEN json_quote(slug)"
	"    WHEN 'name' THEN json_quote(name) WHEN 'reliability' THEN json_quote(reliability)"
	"    WHEN 'url' THEN json_quote(url) WHEN 'removed' THEN iif(removed, 'true', 'false') END"
	"    FROM source WHERE id = l.tid)"
	"   WHEN 'issue' THEN (SELECT CASE l.member WHEN 'slug' THEN json_quote(i.slug)"
	"    WHEN 'title' THEN json_quote(i.title) WHEN 'description' THEN json_quote(i.description)"
	"    WHEN 'parent' THEN"
	"     coalesce((SELECT json_quote(slug) FROM issue WHERE id = i.parent_id), 'null')"
	"    WHEN 'low' THEN json_quote(i.low) WHEN 'high' THEN json_quote(i.high)"
	"    WHEN 'status_quo' THEN json_quote(i.status_quo)"
	"    WHEN 'removed' THEN iif(i.removed, 'true', 'false') END"
	"    FROM issue AS i WHERE i.id = l.tid)"
	"   WHEN 'statement' THEN (SELECT CASE"
	"    WHEN l.issue_id IS NOT NULL THEN coalesce((SELECT json_object("
	"      'stance', json_extract(?1, '$[' || (p.stance + 2) || ']'), 'point', p.point,"
	"      'red_line', json(CASE p.red_line WHEN 1 THEN 'true' WHEN 0 THEN 'false' ELSE 'null' END),"
	"      'condition', p.condition)"
	"     FROM position AS p WHERE p.statement_id = s.id AND p.issue_id = l.issue_id), 'null')"
	"    WHEN l.member = 'party' THEN"
	"     coalesce((SELECT json_quote(slug) FROM party WHERE id = s.party_id), 'null')"
	"    WHEN l.member = 'actor' THEN"
	"     coalesce((SELECT json_quote(slug) FROM actor WHERE id = s.actor_id), 'null')"
	"    WHEN l.member = 'source' THEN"
	"     coalesce((SELECT json_quote(slug) FROM source WHERE id = s.source_id), 'null')"
	"    WHEN l.member = 'said_on' THEN json_quote(s.said_on)"
	"    WHEN l.member = 'kind' THEN json_quote(s.kind)"
	"    WHEN l.member = 'text' THEN json_quote(s.text)"
	"    WHEN l.member = 'url' THEN json_quote(s.url)"
	"    WHEN l.member = 'credibility' THEN json_quote(s.credibility)"
	"    WHEN l.member = 'retracted' THEN iif(s.retracted_at IS NULL, 'null', json_object("
	"     'at', s.retracted_at, 'by', s.retracted_by, 'reason', s.retraction_reason))"
	"    END FROM statement AS s WHERE s.id = l.tid)"
	"  END, l.tid"
	" FROM latest AS l WHERE l.n = 1"
	" ORDER BY l.kind, l.tid, l.member";

/* Any name an entity of a kind goes by, current slug or alias, to its row. */
static const char sql_name_id[] =
	"SELECT id FROM party WHERE ?1 = 'party' AND slug = ?2"
	" UNION ALL SELECT id FROM actor WHERE ?1 = 'actor' AND slug = ?2"
	" UNION ALL SELECT id FROM source WHERE ?1 = 'source' AND slug = ?2"
	" UNION ALL SELECT id FROM issue WHERE ?1 = 'issue' AND slug = ?2"
	" UNION ALL SELECT entity_id FROM alias WHERE kind = ?1 AND slug = ?2"
	" LIMIT 1";

/* Two JSON values are the same value: numbers by their value (70 and 70.0
 * are one point), objects whatever the order of their members. */
static int json_same(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) == json_number_value(b);
	if (!a || !b || json_typeof(a) != json_typeof(b))
		return 0;
	if (json_is_object(a)) {
		const char *key;
		json_t *v;

		if (json_object_size(a) != json_object_size(b))
			return 0;
		json_object_foreach((json_t *)a, key, v)
			if (!json_same(v, json_object_get(b, key)))
				return 0;
		return 1;
	}
	if (json_is_array(a)) {
		if (json_array_size(a) != json_array_size(b))
			return 0;
		for (size_t i = 0; i < json_array_size(a); i++)
			if (!json_same(json_array_get(a, i), json_array_get(b, i)))
				return 0;
		return 1;
	}
	return json_equal((json_t *)a, (json_t *)b);
}

/* The kind of entity a member's value names by slug, or NULL: such values
 * hold the slug of the time, which may since have become an alias. */
static const char *member_refers_to(const char *kind, const char *member)
{
	if (strcmp(member, "party") == 0)
		return "party";
	if (strcmp(kind, "statement") == 0 &&
	    (strcmp(member, "actor") == 0 || strcmp(member, "source") == 0))
		return member;
	if (strcmp(kind, "issue") == 0 && strcmp(member, "parent") == 0)
		return "issue";
	/* assessments and outcomes name their issue, outcomes their source */
	if ((strcmp(kind, "assessment") == 0 || strcmp(kind, "outcome") == 0) &&
	    strcmp(member, "issue") == 0)
		return "issue";
	if (strcmp(kind, "outcome") == 0 && strcmp(member, "source") == 0)
		return "source";
	return NULL;
}

/* The row of the entity of kind that name names, or 0 for none. */
static int name_id(stance_db *db, const char *kind, const char *name, long long *id)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_name_id), src;

	*id = 0;
	if (rc)
		return rc;
	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW)
		*id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return stance__error_sqlite(db->conn, src, "checking the history");
	return 0;
}

/* Whether the revision's value want and the current value have agree: the
 * same JSON value, or two names of one entity. */
static int values_agree(stance_db *db, const char *kind, const char *member,
			const char *want, const char *have, int *agree)
{
	json_t *w = json_loads(want, JSON_DECODE_ANY, NULL);
	json_t *h = json_loads(have, JSON_DECODE_ANY, NULL);
	const char *refers = member_refers_to(kind, member);
	int rc = 0;

	*agree = w && h && json_same(w, h);
	if (!*agree && refers && json_is_string(w) && json_is_string(h)) {
		long long a, b;

		rc = name_id(db, refers, json_string_value(w), &a);
		if (!rc)
			rc = name_id(db, refers, json_string_value(h), &b);
		*agree = !rc && a && a == b;
	}
	json_decref(w);
	json_decref(h);
	return rc;
}

/* A value for a message: at most about 60 bytes, cut at a character. */
static const char *shown(char *buf, size_t size, const char *value)
{
	size_t len = strlen(value), cut = size - sizeof("…");

	if (len < size)
		return value;
	while (cut > 0 && ((unsigned char)value[cut] & 0xc0) == 0x80)
		cut--;
	memcpy(buf, value, cut);
	memcpy(buf + cut, "…", sizeof("…"));
	return buf;
}

/* One row of sql_history. */
static int history_row(struct checker *ck, sqlite3_stmt *stmt)
{
	const char *rev = (const char *)sqlite3_column_text(stmt, 0);
	const char *kind = (const char *)sqlite3_column_text(stmt, 1);
	const char *member = (const char *)sqlite3_column_text(stmt, 2);
	const char *want = (const char *)sqlite3_column_text(stmt, 3);
	int issue_known = sqlite3_column_int(stmt, 4);
	const char *key = (const char *)sqlite3_column_text(stmt, 5);
	const char *have = (const char *)sqlite3_column_text(stmt, 6);
	char a[64], b[64], *dumped = NULL;
	int agree, rc;

	if (!key)
		return 0;
	/* an assessment's or outcome's members are read as the history reads
	 * them (bargain.c), not spelled out once more here */
	if (strcmp(kind, "assessment") == 0 || strcmp(kind, "outcome") == 0) {
		json_t *rec = NULL;

		rc = stance_bargain__record_json(&rec, ck->db, strcmp(kind, "outcome") == 0 ?
						 STANCE_TARGET_OUTCOME : STANCE_TARGET_ASSESSMENT,
						 sqlite3_column_int64(stmt, 7));
		if (rc)
			return rc;
		if (json_object_get(rec, member))
			have = dumped = json_dumps(json_object_get(rec, member), JSON_ENCODE_ANY);
		json_decref(rec);
	}
	if (strncmp(member, "positions.", 10) == 0 && !issue_known) {
		report(ck, "revision %s: its member %s of statement %s names no issue", rev,
		       member, key);
		return 0;
	}
	if (!have) {
		report(ck, "revision %s: %s %s has no member %s", rev, kind, key, member);
		free(dumped);
		return 0;
	}
	rc = values_agree(ck->db, kind, member, want, have, &agree);
	if (!rc && !agree)
		report(ck, "%s %s: %s is %s, but its latest revision, %s, says %s", kind, key,
		       member, shown(a, sizeof(a), have), rev, shown(b, sizeof(b), want));
	free(dumped);
	return rc;
}

/* The stance names as a JSON array, from -2 up, for sql_history. */
static void stance_names(char *buf, size_t size)
{
	size_t len = 0;

	for (int v = STANCE_MIN; v <= STANCE_MAX && len < size; v++)
		len += (size_t)snprintf(buf + len, size - len, "%s\"%s\"", v == STANCE_MIN ? "[" : ",",
					stance_stance_name(v));
	if (len < size)
		snprintf(buf + len, size - len, "]");
}

static int history_check(struct checker *ck)
{
	sqlite3 *conn = ck->db->conn;
	sqlite3_stmt *stmt = NULL;
	char names[128];
	int rc = 0, src = sqlite3_prepare_v2(conn, sql_history, -1, &stmt, NULL);

	if (src != SQLITE_OK)
		return stance__error_sqlite(conn, src, "checking the history");
	stance_names(names, sizeof(names));
	sqlite3_bind_text(stmt, 1, names, -1, SQLITE_STATIC);
	while (!rc && (src = sqlite3_step(stmt)) == SQLITE_ROW)
		rc = history_row(ck, stmt);
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(conn, src, "checking the history");
	sqlite3_finalize(stmt);
	return rc;
}

/* ---- statements recorded twice ---- */

/* The next code point of s (len bytes left, len > 0) into *cp; returns its
 * length, or 0 for a byte that starts no valid UTF-8 sequence. */
static size_t utf8_next(const unsigned char *s, size_t len, unsigned *cp)
{
	size_t n = s[0] < 0x80 ? 1 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	static const unsigned first_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	static const unsigned least[] = { 0, 0, 0x80, 0x800, 0x10000 };

	if (n == 0 || n > len || s[0] > 0xf4)
		return 0;
	*cp = s[0] & first_mask[n];
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if (*cp < least[n] || (*cp >= 0xd800 && *cp <= 0xdfff) || *cp > 0x10ffff)
		return 0;
	return n;
}

/* Punctuation, symbols and spaces beyond ASCII that the fold drops. */
static int fold_drops(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0xbf) ||           /* C1, no-break space, « » ¿ ¡ · ° © */
	       cp == 0xd7 || cp == 0xf7 ||             /* × ÷ */
	       cp == 0x2bc ||                          /* ʼ, the Ukrainian apostrophe */
	       cp == 0x1680 ||                         /* ogham space */
	       (cp >= 0x2000 && cp <= 0x206f) ||       /* spaces, dashes, quotes, … */
	       (cp >= 0x2e00 && cp <= 0x2e7f) ||       /* supplemental punctuation */
	       (cp >= 0x3000 && cp <= 0x3003) ||       /* ideographic space, 、 。 */
	       (cp >= 0x3008 && cp <= 0x301f) ||       /* CJK brackets 「 」 */
	       cp == 0xfeff ||                         /* byte order mark */
	       (cp >= 0xff01 && cp <= 0xff0f) ||       /* fullwidth ！ ＂ … ／ */
	       (cp >= 0xff1a && cp <= 0xff20) || (cp >= 0xff3b && cp <= 0xff40) ||
	       (cp >= 0xff5b && cp <= 0xff65);
}

/* The lower case of the capitals of Latin-1, Latin Extended-A, Greek and
 * Cyrillic (Ukrainian and Russian text is common in talks); other code
 * points are their own. */
static unsigned fold_case(unsigned cp)
{
	if ((cp >= 0xc0 && cp <= 0xde) || (cp >= 0x391 && cp <= 0x3ab) ||
	    (cp >= 0x410 && cp <= 0x42f))
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40f)
		return cp + 0x50;
	if (cp == 0x130)
		return 'i';
	if (cp == 0x178)
		return 0xff;
	if (cp == 0x3c2)  /* final sigma is sigma */
		return 0x3c3;
	if (((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14a && cp <= 0x177) ||
	     (cp >= 0x460 && cp <= 0x481) || (cp >= 0x48a && cp <= 0x4bf) ||
	     (cp >= 0x4d0 && cp <= 0x52f)) && cp % 2 == 0)
		return cp + 1;
	if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e) ||
	     (cp >= 0x4c1 && cp <= 0x4ce)) && cp % 2 == 1)
		return cp + 1;
	return cp;
}

static size_t utf8_put(unsigned char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xc0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xe0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * The text two records of one statement would share however they were
 * typed: ASCII letters and the capitals of Latin-1, Latin Extended-A, Greek
 * and Cyrillic in lower case; every ASCII character but letters and digits
 * (spaces, punctuation, symbols, controls) dropped, and so are the spaces,
 * punctuation and symbols of Latin-1 (no-break space, « », ¿), General
 * Punctuation (typographic quotes and dashes, …, zero-width spaces), CJK
 * and fullwidth punctuation, and the modifier apostrophe ʼ. Diacritics are
 * kept (é is not e), nor are other scripts' cases or Unicode normalisation
 * folded. A byte that is not valid UTF-8 is kept as it is. The result is
 * never longer than s. Writes into out (len + 1 bytes) and returns its
 * length.
 */
static size_t fold_text(unsigned char *out, const unsigned char *s, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len;) {
		unsigned cp;
		size_t n = utf8_next(s + i, len - i, &cp);

		if (n == 0) {
			out[o++] = s[i++];
			continue;
		}
		i += n;
		if (cp < 0x80) {
			if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
				out[o++] = (unsigned char)cp;
			else if (cp >= 'A' && cp <= 'Z')
				out[o++] = (unsigned char)(cp + 0x20);
		} else if (!fold_drops(cp)) {
			o += utf8_put(out + o, fold_case(cp));
		}
	}
	out[o] = '\0';
	return o;
}

/* stance_fold(text), for the query below. */
static void sql_fold(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);
	int len = sqlite3_value_bytes(argv[0]);
	unsigned char *out;

	(void)argc;
	if (!s) {
		sqlite3_result_null(cx);
		return;
	}
	out = sqlite3_malloc(len + 1);
	if (!out) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	len = (int)fold_text(out, s, (size_t)len);
	sqlite3_result_text(cx, (const char *)out, len, sqlite3_free);
}

/* Every non-retracted statement whose party, said_on and folded text are
 * those of an earlier one (by recorded_at, then id), with that first one.
 * A retracted copy is taken to be the duplicate already dealt with. The
 * sort is SQLite's, which spills to disk: no list of texts in memory. */
static const char sql_duplicates[] =
	"WITH folded AS ("
	" SELECT party_id, said_on, recorded_at, uuid, stance_fold(text) AS f"
	" FROM statement WHERE retracted_at IS NULL),"
	" ranked AS (SELECT *, first_value(uuid) OVER (PARTITION BY party_id, said_on, f"
	"  ORDER BY recorded_at, uuid) AS first FROM folded)"
	" SELECT substr(r.uuid, 1, 8), substr(r.first, 1, 8), coalesce(p.slug, r.party_id), r.said_on"
	" FROM ranked AS r LEFT JOIN party AS p ON p.id = r.party_id"
	" WHERE r.uuid <> r.first ORDER BY r.party_id, r.said_on, r.recorded_at, r.uuid";

/* Notes never carry control characters (db.h), though a hand-edited
 * said_on might: each becomes '?'. */
static void clean(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			p[0] = p[1] = '?';
	}
}

static int duplicates_check(stance_db *db)
{
	sqlite3_stmt *stmt = NULL;
	int src = sqlite3_create_function_v2(db->conn, "stance_fold", 1,
					     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
					     NULL, sql_fold, NULL, NULL, NULL);

	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(db->conn, sql_duplicates, -1, &stmt, NULL);
	while (src == SQLITE_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		char msg[256];

		snprintf(msg, sizeof(msg),
			 "statement %s looks like statement %s recorded twice: party %s, %s, the same "
			 "text but for case, spacing and punctuation",
			 sqlite3_column_text(stmt, 0), sqlite3_column_text(stmt, 1),
			 sqlite3_column_text(stmt, 2), sqlite3_column_text(stmt, 3));
		clean(msg);
		stance_db__note(db, "%s", msg);
		src = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	if (src != SQLITE_OK && src != SQLITE_DONE)
		return stance__error_sqlite(db->conn, src, "looking for statements recorded twice");
	return 0;
}

/* ---- the search index ---- */

/* The full-text index must hold exactly the words of the statements.
 * FTS5's own 'integrity-check' is an INSERT, which takes the write lock
 * (waiting behind a writer, failing on a read-only database), so check
 * compares read-only instead: the statements are indexed afresh into a
 * temporary table with the schema's tokenizer, and the two indexes'
 * instances (term, row, column, offset), which fts5vocab lists in the same
 * order, must be the same. The temporary tables live in the connection's
 * own temp schema: nothing is written to the database. */
static const char *const fts_check_setup =
	"DROP TABLE IF EXISTS temp.stance_fts_have;"
	"DROP TABLE IF EXISTS temp.stance_fts_want;"
	"DROP TABLE IF EXISTS temp.stance_fts_fresh;"
	/* the tokenizer of migrations/0001-initial.sql */
	"CREATE VIRTUAL TABLE temp.stance_fts_fresh USING fts5 ("
	" text, tokenize = 'unicode61 remove_diacritics 2');"
	"INSERT INTO temp.stance_fts_fresh (rowid, text) SELECT id, text FROM main.statement;"
	"CREATE VIRTUAL TABLE temp.stance_fts_have USING fts5vocab (main, statement_fts, instance);"
	"CREATE VIRTUAL TABLE temp.stance_fts_want USING fts5vocab (temp, stance_fts_fresh, instance);";
static const char *const fts_check_cleanup =
	"DROP TABLE IF EXISTS temp.stance_fts_have;"
	"DROP TABLE IF EXISTS temp.stance_fts_want;"
	"DROP TABLE IF EXISTS temp.stance_fts_fresh;";

/* Steps both instance lists side by side; *same is 0 at the first
 * difference. */
static int fts_compare(stance_db *db, int *same)
{
	sqlite3_stmt *have = NULL, *want = NULL;
	int rc = 0, h = SQLITE_ROW, w = SQLITE_ROW;

	*same = 1;
	if (sqlite3_prepare_v2(db->conn, "SELECT term, doc, col, offset FROM temp.stance_fts_have",
			       -1, &have, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->conn, "SELECT term, doc, col, offset FROM temp.stance_fts_want",
			       -1, &want, NULL) != SQLITE_OK) {
		rc = stance__error_sqlite(db->conn, sqlite3_errcode(db->conn), "checking the search index");
		goto done;
	}
	while (*same) {
		h = sqlite3_step(have);
		w = sqlite3_step(want);
		if (h != SQLITE_ROW || w != SQLITE_ROW)
			break;
		for (int i = 0; i < 4 && *same; i++) {
			const char *a = (const char *)sqlite3_column_text(have, i);
			const char *b = (const char *)sqlite3_column_text(want, i);

			*same = a && b && strcmp(a, b) == 0;
		}
	}
	if (*same && h != w)
		*same = 0;
	if ((h != SQLITE_ROW && h != SQLITE_DONE) || (w != SQLITE_ROW && w != SQLITE_DONE))
		rc = stance__error_sqlite(db->conn, h != SQLITE_ROW && h != SQLITE_DONE ? h : w,
					  "checking the search index");
done:
	sqlite3_finalize(have);
	sqlite3_finalize(want);
	return rc;
}

static int fts_check(stance_db *db, int *same)
{
	int src = sqlite3_exec(db->conn, fts_check_setup, NULL, NULL, NULL);
	int rc = src == SQLITE_OK ? 0 : stance__error_sqlite(db->conn, src, "checking the search index");

	*same = 1;
	if (!rc)
		rc = fts_compare(db, same);
	/* a corrupt index can fail the build of the vocabulary: a problem */
	if (rc == STANCE_ENOTSTANCE) {
		*same = 0;
		rc = 0;
	}
	sqlite3_exec(db->conn, fts_check_cleanup, NULL, NULL, NULL);
	return rc;
}

int stance_db_check(stance_db *db, size_t *nproblems,
		    void (*problem)(const char *msg, void *ctx), void *ctx)
{
	struct checker ck = { db, 0, problem, ctx };
	int rc, own, same = 1;

	*nproblems = 0;
	/* one read transaction: every check sees the same database */
	rc = stance_db__read_begin(db, &own);
	if (rc)
		return rc;
	rc = run_check(&ck, "PRAGMA integrity_check");
	for (size_t i = 0; !rc && i < sizeof(invariant_checks) / sizeof(invariant_checks[0]); i++)
		rc = run_check(&ck, invariant_checks[i]);
	if (!rc)
		rc = history_check(&ck);
	if (!rc)
		rc = fts_check(db, &same);
	if (!rc && !same)
		report(&ck, "the full-text search index does not match the statements");
	if (!rc)
		rc = duplicates_check(db);
	rc = stance_db__read_end(db, own, rc);
	*nproblems = ck.n;
	return rc;
}
