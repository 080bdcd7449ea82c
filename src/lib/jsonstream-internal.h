/*
 * jsonstream-internal.h - a pull reader for one JSON object whose members
 * are scalars or arrays (a snapshot, docs/design.md §5), read from a FILE*
 * in 64 KiB chunks so that memory is bounded by the largest single value,
 * never by the document.
 *
 * Use:
 *
 *	while ((rc = stance_jsr__next_member(r, &name)) == 0 && name) {
 *		if (is an array member) {
 *			rc = stance_jsr__begin_array(r);
 *			while (rc == 0 &&
 *			       (rc = stance_jsr__next_element(r, &el)) == 0 && el) {
 *				... use el ...
 *				json_decref(el);
 *			}
 *		} else {
 *			rc = stance_jsr__read_value(r, &v);
 *			...
 *		}
 *	}
 *
 * The top-level object is done (and nothing but whitespace followed it) only
 * when stance_jsr__next_member() returns 0 with a NULL name. Every syntax
 * error, truncation, invalid UTF-8 (anywhere, member names included), NUL
 * in a string, duplicate key (top-level or inside a value), nesting deeper
 * than STANCE_JSR_MAX_DEPTH or value larger than STANCE_JSR_MAX_VALUE is
 * STANCE_EINVALID; a failed read is STANCE_EIO; out of memory is
 * STANCE_ENOMEM; calling the functions out of order is STANCE_EINTERNAL.
 * Errors are final: once a call fails, every later call returns the same
 * code and stance_jsr__error() keeps the first message.
 *
 * The reader only keeps its own message (it does not set
 * stance_error_last()); callers pass it on, e.g.
 * `stance__error(rc, "%s", stance_jsr__error(r))`.
 */
#ifndef STANCE_JSONSTREAM_INTERNAL_H
#define STANCE_JSONSTREAM_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "stance/stance.h"

/* Deepest nesting of arrays and objects, counting the top-level object as
 * level 1 (so a member's array is level 2 and its elements' objects 3). */
#define STANCE_JSR_MAX_DEPTH 64

/* Largest JSON text of one value in bytes: a member value read whole, one
 * array element, or one member name. */
#define STANCE_JSR_MAX_VALUE ((size_t)16 << 20)

typedef struct stance_jsr stance_jsr;

/* Creates a reader of in, which stays the caller's (borrowed: not closed by
 * stance_jsr__free(), and must outlive the reader). Nothing is read yet. On
 * success *out is a new reader the caller frees with stance_jsr__free().
 * Returns 0 or STANCE_ENOMEM. */
int stance_jsr__new(stance_jsr **out, FILE *in);

/* Frees the reader; accepts NULL. */
void stance_jsr__free(stance_jsr *r);

/* Reads the next member name of the top-level object (the first call reads
 * the opening '{'). *name is borrowed: owned by the reader and valid until
 * the next stance_jsr__next_member() or stance_jsr__free(); it is valid UTF-8
 * without NUL. The caller must then consume the member's value with exactly
 * one of stance_jsr__read_value() or stance_jsr__begin_array() (followed by
 * stance_jsr__next_element() up to the end of the array).
 * At the closing '}' it checks that only whitespace follows up to the end of
 * the input and sets *name to NULL; later calls do so again. A member name
 * already seen is an error. On error *name is NULL. */
int stance_jsr__next_member(stance_jsr *r, const char **name);

/* Reads the current member's value whole, whatever its type. On success *out
 * is a new reference the caller must json_decref(); on error it is NULL. */
int stance_jsr__read_value(stance_jsr *r, json_t **out);

/* Enters the current member's value, which must be an array; anything else
 * is an error that names the member and what was found. */
int stance_jsr__begin_array(stance_jsr *r);

/* Reads the next element of the array entered by stance_jsr__begin_array().
 * On success *out is a new reference the caller must json_decref(), or NULL
 * at the end of the array (the reader then returns to the top-level object:
 * call stance_jsr__next_member()). Elements may be any JSON value; checking
 * that they are objects is the caller's business. On error *out is NULL. */
int stance_jsr__next_element(stance_jsr *r, json_t **out);

/* The message of the last error, saying what is wrong and where: the JSON
 * path when known, then line, column (in characters, from 1) and byte
 * offset (from 0), e.g. "$.statements[41]: invalid UTF-8 in a string at
 * line 3, column 17 (byte offset 1234)". "" before any error; never NULL
 * (borrowed, owned by the reader). */
const char *stance_jsr__error(const stance_jsr *r);

/* The current member name (as returned by stance_jsr__next_member()), or
 * NULL between members; borrowed, same lifetime. */
const char *stance_jsr__member(const stance_jsr *r);

/* The index, from 0, of the element last returned by
 * stance_jsr__next_element() in the current array (or of the one that failed
 * to read), for callers that build paths into an element:
 * "$.statements[%zu].said_on". (size_t)-1 before the first element. */
size_t stance_jsr__index(const stance_jsr *r);

/* The line, from 1, where the value last returned (element or member value)
 * began, for callers that report errors within it. */
unsigned long long stance_jsr__value_line(const stance_jsr *r);

/* For tests: the capacity in bytes of the buffer that holds one value's text,
 * which grows to the largest value read and never with the document. */
size_t stance_jsr__buffer_capacity(const stance_jsr *r);

#endif
