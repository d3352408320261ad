#!/usr/bin/env bash
# foreign_pdf_test.sh JUSTERA PDFTEXT SOURCE_DIR: PDFs that justera did not
# make. Seed 003 set by mutool in Helvetica (WinAnsi, no ToUnicode map: a
# text layer justera cannot read by itself) is read through poppler
# (justera-pdftext): parse, check and deadlines give what they give for the
# seed's text; verify reads such pages through poppler for the visible-text
# check and still sees a changed title; a missing or crashing helper and an
# encrypted PDF are clear errors with their exit codes.
set -uo pipefail
bin=$1 pdftext=$2 src=$3
seed=$src/tests/fixtures/seeds/003_cf49da6b8fe401db.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
contains() { grep -qF -- "$2" "$1" && ok || { fail "$3: no '$2' in $(head -c 400 "$1")"; }; }

mkdir "$work/pages"
mutool create -o "$work/foreign.pdf" $(python3 "$src/tests/support/foreign_pdf.py" pages "$seed" "$work/pages") 2>"$work/mutool.err" ||
  fail "mutool create: $(cat "$work/mutool.err")"
pdffonts "$work/foreign.pdf" | grep -q "Helvetica.*WinAnsi.*no  *no  *no" && ok || fail "the foreign PDF is not the unembedded, unmapped Helvetica the test means"

# The helper alone: pages separated by form feeds, the words of the seed.
"$pdftext" <"$work/foreign.pdf" >"$work/pages.txt" 2>"$work/pdftext.err" && ok || fail "justera-pdftext: $(cat "$work/pdftext.err")"
[ "$(tr -cd '\f' <"$work/pages.txt" | wc -c)" -eq "$(pdfinfo "$work/foreign.pdf" | awk '/^Pages:/ { print $2 }')" ] && ok ||
  fail "justera-pdftext: not one form feed per page"
contains "$work/pages.txt" "Godkännande av dagordning" "justera-pdftext text"
echo "not a pdf" | "$pdftext" >/dev/null 2>"$work/bad.err"; r=$?
[ "$r" -eq 3 ] && ok || fail "justera-pdftext on garbage: exit $r, expected 3"

# parse: the same paragraphs and titles as from the seed's text, schema-valid.
"$bin" -q parse "$seed" -o "$work/text.xml" || fail "parse the seed text"
"$bin" parse "$work/foreign.pdf" -o "$work/pdf.xml" 2>"$work/parse.err" && ok || fail "parse foreign.pdf: $(cat "$work/parse.err")"
contains "$work/parse.err" "layout detected: pdftext" "parse foreign.pdf"
diff <(grep -o '<title>.*</title>' "$work/text.xml") <(grep -o '<title>.*</title>' "$work/pdf.xml") >"$work/titles.diff" && ok ||
  fail "paragraph titles differ between the text and its PDF: $(head -c 600 "$work/titles.diff")"
[ "$(grep -c '<paragraph ' "$work/pdf.xml")" -eq 22 ] && ok || fail "parse foreign.pdf: $(grep -c '<paragraph ' "$work/pdf.xml") paragraphs, expected 22"
"$bin" -q validate "$work/pdf.xml" && ok || fail "the XML parsed from the foreign PDF is not valid"
xmllint --noout --schema "$src/schemas/protokoll.xsd" "$work/pdf.xml" 2>/dev/null && ok || fail "xmllint: the XML from the foreign PDF is not schema-valid"

# check and deadlines: the same answers as for the text.
for cmd in check deadlines; do
  "$bin" "$cmd" --json "$seed" >"$work/$cmd-text.json"
  rt=$?
  "$bin" "$cmd" --json "$work/foreign.pdf" >"$work/$cmd-pdf.json" 2>"$work/$cmd.err"
  rp=$?
  [ "$rt" -eq "$rp" ] && ok || fail "$cmd: exit $rt for the text, $rp for the PDF ($(cat "$work/$cmd.err"))"
  diff <(grep -v '"file"' "$work/$cmd-text.json") <(grep -v '"file"' "$work/$cmd-pdf.json") >"$work/$cmd.diff" && ok ||
    fail "$cmd --json differs between the text and its PDF: $(head -c 600 "$work/$cmd.diff")"
done
grep -q '"meeting_date": "2025-02-18"' "$work/deadlines-pdf.json" && ok || fail "deadlines: no meeting date 2025-02-18 from the PDF"

# verify: the embedded XML of a foreign PDF against pages justera cannot
# read itself. Equal: PASSED through poppler. One title changed in the XML:
# FAILED, naming it.
python3 "$src/tests/support/foreign_pdf.py" attach "$work/foreign.pdf" "$work/text.xml" "$work/with-xml.pdf"
"$bin" verify --json --trust "$src/certs/test-only-root-ca.pem" "$work/with-xml.pdf" >"$work/v.json" 2>/dev/null
python3 - "$work/v.json" PASSED "read by poppler" >"$work/v.out" 2>&1 <<'PY' && ok || fail "verify, foreign pages: $(cat "$work/v.out")"
import json, sys
r = json.load(open(sys.argv[1]))
c = {c["id"]: c for c in r["document"]["checks"]}
assert c["embedded_xml"]["status"] == "PASSED", c
v = c["visible_text"]
assert v["status"] == sys.argv[2] and sys.argv[3] in v["message"], v
PY
sed 's|<title>Godkännande av dagordning</title>|<title>Godkännande av budget</title>|' "$work/text.xml" >"$work/changed.xml"
cmp -s "$work/text.xml" "$work/changed.xml" && fail "the test did not change the title"
python3 "$src/tests/support/foreign_pdf.py" attach "$work/foreign.pdf" "$work/changed.xml" "$work/changed.pdf"
"$bin" verify --json --trust "$src/certs/test-only-root-ca.pem" "$work/changed.pdf" >"$work/v2.json" 2>/dev/null
python3 - "$work/v2.json" FAILED "Godkännande av budget" >"$work/v2.out" 2>&1 <<'PY' && ok || fail "verify, changed title: $(cat "$work/v2.out")"
import json, sys
r = json.load(open(sys.argv[1]))
c = {c["id"]: c for c in r["document"]["checks"]}
v = c["visible_text"]
assert v["status"] == sys.argv[2] and sys.argv[3] in v["message"] and "read by poppler" in v["message"], v
PY

# Errors: the helper missing (5), the helper crashing (3), an encrypted PDF
# (3), justera's own PDF given to parse (4); nothing written.
JUSTERA_PDFTEXT=$work/nonexistent "$bin" parse "$work/foreign.pdf" -o "$work/none.xml" 2>"$work/e1"; r=$?
[ "$r" -eq 5 ] && ok || fail "helper missing: exit $r, expected 5"
contains "$work/e1" "[helper-missing]" "helper missing"
printf '#!/bin/sh\nkill -SEGV $$\n' >"$work/crash.sh"
chmod +x "$work/crash.sh"
JUSTERA_PDFTEXT=$work/crash.sh "$bin" check "$work/foreign.pdf" 2>"$work/e2"; r=$?
[ "$r" -eq 3 ] && ok || fail "helper crashing: exit $r, expected 3"
contains "$work/e2" "poppler stopped on this PDF (Segmentation fault) [pdf-text-unreadable]" "helper crashing"
qpdf --encrypt user owner 256 -- "$work/foreign.pdf" "$work/encrypted.pdf"
"$bin" parse "$work/encrypted.pdf" -o "$work/none.xml" 2>"$work/e3"; r=$?
[ "$r" -eq 3 ] && ok || fail "encrypted: exit $r, expected 3"
contains "$work/e3" "[pdf-encrypted]" "encrypted"
"$bin" -q render "$seed" -o "$work/own.pdf" 2>/dev/null
"$bin" parse "$work/own.pdf" -o "$work/none.xml" 2>"$work/e4"; r=$?
[ "$r" -eq 4 ] && ok || fail "parse of justera's own PDF: exit $r, expected 4"
contains "$work/e4" "justera extract" "parse of justera's own PDF"
[ ! -e "$work/none.xml" ] && ok || fail "an output file was written for a rejected input"

echo "foreign PDFs: $passes checks passed, $failures failed"
[ "$failures" -eq 0 ]
