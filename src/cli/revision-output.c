/*
 * revision-output.c - what the correcting commands print: see
 * revision-output.h.
 */
#include <stdio.h>
#include <string.h>

#include "revision-output.h"

/* How much of a statement's text a message quotes, at most, in
 * characters: "There is nothing new…". */
#define LABEL_CHARS 21

stance_change_options cli_change_options(const struct cli *cli, const char *reason)
{
	stance_change_options co = STANCE_CHANGE_OPTIONS_INIT;

	co.by = cli->analyst;
	co.reason = reason;
	return co;
}

/* How many characters of text a label quotes: LABEL_CHARS, or fewer to
 * end after a word (the blank is dropped before the "…"). */
static size_t label_chars(const char *text)
{
	size_t n = 0, best = 0;

	for (const char *p = text; *p; p++) {
		if (((unsigned char)*p & 0xc0) == 0x80)
			continue;
		if (n >= LABEL_CHARS)
			return best ? best : LABEL_CHARS;
		if (*p == ' ')
			best = n + 1;
		n++;
	}
	return LABEL_CHARS;
}

const char *cli_statement_label(char *buf, size_t size, stance_db *db, const char *id)
{
	char text[CLI_EXCERPT_SIZE(LABEL_CHARS)];
	stance_statement *st = NULL;

	if (stance_statement_get(&st, db, id) == 0)
		snprintf(buf, size, "%.8s \"%s\"", st->id,
			 cli_excerpt(text, sizeof(text), st->text, label_chars(st->text)));
	else
		snprintf(buf, size, "%.8s", id);
	stance_statement_free(st);
	return buf;
}

/* The members r changed, "name, kind" (positions.ISSUE as ISSUE), into
 * buf; the slug, which the target names with its old and new value, is
 * not listed. */
static void list_members(char *buf, size_t size, const stance_revision *r)
{
	static const char positions[] = "positions.";
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->nchanges && len < size; i++) {
		const char *m = r->changes[i].member;

		if (strcmp(m, "slug") == 0)
			continue;
		if (strncmp(m, positions, strlen(positions)) == 0)
			m += strlen(positions);
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "", m);
	}
}

/* The slug an entity had before r renamed it, or NULL when r is no
 * rename; a new JSON reference in *holder, which owns the string. */
static const char *former_slug(const stance_revision *r, json_t **holder)
{
	*holder = NULL;
	for (size_t i = 0; i < r->nchanges; i++)
		if (strcmp(r->changes[i].member, "slug") == 0)
			*holder = json_loads(r->changes[i].from, JSON_DECODE_ANY, NULL);
	return json_string_value(*holder);
}

/* What r corrected: "party 'iran'", "party 'ir' to 'iran'" for a rename,
 * a statement's label, or "assessment 1a2b3c4d"; into buf. */
static void describe_target(char *buf, size_t size, stance_db *db, const stance_revision *r)
{
	const char *kind = stance_target_kind_name(r->kind), *from;
	json_t *holder;

	if (r->kind == STANCE_TARGET_STATEMENT) {
		cli_statement_label(buf, size, db, r->key);
		return;
	}
	/* an assessment or an outcome, by its id as `show` takes it */
	if (r->kind == STANCE_TARGET_ASSESSMENT || r->kind == STANCE_TARGET_OUTCOME) {
		snprintf(buf, size, "%s %.8s", kind, r->key);
		return;
	}
	from = former_slug(r, &holder);
	if (from)
		snprintf(buf, size, "%s '%s' to '%s'", kind, from, r->key);
	else
		snprintf(buf, size, "%s '%s'", kind, r->key);
	json_decref(holder);
}

/* The revision's id on stdout: a uuid, which needs no csv quoting. */
static int print_id(struct cli *cli, const char *rev)
{
	if (cli->format == CLI_FORMAT_JSON)
		return cli_json_value(cli, json_pack("{s:s}", "revision", rev));
	return cli_printf(cli, "%s%s\n", cli->format == CLI_FORMAT_CSV ? "revision\n" : "", rev);
}

int cli_revision_done(struct cli *cli, const char *rev, const char *verb, unsigned flags)
{
	char what[512], members[512] = "";
	stance_revision *r = NULL;
	int rc = print_id(cli, rev);

	/* the message says it is done: only once the result is out */
	if (!rc)
		rc = cli_flush(cli);
	if (rc || cli->format == CLI_FORMAT_JSON)
		return rc;
	rc = stance_revision_get(&r, cli->db, rev);
	if (rc)
		return cli_fail(rc);
	describe_target(what, sizeof(what), cli->db, r);
	if (flags & CLI_REVISION_MEMBERS)
		list_members(members, sizeof(members), r);
	cli_said("%s %s%s%s (revision %.8s)", verb, what, *members ? ": " : "", members, rev);
	stance_revision_free(r);
	return 0;
}
