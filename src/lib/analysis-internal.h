/*
 * analysis-internal.h - what the analysis modules (analysis.c,
 * analysis-report.c) share inside libstance.
 */
#ifndef STANCE_ANALYSIS_INTERNAL_H
#define STANCE_ANALYSIS_INTERNAL_H

#include "stance/analysis.h"

/* The statement order of analysis.h (said_on, then recorded_at, then the
 * id) as an SQL ORDER BY list over a statement aliased s, forwards and
 * backwards: the one place a query takes it from, so that no two queries
 * can disagree on which statement comes last. A query that joins s with
 * its positions also selects these three columns, so that SQLite can
 * read the views of the database as known (asknown-internal.h) arm by arm
 * in order instead of materialising them. */
#define STANCE_STATEMENT_ORDER "s.said_on, s.recorded_at, s.uuid"
#define STANCE_STATEMENT_ORDER_DESC "s.said_on DESC, s.recorded_at DESC, s.uuid DESC"

/* A read of one moment of the database, now or as known at a time. */
struct stance_analysis_read {
	int own;        /* the read transaction is ours (stance_db__read_begin()) */
	int known;      /* the database is shown as known at a time */
	int known_own;  /* and we made the views (stance_asknown__begin()) */
};

/* The as_known of a scope: NULL for a NULL scope or one of version 1. */
const char *stance_analysis__as_known(const stance_scope *scope);

/* Begins to read, as known at as_known when it is not NULL; a read inside
 * a walk that shows the database as known sees it as known too. End it
 * with stance_analysis__read_end() whatever this returns. */
int stance_analysis__read_begin(struct stance_analysis_read *r, stance_db *db,
				const char *as_known);

/* Ends the read; returns rc, or the end's own error when rc is 0. */
int stance_analysis__read_end(struct stance_analysis_read *r, stance_db *db, int rc);

/* stance_history_walk(), and with exact the issue alone, without its
 * descendants (the report's timelines, one per current position). */
int stance_analysis__history(stance_db *db, const stance_scope *scope, stance_entity_type type,
			     const char *slug, const char *issue, int exact,
			     int (*fn)(const stance_history_row *row, void *ctx), void *ctx);

/* A date at which stance_analysis__checkpoints() stops to hand out the
 * current positions on one issue. */
struct stance_checkpoint {
	const char *date;   /* YYYY-MM-DD: what was said on or before it */
	const char *issue;  /* slug: that issue alone, not those under it */
};

/* One party's current position at a checkpoint. party is borrowed for the
 * callback. */
struct stance_checkpoint_position {
	const char *party;
	double point;       /* the point given, else the stance's */
	int red_line;       /* the current red line (design §2) */
};

typedef int (*stance_checkpoint_fn)(size_t cp, const struct stance_checkpoint_position *pos,
				    size_t n, void *ctx);

/* Walks every statement once, in statement order, with the scope's
 * parties, evidence filters and as_known (not its as_of; a checkpoint on
 * an issue outside the listed ones and those under them gets no
 * positions), and calls fn for each of the ncps checkpoints, sorted by date, with the
 * parties' current positions on its issue as of its date, in party slug
 * order: the inputs of many forecasts of the past for the cost of one
 * scan. fn may read through db but not write. */
int stance_analysis__checkpoints(stance_db *db, const stance_scope *scope,
				 const struct stance_checkpoint *cps, size_t ncps,
				 stance_checkpoint_fn fn, void *ctx);

#endif
