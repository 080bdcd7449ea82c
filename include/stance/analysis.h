/*
 * analysis.h - what the recorded statements say about the talks: each
 * party's current position on each issue (all time or as of a date), the
 * conflicts between parties, the disagreement matrix, a party's history on
 * an issue and the shifts of position across the database.
 *
 * Every analysis follows the statement order: said_on, then recorded_at,
 * then the statement id, all ascending. Retracted statements never count. A
 * party's current position on an issue is the position of its last
 * statement in that order that codes the issue.
 *
 * All-time questions read the maintained current_position table, so they
 * cost the number of parties and issues, not of statements; as-of questions
 * scan the statements said up to the date once, in index order, and so do
 * questions as known at a time (the current positions of the past are not
 * kept), which cost besides what the history of corrections holds. Conflicts
 * read the same, grouped by issue, and are found one issue at a time, so
 * that no more than one issue's positions is ever held.
 */
#ifndef STANCE_ANALYSIS_H
#define STANCE_ANALYSIS_H

#include <stddef.h>

#include "stance/db.h"
#include "stance/entity.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What an analysis looks at. Initialise it with STANCE_SCOPE_INIT, then
 * set the members; a version the library does not know is STANCE_EINVALID
 * (versions 1 and 2, without the members after as_known or after
 * as_known's, are still read). Every listed slug must exist
 * (STANCE_ENOTFOUND, naming the known ones; a former slug still names its
 * entity), as_of must be a real date and as_known a date or an RFC 3339
 * time (STANCE_EINVALID). A NULL scope, or one just initialised, means
 * everything, now. The scope is borrowed for the call. How the party list
 * narrows a result depends on the analysis: see each.
 *
 * An issue listed stands for itself and all its descendants (design §2):
 * listing a parent keeps every issue under it.
 *
 * as_known asks for the answer the database gave at that time (design §2
 * "As known"): statements recorded after it do not exist, and every member
 * of every record has the value it had then, by the history of corrections
 * (revision.h). A date means its end (23:59:59.999Z). Slugs in the result
 * are those of the time; a listed slug may be the one of the time or any
 * other the entity has had. With as_of, what had been said by as_of as it
 * was known at as_known.
 *
 * The evidence filters (version 3) come before everything else: a
 * statement they leave out is as if it did not exist. min_credibility
 * keeps the statements whose credibility, an unknown one counting as 6, is
 * at most it (1..6; 0: no filter); min_reliability those whose source's
 * reliability, a missing source or reliability counting as 'F', is at most
 * it ('A'..'F'; 0: no filter); kinds those of the listed kinds ("quote",
 * "paraphrase", "proposal", "report"; none listed: every kind). Out of
 * range values are STANCE_EINVALID.
 *
 * by_actor (version 3) puts actors in place of parties (design §2 "By
 * actor"): the positions, conflicts, matrix and shifts are of actors, a
 * statement without an actor takes no part, and the party list keeps the
 * actors of the listed parties. between (version 3, conflicts only) keeps
 * the conflicts whose two sides are both named (parties, or actors with
 * by_actor; at least two, else STANCE_EINVALID); within (version 3,
 * conflicts with by_actor only, else STANCE_EINVALID) keeps the conflicts
 * between two actors of the same party. */
typedef struct stance_scope {
	unsigned int version;  /* STANCE_SCOPE_VERSION */
	const char *const *parties; size_t nparties;  /* none listed: every party */
	const char *const *issues; size_t nissues;    /* none listed: every issue */
	const char *as_of;     /* YYYY-MM-DD: statements said on or before it; NULL: all time */
	const char *as_known;  /* version 2: the database as known at this time; NULL: now */
	/* version 3 */
	int min_credibility;   /* 1..6, 0: any */
	char min_reliability;  /* 'A'..'F', 0: any */
	const char *const *kinds; size_t nkinds;      /* none listed: every kind */
	int by_actor;          /* actors in place of parties */
	const char *const *between; size_t nbetween;  /* conflicts: both sides named */
	int within;            /* conflicts by actor: both sides of one party */
} stance_scope;

#define STANCE_SCOPE_VERSION 3
#define STANCE_SCOPE_INIT { .version = STANCE_SCOPE_VERSION }

/* One party's (or with by_actor, one actor's) current position on one
 * issue, with the statement behind it. Every string is owned by the
 * result it belongs to. */
typedef struct stance_current_position {
	char *party;      /* slug: the party, or with by_actor the actor's party */
	char *issue;      /* slug */
	int stance;       /* -2..+2 */
	int red_line;     /* the current red line (design §2): 0 or 1 */
	char *condition;  /* NULL when none */
	char *statement;  /* the statement's id */
	char *said_on;    /* its date */
	char *text;       /* its text */
	/* since stance_scope version 3 */
	char *actor;      /* slug: the statement's actor (with by_actor, whose
			     position it is), NULL when none */
	char *red_line_statement;  /* when red_line: the id of the statement whose
				      red line (!) set it, else NULL */
	int has_point;    /* the position gives a point */
	double point;     /* 0..100, when has_point */
	char *kind;       /* the statement's kind */
	int credibility;  /* 1..6, 0: unknown */
	char *source;     /* slug, NULL when none */
} stance_current_position;

typedef struct stance_positions {
	size_t n;
	stance_current_position *items;  /* sorted by party (by_actor: actor), then issue */
} stance_positions;

/* The current positions of the listed parties on the listed issues, all
 * time or as of scope->as_of. *out is new (possibly with n == 0); free it
 * with stance_positions_free(). */
int stance_positions_get(stance_positions **out, stance_db *db, const stance_scope *scope);

/* Frees a result of stance_positions_get(); accepts NULL. */
void stance_positions_free(stance_positions *p);

/* Two parties (by_actor: actors) whose current positions on an issue
 * have opposite signs. */
typedef struct stance_conflict {
	const stance_current_position *a;  /* a->party < b->party (by_actor: a->actor
					      < b->actor); both point into */
	const stance_current_position *b;  /* the result's positions (get) or are
					      borrowed for the call (foreach) */
	int hard;      /* either side's current red line holds */
	int distance;  /* |a->stance - b->stance|: 2, 3 or 4 */
} stance_conflict;

typedef struct stance_conflicts {
	size_t n;
	stance_conflict *items;       /* sorted by issue, then a's party (actor),
					 then b's */
	stance_positions *positions;  /* what the sides point into: each
					 position in a conflict, once */
} stance_conflicts;

/* Calls fn for each conflict on the listed issues, all time or as of
 * scope->as_of, sorted by issue, then a's party (actor), then b's. The
 * party list keeps the conflicts in which at least one side is (of) a
 * listed party, scope->between and scope->within narrow them further;
 * hard_only keeps the hard ones. The conflict and the positions it points to are
 * borrowed for the call. Conflicts are found one issue at a time, so the
 * memory used is that of one issue's positions, however many conflicts
 * there are. A non-zero return from fn stops the walk and is returned. fn
 * may read through db but must not write (the walk reads in one
 * transaction) nor start another conflicts walk or list on it (the walk
 * holds its prepared query). */
int stance_conflicts_foreach(stance_db *db, const stance_scope *scope, int hard_only,
			     int (*fn)(const stance_conflict *c, void *ctx), void *ctx);

/* The conflicts of stance_conflicts_foreach() as one list, for callers
 * that need them all at once (it holds every conflict: prefer the walk).
 * *out is new; free it with stance_conflicts_free(). */
int stance_conflicts_get(stance_conflicts **out, stance_db *db, const stance_scope *scope,
			 int hard_only);

/* Frees a result of stance_conflicts_get(); accepts NULL. */
void stance_conflicts_free(stance_conflicts *c);

/* What a cell of the disagreement matrix counts. */
typedef enum stance_metric {
	STANCE_METRIC_CONFLICTS,  /* issues on which the two conflict (the default) */
	STANCE_METRIC_HARD,       /* of those, the hard conflicts */
	STANCE_METRIC_DISTANCE    /* mean |a - b| / 4 over the issues both hold */
} stance_metric;

/* The metrics' names ("conflicts", "hard", "distance"), indexed by
 * stance_metric and NULL-terminated. */
extern const char *const stance_metric_names[];

/* Parses a metric's name; STANCE_EINVALID naming the value and the choices. */
int stance_metric_parse(stance_metric *out, const char *name);

/* One cell: every metric at once, so that one computation serves all. */
typedef struct stance_matrix_cell {
	int conflicts;    /* issues on which the row and column parties conflict */
	int hard;         /* those on which either side's current red line holds */
	int shared;       /* issues on which both hold a current position */
	double distance;  /* mean over the shared issues of |a - b| / 4; 0 when
			     none are shared (the metric's value is then null) */
	int agreements;   /* issues on which both stances have the same non-zero
			     sign (the congruence network); 0 on the diagonal */
} stance_matrix_cell;

typedef struct stance_matrix {
	size_t n;                   /* the parties (by_actor: actors): rows and columns */
	char **parties;             /* their slugs, sorted */
	stance_matrix_cell *cells;  /* n * n, row after row; on the diagonal every
				       count but shared (the issues held) is 0 */
} stance_matrix;

/* The disagreement matrix over the listed issues, all time or as of
 * scope->as_of. Its parties (by_actor: actors) are those that hold at
 * least one current position in scope, narrowed to the listed parties (the
 * actors of the listed parties). *out is new; free it
 * with stance_matrix_free(). */
int stance_matrix_get(stance_matrix **out, stance_db *db, const stance_scope *scope);

/* The value of cell (row, col) under metric into *value. Returns 1, or 0
 * when the value is null: the distance of two parties that share no issue. */
int stance_matrix_value(double *value, const stance_matrix *m, size_t row, size_t col,
			stance_metric metric);

/* Frees a result of stance_matrix_get(); accepts NULL. */
void stance_matrix_free(stance_matrix *m);

/* One non-retracted position of a party (by_actor: an actor) on an
 * issue, in statement order, compared with its earlier positions on the
 * issue. Borrowed for the callback only. */
typedef struct stance_history_row {
	const char *party;           /* slug: the statement's party */
	const char *issue;           /* slug */
	const char *statement;       /* the statement's id */
	const char *said_on;
	const char *text;            /* the statement's text */
	int stance;                  /* -2..+2 */
	int red_line;                /* the current red line after this row (design
					§2): 0 or 1 */
	const char *condition;       /* NULL when none */
	int shift;      /* the stance or the current red line differs from the
			   previous row's */
	int reversal;   /* non-zero and of the opposite sign to the latest earlier
			   non-zero stance; always a shift */
	const char *from_statement;  /* the previous row, NULL for the first */
	int from_stance;
	int from_red_line;
	/* since stance_scope version 3 */
	const char *actor;           /* slug: the statement's actor, NULL when none */
	const char *red_line_statement;  /* when red_line: the statement that set it */
	int stated_red_line;         /* the position's own flag: STANCE_RED_LINE_YES,
					_NO or _UNSTATED (statement.h) */
	int has_point;
	double point;
	const char *kind;            /* the statement's kind */
	int credibility;             /* 1..6, 0: unknown */
} stance_history_row;

/* Calls fn for every row of the history of party on issue, in statement
 * order. A non-zero return from fn stops the walk and is returned. fn may
 * read through db but must not start another history or shifts walk on it
 * (the walk holds its prepared query). */
int stance_history_foreach(stance_db *db, const char *party, const char *issue,
			   int (*fn)(const stance_history_row *row, void *ctx), void *ctx);

/* stance_history_foreach() as known at scope->as_known (NULL scope: now),
 * with the scope's evidence filters; the scope's lists, by_actor and as_of
 * do not narrow a history. Both give the issue alone, not the issues
 * under it (stance_history_walk() does). */
int stance_history_foreach_scope(stance_db *db, const stance_scope *scope, const char *party,
				 const char *issue,
				 int (*fn)(const stance_history_row *row, void *ctx), void *ctx);

/* The history of a party (type STANCE_PARTY: its statements) or an actor
 * (STANCE_ACTOR: the statements it made) on an issue and its descendants,
 * or with issue NULL on every issue: every row in statement order, then by
 * issue, each compared with the earlier rows on its own issue. As known
 * at scope->as_known, with the scope's evidence filters; its lists, by_actor
 * and as_of are not used. fn as for stance_history_foreach(). */
int stance_history_walk(stance_db *db, const stance_scope *scope, stance_entity_type type,
			const char *slug, const char *issue,
			int (*fn)(const stance_history_row *row, void *ctx), void *ctx);

/* Calls fn for every history row that is a shift, over the listed parties
 * (by_actor: the actors of the listed parties) and issues, said on or after
 * since (NULL: from the start) and on or before scope->as_of (NULL: to the
 * end), in statement order, then by issue (a statement has one party and
 * one actor). A row's shift and reversal always take the
 * whole history into account, including what comes before since. A non-zero
 * return from fn stops the walk and is returned. */
int stance_shifts_foreach(stance_db *db, const stance_scope *scope, const char *since,
			  int (*fn)(const stance_history_row *row, void *ctx), void *ctx);

/* ---- for the report (timelines, evidence, the entities) ---- */

/* Calls fn for every entity of the type that is not removed, in slug
 * order, as stance_entity_foreach() does, but as known at scope->as_known
 * (NULL scope or member: now), with the names, slugs and links of the
 * time, so that what draws an analysis of the past can name what it shows;
 * the rest of the scope is not used. e is borrowed for the call. A non-zero
 * return from fn stops the walk and is returned. */
int stance_entities_foreach(stance_db *db, const stance_scope *scope, stance_entity_type type,
			    int (*fn)(const stance_entity *e, void *ctx), void *ctx);

/* One point of a timeline: a row of a party's history on an issue, with
 * where it falls on a time scale. Borrowed for the callback only. */
typedef struct stance_timeline_point {
	const stance_current_position *position;  /* whose timeline: an item of the
						     walked positions */
	const stance_history_row *row;             /* row->red_line is the red line
						     from this row on */
	long day;  /* row->said_on as days since 1970-01-01, so that points of
		      different dates are placed by the time between them */
} stance_timeline_point;

/* Calls fn for every point of the timelines of pos (a result of
 * stance_positions_get() for the same scope): the history of each party on
 * each issue it holds a position on, said on or before scope->as_of (NULL:
 * all time) as known at scope->as_known (NULL: now), by issue, then party,
 * then in statement order, with the shifts and reversals of
 * stance_history_foreach(); the scope's lists are not used (pos is already
 * narrowed). A non-zero return from fn stops the walk and is returned. fn
 * may read through db but must not start another history walk on it. */
int stance_timelines_foreach(stance_db *db, const stance_positions *pos,
			     const stance_scope *scope,
			     int (*fn)(const stance_timeline_point *pt, void *ctx), void *ctx);

/* The statements behind a set of positions, read in one query. */
typedef struct stance_evidence {
	size_t n;
	struct stance_statement **items;  /* in statement order, each with all its
					     positions (sorted by issue); owned */
	size_t total;                     /* the distinct statements behind the
					     positions: n, or more when cut */
	unsigned char *superseded;        /* by item: 1 when it is behind none of the
					     current positions nor a red line they
					     keep (stance_evidence_gather()), else 0
					     (all of stance_evidence_get()'s); owned,
					     NULL when n == 0. Added last: the
					     library allocates the struct */
} stance_evidence;

/* The non-retracted statements behind the positions in pos, each once: the
 * latest max_statements of them (0: no bound), and of those the latest
 * whose texts and conditions together stay within max_text bytes (0: no
 * bound; the latest is kept however long); as they were known at
 * scope->as_known (NULL scope or member: now), the rest of the scope not
 * used. *out is new; free it with stance_evidence_free(). */
int stance_evidence_get(stance_evidence **out, stance_db *db, const stance_positions *pos,
			const stance_scope *scope, size_t max_statements, size_t max_text);

/* As stance_evidence_get(), and besides the statements behind the
 * positions of pos, those that set the red lines they keep (each
 * position's red_line_statement) and the listed statements also[0..nalso)
 * (the statements of the timelines' points, say): those behind no current
 * position nor a kept red line are marked superseded. The bounds keep the
 * statements behind the positions and their red lines first, the latest of
 * them, then the latest of the others; total counts them all. The ids in
 * also are borrowed for the call. */
int stance_evidence_gather(stance_evidence **out, stance_db *db, const stance_positions *pos,
			   const char *const *also, size_t nalso, const stance_scope *scope,
			   size_t max_statements, size_t max_text);

/* Calls fn for every entity of the type in the scope's lists, as
 * stance_entities_foreach() does (as known at scope->as_known, in slug
 * order): for STANCE_PARTY the listed parties, for STANCE_ACTOR the
 * actors of the listed parties, for STANCE_ISSUE the listed issues and
 * every issue under them (none listed: all); sources are not narrowed. A listed slug may be a former one; an unknown one is
 * STANCE_ENOTFOUND, naming the known ones. e is borrowed for the call. A
 * non-zero return from fn stops the walk and is returned. */
int stance_scope_entities_foreach(stance_db *db, const stance_scope *scope,
				  stance_entity_type type,
				  int (*fn)(const stance_entity *e, void *ctx), void *ctx);

/* Frees a result of stance_evidence_get() or stance_evidence_gather();
 * accepts NULL. */
void stance_evidence_free(stance_evidence *e);

#ifdef __cplusplus
}
#endif

#endif
