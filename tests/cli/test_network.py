#!/usr/bin/env python3
"""`stance network`: GraphML (valid against the GraphML schema, read back with
xml.etree: the nodes and the edge weights), DOT and the csv edge list, on the
bundled example, for conflicts and congruence, against a plain recomputation
from `stance positions`; its own --format and the errors. Then the rules of
design §2 v2 on a small Iran-talks database: hard edges follow the current
red line (kept by a restatement of the same sign without `!`, ended by `~`
or a change of sign), --by actor puts actors in place of parties, the
evidence filters leave statements out, and --issue takes a parent's
descendants."""

import csv
import io
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

from stancetest import main, skip, test

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "..", "examples", "ukraine-talks-2025-04.json")
XSD = os.path.join(HERE, "graphml.xsd")
G = "{http://graphml.graphdrawing.org/xmlns}"
VALUES = {"strongly-oppose": -2, "oppose": -1, "neutral": 0, "support": 1,
          "strongly-support": 2}


def load(t):
    t.init()
    t.must("import", EXAMPLE)


def want_edges(t, kind, as_of=None):
    """{(a, b): weight} recomputed from the current positions: the issues on
    which a and b have opposite signs (conflict) or the same non-zero sign."""
    args = ["positions", "--format", "json"] + (["--as-of", as_of] if as_of else [])
    by_issue = {}
    for p in t.must(*args).json():
        by_issue.setdefault(p["issue"], {})[p["party"]] = VALUES[p["stance"]]
    edges = {}
    for held in by_issue.values():
        parties = sorted(held)
        for i, a in enumerate(parties):
            for b in parties[i + 1:]:
                x = held[a] * held[b]
                if (kind == "conflict" and x < 0) or (kind == "congruence" and x > 0):
                    edges[(a, b)] = edges.get((a, b), 0) + 1
    return edges


def parse_graphml(text):
    """(nodes {id: {key: value}}, edges {(source, target): {key: value}},
    keys {id: (for, attr.name, attr.type)})."""
    root = ET.fromstring(text)
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type"))
            for k in root.findall(G + "key")}
    graph = root.find(G + "graph")
    nodes = {n.get("id"): {d.get("key"): d.text for d in n.findall(G + "data")}
             for n in graph.findall(G + "node")}
    edges = {(e.get("source"), e.get("target")):
             {d.get("key"): d.text for d in e.findall(G + "data")}
             for e in graph.findall(G + "edge")}
    return graph, nodes, edges, keys


def validate(t, text, desc):
    """Checks the GraphML text against the schema with xmllint."""
    path = os.path.join(t.dir, "network.graphml")
    with open(path, "w") as f:
        f.write(text)
    xmllint = shutil.which("xmllint")
    if not xmllint:
        if os.environ.get("CI"):
            return t.ok(False, desc + ": xmllint is missing (apt-get install libxml2-utils)")
        return skip("%s: %s" % (t.name, desc), "xmllint is not installed")
    r = subprocess.run([xmllint, "--noout", "--nonet", "--schema", XSD, path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return t.ok(r.returncode == 0, desc, r.stderr.decode("utf-8", "replace"))


@test
def graphml_conflicts(t):
    load(t)
    r = t.run("network")
    t.succeeds(r, "network writes graphml by default")
    validate(t, r.out, "the conflict graph validates against the GraphML schema")
    graph, nodes, edges, keys = parse_graphml(r.out)
    t.eq(graph.get("edgedefault"), "undirected", "the graph is undirected")
    t.eq(keys, {"type": ("graph", "type", "string"), "as_of": ("graph", "as_of", "string"),
                "name": ("node", "name", "string"), "kind": ("node", "kind", "string"),
                "weight": ("edge", "weight", "int"), "hard": ("edge", "hard", "int")},
         "every key is declared with its type")
    parties = {p["slug"]: p for p in t.must("party", "list", "--format", "json").json()}
    t.eq(nodes, {s: {"name": p["name"], "kind": p["kind"]} for s, p in parties.items()},
         "every party is a node with its name and kind")
    want = want_edges(t, "conflict")
    t.eq({k: int(v["weight"]) for k, v in edges.items()}, want,
         "the edge weights count the issues in conflict")
    t.eq(want[("ua", "us")], 3, "ua and us conflict on 3 issues (design.md)")
    hard = {(c["a"]["party"], c["b"]["party"]) for c in
            t.must("conflicts", "--hard", "--format", "json").json()}
    t.eq({k for k, v in edges.items() if int(v["hard"]) > 0}, hard,
         "the hard counts mark the pairs in a hard conflict")
    matrix = t.must("matrix", "--format", "json").json()
    ps = matrix["parties"]
    t.eq({(ps[i], ps[j]): matrix["cells"][i][j] for i in range(len(ps))
          for j in range(i + 1, len(ps)) if matrix["cells"][i][j]},
         {k: int(v["weight"]) for k, v in edges.items()}, "the weights are the matrix's")


@test
def graphml_congruence_as_of(t):
    load(t)
    for as_of in (None, "2025-04-20"):
        args = ["network", "--type", "congruence"] + (["--as-of", as_of] if as_of else [])
        r = t.run(*args)
        t.succeeds(r, "network %s" % " ".join(args[1:]))
        validate(t, r.out, "the congruence graph validates (as of %s)" % as_of)
        graph, nodes, edges, keys = parse_graphml(r.out)
        t.eq({k: int(v["weight"]) for k, v in edges.items()}, want_edges(t, "congruence", as_of),
             "congruence weights count the issues of the same non-zero sign (as of %s)" % as_of)
        t.ok("hard" not in keys, "congruence has no hard key")
        data = {d.get("key"): d.text for d in graph.findall(G + "data")}
        t.eq(data, {"type": "congruence", **({"as_of": as_of} if as_of else {})},
             "the graph says what it is")


@test
def graphml_escapes_names(t):
    t.init()
    name = 'Tom & Jerry <"the" \'cartoon\'>\x01bloc'
    t.must("party", "add", "tj", "--name", name, "--kind", "faction")
    r = t.run("network", "--format", "graphml")
    t.succeeds(r, "a party with markup in its name")
    validate(t, r.out, "the escaped graph validates")
    _, nodes, edges, _ = parse_graphml(r.out)
    t.eq(nodes["tj"]["name"], name.replace("\x01", "\ufffd"),
         "the name reads back (a character XML forbids as U+FFFD)")
    t.eq(edges, {}, "no positions: no edges")


@test
def dot_and_csv(t):
    load(t)
    r = t.run("network", "--format", "dot")
    t.succeeds(r, "network --format dot")
    lines = r.out.splitlines()
    t.eq((lines[0], lines[-1]), ('graph "conflict" {', "}"), "an undirected DOT graph")
    t.ok('  "ua" [label="Ukraine", kind="state"];' in lines, "a node per party with its name",
         r.out)
    t.ok(any(l.startswith('  "ua" -- "us" [weight=3, label="3"') for l in lines),
         "an edge weighted by the conflicts", r.out)
    dot = shutil.which("dot")
    if dot:
        p = subprocess.run([dot, "-Tsvg"], input=r.out_bytes, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        t.ok(p.returncode == 0 and not p.stderr, "graphviz reads it", p.stderr)
    r = t.run("--format", "csv", "network")
    t.succeeds(r, "--format csv before the command is network's own")
    rows = list(csv.reader(io.StringIO(r.out)))
    t.eq(rows[0], ["source", "target", "weight", "hard"], "the csv header")
    t.eq({(a, b): int(w) for a, b, w, _ in rows[1:]}, want_edges(t, "conflict"),
         "the csv edge list has the weights")
    r = t.run("network", "--type", "congruence", "--format", "csv", "--issue", "peace-talks")
    t.succeeds(r, "congruence on one issue")
    t.eq(r.out, "source,target,weight\nua,us,1\n", "ua and us agree on peace-talks")
    out = os.path.join(t.dir, "net.dot")
    t.succeeds(t.run("network", "--format", "dot", "-o", out), "-o FILE", "")
    with open(out) as f:
        t.eq(f.read(), t.run("network", "--format", "dot").out, "-o writes the same")


@test
def errors(t):
    load(t)
    t.fails(["network", "--format", "json"], 65, "invalid format 'json'", "graphml, dot, csv")
    t.fails(["--format", "table", "network"], 65, "invalid format 'table'")
    t.fails(["network", "--type", "enmity"], 65, "invalid type 'enmity'", "conflict, congruence")
    t.fails(["--format", "dot", "network", "--format", "csv"], 64, "'--format' given twice")
    t.fails(["network", "--party", "xx"], 65, "unknown party 'xx'")
    t.fails(["network", "--as-of", "2025-02-30"], 65, "2025-02-30")
    t.fails(["network", "extra"], 64, "unexpected argument 'extra'")
    t.fails(["--format", "dot", "positions"], 65, "invalid format 'dot'", "table, json, csv")
    t.fails(["network", "-o", os.path.join(t.dir, "no", "such", "dir.graphml")], 73,
            "cannot create")
    r = t.run("network", "--help")
    t.ok(r.rc == 0 and "graphml (default), dot or csv" in r.out
         and "table, json or csv" not in r.out, "help shows network's own formats", r)


def iran(t):
    """Iran's Supreme Leader sets red lines (quotes, credibility 1, via a
    source of reliability B); its foreign minister restates them in wire
    paraphrases (credibility 4, no source); the US holds the other side
    (a quote of credibility 2 from a source of reliability A).
    enrichment: ++! then + (the red line lasts), stockpile: --! then --~
    (ended), inspections: --! then + (ended by the change of sign); all
    three under the parent issue nuclear. Returns the ids by name."""
    t.init()
    for args in (
        ["party", "add", "ir", "--name", "Iran", "--kind", "state"],
        ["party", "add", "us", "--name", "United States", "--kind", "state"],
        ["actor", "add", "khamenei", "--name", "Ali Khamenei", "--party", "ir",
         "--role", "Supreme Leader"],
        ["actor", "add", "araghchi", "--name", "Abbas Araghchi", "--party", "ir",
         "--role", "Deputy Foreign Minister"],
        ["actor", "add", "kerry", "--name", "John Kerry", "--party", "us"],
        ["source", "add", "irna", "--name", "IRNA", "--reliability", "B"],
        ["source", "add", "state", "--name", "State Department", "--reliability", "A"],
        ["issue", "add", "nuclear", "--title", "Iran keeps a nuclear programme"],
        ["issue", "add", "enrichment", "--title", "Iran enriches uranium",
         "--parent", "nuclear"],
        ["issue", "add", "stockpile", "--title", "Iran keeps its stockpile",
         "--parent", "nuclear"],
        ["issue", "add", "inspections", "--title", "Snap inspections of military sites",
         "--parent", "nuclear"],
    ):
        t.must(*args)
    ids = {}
    ids["leader"] = t.must(
        "record", "--actor", "khamenei", "--date", "2015-04-09", "--kind", "quote",
        "--credibility", "1", "--source", "irna", "--text", "Enrichment will go on.",
        "--position", "enrichment=++!", "--position", "stockpile=--!",
        "--position", "inspections=--!").out.strip()
    ids["wire"] = t.must(
        "record", "--actor", "araghchi", "--date", "2015-05-02", "--kind", "paraphrase",
        "--credibility", "4", "--text", "Some enrichment, the stockpile negotiable.",
        "--position", "enrichment=+", "--position", "stockpile=--~",
        "--position", "inspections=+").out.strip()
    ids["us"] = t.must(
        "record", "--actor", "kerry", "--date", "2015-05-03", "--kind", "quote",
        "--credibility", "2", "--source", "state", "--text", "No enrichment; ship the stockpile out; inspect anywhere.",
        "--position", "enrichment=--", "--position", "stockpile=+",
        "--position", "inspections=-").out.strip()
    return ids


def graphml(t, *args):
    r = t.run("network", *args)
    t.succeeds(r, "network " + " ".join(args))
    validate(t, r.out, "network %s validates against the GraphML schema" % " ".join(args))
    return parse_graphml(r.out)


def weights(edges):
    """{(a, b): (weight, hard)}"""
    return {k: (int(v["weight"]), int(v.get("hard", 0))) for k, v in edges.items()}


@test
def hard_edges_follow_the_current_red_line(t):
    iran(t)
    _, _, edges, _ = graphml(t)
    t.eq(weights(edges), {("ir", "us"): (3, 1)},
         "ir and us conflict on three issues, one of them hard")
    for issue, hard in (("enrichment", 1), ("stockpile", 0), ("inspections", 0)):
        _, _, edges, _ = graphml(t, "--issue", issue)
        t.eq(weights(edges), {("ir", "us"): (1, hard)},
             "%s: %s" % (issue, "++! then + keeps the red line: a hard edge" if hard else
                         "the red line ended (by ~ or by a change of sign): soft"))
    _, _, edges, _ = graphml(t, "--issue", "nuclear")
    t.eq(weights(edges), {("ir", "us"): (3, 1)}, "--issue of a parent counts its children")
    hard = t.must("conflicts", "--hard", "--format", "json").json()
    t.eq([(c["issue"], c["a"]["party"], c["b"]["party"]) for c in hard],
         [("enrichment", "ir", "us")], "conflicts --hard agrees")
    r = t.run("network", "--format", "dot")
    t.ok('  "ir" -- "us" [weight=3, label="3", penwidth=3, color="#b2182b"];'
         in r.out.splitlines(), "dot draws the hard edge red", r.out)
    r = t.run("network", "--format", "csv", "--issue", "stockpile")
    t.eq(r.out, "source,target,weight,hard\nir,us,1,0\n", "csv: the ended red line is soft")


@test
def by_actor(t):
    iran(t)
    graph, nodes, edges, keys = graphml(t, "--by", "actor")
    t.eq({k: v for k, v in keys.items() if v[0] == "node"},
         {"name": ("node", "name", "string"), "party": ("node", "party", "string"),
          "role": ("node", "role", "string")}, "actor nodes have a name, party and role")
    t.eq(nodes, {"khamenei": {"name": "Ali Khamenei", "party": "ir", "role": "Supreme Leader"},
                 "araghchi": {"name": "Abbas Araghchi", "party": "ir",
                              "role": "Deputy Foreign Minister"},
                 "kerry": {"name": "John Kerry", "party": "us"}},
         "every actor is a node with its party (a missing role left out)")
    t.eq({d.get("key"): d.text for d in graph.findall(G + "data")},
         {"type": "conflict", "by": "actor"}, "the graph says it is of actors")
    # each actor's own red line: the leader's hold, the minister set none;
    # the two Iranians conflict on inspections (a division within ir)
    want = {("araghchi", "kerry"): (3, 0), ("kerry", "khamenei"): (2, 2),
            ("araghchi", "khamenei"): (1, 1)}
    t.eq(weights(edges), want, "edges between actors, hard by each one's red line")
    _, nodes, edges, _ = graphml(t, "--by", "actor", "--party", "us")
    t.eq((set(nodes), edges), ({"kerry"}, {}), "--party keeps the party's actors")
    _, nodes, edges, _ = graphml(t, "--by", "actor", "--party", "ir")
    t.eq((set(nodes), weights(edges)), ({"khamenei", "araghchi"},
                                        {("araghchi", "khamenei"): (1, 1)}),
         "--party ir: its actors and its internal division")
    r = t.run("network", "--by", "actor", "--format", "dot")
    t.succeeds(r, "network --by actor --format dot")
    lines = r.out.splitlines()
    t.ok('  "khamenei" [label="Ali Khamenei", party="ir", role="Supreme Leader"];' in lines
         and '  "kerry" [label="John Kerry", party="us"];' in lines,
         "dot: a node per actor with its party and role", r.out)
    r = t.run("network", "--by", "actor", "--format", "csv")
    t.eq(r.out, "source,target,weight,hard\naraghchi,kerry,3,0\naraghchi,khamenei,1,1\n"
         "kerry,khamenei,2,2\n", "csv: the actors' edge list")
    r = t.run("network", "--by", "party", "--format", "csv")
    t.eq(r.out, "source,target,weight,hard\nir,us,3,1\n", "--by party is the default")
    matrix = t.must("matrix", "--by", "actor", "--format", "json").json()
    ps = matrix["parties"]
    t.eq({(ps[i], ps[j]): matrix["cells"][i][j] for i in range(len(ps))
          for j in range(i + 1, len(ps)) if matrix["cells"][i][j]},
         {k: w for k, (w, _) in want.items()}, "the weights are matrix --by actor's")


@test
def evidence_filters(t):
    iran(t)
    # the minister's paraphrases (credibility 4, no source) left out, Iran's
    # positions are the leader's: two hard conflicts, no conflict on inspections
    for args in (["--min-credibility", "2"], ["--kind", "quote"],
                 ["--min-reliability", "B"], ["--kind", "quote", "--kind", "report"]):
        graph, _, edges, keys = graphml(t, *args)
        t.eq(weights(edges), {("ir", "us"): (2, 2)},
             "%s: only the leader's red lines speak for ir" % " ".join(args))
    graph, _, _, keys = graphml(t, "--min-credibility", "2", "--min-reliability", "C",
                                "--kind", "quote", "--kind", "report")
    t.eq({d.get("key"): d.text for d in graph.findall(G + "data")},
         {"type": "conflict", "min_credibility": "2", "min_reliability": "C",
          "kinds": "quote,report"}, "the graph says which evidence it rests on")
    t.eq((keys["min_credibility"], keys["min_reliability"], keys["kinds"]),
         (("graph", "min_credibility", "int"), ("graph", "min_reliability", "string"),
          ("graph", "kinds", "string")), "and declares those keys")
    _, _, edges, _ = graphml(t, "--kind", "paraphrase")
    t.eq(edges, {}, "paraphrases only: the US said nothing, no edge")
    _, _, edges, _ = graphml(t, "--min-reliability", "A")
    t.eq(edges, {}, "only the US's source is of reliability A: Iran says nothing, no edge")
    _, _, edges, _ = graphml(t, "--by", "actor", "--min-credibility", "3")
    t.eq(weights(edges), {("kerry", "khamenei"): (2, 2)},
         "filters and --by actor combine: the minister drops out")
    r = t.run("network", "--min-credibility", "2", "--format", "csv")
    t.eq(r.out, "source,target,weight,hard\nir,us,2,2\n", "csv with a filter")


@test
def filter_errors(t):
    iran(t)
    for args, words in (
        (["--min-credibility", "7"], ["invalid --min-credibility '7'", "1-6"]),
        (["--min-credibility", "0"], ["invalid --min-credibility '0'"]),
        (["--min-credibility", "two"], ["invalid --min-credibility 'two'"]),
        (["--min-reliability", "G"], ["invalid --min-reliability 'G'", "A-F"]),
        (["--min-reliability", "b"], ["invalid --min-reliability 'b'"]),
        (["--kind", "rumour"], ["invalid kind 'rumour'", "quote, paraphrase, proposal, report"]),
        (["--by", "faction"], ["invalid by 'faction'", "party, actor"]),
    ):
        t.fails(["network"] + args, 65, *words)
    t.fails(["network", "--min-credibility"], 64, "'--min-credibility' needs a value")
    t.fails(["network", "--by", "actor", "--party", "xx"], 65, "unknown party 'xx'")
    r = t.run("network", "--help")
    words = " ".join(r.out.split())
    t.ok(r.rc == 0 and all(w in words for w in (
        "--by WHO", "--min-credibility N", "--min-reliability X", "--kind K",
        "current red line", "ended by ~ or a change of sign")),
         "help names the new options and the red-line rule", r)


if __name__ == "__main__":
    raise SystemExit(main())
