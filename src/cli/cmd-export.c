/*
 * cmd-export.c - `stance export [-o FILE]`: the whole database as one JSON
 * snapshot, to stdout or to FILE.
 *
 * FILE is written as a temporary file beside it, synced and renamed over
 * it, so that a failed export never leaves half a snapshot nor clobbers an
 * existing FILE.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"

static const struct cli_option options[] = {
	{ "output", 'o', "FILE", 0, "write to FILE (replaced whole) instead of stdout" },
	{ NULL, 0, NULL, 0, NULL }
};

static const struct cli_spec spec = {
	"export [-o FILE]", options, 0, 0, NULL,
	"Writes every party, actor, source, issue and statement (retracted ones\n"
	"too) as one JSON snapshot (docs/snapshot.md). The output is the same\n"
	"for the same database but for \"exported_at\". With -o, FILE is written\n"
	"to a temporary file in its directory and renamed when complete; it is\n"
	"created with mode 0600, as the database is. --format does not apply."
};

/* Syncs the directory that holds path, so that the rename is durable; a
 * file system that cannot sync directories is not an error. */
static void sync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd = copy ? open(dirname(copy), O_RDONLY | O_DIRECTORY) : -1;

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

/* Exports into path through a temporary file; returns the exit code. */
static int export_file(struct cli *cli, const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *tmp = malloc(strlen(path) + 16), *copy = strdup(path);
	FILE *f = NULL;
	int created = 0, fd, rc;

	if (!tmp || !copy) {
		rc = cli_error(CLI_ESOFTWARE, "out of memory");
		goto done;
	}
	/* beside FILE, so that the rename stays on one file system */
	sprintf(tmp, "%s/.%s.XXXXXX", dirname(copy), base);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = cli_error(CLI_ECANTCREATE, "cannot create '%s': %s", path, strerror(errno));
		goto done;
	}
	created = 1;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		rc = cli_error(CLI_EIO, "cannot write '%s': %s", path, strerror(errno));
		goto done;
	}
	rc = stance_snapshot_export(cli->db, f);
	if (rc) {
		rc = cli_fail(rc);
		goto done;
	}
	errno = 0;
	rc = fflush(f) != 0 || fsync(fileno(f)) != 0;
	rc = fclose(f) != 0 || rc;
	f = NULL;
	if (rc) {
		rc = cli_error(CLI_EIO, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		goto done;
	}
	if (rename(tmp, path) != 0) {
		rc = cli_error(CLI_ECANTCREATE, "cannot create '%s': %s", path, strerror(errno));
		goto done;
	}
	created = 0;
	sync_dir(path);
done:
	if (f)
		fclose(f);
	if (created)
		unlink(tmp);
	free(tmp);
	free(copy);
	return rc;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	int rc = cli_parse(cli, &spec, argc, argv);
	const char *path;

	if (rc != CLI_RUN)
		return rc;
	path = cli_opt(cli, "output");
	if (path && strcmp(path, "-") != 0)
		return export_file(cli, path);
	rc = stance_snapshot_export(cli->db, cli->out);
	/* said once here; the dispatcher's flush must not say it again */
	if (rc == STANCE_EIO)
		cli->out_failed = 1;
	return rc ? cli_fail(rc) : cli_flush(cli);
}
