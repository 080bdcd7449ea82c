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

/* One alphabetical array. A group ("party add", "party list") is two words:
 * the dispatcher matches both. New commands go in their place in the
 * order. */
const struct cli_command cli_commands[] = {
	{ "actor add", cmd_entity_add, CLI_DB_WRITE, "add an actor: a person or account speaking for a party" },
	{ "actor list", cmd_entity_list, CLI_DB_READ, "list the actors" },
	{ "check", cmd_check, CLI_DB_READ, "check the integrity and invariants of the database" },
	{ "code", cmd_code, CLI_DB_WRITE, "add positions to a recorded statement" },
	{ "conflicts", cmd_conflicts, CLI_DB_READ, "list the conflicts between parties' current positions" },
	{ "export", cmd_export, CLI_DB_READ, "write the whole database as a JSON snapshot" },
	{ "history", cmd_history, CLI_DB_READ, "show a party's positions on an issue over time" },
	{ "import", cmd_import, CLI_DB_WRITE, "validate a JSON snapshot and merge it, all or nothing" },
	{ "init", cmd_init, CLI_DB_INIT, "create the database, or migrate it to the current schema" },
	{ "issue add", cmd_entity_add, CLI_DB_WRITE, "add an issue: a proposition on the table" },
	{ "issue list", cmd_entity_list, CLI_DB_READ, "list the issues" },
	{ "matrix", cmd_matrix, CLI_DB_READ, "show the disagreement matrix of the parties" },
	{ "network", cmd_network, CLI_DB_READ, "write the parties' conflicts or agreements as a graph" },
	{ "party add", cmd_entity_add, CLI_DB_WRITE, "add a party: a side in the talks" },
	{ "party list", cmd_entity_list, CLI_DB_READ, "list the parties" },
	{ "positions", cmd_positions, CLI_DB_READ, "show where each party stands on each issue" },
	{ "record", cmd_record, CLI_DB_WRITE, "record a statement and print its id" },
	{ "report", cmd_report, CLI_DB_READ, "write a self-contained HTML report of the negotiation" },
	{ "retract", cmd_retract, CLI_DB_WRITE, "retract a statement: it is kept but ignored" },
	{ "shifts", cmd_shifts, CLI_DB_READ, "list the changes of position across the database" },
	{ "show", cmd_show, CLI_DB_READ, "show a statement with its positions" },
	{ "source add", cmd_entity_add, CLI_DB_WRITE, "add a source where statements are read" },
	{ "source list", cmd_entity_list, CLI_DB_READ, "list the sources" },
	{ "statements", cmd_statements, CLI_DB_READ, "list statements, filtered" },
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

/* Edit distance, for "did you mean"; command names are short. */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t row[32], prev, tmp;

	if (la >= 32 || lb >= 32)
		return 32;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
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

		for (size_t i = 0; !rc && i < cli_ncommands; i++) {
			const char *n = cli_commands[i].name;

			if (strncmp(n, group, strlen(group)) == 0 && n[strlen(group)] == ' ')
				rc = cli_printf(cli, "  %-14s%s\n", n, cli_commands[i].summary);
		}
		return rc;
	}
	if (!sub)
		return cli_usage_error("'stance %s' needs a command: %s", group, subs);
	return cli_usage_error("unknown command 'stance %s %s' (choose from: %s)", group, sub,
			       subs);
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
	return cli_finish(&cli, run(&cli, argc, argv));
}
