/*
 * The bargaining models of design §8 (bargain-model.c): its worked
 * vectors, the null, tie and tolerance rules, the zone, a property test
 * against plain reference implementations on seeded random inputs, and
 * the fit on cases whose outcomes the compromise model made from known
 * factors.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bargain-model.h"
#include "test-util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* (x, c, s) as design §8 lists them; no red lines. */
struct xcs {
	double x, c, s;
};

static void to_bargainers(struct stance_bargainer *out, const struct xcs *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (struct stance_bargainer){ .x = in[i].x, .s = in[i].s, .c = in[i].c };
}

/* uniform in [0, 1) */
static double rng_unit(void)
{
	return (double)(test_rng_next() >> 11) / 9007199254740992.0;
}

static size_t rng_below(size_t n)
{
	return (size_t)(test_rng_next() % n);
}

START_TEST(test_greece_2015)
{
	static const struct xcs v[] = {
		{ 40, 100, 100 }, { 60, 30, 100 }, { 70, 20, 100 }, { 80, 10, 100 },
		{ 100, 100, 80 }, { 100, 70, 100 }, { 100, 70, 40 }, { 100, 70, 40 },
		{ 100, 50, 100 }, { 100, 20, 70 }, { 100, 20, 100 },
	};
	struct stance_bargainer b[N(v)];
	double x;

	to_bargainers(b, v, N(v));
	ck_assert_int_eq(stance_bargain__compromise(&x, b, N(b)), 1);
	ck_assert_double_eq_tol(x, 82.2222, 1e-4);
	ck_assert_int_eq(stance_bargain__median(&x, b, N(b)), 1);
	ck_assert_double_eq(x, 100);
}
END_TEST

START_TEST(test_car_emissions)
{
	static const struct xcs v[] = {
		{ 4, .08, .8 }, { 7, .08, .4 }, { 4, .03, .2 }, { 4, .16, .8 }, { 10, .16, .6 },
		{ 10, .16, .6 }, { 10, .16, .9 }, { 7, .05, .1 }, { 4, .05, 1.0 }, { 7, .08, .7 },
	};
	struct stance_bargainer b[N(v)];
	double x;

	to_bargainers(b, v, N(v));
	ck_assert_int_eq(stance_bargain__compromise(&x, b, N(b)), 1);
	ck_assert_double_eq_tol(x, 7.389955686853766, 1e-12);
	ck_assert_double_eq_tol(x, 5003.0 / 677.0, 1e-12);
	ck_assert_int_eq(stance_bargain__median(&x, b, N(b)), 1);
	ck_assert_double_eq(x, 7);
}
END_TEST

START_TEST(test_two_and_three_actors)
{
	static const struct xcs two[] = { { 0, 1, 50 }, { 100, 1, 50 } };
	static const struct xcs three[] = { { 0, 1, 50 }, { 100, 1, 50 }, { 100, 1, 50 } };
	struct stance_bargainer b[3];
	double x;

	to_bargainers(b, two, 2);
	ck_assert_int_eq(stance_bargain__compromise(&x, b, 2), 1);
	ck_assert_double_eq(x, 50);
	/* exactly half at 0: the first point that reaches half */
	ck_assert_int_eq(stance_bargain__median(&x, b, 2), 1);
	ck_assert_double_eq(x, 0);
	to_bargainers(b, three, 3);
	ck_assert_int_eq(stance_bargain__compromise(&x, b, 3), 1);
	ck_assert_double_eq_tol(x, 66.6667, 1e-4);
	ck_assert_int_eq(stance_bargain__median(&x, b, 3), 1);
	ck_assert_double_eq(x, 100);
	/* the order of the input is no part of it */
	b[0].x = 100;
	b[2].x = 0;
	ck_assert_int_eq(stance_bargain__median(&x, b, 3), 1);
	ck_assert_double_eq(x, 100);
}
END_TEST

/* F(x) as design §8 writes it, -inf where a bracket is not positive. */
static double nash_F(const struct stance_bargainer *b, size_t n, double d, double x)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++) {
		double w = b[i].c * b[i].s, g;

		if (!(w > 0))
			continue;
		g = (d - b[i].x) * (d - b[i].x) - (x - b[i].x) * (x - b[i].x);
		if (!(g > 0))
			return -INFINITY;
		sum += w * log(g);
	}
	return sum;
}

/* F'(x) / 2 as the plain formula has it, where F is defined. */
static double nash_dF(const struct stance_bargainer *b, size_t n, double d, double x)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++) {
		double w = b[i].c * b[i].s;

		if (w > 0)
			sum += w * (b[i].x - x) /
			       ((d - b[i].x) * (d - b[i].x) - (x - b[i].x) * (x - b[i].x));
	}
	return sum;
}

/* The best of a grid of the given step over [0, 100] (*found 0 when no
 * point of it is feasible, or no party has weight). */
static double nash_grid(const struct stance_bargainer *b, size_t n, double d, double step,
			int *found)
{
	double best = 0, best_F = -INFINITY;
	long points = lround(100 / step);

	for (long j = 0; j <= points; j++) {
		double x = j * step, F = nash_F(b, n, d, x);

		if (F > best_F) {
			best = x;
			best_F = F;
		}
	}
	*found = best_F > -INFINITY;
	for (size_t i = 0; i < n && *found; i++)
		if (b[i].c * b[i].s > 0)
			return best;
	*found = 0;
	return best;
}

/* A brute-force reference: the best point of a fine grid, then the root
 * of F' between its neighbours by regula falsi (a search on the values of
 * F finds the top only to some 3e-6: near it they differ by less than
 * their rounding). An end of the scale is the answer when F' keeps its
 * sign up to it. */
static int nash_reference(double *out, const struct stance_bargainer *b, size_t n, double d)
{
	const double step = 1e-3;
	int found;
	double best = nash_grid(b, n, d, step, &found), lo, hi, flo, fhi;

	if (!found)
		return 0;
	lo = best - step;
	hi = best + step;
	if (lo < 0 || hi > 100 || !isfinite(nash_F(b, n, d, lo)) || !isfinite(nash_F(b, n, d, hi)))
		ck_abort_msg("the reference needs the top inside the scale");
	flo = nash_dF(b, n, d, lo);
	fhi = nash_dF(b, n, d, hi);
	ck_assert(flo > 0 && fhi < 0);
	for (int it = 0; it < 200 && hi - lo > 1e-12; it++) {
		/* the Illinois variant, so that one end does not stick */
		double x = (lo * fhi - hi * flo) / (fhi - flo), fx = nash_dF(b, n, d, x);

		if (fx == 0 || x <= lo || x >= hi) {
			lo = hi = x;
			break;
		}
		if (fx > 0) {
			lo = x;
			flo = fx;
			fhi /= 2;
		} else {
			hi = x;
			fhi = fx;
			flo /= 2;
		}
	}
	*out = (lo + hi) / 2;
	return 1;
}

START_TEST(test_nash_vectors)
{
	/* design §8's values, and the roots of F' to 40 digits (mpmath) */
	static const struct {
		double d, want, exact;
	} cases[] = {
		{ -50, 20.4666, 20.466635455687240267736 },
		{ -200, 46.4816, 46.481624151200356896026 },
		{ -1000, 62.2418, 62.241801652614802426938 },
	};
	struct stance_bargainer b[] = { { .x = 0, .s = 1, .c = 1 }, { .x = 100, .s = 1, .c = 1 },
					{ .x = 100, .s = 1, .c = 1 } };

	for (size_t i = 0; i < N(cases); i++) {
		double x, ref;

		ck_assert_int_eq(stance_bargain__nash(&x, b, 3, cases[i].d), 1);
		ck_assert_double_eq_tol(x, cases[i].want, 1e-4);
		ck_assert_double_eq_tol(x, cases[i].exact, 1e-9);
		ck_assert_int_eq(nash_reference(&ref, b, 3, cases[i].d), 1);
		ck_assert_msg(fabs(x - ref) < 1e-6, "d %g: %.12f, reference %.12f", cases[i].d, x,
			      ref);
	}
}
END_TEST

START_TEST(test_nash_null)
{
	struct stance_bargainer b[] = { { .x = 0, .s = 50, .c = 1 }, { .x = 100, .s = 50, .c = 1 } };
	double x = -1;

	/* d between them: what helps one hurts the other */
	ck_assert_int_eq(stance_bargain__nash(&x, b, 2, 50), 0);
	ck_assert_int_eq(stance_bargain__nash(&x, b, 2, 30), 0);
	ck_assert_int_eq(stance_bargain__nash(&x, b, 2, 99), 0);
	/* a party at the status quo can gain nothing */
	ck_assert_int_eq(stance_bargain__nash(&x, b, 2, 0), 0);
	ck_assert_int_eq(stance_bargain__nash(&x, b, 2, 100), 0);
	ck_assert_double_eq(x, -1);
	/* ... unless it has no weight, which leaves it out */
	b[0].c = 0;
	ck_assert_int_eq(stance_bargain__nash(&x, b, 2, 0), 1);
	ck_assert_double_eq(x, 100);
	b[1].s = 0;
	ck_assert_int_eq(stance_bargain__nash(&x, b, 2, 0), 0);
	ck_assert_int_eq(stance_bargain__nash(&x, b, 0, 0), 0);
	/* outside the range they gain together */
	b[0].c = 1;
	b[1].s = 50;
	ck_assert_int_eq(stance_bargain__nash(&x, b, 2, -10), 1);
	ck_assert(x > 0 && x < 10);
	ck_assert_int_eq(stance_bargain__nash(&x, b, 2, 110), 1);
	ck_assert(x > 90 && x < 100);
}
END_TEST

/* The ends of the scale are answers (F' keeps its sign up to them); the
 * open ends of the feasible interval are not. */
START_TEST(test_nash_ends)
{
	struct stance_bargainer b[] = { { .x = 0, .s = 1, .c = 1 }, { .x = 0, .s = 3, .c = 1 } };
	double x = -1;

	ck_assert_int_eq(stance_bargain__nash(&x, b, 2, -50), 1);
	ck_assert_double_eq(x, 0);
	ck_assert_int_eq(stance_bargain__nash(&x, b, 2, 70), 1);
	ck_assert_double_eq(x, 0);
	b[0].x = b[1].x = 100;
	ck_assert_int_eq(stance_bargain__nash(&x, b, 2, 20), 1);
	ck_assert_double_eq(x, 100);
	/* d = -10 with parties at 0 and 100: the feasible part of the scale
	 * is [0, 10), and the party at 0 pulls the answer off its open end */
	b[0].x = 0;
	ck_assert_int_eq(stance_bargain__nash(&x, b, 2, -10), 1);
	ck_assert(x > 0 && x < 10);
	ck_assert(isfinite(nash_F(b, 2, -10, x)));
}
END_TEST

/* As the status quo moves away, every gain is nearly the same square, and
 * the Nash solution tends to the compromise. */
START_TEST(test_nash_tends_to_compromise)
{
	struct stance_bargainer b[] = { { .x = 0, .s = 1, .c = 1 }, { .x = 100, .s = 1, .c = 1 },
					{ .x = 100, .s = 1, .c = 1 } };
	double comp, x, last = INFINITY;

	ck_assert_int_eq(stance_bargain__compromise(&comp, b, 3), 1);
	for (double d = -1e3; d >= -1e6; d *= 10) {
		ck_assert_int_eq(stance_bargain__nash(&x, b, 3, d), 1);
		ck_assert_msg(fabs(x - comp) < last, "d %g: %.9f", d, x);
		last = fabs(x - comp);
	}
	ck_assert_double_eq_tol(x, comp, 1e-2);
}
END_TEST

START_TEST(test_no_weight_is_null)
{
	struct stance_bargainer b[] = { { .x = 10, .s = 0, .c = 1 }, { .x = 90, .s = 80, .c = 0 } };
	double x = -1;

	ck_assert_int_eq(stance_bargain__compromise(&x, b, 2), 0);
	ck_assert_int_eq(stance_bargain__median(&x, b, 2), 0);
	ck_assert_int_eq(stance_bargain__nash(&x, b, 2, -20), 0);
	ck_assert_int_eq(stance_bargain__compromise(&x, b, 0), 0);
	ck_assert_int_eq(stance_bargain__median(&x, b, 0), 0);
	ck_assert_double_eq(x, -1);
}
END_TEST

START_TEST(test_median_tolerance)
{
	/* 0.3 at 0 is half of 0.3 + 0.1 + 0.2, but 0.3 + 0.1 + 0.2 is
	 * 0.6000000000000001 in doubles */
	struct stance_bargainer b[] = { { .x = 0, .s = 0.3, .c = 1 }, { .x = 100, .s = 0.1, .c = 1 },
					{ .x = 100, .s = 0.2, .c = 1 } };
	volatile double total = 0.3;
	double x;

	total += 0.1;
	total += 0.2;
	ck_assert(2 * 0.3 < total);  /* so that without the tolerance it would be 100 */
	ck_assert_int_eq(stance_bargain__median(&x, b, 3), 1);
	ck_assert_double_eq(x, 0);
	/* more than the tolerance short of half is short */
	b[0].s = 0.3 - 1e-9;
	ck_assert_int_eq(stance_bargain__median(&x, b, 3), 1);
	ck_assert_double_eq(x, 100);
}
END_TEST

/* Parties without weight take part in the walk but add nothing. */
START_TEST(test_median_zero_weights)
{
	struct stance_bargainer b[] = { { .x = 0, .s = 0, .c = 1 }, { .x = 50, .s = 50, .c = 1 },
					{ .x = 100, .s = 50, .c = 1 }, { .x = 20, .s = 90, .c = 0 } };
	double x;

	ck_assert_int_eq(stance_bargain__median(&x, b, 4), 1);
	ck_assert_double_eq(x, 50);
	b[1].c = 0;
	ck_assert_int_eq(stance_bargain__median(&x, b, 4), 1);
	ck_assert_double_eq(x, 100);
}
END_TEST

START_TEST(test_zone)
{
	struct stance_bargainer b[] = { { .x = 20, .s = 50, .c = 1 }, { .x = 80, .s = 50, .c = 1 },
					{ .x = 50, .s = 50, .c = 1 } };
	double low, high;

	stance_bargain__zone(&low, &high, b, 3);
	ck_assert_double_eq(low, 0);
	ck_assert_double_eq(high, 100);
	ck_assert(!stance_bargain__bounds(&b[0], low, high));
	b[0].red_line = 1;
	stance_bargain__zone(&low, &high, b, 3);
	ck_assert_double_eq(low, 0);
	ck_assert_double_eq(high, 50);
	ck_assert(stance_bargain__bounds(&b[0], low, high));
	ck_assert(!stance_bargain__bounds(&b[1], low, high));
	b[0].red_line = 0;
	b[1].red_line = 1;
	stance_bargain__zone(&low, &high, b, 3);
	ck_assert_double_eq(low, 50);
	ck_assert_double_eq(high, 100);
	ck_assert(!stance_bargain__bounds(&b[0], low, high));
	ck_assert(stance_bargain__bounds(&b[1], low, high));
	b[0].red_line = 1;
	stance_bargain__zone(&low, &high, b, 3);
	ck_assert_double_eq(low, 50);
	ck_assert_double_eq(high, 50);
	ck_assert(stance_bargain__bounds(&b[0], low, high));
	ck_assert(stance_bargain__bounds(&b[1], low, high));
	/* a red line bounds only the end on its own side */
	ck_assert(!stance_bargain__bounds(&b[1], 0, 50));
	ck_assert(!stance_bargain__bounds(&b[0], 50, 100));
	ck_assert(!stance_bargain__bounds(&b[0], 0, 100));
	/* a red line at 50 rules out nothing and bounds nothing */
	b[0].red_line = b[1].red_line = 0;
	b[2].red_line = 1;
	stance_bargain__zone(&low, &high, b, 3);
	ck_assert_double_eq(low, 0);
	ck_assert_double_eq(high, 100);
	ck_assert(!stance_bargain__bounds(&b[2], 50, 50));
	/* weight plays no part in the zone */
	b[0].red_line = 1;
	b[0].c = 0;
	stance_bargain__zone(&low, &high, b, 3);
	ck_assert_double_eq(high, 50);
	stance_bargain__zone(&low, &high, b, 0);
	ck_assert(low == 0 && high == 100);
}
END_TEST

START_TEST(test_clamp)
{
	ck_assert_double_eq(stance_bargain__clamp(70, 0, 50), 50);
	ck_assert_double_eq(stance_bargain__clamp(20, 50, 100), 50);
	ck_assert_double_eq(stance_bargain__clamp(20, 0, 100), 20);
	ck_assert_double_eq(stance_bargain__clamp(0, 0, 50), 0);
	ck_assert_double_eq(stance_bargain__clamp(100, 50, 50), 50);
}
END_TEST

/* ---- the property test ---- */

#define PROPERTY_MAX 8

static int ref_compromise(double *out, const struct stance_bargainer *b, size_t n)
{
	long double num = 0, den = 0;

	for (size_t i = 0; i < n; i++) {
		num += (long double)b[i].c * b[i].s * b[i].x;
		den += (long double)b[i].c * b[i].s;
	}
	if (den == 0)
		return 0;
	*out = (double)(num / den);
	return 1;
}

/* Sort a copy (stably, by insertion), walk it. */
static int ref_median(double *out, const struct stance_bargainer *b, size_t n)
{
	struct stance_bargainer s[PROPERTY_MAX];
	double total = 0, run = 0;

	for (size_t i = 0; i < n; i++) {
		size_t j = i;

		total += b[i].c * b[i].s;
		while (j > 0 && s[j - 1].x > b[i].x) {
			s[j] = s[j - 1];
			j--;
		}
		s[j] = b[i];
	}
	if (total == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		run += s[i].c * s[i].s;
		if (2 * run >= total * (1 - 1e-12)) {
			*out = s[i].x;
			return 1;
		}
	}
	ck_abort_msg("the walk ended before half");
	return 0;
}

/* Points from a small set (ties), weights with zeros and exact halves. */
static void random_bargainers(struct stance_bargainer *b, size_t n)
{
	static const double points[] = { 0, 25, 50, 75, 100, 40 };
	static const double saliences[] = { 0, 10, 50, 100 };

	for (size_t i = 0; i < n; i++) {
		b[i].x = rng_below(3) ? 100 * rng_unit() : points[rng_below(N(points))];
		b[i].s = rng_below(2) ? 100 * rng_unit() : saliences[rng_below(N(saliences))];
		b[i].c = rng_below(6) ? 5 * rng_unit() : rng_below(2);
		b[i].red_line = rng_below(4) == 0;
	}
}

static double random_status_quo(void)
{
	switch (rng_below(4)) {
	case 0:
		return -1000 * rng_unit();
	case 1:
		return 100 + 1000 * rng_unit();
	default:
		return 100 * rng_unit();
	}
}

static void check_nash(const struct stance_bargainer *b, size_t n, double d, size_t c)
{
	const double step = 0.01;
	double x, best;
	int found, got = stance_bargain__nash(&x, b, n, d);

	best = nash_grid(b, n, d, step, &found);
	if (found)
		ck_assert_msg(got, "case %zu: null where x = %g is feasible", c, best);
	if (!got)
		return;
	ck_assert_msg(x >= 0 && x <= 100 && isfinite(nash_F(b, n, d, x)), "case %zu: %.17g", c, x);
	if (!found)
		return;  /* a feasible interval narrower than the grid's step */
	ck_assert_msg(fabs(best - x) <= step + 1e-9, "case %zu: %.12f, grid %.12f", c, x, best);
	ck_assert_msg(nash_F(b, n, d, x) >= nash_F(b, n, d, best) - 1e-9,
		      "case %zu: F(%.12f) < F(%.12f)", c, x, best);
}

START_TEST(test_property)
{
	size_t cases = test_instrumented() ? 300 : 3000;

	test_rng_state = 14;
	for (size_t c = 0; c < cases; c++) {
		struct stance_bargainer b[PROPERTY_MAX];
		size_t n = 1 + rng_below(PROPERTY_MAX);
		double x, ref;
		int got, want;

		random_bargainers(b, n);
		got = stance_bargain__compromise(&x, b, n);
		want = ref_compromise(&ref, b, n);
		ck_assert_int_eq(got, want);
		if (got)
			ck_assert_msg(fabs(x - ref) <= 1e-12 * 100, "case %zu: %.17g, %.17g", c, x,
				      ref);
		got = stance_bargain__median(&x, b, n);
		want = ref_median(&ref, b, n);
		ck_assert_int_eq(got, want);
		if (got)
			ck_assert_msg(x == ref, "case %zu: median %.17g, %.17g", c, x, ref);
		check_nash(b, n, random_status_quo(), c);
	}
}
END_TEST

/* ---- the fit ---- */

struct fit_data {
	size_t ncases, nparties;
	struct stance_fit_case *cases;
	struct stance_bargainer *b;  /* all the cases' inputs, one after another */
	size_t *party;
};

static void fit_data_free(struct fit_data *fd)
{
	free(fd->cases);
	free(fd->b);
	free(fd->party);
}

/* ncases cases of between 2 and most distinct parties each, with assessed
 * capabilities in [0.5, 2], whose outcomes the compromise model makes
 * from the capabilities times truth[p]. */
static void fit_data_make(struct fit_data *fd, size_t ncases, size_t nparties, size_t most,
			  const double *truth)
{
	size_t used = 0;

	fd->ncases = ncases;
	fd->nparties = nparties;
	fd->cases = calloc(ncases, sizeof(*fd->cases));
	fd->b = calloc(ncases * most, sizeof(*fd->b));
	fd->party = calloc(ncases * most, sizeof(*fd->party));
	ck_assert(fd->cases && fd->b && fd->party);
	for (size_t k = 0; k < ncases; k++) {
		struct stance_fit_case *c = &fd->cases[k];
		struct stance_bargainer *b = &fd->b[used];
		size_t *party = &fd->party[used];
		size_t first = rng_below(nparties), n = 2 + rng_below(most - 1);

		/* n distinct parties: a run from a random one */
		for (size_t j = 0; j < n; j++) {
			party[j] = (first + j) % nparties;
			b[j] = (struct stance_bargainer){ .x = 100 * rng_unit(),
							  .s = 10 + 90 * rng_unit(),
							  .c = 0.5 + 1.5 * rng_unit() };
		}
		*c = (struct stance_fit_case){ .b = b, .party = party, .n = n };
		if (truth)
			ck_assert(stance_bargain__fitted(&c->y, b, party, n, truth));
		used += n;
	}
}

/* Each case's |fitted - y|, summed. */
static double fit_error(const struct fit_data *fd, const double *factor)
{
	double sum = 0, x;

	for (size_t k = 0; k < fd->ncases; k++) {
		const struct stance_fit_case *c = &fd->cases[k];

		if (stance_bargain__fitted(&x, c->b, c->party, c->n, factor))
			sum += fabs(x - c->y);
	}
	return sum;
}

static double fit_objective(const struct fit_data *fd, const double *factor)
{
	double sum = fit_error(fd, factor);

	for (size_t p = 0; p < fd->nparties; p++)
		sum += STANCE_BARGAIN_FIT_LAMBDA * log(factor[p]) * log(factor[p]);
	return sum;
}

static void ones(double *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		f[i] = 1;
}

START_TEST(test_fit_recovers)
{
	double truth[30], f[30], again[30], one[30];
	struct fit_data fd;
	double err1, err;

	test_rng_state = 7;
	for (size_t p = 0; p < N(truth); p++)
		truth[p] = 0.3 + 2.7 * rng_unit();
	fit_data_make(&fd, 200, N(truth), 10, truth);
	ones(one, N(one));
	ones(f, N(f));
	ck_assert_int_eq(stance_bargain__fit(f, N(f), fd.cases, fd.ncases), 0);
	err1 = fit_error(&fd, one);
	err = fit_error(&fd, f);
	ck_assert_msg(err < 0.1 * err1, "error %g with the fit, %g without", err, err1);
	ck_assert(fit_objective(&fd, f) < fit_objective(&fd, one));
	for (size_t p = 0; p < N(f); p++)
		ck_assert(f[p] >= 0.1 && f[p] <= 10);
	/* deterministic */
	ones(again, N(again));
	ck_assert_int_eq(stance_bargain__fit(again, N(again), fd.cases, fd.ncases), 0);
	ck_assert(memcmp(f, again, sizeof(f)) == 0);
	/* a warm start from the fit ends no worse */
	ck_assert_int_eq(stance_bargain__fit(again, N(again), fd.cases, fd.ncases), 0);
	ck_assert(fit_objective(&fd, again) <= fit_objective(&fd, f) * (1 + 1e-12));
	fit_data_free(&fd);
}
END_TEST

/* On outcomes the assessed capabilities make, the fit has nothing to
 * correct: the objective is 0 at the start and stays there. */
START_TEST(test_fit_exact_start)
{
	double one[12], f[12];
	struct fit_data fd;

	test_rng_state = 8;
	ones(one, N(one));
	fit_data_make(&fd, 40, N(one), 6, one);
	ones(f, N(f));
	ck_assert_int_eq(stance_bargain__fit(f, N(f), fd.cases, fd.ncases), 0);
	for (size_t p = 0; p < N(f); p++)
		ck_assert_double_eq(f[p], 1);
	fit_data_free(&fd);
}
END_TEST

START_TEST(test_fit_no_cases)
{
	double f[] = { 1, 0.05, 42, 0 };
	const double want[] = { 1, 0.05, 42, 0 };

	ck_assert_int_eq(stance_bargain__fit(f, N(f), NULL, 0), 0);
	ck_assert(memcmp(f, want, sizeof(f)) == 0);
	ck_assert_int_eq(stance_bargain__fit(NULL, 0, NULL, 0), 0);
}
END_TEST

/* Outcomes only a party a hundred times its assessment would make: the
 * factor stops at the bound. A start out of bounds, not positive or not a
 * number starts within them; a party in no case keeps even a wild one. */
START_TEST(test_fit_bounds)
{
	struct stance_bargainer b[] = { { .x = 100, .s = 50, .c = 1 }, { .x = 0, .s = 50, .c = 1 } };
	size_t party[] = { 0, 1 };
	struct stance_fit_case cases[20];
	double f[3] = { 1, 1, 77 };
	const double starts[] = { 1, 500, 0.0001, 0, -3, NAN };

	for (size_t k = 0; k < N(cases); k++)
		cases[k] = (struct stance_fit_case){ .b = b, .party = party, .n = 2, .y = 99.5 };
	for (size_t i = 0; i < N(starts); i++) {
		f[0] = starts[i];
		f[1] = 1;
		ck_assert_int_eq(stance_bargain__fit(f, 3, cases, N(cases)), 0);
		ck_assert_msg(f[0] == 10, "start %g: %.17g", starts[i], f[0]);
		ck_assert_msg(f[1] == 0.1, "start %g: %.17g", starts[i], f[1]);
		ck_assert_double_eq(f[2], 77);
	}
}
END_TEST

/* Cases without weight count for nothing, whatever their outcome; a party
 * only in those keeps its factor; a party listed twice in a case is its
 * two entries summed. */
START_TEST(test_fit_zero_weight_cases)
{
	double truth[10], f[11], g[11];
	struct fit_data fd;
	struct stance_bargainer nothing[] = { { .x = 10, .s = 0, .c = 1 }, { .x = 90, .s = 50, .c = 0 } };
	size_t nothing_party[] = { 3, 10 };
	struct stance_fit_case *cases;

	test_rng_state = 9;
	for (size_t p = 0; p < N(truth); p++)
		truth[p] = 0.5 + rng_unit();
	fit_data_make(&fd, 60, N(truth), 5, truth);
	fd.nparties = N(f);
	cases = calloc(fd.ncases + 3, sizeof(*cases));
	ck_assert_ptr_nonnull(cases);
	cases[0] = (struct stance_fit_case){ .b = nothing, .party = nothing_party, .n = 2, .y = 0 };
	memcpy(cases + 1, fd.cases, fd.ncases * sizeof(*cases));
	cases[fd.ncases + 1] = cases[0];
	cases[fd.ncases + 1].y = 100;
	cases[fd.ncases + 2] = (struct stance_fit_case){ .b = nothing, .party = nothing_party };
	ones(f, N(f));
	ones(g, N(g));
	f[10] = g[10] = 3;
	ck_assert_int_eq(stance_bargain__fit(f, N(f), fd.cases, fd.ncases), 0);
	ck_assert_int_eq(stance_bargain__fit(g, N(g), cases, fd.ncases + 3), 0);
	ck_assert(memcmp(f, g, sizeof(f)) == 0);
	ck_assert_double_eq(g[10], 3);
	free(cases);
	fit_data_free(&fd);
}
END_TEST

START_TEST(test_fit_duplicate_party)
{
	/* party 0 twice in a case is as if it were once with the sum of its
	 * weights at their weighted mean */
	struct stance_bargainer twice[] = { { .x = 20, .s = 30, .c = 1 }, { .x = 80, .s = 10, .c = 1 },
					    { .x = 60, .s = 40, .c = 1 } };
	struct stance_bargainer once[] = { { .x = 35, .s = 40, .c = 1 }, { .x = 60, .s = 40, .c = 1 } };
	size_t twice_party[] = { 0, 0, 1 }, once_party[] = { 0, 1 };
	struct stance_bargainer other[] = { { .x = 0, .s = 40, .c = 1 }, { .x = 100, .s = 40, .c = 1 } };
	struct stance_fit_case a[] = {
		{ .b = twice, .party = twice_party, .n = 3, .y = 40 },
		{ .b = other, .party = once_party, .n = 2, .y = 30 },
	};
	struct stance_fit_case b[] = {
		{ .b = once, .party = once_party, .n = 2, .y = 40 },
		{ .b = other, .party = once_party, .n = 2, .y = 30 },
	};
	double fa[2] = { 1, 1 }, fb[2] = { 1, 1 };

	ck_assert_int_eq(stance_bargain__fit(fa, 2, a, 2), 0);
	ck_assert_int_eq(stance_bargain__fit(fb, 2, b, 2), 0);
	ck_assert_double_eq_tol(fa[0], fb[0], 1e-9);
	ck_assert_double_eq_tol(fa[1], fb[1], 1e-9);
	ck_assert(fa[0] != 1 || fa[1] != 1);
}
END_TEST

START_TEST(test_fit_bad_party)
{
	struct stance_bargainer b[] = { { .x = 10, .s = 50, .c = 1 }, { .x = 90, .s = 50, .c = 1 } };
	size_t party[] = { 0, 2 };
	struct stance_fit_case c = { .b = b, .party = party, .n = 2, .y = 50 };
	double f[2] = { 1, 1 };

	ck_assert_int_eq(stance_bargain__fit(f, 2, &c, 1), STANCE_EINVALID);
	ck_assert_error_has("party index 2");
	ck_assert(f[0] == 1 && f[1] == 1);
}
END_TEST

/* An allocation that cannot succeed (2^40 parties, 8 TiB of factors) is
 * STANCE_ENOMEM, after freeing what came before it (valgrind checks).
 * AddressSanitizer reports such a request instead of failing it, so its
 * run skips this. */
START_TEST(test_fit_out_of_memory)
{
#if !defined(__SANITIZE_ADDRESS__)
	struct stance_bargainer b[] = { { .x = 10, .s = 50, .c = 1 } };
	size_t party[] = { 0 };
	struct stance_fit_case c = { .b = b, .party = party, .n = 1, .y = 50 };
	double f[1] = { 1 };

	ck_assert_int_eq(stance_bargain__fit(f, (size_t)1 << 40, &c, 1), STANCE_ENOMEM);
	ck_assert_error_has("out of memory");
	ck_assert_double_eq(f[0], 1);
#endif
}
END_TEST

START_TEST(test_fitted)
{
	struct stance_bargainer b[] = { { .x = 0, .s = 50, .c = 1 }, { .x = 100, .s = 50, .c = 2 } };
	size_t party[] = { 1, 0 };
	double f[] = { 0.5, 1 }, one[] = { 1, 1 }, x, y;

	ck_assert_int_eq(stance_bargain__fitted(&x, b, party, 2, one), 1);
	ck_assert_int_eq(stance_bargain__compromise(&y, b, 2), 1);
	ck_assert_double_eq(x, y);
	/* the factor goes with the party, not the place in the list */
	ck_assert_int_eq(stance_bargain__fitted(&x, b, party, 2, f), 1);
	ck_assert_double_eq_tol(x, 50, 1e-12);
	b[0].s = b[1].s = 0;
	ck_assert_int_eq(stance_bargain__fitted(&x, b, party, 2, f), 0);
}
END_TEST
