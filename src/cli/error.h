/*
 * error.h - exit codes and error messages of `stance` (error.c), as git's
 * usage.c: every message goes to stderr as "stance: error: ...", one line.
 * This header depends on nothing else of the CLI, so that every other file
 * may report errors without a circle.
 */
#ifndef STANCE_CLI_ERROR_H
#define STANCE_CLI_ERROR_H

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
/* Prints "stance: note: <message>" (something the user should hear of),
 * "stance: warning: <message>" (something that may be wrong), or
 * "stance: <message>" (what a write command did) to stderr, escaped as
 * cli_error() does. */
void cli_note(const char *fmt, ...) CLI_PRINTF(1, 2);
void cli_warning(const char *fmt, ...) CLI_PRINTF(1, 2);
void cli_said(const char *fmt, ...) CLI_PRINTF(1, 2);

#endif

/* Exit codes (sysexits.h). */
enum cli_exit {
	CLI_OK = 0,
	CLI_EUSAGE = 64,      /* unknown command or flag, missing argument */
	CLI_EDATA = 65,       /* an invalid value, not a stance database... */
	CLI_ENOINPUT = 66,    /* no such file or database */
	CLI_ESOFTWARE = 70,   /* internal error */
	CLI_ECANTCREATE = 73,
	CLI_EIO = 74,         /* including a failed write to stdout */
	CLI_ETEMPFAIL = 75    /* database still busy after the timeout */
};

/* Prints "stance: error: <stance_error_last()>" to stderr and returns the
 * exit code of the libstance code: EINVALID, ENOTFOUND, EEXISTS, ENOTSTANCE,
 * ENEWER, EOLDER, ECONFLICT, EAMBIGUOUS → 65; ENODB → 66; ECANTCREATE → 73;
 * EIO → 74; EBUSY → 75; ENOMEM, EINTERNAL and anything else → 70. */
int cli_fail(int stance_rc);

/* The exit code of a libstance code, without printing. */
int cli_exit_code(int stance_rc);

/* Prints "stance: error: <message>" and returns 64. */
int cli_usage_error(const char *fmt, ...) CLI_PRINTF(1, 2);

/* Prints "stance: error: <message>" and returns code (e.g. CLI_EDATA).
 * Control characters of the message (it may quote what the user gave) are
 * written escaped, so that it stays one line and cannot drive the
 * terminal. */
int cli_error(int code, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Prints "stance: note: <message>" (something the user should hear of),
 * "stance: warning: <message>" (something that may be wrong), or
 * "stance: <message>" (what a write command did) to stderr, escaped as
 * cli_error() does. */
void cli_note(const char *fmt, ...) CLI_PRINTF(1, 2);
void cli_warning(const char *fmt, ...) CLI_PRINTF(1, 2);
void cli_said(const char *fmt, ...) CLI_PRINTF(1, 2);

#endif
