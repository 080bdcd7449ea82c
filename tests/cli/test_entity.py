#!/usr/bin/env python3
"""`stance party|actor|issue|source add|list`: the happy paths in every
format and each input rule refused with the database unchanged."""

import csv
import io
import re
import sys

from stancetest import main, test

HEADERS = {
    "party": ["slug", "name", "kind"],
    "actor": ["slug", "name", "party", "role"],
    "source": ["slug", "name", "reliability", "url"],
    "issue": ["slug", "title", "description", "parent", "low", "high", "status_quo"],
}
# v2: in json an entity also says who made it and whether it is removed (the
# snapshot's shape); the table and csv columns are as they were
CREATED = ["created_at", "created_by", "removed"]
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@test
def add_prints_nothing(t):
    t.init()
    r = t.run("party", "add", "ua", "--name", "Ukraine", "--kind", "state")
    t.succeeds(r, "party add prints nothing", "")
    r = t.run("party", "add", "ru", "--name", "Russia", "--format", "json")
    made = re.search(r'"created_at": "([^"]*)"', r.out)
    t.ok(made and TIMESTAMP.match(made.group(1)), "created_at is a UTC timestamp", r)
    t.succeeds(r, "party add in json prints the party as stored",
               '{\n  "slug": "ru",\n  "name": "Russia",\n  "kind": "other",\n'
               '  "created_at": "%s",\n  "created_by": "tester",\n  "removed": false\n}\n'
               % (made.group(1) if made else "?"))
    t.eq(t.query("SELECT created_at, created_by, removed FROM party WHERE slug = 'ru'"),
         [(made.group(1) if made else "?", "tester", 0)], "as stored")
    t.eq(t.query("SELECT slug, name, kind FROM party ORDER BY slug"),
         [("ru", "Russia", "other"), ("ua", "Ukraine", "state")],
         "the parties are stored, the kind defaults to other")


@test
def lists_in_every_format(t):
    t.seed()
    t.must("issue", "add", "crimea", "--title", "Crimea, the peninsula",
           "--description", 'Its "status"', "--parent", "crimea-recognition")
    r = t.run("party", "list")
    t.succeeds(r, "party list as a table",
               "slug  name           kind\n"
               "ru    Russia         state\n"
               "ua    Ukraine        state\n"
               "us    United States  state\n")
    r = t.run("actor", "list")
    t.succeeds(r, "actor list as a table",
               "slug        name                 party  role\n"
               "rubio       Marco Rubio          us     Secretary of State\n"
               "svyrydenko  Yulia Svyrydenko     ua     Deputy Prime Minister\n"
               "zelenskyy   Volodymyr Zelenskyy  ua     President\n")
    r = t.run("source", "list")
    t.succeeds(r, "source list shows - for none",
               "slug      name          reliability  url\n"
               "guardian  The Guardian  B            -\n"
               "x         X             -            -\n")
    r = t.run("issue", "list", "--format", "csv")
    t.succeeds(r, "issue list in csv quotes commas and quotes",
               "slug,title,description,parent,low,high,status_quo\n"
               'crimea,"Crimea, the peninsula","Its ""status""",crimea-recognition,,,\n'
               "crimea-recognition,Recognise Russian sovereignty over Crimea,,,,,\n"
               "nato-membership,Ukraine may join NATO,,,,,\n")
    rows = list(csv.reader(io.StringIO(r.out)))
    t.eq(rows[1], ["crimea", "Crimea, the peninsula", 'Its "status"', "crimea-recognition",
                   "", "", ""], "the csv reads back")
    r = t.run("issue", "list", "--format", "json")
    first = dict(r.json()[0])
    t.ok(TIMESTAMP.match(first.pop("created_at") or ""), "json created_at is a timestamp", r)
    t.eq(first, {"slug": "crimea", "title": "Crimea, the peninsula",
                 "description": 'Its "status"', "parent": "crimea-recognition",
                 "low": None, "high": None, "status_quo": None,
                 "created_by": "tester", "removed": False},
         "issue list in json has the snapshot shape")
    t.eq(r.json()[1]["parent"], None, "json null for no parent")
    for kind, headers in HEADERS.items():
        r = t.run(kind, "list", "--format", "json")
        t.ok(r.rc == 0 and r.json() and all(list(o) == headers + CREATED for o in r.json()),
             "%s list in json: members in snapshot order" % kind, r)
        r = t.run(kind, "list", "--format", "csv")
        t.eq(r.out.splitlines()[0], ",".join(headers), "%s list csv header" % kind)


@test
def empty_lists(t):
    t.init()
    t.succeeds(t.run("party", "list"), "an empty table has its header", "slug  name  kind\n")
    t.succeeds(t.run("actor", "list", "--format", "json"), "an empty json list", "[]\n")
    t.succeeds(t.run("issue", "list", "--format", "csv"), "an empty csv list",
               "slug,title,description,parent,low,high,status_quo\n")


@test
def issue_scale(t):
    """An issue's scale (design §1): what its ends mean and where the status
    quo lies, any number, beyond 0..100 too, in every format."""
    t.seed()
    r = t.run("issue", "add", "sanctions", "--title", "Lift the sanctions",
              "--low", "every sanction stays", "--high", "all lifted at once",
              "--status-quo", "10", "--format", "json")
    t.succeeds(r, "issue add with a scale")
    got = dict(r.json())
    got.pop("created_at", None)
    t.eq(got, {"slug": "sanctions", "title": "Lift the sanctions", "description": None,
               "parent": None, "low": "every sanction stays", "high": "all lifted at once",
               "status_quo": 10, "created_by": "tester", "removed": False},
         "issue add in json: the scale in the snapshot's shape, an integral point as one")
    t.must("issue", "add", "ceasefire", "--title", "A ceasefire", "--status-quo=-12.5")
    t.must("issue", "add", "troops", "--title", "Troops", "--status-quo", "140.250")
    t.must("issue", "add", "zero", "--title", "Zero", "--status-quo", "-0")
    t.must("issue", "add", "big", "--title", "Big", "--status-quo", "1e20")
    t.eq(t.query("SELECT slug, low, high, status_quo, typeof(status_quo) FROM issue"
                 " WHERE slug IN ('sanctions', 'ceasefire', 'troops') ORDER BY slug"),
         [("ceasefire", None, None, -12.5, "real"), ("sanctions", "every sanction stays",
           "all lifted at once", 10.0, "real"), ("troops", None, None, 140.25, "real")],
         "stored: the texts, and the status quo as a number")
    r = t.run("issue", "list", "--format", "json")
    t.eq({o["slug"]: o["status_quo"] for o in r.json()},
         {"big": 1e20, "ceasefire": -12.5, "crimea-recognition": None,
          "nato-membership": None, "sanctions": 10, "troops": 140.25, "zero": 0},
         "issue list in json: numbers, null where none")
    t.ok('"status_quo": 140.25,' in r.out and '"status_quo": 10,' in r.out and
         '"status_quo": 0,' in r.out, "json numbers in their shortest form", r)
    r = t.run("issue", "list", "--format", "csv")
    rows = {row[0]: row[4:] for row in csv.reader(io.StringIO(r.out))}
    t.eq([rows[k] for k in ("sanctions", "ceasefire", "troops", "zero", "nato-membership")],
         [["every sanction stays", "all lifted at once", "10"], ["", "", "-12.5"],
          ["", "", "140.25"], ["", "", "0"], ["", "", ""]],
         "issue list in csv: the members, numbers as in json")
    r = t.run("issue", "list", env={"COLUMNS": "200"})
    line = [x for x in r.out.splitlines() if x.startswith("sanctions ")]
    t.ok(r.rc == 0 and r.out.splitlines()[0].split() ==
         ["slug", "title", "description", "parent", "low", "high", "status_quo"] and
         line and line[0].split()[-1] == "10" and "every sanction stays" in line[0],
         "issue list as a table: the members as columns", r)
    r = t.run("issue", "add", "--help")
    t.ok(r.rc == 0 and "[--low LOW] [--high HIGH] [--status-quo POINT]" in r.out,
         "issue add --help shows the members", r)


@test
def bad_scales(t):
    """Each bad value of a member of the scale: 65, the value named, nothing
    added."""
    t.seed()
    base = ["issue", "add", "sanctions", "--title", "Lift the sanctions"]
    for value in ("abc", "nan", "NaN", "inf", "-inf", "infinity", "1e999", "0x10", " 5",
                  "5 ", "", "1e", "--5", "1,5"):
        t.fails(base + ["--status-quo", value], 65, "invalid issue status_quo '%s'" % value,
                "a finite number", desc="--status-quo %r" % value)
    t.fails(base + ["--status-quo", "0.30000000000000004"], 65,
            "invalid issue status_quo '0.30000000000000004'", "15 significant digits")
    t.fails(base + ["--low", ""], 65, "issue low is empty")
    t.fails(base + ["--high", ""], 65, "issue high is empty")
    t.fails([b"issue", b"add", b"sanctions", b"--title", b"T", b"--low", b"\xff"], 65,
            "not valid UTF-8", desc="a low that is not UTF-8")
    t.fails(base + ["--status-quo"], 64, "'--status-quo' needs a value")
    t.eq(t.query("SELECT count(*) FROM issue"), [(2,)], "no issue was added")


@test
def bad_slugs(t):
    t.seed()
    for slug in ("UA", "u_a", "u a", "a" * 33, "é"):
        t.fails(["party", "add", slug, "--name", "X"], 65,
                "invalid party slug '%s'" % slug, desc="party slug %r" % slug[:40])
    t.fails(["party", "add", "", "--name", "X"], 65, "party slug is empty")
    t.fails(["party", "add", "--name", "X", "--", "-ua"], 65, "invalid party slug '-ua'")
    t.fails([b"party", b"add", b"\xff\xfe", b"--name", b"X"], 65, "not valid UTF-8",
            desc="a slug that is not UTF-8")
    t.fails(["party", "add", "ua", "--name", "Ukraine again"], 65,
            "party 'ua' already exists")
    t.fails(["actor", "add", "zelenskyy", "--name", "Z", "--party", "ua"], 65,
            "actor 'zelenskyy' already exists")
    r = t.run("party", "add", "a" * 32, "--name", "Long")
    t.succeeds(r, "a slug of 32 characters is fine", "")


@test
def bad_values(t):
    t.seed()
    t.fails(["party", "add", "nz", "--name", "NZ", "--kind", "empire"], 65,
            "invalid party kind 'empire'", "state, bloc, organisation, faction, other")
    t.fails(["source", "add", "ap", "--name", "AP", "--reliability", "G"], 65,
            "invalid source reliability 'G'", "A, B, C, D, E, F")
    t.fails(["source", "add", "ap", "--name", "AP", "--reliability", "b"], 65,
            "invalid source reliability 'b'")
    t.fails(["actor", "add", "putin", "--name", "Vladimir Putin", "--party", "ru2"], 65,
            "unknown party 'ru2'", "known: ru, ua, us")
    t.fails(["issue", "add", "sub", "--title", "Sub", "--parent", "nope"], 65,
            "unknown issue 'nope'")
    t.fails(["party", "add", "nz", "--name", ""], 65, "party name is empty")
    t.fails(["party", "add", "nz", "--name", "N" * 100001], 65, "100001 bytes",
            desc="a name over 100,000 bytes")
    t.fails([b"party", b"add", b"nz", b"--name", b"New \xc3\x28 Zealand"], 65,
            "not valid UTF-8", desc="a name that is not UTF-8")
    t.eq(t.query("SELECT count(*) FROM party"), [(3,)], "no party was added")


@test
def usage_errors(t):
    t.seed()
    t.fails(["party", "add", "nz"], 64, "needs --name")
    t.fails(["actor", "add", "putin", "--name", "Putin"], 64, "needs --party")
    t.fails(["issue", "add", "x"], 64, "needs --title")
    t.fails(["party", "add", "--name", "NZ"], 64, "needs a SLUG")
    t.fails(["party", "add", "nz", "nz2", "--name", "NZ"], 64, "unexpected argument 'nz2'")
    t.fails(["party", "add", "nz", "--name", "NZ", "--role", "x"], 64,
            "unknown option '--role'")
    t.fails(["party", "add", "nz", "--name", "A", "--name", "B"], 64, "given twice")
    t.fails(["party", "add", "nz", "--name"], 64, "'--name' needs a value")


@test
def options_anywhere(t):
    t.init()
    r = t.run("party", "add", "--name", "New Zealand", "nz", "--kind=state")
    t.succeeds(r, "options before the slug and --opt=value", "")
    r = t.run("party", "add", "--name", "Minus", "--", "-m")
    t.ok(r.rc == 65 and "invalid party slug '-m'" in r.err,
         "after -- an argument is positional even with a dash", r)
    t.eq(t.query("SELECT slug, kind FROM party"), [("nz", "state")], "stored")


sys.exit(main())
