/*
 * cli.h - what every `stance` command shares: the run's state, the command
 * table entry, the option parser and the dispatcher's part. Errors and
 * exit codes are error.h's, the writers (table, csv, json) output.h's; both
 * come with this header.
 *
 * Adding a command is:
 *  1. one src/cli/cmd-<name>.c with `int cmd_<name>(struct cli *cli, int
 *     argc, char **argv)` (its prototype in commands.h, the file in the
 *     sources of src/cli/meson.build);
 *  2. one line in the alphabetical table in main.c:
 *     { "<name>", cmd_<name>, CLI_DB_READ, "summary for --help" };
 *  3. its synopsis and every option in the man page, docs/stance.1
 *     (tests/install/test_man.py checks that each option of --help is
 *     there), and its options in completion/stance.bash.
 *
 * The command declares its options with the variables they fill, as git's
 * parse-options.h does, calls cli_parse_options() first, then uses the
 * variables and cli->db, which the parser has opened as the command's
 * table flags ask. It returns an exit code; the dispatcher commits or
 * rolls back, closes the database, flushes stdout and frees what the
 * parser allocated. A library error becomes `return cli_fail(rc);`.
 *
 *	static const struct cli_spec spec = {
 *		.usage = "positions [--as-of D] [--party P]...",
 *		.min_args = 0, .max_args = 0,
 *		.details = "json: an array of {\"party\", \"issue\", ...}",
 *	};
 *
 *	int cmd_positions(struct cli *cli, int argc, char **argv)
 *	{
 *		const char *as_of = NULL;
 *		struct cli_strings parties = { 0 };
 *		const struct cli_opt opts[] = {
 *			CLI_OPT_STRING(0, "as-of", &as_of, "D", "as of this date"),
 *			CLI_OPT_STRINGS(0, "party", &parties, "P", "only this party (repeatable)"),
 *			CLI_OPT_END
 *		};
 *		int rc = cli_parse_options(cli, &spec, opts, argc, argv);
 *
 *		if (rc != CLI_RUN)
 *			return rc;
 *		rc = cli_table_begin(&t, cli, headers, 3);
 *		... one cli_table_row() or cli_table_json() per record ...
 *		return cli_table_end(t, rc);
 *	}
 */
#ifndef STANCE_CLI_H
#define STANCE_CLI_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "stance/stance.h"

#include "error.h"
#include "output.h"

/* What cli_parse_options() returns when the command should go on; any
 * other value is the exit code to return at once (0 after --help). */
#define CLI_RUN (-1)

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
	/* the library's notes, given to stance_db_set_note() once the database
	 * is open with the cli as ctx (main.c keeps them with cli_keep_note()) */
	void (*note)(const char *msg, void *ctx);
	char *notes;           /* kept notes, one per line, for cli_finish() */
	size_t notes_len;

	/* the framework's own */
	const struct cli_command *command;  /* the running command */
	char **args;                        /* positional arguments (borrowed) */
	size_t nargs;
	const char **strings;               /* the arrays of the struct cli_strings */
	int format_set, db_set, analyst_set, color_set;
	const char *format_value;           /* --format as given, checked by the parser */
	const char *color_value;            /* --color as given, checked by the parser */
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

/* ---- options --------------------------------------------------------- */

/* The values of a repeatable option, in the order given; v is NULL when
 * there are none. The strings borrow from argv, the array is the parser's
 * (freed by cli_cleanup()). */
struct cli_strings {
	const char **v;
	size_t n;
};

enum cli_opt_type {
	CLI_OPT_T_END,      /* ends an array of options */
	CLI_OPT_T_STRING,   /* const char *: the value; given twice is an error */
	CLI_OPT_T_STRINGS,  /* struct cli_strings: every value (repeatable) */
	CLI_OPT_T_SWITCH,   /* int: set to 1; takes no value; given twice is an error */
	CLI_OPT_T_CHOICE    /* size_t: the index of the value in choices; an
			       invalid value is "invalid <name> '<value>' (choose
			       from: ...)", 65 */
};

/* cli_opt.flags */
enum cli_opt_flags {
	CLI_REQUIRED = 1 << 0   /* missing → "'stance X' needs --name ARG" (64) */
};

/* One option of a command: declare them with the CLI_OPT_*() macros below,
 * in the order --help lists them, ended by CLI_OPT_END. A variable that is
 * not given keeps the value it had (its default). */
struct cli_opt {
	enum cli_opt_type type;
	char short_name;       /* 'o' for -o, 0 for none */
	const char *name;      /* long name without "--": "party" */
	union {                /* the variable, by type (checked by the compiler) */
		const char **string;
		struct cli_strings *strings;
		int *flag;
		size_t *index;
	} value;
	const char *arg;       /* the value's name in help ("P"); NULL for a switch */
	const char *help;      /* one line */
	unsigned flags;        /* enum cli_opt_flags */
	const char *const *choices;  /* CLI_OPT_T_CHOICE: NULL-terminated */
};

#define CLI_OPT_STRING_F(s, l, v, a, h, f) \
	{ .type = CLI_OPT_T_STRING, .short_name = (s), .name = (l), .value.string = (v), \
	  .arg = (a), .help = (h), .flags = (f) }
#define CLI_OPT_STRING(s, l, v, a, h) CLI_OPT_STRING_F(s, l, v, a, h, 0)
#define CLI_OPT_STRINGS_F(s, l, v, a, h, f) \
	{ .type = CLI_OPT_T_STRINGS, .short_name = (s), .name = (l), .value.strings = (v), \
	  .arg = (a), .help = (h), .flags = (f) }
#define CLI_OPT_STRINGS(s, l, v, a, h) CLI_OPT_STRINGS_F(s, l, v, a, h, 0)
#define CLI_OPT_SWITCH(s, l, v, h) \
	{ .type = CLI_OPT_T_SWITCH, .short_name = (s), .name = (l), .value.flag = (v), \
	  .help = (h) }
#define CLI_OPT_CHOICE(s, l, v, a, h, c) \
	{ .type = CLI_OPT_T_CHOICE, .short_name = (s), .name = (l), .value.index = (v), \
	  .arg = (a), .help = (h), .choices = (c) }
#define CLI_OPT_END { .type = CLI_OPT_T_END }

/* -o FILE, for cli_output() (output.h); the command's details say more. */
#define CLI_OPT_OUTPUT(v) \
	CLI_OPT_STRING('o', "output", v, "FILE", "write to FILE instead of stdout (see below)")

/* What a command takes besides its options. */
struct cli_spec {
	/* after "usage: stance ": "retract ID --reason TEXT" */
	const char *usage;
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
 * Sets the variables of opts as it goes, and cli->args. Also takes the
 * global options --db, --format, --analyst and --color, before or after
 * the command; a command that declares its own "format" option (with its
 * own choices: `network --format graphml|gexf|dot|csv`) takes --format wherever
 * it is given as that option, and cli->format stays table. Handles
 * -h/--help (prints the usage, summary and options to stdout). Then checks
 * the required options, the number of positional arguments and the
 * choices, resolves the defaults (db path, analyst, colour) and opens
 * cli->db as the command's flags ask. Returns CLI_RUN, or the exit code to
 * return now: 0 after --help, 64 for a usage error (unknown option, given
 * twice, missing value or argument), 65 for an invalid choice, 65/66/...
 * when the database cannot be opened. Everything parsed borrows from argv. */
int cli_parse_options(struct cli *cli, const struct cli_spec *spec, const struct cli_opt *opts,
		      int argc, char **argv);

/* Prints the help of a command (its spec and options) to cli->out; used
 * by --help. Returns 0 or 74. */
int cli_print_help(struct cli *cli, const struct cli_spec *spec, const struct cli_opt *opts);


/* ---- argument values and the dispatcher ------------------------------- */

/* The limit on a statement's text (design §3): a longer file is refused
 * before it is read whole. */
#define CLI_TEXT_MAX 100000

/* Reads the text of path ("-": standard input) for --text-file into *out,
 * a new string without a UTF-8 byte order mark at its start and without
 * its final newline ("\n" or "\r\n"). Returns 0, or the exit code after
 * the message: 66 when it cannot be opened, 65 when it is longer than
 * CLI_TEXT_MAX or holds a NUL, 74 when it cannot be read. */
int cli_read_text_file(char **out, const char *path);

/* Parses the values of --position (ISSUE=STANCE[!]) and --condition
 * (ISSUE=TEXT, naming an issue of one of the positions, at most once each)
 * into a new array *out of specs->n positions, conditions attached.
 * Returns 0, or prints the error and returns its exit code (65 for a bad
 * value). Free with cli_positions_free(). */
int cli_positions_parse(stance_position **out, const struct cli_strings *specs,
			const struct cli_strings *conditions);
void cli_positions_free(stance_position *pos, size_t npos);

/* For the dispatcher (main.c): tries argv[*i] as a global option given
 * before the command. Returns CLI_RUN when it is not one, 0 when it was
 * taken (*i then points at its value), or an exit code. */
int cli_parse_global(struct cli *cli, int argc, char **argv, int *i);

/* For the dispatcher, after the command returned rc: flushes stdout, then
 * commits the command's write transaction when rc is 0 and everything was
 * written, and rolls it back otherwise; closes the database and frees what
 * the parser allocated (cli_cleanup()). Returns the exit code. */
int cli_finish(struct cli *cli, int rc);

/* Keeps a note of the library for the end of the command: cli_finish()
 * prints the notes on stderr when the command succeeded, and drops them
 * when it failed, whose one-line error says what matters. */
void cli_keep_note(struct cli *cli, const char *msg);

/* Prints the kept notes, each line once (a slug named in several places is
 * one note), and forgets them: cli_flush() does once the output is out,
 * so that they come before what a write command says it did. */
void cli_print_notes(struct cli *cli);

/* Closes the database and frees what the parser allocated. */
void cli_cleanup(struct cli *cli);

#endif
