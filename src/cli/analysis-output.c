/*
 * analysis-output.c - what the analysis commands share: see
 * analysis-output.h.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis-output.h"

void analysis_scope(stance_scope *s, const struct cli *cli, int as_of)
{
	memset(s, 0, sizeof(*s));
	s->nparties = cli_opt_all(cli, "party", &s->parties);
	s->nissues = cli_opt_all(cli, "issue", &s->issues);
	if (as_of)
		s->as_of = cli_opt(cli, "as-of");
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

size_t analysis_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

int analysis_cell(struct cli *cli, const char *text, enum analysis_color color, size_t width)
{
	int colored = cli->color && color != ANALYSIS_PLAIN && *text;
	size_t w = analysis_width(text);

	return cli_printf(cli, "%s%s%s%*s", colored ? escapes[color] : "", text,
			  colored ? "\033[0m" : "", width > w ? (int)(width - w) : 0, "");
}

const char *analysis_excerpt(char *buf, const char *text)
{
	size_t chars = 0, n = 0;
	const unsigned char *s = (const unsigned char *)text;

	for (; *s && chars < ANALYSIS_EXCERPT; chars++) {
		size_t len = 1;

		/* C0 controls, DEL and the C1 controls (U+0080..U+009F) */
		if (*s < 0x20 || *s == 0x7f || (*s == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)) {
			buf[n++] = ' ';
			s += *s == 0xc2 ? 2 : 1;
			continue;
		}
		/* a byte that starts no UTF-8 sequence (a database written by
		 * other hands): 0x80..0x9F alone is a C1 control to a terminal
		 * that is not in UTF-8 mode */
		if ((*s >= 0x80 && *s < 0xc2) || *s > 0xf4) {
			memcpy(buf + n, "\xef\xbf\xbd", 3);
			n += 3;
			s++;
			continue;
		}
		while ((s[len] & 0xc0) == 0x80 && len < 4)
			len++;
		memcpy(buf + n, s, len);
		n += len;
		s += len;
	}
	if (*s) {
		/* "from …" reads as if a word were missing: cut after the word */
		while (n > 0 && buf[n - 1] == ' ')
			n--;
		memcpy(buf + n, "…", strlen("…"));
		n += strlen("…");
	}
	buf[n] = '\0';
	return buf;
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
