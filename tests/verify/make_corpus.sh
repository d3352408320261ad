#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# make_corpus.sh OUTDIR JUSTERA PKI_SERVER SOURCE_DIR
#
# Builds, from nothing, the files 'justera verify' is judged on (see
# README.md next to this script): good protocols signed by justera, by
# pdfsig and by mutool, and attacks derived from them by byte-level edits
# (perl, head, tail; no python). Writes OUTDIR/expected.tsv, one line per
# file: name, expected verdict, expected exit code of
# 'justera verify --trust certs/test-only-root-ca.pem', and a note that says
# what the file is and what qpdf, pdfsig and mutool make of it.
#
# It starts the TEST-ONLY PKI server on 127.0.0.1:28461 (the port the test
# certificates name) for the time stamps and revocation answers, and stops
# it on exit. Every step checks its result and the script stops at the first
# failure.
#
# Deterministic where the tools allow: the rendered protocols are the same
# from run to run (fixed SOURCE_DATE_EPOCH), and justera's signature values
# depend only on the bytes they cover (RSA PKCS#1 v1.5, no signing-time
# attribute, /M from SOURCE_DATE_EPOCH). Time-stamp tokens (real time,
# random nonce) and the signing-time attribute that pdfsig, mutool and
# openssl put in their signatures are not, so the files differ between runs;
# what each file is and its expected verdict do not.
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: make_corpus.sh OUTDIR JUSTERA PKI_SERVER SOURCE_DIR" >&2; exit 4; }
out=$1 bin=$2 server=$3 src=$4
certs=$src/certs
pwfile=$certs/test-only-password.txt
patch=(perl "$src/tests/verify/pdfpatch.pl")
seed=$src/tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt
seed000=$src/tests/fixtures/seeds/000_9b82ca12656ff44a.txt
tsa=http://127.0.0.1:28461/

die() { echo "make_corpus: FAILED: $*" >&2; exit 1; }
for tool in perl qpdf pdfsig mutool certutil pk12util openssl pdftotext head tail cmp; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
[ -x "$bin" ] || die "$bin is not executable"
[ -x "$server" ] || die "$server is not executable"
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
pw=$(head -1 "$pwfile")

# ---------------------------------------------------------------- time
# Signing times must fall inside the test certificates' validity, which
# starts when certs/make-test-pki.sh ran: base = the latest notBefore + 60 s.
# The time-stamping authority answers with the real time, which is later.
nb=0
for c in root-ca issuing-ca tsa ocsp ojanne jonsson hillborg jonsson-revoked hillborg-untrusted; do
  t=$(date -u -d "$(openssl x509 -in "$certs/test-only-$c.pem" -noout -startdate | cut -d= -f2)" +%s) || die "notBefore of test-only-$c.pem"
  [ "$t" -gt "$nb" ] && nb=$t
done
base=$((nb + 60))
now=$(date -u +%s)
if [ "$now" -lt $((base + 200)) ]; then
  echo "make_corpus: the test certificates are new; waiting $((base + 200 - now)) s so that signing times are after their notBefore" >&2
  sleep $((base + 200 - now))
fi

# ---------------------------------------------------------------- services
"$server" "$certs" --port 28461 --max 5000 --seconds 900 --log "$work/server.log" >"$work/port" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { cat "$work/server.err" >&2; die "the test PKI server did not start on 127.0.0.1:28461 (is another one running?)"; }

# An NSS database that trusts the test root, for pdfsig's verdicts, and one
# per signer holding that signer's TEST-ONLY key, for pdfsig's signatures.
mkdir "$work/nss"
certutil -N -d "sql:$work/nss" --empty-password
certutil -A -d "sql:$work/nss" -n test-root -t "CT,C,C" -i "$certs/test-only-root-ca.pem"
nss_for() {  # nss_for NAME: database with certs/test-only-NAME.p12; prints its nickname
  local db=$work/nss-$1
  if [ ! -d "$db" ]; then
    mkdir "$db"
    certutil -N -d "sql:$db" --empty-password
    pk12util -i "$certs/test-only-$1.p12" -d "sql:$db" -W "$pw" -K "" >/dev/null || die "pk12util -i test-only-$1.p12"
  fi
  certutil -L -d "sql:$db" | sed -n 's/[[:space:]]*u,u,u$//p' | head -1
}

# ---------------------------------------------------------------- helpers
# jsign IN OUT K ROLE WHO [options]: justera signs as the K-th signer, with
# certs/test-only-WHO.p12, its /M the real time: a later signer cannot
# claim a time before what an earlier signer's timestamp proves.
jsign() {
  local in=$1 o=$2 k=$3 role=$4 who=$5
  shift 5
  SOURCE_DATE_EPOCH=$(date -u +%s) "$bin" -q sign "$in" -o "$o" --role "$role" --p12 "$certs/test-only-$who.p12" \
    --password-file "$pwfile" "$@" || die "justera sign $(basename "$o") ($who as $role)"
}
# psign IN OUT WHO FIELD: pdfsig signs the existing empty FIELD.
psign() {
  local nick
  nick=$(nss_for "$3")
  rm -f "$2"
  pdfsig -nssdir "sql:$work/nss-$3" -nick "$nick" -sign "$4" "$1" "$2" >"$work/psign.log" 2>&1 || true
  [ -s "$2" ] || { cat "$work/psign.log" >&2; die "pdfsig -sign $4 ($3) into $(basename "$2")"; }
}
# field_object FILE NAME: the object number of the field called NAME.
field_object() {
  local o
  for o in $(mutool show "$1" trailer/Root/AcroForm/Fields | grep -oE '[0-9]+ 0 R' | awk '{ print $1 }'); do
    mutool show "$1" "$o" | grep -qF "/T ($2)" && { echo "$o"; return 0; }
  done
  die "no field $2 in $(basename "$1")"
}
# ref FILE PATH: the object number PATH (mutool syntax) leads to: the resolved
# object's own number, or the first reference in a direct array.
ref() {
  local r
  r=$(mutool show "$1" "$2" 2>/dev/null | perl -ne 'if ($. == 1 && /^(\d+) \d+ obj/) { print $1; exit } if (/(\d+) \d+ R/) { print $1; exit }')
  [ -n "$r" ] || die "no object at $2 in $(basename "$1")"
  echo "$r"
}
next_object() { "${patch[@]}" trailer "$1" | sed -E 's/^size=([0-9]+).*/\1/'; }

# What poppler's pdfsig (test root trusted, asking the test OCSP responder)
# and mutool say, one short phrase per signature.
pdfsig_says() {
  pdfsig -nssdir "sql:$work/nss" "$1" 2>&1 | perl -ne '
    if (/^Signature #(\d+)/) { push @s, { n => "#$1" } }
    elsif (/Signature Validation: (.*?)\.?\s*$/) { (my $v = lc $1) =~ s/^signature is //; $s[-1]{v} = $v }
    elsif (/Certificate Validation: (.*?)\.?\s*$/) { (my $c = lc $1) =~ s/^certificate (is |has been |has )?//; $s[-1]{c} = $c }
    elsif (/^\s*- (Not total|Total) document signed/) { $s[-1]{t} = $1 eq "Total" ? "total" : "not total" }
    elsif (/form field is not signed/) { $s[-1]{v} = "unsigned" }
    elsif (/does not contain any signatures/) { $e = "no signatures" }
    elsif (/^(?:Syntax )?(?:Error|I\/O Error|Internal Error)\b[^:]*: (.*)/ && !$e) { $e = $1 }
    END { my @p = map { my $x = $_; join(" ", $x->{n}, grep { defined } @{$x}{qw(v c t)}) } @s;
          print "pdfsig: ", (@p ? join(", ", @p) : ($e // "nothing")), (@p && $e ? " (error: $e)" : "") }' | tr -d '\t'
}
mutool_says() {
  mutool sign -v "$1" 2>&1 | perl -ne '
    if (/^Verifying signature (\d+)/) { push @s, ["obj $1"] }
    elsif (!@s) { $e //= $1 if /^(?:error|warning): (.*)/ }
    elsif (/The signature is valid but there have been edits since signing/) { push @{ $s[-1] }, "valid, edited since" }
    elsif (/The document is unchanged since signing/) { push @{ $s[-1] }, "unchanged" }
    elsif (/Signature is not signed/) { push @{ $s[-1] }, "unsigned" }
    elsif (/^\s*(Digest error|Verification error): (.*?)\.?\s*$/) { push @{ $s[-1] }, lc("$1: $2") }
    END { my @p = map { "$_->[0] " . join(", ", @$_[1 .. $#$_]) } @s;
          print "mutool: ", (@p ? join("; ", @p) : ($e // "nothing")) }' | tr -d '\t'
}
qpdf_code() { local rc=0; qpdf --check "$1" >/dev/null 2>&1 || rc=$?; echo "$rc"; }

# A derived file must differ from its source and still look like a PDF;
# an appended update must still parse for qpdf (0 clean, 3 warnings).
derived() {  # derived NAME SOURCE [update]
  local f=$out/$1 s=$2 rc
  [ -s "$f" ] || die "$1 was not written"
  cmp -s "$f" "$s" && die "$1 is identical to its source $(basename "$s")"
  [ "$(head -c 5 "$f")" = "%PDF-" ] || die "$1 does not start with %PDF-"
  if [ "${3:-}" = update ]; then
    rc=$(qpdf_code "$f")
    [ "$rc" = 0 ] || [ "$rc" = 3 ] || { qpdf --check "$f" >&2 || true; die "qpdf --check cannot parse $1 (exit $rc)"; }
  fi
}

printf 'name\texpected_verdict\texpected_exit\tnote\n' >"$out/expected.tsv"
expect() {  # expect NAME VERDICT EXIT NOTE: one line of expected.tsv, with what the tools say
  local f=$out/$1
  printf '%s\t%s\t%s\t%s qpdf --check=%s; %s; %s\n' "$1" "$2" "$3" "$4" "$(qpdf_code "$f")" "$(pdfsig_says "$f")" "$(mutool_says "$f")" >>"$out/expected.tsv"
  echo "made $1" >&2
}

# ---------------------------------------------------------------- good files
SOURCE_DATE_EPOCH=$base "$bin" -q render "$seed" -o "$work/s0.pdf" 2>/dev/null || die "justera render 004"
SOURCE_DATE_EPOCH=$base "$bin" -q render "$seed000" -o "$work/s0-000.pdf" 2>/dev/null || die "justera render 000"
"$bin" extract "$work/s0.pdf" >"$work/original.xml" || die "justera extract"

jsign "$work/s0.pdf" "$out/good-1.pdf" 1 justerare ojanne --tsa "$tsa"
jsign "$out/good-1.pdf" "$work/g2.pdf" 2 justerare jonsson --tsa "$tsa"
jsign "$work/g2.pdf" "$out/good-3.pdf" 3 sekreterare hillborg --tsa "$tsa"
jsign "$work/s0-000.pdf" "$work/h1.pdf" 1 justerare ojanne --tsa "$tsa"
jsign "$work/h1.pdf" "$work/h2.pdf" 2 justerare jonsson --tsa "$tsa"
jsign "$work/h2.pdf" "$out/good-000-3.pdf" 3 sekreterare hillborg --tsa "$tsa"
jsign "$work/s0.pdf" "$work/lt1.pdf" 1 justerare ojanne --tsa "$tsa" --ltv
jsign "$work/lt1.pdf" "$work/lt2.pdf" 2 justerare jonsson --tsa "$tsa" --ltv
jsign "$work/lt2.pdf" "$work/lt3.pdf" 3 sekreterare hillborg --tsa "$tsa" --ltv --certify
sleep 1  # the document timestamp's time strictly after the signatures' timestamps
"$bin" -q timestamp "$work/lt3.pdf" -o "$out/good-lta.pdf" --tsa "$tsa" --ltv || die "justera timestamp good-lta.pdf"
for f in good-1 good-3 good-000-3 good-lta; do
  n=$([ "$f" = good-1 ] && echo 1 || echo 3)
  pdfsig -nssdir "sql:$work/nss" "$out/$f.pdf" >"$work/check" 2>&1 || true
  [ "$(grep -c 'Signature is Valid' "$work/check")" = "$n" ] && [ "$(grep -c 'Certificate is Trusted' "$work/check")" = "$n" ] ||
    { cat "$work/check" >&2; die "pdfsig does not find $n valid, trusted signatures in $f.pdf"; }
done

expect good-1.pdf INDETERMINATE 2 "Ojanne (justerare 1) alone, B-T. His signature is TOTAL_PASSED; justerare 2 and the sekreterare have not signed, so the protocol is not yet justerat: byte-identical to cut-to-first.pdf, and a verifier cannot tell the two apart."
expect good-3.pdf TOTAL_PASSED 0 "Seed 004 signed by Ojanne, Jönsson (justerare) and Hillborg (sekreterare), PAdES B-T, each an incremental update filling its own pre-made field."
expect good-000-3.pdf TOTAL_PASSED 0 "Seed 000, the same three signers, B-T."
expect good-lta.pdf TOTAL_PASSED 0 "Seed 004, three B-LT signatures (the sekreterare with --certify: FieldMDP lock P 2), then 'justera timestamp --ltv': DSS + document timestamp justera_ts_1 (B-LTA)."

# ---------------------------------------------------------------- other signers
psign "$work/s0.pdf" "$out/pdfsig-1.pdf" ojanne justera_justerare_1
psign "$out/pdfsig-1.pdf" "$out/pdfsig-2.pdf" jonsson justera_justerare_2
psign "$out/pdfsig-2.pdf" "$out/pdfsig-3.pdf" hillborg justera_sekreterare_1
jsign "$out/pdfsig-1.pdf" "$work/mx2.pdf" 2 justerare jonsson --tsa "$tsa"
jsign "$work/mx2.pdf" "$out/mixed-3.pdf" 3 sekreterare hillborg --tsa "$tsa"
for f in pdfsig-1:1 pdfsig-2:2 pdfsig-3:3 mixed-3:3; do
  pdfsig -nssdir "sql:$work/nss" "$out/${f%:*}.pdf" >"$work/check" 2>&1 || true
  [ "$(grep -c 'Signature is Valid' "$work/check")" = "${f#*:}" ] && [ "$(grep -c 'Certificate is Trusted' "$work/check")" = "${f#*:}" ] ||
    { cat "$work/check" >&2; die "pdfsig does not find ${f#*:} valid, trusted signatures in ${f%:*}.pdf"; }
done
grep -q 'adbe.pkcs7.detached' <(pdfsig -nssdir "sql:$work/nss" "$out/pdfsig-1.pdf" 2>&1) || die "pdfsig-1.pdf: not adbe.pkcs7.detached"

# mutool signs with SHA-1 and without the issuing CA in its CMS.
f1=$(field_object "$work/s0.pdf" justera_justerare_1)
rm -f "$out/mutool-1.pdf"
mutool sign -s "$certs/test-only-ojanne.p12" -P "$pw" -o "$out/mutool-1.pdf" "$work/s0.pdf" "$f1" >"$work/msign.log" 2>&1 ||
  { cat "$work/msign.log" >&2; die "mutool sign"; }
grep -q 'Signing Hash Algorithm: SHA1' <(pdfsig -nssdir "sql:$work/nss" "$out/mutool-1.pdf" 2>&1) || die "mutool-1.pdf is not SHA-1"
jsign "$out/mutool-1.pdf" "$work/mu2.pdf" 2 justerare jonsson --tsa "$tsa"
jsign "$work/mu2.pdf" "$out/sha1-mutool.pdf" 3 sekreterare hillborg --tsa "$tsa"

# A PDF that is no protocol: one page, no fields, signed by pdfsig in a field
# it adds; without embedded XML, and with an XML attachment of another
# vocabulary (a UBL invoice, as an associated file).
handmade() {  # handmade OUT [XMLFILE]
  perl -e '
    my $content = "BT /F1 18 Tf 72 760 Td (Ett dokument utan protokoll-XML) Tj ET\n";
    my $xml = "";
    if (@ARGV) { open(my $h, "<:raw", $ARGV[0]) or die; local $/; $xml = <$h>; }
    my $cat = $xml ? "<< /Type /Catalog /Pages 2 0 R /AF [ 6 0 R ] /Names << /EmbeddedFiles << /Names [ (faktura.xml) 6 0 R ] >> >> >>"
                   : "<< /Type /Catalog /Pages 2 0 R >>";
    my @o = ($cat, "<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 595 842 ] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " . length($content) . " >>\nstream\n${content}endstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
    push @o, "<< /Type /Filespec /F (faktura.xml) /UF (faktura.xml) /AFRelationship /Data /EF << /F 7 0 R >> >>",
      "<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length " . length($xml) . " >>\nstream\n${xml}\nendstream" if $xml;
    my $pdf = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
    my @off;
    for my $i (0 .. $#o) { push @off, length $pdf; $pdf .= ($i + 1) . " 0 obj\n$o[$i]\nendobj\n"; }
    my $x = length $pdf;
    $pdf .= "xref\n0 " . (@o + 1) . "\n0000000000 65535 f \n" . join("", map { sprintf("%010d 00000 n \n", $_) } @off);
    $pdf .= "trailer\n<< /Size " . (@o + 1) . " /Root 1 0 R /ID [ <4A55535445524120544553542D4F4E4C> <4A55535445524120544553542D4F4E4C> ] >>\nstartxref\n$x\n%%EOF\n";
    binmode STDOUT; print $pdf;' "${@:2}" >"$1"
  [ "$(qpdf_code "$1")" = 0 ] || die "the hand-made PDF $(basename "$1") does not pass qpdf --check"
}
handmade "$work/noxml.pdf"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>2026-117</cbc:ID><cbc:IssueDate>2026-11-23</cbc:IssueDate></Invoice>\n' >"$work/faktura.xml"
handmade "$work/foreignxml.pdf" "$work/faktura.xml"
nick=$(nss_for ojanne)
for f in noxml foreignxml; do
  rm -f "$out/foreign-$f.pdf"
  pdfsig -nssdir "sql:$work/nss-ojanne" -nick "$nick" -add-signature -new-signature-field-name Signatur1 "$work/$f.pdf" "$out/foreign-$f.pdf" >"$work/psign.log" 2>&1 || true
  [ -s "$out/foreign-$f.pdf" ] || { cat "$work/psign.log" >&2; die "pdfsig -add-signature foreign-$f.pdf"; }
done
"$bin" extract "$out/foreign-noxml.pdf" >/dev/null 2>&1 && die "foreign-noxml.pdf has embedded XML"
pdfdetach -list "$out/foreign-foreignxml.pdf" | grep -q faktura.xml || die "foreign-foreignxml.pdf: pdfdetach does not list faktura.xml"

expect pdfsig-1.pdf INDETERMINATE 2 "pdfsig -sign justera_justerare_1 with the TEST-ONLY Ojanne key from an NSS database (adbe.pkcs7.detached, BER indefinite-length CMS, signing-time attribute). The signature is TOTAL_PASSED; two roles unsigned."
expect pdfsig-2.pdf INDETERMINATE 2 "pdfsig-1.pdf plus a second pdfsig signature by Jönsson in justera_justerare_2. Both signatures TOTAL_PASSED; the sekreterare has not signed."
# Signed by other honest tools, the files are still tagged PDF/A-3a and
# PDF/UA-1 (pdfsig and mutool rewrite a widget's /TU as a hex string).
for f in pdfsig-3.pdf mixed-3.pdf mutool-1.pdf; do
  "$bin" pdfa-check "$out/$f" >"$work/pdfa" || { grep -v '^PASS' "$work/pdfa" >&2; die "$f: pdfa-check fails after another tool signed"; }
done
expect pdfsig-3.pdf TOTAL_PASSED 0 "All three roles signed by pdfsig (Ojanne, Jönsson, Hillborg), adbe.pkcs7.detached, B-B."
expect mixed-3.pdf TOTAL_PASSED 0 "Ojanne by pdfsig, then Jönsson and Hillborg by justera (B-T) on top of it."
expect foreign-noxml.pdf TOTAL_PASSED 0 "A one-page PDF made by hand, no embedded XML, no protocol roles, signed by pdfsig -add-signature (new field Signatur1, Ojanne). The signature is valid and trusted; the verifier should report that there is no protocol."
expect foreign-foreignxml.pdf TOTAL_PASSED 0 "The same hand-made PDF with a UBL invoice (faktura.xml, text/xml, another namespace) as an associated file, signed by pdfsig -add-signature (Ojanne). Not a justera protocol: the protocol checks are NOT_APPLICABLE and the signature is judged on its own."
expect mutool-1.pdf INDETERMINATE 2 "mutool sign (SHA-1, FieldMDP reference, no issuing CA in the CMS) of justera_justerare_1 by Ojanne alone: CRYPTO_CONSTRAINTS_FAILURE (SHA-1), and two roles unsigned."

# ---------------------------------------------------------------- attacks
good=$out/good-3.pdf
size=$(stat -c %s "$good")
read -r _ _ _ _ b1 c1 d1 < <("${patch[@]}" sigs "$good" | sed -n 1p)
read -r _ open3 _ _ b3 c3 d3 < <("${patch[@]}" sigs "$good" | sed -n 3p)
x3=$(next_object "$good")  # first free object number
xref3=$("${patch[@]}" trailer "$good" | sed -E 's/.*startxref=([0-9]+).*/\1/')
[ $((c3 + d3)) = "$size" ] || die "good-3.pdf: the last signature does not end the file"

# bitflip-signed: one byte of the XMP in the first revision, which every
# signature covers.
off=$(perl -0777 -ne 'my $i = index($_, "<dc:format>application/pdf"); print $i < 0 ? -1 : $i + 21' "$good")
[ "$off" -gt 0 ] && [ "$off" -lt "$b1" ] || die "no dc:format in the first revision"
perl -0777 -pe "substr(\$_, $off, 1) eq 'n' or die; substr(\$_, $off, 1) = 'N'" "$good" >"$out/bitflip-signed.pdf"
derived bitflip-signed.pdf "$good"
[ "$(cmp -l "$good" "$out/bitflip-signed.pdf" | wc -l)" = 1 ] || die "bitflip-signed.pdf: not exactly one byte changed"
expect bitflip-signed.pdf TOTAL_FAILED 1 "good-3.pdf with byte $off ('n' of 'application' in the XMP's dc:format, inside the first revision) changed to 'N', same length. All three signatures: HASH_FAILURE."

# Page 1's content stream with 'Protokoll nr 5/2023' drawn as '6/2023'
# (DejaVu glyph 0x18 '5' -> 0x19 '6'; the subset has both).
page1=$(ref "$good" trailer/Root/Pages/Kids)
cont1=$(ref "$good" "$page1/Contents")
{ printf '<< /Length auto >>\nstream\n'
  qpdf --show-object="$cont1" --filtered-stream-data "$good" | perl -0777 -pe 's/0003001800120015001300150016/0003001900120015001300150016/g or die "no 5\/2023 on page 1\n"'
  printf '\nendstream'; } >"$work/content1.body"

"${patch[@]}" append "$good" "$out/isa-content.pdf" "$cont1=$work/content1.body"
derived isa-content.pdf "$good" update
pdftotext -f 1 -l 1 "$out/isa-content.pdf" - | grep -q 'Protokoll nr 6/2023' || die "isa-content.pdf: page 1 does not show 6/2023"
expect isa-content.pdf TOTAL_FAILED 1 "ISA: an incremental update after the last signature (new xref section, trailer /Prev $xref3, %%EOF) redefining object $cont1, page 1's content stream, so that page 1 reads 'Protokoll nr 6/2023'. Every signature's own range is intact; the change after them is not permitted."

"${patch[@]}" append "$good" "$out/isa-no-xref.pdf" --no-xref "$cont1=$work/content1.body"
derived isa-no-xref.pdf "$good" update
expect isa-no-xref.pdf TOTAL_FAILED 1 "ISA without xref: the new body of object $cont1 (page 1 saying 6/2023) appended after the last %%EOF, with no xref section, trailer or startxref. Bytes after the last signed revision that form no revision: a reader that repairs the file may show them."

# annot-overlay: a FreeText annotation on page 1 over 'Protokoll nr 5/2023'
# whose appearance paints a white box and '6/2023'.
n_annot=$x3 n_ap=$((x3 + 1)) n_font=$((x3 + 2))
printf '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>' >"$work/font.body"
printf '<< /Type /XObject /Subtype /Form /BBox [ 0 0 262 22 ] /Resources << /Font << /Hb %s 0 R >> >> /Length auto >>\nstream\n1 1 1 rg 0 0 262 22 re f 0 0 0 rg BT /Hb 14 Tf 4 5 Td (Protokoll nr 6/2023) Tj ET\nendstream' "$n_font" >"$work/ap.body"
printf '<< /Type /Annot /Subtype /FreeText /Rect [ 58 713 320 735 ] /Contents (Protokoll nr 6/2023) /DA (/Hb 14 Tf 0 g) /F 4 /P %s 0 R /AP << /N %s 0 R >> >>' "$page1" "$n_ap" >"$work/annot.body"
"${patch[@]}" object "$good" "$page1" | perl -0777 -pe "s{/Type /Page\b}{/Type /Page\n/Annots [ $n_annot 0 R ]} or die" >"$work/page1.body"
"${patch[@]}" append "$good" "$out/annot-overlay.pdf" "$page1=$work/page1.body" "$n_annot=$work/annot.body" "$n_ap=$work/ap.body" "$n_font=$work/font.body"
derived annot-overlay.pdf "$good" update
expect annot-overlay.pdf TOTAL_FAILED 1 "EAA: an update adding a FreeText annotation (object $n_annot, appearance $n_ap, Helvetica-Bold $n_font) to page 1 (object $page1 redefined with a new /Annots) that covers 'Protokoll nr 5/2023' with a white box reading 6/2023. Annotations are not permitted after signing (the document is not even certified)."

# new-page: the page tree (object 3, the catalog's /Pages) gains an eleventh page.
pages=$(ref "$good" trailer/Root/Pages)
n_page=$x3 n_cont=$((x3 + 1)) n_font=$((x3 + 2))
printf '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>' >"$work/font.body"
printf '<< /Length auto >>\nstream\nBT /Hv 14 Tf 62 760 Td (Till\\344ggsbeslut) Tj 0 -24 Td /Hv 11 Tf (Socialn\\344mnden beslutar att upph\\344va beslutet i \\247 10.) Tj ET\nendstream' >"$work/newcont.body"
printf '<< /Type /Page /Parent %s 0 R /MediaBox [ 0 0 595.276 841.89 ] /Contents %s 0 R /Resources << /Font << /Hv %s 0 R >> >> >>' "$pages" "$n_cont" "$n_font" >"$work/newpage.body"
"${patch[@]}" object "$good" "$pages" | perl -0777 -pe "s{/Count (\d+)}{'/Count ' . (\$1 + 1)}e or die; s{\]}{ $n_page 0 R ]} or die" >"$work/pages.body"
"${patch[@]}" append "$good" "$out/new-page.pdf" "$pages=$work/pages.body" "$n_page=$work/newpage.body" "$n_cont=$work/newcont.body" "$n_font=$work/font.body"
derived new-page.pdf "$good" update
[ "$(pdfinfo "$out/new-page.pdf" | awk '/^Pages:/ { print $2 }')" = 11 ] || die "new-page.pdf does not have 11 pages"
expect new-page.pdf TOTAL_FAILED 1 "An update redefining the page tree (object $pages: /Kids + $n_page 0 R, /Count 11) with a new last page 'Tilläggsbeslut ... upphäva beslutet i § 10' (objects $n_page-$n_font). A page added after signing is not permitted."

# shadow-replace: the catalog, which every signature covers, is redefined:
# its /Pages points at a new page tree in which page 2 is another page.
root=$(ref "$good" trailer/Root)
kids=$(mutool show "$good" "$pages/Kids" | grep -oE '[0-9]+ 0 R' | awk '{ print $1 }' | tr '\n' ' ')
page2=$(echo "$kids" | awk '{ print $2 }')
n_pages=$x3 n_page=$((x3 + 1)) n_cont=$((x3 + 2)) n_font=$((x3 + 3))
printf '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>' >"$work/font.body"
printf '<< /Length auto >>\nstream\nBT /Hv 11 Tf 62 760 Td (Socialn\\344mnden avsl\\345r f\\366rvaltningens f\\366rslag.) Tj ET\nendstream' >"$work/newcont.body"
printf '<< /Type /Page /Parent %s 0 R /MediaBox [ 0 0 595.276 841.89 ] /Contents %s 0 R /Resources << /Font << /Hv %s 0 R >> >> >>' "$n_pages" "$n_cont" "$n_font" >"$work/newpage.body"
newkids=$(for k in $kids; do [ "$k" = "$page2" ] && echo -n "$n_page 0 R " || echo -n "$k 0 R "; done)
printf '<< /Type /Pages /Count 10 /Kids [ %s] >>' "$newkids" >"$work/newpages.body"
"${patch[@]}" object "$good" "$root" | perl -0777 -pe "s{/Pages $pages 0 R}{/Pages $n_pages 0 R} or die" >"$work/root.body"
"${patch[@]}" append "$good" "$out/shadow-replace.pdf" "$root=$work/root.body" "$n_pages=$work/newpages.body" "$n_page=$work/newpage.body" "$n_cont=$work/newcont.body" "$n_font=$work/font.body"
derived shadow-replace.pdf "$good" update
pdftotext -f 2 -l 2 "$out/shadow-replace.pdf" - | grep -q 'avslår' || die "shadow-replace.pdf: page 2 was not replaced"
expect shadow-replace.pdf TOTAL_FAILED 1 "Shadow attack (replace): an update whose xref redefines the signed catalog (object $root) with a new body whose /Pages is a new page tree (object $n_pages) where page 2 (object $page2) is replaced by a new page (object $n_page) saying 'Socialnämnden avslår förvaltningens förslag.'; page 2's old objects stay in the file, unused."

# shadow-xref-only: an update with no object bodies at all, only an xref
# section pointing the sekreterare's widget back at its unsigned body from
# revision 0 (a copy of which is the unsigned s0.pdf): the signature is
# hidden, its bytes untouched.
f3=$(field_object "$good" justera_sekreterare_1)
old=$("${patch[@]}" offset "$work/s0.pdf" "$f3")
"${patch[@]}" append "$good" "$out/shadow-xref-only.pdf" "$f3@$old"
derived shadow-xref-only.pdf "$good" update
grep -q 'justera_sekreterare_1' <(pdfsig -nssdir "sql:$work/nss" "$out/shadow-xref-only.pdf" 2>&1 | grep -A1 'sekreterare' | grep -B1 'not signed') ||
  die "shadow-xref-only.pdf: pdfsig still sees the sekreterare's signature"
expect shadow-xref-only.pdf TOTAL_FAILED 1 "Shadow attack (hide-and-replace, xref only): an appended xref section + trailer and no object bodies; its only entry points object $f3 (the sekreterare's field) at offset $old, the unsigned field's body in revision 0. The field now shows as unsigned; an xref entry pointing into an earlier revision is a disallowed modification."

# The embedded protocol XML: decision point 1 of § 10 says 'avslår' instead
# of 'godkänner'.
af=$(ref "$good" trailer/Root/AF)
ef=$(ref "$good" "$af/EF/F")
perl -0777 -pe 's/Socialnämnden godkänner underlag för budget/Socialnämnden avslår underlag för budget/ or die "no decision text\n"' "$work/original.xml" >"$work/forged.xml"
"$bin" -q validate "$work/forged.xml" >/dev/null 2>&1 || die "the forged XML is not valid"
forged_fp=$("$bin" fingerprint "$work/forged.xml" | grep -oE '[0-9a-f]{64}' | head -1)
orig_fp=$("$bin" fingerprint "$work/original.xml" | grep -oE '[0-9a-f]{64}' | head -1)
[ -n "$forged_fp" ] && [ "$forged_fp" != "$orig_fp" ] || die "fingerprints"
{ printf '<< /Type /EmbeddedFile /Subtype /text#2Fxml /Params << /Size %s /ModDate (D:20240322100000Z) >> /Length auto >>\nstream\n' "$(stat -c %s "$work/forged.xml")"
  cat "$work/forged.xml"; printf '\nendstream'; } >"$work/ef.body"
"${patch[@]}" append "$good" "$out/xml-replaced.pdf" "$ef=$work/ef.body"
derived xml-replaced.pdf "$good" update
"$bin" extract "$out/xml-replaced.pdf" | cmp -s - "$work/forged.xml" || die "xml-replaced.pdf: extract does not give the forged XML"
"$bin" fingerprint "$out/xml-replaced.pdf" >/dev/null 2>&1 && die "xml-replaced.pdf: fingerprint still matches"
expect xml-replaced.pdf TOTAL_FAILED 1 "An update replacing the embedded file stream (object $ef, uncompressed) with protocol XML in which § 10 point 1 says 'avslår' instead of 'godkänner'; the XMP still records the old fingerprint (justera fingerprint: exit 1)."

# xmp-forged: the XMP (catalog /Metadata) claims the forged XML's fingerprint.
xmp=$(ref "$good" trailer/Root/Metadata)
info=$("${patch[@]}" trailer "$good" | sed -E 's/.*info=([0-9]+).*/\1/')
"${patch[@]}" object "$good" "$xmp" | perl -0777 -pe "s{<justera:XmlC14nSha256>$orig_fp</justera:XmlC14nSha256>}{<justera:XmlC14nSha256>$forged_fp</justera:XmlC14nSha256>} or die" >"$work/xmp.body"
"${patch[@]}" append "$good" "$out/xmp-forged.pdf" "$xmp=$work/xmp.body"
derived xmp-forged.pdf "$good" update
"$bin" fingerprint "$out/xmp-forged.pdf" >/dev/null 2>&1 && die "xmp-forged.pdf: fingerprint still matches"
expect xmp-forged.pdf TOTAL_FAILED 1 "An update replacing the XMP stream (object $xmp) by one whose justera:XmlC14nSha256 is $forged_fp (the forged XML's) instead of $orig_fp; the embedded XML is unchanged, so XMP and XML disagree (justera fingerprint: exit 1)."

# xml-xmp-consistent: XML, XMP and Info replaced together, so that the
# fingerprint check passes: only the modification analysis can catch it.
"${patch[@]}" object "$good" "$info" | perl -0777 -pe "s{/JusteraFingerprint \($orig_fp\)}{/JusteraFingerprint ($forged_fp)} or die" >"$work/info.body"
"${patch[@]}" append "$good" "$out/xml-xmp-consistent.pdf" "$ef=$work/ef.body" "$xmp=$work/xmp.body" "$info=$work/info.body"
derived xml-xmp-consistent.pdf "$good" update
"$bin" fingerprint "$out/xml-xmp-consistent.pdf" >/dev/null 2>&1 || die "xml-xmp-consistent.pdf: the fingerprint does not match"
expect xml-xmp-consistent.pdf TOTAL_FAILED 1 "One update replacing the embedded XML (object $ef), the XMP (object $xmp) and the Info dictionary (object $info) consistently: 'avslår' in § 10, fingerprint $forged_fp everywhere, so justera fingerprint passes. Only the modification analysis can see that the protocol changed after signing."

# byterange-short: the last signature's ByteRange, same length, ending where
# the last xref section starts, so the xref and trailer are not covered.
"${patch[@]}" set-byterange "$good" 3 0 "$b3" "$c3" $((xref3 - c3)) "$out/byterange-short.pdf"
derived byterange-short.pdf "$good"
expect byterange-short.pdf TOTAL_FAILED 1 "The sekreterare's /ByteRange [0 $b3 $c3 $d3] rewritten in place (same length, padded) to [0 $b3 $c3 $((xref3 - c3))]: c+d = $xref3 < file size $size, the last xref section and trailer uncovered. The digest no longer matches either (the ByteRange text is signed): HASH_FAILURE or FORMAT_FAILURE."

# byterange-short-resigned: the same, re-signed with the (public) TEST-ONLY
# Hillborg key over the short ranges, so the CMS is valid; only the
# coverage check can reject it.
"${patch[@]}" signed-data "$out/byterange-short.pdf" 3 "$work/short.bin"
openssl cms -sign -binary -md sha256 -cades -signer "$certs/test-only-hillborg.pem" -inkey "$certs/test-only-hillborg.key.pem" \
  -passin "file:$pwfile" -certfile "$certs/test-only-issuing-ca.pem" -outform DER -in "$work/short.bin" -out "$work/short.der" ||
  die "openssl cms -sign"
"${patch[@]}" put-contents "$out/byterange-short.pdf" 3 "$work/short.der" "$out/byterange-short-resigned.pdf"
derived byterange-short-resigned.pdf "$good"
"${patch[@]}" signed-data "$out/byterange-short-resigned.pdf" 3 "$work/short2.bin"
openssl cms -verify -binary -inform DER -in "$work/short.der" -content "$work/short2.bin" -CAfile "$certs/test-only-root-ca.pem" -purpose any -out /dev/null 2>/dev/null || die "byterange-short-resigned.pdf: openssl does not verify the new CMS"
expect byterange-short-resigned.pdf TOTAL_FAILED 1 "byterange-short.pdf with the sekreterare's /Contents replaced by a new CMS (openssl cms -sign -cades, the TEST-ONLY Hillborg key, B-B, with a signing-time attribute) over the short ranges: cryptographically valid, trusted, but c+d = $xref3 < $size and the last revision's xref and trailer are unsigned: FORMAT_FAILURE."

# byterange-other-contents: signature wrapping (SWA). The sekreterare's
# ByteRange becomes [0 OPEN F L]: its first range stops at the ByteRange
# array's '[' and its second covers a copy, appended at the end of the file,
# of the bytes it signed from there on. The signed bytes are the same, so
# the digest matches; the gap [OPEN, F) is no longer the /Contents string but
# holds the ByteRange itself, the CMS, and a last xref section that gains an
# entry for page 1's content stream with the 6/2023 body planted in the gap.
"${patch[@]}" swa "$good" 3 "$cont1" "$work/content1.body" "$out/byterange-other-contents.pdf"
derived byterange-other-contents.pdf "$good" update
"${patch[@]}" signed-data "$good" 3 "$work/sd-good"
"${patch[@]}" signed-data "$out/byterange-other-contents.pdf" 3 "$work/sd-swa"
cmp -s "$work/sd-good" "$work/sd-swa" || die "byterange-other-contents.pdf: the signed bytes changed"
pdftotext -f 1 -l 1 "$out/byterange-other-contents.pdf" - | grep -q 'Protokoll nr 6/2023' || die "byterange-other-contents.pdf: page 1 does not show 6/2023"
read -r _ _ _ _ sb sc sd < <("${patch[@]}" sigs "$out/byterange-other-contents.pdf" | sed -n 3p)
expect byterange-other-contents.pdf TOTAL_FAILED 1 "SWA: the sekreterare's ByteRange rewritten (same length) to [0 $sb $sc $sd]; the gap [$sb, $sc) starts at the ByteRange array (offset $open3) instead of the /Contents '<' (offset $b3) and holds the old CMS, the rest of the revision, a rewritten last xref section with a new entry for object $cont1 (page 1 says 6/2023) and the planted body; the bytes it signed are copied to [$sc, $((sc + sd))) at the end. The digest still matches (same signed bytes): FORMAT_FAILURE, the gap is not this signature's /Contents."

# The sekreterare's /Contents hex, same length.
"${patch[@]}" fill-contents "$good" 3 zero "$out/contents-zero.pdf"
derived contents-zero.pdf "$good"
expect contents-zero.pdf TOTAL_FAILED 1 "USF: the sekreterare's /Contents hex (offsets $((b3 + 1))-$((c3 - 2))) replaced by zeros, same length: no CMS. FORMAT_FAILURE (or SIG_CRYPTO_FAILURE); the two other signatures are intact and do not cover it."
"${patch[@]}" fill-contents "$good" 3 random "$out/contents-garbage.pdf"
derived contents-garbage.pdf "$good"
expect contents-garbage.pdf TOTAL_FAILED 1 "USF: the sekreterare's /Contents replaced by pseudo-random hex (perl srand 1), same length: not DER. FORMAT_FAILURE."
"${patch[@]}" get-contents "$good" 3 "$work/c3.der"
len=$(stat -c %s "$work/c3.der")
head -c $((len / 2)) "$work/c3.der" >"$work/half.der"
"${patch[@]}" put-contents "$good" 3 "$work/half.der" "$out/contents-truncated-der.pdf"
derived contents-truncated-der.pdf "$good"
expect contents-truncated-der.pdf TOTAL_FAILED 1 "USF: the sekreterare's CMS ($len bytes of DER) cut to its first $((len / 2)) bytes, the rest of the hex zeros: the outer SEQUENCE claims more than there is. FORMAT_FAILURE."
perl -0777 -pe "my \$i = rindex(\$_, '/ByteRange', $open3); die if \$i < 0 || $open3 - \$i > 12; substr(\$_, \$i + 9, 1) = 'X'" "$good" >"$out/no-byterange.pdf"
derived no-byterange.pdf "$good"
[ "$("${patch[@]}" sigs "$out/no-byterange.pdf" | wc -l)" = 2 ] || die "no-byterange.pdf still has three ByteRanges"
expect no-byterange.pdf TOTAL_FAILED 1 "USF: the sekreterare's signature dictionary key /ByteRange renamed /ByteRangX (same length): the signature value has no ByteRange. FORMAT_FAILURE."

# truncated: cut in the middle of the last revision (inside the
# sekreterare's signature dictionary or CMS).
rev2=$("${patch[@]}" revisions "$good" | sed -n 3p)
cut=$(((rev2 + size) / 2))
head -c "$cut" "$good" >"$out/truncated.pdf"
derived truncated.pdf "$good"
expect truncated.pdf TOTAL_FAILED 1 "good-3.pdf cut at byte $cut of $size, halfway through the last revision ($rev2-$size): the sekreterare's revision is incomplete (no xref, no %%EOF), so the file ends in bytes that form no revision. (Exit 3, input rejected, would also be defensible.)"

# cut-to-first: exactly the first signed revision.
head -c $((c1 + d1)) "$good" >"$out/cut-to-first.pdf"
derived cut-to-first.pdf "$good"
cmp -s "$out/cut-to-first.pdf" "$out/good-1.pdf" || die "cut-to-first.pdf differs from good-1.pdf"
expect cut-to-first.pdf INDETERMINATE 2 "good-3.pdf cut at byte $((c1 + d1)), the end of Ojanne's revision: cryptographically valid and byte-identical to good-1.pdf, but justerare 2 and the sekreterare are missing. Never TOTAL_PASSED."

# Certificates that must not pass.
jsign "$work/g2.pdf" "$out/untrusted.pdf" 3 sekreterare hillborg-untrusted --tsa "$tsa"
derived untrusted.pdf "$good"
expect untrusted.pdf INDETERMINATE 2 "Ojanne and Jönsson as in good-3.pdf, then Hillborg's certificate under an untrusted root (test-only-hillborg-untrusted.p12, B-T): NO_CERTIFICATE_CHAIN_FOUND for the third signature."

psign "$work/s0.pdf" "$work/e1.pdf" ojanne-expired justera_justerare_1
jsign "$work/e1.pdf" "$work/e2.pdf" 2 justerare jonsson --tsa "$tsa"
jsign "$work/e2.pdf" "$out/expired-at-signing.pdf" 3 sekreterare hillborg --tsa "$tsa"
derived expired-at-signing.pdf "$good"
grep -q 'Certificate has Expired' <(pdfsig -nssdir "sql:$work/nss" "$out/expired-at-signing.pdf" 2>&1) || die "expired-at-signing.pdf: pdfsig does not see the expired certificate"
expect expired-at-signing.pdf INDETERMINATE 2 "Ojanne's signature made by pdfsig with test-only-ojanne-expired.p12 (valid 2020-01-01 to 2021-01-01; justera sign refuses it), its signing-time attribute and /M today, then Jönsson and Hillborg by justera (B-T). No proof that it existed before 2021: OUT_OF_BOUNDS_NO_POE or EXPIRED."

jsign "$out/good-1.pdf" "$work/r2.pdf" 2 justerare jonsson-revoked
jsign "$work/r2.pdf" "$out/revoked.pdf" 3 sekreterare hillborg --tsa "$tsa"
derived revoked.pdf "$good"
expect revoked.pdf INDETERMINATE 2 "Justerare 2 signed B-B (no timestamp, no DSS) with test-only-jonsson-revoked.p12, revoked (keyCompromise) when the PKI was made; Ojanne and Hillborg valid (B-T). The CRL says revoked, but nothing proves the signature came before the revocation: ETSI EN 319 102-1 INDETERMINATE/REVOKED_NO_POE, never passed."

jsign "$out/good-1.pdf" "$work/rl2.pdf" 2 justerare jonsson-revoked --tsa "$tsa"
jsign "$work/rl2.pdf" "$work/rl3.pdf" 3 sekreterare hillborg --tsa "$tsa"
sleep 1
"$bin" -q timestamp "$work/rl3.pdf" -o "$out/revoked-lta.pdf" --tsa "$tsa" --ltv 2>"$work/ts.err" || { cat "$work/ts.err" >&2; die "justera timestamp revoked-lta.pdf"; }
derived revoked-lta.pdf "$good"
expect revoked-lta.pdf TOTAL_FAILED 1 "As revoked.pdf but every signature B-T and then 'justera timestamp --ltv': the DSS holds the OCSP response saying Jönsson's second certificate is revoked, and his signature timestamp (the real time) is after the revocation time: REVOKED, known offline."

# tsa-other-data: the sekreterare's signature timestamp token swapped for
# Ojanne's (whose message imprint is over Ojanne's signature value); DER
# lengths of every enclosing element fixed.
"${patch[@]}" get-contents "$good" 1 "$work/c1.der"
"${patch[@]}" swap-token "$work/c3.der" "$work/c1.der" "$work/c3x.der"
"${patch[@]}" token "$work/c1.der" "$work/t1.der"
"${patch[@]}" token "$work/c3.der" "$work/t3.der"
"${patch[@]}" token "$work/c3x.der" "$work/t3x.der"
cmp -s "$work/t3x.der" "$work/t1.der" && ! cmp -s "$work/t3x.der" "$work/t3.der" || die "tsa-other-data: the token was not swapped"
openssl cms -verify -binary -inform DER -in "$work/c3x.der" -content "$work/sd-good" -CAfile "$certs/test-only-root-ca.pem" -purpose any -out /dev/null 2>/dev/null || die "tsa-other-data: the CMS no longer verifies"
"${patch[@]}" put-contents "$good" 3 "$work/c3x.der" "$out/tsa-other-data.pdf"
derived tsa-other-data.pdf "$good"
expect tsa-other-data.pdf TOTAL_FAILED 1 "The sekreterare's CMS with its id-aa-timeStampToken replaced by the token from Ojanne's signature (DER surgery, enclosing lengths fixed, same /Contents length): signature value and certificate intact, but the token's message imprint is over another signature value: the timestamp fails (HASH_FAILURE on the timestamp)."

expect sha1-mutool.pdf INDETERMINATE 2 "mutool-1.pdf (Ojanne, mutool, SHA-1) then Jönsson and Hillborg by justera (B-T): every role signed, but the first signature's digest is SHA-1: CRYPTO_CONSTRAINTS_FAILURE."

# extra-signature: a fourth signature in a new field that pdfsig adds after
# every role has signed. A signer who adds the field they sign, in the same
# update, changes nothing the others signed (pyHanko and Adobe Reader allow
# it too); the report names the extra signer and where the field is.
nick=$(nss_for jonsson)
rm -f "$out/extra-signature.pdf"
pdfsig -nssdir "sql:$work/nss-jonsson" -nick "$nick" -add-signature -new-signature-field-name justera_extra "$good" "$out/extra-signature.pdf" >"$work/psign.log" 2>&1 || true
[ -s "$out/extra-signature.pdf" ] || { cat "$work/psign.log" >&2; die "pdfsig -add-signature extra-signature.pdf"; }
derived extra-signature.pdf "$good" update
expect extra-signature.pdf TOTAL_PASSED 0 "good-3.pdf plus a fourth signature by Jönsson in a new field justera_extra that pdfsig -add-signature creates with its signature in one update (new widget on page 1, /AcroForm and page 1 redefined, a font in /DR). Allowed: every signature TOTAL_PASSED, the fourth reported as by someone the protocol does not name (unknown_signer), the new field's page and rectangle in the changes."

# isa-after-lta: the annotation overlay appended to the locked, archived file.
lta=$out/good-lta.pdf
ltapage1=$(ref "$lta" trailer/Root/Pages/Kids)
l3=$(next_object "$lta")
printf '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>' >"$work/font.body"
printf '<< /Type /XObject /Subtype /Form /BBox [ 0 0 262 22 ] /Resources << /Font << /Hb %s 0 R >> >> /Length auto >>\nstream\n1 1 1 rg 0 0 262 22 re f 0 0 0 rg BT /Hb 14 Tf 4 5 Td (Protokoll nr 6/2023) Tj ET\nendstream' $((l3 + 2)) >"$work/ap.body"
printf '<< /Type /Annot /Subtype /FreeText /Rect [ 58 713 320 735 ] /Contents (Protokoll nr 6/2023) /DA (/Hb 14 Tf 0 g) /F 4 /P %s 0 R /AP << /N %s 0 R >> >>' "$ltapage1" $((l3 + 1)) >"$work/annot.body"
"${patch[@]}" object "$lta" "$ltapage1" | perl -0777 -pe "s{/Type /Page\b}{/Type /Page\n/Annots [ $l3 0 R ]} or die" >"$work/page1.body"
"${patch[@]}" append "$lta" "$out/isa-after-lta.pdf" "$ltapage1=$work/page1.body" "$l3=$work/annot.body" "$((l3 + 1))=$work/ap.body" "$((l3 + 2))=$work/font.body"
derived isa-after-lta.pdf "$lta" update
expect isa-after-lta.pdf TOTAL_FAILED 1 "EAA on the archived file: good-lta.pdf (sekreterare's FieldMDP lock P 2, document timestamp) plus an update adding the FreeText overlay of annot-overlay.pdf to page 1 (object $ltapage1). Forbidden by the lock and after the document timestamp."

# ---------------------------------------------------------------- insiders
# A later signer changes what the earlier ones signed in the very update
# that fills their own field, and makes the new appearance stream name each
# changed object in its /Resources, as if the appearance needed it. The
# signature itself is real: openssl cms -cades with the signer's TEST-ONLY
# key over the finished ByteRange. Every earlier signature must fail.
# insider SOURCE OUT FIELD WHO K SPEC...: SPEC is N=BODYFILE (pdfpatch append);
# /M is the real time, or INSIDER_WHEN (YYYYMMDDHHMMSS, UTC).
insider() {
  local src=$1 o=$2 field=$3 who=$4 k=$5
  shift 5
  local fobj sig ap refs="" spec when b c size
  fobj=$(field_object "$src" "$field")
  sig=$(next_object "$src")
  ap=$((sig + 1))
  for spec in "$@"; do refs="$refs /X${spec%%=*} ${spec%%=*} 0 R"; done
  "${patch[@]}" object "$src" "$fobj" |
    perl -0777 -pe "s{/AP\\s*<<.*?>>}{/AP << /N $ap 0 R >>}s or die; s{/Type /Annot}{/Type /Annot /V $sig 0 R} or die" >"$work/ins-widget.body"
  when=${INSIDER_WHEN:-$(date -u +%Y%m%d%H%M%S)}
  printf '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M (D:%sZ) /ByteRange [0 0000000000 0000000000 0000000000] /Contents <%0*d> >>' \
    "$when" 16384 0 >"$work/ins-sig.body"
  printf '<< /Type /XObject /Subtype /Form /BBox [ 0 0 240 40 ] /Resources << /XObject <<%s >> >> /Length auto >>\nstream\nq Q\nendstream' "$refs" >"$work/ins-ap.body"
  "${patch[@]}" append "$src" "$work/ins.pdf" "$fobj=$work/ins-widget.body" "$sig=$work/ins-sig.body" "$ap=$work/ins-ap.body" "$@"
  read -r b c size < <(perl -e 'open(my $h, "<:raw", $ARGV[0]) or die; local $/; my $d = <$h>;
    my $p = index($d, "/Contents <", $ARGV[1]); die "no /Contents\n" if $p < 0; my $b = $p + 10;
    my $c = index($d, ">", $b) + 1; print "$b $c ", length($d), "\n"' "$work/ins.pdf" "$("${patch[@]}" offset "$work/ins.pdf" "$sig")")
  local kth
  kth=$("${patch[@]}" sigs "$work/ins.pdf" | wc -l)
  "${patch[@]}" set-byterange "$work/ins.pdf" "$kth" 0 "$b" "$c" $((size - c)) "$work/ins2.pdf"
  "${patch[@]}" signed-data "$work/ins2.pdf" "$kth" "$work/ins.bin"
  openssl cms -sign -binary -md sha256 -cades -signer "$certs/test-only-$who.pem" -inkey "$certs/test-only-$who.key.pem" \
    -passin "file:$pwfile" -certfile "$certs/test-only-issuing-ca.pem" -outform DER -in "$work/ins.bin" -out "$work/ins.der" ||
    die "openssl cms -sign ($(basename "$o"))"
  "${patch[@]}" put-contents "$work/ins2.pdf" "$kth" "$work/ins.der" "$o"
  derived "$(basename "$o")" "$src" update
  pdfsig -nssdir "sql:$work/nss" "$o" >"$work/check" 2>&1 || true
  [ "$(grep -c 'Signature is Valid' "$work/check")" = "$kth" ] || { cat "$work/check" >&2; die "$(basename "$o"): pdfsig does not find $kth valid signatures"; }
}

# The targets: page 2's content stream (half of it gone), the text font's
# ToUnicode map and font program, the embedded XML with the XMP fingerprint,
# the XML's file specification, the XMP alone.
page2=$(ref "$good" trailer/Root/Pages/Kids/2)
cont2=$(ref "$good" "$page2/Contents")
font=$(ref "$good" "$page2/Resources/Font/Ft4")
tounicode=$(ref "$good" "$font/ToUnicode")
fontfile=$(ref "$good" "$font/DescendantFonts/1/FontDescriptor/FontFile2")
filespec=$(ref "$good" trailer/Root/AF/1)
qpdf --show-object="$cont2" --filtered-stream-data "$good" >"$work/c2.raw" 2>/dev/null || die "qpdf: page 2's content"
{ printf '<< /Length auto >>\nstream\n'; head -c $(($(stat -c %s "$work/c2.raw") / 2)) "$work/c2.raw"; printf '\nendstream'; } >"$work/c2.body"
qpdf --show-object="$tounicode" --filtered-stream-data "$good" >"$work/tu.raw" 2>/dev/null || die "qpdf: ToUnicode"
# Every mapping of a glyph to "a" (U+0061) now says "o" (U+006F).
{ printf '<< /Length auto >>\nstream\n'; perl -pe 's/<0061>/<006F>/gi' "$work/tu.raw"; printf '\nendstream'; } >"$work/tu.body"
cmp -s <(perl -pe 's/<0061>/<006F>/gi' "$work/tu.raw") "$work/tu.raw" && die "the ToUnicode map has no <0061>"
{ printf '<< /Length auto /Length1 %s >>\nstream\n' "$(stat -c %s /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf)"
  cat /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf; printf '\nendstream'; } >"$work/ff.body"
"${patch[@]}" object "$good" "$filespec" | perl -0777 -pe 's{/AFRelationship\s*/\w+}{/AFRelationship /Supplement} or die' >"$work/fs.body"

insider "$work/g2.pdf" "$out/insider-content.pdf" justera_sekreterare_1 hillborg 3 "$cont2=$work/c2.body"
expect insider-content.pdf TOTAL_FAILED 1 "The sekreterare (Hillborg, openssl cms -cades) fills her field on g2 and in the same update rewrites page 2's content stream (object $cont2, half of it gone); her new appearance names it in /Resources /XObject. Both justerare's signatures: disallowed change."
insider "$work/g2.pdf" "$out/insider-tounicode.pdf" justera_sekreterare_1 hillborg 3 "$tounicode=$work/tu.body"
expect insider-tounicode.pdf TOTAL_FAILED 1 "As insider-content, the target the text font's ToUnicode map (object $tounicode): every 'a' now reads 'o' for copy, search and screen readers."
insider "$work/g2.pdf" "$out/insider-fontfile.pdf" justera_sekreterare_1 hillborg 3 "$fontfile=$work/ff.body"
expect insider-fontfile.pdf TOTAL_FAILED 1 "As insider-content, the target the text font's program (FontFile2, object $fontfile) replaced by DejaVu Sans Bold: every glyph drawn differently."
insider "$work/g2.pdf" "$out/insider-xml.pdf" justera_sekreterare_1 hillborg 3 "$ef=$work/ef.body" "$xmp=$work/xmp.body"
"$bin" extract "$out/insider-xml.pdf" | cmp -s - "$work/forged.xml" || die "insider-xml.pdf: extract does not give the forged XML"
"$bin" fingerprint "$out/insider-xml.pdf" >/dev/null 2>&1 || die "insider-xml.pdf: the fingerprint does not match"
expect insider-xml.pdf TOTAL_FAILED 1 "As insider-content, the targets the embedded XML (object $ef: 'avslår' in § 10) and the XMP (object $xmp) with its fingerprint, consistent with each other: justera fingerprint passes; only the modification analysis sees it."
insider "$work/g2.pdf" "$out/insider-filespec.pdf" justera_sekreterare_1 hillborg 3 "$filespec=$work/fs.body"
expect insider-filespec.pdf TOTAL_FAILED 1 "As insider-content, the target the embedded XML's file specification (object $filespec): /AFRelationship Source made /Supplement."
insider "$work/g2.pdf" "$out/insider-xmp.pdf" justera_sekreterare_1 hillborg 3 "$xmp=$work/xmp.body"
expect insider-xmp.pdf TOTAL_FAILED 1 "As insider-content, the target the XMP metadata (object $xmp): the protocol fingerprint changed (not a date or producer)."
# The structure tree is what a screen reader reads: the title heading gains an
# /ActualText that is read instead of the drawn text.
h1=$(ref "$good" trailer/Root/StructTreeRoot/K/K/1)
"${patch[@]}" object "$good" "$h1" | perl -0777 -pe 's{/S /H1}{/S /H1 /ActualText (Socialn\xe4mnden Protokoll nr 6/2023)} or die' >"$work/h1.body"
insider "$work/g2.pdf" "$out/insider-actualtext.pdf" justera_sekreterare_1 hillborg 3 "$h1=$work/h1.body"
expect insider-actualtext.pdf TOTAL_FAILED 1 "As insider-content, the target the title's structure element (H1, object $h1): an /ActualText 'Protokoll nr 6/2023' that screen readers read instead of the page; nothing drawn changes."
insider "$out/good-1.pdf" "$out/insider-j2.pdf" justera_justerare_2 jonsson 2 "$cont2=$work/c2.body"
expect insider-j2.pdf TOTAL_FAILED 1 "Justerare 2 (Jönsson, openssl cms -cades) fills his field on good-1 and in the same update rewrites page 2's content stream (object $cont2); his appearance names it. Justerare 1's signature: disallowed change."

# ---------------------------------------------------------------- honest rewrites and impossible times
# honest-metadata: what pyHanko and Adobe Reader do when they save a signed
# file: the XMP rewritten (new modify and metadata dates, another producer,
# the fingerprint written as an RDF attribute instead of an element) and the
# Info dictionary's /Creator re-encoded (UTF-16BE -> PDFDocEncoding, the
# same text) with a new /ModDate.
"${patch[@]}" object "$good" "$xmp" | perl -0777 -pe '
  s{(<xmp:ModifyDate>)[^<]*}{${1}2031-01-01T10:00:00+00:00} or die;
  s{(<xmp:MetadataDate>)[^<]*}{${1}2031-01-01T10:00:00+00:00} or die;
  s{(<pdf:Producer>)[^<]*}{${1}pyHanko 0.20.1} or die;
  s{\s*<justera:XmlC14nSha256>([0-9a-f]{64})</justera:XmlC14nSha256>}{}s or die; my $fp = $1;
  s{(<rdf:Description rdf:about="" xmlns:justera="urn:justera:pdf:1#")}{$1 justera:XmlC14nSha256="$fp"} or die' >"$work/xmp-honest.body"
"${patch[@]}" object "$good" "$info" | perl -0777 -pe '
  s{/Creator\s*\(\xFE\xFF(?:\x00[ -~])+\)}{/Creator (justera 0.1.0)} or die;
  s{/ModDate\s*\([^)]*\)}{/ModDate (D:20310101100000Z)} or die' >"$work/info-honest.body"
"${patch[@]}" append "$good" "$out/honest-metadata.pdf" "$xmp=$work/xmp-honest.body" "$info=$work/info-honest.body"
derived honest-metadata.pdf "$good" update
"$bin" fingerprint "$out/honest-metadata.pdf" >/dev/null 2>&1 || die "honest-metadata.pdf: the fingerprint (now an attribute) is not read"
expect honest-metadata.pdf TOTAL_PASSED 0 "good-3.pdf plus an update as a PDF library writes when it saves: the XMP (object $xmp) with new xmp:ModifyDate, xmp:MetadataDate and pdf:Producer and the fingerprint as an attribute of its rdf:Description, the Info (object $info) with /Creator re-encoded to the same text and a new /ModDate. Nothing anyone signed changed: every signature TOTAL_PASSED."
# metadata-title: the same kind of update changing dc:title: not allowed.
"${patch[@]}" object "$good" "$xmp" | perl -0777 -pe 's{(<rdf:li xml:lang="x-default">)Protokoll}{${1}Utkast till protokoll} or die' >"$work/xmp-title.body"
"${patch[@]}" append "$good" "$out/metadata-title.pdf" "$xmp=$work/xmp-title.body"
derived metadata-title.pdf "$good" update
expect metadata-title.pdf TOTAL_FAILED 1 "good-3.pdf plus an update rewriting the XMP (object $xmp) with dc:title changed ('Utkast till protokoll ...'): a property beyond dates and producer, so a disallowed change for all three signatures."

# time-future, time-before: the sekreterare fills her own field honestly
# (nothing else changed) but claims a time in 2099, or the time the protocol
# was rendered, weeks before justerare 2's timestamp that she signs over.
INSIDER_WHEN=20990101120000 insider "$work/g2.pdf" "$out/time-future.pdf" justera_sekreterare_1 hillborg 3
expect time-future.pdf INDETERMINATE 2 "The sekreterare's signature (openssl cms -cades) with /M 2099-01-01: a signing time after the validation time cannot be true. Her signature INDETERMINATE (SIG_CONSTRAINTS_FAILURE), never TOTAL_PASSED."
INSIDER_WHEN=$(date -u -d "@$base" +%Y%m%d%H%M%S) insider "$work/g2.pdf" "$out/time-before.pdf" justera_sekreterare_1 hillborg 3
expect time-before.pdf INDETERMINATE 2 "The sekreterare's signature with /M $(date -u -d "@$base" +%F) (the rendering), before the time justerare 2's signature timestamp proves, which her signature covers: TIMESTAMP_ORDER_FAILURE."

# not-a-pdf: a protocol's text given where a PDF is expected.
cp "$seed" "$out/not-a-pdf.pdf"
expect not-a-pdf.pdf - 3 "The seed's plain text under a .pdf name: input rejected, no verdict."

n=$(($(wc -l <"$out/expected.tsv") - 1))
echo "make_corpus: $n files and expected.tsv in $out" >&2
