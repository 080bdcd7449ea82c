/*
 * cmd-show.c - `stance show`: one statement with its positions and its
 * retraction, or one assessment or outcome (design §8).
 */
#include <string.h>

#include "commands.h"
#include "statement-output.h"

static const struct cli_spec spec = {
	.usage = "show ID",
	/* "needs a statement ID": the words of the message since version 1 */
	.min_args = 1, .max_args = 1,
	.args_name = "a statement ID (or an assessment's or an outcome's)",
	.details =
	"ID is the id of a statement, an assessment or an outcome, or a unique\n"
	"prefix of at least 8 characters.\n"
	"table: a readable view; csv: the columns of 'stance statements' ('stance\n"
	"assessments', 'stance outcomes'); json: the record in the shape of the\n"
	"snapshot."
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

/* The lines every record's view ends its fields with: who recorded it,
 * and its retraction. */
static int recorded_lines(struct cli *cli, const char *at, const char *by,
			  const stance_retraction *r)
{
	int rc = cli_line(cli, "%-13s%s by %s", "recorded:", at, by);

	if (!rc && r)
		rc = cli_line(cli, "%-13s%s by %s: %s", "RETRACTED:", r->at, r->by, r->reason);
	return rc;
}

static int show_table(struct cli *cli, const stance_statement *st)
{
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
		rc = recorded_lines(cli, st->recorded_at, st->recorded_by, st->retracted);
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

static int show_statement(struct cli *cli, const char *id)
{
	stance_statement *st = NULL;
	struct cli_table *t = NULL;
	int rc = stance_statement_get(&st, cli->db, id);

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

static int assessment_table(struct cli *cli, const stance_assessment *a)
{
	char salience[32], capability[32];
	const struct {
		const char *label, *value;
	} fields[] = {
		{ "party:", a->party },
		{ "issue:", a->issue ? a->issue : "(all issues)" },
		{ "salience:", a->has_salience ? bargain_number_text(salience, a->salience) : NULL },
		{ "capability:",
		  a->has_capability ? bargain_number_text(capability, a->capability) : NULL },
		{ "as of:", a->date },
		{ "reason:", a->reason },
	};
	int rc = cli_line(cli, "assessment %s", a->id);

	for (size_t i = 0; !rc && i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].value)
			rc = cli_line(cli, "%-13s%s", fields[i].label, fields[i].value);
	return rc ? rc : recorded_lines(cli, a->recorded_at, a->recorded_by, a->retracted);
}

static int show_assessment(struct cli *cli, const char *id)
{
	stance_assessment *a = NULL;
	struct cli_table *t = NULL;
	int rc = stance_assessment_get(&a, cli->db, id);

	if (rc)
		return cli_fail(rc);
	switch (cli->format) {
	case CLI_FORMAT_JSON:
		rc = cli_json_value(cli, stance_snapshot_assessment_json(a));
		break;
	case CLI_FORMAT_CSV:
		rc = bargain_assessments_begin(&t, cli);
		if (!rc)
			rc = bargain_assessment_row(t, a);
		rc = cli_table_end(t, rc);
		break;
	default:
		rc = assessment_table(cli, a);
		break;
	}
	stance_assessment_free(a);
	return rc;
}

static int outcome_table(struct cli *cli, const stance_outcome *o)
{
	char point[32];
	int rc = cli_line(cli, "outcome %s", o->id);

	if (!rc)
		rc = cli_line(cli, "%-13s%s", "issue:", o->issue);
	if (!rc)
		rc = cli_line(cli, "%-13s%s", "decided on:", o->date);
	if (!rc)
		rc = cli_line(cli, "%-13s%s (%s)", "point:", bargain_number_text(point, o->point),
			      stance_stance_name(stance_point_stance(o->point)));
	if (!rc && o->source)
		rc = cli_line(cli, "%-13s%s", "source:", o->source);
	if (!rc)
		rc = recorded_lines(cli, o->recorded_at, o->recorded_by, o->retracted);
	if (!rc && o->text) {
		rc = cli_line(cli, "%s", "");
		if (!rc)
			rc = indented(cli, o->text);
	}
	return rc;
}

static int show_outcome(struct cli *cli, const char *id)
{
	stance_outcome *o = NULL;
	struct cli_table *t = NULL;
	int rc = stance_outcome_get(&o, cli->db, id);

	if (rc)
		return cli_fail(rc);
	switch (cli->format) {
	case CLI_FORMAT_JSON:
		rc = cli_json_value(cli, stance_snapshot_outcome_json(o));
		break;
	case CLI_FORMAT_CSV:
		rc = bargain_outcomes_begin(&t, cli);
		if (!rc)
			rc = bargain_outcome_row(t, o);
		rc = cli_table_end(t, rc);
		break;
	default:
		rc = outcome_table(cli, o);
		break;
	}
	stance_outcome_free(o);
	return rc;
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	stance_target_kind kind;
	char id[STANCE_UUID_LEN + 1];
	int rc = cli_parse_options(cli, &spec, NULL, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	rc = stance_record_resolve(&kind, id, cli->db, cli->args[0]);
	if (rc)
		return cli_fail(rc);
	switch (kind) {
	case STANCE_TARGET_ASSESSMENT:
		return show_assessment(cli, id);
	case STANCE_TARGET_OUTCOME:
		return show_outcome(cli, id);
	default:
		return show_statement(cli, id);
	}
}
