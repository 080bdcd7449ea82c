/*
 * cmd-export.c - `stance export [-o FILE]`: the whole database as one JSON
 * snapshot, to stdout or to FILE.
 *
 * A regular FILE is written as a temporary file beside it, synced and
 * renamed over it, so that a failed export never leaves half a snapshot
 * nor clobbers an existing FILE; a device or FIFO is written directly
 * (cli_output()).
 */
#include <errno.h>

#include "commands.h"

static const struct cli_spec spec = {
	.usage = "export [-o FILE]",
	.details =
	"Writes every party, actor, source, issue and statement (retracted ones\n"
	"too) as one JSON snapshot (docs/snapshot.md). The output is the same\n"
	"for the same database but for \"exported_at\". With -o, FILE is written\n"
	"to a temporary file in its directory and renamed when complete; it is\n"
	"created with mode 0600, as the database is. A FILE that is a device or a\n"
	"FIFO (/dev/stdout, >(gzip)) is written directly; a symlink is followed;\n"
	"the database and its -wal and -shm are refused. --format does not apply."
};

/* Writes the snapshot to cli->out, which cli_output() points at stdout
 * or at the temporary file. */
static int export_to(struct cli *cli, void *ctx)
{
	int rc, err;

	(void)ctx;
	errno = 0;
	rc = stance_snapshot_export(cli->db, cli->out);
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
	const char *path = NULL;
	const struct cli_opt opts[] = {
		CLI_OPT_OUTPUT(&path),
		CLI_OPT_END
	};
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	return cli_output(cli, path, export_to, NULL);
}
