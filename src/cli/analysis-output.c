/*
 * analysis-output.c - what the analysis commands share: see
 * analysis-output.h.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis-output.h"

stance_scope analysis_scope(const struct analysis_opts *o)
{
	stance_scope s = STANCE_SCOPE_INIT;

	s.parties = o->parties.v;
	s.nparties = o->parties.n;
	s.issues = o->issues.v;
	s.nissues = o->issues.n;
	s.as_of = o->as_of;
	s.as_known = o->as_known;
	return s;
}

/* Appends a copy of e to the list ctx. */
static int append_copy(const stance_entity *e, void *ctx)
{
	struct entity_list *l = ctx;
	stance_entity *grown = realloc(l->items, (l->n + 1) * sizeof(*grown)), *to;
	int rc = 0;

	if (!grown)
		return STANCE_ENOMEM;
	l->items = grown;
	/* counted before it is filled: the free releases what a failure left */
	to = memset(&grown[l->n++], 0, sizeof(*to));
	to->type = e->type;
	for (size_t i = 0; !rc && i < STANCE_ENTITY_MAX_FIELDS; i++)
		if (e->field[i] && !(to->field[i] = strdup(e->field[i])))
			rc = STANCE_ENOMEM;
	return rc;
}

int analysis_entities_load(struct entity_list *l, stance_db *db, stance_entity_type type,
			   const stance_scope *scope)
{
	int rc;

	memset(l, 0, sizeof(*l));
	rc = stance_entities_foreach(db, scope, type, append_copy, l);
	if (rc == STANCE_ENOMEM)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	return rc ? cli_fail(rc) : 0;
}

enum analysis_color analysis_stance_color(int stance, int red_line)
{
	if (red_line)
		return ANALYSIS_ALARM;
	if (stance > 0)
		return ANALYSIS_SUPPORT;
	return stance < 0 ? ANALYSIS_OPPOSE : ANALYSIS_PLAIN;
}

static const char *const escapes[] = {
	[ANALYSIS_PLAIN] = "",
	[ANALYSIS_BOLD] = "\033[1m",
	[ANALYSIS_SUPPORT] = "\033[32m",
	[ANALYSIS_OPPOSE] = "\033[31m",
	[ANALYSIS_WARN] = "\033[33m",
	[ANALYSIS_ALARM] = "\033[1;31m",
};

int analysis_cell(struct cli *cli, const char *text, enum analysis_color color, size_t width)
{
	int colored = cli->color && color != ANALYSIS_PLAIN && *text;
	size_t w = cli_display_width(text);

	return cli_printf(cli, "%s%s%s%*s", colored ? escapes[color] : "", text,
			  colored ? "\033[0m" : "", width > w ? (int)(width - w) : 0, "");
}

const char *analysis_csv_bool(int flag)
{
	return flag ? "true" : "false";
}

int analysis_records(struct cli *cli, const char *const *headers, size_t ncols, size_t n,
		     int (*fn)(struct cli_table *t, struct cli *cli, const void *data, size_t k),
		     const void *data)
{
	struct cli_table *t = NULL;
	int rc = cli_table_begin(&t, cli, headers, ncols);

	for (size_t k = 0; !rc && k < n; k++)
		rc = fn(t, cli, data, k);
	return cli_table_end(t, rc);
}

int analysis_walk_begin(struct analysis_walk *w, struct cli *cli,
			const char *const *table_headers, size_t ntable,
			const char *const *csv_headers, size_t ncsv)
{
	w->cli = cli;
	w->table = NULL;
	if (cli->format == CLI_FORMAT_CSV)
		w->rc = cli_table_begin(&w->table, cli, csv_headers, ncsv);
	else
		w->rc = cli_table_begin(&w->table, cli, table_headers, ntable);
	return w->rc;
}

int analysis_walk_end(struct analysis_walk *w, int walk_rc)
{
	if (walk_rc < 0)
		w->rc = cli_fail(walk_rc);
	return cli_table_end(w->table, w->rc);
}
