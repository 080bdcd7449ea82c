/*
 * agreement-input.c - one coder's codings (design §9), from a stance
 * database or a snapshot: the positions of the statements it has not
 * retracted, and its issues with their parents.
 *
 * A snapshot is read as an import reads it (jsonstream.c, one element at
 * a time, and the checks of snapshot-check.c), in any order of its
 * members: a statement may come before the issues it names, so the slugs
 * it names are kept as references, each with where it was first used,
 * and resolved (through the aliases) once the document is read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agreement-internal.h"
#include "common-internal.h"
#include "jsonstream-internal.h"
#include "snapshot-internal.h"
#include "statement-internal.h"

/* ---- UUIDs as bytes -------------------------------------------------- */

static int hex_digit(char c)
{
	return c <= '9' ? c - '0' : c - 'a' + 10;
}

void stance_agreement__uuid_bytes(unsigned char out[16], const char *text)
{
	for (size_t i = 0, b = 0; b < 16; b++) {
		if (text[i] == '-')
			i++;
		out[b] = (unsigned char)(hex_digit(text[i]) << 4 | hex_digit(text[i + 1]));
		i += 2;
	}
}

void stance_agreement__uuid_text(char out[37], const unsigned char id[16])
{
	static const char digits[] = "0123456789abcdef";
	size_t i = 0;

	for (size_t b = 0; b < 16; b++) {
		if (b == 4 || b == 6 || b == 8 || b == 10)
			out[i++] = '-';
		out[i++] = digits[id[b] >> 4];
		out[i++] = digits[id[b] & 15];
	}
	out[i] = '\0';
}

int stance_agreement__red_line_category(int red_line)
{
	return red_line == STANCE_RED_LINE_NO ? 0 : red_line == STANCE_RED_LINE_YES ? 1 : 2;
}

/* ---- the coder ------------------------------------------------------- */

void stance_coder_free(stance_coder *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nissues; i++) {
		free(c->issues[i]);
		free(c->parents[i]);
	}
	for (size_t i = 0; i < c->naliases; i++) {
		free(c->alias_from[i]);
		free(c->alias_to[i]);
	}
	free(c->issues);
	free(c->parents);
	free(c->alias_from);
	free(c->alias_to);
	free(c->codes);
	free(c);
}

size_t stance_coder_statements(const stance_coder *c)
{
	return c->nstatements;
}

static int add_code(stance_coder *c, const char *uuid, size_t issue, int stance, int red_line)
{
	struct agree_code *code;

	if (c->ncodes == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		struct agree_code *grown = realloc(c->codes, cap * sizeof(*grown));

		if (!grown)
			return stance__error(STANCE_ENOMEM, "out of memory");
		c->codes = grown;
		c->cap = cap;
	}
	code = &c->codes[c->ncodes++];
	stance_agreement__uuid_bytes(code->id, uuid);
	code->issue = (uint32_t)issue;
	code->stance = (int8_t)stance;
	code->red_line = (int8_t)stance_agreement__red_line_category(red_line);
	return 0;
}

/* Makes room for n issues (slugs and parents NULL). */
static int issues_alloc(stance_coder *c, size_t n)
{
	c->issues = calloc(n + 1, sizeof(*c->issues));
	c->parents = calloc(n + 1, sizeof(*c->parents));
	return c->issues && c->parents ? 0 : stance__error(STANCE_ENOMEM, "out of memory");
}

/* Keeps that the issue once called from is now called to. */
static int add_alias(stance_coder *c, const char *from, const char *to)
{
	char **f = realloc(c->alias_from, (c->naliases + 1) * sizeof(*f));
	char **t = f ? realloc(c->alias_to, (c->naliases + 1) * sizeof(*t)) : NULL;

	c->alias_from = f ? f : c->alias_from;
	c->alias_to = t ? t : c->alias_to;
	if (!t)
		return stance__error(STANCE_ENOMEM, "out of memory");
	c->alias_from[c->naliases] = stance__strdup(from);
	c->alias_to[c->naliases] = stance__strdup(to);
	c->naliases++;
	return c->alias_from[c->naliases - 1] && c->alias_to[c->naliases - 1] ? 0 :
	       stance__error(STANCE_ENOMEM, "out of memory");
}

/* ---- from a database ------------------------------------------------- */

static const char sql_issues[] =
	"SELECT i.id, i.slug, u.slug FROM issue AS i LEFT JOIN issue AS u ON u.id = i.parent_id "
	"ORDER BY i.slug";
static const char sql_codes[] =
	"SELECT s.uuid, p.issue_id, p.stance, p.red_line "
	"FROM statement AS s JOIN position AS p ON p.statement_id = s.id "
	"WHERE s.retracted_at IS NULL";
static const char sql_statements[] = "SELECT count(*) FROM statement WHERE retracted_at IS NULL";
static const char sql_aliases[] =
	"SELECT a.slug, i.slug FROM alias AS a JOIN issue AS i ON i.id = a.entity_id "
	"WHERE a.kind = 'issue' ORDER BY a.slug";

struct id_index {
	sqlite3_int64 id;
	size_t index;
};

static int compare_bytes(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

static int compare_id(const void *a, const void *b)
{
	const struct id_index *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Makes room for one more issue in c and *ids (cap of each). */
static int issues_grow(stance_coder *c, struct id_index **ids, size_t *cap)
{
	size_t n = *cap * 2 + 16;
	char **slugs, **parents;
	struct id_index *grown;

	if (c->nissues < *cap)
		return 0;
	slugs = realloc(c->issues, n * sizeof(*slugs));
	c->issues = slugs ? slugs : c->issues;
	parents = slugs ? realloc(c->parents, n * sizeof(*parents)) : NULL;
	c->parents = parents ? parents : c->parents;
	grown = parents ? realloc(*ids, n * sizeof(*grown)) : NULL;
	*ids = grown ? grown : *ids;
	if (!grown)
		return stance__error(STANCE_ENOMEM, "out of memory");
	*cap = n;
	return 0;
}

/* The issues, by slug, into c; their row ids into *ids, sorted by id. */
static int db_issues(stance_coder *c, struct id_index **ids, stance_db *db)
{
	sqlite3_stmt *stmt;
	size_t cap = 0;
	int rc = stance_db__prepare(db, &stmt, sql_issues), src;

	*ids = NULL;
	while (!rc && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *parent = (const char *)sqlite3_column_text(stmt, 2);

		if ((rc = issues_grow(c, ids, &cap)))
			break;
		(*ids)[c->nissues] = (struct id_index){ sqlite3_column_int64(stmt, 0), c->nissues };
		c->issues[c->nissues] = stance__strdup((const char *)sqlite3_column_text(stmt, 1));
		c->parents[c->nissues] = parent ? stance__strdup(parent) : NULL;
		if (!c->issues[c->nissues++] || (parent && !c->parents[c->nissues - 1]))
			rc = stance__error(STANCE_ENOMEM, "out of memory");
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the issues");
	if (!rc && c->nissues)
		qsort(*ids, c->nissues, sizeof(**ids), compare_id);
	return rc;
}

static int db_codes(stance_coder *c, const struct id_index *ids, stance_db *db)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_codes), src;

	while (!rc && (src = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct id_index key = { sqlite3_column_int64(stmt, 1), 0 };
		const struct id_index *hit = bsearch(&key, ids, c->nissues, sizeof(*ids),
						     compare_id);
		int red = sqlite3_column_type(stmt, 3) == SQLITE_NULL ? STANCE_RED_LINE_UNSTATED :
			  sqlite3_column_int(stmt, 3) ? STANCE_RED_LINE_YES : STANCE_RED_LINE_NO;

		if (!hit)
			return stance__error(STANCE_EINTERNAL, "a position names no issue");
		rc = add_code(c, (const char *)sqlite3_column_text(stmt, 0), hit->index,
			      sqlite3_column_int(stmt, 2), red);
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the positions");
	if (!rc && !(rc = stance_db__prepare(db, &stmt, sql_statements))) {
		if ((src = sqlite3_step(stmt)) == SQLITE_ROW)
			c->nstatements = (size_t)sqlite3_column_int64(stmt, 0);
		else
			rc = stance__error_sqlite(db->conn, src, "counting the statements");
	}
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_aliases);
	while (!rc && (src = sqlite3_step(stmt)) == SQLITE_ROW)
		rc = add_alias(c, (const char *)sqlite3_column_text(stmt, 0),
			       (const char *)sqlite3_column_text(stmt, 1));
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading the aliases");
	return rc;
}

static int load_db(stance_coder *c, stance_db *db)
{
	struct id_index *ids = NULL;
	int own, rc = stance_db__read_begin(db, &own);

	if (!rc) {
		rc = db_issues(c, &ids, db);
		if (!rc)
			rc = db_codes(c, ids, db);
		rc = stance_db__read_end(db, own, rc);
	}
	free(ids);
	return rc;
}

/* A new coder into *out, filled by load(c, from). */
static int coder_make(stance_coder **out, int (*load)(stance_coder *c, void *from), void *from)
{
	stance_coder *c;
	int rc;

	stance__error_clear();
	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return stance__error(STANCE_ENOMEM, "out of memory");
	rc = load(c, from);
	if (rc) {
		stance_coder_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

static int load_db_from(stance_coder *c, void *db)
{
	return load_db(c, db);
}

int stance_coder_from_db(stance_coder **out, stance_db *db)
{
	return coder_make(out, load_db_from, db);
}

/* The coder of the database at path. */
static int open_db(stance_coder **out, const char *path)
{
	stance_db *db;
	int rc = stance_db_open(&db, path, STANCE_DB_READONLY);

	if (rc)
		return rc;
	rc = stance_coder_from_db(out, db);
	stance_db_close(db);
	return rc;
}

/* ---- from a snapshot: the slugs statements name ------------------------ */

/* A slug that statements name, and where it was first named. */
struct ref {
	char *slug;
	size_t statement, position;  /* position: SIZE_MAX for a statement's party */
	size_t resolved;             /* issues: the index in the coder's issues */
};

/* The references of one kind: in the order first seen, and by slug. */
struct refs {
	struct ref *v;
	size_t *by_slug;
	size_t n, cap;
};

static void refs_free(struct refs *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].slug);
	free(r->v);
	free(r->by_slug);
}

/* Where slug is, or would go, in r's order by slug (*found: it is there). */
static size_t refs_search(const struct refs *r, const char *slug, int *found)
{
	size_t lo = 0, hi = r->n;

	*found = 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = strcmp(r->v[r->by_slug[mid]].slug, slug);

		if (cmp == 0) {
			*found = 1;
			return mid;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The index in r->v of slug; SIZE_MAX when r has none. */
static size_t refs_find(const struct refs *r, const char *slug)
{
	int found;
	size_t at = refs_search(r, slug, &found);

	return found ? r->by_slug[at] : SIZE_MAX;
}

/* The reference to slug (added when new, first named there) into *out. */
static int refs_intern(size_t *out, struct refs *r, const char *slug, size_t statement,
		       size_t position)
{
	int found;
	size_t lo = refs_search(r, slug, &found);

	if (found) {
		*out = r->by_slug[lo];
		return 0;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap * 2 + 16;
		struct ref *v = realloc(r->v, cap * sizeof(*v));
		size_t *by = v ? realloc(r->by_slug, cap * sizeof(*by)) : NULL;

		r->v = v ? v : r->v;
		r->by_slug = by ? by : r->by_slug;
		if (!by)
			return stance__error(STANCE_ENOMEM, "out of memory");
		r->cap = cap;
	}
	r->v[r->n] = (struct ref){ stance__strdup(slug), statement, position, 0 };
	if (!r->v[r->n].slug)
		return stance__error(STANCE_ENOMEM, "out of memory");
	memmove(&r->by_slug[lo + 1], &r->by_slug[lo], (r->n - lo) * sizeof(*r->by_slug));
	r->by_slug[lo] = r->n;
	*out = r->n++;
	return 0;
}

/* ---- from a snapshot: the document ----------------------------------- */

/* What reading one snapshot keeps. */
struct snap_load {
	stance_coder *c;
	stance_jsr *r;
	int version;
	unsigned seen;
	char now[25];
	struct refs parties, issues;        /* as the statements name them */
	struct refs known[2];               /* the parties' and issues' own slugs */
	struct refs aliases[2];             /* former slugs of parties and issues;
					       resolved: the index in known */
	unsigned char (*ids)[16];           /* every statement's id, retracted too */
	size_t nids, idcap;
};

enum { KNOWN_PARTY, KNOWN_ISSUE };

static void load_free(struct snap_load *l)
{
	refs_free(&l->parties);
	refs_free(&l->issues);
	for (size_t k = 0; k < 2; k++) {
		refs_free(&l->known[k]);
		refs_free(&l->aliases[k]);
	}
	free(l->ids);
	stance_jsr__free(l->r);
}

static int reader_failed(struct snap_load *l, int rc)
{
	return stance__error(rc, "%s", stance_jsr__error(l->r));
}

static int keep_id(struct snap_load *l, const char *uuid)
{
	if (l->nids == l->idcap) {
		size_t cap = l->idcap ? l->idcap * 2 : 1024;
		unsigned char (*grown)[16] = realloc(l->ids, cap * sizeof(*grown));

		if (!grown)
			return stance__error(STANCE_ENOMEM, "out of memory");
		l->ids = grown;
		l->idcap = cap;
	}
	stance_agreement__uuid_bytes(l->ids[l->nids++], uuid);
	return 0;
}

/* Checks the positions of statement index and keeps them as codes (their
 * issue: the reference's index, until resolved). */
static int read_positions(struct snap_load *l, const json_t *arr, const char *base,
			  const char *uuid, int keep, size_t index)
{
	snap_path path = stance_snapshot__path_member(base, "positions");
	size_t first = l->c->ncodes;
	int rc = json_is_array(arr) ? 0 :
		 stance_snapshot__fail(STANCE_EINVALID, path.s, "expected an array");

	for (size_t k = 0; !rc && k < json_array_size(arr); k++) {
		snap_path pk = stance_snapshot__path_index(path.s, k);
		stance_position p;
		size_t ref;

		rc = stance_snapshot__read_position(&p, json_array_get(arr, k), pk.s, l->version);
		if (!rc)
			rc = refs_intern(&ref, &l->issues, p.issue, index, k);
		for (size_t j = first; !rc && j < l->c->ncodes; j++)
			if (l->c->codes[j].issue == ref)
				rc = stance_snapshot__fail_member(STANCE_EEXISTS, pk.s, "issue",
								  "issue '%s' is given twice: a statement "
								  "has at most one position per issue",
								  p.issue);
		if (!rc && keep)
			rc = add_code(l->c, uuid, ref, p.stance, p.red_line);
	}
	return rc;
}

static int read_statement(struct snap_load *l, const json_t *obj, size_t index)
{
	snap_path base = stance_snapshot__path_index("$.statements", index);
	struct snap_statement s;
	size_t ref;
	int rc = stance_snapshot__read_statement(&s, obj, base.s, "agreement", l->now);

	if (!rc)
		rc = keep_id(l, s.st.id);
	if (!rc)
		rc = refs_intern(&ref, &l->parties, s.st.party, index, SIZE_MAX);
	if (!rc)
		rc = read_positions(l, json_object_get(obj, "positions"), base.s, s.st.id,
				    !s.st.retracted, index);
	if (!rc && !s.st.retracted)
		l->c->nstatements++;
	return rc;
}

/* Keeps a party's or issue's own slug (and an issue's parent). */
static int read_entity(struct snap_load *l, stance_entity_type type, const json_t *obj,
		       size_t index)
{
	static const char *const arrays[] = { "$.parties", "$.actors", "$.sources", "$.issues" };
	snap_path path = stance_snapshot__path_index(arrays[type], index);
	int known = type == STANCE_PARTY ? KNOWN_PARTY : KNOWN_ISSUE;
	size_t at, before;
	int rc = stance_snapshot__check_entity(type, obj, path.s);

	if (rc || (type != STANCE_PARTY && type != STANCE_ISSUE))
		return rc;
	before = l->known[known].n;
	rc = refs_intern(&at, &l->known[known], stance_snapshot__member_string(obj, "slug"),
			 index, SIZE_MAX);
	if (!rc && l->known[known].n == before)
		rc = stance_snapshot__fail_member(STANCE_EEXISTS, path.s, "slug",
						  "duplicate slug '%s'", l->known[known].v[at].slug);
	/* an issue's parent waits in .resolved as a reference of its own */
	if (!rc && type == STANCE_ISSUE) {
		const char *parent = stance_snapshot__member_string(obj, "parent");
		size_t pref = SIZE_MAX;

		if (parent)
			rc = refs_intern(&pref, &l->issues, parent, SIZE_MAX, index);
		l->known[known].v[at].resolved = pref;
	}
	return rc;
}

static int read_alias(struct snap_load *l, const json_t *obj, size_t index)
{
	const stance_entity_info *info;
	const char *slug, *entity;
	struct refs *aliases;
	size_t at, ent;
	int rc = stance_snapshot__check_alias(&info, &slug, &entity, obj, index), party;

	if (rc || (info->type != STANCE_PARTY && info->type != STANCE_ISSUE))
		return rc;
	party = info->type == STANCE_PARTY;
	aliases = &l->aliases[party ? KNOWN_PARTY : KNOWN_ISSUE];
	rc = refs_intern(&at, aliases, slug, index, SIZE_MAX);
	/* the entity it names is a reference of the entity's kind, resolved
	 * with the others; it waits in .resolved */
	if (!rc)
		rc = refs_intern(&ent, party ? &l->parties : &l->issues, entity, SIZE_MAX, SIZE_MAX);
	if (!rc)
		aliases->v[at].resolved = ent;
	return rc;
}

static int read_element(struct snap_load *l, enum snap_top_member m, const json_t *el,
			size_t index)
{
	switch (m) {
	case TOP_STATEMENTS:
		return read_statement(l, el, index);
	case TOP_ALIASES:
		return read_alias(l, el, index);
	case TOP_REVISIONS:
	case TOP_ASSESSMENTS:
	case TOP_OUTCOMES:
		return 0;  /* no part in the agreement */
	default:
		return read_entity(l, (stance_entity_type)(m - TOP_PARTIES), el, index);
	}
}

static int read_document(struct snap_load *l)
{
	const char *name;
	int rc;

	while (!(rc = stance_jsr__next_member(l->r, &name)) && name) {
		enum snap_top_member m;
		json_t *v = NULL;

		if ((rc = stance_snapshot__top_member(&m, name)))
			return rc;
		l->seen |= TOP_BIT(m);
		if (m >= TOP_PARTIES) {
			size_t index = 0;

			if ((rc = stance_jsr__begin_array(l->r)))
				return reader_failed(l, rc);
			while (!(rc = stance_jsr__next_element(l->r, &v)) && v) {
				rc = read_element(l, m, v, index++);
				json_decref(v);
				if (rc)
					return rc;
			}
		} else if (!(rc = stance_jsr__read_value(l->r, &v))) {
			rc = stance_snapshot__check_header(m, v);
			if (!rc && m == TOP_VERSION)
				l->version = (int)json_integer_value(v);
			json_decref(v);
			if (rc)
				return rc;
		}
		if (rc)
			return reader_failed(l, rc);
	}
	if (rc)
		return reader_failed(l, rc);
	return stance_snapshot__check_required(l->seen);
}

/* ---- from a snapshot: resolving what statements name ------------------- */

/* The index in known[k] of the entity that slug names: itself, or the
 * entity a former slug (an alias) names; SIZE_MAX when none. */
static size_t find_known(const struct snap_load *l, int k, const char *slug)
{
	const struct refs *named = k == KNOWN_PARTY ? &l->parties : &l->issues;
	size_t at = refs_find(&l->known[k], slug);

	if (at == SIZE_MAX && (at = refs_find(&l->aliases[k], slug)) != SIZE_MAX)
		at = refs_find(&l->known[k], named->v[l->aliases[k].v[at].resolved].slug);
	return at;
}

/* Where a reference was first made, for the message. */
static snap_path ref_path(const struct ref *ref, int k)
{
	snap_path base;

	if (ref->statement == SIZE_MAX && ref->position == SIZE_MAX)
		return stance_snapshot__path_format("$.aliases[].entity");
	if (ref->statement == SIZE_MAX)
		return stance_snapshot__path_format("$.issues[%zu].parent", ref->position);
	base = stance_snapshot__path_index("$.statements", ref->statement);
	if (k == KNOWN_PARTY)
		return stance_snapshot__path_member(base.s, "party");
	return stance_snapshot__path_format("%s.positions[%zu].issue", base.s, ref->position);
}

static int resolve(struct snap_load *l, int k)
{
	struct refs *r = k == KNOWN_PARTY ? &l->parties : &l->issues;

	for (size_t i = 0; i < r->n; i++) {
		/* an alias's own entity is looked up where the alias is used */
		size_t at = find_known(l, k, r->v[i].slug);

		if (at == SIZE_MAX && (r->v[i].statement != SIZE_MAX || r->v[i].position != SIZE_MAX))
			return stance_snapshot__fail(STANCE_ENOTFOUND, ref_path(&r->v[i], k).s,
						     "unknown %s '%s'", k == KNOWN_PARTY ? "party" :
						     "issue", r->v[i].slug);
		r->v[i].resolved = at;
	}
	return 0;
}

static int compare_code(const void *a, const void *b)
{
	const struct agree_code *x = a, *y = b;
	int cmp = memcmp(x->id, y->id, 16);

	return cmp ? cmp : (x->issue > y->issue) - (x->issue < y->issue);
}

/* Two slugs of one issue (its own and a former one) in one statement are
 * one issue given twice, as for an import. */
static int check_codes_distinct(stance_coder *c)
{
	if (c->ncodes)
		qsort(c->codes, c->ncodes, sizeof(*c->codes), compare_code);
	for (size_t i = 1; i < c->ncodes; i++)
		if (compare_code(&c->codes[i - 1], &c->codes[i]) == 0) {
			char id[37];

			stance_agreement__uuid_text(id, c->codes[i].id);
			return stance__error(STANCE_EEXISTS, "$.statements: statement %s gives issue "
					     "'%s' twice (by two of its slugs): a statement has at "
					     "most one position per issue", id,
					     c->issues[c->codes[i].issue]);
		}
	return 0;
}

/* The coder's issues by slug, with their parents, and each code's issue
 * the index among them; then the statements' ids, which must not repeat. */
static int finish_snapshot(struct snap_load *l)
{
	const struct refs *known = &l->known[KNOWN_ISSUE];
	size_t *rank = malloc((known->n + 1) * sizeof(*rank));
	stance_coder *c = l->c;
	int rc = rank ? issues_alloc(c, known->n) : stance__error(STANCE_ENOMEM, "out of memory");

	for (size_t i = 0; !rc && i < known->n; i++) {
		const struct ref *issue = &known->v[known->by_slug[i]];
		size_t parent = issue->resolved == SIZE_MAX ? SIZE_MAX :
				l->issues.v[issue->resolved].resolved;

		rank[known->by_slug[i]] = i;
		c->issues[i] = stance__strdup(issue->slug);
		c->parents[i] = parent == SIZE_MAX ? NULL : stance__strdup(known->v[parent].slug);
		c->nissues++;
		if (!c->issues[i] || (parent != SIZE_MAX && !c->parents[i]))
			rc = stance__error(STANCE_ENOMEM, "out of memory");
	}
	for (size_t i = 0; !rc && i < c->ncodes; i++)
		c->codes[i].issue = (uint32_t)rank[l->issues.v[c->codes[i].issue].resolved];
	free(rank);
	for (size_t i = 0; !rc && i < l->aliases[KNOWN_ISSUE].n; i++) {
		const struct ref *alias = &l->aliases[KNOWN_ISSUE].v[i];
		size_t to = l->issues.v[alias->resolved].resolved;

		if (to != SIZE_MAX)
			rc = add_alias(c, alias->slug, known->v[to].slug);
	}
	if (!rc && l->aliases[KNOWN_ISSUE].n)
		rc = check_codes_distinct(c);
	if (!rc && l->nids)
		qsort(l->ids, l->nids, sizeof(*l->ids), compare_bytes);
	for (size_t i = 1; !rc && i < l->nids; i++)
		if (memcmp(l->ids[i - 1], l->ids[i], 16) == 0) {
			char id[37];

			stance_agreement__uuid_text(id, l->ids[i]);
			rc = stance__error(STANCE_EEXISTS, "$.statements: duplicate id %s (the snapshot "
					   "gives this statement twice)", id);
		}
	return rc;
}

static int load_snapshot(stance_coder *c, FILE *in)
{
	struct snap_load l;
	int rc;

	memset(&l, 0, sizeof(l));
	l.c = c;
	l.version = 1;
	stance_timestamp_now(l.now);
	rc = stance_jsr__new(&l.r, in);
	if (rc)
		rc = stance__error(rc, "out of memory");
	if (!rc)
		rc = read_document(&l);
	if (!rc)
		rc = resolve(&l, KNOWN_PARTY);
	if (!rc)
		rc = resolve(&l, KNOWN_ISSUE);
	if (!rc)
		rc = finish_snapshot(&l);
	load_free(&l);
	return rc;
}

/* ---- either ---------------------------------------------------------- */

/* Whether the file begins as every SQLite database does. */
static int is_sqlite(FILE *f)
{
	static const char header[16] = "SQLite format 3";
	char got[16];
	int yes = fread(got, 1, sizeof(got), f) == sizeof(got) &&
		  memcmp(got, header, sizeof(got)) == 0;

	rewind(f);
	return yes;
}

static int load_snapshot_from(stance_coder *c, void *in)
{
	return load_snapshot(c, in);
}

int stance_coder_from_snapshot(stance_coder **out, FILE *in)
{
	return coder_make(out, load_snapshot_from, in);
}

int stance_coder_load(stance_coder **out, const char *path)
{
	int stdin_ = strcmp(path, "-") == 0, rc;
	struct stat st;
	FILE *f;

	stance__error_clear();
	*out = NULL;
	f = stdin_ ? stdin : fopen(path, "rb");
	if (!f)
		return stance__error(STANCE_ENODB, "cannot open '%s': %s", path, strerror(errno));
	if (!stdin_ && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return stance__error(STANCE_ENODB, "cannot open '%s': %s", path, strerror(EISDIR));
	}
	if (!stdin_ && is_sqlite(f)) {
		/* the database's messages name its path already */
		fclose(f);
		return open_db(out, path);
	}
	rc = stance_coder_from_snapshot(out, f);
	if (!stdin_)
		fclose(f);
	return rc ? stance_snapshot__at_path(rc, path) : 0;
}
