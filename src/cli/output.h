/*
 * output.h - everything stance writes to stdout or to an -o FILE
 * (output.c): checked writes, lines for people, tables (aligned for people,
 * or RFC 4180 csv), streamed JSON, XML text, numbers, the width and
 * excerpts of text. Only the CLI prints, and only through these functions
 * or cli->out, so that every write is checked (a failed write is exit 74).
 *
 * Stored text is untrusted: no control character reaches a terminal from a
 * line or a table (C0, DEL and C1 become spaces; csv keeps every byte
 * except on a terminal, where cells are cleaned as a table's are), JSON
 * escapes C0, DEL and C1 as \u00XX, and XML outputs never hold a character
 * XML forbids or discourages (U+FFFD stands for it).
 */
#ifndef STANCE_CLI_OUTPUT_H
#define STANCE_CLI_OUTPUT_H

#include <stddef.h>

#include <jansson.h>

#include "error.h"

struct cli;

/* What the output is written as: --format. */
enum cli_format {
	CLI_FORMAT_TABLE,
	CLI_FORMAT_JSON,
	CLI_FORMAT_CSV
};

/* printf to cli->out. Returns 0, or 74 after printing an error, once:
 * after a failure every later write returns 74 at once without writing. */
int cli_printf(struct cli *cli, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Writes len bytes to cli->out; 0 or 74. */
int cli_write(struct cli *cli, const char *data, size_t len);

/* Flushes cli->out and checks for earlier failed writes; 0 or 74. */
int cli_flush(struct cli *cli);

/* Reports a failed write to cli->out, naming what it writes to (the -o
 * FILE, or standard output), once; for a writer outside output.c, such as
 * libstance's snapshot export, whose error is errno err (0: EIO). Returns
 * 74. */
int cli_write_failed(struct cli *cli, int err);

/* Prints one line for people (table format): formats it, turns control
 * characters into spaces, so that stored text can neither break the line
 * nor send escape sequences to the terminal, and adds "\n". 0, 70 or 74. */
int cli_line(struct cli *cli, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Runs fn(cli, ctx) with cli->out writing to the file path instead of
 * stdout (path NULL or "-": stdout). A regular file (or a new one) is
 * written as a temporary file beside path (mode 0600, as the database),
 * synced and renamed over path only when fn returns 0, so that a failed
 * command never leaves half a file nor clobbers an existing one. A path
 * that exists and is not a regular file (a device, a FIFO) is written
 * directly, never replaced; one that leads to a descriptor of the process
 * (/dev/stdout, /dev/fd/N) writes through that descriptor; symlinks are
 * followed, so the temporary file is made beside the file a link names and
 * a link stays a link; the database or its -wal, -shm or -journal is
 * refused (65). Returns fn's exit code, or 73/74 (the message names
 * path). */
int cli_output(struct cli *cli, const char *path, int (*fn)(struct cli *cli, void *ctx),
	       void *ctx);

/* Writes text (NULL: nothing) for XML or HTML: &, <, >, " and ' as
 * entities, so that stored text can neither open markup nor leave an
 * attribute value, and the characters XML forbids or discourages (C0
 * controls other than tab, LF and CR, DEL, C1, U+FFFE, U+FFFF, bytes that
 * are not UTF-8) as U+FFFD. 0 or 74. */
int cli_write_xml(struct cli *cli, const char *text);

/* ---- text ------------------------------------------------------------ */

/* The width of s on a terminal: its UTF-8 characters (continuation bytes
 * take no room). Tables and the analysis grids align with it. */
size_t cli_display_width(const char *s);

/* The bytes cli_excerpt() needs for an excerpt of chars characters. */
#define CLI_EXCERPT_SIZE(chars) ((chars) * 4 + 4)

/* The first chars characters of text (NULL: ""), cut on a character
 * boundary and ending in "…" when cut (after the last word: blanks before
 * the "…" are dropped), with control characters turned into spaces and
 * bytes that are not UTF-8 into U+FFFD, so that stored text cannot break a
 * line or drive the terminal; into buf of size bytes (CLI_EXCERPT_SIZE
 * (chars) always suffice; a smaller buf cuts earlier). Returns buf. */
const char *cli_excerpt(char *buf, size_t size, const char *text, size_t chars);

/* The short symbol of a stance ("--", "-", "0", "+", "++") followed by "!"
 * for a red line, into buf (at least 4 bytes); returns buf. */
const char *cli_stance_symbol(char buf[4], int value, int red_line);

/* The shortest text that reads back (strtod) as x, always with a '.' or an
 * exponent so that it reads back as a real ("0.3", "1.0", "1e-7"; never
 * "0.29999999999999999"), into buf; returns buf, or NULL for NaN and the
 * infinities, which JSON cannot hold. csv and JSON print numbers with it
 * (docs/design.md §3). */
const char *cli_format_double(char buf[32], double x);

/* ---- tables ---------------------------------------------------------- */

/* A list of records, written in cli->format: table buffers the rows to
 * align the columns (for people: as many rows as fit a screen, not a
 * million); csv (RFC 4180: a header row, rows end with "\n", a field with a
 * comma, quote, CR or LF is quoted, quotes doubled) and json (an array,
 * see below) stream each record as it comes. The command gives each record
 * as cells (table, csv) or as a JSON object (json):
 *
 *	rc = cli_table_begin(&t, cli, headers, 3);
 *	while (!rc && more)
 *		rc = cli->format == CLI_FORMAT_JSON ? cli_table_json(t, obj)
 *						    : cli_table_row(t, cells);
 *	rc = cli_table_end(t, rc);
 */
struct cli_table;

/* Starts a list with ncols headers (borrowed, must outlive the table).
 * Nothing is written yet: the csv header or the json "[" comes with the
 * first record or at cli_table_end(), so a command that fails before its
 * first record prints nothing on stdout. *out is set even on failure (pass
 * it to cli_table_end). Returns 0 or 70 (no memory). */
int cli_table_begin(struct cli_table **out, struct cli *cli,
		    const char *const *headers, size_t ncols);

/* Adds a row of ncols cells (copied). NULL (null) prints as "-" in table
 * format and as an empty field in csv; table format turns control
 * characters into spaces. */
int cli_table_row(struct cli_table *t, const char *const *cells);

/* Adds a JSON record (steals the reference; NULL means out of memory). */
int cli_table_json(struct cli_table *t, json_t *item);

/* The format the table is written in (its cli's --format). */
enum cli_format cli_table_format(const struct cli_table *t);

/* Writes what is buffered, closes the list and frees the table; accepts
 * NULL. Pass the rc of the command so far: on failure nothing more is
 * written. Returns rc, or the writer's error. */
int cli_table_end(struct cli_table *t, int rc);

/* ---- JSON ------------------------------------------------------------ */

/* JSON, pretty-printed with 2-space indentation, objects' members in the
 * order they were set, one value per document ending with "\n". A list is
 * streamed: "[", then each item as it comes, then "]"; an empty list is
 * "[]". */
int cli_json_begin(struct cli *cli);
/* Writes one item of the list and releases the reference (steals it;
 * NULL is a memory failure: 70). */
int cli_json_item(struct cli *cli, json_t *item);
int cli_json_end(struct cli *cli, int rc);
/* Writes one whole value and releases it (steals the reference). */
int cli_json_value(struct cli *cli, json_t *value);

/* A new JSON string of s, which need not be UTF-8 (a path from the
 * command line): each byte that is not UTF-8 becomes U+FFFD. NULL only when
 * out of memory. */
json_t *cli_json_text(const char *s);

/* Entities and statements are printed in their snapshot shapes with
 * stance_snapshot_entity_json() and stance_snapshot_statement_json() of
 * libstance (stance/snapshot.h), the same code that exports them; lists of
 * statements with statement-output.h. */

#endif
