/*
 * error.c - exit codes and error messages (error.h), as git's usage.c.
 */
#include <stdarg.h>
#include <stdio.h>

#include "stance/stance.h"

#include "error.h"

int cli_exit_code(int stance_rc)
{
	switch (stance_rc) {
	case STANCE_OK:
		return CLI_OK;
	case STANCE_EINVALID:
	case STANCE_ENOTFOUND:
	case STANCE_EEXISTS:
	case STANCE_ENOTSTANCE:
	case STANCE_ENEWER:
	case STANCE_EOLDER:
	case STANCE_ECONFLICT:
	case STANCE_EAMBIGUOUS:
		return CLI_EDATA;
	case STANCE_ENODB:
		return CLI_ENOINPUT;
	case STANCE_ECANTCREATE:
		return CLI_ECANTCREATE;
	case STANCE_EIO:
		return CLI_EIO;
	case STANCE_EBUSY:
		return CLI_ETEMPFAIL;
	default:
		return CLI_ESOFTWARE;
	}
}

int cli_fail(int stance_rc)
{
	const char *msg = stance_error_last();

	/* a library path that forgot its message must still say something */
	if (!*msg)
		msg = stance_error_name(stance_rc);
	return cli_error(cli_exit_code(stance_rc), "%s", msg);
}

/* Error messages quote what the user gave, which may hold a newline or an
 * escape sequence: the message must stay one line and must not drive the
 * terminal, so control characters are written escaped: C0 and DEL as \xNN,
 * C1 (U+0080 to U+009F, UTF-8 C2 80 to C2 9F; U+009B alone starts a
 * terminal control sequence) as \u00NN. */
static void vmessage(const char *kind, const char *fmt, va_list ap)
{
	char msg[4096];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "stance: %s", kind);
	for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
		if (*p == '\n')
			fputs("\\n", stderr);
		else if (*p == '\t')
			fputs("\\t", stderr);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			fprintf(stderr, "\\u%04x", *++p);
		else
			fputc(*p, stderr);
	}
	fputc('\n', stderr);
}

static int verror(int code, const char *fmt, va_list ap)
{
	vmessage("error: ", fmt, ap);
	return code;
}

void cli_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("note: ", fmt, ap);
	va_end(ap);
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("warning: ", fmt, ap);
	va_end(ap);
}

void cli_said(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
}

int cli_error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = verror(code, fmt, ap);
	va_end(ap);
	return code;
}

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;
	int code;

	va_start(ap, fmt);
	code = verror(CLI_EUSAGE, fmt, ap);
	va_end(ap);
	return code;
}
