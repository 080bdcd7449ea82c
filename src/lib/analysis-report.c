/*
 * analysis-report.c - what the HTML report draws beyond the positions and
 * the matrix: every party's timeline on every issue as of a date, and the
 * statements behind the current positions.
 *
 * A timeline is the party's history on the issue (stance_history_foreach(),
 * which owns the statement order and the shift and reversal rules), cut at
 * the as-of date: the history comes in statement order, so the first row
 * said after the date ends it. The evidence is read in one query for the
 * whole set of statements, however many positions they stand behind.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis-internal.h"
#include "common-internal.h"
#include "entity-internal.h"
#include "stance/analysis.h"
#include "stance/statement.h"

/* ---- timelines -------------------------------------------------------- */

struct timeline_walk {
	stance_db *db;
	const char *as_of;
	stance_scope evidence;  /* the scope's evidence filters and by_actor alone */
	stance_timeline_point pt;
	int (*fn)(const stance_timeline_point *pt, void *ctx);
	void *ctx;
	int past;  /* the history went past as_of: the walk stopped, not fn */
};

static int timeline_row(const stance_history_row *row, void *ctx)
{
	struct timeline_walk *w = ctx;

	/* statement order is date order first: nothing later counts */
	if (w->as_of && strcmp(row->said_on, w->as_of) > 0) {
		w->past = 1;
		return 1;
	}
	w->pt.day = (long)stance__date_days(row->said_on);
	w->pt.row = row;
	return w->fn(&w->pt, w->ctx);
}

/* By issue, then party (by actor: actor): the order in which a report
 * draws the timelines. */
static int by_issue(const void *x, const void *y)
{
	const stance_current_position *a = *(const stance_current_position *const *)x;
	const stance_current_position *b = *(const stance_current_position *const *)y;
	int c = strcmp(a->issue, b->issue);

	return c ? c : strcmp(a->party, b->party);
}

static int by_issue_actor(const void *x, const void *y)
{
	const stance_current_position *a = *(const stance_current_position *const *)x;
	const stance_current_position *b = *(const stance_current_position *const *)y;
	int c = strcmp(a->issue, b->issue);

	return c ? c : strcmp(a->actor ? a->actor : "", b->actor ? b->actor : "");
}

/* Checks a scope the report functions take: its version and as_of. */
static int scope_check(const stance_scope *scope)
{
	int rc = scope ? stance__check_version(scope->version, STANCE_SCOPE_VERSION,
					       "stance_scope") : 0;

	if (!rc && scope && scope->as_of)
		rc = stance_check_date("--as-of date", scope->as_of);
	return rc;
}

/* Walks the histories behind the positions in order, in the read that
 * the caller began (as known, one set of views for them all). */
static int timelines_walk(struct timeline_walk *w, const stance_current_position **order,
			  size_t n)
{
	int rc = 0;

	for (size_t k = 0; !rc && k < n; k++) {
		w->pt.position = order[k];
		w->past = 0;
		rc = stance_analysis__history(w->db, &w->evidence,
					      w->evidence.by_actor ? STANCE_ACTOR : STANCE_PARTY,
					      w->evidence.by_actor ? order[k]->actor : order[k]->party,
					      order[k]->issue, 1, timeline_row, w);
		if (w->past)
			rc = 0;
	}
	return rc;
}

int stance_timelines_foreach(stance_db *db, const stance_positions *pos,
			     const stance_scope *scope,
			     int (*fn)(const stance_timeline_point *pt, void *ctx), void *ctx)
{
	struct timeline_walk w = { db, scope ? scope->as_of : NULL, STANCE_SCOPE_INIT, { 0 }, fn,
				   ctx, 0 };
	struct stance_analysis_read read = { 0, 0, 0 };
	const stance_current_position **order = NULL;
	int rc;

	stance__error_clear();
	rc = scope_check(scope);
	if (rc || !pos->n)
		return rc;
	if (scope && scope->version >= 3) {
		/* the walk is inside the read begun here, as known if asked */
		w.evidence.min_credibility = scope->min_credibility;
		w.evidence.min_reliability = scope->min_reliability;
		w.evidence.kinds = scope->kinds;
		w.evidence.nkinds = scope->nkinds;
		w.evidence.by_actor = scope->by_actor;
	}
	order = malloc(pos->n * sizeof(*order));
	if (!order)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t k = 0; k < pos->n; k++)
		order[k] = &pos->items[k];
	qsort(order, pos->n, sizeof(*order), w.evidence.by_actor ? by_issue_actor : by_issue);
	rc = stance_analysis__read_begin(&read, db, stance_analysis__as_known(scope));
	if (!rc)
		rc = timelines_walk(&w, order, pos->n);
	rc = stance_analysis__read_end(&read, db, rc);
	free(order);
	return rc;
}

/* ---- the entities ----------------------------------------------------- */

int stance_entities_foreach(stance_db *db, const stance_scope *scope, stance_entity_type type,
			    int (*fn)(const stance_entity *e, void *ctx), void *ctx)
{
	struct stance_analysis_read read = { 0, 0, 0 };
	int rc;

	stance__error_clear();
	rc = scope_check(scope);
	if (!rc && (type < 0 || type >= STANCE_ENTITY_TYPES))
		rc = stance__error(STANCE_EINVALID, "invalid entity type %d", (int)type);
	if (rc)
		return rc;
	rc = stance_analysis__read_begin(&read, db, stance_analysis__as_known(scope));
	if (!rc)
		rc = stance_entity__foreach(db, type, 0, fn, ctx);
	return stance_analysis__read_end(&read, db, rc);
}

/* ---- evidence --------------------------------------------------------- */

/* One row per position of each listed statement, the statements latest
 * first so that a bound keeps the latest; the ids come as a JSON array.
 * The slugs are looked up one by one rather than joined, and the order is
 * of selected columns, so that as known (asknown-internal.h) SQLite reads
 * each arm of the views of statements and positions by its index instead
 * of materialising views of entities. */
static const char *const sql_evidence =
	"SELECT s.uuid, (SELECT slug FROM party WHERE id = s.party_id),"
	" (SELECT slug FROM actor WHERE id = s.actor_id), s.said_on, s.kind, s.text,"
	" (SELECT slug FROM source WHERE id = s.source_id), s.url, s.credibility, s.recorded_by,"
	" s.recorded_at, (SELECT slug FROM issue WHERE id = x.issue_id) AS issue_slug,"
	" x.stance, x.red_line, x.condition, x.point"
	" FROM statement AS s CROSS JOIN position AS x ON x.statement_id = s.id"
	" WHERE s.uuid IN (SELECT value FROM json_each(?1)) AND s.retracted_at IS NULL"
	" ORDER BY " STANCE_STATEMENT_ORDER_DESC ", issue_slug";

static int compare_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The distinct statement ids of pos as a JSON array into *out (new), their
 * number into *n. Ids are checked UUIDs: nothing in them needs escaping. */
static int id_array(char **out, size_t *n, const stance_positions *pos)
{
	const char **ids = malloc((pos->n + 1) * sizeof(*ids));
	char *json = NULL, *at;
	int rc = 0;

	*n = 0;
	if (ids && pos->n < SIZE_MAX / (STANCE_UUID_LEN + 3))
		json = malloc(pos->n * (STANCE_UUID_LEN + 3) + 3);
	if (!ids || !json) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t k = 0; k < pos->n; k++)
		ids[k] = pos->items[k].statement;
	qsort(ids, pos->n, sizeof(*ids), compare_str);
	at = json;
	*at++ = '[';
	for (size_t k = 0; k < pos->n; k++) {
		if (k && strcmp(ids[k], ids[k - 1]) == 0)
			continue;
		at += sprintf(at, "%s\"%s\"", *n ? "," : "", ids[k]);
		++*n;
	}
	memcpy(at, "]", 2);
done:
	free(ids);
	*out = rc ? NULL : json;
	if (rc)
		free(json);
	return rc;
}

/* Where each text column of sql_evidence before the positions' goes. */
static const struct {
	int column;
	size_t offset;
} statement_columns[] = {
	{ 0, offsetof(stance_statement, id) },      { 1, offsetof(stance_statement, party) },
	{ 2, offsetof(stance_statement, actor) },   { 3, offsetof(stance_statement, said_on) },
	{ 4, offsetof(stance_statement, kind) },    { 5, offsetof(stance_statement, text) },
	{ 6, offsetof(stance_statement, source) },  { 7, offsetof(stance_statement, url) },
	{ 9, offsetof(stance_statement, recorded_by) },
	{ 10, offsetof(stance_statement, recorded_at) },
};

/* A new statement from the statement columns of a row of sql_evidence. */
static int statement_read(stance_statement **out, sqlite3_stmt *stmt)
{
	stance_statement *st = calloc(1, sizeof(*st));
	int rc = 0;

	*out = st;
	if (!st)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t k = 0; k < sizeof(statement_columns) / sizeof(*statement_columns); k++)
		*(char **)((char *)st + statement_columns[k].offset) =
			stance_db__column_dup(stmt, statement_columns[k].column, &rc);
	st->credibility = sqlite3_column_int(stmt, 8);
	return rc ? stance__error(rc, "out of memory") : 0;
}

/* Appends the position columns of a row of sql_evidence to st; *cap is the
 * room st->positions has. */
static int position_read(stance_statement *st, size_t *cap, sqlite3_stmt *stmt)
{
	stance_position *p;
	int rc = 0;

	if (st->npositions == *cap) {
		size_t ncap = *cap ? 2 * *cap : 4;
		stance_position *grown = realloc(st->positions, ncap * sizeof(*grown));

		if (!grown)
			return stance__error(STANCE_ENOMEM, "out of memory");
		st->positions = grown;
		*cap = ncap;
	}
	p = &st->positions[st->npositions++];
	memset(p, 0, sizeof(*p));
	p->issue = stance_db__column_dup(stmt, 11, &rc);
	p->stance = sqlite3_column_int(stmt, 12);
	/* stored null (not stated), 0 (stated open) or 1 (a red line) */
	if (sqlite3_column_type(stmt, 13) != SQLITE_NULL)
		p->red_line = sqlite3_column_int(stmt, 13) ? STANCE_RED_LINE_YES : STANCE_RED_LINE_NO;
	p->condition = stance_db__column_dup(stmt, 14, &rc);
	p->has_point = sqlite3_column_type(stmt, 15) != SQLITE_NULL;
	p->point = sqlite3_column_double(stmt, 15);
	return rc ? stance__error(rc, "out of memory") : 0;
}

/* What a statement weighs against the text bound: its text and conditions. */
static size_t statement_size(const stance_statement *st)
{
	size_t n = strlen(st->text);

	for (size_t k = 0; k < st->npositions; k++)
		if (st->positions[k].condition)
			n += strlen(st->positions[k].condition);
	return n;
}

/* The bounds of one read, and how much of them is used. */
struct evidence_read {
	stance_evidence *e;
	size_t cap, max_statements, max_text, text;
};

/* Keeps the statement just read (and takes it) unless it breaks the text
 * bound; returns 1 when no further statement may be kept. */
static int evidence_keep(struct evidence_read *r, stance_statement *st)
{
	stance_evidence *e = r->e;

	r->text += statement_size(st);
	/* the first always shows, however long */
	if (e->n && r->text > r->max_text) {
		stance_statement_free(st);
		return 1;
	}
	if (e->n == r->cap) {
		size_t ncap = r->cap ? 2 * r->cap : 16;
		struct stance_statement **grown = realloc(e->items, ncap * sizeof(*grown));

		if (!grown) {
			stance_statement_free(st);
			return stance__error(STANCE_ENOMEM, "out of memory");
		}
		e->items = grown;
		r->cap = ncap;
	}
	e->items[e->n++] = st;
	return e->n == r->max_statements || r->text > r->max_text;
}

/* Steps sql_evidence (bound) to the end or until the bounds are full. */
static int evidence_walk(struct evidence_read *r, sqlite3_stmt *stmt, stance_db *db)
{
	stance_statement *st = NULL;
	size_t cap = 0;
	int rc = 0, src;

	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		/* a statement's rows come together: a new id ends the last one */
		if (st && strcmp(st->id, (const char *)sqlite3_column_text(stmt, 0)) != 0) {
			rc = evidence_keep(r, st);
			st = NULL;
			if (rc)
				break;
		}
		if (!st) {
			cap = 0;
			rc = statement_read(&st, stmt);
		}
		if (!rc)
			rc = position_read(st, &cap, stmt);
		if (rc)
			break;
	}
	if (!rc && src != SQLITE_ROW && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the evidence");
	if (!rc && st)
		rc = evidence_keep(r, st);
	else
		stance_statement_free(st);
	return rc < 0 ? rc : 0;
}

void stance_evidence_free(stance_evidence *e)
{
	if (!e)
		return;
	for (size_t k = 0; k < e->n; k++)
		stance_statement_free(e->items[k]);
	free(e->items);
	free(e);
}

int stance_evidence_get(stance_evidence **out, stance_db *db, const stance_positions *pos,
			const stance_scope *scope, size_t max_statements, size_t max_text)
{
	struct evidence_read r = { NULL, 0, max_statements ? max_statements : SIZE_MAX,
				   max_text ? max_text : SIZE_MAX, 0 };
	struct stance_analysis_read read = { 0, 0, 0 };
	sqlite3_stmt *stmt;
	char *ids = NULL;
	int rc;

	stance__error_clear();
	*out = NULL;
	rc = scope_check(scope);
	if (rc)
		return rc;
	r.e = calloc(1, sizeof(*r.e));
	rc = r.e ? id_array(&ids, &r.e->total, pos) : stance__error(STANCE_ENOMEM, "out of memory");
	if (rc)
		goto done;
	rc = stance_analysis__read_begin(&read, db, stance_analysis__as_known(scope));
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_evidence);
	if (!rc) {
		stance_db__bind_text(stmt, 1, ids);
		rc = evidence_walk(&r, stmt, db);
		sqlite3_reset(stmt);
	}
	rc = stance_analysis__read_end(&read, db, rc);
	/* read latest first for the bounds; handed out in statement order */
	for (size_t a = 0, b = r.e->n; rc == 0 && a + 1 < b; a++, b--) {
		struct stance_statement *t = r.e->items[a];

		r.e->items[a] = r.e->items[b - 1];
		r.e->items[b - 1] = t;
	}
done:
	free(ids);
	if (rc)
		stance_evidence_free(r.e);
	else
		*out = r.e;
	return rc;
}
