/*
 * cmd-entity.c - `stance party|actor|issue|source add|list|edit|rename|
 * remove|restore`: one implementation for the four types, driven by the
 * field descriptions of entity.h, so that a new field appears on the
 * command line by itself, in add and edit alike.
 */
#include <ctype.h>
#include <string.h>

#include "commands.h"
#include "revision-output.h"

/* The options and usage of 'TYPE add' or 'TYPE edit', made from the type's
 * fields. */
struct add_spec {
	/* a field's options, --reason (edit), CLI_OPT_END (0) */
	struct cli_opt opts[STANCE_ENTITY_MAX_FIELDS + 1];
	const char *values[STANCE_ENTITY_MAX_FIELDS];      /* what the options set */
	const char *reason;                                /* edit: --reason */
	char args[STANCE_ENTITY_MAX_FIELDS][32];
	char usage[512];
	struct cli_spec spec;
};

static const char add_details[] =
	"Prints nothing on success, except with --format json: the entity as stored\n"
	"(its defaults filled in), in the shape of the snapshot.";

static const char edit_details[] =
	"Sets the members given and keeps the others; an empty value ('') clears an\n"
	"optional one (--role ''). SLUG may be a former slug (an alias). The slug\n"
	"itself changes with 'rename'. A change that changes nothing is refused.\n"
	CLI_REVISION_DETAILS;

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

/* Appends to the usage in as the synopsis of field f's option. */
static size_t usage_field(struct add_spec *as, size_t len, const stance_field *f,
			  const char *arg, int required)
{
	len += (size_t)snprintf(as->usage + len, sizeof(as->usage) - len, " %s%s ",
				required ? "" : "[", f->flag);
	if (len < sizeof(as->usage) && f->kind == STANCE_FIELD_CHOICE) {
		for (const char *const *c = f->choices; *c && len < sizeof(as->usage); c++)
			len += (size_t)snprintf(as->usage + len, sizeof(as->usage) - len,
						"%s%s", c == f->choices ? "" : "|", *c);
	} else if (len < sizeof(as->usage)) {
		len += (size_t)snprintf(as->usage + len, sizeof(as->usage) - len, "%s", arg);
	}
	if (len < sizeof(as->usage))
		len += (size_t)snprintf(as->usage + len, sizeof(as->usage) - len, "%s",
					required ? "" : "]");
	return len < sizeof(as->usage) ? len : sizeof(as->usage) - 1;
}

/* The options of 'TYPE add' (edit: 0), or of 'TYPE edit' (edit: 1), where
 * every field is optional and --reason follows them. */
static void build_add_spec(struct add_spec *as, const stance_entity_info *info, int edit)
{
	size_t len, n = 0;

	len = (size_t)snprintf(as->usage, sizeof(as->usage), "%s %s SLUG", info->name,
			       edit ? "edit" : "add");
	for (size_t i = 1; i < info->nfields; i++, n++) {
		const stance_field *f = &info->fields[i];
		struct cli_opt *o = &as->opts[n];
		char *arg = as->args[n];

		/* the value's name: the member's, or what a number is (design §3) */
		if (f->kind == STANCE_FIELD_POINT)
			snprintf(arg, sizeof(as->args[n]), "POINT");
		for (size_t k = 0; f->kind != STANCE_FIELD_POINT && f->name[k] &&
		     k + 1 < sizeof(as->args[n]); k++)
			arg[k] = (char)toupper((unsigned char)f->name[k]);
		o->type = CLI_OPT_T_STRING;
		o->name = f->flag + 2;
		o->value.string = &as->values[n];
		o->arg = arg;
		o->flags = f->required && !edit ? CLI_REQUIRED : 0;
		o->help = f->help;
		len = usage_field(as, len, f, arg, f->required && !edit);
	}
	if (edit) {
		as->opts[n] = (struct cli_opt)CLI_OPT_REASON(&as->reason, 0);
		snprintf(as->usage + len, sizeof(as->usage) - len, " [--reason TEXT]");
	}
	as->spec.usage = as->usage;
	as->spec.min_args = 1;
	as->spec.max_args = 1;
	as->spec.args_name = "a SLUG";
	as->spec.details = edit ? edit_details : add_details;
}

/* Parses the command line of 'TYPE add' (edit: 0) or 'TYPE edit' (1)
 * into e, whose fields borrow from argv (it is never cleared), and
 * as->reason. Returns CLI_RUN or the exit code. */
static int parse_entity(struct cli *cli, int argc, char **argv, struct add_spec *as,
			stance_entity *e, int edit)
{
	const stance_entity_info *info = command_type(cli);
	int rc;

	build_add_spec(as, info, edit);
	rc = cli_parse_options(cli, &as->spec, as->opts, argc, argv);
	if (rc != CLI_RUN)
		return rc;
	e->type = info->type;
	e->field[STANCE_ENTITY_SLUG] = cli->args[0];
	for (size_t i = 1; i < info->nfields; i++)
		e->field[i] = (char *)as->values[i - 1];
	return CLI_RUN;
}

int cmd_entity_add(struct cli *cli, int argc, char **argv)
{
	struct add_spec as = { 0 };
	stance_entity e = { 0 }, *stored = NULL;
	int rc = parse_entity(cli, argc, argv, &as, &e, 0);

	if (rc != CLI_RUN)
		return rc;
	/* who made it: `stance log` shows it with the creation */
	e.created_by = (char *)cli->analyst;
	rc = stance_entity_add(cli->db, &e);
	if (!rc && cli->format == CLI_FORMAT_JSON)
		rc = stance_entity_get(&stored, cli->db, e.type, e.field[STANCE_ENTITY_SLUG]);
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

int cmd_entity_edit(struct cli *cli, int argc, char **argv)
{
	struct add_spec as = { 0 };
	stance_entity e = { 0 };
	stance_change_options co;
	char rev[STANCE_UUID_LEN + 1];
	int rc = parse_entity(cli, argc, argv, &as, &e, 1), any = 0;

	if (rc != CLI_RUN)
		return rc;
	for (size_t i = 1; i < STANCE_ENTITY_MAX_FIELDS; i++)
		any |= e.field[i] != NULL;
	if (!any)
		return cli_usage_error("'stance %s' needs a member to change (see 'stance %s --help')",
				       cli->command->name, cli->command->name);
	co = cli_change_options(cli, as.reason);
	rc = stance_entity_edit(rev, cli->db, &e, &co);
	if (rc)
		return cli_fail(rc);
	return cli_revision_done(cli, rev, "edited", CLI_REVISION_MEMBERS);
}

static const char rename_details[] =
	"The old slug becomes an alias: it still names the entity everywhere (with a\n"
	"note on stderr), for good, and cannot name another entity. NEW may be a\n"
	"former slug of the same entity, which becomes its slug again; a slug or\n"
	"alias of another entity is refused.\n"
	CLI_REVISION_DETAILS;

/* Parses 'TYPE VERB SLUG [NEW] [--reason TEXT]' (NEW when nargs is 2),
 * the command line of rename, remove and restore. Returns CLI_RUN or the
 * exit code. */
static int parse_slug_command(struct cli *cli, int argc, char **argv, int nargs,
			      const char *details, const char **reason)
{
	const stance_entity_info *info = command_type(cli);
	const struct cli_opt opts[] = { CLI_OPT_REASON(reason, 0), CLI_OPT_END };
	char usage[64];
	const struct cli_spec spec = {
		.usage = usage, .min_args = nargs, .max_args = nargs,
		.args_name = nargs == 2 ? "a SLUG and the NEW slug" : "a SLUG", .details = details
	};

	snprintf(usage, sizeof(usage), "%s %s SLUG%s [--reason TEXT]", info->name,
		 cli->command->name + strcspn(cli->command->name, " ") + 1, nargs == 2 ? " NEW" : "");
	return cli_parse_options(cli, &spec, opts, argc, argv);
}

int cmd_entity_rename(struct cli *cli, int argc, char **argv)
{
	const char *reason = NULL;
	char rev[STANCE_UUID_LEN + 1];
	stance_change_options co;
	int rc = parse_slug_command(cli, argc, argv, 2, rename_details, &reason);

	if (rc != CLI_RUN)
		return rc;
	co = cli_change_options(cli, reason);
	rc = stance_entity_rename(rev, cli->db, command_type(cli)->type, cli->args[0],
				  cli->args[1], &co);
	if (rc)
		return cli_fail(rc);
	return cli_revision_done(cli, rev, "renamed", 0);
}

static const char remove_details[] =
	"Hides an entity that nothing refers to: lists leave it out and references\n"
	"to it are refused, until 'restore' brings it back. Its slug stays reserved.\n"
	"An entity that something refers to is refused, naming what does.\n"
	CLI_REVISION_DETAILS;

static const char restore_details[] =
	"Brings back an entity that 'remove' hid.\n"
	CLI_REVISION_DETAILS;

/* remove (restore: 0) or restore (1): the same command line, opposite
 * changes. */
static int remove_or_restore(struct cli *cli, int argc, char **argv, int restore)
{
	stance_entity_type type = command_type(cli)->type;
	const char *reason = NULL;
	char rev[STANCE_UUID_LEN + 1];
	stance_change_options co;
	int rc = parse_slug_command(cli, argc, argv, 1,
				    restore ? restore_details : remove_details, &reason);

	if (rc != CLI_RUN)
		return rc;
	co = cli_change_options(cli, reason);
	rc = restore ? stance_entity_restore(rev, cli->db, type, cli->args[0], &co)
		     : stance_entity_remove(rev, cli->db, type, cli->args[0], &co);
	if (rc)
		return cli_fail(rc);
	return cli_revision_done(cli, rev, restore ? "restored" : "removed", 0);
}

int cmd_entity_remove(struct cli *cli, int argc, char **argv)
{
	return remove_or_restore(cli, argc, argv, 0);
}

int cmd_entity_restore(struct cli *cli, int argc, char **argv)
{
	return remove_or_restore(cli, argc, argv, 1);
}
