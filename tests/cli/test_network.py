#!/usr/bin/env python3
"""`stance network`: GraphML (valid against the GraphML schema, read back with
xml.etree and NetworkX: the nodes, their labels and the edge weights), GEXF
(valid against the GEXF 1.3 schema, read back with NetworkX), DOT (laid out
by Graphviz's dot and neato, one SVG node per party), the csv edge list and
node list (--nodes, every party, those without edges too), on the bundled
example, for conflicts and congruence, by party and by actor, against a
plain recomputation from `stance positions`; its own --format and the
errors. Then the rules of
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

try:
    import networkx
except ImportError:  # python3-networkx (scripts/test installs it)
    networkx = None

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "..", "examples", "ukraine-talks-2025-04.json")
XSD = os.path.join(HERE, "graphml.xsd")
GEXF_XSD = os.path.join(HERE, "gexf.xsd")  # with gexf-dynamics.xsd and gexf-viz.xsd
G = "{http://graphml.graphdrawing.org/xmlns}"
X = "{http://gexf.net/1.3}"
FORMATS = ("graphml", "gexf", "dot", "csv")
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


def missing(t, desc, what, package):
    """A check that needs what is not here: a failure under CI, which
    installs it (scripts/test), a skip elsewhere. Returns None."""
    if os.environ.get("CI"):
        t.ok(False, "%s: %s is missing (apt-get install %s)" % (desc, what, package))
    else:
        skip("%s: %s" % (t.name, desc), "%s is not installed" % what)
    return None


def tool(t, name, desc, package):
    """The path of a program a check needs, or None after missing()."""
    return shutil.which(name) or missing(t, desc, name, package)


def nx(t, desc):
    """NetworkX for a check, or None after missing()."""
    return networkx or missing(t, desc, "networkx", "python3-networkx")


def validate(t, text, desc, xsd=XSD):
    """Checks the GraphML (or with xsd=GEXF_XSD the GEXF) text against the
    schema with xmllint."""
    path = os.path.join(t.dir, "network.xml")
    with open(path, "w") as f:
        f.write(text)
    xmllint = tool(t, "xmllint", desc, "libxml2-utils")
    if not xmllint:
        return None
    r = subprocess.run([xmllint, "--noout", "--nonet", "--schema", xsd, path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return t.ok(r.returncode == 0, desc, r.stderr.decode("utf-8", "replace"))


def read_back(t, fmt, text, desc):
    """The graph NetworkX reads from the GraphML or GEXF text, or None."""
    if not nx(t, desc):
        return None
    path = os.path.join(t.dir, "network." + fmt)
    with open(path, "w") as f:
        f.write(text)
    return (networkx.read_graphml if fmt == "graphml" else networkx.read_gexf)(path)


def graphviz(t, layout, text, n, desc):
    """Lays the DOT text out with Graphviz's layout (dot, neato) into SVG:
    checks that it succeeds and draws n nodes."""
    exe = tool(t, layout, desc, "graphviz")
    if not exe:
        return
    p = subprocess.run([exe, "-Tsvg"], input=text.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    svg = p.stdout.decode("utf-8", "replace")
    t.ok(p.returncode == 0 and svg.count('class="node"') == n,
         "%s (%s -Tsvg: %d nodes)" % (desc, layout, n),
         "exit %d, %d nodes\n%s" % (p.returncode, svg.count('class="node"'),
                                    p.stderr.decode("utf-8", "replace")))


def parse_gexf(text):
    """(graph, nodes {id: {"label", attribute title: value}}, edges
    {(source, target): {"weight", attribute title: value}}, attributes
    {(class, id): (title, type)}) of GEXF text, by xml.etree."""
    root = ET.fromstring(text)
    graph = root.find(X + "graph")
    attrs = {(a.get("class"), b.get("id")): (b.get("title"), b.get("type"))
             for a in graph.findall(X + "attributes") for b in a.findall(X + "attribute")}

    def values(el):
        return {attrs[(el.tag[len(X):], v.get("for"))][0]: v.get("value")
                for v in el.findall(X + "attvalues/" + X + "attvalue")}
    nodes = {n.get("id"): {"label": n.get("label"), **values(n)}
             for n in graph.findall(X + "nodes/" + X + "node")}
    edges = {(e.get("source"), e.get("target")): {"weight": e.get("weight"), **values(e)}
             for e in graph.findall(X + "edges/" + X + "edge")}
    return root, nodes, edges, attrs


@test
def graphml_conflicts(t):
    load(t)
    r = t.run("network")
    t.succeeds(r, "network writes graphml by default")
    validate(t, r.out, "the conflict graph validates against the GraphML schema")
    graph, nodes, edges, keys = parse_graphml(r.out)
    t.eq(graph.get("edgedefault"), "undirected", "the graph is undirected")
    t.eq(keys, {"type": ("graph", "type", "string"), "as_of": ("graph", "as_of", "string"),
                "label": ("node", "label", "string"),
                "name": ("node", "name", "string"), "kind": ("node", "kind", "string"),
                "weight": ("edge", "weight", "int"), "hard": ("edge", "hard", "int")},
         "every key is declared with its type")
    parties = {p["slug"]: p for p in t.must("party", "list", "--format", "json").json()}
    t.eq(nodes, {s: {"label": p["name"], "name": p["name"], "kind": p["kind"]}
                 for s, p in parties.items()},
         "every party is a node with its label (its name), name and kind")
    t.ok("uk" in nodes and not any("uk" in k for k in edges),
         "uk, in conflict with no one, is a node without edges")
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
    name = 'Tom & Jerry <"the" \'cartoon\'>\x01bloc\tof\nfour\ufffe'
    want = name.replace("\x01", "\ufffd").replace("\ufffe", "\ufffd")
    t.must("party", "add", "tj", "--name", name, "--kind", "faction")
    r = t.run("network", "--format", "graphml")
    t.succeeds(r, "a party with markup in its name")
    validate(t, r.out, "the escaped graph validates")
    _, nodes, edges, _ = parse_graphml(r.out)
    t.eq((nodes["tj"]["name"], nodes["tj"]["label"]), (want, want),
         "the name and label read back (characters XML forbids as U+FFFD)")
    t.eq(edges, {}, "no positions: no edges")


@test
def gexf_dot_csv_escape_names(t):
    t.init()
    name = 'Tom & Jerry <"the" \'cartoon\'>\x01bloc\tof\nfour\ufffe'
    want = name.replace("\x01", "\ufffd").replace("\ufffe", "\ufffd")
    t.must("party", "add", "tj", "--name", name, "--kind", "faction")
    r = t.run("network", "--format", "gexf")
    t.succeeds(r, "gexf: a party with markup in its name")
    validate(t, r.out, "the escaped GEXF validates", GEXF_XSD)
    _, nodes, edges, _ = parse_gexf(r.out)
    t.eq((nodes["tj"]["label"], nodes["tj"]["name"]), (want, want),
         "gexf: the label and name attributes read back, tab and newline kept")
    t.eq(edges, {}, "gexf: no positions: no edges")
    r = t.run("network", "--format", "dot")
    t.ok('  "tj" [label="Tom & Jerry <\\"the\\" \'cartoon\'> bloc of four\ufffe", '
         'kind="faction"];' in r.out.splitlines(),
         "dot: quotes escaped, controls as spaces", r.out)
    r = t.run("network", "--format", "csv", "--nodes")
    t.eq(list(csv.reader(io.StringIO(r.out))), [["id", "label", "kind"], ["tj", name, "faction"]],
         "csv --nodes: the one party, its name quoted as csv quotes")


@test
def dot_and_csv(t):
    load(t)
    r = t.run("network", "--format", "dot")
    t.succeeds(r, "network --format dot")
    lines = r.out.splitlines()
    t.eq((lines[0], lines[-1]), ('graph "conflict" {', "}"), "an undirected DOT graph")
    t.ok('  "ua" [label="Ukraine", kind="state"];' in lines, "a node per party with its name",
         r.out)
    t.ok("  graph [overlap=false];" in lines, "neato and sfdp keep the nodes apart", r.out)
    t.ok('  "ua" -- "us" [weight=3, label="3 (1 hard)", penwidth=3, style=solid, '
         'color="#b2182b"];' in lines, "a hard edge: solid, red and labelled", r.out)
    t.ok('  "eu" -- "ru" [weight=2, label="2", penwidth=2, style=dashed];' in lines,
         "an edge without a hard conflict: dashed", r.out)
    t.ok('  "uk" [label="United Kingdom", kind="state"];' in lines
         and not any(l.startswith('  "uk" --') or '-- "uk"' in l for l in lines),
         "uk, without edges, is a node", r.out)
    for layout in ("dot", "neato"):
        graphviz(t, layout, r.out, 5, "graphviz lays it out, one node per party")
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
def gexf(t):
    load(t)
    parties = {p["slug"]: p for p in t.must("party", "list", "--format", "json").json()}
    want = want_edges(t, "conflict")
    hard = {(c["a"]["party"], c["b"]["party"]) for c in
            t.must("conflicts", "--hard", "--format", "json").json()}
    r = t.run("network", "--format", "gexf")
    t.succeeds(r, "network --format gexf")
    validate(t, r.out, "the conflict graph validates against the GEXF 1.3 schema", GEXF_XSD)
    root, nodes, edges, attrs = parse_gexf(r.out)
    graph = root.find(X + "graph")
    t.eq((root.get("version"), graph.get("defaultedgetype"), graph.get("mode")),
         ("1.3", "undirected", "static"), "GEXF 1.3, an undirected static graph")
    t.eq(attrs, {("node", "name"): ("name", "string"), ("node", "kind"): ("kind", "string"),
                 ("edge", "hard"): ("hard", "integer")}, "the attributes are declared")
    t.eq(nodes, {s: {"label": p["name"], "name": p["name"], "kind": p["kind"]}
                 for s, p in parties.items()}, "every party is a node, labelled with its name")
    t.eq({k: int(v["weight"]) for k, v in edges.items()}, want, "the edges weigh the conflicts")
    t.eq({k for k, v in edges.items() if int(v["hard"])}, hard, "and count the hard ones")
    t.eq(root.findtext(X + "meta/" + X + "description"), "type=conflict",
         "the description says what the graph is")
    g = read_back(t, "gexf", r.out, "networkx reads the GEXF")
    if g is not None:
        t.ok(not g.is_directed(), "networkx: an undirected graph")
        t.eq({n: (d["label"], d["name"], d["kind"]) for n, d in g.nodes(data=True)},
             {s: (p["name"], p["name"], p["kind"]) for s, p in parties.items()},
             "networkx: every party, with its label and attributes (uk without edges)")
        t.eq({tuple(sorted((a, b))): (d["weight"], d["hard"]) for a, b, d in g.edges(data=True)},
             {k: (float(w), int((k in hard))) for k, w in want.items()},
             "networkx: the weights and hard counts")
    r = t.run("network", "--format", "gexf", "--type", "congruence", "--as-of", "2025-04-20",
              "--min-credibility", "6", "--kind", "quote", "--kind", "proposal",
              "--kind", "paraphrase", "--kind", "report")
    t.succeeds(r, "gexf congruence with a scope")
    validate(t, r.out, "the congruence GEXF validates", GEXF_XSD)
    root, nodes, edges, attrs = parse_gexf(r.out)
    t.eq({k: int(v["weight"]) for k, v in edges.items()},
         want_edges(t, "congruence", "2025-04-20"), "congruence weights as of the date")
    t.ok(("edge", "hard") not in attrs and all("hard" not in v for v in edges.values()),
         "congruence has no hard attribute", r.out)
    t.eq(root.findtext(X + "meta/" + X + "description"),
         "type=congruence; as_of=2025-04-20; min_credibility=6; "
         "kinds=quote,proposal,paraphrase,report", "the description says what it rests on")
    t.eq(set(nodes), set(parties), "every party is a node")


@test
def graphml_networkx(t):
    load(t)
    parties = {p["slug"]: p for p in t.must("party", "list", "--format", "json").json()}
    r = t.run("network")
    g = read_back(t, "graphml", r.out, "networkx reads the GraphML")
    if g is None:
        return
    t.eq({n: d["label"] for n, d in g.nodes(data=True)},
         {s: p["name"] for s, p in parties.items()},
         "networkx: every party is a node labelled with its name (uk without edges)")
    t.eq({tuple(sorted((a, b))): d["weight"] for a, b, d in g.edges(data=True)},
         want_edges(t, "conflict"), "networkx: the weights, as integers")
    t.eq(g.graph.get("type"), "conflict", "networkx: the graph's type")


@test
def csv_nodes(t):
    load(t)
    parties = t.must("party", "list", "--format", "json").json()
    rows = [["id", "label", "kind"]] + [[p["slug"], p["name"], p["kind"]] for p in parties]
    for args in (["--format", "csv", "--nodes"], ["--nodes", "--format=csv"],
                 ["--format", "csv", "--nodes", "--type", "congruence"],
                 ["--format", "csv", "--nodes", "--issue", "peace-talks"]):
        r = t.run("network", *args)
        t.succeeds(r, "network " + " ".join(args))
        t.eq(list(csv.reader(io.StringIO(r.out))), rows,
             "%s: every party, those without edges too" % " ".join(args))
    edges = t.run("network", "--format", "csv").out
    t.ok("uk" not in edges, "the edge list has no uk, the node list has", edges)
    r = t.run("--format", "csv", "network", "--nodes")
    t.succeeds(r, "the global --format csv is network's own, for --nodes too")
    t.eq(list(csv.reader(io.StringIO(r.out))), rows, "the same node list")
    r = t.run("network", "--format", "csv", "--nodes", "--party", "uk", "--party", "ru")
    t.eq(r.out, "id,label,kind\nru,Russia,state\nuk,United Kingdom,state\n",
         "--party keeps the listed parties")
    out = os.path.join(t.dir, "nodes.csv")
    t.succeeds(t.run("network", "--format", "csv", "--nodes", "-o", out), "--nodes -o FILE", "")
    with open(out) as f:
        t.eq(list(csv.reader(f)), rows, "-o writes the node list to FILE")


@test
def every_format(t):
    """Each format, by party and by actor, for conflict and congruence:
    valid, read back, and the same nodes and edges in all of them."""
    iran(t)
    actors = {"khamenei": ("Ali Khamenei", "ir", "Supreme Leader"),
              "araghchi": ("Abbas Araghchi", "ir", "Deputy Foreign Minister"),
              "kerry": ("John Kerry", "us", "")}
    for by in ("party", "actor"):
        for kind in ("conflict", "congruence"):
            args = ["network", "--by", by, "--type", kind]
            what = "--by %s --type %s" % (by, kind)
            out = {f: t.run(*args, "--format", f) for f in FORMATS}
            out["nodes"] = t.run(*args, "--format", "csv", "--nodes")
            for f, r in out.items():
                t.succeeds(r, "%s --format %s" % (what, f))
            validate(t, out["graphml"].out, what + ": GraphML validates")
            validate(t, out["gexf"].out, what + ": GEXF validates", GEXF_XSD)
            rows = list(csv.reader(io.StringIO(out["csv"].out)))
            want = {(a, b): int(w) for a, b, w, *_ in rows[1:]}
            t.eq(rows[0], ["source", "target", "weight"] + (["hard"] if kind == "conflict"
                                                            else []), what + ": csv header")
            _, gnodes, gedges, _ = parse_graphml(out["graphml"].out)
            xroot, xnodes, xedges, _ = parse_gexf(out["gexf"].out)
            t.eq(xroot.findtext(X + "meta/" + X + "description"),
                 "type=%s%s" % (kind, "; by=actor" if by == "actor" else ""),
                 what + ": the GEXF description says it")
            t.eq(({k: int(v["weight"]) for k, v in gedges.items()},
                  {k: int(v["weight"]) for k, v in xedges.items()}), (want, want),
                 what + ": GraphML and GEXF have the csv's edges")
            nodes = list(csv.reader(io.StringIO(out["nodes"].out)))
            if by == "actor":
                t.eq(nodes, [["id", "label", "party", "role"]] +
                     [[a, *actors[a]] for a in sorted(actors)], what + ": the node list")
                t.eq({n: (v["label"], v["party"], v.get("role", "")) for n, v in xnodes.items()},
                     actors, what + ": GEXF actor nodes, party and role")
            else:
                t.eq(nodes, [["id", "label", "kind"], ["ir", "Iran", "state"],
                             ["us", "United States", "state"]], what + ": the node list")
            t.eq((set(gnodes), set(xnodes)), ({n[0] for n in nodes[1:]},) * 2,
                 what + ": GraphML and GEXF have the node list's nodes")
            for layout in ("dot", "neato"):
                graphviz(t, layout, out["dot"].out, len(nodes) - 1, what + ": dot")
            if kind == "conflict" and by == "actor":
                g = read_back(t, "gexf", out["gexf"].out, what + ": networkx reads the GEXF")
                if g is not None:
                    t.eq({n: (d["label"], d["party"]) for n, d in g.nodes(data=True)},
                         {a: v[:2] for a, v in actors.items()},
                         what + ": networkx: the actors' labels and parties")


@test
def errors(t):
    load(t)
    t.fails(["network", "--format", "json"], 65, "invalid format 'json'",
            "graphml, gexf, dot, csv")
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
    t.ok(r.rc == 0 and "graphml (default), gexf, dot or csv" in r.out
         and "table, json or csv" not in r.out and "--nodes" in r.out,
         "help shows network's own formats and --nodes", r)
    for args in (["--nodes"], ["--nodes", "--format", "graphml"], ["--format", "gexf", "--nodes"],
                 ["--nodes", "--format", "dot", "--by", "actor"]):
        t.fails(["network"] + args, 64, "--nodes needs --format csv")
    t.fails(["network", "--nodes", "--nodes", "--format", "csv"], 64, "'--nodes' given twice")
    t.fails(["network", "--nodes", "--format", "csv", "--type", "amity"], 65,
            "invalid type 'amity'")


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
    t.ok('  "ir" -- "us" [weight=3, label="3 (1 hard)", penwidth=3, style=solid, '
         'color="#b2182b"];' in r.out.splitlines(),
         "dot draws the hard edge solid, red and labelled", r.out)
    r = t.run("network", "--format", "dot", "--issue", "stockpile")
    t.ok('  "ir" -- "us" [weight=1, label="1", penwidth=1, style=dashed];'
         in r.out.splitlines(), "dot: the ended red line is a dashed edge", r.out)
    r = t.run("network", "--format", "csv", "--issue", "stockpile")
    t.eq(r.out, "source,target,weight,hard\nir,us,1,0\n", "csv: the ended red line is soft")


@test
def by_actor(t):
    iran(t)
    graph, nodes, edges, keys = graphml(t, "--by", "actor")
    t.eq({k: v for k, v in keys.items() if v[0] == "node"},
         {"label": ("node", "label", "string"), "name": ("node", "name", "string"),
          "party": ("node", "party", "string"), "role": ("node", "role", "string")},
         "actor nodes have a label, name, party and role")
    t.eq(nodes, {"khamenei": {"label": "Ali Khamenei", "name": "Ali Khamenei", "party": "ir",
                              "role": "Supreme Leader"},
                 "araghchi": {"label": "Abbas Araghchi", "name": "Abbas Araghchi", "party": "ir",
                              "role": "Deputy Foreign Minister"},
                 "kerry": {"label": "John Kerry", "name": "John Kerry", "party": "us"}},
         "every actor is a node with its label and party (a missing role left out)")
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
