#!/usr/bin/env bash
# TEST ONLY. Makes the two parties of the signature-service tests: the stand-in
# signature service's XML-signing certificate (it signs every SignResponse) and
# the requesting service's (justera's signing page signs every SignRequest).
# Both are self-signed: a Sweden Connect federation trusts them by their
# metadata, not by a chain. Keys are RSA 2048, encrypted with the password in
# test-only-password.txt. The signers' certificates the stand-in service issues
# come from the issuing CA of make-test-pki.sh. Never use any of this for real.
set -euo pipefail
cd "$(dirname "$0")"
JUSTERA_TEST_PW=$(head -1 test-only-password.txt)
export JUSTERA_TEST_PW
make() {
  local stem=$1 cn=$2
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -aes-256-cbc -pass env:JUSTERA_TEST_PW -out "test-only-$stem.key.pem" 2>/dev/null
  openssl req -new -x509 -key "test-only-$stem.key.pem" -passin env:JUSTERA_TEST_PW -days 7300 -sha256 -utf8 \
    -subj "/C=SE/O=justera TEST ONLY/CN=$cn" \
    -addext "keyUsage=critical,digitalSignature" -addext "basicConstraints=critical,CA:false" -out "test-only-$stem.pem"
}
make signservice "justera TEST ONLY stand-in signature service"
make requester "justera TEST ONLY signing page (requesting service)"
