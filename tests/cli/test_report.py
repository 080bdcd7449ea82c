#!/usr/bin/env python3
"""`stance report`: the HTML page of the bundled example is well-formed (XML
and HTML), holds every party and issue, the heat-map cells, the grid, a
timeline per issue and the evidence each current position links to, loads
nothing from anywhere, escapes untrusted text, and honours --as-of and -o.
Then design §2 v2 on a small Iran-talks database: the current red line
(kept by a restatement of the same sign without `!`, ended by `~` or a change
of sign) in the grid, the timelines and the evidence, with the statement
that set it; issues grouped under their parents; points; the evidence
filters and their errors. Then design §8: "Where will it land?", a picture
and the numbers of `stance forecast` for each issue, in the report's scope,
with labels that stack rather than overlap, and a summary past its bound."""

import html.parser
import json
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
        e.text or "" for box in root.iter("div") if box.get("class") == "timeline"
        for e in box.iter(SVG + "title")))
    ticks = [e.text for e in root.iter(SVG + "text") if e.get("class") == "tick"]
    t.ok(dates and max(dates) <= "2025-04-20" and ticks
         and all(int(k.split()[0]) <= 20 and k.split()[1] == "Apr" for k in ticks),
         "the timelines end by the date", (dates, ticks))
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
    t.fails(["report", "--party", "ua2"], 65, "unknown party 'ua2'")
    t.fails(["report"], 66, "no database", env={"STANCE_DB": os.path.join(t.dir, "none.db")})


@test
def empty_database(t):
    t.init()
    r = t.run("report")
    t.succeeds(r, "the report of an empty database")
    root, _ = parse(t, r.out, "the empty report")
    t.ok(root is not None and "No party holds a position yet." in text_of(root),
         "it says there is nothing yet")
    t.ok(root is not None and "there is nothing to forecast" in text_of(root),
         "and nothing to forecast")


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
    """The timeline points of party on issue: (tag, title) in order, linked
    to their statements or not."""
    box = next(e for e in root.iter("div") if e.get("id") == "issue-" + issue)
    out = []
    for a in (e for e in box.iter() if e.tag in (SVG + "a", SVG + "g")):
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


# ---- where will it land? (design §8) ---------------------------------------

def forecast_section(root):
    """The forecast section and its boxes by issue."""
    sec = next(e for e in root.iter("section") if e.get("id") == "forecast")
    return sec, {e.get("id")[len("forecast-"):]: e for e in sec.iter("div")
                 if e.get("class") == "forecast"}


def by_class(root, cls, tag=None):
    return [e for e in root.iter(tag) if cls in (e.get("class") or "").split()]


def slugs(e):
    return (e.get("data-parties") or "").split() if e is not None else None


def first(root, cls):
    found = by_class(root, cls)
    return found[0] if found else None


def shown_forecast(box):
    """What a box says, in the shape of `stance forecast --format json`."""
    rows = {tr.get("data-model"): tr for tr in box.iter("tr") if tr.get("data-model")}
    models = {m: float(tr.get("data-value")) if tr.get("data-value") else None
              for m, tr in rows.items()}
    zone = first(box, "zone-range")
    band = first(box, "band")
    sq = [e for e in by_class(box, "status-quo", "span")]
    return {
        "models": models,
        "clamped": {m: float(tr.get("data-clamped")) for m, tr in rows.items()
                    if tr.get("data-clamped")},
        "zone": {"low": float(zone.get("data-low")), "high": float(zone.get("data-high")),
                 "bounded_by": slugs(first(box, "bounded-by"))},
        "stance": band.text if band is not None else None,
        "status_quo": float(sq[0].text) if sq else None,
        "assumed": {"salience": slugs(first(box, "assumed-salience")),
                    "capability": slugs(first(box, "assumed-capability"))},
        "parties": [tr.get("data-party") for tr in box.iter("tr") if tr.get("data-party")],
    }


def wanted_forecast(f):
    return {"models": f["models"], "clamped": f["clamped"], "zone": f["zone"],
            "stance": f["stance"], "status_quo": f["status_quo"], "assumed": f["assumed"],
            "parties": [p["party"] for p in f["parties"]]}


def marks_of(box):
    """The picture's marks: {party: (red-line shape, label)} and the model
    marks' models, one per mark."""
    svg = box.find(SVG + "svg")
    parties = {}
    for g in svg.iter(SVG + "g"):
        if g.get("class") == "party-mark":
            shape = [e for e in g.iter() if "party" in (e.get("class") or "").split()][0]
            label = [e for e in g.iter(SVG + "text")][0]
            parties[g.get("data-party")] = ("rl" in shape.get("class").split(), label.text)
    models = [g.get("data-model") for g in svg.iter(SVG + "g")
              if g.get("class") == "forecast-mark"]
    return parties, models


def compare_forecasts(t, root, forecasts, what):
    """The section has one picture per forecast, and says what `stance
    forecast` says of each."""
    _, boxes = forecast_section(root)
    t.eq(sorted(boxes), [f["issue"] for f in forecasts],
         "%s: a box per issue with a forecast, in its order" % what)
    t.ok(all(len([s for s in b.iter(SVG + "svg") if s.get("class") == "fc"]) == 1
             for b in boxes.values()), "%s: each with one picture" % what)
    t.eq({i: shown_forecast(b) for i, b in boxes.items()},
         {f["issue"]: wanted_forecast(f) for f in forecasts},
         "%s: the numbers are those of stance forecast --format json" % what)
    got, want = {}, {}
    for f in forecasts:
        parties, models = marks_of(boxes[f["issue"]])
        got[f["issue"]] = (parties, sorted(models))
        want[f["issue"]] = (
            {p["party"]: (p["red_line"], p["party"] + ("!" if p["red_line"] else ""))
             for p in f["parties"]},
            # a hollow mark too where clamping moved the forecast
            sorted([m for m, v in f["models"].items() if v is not None]
                   + [m for m, v in f["models"].items()
                      if v is not None and abs(f["clamped"][m] - v) > 1e-9]))
    t.eq(got, want, "%s: a mark per party (a red line as its own shape and a '!'), "
         "one per model, two where clamping moved it" % what)


def links_resolve(t, root, what):
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    hrefs = {e.get("href") for e in root.iter() if (e.get("href") or "").startswith("#")}
    t.ok(hrefs and all(h[1:] in ids for h in hrefs), "%s: every link has its target" % what,
         sorted(h for h in hrefs if h[1:] not in ids))


LOW = 'Never: "Crimea is Ukraine\'s" <b>&amp;</b>\x07 & more words than fit at the end'


def bargaining(t):
    """The example with an input for every model: ends and a status quo
    beyond the scale on crimea-recognition (where Ukraine's red line
    bounds the zone), assessments, and outcomes for the fitted model."""
    load(t)
    t.must("issue", "edit", "crimea-recognition", "--low", LOW, "--high",
           "Crimea is Russian", "--status-quo", "-20")
    t.must("issue", "edit", "eu-sanctions-early", "--status-quo", "12.345678")
    t.must("assess", "ru", "crimea-recognition", "--salience", "90", "--date", "2025-04-01")
    t.must("assess", "ru", "--capability", "3", "--date", "2025-04-01")
    t.must("assess", "us", "--capability", "2", "--date", "2025-04-01")
    t.must("assess", "ua", "crimea-recognition", "--capability", "1.5", "--date", "2025-04-22")
    t.must("outcome", "easter-ceasefire", "--date", "2025-04-21", "--point", "40")
    t.must("outcome", "peace-talks", "--date", "2025-04-24", "--point", "70")


@test
def forecast_pictures(t):
    bargaining(t)
    r = t.run("report")
    t.succeeds(r, "a report with forecasts")
    root, tags = parse(t, r.out, "the report with forecasts")
    if root is None:
        return
    sec, boxes = forecast_section(root)
    t.eq(sec.find("h2").text, "Where will it land?", "the section has its heading")
    order = [e.get("id") for e in root.iter("section")]
    t.eq(order, ["matrix", "grid", "timelines", "forecast", "evidence", "parties"],
         "it comes after the positions and their history, before the evidence")
    t.ok(any(a.get("href") == "#forecast" for a in root.iter("a")), "the navigation has it")
    forecasts = t.must("forecast", "--format", "json").json()
    t.ok(any(v is not None for f in forecasts for v in (f["models"]["nash"],))
         and any(f["models"]["fitted"] is not None for f in forecasts),
         "the data gives nash and fitted forecasts", forecasts)
    compare_forecasts(t, root, forecasts, "all time")
    links_resolve(t, root, "the report with forecasts")
    crimea = boxes["crimea-recognition"]
    f = next(f for f in forecasts if f["issue"] == "crimea-recognition")
    t.ok(f["clamped"]["compromise"] != f["models"]["compromise"], "crimea's compromise is clamped")
    labels = [text_of(g) for g in crimea.iter(SVG + "g") if g.get("class") == "forecast-mark"
              and g.get("data-model") == "compromise"]
    t.ok(any("%.1f \u2192 %.1f" % (f["models"]["compromise"], f["clamped"]["compromise"]) in x
             for x in labels), "the clamped mark says the value and where clamping puts it",
         labels)
    # the party marks link to the statements of their current positions
    marks = {g.get("data-party"): g for g in crimea.iter(SVG + "g")
             if g.get("class") == "party-mark"}
    t.eq({p: g.find(SVG + "a").get("href") for p, g in marks.items()},
         {p["party"]: "#st-" + p["statement"] for p in f["parties"]},
         "each party's mark links to its statement")
    t.ok(all("(assumed)" in g.find(SVG + "a").find(SVG + "title").text
             for p, g in marks.items() if p in f["assumed"]["salience"]),
         "a mark's tooltip says when an input was assumed")
    # the ends: the issue's texts, escaped; the status quo beyond the end
    ends = [e for e in crimea.iter(SVG + "text") if e.get("class") == "end"]
    # SVG has no <bdi>: stored text is isolated by U+2068 ... U+2069
    t.eq([e.find(SVG + "title").text for e in ends],
         ["\u2068" + LOW.replace("\x07", "\ufffd") + "\u2069", "\u2068Crimea is Russian\u2069"],
         "the line's ends say the issue's low and high, as typed (a control character "
         "as U+FFFD), isolated")
    t.ok(ends[0].text is None and ends[0].find(SVG + "title").tail.startswith(
        "\u2190 \u2068Never: \"Crimea is Ukraine's\" <b>&amp;")
         and ends[0].find(SVG + "title").tail.endswith("\u2026\u2069"),
         "a long end text is cut, with its whole text in the tooltip",
         ends[0].find(SVG + "title").tail)
    names = {tag for tag, _ in tags.tags}
    t.ok("b" not in names and "\x07" not in r.out, "no markup came from the texts", names)
    sq = [text_of(g) for g in crimea.iter(SVG + "g") if g.get("class") == "status-quo"]
    t.eq(sq, ["status quo: -20 \u2190 status quo -20"],
         "a status quo beyond the scale is marked at its end, with an arrow")
    sanctions = boxes["eu-sanctions-early"]
    t.eq(len([e for e in sanctions.iter(SVG + "line") if e.get("class") == "status-quo"]), 1,
         "a status quo on the scale is a line across the picture")
    legend = text_of(next(e for e in sec.iter("div") if e.get("class") == "legend"))
    t.ok(all(m in legend for m in ("compromise", "median", "nash", "fitted", "red line",
                                   "zone", "status quo")), "the legend names every mark",
         legend)


@test
def forecast_follows_the_scope(t):
    bargaining(t)
    # as known when Russia's capability was recorded: the later assessments
    # and the outcomes not yet
    known = t.must("assessments", "--party", "ru", "--format", "json").json()[-1]["recorded_at"]
    for args in (["--as-of", "2025-04-20"], ["--min-credibility", "2"],
                 ["--kind", "quote", "--kind", "paraphrase"], ["--as-known", known]):
        root = report_of(t, *args)
        if root is None:
            return
        forecasts = t.must("forecast", "--format", "json", *args).json()
        compare_forecasts(t, root, forecasts, "report " + " ".join(args))
    root = report_of(t, "--as-of", "2025-01-01")
    t.ok("No party holds a position as of this date: there is nothing to forecast."
         in " ".join(text_of(root).split()), "before any statement, nothing to forecast")


def party_labels(box):
    """Each party's label: (x, y, anchor, text)."""
    out = {}
    for g in box.iter(SVG + "g"):
        if g.get("class") == "party-mark":
            e = list(g.iter(SVG + "text"))[0]
            out[g.get("data-party")] = (float(e.get("x")), float(e.get("y")),
                                        e.get("text-anchor") or "start", e.text)
    return out


def overlapping(labels, char=6):
    """The pairs of labels in one row whose text would overlap, at least
    char pixels a character."""
    spans = []
    for p, (x, y, anchor, label) in labels.items():
        w = char * len(label)
        spans.append((y, x - w if anchor == "end" else x, x if anchor == "end" else x + w, p))
    return [(a[3], b[3]) for i, a in enumerate(spans) for b in spans[i + 1:]
            if a[0] == b[0] and a[1] < b[2] and b[1] < a[2]]


@test
def forecast_labels_stack(t):
    t.init()
    names = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    for n in names:
        t.must("party", "add", n, "--name", n.title())
    t.must("issue", "add", "i", "--title", "One issue")
    points = {"alpha": "@75", "bravo": "@75", "charlie": "@75", "delta": "@75!",
              "echo": "@76", "foxtrot": "0", "golf": "@2", "hotel": "@100"}
    for n, pos in points.items():
        t.must("record", "--party", n, "--date", "2025-01-02", "--text", n,
               "--position", "i=" + pos)
    root = report_of(t)
    if root is None:
        return
    _, boxes = forecast_section(root)
    labels = party_labels(boxes["i"])
    t.ok(not overlapping(labels), "no two party labels overlap", labels)
    t.eq(len({labels[n][1] for n in ("alpha", "bravo", "charlie", "delta", "echo")}), 5,
         "the parties at one point (and one beside it) are stacked in rows of their own")
    t.eq(len({labels[n][0] for n in ("alpha", "bravo", "charlie")}), 1,
         "at the same x")
    t.eq(labels["hotel"][2], "end", "a label at the right end is written to its left")
    t.eq(labels["delta"][3], "delta!", "a red line's label says so")
    svg = boxes["i"].find(SVG + "svg")
    height = float(svg.get("height"))
    t.ok(all(y < height for _, y, _, _ in labels.values()), "every label is inside the picture")
    models = [float(list(g.iter(SVG + "text"))[0].get("y")) for g in svg.iter(SVG + "g")
              if g.get("class") == "forecast-mark" and list(g.iter(SVG + "text"))]
    t.ok(models and all(0 < y < min(y for _, y, _, _ in labels.values()) for y in models),
         "the models' labels are above the parties'", models)


def many(t, nissues, nparties):
    """nissues issues and nparties parties, each of which holds a position
    on every issue but the first party's, which holds one on the first
    seven only, so that those have the most parties; in a new database."""
    for name in ("stance.db", "stance.db-wal", "stance.db-shm"):
        if os.path.exists(os.path.join(t.dir, name)):
            os.remove(os.path.join(t.dir, name))
    t.init()
    issues = ["i%03d" % k for k in range(nissues)]
    parties = ["p%02d" % k for k in range(nparties)]
    snapshot = {"format": "stance-snapshot", "version": 1,
                "parties": [{"slug": p, "name": p.upper()} for p in parties],
                "issues": [{"slug": i, "title": "Issue " + i} for i in issues],
                "statements": [{"id": "0f8fad5b-d9cb-469f-a165-%012d" % k, "party": p,
                                "said_on": "2025-01-02", "text": "x",
                                "positions": [{"issue": i, "stance": "support"}
                                              for i in (issues if k else issues[:7])]}
                               for k, p in enumerate(parties)]}
    path = os.path.join(t.dir, "many.json")
    with open(path, "w") as f:
        json.dump(snapshot, f)
    t.must("import", path)
    return issues


@test
def forecast_summarised(t):
    # more issues with a forecast than the section draws (200), then more
    # parties' marks (4,000)
    for nissues, nparties, what in ((201, 2, "201 issues"), (200, 21, "200 issues")):
        issues = many(t, nissues, nparties)
        root = report_of(t)
        if root is None:
            return
        sec, boxes = forecast_section(root)
        t.eq(len(boxes), 0, "%s, %d parties: no picture is drawn" % (nissues, nparties))
        note = text_of(first(sec, "note"))
        t.ok(what in note and "at most 200 issues and 4,000 parties' marks" in note
             and "stance forecast" in note,
             "a note says how many there are and which command lists them", note)
        rows = next(e for e in sec.iter("table")
                    if e.get("id") == "forecast-counts").find("tbody").findall("tr")
        t.eq(len(rows), 100, "the summary lists 100 issues")
        forecasts = {f["issue"]: f for f in t.must("forecast", "--format", "json").json()}
        t.eq([tr.get("data-issue") for tr in rows[:7]], issues[:7],
             "those most parties hold a position on first")
        t.eq([tr.findall("td")[1].text for tr in rows],
             ["%.1f" % forecasts[tr.get("data-issue")]["models"]["compromise"] for tr in rows],
             "with each model's forecast")
        links_resolve(t, root, "the summarised report")
    many(t, 200, 20)
    root = report_of(t)
    t.eq(len(forecast_section(root)[1]), 200, "200 issues and 3,807 marks are drawn")


# ---- issue 17: links, titles, filters, right-to-left text, kinds, ticks,
# conditions and the appendix ------------------------------------------------

def dead_links(text):
    """Every href="#..." of the page whose id is not on it."""
    ids = set(re.findall(r'\sid="([^"]+)"', text))
    hrefs = re.findall(r'href="#([^"]*)"', text)
    return hrefs, sorted({h for h in hrefs if h not in ids})


def walk_links(t, args, what):
    r = t.run("report", *args)
    t.succeeds(r, what)
    hrefs, dead = dead_links(r.out)
    t.ok(hrefs and not dead, "%s: each of its %d links has its target" % (what, len(hrefs)),
         dead)
    return r.out


@test
def every_link_resolves(t):
    load(t)
    page = walk_links(t, [], "the example's report")
    for args in (["--as-of", "2025-04-20"], ["--party", "ua", "--issue", "territory"],
                 ["--issue", "crimea-recognition", "--issue", "peace-talks"]):
        walk_links(t, args, "report " + " ".join(args))
    root, _ = parse(t, page, "the example's report")
    if root is None:
        return
    # every timeline point links to its statement, superseded or not
    unlinked = [g for g in root.iter(SVG + "g") if any(e.get("class") == "point" for e in g)]
    t.eq(unlinked, [], "every timeline point is a link")
    positions = t.must("positions", "--format", "json").json()
    current = {p["statement"] for p in positions} | {
        p["red_line_statement"] for p in positions if p["red_line_statement"]}
    history = set()
    for p in positions:
        history |= {h["statement"] for h in t.must(
            "history", "--party", p["party"], "--issue", p["issue"], "--format", "json").json()}
    items = {e.get("id")[3:]: e for e in root.iter("li") if (e.get("id") or "").startswith("st-")}
    t.eq(set(items), current | history,
         "the evidence: the statements behind the positions, their red lines and the points")
    superseded = {i for i, e in items.items() if e.get("class") == "superseded"}
    t.ok(superseded and superseded == history - current,
         "those behind no current position are marked superseded", (superseded, history - current))
    t.ok(all("superseded" in text_of(items[i]) for i in superseded), "and say so")
    ids = [e.get("id")[3:] for e in root.iter("li") if (e.get("id") or "").startswith("st-")]
    order = [s["id"] for s in t.must("statements", "--format", "json").json() if s["id"] in items]
    t.eq(ids, order, "in statement order, the superseded among the others")


def long_titles(t):
    t.init()
    for args in (["party", "add", "pa", "--name", "Party A"],
                 ["issue", "add", "water", "--title",
                  "Share the water of the upper river basin between the riparian states"],
                 ["issue", "add", "water-dams", "--title",
                  "Stop building dams upstream until a joint commission reports on the flow",
                  "--parent", "water"]):
        t.must(*args)
    t.must("record", "--party", "pa", "--date", "2024-01-01", "--text", "x",
           "--position", "water-dams=+")


@test
def titles_in_full(t):
    long_titles(t)
    root = report_of(t)
    if root is None:
        return
    rows, _ = grid_of(root)
    issues = {i["slug"]: i["title"] for i in t.must("issue", "list", "--format", "json").json()}
    shown = {i: " ".join(text_of(tr.find("th")).split()) for i, tr in rows}
    t.eq(shown, {i: issues[i] + " " + i for i in issues},
         "each row of the grid has its issue's title in full, then its slug")
    css = root.find("head").find("style").text
    rule = re.search(r"\.grid tbody th\{[^}]*\}", css).group(0)
    t.ok("ellipsis" not in rule and "white-space:normal" in rule,
         "the titles wrap rather than being cut", rule)


def iran_renamed(t):
    ids = iran(t)
    t.must("party", "add", "eu", "--name", "European Union")
    t.must("record", "--party", "eu", "--date", "2015-05-04", "--text", "We agree.",
           "--position", "sanctions=+")
    return ids


@test
def party_and_issue_filters(t):
    iran_renamed(t)
    root = report_of(t, "--party", "ir", "--party", "us", "--issue", "stockpile",
                     "--issue", "arms")
    if root is None:
        return
    rows, cells = grid_of(root)
    t.eq([i for i, _ in rows], ["arms", "stockpile", "stockpile-export"],
         "--issue keeps the listed issues and those under them, in the tree's order")
    t.eq(sorted({p for _, p in cells}), ["ir", "us"], "--party keeps the listed parties' columns")
    boxes = [e.get("id")[len("issue-"):] for e in root.iter("div")
             if (e.get("id") or "").startswith("issue-")]
    t.eq(boxes, ["arms", "stockpile", "stockpile-export"], "and the timelines")
    positions = t.must("positions", "--party", "ir", "--party", "us", "--issue", "stockpile",
                       "--issue", "arms", "--format", "json").json()
    grid = {(p["issue"], p["party"]) for p in positions}
    t.eq({k for k, td in cells.items() if td.get("class") != "none"}, grid,
         "the cells are the positions the same filters give")
    parties = {e.get("id") for e in root.iter("li") if (e.get("id") or "").startswith("party-")}
    t.eq(parties, {"party-ir", "party-us"}, "the appendix lists the listed parties")
    actors = {e.get("id") for e in root.iter("tr") if (e.get("id") or "").startswith("actor-")}
    t.eq(actors, {"actor-khamenei", "actor-araghchi", "actor-kerry"}, "and their actors")
    t.ok("eu" not in {c.get("data-party") for c in root.iter() if c.get("data-party")},
         "the forecasts leave the other parties out")
    walk_links(t, ["--party", "eu", "--issue", "nuclear"], "a report with no position")
    before = t.must("log", "--format", "json").json()[0]["at"]
    t.must("issue", "rename", "nuclear", "atom")
    r = t.run("report", "--as-known", before, "--issue", "atom")
    t.ok(r.rc == 0 and "was 'nuclear' at the time asked" in r.err,
         "report --as-known T --issue NEW, with a note", r)
    root3, _ = parse(t, r.out, "the report as known before the rename")
    if root3 is not None:
        t.eq([i for i, _ in grid_of(root3)[0]],
             ["nuclear", "enrichment", "inspections", "stockpile", "stockpile-export"],
             "as known before a rename, the slug of today names the issue of the time")
    r = t.run("report", "--issue", "nuclear")
    t.ok(r.rc == 0, "a former slug still names its issue", r)
    root2, _ = parse(t, r.out, "report --issue nuclear (renamed)")
    if root2 is not None:
        t.eq([i for i, _ in grid_of(root2)[0]],
             ["atom", "enrichment", "inspections", "stockpile", "stockpile-export"],
             "with the issues under it")
    t.ok("former slug" in r.err, "and a note on stderr", r.err)
    t.fails(["report", "--issue", "nukes"], 65, "unknown issue 'nukes'")
    t.fails(["report", "--party", "ir", "--party", "xx"], 65, "unknown party 'xx'")
    t.fails(["report", "--party", "IR"], 65, "IR")
    t.fails(["report", "--party"], 64, "--party")


RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def rtl_data(t):
    t.init()
    for args in (["party", "add", "il", "--name", "ישראל"],
                 ["party", "add", "ps", "--name", "فلسطين"],
                 ["actor", "add", "spox", "--name", "דובר", "--party", "il",
                  "--role", "דובר הממשלה"],
                 ["source", "add", "jazeera", "--name", "الجزيرة", "--reliability", "B"],
                 ["issue", "add", "truce", "--title", "وقف إطلاق النار في غزة"]):
        t.must(*args)
    t.must("record", "--actor", "spox", "--date", "2024-01-01", "--kind", "quote",
           "--source", "jazeera", "--text", "אנחנו מוכנים להפסקת אש (72 שעות).",
           "--position", "truce=+", "--condition", "truce=אם החטופים ישוחררו")
    t.must("record", "--party", "ps", "--date", "2024-01-02", "--kind", "paraphrase",
           "--text", "قال المتحدث إن الهدنة ممكنة", "--position", "truce=+")
    t.must("record", "--party", "ps", "--date", "2024-01-03", "--kind", "report",
           "--text", "Talks resumed in Cairo.", "--position", "truce=++")


def isolated(parents, e):
    """e or an element around it is a <bdi> or has dir="auto"."""
    while e is not None:
        if e.tag == "bdi" or e.get("dir") == "auto":
            return True
        e = parents.get(e)
    return False


@test
def right_to_left_text_and_kinds(t):
    rtl_data(t)
    r = t.run("report")
    t.succeeds(r, "a report of Hebrew and Arabic text")
    root, _ = parse(t, r.out, "the right-to-left report")
    if root is None:
        return
    parents = {c: p for p in root.iter() for c in p}
    loose, svg_loose = [], []
    for e in root.find("body").iter():
        for part, owner in ((e.text, e), (e.tail, parents.get(e))):
            if not part or not RTL.search(part):
                continue
            if e.tag.startswith(SVG):
                if "\u2068" not in part:
                    svg_loose.append(part)
            elif not isolated(parents, owner):
                loose.append((owner.tag, part))
    t.eq(loose, [], "every right-to-left text of the page is isolated (<bdi> or dir=auto)")
    t.eq(svg_loose, [], "and in the SVG, by U+2068 ... U+2069")
    items = [e for e in root.iter("li") if (e.get("id") or "").startswith("st-")]
    said = {"quote": "אנחנו", "paraphrase": "الهدنة", "report": "Cairo"}
    kinds = {k: e for e in items for k, w in said.items() if w in text_of(e)}
    quote = kinds.get("quote")
    t.ok(quote is not None and quote.find("blockquote") is not None
         and quote.find("blockquote").get("dir") == "auto", "a quote is set as a quotation")
    t.ok(all(kinds[k].find("blockquote") is None and kinds[k].find("p").get("class") ==
             "said " + k for k in ("paraphrase", "report") if k in kinds),
         "a paraphrase or a report is not", sorted(kinds))
    css = root.find("head").find("style").text
    t.ok(re.search(r"\.evidence \.said\{[^}]*\}", css)
         and "italic" not in re.search(r"\.evidence \.said\{[^}]*\}", css).group(0),
         "and is upright")
    # the condition: marked in the grid cell and in the evidence
    _, cells = grid_of(root)
    cell = cells[("truce", "il")]
    t.ok("cond" in cell.get("class").split() and
         any(e.get("class") == "cond-mark" for e in cell.iter()),
         "a position on a condition is marked in the grid")
    t.ok("condition: אם החטופים ישוחררו" in cell.get("title"), "its tooltip says which")
    cond = [e for e in quote.iter("span") if e.get("class") == "cond"] if quote is not None else []
    t.ok(cond and "אם החטופים ישוחררו" in text_of(cond[0]), "and the evidence says it")
    t.ok(not any(e.get("class") == "cond-mark" for e in cells[("truce", "ps")].iter()),
         "a position without one is not marked")


def ticks_of(root):
    box = next(e for e in root.iter("div") if e.get("class") == "timeline")
    return [(float(e.get("x")), e.text) for e in box.iter(SVG + "text")
            if e.get("class") == "tick"]


@test
def timeline_ticks(t):
    t.init()
    t.must("party", "add", "pa", "--name", "A")
    t.must("issue", "add", "i", "--title", "I")
    spans = (("2024-03-02", "days", r"^(\d+ [A-Z][a-z]{2}( 2024)?)$"),
             ("2024-11-20", "months", r"^[A-Z][a-z]{2} 2024$"),
             ("2031-06-01", "years", r"^20\d\d$"))
    t.must("record", "--party", "pa", "--date", "2024-02-27", "--text", "a", "--position", "i=+")
    for date, unit, label in spans:
        t.must("record", "--party", "pa", "--date", date, "--text", "b", "--position", "i=-")
        root = report_of(t)
        if root is None:
            return
        ticks = ticks_of(root)
        xs = [x for x, _ in ticks]
        t.ok(2 <= len(ticks) <= 8 and all(re.match(label, k) for _, k in ticks),
             "a span to %s has ticks at %s, at most 8" % (date, unit), ticks)
        t.ok(xs == sorted(xs) and len(set(xs)) == len(xs) and 120 <= xs[0] and xs[-1] <= 700,
             "in order along the axis", xs)
    first = ticks_of(report_of(t, "--as-of", "2024-02-27"))
    t.eq([k for _, k in first], ["27 Feb 2024"], "one date: one tick")


@test
def appendix_of_actors_and_sources(t):
    load(t)
    root = report_of(t)
    if root is None:
        return
    actors = {a["slug"]: a for a in t.must("actor", "list", "--format", "json").json()}
    sources = {s["slug"]: s for s in t.must("source", "list", "--format", "json").json()}
    rows = {e.get("id"): e for e in root.iter("tr") if e.get("id")}
    t.ok(all(a["name"] in text_of(rows["actor-" + s]) and a["party"] in text_of(rows["actor-" + s])
             for s, a in actors.items()), "the appendix lists every actor with name and party")
    t.ok(all(s["name"] in text_of(rows["source-" + k]) for k, s in sources.items()),
         "and every source")
    hrefs = {a.get("href") for li in root.iter("li") if (li.get("id") or "").startswith("st-")
             for a in li.iter("a")}
    t.ok({"#actor-zelenskyy", "#source-guardian"} <= hrefs,
         "the evidence links speakers and sources to it", sorted(hrefs))


@test
def evidence_bound_keeps_the_current_first(t):
    # 1,200 statements of one party on one issue, and one of another party
    # said first: 1,201 points are drawn, the evidence keeps 1,000, the
    # current positions' statements first, so that the other party's, the
    # oldest, is not the one cut; a point whose statement is cut is not a link
    t.init()
    days = ["%04d-%02d-%02d" % (2000 + k // 336, 1 + k // 28 % 12, 1 + k % 28)
            for k in range(1200)]
    snapshot = {"format": "stance-snapshot", "version": 1,
                "parties": [{"slug": "pa", "name": "A"}, {"slug": "pb", "name": "B"}],
                "issues": [{"slug": "i", "title": "I"}],
                "statements": [{"id": "0f8fad5b-d9cb-469f-a165-%012d" % k, "party": "pa",
                                "said_on": d, "text": "x%d" % k,
                                "positions": [{"issue": "i",
                                               "stance": "support" if k % 2 else "oppose"}]}
                               for k, d in enumerate(days)] +
                              [{"id": "0f8fad5b-d9cb-469f-a165-999999999999", "party": "pb",
                                "said_on": "1999-01-01", "text": "first",
                                "positions": [{"issue": "i", "stance": "support"}]}]}
    path = os.path.join(t.dir, "long.json")
    with open(path, "w") as f:
        json.dump(snapshot, f)
    t.must("import", path)
    page = walk_links(t, [], "a report whose evidence is cut")
    root, _ = parse(t, page, "the cut report")
    if root is None:
        return
    items = [e for e in root.iter("li") if (e.get("id") or "").startswith("st-")]
    ids = {e.get("id")[3:] for e in items}
    t.eq(len(items), 1000, "the evidence holds 1,000 statements")
    t.ok("0f8fad5b-d9cb-469f-a165-999999999999" in ids
         and "0f8fad5b-d9cb-469f-a165-%012d" % 1199 in ids,
         "among them both current positions' statements")
    t.ok("0f8fad5b-d9cb-469f-a165-%012d" % 1198 in ids
         and "0f8fad5b-d9cb-469f-a165-%012d" % 0 not in ids,
         "then the latest superseded ones")
    points = [g for g in root.iter() if g.tag in (SVG + "a", SVG + "g")
              and any(e.get("class") == "point" for e in g)]
    t.eq((len(points), sum(p.tag == SVG + "a" for p in points)), (1201, 1000),
         "every point is drawn, those whose statement is shown are links")
    t.ok("Showing 1,000 of the 1,201 statements" in text_of(root), "and the page says so")


if __name__ == "__main__":
    raise SystemExit(main())
