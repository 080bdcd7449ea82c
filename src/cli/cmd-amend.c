/*
 * cmd-amend.c - `stance amend`: correct any member of a statement but its
 * id (its party, actor, date, text...), as one revision; a new party,
 * actor or date re-places it in every analysis.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "revision-output.h"

static const struct cli_spec spec = {
	.usage =
	"amend ID [--party P] [--actor A] [--date YYYY-MM-DD] [--text T | --text-file F|-]\n"
	"             [--kind quote|paraphrase|proposal|report] [--source S] [--url U]\n"
	"             [--credibility N] --reason TEXT",
	.min_args = 1, .max_args = 1, .args_name = "a statement ID",
	.details =
	"ID is a statement id or a unique prefix of at least 8 characters; a\n"
	"retracted statement is refused. Sets the members given and keeps the\n"
	"others, with the rules of 'record' for the result (the actor must speak\n"
	"for the party...). An empty value ('') clears --actor, --source and --url;\n"
	"--credibility none clears the credibility. --text-file reads the text from\n"
	"a file (-: standard input), without its final newline. Positions change\n"
	"with 'recode' and 'uncode'. A change that changes nothing is refused.\n"
	CLI_REVISION_DETAILS
};

/* What the command line says. */
struct amend_opts {
	const char *party, *actor, *date, *text, *text_file, *kind, *source, *url;
	const char *credibility, *reason;
};

/* --credibility: 1 to 6, or none (or '') to clear it. */
static int parse_credibility(int *out, const char *s)
{
	*out = STANCE_AMEND_KEEP;
	if (!s)
		return 0;
	if (*s == '\0' || strcmp(s, "none") == 0) {
		*out = 0;
		return 0;
	}
	if (strlen(s) != 1 || s[0] < '1' || s[0] > '6')
		return cli_error(CLI_EDATA, "invalid credibility '%s' (choose from 1 to 6, or none)",
				 s);
	*out = s[0] - '0';
	return 0;
}

/* The library's options from the command line; *text_buf holds a text
 * read from a file (free it). Returns 0 or the exit code. */
static int amend_options(stance_amend_options *a, char **text_buf, const struct amend_opts *o)
{
	int rc;

	*text_buf = NULL;
	if (o->text && o->text_file)
		return cli_usage_error("'stance amend' takes --text or --text-file, not both");
	if (!o->party && !o->actor && !o->date && !o->text && !o->text_file && !o->kind &&
	    !o->source && !o->url && !o->credibility)
		return cli_usage_error("'stance amend' needs a member to change (see 'stance amend --help')");
	rc = parse_credibility(&a->credibility, o->credibility);
	if (!rc && o->text_file)
		rc = cli_read_text_file(text_buf, o->text_file);
	if (rc)
		return rc;
	/* the strings borrow from argv and text_buf; the library keeps none */
	a->party = o->party;
	a->actor = o->actor;
	a->said_on = o->date;
	a->text = o->text_file ? *text_buf : o->text;
	a->kind = o->kind;
	a->source = o->source;
	a->url = o->url;
	return 0;
}

int cmd_amend(struct cli *cli, int argc, char **argv)
{
	struct amend_opts o = { 0 };
	const struct cli_opt opts[] = {
		CLI_OPT_STRING(0, "party", &o.party, "P", "the party the statement speaks for"),
		CLI_OPT_STRING(0, "actor", &o.actor, "A", "who said it ('': nobody named)"),
		CLI_OPT_STRING(0, "date", &o.date, "YYYY-MM-DD", "when it was said"),
		CLI_OPT_STRING(0, "text", &o.text, "T", "the verbatim text or a summary"),
		CLI_OPT_STRING(0, "text-file", &o.text_file, "F",
			       "the text from file F (-: standard input)"),
		CLI_OPT_STRING(0, "kind", &o.kind, "KIND", "quote, paraphrase, proposal or report"),
		CLI_OPT_STRING(0, "source", &o.source, "S", "where it was read ('': none)"),
		CLI_OPT_STRING(0, "url", &o.url, "U", "where it can be read again ('': none)"),
		CLI_OPT_STRING(0, "credibility", &o.credibility, "N",
			       "1 (confirmed) to 6 (cannot be judged); none clears it"),
		CLI_OPT_REASON(&o.reason, CLI_REQUIRED),
		CLI_OPT_END
	};
	stance_amend_options a = STANCE_AMEND_OPTIONS_INIT;
	stance_change_options co;
	char rev[STANCE_UUID_LEN + 1], *text = NULL;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	rc = amend_options(&a, &text, &o);
	if (rc)
		return rc;
	co = cli_change_options(cli, o.reason);
	rc = stance_statement_amend(rev, cli->db, cli->args[0], &a, &co);
	free(text);
	if (rc)
		return cli_fail(rc);
	return cli_revision_done(cli, rev, "amended", CLI_REVISION_MEMBERS);
}
