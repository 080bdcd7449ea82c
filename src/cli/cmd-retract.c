/*
 * cmd-retract.c - `stance retract`: mark a statement as wrong; it is kept,
 * but every analysis ignores it.
 */
#include "commands.h"

static const struct cli_option options[] = {
	{ "reason", 0, "TEXT", CLI_OPT_REQUIRED, "why the statement is retracted" },
	{ NULL, 0, NULL, 0, NULL }
};

static const struct cli_spec spec = {
	"retract ID --reason TEXT", options, 1, 1, "a statement ID",
	"ID is a statement id or a unique prefix of at least 8 characters. The\n"
	"analyst is stored as who retracted it. Retracting twice is an error.\n"
	"Prints nothing, except with --format json: the statement as stored."
};

int cmd_retract(struct cli *cli, int argc, char **argv)
{
	int rc = cli_parse(cli, &spec, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	rc = stance_statement_retract(cli->db, cli->args[0], cli->analyst,
				      cli_opt(cli, "reason"), NULL);
	if (rc)
		return cli_fail(rc);
	if (cli->format == CLI_FORMAT_JSON)
		return cli_statement_print_json(cli, cli->args[0]);
	return 0;
}
