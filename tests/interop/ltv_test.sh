#!/usr/bin/env bash
# ltv_test.sh JUSTERA SOURCE_DIR TEST_PKI_SERVER: the PAdES levels above B-T
# and the refusals that need the test PKI's revocation services.
#   B-LT   sign --tsa --ltv: the Document Security Store holds the chain (root
#          found through caIssuers), OCSP responses and CRLs, each of which
#          openssl accepts on its own;
#   B-LTA  timestamp --ltv: a document timestamp that openssl ts -verify
#          accepts over its byte ranges, twice;
#   lock   sign --certify by the last signer;
#   refusals: revoked, expired, untrusted, not last, bad revocation files,
#          unreachable services, a changed document; and no partial output
#          when the signer is killed or its write fails.
# pdfsig (NSS, asking the test OCSP responder), qpdf and pdfa-check judge every
# file written.
set -uo pipefail
bin=$1 src=$2 server=$3
certs=$src/certs
pw=$certs/test-only-password.txt
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
failures=0 passes=0
# shellcheck source=signed_parts.sh
. "$(dirname "$0")/signed_parts.sh"
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# start_server PORT-FILE [options]: the TEST-ONLY PKI services; prints the port.
start_server() {
  local portfile=$1
  shift
  "$server" "$certs" "$@" >"$portfile" &
  pids+=($!)
  for _ in $(seq 50); do [ -s "$portfile" ] && break; sleep 0.1; done
  [ -s "$portfile" ] || { echo "FAIL: the test PKI server did not start ($*)"; exit 1; }
}
# The certificates name OCSP and CRL services on 127.0.0.1:28461.
start_server "$work/port" --port 28461 --max 5000 --seconds 600 --log "$work/server.log"
tsa=http://127.0.0.1:28461/

mkdir "$work/nss"
certutil -N -d "sql:$work/nss" --empty-password
certutil -A -d "sql:$work/nss" -n test-root -t "CT,C,C" -i "$certs/test-only-root-ca.pem"
cat "$certs/test-only-root-ca.pem" "$certs/test-only-issuing-ca.pem" >"$work/chain.pem"

"$bin" -q render "$src/tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt" -o "$work/s0.pdf" 2>/dev/null || { echo "render failed"; exit 1; }
"$bin" extract "$work/s0.pdf" >"$work/original.xml"
cp "$work/s0.pdf" "$work/s0.copy"

# objects F KIND: the object numbers in the DSS's /Certs, /OCSPs or /CRLs.
objects() { mutool show "$1" "trailer/Root/DSS/$2" 2>/dev/null | tr -d '[]' | grep -oE '[0-9]+ 0 R' | awk '{ print $1 }'; }

# check_dss F MIN_OCSP MIN_CRL: every item of the DSS is what it claims, as
# openssl sees it; the chain up to the root and the OCSP responder are there.
check_dss() {
  local f=$1 min_ocsp=$2 min_crl=$3 n
  n=0
  for o in $(objects "$f" OCSPs); do
    n=$((n + 1))
    mutool show -b "$f" "$o" >"$work/ocsp.der"
    if openssl ocsp -respin "$work/ocsp.der" -CAfile "$certs/test-only-root-ca.pem" -verify_other "$certs/test-only-issuing-ca.pem" \
         -resp_text >"$work/ocsp.txt" 2>&1 && grep -q 'Response verify OK' "$work/ocsp.txt"; then ok; else fail "DSS OCSP object $o does not verify"; cat "$work/ocsp.txt"; fi
    grep -q 'Cert Status: good' "$work/ocsp.txt" && ok || fail "DSS OCSP object $o: not good"
  done
  [ "$n" -ge "$min_ocsp" ] && ok || fail "$(basename "$f"): $n OCSP responses in the DSS, expected at least $min_ocsp"
  n=0
  for o in $(objects "$f" CRLs); do
    n=$((n + 1))
    mutool show -b "$f" "$o" >"$work/crl.der"
    openssl crl -inform DER -in "$work/crl.der" -CAfile "$work/chain.pem" -noout >"$work/crl.txt" 2>&1 && grep -q 'verify OK' "$work/crl.txt" &&
      ok || { fail "DSS CRL object $o does not verify"; cat "$work/crl.txt"; }
  done
  [ "$n" -ge "$min_crl" ] && ok || fail "$(basename "$f"): $n CRLs in the DSS, expected at least $min_crl"
  : >"$work/subjects"
  for o in $(objects "$f" Certs); do
    mutool show -b "$f" "$o" | openssl x509 -inform DER -noout -subject -nameopt utf8,sep_comma_plus >>"$work/subjects" 2>&1
  done
  for who in "justera TEST ONLY Root CA" "justera TEST ONLY Issuing CA" "justera TEST ONLY TSA" "justera TEST ONLY OCSP responder"; do
    grep -qF "CN=$who" "$work/subjects" && ok || { fail "$(basename "$f"): no certificate of $who in the DSS"; cat "$work/subjects"; }
  done
}

# check_pdf F N: N signatures valid and trusted for pdfsig; qpdf and
# pdfa-check clean; the embedded XML unchanged.
check_pdf() {
  local f=$1 n=$2
  pdfsig -nssdir "sql:$work/nss" "$f" >"$work/pdfsig" 2>&1
  [ "$(grep -c 'Signature is Valid' "$work/pdfsig")" = "$n" ] && ok || { fail "pdfsig: not $n valid signatures in $(basename "$f")"; cat "$work/pdfsig"; }
  [ "$(grep -c 'Certificate is Trusted' "$work/pdfsig")" = "$n" ] && ok || { fail "pdfsig: not $n trusted certificates in $(basename "$f")"; cat "$work/pdfsig"; }
  qpdf --check "$f" >"$work/qpdf" 2>&1 && ok || { fail "qpdf --check $(basename "$f")"; cat "$work/qpdf"; }
  "$bin" pdfa-check "$f" >"$work/pdfa" && ok || { fail "pdfa-check $(basename "$f")"; grep -v ^PASS "$work/pdfa"; }
  "$bin" extract "$f" >"$work/now.xml" && cmp -s "$work/now.xml" "$work/original.xml" && ok || fail "the embedded XML changed in $(basename "$f")"
}

# check_doc_timestamp F FIELD: the document timestamp in FIELD covers its byte
# ranges, for openssl ts -verify with the test root.
check_doc_timestamp() {
  local f=$1 field=$2 obj a b c d
  obj=$(mutool show "$f" trailer/Root/AcroForm/Fields 2>/dev/null | tr -d '[]' | grep -oE '[0-9]+ 0 R' | awk '{ print $1 }' |
    while read -r o; do mutool show "$f" "$o" | grep -qF "/T ($field)" && echo "$o"; done)
  [ -n "$obj" ] || { fail "no field $field in $(basename "$f")"; return; }
  mutool show "$f" "$obj/V" >"$work/dts" 2>&1
  grep -q '/Type /DocTimeStamp' "$work/dts" && grep -q '/SubFilter /ETSI.RFC3161' "$work/dts" && ok || { fail "$field is not an ETSI.RFC3161 document timestamp"; cat "$work/dts"; }
  read -r a b c d < <(perl -0777 -ne '/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/ and print "$1 $2 $3 $4\n"' "$work/dts")
  signed_parts "$f" "$a" "$b" "$c" "$d" "$work/ts-data" "$work/ts.der"
  openssl ts -verify -data "$work/ts-data" -in "$work/ts.der" -token_in -CAfile "$certs/test-only-root-ca.pem" \
    -untrusted "$certs/test-only-issuing-ca.pem" >"$work/tsv" 2>&1 && grep -q 'Verification: OK' "$work/tsv" &&
    ok || { fail "openssl ts -verify: $field of $(basename "$f")"; cat "$work/tsv"; }
}

# refuse NAME EXIT CODE -- command...: exits EXIT with [CODE], writes nothing.
refuse() {
  local name=$1 want=$2 code=$3
  shift 4
  rm -f "$work/x.pdf"
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  if [ "$rc" -eq "$want" ] && grep -qF "[$code]" "$work/err"; then ok; else fail "$name: exit $rc, expected $want [$code]"; cat "$work/err"; fi
  [ -e "$work/x.pdf" ] && fail "$name: a refused command wrote a file" || ok
}
sign() { "$bin" -q sign "$@" --password-file "$pw"; }

# --- B-LT, three times, the last one locking the document.
sign "$work/s0.pdf" -o "$work/lt1.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --tsa "$tsa" --ltv && ok || fail "B-LT signature 1"
check_pdf "$work/lt1.pdf" 1
check_dss "$work/lt1.pdf" 2 1
sign "$work/lt1.pdf" -o "$work/lt2.pdf" --role justerare --p12 "$certs/test-only-jonsson.p12" --tsa "$tsa" --ltv && ok || fail "B-LT signature 2"
check_pdf "$work/lt2.pdf" 2
refuse certify-justerare 3 sign-not-last -- sign "$work/lt1.pdf" -o "$work/x.pdf" --role justerare --p12 "$certs/test-only-jonsson.p12" --certify
refuse certify-too-early 3 sign-not-last -- sign "$work/lt1.pdf" -o "$work/x.pdf" --role sekreterare --p12 "$certs/test-only-hillborg.p12" --certify
sign "$work/lt2.pdf" -o "$work/lt3.pdf" --role sekreterare --p12 "$certs/test-only-hillborg.p12" --tsa "$tsa" --ltv --certify && ok || fail "B-LT signature 3 with --certify"
check_pdf "$work/lt3.pdf" 3
check_dss "$work/lt3.pdf" 6 1
grep -a -q '/TransformMethod /FieldMDP' "$work/lt3.pdf" && ok || fail "--certify wrote no FieldMDP reference"
# The lock is in the new signature, not written into the existing field (which
# would change the field after the justerare signed, as pyHanko sees it).
[ "$(grep -a -c '/SigFieldLock' "$work/lt3.pdf")" = 0 ] && ok || fail "--certify changed the sekreterare's field (/Lock)"
[ "$(grep -a -c '/SigFieldLock' "$work/lt2.pdf")" = 0 ] && ok || fail "a lock without --certify"

# --- B-LTA: validation data for every signature, then a document timestamp; twice.
"$bin" -q timestamp "$work/lt3.pdf" -o "$work/lta.pdf" --tsa "$tsa" --ltv && ok || fail "timestamp --ltv"
check_pdf "$work/lta.pdf" 3
check_dss "$work/lta.pdf" 8 1
check_doc_timestamp "$work/lta.pdf" justera_ts_1
"$bin" -q timestamp "$work/lta.pdf" -o "$work/lta2.pdf" --tsa "$tsa" --ltv && ok || fail "timestamp --ltv, again"
check_pdf "$work/lta2.pdf" 3
check_doc_timestamp "$work/lta2.pdf" justera_ts_1
check_doc_timestamp "$work/lta2.pdf" justera_ts_2
cmp -s "$work/lta.pdf" <(head -c "$(stat -c %s "$work/lta.pdf")" "$work/lta2.pdf") && ok || fail "the second timestamp changed earlier bytes"
# The progress lines in the language asked for: English by default, with
# UTC; Swedish under --lang sv, with Swedish time and its offset.
"$bin" timestamp "$work/lt3.pdf" -o "$work/lta-en.pdf" --tsa "$tsa" --ltv 2>"$work/progress-en" && ok || fail "timestamp --ltv (progress)"
grep -q "^justera: OCSP for .*: good at [0-9-]* [0-9:]* UTC (http" "$work/progress-en" && ok || { fail "no English OCSP line"; cat "$work/progress-en"; }
grep -q "^justera: validation data: [0-9]* certificates, [0-9]* OCSP responses" "$work/progress-en" && ok || { fail "no English summary line"; cat "$work/progress-en"; }
"$bin" --lang sv timestamp "$work/lt3.pdf" -o "$work/lta-sv.pdf" --tsa "$tsa" --ltv 2>"$work/progress-sv" && ok || fail "timestamp --ltv in Swedish"
grep -q "^justera: OCSP-svar för .*: inte spärrat, enligt svaret från [0-9-]* [0-9:]* (UTC+[12]) (http" "$work/progress-sv" && ok \
  || { fail "no Swedish OCSP line"; cat "$work/progress-sv"; }
grep -q "^justera: valideringsdata: [0-9]* certifikat, [0-9]* OCSP-svar" "$work/progress-sv" && ok || { fail "no Swedish summary line"; cat "$work/progress-sv"; }
grep -q "OCSP for\|CRL for\|issuer of\|validation data\| UTC (\| signed \| wrote " "$work/progress-sv" && { fail "English in the Swedish progress lines"; cat "$work/progress-sv"; } || ok
# A changed byte in what the first document timestamp covers (the DSS's
# /Type, same length, still parses): a new timestamp is refused.
perl -0777 -pe 's{/Type /DSS}{/Type /DSs}' "$work/lta.pdf" >"$work/lta-tampered.pdf"
cmp -s "$work/lta.pdf" "$work/lta-tampered.pdf" && fail "tampering changed nothing" || ok
refuse tampered-lta 3 sign-existing-invalid -- "$bin" timestamp "$work/lta-tampered.pdf" -o "$work/x.pdf" --tsa "$tsa"
refuse timestamp-unreachable 5 sign-timestamp-failed -- "$bin" timestamp "$work/lt3.pdf" -o "$work/x.pdf" --tsa http://127.0.0.1:9/

# --- Revocation data from files only (--no-fetch): an OCSP response fetched by
# openssl's own client, the CRLs, the root.
openssl ocsp -issuer "$certs/test-only-issuing-ca.pem" -cert "$certs/test-only-ojanne.pem" -url http://127.0.0.1:28461/ocsp \
  -CAfile "$certs/test-only-root-ca.pem" -respout "$work/ojanne.ocsp" >"$work/oc" 2>&1 && grep -q ': good' "$work/oc" && ok || { fail "openssl ocsp against the test responder"; cat "$work/oc"; }
before=$(grep -c ' /ocsp' "$work/server.log")
sign "$work/s0.pdf" -o "$work/files.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --tsa "$tsa" --ltv --no-fetch \
  --ocsp "$work/ojanne.ocsp" --crl "$certs/test-only-issuing-ca.crl" --crl "$certs/test-only-root-ca.crl" --ca-certs "$certs/test-only-root-ca.pem" &&
  ok || fail "--ltv --no-fetch with files"
[ "$(grep -c ' /ocsp' "$work/server.log")" = "$before" ] && ok || fail "--no-fetch asked the OCSP responder"
[ "$(objects "$work/files.pdf" OCSPs | wc -l)" = 1 ] && [ "$(objects "$work/files.pdf" CRLs | wc -l)" = 2 ] && ok || fail "--no-fetch: not 1 OCSP response and 2 CRLs"
check_pdf "$work/files.pdf" 1
refuse no-fetch-no-files 5 sign-revocation-unavailable -- sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --tsa "$tsa" --ltv --no-fetch
refuse bad-crl-file 3 sign-revocation-data-invalid -- sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --tsa "$tsa" --ltv --crl "$certs/test-only-root-ca.pem"
refuse ltv-without-tsa 4 usage -- sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --ltv

# --- Certificates nobody should sign with.
refuse revoked 3 sign-certificate-revoked -- sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare --p12 "$certs/test-only-jonsson-revoked.p12" --tsa "$tsa" --ltv
grep -qF 'keyCompromise' "$work/err" || grep -qF 'revoked 20' "$work/err" && ok || fail "the revocation message gives no time"
refuse expired 3 sign-certificate-expired -- sign "$work/s0.pdf" -o "$work/x.pdf" --role justerare --p12 "$certs/test-only-ojanne-expired.p12"
grep -qF '2021-01-01' "$work/err" && ok || fail "the expiry message gives no date"
refuse untrusted-ltv 5 sign-revocation-unavailable -- sign "$work/s0.pdf" -o "$work/x.pdf" --role sekreterare --p12 "$certs/test-only-hillborg-untrusted.p12" --tsa "$tsa" --ltv
# Without --ltv justera does not judge trust when signing; pdfsig, asking the
# responder, reports what a reader must know.
sign "$work/s0.pdf" -o "$work/revoked.pdf" --role justerare --p12 "$certs/test-only-jonsson-revoked.p12" && ok || fail "B-B with the revoked certificate"
pdfsig -nssdir "sql:$work/nss" "$work/revoked.pdf" >"$work/pdfsig" 2>&1
grep -q 'Certificate has been Revoked' "$work/pdfsig" && ok || { fail "pdfsig does not see the revocation"; cat "$work/pdfsig"; }
sign "$work/s0.pdf" -o "$work/untrusted.pdf" --role sekreterare --p12 "$certs/test-only-hillborg-untrusted.p12" && ok || fail "B-B with the untrusted certificate"
pdfsig -nssdir "sql:$work/nss" "$work/untrusted.pdf" >"$work/pdfsig" 2>&1
grep -q "Certificate issuer isn't Trusted" "$work/pdfsig" && ok || { fail "pdfsig trusts the untrusted certificate"; cat "$work/pdfsig"; }

# --- justera verify on what was built here: the report's shape is checked by
# python3-jsonschema against schemas/verify-report.schema.json.
root="$certs/test-only-root-ca.pem"
# verdict FILE WANT-EXIT WANT-VERDICT [verify options]
verdict() {
  local f=$1 want_rc=$2 want=$3
  shift 3
  /usr/bin/env -u http_proxy "$bin" verify --json --trust "$root" "$@" "$f" >"$work/report.json" 2>"$work/verify.err"
  local rc=$?
  [ "$rc" = "$want_rc" ] && grep -q "^  \"verdict\": \"$want\"" "$work/report.json" && ok ||
    { fail "verify $(basename "$f"): exit $rc, expected $want_rc $want"; head -c 3000 "$work/report.json"; cat "$work/verify.err"; }
  /usr/bin/jsonschema -i "$work/report.json" "$src/schemas/verify-report.schema.json" >"$work/schema.out" 2>&1 && ok ||
    { fail "the report of $(basename "$f") does not match the schema"; head -20 "$work/schema.out"; }
}
verdict "$work/lta2.pdf" 0 TOTAL_PASSED
for who in '"protocol_name": "Alexander Ojanne"' '"protocol_name": "Jan Jönsson"' '"protocol_name": "Magnus Hillborg"' '"level": "B-LTA"' '"lock_permissions": 2'; do
  grep -qF "$who" "$work/report.json" && ok || fail "the B-LTA report lacks $who"
done
# The certificates carry the full given names: each matched by the name in use.
[ "$(grep -c '"name_match": "name_in_use"' "$work/report.json")" -eq 3 ] && ok || fail "the B-LTA report does not say the three names matched by the name in use"
verdict "$work/lt3.pdf" 0 TOTAL_PASSED
verdict "$work/lt1.pdf" 2 INDETERMINATE
grep -qF '"id": "missing_signers"' "$work/report.json" && ok || fail "lt1: the missing signers are not reported"
# --online on a B-T file (no DSS): the signer's status from the issuing CA's
# OCSP responder, the issuing CA's from the root's CRL, which only the
# --trust anchor can check. Without --online: TRY_LATER.
sign "$work/s0.pdf" -o "$work/bt1.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --tsa "$tsa" && ok || fail "sign bt1"
verdict "$work/bt1.pdf" 2 INDETERMINATE
grep -qF '"subindication": "TRY_LATER"' "$work/report.json" && ok || fail "bt1.pdf without --online: not TRY_LATER"
verdict "$work/bt1.pdf" 2 INDETERMINATE --online
grep -qF 'no revocation data' "$work/report.json" && { fail "bt1.pdf --online: revocation data still missing"; grep -F 'no revocation data' "$work/report.json"; } || ok
grep -qF "'justera TEST ONLY Issuing CA': CRL" "$work/report.json" && ok || fail "bt1.pdf --online: the issuing CA was not checked against the root's CRL"
verdict "$work/revoked.pdf" 2 INDETERMINATE --online
grep -qF '"subindication": "REVOKED_NO_POE"' "$work/report.json" && ok || fail "revoked.pdf: not REVOKED_NO_POE"
verdict "$work/untrusted.pdf" 2 INDETERMINATE
grep -qF '"subindication": "NO_CERTIFICATE_CHAIN_FOUND"' "$work/report.json" && ok || fail "untrusted.pdf: not NO_CERTIFICATE_CHAIN_FOUND"
verdict "$work/lta-tampered.pdf" 1 TOTAL_FAILED
verdict "$work/s0.pdf" 2 INDETERMINATE
# Several files at once: one line each and a total; the worst verdict decides the exit code.
"$bin" verify --trust "$root" "$work/lta2.pdf" "$work/lt3.pdf" "$work/lta-tampered.pdf" >"$work/many.txt" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q '^3 files: 2 passed, 1 failed, 0 indeterminate' "$work/many.txt" && ok || { fail "verify of three files: exit $rc"; cat "$work/many.txt"; }

# --- No partial output: the signer killed while it waits for a slow TSA, and a
# write that fails past a file-size limit.
start_server "$work/slow.port" --delay 5 --max 5 --seconds 60
slow="http://127.0.0.1:$(awk '{ print $2 }' "$work/slow.port")/"
mkdir "$work/out-dir"
"$bin" -q sign "$work/s0.pdf" -o "$work/out-dir/killed.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw" --tsa "$slow" &
victim=$!
sleep 1
kill -9 "$victim" 2>/dev/null
wait "$victim" 2>/dev/null
[ -z "$(ls -A "$work/out-dir")" ] && ok || { fail "a killed signer left files"; ls -la "$work/out-dir"; }
( ulimit -f 64; "$bin" sign "$work/s0.pdf" -o "$work/out-dir/big.pdf" --role justerare --p12 "$certs/test-only-ojanne.p12" --password-file "$pw" ) 2>"$work/err"
rc=$?
[ "$rc" -eq 5 ] && grep -qF '[output-unwritable]' "$work/err" && ok || { fail "a failed write: exit $rc"; cat "$work/err"; }
[ -z "$(ls -A "$work/out-dir")" ] && ok || { fail "a failed write left files"; ls -la "$work/out-dir"; }
cmp -s "$work/s0.pdf" "$work/s0.copy" && ok || fail "the input changed"

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
