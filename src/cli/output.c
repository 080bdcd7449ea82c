/*
 * output.c - everything stance writes to stdout: checked writes, tables
 * (aligned for people, or RFC 4180 csv), streamed JSON, lines for people,
 * excerpts; the -o FILE of export, report and network; and what stored
 * text may not carry out: no control character reaches a terminal from a
 * table or a line (C0, DEL and C1 become spaces), none XML forbids reaches
 * an XML file (U+FFFD stands for it). See output.h.
 */
/* realpath() is XSI, beyond the POSIX base the build asks for */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

int cli_write_failed(struct cli *cli, int err)
{
	return write_failed(cli, err);
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
	cli_print_notes(cli);
	return 0;
}

/* ---- characters ------------------------------------------------------ */

#define UTF8_INVALID 0xffffffffu

/* Decodes the UTF-8 sequence at s (len > 0 bytes left) into *cp; returns
 * its length. A byte that starts no valid sequence (a stray continuation
 * byte, an overlong form, a surrogate, a cut sequence, beyond U+10FFFF) is
 * one byte of UTF8_INVALID: stored text is checked on input, but a
 * database may have been written by other hands, and one bad byte must not
 * hide the text after it. */
static size_t utf8_next(const unsigned char *s, size_t len, unsigned *cp)
{
	static const unsigned min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n = *s < 0x80 ? 1 : *s >= 0xc2 && *s <= 0xdf ? 2 : *s >= 0xe0 && *s <= 0xef ? 3
		 : *s >= 0xf0 && *s <= 0xf4 ? 4 : 0;
	unsigned c = n == 1 ? *s : n == 2 ? *s & 0x1fu : n == 3 ? *s & 0x0fu : *s & 0x07u;

	if (n == 0 || n > len)
		goto invalid;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto invalid;
		c = c << 6 | (s[i] & 0x3fu);
	}
	if (c < min[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto invalid;
	*cp = c;
	return n;
invalid:
	*cp = UTF8_INVALID;
	return 1;
}

/* What would drive a terminal or break a line of a table: the C0
 * controls, DEL and the C1 controls (U+0080..U+009F: U+009B is CSI, which
 * starts an escape sequence as ESC [ does). */
static int is_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

#define REPLACEMENT "\xef\xbf\xbd"  /* U+FFFD */

/* A copy of s[0..len) that is safe on a terminal: controls become spaces
 * (one column, as they are one character: alignment holds) and bytes that
 * are not UTF-8 become U+FFFD. A new string, NULL when out of memory. */
static char *clean_copy(const char *s, size_t len)
{
	char *out = malloc(3 * len + 1), *o = out;
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	if (!out)
		return NULL;
	while (p < end) {
		unsigned cp;
		size_t n = utf8_next(p, (size_t)(end - p), &cp);

		if (cp == UTF8_INVALID) {
			memcpy(o, REPLACEMENT, 3);
			o += 3;
		} else if (is_control(cp)) {
			*o++ = ' ';
		} else {
			memcpy(o, p, n);
			o += n;
		}
		p += n;
	}
	*o = '\0';
	return out;
}

size_t cli_display_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

const char *cli_excerpt(char *buf, size_t size, const char *text, size_t chars)
{
	const unsigned char *p = (const unsigned char *)(text ? text : ""), *end;
	size_t n = 0;

	end = p + strlen((const char *)p);
	/* room for one more character (4 bytes), "…" (3) and the NUL */
	for (; p < end && chars && n + 8 <= size; chars--) {
		unsigned cp;
		size_t len = utf8_next(p, (size_t)(end - p), &cp);

		if (cp == UTF8_INVALID) {
			memcpy(buf + n, REPLACEMENT, 3);
			n += 3;
		} else if (is_control(cp)) {
			buf[n++] = ' ';
		} else {
			memcpy(buf + n, p, len);
			n += len;
		}
		p += len;
	}
	if (p < end && n + 4 <= size) {
		/* "from …" reads as if a word were missing: cut after the word */
		while (n > 0 && buf[n - 1] == ' ')
			n--;
		memcpy(buf + n, "…", strlen("…"));
		n += strlen("…");
	}
	if (size)
		buf[n] = '\0';
	return buf;
}

/* Whether XML may not hold the code point: XML 1.0 forbids the C0 controls
 * other than tab, LF and CR, and U+FFFE and U+FFFF. DEL and the C1
 * controls it allows, but discourages (XML 1.0 §2.2), HTML calls them parse
 * errors and no reader shows them: they go too, so that what XML outputs
 * drop is what tables blank out. */
static int xml_unfit(unsigned cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return 0;
	return is_control(cp) || cp == 0xfffe || cp == 0xffff || cp == UTF8_INVALID;
}

int cli_write_xml(struct cli *cli, const char *text)
{
	const unsigned char *p = (const unsigned char *)text, *run = p, *end;
	int rc = 0;

	if (!text)
		return 0;
	end = p + strlen(text);
	while (!rc && p < end) {
		const char *entity = NULL;
		unsigned cp;
		size_t n = utf8_next(p, (size_t)(end - p), &cp);

		switch (cp) {
		case '&': entity = "&amp;"; break;
		case '<': entity = "&lt;"; break;
		case '>': entity = "&gt;"; break;
		case '"': entity = "&quot;"; break;
		case '\'': entity = "&#39;"; break;
		default:
			/* U+FFFD: the reader sees that something was there */
			if (xml_unfit(cp))
				entity = REPLACEMENT;
		}
		if (entity) {
			rc = cli_write(cli, (const char *)run, (size_t)(p - run));
			if (!rc)
				rc = cli_write(cli, entity, strlen(entity));
			run = p + n;
		}
		p += n;
	}
	return rc ? rc : cli_write(cli, (const char *)run, (size_t)(end - run));
}

/* ---- numbers --------------------------------------------------------- */

const char *cli_format_double(char buf[32], double x)
{
	int ndigits = 1;
	char *e;

	if (!isfinite(x))
		return NULL;
	/* 17 significant digits always read back; most numbers need fewer */
	for (; ndigits <= 17; ndigits++) {
		snprintf(buf, 32, "%.*g", ndigits, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	e = strchr(buf, 'e');
	/* %g writes 70 with one digit as "7e+01": between 1e-7 and 1e21 the
	 * same digits read better without an exponent, as JavaScript writes them */
	if (e && atoi(e + 1) >= -7 && atoi(e + 1) < 21) {
		int decimals = ndigits - 1 - atoi(e + 1);

		snprintf(buf, 32, "%.*f", decimals > 0 ? decimals : 0, x);
		e = NULL;
	}
	if (e) {
		/* "1e-05" and "1e+21" as JSON writers have them: "1e-5", "1e21" */
		char *digits = e + 1 + (e[1] == '-' || e[1] == '+');
		size_t zeros = strspn(digits, "0");

		memmove(digits, digits + zeros, strlen(digits + zeros) + 1);
		if (e[1] == '+')
			memmove(e + 1, e + 2, strlen(e + 2) + 1);
	} else if (!strchr(buf, '.')) {
		/* a real stays a real when read back: "1.0", not the integer 1 */
		strcat(buf, ".0");
	}
	return buf;
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

/* dir "/" name, or name alone when it is absolute: a new string or NULL. */
static char *path_join(const char *dir, const char *name)
{
	size_t size = strlen(dir) + strlen(name) + 2;
	char *s = name[0] == '/' ? strdup(name) : malloc(size);

	if (s && name[0] != '/')
		snprintf(s, size, "%s/%s", dir, name);
	return s;
}

/* The directory of path (path itself untouched): a new string or NULL. */
static char *dir_of(const char *path)
{
	char *copy = strdup(path), *dir = copy ? strdup(dirname(copy)) : NULL;

	free(copy);
	return dir;
}

/* Whether path is an entry of /proc/self/fd (what /dev/stdout and
 * /dev/fd/N lead to): then *fd is the descriptor it names. */
static int names_own_fd(const char *path, int *fd)
{
	struct stat self, st;
	char *dir = dir_of(path);
	const char *base = strrchr(path, '/');
	char *end;
	long n;
	int same;

	same = dir && stat(dir, &st) == 0 && stat("/proc/self/fd", &self) == 0 &&
	       st.st_dev == self.st_dev && st.st_ino == self.st_ino;
	free(dir);
	if (!same || !base || !base[1])
		return 0;
	n = strtol(base + 1, &end, 10);
	if (*end || n < 0 || n > INT_MAX)
		return 0;
	*fd = (int)n;
	return 1;
}

/* Follows the symlinks of path to the file that writing path reaches,
 * which need not exist yet (a dangling link names the file to create):
 * *out is a new string. When the way leads into /proc/self/fd, *fd is the
 * descriptor and *out what led there. Returns 0 or an errno value. */
static int follow_links(char **out, int *fd, const char *path)
{
	char *cur = strdup(path), link[PATH_MAX];
	int err = 0;

	*fd = -1;
	/* as the kernel does: at most 40 links */
	for (int hops = 0; cur && !err; hops++) {
		struct stat st;
		char *dir, *next;
		ssize_t n;

		if (names_own_fd(cur, fd) || lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			break;
		n = hops < 40 ? readlink(cur, link, sizeof(link) - 1) : -1;
		if (n < 0) {
			err = hops < 40 ? errno : ELOOP;
			break;
		}
		link[n] = '\0';
		dir = dir_of(cur);
		next = dir ? path_join(dir, link) : NULL;
		free(dir);
		free(cur);
		cur = next;
	}
	if (!cur)
		err = ENOMEM;
	if (err)
		free(cur);
	*out = err ? NULL : cur;
	return err;
}

/* The absolute name of path with its directory's links resolved (path
 * itself is no link: see follow_links()), for comparing names of files
 * that may not exist yet: a new string, or NULL. */
static char *canonical(const char *path)
{
	char *real = realpath(path, NULL), *dir, *copy, *joined = NULL;

	if (real)
		return real;
	dir = dir_of(path);
	real = dir ? realpath(dir, NULL) : NULL;
	copy = strdup(path);
	if (real && copy)
		joined = path_join(real, basename(copy));
	free(dir);
	free(real);
	free(copy);
	return joined;
}

/* Refuses (65) to write target, which follow_links() reached, when it is
 * the database or one of the files SQLite keeps beside it, whose names
 * SQLite forms from the database's real path: by device and inode when
 * they exist, and by name for those that do not exist yet. Returns 0 when
 * target is none of them. */
static int refuse_database(struct cli *cli, const char *path, const char *target)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	static const char *const what[] = { "", "write-ahead log", "shared-memory index",
					    "rollback journal" };
	const char *command = cli->command ? cli->command->name : "stance";
	char *db = cli->db_path ? realpath(cli->db_path, NULL) : NULL;
	char *name = canonical(target);
	struct stat st, other;
	int exists = stat(target, &st) == 0, rc = 0;

	for (size_t i = 0; db && name && !rc && i < sizeof(suffixes) / sizeof(*suffixes); i++) {
		char *file = malloc(strlen(db) + strlen(suffixes[i]) + 1);

		if (!file)
			break;
		strcpy(file, db);
		strcat(file, suffixes[i]);
		if ((exists && stat(file, &other) == 0 && st.st_dev == other.st_dev &&
		     st.st_ino == other.st_ino) || strcmp(name, file) == 0) {
			if (i == 0)
				rc = cli_error(CLI_EDATA, "refusing to write the output of '%s' over "
					       "the database '%s'", command, cli->db_path);
			else
				rc = cli_error(CLI_EDATA, "refusing to write the output of '%s' over "
					       "'%s', the %s of the database '%s'", command, path,
					       what[i], cli->db_path);
		}
		free(file);
	}
	free(db);
	free(name);
	return rc;
}

/* Opens what a direct write goes to: descriptor fd when the path led to
 * one of ours (a dup, so that its offset and O_APPEND are shared, as the
 * shell's redirection has them), else the device or FIFO itself, opened
 * as it is: no O_CREAT, no O_TRUNC, nothing that could replace it. */
static FILE *open_direct(const char *target, int fd)
{
	int d = fd >= 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 0)
			: open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	FILE *f = d >= 0 ? fdopen(d, "w") : NULL;

	if (d >= 0 && !f) {
		int err = errno;

		close(d);
		errno = err;
	}
	return f;
}

/* Runs fn with cli->out on f; 0 once everything is written and flushed. */
static int run_into(struct cli *cli, FILE *f, const char *path,
		    int (*fn)(struct cli *cli, void *ctx), void *ctx)
{
	FILE *saved = cli->out;
	int rc;

	cli->out = f;
	cli->out_name = path;
	rc = fn(cli, ctx);
	if (!rc)
		rc = cli_flush(cli);
	cli->out = saved;
	cli->out_name = NULL;
	return rc;
}

/* Writes into what target is, as it is: a device, a FIFO, a descriptor
 * (own_fd >= 0): what was asked for is to write into it; a new file
 * renamed over it would replace it. */
static int write_direct(struct cli *cli, const char *path, const char *target, int own_fd,
			int (*fn)(struct cli *cli, void *ctx), void *ctx)
{
	FILE *f = open_direct(target, own_fd);
	int rc;

	if (!f)
		return cli_error(CLI_ECANTCREATE, "cannot open '%s' for writing: %s", path,
				 strerror(errno));
	rc = run_into(cli, f, path, fn, ctx);
	errno = 0;
	if (fclose(f) != 0 && !rc)
		rc = cli_error(CLI_EIO, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
	return rc;
}

/* A regular file, or none yet: a new file beside the target (beside the
 * file a symlink leads to, so that the link stays a link and the rename
 * stays on one file system), renamed over it when complete. */
static int write_replacing(struct cli *cli, const char *path, const char *target,
			   int (*fn)(struct cli *cli, void *ctx), void *ctx)
{
	const char *base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	char *dir = dir_of(target), *tmp = dir ? malloc(strlen(dir) + strlen(base) + 16) : NULL;
	FILE *f = NULL;
	int created = 0, fd, rc;

	if (!tmp) {
		rc = cli_error(CLI_ESOFTWARE, "out of memory");
		goto done;
	}
	sprintf(tmp, "%s/.%s.XXXXXX", dir, base);
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
	rc = run_into(cli, f, path, fn, ctx);
	if (rc)
		goto done;
	errno = 0;
	rc = fsync(fileno(f)) != 0;
	rc = fclose(f) != 0 || rc;
	f = NULL;
	if (rc) {
		rc = cli_error(CLI_EIO, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		goto done;
	}
	if (rename(tmp, target) != 0) {
		rc = cli_error(CLI_ECANTCREATE, "cannot create '%s': %s", path, strerror(errno));
		goto done;
	}
	created = 0;
	sync_dir(target);
done:
	if (f)
		fclose(f);
	if (created)
		unlink(tmp);
	free(tmp);
	free(dir);
	return rc;
}

int cli_output(struct cli *cli, const char *path, int (*fn)(struct cli *cli, void *ctx),
	       void *ctx)
{
	char *target = NULL;
	struct stat st;
	int exists, own_fd, err, rc;

	if (!path || strcmp(path, "-") == 0)
		return fn(cli, ctx);
	err = follow_links(&target, &own_fd, path);
	if (err)
		return err == ENOMEM ? cli_error(CLI_ESOFTWARE, "out of memory")
				     : cli_error(CLI_ECANTCREATE, "cannot create '%s': %s", path,
						 strerror(err));
	rc = refuse_database(cli, path, target);
	exists = stat(target, &st) == 0;
	if (!rc && own_fd < 0 && exists && S_ISDIR(st.st_mode))
		rc = cli_error(CLI_ECANTCREATE, "cannot create '%s': %s", path, strerror(EISDIR));
	else if (!rc && (own_fd >= 0 || (exists && !S_ISREG(st.st_mode))))
		rc = write_direct(cli, path, target, own_fd, fn, ctx);
	else if (!rc)
		rc = write_replacing(cli, path, target, fn, ctx);
	free(target);
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
	int clean;         /* csv to a terminal: cells cleaned as a table's */
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

/* csv is data for programs and keeps every byte, except on a terminal,
 * where people read it and stored text must not drive the terminal. */
static int csv_row(struct cli_table *t, const char *const *cells)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < t->ncols; i++) {
		char *clean = NULL;

		if (i)
			rc = cli_write(t->cli, ",", 1);
		if (!rc && t->clean && cells[i] && !(clean = clean_copy(cells[i], strlen(cells[i]))))
			rc = cli_error(CLI_ESOFTWARE, "out of memory");
		if (!rc)
			rc = csv_field(t->cli, clean ? clean : cells[i]);
		free(clean);
	}
	return rc ? rc : cli_write(t->cli, "\n", 1);
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
	t->clean = isatty(fileno(cli->out));
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
		return csv_row(t, t->headers);
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

enum cli_format cli_table_format(const struct cli_table *t)
{
	return t->cli->format;
}

/* Control characters would break a table's alignment, and escape
 * sequences in stored text could drive the terminal: people see a space. */
static int write_clean(struct cli *cli, const char *s, size_t len)
{
	char *clean = clean_copy(s, len);
	int rc = clean ? cli_write(cli, clean, strlen(clean))
		       : cli_error(CLI_ESOFTWARE, "out of memory");

	free(clean);
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

/* A copy of s for a table cell, cleaned for the terminal; null shows as
 * "-". */
static char *cell_copy(const char *s)
{
	s = s ? s : "-";
	return clean_copy(s, strlen(s));
}

int cli_table_row(struct cli_table *t, const char *const *cells)
{
	if (t->cli->format == CLI_FORMAT_CSV) {
		int rc = start(t);

		return rc ? rc : csv_row(t, cells);
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
		size_t pad = i < last ? width[i] - cli_display_width(cells[i]) + 2 : 0;

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
		width[i] = cli_display_width(t->headers[i]);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t i = 0; i < t->ncols; i++) {
			size_t w = cli_display_width(t->cells[r * t->ncols + i]);

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

/* JSON is written here, not by jansson's dumper, for two reasons: numbers
 * are the shortest text that reads back as the same double (jansson
 * prints 17 digits, 0.29999999999999999, or a fixed precision that loses
 * some), and DEL and the C1 controls are escaped (\u007F, \u009B) as the C0
 * ones are, so that JSON on a terminal cannot drive it yet reads back
 * exactly. The layout is jansson's JSON_INDENT(2), members in the order
 * they were set, so the output is what it always was. */

static int json_newline(struct cli *cli, size_t depth)
{
	static const char spaces[] = "                                ";
	int rc = cli_write(cli, "\n", 1);

	for (size_t n = 2 * depth; !rc && n;) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		rc = cli_write(cli, spaces, k);
		n -= k;
	}
	return rc;
}

static int json_string_write(struct cli *cli, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *run = p, *end = p + len;
	int rc = cli_write(cli, "\"", 1);

	while (!rc && p < end) {
		char seq[8];
		const char *esc = NULL;
		unsigned cp;
		size_t n = utf8_next(p, (size_t)(end - p), &cp);

		switch (cp) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			/* jansson checks the UTF-8 of its strings: defence only */
			if (cp == UTF8_INVALID) {
				esc = REPLACEMENT;
			} else if (is_control(cp)) {
				snprintf(seq, sizeof(seq), "\\u%04X", cp);
				esc = seq;
			}
		}
		if (esc) {
			rc = cli_write(cli, (const char *)run, (size_t)(p - run));
			if (!rc)
				rc = cli_write(cli, esc, strlen(esc));
			run = p + n;
		}
		p += n;
	}
	if (!rc)
		rc = cli_write(cli, (const char *)run, (size_t)(end - run));
	return rc ? rc : cli_write(cli, "\"", 1);
}

/* Writes v, whose first line is already indented for depth. */
static int json_write(struct cli *cli, json_t *v, size_t depth)
{
	const char *key;
	json_t *member;
	char buf[32];
	const char *num;
	size_t k = 0;
	int rc = 0;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (!json_object_size(v))
			return cli_write(cli, "{}", 2);
		rc = cli_write(cli, "{", 1);
		json_object_foreach(v, key, member) {
			if (!rc && k++)
				rc = cli_write(cli, ",", 1);
			if (!rc)
				rc = json_newline(cli, depth + 1);
			if (!rc)
				rc = json_string_write(cli, key, strlen(key));
			if (!rc)
				rc = cli_write(cli, ": ", 2);
			if (!rc)
				rc = json_write(cli, member, depth + 1);
			if (rc)
				break;
		}
		if (!rc)
			rc = json_newline(cli, depth);
		return rc ? rc : cli_write(cli, "}", 1);
	case JSON_ARRAY:
		if (!json_array_size(v))
			return cli_write(cli, "[]", 2);
		rc = cli_write(cli, "[", 1);
		for (k = 0; !rc && k < json_array_size(v); k++) {
			if (k)
				rc = cli_write(cli, ",", 1);
			if (!rc)
				rc = json_newline(cli, depth + 1);
			if (!rc)
				rc = json_write(cli, json_array_get(v, k), depth + 1);
		}
		if (!rc)
			rc = json_newline(cli, depth);
		return rc ? rc : cli_write(cli, "]", 1);
	case JSON_STRING:
		return json_string_write(cli, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return cli_write(cli, buf, strlen(buf));
	case JSON_REAL:
		/* NaN and the infinities have no JSON form (jansson refuses them) */
		num = cli_format_double(buf, json_real_value(v));
		return cli_write(cli, num ? num : "null", strlen(num ? num : "null"));
	case JSON_TRUE:
		return cli_write(cli, "true", 4);
	case JSON_FALSE:
		return cli_write(cli, "false", 5);
	default:
		return cli_write(cli, "null", 4);
	}
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
	if (!rc)
		rc = json_write(cli, item, 1);
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
	int rc;

	if (!value)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	rc = json_write(cli, value, 0);
	json_decref(value);
	return rc ? rc : cli_write(cli, "\n", 1);
}

json_t *cli_json_text(const char *s)
{
	size_t len = strlen(s), valid = stance_utf8_prefix(s, len);
	json_t *str;
	char *buf, *q;

	if (valid == len)
		return json_string(s);
	/* at most three bytes for every byte that is replaced */
	buf = malloc(len * 3 + 1);
	if (!buf)
		return NULL;
	q = buf;
	while (len) {
		memcpy(q, s, valid);
		q += valid;
		s += valid;
		len -= valid;
		if (len) {
			memcpy(q, REPLACEMENT, 3);
			q += 3;
			s++;
			len--;
		}
		valid = stance_utf8_prefix(s, len);
	}
	str = json_stringn(buf, (size_t)(q - buf));
	free(buf);
	return str;
}

/* ---- stance values ---------------------------------------------------------- */

const char *cli_stance_symbol(char buf[4], int value, int red_line)
{
	const char *s = stance_stance_symbol(value);

	snprintf(buf, 4, "%s%s", s ? s : "?", red_line ? "!" : "");
	return buf;
}
