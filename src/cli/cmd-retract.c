/*
 * cmd-retract.c - `stance retract` and `unretract`: mark a statement, an
 * assessment or an outcome as wrong (it is kept, but every analysis and
 * forecast ignores it), or undo that; each is one revision.
 */
#include "commands.h"
#include "revision-output.h"

/* "needs a statement ID" stays the words of the message that the ID is
 * missing, as before assessments and outcomes could be retracted. */
#define ID_NAME "a statement ID (or an assessment's or an outcome's)"

#define ID_DETAILS \
	"ID is the id of a statement, an assessment or an outcome, or a unique\n" \
	"prefix of at least 8 characters.\n"

static const struct cli_spec retract_spec = {
	.usage = "retract ID --reason TEXT",
	.min_args = 1, .max_args = 1, .args_name = ID_NAME,
	.details =
	ID_DETAILS
	"The analyst is stored as who retracted it. A retracted statement takes no\n"
	"part in any analysis, a retracted assessment or outcome none in any\n"
	"forecast or backtest. Retracting twice is an error; 'unretract' undoes a\n"
	"retraction.\n"
	CLI_REVISION_DETAILS
};

static const struct cli_spec unretract_spec = {
	.usage = "unretract ID --reason TEXT",
	.min_args = 1, .max_args = 1, .args_name = ID_NAME,
	.details =
	ID_DETAILS
	"The record takes part in every analysis and forecast again; the\n"
	"retraction stays in the history. One that is not retracted is refused.\n"
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
	stance_target_kind kind;
	char id[STANCE_UUID_LEN + 1], rev[STANCE_UUID_LEN + 1];
	int rc = cli_parse_options(cli, undo ? &unretract_spec : &retract_spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	co = cli_change_options(cli, reason);
	rc = stance_record_resolve(&kind, id, cli->db, cli->args[0]);
	if (!rc)
		rc = undo ? stance_record_unretract(rev, cli->db, kind, id, &co)
			  : stance_record_retract(rev, cli->db, kind, id, &co);
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
