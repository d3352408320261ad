#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The DOCX fixtures read as their text versions are read.

Usage: docx_facts.py JUSTERA SOURCE_DIR

Each fixture of tests/fixtures/docx/ is a protocol of the corpus written as
a Word document (make_docx.py). For each, with `justera info --json`:
- the facts of the corpus answer key (organ, meeting date, justerare,
  sekreterare, ordförande, each § with its title, case numbers and immediate
  flag) are all right;
- every fact the text version gets right, the DOCX gets right too;
- no word is lost: every content word of the text version (outside its page
  furniture) is in the XML `justera parse` writes for the DOCX, in its
  furniture list or in the vocabulary; and the ledger places every word
  (words.unplaced is 0).
The fixture with tracked changes and hidden text must give the same XML as
the clean one, without the deleted words. Exit 1 on any failure.
"""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

PAIRS = [
    ("norrbyda-pn-2024-10-15.docx", "skelleftea/pn-2024-10-15.txt"),
    ("norrbyda-pn-2024-10-15-revisions.docx", "skelleftea/pn-2024-10-15.txt"),
    ("kardebro-ks-2025-04-02.docx", "boras/ks-2025-04-02.txt"),
]


def run(justera, *args):
    out = subprocess.run([justera, *args], capture_output=True)
    if out.returncode != 0:
        raise SystemExit(f"FAIL: justera {' '.join(args)} exited {out.returncode}: {out.stderr.decode()[-400:]}")
    return out.stdout


def facts(got, score):
    """The facts the comparison covers, as (name, value) pairs."""
    out = [("organ", score.fold(got.get("organ") or "")), ("meeting_date", got.get("meeting_date")),
           ("sekreterare", score.person_key(got.get("sekreterare"))),
           ("ordforande", score.person_key(got.get("ordforande"))),
           ("justerare", sorted(score.person_key(n) for n in got.get("justerare", [])))]
    for p in got.get("paragraphs", []):
        n = p["number"]
        out += [(f"§ {n}", True), (f"§ {n} title", score.fold(score.norm(p.get("title")) or "")),
                (f"§ {n} case numbers", [score.norm(c) for c in p.get("case_numbers", [])]),
                (f"§ {n} immediate", bool(p.get("immediate")))]
    return dict(out)


def lost_words(justera, score, docx, text, docx_info, text_info):
    xml = run(justera, "parse", docx, "-o", "-")
    have = {}
    for el in ET.fromstring(xml).iter():
        for s in [el.text or ""] + list(el.attrib.values()):
            for w in score.words(s):
                have[w] = have.get(w, 0) + 1
            for part in s.replace("-", " ").split():
                for w in score.words(part.lstrip("0")):
                    have[w] = have.get(w, 0) + 1
    for f in (docx_info.get("furniture") or {}).get("lines", []):
        for w in score.words(f["text"]):
            have[w] = have.get(w, 0) + 1
    furniture = {f["line"] for f in (text_info.get("furniture") or {}).get("lines", [])}
    lost = []
    with open(text, encoding="utf-8") as f:
        for i, line in enumerate(f.read().split("\n"), 1):
            if i in furniture:
                continue
            for w in score.words(line):
                if w in score.STRUCTURE or w in score.CALENDAR or have.get(w, 0) > 0:
                    continue
                lost.append((i, w))
    return lost, xml


def main(argv):
    justera, src = argv
    sys.path.insert(0, os.path.join(src, "tests", "corpus"))
    import score  # the corpus scorer's word and name folding
    score.load_structure(os.path.join(src, "src", "ingest", "vocabulary.tsv"))
    failures = []
    xml_of = {}
    for docx_name, text_name in PAIRS:
        docx = os.path.join(src, "tests", "fixtures", "docx", docx_name)
        text = os.path.join(src, "tests", "fixtures", "corpus", text_name)
        with open(text + ".facts.json", encoding="utf-8") as f:
            key = json.load(f)
        got = json.loads(run(justera, "info", "--json", docx))
        text_got = json.loads(run(justera, "info", "--json", text))
        if got.get("input") != "docx" or got.get("layout") != "docx":
            failures.append(f"{docx_name}: input/layout {got.get('input')!r}/{got.get('layout')!r}, expected 'docx'")
        expected = facts(key, score)
        have = facts(got, score)
        from_text = facts(text_got, score)
        for name, value in expected.items():
            if have.get(name) != value:
                failures.append(f"{docx_name}: {name}: answer key {value!r}, DOCX {have.get(name)!r}")
        for name, value in from_text.items():
            if expected.get(name) == value and have.get(name) != value:
                failures.append(f"{docx_name}: {name}: the text version has it right ({value!r}), the DOCX {have.get(name)!r}")
        for name in have:
            if name not in expected:
                failures.append(f"{docx_name}: {name}: not in the answer key")
        words = got.get("words") or {}
        if words.get("unplaced") != 0 or not words.get("read"):
            failures.append(f"{docx_name}: words {words}, expected some read and none unplaced")
        lost, xml = lost_words(justera, score, docx, text, got, text_got)
        xml_of[docx_name] = xml
        if lost:
            failures.append(f"{docx_name}: words of {text_name} lost: {lost[:10]}")
        print(f"{docx_name}: {len(expected)} facts checked, words read {words.get('read')} "
              f"(text version {(text_got.get('words') or {}).get('read')}), unplaced {words.get('unplaced')}, lost {len(lost)}")
    clean, revised = xml_of[PAIRS[0][0]], xml_of[PAIRS[1][0]]
    if clean != revised:
        failures.append("the fixture with tracked changes and hidden text does not read as the clean one")
    if "ny redovisning".encode() in revised or "Stämmer".encode() in revised:
        failures.append("deleted text or a comment is in the XML")
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
