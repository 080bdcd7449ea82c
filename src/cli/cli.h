/*
 * cli.h - what every `stance` command shares: the run's state, the command
 * table entry, exit codes and error messages, the option parser and the
 * output writers (table, csv, json).
 *
 * A command is one function `int cmd_x(struct cli *cli, int argc, char **argv)`
 * listed in the table in main.c. It declares its options in a struct
 * cli_spec, calls cli_parse() first, then reads its options with cli_opt()
 * and friends and uses cli->db, which cli_parse() has opened as the
 * command's flags ask. It returns an exit code; the dispatcher closes the
 * database, flushes stdout and frees the parsed arguments.
 *
 *	static const struct cli_option opts[] = {
 *		{ "party", 0, "P", CLI_OPT_REPEAT, "only this party (repeatable)" },
 *		{ "as-of", 0, "D", 0, "positions as of this date" },
 *		{ NULL, 0, NULL, 0, NULL }
 *	};
 *	static const struct cli_spec spec = {
 *		.usage = "positions [--as-of D] [--party P]...",
 *		.options = opts,
 *		.min_args = 0, .max_args = 0,
 *		.details = "json: an array of {\"party\", \"issue\", ...}",
 *	};
 *
 *	int cmd_positions(struct cli *cli, int argc, char **argv)
 *	{
 *		int rc = cli_parse(cli, &spec, argc, argv);
 *
 *		if (rc != CLI_RUN)
 *			return rc;
 *		parties = cli_opt_all(cli, "party", &values);
 *		rc = cli_table_begin(&t, cli, headers, 3);
 *		... one cli_table_row() or cli_table_json() per record ...
 *		return cli_table_end(t, rc);
 *	}
 *
 * and adds { "positions", cmd_positions, CLI_DB_READ, "summary" } to the
 * table in main.c and its prototype to commands.h. A library error becomes
 * `return cli_fail(rc);`.
 *
 * Only the CLI prints, and only through these functions or cli->out, so
 * that every write to stdout is checked (a failed write is exit 74).
 */
#ifndef STANCE_CLI_H
#define STANCE_CLI_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "stance/stance.h"

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

/* Exit codes (sysexits.h). */
enum cli_exit {
	CLI_OK = 0,
	CLI_EUSAGE = 64,      /* unknown command or flag, missing argument */
	CLI_EDATA = 65,       /* an invalid value, not a stance database... */
	CLI_ENOINPUT = 66,    /* no such file or database */
	CLI_ESOFTWARE = 70,   /* internal error */
	CLI_ECANTCREATE = 73,
	CLI_EIO = 74,         /* including a failed write to stdout */
	CLI_ETEMPFAIL = 75    /* database still busy after the timeout */
};

/* What cli_parse() returns when the command should go on; any other value
 * is the exit code to return at once (0 after --help). */
#define CLI_RUN (-1)

enum cli_format {
	CLI_FORMAT_TABLE,
	CLI_FORMAT_JSON,
	CLI_FORMAT_CSV
};

/* How the framework opens the database for a command (cli_command.flags). */
enum cli_command_flags {
	CLI_DB_NONE = 0,   /* no database */
	CLI_DB_READ = 1,   /* must exist; only read (opened read-write, see cli.c) */
	CLI_DB_WRITE = 2,  /* must exist and be current; opened read-write */
	CLI_DB_INIT = 3,   /* created or migrated (stance init) */
	CLI_DB_MASK = 3
};

struct cli_command;
struct cli_spec;

/* The state of one run of stance. */
struct cli {
	const char *db_path;   /* --db, else $STANCE_DB, else ./stance.db */
	enum cli_format format;
	const char *analyst;   /* --analyst, $STANCE_ANALYST, $USER, login name */
	stance_db *db;         /* open during the command when its flags ask */
	FILE *out;             /* stdout */
	int color;             /* bold headers: --color, see resolve_color() in cli.c */

	/* the framework's own; commands read them through the functions below */
	const struct cli_command *command;  /* the running command */
	const struct cli_spec *spec;        /* what cli_parse() parsed */
	const char **values;                /* option values, by option then order */
	size_t *nvalues;                    /* per option: how many */
	size_t *first;                      /* per option: index into values */
	char **args;                        /* positional arguments (borrowed) */
	size_t nargs;
	int format_set, db_set, analyst_set, color_set;
	const char *format_value;           /* --format as given, checked by cli_parse() */
	const char *color_value;            /* --color as given, checked by cli_parse() */
	int in_txn;                         /* the command's write transaction is open */
	const char *out_name;               /* what cli->out writes to, for messages:
					       NULL for stdout (see cli_output()) */
	int out_failed;                     /* a write to out failed (reported) */
	size_t json_items;                  /* items written in the open list */
};

struct cli_command {
	const char *name;  /* "record", or two words for a group: "party add" */
	int (*fn)(struct cli *cli, int argc, char **argv);
	unsigned flags;    /* enum cli_command_flags */
	const char *summary;
};

/* The command table (main.c), alphabetical, and its length. */
extern const struct cli_command cli_commands[];
extern const size_t cli_ncommands;

/* ---- errors ---------------------------------------------------------- */

/* Prints "stance: error: <stance_error_last()>" to stderr and returns the
 * exit code of the libstance code: EINVALID, ENOTFOUND, EEXISTS, ENOTSTANCE,
 * ENEWER, EOLDER, ECONFLICT, EAMBIGUOUS → 65; ENODB → 66; ECANTCREATE → 73;
 * EIO → 74; EBUSY → 75; ENOMEM, EINTERNAL and anything else → 70. */
int cli_fail(int stance_rc);

/* The exit code of a libstance code, without printing. */
int cli_exit_code(int stance_rc);

/* Prints "stance: error: <message>" and returns 64. */
int cli_usage_error(const char *fmt, ...) CLI_PRINTF(1, 2);

/* Prints "stance: error: <message>" and returns code (e.g. CLI_EDATA). */
int cli_error(int code, const char *fmt, ...) CLI_PRINTF(2, 3);

/* ---- options --------------------------------------------------------- */

enum cli_option_flags {
	CLI_OPT_REPEAT = 1 << 0,    /* may be given several times */
	CLI_OPT_REQUIRED = 1 << 1   /* missing → usage error (64) */
};

struct cli_option {
	const char *name;      /* long name without "--": "party" */
	char short_name;       /* 'o' for -o, 0 for none */
	const char *arg;       /* the value's name in help ("P"), NULL: a switch */
	unsigned flags;        /* enum cli_option_flags */
	const char *help;      /* one line */
};

struct cli_spec {
	/* after "usage: stance ": "retract ID --reason TEXT" */
	const char *usage;
	/* terminated by an entry whose name is NULL; NULL for none */
	const struct cli_option *options;
	/* positional arguments: at least min_args, at most max_args (-1: any) */
	int min_args, max_args;
	/* the positional arguments' names for "missing ID" messages, e.g. "ID" */
	const char *args_name;
	/* extra paragraphs printed by --help after the options, or NULL */
	const char *details;
};

/* Parses the command's arguments: argv[0] is the command's (last) word,
 * the rest are options ("--opt value", "--opt=value", "-o value", "-ovalue"),
 * positional arguments and "--", after which everything is positional.
 * Also accepts the global options --db, --format and --analyst. Handles
 * -h/--help (prints the usage, summary and options to stdout). Then
 * resolves the defaults (db path, analyst) and opens cli->db as the
 * command's flags ask. Returns CLI_RUN, or the exit code to return now:
 * 0 after --help, 64 for a usage error, 65/66/... when the database cannot
 * be opened. Everything parsed borrows from argv. */
int cli_parse(struct cli *cli, const struct cli_spec *spec, int argc, char **argv);

/* A command whose spec declares its own "format" option (with its own
 * choices, e.g. `network --format graphml|dot|csv`) takes --format
 * wherever it is given, before or after the command, as that option;
 * cli_parse() then leaves cli->format alone and the command checks the
 * value with cli_choice(). Every other command gets the global choices
 * table, json and csv, checked by cli_parse(). */

/* The index in choices (NULL-terminated) of the value of option name, or
 * 0, the default, when it is not given. Returns 0, or prints "invalid
 * <name> '<value>' (choose from: ...)" and returns 65. */
int cli_choice(const struct cli *cli, const char *name, const char *const *choices,
	       size_t *out);

/* The value of an option (the last one for a repeatable option), NULL
 * when not given. name must be one of the spec's options (asserted), or
 * "db" or "analyst" for the resolved global values. */
const char *cli_opt(const struct cli *cli, const char *name);

/* All values of a repeatable option, in order; *values is borrowed and
 * NULL when there are none. */
size_t cli_opt_all(const struct cli *cli, const char *name, const char *const **values);

/* How many times an option (e.g. a switch) was given. */
size_t cli_has(const struct cli *cli, const char *name);

/* Prints the help of the running command (the spec given to cli_parse) to
 * out; used by --help. Returns 0 or 74. */
int cli_print_help(struct cli *cli, const struct cli_spec *spec);

/* Parses the values of --position (ISSUE=STANCE[!]) and --condition
 * (ISSUE=TEXT, naming an issue of one of the positions, at most once each)
 * into a new array *out of npos positions, conditions attached. Returns 0,
 * or prints the error and returns its exit code (65 for a bad value). Free
 * with cli_positions_free(). */
int cli_positions_parse(stance_position **out, const char *const *specs, size_t npos,
			const char *const *conditions, size_t nconditions);
void cli_positions_free(stance_position *pos, size_t npos);

/* A new JSON string of s, which need not be UTF-8 (a path from the
 * command line): each byte that is not UTF-8 becomes U+FFFD. NULL only when
 * out of memory. */
json_t *cli_json_text(const char *s);

/* For the dispatcher (main.c): tries argv[*i] as a global option given
 * before the command. Returns CLI_RUN when it is not one, 0 when it was
 * taken (*i then points at its value), or an exit code. */
int cli_parse_global(struct cli *cli, int argc, char **argv, int *i);

/* For the dispatcher, after the command returned rc: flushes stdout, then
 * commits the command's write transaction when rc is 0 and everything was
 * written, and rolls it back otherwise; closes the database and frees what
 * cli_parse() allocated (cli_cleanup()). Returns the exit code. */
int cli_finish(struct cli *cli, int rc);

/* Closes the database and frees what cli_parse() allocated. */
void cli_cleanup(struct cli *cli);

/* ---- output (output.c) ----------------------------------------------- */

/* printf to cli->out. Returns 0, or 74 after printing an error, once. */
int cli_printf(struct cli *cli, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Writes len bytes to cli->out; 0 or 74. */
int cli_write(struct cli *cli, const char *data, size_t len);

/* Prints one line for people (table format): formats it, turns control
 * characters into spaces, so that stored text can neither break the line
 * nor send escape sequences to the terminal, and adds "\n". 0, 70 or 74. */
int cli_line(struct cli *cli, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Runs fn(cli, ctx) with cli->out writing to the file path instead of
 * stdout (path NULL or "-": stdout). The file is written as a temporary
 * file beside path (mode 0600, as the database), synced and renamed over
 * path only when fn returns 0, so that a failed command never leaves half a
 * file nor clobbers an existing one. Returns fn's exit code, or 73/74 (the
 * message names path). */
int cli_output(struct cli *cli, const char *path, int (*fn)(struct cli *cli, void *ctx),
	       void *ctx);

/* Writes text (NULL: nothing) for XML or HTML: &, <, >, " and ' as
 * entities and control characters other than tab, LF and CR as spaces
 * (XML 1.0 forbids them), so that stored text, which is untrusted, can
 * neither open markup nor leave an attribute value. 0 or 74. */
int cli_write_xml(struct cli *cli, const char *text);

/* Flushes cli->out and checks for earlier failed writes; 0 or 74. */
int cli_flush(struct cli *cli);

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

/* Writes what is buffered, closes the list and frees the table; accepts
 * NULL. Pass the rc of the command so far: on failure nothing more is
 * written. Returns rc, or the writer's error. */
int cli_table_end(struct cli_table *t, int rc);

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

/* ---- stance values shown to people and as JSON (output.c) ------------ */

/* The short symbol of a stance ("--", "-", "0", "+", "++") followed by "!"
 * for a red line, into buf (at least 4 bytes); returns buf. */
const char *cli_stance_symbol(char buf[4], int value, int red_line);

/* Entities and statements are printed in their snapshot shapes with
 * stance_snapshot_entity_json() and stance_snapshot_statement_json() of
 * libstance (stance/snapshot.h), the same code that exports them. */

/* A list of statements: cli_table_begin() with the columns of the format
 * (table: id prefix, date, party, actor, kind, text excerpt, positions
 * summary; csv: every column; json: the snapshot shape), then one record
 * per statement. */
int cli_statements_begin(struct cli_table **out, struct cli *cli);
int cli_statements_row(struct cli_table *t, const stance_statement *st);

/* Prints a statement that a write command returns in json format (the
 * snapshot shape): reads it by id and prints it. Returns 0 or the exit
 * code. */
int cli_statement_print_json(struct cli *cli, const char *id);

/* The JSON string or null for s: a new reference. */
json_t *cli_json_string_or_null(const char *s);

/* ---- added for issue 10 (output) ---- */

/* The shortest text that reads back (strtod) as x, always with a '.' or an
 * exponent so that it reads back as a real ("0.3", "1.0", "1e-7"; never
 * "0.29999999999999999"), into buf; returns buf, or NULL for NaN and the
 * infinities, which JSON cannot hold. csv and JSON print numbers with it
 * (DESIGN.md §3). */
const char *cli_format_double(char buf[32], double x);

/* Reports a failed write to cli->out, naming what it writes to (the -o
 * FILE, or standard output), once; for a writer outside output.c, such as
 * libstance's snapshot export, whose error is errno err (0: EIO). Returns
 * 74. */
int cli_write_failed(struct cli *cli, int err);

/* What output.c does beyond the comments above (issue 10):
 * - cli_output(): FILE that exists and is not a regular file (a device, a
 *   FIFO) is written directly, never replaced; a path that leads to one of
 *   the process's descriptors (/dev/stdout, /dev/fd/N) writes through that
 *   descriptor; symlinks are followed, so the temporary file is made beside
 *   the file a link names and a link stays a link; FILE naming the database
 *   or its -wal, -shm or -journal is refused (65).
 * - cli_write_xml(): characters XML forbids or discourages (C0 controls
 *   other than tab, LF and CR, DEL, C1, U+FFFE, U+FFFF) become U+FFFD.
 * - cli_line() and table cells: C0, DEL and C1 controls become spaces;
 *   csv keeps every byte except on a terminal, where cells are cleaned as a
 *   table's are; JSON escapes C0, DEL and C1 as \u00XX. */

#endif
