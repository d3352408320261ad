#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""struct_order.py PROTOCOL.xml STRUCT.txt: the text a screen reader reads
(poppler's `pdfinfo -struct-text`, the structure tree in its order) holds
every printed text of the protocol's paragraphs, in the XML's order: nothing
lost, nothing reordered (case numbers, shown beside the title, only present). Also: one Sect per paragraph, each opening with an
H2 whose Lbl is "§ N", in the XML's order.

White space is ignored (lines wrap), everything else is compared as written.
Exit 0 when it holds; otherwise the first texts that were not found."""
import re
import sys
import xml.etree.ElementTree as ET

NS = "{urn:justera:protokoll:1}"


def printed_texts(paragraph):
    """The texts the renderer prints for one paragraph, in document order."""
    out = []

    def walk(e):
        tag = e.tag.replace(NS, "")
        if tag in ("decision", "section") and e.get("heading"):
            out.append(e.get("heading"))
        if tag in ("title", "preamble", "text", "item", "p", "heading") and (e.text or "").strip():
            out.append(e.text)
        for child in e:
            walk(child)

    # The decision is shown where the text wrote it: after sectionsBefore sections.
    children = list(paragraph)
    decision = [c for c in children if c.tag == NS + "decision"]
    if decision and decision[0].get("sectionsBefore"):
        children.remove(decision[0])
        sections = [k for k, c in enumerate(children) if c.tag == NS + "section"]
        n = int(decision[0].get("sectionsBefore"))
        at = sections[n - 1] + 1 if 0 < n <= len(sections) else len(children)
        children.insert(at, decision[0])
    for child in children:
        walk(child)
    return out


def struct_lines(path):
    """(indent, line) for every line of pdfinfo -struct-text."""
    with open(path, encoding="utf-8") as f:
        return [(len(l) - len(l.lstrip(" ")), l.strip()) for l in f.read().splitlines() if l.strip()]


def main():
    xml_path, struct_path = sys.argv[1], sys.argv[2]
    root = ET.parse(xml_path).getroot()
    paragraphs = root.findall(f".//{NS}paragraphs/{NS}paragraph")
    lines = struct_lines(struct_path)
    # From the first paragraph on (the front page lists some paragraphs' titles too).
    start = next((k for k, (_, l) in enumerate(lines) if k > 0 and lines[k - 1][1].startswith("Lbl") and re.fullmatch(r'"§ \d+ ?"', l)), 0)
    texts = [l[1:-1] for _, l in lines[start:] if l.startswith('"') and l.endswith('"')]
    flat = re.sub(r"\s+", "", "".join(texts))

    failures = []
    # 1. Every printed text, in order.
    cursor = 0
    checked = 0
    for para in paragraphs:
        for t in printed_texts(para):
            want = re.sub(r"\s+", "", t)
            if not want:
                continue
            checked += 1
            at = flat.find(want, cursor)
            if at < 0:
                earlier = flat.find(want)
                failures.append(f"§ {para.get('number')}: " + ("out of order" if earlier >= 0 else "missing") + f": {t[:80]!r}")
                continue
            cursor = at + len(want)

    # Case numbers are shown beside the title, wherever the text had them.
    for para in paragraphs:
        for c in para.findall(f"{NS}caseNumber"):
            checked += 1
            if re.sub(r"\s+", "", c.text or "") not in flat:
                failures.append(f"§ {para.get('number')}: case number missing: {c.text!r}")

    # 2. The paragraphs' headings: Sect > H2 > Lbl "§ N", in the XML's order.
    labels = []
    for k, (indent, l) in enumerate(lines):
        if l.startswith("H2") and k + 2 < len(lines) and lines[k + 1][1].startswith("Lbl"):
            labels.append(lines[k + 2][1].strip('"').strip())
    want_labels = [f"§ {p.get('number')}" for p in paragraphs]
    if labels != want_labels:
        failures.append(f"paragraph headings in the structure {labels[:5]}... differ from the XML's {want_labels[:5]}...")
    sects = sum(1 for _, l in lines if l == "Sect")
    if sects < len(paragraphs):
        failures.append(f"{sects} Sect elements for {len(paragraphs)} paragraphs")

    if checked == 0:
        failures.append("no printed text found in the XML")
    for f in failures[:8]:
        print("  " + f)
    print(f"{checked} texts of {len(paragraphs)} paragraphs checked in structure order, {len(failures)} problems")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
