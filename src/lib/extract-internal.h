/*
 * extract-internal.h - what the files of the extract module share (design
 * §10, include/stance/extract.h):
 *
 *   extract-text.c     the article cut into paragraphs, quotations and
 *                      sentences, and a sentence into tokens
 *   extract-rules.c    the tables: quotation marks, speech verbs,
 *                      attributions, and the small word lists
 *   extract-date.c     dates: "Published:" lines, weekday references
 *   extract-names.c    the database's entities, and their mentions in a
 *                      sentence
 *   extract-speaker.c  who said a quotation or a reported position
 *   extract.c          the public calls: one suggestion per candidate
 *
 * Offsets are byte offsets into the article's text as given, which the
 * cut copies with line breaks inside a paragraph, tabs and CRs made
 * spaces, so that every offset into the copy is one into the article.
 */
#ifndef STANCE_EXTRACT_INTERNAL_H
#define STANCE_EXTRACT_INTERNAL_H

#include <stddef.h>

#include "stance/extract.h"

/* ---- the article cut up (extract-text.c) -------------------------------- */

/* A byte range [start, end). */
struct ex_span {
	size_t start, end;
};

/* A quotation at the top level (the marks of a quotation inside it are
 * part of its words). One that runs over paragraphs, by the English
 * convention (a paragraph that opens a quotation without closing it, and
 * the next opening it again), has a part per paragraph. */
struct ex_quote {
	size_t open;            /* the opening mark */
	size_t end;             /* just past the closing mark, or the end of the
				   last paragraph of one never closed */
	struct ex_span *parts;  /* the quoted words, marks left out */
	size_t nparts;
	int closed;             /* a closing mark ended it */
};

/* A sentence of a block: a paragraph, or the paragraphs a quotation
 * joins. */
struct ex_sent {
	size_t start, end;
	size_t block;
};

struct ex_article {
	char *text;               /* the copy, len bytes and a NUL */
	size_t len;
	struct ex_quote *quotes;  /* in the order of their opening marks */
	size_t nquotes;
	struct ex_sent *sents;    /* in order */
	size_t nsents;
	char published[11];       /* the "Published:" line's date, "" if none */
};

/* Cuts the len bytes of text (checked UTF-8 without NUL) into a, which
 * the caller clears with stance_extract__article_clear() (also after a
 * failure). Returns 0 or STANCE_ENOMEM. */
int stance_extract__cut(struct ex_article *a, const char *text, size_t len);
void stance_extract__article_clear(struct ex_article *a);

enum ex_tok_kind {
	EX_WORD,   /* letters, digits, and the apostrophes, hyphens and dots
		      inside a word ("Russia’s", "30-hour", "U.S") */
	EX_PUNCT,  /* one character of punctuation */
	EX_QUOTE   /* a whole quotation of the article (quote: its index) */
};

struct ex_tok {
	size_t start, end;
	size_t quote;          /* EX_QUOTE: index in the article's quotes */
	unsigned char kind;    /* enum ex_tok_kind */
	unsigned char cap;     /* a word that starts with a capital letter */
};

struct ex_toks {
	struct ex_tok *v;
	size_t n, cap;
};

/* Appends the tokens of text[start, end) to t; the quotations of the
 * article among them (quotes, NULL for none) become one EX_QUOTE token
 * each. Returns 0 or STANCE_ENOMEM. */
int stance_extract__tokens(struct ex_toks *t, const char *text, const struct ex_quote *quotes,
			   size_t nquotes, size_t start, size_t end);
void stance_extract__tokens_clear(struct ex_toks *t);

/* The code point at s (valid UTF-8 of len > 0 bytes) and its length in
 * *n. */
unsigned stance_extract__decode(const char *s, size_t len, size_t *n);

/* Whether the code point is a capital letter (Latin, Greek, Cyrillic). */
int stance_extract__upper(unsigned cp);

/* Whether token i of t is the word w (lowercase ASCII), case folded. */
int stance_extract__word_is(const char *text, const struct ex_toks *t, size_t i, const char *w);

/* The number of tokens from i (< end) that spell phrase, words separated
 * by single spaces, each compared as stance_extract__word_is() does; 0
 * when they do not. */
size_t stance_extract__phrase(const char *text, const struct ex_toks *t, size_t i, size_t end,
			      const char *phrase);

/* Folds the word s of len bytes for comparing names: ASCII lowercase,
 * dots dropped ("U.S" is "us"), ’ as ', and a final possessive 's or '
 * dropped (*possessive set, when it is not NULL). Into out of size bytes,
 * NUL-terminated, cut when it is longer; returns its length. */
size_t stance_extract__fold(char *out, size_t size, const char *s, size_t len, int *possessive);

/* A new string of s[0, len) with runs of white space (and a line break
 * inside a quotation's part) as one space, and none at either end; NULL
 * when out of memory. */
char *stance_extract__clean(const char *s, size_t len);

/* A quotation of fewer words is a phrase of the sentence, suggested only
 * with a speaker and a final mark: "a distraction" is no statement. */
#define EX_QUOTE_MIN_WORDS 4

/* ---- the rules (extract-rules.c) ----------------------------------------- */

/* A pair of quotation marks. */
enum ex_pair_flags {
	/* the marks are also apostrophes: the opening one only after a space
	 * or an opening bracket, the closing one only before what is not a
	 * letter or digit */
	EX_PAIR_APOSTROPHE = 1 << 0,
	/* opens only at the top level, after a space (its mark also closes
	 * the English pair) */
	EX_PAIR_TOP_ONLY = 1 << 1
};

struct ex_pair {
	const char *open;
	const char *close[3];   /* the closing marks it takes, NULL-ended */
	unsigned flags;
};

extern const struct ex_pair stance_extract__pairs[];
extern const size_t stance_extract__npairs;

enum ex_verb_flags {
	EX_V_BEFORE = 1 << 0,   /* the speaker comes before it: "Zelenskyy said" */
	EX_V_AFTER = 1 << 1,    /* or after it: "said Zelenskyy", "according to X" */
	EX_V_CLAUSE = 1 << 2,   /* what follows is what was said: "said (that) ..." */
	EX_V_PASSIVE = 1 << 3,  /* "announced by X" names the speaker after "by" */
	EX_V_POSITION = 1 << 4  /* a position, not speech ("refuses"): reports only */
};

struct ex_verb {
	const char *words;      /* lowercase, separated by single spaces */
	unsigned flags;
};

/* The speech verb (or position verb) that starts at token i (< end), its
 * length in tokens in *ntok; NULL when none does. */
const struct ex_verb *stance_extract__verb(const char *text, const struct ex_toks *t, size_t i,
					   size_t end, size_t *ntok);

enum ex_attr_flags {
	EX_A_AFTER = 1 << 0,    /* the source's name follows: "according to X" */
	EX_A_BEFORE = 1 << 1,   /* it comes before: "X reported" */
	EX_A_MEDIA = 1 << 2,    /* a name the database lacks counts only when it
				   looks like a medium's ("told the BBC", not
				   "told Rubio") */
	EX_A_IMPLIED = 1 << 3   /* the words name the medium: "tweeted" */
};

struct ex_attr {
	const char *words;
	unsigned flags;
	const char *implied;    /* EX_A_IMPLIED: the medium's name */
};

/* The attribution to a source that starts at token i (< end). */
const struct ex_attr *stance_extract__attribution(const char *text, const struct ex_toks *t,
						  size_t i, size_t end, size_t *ntok);

/* The word lists, each of folded words (stance_extract__fold()). */
int stance_extract__abbreviation(const char *w);  /* "mr", "gen", "jan": no full stop */
int stance_extract__media_word(const char *w);    /* "times", "reuters", "telegram" */
int stance_extract__starter(const char *w);       /* "the", "but", "officials": a capital
						     letter that does not make a name */
int stance_extract__stopword(const char *w);      /* "the", "of": not a title's word */
int stance_extract__pronoun(const char *w);       /* "he", "she", "they" */
int stance_extract__preposition(const char *w);   /* "against": no clause starts so */
int stance_extract__title_noun(const char *w);    /* "leader", "spokesman": "the ... leader"
						     is a person named before */
int stance_extract__demonym_suffix(const char *w);  /* "ian", "an", "ese", "" */

/* The stance the words of t[from, to) suggest: -2..+2 into *stance, 1
 * when a cue says which way, 0 when none does. */
int stance_extract__polarity(int *stance, const char *text, const struct ex_toks *t,
			     size_t from, size_t to);

/* How a speaker was found, which sets the confidence. */
enum ex_how {
	EX_HOW_NONE,       /* no speaker */
	EX_HOW_NAME,       /* an actor's full name */
	EX_HOW_SURNAME,    /* the last word of the name, or the slug */
	EX_HOW_VARIANT,    /* a spelling of the surname (-y, -iy, -i) */
	EX_HOW_ROLE,       /* "the Deputy Prime Minister" */
	EX_HOW_PRONOUN,    /* he, she, they: the last named speaker */
	EX_HOW_PARTY,      /* a party: "Ukraine has said", "Russian officials" */
	EX_HOW_CONTINUED,  /* a quotation after the speaker's quotation */
	EX_HOW_COLON,      /* "Zelenskyy: “...”" */
	EX_HOW_UNKNOWN,    /* a name the database lacks */
	EX_HOWS
};

/* The confidence of a direct quotation whose speaker was found so. */
extern const double stance_extract__confidence[EX_HOWS];

/* ---- dates (extract-date.c) ----------------------------------------------- */

/* The first date with a year in s[0, len): YYYY-MM-DD (also of a
 * timestamp), "Apr 23, 2025", "23 April 2025" (a weekday before either
 * is fine), into out; 1 when found, else 0. */
int stance_extract__date_in(char out[11], const char *s, size_t len);

/* The date of a "Published:" line of len bytes (at its start, case
 * folded, white space before it and "on" after it allowed); 1 when it is
 * one with a date. */
int stance_extract__published(char out[11], const char *line, size_t len);

/* The first reference to when something was said among tokens [from, to)
 * of t (quotations are single tokens and never read): "on Monday",
 * "Monday", "last Tuesday", "yesterday", "today", "this week", "last
 * week", "on April 20", "20 April", "April 20, 2025"; a weekday is the
 * latest such day on or before base ("last": before it), a day without a
 * year the latest on or before base. Into out; 1 when found. base is a
 * checked date. */
int stance_extract__date_ref(char out[11], const char *base, const char *text,
			     const struct ex_toks *t, size_t from, size_t to);

/* ---- the database's names (extract-names.c) ------------------------------ */

struct ex_actor {
	char *slug, *name, *party;
	char *role;             /* folded words ("deputy prime minister"), or NULL */
	size_t party_index;     /* in parties, or (size_t)-1 */
	long seen;              /* the last sentence that named it, or -1 */
};

struct ex_party {
	char *slug, *name;
	char stem[24];          /* a one-word name's adjective stem: "ukrain" */
};

struct ex_source {
	char *slug;
	char name[64], alt[64], slug_key[64];  /* run together (letters and digits,
						  folded), a leading "the" dropped:
						  "guardian", "newyorktimes";
						  alt: a name's "(formerly
						  Twitter)" */
};

enum ex_word_flags {
	EX_W_PARTY = 1 << 0,    /* the word names a party ("Russian") */
	EX_W_CAPS = 1 << 1      /* an acronym ("US", "EU"): only capitals match it */
};

struct ex_issue {
	char *slug;
	char (*words)[24];      /* the title's words that are not stopwords */
	unsigned char *flags;   /* per word: EX_W_PARTY, EX_W_CAPS */
	size_t nwords;
};

/* One way of naming an actor or a party: a folded key of one or more
 * words separated by spaces. */
struct ex_key {
	char *key;
	size_t nwords;
	int kind;               /* EX_ACTOR or EX_PARTY */
	size_t index;
	int how;                /* enum ex_how: EX_HOW_NAME, _SURNAME, _VARIANT, _PARTY */
};

struct ex_lexicon {
	struct ex_actor *actors; size_t nactors;
	struct ex_party *parties; size_t nparties;
	struct ex_source *sources; size_t nsources;
	struct ex_issue *issues; size_t nissues;
	struct ex_key *keys; size_t nkeys;  /* sorted by key */
};

/* Loads every entity of the database that is not removed. Clear lx with
 * stance_extract__lexicon_clear() (also after a failure). */
int stance_extract__lexicon_load(struct ex_lexicon *lx, stance_db *db);
void stance_extract__lexicon_clear(struct ex_lexicon *lx);

/* What a mention names. */
enum ex_kind {
	EX_NONE,
	EX_ACTOR,     /* index: an actor */
	EX_PARTY,     /* index: a party */
	EX_ROLE,      /* index: the first actor with the role, t0..t1 the words */
	EX_PRONOUN,
	EX_NAME       /* a name the database lacks, as written */
};

struct ex_mention {
	size_t t0, t1;          /* tokens [t0, t1) */
	int kind;               /* enum ex_kind */
	size_t index;
	int how;                /* enum ex_how */
	int possessive;         /* "Zelenskyy’s": named, but not speaking */
};

struct ex_mentions {
	struct ex_mention *v;
	size_t n, cap;
};

/* The mentions of known actors and parties, roles and pronouns among the
 * tokens of t, in order, the longest first where two start together.
 * Returns 0 or STANCE_ENOMEM. */
int stance_extract__mentions(struct ex_mentions *m, const struct ex_lexicon *lx,
			     const char *text, const struct ex_toks *t);
void stance_extract__mentions_clear(struct ex_mentions *m);

/* The source whose name or slug is s[0, len) (words, "The" optional, run
 * together: "NY Times" is slug "nytimes"), or -1. */
long stance_extract__source_find(const struct ex_lexicon *lx, const char *s, size_t len);

/* The issues whose title words the tokens [from, to) of t name: at least
 * two, and at least half, of the title's words (one of a one-word title),
 * one of them not a party's name (most sentences of a negotiation name
 * its parties), a word matching another that shares its first five letters (or all of a
 * shorter one, of at least four). Sets match[i] for each issue i (an array
 * of lx->nissues) to the number of its words named, 0 for one not named. */
void stance_extract__issues(unsigned char *match, const struct ex_lexicon *lx,
			    const char *text, const struct ex_toks *t, size_t from, size_t to);

/* ---- speakers (extract-speaker.c) ----------------------------------------- */

/* Who said something, as found. */
struct ex_speaker {
	int kind;               /* EX_NONE, EX_ACTOR, EX_PARTY or EX_NAME */
	size_t index;           /* actor or party */
	int how;                /* enum ex_how */
	size_t start, end;      /* the words as written: a name, a role, the
				   subject a reported clause's pronoun stands for */
};

/* What the speaker rules know of the article so far. */
struct ex_memory {
	struct ex_speaker last;     /* the last named speaker */
	long last_sent;             /* its sentence, -1 for none */
	struct ex_speaker subject;  /* the last sentence's first named actor */
	long subject_sent;
	struct ex_speaker quoted;   /* the speaker of the previous sentence's
				       quotation, for one that follows it */
	long quoted_sent;
};

/* One sentence being read: its tokens and mentions. */
struct ex_reading {
	const struct ex_lexicon *lx;
	struct ex_lexicon *lxw;     /* the same, to note when actors are named */
	const char *text;
	const struct ex_quote *quotes;  /* the article's, which EX_QUOTE tokens name */
	const struct ex_toks *t;
	const struct ex_mentions *m;
	struct ex_memory *mem;
	long sent;                  /* the sentence's index */
	size_t words;               /* its words outside quotations */
	const unsigned char *aside; /* per token: inside brackets, an aside */
};

/* The speaker of the quotation that is token q: a speech verb in the
 * words after it (up to the next quotation), else in those before, with
 * the name, role, pronoun or party next to it; else a name before a
 * colon; else the speaker of the previous sentence's quotation when this
 * one is a quotation alone. */
void stance_extract__quote_speaker(struct ex_speaker *out, const struct ex_reading *r, size_t q);

/* The speaker of the verb at tokens [v, v + nv) (flags: its verb's),
 * within [lo, hi): the name after "by" of a passive, the subject before
 * it, the name after it when the verb takes one there. reports: a name
 * the database lacks after the verb does not count (one before it does,
 * so that it is not taken for a party named further back). */
void stance_extract__verb_speaker(struct ex_speaker *out, const struct ex_reading *r, size_t lo,
				  size_t hi, size_t v, size_t nv, unsigned flags, int reports);

/* After a sentence: remembers its first named actor (or role) as the
 * subject a pronoun may stand for, and the actors named, for roles. */
void stance_extract__remember(const struct ex_reading *r);

/* The speaker of a sentence that ends with a colon and introduces the
 * quotation after it ("Speaking to reporters, she went further:"): a
 * speech verb's, else the first actor, role or pronoun it names. */
void stance_extract__introducer(struct ex_speaker *out, const struct ex_reading *r);

#endif
