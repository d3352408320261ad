#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""element_lang.py QDF.pdf STRUCT.txt: each structure element's own /Lang
with the text poppler reads for that element.

QDF.pdf is a `qpdf --qdf` copy (objects uncompressed, one per "N 0 obj");
STRUCT.txt is `pdfinfo -struct-text` of the same file. The structure tree is
walked in the same order poppler prints it (depth first, /K in order), so the
n-th element here is the n-th element there. Prints one line per element that
has a /Lang: "LANG<TAB>TYPE<TAB>TEXT" (its text as poppler printed it, the
text lines joined). Exit 2 when the two walks do not agree on the types."""
import re
import sys

qdf = open(sys.argv[1], "rb").read().decode("latin-1")
objects = {}
for m in re.finditer(r"(?m)^(\d+) 0 obj\n(.*?)^endobj", qdf, re.S):
    objects[int(m.group(1))] = m.group(2)


def dictionary(n):
    body = objects.get(n, "")
    return body.split("stream\n", 1)[0]


def refs_in_k(body):
    """The element references in an element's /K, in order (MCIDs and OBJRs skipped)."""
    m = re.search(r"/K\s*(\[.*?\]|\d+ 0 R|\d+)", body, re.S)
    if not m:
        return []
    out = []
    for r in re.findall(r"(\d+) 0 R", m.group(1)):
        d = dictionary(int(r))
        # An element: an /S key of its own (qdf writes one key per line) and no
        # /Type but StructElem (not a page, an annotation, an MCR's page).
        if re.search(r"(?m)^  /S /\w+$", d) and not re.search(r"(?m)^  /Type /(?!StructElem$)\w+$", d):
            out.append(int(r))
    return out


walk = []  # (type, lang)


def visit(n):
    d = dictionary(n)
    s = re.search(r"(?m)^  /S /(\w+)$", d).group(1)
    lang = re.search(r"/Lang\s*\(([^)]*)\)", d)
    walk.append((s, lang.group(1) if lang else None))
    for kid in refs_in_k(d):
        visit(kid)


catalog = next(n for n, b in objects.items() if re.search(r"/Type\s*/Catalog", dictionary(n)))
root = int(re.search(r"/StructTreeRoot\s+(\d+) 0 R", dictionary(catalog)).group(1))
for top in refs_in_k(dictionary(root)):
    visit(top)

# poppler: an element is a line "<indent>Type" (optionally " (block)" or ":"),
# its text lines are quoted, attribute lines start with "/", objects "Object N 0".
printed = []  # [type, [texts]]
for line in open(sys.argv[2], encoding="utf-8"):
    stripped = line.strip()
    if not stripped or stripped.startswith("/") or stripped.startswith("Object "):
        continue
    if stripped.startswith('"'):
        if printed:
            printed[-1][1].append(stripped.strip('"'))
        continue
    printed.append([re.match(r"(\w+)", stripped).group(1), []])

if [t for t, _ in walk] != [t for t, _ in printed]:
    print("the structure tree and poppler's reading differ", file=sys.stderr)
    sys.exit(2)
for (s, lang), (_, texts) in zip(walk, printed):
    if lang is not None:
        print(f"{lang}\t{s}\t{' '.join(texts)}")
