#!/usr/bin/env python3
"""`stance network`: GraphML (valid against the GraphML schema, read back with
xml.etree: the nodes and the edge weights), DOT and the csv edge list, on the
bundled example, for conflicts and congruence, against a plain recomputation
from `stance positions`; its own --format and the errors."""

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


if __name__ == "__main__":
    raise SystemExit(main())
