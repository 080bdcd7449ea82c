/*
 * The analysis on small hand-built cases: one test per rule of the design's
 * semantics (current positions, conflicts, the matrix, history, shifts, and
 * the walk of the current red line on each case design §2 names).
 * check-analysis-property.c compares the same functions with a brute-force
 * recomputation on random databases.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"

#define CRIMEA "crimea-recognition"
#define NATO "nato-membership"
#define TERRITORY "territory"

/* Ids in a known order: id(1) < id(2) < ... */
#define ID(n) "00000000-0000-4000-8000-00000000000" #n

#define POS(i, s, r) { .issue = (char *)(i), .stance = (s), .red_line = (r) }

/* Records a statement of party on date with the given positions; id and
 * recorded_at may be NULL (generated, now). The id is written to out when
 * out is not NULL. */
static void rec(char *out, stance_db *db, const char *id, const char *party, const char *date,
		const char *recorded_at, const stance_position *pos, size_t npos)
{
	stance_record_options st = STANCE_RECORD_OPTIONS_INIT;
	char got[37];
	int rc;

	st.id = id;
	st.party = party;
	st.said_on = date;
	st.recorded_at = recorded_at;
	st.text = "A statement for the analysis tests.";
	st.recorded_by = "tester";
	st.positions = pos;
	st.npositions = npos;
	rc = stance_statement_record(got, db, &st);
	ck_assert_msg(rc == 0, "record: %s", stance_error_last());
	if (out)
		memcpy(out, got, sizeof(got));
}

/* One position, for the many statements that take a single one. */
static void rec1(char *out, stance_db *db, const char *id, const char *party, const char *date,
		 const char *recorded_at, const char *issue, int stance, int red_line)
{
	stance_position pos = POS(issue, stance, red_line);

	rec(out, db, id, party, date, recorded_at, &pos, 1);
}

static void retract(stance_db *db, const char *id)
{
	int rc = util_retract(db, id, "tester", "wrongly attributed", NULL);

	ck_assert_msg(rc == 0, "retract: %s", stance_error_last());
}

static stance_positions *positions(stance_db *db, const stance_scope *scope)
{
	stance_positions *p = NULL;
	int rc = stance_positions_get(&p, db, scope);

	ck_assert_msg(rc == 0, "positions: %s", stance_error_last());
	ck_assert_ptr_nonnull(p);
	return p;
}

static stance_conflicts *conflicts(stance_db *db, const stance_scope *scope, int hard_only)
{
	stance_conflicts *c = NULL;
	int rc = stance_conflicts_get(&c, db, scope, hard_only);

	ck_assert_msg(rc == 0, "conflicts: %s", stance_error_last());
	ck_assert_ptr_nonnull(c);
	return c;
}

static stance_matrix *matrix(stance_db *db, const stance_scope *scope)
{
	stance_matrix *m = NULL;
	int rc = stance_matrix_get(&m, db, scope);

	ck_assert_msg(rc == 0, "matrix: %s", stance_error_last());
	ck_assert_ptr_nonnull(m);
	return m;
}

/* Appends to buf (of size bytes), with a space before all but the first
 * item. */
static void appendf(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len && len + 1 < size)
		buf[len++] = ' ';
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/* The positions as "party/issue=stance[!]@<last character of the
 * statement's id> ..." for compact comparisons. */
static const char *positions_str(char *buf, size_t size, const stance_positions *p)
{
	buf[0] = '\0';
	for (size_t k = 0; k < p->n; k++)
		appendf(buf, size, "%s/%s=%d%s@%s", p->items[k].party, p->items[k].issue,
			p->items[k].stance, p->items[k].red_line ? "!" : "",
			p->items[k].statement + 35);
	return buf;
}

/* The conflicts as "issue:a-b:hard|soft:distance ...". */
static const char *conflicts_str(char *buf, size_t size, const stance_conflicts *c)
{
	buf[0] = '\0';
	for (size_t k = 0; k < c->n; k++)
		appendf(buf, size, "%s:%s-%s:%s:%d", c->items[k].a->issue, c->items[k].a->party,
			c->items[k].b->party, c->items[k].hard ? "hard" : "soft",
			c->items[k].distance);
	return buf;
}

/* The matrix's parties and one metric's cells, row after row, "-" for
 * null: "eu ua | 0 1 / 1 0". */
static const char *matrix_str(char *buf, size_t size, const stance_matrix *m,
			      stance_metric metric)
{
	double v;

	buf[0] = '\0';
	for (size_t r = 0; r < m->n; r++)
		appendf(buf, size, "%s", m->parties[r]);
	appendf(buf, size, "|");
	for (size_t r = 0; r < m->n; r++) {
		for (size_t c = 0; c < m->n; c++) {
			if (stance_matrix_value(&v, m, r, c, metric))
				appendf(buf, size, "%g", v);
			else
				appendf(buf, size, "-");
		}
		if (r + 1 < m->n)
			appendf(buf, size, "/");
	}
	return buf;
}

/* History and shift rows as "party/issue/day:stance[!][S][R]<from ..."
 * where from is the last character of the previous row's id. */
static int rows_cb(const stance_history_row *row, void *ctx)
{
	appendf(ctx, 512, "%s/%s/%s:%d%s%s%s<%s", row->party, row->issue, row->said_on + 8,
		row->stance, row->red_line ? "!" : "", row->shift ? "S" : "",
		row->reversal ? "R" : "", row->from_statement ? row->from_statement + 35 : "-");
	return 0;
}

static const char *history_str(char *buf, stance_db *db, const char *party, const char *issue)
{
	int rc;

	buf[0] = '\0';
	rc = stance_history_foreach(db, party, issue, rows_cb, buf);
	ck_assert_msg(rc == 0, "history: %s", stance_error_last());
	return buf;
}

static const char *shifts_str(char *buf, stance_db *db, const stance_scope *scope,
			      const char *since)
{
	int rc;

	buf[0] = '\0';
	rc = stance_shifts_foreach(db, scope, since, rows_cb, buf);
	ck_assert_msg(rc == 0, "shifts: %s", stance_error_last());
	return buf;
}

/* Every test starts from the seed's cast in a fresh in-memory database,
 * opened and closed around it by the fixture. */
static stance_db *db;

static void open_seeded(void)
{
	db = test_db_seeded();
}

static void close_db(void)
{
	stance_db_close(db);
	db = NULL;
}

TEST_FIXTURE(open_seeded, close_db);

START_TEST(test_empty)
{
	stance_positions *p = positions(db, NULL);
	stance_conflicts *c = conflicts(db, NULL, 0);
	stance_matrix *m = matrix(db, NULL);
	char buf[512];

	ck_assert_uint_eq(p->n, 0);
	ck_assert_uint_eq(c->n, 0);
	ck_assert_uint_eq(m->n, 0);
	ck_assert_str_eq(history_str(buf, db, "ua", CRIMEA), "");
	ck_assert_str_eq(shifts_str(buf, db, NULL, NULL), "");
	stance_positions_free(p);
	stance_conflicts_free(c);
	stance_matrix_free(m);
	stance_positions_free(NULL);
	stance_conflicts_free(NULL);
	stance_matrix_free(NULL);
}
END_TEST

START_TEST(test_positions_sorted_with_statement)
{
	stance_position pos[2] = { { .issue = NATO, .stance = 1, .red_line = 0, .condition = "after the war" }, POS(CRIMEA, -2, 1) };
	stance_positions *p;
	char id[37], buf[512];

	rec(id, db, ID(1), "ua", "2025-04-22", NULL, pos, 2);
	rec1(NULL, db, ID(2), "eu", "2025-04-23", NULL, CRIMEA, -1, 0);
	p = positions(db, NULL);
	ck_assert_str_eq(positions_str(buf, sizeof(buf), p),
			 "eu/crimea-recognition=-1@2 ua/crimea-recognition=-2!@1 "
			 "ua/nato-membership=1@1");
	ck_assert_str_eq(p->items[2].condition, "after the war");
	ck_assert_ptr_null(p->items[1].condition);
	ck_assert_str_eq(p->items[1].statement, id);
	ck_assert_str_eq(p->items[1].said_on, "2025-04-22");
	ck_assert_str_eq(p->items[1].text, "A statement for the analysis tests.");
	stance_positions_free(p);

	/* the filters narrow parties and issues */
	{
		const char *parties[] = { "ua" }, *issues[] = { CRIMEA };
		stance_scope s = { .version = STANCE_SCOPE_VERSION, .parties = parties, .nparties = 1,
				   .issues = issues, .nissues = 1 };

		p = positions(db, &s);
		ck_assert_str_eq(positions_str(buf, sizeof(buf), p), "ua/crimea-recognition=-2!@1");
		stance_positions_free(p);
	}
}
END_TEST

START_TEST(test_opposed_signs_conflict)
{
	stance_conflicts *c;
	char buf[512];

	rec1(NULL, db, NULL, "ua", "2025-04-22", NULL, CRIMEA, -2, 0);
	rec1(NULL, db, NULL, "us", "2025-04-17", NULL, CRIMEA, 1, 0);
	rec1(NULL, db, NULL, "ru", "2025-04-23", NULL, CRIMEA, 0, 0);
	rec1(NULL, db, NULL, "eu", "2025-04-23", NULL, CRIMEA, -1, 0);
	/* same signs never conflict, whatever the distance */
	rec1(NULL, db, NULL, "ua", "2025-04-22", NULL, NATO, 2, 0);
	rec1(NULL, db, NULL, "us", "2025-04-22", NULL, NATO, 1, 0);
	c = conflicts(db, NULL, 0);
	/* neutral (ru) conflicts with nobody; sorted by issue, a, b */
	ck_assert_str_eq(conflicts_str(buf, sizeof(buf), c),
			 "crimea-recognition:eu-us:soft:2 crimea-recognition:ua-us:soft:3");
	/* the sides share their positions: us's is read once */
	ck_assert_uint_eq(c->positions->n, 3);
	ck_assert_ptr_eq(c->items[0].b, c->items[1].b);
	ck_assert_str_eq(c->items[1].a->text, "A statement for the analysis tests.");
	stance_conflicts_free(c);
}
END_TEST

START_TEST(test_red_line_makes_hard)
{
	stance_conflicts *c;
	char buf[512];

	rec1(NULL, db, NULL, "ua", "2025-04-22", NULL, CRIMEA, -2, 1);
	rec1(NULL, db, NULL, "us", "2025-04-17", NULL, CRIMEA, 1, 0);
	rec1(NULL, db, NULL, "ru", "2025-04-23", NULL, NATO, -2, 0);
	rec1(NULL, db, NULL, "us", "2025-04-17", NULL, NATO, 2, 1);  /* red line on the + side */
	rec1(NULL, db, NULL, "eu", "2025-04-23", NULL, NATO, 1, 0);
	c = conflicts(db, NULL, 0);
	ck_assert_str_eq(conflicts_str(buf, sizeof(buf), c),
			 "crimea-recognition:ua-us:hard:3 nato-membership:eu-ru:soft:3 "
			 "nato-membership:ru-us:hard:4");
	stance_conflicts_free(c);
	c = conflicts(db, NULL, 1);
	ck_assert_str_eq(conflicts_str(buf, sizeof(buf), c),
			 "crimea-recognition:ua-us:hard:3 nato-membership:ru-us:hard:4");
	stance_conflicts_free(c);
}
END_TEST

START_TEST(test_conflicts_filters)
{
	const char *ua[] = { "ua" }, *eu_ru[] = { "eu", "ru" }, *nato[] = { NATO };
	stance_scope s = STANCE_SCOPE_INIT;
	stance_conflicts *c;
	char buf[512];

	rec1(NULL, db, NULL, "ua", "2025-04-22", NULL, CRIMEA, -2, 1);
	rec1(NULL, db, NULL, "us", "2025-04-17", NULL, CRIMEA, 1, 0);
	rec1(NULL, db, NULL, "ru", "2025-04-23", NULL, CRIMEA, 2, 0);
	rec1(NULL, db, NULL, "ru", "2025-04-23", NULL, NATO, -2, 0);
	rec1(NULL, db, NULL, "eu", "2025-04-23", NULL, NATO, 1, 0);
	/* at least one side listed */
	s.parties = ua;
	s.nparties = 1;
	c = conflicts(db, &s, 0);
	ck_assert_str_eq(conflicts_str(buf, sizeof(buf), c),
			 "crimea-recognition:ru-ua:hard:4 crimea-recognition:ua-us:hard:3");
	stance_conflicts_free(c);
	s.parties = eu_ru;
	s.nparties = 2;
	s.issues = nato;
	s.nissues = 1;
	c = conflicts(db, &s, 0);
	ck_assert_str_eq(conflicts_str(buf, sizeof(buf), c), "nato-membership:eu-ru:soft:3");
	stance_conflicts_free(c);
}
END_TEST

START_TEST(test_latest_wins_with_ties)
{
	const char *crimea[] = { CRIMEA };
	stance_scope all = { .version = STANCE_SCOPE_VERSION, .issues = crimea, .nissues = 1 };
	stance_scope as_of = { .version = STANCE_SCOPE_VERSION, .issues = crimea, .nissues = 1,
				.as_of = "2025-04-30" };
	stance_positions *p;
	char buf[512];

	/* later dates win whatever the order of recording */
	rec1(NULL, db, ID(1), "ua", "2025-04-22", "2025-05-01T00:00:00Z", CRIMEA, -1, 0);
	rec1(NULL, db, ID(2), "ua", "2025-04-20", "2025-05-09T00:00:00Z", CRIMEA, 2, 0);
	/* same day: the later recorded_at wins over a larger id */
	rec1(NULL, db, ID(4), "us", "2025-04-22", "2025-05-01T00:00:00Z", CRIMEA, 1, 0);
	rec1(NULL, db, ID(3), "us", "2025-04-22", "2025-05-02T00:00:00Z", CRIMEA, 2, 0);
	/* compared as instants, not as the text given: 01:00+02:00 is 23:00Z
	 * the day before */
	rec1(NULL, db, ID(5), "us", "2025-04-22", "2025-05-02T01:00:00+02:00", CRIMEA, -1, 0);
	/* same day and recorded_at: the larger id wins, recorded first or not */
	rec1(NULL, db, ID(7), "eu", "2025-04-22", "2025-05-01T00:00:00Z", CRIMEA, -2, 0);
	rec1(NULL, db, ID(6), "eu", "2025-04-22", "2025-05-01T00:00:00Z", CRIMEA, 1, 0);
	rec1(NULL, db, ID(8), "ru", "2025-04-22", "2025-05-01T00:00:00Z", CRIMEA, 0, 0);
	rec1(NULL, db, ID(9), "ru", "2025-04-22", "2025-05-01T00:00:00Z", CRIMEA, 1, 1);

	/* all time (current_position) and as of a date (the scan) agree */
	p = positions(db, &all);
	ck_assert_str_eq(positions_str(buf, sizeof(buf), p),
			 "eu/crimea-recognition=-2@7 ru/crimea-recognition=1!@9 "
			 "ua/crimea-recognition=-1@1 us/crimea-recognition=2@3");
	stance_positions_free(p);
	p = positions(db, &as_of);
	ck_assert_str_eq(positions_str(buf, sizeof(buf), p),
			 "eu/crimea-recognition=-2@7 ru/crimea-recognition=1!@9 "
			 "ua/crimea-recognition=-1@1 us/crimea-recognition=2@3");
	stance_positions_free(p);
}
END_TEST

START_TEST(test_as_of)
{
	stance_scope s = STANCE_SCOPE_INIT;
	stance_positions *p;
	stance_conflicts *c;
	stance_matrix *m;
	char buf[512];

	rec1(NULL, db, ID(1), "ua", "2025-04-20", NULL, CRIMEA, 1, 0);
	rec1(NULL, db, ID(2), "ua", "2025-04-22", NULL, CRIMEA, -2, 1);
	rec1(NULL, db, ID(3), "us", "2025-04-21", NULL, CRIMEA, 1, 0);
	/* before anything: nothing */
	s.as_of = "2025-04-19";
	p = positions(db, &s);
	ck_assert_uint_eq(p->n, 0);
	stance_positions_free(p);
	/* later statements do not count yet: no conflict */
	s.as_of = "2025-04-21";
	p = positions(db, &s);
	ck_assert_str_eq(positions_str(buf, sizeof(buf), p),
			 "ua/crimea-recognition=1@1 us/crimea-recognition=1@3");
	stance_positions_free(p);
	c = conflicts(db, &s, 0);
	ck_assert_uint_eq(c->n, 0);
	stance_conflicts_free(c);
	/* the date is inclusive */
	s.as_of = "2025-04-22";
	p = positions(db, &s);
	ck_assert_str_eq(positions_str(buf, sizeof(buf), p),
			 "ua/crimea-recognition=-2!@2 us/crimea-recognition=1@3");
	stance_positions_free(p);
	c = conflicts(db, &s, 0);
	ck_assert_str_eq(conflicts_str(buf, sizeof(buf), c), "crimea-recognition:ua-us:hard:3");
	stance_conflicts_free(c);
	s.as_of = "2025-04-20";
	m = matrix(db, &s);
	ck_assert_str_eq(matrix_str(buf, sizeof(buf), m, STANCE_METRIC_CONFLICTS), "ua | 0");
	stance_matrix_free(m);
	/* a bad date is refused */
	s.as_of = "2025-02-30";
	ck_assert_int_eq(stance_positions_get(&p, db, &s), STANCE_EINVALID);
	ck_assert_ptr_null(p);
	ck_assert_error_has("2025-02-30");
	ck_assert_int_eq(stance_conflicts_get(&c, db, &s, 0), STANCE_EINVALID);
	ck_assert_int_eq(stance_matrix_get(&m, db, &s), STANCE_EINVALID);
}
END_TEST

START_TEST(test_retraction_removes_everywhere)
{
	stance_scope s = { .version = STANCE_SCOPE_VERSION, .as_of = "2025-12-31" };
	stance_positions *p;
	stance_conflicts *c;
	stance_matrix *m;
	char second[37], buf[512];

	rec1(NULL, db, ID(1), "ua", "2025-04-20", NULL, CRIMEA, -1, 0);
	rec1(second, db, ID(2), "ua", "2025-04-22", NULL, CRIMEA, 1, 1);
	rec1(NULL, db, ID(3), "us", "2025-04-21", NULL, CRIMEA, 2, 0);
	rec1(NULL, db, ID(4), "ru", "2025-04-21", NULL, NATO, 2, 0);
	rec1(NULL, db, ID(5), "ua", "2025-04-24", NULL, NATO, -1, 0);
	rec1(NULL, db, ID(6), "ua", "2025-04-19", NULL, NATO, 2, 0);
	retract(db, ID(4));
	retract(db, second);
	/* an earlier statement leaves the current position where it is */
	retract(db, ID(6));
	/* the current position goes back to the previous statement */
	p = positions(db, NULL);
	ck_assert_str_eq(positions_str(buf, sizeof(buf), p),
			 "ua/crimea-recognition=-1@1 ua/nato-membership=-1@5 "
			 "us/crimea-recognition=2@3");
	stance_positions_free(p);
	p = positions(db, &s);
	ck_assert_str_eq(positions_str(buf, sizeof(buf), p),
			 "ua/crimea-recognition=-1@1 ua/nato-membership=-1@5 "
			 "us/crimea-recognition=2@3");
	stance_positions_free(p);
	/* the retracted ru statement's conflict on nato is gone, and the
	 * ua/us one is soft again */
	c = conflicts(db, NULL, 0);
	ck_assert_str_eq(conflicts_str(buf, sizeof(buf), c), "crimea-recognition:ua-us:soft:3");
	stance_conflicts_free(c);
	c = conflicts(db, &s, 0);
	ck_assert_str_eq(conflicts_str(buf, sizeof(buf), c), "crimea-recognition:ua-us:soft:3");
	stance_conflicts_free(c);
	/* ru holds nothing any more: not in the matrix */
	m = matrix(db, NULL);
	ck_assert_str_eq(matrix_str(buf, sizeof(buf), m, STANCE_METRIC_CONFLICTS),
			 "ua us | 0 1 / 1 0");
	stance_matrix_free(m);
	m = matrix(db, &s);
	ck_assert_str_eq(matrix_str(buf, sizeof(buf), m, STANCE_METRIC_HARD), "ua us | 0 0 / 0 0");
	stance_matrix_free(m);
	ck_assert_str_eq(history_str(buf, db, "ua", CRIMEA), "ua/crimea-recognition/20:-1<-");
	ck_assert_str_eq(history_str(buf, db, "ru", NATO), "");
	ck_assert_str_eq(shifts_str(buf, db, NULL, NULL), "");
}
END_TEST

START_TEST(test_matrix_metrics)
{
	const char *crimea[] = { CRIMEA }, *ua_us_ru[] = { "ua", "us", "ru" };
	stance_position ua[3] = { POS(CRIMEA, -2, 1), POS(NATO, 2, 0), POS(TERRITORY, 1, 0) };
	stance_position us[2] = { POS(CRIMEA, 1, 0), POS(NATO, 2, 0) };
	stance_scope s = STANCE_SCOPE_INIT;
	stance_matrix *m;
	char buf[512];

	rec(NULL, db, NULL, "ua", "2025-04-22", NULL, ua, 3);
	rec(NULL, db, NULL, "us", "2025-04-22", NULL, us, 2);
	rec1(NULL, db, NULL, "eu", "2025-04-22", NULL, TERRITORY, -1, 0);
	/* ru holds no position: no row */
	m = matrix(db, NULL);
	ck_assert_str_eq(matrix_str(buf, sizeof(buf), m, STANCE_METRIC_CONFLICTS),
			 "eu ua us | 0 1 0 / 1 0 1 / 0 1 0");
	ck_assert_str_eq(matrix_str(buf, sizeof(buf), m, STANCE_METRIC_HARD),
			 "eu ua us | 0 0 0 / 0 0 1 / 0 1 0");
	/* ua/us: (3 + 0) / 2 issues / 4; eu/ua: 2 / 4; eu/us share nothing */
	ck_assert_str_eq(matrix_str(buf, sizeof(buf), m, STANCE_METRIC_DISTANCE),
			 "eu ua us | 0 0.5 - / 0.5 0 0.375 / - 0.375 0");
	ck_assert_int_eq(m->cells[1 * 3 + 2].shared, 2);
	ck_assert_int_eq(m->cells[0 * 3 + 2].shared, 0);
	/* ua/us agree on NATO only (same non-zero sign); no one agrees with
	 * itself on the diagonal */
	ck_assert_int_eq(m->cells[1 * 3 + 2].agreements, 1);
	ck_assert_int_eq(m->cells[2 * 3 + 1].agreements, 1);
	ck_assert_int_eq(m->cells[0 * 3 + 1].agreements, 0);
	ck_assert_int_eq(m->cells[1 * 3 + 1].agreements, 0);
	stance_matrix_free(m);
	/* an issue filter drops the parties without a position on it */
	s.issues = crimea;
	s.nissues = 1;
	m = matrix(db, &s);
	ck_assert_str_eq(matrix_str(buf, sizeof(buf), m, STANCE_METRIC_DISTANCE),
			 "ua us | 0 0.75 / 0.75 0");
	stance_matrix_free(m);
	/* a party filter narrows rows and columns; a listed party without a
	 * position stays out */
	s.issues = NULL;
	s.nissues = 0;
	s.parties = ua_us_ru;
	s.nparties = 3;
	m = matrix(db, &s);
	ck_assert_str_eq(matrix_str(buf, sizeof(buf), m, STANCE_METRIC_CONFLICTS),
			 "ua us | 0 1 / 1 0");
	stance_matrix_free(m);
}
END_TEST

START_TEST(test_history_shifts_and_reversals)
{
	stance_position cond = { .issue = NATO, .stance = -1, .red_line = 0, .condition = "unless attacked" };
	char buf[512];

	/* support -> neutral -> oppose: the third row reverses */
	rec1(NULL, db, ID(1), "ua", "2025-04-01", NULL, CRIMEA, 1, 0);
	rec1(NULL, db, ID(2), "ua", "2025-04-02", NULL, CRIMEA, 0, 0);
	rec1(NULL, db, ID(3), "ua", "2025-04-03", NULL, CRIMEA, -1, 0);
	/* the same stance again is no shift; a red line alone is a shift, not
	 * a reversal */
	rec1(NULL, db, ID(4), "ua", "2025-04-04", NULL, CRIMEA, -1, 0);
	rec1(NULL, db, ID(5), "ua", "2025-04-05", NULL, CRIMEA, -1, 1);
	/* stronger on the same side: a shift, not a reversal */
	rec1(NULL, db, ID(6), "ua", "2025-04-06", NULL, CRIMEA, -2, 1);
	ck_assert_str_eq(history_str(buf, db, "ua", CRIMEA),
			 "ua/crimea-recognition/01:1<- ua/crimea-recognition/02:0S<1 "
			 "ua/crimea-recognition/03:-1SR<2 ua/crimea-recognition/04:-1<3 "
			 "ua/crimea-recognition/05:-1!S<4 ua/crimea-recognition/06:-2!S<5");
	/* a condition alone is no shift; neutral first and then a side is a
	 * shift without reversal */
	rec1(NULL, db, ID(7), "us", "2025-04-01", NULL, NATO, 0, 0);
	rec1(NULL, db, ID(8), "us", "2025-04-02", NULL, NATO, -1, 0);
	rec(NULL, db, ID(9), "us", "2025-04-03", NULL, &cond, 1);
	ck_assert_str_eq(history_str(buf, db, "us", NATO),
			 "us/nato-membership/01:0<- us/nato-membership/02:-1S<7 "
			 "us/nato-membership/03:-1<8");
	ck_assert_int_eq(stance_history_foreach(db, "uk2", NATO, rows_cb, buf), STANCE_ENOTFOUND);
	ck_assert_error_has("unknown party 'uk2' (known: eu, ru, ua, us)");
	ck_assert_int_eq(stance_history_foreach(db, "ua", "nato", rows_cb, buf), STANCE_ENOTFOUND);
	ck_assert_error_has("unknown issue 'nato'");
}
END_TEST

static int stop_cb(const stance_history_row *row, void *ctx)
{
	(void)row;
	return ++*(int *)ctx == 2 ? 42 : 0;
}

START_TEST(test_shifts_across_database)
{
	const char *ua[] = { "ua" }, *nato[] = { NATO };
	stance_position both[2] = { POS(CRIMEA, 1, 0), POS(NATO, -1, 0) };
	stance_scope s = STANCE_SCOPE_INIT;
	char buf[512];
	int n = 0;

	rec1(NULL, db, ID(1), "ua", "2025-04-01", NULL, CRIMEA, -1, 0);
	rec1(NULL, db, ID(2), "ua", "2025-04-02", NULL, NATO, 1, 0);
	rec1(NULL, db, ID(3), "us", "2025-04-02", NULL, NATO, 0, 0);
	rec1(NULL, db, ID(4), "ua", "2025-04-03", NULL, NATO, 0, 0);
	/* one statement, two shifts: by issue within it */
	rec(NULL, db, ID(5), "ua", "2025-04-05", NULL, both, 2);
	rec1(NULL, db, ID(6), "us", "2025-04-05", NULL, NATO, 0, 1);
	ck_assert_str_eq(shifts_str(buf, db, NULL, NULL),
			 "ua/nato-membership/03:0S<2 ua/crimea-recognition/05:1SR<1 "
			 "ua/nato-membership/05:-1SR<4 us/nato-membership/05:0!S<3");
	/* since keeps said_on >= D, compared with what came before D */
	ck_assert_str_eq(shifts_str(buf, db, NULL, "2025-04-04"),
			 "ua/crimea-recognition/05:1SR<1 ua/nato-membership/05:-1SR<4 "
			 "us/nato-membership/05:0!S<3");
	ck_assert_str_eq(shifts_str(buf, db, NULL, "2025-04-05"),
			 "ua/crimea-recognition/05:1SR<1 ua/nato-membership/05:-1SR<4 "
			 "us/nato-membership/05:0!S<3");
	ck_assert_str_eq(shifts_str(buf, db, NULL, "2025-04-06"), "");
	s.parties = ua;
	s.nparties = 1;
	s.issues = nato;
	s.nissues = 1;
	ck_assert_str_eq(shifts_str(buf, db, &s, "2025-04-03"),
			 "ua/nato-membership/03:0S<2 ua/nato-membership/05:-1SR<4");
	/* as_of ends the window */
	s.as_of = "2025-04-04";
	ck_assert_str_eq(shifts_str(buf, db, &s, NULL), "ua/nato-membership/03:0S<2");
	/* the callback can stop the walk */
	ck_assert_int_eq(stance_shifts_foreach(db, NULL, NULL, stop_cb, &n), 42);
	ck_assert_int_eq(stance_shifts_foreach(db, NULL, "2025-4-1", stop_cb, &n), STANCE_EINVALID);
	ck_assert_error_has("2025-4-1");
}
END_TEST

/* ---- the current red line (design §2) ------------------------------------ */

/* One case of the red-line walk: ua's positions on crimea-recognition,
 * one statement a day from 2025-04-01 (day d has id ID(d)), and the history
 * they make, row after row, as "DAY:STANCE[!SETTER][S][R]": the stance,
 * the red line after the row with the day of the statement that set it,
 * and whether the row is a shift and a reversal. Then the same after a
 * recode of one statement (the one that sets the red line, but in one
 * case) and after the retraction of one. */
struct red_line_case {
	const char *specs[6];
	const char *rows;
	int recode;
	const char *recode_spec, *recoded_rows;
	int retract;
	const char *retracted_rows;
};

static const struct red_line_case red_line_cases[] = {
	/* --! then -: the same sign keeps the red line */
	{ { "--!", "-" }, "1:-2!1 2:-1!1S",
	  1, "+!", "1:1!1 2:-1SR", 1, "2:-1" },
	/* --! then 0: another sign ends it */
	{ { "--!", "0" }, "1:-2!1 2:0S",
	  1, "0!", "1:0!1 2:0!1", 1, "2:0" },
	/* --! then +: ends it, and reverses */
	{ { "--!", "+" }, "1:-2!1 2:1SR",
	  1, "++!", "1:2!1 2:1!1S", 1, "2:1" },
	/* --! then --~: ends it; the red line alone makes the shift */
	{ { "--!", "--~" }, "1:-2!1 2:-2S",
	  1, "-!", "1:-1!1 2:-2S", 1, "2:-2" },
	/* 0! then 0: neutral is a sign too, and keeps it */
	{ { "0!", "0" }, "1:0!1 2:0!1",
	  1, "+!", "1:1!1 2:0S", 1, "2:0" },
	/* --! then --: a restatement without ! keeps it, and is no shift */
	{ { "--!", "--" }, "1:-2!1 2:-2!1",
	  1, "--", "1:-2 2:-2", 1, "2:-2" },
	/* an ended red line returns only with a later !: not with the stance
	 * that had it, and not when that ! goes */
	{ { "--!", "0", "--", "-", "-!" }, "1:-2!1 2:0S 3:-2S 4:-1S 5:-1!5S",
	  5, "-", "1:-2!1 2:0S 3:-2S 4:-1S 5:-1", 5, "1:-2!1 2:0S 3:-2S 4:-1S" },
	/* the same with the end taken away: the first red line lasts, and the
	 * later ! is named without being a shift */
	{ { "--!", "0", "--", "-", "-!" }, "1:-2!1 2:0S 3:-2S 4:-1S 5:-1!5S",
	  2, "-", "1:-2!1 2:-1!1S 3:-2!1S 4:-1!1S 5:-1!5",
	  2, "1:-2!1 3:-2!1 4:-1!1S 5:-1!5" },
	/* a red line on the side of support; the latest ! is the one named */
	{ { "+!", "++", "+!" }, "1:1!1 2:2!1S 3:1!3S",
	  1, "+", "1:1 2:2S 3:1!3S", 3, "1:1!1 2:2!1S" },
	/* neither no suffix nor ~ sets one */
	{ { "-", "-~", "--" }, "1:-1 2:-1 3:-2S",
	  2, "-!", "1:-1 2:-1!2S 3:-2!2S", 2, "1:-1 3:-2S" },
};

#define RED_LINE_CASES (sizeof(red_line_cases) / sizeof(red_line_cases[0]))

/* One row of a case, read from its text. */
struct rl_row {
	int day, stance, setter, shift, reversal;  /* setter: 0 for no red line */
};

static size_t rl_parse(struct rl_row *rows, size_t max, const char *text)
{
	size_t n = 0;

	while (*text) {
		struct rl_row *r = &rows[n++];
		char *end;

		ck_assert_uint_le(n, max);
		memset(r, 0, sizeof(*r));
		r->day = (int)strtol(text, &end, 10);
		ck_assert_int_eq(*end, ':');
		r->stance = (int)strtol(end + 1, &end, 10);
		if (*end == '!')
			r->setter = (int)strtol(end + 1, &end, 10);
		r->shift = *end == 'S';
		end += r->shift;
		r->reversal = *end == 'R';
		end += r->reversal;
		while (*end == ' ')
			end++;
		text = end;
	}
	return n;
}

/* "STANCE[!SETTER]" of a position or row, the setter by its day; "?"
 * marks a red line without the statement that set it, or such a
 * statement without a red line. */
static const char *rl_state(char *buf, size_t size, int stance, int red_line, const char *setter)
{
	if (red_line && setter)
		snprintf(buf, size, "%d!%c", stance, setter[35]);
	else
		snprintf(buf, size, "%d%s", stance, red_line || setter ? "?" : "");
	return buf;
}

/* What a case says of a row: "DAY:STANCE[!SETTER][S][R]", or with
 * state_only the "STANCE[!SETTER]" of its position. */
static const char *rl_row_text(char *buf, size_t size, const struct rl_row *r, int state_only)
{
	char day[8] = "", setter[8] = "";

	if (!state_only)
		snprintf(day, sizeof(day), "%d:", r->day);
	if (r->setter)
		snprintf(setter, sizeof(setter), "!%d", r->setter);
	snprintf(buf, size, "%s%d%s%s%s", day, r->stance, setter,
		 !state_only && r->shift ? "S" : "", !state_only && r->reversal ? "R" : "");
	return buf;
}

static void rl_date(char date[11], int day)
{
	snprintf(date, 11, "2025-04-%02d", day);
}

/* History rows in the notation of the cases; for a whole history
 * (chained), each row's from_red_line is checked against the row before. */
struct rl_seen {
	char buf[512];
	int chained, n, red_line;
};

static int rl_row_cb(const stance_history_row *row, void *ctx)
{
	struct rl_seen *seen = ctx;
	char state[16];

	if (seen->chained && seen->n)
		ck_assert_int_eq(row->from_red_line, seen->red_line);
	rl_state(state, sizeof(state), row->stance, row->red_line, row->red_line_statement);
	appendf(seen->buf, sizeof(seen->buf), "%d:%s%s%s", atoi(row->said_on + 8), state,
		row->shift ? "S" : "", row->reversal ? "R" : "");
	seen->red_line = row->red_line;
	seen->n++;
	return 0;
}

/* ua's position on crimea-recognition as of date (NULL: all time), "" for
 * none. */
static const char *rl_position(char *buf, size_t size, const char *as_of)
{
	const char *ua = "ua", *crimea = CRIMEA;
	stance_scope s = STANCE_SCOPE_INIT;
	stance_positions *p;

	s.parties = &ua;
	s.nparties = 1;
	s.issues = &crimea;
	s.nissues = 1;
	s.as_of = as_of;
	p = positions(db, &s);
	buf[0] = '\0';
	ck_assert_uint_le(p->n, 1);
	if (p->n)
		rl_state(buf, size, p->items[0].stance, p->items[0].red_line,
			 p->items[0].red_line_statement);
	stance_positions_free(p);
	return buf;
}

/* The conflicts and the hard matrix as of date (NULL: all time) against
 * us's stance opp, said before every row, when ua's position is r (NULL:
 * none yet). */
static void rl_check_conflicts(const char *as_of, const struct rl_row *r, int opp,
			       const char *when)
{
	stance_scope s = STANCE_SCOPE_INIT;
	stance_conflicts *c;
	stance_matrix *m;
	char want[128] = "", buf[512];
	int conflict = r && r->stance * opp < 0, hard = conflict && r->setter;

	s.as_of = as_of;
	if (conflict)
		snprintf(want, sizeof(want), CRIMEA ":ua-us:%s:%d", hard ? "hard" : "soft",
			 abs(r->stance - opp));
	c = conflicts(db, &s, 0);
	ck_assert_msg(strcmp(conflicts_str(buf, sizeof(buf), c), want) == 0,
		      "%s: conflicts as of %s '%s', expected '%s'", when, as_of ? as_of : "now", buf,
		      want);
	stance_conflicts_free(c);
	c = conflicts(db, &s, 1);
	ck_assert_msg(c->n == (size_t)hard, "%s: %zu hard conflicts as of %s", when, c->n,
		      as_of ? as_of : "now");
	stance_conflicts_free(c);
	if (r)
		snprintf(want, sizeof(want), "ua us | 0 %d / %d 0", hard, hard);
	else
		snprintf(want, sizeof(want), "us | 0");
	m = matrix(db, &s);
	ck_assert_msg(strcmp(matrix_str(buf, sizeof(buf), m, STANCE_METRIC_HARD), want) == 0,
		      "%s: hard matrix as of %s '%s', expected '%s'", when, as_of ? as_of : "now",
		      buf, want);
	stance_matrix_free(m);
}

/* The shifts of ua up to date (NULL: all) against the case's rows. */
static void rl_check_shifts(const struct rl_row *want, size_t n, const char *as_of,
			    const char *when)
{
	struct rl_seen seen = { .chained = 0 };
	const char *ua = "ua";
	stance_scope s = STANCE_SCOPE_INIT;
	char expected[512] = "", row[32], date[11];
	int rc;

	for (size_t k = 0; k < n; k++) {
		rl_date(date, want[k].day);
		if (want[k].shift && (!as_of || strcmp(date, as_of) <= 0))
			appendf(expected, sizeof(expected), "%s",
				rl_row_text(row, sizeof(row), &want[k], 0));
	}
	s.parties = &ua;
	s.nparties = 1;
	s.as_of = as_of;
	rc = stance_shifts_foreach(db, &s, NULL, rl_row_cb, &seen);
	ck_assert_msg(rc == 0, "shifts: %s", stance_error_last());
	ck_assert_msg(strcmp(seen.buf, expected) == 0, "%s: shifts up to %s '%s', expected '%s'",
		      when, as_of ? as_of : "now", seen.buf, expected);
}

/* Everything the analysis says of ua on crimea-recognition agrees with
 * rows: its history (and the walk of the parent issue), its shifts, and
 * its position and conflicts, all time and as of each row's day and of the
 * day before the first. */
static void rl_check(const char *rows, int opp, const char *when)
{
	struct rl_row want[8];
	size_t n = rl_parse(want, 8, rows);
	struct rl_seen seen = { .chained = 1 };
	char state[16], buf[512], date[11];
	int rc;

	rc = stance_history_foreach(db, "ua", CRIMEA, rl_row_cb, &seen);
	ck_assert_msg(rc == 0, "history: %s", stance_error_last());
	ck_assert_msg(strcmp(seen.buf, rows) == 0, "%s: history '%s', expected '%s'", when,
		      seen.buf, rows);
	seen = (struct rl_seen){ .chained = 1 };
	rc = stance_history_walk(db, NULL, STANCE_PARTY, "ua", TERRITORY, rl_row_cb, &seen);
	ck_assert_msg(rc == 0, "history walk: %s", stance_error_last());
	ck_assert_msg(strcmp(seen.buf, rows) == 0, "%s: history walk '%s', expected '%s'", when,
		      seen.buf, rows);
	rl_check_shifts(want, n, NULL, when);
	rl_row_text(state, sizeof(state), &want[n - 1], 1);
	ck_assert_msg(strcmp(rl_position(buf, sizeof(buf), NULL), state) == 0,
		      "%s: position '%s', expected '%s'", when, buf, state);
	rl_check_conflicts(NULL, &want[n - 1], opp, when);
	for (size_t k = 0; k < n; k++) {
		rl_date(date, want[k].day);
		rl_row_text(state, sizeof(state), &want[k], 1);
		ck_assert_msg(strcmp(rl_position(buf, sizeof(buf), date), state) == 0,
			      "%s: position as of %s '%s', expected '%s'", when, date, buf, state);
		rl_check_conflicts(date, &want[k], opp, when);
		rl_check_shifts(want, n, date, when);
	}
	ck_assert_str_eq(rl_position(buf, sizeof(buf), "2025-03-31"), "");
	rl_check_conflicts("2025-03-31", NULL, opp, when);
}

/* A statement of the cases: id ID(day), said on 2025-04-DAY unless date is
 * given, with one position spec on crimea-recognition ("--!"). */
static void rl_record(int day, const char *party, const char *actor, const char *date,
		      const char *kind, const char *source, int credibility, const char *spec)
{
	stance_record_options st = STANCE_RECORD_OPTIONS_INIT;
	stance_position pos;
	char id[37], own_date[11], full[64];
	int rc;

	snprintf(id, sizeof(id), "00000000-0000-4000-8000-00000000000%d", day);
	rl_date(own_date, day);
	snprintf(full, sizeof(full), CRIMEA "=%s", spec);
	rc = stance_position_parse(&pos, full);
	ck_assert_msg(rc == 0, "parse: %s", stance_error_last());
	st.id = id;
	st.party = party;
	st.actor = actor;
	st.said_on = date ? date : own_date;
	st.kind = kind;
	st.source = source;
	st.credibility = credibility;
	st.text = "A statement for the analysis tests.";
	st.recorded_by = "tester";
	st.positions = &pos;
	st.npositions = 1;
	rc = stance_statement_record(NULL, db, &st);
	stance_position_clear(&pos);
	ck_assert_msg(rc == 0, "record: %s", stance_error_last());
}

/* Recodes ua's statement of day to spec. */
static void rl_recode(int day, const char *spec)
{
	stance_change_options co = STANCE_CHANGE_OPTIONS_INIT;
	stance_position pos;
	char id[37], full[64];
	int rc;

	snprintf(id, sizeof(id), "00000000-0000-4000-8000-00000000000%d", day);
	snprintf(full, sizeof(full), CRIMEA "=%s", spec);
	ck_assert_int_eq(stance_position_parse(&pos, full), 0);
	co.by = "tester";
	rc = stance_statement_recode(NULL, db, id, &pos, 1, &co);
	stance_position_clear(&pos);
	ck_assert_msg(rc == 0, "recode: %s", stance_error_last());
}

TEST_LOOP(test_red_line_walk, 0, 2 * RED_LINE_CASES);

/* Each case of the red-line walk, recorded in statement order and (odd
 * _i) backwards, so that the maintained current red line meets positions
 * said before the current one; then with the setting statement recoded,
 * recoded back and retracted. */
START_TEST(test_red_line_walk)
{
	const struct red_line_case *c = &red_line_cases[_i / 2];
	struct rl_row first;
	char id[37], text[128];
	int n = 0, opp;

	while (n < 6 && c->specs[n])
		n++;
	/* us takes the other side of ua's first position (support against
	 * neutral), said before it */
	rl_parse(&first, 1, strtok(strcpy(text, c->rows), " "));
	opp = first.stance > 0 ? -1 : 1;
	rec1(NULL, db, ID(9), "us", "2025-03-31", NULL, CRIMEA, opp, 0);
	for (int k = 0; k < n; k++) {
		int day = _i % 2 ? n - k : k + 1;

		rl_record(day, "ua", NULL, NULL, NULL, NULL, 0, c->specs[day - 1]);
	}
	rl_check(c->rows, opp, "as recorded");
	rl_recode(c->recode, c->recode_spec);
	rl_check(c->recoded_rows, opp, "recoded");
	rl_recode(c->recode, c->specs[c->recode - 1]);
	rl_check(c->rows, opp, "recoded back");
	snprintf(id, sizeof(id), "00000000-0000-4000-8000-00000000000%d", c->retract);
	retract(db, id);
	rl_check(c->retracted_rows, opp, "retracted");
}
END_TEST

/* The positions of scope as "party/actor=STANCE[!SETTER]" (actor "-" for
 * none). */
static const char *rl_positions(char *buf, size_t size, const stance_scope *s)
{
	stance_positions *p = positions(db, s);
	char state[16];

	buf[0] = '\0';
	for (size_t k = 0; k < p->n; k++)
		appendf(buf, size, "%s/%s=%s", p->items[k].party,
			p->items[k].actor ? p->items[k].actor : "-",
			rl_state(state, sizeof(state), p->items[k].stance, p->items[k].red_line,
				 p->items[k].red_line_statement));
	stance_positions_free(p);
	return buf;
}

/* The conflicts of scope as "a-b:hard|soft" by actor. */
static const char *rl_actor_conflicts(char *buf, size_t size, const stance_scope *s)
{
	stance_conflicts *c = conflicts(db, s, 0);

	buf[0] = '\0';
	for (size_t k = 0; k < c->n; k++)
		appendf(buf, size, "%s-%s:%s", c->items[k].a->actor, c->items[k].b->actor,
			c->items[k].hard ? "hard" : "soft");
	stance_conflicts_free(c);
	return buf;
}

/* The walk is over what takes part: by actor, the party's statements
 * without the actor do not end the actor's red line, and a statement the
 * evidence filters leave out is as if it had not been made (a weak
 * paraphrase does not end a quoted red line). */
START_TEST(test_red_line_by_actor_and_evidence)
{
	const char *quote[] = { "quote" };
	stance_scope s = STANCE_SCOPE_INIT;
	struct rl_seen seen = { .chained = 1 };
	stance_conflicts *c;
	char buf[512];

	rl_record(1, "ua", "zelenskyy", NULL, "quote", "guardian", 1, "--!");
	rl_record(2, "ua", NULL, NULL, "paraphrase", NULL, 5, "0");
	rl_record(3, "us", "rubio", "2025-03-31", "quote", "guardian", 1, "+");
	ck_assert_str_eq(rl_positions(buf, sizeof(buf), &s), "ua/-=0 us/rubio=1");
	c = conflicts(db, &s, 0);
	ck_assert_uint_eq(c->n, 0);
	stance_conflicts_free(c);
	s.by_actor = 1;
	ck_assert_str_eq(rl_positions(buf, sizeof(buf), &s), "us/rubio=1 ua/zelenskyy=-2!1");
	ck_assert_str_eq(rl_actor_conflicts(buf, sizeof(buf), &s), "rubio-zelenskyy:hard");
	s.as_of = "2025-04-01";
	ck_assert_str_eq(rl_actor_conflicts(buf, sizeof(buf), &s), "rubio-zelenskyy:hard");
	s.as_of = NULL;
	s.by_actor = 0;
	/* each evidence filter leaves the paraphrase out */
	s.min_credibility = 2;
	ck_assert_str_eq(rl_positions(buf, sizeof(buf), &s), "ua/zelenskyy=-2!1 us/rubio=1");
	c = conflicts(db, &s, 1);
	ck_assert_str_eq(conflicts_str(buf, sizeof(buf), c), CRIMEA ":ua-us:hard:3");
	stance_conflicts_free(c);
	s.min_credibility = 5;
	ck_assert_str_eq(rl_positions(buf, sizeof(buf), &s), "ua/-=0 us/rubio=1");
	s.min_credibility = 0;
	s.min_reliability = 'B';
	ck_assert_str_eq(rl_positions(buf, sizeof(buf), &s), "ua/zelenskyy=-2!1 us/rubio=1");
	s.min_reliability = 0;
	s.kinds = quote;
	s.nkinds = 1;
	ck_assert_str_eq(rl_positions(buf, sizeof(buf), &s), "ua/zelenskyy=-2!1 us/rubio=1");
	s.as_of = "2025-04-03";
	ck_assert_str_eq(rl_positions(buf, sizeof(buf), &s), "ua/zelenskyy=-2!1 us/rubio=1");
	/* and the histories follow the filters too */
	ck_assert_int_eq(stance_history_foreach_scope(db, &s, "ua", CRIMEA, rl_row_cb, &seen), 0);
	ck_assert_str_eq(seen.buf, "1:-2!1");
	seen = (struct rl_seen){ .chained = 1 };
	ck_assert_int_eq(stance_history_foreach(db, "ua", CRIMEA, rl_row_cb, &seen), 0);
	ck_assert_str_eq(seen.buf, "1:-2!1 2:0S");
	seen = (struct rl_seen){ .chained = 1 };
	ck_assert_int_eq(stance_history_walk(db, NULL, STANCE_ACTOR, "zelenskyy", NULL, rl_row_cb,
					     &seen), 0);
	ck_assert_str_eq(seen.buf, "1:-2!1");
}
END_TEST

START_TEST(test_unknown_slugs_and_metrics)
{
	const char *bad_party[] = { "ua", "uk2" }, *bad_issue[] = { "crimea" }, *upper[] = { "UA" };
	stance_scope s = { .version = STANCE_SCOPE_VERSION, .parties = bad_party, .nparties = 2 };
	stance_positions *p = NULL;
	stance_conflicts *c = NULL;
	stance_matrix *m = NULL;
	stance_metric metric;

	ck_assert_int_eq(stance_positions_get(&p, db, &s), STANCE_ENOTFOUND);
	ck_assert_error_has("unknown party 'uk2' (known: eu, ru, ua, us)");
	ck_assert_int_eq(stance_conflicts_get(&c, db, &s, 0), STANCE_ENOTFOUND);
	ck_assert_int_eq(stance_matrix_get(&m, db, &s), STANCE_ENOTFOUND);
	ck_assert_int_eq(stance_shifts_foreach(db, &s, NULL, rows_cb, NULL), STANCE_ENOTFOUND);
	s = (stance_scope){ .version = STANCE_SCOPE_VERSION, .issues = bad_issue, .nissues = 1 };
	ck_assert_int_eq(stance_matrix_get(&m, db, &s), STANCE_ENOTFOUND);
	ck_assert_error_has("unknown issue 'crimea' (known: crimea-recognition, nato-membership, "
			    "territory)");
	s = (stance_scope){ .version = STANCE_SCOPE_VERSION, .parties = upper, .nparties = 1 };
	ck_assert_int_eq(stance_positions_get(&p, db, &s), STANCE_EINVALID);
	ck_assert_ptr_null(p);
	ck_assert_ptr_null(c);
	ck_assert_ptr_null(m);

	ck_assert_int_eq(stance_metric_parse(&metric, "distance"), 0);
	ck_assert_int_eq(metric, STANCE_METRIC_DISTANCE);
	ck_assert_int_eq(stance_metric_parse(&metric, "hard"), 0);
	ck_assert_int_eq(metric, STANCE_METRIC_HARD);
	ck_assert_int_eq(stance_metric_parse(&metric, "entropy"), STANCE_EINVALID);
	ck_assert_error_has("invalid metric 'entropy' (choose from: conflicts, hard, distance)");
	ck_assert_str_eq(stance_metric_names[STANCE_METRIC_CONFLICTS], "conflicts");
}
END_TEST

START_TEST(test_inside_a_transaction)
{
	stance_positions *p;

	/* an analysis joins an open transaction and sees its writes */
	ck_assert_int_eq(stance_db_begin(db), 0);
	rec1(NULL, db, NULL, "ua", "2025-04-22", NULL, CRIMEA, -2, 1);
	p = positions(db, NULL);
	ck_assert_uint_eq(p->n, 1);
	stance_positions_free(p);
	ck_assert_int_eq(stance_db_commit(db), 0);
}
END_TEST

/* What a walk of the conflicts saw: the conflicts as conflicts_str()
 * writes them, checked as they come. */
struct walk_seen {
	stance_db *db;
	char buf[1024];
	int calls;
	int stop_after;  /* return stop_code at this call (1-based); 0: never */
	int stop_code;
};

static int walk_cb(const stance_conflict *c, void *ctx)
{
	struct walk_seen *w = ctx;
	stance_statement *st = NULL;
	stance_positions *p = NULL;

	w->calls++;
	ck_assert_int_lt(strcmp(c->a->party, c->b->party), 0);
	ck_assert_str_eq(c->a->issue, c->b->issue);
	ck_assert_str_eq(c->a->text, "A statement for the analysis tests.");
	/* fn may read through the database while the walk goes on */
	ck_assert_int_eq(stance_statement_get(&st, w->db, c->b->statement), 0);
	ck_assert_str_eq(st->said_on, c->b->said_on);
	stance_statement_free(st);
	ck_assert_int_eq(stance_positions_get(&p, w->db, NULL), 0);
	stance_positions_free(p);
	appendf(w->buf, sizeof(w->buf), "%s:%s-%s:%s:%d", c->a->issue, c->a->party, c->b->party,
		c->hard ? "hard" : "soft", c->distance);
	return w->calls == w->stop_after ? w->stop_code : 0;
}

/* Walks the conflicts of scope; returns what the walk returned. */
static int walk(struct walk_seen *w, stance_db *db, const stance_scope *scope, int hard_only,
		int stop_after, int stop_code)
{
	memset(w, 0, sizeof(*w));
	w->db = db;
	w->stop_after = stop_after;
	w->stop_code = stop_code;
	return stance_conflicts_foreach(db, scope, hard_only, walk_cb, w);
}

/* The conflicts streamed one by one: in the order of the list (by issue,
 * then a, then b), the same as the list, stopped by fn, and the errors of
 * the scope or of fn passed up. */
START_TEST(test_conflicts_foreach)
{
	const char *ua[] = { "ua" }, *uk2[] = { "uk2" };
	stance_scope s = STANCE_SCOPE_INIT;
	stance_conflicts *c;
	struct walk_seen w;
	char buf[1024];

	test_add(db, STANCE_PARTY, "aa", "First by slug", NULL, NULL);
	test_add(db, STANCE_PARTY, "zz", "Last by slug", NULL, NULL);
	rec1(NULL, db, NULL, "ua", "2025-04-22", NULL, TERRITORY, -2, 1);
	rec1(NULL, db, NULL, "zz", "2025-04-21", NULL, TERRITORY, 1, 0);
	rec1(NULL, db, NULL, "aa", "2025-04-20", NULL, TERRITORY, 2, 0);
	rec1(NULL, db, NULL, "ru", "2025-04-23", NULL, NATO, -2, 0);
	rec1(NULL, db, NULL, "us", "2025-04-17", NULL, NATO, 2, 1);
	rec1(NULL, db, NULL, "eu", "2025-04-23", NULL, NATO, 1, 0);
	rec1(NULL, db, NULL, "zz", "2025-04-24", NULL, CRIMEA, -1, 0);
	rec1(NULL, db, NULL, "aa", "2025-04-19", NULL, CRIMEA, 1, 0);
	rec1(NULL, db, NULL, "us", "2025-04-19", NULL, CRIMEA, 0, 0);
	/* aa on crimea changes sides later: as of the 20th it still conflicts */
	rec1(NULL, db, NULL, "aa", "2025-04-25", NULL, CRIMEA, -2, 0);

	ck_assert_int_eq(walk(&w, db, NULL, 0, 0, 0), 0);
	ck_assert_str_eq(w.buf, "nato-membership:eu-ru:soft:3 nato-membership:ru-us:hard:4 "
			 "territory:aa-ua:hard:4 territory:ua-zz:hard:3");
	ck_assert_int_eq(w.calls, 4);
	c = conflicts(db, NULL, 0);
	ck_assert_str_eq(conflicts_str(buf, sizeof(buf), c), w.buf);
	stance_conflicts_free(c);

	s.as_of = "2025-04-24";
	ck_assert_int_eq(walk(&w, db, &s, 0, 0, 0), 0);
	ck_assert_str_eq(w.buf, "crimea-recognition:aa-zz:soft:2 nato-membership:eu-ru:soft:3 "
			 "nato-membership:ru-us:hard:4 territory:aa-ua:hard:4 "
			 "territory:ua-zz:hard:3");
	c = conflicts(db, &s, 0);
	ck_assert_str_eq(conflicts_str(buf, sizeof(buf), c), w.buf);
	stance_conflicts_free(c);

	/* the scope and hard_only narrow the walk as they do the list */
	s.parties = ua;
	s.nparties = 1;
	ck_assert_int_eq(walk(&w, db, &s, 1, 0, 0), 0);
	ck_assert_str_eq(w.buf, "territory:aa-ua:hard:4 territory:ua-zz:hard:3");
	s = (stance_scope)STANCE_SCOPE_INIT;
	ck_assert_int_eq(walk(&w, db, &s, 1, 0, 0), 0);
	ck_assert_str_eq(w.buf, "nato-membership:ru-us:hard:4 territory:aa-ua:hard:4 "
			 "territory:ua-zz:hard:3");

	/* a non-zero return stops the walk, across issues too, and is returned */
	ck_assert_int_eq(walk(&w, db, NULL, 0, 2, 7), 7);
	ck_assert_int_eq(w.calls, 2);
	ck_assert_str_eq(w.buf, "nato-membership:eu-ru:soft:3 nato-membership:ru-us:hard:4");
	ck_assert_int_eq(walk(&w, db, NULL, 0, 3, STANCE_EIO), STANCE_EIO);
	ck_assert_int_eq(w.calls, 3);
	ck_assert_int_eq(walk(&w, db, NULL, 0, 1, -1000), -1000);
	ck_assert_int_eq(w.calls, 1);

	/* errors of the scope come before any call */
	s.parties = uk2;
	s.nparties = 1;
	ck_assert_int_eq(walk(&w, db, &s, 0, 0, 0), STANCE_ENOTFOUND);
	ck_assert_error_has("unknown party 'uk2'");
	ck_assert_int_eq(w.calls, 0);
	s = (stance_scope){ .version = STANCE_SCOPE_VERSION, .as_of = "2025-02-30" };
	ck_assert_int_eq(walk(&w, db, &s, 0, 0, 0), STANCE_EINVALID);
	ck_assert_error_has("'2025-02-30'");
	ck_assert_int_eq(w.calls, 0);

	/* a stopped walk has ended its read: the database takes a write */
	rec1(NULL, db, NULL, "eu", "2025-04-26", NULL, TERRITORY, -1, 0);
	ck_assert_int_eq(walk(&w, db, NULL, 0, 0, 0), 0);
	ck_assert_int_eq(w.calls, 6);
}
END_TEST

static int never_called(const void *item, void *ctx)
{
	(void)item;
	(void)ctx;
	ck_abort_msg("called for a refused scope");
	return 1;
}

static int conflict_never(const stance_conflict *c, void *ctx)
{
	return never_called(c, ctx);
}

static int row_never(const stance_history_row *row, void *ctx)
{
	return never_called(row, ctx);
}

/* A scope that was not initialised with STANCE_SCOPE_INIT, or that comes
 * from a newer library, is refused by every analysis that takes one; a
 * NULL scope still means everything. */
START_TEST(test_scope_version)
{
	static const unsigned int bad[] = { 0, 99 };
	stance_scope s = STANCE_SCOPE_INIT;
	stance_positions *p = NULL;
	stance_conflicts *c = NULL;
	stance_matrix *m = NULL;
	char want[160];

	rec1(NULL, db, NULL, "ua", "2025-04-22", NULL, CRIMEA, -2, 1);
	rec1(NULL, db, NULL, "us", "2025-04-23", NULL, CRIMEA, 2, 0);
	ck_assert_uint_eq(s.version, STANCE_SCOPE_VERSION);
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		s.version = bad[k];
		snprintf(want, sizeof(want), "stance_scope version %u is not supported (this "
			 "library knows 3): initialise it with STANCE_SCOPE_INIT", bad[k]);
		ck_assert_int_eq(stance_positions_get(&p, db, &s), STANCE_EINVALID);
		ck_assert_str_eq(stance_error_last(), want);
		ck_assert_ptr_null(p);
		ck_assert_int_eq(stance_conflicts_get(&c, db, &s, 0), STANCE_EINVALID);
		ck_assert_str_eq(stance_error_last(), want);
		ck_assert_ptr_null(c);
		ck_assert_int_eq(stance_conflicts_foreach(db, &s, 0, conflict_never, NULL),
				 STANCE_EINVALID);
		ck_assert_str_eq(stance_error_last(), want);
		ck_assert_int_eq(stance_matrix_get(&m, db, &s), STANCE_EINVALID);
		ck_assert_str_eq(stance_error_last(), want);
		ck_assert_ptr_null(m);
		ck_assert_int_eq(stance_shifts_foreach(db, &s, NULL, row_never, NULL),
				 STANCE_EINVALID);
		ck_assert_str_eq(stance_error_last(), want);
	}
	p = positions(db, NULL);
	ck_assert_uint_eq(p->n, 2);
	stance_positions_free(p);
}
END_TEST

/* ---- as known at a time (design §2 "As known") ---------------------------- */

/* Entities are created now; the statements and corrections of these tests
 * happen in 2030, after them, at times the tests choose. */
#define KNOWN_DAY(d) "2030-01-" #d
#define KNOWN_NOON(d) "2030-01-" #d "T12:00:00.000Z"

/* Appends what one analysis shows to buf, a part of known_str(). */
static void known_part(char *buf, size_t size, const char *what, const char *text)
{
	appendf(buf, size, "[%s] %s", what, text);
}

static int entity_cb(const stance_entity *e, void *ctx)
{
	appendf(ctx, 512, "%s:%s", e->field[STANCE_ENTITY_SLUG], e->field[1]);
	return 0;
}

static int timeline_cb(const stance_timeline_point *pt, void *ctx)
{
	appendf(ctx, 512, "%s/%s/%s:%d%s", pt->position->party, pt->position->issue,
		pt->row->said_on + 8, pt->row->stance, pt->row->shift ? "S" : "");
	return 0;
}

/* The evidence behind the positions p: each statement's id, party, date
 * and positions. */
static void evidence_str(char *buf, stance_db *db, const stance_positions *p,
			 const stance_scope *s)
{
	stance_evidence *e = NULL;
	int rc = stance_evidence_get(&e, db, p, s, 0, 0);

	ck_assert_msg(rc == 0, "evidence: %s", stance_error_last());
	buf[0] = '\0';
	for (size_t k = 0; k < e->n; k++) {
		appendf(buf, 512, "%s:%s:%s", e->items[k]->id + 35, e->items[k]->party,
			e->items[k]->said_on + 8);
		for (size_t j = 0; j < e->items[k]->npositions; j++)
			appendf(buf, 512, "%s=%d", e->items[k]->positions[j].issue,
				e->items[k]->positions[j].stance);
	}
	stance_evidence_free(e);
}

/* Everything every analysis says, as known at `at` (NULL: now), as one
 * string: positions, conflicts, the matrix, shifts, histories, timelines,
 * evidence and the parties. */
static const char *known_str(char *out, size_t size, stance_db *db, const char *at)
{
	stance_scope s = STANCE_SCOPE_INIT;
	stance_positions *p;
	stance_conflicts *c;
	stance_matrix *m;
	char part[512];
	int rc;

	s.as_known = at;
	out[0] = '\0';
	p = positions(db, &s);
	known_part(out, size, "positions", positions_str(part, sizeof(part), p));
	evidence_str(part, db, p, &s);
	known_part(out, size, "evidence", part);
	part[0] = '\0';
	rc = stance_timelines_foreach(db, p, &s, timeline_cb, part);
	ck_assert_msg(rc == 0, "timelines: %s", stance_error_last());
	known_part(out, size, "timelines", part);
	stance_positions_free(p);
	c = conflicts(db, &s, 0);
	known_part(out, size, "conflicts", conflicts_str(part, sizeof(part), c));
	stance_conflicts_free(c);
	m = matrix(db, &s);
	known_part(out, size, "matrix", matrix_str(part, sizeof(part), m, STANCE_METRIC_DISTANCE));
	stance_matrix_free(m);
	part[0] = '\0';
	rc = stance_shifts_foreach(db, &s, NULL, rows_cb, part);
	ck_assert_msg(rc == 0, "shifts: %s", stance_error_last());
	known_part(out, size, "shifts", part);
	part[0] = '\0';
	rc = stance_history_foreach_scope(db, &s, "ua", CRIMEA, rows_cb, part);
	ck_assert_msg(rc == 0, "history: %s", stance_error_last());
	known_part(out, size, "history", part);
	part[0] = '\0';
	rc = stance_entities_foreach(db, &s, STANCE_PARTY, entity_cb, part);
	ck_assert_msg(rc == 0, "entities: %s", stance_error_last());
	known_part(out, size, "parties", part);
	/* the views are gone: nothing of them outlives the call */
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM temp.sqlite_schema"), 0);
	return out;
}

/* Who corrects, and when: noon of a day of January 2030. */
static stance_change_options known_change(const char *at)
{
	stance_change_options co = STANCE_CHANGE_OPTIONS_INIT;

	co.by = "tester";
	co.reason = "a correction";
	co.at = at;
	return co;
}

#define KNOWN_OK(call) ck_assert_msg((call) == 0, #call ": %s", stance_error_last())

/* The corrections of test_as_known_reproduces, one a day from the 2nd:
 * correction k happens at noon of day k + 1. rev1 receives the first
 * one's revision id, for the revert. */
static void known_correct(stance_db *db, int k, char rev1[37])
{
	static const char *const noon[] = {
		NULL, KNOWN_NOON(02), KNOWN_NOON(03), KNOWN_NOON(04), KNOWN_NOON(05), KNOWN_NOON(06),
		KNOWN_NOON(07), KNOWN_NOON(08), KNOWN_NOON(09), KNOWN_NOON(10), KNOWN_NOON(11),
		KNOWN_NOON(12), KNOWN_NOON(13), KNOWN_NOON(14), KNOWN_NOON(15),
	};
	stance_change_options co = known_change(noon[k]);
	stance_amend_options a = STANCE_AMEND_OPTIONS_INIT;
	stance_position recode = POS(CRIMEA, -1, 0), code = POS(NATO, -2, 1);
	stance_entity e = { .type = STANCE_PARTY };
	const char *nato = NATO;

	switch (k) {
	case 1: KNOWN_OK(stance_statement_recode(rev1, db, ID(3), &recode, 1, &co)); break;
	case 2: a.said_on = "2025-04-25";
		KNOWN_OK(stance_statement_amend(NULL, db, ID(2), &a, &co)); break;
	case 3: a.party = "ru";
		KNOWN_OK(stance_statement_amend(NULL, db, ID(4), &a, &co)); break;
	case 4: KNOWN_OK(stance_statement_uncode(NULL, db, ID(3), &nato, 1, &co)); break;
	case 5: KNOWN_OK(stance_statement_code(NULL, db, ID(1), &code, 1, &co)); break;
	case 6: KNOWN_OK(stance_statement_retract(NULL, db, ID(2), &co)); break;
	case 7: KNOWN_OK(stance_statement_unretract(NULL, db, ID(2), &co)); break;
	case 8: KNOWN_OK(stance_entity_rename(NULL, db, STANCE_PARTY, "ru", "rf", &co)); break;
	case 9: KNOWN_OK(stance_revision_revert(NULL, db, rev1, &co)); break;
	case 10: e.field[STANCE_ENTITY_SLUG] = "us";
		e.field[STANCE_PARTY_NAME] = "The United States";
		KNOWN_OK(stance_entity_edit(NULL, db, &e, &co)); break;
	case 11: KNOWN_OK(stance_entity_remove(NULL, db, STANCE_PARTY, "eu", &co)); break;
	case 12: KNOWN_OK(stance_entity_restore(NULL, db, STANCE_PARTY, "eu", &co)); break;
	case 13: a.party = "us";
		KNOWN_OK(stance_statement_amend(NULL, db, ID(5), &a, &co)); break;
	default: rec1(NULL, db, ID(6), "ua", "2025-04-21", noon[k], CRIMEA, 1, 0);
	}
}

#define KNOWN_STEPS 14

/* Each kind of correction, one a day: as known at the end of each day,
 * every analysis says what it said that day, byte for byte, though every
 * correction since changed what it says now. */
START_TEST(test_as_known_reproduces)
{
	static const char *const days[KNOWN_STEPS + 1] = {
		KNOWN_DAY(01), KNOWN_DAY(02), KNOWN_DAY(03), KNOWN_DAY(04), KNOWN_DAY(05),
		KNOWN_DAY(06), KNOWN_DAY(07), KNOWN_DAY(08), KNOWN_DAY(09), KNOWN_DAY(10),
		KNOWN_DAY(11), KNOWN_DAY(12), KNOWN_DAY(13), KNOWN_DAY(14), KNOWN_DAY(15),
	};
	stance_position c3[2] = { POS(CRIMEA, 1, 0), POS(NATO, -1, 0) };
	static char said[KNOWN_STEPS + 1][4096];
	stance_scope s = STANCE_SCOPE_INIT;
	stance_positions *p;
	char rev1[37], now[4096], past[4096];

	rec1(NULL, db, ID(1), "ua", "2025-04-22", KNOWN_NOON(01), CRIMEA, -2, 1);
	rec1(NULL, db, ID(2), "ru", "2025-04-22", KNOWN_NOON(01), CRIMEA, 2, 0);
	rec(NULL, db, ID(3), "us", "2025-04-23", KNOWN_NOON(01), c3, 2);
	rec1(NULL, db, ID(4), "ua", "2025-04-24", KNOWN_NOON(01), NATO, 2, 0);
	rec1(NULL, db, ID(5), "ua", "2025-04-26", KNOWN_NOON(01), CRIMEA, 0, 0);
	known_str(said[0], sizeof(said[0]), db, NULL);
	for (int k = 1; k <= KNOWN_STEPS; k++) {
		known_correct(db, k, rev1);
		known_str(said[k], sizeof(said[k]), db, NULL);
		ck_assert_msg(strcmp(said[k], said[k - 1]) != 0, "correction %d changed nothing: %s",
			      k, said[k]);
	}
	for (int k = 0; k <= KNOWN_STEPS; k++)
		ck_assert_str_eq(known_str(past, sizeof(past), db, days[k]), said[k]);
	/* an RFC 3339 time in another zone: 12:00Z of the 3rd is 13:00+01:00 */
	ck_assert_str_eq(known_str(past, sizeof(past), db, "2030-01-03T12:59:59.999+01:00"),
			 said[1]);
	ck_assert_str_eq(known_str(past, sizeof(past), db, "2030-01-03T13:00:00+01:00"), said[2]);
	/* before anything was recorded the database said nothing; at the end
	 * of time it says what it says now */
	s.as_known = "2030-01-01T11:59:59.999Z";
	p = positions(db, &s);
	ck_assert_uint_eq(p->n, 0);
	stance_positions_free(p);
	ck_assert_str_eq(known_str(past, sizeof(past), db, "9999-12-31"),
			 known_str(now, sizeof(now), db, NULL));
}
END_TEST

/* --as-of and --as-known combine: what had been said by a date, as it was
 * known at a time. */
START_TEST(test_as_known_with_as_of)
{
	stance_change_options co = known_change(KNOWN_NOON(02));
	stance_amend_options a = STANCE_AMEND_OPTIONS_INIT;
	stance_scope s = STANCE_SCOPE_INIT;
	stance_positions *p;
	char buf[512];

	rec1(NULL, db, ID(1), "ua", "2025-04-22", KNOWN_NOON(01), CRIMEA, -2, 1);
	rec1(NULL, db, ID(2), "ua", "2025-04-20", KNOWN_NOON(01), CRIMEA, 1, 0);
	/* the second was said on the 20th, then found to be of the 28th */
	a.said_on = "2025-04-28";
	KNOWN_OK(stance_statement_amend(NULL, db, ID(2), &a, &co));
	s.as_of = "2025-04-21";
	p = positions(db, &s);
	ck_assert_str_eq(positions_str(buf, sizeof(buf), p), "");
	stance_positions_free(p);
	s.as_known = KNOWN_DAY(01);
	p = positions(db, &s);
	ck_assert_str_eq(positions_str(buf, sizeof(buf), p), "ua/" CRIMEA "=1@2");
	stance_positions_free(p);
	s.as_of = "2025-04-30";
	p = positions(db, &s);
	ck_assert_str_eq(positions_str(buf, sizeof(buf), p), "ua/" CRIMEA "=-2!@1");
	stance_positions_free(p);
}
END_TEST

/* A listed slug may be the entity's slug at the time or any it has had:
 * the results name it by its slug at the time. */
START_TEST(test_as_known_slugs)
{
	stance_change_options co = known_change(KNOWN_NOON(02));
	stance_scope s = STANCE_SCOPE_INIT;
	const char *rf = "rf", *ru = "ru";
	stance_positions *p;
	char buf[512];

	rec1(NULL, db, ID(1), "ru", "2025-04-22", KNOWN_NOON(01), CRIMEA, 2, 0);
	KNOWN_OK(stance_entity_rename(NULL, db, STANCE_PARTY, "ru", "rf", &co));
	s.as_known = KNOWN_DAY(01);
	s.nparties = 1;
	s.parties = &rf;
	p = positions(db, &s);
	ck_assert_str_eq(positions_str(buf, sizeof(buf), p), "ru/" CRIMEA "=2@1");
	stance_positions_free(p);
	s.parties = &ru;
	p = positions(db, &s);
	ck_assert_str_eq(positions_str(buf, sizeof(buf), p), "ru/" CRIMEA "=2@1");
	stance_positions_free(p);
	s.as_known = NULL;
	p = positions(db, &s);
	ck_assert_str_eq(positions_str(buf, sizeof(buf), p), "rf/" CRIMEA "=2@1");
	stance_positions_free(p);
	buf[0] = '\0';
	s.as_known = KNOWN_DAY(01);
	/* a history named by today's slug shows the slug of the time, as the
	 * positions do */
	KNOWN_OK(stance_history_foreach_scope(db, &s, "rf", CRIMEA, rows_cb, buf));
	ck_assert_str_eq(buf, "ru/" CRIMEA "/22:2<-");
	/* an entity created after the time is unknown then, whatever names it */
	s.as_known = "2020-01-01";
	s.parties = &rf;
	p = (stance_positions *)1;
	ck_assert_int_eq(stance_positions_get(&p, db, &s), STANCE_ENOTFOUND);
	ck_assert_error_has("unknown party 'rf'");
	ck_assert_ptr_null(p);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM temp.sqlite_schema"), 0);
}
END_TEST

/* A time that is none is refused by every analysis, naming it; a scope of
 * version 1 has no as_known, whatever lies past its end. */
START_TEST(test_as_known_invalid)
{
	static const char *const bad[] = {
		"", "yesterday", "2030-02-30", "2030-01-01T25:00:00Z", "2030-01-01 12:00:00",
		"2030-01-01T12:00:00",
	};
	stance_scope s = STANCE_SCOPE_INIT;
	stance_positions *p = NULL;
	stance_matrix *m = NULL;
	char buf[64];

	rec1(NULL, db, ID(1), "ua", "2025-04-22", KNOWN_NOON(01), CRIMEA, -2, 1);
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		s.as_known = bad[k];
		ck_assert_int_eq(stance_positions_get(&p, db, &s), STANCE_EINVALID);
		ck_assert_error_has("--as-known time");
		ck_assert_ptr_null(p);
		ck_assert_int_eq(stance_matrix_get(&m, db, &s), STANCE_EINVALID);
		ck_assert_int_eq(stance_shifts_foreach(db, &s, NULL, row_never, NULL),
				 STANCE_EINVALID);
		ck_assert_int_eq(stance_history_foreach_scope(db, &s, "ua", CRIMEA, row_never,
							      NULL), STANCE_EINVALID);
		ck_assert_int_eq(stance_entities_foreach(db, &s, STANCE_PARTY, entity_cb, buf),
				 STANCE_EINVALID);
	}
	s.as_known = "yesterday";
	ck_assert_int_eq(stance_positions_get(&p, db, &s), STANCE_EINVALID);
	ck_assert_str_eq(stance_error_last(), "invalid --as-known time 'yesterday' (expected a "
			 "date YYYY-MM-DD or an RFC 3339 time such as 2025-04-22T18:00:00Z)");
	s.version = 1;
	p = positions(db, &s);
	ck_assert_uint_eq(p->n, 1);
	stance_positions_free(p);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM temp.sqlite_schema"), 0);
}
END_TEST

/* A walk as known shows the same time to what its callback reads, and
 * refuses another time there. */
static int nested_cb(const stance_conflict *c, void *ctx)
{
	stance_scope s = STANCE_SCOPE_INIT;
	stance_positions *p = NULL;
	int *seen = ctx;

	(void)c;
	s.as_known = KNOWN_DAY(02);
	ck_assert_int_eq(stance_positions_get(&p, db, &s), STANCE_EINTERNAL);
	ck_assert_error_has("shown as known at 2030-01-01T23:59:59.999Z");
	s.as_known = NULL;
	p = positions(db, &s);
	/* as known on the 1st: ru's stance before the recode */
	ck_assert_int_eq(p->items[0].stance, 2);
	stance_positions_free(p);
	++*seen;
	return 0;
}

START_TEST(test_as_known_nested)
{
	stance_change_options co = known_change(KNOWN_NOON(02));
	stance_position recode = POS(CRIMEA, -1, 0);
	stance_scope s = STANCE_SCOPE_INIT;
	int seen = 0;

	rec1(NULL, db, ID(1), "ru", "2025-04-22", KNOWN_NOON(01), CRIMEA, 2, 0);
	rec1(NULL, db, ID(2), "ua", "2025-04-22", KNOWN_NOON(01), CRIMEA, -2, 0);
	KNOWN_OK(stance_statement_recode(NULL, db, ID(1), &recode, 1, &co));
	s.as_known = KNOWN_DAY(01);
	KNOWN_OK(stance_conflicts_foreach(db, &s, 0, nested_cb, &seen));
	ck_assert_int_eq(seen, 1);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM temp.sqlite_schema"), 0);
}
END_TEST

/* A merge can leave a member with revisions that do not chain (two
 * analysts corrected it from the same value): as known at a time, the
 * value is the "to" of the latest revision by then, not the "from" of
 * the first after. */
START_TEST(test_as_known_merged_history)
{
	char buf[512];
	stance_scope s = STANCE_SCOPE_INIT;
	long long party = test_sql_int(db, "SELECT id FROM party WHERE slug = 'us'");

	ck_assert_int_gt(party, 0);
	test_sql_int(db, "INSERT INTO revision (id, uuid, at, author, target_kind, target_key,"
		     " target_id) VALUES (901, '00000000-0000-4000-8000-000000000901',"
		     " '2030-01-02T12:00:00.000Z', 'ann', 'party', 'us',"
		     " (SELECT id FROM party WHERE slug = 'us')),"
		     " (902, '00000000-0000-4000-8000-000000000902', '2030-01-03T12:00:00.000Z',"
		     " 'bob', 'party', 'us', (SELECT id FROM party WHERE slug = 'us'))");
	test_sql_int(db, "INSERT INTO revision_change (revision_id, member, from_value, to_value)"
		     " VALUES (901, 'name', '\"United States\"', '\"USA\"'),"
		     " (902, 'name', '\"United States\"', '\"US of A\"')");
	test_sql_int(db, "UPDATE party SET name = 'US of A' WHERE slug = 'us'");
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM revision"), 2);
	s.as_known = KNOWN_DAY(01);
	buf[0] = '\0';
	KNOWN_OK(stance_entities_foreach(db, &s, STANCE_PARTY, entity_cb, buf));
	ck_assert_str_eq(buf, "eu:European Union ru:Russia ua:Ukraine us:United States");
	s.as_known = KNOWN_DAY(02);
	buf[0] = '\0';
	KNOWN_OK(stance_entities_foreach(db, &s, STANCE_PARTY, entity_cb, buf));
	ck_assert_str_eq(buf, "eu:European Union ru:Russia ua:Ukraine us:USA");
	s.as_known = KNOWN_DAY(03);
	buf[0] = '\0';
	KNOWN_OK(stance_entities_foreach(db, &s, STANCE_PARTY, entity_cb, buf));
	ck_assert_str_eq(buf, "eu:European Union ru:Russia ua:Ukraine us:US of A");
}
END_TEST
