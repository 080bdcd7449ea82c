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
#include "asknown-internal.h"
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

static int compare_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* ---- the entities in scope ------------------------------------------- */

/* The entities of one type as a walk sees them, in slug order: each one's
 * slug and parent (issues), copied, and whether it is in scope. */
struct scope_walk {
	char **slugs, **parents;
	unsigned char *in;
	size_t n, cap;
	stance_entity_type type;
	int (*fn)(const stance_entity *e, void *ctx);
	void *ctx;
	size_t at;  /* the second walk: the index of the entity it is at */
};

static int scope_collect(const stance_entity *e, void *ctx)
{
	struct scope_walk *w = ctx;
	/* what it is under: an issue's parent, an actor's party */
	const char *parent = w->type == STANCE_ISSUE ? e->field[STANCE_ISSUE_PARENT] :
			     w->type == STANCE_ACTOR ? e->field[STANCE_ACTOR_PARTY] : NULL;

	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 64;
		char **slugs = realloc(w->slugs, cap * sizeof(*slugs)), **parents;

		if (slugs)
			w->slugs = slugs;
		parents = slugs ? realloc(w->parents, cap * sizeof(*parents)) : NULL;
		if (!parents)
			return stance__error(STANCE_ENOMEM, "out of memory");
		w->parents = parents;
		w->cap = cap;
	}
	w->slugs[w->n] = strdup(e->field[STANCE_ENTITY_SLUG]);
	w->parents[w->n] = parent ? strdup(parent) : NULL;
	if (!w->slugs[w->n] || (parent && !w->parents[w->n])) {
		free(w->slugs[w->n]);
		return stance__error(STANCE_ENOMEM, "out of memory");
	}
	w->n++;
	return 0;
}

static int scope_emit(const stance_entity *e, void *ctx)
{
	struct scope_walk *w = ctx;

	return w->at < w->n && w->in[w->at++] ? w->fn(e, w->ctx) : 0;
}

static size_t scope_find(const struct scope_walk *w, const char *slug)
{
	char **hit = slug && w->n ? bsearch(&slug, w->slugs, w->n, sizeof(*w->slugs), compare_str) :
		     NULL;

	return hit ? (size_t)(hit - w->slugs) : w->n;
}

/* The index in w of the entity a listed slug that is none of w's slugs
 * names: by a former slug, or as known (known) by a slug it has had since;
 * w->n when it names none w holds. The slug w knows it by is that of the
 * row the id reads in the read begun. */
static int scope_resolve(const struct scope_walk *w, stance_db *db, int known,
			 const char *slug, size_t *at)
{
	struct stance_entity_ref ref;
	stance_entity *e = NULL;
	sqlite3_int64 id = 0;
	int found = 0, rc = stance_entity__find(db, w->type, slug, &ref, &found);

	*at = w->n;
	if (!rc && found)
		id = ref.id;
	else if (!rc && known)
		rc = stance_asknown__entity(db, w->type, slug, &id, &found);
	if (!rc && found)
		rc = stance_entity__get_id(&e, db, w->type, id);
	/* no row for the id (STANCE_EINTERNAL): as known, the entity was not
	 * created yet, and the slug names none of the time */
	if (rc == STANCE_EINTERNAL && known)
		rc = 0;
	if (!rc && e)
		*at = scope_find(w, e->field[STANCE_ENTITY_SLUG]);
	stance_entity_free(e);
	return rc;
}

/* Marks the listed entities (a former slug names its entity), then, for
 * issues, every one with a listed ancestor: a listed issue stands for
 * itself and what is under it (design §2). A cycle of parents, which
 * `stance check` reports, ends the walk up after n steps. */
static int scope_mark(struct scope_walk *w, stance_db *db, int known,
		      const char *const *listed, size_t nlisted)
{
	unsigned char *own;
	int rc = 0;

	memset(w->in, nlisted == 0, w->n + 1);
	for (size_t k = 0; !rc && k < nlisted; k++) {
		size_t at = w->n;

		rc = stance_check_slug(stance_entity_info_get(w->type)->name, listed[k]);
		if (!rc)
			at = scope_find(w, listed[k]);
		if (!rc && at == w->n)
			rc = scope_resolve(w, db, known, listed[k], &at);
		if (!rc && at == w->n)
			rc = stance_entity__unknown(db, w->type, listed[k]);
		if (!rc)
			w->in[at] = 1;
	}
	if (rc || !nlisted || w->type != STANCE_ISSUE)
		return rc;
	own = malloc(w->n + 1);
	if (!own)
		return stance__error(STANCE_ENOMEM, "out of memory");
	memcpy(own, w->in, w->n + 1);
	for (size_t i = 0; i < w->n; i++) {
		size_t j = scope_find(w, w->parents[i]);

		for (size_t steps = 0; !w->in[i] && j < w->n && steps < w->n; steps++) {
			w->in[i] = own[j];
			j = scope_find(w, w->parents[j]);
		}
	}
	free(own);
	return 0;
}

static void scope_walk_free(struct scope_walk *w)
{
	for (size_t k = 0; k < w->n; k++) {
		free(w->slugs[k]);
		free(w->parents[k]);
	}
	free(w->slugs);
	free(w->parents);
	free(w->in);
}

/* Reads the entities of w->type (in a read begun) and marks those in the
 * list. */
static int scope_load(struct scope_walk *w, stance_db *db, int known,
		      const char *const *listed, size_t nlisted)
{
	int rc = stance_entity__foreach(db, w->type, 0, scope_collect, w);

	if (!rc) {
		w->in = malloc(w->n + 1);
		rc = w->in ? scope_mark(w, db, known, listed, nlisted) :
			     stance__error(STANCE_ENOMEM, "out of memory");
	}
	return rc;
}

/* Marks the actors of the parties in scope (none listed: every actor). */
static int scope_actors(struct scope_walk *w, stance_db *db, int known,
			const stance_scope *scope)
{
	struct scope_walk parties = { .type = STANCE_PARTY };
	int rc = scope_load(w, db, known, NULL, 0);

	if (!rc && scope && scope->nparties)
		rc = scope_load(&parties, db, known, scope->parties, scope->nparties);
	for (size_t i = 0; !rc && scope && scope->nparties && i < w->n; i++) {
		size_t p = scope_find(&parties, w->parents[i]);

		w->in[i] = p < parties.n && parties.in[p];
	}
	scope_walk_free(&parties);
	return rc;
}

int stance_scope_entities_foreach(stance_db *db, const stance_scope *scope,
				  stance_entity_type type,
				  int (*fn)(const stance_entity *e, void *ctx), void *ctx)
{
	struct scope_walk w = { .type = type, .fn = fn, .ctx = ctx };
	struct stance_analysis_read read = { 0, 0, 0 };
	const char *const *listed = NULL;
	size_t nlisted = 0;
	int rc, known = stance_analysis__as_known(scope) != NULL;

	stance__error_clear();
	rc = scope_check(scope);
	if (!rc && (type < 0 || type >= STANCE_ENTITY_TYPES))
		rc = stance__error(STANCE_EINVALID, "invalid entity type %d", (int)type);
	if (rc)
		return rc;
	if (scope && type == STANCE_PARTY) {
		listed = scope->parties;
		nlisted = scope->nparties;
	} else if (scope && type == STANCE_ISSUE) {
		listed = scope->issues;
		nlisted = scope->nissues;
	}
	rc = stance_analysis__read_begin(&read, db, stance_analysis__as_known(scope));
	if (!rc)
		rc = type == STANCE_ACTOR ? scope_actors(&w, db, known, scope) :
					    scope_load(&w, db, known, listed, nlisted);
	if (!rc)
		rc = stance_entity__foreach(db, type, 0, scope_emit, &w);
	rc = stance_analysis__read_end(&read, db, rc);
	scope_walk_free(&w);
	return rc;
}

/* ---- evidence --------------------------------------------------------- */

/* One row per position of each listed statement, the statements behind
 * the current positions (?1) before the others (?2), each group latest
 * first, so that a bound keeps the current ones and then the latest; the
 * ids come as JSON arrays. The slugs are looked up one by one rather than
 * joined, and the order is of selected columns, so that as known
 * (asknown-internal.h) SQLite reads each arm of the views of statements
 * and positions by its index instead of materialising views of entities. */
static const char *const sql_evidence =
	"SELECT s.uuid, (SELECT slug FROM party WHERE id = s.party_id),"
	" (SELECT slug FROM actor WHERE id = s.actor_id), s.said_on, s.kind, s.text,"
	" (SELECT slug FROM source WHERE id = s.source_id), s.url, s.credibility, s.recorded_by,"
	" s.recorded_at, (SELECT slug FROM issue WHERE id = x.issue_id) AS issue_slug,"
	" x.stance, x.red_line, x.condition, x.point,"
	" s.uuid IN (SELECT value FROM json_each(?1)) AS current"
	" FROM statement AS s CROSS JOIN position AS x ON x.statement_id = s.id"
	" WHERE s.uuid IN (SELECT value FROM json_each(?1)"
	" UNION ALL SELECT value FROM json_each(?2)) AND s.retracted_at IS NULL"
	" ORDER BY current DESC, " STANCE_STATEMENT_ORDER_DESC ", issue_slug";

/* The distinct ids of ids[0..n) (sorted in place) that are not in the
 * sorted skip[0..nskip), as a JSON array into *out (new), their number into
 * *count. Ids are checked UUIDs: nothing in them needs escaping. */
static int id_array(char **out, size_t *count, const char **ids, size_t n, const char **skip,
		    size_t nskip)
{
	char *json = NULL, *at;

	*count = 0;
	if (n < SIZE_MAX / (STANCE_UUID_LEN + 3))
		json = malloc(n * (STANCE_UUID_LEN + 3) + 3);
	*out = json;
	if (!json)
		return stance__error(STANCE_ENOMEM, "out of memory");
	if (n)
		qsort(ids, n, sizeof(*ids), compare_str);
	at = json;
	*at++ = '[';
	for (size_t k = 0; k < n; k++) {
		if ((k && strcmp(ids[k], ids[k - 1]) == 0) ||
		    (nskip && bsearch(&ids[k], skip, nskip, sizeof(*skip), compare_str)))
			continue;
		at += sprintf(at, "%s\"%s\"", *count ? "," : "", ids[k]);
		++*count;
	}
	memcpy(at, "]", 2);
	return 0;
}

/* The ids the evidence reads: those behind the positions of pos (with
 * red_lines, the statements that set the red lines they keep too) as
 * *current, and those of also[0..nalso) that are not among them as *other;
 * the number of distinct ones into *total. */
struct evidence_ids {
	char *current, *other;
	size_t total;
};

static int evidence_ids(struct evidence_ids *out, const stance_positions *pos, int red_lines,
			const char *const *also, size_t nalso)
{
	const char **ids = malloc((2 * pos->n + nalso + 1) * sizeof(*ids));
	size_t n = 0, ncurrent = 0, nother = 0;
	int rc;

	if (!ids)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t k = 0; k < pos->n; k++) {
		ids[n++] = pos->items[k].statement;
		if (red_lines && pos->items[k].red_line && pos->items[k].red_line_statement)
			ids[n++] = pos->items[k].red_line_statement;
	}
	rc = id_array(&out->current, &ncurrent, ids, n, NULL, 0);
	/* ids[0..n) is sorted now: what is current is left out of the rest */
	for (size_t k = 0; !rc && k < nalso; k++)
		ids[n + k] = also[k];
	if (!rc)
		rc = id_array(&out->other, &nother, ids + n, nalso, ids, n);
	out->total = ncurrent + nother;
	free(ids);
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

/* Room for one more statement in r->e (items and superseded). */
static int evidence_grow(struct evidence_read *r)
{
	stance_evidence *e = r->e;
	size_t ncap = r->cap ? 2 * r->cap : 16;
	struct stance_statement **grown;
	unsigned char *flags;

	if (e->n < r->cap)
		return 0;
	grown = realloc(e->items, ncap * sizeof(*grown));
	if (grown)
		e->items = grown;
	flags = grown ? realloc(e->superseded, ncap) : NULL;
	if (flags)
		e->superseded = flags;
	if (!flags)
		return stance__error(STANCE_ENOMEM, "out of memory");
	r->cap = ncap;
	return 0;
}

/* Keeps the statement just read (and takes it) unless it breaks the text
 * bound; returns 1 when no further statement may be kept. */
static int evidence_keep(struct evidence_read *r, stance_statement *st, int superseded)
{
	stance_evidence *e = r->e;
	int rc;

	r->text += statement_size(st);
	/* the first always shows, however long */
	if (e->n && r->text > r->max_text) {
		stance_statement_free(st);
		return 1;
	}
	rc = evidence_grow(r);
	if (rc) {
		stance_statement_free(st);
		return rc;
	}
	e->superseded[e->n] = (unsigned char)superseded;
	e->items[e->n++] = st;
	return e->n == r->max_statements || r->text > r->max_text;
}

/* Steps sql_evidence (bound) to the end or until the bounds are full. */
static int evidence_walk(struct evidence_read *r, sqlite3_stmt *stmt, stance_db *db)
{
	stance_statement *st = NULL;
	size_t cap = 0;
	int rc = 0, src, superseded = 0;

	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		/* a statement's rows come together: a new id ends the last one */
		if (st && strcmp(st->id, (const char *)sqlite3_column_text(stmt, 0)) != 0) {
			rc = evidence_keep(r, st, superseded);
			st = NULL;
			if (rc)
				break;
		}
		if (!st) {
			cap = 0;
			superseded = !sqlite3_column_int(stmt, 16);
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
		rc = evidence_keep(r, st, superseded);
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
	free(e->superseded);
	free(e);
}

/* A kept statement and its flag, to be put in statement order. */
struct kept {
	struct stance_statement *st;
	unsigned char superseded;
};

/* The statement order (design §2): said_on, recorded_at (stored as
 * fixed-width UTC text, so that text order is time order), the id. */
static int statement_order(const void *x, const void *y)
{
	const struct stance_statement *a = ((const struct kept *)x)->st;
	const struct stance_statement *b = ((const struct kept *)y)->st;
	int c = strcmp(a->said_on, b->said_on);

	if (!c)
		c = strcmp(a->recorded_at ? a->recorded_at : "", b->recorded_at ? b->recorded_at : "");
	return c ? c : strcmp(a->id, b->id);
}

/* Puts the evidence, read current first and latest first for the bounds,
 * in statement order. */
static int evidence_order(stance_evidence *e)
{
	struct kept *k = malloc((e->n + 1) * sizeof(*k));

	if (!k)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t i = 0; i < e->n; i++)
		k[i] = (struct kept){ e->items[i], e->superseded[i] };
	qsort(k, e->n, sizeof(*k), statement_order);
	for (size_t i = 0; i < e->n; i++) {
		e->items[i] = k[i].st;
		e->superseded[i] = k[i].superseded;
	}
	free(k);
	return 0;
}

/* stance_evidence_get() and stance_evidence_gather(): red_lines adds the
 * statements that set the kept red lines to those behind pos. */
static int evidence_get(stance_evidence **out, stance_db *db, const stance_positions *pos,
			int red_lines, const char *const *also, size_t nalso,
			const stance_scope *scope, size_t max_statements, size_t max_text)
{
	struct evidence_read r = { NULL, 0, max_statements ? max_statements : SIZE_MAX,
				   max_text ? max_text : SIZE_MAX, 0 };
	struct stance_analysis_read read = { 0, 0, 0 };
	struct evidence_ids ids = { NULL, NULL, 0 };
	sqlite3_stmt *stmt;
	int rc;

	stance__error_clear();
	*out = NULL;
	rc = scope_check(scope);
	if (rc)
		return rc;
	r.e = calloc(1, sizeof(*r.e));
	rc = r.e ? evidence_ids(&ids, pos, red_lines, also, nalso) :
		   stance__error(STANCE_ENOMEM, "out of memory");
	if (rc)
		goto done;
	r.e->total = ids.total;
	rc = stance_analysis__read_begin(&read, db, stance_analysis__as_known(scope));
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_evidence);
	if (!rc) {
		stance_db__bind_text(stmt, 1, ids.current);
		stance_db__bind_text(stmt, 2, ids.other);
		rc = evidence_walk(&r, stmt, db);
		sqlite3_reset(stmt);
	}
	rc = stance_analysis__read_end(&read, db, rc);
	if (!rc)
		rc = evidence_order(r.e);
done:
	free(ids.current);
	free(ids.other);
	if (rc)
		stance_evidence_free(r.e);
	else
		*out = r.e;
	return rc;
}

int stance_evidence_get(stance_evidence **out, stance_db *db, const stance_positions *pos,
			const stance_scope *scope, size_t max_statements, size_t max_text)
{
	return evidence_get(out, db, pos, 0, NULL, 0, scope, max_statements, max_text);
}

int stance_evidence_gather(stance_evidence **out, stance_db *db, const stance_positions *pos,
			   const char *const *also, size_t nalso, const stance_scope *scope,
			   size_t max_statements, size_t max_text)
{
	return evidence_get(out, db, pos, 1, also, nalso, scope, max_statements, max_text);
}
