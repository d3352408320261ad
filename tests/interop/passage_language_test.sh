#!/usr/bin/env bash
# passage_language_test.sh JUSTERA SOURCE_DIR: a protocol with passages in
# English, Finnish and German (written here, in the layout of the
# miljo-utdrag fixture) renders each of them as a structure element with its
# own /Lang, read back by qpdf and poppler (tests/interop/element_lang.py),
# and nothing else: a Swedish sentence naming an English project, a list of
# votes and the Swedish paragraphs stay the document's sv-SE. A decision
# point in English is marked, and the Swedish sub-item inside it says sv
# again (it would inherit the point's English). pdfa-check names the
# passages and fails a /Lang that is no language tag.
set -uo pipefail
bin=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1711101600
failures=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

python3 - "$src/tests/fixtures/ingest/valid/miljo-utdrag.txt" "$work/mixed.txt" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
anchor = "påverkas.\n"
assert anchor in text
point = "3. Nämnden beslutar att paragrafen justeras omedelbart.\n"
assert point in text
text = text.replace(point, """3. The committee decides that the summary of this decision will be sent
   to the applicant and that it is published with the protocol.
- Sammanfattningen skickas till sökanden och till länsstyrelsen samt
  publiceras på kommunens webbplats för den som vill läsa den.
4. Nämnden beslutar att paragrafen justeras omedelbart.
""", 1)
added = """påverkas.

The applicant has asked for a summary in English. The committee holds
that the building does not limit the public's access to the shore, and
that the decision of 13 June 2024 should stand as it was made.

Hakija on pyytänyt tiivistelmää suomeksi. Lautakunta katsoo, että
rakennus ei rajoita yleisön pääsyä rantaan ja että kesäkuun päätös on
voimassa sellaisena kuin se tehtiin.

Der Antragsteller hat um eine Zusammenfassung gebeten. Der Ausschuss ist
der Ansicht, dass das Gebäude den Zugang zum Ufer nicht einschränkt und
auch weiterhin mit dem Beschluss vereinbar ist.

Nämnden noterar att projektet Clean Air for the Baltic Sea Region har
sökt medel för samma strand och att ansökan behandlas för sig.

Omröstningen gav ja från Anna Berg, ja från Per Holm, ja från Karin Lund
och nej från Lars Ek.
"""
open(sys.argv[2], "w", encoding="utf-8").write(text.replace(anchor, added, 1))
PY
"$bin" -q parse "$work/mixed.txt" -o "$work/mixed.xml" 2>/dev/null || fail "parse"
"$bin" -q render "$work/mixed.xml" -o "$work/mixed.pdf" 2>/dev/null || fail "render"

qpdf --qdf --object-streams=disable "$work/mixed.pdf" "$work/mixed.qdf.pdf"
perl -pe 's|/OutputIntents|/OutputIntentX|' "$work/mixed.pdf" >"$work/plain.pdf"
pdfinfo -struct-text "$work/plain.pdf" >"$work/struct" 2>/dev/null
if python3 "$src/tests/interop/element_lang.py" "$work/mixed.qdf.pdf" "$work/struct" >"$work/langs"; then ok; else fail "the structure tree could not be read"; fi
[ "$(wc -l <"$work/langs")" -eq 5 ] && ok || { fail "expected five passages in their own language, found:"; cat "$work/langs"; }
expect() {  # expect LANG TEXT [TYPE]
  if grep -q "^$1	${3:-P}	$2" "$work/langs"; then ok; else fail "no ${3:-P} marked $1 reading '$2…'"; cat "$work/langs"; fi
}
expect en "The committee decides that the summary" LBody
expect sv "Sammanfattningen skickas till sökanden" LBody
expect en "The applicant has asked for a summary in English"
expect fi "Hakija on pyytänyt tiivistelmää suomeksi"
expect de "Der Antragsteller hat um eine Zusammenfassung gebeten"
grep -q "Clean Air\|Omröstningen" "$work/langs" && fail "a Swedish sentence was marked as another language" || ok
grep -q "^  /Lang (sv-SE)" "$work/mixed.qdf.pdf" && ok || fail "the catalog is not sv-SE"

"$bin" pdfa-check "$work/mixed.pdf" >"$work/check" && ok || { fail "pdfa-check"; grep -v '^PASS' "$work/check"; }
grep -q "^PASS  UA-7.2 element-lang: 5 element(s) in their own language: LBody .* en; LBody .* sv; P .* en; P .* fi; and 1 more$" "$work/check" && ok \
  || { fail "pdfa-check does not name the five passages"; grep element-lang "$work/check"; }
# A /Lang that is no language tag, same length: the rule fails.
perl -0777 -pe 's|/Lang \(en\)|/Lang (e )|' "$work/mixed.pdf" >"$work/bad.pdf"
cmp -s "$work/bad.pdf" "$work/mixed.pdf" && fail "the /Lang edit changed nothing"
"$bin" pdfa-check "$work/bad.pdf" >"$work/bad" 2>&1
rc=$?
[ "$rc" -eq 1 ] && grep -q "^FAIL  UA-7.2 element-lang: an element's /Lang is no language tag" "$work/bad" && ok \
  || { fail "a broken element /Lang: exit $rc"; grep element-lang "$work/bad"; }

echo "passage-language: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
