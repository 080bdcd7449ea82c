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
	/* the evidence filters (design §2), ANALYSIS_EVIDENCE() */
	const char *min_credibility, *min_reliability;
	struct cli_strings kinds;
	size_t by;  /* ANALYSIS_BY(): index in analysis_by_names */
};

#define ANALYSIS_AS_OF_HELP "as of this date, inclusive (default: all statements)"
#define ANALYSIS_AS_OF(o) CLI_OPT_STRING(0, "as-of", &(o)->as_of, "D", ANALYSIS_AS_OF_HELP)
#define ANALYSIS_AS_KNOWN_HELP "as known at T (a date, its end, or an RFC 3339 time)"
#define ANALYSIS_AS_KNOWN(o) \
	CLI_OPT_STRING(0, "as-known", &(o)->as_known, "T", ANALYSIS_AS_KNOWN_HELP)
#define ANALYSIS_PARTIES(o, help) CLI_OPT_STRINGS(0, "party", &(o)->parties, "P", help)
#define ANALYSIS_ISSUES(o, help) CLI_OPT_STRINGS(0, "issue", &(o)->issues, "I", help)
#define ANALYSIS_ISSUES_HELP "only this issue and those under it (repeatable)"

/* The three evidence filters of every analysis command, as three entries
 * of an option array. */
#define ANALYSIS_EVIDENCE(o) \
	CLI_OPT_STRING(0, "min-credibility", &(o)->min_credibility, "N", \
		       "credibility N or better (1 best; unknown: 6)"), \
	CLI_OPT_STRING(0, "min-reliability", &(o)->min_reliability, "X", \
		       "source reliability X or better (A best; none: F)"), \
	CLI_OPT_STRINGS(0, "kind", &(o)->kinds, "K", \
			"only statements of this kind (repeatable)")

/* --by party|actor; analysis_by_names is NULL-terminated. */
extern const char *const analysis_by_names[];
#define ANALYSIS_BY(o) \
	CLI_OPT_CHOICE(0, "by", &(o)->by, "WHO", \
		       "party (default) or actor: actors in place of parties", analysis_by_names)

/* The rules the analysis commands' --help states, as paragraphs of their
 * details, so that each rule is worded once (design §2). */
#define ANALYSIS_RED_LINE_DETAILS \
	"Red lines: a position stated with ! sets the party's red line on the issue,\n" \
	"one stated with ~ ends it, and one that says neither keeps it only while its\n" \
	"stance has the sign (-, 0 or +) of the one that set it: --! then - keeps it,\n" \
	"--! then 0, + or --~ ends it, and only a later ! sets it again. The ! shown\n" \
	"is that current red line, which may rest on an earlier statement.\n"
#define ANALYSIS_EVIDENCE_DETAILS \
	"The evidence filters come first: a statement they leave out is as if it did\n" \
	"not exist. --min-credibility N keeps credibility 1 to N (1 is best; unknown\n" \
	"counts as 6, the worst), --min-reliability X sources of reliability A to X (A\n" \
	"is best; no source or no reliability counts as F, the worst), --kind the\n" \
	"kinds listed.\n"
#define ANALYSIS_BY_DETAILS \
	"--by actor puts actors in place of parties: each actor's own statements make\n" \
	"its positions, a statement without an actor takes no part, and --party keeps\n" \
	"the actors of the listed parties.\n"
#define ANALYSIS_AGE_DETAILS \
	"age: how long before --as-of (else today, in UTC) the statement was said, in\n" \
	"days under two months (3d), months under two years (5mo), then years (2y).\n"
/* The usage of the evidence filters, with their choices (the completion
 * reads them there), in two pieces that fit a line each. */
#define ANALYSIS_EVIDENCE_USAGE "[--min-credibility N] [--min-reliability A|B|C|D|E|F]"
#define ANALYSIS_KIND_USAGE "[--kind quote|paraphrase|proposal|report]..."

/* How wide a table for people may grow before it is cut into blocks. */
#define ANALYSIS_WIDTH 80

/* The scope of the options given into *scope, which borrows from o.
 * Returns 0, or the exit code after printing the error of a value that
 * is not a number or a letter where one is wanted (the library checks the
 * rest when it reads the scope). */
int analysis_scope(stance_scope *scope, const struct analysis_opts *o);

/* Appends a copy of e to the entity list ctx (struct entity_list *), as
 * the walks of entities want their callback; STANCE_ENOMEM when it cannot. */
int analysis_entity_append(const stance_entity *e, void *ctx);

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

/* The characters of text a line indented by indent columns holds within
 * ANALYSIS_WIDTH, the "…" of a cut included. */
#define ANALYSIS_TEXT_CHARS(indent) (ANALYSIS_WIDTH - (indent) - 1)

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

/* A row of an aligned table for people: n cells, separated by two spaces,
 * each padded to its width in widths and coloured by colors (NULL: plain);
 * nothing is written after the last non-empty cell, so that lines end
 * without blanks. The cells must be safe for a terminal (slugs, dates, or
 * text through cli_excerpt()). Returns 0 or the exit code of a failed
 * write. */
int analysis_row(struct cli *cli, const char *const *cells, const enum analysis_color *colors,
		 const size_t *widths, size_t n);

/* Widens widths[i] to the display width of cells[i] for each of n cells. */
void analysis_measure(size_t *widths, const char *const *cells, size_t n);

/* ---- what an answer rests on ---------------------------------------- */

/* The day an age is counted to: as_of (YYYY-MM-DD, already checked by the
 * library), else today in UTC; as days since 1970-01-01. */
long analysis_ref_day(const char *as_of);

/* How long before day ref a statement said on said_on was (ANALYSIS_AGE_DETAILS:
 * "3d", "5mo", "2y"; "-3d" for a date after it, "?" for a date that does not
 * read), into buf; returns buf. */
#define ANALYSIS_AGE_SIZE 24
const char *analysis_age(char buf[ANALYSIS_AGE_SIZE], const char *said_on, long ref);

/* A position as --position writes it: the stance's symbol, "@POINT" when it
 * has a point, then "!" for STANCE_RED_LINE_YES or "~" for _NO ("+@70!"),
 * into buf; returns buf. */
#define ANALYSIS_SYMBOL_SIZE 48
const char *analysis_symbol(char buf[ANALYSIS_SYMBOL_SIZE], int stance, int has_point,
			    double point, int red_line);

/* A credibility for people: "1".."6", "-" when unknown (0), into buf. */
const char *analysis_credibility(char buf[4], int credibility);

/* The first 8 characters of an id, as every table shows ids, into buf
 * ("-" for NULL); returns buf. */
const char *analysis_short_id(char buf[9], const char *id);

/* The short id of the earlier statement whose ! set the current red line of
 * p, into buf; NULL when p holds none or set it itself. */
const char *analysis_set_by(char buf[9], const stance_current_position *p);

/* What a current position rests on, as the positions and conflicts tables
 * show it: one cell per column, in the buffers of the struct. */
enum analysis_rests_column {
	RESTS_WHO,        /* the party (by actor: actor), after indent spaces */
	RESTS_STANCE,     /* analysis_symbol() with the current red line */
	RESTS_DATE, RESTS_AGE,
	RESTS_OTHER,      /* the actor (by actor: party), "-" for none */
	RESTS_KIND, RESTS_CRED, RESTS_STATEMENT,
	RESTS_SET_BY,     /* the earlier statement that set the red line, or "" */
	RESTS_COLUMNS
};

struct analysis_rests_on {
	char who[80], stance[ANALYSIS_SYMBOL_SIZE], age[ANALYSIS_AGE_SIZE], cred[12];
	char id[9], set_by[24];
	const char *cells[RESTS_COLUMNS];
};

/* Fills r for p: who indented by indent spaces, the age to ref_day
 * (analysis_ref_day()), and each of credibility and set-by after its
 * label (NULL: none; conflicts name them on their lines, positions in
 * their headings). */
void analysis_rests_on(struct analysis_rests_on *r, const stance_current_position *p,
		       int by_actor, size_t indent, long ref_day, const char *cred_label,
		       const char *set_by_label);

/* ---- issues under their parents ---------------------------------------- */

/* The issues as known to the scope, in tree order: each parent followed by
 * its children, each level by slug, an issue whose parent is unknown (or
 * that a loop of parents hides) at the top level. */
struct analysis_issue_tree {
	struct entity_list issues;  /* sorted by slug */
	size_t *order;              /* order[k]: the index in issues of the k-th */
	size_t *depth;              /* depth[k]: 0 for the top level */
	size_t *rank;               /* rank[i]: where issues.items[i] comes in order */
};

/* Loads the tree into t (cleared first) as stance_entities_foreach() sees
 * the issues for scope. Returns 0 or the exit code after printing the error;
 * t is analysis_issue_tree_free()'s either way. */
int analysis_issue_tree_load(struct analysis_issue_tree *t, stance_db *db,
			     const stance_scope *scope);

/* The index in t->issues of the issue slug, or t->issues.n when unknown. */
size_t analysis_issue_index(const struct analysis_issue_tree *t, const char *slug);

/* The index in t->issues of the parent of issues.items[i], or t->issues.n
 * when it has none (or none that is known). */
size_t analysis_issue_parent(const struct analysis_issue_tree *t, size_t i);

void analysis_issue_tree_free(struct analysis_issue_tree *t);

/* ---- JSON ---------------------------------------------------------------- */

/* A JSON string of s, or null for NULL; json_real(point) or null. */
json_t *analysis_json_string(const char *s);
json_t *analysis_json_point(int has_point, double point);

/* Sets o[key] = v (stolen) unless *failed; sets *failed when it cannot. */
void analysis_json_set(json_t *o, const char *key, json_t *v, int *failed);

/* o, or NULL (after freeing o) when failed: for cli_table_json(), which
 * reports NULL as out of memory. */
json_t *analysis_json_done(json_t *o, int failed);

#endif
