#!/usr/bin/env python3
"""Getting statements in (issue 16, design §10): `stance record --text-file`
and `stance record --from` end to end.

--from: every column of a CSV read back with `show`, the party taken from
the actor; the header's rules (any order and case, spaces, the required
columns); a spreadsheet as LibreOffice and Excel write it (a BOM, CRLF,
quoted fields with commas, quotes and line breaks), written byte for byte
here; TSV, JSON Lines and the format told by extension or sniffed, standard
input included; the output in the three formats, ids in input order; every
error class with the physical line (and the column) it names, the
database unchanged each time; all or nothing when the last of 50 rows is
bad; --dry-run; the usage errors.

--text-file: a file and standard input, the BOM and one final newline
dropped (no more), quotes and line breaks kept, and its refusals."""

import json
import os
import re
import subprocess
import sys

import stancetest
from stancetest import SVYRYDENKO_TEXT, ZELENSKYY_TEXT, main, test

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
BOM = b"\xef\xbb\xbf"
HEADER = "party,actor,date,text,kind,source,url,credibility,positions,conditions"
# a good row for HEADER (all 10 fields)
GOOD = "ua,,2025-04-22,Good row,,,,,,"
KNOWN_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
OTHER_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"


# ---- helpers ------------------------------------------------------------------

def write(t, name, data):
    """Writes data (str: UTF-8, or bytes as they are) into the case's
    directory; its path."""
    path = os.path.join(t.dir, name)
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def run_stdin(t, data, *args):
    """Runs stance with data (str or bytes) on standard input."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    proc = subprocess.run([stancetest.BIN] + list(args), cwd=t.dir, env=t.env, input=data,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return stancetest.Result(args, proc)


def fails_stdin(t, data, args, code, *words, desc):
    """t.fails for a command that reads data on standard input: exit code,
    nothing on stdout, one 'stance: error: ' line holding every word, the
    database byte for byte as it was."""
    before = t.digest()
    r = run_stdin(t, data, *args)
    problems = []
    lines = r.err.splitlines()
    if r.rc != code:
        problems.append("exit %d, want %d" % (r.rc, code))
    if r.out:
        problems.append("stdout not empty")
    if len(lines) != 1 or not lines[0].startswith("stance: error: "):
        problems.append("stderr is not one 'stance: error: ' line")
    for w in words:
        if w not in r.err:
            problems.append("stderr lacks %r" % w)
    if t.digest() != before:
        problems.append("the database changed")
    return t.ok(not problems, "%s -> %d" % (desc, code), "; ".join(problems) + "\n" + str(r))


def show(t, sid):
    return t.must("show", sid, "--format", "json").json()


def count(t):
    return t.query("SELECT count(*) FROM statement")[0][0]


def ids_of(t, r, n, desc):
    """The ids that a table-format record --from printed, checked: n
    version 4 uuids, one per line, and nothing else."""
    ids = r.out.splitlines()
    t.ok(r.rc == 0 and len(ids) == n and all(UUID4.match(i) for i in ids)
         and r.out == "".join(i + "\n" for i in ids),
         "%s: %d new ids, one per line" % (desc, n), r)
    return ids


def recorded(t, r, n, desc):
    """r is a table-format record --from of n statements: the ids, and
    exactly 'stance: recorded N statements' on stderr."""
    ids = ids_of(t, r, n, desc)
    want = ["stance: recorded %d statements\n" % n]
    if n == 1:
        want.append("stance: recorded 1 statement\n")
    t.ok(r.err in want, "%s: stderr says how many" % desc, "got:  %r\nwant: %r" % (r.err, want[0]))
    return ids


def strip_recorded(t, st, desc, by="tester"):
    """st without recorded_at, checked to be a UTC timestamp, and with
    recorded_by checked."""
    st = dict(st)
    at = st.pop("recorded_at", None)
    t.ok(at and TIMESTAMP.match(at) and st.get("recorded_by") == by,
         "%s: recorded by %s at a UTC timestamp" % (desc, by), (at, st.get("recorded_by")))
    return st


def pos(issue, stance, point=None, red_line=None, condition=None):
    return {"issue": issue, "stance": stance, "point": point, "red_line": red_line,
            "condition": condition}


def statement(party, actor, said_on, text, kind="quote", source=None, url=None,
              credibility=None, positions=(), sid=None):
    """The show --format json shape without recorded_at."""
    return {"id": sid, "party": party, "actor": actor, "said_on": said_on, "kind": kind,
            "text": text, "source": source, "url": url, "credibility": credibility,
            "recorded_by": "tester", "retracted": None, "positions": list(positions)}


def sound(t, desc):
    r = t.run("check")
    t.ok(r.rc == 0 and r.out == "" and r.err == "", "check is sound " + desc, r)


def texts(t, ids):
    return [show(t, i)["text"] for i in ids]


# ---- every column ---------------------------------------------------------------

@test
def csv_every_column(t):
    t.seed()
    path = write(t, "rows.csv", "\n".join([
        HEADER,
        # every column given; the party agrees with the actor
        'ua,zelenskyy,2025-04-22,"%s",quote,guardian,https://example.org/z?a=1&b=2,2,'
        'crimea-recognition=--!,' % ZELENSKYY_TEXT,
        # the actor alone: the party is the actor's; two positions, spaces
        # around the items, a point, an open position (~), a condition
        # with '=' and ',' in it
        ',svyrydenko,2025-04-23,"%s",paraphrase,x,,3,'
        '" crimea-recognition=-~ ;nato-membership=+@70 ",'
        '"nato-membership=after a ceasefire, = and all"' % SVYRYDENKO_TEXT,
        # the party alone; a point alone with a red line; a leap day
        'us,,2024-02-29,The US plan,proposal,x,,6,nato-membership=@30!,',
        # a report with names of stances; two conditions
        'ru,,2025-01-01,Both,report,,,1,'
        'crimea-recognition=strongly-support;nato-membership=oppose@20,'
        'crimea-recognition=if asked;nato-membership=never',
        # empty cells are absent: kind quote, no source, url, credibility,
        # positions
        'ru,,2025-01-02,Bare,,,,,,',
    ]) + "\n")
    r = t.run("record", "--from", path)
    ids = recorded(t, r, 5, "five rows")
    if len(ids) != 5:
        return
    want = [
        statement("ua", "zelenskyy", "2025-04-22", ZELENSKYY_TEXT, "quote", "guardian",
                  "https://example.org/z?a=1&b=2", 2,
                  [pos("crimea-recognition", "strongly-oppose", red_line=True)]),
        statement("ua", "svyrydenko", "2025-04-23", SVYRYDENKO_TEXT, "paraphrase", "x", None, 3,
                  [pos("crimea-recognition", "oppose", red_line=False),
                   pos("nato-membership", "support", 70,
                       condition="after a ceasefire, = and all")]),
        statement("us", None, "2024-02-29", "The US plan", "proposal", "x", None, 6,
                  [pos("nato-membership", "oppose", 30, True)]),
        statement("ru", None, "2025-01-01", "Both", "report", None, None, 1,
                  [pos("crimea-recognition", "strongly-support", condition="if asked"),
                   pos("nato-membership", "oppose", 20, condition="never")]),
        statement("ru", None, "2025-01-02", "Bare"),
    ]
    labels = ["every column", "actor alone, ~, a point, a condition",
              "party alone, @POINT!", "stance names, two conditions", "empty cells absent"]
    for sid, w, label in zip(ids, want, labels):
        w = dict(w, id=sid)
        st = strip_recorded(t, show(t, sid), label)
        t.eq(st, w, "row read back: " + label)
    listed = t.must("statements", "--format", "json").json()
    t.eq(sorted(s["id"] for s in listed), sorted(ids), "statements lists the five")
    sound(t, "after record --from")


@test
def csv_point_alone_takes_the_stance_of_record(t):
    """A point alone (@30) is stored as `record --position ISSUE=@30` stores
    it: the file and the flag give the same position."""
    t.seed()
    flag = t.must("record", "--party", "us", "--date", "2025-01-01", "--text", "flag",
                  "--position", "nato-membership=@30!").out.strip()
    path = write(t, "p.csv", "party,date,text,positions\nus,2025-01-01,file,nato-membership=@30!\n")
    r = t.run("record", "--from", path)
    ids = recorded(t, r, 1, "a point alone")
    if ids:
        t.eq(show(t, ids[0])["positions"], show(t, flag)["positions"],
             "the file's @30! is the flag's @30!")


@test
def csv_header_rules(t):
    t.seed()
    # any order, any case, spaces around the names; only the required ones
    path = write(t, "h.csv", " Text ,DATE,\tParty\nFirst,2025-03-01,ua\nSecond,2025-03-02,ru\n")
    r = t.run("record", "--from", path)
    ids = recorded(t, r, 2, "header in another order and case, with spaces")
    if len(ids) == 2:
        t.eq([(s["text"], s["said_on"], s["party"], s["kind"], s["positions"])
              for s in map(lambda i: show(t, i), ids)],
             [("First", "2025-03-01", "ua", "quote", []),
              ("Second", "2025-03-02", "ru", "quote", [])],
             "the columns are found by name; kind defaults to quote")
    # the actor instead of the party
    path = write(t, "a.csv", "actor,date,text\nrubio,2025-03-03,Said\n")
    ids = recorded(t, t.run("record", "--from", path), 1, "actor without a party column")
    if ids:
        t.eq((show(t, ids[0])["party"], show(t, ids[0])["actor"]), ("us", "rubio"),
             "the party is the actor's")
    # input order is output order
    rows = ["party,date,text"] + ["ua,2025-03-%02d,row %d" % (i % 28 + 1, i) for i in range(12)]
    path = write(t, "o.csv", "\n".join(rows) + "\n")
    ids = recorded(t, t.run("record", "--from", path), 12, "twelve rows")
    t.eq(texts(t, ids), ["row %d" % i for i in range(12)], "the ids come in input order")


@test
def output_formats(t):
    t.seed()
    path = write(t, "rows.csv", "party,date,text\nua,2025-01-01,one\nru,2025-01-02,two\n")
    r = t.run("record", "--from", path, "--format", "json")
    got = None
    try:
        got = r.json()
    except ValueError:
        pass
    ok = (r.rc == 0 and isinstance(got, dict) and list(got) == ["ids"]
          and len(got["ids"]) == 2 and all(UUID4.match(i) for i in got["ids"]))
    t.ok(ok, "json: {\"ids\": [two uuids]}", r)
    t.eq(r.err, "", "json: nothing on stderr")
    if ok:
        t.eq(texts(t, got["ids"]), ["one", "two"], "json: ids in input order")
    r = t.run("record", "--from", path, "--format", "csv")
    lines = r.out.splitlines()
    t.ok(r.rc == 0 and len(lines) == 3 and lines[0] == "id"
         and all(UUID4.match(i) for i in lines[1:]), "csv: an id header, then one per row", r)
    t.eq(r.err, "stance: recorded 2 statements\n", "csv: stderr says how many")
    if len(lines) == 3:
        t.eq(texts(t, lines[1:]), ["one", "two"], "csv: ids in input order")
    r = t.run("record", "--from", path)
    recorded(t, r, 2, "table")
    t.eq(count(t), 6, "three runs, six statements")
    # the output is written before the commit: a failed write changes nothing
    before = t.digest()
    with open("/dev/full", "wb") as full:
        r = t.run("record", "--from", path, stdout=full)
    t.ok(r.rc == 74 and t.digest() == before, "stdout on a full disk: 74, nothing recorded", r)


# ---- spreadsheets, TSV, JSON Lines, stdin ----------------------------------------

@test
def spreadsheet_bytes(t):
    """A LibreOffice or Excel CSV export: UTF-8 with a BOM, CRLF, fields
    quoted only when they must be, quotes doubled, line breaks inside
    quoted fields as CRLF; an empty line; no line end after the last row."""
    t.seed()
    data = (BOM
            + b"party,actor,date,text,kind,source,url,credibility,positions,conditions\r\n"
            # line 2: commas and doubled quotes inside a quoted field
            + b'ua,zelenskyy,2025-04-22,"He said ""no"", twice, and left.",quote,guardian,,'
            + b'2,crimea-recognition=--!,\r\n'
            # line 3 to 6: a paragraph break (an empty line inside quotes is
            # text, not a skipped line) and a line break inside a field
            + b',svyrydenko,2025-04-23,"First paragraph.\r\n\r\nSecond, \xe2\x80\x9cquoted\xe2'
            + b'\x80\x9d.\r\nThird line.",,x,,,,\r\n'
            # line 7: a completely empty line, skipped
            + b"\r\n"
            # line 8: a quoted condition with a ';' kept for the items, a
            # quoted empty field
            + b'us,,2025-04-24,Plain,proposal,"",,,"nato-membership=+",'
            + b'"nato-membership=if, and only if"\r\n'
            # line 9: the last row, with no line end
            + "ru,,2025-04-25,Кириллица и «ёлочки»,report,,,,,".encode("utf-8"))
    path = write(t, "excel.csv", data)
    r = t.run("record", "--from", path)
    ids = recorded(t, r, 4, "the spreadsheet")
    if len(ids) != 4:
        return
    sts = [show(t, i) for i in ids]
    t.eq(sts[0]["party"], "ua", "the BOM is not part of the first column's name")
    t.eq(sts[0]["text"], 'He said "no", twice, and left.', "commas and doubled quotes")
    t.eq(sts[1]["text"], "First paragraph.\n\nSecond, \u201cquoted\u201d.\nThird line.",
         "CRLF inside a quoted field becomes LF; an empty line inside quotes is kept")
    t.eq((sts[1]["party"], sts[1]["actor"], sts[1]["source"], sts[1]["kind"]),
         ("ua", "svyrydenko", "x", "quote"), "the fields after the multi-line one")
    t.eq((sts[2]["text"], sts[2]["source"], sts[2]["positions"]),
         ("Plain", None, [pos("nato-membership", "support", condition="if, and only if")]),
         "a quoted empty field is absent; quoted items")
    t.eq((sts[3]["text"], sts[3]["kind"]), ("Кириллица и «ёлочки»", "report"),
         "the last row without a line end; UTF-8 text")
    t.ok(all("\r" not in s["text"] for s in sts), "no CR is left in any text",
         [s["text"] for s in sts])
    # a bare LF inside a quoted field (LibreOffice on Linux) stays LF
    path = write(t, "lf.csv", b'party,date,text\r\nua,2025-05-01,"a\nb"\r\n')
    ids = recorded(t, t.run("record", "--from", path), 1, "LF inside quotes")
    if ids:
        t.eq(show(t, ids[0])["text"], "a\nb", "LF inside a quoted field is kept")
    # the error after a multi-line record names the line where its record
    # starts, counting physical lines
    bad = (BOM + b"party,date,text\r\n"
           + b'ua,2025-05-01,"one\r\ntwo\r\nthree"\r\n'     # lines 2-4
           + b"\r\n"                                         # line 5, skipped
           + b'ua,2025-02-30,"four\r\nfive"\r\n')            # line 6
    path = write(t, "bad.csv", bad)
    t.fails(["record", "--from", path], 65, "line 6, column 2 (date)", "'2025-02-30'",
            desc="an error after a multi-line record and an empty line: its physical line")
    path = write(t, "badh.csv", BOM + b"party,date,text,colour\r\nua,2025-01-01,x,red\r\n")
    t.fails(["record", "--from", path], 65, "line 1", "'colour'",
            desc="an unknown column after a BOM: line 1")


@test
def tsv(t):
    t.seed()
    body = ("party\tdate\ttext\tpositions\n"
            'ua\t2025-01-01\tCommas, stay "as they are"\tcrimea-recognition=-\n'
            'ru\t2025-01-02\t"A tab\there and\na line break"\t\n')
    for name in ("rows.tsv", "rows.tab", "rows.txt"):
        path = write(t, name, body)
        r = t.run("record", "--from", path)
        ids = recorded(t, r, 2, name + (" (sniffed: a tab in the first line)"
                                         if name.endswith(".txt") else ""))
        if len(ids) == 2:
            t.eq(texts(t, ids), ['Commas, stay "as they are"', "A tab\there and\na line break"],
                 name + ": fields split on tabs, quoted ones as in RFC 4180")
            t.eq(show(t, ids[0])["positions"], [pos("crimea-recognition", "oppose")],
                 name + ": positions")
    # the extension wins over the sniffing: .csv with tabs is one column
    path = write(t, "tabs.csv", body)
    t.fails(["record", "--from", path], 65, "line 1", desc="a .csv file is CSV, tabs or not")
    path = write(t, "commas.tsv", "party,date,text\nua,2025-01-01,x\n")
    t.fails(["record", "--from", path], 65, "line 1", desc="a .tsv file is TSV, commas or not")
    # sniffed CSV: no tab in the first line, even with tabs later
    path = write(t, "rows.dat", "party,date,text\nua,2025-01-01,a\tb\n")
    ids = recorded(t, t.run("record", "--from", path), 1, "sniffed CSV")
    if ids:
        t.eq(show(t, ids[0])["text"], "a\tb", "sniffed CSV: a tab in a later line is text")


def jsonl_rows():
    return [
        # everything, plus what extract adds (ignored)
        {"party": "ua", "actor": "zelenskyy", "said_on": "2025-04-22", "kind": "quote",
         "text": ZELENSKYY_TEXT, "source": "guardian", "url": "https://example.org/g",
         "credibility": 2, "positions": [pos("crimea-recognition", "strongly-oppose",
                                             red_line=True, condition="ever")],
         "confidence": 0.93, "evidence": "\u201cThere is nothing new\u2026\u201d he said.",
         "speaker_name": "Volodymyr Zelenskyy", "source_name": "The Guardian"},
        # an id to keep, recorded_by and recorded_at to keep (the offset
        # stored in UTC)
        {"id": KNOWN_ID, "party": "ua", "actor": "svyrydenko", "said_on": "2025-04-23",
         "text": SVYRYDENKO_TEXT, "source": "x", "recorded_by": "ann",
         "recorded_at": "2025-04-23T12:00:00+02:00", "retracted": None,
         "positions": [{"issue": "nato-membership", "stance": "support", "point": 70,
                        "red_line": False}]},
        # party null: the actor's
        {"party": None, "actor": "rubio", "said_on": "2025-04-24", "text": "null party",
         "positions": []},
        # party absent: the actor's
        {"actor": "rubio", "said_on": "2025-04-25", "text": "no party", "kind": "report",
         "positions": []},
    ]


@test
def json_lines(t):
    t.seed()
    rows = jsonl_rows()
    # line 3 blank, line 5 spaces only: skipped; the line numbers are physical
    lines = [json.dumps(rows[0], ensure_ascii=False), json.dumps(rows[1]), "",
             json.dumps(rows[2]), "   ", json.dumps(rows[3])]
    data = "\n".join(lines) + "\n"
    path = write(t, "rows.jsonl", data)
    r = t.run("record", "--from", path)
    ids = recorded(t, r, 4, "JSON Lines")
    if len(ids) != 4:
        return
    t.eq(ids[1], KNOWN_ID, "a given id is kept, in its place in the output")
    t.ok(ids[0] != KNOWN_ID and ids[2] != ids[3], "the others get new ids", ids)
    st = strip_recorded(t, show(t, ids[0]), "line 1")
    t.eq(st, statement("ua", "zelenskyy", "2025-04-22", ZELENSKYY_TEXT, "quote", "guardian",
                       "https://example.org/g", 2,
                       [pos("crimea-recognition", "strongly-oppose", red_line=True,
                            condition="ever")], sid=ids[0]),
         "every member read back; confidence, evidence, speaker_name, source_name ignored")
    st = show(t, KNOWN_ID)
    t.eq((st["recorded_by"], st["recorded_at"]), ("ann", "2025-04-23T10:00:00.000Z"),
         "recorded_by and recorded_at given are kept (in UTC)")
    t.eq((st["kind"], st["positions"]),
         ("quote", [pos("nato-membership", "support", 70, False)]),
         "kind omitted: quote; a position with its point and red_line false")
    t.eq([(s["party"], s["actor"], s["kind"]) for s in (show(t, ids[2]), show(t, ids[3]))],
         [("us", "rubio", "quote"), ("us", "rubio", "report")],
         "party null or absent: the actor's")
    t.eq(show(t, ids[2])["recorded_by"], "tester", "recorded_by omitted: the analyst")
    sound(t, "after JSON Lines")

    # by extension: .ndjson and .json; sniffed: '{' after a BOM and blank lines
    rows = [{"party": "ru", "said_on": "2025-05-01", "text": "ext", "positions": []}]
    for name, prefix in (("a.ndjson", b""), ("b.json", b""), ("c.txt", BOM + b"\n \r\n"),
                         ("d", b"\n")):
        path = write(t, name, prefix + json.dumps(rows[0]).encode() + b"\n")
        recorded(t, t.run("record", "--from", path), 1, "JSON Lines in " + name)
    # CRLF between lines
    path = write(t, "crlf.jsonl", (json.dumps(rows[0]) + "\r\n") * 2)
    recorded(t, t.run("record", "--from", path), 2, "JSON Lines with CRLF")


@test
def stdin(t):
    t.seed()
    csv_data = BOM + b"party,date,text\r\nua,2025-06-01,\"from stdin,\r\nCSV\"\r\n"
    r = run_stdin(t, csv_data, "record", "--from", "-")
    ids = recorded(t, r, 1, "CSV on stdin (sniffed)")
    if ids:
        t.eq(show(t, ids[0])["text"], "from stdin,\nCSV", "CSV on stdin read as CSV")
    r = run_stdin(t, "party\tdate\ttext\nru\t2025-06-02\tfrom, stdin\n", "record", "--from", "-")
    ids = recorded(t, r, 1, "TSV on stdin (sniffed)")
    if ids:
        t.eq(show(t, ids[0])["text"], "from, stdin", "TSV on stdin read as TSV")
    line = json.dumps({"party": "us", "said_on": "2025-06-03", "text": "json, stdin",
                       "positions": []})
    r = run_stdin(t, "\n" + line + "\n", "record", "--from", "-", "--format", "json")
    try:
        ok = r.rc == 0 and len(r.json().get("ids", [])) == 1
    except ValueError:
        ok = False
    t.ok(ok, "JSON Lines on stdin (sniffed)", r)
    if ok:
        t.eq(show(t, r.json()["ids"][0])["text"], "json, stdin", "JSON Lines read as JSON")
    fails_stdin(t, "party,date,text\nua,2025-02-30,x\n", ["record", "--from", "-"], 65,
                "line 2, column 2 (date)", "'2025-02-30'", desc="an error on stdin: its line")
    fails_stdin(t, "party,date,text\nua,2025-01-01,x\n", ["record", "--from", "-",
                                                          "--text-file", "-"], 64,
                desc="--from - with --text-file -")


# ---- errors ---------------------------------------------------------------------

def csv_case(row, before=(GOOD, GOOD)):
    """HEADER, the good rows before, the bad row: the bad one on line
    len(before) + 2."""
    return "\n".join([HEADER] + list(before) + [row]) + "\n"


@test
def csv_errors(t):
    t.seed()
    t.record_seed()
    n = count(t)
    big = "x" * 100001
    header_cases = [
        ("unknown column", "party,date,text,colour\n", ["line 1", "'colour'"]),
        ("unknown column, spaced", "party,date,text, Stance \n", ["line 1", "tance"]),
        ("duplicate column", "party,date,text,date\n", ["line 1", "date"]),
        ("duplicate column, in another case", "party,date,text,Date\n", ["line 1"]),
        ("duplicate column, spaced", "party,date, text ,text\n", ["line 1", "text"]),
        ("missing date", "party,text\n", ["line 1", "date"]),
        ("missing text", "party,date\n", ["line 1", "text"]),
        ("missing party and actor", "date,text\n", ["line 1", "party"]),
        ("an empty column name", "party,date,text,\n", ["line 1"]),
    ]
    for desc, header, words in header_cases:
        path = write(t, "h.csv", header + "ua,2025-01-01,x" + ",x" * (header.count(",") - 2)
                     + "\n")
        t.fails(["record", "--from", path], 65, *words, desc="csv: " + desc)
    row_cases = [
        ("too many fields", GOOD + ",extra", ["line 4"]),
        ("too few fields", "ua,,2025-04-22,Short,,,,,", ["line 4"]),
        ("invalid date", "ua,,2025-02-30,x,,,,,,", ["line 4, column 3 (date)", "'2025-02-30'"]),
        ("date not YYYY-MM-DD", "ua,,2025-4-22,x,,,,,,", ["line 4, column 3 (date)",
                                                         "'2025-4-22'"]),
        ("empty date", "ua,,,x,,,,,,", ["line 4, column 3 (date)"]),
        ("empty text", "ua,,2025-04-22,,,,,,,", ["line 4, column 4 (text)"]),
        ("invalid credibility", "ua,,2025-04-22,x,,,,7,,",
         ["line 4, column 8 (credibility)", "'7'"]),
        ("credibility not a digit", "ua,,2025-04-22,x,,,,high,,",
         ["line 4, column 8 (credibility)", "'high'"]),
        ("invalid kind", "ua,,2025-04-22,x,empire,,,,,", ["line 4, column 5 (kind)",
                                                          "'empire'"]),
        ("unknown party", "nz,,2025-04-22,x,,,,,,", ["line 4, column 1 (party)",
                                                      "unknown party 'nz'"]),
        ("unknown actor", ",putin,2025-04-22,x,,,,,,", ["line 4, column 2 (actor)",
                                                         "unknown actor 'putin'"]),
        ("party contradicts actor", "ru,zelenskyy,2025-04-22,x,,,,,,",
         ["line 4", "contradicts"]),
        ("neither party nor actor", ",,2025-04-22,x,,,,,,", ["line 4"]),
        ("unknown source", "ua,,2025-04-22,x,,reuters,,,,", ["line 4, column 6 (source)",
                                                              "unknown source 'reuters'"]),
        ("unknown issue", "ua,,2025-04-22,x,,,,,crimea=+,", ["line 4, column 9 (positions)",
                                                              "unknown issue 'crimea'"]),
        ("bad position", "ua,,2025-04-22,x,,,,,crimea-recognition=+++,",
         ["line 4, column 9 (positions)", "'+++'"]),
        ("position without '='", "ua,,2025-04-22,x,,,,,crimea-recognition,",
         ["line 4, column 9 (positions)", "'crimea-recognition'"]),
        ("point out of range", "ua,,2025-04-22,x,,,,,crimea-recognition=@101,",
         ["line 4, column 9 (positions)", "101"]),
        ("an issue twice", "ua,,2025-04-22,x,,,,,crimea-recognition=+;crimea-recognition=-,",
         ["line 4, column 9 (positions)", "crimea-recognition"]),
        ("condition without its position",
         "ua,,2025-04-22,x,,,,,crimea-recognition=+,nato-membership=if asked",
         ["line 4, column 10 (conditions)", "nato-membership"]),
        ("condition without '='", "ua,,2025-04-22,x,,,,,crimea-recognition=+,if asked",
         ["line 4, column 10 (conditions)", "'if asked'"]),
        ("text over 100,000 bytes", "ua,,2025-04-22,%s,,,,,," % big,
         ["line 4, column 4 (text)", "100001"]),
    ]
    for desc, row, words in row_cases:
        path = write(t, "r.csv", csv_case(row))
        t.fails(["record", "--from", path], 65, *words, desc="csv: " + desc)
    byte_cases = [
        ("invalid UTF-8", b"ua,,2025-04-22,bad \xff\xfe byte,,,,,,", ["line 4, column 4 (text)"]),
        ("a UTF-16 surrogate", b"ua,,2025-04-22,s \xed\xa0\x80,,,,,,", ["line 4"]),
        ("a NUL", b"ua,,2025-04-22,nul \x00 here,,,,,,", ["line 4"]),
    ]
    for desc, row, words in byte_cases:
        path = write(t, "b.csv", csv_case("").encode()[:-1] + row + b"\n")
        t.fails(["record", "--from", path], 65, *words, desc="csv: " + desc)
    # an unclosed quote: the line where its record starts
    path = write(t, "q.csv", "\n".join([HEADER, GOOD, 'ua,,2025-04-22,"never closed,,,,,,',
                                        GOOD, GOOD]) + "\n")
    t.fails(["record", "--from", path], 65, "line 3", desc="csv: an unclosed quote")
    # a text of exactly 100,000 bytes is fine
    path = write(t, "max.csv", csv_case("ua,,2025-04-22,%s,,,,,," % ("y" * 100000), ()))
    recorded(t, t.run("record", "--from", path), 1, "a text of exactly 100,000 bytes")
    t.eq(count(t), n + 1, "only the good file recorded anything")
    # with the header in another order, the column is the file's
    path = write(t, "o.csv", "text,date,party\nx,2025-01-01,ua\ny,2025-13-01,ua\n")
    t.fails(["record", "--from", path], 65, "line 3, column 2 (date)", "'2025-13-01'",
            desc="csv: the column number and name of the file's own order")
    path = write(t, "o.tsv", "text\tparty\tdate\nx\tua\t2025-01-01\ny\tnz\t2025-01-02\n")
    t.fails(["record", "--from", path], 65, "line 3, column 2 (party)", "'nz'",
            desc="tsv: an unknown party, its line and column")
    # the message is one line even when the value holds a line break
    path = write(t, "nl.csv", 'party,date,text\nua,"2025-01-01\nagain",x\n')
    t.fails(["record", "--from", path], 65, "line 2, column 2 (date)",
            desc="csv: a bad value with a line break, one line of error")


@test
def json_lines_errors(t):
    t.seed()
    t.record_seed()
    good = json.dumps({"party": "ua", "said_on": "2025-01-01", "text": "ok", "positions": []})

    def line(**members):
        base = {"party": "ua", "said_on": "2025-01-01", "text": "bad", "positions": []}
        base.update(members)
        return json.dumps({k: v for k, v in base.items() if v is not Ellipsis})

    cases = [
        ("invalid JSON", '{"party": "ua", "said_on": ', ["line 3"]),
        ("trailing garbage", good + " x", ["line 3"]),
        ("an array", "[1, 2]", ["line 3"]),
        ("a string", '"just text"', ["line 3"]),
        ("a number", "42", ["line 3"]),
        ("null party and actor", line(party=None, actor=None),
         ["line 3", "fill in the party or actor"]),
        ("extract's unknown speaker", line(party=None, actor=None, speaker_name="An official",
                                           confidence=0.4, evidence="x"),
         ["line 3", "fill in the party or actor"]),
        ("no party and no actor", line(party=...), ["line 3"]),
        ("retracted", line(retracted={"at": "2025-01-02T00:00:00.000Z", "by": "ann",
                                      "reason": "dup"}), ["line 3", "retracted"]),
        ("positions missing", line(positions=...), ["line 3", "positions"]),
        ("positions not an array", line(positions="crimea-recognition=+"), ["line 3"]),
        ("invalid date", line(said_on="2025-02-30"), ["line 3", "'2025-02-30'"]),
        ("text missing", line(text=...), ["line 3", "text"]),
        ("text over 100,000 bytes", line(text="x" * 100001), ["line 3", "100001"]),
        ("unknown party", line(party="nz"), ["line 3", "unknown party 'nz'"]),
        ("unknown actor", line(actor="putin"), ["line 3", "unknown actor 'putin'"]),
        ("party contradicts actor", line(actor="rubio"), ["line 3", "contradicts"]),
        ("unknown source", line(source="reuters"), ["line 3", "unknown source 'reuters'"]),
        ("invalid credibility", line(credibility=9), ["line 3", "credibility"]),
        ("invalid kind", line(kind="empire"), ["line 3", "'empire'"]),
        ("unknown issue", line(positions=[{"issue": "crimea", "stance": "support"}]),
         ["line 3", "unknown issue 'crimea'"]),
        ("bad stance", line(positions=[{"issue": "crimea-recognition", "stance": "maybe"}]),
         ["line 3", "maybe"]),
        ("an issue twice", line(positions=[{"issue": "crimea-recognition", "stance": "support"},
                                           {"issue": "crimea-recognition", "stance": "oppose"}]),
         ["line 3", "crimea-recognition"]),
        ("an invalid id", line(id="not-a-uuid"), ["line 3", "'not-a-uuid'"]),
        ("invalid recorded_at", line(recorded_at="yesterday"), ["line 3", "'yesterday'"]),
    ]
    for desc, bad, words in cases:
        path = write(t, "e.jsonl", "\n".join([good, good, bad]) + "\n")
        t.fails(["record", "--from", path], 65, *words, desc="jsonl: " + desc)
    path = write(t, "u.jsonl", good.encode() + b"\n" + good.encode() + b"\n"
                 + b'{"party": "ua", "said_on": "2025-01-01", "text": "\xff", "positions": []}\n')
    t.fails(["record", "--from", path], 65, "line 3", desc="jsonl: invalid UTF-8")
    # ids: twice in the file (the second occurrence), or already in the
    # database
    first = line(id=OTHER_ID, text="first")
    path = write(t, "d.jsonl", "\n".join([first, good, line(id=OTHER_ID, text="again")]) + "\n")
    t.fails(["record", "--from", path], 65, "line 3", OTHER_ID,
            desc="jsonl: an id twice in the file")
    z = t.query("SELECT uuid FROM statement ORDER BY said_on LIMIT 1")[0][0]
    path = write(t, "k.jsonl", "\n".join([good, line(id=z)]) + "\n")
    t.fails(["record", "--from", path], 65, "line 2", z,
            desc="jsonl: an id already in the database")
    # blank lines count: the bad line is the fifth
    path = write(t, "b.jsonl", "\n".join([good, "", good, "  ", line(said_on="2025-4-1")]) + "\n")
    t.fails(["record", "--from", path], 65, "line 5", desc="jsonl: blank lines are counted")
    t.eq(count(t), 2, "nothing recorded by any of them")


# ---- all or nothing, --dry-run -------------------------------------------------------

@test
def all_or_nothing(t):
    t.seed()
    t.record_seed()
    rows = ["ua,,2025-01-%02d,row %d,,,,,crimea-recognition=+,crimea-recognition=c%d"
            % (i % 28 + 1, i, i) for i in range(49)]
    for desc, last, words in (
            ("a bad date", "ua,,2025-02-30,row 49,,,,,,", ["line 51, column 3 (date)"]),
            ("an unknown party", "nz,,2025-01-01,row 49,,,,,,", ["line 51", "'nz'"]),
            ("an unknown issue", "ua,,2025-01-01,row 49,,,,,nato=+,", ["line 51", "'nato'"])):
        path = write(t, "fifty.csv", "\n".join([HEADER] + rows + [last]) + "\n")
        t.fails(["record", "--from", path], 65, *words,
                desc="50 rows, the last with %s: nothing recorded" % desc)
        # no line end after the last row
        path = write(t, "fifty.csv", "\n".join([HEADER] + rows + [last]))
        t.fails(["record", "--from", path], 65, *words,
                desc="50 rows, the last with %s and no line end" % desc)
    t.eq(count(t), 2, "the database holds the two statements it had")
    def json_row(i, **id_):
        return json.dumps(dict(id_, party="ru", said_on="2025-02-01", text="json %d" % i,
                               positions=[]))
    lines = ([json_row(0, id=OTHER_ID)] + [json_row(i) for i in range(1, 49)]
             + [json_row(49, id=OTHER_ID)])
    path = write(t, "fifty.jsonl", "\n".join(lines) + "\n")
    t.fails(["record", "--from", path], 65, "line 50", OTHER_ID,
            desc="50 JSON lines, the last repeating the first's id: nothing recorded")
    # and the same 50 rows with a good last row go in together
    path = write(t, "fifty.csv", "\n".join([HEADER] + rows + [GOOD]) + "\n")
    ids = recorded(t, t.run("record", "--from", path), 50, "50 good rows")
    t.eq(count(t), 52, "all fifty recorded")
    t.eq(t.query("SELECT count(*) FROM position WHERE condition IS NOT NULL"), [(49,)],
         "with their conditions")
    if len(ids) == 50:
        t.eq(texts(t, ids[:3]) + texts(t, ids[-1:]), ["row 0", "row 1", "row 2", "Good row"],
             "in input order")
    sound(t, "after fifty rows")


@test
def dry_run(t):
    t.seed()
    t.record_seed()
    csv_path = write(t, "rows.csv", "party,date,text,positions\nua,2025-01-01,a,"
                     "crimea-recognition=+\nru,2025-01-02,b,\nus,2025-01-03,c,\n")
    before = t.digest()
    r = t.run("record", "--from", csv_path, "--dry-run")
    t.ok(r.rc == 0 and r.out == "", "--dry-run: exit 0, nothing on stdout", r)
    t.eq(r.err, "stance: 3 statements are valid; nothing recorded (--dry-run)\n",
         "--dry-run: the count on stderr")
    t.ok(t.digest() == before, "--dry-run: the database unchanged", r)
    r = t.run("record", "--from", csv_path, "--dry-run", "--format", "json")
    got = None
    try:
        got = r.json()
    except ValueError:
        pass
    t.eq(got, {"ids": [], "checked": 3}, "--dry-run in json: {\"ids\": [], \"checked\": 3}")
    t.ok(t.digest() == before, "--dry-run in json: the database unchanged", r)
    r = t.run("--format", "csv", "record", "--dry-run", "--from", csv_path)
    t.ok(r.rc == 0 and t.digest() == before and "nothing recorded" in r.err,
         "--dry-run in csv: nothing recorded", r)
    # references and ids are checked too
    path = write(t, "bad.csv", "party,date,text\nua,2025-01-01,a\nnz,2025-01-02,b\n")
    t.fails(["record", "--from", path, "--dry-run"], 65, "line 3", "'nz'",
            desc="--dry-run checks the references")
    z = t.query("SELECT uuid FROM statement LIMIT 1")[0][0]
    path = write(t, "bad.jsonl", json.dumps({"id": z, "party": "ua", "said_on": "2025-01-01",
                                             "text": "x", "positions": []}) + "\n")
    t.fails(["record", "--from", path, "--dry-run"], 65, "line 1", z,
            desc="--dry-run checks the ids against the database")
    r = run_stdin(t, "party,date,text\nua,2025-01-01,a\n", "record", "--from", "-", "--dry-run")
    t.ok(r.rc == 0 and r.out == "" and t.digest() == before
         and r.err in ("stance: 1 statements are valid; nothing recorded (--dry-run)\n",
                       "stance: 1 statement is valid; nothing recorded (--dry-run)\n"),
         "--dry-run on stdin", r)
    t.eq(count(t), 2, "nothing recorded by any dry run")
    recorded(t, t.run("record", "--from", csv_path), 3, "the same file for real")


@test
def usage_errors(t):
    t.seed()
    path = write(t, "rows.csv", "party,date,text\nua,2025-01-01,a\n")
    text_path = write(t, "text.txt", "hello\n")
    for flag, value in (("--party", "ua"), ("--actor", "zelenskyy"), ("--date", "2025-01-01"),
                        ("--text", "t"), ("--text-file", text_path), ("--kind", "quote"),
                        ("--source", "x"), ("--url", "https://example.org"),
                        ("--credibility", "2"), ("--position", "crimea-recognition=+"),
                        ("--condition", "crimea-recognition=c")):
        t.fails(["record", "--from", path, flag, value], 64,
                desc="--from with %s" % flag)
    t.fails(["record", "--party", "ua", "--date", "2025-01-01", "--text", "t", "--dry-run"], 64,
            desc="--dry-run without --from")
    t.fails(["record", "--dry-run"], 64, desc="--dry-run alone")
    t.fails(["record", "--from"], 64, desc="--from without its value")
    t.fails(["record", "--from", path, "--from", path], 64, desc="--from twice")
    t.fails(["record", "--from", os.path.join(t.dir, "missing.csv")], 66, "missing.csv",
            desc="--from a missing file")
    t.fails(["record", "--from", os.path.join(t.dir, "missing.csv"), "--dry-run"], 66,
            desc="--from a missing file, --dry-run")
    t.eq(count(t), 0, "nothing recorded")
    os.remove(t.db)
    t.fails(["record", "--from", path], 66, "no database", desc="--from without a database",
            unchanged=False)
    t.ok(not os.path.exists(t.db), "record --from creates no database")


# ---- --text-file ----------------------------------------------------------------------

@test
def text_file(t):
    t.seed()
    base = ["record", "--party", "ua", "--date", "2025-04-22"]

    def from_file(name, data, desc):
        path = write(t, name, data)
        r = t.run(*base, "--text-file", path)
        sid = r.out.strip()
        t.ok(r.rc == 0 and UUID4.match(sid) and r.out == sid + "\n", desc + ": recorded", r)
        return show(t, sid)["text"] if r.rc == 0 else None

    quote = 'He said: "We will not \'recognise\' it."\nAnd then:\n\n\t\u201cNever.\u201d'
    t.eq(from_file("q.txt", quote + "\n", "quotes and newlines"), quote,
         "--text-file: quotes, tabs and line breaks kept, the final newline dropped")
    t.eq(from_file("n.txt", "two newlines\n\n", "two final newlines"), "two newlines\n",
         "only one final newline is dropped")
    t.eq(from_file("c.txt", "crlf\r\n", "CRLF"), "crlf", "a final CRLF is dropped")
    t.eq(from_file("cc.txt", "crlf twice\r\n\r\n", "two CRLF"), "crlf twice\r\n",
         "only one final CRLF is dropped")
    t.eq(from_file("none.txt", "no newline", "no final newline"), "no newline",
         "a text without a final newline is kept whole")
    t.eq(from_file("bom.txt", BOM + "with a BOM\n".encode(), "BOM"), "with a BOM",
         "a BOM at the start is dropped, and the final newline")
    t.eq(from_file("mid.txt", "a\ufeffb", "BOM inside"), "a\ufeffb",
         "a BOM elsewhere is text")
    t.eq(from_file("sp.txt", "  spaced  \n", "spaces"), "  spaced  ",
         "spaces are kept")
    t.eq(from_file("max.txt", "z" * 100000 + "\n", "100,000 bytes and a newline"), "z" * 100000,
         "a text of exactly 100,000 bytes, its newline dropped")
    t.eq(from_file("maxbom.txt", BOM + b"w" * 100000 + b"\r\n", "BOM, 100,000 bytes, CRLF"),
         "w" * 100000, "a BOM and a CRLF do not count towards the limit")
    # stdin
    r = run_stdin(t, BOM + 'From "stdin"\nsecond line\r\n'.encode(), *base, "--text-file", "-")
    sid = r.out.strip()
    t.ok(r.rc == 0 and UUID4.match(sid), "--text-file -: reads stdin", r)
    if r.rc == 0:
        t.eq(show(t, sid)["text"], 'From "stdin"\nsecond line', "stdin: BOM and CRLF dropped")
    r = run_stdin(t, "json\n", *base, "--text-file", "-", "--format", "json")
    t.ok(r.rc == 0 and list(r.json()) == ["id"] and show(t, r.json()["id"])["text"] == "json",
         "--text-file - with --format json: {\"id\"}", r)
    # with the other flags
    path = write(t, "z.txt", ZELENSKYY_TEXT + "\n")
    r = t.run("record", "--actor", "zelenskyy", "--date", "2025-04-22", "--source", "guardian",
              "--text-file", path, "--position", "crimea-recognition=--!")
    if r.rc == 0:
        st = show(t, r.out.strip())
        t.eq((st["party"], st["text"], st["positions"][0]["red_line"]),
             ("ua", ZELENSKYY_TEXT, True), "--text-file with --actor and --position")
    else:
        t.ok(False, "--text-file with --actor and --position", r)
    n = count(t)
    # refusals
    t.fails(base + ["--text-file", os.path.join(t.dir, "missing.txt")], 66, "missing.txt",
            desc="--text-file a missing file")
    t.fails(base + ["--text", "t", "--text-file", path], 64, desc="--text and --text-file")
    t.fails(base, 64, desc="neither --text nor --text-file")
    t.fails(["record", "--party", "ua", "--text-file", path], 64, desc="--text-file without --date")
    t.fails(base + ["--text-file"], 64, desc="--text-file without its value")
    big = write(t, "big.txt", "x" * 100001)
    t.fails(base + ["--text-file", big], 65, desc="--text-file of 100,001 bytes")
    big = write(t, "big2.txt", "x" * 100001 + "\n")
    t.fails(base + ["--text-file", big], 65, desc="--text-file of 100,001 bytes and a newline")
    nul = write(t, "nul.txt", b"a\x00b\n")
    t.fails(base + ["--text-file", nul], 65, "NUL", desc="--text-file holding a NUL")
    bad = write(t, "bad.txt", b"bad \xff byte\n")
    t.fails(base + ["--text-file", bad], 65, "UTF-8", desc="--text-file not UTF-8")
    empty = write(t, "empty.txt", b"")
    t.fails(base + ["--text-file", empty], 65, "empty", desc="--text-file of an empty file")
    nl = write(t, "nl.txt", b"\n")
    t.fails(base + ["--text-file", nl], 65, "empty", desc="--text-file of a lone newline")
    bom = write(t, "bomonly.txt", BOM + b"\n")
    t.fails(base + ["--text-file", bom], 65, "empty", desc="--text-file of a BOM and a newline")
    fails_stdin(t, b"x" * 100001, base + ["--text-file", "-"], 65,
                desc="--text-file - of 100,001 bytes")
    fails_stdin(t, b"", base + ["--text-file", "-"], 65, "empty",
                desc="--text-file - with nothing on stdin")
    t.eq(count(t), n, "no refused text was recorded")


sys.exit(main())
