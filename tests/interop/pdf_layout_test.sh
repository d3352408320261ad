#!/usr/bin/env bash
# pdf_layout_test.sh JUSTERA PDFTEXT SOURCE_DIR: PDFs made elsewhere, read
# with their layout. tests/support/layout_pdf.py sets three protocols by hand
# in Helvetica and Helvetica-Bold (bold headings at the margin; the § number
# in a margin column; no bold at all), with a running header and footer, a
# two-column front page, "§ 12" inside a sentence, a sentence wrapped so that
# "§ 98" starts a line, overprinted fake bold, a rotated margin note, a
# slanted watermark, text off the page, ligatures and soft hyphens. Each
# must give exactly its paragraphs (numbers, titles, case numbers, immediate
# justering), the words it must and must not, every word placed, the
# off-page text reported and the rotated note kept.
set -uo pipefail
bin=$1 pdftext=$2 src=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

python3 "$src/tests/support/layout_pdf.py" "$work" >"$work/names" || fail "layout_pdf.py"
[ "$(wc -l <"$work/names")" -eq 3 ] && ok || fail "layout_pdf.py made $(wc -l <"$work/names") PDFs, expected 3"

while read -r name; do
  pdf=$work/$name.pdf
  qpdf --check "$pdf" >/dev/null 2>&1 && ok || fail "$name: qpdf --check: the generated PDF is not sound"

  # The helper alone: heading lines marked, one form feed per page, no
  # doubled words, nothing marked with --plain.
  "$pdftext" <"$pdf" >"$work/$name.txt" 2>"$work/$name.notes" && ok || fail "$name: justera-pdftext: $(cat "$work/$name.notes")"
  [ "$(tr -cd '\f' <"$work/$name.txt" | wc -c)" -eq "$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')" ] && ok ||
    fail "$name: not one form feed per page"
  "$pdftext" --plain <"$pdf" >"$work/$name.plain" 2>/dev/null
  ! grep -qF '**' "$work/$name.plain" && ok || fail "$name: --plain wrote heading marks"
  [ "$(tr -d '*' <"$work/$name.txt")" = "$(tr -d '*' <"$work/$name.plain")" ] && ok ||
    fail "$name: the marked and the plain text differ in more than the marks"

  # parse and info: what the answer key says.
  "$bin" parse "$pdf" -o "$work/$name.xml" 2>"$work/$name.err" && ok || fail "$name: parse: $(cat "$work/$name.err")"
  "$bin" -q validate "$work/$name.xml" >/dev/null && ok || fail "$name: the XML is not valid"
  "$bin" info --json "$pdf" >"$work/$name.json" 2>/dev/null
  python3 - "$work/$name.expected.json" "$work/$name.json" "$work/$name.xml" "$work/$name.txt" "$work/$name.err" \
    >"$work/$name.check" 2>&1 <<'PY' && ok || fail "$name: $(cat "$work/$name.check")"
import json, re, sys
exp = json.load(open(sys.argv[1], encoding="utf-8"))
info = json.load(open(sys.argv[2], encoding="utf-8"))
xml = open(sys.argv[3], encoding="utf-8").read()
text = open(sys.argv[4], encoding="utf-8").read()
err = open(sys.argv[5], encoding="utf-8").read()
problems = []
got = [{k: p[k] for k in ("number", "title", "case_numbers", "immediate")} for p in info["paragraphs"]]
if got != exp["paragraphs"]:
    problems.append("paragraphs: got %s" % json.dumps(got, ensure_ascii=False))
for w in exp["in_xml"]:
    if w not in xml:
        problems.append("not in the XML: %r" % w)
for w in exp["not_in_xml"]:
    if w in xml:
        problems.append("in the XML: %r" % w)
if exp["all_placed"] and info["words"]["unplaced"] != 0:
    problems.append("%d words unplaced: %s" % (info["words"]["unplaced"], info["unplaced"]))
marked = sorted(int(m) for m in re.findall(r"^\s*\*\*§ (\d+)\b", text, re.M))
if marked != exp["marked"]:
    problems.append("§ lines marked as headings: %s, expected %s" % (marked, exp["marked"]))
for w in exp["once"]:
    n = text.count(w)
    if n != 1:
        problems.append("%r %d times in the text, expected once" % (w, n))
codes = [w["code"] for w in info["warnings"]]
if exp["off_page"]:
    if not any(w["code"] == "pdf-text-off-page" and exp["off_page"] in w["message"] for w in info["warnings"]):
        problems.append("no pdf-text-off-page warning quoting %r: %s" % (exp["off_page"], info["warnings"]))
elif "pdf-text-off-page" in codes:
    problems.append("an off-page warning for a PDF without off-page text")
if exp["rearranged"] and "rotated or slanted text" not in err:
    problems.append("parse did not say that rotated text was moved: %s" % err)
if problems:
    print("; ".join(problems))
    sys.exit(1)
PY
done <"$work/names"

# The same text without its layout (pdftotext -layout of the PDF): a "§ 98"
# that starts a line is read as a heading, so the layout is what the test
# above depends on.
pdftotext -layout "$work/marginal.pdf" "$work/marginal.layout.txt"
"$bin" info --json --format pdftext "$work/marginal.layout.txt" >"$work/marginal.layout.json" 2>/dev/null
python3 -c '
import json, sys
numbers = [p["number"] for p in json.load(open(sys.argv[1]))["paragraphs"]]
sys.exit(0 if 98 in numbers else 1)' "$work/marginal.layout.json" && ok ||
  fail "pdftotext -layout text of marginal.pdf: no paragraph 98, so the test cannot tell the layout reading from a plain one"

echo "PDF layout: $passes checks passed, $failures failed"
[ "$failures" -eq 0 ]
