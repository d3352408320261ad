#!/usr/bin/env bash
# sign_test.sh JUSTERA SOURCE_DIR: two justerare and the sekreterare sign a
# rendered protocol one after another (PKCS#12, PKCS#12, PEM + chain), with
# the TEST-ONLY PKI in certs/. After each signature, tools nobody here wrote
# must agree: pdfsig (the test root trusted in a temporary NSS database)
# says every signature is valid and trusted, mutool says every digest is
# valid, qpdf --check is clean, and openssl cms -verify accepts each CMS
# over its byte ranges. The embedded XML and the input files never change.
set -uo pipefail
bin=$1 src=$2 tsa_bin=$3
certs=$src/certs
pw=$certs/test-only-password.txt
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"' EXIT
failures=0 passes=0
# shellcheck source=signed_parts.sh
. "$(dirname "$0")/signed_parts.sh"
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
export SOURCE_DATE_EPOCH=1711101600

"$bin" -q render "$src/tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt" -o "$work/s0.pdf" 2>/dev/null || { echo "render failed"; exit 1; }
"$bin" extract "$work/s0.pdf" >"$work/original.xml"

# The TEST-ONLY PKI services on 127.0.0.1:28461, the port the certificates'
# OCSP and CRL URLs name (pdfsig asks the OCSP responder): timestamps at a
# fixed time, bounded in requests and seconds, stopped on exit.
"$tsa_bin" "$certs" --port 28461 --max 2000 --seconds 300 >"$work/tsa.port" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/tsa.port" ] && break; sleep 0.1; done
[ -s "$work/tsa.port" ] || { echo "FAIL: the test PKI server did not start on 127.0.0.1:28461"; exit 1; }
tsa="http://127.0.0.1:28461/"

mkdir "$work/nss"
certutil -N -d "sql:$work/nss" --empty-password
certutil -A -d "sql:$work/nss" -n test-root -t "CT,C,C" -i "$certs/test-only-root-ca.pem"

# check N FILE TS: N signatures, all valid and trusted, by every tool; TS=1
# when each carries a signature timestamp (B-T), 0 for B-B.
check() {
  local n=$1 f=$2 ts=$3
  pdfsig -nssdir "sql:$work/nss" "$f" >"$work/pdfsig" 2>&1
  [ "$(grep -c 'Signature is Valid' "$work/pdfsig")" = "$n" ] && ok || { fail "pdfsig: not $n valid signatures in $(basename "$f")"; cat "$work/pdfsig"; }
  [ "$(grep -c 'Certificate is Trusted' "$work/pdfsig")" = "$n" ] && ok || fail "pdfsig: not $n trusted certificates"
  grep -q 'Signature Type: ETSI.CAdES.detached' "$work/pdfsig" && ok || fail "pdfsig: not ETSI.CAdES.detached"
  mutool sign -v "$f" >"$work/mutool" 2>&1
  [ "$(grep -c -E 'The signature is valid|The document is unchanged' "$work/mutool")" = "$n" ] && ok || { fail "mutool: not $n valid"; cat "$work/mutool"; }
  qpdf --check "$f" >"$work/qpdf" 2>&1 && ok || fail "qpdf --check $(basename "$f")"
  # openssl cms -verify over each signature's byte ranges.
  perl -0777 -ne 'my $i = 0;
    while (/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g) { print "$1 $2 $3 $4\n" }' "$f" >"$work/ranges"
  local k=0
  while read -r a b c d; do
    k=$((k + 1))
    signed_parts "$f" "$a" "$b" "$c" "$d" "$work/data$k" "$work/cms$k.der"
    if openssl cms -verify -binary -inform DER -in "$work/cms$k.der" -content "$work/data$k" -CAfile "$certs/test-only-root-ca.pem" \
         -purpose any -cades -out /dev/null 2>"$work/cmserr"; then ok; else fail "openssl cms -verify, signature $k"; cat "$work/cmserr"; fi
    openssl cms -cmsout -print -inform DER -in "$work/cms$k.der" >"$work/cms$k.txt"
    # No signing-time in the signer's attributes; a timestamp token has its own one.
    [ "$(grep -c 'signingTime' "$work/cms$k.txt")" = "$ts" ] && ok || fail "signature $k: signing-time attributes other than the token's"
    grep -q 'id-smime-aa-signingCertificateV2' "$work/cms$k.txt" && ok || fail "signature $k lacks signing-certificate-v2"
    [ "$(grep -c 'id-smime-aa-timeStampToken' "$work/cms$k.txt")" = "$ts" ] && ok || fail "signature $k: timestamp expected $ts"
    [ "$ts" = 0 ] || grep -q 'justera TEST ONLY TSA' "$work/cms$k.txt" && ok || fail "signature $k: the token is not from the test TSA"
  done <"$work/ranges"
  [ "$k" = "$n" ] && ok || fail "$k byte ranges, expected $n"
  "$bin" extract "$f" >"$work/now.xml" && cmp -s "$work/now.xml" "$work/original.xml" && ok || fail "the embedded XML changed"
  "$bin" pdfa-check "$f" >"$work/pdfa" && ok || { fail "pdfa-check after $n signatures"; grep -v ^PASS "$work/pdfa"; }
  # Still tagged PDF/A-3a and PDF/UA-1: the signed widgets stay in their Form elements.
  grep -q '^PASS  6.6.4 pdfaid: pdfaid:part 3, pdfaid:conformance A' "$work/pdfa" && grep -q '^PASS  UA-7.18.1 annotations-tagged' "$work/pdfa" &&
    grep -q '^PASS  UA-7.1 content-in-structure' "$work/pdfa" && ok || fail "after $n signatures: not checked as PDF/A-3a and PDF/UA-1"
  [ "$(pdfinfo -struct "$f" | grep -A1 '^ *Form$' | grep -c 'Object [0-9]')" = 3 ] && ok || fail "after $n signatures: poppler does not find 3 Form elements with their widgets"
}

before=$(sha256sum "$work/s0.pdf")
"$bin" -q sign "$work/s0.pdf" -o "$work/s1.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw" --tsa "$tsa" && ok || fail "sign 1"
[ "$before" = "$(sha256sum "$work/s0.pdf")" ] && ok || fail "the input changed"
check 1 "$work/s1.pdf" 1
export SOURCE_DATE_EPOCH=1711105200
"$bin" -q sign "$work/s1.pdf" -o "$work/s2.pdf" --role justerare --p12 "$certs/test-only-jonsson.p12" --password-file "$pw" --tsa "$tsa" && ok || fail "sign 2"
check 2 "$work/s2.pdf" 1
JUSTERA_PASSWORD=$(head -1 "$pw") "$bin" -q sign "$work/s2.pdf" -o "$work/s3.pdf" --role sekreterare \
  --key "$certs/test-only-hillborg.key.pem" --cert "$certs/test-only-hillborg.pem" --chain "$certs/test-only-issuing-ca.pem" --tsa "$tsa" && ok || fail "sign 3"
check 3 "$work/s3.pdf" 1
# A printed copy shows who signed: three visible appearances, each with its own
# embedded subset font (unique subset tags).
pages=$(pdfinfo "$work/s3.pdf" | awk '/^Pages:/ { print $2 }')
pdftotext -enc UTF-8 -f "$pages" -l "$pages" "$work/s3.pdf" "$work/last.txt"
[ "$(grep -c 'Signerad digitalt' "$work/last.txt")" = 3 ] && ok || fail "not three visible appearances"
grep -q 'Johan Alexander Emanuel Ojanne' "$work/last.txt" && grep -q 'sekreterare, tidsstämplad' "$work/last.txt" && ok || fail "appearance text"
# The signing time in Swedish time with its offset, as a reader in Sweden reads it.
[ "$(grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} \(UTC\+[12]\)$' "$work/last.txt")" = 3 ] && ok ||
  { fail "the appearances do not show the time in Swedish time with its offset"; grep -E '[0-9]{2}:[0-9]{2}' "$work/last.txt"; }
pdffonts "$work/s3.pdf" | tail -n +3 | awk '{ print $1 }' | sort | uniq -d >"$work/dupfonts"
[ ! -s "$work/dupfonts" ] && ok || { fail "duplicate font names:"; cat "$work/dupfonts"; }

# Earlier revisions are byte-for-byte prefixes of later ones (incremental updates).
cmp -s <(head -c "$(stat -c %s "$work/s1.pdf")" "$work/s3.pdf") "$work/s1.pdf" && ok || fail "s1 is not a prefix of s3"

# Refusals: exit 3, a message, no output file.
refuse() {  # refuse NAME CODE -- command...
  local name=$1 code=$2
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  if [ "$rc" -eq 3 ] && grep -qF "[$code]" "$work/err"; then ok; else fail "$name: exit $rc, expected 3 [$code]"; cat "$work/err"; fi
}
printf 'wrong\n' >"$work/wrong.txt"
refuse wrong-password sign-wrong-password -- "$bin" sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$work/wrong.txt"
refuse wrong-pem-password sign-wrong-password -- "$bin" sign "$work/s0.pdf" -o "$work/x.pdf" --role sekreterare --key "$certs/test-only-hillborg.key.pem" --cert "$certs/test-only-hillborg.pem" --password-file "$work/wrong.txt"
refuse name-mismatch sign-name-mismatch -- "$bin" sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare --p12 "$certs/test-only-hillborg.p12" --password-file "$pw"
refuse already-signed sign-field-signed -- "$bin" sign "$work/s1.pdf" -o "$work/x.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw"
refuse no-such-field sign-field-missing -- "$bin" sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw" --field nope
"$bin" sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw" --tsa http://127.0.0.1:9/ >"$work/out" 2>"$work/err"
rc=$?; [ "$rc" -eq 5 ] && grep -qF '[sign-timestamp-failed]' "$work/err" && ok || { fail "unreachable TSA: exit $rc"; cat "$work/err"; }
[ -e "$work/x.pdf" ] && fail "a refused signing wrote a file" || ok
# One changed byte in the part s1's signature covers (in the uncompressed XMP,
# so the file still parses): signing on top of it is refused.
perl -0777 -pe 's/<dc:format>application/<dc:format>applicatioN/' "$work/s1.pdf" >"$work/tampered.pdf"
cmp -s "$work/tampered.pdf" "$work/s1.pdf" && fail "tampering changed nothing" || ok
refuse tampered sign-existing-invalid -- "$bin" sign "$work/tampered.pdf" -o "$work/x.pdf" --role justerare --p12 "$certs/test-only-jonsson.p12" --password-file "$pw"

# --field overrides the name match; without --tsa the signature is B-B.
"$bin" -q sign "$work/s0.pdf" -o "$work/f.pdf" --role justerare --p12 "$certs/test-only-hillborg.p12" --password-file "$pw" --field justera_justerare_2 && ok || fail "--field override"
check 1 "$work/f.pdf" 0
# ... but never the role, nor one person's second signature: a sekreterare
# cannot take a justerare's field, and a signer who has signed one field
# (by name or by --field) cannot fill another.
refuse field-of-another-role sign-field-role -- "$bin" sign "$work/s0.pdf" -o "$work/x.pdf" --role sekreterare --p12 "$certs/test-only-hillborg.p12" --password-file "$pw" --field justera_justerare_1
refuse same-signer-by-name sign-signer-twice -- "$bin" sign "$work/f.pdf" -o "$work/x.pdf" --role sekreterare --p12 "$certs/test-only-hillborg.p12" --password-file "$pw"
refuse same-signer-by-field sign-signer-twice -- "$bin" sign "$work/s1.pdf" -o "$work/x.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw" --field justera_justerare_2
refuse same-person-other-key sign-signer-twice -- env JUSTERA_PASSWORD="$(head -1 "$pw")" "$bin" sign "$work/f.pdf" -o "$work/x.pdf" --role sekreterare \
  --key "$certs/test-only-hillborg-ec.key.pem" --cert "$certs/test-only-hillborg-ec.pem" --chain "$certs/test-only-issuing-ca.pem"
[ -e "$work/x.pdf" ] && fail "a refused signing wrote a file" || ok

# ECDSA P-256 with SHA-384, /Reason and /Location: valid and trusted too.
JUSTERA_PASSWORD=$(head -1 "$pw") "$bin" -q sign "$work/s2.pdf" -o "$work/ec.pdf" --role sekreterare --digest sha384 \
  --key "$certs/test-only-hillborg-ec.key.pem" --cert "$certs/test-only-hillborg-ec.pem" --chain "$certs/test-only-issuing-ca.pem" \
  --reason Justerat --location Farsta --tsa "$tsa" && ok || fail "ECDSA signing"
check 3 "$work/ec.pdf" 1
grep -q 'Signing Hash Algorithm: SHA-384' "$work/pdfsig" && ok || fail "pdfsig does not report SHA-384"
grep -a -q '/Reason (Justerat)' "$work/ec.pdf" && grep -a -q '/Location (Farsta)' "$work/ec.pdf" && ok || fail "/Reason or /Location missing"

# Every revision's trailer /Size is one more than the highest object number
# defined so far (ISO 32000-1 7.5.5): validators that trust /Size read
# every object.
perl -0777 -ne '
  my ($max, $bad) = (0, 0);
  while (/\nxref\s*\n(.*?)trailer\s*<<(.*?)>>/gs) {
    my ($table, $trailer) = ($1, $2);
    while ($table =~ /^(\d+) (\d+)\s*$/mg) { my $last = $1 + $2 - 1; $max = $last if $2 > 0 && $last > $max; }
    my ($size) = $trailer =~ m{/Size (\d+)};
    $bad++ unless defined $size && $size == $max + 1;
  }
  exit($bad ? 1 : 0);' "$work/s3.pdf" && ok || fail "a trailer /Size is not one more than the highest object number"

# Time-stamping authorities on free ports: one that names itself in its
# tokens (as 'openssl ts' does by default) is accepted; one that answers
# with another nonce or another message imprint is refused, saying which.
other_tsa() {  # other_tsa NAME OPTIONS...: starts one; its URL in $other_url
  local name=$1; shift
  "$tsa_bin" "$certs" --port 0 --max 20 --seconds 120 "$@" >"$work/$name.port" &
  pids+=($!)
  for _ in $(seq 50); do [ -s "$work/$name.port" ] && break; sleep 0.1; done
  other_url="http://127.0.0.1:$(awk '/^port /{print $2; exit}' "$work/$name.port")/"
}
other_tsa named --tsa-name yes
"$bin" -q sign "$work/s0.pdf" -o "$work/named.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw" --tsa "$other_url" 2>"$work/err" &&
  ok || { fail "a token naming its authority was refused"; cat "$work/err"; }
perl "$src/tests/verify/pdfpatch.pl" get-contents "$work/named.pdf" 1 "$work/named.der" &&
  perl "$src/tests/verify/pdfpatch.pl" token "$work/named.der" "$work/named-token.der" &&
  openssl ts -reply -token_in -in "$work/named-token.der" -text 2>/dev/null | grep -q '^TSA: DirName:' &&
  ok || fail "the token does not carry the authority's name"
for fault in nonce imprint; do
  other_tsa "fault-$fault" --tsa-fault "$fault"
  "$bin" sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw" --tsa "$other_url" >"$work/out" 2>"$work/err"
  rc=$?
  [ "$rc" -ne 0 ] && grep -qi "$fault" "$work/err" && grep -qF '[sign-timestamp-failed]' "$work/err" && ok ||
    { fail "a token with the wrong $fault: exit $rc, the message does not say why"; cat "$work/err"; }
  [ -e "$work/x.pdf" ] && fail "a refused timestamp wrote a file" || ok
done

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
