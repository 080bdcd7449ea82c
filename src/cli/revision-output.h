/*
 * revision-output.h - what the correcting commands of design §7 (edit,
 * rename, remove, restore, code, recode, uncode, amend, retract, unretract,
 * revert) share: who corrects and why, and what they print
 * (revision-output.c).
 */
#ifndef STANCE_CLI_REVISION_OUTPUT_H
#define STANCE_CLI_REVISION_OUTPUT_H

#include "cli.h"

/* The paragraph every correcting command's --help ends with. */
#define CLI_REVISION_DETAILS \
	"Prints the new revision's id (json: {\"revision\": \"<uuid>\"}; csv: a\n" \
	"'revision' column) and, in table and csv, says on stderr what it did.\n" \
	"'stance log' shows the revision, 'stance revert' undoes it."

/* --reason, optional or required (CLI_REQUIRED). */
#define CLI_OPT_REASON(v, f) \
	CLI_OPT_STRING_F(0, "reason", v, "TEXT", "why: kept with the revision in the history", f)

/* The analyst, and the reason (NULL: none), borrowed for the call. */
stance_change_options cli_change_options(const struct cli *cli, const char *reason);

/* cli_revision_done() flags: name the members the revision changed
 * ("edited party 'iran': name, kind"). */
#define CLI_REVISION_MEMBERS 1u

/* Prints what a correcting command did once it wrote the revision rev:
 * {"revision": rev} in json, else the id on stdout, then, once stdout has
 * taken it, "stance: VERB TARGET[: MEMBERS] (revision 1a2b3c4d)" on stderr,
 * TARGET being "party 'iran'" (or "party 'ir' to 'iran'" for a rename) or
 * a statement's id prefix and the start of its text. Returns 0 or the exit
 * code. */
int cli_revision_done(struct cli *cli, const char *rev, const char *verb, unsigned flags);

/* A statement for a message: its id prefix and the start of its text,
 * `6c7c3e5b "There is nothing new…"`, into buf; when it cannot be read,
 * the id alone. Returns buf. */
const char *cli_statement_label(char *buf, size_t size, stance_db *db, const char *id);

#endif
