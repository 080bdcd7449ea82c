/* The migrations in migrations/, embedded at build time by tools/embed.py. */
#ifndef STANCE_MIGRATIONS_INTERNAL_H
#define STANCE_MIGRATIONS_INTERNAL_H

struct stance_migration {
	int number;        /* 1, 2, ...: the user_version after it */
	const char *name;  /* file name, for messages */
	const char *sql;
};

extern const struct stance_migration stance_migrations[];
extern const int stance_migrations_count;

#endif
