/*
 * bargain-model.c - the bargaining models of design §8 and the fit of the
 * fitted model: see bargain-model.h.
 *
 * The fit spends its time evaluating one party's part of the objective
 * for trial factors. Each case keeps its numerator (sum f w x) and
 * denominator (sum f w), and each party the list of the cases it is in
 * with its w x and w there, so that a trial factor for party p costs one
 * division per case p is in: with the rest of case k, rn and rd, its
 * error at factor f is |rn + f a - y (rd + f b)| / (rd + f b).
 */
#include <math.h>
#include <stdlib.h>

#include "bargain-model.h"
#include "common-internal.h"

/* Half of the total weight within this relative tolerance counts as half:
 * sums in another order differ in the last bits. */
#define MEDIAN_TOL 1e-12

/* The Nash bisection stops when its bracket is this narrow (points): far
 * within the 1e-6 that design §8 asks for, and some 47 halvings of the
 * scale. NASH_ITER only guards against a bracket that never narrows. */
#define NASH_TOL 1e-12
#define NASH_ITER 200

/* The fit (see stance_bargain__fit()). Its grid over [-ln BOUND, ln BOUND]
 * is odd, so that 0, the assessed capability, is on it: a step of a
 * factor 1.33. The golden section stops when its bracket is FIT_GOLDEN_TOL
 * wide in ln f (a factor known to 1e-4 is known far better than any
 * assessment). A narrow step searches within twice its party's last move,
 * at least FIT_REACH_MIN. Sweeps stop when one improves the objective by
 * less than FIT_TOL points per case (with weight), i.e. the mean error
 * by less than that: coordinate descent on a sum of absolute values ends
 * in a long crawl along its kinks, a few 1e-5 points per case a sweep and
 * less, which could take hundreds of sweeps to settle and changes no
 * forecast that anyone reads. */
#define FIT_GRID 17
#define FIT_GOLDEN_TOL 1e-4
#define FIT_REACH_MIN 1e-3
#define FIT_TOL 1e-4
#define FIT_MAX_SWEEPS 100

static double weight(const struct stance_bargainer *b)
{
	return b->c * b->s;
}

/* sum f w x / sum f w, f = factor[party[i]] or 1 when factor is NULL, the
 * one weighted mean of the compromise and fitted models. */
static int weighted_mean(double *out, const struct stance_bargainer *b, const size_t *party,
			 size_t n, const double *factor)
{
	double num = 0, den = 0;

	for (size_t i = 0; i < n; i++) {
		double w = weight(&b[i]), f = factor ? factor[party[i]] : 1;

		num += f * (w * b[i].x);
		den += f * w;
	}
	if (!(den > 0))
		return 0;
	*out = num / den;
	return 1;
}

int stance_bargain__compromise(double *out, const struct stance_bargainer *b, size_t n)
{
	return weighted_mean(out, b, NULL, n, NULL);
}

int stance_bargain__fitted(double *out, const struct stance_bargainer *b, const size_t *party,
			   size_t n, const double *factor)
{
	return weighted_mean(out, b, party, n, factor);
}

/* Walks the distinct points upwards instead of sorting a copy, so that it
 * needs no memory (the models cannot fail); the parties at one point are
 * added in their order, as a stable sort would have them. */
int stance_bargain__median(double *out, const struct stance_bargainer *b, size_t n)
{
	double total = 0, run = 0, at = 0;
	int started = 0;

	for (size_t i = 0; i < n; i++)
		total += weight(&b[i]);
	if (!(total > 0))
		return 0;
	for (;;) {
		size_t next = n;

		for (size_t i = 0; i < n; i++)
			if ((!started || b[i].x > at) && (next == n || b[i].x < b[next].x))
				next = i;
		if (next == n)
			return 0;  /* only when points are not numbers */
		at = b[next].x;
		started = 1;
		for (size_t i = 0; i < n; i++)
			if (b[i].x == at)
				run += weight(&b[i]);
		if (2 * run >= total * (1 - MEDIAN_TOL))
			break;
	}
	*out = at;
	return 1;
}

/* Party i's gain over the status quo d at x, (d - x_i)^2 - (x - x_i)^2,
 * written as (r - e)(r + e) so that its sign is right up to the ends of
 * the interval where it is positive, |x - x_i| < |d - x_i|. */
static double nash_gain(double d, double xi, double x)
{
	double r = fabs(d - xi), e = fabs(x - xi);

	return (r - e) * (r + e);
}

/* The sign of F'(x) = sum w_i 2 (x_i - x) / gain_i(x): +1 where F rises,
 * -1 where it falls, 0 at its top. Outside a party's interval F is not
 * defined, and the way back in is the sign: up when x is left of that
 * party. */
static int nash_slope(const struct stance_bargainer *b, size_t n, double d, double x)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++) {
		double w = weight(&b[i]), g;

		if (!(w > 0))
			continue;
		g = nash_gain(d, b[i].x, x);
		if (!(g > 0))
			return x < b[i].x ? 1 : -1;
		sum += w * (b[i].x - x) / g;
	}
	return (sum > 0) - (sum < 0);
}

static int nash_feasible(const struct stance_bargainer *b, size_t n, double d, double x)
{
	for (size_t i = 0; i < n; i++)
		if (weight(&b[i]) > 0 && !(nash_gain(d, b[i].x, x) > 0))
			return 0;
	return 1;
}

/* F is defined on the intersection (lo, hi) of the parties' open
 * intervals, where it is concave (a sum of logs of positive concave
 * functions), so F' falls from +inf to -inf there: its root, or the end 0
 * or 100 of the scale when F' keeps its sign up to it, is the maximum.
 * Bisection never evaluates an open end, where F is -inf. */
int stance_bargain__nash(double *out, const struct stance_bargainer *b, size_t n, double d)
{
	double lo = -INFINITY, hi = INFINITY, x;
	int any = 0;

	for (size_t i = 0; i < n; i++) {
		double r = fabs(d - b[i].x);

		if (!(weight(&b[i]) > 0))
			continue;
		any = 1;
		if (b[i].x - r > lo)
			lo = b[i].x - r;
		if (b[i].x + r < hi)
			hi = b[i].x + r;
	}
	lo = lo > 0 ? lo : 0;
	hi = hi < 100 ? hi : 100;
	if (!any || !(lo < hi))
		return 0;
	if (lo == 0 && nash_slope(b, n, d, 0) <= 0)
		x = 0;
	else if (hi == 100 && nash_slope(b, n, d, 100) >= 0)
		x = 100;
	else {
		for (int it = 0; it < NASH_ITER && hi - lo > NASH_TOL; it++) {
			double mid = lo + (hi - lo) / 2;
			int s = nash_slope(b, n, d, mid);

			if (s == 0) {
				lo = hi = mid;
				break;
			}
			*(s > 0 ? &lo : &hi) = mid;
		}
		x = lo + (hi - lo) / 2;
	}
	/* an interval narrower than the doubles can split, or an end of the
	 * scale that is an open end after all */
	if (!nash_feasible(b, n, d, x))
		return 0;
	*out = x;
	return 1;
}

void stance_bargain__zone(double *low, double *high, const struct stance_bargainer *b, size_t n)
{
	*low = 0;
	*high = 100;
	for (size_t i = 0; i < n; i++) {
		if (!b[i].red_line)
			continue;
		if (b[i].x < STANCE_BARGAIN_MIDDLE)
			*high = STANCE_BARGAIN_MIDDLE;
		else if (b[i].x > STANCE_BARGAIN_MIDDLE)
			*low = STANCE_BARGAIN_MIDDLE;
	}
}

int stance_bargain__bounds(const struct stance_bargainer *b, double low, double high)
{
	return b->red_line && ((b->x < STANCE_BARGAIN_MIDDLE && high == STANCE_BARGAIN_MIDDLE) ||
			       (b->x > STANCE_BARGAIN_MIDDLE && low == STANCE_BARGAIN_MIDDLE));
}

double stance_bargain__clamp(double x, double low, double high)
{
	return x < low ? low : x > high ? high : x;
}

/* ---- the fit ---- */

/* A party's inputs in one case: w x and w summed over its entries there
 * (a party listed twice in a case is one entry). */
struct fit_entry {
	size_t k;
	double a, b;
};

struct fit {
	const struct stance_fit_case *cases;
	size_t ncases, nparties;
	double *num, *den;        /* per case, with the current factors */
	size_t *start;            /* party p's entries: entry[start[p] .. start[p + 1]) */
	struct fit_entry *entry;
	double *u, *f;            /* per party: ln f and f, kept as given until p moves */
	double *reach;            /* per party: the half-width of its next narrow step */
	/* one step's view of its party's m cases (see the top of the file):
	 * error_i(f) = |p + f q| / (r + f s), and the rest's numerator rn */
	double *p, *q, *r, *s, *rn;
	double bound;             /* ln STANCE_BARGAIN_FIT_BOUND */
	size_t nused;             /* the cases with weight */
};

static double fit_factor(double u)
{
	double f = exp(u);

	return stance_bargain__clamp(f, 1 / STANCE_BARGAIN_FIT_BOUND, STANCE_BARGAIN_FIT_BOUND);
}

static size_t fit_size(const struct fit *ft, size_t p)
{
	return ft->start[p + 1] - ft->start[p];
}

/* Counts (fill 0) or fills (fill 1) each party's entries, one per case it
 * has weight in, at pos[p]; last[p] is the case it was last seen in, plus
 * 1, so that a party listed twice in a case adds to its entry there. */
static void fit_entries(struct fit *ft, size_t *last, size_t *pos, int fill)
{
	for (size_t k = 0; k < ft->ncases; k++) {
		const struct stance_fit_case *c = &ft->cases[k];

		for (size_t j = 0; j < c->n; j++) {
			size_t p = c->party[j];
			double w = weight(&c->b[j]);

			if (!(w > 0))
				continue;
			if (last[p] != k + 1) {
				last[p] = k + 1;
				if (fill)
					ft->entry[pos[p]] = (struct fit_entry){ .k = k };
				pos[p]++;
			}
			if (fill) {
				ft->entry[pos[p] - 1].a += w * c->b[j].x;
				ft->entry[pos[p] - 1].b += w;
			}
		}
	}
}

static void fit_free(struct fit *ft)
{
	free(ft->num);
	free(ft->den);
	free(ft->start);
	free(ft->entry);
	free(ft->u);
	free(ft->f);
	free(ft->reach);
	free(ft->p);
	free(ft->q);
	free(ft->r);
	free(ft->s);
	free(ft->rn);
}

static int fit_check(size_t nparties, const struct stance_fit_case *cases, size_t ncases)
{
	for (size_t k = 0; k < ncases; k++) {
		for (size_t j = 0; j < cases[k].n; j++)
			if (cases[k].party[j] >= nparties)
				return stance__error(STANCE_EINVALID,
						     "fit case %zu: party index %zu is not below %zu",
						     k, cases[k].party[j], nparties);
	}
	return 0;
}

/* Allocates everything and builds the entries; the largest party's size
 * sizes the step's arrays. */
static int fit_init(struct fit *ft)
{
	size_t *last = NULL, *pos = NULL, most = 1;
	int rc = STANCE_ENOMEM;

	ft->num = calloc(ft->ncases ? ft->ncases : 1, sizeof(double));
	ft->den = calloc(ft->ncases ? ft->ncases : 1, sizeof(double));
	ft->start = calloc(ft->nparties + 1, sizeof(size_t));
	ft->u = calloc(ft->nparties, sizeof(double));
	ft->f = calloc(ft->nparties, sizeof(double));
	ft->reach = calloc(ft->nparties, sizeof(double));
	last = calloc(ft->nparties, sizeof(size_t));
	pos = calloc(ft->nparties, sizeof(size_t));
	if (!ft->num || !ft->den || !ft->start || !ft->u || !ft->f || !ft->reach || !last || !pos)
		goto done;
	fit_entries(ft, last, pos, 0);
	for (size_t p = 0; p < ft->nparties; p++) {
		ft->start[p + 1] = ft->start[p] + pos[p];
		most = pos[p] > most ? pos[p] : most;
		pos[p] = ft->start[p];
		last[p] = 0;
	}
	ft->entry = calloc(ft->start[ft->nparties] ? ft->start[ft->nparties] : 1,
			   sizeof(struct fit_entry));
	ft->p = calloc(most, sizeof(double));
	ft->q = calloc(most, sizeof(double));
	ft->r = calloc(most, sizeof(double));
	ft->s = calloc(most, sizeof(double));
	ft->rn = calloc(most, sizeof(double));
	if (!ft->entry || !ft->p || !ft->q || !ft->r || !ft->s || !ft->rn)
		goto done;
	fit_entries(ft, last, pos, 1);
	rc = 0;
done:
	free(last);
	free(pos);
	if (rc)
		stance__error(rc, "out of memory");
	return rc;
}

/* Sums each case afresh from the entries, so that the steps' updates
 * leave no drift from one sweep to the next. */
static void fit_sum(struct fit *ft)
{
	for (size_t k = 0; k < ft->ncases; k++)
		ft->num[k] = ft->den[k] = 0;
	for (size_t p = 0; p < ft->nparties; p++)
		for (size_t i = ft->start[p]; i < ft->start[p + 1]; i++) {
			ft->num[ft->entry[i].k] += ft->f[p] * ft->entry[i].a;
			ft->den[ft->entry[i].k] += ft->f[p] * ft->entry[i].b;
		}
}

static double fit_objective(struct fit *ft)
{
	double sum = 0;

	ft->nused = 0;
	for (size_t k = 0; k < ft->ncases; k++)
		if (ft->den[k] > 0) {
			sum += fabs(ft->num[k] / ft->den[k] - ft->cases[k].y);
			ft->nused++;
		}
	for (size_t p = 0; p < ft->nparties; p++)
		if (fit_size(ft, p))
			sum += STANCE_BARGAIN_FIT_LAMBDA * ft->u[p] * ft->u[p];
	return sum;
}

/* Party p's part of the objective at ln f = u, from the step's view. The
 * fit spends its time here: two sums, of the even and the odd cases, let
 * the compiler divide two at a time (a fixed order all the same). */
static double step_cost(const struct fit *ft, size_t m, double u)
{
	const double *p = ft->p, *q = ft->q, *r = ft->r, *s = ft->s;
	double f = fit_factor(u), even = 0, odd = 0;
	size_t i;

	for (i = 0; i + 1 < m; i += 2) {
		even += fabs(p[i] + f * q[i]) / (r[i] + f * s[i]);
		odd += fabs(p[i + 1] + f * q[i + 1]) / (r[i + 1] + f * s[i + 1]);
	}
	if (i < m)
		even += fabs(p[i] + f * q[i]) / (r[i] + f * s[i]);
	return even + odd + STANCE_BARGAIN_FIT_LAMBDA * u * u;
}

/* Golden section for a minimum of step_cost within [lo, hi]: the better
 * of its last two points, its cost in *cost. */
static double step_golden(const struct fit *ft, size_t m, double lo, double hi, double *cost)
{
	const double g = 0.6180339887498949;  /* (sqrt 5 - 1) / 2 */
	double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
	double c1 = step_cost(ft, m, x1), c2 = step_cost(ft, m, x2);

	while (hi - lo > FIT_GOLDEN_TOL) {
		if (c1 <= c2) {
			hi = x2;
			x2 = x1;
			c2 = c1;
			x1 = hi - g * (hi - lo);
			c1 = step_cost(ft, m, x1);
		} else {
			lo = x1;
			x1 = x2;
			c1 = c2;
			x2 = lo + g * (hi - lo);
			c2 = step_cost(ft, m, x2);
		}
	}
	*cost = c1 <= c2 ? c1 : c2;
	return c1 <= c2 ? x1 : x2;
}

/* Whether (u, cost) beats (best, best_cost): lower, or as low and nearer
 * the assessed capability. */
static int step_better(double u, double cost, double best, double best_cost)
{
	return cost < best_cost || (cost == best_cost && fabs(u) < fabs(best));
}

/* Takes the rest of each case of p's into the step's view. */
static void step_view(struct fit *ft, size_t p)
{
	const struct fit_entry *e = &ft->entry[ft->start[p]];
	double f0 = ft->f[p];

	for (size_t i = 0; i < fit_size(ft, p); i++) {
		size_t k = e[i].k;
		double y = ft->cases[k].y, rn = ft->num[k] - f0 * e[i].a;
		double rd = ft->den[k] - f0 * e[i].b;

		ft->p[i] = rn - y * rd;
		ft->q[i] = e[i].a - y * e[i].b;
		ft->r[i] = rd;
		ft->s[i] = e[i].b;
		ft->rn[i] = rn;
	}
}

/* The best of the current value and the grid, with its cost in *cost. */
static double step_grid(const struct fit *ft, size_t p, double step, double *cost)
{
	size_t m = fit_size(ft, p);
	double best = ft->u[p], u, c;

	*cost = step_cost(ft, m, best);
	for (int j = 0; j < FIT_GRID; j++) {
		u = stance_bargain__clamp((j - (FIT_GRID - 1) / 2) * step, -ft->bound, ft->bound);
		c = step_cost(ft, m, u);
		if (step_better(u, c, best, *cost)) {
			best = u;
			*cost = c;
		}
	}
	return best;
}

/* One coordinate step. A wide one (the first sweep's) takes the best of
 * the current value and the grid, so that a party can leave a poor basin,
 * and refines it within a grid step; a narrow one refines the current
 * value within the party's reach, which follows its moves, so that the
 * sweeps after the first cost a quarter as much. */
static void fit_step(struct fit *ft, size_t p, int wide)
{
	const double step = 2 * ft->bound / (FIT_GRID - 1);
	const struct fit_entry *e = &ft->entry[ft->start[p]];
	size_t m = fit_size(ft, p);
	double best, best_cost, reach, u, cost;

	step_view(ft, p);
	if (wide)
		best = step_grid(ft, p, step, &best_cost);
	else
		best_cost = step_cost(ft, m, best = ft->u[p]);
	reach = wide ? step : ft->reach[p];
	u = step_golden(ft, m, stance_bargain__clamp(best - reach, -ft->bound, ft->bound),
			stance_bargain__clamp(best + reach, -ft->bound, ft->bound), &cost);
	if (cost < best_cost)
		best = u;
	reach = 2 * fabs(best - ft->u[p]);
	ft->reach[p] = reach < FIT_REACH_MIN ? FIT_REACH_MIN : reach > step ? step : reach;
	if (best == ft->u[p])
		return;
	ft->u[p] = best;
	ft->f[p] = fit_factor(best);
	for (size_t i = 0; i < m; i++) {
		ft->num[e[i].k] = ft->rn[i] + ft->f[p] * e[i].a;
		ft->den[e[i].k] = ft->r[i] + ft->f[p] * e[i].b;
	}
}

/* The start: a factor that is not positive is 1, one out of bounds the
 * bound. */
static void fit_start(struct fit *ft, const double *factor)
{
	for (size_t p = 0; p < ft->nparties; p++) {
		double f = factor[p] > 0 ? factor[p] : 1;

		f = stance_bargain__clamp(f, 1 / STANCE_BARGAIN_FIT_BOUND, STANCE_BARGAIN_FIT_BOUND);
		ft->f[p] = f;
		ft->u[p] = log(f);
	}
}

int stance_bargain__fit(double *factor, size_t nparties, const struct stance_fit_case *cases,
			size_t ncases)
{
	struct fit ft = { .cases = cases, .ncases = ncases, .nparties = nparties };
	double obj;
	int rc;

	rc = fit_check(nparties, cases, ncases);
	if (rc || nparties == 0 || ncases == 0)
		return rc;
	rc = fit_init(&ft);
	if (rc)
		goto done;
	ft.bound = log(STANCE_BARGAIN_FIT_BOUND);
	fit_start(&ft, factor);
	fit_sum(&ft);
	obj = fit_objective(&ft);
	for (int sweep = 0; sweep < FIT_MAX_SWEEPS; sweep++) {
		double next;

		for (size_t p = 0; p < nparties; p++)
			if (fit_size(&ft, p))
				fit_step(&ft, p, sweep == 0);
		fit_sum(&ft);
		next = fit_objective(&ft);
		if (!(obj - next >= FIT_TOL * (double)ft.nused))
			break;
		obj = next;
	}
	for (size_t p = 0; p < nparties; p++)
		if (fit_size(&ft, p))
			factor[p] = ft.f[p];
done:
	fit_free(&ft);
	return rc;
}
