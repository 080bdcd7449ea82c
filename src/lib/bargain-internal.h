/*
 * bargain-internal.h - assessments and outcomes as records that the
 * history (revision.c), the merge (snapshot.c) and the forecasts
 * (bargain-forecast.c) read and change through one door.
 */
#ifndef STANCE_BARGAIN_INTERNAL_H
#define STANCE_BARGAIN_INTERNAL_H

#include <jansson.h>
#include <sqlite3.h>

#include "stance/bargain.h"
#include "stance/revision.h"

/* Checks every rule of an assessment that needs no database (id,
 * salience, capability, date, reason, recorded_*, retraction), with its
 * issue NULL for a party-wide one. recorded_at and retracted_at receive
 * the normalised times (recorded_at: now when a has none). *member names
 * the member that broke a rule, for the snapshot's paths. */
int stance_bargain__check_assessment(const stance_assessment *a, char recorded_at[25],
				     char retracted_at[25], const char **member);

/* The same for an outcome. */
int stance_bargain__check_outcome(const stance_outcome *o, char recorded_at[25],
				  char retracted_at[25], const char **member);

/* Inserts a checked assessment or outcome with the normalised times; the
 * slugs it names are resolved (STANCE_ENOTFOUND, removed ones refused). */
int stance_bargain__insert_assessment(stance_db *db, const stance_assessment *a,
				      const char *recorded_at, const char *retracted_at);
int stance_bargain__insert_outcome(stance_db *db, const stance_outcome *o,
				   const char *recorded_at, const char *retracted_at);

/* The row id of a record of the kind (STANCE_TARGET_ASSESSMENT or
 * _OUTCOME) by its full id, and whether it is retracted; *found 0 when
 * there is none. */
int stance_bargain__state(stance_db *db, stance_target_kind kind, const char *id,
			  sqlite3_int64 *rowid, int *retracted, int *found);

/* The record of the kind with that row id in its snapshot shape: a new
 * reference in *out. */
int stance_bargain__record_json(json_t **out, stance_db *db, stance_target_kind kind,
				sqlite3_int64 rowid);

/* The members of the kind that a revision may change, NULL-terminated: the
 * snapshot's members but the id and recorded_*. */
const char *const *stance_bargain__members(stance_target_kind kind);

/* Sets a member (of stance_bargain__members()) of the record with that row
 * id to v, in the snapshot's shape, after checking it. */
int stance_bargain__set_member(stance_db *db, stance_target_kind kind, sqlite3_int64 rowid,
			       const char *member, const json_t *v);

/* Sets recorded_at and recorded_by of a record (the merge keeps the
 * earliest). */
int stance_bargain__set_recorded(stance_db *db, stance_target_kind kind, sqlite3_int64 rowid,
				 const char *at, const char *by);

/* 0 when no statement, assessment or outcome has the id; else
 * STANCE_EEXISTS: "KIND ID already exists" when one of kind ("statement",
 * "assessment", "outcome") has it, "id ID already names ..." for another
 * kind. An id names one record, whatever its kind. */
int stance_bargain__id_free(stance_db *db, const char *id, const char *kind);

/* STANCE_EEXISTS when an id names records of two kinds (after an import,
 * which adds records of each kind on its own), else 0. */
int stance_bargain__ids_distinct(stance_db *db);

/* A number of an assessment or outcome as the snapshot writes it: an
 * integral one as an integer. A new reference. */
json_t *stance_bargain__number_json(double v);

#endif
