/*
 * extract-rules.c - the rules of `stance extract` (design §10) as tables,
 * one for each kind of rule, every entry saying where it comes from:
 * quotation marks, speech verbs, attributions to a source, the cues of a
 * stance, the confidence of each way of finding a speaker, and the small
 * word lists the cut and the names need. A rule is changed here, and
 * nowhere else.
 *
 * Where they come from:
 *   [CLDR]  the Unicode Common Locale Data Repository, the delimiters of
 *           each language (quotationStart/End, alternateQuotationStart/End)
 *   [AP]    the AP Stylebook on attribution ("said" is the neutral verb;
 *           "according to" for documents; other verbs carry a judgement,
 *           but wire copy uses them, so they are here)
 *   [wire]  common usage in wire copy (Reuters, AP, AFP) and newspapers
 *   [§10]   design §10's own examples
 */
#include <string.h>

#include "extract-internal.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- quotation marks ------------------------------------------------------ */

const struct ex_pair stance_extract__pairs[] = {
	/* " … ": the typewriter's, in every language typed on a keyboard */
	{ "\"", { "\"" }, 0 },
	/* “ … ”: English, Chinese, Dutch, Turkish... [CLDR en, zh, nl, tr] */
	{ "\u201c", { "\u201d" }, 0 },
	/* „ … “: German, Czech, Slovak, and Ukrainian inside « » [CLDR de, cs,
	 * sk, uk]; „ … ”: Polish, Hungarian, Romanian [CLDR pl, hu, ro] */
	{ "\u201e", { "\u201c", "\u201d" }, 0 },
	/* « … »: French, Russian, Ukrainian, Spanish, Italian, Greek... [CLDR
	 * fr, ru, uk, es, it, el] */
	{ "\u00ab", { "\u00bb" }, 0 },
	/* ‹ … ›: French and Swiss German inside « » [CLDR fr-CH, de-CH] */
	{ "\u2039", { "\u203a" }, 0 },
	/* ” … ”: Swedish and Finnish [CLDR sv, fi]; only at the top level, as ”
	 * also closes the English pair */
	{ "\u201d", { "\u201d" }, EX_PAIR_TOP_ONLY },
	/* ‘ … ’: English inside “ ”, and British English outside [CLDR en
	 * alternateQuotation]; ’ is also the apostrophe of "Russia’s" */
	{ "\u2018", { "\u2019" }, EX_PAIR_APOSTROPHE },
	/* ‚ … ‘: German inside „ “; ‚ … ’: Polish inside „ ” [CLDR de, pl
	 * alternateQuotation] */
	{ "\u201a", { "\u2018", "\u2019" }, EX_PAIR_APOSTROPHE },
};

const size_t stance_extract__npairs = N(stance_extract__pairs);

/* ---- speech verbs ---------------------------------------------------------- */

#define B EX_V_BEFORE
#define A EX_V_AFTER
#define C EX_V_CLAUSE
#define P EX_V_POSITION

static const struct ex_verb verbs[] = {
	/* [AP] "said", the neutral verb, in its tenses; "says" for a standing
	 * view; "say" after a plural ("officials say") */
	{ "said", B | A | C }, { "says", B | A | C }, { "say", B | C },
	/* [AP] "told": said to someone, who follows the verb */
	{ "told", B | C }, { "tells", B | C },
	/* [wire] statements in writing and on social media */
	{ "wrote", B | A | C }, { "writes", B | A | C }, { "posted", B }, { "tweeted", B },
	{ "stated", B | C }, { "states", B | C },
	/* [AP] verbs that carry a judgement, as wire copy uses them */
	{ "added", B | A | C }, { "adds", B | A | C },
	{ "warned", B | A | C }, { "warns", B | A | C },
	{ "insisted", B | A | C }, { "insists", B | A | C },
	{ "declared", B | A | C }, { "declares", B | A | C },
	{ "stressed", B | A | C }, { "stresses", B | A | C },
	{ "explained", B | A | C }, { "noted", B | A | C }, { "argued", B | A | C },
	{ "emphasised", B | A | C }, { "emphasized", B | A | C },
	{ "acknowledged", B | A | C }, { "admitted", B | A | C }, { "conceded", B | A | C },
	{ "claimed", B | C }, { "claims", B | C }, { "confirmed", B | C },
	{ "vowed", B | C }, { "pledged", B | C }, { "promised", B | C },
	{ "denied", B }, { "urged", B }, { "asked", B | A }, { "replied", B | A },
	{ "answered", B | A },
	/* [wire] a decision made public, also in the passive: "announced by Putin" */
	{ "announced", B | C | EX_V_PASSIVE },
	/* [wire] a medium or a party that reports: "Ukraine reported violations" */
	{ "reported", B | C },
	/* [wire] a position stated firmly */
	{ "made clear", B | C }, { "made it clear", B | C },
	/* [AP] "according to X": the source of the words follows */
	{ "according to", A },
	/* [wire] "to quote X", "X was quoted as saying" */
	{ "to quote", A }, { "quoted as saying", B },
	/* [§10] reported positions: "X refuses to accept..." */
	{ "refuses", B | P }, { "refused", B | P }, { "rejects", B | P }, { "rejected", B | P },
	{ "opposes", B | P }, { "supports", B | P }, { "backs", B | P }, { "demands", B | P },
	{ "is willing", B | P }, { "is ready", B | P }, { "has agreed", B | P },
};

#undef B
#undef A
#undef C
#undef P

const struct ex_verb *stance_extract__verb(const char *text, const struct ex_toks *t, size_t i,
					   size_t end, size_t *ntok)
{
	for (size_t k = 0; k < N(verbs); k++)
		if ((*ntok = stance_extract__phrase(text, t, i, end, verbs[k].words)))
			return &verbs[k];
	return NULL;
}

/* ---- attributions to a source -------------------------------------------- */

static const struct ex_attr attributions[] = {
	/* [AP] the source of information: "according to Reuters" (a person the
	 * database lacks, "according to John Smith", is a speaker) */
	{ "according to", EX_A_AFTER | EX_A_MEDIA, NULL },
	/* [§10] newsroom shorthand: "per NY Times" */
	{ "per", EX_A_AFTER, NULL },
	/* [wire] a medium reports: "The Guardian reported that", "Reuters reports";
	 * not "Kazakhstan reported", which is a party that speaks */
	{ "reported", EX_A_BEFORE | EX_A_MEDIA, NULL }, { "reports", EX_A_BEFORE | EX_A_MEDIA, NULL },
	/* [wire] a medium that quotes: "quoted by TASS", "cited by Interfax" */
	{ "quoted by", EX_A_AFTER, NULL }, { "cited by", EX_A_AFTER, NULL },
	/* [wire] the listener, when a medium: "told the BBC", not "told Rubio" */
	{ "told", EX_A_AFTER | EX_A_MEDIA, NULL },
	{ "in an interview with", EX_A_AFTER | EX_A_MEDIA, NULL },
	{ "speaking to", EX_A_AFTER | EX_A_MEDIA, NULL },
	/* [§10] social media: "wrote on X", "posted on Telegram", not "wrote on Monday" */
	{ "wrote on", EX_A_AFTER | EX_A_MEDIA, NULL }, { "posted on", EX_A_AFTER | EX_A_MEDIA, NULL },
	{ "said on", EX_A_AFTER | EX_A_MEDIA, NULL },
	{ "in a post on", EX_A_AFTER | EX_A_MEDIA, NULL },
	{ "writing on", EX_A_AFTER | EX_A_MEDIA, NULL },
	/* [wire] the verb names the medium */
	{ "tweeted", EX_A_IMPLIED, "Twitter" },
};

const struct ex_attr *stance_extract__attribution(const char *text, const struct ex_toks *t,
						  size_t i, size_t end, size_t *ntok)
{
	for (size_t k = 0; k < N(attributions); k++)
		if ((*ntok = stance_extract__phrase(text, t, i, end, attributions[k].words)))
			return &attributions[k];
	return NULL;
}

/* ---- word lists -------------------------------------------------------------- */

static int listed(const char *const *list, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], w) == 0)
			return 1;
	return 0;
}

/* [AP] abbreviations written with a full stop that ends no sentence:
 * titles before names, months, and Latin ("etc", "vs"). Those with a dot
 * inside ("U.S.", "e.g.", "a.m.") need no entry. */
static const char *const abbreviations[] = {
	"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "sgt", "capt", "cmdr",
	"adm", "sen", "rep", "gov", "pres", "st", "jr", "sr", "rev", "hon", "no", "nos",
	"vol", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
	"nov", "dec", "etc", "vs", "approx", "cf", "ca", "inc", "ltd", "co", "corp", "dept",
	"mt", "ft",
};

int stance_extract__abbreviation(const char *w)
{
	return listed(abbreviations, N(abbreviations), w);
}

/* [wire] what a medium's name holds: the agencies (Reuters, AP, AFP,
 * TASS, Interfax, Xinhua, Ukrinform), broadcasters, the words of
 * newspapers' names, and the social platforms of §10 */
static const char *const media[] = {
	"reuters", "ap", "afp", "tass", "interfax", "ria", "xinhua", "ukrinform", "bloomberg",
	"bbc", "cnn", "nbc", "cbs", "npr", "politico", "axios", "meduza", "kommersant",
	"pravda", "izvestia", "times", "post", "journal", "news", "press", "herald",
	"tribune", "telegraph", "guardian", "gazette", "independent", "agency", "radio",
	"tv", "television", "magazine", "daily", "wire", "broadcasting", "newspaper",
	"channel", "x", "twitter", "telegram", "facebook", "instagram", "youtube", "tiktok",
	"weibo", "wechat",
};

int stance_extract__media_word(const char *w)
{
	return listed(media, N(media), w);
}

/* [wire] words written with a capital at the start of a sentence, and the
 * days and months, that make no one's name: "Officials said" has no
 * speaker named */
static const char *const starters[] = {
	"the", "a", "an", "this", "that", "these", "those", "it", "its", "but", "and", "or",
	"so", "yet", "in", "on", "at", "for", "with", "after", "before", "while", "when",
	"as", "if", "some", "many", "most", "both", "all", "several", "other", "others",
	"officials", "sources", "analysts", "critics", "experts", "diplomats", "observers",
	"he", "she", "they", "we", "i", "there", "here", "however", "meanwhile", "despite",
	"during", "asked", "speaking", "according", "separately", "earlier", "later",
	"also", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december",
};

int stance_extract__starter(const char *w)
{
	return listed(starters, N(starters), w);
}

/* Words of an issue's title that say nothing of what it is about: articles,
 * prepositions, auxiliaries, and "deal", which most titles of a
 * negotiation end with */
static const char *const stopwords[] = {
	"a", "an", "the", "of", "on", "in", "to", "for", "as", "at", "by", "and", "or",
	"with", "from", "its", "it", "be", "is", "are", "may", "will", "would", "can",
	"should", "must", "than", "that", "this", "their", "there", "not", "no", "part",
	"deal", "basis", "over", "under", "about", "into", "onto", "between", "among",
	"through", "during", "within", "upon", "per", "via", "up", "out", "off",
};

int stance_extract__stopword(const char *w)
{
	return listed(stopwords, N(stopwords), w);
}

/* Prepositions: after a speech verb one starts no reported clause
 * ("warned against a deal" says what about, not what was said) */
static const char *const prepositions[] = {
	"against", "about", "of", "for", "with", "to", "from", "in", "at", "by", "on",
	"over", "after", "before", "during", "without",
};

int stance_extract__preposition(const char *w)
{
	return listed(prepositions, N(prepositions), w);
}

/* [wire] the nouns that end a definite description of a person named
 * before: "the Reform UK leader", "the Kremlin spokesman" */
static const char *const title_nouns[] = {
	"leader", "minister", "president", "premier", "chancellor", "secretary",
	"spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy", "negotiator",
	"chief", "commander", "head", "official", "diplomat", "mayor", "governor",
};

int stance_extract__title_noun(const char *w)
{
	return listed(title_nouns, N(title_nouns), w);
}

/* [§10] the pronouns a speaker is named by once named */
static const char *const pronouns[] = { "he", "she", "they" };

int stance_extract__pronoun(const char *w)
{
	return listed(pronouns, N(pronouns), w);
}

/* The endings of the adjectives and people of a country's name:
 * Ukrain-ian, Russi-an, Chin-ese, Brit-ish, Israel-i, Europe(-an) */
static const char *const demonym_suffixes[] = {
	"", "n", "an", "ian", "ns", "ans", "ians", "ese", "ish", "i", "is",
};

int stance_extract__demonym_suffix(const char *w)
{
	return listed(demonym_suffixes, N(demonym_suffixes), w);
}

/* ---- the cues of a stance --------------------------------------------------- */

/* [wire] the words of refusal, opposition, insistence and support, with
 * the stance each suggests on the proposition of an issue the words
 * name. A refusal outweighs any support ("ready to talk but will not
 * recognise"): the most negative cue found wins, else the most positive. */
static const struct cue {
	const char *words;
	int stance;
} cues[] = {
	/* refusals that leave no room */
	{ "will not", -2 }, { "won't", -2 }, { "will never", -2 }, { "never", -2 },
	{ "refuse", -2 }, { "refuses", -2 }, { "refused", -2 }, { "reject", -2 },
	{ "rejects", -2 }, { "rejected", -2 }, { "under no circumstances", -2 },
	{ "unacceptable", -2 }, { "red line", -2 }, { "cannot accept", -2 },
	/* opposition */
	{ "not", -1 }, { "no", -1 }, { "oppose", -1 }, { "opposes", -1 }, { "opposed", -1 },
	{ "against", -1 }, { "cannot", -1 }, { "can't", -1 }, { "doesn't", -1 },
	{ "don't", -1 },
	/* insistence */
	{ "insists", 2 }, { "insist", 2 }, { "demands", 2 }, { "demand", 2 }, { "must", 2 },
	/* support */
	{ "support", 1 }, { "supports", 1 }, { "ready to", 1 }, { "willing to", 1 },
	{ "agree", 1 }, { "agrees", 1 }, { "agreed", 1 }, { "accept", 1 }, { "accepts", 1 },
	{ "welcome", 1 }, { "welcomes", 1 }, { "backs", 1 }, { "favours", 1 },
	{ "favors", 1 }, { "wants", 1 },
};

int stance_extract__polarity(int *stance, const char *text, const struct ex_toks *t,
			     size_t from, size_t to)
{
	int low = 0, high = 0;

	for (size_t i = from; i < to; i++)
		for (size_t k = 0; k < N(cues); k++)
			if (stance_extract__phrase(text, t, i, to, cues[k].words)) {
				low = cues[k].stance < low ? cues[k].stance : low;
				high = cues[k].stance > high ? cues[k].stance : high;
			}
	*stance = low ? low : high;
	return low || high;
}

/* ---- confidence ----------------------------------------------------------------- */

/* How sure a quotation's speaker is, by how it was found: a full name
 * next to a speech verb is the wire services' own attribution; a surname
 * needs the name given earlier; a role, a pronoun or a party needs a
 * reading of the context; a name the database lacks may be anyone. A
 * reported position counts 0.8 of these, an unclosed quotation 0.8. */
const double stance_extract__confidence[EX_HOWS] = {
	[EX_HOW_NONE] = 0.3,
	[EX_HOW_NAME] = 0.95,
	[EX_HOW_SURNAME] = 0.9,
	[EX_HOW_VARIANT] = 0.8,
	[EX_HOW_ROLE] = 0.75,
	[EX_HOW_PRONOUN] = 0.7,
	[EX_HOW_PARTY] = 0.7,
	[EX_HOW_CONTINUED] = 0.65,
	[EX_HOW_COLON] = 0.7,
	[EX_HOW_UNKNOWN] = 0.5,
};
