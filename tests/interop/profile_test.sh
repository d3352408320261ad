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

# The ordförande's line (signers): seed 004 with Jan Jönsson the only
# justerare, so its ordförande Alexander Ojanne is not a justerare and gets a
# field of their own, where the profile puts it.
seed4=$src/tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt
pw=$src/certs/test-only-password.txt
printf 'signers = sekreterare, ordförande, justerare\n' >"$work/chair.conf"
"$bin" -q render "$seed4" --set 'justerare=Jan Jönsson (L)' --profile "$work/chair.conf" -o "$work/c0.pdf" 2>"$work/err" && ok || { fail "render with an ordförande line"; cat "$work/err"; }
"$bin" info --json "$work/c0.pdf" >"$work/c0.json"
python3 -c 'import json,sys
f=[(x["name"],x["role"],x["person"],x["signed"]) for x in json.load(open(sys.argv[1]))["signature_fields"]]
want=[("justera_sekreterare_1","sekreterare","Magnus Hillborg",False),("justera_ordforande_1","ordförande","Alexander Ojanne",False),("justera_justerare_1","justerare","Jan Jönsson",False)]
sys.exit(0 if f==want else print(f) or 1)' "$work/c0.json" && ok || fail "the fields are not sekreterare, ordförande, justerare in the profile's order"
"$bin" pdfa-check "$work/c0.pdf" >"$work/c0.check" && ok || { fail "pdfa-check with an ordförande line"; grep -v ^PASS "$work/c0.check"; }
pdftotext -enc UTF-8 -layout "$work/c0.pdf" "$work/c0.txt"
sed -n '/Underskrifter/,$p' "$work/c0.txt" | sed 's/^ *//; s/ *$//' | grep -v '^$' | head -7 >"$work/c0.lines"
printf '%s\n' 'Underskrifter' 'Magnus Hillborg' 'Sekreterare' 'Alexander Ojanne (S)' 'Ordförande' 'Jan Jönsson (L)' 'Justerare' | diff - "$work/c0.lines" >/dev/null && ok ||
  { fail "the signature lines are not the profile's"; cat "$work/c0.lines"; }
perl -pe 's|/OutputIntents|/OutputIntentX|' "$work/c0.pdf" >"$work/c0plain.pdf"
pdfinfo -struct "$work/c0plain.pdf" 2>/dev/null | grep -c '^ *Form$' >"$work/c0.forms"
[ "$(cat "$work/c0.forms")" = 3 ] && ok || fail "not three Form elements"
# What a screen reader reads for each field (/TU), as qpdf finds it.
qpdf --json --json-key=acroform "$work/c0.pdf" >"$work/c0.form"
python3 -c 'import json,sys
f=[(x["fullname"],x["alternativename"]) for x in json.load(open(sys.argv[1]))["acroform"]["fields"]]
sys.exit(0 if ("justera_ordforande_1","Underskrift: ordförande Alexander Ojanne (S)") in f else print(f) or 1)' "$work/c0.form" &&
  ok || fail "the ordförande's field does not tell a screen reader whose it is"
# A justerare may not sign the ordförande's field; the ordförande signs it by name.
"$bin" sign "$work/c0.pdf" -o "$work/x.pdf" --role justerare --p12 "$src/certs/test-only-jonsson.p12" --password-file "$pw" \
  --field justera_ordforande_1 >/dev/null 2>"$work/err"
[ $? = 3 ] && grep -q 'sign-field-role' "$work/err" && [ ! -e "$work/x.pdf" ] && ok || { fail "a justerare signed the ordförande's field"; cat "$work/err"; }
"$bin" -q sign "$work/c0.pdf" -o "$work/c1.pdf" --role ordförande --p12 "$src/certs/test-only-ojanne.p12" --password-file "$pw" 2>"$work/err" &&
  ok || { fail "the ordförande signs"; cat "$work/err"; }
"$bin" -q sign "$work/c1.pdf" -o "$work/c2.pdf" --role justerare --p12 "$src/certs/test-only-jonsson.p12" --password-file "$pw" 2>"$work/err" &&
  ok || { fail "the justerare signs"; cat "$work/err"; }
"$bin" verify --json --trust "$src/certs/test-only-root-ca.pem" "$work/c2.pdf" >"$work/c2.json" 2>/dev/null
python3 -c 'import json,sys
r=json.load(open(sys.argv[1]))
fields={s["field"]:s.get("role") for s in r["signatures"]}
roles={(x["role"],x["name"],bool(x.get("signed_by"))) for x in r["roles"]}
ok = fields=={"justera_ordforande_1":"ordförande","justera_justerare_1":"justerare"} and roles=={("ordförande","Alexander Ojanne",True),("justerare","Jan Jönsson",True),("sekreterare","Magnus Hillborg",False)}
sys.exit(0 if ok else print(fields, roles) or 1)' "$work/c2.json" && ok || fail "verify does not name the ordförande's signature and the missing sekreterare"
"$bin" pdfa-check "$work/c2.pdf" >/dev/null && ok || fail "pdfa-check after the ordförande and the justerare signed"
/usr/bin/jsonschema -i "$work/c2.json" "$src/schemas/verify-report.schema.json" >/dev/null 2>&1 && ok || fail "the report with an ordförande's role does not match the schema"
# The Swedish panel in Swedish only: no revocation data is said in Swedish too.
"$bin" verify --trust "$src/certs/test-only-root-ca.pem" "$work/c2.pdf" >"$work/c2.panel" 2>/dev/null
grep -q 'inga spärruppgifter (inget OCSP-svar och ingen spärrlista)' "$work/c2.panel" && ! grep -q 'no OCSP response' "$work/c2.panel" && ok ||
  { fail "the Swedish panel says the missing revocation data in English"; grep spärr "$work/c2.panel" | head -2; }
# An ordförande who is a justerare (seed 004 as written) signs once, in the justerare's line.
"$bin" -q render "$seed4" --profile "$work/chair.conf" -o "$work/c4.pdf" 2>/dev/null && ok || fail "render 004 with an ordförande line"
"$bin" info --json "$work/c4.pdf" | grep -c '"name": "justera_' >"$work/c4.n"
[ "$(cat "$work/c4.n")" = 3 ] && ! grep -a -q justera_ordforande "$work/c4.pdf" && ok || fail "a justerare who is the ordförande got a second field"
pdftotext -enc UTF-8 "$work/c4.pdf" - | grep -q '^Justerare och ordförande$' && ok || fail "the justerare's line does not say ordförande"
# The default draws no ordförande line; a profile that asks for one with no ordförande named is refused.
"$bin" -q render "$seed4" --set 'justerare=Jan Jönsson (L)' -o "$work/c5.pdf" 2>/dev/null
! grep -a -q justera_ordforande "$work/c5.pdf" && ok || fail "an ordförande line without the profile asking"
"$bin" -q parse "$seed4" -o "$work/c6.xml" 2>/dev/null
sed -i 's/role="chair"/role="member"/' "$work/c6.xml"
"$bin" -q render "$work/c6.xml" --profile "$work/chair.conf" -o "$work/c6.pdf" 2>"$work/err"
rc=$?
[ "$rc" = 4 ] && grep -q "signers ask for an ordförande line, but the protocol names no ordförande" "$work/err" && [ ! -e "$work/c6.pdf" ] && ok ||
  { fail "an ordförande line for a protocol with none: exit $rc"; cat "$work/err"; }

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
printf 'signers = justerare, kassör\n' >"$work/bad.conf";                     refused "an unknown role" "bad.conf:1.*'kassör' is not a role that signs"
printf 'signers = sekreterare\n' >"$work/bad.conf";                           refused "no justerare" "bad.conf:1.*justerare must be among them"
printf 'signers = justerare, justerare\n' >"$work/bad.conf";                  refused "a role twice" "bad.conf:1.*justerare is named twice"
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
