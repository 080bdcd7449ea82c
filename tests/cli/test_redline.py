#!/usr/bin/env python3
"""The story of issue 13, end to end, on a small database of the 2015 Iran
nuclear talks: Iran's red line on enrichment lasts through a later wire
paraphrase that does not repeat the `!`, so `conflicts --hard` still lists
it with the US; a deputy minister's paraphrase overrides four statements of
the Supreme Leader, and the evidence filters and `--by actor` show what the
answer rests on; `--between` gives one pair; a parent issue stands for the
issues under it; `history --party` without `--issue` covers every issue;
then the refusals, each leaving the database as it was."""

import re
import sys

from stancetest import main, test


def story(t):
    """The cast, the issues (sanctions a parent of two) and nine statements;
    their ids by name."""
    t.init()
    for args in (
        ["party", "add", "ir", "--name", "Iran", "--kind", "state"],
        ["party", "add", "us", "--name", "United States", "--kind", "state"],
        ["party", "add", "eu", "--name", "European Union", "--kind", "bloc"],
        ["actor", "add", "khamenei", "--name", "Ali Khamenei", "--party", "ir",
         "--role", "Supreme Leader"],
        ["actor", "add", "araghchi", "--name", "Abbas Araghchi", "--party", "ir",
         "--role", "Deputy Foreign Minister"],
        ["actor", "add", "kerry", "--name", "John Kerry", "--party", "us",
         "--role", "Secretary of State"],
        ["source", "add", "irna", "--name", "IRNA", "--reliability", "C"],
        ["source", "add", "reuters", "--name", "Reuters", "--reliability", "B"],
        ["source", "add", "fars", "--name", "Fars", "--reliability", "D"],
        ["issue", "add", "enrichment", "--title", "Iran may enrich uranium on its soil"],
        ["issue", "add", "inspections", "--title", "Inspectors may visit military sites"],
        ["issue", "add", "stockpile", "--title", "Ship the enriched stockpile abroad"],
        ["issue", "add", "sanctions", "--title", "Lift the sanctions on Iran"],
        ["issue", "add", "un-sanctions", "--title", "Lift the UN sanctions",
         "--parent", "sanctions"],
        ["issue", "add", "us-sanctions", "--title", "Lift the US sanctions",
         "--parent", "sanctions"],
    ):
        t.must(*args)

    def rec(name, *args):
        ids[name] = t.must("record", *args).out.strip()

    ids = {}
    rec("leader1", "--actor", "khamenei", "--date", "2015-04-09", "--source", "irna",
        "--credibility", "2", "--text", "Enrichment will go on; every sanction must go.",
        "--position", "enrichment=++!", "--position", "un-sanctions=++",
        "--position", "us-sanctions=++", "--position", "stockpile=--!",
        "--position", "inspections=--!")
    rec("kerry", "--actor", "kerry", "--date", "2015-04-10", "--source", "reuters",
        "--credibility", "2", "--text", "Enrichment must be capped; sanctions go in phases.",
        "--position", "enrichment=-", "--position", "us-sanctions=-",
        "--position", "inspections=++")
    rec("eu", "--party", "eu", "--date", "2015-04-12", "--kind", "report", "--source",
        "reuters", "--credibility", "2", "--text", "The EU wants limits and sanctions relief.",
        "--position", "enrichment=-", "--position", "us-sanctions=+")
    rec("leader2", "--actor", "khamenei", "--date", "2015-05-20", "--source", "irna",
        "--credibility", "1", "--text", "No inspection of military sites.",
        "--position", "inspections=--")
    rec("leader3", "--actor", "khamenei", "--date", "2015-06-23", "--source", "irna",
        "--credibility", "2", "--text", "Military sites stay closed.",
        "--position", "inspections=--")
    rec("wire", "--party", "ir", "--date", "2015-06-25", "--kind", "paraphrase",
        "--source", "reuters", "--credibility", "3",
        "--text", "Iran insists on its right to enrich, officials told Reuters.",
        "--position", "enrichment=++")
    rec("leader4", "--actor", "khamenei", "--date", "2015-06-30", "--source", "irna",
        "--credibility", "2", "--text", "We will not allow it.",
        "--position", "inspections=--")
    rec("deputy", "--actor", "araghchi", "--date", "2015-07-05", "--kind", "paraphrase",
        "--source", "fars", "--credibility", "4",
        "--text", "Araghchi said managed access to some sites could be discussed.",
        "--position", "inspections=+")
    rec("stockpile", "--party", "ir", "--date", "2015-07-10", "--kind", "report",
        "--source", "reuters", "--credibility", "3",
        "--text", "Iran would consider shipping part of its stockpile.",
        "--position", "stockpile=0")
    return ids


def json_of(t, *args):
    r = t.run("--format", "json", *args)
    if r.rc != 0 or r.err:
        t.ok(False, "stance %s" % " ".join(args), r)
        return None
    return r.json()


def position(t, issue, *args, party="ir"):
    """The current position of party on issue under the options."""
    got = json_of(t, "positions", "--party", party, "--issue", issue, *args)
    return got[0] if got else None


@test
def red_line_lasts(t):
    ids = story(t)
    p = position(t, "enrichment")
    t.eq((p["stance"], p["red_line"], p["statement"], p["red_line_statement"]) if p else p,
         ("strongly-support", True, ids["wire"], ids["leader1"]),
         "the wire's ++ without ! keeps the red line the Supreme Leader set")
    got = json_of(t, "conflicts", "--hard", "--issue", "enrichment")
    t.eq([(c["a"]["party"], c["b"]["party"], c["severity"], c["a"]["red_line"],
           c["a"]["statement"]) for c in got or []],
         [("eu", "ir", "hard", False, ids["eu"]), ("ir", "us", "hard", True, ids["wire"])],
         "conflicts --hard still lists Iran against the US (and the EU) on enrichment")
    r = t.run("conflicts", "--hard", "--issue", "enrichment", "--between", "ir",
              "--between", "us", "--as-of", "2015-07-14")
    t.succeeds(r, "the table says the red line rests on the earlier statement",
               "enrichment  hard  distance 3\n"
               "  ir  ++!  2015-06-25  19d  -      paraphrase  cred 3  %s  set by %s\n"
               "    Iran insists on its right to enrich, officials told Reuters.\n"
               "  us  -    2015-04-10  3mo  kerry  quote       cred 2  %s\n"
               "    Enrichment must be capped; sanctions go in phases.\n"
               % (ids["wire"][:8], ids["leader1"][:8], ids["kerry"][:8]))
    got = json_of(t, "history", "--party", "ir", "--issue", "enrichment")
    t.eq([(h["statement"], h["stance"], h["red_line"], h["shift"]) for h in got or []],
         [(ids["leader1"], "strongly-support", True, False),
          (ids["wire"], "strongly-support", True, False)],
         "history: the restatement is no shift")
    t.eq([s for s in json_of(t, "shifts", "--issue", "enrichment") or []], [],
         "shifts: none on enrichment")
    p = position(t, "stockpile")
    t.eq((p["stance"], p["red_line"], p["red_line_statement"]) if p else p,
         ("neutral", False, None), "--! then 0 ends a red line")
    got = json_of(t, "shifts", "--issue", "stockpile")
    t.eq([(s["statement"], s["from"]["red_line"], s["red_line"]) for s in got or []],
         [(ids["stockpile"], True, False)], "and that is a shift")
    r = t.run("history", "--party", "ir", "--issue", "stockpile")
    t.ok(r.rc == 0 and re.search(r"^2015-04-09  --!     --!  .*\n.*\n"
                                 r"2015-07-10  0       0       shift", r.out, re.M),
         "history table: the red line, then 0 ending it", r)


@test
def what_the_answer_rests_on(t):
    ids = story(t)
    p = position(t, "inspections")
    t.eq((p["stance"], p["red_line"], p["statement"]) if p else p,
         ("support", False, ids["deputy"]),
         "all evidence: the deputy minister's paraphrase overrides the Supreme Leader")
    r = t.run("positions", "--party", "ir", "--issue", "inspections", "--as-of", "2015-07-14")
    t.ok(r.rc == 0 and
         ("\n  ir           +       2015-07-05  9d   araghchi  paraphrase  4     %s\n"
          % ids["deputy"][:8]) in r.out,
         "the table shows it rests on a paraphrase by araghchi of credibility 4, 9 days old", r)
    for args, why in ((["--min-credibility", "2"], "credibility 2 or better"),
                      (["--min-credibility", "3"], "credibility 3 or better"),
                      (["--kind", "quote"], "quotes only"),
                      (["--min-reliability", "C"], "sources C or better (Fars is D)")):
        p = position(t, "inspections", *args)
        t.eq((p["stance"], p["red_line"], p["statement"], p["red_line_statement"]) if p else p,
             ("strongly-oppose", True, ids["leader4"], ids["leader1"]),
             "%s: the Supreme Leader's --, his red line kept by three restatements" % why)
    p = position(t, "inspections", "--min-credibility", "1")
    t.eq((p["stance"], p["red_line"], p["statement"]) if p else p,
         ("strongly-oppose", False, ids["leader2"]),
         "credibility 1 only: the one statement left says -- without !")
    got = json_of(t, "positions", "--by", "actor", "--issue", "inspections", "--party", "ir")
    t.eq([(p["actor"], p["party"], p["stance"], p["red_line"], p["statement"])
          for p in got or []],
         [("araghchi", "ir", "support", False, ids["deputy"]),
          ("khamenei", "ir", "strongly-oppose", True, ids["leader4"])],
         "by actor: each speaker's own position")
    got = json_of(t, "conflicts", "--by", "actor", "--within")
    t.eq([(c["issue"], c["a"]["actor"], c["b"]["actor"], c["severity"]) for c in got or []],
         [("inspections", "araghchi", "khamenei", "hard")],
         "--by actor --within: Iran's internal division on inspections")
    got = json_of(t, "conflicts", "--issue", "inspections")
    t.eq(got, [], "by party, all evidence: no conflict with the US on inspections")
    got = json_of(t, "conflicts", "--issue", "inspections", "--min-credibility", "2")
    t.eq([(c["a"]["party"], c["b"]["party"], c["severity"]) for c in got or []],
         [("ir", "us", "hard")], "on credible evidence only: a hard conflict")
    got = json_of(t, "matrix", "--metric", "hard", "--min-credibility", "2")
    t.eq((got or {}).get("cells"), [[0, 1, 0], [1, 0, 2], [0, 2, 0]],
         "the matrix follows the filters: ir/us hard on enrichment and inspections")


@test
def between(t):
    ids = story(t)
    every = json_of(t, "conflicts", "--party", "ir", "--party", "us")
    t.eq(sorted({(c["a"]["party"], c["b"]["party"]) for c in every or []}),
         [("eu", "ir"), ("eu", "us"), ("ir", "us")],
         "--party ir --party us: every conflict of either")
    got = json_of(t, "conflicts", "--between", "ir", "--between", "us")
    t.eq([(c["issue"], c["a"]["party"], c["b"]["party"]) for c in got or []],
         [("enrichment", "ir", "us"), ("us-sanctions", "ir", "us")],
         "--between ir --between us: only Iran against the US")
    got = json_of(t, "conflicts", "--by", "actor", "--between", "khamenei", "--between", "kerry")
    t.eq([(c["issue"], c["a"]["actor"], c["b"]["actor"]) for c in got or []],
         [("enrichment", "kerry", "khamenei"), ("inspections", "kerry", "khamenei"),
          ("us-sanctions", "kerry", "khamenei")],
         "--between with --by actor: two actors")
    del ids


@test
def parent_issues(t):
    ids = story(t)
    got = json_of(t, "statements", "--issue", "sanctions")
    t.eq([s["id"] for s in got or []], [ids["leader1"], ids["kerry"], ids["eu"]],
         "statements --issue sanctions finds the statements coding its children")
    got = json_of(t, "positions", "--issue", "sanctions")
    t.eq([(p["party"], p["issue"]) for p in got or []],
         [("eu", "us-sanctions"), ("ir", "un-sanctions"), ("ir", "us-sanctions"),
          ("us", "us-sanctions")],
         "positions --issue sanctions: the positions on its children")
    r = t.run("positions", "--issue", "sanctions", "--as-of", "2015-07-14")
    t.ok(r.rc == 0 and r.out.startswith(
        "issue / party  stance  date        age  actor     kind    cred  statement\n"
        "sanctions  Lift the sanctions on Iran\n"
        "  un-sanctions  Lift the UN sanctions\n"
        "    ir         ++      2015-04-09  3mo  khamenei  quote   2     %s\n"
        "  us-sanctions  Lift the US sanctions\n"
        "    eu         +       2015-04-12  3mo  -         report  2     %s\n"
        % (ids["leader1"][:8], ids["eu"][:8])),
         "the table: the parent, then its children indented under it", r)
    got = json_of(t, "conflicts", "--issue", "sanctions")
    t.eq([(c["issue"], c["a"]["party"], c["b"]["party"]) for c in got or []],
         [("us-sanctions", "eu", "us"), ("us-sanctions", "ir", "us")],
         "conflicts --issue sanctions: those on its children")
    got = json_of(t, "matrix", "--issue", "sanctions", "--issue", "enrichment")
    t.eq(((got or {}).get("issue"), (got or {}).get("cells")),
         (["sanctions", "enrichment"], [[0, 1, 1], [1, 0, 2], [1, 2, 0]]),
         "matrix --issue twice: both, the parent with its children")


@test
def history_of_every_issue(t):
    ids = story(t)
    got = json_of(t, "history", "--party", "ir")
    t.eq([(h["statement"], h["issue"]) for h in got or []],
         [(ids["leader1"], i) for i in ("enrichment", "inspections", "stockpile",
                                        "un-sanctions", "us-sanctions")] +
         [(ids["leader2"], "inspections"), (ids["leader3"], "inspections"),
          (ids["wire"], "enrichment"), (ids["leader4"], "inspections"),
          (ids["deputy"], "inspections"), (ids["stockpile"], "stockpile")],
         "without --issue: every issue, in statement order, then by issue")
    t.eq([(h["issue"], h["shift"], h["reversal"]) for h in got or []
          if h["statement"] == ids["deputy"]],
         [("inspections", True, True)], "each row is compared with its own issue's")
    r = t.run("history", "--party", "ir")
    t.ok(r.rc == 0 and r.out.startswith("date        issue         stance  stated  change    "
                                        "statement\n"),
         "the table gains an issue column", r)
    got = json_of(t, "history", "--actor", "khamenei", "--issue", "inspections")
    t.eq([(h["actor"], h["statement"], h["red_line"]) for h in got or []],
         [("khamenei", ids[k], True) for k in ("leader1", "leader2", "leader3", "leader4")],
         "--actor: his own four statements, the red line kept throughout")
    got = json_of(t, "history", "--party", "ir", "--issue", "sanctions")
    t.eq([h["issue"] for h in got or []], ["un-sanctions", "us-sanctions"],
         "--issue a parent: its children")
    got = json_of(t, "history", "--party", "ir", "--kind", "quote")
    t.ok(got is not None and all(h["statement"] not in (ids["wire"], ids["deputy"],
                                                        ids["stockpile"]) for h in got),
         "the evidence filters apply to a history too", got)


@test
def refusals(t):
    story(t)
    for cmd in (["positions"], ["conflicts"], ["matrix"], ["history", "--party", "ir"],
                ["shifts"]):
        for bad in ("7", "x", "0", "12"):
            t.fails(cmd + ["--min-credibility", bad], 65, "invalid --min-credibility '%s'" % bad,
                    "1-6")
        for bad in ("G", "b", "AB"):
            t.fails(cmd + ["--min-reliability", bad], 65, "invalid --min-reliability '%s'" % bad,
                    "A-F")
        t.fails(cmd + ["--kind", "empire"], 65, "'empire'", "quote, paraphrase, proposal, report")
        t.fails(cmd + ["--kind", "quote", "--kind", "empire"], 65, "'empire'")
    t.fails(["conflicts", "--between", "ir"], 64, "--between needs at least two", "'ir'")
    t.fails(["conflicts", "--by", "actor", "--between", "khamenei"], 64,
            "--between needs at least two actors")
    t.fails(["conflicts", "--within"], 64, "--within needs --by actor")
    t.fails(["conflicts", "--between", "ir", "--between", "ir"], 65,
            "conflicts between one party: name at least two")
    t.fails(["conflicts", "--between", "ir", "--between", "iran"], 65, "unknown party 'iran'",
            "(known: eu, ir, us)")
    t.fails(["conflicts", "--by", "actor", "--between", "khamenei", "--between", "rouhani"], 65,
            "unknown actor 'rouhani'")
    t.fails(["conflicts", "--by", "actor", "--between", "khamenei", "--between", "ir"], 65,
            "unknown actor 'ir'")
    t.fails(["positions", "--by", "speaker"], 65, "invalid by 'speaker'")
    t.fails(["history", "--party", "ir", "--actor", "khamenei"], 64, "not both")


sys.exit(main())
