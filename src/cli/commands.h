/*
 * commands.h - the functions behind the command table in main.c, one per
 * command (or per group of commands sharing one implementation).
 * Each is `int cmd_x(struct cli *cli, int argc, char **argv)`: see cli.h.
 */
#ifndef STANCE_CLI_COMMANDS_H
#define STANCE_CLI_COMMANDS_H

#include "cli.h"

int cmd_agreement(struct cli *cli, int argc, char **argv);  /* cmd-agreement.c */
int cmd_amend(struct cli *cli, int argc, char **argv);      /* cmd-amend.c */
int cmd_assess(struct cli *cli, int argc, char **argv);     /* cmd-assess.c */
int cmd_assessments(struct cli *cli, int argc, char **argv);
int cmd_check(struct cli *cli, int argc, char **argv);      /* cmd-check.c */
int cmd_code(struct cli *cli, int argc, char **argv);       /* cmd-code.c */
int cmd_recode(struct cli *cli, int argc, char **argv);
int cmd_uncode(struct cli *cli, int argc, char **argv);
int cmd_conflicts(struct cli *cli, int argc, char **argv);  /* cmd-conflicts.c */
int cmd_entity_add(struct cli *cli, int argc, char **argv); /* cmd-entity.c */
int cmd_entity_edit(struct cli *cli, int argc, char **argv);
int cmd_entity_list(struct cli *cli, int argc, char **argv);
int cmd_entity_remove(struct cli *cli, int argc, char **argv);
int cmd_entity_rename(struct cli *cli, int argc, char **argv);
int cmd_entity_restore(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);     /* cmd-export.c */
int cmd_extract(struct cli *cli, int argc, char **argv);    /* cmd-extract.c */
int cmd_forecast(struct cli *cli, int argc, char **argv);   /* cmd-forecast.c */
int cmd_history(struct cli *cli, int argc, char **argv);    /* cmd-history.c */
int cmd_import(struct cli *cli, int argc, char **argv);     /* cmd-import.c */
int cmd_init(struct cli *cli, int argc, char **argv);       /* cmd-init.c */
int cmd_log(struct cli *cli, int argc, char **argv);        /* cmd-log.c */
int cmd_matrix(struct cli *cli, int argc, char **argv);     /* cmd-matrix.c */
int cmd_network(struct cli *cli, int argc, char **argv);    /* cmd-network.c */
int cmd_outcome(struct cli *cli, int argc, char **argv);    /* cmd-outcome.c */
int cmd_outcomes(struct cli *cli, int argc, char **argv);
int cmd_positions(struct cli *cli, int argc, char **argv);  /* cmd-positions.c */
int cmd_record(struct cli *cli, int argc, char **argv);     /* cmd-record.c */
int cmd_report(struct cli *cli, int argc, char **argv);     /* cmd-report.c */
int cmd_retract(struct cli *cli, int argc, char **argv);    /* cmd-retract.c */
int cmd_unretract(struct cli *cli, int argc, char **argv);
int cmd_revert(struct cli *cli, int argc, char **argv);     /* cmd-revert.c */
int cmd_shifts(struct cli *cli, int argc, char **argv);     /* cmd-shifts.c */
int cmd_show(struct cli *cli, int argc, char **argv);       /* cmd-show.c */
int cmd_statements(struct cli *cli, int argc, char **argv); /* cmd-statements.c */

/* ---- what the bargaining commands share (design §8) ---- */

/* The number an option's value says, into *out: decimal digits with an
 * optional sign, fraction and exponent ("80", "-12.5", "1e3"), finite;
 * nothing else (no "nan", "inf", hex or blanks). The range is the
 * library's to check, with its own message. Returns 0, or 65 after
 * printing "invalid NAME 'VALUE' (EXPECT)". (cmd-assess.c) */
int bargain_number_parse(double *out, const char *name, const char *value,
			 const char *expect);

/* A number for people: an integral one without a fraction ("80"), any
 * other as cli_format_double() writes it ("0.5"); into buf, returned.
 * (cmd-assess.c) */
const char *bargain_number_text(char buf[32], double x);

/* Prints the id of a record a command has just written, as `record` does
 * ({"id": ...} in json, an "id" column in csv), then, once stdout has
 * taken it, in table and csv, "stance: WHAT (KIND 1a2b3c4d)" on stderr.
 * Returns 0 or the exit code. (cmd-assess.c) */
int bargain_id_done(struct cli *cli, const char *id, const char *kind, const char *what);

/* Lists of assessments and outcomes as `assessments`, `outcomes` and
 * `show` write them: begin a table with the columns of the format (csv:
 * the members of the snapshot shape, the retraction in three columns;
 * table: the short columns for people), then one record per row (json:
 * the snapshot shape). (cmd-assess.c, cmd-outcome.c) */
int bargain_assessments_begin(struct cli_table **out, struct cli *cli);
int bargain_assessment_row(struct cli_table *t, const stance_assessment *a);
int bargain_outcomes_begin(struct cli_table **out, struct cli *cli);
int bargain_outcome_row(struct cli_table *t, const stance_outcome *o);

/* A list of assessments or outcomes being written: its table, the rows
 * written, and the writer's exit code, which the walk's code cannot carry. */
struct bargain_list {
	struct cli_table *t;
	size_t n;
	int rc;
};

/* Ends such a list after the walk that returned walk (rc: an earlier
 * failure): an empty table says so in the words none ("no outcomes"). */
int bargain_list_end(struct cli *cli, struct bargain_list *w, int rc, int walk,
		     const char *none);

#endif
