#!/usr/bin/env bash
# TEST ONLY. Makes the test PKI that justera's signing tests use: a root CA, an
# issuing CA, a time-stamping authority, an OCSP responder, the three signers
# of the seed protocols with e-ID-like subjects (full legal name, givenName,
# surname, serialNumber), and for the refusal tests an expired, a revoked and
# an untrusted certificate, with the CRLs of both CAs. Every key is
# encrypted with the password in test-only-password.txt, which is as public as
# this script. Never use any of this to sign a real protocol.
set -euo pipefail
cd "$(dirname "$0")"
days=7300
pass=test-only-password.txt
# The revocation services the certificates name (authorityInfoAccess, CRL
# distribution points) are those of tests/support/test_pki_server.cpp, run by
# the tests and the demo on this fixed loopback port (outside Linux's
# ephemeral range), so that tools nobody here wrote (pdfsig) can check them.
[ -f "$pass" ] || printf 'test-only-justera\n' >"$pass"
JUSTERA_TEST_PW=$(head -1 "$pass")
export JUSTERA_TEST_PW
work=$(mktemp -d)
export JUSTERA_CA_DIR="$work"
trap 'rm -rf "$work"' EXIT

cat >"$work/ca.cnf" <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[root]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[issuing]
basicConstraints = critical, CA:true, pathlen:0
authorityInfoAccess = caIssuers;URI:http://127.0.0.1:28461/root-ca.cer
crlDistributionPoints = URI:http://127.0.0.1:28461/root-ca.crl
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa]
basicConstraints = critical, CA:false
authorityInfoAccess = OCSP;URI:http://127.0.0.1:28461/ocsp, caIssuers;URI:http://127.0.0.1:28461/issuing-ca.cer
crlDistributionPoints = URI:http://127.0.0.1:28461/issuing-ca.crl
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[signer]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:http://127.0.0.1:28461/ocsp, caIssuers;URI:http://127.0.0.1:28461/issuing-ca.cer
crlDistributionPoints = URI:http://127.0.0.1:28461/issuing-ca.crl
[ocsp]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, OCSPSigning
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ca]
default_ca = issuing_db
[issuing_db]
database = $ENV::JUSTERA_CA_DIR/index.txt
serial = $ENV::JUSTERA_CA_DIR/serial
crlnumber = $ENV::JUSTERA_CA_DIR/crlnumber
new_certs_dir = $ENV::JUSTERA_CA_DIR
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
default_crl_days = 7300
[any]
commonName = supplied
CNF

key() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -aes-256-cbc -pass env:JUSTERA_TEST_PW -out "$1" 2>/dev/null; }

key test-only-root-ca.key.pem
openssl req -new -x509 -key test-only-root-ca.key.pem -passin env:JUSTERA_TEST_PW -days $days -sha256 \
  -subj "/C=SE/O=justera TEST ONLY/CN=justera TEST ONLY Root CA" -config "$work/ca.cnf" -extensions root \
  -out test-only-root-ca.pem

key test-only-issuing-ca.key.pem
openssl req -new -key test-only-issuing-ca.key.pem -passin env:JUSTERA_TEST_PW -subj "/C=SE/O=justera TEST ONLY/CN=justera TEST ONLY Issuing CA" \
  -out "$work/issuing.csr"
openssl x509 -req -in "$work/issuing.csr" -CA test-only-root-ca.pem -CAkey test-only-root-ca.key.pem -passin env:JUSTERA_TEST_PW \
  -CAcreateserial -days $days -sha256 -extfile "$work/ca.cnf" -extensions issuing -out test-only-issuing-ca.pem 2>/dev/null

# signer FILE-STEM "Given Names" "Surname" SERIAL
signer() {
  local stem=$1 given=$2 surname=$3 serial=$4
  key "test-only-$stem.key.pem"
  openssl req -new -key "test-only-$stem.key.pem" -passin env:JUSTERA_TEST_PW -utf8 \
    -subj "/C=SE/O=justera TEST ONLY/serialNumber=$serial/GN=$given/SN=$surname/CN=$given $surname" -out "$work/$stem.csr"
  openssl x509 -req -in "$work/$stem.csr" -CA test-only-issuing-ca.pem -CAkey test-only-issuing-ca.key.pem -passin env:JUSTERA_TEST_PW \
    -CAcreateserial -days $days -sha256 -extfile "$work/ca.cnf" -extensions signer -out "test-only-$stem.pem" 2>/dev/null
  openssl pkcs12 -export -inkey "test-only-$stem.key.pem" -in "test-only-$stem.pem" -certfile test-only-issuing-ca.pem \
    -passin env:JUSTERA_TEST_PW -passout env:JUSTERA_TEST_PW -name "$given $surname (TEST ONLY)" -out "test-only-$stem.p12"
}
# The time-stamping authority the tests run on 127.0.0.1 (RFC 3161).
key test-only-tsa.key.pem
openssl req -new -key test-only-tsa.key.pem -passin env:JUSTERA_TEST_PW -subj "/C=SE/O=justera TEST ONLY/CN=justera TEST ONLY TSA" \
  -out "$work/tsa.csr"
openssl x509 -req -in "$work/tsa.csr" -CA test-only-issuing-ca.pem -CAkey test-only-issuing-ca.key.pem -passin env:JUSTERA_TEST_PW \
  -CAcreateserial -days $days -sha256 -extfile "$work/ca.cnf" -extensions tsa -out test-only-tsa.pem 2>/dev/null

signer ojanne "Johan Alexander Emanuel" "Ojanne" "TEST-197001010001"
signer jonsson "Jan Oskar" "Jönsson" "TEST-197001010002"
signer hillborg "Carl Magnus" "Hillborg" "TEST-197001010003"

# The sekreterare again with an ECDSA P-256 key, for the tests of EC signing.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-256-cbc -pass env:JUSTERA_TEST_PW -out test-only-hillborg-ec.key.pem 2>/dev/null
openssl req -new -key test-only-hillborg-ec.key.pem -passin env:JUSTERA_TEST_PW -utf8 \
  -subj "/C=SE/O=justera TEST ONLY/serialNumber=TEST-197001010003/GN=Carl Magnus/SN=Hillborg/CN=Carl Magnus Hillborg" -out "$work/ec.csr"
openssl x509 -req -in "$work/ec.csr" -CA test-only-issuing-ca.pem -CAkey test-only-issuing-ca.key.pem -passin env:JUSTERA_TEST_PW \
  -CAcreateserial -days $days -sha256 -extfile "$work/ca.cnf" -extensions signer -out test-only-hillborg-ec.pem 2>/dev/null
# The OCSP responder of the issuing CA (delegated, with id-pkix-ocsp-nocheck).
key test-only-ocsp.key.pem
openssl req -new -key test-only-ocsp.key.pem -passin env:JUSTERA_TEST_PW -subj "/C=SE/O=justera TEST ONLY/CN=justera TEST ONLY OCSP responder" \
  -out "$work/ocsp.csr"
openssl x509 -req -in "$work/ocsp.csr" -CA test-only-issuing-ca.pem -CAkey test-only-issuing-ca.key.pem -passin env:JUSTERA_TEST_PW \
  -CAcreateserial -days $days -sha256 -extfile "$work/ca.cnf" -extensions ocsp -out test-only-ocsp.pem 2>/dev/null

# A CA database for 'openssl ca': backdated certificates, revocation and CRLs.
# cadb DIR: an empty database
cadb() { mkdir -p "$1"; : >"$1/index.txt"; printf '1000\n' >"$1/serial"; printf '01\n' >"$1/crlnumber"; }
# issue CA-CERT CA-KEY CSR OUT [openssl ca date options...]
issue() {
  local cacert=$1 cakey=$2 csr=$3 out=$4
  shift 4
  openssl ca -batch -notext -config "$work/ca.cnf" -extfile "$work/ca.cnf" -extensions signer -cert "$cacert" -keyfile "$cakey" \
    -passin env:JUSTERA_TEST_PW -preserveDN -in "$csr" -out "$out" "$@" 2>/dev/null
}
subject() { printf '/C=SE/O=justera TEST ONLY/serialNumber=%s/GN=%s/SN=%s/CN=%s %s' "$3" "$1" "$2" "$1" "$2"; }

export JUSTERA_CA_DIR="$work/issuing-db"
cadb "$JUSTERA_CA_DIR"
# Expired: Alexander Ojanne's previous certificate, valid 2020 to 2021.
key test-only-ojanne-expired.key.pem
openssl req -new -key test-only-ojanne-expired.key.pem -passin env:JUSTERA_TEST_PW -utf8 \
  -subj "$(subject 'Johan Alexander Emanuel' Ojanne TEST-197001010001)" -out "$work/expired.csr"
issue test-only-issuing-ca.pem test-only-issuing-ca.key.pem "$work/expired.csr" test-only-ojanne-expired.pem \
  -startdate 20200101000000Z -enddate 20210101000000Z
# Revoked: a second certificate of Jan Jönsson, revoked for key compromise.
key test-only-jonsson-revoked.key.pem
openssl req -new -key test-only-jonsson-revoked.key.pem -passin env:JUSTERA_TEST_PW -utf8 \
  -subj "$(subject 'Jan Oskar' 'Jönsson' TEST-197001010002)" -out "$work/revoked.csr"
issue test-only-issuing-ca.pem test-only-issuing-ca.key.pem "$work/revoked.csr" test-only-jonsson-revoked.pem -days $days
openssl ca -config "$work/ca.cnf" -cert test-only-issuing-ca.pem -keyfile test-only-issuing-ca.key.pem -passin env:JUSTERA_TEST_PW \
  -revoke test-only-jonsson-revoked.pem -crl_reason keyCompromise 2>/dev/null
openssl ca -gencrl -config "$work/ca.cnf" -cert test-only-issuing-ca.pem -keyfile test-only-issuing-ca.key.pem \
  -passin env:JUSTERA_TEST_PW -crldays $days -out "$work/issuing.crl.pem" 2>/dev/null
openssl crl -in "$work/issuing.crl.pem" -outform DER -out test-only-issuing-ca.crl
# The root's CRL (nothing revoked), for the issuing CA's distribution point.
export JUSTERA_CA_DIR="$work/root-db"
cadb "$JUSTERA_CA_DIR"
openssl ca -gencrl -config "$work/ca.cnf" -cert test-only-root-ca.pem -keyfile test-only-root-ca.key.pem \
  -passin env:JUSTERA_TEST_PW -crldays $days -out "$work/root.crl.pem" 2>/dev/null
openssl crl -in "$work/root.crl.pem" -outform DER -out test-only-root-ca.crl
for f in ojanne-expired jonsson-revoked; do
  openssl pkcs12 -export -inkey "test-only-$f.key.pem" -in "test-only-$f.pem" -certfile test-only-issuing-ca.pem \
    -passin env:JUSTERA_TEST_PW -passout env:JUSTERA_TEST_PW -name "$f (TEST ONLY)" -out "test-only-$f.p12"
done

# Untrusted: Carl Magnus Hillborg under a root nobody trusts (its key is thrown away).
export JUSTERA_CA_DIR="$work/rogue-db"
cadb "$JUSTERA_CA_DIR"
key "$work/rogue.key.pem"
openssl req -new -x509 -key "$work/rogue.key.pem" -passin env:JUSTERA_TEST_PW -days $days -sha256 \
  -subj "/C=SE/O=justera TEST ONLY/CN=justera TEST ONLY Untrusted Root" -config "$work/ca.cnf" -extensions root \
  -out test-only-untrusted-root.pem
key test-only-hillborg-untrusted.key.pem
openssl req -new -key test-only-hillborg-untrusted.key.pem -passin env:JUSTERA_TEST_PW -utf8 \
  -subj "$(subject 'Carl Magnus' Hillborg TEST-197001010003)" -out "$work/untrusted.csr"
issue test-only-untrusted-root.pem "$work/rogue.key.pem" "$work/untrusted.csr" test-only-hillborg-untrusted.pem -days $days
openssl pkcs12 -export -inkey test-only-hillborg-untrusted.key.pem -in test-only-hillborg-untrusted.pem \
  -certfile test-only-untrusted-root.pem -passin env:JUSTERA_TEST_PW -passout env:JUSTERA_TEST_PW \
  -name "hillborg-untrusted (TEST ONLY)" -out test-only-hillborg-untrusted.p12

rm -f ./*.srl
echo "test PKI written to $(pwd) (TEST ONLY)"
