/*
 * check-jsonstream.c - unit tests of the streaming snapshot reader.
 */
#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonstream-internal.h"
#include "test-util.h"

/* The outcome of reading a whole document with read_doc(). */
struct outcome {
	int rc;
	char msg[1024];
	size_t members;
	size_t elements;
};

static FILE *open_input(const char *data, size_t len)
{
	FILE *f = tmpfile();

	ck_assert_ptr_nonnull(f);
	if (len)
		ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	rewind(f);
	return f;
}

static int is_array_member(const char *name, const char *const *arrays)
{
	for (; arrays && *arrays; arrays++)
		if (strcmp(name, *arrays) == 0)
			return 1;
	return 0;
}

/* Reads a document of len bytes, the members named in arrays (NULL
 * terminated) element by element and the others whole. */
static struct outcome read_doc_len(const char *doc, size_t len,
				   const char *const *arrays)
{
	struct outcome o;
	stance_jsr *r = NULL;
	const char *name;
	json_t *v;
	FILE *f = open_input(doc, len);
	int rc;

	memset(&o, 0, sizeof(o));
	ck_assert_int_eq(stance_jsr__new(&r, f), 0);
	while ((rc = stance_jsr__next_member(r, &name)) == 0 && name) {
		o.members++;
		v = NULL;
		if (is_array_member(name, arrays)) {
			rc = stance_jsr__begin_array(r);
			while (rc == 0 &&
			       (rc = stance_jsr__next_element(r, &v)) == 0 && v) {
				o.elements++;
				json_decref(v);
			}
		} else {
			rc = stance_jsr__read_value(r, &v);
			if (rc == 0)
				ck_assert_ptr_nonnull(v);
			json_decref(v);
			v = NULL;
		}
		ck_assert_ptr_null(v);
		if (rc < 0)
			break;
	}
	if (rc < 0 && !o.members)
		ck_assert_ptr_null(name);
	o.rc = rc;
	snprintf(o.msg, sizeof(o.msg), "%s", stance_jsr__error(r));
	if (rc == 0)
		ck_assert_str_eq(o.msg, "");
	else
		ck_assert_str_ne(o.msg, "");
	stance_jsr__free(r);
	fclose(f);
	return o;
}

static struct outcome read_doc(const char *doc, const char *const *arrays)
{
	return read_doc_len(doc, strlen(doc), arrays);
}

static const char *const snapshot_arrays[] = {
	"parties", "actors", "sources", "issues", "statements", "a", "b", "c",
	"items", NULL
};

/* Checks that reading doc fails with code and a message that contains each
 * of the NULL-terminated words. */
#define expect_error(doc, code, ...) \
	expect_error_len((doc), strlen(doc), (code), __VA_ARGS__, NULL)

static void expect_error_len(const char *doc, size_t len, int code, ...)
{
	struct outcome o = read_doc_len(doc, len, snapshot_arrays);
	const char *word;
	va_list ap;

	ck_assert_msg(o.rc == code, "rc %d, expected %d (%s) for %.*s", o.rc,
		      code, o.msg, (int)len, doc);
	va_start(ap, code);
	while ((word = va_arg(ap, const char *)))
		ck_assert_msg(strstr(o.msg, word),
			      "message \"%s\" lacks \"%s\"", o.msg, word);
	va_end(ap);
}

static void expect_ok(const char *doc, size_t members, size_t elements)
{
	struct outcome o = read_doc(doc, snapshot_arrays);

	ck_assert_msg(o.rc == 0, "rc %d (%s) for %s", o.rc, o.msg, doc);
	ck_assert_uint_eq(o.members, members);
	ck_assert_uint_eq(o.elements, elements);
}

static const char normal_doc[] =
	"{\n"
	"  \"format\": \"stance-snapshot\", \"version\": 1,\n"
	"  \"exported_at\": \"2026-11-28T18:00:00.000Z\",\n"
	"  \"parties\": [{\"slug\": \"ua\", \"name\": \"Ukraine\", \"kind\": \"state\"},\n"
	"              {\"slug\": \"ru\", \"name\": \"Russia\", \"kind\": null}],\n"
	"  \"issues\": [],\n"
	"  \"statements\": [{\n"
	"    \"id\": \"0f8fad5b-d9cb-469f-a165-70867728950e\", \"party\": \"ua\",\n"
	"    \"text\": \"Ukraine \\u2013 \\\"not\\\" ready \\u00e0 {surrender]\",\n"
	"    \"credibility\": 2, \"retracted\": null,\n"
	"    \"positions\": [{\"issue\": \"crimea-recognition\", \"red_line\": true}]\n"
	"  }]\n"
	"}\n";

START_TEST(test_normal_document)
{
	FILE *f = open_input(normal_doc, strlen(normal_doc));
	stance_jsr *r = NULL;
	const char *name;
	json_t *v;

	ck_assert_int_eq(stance_jsr__new(&r, f), 0);

	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_str_eq(name, "format");
	ck_assert_str_eq(stance_jsr__member(r), "format");
	ck_assert_int_eq(stance_jsr__read_value(r, &v), 0);
	ck_assert_str_eq(json_string_value(v), "stance-snapshot");
	json_decref(v);

	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_str_eq(name, "version");
	ck_assert_int_eq(stance_jsr__read_value(r, &v), 0);
	ck_assert(json_is_integer(v));
	ck_assert_int_eq(json_integer_value(v), 1);
	json_decref(v);

	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_str_eq(name, "exported_at");
	ck_assert_int_eq(stance_jsr__read_value(r, &v), 0);
	ck_assert_str_eq(json_string_value(v), "2026-11-28T18:00:00.000Z");
	json_decref(v);

	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_str_eq(name, "parties");
	ck_assert_int_eq(stance_jsr__begin_array(r), 0);
	ck_assert_uint_eq(stance_jsr__index(r), SIZE_MAX);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), 0);
	ck_assert_uint_eq(stance_jsr__index(r), 0);
	ck_assert_uint_eq(stance_jsr__value_line(r), 4);
	ck_assert_str_eq(json_string_value(json_object_get(v, "slug")), "ua");
	ck_assert_str_eq(json_string_value(json_object_get(v, "name")),
			 "Ukraine");
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), 0);
	ck_assert_uint_eq(stance_jsr__index(r), 1);
	ck_assert_uint_eq(stance_jsr__value_line(r), 5);
	ck_assert_str_eq(json_string_value(json_object_get(v, "slug")), "ru");
	ck_assert(json_is_null(json_object_get(v, "kind")));
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), 0);
	ck_assert_ptr_null(v);

	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_str_eq(name, "issues");
	ck_assert_int_eq(stance_jsr__begin_array(r), 0);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), 0);
	ck_assert_ptr_null(v);

	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_str_eq(name, "statements");
	ck_assert_int_eq(stance_jsr__begin_array(r), 0);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), 0);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(stance_jsr__value_line(r), 7);
	ck_assert_str_eq(json_string_value(json_object_get(v, "text")),
			 "Ukraine \xe2\x80\x93 \"not\" ready \xc3\xa0 {surrender]");
	ck_assert_int_eq(json_array_size(json_object_get(v, "positions")), 1);
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), 0);
	ck_assert_ptr_null(v);

	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_ptr_null(name);
	ck_assert_ptr_null(stance_jsr__member(r));
	/* the end is sticky */
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_ptr_null(name);
	ck_assert_str_eq(stance_jsr__error(r), "");

	stance_jsr__free(r);
	fclose(f);
}
END_TEST

START_TEST(test_empty_arrays)
{
	expect_ok("{\"a\":[],\"b\":[ ],\"c\":[\n\t\r ]}", 3, 0);
	expect_ok("{\"a\":[],\"x\":1,\"b\":[{}],\"c\":[[]]}", 4, 2);
	expect_ok("{}", 0, 0);
	expect_ok(" {  } ", 0, 0);
}
END_TEST

START_TEST(test_truncation_at_every_offset)
{
	size_t len = strlen(normal_doc), cut;

	/* without its final newline the document is still complete */
	for (cut = 0; cut < len - 1; cut++) {
		struct outcome o = read_doc_len(normal_doc, cut,
						snapshot_arrays);

		ck_assert_msg(o.rc == STANCE_EINVALID,
			      "prefix of %zu bytes: rc %d (%s)", cut, o.rc,
			      o.msg);
		if (cut == 0)
			ck_assert_msg(strstr(o.msg, "empty document"), "%s",
				      o.msg);
		else
			ck_assert_msg(strstr(o.msg, "truncated document: end of input inside $"),
				      "prefix of %zu bytes: %s", cut, o.msg);
	}
	expect_ok(normal_doc, 6, 3);
	{
		struct outcome o = read_doc_len(normal_doc, len - 1,
						snapshot_arrays);

		ck_assert_int_eq(o.rc, 0);
	}
	/* the path says where it stopped */
	expect_error("{\"statements\":[{\"a\":1},{\"a\":1},{\"a\":\"x",
		     STANCE_EINVALID,
		     "truncated document: end of input inside $.statements[2]",
		     "line 1, column 39 (byte offset 38)");
	expect_error("{\"statements\":[{\"a\":1},", STANCE_EINVALID,
		     "end of input inside $.statements[1] at");
	expect_error("{\"statements\":[{\"a\":1} ", STANCE_EINVALID,
		     "end of input inside $.statements at");
	expect_error("{\"version\":12", STANCE_EINVALID,
		     "end of input inside $.version at");
	expect_error("{\"version\"", STANCE_EINVALID,
		     "end of input inside $.version at");
	expect_error("{\"vers", STANCE_EINVALID, "end of input inside $ at");
	expect_error("{\"v\":\"\xc3", STANCE_EINVALID,
		     "end of input inside $.v at");
	expect_error("   ", STANCE_EINVALID, "empty document");
}
END_TEST

START_TEST(test_invalid_utf8_in_element)
{
	static const char *const bad[] = {
		"\xff", "\xc3(", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
		"\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", "\x80", "\xc3",
		"\xe2\x82", "\xf0\x9f\x98",
	};
	char doc[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(doc, sizeof(doc),
			 "{\"statements\": [{\"t\": \"ok\"},\n\n"
			 "  {\"t\": \"\xc3\xa9t%s\"}]}", bad[i]);
		expect_error(doc, STANCE_EINVALID,
			     "$.statements[1]: invalid UTF-8",
			     "at line 3, column 12 (byte offset 42)");
	}
	/* valid four-byte and boundary characters pass */
	expect_ok("{\"a\":[\"\xf0\x9f\x98\x80\xef\xbf\xbf\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf\"]}",
		  1, 1);
	/* in a member value read whole, and in a string of a string */
	expect_error("{\"format\": \"x\xfey\"}", STANCE_EINVALID,
		     "$.format: invalid UTF-8 in a string at line 1, column 14");
	expect_error("{\"a\": [{\"k\": [\"\xc0\"]}]}", STANCE_EINVALID,
		     "$.a[0]: invalid UTF-8");
	/* outside strings too */
	expect_error("{\"a\": [{\"k\": \xc3\xa9}]}", STANCE_EINVALID,
		     "$.a[0]: unexpected byte 0xc3 outside a string");
	expect_error("{\"a\": [1, \xff]}", STANCE_EINVALID,
		     "$.a[1]: expected a value, found byte 0xff");
}
END_TEST

START_TEST(test_invalid_utf8_in_name)
{
	expect_error("{\"ok\": 1,\n \"b\xffz\": 2}", STANCE_EINVALID,
		     "$: invalid UTF-8 in a string at line 2, column 4");
	expect_error("{\"\xed\xb0\x80\": 2}", STANCE_EINVALID,
		     "$: invalid UTF-8");
	/* inside an element's key, jansson never sees it first */
	expect_error("{\"a\": [{\"k\xe9y\": 1}]}", STANCE_EINVALID,
		     "$.a[0]: invalid UTF-8");
	/* escapes in names are decoded; NUL is refused */
	{
		FILE *f = open_input("{\"a\\u00e9\\\"\": 1}", 17);
		stance_jsr *r = NULL;
		const char *name;

		ck_assert_int_eq(stance_jsr__new(&r, f), 0);
		ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
		ck_assert_str_eq(name, "a\xc3\xa9\"");
		stance_jsr__free(r);
		fclose(f);
	}
	expect_error("{\"a\\u0000b\": 1}", STANCE_EINVALID, "$: invalid JSON",
		     "line 1");
	expect_error("{\"a\": [{\"k\": \"a\\u0000b\"}]}", STANCE_EINVALID,
		     "$.a[0]: invalid JSON");
}
END_TEST

/* A document whose member "x" holds nested arrays, so that the document
 * nests levels deep (the top-level object is the first level). The caller
 * frees it. */
static char *nested_doc(int levels)
{
	char *doc = malloc(256);
	int i, n;

	ck_assert_ptr_nonnull(doc);
	n = sprintf(doc, "{\"x\":");
	for (i = 0; i < levels - 1; i++)
		doc[n++] = '[';
	for (i = 0; i < levels - 1; i++)
		doc[n++] = ']';
	strcpy(doc + n, "}");
	return doc;
}

START_TEST(test_nesting_depth)
{
	struct outcome o;
	char *whole;

	whole = nested_doc(64);
	expect_ok(whole, 1, 0);
	free(whole);
	whole = nested_doc(65);
	expect_error(whole, STANCE_EINVALID,
		     "$.x: nesting deeper than 64 levels at line 1, column 69");
	free(whole);

	/* the same through elements: {"a":[[[...]]]} */
	{
		char doc[512];
		int i, n, levels;

		for (levels = 64; levels <= 65; levels++) {
			n = sprintf(doc, "{\"a\":[");
			for (i = 0; i < levels - 2; i++)
				doc[n++] = '[';
			for (i = 0; i < levels - 2; i++)
				doc[n++] = ']';
			strcpy(doc + n, "]}");
			o = read_doc(doc, snapshot_arrays);
			if (levels == 64) {
				ck_assert_msg(o.rc == 0, "%s", o.msg);
				ck_assert_uint_eq(o.elements, 1);
			} else {
				ck_assert_int_eq(o.rc, STANCE_EINVALID);
				ck_assert_msg(strstr(o.msg,
						     "$.a[0]: nesting deeper than 64 levels"),
					      "%s", o.msg);
			}
		}
		/* objects count as levels too */
		n = sprintf(doc, "{\"a\":[");
		for (i = 0; i < 63; i++)
			n += sprintf(doc + n, "{\"k\":");
		n += sprintf(doc + n, "1");
		for (i = 0; i < 63; i++)
			doc[n++] = '}';
		strcpy(doc + n, "]}");
		ck_assert_uint_lt((size_t)n, sizeof(doc));
		expect_error(doc, STANCE_EINVALID,
			     "$.a[0]: nesting deeper than 64 levels");
	}
}
END_TEST

START_TEST(test_duplicate_member)
{
	expect_error("{\"a\": [], \"version\": 1,\n \"a\": []}", STANCE_EINVALID,
		     "$: duplicate member \"a\" at line 2, column 2 (byte offset 25)");
	expect_error("{\"version\": 1, \"v\\u0065rsion\": 2}", STANCE_EINVALID,
		     "duplicate member \"version\"");
	expect_ok("{\"a\": [], \"A\": 1, \"a \": 2}", 3, 0);
}
END_TEST

START_TEST(test_duplicate_key_in_element)
{
	expect_error("{\"statements\": [{\"k\": 1, \"j\": 2},\n {\"k\": 1, \"k\": 2}]}",
		     STANCE_EINVALID,
		     "$.statements[1]: invalid JSON: duplicate object key",
		     "line 2");
	expect_error("{\"format\": {\"k\": {\"x\": 1, \"x\": 1}}}",
		     STANCE_EINVALID, "$.format: invalid JSON: duplicate");
	/* the same key in sibling objects is fine */
	expect_ok("{\"a\": [{\"k\": {\"k\": 1}, \"j\": {\"k\": 2}}]}", 1, 1);
}
END_TEST

START_TEST(test_trailing_garbage)
{
	expect_error("{\"v\": 1} x", STANCE_EINVALID,
		     "trailing data after the top-level object: found 'x' at line 1, column 10 (byte offset 9)");
	expect_error("{\"v\": 1}{}", STANCE_EINVALID, "trailing data");
	expect_error("{\"v\": 1}\n\n,", STANCE_EINVALID, "trailing data",
		     "line 3, column 1");
	expect_error_len("{\"v\": 1}\0", 9, STANCE_EINVALID,
			 "trailing data after the top-level object: found byte 0x00", NULL);
	expect_ok("{\"v\": 1} \t\r\n\n ", 1, 0);
}
END_TEST

START_TEST(test_begin_array_on_non_array)
{
	expect_error("{\"statements\": \"many\"}", STANCE_EINVALID,
		     "$.statements: expected an array, found a string at line 1, column 16");
	expect_error("{\"parties\": {\"ua\": 1}}", STANCE_EINVALID,
		     "$.parties: expected an array, found an object");
	expect_error("{\"a\":\n  -3}", STANCE_EINVALID,
		     "$.a: expected an array, found a number at line 2, column 3");
	expect_error("{\"a\": null}", STANCE_EINVALID,
		     "$.a: expected an array, found null");
	expect_error("{\"a\": true}", STANCE_EINVALID,
		     "$.a: expected an array, found a boolean");
}
END_TEST

START_TEST(test_tricky_strings)
{
	static const char doc[] =
		"{\"b\": \"{[\\\"\\\\\", \"a\": [{\"s\": \"{[\\\"\\\\\"},"
		" \"]}\\\\\\\"\", {\"t\": \"\\\\\"}, \"\\/\\b\\f\\n\\r\\t\\u0041\"]}";
	FILE *f = open_input(doc, strlen(doc));
	stance_jsr *r = NULL;
	const char *name;
	json_t *v;

	ck_assert_int_eq(stance_jsr__new(&r, f), 0);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_int_eq(stance_jsr__read_value(r, &v), 0);
	ck_assert_str_eq(json_string_value(v), "{[\"\\");
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_int_eq(stance_jsr__begin_array(r), 0);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), 0);
	ck_assert_str_eq(json_string_value(json_object_get(v, "s")), "{[\"\\");
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), 0);
	ck_assert_str_eq(json_string_value(v), "]}\\\"");
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), 0);
	ck_assert_str_eq(json_string_value(json_object_get(v, "t")), "\\");
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), 0);
	ck_assert_str_eq(json_string_value(v), "/\b\f\n\r\tA");
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), 0);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_ptr_null(name);
	stance_jsr__free(r);
	fclose(f);

	expect_error("{\"a\": [\"x\\q\"]}", STANCE_EINVALID,
		     "$.a[0]: invalid escape '\\' followed by 'q' in a string at line 1, column 11");
	expect_error("{\"a\": [\"x\ty\"]}", STANCE_EINVALID,
		     "$.a[0]: unescaped control character 0x09 in a string");
	expect_error("{\"a\": [\"x\ny\"]}", STANCE_EINVALID,
		     "$.a[0]: unescaped control character 0x0a");
	expect_error("{\"a\": [\"\\u12G4\"]}", STANCE_EINVALID,
		     "$.a[0]: invalid JSON");
	expect_error("{\"a\": [\"\\ud800\"]}", STANCE_EINVALID,
		     "$.a[0]: invalid JSON");
}
END_TEST

START_TEST(test_scalar_members)
{
	static const char doc[] =
		"{\"n\": -12.5e3, \"i\": 42, \"t\": true, \"f\": false,"
		" \"z\": null, \"s\": \"x\", \"o\": {\"k\": [1, 2]}, \"e\": 0}";
	FILE *f = open_input(doc, strlen(doc));
	stance_jsr *r = NULL;
	const char *name;
	json_t *v;

	ck_assert_int_eq(stance_jsr__new(&r, f), 0);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_int_eq(stance_jsr__read_value(r, &v), 0);
	ck_assert(json_is_real(v));
	ck_assert(json_real_value(v) == -12500.0);
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_int_eq(stance_jsr__read_value(r, &v), 0);
	ck_assert_int_eq(json_integer_value(v), 42);
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_int_eq(stance_jsr__read_value(r, &v), 0);
	ck_assert(json_is_true(v));
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_int_eq(stance_jsr__read_value(r, &v), 0);
	ck_assert(json_is_false(v));
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_int_eq(stance_jsr__read_value(r, &v), 0);
	ck_assert(json_is_null(v));
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_int_eq(stance_jsr__read_value(r, &v), 0);
	ck_assert_str_eq(json_string_value(v), "x");
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_str_eq(name, "o");
	ck_assert_int_eq(stance_jsr__read_value(r, &v), 0);
	ck_assert_int_eq(json_array_size(json_object_get(v, "k")), 2);
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_int_eq(stance_jsr__read_value(r, &v), 0);
	ck_assert_int_eq(json_integer_value(v), 0);
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_ptr_null(name);
	stance_jsr__free(r);
	fclose(f);

	expect_error("{\"v\": tru}", STANCE_EINVALID,
		     "$.v: invalid JSON: invalid token");
	expect_error("{\"v\": 01}", STANCE_EINVALID, "$.v: invalid JSON");
	expect_error("{\"v\": 1 2}", STANCE_EINVALID,
		     "$.v: expected ',' or '}' after the value, found '2'");
	expect_error("{\"v\": 99999999999999999999999}", STANCE_EINVALID,
		     "$.v: invalid JSON");
	/* scalar elements are elements too */
	expect_ok("{\"a\": [1, -2.5, true, false, null, \"s\"]}", 1, 6);
}
END_TEST

START_TEST(test_whitespace_everywhere)
{
	static const char doc[] =
		" \t\r\n{ \n\"a\" \t: \r\n [ \n {\"x\" : 1 ,\n\"y\"\t:[ ]} \n , \n"
		" 2 \n ] \n , \"v\" : \n\t1 \n , \"b\":[\r\n]\r\n} \n\t ";

	expect_ok(doc, 3, 2);
	/* only JSON's four whitespace bytes count */
	expect_error("\f{}", STANCE_EINVALID,
		     "the document must be a JSON object: expected '{', found byte 0x0c");
	expect_error("{\v\"a\": 1}", STANCE_EINVALID,
		     "$: expected a member name or '}', found byte 0x0b");
	expect_error("{\"a\": [1,\v2]}", STANCE_EINVALID,
		     "$.a[1]: expected a value, found byte 0x0b");
	expect_error("{\"a\": [{\"k\":\v1}]}", STANCE_EINVALID,
		     "$.a[0]: unexpected byte 0x0b outside a string");
	expect_error("{\"v\": 1}\f", STANCE_EINVALID, "trailing data");
	expect_error("{\"v\":\xc2\xa0 1}", STANCE_EINVALID,
		     "$.v: expected a value, found byte 0xc2");
}
END_TEST

START_TEST(test_top_level_not_object)
{
	expect_error("[1, 2]", STANCE_EINVALID,
		     "the document must be a JSON object: expected '{', found an array at line 1, column 1 (byte offset 0)");
	expect_error("\n  \"snapshot\"", STANCE_EINVALID,
		     "found a string at line 2, column 3 (byte offset 3)");
	expect_error("1", STANCE_EINVALID, "found a number");
	expect_error("null", STANCE_EINVALID, "found null");
	expect_error("", STANCE_EINVALID, "empty document");
	expect_error("\xef\xbb\xbf{}", STANCE_EINVALID, "byte order mark");
	expect_error("'a'", STANCE_EINVALID, "found \"'\"");
}
END_TEST

START_TEST(test_syntax_errors)
{
	expect_error("{\"v\": 1,}", STANCE_EINVALID,
		     "$: expected a member name after ',', found '}' at line 1, column 9");
	expect_error("{,\"a\": 1}", STANCE_EINVALID,
		     "$: expected a member name or '}', found ','");
	expect_error("{a: 1}", STANCE_EINVALID,
		     "$: expected a member name or '}', found 'a'");
	expect_error("{\"a\" 1}", STANCE_EINVALID,
		     "$.a: expected ':' after the member name, found '1'");
	expect_error("{\"v\": }", STANCE_EINVALID,
		     "$.v: expected a value, found '}'");
	expect_error("{\"a\": [1,]}", STANCE_EINVALID,
		     "$.a[1]: expected a value, found ']'");
	expect_error("{\"a\": [,1]}", STANCE_EINVALID,
		     "$.a[0]: expected a value, found ','");
	expect_error("{\"a\": [1 2]}", STANCE_EINVALID,
		     "$.a: expected ',' or ']' after element 0, found '2'");
	expect_error("{\"a\": [{\"k\": 1]]}", STANCE_EINVALID,
		     "$.a[0]: invalid JSON");
	expect_error("{\"a\": [{\"k\": 1,}]}", STANCE_EINVALID,
		     "$.a[0]: invalid JSON");
	expect_error("{\"a\": [{\"k\"\n:\n  01}]}", STANCE_EINVALID,
		     "$.a[0]: invalid JSON", "at line 3, column 3 (byte offset 16)");
	expect_error("{\"a\": [] \"b\": []}", STANCE_EINVALID,
		     "$.a: expected ',' or '}' after the value, found '\"'");
	expect_error("{\"a b\": [1, x]}", STANCE_EINVALID,
		     "$[\"a b\"]", "invalid JSON");
}
END_TEST

START_TEST(test_read_error)
{
	FILE *f = fopen("/dev/null", "w");
	stance_jsr *r = NULL;
	const char *name;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(stance_jsr__new(&r, f), 0);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), STANCE_EIO);
	ck_assert_ptr_null(name);
	ck_assert_msg(strstr(stance_jsr__error(r), "read error"), "%s",
		      stance_jsr__error(r));
	stance_jsr__free(r);
	fclose(f);
}
END_TEST

START_TEST(test_errors_are_final)
{
	FILE *f = open_input("{\"a\": [1, x], \"b\": 1}", 21);
	stance_jsr *r = NULL;
	const char *name;
	json_t *v;
	char first[1024];

	ck_assert_int_eq(stance_jsr__new(&r, f), 0);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_int_eq(stance_jsr__begin_array(r), 0);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), 0);
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), STANCE_EINVALID);
	ck_assert_uint_eq(stance_jsr__index(r), 1);
	snprintf(first, sizeof(first), "%s", stance_jsr__error(r));
	ck_assert_int_eq(stance_jsr__next_element(r, &v), STANCE_EINVALID);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), STANCE_EINVALID);
	ck_assert_ptr_null(name);
	ck_assert_int_eq(stance_jsr__read_value(r, &v), STANCE_EINVALID);
	ck_assert_str_eq(stance_jsr__error(r), first);
	stance_jsr__free(r);
	fclose(f);
	stance_jsr__free(NULL);
}
END_TEST

START_TEST(test_misuse)
{
	FILE *f = open_input("{\"a\": [1], \"b\": 2}", 18);
	stance_jsr *r = NULL;
	const char *name;
	json_t *v;

	/* an element before the array was entered */
	ck_assert_int_eq(stance_jsr__new(&r, f), 0);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), STANCE_EINTERNAL);
	ck_assert_msg(strstr(stance_jsr__error(r),
			     "stance_jsr__next_element() called out of order"),
		      "%s", stance_jsr__error(r));
	stance_jsr__free(r);

	/* the next member while a value is pending */
	rewind(f);
	ck_assert_int_eq(stance_jsr__new(&r, f), 0);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), STANCE_EINTERNAL);
	stance_jsr__free(r);

	/* a value before any member */
	rewind(f);
	ck_assert_int_eq(stance_jsr__new(&r, f), 0);
	ck_assert_int_eq(stance_jsr__read_value(r, &v), STANCE_EINTERNAL);
	stance_jsr__free(r);
	fclose(f);
}
END_TEST

START_TEST(test_positions_count_characters)
{
	/* columns count characters, offsets bytes */
	expect_error("{\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\": [1, x]}",
		     STANCE_EINVALID,
		     "$[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"]: invalid JSON: invalid token near 'x' at line 1, column 13 (byte offset 18)");
	expect_error("{\n\"a\":\r\n[\n1,\n  {\"k\": \"\xc3\xa9\xff\"}]}",
		     STANCE_EINVALID,
		     "$.a[1]: invalid UTF-8 in a string at line 5, column 11 (byte offset 24)");
}
END_TEST

START_TEST(test_long_names_in_paths)
{
	char doc[1024];
	char name[601];

	memset(name, 'n', 600);
	name[600] = '\0';
	snprintf(doc, sizeof(doc), "{\"%s\": [1, x]}", name);
	expect_error(doc, STANCE_EINVALID, "$[\"nnnn", "...\"]: invalid JSON");
	expect_error("{\"a\\nb\": [x]}", STANCE_EINVALID,
		     "$[\"a\\u000ab\"]: invalid JSON");
}
END_TEST

/* these read tens of MiB: slow under valgrind and sanitizers */
TEST_CASE("big");
TEST_TIMEOUT(300);

START_TEST(test_many_elements)
{
	const size_t count = 100000;
	FILE *f = tmpfile();
	stance_jsr *r = NULL;
	const char *name;
	json_t *v;
	size_t i, n = 0;

	ck_assert_ptr_nonnull(f);
	fputs("{\"format\":\"stance-snapshot\",\"items\":[", f);
	for (i = 0; i < count; i++)
		fprintf(f, "%s{\"i\":%zu,\"s\":\"element %zu \\\"{[\"}",
			i ? ",\n" : "", i, i);
	fputs("],\"version\":1}", f);
	ck_assert(ftell(f) > 3L * 1024 * 1024);
	rewind(f);

	ck_assert_int_eq(stance_jsr__new(&r, f), 0);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_int_eq(stance_jsr__read_value(r, &v), 0);
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_str_eq(name, "items");
	ck_assert_int_eq(stance_jsr__begin_array(r), 0);
	while (stance_jsr__next_element(r, &v) == 0 && v) {
		ck_assert_int_eq(json_integer_value(json_object_get(v, "i")),
				 (json_int_t)n);
		ck_assert_uint_eq(stance_jsr__index(r), n);
		ck_assert_uint_eq(stance_jsr__value_line(r), n + 1);
		json_decref(v);
		n++;
		/* memory follows the element, not the document */
		ck_assert_uint_lt(stance_jsr__buffer_capacity(r), 1024 * 1024);
	}
	ck_assert_str_eq(stance_jsr__error(r), "");
	ck_assert_uint_eq(n, count);
	ck_assert_uint_le(stance_jsr__buffer_capacity(r), 4096);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_str_eq(name, "version");
	ck_assert_int_eq(stance_jsr__read_value(r, &v), 0);
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_ptr_null(name);
	stance_jsr__free(r);
	fclose(f);
}
END_TEST

START_TEST(test_value_size_limit)
{
	const size_t max = STANCE_JSR_MAX_VALUE;
	FILE *f = tmpfile();
	stance_jsr *r = NULL;
	const char *name;
	char *fill;
	json_t *v;

	ck_assert_ptr_nonnull(f);
	fill = malloc(max);
	ck_assert_ptr_nonnull(fill);
	memset(fill, ' ', max);
	/* an element of exactly the limit (mostly whitespace, which jansson
	 * parses quickly), then one a byte over it */
	fputs("{\"a\": [[", f);
	fwrite(fill, 1, max - 2, f);
	fputs("], \"", f);
	memset(fill, 'x', max);
	fwrite(fill, 1, max - 1, f);
	fputs("\"]}", f);
	rewind(f);
	free(fill);

	ck_assert_int_eq(stance_jsr__new(&r, f), 0);
	ck_assert_int_eq(stance_jsr__next_member(r, &name), 0);
	ck_assert_int_eq(stance_jsr__begin_array(r), 0);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), 0);
	ck_assert(json_is_array(v));
	json_decref(v);
	ck_assert_int_eq(stance_jsr__next_element(r, &v), STANCE_EINVALID);
	ck_assert_ptr_null(v);
	ck_assert_msg(strstr(stance_jsr__error(r),
			     "$.a[1]: value larger than 16 MiB, starting at line 1, column"),
		      "%s", stance_jsr__error(r));
	ck_assert_uint_le(stance_jsr__buffer_capacity(r), max);
	stance_jsr__free(r);
	fclose(f);
}
END_TEST
