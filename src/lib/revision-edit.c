/*
 * revision-edit.c - the correcting commands (design §3, §7): each says
 * which members of which record change to what, and
 * stance_revision__apply() does the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bargain-internal.h"
#include "common-internal.h"
#include "entity-internal.h"
#include "revision-internal.h"
#include "snapshot-internal.h"
#include "statement-internal.h"

/* At most one edit per member: the statement's members and its positions
 * come in lists bounded by the caller's input. */
struct edits {
	struct stance_edit *v;
	size_t n, cap;
	char **names;  /* owned member names ("positions.ISSUE") */
};

static int edits_add(struct edits *e, const char *member, json_t *to)
{
	char *name;

	if (!to)
		return stance__error(STANCE_ENOMEM, "out of memory");
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		struct stance_edit *v = realloc(e->v, cap * sizeof(*v));
		char **names = realloc(e->names, cap * sizeof(*names));

		if (v)
			e->v = v;
		if (names)
			e->names = names;
		if (!v || !names) {
			json_decref(to);
			return stance__error(STANCE_ENOMEM, "out of memory");
		}
		e->cap = cap;
	}
	name = stance__strdup(member);
	if (!name) {
		json_decref(to);
		return stance__error(STANCE_ENOMEM, "out of memory");
	}
	e->names[e->n] = name;
	e->v[e->n++] = (struct stance_edit){ name, NULL, to, 0 };
	return 0;
}

static void edits_free(struct edits *e)
{
	stance_revision__edits_free(e->v, e->n);
	for (size_t i = 0; i < e->n; i++)
		free(e->names[i]);
	free(e->v);
	free(e->names);
}

/* Applies the edits to t (releasing their values; the caller still frees
 * e) in the caller's write transaction. */
static int apply(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, struct stance_target *t,
		 struct edits *e, const stance_change_options *co, int need_reason)
{
	return stance_revision__apply(out_rev, db, t, e->v, e->n, co, need_reason);
}

static json_t *text_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* ---- entities -------------------------------------------------------- */

static int entity_target(struct stance_target *t, stance_db *db, stance_entity_type type,
			 const char *slug, int *own)
{
	int rc = stance_db__write_begin(db, own);

	return rc ? rc : stance_revision__target(t, db, (stance_target_kind)type, slug);
}

int stance_entity_edit(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const stance_entity *e,
		       const stance_change_options *co)
{
	const stance_entity_info *info = stance_entity_info_get(e->type);
	struct edits ed = { 0 };
	struct stance_target t;
	int own = 0, rc;

	stance__error_clear();
	if (!info)
		return stance__error(STANCE_EINVALID, "invalid entity type %d", (int)e->type);
	rc = entity_target(&t, db, e->type, e->field[STANCE_ENTITY_SLUG], &own);
	/* "" clears a member; any other value is checked as given, before it
	 * becomes JSON (a point that is no number would become a string) */
	for (size_t i = 1; i < info->nfields && !rc; i++) {
		if (!e->field[i])
			continue;
		if (*e->field[i])
			rc = stance_entity__validate_field(e->type, i, e->field[i]);
		if (!rc)
			rc = edits_add(&ed, info->fields[i].name, *e->field[i] ?
				       stance_entity__field_json(e->type, i, e->field[i]) :
				       json_null());
	}
	if (!rc && ed.n == 0)
		rc = stance__error(STANCE_EINVALID, "nothing to change: give a member to edit");
	if (!rc)
		rc = apply(out_rev, db, &t, &ed, co, 0);
	edits_free(&ed);
	return stance_db__write_end(db, own, rc);
}

int stance_entity_rename(char out_rev[STANCE_UUID_LEN + 1], stance_db *db,
			 stance_entity_type type, const char *slug, const char *new_slug,
			 const stance_change_options *co)
{
	struct edits ed = { 0 };
	struct stance_target t;
	int own = 0, rc;

	stance__error_clear();
	rc = stance_check_slug("new slug", new_slug);
	if (!rc)
		rc = entity_target(&t, db, type, slug, &own);
	if (!rc && strcmp(t.key, new_slug) == 0)
		rc = stance__error(STANCE_EINVALID, "nothing to change: %s '%s' is already called "
				   "that", stance_entity_info_get(type)->name, new_slug);
	if (!rc)
		rc = edits_add(&ed, "slug", json_string(new_slug));
	if (!rc)
		rc = apply(out_rev, db, &t, &ed, co, 0);
	edits_free(&ed);
	return stance_db__write_end(db, own, rc);
}

static int set_removed(char out_rev[STANCE_UUID_LEN + 1], stance_db *db,
		       stance_entity_type type, const char *slug, int removed,
		       const stance_change_options *co)
{
	const char *name = stance_entity_info_get(type)->name;
	struct edits ed = { 0 };
	struct stance_target t;
	int own = 0, rc;

	stance__error_clear();
	rc = entity_target(&t, db, type, slug, &own);
	if (!rc && t.removed == removed)
		rc = stance__error(STANCE_EINVALID, "nothing to change: %s '%s' is %s", name, t.key,
				   removed ? "already removed" : "not removed");
	if (!rc)
		rc = edits_add(&ed, "removed", json_boolean(removed));
	if (!rc)
		rc = apply(out_rev, db, &t, &ed, co, 0);
	edits_free(&ed);
	return stance_db__write_end(db, own, rc);
}

int stance_entity_remove(char out_rev[STANCE_UUID_LEN + 1], stance_db *db,
			 stance_entity_type type, const char *slug,
			 const stance_change_options *co)
{
	return set_removed(out_rev, db, type, slug, 1, co);
}

int stance_entity_restore(char out_rev[STANCE_UUID_LEN + 1], stance_db *db,
			  stance_entity_type type, const char *slug,
			  const stance_change_options *co)
{
	return set_removed(out_rev, db, type, slug, 0, co);
}

/* ---- statements ------------------------------------------------------ */

/* Resolves a statement for a correction; retracted ones are refused unless
 * the correction is about the retraction. */
static int statement_target(struct stance_target *t, stance_db *db, const char *id, int *own,
			    int retracted_ok)
{
	int rc = stance_db__write_begin(db, own);

	if (!rc)
		rc = stance_revision__target(t, db, STANCE_TARGET_STATEMENT, id);
	if (!rc && t->removed && !retracted_ok)
		rc = stance__error(STANCE_EINVALID, "statement %.8s is retracted; 'stance "
				   "unretract' first, or record a new statement", t->key);
	return rc;
}

enum coding { CODE, RECODE, UNCODE };

/* The member of the position on an issue the user named: its slug of
 * today (a former slug names it too, with a note), so that one issue named
 * two ways is one member. */
static int coding_member(char member[64], stance_db *db, const char *issue)
{
	struct stance_entity_ref ref;
	int rc = stance_check_slug("issue", issue);

	if (!rc)
		rc = stance_entity__resolve(db, STANCE_ISSUE, issue, &ref);
	if (!rc && ref.removed)
		rc = stance__error(STANCE_ENOTFOUND, "issue '%s' is removed ('stance issue restore "
				   "%s' brings it back)", ref.slug, ref.slug);
	if (!rc)
		snprintf(member, 64, STANCE_POSITIONS_MEMBER "%s", ref.slug);
	return rc;
}

/* The edit of one position: checks that the statement codes the issue
 * (recode, uncode) or does not yet (code). */
static int coding_edit(struct edits *ed, stance_db *db, struct stance_target *t,
		       const char *member, const stance_position *p, enum coding how)
{
	const char *issue = member + strlen(STANCE_POSITIONS_MEMBER);
	json_t *now;
	int rc = stance_revision__member(&now, db, t, member);

	if (rc)
		return rc;
	if (how == CODE && !json_is_null(now))
		rc = stance__error(STANCE_EEXISTS, "statement %.8s already codes issue '%s' (to "
				   "change it: stance recode)", t->key, issue);
	else if (how != CODE && json_is_null(now))
		rc = stance__error(STANCE_ENOTFOUND, "statement %.8s does not code issue '%s'%s",
				   t->key, issue, how == RECODE ? " (to add it: stance code)" : "");
	json_decref(now);
	if (!rc && p && (rc = stance_statement__validate_position(p, NULL)) == 0)
		rc = edits_add(ed, member, stance_revision__position_json(p));
	else if (!rc)
		rc = edits_add(ed, member, json_null());
	return rc;
}

/* The members of the issues named, checked first as a whole, as record
 * checks its positions: a repeat is the error before anything else. */
static int coding_members(char (*members)[64], stance_db *db, const stance_position *pos,
			  const char *const *issues, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		const char *issue = pos ? pos[i].issue : issues[i];

		rc = pos ? stance_statement__validate_position(&pos[i], NULL) : 0;
		if (!rc)
			rc = coding_member(members[i], db, issue);
		for (size_t k = 0; k < i && !rc; k++)
			if (strcmp(members[k], members[i]) == 0)
				rc = stance__error(STANCE_EEXISTS, "issue '%s' is given twice: a "
						   "statement has at most one position per issue",
						   issue);
	}
	return rc;
}

static int coding(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *id,
		  const stance_position *pos, const char *const *issues, size_t n,
		  const stance_change_options *co, enum coding how)
{
	struct edits ed = { 0 };
	struct stance_target t;
	char (*members)[64];
	int own = 0, rc;

	stance__error_clear();
	if (n == 0)
		return stance__error(STANCE_EINVALID, how == UNCODE ? "no issue to uncode" :
				     "no position to code");
	members = calloc(n, sizeof(*members));
	if (!members)
		return stance__error(STANCE_ENOMEM, "out of memory");
	rc = statement_target(&t, db, id, &own, 0);
	if (!rc)
		rc = coding_members(members, db, pos, issues, n);
	for (size_t i = 0; i < n && !rc; i++)
		rc = coding_edit(&ed, db, &t, members[i], pos ? &pos[i] : NULL, how);
	if (!rc)
		rc = apply(out_rev, db, &t, &ed, co, 0);
	edits_free(&ed);
	free(members);
	return stance_db__write_end(db, own, rc);
}

int stance_statement_code(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *id,
			  const stance_position *pos, size_t npos,
			  const stance_change_options *co)
{
	return coding(out_rev, db, id, pos, NULL, npos, co, CODE);
}

int stance_statement_recode(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *id,
			    const stance_position *pos, size_t npos,
			    const stance_change_options *co)
{
	return coding(out_rev, db, id, pos, NULL, npos, co, RECODE);
}

int stance_statement_uncode(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *id,
			    const char *const *issues, size_t nissues,
			    const stance_change_options *co)
{
	return coding(out_rev, db, id, NULL, issues, nissues, co, UNCODE);
}

/* Retracts (retract 1) or unretracts a statement, an assessment or an
 * outcome: the member "retracted", the same for each. */
static int retraction(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, stance_target_kind kind,
		      const char *id, const stance_change_options *co, int retract)
{
	struct stance_edit stub = { "retracted", NULL, NULL, 1 };
	char at[STANCE_TIMESTAMP_LEN + 1];
	stance_change_options when;
	struct edits ed = { 0 };
	struct stance_target t;
	json_t *r = NULL;
	int own = 0, rc;

	stance__error_clear();
	if (!co || !co->reason)
		return stance__error(STANCE_EINVALID, "a reason is required (--reason TEXT)");
	/* checked before they go into the retraction's JSON */
	rc = stance_check_text("reason", co->reason);
	if (!rc)
		rc = stance_check_text("analyst", co->by);
	if (rc)
		return rc;
	if (kind < STANCE_TARGET_STATEMENT || kind >= STANCE_TARGET_KINDS)
		return stance__error(STANCE_EINVALID, "only statements, assessments and outcomes "
				     "are retracted");
	rc = stance_db__write_begin(db, &own);
	if (!rc)
		rc = stance_revision__target(&t, db, kind, id);
	if (!rc && t.removed == retract)
		rc = retract ? stance__error(STANCE_EEXISTS, "%s %s is already retracted",
					     stance_target_kind_name(kind), t.key) :
			stance__error(STANCE_EINVALID, "%s %s is not retracted",
				      stance_target_kind_name(kind), t.key);
	/* the retraction is made when its revision is: one time for both */
	if (!rc && retract) {
		if (co->at)
			rc = stance_timestamp_normalize(at, "retraction time", co->at);
		else
			rc = stance_revision__time(db, &t, &stub, 1, at);
		r = rc ? NULL : json_pack("{s:s, s:s, s:s}", "at", at, "by", co->by ? co->by : "",
					  "reason", co->reason);
		when = *co;
		when.at = at;
		co = &when;
	}
	if (!rc)
		rc = edits_add(&ed, "retracted", retract ? r : json_null());
	if (!rc)
		rc = apply(out_rev, db, &t, &ed, co, 1);
	edits_free(&ed);
	return stance_db__write_end(db, own, rc);
}

int stance_statement_retract(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *id,
			     const stance_change_options *co)
{
	return retraction(out_rev, db, STANCE_TARGET_STATEMENT, id, co, 1);
}

int stance_statement_unretract(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *id,
			       const stance_change_options *co)
{
	return retraction(out_rev, db, STANCE_TARGET_STATEMENT, id, co, 0);
}

int stance_record_retract(char out_rev[STANCE_UUID_LEN + 1], stance_db *db,
			  stance_target_kind kind, const char *id,
			  const stance_change_options *co)
{
	return retraction(out_rev, db, kind, id, co, 1);
}

int stance_record_unretract(char out_rev[STANCE_UUID_LEN + 1], stance_db *db,
			    stance_target_kind kind, const char *id,
			    const stance_change_options *co)
{
	return retraction(out_rev, db, kind, id, co, 0);
}

/* The ids of the three kinds of records that a prefix matches, at most 11
 * in all, as stance_db__resolve_id() reads them. */
static const char sql_record_ids[] =
	"SELECT uuid FROM (SELECT uuid FROM statement WHERE uuid >= ?1 AND uuid < ?1 || '~'"
	" UNION ALL SELECT uuid FROM assessment WHERE uuid >= ?1 AND uuid < ?1 || '~'"
	" UNION ALL SELECT uuid FROM outcome WHERE uuid >= ?1 AND uuid < ?1 || '~')"
	" ORDER BY uuid LIMIT 11";

int stance_record_resolve(stance_target_kind *kind, char out_id[STANCE_UUID_LEN + 1],
			  stance_db *db, const char *prefix)
{
	static const stance_target_kind others[] = { STANCE_TARGET_ASSESSMENT,
						     STANCE_TARGET_OUTCOME };
	sqlite3_int64 rowid;
	int found = 0, retracted, rc;

	stance__error_clear();
	rc = stance_db__resolve_id(out_id, db, sql_record_ids, "statement, assessment or outcome",
				   prefix);
	/* one id, of one of the three tables: a statement unless another has it */
	*kind = STANCE_TARGET_STATEMENT;
	for (size_t i = 0; !rc && !found && i < sizeof(others) / sizeof(*others); i++) {
		rc = stance_bargain__state(db, others[i], out_id, &rowid, &retracted, &found);
		if (!rc && found)
			*kind = others[i];
	}
	return rc;
}

/* ---- amend ----------------------------------------------------------- */

/* The party an amended statement ends with, and its actor's: an actor
 * given without a party brings the actor's party along, as record does;
 * an actor of another party than the one given is refused. */
static int amend_speaker(struct edits *ed, stance_db *db, const stance_statement *st,
			 const stance_amend_options *a)
{
	const char *actor = a->actor ? (*a->actor ? a->actor : NULL) : st->actor;
	const char *party = a->party ? a->party : st->party;
	stance_entity *e = NULL;
	int rc;

	if (a->party && (rc = stance_entity_exists(db, STANCE_PARTY, a->party)))
		return rc;
	if (!actor)
		return 0;
	rc = stance_entity_get(&e, db, STANCE_ACTOR, actor);
	if (rc)
		return rc;
	if (strcmp(e->field[STANCE_ACTOR_PARTY], party) != 0) {
		struct stance_entity_ref ref;

		rc = stance_entity__resolve(db, STANCE_PARTY, party, &ref);
		if (!rc && strcmp(ref.slug, e->field[STANCE_ACTOR_PARTY]) != 0) {
			if (!a->party && a->actor)
				rc = edits_add(ed, "party", json_string(e->field[STANCE_ACTOR_PARTY]));
			else
				rc = stance__error(STANCE_EINVALID, "party '%s' contradicts actor "
						   "'%s', who speaks for '%s'", party, actor,
						   e->field[STANCE_ACTOR_PARTY]);
		}
	}
	stance_entity_free(e);
	return rc;
}

static int amend_edits(struct edits *ed, const stance_amend_options *a)
{
	static const char *const names[] = { "party", "actor", "said_on", "kind", "text",
					     "source", "url" };
	const char *values[] = { a->party, a->actor, a->said_on, a->kind, a->text, a->source,
				 a->url };
	int rc = 0;

	/* "" clears an optional member (actor, source, url); a required one
	 * given "" is refused as empty by its check */
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !rc; i++)
		if (values[i])
			rc = edits_add(ed, names[i], i == 1 || i >= 5 ? text_or_null(values[i]) :
				       json_string(values[i]));
	if (!rc && a->credibility != STANCE_AMEND_KEEP)
		rc = edits_add(ed, "credibility", a->credibility ?
			       json_integer(a->credibility) : json_null());
	return rc;
}

int stance_statement_amend(char out_rev[STANCE_UUID_LEN + 1], stance_db *db, const char *id,
			   const stance_amend_options *a, const stance_change_options *co)
{
	stance_statement *st = NULL;
	struct edits ed = { 0 };
	struct stance_target t;
	int own = 0, rc;

	stance__error_clear();
	rc = stance__check_version(a->version, STANCE_AMEND_OPTIONS_VERSION,
				   "stance_amend_options");
	if (!rc && (!co || !co->reason))
		rc = stance__error(STANCE_EINVALID, "a reason is required (--reason TEXT)");
	if (rc)
		return rc;
	rc = statement_target(&t, db, id, &own, 0);
	if (!rc)
		rc = amend_edits(&ed, a);
	if (!rc && ed.n == 0)
		rc = stance__error(STANCE_EINVALID, "nothing to change: give a member to amend");
	if (!rc)
		rc = stance_statement_get(&st, db, t.key);
	if (!rc)
		rc = amend_speaker(&ed, db, st, a);
	if (!rc)
		rc = apply(out_rev, db, &t, &ed, co, 1);
	stance_statement_free(st);
	edits_free(&ed);
	return stance_db__write_end(db, own, rc);
}
