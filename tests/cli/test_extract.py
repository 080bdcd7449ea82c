#!/usr/bin/env python3
"""Suggestions from news articles (issue 16, design §10) end to end: `stance
extract` on the seed article with the bundled example's entities, which
must find Zelenskyy's and Svyrydenko's quotes with their speakers, party
and sources, and the reports attributed to Reuters, the Guardian and the NY
Times; on eleven short articles written in the style of wire copy
(tests/cli/data/articles/*.txt, each with the (quote, speaker) pairs it
holds in the .json beside it). Three of them (prisoner-swap, starmer-troops,
stubb-decades, in the styles of Reuters, the Guardian and AP) were written
after the rules and scored 9 of 13 pairs before the rules learned from
them; the two held-out-* ones were written after that and are scored as
the rules stood (8 of 9), their other expectations reported, not held
against them, covering said-before and said-after
attributions, pronouns, roles, nested quotations, a quotation over two
paragraphs, « » and „ “, hard-wrapped text and quotations nobody is named
for. The precision and recall of the quote-speaker pairs over all of them
are printed as TAP diagnostics, and the test fails below 0.85 and 0.80.

Then: every line is a `record --from` record with the members §10 adds;
the review loop `stance extract ARTICLE | stance record --from - --dry-run`;
--date, --source, --url and the article's own date; standard input, a byte
order mark and CRLF; output escaping; and every refusal (a missing file,
invalid UTF-8, a NUL, more than 10 MiB, a bad --date, an unknown --source,
--format table) with the database left as it was. The database is never
written."""

import json
import os
import subprocess

import stancetest
from stancetest import main, skip, test

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ARTICLES = os.path.join(HERE, "data", "articles")
EXAMPLE = os.path.join(ROOT, "examples", "ukraine-talks-2025-04.json")
SEED = os.path.join(ROOT, "examples", "ukraine-talks-2025-04-23.txt")

PRECISION_MIN = 0.85
RECALL_MIN = 0.80

MEMBERS = ["party", "actor", "said_on", "kind", "text", "source", "url", "positions"]

# The speakers of the articles that the bundled example lacks.
EXTRA = [
    ["party", "add", "fr", "--name", "France", "--kind", "state"],
    ["party", "add", "de", "--name", "Germany", "--kind", "state"],
    ["actor", "add", "lavrov", "--name", "Sergei Lavrov", "--party", "ru",
     "--role", "Foreign Minister"],
    ["actor", "add", "sybiha", "--name", "Andrii Sybiha", "--party", "ua",
     "--role", "Foreign Minister"],
    ["actor", "add", "macron", "--name", "Emmanuel Macron", "--party", "fr",
     "--role", "President"],
    ["actor", "add", "merz", "--name", "Friedrich Merz", "--party", "de",
     "--role", "Chancellor"],
    ["actor", "add", "kallas", "--name", "Kaja Kallas", "--party", "eu",
     "--role", "High Representative"],
    ["actor", "add", "starmer", "--name", "Keir Starmer", "--party", "uk",
     "--role", "Prime Minister"],
    ["source", "add", "bbc", "--name", "BBC", "--reliability", "B"],
]


def setup(c, extra=True):
    c.init()
    c.must("import", EXAMPLE)
    if extra:
        for args in EXTRA:
            c.must(*args)


def run_stdin(c, data, *args):
    """Runs stance args with data on standard input."""
    proc = subprocess.run([stancetest.BIN] + list(args), input=data, cwd=c.dir, env=c.env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return stancetest.Result(args, proc)


def statements(c):
    return json.loads(c.run("--format", "json", "statements").out)


def lines(r):
    return [json.loads(line) for line in r.out.splitlines() if line.strip()]


def speaker(s):
    """A suggestion's or an expected pair's speaker: ("actor", slug),
    ("name", speaker_name), or None."""
    if s.get("actor"):
        return ("actor", s["actor"])
    if s.get("speaker_name"):
        return ("name", s["speaker_name"])
    return None


def cases():
    """(name, article path, expected) for every article, the seed first."""
    out = []
    for name in sorted(os.listdir(ARTICLES)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(ARTICLES, name), encoding="utf-8") as f:
            exp = json.load(f)
        path = os.path.join(ROOT, exp["article"]) if "article" in exp else \
            os.path.join(ARTICLES, name[:-5] + ".txt")
        out.append((name[:-5], path, exp))
    out.sort(key=lambda c: "article" not in c[2])
    return out


# ---- the seed and the articles ------------------------------------------------

@test
def seed_article(c):
    setup(c, extra=False)
    before = c.digest()
    r = c.run("extract", SEED)
    c.ok(r.rc == 0 and r.err == "", "extract the seed article", r)
    got = lines(r)
    quotes = {s["text"]: s for s in got if s["kind"] == "quote"}
    z = quotes.get("There is nothing new to mention or discuss. "
                   "Ukraine will not recognise the occupation of Crimea.")
    c.ok(z and z["actor"] == "zelenskyy" and z["party"] == "ua",
         "Zelenskyy's quote, by zelenskyy of ua", got)
    c.eq(z and z["source"], "guardian", "Zelenskyy's quote: the Guardian, named before it")
    s = quotes.get("Ukraine is ready to negotiate – but not to surrender.")
    c.ok(s and s["actor"] == "svyrydenko" and s["party"] == "ua" and s["source"] == "x",
         "Svyrydenko's quote, by svyrydenko of ua, on X", got)
    c.eq({q["said_on"] for q in got}, {"2025-04-23"}, "dated by the Published: line")
    reports = [s for s in got if s["kind"] == "report"]
    for source in ("reuters", "guardian", "nytimes"):
        c.ok(any(s["source"] == source for s in reports),
             "a report attributed to %s" % source, reports)
    g = [s for s in reports if s["source"] == "guardian"]
    c.ok(g and g[0]["actor"] == "svyrydenko" and g[0]["text"] ==
         "Ukraine is willing to talk but refuses to accept Russia’s claim over Crimea.",
         "the Guardian's report: Ukraine's position, by the Deputy Prime Minister", g)
    c.eq(c.digest(), before, "the database is unchanged")


@test
def articles_precision_recall(c):
    """Every article's (quote, speaker) pairs; precision and recall over all."""
    setup(c)
    expected = predicted = correct = 0
    for name, path, exp in cases():
        r = c.run("extract", path)
        if not c.ok(r.rc == 0, "%s: extract" % name, r):
            continue
        got = [s for s in lines(r) if s["kind"] == "quote"]
        pairs = {(s["text"], speaker(s)) for s in got}
        want = [(q["text"], speaker(q)) for q in exp["quotes"]]
        hit = [p for p in want if p in pairs]
        expected += len(want)
        predicted += len(got)
        correct += len(hit)
        print("# %s: %d of %d pairs found, %d quotations suggested"
              % (name, len(hit), len(want), len(got)))
        for p in want:
            if p not in pairs:
                print("#   missed: %r by %r" % p)
        for p in sorted(pairs - set(want), key=repr):
            print("#   extra:  %r by %r" % p)
        check_members(c, name, exp, got, lines(r))
    precision = correct / predicted if predicted else 0.0
    recall = correct / expected if expected else 0.0
    print("# quote-speaker pairs: %d expected, %d suggested, %d right" %
          (expected, predicted, correct))
    print("# precision %.3f (at least %.2f), recall %.3f (at least %.2f)" %
          (precision, PRECISION_MIN, recall, RECALL_MIN))
    c.ok(len(cases()) >= 6, "the seed and at least five articles")
    c.ok(precision >= PRECISION_MIN, "precision %.3f >= %.2f" % (precision, PRECISION_MIN))
    c.ok(recall >= RECALL_MIN, "recall %.3f >= %.2f" % (recall, RECALL_MIN))


def check_members(c, name, exp, quotes, everything):
    """The party, source and date an article's pairs expect, and its
    reports, where the .json says."""
    problems = []
    by_text = {s["text"]: s for s in quotes}
    for q in exp["quotes"]:
        s = by_text.get(q["text"])
        for key in ("party", "source", "source_name", "said_on"):
            if s and key in q and s.get(key) != q[key]:
                problems.append("%r: %s %r, want %r" % (q["text"][:30], key, s.get(key), q[key]))
    reports = [s for s in everything if s["kind"] == "report"]
    for want in exp.get("reports", []):
        if not any(all(s.get(k) == v for k, v in want.items()) for s in reports):
            problems.append("no report %r" % want)
    if exp.get("held_out"):
        # written after the rules and scored as they stood: what they get
        # wrong is reported, not held against them
        for p in problems:
            print("#   held out, not as expected: %s" % p)
        return
    c.ok(not problems, "%s: parties, sources, dates and reports" % name,
         "\n".join(problems) + "\n" + json.dumps(reports, ensure_ascii=False)[:2000])


# ---- the records ----------------------------------------------------------------

@test
def records_for_record_from(c):
    setup(c)
    issues = {i["slug"] for i in json.loads(c.run("--format", "json", "issue", "list").out)}
    bad = []
    n = 0
    for name, path, _ in cases():
        r = c.run("extract", path)
        for line in r.out.splitlines():
            n += 1
            try:
                s = json.loads(line)
            except ValueError as e:
                bad.append("%s: not JSON (%s): %r" % (name, e, line[:80]))
                continue
            keys = list(s)
            if keys[:len(MEMBERS)] != MEMBERS:
                bad.append("%s: members %r" % (name, keys))
            if "id" in s or s["kind"] not in ("quote", "report"):
                bad.append("%s: id or kind %r" % (name, s.get("kind")))
            if not isinstance(s["confidence"], float) or not 0 <= s["confidence"] <= 1:
                bad.append("%s: confidence %r" % (name, s["confidence"]))
            if not s["evidence"] or not s["text"]:
                bad.append("%s: no evidence or text" % name)
            if s["actor"] is None and "speaker_name" not in s:
                bad.append("%s: no speaker_name without an actor" % name)
            if any(p["issue"] not in issues or set(p) != {"issue", "stance"}
                   for p in s["positions"]):
                bad.append("%s: positions %r" % (name, s["positions"]))
    c.ok(n > 20 and not bad, "%d lines: JSON records in the statement's shape" % n,
         "\n".join(bad))


@test
def review_loop(c):
    setup(c)
    helptext = c.run("record", "--help").out
    if "--from" not in helptext:
        skip("extract | record --from - --dry-run", "record --from is not there yet")
        return
    r = c.run("extract", SEED)
    before = statements(c)
    proc = run_stdin(c, r.out_bytes, "record", "--from", "-", "--dry-run")
    c.ok(proc.rc == 0, "extract SEED | record --from - --dry-run", proc)
    c.eq(statements(c), before, "the dry run records nothing")
    proc = run_stdin(c, r.out_bytes, "record", "--from", "-")
    c.eq(len(statements(c)), 15 + len(lines(r)),
         "recorded for real, every suggestion is a statement")
    # a suggestion without a speaker waits for the analyst
    r = c.run("extract", os.path.join(ARTICLES, "istanbul-stall.txt"))
    before = statements(c)
    proc = run_stdin(c, r.out_bytes, "record", "--from", "-", "--dry-run")
    c.ok(proc.rc == 65 and "line 1" in proc.err and statements(c) == before,
         "a suggestion nobody is named for is refused until filled in", proc)


# ---- dates, sources, input ---------------------------------------------------------

@test
def dates(c):
    setup(c)
    r = c.run("extract", "--date", "2025-05-01", SEED)
    c.eq({s["said_on"] for s in lines(r)}, {"2025-05-01"}, "--date over the Published: line")
    text = "Zelenskyy said on Monday: “We will not give up our land.”\n"
    path = os.path.join(c.dir, "a.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    r = c.run("extract", path)
    c.ok(r.rc == 0 and lines(r)[0]["said_on"] is None and "no \"Published:\" line" in r.err
         and r.err.startswith("stance: note: "),
         "no date: said_on null, and a note says so", r)
    r = c.run("extract", "--date", "2025-04-23", path)
    c.eq(lines(r)[0]["said_on"], "2025-04-21", "on Monday, counted from --date (a Wednesday)")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace("on Monday", "last Wednesday") + "\nPublished: 23 April 2025\n")
    c.eq(lines(c.run("extract", path))[0]["said_on"], "2025-04-16",
         "last Wednesday, counted from the Published: line")


@test
def source_and_url(c):
    setup(c)
    path = os.path.join(c.dir, "a.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("Zelenskyy said: “We will not give up our land.”\n\n"
                "Rubio said, according to the Guardian: “We are close to a deal.”\n")
    r = c.run("extract", "--source", "reuters", "--url", "https://example.org/a", path)
    got = lines(r)
    c.eq([s["source"] for s in got], ["reuters", "guardian"],
         "--source where no paragraph names one; the article's own over it")
    c.eq({s["url"] for s in got}, {"https://example.org/a"}, "--url on every suggestion")
    c.eq([s["actor"] for s in got], ["zelenskyy", "rubio"], "the speakers")


@test
def standard_input_bom_crlf(c):
    setup(c)
    with open(SEED, "rb") as f:
        seed = f.read()
    want = c.run("extract", SEED).out
    r = run_stdin(c, seed, "extract", "-")
    c.eq(r.out, want, "- reads standard input")
    r = run_stdin(c, b"\xef\xbb\xbf" + seed.replace(b"\n", b"\r\n"), "extract", "-")
    c.eq(r.out, want, "a byte order mark and CRLF line ends change nothing")


@test
def output_escapes_controls(c):
    setup(c)
    path = os.path.join(c.dir, "a.txt")
    with open(path, "wb") as f:
        f.write("Zelenskyy said: “We will not \u0085give \x7fup our land.”\n".encode())
    r = c.run("extract", path)
    c.ok(r.rc == 0 and b"\xc2\x85" not in r.out_bytes and b"\x7f" not in r.out_bytes
         and "\\u0085" in r.out and "\\u007F" in r.out,
         "DEL and C1 controls are escaped in the JSON", r)
    c.eq(lines(r)[0]["text"], "We will not \u0085give \x7fup our land.",
         "and read back as they were")


@test
def nothing_found(c):
    setup(c)
    path = os.path.join(c.dir, "a.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("The weather in Kyiv was mild.\n")
    r = c.run("extract", path)
    c.ok(r.rc == 0 and r.out == "" and "no statements found" in r.err,
         "an article without statements: nothing on stdout, a note", r)
    r = c.run("extract", "--format", "json", path)
    c.ok(r.rc == 0, "--format json is accepted", r)


# ---- refusals ---------------------------------------------------------------------

@test
def refusals(c):
    setup(c)
    path = os.path.join(c.dir, "a.txt")
    c.fails(["extract", os.path.join(c.dir, "missing.txt")], 66, "missing.txt")
    c.fails(["extract", c.dir], 66, "cannot open")
    with open(path, "wb") as f:
        f.write("Zelenskyy said: “Crimea”".encode() + b"\xff\xfe rest\n")
    c.fails(["extract", path], 65, "not valid UTF-8", "byte offset 28")
    with open(path, "wb") as f:
        f.write(b"Zelenskyy said \x00 nothing\n")
    c.fails(["extract", path], 65, "NUL", "byte offset 15")
    with open(path, "wb") as f:
        f.write(b"a" * (10 * 1024 * 1024 + 1))
    c.fails(["extract", path], 65, "larger than 10 MiB")
    with open(path, "w", encoding="utf-8") as f:
        f.write("Zelenskyy said: “We will not give up our land.”\n")
    c.fails(["extract", "--date", "2025-02-30", path], 65, "2025-02-30")
    c.fails(["extract", "--source", "tass", path], 65, "unknown source 'tass'",
            "known: bbc, guardian, nytimes, reuters, x")
    c.fails(["extract", "--format", "table", path], 65, "format", "json")
    c.fails(["extract", "--format", "csv", path], 65, "format")
    c.fails(["extract"], 64, "ARTICLE")
    c.fails(["extract", path, path], 64)
    c.fails(["extract", "--bogus", path], 64, "--bogus")


@test
def needs_a_database(c):
    path = os.path.join(c.dir, "a.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("Zelenskyy said: “We will not give up our land.”\n")
    r = c.run("extract", path)
    c.ok(r.rc == 66 and "stance init" in r.err and not os.path.exists(c.db),
         "no database: 66, and none is created", r)


if __name__ == "__main__":
    main()
