/*
 * main.c - the command table and the dispatcher: global options, --version,
 * --help, finding the command, and the exit code (including a failed write
 * to stdout).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"

static int cmd_help(struct cli *cli, int argc, char **argv);

/* One alphabetical array. A group ("party add", "party list") is two words:
 * the dispatcher matches both. New commands go in their place in the
 * order. */
const struct cli_command cli_commands[] = {
	{ "actor add", cmd_entity_add, CLI_DB_WRITE, "add an actor: a person or account speaking for a party" },
	{ "actor edit", cmd_entity_edit, CLI_DB_WRITE, "correct an actor's name, party or role" },
	{ "actor list", cmd_entity_list, CLI_DB_READ, "list the actors" },
	{ "actor remove", cmd_entity_remove, CLI_DB_WRITE, "hide an actor that no statement names" },
	{ "actor rename", cmd_entity_rename, CLI_DB_WRITE, "change an actor's slug; the old one stays an alias" },
	{ "actor restore", cmd_entity_restore, CLI_DB_WRITE, "bring back a removed actor" },
	{ "agreement", cmd_agreement, CLI_DB_NONE, "how far coders agree: Krippendorff's alpha between databases or snapshots" },
	{ "amend", cmd_amend, CLI_DB_WRITE, "correct a statement's party, actor, date, text, source..." },
	{ "assess", cmd_assess, CLI_DB_WRITE, "record a party's salience or capability for the forecasts" },
	{ "assessments", cmd_assessments, CLI_DB_READ, "list the assessments of salience and capability" },
	{ "check", cmd_check, CLI_DB_READ, "check the integrity and invariants of the database" },
	{ "code", cmd_code, CLI_DB_WRITE, "add positions to a recorded statement" },
	{ "conflicts", cmd_conflicts, CLI_DB_READ, "list the conflicts between parties' current positions" },
	{ "export", cmd_export, CLI_DB_READ, "write the whole database as a JSON snapshot" },
	{ "extract", cmd_extract, CLI_DB_READ, "suggest statements from a news article, as JSON Lines for record --from" },
	{ "forecast", cmd_forecast, CLI_DB_READ, "forecast where each issue will land, or backtest the models" },
	{ "help", cmd_help, CLI_DB_NONE, "show the commands, or the help of one" },
	{ "history", cmd_history, CLI_DB_READ, "show how a party or actor has stood over time" },
	{ "import", cmd_import, CLI_DB_WRITE, "validate a JSON snapshot and merge it, all or nothing" },
	{ "init", cmd_init, CLI_DB_INIT, "create the database, or migrate it to the current schema" },
	{ "issue add", cmd_entity_add, CLI_DB_WRITE, "add an issue: a proposition on the table" },
	{ "issue edit", cmd_entity_edit, CLI_DB_WRITE, "correct an issue's title, description or parent" },
	{ "issue list", cmd_entity_list, CLI_DB_READ, "list the issues" },
	{ "issue remove", cmd_entity_remove, CLI_DB_WRITE, "hide an issue that nothing codes or nests under" },
	{ "issue rename", cmd_entity_rename, CLI_DB_WRITE, "change an issue's slug; the old one stays an alias" },
	{ "issue restore", cmd_entity_restore, CLI_DB_WRITE, "bring back a removed issue" },
	{ "log", cmd_log, CLI_DB_READ, "show the history of corrections, newest first" },
	{ "matrix", cmd_matrix, CLI_DB_READ, "show the disagreement matrix of the parties" },
	{ "network", cmd_network, CLI_DB_READ, "write the parties' conflicts or agreements as a graph" },
	{ "outcome", cmd_outcome, CLI_DB_WRITE, "record what was decided on an issue" },
	{ "outcomes", cmd_outcomes, CLI_DB_READ, "list the recorded outcomes" },
	{ "party add", cmd_entity_add, CLI_DB_WRITE, "add a party: a side in the talks" },
	{ "party edit", cmd_entity_edit, CLI_DB_WRITE, "correct a party's name or kind" },
	{ "party list", cmd_entity_list, CLI_DB_READ, "list the parties" },
	{ "party remove", cmd_entity_remove, CLI_DB_WRITE, "hide a party that nothing refers to" },
	{ "party rename", cmd_entity_rename, CLI_DB_WRITE, "change a party's slug; the old one stays an alias" },
	{ "party restore", cmd_entity_restore, CLI_DB_WRITE, "bring back a removed party" },
	{ "positions", cmd_positions, CLI_DB_READ, "show where each party stands on each issue" },
	{ "recode", cmd_recode, CLI_DB_WRITE, "change positions of a recorded statement" },
	{ "record", cmd_record, CLI_DB_WRITE, "record a statement and print its id" },
	{ "report", cmd_report, CLI_DB_READ, "write a self-contained HTML report of the negotiation" },
	{ "retract", cmd_retract, CLI_DB_WRITE, "retract a statement, assessment or outcome: kept but ignored" },
	{ "revert", cmd_revert, CLI_DB_WRITE, "undo a revision with a new one" },
	{ "shifts", cmd_shifts, CLI_DB_READ, "list the changes of position across the database" },
	{ "show", cmd_show, CLI_DB_READ, "show a statement, an assessment or an outcome" },
	{ "source add", cmd_entity_add, CLI_DB_WRITE, "add a source where statements are read" },
	{ "source edit", cmd_entity_edit, CLI_DB_WRITE, "correct a source's name, reliability or url" },
	{ "source list", cmd_entity_list, CLI_DB_READ, "list the sources" },
	{ "source remove", cmd_entity_remove, CLI_DB_WRITE, "hide a source that no statement names" },
	{ "source rename", cmd_entity_rename, CLI_DB_WRITE, "change a source's slug; the old one stays an alias" },
	{ "source restore", cmd_entity_restore, CLI_DB_WRITE, "bring back a removed source" },
	{ "statements", cmd_statements, CLI_DB_READ, "list statements, filtered" },
	{ "uncode", cmd_uncode, CLI_DB_WRITE, "remove positions from a recorded statement" },
	{ "unretract", cmd_unretract, CLI_DB_WRITE, "undo the retraction of a statement, assessment or outcome" },
};

const size_t cli_ncommands = sizeof(cli_commands) / sizeof(cli_commands[0]);

static const char usage[] =
	"usage: stance [--db PATH] [--format table|json|csv] [--analyst NAME]\n"
	"              [--color auto|always|never] COMMAND [ARGS]\n";

static int print_commands(struct cli *cli)
{
	int rc = cli_printf(cli, "%s\ncommands:\n", usage), width = 0;

	for (size_t i = 0; i < cli_ncommands; i++)
		if ((int)strlen(cli_commands[i].name) > width)
			width = (int)strlen(cli_commands[i].name);
	for (size_t i = 0; !rc && i < cli_ncommands; i++)
		rc = cli_printf(cli, "  %-*s  %s\n", width, cli_commands[i].name,
				cli_commands[i].summary);
	if (!rc)
		rc = cli_printf(cli, "\nglobal options work before or after the command;\n"
				"'stance COMMAND --help' shows a command's options, "
				"'stance --version' the version.\n");
	return rc;
}

/* The length of the first word of a command name. */
static size_t word_len(const char *name)
{
	return strcspn(name, " ");
}

/* The entry named name, or name + " " + sub for a group; NULL if none. */
static const struct cli_command *find(const char *name, const char *sub)
{
	for (size_t i = 0; i < cli_ncommands; i++) {
		const char *n = cli_commands[i].name;
		size_t len = word_len(n);

		if (strlen(name) != len || strncmp(n, name, len) != 0)
			continue;
		if (n[len] == '\0' || (sub && strcmp(n + len + 1, sub) == 0))
			return &cli_commands[i];
	}
	return NULL;
}

/* Whether name is the first word of a group of commands. */
static int is_group(const char *name)
{
	for (size_t i = 0; i < cli_ncommands; i++) {
		const char *n = cli_commands[i].name;

		if (n[word_len(n)] == ' ' && word_len(n) == strlen(name) &&
		    strncmp(n, name, word_len(n)) == 0)
			return 1;
	}
	return 0;
}

/* The list of second words of a group ("add, list") or of the first words
 * of every command, each once, into buf. */
static void names(char *buf, size_t size, const char *group)
{
	size_t len = 0, glen = group ? strlen(group) : 0;
	const char *prev = "";
	size_t prevlen = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < cli_ncommands; i++) {
		const char *n = cli_commands[i].name;
		size_t wl;

		if (group) {
			if (strncmp(n, group, glen) != 0 || n[glen] != ' ')
				continue;
			n += glen + 1;
		}
		wl = group ? strlen(n) : word_len(n);
		if (wl == prevlen && strncmp(n, prev, wl) == 0)
			continue;
		len += (size_t)snprintf(buf + len, size > len ? size - len : 0, "%s%.*s",
					len ? ", " : "", (int)wl, n);
		prev = n;
		prevlen = wl;
	}
}

/* Edit distance, for "did you mean", counting a swap of two neighbours as
 * one edit (the optimal string alignment distance), so that "recrod" means
 * "record" rather than "recode"; command names are short. */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t d[32][32];

	if (la >= 32 || lb >= 32)
		return 32;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

static int unknown_command(const char *name)
{
	const char *best = NULL;
	size_t bestd = 3, bestlen = 0;
	char all[512];

	for (size_t i = 0; i < cli_ncommands; i++) {
		const char *n = cli_commands[i].name;
		size_t d = distance(name, strlen(name), n, word_len(n));

		if (d < bestd) {
			best = n;
			bestd = d;
			bestlen = word_len(n);
		}
	}
	if (best)
		return cli_usage_error("unknown command '%s' (did you mean '%.*s'?)", name,
				       (int)bestlen, best);
	names(all, sizeof(all), NULL);
	return cli_usage_error("unknown command '%s' (commands: %s)", name, all);
}

/* 'stance party' without a known second word. */
static int group_usage(struct cli *cli, const char *group, const char *sub)
{
	char subs[128];

	names(subs, sizeof(subs), group);
	if (sub && (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0)) {
		int rc = cli_printf(cli, "usage: stance %s COMMAND [ARGS]\n\ncommands:\n", group);
		size_t glen = strlen(group);
		int width = 0;

		for (size_t i = 0; i < cli_ncommands; i++)
			if (strncmp(cli_commands[i].name, group, glen) == 0 &&
			    cli_commands[i].name[glen] == ' ' &&
			    (int)strlen(cli_commands[i].name) > width)
				width = (int)strlen(cli_commands[i].name);
		for (size_t i = 0; !rc && i < cli_ncommands; i++) {
			const char *n = cli_commands[i].name;

			if (strncmp(n, group, glen) == 0 && n[glen] == ' ')
				rc = cli_printf(cli, "  %-*s  %s\n", width, n, cli_commands[i].summary);
		}
		return rc;
	}
	if (!sub)
		return cli_usage_error("'stance %s' needs a command: %s", group, subs);
	return cli_usage_error("unknown command 'stance %s %s' (choose from: %s)", group, sub,
			       subs);
}

static const struct cli_spec help_spec = {
	.usage = "help [COMMAND [SUBCOMMAND]]",
	.min_args = 0, .max_args = 2, .args_name = "a COMMAND",
	.details = "'stance help COMMAND' is 'stance COMMAND --help'; 'stance help' lists the\n"
		   "commands, as 'stance --help' does."
};

/* `stance help [COMMAND]`: the help of stance or of a command, as --help
 * gives it. */
static int cmd_help(struct cli *cli, int argc, char **argv)
{
	static char help_flag[] = "--help";
	const struct cli_command *cmd;
	char *words[2] = { NULL, NULL }, *args[2];
	size_t n;
	int rc = cli_parse_options(cli, &help_spec, NULL, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	n = cli->nargs;
	for (size_t i = 0; i < n; i++)
		words[i] = cli->args[i];
	/* the command's own parser runs next: what this one allocated goes */
	cli_cleanup(cli);
	if (n == 0)
		return print_commands(cli);
	cmd = find(words[0], words[1]);
	if (!cmd && is_group(words[0]))
		return group_usage(cli, words[0], n == 2 ? words[1] : help_flag);
	if (!cmd)
		return unknown_command(words[0]);
	if (n == 2 && !strchr(cmd->name, ' '))
		return cli_usage_error("unexpected argument '%s' for 'stance help' (see 'stance help --help')",
				       words[1]);
	cli->command = cmd;
	args[0] = words[n - 1];
	args[1] = help_flag;
	return cmd->fn(cli, 2, args);
}

/* The library's notes ("'ir' is a former slug of party 'iran'") go to
 * stderr, apart from the output, once the command has succeeded
 * (stance_db_set_note(), db.h). */
static void print_note(const char *msg, void *ctx)
{
	cli_keep_note(ctx, msg);
}

/* Runs the command line; the exit code. */
static int run(struct cli *cli, int argc, char **argv)
{
	const struct cli_command *cmd;
	int i, rc;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *arg = argv[i];

		if (strcmp(arg, "--version") == 0)
			return cli_printf(cli, "stance %s\n", stance_version());
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
			return print_commands(cli);
		rc = cli_parse_global(cli, argc, argv, &i);
		if (rc == CLI_RUN)
			return cli_usage_error("unknown option '%s' (see 'stance --help')", arg);
		if (rc)
			return rc;
	}
	if (i == argc) {
		fputs(usage, stderr);
		return cli_usage_error("no command given (see 'stance --help')");
	}
	cmd = find(argv[i], i + 1 < argc ? argv[i + 1] : NULL);
	if (!cmd && is_group(argv[i]))
		return group_usage(cli, argv[i], i + 1 < argc ? argv[i + 1] : NULL);
	if (!cmd)
		return unknown_command(argv[i]);
	if (strchr(cmd->name, ' '))
		i++;
	cli->command = cmd;
	return cmd->fn(cli, argc - i, argv + i);
}

/* A standard stream that was closed when stance started must not be
 * taken by the database or an output file, which would then receive what
 * is printed: each gets /dev/null, opened the wrong way round, so that
 * writing to a closed stdout still fails (EBADF, exit 74, nothing
 * committed) and reading a closed stdin finds an error, not an empty
 * file. */
static void guard_std_streams(void)
{
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		/* open() takes the lowest free descriptor: this one */
		if (open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY) != fd)
			_exit(CLI_EIO);
	}
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };

	guard_std_streams();
	cli.out = stdout;
	cli.format = CLI_FORMAT_TABLE;
	/* given to stance_db_set_note() as soon as the database is open */
	cli.note = print_note;
	return cli_finish(&cli, run(&cli, argc, argv));
}
