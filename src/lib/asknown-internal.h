/*
 * asknown-internal.h - reading the database as it was known at a time
 * (design §2 "As known", §7 "As known at T"), for the analysis and the
 * export.
 *
 * SQLite resolves a table name without a schema in the temp schema first.
 * stance_asknown__begin() makes TEMP views named statement, position,
 * party, actor, source, issue, alias, revision, revision_change and
 * current_position that show the database as known at T; every query that
 * names its tables without "main." then reads the past unchanged, and
 * stance_asknown__end() drops them. The views put the few records that
 * revisions touched, rebuilt as they were at T in small temp tables,
 * beside the untouched rows of main, which pass straight through (those
 * recorded or created after T left out).
 *
 * The rules: a statement exists at T when it was recorded at or before T;
 * an entity when it was created at or before T (or before the history
 * began: created_at null); a member's value at T is the "to" of its latest
 * revision at or before T (by at, then id), else the "from" of its first
 * revision after T, else its current value; a position exists at T when
 * its member positions.ISSUE has a value at T that is not null. Slugs in
 * values resolve through the current slugs and the aliases, which name an
 * entity for good.
 */
#ifndef STANCE_ASKNOWN_INTERNAL_H
#define STANCE_ASKNOWN_INTERNAL_H

#include <sqlite3.h>

#include "stance/entity.h"
#include "stance/statement.h"

/* Parses the time of --as-known: a date YYYY-MM-DD, meaning its end
 * (23:59:59.999Z), or an RFC 3339 time, into out in UTC. STANCE_EINVALID
 * naming the value otherwise. */
int stance_asknown__parse(char out[STANCE_TIMESTAMP_LEN + 1], const char *when);

/* Shows the database as known at when (a form of stance_asknown__parse())
 * to every query on db until stance_asknown__end(). Call it inside a read
 * (stance_db__read_begin()) or a write, so that the views and what they
 * are made from are one moment of the database. *own says whether this call
 * made the views: 0 when a caller up the stack already shows the same time
 * (a nested call then changes nothing); a different time is
 * STANCE_EINTERNAL. End it with stance_asknown__end(db, own, rc) whatever
 * this returns. While the views stand, nothing may write through db, and
 * current_position (a view too, computed from the statements) is slow:
 * analyses take their as-of path instead. */
int stance_asknown__begin(stance_db *db, const char *when, int *own);

/* Drops what stance_asknown__begin() made when own is set, so that the
 * queries after see the database as it is. Every query that read through
 * the views must have been reset. Returns rc, or the drop's own error when
 * rc is 0. */
int stance_asknown__end(stance_db *db, int own, int rc);

/* Whether the views of stance_asknown__begin() stand on db (*known), and
 * the time they show into at (when not NULL). */
int stance_asknown__active(stance_db *db, int *known, char at[STANCE_TIMESTAMP_LEN + 1]);

/* The row id of the entity that slug names now, as its slug or a former
 * one (the alias table of main), while the views stand: a filter may name
 * an entity by the slug it has today though it had another at T. *found is
 * 0 when slug names none. */
int stance_asknown__entity(stance_db *db, stance_entity_type type, const char *slug,
			   sqlite3_int64 *id, int *found);

/*
 * For the scans of every statement (the analyses' as-of paths). Two views
 * of two arms each, joined, make SQLite 3.40 merge four arms, one of which
 * scans every statement of main a second time to find nothing; a scan of
 * every statement therefore names the two arms itself: the untouched
 * statements of main with their positions in main, in the order of its
 * index, and the touched ones from the temp tables.
 */

/* The statements and positions that revisions touched, as known. */
#define STANCE_ASKNOWN_STATEMENTS "temp.stance_known_statement"
#define STANCE_ASKNOWN_POSITIONS "temp.stance_known_position"

/* Issue row ids and their slugs at T (id INTEGER PRIMARY KEY, slug), one
 * table, for scans that order by issue. */
#define STANCE_ASKNOWN_ISSUES "temp.stance_known_issue_slug"

/* The condition that keeps a statement s of main.statement that exists at
 * T and that no revision touched (its row in main is its row at T). */
#define STANCE_ASKNOWN_UNTOUCHED(s) \
	s ".recorded_at <= (SELECT t FROM temp.stance_known_at) AND " s ".id NOT IN" \
	" (SELECT id FROM " STANCE_ASKNOWN_STATEMENTS ")"

#endif
