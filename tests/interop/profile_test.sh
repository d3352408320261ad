#!/usr/bin/env bash
# profile_test.sh JUSTERA SOURCE_DIR: `render --profile` draws the
# municipality's style (docs/profiles/exempelby.conf) and stays tagged
# PDF/A-3a and PDF/UA-1; a signed file keeps verifying its visible text; a
# profile that cannot be used is refused with the file and line.
# No pipefail: a pipeline ending in grep -q is judged by grep (its early exit
# would otherwise fail the pipeline through the writer's SIGPIPE).
set -u
bin=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
export SOURCE_DATE_EPOCH=1711101600
profile=$src/docs/profiles/exempelby.conf
seed=$src/tests/fixtures/seeds/000_9b82ca12656ff44a.txt

"$bin" -q render "$seed" --profile "$profile" -o "$work/p.pdf" 2>/dev/null && ok || fail "render --profile"
"$bin" -q render "$seed" -o "$work/d.pdf" 2>/dev/null && ok || fail "render without a profile"
"$bin" -q render "$seed" --profile "$profile" -o "$work/p2.pdf" 2>/dev/null
cmp -s "$work/p.pdf" "$work/p2.pdf" && ok || fail "the same profile gave different bytes"
"$bin" pdfa-check "$work/p.pdf" >"$work/check" && ok || { fail "pdfa-check with the profile"; grep -v ^PASS "$work/check"; }
"$bin" -q parse "$seed" -o "$work/p.xml" 2>/dev/null
perl -pe 's|/OutputIntents|/OutputIntentX|' "$work/p.pdf" >"$work/plain.pdf"
pdfinfo -struct-text "$work/plain.pdf" >"$work/struct"
python3 "$src/tests/interop/struct_order.py" "$work/p.xml" "$work/struct" >/dev/null && ok || fail "structure order with the profile"
# The header (an artifact: not in the structure), the footer, the title.
pdftotext -enc UTF-8 -layout -f 2 -l 2 "$work/p.pdf" "$work/page2.txt"
head -3 "$work/page2.txt" | grep -q 'Exempelby kommun .*Sammanträdesprotokoll .*Sammanträdesdatum' && ok || { fail "page 2's header:"; head -3 "$work/page2.txt"; }
head -3 "$work/page2.txt" | grep -q 'Socialnämnden .*nr 4/2024 .*2024-03-19' && ok || fail "page 2's header second line"
grep -q 'Storgatan 1, 123 45 Exempelby.*Sida 2 (31)' "$work/page2.txt" && ok || fail "page 2's footer"
grep -q 'Exempelby' "$work/struct" && ok || fail "the front page does not name the municipality in the structure"
! grep -q 'Kommunkansliet' "$work/struct" && ok || fail "the footer is in the structure (it is an artifact)"
grep -A3 '^ *H1' "$work/struct" | grep -q '^ *"Sammanträdesprotokoll nr 4/2024"$' && ok || fail "no 'Sammanträdesprotokoll nr 4/2024' in the H1"
grep -A2 '^ *H1' "$work/struct" | grep -q '^ *"Socialnämnden "$' && ok || fail "the H1's first line does not end in a space (a reader would join the lines)"
pdfinfo "$work/p.pdf" | grep -q '^Title: *Sammanträdesprotokoll 4/2024 – Socialnämnden – 2024-03-19' && ok || fail "the document title"
# The case number beside the title's last line, after the title in reading order.
pdftotext -enc UTF-8 -layout "$work/p.pdf" "$work/all-layout.txt"
grep -q 'Studieroteam  *Dnr KS 2023/1231, SOF 2023/599' "$work/all-layout.txt" && ok || fail "§ 5's Dnr is not beside its title"
# The logo is drawn (an image XObject on every page).
pdfimages -list "$work/p.pdf" >"$work/images"
[ "$(awk 'NR > 2 && $3 == "image"' "$work/images" | wc -l)" -ge 31 ] && ok || fail "the logo is not on every page"
# The source's "signed digitally by" sentence is not a fact of this file's front page.
pdftotext -enc UTF-8 -f 1 -l 1 "$work/p.pdf" "$work/page1.txt"
pdftotext -enc UTF-8 "$work/p.pdf" "$work/all.txt"
grep -q 'Sammanträde' "$work/page1.txt" && ! grep -q 'signerats digitalt' "$work/page1.txt" && ok || fail "the front page says the document has been signed"
grep -q 'Detta dokument har signerats digitalt' "$work/all.txt" && ok || fail "the sentence disappeared"
# ANSLAG/BEVIS as a table of its facts (a layout that prints one).
"$bin" -q render "$src/tests/fixtures/corpus/halmstad/ks-2025-04-08.txt" --profile "$profile" -o "$work/h.pdf" 2>/dev/null && ok || fail "render halmstad"
perl -pe 's|/OutputIntents|/OutputIntentX|' "$work/h.pdf" >"$work/hplain.pdf"
pdfinfo -struct-text "$work/hplain.pdf" >"$work/hstruct"
grep -A45 '"Anslag/bevis"' "$work/hstruct" | tr -d '\n ' | grep -q -E '"Anslagetsättsupp"TDP\(block\)"2025-04-14".*"Anslagettasned"TDP\(block\)"2025-05-06".*"Förvaringsplatsför("")?protokollet"TDP\(block\)"Stadskontoret"' &&
  ok || { fail "no Anslag/bevis table with its dates and place"; grep -A30 '"Anslag/bevis"' "$work/hstruct" | head -30; }
"$bin" pdfa-check "$work/h.pdf" >/dev/null && ok || fail "pdfa-check halmstad"

# The sections and the decision in the order the text wrote them: in
# kf-fullmaktige § 23 "Jäv" comes before "Beslut".
"$bin" -q render "$src/tests/fixtures/ingest/valid/kf-fullmaktige.txt" -o "$work/kf.pdf" 2>/dev/null && ok || fail "render kf-fullmaktige"
pdftotext -enc UTF-8 "$work/kf.pdf" "$work/kf.txt"
sed -n '/^§ 23 Ansvarsfrihet/,/^§ 24 /p' "$work/kf.txt" | grep -E -x 'Jäv|Beslut' | tr '\n' ' ' | grep -q '^Jäv Beslut $' && ok ||
  { fail "§ 23: Jäv is not before Beslut"; sed -n '/^§ 23 Ansvarsfrihet/,/^§ 24 /p' "$work/kf.txt"; }

# Odd but valid XML: a decision point whose text is only white space, with
# sub-points (they stay in their own paragraph's list, never an earlier
# one's), and a typed signature whose text is only white space (no row of one
# cell in the table).
python3 - "$work/p.xml" "$work/odd.xml" <<'EOS'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
at = s.index('<paragraph immediate="false" number="4">')
p = s.index("<text>", at)
e = s.index("</text>", p)
s = s[:p] + "<text> </text><item>Underpunkt till en tom punkt</item>" + s[e + len("</text>"):]
w = s.index("<written>")
s = s[:w] + "<written> </written>" + s[s.index("</written>", w) + len("</written>"):]
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOS
"$bin" -q render "$work/odd.xml" -o "$work/odd.pdf" 2>"$work/err" && ok || { fail "render the odd XML"; cat "$work/err"; }
"$bin" pdfa-check "$work/odd.pdf" >"$work/odd.check" && ok || { fail "pdfa-check of the odd XML"; grep -v ^PASS "$work/odd.check"; }
perl -pe 's|/OutputIntents|/OutputIntentX|' "$work/odd.pdf" >"$work/oddplain.pdf"
pdfinfo -struct-text "$work/oddplain.pdf" >"$work/odd.struct"
python3 "$src/tests/interop/struct_order.py" "$work/odd.xml" "$work/odd.struct" >"$work/odd.order" && ok || { fail "structure order of the odd XML"; cat "$work/odd.order"; }
sed -n '/^ *"§ 4 \?"$/,/^ *"§ 5 \?"$/p' "$work/odd.struct" | grep -q 'Underpunkt till en tom punkt' && ok || fail "the sub-point is not in § 4"

# Signed, the file still shows what its XML says (verify's visible-text check).
"$bin" -q sign "$work/p.pdf" -o "$work/s.pdf" --role justerare --p12 "$src/certs/test-only-ojanne.p12" \
  --password-file "$src/certs/test-only-password.txt" 2>"$work/err" && ok || { fail "sign"; cat "$work/err"; }
"$bin" verify --json --trust "$src/certs/test-only-root-ca.pem" "$work/s.pdf" >"$work/v.json" 2>/dev/null
tr -d '\n ' <"$work/v.json" | grep -q '"id":"visible_text","status":"PASSED"' && ok || fail "verify: visible_text did not pass"
"$bin" pdfa-check "$work/s.pdf" >/dev/null && ok || fail "pdfa-check after signing"

# Refusals: exit 4 with the profile's file and line; nothing written.
refused() {
  local why=$1 want=$2
  "$bin" -q render "$seed" --profile "$work/bad.conf" -o "$work/bad.pdf" 2>"$work/err"
  local rc=$?
  [ "$rc" = 4 ] && grep -q -- "$want" "$work/err" && [ ! -e "$work/bad.pdf" ] && ok || { fail "$why: exit $rc"; cat "$work/err"; }
}
printf 'municipality = X\nfont = Comic Sans\n' >"$work/bad.conf";            refused "unknown setting" "bad.conf:2.*no profile setting 'font'"
printf 'colour = #ffcc00\n' >"$work/bad.conf";                               refused "a light colour" "bad.conf:1.*contrast of 1.*4.5:1"
printf 'colour = blue\n' >"$work/bad.conf";                                  refused "a colour name" "is not #RRGGBB"
printf 'logo = bad.svg\n' >"$work/bad.conf"; echo '<svg/>' >"$work/bad.svg";  refused "an SVG logo" "not a PNG file"
printf 'title\n' >"$work/bad.conf";                                          refused "no equals sign" "bad.conf:1"
# A PNG that cannot be decoded, and one too large to be a logo.
head -c 200 "$src/docs/profiles/exempelby-logo.png" >"$work/cut.png"; printf 'logo = cut.png\n' >"$work/bad.conf"
refused "a cut PNG" "cut.png' cannot be read as a PNG image: a chunk runs past the end of the file"
python3 -c 'import struct,zlib,sys
def c(t,d): return struct.pack(">I",len(d))+t+d+struct.pack(">I",zlib.crc32(t+d))
open(sys.argv[1],"wb").write(b"\x89PNG\r\n\x1a\n"+c(b"IHDR",struct.pack(">IIBBBBB",40000,40000,8,2,0,0,0))+c(b"IEND",b""))' "$work/huge.png"
printf 'logo = huge.png\n' >"$work/bad.conf"; refused "a 40000x40000 logo" "40000x40000 pixels; at most 2000x2000"
printf 'logo = missing.png\n' >"$work/bad.conf"
"$bin" -q render "$seed" --profile "$work/bad.conf" -o "$work/bad.pdf" 2>"$work/err"
rc=$?
[ "$rc" = 5 ] && grep -q 'missing.png' "$work/err" && [ ! -e "$work/bad.pdf" ] && ok || { fail "a missing logo: exit $rc"; cat "$work/err"; }

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
