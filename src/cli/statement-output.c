/*
 * statement-output.c - statements as tables, csv and JSON: see
 * statement-output.h.
 */
#include <stdlib.h>
#include <string.h>

#include "statement-output.h"

static const char *const table_headers[] = {
	"id", "date", "party", "actor", "kind", "text", "positions"
};
#define TABLE_COLUMNS (sizeof(table_headers) / sizeof(table_headers[0]))

static const char *const csv_headers[] = {
	"id", "said_on", "party", "actor", "kind", "source", "url", "credibility",
	"recorded_by", "recorded_at", "retracted_at", "retracted_by", "retraction_reason",
	"positions", "conditions", "text"
};
#define CSV_COLUMNS (sizeof(csv_headers) / sizeof(csv_headers[0]))

/* How much of the text the table shows, in characters. */
#define EXCERPT_CHARS 48

int cli_statements_begin(struct cli_table **out, struct cli *cli)
{
	if (cli->format == CLI_FORMAT_CSV)
		return cli_table_begin(out, cli, csv_headers, CSV_COLUMNS);
	return cli_table_begin(out, cli, table_headers, TABLE_COLUMNS);
}

/* The positions as "ISSUE<sep>SYMBOL" joined by spaces, e.g.
 * "crimea-recognition:--!" (table) or "crimea-recognition=--!" (csv, the
 * syntax of --position). A new string, NULL when out of memory. */
static char *positions_summary(const stance_statement *st, char sep)
{
	size_t size = 1, len = 0;
	char *s, sym[4];

	for (size_t i = 0; i < st->npositions; i++)
		size += strlen(st->positions[i].issue) + 6;
	s = malloc(size);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < st->npositions; i++) {
		const stance_position *p = &st->positions[i];

		len += (size_t)snprintf(s + len, size - len, "%s%s%c%s", i ? " " : "", p->issue,
					sep, cli_stance_symbol(sym, p->stance, p->red_line));
	}
	return s;
}

/* The conditions as a JSON object {"issue": "condition"} for csv, "" when
 * there are none: the text of a condition may hold any character, so only
 * a real encoding keeps it apart from the next. A new string or NULL. */
static char *conditions_json(const stance_statement *st)
{
	json_t *obj = json_object();
	char *s = NULL;
	int failed = !obj;

	for (size_t i = 0; !failed && i < st->npositions; i++) {
		const stance_position *p = &st->positions[i];

		if (p->condition)
			failed = json_object_set_new(obj, p->issue, json_string(p->condition)) != 0;
	}
	if (!failed)
		s = json_object_size(obj) ? json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER)
					  : strdup("");
	json_decref(obj);
	return s;
}

static int csv_statement(struct cli_table *t, const stance_statement *st)
{
	const stance_retraction *r = st->retracted;
	char *positions = positions_summary(st, '='), *conditions = conditions_json(st);
	char credibility[8] = "";
	int rc;

	if (st->credibility)
		snprintf(credibility, sizeof(credibility), "%d", st->credibility);
	if (!positions || !conditions)
		rc = cli_error(CLI_ESOFTWARE, "out of memory");
	else
		rc = cli_table_row(t, (const char *const[]){
			st->id, st->said_on, st->party, st->actor, st->kind, st->source, st->url,
			credibility, st->recorded_by, st->recorded_at, r ? r->at : NULL,
			r ? r->by : NULL, r ? r->reason : NULL, positions, conditions, st->text });
	free(positions);
	free(conditions);
	return rc;
}

#define RETRACTED "[retracted] "

/* The table's text column: the start of the text, marked when the
 * statement is retracted; into buf. */
static const char *excerpt(char *buf, size_t size, const stance_statement *st)
{
	size_t len = (size_t)snprintf(buf, size, "%s", st->retracted ? RETRACTED : "");

	cli_excerpt(buf + len, size - len, st->text, EXCERPT_CHARS);
	return buf;
}

static int table_statement(struct cli_table *t, const stance_statement *st)
{
	char id[9], text[sizeof(RETRACTED) + CLI_EXCERPT_SIZE(EXCERPT_CHARS)];
	char *positions = positions_summary(st, ':');
	int rc;

	snprintf(id, sizeof(id), "%.8s", st->id);
	if (!positions)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	rc = cli_table_row(t, (const char *const[]){
		id, st->said_on, st->party, st->actor, st->kind,
		excerpt(text, sizeof(text), st), positions });
	free(positions);
	return rc;
}

int cli_statements_row(struct cli_table *t, const stance_statement *st)
{
	switch (cli_table_format(t)) {
	case CLI_FORMAT_JSON:
		return cli_table_json(t, stance_snapshot_statement_json(st));
	case CLI_FORMAT_CSV:
		return csv_statement(t, st);
	default:
		return table_statement(t, st);
	}
}

int cli_statement_print_json(struct cli *cli, const char *id)
{
	stance_statement *st = NULL;
	int rc = stance_statement_get(&st, cli->db, id);

	if (rc)
		return cli_fail(rc);
	rc = cli_json_value(cli, stance_snapshot_statement_json(st));
	stance_statement_free(st);
	return rc;
}
