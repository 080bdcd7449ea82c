/*
 * cmd-export.c - `stance export [-o FILE] [--as-known T]`: the whole
 * database as one JSON snapshot, to stdout or to FILE; as known at T, the
 * database as it stood then.
 *
 * A regular FILE is written as a temporary file beside it, synced and
 * renamed over it, so that a failed export never leaves half a snapshot
 * nor clobbers an existing FILE; a device or FIFO is written directly
 * (cli_output()).
 */
#include <errno.h>

#include "commands.h"

static const struct cli_spec spec = {
	.usage = "export [-o FILE] [--as-known T]",
	.details =
	"Writes every party, actor, source, issue and statement (retracted ones\n"
	"too) as one JSON snapshot (docs/snapshot.md). The output is the same\n"
	"for the same database but for \"exported_at\". With -o, FILE is written\n"
	"to a temporary file in its directory and renamed when complete; it is\n"
	"created with mode 0600, as the database is. A FILE that is a device or a\n"
	"FIFO (/dev/stdout, >(gzip)) is written directly; a symlink is followed;\n"
	"the database and its -wal and -shm are refused. --format does not apply.\n"
	"--as-known T exports the database as it stood at T (a date means its\n"
	"end, or an RFC 3339 time): the records made by then, each member with the\n"
	"value it had, and the history up to then (docs/design.md)."
};

/* Writes the snapshot to cli->out, which cli_output() points at stdout
 * or at the temporary file. */
static int export_to(struct cli *cli, void *ctx)
{
	const stance_export_options *o = ctx;
	int rc, err;

	errno = 0;
	rc = stance_snapshot_export_opts(cli->db, cli->out, o);
	err = errno;
	/* a failed write names what was written to ('-o FILE' or standard
	 * output), as every other command's does, and is said once: the
	 * dispatcher's flush must not say it again */
	if (rc == STANCE_EIO && ferror(cli->out))
		return cli_write_failed(cli, err);
	if (rc == STANCE_EIO)
		cli->out_failed = 1;
	return rc ? cli_fail(rc) : cli_flush(cli);
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	stance_export_options o = STANCE_EXPORT_OPTIONS_INIT;
	const char *path = NULL;
	const struct cli_opt opts[] = {
		CLI_OPT_OUTPUT(&path),
		CLI_OPT_STRING(0, "as-known", &o.as_known, "T",
			       "the database as it stood at T (a date or an RFC 3339 time)"),
		CLI_OPT_END
	};
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	return cli_output(cli, path, export_to, &o);
}
