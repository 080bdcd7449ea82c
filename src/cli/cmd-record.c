/*
 * cmd-record.c - `stance record`: log a statement with its positions.
 */
#include <string.h>

#include "commands.h"

static const struct cli_option options[] = {
	{ "party", 0, "PARTY", 0, "the party the statement speaks for" },
	{ "actor", 0, "ACTOR", 0, "who said it (the party defaults to the actor's)" },
	{ "date", 0, "YYYY-MM-DD", CLI_OPT_REQUIRED, "when it was said" },
	{ "text", 0, "TEXT", CLI_OPT_REQUIRED, "the verbatim text or a summary" },
	{ "kind", 0, "KIND", 0, "quote, paraphrase, proposal or report (default: quote)" },
	{ "source", 0, "SOURCE", 0, "where it was read" },
	{ "url", 0, "URL", 0, "where it can be read again" },
	{ "credibility", 0, "1-6", 0, "1 (confirmed) to 6 (cannot be judged)" },
	{ "position", 0, "ISSUE=STANCE[!]", CLI_OPT_REPEAT,
	  "STANCE: --, -, 0, +, ++ or a name; ! marks a red line" },
	{ "condition", 0, "ISSUE=TEXT", CLI_OPT_REPEAT,
	  "the condition attached to the position on ISSUE" },
	{ NULL, 0, NULL, 0, NULL }
};

static const struct cli_spec spec = {
	"record (--party PARTY | --actor ACTOR | both) --date YYYY-MM-DD --text TEXT\n"
	"              [--kind quote|paraphrase|proposal|report] [--source SOURCE] [--url URL]\n"
	"              [--credibility 1-6] [--position ISSUE=STANCE[!]]... [--condition ISSUE=TEXT]...",
	options, 0, 0, NULL,
	"Prints the new statement's id; json: {\"id\": \"<uuid>\"}. recorded_by is the\n"
	"analyst. A statement has at most one position per issue; positions can be\n"
	"added later with 'stance code'."
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

int cmd_record(struct cli *cli, int argc, char **argv)
{
	static const char *const headers[] = { "id" };
	const char *const *specs, *const *conditions;
	size_t npos, nconditions;
	stance_position *pos = NULL;
	struct cli_table *t = NULL;
	char id[STANCE_UUID_LEN + 1];
	stance_statement st = { 0 };
	int rc = cli_parse(cli, &spec, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	if (!cli_opt(cli, "party") && !cli_opt(cli, "actor"))
		return cli_usage_error("'stance record' needs --party PARTY or --actor ACTOR");
	npos = cli_opt_all(cli, "position", &specs);
	nconditions = cli_opt_all(cli, "condition", &conditions);
	rc = parse_credibility(&st.credibility, cli_opt(cli, "credibility"));
	if (!rc)
		rc = cli_positions_parse(&pos, specs, npos, conditions, nconditions);
	if (rc)
		goto done;
	/* the strings borrow from argv; the library only reads them */
	st.party = (char *)cli_opt(cli, "party");
	st.actor = (char *)cli_opt(cli, "actor");
	st.said_on = (char *)cli_opt(cli, "date");
	st.text = (char *)cli_opt(cli, "text");
	st.kind = (char *)cli_opt(cli, "kind");
	st.source = (char *)cli_opt(cli, "source");
	st.url = (char *)cli_opt(cli, "url");
	st.recorded_by = (char *)cli->analyst;
	st.positions = pos;
	st.npositions = npos;
	rc = stance_statement_record(id, cli->db, &st);
	if (rc) {
		rc = cli_fail(rc);
		goto done;
	}
	if (cli->format == CLI_FORMAT_JSON) {
		rc = cli_json_value(cli, json_pack("{s:s}", "id", id));
	} else if (cli->format == CLI_FORMAT_CSV) {
		rc = cli_table_begin(&t, cli, headers, 1);
		if (!rc)
			rc = cli_table_row(t, (const char *const[]){ id });
		rc = cli_table_end(t, rc);
	} else {
		rc = cli_printf(cli, "%s\n", id);
	}
done:
	cli_positions_free(pos, npos);
	return rc;
}
