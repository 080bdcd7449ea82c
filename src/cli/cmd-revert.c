/*
 * cmd-revert.c - `stance revert`: undo a revision with a new one, so that
 * the undone change stays in the history too.
 */
#include "commands.h"
#include "revision-output.h"

static const struct cli_spec spec = {
	.usage = "revert REVISION [--reason TEXT]",
	.min_args = 1, .max_args = 1, .args_name = "a REVISION id",
	.details =
	"REVISION is a revision id ('stance log') or a unique prefix of at least 8\n"
	"characters. Writes a revision that sets each member REVISION changed back\n"
	"to its old value; refused when a later revision changed one of those\n"
	"members since (the message names it: revert that one first).\n"
	CLI_REVISION_DETAILS
};

int cmd_revert(struct cli *cli, int argc, char **argv)
{
	const char *reason = NULL;
	const struct cli_opt opts[] = { CLI_OPT_REASON(&reason, 0), CLI_OPT_END };
	char undone[STANCE_UUID_LEN + 1], rev[STANCE_UUID_LEN + 1], verb[64];
	stance_change_options co;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	co = cli_change_options(cli, reason);
	rc = stance_revision_resolve(undone, cli->db, cli->args[0]);
	if (!rc)
		rc = stance_revision_revert(rev, cli->db, undone, &co);
	if (rc)
		return cli_fail(rc);
	snprintf(verb, sizeof(verb), "reverted %.8s on", undone);
	return cli_revision_done(cli, rev, verb, CLI_REVISION_MEMBERS);
}
