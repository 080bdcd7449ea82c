/*
 * commands.h - the functions behind the command table in main.c, one per
 * command (or per group of commands sharing one implementation).
 * Each is `int cmd_x(struct cli *cli, int argc, char **argv)`: see cli.h.
 */
#ifndef STANCE_CLI_COMMANDS_H
#define STANCE_CLI_COMMANDS_H

#include "cli.h"

int cmd_amend(struct cli *cli, int argc, char **argv);      /* cmd-amend.c */
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
int cmd_history(struct cli *cli, int argc, char **argv);    /* cmd-history.c */
int cmd_import(struct cli *cli, int argc, char **argv);     /* cmd-import.c */
int cmd_init(struct cli *cli, int argc, char **argv);       /* cmd-init.c */
int cmd_log(struct cli *cli, int argc, char **argv);        /* cmd-log.c */
int cmd_matrix(struct cli *cli, int argc, char **argv);     /* cmd-matrix.c */
int cmd_network(struct cli *cli, int argc, char **argv);    /* cmd-network.c */
int cmd_positions(struct cli *cli, int argc, char **argv);  /* cmd-positions.c */
int cmd_record(struct cli *cli, int argc, char **argv);     /* cmd-record.c */
int cmd_report(struct cli *cli, int argc, char **argv);     /* cmd-report.c */
int cmd_retract(struct cli *cli, int argc, char **argv);    /* cmd-retract.c */
int cmd_unretract(struct cli *cli, int argc, char **argv);
int cmd_revert(struct cli *cli, int argc, char **argv);     /* cmd-revert.c */
int cmd_shifts(struct cli *cli, int argc, char **argv);     /* cmd-shifts.c */
int cmd_show(struct cli *cli, int argc, char **argv);       /* cmd-show.c */
int cmd_statements(struct cli *cli, int argc, char **argv); /* cmd-statements.c */

#endif
