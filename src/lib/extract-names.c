/*
 * extract-names.c - the database's entities as `stance extract` finds them
 * in an article (design §10): actors by full name, surname (the last word
 * of the name), slug, a spelling of the surname that differs only in its
 * final -y or -i (Zelenskyy, Zelensky, Zelenskiy: transliterations of one
 * name), and role ("the Deputy Prime Minister"); parties by name, slug in
 * capitals ("US") and the adjective of their name ("Russian", "European");
 * sources by name or slug, words run together ("NY Times" is "nytimes");
 * issues by the words of their titles.
 *
 * A name must start with a capital letter where it is found, so that an
 * actor called Hope is not every hope of the article.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common-internal.h"
#include "extract-internal.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The words of a country's name that make no adjective of it. */
static const char *const generic_words[] = {
	"united", "democratic", "republic", "peoples", "islamic", "federal", "kingdom",
	"state", "states", "new", "great", "central", "north", "south", "east", "west",
};

/* A surname's final -y, -yy, -i, -iy, -ii dropped (of one of at least six
 * letters): the key of its spellings. */
static void variant(char *out, size_t size, const char *w)
{
	size_t len = strlen(w);

	snprintf(out, size, "%s", w);
	if (len < 6)
		return;
	while (len > 4 && (out[len - 1] == 'y' || out[len - 1] == 'i'))
		out[--len] = '\0';
}

/* Folds each word of s and joins them with single spaces, a leading "the"
 * dropped; a new string, or NULL when out of memory. */
static char *fold_words(const char *s, size_t *nwords)
{
	struct ex_toks t = { 0 };
	size_t len = strlen(s), k = 0;
	char *out = malloc(len + 1), w[128];

	*nwords = 0;
	if (!out || stance_extract__tokens(&t, s, NULL, 0, 0, len)) {
		free(out);
		stance_extract__tokens_clear(&t);
		return NULL;
	}
	for (size_t i = 0; i < t.n; i++) {
		if (t.v[i].kind != EX_WORD)
			continue;
		stance_extract__fold(w, sizeof(w), s + t.v[i].start, t.v[i].end - t.v[i].start, NULL);
		if (*nwords == 0 && strcmp(w, "the") == 0 && i + 1 < t.n)
			continue;
		k += (size_t)snprintf(out + k, len + 1 - k, "%s%s", *nwords ? " " : "", w);
		(*nwords)++;
	}
	stance_extract__tokens_clear(&t);
	return out;
}

/* ---- loading ---------------------------------------------------------------- */

struct load {
	struct ex_lexicon *lx;
	size_t cap, cap_keys;
};

static int add_key(struct load *l, const char *key, int kind, size_t index, int how)
{
	struct ex_lexicon *lx = l->lx;
	size_t nwords;
	char *k;

	if (!*key)
		return 0;
	if (lx->nkeys == l->cap_keys) {
		size_t cap = l->cap_keys ? 2 * l->cap_keys : 32;
		struct ex_key *v = realloc(lx->keys, cap * sizeof(*v));

		if (!v)
			return stance__error(STANCE_ENOMEM, "out of memory");
		lx->keys = v;
		l->cap_keys = cap;
	}
	if (!(k = fold_words(key, &nwords)))
		return stance__error(STANCE_ENOMEM, "out of memory");
	lx->keys[lx->nkeys++] = (struct ex_key){ k, nwords, kind, index, how };
	return 0;
}

/* An actor's keys: full name, surname, slug (its hyphens spaces), the
 * spelling of the surname. */
static int actor_keys(struct load *l, size_t i)
{
	const struct ex_actor *a = &l->lx->actors[i];
	const char *last = strrchr(a->name, ' ');
	char slug[64], v[128], sur[128];
	int rc = 0;

	snprintf(sur, sizeof(sur), "%s", last ? last + 1 : a->name);
	stance_extract__fold(sur, sizeof(sur), sur, strlen(sur), NULL);
	snprintf(slug, sizeof(slug), "%s", a->slug);
	for (char *p = slug; *p; p++)
		*p = *p == '-' ? ' ' : *p;
	if (last)
		rc = add_key(l, a->name, EX_ACTOR, i, EX_HOW_NAME);
	if (!rc)
		rc = add_key(l, sur, EX_ACTOR, i, EX_HOW_SURNAME);
	if (!rc && strcmp(slug, sur) != 0)
		rc = add_key(l, slug, EX_ACTOR, i, EX_HOW_SURNAME);
	variant(v, sizeof(v), sur);
	if (!rc && strcmp(v, sur) != 0)
		rc = add_key(l, v, EX_ACTOR, i, EX_HOW_VARIANT);
	return rc;
}

/* A party's adjective stem: of a one-word name, or of the first word when
 * it is no generic one ("European Union"): the name but its last letter,
 * at most six letters, all of a name of four or fewer. */
static void party_stem(struct ex_party *p)
{
	char w[24];
	size_t len = strcspn(p->name, " ");

	stance_extract__fold(w, sizeof(w), p->name, len, NULL);
	for (size_t k = 0; k < N(generic_words); k++)
		if (strcmp(w, generic_words[k]) == 0)
			return;
	len = strlen(w);
	if (len > 4)
		len = len - 1 < 6 ? len - 1 : 6;
	memcpy(p->stem, w, len);
	p->stem[len] = '\0';
}

static int add_entity(const stance_entity *e, void *ctx)
{
	struct load *l = ctx;
	struct ex_lexicon *lx = l->lx;
	void **v = e->type == STANCE_ACTOR ? (void **)&lx->actors : e->type == STANCE_PARTY ?
		(void **)&lx->parties : e->type == STANCE_SOURCE ? (void **)&lx->sources :
		(void **)&lx->issues;
	size_t *n = e->type == STANCE_ACTOR ? &lx->nactors : e->type == STANCE_PARTY ?
		&lx->nparties : e->type == STANCE_SOURCE ? &lx->nsources : &lx->nissues;
	size_t size = e->type == STANCE_ACTOR ? sizeof(struct ex_actor) : e->type ==
		STANCE_PARTY ? sizeof(struct ex_party) : e->type == STANCE_SOURCE ?
		sizeof(struct ex_source) : sizeof(struct ex_issue);
	char *p;

	if (*n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		if (!(p = realloc(*v, l->cap * size)))
			return stance__error(STANCE_ENOMEM, "out of memory");
		*v = p;
	}
	p = (char *)*v + (*n)++ * size;
	memset(p, 0, size);
	if (!(*(char **)p = strdup(e->field[STANCE_ENTITY_SLUG])))
		return stance__error(STANCE_ENOMEM, "out of memory");
	return 0;
}

/* The fields each kind keeps, copied once its slug is in. */
static int fill_actor(const stance_entity *e, void *ctx)
{
	struct load *l = ctx;
	const char *role = e->field[STANCE_ACTOR_ROLE];
	struct ex_actor *a;
	size_t nwords;
	int rc = add_entity(e, ctx);

	if (rc)
		return rc;
	a = &l->lx->actors[l->lx->nactors - 1];
	a->seen = -1;
	a->name = strdup(e->field[STANCE_ACTOR_NAME]);
	a->party = strdup(e->field[STANCE_ACTOR_PARTY]);
	/* the role is only ever matched: kept folded, as a key */
	a->role = role ? fold_words(role, &nwords) : NULL;
	if (!a->name || !a->party || (role && !a->role))
		return stance__error(STANCE_ENOMEM, "out of memory");
	if (a->role && !*a->role) {
		free(a->role);
		a->role = NULL;
	}
	return 0;
}

static int fill_party(const stance_entity *e, void *ctx)
{
	struct load *l = ctx;
	struct ex_party *p;
	int rc = add_entity(e, ctx);

	if (rc)
		return rc;
	p = &l->lx->parties[l->lx->nparties - 1];
	if (!(p->name = strdup(e->field[STANCE_PARTY_NAME])))
		return stance__error(STANCE_ENOMEM, "out of memory");
	party_stem(p);
	return 0;
}

/* Folded words run together: letters and digits, a leading "the" dropped. */
static void run_together(char *out, size_t size, const char *s, size_t len)
{
	size_t k = 0;

	while (len && *s == ' ')
		s++, len--;
	if (len > 4 && (s[0] | 0x20) == 't' && (s[1] | 0x20) == 'h' && (s[2] | 0x20) == 'e' &&
	    s[3] == ' ')
		s += 4, len -= 4;
	for (size_t i = 0; i < len && k + 1 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			out[k++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
			out[k++] = (char)c;
	}
	out[k] = '\0';
}

static int fill_source(const stance_entity *e, void *ctx)
{
	struct load *l = ctx;
	struct ex_source *s;
	const char *name = e->field[STANCE_SOURCE_NAME], *paren = strchr(name, '(');
	int rc = add_entity(e, ctx);

	if (rc)
		return rc;
	s = &l->lx->sources[l->lx->nsources - 1];
	run_together(s->name, sizeof(s->name), name, paren ? (size_t)(paren - name) : strlen(name));
	run_together(s->slug_key, sizeof(s->slug_key), s->slug, strlen(s->slug));
	/* "X (formerly Twitter)" is also Twitter */
	if (paren) {
		const char *alt = paren + 1, *close = strchr(alt, ')');

		if (strncmp(alt, "formerly ", 9) == 0 || strncmp(alt, "aka ", 4) == 0)
			alt = strchr(alt, ' ') + 1;
		run_together(s->alt, sizeof(s->alt), alt, close ? (size_t)(close - alt) : strlen(alt));
	}
	return 0;
}

/* Whether the folded word w is the adjective of p's name, or the name of
 * a one-word name. */
static int demonym(const struct ex_party *p, const char *w)
{
	size_t len = strlen(p->stem);
	char name[24];

	if (!len)
		return 0;
	stance_extract__fold(name, sizeof(name), p->name, strcspn(p->name, " "), NULL);
	return (strncmp(w, p->stem, len) == 0 && stance_extract__demonym_suffix(w + len)) ||
		(strncmp(w, name, strlen(name)) == 0 &&
		 stance_extract__demonym_suffix(w + strlen(name)));
}

/* Whether the folded word w names a party: its name, slug or adjective
 * (the parties are loaded before the issues). */
static int names_party(const struct ex_lexicon *lx, const char *w)
{
	for (size_t k = 0; k < lx->nparties; k++) {
		char name[64];

		stance_extract__fold(name, sizeof(name), lx->parties[k].name,
				     strlen(lx->parties[k].name), NULL);
		if (strcmp(w, name) == 0 || strcmp(w, lx->parties[k].slug) == 0 ||
		    demonym(&lx->parties[k], w))
			return 1;
	}
	return 0;
}

static int fill_issue(const stance_entity *e, void *ctx)
{
	struct load *l = ctx;
	const char *title = e->field[STANCE_ISSUE_TITLE];
	struct ex_toks t = { 0 };
	struct ex_issue *is;
	int rc = add_entity(e, ctx);

	if (!rc)
		rc = stance_extract__tokens(&t, title, NULL, 0, 0, strlen(title));
	is = &l->lx->issues[l->lx->nissues - 1];
	if (!rc && (!(is->words = malloc((t.n ? t.n : 1) * sizeof(*is->words))) ||
		    !(is->flags = calloc(t.n ? t.n : 1, 1))))
		rc = stance__error(STANCE_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && i < t.n; i++) {
		char *w = is->words[is->nwords];
		size_t len = t.v[i].end - t.v[i].start;
		int caps = len >= 2 && title[t.v[i].start + 1] >= 'A' && title[t.v[i].start + 1] <= 'Z';

		if (t.v[i].kind != EX_WORD)
			continue;
		stance_extract__fold(w, sizeof(is->words[0]), title + t.v[i].start, len, NULL);
		if (stance_extract__stopword(w) || (strlen(w) < 3 && !caps))
			continue;
		is->flags[is->nwords++] = (unsigned char)((names_party(l->lx, w) ? EX_W_PARTY : 0) |
							  (caps ? EX_W_CAPS : 0));
	}
	stance_extract__tokens_clear(&t);
	return rc;
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ex_key *)a)->key, ((const struct ex_key *)b)->key);
}

/* The keys of every actor and party, sorted; each actor's party. */
static int make_keys(struct load *l)
{
	struct ex_lexicon *lx = l->lx;
	int rc = 0;

	for (size_t i = 0; !rc && i < lx->nactors; i++) {
		lx->actors[i].party_index = (size_t)-1;
		for (size_t k = 0; k < lx->nparties; k++)
			if (strcmp(lx->parties[k].slug, lx->actors[i].party) == 0)
				lx->actors[i].party_index = k;
		rc = actor_keys(l, i);
	}
	for (size_t i = 0; !rc && i < lx->nparties; i++) {
		rc = add_key(l, lx->parties[i].name, EX_PARTY, i, EX_HOW_PARTY);
		if (!rc)
			rc = add_key(l, lx->parties[i].slug, EX_PARTY, i, EX_HOW_PARTY);
	}
	if (!rc && lx->nkeys)
		qsort(lx->keys, lx->nkeys, sizeof(*lx->keys), key_cmp);
	return rc;
}

int stance_extract__lexicon_load(struct ex_lexicon *lx, stance_db *db)
{
	static int (*const fill[])(const stance_entity *, void *) = {
		[STANCE_PARTY] = fill_party, [STANCE_ACTOR] = fill_actor,
		[STANCE_SOURCE] = fill_source, [STANCE_ISSUE] = fill_issue,
	};
	static const stance_entity_type order[] = {
		STANCE_PARTY, STANCE_ACTOR, STANCE_SOURCE, STANCE_ISSUE,
	};
	struct load l = { .lx = lx };
	int rc = 0;

	memset(lx, 0, sizeof(*lx));
	for (size_t k = 0; !rc && k < N(order); k++) {
		l.cap = 0;
		rc = stance_entity_foreach(db, order[k], fill[order[k]], &l);
	}
	return rc ? rc : make_keys(&l);
}

void stance_extract__lexicon_clear(struct ex_lexicon *lx)
{
	for (size_t i = 0; i < lx->nactors; i++) {
		free(lx->actors[i].slug);
		free(lx->actors[i].name);
		free(lx->actors[i].party);
		free(lx->actors[i].role);
	}
	for (size_t i = 0; i < lx->nparties; i++) {
		free(lx->parties[i].slug);
		free(lx->parties[i].name);
	}
	for (size_t i = 0; i < lx->nsources; i++)
		free(lx->sources[i].slug);
	for (size_t i = 0; i < lx->nissues; i++) {
		free(lx->issues[i].slug);
		free(lx->issues[i].words);
		free(lx->issues[i].flags);
	}
	for (size_t i = 0; i < lx->nkeys; i++)
		free(lx->keys[i].key);
	free(lx->actors);
	free(lx->parties);
	free(lx->sources);
	free(lx->issues);
	free(lx->keys);
	memset(lx, 0, sizeof(*lx));
}

/* ---- mentions -------------------------------------------------------------- */

static void fold_at(char *w, size_t size, const char *text, const struct ex_toks *t, size_t i,
		    int *possessive)
{
	stance_extract__fold(w, size, text + t->v[i].start, t->v[i].end - t->v[i].start,
			     possessive);
}

/* Whether word i is all capitals ("US", "U.S"). */
static int all_caps(const char *text, const struct ex_toks *t, size_t i)
{
	for (size_t k = t->v[i].start; k < t->v[i].end; k++)
		if (text[k] >= 'a' && text[k] <= 'z')
			return 0;
	return 1;
}

/* The number of tokens from i that spell key's words, 0 for none. */
static size_t key_length(const char *text, const struct ex_toks *t, size_t i, const char *key,
			 int *possessive)
{
	char w[128];
	size_t n = 0;

	while (*key) {
		size_t len = strcspn(key, " ");

		if (i + n >= t->n || t->v[i + n].kind != EX_WORD)
			return 0;
		fold_at(w, sizeof(w), text, t, i + n, possessive);
		if (strlen(w) != len || memcmp(w, key, len) != 0)
			return 0;
		n++;
		key += len;
		key += *key == ' ';
	}
	return n;
}

/* The first key whose first word is w. */
static size_t first_key(const struct ex_lexicon *lx, const char *w)
{
	size_t lo = 0, hi = lx->nkeys;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(lx->keys[mid].key, w) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The longest key that starts at word i (w: its fold, possessive whether
 * it is one), into *best; variants: the keys of surnames' spellings. */
static void match_keys(struct ex_mention *best, const struct ex_lexicon *lx, const char *text,
		       const struct ex_toks *t, size_t i, const char *w, int variants,
		       int possessive)
{
	size_t len = strlen(w);

	for (size_t k = first_key(lx, w); k < lx->nkeys; k++) {
		const struct ex_key *key = &lx->keys[k];
		size_t n;

		if (strncmp(key->key, w, len) != 0)
			break;
		if ((key->key[len] != '\0' && key->key[len] != ' ') ||
		    (variants != (key->how == EX_HOW_VARIANT)))
			continue;
		/* a party's slug is written in capitals: "US", not "us" */
		if (key->kind == EX_PARTY && strchr(key->key, ' ') == NULL &&
		    strcmp(key->key, lx->parties[key->index].slug) == 0 && !all_caps(text, t, i))
			continue;
		n = variants ? 1 : key_length(text, t, i, key->key, &possessive);
		if (n > best->t1 - best->t0)
			*best = (struct ex_mention){ i, i + n, key->kind, key->index, key->how,
						     possessive };
	}
}

/* A party by the adjective of its name at word i (w: its fold). */
static void match_demonym(struct ex_mention *best, const struct ex_lexicon *lx, size_t i,
			  const char *w, int possessive)
{
	if (best->t1 > best->t0)
		return;
	for (size_t k = 0; k < lx->nparties; k++) {
		if (demonym(&lx->parties[k], w)) {
			*best = (struct ex_mention){ i, i + 1, EX_PARTY, k, EX_HOW_PARTY, possessive };
			return;
		}
	}
}

/* A role of an actor at token i ("the Deputy Prime Minister", "Russia’s
 * president"): capitalised, or after "the" or a capitalised word, and not
 * a title before a name ("President Zelenskyy"). */
static void match_role(struct ex_mention *best, const struct ex_lexicon *lx, const char *text,
		       const struct ex_toks *t, size_t i)
{
	if (!t->v[i].cap && !(i > 0 && (stance_extract__word_is(text, t, i - 1, "the") ||
					t->v[i - 1].cap)))
		return;
	for (size_t k = 0; k < lx->nactors; k++) {
		size_t n;

		if (!lx->actors[k].role)
			continue;
		n = key_length(text, t, i, lx->actors[k].role, NULL);
		if (n && i + n < t->n && t->v[i + n].kind == EX_WORD && t->v[i + n].cap)
			continue;
		if (n > best->t1 - best->t0)
			*best = (struct ex_mention){ i, i + n, EX_ROLE, k, EX_HOW_ROLE, 0 };
	}
}

static int push(struct ex_mentions *m, const struct ex_mention *x)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;
		struct ex_mention *v = realloc(m->v, cap * sizeof(*v));

		if (!v)
			return stance__error(STANCE_ENOMEM, "out of memory");
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = *x;
	return 0;
}

int stance_extract__mentions(struct ex_mentions *m, const struct ex_lexicon *lx,
			     const char *text, const struct ex_toks *t)
{
	int rc = 0;

	m->n = 0;
	for (size_t i = 0; !rc && i < t->n;) {
		struct ex_mention best = { i, i, EX_NONE, 0, EX_HOW_NONE, 0 };
		char w[128], v[128];
		int possessive;

		if (t->v[i].kind != EX_WORD) {
			i++;
			continue;
		}
		fold_at(w, sizeof(w), text, t, i, &possessive);
		if (t->v[i].cap) {
			match_keys(&best, lx, text, t, i, w, 0, possessive);
			variant(v, sizeof(v), w);
			if (best.t1 == best.t0 && strcmp(v, w) != 0)
				match_keys(&best, lx, text, t, i, v, 1, possessive);
			match_demonym(&best, lx, i, w, possessive);
		}
		match_role(&best, lx, text, t, i);
		if (best.t1 == best.t0 && stance_extract__pronoun(w))
			best = (struct ex_mention){ i, i + 1, EX_PRONOUN, 0, EX_HOW_PRONOUN, 0 };
		if (best.t1 > best.t0)
			rc = push(m, &best);
		i = best.t1 > best.t0 ? best.t1 : i + 1;
	}
	return rc;
}

void stance_extract__mentions_clear(struct ex_mentions *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* ---- sources and issues ---------------------------------------------------- */

long stance_extract__source_find(const struct ex_lexicon *lx, const char *s, size_t len)
{
	char key[64];

	run_together(key, sizeof(key), s, len);
	if (!*key)
		return -1;
	for (size_t k = 0; k < lx->nsources; k++) {
		const struct ex_source *src = &lx->sources[k];

		if (strcmp(key, src->name) == 0 || strcmp(key, src->slug_key) == 0 ||
		    (*src->alt && strcmp(key, src->alt) == 0))
			return (long)k;
	}
	return -1;
}

/* Whether two folded words are one: equal, or of four letters or more
 * sharing their first five (or all of the shorter): "recognise",
 * "recognition"; "talk", "talks". */
static int same_word(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), n = la < lb ? la : lb;

	if (strcmp(a, b) == 0)
		return 1;
	if (n < 4)
		return 0;
	return strncmp(a, b, n < 5 ? n : 5) == 0;
}

void stance_extract__issues(unsigned char *match, const struct ex_lexicon *lx,
			    const char *text, const struct ex_toks *t, size_t from, size_t to)
{
	for (size_t k = 0; k < lx->nissues; k++) {
		const struct ex_issue *is = &lx->issues[k];
		size_t found = 0, other = 0;

		for (size_t w = 0; w < is->nwords; w++) {
			char word[24];

			for (size_t i = from; i < to; i++) {
				if (t->v[i].kind != EX_WORD)
					continue;
				fold_at(word, sizeof(word), text, t, i, NULL);
				if (same_word(word, is->words[w]) &&
				    (!(is->flags[w] & EX_W_CAPS) || all_caps(text, t, i))) {
					found++;
					other += !(is->flags[w] & EX_W_PARTY);
					break;
				}
			}
		}
		match[k] = is->nwords && other && (is->nwords == 1 ? found == 1 :
						   found >= 2 && 2 * found >= is->nwords) ?
			(unsigned char)(found > 255 ? 255 : found) : 0;
	}
}
