/*
 * cmd-log.c - `stance log`: the history, newest first, like `git log`: every
 * revision (who changed which members of what, from what to what, and why)
 * and every creation of a record; with a TARGET, that record's story.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis-output.h"
#include "commands.h"

static const struct cli_spec spec = {
	.usage = "log [TARGET] [--since T] [--until T] [--by ANALYST] [--limit N]",
	.min_args = 0, .max_args = 1, .args_name = "a TARGET",
	.details =
	"TARGET is a statement id (or a unique prefix of at least 8 characters) or\n"
	"a slug, a former one included: that record's story. T is a date\n"
	"(YYYY-MM-DD: --since from its start, --until to its end) or an RFC 3339 time.\n"
	"table: one line per revision, newest first: its id prefix ('created' for\n"
	"the creation of a record), when, by whom, what it changed (member: from →\n"
	"to) and why; csv: one row per member changed (from and to as JSON), a\n"
	"creation one row without a member; json: an array of revisions in the\n"
	"snapshot's shape, creations as {\"id\": null, ..., \"created\": true}."
};

static const char *const table_headers[] = {
	"revision", "at", "by", "target", "changes", "reason"
};
static const char *const csv_headers[] = {
	"id", "at", "by", "reason", "kind", "key", "member", "from", "to"
};
#define NCOLS(h) (sizeof(h) / sizeof((h)[0]))

/* How much of each the table shows, in characters. */
#define VALUE_CHARS 24
#define CHANGES_CHARS 64
#define REASON_CHARS 32

struct log_walk {
	struct analysis_walk w;
	size_t n;  /* records written */
};

/* ---- csv: the values as they are ------------------------------------ */

/* (json is stance_snapshot_revision_json(): the export's own shape) */
static int csv_revision(struct cli_table *t, const stance_revision *r)
{
	const char *kind = stance_target_kind_name(r->kind);
	int rc = 0;

	if (r->nchanges == 0)
		return cli_table_row(t, (const char *const[]){
			r->id, r->at, r->by, r->reason, kind, r->key, NULL, NULL, NULL });
	for (size_t i = 0; !rc && i < r->nchanges; i++)
		rc = cli_table_row(t, (const char *const[]){
			r->id, r->at, r->by, r->reason, kind, r->key, r->changes[i].member,
			r->changes[i].from, r->changes[i].to });
	return rc;
}

/* ---- table: the values for people ------------------------------------ */

/* A position as --position writes it ("--@10!", its condition in
 * parentheses) or a retraction as "by WHO: REASON"; a new string, NULL for
 * any other object (or when out of memory). */
static char *object_text(json_t *v)
{
	const char *name = json_string_value(json_object_get(v, "stance"));
	const char *condition = json_string_value(json_object_get(v, "condition"));
	const char *by = json_string_value(json_object_get(v, "by"));
	const char *reason = json_string_value(json_object_get(v, "reason"));
	json_t *point = json_object_get(v, "point"), *red_line = json_object_get(v, "red_line");
	size_t size = (condition ? strlen(condition) : 0) + (by ? strlen(by) : 0) +
		      (reason ? strlen(reason) : 0) + 64;
	char at[40] = "", *s = malloc(size);
	int value;

	if (s && name && stance_stance_parse(&value, NULL, name) == 0) {
		if (json_is_number(point))
			snprintf(at, sizeof(at), "@%g", json_number_value(point));
		snprintf(s, size, "%s%s%s%s%s%s", stance_stance_symbol(value), at,
			 json_is_true(red_line) ? "!" : json_is_false(red_line) ? "~" : "",
			 condition ? " (" : "", condition ? condition : "", condition ? ")" : "");
	} else if (s && by) {
		snprintf(s, size, "by %s: %s", by, reason ? reason : "");
	} else {
		free(s);
		s = NULL;
	}
	return s;
}

/* A value of the history (compact JSON text, valid: the library stores
 * no other) for the table: a string as itself, null as "(none)" (not "-",
 * which reads as the stance oppose), a position or a retraction by
 * object_text(), anything else as its JSON; cut to VALUE_CHARS characters,
 * into buf. */
static const char *value_text(char *buf, size_t size, const char *text)
{
	json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
	char *own = json_is_object(v) ? object_text(v) : NULL;
	const char *show = own ? own : text;

	if (json_is_null(v))
		show = "(none)";
	else if (json_is_string(v))
		show = json_string_value(v);
	cli_excerpt(buf, size, show, VALUE_CHARS);
	free(own);
	json_decref(v);
	return buf;
}

/* The changes of r as "member: from → to; ...", a new string (NULL when
 * out of memory). */
static char *changes_text(const stance_revision *r)
{
	char from[CLI_EXCERPT_SIZE(VALUE_CHARS)], to[CLI_EXCERPT_SIZE(VALUE_CHARS)];
	size_t size = 1, len = 0;
	char *s;

	for (size_t i = 0; i < r->nchanges; i++)
		size += strlen(r->changes[i].member) + sizeof(from) + sizeof(to) + 16;
	s = malloc(size);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < r->nchanges; i++)
		len += (size_t)snprintf(s + len, size - len, "%s%s: %s → %s", i ? "; " : "",
					r->changes[i].member,
					value_text(from, sizeof(from), r->changes[i].from),
					value_text(to, sizeof(to), r->changes[i].to));
	return s;
}

static int table_revision(struct cli_table *t, const stance_revision *r)
{
	char id[9], target[80], changes[CLI_EXCERPT_SIZE(CHANGES_CHARS)];
	char reason[CLI_EXCERPT_SIZE(REASON_CHARS)];
	char *all = r->created ? NULL : changes_text(r);
	/* records by the id prefix that show takes, entities by their slug */
	int record = r->kind >= STANCE_TARGET_STATEMENT;

	if (!r->created && !all)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	snprintf(id, sizeof(id), "%.8s", r->created ? "created" : r->id);
	snprintf(target, sizeof(target), record ? "%s %.8s" : "%s %s",
		 stance_target_kind_name(r->kind), r->key);
	if (all)
		cli_excerpt(changes, sizeof(changes), all, CHANGES_CHARS);
	if (r->reason)
		cli_excerpt(reason, sizeof(reason), r->reason, REASON_CHARS);
	free(all);
	/* a creation has neither changes nor a reason: its cells stay empty */
	return cli_table_row(t, (const char *const[]){
		id, r->at, r->by, target, r->created ? "" : changes,
		r->created ? "" : r->reason ? reason : NULL });
}

/* ---- the command ----------------------------------------------------- */

static int log_one(const stance_revision *r, void *data)
{
	struct log_walk *lw = data;
	struct analysis_walk *w = &lw->w;

	switch (w->cli->format) {
	case CLI_FORMAT_JSON:
		w->rc = cli_table_json(w->table, stance_snapshot_revision_json(r));
		break;
	case CLI_FORMAT_CSV:
		w->rc = csv_revision(w->table, r);
		break;
	default:
		w->rc = table_revision(w->table, r);
	}
	lw->n++;
	return w->rc ? 1 : 0;
}

/* --limit: a positive whole number. */
static int parse_limit(size_t *out, const char *s)
{
	char *end;
	unsigned long long n;

	*out = 0;
	if (!s)
		return 0;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || n == 0 || n > SIZE_MAX)
		return cli_error(CLI_EDATA, "invalid limit '%s' (expected a whole number from 1)", s);
	*out = (size_t)n;
	return 0;
}

int cmd_log(struct cli *cli, int argc, char **argv)
{
	stance_log_filter f = STANCE_LOG_FILTER_INIT;
	const char *limit = NULL;
	const struct cli_opt opts[] = {
		CLI_OPT_STRING(0, "since", &f.since, "T", "only what was done at or after T"),
		CLI_OPT_STRING(0, "until", &f.until, "T", "only what was done at or before T"),
		CLI_OPT_STRING(0, "by", &f.by, "ANALYST", "only what this analyst did"),
		CLI_OPT_STRING(0, "limit", &limit, "N", "at most the N newest"),
		CLI_OPT_END
	};
	struct log_walk lw = { .n = 0 };
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	rc = parse_limit(&f.limit, limit);
	if (rc)
		return rc;
	f.target = cli->nargs ? cli->args[0] : NULL;
	rc = analysis_walk_begin(&lw.w, cli, table_headers, NCOLS(table_headers), csv_headers,
				 NCOLS(csv_headers));
	if (!rc)
		rc = stance_revision_foreach(cli->db, &f, log_one, &lw);
	if (rc >= 0 && !lw.w.rc && !lw.n && cli->format == CLI_FORMAT_TABLE) {
		/* a table without rows says so, as `conflicts` does; a failed
		 * rc makes cli_table_end() free the table without writing */
		cli_table_end(lw.w.table, CLI_EUSAGE);
		return cli_printf(cli, "no history\n");
	}
	return analysis_walk_end(&lw.w, rc);
}
