#!/usr/bin/env bash
# render_test.sh JUSTERA INPUT NAME: render INPUT to PDF and check it with tools
# nobody here wrote: qpdf --check, pdffonts, pdfinfo -meta, pdfdetach,
# pdftotext, pdftoppm. Also: byte-identical output for the same
# SOURCE_DATE_EPOCH, and the input left unchanged.
set -uo pipefail
bin=$1 input=$2 name=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL $name: $*"; failures=$((failures + 1)); }

before=$(sha256sum "$input")
export SOURCE_DATE_EPOCH=1711101600
"$bin" -q parse "$input" -o "$work/p.xml" 2>/dev/null || { echo "FAIL $name: parse"; exit 1; }
"$bin" -q render "$input" -o "$work/p.pdf" 2>"$work/err" || { fail "render exit $?"; cat "$work/err"; exit 1; }
[ "$before" = "$(sha256sum "$input")" ] && ok || fail "input changed"

# Deterministic: the same input and SOURCE_DATE_EPOCH give the same bytes; from XML too.
"$bin" -q render "$work/p.xml" -o "$work/again.pdf" 2>/dev/null
cmp -s "$work/p.pdf" "$work/again.pdf" && ok || fail "rendering twice (text, then XML) gave different bytes"

# qpdf: structure and streams.
qpdf --check "$work/p.pdf" >"$work/qpdf" 2>&1 && ok || { fail "qpdf --check"; head -5 "$work/qpdf"; }

# pdffonts: every font embedded, subset, with a ToUnicode map.
pdffonts "$work/p.pdf" | tail -n +3 >"$work/fonts"
[ -s "$work/fonts" ] && ok || fail "no fonts listed"
if awk '{ n = NF; if ($(n-4) != "yes" || $(n-2) != "yes") bad = 1 } END { exit bad }' "$work/fonts"; then ok; else
  fail "a font is not embedded or has no ToUnicode:"; cat "$work/fonts"; fi

# pdfinfo -meta: PDF/A-3b identification and the fingerprint in the XMP.
pdfinfo -meta "$work/p.pdf" >"$work/meta"
grep -q '<pdfaid:part>3</pdfaid:part>' "$work/meta" && ok || fail "no pdfaid:part 3 in XMP"
grep -q '<pdfaid:conformance>A</pdfaid:conformance>' "$work/meta" && ok || fail "no pdfaid:conformance A"
grep -q '<pdfuaid:part>1</pdfuaid:part>' "$work/meta" && ok || fail "no PDF/UA identifier (pdfuaid:part 1) in XMP"
fp=$(sha256sum "$work/p.xml" | cut -d' ' -f1)
grep -q "<justera:XmlC14nSha256>$fp</justera:XmlC14nSha256>" "$work/meta" && ok || fail "XMP fingerprint is not the XML's"
pdfinfo "$work/p.pdf" >"$work/info"
grep -q '^PDF version: *1.7' "$work/info" && ok || fail "not PDF 1.7"

# pdfdetach: exactly one file, protokoll.xml, byte-identical to the canonical XML.
pdfdetach -list "$work/p.pdf" >"$work/list"
grep -q '^1: protokoll.xml$' "$work/list" && ok || { fail "embedded file list:"; cat "$work/list"; }
pdfdetach -save 1 -o "$work/embedded.xml" "$work/p.pdf" && cmp -s "$work/embedded.xml" "$work/p.xml" && ok ||
  fail "embedded XML differs from the canonical XML"

# pdftotext: every paragraph title and decision point of the XML is in the text.
# Compared without white space (lines wrap; pdftotext joins a word broken after
# a hyphen) and without the running header and "Sida N (M)" footer lines.
# The running header's lines: those among the first lines of both page 2 and page 3.
pdftotext -enc UTF-8 -f 2 -l 2 "$work/p.pdf" - | sed '/^ *$/d' | head -8 | sort -u >"$work/head2"
pdftotext -enc UTF-8 -f 3 -l 3 "$work/p.pdf" - | sed '/^ *$/d' | head -8 | sort -u >"$work/head3"
comm -12 "$work/head2" "$work/head3" >"$work/header"
[ -s "$work/header" ] && ok || fail "no running header found on pages 2 and 3"
pdftotext -enc UTF-8 "$work/p.pdf" - | tr -d '\f' | grep -v -E '^Sida [0-9]+ \([0-9]+\)$' | grep -v -x -F -f "$work/header" |
  tr -d ' \n\t\f' >"$work/text"
xmllint --xpath '//*[local-name()="paragraph"]/*[local-name()="title"]/text() | //*[local-name()="point"]/*[local-name()="text"]/text()' \
  "$work/p.xml" 2>/dev/null | sed 's/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g' >"$work/expected"
missing=0 checked=0
while IFS= read -r line; do
  [ -z "$line" ] && continue
  checked=$((checked + 1))
  folded=$(printf '%s' "$line" | tr -d ' \t')
  grep -qF -- "$folded" "$work/text" || { missing=$((missing + 1)); [ $missing -le 3 ] && echo "  not in pdftotext: $folded"; }
done <"$work/expected"
[ "$checked" -gt 0 ] && [ "$missing" -eq 0 ] && ok || fail "$missing of $checked titles/decision points missing from pdftotext output"

# Info dates are SOURCE_DATE_EPOCH (PoDoFo would write 'now'), and equal to the XMP's.
pdfinfo -isodates "$work/p.pdf" >"$work/isodates"
grep -q '^CreationDate: *2024-03-22T10:00:00' "$work/isodates" && grep -q '^ModDate: *2024-03-22T10:00:00' "$work/isodates" && ok ||
  { fail "Info dates are not SOURCE_DATE_EPOCH"; grep Date "$work/isodates"; }
grep -q '<xmp:ModifyDate>2024-03-22T10:00:00+00:00</xmp:ModifyDate>' "$work/meta" && ok || fail "XMP ModifyDate differs from Info"

# No heading is left alone at the foot of a page: the last line of text on
# every page is not a "§ N" heading nor a section heading.
# The front page (which lists the immediate paragraphs as "§ N Title") is
# skipped: paragraphs start on the first page that begins with a § heading.
orphans=0
in_body=0
for ((pg = 1; pg <= $(awk '/^Pages:/ { print $2 }' "$work/info"); pg++)); do
  pdftotext -enc UTF-8 -f "$pg" -l "$pg" "$work/p.pdf" - | tr -d '\f' | grep -v -E '^Sida [0-9]+ \([0-9]+\)$' |
    grep -v -x -F -f "$work/header" | sed '/^ *$/d' >"$work/page.txt"
  [ "$in_body" -eq 0 ] && sed -n 1p "$work/page.txt" | grep -q -E '^§ [0-9]+ ' && in_body=1
  [ "$in_body" -eq 1 ] || continue
  last=$(tail -1 "$work/page.txt")
  if printf '%s' "$last" | grep -q -E '^§ [0-9]+ |^(Beslut|Sammanfattning av ärendet|Yrkanden|Yrkande|Propositionsordning|Reservationer|Handlingar i ärendet|Ersättaryttrande|Särskilt uttalande)$'; then
    orphans=$((orphans + 1)); echo "  page $pg ends with the heading: $last"
  fi
done
[ "$in_body" -eq 1 ] && ok || fail "no page begins with a § heading: the heading check saw nothing"
[ "$orphans" -eq 0 ] && ok || fail "$orphans headings alone at a page foot"

# Tagged: poppler reads the structure tree; in its order (what a screen reader
# follows) every printed text of the paragraphs comes in the XML's order, and
# each paragraph is a Sect whose H2 carries "§ N" as its Lbl. The check is
# shown to fail on the same structure with one text moved.
grep -q '^Tagged: *yes' "$work/info" && ok || fail "pdfinfo: not tagged"
# (Read from a copy whose OutputIntent key is renamed, same length: poppler
# builds a colour transform for it on every page, seconds for 31 pages, and
# reads the structure the same without it.)
perl -pe 's|/OutputIntents|/OutputIntentX|' "$work/p.pdf" >"$work/plain.pdf"
pdfinfo -struct-text "$work/plain.pdf" >"$work/struct" 2>"$work/struct.err"
[ ! -s "$work/struct.err" ] && ok || { fail "pdfinfo -struct-text complained:"; head -3 "$work/struct.err"; }
python3 "$(dirname "$0")/struct_order.py" "$work/p.xml" "$work/struct" >"$work/order" && ok || { fail "structure order:"; cat "$work/order"; }
moved=$(grep -n '^ *"§ [0-9]* \?"$' "$work/struct" | head -1 | cut -d: -f1)
moved=$((moved + 1))  # the first paragraph's title
if [ -n "$moved" ]; then
  sed "${moved}d" "$work/struct" >"$work/struct.moved" && sed -n "${moved}p" "$work/struct" >>"$work/struct.moved"
  python3 "$(dirname "$0")/struct_order.py" "$work/p.xml" "$work/struct.moved" >/dev/null && fail "structure order check passed a moved text" || ok
fi
# A paragraph's lines are one marked-content sequence; a wrapped line keeps
# the space it was broken at, so readers do not join its last word to the next.
grep -q ' "$' "$work/struct" && ok || fail "no text in the structure ends in the space of a line break"
grep -E -q '[^ ]"$' "$work/struct" && ok || fail "every text in the structure ends in a space"
for tag in Document H1 Table TR TH TD Sect H2 Lbl P Div Form; do
  grep -q "^ *$tag\b" "$work/struct" && ok || fail "no $tag element in the structure"
done

# Our own structural PDF/A-3a and PDF/UA-1 check.
"$bin" pdfa-check "$work/p.pdf" >"$work/pdfa" && ok || { fail "pdfa-check"; grep -v '^PASS' "$work/pdfa"; }

# Our own readers agree: fingerprint of the PDF = the XML's; extract gives the XML back.
[ "$("$bin" fingerprint "$work/p.pdf" | cut -d' ' -f1)" = "$fp" ] && ok || fail "justera fingerprint PDF != XML"
"$bin" -q extract "$work/p.pdf" -o "$work/extracted.xml" && cmp -s "$work/extracted.xml" "$work/p.xml" && ok || fail "extract differs"

# Signature fields: one per justerare and one for the sekreterare, none signed (pdfsig),
# and the AcroForm does not ask viewers to make appearances (qpdf --json).
want=$(xmllint --xpath 'count(//*[local-name()="adjuster"]) + count(//*[local-name()="secretary"])' "$work/p.xml")
got=$(pdfsig "$work/p.pdf" 2>/dev/null | grep -c 'Signature Field Name: justera_')
[ "$got" = "$want" ] && ok || fail "pdfsig lists $got signature fields, expected $want"
[ "$(pdfsig "$work/p.pdf" 2>/dev/null | grep -c 'is not signed')" = "$want" ] && ok || fail "a field is not empty"
# A partial field name has no period (ISO 32000-1 12.7.3.2; pyHanko refuses the
# file otherwise), and every field has its /MK from the start, so that signing
# changes only /V, /AP and /AS.
pdfsig "$work/p.pdf" 2>/dev/null | grep 'Signature Field Name:' | grep -q 'Name: .*\.' && fail "a field name contains a period" || ok
for o in $(mutool show "$work/p.pdf" trailer/Root/AcroForm/Fields | grep -oE '[0-9]+ 0 R' | awk '{ print $1 }'); do
  mutool show "$work/p.pdf" "$o" | grep -q '/MK' && ok || fail "field object $o has no /MK"
  mutool show "$work/p.pdf" "$o/SV/SubFilter" | grep -q 'ETSI.CAdES.detached' && ok || fail "field object $o has no seed value /SubFilter"
done
qpdf --json --json-key=acroform "$work/p.pdf" >"$work/acroform.json"
grep -q '"needappearances": false' "$work/acroform.json" && ok || fail "NeedAppearances set"

# Pictures: page 1 and the first paragraph page are not blank; the page count matches.
pages=$(awk '/^Pages:/ { print $2 }' "$work/info")
[ "${pages:-0}" -ge 3 ] && ok || fail "only ${pages:-0} pages"
pdftoppm -r 36 -gray -f 1 -l 2 "$work/p.pdf" "$work/page"
for png in "$work"/page-*.pgm; do
  dark=$(tail -c +16 "$png" | od -An -v -tu1 | tr -s ' ' '\n' | awk '$1 != "" && $1 < 128 { n++ } END { print n + 0 }')
  [ "$dark" -gt 60 ] && ok || fail "$(basename "$png") is blank ($dark dark pixels)"
done
[ "$(ls "$work"/page-*.pgm | wc -l)" -eq 2 ] && ok || fail "pdftoppm did not render two pages"

# justera verify reads what qpdf rewrote with object streams and an xref
# stream the same way: the XML, its fingerprint, and the visible text (every
# paragraph title and decision point on the pages); unsigned, so INDETERMINATE.
for f in "$work/p.pdf" "$work/objstm.pdf"; do
  [ "$f" = "$work/objstm.pdf" ] && qpdf --object-streams=generate "$work/p.pdf" "$work/objstm.pdf"
  "$bin" verify --json "$f" >"$work/verify.json" 2>/dev/null
  rc=$?
  [ "$rc" = 2 ] && grep -q '"verdict": "INDETERMINATE"' "$work/verify.json" && ok || fail "verify $(basename "$f"): exit $rc"
  for check in embedded_xml xmp_fingerprint visible_text; do
    tr -d '\n ' <"$work/verify.json" | grep -q "\"id\":\"$check\",\"status\":\"PASSED\"" && ok || fail "verify $(basename "$f"): $check did not pass"
  done
done
grep -c '/Type */ObjStm' "$work/objstm.pdf" >/dev/null && ok || fail "qpdf wrote no object stream"

echo "$name: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
