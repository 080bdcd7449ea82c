/*
 * analysis.c - current positions, conflicts, the disagreement matrix,
 * histories and shifts.
 *
 * Positions and the matrix share one step: the current position of every
 * party on every issue, gathered into a grid of parties by issues (both in
 * slug order, so walking the grid walks the output order). All time, the
 * grid is read from current_position, which triggers keep up to date; as
 * of a date, the statements said up to it are scanned once in statement
 * order and the last position seen for a (party, issue) wins. Either way
 * only integers cross from SQLite until the few positions shown are known;
 * their texts are then read one by one. The pairwise work is done here in C
 * over the grid, which is as small as parties times issues.
 *
 * Conflicts read the same rows grouped by issue instead, and hand each
 * conflict out as it is found: their number grows with the square of the
 * parties on each issue, so a list of them all, unlike the grid, can
 * outgrow memory; one issue's positions at a time never does.
 *
 * Each analysis reads inside one transaction so that a writer in between
 * cannot show it half a change.
 *
 * As known at a time (scope->as_known), the tables the queries name are
 * views of the past (asknown-internal.h) and the same queries answer for
 * the past; only current_position, which is kept for now, has no past: the
 * analyses then take their as-of path, as of the date given or of the end
 * of time. The scans of every statement name the two arms of those views
 * themselves (sql_known_*), for speed; they mean what their as-of twins do.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis-internal.h"
#include "asknown-internal.h"
#include "common-internal.h"
#include "entity-internal.h"
#include "stance/analysis.h"

const char *const stance_metric_names[] = { "conflicts", "hard", "distance", NULL };

int stance_metric_parse(stance_metric *out, const char *name)
{
	for (int i = 0; name && stance_metric_names[i]; i++) {
		if (strcmp(name, stance_metric_names[i]) == 0) {
			*out = (stance_metric)i;
			return 0;
		}
	}
	if (name && !stance__utf8_valid(name, strlen(name)))
		return stance__error(STANCE_EINVALID, "invalid metric: not valid UTF-8");
	return stance__error(STANCE_EINVALID,
			     "invalid metric '%s' (choose from: conflicts, hard, distance)",
			     name ? name : "");
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* Returns arr, grown when it holds cap elements of size bytes, or NULL
 * (arr is then untouched) when memory runs out. */
static void *grow(void *arr, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *grown;

	if (n < *cap)
		return arr;
	ncap = *cap ? *cap * 2 : 16;
	grown = realloc(arr, ncap * size);
	if (grown)
		*cap = ncap;
	return grown;
}

/* A zeroed array of rows * cols elements of size bytes (never of zero
 * bytes), or NULL. */
static void *calloc_grid(size_t rows, size_t cols, size_t size)
{
	if (cols && rows > SIZE_MAX / size / cols)
		return NULL;
	return calloc(rows * cols + 1, size);
}

/* ---- catalogs: the parties or issues, in slug order ------------------ */

struct id_index {
	sqlite3_int64 id;
	size_t index;
};

struct catalog {
	size_t n;
	char **slugs;             /* sorted */
	sqlite3_int64 *ids;       /* ids[k] is the row id of slugs[k] */
	struct id_index *by_id;   /* sorted by id, to map row ids to indexes */
	unsigned char *in;        /* in scope: listed, or everything when none is */
};

static const char *const sql_catalog[STANCE_ENTITY_TYPES] = {
	[STANCE_PARTY] = "SELECT id, slug FROM party ORDER BY slug",
	[STANCE_ISSUE] = "SELECT id, slug FROM issue ORDER BY slug",
};

static int compare_id(const void *a, const void *b)
{
	sqlite3_int64 x = ((const struct id_index *)a)->id, y = ((const struct id_index *)b)->id;

	return (x > y) - (x < y);
}

static int compare_slug(const void *key, const void *elem)
{
	return strcmp(key, *(char *const *)elem);
}

/* The index of the entity with row id id, or c->n when there is none. */
static size_t catalog_find(const struct catalog *c, sqlite3_int64 id)
{
	struct id_index key = { id, 0 }, *hit;

	hit = c->n ? bsearch(&key, c->by_id, c->n, sizeof(*c->by_id), compare_id) : NULL;
	return hit ? hit->index : c->n;
}

static void catalog_free(struct catalog *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->slugs[i]);
	free(c->slugs);
	free(c->ids);
	free(c->by_id);
	free(c->in);
	memset(c, 0, sizeof(*c));
}

/* Reads every row of sql (id, slug) into c. */
static int catalog_read(struct catalog *c, stance_db *db, const char *sql)
{
	size_t cap = 0, idcap = 0;
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql), src;

	if (rc)
		return rc;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		char **slugs = grow(c->slugs, &cap, c->n, sizeof(*slugs));
		sqlite3_int64 *ids = slugs ? grow(c->ids, &idcap, c->n, sizeof(*ids)) : NULL;

		if (slugs)
			c->slugs = slugs;
		if (ids)
			c->ids = ids;
		if (!slugs || !ids || !(c->slugs[c->n] = stance_db__column_dup(stmt, 1, &rc))) {
			rc = stance__error(STANCE_ENOMEM, "out of memory");
			break;
		}
		c->ids[c->n++] = sqlite3_column_int64(stmt, 0);
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the entities");
	sqlite3_reset(stmt);
	return rc;
}

/* The index in c of the entity a listed slug names that is not one of
 * c's slugs: a former slug (an alias), or as known a slug the entity has
 * had since (then with a note, since the result names it by the other);
 * c->n when it names none that c holds. */
static int catalog_resolve(const struct catalog *c, stance_db *db, stance_entity_type type,
			   int known, const char *slug, size_t *index)
{
	struct stance_entity_ref ref;
	sqlite3_int64 id = 0;
	int found = 0, later = 0, rc = stance_entity__find(db, type, slug, &ref, &found);

	*index = c->n;
	if (!rc && found) {
		id = ref.id;
	} else if (!rc && known) {
		rc = stance_asknown__entity(db, type, slug, &id, &found);
		later = found;
	}
	if (rc || !found)
		return rc;
	*index = catalog_find(c, id);
	if (*index < c->n && later)
		stance_db__note(db, "%s '%s' was '%s' at the time asked",
				stance_entity_info_get(type)->name, slug, c->slugs[*index]);
	else if (*index < c->n && ref.alias)
		stance_db__note(db, "'%s' is a former slug of %s '%s'", slug,
				stance_entity_info_get(type)->name, c->slugs[*index]);
	return 0;
}

/* Loads the parties or issues and marks those in scope: the listed ones,
 * each of which must exist, or all when none is listed. */
static int catalog_load(struct catalog *c, stance_db *db, stance_entity_type type, int known,
			const char *const *listed, size_t nlisted)
{
	const char *what = stance_entity_info_get(type)->name;
	int rc = catalog_read(c, db, sql_catalog[type]);

	if (rc)
		goto done;
	c->by_id = malloc((c->n + 1) * sizeof(*c->by_id));
	c->in = malloc(c->n + 1);
	if (!c->by_id || !c->in) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < c->n; i++)
		c->by_id[i] = (struct id_index){ c->ids[i], i };
	qsort(c->by_id, c->n, sizeof(*c->by_id), compare_id);
	memset(c->in, nlisted == 0, c->n + 1);
	for (size_t k = 0; k < nlisted && !rc; k++) {
		char **hit;
		size_t at = c->n;

		rc = stance_check_slug(what, listed[k]);
		if (rc)
			break;
		/* bsearch() of an empty catalog may not be given its NULL array */
		hit = c->n ? bsearch(listed[k], c->slugs, c->n, sizeof(*c->slugs), compare_slug) :
			NULL;
		if (hit)
			at = (size_t)(hit - c->slugs);
		else
			rc = catalog_resolve(c, db, type, known, listed[k], &at);
		if (!rc && at == c->n)
			rc = stance_entity__unknown(db, type, listed[k]);
		if (!rc)
			c->in[at] = 1;
	}
done:
	if (rc)
		catalog_free(c);
	return rc;
}

/* ---- the grid of current positions ----------------------------------- */

struct cell {
	sqlite3_int64 statement;  /* 0: no current position */
	int stance;
	int red_line;
};

/* The conflict rule, written once for the conflict list and the matrix:
 * two positions conflict when they take opposite sides (non-zero stances
 * of opposite signs); the conflict is hard when either is a red line. */
static int cells_conflict(const struct cell *a, const struct cell *b)
{
	return a->stance != 0 && sign(a->stance) == -sign(b->stance);
}

static int conflict_is_hard(const struct cell *a, const struct cell *b)
{
	return a->red_line || b->red_line;
}

/* An analysis under way: the parties and issues, with those in scope
 * marked, and the current position of every party on every issue. */
struct grid {
	stance_db *db;
	struct stance_analysis_read read;
	const char *as_of;   /* the scope's date, NULL: all time (never as known) */
	struct catalog parties, issues;
	struct cell *cells;  /* parties.n * issues.n, party after party */
};

static struct cell *grid_cell(const struct grid *g, size_t party, size_t issue)
{
	return &g->cells[party * g->issues.n + issue];
}

/* Both queries give: statement, party, issue, stance, red line. */
static const char *const sql_current =
	"SELECT c.statement_id, c.party_id, c.issue_id, p.stance, p.red_line"
	" FROM current_position AS c JOIN position AS p"
	" ON p.statement_id = c.statement_id AND p.issue_id = c.issue_id";

/* In statement order through the index statement_order, so that the last
 * row of a (party, issue) is its position as of the date. The index holds
 * every statement column used here: the wide rows are never read. */
static const char *const sql_as_of =
	"SELECT s.id, s.party_id, p.issue_id, p.stance, p.red_line"
	" FROM statement AS s CROSS JOIN position AS p ON p.statement_id = s.id"
	" WHERE s.said_on <= ?1 AND s.retracted_at IS NULL"
	" ORDER BY " STANCE_STATEMENT_ORDER;

/* sql_as_of as known: the untouched statements of main in the order of
 * its index, merged with the touched ones (asknown-internal.h). */
#define KNOWN_SCAN(columns, joins, where) \
	"SELECT " columns " FROM main.statement AS s CROSS JOIN main.position AS p" \
	" ON p.statement_id = s.id" joins " WHERE " where " AND " STANCE_ASKNOWN_UNTOUCHED("s") \
	" UNION ALL SELECT " columns " FROM " STANCE_ASKNOWN_STATEMENTS " AS s CROSS JOIN " \
	STANCE_ASKNOWN_POSITIONS " AS p ON p.statement_id = s.id" joins " WHERE " where
static const char *const sql_known_as_of =
	KNOWN_SCAN("s.id, s.party_id, p.issue_id, p.stance, p.red_line, " STANCE_STATEMENT_ORDER, "",
		   "s.said_on <= ?1 AND s.retracted_at IS NULL")
	" ORDER BY " STANCE_STATEMENT_ORDER;

/* What the as-of path reads to the end of time. */
#define END_OF_TIME "9999-12-31"

const char *stance_analysis__as_known(const stance_scope *scope)
{
	/* a version 1 scope ends before as_known */
	return scope && scope->version >= 2 ? scope->as_known : NULL;
}

int stance_analysis__read_begin(struct stance_analysis_read *r, stance_db *db,
				const char *as_known)
{
	int rc = stance_db__read_begin(db, &r->own);

	r->known = r->known_own = 0;
	if (!rc && as_known) {
		rc = stance_asknown__begin(db, as_known, &r->known_own);
		r->known = 1;
	} else if (!rc) {
		rc = stance_asknown__active(db, &r->known, NULL);
	}
	return rc;
}

int stance_analysis__read_end(struct stance_analysis_read *r, stance_db *db, int rc)
{
	rc = stance_asknown__end(db, r->known_own, rc);
	r->known_own = 0;
	return stance_db__read_end(db, r->own, rc);
}

/* Starts an analysis of scope (NULL: everything): clears the last error,
 * begins to read, checks the scope and loads the parties and issues. End
 * it with grid_end() whatever this returns. */
static int grid_begin(struct grid *g, stance_db *db, const stance_scope *scope)
{
	static const stance_scope everything = STANCE_SCOPE_INIT;
	int rc;

	stance__error_clear();
	memset(g, 0, sizeof(*g));
	g->db = db;
	if (!scope)
		scope = &everything;
	rc = stance__check_version(scope->version, STANCE_SCOPE_VERSION, "stance_scope");
	if (rc)
		return rc;
	g->as_of = scope->as_of;
	if (scope->as_of) {
		rc = stance_check_date("--as-of date", scope->as_of);
		if (rc)
			return rc;
	}
	rc = stance_analysis__read_begin(&g->read, db, stance_analysis__as_known(scope));
	/* as known, current_position (kept for now) has no past: read as of a date */
	if (!rc && g->read.known && !g->as_of)
		g->as_of = END_OF_TIME;
	if (!rc)
		rc = catalog_load(&g->parties, db, STANCE_PARTY, g->read.known, scope->parties,
				  scope->nparties);
	if (!rc)
		rc = catalog_load(&g->issues, db, STANCE_ISSUE, g->read.known, scope->issues,
				  scope->nissues);
	return rc;
}

/* Frees g and ends the read; returns rc, or the end's own error. */
static int grid_end(struct grid *g, int rc)
{
	catalog_free(&g->parties);
	catalog_free(&g->issues);
	free(g->cells);
	g->cells = NULL;
	return stance_analysis__read_end(&g->read, g->db, rc);
}

/* Fills the cells with the current positions, all time or as of the
 * scope's date. */
static int grid_fill(struct grid *g)
{
	size_t np = g->parties.n, ni = g->issues.n;
	sqlite3_stmt *stmt;
	int rc, src;

	g->cells = calloc_grid(np, ni, sizeof(*g->cells));
	if (!g->cells)
		return stance__error(STANCE_ENOMEM, "out of memory");
	rc = stance_db__prepare(g->db, &stmt, g->read.known ? sql_known_as_of :
					     g->as_of ? sql_as_of : sql_current);
	if (rc)
		return rc;
	if (g->as_of)
		stance_db__bind_text(stmt, 1, g->as_of);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t p = catalog_find(&g->parties, sqlite3_column_int64(stmt, 1));
		size_t i = catalog_find(&g->issues, sqlite3_column_int64(stmt, 2));
		struct cell *c;

		if (p == np || i == ni)
			continue;
		c = grid_cell(g, p, i);
		c->statement = sqlite3_column_int64(stmt, 0);
		c->stance = sqlite3_column_int(stmt, 3);
		c->red_line = sqlite3_column_int(stmt, 4);
	}
	if (src != SQLITE_DONE)
		rc = stance__error_sqlite(g->db->conn, src, "reading the current positions");
	sqlite3_reset(stmt);
	return rc;
}

/* grid_begin() and grid_fill(): the grid of the scope. */
static int grid_load(struct grid *g, stance_db *db, const stance_scope *scope)
{
	int rc = grid_begin(g, db, scope);

	return rc ? rc : grid_fill(g);
}

/* ---- positions ------------------------------------------------------- */

static const char *const sql_detail =
	"SELECT s.uuid, s.said_on, s.text, p.condition FROM statement AS s"
	" CROSS JOIN position AS p ON p.statement_id = s.id WHERE s.id = ?1 AND p.issue_id = ?2";

/* Fills item with the position c of party p on issue i and the statement
 * behind it. */
static int position_read(stance_current_position *item, stance_db *db, const struct grid *g,
			 size_t p, size_t i, const struct cell *c)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_detail), src;

	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, c->statement);
	sqlite3_bind_int64(stmt, 2, g->issues.ids[i]);
	src = sqlite3_step(stmt);
	if (src != SQLITE_ROW) {
		rc = src == SQLITE_DONE ? stance__error(STANCE_EINTERNAL, "a current position vanished")
					: stance__error_sqlite(db->conn, src, "reading a position");
		goto done;
	}
	item->stance = c->stance;
	item->red_line = c->red_line;
	item->party = stance__strdup(g->parties.slugs[p]);
	item->issue = stance__strdup(g->issues.slugs[i]);
	item->statement = stance_db__column_dup(stmt, 0, &rc);
	item->said_on = stance_db__column_dup(stmt, 1, &rc);
	item->text = stance_db__column_dup(stmt, 2, &rc);
	item->condition = stance_db__column_dup(stmt, 3, &rc);
	if (!rc && (!item->party || !item->issue))
		rc = STANCE_ENOMEM;
	if (rc)
		rc = stance__error(STANCE_ENOMEM, "out of memory");
done:
	sqlite3_reset(stmt);
	return rc;
}

/* Frees the strings of one position and zeroes it. */
static void current_position_clear(stance_current_position *item)
{
	free(item->party);
	free(item->issue);
	free(item->condition);
	free(item->statement);
	free(item->said_on);
	free(item->text);
	memset(item, 0, sizeof(*item));
}

void stance_positions_free(stance_positions *p)
{
	if (!p)
		return;
	for (size_t k = 0; k < p->n; k++)
		current_position_clear(&p->items[k]);
	free(p->items);
	free(p);
}

/* Whether cell (p, i) holds a position to show: pick[cell] when there is a
 * pick, else whether it is a current position in scope. */
static int shown(const struct grid *g, size_t p, size_t i, const unsigned char *pick)
{
	if (pick)
		return pick[p * g->issues.n + i];
	return g->parties.in[p] && g->issues.in[i] && grid_cell(g, p, i)->statement;
}

/* The positions of the grid that are shown, with their statements. When
 * at is not NULL, at[cell] points to the item of each cell that has one. */
static int positions_build(stance_positions **out, stance_db *db, const struct grid *g,
			   const unsigned char *pick, const stance_current_position **at)
{
	size_t np = g->parties.n, ni = g->issues.n, count = 0;
	stance_positions *res = calloc(1, sizeof(*res));
	int rc = 0;

	*out = NULL;
	if (!res)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t p = 0; p < np; p++)
		for (size_t i = 0; i < ni; i++)
			count += shown(g, p, i, pick);
	res->items = calloc(count + 1, sizeof(*res->items));
	if (!res->items) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t p = 0; p < np && !rc; p++) {
		for (size_t i = 0; i < ni && !rc; i++) {
			if (!shown(g, p, i, pick))
				continue;
			/* counted even when it fails: the free releases what it half filled */
			rc = position_read(&res->items[res->n], db, g, p, i, grid_cell(g, p, i));
			if (at)
				at[p * ni + i] = &res->items[res->n];
			res->n++;
		}
	}
done:
	if (rc) {
		stance_positions_free(res);
		return rc;
	}
	*out = res;
	return 0;
}

int stance_positions_get(stance_positions **out, stance_db *db, const stance_scope *scope)
{
	struct grid g;
	int rc;

	*out = NULL;
	rc = grid_load(&g, db, scope);
	if (!rc)
		rc = positions_build(out, db, &g, NULL, NULL);
	return grid_end(&g, rc);
}

/* ---- conflicts ------------------------------------------------------- */

/* Conflicts are found one issue at a time and handed out as they are
 * found: the current positions come from SQLite grouped by issue, in slug
 * order, so that what is held at any time is one issue's positions (and
 * the catalogs), never the grid of every party on every issue nor the list
 * of every conflict, which on a dense database is far larger than the
 * database itself. */

/* A current position on the issue being walked. */
struct held {
	size_t party;     /* its index in the catalog */
	struct cell cell;
	int read;         /* the walk's item for it holds its statement */
	size_t copied;    /* for stance_conflicts_get(): 1 + the index of its
			     copy in the result, 0 while it has none */
};

struct conflict_walk {
	struct grid g;
	int hard_only;
	size_t issue;                    /* the issue being walked */
	struct cell *latest;             /* by party: the latest row on the issue */
	struct held *held;               /* the issue's current positions, by party */
	size_t nheld;
	stance_current_position *items;  /* items[k]: held[k]'s, once read */
};

/* Called for each conflict, between held[x] and held[y] of the walk (x <
 * y); c and what it points to are borrowed for the call. */
typedef int (*conflict_fn)(struct conflict_walk *w, size_t x, size_t y,
			   const stance_conflict *c, void *ctx);

/* Both give statement, party, issue, stance and red line, issue after
 * issue in slug order: all time the current positions (through the index
 * on issues, no sort), as of a date every position said up to it, in
 * statement order within its issue, so that the last row of a party is
 * its position (the scan of the index statement_order that sql_as_of
 * makes, then a sort that SQLite spills to disk when it is large). */
static const char *const sql_conflicts_current =
	"SELECT c.statement_id, c.party_id, c.issue_id, p.stance, p.red_line"
	" FROM issue AS i CROSS JOIN current_position AS c ON c.issue_id = i.id"
	" CROSS JOIN position AS p ON p.statement_id = c.statement_id AND p.issue_id = c.issue_id"
	" ORDER BY i.slug";
static const char *const sql_conflicts_as_of =
	"SELECT s.id, s.party_id, p.issue_id, p.stance, p.red_line"
	" FROM statement AS s CROSS JOIN position AS p ON p.statement_id = s.id"
	" CROSS JOIN issue AS i ON i.id = p.issue_id"
	" WHERE s.said_on <= ?1 AND s.retracted_at IS NULL"
	" ORDER BY i.slug, " STANCE_STATEMENT_ORDER;
/* as known: the issues' slugs at the time from one table, not a view of
 * two arms, which would double the arms of the scan again */
static const char *const sql_known_conflicts =
	KNOWN_SCAN("s.id, s.party_id, p.issue_id, p.stance, p.red_line, i.slug, "
		   STANCE_STATEMENT_ORDER,
		   " CROSS JOIN " STANCE_ASKNOWN_ISSUES " AS i ON i.id = p.issue_id",
		   "s.said_on <= ?1 AND s.retracted_at IS NULL")
	" ORDER BY i.slug, " STANCE_STATEMENT_ORDER;

static int compare_held(const void *a, const void *b)
{
	size_t x = ((const struct held *)a)->party, y = ((const struct held *)b)->party;

	return (x > y) - (x < y);
}

/* Frees what the items of the last issue hold and forgets its positions. */
static void walk_clear_issue(struct conflict_walk *w)
{
	for (size_t k = 0; k < w->nheld; k++)
		if (w->held[k].read)
			current_position_clear(&w->items[k]);
	w->nheld = 0;
}

/* Takes a row of the query as the latest of its party on w->issue. */
static void walk_add_row(struct conflict_walk *w, size_t p, sqlite3_stmt *stmt)
{
	struct cell *c = &w->latest[p];

	/* a party's first row on the issue gives it a place in held, which
	 * has one for every party */
	if (!c->statement)
		w->held[w->nheld++] = (struct held){ p, { 0, 0, 0 }, 0, 0 };
	c->statement = sqlite3_column_int64(stmt, 0);
	c->stance = sqlite3_column_int(stmt, 3);
	c->red_line = sqlite3_column_int(stmt, 4);
}

/* The positions of the issue's rows, into held in party order. */
static void walk_close_rows(struct conflict_walk *w)
{
	/* the party catalog is in slug order, so this is the output's order */
	qsort(w->held, w->nheld, sizeof(*w->held), compare_held);
	for (size_t k = 0; k < w->nheld; k++) {
		w->held[k].cell = w->latest[w->held[k].party];
		w->latest[w->held[k].party] = (struct cell){ 0, 0, 0 };
	}
}

/* The position of held[k] with its statement, read the first time a
 * conflict needs it. */
static int walk_item(const stance_current_position **out, struct conflict_walk *w, size_t k)
{
	struct held *h = &w->held[k];
	int rc = 0;

	if (!h->read) {
		/* marked even when it fails: the clear releases what it half filled */
		h->read = 1;
		rc = position_read(&w->items[k], w->g.db, &w->g, h->party, w->issue, &h->cell);
	}
	*out = &w->items[k];
	return rc;
}

/* Calls fn for each conflict on the issue whose rows were read, by a's
 * party, then b's, and clears the issue. */
static int walk_issue(struct conflict_walk *w, conflict_fn fn, void *ctx)
{
	const unsigned char *in = w->g.parties.in;
	int rc = 0;

	walk_close_rows(w);
	for (size_t x = 0; x < w->nheld && !rc; x++) {
		const struct cell *ca = &w->held[x].cell;

		if (ca->stance == 0)
			continue;
		for (size_t y = x + 1; y < w->nheld && !rc; y++) {
			const struct cell *cb = &w->held[y].cell;
			stance_conflict c = { NULL, NULL, conflict_is_hard(ca, cb),
					      abs(ca->stance - cb->stance) };

			if (!cells_conflict(ca, cb) ||
			    !(in[w->held[x].party] || in[w->held[y].party]) ||
			    (w->hard_only && !c.hard))
				continue;
			rc = walk_item(&c.a, w, x);
			if (!rc)
				rc = walk_item(&c.b, w, y);
			if (!rc)
				rc = fn(w, x, y, &c, ctx);
		}
	}
	walk_clear_issue(w);
	return rc;
}

/* Walks the conflicts of scope in the order of the output: by issue, then
 * a's party, then b's. */
static int conflicts_walk(stance_db *db, const stance_scope *scope, int hard_only,
			  conflict_fn fn, void *ctx)
{
	struct conflict_walk w;
	sqlite3_stmt *stmt = NULL;
	size_t np, ni;
	int rc, src = SQLITE_DONE;

	memset(&w, 0, sizeof(w));
	w.hard_only = hard_only;
	rc = grid_begin(&w.g, db, scope);
	if (rc)
		goto done;
	np = w.g.parties.n;
	ni = w.g.issues.n;
	w.issue = ni;
	w.latest = calloc(np + 1, sizeof(*w.latest));
	w.held = calloc(np + 1, sizeof(*w.held));
	w.items = calloc(np + 1, sizeof(*w.items));
	if (!w.latest || !w.held || !w.items) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	rc = stance_db__prepare(db, &stmt, w.g.read.known ? sql_known_conflicts :
					   w.g.as_of ? sql_conflicts_as_of : sql_conflicts_current);
	if (rc)
		goto done;
	if (w.g.as_of)
		stance_db__bind_text(stmt, 1, w.g.as_of);
	while (!rc && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t p = catalog_find(&w.g.parties, sqlite3_column_int64(stmt, 1));
		size_t i = catalog_find(&w.g.issues, sqlite3_column_int64(stmt, 2));

		if (p == np || i == ni || !w.g.issues.in[i])
			continue;
		/* the rows of the issue before are all in: its conflicts are known */
		if (i != w.issue && w.issue != ni)
			rc = walk_issue(&w, fn, ctx);
		w.issue = i;
		walk_add_row(&w, p, stmt);
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the current positions");
	if (!rc && w.issue != ni)
		rc = walk_issue(&w, fn, ctx);
done:
	if (stmt)
		sqlite3_reset(stmt);
	if (w.held && w.items)
		walk_clear_issue(&w);
	free(w.latest);
	free(w.held);
	free(w.items);
	return grid_end(&w.g, rc);
}

struct user_fn {
	int (*fn)(const stance_conflict *c, void *ctx);
	void *ctx;
};

static int call_user(struct conflict_walk *w, size_t x, size_t y, const stance_conflict *c,
		     void *ctx)
{
	const struct user_fn *u = ctx;

	(void)w;
	(void)x;
	(void)y;
	return u->fn(c, u->ctx);
}

int stance_conflicts_foreach(stance_db *db, const stance_scope *scope, int hard_only,
			     int (*fn)(const stance_conflict *c, void *ctx), void *ctx)
{
	struct user_fn u = { fn, ctx };

	return conflicts_walk(db, scope, hard_only, call_user, &u);
}

void stance_conflicts_free(stance_conflicts *c)
{
	if (!c)
		return;
	free(c->items);
	stance_positions_free(c->positions);
	free(c);
}

/* stance_conflicts_get() collects the walk: each position once, however
 * many conflicts it is in, and each conflict by the indexes of its sides
 * until every position is in place (the array moves as it grows). */
struct collect {
	stance_positions *positions;
	size_t pos_cap;
	size_t n, cap;
	struct found {
		size_t a, b;  /* into positions->items */
		int hard, distance;
	} *found;
};

/* The index in the result of the copy of held[k]'s position p, made the
 * first time. */
static int collect_position(struct collect *col, struct conflict_walk *w, size_t k,
			    const stance_current_position *p, size_t *index)
{
	stance_positions *pos = col->positions;
	stance_current_position *grown, *copy;
	struct held *h = &w->held[k];

	if (h->copied) {
		*index = h->copied - 1;
		return 0;
	}
	grown = grow(pos->items, &col->pos_cap, pos->n, sizeof(*grown));
	if (!grown)
		return stance__error(STANCE_ENOMEM, "out of memory");
	pos->items = grown;
	/* counted even when a copy fails: the free releases what it holds */
	copy = &pos->items[pos->n++];
	*copy = (stance_current_position){
		stance__strdup(p->party), stance__strdup(p->issue), p->stance, p->red_line,
		stance__strdup(p->condition), stance__strdup(p->statement),
		stance__strdup(p->said_on), stance__strdup(p->text)
	};
	if (!copy->party || !copy->issue || (p->condition && !copy->condition) ||
	    !copy->statement || !copy->said_on || !copy->text)
		return stance__error(STANCE_ENOMEM, "out of memory");
	*index = pos->n - 1;
	h->copied = pos->n;
	return 0;
}

static int collect_conflict(struct conflict_walk *w, size_t x, size_t y,
			    const stance_conflict *c, void *ctx)
{
	struct collect *col = ctx;
	struct found *grown;
	size_t a, b;
	int rc = collect_position(col, w, x, c->a, &a);

	if (!rc)
		rc = collect_position(col, w, y, c->b, &b);
	if (rc)
		return rc;
	grown = grow(col->found, &col->cap, col->n, sizeof(*grown));
	if (!grown)
		return stance__error(STANCE_ENOMEM, "out of memory");
	col->found = grown;
	col->found[col->n++] = (struct found){ a, b, c->hard, c->distance };
	return 0;
}

int stance_conflicts_get(stance_conflicts **out, stance_db *db, const stance_scope *scope,
			 int hard_only)
{
	struct collect col = { NULL, 0, 0, 0, NULL };
	stance_conflicts *res = NULL;
	int rc;

	*out = NULL;
	col.positions = calloc(1, sizeof(*col.positions));
	if (!col.positions) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	rc = conflicts_walk(db, scope, hard_only, collect_conflict, &col);
	if (rc)
		goto done;
	res = calloc(1, sizeof(*res));
	if (res)
		res->items = calloc(col.n + 1, sizeof(*res->items));
	if (!res || !res->items) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (; res->n < col.n; res->n++) {
		const struct found *f = &col.found[res->n];

		res->items[res->n] = (stance_conflict){ &col.positions->items[f->a],
							&col.positions->items[f->b],
							f->hard, f->distance };
	}
	res->positions = col.positions;
	col.positions = NULL;
	*out = res;
	res = NULL;
done:
	free(col.found);
	stance_positions_free(col.positions);
	stance_conflicts_free(res);
	return rc;
}

/* ---- the disagreement matrix ----------------------------------------- */

void stance_matrix_free(stance_matrix *m)
{
	if (!m)
		return;
	for (size_t k = 0; k < m->n; k++)
		free(m->parties[k]);
	free(m->parties);
	free(m->cells);
	free(m);
}

/* Cell (a, b) over the issues in scope of the grid. */
static stance_matrix_cell matrix_cell(const struct grid *g, size_t a, size_t b)
{
	stance_matrix_cell cell = { 0, 0, 0, 0.0, 0 };
	int sum = 0;

	for (size_t i = 0; i < g->issues.n; i++) {
		const struct cell *ca = grid_cell(g, a, i), *cb = grid_cell(g, b, i);

		if (!g->issues.in[i] || !ca->statement || !cb->statement)
			continue;
		cell.shared++;
		sum += abs(ca->stance - cb->stance);
		if (cells_conflict(ca, cb)) {
			cell.conflicts++;
			cell.hard += conflict_is_hard(ca, cb);
		} else if (ca->stance && sign(ca->stance) == sign(cb->stance) && a != b) {
			/* a party trivially agrees with itself; the diagonal stays 0 */
			cell.agreements++;
		}
	}
	if (cell.shared)
		cell.distance = (double)sum / (4.0 * cell.shared);
	return cell;
}

/* Whether party p holds a current position on an issue in scope. */
static int holds_any(const struct grid *g, size_t p)
{
	for (size_t i = 0; i < g->issues.n; i++)
		if (g->issues.in[i] && grid_cell(g, p, i)->statement)
			return 1;
	return 0;
}

int stance_matrix_get(stance_matrix **out, stance_db *db, const stance_scope *scope)
{
	stance_matrix *m = NULL;
	size_t *rows = NULL, n = 0;
	struct grid g;
	int rc;

	*out = NULL;
	rc = grid_load(&g, db, scope);
	if (rc)
		goto done;
	rows = calloc(g.parties.n + 1, sizeof(*rows));
	m = calloc(1, sizeof(*m));
	if (!rows || !m) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t p = 0; p < g.parties.n; p++)
		if (g.parties.in[p] && holds_any(&g, p))
			rows[n++] = p;
	m->parties = calloc(n + 1, sizeof(*m->parties));
	m->cells = calloc(n * n + 1, sizeof(*m->cells));
	if (!m->parties || !m->cells) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (; m->n < n; m->n++) {
		m->parties[m->n] = stance__strdup(g.parties.slugs[rows[m->n]]);
		if (!m->parties[m->n]) {
			rc = stance__error(STANCE_ENOMEM, "out of memory");
			goto done;
		}
	}
	/* symmetric, and the diagonal comes out as 0 by itself */
	for (size_t r = 0; r < n; r++)
		for (size_t c = r; c < n; c++)
			m->cells[r * n + c] = m->cells[c * n + r] = matrix_cell(&g, rows[r], rows[c]);
done:
	free(rows);
	if (rc)
		stance_matrix_free(m);
	else
		*out = m;
	return grid_end(&g, rc);
}

int stance_matrix_value(double *value, const stance_matrix *m, size_t row, size_t col,
			stance_metric metric)
{
	const stance_matrix_cell *cell = &m->cells[row * m->n + col];

	switch (metric) {
	case STANCE_METRIC_CONFLICTS:
		*value = cell->conflicts;
		return 1;
	case STANCE_METRIC_HARD:
		*value = cell->hard;
		return 1;
	default:
		*value = cell->distance;
		return cell->shared > 0;
	}
}

/* ---- history and shifts ---------------------------------------------- */

/* A (party, issue) whose history is being walked: what its next row is
 * compared with. */
struct track {
	int rows;          /* rows before the next one */
	int stance;        /* the previous row's */
	int red_line;
	int last_sign;     /* the sign of the latest non-zero stance, 0: none yet */
	int primed;        /* the rows before the walk's window have been read */
	char statement[STANCE_UUID_LEN + 1];  /* the previous row's */
};

/* Compares row with the rows before it. row->from_statement borrows from t
 * until track_advance(). */
static void track_compare(const struct track *t, stance_history_row *row)
{
	row->shift = t->rows > 0 && (row->stance != t->stance || row->red_line != t->red_line);
	row->reversal = row->stance != 0 && sign(row->stance) == -t->last_sign;
	row->from_statement = t->rows > 0 ? t->statement : NULL;
	row->from_stance = t->stance;
	row->from_red_line = t->red_line;
}

/* Makes row the previous one. */
static void track_advance(struct track *t, const stance_history_row *row)
{
	t->rows++;
	t->stance = row->stance;
	t->red_line = row->red_line;
	if (row->stance)
		t->last_sign = sign(row->stance);
	snprintf(t->statement, sizeof(t->statement), "%s", row->statement);
}

/* Both walks read: statement, date, text, party, issue, stance, red line,
 * condition, then what they are ordered by. CROSS JOIN keeps statements
 * the outer loop in every query here, so that an index on statements gives
 * the order. */
#define HISTORY_SELECT \
	"s.uuid, s.said_on, s.text, s.party_id, p.issue_id, p.stance, p.red_line, p.condition," \
	" s.recorded_at"
#define HISTORY_COLUMNS \
	"SELECT " HISTORY_SELECT \
	" FROM statement AS s CROSS JOIN position AS p ON p.statement_id = s.id"

static const char *const sql_history = HISTORY_COLUMNS
	" WHERE s.party_id = ?1 AND p.issue_id = ?2 AND s.retracted_at IS NULL"
	" ORDER BY " STANCE_STATEMENT_ORDER;

/* The bounds are always bound, so that the index statement_order serves
 * the range. Issues within a statement come in slug order. */
#define SHIFTS_WHERE "s.said_on >= ?1 AND s.said_on <= ?2 AND s.retracted_at IS NULL"
static const char *const sql_shifts = HISTORY_COLUMNS
	" JOIN issue AS i ON i.id = p.issue_id WHERE " SHIFTS_WHERE
	" ORDER BY " STANCE_STATEMENT_ORDER ", i.slug";
static const char *const sql_known_shifts =
	KNOWN_SCAN(HISTORY_SELECT ", i.slug",
		   " JOIN " STANCE_ASKNOWN_ISSUES " AS i ON i.id = p.issue_id", SHIFTS_WHERE)
	" ORDER BY " STANCE_STATEMENT_ORDER ", i.slug";

/* The latest row of a (party, issue) said before a date, or with ?4 its
 * latest non-zero one: walking back the party's statements, which stops
 * soon, not every position on the issue, which ANALYZE statistics can
 * make the planner prefer. */
static const char *const sql_before =
	"SELECT s.uuid, p.stance, p.red_line, s.said_on, s.recorded_at FROM statement AS s"
	" CROSS JOIN position AS p ON p.statement_id = s.id"
	" WHERE s.party_id = ?1 AND p.issue_id = ?2 AND s.said_on < ?3"
	" AND s.retracted_at IS NULL AND (NOT ?4 OR p.stance <> 0)"
	" ORDER BY " STANCE_STATEMENT_ORDER_DESC " LIMIT 1";

/* Fills the columns of a row of HISTORY_COLUMNS into row (borrowed from
 * stmt until its next step). */
static void history_row_read(sqlite3_stmt *stmt, stance_history_row *row)
{
	row->statement = (const char *)sqlite3_column_text(stmt, 0);
	row->said_on = (const char *)sqlite3_column_text(stmt, 1);
	row->text = (const char *)sqlite3_column_text(stmt, 2);
	row->stance = sqlite3_column_int(stmt, 5);
	row->red_line = sqlite3_column_int(stmt, 6);
	row->condition = (const char *)sqlite3_column_text(stmt, 7);
}

/* Reads sql_before once; *found says whether a row came back. */
static int before_read(stance_db *db, struct track *t, sqlite3_int64 party, sqlite3_int64 issue,
		       const char *date, int nonzero, int *found)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_before), src;

	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, party);
	sqlite3_bind_int64(stmt, 2, issue);
	stance_db__bind_text(stmt, 3, date);
	sqlite3_bind_int(stmt, 4, nonzero);
	src = sqlite3_step(stmt);
	*found = src == SQLITE_ROW;
	if (*found && !nonzero) {
		t->rows = 1;
		snprintf(t->statement, sizeof(t->statement), "%s",
			 (const char *)sqlite3_column_text(stmt, 0));
		t->stance = sqlite3_column_int(stmt, 1);
		t->red_line = sqlite3_column_int(stmt, 2);
	}
	if (*found)
		t->last_sign = sign(sqlite3_column_int(stmt, 1));
	else if (src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading a history");
	sqlite3_reset(stmt);
	return rc;
}

/* Sets t up as if the walk had seen the rows said before date: a window
 * that starts late still compares its first row with the one before. */
static int track_prime(stance_db *db, struct track *t, sqlite3_int64 party, sqlite3_int64 issue,
		       const char *date)
{
	int found = 0, rc = before_read(db, t, party, issue, date, 0, &found);

	t->primed = 1;
	if (!rc && found && t->stance == 0)
		rc = before_read(db, t, party, issue, date, 1, &found);
	return rc;
}

/* The slug at the time of the entity of a row id, as known. */
static const char *const sql_slug_of[STANCE_ENTITY_TYPES] = {
	[STANCE_PARTY] = "SELECT slug FROM party WHERE id = ?1",
	[STANCE_ISSUE] = "SELECT slug FROM issue WHERE id = ?1",
};

/* The row id of the party or issue a slug names, as stance_entity__id()
 * finds it; as known, also by a slug the entity has had since, with a
 * note that names it by its slug of the time. */
static int history_entity(stance_db *db, stance_entity_type type, const char *slug, int known,
			  sqlite3_int64 *id)
{
	sqlite3_stmt *stmt;
	int found = 0, rc = stance_entity__id(db, type, slug, id), src;

	if (rc != STANCE_ENOTFOUND || !known)
		return rc;
	if (stance_asknown__entity(db, type, slug, id, &found) || !found ||
	    stance_db__prepare(db, &stmt, sql_slug_of[type]))
		return rc;
	sqlite3_bind_int64(stmt, 1, *id);
	src = sqlite3_step(stmt);
	/* the same slug: the entity was removed at the time, as rc says */
	if (src == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(stmt, 0), slug) != 0) {
		stance_db__note(db, "%s '%s' was '%s' at the time asked",
				stance_entity_info_get(type)->name, slug,
				(const char *)sqlite3_column_text(stmt, 0));
		stance__error_clear();
		rc = 0;
	}
	sqlite3_reset(stmt);
	return rc;
}

/* Walks the rows of sql_history (prepared and bound) for fn. */
static int history_walk(stance_db *db, sqlite3_stmt *stmt, stance_history_row *row,
			int (*fn)(const stance_history_row *row, void *ctx), void *ctx)
{
	struct track t = { 0 };
	int rc = 0, src;

	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		history_row_read(stmt, row);
		track_compare(&t, row);
		rc = fn(row, ctx);
		if (rc)
			break;
		track_advance(&t, row);
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading a history");
	sqlite3_reset(stmt);
	return rc;
}

int stance_history_foreach_scope(stance_db *db, const stance_scope *scope, const char *party,
				 const char *issue,
				 int (*fn)(const stance_history_row *row, void *ctx), void *ctx)
{
	struct stance_analysis_read read = { 0, 0, 0 };
	sqlite3_int64 party_id, issue_id;
	sqlite3_stmt *stmt = NULL;
	stance_history_row row = { 0 };
	int rc;

	stance__error_clear();
	rc = scope ? stance__check_version(scope->version, STANCE_SCOPE_VERSION, "stance_scope") : 0;
	if (!rc)
		rc = stance_check_slug("party", party);
	if (!rc)
		rc = stance_check_slug("issue", issue);
	if (rc)
		return rc;
	rc = stance_analysis__read_begin(&read, db, stance_analysis__as_known(scope));
	if (!rc)
		rc = history_entity(db, STANCE_PARTY, party, read.known, &party_id);
	if (!rc)
		rc = history_entity(db, STANCE_ISSUE, issue, read.known, &issue_id);
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_history);
	if (!rc) {
		sqlite3_bind_int64(stmt, 1, party_id);
		sqlite3_bind_int64(stmt, 2, issue_id);
		row.party = party;
		row.issue = issue;
		rc = history_walk(db, stmt, &row, fn, ctx);
	}
	return stance_analysis__read_end(&read, db, rc);
}

int stance_history_foreach(stance_db *db, const char *party, const char *issue,
			   int (*fn)(const stance_history_row *row, void *ctx), void *ctx)
{
	return stance_history_foreach_scope(db, NULL, party, issue, fn, ctx);
}

/* Walks the rows of sql_shifts (prepared and bound) and calls fn for
 * those of the parties and issues in scope that are shifts. */
static int shifts_walk(const struct grid *g, sqlite3_stmt *stmt, struct track *tracks,
		       const char *since, int (*fn)(const stance_history_row *row, void *ctx),
		       void *ctx)
{
	const struct catalog *parties = &g->parties, *issues = &g->issues;
	stance_history_row row = { 0 };
	int rc = 0, src;

	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		sqlite3_int64 party_id = sqlite3_column_int64(stmt, 3);
		sqlite3_int64 issue_id = sqlite3_column_int64(stmt, 4);
		size_t p = catalog_find(parties, party_id), i = catalog_find(issues, issue_id);
		struct track *t;

		if (p == parties->n || i == issues->n || !parties->in[p] || !issues->in[i])
			continue;
		t = &tracks[p * issues->n + i];
		if (since && !t->primed)
			rc = track_prime(g->db, t, party_id, issue_id, since);
		if (rc)
			break;
		history_row_read(stmt, &row);
		row.party = parties->slugs[p];
		row.issue = issues->slugs[i];
		track_compare(t, &row);
		rc = row.shift ? fn(&row, ctx) : 0;
		if (rc)
			break;
		track_advance(t, &row);
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(g->db->conn, src, "reading the shifts");
	return rc;
}

int stance_shifts_foreach(stance_db *db, const stance_scope *scope, const char *since,
			  int (*fn)(const stance_history_row *row, void *ctx), void *ctx)
{
	struct track *tracks = NULL;
	sqlite3_stmt *stmt;
	struct grid g;
	int rc = grid_begin(&g, db, scope);

	if (!rc && since)
		rc = stance_check_date("--since date", since);
	if (rc)
		goto done;
	tracks = calloc_grid(g.parties.n, g.issues.n, sizeof(*tracks));
	if (!tracks) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	rc = stance_db__prepare(db, &stmt, g.read.known ? sql_known_shifts : sql_shifts);
	if (rc)
		goto done;
	/* said_on is YYYY-MM-DD: "" and "9999-99-99" bound every stored date */
	stance_db__bind_text(stmt, 1, since ? since : "");
	stance_db__bind_text(stmt, 2, g.as_of ? g.as_of : "9999-99-99");
	rc = shifts_walk(&g, stmt, tracks, since, fn, ctx);
	sqlite3_reset(stmt);
done:
	free(tracks);
	return grid_end(&g, rc);
}
