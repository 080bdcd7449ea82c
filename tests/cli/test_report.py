#!/usr/bin/env python3
"""`stance report`: the HTML page of the bundled example is well-formed (XML
and HTML), holds every party and issue, the heat-map cells, the grid, a
timeline per issue and the evidence each current position links to, loads
nothing from anywhere, escapes untrusted text, and honours --as-of and -o.
Then design §2 v2 on a small Iran-talks database: the current red line
(kept by a restatement of the same sign without `!`, ended by `~` or a change
of sign) in the grid, the timelines and the evidence, with the statement
that set it; issues grouped under their parents; points; the evidence
filters and their errors."""

import html.parser
import os
import re
import stat
import xml.etree.ElementTree as ET

from stancetest import main, test

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "..", "examples", "ukraine-talks-2025-04.json")
SVG = "{http://www.w3.org/2000/svg}"


def load(t):
    t.init()
    t.must("import", EXAMPLE)


class Tags(html.parser.HTMLParser):
    """Every start tag with its attributes, and the balance of open tags
    (the void elements aside), as a browser's tokenizer sees them."""
    VOID = {"meta", "br", "hr", "img", "input", "link"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.stack, self.errors = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("unexpected </%s> (open: %s)" % (tag, self.stack[-3:]))
        else:
            self.stack.pop()


def parse(t, text, what):
    """The page as an XML tree and as HTML tags; None when not well-formed."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        t.ok(False, what + ": well-formed XML", str(e))
        return None, None
    tags = Tags()
    tags.feed(text)
    tags.close()
    t.ok(not tags.errors and not tags.stack, what + ": balanced HTML",
         "; ".join(tags.errors) + " left open: %s" % tags.stack)
    return root, tags


def text_of(root):
    return " ".join(root.itertext())


@test
def report_of_the_example(t):
    load(t)
    r = t.run("report")
    t.succeeds(r, "report writes to stdout")
    t.ok(r.out.startswith("<!DOCTYPE html>\n<html lang=\"en\">"), "an HTML5 document")
    root, tags = parse(t, r.out, "the example's report")
    if root is None:
        return
    words = text_of(root)
    parties = t.must("party", "list", "--format", "json").json()
    issues = t.must("issue", "list", "--format", "json").json()
    t.ok(all(p["slug"] in words and p["name"] in words for p in parties),
         "every party's slug and name is on the page")
    t.ok(all(i["slug"] in words and i["title"] in words for i in issues),
         "every issue's slug and title is on the page")
    matrix = t.must("matrix", "--format", "json").json()
    cells = [e for e in root.iter(SVG + "rect") if e.get("class") == "cell"]
    t.eq(len(cells), 2 * len(matrix["parties"]) ** 2,
         "two heat maps (conflicts, distance) of the matrix's parties, cell by cell")
    # the grid: a row per issue, a column per party
    grid = next(e for e in root.iter("table") if e.get("class") == "grid")
    rows = grid.find("tbody").findall("tr")
    t.eq(len(rows), len(issues), "the grid has a row per issue")
    t.ok(all(len(row.findall("td")) == len(parties) for row in rows),
         "and a column per party")
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    positions = t.must("positions", "--format", "json").json()
    links = {(a.get("href")) for row in rows for td in row.findall("td")
             for a in td.findall("a")}
    t.eq(links, {"#st-" + p["statement"] for p in positions},
         "every current position links to its statement")
    t.ok(all(h[1:] in ids for h in links), "and every link has its target")
    red = [td for row in rows for td in row.findall("td") if "rl" in td.get("class", "")]
    t.eq(len(red), sum(1 for p in positions if p["red_line"]), "red lines are marked")
    # evidence: quote, speaker, date and source of a position's statement
    ua = next(p for p in positions
              if p["party"] == "ua" and p["issue"] == "crimea-recognition")
    item = next(e for e in root.iter("li") if e.get("id") == "st-" + ua["statement"])
    shown = text_of(item)
    st = t.must("show", ua["statement"], "--format", "json").json()
    actors = {a["slug"]: a for a in t.must("actor", "list", "--format", "json").json()}
    sources = {s["slug"]: s for s in t.must("source", "list", "--format", "json").json()}
    t.ok(st["text"] in shown and st["said_on"] in shown
         and actors[st["actor"]]["name"] in shown and sources[st["source"]]["name"] in shown,
         "the evidence shows the quote, speaker, date and source", shown)
    # a timeline per issue that has positions, with a point per history row
    for issue in ("crimea-recognition", "peace-talks"):
        box = next(e for e in root.iter("div") if e.get("id") == "issue-" + issue)
        svg = box.find(SVG + "svg")
        points = [e for e in svg.iter() if e.get("class") == "point"]
        want = sum(len(t.must("history", "--party", p["party"], "--issue", issue,
                              "--format", "json").json())
                   for p in positions if p["issue"] == issue)
        t.eq(len(points), want, "the %s timeline has a point per position" % issue)
    # nothing is fetched: no script, no external stylesheet, image or frame
    names = {tag for tag, _ in tags.tags}
    t.ok(not names & {"script", "link", "img", "iframe", "object", "embed"},
         "no script and nothing embedded", names)
    t.ok(not any("src" in attrs for _, attrs in tags.tags), "no src attribute")
    t.ok("url(" not in r.out and "@import" not in r.out, "the CSS loads nothing")
    t.ok("default-src 'none'" in r.out, "a Content-Security-Policy forbids fetching")
    t.ok("@media print" in r.out and "size:A4" in r.out, "it has print rules for A4")


@test
def untrusted_text_is_escaped(t):
    t.init()
    t.must("party", "add", "x1", "--name", "<script>alert('party')</script>")
    t.must("issue", "add", "i1", "--title", 'A "title" & <b>bold</b>')
    t.must("record", "--party", "x1", "--date", "2025-01-02", "--url", "javascript:alert(1)",
           "--text", "</blockquote><script>alert(1)</script>\x07&amp;",
           "--position", "i1=+", "--condition", "i1=<img src=x onerror=alert(1)>")
    r = t.run("report")
    t.succeeds(r, "a report of hostile text")
    root, tags = parse(t, r.out, "the hostile report")
    if root is None:
        return
    names = {tag for tag, _ in tags.tags}
    t.ok(not names & {"script", "img", "b"}, "no markup came from the data", names)
    t.ok("</blockquote><script>" not in r.out and "&lt;script&gt;alert(1)" in r.out,
         "statement text is escaped")
    t.ok("&amp;amp;" in r.out, "an ampersand in the data stays one")
    words = text_of(root)
    t.ok("<script>alert('party')</script>" in words and 'A "title" & <b>bold</b>' in words,
         "names and titles read back as they were typed")
    t.ok(not any(a.get("href", "").startswith("javascript:") for _, a in tags.tags),
         "a javascript: url does not become a link")
    t.ok("\x07" not in r.out, "control characters are dropped")


@test
def as_of_and_output_file(t):
    load(t)
    r = t.run("report", "--as-of", "2025-04-20")
    t.succeeds(r, "report --as-of")
    root, _ = parse(t, r.out, "the report as of 2025-04-20")
    if root is None:
        return
    t.ok("As of" in text_of(root) and "2025-04-20" in text_of(root), "it says its date")
    positions = t.must("positions", "--as-of", "2025-04-20", "--format", "json").json()
    evidence = {e.get("id") for e in root.iter("li") if (e.get("id") or "").startswith("st-")}
    t.eq(evidence, {"st-" + p["statement"] for p in positions},
         "the evidence is that of the positions as of the date")
    dates = re.findall(r"\d{4}-\d\d-\d\d", " ".join(
        e.text or "" for e in root.iter(SVG + "text")))
    t.ok(dates and max(dates) <= "2025-04-20", "the timelines end by the date", dates)
    out = os.path.join(t.dir, "report.html")
    before = t.digest()
    r = t.run("report", "-o", out)
    t.succeeds(r, "report -o FILE", "")
    with open(out) as f:
        t.eq(f.read(), t.run("report").out, "the file has the report")
    t.eq(stat.S_IMODE(os.stat(out).st_mode), 0o600, "created with mode 0600")
    t.eq(t.digest(), before, "the database is unchanged")
    t.fails(["report", "-o", os.path.join(t.dir, "missing", "r.html")], 73, "cannot create")
    t.fails(["report", "--as-of", "2025-13-01"], 65, "2025-13-01")
    t.fails(["report", "--party", "ua"], 64, "unknown option '--party'")
    t.fails(["report"], 66, "no database", env={"STANCE_DB": os.path.join(t.dir, "none.db")})


@test
def empty_database(t):
    t.init()
    r = t.run("report")
    t.succeeds(r, "the report of an empty database")
    root, _ = parse(t, r.out, "the empty report")
    t.ok(root is not None and "No party holds a position yet." in text_of(root),
         "it says there is nothing yet")


def iran(t):
    """The Supreme Leader sets four red lines (a quote of credibility 1);
    his deputy foreign minister restates them in a wire paraphrase
    (credibility 4): enrichment ++! then + (kept), stockpile --! then --~
    (ended), inspections --! then + (ended by the change of sign),
    stockpile-export 0! then 0 (kept: the same sign, zero); the US answers
    (a quote of credibility 2), with a point on sanctions. The issues form
    a tree: nuclear > enrichment, inspections, stockpile > stockpile-export;
    arms and sanctions stand alone. Returns the statements' ids by name."""
    t.init()
    for args in (
        ["party", "add", "ir", "--name", "Iran", "--kind", "state"],
        ["party", "add", "us", "--name", "United States", "--kind", "state"],
        ["actor", "add", "khamenei", "--name", "Ali Khamenei", "--party", "ir"],
        ["actor", "add", "araghchi", "--name", "Abbas Araghchi", "--party", "ir"],
        ["actor", "add", "kerry", "--name", "John Kerry", "--party", "us"],
        ["issue", "add", "nuclear", "--title", "Iran keeps a nuclear programme"],
        ["issue", "add", "enrichment", "--title", "Iran enriches uranium",
         "--parent", "nuclear"],
        ["issue", "add", "stockpile", "--title", "Iran keeps its stockpile",
         "--parent", "nuclear"],
        ["issue", "add", "stockpile-export", "--title", "Ship the stockpile abroad",
         "--parent", "stockpile"],
        ["issue", "add", "inspections", "--title", "Snap inspections of military sites",
         "--parent", "nuclear"],
        ["issue", "add", "sanctions", "--title", "Lift the sanctions"],
        ["issue", "add", "arms", "--title", "Lift the arms embargo"],
    ):
        t.must(*args)
    ids = {}
    ids["leader"] = t.must(
        "record", "--actor", "khamenei", "--date", "2015-04-09", "--kind", "quote",
        "--credibility", "1", "--text", "Enrichment will go on.",
        "--position", "enrichment=++!", "--position", "stockpile=--!",
        "--position", "inspections=--!", "--position", "stockpile-export=0!").out.strip()
    ids["wire"] = t.must(
        "record", "--actor", "araghchi", "--date", "2015-05-02", "--kind", "paraphrase",
        "--credibility", "4", "--text", "Some enrichment, the stockpile negotiable.",
        "--position", "enrichment=+", "--position", "stockpile=--~",
        "--position", "inspections=+", "--position", "stockpile-export=0").out.strip()
    ids["us"] = t.must(
        "record", "--actor", "kerry", "--date", "2015-05-03", "--kind", "quote",
        "--credibility", "2", "--text", "No enrichment; inspect anywhere.",
        "--position", "enrichment=--", "--position", "inspections=-",
        "--position", "sanctions=@80").out.strip()
    return ids


def grid_of(root):
    """{(issue, party): td} and the issues' rows in order, of the grid."""
    grid = next(e for e in root.iter("table") if e.get("class") == "grid")
    parties = [a.text for th in grid.find("thead").iter("th") for a in th.findall("a")]
    rows, cells = [], {}
    for tr in grid.find("tbody").findall("tr"):
        issue = tr.find("th").find("a").get("href")[len("#issue-"):]
        rows.append((issue, tr))
        for party, td in zip(parties, tr.findall("td")):
            cells[(issue, party)] = td
    return rows, cells


def cell_text(td):
    return "".join(td.itertext())


def report_of(t, *args):
    r = t.run("report", *args)
    t.succeeds(r, "report " + " ".join(args))
    root, _ = parse(t, r.out, "report " + " ".join(args))
    return root


def points_of(root, issue, party):
    """The timeline points of party on issue: (tag, title) in order."""
    box = next(e for e in root.iter("div") if e.get("id") == "issue-" + issue)
    out = []
    for a in box.iter(SVG + "a"):
        title = a.find(SVG + "title").text
        if title.startswith(party + " "):
            shape = next(e for e in a if e.get("class") == "point")
            out.append((shape.tag[len(SVG):], title))
    return out


@test
def current_red_line(t):
    ids = iran(t)
    root = report_of(t)
    if root is None:
        return
    _, cells = grid_of(root)
    shown = {k: (cell_text(td), "rl" in td.get("class").split(), td.get("data-red-line"))
             for k, td in cells.items() if td.get("class") != "none"}
    leader = ids["leader"]
    t.eq(shown, {("enrichment", "ir"): ("+!", True, leader),
                 ("stockpile", "ir"): ("--", False, None),
                 ("stockpile-export", "ir"): ("0!", True, leader),
                 ("inspections", "ir"): ("+", False, None),
                 ("enrichment", "us"): ("--", False, None),
                 ("inspections", "us"): ("-", False, None),
                 ("sanctions", "us"): ("+@80", False, None)},
         "the grid shows the current red lines: kept by + after ++! and by 0 after 0!, "
         "ended by --~ and by a change of sign; the statement that set each")
    td = cells[("enrichment", "ir")]
    t.ok("red line, set on 2015-04-09" in td.get("title")
         and td.find("a").get("href") == "#st-" + ids["wire"],
         "a kept red line says when it was set; the cell links to the current statement",
         td.attrib)
    t.ok("support at 80" in cells[("sanctions", "us")].get("title"), "a point is shown")
    positions = t.must("positions", "--format", "json").json()
    t.eq({(p["issue"], p["party"]): p["red_line_statement"] for p in positions
          if p["red_line"]},
         {k: v[2] for k, v in shown.items() if v[1]}, "the red lines are positions' own")
    meta = text_of(next(e for e in root.iter("p") if e.get("class") == "meta"))
    t.ok("2 conflicts, 1 of them hard" in meta, "the kept red line makes a hard conflict", meta)
    # the evidence holds the statement that set a kept red line, and says so
    items = {e.get("id")[3:]: e for e in root.iter("li") if (e.get("id") or "").startswith("st-")}
    t.eq(set(items), {ids["leader"], ids["wire"], ids["us"]},
         "the evidence has the current positions' statements and the red lines' own")
    chips = {(sid, a.get("href")[len("#issue-"):]): a for sid, li in items.items()
             for a in li.iter("a") if "chip" in (a.get("class") or "")}
    t.ok("the red line it set holds" in chips[(ids["leader"], "enrichment")].get("title")
         and "since superseded" == chips[(ids["leader"], "stockpile")].get("title")[-16:],
         "the setter's chips say whose red line holds")
    chip = chips[(ids["wire"], "enrichment")]
    t.ok("rl" in chip.get("class").split() and chip.text == "enrichment +",
         "the current chip is marked a red line, and shows what was said", chip.attrib)
    kept = [s for s in items[ids["wire"]].iter("span") if "kept" in (s.get("class") or "")]
    t.ok(len(kept) == 2 and all(s.find("a").get("href") == "#st-" + ids["leader"]
                                and s.find("a").text == "2015-04-09" for s in kept),
         "and links to the statement that set it (enrichment, stockpile-export)",
         [text_of(s) for s in kept])
    t.eq(chips[(ids["wire"], "stockpile")].text, "stockpile --~", "~ is shown as stated")
    t.eq(chips[(ids["us"], "sanctions")].text, "sanctions +@80", "a point in a chip")
    # the timelines: a diamond while the red line holds
    t.eq(points_of(root, "enrichment", "ir"),
         [("path", "ir 2015-04-09: strongly-support, red line"),
          ("path", "ir 2015-05-02: support, red line (kept), shift")],
         "enrichment: the red line set, then kept")
    t.eq(points_of(root, "stockpile", "ir"),
         [("path", "ir 2015-04-09: strongly-oppose, red line"),
          ("circle", "ir 2015-05-02: strongly-oppose, red line ended, shift")],
         "stockpile: ended by ~")
    t.eq(points_of(root, "inspections", "ir"),
         [("path", "ir 2015-04-09: strongly-oppose, red line"),
          ("circle", "ir 2015-05-02: support, red line ended, reversal")],
         "inspections: ended by the change of sign")
    t.eq(points_of(root, "stockpile-export", "ir"),
         [("path", "ir 2015-04-09: neutral, red line"),
          ("path", "ir 2015-05-02: neutral, red line (kept)")],
         "stockpile-export: 0! then 0 keeps it, and is no shift")


@test
def timeline_rows_by_party(t):
    # whoever spoke for them: the parties' rows are in slug order
    t.init()
    for args in (["party", "add", "pa", "--name", "A"], ["party", "add", "pb", "--name", "B"],
                 ["actor", "add", "zz", "--name", "Z", "--party", "pa"],
                 ["actor", "add", "aa", "--name", "AA", "--party", "pb"],
                 ["issue", "add", "i", "--title", "I"]):
        t.must(*args)
    t.must("record", "--actor", "zz", "--date", "2020-01-01", "--text", "x", "--position", "i=+")
    t.must("record", "--actor", "aa", "--date", "2020-01-02", "--text", "y", "--position", "i=-")
    root = report_of(t)
    if root is None:
        return
    box = next(e for e in root.iter("div") if e.get("id") == "issue-i")
    labels = [e.text for e in box.iter(SVG + "text") if e.get("text-anchor") == "end"
              and e.text in ("pa", "pb")]
    t.eq(labels, ["pa", "pb"], "the timeline's rows are by party, not by actor")


@test
def issues_under_their_parents(t):
    iran(t)
    root = report_of(t)
    if root is None:
        return
    rows, _ = grid_of(root)
    tree = ["arms", "nuclear", "enrichment", "inspections", "stockpile", "stockpile-export",
            "sanctions"]
    t.eq([i for i, _ in rows], tree,
         "the grid's rows: each parent, then its children by slug, depth first")
    t.eq({i: tr.get("data-parent") for i, tr in rows if tr.get("data-parent")},
         {"enrichment": "nuclear", "inspections": "nuclear", "stockpile": "nuclear",
          "stockpile-export": "stockpile"}, "each child names its parent")
    t.eq([i for i, tr in rows if tr.get("class") == "group"], ["nuclear", "stockpile"],
         "the parents are the groups' headings")
    t.ok(all(tr.find("th").find("a").find("strong") is not None
             for i, tr in rows if i in ("nuclear", "stockpile")), "in bold")

    def indent(i):
        style = dict(rows)[i].find("th").get("style") or "padding-left:0px"
        return int(re.match(r"padding-left:(\d+)px", style).group(1))
    t.ok(indent("nuclear") < indent("stockpile") < indent("stockpile-export")
         and indent("arms") == indent("nuclear") and indent("enrichment") == indent("stockpile"),
         "children are indented by their depth",
         {i: indent(i) for i, _ in rows})
    boxes = [e.get("id")[len("issue-"):] for e in root.iter("div")
             if (e.get("id") or "").startswith("issue-")]
    t.eq(boxes, tree, "the timelines follow the same order")


@test
def evidence_filters(t):
    ids = iran(t)
    # the wire paraphrase left out: the leader's red lines are the answer
    for args in (["--min-credibility", "2"], ["--kind", "quote"]):
        root = report_of(t, *args)
        if root is None:
            return
        _, cells = grid_of(root)
        t.eq({k: (cell_text(td), td.find("a").get("href")[4:]) for k, td in cells.items()
              if k[1] == "ir" and td.get("class") != "none"},
             {("enrichment", "ir"): ("++!", ids["leader"]),
              ("stockpile", "ir"): ("--!", ids["leader"]),
              ("stockpile-export", "ir"): ("0!", ids["leader"]),
              ("inspections", "ir"): ("--!", ids["leader"])},
             "%s: Iran's positions are the leader's" % " ".join(args))
        evidence = {e.get("id")[3:] for e in root.iter("li")
                    if (e.get("id") or "").startswith("st-")}
        t.eq(evidence, {ids["leader"], ids["us"]}, "the filtered statement is not evidence")
        meta = text_of(next(e for e in root.iter("p") if e.get("class") == "meta"))
        t.ok("1 conflicts, 1 of them hard" in meta, "the counts follow the filter", meta)
    filters = next(e for e in report_of(t, "--min-credibility", "3", "--min-reliability", "E",
                                        "--kind", "quote", "--kind", "report").iter("span")
                   if e.get("id") == "filters")
    t.eq(text_of(filters), "only statements of credibility 1\u20133 (an unknown one counts as "
         "6), from sources of reliability A\u2013E (none counts as F), of kind quote or report",
         "the page says which evidence it rests on")
    root = report_of(t)
    t.ok(not any(e.get("id") == "filters" for e in root.iter("span")),
         "and says nothing when no filter is given")
    root = report_of(t, "--kind", "paraphrase")
    _, cells = grid_of(root)
    t.eq({k: cell_text(td) for k, td in cells.items() if td.get("class") != "none"},
         {("enrichment", "ir"): "+", ("stockpile", "ir"): "--", ("inspections", "ir"): "+",
          ("stockpile-export", "ir"): "0"},
         "the paraphrase alone: no statement set a red line")


@test
def filter_errors(t):
    iran(t)
    for args, words in (
        (["--min-credibility", "7"], ["invalid --min-credibility '7'", "1-6"]),
        (["--min-credibility", "1.5"], ["invalid --min-credibility '1.5'"]),
        (["--min-reliability", "Z"], ["invalid --min-reliability 'Z'", "A-F"]),
        (["--kind", "rumour"], ["invalid kind 'rumour'", "quote, paraphrase, proposal, report"]),
    ):
        t.fails(["report"] + args, 65, *words)
    t.fails(["report", "--kind"], 64, "'--kind' needs a value")
    t.fails(["report", "--by", "actor"], 64, "unknown option '--by'")
    out = os.path.join(t.dir, "r.html")
    t.fails(["report", "--min-credibility", "9", "-o", out], 65, "'9'")
    t.ok(not os.path.exists(out), "a refused report writes no file")
    r = t.run("report", "--help")
    words = " ".join(r.out.split())
    t.ok(r.rc == 0 and all(w in words for w in (
        "--min-credibility N", "--min-reliability X", "--kind K",
        "ended by ~ or a change of sign")), "help names the new options and the rule", r)


if __name__ == "__main__":
    raise SystemExit(main())
