/*
 * fuzz-search.c - libFuzzer harness for full-text search: each input is the
 * search text of stance_statement_foreach() (`statements --search`) over a
 * small in-memory database. The query built from it must never crash or
 * read as FTS5 syntax (an FTS5 syntax error would be a failed query, not
 * a result), and what it finds must be among the statements, each once.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stance/stance.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Texts that give the tokenizer something to match: one-letter words,
 * FTS5's operators and punctuation as words, quotes, diacritics. */
static const char *const texts[] = {
	"There is nothing new to mention or discuss. Ukraine will not recognise the "
	"occupation of Crimea.",
	"Ukraine is ready to negotiate \xe2\x80\x93 but not to surrender.",
	"x AND y OR NOT z NEAR(a b, 3) \"quoted\" (paren) * star ^caret col:umn",
	"Caf\xc3\xa9 na\xc3\xafve \xc3\x9c" "ber \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
};
#define NTEXTS (sizeof(texts) / sizeof(texts[0]))

static stance_db *db;
static char ids[NTEXTS][STANCE_UUID_LEN + 1];

struct seen {
	int hit[NTEXTS];
};

static int found(const stance_statement *st, void *ctx)
{
	struct seen *s = ctx;

	for (size_t k = 0; k < NTEXTS; k++) {
		if (strcmp(st->id, ids[k]) != 0)
			continue;
		/* each statement at most once, and with its own text */
		if (s->hit[k] || strcmp(st->text, texts[k]) != 0)
			abort();
		s->hit[k] = 1;
		return 0;
	}
	/* a statement the database does not have */
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	stance_entity ua = { .type = STANCE_PARTY, .field = {
		[STANCE_PARTY_SLUG] = "ua", [STANCE_PARTY_NAME] = "Ukraine" } };
	stance_statement_filter f = STANCE_STATEMENT_FILTER_INIT;
	struct seen s = { { 0 } };

	(void)argc;
	(void)argv;
	if (stance_db_open(&db, ":memory:", STANCE_DB_CREATE) != 0 ||
	    stance_entity_add(db, &ua) != 0)
		abort();
	for (size_t k = 0; k < NTEXTS; k++) {
		stance_record_options st = STANCE_RECORD_OPTIONS_INIT;

		st.party = "ua";
		st.said_on = "2025-04-22";
		st.text = texts[k];
		st.recorded_by = "fuzzer";
		if (stance_statement_record(ids[k], db, &st) != 0)
			abort();
	}
	/* the database's caches fill on the first query, not in an input,
	 * where they would look like a leak */
	f.search = "ukraine";
	if (stance_statement_foreach(db, &f, found, &s) != 0 || !s.hit[0] || !s.hit[1])
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The search is a C string: a NUL ends it as it would on the command
	 * line. */
	char *text = malloc(size + 1);
	stance_statement_filter f = STANCE_STATEMENT_FILTER_INIT;
	struct seen s = { { 0 } };
	int rc, blank = 1, want;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (const char *p = text; *p; p++)
		if (!isspace((unsigned char)*p))
			blank = 0;
	/* valid text with a word in it is searched, anything else refused */
	want = stance_check_text("search text", text) == 0 && !blank ? 0 : STANCE_EINVALID;
	f.search = text;
	rc = stance_statement_foreach(db, &f, found, &s);
	if (rc != want)
		abort();
	if (rc != 0)
		for (size_t k = 0; k < NTEXTS; k++)
			if (s.hit[k])
				abort();
	free(text);
	return 0;
}
