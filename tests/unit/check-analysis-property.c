/*
 * The analysis against a brute-force recomputation on random databases.
 *
 * Each case builds a database from a seeded generator: a few parties with
 * their actors, sources of every reliability or none, issues in a random
 * tree, all added in a shuffled order so that row ids and slugs disagree;
 * statements on a handful of days with few distinct recorded_at values, so
 * that ties on said_on and recorded_at are common, with random ids, every
 * kind, credibility and source, with or without an actor, and positions
 * whose red line is stated either way or not at all, some with a point on
 * the issue's scale. Every correction the library offers on statements
 * (coding, recoding, uncoding, amending the date, party, actor, kind,
 * source or credibility, retracting, unretracting) is interleaved with the
 * recording, so that the triggers behind current_position and its red line
 * see every order of events.
 *
 * The test keeps its own plain list of what it recorded and recomputes
 * every answer from it as design §2 says, in the most direct way: no
 * index, no grid, no incremental state beyond the one walk §2 describes.
 * The scopes are drawn so that every combination of the filters (parties,
 * issues, as of, credibility, reliability, kinds, by actor) comes up over
 * the run, with the conflicts under every combination of between, within
 * and hard only besides (half of them for each scope). The first scope of
 * each case has no date and no evidence filter: the all-time answers of
 * the maintained tables, which are also compared with the walk directly.
 *
 * Under valgrind and AddressSanitizer a fifth of the cases run.
 * STANCE_PROPERTY_SEED=N runs the case of seed N alone. A failure prints
 * the case (its entities, its statements in statement order, the scope) on
 * stderr.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common-internal.h"
#include "test-util.h"

#define CASES_PER_RUN 25
#define RUNS 4
#define SCOPES_PER_CASE 7
#define MAX_PARTIES 5
#define MAX_ACTORS 6
#define MAX_SIDES 6  /* the larger of the two: a side is a party or, by actor, an actor */
#define MAX_SOURCES 3
#define MAX_ISSUES 4
#define MAX_STATEMENTS 40
#define MAX_STEPS 60
#define MAX_ROWS (MAX_STATEMENTS * MAX_ISSUES)
#define NKINDS 4

static const char *const party_slugs[MAX_PARTIES] = { "p0", "p1", "p2", "p3", "p4" };
static const char *const actor_slugs[MAX_ACTORS] = { "a0", "a1", "a2", "a3", "a4", "a5" };
static const char *const source_slugs[MAX_SOURCES] = { "s0", "s1", "s2" };
static const char *const issue_slugs[MAX_ISSUES] = { "i0", "i1", "i2", "i3" };
/* design §1 */
static const char *const kind_names[NKINDS] = { "quote", "paraphrase", "proposal", "report" };
static const char *const days[] = {
	"2024-12-31", "2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04", "2025-01-05"
};
#define NDAYS (sizeof(days) / sizeof(days[0]))
/* statements are said on days[1..4]; days[0] and days[5] fall outside */
static const char *const recorded[] = {
	"2025-02-01T00:00:00.000Z", "2025-02-01T00:00:01.000Z", "2025-02-01T00:00:02.000Z"
};
static const char *const conditions[] = { NULL, "c1", "c2" };
/* points on each boundary of design §1's rule and just past it */
static const double points[] = {
	0, 12.25, 12.5, 25, 37.25, 37.5, 50, 62.5, 62.75, 75, 87.5, 87.75, 100
};
#define NPOINTS (sizeof(points) / sizeof(points[0]))

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

static void shuffle(int *perm, int n)
{
	for (int k = 0; k < n; k++)
		perm[k] = k;
	for (int k = n - 1; k > 0; k--) {
		int j = below(k + 1), t = perm[k];

		perm[k] = perm[j];
		perm[j] = t;
	}
}

/* ---- the model: what the test recorded ------------------------------- */

struct mpos {
	int has, stance;
	int red_line;  /* as stated: STANCE_RED_LINE_YES, _NO or _UNSTATED */
	int has_point;
	double point;
	const char *condition;
};

struct mstmt {
	char id[37];
	int party, actor;  /* actor: -1 for none */
	const char *said_on;
	const char *recorded_at;
	int kind;          /* index in kind_names */
	int source;        /* -1 for none */
	int credibility;   /* 0: unknown */
	int retracted;
	struct mpos pos[MAX_ISSUES];
};

struct model {
	int np, na, nsrc, ni, ns;
	int actor_party[MAX_ACTORS];
	char reliability[MAX_SOURCES];  /* 'A'..'F', 0: none given */
	int parent[MAX_ISSUES];         /* -1: none */
	struct mstmt st[MAX_STATEMENTS];
	int order[MAX_STATEMENTS];      /* statement indexes in statement order */
	int rank[MAX_STATEMENTS];       /* the inverse: a statement's place in it */
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

static void add_entities(stance_db *db, struct model *m)
{
	static const char *const grades[] = { "A", "B", "C", "D", "E", "F" };
	int perm[MAX_SIDES];

	shuffle(perm, m->np);
	for (int k = 0; k < m->np; k++)
		test_add(db, STANCE_PARTY, party_slugs[perm[k]], "Name", NULL, NULL);
	shuffle(perm, m->na);
	for (int k = 0; k < m->na; k++) {
		int a = perm[k];

		m->actor_party[a] = below(m->np);
		test_add(db, STANCE_ACTOR, actor_slugs[a], "Name", party_slugs[m->actor_party[a]],
			 "Role");
	}
	shuffle(perm, m->nsrc);
	for (int k = 0; k < m->nsrc; k++) {
		int s = perm[k], g = below(7);

		m->reliability[s] = g < 6 ? (char)('A' + g) : 0;
		test_add(db, STANCE_SOURCE, source_slugs[s], "Name", g < 6 ? grades[g] : NULL, NULL);
	}
	/* each issue under none or under one added before it: a random tree */
	shuffle(perm, m->ni);
	for (int k = 0; k < m->ni; k++) {
		int i = perm[k];

		m->parent[i] = k && below(3) ? perm[below(k)] : -1;
		test_add(db, STANCE_ISSUE, issue_slugs[i], "Title", NULL,
			 m->parent[i] >= 0 ? issue_slugs[m->parent[i]] : NULL);
	}
}

/* The stance of a point on the 0-100 scale, design §1: 0 when within 12.5
 * of 50, +-1 within 37.5, +-2 beyond, with the sign of p - 50. */
static int point_stance(double p)
{
	double d = p - 50, off = d < 0 ? -d : d;
	int sign = d > 0 ? 1 : -1;

	if (off <= 12.5)
		return 0;
	return off <= 37.5 ? sign : 2 * sign;
}

static struct mpos random_pos(void)
{
	static const int flags[] = {
		STANCE_RED_LINE_YES, STANCE_RED_LINE_YES, STANCE_RED_LINE_NO,
		STANCE_RED_LINE_UNSTATED, STANCE_RED_LINE_UNSTATED, STANCE_RED_LINE_UNSTATED
	};
	struct mpos p = { .has = 1, .red_line = flags[below(6)], .condition = conditions[below(3)] };

	if (below(3) == 0) {
		/* a point, and the stance that agrees with it */
		p.has_point = 1;
		p.point = points[below((int)NPOINTS)];
		p.stance = point_stance(p.point);
	} else {
		p.stance = below(5) - 2;
	}
	return p;
}

static int pos_eq(const struct mpos *a, const struct mpos *b)
{
	return a->stance == b->stance && a->red_line == b->red_line &&
	       a->has_point == b->has_point && (!a->has_point || a->point == b->point) &&
	       ((!a->condition && !b->condition) ||
		(a->condition && b->condition && strcmp(a->condition, b->condition) == 0));
}

static stance_position api_pos(const struct mpos *p, int i)
{
	return (stance_position){ .issue = (char *)issue_slugs[i], .stance = p->stance,
				  .red_line = p->red_line, .condition = (char *)p->condition,
				  .has_point = p->has_point, .point = p->point };
}

/* An actor of party p, or -1 (no actor) a third of the time and when p
 * has none. */
static int random_actor(const struct model *m, int p)
{
	int of[MAX_ACTORS], n = 0;

	for (int a = 0; a < m->na; a++)
		if (m->actor_party[a] == p)
			of[n++] = a;
	return n && below(3) ? of[below(n)] : -1;
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
	s->actor = random_actor(m, s->party);
	s->said_on = days[1 + below(4)];
	s->recorded_at = recorded[below(3)];
	s->kind = below(NKINDS);
	s->source = below(m->nsrc + 1) - 1;
	s->credibility = below(7);
	for (int i = 0; i < m->ni; i++) {
		if (below(2))
			continue;
		s->pos[i] = random_pos();
		pos[n++] = api_pos(&s->pos[i], i);
	}
	st.id = s->id;
	/* an actor's statement may leave its party to the actor */
	st.party = s->actor >= 0 && below(4) == 0 ? NULL : party_slugs[s->party];
	st.actor = s->actor >= 0 ? actor_slugs[s->actor] : NULL;
	st.said_on = s->said_on;
	st.recorded_at = s->recorded_at;
	/* the default kind, named or not */
	st.kind = s->kind || below(2) ? kind_names[s->kind] : NULL;
	st.source = s->source >= 0 ? source_slugs[s->source] : NULL;
	st.credibility = s->credibility;
	st.text = "Random.";
	st.recorded_by = "tester";
	st.positions = pos;
	st.npositions = n;
	rc = stance_statement_record(NULL, db, &st);
	ck_assert_msg(rc == 0, "record: %s", stance_error_last());
	m->ns++;
}

/* A random statement that is (retracted 0: not) retracted, or -1. */
static int pick(const struct model *m, int retracted)
{
	int found[MAX_STATEMENTS], n = 0;

	for (int k = 0; k < m->ns; k++)
		if (m->st[k].retracted == retracted)
			found[n++] = k;
	return n ? found[below(n)] : -1;
}

/* A random issue statement k codes, or -1. */
static int pick_coded(const struct model *m, int k)
{
	int found[MAX_ISSUES], n = 0;

	for (int i = 0; i < m->ni; i++)
		if (m->st[k].pos[i].has)
			found[n++] = i;
	return n ? found[below(n)] : -1;
}

static stance_change_options change(void)
{
	stance_change_options co = STANCE_CHANGE_OPTIONS_INIT;

	co.by = "tester";
	co.reason = "random";
	return co;
}

#define CORRECT(call) \
	ck_assert_msg((call) == 0, #call ": %s", stance_error_last())

static void retract_random(stance_db *db, struct model *m)
{
	int k = pick(m, 0);

	if (k < 0)
		return;
	CORRECT(util_retract(db, m->st[k].id, "tester", "random", NULL));
	m->st[k].retracted = 1;
}

static void unretract_random(stance_db *db, struct model *m)
{
	stance_change_options co = change();
	int k = pick(m, 1);

	if (k < 0)
		return;
	CORRECT(stance_statement_unretract(NULL, db, m->st[k].id, &co));
	m->st[k].retracted = 0;
}

/* Codes one more issue on a recorded statement: a position that arrives
 * after later statements exist. */
static void code_random(stance_db *db, struct model *m)
{
	int k = pick(m, 0), i;
	stance_position pos;

	if (k < 0)
		return;
	i = below(m->ni);
	if (m->st[k].pos[i].has)
		return;
	m->st[k].pos[i] = random_pos();
	pos = api_pos(&m->st[k].pos[i], i);
	CORRECT(util_code(db, m->st[k].id, &pos, 1));
}

static void recode_random(stance_db *db, struct model *m)
{
	stance_change_options co = change();
	int k = pick(m, 0), i = k < 0 ? -1 : pick_coded(m, k);
	stance_position pos;
	struct mpos p;

	if (i < 0)
		return;
	p = random_pos();
	/* a recode that changes nothing is refused */
	if (pos_eq(&p, &m->st[k].pos[i]))
		return;
	m->st[k].pos[i] = p;
	pos = api_pos(&p, i);
	CORRECT(stance_statement_recode(NULL, db, m->st[k].id, &pos, 1, &co));
}

static void uncode_random(stance_db *db, struct model *m)
{
	stance_change_options co = change();
	int k = pick(m, 0), i = k < 0 ? -1 : pick_coded(m, k);

	if (i < 0)
		return;
	CORRECT(stance_statement_uncode(NULL, db, m->st[k].id, &issue_slugs[i], 1, &co));
	m->st[k].pos[i] = (struct mpos){ 0 };
}

/* Changes one member of a statement: its date moves it in the order, its
 * party or actor moves it to another history. An amend that changes
 * nothing is refused, so none is tried. */
static void amend_random(stance_db *db, struct model *m)
{
	stance_amend_options a = STANCE_AMEND_OPTIONS_INIT;
	stance_change_options co = change();
	int k = pick(m, 0), v;
	struct mstmt *s;

	if (k < 0)
		return;
	s = &m->st[k];
	switch (below(6)) {
	case 0:
		v = 1 + below(4);
		if (days[v] == s->said_on)
			return;
		a.said_on = s->said_on = days[v];
		break;
	case 1:
		v = below(m->np);
		if (v == s->party)
			return;
		a.party = party_slugs[v];
		s->party = v;
		/* the actor must be one of the new party's, or none */
		s->actor = random_actor(m, v);
		a.actor = s->actor >= 0 ? actor_slugs[s->actor] : "";
		break;
	case 2:
		v = random_actor(m, s->party);
		if (v == s->actor)
			return;
		a.actor = v >= 0 ? actor_slugs[v] : "";
		s->actor = v;
		break;
	case 3:
		v = below(NKINDS);
		if (v == s->kind)
			return;
		a.kind = kind_names[v];
		s->kind = v;
		break;
	case 4:
		v = below(m->nsrc + 1) - 1;
		if (v == s->source)
			return;
		a.source = v >= 0 ? source_slugs[v] : "";
		s->source = v;
		break;
	default:
		v = below(7);
		if (v == s->credibility)
			return;
		a.credibility = v;
		s->credibility = v;
	}
	CORRECT(stance_statement_amend(NULL, db, s->id, &a, &co));
}

static struct model *build(stance_db *db)
{
	struct model *m = calloc(1, sizeof(*m));
	int steps;

	ck_assert_ptr_nonnull(m);
	/* at least two of each, so that --between always has two to name */
	m->np = 2 + below(MAX_PARTIES - 1);
	m->na = 2 + below(MAX_ACTORS - 1);
	m->nsrc = 1 + below(MAX_SOURCES);
	m->ni = 1 + below(MAX_ISSUES);
	add_entities(db, m);
	steps = below(MAX_STEPS + 1);
	while (steps-- > 0) {
		int r = below(20);

		if (r < 2)
			retract_random(db, m);
		else if (r == 2)
			unretract_random(db, m);
		else if (r < 5)
			code_random(db, m);
		else if (r < 7)
			recode_random(db, m);
		else if (r == 7)
			uncode_random(db, m);
		else if (r < 11)
			amend_random(db, m);
		else if (m->ns < MAX_STATEMENTS)
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
	for (int o = 0; o < m->ns; o++)
		m->rank[m->order[o]] = o;
	return m;
}

/* ---- scopes ---------------------------------------------------------- */

enum filter {
	F_PARTIES, F_ISSUES, F_AS_OF, F_CREDIBILITY, F_RELIABILITY, F_KINDS, F_BY_ACTOR, NFILTERS
};

/* A scope and what it keeps, spelt out: party_in by party, issue_in by
 * issue (descendants of listed ones included), kind_in by kind, named by
 * side. */
struct scope {
	stance_scope s;
	const char *parties[MAX_PARTIES], *issues[MAX_ISSUES], *kinds[NKINDS];
	const char *between[MAX_SIDES];
	int party_in[MAX_PARTIES], issue_in[MAX_ISSUES], kind_in[NKINDS], named[MAX_SIDES];
};

/* Everything, now. */
static void everything(struct scope *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->s = (stance_scope)STANCE_SCOPE_INIT;
	sc->s.parties = sc->parties;
	sc->s.issues = sc->issues;
	sc->s.kinds = sc->kinds;
	sc->s.between = sc->between;
	for (int k = 0; k < MAX_PARTIES; k++)
		sc->party_in[k] = 1;
	for (int k = 0; k < MAX_ISSUES; k++)
		sc->issue_in[k] = 1;
	for (int k = 0; k < NKINDS; k++)
		sc->kind_in[k] = 1;
}

/* Lists a random non-empty subset of the n slugs, marking in[]. */
static size_t random_subset(const char **listed, int *in, const char *const *slugs, int n)
{
	size_t count = 0;
	int any = 0;

	for (int k = 0; k < n; k++) {
		in[k] = below(2);
		any |= in[k];
	}
	if (!any)
		in[below(n)] = 1;
	for (int k = 0; k < n; k++)
		if (in[k])
			listed[count++] = slugs[k];
	return count;
}

/* Whether issue i is listed or lies under a listed one. */
static int under_listed(const struct model *m, const int *listed, int i)
{
	for (; i >= 0; i = m->parent[i])
		if (listed[i])
			return 1;
	return 0;
}

static const char *random_date(void)
{
	return below(3) == 0 ? NULL : days[below((int)NDAYS)];
}

/* A scope with the filters of mask, each given a random value. */
static void random_scope(struct scope *sc, const struct model *m, unsigned int mask)
{
	int listed[MAX_ISSUES];

	everything(sc);
	if (mask & 1u << F_PARTIES)
		sc->s.nparties = random_subset(sc->parties, sc->party_in, party_slugs, m->np);
	if (mask & 1u << F_ISSUES) {
		sc->s.nissues = random_subset(sc->issues, listed, issue_slugs, m->ni);
		for (int i = 0; i < m->ni; i++)
			sc->issue_in[i] = under_listed(m, listed, i);
	}
	if (mask & 1u << F_AS_OF)
		sc->s.as_of = days[below((int)NDAYS)];
	if (mask & 1u << F_CREDIBILITY)
		sc->s.min_credibility = 1 + below(6);
	if (mask & 1u << F_RELIABILITY)
		sc->s.min_reliability = (char)('A' + below(6));
	if (mask & 1u << F_KINDS)
		sc->s.nkinds = random_subset(sc->kinds, sc->kind_in, kind_names, NKINDS);
	sc->s.by_actor = (mask >> F_BY_ACTOR) & 1;
}

/* ---- sides: parties, or actors with by_actor ------------------------- */

static int nsides(const struct model *m, int by_actor)
{
	return by_actor ? m->na : m->np;
}

static const char *side_slug(int by_actor, int x)
{
	return by_actor ? actor_slugs[x] : party_slugs[x];
}

static int party_of(const struct model *m, int by_actor, int x)
{
	return by_actor ? m->actor_party[x] : x;
}

/* Whose position statement s states: its party, or by actor its actor (-1:
 * it takes no part). */
static int speaker(const struct mstmt *s, int by_actor)
{
	return by_actor ? s->actor : s->party;
}

/* ---- brute force, from design §2 ------------------------------------- */

/* Whether statement s takes part at all: not retracted, and kept by the
 * evidence filters (an unknown credibility counts as 6, a missing source
 * or reliability as F). */
static int counts(const struct model *m, const struct scope *sc, const struct mstmt *s)
{
	int credibility = s->credibility ? s->credibility : 6;
	char reliability = s->source >= 0 && m->reliability[s->source] ?
			   m->reliability[s->source] : 'F';

	if (s->retracted)
		return 0;
	if (sc->s.min_credibility && credibility > sc->s.min_credibility)
		return 0;
	if (sc->s.min_reliability && reliability > sc->s.min_reliability)
		return 0;
	return !sc->s.nkinds || sc->kind_in[s->kind];
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* Where the walk of one side's positions on an issue stands. */
struct walk {
	int k;         /* the statement of the current position, -1: none */
	int red_line;  /* the statement that set the current red line, -1: none */
};

/* The walk's step on statement k's position on issue i: true sets the red
 * line, false ends it, unstated keeps it only while the stance has the
 * sign of the position that set it. */
static void step(struct walk *w, const struct model *m, int k, int i)
{
	const struct mpos *p = &m->st[k].pos[i];

	w->k = k;
	if (p->red_line == STANCE_RED_LINE_YES)
		w->red_line = k;
	else if (p->red_line == STANCE_RED_LINE_NO)
		w->red_line = -1;
	else if (w->red_line >= 0 && sign(p->stance) != sign(m->st[w->red_line].pos[i].stance))
		w->red_line = -1;
}

/* Side x's current position and red line on issue i: the walk over its
 * positions in statement order up to the scope's date. */
static struct walk current(const struct model *m, const struct scope *sc, int x, int i)
{
	struct walk w = { -1, -1 };

	for (int o = 0; o < m->ns; o++) {
		int k = m->order[o];
		const struct mstmt *s = &m->st[k];

		if (!counts(m, sc, s) || speaker(s, sc->s.by_actor) != x || !s->pos[i].has ||
		    (sc->s.as_of && strcmp(s->said_on, sc->s.as_of) > 0))
			continue;
		step(&w, m, k, i);
	}
	return w;
}

static int stance_of(const struct model *m, struct walk w, int i)
{
	return m->st[w.k].pos[i].stance;
}

/* ---- what went wrong ------------------------------------------------- */

static const struct model *now_model;
static const struct scope *now_scope;
static uint64_t now_seed;

static const char *flag_text(int red_line)
{
	return red_line == STANCE_RED_LINE_YES ? "!" : red_line == STANCE_RED_LINE_NO ? "~" : "";
}

static void dump_list(const char *what, const char *const *list, size_t n)
{
	if (!n)
		return;
	fprintf(stderr, " %s", what);
	for (size_t k = 0; k < n; k++)
		fprintf(stderr, "%s%s", k ? "," : " ", list[k]);
}

/* The case on stderr: what a failure is about, to be read or rebuilt. */
static void dump_case(void)
{
	const struct model *m = now_model;
	const struct scope *sc = now_scope;

	fprintf(stderr, "# seed %llu\n# actors:", (unsigned long long)now_seed);
	for (int a = 0; a < m->na; a++)
		fprintf(stderr, " %s (%s)", actor_slugs[a], party_slugs[m->actor_party[a]]);
	fprintf(stderr, "\n# sources:");
	for (int s = 0; s < m->nsrc; s++)
		fprintf(stderr, " %s (%c)", source_slugs[s], m->reliability[s] ? m->reliability[s] : '-');
	fprintf(stderr, "\n# issues:");
	for (int i = 0; i < m->ni; i++)
		fprintf(stderr, " %s%s%s", issue_slugs[i], m->parent[i] >= 0 ? " under " : "",
			m->parent[i] >= 0 ? issue_slugs[m->parent[i]] : "");
	fprintf(stderr, "\n# statements in statement order:\n");
	for (int o = 0; o < m->ns; o++) {
		const struct mstmt *s = &m->st[m->order[o]];

		fprintf(stderr, "#   %s %s %s %s %s %s src %s cred %d%s:", s->id,
			party_slugs[s->party], s->actor >= 0 ? actor_slugs[s->actor] : "-",
			s->said_on, s->recorded_at + 11, kind_names[s->kind],
			s->source >= 0 ? source_slugs[s->source] : "-", s->credibility,
			s->retracted ? " RETRACTED" : "");
		for (int i = 0; i < m->ni; i++) {
			const struct mpos *p = &s->pos[i];

			if (!p->has)
				continue;
			fprintf(stderr, " %s=%d", issue_slugs[i], p->stance);
			if (p->has_point)
				fprintf(stderr, "@%g", p->point);
			fprintf(stderr, "%s%s%s", flag_text(p->red_line), p->condition ? "/" : "",
				p->condition ? p->condition : "");
		}
		fprintf(stderr, "\n");
	}
	if (!sc)
		return;
	fprintf(stderr, "# scope:");
	dump_list("parties", sc->s.parties, sc->s.nparties);
	dump_list("issues", sc->s.issues, sc->s.nissues);
	dump_list("kinds", sc->s.kinds, sc->s.nkinds);
	dump_list("between", sc->s.between, sc->s.nbetween);
	if (sc->s.as_of)
		fprintf(stderr, " as_of %s", sc->s.as_of);
	if (sc->s.min_credibility)
		fprintf(stderr, " min_credibility %d", sc->s.min_credibility);
	if (sc->s.min_reliability)
		fprintf(stderr, " min_reliability %c", sc->s.min_reliability);
	fprintf(stderr, "%s%s\n", sc->s.by_actor ? " by_actor" : "", sc->s.within ? " within" : "");
}

__attribute__((format(printf, 1, 2)))
static void mismatch(const char *fmt, ...)
{
	char msg[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dump_case();
	ck_abort_msg("seed %llu: %s", (unsigned long long)now_seed, msg);
}

#define EXPECT(cond, ...) \
	do { \
		if (!(cond)) \
			mismatch(__VA_ARGS__); \
	} while (0)

/* ---- positions ------------------------------------------------------- */

static const char *or_null(const char *s)
{
	return s ? s : "(null)";
}

/* Every member of a position as text, so that one comparison covers them
 * all and a difference shows whole. */
static const char *position_text(char *buf, size_t size, const stance_current_position *p)
{
	char point[32] = "none";

	if (p->has_point)
		snprintf(point, sizeof(point), "%.17g", p->point);
	snprintf(buf, size, "%s/%s/%s=%d red_line %d set by %s; condition %s; statement %s said "
		 "%s text %s; point %s; kind %s credibility %d source %s", or_null(p->party),
		 or_null(p->actor), or_null(p->issue), p->stance, p->red_line,
		 or_null(p->red_line_statement), or_null(p->condition), or_null(p->statement),
		 or_null(p->said_on), or_null(p->text), point, or_null(p->kind), p->credibility,
		 or_null(p->source));
	return buf;
}

/* What the position of the walk w on issue i must say. */
static stance_current_position want_position(const struct model *m, int i, struct walk w)
{
	const struct mstmt *s = &m->st[w.k];
	const struct mpos *p = &s->pos[i];

	return (stance_current_position){
		.party = (char *)party_slugs[s->party],
		.issue = (char *)issue_slugs[i],
		.stance = p->stance,
		.red_line = w.red_line >= 0,
		.condition = (char *)p->condition,
		.statement = (char *)s->id,
		.said_on = (char *)s->said_on,
		.text = "Random.",
		.actor = s->actor >= 0 ? (char *)actor_slugs[s->actor] : NULL,
		.red_line_statement = w.red_line >= 0 ? (char *)m->st[w.red_line].id : NULL,
		.has_point = p->has_point,
		.point = p->point,
		.kind = (char *)kind_names[s->kind],
		.credibility = s->credibility,
		.source = s->source >= 0 ? (char *)source_slugs[s->source] : NULL,
	};
}

static void expect_position(const stance_current_position *got,
			    const stance_current_position *want, const char *what)
{
	char g[1024], w[1024];

	position_text(g, sizeof(g), got);
	position_text(w, sizeof(w), want);
	EXPECT(strcmp(g, w) == 0, "%s:\n  got      %s\n  expected %s", what, g, w);
}

static void check_positions(stance_db *db, const struct model *m, const struct scope *sc)
{
	stance_positions *got = NULL;
	int by = sc->s.by_actor, rc = stance_positions_get(&got, db, &sc->s);
	size_t n = 0;
	char buf[1024];

	EXPECT(rc == 0, "positions: %s", stance_error_last());
	/* by side, then issue: the indexes follow the slugs */
	for (int x = 0; x < nsides(m, by); x++) {
		for (int i = 0; i < m->ni; i++) {
			struct walk w = current(m, sc, x, i);
			stance_current_position want;

			if (w.k < 0 || !sc->party_in[party_of(m, by, x)] || !sc->issue_in[i])
				continue;
			want = want_position(m, i, w);
			EXPECT(n < got->n, "positions: %zu, missing %s", got->n,
			       position_text(buf, sizeof(buf), &want));
			expect_position(&got->items[n++], &want, "position");
		}
	}
	EXPECT(n == got->n, "positions: %zu, expected %zu; the first too many: %s", got->n, n,
	       position_text(buf, sizeof(buf), &got->items[n]));
	stance_positions_free(got);
}

/* ---- conflicts ------------------------------------------------------- */

struct econflict {
	int issue, a, b;
	struct walk wa, wb;
};

/* The conflicts of the scope, by issue, then side a, then side b. */
static size_t expected_conflicts(struct econflict *out, const struct model *m,
				 const struct scope *sc, int hard_only)
{
	int by = sc->s.by_actor;
	size_t n = 0;

	for (int i = 0; i < m->ni; i++) {
		for (int a = 0; a < nsides(m, by) && sc->issue_in[i]; a++) {
			for (int b = a + 1; b < nsides(m, by); b++) {
				struct walk wa = current(m, sc, a, i), wb = current(m, sc, b, i);
				int pa = party_of(m, by, a), pb = party_of(m, by, b), hard;

				if (wa.k < 0 || wb.k < 0 || !(sc->party_in[pa] || sc->party_in[pb]))
					continue;
				if (sc->s.nbetween && !(sc->named[a] && sc->named[b]))
					continue;
				if (sc->s.within && pa != pb)
					continue;
				if (stance_of(m, wa, i) * stance_of(m, wb, i) >= 0)
					continue;
				hard = wa.red_line >= 0 || wb.red_line >= 0;
				if (hard_only && !hard)
					continue;
				out[n++] = (struct econflict){ i, a, b, wa, wb };
			}
		}
	}
	return n;
}

static const char *conflict_text(char *buf, size_t size, const stance_conflict *c)
{
	char a[1024], b[1024];

	snprintf(buf, size, "%s, distance %d\n    a: %s\n    b: %s", c->hard ? "hard" : "soft",
		 c->distance, position_text(a, sizeof(a), c->a), position_text(b, sizeof(b), c->b));
	return buf;
}

static void expect_conflict(const stance_conflict *got, const struct model *m,
			    const struct econflict *e, const char *what)
{
	stance_current_position pa = want_position(m, e->issue, e->wa);
	stance_current_position pb = want_position(m, e->issue, e->wb);
	stance_conflict want = { &pa, &pb, e->wa.red_line >= 0 || e->wb.red_line >= 0,
				 abs(pa.stance - pb.stance) };
	char g[2560], w[2560];

	conflict_text(g, sizeof(g), got);
	conflict_text(w, sizeof(w), &want);
	EXPECT(strcmp(g, w) == 0, "%s:\n  got      %s\n  expected %s", what, g, w);
}

struct conflict_walk {
	const struct model *m;
	const struct econflict *want;
	size_t n, seen;
};

static int conflict_seen(const stance_conflict *c, void *ctx)
{
	struct conflict_walk *w = ctx;
	char buf[2560];

	EXPECT(w->seen < w->n, "conflicts walk: more than %zu; the first too many: %s", w->n,
	       conflict_text(buf, sizeof(buf), c));
	expect_conflict(c, w->m, &w->want[w->seen++], "conflicts walk");
	return 0;
}

static void check_conflicts(stance_db *db, const struct model *m, const struct scope *sc,
			    int hard_only)
{
	struct econflict want[MAX_ISSUES * MAX_SIDES * MAX_SIDES];
	int held[MAX_SIDES][MAX_ISSUES] = { { 0 } };
	size_t n = expected_conflicts(want, m, sc, hard_only), distinct = 0;
	struct conflict_walk walk = { m, want, n, 0 };
	stance_conflicts *got = NULL;
	char buf[2560];
	int rc = stance_conflicts_get(&got, db, &sc->s, hard_only);

	EXPECT(rc == 0, "conflicts: %s", stance_error_last());
	EXPECT(got->n == n, "conflicts (hard only %d): %zu, expected %zu%s%s", hard_only, got->n,
	       n, got->n > n ? "; the first too many: " : "",
	       got->n > n ? conflict_text(buf, sizeof(buf), &got->items[n]) : "");
	for (size_t k = 0; k < n; k++) {
		expect_conflict(&got->items[k], m, &want[k], "conflict");
		distinct += !held[want[k].a][want[k].issue]++;
		distinct += !held[want[k].b][want[k].issue]++;
	}
	/* each position in a conflict, once */
	EXPECT(got->positions->n == distinct, "conflicts: %zu positions, expected %zu",
	       got->positions->n, distinct);
	stance_conflicts_free(got);
	rc = stance_conflicts_foreach(db, &sc->s, hard_only, conflict_seen, &walk);
	EXPECT(rc == 0, "conflicts walk: %s", stance_error_last());
	EXPECT(walk.seen == n, "conflicts walk: %zu, expected %zu", walk.seen, n);
}

static int conflict_never(const stance_conflict *c, void *ctx)
{
	(void)c;
	(void)ctx;
	mismatch("conflicts walk: called for a refused scope");
	return 1;
}

/* A scope the conflicts refuse: between naming one, within without
 * by_actor. */
static void check_refused(stance_db *db, const struct scope *sc, int hard_only, const char *word)
{
	stance_conflicts *got = (stance_conflicts *)1;
	int rc = stance_conflicts_get(&got, db, &sc->s, hard_only);

	EXPECT(rc == STANCE_EINVALID && got == NULL && strstr(stance_error_last(), word),
	       "conflicts: %d (%s) for a scope to refuse for its %s", rc, stance_error_last(),
	       word);
	rc = stance_conflicts_foreach(db, &sc->s, hard_only, conflict_never, NULL);
	EXPECT(rc == STANCE_EINVALID && strstr(stance_error_last(), word),
	       "conflicts walk: %d (%s) for a scope to refuse for its %s", rc,
	       stance_error_last(), word);
}

/* Names random sides for between: at least two, but one an eighth of the
 * time (a scope to refuse). */
static void random_between(struct scope *sc, const struct model *m)
{
	int by = sc->s.by_actor, n = nsides(m, by), count = 0;

	memset(sc->named, 0, sizeof(sc->named));
	if (below(8) == 0) {
		sc->named[below(n)] = 1;
	} else {
		for (int x = 0; x < n; x++) {
			sc->named[x] = below(2);
			count += sc->named[x];
		}
		while (count < 2) {
			int x = below(n);

			count += !sc->named[x];
			sc->named[x] = 1;
		}
	}
	sc->s.nbetween = 0;
	for (int x = 0; x < n; x++)
		if (sc->named[x])
			sc->between[sc->s.nbetween++] = side_slug(by, x);
}

/* The conflicts of the scope under half the combinations of between,
 * within and hard only, those without between (half 0) or with it (1), so
 * that the run stays short. */
static void check_conflict_variants(stance_db *db, const struct model *m, struct scope *sc,
				    int half)
{
	for (int v = half; v < 8; v += 2) {
		int hard_only = (v & 4) != 0;

		sc->s.nbetween = 0;
		sc->s.within = (v & 2) != 0;
		if (v & 1)
			random_between(sc, m);
		if (sc->s.within && !sc->s.by_actor)
			check_refused(db, sc, hard_only, "within");
		else if (sc->s.nbetween == 1)
			check_refused(db, sc, hard_only, "between");
		else
			check_conflicts(db, m, sc, hard_only);
	}
	sc->s.nbetween = 0;
	sc->s.within = 0;
}

/* ---- the matrix ------------------------------------------------------ */

static stance_matrix_cell expected_cell(const struct model *m, const struct scope *sc, int a,
					int b)
{
	stance_matrix_cell cell = { 0, 0, 0, 0.0, 0 };
	int sum = 0;

	for (int i = 0; i < m->ni; i++) {
		struct walk wa = current(m, sc, a, i), wb = current(m, sc, b, i);
		int va, vb;

		if (!sc->issue_in[i] || wa.k < 0 || wb.k < 0)
			continue;
		va = stance_of(m, wa, i);
		vb = stance_of(m, wb, i);
		cell.shared++;
		sum += abs(va - vb);
		if (va * vb < 0) {
			cell.conflicts++;
			cell.hard += wa.red_line >= 0 || wb.red_line >= 0;
		} else if (a != b && va && sign(va) == sign(vb)) {
			cell.agreements++;
		}
	}
	if (cell.shared)
		cell.distance = sum / 4.0 / cell.shared;
	return cell;
}

static const char *cell_text(char *buf, size_t size, const stance_matrix_cell *c)
{
	snprintf(buf, size, "conflicts %d hard %d shared %d distance %.12f agreements %d",
		 c->conflicts, c->hard, c->shared, c->distance, c->agreements);
	return buf;
}

static void check_matrix(stance_db *db, const struct model *m, const struct scope *sc)
{
	stance_matrix *got = NULL;
	int rows[MAX_SIDES], n = 0, by = sc->s.by_actor, rc = stance_matrix_get(&got, db, &sc->s);

	EXPECT(rc == 0, "matrix: %s", stance_error_last());
	for (int x = 0; x < nsides(m, by); x++) {
		int holds = 0;

		for (int i = 0; i < m->ni; i++)
			holds |= sc->issue_in[i] && current(m, sc, x, i).k >= 0;
		if (holds && sc->party_in[party_of(m, by, x)])
			rows[n++] = x;
	}
	EXPECT(got->n == (size_t)n, "matrix of %zu, expected %d", got->n, n);
	for (int r = 0; r < n; r++) {
		EXPECT(strcmp(got->parties[r], side_slug(by, rows[r])) == 0,
		       "matrix row %d is %s, expected %s", r, got->parties[r], side_slug(by, rows[r]));
		for (int c = 0; c < n; c++) {
			stance_matrix_cell want = expected_cell(m, sc, rows[r], rows[c]);
			const stance_matrix_cell *have = &got->cells[r * n + c];
			char g[256], w[256];

			EXPECT(strcmp(cell_text(g, sizeof(g), have), cell_text(w, sizeof(w), &want)) == 0,
			       "matrix %s/%s:\n  got      %s\n  expected %s", side_slug(by, rows[r]),
			       side_slug(by, rows[c]), g, w);
			for (int metric = 0; metric <= STANCE_METRIC_DISTANCE; metric++) {
				double v = -1, expected = metric == STANCE_METRIC_CONFLICTS ? want.conflicts :
						 metric == STANCE_METRIC_HARD ? want.hard : want.distance;
				int set = stance_matrix_value(&v, got, (size_t)r, (size_t)c,
							      (stance_metric)metric);

				/* only the distance of two that share nothing is null */
				EXPECT(set == (metric != STANCE_METRIC_DISTANCE || want.shared > 0) &&
				       v - expected < 1e-12 && expected - v < 1e-12,
				       "matrix %s %s/%s: %g (%s), expected %g", stance_metric_names[metric],
				       side_slug(by, rows[r]), side_slug(by, rows[c]), v,
				       set ? "set" : "null", expected);
			}
		}
	}
	stance_matrix_free(got);
}

/* ---- histories and shifts -------------------------------------------- */

/* One expected history row: statement k's position on the issue, the red
 * line after it (the statement that set it, -1: none) and what it is
 * compared with. */
struct erow {
	int k, issue, red_line, shift, reversal, from, from_red_line;
};

/* Side x's history on issue i (by party or, by_actor, by actor) under the
 * scope's evidence filters, into rows in statement order; returns how
 * many. The scope's lists and date do not narrow a history. */
static int expected_history(struct erow *rows, const struct model *m, const struct scope *sc,
			    int by_actor, int x, int i)
{
	struct walk w = { -1, -1 };
	int n = 0;

	for (int o = 0; o < m->ns; o++) {
		const struct mstmt *s = &m->st[m->order[o]];
		struct erow *row = &rows[n];

		if (!counts(m, sc, s) || speaker(s, by_actor) != x || !s->pos[i].has)
			continue;
		step(&w, m, m->order[o], i);
		row->k = m->order[o];
		row->issue = i;
		row->red_line = w.red_line;
		row->from = n ? rows[n - 1].k : -1;
		row->from_red_line = n && rows[n - 1].red_line >= 0;
		/* the stance, or whether the red line holds, changed */
		row->shift = n && (s->pos[i].stance != m->st[row->from].pos[i].stance ||
				   (row->red_line >= 0) != row->from_red_line);
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

#define ROW_TEXT 768

/* Every member of a history row as text. */
static void row_text(char *buf, const stance_history_row *r)
{
	char point[32] = "none", from[96] = "none";

	if (r->has_point)
		snprintf(point, sizeof(point), "%.17g", r->point);
	if (r->from_statement)
		snprintf(from, sizeof(from), "%s %d red_line %d", r->from_statement, r->from_stance,
			 r->from_red_line);
	snprintf(buf, ROW_TEXT, "%s/%s/%s %s said %s text %s: %d stated %d red_line %d set by %s; "
		 "condition %s; point %s; kind %s credibility %d; shift %d reversal %d; from %s",
		 or_null(r->party), or_null(r->actor), or_null(r->issue), or_null(r->statement),
		 or_null(r->said_on), or_null(r->text), r->stance, r->stated_red_line, r->red_line,
		 or_null(r->red_line_statement), or_null(r->condition), point, or_null(r->kind),
		 r->credibility, r->shift, r->reversal, from);
}

static void want_row_text(char *buf, const struct model *m, const struct erow *e)
{
	const struct mstmt *s = &m->st[e->k];
	const struct mpos *p = &s->pos[e->issue];
	stance_history_row r = {
		.party = party_slugs[s->party],
		.issue = issue_slugs[e->issue],
		.statement = s->id,
		.said_on = s->said_on,
		.text = "Random.",
		.stance = p->stance,
		.red_line = e->red_line >= 0,
		.condition = p->condition,
		.shift = e->shift,
		.reversal = e->reversal,
		.from_statement = e->from >= 0 ? m->st[e->from].id : NULL,
		.from_stance = e->from >= 0 ? m->st[e->from].pos[e->issue].stance : 0,
		.from_red_line = e->from_red_line,
		.actor = s->actor >= 0 ? actor_slugs[s->actor] : NULL,
		.red_line_statement = e->red_line >= 0 ? m->st[e->red_line].id : NULL,
		.stated_red_line = p->red_line,
		.has_point = p->has_point,
		.point = p->point,
		.kind = kind_names[s->kind],
		.credibility = s->credibility,
	};

	row_text(buf, &r);
}

/* What the library reported, as text, copied out of the callback. */
struct lrows {
	char rows[MAX_ROWS][ROW_TEXT];
	int n;
};

static int collect(const stance_history_row *row, void *ctx)
{
	struct lrows *l = ctx;

	EXPECT(l->n < MAX_ROWS, "more than %d rows", MAX_ROWS);
	row_text(l->rows[l->n++], row);
	return 0;
}

static void expect_rows(const struct lrows *got, const struct model *m, const struct erow *want,
			int n, const char *what)
{
	char w[ROW_TEXT];

	EXPECT(got->n == n, "%s: %d rows, expected %d%s%s", what, got->n, n,
	       got->n > n ? "; the first too many: " : "", got->n > n ? got->rows[n] : "");
	for (int r = 0; r < n; r++) {
		want_row_text(w, m, &want[r]);
		EXPECT(strcmp(got->rows[r], w) == 0, "%s, row %d:\n  got      %s\n  expected %s",
		       what, r, got->rows[r], w);
	}
}

/* Rows in statement order, then by issue: the order of the walks over
 * several issues and of the shifts. */
static void sort_rows(struct erow *rows, int n, const struct model *m)
{
	for (int a = 1; a < n; a++) {
		struct erow x = rows[a];
		int b = a;

		while (b > 0 && (m->rank[rows[b - 1].k] > m->rank[x.k] ||
				 (rows[b - 1].k == x.k && rows[b - 1].issue > x.issue))) {
			rows[b] = rows[b - 1];
			b--;
		}
		rows[b] = x;
	}
}

/* Every party's history on every issue, with nothing filtered. */
static void check_plain_histories(stance_db *db, const struct model *m, struct lrows *got)
{
	struct erow want[MAX_STATEMENTS];
	struct scope all;

	everything(&all);
	for (int p = 0; p < m->np; p++) {
		for (int i = 0; i < m->ni; i++) {
			int n = expected_history(want, m, &all, 0, p, i), rc;

			char what[64];

			got->n = 0;
			rc = stance_history_foreach(db, party_slugs[p], issue_slugs[i], collect, got);
			EXPECT(rc == 0, "history: %s", stance_error_last());
			snprintf(what, sizeof(what), "history of %s on %s", party_slugs[p],
				 issue_slugs[i]);
			expect_rows(got, m, want, n, what);
		}
	}
}

/* The histories under the scope's evidence filters: one of a party on
 * an issue, and the walks of every party and every actor on a random
 * issue and its descendants, or on all. */
static void check_scoped_histories(stance_db *db, const struct model *m, const struct scope *sc,
				   struct lrows *got)
{
	static struct erow want[MAX_ROWS];
	int p = below(m->np), i = below(m->ni), n, rc;
	char what[96];

	got->n = 0;
	n = expected_history(want, m, sc, 0, p, i);
	rc = stance_history_foreach_scope(db, &sc->s, party_slugs[p], issue_slugs[i], collect, got);
	EXPECT(rc == 0, "history: %s", stance_error_last());
	snprintf(what, sizeof(what), "history of %s on %s with the scope", party_slugs[p],
		 issue_slugs[i]);
	expect_rows(got, m, want, n, what);
	for (int by = 0; by <= 1; by++) {
		for (int x = 0; x < nsides(m, by); x++) {
			int issue = below(m->ni + 1), only[MAX_ISSUES] = { 0 };

			n = 0;
			if (issue < m->ni)
				only[issue] = 1;
			for (int j = 0; j < m->ni; j++)
				if (issue == m->ni || under_listed(m, only, j))
					n += expected_history(want + n, m, sc, by, x, j);
			sort_rows(want, n, m);
			got->n = 0;
			rc = stance_history_walk(db, &sc->s, by ? STANCE_ACTOR : STANCE_PARTY,
						 side_slug(by, x),
						 issue < m->ni ? issue_slugs[issue] : NULL, collect, got);
			EXPECT(rc == 0, "history walk: %s", stance_error_last());
			snprintf(what, sizeof(what), "history walk of %s %s on %s",
				 by ? "actor" : "party", side_slug(by, x),
				 issue < m->ni ? issue_slugs[issue] : "every issue");
			expect_rows(got, m, want, n, what);
		}
	}
}

static void check_shifts(stance_db *db, const struct model *m, const struct scope *sc,
			 const char *since, struct lrows *got)
{
	static struct erow all[MAX_ROWS];
	struct erow rows[MAX_STATEMENTS];
	int n = 0, by = sc->s.by_actor, rc;

	for (int x = 0; x < nsides(m, by); x++) {
		for (int i = 0; i < m->ni; i++) {
			int nh = expected_history(rows, m, sc, by, x, i);

			if (!sc->party_in[party_of(m, by, x)] || !sc->issue_in[i])
				continue;
			for (int r = 0; r < nh; r++) {
				const char *said = m->st[rows[r].k].said_on;

				if (rows[r].shift && (!since || strcmp(said, since) >= 0) &&
				    (!sc->s.as_of || strcmp(said, sc->s.as_of) <= 0))
					all[n++] = rows[r];
			}
		}
	}
	sort_rows(all, n, m);
	got->n = 0;
	rc = stance_shifts_foreach(db, &sc->s, since, collect, got);
	EXPECT(rc == 0, "shifts: %s", stance_error_last());
	expect_rows(got, m, all, n, since ? "shifts since a date" : "shifts");
}

/* ---- the maintained table ------------------------------------------- */

/* The table the all-time answers may read, against the walk: whichever
 * way an analysis goes, the triggers must keep one row for each party and
 * issue with a position, naming its current statement and the statement
 * that set its current red line. */
static void check_current_table(stance_db *db, const struct model *m)
{
	static const char sql[] =
		"SELECT p.slug, i.slug, s.uuid, r.uuid FROM current_position AS c"
		" JOIN party AS p ON p.id = c.party_id JOIN issue AS i ON i.id = c.issue_id"
		" JOIN statement AS s ON s.id = c.statement_id"
		" LEFT JOIN statement AS r ON r.id = c.red_line_statement_id"
		" ORDER BY p.slug, i.slug";
	sqlite3_stmt *stmt;
	struct scope all;
	char got[160], want[160];

	everything(&all);
	ck_assert_int_eq(sqlite3_prepare_v2(db->conn, sql, -1, &stmt, NULL), SQLITE_OK);
	for (int p = 0; p < m->np; p++) {
		for (int i = 0; i < m->ni; i++) {
			struct walk w = current(m, &all, p, i);

			if (w.k < 0)
				continue;
			snprintf(want, sizeof(want), "%s/%s %s set by %s", party_slugs[p],
				 issue_slugs[i], m->st[w.k].id,
				 w.red_line >= 0 ? m->st[w.red_line].id : "(null)");
			EXPECT(sqlite3_step(stmt) == SQLITE_ROW, "current_position lacks %s", want);
			snprintf(got, sizeof(got), "%s/%s %s set by %s",
				 (const char *)sqlite3_column_text(stmt, 0),
				 (const char *)sqlite3_column_text(stmt, 1),
				 (const char *)sqlite3_column_text(stmt, 2),
				 or_null((const char *)sqlite3_column_text(stmt, 3)));
			EXPECT(strcmp(got, want) == 0,
			       "current_position:\n  got      %s\n  expected %s", got, want);
		}
	}
	EXPECT(sqlite3_step(stmt) == SQLITE_DONE, "current_position has more rows, such as %s/%s",
	       (const char *)sqlite3_column_text(stmt, 0),
	       (const char *)sqlite3_column_text(stmt, 1));
	sqlite3_finalize(stmt);
}

/* ---- the cases ------------------------------------------------------- */

static void run_case(uint64_t seed)
{
	struct lrows *got = malloc(sizeof(*got));
	stance_db *db = test_db();
	struct model *m;
	struct scope sc;

	ck_assert_ptr_nonnull(got);
	now_seed = seed;
	now_scope = NULL;
	rng = seed * 0x9e3779b97f4a7c15ULL;
	m = build(db);
	now_model = m;
	check_current_table(db, m);
	check_plain_histories(db, m, got);
	for (int k = 0; k < SCOPES_PER_CASE; k++) {
		/* the first scope lists parties and issues at most: the
		 * maintained tables answer it; the others go through every
		 * combination of filters in turn, the conflicts without
		 * between on one round of them and with it on the next */
		uint64_t g = (seed - 1) * (SCOPES_PER_CASE - 1) + (uint64_t)k - 1;
		unsigned int mask = k == 0 ? (unsigned int)(seed % 4) :
				    (unsigned int)(g % (1u << NFILTERS));
		int half = k == 0 ? (int)(seed / 4 % 2) : (int)(g >> NFILTERS & 1);

		random_scope(&sc, m, mask);
		now_scope = &sc;
		check_positions(db, m, &sc);
		check_conflict_variants(db, m, &sc, half);
		check_matrix(db, m, &sc);
		check_shifts(db, m, &sc, random_date(), got);
		check_scoped_histories(db, m, &sc, got);
	}
	now_model = NULL;
	now_scope = NULL;
	free(m);
	free(got);
	stance_db_close(db);
}

TEST_LOOP(test_random_databases, 0, RUNS);

START_TEST(test_random_databases)
{
	const char *only = getenv("STANCE_PROPERTY_SEED");

	if (only) {
		if (_i == 0)
			run_case(strtoull(only, NULL, 10));
		return;
	}
	/* under valgrind and ASan, a fifth: enough for memory errors */
	for (int c = 0; c < CASES_PER_RUN; c += test_instrumented() ? 5 : 1)
		run_case((uint64_t)_i * CASES_PER_RUN + (uint64_t)c + 1);
}
END_TEST
