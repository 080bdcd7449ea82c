/*
 * snapshot-check.c - the checks of a snapshot's shapes and values, one
 * JSON value at a time, and the messages that name where a value broke a
 * rule by its JSON path ("$.statements[3].said_on: ..."). The values'
 * rules are the library's own (stance_entity__validate_field(),
 * stance_statement__validate()); these checks add the JSON types and
 * members around them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entity-internal.h"
#include "bargain-internal.h"
#include "snapshot-internal.h"
#include "statement-internal.h"

/* ---- messages -------------------------------------------------------- */

static snap_shown show_text(const char *text)
{
	snap_shown out;
	size_t len = strlen(text);

	if (len <= SNAP_SHOW_MAX) {
		memcpy(out.s, text, len + 1);
		return out;
	}
	len = SNAP_SHOW_MAX;
	while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
		len--;
	memcpy(out.s, text, len);
	memcpy(out.s + len, "...", 4);
	return out;
}

snap_shown stance_snapshot__show(const json_t *v)
{
	char *text = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER) : NULL;
	snap_shown out = show_text(text ? text : "null");

	free(text);
	return out;
}

snap_shown stance_snapshot__show_string(const char *s)
{
	json_t *v = stance_snapshot__string_or_null(s);
	snap_shown out = stance_snapshot__show(v);

	json_decref(v);
	return out;
}

int stance_snapshot__at_path(int rc, const char *path)
{
	char msg[4096];

	snprintf(msg, sizeof(msg), "%s", stance_error_last());
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	return stance__error(rc, "%s: %s", path, msg);
}

int stance_snapshot__fail(int rc, const char *path, const char *fmt, ...)
{
	char msg[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return stance__error(rc, "%s: %s", path, msg);
}

snap_path stance_snapshot__path_format(const char *fmt, ...)
{
	snap_path p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p.s, sizeof(p.s), fmt, ap);
	va_end(ap);
	return p;
}

snap_path stance_snapshot__path_member(const char *base, const char *member)
{
	size_t i = 0;

	while ((member[i] >= 'a' && member[i] <= 'z') || (member[i] >= 'A' && member[i] <= 'Z') ||
	       member[i] == '_' || (i > 0 && member[i] >= '0' && member[i] <= '9'))
		i++;
	if (i > 0 && !member[i])
		return stance_snapshot__path_format("%s.%s", base, show_text(member).s);
	return stance_snapshot__path_format("%s[%s]", base,
					    stance_snapshot__show_string(member).s);
}

snap_path stance_snapshot__path_index(const char *base, size_t index)
{
	return stance_snapshot__path_format("%s[%zu]", base, index);
}

int stance_snapshot__fail_member(int rc, const char *base, const char *member,
				 const char *fmt, ...)
{
	char msg[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return stance_snapshot__fail(rc, stance_snapshot__path_member(base, member).s, "%s", msg);
}

int stance_snapshot__at_member(int rc, const char *base, const char *member)
{
	return stance_snapshot__at_path(rc, stance_snapshot__path_member(base, member).s);
}

int stance_snapshot__conflict(const char *base, const char *member, const json_t *ours,
			      const json_t *theirs)
{
	return stance_snapshot__fail_member(STANCE_ECONFLICT, base, member,
					    "snapshot has %s, database has %s",
					    stance_snapshot__show(ours).s,
					    stance_snapshot__show(theirs).s);
}

/* ---- checking the shape of objects ----------------------------------- */

enum {
	T_STRING = 1 << 0,
	T_INTEGER = 1 << 1,
	T_BOOLEAN = 1 << 2,
	T_OBJECT = 1 << 3,
	T_ARRAY = 1 << 4,
	T_NULL = 1 << 5,
	T_REAL = 1 << 6
};

struct snap_member {
	const char *name;
	unsigned types;   /* T_* allowed */
	int required;     /* must be present (null only when types allow it) */
};

static unsigned type_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING: return T_STRING;
	case JSON_INTEGER: return T_INTEGER;
	case JSON_TRUE:
	case JSON_FALSE: return T_BOOLEAN;
	case JSON_OBJECT: return T_OBJECT;
	case JSON_ARRAY: return T_ARRAY;
	case JSON_REAL: return T_REAL;
	default: return T_NULL;
	}
}

/* In the order messages list them, null last. */
static const struct {
	unsigned type;
	const char *name;
} type_names[] = {
	{ T_STRING, "a string" }, { T_INTEGER, "an integer" }, { T_REAL, "a number" },
	{ T_BOOLEAN, "a boolean" }, { T_OBJECT, "an object" }, { T_ARRAY, "an array" },
	{ T_NULL, "null" },
};

#define NTYPES (sizeof(type_names) / sizeof(type_names[0]))

/* "a string or null", "a number or null": a number takes in the integers. */
static void describe_types(char *buf, size_t size, unsigned types)
{
	size_t len = 0;

	buf[0] = '\0';
	if (types & T_REAL)
		types &= ~(unsigned)T_INTEGER;
	for (size_t i = 0; i < NTYPES; i++)
		if (types & type_names[i].type)
			len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
						len ? " or " : "", type_names[i].name);
}

static const char *type_name(const json_t *v)
{
	unsigned t = type_of(v);

	for (size_t i = 0; i < NTYPES; i++)
		if (t == type_names[i].type)
			return type_names[i].name;
	return "a value";
}

static int wrong_type(const char *path, const json_t *v, unsigned types)
{
	char want[128];

	describe_types(want, sizeof(want), types);
	return stance_snapshot__fail(STANCE_EINVALID, path, "expected %s, found %s", want,
				     type_name(v));
}

static int unknown_member(const char *path, const struct snap_member *m, size_t n)
{
	char known[256];
	size_t len = 0;

	known[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(known + len, len < sizeof(known) ? sizeof(known) - len : 0,
					"%s%s", i ? ", " : "", m[i].name);
	return stance_snapshot__fail(STANCE_EINVALID, path, "unknown member (known: %s)", known);
}

/* The error for the first of the n members that is required and missing
 * from obj, or 0. */
static int missing_member(const json_t *obj, const char *path, const struct snap_member *m,
			  size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].required && !json_object_get(obj, m[i].name))
			return stance_snapshot__fail_member(STANCE_EINVALID, path, m[i].name,
							    "required member is missing");
	return 0;
}

/* Checks that obj is an object whose members are all among the n known
 * ones, of their types, with the required ones present. */
static int check_object(const json_t *obj, const char *path, const struct snap_member *m,
			size_t n)
{
	const char *key;
	json_t *value;

	if (!json_is_object(obj))
		return wrong_type(path, obj, T_OBJECT);
	json_object_foreach((json_t *)obj, key, value) {
		size_t i;

		for (i = 0; i < n && strcmp(m[i].name, key) != 0; i++)
			;
		if (i == n)
			return unknown_member(stance_snapshot__path_member(path, key).s, m, n);
		if (!(type_of(value) & m[i].types))
			return wrong_type(stance_snapshot__path_member(path, key).s, value,
					  m[i].types);
	}
	return missing_member(obj, path, m, n);
}

char *stance_snapshot__member_string(const json_t *obj, const char *name)
{
	return (char *)json_string_value(json_object_get(obj, name));
}

/* ---- the members of a snapshot ---------------------------------------- */

static const struct snap_member statement_members[] = {
	{ "id", T_STRING, 1 },
	{ "party", T_STRING, 1 },
	{ "actor", T_STRING | T_NULL, 0 },
	{ "said_on", T_STRING, 1 },
	{ "kind", T_STRING | T_NULL, 0 },
	{ "text", T_STRING, 1 },
	{ "source", T_STRING | T_NULL, 0 },
	{ "url", T_STRING | T_NULL, 0 },
	{ "credibility", T_INTEGER | T_NULL, 0 },
	{ "recorded_by", T_STRING | T_NULL, 0 },
	{ "recorded_at", T_STRING | T_NULL, 0 },
	{ "retracted", T_OBJECT | T_NULL, 0 },
	{ "positions", T_ARRAY, 1 },
};
#define NSTATEMENT_MEMBERS (sizeof(statement_members) / sizeof(statement_members[0]))

/* A statement to record (record --from): the same, but that a new one has
 * no id yet, and an actor's statement may leave its party to the actor. */
static const struct snap_member record_members[] = {
	{ "id", T_STRING, 0 },
	{ "party", T_STRING | T_NULL, 0 },
	{ "actor", T_STRING | T_NULL, 0 },
	{ "said_on", T_STRING, 1 },
	{ "kind", T_STRING | T_NULL, 0 },
	{ "text", T_STRING, 1 },
	{ "source", T_STRING | T_NULL, 0 },
	{ "url", T_STRING | T_NULL, 0 },
	{ "credibility", T_INTEGER | T_NULL, 0 },
	{ "recorded_by", T_STRING | T_NULL, 0 },
	{ "recorded_at", T_STRING | T_NULL, 0 },
	{ "retracted", T_OBJECT | T_NULL, 0 },
	{ "positions", T_ARRAY, 1 },
};

static const struct snap_member retraction_members[] = {
	{ "at", T_STRING, 1 },
	{ "by", T_STRING, 1 },
	{ "reason", T_STRING, 1 },
};

static const struct snap_member position_members[] = {
	{ "issue", T_STRING, 1 },
	{ "stance", T_STRING, 1 },
	{ "red_line", T_BOOLEAN | T_NULL, 0 },
	{ "condition", T_STRING | T_NULL, 0 },
	{ "point", T_INTEGER | T_REAL | T_NULL, 0 },
};

#define NMEMBERS(m) (sizeof(m) / sizeof((m)[0]))

/* A stance by its name only: snapshots write names, and the short forms
 * of the command line would be a second spelling of the same value. */
static int stance_by_name(int *value, const char *name, const char *path)
{
	char names[128];
	size_t len = 0;

	for (int v = STANCE_MIN; v <= STANCE_MAX; v++) {
		if (strcmp(stance_stance_name(v), name) == 0) {
			*value = v;
			return 0;
		}
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s",
					v > STANCE_MIN ? ", " : "", stance_stance_name(v));
	}
	return stance_snapshot__fail(STANCE_EINVALID, path, "invalid stance %s (choose from: %s)",
				     stance_snapshot__show_string(name).s, names);
}

/* The types are checked by stance_snapshot__check_header() and the
 * reader's arrays. */
static const struct snap_member top_members[TOP_MEMBERS] = {
	{ "format", T_STRING, 1 },
	{ "version", T_INTEGER, 1 },
	{ "exported_at", T_STRING | T_NULL, 0 },
	{ "parties", T_ARRAY, 1 },
	{ "actors", T_ARRAY, 0 },
	{ "sources", T_ARRAY, 0 },
	{ "issues", T_ARRAY, 1 },
	{ "statements", T_ARRAY, 1 },
	{ "aliases", T_ARRAY, 0 },
	{ "revisions", T_ARRAY, 0 },
	{ "assessments", T_ARRAY, 0 },
	{ "outcomes", T_ARRAY, 0 },
};

int stance_snapshot__check_header(enum snap_top_member m, const json_t *v)
{
	char ts[25];

	switch (m) {
	case TOP_FORMAT:
		if (!json_is_string(v))
			return wrong_type("$.format", v, T_STRING);
		if (strcmp(json_string_value(v), STANCE_SNAPSHOT_FORMAT) != 0)
			return stance_snapshot__fail(STANCE_EINVALID, "$.format",
						     "not a stance snapshot: expected \"%s\", "
						     "found %s", STANCE_SNAPSHOT_FORMAT,
						     stance_snapshot__show(v).s);
		return 0;
	case TOP_VERSION:
		if (!json_is_integer(v))
			return wrong_type("$.version", v, T_INTEGER);
		if (json_integer_value(v) < 1 || json_integer_value(v) > STANCE_SNAPSHOT_VERSION)
			return stance_snapshot__fail(STANCE_EINVALID, "$.version",
						     "unsupported snapshot version %s (this stance "
						     "reads versions 1 to %d)", stance_snapshot__show(v).s,
						     STANCE_SNAPSHOT_VERSION);
		return 0;
	default:
		if (json_is_null(v))
			return 0;
		if (!json_is_string(v))
			return wrong_type("$.exported_at", v, T_STRING | T_NULL);
		if (stance_timestamp_normalize(ts, "exported_at", json_string_value(v)))
			return stance_snapshot__at_path(STANCE_EINVALID, "$.exported_at");
		return 0;
	}
}

int stance_snapshot__top_member(enum snap_top_member *m, const char *name)
{
	*m = 0;
	while (*m < TOP_MEMBERS && strcmp(top_members[*m].name, name) != 0)
		(*m)++;
	if (*m == TOP_MEMBERS)
		return unknown_member(stance_snapshot__path_member("$", name).s, top_members,
				      TOP_MEMBERS);
	return 0;
}

int stance_snapshot__check_required(unsigned seen)
{
	for (int m = 0; m < TOP_MEMBERS; m++)
		if (top_members[m].required && !(seen & TOP_BIT(m)))
			return stance_snapshot__fail_member(STANCE_EINVALID, "$", top_members[m].name,
							    "required member is missing");
	return 0;
}

int stance_snapshot__check_entity(stance_entity_type type, const json_t *obj, const char *path)
{
	const stance_entity_info *info = stance_entity_info_get(type);
	struct snap_member m[STANCE_ENTITY_MAX_FIELDS + 3];
	const char *created;
	char ts[25];
	int rc;

	for (size_t i = 0; i < info->nfields; i++) {
		m[i].name = info->fields[i].name;
		m[i].types = info->fields[i].kind == STANCE_FIELD_POINT ? T_INTEGER | T_REAL :
			T_STRING;
		m[i].types |= info->fields[i].required ? 0 : T_NULL;
		m[i].required = info->fields[i].required;
	}
	m[info->nfields] = (struct snap_member){ "created_at", T_STRING | T_NULL, 0 };
	m[info->nfields + 1] = (struct snap_member){ "created_by", T_STRING | T_NULL, 0 };
	m[info->nfields + 2] = (struct snap_member){ "removed", T_BOOLEAN | T_NULL, 0 };
	rc = check_object(obj, path, m, info->nfields + 3);
	if (!rc && (created = stance_snapshot__member_string(obj, "created_at")) &&
	    stance_timestamp_normalize(ts, "created_at", created))
		rc = stance_snapshot__at_member(STANCE_EINVALID, path, "created_at");
	if (!rc && (created = stance_snapshot__member_string(obj, "created_by")) &&
	    stance_check_text("created_by", created))
		rc = stance_snapshot__at_member(STANCE_EINVALID, path, "created_by");
	for (size_t i = 0; !rc && i < info->nfields; i++) {
		const char *name = info->fields[i].name;
		char *value = NULL;

		/* a point as the text the database would keep of it */
		rc = stance_entity__field_text(&value, type, i, json_object_get(obj, name));
		if (!rc)
			rc = stance_entity__validate_field(type, i, value);
		if (rc)
			rc = stance_snapshot__at_member(rc, path, name);
		free(value);
	}
	return rc;
}

int stance_snapshot__read_position(stance_position *p, const json_t *obj, const char *path,
				   int version)
{
	const json_t *red, *point;
	const char *member;
	int rc = check_object(obj, path, position_members, NMEMBERS(position_members));

	if (rc)
		return rc;
	p->issue = stance_snapshot__member_string(obj, "issue");
	red = json_object_get(obj, "red_line");
	/* version 1's false meant "not stated" */
	p->red_line = json_is_true(red) ? STANCE_RED_LINE_YES :
		json_is_false(red) && version >= 2 ? STANCE_RED_LINE_NO : STANCE_RED_LINE_UNSTATED;
	point = json_object_get(obj, "point");
	p->has_point = json_is_number(point);
	p->point = json_number_value(point);
	p->condition = stance_snapshot__member_string(obj, "condition");
	rc = stance_by_name(&p->stance, stance_snapshot__member_string(obj, "stance"),
			    stance_snapshot__path_member(path, "stance").s);
	if (!rc && (rc = stance_statement__validate_position(p, &member)))
		rc = stance_snapshot__at_member(rc, path, member);
	return rc;
}

/* The credibility of a statement: an integer 1 to 6, or null. */
static int read_credibility(stance_statement *st, const json_t *obj, const char *base)
{
	const json_t *cred = json_object_get(obj, "credibility");
	json_int_t c;

	if (!json_is_integer(cred))
		return 0;
	c = json_integer_value(cred);
	/* 0 would read as "none" below */
	if (c < 1 || c > 6)
		return stance_snapshot__fail_member(STANCE_EINVALID, base, "credibility",
						    "invalid credibility %lld (choose from 1 to 6)",
						    (long long)c);
	st->credibility = (int)c;
	return 0;
}

/* The retraction of a statement, when it has one. */
static int read_retraction(struct snap_statement *s, const json_t *obj, const char *base)
{
	const json_t *jret = json_object_get(obj, "retracted");
	snap_path rp;
	int rc;

	if (!json_is_object(jret))
		return 0;
	rp = stance_snapshot__path_member(base, "retracted");
	rc = check_object(jret, rp.s, retraction_members, NMEMBERS(retraction_members));
	if (rc)
		return rc;
	s->ret.at = stance_snapshot__member_string(jret, "at");
	s->ret.by = stance_snapshot__member_string(jret, "by");
	s->ret.reason = stance_snapshot__member_string(jret, "reason");
	s->st.retracted = &s->ret;
	return 0;
}

/* stance_snapshot__read_statement() with the members m (n of them). */
static int read_statement(struct snap_statement *s, const json_t *obj, const char *base,
			  const char *analyst, const char *now, const struct snap_member *m,
			  size_t n)
{
	stance_statement *st = &s->st;
	stance_record_options o;
	const char *member;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = check_object(obj, base, m, n);
	if (rc)
		return rc;
	st->id = stance_snapshot__member_string(obj, "id");
	st->party = stance_snapshot__member_string(obj, "party");
	st->actor = stance_snapshot__member_string(obj, "actor");
	st->said_on = stance_snapshot__member_string(obj, "said_on");
	st->kind = stance_snapshot__member_string(obj, "kind");
	st->text = stance_snapshot__member_string(obj, "text");
	st->source = stance_snapshot__member_string(obj, "source");
	st->url = stance_snapshot__member_string(obj, "url");
	st->recorded_by = stance_snapshot__member_string(obj, "recorded_by");
	st->recorded_at = stance_snapshot__member_string(obj, "recorded_at");
	if (!st->recorded_by)
		st->recorded_by = (char *)analyst;
	if (!st->recorded_at)
		st->recorded_at = (char *)now;
	rc = read_credibility(st, obj, base);
	if (!rc)
		rc = read_retraction(s, obj, base);
	if (rc)
		return rc;
	stance_statement__options(&o, st);
	rc = stance_statement__validate(&o, st->retracted, s->recorded_at, s->retracted_at,
					&member);
	if (rc)
		return stance_snapshot__at_member(rc, base, member);
	st->recorded_at = s->recorded_at;
	if (st->retracted)
		s->ret.at = s->retracted_at;
	return 0;
}

int stance_snapshot__read_statement(struct snap_statement *s, const json_t *obj,
				    const char *base, const char *analyst, const char *now)
{
	return read_statement(s, obj, base, analyst, now, statement_members, NSTATEMENT_MEMBERS);
}

int stance_snapshot__read_record(struct snap_statement *s, const json_t *obj, const char *base,
				 const char *analyst, const char *now)
{
	return read_statement(s, obj, base, analyst, now, record_members,
			      sizeof(record_members) / sizeof(record_members[0]));
}

/* ---- assessments and outcomes (design section 8) --------------------- */

static const struct snap_member assessment_members[] = {
	{ "id", T_STRING, 1 },
	{ "party", T_STRING, 1 },
	{ "issue", T_STRING | T_NULL, 0 },
	{ "salience", T_INTEGER | T_REAL | T_NULL, 0 },
	{ "capability", T_INTEGER | T_REAL | T_NULL, 0 },
	{ "date", T_STRING, 1 },
	{ "reason", T_STRING | T_NULL, 0 },
	{ "recorded_by", T_STRING | T_NULL, 0 },
	{ "recorded_at", T_STRING | T_NULL, 0 },
	{ "retracted", T_OBJECT | T_NULL, 0 },
};

static const struct snap_member outcome_members[] = {
	{ "id", T_STRING, 1 },
	{ "issue", T_STRING, 1 },
	{ "date", T_STRING, 1 },
	{ "point", T_INTEGER | T_REAL, 1 },
	{ "text", T_STRING | T_NULL, 0 },
	{ "source", T_STRING | T_NULL, 0 },
	{ "recorded_by", T_STRING | T_NULL, 0 },
	{ "recorded_at", T_STRING | T_NULL, 0 },
	{ "retracted", T_OBJECT | T_NULL, 0 },
};

/* The retraction of an assessment or outcome into ret, or NULL. */
static int read_record_retraction(stance_retraction **out, stance_retraction *ret,
				  const json_t *obj, const char *base)
{
	const json_t *jret = json_object_get(obj, "retracted");
	snap_path rp;
	int rc;

	*out = NULL;
	if (!json_is_object(jret))
		return 0;
	rp = stance_snapshot__path_member(base, "retracted");
	rc = check_object(jret, rp.s, retraction_members, NMEMBERS(retraction_members));
	if (rc)
		return rc;
	ret->at = stance_snapshot__member_string(jret, "at");
	ret->by = stance_snapshot__member_string(jret, "by");
	ret->reason = stance_snapshot__member_string(jret, "reason");
	*out = ret;
	return 0;
}

/* Who recorded a record and when, as the snapshot gives them, else the
 * importing analyst and now (design §4: filled in at import). */
static void record_made(char **by, char **at, const json_t *obj, const char *analyst,
			const char *now)
{
	*by = stance_snapshot__member_string(obj, "recorded_by");
	*at = stance_snapshot__member_string(obj, "recorded_at");
	if (!*by)
		*by = (char *)analyst;
	if (!*at)
		*at = (char *)now;
}

int stance_snapshot__read_assessment(struct snap_assessment *s, const json_t *obj,
				     const char *base, const char *analyst, const char *now)
{
	stance_assessment *a = &s->a;
	const json_t *sal = json_object_get(obj, "salience"), *cap = json_object_get(obj, "capability");
	const char *member;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = check_object(obj, base, assessment_members, NMEMBERS(assessment_members));
	if (!rc)
		rc = read_record_retraction(&a->retracted, &s->ret, obj, base);
	if (rc)
		return rc;
	a->id = stance_snapshot__member_string(obj, "id");
	a->party = stance_snapshot__member_string(obj, "party");
	a->issue = stance_snapshot__member_string(obj, "issue");
	a->has_salience = json_is_number(sal);
	a->salience = json_number_value(sal);
	a->has_capability = json_is_number(cap);
	a->capability = json_number_value(cap);
	a->date = stance_snapshot__member_string(obj, "date");
	a->reason = stance_snapshot__member_string(obj, "reason");
	record_made(&a->recorded_by, &a->recorded_at, obj, analyst, now);
	rc = stance_bargain__check_assessment(a, s->recorded_at, s->retracted_at, &member);
	if (rc)
		return stance_snapshot__at_member(rc, base, member);
	a->recorded_at = s->recorded_at;
	if (a->retracted)
		s->ret.at = s->retracted_at;
	return 0;
}

int stance_snapshot__read_outcome(struct snap_outcome *s, const json_t *obj, const char *base,
				  const char *analyst, const char *now)
{
	stance_outcome *o = &s->o;
	const char *member;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = check_object(obj, base, outcome_members, NMEMBERS(outcome_members));
	if (!rc)
		rc = read_record_retraction(&o->retracted, &s->ret, obj, base);
	if (rc)
		return rc;
	o->id = stance_snapshot__member_string(obj, "id");
	o->issue = stance_snapshot__member_string(obj, "issue");
	o->date = stance_snapshot__member_string(obj, "date");
	o->point = json_number_value(json_object_get(obj, "point"));
	o->text = stance_snapshot__member_string(obj, "text");
	o->source = stance_snapshot__member_string(obj, "source");
	record_made(&o->recorded_by, &o->recorded_at, obj, analyst, now);
	rc = stance_bargain__check_outcome(o, s->recorded_at, s->retracted_at, &member);
	if (rc)
		return stance_snapshot__at_member(rc, base, member);
	o->recorded_at = s->recorded_at;
	if (o->retracted)
		s->ret.at = s->retracted_at;
	return 0;
}

const char *stance_snapshot__statement_member(size_t i)
{
	return i < NSTATEMENT_MEMBERS ? statement_members[i].name : NULL;
}

int stance_snapshot__check_alias(const stance_entity_info **info, const char **slug,
				 const char **entity, const json_t *obj, size_t index)
{
	snap_path path = stance_snapshot__path_index("$.aliases", index);
	const char *kind = json_string_value(json_object_get(obj, "kind"));
	int rc;

	*slug = json_string_value(json_object_get(obj, "slug"));
	*entity = json_string_value(json_object_get(obj, "entity"));
	if (!json_is_object(obj) || json_object_size(obj) != 3 || !kind || !*slug || !*entity)
		return stance_snapshot__fail(STANCE_EINVALID, path.s, "expected {\"kind\", "
					     "\"slug\", \"entity\"}");
	*info = stance_entity_info_find(kind);
	if (!*info)
		return stance_snapshot__fail_member(STANCE_EINVALID, path.s, "kind", "invalid kind "
						    "%s (choose from: party, actor, source, issue)",
						    stance_snapshot__show_string(kind).s);
	if ((rc = stance_check_slug("alias", *slug)))
		return stance_snapshot__at_member(rc, path.s, "slug");
	if ((rc = stance_check_slug("alias entity", *entity)))
		return stance_snapshot__at_member(rc, path.s, "entity");
	return 0;
}
