/*
 * cmd-init.c - `stance init`: create the database or migrate it, and say
 * which.
 */
#include "commands.h"

static const struct cli_spec spec = {
	.usage = "init",
	.details =
	"Creates the database file (mode 0600, WAL), or migrates an older stance\n"
	"database to the current schema in one transaction; any other file is\n"
	"refused and left untouched. Prints what it did: 'created PATH (schema N)',\n"
	"'migrated PATH to schema N' or 'PATH is already at schema N'; json:\n"
	"{\"path\", \"result\": \"created\"|\"migrated\"|\"current\", \"schema\"}."
};

int cmd_init(struct cli *cli, int argc, char **argv)
{
	static const char *const results[] = { "current", "created", "migrated" };
	static const char *const headers[] = { "path", "result", "schema" };
	struct cli_table *t = NULL;
	const char *result;
	char schema[16];
	int rc = cli_parse_options(cli, &spec, NULL, argc, argv), version;

	if (rc != CLI_RUN)
		return rc;
	result = results[stance_db_init_result(cli->db)];
	version = stance_db_schema_version(cli->db);
	snprintf(schema, sizeof(schema), "%d", version);
	switch (cli->format) {
	case CLI_FORMAT_JSON:
		return cli_json_value(cli, json_pack("{s:o, s:s, s:i}", "path",
						     cli_json_text(cli->db_path), "result", result,
						     "schema", version));
	case CLI_FORMAT_CSV:
		rc = cli_table_begin(&t, cli, headers, 3);
		if (!rc)
			rc = cli_table_row(t, (const char *const[]){ cli->db_path, result, schema });
		return cli_table_end(t, rc);
	default:
		/* cli_line: the path may hold control characters */
		if (stance_db_init_result(cli->db) == 1)
			return cli_line(cli, "created %s (schema %d)", cli->db_path, version);
		if (stance_db_init_result(cli->db) == 2)
			return cli_line(cli, "migrated %s to schema %d", cli->db_path, version);
		return cli_line(cli, "%s is already at schema %d", cli->db_path, version);
	}
}
