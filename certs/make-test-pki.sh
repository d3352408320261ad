#!/usr/bin/env bash
# TEST ONLY. Makes the test PKI that justera's signing tests use: a root CA, an
# issuing CA, and the three signers of the seed protocols with e-ID-like
# subjects (full legal name, givenName, surname, serialNumber). Every key is
# encrypted with the password in test-only-password.txt, which is as public as
# this script. Never use any of this to sign a real protocol.
set -euo pipefail
cd "$(dirname "$0")"
days=7300
pass=test-only-password.txt
[ -f "$pass" ] || printf 'test-only-justera\n' >"$pass"
JUSTERA_TEST_PW=$(head -1 "$pass")
export JUSTERA_TEST_PW
work=$(mktemp -d)
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
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[signer]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
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
rm -f ./*.srl
echo "test PKI written to $(pwd) (TEST ONLY)"
