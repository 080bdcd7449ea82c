/*
 * statement-output.h - statements as `statements`, `show` and the write
 * commands print them (statement-output.c).
 */
#ifndef STANCE_CLI_STATEMENT_OUTPUT_H
#define STANCE_CLI_STATEMENT_OUTPUT_H

#include "cli.h"

/* A list of statements: cli_table_begin() with the columns of the format
 * (table: id prefix, date, party, actor, kind, text excerpt, positions
 * summary; csv: every column; json: the snapshot shape), then one record
 * per statement. */
int cli_statements_begin(struct cli_table **out, struct cli *cli);
int cli_statements_row(struct cli_table *t, const stance_statement *st);

/* Prints a statement that a write command returns in json format (the
 * snapshot shape): reads it by id and prints it. Returns 0 or the exit
 * code. */
int cli_statement_print_json(struct cli *cli, const char *id);

#endif
