#!/usr/bin/env bash
# pdfa_check_test.sh JUSTERA SOURCE_DIR: the PDF/A self-check passes on what
# justera renders, and each rule fails on a file broken in exactly that way.
# The breaks keep every byte offset (same-length edits), so the files still
# load and only the rule under test is violated. Several breaks are the PoDoFo 0.9.8 traps: compact
# 'obj' lines, hidden widgets, no /CIDToGIDMap, wrong /W widths.
set -uo pipefail
bin=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passes=0
export SOURCE_DATE_EPOCH=1711101600
"$bin" -q render "$src/tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt" -o "$work/good.pdf" 2>/dev/null
if "$bin" pdfa-check "$work/good.pdf" >"$work/good.txt"; then passes=$((passes + 1)); else
  echo "FAIL: the rendered PDF does not pass its own check"; cat "$work/good.txt"; failures=$((failures + 1)); fi

# breaks RULE PERL-SUBSTITUTION: apply, check the file changed, expect RULE to fail.
breaks() {
  local rule=$1 expr=$2 out="$work/$1.pdf"
  perl -0777 -pe "$expr" "$work/good.pdf" >"$out"
  if cmp -s "$out" "$work/good.pdf"; then echo "FAIL $rule: the edit changed nothing"; failures=$((failures + 1)); return; fi
  if [ "$(stat -c %s "$out")" != "$(stat -c %s "$work/good.pdf")" ]; then echo "FAIL $rule: the edit changed the length"; failures=$((failures + 1)); return; fi
  "$bin" pdfa-check "$out" >"$work/$rule.txt" 2>&1
  local rc=$?
  if [ "$rc" -eq 1 ] && grep -q "^FAIL  .* $rule:" "$work/$rule.txt"; then passes=$((passes + 1)); else
    echo "FAIL $rule: pdfa-check exit $rc and no failed '$rule' rule:"; grep -v '^PASS' "$work/$rule.txt"; failures=$((failures + 1)); fi
}

breaks obj-eol 's/^(\d+ 0 obj)\n/$1 /m'                                     # "1 0 obj<<" as in PoDoFo's compact mode
breaks trailer-id 's|/ID \[|/IX [|'                                            # no trailer /ID
breaks annotation-flags 's|/F 4\b|/F 6|'                                     # Print|Hidden: PDF/A 6.3.2
breaks cidtogidmap 's|/CIDToGIDMap|/CIDToGIDMaq|'                            # CIDFontType2 without the map
breaks font-widths 's{(/W\s*\[\s*\d+\s*\[\s*)(\d)(\d+)}{$1 . ($2 == 9 ? 1 : $2 + 1) . $3}e'  # a /W width off by 100+
breaks cidset 's|/Ascent|/CIDSet|'                                            # a /CIDSet appears (PoDoFo writes one)
breaks tounicode 's|/ToUnicode|/ToUnicodf|'                                  # text would not extract
breaks pdfaid 's|<pdfaid:part>3</pdfaid:part>|<pdfaid:part>2</pdfaid:part>|'  # not PDF/A-3
breaks extension-schema 's|<pdfaProperty:name>XmlC14nSha256<|<pdfaProperty:name>XmlC14nSha257<|'  # undeclared property
breaks associated-files 's|/AFRelationship|/AFRelationshiq|'                  # no relationship
breaks info-xmp-title 's|(<dc:title><rdf:Alt><rdf:li xml:lang="x-default">)P|$1Q|'  # Info and XMP disagree
breaks fingerprint 's{(<justera:XmlC14nSha256>)(.)}{$1 . ($2 eq "0" ? "1" : "0")}e'  # XMP no longer matches the XML

# The tagged-PDF (PDF/A-3a) and PDF/UA-1 rules, object by object.
breaks pdfaid 's|<pdfaid:conformance>A<|<pdfaid:conformance>Q<|'            # neither level A nor B
breaks mark-info 's|/Marked true|/Marker true|'                               # not declared tagged
breaks struct-tree 's|/StructTreeRoot (\d)|/StructTreeRooX $1|'             # no structure tree in the catalog
breaks standard-types 's|/S /H2\b|/S /Hx|'                                   # an unknown structure type, not role-mapped
breaks heading-levels 's|/S /H2\b|/S /H4|'                                   # H1, then H4: levels skipped
breaks structure-nesting 's|/S /LI\b|/S /TD|'                                # a table cell inside a list
breaks table-headers 's|/Scope /Row|/Scopx /Row|'                             # a header cell with no scope
breaks lang 's|/Lang \(sv-SE\)|/Lanx (sv-SE)|'                              # no document language
breaks display-doc-title 's|/DisplayDocTitle true|/DisplayDocTitlX true|'     # viewers show the file name
breaks dc-title 's|<dc:title>|<dc:titlX>|'                                   # no dc:title in the XMP
breaks annotations-tagged 's|/StructParent (\d)|/StructParenX $1|'           # a widget outside the structure
breaks annotation-names 's|/TU |/TX |'                                       # a widget without a name
breaks tab-order 's|/Tabs /S|/Tabs /R|'                                      # tab order by rows, not structure
breaks content-in-structure 's|/StructParents 0\b|/StructParents 1|'         # page 1 leads to page 2's elements
breaks annotations-tagged 's|/StructParent (\d+)|"/StructParent " . ($1 == 0 ? 1 : 0) . (" " x (length($1) - 1))|e'  # a widget's key leads to page 1's elements
breaks lang 's|/Lang \(sv-SE\)|/Lang (sv SE)|'                                # not a language tag

# Content streams are compressed: these breaks edit a qpdf --qdf copy (then
# fix-qdf), so the file's length may change; only the rule under test matters.
qpdf --qdf --object-streams=disable "$work/good.pdf" "$work/good.qdf.pdf"
content_breaks() {
  local rule=$1 expr=$2 out="$work/$1.qdf.pdf"
  perl -0777 -pe "$expr" "$work/good.qdf.pdf" | fix-qdf >"$out"
  if cmp -s "$out" "$work/good.qdf.pdf"; then echo "FAIL $rule: the edit changed nothing"; failures=$((failures + 1)); return; fi
  "$bin" pdfa-check "$out" >"$work/$rule.txt" 2>&1
  local rc=$?
  if [ "$rc" -eq 1 ] && grep -q "^FAIL  .* $rule:" "$work/$rule.txt"; then passes=$((passes + 1)); else
    echo "FAIL $rule: pdfa-check exit $rc and no failed '$rule' rule:"; grep -v '^PASS' "$work/$rule.txt"; failures=$((failures + 1)); fi
}
# The qdf copy itself passes the content rules.
"$bin" pdfa-check "$work/good.qdf.pdf" >"$work/qdf.txt"
for rule in tagged-content artifact-nesting content-in-structure; do
  grep -q "^PASS  .* $rule:" "$work/qdf.txt" && passes=$((passes + 1)) || { echo "FAIL: the qdf copy fails $rule"; failures=$((failures + 1)); }
done
content_breaks tagged-content 's{/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n(.*?)EMC\n}{$1}s'  # the page number untagged
content_breaks artifact-nesting 's{(/Lbl <</MCID \d+>> BDC\n.*?EMC\n)}{/Artifact BMC\n$1EMC\n}s'     # tagged content inside an artifact
content_breaks content-in-structure 's{/P <</MCID 0>>}{/P <</MCID 9999>>}'                              # marked content no element owns

# Hostile files that claim PDF/A-3a and PDF/UA-1 (tests/interop/hostile_tagged.py):
# each is judged (exit 1, or 3 when PoDoFo cannot read it) within seconds,
# never a crash or a hang.
mkdir "$work/hostile"
python3 "$src/tests/interop/hostile_tagged.py" "$work/hostile"
for f in count nested bomb parenttree shared-k badobj single-k; do
  timeout 30 "$bin" pdfa-check "$work/hostile/$f.pdf" >"$work/hostile/$f.txt" 2>&1
  rc=$?
  if [ "$rc" -eq 1 ] || [ "$rc" -eq 3 ]; then passes=$((passes + 1)); else
    echo "FAIL hostile $f.pdf: exit $rc"; tail -3 "$work/hostile/$f.txt"; failures=$((failures + 1)); fi
done
# A single /K reference (ISO 32000-1 allows it) is followed like an array of one.
grep -q '^PASS  UA-7.1 content-in-structure' "$work/hostile/single-k.txt" && passes=$((passes + 1)) ||
  { echo "FAIL: a single /K reference is not followed"; failures=$((failures + 1)); }
grep -q "^FAIL  UA-7.1 tagged-content: content not readable: page 1 (content stream 4 0 R: a compressed stream decodes to more than" "$work/hostile/bomb.txt" &&
  passes=$((passes + 1)) || { echo "FAIL: the inflating content stream is not stopped at the limit"; failures=$((failures + 1)); }

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
