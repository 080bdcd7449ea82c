/*
 * cmd-code.c - `stance code`, `recode` and `uncode`: add, change and
 * remove the positions of a recorded statement, each as one revision.
 */
#include "commands.h"
#include "revision-output.h"

#define POSITION_HELP \
	"POSITION is STANCE (--, -, 0, +, ++ or a name), @POINT (0-100 on the\n" \
	"issue's scale) or STANCE@POINT, then ! (a red line), ~ (stated as open to\n" \
	"negotiation) or nothing (not stated). "

#define STATEMENT_ID_HELP \
	"ID is a statement id or a unique prefix of at least 8 characters; a\n" \
	"retracted statement is refused. "

static const struct cli_spec code_spec = {
	.usage = "code ID --position ISSUE=POSITION... [--condition ISSUE=TEXT]... [--reason TEXT]",
	.min_args = 1, .max_args = 1, .args_name = "a statement ID",
	.details =
	STATEMENT_ID_HELP POSITION_HELP "An issue the statement already\n"
	"codes is refused: 'recode' changes a coding.\n"
	CLI_REVISION_DETAILS
};

static const struct cli_spec recode_spec = {
	.usage = "recode ID --position ISSUE=POSITION... [--condition ISSUE=TEXT]... [--reason TEXT]",
	.min_args = 1, .max_args = 1, .args_name = "a statement ID",
	.details =
	STATEMENT_ID_HELP POSITION_HELP "Each position replaces the\n"
	"statement's coding of its issue whole, its condition included (none unless\n"
	"--condition gives one); an issue the statement does not code is refused:\n"
	"'code' adds one. The old coding stays in the history.\n"
	CLI_REVISION_DETAILS
};

static const struct cli_spec uncode_spec = {
	.usage = "uncode ID --issue ISSUE... [--reason TEXT]",
	.min_args = 1, .max_args = 1, .args_name = "a statement ID",
	.details =
	STATEMENT_ID_HELP "Removes the statement's coding of each issue\n"
	"given; an issue it does not code is refused. The old coding stays in the\n"
	"history.\n"
	CLI_REVISION_DETAILS
};

/* code (recode: 0) or recode (1): the same command line. */
static int code_or_recode(struct cli *cli, int argc, char **argv, int recode)
{
	struct cli_strings specs = { 0 }, conditions = { 0 };
	const char *reason = NULL;
	const struct cli_opt opts[] = {
		CLI_OPT_STRINGS_F(0, "position", &specs, "ISSUE=POSITION",
				  recode ? "the new coding of an issue the statement codes"
					 : "a position on an issue the statement does not code yet",
				  CLI_REQUIRED),
		CLI_OPT_STRINGS(0, "condition", &conditions, "ISSUE=TEXT",
				"the condition attached to the position on ISSUE"),
		CLI_OPT_REASON(&reason, 0),
		CLI_OPT_END
	};
	stance_position *pos = NULL;
	stance_change_options co;
	char rev[STANCE_UUID_LEN + 1];
	int rc = cli_parse_options(cli, recode ? &recode_spec : &code_spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	rc = cli_positions_parse(&pos, &specs, &conditions);
	if (rc)
		return rc;
	co = cli_change_options(cli, reason);
	rc = recode ? stance_statement_recode(rev, cli->db, cli->args[0], pos, specs.n, &co)
		    : stance_statement_code(rev, cli->db, cli->args[0], pos, specs.n, &co);
	cli_positions_free(pos, specs.n);
	if (rc)
		return cli_fail(rc);
	return cli_revision_done(cli, rev, recode ? "recoded" : "coded", CLI_REVISION_MEMBERS);
}

int cmd_code(struct cli *cli, int argc, char **argv)
{
	return code_or_recode(cli, argc, argv, 0);
}

int cmd_recode(struct cli *cli, int argc, char **argv)
{
	return code_or_recode(cli, argc, argv, 1);
}

int cmd_uncode(struct cli *cli, int argc, char **argv)
{
	struct cli_strings issues = { 0 };
	const char *reason = NULL;
	const struct cli_opt opts[] = {
		CLI_OPT_STRINGS_F(0, "issue", &issues, "ISSUE",
				  "an issue whose coding to remove (repeatable)", CLI_REQUIRED),
		CLI_OPT_REASON(&reason, 0),
		CLI_OPT_END
	};
	stance_change_options co;
	char rev[STANCE_UUID_LEN + 1];
	int rc = cli_parse_options(cli, &uncode_spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	co = cli_change_options(cli, reason);
	rc = stance_statement_uncode(rev, cli->db, cli->args[0], issues.v, issues.n, &co);
	if (rc)
		return cli_fail(rc);
	return cli_revision_done(cli, rev, "uncoded", CLI_REVISION_MEMBERS);
}
