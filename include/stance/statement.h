/*
 * statement.h - statements (dated utterances for a party) and the positions
 * they take on issues: recording, coding, retracting, showing and listing.
 *
 * Statements are identified by a lowercase UUID; every function that takes
 * an id also accepts a unique prefix of at least 8 characters.
 */
#ifndef STANCE_STATEMENT_H
#define STANCE_STATEMENT_H

#include <stddef.h>
#include <stdio.h>

#include "stance/db.h"

#ifdef __cplusplus
extern "C" {
#endif

#define STANCE_UUID_LEN 36
#define STANCE_DATE_LEN 10
#define STANCE_TIMESTAMP_LEN 24

/* The statement kinds, NULL-terminated; the first is the default. */
extern const char *const stance_statement_kinds[];

/* Stance values run from -2 (strongly-oppose) to +2 (strongly-support). */
#define STANCE_MIN (-2)
#define STANCE_MAX 2

/* The canonical name of a stance value ("strongly-oppose"...); NULL when out
 * of range. */
const char *stance_stance_name(int value);

/* The short form of a stance value ("--", "-", "0", "+", "++"); NULL when
 * out of range. */
const char *stance_stance_symbol(int value);

/* The three states of a position's red-line flag (design §1): stated as
 * non-negotiable ("!", true), stated as open to negotiation ("~", false),
 * or not stated (no suffix, null). Zero is "not stated", so that a
 * position initialised to zero says nothing about it. */
#define STANCE_RED_LINE_YES 1
#define STANCE_RED_LINE_UNSTATED 0
#define STANCE_RED_LINE_NO (-1)

/* Parses a stance: a name ("oppose") or a short form ("--", "-", "0", "+",
 * "++"), optionally followed by "!" (STANCE_RED_LINE_YES) or "~"
 * (STANCE_RED_LINE_NO) when red_line is not NULL. Returns 0 or
 * STANCE_EINVALID naming the value and the choices. */
int stance_stance_parse(int *value, int *red_line, const char *text);

/* The stance of a point on an issue's 0-100 scale (design §1): 0 within
 * 12.5 of 50, +-1 within 37.5, +-2 beyond, with the sign of p - 50. */
int stance_point_stance(double point);

typedef struct stance_position {
	char *issue;      /* slug */
	int stance;       /* -2..+2 */
	int red_line;     /* STANCE_RED_LINE_YES, _NO or _UNSTATED */
	char *condition;  /* NULL when none */
	int has_point;    /* point is given */
	double point;     /* 0..100, agreeing with stance */
} stance_position;

/* Parses "ISSUE=POSITION", POSITION being STANCE, @POINT or STANCE@POINT,
 * then "!", "~" or nothing, into a new position (issue and condition are
 * new strings the caller frees with stance_position_clear()). A point
 * whose stance disagrees with the stance given is STANCE_EINVALID. */
int stance_position_parse(stance_position *out, const char *spec);

/* Frees the strings of p (not p itself); accepts NULL. */
void stance_position_clear(stance_position *p);

/* Parses n position specs (stance_position_parse()) and attaches the
 * nconditions conditions, each "ISSUE=TEXT" naming one of their issues
 * (one condition per position), into *out, a new array of n the caller
 * frees with stance_position_list_free(). STANCE_EINVALID for a bad spec or
 * condition. */
int stance_position_list_parse(stance_position **out, const char *const *specs, size_t n,
			   const char *const *conditions, size_t nconditions);
void stance_position_list_free(stance_position *pos, size_t n);

typedef struct stance_retraction {
	char *at;      /* timestamp */
	char *by;
	char *reason;
} stance_retraction;

/* A statement as read (stance_statement_get(), stance_statement_foreach()):
 * a result, which owns its strings. What to record is a
 * stance_record_options. */
typedef struct stance_statement {
	char *id;
	char *party;                             /* slug */
	char *actor;                             /* slug or NULL */
	char *said_on;                           /* YYYY-MM-DD */
	char *kind;                              /* NULL: "quote" */
	char *text;
	char *source;                            /* slug or NULL */
	char *url;                               /* NULL when none */
	int credibility;                         /* 1..6, 0 when none */
	char *recorded_by;
	char *recorded_at;
	stance_retraction *retracted;            /* NULL when not retracted */
	size_t npositions;
	stance_position *positions;              /* sorted by issue when read */
} stance_statement;

/* Frees a statement returned by this module and everything it owns;
 * accepts NULL. */
void stance_statement_free(stance_statement *st);

/* Checks a lowercase UUID (36 characters, hyphens at 8, 13, 18, 23). */
int stance_check_uuid(const char *what, const char *id);

/* What stance_statement_record() records. Initialise it with
 * STANCE_RECORD_OPTIONS_INIT, then set the members: the version says which
 * members the caller knows, and one the library does not know is
 * STANCE_EINVALID. */
typedef struct stance_record_options {
	unsigned int version;               /* STANCE_RECORD_OPTIONS_VERSION */
	const char *id;                     /* NULL: generate */
	const char *party;                  /* slug; NULL with an actor: the actor's */
	const char *actor;                  /* slug or NULL */
	const char *said_on;                /* YYYY-MM-DD */
	const char *kind;                   /* NULL: "quote" */
	const char *text;
	const char *source;                 /* slug or NULL */
	const char *url;                    /* NULL when none */
	int credibility;                    /* 1..6, 0 when none */
	const char *recorded_by;
	const char *recorded_at;            /* NULL: now */
	const stance_position *positions;   /* at most one per issue */
	size_t npositions;
} stance_record_options;

#define STANCE_RECORD_OPTIONS_VERSION 1
#define STANCE_RECORD_OPTIONS_INIT { .version = STANCE_RECORD_OPTIONS_VERSION }

/* Records the statement of opts with its positions in one transaction
 * after checking every input rule: the party, actor, source and issues
 * exist, the actor belongs to the party, at most one position per issue.
 * opts is borrowed: nothing of it is kept after the call. A NULL opts->id
 * gets a new version 4 UUID from the OS's random source and a NULL
 * opts->recorded_at the current time (any RFC 3339 time is stored in UTC).
 * The id is written to out_id (37 bytes) when it is not NULL. */
int stance_statement_record(char out_id[STANCE_UUID_LEN + 1], stance_db *db,
			    const stance_record_options *opts);

/* ---- many statements at once (record --from, design §10) ---- */

/* What stance_statement_record_from() reads. */
typedef enum stance_from_format {
	STANCE_FROM_AUTO,   /* by the name's extension, else by the first bytes */
	STANCE_FROM_CSV,    /* RFC 4180, a header row of record's long options */
	STANCE_FROM_TSV,    /* the same with tabs */
	STANCE_FROM_JSONL   /* one statement per line, in the snapshot's shape */
} stance_from_format;

typedef struct stance_record_from_options {
	unsigned int version;         /* STANCE_RECORD_FROM_OPTIONS_VERSION */
	stance_from_format format;
	const char *name;             /* the file's name (its extension tells the
					 format), NULL for standard input */
	const char *recorded_by;      /* the analyst, required */
	int dry_run;                  /* check every statement, record none */
} stance_record_from_options;

#define STANCE_RECORD_FROM_OPTIONS_VERSION 1
#define STANCE_RECORD_FROM_OPTIONS_INIT { .version = STANCE_RECORD_FROM_OPTIONS_VERSION }

/* Records every statement that in holds, all or nothing, in one
 * transaction (a savepoint inside the caller's): CSV or TSV whose header
 * names the columns party, actor, date, text, kind, source, url,
 * credibility, positions (ISSUE=POSITION items separated by ';') and
 * conditions (ISSUE=TEXT items, the same), in any order and case; or JSON
 * Lines of statements in the snapshot's shape, without an id (a new one)
 * or with one (kept), whose party may be left to its actor, the members
 * that `extract` adds (confidence, evidence, speaker_name, source_name)
 * ignored. A UTF-8 byte order mark, CRLF line ends and quoted fields that
 * span lines are read as spreadsheets write them. Every rule of
 * stance_statement_record() holds for each statement; the first one
 * broken is the error, its message starting "line N, column C (NAME): "
 * (CSV, TSV: N the line where the record starts, the header being line
 * 1) or "line N: " (JSON Lines), and nothing is recorded. fn (may be NULL)
 * gets each new id in input order; a nonzero return stops the reading,
 * undoes it, and is returned. *count is the number of statements read.
 * With dry_run every check is made (references included) and nothing is
 * kept. */
int stance_statement_record_from(size_t *count, stance_db *db, FILE *in,
				 const stance_record_from_options *o,
				 int (*fn)(const char *id, void *ctx), void *ctx);

/* Resolves an id or a unique prefix of at least 8 characters into the full
 * id. STANCE_ENOTFOUND when nothing matches, STANCE_EAMBIGUOUS (listing the
 * matches) when several do, STANCE_EINVALID for a malformed prefix. */
int stance_statement_resolve(char out_id[STANCE_UUID_LEN + 1], stance_db *db,
			     const char *prefix);

struct stance_change_options;

/* Adds positions to an existing, non-retracted statement, as one revision
 * (revision.h) whose id goes to out_rev (37 bytes) when it is not NULL; an
 * issue the statement already codes, or one repeated in pos, is
 * STANCE_EEXISTS. */
int stance_statement_code(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *id,
			  const stance_position *pos, size_t npos,
			  const struct stance_change_options *co);

/* Retracts a statement as one revision: co->by retracts it at co->at (NULL:
 * now) for co->reason (required); retracting twice is STANCE_EEXISTS. */
int stance_statement_retract(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *id,
			     const struct stance_change_options *co);

/* Reads one statement with its positions. *out is new; free it with
 * stance_statement_free(). */
int stance_statement_get(stance_statement **out, stance_db *db,
			 const char *id);

/* Which statements stance_statement_foreach() walks. Initialise it with
 * STANCE_STATEMENT_FILTER_INIT (every statement but the retracted ones),
 * then set the members. */
typedef struct stance_statement_filter {
	unsigned int version;     /* STANCE_STATEMENT_FILTER_VERSION */
	const char *const *parties; size_t nparties;  /* any of these */
	const char *const *actors; size_t nactors;
	const char *const *issues; size_t nissues;    /* codes any, or one under them */
	const char *since;        /* said_on >= since, or NULL */
	const char *until;        /* said_on <= until, or NULL */
	const char *search;       /* words separated by white space, all of which
				     must occur, or NULL; each is searched for as
				     a literal FTS5 string, never read as FTS5
				     syntax (a word with nothing to index, such
				     as "*", matches nothing alone and is
				     ignored beside others); none at all is
				     STANCE_EINVALID */
	int uncoded;              /* only statements without positions */
	int include_retracted;
} stance_statement_filter;

#define STANCE_STATEMENT_FILTER_VERSION 1
#define STANCE_STATEMENT_FILTER_INIT { .version = STANCE_STATEMENT_FILTER_VERSION }

/* Calls fn for each statement that passes the filter (NULL: all), in the
 * order (said_on, recorded_at, id); the statement is borrowed for the call.
 * Every slug in the filter must exist (STANCE_ENOTFOUND) and the dates must
 * be valid; a version the library does not know is STANCE_EINVALID. f is
 * borrowed for the call. A non-zero return from fn stops the walk and is
 * returned. */
int stance_statement_foreach(stance_db *db, const stance_statement_filter *f,
			     int (*fn)(const stance_statement *st, void *ctx),
			     void *ctx);

#ifdef __cplusplus
}
#endif

#endif
