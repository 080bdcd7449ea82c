/*
 * statement-from.c - many statements at once (design §10, `record
 * --from`): CSV, TSV or JSON Lines, read one record at a time through a
 * buffer of its own and recorded in one savepoint, all or nothing, every
 * error naming the line (and the column) where it is.
 *
 * The CSV reader is RFC 4180 as spreadsheets write it: an optional UTF-8
 * byte order mark, records ended by LF or CRLF, a field in double quotes
 * holding the separator, line ends and doubled quotes. TSV is the same
 * with a tab. A record's line is the line where it starts, so that a
 * quoted field spanning lines does not shift the numbers that follow.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common-internal.h"
#include "snapshot-internal.h"
#include "statement-internal.h"

/* No record (all its cells) nor line of JSON may be longer: a statement's
 * text is at most 100,000 bytes, and memory must not follow a file without
 * line ends. */
#define FROM_FIELD_MAX ((size_t)4 << 20)
#define FROM_BUFFER 65536

/* ---- reading bytes --------------------------------------------------- */

struct reader {
	FILE *in;
	unsigned char buf[FROM_BUFFER];
	size_t pos, len;
	int eof, failed;
	unsigned long long line;  /* of the next byte, from 1 */
};

static int fill(struct reader *r)
{
	if (r->eof)
		return 0;
	r->pos = 0;
	r->len = fread(r->buf, 1, sizeof(r->buf), r->in);
	if (r->len == 0) {
		r->eof = 1;
		r->failed = ferror(r->in) != 0;
	}
	return r->len > 0;
}

static int peek(struct reader *r)
{
	if (r->pos == r->len && !fill(r))
		return EOF;
	return r->buf[r->pos];
}

static int next(struct reader *r)
{
	int c = peek(r);

	if (c != EOF) {
		r->pos++;
		r->line += c == '\n';
	}
	return c;
}

/* A growing string. */
struct text {
	char *s;
	size_t len, cap;
};

static int add(struct text *t, int c)
{
	if (t->len + 1 >= t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		char *s = t->len + 1 >= FROM_FIELD_MAX ? NULL : realloc(t->s, cap);

		if (!s)
			return t->len + 1 >= FROM_FIELD_MAX ? STANCE_EINVALID :
			       stance__error(STANCE_ENOMEM, "out of memory");
		t->s = s;
		t->cap = cap;
	}
	t->s[t->len++] = (char)c;
	return 0;
}

/* ---- the state of one reading ------------------------------------------ */

/* The columns of a CSV or TSV file: record's long options. */
enum column {
	COL_PARTY, COL_ACTOR, COL_DATE, COL_TEXT, COL_KIND, COL_SOURCE, COL_URL,
	COL_CREDIBILITY, COL_POSITIONS, COL_CONDITIONS, NCOLUMNS
};

static const char *const column_names[NCOLUMNS] = {
	"party", "actor", "date", "text", "kind", "source", "url", "credibility",
	"positions", "conditions"
};

/* The snapshot member each column sets, for a message that names one. */
static const char *const column_members[NCOLUMNS] = {
	"party", "actor", "said_on", "text", "kind", "source", "url", "credibility",
	"positions", "conditions"
};

struct from {
	stance_db *db;
	const stance_record_from_options *o;
	int (*fn)(const char *id, void *ctx);
	void *ctx;
	size_t count;
	int sep;                     /* ',' or '\t' */
	struct reader *r;
	struct text cells;           /* a record's fields, each ended by '\0' */
	size_t *starts;              /* where each begins in cells */
	size_t nfields, cap;
	unsigned long long line;     /* where the record begins */
	int map[64];                 /* header: the column of each field */
	size_t ncols;
};

/* Puts "line N[, column C (NAME)]: " before the last message; col is the
 * field's index, or SIZE_MAX for none. */
static int at_line(const struct from *f, int rc, unsigned long long line, size_t col)
{
	char where[160];

	if (col == SIZE_MAX || col >= f->ncols)
		snprintf(where, sizeof(where), "line %llu", line);
	else
		snprintf(where, sizeof(where), "line %llu, column %zu (%s)", line, col + 1,
			 column_names[f->map[col]]);
	return stance_snapshot__at_path(rc, where);
}

static int fail_at(const struct from *f, int rc, unsigned long long line, size_t col,
		   const char *msg)
{
	stance__error(rc, "%s", msg);
	return at_line(f, rc, line, col);
}

/* The field of the header's column c in the current record, or SIZE_MAX. */
static size_t field_of(const struct from *f, enum column c)
{
	for (size_t i = 0; i < f->ncols; i++)
		if (f->map[i] == (int)c)
			return i;
	return SIZE_MAX;
}

static int got_id(struct from *f, const char *id)
{
	f->count++;
	return f->fn && !f->o->dry_run ? f->fn(id, f->ctx) : 0;
}

/* ---- CSV and TSV --------------------------------------------------------- */

static int field_begin(struct from *f)
{
	if (f->nfields == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		size_t *starts = realloc(f->starts, cap * sizeof(*starts));

		if (!starts)
			return stance__error(STANCE_ENOMEM, "out of memory");
		f->starts = starts;
		f->cap = cap;
	}
	f->starts[f->nfields++] = f->cells.len;
	return 0;
}

/* Adds byte c to the field being read: no NUL, no field without end. */
static int field_add(struct from *f, int c)
{
	int rc;

	if (c == '\0')
		return fail_at(f, STANCE_EINVALID, f->line, f->nfields - 1 < f->ncols ?
			       f->nfields - 1 : SIZE_MAX, "a field holds a NUL byte");
	rc = add(&f->cells, c);
	if (rc == STANCE_EINVALID)
		return fail_at(f, rc, f->line, SIZE_MAX, "a record is longer than 4 MiB (is the "
			       "file CSV, TSV or JSON Lines?)");
	return rc;
}

/* A quoted field, its opening quote read: to the closing one, "" for a
 * quote, CRLF inside it as LF. Returns the byte after it in *after. */
static int quoted_field(struct from *f, int *after)
{
	struct reader *r = f->r;
	int c, rc = 0;

	while (!rc) {
		c = next(r);
		if (c == EOF && r->failed)
			return stance__error(STANCE_EIO, "cannot read the file");
		if (c == EOF)
			return fail_at(f, STANCE_EINVALID, f->line, SIZE_MAX, "a quoted field that "
				       "starts on this line is never closed");
		if (c == '"' && peek(r) != '"')
			break;
		if (c == '"')
			c = next(r);
		else if (c == '\r' && peek(r) == '\n')
			continue;
		rc = field_add(f, c);
	}
	if (rc)
		return rc;
	*after = next(r);
	if (*after != f->sep && *after != '\n' && *after != '\r' && *after != EOF)
		return fail_at(f, STANCE_EINVALID, r->line, f->nfields - 1 < f->ncols ?
			       f->nfields - 1 : SIZE_MAX, "text after the closing quote of a quoted "
			       "field (a quote inside one is written twice: \"\")");
	return 0;
}

/* Reads one record into f->cells; *got is 0 at the end of the input. */
static int read_row(struct from *f, int *got)
{
	struct reader *r = f->r;
	int c, rc = 0;

	f->nfields = 0;
	f->cells.len = 0;
	f->line = r->line;
	*got = peek(r) != EOF;
	if (!*got)
		return r->failed ? stance__error(STANCE_EIO, "cannot read the file") : 0;
	do {
		rc = field_begin(f);
		c = rc ? EOF : next(r);
		if (!rc && c == '"')
			rc = quoted_field(f, &c);
		else
			while (!rc && c != f->sep && c != '\n' && c != '\r' && c != EOF) {
				rc = field_add(f, c);
				c = next(r);
			}
		if (c == '\r' && peek(r) == '\n')
			next(r);
		/* the field's end: room for it was made with its last byte */
		if (!rc && (rc = add(&f->cells, '\0')) == STANCE_EINVALID)
			rc = fail_at(f, rc, f->line, SIZE_MAX, "a record is longer than 4 MiB");
	} while (!rc && c == f->sep);
	return rc;
}

static char *cell(const struct from *f, size_t i)
{
	return f->cells.s + f->starts[i];
}

/* s without the ASCII spaces around it (changed in place). */
static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

static int find_column(const char *name)
{
	for (int c = 0; c < NCOLUMNS; c++) {
		size_t i;

		for (i = 0; name[i] && column_names[c][i] &&
			    (name[i] | 0x20) == column_names[c][i]; i++)
			;
		if (!name[i] && !column_names[c][i])
			return c;
	}
	return -1;
}

/* The header: which column each field is; date, text, and a party or an
 * actor are needed. */
static int read_header(struct from *f)
{
	unsigned seen = 0;
	int got, rc = read_row(f, &got);

	if (!rc && !got)
		rc = stance__error(STANCE_EINVALID, "the file is empty: its first line names the "
				   "columns (date, text, party or actor, ...)");
	if (!rc && f->nfields > sizeof(f->map) / sizeof(f->map[0]))
		rc = stance__error(STANCE_EINVALID, "line 1: %zu columns (there are %d kinds)",
				   f->nfields, NCOLUMNS);
	for (size_t i = 0; !rc && i < f->nfields; i++) {
		const char *name = trim(cell(f, i));
		int c = find_column(name);

		if (c < 0 || (seen & 1u << c))
			return stance__error(STANCE_EINVALID, "line 1, column %zu: %s column '%s' "
					     "(known: party, actor, date, text, kind, source, url, "
					     "credibility, positions, conditions)", i + 1,
					     c < 0 ? "unknown" : "repeated", name);
		seen |= 1u << c;
		f->map[i] = c;
	}
	f->ncols = f->nfields;
	if (!rc && (!(seen & 1u << COL_DATE) || !(seen & 1u << COL_TEXT) ||
		    !(seen & (1u << COL_PARTY | 1u << COL_ACTOR))))
		rc = stance__error(STANCE_EINVALID, "line 1: no '%s' column (a statement needs a date, "
				   "a text, and a party or an actor)", !(seen & 1u << COL_DATE) ?
				   "date" : !(seen & 1u << COL_TEXT) ? "text" : "party");
	return rc;
}

/* The items of a list cell (changed in place): split at ';', trimmed, the
 * empty ones left out; *items is new. */
static int split(const char ***items, size_t *n, char *list)
{
	size_t cap = 1;

	*n = 0;
	for (const char *c = list; c && *c; c++)
		cap += *c == ';';
	*items = calloc(cap, sizeof(**items));
	if (!*items)
		return stance__error(STANCE_ENOMEM, "out of memory");
	while (list) {
		char *semi = strchr(list, ';'), *item;

		if (semi)
			*semi = '\0';
		item = trim(list);
		if (*item)
			(*items)[(*n)++] = item;
		list = semi ? semi + 1 : NULL;
	}
	return 0;
}

/* The field a snapshot member of the statement comes from, or SIZE_MAX. */
static size_t field_of_member(const struct from *f, const char *member)
{
	for (int c = 0; member && c < NCOLUMNS; c++)
		if (strcmp(column_members[c], member) == 0)
			return field_of(f, (enum column)c);
	return SIZE_MAX;
}

/* The positions of the row's cells: the specs of positions, then the
 * conditions attached. */
static int row_positions(struct from *f, stance_position **pos, size_t *npos,
			 char *positions, char *conditions)
{
	const char **specs = NULL, **conds = NULL;
	size_t nconds = 0;
	int rc = split(&specs, npos, positions);

	*pos = NULL;
	if (!rc)
		rc = split(&conds, &nconds, conditions);
	if (!rc && (rc = stance_position_list_parse(pos, specs, *npos, NULL, 0)))
		rc = at_line(f, rc, f->line, field_of(f, COL_POSITIONS));
	if (!rc && (rc = stance_statement__attach_conditions(*pos, *npos, conds, nconds)))
		rc = at_line(f, rc, f->line, field_of(f, COL_CONDITIONS));
	free(specs);
	free(conds);
	return rc;
}

/* Records the current row. */
static int record_row(struct from *f)
{
	stance_record_options st = STANCE_RECORD_OPTIONS_INIT;
	char *v[NCOLUMNS] = { 0 }, id[STANCE_UUID_LEN + 1];
	stance_position *pos = NULL;
	const char *member;
	size_t npos = 0;
	int rc = 0;

	if (f->nfields != f->ncols)
		return stance__error(STANCE_EINVALID, "line %llu: %zu fields where the header has %zu",
				     f->line, f->nfields, f->ncols);
	for (size_t i = 0; i < f->ncols; i++)
		v[f->map[i]] = *cell(f, i) ? cell(f, i) : NULL;
	if (v[COL_CREDIBILITY]) {
		const char *c = v[COL_CREDIBILITY];

		if (strlen(c) != 1 || c[0] < '1' || c[0] > '6')
			return at_line(f, stance__error(STANCE_EINVALID, "invalid credibility '%s' "
							"(choose from 1 to 6)", c),
				       f->line, field_of(f, COL_CREDIBILITY));
		st.credibility = c[0] - '0';
	}
	rc = row_positions(f, &pos, &npos, v[COL_POSITIONS], v[COL_CONDITIONS]);
	st.party = v[COL_PARTY];
	st.actor = v[COL_ACTOR];
	st.said_on = v[COL_DATE];
	st.text = v[COL_TEXT];
	st.kind = v[COL_KIND];
	st.source = v[COL_SOURCE];
	st.url = v[COL_URL];
	st.recorded_by = f->o->recorded_by;
	st.positions = pos;
	st.npositions = npos;
	if (!rc && (rc = stance_statement__record(id, f->db, &st, &member)))
		rc = at_line(f, rc, f->line, field_of_member(f, member));
	if (!rc)
		rc = got_id(f, id);
	stance_position_list_free(pos, npos);
	return rc;
}

static int read_table(struct from *f)
{
	int got = 1, rc = read_header(f);

	while (!rc && got) {
		rc = read_row(f, &got);
		/* an empty line is no record */
		if (!rc && got && !(f->nfields == 1 && !*cell(f, 0)))
			rc = record_row(f);
	}
	return rc;
}

/* ---- JSON Lines ---------------------------------------------------------- */

/* What `extract` adds to its suggestions for the analyst, not recorded. */
static const char *const extract_members[] = {
	"confidence", "evidence", "speaker_name", "source_name"
};

/* Reads one line into f->cells (without its line end); *got 0 at the end. */
static int read_line(struct from *f, int *got)
{
	struct reader *r = f->r;
	int c, rc = 0;

	f->cells.len = 0;
	f->line = r->line;
	*got = peek(r) != EOF;
	while (!rc && (c = next(r)) != EOF && c != '\n')
		if ((rc = add(&f->cells, c)) == STANCE_EINVALID)
			rc = fail_at(f, rc, f->line, SIZE_MAX, "a line is longer than 4 MiB");
	if (!rc && r->failed)
		rc = stance__error(STANCE_EIO, "cannot read the file");
	if (!rc && f->cells.len && f->cells.s[f->cells.len - 1] == '\r')
		f->cells.len--;
	if (!rc)
		rc = add(&f->cells, '\0') == STANCE_ENOMEM ? STANCE_ENOMEM : 0;
	return rc;
}

/* The checks a suggestion of `extract` needs before it is a statement:
 * someone must have said it. */
static int check_suggestion(const json_t *obj)
{
	const char *speaker = json_string_value(json_object_get(obj, "speaker_name"));
	const json_t *retracted = json_object_get(obj, "retracted");

	if (!json_is_string(json_object_get(obj, "party")) &&
	    !json_is_string(json_object_get(obj, "actor")))
		return stance__error(STANCE_EINVALID, "the party and the actor are null: fill in "
				     "the party or actor before recording it%s%s%s", speaker ?
				     " (extract found the name " : "",
				     speaker ? stance_snapshot__show_string(speaker).s : "",
				     speaker ? ")" : "");
	if (retracted && !json_is_null(retracted))
		return stance_snapshot__fail(STANCE_EINVALID, "$.retracted", "record --from records "
					     "statements in force; a retracted one comes with its "
					     "history in a snapshot (stance import)");
	return 0;
}

/* Records the statement of one JSON line (obj, the line's own). */
static int record_object(struct from *f, json_t *obj)
{
	const json_t *arr = json_object_get(obj, "positions");
	stance_record_options st;
	struct snap_statement s;
	stance_position *pos = NULL;
	char id[STANCE_UUID_LEN + 1];
	const char *member;
	int rc = check_suggestion(obj);

	for (size_t i = 0; i < sizeof(extract_members) / sizeof(extract_members[0]); i++)
		json_object_del(obj, extract_members[i]);
	if (!rc)
		rc = stance_snapshot__read_record(&s, obj, "$", f->o->recorded_by, NULL);
	if (!rc && !(pos = calloc(json_array_size(arr) + 1, sizeof(*pos))))
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t k = 0; !rc && k < json_array_size(arr); k++)
		rc = stance_snapshot__read_position(&pos[k], json_array_get(arr, k),
						    stance_snapshot__path_index("$.positions", k).s, 2);
	if (!rc) {
		stance_statement__options(&st, &s.st);
		st.positions = pos;
		st.npositions = json_array_size(arr);
		if ((rc = stance_statement__record(id, f->db, &st, &member)) && member)
			rc = stance_snapshot__at_member(rc, "$", member);
	}
	/* the positions' strings are the JSON's */
	free(pos);
	return rc ? rc : got_id(f, id);
}

static int read_jsonl(struct from *f)
{
	int got = 1, rc = 0;

	while (!rc && got) {
		json_error_t err;
		json_t *obj;

		rc = read_line(f, &got);
		if (rc || !got || !*trim(f->cells.s))
			continue;
		obj = json_loads(f->cells.s, JSON_REJECT_DUPLICATES, &err);
		if (!obj)
			rc = stance__error(STANCE_EINVALID, "line %llu, column %d: invalid JSON: %s",
					   f->line, err.column, err.text);
		else if (!json_is_object(obj))
			rc = stance__error(STANCE_EINVALID, "line %llu: expected a statement (a JSON "
					   "object), found %s", f->line, stance_snapshot__show(obj).s);
		else if ((rc = record_object(f, obj)) && rc != STANCE_ENOMEM)
			rc = at_line(f, rc, f->line, SIZE_MAX);
		json_decref(obj);
	}
	return rc;
}

/* ---- the file -------------------------------------------------------------- */

/* The format of the input: given, by the name's extension, or by its first
 * bytes ('{': JSON Lines; a tab in the first line: TSV; else CSV). */
static stance_from_format sniff(const struct from *f)
{
	const char *name = f->o->name, *dot = name ? strrchr(name, '.') : NULL;
	const struct reader *r = f->r;
	size_t i = r->pos;

	if (f->o->format != STANCE_FROM_AUTO)
		return f->o->format;
	if (dot && !strchr(dot, '/')) {
		if (!strcmp(dot, ".csv") || !strcmp(dot, ".CSV"))
			return STANCE_FROM_CSV;
		if (!strcmp(dot, ".tsv") || !strcmp(dot, ".tab") || !strcmp(dot, ".TSV"))
			return STANCE_FROM_TSV;
		if (!strcmp(dot, ".jsonl") || !strcmp(dot, ".ndjson") || !strcmp(dot, ".json"))
			return STANCE_FROM_JSONL;
	}
	while (i < r->len && (r->buf[i] == ' ' || r->buf[i] == '\t' || r->buf[i] == '\n' ||
			      r->buf[i] == '\r'))
		i++;
	if (i < r->len && r->buf[i] == '{')
		return STANCE_FROM_JSONL;
	for (i = r->pos; i < r->len && r->buf[i] != '\n'; i++)
		if (r->buf[i] == '\t')
			return STANCE_FROM_TSV;
	return STANCE_FROM_CSV;
}

static int read_input(struct from *f)
{
	stance_from_format format;

	/* a byte order mark, as spreadsheets write UTF-8, is no text */
	if (fill(f->r) && f->r->len >= 3 && memcmp(f->r->buf, "\xEF\xBB\xBF", 3) == 0)
		f->r->pos = 3;
	if (f->r->failed)
		return stance__error(STANCE_EIO, "cannot read the file");
	format = sniff(f);
	if (format == STANCE_FROM_JSONL)
		return read_jsonl(f);
	f->sep = format == STANCE_FROM_TSV ? '\t' : ',';
	return read_table(f);
}

int stance_statement_record_from(size_t *count, stance_db *db, FILE *in,
				 const stance_record_from_options *o,
				 int (*fn)(const char *id, void *ctx), void *ctx)
{
	struct from f = { .db = db, .o = o, .fn = fn, .ctx = ctx };
	int rc, nested;

	stance__error_clear();
	*count = 0;
	rc = o ? stance__check_version(o->version, STANCE_RECORD_FROM_OPTIONS_VERSION,
				       "stance_record_from_options") :
		 stance__error(STANCE_EINVALID, "record_from needs its options");
	if (!rc && (unsigned)o->format > STANCE_FROM_JSONL)
		rc = stance__error(STANCE_EINVALID, "invalid format %d", (int)o->format);
	if (!rc)
		rc = stance_check_text("analyst (recorded_by)", o->recorded_by);
	if (rc)
		return rc;
	f.r = calloc(1, sizeof(*f.r));
	if (!f.r)
		return stance__error(STANCE_ENOMEM, "out of memory");
	f.r->in = in;
	f.r->line = 1;
	rc = stance_db__savepoint_begin(db, &nested);
	if (!rc) {
		rc = read_input(&f);
		rc = stance_db__savepoint_end(db, nested, rc, !o->dry_run);
	}
	*count = f.count;
	free(f.r);
	free(f.cells.s);
	free(f.starts);
	return rc;
}
