/*
 * statement.c - recording, coding, retracting and reading statements and
 * their positions.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <jansson.h>

#include "bargain-internal.h"
#include "common-internal.h"
#include "entity-internal.h"
#include "statement-internal.h"

const char *const stance_statement_kinds[] = {
	"quote", "paraphrase", "proposal", "report", NULL
};

static const char *const stance_names[] = {
	"strongly-oppose", "oppose", "neutral", "support", "strongly-support"
};
static const char *const stance_symbols[] = { "--", "-", "0", "+", "++" };

const char *stance_stance_name(int value)
{
	if (value < STANCE_MIN || value > STANCE_MAX)
		return NULL;
	return stance_names[value - STANCE_MIN];
}

const char *stance_stance_symbol(int value)
{
	if (value < STANCE_MIN || value > STANCE_MAX)
		return NULL;
	return stance_symbols[value - STANCE_MIN];
}

int stance_stance_parse(int *value, int *red_line, const char *text)
{
	size_t len = text ? strlen(text) : 0;
	int flag = STANCE_RED_LINE_UNSTATED;

	if (red_line && len > 0 && (text[len - 1] == '!' || text[len - 1] == '~')) {
		flag = text[len - 1] == '!' ? STANCE_RED_LINE_YES : STANCE_RED_LINE_NO;
		len--;
	}
	for (int i = 0; i <= STANCE_MAX - STANCE_MIN; i++) {
		if ((strlen(stance_names[i]) == len && strncmp(stance_names[i], text, len) == 0) ||
		    (strlen(stance_symbols[i]) == len && strncmp(stance_symbols[i], text, len) == 0)) {
			*value = i + STANCE_MIN;
			if (red_line)
				*red_line = flag;
			return 0;
		}
	}
	if (text && !stance__utf8_valid(text, strlen(text)))
		return stance__error(STANCE_EINVALID, "invalid stance: not valid UTF-8");
	return stance__error(STANCE_EINVALID,
			     "invalid stance '%s' (choose from: strongly-oppose, oppose, neutral, "
			     "support, strongly-support, or --, -, 0, +, ++%s)",
			     text ? text : "",
			     red_line ? "; a trailing ! marks a red line, ~ a stance open to "
			     "negotiation" : "");
}

int stance_point_stance(double point)
{
	double d = point - 50;
	int sign = d > 0 ? 1 : -1;

	if (fabs(d) <= 12.5)
		return 0;
	return fabs(d) <= 37.5 ? sign : 2 * sign;
}

/* Reads "@POINT" (at most the end of text) into *point. */
static int parse_point(double *point, const char *text, size_t len, const char *spec)
{
	char buf[64], *end;

	if (len == 0 || len >= sizeof(buf))
		goto bad;
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (!(isdigit((unsigned char)buf[0]) || buf[0] == '.'))
		goto bad;
	errno = 0;
	*point = strtod(buf, &end);
	if (*end || errno || !(*point >= 0 && *point <= 100))
		goto bad;
	return 0;
bad:
	return stance__error(STANCE_EINVALID, "invalid point in position '%s' (a number from 0 "
			     "to 100 after '@')", spec);
}

/* STANCE, @POINT or STANCE@POINT, then "!", "~" or nothing. */
static int parse_position_value(stance_position *out, const char *text, const char *spec)
{
	const char *at = strchr(text, '@');
	size_t len = strlen(text), plen;
	int rc, point_stance;

	if (!at)
		return stance_stance_parse(&out->stance, &out->red_line, text);
	plen = len - (size_t)(at + 1 - text);
	if (plen && (text[len - 1] == '!' || text[len - 1] == '~')) {
		out->red_line = text[len - 1] == '!' ? STANCE_RED_LINE_YES : STANCE_RED_LINE_NO;
		plen--;
	}
	rc = parse_point(&out->point, at + 1, plen, spec);
	if (rc)
		return rc;
	out->has_point = 1;
	point_stance = stance_point_stance(out->point);
	if (at == text) {
		out->stance = point_stance;
		return 0;
	}
	{
		char *name = strndup(text, (size_t)(at - text));

		if (!name)
			return stance__error(STANCE_ENOMEM, "out of memory");
		rc = stance_stance_parse(&out->stance, NULL, name);
		free(name);
	}
	if (!rc && out->stance != point_stance)
		rc = stance__error(STANCE_EINVALID, "position '%s': point %g means %s, not %s",
				   spec, out->point, stance_stance_name(point_stance),
				   stance_stance_name(out->stance));
	return rc;
}

int stance_position_parse(stance_position *out, const char *spec)
{
	const char *eq = spec ? strchr(spec, '=') : NULL;
	char *issue = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!eq) {
		if (spec && !stance__utf8_valid(spec, strlen(spec)))
			return stance__error(STANCE_EINVALID, "invalid position: not valid UTF-8");
		return stance__error(STANCE_EINVALID,
				     "invalid position '%s' (expected ISSUE=STANCE, ISSUE=@POINT or "
				     "ISSUE=STANCE@POINT, e.g. crimea-recognition=--!)",
				     spec ? spec : "");
	}
	issue = strndup(spec, (size_t)(eq - spec));
	if (!issue)
		return stance__error(STANCE_ENOMEM, "out of memory");
	if (!*issue)
		rc = stance__error(STANCE_EINVALID,
				   "invalid position '%s': no issue before '='", spec);
	else
		rc = stance_check_slug("issue in position", issue);
	if (!rc && !eq[1])
		rc = stance__error(STANCE_EINVALID,
				   "invalid position '%s': no stance after '='", spec);
	if (!rc)
		rc = parse_position_value(out, eq + 1, spec);
	if (rc) {
		free(issue);
		memset(out, 0, sizeof(*out));
		return rc;
	}
	out->issue = issue;
	return 0;
}

void stance_position_clear(stance_position *p)
{
	if (!p)
		return;
	free(p->issue);
	free(p->condition);
	p->issue = NULL;
	p->condition = NULL;
}

/* Attaches the condition "ISSUE=TEXT" to its position. */
static int attach_condition(stance_position *pos, size_t npos, const char *spec)
{
	const char *eq = strchr(spec, '=');
	size_t len = eq ? (size_t)(eq - spec) : 0;

	if (!eq || len == 0)
		return stance__error(STANCE_EINVALID, "invalid condition '%s' (expected ISSUE=TEXT)",
				     spec);
	for (size_t i = 0; i < npos; i++) {
		if (strlen(pos[i].issue) != len || strncmp(pos[i].issue, spec, len) != 0)
			continue;
		if (pos[i].condition)
			return stance__error(STANCE_EINVALID, "issue '%s' has two conditions",
					     pos[i].issue);
		pos[i].condition = stance__strdup(eq + 1);
		return pos[i].condition ? 0 : stance__error(STANCE_ENOMEM, "out of memory");
	}
	return stance__error(STANCE_EINVALID, "condition '%s' names issue '%.*s', which no "
			     "position of the statement codes", spec, (int)len, spec);
}

int stance_statement__attach_conditions(stance_position *pos, size_t n,
					const char *const *conditions, size_t nconditions)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < nconditions; i++)
		rc = attach_condition(pos, n, conditions[i]);
	return rc;
}

int stance_position_list_parse(stance_position **out, const char *const *specs, size_t n,
			   const char *const *conditions, size_t nconditions)
{
	stance_position *pos = calloc(n + 1, sizeof(*pos));
	int rc = pos ? 0 : stance__error(STANCE_ENOMEM, "out of memory");

	*out = NULL;
	for (size_t i = 0; !rc && i < n; i++)
		rc = stance_position_parse(&pos[i], specs[i]);
	if (!rc)
		rc = stance_statement__attach_conditions(pos, n, conditions, nconditions);
	if (rc) {
		stance_position_list_free(pos, n);
		return rc;
	}
	*out = pos;
	return 0;
}

void stance_position_list_free(stance_position *pos, size_t n)
{
	for (size_t i = 0; pos && i < n; i++)
		stance_position_clear(&pos[i]);
	free(pos);
}

void stance_statement__retraction_free(stance_retraction *r)
{
	if (!r)
		return;
	free(r->at);
	free(r->by);
	free(r->reason);
	free(r);
}

stance_retraction *stance_statement__column_retraction(sqlite3_stmt *stmt, int i, int *rc)
{
	stance_retraction *r;

	if (sqlite3_column_type(stmt, i) == SQLITE_NULL)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r) {
		*rc = STANCE_ENOMEM;
		return NULL;
	}
	r->at = stance_db__column_dup(stmt, i, rc);
	r->by = stance_db__column_dup(stmt, i + 1, rc);
	r->reason = stance_db__column_dup(stmt, i + 2, rc);
	return r;
}

/* Frees what st owns, not st itself. */
static void statement_clear(stance_statement *st)
{
	free(st->id);
	free(st->said_on);
	free(st->recorded_at);
	free(st->party);
	free(st->actor);
	free(st->kind);
	free(st->text);
	free(st->source);
	free(st->url);
	free(st->recorded_by);
	stance_statement__retraction_free(st->retracted);
	for (size_t i = 0; i < st->npositions; i++)
		stance_position_clear(&st->positions[i]);
	free(st->positions);
	memset(st, 0, sizeof(*st));
}

void stance_statement_free(stance_statement *st)
{
	if (!st)
		return;
	statement_clear(st);
	free(st);
}

int stance_check_uuid(const char *what, const char *id)
{
	size_t len = id ? strlen(id) : 0;

	if (len == STANCE_UUID_LEN) {
		size_t i;

		for (i = 0; i < len; i++) {
			int hyphen = i == 8 || i == 13 || i == 18 || i == 23;

			if (hyphen ? id[i] != '-' :
				     !((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
				break;
		}
		if (i == len)
			return 0;
	}
	if (id && !stance__utf8_valid(id, len))
		return stance__error(STANCE_EINVALID, "invalid %s: not valid UTF-8", what);
	return stance__error(STANCE_EINVALID,
			     "invalid %s '%s' (expected a lowercase UUID such as "
			     "0f8fad5b-d9cb-469f-a165-70867728950e)", what, id ? id : "");
}

/* A version 4 UUID from the OS's random source. */
int stance_statement__uuid_v4(char out[STANCE_UUID_LEN + 1])
{
	unsigned char b[16];
	size_t got = 0;

	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return stance__error(STANCE_EIO, "cannot read random bytes: %s",
					     strerror(errno));
		}
		got += (size_t)n;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, STANCE_UUID_LEN + 1,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
		 b[12], b[13], b[14], b[15]);
	return 0;
}

static int check_kind(const char *kind)
{
	for (const char *const *k = stance_statement_kinds; *k; k++)
		if (strcmp(*k, kind) == 0)
			return 0;
	if (!stance__utf8_valid(kind, strlen(kind)))
		return stance__error(STANCE_EINVALID, "invalid statement kind: not valid UTF-8");
	return stance__error(STANCE_EINVALID,
			     "invalid statement kind '%s' (choose from: quote, paraphrase, "
			     "proposal, report)", kind);
}

/* A point on the scale, agreeing with the stance (design §1). */
static int check_point(const stance_position *p)
{
	if (!(p->point >= 0 && p->point <= 100))
		return stance__error(STANCE_EINVALID, "invalid point %g on issue '%s' (0 to 100)",
				     p->point, p->issue);
	{
		char buf[32];

		/* snapshots write points with 15 significant digits, so that 33.3
		 * reads "33.3"; a point needs no more to be read back exactly */
		snprintf(buf, sizeof(buf), "%.15g", p->point);
		if (strtod(buf, NULL) != p->point)
			return stance__error(STANCE_EINVALID, "invalid point %.17g on issue '%s' (at "
					     "most 15 significant digits)", p->point, p->issue);
	}
	if (stance_point_stance(p->point) != p->stance)
		return stance__error(STANCE_EINVALID, "point %g on issue '%s' means %s, not %s",
				     p->point, p->issue,
				     stance_stance_name(stance_point_stance(p->point)),
				     stance_stance_name(p->stance));
	return 0;
}

int stance_statement__validate_position(const stance_position *p, const char **member)
{
	const char *m = "stance";
	int rc = 0;

	if (p->stance < STANCE_MIN || p->stance > STANCE_MAX)
		rc = stance__error(STANCE_EINVALID, "invalid stance value %d on issue '%s'",
				   p->stance, p->issue);
	else if (p->red_line < STANCE_RED_LINE_NO || p->red_line > STANCE_RED_LINE_YES)
		rc = stance__error(STANCE_EINVALID, "invalid red-line flag %d on issue '%s'",
				   p->red_line, p->issue);
	else if (p->has_point && (rc = check_point(p)))
		m = "point";
	if (!rc && (rc = stance_check_slug("issue", p->issue)))
		m = "issue";
	if (!rc && p->condition && (rc = stance_check_text("condition", p->condition)))
		m = "condition";
	if (rc && member)
		*member = m;
	return rc;
}

struct issue_at {
	sqlite3_int64 id;
	size_t index;
};

static int compare_issue_at(const void *a, const void *b)
{
	const struct issue_at *x = a, *y = b;

	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->index > y->index) - (x->index < y->index);
}

int stance_statement__repeated_issue(const sqlite3_int64 *ids, size_t n, size_t *at,
				     size_t *first)
{
	struct issue_at *sorted = calloc(n + 1, sizeof(*sorted));
	int found = 0;

	if (!sorted)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t k = 0; k < n; k++)
		sorted[k] = (struct issue_at){ ids[k], k };
	qsort(sorted, n, sizeof(*sorted), compare_issue_at);
	/* Sorted by id, then index: in each run of one id, the second is the
	 * first position to repeat it and the run's first is where it came
	 * first. The earliest repeat over all runs is the answer. */
	for (size_t k = 1; k < n; k++) {
		if (sorted[k].id != sorted[k - 1].id ||
		    (k >= 2 && sorted[k - 2].id == sorted[k].id))
			continue;
		if (!found || sorted[k].index < *at) {
			*at = sorted[k].index;
			*first = sorted[k - 1].index;
			found = 1;
		}
	}
	free(sorted);
	return found;
}

/* Checks positions that are about to be added to a statement: syntax,
 * existing issues, one position per issue. ids receives the issue row ids.
 * The error is the one of the first position that breaks a rule, a repeat
 * included, as if each were checked against those before it in turn. */
static int check_positions(stance_db *db, const stance_position *pos, size_t n,
			   sqlite3_int64 *ids)
{
	size_t checked = 0, at = 0, first = 0;
	int rc = 0, repeated;

	for (; checked < n; checked++) {
		rc = stance_statement__validate_position(&pos[checked], NULL);
		if (!rc)
			rc = stance_entity__id(db, STANCE_ISSUE, pos[checked].issue, &ids[checked]);
		if (rc)
			break;
	}
	/* a repeat among the positions before a broken one comes first */
	repeated = stance_statement__repeated_issue(ids, checked, &at, &first);
	if (repeated < 0)
		return repeated;
	if (repeated)
		return stance__error(STANCE_EEXISTS,
				     "issue '%s' is given twice: a statement has at most one "
				     "position per issue", pos[at].issue);
	return rc;
}

static const char *const sql_insert_position =
	"INSERT INTO position (statement_id, issue_id, stance, red_line, condition, point)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* The stored red_line: NULL when not stated, else 0 or 1. */
static void bind_position(sqlite3_stmt *stmt, const stance_position *p)
{
	sqlite3_bind_int(stmt, 3, p->stance);
	if (p->red_line == STANCE_RED_LINE_UNSTATED)
		sqlite3_bind_null(stmt, 4);
	else
		sqlite3_bind_int(stmt, 4, p->red_line == STANCE_RED_LINE_YES);
	stance_db__bind_text(stmt, 5, p->condition);
	if (p->has_point)
		sqlite3_bind_double(stmt, 6, p->point);
	else
		sqlite3_bind_null(stmt, 6);
}

/* The red_line of a position column read back. */
static int column_red_line(sqlite3_stmt *stmt, int i)
{
	if (sqlite3_column_type(stmt, i) == SQLITE_NULL)
		return STANCE_RED_LINE_UNSTATED;
	return sqlite3_column_int(stmt, i) ? STANCE_RED_LINE_YES : STANCE_RED_LINE_NO;
}

static int insert_positions(stance_db *db, sqlite3_int64 statement, const stance_position *pos,
			    const sqlite3_int64 *ids, size_t n)
{
	sqlite3_stmt *stmt;
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		rc = stance_db__prepare(db, &stmt, sql_insert_position);
		if (rc)
			break;
		sqlite3_bind_int64(stmt, 1, statement);
		sqlite3_bind_int64(stmt, 2, ids[i]);
		bind_position(stmt, &pos[i]);
		rc = stance_db__exec_stmt(db, stmt, "adding a position");
	}
	return rc;
}

static int check_retraction(const stance_retraction *r, char at[STANCE_TIMESTAMP_LEN + 1])
{
	int rc = stance_check_text("retracted by", r->by);

	if (!rc)
		rc = stance_check_text("retraction reason", r->reason);
	if (!rc) {
		if (r->at && *r->at)
			rc = stance_timestamp_normalize(at, "retraction time", r->at);
		else
			stance_timestamp_now(at);
	}
	return rc;
}

/* Resolves the party and actor of a new statement: the actor's party when
 * only the actor is given, and a party that contradicts it is refused.
 * *member names the one at fault. */
static int resolve_speaker(stance_db *db, const stance_record_options *st, sqlite3_int64 *party,
			   sqlite3_int64 *actor, const char **member)
{
	stance_entity *a = NULL;
	int rc;

	*actor = 0;
	*member = "party";
	if (!st->actor) {
		if (!st->party)
			return stance__error(STANCE_EINVALID, "a statement needs a party or an actor");
		rc = stance_check_slug("party", st->party);
		return rc ? rc : stance_entity__id(db, STANCE_PARTY, st->party, party);
	}
	if (st->party && (rc = stance_check_slug("party", st->party)))
		return rc;
	*member = "actor";
	rc = stance_check_slug("actor", st->actor);
	if (!rc)
		rc = stance_entity_get(&a, db, STANCE_ACTOR, st->actor);
	if (!rc)
		rc = stance_entity__id(db, STANCE_PARTY, a->field[STANCE_ACTOR_PARTY], party);
	/* by the entity, so that a former slug of the actor's party agrees */
	if (!rc && st->party) {
		sqlite3_int64 given;

		*member = "party";
		rc = stance_entity__id(db, STANCE_PARTY, st->party, &given);
		if (!rc && given != *party)
			rc = stance__error(STANCE_EINVALID,
					   "party '%s' contradicts actor '%s', who speaks for '%s'",
					   st->party, st->actor, a->field[STANCE_ACTOR_PARTY]);
	}
	if (!rc)
		rc = stance_entity__id(db, STANCE_ACTOR, st->actor, actor);
	stance_entity_free(a);
	return rc;
}

static const char *const sql_insert_statement =
	"INSERT INTO statement (uuid, party_id, actor_id, said_on, kind, text, source_id, url,"
	" credibility, recorded_by, recorded_at, retracted_at, retracted_by, retraction_reason)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
static const char *const sql_insert_fts =
	"INSERT INTO statement_fts (rowid, text) VALUES (?1, ?2)";

/* 0 means none. */
static int check_credibility(int credibility)
{
	if (credibility < 0 || credibility > 6)
		return stance__error(STANCE_EINVALID, "invalid credibility %d (choose from 1 to 6)",
				     credibility);
	return 0;
}

void stance_statement__options(stance_record_options *out, const stance_statement *st)
{
	*out = (stance_record_options){
		.version = STANCE_RECORD_OPTIONS_VERSION,
		.id = st->id, .party = st->party, .actor = st->actor, .said_on = st->said_on,
		.kind = st->kind, .text = st->text, .source = st->source, .url = st->url,
		.credibility = st->credibility, .recorded_by = st->recorded_by,
		.recorded_at = st->recorded_at,
		.positions = st->positions, .npositions = st->npositions,
	};
}

int stance_statement__validate(const stance_record_options *st,
			       const stance_retraction *retracted, char recorded_at[25],
			       char retracted_at[25], const char **member)
{
	const char *m = NULL;
	int rc = 0;

	/* the first rule broken names its snapshot member */
	if (st->id && (rc = stance_check_uuid("statement id", st->id)))
		m = "id";
	else if ((rc = stance_check_date("date", st->said_on)))
		m = "said_on";
	else if (st->kind && (rc = check_kind(st->kind)))
		m = "kind";
	else if ((rc = stance_check_text("statement text", st->text)))
		m = "text";
	else if (st->url && (rc = stance_check_text("url", st->url)))
		m = "url";
	else if (st->source && (rc = stance_check_slug("source", st->source)))
		m = "source";
	else if ((rc = check_credibility(st->credibility)))
		m = "credibility";
	else if ((rc = stance_check_text("analyst (recorded_by)", st->recorded_by)))
		m = "recorded_by";
	else if (st->recorded_at &&
		 (rc = stance_timestamp_normalize(recorded_at, "recorded_at", st->recorded_at)))
		m = "recorded_at";
	else if (retracted && (rc = check_retraction(retracted, retracted_at)))
		m = "retracted";
	if (!rc && !st->recorded_at)
		stance_timestamp_now(recorded_at);
	if (member)
		*member = m;
	return rc;
}

int stance_statement__insert(stance_db *db, const stance_record_options *st,
			     const stance_retraction *retracted, const char *id,
			     const char *recorded_at, const char *retracted_at,
			     const stance_statement_refs *refs)
{
	sqlite3_int64 rowid;
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_insert_statement);

	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, refs->party);
	if (refs->actor)
		sqlite3_bind_int64(stmt, 3, refs->actor);
	stance_db__bind_text(stmt, 4, st->said_on);
	stance_db__bind_text(stmt, 5, st->kind ? st->kind : stance_statement_kinds[0]);
	stance_db__bind_text(stmt, 6, st->text);
	if (refs->source)
		sqlite3_bind_int64(stmt, 7, refs->source);
	stance_db__bind_text(stmt, 8, st->url);
	if (st->credibility)
		sqlite3_bind_int(stmt, 9, st->credibility);
	stance_db__bind_text(stmt, 10, st->recorded_by);
	stance_db__bind_text(stmt, 11, recorded_at);
	if (retracted) {
		stance_db__bind_text(stmt, 12, retracted_at);
		stance_db__bind_text(stmt, 13, retracted->by);
		stance_db__bind_text(stmt, 14, retracted->reason);
	}
	rc = stance_db__exec_stmt(db, stmt, "recording the statement");
	if (rc)
		return rc;
	rowid = sqlite3_last_insert_rowid(db->conn);
	rc = stance_db__prepare(db, &stmt, sql_insert_fts);
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	stance_db__bind_text(stmt, 2, st->text);
	rc = stance_db__exec_stmt(db, stmt, "indexing the statement text");
	if (!rc)
		rc = insert_positions(db, rowid, st->positions, refs->issues, st->npositions);
	return rc;
}

int stance_statement_record(char out_id[STANCE_UUID_LEN + 1], stance_db *db,
			    const stance_record_options *st)
{
	const char *member;

	stance__error_clear();
	return stance_statement__record(out_id, db, st, &member);
}

/* The references of st resolved into refs (issue_ids, st->npositions of
 * them, the caller's); *member names the one at fault. */
static int resolve_refs(stance_db *db, const stance_record_options *st,
			stance_statement_refs *refs, sqlite3_int64 *issue_ids, const char **member)
{
	int rc = resolve_speaker(db, st, &refs->party, &refs->actor, member);

	refs->source = 0;
	refs->issues = issue_ids;
	if (!rc && st->source) {
		*member = "source";
		rc = stance_entity__id(db, STANCE_SOURCE, st->source, &refs->source);
	}
	if (!rc) {
		*member = "positions";
		rc = check_positions(db, st->positions, st->npositions, issue_ids);
	}
	return rc;
}

int stance_statement__record(char out_id[STANCE_UUID_LEN + 1], stance_db *db,
			     const stance_record_options *st, const char **member)
{
	char id[STANCE_UUID_LEN + 1], recorded_at[25], retracted_at[25];
	sqlite3_int64 *issue_ids = NULL;
	stance_statement_refs refs;
	int own = 0, rc;

	*member = NULL;
	rc = stance__check_version(st->version, STANCE_RECORD_OPTIONS_VERSION,
				   "stance_record_options");
	if (!rc)
		rc = stance_statement__validate(st, NULL, recorded_at, retracted_at, member);
	if (rc)
		return rc;
	issue_ids = calloc(st->npositions + 1, sizeof(*issue_ids));
	if (!issue_ids)
		return stance__error(STANCE_ENOMEM, "out of memory");
	rc = stance_db__write_begin(db, &own);
	if (!rc)
		rc = resolve_refs(db, st, &refs, issue_ids, member);
	if (rc)
		goto done;
	*member = "id";
	if (st->id) {
		memcpy(id, st->id, sizeof(id));
		/* an id names one record, whatever its kind */
		rc = stance_bargain__id_free(db, id, "statement");
		if (rc)
			goto done;
	} else {
		rc = stance_statement__uuid_v4(id);
		if (rc)
			goto done;
	}
	*member = NULL;
	rc = stance_statement__insert(db, st, NULL, id, recorded_at, retracted_at, &refs);
done:
	free(issue_ids);
	rc = stance_db__write_end(db, own, rc);
	if (!rc && out_id)
		memcpy(out_id, id, sizeof(id));
	return rc;
}

static const char *const sql_resolve =
	"SELECT uuid FROM statement WHERE uuid >= ?1 AND uuid < ?1 || '~' ORDER BY uuid LIMIT 11";

int stance_statement_resolve(char out_id[STANCE_UUID_LEN + 1], stance_db *db, const char *prefix)
{
	stance__error_clear();
	return stance_db__resolve_id(out_id, db, sql_resolve, "statement", prefix);
}

static const char *const sql_statement_state =
	"SELECT id, retracted_at FROM statement WHERE uuid = ?1";

/* The row id of a statement and whether it is retracted. */
int stance_statement__state(stance_db *db, const char *id, sqlite3_int64 *rowid, int *retracted)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql_statement_state), src;

	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, id);
	src = sqlite3_step(stmt);
	if (src == SQLITE_ROW) {
		*rowid = sqlite3_column_int64(stmt, 0);
		*retracted = sqlite3_column_type(stmt, 1) != SQLITE_NULL;
	} else if (src == SQLITE_DONE) {
		rc = stance__error(STANCE_ENOTFOUND, "no statement with id '%s'", id);
	} else {
		rc = stance__error_sqlite(db->conn, src, "reading a statement");
	}
	sqlite3_reset(stmt);
	return rc;
}

/* ---- corrections (revision.c) ---------------------------------------- */

#define SET_STATEMENT(c) "UPDATE statement SET " c " = ?2 WHERE id = ?1"

static const char sql_fts_delete[] =
	"INSERT INTO statement_fts (statement_fts, rowid, text)"
	" SELECT 'delete', id, text FROM statement WHERE id = ?1";
static const char sql_fts_insert[] =
	"INSERT INTO statement_fts (rowid, text) SELECT id, text FROM statement WHERE id = ?1";
static const char sql_unretract[] =
	"UPDATE statement SET retracted_at = NULL, retracted_by = NULL, retraction_reason = NULL"
	" WHERE id = ?1";
static const char sql_set_retracted[] =
	"UPDATE statement SET retracted_at = ?2, retracted_by = ?3, retraction_reason = ?4"
	" WHERE id = ?1";

/* The text members of a statement and their columns; references (party,
 * actor, source) are stored as row ids. */
static const struct {
	const char *member;
	const char *sql;
	int ref;                 /* an entity type + 1, or 0 */
	int optional;
} statement_members[] = {
	{ "party", SET_STATEMENT("party_id"), STANCE_PARTY + 1, 0 },
	{ "actor", SET_STATEMENT("actor_id"), STANCE_ACTOR + 1, 1 },
	{ "said_on", SET_STATEMENT("said_on"), 0, 0 },
	{ "kind", SET_STATEMENT("kind"), 0, 0 },
	{ "text", SET_STATEMENT("text"), 0, 0 },
	{ "source", SET_STATEMENT("source_id"), STANCE_SOURCE + 1, 1 },
	{ "url", SET_STATEMENT("url"), 0, 1 },
};

static int run_on_row(stance_db *db, const char *sql, sqlite3_int64 rowid, const char *what)
{
	sqlite3_stmt *stmt;
	int rc = stance_db__prepare(db, &stmt, sql);

	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	return stance_db__exec_stmt(db, stmt, what);
}

/* Checks a new value of a text member of a statement. */
static int check_member(const char *member, const char *v)
{
	if (strcmp(member, "said_on") == 0)
		return stance_check_date("date", v);
	if (strcmp(member, "kind") == 0)
		return check_kind(v);
	if (strcmp(member, "text") == 0)
		return stance_check_text("statement text", v);
	if (strcmp(member, "url") == 0)
		return stance_check_text("url", v);
	return stance_check_slug(member, v);
}

int stance_statement__set_text(stance_db *db, sqlite3_int64 rowid, const char *member,
			       const char *v)
{
	sqlite3_stmt *stmt;
	sqlite3_int64 ref = 0;
	size_t i = 0, n = sizeof(statement_members) / sizeof(statement_members[0]);
	int text, rc;

	while (i < n && strcmp(statement_members[i].member, member) != 0)
		i++;
	if (i == n)
		return stance__error(STANCE_EINVALID, "unknown statement member '%s'", member);
	if (!v && !statement_members[i].optional)
		return stance__error(STANCE_EINVALID, "statement %s cannot be null", member);
	rc = v ? check_member(member, v) : 0;
	if (!rc && v && statement_members[i].ref)
		rc = stance_entity__id(db, (stance_entity_type)(statement_members[i].ref - 1), v, &ref);
	text = strcmp(member, "text") == 0;
	if (!rc && text)
		rc = run_on_row(db, sql_fts_delete, rowid, "unindexing the statement text");
	if (!rc)
		rc = stance_db__prepare(db, &stmt, statement_members[i].sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	if (statement_members[i].ref && v)
		sqlite3_bind_int64(stmt, 2, ref);
	else
		stance_db__bind_text(stmt, 2, v);
	rc = stance_db__exec_stmt(db, stmt, "amending the statement");
	if (!rc && text)
		rc = run_on_row(db, sql_fts_insert, rowid, "indexing the statement text");
	return rc;
}

int stance_statement__set_credibility(stance_db *db, sqlite3_int64 rowid, int credibility)
{
	sqlite3_stmt *stmt;
	int rc = check_credibility(credibility);

	if (!rc)
		rc = stance_db__prepare(db, &stmt, SET_STATEMENT("credibility"));
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	if (credibility)
		sqlite3_bind_int(stmt, 2, credibility);
	else
		sqlite3_bind_null(stmt, 2);
	return stance_db__exec_stmt(db, stmt, "amending the statement");
}

int stance_statement__set_retracted(stance_db *db, sqlite3_int64 rowid,
				    const stance_retraction *r)
{
	char at[STANCE_TIMESTAMP_LEN + 1];
	sqlite3_stmt *stmt;
	int rc;

	if (!r)
		return run_on_row(db, sql_unretract, rowid, "undoing the retraction");
	rc = check_retraction(r, at);
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_set_retracted);
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	stance_db__bind_text(stmt, 2, at);
	stance_db__bind_text(stmt, 3, r->by);
	stance_db__bind_text(stmt, 4, r->reason);
	return stance_db__exec_stmt(db, stmt, "retracting the statement");
}

static const char sql_delete_position[] =
	"DELETE FROM position WHERE statement_id = ?1 AND issue_id = ?2";
static const char sql_update_position[] =
	"UPDATE position SET stance = ?3, red_line = ?4, condition = ?5, point = ?6"
	" WHERE statement_id = ?1 AND issue_id = ?2";
static const char sql_has_position[] =
	"SELECT 1 FROM position WHERE statement_id = ?1 AND issue_id = ?2";

int stance_statement__set_position(stance_db *db, sqlite3_int64 rowid, sqlite3_int64 issue,
				   const stance_position *p)
{
	sqlite3_stmt *stmt;
	int found = 0, rc = p ? stance_statement__validate_position(p, NULL) : 0;

	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_has_position);
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	sqlite3_bind_int64(stmt, 2, issue);
	rc = stance_db__exists(db, stmt, &found, "reading the statement's positions");
	if (!rc)
		rc = stance_db__prepare(db, &stmt, !p ? sql_delete_position :
					found ? sql_update_position : sql_insert_position);
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	sqlite3_bind_int64(stmt, 2, issue);
	if (p)
		bind_position(stmt, p);
	return stance_db__exec_stmt(db, stmt, "coding the statement");
}

#define STATEMENT_COLUMNS \
	"SELECT s.id, s.uuid, p.slug, a.slug, s.said_on, s.kind, s.text, src.slug, s.url," \
	" s.credibility, s.recorded_by, s.recorded_at, s.retracted_at, s.retracted_by," \
	" s.retraction_reason" \
	" FROM statement AS s JOIN party AS p ON p.id = s.party_id" \
	" LEFT JOIN actor AS a ON a.id = s.actor_id" \
	" LEFT JOIN source AS src ON src.id = s.source_id"

static const char *const sql_get = STATEMENT_COLUMNS " WHERE s.uuid = ?1";

/* Filters are optional parameters, so one prepared statement serves every
 * combination; sets of slugs are passed as JSON arrays. An issue stands for
 * itself and every issue under it (design §1); UNION, not UNION ALL, ends
 * the walk down a cycle of parents. */
#define STATEMENT_FILTERS \
	" WHERE (?1 IS NULL OR s.said_on >= ?1) AND (?2 IS NULL OR s.said_on <= ?2)" \
	" AND (?3 OR s.retracted_at IS NULL)" \
	" AND (NOT ?4 OR NOT EXISTS (SELECT 1 FROM position AS x WHERE x.statement_id = s.id))" \
	" AND (?5 IS NULL OR s.party_id IN" \
	"  (SELECT id FROM party WHERE slug IN (SELECT value FROM json_each(?5))))" \
	" AND (?6 IS NULL OR s.actor_id IN" \
	"  (SELECT id FROM actor WHERE slug IN (SELECT value FROM json_each(?6))))" \
	" AND (?7 IS NULL OR EXISTS (SELECT 1 FROM position AS x" \
	"  WHERE x.statement_id = s.id AND x.issue_id IN" \
	"  (WITH RECURSIVE under (id) AS" \
	"   (SELECT id FROM issue WHERE slug IN (SELECT value FROM json_each(?7))" \
	"    UNION SELECT i.id FROM issue AS i JOIN under ON i.parent_id = under.id)" \
	"   SELECT id FROM under)))" \
	" ORDER BY s.said_on, s.recorded_at, s.uuid"

static const char *const sql_list = STATEMENT_COLUMNS STATEMENT_FILTERS;

/* The same with full-text search: the matching rows are found through the
 * index first instead of testing every statement. */
static const char *const sql_list_search = STATEMENT_COLUMNS
	" JOIN (SELECT rowid AS hit FROM statement_fts WHERE statement_fts MATCH ?8)"
	"  ON hit = s.id"
	STATEMENT_FILTERS;

static const char *const sql_positions =
	"SELECT i.slug, p.stance, p.red_line, p.condition, p.point FROM position AS p"
	" JOIN issue AS i ON i.id = p.issue_id WHERE p.statement_id = ?1 ORDER BY i.slug";

/* Reads the positions of the statement with row id rowid into st. */
static int read_positions(stance_db *db, sqlite3_int64 rowid, stance_statement *st)
{
	sqlite3_stmt *stmt;
	size_t cap = 0;
	int rc = stance_db__prepare(db, &stmt, sql_positions), src;

	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, rowid);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		stance_position *p;

		if (st->npositions == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			stance_position *grown = realloc(st->positions, ncap * sizeof(*grown));

			if (!grown) {
				rc = STANCE_ENOMEM;
				break;
			}
			st->positions = grown;
			cap = ncap;
		}
		p = &st->positions[st->npositions++];
		memset(p, 0, sizeof(*p));
		p->issue = stance_db__column_dup(stmt, 0, &rc);
		p->stance = sqlite3_column_int(stmt, 1);
		p->red_line = column_red_line(stmt, 2);
		p->condition = stance_db__column_dup(stmt, 3, &rc);
		p->has_point = sqlite3_column_type(stmt, 4) != SQLITE_NULL;
		p->point = sqlite3_column_double(stmt, 4);
		if (rc)
			break;
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "reading positions");
	sqlite3_reset(stmt);
	if (rc == STANCE_ENOMEM)
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	return rc;
}

/* Fills st from a row of STATEMENT_COLUMNS and reads its positions. */
static int read_statement(stance_db *db, sqlite3_stmt *stmt, stance_statement *st)
{
	int rc = 0;

	memset(st, 0, sizeof(*st));
	st->id = stance_db__column_dup(stmt, 1, &rc);
	st->party = stance_db__column_dup(stmt, 2, &rc);
	st->actor = stance_db__column_dup(stmt, 3, &rc);
	st->said_on = stance_db__column_dup(stmt, 4, &rc);
	st->kind = stance_db__column_dup(stmt, 5, &rc);
	st->text = stance_db__column_dup(stmt, 6, &rc);
	st->source = stance_db__column_dup(stmt, 7, &rc);
	st->url = stance_db__column_dup(stmt, 8, &rc);
	st->credibility = sqlite3_column_int(stmt, 9);
	st->recorded_by = stance_db__column_dup(stmt, 10, &rc);
	st->recorded_at = stance_db__column_dup(stmt, 11, &rc);
	if (!rc)
		st->retracted = stance_statement__column_retraction(stmt, 12, &rc);
	if (rc) {
		statement_clear(st);
		return stance__error(STANCE_ENOMEM, "out of memory");
	}
	rc = read_positions(db, sqlite3_column_int64(stmt, 0), st);
	if (rc)
		statement_clear(st);
	return rc;
}

int stance_statement_get(stance_statement **out, stance_db *db, const char *id)
{
	char full[STANCE_UUID_LEN + 1];
	stance_statement *st = NULL;
	sqlite3_stmt *stmt;
	int rc, src;

	*out = NULL;
	rc = stance_statement_resolve(full, db, id);
	if (!rc)
		rc = stance_db__prepare(db, &stmt, sql_get);
	if (rc)
		return rc;
	stance_db__bind_text(stmt, 1, full);
	src = sqlite3_step(stmt);
	if (src != SQLITE_ROW) {
		rc = src == SQLITE_DONE ?
			stance__error(STANCE_ENOTFOUND, "no statement with id '%s'", id) :
			stance__error_sqlite(db->conn, src, "reading a statement");
		goto done;
	}
	st = malloc(sizeof(*st));
	if (!st) {
		rc = stance__error(STANCE_ENOMEM, "out of memory");
		goto done;
	}
	rc = read_statement(db, stmt, st);
	if (rc) {
		free(st);
		st = NULL;
	}
done:
	sqlite3_reset(stmt);
	*out = st;
	return rc;
}

/* A JSON array of the slugs, after checking that each exists; NULL (and
 * no error) for an empty set. */
int stance_statement__slug_set(char **out, stance_db *db, stance_entity_type type,
			       const char *const *slugs, size_t n)
{
	json_t *arr;
	int rc = 0;

	*out = NULL;
	if (n == 0)
		return 0;
	arr = json_array();
	if (!arr)
		return stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t i = 0; i < n && !rc; i++) {
		struct stance_entity_ref ref;
		int found;

		/* a former slug names the entity by its slug of today */
		rc = stance_entity_exists(db, type, slugs[i]);
		if (!rc)
			rc = stance_entity__find(db, type, slugs[i], &ref, &found);
		if (!rc && json_array_append_new(arr, json_string(ref.slug)))
			rc = stance__error(STANCE_ENOMEM, "out of memory");
	}
	if (!rc && !(*out = json_dumps(arr, JSON_COMPACT)))
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	json_decref(arr);
	return rc;
}

/* Turns the user's words into an FTS5 query in which every word must
 * occur: each is quoted, so no word is read as FTS5 syntax. The query
 * grows in an sqlite3_str, which sizes itself, so no length is computed
 * here to get wrong. *out is freed with sqlite3_free(). */
static int fts_query(char **out, stance_db *db, const char *words)
{
	sqlite3_str *q = sqlite3_str_new(db->conn);
	const char *p = words;
	int rc = 0, err;

	*out = NULL;
	for (;;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (sqlite3_str_length(q) > 0)
			sqlite3_str_appendchar(q, 1, ' ');
		sqlite3_str_appendchar(q, 1, '"');
		for (; *p && !isspace((unsigned char)*p); p++) {
			/* an FTS5 string escapes a quote by doubling it */
			if (*p == '"')
				sqlite3_str_appendchar(q, 1, '"');
			sqlite3_str_appendchar(q, 1, *p);
		}
		sqlite3_str_appendchar(q, 1, '"');
	}
	err = sqlite3_str_errcode(q);
	if (err == SQLITE_NOMEM)
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	else if (err != SQLITE_OK)
		rc = stance__error(STANCE_EINVALID, "the search words are too long");
	else if (sqlite3_str_length(q) == 0)
		rc = stance__error(STANCE_EINVALID, "the search words are empty");
	/* finish frees q in every case; it returns NULL for an empty string */
	*out = sqlite3_str_finish(q);
	if (!rc && !*out)
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	if (rc) {
		sqlite3_free(*out);
		*out = NULL;
	}
	return rc;
}

int stance_statement_foreach(stance_db *db, const stance_statement_filter *f,
			     int (*fn)(const stance_statement *st, void *ctx), void *ctx)
{
	static const stance_statement_filter none = STANCE_STATEMENT_FILTER_INIT;
	char *parties = NULL, *actors = NULL, *issues = NULL, *search = NULL;
	sqlite3_stmt *stmt = NULL;
	stance_statement st;
	int rc, src;

	stance__error_clear();
	if (!f)
		f = &none;
	rc = stance__check_version(f->version, STANCE_STATEMENT_FILTER_VERSION,
				   "stance_statement_filter");
	if (!rc)
		rc = stance_statement__slug_set(&parties, db, STANCE_PARTY, f->parties, f->nparties);
	if (!rc)
		rc = stance_statement__slug_set(&actors, db, STANCE_ACTOR, f->actors, f->nactors);
	if (!rc)
		rc = stance_statement__slug_set(&issues, db, STANCE_ISSUE, f->issues, f->nissues);
	if (!rc && f->since)
		rc = stance_check_date("--since date", f->since);
	if (!rc && f->until)
		rc = stance_check_date("--until date", f->until);
	if (!rc && f->search)
		rc = stance_check_text("search text", f->search);
	if (!rc && f->search)
		rc = fts_query(&search, db, f->search);
	if (!rc)
		rc = stance_db__prepare(db, &stmt, search ? sql_list_search : sql_list);
	if (rc)
		goto done;
	stance_db__bind_text(stmt, 1, f->since);
	stance_db__bind_text(stmt, 2, f->until);
	sqlite3_bind_int(stmt, 3, f->include_retracted != 0);
	sqlite3_bind_int(stmt, 4, f->uncoded != 0);
	stance_db__bind_text(stmt, 5, parties);
	stance_db__bind_text(stmt, 6, actors);
	stance_db__bind_text(stmt, 7, issues);
	if (search)
		stance_db__bind_text(stmt, 8, search);
	while ((src = sqlite3_step(stmt)) == SQLITE_ROW) {
		rc = read_statement(db, stmt, &st);
		if (rc)
			break;
		rc = fn(&st, ctx);
		statement_clear(&st);
		if (rc)
			break;
	}
	if (!rc && src != SQLITE_DONE)
		rc = stance__error_sqlite(db->conn, src, "listing statements");
done:
	if (stmt)
		sqlite3_reset(stmt);
	free(parties);
	free(actors);
	free(issues);
	sqlite3_free(search);
	return rc;
}
