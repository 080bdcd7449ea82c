/*
 * The analysis against a brute-force recomputation on random databases.
 *
 * Each case builds a database from a seeded generator: a few parties and
 * issues (added in a shuffled order, so that row ids and slugs disagree),
 * statements on a handful of days with few distinct recorded_at values, so
 * that ties on said_on and recorded_at are common, random ids, positions
 * coded later, and retractions interleaved with the recording, so that the
 * triggers behind current_position see every order of events. The test
 * keeps its own plain list of what it recorded and recomputes every answer
 * from it in the most direct way: no index, no grid, no incremental state.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"

#define CASES_PER_RUN 50
#define RUNS 4
#define MAX_PARTIES 5
#define MAX_ISSUES 4
#define MAX_STEPS 40

static const char *const party_slugs[MAX_PARTIES] = { "p0", "p1", "p2", "p3", "p4" };
static const char *const issue_slugs[MAX_ISSUES] = { "i0", "i1", "i2", "i3" };
static const char *const days[] = {
	"2024-12-31", "2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04", "2025-01-05"
};
#define NDAYS (sizeof(days) / sizeof(days[0]))
/* statements are said on days[1..4]; days[0] and days[5] fall outside */
static const char *const recorded[] = {
	"2025-02-01T00:00:00.000Z", "2025-02-01T00:00:01.000Z", "2025-02-01T00:00:02.000Z"
};
static const char *const conditions[] = { NULL, "c1", "c2" };

/* ---- the generator --------------------------------------------------- */

static uint64_t rng;

static uint32_t rnd(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717ULL) >> 32);
}

static int below(int n)
{
	return (int)(rnd() % (uint32_t)n);
}

/* ---- the model: what the test recorded ------------------------------- */

struct mpos {
	int has, stance, red_line;
	const char *condition;
};

struct mstmt {
	char id[37];
	int party;
	const char *said_on;
	const char *recorded_at;
	int retracted;
	struct mpos pos[MAX_ISSUES];
};

struct model {
	int np, ni, ns;
	struct mstmt st[MAX_STEPS];
	int order[MAX_STEPS];  /* statement indexes in statement order */
};

static int later(const struct mstmt *a, const struct mstmt *b)
{
	int c = strcmp(a->said_on, b->said_on);

	if (!c)
		c = strcmp(a->recorded_at, b->recorded_at);
	if (!c)
		c = strcmp(a->id, b->id);
	return c > 0;
}

static void random_id(char id[37])
{
	static const char hex[] = "0123456789abcdef";

	for (int k = 0; k < 36; k++)
		id[k] = (k == 8 || k == 13 || k == 18 || k == 23) ? '-' : hex[below(16)];
	id[36] = '\0';
}

static void add_shuffled(stance_db *db, stance_entity_type type, const char *const *slugs, int n)
{
	int perm[MAX_PARTIES];

	for (int k = 0; k < n; k++)
		perm[k] = k;
	for (int k = n - 1; k > 0; k--) {
		int j = below(k + 1), t = perm[k];

		perm[k] = perm[j];
		perm[j] = t;
	}
	for (int k = 0; k < n; k++)
		test_add(db, type, slugs[perm[k]], "Name", NULL, NULL);
}

static void record_random(stance_db *db, struct model *m)
{
	struct mstmt *s = &m->st[m->ns];
	stance_position pos[MAX_ISSUES];
	stance_record_options st = STANCE_RECORD_OPTIONS_INIT;
	size_t n = 0;
	int rc;

	random_id(s->id);
	s->party = below(m->np);
	s->said_on = days[1 + below(4)];
	s->recorded_at = recorded[below(3)];
	for (int i = 0; i < m->ni; i++) {
		if (below(2))
			continue;
		s->pos[i] = (struct mpos){ 1, below(5) - 2, below(4) == 0, conditions[below(3)] };
		pos[n++] = (stance_position){ .issue = (char *)issue_slugs[i],
					      .stance = s->pos[i].stance, .red_line = s->pos[i].red_line,
					      .condition = (char *)s->pos[i].condition };
	}
	st.id = s->id;
	st.party = party_slugs[s->party];
	st.said_on = s->said_on;
	st.recorded_at = s->recorded_at;
	st.text = "Random.";
	st.recorded_by = "tester";
	st.positions = pos;
	st.npositions = n;
	rc = stance_statement_record(NULL, db, &st);
	ck_assert_msg(rc == 0, "record: %s", stance_error_last());
	m->ns++;
}

/* A random statement that is not retracted, or -1. */
static int pick_live(const struct model *m)
{
	int live[MAX_STEPS], n = 0;

	for (int k = 0; k < m->ns; k++)
		if (!m->st[k].retracted)
			live[n++] = k;
	return n ? live[below(n)] : -1;
}

static void retract_random(stance_db *db, struct model *m)
{
	int k = pick_live(m), rc;

	if (k < 0)
		return;
	rc = util_retract(db, m->st[k].id, "tester", "random", NULL);
	ck_assert_msg(rc == 0, "retract: %s", stance_error_last());
	m->st[k].retracted = 1;
}

/* Codes one more issue on a recorded statement: a position that arrives
 * after later statements exist. */
static void code_random(stance_db *db, struct model *m)
{
	int k = pick_live(m), i, rc;
	stance_position pos;

	if (k < 0)
		return;
	i = below(m->ni);
	if (m->st[k].pos[i].has)
		return;
	m->st[k].pos[i] = (struct mpos){ 1, below(5) - 2, below(4) == 0, NULL };
	pos = (stance_position){ .issue = (char *)issue_slugs[i], .stance = m->st[k].pos[i].stance,
				 .red_line = m->st[k].pos[i].red_line };
	rc = util_code(db, m->st[k].id, &pos, 1);
	ck_assert_msg(rc == 0, "code: %s", stance_error_last());
}

static struct model *build(stance_db *db)
{
	struct model *m = calloc(1, sizeof(*m));
	int steps;

	ck_assert_ptr_nonnull(m);
	m->np = 1 + below(MAX_PARTIES);
	m->ni = 1 + below(MAX_ISSUES);
	add_shuffled(db, STANCE_PARTY, party_slugs, m->np);
	add_shuffled(db, STANCE_ISSUE, issue_slugs, m->ni);
	steps = below(MAX_STEPS + 1);
	while (steps-- > 0) {
		int r = below(10);

		if (r == 0)
			retract_random(db, m);
		else if (r == 1)
			code_random(db, m);
		else
			record_random(db, m);
	}
	/* statement order, by insertion sort: the plainest sort there is */
	for (int k = 0; k < m->ns; k++) {
		int j = k;

		while (j > 0 && later(&m->st[m->order[j - 1]], &m->st[k])) {
			m->order[j] = m->order[j - 1];
			j--;
		}
		m->order[j] = k;
	}
	return m;
}

/* ---- random scopes --------------------------------------------------- */

struct scope {
	stance_scope s;
	const char *parties[MAX_PARTIES], *issues[MAX_ISSUES];
	int party_in[MAX_PARTIES], issue_in[MAX_ISSUES];
};

static const char *random_date(void)
{
	return below(3) == 0 ? NULL : days[below(NDAYS)];
}

/* Lists each slug with probability 1/2 in a third of the scopes; an empty
 * list means all. */
static size_t random_set(const char **listed, int *in, const char *const *slugs, int n)
{
	size_t count = 0;
	int narrow = below(3) == 0;

	for (int k = 0; k < n; k++) {
		in[k] = !narrow || below(2);
		if (narrow && in[k])
			listed[count++] = slugs[k];
	}
	if (narrow && count == 0)
		for (int k = 0; k < n; k++)
			in[k] = 1;
	return count;
}

static void random_scope(struct scope *sc, const struct model *m)
{
	memset(sc, 0, sizeof(*sc));
	sc->s = (stance_scope)STANCE_SCOPE_INIT;
	sc->s.parties = sc->parties;
	sc->s.nparties = random_set(sc->parties, sc->party_in, party_slugs, m->np);
	sc->s.issues = sc->issues;
	sc->s.nissues = random_set(sc->issues, sc->issue_in, issue_slugs, m->ni);
	sc->s.as_of = random_date();
}

/* ---- brute force ----------------------------------------------------- */

/* The statement holding party p's current position on issue i as of the
 * date (NULL: all time), or -1. */
static int current(const struct model *m, int p, int i, const char *as_of)
{
	int best = -1;

	for (int k = 0; k < m->ns; k++) {
		const struct mstmt *s = &m->st[k];

		if (s->party != p || s->retracted || !s->pos[i].has ||
		    (as_of && strcmp(s->said_on, as_of) > 0))
			continue;
		if (best < 0 || later(s, &m->st[best]))
			best = k;
	}
	return best;
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static int str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_position(const stance_current_position *got, const struct model *m, int p,
			   int i, int k, uint64_t seed)
{
	const struct mstmt *s = &m->st[k];

	ck_assert_msg(strcmp(got->party, party_slugs[p]) == 0 &&
		      strcmp(got->issue, issue_slugs[i]) == 0 &&
		      got->stance == s->pos[i].stance && got->red_line == s->pos[i].red_line &&
		      str_eq(got->condition, s->pos[i].condition) &&
		      strcmp(got->statement, s->id) == 0 && strcmp(got->said_on, s->said_on) == 0,
		      "seed %llu: position %s/%s from %s, expected %s/%s from %s",
		      (unsigned long long)seed, got->party, got->issue, got->statement,
		      party_slugs[p], issue_slugs[i], s->id);
}

static void check_positions(stance_db *db, const struct model *m, const struct scope *sc,
			    uint64_t seed)
{
	stance_positions *got = NULL;
	size_t n = 0;
	int rc = stance_positions_get(&got, db, &sc->s);

	ck_assert_msg(rc == 0, "positions: %s", stance_error_last());
	for (int p = 0; p < m->np; p++) {
		for (int i = 0; i < m->ni; i++) {
			int k = current(m, p, i, sc->s.as_of);

			if (k < 0 || !sc->party_in[p] || !sc->issue_in[i])
				continue;
			ck_assert_msg(n < got->n, "seed %llu: too few positions",
				      (unsigned long long)seed);
			check_position(&got->items[n++], m, p, i, k, seed);
		}
	}
	ck_assert_msg(n == got->n, "seed %llu: %zu positions, expected %zu",
		      (unsigned long long)seed, got->n, n);
	stance_positions_free(got);
}

static void check_conflicts(stance_db *db, const struct model *m, const struct scope *sc,
			    int hard_only, uint64_t seed)
{
	stance_conflicts *got = NULL;
	size_t n = 0;
	int rc = stance_conflicts_get(&got, db, &sc->s, hard_only);

	ck_assert_msg(rc == 0, "conflicts: %s", stance_error_last());
	for (int i = 0; i < m->ni; i++) {
		for (int a = 0; a < m->np; a++) {
			for (int b = a + 1; b < m->np; b++) {
				int ka = current(m, a, i, sc->s.as_of), kb = current(m, b, i, sc->s.as_of);
				const struct mpos *pa, *pb;
				const stance_conflict *c;
				int hard;

				if (!sc->issue_in[i] || ka < 0 || kb < 0 ||
				    !(sc->party_in[a] || sc->party_in[b]))
					continue;
				pa = &m->st[ka].pos[i];
				pb = &m->st[kb].pos[i];
				hard = pa->red_line || pb->red_line;
				if (pa->stance * pb->stance >= 0 || (hard_only && !hard))
					continue;
				ck_assert_msg(n < got->n, "seed %llu: too few conflicts",
					      (unsigned long long)seed);
				c = &got->items[n++];
				check_position(c->a, m, a, i, ka, seed);
				check_position(c->b, m, b, i, kb, seed);
				ck_assert_msg(c->hard == hard &&
					      c->distance == abs(pa->stance - pb->stance),
					      "seed %llu: conflict %s/%s-%s", (unsigned long long)seed,
					      issue_slugs[i], party_slugs[a], party_slugs[b]);
			}
		}
	}
	ck_assert_msg(n == got->n, "seed %llu: %zu conflicts, expected %zu",
		      (unsigned long long)seed, got->n, n);
	stance_conflicts_free(got);
}

/* The expected value of cell (a, b) under metric; returns 0 for null. */
static int expected_cell(const struct model *m, const struct scope *sc, int a, int b,
			 stance_metric metric, double *value)
{
	int shared = 0, sum = 0, conflicts = 0, hard = 0;

	for (int i = 0; i < m->ni; i++) {
		int ka = current(m, a, i, sc->s.as_of), kb = current(m, b, i, sc->s.as_of);
		const struct mpos *pa, *pb;

		if (!sc->issue_in[i] || ka < 0 || kb < 0)
			continue;
		pa = &m->st[ka].pos[i];
		pb = &m->st[kb].pos[i];
		shared++;
		sum += abs(pa->stance - pb->stance);
		if (pa->stance * pb->stance < 0) {
			conflicts++;
			hard += pa->red_line || pb->red_line;
		}
	}
	if (metric == STANCE_METRIC_CONFLICTS)
		*value = conflicts;
	else if (metric == STANCE_METRIC_HARD)
		*value = hard;
	else
		*value = shared ? sum / 4.0 / shared : 0;
	return metric != STANCE_METRIC_DISTANCE || shared > 0;
}

static void check_matrix(stance_db *db, const struct model *m, const struct scope *sc,
			 uint64_t seed)
{
	stance_matrix *got = NULL;
	int rows[MAX_PARTIES], n = 0, rc = stance_matrix_get(&got, db, &sc->s);

	ck_assert_msg(rc == 0, "matrix: %s", stance_error_last());
	for (int p = 0; p < m->np; p++) {
		int holds = 0;

		for (int i = 0; i < m->ni; i++)
			holds |= sc->issue_in[i] && current(m, p, i, sc->s.as_of) >= 0;
		if (holds && sc->party_in[p])
			rows[n++] = p;
	}
	ck_assert_msg(got->n == (size_t)n, "seed %llu: matrix of %zu parties, expected %d",
		      (unsigned long long)seed, got->n, n);
	for (int r = 0; r < n; r++) {
		ck_assert_str_eq(got->parties[r], party_slugs[rows[r]]);
		for (int c = 0; c < n; c++) {
			for (int metric = 0; metric <= STANCE_METRIC_DISTANCE; metric++) {
				double want, have;
				int want_set = expected_cell(m, sc, rows[r], rows[c], metric, &want);
				int have_set = stance_matrix_value(&have, got, (size_t)r, (size_t)c,
								   (stance_metric)metric);

				ck_assert_msg(want_set == have_set && want - have < 1e-12 &&
					      have - want < 1e-12,
					      "seed %llu: matrix %s %s/%s: %g, expected %g",
					      (unsigned long long)seed, stance_metric_names[metric],
					      party_slugs[rows[r]], party_slugs[rows[c]], have, want);
			}
		}
	}
	stance_matrix_free(got);
}

/* One expected history row: statement k with its flags and the previous
 * row's statement (-1 for none). */
struct erow {
	int k, issue, shift, reversal, from;
};

/* Party p's history on issue i into rows (in statement order); returns
 * how many. */
static int expected_history(const struct model *m, int p, int i, struct erow *rows)
{
	int n = 0;

	for (int o = 0; o < m->ns; o++) {
		const struct mstmt *s = &m->st[m->order[o]];
		struct erow *row = &rows[n];

		if (s->party != p || s->retracted || !s->pos[i].has)
			continue;
		row->k = m->order[o];
		row->issue = i;
		row->from = n ? rows[n - 1].k : -1;
		row->shift = n && (s->pos[i].stance != m->st[row->from].pos[i].stance ||
				   s->pos[i].red_line != m->st[row->from].pos[i].red_line);
		row->reversal = 0;
		/* the latest earlier non-zero row, looking back one by one */
		for (int e = n - 1; e >= 0 && s->pos[i].stance; e--) {
			int earlier = m->st[rows[e].k].pos[i].stance;

			if (earlier) {
				row->reversal = sign(earlier) != sign(s->pos[i].stance);
				break;
			}
		}
		n++;
	}
	return n;
}

/* What the library reported, copied out of the callback. */
struct lrow {
	char party[4], issue[4], statement[37], said_on[11], from[37], condition[4];
	int has_condition, stance, red_line, shift, reversal, has_from, from_stance, from_red_line;
};

struct lrows {
	struct lrow rows[MAX_STEPS * MAX_ISSUES];
	int n;
};

static int collect(const stance_history_row *row, void *ctx)
{
	struct lrows *l = ctx;
	struct lrow *r = &l->rows[l->n++];

	ck_assert_int_le(l->n, MAX_STEPS * MAX_ISSUES);
	snprintf(r->party, sizeof(r->party), "%s", row->party);
	snprintf(r->issue, sizeof(r->issue), "%s", row->issue);
	snprintf(r->statement, sizeof(r->statement), "%s", row->statement);
	snprintf(r->said_on, sizeof(r->said_on), "%s", row->said_on);
	r->has_condition = row->condition != NULL;
	snprintf(r->condition, sizeof(r->condition), "%s", row->condition ? row->condition : "");
	r->stance = row->stance;
	r->red_line = row->red_line;
	r->shift = row->shift;
	r->reversal = row->reversal;
	r->has_from = row->from_statement != NULL;
	snprintf(r->from, sizeof(r->from), "%s", row->from_statement ? row->from_statement : "");
	r->from_stance = row->from_stance;
	r->from_red_line = row->from_red_line;
	return 0;
}

static void check_row(const struct lrow *got, const struct model *m, const struct erow *want,
		      uint64_t seed)
{
	const struct mstmt *s = &m->st[want->k];
	const struct mpos *pos = &s->pos[want->issue];
	const struct mpos *from = want->from >= 0 ? &m->st[want->from].pos[want->issue] : NULL;

	ck_assert_msg(strcmp(got->party, party_slugs[s->party]) == 0 &&
		      strcmp(got->issue, issue_slugs[want->issue]) == 0 &&
		      strcmp(got->statement, s->id) == 0 && strcmp(got->said_on, s->said_on) == 0 &&
		      got->stance == pos->stance && got->red_line == pos->red_line &&
		      got->has_condition == (pos->condition != NULL) &&
		      (!pos->condition || strcmp(got->condition, pos->condition) == 0) &&
		      got->shift == want->shift && got->reversal == want->reversal,
		      "seed %llu: row %s %s/%s %d%s shift %d reversal %d, expected %s %s/%s %d "
		      "shift %d reversal %d", (unsigned long long)seed, got->statement, got->party,
		      got->issue, got->stance, got->red_line ? "!" : "", got->shift, got->reversal,
		      s->id, party_slugs[s->party], issue_slugs[want->issue], pos->stance,
		      want->shift, want->reversal);
	ck_assert_msg(got->has_from == (from != NULL) &&
		      (!from || (strcmp(got->from, m->st[want->from].id) == 0 &&
				 got->from_stance == from->stance &&
				 got->from_red_line == from->red_line)),
		      "seed %llu: row %s comes from %s, expected %s", (unsigned long long)seed,
		      got->statement, got->from, from ? m->st[want->from].id : "none");
}

static void check_histories(stance_db *db, const struct model *m, uint64_t seed)
{
	struct erow want[MAX_STEPS];
	struct lrows *got = malloc(sizeof(*got));

	ck_assert_ptr_nonnull(got);
	for (int p = 0; p < m->np; p++) {
		for (int i = 0; i < m->ni; i++) {
			int n = expected_history(m, p, i, want), rc;

			got->n = 0;
			rc = stance_history_foreach(db, party_slugs[p], issue_slugs[i], collect, got);
			ck_assert_msg(rc == 0, "history: %s", stance_error_last());
			ck_assert_msg(got->n == n, "seed %llu: history %s/%s of %d rows, expected %d",
				      (unsigned long long)seed, party_slugs[p], issue_slugs[i],
				      got->n, n);
			for (int r = 0; r < n; r++)
				check_row(&got->rows[r], m, &want[r], seed);
		}
	}
	free(got);
}

/* The position of statement k in statement order. */
static int rank(const struct model *m, int k)
{
	for (int o = 0; o < m->ns; o++)
		if (m->order[o] == k)
			return o;
	return -1;
}

static void check_shifts(stance_db *db, const struct model *m, const struct scope *sc,
			 const char *since, uint64_t seed)
{
	struct erow all[MAX_STEPS * MAX_ISSUES], rows[MAX_STEPS];
	struct lrows *got = malloc(sizeof(*got));
	int n = 0, rc;

	ck_assert_ptr_nonnull(got);
	for (int p = 0; p < m->np; p++) {
		for (int i = 0; i < m->ni; i++) {
			int nh = expected_history(m, p, i, rows);

			for (int r = 0; r < nh; r++) {
				const char *said = m->st[rows[r].k].said_on;

				if (rows[r].shift && sc->party_in[p] && sc->issue_in[i] &&
				    (!since || strcmp(said, since) >= 0) &&
				    (!sc->s.as_of || strcmp(said, sc->s.as_of) <= 0))
					all[n++] = rows[r];
			}
		}
	}
	/* statement order, then issue (a statement has one party) */
	for (int a = 1; a < n; a++) {
		struct erow x = all[a];
		int b = a;

		while (b > 0 && (rank(m, all[b - 1].k) > rank(m, x.k) ||
				 (all[b - 1].k == x.k && all[b - 1].issue > x.issue))) {
			all[b] = all[b - 1];
			b--;
		}
		all[b] = x;
	}
	got->n = 0;
	rc = stance_shifts_foreach(db, &sc->s, since, collect, got);
	ck_assert_msg(rc == 0, "shifts: %s", stance_error_last());
	ck_assert_msg(got->n == n, "seed %llu: %d shifts, expected %d", (unsigned long long)seed,
		      got->n, n);
	for (int r = 0; r < n; r++)
		check_row(&got->rows[r], m, &all[r], seed);
	free(got);
}

TEST_LOOP(test_random_databases, 0, RUNS);

START_TEST(test_random_databases)
{
	for (int c = 0; c < CASES_PER_RUN; c++) {
		uint64_t seed = (uint64_t)_i * CASES_PER_RUN + (uint64_t)c + 1;
		stance_db *db = test_db();
		struct model *m;
		struct scope sc;

		rng = seed * 0x9e3779b97f4a7c15ULL;
		m = build(db);
		check_histories(db, m, seed);
		for (int k = 0; k < 3; k++) {
			random_scope(&sc, m);
			check_positions(db, m, &sc, seed);
			check_conflicts(db, m, &sc, below(3) == 0, seed);
			check_matrix(db, m, &sc, seed);
			check_shifts(db, m, &sc, random_date(), seed);
		}
		free(m);
		stance_db_close(db);
	}
}
END_TEST
