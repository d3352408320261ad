#!/usr/bin/env bash
# deferred_sign_test.sh JUSTERA SOURCE_DIR TEST_PKI: two justerare and the
# sekreterare sign a rendered protocol with keys justera never holds.
# 'justera sign prepare' writes the bytes to be signed; openssl signs them
# (dgst for RSA, pkeyutl over the hash, ECDSA turned into r||s as an XML
# signature writes it, and a stand-in "service" that adds its own
# signing-certificate attribute); 'justera sign complete' embeds the result.
# pdfsig, mutool, openssl cms and justera verify must accept the outcome;
# every refusal (a PDF changed between the steps, a second completion, a
# wrong signature, certificate or name, attributes changed by a service)
# exits 3 with its code and writes nothing.
set -uo pipefail
bin=$1 src=$2 pki_bin=$3
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
j() { /usr/bin/env -u http_proxy "$bin" "$@"; }

j -q render "$src/tests/fixtures/seeds/004_187fbd7e2f1d6b52.txt" -o "$work/s0.pdf" 2>/dev/null || { echo "render failed"; exit 1; }
cp "$work/s0.pdf" "$work/rendered.pdf"
# Signed now: the timestamps are of now, and a signing time claimed before an
# earlier signature's timestamp is a timestamp order failure.
unset SOURCE_DATE_EPOCH

# The TEST-ONLY PKI services on 127.0.0.1:28461 (the port the certificates'
# OCSP and CRL URLs name): timestamps and OCSP for --ltv.
"$pki_bin" "$certs" --port 28461 --max 2000 --seconds 300 >"$work/pki.port" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/pki.port" ] && break; sleep 0.1; done
[ -s "$work/pki.port" ] || { echo "FAIL: the test PKI server did not start on 127.0.0.1:28461"; exit 1; }
tsa="http://127.0.0.1:28461/"

# refuse NAME CODE -- command...: exit 3, the code in the message.
refuse() {
  local name=$1 code=$2
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  if [ "$rc" -eq 3 ] && grep -qF "[$code]" "$work/err"; then ok; else fail "$name: exit $rc, expected 3 [$code]"; cat "$work/err"; fi
}
# The RSA key signs the bytes to be signed as 'openssl dgst -sign' does.
rsa_sign() {  # rsa_sign KEY TBS SIG
  openssl dgst -sha256 -sign "$1" -passin "file:$pw" -out "$3" "$2"
}

# --- 1. Alexander Ojanne: the certificate known at the preparation; openssl dgst.
j -q sign prepare "$work/s0.pdf" --role justerare --cert "$certs/test-only-ojanne.pem" --chain "$certs/test-only-issuing-ca.pem" \
  -o "$work/1.state" --tbs "$work/1.tbs" && ok || fail "prepare 1"
[ -s "$work/1.tbs" ] && [ "$(head -c 1 "$work/1.tbs" | od -An -tx1 | tr -d ' ')" = 31 ] && ok || fail "the bytes to be signed are not a DER SET"
openssl asn1parse -inform DER -in "$work/1.tbs" >"$work/1.asn" 2>&1 && ok || fail "openssl cannot read the signed attributes"
grep -q 'id-smime-aa-signingCertificateV2' "$work/1.asn" && grep -q 'messageDigest' "$work/1.asn" && ok ||
  { fail "the prepared attributes lack signing-certificate-v2 or message-digest"; cat "$work/1.asn"; }
grep -q 'signingTime' "$work/1.asn" && fail "a signing-time attribute was prepared" || ok
cmp -s "$work/s0.pdf" "$work/rendered.pdf" && ok || fail "prepare changed its input"
rsa_sign "$certs/test-only-ojanne.key.pem" "$work/1.tbs" "$work/1.sig" || fail "openssl dgst -sign"
state_before=$(sha256sum <"$work/1.state")
# A signature over other bytes is refused, and nothing is written.
printf 'x' | cat "$work/1.tbs" - >"$work/other.tbs"
rsa_sign "$certs/test-only-ojanne.key.pem" "$work/other.tbs" "$work/bad.sig"
refuse wrong-bytes sign-signature-invalid -- j sign complete "$work/1.state" --signature "$work/bad.sig" -o "$work/x.pdf"
# So is the right signature with another certificate than the one prepared for.
refuse other-cert sign-signature-invalid -- j sign complete "$work/1.state" --signature "$work/1.sig" --cert "$certs/test-only-jonsson.pem" -o "$work/x.pdf"
[ -e "$work/x.pdf" ] && fail "a refused completion wrote a file" || ok
[ "$state_before" = "$(sha256sum <"$work/1.state")" ] && ok || fail "a refused completion changed the state"
j -q sign complete "$work/1.state" --signature "$work/1.sig" --tsa "$tsa" --ltv -o "$work/s1.pdf" && ok || { fail "complete 1"; cat "$work/err"; }
grep -q '"completed": {' "$work/1.state" && ok || fail "the state is not marked completed"
refuse second-completion sign-state-used -- j sign complete "$work/1.state" --signature "$work/1.sig" -o "$work/x.pdf"
cmp -s <(head -c "$(stat -c %s "$work/s0.pdf")" "$work/s1.pdf") "$work/s0.pdf" && ok || fail "s0 is not a prefix of s1"

# add_signing_certificate TBS CERT OUT [extra|protect]: the SET OF Attribute
# with an ESS signing-certificate-v2 attribute (and with "extra" a
# signing-time one, which no service may add; with "protect" the
# CMSAlgorithmProtection the Sweden Connect reference service adds), sorted
# as DER wants a SET OF.
add_signing_certificate() {
  python3 - "$@" <<'PY'
import hashlib, subprocess, sys
tbs = open(sys.argv[1], "rb").read()
cert = subprocess.run(["openssl", "x509", "-in", sys.argv[2], "-outform", "DER"], capture_output=True, check=True).stdout
def tlv(tag, body):
    n = len(body)
    if n < 0x80: head = bytes([n])
    elif n < 0x100: head = bytes([0x81, n])
    else: head = bytes([0x82, n >> 8, n & 0xFF])
    return bytes([tag]) + head + body
def children(der):
    out, i = [], 0
    while i < len(der):
        l, k = der[i + 1], i + 2
        if l & 0x80:
            m = l & 0x7F
            l = int.from_bytes(der[k:k + m], "big")
            k += m
        out.append(der[i:k + l])
        i = k + l
    return out
assert tbs[0] == 0x31
body = tbs[2:] if tbs[1] < 0x80 else tbs[2 + (tbs[1] & 0x7F):]
attrs = children(body)
oid_v2 = bytes.fromhex("060b2a864886f70d010910022f")
ess = tlv(0x30, tlv(0x30, tlv(0x30, tlv(0x04, hashlib.sha256(cert).digest()))))
attrs.append(tlv(0x30, oid_v2 + tlv(0x31, ess)))
if len(sys.argv) > 4 and sys.argv[4] == "extra":
    signing_time = bytes.fromhex("06092a864886f70d010905")
    attrs.append(tlv(0x30, signing_time + tlv(0x31, tlv(0x17, b"240322100000Z"))))
if len(sys.argv) > 4 and sys.argv[4] == "protect":
    # CMSAlgorithmProtection (RFC 6211): SHA-256 and ECDSA with SHA-256.
    protection = bytes.fromhex("06092a864886f70d010934")
    value = tlv(0x30, tlv(0x30, bytes.fromhex("0609608648016503040201") + bytes.fromhex("0500")) +
                tlv(0xA1, bytes.fromhex("06082a8648ce3d040302")))
    attrs.append(tlv(0x30, protection + tlv(0x31, value)))
open(sys.argv[3], "wb").write(tlv(0x31, b"".join(sorted(attrs))))
PY
}

# info lists the fields by the names --field takes, and whose each is.
j info "$work/s1.pdf" >"$work/info.txt" 2>&1
grep -q 'justera_justerare_1  justerare Alexander Ojanne  signerat' "$work/info.txt" &&
  grep -q 'justera_justerare_2  justerare Jan Jönsson  osignerat' "$work/info.txt" && ok || { fail "info does not list the fields"; cat "$work/info.txt"; }

# --- 2. Jan Jönsson: only the field known at the preparation (as with a
# signature service that issues the certificate once he has authenticated);
# the service adds its signing-certificate attribute, the hash is signed with
# pkeyutl, and the certificate is given at the completion.
cp "$work/s1.pdf" "$work/p.pdf"
j -q sign prepare "$work/p.pdf" --role justerare --field justera_justerare_2 -o "$work/2.state" --tbs "$work/2.tbs" && ok || fail "prepare 2"
openssl asn1parse -inform DER -in "$work/2.tbs" >"$work/2.asn" 2>&1
grep -q 'signingCertificateV2' "$work/2.asn" && fail "a signing certificate was prepared without a certificate" || ok
# Signed as it is, the attributes do not name his certificate: not a PAdES signature.
openssl dgst -sha256 -binary "$work/2.tbs" >"$work/2.hash"
openssl pkeyutl -sign -inkey "$certs/test-only-jonsson.key.pem" -passin "file:$pw" -pkeyopt digest:sha256 \
  -in "$work/2.hash" -out "$work/2.bare.sig" && ok || fail "openssl pkeyutl -sign"
refuse no-signing-certificate sign-signature-invalid -- j sign complete "$work/2.state" --signature "$work/2.bare.sig" --cert "$certs/test-only-jonsson.pem" -o "$work/x.pdf"
# The stand-in service adds it, and signs the hash of its attributes.
add_signing_certificate "$work/2.tbs" "$certs/test-only-jonsson.pem" "$work/2.attrs" || fail "the stand-in service's attributes"
openssl dgst -sha256 -binary "$work/2.attrs" >"$work/2.hash"
openssl pkeyutl -sign -inkey "$certs/test-only-jonsson.key.pem" -passin "file:$pw" -pkeyopt digest:sha256 \
  -in "$work/2.hash" -out "$work/2.sig" && ok || fail "openssl pkeyutl -sign"
# Another person's certificate and signature: the name does not fit the field.
add_signing_certificate "$work/2.tbs" "$certs/test-only-hillborg.pem" "$work/2h.attrs"
rsa_sign "$certs/test-only-hillborg.key.pem" "$work/2h.attrs" "$work/2h.sig"
refuse wrong-person sign-name-mismatch -- j sign complete "$work/2.state" --signature "$work/2h.sig" --signed-attributes "$work/2h.attrs" \
  --cert "$certs/test-only-hillborg.pem" -o "$work/x.pdf"
j sign complete "$work/2.state" --signature "$work/2.sig" --signed-attributes "$work/2.attrs" -o "$work/x.pdf" >"$work/out" 2>"$work/err"
rc=$?; [ "$rc" = 4 ] && grep -qF '[usage]' "$work/err" && ok || { fail "no certificate: exit $rc, expected 4 [usage]"; cat "$work/err"; }
# The PDF changed between the steps (someone signed it meanwhile): stale.
cp "$work/p.pdf" "$work/p.keep"
cp "$work/s0.pdf" "$work/p.pdf"
refuse stale sign-state-stale -- j sign complete "$work/2.state" --signature "$work/2.sig" --signed-attributes "$work/2.attrs" \
  --cert "$certs/test-only-jonsson.pem" -o "$work/x.pdf"
[ -e "$work/x.pdf" ] && fail "a stale completion wrote a file" || ok
cp "$work/p.keep" "$work/p.pdf"
# A state edited to put the signature into another field gives another update
# than the one signed: refused. So is a damaged state.
sed 's/"field": "justera_justerare_2"/"field": "justera_sekreterare_1"/' "$work/2.state" >"$work/2.edited"
cmp -s "$work/2.edited" "$work/2.state" && fail "the state edit changed nothing" || ok
refuse edited-field sign-state-invalid -- j sign complete "$work/2.edited" --signature "$work/2.sig" --signed-attributes "$work/2.attrs" \
  --cert "$certs/test-only-jonsson.pem" -o "$work/x.pdf"
sed 's/"epoch": [0-9]*/"epoch": "soon"/' "$work/2.state" >"$work/2.bad"
refuse wrong-type sign-state-invalid -- j sign complete "$work/2.bad" --signature "$work/2.sig" --cert "$certs/test-only-jonsson.pem" -o "$work/x.pdf"
head -c 200 "$work/2.state" >"$work/2.cut"
refuse cut-state sign-state-invalid -- j sign complete "$work/2.cut" --signature "$work/2.sig" --cert "$certs/test-only-jonsson.pem" -o "$work/x.pdf"
# The certificate of one person for another's field is refused at the preparation too.
refuse prepare-other-field sign-name-mismatch -- j sign prepare "$work/p.pdf" --role justerare --field justera_justerare_2 \
  --cert "$certs/test-only-hillborg.pem" -o "$work/x.state" --tbs "$work/x.tbs"
# While one completion holds the state, another is refused.
refuse concurrent sign-state-used -- flock "$work/2.state" "$bin" sign complete "$work/2.state" --signature "$work/2.sig" \
  --signed-attributes "$work/2.attrs" --cert "$certs/test-only-jonsson.pem" -o "$work/x.pdf"
[ -e "$work/x.pdf" ] || [ -e "$work/x.state" ] && fail "a refusal wrote a file" || ok
j -q sign complete "$work/2.state" --signature "$work/2.sig" --signed-attributes "$work/2.attrs" --cert "$certs/test-only-jonsson.pem" \
  --chain "$certs/test-only-issuing-ca.pem" \
  --tsa "$tsa" --ltv -o "$work/s2.pdf" && ok || { fail "complete 2"; cat "$work/err"; }

# --- 3. Magnus Hillborg, sekreterare, ECDSA P-256: the service answers the
# signature as r||s and its own copy of the attributes with the
# signing-certificate attribute added (as a Sweden Connect service does).
j -q sign prepare "$work/s2.pdf" --role sekreterare --field justera_sekreterare_1 -o "$work/3.state" --tbs "$work/3.tbs" && ok || fail "prepare 3"
add_signing_certificate "$work/3.tbs" "$certs/test-only-hillborg-ec.pem" "$work/3.attrs" protect || fail "the stand-in service's attributes"
openssl asn1parse -inform DER -in "$work/3.attrs" >"$work/3.asn"
grep -q signingCertificateV2 "$work/3.asn" && grep -q -i 'algorithm.*protection\|1.2.840.113549.1.9.52' "$work/3.asn" && ok ||
  { fail "the service's attributes lack the certificate or the algorithm protection"; cat "$work/3.asn"; }
JUSTERA_PASSWORD= openssl dgst -sha256 -sign "$certs/test-only-hillborg-ec.key.pem" -passin "file:$pw" -out "$work/3.der" "$work/3.attrs" || fail "ECDSA sign"
# r||s, 32 bytes each, as XML signatures carry ECDSA values.
python3 - "$work/3.der" "$work/3.sig" <<'PY'
import sys
der = open(sys.argv[1], "rb").read()
assert der[0] == 0x30
i = 2 if der[1] < 0x80 else 2 + (der[1] & 0x7F)
parts = []
for _ in range(2):
    assert der[i] == 0x02
    n = der[i + 1]
    parts.append(int.from_bytes(der[i + 2:i + 2 + n], "big").to_bytes(32, "big"))
    i += 2 + n
open(sys.argv[2], "wb").write(b"".join(parts))
PY
[ "$(stat -c %s "$work/3.sig")" = 64 ] && ok || fail "r||s is not 64 bytes"
# A service that adds more than its certificate is refused.
add_signing_certificate "$work/3.tbs" "$certs/test-only-hillborg-ec.pem" "$work/3.more" extra
openssl dgst -sha256 -sign "$certs/test-only-hillborg-ec.key.pem" -passin "file:$pw" -out "$work/3.more.sig" "$work/3.more"
refuse attributes-added sign-attributes-changed -- j sign complete "$work/3.state" --signature "$work/3.more.sig" --signed-attributes "$work/3.more" \
  --cert "$certs/test-only-hillborg-ec.pem" -o "$work/x.pdf"
# The signing-certificate attribute must name the certificate that signed.
add_signing_certificate "$work/3.tbs" "$certs/test-only-jonsson.pem" "$work/3.other"
openssl dgst -sha256 -sign "$certs/test-only-hillborg-ec.key.pem" -passin "file:$pw" -out "$work/3.other.sig" "$work/3.other"
refuse other-signing-cert sign-signature-invalid -- j sign complete "$work/3.state" --signature "$work/3.other.sig" --signed-attributes "$work/3.other" \
  --cert "$certs/test-only-hillborg-ec.pem" -o "$work/x.pdf"
j -q sign complete "$work/3.state" --signature "$work/3.sig" --signed-attributes "$work/3.attrs" --cert "$certs/test-only-hillborg-ec.pem" \
  --chain "$certs/test-only-issuing-ca.pem" --tsa "$tsa" --ltv -o "$work/s3.pdf" && ok || { fail "complete 3"; cat "$work/err"; }

# --- What tools nobody here wrote say about the result.
mkdir "$work/nss"
certutil -N -d "sql:$work/nss" --empty-password
certutil -A -d "sql:$work/nss" -n test-root -t "CT,C,C" -i "$certs/test-only-root-ca.pem"
pdfsig -nssdir "sql:$work/nss" "$work/s3.pdf" >"$work/pdfsig" 2>&1
[ "$(grep -c 'Signature is Valid' "$work/pdfsig")" = 3 ] && ok || { fail "pdfsig: not 3 valid signatures"; cat "$work/pdfsig"; }
[ "$(grep -c 'Certificate is Trusted' "$work/pdfsig")" = 3 ] && ok || fail "pdfsig: not 3 trusted certificates"
mutool sign -v "$work/s3.pdf" >"$work/mutool" 2>&1
[ "$(grep -c -E 'The signature is valid|The document is unchanged' "$work/mutool")" = 3 ] && ok || { fail "mutool: not 3 valid"; cat "$work/mutool"; }
qpdf --check "$work/s3.pdf" >/dev/null 2>&1 && ok || fail "qpdf --check"
perl -0777 -ne 'while (/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g) { print "$1 $2 $3 $4\n" }' "$work/s3.pdf" >"$work/ranges"
k=0
while read -r a b c d; do
  k=$((k + 1))
  signed_parts "$work/s3.pdf" "$a" "$b" "$c" "$d" "$work/data$k" "$work/cms$k.der"
  openssl cms -verify -binary -inform DER -in "$work/cms$k.der" -content "$work/data$k" -CAfile "$certs/test-only-root-ca.pem" \
    -purpose any -cades -out /dev/null 2>"$work/cmserr" && ok || { fail "openssl cms -verify, signature $k"; cat "$work/cmserr"; }
done <"$work/ranges"
[ "$k" = 3 ] && ok || fail "$k signatures, expected 3"
j verify --json --trust "$certs/test-only-root-ca.pem" "$work/s3.pdf" >"$work/report.json" 2>"$work/verify.err"
rc=$?
[ "$rc" = 0 ] && grep -q '^  "verdict": "TOTAL_PASSED"' "$work/report.json" && ok ||
  { fail "verify: exit $rc, not TOTAL_PASSED"; head -c 3000 "$work/report.json"; cat "$work/verify.err"; }
for who in '"protocol_name": "Alexander Ojanne"' '"protocol_name": "Jan Jönsson"' '"protocol_name": "Magnus Hillborg"'; do
  grep -qF "$who" "$work/report.json" && ok || fail "the report does not name $who"
done
# The printed copy names each signer; the sekreterare's field was prepared
# with the protocol's name, the certificate checked against it.
pages=$(pdfinfo "$work/s3.pdf" | awk '/^Pages:/ { print $2 }')
pdftotext -enc UTF-8 -f "$pages" -l "$pages" "$work/s3.pdf" "$work/last.txt"
[ "$(grep -c 'Signerad digitalt' "$work/last.txt")" = 3 ] && ok || fail "not three visible appearances"

echo "deferred signing: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
