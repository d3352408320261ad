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
# Fixed validity, whatever day the script runs: the samples are signed with
# times of their own (SOURCE_DATE_EPOCH, 2024), and a signature cannot claim
# a time before its certificate was issued (verify says so). The CAs from
# 2019, the others from 2023; all until 2045.
ca_dates=(-startdate 20190101000000Z -enddate 20451231000000Z)
dates=(-startdate 20230101000000Z -enddate 20451231000000Z)
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
# Every certificate is issued by 'openssl ca' from a database of its CA, with
# the dates above (and the CRLs are made from the databases).
# cadb DIR: an empty database, its serial numbers starting at a random one
cadb() { mkdir -p "$1"; : >"$1/index.txt"; openssl rand -hex 16 >"$1/serial"; printf '01\n' >"$1/crlnumber"; }
# issue EXTENSIONS CA-CERT CA-KEY CSR OUT [openssl ca options...] (CA-CERT "self": self-signed)
issue() {
  local ext=$1 cacert=$2 cakey=$3 csr=$4 out=$5
  shift 5
  local signer_cert=(-cert "$cacert")
  [ "$cacert" = self ] && signer_cert=(-selfsign)
  openssl ca -batch -notext -config "$work/ca.cnf" -extfile "$work/ca.cnf" -extensions "$ext" "${signer_cert[@]}" -keyfile "$cakey" \
    -passin env:JUSTERA_TEST_PW -preserveDN -utf8 -in "$csr" -out "$out" "$@" 2>/dev/null
}
subject() { printf '/C=SE/O=justera TEST ONLY/serialNumber=%s/GN=%s/SN=%s/CN=%s %s' "$3" "$1" "$2" "$1" "$2"; }

export JUSTERA_CA_DIR="$work/root-db"
cadb "$JUSTERA_CA_DIR"
key test-only-root-ca.key.pem
openssl req -new -key test-only-root-ca.key.pem -passin env:JUSTERA_TEST_PW -subj "/C=SE/O=justera TEST ONLY/CN=justera TEST ONLY Root CA" \
  -out "$work/root.csr"
issue root self test-only-root-ca.key.pem "$work/root.csr" test-only-root-ca.pem "${ca_dates[@]}"

key test-only-issuing-ca.key.pem
openssl req -new -key test-only-issuing-ca.key.pem -passin env:JUSTERA_TEST_PW -subj "/C=SE/O=justera TEST ONLY/CN=justera TEST ONLY Issuing CA" \
  -out "$work/issuing.csr"
issue issuing test-only-root-ca.pem test-only-root-ca.key.pem "$work/issuing.csr" test-only-issuing-ca.pem "${ca_dates[@]}"

export JUSTERA_CA_DIR="$work/issuing-db"
cadb "$JUSTERA_CA_DIR"

# signer FILE-STEM "Given Names" "Surname" SERIAL
signer() {
  local stem=$1 given=$2 surname=$3 serial=$4
  key "test-only-$stem.key.pem"
  openssl req -new -key "test-only-$stem.key.pem" -passin env:JUSTERA_TEST_PW -utf8 \
    -subj "/C=SE/O=justera TEST ONLY/serialNumber=$serial/GN=$given/SN=$surname/CN=$given $surname" -out "$work/$stem.csr"
  issue signer test-only-issuing-ca.pem test-only-issuing-ca.key.pem "$work/$stem.csr" "test-only-$stem.pem" "${dates[@]}"
  openssl pkcs12 -export -inkey "test-only-$stem.key.pem" -in "test-only-$stem.pem" -certfile test-only-issuing-ca.pem \
    -passin env:JUSTERA_TEST_PW -passout env:JUSTERA_TEST_PW -name "$given $surname (TEST ONLY)" -out "test-only-$stem.p12"
}
# The time-stamping authority the tests run on 127.0.0.1 (RFC 3161).
key test-only-tsa.key.pem
openssl req -new -key test-only-tsa.key.pem -passin env:JUSTERA_TEST_PW -subj "/C=SE/O=justera TEST ONLY/CN=justera TEST ONLY TSA" \
  -out "$work/tsa.csr"
issue tsa test-only-issuing-ca.pem test-only-issuing-ca.key.pem "$work/tsa.csr" test-only-tsa.pem "${dates[@]}"

signer ojanne "Johan Alexander Emanuel" "Ojanne" "TEST-197001010001"
signer jonsson "Jan Oskar" "Jönsson" "TEST-197001010002"
signer hillborg "Carl Magnus" "Hillborg" "TEST-197001010003"

# The sekreterare again with an ECDSA P-256 key, for the tests of EC signing.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-256-cbc -pass env:JUSTERA_TEST_PW -out test-only-hillborg-ec.key.pem 2>/dev/null
openssl req -new -key test-only-hillborg-ec.key.pem -passin env:JUSTERA_TEST_PW -utf8 \
  -subj "/C=SE/O=justera TEST ONLY/serialNumber=TEST-197001010003/GN=Carl Magnus/SN=Hillborg/CN=Carl Magnus Hillborg" -out "$work/ec.csr"
issue signer test-only-issuing-ca.pem test-only-issuing-ca.key.pem "$work/ec.csr" test-only-hillborg-ec.pem "${dates[@]}"
# The OCSP responder of the issuing CA (delegated, with id-pkix-ocsp-nocheck).
key test-only-ocsp.key.pem
openssl req -new -key test-only-ocsp.key.pem -passin env:JUSTERA_TEST_PW -subj "/C=SE/O=justera TEST ONLY/CN=justera TEST ONLY OCSP responder" \
  -out "$work/ocsp.csr"
issue ocsp test-only-issuing-ca.pem test-only-issuing-ca.key.pem "$work/ocsp.csr" test-only-ocsp.pem "${dates[@]}"

export JUSTERA_CA_DIR="$work/issuing-db"
# Expired: Alexander Ojanne's previous certificate, valid 2020 to 2021.
key test-only-ojanne-expired.key.pem
openssl req -new -key test-only-ojanne-expired.key.pem -passin env:JUSTERA_TEST_PW -utf8 \
  -subj "$(subject 'Johan Alexander Emanuel' Ojanne TEST-197001010001)" -out "$work/expired.csr"
issue signer test-only-issuing-ca.pem test-only-issuing-ca.key.pem "$work/expired.csr" test-only-ojanne-expired.pem \
  -startdate 20200101000000Z -enddate 20210101000000Z
# Revoked: a second certificate of Jan Jönsson, revoked for key compromise.
key test-only-jonsson-revoked.key.pem
openssl req -new -key test-only-jonsson-revoked.key.pem -passin env:JUSTERA_TEST_PW -utf8 \
  -subj "$(subject 'Jan Oskar' 'Jönsson' TEST-197001010002)" -out "$work/revoked.csr"
issue signer test-only-issuing-ca.pem test-only-issuing-ca.key.pem "$work/revoked.csr" test-only-jonsson-revoked.pem "${dates[@]}"
openssl ca -config "$work/ca.cnf" -cert test-only-issuing-ca.pem -keyfile test-only-issuing-ca.key.pem -passin env:JUSTERA_TEST_PW \
  -revoke test-only-jonsson-revoked.pem -crl_reason keyCompromise 2>/dev/null
openssl ca -gencrl -config "$work/ca.cnf" -cert test-only-issuing-ca.pem -keyfile test-only-issuing-ca.key.pem \
  -passin env:JUSTERA_TEST_PW -crldays $days -out "$work/issuing.crl.pem" 2>/dev/null
openssl crl -in "$work/issuing.crl.pem" -outform DER -out test-only-issuing-ca.crl
# The root's CRL (nothing revoked), for the issuing CA's distribution point.
export JUSTERA_CA_DIR="$work/root-db"
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
openssl req -new -key "$work/rogue.key.pem" -passin env:JUSTERA_TEST_PW -subj "/C=SE/O=justera TEST ONLY/CN=justera TEST ONLY Untrusted Root" \
  -out "$work/rogue.csr"
issue root self "$work/rogue.key.pem" "$work/rogue.csr" test-only-untrusted-root.pem "${ca_dates[@]}"
key test-only-hillborg-untrusted.key.pem
openssl req -new -key test-only-hillborg-untrusted.key.pem -passin env:JUSTERA_TEST_PW -utf8 \
  -subj "$(subject 'Carl Magnus' Hillborg TEST-197001010003)" -out "$work/untrusted.csr"
issue signer test-only-untrusted-root.pem "$work/rogue.key.pem" "$work/untrusted.csr" test-only-hillborg-untrusted.pem "${dates[@]}"
openssl pkcs12 -export -inkey test-only-hillborg-untrusted.key.pem -in test-only-hillborg-untrusted.pem \
  -certfile test-only-untrusted-root.pem -passin env:JUSTERA_TEST_PW -passout env:JUSTERA_TEST_PW \
  -name "hillborg-untrusted (TEST ONLY)" -out test-only-hillborg-untrusted.p12

rm -f ./*.srl
echo "test PKI written to $(pwd) (TEST ONLY)"
