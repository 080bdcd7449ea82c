/*
 * output.c - everything stance writes to stdout: checked writes, tables
 * (aligned for people, or RFC 4180 csv), streamed JSON, lines for people
 * and lists of statements.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Reports the first failed write; later ones only return the code, so a
 * long listing into a full disk says it once. */
static int write_failed(struct cli *cli, int err)
{
	if (!cli->out_failed) {
		cli->out_failed = 1;
		if (cli->out_name)
			cli_error(CLI_EIO, "cannot write '%s': %s", cli->out_name,
				  strerror(err ? err : EIO));
		else
			cli_error(CLI_EIO, "cannot write to standard output: %s",
				  strerror(err ? err : EIO));
	}
	return CLI_EIO;
}

int cli_printf(struct cli *cli, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (cli->out_failed)
		return CLI_EIO;
	errno = 0;
	va_start(ap, fmt);
	n = vfprintf(cli->out, fmt, ap);
	va_end(ap);
	if (n < 0 || ferror(cli->out))
		return write_failed(cli, errno);
	return 0;
}

int cli_write(struct cli *cli, const char *data, size_t len)
{
	if (cli->out_failed)
		return CLI_EIO;
	errno = 0;
	if (len && fwrite(data, 1, len, cli->out) != len)
		return write_failed(cli, errno);
	return 0;
}

int cli_flush(struct cli *cli)
{
	if (cli->out_failed)
		return CLI_EIO;
	errno = 0;
	if (fflush(cli->out) != 0 || ferror(cli->out))
		return write_failed(cli, errno);
	return 0;
}

int cli_write_xml(struct cli *cli, const char *text)
{
	const char *run = text;
	int rc = 0;

	if (!text)
		return 0;
	for (const char *p = text; !rc && *p; p++) {
		unsigned char c = (unsigned char)*p;
		const char *entity = NULL;

		switch (c) {
		case '&': entity = "&amp;"; break;
		case '<': entity = "&lt;"; break;
		case '>': entity = "&gt;"; break;
		case '"': entity = "&quot;"; break;
		case '\'': entity = "&#39;"; break;
		default:
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
				entity = " ";
		}
		if (!entity)
			continue;
		rc = cli_write(cli, run, (size_t)(p - run));
		if (!rc)
			rc = cli_write(cli, entity, strlen(entity));
		run = p + 1;
	}
	return rc ? rc : cli_write(cli, run, strlen(run));
}

/* ---- output files ---------------------------------------------------- */

/* Syncs the directory that holds path, so that the rename is durable; a
 * file system that cannot sync directories is not an error. */
static void sync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd = copy ? open(dirname(copy), O_RDONLY | O_DIRECTORY) : -1;

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

int cli_output(struct cli *cli, const char *path, int (*fn)(struct cli *cli, void *ctx),
	       void *ctx)
{
	const char *base;
	char *tmp = NULL, *copy = NULL;
	FILE *f = NULL, *saved = cli->out;
	int created = 0, fd, rc;

	if (!path || strcmp(path, "-") == 0)
		return fn(cli, ctx);
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	tmp = malloc(strlen(path) + 16);
	copy = strdup(path);
	if (!tmp || !copy) {
		rc = cli_error(CLI_ESOFTWARE, "out of memory");
		goto done;
	}
	/* beside FILE, so that the rename stays on one file system */
	sprintf(tmp, "%s/.%s.XXXXXX", dirname(copy), base);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = cli_error(CLI_ECANTCREATE, "cannot create '%s': %s", path, strerror(errno));
		goto done;
	}
	created = 1;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		rc = cli_error(CLI_EIO, "cannot write '%s': %s", path, strerror(errno));
		goto done;
	}
	cli->out = f;
	cli->out_name = path;
	rc = fn(cli, ctx);
	cli->out = saved;
	cli->out_name = NULL;
	if (rc)
		goto done;
	errno = 0;
	rc = fflush(f) != 0 || fsync(fileno(f)) != 0;
	rc = fclose(f) != 0 || rc;
	f = NULL;
	if (rc) {
		rc = cli_error(CLI_EIO, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		goto done;
	}
	if (rename(tmp, path) != 0) {
		rc = cli_error(CLI_ECANTCREATE, "cannot create '%s': %s", path, strerror(errno));
		goto done;
	}
	created = 0;
	sync_dir(path);
done:
	if (f)
		fclose(f);
	if (created)
		unlink(tmp);
	free(tmp);
	free(copy);
	return rc;
}

/* ---- tables ---------------------------------------------------------- */

struct cli_table {
	struct cli *cli;
	const char *const *headers;
	size_t ncols;
	char **cells;      /* table format: nrows * ncols, row after row */
	size_t nrows, cap;
	int started;       /* the csv header or json "[" is written */
};

/* Writes one csv field: quoted when it holds a comma, quote, CR or LF,
 * with quotes doubled. */
static int csv_field(struct cli *cli, const char *s)
{
	int rc;

	if (!s)
		return 0;
	if (!strpbrk(s, ",\"\r\n"))
		return cli_write(cli, s, strlen(s));
	rc = cli_write(cli, "\"", 1);
	while (!rc && *s) {
		size_t n = strcspn(s, "\"");

		rc = cli_write(cli, s, n);
		s += n;
		if (!rc && *s == '"') {
			rc = cli_write(cli, "\"\"", 2);
			s++;
		}
	}
	return rc ? rc : cli_write(cli, "\"", 1);
}

static int csv_row(struct cli *cli, const char *const *cells, size_t ncols)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < ncols; i++) {
		if (i)
			rc = cli_write(cli, ",", 1);
		if (!rc)
			rc = csv_field(cli, cells[i]);
	}
	return rc ? rc : cli_write(cli, "\n", 1);
}

int cli_table_begin(struct cli_table **out, struct cli *cli, const char *const *headers,
		    size_t ncols)
{
	struct cli_table *t = calloc(1, sizeof(*t));

	*out = t;
	if (!t)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	t->cli = cli;
	t->headers = headers;
	t->ncols = ncols;
	return 0;
}

/* Writes the csv header or the json "[" before the first record, or at the
 * end of an empty list: a command that fails before its first record
 * (an unknown slug in a filter) prints nothing at all. */
static int start(struct cli_table *t)
{
	if (t->started)
		return 0;
	t->started = 1;
	if (t->cli->format == CLI_FORMAT_CSV)
		return csv_row(t->cli, t->headers, t->ncols);
	if (t->cli->format == CLI_FORMAT_JSON)
		return cli_json_begin(t->cli);
	return 0;
}

int cli_table_json(struct cli_table *t, json_t *item)
{
	int rc = start(t);

	if (rc) {
		json_decref(item);
		return rc;
	}
	return cli_json_item(t->cli, item);
}

/* Control characters would break a table's alignment, and escape
 * sequences in stored text could drive the terminal: people see a space. */
static int is_control(char c)
{
	return (unsigned char)c < 0x20 || c == 0x7f;
}

static int write_clean(struct cli *cli, const char *s, size_t len)
{
	int rc = 0;

	while (!rc && len) {
		size_t n = 0;

		while (n < len && !is_control(s[n]))
			n++;
		rc = cli_write(cli, s, n);
		if (!rc && n < len) {
			rc = cli_write(cli, " ", 1);
			n++;
		}
		s += n;
		len -= n;
	}
	return rc;
}

int cli_line(struct cli *cli, const char *fmt, ...)
{
	char small[256], *buf = small;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return cli_error(CLI_ESOFTWARE, "cannot format a line of output");
	if ((size_t)n >= sizeof(small)) {
		buf = malloc((size_t)n + 1);
		if (!buf)
			return cli_error(CLI_ESOFTWARE, "out of memory");
		va_start(ap, fmt);
		vsnprintf(buf, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	rc = write_clean(cli, buf, (size_t)n);
	if (!rc)
		rc = cli_write(cli, "\n", 1);
	if (buf != small)
		free(buf);
	return rc;
}

/* A copy of s for a table cell, control characters made spaces; null
 * shows as "-". */
static char *cell_copy(const char *s)
{
	char *copy = strdup(s ? s : "-");

	for (char *p = copy; p && *p; p++)
		if (is_control(*p))
			*p = ' ';
	return copy;
}

int cli_table_row(struct cli_table *t, const char *const *cells)
{
	if (t->cli->format == CLI_FORMAT_CSV) {
		int rc = start(t);

		return rc ? rc : csv_row(t->cli, cells, t->ncols);
	}
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		char **grown = realloc(t->cells, cap * t->ncols * sizeof(*grown));

		if (!grown)
			return cli_error(CLI_ESOFTWARE, "out of memory");
		t->cells = grown;
		t->cap = cap;
	}
	for (size_t i = 0; i < t->ncols; i++) {
		char **cell = &t->cells[t->nrows * t->ncols + i];

		*cell = cell_copy(cells[i]);
		if (!*cell) {
			for (size_t k = 0; k < i; k++)
				free(t->cells[t->nrows * t->ncols + k]);
			return cli_error(CLI_ESOFTWARE, "out of memory");
		}
	}
	t->nrows++;
	return 0;
}

/* The width of s on a terminal: its UTF-8 characters (continuation bytes
 * take no room). */
static size_t display_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Writes one aligned row; nothing is padded after the last non-empty
 * cell, so that lines have no trailing blanks. */
static int table_line(struct cli_table *t, const char *const *cells, const size_t *width,
		      int bold)
{
	size_t last = 0;
	int rc = 0;

	for (size_t i = 0; i < t->ncols; i++)
		if (*cells[i])
			last = i;
	for (size_t i = 0; !rc && i <= last; i++) {
		size_t pad = i < last ? width[i] - display_width(cells[i]) + 2 : 0;

		rc = cli_printf(t->cli, "%s%s%s%*s", bold ? "\033[1m" : "", cells[i],
				bold ? "\033[0m" : "", (int)pad, "");
	}
	return rc ? rc : cli_write(t->cli, "\n", 1);
}

static int table_write(struct cli_table *t)
{
	size_t *width = calloc(t->ncols, sizeof(*width));
	int rc = 0;

	if (!width)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	for (size_t i = 0; i < t->ncols; i++)
		width[i] = display_width(t->headers[i]);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t i = 0; i < t->ncols; i++) {
			size_t w = display_width(t->cells[r * t->ncols + i]);

			if (w > width[i])
				width[i] = w;
		}
	}
	rc = table_line(t, t->headers, width, t->cli->color);
	for (size_t r = 0; !rc && r < t->nrows; r++)
		rc = table_line(t, (const char *const *)&t->cells[r * t->ncols], width, 0);
	free(width);
	return rc;
}

int cli_table_end(struct cli_table *t, int rc)
{
	if (!t)
		return rc;
	if (!rc)
		rc = start(t);
	if (!rc && t->cli->format == CLI_FORMAT_TABLE)
		rc = table_write(t);
	if (t->cli->format == CLI_FORMAT_JSON)
		rc = cli_json_end(t->cli, rc);
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
	return rc;
}

/* ---- JSON ------------------------------------------------------------ */

/* 15 significant digits print 0.1 as 0.1, not 0.10000000000000001 */
#define JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15))

/* json_dump_callback() target that indents every line of a list item by
 * two more spaces, so the streamed list reads like one pretty document. */
static int dump_indented(const char *buf, size_t size, void *data)
{
	struct cli *cli = data;

	while (size) {
		const char *nl = memchr(buf, '\n', size);
		size_t n = nl ? (size_t)(nl - buf) + 1 : size;

		if (cli_write(cli, buf, n))
			return -1;
		if (nl && cli_write(cli, "  ", 2))
			return -1;
		buf += n;
		size -= n;
	}
	return 0;
}

static int dump_plain(const char *buf, size_t size, void *data)
{
	return cli_write(data, buf, size) ? -1 : 0;
}

/* The exit code after json_dump_callback() failed: a write error was
 * already reported; otherwise jansson ran out of memory. */
static int dump_failed(struct cli *cli)
{
	return cli->out_failed ? CLI_EIO : cli_error(CLI_ESOFTWARE, "out of memory");
}

int cli_json_begin(struct cli *cli)
{
	cli->json_items = 0;
	return cli_write(cli, "[", 1);
}

int cli_json_item(struct cli *cli, json_t *item)
{
	int rc;

	if (!item)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	rc = cli_write(cli, cli->json_items ? ",\n  " : "\n  ", cli->json_items ? 4 : 3);
	if (!rc && json_dump_callback(item, dump_indented, cli, JSON_FLAGS) != 0)
		rc = dump_failed(cli);
	json_decref(item);
	cli->json_items++;
	return rc;
}

int cli_json_end(struct cli *cli, int rc)
{
	if (rc)
		return rc;
	return cli_write(cli, cli->json_items ? "\n]\n" : "]\n", cli->json_items ? 3 : 2);
}

int cli_json_value(struct cli *cli, json_t *value)
{
	int rc = 0;

	if (!value)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	if (json_dump_callback(value, dump_plain, cli, JSON_FLAGS) != 0)
		rc = dump_failed(cli);
	json_decref(value);
	return rc ? rc : cli_write(cli, "\n", 1);
}

/* ---- stance values ---------------------------------------------------------- */

const char *cli_stance_symbol(char buf[4], int value, int red_line)
{
	const char *s = stance_stance_symbol(value);

	snprintf(buf, 4, "%s%s", s ? s : "?", red_line ? "!" : "");
	return buf;
}

json_t *cli_json_string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* ---- statements ------------------------------------------------------ */

static const char *const table_headers[] = {
	"id", "date", "party", "actor", "kind", "text", "positions"
};
#define TABLE_COLUMNS (sizeof(table_headers) / sizeof(table_headers[0]))

static const char *const csv_headers[] = {
	"id", "said_on", "party", "actor", "kind", "source", "url", "credibility",
	"recorded_by", "recorded_at", "retracted_at", "retracted_by", "retraction_reason",
	"positions", "conditions", "text"
};
#define CSV_COLUMNS (sizeof(csv_headers) / sizeof(csv_headers[0]))

/* How much of the text the table shows, in characters. */
#define EXCERPT_CHARS 48

int cli_statements_begin(struct cli_table **out, struct cli *cli)
{
	if (cli->format == CLI_FORMAT_CSV)
		return cli_table_begin(out, cli, csv_headers, CSV_COLUMNS);
	return cli_table_begin(out, cli, table_headers, TABLE_COLUMNS);
}

/* The positions as "ISSUE<sep>SYMBOL" joined by spaces, e.g.
 * "crimea-recognition:--!" (table) or "crimea-recognition=--!" (csv, the
 * syntax of --position). A new string, NULL when out of memory. */
static char *positions_summary(const stance_statement *st, char sep)
{
	size_t size = 1, len = 0;
	char *s, sym[4];

	for (size_t i = 0; i < st->npositions; i++)
		size += strlen(st->positions[i].issue) + 6;
	s = malloc(size);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < st->npositions; i++) {
		const stance_position *p = &st->positions[i];

		len += (size_t)snprintf(s + len, size - len, "%s%s%c%s", i ? " " : "", p->issue,
					sep, cli_stance_symbol(sym, p->stance, p->red_line));
	}
	return s;
}

/* The conditions as a JSON object {"issue": "condition"} for csv, "" when
 * there are none: the text of a condition may hold any character, so only
 * a real encoding keeps it apart from the next. A new string or NULL. */
static char *conditions_json(const stance_statement *st)
{
	json_t *obj = json_object();
	char *s = NULL;
	int failed = !obj;

	for (size_t i = 0; !failed && i < st->npositions; i++) {
		const stance_position *p = &st->positions[i];

		if (p->condition)
			failed = json_object_set_new(obj, p->issue, json_string(p->condition)) != 0;
	}
	if (!failed)
		s = json_object_size(obj) ? json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER)
					  : strdup("");
	json_decref(obj);
	return s;
}

/* The first EXCERPT_CHARS characters of text, with "…" when cut; into buf
 * (4 bytes a character at most, plus the ellipsis). */
static const char *excerpt(char *buf, size_t size, const char *text, int retracted)
{
	size_t chars = 0, i = 0, len;

	len = (size_t)snprintf(buf, size, "%s", retracted ? "[retracted] " : "");
	for (; text[i]; i++) {
		if (((unsigned char)text[i] & 0xc0) != 0x80 && chars++ == EXCERPT_CHARS)
			break;
	}
	snprintf(buf + len, size - len, "%.*s%s", (int)i, text, text[i] ? "…" : "");
	return buf;
}

static int csv_statement(struct cli_table *t, const stance_statement *st)
{
	const stance_retraction *r = st->retracted;
	char *positions = positions_summary(st, '='), *conditions = conditions_json(st);
	char credibility[8] = "";
	int rc;

	if (st->credibility)
		snprintf(credibility, sizeof(credibility), "%d", st->credibility);
	if (!positions || !conditions)
		rc = cli_error(CLI_ESOFTWARE, "out of memory");
	else
		rc = cli_table_row(t, (const char *const[]){
			st->id, st->said_on, st->party, st->actor, st->kind, st->source, st->url,
			credibility, st->recorded_by, st->recorded_at, r ? r->at : NULL,
			r ? r->by : NULL, r ? r->reason : NULL, positions, conditions, st->text });
	free(positions);
	free(conditions);
	return rc;
}

static int table_statement(struct cli_table *t, const stance_statement *st)
{
	char id[9], text[EXCERPT_CHARS * 4 + 32];
	char *positions = positions_summary(st, ':');
	int rc;

	snprintf(id, sizeof(id), "%.8s", st->id);
	if (!positions)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	rc = cli_table_row(t, (const char *const[]){
		id, st->said_on, st->party, st->actor, st->kind,
		excerpt(text, sizeof(text), st->text, st->retracted != NULL), positions });
	free(positions);
	return rc;
}

int cli_statements_row(struct cli_table *t, const stance_statement *st)
{
	switch (t->cli->format) {
	case CLI_FORMAT_JSON:
		return cli_table_json(t, stance_snapshot_statement_json(st));
	case CLI_FORMAT_CSV:
		return csv_statement(t, st);
	default:
		return table_statement(t, st);
	}
}

int cli_statement_print_json(struct cli *cli, const char *id)
{
	stance_statement *st = NULL;
	int rc = stance_statement_get(&st, cli->db, id);

	if (rc)
		return cli_fail(rc);
	rc = cli_json_value(cli, stance_snapshot_statement_json(st));
	stance_statement_free(st);
	return rc;
}
