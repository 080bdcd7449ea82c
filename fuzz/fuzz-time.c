/*
 * fuzz-time.c - libFuzzer harness for the date check (YYYY-MM-DD) and the
 * RFC 3339 timestamp normaliser.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stance/stance.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char out[25], again[25];

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (stance_check_date("date", text) == 0 && strlen(text) != 10)
		abort();
	memset(out, 'x', sizeof(out));
	if (stance_timestamp_normalize(out, "timestamp", text) == 0) {
		/* A normalised timestamp is the fixed-width UTC form, its date
		 * a real date, and normalising it again changes nothing. */
		char date[11];

		if (strlen(out) != 24 || out[10] != 'T' || out[23] != 'Z')
			abort();
		memcpy(date, out, 10);
		date[10] = '\0';
		if (stance_check_date("date", date) != 0)
			abort();
		if (stance_timestamp_normalize(again, "timestamp", out) != 0 ||
		    strcmp(again, out) != 0)
			abort();
	}
	free(text);
	return 0;
}
