/*
 * cmd-show.c - `stance show`: one statement with its positions and its
 * retraction.
 */
#include <string.h>

#include "commands.h"
#include "statement-output.h"

static const struct cli_spec spec = {
	.usage = "show ID",
	.min_args = 1, .max_args = 1, .args_name = "a statement ID",
	.details =
	"ID is a statement id or a unique prefix of at least 8 characters.\n"
	"table: a readable view; csv: the columns of 'stance statements'; json:\n"
	"the statement in the shape of the snapshot."
};

/* Writes text indented by four spaces, line by line. */
static int indented(struct cli *cli, const char *text)
{
	int rc = 0;

	while (!rc && *text) {
		size_t n = strcspn(text, "\n");

		/* a blank line of the text stays blank, without trailing spaces */
		rc = cli_line(cli, "%s%.*s", n ? "    " : "", (int)n, text);
		text += n + (text[n] == '\n');
	}
	return rc;
}

static int show_table(struct cli *cli, const stance_statement *st)
{
	const stance_retraction *r = st->retracted;
	char credibility[8], sym[4];
	const struct {
		const char *label, *value;
	} fields[] = {
		{ "party:", st->party },
		{ "actor:", st->actor },
		{ "said on:", st->said_on },
		{ "kind:", st->kind },
		{ "source:", st->source },
		{ "url:", st->url },
		{ "credibility:", st->credibility ? credibility : NULL },
	};
	int rc;

	snprintf(credibility, sizeof(credibility), "%d", st->credibility);
	rc = cli_line(cli, "statement %s", st->id);
	for (size_t i = 0; !rc && i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].value)
			rc = cli_line(cli, "%-13s%s", fields[i].label, fields[i].value);
	if (!rc)
		rc = cli_line(cli, "%-13s%s by %s", "recorded:", st->recorded_at, st->recorded_by);
	if (!rc && r)
		rc = cli_line(cli, "%-13s%s by %s: %s", "RETRACTED:", r->at, r->by, r->reason);
	if (!rc)
		rc = cli_line(cli, "%s", "");
	if (!rc)
		rc = indented(cli, st->text);
	if (!rc)
		rc = cli_line(cli, "%s", "");
	if (!rc)
		rc = cli_line(cli, "positions:%s", st->npositions ? "" : " none (not coded)");
	for (size_t i = 0; !rc && i < st->npositions; i++) {
		const stance_position *p = &st->positions[i];

		rc = cli_line(cli, "  %s: %s %s%s%s%s", p->issue,
			      cli_stance_symbol(sym, p->stance, p->red_line),
			      stance_stance_name(p->stance), p->red_line ? ", red line" : "",
			      p->condition ? ", on condition: " : "",
			      p->condition ? p->condition : "");
	}
	return rc;
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	stance_statement *st = NULL;
	struct cli_table *t = NULL;
	int rc = cli_parse_options(cli, &spec, NULL, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	rc = stance_statement_get(&st, cli->db, cli->args[0]);
	if (rc)
		return cli_fail(rc);
	switch (cli->format) {
	case CLI_FORMAT_JSON:
		rc = cli_json_value(cli, stance_snapshot_statement_json(st));
		break;
	case CLI_FORMAT_CSV:
		rc = cli_statements_begin(&t, cli);
		if (!rc)
			rc = cli_statements_row(t, st);
		rc = cli_table_end(t, rc);
		break;
	default:
		rc = show_table(cli, st);
		break;
	}
	stance_statement_free(st);
	return rc;
}
