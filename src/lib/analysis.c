/*
 * analysis.c - current positions and red lines, conflicts, the
 * disagreement matrix, histories and shifts (design §2).
 *
 * Positions and the matrix share one step: the current position and red
 * line of every party (or actor) on every issue, gathered into a grid of
 * parties by issues (both in slug order, so walking the grid walks the
 * output order). All time, by party, on all the evidence, the grid is read
 * from current_position, which triggers keep up to date, red lines
 * included; any other question (as of a date, by actor, with an evidence
 * filter, as known) scans the statements once in statement order and walks
 * each (party, issue) row by row (red_line_step()). Either way only
 * integers cross from SQLite until the few positions shown are known;
 * their texts are then read one by one. The pairwise work is done here in
 * C over the grid, which is as small as parties times issues.
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
 * analyses then scan. The scans name the two arms of those views
 * themselves (scan_prepare()), for speed; they mean what the plain scans do.
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
#include "stance/statement.h"

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

/* ---- catalogs: the parties, actors or issues, in slug order ---------- */

struct id_index {
	sqlite3_int64 id;
	size_t index;
};

struct catalog {
	size_t n;
	char **slugs;             /* sorted */
	sqlite3_int64 *ids;       /* ids[k] is the row id of slugs[k] */
	sqlite3_int64 *up_ids;    /* an issue's parent, an actor's party (0: none) */
	size_t *up;               /* the index of that in its catalog, n of it: none */
	struct id_index *by_id;   /* sorted by id, to map row ids to indexes */
	unsigned char *in;        /* in scope: listed, or everything when none is */
};

/* Each gives id, slug and the row id of what the entity belongs to. */
static const char *const sql_catalog[STANCE_ENTITY_TYPES] = {
	[STANCE_PARTY] = "SELECT id, slug, 0 FROM party ORDER BY slug",
	[STANCE_ACTOR] = "SELECT id, slug, party_id FROM actor ORDER BY slug",
	[STANCE_ISSUE] = "SELECT id, slug, coalesce(parent_id, 0) FROM issue ORDER BY slug",
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
	free(c->up_ids);
	free(c->up);
	free(c->by_id);
	free(c->in);
	memset(c, 0, sizeof(*c));
}

/* Reads every row of sql (id, slug, up) into c. */
static int catalog_read(struct catalog *c, stance_db *db, const char *sql)
{
	size_t cap = 0, idcap = 0, upcap = 0;
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql), src;

	if (rc)
		return rc;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		char **slugs = grow(c->slugs, &cap, c->n, sizeof(*slugs));
		sqlite3_int64 *ids = slugs ? grow(c->ids, &idcap, c->n, sizeof(*ids)) : NULL;
		sqlite3_int64 *ups = ids ? grow(c->up_ids, &upcap, c->n, sizeof(*ups)) : NULL;

		if (slugs)
			c->slugs = slugs;
		if (ids)
			c->ids = ids;
		if (ups)
			c->up_ids = ups;
		if (!ups || !(c->slugs[c->n] = stance_db__column_dup(stmt, 1, &rc))) {
			rc = stance__error(STANCE_ENOMEM, "out of memory");
			break;
		}
		c->ids[c->n] = sqlite3_column_int64(stmt, 0);
		c->up_ids[c->n++] = sqlite3_column_int64(stmt, 2);
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

/* Sets marks[k] for the entity each listed slug names; each must exist. */
static int catalog_mark(const struct catalog *c, stance_db *db, stance_entity_type type,
			int known, const char *const *listed, size_t nlisted, unsigned char *marks)
{
	const char *what = stance_entity_info_get(type)->name;
	int rc = 0;

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
			marks[at] = 1;
	}
	return rc;
}

/* Puts in scope every descendant of an issue in scope (design §2: a
 * filter by a parent includes what is under it). A cycle of parents, which
 * `stance check` reports, ends the walk up after n steps. */
static int catalog_mark_descendants(struct catalog *c)
{
	unsigned char *listed = malloc(c->n + 1);

	if (!listed)
		return stance__error(STANCE_ENOMEM, "out of memory");
	memcpy(listed, c->in, c->n + 1);
	for (size_t i = 0; i < c->n; i++) {
		size_t steps = 0;

		for (size_t j = c->up[i]; !c->in[i] && j < c->n && steps < c->n; j = c->up[j], steps++)
			c->in[i] = listed[j];
	}
	free(listed);
	return 0;
}

/* Loads the entities of a type and marks those listed in scope, each of
 * which must exist; all are in scope when none is listed. What each
 * belongs to is found in up (NULL: nothing; c itself for issues, whose
 * parents are issues, and whose listed ones stand for their descendants). */
static int catalog_load(struct catalog *c, stance_db *db, stance_entity_type type, int known,
			const char *const *listed, size_t nlisted, const struct catalog *up)
{
	int rc = catalog_read(c, db, sql_catalog[type]);

	if (rc)
		goto done;
	c->by_id = malloc((c->n + 1) * sizeof(*c->by_id));
	c->up = malloc((c->n + 1) * sizeof(*c->up));
	c->in = malloc(c->n + 1);
	if (!c->by_id || !c->up || !c->in) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < c->n; i++)
		c->by_id[i] = (struct id_index){ c->ids[i], i };
	qsort(c->by_id, c->n, sizeof(*c->by_id), compare_id);
	/* an issue's parent is an issue: up is then c itself */
	for (size_t i = 0; i < c->n; i++)
		c->up[i] = up ? catalog_find(up, c->up_ids[i]) : c->n;
	memset(c->in, nlisted == 0, c->n + 1);
	rc = catalog_mark(c, db, type, known, listed, nlisted, c->in);
	if (!rc && nlisted && up == c)
		rc = catalog_mark_descendants(c);
done:
	if (rc)
		catalog_free(c);
	return rc;
}

/* ---- the evidence filters -------------------------------------------- */

/* What the evidence filters of a scope keep (design §2), checked. */
struct evidence {
	int any;          /* some filter is set */
	int credibility;  /* 1..6, 0: any */
	char reliability[2];  /* "A".."F", "": any */
	char kinds[64];   /* " quote report ": the kinds kept, "" for every one */
};

static int evidence_load(struct evidence *e, const stance_scope *scope)
{
	memset(e, 0, sizeof(*e));
	if (scope->version < 3)
		return 0;
	if (scope->min_credibility < 0 || scope->min_credibility > 6)
		return stance__error(STANCE_EINVALID, "invalid minimum credibility %d (choose from: 1-6)",
				     scope->min_credibility);
	if (scope->min_reliability && (scope->min_reliability < 'A' || scope->min_reliability > 'F'))
		return stance__error(STANCE_EINVALID,
				     "invalid minimum reliability (choose from: A, B, C, D, E, F)");
	e->credibility = scope->min_credibility;
	e->reliability[0] = scope->min_reliability;
	for (size_t k = 0; k < scope->nkinds; k++) {
		const char *kind = scope->kinds[k];
		char word[16];
		int i;

		for (i = 0; kind && stance_statement_kinds[i]; i++)
			if (strcmp(kind, stance_statement_kinds[i]) == 0)
				break;
		if (!kind || !stance_statement_kinds[i]) {
			if (kind && !stance__utf8_valid(kind, strlen(kind)))
				return stance__error(STANCE_EINVALID, "invalid kind: not valid UTF-8");
			return stance__error(STANCE_EINVALID,
					     "invalid kind '%s' (choose from: quote, paraphrase, proposal, report)",
					     kind ? kind : "");
		}
		/* " quote report ": every kind once, each between spaces */
		snprintf(word, sizeof(word), " %s ", kind);
		if (!e->kinds[0])
			e->kinds[0] = ' ';
		if (!strstr(e->kinds, word))
			snprintf(e->kinds + strlen(e->kinds), sizeof(e->kinds) - strlen(e->kinds), "%s ",
				 kind);
	}
	e->any = e->credibility || e->reliability[0] || e->kinds[0];
	return 0;
}

/* ---- the scans of every statement ------------------------------------ */

/*
 * Every question that is not "now, by party, on all the evidence" is
 * answered by one scan of the statements and their positions in statement
 * order, which the walk of §2 follows row by row. The query is made for
 * the question: which columns (the light ones keep to what the index
 * statement_order holds, so that the wide rows are not read), which
 * filters, and whether the rows come issue after issue (conflicts) or
 * statement after statement, then by issue (history and shifts).
 */

/* The columns of every scan, in this order; SCAN_FULL adds the rest. */
enum {
	COL_ID, COL_PARTY, COL_ACTOR, COL_ISSUE, COL_STANCE, COL_RED_LINE,
	COL_UUID, COL_SAID_ON, COL_TEXT, COL_CONDITION, COL_POINT, COL_KIND, COL_CREDIBILITY
};

enum scan_order {
	SCAN_STATEMENTS,  /* in statement order (a statement's issues in any order) */
	SCAN_ISSUES,      /* by issue slug, then in statement order */
	SCAN_ROWS         /* in statement order, then by issue slug */
};

struct scan {
	enum scan_order order;
	int full;          /* the columns from COL_UUID on */
	int actor;         /* the actor's id is read (else NULL), and a statement
			      without one takes no part */
	int known;         /* the database as known: the two arms */
	int key;           /* 0, or COL_PARTY or COL_ACTOR: only that one's rows (:key) */
	const struct evidence *evidence;
	int dated;         /* said_on as the last column (the light columns lack it) */
};

/* Appends text to the query being built in *sql (len bytes of cap). */
static int sql_add(char **sql, size_t *len, size_t *cap, const char *text)
{
	size_t n = strlen(text);

	if (*len + n + 1 > *cap) {
		size_t ncap = (*len + n + 1) * 2;
		char *grown = realloc(*sql, ncap);

		if (!grown)
			return stance__error(STANCE_ENOMEM, "out of memory");
		*sql = grown;
		*cap = ncap;
	}
	memcpy(*sql + *len, text, n + 1);
	*len += n;
	return 0;
}

/* One arm of a scan: the statements of from and their positions of pfrom,
 * with the conditions of where. */
static int scan_arm(char **sql, size_t *len, size_t *cap, const struct scan *sc,
		    const char *from, const char *pfrom, const char *where)
{
	const struct evidence *e = sc->evidence;
	const char *parts[] = {
		"SELECT s.id, s.party_id, ", sc->actor || sc->full ? "s.actor_id" : "NULL",
		", p.issue_id, p.stance, p.red_line",
		sc->full ? ", s.uuid, s.said_on, s.text, p.condition, p.point, s.kind, s.credibility" :
			   "",
		sc->order != SCAN_STATEMENTS ? ", i.slug AS issue_slug" : "",
		sc->known ? ", s.said_on AS o1, s.recorded_at AS o2, s.uuid AS o3" : "",
		sc->dated ? ", s.said_on AS dated_on" : "",
		" FROM ", from, " AS s CROSS JOIN ", pfrom, " AS p ON p.statement_id = s.id",
		sc->order == SCAN_STATEMENTS ? "" :
		sc->known ? " CROSS JOIN " STANCE_ASKNOWN_ISSUES " AS i ON i.id = p.issue_id" :
			    " CROSS JOIN issue AS i ON i.id = p.issue_id",
		" WHERE s.said_on <= :as_of AND s.retracted_at IS NULL",
		sc->actor ? " AND s.actor_id IS NOT NULL" : "",
		sc->key == COL_PARTY ? " AND s.party_id = :key" :
		sc->key == COL_ACTOR ? " AND s.actor_id = :key" : "",
		e->credibility ? " AND coalesce(s.credibility, 6) <= :credibility" : "",
		e->reliability[0] ? " AND coalesce((SELECT r.reliability FROM source AS r"
				    " WHERE r.id = s.source_id), 'F') <= :reliability" : "",
		e->kinds[0] ? " AND instr(:kinds, ' ' || s.kind || ' ') > 0" : "",
		where
	};
	int rc = 0;

	for (size_t k = 0; !rc && k < sizeof(parts) / sizeof(parts[0]); k++)
		rc = sql_add(sql, len, cap, parts[k]);
	return rc;
}

/* Prepares the scan (not cached: the query is made for the call) and
 * binds what it needs: as_of (NULL: to the end), key. Finalize it. */
static int scan_prepare(sqlite3_stmt **out, stance_db *db, const struct scan *sc,
			const char *as_of, sqlite3_int64 key)
{
	const char *order = sc->known ? "o1, o2, o3" : STANCE_STATEMENT_ORDER;
	char *sql = NULL;
	size_t len = 0, cap = 0;
	int rc, src;

	*out = NULL;
	if (sc->known) {
		rc = scan_arm(&sql, &len, &cap, sc, "main.statement", "main.position",
			      " AND " STANCE_ASKNOWN_UNTOUCHED("s") " UNION ALL ");
		if (!rc)
			rc = scan_arm(&sql, &len, &cap, sc, STANCE_ASKNOWN_STATEMENTS,
				      STANCE_ASKNOWN_POSITIONS, "");
	} else {
		rc = scan_arm(&sql, &len, &cap, sc, "statement", "position", "");
	}
	if (!rc)
		rc = sql_add(&sql, &len, &cap, " ORDER BY ");
	if (!rc && sc->order == SCAN_ISSUES)
		rc = sql_add(&sql, &len, &cap, "issue_slug, ");
	if (!rc)
		rc = sql_add(&sql, &len, &cap, order);
	if (!rc && sc->order == SCAN_ROWS)
		rc = sql_add(&sql, &len, &cap, ", issue_slug");
	if (rc) {
		free(sql);
		return rc;
	}
	src = sqlite3_prepare_v3(db->conn, sql, -1, 0, out, NULL);
	free(sql);
	if (src != SQLITE_OK)
		return stance__error_sqlite(db->conn, src, "preparing a scan");
	/* said_on is YYYY-MM-DD: "9999-99-99" bounds every stored date */
	stance_db__bind_text(*out, sqlite3_bind_parameter_index(*out, ":as_of"),
			     as_of ? as_of : "9999-99-99");
	sqlite3_bind_int64(*out, sqlite3_bind_parameter_index(*out, ":key"), key);
	sqlite3_bind_int(*out, sqlite3_bind_parameter_index(*out, ":credibility"),
			 sc->evidence->credibility);
	stance_db__bind_text(*out, sqlite3_bind_parameter_index(*out, ":reliability"),
			     sc->evidence->reliability);
	stance_db__bind_text(*out, sqlite3_bind_parameter_index(*out, ":kinds"),
			     sc->evidence->kinds);
	return 0;
}

/* The red-line flag a position states: its column, NULL when unstated. */
static int column_stated(sqlite3_stmt *stmt, int col)
{
	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return STANCE_RED_LINE_UNSTATED;
	return sqlite3_column_int(stmt, col) ? STANCE_RED_LINE_YES : STANCE_RED_LINE_NO;
}

/* ---- the current red line -------------------------------------------- */

/* Where a walk of one party's (or actor's) positions on one issue stands:
 * the latest position, and the red line that holds after it. */
struct cell {
	sqlite3_int64 statement;  /* the latest position's; 0: none yet */
	int stance;
	sqlite3_int64 setter;     /* the statement whose ! set the red line; 0: none */
	int setter_sign;          /* the sign of that position's stance */
};

/* The walk of design §2, one position at a time, written once for every
 * scan: a stated red line sets it, a stated open stance ends it, and an
 * unstated one keeps it only while its stance has the sign of the stance
 * that set it. (The all-time answer comes from current_position, whose
 * triggers follow the same rule: migrations/0003-red-lines.sql.) */
static void red_line_step(struct cell *c, sqlite3_int64 statement, int stance, int stated)
{
	if (stated == STANCE_RED_LINE_YES) {
		c->setter = statement;
		c->setter_sign = sign(stance);
	} else if (stated == STANCE_RED_LINE_NO || sign(stance) != c->setter_sign) {
		c->setter = 0;
	}
	c->statement = statement;
	c->stance = stance;
}

static int cell_red_line(const struct cell *c)
{
	return c->setter != 0;
}

/* The conflict rule, written once for the conflict list and the matrix:
 * two positions conflict when they take opposite sides (non-zero stances
 * of opposite signs); the conflict is hard when either side's current red
 * line holds. */
static int cells_conflict(const struct cell *a, const struct cell *b)
{
	return a->stance != 0 && sign(a->stance) == -sign(b->stance);
}

static int conflict_is_hard(const struct cell *a, const struct cell *b)
{
	return cell_red_line(a) || cell_red_line(b);
}

/* ---- the grid of current positions ----------------------------------- */

/* An analysis under way: the parties, actors and issues, with those in
 * scope marked, and the current position of every party (or actor) on
 * every issue. */
struct grid {
	stance_db *db;
	struct stance_analysis_read read;
	const char *as_of;   /* the scope's date, NULL: all time */
	int by_actor;
	struct evidence evidence;
	struct catalog parties, actors, issues;
	struct catalog *keys;  /* whose positions: &parties or &actors */
	struct cell *cells;    /* keys->n * issues.n, key after key */
};

static struct cell *grid_cell(const struct grid *g, size_t key, size_t issue)
{
	return &g->cells[key * g->issues.n + issue];
}

/* Whether the all-time answer can be read from current_position, which
 * holds every party's current position and red line on all the evidence. */
static int grid_current(const struct grid *g)
{
	return !g->read.known && !g->as_of && !g->by_actor && !g->evidence.any;
}

/* A scan of the grid's question in the given order. */
static struct scan grid_scan(const struct grid *g, enum scan_order order, int full)
{
	struct scan sc = { order, full, g->by_actor, g->read.known, 0, &g->evidence, 0 };

	return sc;
}

/* The index in g->keys of a scan row's party or actor, keys->n for none. */
static size_t row_key(const struct grid *g, sqlite3_stmt *stmt)
{
	return catalog_find(g->keys, sqlite3_column_int64(stmt, g->by_actor ? COL_ACTOR : COL_PARTY));
}

static const char *const sql_current =
	"SELECT c.statement_id, c.party_id, NULL, c.issue_id, p.stance, c.red_line_statement_id"
	" FROM current_position AS c JOIN position AS p"
	" ON p.statement_id = c.statement_id AND p.issue_id = c.issue_id";

/* The setter of the current red line, as sql_current gives it, in c. */
static void current_read(struct cell *c, sqlite3_stmt *stmt)
{
	c->statement = sqlite3_column_int64(stmt, COL_ID);
	c->stance = sqlite3_column_int(stmt, COL_STANCE);
	c->setter = sqlite3_column_int64(stmt, COL_RED_LINE);
	c->setter_sign = sign(c->stance);
}

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

/* Checks a scope's version; NULL is everything. */
static int scope_version(const stance_scope **scope)
{
	static const stance_scope everything = STANCE_SCOPE_INIT;

	if (!*scope)
		*scope = &everything;
	return stance__check_version((*scope)->version, STANCE_SCOPE_VERSION, "stance_scope");
}

/* Starts an analysis of scope (NULL: everything): clears the last error,
 * begins to read, checks the scope and loads the parties, actors and
 * issues. End it with grid_end() whatever this returns. */
static int grid_begin(struct grid *g, stance_db *db, const stance_scope *scope)
{
	int rc;

	stance__error_clear();
	memset(g, 0, sizeof(*g));
	g->db = db;
	g->keys = &g->parties;
	rc = scope_version(&scope);
	if (rc)
		return rc;
	g->as_of = scope->as_of;
	if (scope->as_of) {
		rc = stance_check_date("--as-of date", scope->as_of);
		if (rc)
			return rc;
	}
	rc = evidence_load(&g->evidence, scope);
	if (rc)
		return rc;
	g->by_actor = scope->version >= 3 && scope->by_actor;
	rc = stance_analysis__read_begin(&g->read, db, stance_analysis__as_known(scope));
	if (!rc)
		rc = catalog_load(&g->parties, db, STANCE_PARTY, g->read.known, scope->parties,
				  scope->nparties, NULL);
	if (!rc)
		rc = catalog_load(&g->actors, db, STANCE_ACTOR, g->read.known, NULL, 0, &g->parties);
	if (!rc)
		rc = catalog_load(&g->issues, db, STANCE_ISSUE, g->read.known, scope->issues,
				  scope->nissues, &g->issues);
	if (!rc && g->by_actor) {
		/* the party list keeps the actors of the listed parties */
		g->keys = &g->actors;
		for (size_t a = 0; a < g->actors.n; a++)
			g->actors.in[a] = g->actors.up[a] < g->parties.n &&
					  g->parties.in[g->actors.up[a]];
	}
	return rc;
}

/* Frees g and ends the read; returns rc, or the end's own error. */
static int grid_end(struct grid *g, int rc)
{
	catalog_free(&g->parties);
	catalog_free(&g->actors);
	catalog_free(&g->issues);
	free(g->cells);
	g->cells = NULL;
	return stance_analysis__read_end(&g->read, g->db, rc);
}

/* Fills the cells with the current positions and red lines: all time
 * from current_position, else by the walk over a scan. */
static int grid_fill(struct grid *g)
{
	size_t nk = g->keys->n, ni = g->issues.n;
	struct scan sc = grid_scan(g, SCAN_STATEMENTS, 0);
	sqlite3_stmt *stmt;
	int current = grid_current(g), rc, src;

	g->cells = calloc_grid(nk, ni, sizeof(*g->cells));
	if (!g->cells)
		return stance__error(STANCE_ENOMEM, "out of memory");
	rc = current ? stance_db__prepare(g->db, &stmt, sql_current) :
		       scan_prepare(&stmt, g->db, &sc, g->as_of, 0);
	if (rc)
		return rc;
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t k = row_key(g, stmt);
		size_t i = catalog_find(&g->issues, sqlite3_column_int64(stmt, COL_ISSUE));

		if (k == nk || i == ni)
			continue;
		if (current)
			current_read(grid_cell(g, k, i), stmt);
		else
			red_line_step(grid_cell(g, k, i), sqlite3_column_int64(stmt, COL_ID),
				      sqlite3_column_int(stmt, COL_STANCE),
				      column_stated(stmt, COL_RED_LINE));
	}
	if (src != SQLITE_DONE)
		rc = stance__error_sqlite(g->db->conn, src, "reading the current positions");
	if (current)
		sqlite3_reset(stmt);
	else
		sqlite3_finalize(stmt);
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
	"SELECT s.uuid, s.said_on, s.text, p.condition, p.point, s.kind, s.credibility,"
	" s.actor_id, (SELECT r.slug FROM source AS r WHERE r.id = s.source_id),"
	" (SELECT x.uuid FROM statement AS x WHERE x.id = ?3)"
	" FROM statement AS s CROSS JOIN position AS p ON p.statement_id = s.id"
	" WHERE s.id = ?1 AND p.issue_id = ?2";

/* The slug of an entry of a catalog by row id, NULL when there is none. */
static char *catalog_dup(const struct catalog *c, sqlite3_int64 id)
{
	size_t k = catalog_find(c, id);

	return k < c->n ? stance__strdup(c->slugs[k]) : NULL;
}

/* Fills item with the position c of key k on issue i and the statement
 * behind it. */
static int position_read(stance_current_position *item, stance_db *db, const struct grid *g,
			 size_t k, size_t i, const struct cell *c)
{
	sqlite3_stmt *stmt;
	size_t owner = g->by_actor ? g->actors.up[k] : k;
	int rc = stance_db__prepare(db, &stmt, sql_detail), src;

	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, c->statement);
	sqlite3_bind_int64(stmt, 2, g->issues.ids[i]);
	sqlite3_bind_int64(stmt, 3, c->setter);
	src = sqlite3_step(stmt);
	if (src != SQLITE_ROW) {
		rc = src == SQLITE_DONE ? stance__error(STANCE_EINTERNAL, "a current position vanished")
					: stance__error_sqlite(db->conn, src, "reading a position");
		goto done;
	}
	item->stance = c->stance;
	item->red_line = cell_red_line(c);
	item->party = owner < g->parties.n ? stance__strdup(g->parties.slugs[owner]) : NULL;
	item->issue = stance__strdup(g->issues.slugs[i]);
	item->statement = stance_db__column_dup(stmt, 0, &rc);
	item->said_on = stance_db__column_dup(stmt, 1, &rc);
	item->text = stance_db__column_dup(stmt, 2, &rc);
	item->condition = stance_db__column_dup(stmt, 3, &rc);
	item->has_point = sqlite3_column_type(stmt, 4) != SQLITE_NULL;
	item->point = sqlite3_column_double(stmt, 4);
	item->kind = stance_db__column_dup(stmt, 5, &rc);
	item->credibility = sqlite3_column_int(stmt, 6);
	item->actor = catalog_dup(&g->actors, sqlite3_column_int64(stmt, 7));
	item->source = stance_db__column_dup(stmt, 8, &rc);
	item->red_line_statement = stance_db__column_dup(stmt, 9, &rc);
	if (!rc && (!item->party || !item->issue || !item->kind ||
		    (sqlite3_column_type(stmt, 7) != SQLITE_NULL && !item->actor)))
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
	free(item->actor);
	free(item->red_line_statement);
	free(item->kind);
	free(item->source);
	memset(item, 0, sizeof(*item));
}

/* A copy of p, or STANCE_ENOMEM (what was copied is then in *to, for
 * current_position_clear()). */
static int current_position_copy(stance_current_position *to, const stance_current_position *p)
{
	*to = *p;
	to->party = stance__strdup(p->party);
	to->issue = stance__strdup(p->issue);
	to->condition = p->condition ? stance__strdup(p->condition) : NULL;
	to->statement = stance__strdup(p->statement);
	to->said_on = stance__strdup(p->said_on);
	to->text = stance__strdup(p->text);
	to->actor = p->actor ? stance__strdup(p->actor) : NULL;
	to->red_line_statement = p->red_line_statement ? stance__strdup(p->red_line_statement) : NULL;
	to->kind = stance__strdup(p->kind);
	to->source = p->source ? stance__strdup(p->source) : NULL;
	if (!to->party || !to->issue || (p->condition && !to->condition) || !to->statement ||
	    !to->said_on || !to->text || (p->actor && !to->actor) ||
	    (p->red_line_statement && !to->red_line_statement) || !to->kind ||
	    (p->source && !to->source))
		return stance__error(STANCE_ENOMEM, "out of memory");
	return 0;
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

/* Whether cell (k, i) holds a current position in scope. */
static int shown(const struct grid *g, size_t k, size_t i)
{
	return g->keys->in[k] && g->issues.in[i] && grid_cell(g, k, i)->statement;
}

/* The positions of the grid that are shown, with their statements. */
static int positions_build(stance_positions **out, stance_db *db, const struct grid *g)
{
	size_t nk = g->keys->n, ni = g->issues.n, count = 0;
	stance_positions *res = calloc(1, sizeof(*res));
	int rc = 0;

	*out = NULL;
	if (!res)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t k = 0; k < nk; k++)
		for (size_t i = 0; i < ni; i++)
			count += shown(g, k, i);
	res->items = calloc(count + 1, sizeof(*res->items));
	if (!res->items) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t k = 0; k < nk && !rc; k++) {
		for (size_t i = 0; i < ni && !rc; i++) {
			if (!shown(g, k, i))
				continue;
			/* counted even when it fails: the free releases what it half filled */
			rc = position_read(&res->items[res->n++], db, g, k, i, grid_cell(g, k, i));
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
		rc = positions_build(out, db, &g);
	return grid_end(&g, rc);
}

/* ---- positions at checkpoints (the backtest) -------------------------- */

static const char *const sql_checkpoint_point =
	"SELECT p.point, p.stance FROM position AS p WHERE p.statement_id = ?1 AND p.issue_id = ?2";

/* The positions on issue i that the walk holds, into buf: the point given,
 * else the stance's (design §1). */
static int checkpoint_positions(const struct grid *g, size_t i,
				struct stance_checkpoint_position *buf, size_t *n)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(g->db, &stmt, sql_checkpoint_point), src;

	*n = 0;
	for (size_t k = 0; !rc && k < g->keys->n; k++) {
		const struct cell *c = grid_cell(g, k, i);

		if (!g->keys->in[k] || !c->statement)
			continue;
		sqlite3_bind_int64(stmt, 1, c->statement);
		sqlite3_bind_int64(stmt, 2, g->issues.ids[i]);
		src = sqlite3_step(stmt);
		if (src == SQLITE_ROW) {
			buf[*n].party = g->keys->slugs[k];
			buf[*n].point = sqlite3_column_type(stmt, 0) == SQLITE_NULL ?
				(c->stance + 2) * 25.0 : sqlite3_column_double(stmt, 0);
			buf[*n].red_line = cell_red_line(c);
			(*n)++;
		} else {
			rc = stance__error_sqlite(g->db->conn, src, "reading a position");
		}
		sqlite3_reset(stmt);
	}
	return rc;
}

/* Hands checkpoint cp the positions on its issue (none for an issue that
 * is not there or not in scope). */
static int checkpoint_emit(const struct grid *g, const struct stance_checkpoint *cps, size_t cp,
			   struct stance_checkpoint_position *buf, stance_checkpoint_fn fn,
			   void *ctx)
{
	char *const *hit = g->issues.n ? bsearch(cps[cp].issue, g->issues.slugs, g->issues.n,
						 sizeof(*g->issues.slugs), compare_slug) : NULL;
	size_t n = 0;
	int rc = 0;

	if (hit && g->issues.in[hit - g->issues.slugs])
		rc = checkpoint_positions(g, (size_t)(hit - g->issues.slugs), buf, &n);
	return rc ? rc : fn(cp, buf, n, ctx);
}

int stance_analysis__checkpoints(stance_db *db, const stance_scope *scope,
				 const struct stance_checkpoint *cps, size_t ncps,
				 stance_checkpoint_fn fn, void *ctx)
{
	static const stance_scope everything = STANCE_SCOPE_INIT;
	struct stance_checkpoint_position *buf = NULL;
	stance_scope all = scope ? *scope : everything;
	sqlite3_stmt *stmt = NULL;
	struct grid g;
	struct scan sc;
	size_t next = 0;
	int rc, src = SQLITE_DONE, dated;

	/* every statement: each checkpoint has its own date */
	all.as_of = NULL;
	rc = grid_begin(&g, db, &all);
	if (!rc && g.by_actor)
		rc = stance__error(STANCE_EINVALID, "checkpoints are of parties, not actors");
	if (rc)
		return grid_end(&g, rc);
	g.cells = calloc_grid(g.keys->n, g.issues.n, sizeof(*g.cells));
	buf = calloc(g.keys->n + 1, sizeof(*buf));
	if (!g.cells || !buf)
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	sc = grid_scan(&g, SCAN_STATEMENTS, 0);
	sc.dated = 1;
	/* what is said after the last checkpoint changes none of them */
	if (!rc)
		rc = scan_prepare(&stmt, db, &sc, ncps ? cps[ncps - 1].date : NULL, 0);
	dated = stmt ? sqlite3_column_count(stmt) - 1 : 0;
	while (!rc && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *said_on = (const char *)sqlite3_column_text(stmt, dated);
		size_t k = row_key(&g, stmt);
		size_t i = catalog_find(&g.issues, sqlite3_column_int64(stmt, COL_ISSUE));

		/* a checkpoint sees what was said on or before its date */
		while (!rc && next < ncps && strcmp(said_on, cps[next].date) > 0)
			rc = checkpoint_emit(&g, cps, next++, buf, fn, ctx);
		if (k < g.keys->n && i < g.issues.n)
			red_line_step(grid_cell(&g, k, i), sqlite3_column_int64(stmt, COL_ID),
				      sqlite3_column_int(stmt, COL_STANCE),
				      column_stated(stmt, COL_RED_LINE));
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the statements");
	while (!rc && next < ncps)
		rc = checkpoint_emit(&g, cps, next++, buf, fn, ctx);
	sqlite3_finalize(stmt);
	free(buf);
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
	size_t key;       /* its party's (actor's) index in the catalog */
	struct cell cell;
	int read;         /* the walk's item for it holds its statement */
	size_t copied;    /* for stance_conflicts_get(): 1 + the index of its
			     copy in the result, 0 while it has none */
};

struct conflict_walk {
	struct grid g;
	int hard_only;
	int within;                      /* both sides of one party */
	unsigned char *between;          /* by key: named; NULL: no pair asked */
	size_t issue;                    /* the issue being walked */
	struct cell *latest;             /* by key: the walk on the issue so far */
	struct held *held;               /* the issue's current positions, by key */
	size_t nheld;
	stance_current_position *items;  /* items[k]: held[k]'s, once read */
};

/* Called for each conflict, between held[x] and held[y] of the walk (x <
 * y); c and what it points to are borrowed for the call. */
typedef int (*conflict_fn)(struct conflict_walk *w, size_t x, size_t y,
			   const stance_conflict *c, void *ctx);

/* All time, the current positions issue after issue in slug order,
 * through the index on issues (no sort); else a scan in SCAN_ISSUES order,
 * so that a key's rows on an issue come together in statement order (the
 * scan of the index statement_order, then a sort that SQLite spills to
 * disk when it is large). */
static const char *const sql_conflicts_current =
	"SELECT c.statement_id, c.party_id, NULL, c.issue_id, p.stance, c.red_line_statement_id"
	" FROM issue AS i CROSS JOIN current_position AS c ON c.issue_id = i.id"
	" CROSS JOIN position AS p ON p.statement_id = c.statement_id AND p.issue_id = c.issue_id"
	" ORDER BY i.slug";

static int compare_held(const void *a, const void *b)
{
	size_t x = ((const struct held *)a)->key, y = ((const struct held *)b)->key;

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

/* Takes a row of the query as the latest of its key k on w->issue. */
static void walk_add_row(struct conflict_walk *w, size_t k, sqlite3_stmt *stmt)
{
	struct cell *c = &w->latest[k];

	/* a key's first row on the issue gives it a place in held, which has
	 * one for every key */
	if (!c->statement)
		w->held[w->nheld++] = (struct held){ k, { 0, 0, 0, 0 }, 0, 0 };
	if (grid_current(&w->g))
		current_read(c, stmt);
	else
		red_line_step(c, sqlite3_column_int64(stmt, COL_ID),
			      sqlite3_column_int(stmt, COL_STANCE), column_stated(stmt, COL_RED_LINE));
}

/* The positions of the issue's rows, into held in key order. */
static void walk_close_rows(struct conflict_walk *w)
{
	/* the catalog is in slug order, so this is the output's order */
	qsort(w->held, w->nheld, sizeof(*w->held), compare_held);
	for (size_t k = 0; k < w->nheld; k++) {
		w->held[k].cell = w->latest[w->held[k].key];
		w->latest[w->held[k].key] = (struct cell){ 0, 0, 0, 0 };
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
		rc = position_read(&w->items[k], w->g.db, &w->g, h->key, w->issue, &h->cell);
	}
	*out = &w->items[k];
	return rc;
}

/* Whether the conflict between keys x and y is one the scope asks for:
 * one side (of) a listed party, both named by between, both of one party
 * with within. */
static int walk_wanted(const struct conflict_walk *w, size_t x, size_t y)
{
	const struct catalog *keys = w->g.keys;

	if (!keys->in[x] && !keys->in[y])
		return 0;
	if (w->between && !(w->between[x] && w->between[y]))
		return 0;
	return !w->within || (keys->up[x] < w->g.parties.n && keys->up[x] == keys->up[y]);
}

/* Calls fn for each conflict on the issue whose rows were read, by a's
 * key, then b's, and clears the issue. */
static int walk_issue(struct conflict_walk *w, conflict_fn fn, void *ctx)
{
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

			if (!cells_conflict(ca, cb) || !walk_wanted(w, w->held[x].key, w->held[y].key) ||
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

/* Reads the conflict options of scope (between, within) into w, whose
 * grid has begun. */
static int walk_options(struct conflict_walk *w, const stance_scope *scope)
{
	const struct catalog *keys = w->g.keys;
	size_t named = 0;
	int rc;

	if (!scope || scope->version < 3)
		return 0;
	if (scope->within && !w->g.by_actor)
		return stance__error(STANCE_EINVALID,
				     "internal divisions (within) are between actors: ask by actor");
	w->within = scope->within;
	if (scope->nbetween == 0)
		return 0;
	if (scope->nbetween < 2)
		return stance__error(STANCE_EINVALID,
				     "conflicts between one %s: name at least two with --between",
				     w->g.by_actor ? "actor" : "party");
	w->between = calloc(keys->n + 1, 1);
	if (!w->between)
		return stance__error(STANCE_ENOMEM, "out of memory");
	rc = catalog_mark(keys, w->g.db, w->g.by_actor ? STANCE_ACTOR : STANCE_PARTY,
			  w->g.read.known, scope->between, scope->nbetween, w->between);
	/* one named twice (or by a former slug) is still one side */
	for (size_t k = 0; !rc && k < keys->n; k++)
		named += w->between[k];
	if (!rc && named < 2)
		rc = stance__error(STANCE_EINVALID,
				   "conflicts between one %s: name at least two with --between",
				   w->g.by_actor ? "actor" : "party");
	return rc;
}

/* Walks the conflicts of scope in the order of the output: by issue, then
 * a's key, then b's. */
static int conflicts_walk(stance_db *db, const stance_scope *scope, int hard_only,
			  conflict_fn fn, void *ctx)
{
	struct conflict_walk w;
	struct scan sc;
	sqlite3_stmt *stmt = NULL;
	size_t nk, ni;
	int rc, src = SQLITE_DONE, current = 0;

	memset(&w, 0, sizeof(w));
	w.hard_only = hard_only;
	rc = grid_begin(&w.g, db, scope);
	if (!rc)
		rc = walk_options(&w, scope);
	if (rc)
		goto done;
	nk = w.g.keys->n;
	ni = w.g.issues.n;
	w.issue = ni;
	w.latest = calloc(nk + 1, sizeof(*w.latest));
	w.held = calloc(nk + 1, sizeof(*w.held));
	w.items = calloc(nk + 1, sizeof(*w.items));
	if (!w.latest || !w.held || !w.items) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	current = grid_current(&w.g);
	sc = grid_scan(&w.g, SCAN_ISSUES, 0);
	rc = current ? stance_db__prepare(db, &stmt, sql_conflicts_current) :
		       scan_prepare(&stmt, db, &sc, w.g.as_of, 0);
	while (!rc && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t k = row_key(&w.g, stmt);
		size_t i = catalog_find(&w.g.issues, sqlite3_column_int64(stmt, COL_ISSUE));

		if (k == nk || i == ni || !w.g.issues.in[i])
			continue;
		/* the rows of the issue before are all in: its conflicts are known */
		if (i != w.issue && w.issue != ni)
			rc = walk_issue(&w, fn, ctx);
		w.issue = i;
		walk_add_row(&w, k, stmt);
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the current positions");
	if (!rc && w.issue != ni)
		rc = walk_issue(&w, fn, ctx);
done:
	if (stmt && current)
		sqlite3_reset(stmt);
	else
		sqlite3_finalize(stmt);
	if (w.held && w.items)
		walk_clear_issue(&w);
	free(w.latest);
	free(w.held);
	free(w.items);
	free(w.between);
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
	int rc;

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
	rc = current_position_copy(copy, p);
	if (rc)
		return rc;
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
	rows = calloc(g.keys->n + 1, sizeof(*rows));
	m = calloc(1, sizeof(*m));
	if (!rows || !m) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t p = 0; p < g.keys->n; p++)
		if (g.keys->in[p] && holds_any(&g, p))
			rows[n++] = p;
	m->parties = calloc(n + 1, sizeof(*m->parties));
	m->cells = calloc(n * n + 1, sizeof(*m->cells));
	if (!m->parties || !m->cells) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	for (; m->n < n; m->n++) {
		m->parties[m->n] = stance__strdup(g.keys->slugs[rows[m->n]]);
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

/* A (key, issue) whose history is being walked: what its next row is
 * compared with. */
struct track {
	int rows;          /* rows before the next one */
	struct cell cell;  /* the walk so far: the previous row, the red line */
	struct cell next;  /* the walk with the row being looked at */
	int last_sign;     /* the sign of the latest non-zero stance, 0: none yet */
	char statement[STANCE_UUID_LEN + 1];  /* the previous row's */
	char setter[STANCE_UUID_LEN + 1];     /* the id of cell.setter */
};

/* Compares row, read from a scan row of statement id, with the rows
 * before it. What row borrows from t stays until track_advance(). */
static void track_compare(struct track *t, stance_history_row *row, sqlite3_int64 id)
{
	t->next = t->cell;
	red_line_step(&t->next, id, row->stance, row->stated_red_line);
	row->red_line = cell_red_line(&t->next);
	row->red_line_statement = !row->red_line ? NULL :
				  t->next.setter == id ? row->statement : t->setter;
	row->shift = t->rows > 0 && (row->stance != t->cell.stance ||
				     row->red_line != cell_red_line(&t->cell));
	row->reversal = row->stance != 0 && sign(row->stance) == -t->last_sign;
	row->from_statement = t->rows > 0 ? t->statement : NULL;
	row->from_stance = t->cell.stance;
	row->from_red_line = cell_red_line(&t->cell);
}

/* Makes row the previous one. */
static void track_advance(struct track *t, const stance_history_row *row)
{
	if (t->next.setter && t->next.setter != t->cell.setter)
		snprintf(t->setter, sizeof(t->setter), "%s", row->statement);
	t->cell = t->next;
	t->rows++;
	if (row->stance)
		t->last_sign = sign(row->stance);
	snprintf(t->statement, sizeof(t->statement), "%s", row->statement);
}

/* Fills row from a row of a full scan (borrowed from stmt until its next
 * step) with the slugs of g's catalogs. */
static void history_row_read(const struct grid *g, sqlite3_stmt *stmt, stance_history_row *row,
			     size_t issue)
{
	size_t p = catalog_find(&g->parties, sqlite3_column_int64(stmt, COL_PARTY));
	size_t a = catalog_find(&g->actors, sqlite3_column_int64(stmt, COL_ACTOR));

	memset(row, 0, sizeof(*row));
	row->party = p < g->parties.n ? g->parties.slugs[p] : NULL;
	row->actor = a < g->actors.n ? g->actors.slugs[a] : NULL;
	row->issue = g->issues.slugs[issue];
	row->statement = (const char *)sqlite3_column_text(stmt, COL_UUID);
	row->said_on = (const char *)sqlite3_column_text(stmt, COL_SAID_ON);
	row->text = (const char *)sqlite3_column_text(stmt, COL_TEXT);
	row->stance = sqlite3_column_int(stmt, COL_STANCE);
	row->stated_red_line = column_stated(stmt, COL_RED_LINE);
	row->condition = (const char *)sqlite3_column_text(stmt, COL_CONDITION);
	row->has_point = sqlite3_column_type(stmt, COL_POINT) != SQLITE_NULL;
	row->point = sqlite3_column_double(stmt, COL_POINT);
	row->kind = (const char *)sqlite3_column_text(stmt, COL_KIND);
	row->credibility = sqlite3_column_int(stmt, COL_CREDIBILITY);
}

/* Walks the rows of a full scan in SCAN_ROWS order through the tracks
 * (one per key and issue, key after key; with one key, one per issue) and
 * calls fn for those of the keys and issues in scope that pass: every row
 * (all), else the shifts said on or after since (NULL: from the start). */
static int rows_walk(const struct grid *g, sqlite3_stmt *stmt, struct track *tracks, int one_key,
		     int all, const char *since,
		     int (*fn)(const stance_history_row *row, void *ctx), void *ctx)
{
	const struct catalog *keys = g->keys, *issues = &g->issues;
	stance_history_row row;
	int rc = 0, src;

	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t k = one_key ? 0 : row_key(g, stmt);
		size_t i = catalog_find(issues, sqlite3_column_int64(stmt, COL_ISSUE));
		struct track *t;

		if ((!one_key && (k == keys->n || !keys->in[k])) || i == issues->n || !issues->in[i])
			continue;
		t = &tracks[k * issues->n + i];
		history_row_read(g, stmt, &row, i);
		track_compare(t, &row, sqlite3_column_int64(stmt, COL_ID));
		if (all || (row.shift && (!since || strcmp(row.said_on, since) >= 0)))
			rc = fn(&row, ctx);
		if (rc)
			break;
		track_advance(t, &row);
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(g->db->conn, src, "reading a history");
	return rc;
}

int stance_analysis__history(stance_db *db, const stance_scope *scope, stance_entity_type type,
			     const char *slug, const char *issue, int exact,
			     int (*fn)(const stance_history_row *row, void *ctx), void *ctx)
{
	stance_scope s = STANCE_SCOPE_INIT;
	struct track *tracks = NULL;
	sqlite3_stmt *stmt = NULL;
	unsigned char *marks = NULL;
	struct scan sc;
	struct grid g;
	size_t key = 0;
	int rc;

	stance__error_clear();
	if (scope) {
		rc = scope_version(&scope);
		if (rc)
			return rc;
		s.as_known = stance_analysis__as_known(scope);
		if (scope->version >= 3) {
			s.min_credibility = scope->min_credibility;
			s.min_reliability = scope->min_reliability;
			s.kinds = scope->kinds;
			s.nkinds = scope->nkinds;
		}
	}
	if (type != STANCE_PARTY && type != STANCE_ACTOR)
		return stance__error(STANCE_EINVALID, "a history is of a party or of an actor");
	rc = grid_begin(&g, db, &s);
	if (rc)
		goto done;
	g.keys = type == STANCE_ACTOR ? &g.actors : &g.parties;
	marks = calloc(g.keys->n + 1, 1);
	tracks = calloc(g.issues.n + 1, sizeof(*tracks));
	if (!marks || !tracks) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	rc = catalog_mark(g.keys, db, type, g.read.known, &slug, 1, marks);
	while (!rc && !marks[key])
		key++;
	/* the issue and, unless exact, what is under it; or every issue */
	if (!rc && issue) {
		memset(g.issues.in, 0, g.issues.n + 1);
		rc = catalog_mark(&g.issues, db, STANCE_ISSUE, g.read.known, &issue, 1, g.issues.in);
		if (!rc && !exact)
			rc = catalog_mark_descendants(&g.issues);
	}
	sc = (struct scan){ SCAN_ROWS, 1, type == STANCE_ACTOR, g.read.known,
			    type == STANCE_ACTOR ? COL_ACTOR : COL_PARTY, &g.evidence, 0 };
	if (!rc)
		rc = scan_prepare(&stmt, db, &sc, NULL, g.keys->ids[key]);
	if (!rc)
		rc = rows_walk(&g, stmt, tracks, 1, 1, NULL, fn, ctx);
done:
	sqlite3_finalize(stmt);
	free(marks);
	free(tracks);
	return grid_end(&g, rc);
}

int stance_history_walk(stance_db *db, const stance_scope *scope, stance_entity_type type,
			const char *slug, const char *issue,
			int (*fn)(const stance_history_row *row, void *ctx), void *ctx)
{
	return stance_analysis__history(db, scope, type, slug, issue, 0, fn, ctx);
}

int stance_history_foreach_scope(stance_db *db, const stance_scope *scope, const char *party,
				 const char *issue,
				 int (*fn)(const stance_history_row *row, void *ctx), void *ctx)
{
	/* the issue alone, as before there were descendants: stance_history_walk() */
	return stance_analysis__history(db, scope, STANCE_PARTY, party, issue, 1, fn, ctx);
}

int stance_history_foreach(stance_db *db, const char *party, const char *issue,
			   int (*fn)(const stance_history_row *row, void *ctx), void *ctx)
{
	return stance_history_foreach_scope(db, NULL, party, issue, fn, ctx);
}

int stance_shifts_foreach(stance_db *db, const stance_scope *scope, const char *since,
			  int (*fn)(const stance_history_row *row, void *ctx), void *ctx)
{
	struct track *tracks = NULL;
	sqlite3_stmt *stmt = NULL;
	struct scan sc;
	struct grid g;
	int rc = grid_begin(&g, db, scope);

	if (!rc && since)
		rc = stance_check_date("--since date", since);
	if (rc)
		goto done;
	tracks = calloc_grid(g.keys->n, g.issues.n, sizeof(*tracks));
	if (!tracks) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	/* from the start, whatever since is: a row's shift follows from every
	 * row before it, red lines included */
	sc = grid_scan(&g, SCAN_ROWS, 1);
	rc = scan_prepare(&stmt, db, &sc, g.as_of, 0);
	if (!rc)
		rc = rows_walk(&g, stmt, tracks, 0, 0, since, fn, ctx);
done:
	sqlite3_finalize(stmt);
	free(tracks);
	return grid_end(&g, rc);
}
