/*
 * bargain-model.h - the bargaining models of design §8 as pure functions
 * over arrays: no database, no allocation except the fit's own, so they
 * are exact, fast and testable against the worked vectors on their own.
 * The forecasts of bargain.h gather the inputs (current positions,
 * assessments, defaults) and pass them here.
 *
 * Every model weighs party i by w_i = c_i * s_i. A model is null (returns
 * 0, *out untouched) when it gives no forecast; the inputs are the
 * caller's checked values (x in 0..100, s in 0..100, c >= 0, all finite).
 */
#ifndef STANCE_BARGAIN_MODEL_H
#define STANCE_BARGAIN_MODEL_H

#include <stddef.h>

/* One party's inputs to a model on one issue. */
struct stance_bargainer {
	double x;      /* the point of its current position, 0..100 */
	double s;      /* salience, 0..100 */
	double c;      /* capability, >= 0 */
	int red_line;  /* its current red line holds */
};

/* Each returns 1 and sets *out when the model gives a forecast, 0 when it
 * is null.
 *
 * compromise: sum w x / sum w; null when sum w = 0.
 *
 * median: the least x at which 2 * (the running sum of w, over the parties
 * sorted by x) >= sum w, with a relative tolerance of 1e-12 so that
 * weights that make exactly half in decimal (0.1 + 0.2 against 0.3) do so
 * in floating point too; null when sum w = 0. A party with w = 0 takes
 * part but adds nothing. O(n * distinct points), without allocating.
 *
 * nash: the x in [0, 100] that maximises
 * F(x) = sum over w_i > 0 of w_i ln((d - x_i)^2 - (x - x_i)^2), where
 * every bracket is positive (each party gains over the status quo d);
 * null when no such x exists, or no w_i > 0. Pass d only when the issue
 * has a status quo. Exact to well within 1e-9 (bisection on F', which
 * decreases: F is concave where it is defined). */
int stance_bargain__compromise(double *out, const struct stance_bargainer *b, size_t n);
int stance_bargain__median(double *out, const struct stance_bargainer *b, size_t n);
int stance_bargain__nash(double *out, const struct stance_bargainer *b, size_t n, double d);

/* The middle of the scale: a red line on one side of it rules out the
 * other side. */
#define STANCE_BARGAIN_MIDDLE 50.0

/* The zone no current red line rules out: [*low, *high], always
 * containing 50. A red line at x < 50 rules out (50, 100], one at x > 50
 * rules out [0, 50), one at exactly 50 nothing; weights play no part. */
void stance_bargain__zone(double *low, double *high, const struct stance_bargainer *b, size_t n);

/* Whether b's red line bounds the zone [low, high] of
 * stance_bargain__zone() (b is one of its "bounded_by"): a red line below
 * 50 when high is 50, above 50 when low is 50. */
int stance_bargain__bounds(const struct stance_bargainer *b, double low, double high);

/* x moved into [low, high]. */
double stance_bargain__clamp(double x, double low, double high);

/* ---- fitted: the compromise model with one capability factor per party
 * fitted to recorded outcomes ---- */

/* The regulariser, in points of total absolute error per (ln f)^2: moving
 * a party's capability by a factor e off its assessment must buy a point
 * of error over all the cases together, by 10 (ln 10 = 2.3) some 5.3
 * points. It keeps a party seen in few cases near its assessment (a few
 * cases cannot outvote it) and fades as the cases grow in number, since
 * the error is summed, not averaged; and it makes the fit unique where the
 * data say nothing (a factor that changes no forecast stays at 1). */
#define STANCE_BARGAIN_FIT_LAMBDA 1.0

/* Each factor lies within [1 / BOUND, BOUND]: the data may correct an
 * assessment by an order of magnitude, not make a party all-powerful or
 * absent. */
#define STANCE_BARGAIN_FIT_BOUND 10.0

/* One recorded outcome with the inputs the compromise model had for it
 * (as of the day before). Borrowed for the call. */
struct stance_fit_case {
	const struct stance_bargainer *b;  /* c is the assessed (or default) capability */
	const size_t *party;               /* b[k]'s party as an index < nparties */
	size_t n;
	double y;                          /* the outcome's point */
};

/* Fits a factor f_p > 0 per party so that the compromise with capabilities
 * f_p * c minimises
 *     sum over cases |forecast - y| + LAMBDA * sum over p (ln f_p)^2
 * (p over the parties with weight in some case), each ln f_p within
 * [-ln BOUND, ln BOUND]: toward the assessed capabilities, whatever the
 * start. factor holds nparties values:
 * on entry the start (1: the assessed capabilities; a previous fit for a
 * warm start; a start that is not positive is taken as 1, one out of
 * bounds as the nearest bound), on return the fit. A party in no case
 * (or only with weight 0) keeps its factor as it was. Cases whose sum w is
 * 0 count for nothing, whatever the factors. Deterministic: the same
 * inputs and start give the same factors, bit for bit.
 *
 * Cyclic coordinate descent over ln f_p: in the first sweep each step
 * tries the current value and a grid over the bounds (ties going to the
 * value nearest 0, the assessed capability) and refines the best by golden
 * section within a grid step; later sweeps refine each value within twice
 * its last move. Sweeps stop when one improves the objective by less than
 * 1e-4 points per case, or after 100. A step costs the cases its party is
 * in, so a fit warm-started from the previous one (a backtest's next
 * outcome) is usually one sweep. The minimum is local: the objective is
 * not convex.
 *
 * 0, STANCE_ENOMEM, or STANCE_EINVALID for a party index >= nparties. */
int stance_bargain__fit(double *factor, size_t nparties, const struct stance_fit_case *cases,
			size_t ncases);

/* The compromise of one case's inputs with the fitted factors: w_k =
 * factor[party[k]] * c_k * s_k. 1 = defined, 0 = null (sum w = 0). */
int stance_bargain__fitted(double *out, const struct stance_bargainer *b, const size_t *party,
			   size_t n, const double *factor);

#endif
