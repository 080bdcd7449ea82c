#!/usr/bin/env python3
"""The report in a browser: headless Chromium renders the report of the
bundled example from a file:// URL, with the network and every background
service off. The DOM it builds must hold the heat-map cells, the grid and
the timelines; the screenshot, decoded here with zlib and struct, must not
be blank. Then the page printed to an A4 PDF (chromium --print-to-pdf):
its pages, rendered by pdftoppm (poppler-utils), are A4 and none is blank,
and its text (pdftotext) holds every issue's title whole, every party's
name and every quote: nothing is cut at the page's edge or a column's
width. With STANCE_REPORT_PNG=PATH the screenshot is also kept there
(docs/report.png is made so).

Without chromium (or poppler-utils, for the PDF) the test skips, unless the
CI environment variable is set: scripts/test installs both, and CI must not
pass without them."""

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

BIN = os.environ.get("STANCE_BIN", "")
SOURCE = os.environ.get("STANCE_SOURCE_ROOT", "")
EXAMPLE = os.path.join(SOURCE, "examples", "ukraine-talks-2025-04.json")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
_count = 0


def ok(cond, desc, diag=None):
    global _count
    _count += 1
    print(("ok" if cond else "not ok") + " %d - %s" % (_count, desc))
    if not cond and diag:
        for line in str(diag).splitlines()[:40]:
            print("# " + line)
    sys.stdout.flush()
    return bool(cond)


def png_pixels(data):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError("unsupported PNG: depth %d, colour type %d" % (depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    raw = zlib.decompress(b"".join(idat))
    stride, rows, prev = width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xff
        elif f == 2:
            line = bytearray((a + b) & 0xff for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xff
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xff
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def blank(path):
    """Whether the PNG at path is all one colour, or near enough."""
    with open(path, "rb") as f:
        width, height, bpp, rows = png_pixels(f.read())
    inked = sum(1 for row in rows[::3] for x in range(0, width * bpp, 3 * bpp)
                if row[x:x + 3] != b"\xff\xff\xff")
    return inked < 50


def words(text):
    """Text with every run of white space one space, as pdftotext wraps."""
    return " ".join(text.split())


def check_pdf(chromium, db, tmp):
    tools = [shutil.which(n) for n in ("pdftoppm", "pdftotext", "pdfinfo")]
    if not all(tools):
        if os.environ.get("CI"):
            ok(False, "poppler-utils is installed (scripts/test installs it)")
        else:
            ok(True, "the PDF # SKIP poppler-utils is not installed (apt-get install "
               "poppler-utils)")
        return
    pdf = os.path.join(tmp, "report.pdf")
    r = chromium("--no-pdf-header-footer", "--print-to-pdf=" + pdf)
    if not ok(r.returncode == 0 and os.path.isfile(pdf), "chromium prints the page to PDF",
              r.stderr.decode()[-2000:]):
        return
    info = subprocess.run([tools[2], pdf], stdout=subprocess.PIPE, timeout=60).stdout.decode()
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    # A4 is 210 x 297 mm: 595.3 x 841.9 pt
    ok(size and abs(float(size.group(1)) - 595.3) < 2 and abs(float(size.group(2)) - 841.9) < 2,
       "the PDF's pages are A4", info)
    ok(2 <= pages <= 30, "it has %d pages" % pages)
    prefix = os.path.join(tmp, "page")
    r = subprocess.run([tools[0], "-r", "30", "-png", pdf, prefix], stderr=subprocess.PIPE,
                       timeout=120)
    pngs = sorted(n for n in os.listdir(tmp) if n.startswith("page") and n.endswith(".png"))
    ok(r.returncode == 0 and len(pngs) == pages, "pdftoppm renders every page (%d)" % len(pngs),
       r.stderr.decode())
    empty = [n for n in pngs if blank(os.path.join(tmp, n))]
    ok(pngs and not empty, "and none is blank", empty)
    text = words(subprocess.run([tools[1], "-enc", "UTF-8", pdf, "-"], stdout=subprocess.PIPE,
                                timeout=60).stdout.decode())

    def listed(kind):
        out = subprocess.run([BIN, "--db", db, kind, "list", "--format", "json"],
                             stdout=subprocess.PIPE, timeout=60).stdout.decode()
        return json.loads(out)
    # the grid's printed text, where the titles were cut at about 15 characters
    grid = text.split("Positions: issues \u00d7 parties", 1)[-1].split("Timelines Each", 1)[0]
    cut = [i["title"] for i in listed("issue") if words(i["title"]) not in grid]
    ok(grid != text and not cut, "the printed grid holds every issue's title in full", cut)
    ok(all(p["name"] in text for p in listed("party")), "and every party's name")
    out = subprocess.run([BIN, "--db", db, "statements", "--format", "json"],
                         stdout=subprocess.PIPE, timeout=60).stdout.decode()
    quotes = [s["text"] for s in json.loads(out) if s["kind"] == "quote" and s["positions"]]
    missing = [q for q in quotes if words(q) not in text]
    ok(quotes and not missing, "and every quote whole", missing)


def main():
    if not BIN:
        print("1..0 # SKIP STANCE_BIN is not set")
        return 0
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        if os.environ.get("CI"):
            ok(False, "chromium is installed (scripts/test installs Debian's chromium)")
            print("1..%d" % _count)
            return 0
        print("1..0 # SKIP chromium is not installed (apt-get install chromium)")
        return 0
    tmp = tempfile.mkdtemp(prefix="stance-browser-")
    try:
        db, page = os.path.join(tmp, "talks.db"), os.path.join(tmp, "report.html")
        for args in (["init"], ["import", EXAMPLE], ["report", "-o", page]):
            r = subprocess.run([BIN, "--db", db] + args, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=60)
            if not ok(r.returncode == 0, "stance " + " ".join(args[:1]), r.stderr.decode()):
                return 0
        shot = os.path.join(tmp, "report.png")

        def chromium(*extra):
            profile = tempfile.mkdtemp(dir=tmp)
            return subprocess.run([browser] + FLAGS + ["--user-data-dir=" + profile]
                                  + list(extra) + ["file://" + page],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)

        r = chromium("--dump-dom")
        dom = r.stdout.decode("utf-8", "replace")
        ok(r.returncode == 0 and "</html>" in dom, "chromium renders the page and dumps its DOM",
           r.stderr.decode()[-2000:])
        # the heat maps' cells as the browser parsed them (SVG in HTML)
        cells = dom.count('<rect class="cell"')
        ok(cells == 2 * 4 * 4, "the DOM holds the heat maps' SVG cells (%d)" % cells)
        ok(dom.count('class="point"') > 10, "and the timelines' points")
        ok('<table class="grid">' in dom and "crimea-recognition" in dom, "and the grid")
        r = chromium("--screenshot=" + shot, "--window-size=1280,2000")
        ok(r.returncode == 0 and os.path.isfile(shot), "chromium takes a screenshot",
           r.stderr.decode()[-2000:])
        if not os.path.isfile(shot):
            return 0
        with open(shot, "rb") as f:
            width, height, bpp, rows = png_pixels(f.read())
        ok((width, height) == (1280, 2000), "the screenshot is 1280x2000 (%dx%d)" % (width, height))
        colours, inked = set(), 0
        for row in rows[::4]:
            for x in range(0, width * bpp, 4 * bpp):
                px = row[x:x + 3]
                colours.add(px)
                inked += px != b"\xff\xff\xff"
        ok(len(colours) > 50, "the screenshot is not blank: %d colours" % len(colours))
        total = len(rows[::4]) * len(range(0, width * bpp, 4 * bpp))
        ok(inked > total // 20, "and %d%% of it is not white" % (100 * inked // total))
        keep = os.environ.get("STANCE_REPORT_PNG")
        if keep:
            shutil.copyfile(shot, keep)
        check_pdf(chromium, db, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % _count)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
