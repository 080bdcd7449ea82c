/*
 * fuzz-agreement.c - libFuzzer harness for a coder read from a snapshot
 * (stance agreement's reader, its own walk of the document): each input is
 * read through fmemopen(); one that is accepted is then compared with
 * itself, which must agree on every unit (no disagreement, and an alpha
 * that is 1 or undefined).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "stance/stance.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether r says what a coder compared with itself must: full agreement. */
static int agrees(const stance_reliability *r)
{
	if (r->defined && r->alpha != 1)
		return 0;
	return !r->has_agreement || r->agreement == 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	stance_coder *c = NULL;
	stance_agreement *a = NULL;
	FILE *in;
	int rc;

	if (size == 0)
		return 0;
	in = fmemopen((void *)data, size, "r");
	if (!in)
		return 0;
	rc = stance_coder_from_snapshot(&c, in);
	fclose(in);
	if (rc == STANCE_EINTERNAL)
		abort();
	if (rc)
		return 0;
	rc = stance_agreement_compute(&a, (stance_coder *const[]){ c, c }, 2, NULL, 0,
				      STANCE_ALPHA_ORDINAL);
	if (rc != 0 && rc != STANCE_ENOMEM)
		abort();
	if (a && (a->ndisagreements != 0 || !agrees(&a->overall.stance) ||
		  !agrees(&a->overall.red_line)))
		abort();
	for (size_t i = 0; a && i < a->nissues; i++)
		if (!agrees(&a->issues[i].stance) || !agrees(&a->issues[i].red_line))
			abort();
	stance_agreement_free(a);
	stance_coder_free(c);
	return 0;
}
