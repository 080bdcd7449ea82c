#!/usr/bin/env python3
"""`stance record`, `code`, `retract` and `show`: the seed's statements, and
each input rule refused with the database unchanged. `code` and `retract`
are corrections (design section 7): each writes one revision, prints its id
and says on stderr what it did."""

import re
import sys

from stancetest import SVYRYDENKO_TEXT, ZELENSKYY_TEXT, main, test

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
BASE = ["record", "--actor", "zelenskyy", "--text", "t"]


def revisions(t):
    """Every revision in the database with its changes, oldest first:
    (uuid, author, reason, target_kind, target_key, member, from, to)."""
    return t.query("SELECT r.uuid, r.author, r.reason, r.target_kind, r.target_key, c.member,"
                   " c.from_value, c.to_value FROM revision r JOIN revision_change c"
                   " ON c.revision_id = r.id ORDER BY r.at, r.uuid, c.member")


@test
def record_prints_the_id(t):
    t.seed()
    r = t.run("record", "--actor", "zelenskyy", "--date", "2025-04-22", "--kind", "quote",
              "--source", "guardian", "--credibility", "2", "--text", ZELENSKYY_TEXT,
              "--position", "crimea-recognition=--!")
    t.succeeds(r, "record succeeds")
    zid = r.out.strip()
    t.ok(UUID4.match(zid) and r.out == zid + "\n", "record prints a version 4 uuid", r)
    r = t.run("show", zid, "--format", "json")
    st = r.json()
    t.ok(TIMESTAMP.match(st.pop("recorded_at")), "recorded_at is a UTC timestamp", r)
    t.eq(st, {"id": zid, "party": "ua", "actor": "zelenskyy", "said_on": "2025-04-22",
              "kind": "quote", "text": ZELENSKYY_TEXT, "source": "guardian", "url": None,
              "credibility": 2, "recorded_by": "tester", "retracted": None,
              "positions": [{"issue": "crimea-recognition", "stance": "strongly-oppose",
                             "point": None, "red_line": True, "condition": None}]},
         "the statement is stored as given, the party is the actor's")
    t.eq(list(st["positions"][0]), ["issue", "stance", "point", "red_line", "condition"],
         "position members in snapshot order (version 2)")
    t.eq(list(st), ["id", "party", "actor", "said_on", "kind", "text", "source", "url",
                    "credibility", "recorded_by", "retracted", "positions"],
         "members in snapshot order")
    r = t.run("record", "--actor", "svyrydenko", "--party", "ua", "--date", "2025-04-23",
              "--source", "x", "--text", SVYRYDENKO_TEXT, "--format", "json")
    t.ok(r.rc == 0 and UUID4.match(r.json()["id"]) and list(r.json()) == ["id"],
         "record in json prints {\"id\"}", r)
    r = t.run("record", "--party", "us", "--date", "2025-04-23", "--kind", "paraphrase",
              "--text", "t", "--format", "csv")
    t.ok(r.rc == 0 and r.out.startswith("id\n") and UUID4.match(r.out.split("\n")[1]),
         "record in csv prints an id column", r)
    t.eq(t.query("SELECT count(*) FROM statement"), [(3,)], "three statements")
    t.eq(t.query("SELECT count(*) FROM revision"), [(0,)], "recording writes no revision")


@test
def record_all_the_options(t):
    t.seed()
    r = t.must("record", "--party", "ua", "--date", "2024-02-29", "--kind", "proposal",
               "--url", "https://example.org/a?b=c", "--credibility", "6", "--text", "Peace plan",
               "--position", "crimea-recognition=strongly-oppose",
               "--position=nato-membership=++!",
               "--condition", "nato-membership=after a ceasefire, = and all")
    st = t.must("show", r.out.strip(), "--format", "json").json()
    t.eq((st["actor"], st["kind"], st["url"], st["credibility"], st["said_on"]),
         (None, "proposal", "https://example.org/a?b=c", 6, "2024-02-29"),
         "party without actor, kind, url, credibility, a leap day")
    # v2: no suffix says nothing about a red line (null), not "no red line"
    t.eq(st["positions"],
         [{"issue": "crimea-recognition", "stance": "strongly-oppose", "point": None,
           "red_line": None, "condition": None},
          {"issue": "nato-membership", "stance": "strongly-support", "point": None,
           "red_line": True, "condition": "after a ceasefire, = and all"}],
         "stance names and symbols, red line, condition after the first '='")
    # the red line has three states (design section 1, v2): '!' true, '~' false,
    # nothing null
    for spec, name in (("--", "strongly-oppose"), ("-", "oppose"), ("0", "neutral"),
                       ("+", "support"), ("++", "strongly-support"), ("oppose!", "oppose"),
                       ("oppose~", "oppose"), ("0~", "neutral")):
        r = t.must("record", "--party", "ru", "--date", "2025-01-01", "--text", "x",
                   "--position", "nato-membership=" + spec)
        p = t.must("show", r.out.strip(), "--format", "json").json()["positions"][0]
        red_line = {"!": True, "~": False}.get(spec[-1])
        t.eq((p["stance"], p["red_line"]), (name, red_line), "stance %s" % spec)
    # v2: a point on the scale, with or without a stance
    for spec, want in (("@70", ("support", 70, None)), ("+@70~", ("support", 70, False)),
                       ("@0!", ("strongly-oppose", 0, True)), ("0@55", ("neutral", 55, None))):
        r = t.must("record", "--party", "ru", "--date", "2025-01-01", "--text", "x",
                   "--position", "nato-membership=" + spec)
        shown = t.must("show", r.out.strip(), "--format", "json")
        p = shown.json()["positions"][0]
        t.eq((p["stance"], p["point"], p["red_line"]), want, "point %s" % spec)
        # show has the snapshot's shape, numbers written as export writes them
        exported = t.must("export").out
        exported = exported[exported.index('"id": "%s"' % r.out.strip()):]
        t.eq(re.findall(r'"point": [^,\n]*', shown.out),
             re.findall(r'"point": [^,\n]*', exported)[:1],
             "point %s: show writes the number as export does" % spec)


@test
def record_refuses(t):
    t.seed()
    t.record_seed()
    cases = [
        (["--date", "2025-02-30"], "invalid date '2025-02-30'"),
        (["--date", "2025-4-22"], "invalid date '2025-4-22'"),
        (["--date", "yesterday"], "invalid date 'yesterday'"),
        (["--kind", "empire"], "invalid statement kind 'empire'",
         "quote, paraphrase, proposal, report"),
        (["--credibility", "0"], "invalid credibility '0'", "1 to 6"),
        (["--credibility", "7"], "invalid credibility '7'"),
        (["--credibility", "high"], "invalid credibility 'high'"),
        (["--credibility", "22"], "invalid credibility '22'"),
        (["--position", "x="], "'x='"),
        (["--position", "=+"], "issue"),
        (["--position", "crimea-recognition"], "invalid position 'crimea-recognition'"),
        (["--position", "crimea-recognition=+++"], "invalid stance '+++'",
         "strongly-oppose, oppose, neutral, support, strongly-support"),
        (["--position", "crimea-recognition=maybe"], "invalid stance 'maybe'"),
        (["--position", "crimea-recognition=!"], "invalid stance"),
        (["--position", "Crimea=+"], "invalid issue in position 'Crimea'"),
        (["--position", "crimea=+"], "unknown issue 'crimea'",
         "crimea-recognition, nato-membership"),
        (["--position", "crimea-recognition=+", "--position", "crimea-recognition=-"],
         "issue 'crimea-recognition' is given twice"),
        (["--condition", "crimea-recognition=if asked"], "names issue 'crimea-recognition'"),
        (["--position", "crimea-recognition=+", "--condition", "nato-membership=x"],
         "names issue 'nato-membership'"),
        (["--position", "crimea-recognition=+", "--condition", "no equals sign"],
         "invalid condition 'no equals sign'"),
        (["--position", "crimea-recognition=+", "--condition", "crimea-recognition="],
         "condition is empty"),
        (["--position", "crimea-recognition=+", "--condition", "crimea-recognition=a",
          "--condition", "crimea-recognition=b"], "two conditions"),
        (["--party", "ru"], "party 'ru' contradicts actor 'zelenskyy'", "'ua'"),
        (["--party", "nz"], "unknown party 'nz'"),
        (["--source", "reuters"], "unknown source 'reuters'", "guardian, x"),
        (["--url", ""], "url is empty"),
    ]
    for extra, *words in cases:
        if "--date" not in extra:
            extra = ["--date", "2025-04-22"] + extra
        t.fails(BASE + extra, 65, *words, desc="record " + " ".join(extra))
    t.fails(["record", "--actor", "putin", "--date", "2025-04-22", "--text", "t"], 65,
            "unknown actor 'putin'", "rubio, svyrydenko, zelenskyy")
    t.fails(["record", "--party", "ua", "--date", "2025-04-22", "--text", ""], 65,
            "statement text is empty")
    t.fails(["record", "--party", "ua", "--date", "2025-04-22", "--text", "x" * 100001], 65,
            "100001 bytes", desc="record a text over 100,000 bytes")
    t.fails([b"record", b"--party", b"ua", b"--date", b"2025-04-22", b"--text",
             b"Ukraine \xed\xa0\x80 surrogate"], 65, "not valid UTF-8",
            desc="record a text that is not UTF-8")
    r = t.run("record", "--party", "ua", "--date", "2025-04-22", "--text", "y" * 100000)
    t.ok(r.rc == 0, "a text of exactly 100,000 bytes is fine", r)
    t.eq(t.query("SELECT count(*) FROM statement"), [(3,)], "only the good ones stored")


@test
def record_usage_errors(t):
    t.seed()
    t.fails(["record", "--date", "2025-04-22", "--text", "t"], 64,
            "needs --party PARTY or --actor ACTOR")
    t.fails(["record", "--party", "ua", "--text", "t"], 64, "needs --date")
    t.fails(["record", "--party", "ua", "--date", "2025-04-22"], 64, "needs --text")
    base = BASE + ["--date", "2025-04-22"]
    t.fails(base + ["--kind"], 64, "'--kind' needs a value")
    t.fails(base + ["--kind", "quote", "--kind", "report"], 64, "'--kind' given twice")
    t.fails(base + ["--date", "2025-04-23"], 64, "'--date' given twice")
    t.fails(base + ["--stance", "+"], 64, "unknown option '--stance'")
    t.fails(base + ["extra"], 64, "unexpected argument 'extra'")


@test
def show_views(t):
    t.seed()
    z, s = t.record_seed()
    r = t.run("show", z[:8])
    lines = r.out.splitlines()
    t.succeeds(r, "show by an 8-character prefix")
    t.eq(lines[:7], ["statement " + z, "party:       ua", "actor:       zelenskyy",
                     "said on:     2025-04-22", "kind:        quote",
                     "source:      guardian", "credibility: 2"], "show's header lines")
    t.ok(re.match(r"^recorded:    \S+Z by tester$", lines[7]), "show's recorded line", r)
    t.eq(lines[8:], ["", "    " + ZELENSKYY_TEXT, "", "positions:",
                     "  crimea-recognition: --! strongly-oppose, red line"],
         "show's text and positions")
    r = t.run("show", s)
    t.ok(r.rc == 0 and "url:         https://x.com/Svyrydenko_Y\n" in r.out
         and r.out.endswith("positions: none (not coded)\n") and "actor:       svyrydenko\n"
         in r.out, "show an uncoded statement with its url", r)
    r = t.run("show", s, "--format", "csv")
    t.ok(r.rc == 0 and r.out.startswith("id,said_on,party,actor,") and s in r.out,
         "show in csv", r)
    r = t.must("record", "--party", "ua", "--date", "2025-04-24",
               "--text", "line one\n\nline \x1b[31mred\x1b[0m")
    r = t.run("show", r.out.strip())
    t.ok(r.rc == 0 and "\n\n    line one\n\n    line  [31mred [0m\n\npositions: none" in r.out,
         "show indents the text's lines and blanks out control characters", r)
    # show takes an assessment's or an outcome's id too
    t.fails(["show", z[:7]], 65, "invalid statement, assessment or outcome id '%s'" % z[:7],
            "at least 8")
    t.fails(["show", "ffffffff"], 65, "no statement, assessment or outcome with id 'ffffffff'")
    t.fails(["show", "not-a-uuid"], 65,
            "invalid statement, assessment or outcome id 'not-a-uuid'")
    t.fails(["show"], 64, "needs a statement ID")


@test
def ambiguous_prefix(t):
    """Two ids that share their first 8 characters cannot come from record
    (the ids are random), so the twin is written with python's sqlite3."""
    import sqlite3
    t.seed()
    z, _ = t.record_seed()
    twin = z[:9] + ("0000" if z[9:13] != "0000" else "1111") + z[13:]
    conn = sqlite3.connect(t.db)
    conn.execute("INSERT INTO statement (uuid, party_id, said_on, kind, text, recorded_by,"
                 " recorded_at) SELECT ?, party_id, said_on, kind, text, recorded_by,"
                 " recorded_at FROM statement WHERE uuid = ?", (twin, z))
    conn.commit()
    conn.close()
    first, second = sorted([z, twin])
    t.fails(["show", z[:8]], 65, "statement, assessment or outcome id '%s' is ambiguous" % z[:8],
            first, second)
    t.fails(["retract", z[:8], "--reason", "x"], 65, "is ambiguous")
    t.fails(["code", z[:9], "--position", "nato-membership=+"], 65, "is ambiguous")
    r = t.run("show", z[:14])
    t.ok(r.rc == 0 and r.out.startswith("statement %s\n" % z), "a longer prefix is unique", r)


@test
def code_adds_positions(t):
    t.seed()
    z, s = t.record_seed()
    r = t.run("code", s[:8], "--position", "crimea-recognition=-",
              "--position", "nato-membership=+", "--condition", "nato-membership=if invited")
    # v2: code is a correction: it prints the revision's id, and on stderr
    # what it did (it printed nothing before)
    rev = r.out.strip()
    t.ok(r.rc == 0 and UUID4.match(rev) and r.out == rev + "\n", "code prints the revision id", r)
    t.eq(r.err, 'stance: coded %s "Ukraine is ready to…": crimea-recognition, nato-membership'
         ' (revision %s)\n' % (s[:8], rev[:8]), "and says on stderr what it coded")
    got = t.must("show", s, "--format", "json").json()["positions"]
    t.eq(got, [{"issue": "crimea-recognition", "stance": "oppose", "point": None,
                "red_line": None, "condition": None},
               {"issue": "nato-membership", "stance": "support", "point": None,
                "red_line": None, "condition": "if invited"}], "code stored both positions")
    t.eq(revisions(t),
         [(rev, "tester", None, "statement", s, "positions.crimea-recognition", "null",
           '{"stance":"oppose","point":null,"red_line":null,"condition":null}'),
          (rev, "tester", None, "statement", s, "positions.nato-membership", "null",
           '{"stance":"support","point":null,"red_line":null,"condition":"if invited"}')],
         "one revision: each position from null to its coding")
    r = t.run("code", z, "--position", "nato-membership=--!", "--format", "json",
              "--reason", "read the whole speech")
    rev2 = r.json()["revision"] if r.rc == 0 else None
    t.ok(r.rc == 0 and list(r.json()) == ["revision"] and UUID4.match(rev2) and r.err == "",
         "code in json prints {\"revision\"} and nothing on stderr", r)
    t.eq(len(t.must("show", z, "--format", "json").json()["positions"]), 2,
         "the statement has both positions")
    t.eq(revisions(t)[2:], [(rev2, "tester", "read the whole speech", "statement", z,
                             "positions.nato-membership", "null",
                             '{"stance":"strongly-oppose","point":null,"red_line":true,'
                             '"condition":null}')],
         "the revision keeps the reason")
    t.fails(["code", z, "--position", "crimea-recognition=+"], 65,
            "already codes issue 'crimea-recognition'")
    t.fails(["code", s, "--position", "crimea-recognition=+", "--position",
             "crimea-recognition=-"], 65, "given twice")
    t.fails(["code", s, "--position", "crimea-recognition=++!"], 65, "already codes")
    t.fails(["code", s, "--position", "bogus=+"], 65, "unknown issue 'bogus'")
    t.fails(["code", s, "--position", "nato-membership=maybe"], 65, "invalid stance 'maybe'")
    t.fails(["code", s[:6], "--position", "nato-membership=+"], 65,
            "invalid statement id '%s'" % s[:6])
    t.fails(["code", "00000000", "--position", "nato-membership=+"], 65,
            "no statement with id '00000000'")
    t.fails(["code", s], 64, "needs --position")
    # v2: a former slug names the same issue, so naming it beside the new
    # slug gives the issue twice
    u = t.must("record", "--party", "ua", "--date", "2025-04-24", "--text", "u").out.strip()
    t.must("issue", "rename", "nato-membership", "nato")
    t.fails(["code", u, "--position", "nato-membership=+", "--position", "nato=-"], 65,
            "given twice", desc="code an issue by its former and its new slug")
    t.eq(t.must("show", u, "--format", "json").json()["positions"], [], "u is still uncoded")
    t.fails(["code", "--position", "nato-membership=+"], 64, "needs a statement ID")


@test
def retract_keeps_the_statement(t):
    t.seed()
    z, s = t.record_seed()
    r = t.run("retract", z[:8], "--reason", "misattributed")
    # v2: retract is a correction: it prints the revision's id, and on stderr
    # what it did (it printed nothing before)
    rev = r.out.strip()
    t.ok(r.rc == 0 and UUID4.match(rev) and r.out == rev + "\n",
         "retract prints the revision id", r)
    t.eq(r.err, 'stance: retracted %s "There is nothing new…" (revision %s)\n'
         % (z[:8], rev[:8]), "and says on stderr what it retracted")
    st = t.must("show", z, "--format", "json").json()
    t.ok(st["retracted"] and st["retracted"]["by"] == "tester"
         and st["retracted"]["reason"] == "misattributed"
         and TIMESTAMP.match(st["retracted"]["at"]), "the retraction is stored", st)
    t.eq(revisions(t), [(rev, "tester", "misattributed", "statement", z, "retracted", "null",
                         '{"at":"%s","by":"tester","reason":"misattributed"}'
                         % st["retracted"]["at"])],
         "one revision: retracted from null to the retraction")
    r = t.run("show", z)
    t.ok(re.search(r"\nRETRACTED:   \S+Z by tester: misattributed\n", r.out),
         "show says it is retracted", r)
    t.fails(["retract", z, "--reason", "again"], 65, "already retracted")
    t.fails(["code", z, "--position", "nato-membership=+"], 65, "is retracted")
    t.fails(["retract", s, "--reason", ""], 65, "reason is empty")
    t.fails(["retract", s], 64, "needs --reason")
    t.fails(["retract", "abcdefab", "--reason", "x"], 65,
            "no statement, assessment or outcome with id 'abcdefab'")
    t.eq(len(revisions(t)), 1, "the refused ones wrote no revision")
    r = t.run("retract", s, "--reason", "duplicate", "--format", "json")
    rev2 = r.json()["revision"] if r.rc == 0 else None
    t.ok(r.rc == 0 and list(r.json()) == ["revision"] and UUID4.match(rev2) and r.err == "",
         "retract in json prints {\"revision\"} and nothing on stderr", r)
    t.eq(t.must("show", s, "--format", "json").json()["retracted"]["reason"], "duplicate",
         "and retracts")
    r = t.must("record", "--party", "us", "--date", "2025-04-24", "--text", "c")
    r = t.run("retract", r.out.strip(), "--reason", "test", "--format", "csv")
    lines = r.out.splitlines()
    t.ok(r.rc == 0 and len(lines) == 2 and lines[0] == "revision" and UUID4.match(lines[1])
         and r.err.startswith("stance: retracted "), "retract in csv: a revision column", r)


sys.exit(main())
