/*
 * fuzz-values.c - libFuzzer harness for the checks of the command line's
 * other values: slugs, text, dates, statement ids and id prefixes, the
 * matrix metric and the entity choices (a party's kind, a source's
 * reliability). Each input is given to every check, and each check's
 * verdict is compared with a reference written here from the input rules
 * of docs/design.md §4, independently of the library's code. The position
 * and stance parsers are fuzz-position's, timestamps fuzz-time's.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stance/stance.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- references ---------------------------------------------------- */

/* ^[a-z0-9][a-z0-9-]{0,31}$ */
static int ref_slug(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > 32 || s[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-'))
			return 0;
	return 1;
}

/* UTF-8 by the well-formed byte sequences of Unicode's table 3-7. */
static int ref_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		unsigned char lo = 0x80, hi = 0xbf;

		if (c <= 0x7f) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4;
		else
			return 0;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
		else if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
		if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (size_t k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xbf)
				return 0;
		i += len;
	}
	return 1;
}

/* Non-empty UTF-8, at most 100,000 bytes (a C string has no NUL). */
static int ref_text(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 100000 && ref_utf8((const unsigned char *)s, n);
}

static int is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* A real calendar date YYYY-MM-DD, years 0001 to 9999. */
static int ref_date(const char *s)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, leap;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !is_digits(s, 4) ||
	    !is_digits(s + 5, 2) || !is_digits(s + 8, 2))
		return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] + (m == 2 && leap);
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* A lowercase UUID: 8-4-4-4-12 hex digits. */
static int ref_uuid(const char *s)
{
	if (strlen(s) != STANCE_UUID_LEN)
		return 0;
	for (size_t i = 0; i < STANCE_UUID_LEN; i++)
		if ((i == 8 || i == 13 || i == 18 || i == 23) ? s[i] != '-' : !is_hex(s[i]))
			return 0;
	return 1;
}

/* An id prefix: 8 to 36 characters of hex digits (either case) and '-'. */
static int ref_prefix(const char *s)
{
	size_t n = strlen(s);

	if (n < 8 || n > STANCE_UUID_LEN)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_hex((char)tolower((unsigned char)s[i])) && s[i] != '-')
			return 0;
	return 1;
}

static int ref_choice(const char *s, const char *const *choices)
{
	for (; *choices; choices++)
		if (strcmp(s, *choices) == 0)
			return 1;
	return 0;
}

/* ---- the harness --------------------------------------------------- */

static stance_db *db;

/* Ids that share prefixes, so that some prefixes are ambiguous. */
static const char *const ids[] = {
	"0f8fad5b-d9cb-469f-a165-70867728950e",
	"0f8fad5b-d9cb-469f-a165-70867728950f",
	"0f8fad5c-0000-4000-8000-000000000000",
	"7c9e6679-7425-40de-944b-e07fc1f90ae7",
};
#define NIDS (sizeof(ids) / sizeof(ids[0]))

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	stance_entity ua = { .type = STANCE_PARTY, .field = {
		[STANCE_PARTY_SLUG] = "ua", [STANCE_PARTY_NAME] = "Ukraine" } };
	char id[STANCE_UUID_LEN + 1];

	(void)argc;
	(void)argv;
	if (stance_db_open(&db, ":memory:", STANCE_DB_CREATE) != 0 ||
	    stance_entity_add(db, &ua) != 0)
		abort();
	for (size_t k = 0; k < NIDS; k++) {
		stance_record_options st = STANCE_RECORD_OPTIONS_INIT;

		st.id = ids[k];
		st.party = "ua";
		st.said_on = "2025-04-22";
		st.text = "A statement.";
		st.recorded_by = "fuzzer";
		if (stance_statement_record(id, db, &st) != 0)
			abort();
	}
	/* the database's caches fill here, not in an input */
	if (stance_statement_resolve(id, db, "7c9e6679") != 0)
		abort();
	return 0;
}

/* Resolves an id prefix: the verdict follows the matches among ids. */
static void check_resolve(const char *text)
{
	char out[STANCE_UUID_LEN + 1], lower[STANCE_UUID_LEN + 1];
	size_t n = strlen(text), matches = 0, match = 0;
	int rc = stance_statement_resolve(out, db, text);

	if (!ref_prefix(text)) {
		if (rc != STANCE_EINVALID)
			abort();
		return;
	}
	for (size_t i = 0; i < n; i++)
		lower[i] = (char)tolower((unsigned char)text[i]);
	lower[n] = '\0';
	for (size_t k = 0; k < NIDS; k++) {
		if (strncmp(ids[k], lower, n) == 0) {
			matches++;
			match = k;
		}
	}
	if (matches == 0 ? rc != STANCE_ENOTFOUND :
	    matches > 1 ? rc != STANCE_EAMBIGUOUS : rc != 0 || strcmp(out, ids[match]) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = { "state", "bloc", "organisation", "faction", "other",
					     NULL };
	static const char *const reliabilities[] = { "A", "B", "C", "D", "E", "F", NULL };
	/* The checks take C strings: a NUL ends the value as it would on the
	 * command line. */
	char *text = malloc(size + 1);
	stance_metric metric;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	if ((stance_check_slug("slug", text) == 0) != ref_slug(text))
		abort();
	if ((stance_check_text("text", text) == 0) != ref_text(text))
		abort();
	if ((stance_check_date("date", text) == 0) != ref_date(text))
		abort();
	if ((stance_check_uuid("id", text) == 0) != ref_uuid(text))
		abort();
	check_resolve(text);
	if (stance_metric_parse(&metric, text) == 0) {
		if (strcmp(stance_metric_names[metric], text) != 0)
			abort();
	} else if (ref_choice(text, stance_metric_names)) {
		abort();
	}
	{
		/* the entity checks, on a party's kind and a source's reliability */
		stance_entity party = { .type = STANCE_PARTY, .field = { [STANCE_PARTY_SLUG] = "ua",
			[STANCE_PARTY_NAME] = "Ukraine", [STANCE_PARTY_KIND] = text } };
		stance_entity source = { .type = STANCE_SOURCE, .field = { [STANCE_SOURCE_SLUG] = "guardian",
			[STANCE_SOURCE_NAME] = "The Guardian", [STANCE_SOURCE_RELIABILITY] = text } };

		if ((stance_entity_validate(&party) == 0) != ref_choice(text, kinds))
			abort();
		if ((stance_entity_validate(&source) == 0) != ref_choice(text, reliabilities))
			abort();
	}
	free(text);
	return 0;
}
