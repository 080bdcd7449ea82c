/* test-util.h - what every Check suite of libstance shares. */
#ifndef STANCE_TEST_UTIL_H
#define STANCE_TEST_UTIL_H

#include <stdint.h>

#include <check.h>

#include "stance/stance.h"

/* A fresh migrated in-memory database; fails the test when it cannot. */
stance_db *test_db(void);

/* The same with the seed's cast: parties ua, ru, us, eu; actors zelenskyy
 * (ua) and rubio (us); source guardian; issues crimea-recognition,
 * nato-membership and territory (parent of crimea-recognition). */
stance_db *test_db_seeded(void);
/* Adds the seed's parties, actors, source and issues to db. */
void test_seed(stance_db *db);

/* Whether the tests run under valgrind or AddressSanitizer, which are
 * there for memory errors and make every step many times slower: a test
 * that repeats a check on many random cases runs fewer there, and does
 * the whole of its work in the plain build. */
int test_instrumented(void);

/* How many positions the tests of one big statement give it: enough that a
 * check quadratic in the positions would take most of a minute in a plain
 * build (200,000 took 24 to 45 s before it was made linear), where the
 * linear one takes a few seconds; fewer under AddressSanitizer and
 * valgrind, which are there for memory errors and make every step many
 * times slower. $STANCE_TEST_POSITIONS overrides all. */
size_t test_big_positions(void);

/* Adds issues i0 ... i<n-1> in one statement: adding them one by one would
 * take longer than the tests that need them. */
void test_add_issues(stance_db *db, size_t n);

/* Adds an entity from up to four field values (NULL for null); fails the
 * test when the library refuses it. */
void test_add(stance_db *db, stance_entity_type type, const char *f0, const char *f1,
	      const char *f2, const char *f3);

/* Records a statement for party on date with the positions given as specs
 * ("crimea-recognition=--!"), n of them; recorded_at may be NULL (now).
 * Returns the new id in out (37 bytes). */
void test_record(char *out, stance_db *db, const char *party, const char *date,
		 const char *recorded_at, const char *const *specs, size_t n);

/* Asserts that the last error message contains needle. */
#define ck_assert_error_has(needle) \
	ck_assert_msg(strstr(stance_error_last(), (needle)) != NULL, \
		      "error '%s' lacks '%s'", stance_error_last(), (needle))

/* The correcting calls with the tests' analyst "tester" (or by) and no
 * revision id wanted. */
int util_code(stance_db *db, const char *id, const stance_position *pos, size_t n);
int util_retract(stance_db *db, const char *id, const char *by, const char *reason,
		 const char *at);

/* stance_snapshot_import() with these options. */
int util_import(stance_snapshot_summary *sum, stance_db *db, FILE *in, const char *analyst,
		unsigned flags);

/* The integer in the first column of the first row of sql, run on db's
 * connection as it is (-1 when there is no row). */
long long test_sql_int(stance_db *db, const char *sql);

/* A deterministic generator of the tests' own (splitmix64), so that
 * random cases are the same on every libc: set test_rng_state, then draw. */
extern uint64_t test_rng_state;
uint64_t test_rng_next(void);

/* Runs the suite, printing TAP on stdout; returns the exit status. */
int test_run(Suite *s);

/* A check-X.c has no main: tools/check-main.py writes it, with suite "X"
 * and every test the file defines with START_TEST, in the order of the
 * file. These markers say what else the suite needs; the tool reads them,
 * and the compiler sees an empty declaration. Each ends with ';'.
 *
 *   TEST_CASE("big")                      the tests after it form case "big"
 *   TEST_TIMEOUT(300)                     the current case's timeout (0: none)
 *   TEST_FIXTURE(setup, teardown)         around each test of the case
 *   TEST_UNCHECKED_FIXTURE(setup, teardown)  around the whole case, once
 *   TEST_LOOP(test_name, start, end)      test_name runs for _i in [start, end)
 */
#define TEST_MARKER_ _Static_assert(1, "read by tools/check-main.py")
#define TEST_CASE(name) TEST_MARKER_
#define TEST_TIMEOUT(seconds) TEST_MARKER_
#define TEST_FIXTURE(setup, teardown) TEST_MARKER_
#define TEST_UNCHECKED_FIXTURE(setup, teardown) TEST_MARKER_
#define TEST_LOOP(test, start, end) TEST_MARKER_

#endif
