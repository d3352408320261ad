#!/usr/bin/env bash
# The main job, end to end, on a bundled sample protocol (Socialnämnden,
# Protokoll 4/2024): parse the text, validate the canonical XML, render the
# tagged PDF/A-3a with the XML embedded, let the two justerare and the sekreterare
# sign it one after another with the TEST-ONLY keys in certs/, check the
# result with pdfsig, add validation data and a document timestamp for the
# archive, and print the fingerprint and what the protocol says.
# Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
# Every line and panel in one language: English, as these steps are
# written; 'JUSTERA_LANG=sv bash scripts/demo.sh' shows the tool in Swedish.
export JUSTERA_LANG=${JUSTERA_LANG:-en}
bash scripts/install-deps.sh
bash scripts/build.sh release
justera=build/release/justera
sample=tests/fixtures/seeds/000_9b82ca12656ff44a.txt
out=build/demo
mkdir -p "$out"

step() { printf '\n== %s\n' "$*"; }
step "1. Parse the protocol text into canonical XML"
echo "\$ justera parse $sample -o $out/protokoll.xml"
"$justera" parse "$sample" -o "$out/protokoll.xml"
step "2. Validate the XML against schemas/protokoll.xsd and for consistency"
echo "\$ justera validate $out/protokoll.xml"
"$justera" validate "$out/protokoll.xml"
step "3. Render the tagged PDF/A-3a (PDF/UA-1) that is published and signed, with the XML embedded"
echo "\$ justera render $out/protokoll.xml -o $out/protokoll.pdf"
"$justera" render "$out/protokoll.xml" -o "$out/protokoll.pdf"
step "4. Check the PDF's PDF/A-3a and PDF/UA-1 structure, rule by rule"
echo "\$ justera pdfa-check $out/protokoll.pdf"
"$justera" pdfa-check "$out/protokoll.pdf"
step "5. The justerare and the sekreterare sign, one after another, with timestamps (TEST-ONLY keys and TSA)"
pw=certs/test-only-password.txt
# The TEST-ONLY time-stamping authority of certs/ on 127.0.0.1, stopped when the demo ends.
build/release/justera_test_pki certs --port 28461 --max 200 --seconds 300 >"$out/tsa.port" &
tsa_pid=$!
trap 'kill "$tsa_pid" 2>/dev/null' EXIT
for _ in $(seq 50); do [ -s "$out/tsa.port" ] && break; sleep 0.1; done
[ -s "$out/tsa.port" ] || { echo "demo: the TEST-ONLY PKI server could not listen on 127.0.0.1:28461 (is the port in use?)" >&2; exit 1; }
tsa="http://127.0.0.1:$(awk '{ print $2 }' "$out/tsa.port")/"
echo "\$ justera sign $out/protokoll.pdf -o $out/signed-1.pdf --role justerare --p12 certs/test-only-ojanne.p12 --password-file $pw --tsa $tsa"
"$justera" sign "$out/protokoll.pdf" -o "$out/signed-1.pdf" --role justerare --p12 certs/test-only-ojanne.p12 --password-file "$pw" --tsa "$tsa"
echo "\$ justera sign $out/signed-1.pdf -o $out/signed-2.pdf --role justerare --p12 certs/test-only-jonsson.p12 --password-file $pw --tsa $tsa"
"$justera" sign "$out/signed-1.pdf" -o "$out/signed-2.pdf" --role justerare --p12 certs/test-only-jonsson.p12 --password-file "$pw" --tsa "$tsa"
echo "\$ justera sign $out/signed-2.pdf -o $out/protokoll-signerat.pdf --role sekreterare --p12 certs/test-only-hillborg.p12 --password-file $pw --tsa $tsa --certify"
"$justera" sign "$out/signed-2.pdf" -o "$out/protokoll-signerat.pdf" --role sekreterare --p12 certs/test-only-hillborg.p12 --password-file "$pw" --tsa "$tsa" --certify
step "6. Verify with poppler's pdfsig, trusting the TEST-ONLY root in a temporary NSS database"
nss=$(mktemp -d)
certutil -N -d "sql:$nss" --empty-password
certutil -A -d "sql:$nss" -n justera-test-root -t "CT,C,C" -i certs/test-only-root-ca.pem
pdfsig -nssdir "sql:$nss" "$out/protokoll-signerat.pdf" 2>/dev/null | grep -E 'Signature #|Common Name|Signing Time|Validation|Total'
rm -rf "$nss"
step "7. For the archive: validation data and a document timestamp (PAdES B-LTA)"
echo "\$ justera timestamp $out/protokoll-signerat.pdf -o $out/protokoll-arkiv.pdf --tsa $tsa --ltv"
"$justera" timestamp "$out/protokoll-signerat.pdf" -o "$out/protokoll-arkiv.pdf" --tsa "$tsa" --ltv
step "8. Fingerprint: the same for the XML file, its sha256sum, and the XML inside the signed PDF"
echo "\$ justera fingerprint $out/protokoll.xml $out/protokoll-signerat.pdf"
"$justera" fingerprint "$out/protokoll.xml" "$out/protokoll-signerat.pdf"
echo "\$ sha256sum $out/protokoll.xml"
sha256sum "$out/protokoll.xml"
step "9. What the protocol says"
echo "\$ justera info $out/protokoll-signerat.pdf"
"$justera" info "$out/protokoll-signerat.pdf"
step "10. Verify the archived protocol as a reader would, trusting only the TEST-ONLY root"
echo "\$ justera verify --trust certs/test-only-root-ca.pem $out/protokoll-arkiv.pdf --report-pdf $out/rapport.pdf"
"$justera" verify --trust certs/test-only-root-ca.pem "$out/protokoll-arkiv.pdf" --report-pdf "$out/rapport.pdf"
step "Done: $out/protokoll-signerat.pdf, signed three times; $out/protokoll-arkiv.pdf with validation data and a document timestamp; $out/rapport.pdf, the verification report to keep. 'build/release/justera --help' shows every command."
echo "To check it as a citizen would, in the browser: bash scripts/serve.sh, open http://127.0.0.1:8080/ and drop $out/protokoll-arkiv.pdf on the page."
