/*
 * jsonstream.c - a pull reader for one large JSON object (see
 * jsonstream-internal.h).
 *
 * The reader parses the top-level object and the arrays it enters itself,
 * byte by byte. Each value under them (member value, array element, member
 * name) is only delimited by a small scanner that copies its text into a
 * buffer and then handed to jansson, which does the real parsing and
 * validation. The scanner checks UTF-8, control characters, escapes and
 * depth on its own because it sees the bytes first and knows where they are
 * in the document: jansson cannot locate an invalid UTF-8 byte, and a
 * string missing its closing quote would otherwise be copied up to the size
 * limit before jansson saw it.
 */
#include "jsonstream-internal.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define JSR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define JSR_PRINTF(f, a)
#endif

#define JSR_CHUNK 65536
#define JSR_BUF_MIN 4096

struct jsr_pos {
	unsigned long long offset;	/* from 0, in bytes */
	unsigned long long line;	/* from 1 */
	unsigned long long column;	/* from 1, in characters */
};

enum jsr_state {
	JSR_START,	/* nothing read yet */
	JSR_MEMBERS,	/* in the top-level object, before a name or '}' */
	JSR_VALUE,	/* a member name was read, its value not yet */
	JSR_ARRAY,	/* in a member's array, before an element or ']' */
	JSR_END,	/* the object and the input are done */
	JSR_FAILED	/* an error happened: every call returns it again */
};

/* What the path in an error message names. */
enum jsr_ctx {
	JSR_CTX_NONE,		/* outside the top-level object: no path */
	JSR_CTX_TOP,		/* $ */
	JSR_CTX_MEMBER,		/* $.member */
	JSR_CTX_ELEMENT		/* $.member[index] */
};

/* State of the scanner that finds the end of one value; kept in a struct
 * because a value may span any number of input chunks. */
struct jsr_scan {
	int depth;		/* open arrays and objects within the value */
	int in_string;
	int escape;		/* the previous byte was a backslash */
	int scalar;		/* a number, true, false or null */
	int need;		/* UTF-8 continuation bytes still due */
	unsigned char lo, hi;	/* range of the next continuation byte */
	struct jsr_pos lead;	/* where the current UTF-8 sequence began */
};

struct stance_jsr {
	FILE *in;
	enum jsr_state state;
	enum jsr_ctx ctx;
	int err;
	int eof;
	int first;		/* no member or element yet: no ',' due */
	char *member;		/* current member name, NULL between members */
	json_t *seen;		/* member names so far, as keys */
	size_t index;
	struct jsr_pos pos;	/* of the next unread byte */
	struct jsr_pos value_pos;	/* where the last value began */
	char *vbuf;
	size_t vlen, vcap;
	size_t ipos, ilen;
	char msg[1024];
	unsigned char ibuf[JSR_CHUNK];
};

static void jsr_msg_add(stance_jsr *r, size_t *n, const char *fmt, ...)
	JSR_PRINTF(3, 4);
static int jsr_fail(stance_jsr *r, int code, const struct jsr_pos *at,
		    const char *fmt, ...) JSR_PRINTF(4, 5);

/* Appends to r->msg, keeping *n at the length written even when the
 * message is cut short. */
static void jsr_msg_add(stance_jsr *r, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*n >= sizeof(r->msg) - 1)
		return;
	va_start(ap, fmt);
	w = vsnprintf(r->msg + *n, sizeof(r->msg) - *n, fmt, ap);
	va_end(ap);
	if (w < 0)
		return;
	*n += (size_t)w;
	if (*n > sizeof(r->msg) - 1)
		*n = sizeof(r->msg) - 1;
}

static int jsr_is_ident(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      c == '_' || (i > 0 && c >= '0' && c <= '9')))
			return 0;
	}
	return i > 0 && i <= 64;
}

/* Writes s as a JSON string literal into buf, cut short with "..." so that
 * a huge name cannot crowd the rest out of a message. Cuts only before a
 * character, so the result stays valid UTF-8. size must be at least 16. */
static void jsr_quote(char *buf, size_t size, const char *s)
{
	size_t n = 0;

	buf[n++] = '"';
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (n + 8 > size || ((c & 0xC0) != 0x80 && n + 12 > size)) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		if (c == '"' || c == '\\') {
			buf[n++] = '\\';
			buf[n++] = (char)c;
		} else if (c < 0x20) {
			snprintf(buf + n, 7, "\\u%04x", (unsigned)c);
			n += 6;
		} else {
			buf[n++] = (char)c;
		}
	}
	buf[n++] = '"';
	buf[n] = '\0';
}

/* The path of what r->ctx names, e.g. $.statements[41] or $["a b"]. */
static void jsr_path(const stance_jsr *r, char *buf, size_t size)
{
	const char *open = "", *name = "", *close = "";
	char quoted[160];
	char index[32];

	index[0] = '\0';
	if (r->ctx >= JSR_CTX_MEMBER && r->member) {
		if (jsr_is_ident(r->member)) {
			open = ".";
			name = r->member;
		} else {
			jsr_quote(quoted, sizeof(quoted), r->member);
			open = "[";
			name = quoted;
			close = "]";
		}
	}
	if (r->ctx == JSR_CTX_ELEMENT)
		snprintf(index, sizeof(index), "[%zu]", r->index);
	snprintf(buf, size, "$%s%s%s%s", open, name, close, index);
}

static void jsr_msg_pos(stance_jsr *r, size_t *n, const struct jsr_pos *at)
{
	jsr_msg_add(r, n, " at line %llu, column %llu (byte offset %llu)",
		    at->line, at->column, at->offset);
}

static int jsr_set_failed(stance_jsr *r, int code)
{
	r->state = JSR_FAILED;
	r->err = code;
	return code;
}

/* Records an error about what r->ctx names, found at *at (NULL when no
 * position helps), and returns code. */
static int jsr_fail(stance_jsr *r, int code, const struct jsr_pos *at,
		    const char *fmt, ...)
{
	char path[256];
	size_t n = 0;
	va_list ap;
	int w;

	if (r->ctx != JSR_CTX_NONE) {
		jsr_path(r, path, sizeof(path));
		jsr_msg_add(r, &n, "%s: ", path);
	}
	va_start(ap, fmt);
	w = vsnprintf(r->msg + n, sizeof(r->msg) - n, fmt, ap);
	va_end(ap);
	if (w > 0)
		n += (size_t)w;
	if (n > sizeof(r->msg) - 1)
		n = sizeof(r->msg) - 1;
	if (at)
		jsr_msg_pos(r, &n, at);
	return jsr_set_failed(r, code);
}

/* The input ended where more was due. */
static int jsr_truncated(stance_jsr *r)
{
	char path[256];
	size_t n = 0;

	jsr_path(r, path, sizeof(path));
	jsr_msg_add(r, &n, "truncated document: end of input inside %s", path);
	jsr_msg_pos(r, &n, &r->pos);
	return jsr_set_failed(r, STANCE_EINVALID);
}

static int jsr_misuse(stance_jsr *r, const char *fn)
{
	return jsr_fail(r, STANCE_EINTERNAL, NULL, "%s() called out of order",
			fn);
}

/* Names a byte for a message. */
static const char *jsr_describe(int c, char buf[16])
{
	if (c == EOF)
		return "end of input";
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, 16, c == '\'' ? "\"%c\"" : "'%c'", c);
	else
		snprintf(buf, 16, "byte 0x%02x", (unsigned)c);
	return buf;
}

/* Names the kind of value that starts with byte c, for messages. */
static const char *jsr_describe_value(int c, char buf[16])
{
	if (c == '{')
		return "an object";
	if (c == '[')
		return "an array";
	if (c == '"')
		return "a string";
	if (c == '-' || (c >= '0' && c <= '9'))
		return "a number";
	if (c == 't' || c == 'f')
		return "a boolean";
	if (c == 'n')
		return "null";
	return jsr_describe(c, buf);
}

static void jsr_track(struct jsr_pos *p, unsigned char c)
{
	p->offset++;
	if (c == '\n') {
		p->line++;
		p->column = 1;
	} else if ((c & 0xC0) != 0x80) {
		/* a continuation byte belongs to the character before it */
		p->column++;
	}
}

/* Refills the input buffer when it is empty; at the end of the input it
 * stays empty and r->eof is set. */
static int jsr_fill(stance_jsr *r)
{
	size_t n;
	int e;

	if (r->ipos < r->ilen || r->eof)
		return 0;
	errno = 0;
	n = fread(r->ibuf, 1, sizeof(r->ibuf), r->in);
	e = errno;
	r->ipos = 0;
	r->ilen = n;
	if (ferror(r->in)) {
		r->ilen = 0;
		return jsr_fail(r, STANCE_EIO, NULL,
				"read error after %llu bytes: %s",
				r->pos.offset + n,
				e ? strerror(e) : "unknown error");
	}
	if (n == 0)
		r->eof = 1;
	return 0;
}

/* Sets *c to the next byte without consuming it, or to EOF. */
static int jsr_peek(stance_jsr *r, int *c)
{
	int rc = jsr_fill(r);

	if (rc < 0)
		return rc;
	*c = r->ipos < r->ilen ? r->ibuf[r->ipos] : EOF;
	return 0;
}

/* Consumes the byte jsr_peek() returned. */
static void jsr_advance(stance_jsr *r)
{
	jsr_track(&r->pos, r->ibuf[r->ipos++]);
}

static int jsr_is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Skips whitespace; *c is then the next byte (not consumed) or EOF. */
static int jsr_skip_ws(stance_jsr *r, int *c)
{
	int rc;

	for (;;) {
		rc = jsr_peek(r, c);
		if (rc < 0)
			return rc;
		if (!jsr_is_ws(*c))
			return 0;
		jsr_advance(r);
	}
}

/* Bytes that may make up a number, true, false or null. More than JSON
 * allows, which is fine: they only delimit the token and jansson rejects a
 * bad one. */
static int jsr_is_scalar_byte(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '-' || c == '+' || c == '.';
}

/* Prepares the check of the continuation bytes of a UTF-8 sequence that
 * starts with c; 0 when c cannot start one. The ranges are RFC 3629's, so
 * overlong forms, surrogates and code points past U+10FFFF are refused. */
static int jsr_utf8_lead(struct jsr_scan *s, unsigned char c)
{
	s->lo = 0x80;
	s->hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF) {
		s->need = 1;
	} else if (c == 0xE0) {
		s->need = 2;
		s->lo = 0xA0;
	} else if (c == 0xED) {
		s->need = 2;
		s->hi = 0x9F;
	} else if (c >= 0xE1 && c <= 0xEF) {
		s->need = 2;
	} else if (c == 0xF0) {
		s->need = 3;
		s->lo = 0x90;
	} else if (c == 0xF4) {
		s->need = 3;
		s->hi = 0x8F;
	} else if (c >= 0xF1 && c <= 0xF3) {
		s->need = 3;
	} else {
		return 0;
	}
	return 1;
}

static int jsr_append(stance_jsr *r, const unsigned char *p, size_t len)
{
	size_t cap;
	char *nbuf;

	if (len == 0)
		return 0;
	if (r->vlen + len > r->vcap) {
		cap = r->vcap ? r->vcap : JSR_BUF_MIN;
		while (cap < r->vlen + len)
			cap *= 2;
		nbuf = realloc(r->vbuf, cap);
		if (!nbuf)
			return jsr_fail(r, STANCE_ENOMEM, NULL,
					"out of memory");
		r->vbuf = nbuf;
		r->vcap = cap;
	}
	memcpy(r->vbuf + r->vlen, p, len);
	r->vlen += len;
	return 0;
}

static int jsr_too_deep(stance_jsr *r)
{
	return jsr_fail(r, STANCE_EINVALID, &r->pos,
			"nesting deeper than %d levels", STANCE_JSR_MAX_DEPTH);
}

enum jsr_step {
	JSR_STEP_MORE,		/* the byte belongs to the value, more follows */
	JSR_STEP_LAST,		/* the byte is the value's last */
	JSR_STEP_PAST		/* the value ended before the byte */
};

/* Feeds the scanner the next byte b of a value (not yet consumed, so that
 * r->pos is its position); returns an enum jsr_step or an error code. */
static int jsr_scan_byte(stance_jsr *r, struct jsr_scan *s, unsigned char b,
			 int base_depth)
{
	char desc[16];

	if (s->need) {
		if (b < s->lo || b > s->hi)
			return jsr_fail(r, STANCE_EINVALID, &s->lead,
					"invalid UTF-8 in a string");
		s->need--;
		s->lo = 0x80;
		s->hi = 0xBF;
		return JSR_STEP_MORE;
	}
	if (s->in_string) {
		if (s->escape) {
			/* the \u digits are left to jansson */
			if (b == '\0' || !strchr("\"\\/bfnrtu", b))
				return jsr_fail(r, STANCE_EINVALID, &r->pos,
						"invalid escape '\\' followed by %s in a string",
						jsr_describe(b, desc));
			s->escape = 0;
		} else if (b == '\\') {
			s->escape = 1;
		} else if (b == '"') {
			s->in_string = 0;
			return s->depth == 0 ? JSR_STEP_LAST : JSR_STEP_MORE;
		} else if (b < 0x20) {
			return jsr_fail(r, STANCE_EINVALID, &r->pos,
					"unescaped control character 0x%02x in a string",
					(unsigned)b);
		} else if (b >= 0x80) {
			s->lead = r->pos;
			if (!jsr_utf8_lead(s, b))
				return jsr_fail(r, STANCE_EINVALID, &r->pos,
						"invalid UTF-8 in a string");
		}
		return JSR_STEP_MORE;
	}
	if (s->scalar)
		return jsr_is_scalar_byte(b) ? JSR_STEP_MORE : JSR_STEP_PAST;
	if (b == '"') {
		s->in_string = 1;
	} else if (b == '{' || b == '[') {
		if (base_depth + ++s->depth > STANCE_JSR_MAX_DEPTH)
			return jsr_too_deep(r);
	} else if (b == '}' || b == ']') {
		/* a mismatched bracket still ends the value; jansson then
		 * rejects it */
		if (--s->depth == 0)
			return JSR_STEP_LAST;
	} else if (b >= 0x80 || (b < 0x20 && !jsr_is_ws(b))) {
		return jsr_fail(r, STANCE_EINVALID, &r->pos,
				"unexpected %s outside a string",
				jsr_describe(b, desc));
	}
	return JSR_STEP_MORE;
}

/* Copies the text of the one value that starts at the next byte (after any
 * whitespace) into r->vbuf. base_depth is the number of arrays and objects
 * that enclose it in the document. */
static int jsr_scan_value(stance_jsr *r, int base_depth)
{
	struct jsr_scan s;
	char desc[16];
	size_t span;
	int c, rc;

	memset(&s, 0, sizeof(s));
	r->vlen = 0;
	rc = jsr_skip_ws(r, &c);
	if (rc < 0)
		return rc;
	r->value_pos = r->pos;
	if (c == EOF)
		return jsr_truncated(r);
	if (c == '"')
		s.in_string = 1;
	else if (c == '{' || c == '[')
		s.depth = 1;
	else if (jsr_is_scalar_byte(c))
		s.scalar = 1;
	else
		return jsr_fail(r, STANCE_EINVALID, &r->pos,
				"expected a value, found %s",
				jsr_describe(c, desc));
	if (base_depth + s.depth > STANCE_JSR_MAX_DEPTH)
		return jsr_too_deep(r);
	/* the bytes are copied a chunk's span at a time, not one by one */
	span = r->ipos;
	jsr_advance(r);
	do {
		if (r->ipos == r->ilen) {
			rc = jsr_append(r, r->ibuf + span, r->ipos - span);
			if (rc < 0)
				return rc;
			rc = jsr_fill(r);
			if (rc < 0)
				return rc;
			/* a scalar cannot end the document either */
			if (r->ipos == r->ilen)
				return jsr_truncated(r);
			span = r->ipos;
		}
		rc = jsr_scan_byte(r, &s, r->ibuf[r->ipos], base_depth);
		if (rc < 0)
			return rc;
		if (rc == JSR_STEP_PAST)
			break;
		jsr_advance(r);
		if (r->vlen + (r->ipos - span) > STANCE_JSR_MAX_VALUE)
			return jsr_fail(r, STANCE_EINVALID, &r->value_pos,
					"value larger than %zu MiB, starting",
					STANCE_JSR_MAX_VALUE >> 20);
	} while (rc != JSR_STEP_LAST);
	return jsr_append(r, r->ibuf + span, r->ipos - span);
}

/* Parses the text jsr_scan_value() copied; *out is a new reference. */
static int jsr_parse(stance_jsr *r, json_t **out)
{
	struct jsr_pos at = r->value_pos;
	json_error_t err;

	*out = json_loadb(r->vbuf, r->vlen,
			  JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (*out)
		return 0;
	/* jansson reports some of its allocation failures (adding a member
	 * or an item) without setting the error at all: an empty message is
	 * never a syntax error. */
	if (json_error_code(&err) == json_error_out_of_memory || err.text[0] == '\0')
		return jsr_fail(r, STANCE_ENOMEM, NULL, "out of memory");
	/* jansson counts from the start of the value: line 1 of it continues
	 * the document's line where the value began. Its position is just
	 * past the byte it stopped at. */
	if (err.line == 1) {
		at.column += (unsigned long long)(err.column > 0 ?
						  err.column - 1 : 0);
	} else if (err.line > 1) {
		at.line += (unsigned long long)err.line - 1;
		at.column = (unsigned long long)(err.column > 0 ?
						 err.column : 1);
	}
	if (err.line >= 1 && err.position > 0)
		at.offset += (unsigned long long)(err.position - 1);
	return jsr_fail(r, STANCE_EINVALID, &at, "invalid JSON: %s", err.text);
}

int stance_jsr__new(stance_jsr **out, FILE *in)
{
	stance_jsr *r;

	assert(out && in);
	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return STANCE_ENOMEM;
	r->seen = json_object();
	if (!r->seen) {
		free(r);
		return STANCE_ENOMEM;
	}
	r->in = in;
	r->state = JSR_START;
	r->ctx = JSR_CTX_NONE;
	r->index = SIZE_MAX;
	r->pos.line = 1;
	r->pos.column = 1;
	r->value_pos = r->pos;
	*out = r;
	return 0;
}

void stance_jsr__free(stance_jsr *r)
{
	if (!r)
		return;
	json_decref(r->seen);
	free(r->member);
	free(r->vbuf);
	free(r);
}

/* Reads the opening '{' of the document. */
static int jsr_open(stance_jsr *r)
{
	char desc[16];
	int c, rc;

	rc = jsr_skip_ws(r, &c);
	if (rc < 0)
		return rc;
	if (c == EOF)
		return jsr_fail(r, STANCE_EINVALID, NULL,
				"empty document: expected a JSON object");
	if (c == 0xEF && r->pos.offset == 0)
		return jsr_fail(r, STANCE_EINVALID, &r->pos,
				"the document starts with a UTF-8 byte order mark, which is not allowed");
	if (c != '{')
		return jsr_fail(r, STANCE_EINVALID, &r->pos,
				"the document must be a JSON object: expected '{', found %s",
				jsr_describe_value(c, desc));
	jsr_advance(r);
	r->state = JSR_MEMBERS;
	r->first = 1;
	return 0;
}

/* After the closing '}': only whitespace may follow. */
static int jsr_close(stance_jsr *r)
{
	char desc[16];
	int c, rc;

	r->state = JSR_END;
	r->ctx = JSR_CTX_NONE;
	rc = jsr_skip_ws(r, &c);
	if (rc < 0)
		return rc;
	if (c != EOF)
		return jsr_fail(r, STANCE_EINVALID, &r->pos,
				"trailing data after the top-level object: found %s",
				jsr_describe(c, desc));
	return 0;
}

/* Reads a member name (its opening quote is the next byte) and the ':'
 * after it. */
static int jsr_read_name(stance_jsr *r)
{
	struct jsr_pos at;
	json_t *name = NULL;
	char quoted[160];
	char desc[16];
	int c, rc;

	rc = jsr_scan_value(r, 1);
	if (rc < 0)
		goto done;
	at = r->value_pos;
	/* jansson decodes the escapes and refuses \u0000 */
	rc = jsr_parse(r, &name);
	if (rc < 0)
		goto done;
	if (json_object_get(r->seen, json_string_value(name))) {
		jsr_quote(quoted, sizeof(quoted), json_string_value(name));
		rc = jsr_fail(r, STANCE_EINVALID, &at, "duplicate member %s",
			      quoted);
		goto done;
	}
	if (json_object_set_new(r->seen, json_string_value(name),
				json_true()) < 0) {
		rc = jsr_fail(r, STANCE_ENOMEM, NULL, "out of memory");
		goto done;
	}
	r->member = strdup(json_string_value(name));
	if (!r->member) {
		rc = jsr_fail(r, STANCE_ENOMEM, NULL, "out of memory");
		goto done;
	}
	r->ctx = JSR_CTX_MEMBER;
	rc = jsr_skip_ws(r, &c);
	if (rc < 0)
		goto done;
	if (c == EOF) {
		rc = jsr_truncated(r);
		goto done;
	}
	if (c != ':') {
		rc = jsr_fail(r, STANCE_EINVALID, &r->pos,
			      "expected ':' after the member name, found %s",
			      jsr_describe(c, desc));
		goto done;
	}
	jsr_advance(r);
	r->state = JSR_VALUE;
done:
	json_decref(name);
	return rc;
}

int stance_jsr__next_member(stance_jsr *r, const char **name)
{
	char desc[16];
	int c, rc;

	assert(r && name);
	*name = NULL;
	switch (r->state) {
	case JSR_FAILED:
		return r->err;
	case JSR_END:
		return 0;
	case JSR_START:
		rc = jsr_open(r);
		if (rc < 0)
			return rc;
		break;
	case JSR_MEMBERS:
		break;
	case JSR_VALUE:
	case JSR_ARRAY:
		return jsr_misuse(r, "stance_jsr__next_member");
	}

	/* the previous member stays named until its ',' so that a missing
	 * one is reported against it */
	rc = jsr_skip_ws(r, &c);
	if (rc < 0)
		return rc;
	if (c != EOF && c != '}' && c != ',' && !r->first)
		return jsr_fail(r, STANCE_EINVALID, &r->pos,
				"expected ',' or '}' after the value, found %s",
				jsr_describe(c, desc));
	free(r->member);
	r->member = NULL;
	r->ctx = JSR_CTX_TOP;
	if (c == EOF)
		return jsr_truncated(r);
	if (c == '}') {
		jsr_advance(r);
		return jsr_close(r);
	}
	if (!r->first) {
		jsr_advance(r);
		rc = jsr_skip_ws(r, &c);
		if (rc < 0)
			return rc;
		if (c == EOF)
			return jsr_truncated(r);
	}
	if (c != '"')
		return jsr_fail(r, STANCE_EINVALID, &r->pos,
				r->first ? "expected a member name or '}', found %s" :
					   "expected a member name after ',', found %s",
				jsr_describe(c, desc));
	rc = jsr_read_name(r);
	if (rc < 0)
		return rc;
	r->first = 0;
	*name = r->member;
	return 0;
}

int stance_jsr__read_value(stance_jsr *r, json_t **out)
{
	int rc;

	assert(r && out);
	*out = NULL;
	if (r->state == JSR_FAILED)
		return r->err;
	if (r->state != JSR_VALUE)
		return jsr_misuse(r, "stance_jsr__read_value");
	rc = jsr_scan_value(r, 1);
	if (rc < 0)
		return rc;
	rc = jsr_parse(r, out);
	if (rc < 0)
		return rc;
	r->state = JSR_MEMBERS;
	return 0;
}

int stance_jsr__begin_array(stance_jsr *r)
{
	char desc[16];
	int c, rc;

	assert(r);
	if (r->state == JSR_FAILED)
		return r->err;
	if (r->state != JSR_VALUE)
		return jsr_misuse(r, "stance_jsr__begin_array");
	rc = jsr_skip_ws(r, &c);
	if (rc < 0)
		return rc;
	if (c == EOF)
		return jsr_truncated(r);
	if (c != '[')
		return jsr_fail(r, STANCE_EINVALID, &r->pos,
				"expected an array, found %s",
				jsr_describe_value(c, desc));
	r->value_pos = r->pos;
	jsr_advance(r);
	r->state = JSR_ARRAY;
	r->first = 1;
	r->index = SIZE_MAX;
	return 0;
}

int stance_jsr__next_element(stance_jsr *r, json_t **out)
{
	char desc[16];
	int c, rc;

	assert(r && out);
	*out = NULL;
	if (r->state == JSR_FAILED)
		return r->err;
	if (r->state != JSR_ARRAY)
		return jsr_misuse(r, "stance_jsr__next_element");
	r->ctx = JSR_CTX_MEMBER;
	rc = jsr_skip_ws(r, &c);
	if (rc < 0)
		return rc;
	if (c == EOF)
		return jsr_truncated(r);
	if (c == ']') {
		jsr_advance(r);
		r->state = JSR_MEMBERS;
		r->first = 0;
		return 0;
	}
	if (!r->first) {
		if (c != ',')
			return jsr_fail(r, STANCE_EINVALID, &r->pos,
					"expected ',' or ']' after element %zu, found %s",
					r->index, jsr_describe(c, desc));
		jsr_advance(r);
	}
	r->first = 0;
	r->index++;
	r->ctx = JSR_CTX_ELEMENT;
	rc = jsr_scan_value(r, 2);
	if (rc < 0)
		return rc;
	return jsr_parse(r, out);
}

const char *stance_jsr__error(const stance_jsr *r)
{
	return r ? r->msg : "";
}

const char *stance_jsr__member(const stance_jsr *r)
{
	return r->member;
}

size_t stance_jsr__index(const stance_jsr *r)
{
	return r->index;
}

unsigned long long stance_jsr__value_line(const stance_jsr *r)
{
	return r->value_pos.line;
}

size_t stance_jsr__buffer_capacity(const stance_jsr *r)
{
	return r->vcap;
}
