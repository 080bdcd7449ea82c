/*
 * agreement-alpha.c - Krippendorff's alpha from the coincidence matrix
 * (Klaus Krippendorff, "Computing Krippendorff's Alpha-Reliability",
 * 2011, and Content Analysis, 4th ed., 2019, ch. 12): any number of
 * coders, missing values allowed. Pure arithmetic over the tally of
 * agreement-internal.h.
 *
 * Each pairable unit u (m_u >= 2 values, n_uc of them in category c)
 * adds n_uc (n_uk - [c = k]) / (m_u - 1) to o_ck; then n_c = sum_k o_ck,
 * n = sum_c n_c, and
 *
 *	alpha = 1 - (n - 1) * sum_ck o_ck d2(c, k) / sum_ck n_c n_k d2(c, k)
 *
 * with d2 the metric's squared difference: nominal [c != k]; interval
 * (c - k)^2; ordinal (sum of n_g for g from c to k - (n_c + n_k) / 2)^2.
 */
#include <string.h>

#include "agreement-internal.h"

void stance_agreement__tally(struct agree_tally *t, const unsigned *counts, size_t k)
{
	double m = 0;

	for (size_t c = 0; c < k; c++)
		m += counts[c];
	if (m < 2)
		return;
	t->units++;
	t->values += (size_t)m;
	t->pairs += m * (m - 1) / 2;
	for (size_t c = 0; c < k; c++) {
		t->agreeing += (double)counts[c] * (counts[c] - 1.0) / 2;
		for (size_t d = 0; d < k; d++)
			t->o[c][d] += counts[c] * (counts[d] - (c == d ? 1.0 : 0.0)) / (m - 1);
	}
}

/* The metric's squared difference between categories c and d, given the
 * marginals n. */
static double difference(stance_alpha_metric m, const double *n, size_t c, size_t d)
{
	double between = 0;

	if (c == d)
		return 0;
	switch (m) {
	case STANCE_ALPHA_NOMINAL:
		return 1;
	case STANCE_ALPHA_INTERVAL:
		return ((double)c - (double)d) * ((double)c - (double)d);
	default:
		for (size_t g = c < d ? c : d; g <= (c < d ? d : c); g++)
			between += n[g];
		between -= (n[c] + n[d]) / 2;
		return between * between;
	}
}

void stance_agreement__alpha(stance_reliability *r, const struct agree_tally *t, size_t k,
			     stance_alpha_metric m)
{
	double n[AGREE_MAX_K] = { 0 }, total = 0, observed = 0, expected = 0;
	size_t used = 0;

	memset(r, 0, sizeof(*r));
	r->units = t->units;
	r->values = t->values;
	r->has_agreement = t->pairs > 0;
	r->agreement = r->has_agreement ? t->agreeing / t->pairs : 0;
	for (size_t c = 0; c < k; c++) {
		for (size_t d = 0; d < k; d++)
			n[c] += t->o[c][d];
		total += n[c];
		used += n[c] > 0;
	}
	if (t->units == 0) {
		r->reason = "no pairable units";
		return;
	}
	/* one category alone: every pair agrees, and so would chance */
	if (used < 2) {
		r->reason = "no variation";
		return;
	}
	for (size_t c = 0; c < k; c++)
		for (size_t d = 0; d < k; d++) {
			double d2 = difference(m, n, c, d);

			observed += t->o[c][d] * d2;
			expected += n[c] * n[d] * d2;
		}
	r->defined = 1;
	r->alpha = 1 - (total - 1) * observed / expected;
}
