/*
 * cmd-retract.c - `stance retract` and `unretract`: mark a statement as
 * wrong (it is kept, but every analysis ignores it), or undo that; each is
 * one revision.
 */
#include "commands.h"
#include "revision-output.h"

static const struct cli_spec retract_spec = {
	.usage = "retract ID --reason TEXT",
	.min_args = 1, .max_args = 1, .args_name = "a statement ID",
	.details =
	"ID is a statement id or a unique prefix of at least 8 characters. The\n"
	"analyst is stored as who retracted it. Retracting twice is an error;\n"
	"'unretract' undoes a retraction.\n"
	CLI_REVISION_DETAILS
};

static const struct cli_spec unretract_spec = {
	.usage = "unretract ID --reason TEXT",
	.min_args = 1, .max_args = 1, .args_name = "a statement ID",
	.details =
	"ID is a statement id or a unique prefix of at least 8 characters. The\n"
	"statement takes part in every analysis again; the retraction stays in the\n"
	"history. A statement that is not retracted is refused.\n"
	CLI_REVISION_DETAILS
};

/* retract (unretract: 0) or unretract (1): the same command line. */
static int retract_or_not(struct cli *cli, int argc, char **argv, int undo)
{
	const char *reason = NULL;
	const struct cli_opt opts[] = {
		CLI_OPT_REASON(&reason, CLI_REQUIRED),
		CLI_OPT_END
	};
	stance_change_options co;
	char rev[STANCE_UUID_LEN + 1];
	int rc = cli_parse_options(cli, undo ? &unretract_spec : &retract_spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	co = cli_change_options(cli, reason);
	rc = undo ? stance_statement_unretract(rev, cli->db, cli->args[0], &co)
		  : stance_statement_retract(rev, cli->db, cli->args[0], &co);
	if (rc)
		return cli_fail(rc);
	return cli_revision_done(cli, rev, undo ? "unretracted" : "retracted", 0);
}

int cmd_retract(struct cli *cli, int argc, char **argv)
{
	return retract_or_not(cli, argc, argv, 0);
}

int cmd_unretract(struct cli *cli, int argc, char **argv)
{
	return retract_or_not(cli, argc, argv, 1);
}
