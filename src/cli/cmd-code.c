/*
 * cmd-code.c - `stance code`: add positions to a recorded statement.
 */
#include "commands.h"
#include "statement-output.h"

static const struct cli_spec spec = {
	.usage = "code ID --position ISSUE=STANCE[!]... [--condition ISSUE=TEXT]...",
	.min_args = 1, .max_args = 1, .args_name = "a statement ID",
	.details =
	"ID is a statement id or a unique prefix of at least 8 characters. An issue\n"
	"the statement already codes is refused: retract and record again to\n"
	"change a coding. A retracted statement cannot be coded. Prints nothing,\n"
	"except with --format json: the statement as stored."
};

int cmd_code(struct cli *cli, int argc, char **argv)
{
	struct cli_strings specs = { 0 }, conditions = { 0 };
	const struct cli_opt opts[] = {
		CLI_OPT_STRINGS_F(0, "position", &specs, "ISSUE=STANCE[!]",
				  "a position on an issue the statement does not code yet",
				  CLI_REQUIRED),
		CLI_OPT_STRINGS(0, "condition", &conditions, "ISSUE=TEXT",
				"the condition attached to the position on ISSUE"),
		CLI_OPT_END
	};
	stance_position *pos = NULL;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	rc = cli_positions_parse(&pos, &specs, &conditions);
	if (rc)
		return rc;
	rc = stance_statement_code(cli->db, cli->args[0], pos, specs.n);
	if (rc)
		rc = cli_fail(rc);
	else if (cli->format == CLI_FORMAT_JSON)
		rc = cli_statement_print_json(cli, cli->args[0]);
	cli_positions_free(pos, specs.n);
	return rc;
}
