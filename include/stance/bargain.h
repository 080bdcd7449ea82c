/*
 * bargain.h - where will it land? (design §8): analysts' dated judgements
 * of each party's salience and capability (assessments), what was decided
 * (outcomes), the bargaining models' forecasts from the current positions,
 * and a backtest of those forecasts against the outcomes.
 *
 * Assessments and outcomes are records like statements: a lowercase UUID
 * (every function that takes one also accepts a unique prefix of at least
 * 8 characters), who recorded them and when, and a retraction, which is a
 * revision (revision.h: stance_record_retract()). A retracted one takes no
 * part in any forecast.
 */
#ifndef STANCE_BARGAIN_H
#define STANCE_BARGAIN_H

#include <stddef.h>

#include "stance/analysis.h"
#include "stance/db.h"
#include "stance/statement.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- assessments ---- */

/* An analyst's judgement of a party's salience on an issue (how much it
 * matters to the party, 0..100) or of its capability (its weight in the
 * talks, >= 0) on an issue or, with no issue, on every issue. A result,
 * which owns its strings. */
typedef struct stance_assessment {
	char *id;
	char *party;            /* slug */
	char *issue;            /* slug, NULL: party-wide (a capability only) */
	int has_salience;
	double salience;        /* 0..100, when has_salience */
	int has_capability;
	double capability;      /* >= 0, when has_capability */
	char *date;             /* YYYY-MM-DD: as of when the judgement holds */
	char *reason;           /* NULL when none */
	char *recorded_by;
	char *recorded_at;
	stance_retraction *retracted;  /* NULL when not retracted */
	int in_force;           /* set by stance_assessment_foreach(): the latest
				   non-retracted one of its kind (salience or
				   capability) for its party and issue, as of
				   the filter's as_of */
} stance_assessment;

/* Frees an assessment returned by this module; accepts NULL. */
void stance_assessment_free(stance_assessment *a);

/* What stance_assessment_add() records. Initialise it with
 * STANCE_ASSESS_OPTIONS_INIT, then set the members; borrowed for the call. */
typedef struct stance_assess_options {
	unsigned int version;     /* STANCE_ASSESS_OPTIONS_VERSION */
	const char *id;           /* NULL: generate */
	const char *party;        /* slug (an alias names its party) */
	const char *issue;        /* slug, or NULL: party-wide */
	int has_salience;         /* exactly one of salience and capability */
	double salience;          /* 0..100; needs an issue */
	int has_capability;
	double capability;        /* >= 0, finite */
	const char *date;         /* YYYY-MM-DD; NULL: today (UTC) */
	const char *reason;       /* NULL: none */
	const char *recorded_by;  /* the analyst, required */
	const char *recorded_at;  /* an RFC 3339 time; NULL: now */
} stance_assess_options;

#define STANCE_ASSESS_OPTIONS_VERSION 1
#define STANCE_ASSESS_OPTIONS_INIT { .version = STANCE_ASSESS_OPTIONS_VERSION }

/* Records an assessment after checking every input rule (the party and
 * issue exist and are not removed, salience within 0..100 and with an
 * issue, capability >= 0, a real date): STANCE_EINVALID or
 * STANCE_ENOTFOUND otherwise. The id goes to out_id (37 bytes) when it is
 * not NULL. */
int stance_assessment_add(char out_id[STANCE_UUID_LEN + 1], stance_db *db,
			  const stance_assess_options *o);

/* Resolves an assessment's id or a unique prefix of at least 8 characters,
 * as stance_statement_resolve() does. */
int stance_assessment_resolve(char out_id[STANCE_UUID_LEN + 1], stance_db *db,
			      const char *prefix);

/* Reads one assessment (retracted or not). *out is new; free it with
 * stance_assessment_free(). */
int stance_assessment_get(stance_assessment **out, stance_db *db, const char *id);

/* Which assessments stance_assessment_foreach() walks. Initialise it with
 * STANCE_ASSESSMENT_FILTER_INIT (every one not retracted), then set the
 * members; every slug must exist (STANCE_ENOTFOUND). */
typedef struct stance_assessment_filter {
	unsigned int version;  /* STANCE_ASSESSMENT_FILTER_VERSION */
	const char *const *parties; size_t nparties;  /* any of these */
	const char *const *issues; size_t nissues;    /* on any of these or one under
							 them; party-wide ones too,
							 as they hold on every issue */
	const char *as_of;     /* date <= as_of, or NULL */
	int include_retracted;
} stance_assessment_filter;

#define STANCE_ASSESSMENT_FILTER_VERSION 1
#define STANCE_ASSESSMENT_FILTER_INIT { .version = STANCE_ASSESSMENT_FILTER_VERSION }

/* Calls fn for each assessment that passes the filter (NULL: all not
 * retracted) in the order (date, recorded_at, id); a borrowed for the
 * call. A non-zero return from fn stops the walk and is returned. */
int stance_assessment_foreach(stance_db *db, const stance_assessment_filter *f,
			      int (*fn)(const stance_assessment *a, void *ctx), void *ctx);

/* ---- outcomes ---- */

/* What was decided on an issue, and when, as a point on its 0..100 scale.
 * A result, which owns its strings. */
typedef struct stance_outcome {
	char *id;
	char *issue;            /* slug */
	char *date;             /* YYYY-MM-DD */
	double point;           /* 0..100 */
	char *text;             /* NULL when none */
	char *source;           /* slug, NULL when none */
	char *recorded_by;
	char *recorded_at;
	stance_retraction *retracted;  /* NULL when not retracted */
} stance_outcome;

/* Frees an outcome returned by this module; accepts NULL. */
void stance_outcome_free(stance_outcome *o);

/* What stance_outcome_add() records. Initialise it with
 * STANCE_OUTCOME_OPTIONS_INIT, then set the members; borrowed for the
 * call. */
typedef struct stance_outcome_options {
	unsigned int version;     /* STANCE_OUTCOME_OPTIONS_VERSION */
	const char *id;           /* NULL: generate */
	const char *issue;        /* slug */
	const char *date;         /* YYYY-MM-DD, required */
	int has_point;            /* exactly one of point and stance */
	double point;             /* 0..100 */
	int has_stance;
	int stance;               /* -2..+2: its point, (stance + 2) * 25 */
	const char *text;         /* NULL: none */
	const char *source;       /* slug or NULL */
	const char *recorded_by;  /* the analyst, required */
	const char *recorded_at;  /* NULL: now */
} stance_outcome_options;

#define STANCE_OUTCOME_OPTIONS_VERSION 1
#define STANCE_OUTCOME_OPTIONS_INIT { .version = STANCE_OUTCOME_OPTIONS_VERSION }

/* Records an outcome after checking every input rule. The id goes to
 * out_id (37 bytes) when it is not NULL. */
int stance_outcome_add(char out_id[STANCE_UUID_LEN + 1], stance_db *db,
		       const stance_outcome_options *o);

/* Resolves an outcome's id or a unique prefix of at least 8 characters. */
int stance_outcome_resolve(char out_id[STANCE_UUID_LEN + 1], stance_db *db, const char *prefix);

/* Reads one outcome. *out is new; free it with stance_outcome_free(). */
int stance_outcome_get(stance_outcome **out, stance_db *db, const char *id);

/* Which outcomes stance_outcome_foreach() walks. Initialise it with
 * STANCE_OUTCOME_FILTER_INIT (every one not retracted). */
typedef struct stance_outcome_filter {
	unsigned int version;  /* STANCE_OUTCOME_FILTER_VERSION */
	const char *const *issues; size_t nissues;    /* on any of these or one under them */
	int include_retracted;
} stance_outcome_filter;

#define STANCE_OUTCOME_FILTER_VERSION 1
#define STANCE_OUTCOME_FILTER_INIT { .version = STANCE_OUTCOME_FILTER_VERSION }

/* Calls fn for each outcome that passes the filter (NULL: all not
 * retracted) in the order (date, recorded_at, id); o borrowed for the
 * call. A non-zero return from fn stops the walk and is returned. */
int stance_outcome_foreach(stance_db *db, const stance_outcome_filter *f,
			   int (*fn)(const stance_outcome *o, void *ctx), void *ctx);

/* ---- forecasts ---- */

/* The models of design §8. */
typedef enum stance_model {
	STANCE_MODEL_COMPROMISE,  /* capability x salience weighted mean */
	STANCE_MODEL_MEDIAN,      /* weighted median */
	STANCE_MODEL_NASH,        /* Nash bargaining solution from the status quo */
	STANCE_MODEL_FITTED,      /* compromise with capabilities fitted to outcomes */
	STANCE_MODELS
} stance_model;

/* Every model, for the models argument below. */
#define STANCE_MODELS_ALL ((1u << STANCE_MODELS) - 1)

/* The models' names ("compromise", "median", "nash", "fitted"), indexed by
 * stance_model and NULL-terminated. */
extern const char *const stance_model_names[];

/* Parses a model's name; STANCE_EINVALID naming the value and the choices. */
int stance_model_parse(stance_model *out, const char *name);

/* One party's inputs to the models on one issue (design §8). */
typedef struct stance_forecast_party {
	const char *party;       /* slug */
	double point;            /* x: the point of its current position */
	double salience;         /* s */
	double capability;       /* c */
	int red_line;            /* its current red line holds */
	int assumed_salience;    /* s is a default: 100 for a red line, else 50 */
	int assumed_capability;  /* c is the default 1 */
	const char *statement;   /* the id of its current position's statement */
	const char *said_on;     /* that statement's date */
} stance_forecast_party;

/* The forecast of one issue. Borrowed for the callback only. */
typedef struct stance_forecast {
	const char *issue;             /* slug */
	const char *as_of;             /* the scope's, NULL: all time */
	size_t nparties;
	const stance_forecast_party *parties;  /* sorted by party */
	int has_status_quo;
	double status_quo;             /* the issue's, when has_status_quo */
	unsigned int models;           /* the models asked for (1 << stance_model) */
	int has[STANCE_MODELS];        /* the model (asked for) gives a forecast */
	double value[STANCE_MODELS];   /* as computed, when has */
	double clamped[STANCE_MODELS]; /* clamped into the zone, when has */
	double zone_low;               /* the outcomes no current red line rules */
	double zone_high;              /* out: [low, high], which contains 50 */
	size_t nbounded;
	const char *const *bounded_by; /* the parties whose red lines set the zone's
					  ends, sorted */
	int has_stance;                /* the compromise is asked for and not null */
	int stance;                    /* the band of the clamped compromise, -2..+2 */
	size_t fit_outcomes;           /* the outcomes the fitted model learned from */
} stance_forecast;

/* Calls fn for the forecast of every issue in scope (the listed issues and
 * those under them; none listed: all) on which at least one listed party
 * (none listed: any) holds a current position, sorted by issue. Current
 * positions and red lines follow design §2 with the scope's as_of,
 * as_known and evidence filters; salience and capability are the latest
 * non-retracted assessments dated on or before as_of (all time: any).
 * models is a set of (1 << stance_model) (0: all). The fitted model learns
 * from the outcomes dated before as_of (all time: every outcome), each
 * against the inputs as of the day before it. by_actor, between and within
 * are STANCE_EINVALID: parties bargain, not their speakers. A non-zero
 * return from fn stops the walk and is returned; fn may read through db
 * but not write. */
int stance_forecast_foreach(stance_db *db, const stance_scope *scope, unsigned int models,
			    int (*fn)(const stance_forecast *f, void *ctx), void *ctx);

/* One outcome of a backtest, with each model's forecast as of the day
 * before it. Borrowed for the callback only. */
typedef struct stance_backtest_row {
	const stance_outcome *outcome;
	int has[STANCE_MODELS];        /* the model (asked for) gave a forecast */
	double value[STANCE_MODELS];   /* as computed, not clamped */
	double error[STANCE_MODELS];   /* |value - outcome->point| */
} stance_backtest_row;

/* What a backtest found, per model. */
typedef struct stance_backtest_summary {
	unsigned int models;           /* the models asked for */
	size_t n[STANCE_MODELS];       /* the outcomes the model forecast (not null) */
	double mae[STANCE_MODELS];     /* mean absolute error, when n > 0 */
	double median_error[STANCE_MODELS];  /* median absolute error, when n > 0 */
} stance_backtest_summary;

/* Forecasts every non-retracted outcome on an issue in scope as of the day
 * before its date, with the scope's parties, as_known and evidence filters
 * (its as_of is STANCE_EINVALID: each outcome has its own), and calls fn
 * for each in the order (date, recorded_at, id). The fitted model is
 * always out of sample: for an outcome on issue I it learns only from the
 * outcomes on other issues dated before the forecast's date. *sum gets
 * the summary when the walk completes. A non-zero return from fn stops
 * the walk and is returned. */
int stance_backtest_run(stance_backtest_summary *sum, stance_db *db, const stance_scope *scope,
			unsigned int models,
			int (*fn)(const stance_backtest_row *row, void *ctx), void *ctx);

#ifdef __cplusplus
}
#endif

#endif
