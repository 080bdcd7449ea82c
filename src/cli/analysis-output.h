/*
 * analysis-output.h - what the analysis commands (positions, conflicts,
 * matrix, history, shifts, report, network) share: their scope options, the stance values
 * they show, colours for people, excerpts of statement text and the JSON and
 * csv forms of values.
 */
#ifndef STANCE_CLI_ANALYSIS_OUTPUT_H
#define STANCE_CLI_ANALYSIS_OUTPUT_H

#include "cli.h"
#include "entity-list.h"

/* The scope options the commands share, declared in their option arrays
 * with the help each needs:
 *
 *	struct analysis_opts scope = { 0 };
 *	const struct cli_opt opts[] = {
 *		ANALYSIS_AS_OF(&scope),
 *		ANALYSIS_AS_KNOWN(&scope),
 *		ANALYSIS_PARTIES(&scope, "only this party (repeatable)"),
 *		CLI_OPT_END
 *	};
 */
struct analysis_opts {
	const char *as_of;
	const char *as_known;
	struct cli_strings parties, issues;
};

#define ANALYSIS_AS_OF_HELP "as of this date, inclusive (default: all statements)"
#define ANALYSIS_AS_OF(o) CLI_OPT_STRING(0, "as-of", &(o)->as_of, "D", ANALYSIS_AS_OF_HELP)
#define ANALYSIS_AS_KNOWN_HELP "as known at T (a date, its end, or an RFC 3339 time)"
#define ANALYSIS_AS_KNOWN(o) \
	CLI_OPT_STRING(0, "as-known", &(o)->as_known, "T", ANALYSIS_AS_KNOWN_HELP)
#define ANALYSIS_PARTIES(o, help) CLI_OPT_STRINGS(0, "party", &(o)->parties, "P", help)
#define ANALYSIS_ISSUES(o, help) CLI_OPT_STRINGS(0, "issue", &(o)->issues, "I", help)

/* How wide a table for people may grow before it is cut into blocks. */
#define ANALYSIS_WIDTH 80

/* The scope of the options given; it borrows from o. */
stance_scope analysis_scope(const struct analysis_opts *o);

/* Loads every entity of the type as the scope sees it (as known at
 * scope->as_known: the names and slugs of the time) into l, as
 * entity_list_load() does for now; l is entity_list_free()'s. Returns 0 or
 * the exit code after printing the error. */
int analysis_entities_load(struct entity_list *l, stance_db *db, stance_entity_type type,
			   const stance_scope *scope);

enum analysis_color {
	ANALYSIS_PLAIN,
	ANALYSIS_BOLD,      /* headings */
	ANALYSIS_SUPPORT,   /* green */
	ANALYSIS_OPPOSE,    /* red */
	ANALYSIS_WARN,      /* yellow: soft conflicts */
	ANALYSIS_ALARM      /* bold red: red lines and hard conflicts */
};

/* The colour of a stance: alarm for a red line, else by its sign. */
enum analysis_color analysis_stance_color(int stance, int red_line);

/* Prints text (safe for a terminal: the caller has cleaned it) in colour
 * when cli->color is set, then pads it with spaces to width characters (0:
 * no padding, for the last column, so that lines end without blanks).
 * Returns 0 or the exit code of a failed write. */
int analysis_cell(struct cli *cli, const char *text, enum analysis_color color, size_t width);

/* How much of a statement's text the analysis tables show, in characters
 * (cli_excerpt(), output.h). */
#define ANALYSIS_EXCERPT 60

/* Writes n records in json or csv (cli->format): fn adds record k of data
 * to the table with cli_table_json() or cli_table_row(). Returns 0 or the
 * exit code. */
int analysis_records(struct cli *cli, const char *const *headers, size_t ncols, size_t n,
		     int (*fn)(struct cli_table *t, struct cli *cli, const void *data, size_t k),
		     const void *data);

/* A list streamed from a walk of the library (history, shifts): the table
 * is begun with the csv headers in csv and the table headers otherwise. */
struct analysis_walk {
	struct cli *cli;
	struct cli_table *table;
	int rc;  /* the writer's exit code, which the walk's code cannot carry */
};

int analysis_walk_begin(struct analysis_walk *w, struct cli *cli,
			const char *const *table_headers, size_t ntable,
			const char *const *csv_headers, size_t ncsv);

/* Ends the list after the walk returned walk_rc (a negative libstance code
 * is reported). Returns the exit code. */
int analysis_walk_end(struct analysis_walk *w, int walk_rc);

/* A flag in csv: "true" or "false", as in JSON. */
const char *analysis_csv_bool(int flag);

/* Numbers in csv: cli_format_double() (output.h), as the JSON output
 * writes them. */

#endif
