/*
 * cmd-entity.c - `stance party|actor|issue|source add|list`: one
 * implementation for the four types, driven by the field descriptions of
 * entity.h, so that a new field appears on the command line by itself.
 */
#include <ctype.h>
#include <string.h>

#include "commands.h"

/* The options and usage of 'TYPE add', made from the type's fields. */
struct add_spec {
	struct cli_opt opts[STANCE_ENTITY_MAX_FIELDS + 1];  /* ends with CLI_OPT_END (0) */
	const char *values[STANCE_ENTITY_MAX_FIELDS];      /* what the options set */
	char args[STANCE_ENTITY_MAX_FIELDS][32];
	char usage[512];
	struct cli_spec spec;
};

static const char add_details[] =
	"Prints nothing on success, except with --format json: the entity as stored\n"
	"(its defaults filled in), in the shape of the snapshot.";

static const char list_details[] =
	"Lists every entity of the type by slug. table: aligned columns, '-' for none;\n"
	"csv: a header row; json: an array in the shape of the snapshot.";

/* The entity type of the running command, from its first word. */
static const stance_entity_info *command_type(const struct cli *cli)
{
	char word[16];

	snprintf(word, sizeof(word), "%.*s", (int)strcspn(cli->command->name, " "),
		 cli->command->name);
	return stance_entity_info_find(word);
}

static void build_add_spec(struct add_spec *as, const stance_entity_info *info)
{
	size_t len, n = 0;

	len = (size_t)snprintf(as->usage, sizeof(as->usage), "%s add SLUG", info->name);
	for (size_t i = 1; i < info->nfields; i++, n++) {
		const stance_field *f = &info->fields[i];
		struct cli_opt *o = &as->opts[n];
		char *arg = as->args[n];

		for (size_t k = 0; f->name[k] && k + 1 < sizeof(as->args[n]); k++)
			arg[k] = (char)toupper((unsigned char)f->name[k]);
		o->type = CLI_OPT_T_STRING;
		o->name = f->flag + 2;
		o->value.string = &as->values[n];
		o->arg = arg;
		o->flags = f->required ? CLI_REQUIRED : 0;
		o->help = f->help;
		len += (size_t)snprintf(as->usage + len, sizeof(as->usage) - len, " %s%s ",
					f->required ? "" : "[", f->flag);
		if (f->kind == STANCE_FIELD_CHOICE) {
			for (const char *const *c = f->choices; *c; c++)
				len += (size_t)snprintf(as->usage + len, sizeof(as->usage) - len,
							"%s%s", c == f->choices ? "" : "|", *c);
		} else {
			len += (size_t)snprintf(as->usage + len, sizeof(as->usage) - len, "%s", arg);
		}
		len += (size_t)snprintf(as->usage + len, sizeof(as->usage) - len, "%s",
					f->required ? "" : "]");
		if (len >= sizeof(as->usage))
			len = sizeof(as->usage) - 1;
	}
	as->spec.usage = as->usage;
	as->spec.min_args = 1;
	as->spec.max_args = 1;
	as->spec.args_name = "a SLUG";
	as->spec.details = add_details;
}

int cmd_entity_add(struct cli *cli, int argc, char **argv)
{
	const stance_entity_info *info = command_type(cli);
	struct add_spec as = { 0 };
	stance_entity e = { 0 }, *stored = NULL;
	int rc;

	build_add_spec(&as, info);
	rc = cli_parse_options(cli, &as.spec, as.opts, argc, argv);
	if (rc != CLI_RUN)
		return rc;
	/* the fields borrow from argv: the entity is never cleared */
	e.type = info->type;
	e.field[STANCE_ENTITY_SLUG] = cli->args[0];
	for (size_t i = 1; i < info->nfields; i++)
		e.field[i] = (char *)as.values[i - 1];
	rc = stance_entity_add(cli->db, &e);
	if (!rc && cli->format == CLI_FORMAT_JSON)
		rc = stance_entity_get(&stored, cli->db, info->type, e.field[STANCE_ENTITY_SLUG]);
	if (rc)
		return cli_fail(rc);
	if (stored)
		rc = cli_json_value(cli, stance_snapshot_entity_json(stored));
	stance_entity_free(stored);
	return rc;
}

struct list_ctx {
	struct cli *cli;
	struct cli_table *table;
	size_t nfields;
	int rc;   /* the writer's exit code, which the walk's code cannot carry */
};

static int list_one(const stance_entity *e, void *data)
{
	struct list_ctx *ctx = data;

	if (ctx->cli->format == CLI_FORMAT_JSON)
		ctx->rc = cli_table_json(ctx->table, stance_snapshot_entity_json(e));
	else
		ctx->rc = cli_table_row(ctx->table, (const char *const *)e->field);
	return ctx->rc ? 1 : 0;
}

int cmd_entity_list(struct cli *cli, int argc, char **argv)
{
	const stance_entity_info *info = command_type(cli);
	const char *headers[STANCE_ENTITY_MAX_FIELDS];
	struct list_ctx ctx = { cli, NULL, info->nfields, 0 };
	char usage[32];
	const struct cli_spec spec = { .usage = usage, .details = list_details };
	int rc;

	snprintf(usage, sizeof(usage), "%s list", info->name);
	rc = cli_parse_options(cli, &spec, NULL, argc, argv);
	if (rc != CLI_RUN)
		return rc;
	for (size_t i = 0; i < info->nfields; i++)
		headers[i] = info->fields[i].name;
	ctx.rc = cli_table_begin(&ctx.table, cli, headers, info->nfields);
	if (!ctx.rc) {
		rc = stance_entity_foreach(cli->db, info->type, list_one, &ctx);
		if (rc < 0)
			ctx.rc = cli_fail(rc);
	}
	return cli_table_end(ctx.table, ctx.rc);
}
