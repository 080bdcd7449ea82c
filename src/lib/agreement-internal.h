/*
 * agreement-internal.h - what the files of the agreement module share:
 * agreement-alpha.c (Krippendorff's alpha from a coincidence matrix, pure
 * arithmetic), agreement-input.c (a coder's codings read from a database
 * or a snapshot) and agreement.c (units across coders, the answer).
 */
#ifndef STANCE_AGREEMENT_INTERNAL_H
#define STANCE_AGREEMENT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "stance/agreement.h"

/* ---- alpha (agreement-alpha.c) ---- */

/* The values are categories 0..k-1, k at most AGREE_MAX_K, in their order:
 * stances -2..+2 are 0..4 (an interval metric over indices is the one over
 * stances, shifted), the red-line flag's three states 0..2 (nominal). */
#define AGREE_MAX_K 5

/* What the pairable units of some scope add up to. */
struct agree_tally {
	double o[AGREE_MAX_K][AGREE_MAX_K];  /* the coincidence matrix */
	size_t units, values;
	double pairs, agreeing;              /* pairs of values, equal ones */
};

/* Adds one unit: counts[c] coders gave it category c (c < k). A unit
 * with fewer than two values is not pairable and adds nothing. */
void stance_agreement__tally(struct agree_tally *t, const unsigned *counts, size_t k);

/* Alpha over the tally with k categories and the metric; agreement too. */
void stance_agreement__alpha(stance_reliability *r, const struct agree_tally *t, size_t k,
			     stance_alpha_metric m);

/* ---- a coder's codings (agreement-input.c) ---- */

/* One position of a coder on a statement it has not retracted. */
struct agree_code {
	unsigned char id[16];   /* the statement's UUID as bytes */
	uint32_t issue;         /* index into the coder's issues */
	int8_t stance;          /* -2..+2 */
	int8_t red_line;        /* 0 stated false, 1 stated true, 2 not stated */
};

/* A red-line flag (STANCE_RED_LINE_*) as an agree_code's category. */
int stance_agreement__red_line_category(int red_line);

struct stance_coder {
	char **issues;          /* the slugs it has, sorted */
	char **parents;         /* each one's parent slug, or NULL */
	size_t nissues;
	char **alias_from;      /* the former slugs of its issues (renamed), */
	char **alias_to;        /* and the slug each became */
	size_t naliases;
	struct agree_code *codes;
	size_t ncodes, cap;
	size_t nstatements;     /* statements that code anything or nothing, not
				   retracted */
};

/* A UUID's 36 characters as 16 bytes (the text is a checked UUID), and
 * back (37 bytes, lowercase). */
void stance_agreement__uuid_bytes(unsigned char out[16], const char *text);
void stance_agreement__uuid_text(char out[37], const unsigned char id[16]);

#endif
