/*
 * baseline-insert.c - the import baseline of bench/run: inserts the rows of
 * the benchmark snapshot into an empty stance database the plainest way
 * SQLite allows. No JSON and no lookups: bench/generate.py --tsv writes the
 * same rows with entity references already turned into row ids. One
 * transaction, one prepared statement per table, reused; the same schema,
 * so the same indexes, triggers and full-text index as stance pays for.
 *
 *	baseline-insert DB TSV
 *
 * Not part of stance: a yardstick for it.
 */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 16

static sqlite3 *db;

static void die(const char *what)
{
	fprintf(stderr, "baseline-insert: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static sqlite3_stmt *prepare(const char *sql)
{
	sqlite3_stmt *stmt;

	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
		die(sql);
	return stmt;
}

/* Binds field f as text, or NULL when it is empty, as parameter i. */
static void bind(sqlite3_stmt *stmt, int i, const char *f)
{
	if (*f)
		sqlite3_bind_text(stmt, i, f, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, i);
}

/* Binds field f as an integer, or NULL when it is empty. */
static void bind_int(sqlite3_stmt *stmt, int i, const char *f)
{
	if (*f)
		sqlite3_bind_int64(stmt, i, atoll(f));
	else
		sqlite3_bind_null(stmt, i);
}

static void run(sqlite3_stmt *stmt)
{
	if (sqlite3_step(stmt) != SQLITE_DONE)
		die("inserting");
	sqlite3_reset(stmt);
}

/* Inserts fields 1 to n of an entity line; field ref (0: none) is the row
 * id of another entity. */
static void insert_entity(sqlite3_stmt *stmt, char **f, int n, int ref)
{
	for (int i = 1; i <= n; i++)
		bind(stmt, i, f[i]);
	if (ref)
		bind_int(stmt, ref, f[ref]);
	run(stmt);
}

int main(int argc, char **argv)
{
	/* entity lines: tag, fields, the field that is a row id (0: none) */
	struct { char tag; int n, ref; sqlite3_stmt *stmt; } kinds[] = {
		{ 'P', 3, 0, NULL }, { 'A', 4, 3, NULL }, { 'S', 3, 0, NULL }, { 'I', 3, 3, NULL },
	};
	enum { NKINDS = sizeof(kinds) / sizeof(kinds[0]) };
	sqlite3_stmt *statement, *fts, *position;
	int k;
	sqlite3_int64 statement_id = 0;
	char *line = NULL, *f[MAX_FIELDS];
	size_t cap = 0;
	ssize_t len;
	FILE *in;

	if (argc != 3) {
		fprintf(stderr, "usage: baseline-insert DB TSV\n");
		return 2;
	}
	in = fopen(argv[2], "r");
	if (!in) {
		perror(argv[2]);
		return 1;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die(argv[1]);
	/* what stance sets on every connection that matters for speed; issues
	 * refer to parents that come later in slug order */
	if (sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA defer_foreign_keys = ON;"
			 " BEGIN IMMEDIATE", NULL, NULL, NULL))
		die("beginning");
	kinds[0].stmt = prepare("INSERT INTO party (slug, name, kind) VALUES (?1, ?2, ?3)");
	kinds[1].stmt = prepare("INSERT INTO actor (slug, name, party_id, role) VALUES (?1, ?2, ?3, ?4)");
	kinds[2].stmt = prepare("INSERT INTO source (slug, name, reliability) VALUES (?1, ?2, ?3)");
	kinds[3].stmt = prepare("INSERT INTO issue (slug, title, parent_id) VALUES (?1, ?2, ?3)");
	statement = prepare("INSERT INTO statement (uuid, party_id, actor_id, said_on, kind, text,"
			    " source_id, url, credibility, recorded_by, recorded_at, retracted_at,"
			    " retracted_by, retraction_reason)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
	fts = prepare("INSERT INTO statement_fts (rowid, text) VALUES (?1, ?2)");
	position = prepare("INSERT INTO position (statement_id, issue_id, stance, red_line, condition)"
			   " VALUES (?1, ?2, ?3, ?4, ?5)");
	while ((len = getline(&line, &cap, in)) > 0) {
		int n = 0;
		char *p = line;

		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		while (n < MAX_FIELDS) {
			f[n++] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = '\0';
		}
		for (int i = n; i < MAX_FIELDS; i++)
			f[i] = "";
		switch (f[0][0]) {
		case 'T':
			for (int i = 1; i <= 14; i++)
				bind(statement, i, f[i]);
			bind_int(statement, 2, f[2]);
			bind_int(statement, 3, f[3]);
			bind_int(statement, 7, f[7]);
			bind_int(statement, 9, f[9]);
			run(statement);
			statement_id = sqlite3_last_insert_rowid(db);
			sqlite3_bind_int64(fts, 1, statement_id);
			bind(fts, 2, f[6]);
			run(fts);
			break;
		case 'O':
			sqlite3_bind_int64(position, 1, statement_id);
			sqlite3_bind_int64(position, 2, atoll(f[1]));
			sqlite3_bind_int(position, 3, atoi(f[2]));
			sqlite3_bind_int(position, 4, atoi(f[3]));
			bind(position, 5, f[4]);
			run(position);
			break;
		default:
			for (k = 0; k < NKINDS && kinds[k].tag != f[0][0]; k++)
				;
			if (k == NKINDS) {
				fprintf(stderr, "baseline-insert: bad line: %s\n", line);
				return 1;
			}
			insert_entity(kinds[k].stmt, f, kinds[k].n, kinds[k].ref);
		}
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
		die("committing");
	for (k = 0; k < NKINDS; k++)
		sqlite3_finalize(kinds[k].stmt);
	sqlite3_finalize(statement);
	sqlite3_finalize(fts);
	sqlite3_finalize(position);
	sqlite3_close(db);
	free(line);
	fclose(in);
	return 0;
}
