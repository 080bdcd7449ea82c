/*
 * cmd-import.c - `stance import FILE|- [--dry-run]`: validate a snapshot
 * and merge it into the database, all or nothing, then say what it added.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"

static const struct cli_spec spec = {
	.usage = "import FILE|- [--dry-run]",
	.min_args = 1, .max_args = 1, .args_name = "a snapshot FILE (or - for stdin)",
	.details =
	"Merges a JSON snapshot (docs/snapshot.md) in one transaction: what the\n"
	"database lacks is added, what it has is left alone, a retraction is\n"
	"carried over, and anything that contradicts the database is an error\n"
	"naming the JSON path and both values. On any error nothing is written.\n"
	"Statements without recorded_by get the analyst. Prints how many of each\n"
	"kind were added or found unchanged, and the retractions carried over."
};

/* The summary for people (table) or csv: one row per kind. */
static int print_summary(struct cli *cli, const stance_snapshot_summary *s, int dry_run)
{
	static const char *const headers[] = { "what", "added", "unchanged", "retracted" };
	struct cli_table *t = NULL;
	int rc = cli_table_begin(&t, cli, headers, 4);

	for (int k = 0; !rc && k < STANCE_SNAPSHOT_KINDS; k++) {
		char added[24], unchanged[24], retracted[24];
		const char *cells[] = { stance_snapshot_kind_name(k), added, unchanged,
					k == STANCE_SNAPSHOT_STATEMENTS ? retracted : NULL };

		snprintf(added, sizeof(added), "%zu", s->added[k]);
		snprintf(unchanged, sizeof(unchanged), "%zu", s->unchanged[k]);
		snprintf(retracted, sizeof(retracted), "%zu", s->retracted);
		rc = cli_table_row(t, cells);
	}
	rc = cli_table_end(t, rc);
	if (!rc && dry_run && cli->format == CLI_FORMAT_TABLE)
		rc = cli_printf(cli, "dry run: nothing was written\n");
	return rc;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	stance_snapshot_summary sum;
	const char *path;
	struct stat sb;
	FILE *in = NULL;
	int dry_run = 0;
	const struct cli_opt opts[] = {
		CLI_OPT_SWITCH(0, "dry-run", &dry_run, "validate and count, but write nothing"),
		CLI_OPT_END
	};
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	path = cli->args[0];
	if (strcmp(path, "-") == 0) {
		in = stdin;
	} else if (!(in = fopen(path, "rb"))) {
		return cli_error(CLI_ENOINPUT, "cannot open '%s': %s", path, strerror(errno));
	} else if (fstat(fileno(in), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(in);
		return cli_error(CLI_ENOINPUT, "cannot open '%s': %s", path, strerror(EISDIR));
	}
	rc = stance_snapshot_import(&sum, cli->db, in, cli->analyst,
				    dry_run ? STANCE_SNAPSHOT_DRY_RUN : 0);
	if (in != stdin)
		fclose(in);
	if (rc)
		return cli_fail(rc);
	if (cli->format == CLI_FORMAT_JSON)
		return cli_json_value(cli, stance_snapshot_summary_json(&sum));
	return print_summary(cli, &sum, dry_run);
}
