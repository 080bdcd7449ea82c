/*
 * cmd-extract.c - `stance extract ARTICLE|- [--date D] [--source S] [--url
 * U]`: the statements a news article suggests, as JSON Lines that `stance
 * record --from` reads (design §10), for the analyst to confirm:
 *
 *	stance extract article.txt > suggested.jsonl
 *	(edit, delete the lines that are wrong)
 *	stance record --from suggested.jsonl --dry-run
 *
 * It only reads the database (its actors, parties, sources and issues).
 * Its output is JSON Lines whatever the format: --format takes only json.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"

static const char *const formats[] = { "json", NULL };

static const struct cli_spec spec = {
	.usage = "extract ARTICLE|- [--date D] [--source S] [--url U]",
	.min_args = 1, .max_args = 1, .args_name = "an ARTICLE (or - for stdin)",
	.details =
	"Reads a news article (plain UTF-8 text, at most 10 MiB; - reads standard\n"
	"input) and writes one JSON object a line for each statement it suggests,\n"
	"in the order of the article: each direct quotation (\"...\", “...”, « ... »,\n"
	"„...“, nested quotations kept, one over several paragraphs joined) with\n"
	"its speaker, and each sentence that reports a known actor's or party's\n"
	"position (\"Ukraine has said it is willing...\") or a source's report\n"
	"about one. Each line is a record of 'stance record --from' (the\n"
	"statement's members without \"id\": \"party\", \"actor\", \"said_on\",\n"
	"\"kind\" quote or report, \"text\", \"source\", \"url\", \"positions\"), and\n"
	"also \"speaker_name\" (without an actor: the speaker as written, or null),\n"
	"\"source_name\" (a source the database lacks), \"confidence\" (0 to 1) and\n"
	"\"evidence\" (the sentence). Speakers are the database's actors by full\n"
	"name, surname, slug or role, or a pronoun for the last named speaker,\n"
	"next to a speech verb (said, told, wrote, added, according to...);\n"
	"sources by name or slug (\"according to Reuters\", \"per NY Times\", \"wrote\n"
	"on X\"); a source holds for the rest of its paragraph, a dateline's\n"
	"agency (\"KYIV (Reuters) -\") for the article. Positions are suggested\n"
	"only on issues whose title words the text names. Nothing is ever given\n"
	"a slug the database lacks.\n"
	"said_on is the sentence's day (\"on Monday\", \"yesterday\", \"this week\")\n"
	"counted from the article's date: --date D, else its \"Published:\" line;\n"
	"without either it is null, which 'record --from' refuses until filled in.\n"
	"--source S is the source of suggestions whose paragraph names none; --url\n"
	"U the url of all. Review them, then: stance record --from FILE --dry-run."
};

/* Reads the article at path (- : standard input) into *out (len bytes),
 * refusing one larger than the library reads. Returns 0 or the exit code
 * after the message. */
static int read_article(char **out, size_t *len, const char *path)
{
	int is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "standard input" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	struct stat sb;
	char *buf = NULL;
	int rc = 0;

	*out = NULL;
	if (!f)
		return cli_error(CLI_ENOINPUT, "cannot open '%s': %s", path, strerror(errno));
	if (!is_stdin && fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		rc = cli_error(CLI_ENOINPUT, "cannot open '%s': %s", path, strerror(EISDIR));
		goto done;
	}
	/* one byte more than the most, to tell a larger article */
	if (!(buf = malloc(STANCE_EXTRACT_MAX + 2))) {
		rc = cli_error(CLI_ESOFTWARE, "out of memory");
		goto done;
	}
	*len = fread(buf, 1, STANCE_EXTRACT_MAX + 1, f);
	if (ferror(f))
		rc = cli_error(CLI_EIO, "cannot read '%s': %s", name, strerror(errno));
	else if (*len > STANCE_EXTRACT_MAX)
		rc = cli_error(CLI_EDATA, "'%s' is larger than 10 MiB: not an article", name);
	if (!rc) {
		buf[*len] = '\0';
		*out = buf;
		buf = NULL;
	}
done:
	if (!is_stdin)
		fclose(f);
	free(buf);
	return rc;
}

/* Writes v as one line of JSON (and releases it): compact, members in
 * order, and DEL and the C1 controls escaped as the other writers escape
 * them (jansson escapes only C0), so that no line can drive a terminal. */
static int write_line(struct cli *cli, json_t *v)
{
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(3))
		: NULL;
	size_t len = s ? strlen(s) : 0, run = 0;
	int rc = s ? 0 : cli_error(CLI_ESOFTWARE, "out of memory");

	json_decref(v);
	for (size_t i = 0; !rc && i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		/* outside strings JSON has no such bytes: they are the strings' */
		int c1 = c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
			(unsigned char)s[i + 1] <= 0x9f;
		char esc[8];

		if (c != 0x7f && !c1)
			continue;
		snprintf(esc, sizeof(esc), "\\u%04X", c1 ? (unsigned char)s[i + 1] : c);
		rc = cli_write(cli, s + run, i - run);
		if (!rc)
			rc = cli_write(cli, esc, strlen(esc));
		i += (size_t)c1;
		run = i + 1;
	}
	if (!rc)
		rc = cli_write(cli, s + run, len - run);
	if (!rc)
		rc = cli_write(cli, "\n", 1);
	free(s);
	return rc;
}

int cmd_extract(struct cli *cli, int argc, char **argv)
{
	stance_extract_options o = STANCE_EXTRACT_OPTIONS_INIT;
	stance_extraction *x = NULL;
	size_t format = 0, len = 0;
	char *article = NULL;
	const struct cli_opt opts[] = {
		CLI_OPT_STRING(0, "date", &o.date, "D",
			       "the article's date (default: its \"Published:\" line)"),
		CLI_OPT_STRING(0, "source", &o.source, "S",
			       "the source of what no paragraph attributes"),
		CLI_OPT_STRING(0, "url", &o.url, "U", "the url of every suggestion"),
		/* its own --format: the output is JSON Lines, whatever is asked */
		CLI_OPT_CHOICE(0, "format", &format, "F", "json (JSON Lines; the only one)",
			       formats),
		CLI_OPT_END
	};
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	if ((rc = read_article(&article, &len, cli->args[0])))
		return rc;
	rc = stance_extract_article(&x, cli->db, article, len, &o);
	free(article);
	if (rc)
		return cli_fail(rc);
	for (size_t i = 0; !rc && i < x->nsuggestions; i++)
		rc = write_line(cli, stance_extract_suggestion_json(&x->suggestions[i]));
	if (!rc && x->date_origin == STANCE_EXTRACT_DATE_NONE && x->nsuggestions)
		cli_note("the article has no \"Published:\" line and no --date was given: "
			 "said_on is null, which 'stance record --from' refuses until it is "
			 "filled in");
	if (!rc && x->ntoo_long)
		cli_note("%zu quotations longer than 100000 bytes left out", x->ntoo_long);
	if (!rc && !x->nsuggestions && !x->ntoo_long)
		cli_note("no statements found in '%s'", cli->args[0]);
	stance_extraction_free(x);
	return rc;
}
