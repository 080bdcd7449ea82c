/*
 * cmd-import.c - `stance import FILE|- [--dry-run] [--prefer ours|theirs]`:
 * validate a snapshot and merge it into the database by the rules of
 * design §7, all or nothing, then say what it added and what a later
 * revision or --prefer settled.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"

static const struct cli_spec spec = {
	.usage = "import FILE|- [--dry-run] [--prefer ours|theirs]",
	.min_args = 1, .max_args = 1, .args_name = "a snapshot FILE (or - for stdin)",
	.details =
	"Merges a JSON snapshot (docs/snapshot.md, version 1 or 2) in one\n"
	"transaction, so that no one's work is lost: records, aliases and\n"
	"revisions the database lacks are added; a member that revisions touch\n"
	"takes the value of the latest of them on either side; a position or a\n"
	"retraction only one side has is kept. Whatever else differs is a\n"
	"contradiction: each is listed (JSON path and both values, up to 100) and\n"
	"nothing is written, unless --prefer ours or --prefer theirs resolves\n"
	"them, each as a revision that keeps the other value in the history.\n"
	"Prints how many of each kind were added or found unchanged, and on\n"
	"stderr every place where a later revision or --prefer chose a value\n"
	"(\"resolved\" in JSON). Merging in either order gives the same database;\n"
	"importing a snapshot twice changes nothing the second time."
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

/* A JSON value for a message, compact and cut. */
static void show(char *buf, size_t size, const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	cli_excerpt(buf, size, s ? s : "?", 80);
	free(s);
}

/* Every contradiction on stderr, then the error. */
static int contradictions(const stance_snapshot_summary *s, int rc)
{
	size_t i;
	json_t *c;

	json_array_foreach(s->contradictions, i, c) {
		char ours[400], theirs[400];

		show(theirs, sizeof(theirs), json_object_get(c, "snapshot"));
		show(ours, sizeof(ours), json_object_get(c, "database"));
		cli_error(CLI_EDATA, "%s: snapshot has %s, database has %s",
			  json_string_value(json_object_get(c, "path")), theirs, ours);
	}
	if (s->ncontradictions > json_array_size(s->contradictions))
		cli_error(CLI_EDATA, "... and %zu more",
			  s->ncontradictions - json_array_size(s->contradictions));
	return cli_fail(rc);
}

/* Where a later revision or --prefer chose, on stderr. */
static void resolved(const stance_snapshot_summary *s)
{
	size_t i;
	json_t *r;

	json_array_foreach(s->resolved, i, r) {
		char kept[400], other[400];

		show(kept, sizeof(kept), json_object_get(r, "kept"));
		show(other, sizeof(other), json_object_get(r, "other"));
		cli_note("%s: kept %s over %s (%s, revision %.8s)",
			 json_string_value(json_object_get(r, "path")), kept, other,
			 json_string_value(json_object_get(r, "by")),
			 json_string_value(json_object_get(r, "revision")));
	}
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	static const char *const prefers[] = { "ours", "theirs", NULL };
	stance_import_options io = STANCE_IMPORT_OPTIONS_INIT;
	stance_snapshot_summary sum;
	const char *path;
	struct stat sb;
	FILE *in = NULL;
	size_t prefer = 2;
	int dry_run = 0;
	const struct cli_opt opts[] = {
		CLI_OPT_SWITCH(0, "dry-run", &dry_run, "validate and count, but write nothing"),
		CLI_OPT_CHOICE(0, "prefer", &prefer, "SIDE", "resolve contradictions with ours "
			       "(the database's values) or theirs (the snapshot's)", prefers),
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
	io.analyst = cli->analyst;
	io.name = path;
	io.flags = (dry_run ? STANCE_SNAPSHOT_DRY_RUN : 0) |
		(prefer == 0 ? STANCE_SNAPSHOT_PREFER_OURS : 0) |
		(prefer == 1 ? STANCE_SNAPSHOT_PREFER_THEIRS : 0);
	rc = stance_snapshot_import(&sum, cli->db, in, &io);
	if (in != stdin)
		fclose(in);
	if (rc == STANCE_ECONFLICT && sum.contradictions)
		rc = contradictions(&sum, rc);
	else if (rc)
		rc = cli_fail(rc);
	else if (cli->format == CLI_FORMAT_JSON)
		rc = cli_json_value(cli, stance_snapshot_summary_json(&sum));
	else
		rc = print_summary(cli, &sum, dry_run);
	if (!rc && cli->format != CLI_FORMAT_JSON)
		resolved(&sum);
	stance_snapshot_summary_clear(&sum);
	return rc;
}
