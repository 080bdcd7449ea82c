/*
 * stance.h - the umbrella header of libstance: error codes, the last error
 * message and the version, plus every public module.
 *
 * Every fallible function returns 0 or a negative STANCE_E* code; the
 * message that explains it is in stance_error_last().
 */
#ifndef STANCE_STANCE_H
#define STANCE_STANCE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum stance_error {
	STANCE_OK = 0,
	STANCE_EINVALID = -1,    /* an invalid value: bad slug, date, stance, JSON... */
	STANCE_ENOTFOUND = -2,   /* an unknown slug or statement id */
	STANCE_EEXISTS = -3,     /* a duplicate slug, id or position */
	STANCE_EBUSY = -4,       /* the database is still locked after the timeout */
	STANCE_ENODB = -5,       /* no database file at the path, or not readable */
	STANCE_ENOTSTANCE = -6,  /* a file that is not a stance database */
	STANCE_ENEWER = -7,      /* a database made by a newer stance */
	STANCE_EOLDER = -8,      /* a database that needs 'stance init' to migrate */
	STANCE_ECONFLICT = -9,   /* an import that contradicts the database */
	STANCE_EAMBIGUOUS = -10, /* an id prefix that matches several statements */
	STANCE_ECANTCREATE = -11,/* the database file cannot be created */
	STANCE_EIO = -12,        /* a read or write failed */
	STANCE_ENOMEM = -13,     /* out of memory */
	STANCE_EINTERNAL = -14   /* a bug, or a database that breaks its invariants */
};

/* The message of the last error on this thread; never NULL (borrowed, valid
 * until the next libstance call on this thread). */
const char *stance_error_last(void);

/* A short name of an error code, e.g. "EINVALID" (static string). */
const char *stance_error_name(int code);

/* Input rules shared by every module. Each returns 0 or STANCE_EINVALID with
 * a message naming what (e.g. "party slug") and the value. */
int stance_check_slug(const char *what, const char *slug);
int stance_check_text(const char *what, const char *text);
/* A real calendar date YYYY-MM-DD. */
int stance_check_date(const char *what, const char *date);
/* The days from 1970-01-01 to a date checked as stance_check_date() does
 * (what names it in the error), into *days: negative before 1970. */
int stance_date_days(long long *days, const char *what, const char *date);
/* Parses an RFC 3339 timestamp with any offset into UTC as
 * YYYY-MM-DDTHH:MM:SS.sssZ (out has room for 25 bytes). Fractions finer
 * than milliseconds are cut; a leap second (second 60 of a minute, with
 * any fraction) becomes the minute's :59.999. */
int stance_timestamp_normalize(char out[25], const char *what,
			       const char *text);
/* The current time in that form. */
void stance_timestamp_now(char out[25]);
/* Reads text as a decimal number as people and JSON write it (a sign,
 * digits, a fraction, an exponent; no spaces, hexadecimal, "inf" or
 * "nan", which strtod() alone would take) into *out: 1 when it is one and
 * finite as written (no overflow, no underflow to another number), else
 * 0. */
int stance_number_read(double *out, const char *text);

/* The length of the longest prefix of the len bytes at s that is valid
 * UTF-8 (no overlong forms, surrogates or code points past U+10FFFF): len
 * when all of it is. For callers that must show text that may not be
 * UTF-8 (a file name), a byte at a time. */
size_t stance_utf8_prefix(const char *s, size_t len);

/* The library version, e.g. "0.1.0" (static string). */
const char *stance_version(void);

#ifdef __cplusplus
}
#endif

#include "stance/db.h"
#include "stance/entity.h"
#include "stance/statement.h"
#include "stance/revision.h"
#include "stance/analysis.h"
#include "stance/bargain.h"
#include "stance/agreement.h"
#include "stance/extract.h"
#include "stance/snapshot.h"

#endif
