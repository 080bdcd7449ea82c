/*
 * agreement.h - how far do the coders agree? (design §9): two or more
 * analysts code the same statements independently, each in a database or
 * a snapshot of their own; Krippendorff's alpha says how far their
 * stances (and red lines) agree beyond chance.
 *
 * A unit is a (statement id, issue) pair. A coder's value there is the
 * stance of its position, missing when it does not code that issue on
 * that statement, lacks the statement, or has retracted it. Units with
 * fewer than two values are not pairable and take no part. Alpha comes
 * from the coincidence matrix of the pairable values (Krippendorff,
 * "Computing Krippendorff's Alpha-Reliability", 2011), with any number of
 * coders and missing values allowed.
 */
#ifndef STANCE_AGREEMENT_H
#define STANCE_AGREEMENT_H

#include <stddef.h>
#include <stdio.h>

#include "stance/db.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How far apart two stances are for alpha: ordinal (by rank, the
 * default), interval (by value) or nominal (same or not). */
typedef enum stance_alpha_metric {
	STANCE_ALPHA_ORDINAL,
	STANCE_ALPHA_INTERVAL,
	STANCE_ALPHA_NOMINAL
} stance_alpha_metric;

/* The metrics' names ("ordinal", "interval", "nominal"), indexed by
 * stance_alpha_metric and NULL-terminated. */
extern const char *const stance_alpha_metric_names[];

/* The name of m; NULL for a value that is not a metric. */
const char *stance_alpha_metric_name(stance_alpha_metric m);

/* The metric called name; STANCE_EINVALID naming the choices otherwise. */
int stance_alpha_metric_parse(stance_alpha_metric *out, const char *name);

/* One coder's codings, loaded from a stance database or a snapshot: what
 * it codes on which statements, and its issues (with their parents). */
typedef struct stance_coder stance_coder;

/* Loads the coder at path: a stance database (told by SQLite's header),
 * else a JSON snapshot of version 1 or 2, checked as an import checks it
 * (STANCE_EINVALID with the JSON path of the first fault); "-" reads a
 * snapshot from standard input. A missing file is STANCE_ENODB; a
 * database that is not stance's, or made by a newer stance, is
 * STANCE_ENOTSTANCE or STANCE_ENEWER; an older one STANCE_EOLDER. The
 * database is only read. Free *out with stance_coder_free(). */
int stance_coder_load(stance_coder **out, const char *path);

/* The same from a database already open (it is only read), or from a
 * snapshot read from in (the messages name no file). */
int stance_coder_from_db(stance_coder **out, stance_db *db);
int stance_coder_from_snapshot(stance_coder **out, FILE *in);

/* The number of statements the coder has (retracted ones left out). */
size_t stance_coder_statements(const stance_coder *c);

void stance_coder_free(stance_coder *c);

/* Alpha and its counts over some units. */
typedef struct stance_reliability {
	int defined;           /* alpha is a number */
	double alpha;          /* 1: perfect agreement, 0: as by chance; when defined */
	const char *reason;    /* why it is not defined: "no pairable units" or
				  "no variation"; NULL when it is */
	size_t units;          /* pairable units */
	size_t values;         /* pairable values (the coincidence matrix's total) */
	int has_agreement;     /* there is at least one pair of values */
	double agreement;      /* agreeing pairs / pairs, 0..1, when has_agreement */
} stance_reliability;

/* The agreement on one issue, or over every issue (issue NULL): on the
 * stances by the chosen metric, on the red-line flags nominally, over
 * the same units (the flag's three values: stated true, stated false,
 * not stated). */
typedef struct stance_agreement_issue {
	const char *issue;
	stance_reliability stance;
	stance_reliability red_line;
} stance_agreement_issue;

/* What stance_disagreement's values hold for a missing value. */
#define STANCE_AGREEMENT_MISSING 99

/* A pairable unit on which the coders' stances, or their red-line flags,
 * are not all the same. */
typedef struct stance_disagreement {
	char statement[37];    /* the statement's id */
	const char *issue;     /* slug */
	const int *values;     /* one per coder, in the order given: the stance
				  -2..+2, or STANCE_AGREEMENT_MISSING */
	const int *red_lines;  /* the same: STANCE_RED_LINE_YES, _NO, _UNSTATED,
				  or STANCE_AGREEMENT_MISSING */
} stance_disagreement;

/* The whole answer; it owns everything it points to. */
typedef struct stance_agreement {
	stance_alpha_metric metric;
	size_t ncoders;
	stance_agreement_issue overall;    /* every unit in one coincidence matrix */
	stance_agreement_issue *issues;    /* by slug: the issues in scope that
					      any coder codes */
	size_t nissues;
	stance_disagreement *disagreements;  /* by statement id, then issue */
	size_t ndisagreements;
} stance_agreement;

/* Computes the agreement between the ncoders (>= 2) coders, over the units
 * of the issues listed and their descendants (by the parents any coder
 * gives), or of every issue when nissues is 0. An issue listed that no
 * coder has is STANCE_ENOTFOUND. Free *out with stance_agreement_free(). */
int stance_agreement_compute(stance_agreement **out, stance_coder *const *coders,
			     size_t ncoders, const char *const *issues, size_t nissues,
			     stance_alpha_metric metric);

void stance_agreement_free(stance_agreement *a);

#ifdef __cplusplus
}
#endif

#endif
