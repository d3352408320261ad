#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scores `justera info --json` against answer keys (X.facts.json beside X).

Usage: score.py JUSTERA [--min PERCENT] [--json OUT] PATH...
PATH is a protocol text with X.facts.json beside it, or a directory searched
for them. Prints the facts right per file and in total. Independently of the
tool's own ledger, checks that every word of each input is in the XML
(`justera parse -o -`), in the furniture list, or a structure word; fails when
the total is below --min or any word is lost. docs/ingest.md explains the facts.
"""
import json
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

STRUCTURE = None  # words from src/ingest/vocabulary.tsv (labels and the `word` class)
CALENDAR = set("""januari februari mars april maj juni juli augusti september oktober november december
jan feb mar apr jun jul aug sep sept okt nov dec mandag tisdag onsdag torsdag fredag lordag sondag
mandagen tisdagen onsdagen torsdagen fredagen lordagen sondagen br""".split())


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.lower()


def words(s):
    s = re.sub(r"<[A-Za-z/!][^>]*>", " ", s)
    # An organ's abbreviation before a § heading ("KS § 45") names no content.
    s = re.sub(r"(?<![^\s])[A-ZÅÄÖ]{1,6}(?=\s*§)", " ", s)
    out = []
    for w in re.findall(r"[^\W_]+", fold(s)):
        if w.isdigit():
            w = w.lstrip("0") or "0"
        out.append(w)
    return out


def load_structure(vocab):
    global STRUCTURE
    STRUCTURE = set()
    with open(vocab, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            STRUCTURE.update(words(line.split("\t", 1)[1]))


def norm(v):
    if v is None:
        return None
    if isinstance(v, str):
        v = " ".join(v.split()).strip(" ,.;:")
        return v or None
    return v


def person_key(name):
    return " ".join(words(name or ""))


def score_file(justera, path, facts):
    out = subprocess.run([justera, "info", "--json", path], capture_output=True, text=True)
    right, total, wrong = 0, 0, []
    if out.returncode != 0:
        n = 14 + len(facts.get("paragraphs", [])) * 4
        return 0, n, ["info failed: " + (out.stderr.strip().splitlines() or ["?"])[-1]], None
    got = json.loads(out.stdout)

    def fact(name, ok, detail=""):
        nonlocal right, total
        total += 1
        if ok:
            right += 1
        else:
            wrong.append(f"{name}: {detail}")

    for key, gkey in [("kind", "kind"), ("municipality", "municipality"), ("organ", "organ"), ("number", "number"),
                      ("meeting_date", "meeting_date"), ("start_time", "start_time"), ("end_time", "end_time"),
                      ("place", "place"), ("justering_date", "justering_date"),
                      ("justering_place", "justering_place")]:
        exp, have = norm(facts.get(key)), norm(got.get(gkey))
        if key in ("municipality", "organ") and exp and have:
            ok = fold(exp) == fold(have)
        else:
            ok = exp == have
        fact(key, ok, f"expected {exp!r}, got {have!r}")
    for key in ("sekreterare", "ordforande"):
        exp, have = facts.get(key), got.get(key)
        fact(key, person_key(exp) == person_key(have), f"expected {exp!r}, got {have!r}")
    exp_j = [person_key(n) for n in facts.get("justerare", [])]
    have_j = [person_key(n) for n in got.get("justerare", [])]
    for n, name in zip(exp_j, facts.get("justerare", [])):
        fact("justerare", n in have_j, f"{name!r} missing from {got.get('justerare')!r}")
    fact("justerare count", len(exp_j) == len(have_j), f"expected {len(exp_j)}, got {got.get('justerare')!r}")
    for key in ("members", "substitutes", "others"):
        if facts.get(key) is not None:
            # People, not entries: an ersättare who served for two members
            # in different paragraphs is two entries of one person.
            entries = got.get(key, [])
            have = len({(e.get("name") if isinstance(e, dict) else e) for e in entries}) if key == "members" else len(entries)
            fact(key, facts[key] == have, f"expected {facts[key]}, got {have}")
    have_p = {p["number"]: p for p in got.get("paragraphs", [])}
    exp_numbers = set()
    for p in facts.get("paragraphs", []):
        n = p["number"]
        exp_numbers.add(n)
        g = have_p.get(n)
        fact(f"§ {n}", g is not None, "not found")
        if g is None:
            total += 3
            wrong.append(f"§ {n} title/case numbers/immediate: not found")
            continue
        # Titles as words: an upper-case title is the same title.
        fact(f"§ {n} title", fold(norm(p.get("title")) or "") == fold(norm(g.get("title")) or ""), f"expected {p.get('title')!r}, got {g.get('title')!r}")
        fact(f"§ {n} case numbers", [norm(c) for c in p.get("case_numbers", [])] == [norm(c) for c in g.get("case_numbers", [])],
             f"expected {p.get('case_numbers')}, got {g.get('case_numbers')}")
        fact(f"§ {n} immediate", bool(p.get("immediate")) == bool(g.get("immediate")),
             f"expected {p.get('immediate')}, got {g.get('immediate')}")
    for n in have_p:
        if n not in exp_numbers:
            fact(f"§ {n}", False, "found but not a paragraph of this document")
    exp_s = [(person_key(e["name"]), e["date"]) for e in facts.get("signature_table", [])]
    have_s = [(person_key(e["name"]), e["date"]) for e in got.get("signature_table", [])]
    for e in exp_s:
        fact("signature row", e in have_s, f"{e} missing")
    if len(have_s) > len(exp_s):
        fact("signature rows", False, f"{len(have_s) - len(exp_s)} extra")
    return right, total, wrong, got


def lost_words(justera, path, got):
    """Words of the input found neither in the XML, the furniture list nor the vocabulary."""
    out = subprocess.run([justera, "parse", path, "-o", "-"], capture_output=True)
    if out.returncode != 0:
        return None
    root = ET.fromstring(out.stdout)
    have = {}
    for el in root.iter():
        for s in [el.text or ""] + list(el.attrib.values()):
            for w in words(s):
                have[w] = have.get(w, 0) + 1
            # Dates and times as the text writes them.
            for m in re.finditer(r"(\d{4})-(\d\d)-(\d\d)", s):
                for w in (m.group(3).lstrip("0"), m.group(2).lstrip("0")):
                    have[w] = have.get(w, 0) + 1
        # "1:e vice ordförande", "2:e vice ordförande" as the XML names the role.
        extra = {"first-vice-chair": "1", "second-vice-chair": "2"}.get(el.attrib.get("role", ""))
        if extra:
            have[extra] = have.get(extra, 0) + 1
    furniture = {f["line"] for f in (got.get("furniture") or {}).get("lines", [])}
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().split("\n")
    lost = []
    for i, line in enumerate(lines, 1):
        if i in furniture:
            continue
        for w in words(unicodedata.normalize("NFC", line)):
            if w in STRUCTURE or w in CALENDAR:
                continue
            if have.get(w, 0) > 0 or (len(w) > 3 and w.endswith("s") and have.get(w[:-1], 0) > 0):
                continue
            # Hyphenated at a line end: "kommun-" + "styrelsen".
            lost.append((i, w))
    # A word broken over a line end is found joined.
    joined = set()
    for (i, w) in lost:
        line = lines[i - 1].rstrip()
        if line.endswith("-") and i < len(lines):
            nxt = words(lines[i])
            if nxt and have.get(w + nxt[0], 0) > 0:
                joined.add((i, w))
                joined.add((i + 1, nxt[0]))
    return [x for x in lost if x not in joined]


def main(argv):
    justera = argv[0]
    args = argv[1:]
    minimum, json_out, paths = None, None, []
    while args:
        a = args.pop(0)
        if a == "--min":
            minimum = float(args.pop(0))
        elif a == "--json":
            json_out = args.pop(0)
        else:
            paths.append(a)
    here = os.path.dirname(os.path.abspath(__file__))
    load_structure(os.path.join(here, "..", "..", "src", "ingest", "vocabulary.tsv"))
    files = []
    for p in paths:
        if os.path.isdir(p):
            for d, _, names in sorted(os.walk(p)):
                files += [os.path.join(d, n[:-len(".facts.json")]) for n in sorted(names) if n.endswith(".facts.json")]
        else:
            files.append(p)
    grand_right = grand_total = grand_lost = 0
    report = []
    for path in files:
        with open(path + ".facts.json", encoding="utf-8") as f:
            facts = json.load(f)
        if facts.get("kind") == "agenda":
            continue
        right, total, wrong, got = score_file(justera, path, facts)
        lost = lost_words(justera, path, got) if got else None
        nlost = len(lost) if lost is not None else 0
        grand_right += right
        grand_total += total
        grand_lost += nlost
        pct = 100.0 * right / total if total else 100.0
        print(f"{pct:6.1f}%  {right:4d}/{total:<4d} lost {nlost:3d}  {path}")
        for w in wrong:
            print(f"           - {w}")
        for (i, w) in (lost or [])[:5]:
            print(f"           ! line {i}: word {w!r} is nowhere in the XML or the furniture list")
        report.append({"file": path, "right": right, "total": total, "lost_words": nlost, "wrong": wrong})
    pct = 100.0 * grand_right / grand_total if grand_total else 0.0
    print(f"TOTAL {pct:.1f}% of facts right ({grand_right}/{grand_total}) in {len(report)} files; {grand_lost} words lost")
    if json_out:
        with open(json_out, "w", encoding="utf-8") as f:
            json.dump({"percent": pct, "right": grand_right, "total": grand_total, "lost_words": grand_lost,
                       "files": report}, f, ensure_ascii=False, indent=1)
    if grand_lost > 0:
        print("FAIL: words were lost", file=sys.stderr)
        return 1
    if minimum is not None and pct < minimum:
        print(f"FAIL: {pct:.1f}% is below the bar of {minimum}%", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
