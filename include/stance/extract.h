/*
 * extract.h - suggestions from a news article (design §10): the direct
 * quotations and reported positions it holds, who said each (a known
 * actor or party of the database, or the name as written), where it was
 * reported, when, and the positions its words may take on known issues,
 * for an analyst to confirm with `record --from`.
 *
 * The rules are written out in tables (src/lib/extract-rules.c), each
 * entry saying where it comes from; there is no model and no network.
 * The database is only read: its actors (by name, surname, slug and
 * role), parties (by name, slug and the adjective of a one-word name),
 * sources (by name or slug) and issues (by the words of their titles).
 * Nothing is ever suggested under a slug the database does not have: a
 * speaker or source it does not know is given by the name found.
 */
#ifndef STANCE_EXTRACT_H
#define STANCE_EXTRACT_H

#include <stddef.h>

#include <jansson.h>

#include "stance/db.h"
#include "stance/statement.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The largest article read, in bytes (10 MiB): a news article is a few
 * thousand; anything near this is not one. */
#define STANCE_EXTRACT_MAX (10 * 1024 * 1024)

/* How stance_extract_article() reads the article. Initialise it with
 * STANCE_EXTRACT_OPTIONS_INIT, then set the members; borrowed for the
 * call. */
typedef struct stance_extract_options {
	unsigned int version;  /* STANCE_EXTRACT_OPTIONS_VERSION */
	const char *date;      /* YYYY-MM-DD: the article's date, over its
				  "Published:" line; NULL: that line's */
	const char *source;    /* slug of an existing source: the source of
				  every suggestion whose sentence names none;
				  NULL: none */
	const char *url;       /* every suggestion's url; NULL: none */
} stance_extract_options;

#define STANCE_EXTRACT_OPTIONS_VERSION 1
#define STANCE_EXTRACT_OPTIONS_INIT { .version = STANCE_EXTRACT_OPTIONS_VERSION }

/* One suggested statement: what `record --from` records once the analyst
 * has confirmed it. A result, which owns its strings. */
typedef struct stance_suggestion {
	char *party;          /* slug: the actor's party, or the party named as
				 the speaker; NULL when the speaker is unknown */
	char *actor;          /* slug, NULL when no known actor said it */
	char *speaker_name;   /* without an actor: the speaker as written ("the
				 President", "Dmitry Peskov"), NULL when the
				 article names none */
	char *said_on;        /* YYYY-MM-DD, NULL when the article has no date */
	const char *kind;     /* "quote" (a direct quotation) or "report" (a
				 reported position); static */
	char *text;           /* the quotation's words without the marks, or
				 the reported clause */
	char *source;         /* slug, NULL when no known source is named */
	char *source_name;    /* without a source: the name found ("TASS"),
				 NULL when none */
	char *url;            /* the options' url, or NULL */
	stance_position *positions;  /* on the issues whose title words the text
					names, where its words say which way
					(only issue and stance are set) */
	size_t npositions;
	double confidence;    /* 0..1: how sure the rules are of the speaker
				 and the words, two decimals */
	char *evidence;       /* the sentence it came from, white space folded */
} stance_suggestion;

/* Where the date of the article came from. */
typedef enum stance_extract_date {
	STANCE_EXTRACT_DATE_NONE,       /* no date: every said_on is NULL */
	STANCE_EXTRACT_DATE_GIVEN,      /* the options' date */
	STANCE_EXTRACT_DATE_PUBLISHED   /* the article's "Published:" line */
} stance_extract_date;

/* What stance_extract_article() found; it owns everything it points to. */
typedef struct stance_extraction {
	stance_suggestion *suggestions;  /* in the order of the article */
	size_t nsuggestions;
	size_t ntoo_long;                /* candidates left out: their text is
					    longer than a statement's may be
					    (100,000 bytes) */
	stance_extract_date date_origin;
	char date[11];                   /* the article's date, "" when none;
					    weekday and "yesterday" references
					    are resolved against it */
} stance_extraction;

/* Reads the len bytes of text, an article in plain UTF-8 (a byte order
 * mark, CR LF line ends and hard-wrapped paragraphs are fine), and
 * suggests its statements. An article longer than STANCE_EXTRACT_MAX,
 * one that is not UTF-8 or holds a NUL (the message names the byte
 * offset), a bad options' date or an options' source the database lacks
 * are STANCE_EINVALID or STANCE_ENOTFOUND. text is borrowed. The
 * database is only read. *out is new; free it with
 * stance_extraction_free(). */
int stance_extract_article(stance_extraction **out, stance_db *db, const char *text,
			   size_t len, const stance_extract_options *o);

/* Frees an extraction and everything it owns; accepts NULL. */
void stance_extraction_free(stance_extraction *x);

/* A suggestion as one record of `record --from` JSON Lines: the
 * snapshot's statement shape without "id" ({"party", "actor", "said_on",
 * "kind", "text", "source", "url", "positions": [{"issue", "stance"}]}),
 * then "speaker_name" when there is no actor, "source_name" when a source
 * was named that the database lacks, "confidence" and "evidence". A new
 * reference, NULL when out of memory. */
json_t *stance_extract_suggestion_json(const stance_suggestion *s);

#ifdef __cplusplus
}
#endif

#endif
