/*
 * fuzz-snapshot.c - libFuzzer harness for the snapshot importer: each input
 * is imported into an in-memory database, read through fmemopen() as
 * `stance import` reads a file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "stance/stance.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static stance_db *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	stance_import_options opts = STANCE_IMPORT_OPTIONS_INIT;
	stance_snapshot_summary sum;
	FILE *in;
	int rc;

	opts.analyst = "fuzzer";
	/* Opening and migrating a database per input would dominate the run;
	 * a failed import writes nothing, so the database is only replaced
	 * after an import that succeeded. */
	if (!db && stance_db_open(&db, ":memory:", STANCE_DB_CREATE) != 0)
		abort();
	if (size == 0)
		return 0;
	in = fmemopen((void *)data, size, "r");
	if (!in)
		return 0;
	rc = stance_snapshot_import(&sum, db, in, &opts);
	fclose(in);
	stance_snapshot_summary_clear(&sum);
	if (rc == 0) {
		/* An accepted snapshot must export again. */
		FILE *out = fopen("/dev/null", "w");

		if (!out || stance_snapshot_export(db, out) != 0)
			abort();
		fclose(out);
		stance_db_close(db);
		db = NULL;
	} else if (rc == STANCE_EINTERNAL) {
		/* A bug or a broken invariant, never the input's fault. */
		abort();
	}
	return 0;
}
