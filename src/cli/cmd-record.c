/*
 * cmd-record.c - `stance record`: log a statement with its positions.
 */
#include <string.h>

#include "commands.h"

static const struct cli_spec spec = {
	.usage =
	"record (--party PARTY | --actor ACTOR | both) --date YYYY-MM-DD --text TEXT\n"
	"              [--kind quote|paraphrase|proposal|report] [--source SOURCE] [--url URL]\n"
	"              [--credibility 1-6] [--position ISSUE=POSITION]... [--condition ISSUE=TEXT]...",
	.details =
	"Prints the new statement's id; json: {\"id\": \"<uuid>\"}. recorded_by is the\n"
	"analyst. POSITION is STANCE (--, -, 0, +, ++ or a name), @POINT (0-100 on\n"
	"the issue's scale) or STANCE@POINT, then ! (a red line), ~ (stated as open\n"
	"to negotiation) or nothing (not stated). A statement has at most one\n"
	"position per issue; positions can be added later with 'stance code'."
};

/* --credibility: one digit from 1 to 6, nothing else. */
static int parse_credibility(int *out, const char *s)
{
	*out = 0;
	if (!s)
		return 0;
	if (strlen(s) != 1 || s[0] < '1' || s[0] > '6')
		return cli_error(CLI_EDATA, "invalid credibility '%s' (choose from 1 to 6)", s);
	*out = s[0] - '0';
	return 0;
}

/* What the command line says of the statement. */
struct record_opts {
	const char *party, *actor, *date, *text, *kind, *source, *url, *credibility;
	struct cli_strings positions, conditions;
};

/* Records the statement of o; its id into id. Returns 0 or the exit code. */
static int record(char id[STANCE_UUID_LEN + 1], struct cli *cli, const struct record_opts *o)
{
	stance_position *pos = NULL;
	stance_record_options st = STANCE_RECORD_OPTIONS_INIT;
	int rc = parse_credibility(&st.credibility, o->credibility);

	if (!rc)
		rc = cli_positions_parse(&pos, &o->positions, &o->conditions);
	if (rc)
		return rc;
	/* the strings borrow from argv; the library keeps none of them */
	st.party = o->party;
	st.actor = o->actor;
	st.said_on = o->date;
	st.text = o->text;
	st.kind = o->kind;
	st.source = o->source;
	st.url = o->url;
	st.recorded_by = cli->analyst;
	st.positions = pos;
	st.npositions = o->positions.n;
	rc = stance_statement_record(id, cli->db, &st);
	if (rc)
		rc = cli_fail(rc);
	cli_positions_free(pos, o->positions.n);
	return rc;
}

static int print_id(struct cli *cli, const char *id)
{
	static const char *const headers[] = { "id" };
	struct cli_table *t = NULL;
	int rc;

	if (cli->format == CLI_FORMAT_JSON)
		return cli_json_value(cli, json_pack("{s:s}", "id", id));
	if (cli->format == CLI_FORMAT_TABLE)
		return cli_printf(cli, "%s\n", id);
	rc = cli_table_begin(&t, cli, headers, 1);
	if (!rc)
		rc = cli_table_row(t, (const char *const[]){ id });
	return cli_table_end(t, rc);
}

int cmd_record(struct cli *cli, int argc, char **argv)
{
	struct record_opts o = { 0 };
	const struct cli_opt opts[] = {
		CLI_OPT_STRING(0, "party", &o.party, "PARTY", "the party the statement speaks for"),
		CLI_OPT_STRING(0, "actor", &o.actor, "ACTOR",
			       "who said it (the party defaults to the actor's)"),
		CLI_OPT_STRING_F(0, "date", &o.date, "YYYY-MM-DD", "when it was said", CLI_REQUIRED),
		CLI_OPT_STRING_F(0, "text", &o.text, "TEXT", "the verbatim text or a summary",
				 CLI_REQUIRED),
		CLI_OPT_STRING(0, "kind", &o.kind, "KIND",
			       "quote, paraphrase, proposal or report (default: quote)"),
		CLI_OPT_STRING(0, "source", &o.source, "SOURCE", "where it was read"),
		CLI_OPT_STRING(0, "url", &o.url, "URL", "where it can be read again"),
		CLI_OPT_STRING(0, "credibility", &o.credibility, "1-6",
			       "1 (confirmed) to 6 (cannot be judged)"),
		CLI_OPT_STRINGS(0, "position", &o.positions, "ISSUE=POSITION",
				"the position on ISSUE (see below); repeatable"),
		CLI_OPT_STRINGS(0, "condition", &o.conditions, "ISSUE=TEXT",
				"the condition attached to the position on ISSUE"),
		CLI_OPT_END
	};
	char id[STANCE_UUID_LEN + 1];
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	if (!o.party && !o.actor)
		return cli_usage_error("'stance record' needs --party PARTY or --actor ACTOR");
	rc = record(id, cli, &o);
	return rc ? rc : print_id(cli, id);
}
