/*
 * cmd-record.c - `stance record`: log a statement with its positions, or
 * many at once from a spreadsheet or JSON Lines (design §10).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"

static const struct cli_spec spec = {
	.usage =
	"record (--party PARTY | --actor ACTOR | both) --date YYYY-MM-DD\n"
	"              (--text TEXT | --text-file FILE|-)\n"
	"              [--kind quote|paraphrase|proposal|report] [--source SOURCE] [--url URL]\n"
	"              [--credibility 1-6] [--position ISSUE=POSITION]... [--condition ISSUE=TEXT]...\n"
	"       stance record --from FILE|- [--dry-run]",
	.details =
	"Prints the new statement's id; json: {\"id\": \"<uuid>\"}. recorded_by is the\n"
	"analyst. POSITION is STANCE (--, -, 0, +, ++ or a name), @POINT (0-100 on\n"
	"the issue's scale) or STANCE@POINT, then ! (a red line), ~ (stated as open\n"
	"to negotiation) or nothing (not stated). A statement has at most one\n"
	"position per issue; positions can be added later with 'stance code'.\n"
	"--text-file reads the text from FILE ('-': standard input), without a\n"
	"byte order mark and its final newline, so that a long quote needs no\n"
	"shell quoting.\n"
	"--from records many statements, all or none: CSV or TSV whose header names\n"
	"the columns party, actor, date, text, kind, source, url, credibility,\n"
	"positions (ISSUE=POSITION items separated by ';') and conditions\n"
	"(ISSUE=TEXT items, the same), as spreadsheets export them; or JSON Lines\n"
	"of statements in the snapshot's shape, with or without an id, such as\n"
	"'stance extract' suggests (its confidence, evidence and speaker_name are\n"
	"ignored). The format comes from the extension (.csv, .tsv, .jsonl), else\n"
	"from the first bytes. An error names the line (the header is line 1) and\n"
	"column, and records nothing. Prints the new ids in input order (json:\n"
	"{\"ids\": [...]}); --dry-run checks everything and records nothing."
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

/* What the command line says of the statement. */
struct record_opts {
	const char *party, *actor, *date, *text, *text_file, *kind, *source, *url, *credibility;
	struct cli_strings positions, conditions;
	const char *from;
	int dry_run;
};

/* Records the statement of o; its id into id. Returns 0 or the exit code. */
static int record(char id[STANCE_UUID_LEN + 1], struct cli *cli, const struct record_opts *o)
{
	stance_position *pos = NULL;
	stance_record_options st = STANCE_RECORD_OPTIONS_INIT;
	int rc = parse_credibility(&st.credibility, o->credibility);

	if (!rc)
		rc = cli_positions_parse(&pos, &o->positions, &o->conditions);
	if (rc)
		return rc;
	/* the strings borrow from argv; the library keeps none of them */
	st.party = o->party;
	st.actor = o->actor;
	st.said_on = o->date;
	st.text = o->text;
	st.kind = o->kind;
	st.source = o->source;
	st.url = o->url;
	st.recorded_by = cli->analyst;
	st.positions = pos;
	st.npositions = o->positions.n;
	rc = stance_statement_record(id, cli->db, &st);
	if (rc)
		rc = cli_fail(rc);
	cli_positions_free(pos, o->positions.n);
	return rc;
}

static int print_id(struct cli *cli, const char *id)
{
	static const char *const headers[] = { "id" };
	struct cli_table *t = NULL;
	int rc;

	if (cli->format == CLI_FORMAT_JSON)
		return cli_json_value(cli, json_pack("{s:s}", "id", id));
	if (cli->format == CLI_FORMAT_TABLE)
		return cli_printf(cli, "%s\n", id);
	rc = cli_table_begin(&t, cli, headers, 1);
	if (!rc)
		rc = cli_table_row(t, (const char *const[]){ id });
	return cli_table_end(t, rc);
}

/* ---- record --from ------------------------------------------------------- */

/* The ids recorded, kept until every statement is in. */
struct ids {
	char (*v)[STANCE_UUID_LEN + 1];
	size_t n, cap;
	int failed;    /* no room for one more */
};

static int keep_id(const char *id, void *ctx)
{
	struct ids *ids = ctx;

	if (ids->n == ids->cap) {
		size_t cap = ids->cap ? ids->cap * 2 : 256;
		char (*v)[STANCE_UUID_LEN + 1] = realloc(ids->v, cap * sizeof(*v));

		if (!v)
			return ids->failed = STANCE_ENOMEM;
		ids->v = v;
		ids->cap = cap;
	}
	memcpy(ids->v[ids->n++], id, STANCE_UUID_LEN + 1);
	return 0;
}

/* The ids in the format asked, then, in table and csv, how many on stderr;
 * with --dry-run, only how many were checked. */
static int print_ids(struct cli *cli, const struct ids *ids, size_t n, int dry_run)
{
	json_t *arr = cli->format == CLI_FORMAT_JSON ? json_array() : NULL;
	int rc = 0;

	for (size_t i = 0; arr && i < ids->n && !rc; i++)
		rc = json_array_append_new(arr, json_string(ids->v[i])) ? CLI_ESOFTWARE : 0;
	if (cli->format == CLI_FORMAT_JSON)
		return rc || !arr ? (json_decref(arr), cli_error(CLI_ESOFTWARE, "out of memory")) :
		       cli_json_value(cli, dry_run ? json_pack("{s:o,s:I}", "ids", arr, "checked",
								(json_int_t)n) :
						 json_pack("{s:o}", "ids", arr));
	if (!dry_run && cli->format == CLI_FORMAT_CSV)
		rc = cli_printf(cli, "id\n");
	for (size_t i = 0; !dry_run && i < ids->n && !rc; i++)
		rc = cli_printf(cli, "%s\n", ids->v[i]);
	if (!rc)
		rc = cli_flush(cli);
	if (!rc && dry_run)
		cli_said("%zu statement%s valid; nothing recorded (--dry-run)", n,
			 n == 1 ? " is" : "s are");
	else if (!rc)
		cli_said("recorded %zu statement%s", n, n == 1 ? "" : "s");
	return rc;
}

static int record_from(struct cli *cli, const char *path, int dry_run)
{
	stance_record_from_options o = STANCE_RECORD_FROM_OPTIONS_INIT;
	int is_stdin = strcmp(path, "-") == 0, rc;
	FILE *in = is_stdin ? stdin : fopen(path, "rb");
	struct ids ids = { 0 };
	struct stat st;
	size_t n = 0;

	if (!in)
		return cli_error(CLI_ENOINPUT, "cannot open '%s': %s", path, strerror(errno));
	if (!is_stdin && fstat(fileno(in), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(in);
		return cli_error(CLI_ENOINPUT, "cannot open '%s': %s", path, strerror(EISDIR));
	}
	o.name = is_stdin ? NULL : path;
	o.recorded_by = cli->analyst;
	o.dry_run = dry_run;
	rc = stance_statement_record_from(&n, cli->db, in, &o, keep_id, &ids);
	if (!is_stdin)
		fclose(in);
	/* the library knows nothing of the list it stopped for */
	if (rc && ids.failed)
		rc = cli_error(CLI_ESOFTWARE, "out of memory");
	else
		rc = rc ? cli_fail(rc) : print_ids(cli, &ids, n, dry_run);
	free(ids.v);
	return rc;
}

/* --from takes every statement from its file: none of one statement's
 * options goes with it. */
static int check_from(const struct record_opts *o)
{
	const char *one = o->party ? "party" : o->actor ? "actor" : o->date ? "date" :
			  o->text ? "text" : o->text_file ? "text-file" : o->kind ? "kind" :
			  o->source ? "source" : o->url ? "url" : o->credibility ? "credibility" :
			  o->positions.n ? "position" : o->conditions.n ? "condition" : NULL;

	if (o->from && one)
		return cli_usage_error("'stance record --from' takes the statements from its file, "
				       "not --%s", one);
	if (!o->from && o->dry_run)
		return cli_usage_error("'stance record --dry-run' goes with --from");
	return 0;
}

/* ---- stance record ------------------------------------------------------- */

/* One statement from the options. */
static int record_one(struct cli *cli, struct record_opts *o)
{
	char id[STANCE_UUID_LEN + 1], *text = NULL;
	int rc = 0;

	if (!o->party && !o->actor)
		return cli_usage_error("'stance record' needs --party PARTY or --actor ACTOR");
	if (!o->date)
		return cli_usage_error("'stance record' needs --date YYYY-MM-DD");
	if (o->text && o->text_file)
		return cli_usage_error("'stance record' takes --text or --text-file, not both");
	if (!o->text && !o->text_file)
		return cli_usage_error("'stance record' needs --text TEXT or --text-file FILE");
	if (o->text_file && !(rc = cli_read_text_file(&text, o->text_file)))
		o->text = text;
	if (!rc)
		rc = record(id, cli, o);
	free(text);
	return rc ? rc : print_id(cli, id);
}

int cmd_record(struct cli *cli, int argc, char **argv)
{
	struct record_opts o = { 0 };
	const struct cli_opt opts[] = {
		CLI_OPT_STRING(0, "party", &o.party, "PARTY", "the party the statement speaks for"),
		CLI_OPT_STRING(0, "actor", &o.actor, "ACTOR",
			       "who said it (the party defaults to the actor's)"),
		CLI_OPT_STRING(0, "date", &o.date, "YYYY-MM-DD", "when it was said"),
		CLI_OPT_STRING(0, "text", &o.text, "TEXT", "the verbatim text or a summary"),
		CLI_OPT_STRING(0, "text-file", &o.text_file, "FILE",
			       "the text from FILE ('-': standard input)"),
		CLI_OPT_STRING(0, "kind", &o.kind, "KIND",
			       "quote, paraphrase, proposal or report (default: quote)"),
		CLI_OPT_STRING(0, "source", &o.source, "SOURCE", "where it was read"),
		CLI_OPT_STRING(0, "url", &o.url, "URL", "where it can be read again"),
		CLI_OPT_STRING(0, "credibility", &o.credibility, "1-6",
			       "1 (confirmed) to 6 (cannot be judged)"),
		CLI_OPT_STRINGS(0, "position", &o.positions, "ISSUE=POSITION",
				"the position on ISSUE (see below); repeatable"),
		CLI_OPT_STRINGS(0, "condition", &o.conditions, "ISSUE=TEXT",
				"the condition attached to the position on ISSUE"),
		CLI_OPT_STRING(0, "from", &o.from, "FILE",
			       "many statements from CSV, TSV or JSON Lines ('-': stdin)"),
		CLI_OPT_SWITCH(0, "dry-run", &o.dry_run, "with --from: check, record nothing"),
		CLI_OPT_END
	};
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	if ((rc = check_from(&o)))
		return rc;
	return o.from ? record_from(cli, o.from, o.dry_run) : record_one(cli, &o);
}
