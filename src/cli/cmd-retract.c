/*
 * cmd-retract.c - `stance retract`: mark a statement as wrong; it is kept,
 * but every analysis ignores it.
 */
#include "commands.h"
#include "statement-output.h"

static const struct cli_spec spec = {
	.usage = "retract ID --reason TEXT",
	.min_args = 1, .max_args = 1, .args_name = "a statement ID",
	.details =
	"ID is a statement id or a unique prefix of at least 8 characters. The\n"
	"analyst is stored as who retracted it. Retracting twice is an error.\n"
	"Prints nothing, except with --format json: the statement as stored."
};

int cmd_retract(struct cli *cli, int argc, char **argv)
{
	const char *reason = NULL;
	const struct cli_opt opts[] = {
		CLI_OPT_STRING_F(0, "reason", &reason, "TEXT", "why the statement is retracted",
				 CLI_REQUIRED),
		CLI_OPT_END
	};
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	rc = stance_statement_retract(cli->db, cli->args[0], cli->analyst, reason, NULL);
	if (rc)
		return cli_fail(rc);
	if (cli->format == CLI_FORMAT_JSON)
		return cli_statement_print_json(cli, cli->args[0]);
	return 0;
}
