/*
 * cmd-code.c - `stance code`: add positions to a recorded statement.
 */
#include "commands.h"

static const struct cli_option options[] = {
	{ "position", 0, "ISSUE=STANCE[!]", CLI_OPT_REPEAT | CLI_OPT_REQUIRED,
	  "a position on an issue the statement does not code yet" },
	{ "condition", 0, "ISSUE=TEXT", CLI_OPT_REPEAT,
	  "the condition attached to the position on ISSUE" },
	{ NULL, 0, NULL, 0, NULL }
};

static const struct cli_spec spec = {
	"code ID --position ISSUE=STANCE[!]... [--condition ISSUE=TEXT]...",
	options, 1, 1, "a statement ID",
	"ID is a statement id or a unique prefix of at least 8 characters. An issue\n"
	"the statement already codes is refused: retract and record again to\n"
	"change a coding. A retracted statement cannot be coded. Prints nothing,\n"
	"except with --format json: the statement as stored."
};

int cmd_code(struct cli *cli, int argc, char **argv)
{
	const char *const *specs, *const *conditions;
	size_t npos, nconditions;
	stance_position *pos = NULL;
	int rc = cli_parse(cli, &spec, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	npos = cli_opt_all(cli, "position", &specs);
	nconditions = cli_opt_all(cli, "condition", &conditions);
	rc = cli_positions_parse(&pos, specs, npos, conditions, nconditions);
	if (rc)
		return rc;
	rc = stance_statement_code(cli->db, cli->args[0], pos, npos);
	if (rc)
		rc = cli_fail(rc);
	else if (cli->format == CLI_FORMAT_JSON)
		rc = cli_statement_print_json(cli, cli->args[0]);
	cli_positions_free(pos, npos);
	return rc;
}
