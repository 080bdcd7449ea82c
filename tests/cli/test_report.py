#!/usr/bin/env python3
"""`stance report`: the HTML page of the bundled example is well-formed (XML
and HTML), holds every party and issue, the heat-map cells, the grid, a
timeline per issue and the evidence each current position links to, loads
nothing from anywhere, escapes untrusted text, and honours --as-of and -o."""

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


if __name__ == "__main__":
    raise SystemExit(main())
